/*
 * Service care (客户关怀, DESIGN §1, §2): care plans for customers
 * (care/<customer>.json): an owner, regular visits, greetings on the
 * customer's occasions and before public holidays.  The follow-up calls
 * after a ticket is closed are lib/ticket's (followup.h).
 *
 * The policy here is pure: functions of the configuration, the calendar
 * and the times given, no I/O, no clock.
 */
#ifndef PLAINDESK_CARE_H
#define PLAINDESK_CARE_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include "config.h"

extern const char *const care_event_types[];	/* plan visit touch end */
extern const char *const visit_outcomes[];	/* done unreachable */
extern const char *const touch_whats[];		/* greeting gift other */

/*
 * The day an occasion "MM-DD" falls on in year (02-29 on 02-28 in other
 * years); -1 for a date that no year has.
 */
int32_t occasion_day(const char *mmdd, int year);

/* The first day on or after from that occasion mmdd falls on. */
int32_t occasion_next(const char *mmdd, int32_t from);

/* Is mmdd "MM-DD" a date some year has (02-29 included)? */
int occasion_valid(const char *mmdd);

/*
 * Public holidays as runs: the days of holidays.csv of kind holiday with
 * one name and no working day between them.  greet is the working day
 * before the run's first day (when a greeting is due).
 */
struct holiday_run {
	char name[64];
	int32_t first, last, greet;
};

/*
 * The runs among n holidays (days[i] named names[i], in any order) on
 * calendar cal: a new array (caller frees) of *nruns, by first day.
 */
struct holiday_run *holiday_runs(const struct calendar *cal,
				 const int32_t *days, const char *const *names,
				 size_t n, size_t *nruns);

/*
 * The state of care plan rec folded from its events (a new object, keys
 * as DESIGN §2).  plan sets the owner, every, occasions, holidays and
 * goals and makes the plan active; visit sets last_visit_at when done;
 * plan and visit take next_visit_due from their next_due; end ends it.
 */
json_t *care_fold(json_t *rec);

/* Validate a care plan: 0, or PD_EDATA with a message. */
int care_validate(json_t *rec);

#endif
