/*
 * git's own lock files ("index.lock", "refs/heads/main.lock"): whoever
 * creates one owns the file it locks until it renames the lock over it or
 * removes it.  git and libgit2 wait for no one, so a lock held by another
 * git command makes theirs or ours fail; ours waits.
 *
 * A killed command leaves its lock behind, and git then refuses to work
 * until someone removes it.  So that a recovery can remove exactly the
 * locks a killed change held, never one another git command took since,
 * the lock is first made under a name of its own, its identity is handed
 * to the caller (who writes it down), and only then is it linked into
 * place: at every instant a file under the lock's name is either
 * another command's or one the caller has written down.  Callers take
 * git's locks one at a time among themselves (plaindesk's store lock).
 */
#ifndef PLAINDESK_GITLOCK_H
#define PLAINDESK_GITLOCK_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

struct gitlock {
	int fd;			/* -1 when not held */
	char *path;		/* the lock file */
	char *target;		/* the file it locks */
	dev_t dev;		/* of the lock file, to know it later */
	ino_t ino;
};

#define GITLOCK_INIT {-1, NULL, NULL, 0, 0}

/*
 * Called with the lock's identity and the name it is made under (path,
 * absolute) before it takes the lock's name: 0 to go on, or an error
 * code (then nothing is left behind).
 */
typedef int gitlock_named_fn(void *arg, const struct gitlock *lk,
			     const char *made_as);

/*
 * Create target's lock, waiting up to timeout seconds while another
 * command holds it: 0, or PD_EBUSY naming the lock (with a hint for a
 * stale one), or PD_EIO, or what named returned.  named may be NULL.
 */
int gitlock_take(struct gitlock *lk, const char *target, double timeout,
		 gitlock_named_fn *named, void *arg);
/* The PD_EBUSY error for a lock file another command held too long. */
int gitlock_busy(const char *path, double timeout);
/* Write data into a held lock, fsync it and rename it over its target. */
int gitlock_commit(struct gitlock *lk, const void *data, size_t len);
/* The same with the data in pieces (iov is consumed). */
int gitlock_commitv(struct gitlock *lk, struct iovec *iov, size_t n);
/* Remove a lock still held (nothing otherwise) and free lk's strings. */
void gitlock_release(struct gitlock *lk);

#endif
