/*
 * Unit tests for lib/time/clock.c: zones, dates, times, durations, the
 * working-day calendar (DESIGN §5 examples) and ISO weeks.
 */
#include <stdlib.h>
#include <time.h>

#include "plaindesk/clock.h"
#include "spans.h"
#include "unit.h"

/* A time from its text; a parse failure shows up as a failed check. */
static time_t
at(const char *s)
{
	time_t t = 0;

	CHECK_INT(time_parse(s, &t), 0);
	return t;
}

/* time_format() into one of a few rotating buffers. */
static const char *
fmt(time_t t)
{
	static char bufs[4][TIME_BUFSZ];
	static int next;

	next = (next + 1) % 4;
	return time_format(t, bufs[next]);
}

static struct duration
dur(const char *s)
{
	struct duration d = { DUR_MINUTES, 0 };

	CHECK_INT(duration_parse(s, &d), 0);
	return d;
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	CHECK_INT(date_parse(s, &d), 0);
	return d;
}

/* The deadline start + duration on the calendar, formatted. */
static const char *
deadline(const struct calendar *cal, const char *start, const char *d,
	 int business)
{
	struct duration du = dur(d);

	return fmt(calendar_add(cal, at(start), &du, business));
}

static void
test_timezone(void)
{
	CHECK_INT(clock_set_timezone("Asia/Shanghai"), 0);
	CHECK_INT(clock_set_timezone(""), -1);
	CHECK_INT(clock_set_timezone("/usr/share/zoneinfo/UTC"), -1);
	CHECK_INT(clock_set_timezone("../zoneinfo/UTC"), -1);
	CHECK_INT(clock_set_timezone("Asia/../Asia/Shanghai"), -1);
	CHECK_INT(clock_set_timezone("Nowhere/City"), -1);
	CHECK_INT(clock_set_timezone("Asia"), -1);
	CHECK_INT(clock_set_timezone("zone.tab"), -1);
	CHECK_INT(clock_set_timezone("right/UTC"), -1);
	CHECK_INT(clock_set_timezone("UTC"), 0);
	CHECK_STR(fmt(0), "1970-01-01T00:00:00+00:00");
	CHECK_INT(clock_set_timezone("Asia/Shanghai"), 0);
	CHECK_STR(fmt(0), "1970-01-01T08:00:00+08:00");
}

static void
test_clock_now(void)
{
	time_t now = 0, sys;

	setenv("PLAINDESK_NOW", "2026-11-20T17:55:00+08:00", 1);
	CHECK_INT(clock_now(&now), 0);
	CHECK_STR(fmt(now), "2026-11-20T17:55:00+08:00");
	setenv("PLAINDESK_NOW", "2026-11-20 17:55", 1);
	CHECK_INT(clock_now(&now), 0);
	CHECK_STR(fmt(now), "2026-11-20T17:55:00+08:00");
	setenv("PLAINDESK_NOW", "yesterday", 1);
	CHECK_INT(clock_now(&now), -1);
	unsetenv("PLAINDESK_NOW");
	sys = time(NULL);
	CHECK_INT(clock_now(&now), 0);
	CHECK(now >= sys && now - sys < 5);
}

static void
test_days(void)
{
	int y, m, d, ok = 1;
	int32_t n, dn;
	char buf[16];

	CHECK_INT(ymd_to_day(1970, 1, 1), 0);
	CHECK_INT(day_weekday(0), 4);
	CHECK_INT(ymd_to_day(1969, 12, 31), -1);
	CHECK_INT(day_weekday(-1), 3);
	CHECK_INT(ymd_to_day(2000, 3, 1), 11017);
	CHECK_INT(ymd_to_day(2026, 11, 20), 20777);
	CHECK_INT(day_weekday(ymd_to_day(2026, 11, 20)), 5);
	CHECK_INT(day_weekday(ymd_to_day(2026, 11, 22)), 0);
	day_to_ymd(-719468, &y, &m, &d);
	CHECK(y == 0 && m == 3 && d == 1);
	day_to_ymd(ymd_to_day(2024, 2, 29) + 1, &y, &m, &d);
	CHECK(y == 2024 && m == 3 && d == 1);

	/* Every day from 1600 to 2400 survives the round trip in order. */
	for (n = ymd_to_day(1600, 1, 1); n < ymd_to_day(2400, 1, 1); n++) {
		day_to_ymd(n, &y, &m, &d);
		if (ymd_to_day(y, m, d) != n)
			ok = 0;
	}
	CHECK(ok);

	CHECK_INT(date_parse("2024-02-29", &dn), 0);
	CHECK_STR(date_format(dn, buf), "2024-02-29");
	CHECK_INT(date_parse("2000-02-29", &dn), 0);
	CHECK_INT(date_parse("1900-02-29", &dn), -1);
	CHECK_INT(date_parse("2026-02-29", &dn), -1);
	CHECK_INT(date_parse("2026-02-30", &dn), -1);
	CHECK_INT(date_parse("2026-04-31", &dn), -1);
	CHECK_INT(date_parse("2026-13-01", &dn), -1);
	CHECK_INT(date_parse("2026-00-10", &dn), -1);
	CHECK_INT(date_parse("2026-01-00", &dn), -1);
	CHECK_INT(date_parse("2026-1-01", &dn), -1);
	CHECK_INT(date_parse("2026-01-01x", &dn), -1);
	CHECK_INT(date_parse("2026-01-01T00:00", &dn), -1);
	CHECK_INT(date_parse("", &dn), -1);
	CHECK_INT(date_parse("2026-12-31", &dn), 0);
	CHECK_STR(date_format(dn + 1, buf), "2027-01-01");
	CHECK_STR(date_format(-1, buf), "1969-12-31");
}

static void
test_time_parse(void)
{
	time_t t, t2;

	clock_set_timezone("Asia/Shanghai");
	CHECK_INT(at("2026-11-23T09:05"), 1795395900);
	CHECK_INT(at("2026-11-23 09:05"), 1795395900);
	CHECK_INT(at("2026-11-23t09:05"), 1795395900);
	CHECK_INT(at("2026-11-23T09:05:00"), 1795395900);
	CHECK_INT(at("2026-11-23T09:05:07"), 1795395907);
	CHECK_INT(at("2026-11-23T01:05Z"), 1795395900);
	CHECK_INT(at("2026-11-23T09:05:00+08:00"), 1795395900);
	CHECK_INT(at("2026-11-22T19:35:00-05:30"), 1795395900);
	CHECK_INT(at("2026-11-23T01:05:00+00:00"), 1795395900);
	CHECK_INT(at("2026-11-23T01:05:00-00:00"), 1795395900);
	CHECK_STR(fmt(at("2026-11-23")), "2026-11-23T00:00:00+08:00");
	CHECK_STR(fmt(at("2024-02-29T23:59:59")), "2024-02-29T23:59:59+08:00");
	CHECK_STR(fmt(at("1969-12-31T23:59:59Z")), "1970-01-01T07:59:59+08:00");
	CHECK_INT(at("1969-12-31T23:59:59Z"), -1);

	CHECK_INT(time_parse("2026-11-23T24:00", &t), -1);
	CHECK_INT(time_parse("2026-11-23T24:01", &t), -1);
	CHECK_INT(time_parse("2026-11-23T23:60", &t), -1);
	CHECK_INT(time_parse("2026-11-23T12:00:60", &t), -1);
	CHECK_INT(time_parse("2026-02-30T10:00", &t), -1);
	CHECK_INT(time_parse("2026-02-29", &t), -1);
	CHECK_INT(time_parse("2026-11-23T9:05", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:5", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09", &t), -1);
	CHECK_INT(time_parse("2026-11-23T", &t), -1);
	CHECK_INT(time_parse("2026-11-23Z", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05:00Z ", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05:00Zjunk", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05+0800", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05+8:00", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05+24:00", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05+08:60", &t), -1);
	/* RFC 3339 fractions are read and dropped; a bare dot is not. */
	CHECK_INT(time_parse("2026-11-23T09:05:00.5Z", &t), 0);
	CHECK_INT(t, time_parse("2026-11-23T09:05:00Z", &t2) ? -1 : t2);
	CHECK_INT(time_parse("2026-11-23T09:05:00.Z", &t), -1);
	CHECK_INT(time_parse("2026-11-23T09:05:00.1234567891Z", &t), -1);
	CHECK_INT(time_parse(" 2026-11-23", &t), -1);
	CHECK_INT(time_parse("26-11-23", &t), -1);
	CHECK_INT(time_parse("", &t), -1);
}

static void
test_time_format(void)
{
	clock_set_timezone("Asia/Shanghai");
	CHECK_STR(fmt(1795395900), "2026-11-23T09:05:00+08:00");

	clock_set_timezone("Europe/Berlin");
	CHECK_STR(fmt(1795395900), "2026-11-23T02:05:00+01:00");
	CHECK_STR(fmt(at("2026-07-01T12:00Z")), "2026-07-01T14:00:00+02:00");
	CHECK_STR(fmt(at("2026-07-01T12:00")), "2026-07-01T12:00:00+02:00");

	clock_set_timezone("America/St_Johns");
	CHECK_STR(fmt(at("2026-01-15T12:00Z")), "2026-01-15T08:30:00-03:30");
	CHECK_INT(at("2026-01-15T08:30"), at("2026-01-15T08:30-03:30"));

	clock_set_timezone("Asia/Kolkata");
	CHECK_STR(fmt(at("2026-01-15T12:00Z")), "2026-01-15T17:30:00+05:30");
	clock_set_timezone("Asia/Shanghai");
}

/* Summer time in Europe/Berlin: 29 March and 25 October 2026. */
static void
test_dst(void)
{
	int32_t spring = day("2026-03-29"), autumn = day("2026-10-25");
	struct calendar cal;
	struct duration d;

	clock_set_timezone("Europe/Berlin");
	CHECK_STR(fmt(day_start(spring)), "2026-03-29T00:00:00+01:00");
	CHECK_INT(day_start(spring + 1) - day_start(spring), 23 * 3600);
	CHECK_INT(day_start(autumn + 1) - day_start(autumn), 25 * 3600);
	CHECK_STR(fmt(day_at(spring, 9 * 60)), "2026-03-29T09:00:00+02:00");
	CHECK_STR(fmt(day_at(spring, 60)), "2026-03-29T01:00:00+01:00");
	/* 02:30 does not exist: the clock jumps from 02:00 to 03:00. */
	CHECK_STR(fmt(day_at(spring, 150)), "2026-03-29T03:00:00+02:00");
	CHECK_STR(fmt(at("2026-03-29T02:30")), "2026-03-29T03:00:00+02:00");
	/* 02:30 happens twice: the first one. */
	CHECK_STR(fmt(day_at(autumn, 150)), "2026-10-25T02:30:00+02:00");
	CHECK_STR(fmt(at("2026-10-25T02:30")), "2026-10-25T02:30:00+02:00");
	CHECK_STR(fmt(day_at(spring, 1440)), "2026-03-30T00:00:00+02:00");
	CHECK_INT(day_at(spring, 1440), day_start(spring + 1));
	CHECK_INT(time_day(at("2026-03-29T23:59:59")), spring);
	CHECK_INT(time_day(at("2026-03-29T22:00Z")), spring + 1);

	/* Calendar days keep the clock time across the change. */
	d.unit = DUR_DAYS;
	d.n = 1;
	calendar_init(&cal);
	CHECK_STR(fmt(calendar_add(&cal, at("2026-03-28T10:00"), &d, 1)),
		  "2026-03-29T10:00:00+02:00");
	d.n = 2;
	CHECK_STR(fmt(calendar_add(&cal, at("2026-10-24T10:00"), &d, 1)),
		  "2026-10-26T10:00:00+01:00");

	/* Working time counts real seconds on the short and long days. */
	cal.workdays = 0x7f;
	cal.spans[0].start = 0;
	cal.spans[0].end = 1440;
	CHECK_INT(calendar_elapsed(&cal, day_start(spring),
				   day_start(spring + 1), 1), 23 * 3600);
	CHECK_INT(calendar_elapsed(&cal, day_start(autumn),
				   day_start(autumn + 1), 1), 25 * 3600);
	cal.spans[0].start = 60;
	cal.spans[0].end = 240;
	CHECK_INT(calendar_elapsed(&cal, day_start(spring),
				   day_start(spring + 1), 1), 2 * 3600);
	CHECK_STR(fmt(calendar_add_seconds(&cal, at("2026-03-29T00:30"),
					   5400, 1)),
		  "2026-03-29T03:30:00+02:00");
	calendar_release(&cal);

	/* Santiago skips 00:00 on 6 September 2026: the day starts at 01:00. */
	clock_set_timezone("America/Santiago");
	CHECK_STR(fmt(day_start(day("2026-09-06"))),
		  "2026-09-06T01:00:00-03:00");
	CHECK_STR(fmt(at("2026-09-06")), "2026-09-06T01:00:00-03:00");
	CHECK_INT(time_day(day_start(day("2026-09-06"))), day("2026-09-06"));
	clock_set_timezone("Asia/Shanghai");
}

static void
test_durations(void)
{
	static const char *const bad[] = {
		"", "-5m", "+5m", "0m", "0h", "0d", "0wd", "5", "5x", "1h30",
		"m", "h", "wd", " 5m", "5m ", "1m30h", "1h1h", "30m1h", "1h60m",
		"1h-5m", "1d2h", "2WD", "2w", "5M", "99999d", "3661d", "2601wd",
		"527041m", "8785h", "8784h1m", "99999999999999999999m",
		"1.5h", NULL
	};
	struct duration d;
	char buf[32];
	int i, rejected = 1;

	d = dur("45m");
	CHECK(d.unit == DUR_MINUTES && d.n == 45);
	d = dur("2h");
	CHECK(d.unit == DUR_MINUTES && d.n == 120);
	d = dur("1h30m");
	CHECK(d.unit == DUR_MINUTES && d.n == 90);
	d = dur("3d");
	CHECK(d.unit == DUR_DAYS && d.n == 3);
	d = dur("2wd");
	CHECK(d.unit == DUR_WORKDAYS && d.n == 2);
	CHECK_INT(dur("527040m").n, 527040);
	CHECK_INT(dur("8784h").n, 527040);
	CHECK_INT(dur("3660d").n, 3660);
	CHECK_INT(dur("2600wd").n, 2600);
	CHECK_INT(dur("90m").n, 90);

	for (i = 0; bad[i]; i++) {
		if (duration_parse(bad[i], &d) == 0) {
			fprintf(stderr, "accepted bad duration '%s'\n", bad[i]);
			rejected = 0;
		}
	}
	CHECK(rejected);

	CHECK_STR(duration_format(&(struct duration){ DUR_MINUTES, 90 }, buf),
		  "1h30m");
	CHECK_STR(duration_format(&(struct duration){ DUR_MINUTES, 45 }, buf),
		  "45m");
	CHECK_STR(duration_format(&(struct duration){ DUR_MINUTES, 120 }, buf),
		  "2h");
	CHECK_STR(duration_format(&(struct duration){ DUR_MINUTES, 61 }, buf),
		  "1h1m");
	CHECK_STR(duration_format(&(struct duration){ DUR_DAYS, 3 }, buf),
		  "3d");
	CHECK_STR(duration_format(&(struct duration){ DUR_WORKDAYS, 2 }, buf),
		  "2wd");
	d = dur("90m");
	CHECK_STR(duration_format(&d, buf), "1h30m");
}

static void
test_calendar_setup(void)
{
	struct calendar cal;
	struct cal_span sp;
	int32_t fri = day("2026-11-20");

	calendar_init(&cal);
	CHECK_INT(cal.workdays, 0x3e);
	CHECK(cal.nspans == 1 && cal.spans[0].start == 540 &&
	      cal.spans[0].end == 1080);
	CHECK(cal.nholidays == 0 && cal.nmakeup == 0);

	CHECK_INT(span_parse("09:00-12:00", &sp), 0);
	CHECK(sp.start == 540 && sp.end == 720);
	CHECK_INT(span_parse("13:30-24:00", &sp), 0);
	CHECK(sp.start == 810 && sp.end == 1440);
	CHECK_INT(span_parse("12:00-09:00", &sp), -1);
	CHECK_INT(span_parse("09:00-09:00", &sp), -1);
	CHECK_INT(span_parse("24:00-24:00", &sp), -1);
	CHECK_INT(span_parse("09:00-24:01", &sp), -1);
	CHECK_INT(span_parse("9:00-12:00", &sp), -1);
	CHECK_INT(span_parse("09:00-12:60", &sp), -1);
	CHECK_INT(span_parse("09:00 - 12:00", &sp), -1);
	CHECK_INT(span_parse("09:00-12:00x", &sp), -1);

	CHECK_INT(weekday_parse("sun"), 0);
	CHECK_INT(weekday_parse("mon"), 1);
	CHECK_INT(weekday_parse("sat"), 6);
	CHECK_INT(weekday_parse("Fri"), 5);
	CHECK_INT(weekday_parse("monday"), -1);
	CHECK_INT(weekday_parse(""), -1);

	calendar_add_holiday(&cal, fri + 10);
	calendar_add_holiday(&cal, fri);
	calendar_add_holiday(&cal, fri + 5);
	calendar_add_holiday(&cal, fri);
	calendar_add_holiday(&cal, fri - 3);
	CHECK_INT(cal.nholidays, 4);
	CHECK(cal.holidays[0] == fri - 3 && cal.holidays[1] == fri &&
	      cal.holidays[2] == fri + 5 && cal.holidays[3] == fri + 10);
	calendar_add_makeup(&cal, fri + 2);
	calendar_add_makeup(&cal, fri + 1);
	calendar_add_makeup(&cal, fri + 2);
	CHECK(cal.nmakeup == 2 && cal.makeup[0] == fri + 1 &&
	      cal.makeup[1] == fri + 2);

	CHECK_INT(calendar_is_workday(&cal, fri), 0);		/* holiday */
	CHECK_INT(calendar_is_workday(&cal, fri - 1), 1);	/* Thursday */
	CHECK_INT(calendar_is_workday(&cal, fri + 1), 1);	/* make-up */
	CHECK_INT(calendar_is_workday(&cal, fri + 8), 0);	/* Saturday */
	CHECK_INT(calendar_is_workday(&cal, fri + 3), 1);	/* Monday */
	CHECK_INT(calendar_is_workday(&cal, fri + 5), 0);	/* holiday */

	calendar_release(&cal);
	CHECK(cal.holidays == NULL && cal.nholidays == 0 &&
	      cal.makeup == NULL && cal.nmakeup == 0);
	calendar_release(&cal);
}

/* DESIGN §5 examples: Asia/Shanghai, Monday to Friday. */
static void
test_calendar_minutes(void)
{
	struct calendar cal;

	clock_set_timezone("Asia/Shanghai");
	calendar_init(&cal);
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10m", 1),
		  "2026-11-23T09:05:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10m", 0),
		  "2026-11-20T18:05:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-21T10:00", "1h", 1),
		  "2026-11-23T10:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T07:00", "10m", 1),
		  "2026-11-23T09:10:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T18:00", "10m", 1),
		  "2026-11-23T09:10:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T10:00", "1h", 1),
		  "2026-11-23T11:00:00+08:00");
	/* Time that runs out at the end of the day ends there. */
	CHECK_STR(deadline(&cal, "2026-11-23T09:00", "9h", 1),
		  "2026-11-23T18:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T09:00", "45h", 1),
		  "2026-11-27T18:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T09:00", "45h1m", 1),
		  "2026-11-30T09:01:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T17:55:30", "10m", 1),
		  "2026-11-23T09:05:30+08:00");

	/* A make-up working Sunday. */
	calendar_add_makeup(&cal, day("2026-11-22"));
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10m", 1),
		  "2026-11-22T09:05:00+08:00");
	calendar_release(&cal);

	/* A holiday Monday. */
	calendar_init(&cal);
	calendar_add_holiday(&cal, day("2026-11-23"));
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10m", 1),
		  "2026-11-24T09:05:00+08:00");
	calendar_release(&cal);

	/* A lunch break. */
	calendar_init(&cal);
	cal.spans[0].end = 12 * 60;
	cal.spans[1].start = 13 * 60 + 30;
	cal.spans[1].end = 18 * 60;
	cal.nspans = 2;
	CHECK_STR(deadline(&cal, "2026-11-23T11:00", "1h", 1),
		  "2026-11-23T12:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T11:00", "1h1m", 1),
		  "2026-11-23T13:31:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T11:00", "2h", 1),
		  "2026-11-23T14:30:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-23T12:30", "10m", 1),
		  "2026-11-23T13:40:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T17:30", "1h", 1),
		  "2026-11-23T09:30:00+08:00");
	calendar_release(&cal);
}

static void
test_calendar_days(void)
{
	struct calendar cal;

	clock_set_timezone("Asia/Shanghai");
	calendar_init(&cal);
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "2d", 1),
		  "2026-11-22T17:55:00+08:00");
	CHECK_STR(deadline(&cal, "2026-12-30T10:00", "3d", 1),
		  "2027-01-02T10:00:00+08:00");
	CHECK_STR(deadline(&cal, "2024-02-28T10:00", "1d", 1),
		  "2024-02-29T10:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T10:00", "3wd", 1),
		  "2026-11-25T10:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-21T10:00", "1wd", 1),
		  "2026-11-23T10:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T20:00", "1wd", 1),
		  "2026-11-23T20:00:00+08:00");
	CHECK_STR(fmt(calendar_sub_workdays(&cal, at("2026-11-25T10:00"), 3)),
		  "2026-11-20T10:00:00+08:00");
	CHECK_STR(fmt(calendar_sub_workdays(&cal, at("2026-11-25T10:00"), 0)),
		  "2026-11-25T10:00:00+08:00");

	calendar_add_holiday(&cal, day("2026-11-23"));
	CHECK_STR(deadline(&cal, "2026-11-20T10:00", "3wd", 1),
		  "2026-11-26T10:00:00+08:00");
	CHECK_STR(fmt(calendar_sub_workdays(&cal, at("2026-11-25T10:00"), 3)),
		  "2026-11-19T10:00:00+08:00");
	calendar_add_makeup(&cal, day("2026-11-22"));
	CHECK_STR(deadline(&cal, "2026-11-20T10:00", "3wd", 1),
		  "2026-11-25T10:00:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T10:00", "1wd", 1),
		  "2026-11-22T10:00:00+08:00");
	CHECK_STR(fmt(calendar_sub_workdays(&cal, at("2026-11-25T10:00"), 2)),
		  "2026-11-22T10:00:00+08:00");
	calendar_release(&cal);
}

static void
test_elapsed(void)
{
	struct calendar cal;
	time_t a, b, t, due;
	long long secs;
	int ok = 1;

	clock_set_timezone("Asia/Shanghai");
	calendar_init(&cal);
	a = at("2026-11-20T16:00");
	b = at("2026-11-23T10:30");
	CHECK_INT(calendar_elapsed(&cal, a, b, 0), b - a);
	CHECK_INT(calendar_elapsed(&cal, a, b, 1), 3 * 3600 + 1800);
	CHECK_INT(calendar_elapsed(&cal, b, a, 1), -(3 * 3600 + 1800));
	CHECK_INT(calendar_elapsed(&cal, a, a, 1), 0);
	CHECK_INT(calendar_elapsed(&cal, at("2026-11-21T10:00"),
				   at("2026-11-22T23:00"), 1), 0);
	CHECK_INT(calendar_elapsed(&cal, at("2026-11-23T07:00"),
				   at("2026-11-23T20:00"), 1), 9 * 3600);

	/* A pause over the weekend moves a deadline by its working time. */
	secs = calendar_elapsed(&cal, a, b, 1);
	CHECK_STR(fmt(calendar_add_seconds(&cal, at("2026-11-24T17:00"),
					   secs, 1)),
		  "2026-11-25T11:30:00+08:00");
	CHECK_STR(fmt(calendar_add_seconds(&cal, at("2026-11-24T17:00"),
					   secs, 0)),
		  "2026-11-24T20:30:00+08:00");
	CHECK_STR(fmt(calendar_add_seconds(&cal, at("2026-11-21T12:00"),
					   0, 1)),
		  "2026-11-21T12:00:00+08:00");

	/* add_seconds is the inverse of elapsed, wherever it starts. */
	for (t = at("2026-11-19T08:17"); t < at("2026-11-24T08:00");
	     t += 3541) {
		for (secs = 1; secs < 200000; secs = secs * 3 + 17) {
			due = calendar_add_seconds(&cal, t, secs, 1);
			if (calendar_elapsed(&cal, t, due, 1) != secs ||
			    calendar_elapsed(&cal, t, due - 1, 1) != secs - 1)
				ok = 0;
		}
	}
	CHECK(ok);

	/* Ten years of working days, 2020 to 2029: 2609 of 9 hours. */
	CHECK_INT(calendar_elapsed(&cal, at("2020-01-01"), at("2030-01-01"), 1),
		  2609LL * 9 * 3600);
	calendar_add_holiday(&cal, day("2026-11-23"));
	calendar_add_makeup(&cal, day("2026-11-22"));
	CHECK_INT(calendar_elapsed(&cal, at("2020-01-01"), at("2030-01-01"), 1),
		  2609LL * 9 * 3600);
	CHECK_INT(calendar_elapsed(&cal, a, b, 1), 2 * 3600 + 9 * 3600);
	calendar_release(&cal);
}

/* A calendar with no working day must still answer, and quickly. */
static void
test_no_workdays(void)
{
	struct calendar cal;
	struct duration d = { DUR_WORKDAYS, 2 };
	time_t t = at("2026-11-20T17:55");

	calendar_init(&cal);
	cal.workdays = 0;
	CHECK_INT(calendar_add_seconds(&cal, t, 600, 1), t + 600);
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10m", 1),
		  "2026-11-20T18:05:00+08:00");
	CHECK_STR(fmt(calendar_add(&cal, t, &d, 1)),
		  "2026-11-22T17:55:00+08:00");
	CHECK_STR(fmt(calendar_sub_workdays(&cal, t, 2)),
		  "2026-11-18T17:55:00+08:00");
	CHECK_INT(calendar_elapsed(&cal, t, t + 86400 * 30, 1), 0);
	CHECK_INT(calendar_is_workday(&cal, day("2026-11-23")), 0);

	/* One make-up Sunday is the only working time there is. */
	calendar_add_makeup(&cal, day("2026-11-22"));
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10m", 1),
		  "2026-11-22T09:10:00+08:00");
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "1wd", 1),
		  "2026-11-22T17:55:00+08:00");
	/* 9 hours on that Sunday, then the rest as wall-clock time. */
	CHECK_STR(deadline(&cal, "2026-11-20T17:55", "10h", 1),
		  "2026-11-22T19:00:00+08:00");
	calendar_release(&cal);
}

static void
test_iso_weeks(void)
{
	int32_t mon = 0, n;
	int y, w, ok = 1;
	char buf[16];

	CHECK_INT(iso_week_monday(2026, 53, &mon), 0);
	CHECK_STR(date_format(mon, buf), "2026-12-28");
	CHECK_INT(iso_week_monday(2026, 1, &mon), 0);
	CHECK_STR(date_format(mon, buf), "2025-12-29");
	CHECK_INT(iso_week_monday(2026, 47, &mon), 0);
	CHECK_STR(date_format(mon, buf), "2026-11-16");
	CHECK_INT(iso_week_monday(2020, 53, &mon), 0);
	CHECK_STR(date_format(mon, buf), "2020-12-28");
	CHECK_INT(iso_week_monday(2025, 53, &mon), -1);
	CHECK_INT(iso_week_monday(2026, 54, &mon), -1);
	CHECK_INT(iso_week_monday(2026, 0, &mon), -1);
	CHECK_INT(iso_week_monday(2026, -1, &mon), -1);

	day_iso_week(day("2027-01-01"), &y, &w);
	CHECK(y == 2026 && w == 53);
	day_iso_week(day("2024-12-30"), &y, &w);
	CHECK(y == 2025 && w == 1);
	day_iso_week(day("2026-11-20"), &y, &w);
	CHECK(y == 2026 && w == 47);
	day_iso_week(day("2027-01-04"), &y, &w);
	CHECK(y == 2027 && w == 1);
	day_iso_week(day("2021-01-03"), &y, &w);
	CHECK(y == 2020 && w == 53);

	/* Every day lies in the week whose Monday iso_week_monday() gives. */
	for (n = ymd_to_day(1990, 1, 1); n < ymd_to_day(2040, 1, 1); n++) {
		day_iso_week(n, &y, &w);
		if (iso_week_monday(y, w, &mon) || mon > n || n - mon > 6 ||
		    day_weekday(mon) != 1)
			ok = 0;
	}
	CHECK(ok);
}

/*
 * Long spans of time (a pause of decades in a hostile record) are
 * counted fast and still exactly, across changes of offset, in zones
 * with and without summer time; and adding the time back gives the end.
 */
static void
test_long_elapsed(void)
{
	static const char *const zones[] = {
		"Asia/Shanghai", "Europe/Berlin", "America/Sao_Paulo",
		"Africa/Casablanca", "Australia/Lord_Howe", NULL
	};
	struct calendar cal;
	unsigned seed = 12345;

	calendar_init(&cal);
	calendar_add_holiday(&cal, ymd_to_day(2026, 10, 1));
	calendar_add_makeup(&cal, ymd_to_day(2026, 9, 27));
	for (int z = 0; zones[z]; z++) {
		CHECK_INT(clock_set_timezone(zones[z]), 0);
		for (int i = 0; i < 40; i++) {
			time_t a = 946684800 + (time_t)(rand_r(&seed) % 1500000000);
			time_t b = a + (time_t)(rand_r(&seed) % 400000000);
			long long want = elapsed_by_spans(&cal, a, b);
			long long got = calendar_elapsed(&cal, a, b, 1);

			CHECK_INT(got, want);
			/* Within the ten years calendar_add_seconds()
			 * searches for working time. */
			if (i % 8 == 0 && got > 0 && got < 60000000) {
				time_t end = calendar_add_seconds(&cal, a, got, 1);

				CHECK_INT(calendar_elapsed(&cal, a, end, 1), got);
			}
		}
	}
	calendar_release(&cal);
	CHECK_INT(clock_set_timezone("Asia/Shanghai"), 0);
}

int
main(void)
{
	test_timezone();
	test_clock_now();
	test_days();
	test_time_parse();
	test_time_format();
	test_dst();
	test_durations();
	test_calendar_setup();
	test_calendar_minutes();
	test_calendar_days();
	test_elapsed();
	test_long_elapsed();
	test_no_workdays();
	test_iso_weeks();
	return unit_done("clock");
}
