/*
 * Tickets: the enums, the header, the events, and the state derived from
 * them by one pure fold (DESIGN §2) that every program and plaindesk-check
 * use.  No I/O here.
 */
#ifndef PLAINDESK_TICKET_H
#define PLAINDESK_TICKET_H

#include <time.h>
#include <jansson.h>
#include "config.h"

extern const char *const ticket_kinds[];	/* inquiry complaint ... */
extern const char *const ticket_channels[];
extern const char *const complaint_categories[];
extern const char *const complaint_severities[];
extern const char *const ticket_statuses[];
extern const char *const ticket_causes[];
extern const char *const ticket_solutions[];
extern const char *const event_types[];		/* by enum ticket_event */
extern const char *const escalation_reasons[];	/* by enum escalation_reason */
extern const char *const customer_tiers[];
extern const char *const ticket_actions[];	/* ticket-update actions */

enum ticket_status { ST_OPEN, ST_ACKNOWLEDGED, ST_INVESTIGATING, ST_RESOLVED,
		     ST_CLOSED };

enum deadline_kind { DL_RESPONSE, DL_RESOLUTION };

/* The event types of a ticket (DESIGN §2): names and their strings. */
#define TICKET_EVENTS(X) \
	X(TEV_OPEN, "open") \
	X(TEV_ACK, "ack") \
	X(TEV_ASSIGN, "assign") \
	X(TEV_NOTE, "note") \
	X(TEV_CAUSE, "cause") \
	X(TEV_PLAN, "plan") \
	X(TEV_RESOLVE, "resolve") \
	X(TEV_CLOSE, "close") \
	X(TEV_REOPEN, "reopen") \
	X(TEV_PAUSE, "pause") \
	X(TEV_RESUME, "resume") \
	X(TEV_ESCALATE, "escalate") \
	X(TEV_WARN, "warn") \
	X(TEV_EXTEND, "extend") \
	X(TEV_NOTIFIED, "notified") \
	X(TEV_PLAN_APPROVED, "plan-approved") \
	X(TEV_FOLLOWUP, "followup") \
	X(TEV_NOTICE, "notice")

enum ticket_event {
	TEV_UNKNOWN = -1,
#define TICKET_EVENT_ENUM(id, name) id,
	TICKET_EVENTS(TICKET_EVENT_ENUM)
#undef TICKET_EVENT_ENUM
};

/* Why an escalation event was recorded; the breaches by deadline_kind. */
enum escalation_reason {
	ESC_RESPONSE_BREACH = DL_RESPONSE,
	ESC_RESOLUTION_BREACH = DL_RESOLUTION,
	ESC_MANUAL, ESC_START
};

/* The derived state of a ticket. */
struct ticket_state {
	enum ticket_status status;
	const char *assignee;	/* points into the record, or NULL */
	int level;		/* index into the ladder */
	time_t opened_at;
	time_t response_due, resolution_due;
	time_t responded_at, resolved_at, closed_at;	/* 0: none */
	int paused;
	time_t paused_since;
	/* Policy-clock seconds of the pauses that ended (resume). */
	long long paused_secs;
	/* What the escalation pass has done, per deadline: warned before
	 * it, and escalated on (or, at the top, announced) its breach. */
	int warned[2], escalated[2];
	int reopened;		/* ever reopened */
	/* The resolution deadline counts from opened_at, or the last
	 * reopen; the first one is what KPIs judge the first resolve by. */
	time_t resolution_start;
	time_t first_resolution_due;
	char rule[32];		/* the key of the SLA rule, "" for none */
	int plan_required;	/* the rule names a plan_approver */
	enum plan_status { PLAN_NONE, PLAN_PENDING, PLAN_APPROVED } plan;
	/* The follow-up call after close (DESIGN §1): when it is due (0:
	 * none pending), the unreachable calls in a row, and whether one
	 * was ever scheduled (the state block then shows followup_due). */
	time_t followup_due;
	int followup_tries, followup_scheduled;
};

/*
 * The SLA rule of ticket rec (config_rule() with its kind, severity,
 * channel and the customer tier recorded at opening).  1, or 0 if none.
 */
int ticket_rule(json_t *rec, const struct config *cfg, struct sla_rule *rule);

/*
 * Fold the events of rec into st.  The record must have passed
 * ticket_validate().  cfg gives the ladder, the SLA rule and the clock.
 *
 * Deadlines (DESIGN §5): both start from opened_at by the ticket's rule
 * (calendar_deadline(): a "d" deadline outside working time moves to the
 * next working instant), and the resolution deadline is never earlier
 * than the response deadline.  A resume moves the resolution deadline
 * later by the time paused, measured and added on the policy clock; an
 * extension adds its duration to the resolution deadline as it then
 * stands (its "until" when it has no duration).  Both apply in event
 * order.  An extension makes a new resolution deadline, so it is warned
 * about and escalated on once more; so does a reopen, whose deadline is
 * the rule's resolution time counted from the reopen.  Escalations never
 * lower the level.
 */
void ticket_fold(json_t *rec, const struct config *cfg, struct ticket_state *st);

/* The "state" object of a record for st (DESIGN §2 key order). */
json_t *ticket_state_json(const struct ticket_state *st,
			  const struct config *cfg);

/*
 * Validate a ticket record: required keys and types, enums, id form,
 * times, event ids unique, events in time order, event fields.  On the
 * first problem returns PD_EDATA with a message (no path prefix).
 */
int ticket_validate(json_t *rec);
/* The same without the text rules (for reading what is there). */
int ticket_validate_shape(json_t *rec);

/*
 * Is action allowed in state st?  0 if yes; else PD_EDATA with a message
 * "cannot X a ticket that is S (allowed: a, b)".
 */
int ticket_action_allowed(const struct ticket_state *st, const char *action);

/* The type of event e, TEV_UNKNOWN when it names none. */
enum ticket_event ticket_event_type(json_t *e);

/* Names of a status. */
const char *ticket_status_name(enum ticket_status s);
/* Index in a NULL-terminated enum list or -1. */
int enum_index(const char *const *list, const char *s);

/*
 * Check s against a NULL-terminated enum: 0, or PD_EDATA with
 * "unknown <what> 'x' (expected a, b, c)"; what is shown by its "field"
 * label (lib/base/labels.c).
 */
int enum_check(const char *const *list, const char *what, const char *s);

#endif
