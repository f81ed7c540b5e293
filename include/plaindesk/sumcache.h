/*
 * The summary cache under .git/plaindesk/ (DESIGN §4), as the record
 * walk of store_foreach_summary() uses it: one month directory at a
 * time, the cache read when the walk starts and written when it ends.
 * Derived data only: whatever goes wrong with it, the walk reads the
 * records instead.
 */
#ifndef PLAINDESK_SUMCACHE_H
#define PLAINDESK_SUMCACHE_H

#include "store.h"

struct sumwalk;

/*
 * Start a walk over the records of kind, under top ("tickets"), with ops: NULL
 * when the cache is switched off ($PLAINDESK_CACHE=0) or git's index
 * cannot be read, and the records are then read as by store_foreach().
 */
struct sumwalk *sumwalk_open(struct store *st, char kind, const char *top,
			     const struct summary_ops *ops, void *ctx);

/*
 * The records rels[0..n-1] of the directory dirfd: summaries to
 * ops->summary(), the others read and handed to deliver(dctx, ...).
 * Stops with the first value that is not 0.
 */
int sumwalk_month(struct sumwalk *sw, int dirfd, char *const *rels,
		  size_t n, record_fn deliver, void *dctx);

/*
 * End the walk; when it went through every record (complete), write the
 * summaries made and those still used, if they differ from the file's
 * and the cache's lock can be had without waiting.  A walk under the
 * store's lock (a changing command) leaves the writing to
 * sumcache_flush().
 */
void sumwalk_close(struct sumwalk *sw, int complete);

/*
 * Write the cache a walk under the store's lock left, now that the lock
 * is released (store_close()); nothing when it is still held.
 */
void sumcache_flush(struct store *st);

#endif
