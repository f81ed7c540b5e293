/*
 * Text in any charset to UTF-8, and made fit for a record: a declared
 * charset by GMime's names for it, undeclared text as UTF-8 when it is,
 * else by the store's fallback charsets (DESIGN §5 mail.fallback_charsets).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gmime/gmime.h>

#include "plaindesk/mail.h"
#include "plaindesk/text.h"

#define CUT_MARK "[…]"

/*
 * Convert all of data from charset to UTF-8: the text, or NULL when
 * the charset is unknown or a byte sequence is not in it.
 */
static char *
convert_strict(const char *data, size_t len, const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	struct sbuf sb;
	char *in = (char *)data, buf[4096];
	size_t left = len;

	if (cd == (iconv_t)-1)
		return NULL;
	sbuf_init(&sb);
	for (;;) {
		char *out = buf;
		size_t room = sizeof(buf);
		size_t r = iconv(cd, left ? &in : NULL, left ? &left : NULL,
				 &out, &room);

		sbuf_add(&sb, buf, sizeof(buf) - room);
		if (r != (size_t)-1 && !left)
			break;
		if (r == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			sbuf_release(&sb);
			return NULL;
		}
	}
	iconv_close(cd);
	if (!sb.buf)
		sbuf_adds(&sb, "");
	/* A converter that lets a NUL or bad sequence through fails too. */
	if (!utf8_valid(sb.buf, sb.len)) {
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb, NULL);
}

/* The charset to read a declared one with: a superset where mail
 * clients are known to write more than they declare. */
static const char *
superset(const char *charset)
{
	static const char *const gb[] = {
		"gb2312", "gbk", "x-gbk", "cp936", "euc-cn", "x-euc-cn",
		"csgb2312", "gb_2312-80", "windows-936", NULL
	};

	for (int i = 0; gb[i]; i++)
		if (!strcasecmp(charset, gb[i]))
			return "GB18030";
	if (!strcasecmp(charset, "big5") || !strcasecmp(charset, "x-big5") ||
	    !strcasecmp(charset, "cn-big5"))
		return "BIG5-HKSCS";
	if (!strcasecmp(charset, "iso-8859-1") ||
	    !strcasecmp(charset, "latin1"))
		return "CP1252";
	return NULL;
}

/* Whatever can be read, the rest as U+FFFD. */
static char *
convert_lossy(const char *data, size_t len)
{
	struct sbuf sb;
	char *copy = xmalloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	sbuf_init(&sb);
	/* text_add_clean() keeps tab and newline and drops the rest of the
	 * controls, as mail_text_clean() will. */
	for (size_t i = 0; i < len; i++)
		if (!copy[i])
			copy[i] = ' ';
	text_add_clean(&sb, copy, 0);
	free(copy);
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

char *
mail_decode(const char *data, size_t len, const char *charset,
	    const struct mail_config *cfg)
{
	char *text = NULL;

	if (!data || !len)	/* an empty part has no bytes at all */
		return xstrdup("");
	if (charset && *charset) {
		const char *wide = superset(charset);

		mail_init();	/* GMime's names of charsets */

		if (wide)
			text = convert_strict(data, len, wide);
		if (!text)
			text = convert_strict(data, len,
					      g_mime_charset_iconv_name(charset));
		if (text)
			return text;
	}
	if (utf8_valid(data, len))
		return xstrndup(data, len);
	/* NUL bytes: binary, not text in another charset. */
	if (memchr(data, '\0', len))
		return convert_lossy(data, len);
	for (int i = 0; cfg && i < cfg->nfallback && !text; i++)
		text = convert_strict(data, len, cfg->fallback_charsets[i]);
	return text ? text : convert_lossy(data, len);
}

/* The start of the character that holds byte i of s (UTF-8). */
static size_t
char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

char *
mail_text_clean(const char *text)
{
	char *s = xstrdup(text);
	struct sbuf sb;
	size_t len, start = 0;

	len = text_unix_newlines(s, strlen(s));
	s[len] = '\0';
	sbuf_init(&sb);
	text_add_clean(&sb, s, 0);
	free(s);
	len = sb.len;
	/* White space at the end, and blank lines at the start, go. */
	while (len > 0 && strchr(" \t\n", sb.buf[len - 1]))
		len--;
	for (size_t i = 0; i < len && strchr(" \t\n", sb.buf[i]); i++)
		if (sb.buf[i] == '\n')
			start = i + 1;
	if (len - start > MAIL_TEXT_MAX) {
		len = start + char_start(sb.buf + start,
					 MAIL_TEXT_MAX - strlen(CUT_MARK));
		memcpy(sb.buf + len, CUT_MARK, strlen(CUT_MARK));
		len += strlen(CUT_MARK);
	}
	s = xstrndup(sb.buf ? sb.buf + start : "", len - start);
	sbuf_release(&sb);
	return s;
}

/* What mail_header_decode() has read but not yet converted. */
struct pending {
	struct sbuf bytes;
	char charset[64];	/* "" for raw text */
};

static void
flush_pending(struct pending *p, struct sbuf *out,
	      const struct mail_config *cfg)
{
	char *text;

	if (!p->bytes.len)
		return;
	text = mail_decode(p->bytes.buf, p->bytes.len, p->charset, cfg);
	sbuf_adds(out, text);
	free(text);
	sbuf_release(&p->bytes);
	sbuf_init(&p->bytes);
}

/* Add bytes in charset ("" raw), converting what came before in another. */
static void
add_pending(struct pending *p, const char *charset, const char *data,
	    size_t len, struct sbuf *out, const struct mail_config *cfg)
{
	if (strcasecmp(p->charset, charset)) {
		flush_pending(p, out, cfg);
		snprintf(p->charset, sizeof(p->charset), "%s", charset);
	}
	sbuf_add(&p->bytes, data, len);
}

static int
b64_value(int c)
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(set, c) : NULL;

	return p ? (int)(p - set) : -1;
}

/* The bytes of an encoded word's text, B (base64) or Q. */
static void
word_bytes(const char *text, size_t len, int b, struct sbuf *out)
{
	unsigned bits = 0;
	int nbits = 0;

	for (size_t i = 0; i < len; i++) {
		if (b) {
			int v = b64_value((unsigned char)text[i]);

			if (v < 0)
				continue;	/* padding, stray bytes */
			bits = bits << 6 | (unsigned)v;
			if ((nbits += 6) >= 8) {
				nbits -= 8;
				sbuf_addc(out, (int)(bits >> nbits) & 0xff);
			}
		} else if (text[i] == '_') {
			sbuf_addc(out, ' ');
		} else if (text[i] == '=' && i + 2 < len &&
			   isxdigit((unsigned char)text[i + 1]) &&
			   isxdigit((unsigned char)text[i + 2])) {
			char hex[3] = {text[i + 1], text[i + 2], 0};

			sbuf_addc(out, (int)strtol(hex, NULL, 16));
			i += 2;
		} else {
			sbuf_addc(out, text[i]);
		}
	}
}

/*
 * An encoded word "=?charset?B|Q?text?=" at s: its length, the charset
 * (without an RFC 2231 language) and the decoded bytes; 0 if none.
 */
static size_t
encoded_word(const char *s, char charset[64], int *b, const char **text,
	     size_t *tlen)
{
	const char *cs = s + 2, *q1, *q2, *end;

	if (strncmp(s, "=?", 2) || !(q1 = strchr(cs, '?')) || q1 == cs ||
	    (size_t)(q1 - cs) >= 64 || !strchr("BbQq", q1[1]) || !q1[1] ||
	    q1[2] != '?')
		return 0;
	q2 = q1 + 3;
	if (!(end = strstr(q2, "?=")) || strcspn(q2, " \t") < (size_t)(end - q2))
		return 0;
	snprintf(charset, 64, "%.*s", (int)strcspn(cs, "*?"), cs);
	*b = q1[1] == 'B' || q1[1] == 'b';
	*text = q2;
	*tlen = (size_t)(end - q2);
	return (size_t)(end + 2 - s);
}

char *
mail_header_decode(const char *raw, const struct mail_config *cfg)
{
	struct pending p = {.charset = ""};
	struct sbuf out, ws;
	int after_word = 0;

	sbuf_init(&out);
	sbuf_init(&ws);
	sbuf_init(&p.bytes);
	for (const char *s = raw ? raw : ""; *s;) {
		char charset[64];
		const char *text;
		size_t n, tlen;
		int b;

		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			if (*s == ' ' || *s == '\t')
				sbuf_addc(&ws, *s);
			s++;
		} else if ((n = encoded_word(s, charset, &b, &text, &tlen))) {
			struct sbuf bytes;

			/* White space between two encoded words goes. */
			if (!after_word && ws.len)
				add_pending(&p, "", ws.buf, ws.len, &out, cfg);
			sbuf_release(&ws);
			sbuf_init(&ws);
			sbuf_init(&bytes);
			word_bytes(text, tlen, b, &bytes);
			add_pending(&p, charset, bytes.buf ? bytes.buf : "",
				    bytes.len, &out, cfg);
			sbuf_release(&bytes);
			after_word = 1;
			s += n;
		} else {
			if (ws.len)
				add_pending(&p, "", ws.buf, ws.len, &out, cfg);
			sbuf_release(&ws);
			sbuf_init(&ws);
			add_pending(&p, "", s, 1, &out, cfg);
			after_word = 0;
			s++;
		}
	}
	flush_pending(&p, &out, cfg);
	sbuf_release(&p.bytes);
	sbuf_release(&ws);
	if (!out.buf)
		sbuf_adds(&out, "");
	return sbuf_detach(&out, NULL);
}
