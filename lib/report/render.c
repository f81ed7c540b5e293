/*
 * Logic-less templates: a Mustache subset rendered over jansson values.
 *
 * A template is first parsed into a flat token list (text runs, variables,
 * section openers and closers; comments leave nothing), with the
 * standalone-line rules of the Mustache spec applied while parsing, and
 * each section opener pointing at its closer.  The renderer then walks
 * that list with a context stack.  Parsing is linear in the template;
 * nesting is capped at RENDER_MAX_DEPTH, and rendering has a work and an
 * output budget so that a hostile template cannot run away.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "plaindesk/render.h"
#include "plaindesk/storefs.h"
#include "plaindesk/text.h"

#define RENDER_MAX_DEPTH 100
#define RENDER_MAX_STEPS 100000000UL
#define RENDER_MAX_OUTPUT (256UL << 20)
#define RENDER_MAX_NAME 512
/* How much of a tag name an error message quotes. */
#define NAME_QUOTE_MAX 64

enum token_kind {
	TOK_TEXT,		/* literal template text */
	TOK_ESCAPED,		/* {{x}} */
	TOK_RAW,		/* {{{x}}} and {{&x}} */
	TOK_SECTION,		/* {{#x}} */
	TOK_INVERTED,		/* {{^x}} */
	TOK_CLOSE		/* {{/x}} */
};

struct token {
	enum token_kind kind;
	const char *str;	/* the text, or the tag's name */
	size_t len;
	size_t close;		/* sections: index of the matching closer */
	unsigned line;
};

struct parser {
	const char *src;
	size_t len, pos;
	unsigned line;
	/* Where the current line starts, and whether it holds only blanks. */
	size_t line_start;
	int line_blank;
	struct token *toks;
	size_t ntoks, cap;
	size_t open[RENDER_MAX_DEPTH];
	int depth;
};

struct renderer {
	const struct token *toks;
	enum render_escape esc;
	struct sbuf *out;
	size_t out_base;
	unsigned long steps;
	json_t *stack[RENDER_MAX_DEPTH + 1];
	int top;
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The first pat in s[0, n), or NULL.  Like memmem(), but it reads no
 * further than the match, which keeps sanitizer builds linear too.
 */
static const char *
find_str(const char *s, size_t n, const char *pat)
{
	size_t plen = strlen(pat);
	const char *end = s + n, *hit;

	while ((hit = memchr(s, pat[0], (size_t)(end - s)))) {
		if ((size_t)(end - hit) < plen)
			return NULL;
		if (memcmp(hit, pat, plen) == 0)
			return hit;
		s = hit + 1;
	}
	return NULL;
}

/* Copy a name for a message: at most NAME_QUOTE_MAX bytes, controls as '?'. */
static void
quote_name(char *buf, const char *name, size_t len)
{
	size_t i;

	if (len > NAME_QUOTE_MAX)
		len = NAME_QUOTE_MAX;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[i] = '\0';
}

static struct token *
add_token(struct parser *p, enum token_kind kind, const char *str,
	  size_t len, unsigned line)
{
	struct token *t;

	if (p->ntoks == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->toks = xrealloc(p->toks, p->cap * sizeof(*p->toks));
	}
	t = &p->toks[p->ntoks++];
	t->kind = kind;
	t->str = str;
	t->len = len;
	t->close = 0;
	t->line = line;
	return t;
}

/* Emit src[from, to) as text, keeping the line count and blank-line state. */
static void
add_text(struct parser *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (p->src[i] == '\n') {
			p->line++;
			p->line_start = i + 1;
			p->line_blank = 1;
		} else if (!is_blank(p->src[i])) {
			p->line_blank = 0;
		}
	}
	if (to > from)
		add_token(p, TOK_TEXT, p->src + from, to - from, p->line);
}

/*
 * A name is "." or dot-separated non-empty parts without blanks, braces
 * or control characters, and short enough that looking it up is cheap.
 */
static int
valid_name(const char *s, size_t len)
{
	if (len == 1 && s[0] == '.')
		return 1;
	if (len == 0 || len > RENDER_MAX_NAME || s[0] == '.' ||
	    s[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f || c == '{' || c == '}')
			return 0;
		if (c == '.' && i + 1 < len && s[i + 1] == '.')
			return 0;
	}
	return 1;
}

/*
 * A section, inverted, closing or comment tag alone on its line (blanks
 * around it) takes the whole line with it.  The blanks before the tag are
 * the tail of the last text token, since no tag has been seen on this
 * line; end is where the tag ends.  Returns whether the tag stood alone.
 */
static int
take_standalone(struct parser *p, size_t tag_start, size_t end)
{
	struct token *last;

	if (!p->line_blank)
		return 0;
	while (end < p->len && is_blank(p->src[end]))
		end++;
	if (end < p->len && p->src[end] == '\r' && end + 1 < p->len &&
	    p->src[end + 1] == '\n')
		end++;
	if (end < p->len && p->src[end] != '\n')
		return 0;
	if (tag_start > p->line_start) {
		last = &p->toks[p->ntoks - 1];
		last->len -= tag_start - p->line_start;
		if (last->len == 0)
			p->ntoks--;
	}
	if (end < p->len) {
		end++;
		p->line++;
	}
	p->pos = end;
	p->line_start = end;
	p->line_blank = 1;
	return 1;
}

static int
open_section(struct parser *p, enum token_kind kind, const char *name,
	     size_t len, unsigned line)
{
	char q[NAME_QUOTE_MAX + 1];

	if (p->depth == RENDER_MAX_DEPTH) {
		quote_name(q, name, len);
		return pd_error(PD_EDATA, "template line %u: section '%s' "
				"nested deeper than %d", line, q,
				RENDER_MAX_DEPTH);
	}
	p->open[p->depth++] = p->ntoks;
	add_token(p, kind, name, len, line);
	return 0;
}

static int
close_section(struct parser *p, const char *name, size_t len,
	      unsigned line)
{
	char q[NAME_QUOTE_MAX + 1], oq[NAME_QUOTE_MAX + 1];
	struct token *opener;

	quote_name(q, name, len);
	if (p->depth == 0)
		return pd_error(PD_EDATA, "template line %u: '{{/%s}}' "
				"closes no open section", line, q);
	opener = &p->toks[p->open[p->depth - 1]];
	if (opener->len != len || memcmp(opener->str, name, len) != 0) {
		quote_name(oq, opener->str, opener->len);
		return pd_error(PD_EDATA, "template line %u: '{{/%s}}' does "
				"not close '%s' (opened on line %u)", line, q,
				oq, opener->line);
	}
	opener->close = p->ntoks;
	p->depth--;
	add_token(p, TOK_CLOSE, name, len, line);
	return 0;
}

/* Parse the tag that starts at p->pos ("{{"). */
static int
parse_tag(struct parser *p)
{
	const char *src = p->src;
	size_t start = p->pos, q = start + 2, close, end;
	unsigned line = p->line;
	const char *closer = "}}", *hit;
	char sigil = 0, name_q[NAME_QUOTE_MAX + 1];
	size_t nb, ne;

	if (q < p->len && src[q] == '{') {
		sigil = '{';
		closer = "}}}";
		q++;
	} else {
		while (q < p->len && is_space(src[q]))
			q++;
		if (q < p->len && strchr("#^/!&>=", src[q]))
			sigil = src[q++];
	}
	if (sigil == '>')
		return pd_error(PD_EDATA, "template line %u: partials are not "
				"supported", line);
	if (sigil == '=')
		return pd_error(PD_EDATA, "template line %u: set-delimiter "
				"tags are not supported", line);
	hit = find_str(src + q, p->len - q, closer);
	if (!hit)
		return pd_error(PD_EDATA, "template line %u: unclosed tag "
				"'{{'", line);
	close = (size_t)(hit - src);
	end = close + strlen(closer);
	for (size_t i = start; i < end; i++)
		if (src[i] == '\n')
			p->line++;

	if (sigil == '!') {
		if (!take_standalone(p, start, end)) {
			p->pos = end;
			p->line_blank = 0;
		}
		return 0;
	}

	nb = q;
	ne = close;
	while (nb < ne && is_space(src[nb]))
		nb++;
	while (ne > nb && is_space(src[ne - 1]))
		ne--;
	if (!valid_name(src + nb, ne - nb)) {
		quote_name(name_q, src + nb, ne - nb);
		return pd_error(PD_EDATA, "template line %u: invalid tag name "
				"'%s'", line, name_q);
	}

	switch (sigil) {
	case '#':
	case '^':
	case '/':
		if (!take_standalone(p, start, end)) {
			p->pos = end;
			p->line_blank = 0;
		}
		if (sigil == '/')
			return close_section(p, src + nb, ne - nb, line);
		return open_section(p, sigil == '#' ? TOK_SECTION
				    : TOK_INVERTED, src + nb, ne - nb, line);
	default:
		add_token(p, sigil ? TOK_RAW : TOK_ESCAPED, src + nb, ne - nb,
			  line);
		p->pos = end;
		p->line_blank = 0;
		return 0;
	}
}

static int
parse_template(struct parser *p, const char *tmpl)
{
	const char *hit;
	int rc;

	memset(p, 0, sizeof(*p));
	p->src = tmpl;
	p->len = strlen(tmpl);
	p->line = 1;
	p->line_blank = 1;
	while (p->pos < p->len) {
		hit = find_str(p->src + p->pos, p->len - p->pos, "{{");
		if (!hit) {
			add_text(p, p->pos, p->len);
			p->pos = p->len;
			break;
		}
		add_text(p, p->pos, (size_t)(hit - p->src));
		p->pos = (size_t)(hit - p->src);
		if ((rc = parse_tag(p)))
			return rc;
	}
	if (p->depth > 0) {
		struct token *opener = &p->toks[p->open[p->depth - 1]];
		char q[NAME_QUOTE_MAX + 1];

		quote_name(q, opener->str, opener->len);
		return pd_error(PD_EDATA, "template line %u: unclosed section "
				"'%s'", opener->line, q);
	}
	return 0;
}

/*
 * One step of a dotted name: an object's member, or an array's element
 * when the part is a decimal index.
 */
static json_t *
member(const json_t *v, const char *key, size_t len)
{
	size_t idx = 0;

	if (json_is_object(v))
		return json_object_getn(v, key, len);
	if (!json_is_array(v) || len == 0 || len > 9 ||
	    (len > 1 && key[0] == '0'))
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (key[i] < '0' || key[i] > '9')
			return NULL;
		idx = idx * 10 + (size_t)(key[i] - '0');
	}
	return json_array_get(v, idx);
}

/*
 * Resolve a name as the spec says: "." is the top of the context stack;
 * otherwise the first part is looked up from the top of the stack down,
 * and the remaining parts only in what it found.  NULL when not found.
 */
static json_t *
lookup(struct renderer *r, const char *name, size_t len)
{
	const char *dot = memchr(name, '.', len);
	size_t part = dot ? (size_t)(dot - name) : len;
	json_t *v = NULL;

	if (len == 1 && name[0] == '.')
		return r->stack[r->top - 1];
	/* Walking the stack is work too: the next charge() counts it. */
	for (int i = r->top - 1; i >= 0 && !v; i--, r->steps++)
		v = member(r->stack[i], name, part);
	while (v && part < len) {
		r->steps++;
		name += part + 1;
		len -= part + 1;
		dot = memchr(name, '.', len);
		part = dot ? (size_t)(dot - name) : len;
		v = member(v, name, part);
	}
	return v;
}

/* JavaScript's truthiness, which the spec's "!!data" refers to. */
static int
truthy(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
	case JSON_TRUE:
		return 1;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return 0;
	}
}

/*
 * A real as JavaScript prints it: the fewest significant digits that read
 * back as the same double, in plain notation for exponents -7 < e < 21.
 * The digits come from "%.*e" so the locale's decimal point never shows.
 */
static void
add_real(struct sbuf *out, double d)
{
	char sci[40], digits[20];
	int prec, exp10, ndig = 0, n;
	char *e;

	if (d == 0.0) {
		sbuf_addc(out, '0');
		return;
	}
	if (d < 0) {
		sbuf_addc(out, '-');
		d = -d;
	}
	for (prec = 0; prec < 17; prec++) {
		snprintf(sci, sizeof(sci), "%.*e", prec, d);
		if (strtod(sci, NULL) == d)
			break;
	}
	e = strchr(sci, 'e');
	if (!e) {
		/* inf or nan: jansson refuses them, but be safe. */
		sbuf_adds(out, sci);
		return;
	}
	exp10 = atoi(e + 1);
	for (char *s = sci; s < e; s++)
		if (*s >= '0' && *s <= '9')
			digits[ndig++] = *s;
	while (ndig > 1 && digits[ndig - 1] == '0')
		ndig--;

	/* n is where the decimal point goes, counted in digits. */
	n = exp10 + 1;
	if (n >= ndig && n <= 21) {
		sbuf_add(out, digits, (size_t)ndig);
		for (int i = ndig; i < n; i++)
			sbuf_addc(out, '0');
	} else if (n > 0 && n <= 21) {
		sbuf_add(out, digits, (size_t)n);
		sbuf_addc(out, '.');
		sbuf_add(out, digits + n, (size_t)(ndig - n));
	} else if (n > -6 && n <= 0) {
		sbuf_adds(out, "0.");
		for (int i = n; i < 0; i++)
			sbuf_addc(out, '0');
		sbuf_add(out, digits, (size_t)ndig);
	} else {
		sbuf_addc(out, digits[0]);
		if (ndig > 1) {
			sbuf_addc(out, '.');
			sbuf_add(out, digits + 1, (size_t)(ndig - 1));
		}
		sbuf_addf(out, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
}

static void
add_html(struct sbuf *out, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		const char *ent;

		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		sbuf_add(out, s + run, i - run);
		sbuf_adds(out, ent);
		run = i + 1;
	}
	sbuf_add(out, s + run, len - run);
}

/*
 * Interpolate v: strings as they are, numbers as JavaScript prints them,
 * true/false, nothing for null or a miss, objects and arrays as compact
 * JSON.  escape is the render_escape of {{x}}, -1 for {{{x}}}.
 */
static void
add_value(struct sbuf *out, const json_t *v, int escape)
{
	struct sbuf tmp;
	const char *s = NULL;
	size_t len = 0;
	char *dump = NULL;

	if (!v)
		return;
	sbuf_init(&tmp);
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	case JSON_INTEGER:
		sbuf_addf(&tmp, "%" JSON_INTEGER_FORMAT,
			  json_integer_value(v));
		break;
	case JSON_REAL:
		add_real(&tmp, json_real_value(v));
		break;
	case JSON_TRUE:
		s = "true";
		len = 4;
		break;
	case JSON_FALSE:
		s = "false";
		len = 5;
		break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (dump) {
			s = dump;
			len = strlen(dump);
		}
		break;
	default:
		break;
	}
	if (tmp.buf) {
		s = tmp.buf;
		len = tmp.len;
	}
	if (s && escape == RENDER_HTML)
		add_html(out, s, len);
	else if (s && escape == RENDER_MARKDOWN)
		md_add_escaped(out, s, len);
	else if (s)
		sbuf_add(out, s, len);
	free(dump);
	sbuf_release(&tmp);
}

static int
render_body(struct renderer *r, size_t first, size_t last);

/*
 * Count one unit of work and check the budgets: nested sections over
 * lists multiply, so a small template can otherwise ask for years.
 */
static int
charge(struct renderer *r, unsigned line)
{
	if (++r->steps > RENDER_MAX_STEPS)
		return pd_error(PD_EDATA, "template line %u: rendering takes "
				"too many steps (over %lu); check nested "
				"sections", line, RENDER_MAX_STEPS);
	if (r->out->len - r->out_base > RENDER_MAX_OUTPUT)
		return pd_error(PD_EDATA, "template line %u: output larger "
				"than %lu MiB", line, RENDER_MAX_OUTPUT >> 20);
	return 0;
}

/* Render the section opened at toks[i] with value v. */
static int
render_section(struct renderer *r, size_t i, json_t *v)
{
	const struct token *t = &r->toks[i];
	int rc = 0;

	if (t->kind == TOK_INVERTED) {
		if (!v || !truthy(v) ||
		    (json_is_array(v) && json_array_size(v) == 0))
			return render_body(r, i + 1, t->close);
		return 0;
	}
	if (json_is_array(v)) {
		for (size_t k = 0; k < json_array_size(v) && !rc; k++) {
			if ((rc = charge(r, t->line)))
				break;
			r->stack[r->top++] = json_array_get(v, k);
			rc = render_body(r, i + 1, t->close);
			r->top--;
		}
	} else if (v && truthy(v)) {
		r->stack[r->top++] = v;
		rc = render_body(r, i + 1, t->close);
		r->top--;
	}
	return rc;
}

/* Render toks[first, last); recursion is bounded by RENDER_MAX_DEPTH. */
static int
render_body(struct renderer *r, size_t first, size_t last)
{
	size_t i = first;
	int rc;

	while (i < last) {
		const struct token *t = &r->toks[i];

		if ((rc = charge(r, t->line)))
			return rc;
		switch (t->kind) {
		case TOK_TEXT:
			sbuf_add(r->out, t->str, t->len);
			break;
		case TOK_ESCAPED:
		case TOK_RAW:
			add_value(r->out, lookup(r, t->str, t->len),
				  t->kind == TOK_ESCAPED ? (int)r->esc : -1);
			break;
		case TOK_SECTION:
		case TOK_INVERTED:
			rc = render_section(r, i, lookup(r, t->str, t->len));
			if (rc)
				return rc;
			i = t->close;
			break;
		case TOK_CLOSE:
			break;
		}
		i++;
	}
	return 0;
}

/*
 * What a document shows may come from a hostile store (a record, a
 * register, a template): no control character but tab and newline
 * leaves the renderer, so none reaches a terminal or a mail reader.
 */
static void
clean_output(struct sbuf *out, size_t from)
{
	struct sbuf clean;
	char *p, *crlf;

	if (!out->buf)
		return;
	/* A NUL (from "\u0000" in a record) would end the text early. */
	{
		size_t o = from;

		for (size_t i = from; i < out->len; i++)
			if (out->buf[i])
				out->buf[o++] = out->buf[i];
		out->len = o;
		out->buf[o] = '\0';
	}
	sbuf_init(&clean);
	/* A template's CRLF line ends are its own, and kept. */
	for (p = out->buf + from; (crlf = strstr(p, "\r\n")); p = crlf + 2) {
		*crlf = '\0';
		text_add_clean(&clean, p, 0);
		sbuf_adds(&clean, "\r\n");
	}
	text_add_clean(&clean, p, 0);
	out->len = from;
	sbuf_add(out, clean.buf ? clean.buf : "", clean.len);
	sbuf_release(&clean);
}

int
render_template(const char *tmpl, json_t *ctx, enum render_escape esc,
		struct sbuf *out)
{
	struct parser p;
	struct renderer r;
	int rc;

	if ((rc = parse_template(&p, tmpl))) {
		free(p.toks);
		return rc;
	}
	memset(&r, 0, sizeof(r));
	r.toks = p.toks;
	r.esc = esc;
	r.out = out;
	r.out_base = out->len;
	r.stack[r.top++] = ctx;
	rc = render_body(&r, 0, p.ntoks);
	if (!rc)
		clean_output(out, r.out_base);
	if (rc && out->buf) {
		/* Leave out as it was, not half-written. */
		out->len = r.out_base;
		out->buf[out->len] = '\0';
	}
	free(p.toks);
	return rc;
}

/* Template and locale names are single path components, not hidden. */
static int
valid_component(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && !strchr(s, '/');
}

/*
 * Read template name into *text: the store's rel (store_root set) or the
 * installed path; 1 if it does not exist, else 0 or an error.
 */
static int
try_template(const char *store_root, const char *path, const char *name,
	     char **text)
{
	struct stat sb;
	size_t len;
	int rc;

	/* A store is shared: a template there that is a link could make a
	 * document print any file the reader can read. */
	if (store_root) {
		rc = storefs_read(store_root, path, text, &len);
	} else {
		if (lstat(path, &sb) < 0)
			return 1;
		if (!S_ISREG(sb.st_mode))
			return pd_error(PD_EDATA, "template '%s' (%s) is not a regular file",
					name, path);
		rc = read_file(path, text, &len);
	}
	if (rc == PD_ENOINPUT) {
		pd_clear_error();
		return 1;
	}
	if (rc)
		return rc;
	if (memchr(*text, '\0', len)) {
		free(*text);
		*text = NULL;
		return pd_error(PD_EDATA, "template '%s' (%s) contains a NUL "
				"byte", name, path);
	}
	return 0;
}

/*
 * What an HTML document may not hold (DESIGN §6: one self-contained
 * file, no scripts, no external resources): the first such construct in
 * a template, or NULL.  Compared without case; attributes that load or
 * link anything, and event handlers, count as well as the elements.
 */
static const char *
render_html_unsafe(const char *text)
{
	static const char *const banned[] = {
		"<script", "<iframe", "<frame", "<object", "<embed", "<link",
		"<base", "http-equiv", "<img", "<image", "<video", "<audio",
		"<source", "<track", "<form", "<use", "<foreignobject",
		"javascript:", "vbscript:", "@import", "url(", "expression(",
		"src=", "srcset=", "href=", "action=", "formaction=",
		"background=", "poster=", "data=", NULL
	};
	static char what[32];
	const char *p;
	size_t i;

	for (p = text; *p; p++) {
		for (i = 0; banned[i]; i++)
			if (!strncasecmp(p, banned[i], strlen(banned[i])))
				return banned[i];
		/* An event handler: onload=, onerror = ... after a space,
		 * quote or slash inside a tag. */
		if ((p[0] == 'o' || p[0] == 'O') && (p[1] == 'n' || p[1] == 'N') &&
		    p > text && strchr(" \t\n\r\"'/", p[-1])) {
			const char *q = p + 2;

			while (isalpha((unsigned char)*q))
				q++;
			while (*q == ' ' || *q == '\t' || *q == '\n' ||
			       *q == '\r')
				q++;
			if (q > p + 2 && *q == '=') {
				snprintf(what, sizeof(what), "%.*s=",
					 (int)((size_t)(q - p) < 24 ? q - p : 24), p);
				return what;
			}
		}
	}
	return NULL;
}

int
render_load_template(const char *store_root, const char *locale,
		     const char *name, char **text)
{
	char *paths[4];
	int n = 0, in_store = 0, rc = 1;

	*text = NULL;
	if (!locale)
		locale = "en";
	if (!valid_component(name))
		return pd_error(PD_EUSAGE, "invalid template name '%s'", name);
	if (!valid_component(locale))
		return pd_error(PD_EUSAGE, "invalid locale '%s'", locale);
	if (store_root) {
		paths[n++] = xasprintf("templates/%s/%s", locale, name);
		paths[n++] = xasprintf("templates/%s", name);
		in_store = n;
	}
	paths[n++] = xasprintf("%s/%s/%s", PD_TEMPLATEDIR, locale, name);
	if (strcmp(locale, "en") != 0)
		paths[n++] = xasprintf("%s/en/%s", PD_TEMPLATEDIR, name);
	for (int i = 0; i < n && rc == 1; i++) {
		const char *bad;

		rc = try_template(i < in_store ? store_root : NULL, paths[i],
				  name, text);
		/* A store's HTML template that would run or fetch anything
		 * is passed over for the installed one, with a warning. */
		if (rc == 0 && i < in_store && str_endswith(name, ".html") &&
		    (bad = render_html_unsafe(*text))) {
			pd_warn("%s: '%s' is not allowed in an HTML template; the installed template is used",
				paths[i], bad);
			free(*text);
			*text = NULL;
			rc = 1;
			i = in_store - 1;
		}
	}
	for (int i = 0; i < n; i++)
		free(paths[i]);
	if (rc == 1)
		return pd_error(PD_ENOINPUT, "no template '%s' for locale '%s'",
				name, locale);
	return rc;
}
