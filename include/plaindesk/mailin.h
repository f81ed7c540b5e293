/*
 * Mail intake (DESIGN §2, §3 ticket-mail): what one message becomes, in
 * order: a duplicate of a message taken before (nothing changes), a note
 * on the ticket it replies to, a note on the ticket whose
 * acknowledgement it reports undelivered (or nothing), or a new ticket.
 */
#ifndef PLAINDESK_MAILIN_H
#define PLAINDESK_MAILIN_H

#include "mail.h"
#include "store.h"
#include "vcs.h"

/* What the command line asks for; strings borrowed, NULL if not given. */
struct mail_request {
	const char *kind, *severity, *category, *assignee;
	const char *unknown;	/* new, reject or a customer (--unknown) */
	int no_ack;
};

enum mail_decision {
	MAIL_NEW, MAIL_REPLY, MAIL_REPORT, MAIL_DUPLICATE, MAIL_IGNORED
};

extern const char *const mail_decisions[];	/* "new", "reply", ... */

struct mail_result {
	enum mail_decision decision;
	char id[ID_LEN + 1];	/* the ticket, "" when ignored */
	char event[16];		/* the note added, or "" */
	char *customer;		/* the ticket's customer (owned) */
	int new_customer;	/* added to the register */
	int auto_reply;		/* a new ticket the sender is to hear of */
	/* The message can never be taken (DESIGN §3: exit 65): set with
	 * the error for a message that is not one, names no sender, is too
	 * big, or comes from an unknown sender who is refused. */
	int refused;
};

void mail_result_release(struct mail_result *res);

/*
 * Decide what message m is and stage it into c (nothing for a
 * duplicate or an ignored report); *subject gets the commit subject
 * (caller frees).  Returns 0 or an error code with its message.
 */
int mail_intake_stage(struct store *st, const struct actor *a,
		      struct change *c, const struct mail_msg *m,
		      const struct mail_request *req, struct mail_result *res,
		      char **subject);

/*
 * The result as printed by --format json: decision, id, event,
 * customer, new_customer, auto_reply (caller decrefs).
 */
json_t *mail_result_json(const struct mail_result *res);

#endif
