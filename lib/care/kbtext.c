/*
 * Knowledge-base text: tokens, BM25 ranking with field weights, snippets
 * and the masking of contact details (see include/plaindesk/kbtext.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>
#include <uninorm.h>

#include "plaindesk/kbtext.h"
#include "plaindesk/text.h"

const double kb_field_weights[KB_NFIELDS] = {3, 2, 1, 1};

/* Is uc of a script written without spaces between words? */
static int
is_cjk(ucs4_t uc)
{
	static const uc_script_t *scripts[4];
	static const char *const names[4] = {
		"Han", "Hiragana", "Katakana", "Hangul"
	};
	const uc_script_t *sc;

	if (uc < 0x2E80)
		return 0;
	if (uc >= 0x4E00 && uc <= 0x9FFF)	/* the common Han block */
		return 1;
	if (!scripts[0])
		for (int i = 0; i < 4; i++)
			scripts[i] = uc_script_byname(names[i]);
	sc = uc_script(uc);
	for (int i = 0; sc && i < 4; i++)
		if (sc == scripts[i])
			return 1;
	return 0;
}

static int
is_word(ucs4_t uc)
{
	return uc_is_alnum(uc) || uc_is_general_category(uc, UC_CATEGORY_M);
}

/* text in NFKC and lower case (caller frees), or NULL. */
static char *
fold(const char *text, size_t *len)
{
	uint8_t *r = u8_tolower((const uint8_t *)text, strlen(text), NULL,
				UNINORM_NFKC, NULL, len);
	char *s;

	if (!r)
		return NULL;
	s = xmalloc(*len + 1);
	memcpy(s, r, *len);
	s[*len] = '\0';
	free(r);
	return s;
}

/* fn(tok, len, ctx) for each token of text, in order. */
static void
each_token(const char *text, void (*fn)(const char *, size_t, void *),
	   void *ctx)
{
	size_t len, i = 0;
	char *s = text ? fold(text, &len) : NULL;

	while (s && i < len) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
		size_t start = i, prev = i;
		int chars = 0;

		if (is_cjk(uc)) {
			/* Overlapping bigrams of the run. */
			while (i < len) {
				n = u8_mbtouc(&uc, (const uint8_t *)s + i,
					      len - i);
				if (!is_cjk(uc))
					break;
				if (chars++ > 0)
					fn(s + prev, i + (size_t)n - prev, ctx);
				prev = i;
				i += (size_t)n;
			}
			if (chars == 1)
				fn(s + start, i - start, ctx);
		} else if (is_word(uc)) {
			while (i < len) {
				n = u8_mbtouc(&uc, (const uint8_t *)s + i,
					      len - i);
				if (!is_word(uc) || is_cjk(uc))
					break;
				i += (size_t)n;
			}
			fn(s + start, i - start, ctx);
		} else {
			i += (size_t)n;
		}
	}
	free(s);
}

static void
add_token(const char *tok, size_t len, void *ctx)
{
	strlist_add_owned(ctx, xstrndup(tok, len));
}

void
kb_tokenize(const char *text, struct strlist *tokens)
{
	each_token(text, add_token, tokens);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
kb_scorer_init(struct kb_scorer *s, const char *query)
{
	struct strlist toks;
	size_t n = 0;

	memset(s, 0, sizeof(*s));
	strlist_init(&toks);
	kb_tokenize(query, &toks);
	if (toks.n)
		qsort(toks.items, toks.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < toks.n; i++) {
		if (n && !strcmp(toks.items[n - 1], toks.items[i])) {
			free(toks.items[i]);
			continue;
		}
		toks.items[n++] = toks.items[i];
	}
	s->terms = toks.items;
	s->nterms = n;
	s->df = xcalloc(n ? n : 1, sizeof(*s->df));
}

void
kb_scorer_release(struct kb_scorer *s)
{
	for (size_t i = 0; i < s->nterms; i++)
		free(s->terms[i]);
	free(s->terms);
	free(s->tf);
	free(s->dl);
	free(s->boost);
	free(s->df);
	memset(s, 0, sizeof(*s));
}

/* The index of the term (len bytes) in the query, or -1. */
static long
term_index(const struct kb_scorer *s, const char *term, size_t len)
{
	size_t lo = 0, hi = s->nterms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(s->terms[mid], term, len);

		if (!c && s->terms[mid][len])
			c = 1;

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Counting a field's tokens into the document being added. */
struct field_count {
	const struct kb_scorer *s;
	double *tf, weight;
	size_t tokens;
};

static void
count_token(const char *tok, size_t len, void *vctx)
{
	struct field_count *fc = vctx;
	long t = term_index(fc->s, tok, len);

	fc->tokens++;
	if (t >= 0)
		fc->tf[t] += fc->weight;
}

size_t
kb_scorer_add(struct kb_scorer *s, const char *const fields[KB_NFIELDS])
{
	size_t d = s->ndocs, nt = s->nterms ? s->nterms : 1;
	double *tf;

	if (s->ndocs == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->tf = xrealloc(s->tf, s->cap * nt * sizeof(*s->tf));
		s->dl = xrealloc(s->dl, s->cap * sizeof(*s->dl));
		s->boost = xrealloc(s->boost, s->cap * sizeof(*s->boost));
	}
	tf = s->tf + d * nt;
	memset(tf, 0, nt * sizeof(*tf));
	s->dl[d] = 0;
	s->boost[d] = 1;
	for (int f = 0; f < KB_NFIELDS; f++) {
		struct field_count fc = {s, tf, kb_field_weights[f], 0};

		each_token(fields[f], count_token, &fc);
		s->dl[d] += kb_field_weights[f] * (double)fc.tokens;
	}
	for (size_t t = 0; t < s->nterms; t++)
		if (tf[t] > 0)
			s->df[t]++;
	s->total_dl += s->dl[d];
	s->ndocs++;
	return d;
}

void
kb_scorer_boost(struct kb_scorer *s, size_t doc, double factor)
{
	if (doc < s->ndocs)
		s->boost[doc] *= factor;
}

double
kb_scorer_score(const struct kb_scorer *s, size_t doc)
{
	double avgdl, score = 0, n = (double)s->ndocs;
	const double *tf;

	if (doc >= s->ndocs || !s->nterms)
		return 0;
	avgdl = s->total_dl / n;
	tf = s->tf + doc * s->nterms;
	for (size_t t = 0; t < s->nterms; t++) {
		double df = (double)s->df[t], idf, norm;

		if (tf[t] <= 0)
			continue;
		idf = log(1 + (n - df + 0.5) / (df + 0.5));
		norm = 1 - KB_BM25_B + KB_BM25_B *
		       (avgdl > 0 ? s->dl[doc] / avgdl : 1);
		score += idf * tf[t] * (KB_BM25_K1 + 1) /
			 (tf[t] + KB_BM25_K1 * norm);
	}
	return score * s->boost[doc];
}

/* Byte offsets of the characters of valid UTF-8 s, and their count. */
static size_t *
char_offsets(const char *s, size_t *n)
{
	size_t len = strlen(s), *off = xcalloc(len + 1, sizeof(*off));

	*n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			off[(*n)++] = i;
	off[*n] = len;
	return off;
}

char *
kb_snippet(const char *text, const struct kb_scorer *s, size_t max)
{
	struct sbuf line, out;
	size_t nchars, *off, pos = 0, start, end, flen;
	char *folded;
	long best = -1;

	sbuf_init(&line);
	text_add_clean(&line, text ? text : "", 1);
	/* White space as single spaces, none at either end. */
	sbuf_init(&out);
	for (char *c = line.buf ? line.buf : ""; *c; c++)
		if (*c != ' ' || (out.len && out.buf[out.len - 1] != ' '))
			sbuf_addc(&out, *c);
	while (out.len && out.buf[out.len - 1] == ' ')
		out.buf[--out.len] = '\0';
	sbuf_release(&line);
	line = out;
	sbuf_init(&out);
	folded = fold(line.buf ? line.buf : "", &flen);
	for (size_t t = 0; folded && t < s->nterms; t++) {
		const char *hit = strstr(folded, s->terms[t]);

		if (hit && (best < 0 || hit - folded < best))
			best = hit - folded;
	}
	/* The character the hit begins at; folding keeps the count of
	 * characters but for rare ligatures, so this is close enough. */
	for (long i = 0; folded && i < best; i++)
		if (((unsigned char)folded[i] & 0xC0) != 0x80)
			pos++;
	free(folded);
	off = char_offsets(line.buf ? line.buf : "", &nchars);
	if (nchars <= max) {
		sbuf_adds(&out, line.buf ? line.buf : "");
	} else {
		start = pos > max / 4 ? pos - max / 4 : 0;
		if (start + max > nchars)
			start = nchars - max + 1;
		end = start + max - (start > 0) - 1;
		if (start > 0)
			sbuf_adds(&out, "…");
		sbuf_add(&out, line.buf + off[start], off[end] - off[start]);
		sbuf_adds(&out, "…");
	}
	free(off);
	sbuf_release(&line);
	return sbuf_detach(&out, NULL);
}

/*
 * Masking works on the characters of the text with full-width ASCII
 * (U+FF01..U+FF5E) and the ideographic space read as their ASCII forms.
 */
struct mchar {
	size_t off;		/* byte offset in the text */
	int c;			/* ASCII form, or 0x80 for anything else */
};

static int
ascii_form(ucs4_t uc)
{
	if (uc < 0x80)
		return (int)uc;
	if (uc >= 0xFF01 && uc <= 0xFF5E)
		return (int)(uc - 0xFF01 + 0x21);
	if (uc == 0x3000)
		return ' ';
	return 0x80;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_local_char(int c)
{
	return is_alnum(c) || (c && strchr("._%+-", c));
}

static int
is_domain_char(int c)
{
	return is_alnum(c) || c == '-' || c == '.';
}

/* An e-mail address around the '@' at i: its span [*from, *to). */
static int
email_at(const struct mchar *m, size_t n, size_t i, size_t *from, size_t *to)
{
	size_t a = i, b = i + 1, dot = 0;

	while (a > 0 && is_local_char(m[a - 1].c))
		a--;
	while (b < n && is_domain_char(m[b].c)) {
		if (m[b].c == '.')
			dot = b;
		b++;
	}
	/* The domain ends in a label, not a dot ("a@b.cn."). */
	while (b > i + 1 && (m[b - 1].c == '.' || m[b - 1].c == '-'))
		b--;
	if (a == i || dot <= i + 1 || dot >= b - 1)
		return 0;
	*from = a;
	*to = b;
	return 1;
}

/* Are these digits a mainland phone number?  intl: after +86 / 0086. */
static int
is_phone(const char *d, int intl)
{
	size_t n = strlen(d);

	if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9')
		return 1;	/* mobile */
	if (intl)
		return n >= 9 && n <= 11 && d[0] != '0';
	return n >= 11 && n <= 12 && d[0] == '0' && d[1] != '0';
}

/* A group of digits and where the number around it may begin and end. */
struct group {
	size_t from, to;	/* the digits */
	size_t lead;		/* with a "+" or "(" before it */
	size_t tail;		/* with a ")" after it */
};

/* The groups of digits from i on, joined by one separator each. */
static size_t
digit_groups(const struct mchar *m, size_t n, size_t i, struct group *g,
	     size_t max)
{
	size_t k = 0;

	while (k < max && i < n) {
		size_t lead = i;

		if (m[i].c == '(' || m[i].c == '+')
			i++;
		if (i < n && m[i].c == '+' && m[lead].c == '(')
			i++;
		if (i >= n || !is_digit(m[i].c))
			break;
		g[k].lead = lead;
		g[k].from = i;
		while (i < n && is_digit(m[i].c))
			i++;
		g[k].to = g[k].tail = i;
		if (i < n && m[i].c == ')')
			g[k].tail = ++i;
		/* A "(" belongs to the number only when it closes. */
		if (m[lead].c == '(' && g[k].tail == g[k].to)
			g[k].lead = m[lead + 1].c == '+' ? lead + 1 : g[k].from;
		k++;
		if (i + 1 < n && (m[i].c == ' ' || m[i].c == '-' ||
				  m[i].c == '.') &&
		    (is_digit(m[i + 1].c) || m[i + 1].c == '('))
			i++;
		else if (!(i < n && (is_digit(m[i].c) || m[i].c == '(')))
			break;
	}
	return k;
}

/* A phone number starting at group 0: its span, or 0. */
static int
phone_in(const struct mchar *m, const struct group *g, size_t k,
	 size_t *from, size_t *to)
{
	for (size_t j = k; j > 0; j--) {
		char d[40];
		size_t nd = 0;
		int intl = m[g[0].lead].c == '+' || m[g[0].lead + 1].c == '+';

		for (size_t q = 0; q < j; q++)
			for (size_t p = g[q].from; p < g[q].to && nd < 39; p++)
				d[nd++] = (char)m[p].c;
		d[nd] = '\0';
		if (nd >= 39)
			continue;
		if ((intl && !strncmp(d, "86", 2)) ||
		    (!intl && nd == 13 && !strncmp(d, "86", 2)))
			intl = 1, memmove(d, d + 2, nd - 1);
		else if (!strncmp(d, "0086", 4))
			intl = 1, memmove(d, d + 4, nd - 3);
		else if (intl)
			continue;	/* +1 ...: not a mainland number */
		if (is_phone(d, intl)) {
			*from = g[0].lead;
			*to = g[j - 1].tail;
			return 1;
		}
	}
	return 0;
}

/* The spans of the e-mail addresses in m, in order, not overlapping. */
static size_t
email_spans(const struct mchar *m, size_t n, size_t (*spans)[2])
{
	size_t k = 0, from, to;

	for (size_t i = 0; i < n; i++)
		if (m[i].c == '@' && email_at(m, n, i, &from, &to) &&
		    (k == 0 || from >= spans[k - 1][1])) {
			spans[k][0] = from;
			spans[k++][1] = to;
			i = to - 1;
		}
	return k;
}

char *
kb_mask(const char *text, const char *repl)
{
	size_t len = strlen(text), n = 0, i = 0, copied = 0, ne, e = 0;
	struct mchar *m = xcalloc(len + 1, sizeof(*m));
	size_t (*spans)[2];
	struct sbuf sb;

	while (i < len) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, (const uint8_t *)text + i, len - i);

		m[n].off = i;
		m[n++].c = ascii_form(uc);
		i += (size_t)k;
	}
	m[n].off = len;
	spans = xcalloc(n / 3 + 1, sizeof(*spans));
	ne = email_spans(m, n, spans);
	sbuf_init(&sb);
	for (i = 0; i < n; i++) {
		size_t next = e < ne ? spans[e][0] : n, from = i, to = i, k;
		struct group g[8];
		int found = 0;

		if (i == next) {
			to = spans[e++][1];
			found = 1;
		} else if ((is_digit(m[i].c) || m[i].c == '+' ||
			    m[i].c == '(') &&
			   (i == 0 || !is_alnum(m[i - 1].c)) &&
			   (k = digit_groups(m, n, i, g, 8)) > 0) {
			found = phone_in(m, g, k, &from, &to) && to <= next &&
				(to >= n || !is_alnum(m[to].c));
			if (!found)	/* past this run of digits */
				i = g[0].to - 1;
		}
		if (!found)
			continue;
		sbuf_add(&sb, text + copied, m[from].off - copied);
		sbuf_adds(&sb, repl);
		copied = m[to].off;
		i = to - 1;
	}
	sbuf_adds(&sb, text + copied);
	free(spans);
	free(m);
	return sbuf_detach(&sb, NULL);
}
