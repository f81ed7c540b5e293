/*
 * Unit tests for the service-care policy: which closes get a follow-up
 * call and when (3wd across a holiday and a make-up day), retries of an
 * unreachable customer, occasions (02-29), runs of holidays and their
 * greeting days, and the fold of a care plan.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/care.h"
#include "plaindesk/clock.h"
#include "plaindesk/config.h"
#include "plaindesk/followup.h"
#include "plaindesk/record.h"
#include "unit.h"

static struct config cfg;

static time_t
at(const char *s)
{
	time_t t = 0;

	CHECK_INT(time_parse(s, &t), 0);
	return t;
}

static const char *
fmt(time_t t)
{
	static char bufs[4][TIME_BUFSZ];
	static int next;

	if (!t)
		return "(none)";
	next = (next + 1) % 4;
	return time_format(t, bufs[next]);
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	CHECK_INT(date_parse(s, &d), 0);
	return d;
}

static const char *
dfmt(int32_t d)
{
	static char buf[4][16];
	static int next;

	next = (next + 1) % 4;
	return date_format(d, buf[next]);
}

static void
setup(void)
{
	json_t *root = config_default("Asia/Shanghai", "zh-CN");
	static const char *const holidays[] = {
		"2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05",
		"2026-10-06", "2026-10-07", NULL
	};

	CHECK_INT(config_parse(&cfg, root), 0);
	json_decref(root);
	for (int i = 0; holidays[i]; i++)
		calendar_add_holiday(&cfg.cal, day(holidays[i]));
	calendar_add_makeup(&cfg.cal, day("2026-09-20"));
	calendar_add_makeup(&cfg.cal, day("2026-10-10"));
}

static void
test_required(void)
{
	CHECK(followup_required(&cfg, "complaint", "general", 5, 1));
	CHECK(!followup_required(&cfg, "inquiry", "general", 5, 1));
	CHECK(!followup_required(&cfg, "request", "potential", 3, 1));
	CHECK(followup_required(&cfg, "inquiry", "vip", 5, 1));
	CHECK(followup_required(&cfg, "suggestion", "key", 5, 1));
	CHECK(followup_required(&cfg, "inquiry", "general", 2, 1));
	CHECK(followup_required(&cfg, "inquiry", "general", 5, 0));
	CHECK(!followup_required(&cfg, "inquiry", NULL, 3, 1));
	cfg.care.followup_kinds |= 1u << 3;	/* request */
	CHECK(followup_required(&cfg, "request", "general", 5, 1));
	cfg.care.followup_kinds &= ~(1u << 3);
}

static void
test_due(void)
{
	/* 3wd from Tuesday 09-29 skips the National Day holidays. */
	CHECK_STR(fmt(followup_due_after_close(&cfg,
		at("2026-09-29T10:00:00+08:00"), 5, 1)),
		  "2026-10-09T10:00:00+08:00");
	/* From Thursday 10-08 the make-up Saturday counts. */
	CHECK_STR(fmt(followup_due_after_close(&cfg,
		at("2026-10-08T10:00:00+08:00"), 4, 1)),
		  "2026-10-12T10:00:00+08:00");
	/* From Thursday 09-24: 中秋 Friday off, Monday, Tuesday, Wednesday. */
	CHECK_STR(fmt(followup_due_after_close(&cfg,
		at("2026-09-24T16:00:00+08:00"), 5, 1)),
		  "2026-09-30T16:00:00+08:00");
	/* Unhappy closes: 1wd. */
	CHECK_STR(fmt(followup_due_after_close(&cfg,
		at("2026-09-30T17:00:00+08:00"), 2, 1)),
		  "2026-10-08T17:00:00+08:00");
	CHECK_STR(fmt(followup_due_after_close(&cfg,
		at("2026-09-18T09:00:00+08:00"), 4, 0)),
		  "2026-09-20T09:00:00+08:00");
}

static void
test_next(void)
{
	time_t t = at("2026-10-09T11:00:00+08:00");

	CHECK_INT(followup_next(&cfg, "satisfied", t, 0), 0);
	CHECK_STR(fmt(followup_next(&cfg, "unsatisfied", t, 0)),
		  "2026-10-10T11:00:00+08:00");
	/* Three unreachable calls in a row: two retries, then none. */
	CHECK_STR(fmt(followup_next(&cfg, "unreachable", t, 1)),
		  "2026-10-10T11:00:00+08:00");
	CHECK_STR(fmt(followup_next(&cfg, "unreachable",
				    at("2026-10-10T11:30:00+08:00"), 2)),
		  "2026-10-12T11:30:00+08:00");
	CHECK_INT(followup_next(&cfg, "unreachable", t, 3), 0);
	cfg.care.attempts = 5;
	CHECK(followup_next(&cfg, "unreachable", t, 4) != 0);
	CHECK_INT(followup_next(&cfg, "unreachable", t, 5), 0);
	cfg.care.attempts = 3;
}

static void
test_occasions(void)
{
	CHECK(occasion_valid("02-29"));
	CHECK(occasion_valid("12-31"));
	CHECK(!occasion_valid("02-30"));
	CHECK(!occasion_valid("13-01"));
	CHECK(!occasion_valid("1-05"));
	CHECK(!occasion_valid("01-5x"));
	CHECK(!occasion_valid(NULL));
	CHECK_STR(dfmt(occasion_day("02-29", 2027)), "2027-02-28");
	CHECK_STR(dfmt(occasion_day("02-29", 2028)), "2028-02-29");
	CHECK_INT(occasion_day("02-30", 2028), -1);
	CHECK_STR(dfmt(occasion_next("05-12", day("2026-05-12"))), "2026-05-12");
	CHECK_STR(dfmt(occasion_next("05-12", day("2026-05-13"))), "2027-05-12");
	CHECK_STR(dfmt(occasion_next("02-29", day("2027-03-01"))), "2028-02-29");
	CHECK_STR(dfmt(occasion_next("02-29", day("2027-01-01"))), "2027-02-28");
	CHECK_STR(dfmt(occasion_next("01-01", day("2026-12-31"))), "2027-01-01");
}

static void
test_holiday_runs(void)
{
	/* 春节 2026: 02-16..02-20 and 02-23 (the weekend between is off),
	 * 02-14 a make-up Saturday; 国庆 in two parts over a weekend. */
	struct calendar cal;
	const char *dates[] = {
		"2026-10-05", "2026-02-16", "2026-02-17", "2026-02-18",
		"2026-02-19", "2026-02-20", "2026-02-23", "2026-10-01",
		"2026-10-02", "2026-01-01", "2026-01-02", "2026-06-19"
	};
	const char *names[] = {
		"国庆节", "春节", "春节", "春节", "春节", "春节", "春节",
		"国庆节", "国庆节", "元旦", "元旦", "端午节"
	};
	int32_t days[12];
	struct holiday_run *runs;
	size_t n;

	calendar_init(&cal);
	for (int i = 0; i < 12; i++) {
		days[i] = day(dates[i]);
		calendar_add_holiday(&cal, days[i]);
	}
	calendar_add_makeup(&cal, day("2026-02-14"));
	runs = holiday_runs(&cal, days, names, 12, &n);
	CHECK_INT(n, 4);
	CHECK_STR(runs[0].name, "元旦");
	CHECK_STR(dfmt(runs[0].greet), "2025-12-31");
	CHECK_STR(runs[1].name, "春节");
	CHECK_STR(dfmt(runs[1].first), "2026-02-16");
	CHECK_STR(dfmt(runs[1].last), "2026-02-23");
	CHECK_STR(dfmt(runs[1].greet), "2026-02-14");	/* make-up Saturday */
	CHECK_STR(runs[2].name, "端午节");
	CHECK_STR(dfmt(runs[2].greet), "2026-06-18");
	CHECK_STR(runs[3].name, "国庆节");
	CHECK_STR(dfmt(runs[3].last), "2026-10-05");
	CHECK_STR(dfmt(runs[3].greet), "2026-09-30");
	free(runs);
	/* The same name with working days between: two runs. */
	{
		int32_t d2[2] = {day("2026-04-06"), day("2026-04-08")};
		const char *n2[2] = {"x", "x"};

		runs = holiday_runs(&cal, d2, n2, 2, &n);
		CHECK_INT(n, 2);
		CHECK_STR(dfmt(runs[1].greet), "2026-04-07");
		free(runs);
	}
	calendar_release(&cal);
}

static void
test_fold(void)
{
	json_error_t err;
	json_t *rec = json_loads(
		"{\"customer\": \"C-1\", \"created_at\": \"2026-09-21T10:00:00+08:00\", \"state\": {},"
		" \"events\": ["
		"{\"id\": \"E-260921-AAAA\", \"at\": \"2026-09-21T10:00:00+08:00\", \"by\": \"x\", \"type\": \"plan\","
		"  \"owner\": \"S-1\", \"every\": \"30d\", \"occasions\": [], \"holidays\": false, \"goals\": [],"
		"  \"next_due\": \"2026-10-21T10:00:00+08:00\"},"
		"{\"id\": \"E-261001-AAAB\", \"at\": \"2026-10-01T10:00:00+08:00\", \"by\": \"x\", \"type\": \"visit\","
		"  \"channel\": \"phone\", \"outcome\": \"unreachable\", \"satisfaction\": null, \"needs\": null,"
		"  \"next_due\": \"2026-10-08T10:00:00+08:00\"},"
		"{\"id\": \"E-261008-AAAC\", \"at\": \"2026-10-08T10:00:00+08:00\", \"by\": \"x\", \"type\": \"visit\","
		"  \"channel\": \"onsite\", \"outcome\": \"done\", \"satisfaction\": 5, \"needs\": null,"
		"  \"next_due\": \"2026-11-07T10:00:00+08:00\"}]}", 0, &err);
	json_t *s;

	CHECK(rec != NULL);
	CHECK_INT(care_validate(rec), 0);
	s = care_fold(rec);
	CHECK_STR(jstr(s, "status"), "active");
	CHECK_STR(jstr(s, "last_visit_at"), "2026-10-08T10:00:00+08:00");
	CHECK_STR(jstr(s, "next_visit_due"), "2026-11-07T10:00:00+08:00");
	json_decref(s);
	json_array_append_new(json_object_get(rec, "events"), json_pack(
		"{s:s, s:s, s:s, s:s, s:s}", "id", "E-261009-AAAD", "at",
		"2026-10-09T10:00:00+08:00", "by", "x", "type", "end",
		"reason", "gone"));
	s = care_fold(rec);
	CHECK_STR(jstr(s, "status"), "ended");
	CHECK(json_is_null(json_object_get(s, "next_visit_due")));
	json_decref(s);
	/* A visit first is not a plan. */
	json_array_remove(json_object_get(rec, "events"), 0);
	CHECK_INT(care_validate(rec), PD_EDATA);
	json_decref(rec);
}

int
main(void)
{
	setup();
	test_required();
	test_due();
	test_next();
	test_occasions();
	test_holiday_runs();
	test_fold();
	config_release(&cfg);
	return unit_done("care");
}
