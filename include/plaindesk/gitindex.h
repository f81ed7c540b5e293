/*
 * A fast update of git's index file for a few paths.
 *
 * libgit2 reads the whole index into structures and writes it back, which
 * costs time in proportion to the size of the store on every change.  This
 * module patches the index file instead: it walks the sorted entries
 * without parsing them into structures, splices in the entries of the
 * changed paths (stat data of the written files and their blob ids), drops
 * the optional cache extensions that the change makes stale (git and
 * libgit2 rebuild them), and writes the file under git's index.lock with a
 * new checksum.  An index it does not know how to patch (version 4, a
 * split index, unmerged entries for a changed path) is left alone and the
 * caller falls back to libgit2.
 */
#ifndef PLAINDESK_GITINDEX_H
#define PLAINDESK_GITINDEX_H

#include <stddef.h>

struct index_update {
	const char *path;		/* relative, '/'-separated */
	const char *abspath;		/* the file in the work tree */
	unsigned char oid[20];		/* its blob id */
	int deleted;
};

/*
 * Apply the updates (any order) to the index at index_path.  Returns 0 on
 * success, -1 if this index cannot be patched (fall back; nothing was
 * written), or an error code with a message.
 */
int gitindex_patch(const char *index_path, struct index_update *up, size_t n);

#endif
