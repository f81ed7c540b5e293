/*
 * The history as proof (DESIGN §4 "History"): every commit reachable from
 * a head is compared with each of its parents, descending only into the
 * subtrees whose ids differ, and each record version that changed is held
 * to the rule: events kept as they were, headers unchanged (a meeting's
 * with an update), an event added by every change, nothing removed or
 * moved, trailers naming what changed, events by the commit's author.
 * The repository is opened first (vcs_open_dir() or vcs_open_store()).
 */
#ifndef PLAINDESK_AUDIT_H
#define PLAINDESK_AUDIT_H

#include <stddef.h>
#include <jansson.h>
#include "vcs.h"

enum audit_kind {
	AK_EVENT_REMOVED, AK_EVENT_CHANGED, AK_EVENT_DUPLICATE,
	AK_HEADER_CHANGED, AK_NO_EVENT, AK_MERGE_ADDED, AK_RECORD_REMOVED,
	AK_ID_PATH, AK_INVALID_RECORD, AK_NO_TRAILERS, AK_UNNAMED_RECORD,
	AK_NAMED_UNTOUCHED, AK_ACTOR, AK_OBJECT_MISMATCH, AK_REWRITTEN,
	AK_UNATTRIBUTED
};
/* "event-removed", ... "rewritten", "unattributed", indexed by kind. */
extern const char *const audit_kind_names[];

struct audit_problem {
	char commit[41];
	char *path;		/* "-" for the history as a whole */
	enum audit_kind kind;
	char *message;		/* safe to print: no control characters */
	char *text;		/* the same in the language of messages */
};

struct audit_list {
	struct audit_problem *items;
	size_t n, cap;
};

/* The commit a problem was first found in, for the last line. */
struct audit_commit_info {
	char id[41];
	char *date;		/* RFC 3339 with the commit's own offset */
	char *author;		/* "Name <email>" */
	char *subject;
};

struct audit {
	/* What to audit (set before audit_run()). */
	struct vcs_oid head;
	const char *since;	/* a revision, or NULL */
	const char *anchor;	/* a revision, or NULL */
	/* What was found. */
	struct audit_list problems;	/* oldest first */
	struct audit_list unattributed;
	size_t commits, merges, records, events;
	struct audit_commit_info first;	/* id "" when clean */
};

/* Audit a->head: 0 (problems or none), or an error code with a message.
 * A long history is audited by several processes ($PLAINDESK_JOBS). */
int audit_run(struct audit *a);

/* Inside the audit: range() audits ids[lo..hi) into a; audit_in_parts()
 * has it done for ids[0..n) by as many processes as are worth it and
 * gathers what they found into a, in order. */
typedef int audit_range_fn(struct audit *a, const struct vcs_oid *ids,
			   size_t lo, size_t hi);
int audit_in_parts(struct audit *a, const struct vcs_oid *ids, size_t n,
		   audit_range_fn *range);
void audit_release(struct audit *a);

/* The record a path under tickets/, meetings/, kb/ or care/ holds ("T-…",
 * or the customer of a care plan), or NULL when it names none (caller
 * frees). */
char *audit_record_name(const char *path);
/* Is path a record's (under tickets/, meetings/, kb/ or care/)? */
int audit_is_record_path(const char *path);

/*
 * The rule for one record in one commit: the versions of its file in the
 * commit (new, NULL when removed) and in each parent (old[i], NULL when
 * the parent has none), as parsed records (NULL when absent or not
 * JSON); its problems are added to out.  Used by --history for its '!'
 * marks; audit_run() applies the same to every changed record.
 */
struct audit_version {
	const char *data;	/* the bytes, or NULL when absent */
	size_t len;
	const struct vcs_oid *id;	/* its blob, or NULL: parsed once */
};
void audit_check_record(const struct vcs_commit *c, const char *path,
			const struct audit_version *new_v,
			const struct audit_version *old_v,
			struct audit_list *out, size_t *events_added);

void audit_list_release(struct audit_list *l);

/*
 * --history: newest first, every commit reachable from HEAD whose version
 * of the record at path differs from its version in every parent (the
 * walk reads only the trees along the path).  Each entry:
 * {"commit", "date", "author", "committer" (when not the author),
 * "command" ("(merge)", "(hand edit)" without a trailer), "subject",
 * "added": [{"id", "type", "by", "at"}], "changed": [{"field", "from",
 * "to"}] (fields other than events, as "state.status"), "problems":
 * ["KIND: message"] (the audit's for this record in that commit)}.
 * The repository is open (vcs_open_store()).  0 with *out (a new
 * array), or an error code.
 */
int audit_history(const char *path, json_t **out);
/*
 * One entry of that array: commit c's version of the record at path
 * (nv) against its parents' (ov[0 .. c->nparents - 1], or ov[0] absent
 * for a root commit).  Reads nothing from the repository unless an
 * added event's "by" is neither the author's name nor e-mail (the staff
 * register of the commit is read then).
 */
json_t *audit_history_entry(const struct vcs_commit *c, const char *path,
			    const struct audit_version *nv,
			    const struct audit_version *ov);
/* The text form of one history: lines of sb, "!" before a problem. */
void audit_history_text(struct sbuf *sb, json_t *history);

/*
 * audit_history() of the record at rel, the store's repository opened
 * first (libgit2 is loaded only then): 0 with *hist, or an error code
 * (*hist to be freed either way).
 */
int audit_history_of(struct store *st, const char *rel, json_t **hist);

/*
 * show ID --history, for every program that shows a record: adds to sb
 * with json the object {"record": rec, "history": [...]} (indented, a
 * newline after it), else "\nHistory:\n" and audit_history_text()'s
 * lines.  0, or an error code (nothing added).
 */
int audit_show_history(struct store *st, const char *rel, json_t *rec,
		       int json, struct sbuf *sb);

#endif
