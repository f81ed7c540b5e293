/*
 * Acknowledgements of tickets opened from mail (ticket-mail --flush): a
 * reply built with GMime, sent through the local sendmail named outside
 * the versioned store, each one recorded as a notified event (channel
 * email) once it was handed over.  A failed one is tried again by the
 * next flush; the same Message-ID goes out on every try.
 */
#ifndef PLAINDESK_MAILACK_H
#define PLAINDESK_MAILACK_H

#include <jansson.h>
#include "store.h"

#define SENDMAIL_TIMEOUT_DEFAULT 60	/* seconds */

struct sendmail {
	char *command;		/* NULL: none configured */
	int timeout;		/* seconds a run may take */
};

/*
 * $PLAINDESK_SENDMAIL when set (empty: none), else git config
 * plaindesk.sendmail; run as "COMMAND -i -t".  The time limit from
 * $PLAINDESK_SENDMAIL_TIMEOUT (1 to 3600 s, default 60).  0, or
 * PD_EUSAGE for a bad time limit.
 */
int sendmail_load(struct store *st, struct sendmail *s);
void sendmail_release(struct sendmail *s);

/*
 * Is the acknowledgement of ticket rec still to be sent: an automatic
 * reply was decided and no notified event (channel email) of its open
 * event is there?
 */
int mail_ack_pending(json_t *rec);

/*
 * The acknowledgement of ticket rec (a pending one) as a message to
 * hand to sendmail: *text (caller frees), its recipient and Message-ID
 * (caller frees).  PD_ECONFIG when the desk has no address to send from
 * (mail.from is empty and the message named no recipient).
 */
int mail_ack_build(struct store *st, json_t *rec, char **text, char **to,
		   char **message_id);

/* What a flush did. */
struct mail_flush {
	struct strlist sent;		/* tickets acknowledged */
	struct strlist problems;	/* for standard error */
	int failed;			/* not sent, left for the next flush */
	int waiting;			/* pending but no sendmail configured */
};

void mail_flush_init(struct mail_flush *f);
void mail_flush_release(struct mail_flush *f);

/*
 * Send what is pending: of ticket only (a full id), or of every ticket
 * opened in the last 7 days; then record the notified events in one
 * commit by actor by (--by; may be NULL).  A second flush waits for the
 * first.  0 when nothing failed; PD_EBUSY when an acknowledgement could
 * not be sent (it is tried again) or the lock could not be had.
 */
int mail_flush_run(struct store *st, const char *by, const char *only,
		   struct mail_flush *f);

/*
 * Run "self -C root --flush --only id [--by by]" as its own process,
 * its output to standard error, and wait for it; its outcome is not
 * the caller's.
 */
void mail_flush_spawn(const char *self, const char *root, const char *id,
		      const char *by);

#endif
