/*
 * Records made of events beside tickets and meetings: care plans
 * (care/<customer>.json) and knowledge-base articles (kb/YYYY/MM/K-….json).
 * What they share: loading, the checks every event list passes, adding
 * an event, staging the canonical bytes, and the .gitattributes line that
 * names the merge driver for them.
 */
#ifndef PLAINDESK_ERECORD_H
#define PLAINDESK_ERECORD_H

#include <time.h>
#include <jansson.h>
#include "store.h"
#include "vcs.h"

/*
 * Load the record at rel (relative to the store): 0, PD_ENOINPUT with
 * "no such WHAT 'name'", or PD_EDATA for a file that is not a JSON object.
 */
int erecord_load(struct store *st, const char *rel, const char *what,
		 const char *name, json_t **rec);

/*
 * Check rec's events: a non-empty list of objects, each with an event id
 * used once, a time "at" not before the one before it, a non-empty "by",
 * a type of types (the first event of type first, and with once no
 * other), and what check says of it.  0, or PD_EDATA with "event N: ...".
 */
int erecord_check_events(json_t *rec, const char *const *types,
			 const char *first, int once,
			 int (*check)(json_t *ev, const char *where));

/*
 * Append an event of type by actor by at time at (never before the last
 * event) to rec's events: the new event, borrowed, to add fields to.
 */
json_t *erecord_add_event(json_t *rec, const char *type, const char *by,
			  time_t at);

/* Stage rec's canonical bytes at rel, with a trailer naming name. */
void erecord_stage(struct change *c, const char *rel, const char *name,
		   json_t *rec);

/*
 * Make .gitattributes name the merge driver for pattern (such as care/ records):
 * when the line is missing it is added, staged into c.  0 or an error.
 */
int erecord_attributes(struct store *st, struct change *c,
		       const char *pattern);

/*
 * Field checks, each 0 or PD_EDATA with "where: ...": a string of text
 * (a title when title is set; not empty when need is set; absent or null
 * allowed when need is not); a list of distinct non-empty one-line strings,
 * each one of allowed when allowed is not NULL.
 */
int efield_text(json_t *obj, const char *key, const char *where, int need,
		int title);
int efield_list(json_t *obj, const char *key, const char *where,
		const char *const *allowed);

/*
 * show for a care plan or an article at rel: in JSON, the record as
 * stored; else what text(rec) adds to a buffer, then the events (at, by,
 * type, details: the other fields as "key: value", lists joined with
 * ";").  With history, the commits that changed it as ticket-show
 * --history lists them (audit_show_history()): after the text, or with
 * the record in JSON; in CSV one row per commit (commit, date, author,
 * committer, command, subject).
 */
enum out_format;
struct sbuf;
int erecord_show(struct store *st, json_t *rec, const char *rel,
		 int history, enum out_format fmt, int raw,
		 void (*text)(json_t *rec, struct sbuf *sb));

/* "2026-11-23 09:05" of an RFC 3339 time, "" when it is not one. */
char *erecord_local(const char *rfc3339, char buf[24]);

/*
 * An event's field KEY added to sb as the details column shows it: its
 * name and its value's display name in the store's language, after "; "
 * when sb holds something; nothing for null or an empty list.
 */
void erecord_detail(struct sbuf *sb, const char *key, json_t *v);

/*
 * A label of a show in the language of messages, padded to 13 columns
 * (a label as wide or wider is followed by nothing).
 */
void erecord_label(struct sbuf *out, const char *label);

#endif
