/*
 * A minimal unit-test harness: CHECK() and friends count and report,
 * UNIT_SKIP() counts a part that could not run here, and unit_done()
 * prints the summary line the test runner adds up.
 */
#ifndef PLAINDESK_UNIT_H
#define PLAINDESK_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed, unit_skipped;

#define CHECK(cond) do { \
	if (cond) unit_passed++; \
	else { unit_failed++; \
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ == b_) unit_passed++; \
	else { unit_failed++; fprintf(stderr, \
		"%s:%d: FAIL: %s == %s (%lld != %lld)\n", \
		__FILE__, __LINE__, #a, #b, a_, b_); } \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (a_ && b_ && strcmp(a_, b_) == 0) unit_passed++; \
	else { unit_failed++; fprintf(stderr, \
		"%s:%d: FAIL: %s == %s (\"%s\" != \"%s\")\n", \
		__FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", \
		b_ ? b_ : "(null)"); } \
} while (0)

/* A part of the tests skipped, and why (one line on stdout). */
#define UNIT_SKIP(why) do { \
	unit_skipped++; printf("skipped: %s\n", (why)); \
} while (0)

/*
 * Print "unit NAME: N passed, M failed" (", K skipped" when some were)
 * and return the exit status.
 */
static inline int
unit_done(const char *name)
{
	printf("unit %s: %d passed, %d failed", name, unit_passed,
	       unit_failed);
	if (unit_skipped)
		printf(", %d skipped", unit_skipped);
	printf("\n");
	return unit_failed ? 1 : 0;
}

#endif
