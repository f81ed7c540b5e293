/*
 * Changes: every invocation that changes data is one git commit made with
 * libgit2 (DESIGN §4).  This is the only module that talks to libgit2.
 *
 * A change collects new file contents in memory.  change_commit() then
 * writes the intent journal, writes the files (temporary file, fsync,
 * rename), makes the commit and moves the branch, brings the index up to
 * date so that `git status` stays clean, and removes the journal.  A crash
 * at any point leaves the journal behind; vcs_recover(), which every
 * changing command runs under the lock before it reads anything, puts the
 * journalled paths back to what HEAD says, so the store is either before
 * or after the change, never between.
 */
#ifndef PLAINDESK_VCS_H
#define PLAINDESK_VCS_H

#include <stddef.h>
#include "store.h"
#include "util.h"

struct change_file {
	char *path;		/* relative to the store */
	char *data;		/* NULL: delete */
	size_t len;
	char *tmp;		/* its temporary file, named in the journal */
	unsigned char oid[20];	/* its blob id, once written */
};

struct change {
	struct store *st;
	char *command;		/* "ticket-open" */
	struct change_file *files;
	size_t nfiles, cap;
	struct strlist records;	/* for Plaindesk-Record trailers */
	struct strlist registers; /* for Plaindesk-Register trailers */
};

void change_init(struct change *c, struct store *st, const char *command);
void change_release(struct change *c);
/* Stage the new contents of path (takes data; NULL deletes).  A path
 * staged twice keeps the last contents. */
void change_put(struct change *c, const char *path, char *data, size_t len);
/* Name a record the change touches (one trailer each, no duplicates). */
void change_record(struct change *c, const char *id);
/* Name a register the change rewrites ("staff"): its trailer. */
void change_register(struct change *c, const char *name);

/*
 * Commit: subject is the first line of the message; the trailers are
 * added.  The author is the actor.  Returns 0 or an error code with a
 * message; on error nothing is left behind.
 */
int change_commit(struct change *c, const struct actor *a,
		  const char *subject);

/*
 * Under the lock: if a journal is left by a change that did not finish,
 * restore the store to its last commit.  Returns 0 or an error;
 * PD_ENOINPUT for a store with no commit (plaindesk-init was cut short).
 */
int vcs_recover(struct store *st);

/*
 * Is root a repository without a commit yet (HEAD unborn)?  A store in
 * that state is one whose plaindesk-init was interrupted: changing
 * commands refuse it, and plaindesk-init finishes it.
 */
int vcs_unborn(const char *root);
/* Create a repository at root with branch main (plaindesk-init). */
int vcs_init_repo(const char *root);
/* Set a local git config value of the store's repository. */
int vcs_config_set(struct store *st, const char *key, const char *value);
/* Get a local (or global) git config value; NULL if unset (caller frees). */
char *vcs_config_get(struct store *st, const char *key);
/* The default signature name/email from git config (caller frees). */
int vcs_default_identity(struct store *st, char **name, char **email);

/*
 * Line-by-line three-way merge of text, as git merge-file does: *out
 * gets the result (caller frees), with conflict markers labelled "ours"
 * and "theirs" where both sides changed the same lines; *clean is 1 when
 * there were none.  Needs no repository.  Returns 0 or PD_EIO.
 */
int vcs_merge_text(const char *base, size_t blen, const char *ours,
		   size_t olen, const char *theirs, size_t tlen, char **out,
		   size_t *outlen, int *clean);

/*
 * Can this clone merge records (DESIGN §4)?  0 when the merge driver
 * that .gitattributes names is installed in the local git config and its
 * program is there; else PD_ECONFIG with a message saying what is
 * missing ("records will not merge in this clone: ...").
 */
int vcs_check_merge_driver(struct store *st);

/*
 * Pack loose objects when there are more than the threshold (§4); force
 * packs whatever is loose.  Takes the pack lock, not the store's, so
 * that changes go on meanwhile (what they write stays loose until the
 * next pack): without force, a packer already at work is left to it (0);
 * with force, waited for as long as the store lock would be (PD_EBUSY).
 * A change does not call it: change_commit() leaves it to store_close(),
 * after the store's lock is released.
 */
int vcs_maybe_pack(struct store *st, int force);

/*
 * Which of paths (relative to the store) differ in the work tree from
 * HEAD: edited, added or removed by hand and not committed.  Only those
 * files are read and hashed; a link or special file there is an error
 * naming it.
 */
int vcs_uncommitted(struct store *st, const char *const *paths,
		    struct strlist *changed);

/*
 * Reading history by object id (plaindesk-check --audit and --rev,
 * --history).  Every object read is verified against its id: one that
 * does not match, or is missing, is PD_EDATA with a message naming it;
 * other failures are PD_EIO.
 */
struct vcs_oid {
	unsigned char id[20];
};

/*
 * Open the repository for reading only: from git's environment when
 * $GIT_DIR is set (a hook: the quarantined objects of a push are read
 * through $GIT_OBJECT_DIRECTORY and $GIT_ALTERNATE_OBJECT_DIRECTORIES),
 * else the one at or above dir (NULL: the working directory), bare or
 * not.  vcs_open_store() opens the store's own.
 */
int vcs_open_dir(const char *dir);
int vcs_open_store(struct store *st);

/* A revision (HEAD, a branch, a commit id) as a commit: 0, PD_ENOINPUT
 * when there is no such commit (with a message), PD_EIO. */
int vcs_resolve(const char *rev, struct vcs_oid *commit);
/* Is anc an ancestor of (or equal to) of?  1, 0, or -1 on failure. */
int vcs_is_ancestor(const struct vcs_oid *anc, const struct vcs_oid *of);

int vcs_oid_equal(const struct vcs_oid *a, const struct vcs_oid *b);
/* 40 hex digits and a NUL into hex. */
char *vcs_oid_hex(const struct vcs_oid *o, char hex[41]);

struct vcs_person {
	char *name, *email;
	long long when;
	int offset_min;
};

struct vcs_commit {
	struct vcs_oid id, tree;
	struct vcs_oid *parents;
	size_t nparents;
	struct vcs_person author, committer;
	char *message;		/* the whole message */
	char *summary;		/* its first line */
};
int vcs_commit_read(const struct vcs_oid *id, struct vcs_commit *c);
void vcs_commit_release(struct vcs_commit *c);

/* A walk over the commits reachable from tip and not from hide (may be
 * NULL), parents before children (oldest_first) or children first. */
struct vcs_walk;
int vcs_walk_start(struct vcs_walk **w, const struct vcs_oid *tip,
		   const struct vcs_oid *hide, int oldest_first);
/* Before the first vcs_walk_next(): hide(id, arg) is asked of each
 * commit the walk reaches (as a parent, and again before it is given);
 * non-zero leaves it and what only it leads to out of the walk. */
int vcs_walk_prune(struct vcs_walk *w,
		   int (*hide)(const struct vcs_oid *id, void *arg), void *arg);
/* 1 with *id, 0 at the end, or an error code. */
int vcs_walk_next(struct vcs_walk *w, struct vcs_oid *id);
void vcs_walk_end(struct vcs_walk *w);

/* A tree's entries, sorted as git sorts them. */
enum { VCS_BLOB, VCS_TREE, VCS_LINK, VCS_OTHER };
struct vcs_tree;
int vcs_tree_read(const struct vcs_oid *id, struct vcs_tree **t);
size_t vcs_tree_count(const struct vcs_tree *t);
const char *vcs_tree_name(const struct vcs_tree *t, size_t i);
const struct vcs_oid *vcs_tree_id(const struct vcs_tree *t, size_t i);
int vcs_tree_kind(const struct vcs_tree *t, size_t i);	/* VCS_BLOB... */
void vcs_tree_free(struct vcs_tree *t);
/* The entry name of t: 1 with *id and *kind, 0 when there is none. */
int vcs_tree_entry(const struct vcs_tree *t, const char *name,
		   struct vcs_oid *id, int *kind);
/* The entry at path (no leading or trailing '/') below tree: 1 with *id
 * and *kind, 0 when there is none, or an error code. */
int vcs_tree_lookup(const struct vcs_oid *tree, const char *path,
		    struct vcs_oid *id, int *kind);

/* A blob's bytes (NUL-terminated; caller frees). */
int vcs_blob_read(const struct vcs_oid *id, char **data, size_t *len);

#endif
