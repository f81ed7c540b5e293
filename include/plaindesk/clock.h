/*
 * Time: the clock, parsing and printing times and durations, and the
 * working-day calendar (weekdays, working hours, holidays and the weekend
 * days worked instead, 调休).
 *
 * Times are time_t (seconds since the epoch).  Local dates and clock times
 * are those of the process time zone, which clock_set_timezone() sets to
 * the store's zone (real tz rules from the system's zoneinfo).  A "day" is
 * a local calendar date as a day number: days since 1970-01-01.
 *
 * Everything here but clock_now() and clock_set_timezone() is a pure
 * function of its arguments and the time zone.
 */
#ifndef PLAINDESK_CLOCK_H
#define PLAINDESK_CLOCK_H

#include <stdint.h>
#include <stddef.h>
#include <time.h>

#define CAL_MAX_SPANS 8

/* A working span of a day, in minutes after local midnight: [start, end). */
struct cal_span {
	int start, end;
};

struct calendar {
	unsigned workdays;	/* bit i set: tm_wday i (0 = Sunday) is worked */
	struct cal_span spans[CAL_MAX_SPANS];
	int nspans;		/* ascending, not overlapping, at least 1 */
	int32_t *holidays;	/* sorted days off that would be worked */
	size_t nholidays;
	int32_t *makeup;	/* sorted days worked that would be off */
	size_t nmakeup;
};

enum dur_unit {
	DUR_MINUTES,		/* "45m", "2h", "1h30m": policy clock */
	DUR_DAYS,		/* "3d": calendar days */
	DUR_WORKDAYS		/* "2wd": working days */
};

struct duration {
	enum dur_unit unit;
	long n;			/* minutes, days or working days; > 0 */
};

/*
 * Set the process time zone (e.g. "Asia/Shanghai").  Returns 0, or -1 if
 * the zone is not a known zoneinfo name.
 */
int clock_set_timezone(const char *tz);
/* The system's file of the zone tz's rules (caller frees). */
char *clock_zone_file(const char *tz);

/*
 * The current time: $PLAINDESK_NOW (any form time_parse() takes) or the
 * system clock.  Returns 0, or -1 if $PLAINDESK_NOW does not parse.
 */
int clock_now(time_t *now);

/*
 * Parse "2026-11-25T14:00", "2026-11-25 14:00", "2026-11-25" (00:00),
 * optional ":SS", or RFC 3339 with "Z" or "+08:00".  Without an offset the
 * time is local.  Impossible dates and times (2026-02-30, 24:01) fail.
 * Returns 0 or -1.
 */
int time_parse(const char *s, time_t *t);

/* RFC 3339 in local time with numeric offset: 2026-11-23T09:05:00+08:00 */
#define TIME_BUFSZ 32
char *time_format(time_t t, char buf[TIME_BUFSZ]);

/* "YYYY-MM-DD" (strict, valid date) to a day number; 0 or -1. */
int date_parse(const char *s, int32_t *day);
/* Day number to "YYYY-MM-DD". */
char *date_format(int32_t day, char buf[16]);
void day_to_ymd(int32_t day, int *y, int *m, int *d);
int32_t ymd_to_day(int y, int m, int d);
/* 0 = Sunday .. 6 = Saturday */
int day_weekday(int32_t day);

/* The local day of t, and the instant of local 00:00 of day. */
int32_t time_day(time_t t);
time_t day_start(int32_t day);
/* The local instant of day at minute-of-day min (0..1440). */
time_t day_at(int32_t day, int min);

/*
 * Parse "45m", "2h", "1h30m", "3d", "2wd".  No sign, no zero, at most
 * 3660 days' worth (527,040 minutes, 3660 d, 2600 wd).  Returns 0 or -1.
 */
int duration_parse(const char *s, struct duration *d);
/* Print a duration in the same syntax; buf of at least 32. */
char *duration_format(const struct duration *d, char buf[32]);

/* Calendar set-up.  calendar_init(): Mon-Fri, 09:00-18:00, no holidays. */
void calendar_init(struct calendar *cal);
void calendar_release(struct calendar *cal);
/* "09:00-12:00" into a span; 0 or -1. */
int span_parse(const char *s, struct cal_span *span);
/* "mon".."sun" to tm_wday, or -1. */
int weekday_parse(const char *s);
/* Record a holiday or make-up working day (keeps the arrays sorted). */
void calendar_add_holiday(struct calendar *cal, int32_t day);
void calendar_add_makeup(struct calendar *cal, int32_t day);
/* Many at once (a register of any size and order, in n log n). */
void calendar_add_days(struct calendar *cal, const int32_t *holidays,
		       size_t nh, const int32_t *makeup, size_t nm);

/* Is this local day a working day? (holidays and make-up days win). */
int calendar_is_workday(const struct calendar *cal, int32_t day);

/*
 * Deadline: start + d.  DUR_MINUTES count working time of working days when
 * business is set (counting from the next working instant; the result is
 * the earliest instant at which the time has elapsed, so 1h from 11:00 with
 * spans 09:00-12:00, 13:30-18:00 is 12:00), else wall-clock minutes.
 * DUR_DAYS adds calendar days at the same local clock time.  DUR_WORKDAYS
 * lands on the same local clock time of the n-th next working day.
 */
time_t calendar_add(const struct calendar *cal, time_t start,
		    const struct duration *d, int business);

/*
 * An SLA deadline (DESIGN §5): start + d as calendar_add() counts it,
 * and with business set a DUR_DAYS deadline that falls outside working
 * time moves to the next working instant (2d from Thursday 17:55 before
 * a holiday Friday is not the Saturday, but Monday 09:00).
 */
time_t calendar_deadline(const struct calendar *cal, time_t start,
			 const struct duration *d, int business);

/* n working days before t: the same clock time on the n-th previous
 * working day. */
time_t calendar_sub_workdays(const struct calendar *cal, time_t t, long n);

/*
 * Time in seconds between a and b (a <= b) on the policy clock: working
 * time only when business is set, else b - a.
 */
long long calendar_elapsed(const struct calendar *cal, time_t a, time_t b,
			   int business);

/* Add secs seconds of policy-clock time to t (the inverse of the above). */
time_t calendar_add_seconds(const struct calendar *cal, time_t t,
			    long long secs, int business);

/* ISO 8601 week: the Monday of week w of ISO year y; -1 if no such week. */
int iso_week_monday(int y, int w, int32_t *monday);
/* The ISO year and week of a day. */
void day_iso_week(int32_t day, int *y, int *w);

#endif
