/*
 * Money as exact integers in the minor unit of the store's currency (分
 * for CNY, DESIGN §8): decimals of at most two places parsed without
 * floating point, printed back with two places, summed, and compared as
 * a percentage.  No floats anywhere.
 */
#ifndef PLAINDESK_MONEY_H
#define PLAINDESK_MONEY_H

typedef long long money_t;

/* The largest amount taken: 10^12 minor units (10,000,000,000.00). */
#define MONEY_MAX 1000000000000LL
#define MONEY_BUFSZ 32

/*
 * "1200", "1200.5", "1200.50" into minor units.  Negative amounts, more
 * than two decimal places, anything that is not a plain decimal (signs,
 * separators, exponents, spaces) and amounts over MONEY_MAX are refused:
 * PD_EDATA with "invalid amount 'x' (...)" recorded.  0 on success.
 */
int money_parse(const char *s, money_t *out);

/* "-1234.50" of v minor units; returns buf. */
char *money_format(money_t v, char buf[MONEY_BUFSZ]);

/*
 * part as a percentage of base in tenths of a percent, rounded half away
 * from zero (-41 for -4.1 %).  Returns 0, or -1 when base is 0.
 */
int money_percent_tenths(money_t part, money_t base, long long *tenths);

/* "-4.1%" or "+12.5%" of a value in tenths; returns buf. */
char *percent_format(long long tenths, char buf[MONEY_BUFSZ]);

#endif
