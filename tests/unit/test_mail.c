/*
 * Unit tests for the pure parts of mail intake: the id rule and the key,
 * titles from subjects, [T-…] tags, what a reply adds, RFC 2047 header
 * words, charsets, HTML as text, cutting long text, addresses.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/mail.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/text.h"
#include "unit.h"

static struct mail_config cfg;

/* The helpers keep the last result, freed by the next call. */
static char *last;

static const char *
keep(char *s)
{
	free(last);
	last = s;
	return s;
}

static const char *
title(const char *subject)
{
	return keep(mail_title(subject));
}

static const char *
reply(const char *text)
{
	return keep(mail_reply_text(text));
}

static const char *
header(const char *raw)
{
	return keep(mail_header_decode(raw, &cfg));
}

static const char *
decode(const char *data, size_t len, const char *charset)
{
	return keep(mail_decode(data, len, charset, &cfg));
}

static const char *
html(const char *s)
{
	return keep(mail_html_text(s, strlen(s)));
}

static void
test_id_rule(void)
{
	char id[ID_LEN + 1];
	int32_t day = ymd_to_day(2026, 11, 20);
	time_t now = day_start(day) + 10 * 3600;

	CHECK_INT(mail_id_candidate("20261120.abc@acme.example", 0, day, id), 0);
	CHECK_STR(id, "T-261120-YY7RKB");
	mail_id_candidate("20261120.abc@acme.example", 1, day, id);
	CHECK_STR(id, "T-261120-5ZXQKK");
	mail_id_candidate("x", 0, ymd_to_day(2027, 1, 2), id);
	CHECK_STR(id, "T-270102-J90MA4");
	CHECK(mail_id_candidate("x", 0, ymd_to_day(2100, 1, 1), id) != 0);
	/* The Date: counts from 7 days before to 1 day after. */
	CHECK_INT(mail_id_day(now, 1, now - 7 * 86400), day - 7);
	CHECK_INT(mail_id_day(now, 1, now - 7 * 86400 - 1), day);
	CHECK_INT(mail_id_day(now, 1, now + 86400), day + 1);
	CHECK_INT(mail_id_day(now, 1, now + 86400 + 1), day);
	CHECK_INT(mail_id_day(now, 0, 0), day);
}

static void
test_key(void)
{
	struct mail_msg m;

	mail_msg_init(&m);
	m.from = "OPS@Acme.example";
	m.date_raw = "Fri, 20 Nov 2026 09:00:00 +0800";
	m.subject = "Hello";
	m.text = "Body text \n\n";
	CHECK_STR(keep(mail_key(&m)),
		  "sha256:d47bee52d89f08d41985271b931891e1180858cffc3c62a743f8e8e635214d5f");
	m.message_id = "a@b";
	CHECK_STR(keep(mail_key(&m)), "a@b");
}

static void
test_title(void)
{
	CHECK_STR(title("Re: Projector"), "Projector");
	CHECK_STR(title("RE: Fwd: re:FW: Projector"), "Projector");
	CHECK_STR(title("回复：转发: 投影仪故障"), "投影仪故障");
	CHECK_STR(title("答复: 回覆：自动答复: 空调"), "空调");
	CHECK_STR(title("Aw: Re : x"), "x");
	CHECK_STR(title("Re: [T-261120-8GJE08] 投影仪 [T-261120-BJETZD]"), "投影仪");
	CHECK_STR(title("Reply needed"), "Reply needed");
	CHECK_STR(title("Re Projector"), "Re Projector");
	CHECK_STR(title("自动回复: 不在"), "自动回复: 不在");
	CHECK_STR(title("  a \t b\u3000c  "), "a b c");
	CHECK_STR(title("Re: "), "");
	CHECK_STR(title(NULL), "");
	CHECK_STR(title("[T-261120-ZZZZZZ]"), "");
	/* Not a tag: a bad id stays. */
	CHECK_STR(title("[T-261120-UUUUUU] x"), "[T-261120-UUUUUU] x");
	{
		char s[700];

		memset(s, 'a', 300);
		s[300] = '\0';
		CHECK_INT(utf8_chars(title(s)), 200);
		strcpy(s, "Re: ");
		for (int i = 0; i < 210; i++)
			strcat(s, "字");
		CHECK_INT(utf8_chars(title(s)), 200);
	}
}

static void
test_tag(void)
{
	char id[16];
	const char *rest;

	rest = mail_subject_tag("Re: x [T-261120-8GJE08] [T-261120-BJETZD]", id);
	CHECK_STR(id, "T-261120-8GJE08");
	CHECK(rest && mail_subject_tag(rest, id));
	CHECK_STR(id, "T-261120-BJETZD");
	CHECK(!mail_subject_tag("[T-261320-8GJE08]", id));
	CHECK(!mail_subject_tag("[T-261120-8GJE0]", id));
	CHECK(!mail_subject_tag(NULL, id));
}

static void
test_reply(void)
{
	CHECK_STR(reply("Thanks!\n\nOn Fri, 20 Nov 2026, Desk <d@x> wrote:\n> old\n"),
		  "Thanks!");
	CHECK_STR(reply("Thanks!\n\nOn Fri, 20 Nov 2026 at 10:00, Desk <d@x>\nwrote:\n> old\n"),
		  "Thanks!");
	CHECK_STR(reply("好的\n\n在 2026-11-20 10:00，\"客服\" <d@x> 写道：\n> 旧\n"),
		  "好的");
	CHECK_STR(reply("ok\n\n-----Original Message-----\nFrom: x\n"), "ok");
	CHECK_STR(reply("ok\n------------------ 原始邮件 ------------------\n发件人: x\n"),
		  "ok");
	CHECK_STR(reply("ok\n\n发件人: service@desk.example\n发送时间: 2026\n"), "ok");
	CHECK_STR(reply("ok\n\n________________________________\nFrom: a\nSent: b\n"),
		  "ok");
	CHECK_STR(reply("ok\nFrom: a\nSent: b\nTo: c\n"), "ok");
	CHECK_STR(reply("line one\n> quoted\nline two\n-- \nsig\n"),
		  "line one\nline two");
	/* Nothing left but the quote: the whole text. */
	CHECK_STR(reply("> only quoted\n"), "> only quoted");
	CHECK_STR(reply("From: the start of a sentence.\n"),
		  "From: the start of a sentence.");
}

static void
test_header(void)
{
	/* Two base64 words, the first padded: joined as bytes. */
	CHECK_STR(header("=?gb2312?B?u+HS6crSzbbTsA==?=\r\n =?gb2312?B?0sfO3reov6q7+g==?="),
		  "会议室投影仪无法开机");
	/* A character split between two words of one charset. */
	CHECK_STR(header("=?UTF-8?B?5Lya?= =?UTF-8?B?6K6u?="), "会议");
	CHECK_STR(header("=?UTF-8?B?5Lw=?= =?UTF-8?B?mg==?="), "会");
	CHECK_STR(header("=?utf-8?Q?caf=C3=A9_au_lait?= ok"), "café au lait ok");
	CHECK_STR(header("Re: =?UTF-8?B?5Lya?= [T-1]"), "Re: 会 [T-1]");
	CHECK_STR(header("a =?utf-8?q?b?=  =?iso-8859-1?q?=E9?= c"), "a bé c");
	CHECK_STR(header("=?utf-8*zh?B?5Lya?="), "会");
	CHECK_STR(header("\xbf\xd5\xb5\xf7"), "空调");	/* raw GBK */
	CHECK_STR(header("=?bogus?B?5Lya?= x"), "会 x");
	CHECK_STR(header("=?utf-8?B?not closed"), "=?utf-8?B?not closed");
	CHECK_STR(header(""), "");
}

static void
test_charsets(void)
{
	/* 喆 is GBK, not GB2312, yet mail clients declare GB2312. */
	CHECK_STR(decode("\xcd\xf5\x86\xb4", 4, "gb2312"), "王喆");
	CHECK_STR(decode("\xcd\xf5\x86\xb4", 4, NULL), "王喆");
	CHECK_STR(decode("\xe4\xbc\x9a", 3, "us-ascii"), "会");
	CHECK_STR(decode("\xb7\x7c\xc4\xb3", 4, "big5"), "會議");
	CHECK_STR(decode("caf\xe9 \x80", 6, "iso-8859-1"), "café €");
	CHECK_STR(decode("a\0b", 3, NULL), "a b");
	CHECK_STR(decode("x\xff", 2, "utf-8"), "x\xef\xbf\xbd");
	CHECK_STR(decode("", 0, "gbk"), "");
}

static void
test_html(void)
{
	CHECK_STR(html("<html><head><title>t</title><style>p{}</style></head>"
		       "<body><script>alert(1)</script><p>a &amp; b</p>"
		       "<div>c<br>d&nbsp;e</div>  <span>f</span>   g</body></html>"),
		  "a & b\nc\nd e\nf g");
	CHECK_STR(html("<pre>  x\n  y</pre>"), "  x\n  y");
	CHECK_STR(html("<p>&#20013;&lt;&gt;</p><p></p><p></p><p>z</p>"), "中<>\nz");
	CHECK_STR(html(""), "");
}

static void
test_clean(void)
{
	char *big = malloc(70000), *s;

	CHECK_STR(keep(mail_text_clean("\n\n  \r\na\r\nb\x01\x1b[0m\t \n\n")),
		  "a\nb[0m");
	CHECK_STR(keep(mail_text_clean("\n  indented\n")), "  indented");
	/* Cut on a character boundary, with the mark. */
	for (int i = 0; i < 69999; i += 3)
		memcpy(big + i, "会", 3);
	big[69999] = '\0';
	s = mail_text_clean(big);
	CHECK(strlen(s) <= MAIL_TEXT_MAX);
	CHECK(utf8_valid(s, strlen(s)));
	CHECK(str_endswith(s, "会[…]"));
	CHECK_INT(text_check("description", s, 0), 0);
	free(s);
	free(big);
}

static void
test_addresses(void)
{
	char id[ID_LEN + 1], ev[16];

	CHECK(mail_address_in("ops@acme.example; Boss@Acme.example", "boss@acme.EXAMPLE"));
	CHECK(mail_address_in("ops@acme.example", "OPS@ACME.EXAMPLE"));
	CHECK(!mail_address_in("ops@acme.example", "ops@acme.exampl"));
	CHECK(!mail_address_in("", "a@b"));
	CHECK(mail_unattended_address("noreply@x.example"));
	CHECK(mail_unattended_address("No-Reply-123@x.example"));
	CHECK(mail_unattended_address("MAILER-DAEMON@x.example"));
	CHECK(mail_unattended_address("bounces+abc@x.example"));
	CHECK(!mail_unattended_address("norah@x.example"));
	CHECK_STR(keep(mail_desk_id("T-261120-8GJE08", "E-261120-AQYT", "desk.example")),
		  "plaindesk.T-261120-8GJE08.E-261120-AQYT@desk.example");
	CHECK(mail_desk_id_parse(last, id, ev));
	CHECK_STR(id, "T-261120-8GJE08");
	CHECK_STR(ev, "E-261120-AQYT");
	CHECK(!mail_desk_id_parse("plaindesk.T-261120-8GJE08.E-261120-AQY@x", id, ev));
	CHECK(!mail_desk_id_parse("T-261120-8GJE08.E-261120-AQYT@x", id, ev));
}

int
main(void)
{
	static struct config c;
	json_t *none = json_object();

	clock_set_timezone("Asia/Shanghai");
	config_parse_mail(&c, none);	/* the defaults */
	cfg = c.mail;
	json_decref(none);
	test_id_rule();
	test_key();
	test_title();
	test_tag();
	test_reply();
	test_header();
	test_charsets();
	test_html();
	test_clean();
	test_addresses();
	free(last);
	mail_shutdown();
	return unit_done("mail");
}
