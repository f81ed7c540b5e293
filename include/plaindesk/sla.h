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

/*
 * One thing the escalation pass records for a ticket: a warning before a
 * deadline, an escalation on its breach, or, at the top of the ladder
 * where there is no one left to escalate to, the breach announced (a
 * warn event with breach: true).
 */
enum sla_step_type { SLA_WARN, SLA_ESCALATE, SLA_BREACH };

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
 * When the time for deadline dl started: the opening, or for the
 * resolution deadline of a reopened ticket the last reopen.
 */
time_t sla_deadline_start(const struct ticket_state *st,
			  enum deadline_kind dl);

/*
 * The time allowed for deadline dl on the policy clock, in seconds: from
 * its start (above) to the deadline as it now stands, less the time the
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
 * What the escalation pass records for a ticket in state st at now, in
 * order, into steps; returns how many (0 to SLA_MAX_STEPS).  For each
 * running deadline, response first: once it is breached, an escalation of
 * one level, once, or at the top of the ladder the breach announced once
 * (even after a warning); before that, one warning when warn_at of the
 * allowed time has elapsed.  Resolved and closed tickets get nothing.
 */
int sla_decide(const struct config *cfg, const struct ticket_state *st,
	       time_t now, struct sla_step steps[SLA_MAX_STEPS]);

/*
 * Who is told (DESIGN §5 "Who is told"): pure functions of the staff
 * register as a list, the ticket's assignee and a ladder level.
 */
struct staff_member {
	const char *id, *role, *team;
	int active;
};

#define SLA_MAX_RECIPIENTS 4

/*
 * The holder of ladder level level: the active staff member whose role
 * is that level's, from the assignee's team when one there holds it,
 * else the first in the register; when nobody holds it, the holder of
 * the next level up; NULL when nobody does.  Level 0's holder is the
 * assignee when active (an unassigned ticket: level 1's holder).
 */
const char *sla_holder(const struct config *cfg,
		       const struct staff_member *staff, size_t nstaff,
		       const char *assignee, int level);

/* What a notice is about, for sla_recipients(). */
enum sla_notice {
	NOTICE_WARN,		/* before a deadline, at level */
	NOTICE_ESCALATE,	/* to level (the start one too) */
	NOTICE_BREACH		/* a breach at the top, level the top */
};

/*
 * The recipients of a notice, in order and without repeats, into out;
 * returns how many.  An escalation: the new level's holder, then level
 * 0's (the assignee); a warning: level 0's holder, then the current
 * level's when it is above 0; a breach at the top: the top's holder,
 * then level 0's.
 */
size_t sla_recipients(const struct config *cfg,
		      const struct staff_member *staff, size_t nstaff,
		      const char *assignee, enum sla_notice what, int level,
		      const char *out[SLA_MAX_RECIPIENTS]);

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
