/*
 * Text in any charset to UTF-8, and made fit for a record: a declared
 * charset by GMime's names for it, undeclared text as UTF-8 when it is,
 * else by the store's fallback charsets (DESIGN §5 mail.fallback_charsets).
 */
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
	char *copy = xstrndup(data, len);

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

	if (charset && *charset) {
		const char *wide = superset(charset);

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
