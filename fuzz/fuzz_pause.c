/*
 * libFuzzer harness for the clock's pause arithmetic: the working time
 * between two instants (calendar_elapsed(), what a pause costs a ticket)
 * and its inverse (calendar_add_seconds(), the deadline moved by it), on
 * calendars and in zones the input chooses, over the years a record may
 * hold.  Properties: the time between a and b is what placing each span
 * on the clock gives (over short ranges, where that is cheap), never
 * negative, additive (a..b plus b..c is a..c), and adding it back to a
 * reaches b's working time exactly; and however long the range, it is
 * computed in bounded time (libFuzzer's -timeout catches a stall).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/record.h"
#include "../tests/unit/spans.h"

static const char *const zones[] = {
	"Asia/Shanghai", "Europe/Berlin", "America/Sao_Paulo",
	"Africa/Casablanca", "Australia/Lord_Howe", "America/New_York",
	"Pacific/Chatham", "UTC"
};

static uint64_t
take(const uint8_t **p, size_t *left, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n && *left; i++, (*p)++, (*left)--)
		v = v << 8 | **p;
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 2000-01-01 .. 2099-12-31, the years a record may hold. */
	const time_t lo = 946684800, span = 4102444799 - 946684800;
	const uint8_t *p = data;
	size_t left = size;
	struct calendar cal;
	time_t a, b, c, t;
	long long ab, bc, ac;
	int nspans, minute = 0;

	if (size < 8)
		return 0;
	clock_set_timezone(zones[take(&p, &left, 1) % 8]);
	calendar_init(&cal);
	cal.workdays = (unsigned)take(&p, &left, 1) & 0x7f;
	nspans = 1 + (int)(take(&p, &left, 1) % 3);
	cal.nspans = 0;
	for (int i = 0; i < nspans && minute < 1440; i++) {
		int start = minute + (int)(take(&p, &left, 1) % 240);
		int len = 1 + (int)(take(&p, &left, 2) % 600);

		if (start >= 1440)
			break;
		cal.spans[cal.nspans].start = start;
		cal.spans[cal.nspans].end = start + len > 1440 ? 1440 : start + len;
		minute = cal.spans[cal.nspans++].end;
	}
	if (cal.nspans == 0) {
		cal.spans[0].start = 540;
		cal.spans[0].end = 1080;
		cal.nspans = 1;
	}
	for (int i = (int)(take(&p, &left, 1) % 4); i > 0; i--)
		calendar_add_holiday(&cal, 10957 + (int32_t)(take(&p, &left, 2) % 36524));
	for (int i = (int)(take(&p, &left, 1) % 4); i > 0; i--)
		calendar_add_makeup(&cal, 10957 + (int32_t)(take(&p, &left, 2) % 36524));
	/* Each bound a short or a long way after the one before it. */
	a = lo + (time_t)(take(&p, &left, 5) % (uint64_t)span);
	b = a + (time_t)(take(&p, &left, 1) & 1 ?
			 take(&p, &left, 3) % (40 * 86400) :
			 take(&p, &left, 5) % (uint64_t)(lo + span - a + 1));
	c = b + (time_t)(take(&p, &left, 1) & 1 ?
			 take(&p, &left, 3) % (40 * 86400) :
			 take(&p, &left, 5) % (uint64_t)(lo + span - b + 1));
	ab = calendar_elapsed(&cal, a, b, 1);
	bc = calendar_elapsed(&cal, b, c, 1);
	ac = calendar_elapsed(&cal, a, c, 1);
	if (ab < 0 || bc < 0 || ab + bc != ac ||
	    calendar_elapsed(&cal, b, a, 1) != -ab)
		abort();
	if (b - a < 60 * 86400 && elapsed_by_spans(&cal, a, b) != ab)
		abort();
	/* Added back: the earliest instant with that much working time. */
	if (ab > 0) {
		t = calendar_add_seconds(&cal, a, ab, 1);
		if (t > b || (b - a < 3000LL * 86400 &&
			      calendar_elapsed(&cal, a, t, 1) != ab))
			abort();
	}
	calendar_release(&cal);
	return 0;
}
