/*
 * Merging what two clones changed in the same file (DESIGN §4): the
 * logic of the git merge driver plaindesk-merge, kept free of I/O so the
 * unit tests can hit it.
 *
 * Records: the event lists are unioned by event id and merged in time
 * order, each side's own order kept (events only one side has go by
 * their "at"; equal times by event id, so either side merging gives the
 * same list); the header is merged key by key against the common
 * ancestor (a key changed on one side takes that change; changed on both
 * sides differently, ours wins and it is reported); what the events
 * decide (a ticket's state; a meeting's state, sequence, done actions and
 * feedback; the state of a care plan or an article) is folded again from
 * the merged events.  Registers: rows are matched by id (holidays by
 * date) and merged cell by cell against the base; a cell both sides
 * changed differently is a conflict that only a person can settle: the
 * row is left twice between git's conflict markers (ours, then theirs,
 * each with every other cell merged).  A row deleted on one side and
 * unchanged on the other is deleted; deleted on one side and changed on
 * the other, it is kept and reported; unknown columns are
 * kept.  The result is canonical bytes (record_format(), csvtab_format()).
 *
 * Everything worth a person's attention (conflicting edits settled by
 * the rule, two closes) is appended to a report list, one line each;
 * nothing is ever settled silently.
 */
#ifndef PLAINDESK_MERGE_H
#define PLAINDESK_MERGE_H

#include <jansson.h>
#include "config.h"
#include "util.h"

enum merge_kind {
	MERGE_TICKET,		/* tickets/YYYY/MM/T-....json */
	MERGE_MEETING,		/* meetings/YYYY/MM/M-....json */
	MERGE_REGISTER,		/* registers/NAME.csv */
	MERGE_CARE,		/* care/<customer>.json */
	MERGE_ARTICLE,		/* kb/YYYY/MM/K-....json */
	MERGE_OTHER		/* anything else: not ours to merge */
};

/* What kind of file a store path is (by where it lives and its name). */
enum merge_kind merge_kind_of(const char *path);

/* One side of a merge: bytes and length.  A NULL or empty base means the
 * two sides have no common ancestor (both added the file). */
struct merge_blob {
	const char *data;
	size_t len;
};

/*
 * Merge a record (ticket or meeting, from path) or a register.  cfg is
 * needed for tickets (the fold) and may be NULL otherwise.  On success
 * returns 0 with the merged bytes in *out (caller frees), in *conflicts
 * the number of register rows left between conflict markers (then the
 * merge is not done until a person settles them), and report lines
 * appended to notes ("'title' changed on both sides; kept ours").  When a
 * side cannot be parsed or the result would not be a valid record,
 * returns PD_EDATA with a message and *out is NULL.
 */
int merge_file(const char *path, const struct merge_blob *base,
	       const struct merge_blob *ours, const struct merge_blob *theirs,
	       const struct config *cfg, char **out, size_t *outlen,
	       int *conflicts, struct strlist *notes);

int merge_meeting_json(json_t *base, json_t *ours, json_t *theirs,
		       json_t **out, struct strlist *notes);

#endif
