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
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "plaindesk/gitlock.h"

struct index_update {
	const char *path;		/* relative, '/'-separated */
	struct stat st;			/* the work tree file's (lstat) */
	unsigned char oid[20];		/* its blob id */
	int deleted;
};

/*
 * Apply the updates (any order) to the index that lk locks, reading it
 * now, under the lock, and committing the lock.  Returns 0 on success,
 * -1 if this index cannot be patched (fall back; nothing was written,
 * the lock is still held), or an error code with a message.
 */
int gitindex_patch(struct gitlock *lk, struct index_update *up, size_t n);

/* What git's index holds for one path: its stat data and blob id. */
struct index_stat {
	int found;		/* 0: the path is not in the index */
	unsigned stage;		/* not 0: a merge left it unmerged */
	uint32_t mtime_s, mtime_ns, ino, mode, size;
	unsigned char oid[20];
};

/*
 * Look paths (NULL-terminated, any order) up in the index file at
 * index_path without libgit2, for readers: out[i] for paths[i], and
 * *written, when the index was last written (a file changed in that
 * second may have the stat data the index holds).  0, or -1 when the
 * index is not there or cannot be read this way (an unknown version, a
 * broken entry).  The walk stops after the last path looked up.
 */
int gitindex_lookup(const char *index_path, const char *const *paths,
		    struct index_stat *out, struct timespec *written);

/*
 * git's index as a reader sees it, without libgit2: the file mapped and
 * its entries found by path, in git's order.  Finds in that order read
 * the index once, forward (a find before the last one starts again from
 * the first entry); nothing is held per entry.  An index this cannot read
 * (another version, a split index, a broken entry) shows no entries.
 */
struct gitindex_entry {
	const unsigned char *raw;	/* the entry: stat data, blob id, flags */
	const char *name;		/* its path, namelen bytes */
	size_t namelen;
};

struct gitindex_view {
	const unsigned char *map;
	size_t size;
	struct timespec mtime;		/* of the index file */
	uint32_t version, count;
	const unsigned char *cur, *prev;	/* the cursor, the one before */
	uint32_t at;			/* cur's number */
	struct gitindex_entry found;
};

/* Map file and check its entries: 0, or -1 (v shows none). */
int gitindex_view_open(struct gitindex_view *v, const char *file);
/* The entry of path, or NULL; valid until the next find. */
const struct gitindex_entry *gitindex_view_find(struct gitindex_view *v,
						const char *path);
/*
 * Is the work tree file with stat data sb what entry e records, as git
 * decides without reading it?  The same size, modification and change
 * times and inode, a regular file at stage 0 with no flag that tells git
 * not to look (assume-valid, skip-worktree, intent-to-add), and not
 * racy: modified before the index was written.
 */
int gitindex_view_fresh(const struct gitindex_view *v,
			const struct gitindex_entry *e, const struct stat *sb);
/* The blob id of entry e (20 bytes). */
const unsigned char *gitindex_entry_oid(const struct gitindex_entry *e);
void gitindex_view_close(struct gitindex_view *v);

#endif
