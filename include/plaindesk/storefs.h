/*
 * Files inside a store, which may come from a hostile colleague (DESIGN
 * §5): every path below the store's root is walked one component at a
 * time from the root with openat() and O_NOFOLLOW, so no read or write
 * follows a link or leaves the store, and only regular files with one
 * name are read.  Temporary files get unpredictable names and are
 * created with O_EXCL.  A link, FIFO, device, directory or hard-linked
 * file where a file belongs is PD_EDATA with a message naming its path.
 *
 * rel is always relative to root, '/'-separated, without "." or ".."
 * components (such a path is refused with PD_EDATA too).
 */
#ifndef PLAINDESK_STOREFS_H
#define PLAINDESK_STOREFS_H

#include <stddef.h>
#include <sys/stat.h>

/* Store files larger than this are refused (no record comes near it). */
#define STOREFS_MAX_BYTES (64L * 1024 * 1024)

/*
 * Open the directory rel below root (rel "" or NULL is root itself),
 * optionally creating the missing ones: *fd, or PD_ENOINPUT if it does
 * not exist (and create is 0), PD_EDATA for a link or a non-directory on
 * the way, PD_ECANTCREAT/PD_EIO.
 */
int storefs_open_dir(const char *root, const char *rel, int create, int *fd);

/*
 * Read the regular file rel: 0 with *data (NUL-terminated, caller frees),
 * PD_ENOINPUT if it does not exist, PD_EDATA if it is not a regular file
 * with one name or is too large, PD_EIO.
 */
int storefs_read(const char *root, const char *rel, char **data, size_t *len);
/*
 * The same relative to an open directory dirfd (name a single component;
 * rel is what messages call it).  With why, a failure's message goes
 * there (caller frees) instead of pd_error(), for worker threads.
 */
int storefs_read_at(int dirfd, const char *name, const char *rel,
		    char **data, size_t *len, char **why);

/*
 * What is at rel, without following a link: 0 with *sb, PD_ENOINPUT if
 * nothing is there, PD_EDATA if a directory on the way is a link or not
 * a directory.
 */
int storefs_lstat(const char *root, const char *rel, struct stat *sb);

/* Is there anything at rel?  1, 0, or an error code above 1. */
int storefs_exists(const char *root, const char *rel);

/*
 * A fresh temporary name for rel's directory: "DIR/.pd-tmp-BASE.XXXXXXXX"
 * with random X (caller frees).  storefs_write() uses one; a caller that
 * must name it beforehand (the intent journal) draws it here.
 */
char *storefs_temp_name(const char *rel);

/*
 * Write rel atomically: the missing directories made (never through a
 * link), the data written to the temporary file tmp (rel's directory;
 * NULL draws one) created with O_EXCL|O_NOFOLLOW, fsynced, renamed over
 * rel, the directory fsynced.  Something other than a regular file at rel
 * is PD_EDATA; else 0 or PD_ECANTCREAT/PD_EIO, with nothing left behind.
 */
int storefs_write(const char *root, const char *rel, const char *data,
		  size_t len, const char *tmp);

/*
 * The last step of both: data into the new file tmpbase of the open
 * directory dfd (O_EXCL|O_NOFOLLOW), fsynced and renamed over base, the
 * directory fsynced; rel names it in messages.  Nothing is left behind
 * on failure.
 */
int storefs_write_at(int dfd, const char *base, const char *tmpbase,
		     const char *rel, const char *data, size_t len);

/* Remove the file rel (a link itself, never what it points to); a
 * missing one is 0. */
int storefs_remove(const char *root, const char *rel);

/*
 * Everything in the tree below root (but its .git) that is not a
 * directory or a regular file with one name: fn(ctx, rel, what) for
 * each, what saying what it is ("a symbolic link", "a FIFO", ...: in
 * English, for the caller to translate with _()), dot
 * files included, in name order.  Links are reported, not followed.
 * Stops with fn's value when it is not 0.
 */
typedef int (*storefs_special_fn)(void *ctx, const char *rel,
				  const char *what);
int storefs_find_special(const char *root, storefs_special_fn fn, void *ctx);

/*
 * The store's root: dir, else $PLAINDESK_DIR, else the nearest ancestor
 * of the working directory that holds plaindesk.json.  0 with *root
 * (caller frees), or PD_ENOINPUT with a message and a hint.
 */
int storefs_find_root(const char *dir, char **root);
/* Is path a regular file (following links)? */
int storefs_path_is_file(const char *path);

#endif
