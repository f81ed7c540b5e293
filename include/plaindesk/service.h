/*
 * 会务 services (DESIGN §8), the pure part: the enums, the service events
 * of a meeting and the checks of their fields, the `service` block that
 * the events make (one fold, as the state block is made), and what is
 * derived when it is shown: each task's due time and state (late,
 * missed, overdue; the equipment-test rule), the budget's sums and
 * variances, the sign-in counts.  No I/O, no clock.
 *
 * The events are the truth: the block is rewritten from them on every
 * change and by the merge driver, and plaindesk-check verifies that the
 * two agree.  An event that names a task, line or incident the block does
 * not have (a hand edit, two clones that changed the same meeting) is
 * passed over by the fold.
 */
#ifndef PLAINDESK_SERVICE_H
#define PLAINDESK_SERVICE_H

#include <time.h>
#include <jansson.h>
#include "config.h"
#include "minutes.h"
#include "money.h"

/* 文秘信息组 后勤保障组 车辆运输组 */
extern const char *const service_groups[];
/* venue equipment catering accommodation transport materials printing
 * gifts staff other */
extern const char *const budget_categories[];
/* What a task event may set: done failed skipped. */
extern const char *const task_statuses[];
/* The meeting events of 会务: service-plan, service-task, ... */
extern const char *const service_event_types[];

/* The key of the equipment test, which the rule of §8 judges. */
#define TASK_EQUIPMENT_TEST "av-test"
#define TASK_INSPECT "inspect"
#define TASK_SUMMARY "summary"
/* The keys add-task gives: "extra-1", "extra-2", ... */
#define TASK_EXTRA_PREFIX "extra-"

/* Limits of what a service event holds. */
#define SERVICE_MAX_QTY 1000000L
#define SERVICE_MAX_HEADCOUNT 1000000L

/* Is type one of service_event_types? */
int service_event_type(const char *type);

/*
 * Check the fields of service event e (its id, at, by and type are the
 * meeting's to check); where names it in messages ("event 7").  With
 * text_rules the text limits of DESIGN §2 apply too.  0 or PD_EDATA.
 */
int service_event_validate(json_t *e, const char *where, int text_rules);

/*
 * Events in an order that makes sense: no service event before the first
 * service-plan.  0 or PD_EDATA naming the event.
 */
int service_events_order(json_t *events);

/*
 * The service block that rec's events make (a new reference), or NULL
 * when there is no service-plan event.
 */
json_t *service_fold(json_t *rec);

/* The task of the block with key, or NULL. */
json_t *service_task(json_t *service, const char *key);

/* What a task is when shown at now. */
enum task_state {
	TS_OPEN, TS_DONE, TS_LATE, TS_MISSED, TS_OVERDUE, TS_FAILED,
	TS_SKIPPED
};
/* "open" "done" "late" "missed" "overdue" "failed" "skipped" */
extern const char *const task_state_names[];

/*
 * The due time of task in meeting rec: its own "due", else the planned
 * start or end plus its offset; the equipment test's is the start minus
 * cfg->equipment_test_before.  0 when it cannot be read.
 */
time_t task_due(const struct config *cfg, json_t *rec, json_t *task);

/*
 * The state of task at now (DESIGN §8): done after its due time is
 * late; a required task not done when the meeting ended (for a task due
 * by then) is missed; open past its due time, overdue.  The equipment
 * test is on time when done by its due time, late when done by the
 * start, missed when done after the start or not done by it.
 */
enum task_state task_state(const struct config *cfg, json_t *rec,
			   json_t *task, time_t now);

/* Does a required task in this state fail `status --check`? */
int task_state_is_problem(enum task_state s);

/*
 * The equipment test's lead time: minutes between its done_at and the
 * planned start (negative when done after it).  0 when not done.
 */
int equipment_lead_minutes(json_t *rec, json_t *task, long *minutes);

/* Sums of budget lines. */
struct budget_sum {
	money_t original, planned, actual;
	long lines, with_actual;
};

/* The sums of the block's lines of category (NULL: every line). */
void budget_sum(json_t *service, const char *category,
		struct budget_sum *sum);

/* What `budget --check` finds: a line (or the whole) spending more than
 * planned, or a plan over the approved total. */
struct budget_check {
	long lines_over;	/* lines whose actual exceeds planned */
	int total_over;		/* the actual total exceeds the planned */
	int over_approved;	/* the planned total exceeds the approved */
};
void budget_check(json_t *service, struct budget_check *bc);

/* The sign-in counts `checkin` prints: everyone signed in, the guests
 * among them, the invited attendees. */
struct checkin_counts {
	long signed_in, guests, invited;
};
void checkin_count(json_t *rec, struct checkin_counts *cc);

/*
 * Attendance from the sign-ins (mtg-minutes record --from-checkin): staff
 * signed in by the planned start plus cfg->start_grace are added to
 * in->present, later ones to in->late, and required attendees not
 * signed in to in->absent.  People in named
 * (staff ids the minutes name already) keep what the minutes say.
 */
void checkin_attendance(const struct config *cfg, json_t *rec,
			const struct strlist *named, struct minutes_input *in);

#endif
