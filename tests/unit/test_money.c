/*
 * Unit tests for money in minor units: parsing, refusals, printing, sums
 * without rounding error, and percentages.
 */
#include "plaindesk/money.h"
#include "plaindesk/util.h"
#include "unit.h"

static money_t
amount(const char *s)
{
	money_t v = -1;

	CHECK_INT(money_parse(s, &v), 0);
	return v;
}

static void
test_parse(void)
{
	CHECK_INT(amount("0"), 0);
	CHECK_INT(amount("1200"), 120000);
	CHECK_INT(amount("1200.5"), 120050);
	CHECK_INT(amount("1200.50"), 120050);
	CHECK_INT(amount("0.01"), 1);
	CHECK_INT(amount("007.10"), 710);
	CHECK_INT(amount("10000000000"), MONEY_MAX);
	CHECK_INT(amount("10000000000.00"), MONEY_MAX);
}

static void
test_refusals(void)
{
	static const char *const bad[] = {
		"", "-1", "-0.01", "+1", "1.234", "0.001", "1.", ".5", "1e3",
		"1,200", " 1", "1 ", "12a", "0x10", "10000000000.01",
		"99999999999999999999999", "1.2.3", "１２", NULL
	};
	money_t v;

	for (int i = 0; bad[i]; i++) {
		int rc = money_parse(bad[i], &v);

		CHECK_INT(rc, PD_EDATA);
		if (rc != PD_EDATA)
			fprintf(stderr, "  taken: '%s'\n", bad[i]);
	}
	money_parse("1.234", &v);
	CHECK_STR(pd_errmsg(), "invalid amount '1.234' (at most two decimal places)");
	money_parse("-5", &v);
	CHECK_STR(pd_errmsg(), "invalid amount '-5' (negative amounts are not taken)");
}

static void
test_format_and_sums(void)
{
	char buf[MONEY_BUFSZ];

	/* The sum a float gets wrong. */
	CHECK_STR(money_format(amount("0.1") + amount("0.2"), buf), "0.30");
	CHECK_STR(money_format(0, buf), "0.00");
	CHECK_STR(money_format(5, buf), "0.05");
	CHECK_STR(money_format(-50, buf), "-0.50");
	CHECK_STR(money_format(-123456, buf), "-1234.56");
	CHECK_STR(money_format(MONEY_MAX, buf), "10000000000.00");
	{
		money_t sum = 0, cent = amount("0.01");

		for (int i = 0; i < 1000; i++)
			sum += cent;
		CHECK_STR(money_format(sum, buf), "10.00");
		sum = 0;
		for (int i = 0; i < 10000; i++)
			sum += MONEY_MAX;
		CHECK_STR(money_format(sum, buf), "100000000000000.00");
	}
}

static void
test_percent(void)
{
	long long t;
	char buf[MONEY_BUFSZ];

	CHECK_INT(money_percent_tenths(-50000, 1200000, &t), 0);
	CHECK_INT(t, -42);		/* -4.1666... */
	CHECK_STR(percent_format(t, buf), "-4.2%");
	CHECK_INT(money_percent_tenths(1, 8, &t), 0);
	CHECK_INT(t, 125);		/* 12.5 exactly */
	CHECK_STR(percent_format(t, buf), "+12.5%");
	CHECK_INT(money_percent_tenths(-1, 2000, &t), 0);
	CHECK_INT(t, -1);		/* -0.05 rounds away from zero */
	CHECK_INT(money_percent_tenths(0, 5, &t), 0);
	CHECK_STR(percent_format(t, buf), "0.0%");
	CHECK_INT(money_percent_tenths(5, 0, &t), -1);
	/* Sums far past 2^63 / 1000 do not overflow. */
	CHECK_INT(money_percent_tenths(MONEY_MAX * 10000, MONEY_MAX * 5000,
				       &t), 0);
	CHECK_INT(t, 2000);
}

int
main(void)
{
	test_parse();
	test_refusals();
	test_format_and_sums();
	test_percent();
	return unit_done("money");
}
