/*
 * Time: the clock, strict parsing and printing of times, dates and
 * durations, and the working-day calendar that SLA deadlines are counted
 * on (DESIGN §3, §5).  Dates are proleptic Gregorian day numbers, day 0 =
 * 1970-01-01; local clock times follow the process time zone.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plaindesk/clock.h"
#include "plaindesk/util.h"

#define ZONEINFO_DIR "/usr/share/zoneinfo/"

/*
 * How far the calendar looks for working time before it gives up: a
 * calendar without any working day must not hang a deadline computation.
 */
#define CAL_SEARCH_DAYS 3660

/* Duration limits: 3660 days' worth (DESIGN §3). */
#define DUR_MAX_MINUTES 527040L
#define DUR_MAX_DAYS 3660L
#define DUR_MAX_WORKDAYS 2600L

/* Zone names: a relative path of these characters, no "..". */
static int
tz_name_ok(const char *tz)
{
	const char *p;

	if (!*tz || *tz == '/' || strlen(tz) > 255 || strstr(tz, ".."))
		return 0;
	/* "right/" zones count leap seconds: time_t arithmetic breaks. */
	if (!strncmp(tz, "right/", 6))
		return 0;
	for (p = tz; *p; p++)
		if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') ||
		      ('0' <= *p && *p <= '9') || strchr("/_+-.", *p)))
			return 0;
	return 1;
}

/* Is path a compiled zone file (not zone.tab, leapseconds and the like)? */
static int
is_tzif(const char *path)
{
	struct stat st;
	char magic[4];
	int fd, ok;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = !fstat(fd, &st) && S_ISREG(st.st_mode) &&
	     read(fd, magic, 4) == 4 && !memcmp(magic, "TZif", 4);
	close(fd);
	return ok;
}

char *
clock_zone_file(const char *tz)
{
	return xasprintf("%s%s", ZONEINFO_DIR, tz);
}

int
clock_set_timezone(const char *tz)
{
	char *path;
	int known;

	if (!tz || !tz_name_ok(tz)) {
		pd_error(PD_ECONFIG, "invalid time zone '%s'", tz ? tz : "");
		return -1;
	}
	path = clock_zone_file(tz);
	known = is_tzif(path);
	free(path);
	if (!known) {
		pd_error(PD_ECONFIG, "unknown time zone '%s'", tz);
		return -1;
	}
	if (setenv("TZ", tz, 1))
		return -1;
	tzset();
	return 0;
}

int
clock_now(time_t *now)
{
	const char *env = getenv("PLAINDESK_NOW");

	if (env && *env) {
		if (time_parse(env, now) < 0) {
			pd_error(PD_EUSAGE, "invalid $PLAINDESK_NOW '%s'", env);
			return -1;
		}
		return 0;
	}
	*now = time(NULL);
	return 0;
}

/* Days and dates: Howard Hinnant's days_from_civil and civil_from_days. */

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long y, int m)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

int32_t
ymd_to_day(int y, int m, int d)
{
	long yy = (long)y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void
day_to_ymd(int32_t day, int *y, int *m, int *d)
{
	long z = (long)day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
day_weekday(int32_t day)
{
	int w = (int)(((long)day + 4) % 7);

	return w < 0 ? w + 7 : w;
}

/* Read exactly n digits at *p into *v and advance; 0 or -1. */
static int
get_digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int
expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* "YYYY-MM-DD" at *p, advancing past it; 0 or -1 if not a real date. */
static int
get_date(const char **p, int *y, int *m, int *d)
{
	if (get_digits(p, 4, y) || expect(p, '-') || get_digits(p, 2, m) ||
	    expect(p, '-') || get_digits(p, 2, d))
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int
date_parse(const char *s, int32_t *day)
{
	int y, m, d;

	if (get_date(&s, &y, &m, &d) || *s)
		return -1;
	*day = ymd_to_day(y, m, d);
	return 0;
}

char *
date_format(int32_t day, char buf[16])
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* Local clock times. */

/*
 * The local wall-clock time of t as seconds on the day-number axis (a
 * "local key"), and the offset from UTC in effect at t.
 */
static long long
local_key(time_t t, long *offset)
{
	struct tm tm;

	if (!localtime_r(&t, &tm)) {
		if (offset)
			*offset = 0;
		return (long long)t;
	}
	if (offset)
		*offset = tm.tm_gmtoff;
	return (long long)ymd_to_day(tm.tm_year + 1900, tm.tm_mon + 1,
				     tm.tm_mday) * 86400 +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/* No zone has ever been 16 hours or more from UTC. */
#define MAX_OFFSET (16 * 3600L)

/*
 * The first instant at which the local clock shows at least second sec
 * (0..86400) of day.  A time that occurs twice (the hour repeated when
 * summer time ends) gives its first occurrence; one that does not occur
 * (skipped when summer time starts) gives the instant the clock jumps.
 *
 * Rather than mktime(), whose choice in those cases varies and which is
 * slow in zones without summer time when asked about it, this tries each
 * offset in effect near the wanted time and keeps the earliest instant
 * that reads back as that time.
 */
static time_t
local_instant(int32_t day, long sec)
{
	long long target = (long long)day * 86400 + sec;
	long offsets[5], off;
	time_t t, best = 0, lo, hi, mid;
	int i, j, n = 0, found = 0;

	for (i = -2; i <= 2; i++) {
		local_key((time_t)(target + i * MAX_OFFSET / 2), &off);
		for (j = 0; j < n && offsets[j] != off; j++)
			;
		if (j == n)
			offsets[n++] = off;
	}
	for (i = 0; i < n; i++) {
		t = (time_t)(target - offsets[i]);
		if (local_key(t, NULL) == target && (!found || t < best)) {
			best = t;
			found = 1;
		}
	}
	if (found)
		return best;

	/* In a gap: find where the clock first reaches the target. */
	lo = (time_t)(target - MAX_OFFSET);
	hi = (time_t)(target + MAX_OFFSET);
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (local_key(mid, NULL) >= target)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int32_t
time_day(time_t t)
{
	long long key = local_key(t, NULL);

	return (int32_t)((key >= 0 ? key : key - 86399) / 86400);
}

time_t
day_start(int32_t day)
{
	return local_instant(day, 0);
}

time_t
day_at(int32_t day, int min)
{
	return local_instant(day, (long)min * 60);
}

static int time_parse_text(const char *s, time_t *t);

/*
 * Instants from 0001-01-02 to 9999-12-30 (UTC) only: within a day of the
 * ends of the four-digit years, some zone's offset would print them with
 * a year time_parse() does not read back ("-001", "10000").
 */
int
time_parse(const char *s, time_t *t)
{
	time_t v;

	if (time_parse_text(s, &v) < 0 ||
	    v < (time_t)ymd_to_day(1, 1, 2) * 86400 ||
	    v > (time_t)ymd_to_day(9999, 12, 30) * 86400)
		return -1;
	*t = v;
	return 0;
}

static int
time_parse_text(const char *s, time_t *t)
{
	int y, m, d, hh = 0, mm = 0, ss = 0, oh, om, sign;
	long long secs;
	int32_t day;

	if (get_date(&s, &y, &m, &d))
		return -1;
	day = ymd_to_day(y, m, d);
	if (!*s) {
		*t = local_instant(day, 0);
		return 0;
	}
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (get_digits(&s, 2, &hh) || expect(&s, ':') ||
	    get_digits(&s, 2, &mm))
		return -1;
	if (*s == ':' && (s++, get_digits(&s, 2, &ss)))
		return -1;
	/* RFC 3339 fractions of a second (JavaScript writes them): the
	 * clock keeps whole seconds. */
	if (*s == '.' && ss >= 0) {
		int n = 0;

		for (s++; *s >= '0' && *s <= '9'; s++)
			n++;
		if (n == 0 || n > 9)
			return -1;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	secs = hh * 3600L + mm * 60L + ss;
	if (!*s) {
		*t = local_instant(day, (long)secs);
		return 0;
	}

	if ((*s == 'Z' || *s == 'z') && !s[1]) {
		*t = (time_t)((long long)day * 86400 + secs);
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (get_digits(&s, 2, &oh) || expect(&s, ':') ||
	    get_digits(&s, 2, &om) || *s || oh > 23 || om > 59)
		return -1;
	*t = (time_t)((long long)day * 86400 + secs -
		      sign * (oh * 3600L + om * 60L));
	return 0;
}

char *
time_format(time_t t, char buf[TIME_BUFSZ])
{
	struct tm tm;
	long off;
	char sign = '+';

	/* Only absurd times (years past int) fall back to the plain number. */
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, TIME_BUFSZ, "%lld", (long long)t);
		return buf;
	}
	off = tm.tm_gmtoff;
	/*
	 * Local mean time before 1901 has offsets with seconds (+08:05:43)
	 * that RFC 3339 cannot write: print the offset to the minute and the
	 * clock time that goes with it, so the text is still the instant.
	 */
	if (off % 60) {
		time_t shown = t + off / 60 * 60;

		off = off / 60 * 60;
		if (!gmtime_r(&shown, &tm)) {
			snprintf(buf, TIME_BUFSZ, "%lld", (long long)t);
			return buf;
		}
	}
	if (off < 0) {
		sign = '-';
		off = -off;
	}
	if (snprintf(buf, TIME_BUFSZ,
		     "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		     tm.tm_min, tm.tm_sec, sign, (int)(off / 3600 % 24),
		     (int)(off / 60 % 60)) >= TIME_BUFSZ)
		snprintf(buf, TIME_BUFSZ, "%lld", (long long)t);
	return buf;
}

/* Durations. */

/* A run of digits at *p (at least one), capped so it cannot overflow. */
static int
get_number(const char **p, long *v)
{
	const char *s = *p;

	*v = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (*v > 100000000L)
			return -1;
		*v = *v * 10 + (*s - '0');
	}
	*p = s;
	return 0;
}

int
duration_parse(const char *s, struct duration *d)
{
	enum dur_unit unit = DUR_MINUTES;
	long n, m, max = DUR_MAX_MINUTES;

	if (get_number(&s, &n))
		return -1;
	if (!strcmp(s, "d")) {
		unit = DUR_DAYS;
		max = DUR_MAX_DAYS;
	} else if (!strcmp(s, "wd")) {
		unit = DUR_WORKDAYS;
		max = DUR_MAX_WORKDAYS;
	} else if (*s == 'h') {
		if (n > DUR_MAX_MINUTES / 60)
			return -1;
		n *= 60;
		if (*++s) {
			/* The minutes of "1h30m" stay below an hour. */
			if (get_number(&s, &m) || strcmp(s, "m") || m > 59)
				return -1;
			n += m;
		}
	} else if (strcmp(s, "m")) {
		return -1;
	}
	if (n <= 0 || n > max)
		return -1;
	d->unit = unit;
	d->n = n;
	return 0;
}

char *
duration_format(const struct duration *d, char buf[32])
{
	switch (d->unit) {
	case DUR_DAYS:
		snprintf(buf, 32, "%ldd", d->n);
		break;
	case DUR_WORKDAYS:
		snprintf(buf, 32, "%ldwd", d->n);
		break;
	default:
		if (d->n % 60 == 0)
			snprintf(buf, 32, "%ldh", d->n / 60);
		else if (d->n < 60)
			snprintf(buf, 32, "%ldm", d->n);
		else
			snprintf(buf, 32, "%ldh%ldm", d->n / 60, d->n % 60);
		break;
	}
	return buf;
}

/* The calendar. */

void
calendar_init(struct calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
	cal->workdays = 0x3e;	/* Monday to Friday */
	cal->spans[0].start = 9 * 60;
	cal->spans[0].end = 18 * 60;
	cal->nspans = 1;
}

void
calendar_release(struct calendar *cal)
{
	free(cal->holidays);
	free(cal->makeup);
	cal->holidays = cal->makeup = NULL;
	cal->nholidays = cal->nmakeup = 0;
}

/* "HH:MM" at *p as minutes; 24:00 only where allow_24 is set. */
static int
get_clock(const char **p, int allow_24, int *min)
{
	int h, m;

	if (get_digits(p, 2, &h) || expect(p, ':') || get_digits(p, 2, &m))
		return -1;
	if (m > 59 || h > 24 || (h == 24 && (!allow_24 || m)))
		return -1;
	*min = h * 60 + m;
	return 0;
}

int
span_parse(const char *s, struct cal_span *span)
{
	int start, end;

	if (get_clock(&s, 0, &start) || expect(&s, '-') ||
	    get_clock(&s, 1, &end) || *s || start >= end)
		return -1;
	span->start = start;
	span->end = end;
	return 0;
}

int
weekday_parse(const char *s)
{
	static const char *const names[] = {
		"sun", "mon", "tue", "wed", "thu", "fri", "sat"
	};
	int i;

	for (i = 0; i < 7; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

/* Insert day into the sorted array unless it is already there. */
static void
day_set_add(int32_t **days, size_t *n, int32_t day)
{
	size_t lo = 0, hi = *n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((*days)[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < *n && (*days)[lo] == day)
		return;
	*days = xrealloc(*days, (*n + 1) * sizeof(**days));
	memmove(*days + lo + 1, *days + lo, (*n - lo) * sizeof(**days));
	(*days)[lo] = day;
	(*n)++;
}

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* Add many days at once: one sort, whatever their order. */
static void
day_set_add_many(int32_t **days, size_t *n, const int32_t *add, size_t nadd)
{
	size_t out = 0;

	if (!nadd)
		return;
	*days = xrealloc(*days, (*n + nadd) * sizeof(**days));
	memcpy(*days + *n, add, nadd * sizeof(*add));
	*n += nadd;
	qsort(*days, *n, sizeof(**days), cmp_day);
	for (size_t i = 0; i < *n; i++)
		if (out == 0 || (*days)[out - 1] != (*days)[i])
			(*days)[out++] = (*days)[i];
	*n = out;
}

static int
day_set_has(const int32_t *days, size_t n, int32_t day)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (days[mid] == day)
			return 1;
		if (days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void
calendar_add_holiday(struct calendar *cal, int32_t day)
{
	day_set_add(&cal->holidays, &cal->nholidays, day);
}

void
calendar_add_makeup(struct calendar *cal, int32_t day)
{
	day_set_add(&cal->makeup, &cal->nmakeup, day);
}

void
calendar_add_days(struct calendar *cal, const int32_t *holidays, size_t nh,
		  const int32_t *makeup, size_t nm)
{
	day_set_add_many(&cal->holidays, &cal->nholidays, holidays, nh);
	day_set_add_many(&cal->makeup, &cal->nmakeup, makeup, nm);
}

/* A day listed both ways counts as worked: make-up days are checked first. */
int
calendar_is_workday(const struct calendar *cal, int32_t day)
{
	if (day_set_has(cal->makeup, cal->nmakeup, day))
		return 1;
	if (day_set_has(cal->holidays, cal->nholidays, day))
		return 0;
	return (cal->workdays >> day_weekday(day)) & 1;
}

/*
 * Days whose working time is the sum of the spans: local days first ..
 * last (a run of at most CHUNK_DAYS) keep one UTC offset throughout when
 * it is the same well before the first begins and well after the last
 * ends (no zone changes its offset twice within a few weeks).  Counting
 * such runs by the spans' lengths, rather than placing each span on the
 * clock, keeps the time a century of pauses takes to a few milliseconds.
 */
#define CHUNK_DAYS 16

static int
same_offset(int32_t first, int32_t last)
{
	long before, after;

	local_key((time_t)((long long)first * 86400 - MAX_OFFSET), &before);
	local_key((time_t)((long long)(last + 1) * 86400 + MAX_OFFSET), &after);
	return before == after;
}

/* Working seconds of a whole working day without an offset change. */
static long long
span_seconds(const struct calendar *cal)
{
	long long secs = 0;

	for (int i = 0; i < cal->nspans; i++)
		secs += (cal->spans[i].end - cal->spans[i].start) * 60LL;
	return secs;
}

/* What tells whether day lies in a run of days counted by the spans. */
struct flat_run {
	int32_t end;		/* the last day of the run looked at */
	int flat;
};

/* Is day, a whole day before limit, in a run of one offset? */
static int
in_flat_run(struct flat_run *run, int32_t day, int32_t limit)
{
	if (day > run->end) {
		run->end = day + CHUNK_DAYS - 1 < limit ? day + CHUNK_DAYS - 1
							: limit;
		run->flat = same_offset(day, run->end);
		/* Near a change of offset, day by day. */
		if (!run->flat && run->end > day) {
			run->end = day;
			run->flat = same_offset(day, day);
		}
	}
	return run->flat;
}

/* Bounds the wrong way round give the time between them, negated. */
long long
calendar_elapsed(const struct calendar *cal, time_t a, time_t b,
		 int business)
{
	struct flat_run run = {INT32_MIN, 0};
	int32_t day, first, last;
	long long total = 0, whole = span_seconds(cal);
	time_t s, e;
	int i;

	if (a > b)
		return -calendar_elapsed(cal, b, a, business);
	if (!business)
		return (long long)b - a;
	first = time_day(a);
	last = time_day(b);
	for (day = first; day <= last; day++) {
		if (!calendar_is_workday(cal, day))
			continue;
		if (day > first && day < last &&
		    in_flat_run(&run, day, last - 1)) {
			total += whole;
			continue;
		}
		for (i = 0; i < cal->nspans; i++) {
			s = day_at(day, cal->spans[i].start);
			e = day_at(day, cal->spans[i].end);
			if (s < a)
				s = a;
			if (e > b)
				e = b;
			if (e > s)
				total += e - s;
		}
	}
	return total;
}

/*
 * Working time is consumed span by span from t; the deadline is the
 * earliest instant at which secs have elapsed, so time that runs out at
 * the end of a span ends there.  Without working time in the search
 * window the rest is added as wall-clock time after the last working
 * instant found (or t).  secs <= 0 gives t.
 */
time_t
calendar_add_seconds(const struct calendar *cal, time_t t, long long secs,
		     int business)
{
	struct flat_run run = {INT32_MIN, 0};
	int32_t day, first, last_flat = INT32_MIN;
	long long whole = span_seconds(cal);
	time_t s, e, last = t;
	int i;

	if (!business)
		return t + (time_t)secs;
	if (secs <= 0)
		return t;
	first = time_day(t);
	for (day = first; day < first + CAL_SEARCH_DAYS; day++) {
		if (!calendar_is_workday(cal, day))
			continue;
		/* A whole day that does not use up the time: its spans'
		 * length, and its last span's end as the last instant. */
		if (day > first && secs > whole &&
		    in_flat_run(&run, day, first + CAL_SEARCH_DAYS - 1)) {
			secs -= whole;
			last_flat = day;
			continue;
		}
		last_flat = INT32_MIN;
		for (i = 0; i < cal->nspans; i++) {
			s = day_at(day, cal->spans[i].start);
			e = day_at(day, cal->spans[i].end);
			if (s < t)
				s = t;
			if (e <= s)
				continue;
			if (e - s >= secs)
				return s + (time_t)secs;
			secs -= e - s;
			last = e;
		}
	}
	if (last_flat != INT32_MIN)
		last = day_at(last_flat, cal->spans[cal->nspans - 1].end);
	return last + (time_t)secs;
}

/* Seconds since local midnight on the clock face of t. */
static long
clock_of_day(time_t t)
{
	long long sec = local_key(t, NULL) % 86400;

	return (long)(sec < 0 ? sec + 86400 : sec);
}

/*
 * The same clock time n working days after t (before it if n < 0).  With
 * no working day in reach it falls back to n calendar days.
 */
static time_t
shift_workdays(const struct calendar *cal, time_t t, long n)
{
	int32_t start = time_day(t), day = start;
	int step = n < 0 ? -1 : 1;
	long left = n < 0 ? -n : n;

	while (left > 0) {
		day += step;
		if ((day - start) * step > CAL_SEARCH_DAYS) {
			day = start + (int32_t)n;
			break;
		}
		if (calendar_is_workday(cal, day))
			left--;
	}
	return local_instant(day, clock_of_day(t));
}

time_t
calendar_add(const struct calendar *cal, time_t start,
	     const struct duration *d, int business)
{
	switch (d->unit) {
	case DUR_DAYS:
		return local_instant(time_day(start) + (int32_t)d->n,
				     clock_of_day(start));
	case DUR_WORKDAYS:
		return shift_workdays(cal, start, d->n);
	default:
		return calendar_add_seconds(cal, start, (long long)d->n * 60,
					    business);
	}
}

static time_t
calendar_next_working(const struct calendar *cal, time_t t)
{
	int32_t day, first = time_day(t);

	for (day = first; day < first + CAL_SEARCH_DAYS; day++) {
		if (!calendar_is_workday(cal, day))
			continue;
		for (int i = 0; i < cal->nspans; i++) {
			time_t s = day_at(day, cal->spans[i].start);
			time_t e = day_at(day, cal->spans[i].end);

			if (e < t)
				continue;
			return s > t ? s : t;
		}
	}
	return t;
}

time_t
calendar_deadline(const struct calendar *cal, time_t start,
		  const struct duration *d, int business)
{
	time_t due = calendar_add(cal, start, d, business);

	if (business && d->unit == DUR_DAYS)
		due = calendar_next_working(cal, due);
	return due;
}

time_t
calendar_sub_workdays(const struct calendar *cal, time_t t, long n)
{
	return shift_workdays(cal, t, -n);
}

/* ISO 8601 weeks. */

/* The Monday of ISO week 1 of year y: the week holding 4 January. */
static int32_t
iso_week1_monday(int y)
{
	int32_t jan4 = ymd_to_day(y, 1, 4);

	return jan4 - (day_weekday(jan4) + 6) % 7;
}

int
iso_week_monday(int y, int w, int32_t *monday)
{
	int32_t first;
	int weeks;

	if (y < 1 || y > 9999 || w < 1)
		return -1;
	first = iso_week1_monday(y);
	weeks = (iso_week1_monday(y + 1) - first) / 7;
	if (w > weeks)
		return -1;
	*monday = first + (w - 1) * 7;
	return 0;
}

void
day_iso_week(int32_t day, int *y, int *w)
{
	int32_t thursday = day - (day_weekday(day) + 6) % 7 + 3;
	int m, d;

	day_to_ymd(thursday, y, &m, &d);
	*w = (thursday - ymd_to_day(*y, 1, 1)) / 7 + 1;
}
