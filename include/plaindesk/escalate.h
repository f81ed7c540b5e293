/*
 * Escalation (DESIGN §3 ticket-escalate, §5): the pass over every ticket
 * that records warnings and escalations by the SLA policy (lib/sla.c),
 * manual escalations and approved extensions of one ticket, and handing
 * warn and escalate events to the notifier, all staged into one change.
 */
#ifndef PLAINDESK_ESCALATE_H
#define PLAINDESK_ESCALATE_H

#include <jansson.h>
#include "notify.h"
#include "store.h"
#include "ticket.h"
#include "vcs.h"

/* A warn or escalate event still waiting for a successful notifier run. */
struct pending_notice {
	json_t *rec;		/* the ticket (a reference) */
	size_t index;		/* of the event in its events */
};

struct escalation {
	struct store *st;
	const struct actor *a;
	struct change *c;
	const struct notifier *notify;	/* NULL or no command: none run */
	int warnings, escalations, extensions, notified, failed;
	struct strlist changed;		/* ids of the tickets changed */
	struct strlist problems;	/* warnings for standard error */
	struct pending_notice *pending;
	size_t npending, cap;
};

/*
 * Set up e for changes staged into c by actor a.  notify is the notifier
 * to run (NULL for a dry run: nothing is run, nothing is waited for).
 */
void escalation_init(struct escalation *e, struct store *st,
		     const struct actor *a, struct change *c,
		     const struct notifier *notify);
void escalation_release(struct escalation *e);

/*
 * The pass: for every ticket, record what sla_decide() says at the
 * store's time; then run the notifier for every warn and escalate event
 * of any ticket that has no notified event yet.  A record that is not a
 * valid ticket is skipped with a problem noted.  Returns 0 or an error.
 */
int escalation_pass(struct escalation *e);

/*
 * Escalate the ticket id_arg names by hand, to a ladder role above its
 * level or to an active staff member whose role is on the ladder at or
 * above its level; reason becomes the event's message.  The ticket's full
 * id goes to id and the commit subject (caller frees) to subject.  Its
 * un-notified events are queued for escalation_notify().
 */
int escalation_manual(struct escalation *e, const char *id_arg,
		      const char *to, const char *reason, char id[ID_LEN + 1],
		      char **subject);

/*
 * Extend the resolution deadline of the ticket id_arg names by duration,
 * approved by approver, whose role must rank at least the SLA rule's
 * extension_approver (else PD_ENOPERM).
 */
int escalation_extend(struct escalation *e, const char *id_arg,
		      const char *duration, const char *approver,
		      const char *reason, char id[ID_LEN + 1], char **subject);

/*
 * Run the notifier for the queued events, one run each; record a notified
 * event after each run that succeeded, and note a problem for each that
 * failed (it is tried again on the next run).  Returns 0 or an error that
 * stops the change.
 */
int escalation_notify(struct escalation *e);

/*
 * The JSON object the notifier gets for event index of rec (caller
 * decrefs), from the ticket as it stood after that event.
 */
json_t *escalation_notice(struct store *st, json_t *rec, size_t index);

/* "3 warnings, 2 escalations[, 5 notified]" (caller frees). */
char *escalation_summary(const struct escalation *e);

#endif
