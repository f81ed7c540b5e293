/*
 * Unit tests for knowledge-base text: the tokenizer (Chinese bigrams,
 * mixed scripts, full-width forms), BM25 with field weights against
 * scores computed by hand, snippets, and the masking of contact details.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/kbtext.h"
#include "unit.h"

/* The tokens of text joined by "|". */
static char *
tokens(const char *text)
{
	struct strlist l;
	struct sbuf sb;

	strlist_init(&l);
	sbuf_init(&sb);
	kb_tokenize(text, &l);
	for (size_t i = 0; i < l.n; i++)
		sbuf_addf(&sb, "%s%s", i ? "|" : "", l.items[i]);
	strlist_release(&l);
	return sbuf_detach(&sb, NULL);
}

#define CHECK_TOKENS(text, want) do { \
	char *got_ = tokens(text); \
	CHECK_STR(got_, want); \
	free(got_); \
} while (0)

static void
test_tokenizer(void)
{
	CHECK_TOKENS("投影仪故障", "投影|影仪|仪故|故障");
	CHECK_TOKENS("PPT投影", "ppt|投影");
	CHECK_TOKENS("会议室3的PPT无法投影。", "会议|议室|3|的|ppt|无法|法投|投影");
	/* Full-width letters and digits are their ASCII selves. */
	CHECK_TOKENS("ＰＰＴ　２０２６", "ppt|2026");
	CHECK_TOKENS("Wi-Fi drops, WIFI again", "wi|fi|drops|wifi|again");
	CHECK_TOKENS("空", "空");
	CHECK_TOKENS("カラオケ 한국어", "カラ|ラオ|オケ|한국|국어");
	CHECK_TOKENS("café CAFÉ", "café|café");
	CHECK_TOKENS("", "");
	CHECK_TOKENS("-- ,, !!", "");
}

static void
test_bm25(void)
{
	struct kb_scorer s;
	const char *d0[KB_NFIELDS] = {"投影仪", NULL, NULL, NULL};
	const char *d1[KB_NFIELDS] = {"wifi", NULL, "投影 slow", NULL};
	const char *d2[KB_NFIELDS] = {"coffee", "drinks", "cold", "heat it"};

	/*
	 * By hand: N = 2, df(投影) = 2, idf = ln(1 + 0.5 / 2.5) = ln 1.2;
	 * d0: tf = 3 (title), dl = 3 × 2 = 6; d1: tf = 1, dl = 3 + 2 = 5;
	 * avgdl = 5.5; score = idf × tf × 2.2 / (tf + 1.2 × (0.25 + 0.75 ×
	 * dl / 5.5)).
	 */
	kb_scorer_init(&s, "投影");
	CHECK_INT(s.nterms, 1);
	CHECK_INT(kb_scorer_add(&s, d0), 0);
	CHECK_INT(kb_scorer_add(&s, d1), 1);
	CHECK(fabs(kb_scorer_score(&s, 0) - 0.28103067989896185) < 1e-12);
	CHECK(fabs(kb_scorer_score(&s, 1) - 0.18936402036110309) < 1e-12);
	kb_scorer_boost(&s, 1, 1.2);
	CHECK(fabs(kb_scorer_score(&s, 1) - 1.2 * 0.18936402036110309) < 1e-12);
	kb_scorer_release(&s);

	/*
	 * Two terms, three documents: "heat" only in d2's solution, "cold"
	 * only in its problem.  N = 3, df = 1 each, idf = ln(1 + 2.5 / 1.5);
	 * d2: dl = 3 + 2 + 1 + 2 = 8; avgdl = (6 + 5 + 8) / 3; the query
	 * repeats "heat" but counts it once.
	 */
	kb_scorer_init(&s, "heat cold HEAT");
	CHECK_INT(s.nterms, 2);
	kb_scorer_add(&s, d0);
	kb_scorer_add(&s, d1);
	kb_scorer_add(&s, d2);
	{
		double idf = log(1 + 2.5 / 1.5), avg = 19.0 / 3;
		double one = idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 8 / avg));

		CHECK(fabs(kb_scorer_score(&s, 2) - 2 * one) < 1e-12);
		CHECK(fabs(1.7710005518743053 - 2 * one) < 1e-9);
	}
	CHECK(kb_scorer_score(&s, 0) == 0);
	kb_scorer_release(&s);

	/* The title weighs more than the problem. */
	{
		const char *a[KB_NFIELDS] = {"projector lamp", NULL, "x", NULL};
		const char *b[KB_NFIELDS] = {"x y", NULL, "projector lamp", NULL};

		kb_scorer_init(&s, "projector");
		kb_scorer_add(&s, a);
		kb_scorer_add(&s, b);
		CHECK(kb_scorer_score(&s, 0) > kb_scorer_score(&s, 1));
		kb_scorer_release(&s);
	}
}

static void
test_snippet(void)
{
	struct kb_scorer s;
	char *sn;
	const char *text = "The room was booked twice. After a long wait, the "
			   "projector in room 3 failed and the lamp had to be "
			   "replaced by the technician on duty.";

	kb_scorer_init(&s, "lamp");
	sn = kb_snippet(text, &s, 40);
	CHECK_STR(sn, "…d and the lamp had to be replaced by t…");
	free(sn);
	sn = kb_snippet("short\n\ttext  here", &s, 80);
	CHECK_STR(sn, "short text here");
	free(sn);
	kb_scorer_release(&s);
	kb_scorer_init(&s, "nothing");
	sn = kb_snippet(text, &s, 20);
	CHECK_STR(sn, "The room was booked…");
	free(sn);
	kb_scorer_release(&s);
	kb_scorer_init(&s, "更换");
	sn = kb_snippet("投影仪灯泡烧坏，技术员已更换灯泡并测试", &s, 10);
	CHECK_STR(sn, "…员已更换灯泡并测…");
	free(sn);
	kb_scorer_release(&s);
}

#define CHECK_MASK(text, want) do { \
	char *got_ = kb_mask(text, "[X]"); \
	CHECK_STR(got_, want); \
	free(got_); \
} while (0)

static void
test_mask(void)
{
	CHECK_MASK("mail wang.fang@example.com.cn now",
		   "mail [X] now");
	CHECK_MASK("联系王芳 wang@example.com，电话13800138000。",
		   "联系王芳 [X]，电话[X]。");
	CHECK_MASK("call 138 0013 8000 or 138-0013-8000", "call [X] or [X]");
	CHECK_MASK("+86 138 0013 8000; +8613800138000; 8613800138000",
		   "[X]; [X]; [X]");
	CHECK_MASK("座机 010-12345678，(021) 5555 1234，0755 8888 1234",
		   "座机 [X]，[X]，[X]");
	CHECK_MASK("+86 10 1234 5678 and 0086-21-55551234", "[X] and [X]");
	CHECK_MASK("全角１３８００１３８０００号码", "全角[X]号码");
	/* Not phone numbers: dates, ids, short or foreign numbers. */
	CHECK_MASK("on 2026-11-20 at 10:00, order 12345678, room 3",
		   "on 2026-11-20 at 10:00, order 12345678, room 3");
	CHECK_MASK("T-261122-K7QF2A and 400-800-8888 and +1 415 555 0100",
		   "T-261122-K7QF2A and 400-800-8888 and +1 415 555 0100");
	CHECK_MASK("id 138001380001 is too long", "id 138001380001 is too long");
	CHECK_MASK("12 13800138000", "12 [X]");
	CHECK_MASK("王（13800138000，a)", "王（[X]，a)");
	CHECK_MASK("tel (010)12345678.", "tel [X].");
	CHECK_MASK("13800138000@qq.com", "[X]");
	CHECK_MASK("a@b and user@host", "a@b and user@host");
	CHECK_MASK("", "");
}

int
main(void)
{
	test_tokenizer();
	test_bm25();
	test_snippet();
	test_mask();
	return unit_done("kbtext");
}
