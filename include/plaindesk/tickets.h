/*
 * Ticket operations on a store: opening tickets (one, or many from CSV)
 * and appending events, each staged into a change.
 */
#ifndef PLAINDESK_TICKETS_H
#define PLAINDESK_TICKETS_H

#include "store.h"
#include "ticket.h"
#include "vcs.h"

/* What ticket-open is asked for; strings are borrowed, NULL if not given. */
struct open_request {
	const char *kind, *channel, *customer, *title, *severity, *category;
	const char *description, *meeting, *assignee, *at, *tier;
	int new_customer;
	const char *org, *email, *phone;	/* for a new customer */
	/* A ticket from a message: its id by the mail id rule (else one is
	 * drawn) and its "mail" block (borrowed). */
	const char *id;
	json_t *mail;
};

/* The option names --from-csv accepts as columns. */
extern const char *const open_request_fields[];

/*
 * Validate req and stage a new ticket into c (and the customer register
 * when a new customer is added).  Writes the new id into id and, when
 * subject is not NULL, the commit subject for it (caller frees).  where
 * prefixes messages ("tickets.csv: line 3: ") and may be "".
 */
int ticket_open_stage(struct store *st, const struct open_request *req,
		      const struct actor *a, struct change *c,
		      const char *where, char id[ID_LEN + 1], char **subject);

/*
 * Load ticket id, check it, and fold it: rec (caller decrefs) and state.
 */
int ticket_load(struct store *st, const char *id, json_t **rec,
		struct ticket_state *state);

/*
 * Append event ev (takes the reference; id, at and by are filled in) to
 * rec, refold the state, and stage the record into c.  Returns the new
 * event's id in evid (may be NULL).
 */
int ticket_append_event(struct store *st, json_t *rec, json_t *ev,
			const struct actor *a, time_t at, struct change *c,
			char evid[16]);

/* Re-derive rec's state from its events and stage it into c. */
int ticket_stage(struct store *st, json_t *rec, struct change *c);

#endif
