/*
 * The ticket lifecycle (DESIGN §2, §3 ticket-update): one action on one
 * ticket, checked in full and staged as one event into a change.
 */
#ifndef PLAINDESK_LIFECYCLE_H
#define PLAINDESK_LIFECYCLE_H

#include "store.h"
#include "ticket.h"
#include "vcs.h"

/* What ticket-update is asked for; strings are borrowed, NULL if not given. */
struct update_request {
	const char *action;	/* ack, assign, note, ... (ticket_actions) */
	const char *to;		/* assign --to */
	const char *message;	/* any action; note needs it */
	const char *cause;	/* cause --cause */
	const char *solution;	/* plan, resolve --solution */
	const char *owner;	/* plan --owner */
	const char *due;	/* plan --due */
	const char *satisfaction, *accepted, *comment;	/* close */
	const char *reason;	/* reopen, pause --reason */
};

/*
 * Check the shape of req without a store: a known action, the options it
 * needs, and no option it does not take.  0, or PD_EUSAGE with a message.
 */
int update_request_check(const struct update_request *req);

/*
 * The actions that take (need 0) or need (need 1) option "--NAME", as
 * space-separated names for an option table; NULL: every action.
 */
const char *update_option_actions(const char *name, int need);

/*
 * Validate req against the ticket id_arg names (a full id or a short
 * form) and stage its event into c: the ticket's full id into id and the
 * commit subject ("T-… resolve \"Title\"", caller frees) into subject.
 * Nothing is staged unless everything is valid.  Errors: PD_EUSAGE,
 * PD_ENOINPUT (no such ticket), PD_EDATA (invalid value, or an action the
 * ticket's status does not allow).
 */
int ticket_update_stage(struct store *st, const char *id_arg,
			const struct update_request *req,
			const struct actor *a, struct change *c,
			char id[ID_LEN + 1], char **subject);

/*
 * A staff member by id or name who is active: their id (caller frees),
 * or NULL with a PD_EDATA message naming what (e.g. "--to").
 */
char *staff_active_id(struct store *st, const char *who, const char *what);

#endif
