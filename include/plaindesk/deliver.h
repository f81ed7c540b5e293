/*
 * Delivery of notices (DESIGN §4, §5 "Delivery"): the warn and escalate
 * events of tickets and the notice events of meetings are handed to the
 * notifier after the commit that recorded them, with the store lock
 * released, one notifier run each; each delivery is then recorded by a
 * notified event, all of them in a second commit.  A notice whose run
 * failed, or that was recorded while no notifier was configured, has no
 * notified event and is delivered by a later run (the cron pass
 * ticket-escalate delivers every one still undelivered).
 */
#ifndef PLAINDESK_DELIVER_H
#define PLAINDESK_DELIVER_H

#include <jansson.h>
#include "notify.h"
#include "store.h"
#include "util.h"

/* A notice waiting for delivery: the record and the event. */
struct outbox_item {
	char id[ID_LEN + 1];
	char event[16];
};

struct outbox {
	struct outbox_item *items;
	size_t n, cap;
	int notified, failed;
	struct strlist changed;		/* records the second commit changed */
	struct strlist problems;	/* warnings for standard error */
};

void outbox_init(struct outbox *o);
void outbox_release(struct outbox *o);

/*
 * Queue every notice of record rec that has no notified event (once:
 * collecting the same record again right after queues nothing more).
 */
void outbox_collect(struct outbox *o, json_t *rec);

/* The same for the records named by ids (full ticket or meeting ids). */
void outbox_collect_ids(struct outbox *o, struct store *st,
			const struct strlist *ids);

/*
 * Deliver what o holds through notifier n (nothing when it names no
 * command).  Call after the commit that recorded the notices: the store
 * lock is released, each notice still undelivered is run through the
 * notifier (one at a time: a second lock keeps two deliveries apart),
 * then the store is locked again and a notified event is committed for
 * each that succeeded, the subject "COMMAND: N notified", author a.
 * A notifier that fails and a delivery that cannot be recorded are
 * noted in o->problems, not errors: the change before stands and the
 * notice is delivered again later.  The store is left locked when a
 * second commit was made.
 */
void outbox_deliver(struct outbox *o, struct store *st,
		   const struct notifier *n, const struct actor *a,
		   const char *command);

/*
 * The same for a customer notice (--tell-customer) of ticket rec:
 * {"event", "type": "customer", "ticket", "title", "customer", "from",
 * "due", "message", "recipients"}, the recipients the customer's
 * addresses from the register ({"id", "name", "email", "role":
 * "customer"} each), "from" the desk's address (mail.from).
 */
json_t *customer_notice(struct store *st, json_t *rec, size_t index);

#endif
