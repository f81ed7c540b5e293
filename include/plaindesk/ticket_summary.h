/*
 * A ticket's summary: what listings, reports and the escalation pass
 * read of a ticket without its events (the header's fields, the state
 * the fold gives, when its events happened), made from the record and
 * written to and read from the bytes the summary cache holds
 * (store_foreach_summary(), DESIGN §4).  No I/O here.
 */
#ifndef PLAINDESK_TICKET_SUMMARY_H
#define PLAINDESK_TICKET_SUMMARY_H

#include <stddef.h>
#include <time.h>
#include <jansson.h>

#include "config.h"
#include "ticket.h"
#include "util.h"

/* The bytes of a summary change meaning: the cache is then rebuilt. */
#define TICKET_SUMMARY_VERSION 1

enum {
	/* The escalation pass would take the record as it is: it is
	 * valid, where its id says, and its state agrees with its events. */
	SUMMARY_PASS_OK = 1 << 0,
	/* It holds a notice that no notified event acknowledges. */
	SUMMARY_UNDELIVERED = 1 << 1,
};

struct ticket_summary {
	/* Header fields as jstr() reads them: NULL when absent or not a
	 * string.  They point into the record or into the summary's bytes. */
	const char *id, *kind, *channel, *customer, *meeting, *category,
		   *severity, *title, *opened_at;
	time_t opened;			/* jtime() of opened_at */
	time_t first_event, last_event;	/* the events' times (0: none) */
	unsigned flags;			/* SUMMARY_* */
	struct ticket_state state;	/* ticket_fold()'s, assignee included */
};

/*
 * Summarize rec, folded with cfg, all but the flags.  Returns 0, or
 * PD_EDATA (with the message of ticket_validate_shape()) for a record
 * that cannot be summarized.  The strings of s point into rec.
 */
int ticket_summary_make(json_t *rec, const struct config *cfg,
			struct ticket_summary *s);
/*
 * The summary ticket_summary_bytes() made last, and of which record: a
 * walk hands a record to its callback right after it summarized it, and
 * the callback need not fold it again.
 */
struct ticket_summary_memo {
	const json_t *rec;		/* NULL: none */
	struct ticket_summary s;	/* flags included */
};

/*
 * The whole summary of rec found at rel as the bytes the summary cache
 * keeps (caller frees), or NULL when it has none (the make function of
 * every struct summary_ops over tickets).  When memo is not NULL, it
 * keeps the summary made (or none).
 */
void *ticket_summary_bytes(json_t *rec, const char *rel,
			   const struct config *cfg, size_t *len,
			   struct ticket_summary_memo *memo);
/*
 * The summary memo keeps of rec into s: 1, or 0 when it keeps none of
 * rec.  memo keeps none afterwards.
 */
int ticket_summary_recall(struct ticket_summary_memo *memo,
			  const json_t *rec, struct ticket_summary *s);

/* Header field key ("title") of s, NULL when it holds none. */
const char *ticket_summary_header(const struct ticket_summary *s,
				  const char *key);

/*
 * Append s as bytes to out: 0, or -1 when it cannot be kept (a header
 * field that is there but not a string, which only the record can give).
 */
int ticket_summary_write(json_t *rec, const struct ticket_summary *s,
			 struct sbuf *out);

/*
 * Read the bytes ticket_summary_write() wrote: 0, or -1 for bytes that are
 * not a summary.  The strings of s point into data.
 */
int ticket_summary_read(const void *data, size_t len,
			struct ticket_summary *s);

#endif
