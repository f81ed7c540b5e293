/*
 * Money in minor units: parsing, printing and percentages with integer
 * arithmetic only (see include/plaindesk/money.h).
 */
#include <stdio.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/money.h"
#include "plaindesk/util.h"

/* Wide enough for a sum of amounts times 1000. */
__extension__ typedef __int128 wide;

static int
refuse(const char *s, const char *why)
{
	return pd_error(PD_EDATA, "invalid amount '%s' (%s)", s, _(why));
}

int
money_parse(const char *s, money_t *out)
{
	money_t units = 0;
	const char *p = s;
	int places = 0;

	*out = 0;
	if (*p == '-')
		return refuse(s, N_("negative amounts are not taken"));
	if (*p < '0' || *p > '9')
		return refuse(s, N_("expected e.g. 1200 or 1200.50"));
	for (; *p >= '0' && *p <= '9'; p++) {
		units = units * 10 + (*p - '0');
		if (units > MONEY_MAX / 100)
			return refuse(s, N_("more than 10000000000.00"));
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (++places > 2)
				return refuse(s, N_("at most two decimal places"));
		if (places == 0)
			return refuse(s, N_("expected e.g. 1200 or 1200.50"));
	}
	if (*p)
		return refuse(s, N_("expected e.g. 1200 or 1200.50"));
	units *= 100;
	if (places) {
		const char *dot = strchr(s, '.');

		units += (dot[1] - '0') * 10;
		if (places == 2)
			units += dot[2] - '0';
	}
	if (units > MONEY_MAX)
		return refuse(s, N_("more than 10000000000.00"));
	*out = units;
	return 0;
}

char *
money_format(money_t v, char buf[MONEY_BUFSZ])
{
	unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;

	snprintf(buf, MONEY_BUFSZ, "%s%llu.%02llu", v < 0 ? "-" : "", a / 100,
		 a % 100);
	return buf;
}

int
money_percent_tenths(money_t part, money_t base, long long *tenths)
{
	/* part * 1000 can pass 2^63 for sums of large amounts. */
	wide num = (wide)part * 1000, b = base, q;

	*tenths = 0;
	if (base == 0)
		return -1;
	if (b < 0) {
		b = -b;
		num = -num;
	}
	q = num / b;
	if ((num % b) * 2 >= b)
		q++;
	else if ((num % b) * 2 <= -b)
		q--;
	*tenths = (long long)q;
	return 0;
}

char *
percent_format(long long tenths, char buf[MONEY_BUFSZ])
{
	unsigned long long a = tenths < 0 ? 0ULL - (unsigned long long)tenths
					  : (unsigned long long)tenths;

	snprintf(buf, MONEY_BUFSZ, "%s%llu.%llu%%",
		 tenths < 0 ? "-" : tenths > 0 ? "+" : "", a / 10, a % 10);
	return buf;
}
