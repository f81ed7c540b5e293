/*
 * libFuzzer harness for time_parse(), date_parse() and duration_parse():
 * whatever parses formats back to text that parses to the same value,
 * and a parsed duration added on the business calendar never goes back
 * in time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"

static struct calendar cal;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct cal_span am, pm;

	(void)argc;
	(void)argv;
	clock_set_timezone("Asia/Shanghai");
	calendar_init(&cal);
	span_parse("09:00-12:00", &am);
	span_parse("13:30-18:00", &pm);
	cal.spans[0] = am;
	cal.spans[1] = pm;
	cal.nspans = 2;
	calendar_add_holiday(&cal, ymd_to_day(2026, 10, 1));
	calendar_add_makeup(&cal, ymd_to_day(2026, 10, 10));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[TIME_BUFSZ], dbuf[32], day[16];
	struct duration d, d2;
	time_t t, t2;
	int32_t n, n2;

	memcpy(s, data, size);
	s[size] = '\0';
	if (time_parse(s, &t) == 0) {
		if (time_parse(time_format(t, buf), &t2) != 0 || t2 != t)
			abort();
	}
	if (date_parse(s, &n) == 0) {
		if (date_parse(date_format(n, day), &n2) != 0 || n2 != n)
			abort();
	}
	if (duration_parse(s, &d) == 0) {
		if (d.n <= 0 ||
		    duration_parse(duration_format(&d, dbuf), &d2) != 0 ||
		    d2.unit != d.unit || d2.n != d.n)
			abort();
		t = 1795000000;		/* 2026-11-18 */
		for (int business = 0; business < 2; business++)
			if (calendar_add(&cal, t, &d, business) < t)
				abort();
	}
	free(s);
	return 0;
}
