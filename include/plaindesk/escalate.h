/*
 * Escalation (DESIGN §3 ticket-escalate, §5): the pass over every ticket
 * that records warnings and escalations by the SLA policy (lib/ticket/sla.c),
 * manual escalations and approved extensions of one ticket, the start
 * escalation of a new ticket, and the JSON object the notifier gets for
 * a ticket's notice.  Changes are staged into one change; delivering the
 * notices is lib/ticket/deliver.c's, after the commit.
 */
#ifndef PLAINDESK_ESCALATE_H
#define PLAINDESK_ESCALATE_H

#include <jansson.h>
#include "deliver.h"
#include "sla.h"
#include "store.h"
#include "ticket.h"
#include "ticket_summary.h"
#include "vcs.h"

struct escalation {
	struct store *st;
	const struct actor *a;
	struct change *c;
	struct outbox *outbox;		/* NULL: nothing is queued */
	int warnings, escalations, extensions;
	struct strlist changed;		/* ids of the records changed */
	struct strlist problems;	/* warnings for standard error */
	struct ticket_summary_memo memo;	/* of the ticket summarized */
};

/*
 * Set up e for changes staged into c by actor a.  The notices it records,
 * and in a pass every notice still undelivered, are queued in outbox
 * (NULL for none, as in a dry run).
 */
void escalation_init(struct escalation *e, struct store *st,
		     const struct actor *a, struct change *c,
		     struct outbox *outbox);
void escalation_release(struct escalation *e);

/*
 * The pass: for every ticket, record what sla_decide() says at the
 * store's time, and queue every notice of a ticket or a meeting that has
 * no notified event yet.  A record that is not valid is skipped with a
 * problem noted.  Returns 0 or an error.
 */
int escalation_pass(struct escalation *e);

/*
 * Escalate the ticket id_arg names by hand, to a ladder role above its
 * level or to an active staff member whose role is on the ladder at or
 * above its level; reason becomes the event's message.  The ticket's full
 * id goes to id and the commit subject (caller frees) to subject.
 */
int escalation_manual(struct escalation *e, const char *id_arg,
		      const char *to, const char *reason, char id[ID_LEN + 1],
		      char **subject);

/*
 * Extend the resolution deadline of the ticket id_arg names by duration,
 * approved by approver, whose role must rank at least the SLA rule's
 * extension_approver and who is not the ticket's assignee (else
 * PD_ENOPERM).
 */
int escalation_extend(struct escalation *e, const char *id_arg,
		      const char *duration, const char *approver,
		      const char *reason, char id[ID_LEN + 1], char **subject);

/*
 * The start escalation of a new ticket rec whose rule starts above level
 * 0 (DESIGN §5): into *ev an escalate event with reason start from the
 * bottom of the ladder to the starting level, with its recipients; NULL
 * when the rule starts at level 0.  Returns 0 or an error.
 */
int escalation_start_event(struct store *st, json_t *rec, json_t **ev);

/*
 * The JSON object the notifier gets for event index of ticket rec
 * (caller decrefs), from the ticket as it stood after that event:
 * recipients as staff objects, target the first of them.
 */
json_t *escalation_notice(struct store *st, json_t *rec, size_t index);

/*
 * A staff member as notices name them: {"id", "name", "email", "role"},
 * null for what the register does not say.
 */
json_t *staff_notice_json(struct store *st, const char *id);

/* "3 warnings, 2 escalations" (caller frees); a breach at the top is a
 * warning. */
char *escalation_summary(const struct escalation *e);

#endif
