/*
 * Unit tests for lib/base/text.c: strict UTF-8, field limits, display widths
 * of CJK text, cleaning, cutting, and HTML and CSV escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/text.h"
#include "unit.h"

static struct sbuf out;

/* The helpers below return out's text, valid until the next call. */
static const char *
result(void)
{
	return out.buf ? out.buf : "";
}

static const char *
clean(const char *s, int one_line)
{
	out.len = 0;
	if (out.buf)
		out.buf[0] = '\0';
	text_add_clean(&out, s, one_line);
	return result();
}

static const char *
fit(const char *s, size_t width, int pad)
{
	out.len = 0;
	if (out.buf)
		out.buf[0] = '\0';
	text_add_fit(&out, s, width, pad);
	return result();
}

static const char *
html(const char *s)
{
	out.len = 0;
	if (out.buf)
		out.buf[0] = '\0';
	html_add_escaped(&out, s);
	return result();
}

static const char *
csv(const char *s, int raw)
{
	out.len = 0;
	if (out.buf)
		out.buf[0] = '\0';
	csv_add_cell(&out, s, raw);
	return result();
}

static int
valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void
test_utf8_valid(void)
{
	CHECK(valid(""));
	CHECK(valid("abc"));
	CHECK(valid("会议室 meeting room"));
	CHECK(valid("\xF0\x9F\x98\x80"));		/* U+1F600 */
	CHECK(valid("\xED\x9F\xBF"));			/* U+D7FF */
	CHECK(valid("\xEE\x80\x80"));			/* U+E000 */
	CHECK(valid("\xF4\x8F\xBF\xBF"));		/* U+10FFFF */
	CHECK(!valid("\xC0\xAF"));			/* overlong '/' */
	CHECK(!valid("\xC1\xBF"));
	CHECK(!valid("\xE0\x80\xAF"));
	CHECK(!valid("\xF0\x80\x80\xAF"));
	CHECK(!valid("\xED\xA0\x80"));			/* U+D800 */
	CHECK(!valid("\xED\xBF\xBF"));			/* U+DFFF */
	CHECK(!valid("\xF4\x90\x80\x80"));		/* U+110000 */
	CHECK(!valid("\xF5\x80\x80\x80"));
	CHECK(!valid("\xE4\xBC"));			/* truncated */
	CHECK(!valid("\xE4\xBC" "a"));
	CHECK(!valid("\x80"));				/* lone continuation */
	CHECK(!valid("\xFF"));
	CHECK(!utf8_valid("a\0b", 3));
	CHECK(utf8_valid("a\0b", 1));
	CHECK(!utf8_valid("会议", 4));			/* cut inside 议 */
	CHECK(utf8_valid("会议", 3));
	CHECK_INT(utf8_chars("会议室"), 3);
	CHECK_INT(utf8_chars("a会b"), 3);
	CHECK_INT(utf8_chars(""), 0);
}

static void
test_text_check(void)
{
	char title[700], *big;
	size_t i;

	pd_clear_error();
	CHECK_INT(text_check("title", "Projector failed in room 3", 1), 0);
	CHECK_INT(text_check("title", "a\tb", 1), 0);
	CHECK_INT(text_check("description", "line one\nline\ttwo\n", 0), 0);
	CHECK_INT(text_check("description", "", 0), 0);

	for (i = 0; i < 201; i++)
		title[i] = 'x';
	title[i] = '\0';
	CHECK_INT(text_check("title", title, 1), PD_EDATA);
	CHECK_STR(pd_errmsg(), "title: too long (201 characters, at most 200)");
	title[200] = '\0';
	CHECK_INT(text_check("title", title, 1), 0);

	/* The title limit counts characters, not bytes. */
	title[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(title, "会");
	CHECK_INT(text_check("title", title, 1), 0);
	strcat(title, "议");
	CHECK_INT(text_check("title", title, 1), PD_EDATA);
	CHECK_STR(pd_errmsg(), "title: too long (201 characters, at most 200)");

	CHECK_INT(text_check("description", "bad \xFF byte", 0), PD_EDATA);
	CHECK_STR(pd_errmsg(), "description: not valid UTF-8");
	CHECK_INT(text_check("title", "\xED\xA0\x80", 1), PD_EDATA);
	CHECK_STR(pd_errmsg(), "title: not valid UTF-8");

	CHECK_INT(text_check("title", "red \x1b[31mtext", 1), PD_EDATA);
	CHECK_STR(pd_errmsg(), "title: control character U+001B not allowed");
	CHECK_INT(text_check("title", "two\nlines", 1), PD_EDATA);
	CHECK_STR(pd_errmsg(), "title: newline not allowed in a title");
	CHECK_INT(text_check("description", "a\rb", 0), PD_EDATA);
	CHECK_STR(pd_errmsg(),
		  "description: control character U+000D not allowed");
	CHECK_INT(text_check("description", "del\x7f", 0), PD_EDATA);
	CHECK_STR(pd_errmsg(),
		  "description: control character U+007F not allowed");
	CHECK_INT(text_check("message", "c1 \xC2\x9B", 0), PD_EDATA);
	CHECK_STR(pd_errmsg(), "message: control character U+009B not allowed");

	big = malloc(TEXT_MAX_BYTES + 2);
	memset(big, 'a', TEXT_MAX_BYTES);
	big[TEXT_MAX_BYTES] = '\0';
	CHECK_INT(text_check("description", big, 0), 0);
	big[TEXT_MAX_BYTES] = 'a';
	big[TEXT_MAX_BYTES + 1] = '\0';
	CHECK_INT(text_check("description", big, 0), PD_EDATA);
	CHECK_STR(pd_errmsg(),
		  "description: too long (65537 bytes, at most 65536)");
	free(big);
}

static void
test_width(void)
{
	CHECK_INT(text_width(""), 0);
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("会议室"), 6);
	CHECK_INT(text_width("a会b"), 4);
	CHECK_INT(text_width("Room 3 会议室"), 13);
	CHECK_INT(text_width("한국어"), 6);			/* Hangul */
	CHECK_INT(text_width("カタカナ"), 8);
	CHECK_INT(text_width("ひらがな"), 8);
	CHECK_INT(text_width("\xEF\xBC\xA1\xEF\xBC\xA2"), 4);	/* ＡＢ */
	CHECK_INT(text_width("，。"), 4);			/* FF0C, 3002 */
	CHECK_INT(text_width("\xE3\x80\x80"), 2);		/* U+3000 */
	CHECK_INT(text_width("\xEF\xBF\xA5"), 2);		/* U+FFE5 */
	CHECK_INT(text_width("\xF0\x9F\x98\x80"), 2);		/* U+1F600 */
	CHECK_INT(text_width("\xF0\x9F\xA4\x94"), 2);		/* U+1F914 */
	CHECK_INT(text_width("\xF0\xA0\xAE\xB7"), 2);		/* U+20BB7 */
	CHECK_INT(text_width("e\xCC\x81"), 1);		/* e + U+0301 */
	CHECK_INT(text_width("a\xE2\x80\x8B" "b"), 2);	/* U+200B */
	CHECK_INT(text_width("\xE3\x81\x8B\xE3\x82\x99"), 2);	/* か + U+3099 */
	CHECK_INT(text_width("\xC3\xA9\xE2\x80\x94"), 2);	/* é — */
	CHECK_INT(text_width("a\xFF" "b"), 3);		/* invalid: 1 */
	CHECK_INT(text_width("a\x1b" "b"), 2);		/* control: 0 */
}

static void
test_clean(void)
{
	CHECK_STR(clean("plain 会议", 0), "plain 会议");
	CHECK_STR(clean("a\x1b[31mred\x1b[0m", 0), "a[31mred[0m");
	CHECK_STR(clean("tab\tand\nnewline", 0), "tab\tand\nnewline");
	CHECK_STR(clean("tab\tand\nnewline", 1), "tab and newline");
	CHECK_STR(clean("crlf\r\nend", 0), "crlf\nend");
	CHECK_STR(clean("crlf\r\nend\rcr", 1), "crlf end cr");
	CHECK_STR(clean("x\x7fy\xC2\x9Bz\x01", 0), "xyz");
	CHECK_STR(clean("a\xFF" "b", 0), "a\xEF\xBF\xBD" "b");
	/* One U+FFFD for a truncated sequence, one per byte otherwise. */
	CHECK_STR(clean("\xE4\xBC" "a", 0), "\xEF\xBF\xBD" "a");
	CHECK_STR(clean("\xED\xA0\x80", 0),
		  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK_STR(clean("\xC2\x80", 0), "");			/* U+0080 */
}

static void
test_fit(void)
{
	CHECK_STR(fit("会议室", 6, 1), "会议室");
	CHECK_STR(fit("会议室", 8, 1), "会议室  ");
	CHECK_STR(fit("会议室", 5, 1), "会议…");
	/* A wide character never straddles the limit: cut early, pad. */
	CHECK_STR(fit("会议室", 4, 1), "会… ");
	CHECK_STR(fit("会议室", 4, 0), "会…");
	CHECK_INT(text_width(fit("a会议室", 5, 1)), 5);
	CHECK_STR(fit("a会议室", 5, 1), "a会… ");
	CHECK_STR(fit("abcdef", 4, 0), "abc…");
	CHECK_STR(fit("abc", 6, 1), "abc   ");
	CHECK_STR(fit("abc", 6, 0), "abc");
	CHECK_STR(fit("abc", 3, 1), "abc");
	CHECK_STR(fit("会", 1, 1), "…");
	CHECK_STR(fit("abc", 0, 1), "");
	CHECK_STR(fit("e\xCC\x81" "e\xCC\x81" "e", 2, 0), "e\xCC\x81…");
	CHECK_STR(fit("a\tb\nc", 10, 0), "a b c");
	CHECK_STR(fit("\x1b[2Jhi", 4, 1), "[2J…");
	CHECK_STR(fit(NULL, 2, 1), "  ");
}

static void
test_html(void)
{
	CHECK_STR(html("<a href=\"x\">Tom & Jerry's</a>"),
		  "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	CHECK_STR(html("会议 & 培训"), "会议 &amp; 培训");
	CHECK_STR(html("plain"), "plain");
	CHECK_STR(html(""), "");
	CHECK_STR(html("&amp;"), "&amp;amp;");
}

static void
test_csv(void)
{
	CHECK_STR(csv("plain", 0), "plain");
	CHECK_STR(csv("会议室", 0), "会议室");
	CHECK_STR(csv("", 0), "");
	CHECK_STR(csv("a=b", 0), "a=b");
	CHECK_STR(csv("=cmd|' /C calc'!A0", 0), "'=cmd|' /C calc'!A0");
	CHECK_STR(csv("+1", 0), "'+1");
	CHECK_STR(csv("-1", 0), "'-1");
	CHECK_STR(csv("@SUM(A1:A9)", 0), "'@SUM(A1:A9)");
	CHECK_STR(csv("\tx", 0), "'\tx");
	CHECK_STR(csv("\rx", 0), "\"'\rx\"");
	CHECK_STR(csv("a,b", 0), "\"a,b\"");
	CHECK_STR(csv("a\"b", 0), "\"a\"\"b\"");
	CHECK_STR(csv("line\nbreak", 0), "\"line\nbreak\"");
	CHECK_STR(csv("=1,\"2\"", 0), "\"'=1,\"\"2\"\"\"");
	CHECK_STR(csv("=cmd", 1), "=cmd");
	CHECK_STR(csv("-5", 1), "-5");
	CHECK_STR(csv("a,b", 1), "\"a,b\"");
}

int
main(void)
{
	sbuf_init(&out);
	test_utf8_valid();
	test_text_check();
	test_width();
	test_clean();
	test_fit();
	test_html();
	test_csv();
	sbuf_release(&out);
	return unit_done("text");
}
