/*
 * Reading records in order with their parsing done ahead in worker
 * threads (store_foreach() uses it for each month of records).
 */
#ifndef PLAINDESK_SCAN_H
#define PLAINDESK_SCAN_H

#include "store.h"

/*
 * Call fn(ctx, rels[i], record) for i = 0 .. n-1 in order, in the calling
 * thread; a record that cannot be read or parsed comes as NULL with the
 * reason in pd_errmsg().  The files are the last components of rels[i]
 * in the directory dirfd (rels[i] is what messages call them); links and
 * special files are not followed (storefs_read_at()).  Stops with fn's
 * value when it is not 0.
 */
int scan_records(int dirfd, char *const *rels, size_t n, record_fn fn,
		 void *ctx);

#endif
