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
 * reason in pd_errmsg().  Files are root/rels[i]; links are not followed.
 * Stops with fn's value when it is not 0.
 */
int scan_records(const char *root, char *const *rels, size_t n, record_fn fn,
		 void *ctx);

#endif
