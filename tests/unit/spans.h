/*
 * The working time between two instants placed span by span on the
 * clock, day by day: the slow, obvious way that calendar_elapsed(), which
 * counts long stretches faster, must agree with.  For the unit tests and
 * the pause fuzzer.
 */
#ifndef PLAINDESK_TEST_SPANS_H
#define PLAINDESK_TEST_SPANS_H

#include "plaindesk/clock.h"

static long long
elapsed_by_spans(const struct calendar *cal, time_t a, time_t b)
{
	long long total = 0;

	for (int32_t day = time_day(a); day <= time_day(b); day++) {
		if (!calendar_is_workday(cal, day))
			continue;
		for (int i = 0; i < cal->nspans; i++) {
			time_t s = day_at(day, cal->spans[i].start);
			time_t e = day_at(day, cal->spans[i].end);

			s = s < a ? a : s;
			e = e > b ? b : e;
			total += e > s ? e - s : 0;
		}
	}
	return total;
}

#endif
