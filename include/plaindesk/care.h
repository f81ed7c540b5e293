/*
 * Service care (回访, 客户关怀, DESIGN §1, §2): follow-up calls after a
 * ticket is closed, and care plans for customers (care/<customer>.json):
 * an owner, regular visits, greetings on the customer's occasions and
 * before public holidays.
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
extern const char *const followup_outcomes[];	/* satisfied unsatisfied unreachable */
extern const char *const visit_outcomes[];	/* done unreachable */
extern const char *const touch_whats[];		/* greeting gift other */

/*
 * Does closing a ticket need a follow-up call?  A kind in
 * care.followup.kinds, a vip or key customer (tier at opening), or a
 * close the customer did not accept or scored 2 or less.
 */
int followup_required(const struct config *cfg, const char *kind,
		      const char *tier, int satisfaction, int accepted);

/*
 * When the call is due after a close at closed: care.followup.after, or
 * unsatisfied_after for a close not accepted or scored 2 or less, on the
 * policy clock (calendar_deadline()).
 */
time_t followup_due_after_close(const struct config *cfg, time_t closed,
				int satisfaction, int accepted);

/*
 * The next call after one at at with outcome: none (0) when satisfied;
 * unsatisfied_after later when unsatisfied; retry later when unreachable
 * while tries (the unreachable calls in a row, this one included) are
 * fewer than care.followup.attempts, else none: abandoned.
 */
time_t followup_next(const struct config *cfg, const char *outcome,
		     time_t at, int tries);

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
