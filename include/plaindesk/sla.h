/*
 * SLA policy (DESIGN §5, §3 ticket-escalate): when a deadline is warned
 * about, when it is breached, what the escalation pass records for a
 * ticket, and who may approve an extension.  Pure functions of a ticket's
 * folded state, the configuration and the time: no I/O, no clock reads.
 */
#ifndef PLAINDESK_SLA_H
#define PLAINDESK_SLA_H

#include <time.h>
#include "config.h"
#include "ticket.h"

/* The names of the deadlines: "response", "resolution". */
extern const char *const sla_deadline_names[];

/* One thing the escalation pass records for a ticket. */
enum sla_step_type { SLA_WARN, SLA_ESCALATE };

struct sla_step {
	enum sla_step_type type;
	enum deadline_kind deadline;
	int from_level;		/* the level before the step */
	int to_level;		/* after an escalation (a warning: from_level) */
};

#define SLA_MAX_STEPS 2

/*
 * Is the deadline of kind dl still running in st?  The response deadline
 * runs until the first ack, the resolution deadline until the ticket is
 * resolved, and stands still while the ticket is paused.  A deadline the
 * rule does not give (0) never runs.
 */
int sla_deadline_running(const struct ticket_state *st,
			 enum deadline_kind dl);

/* The deadline of kind dl in st (0: none). */
time_t sla_deadline_due(const struct ticket_state *st, enum deadline_kind dl);

/*
 * The time allowed for deadline dl on the policy clock, in seconds: from
 * the ticket's opening to the deadline as it now stands, less the time the
 * ticket was paused (which the deadline was moved by).
 */
long long sla_allowed(const struct config *cfg, const struct ticket_state *st,
		      enum deadline_kind dl);

/*
 * Is the ticket overdue at now: a running deadline (see above) passed?
 * What ticket-list --overdue and ticket-show mean by overdue.
 */
int sla_overdue(const struct ticket_state *st, time_t now);

/*
 * Has warn_at of the allowed time of dl elapsed at now on the policy
 * clock?  The deadline itself counts as reached.
 */
int sla_warn_reached(const struct config *cfg, const struct ticket_state *st,
		     enum deadline_kind dl, time_t now);

/* Is deadline dl passed at now (now later than the deadline)? */
int sla_breached(const struct ticket_state *st, enum deadline_kind dl,
		 time_t now);

/*
 * What the escalation pass records for a ticket in state st at now, in
 * order, into steps; returns how many (0 to SLA_MAX_STEPS).  For each
 * running deadline, response first: once it is breached, an escalation of
 * one level, once, and none past the top of the ladder; before that, one
 * warning when warn_at of the allowed time has elapsed.  Resolved and
 * closed tickets get nothing.
 */
int sla_decide(const struct config *cfg, const struct ticket_state *st,
	       time_t now, struct sla_step steps[SLA_MAX_STEPS]);

/*
 * The ladder level of role, or -1 when the role is not on the ladder.
 */
int sla_ladder_level(const struct config *cfg, const char *role);

/*
 * May a staff member with role approve an extension under rule?  Their
 * rank (agent < manager < gm < admin) must be at least the rule's
 * extension_approver.
 */
int sla_may_extend(const struct sla_rule *rule, const char *role);

#endif
