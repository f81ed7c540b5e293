/*
 * git's lock files, taken so that a recovery can tell its own: see
 * include/plaindesk/gitlock.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plaindesk/gitlock.h"
#include "plaindesk/util.h"

/*
 * The name a lock is made under: a dot file ending in ".lock" beside it,
 * which git takes for neither a ref nor a lock of its own.  One name for
 * every process, since the callers hold a lock of their own (the
 * store's): whatever is found under it was left by a killed process.
 */
static char *
made_name(const char *target)
{
	const char *base = strrchr(target, '/');
	size_t dir = base ? (size_t)(base - target) + 1 : 0;

	return xasprintf("%.*s.%s.pd.lock", (int)dir, target, target + dir);
}

/* One attempt at the lock's name: 0, 1 while it is held, -1. */
static int
try_link(void *arg)
{
	const char **names = arg;

	if (link(names[0], names[1]) == 0)
		return 0;
	return errno == EEXIST ? 1 : -1;
}

/* The same where files cannot be linked: the lock created in place. */
static int
try_create(void *arg)
{
	struct gitlock *lk = arg;

	lk->fd = open(lk->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		      O_CLOEXEC, 0666);
	if (lk->fd >= 0)
		return 0;
	return errno == EEXIST ? 1 : -1;
}

static int
linkable(int err)
{
	return err != EPERM && err != ENOTSUP && err != EOPNOTSUPP &&
	       err != EXDEV && err != EMLINK && err != ENOSYS;
}

/* The file under its own name: created, its identity taken, named. */
static int
make_own(struct gitlock *lk, const char *made, gitlock_named_fn *named,
	 void *arg)
{
	struct stat sb;
	int rc;

	unlink(made);		/* left by a killed process */
	lk->fd = open(made, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		      O_CLOEXEC, 0666);
	if (lk->fd < 0 || fstat(lk->fd, &sb) < 0)
		return pd_error(PD_EIO, "cannot create '%s': %s", made,
				strerror(errno));
	lk->dev = sb.st_dev;
	lk->ino = sb.st_ino;
	if (named && (rc = named(arg, lk, made))) {
		unlink(made);
		return rc;
	}
	return 0;
}

/* Where links fail: the old way, named once it is taken. */
static int
take_in_place(struct gitlock *lk, double timeout, gitlock_named_fn *named,
	      void *arg)
{
	struct stat sb;
	int rc = pd_retry(try_create, lk, timeout);

	if (rc == 1)
		return gitlock_busy(lk->path, timeout);
	if (rc < 0 || fstat(lk->fd, &sb) < 0)
		return pd_error(PD_EIO, "cannot create '%s': %s", lk->path,
				strerror(errno));
	lk->dev = sb.st_dev;
	lk->ino = sb.st_ino;
	return named ? named(arg, lk, lk->path) : 0;
}

int
gitlock_take(struct gitlock *lk, const char *target, double timeout,
	     gitlock_named_fn *named, void *arg)
{
	char *made = made_name(target);
	const char *names[2];
	int rc;

	lk->path = xasprintf("%s.lock", target);
	lk->target = xstrdup(target);
	lk->fd = -1;
	if ((rc = make_own(lk, made, named, arg)))
		goto out;
	pd_fault("lock-made");
	names[0] = made;
	names[1] = lk->path;
	rc = pd_retry(try_link, names, timeout);
	if (rc == 0)
		pd_fault("lock-linked");
	if (rc < 0 && !linkable(errno)) {
		close(lk->fd);
		lk->fd = -1;
		unlink(made);
		rc = take_in_place(lk, timeout, named, arg);
		goto out;
	}
	if (rc == 1)
		rc = gitlock_busy(lk->path, timeout);
	else if (rc < 0)
		rc = pd_error(PD_EIO, "cannot create '%s': %s", lk->path,
			      strerror(errno));
	unlink(made);
out:
	if (rc && lk->fd >= 0) {
		close(lk->fd);
		lk->fd = -1;
	}
	free(made);
	return rc;
}

int
gitlock_busy(const char *path, double timeout)
{
	pd_error(PD_EBUSY, "'%s' is held by another git command (waited %gs); nothing was changed",
		 path, timeout);
	pd_hint("try again; if no git command is running, remove the stale '%s'",
		path);
	return PD_EBUSY;
}

int
gitlock_commit(struct gitlock *lk, const void *data, size_t len)
{
	struct iovec iov = {(void *)data, len};

	return gitlock_commitv(lk, &iov, 1);
}

/* Skip w bytes written from the pieces at *i, a partial piece included. */
static void
skip_written(struct iovec *iov, size_t n, size_t *i, size_t w)
{
	while (w > 0 && *i < n) {
		if (w >= iov[*i].iov_len) {
			w -= iov[*i].iov_len;
			(*i)++;
		} else {
			iov[*i].iov_base = (char *)iov[*i].iov_base + w;
			iov[*i].iov_len -= w;
			w = 0;
		}
	}
}

/*
 * The rename made lasting.  Best effort: the file is in place whatever a
 * failure here says, and a caller told otherwise would undo a change
 * that is made.
 */
static void
sync_dir(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir;
	int fd;

	if (!pd_fsync_enabled() || !slash)
		return;
	dir = xstrndup(target, (size_t)(slash - target));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		pd_fsync(fd);
		close(fd);
	}
	free(dir);
}

int
gitlock_commitv(struct gitlock *lk, struct iovec *iov, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc;) {
		int cnt = (int)(n - i > 1024 ? 1024 : n - i);
		ssize_t w = writev(lk->fd, iov + i, cnt);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			rc = pd_error(PD_EIO, "cannot write '%s': %s", lk->path,
				      strerror(errno));
		else
			skip_written(iov, n, &i, (size_t)w);
	}
	/* On disk before it replaces the target, like everything a change
	 * writes: a power cut must not leave a truncated file. */
	if (!rc && pd_fsync(lk->fd) < 0)
		rc = pd_error(PD_EIO, "cannot write '%s': %s", lk->path,
			      strerror(errno));
	/* The fault step of crash tests: the index's, or a ref's. */
	pd_fault(str_endswith(lk->target, "/index") ? "index-written"
						     : "ref-written");
	if (!rc && rename(lk->path, lk->target) < 0)
		rc = pd_error(PD_EIO, "cannot replace '%s': %s", lk->target,
			      strerror(errno));
	if (!rc) {
		close(lk->fd);
		lk->fd = -1;
		sync_dir(lk->target);
	}
	return rc;
}

void
gitlock_release(struct gitlock *lk)
{
	if (lk->fd >= 0) {
		close(lk->fd);
		unlink(lk->path);
	}
	lk->fd = -1;
	free(lk->path);
	free(lk->target);
	lk->path = lk->target = NULL;
}
