/*
 * Files inside a store, never through a link: see
 * include/plaindesk/storefs.h.  Each path is walked from the store's root
 * with openat(O_NOFOLLOW), so a link anywhere on the way is found, not
 * followed, and what a file is gets decided by fstatat() before it is
 * opened (a FIFO opened for reading would block, a device could do
 * anything).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/storefs.h"
#include "plaindesk/util.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
/* Directories nest deeper than this only in a store made to hurt. */
#define MAX_DEPTH 64

/* What a file that is not a regular one is: a msgid, translated where
 * a message says it. */
static const char *
storefs_kind(const struct stat *sb)
{
	if (S_ISLNK(sb->st_mode))
		return N_("a symbolic link");
	if (S_ISFIFO(sb->st_mode))
		return N_("a FIFO");
	if (S_ISSOCK(sb->st_mode))
		return N_("a socket");
	if (S_ISCHR(sb->st_mode))
		return N_("a character device");
	if (S_ISBLK(sb->st_mode))
		return N_("a block device");
	if (S_ISREG(sb->st_mode) && sb->st_nlink > 1)
		return N_("a file with more than one name (a hard link)");
	if (!S_ISREG(sb->st_mode) && !S_ISDIR(sb->st_mode))
		return N_("a special file");
	return NULL;
}

/* Not a file where one belongs: the one message for it. */
/* xgettext:c-format */
#define NOT_A_FILE N_("'%s' is %s, not a regular file (links and special files in a store are not followed)")

static const char *
kind_or_dir(const struct stat *sb)
{
	const char *kind = storefs_kind(sb);

	return kind ? kind : N_("a directory");
}

static int
not_a_file(const char *rel, const struct stat *sb)
{
	return pd_error(PD_EDATA, NOT_A_FILE, rel, _(kind_or_dir(sb)));
}

/* Relative, no empty, "." or ".." component. */
static int
check_rel(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		goto bad;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			goto bad;
		p += n;
		if (*p == '/' && !*++p)
			goto bad;
	}
	return 0;
bad:
	return pd_error(PD_EDATA, "invalid path '%s' in the store", rel);
}

/* Open the directory made of the first n bytes of rel. */
static int
open_dirs(const char *root, const char *rel, size_t n, int create, int *out)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t at = 0;

	if (fd < 0)
		return pd_error(errno == ENOENT ? PD_ENOINPUT : PD_EIO,
				"cannot open the store '%s': %s", root,
				strerror(errno));
	while (at < n) {
		size_t len = strcspn(rel + at, "/");
		char *name = xstrndup(rel + at, len);
		int next = openat(fd, name, DIR_FLAGS), e = errno, rc = 0;
		struct stat sb;

		if (next < 0 && e == ENOENT && create) {
			if (mkdirat(fd, name, 0777) < 0 && errno != EEXIST)
				rc = pd_error(PD_ECANTCREAT,
					      "cannot create '%.*s': %s",
					      (int)(at + len), rel,
					      strerror(errno));
			else if ((next = openat(fd, name, DIR_FLAGS)) < 0)
				e = errno;
		}
		if (!rc && next < 0) {
			if (fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
			    !S_ISDIR(sb.st_mode)) {
				const char *kind = storefs_kind(&sb);

				rc = pd_error(PD_EDATA, "'%.*s' is %s, not a "
					      "directory (links and special "
					      "files in a store are not "
					      "followed)", (int)(at + len),
					      rel, kind ? _(kind) :
					      _("a regular file"));
			} else {
				rc = pd_error(e == ENOENT ? PD_ENOINPUT : PD_EIO,
					      "cannot open '%.*s': %s",
					      (int)(at + len), rel,
					      strerror(e));
			}
		}
		free(name);
		close(fd);
		if (rc)
			return rc;
		fd = next;
		at += len;
		if (rel[at] == '/')
			at++;
	}
	*out = fd;
	return 0;
}

int
storefs_open_dir(const char *root, const char *rel, int create, int *fd)
{
	int rc;

	if (!rel || !*rel)
		return open_dirs(root, "", 0, 0, fd);
	if ((rc = check_rel(rel)))
		return rc;
	return open_dirs(root, rel, strlen(rel), create, fd);
}

/* The directory of rel opened, and where its last component starts. */
static int
open_parent(const char *root, const char *rel, int create, int *fd,
	    const char **base)
{
	const char *slash;
	int rc;

	if ((rc = check_rel(rel)))
		return rc;
	slash = strrchr(rel, '/');
	*base = slash ? slash + 1 : rel;
	return open_dirs(root, rel, slash ? (size_t)(slash - rel) : 0, create,
			 fd);
}

/*
 * A failure of storefs_read_at(): into *why when the caller runs in a
 * thread (pd_error() keeps one message per process), else recorded.
 */
static int
read_failed(char **why, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
read_failed(char **why, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(pd_gettext(fmt), ap);
	va_end(ap);
	if (why) {
		*why = msg;
		return code;
	}
	pd_error(code, "%s", msg);
	free(msg);
	return code;
}

int
storefs_read_at(int dirfd, const char *name, const char *rel, char **data,
		size_t *len, char **why)
{
	struct stat sb, osb;
	size_t cap, got = 0;
	char *buf;
	ssize_t n;
	int fd;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return read_failed(why, errno == ENOENT ? PD_ENOINPUT : PD_EIO,
				   "cannot read '%s': %s", rel,
				   strerror(errno));
	if (storefs_kind(&sb) || !S_ISREG(sb.st_mode))
		return read_failed(why, PD_EDATA, NOT_A_FILE, rel,
				   _(kind_or_dir(&sb)));
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return read_failed(why, errno == ENOENT ? PD_ENOINPUT :
				   errno == ELOOP ? PD_EDATA : PD_EIO,
				   "cannot read '%s': %s", rel,
				   strerror(errno));
	/* What was opened is what was looked at, not a swapped-in file. */
	if (fstat(fd, &osb) < 0 || osb.st_dev != sb.st_dev ||
	    osb.st_ino != sb.st_ino || storefs_kind(&osb) ||
	    !S_ISREG(osb.st_mode)) {
		close(fd);
		return read_failed(why, PD_EDATA, NOT_A_FILE, rel,
				   _(kind_or_dir(&osb)));
	}
	if (osb.st_size > STOREFS_MAX_BYTES) {
		close(fd);
		return read_failed(why, PD_EDATA, "'%s' is too large (%lld "
				   "bytes; at most %ld)", rel,
				   (long long)osb.st_size, STOREFS_MAX_BYTES);
	}
	/* Read into a buffer of the file's size, one byte more to see the
	 * end; a file that grows meanwhile makes it grow. */
	cap = (size_t)osb.st_size + 2;
	buf = xmalloc(cap);
	while ((n = read(fd, buf + got, cap - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || got + (size_t)n > (size_t)STOREFS_MAX_BYTES) {
			int e = n < 0 ? errno : EFBIG;

			close(fd);
			free(buf);
			return read_failed(why, n < 0 ? PD_EIO : PD_EDATA,
					   "cannot read '%s': %s", rel,
					   strerror(e));
		}
		got += (size_t)n;
		if (got == cap - 1) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

int
storefs_read(const char *root, const char *rel, char **data, size_t *len)
{
	const char *base;
	int fd, rc;

	if ((rc = open_parent(root, rel, 0, &fd, &base)))
		return rc;
	rc = storefs_read_at(fd, base, rel, data, len, NULL);
	close(fd);
	return rc;
}

int
storefs_lstat(const char *root, const char *rel, struct stat *sb)
{
	const char *base;
	int fd, rc;

	if ((rc = open_parent(root, rel, 0, &fd, &base)))
		return rc;
	if (fstatat(fd, base, sb, AT_SYMLINK_NOFOLLOW) < 0)
		rc = pd_error(errno == ENOENT ? PD_ENOINPUT : PD_EIO,
			      "cannot read '%s': %s", rel, strerror(errno));
	close(fd);
	return rc;
}

int
storefs_exists(const char *root, const char *rel)
{
	struct stat sb;
	int rc = storefs_lstat(root, rel, &sb);

	if (rc == PD_ENOINPUT)
		return 0;
	return rc ? rc : 1;
}

char *
storefs_temp_name(const char *rel)
{
	static const char b32[] = "0123456789abcdefghjkmnpqrstvwxyz";
	const char *slash = strrchr(rel, '/');
	unsigned char rnd[10];
	char tag[sizeof(rnd) + 1];

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		/* No random source: the time and pid still differ per run,
		 * and O_EXCL refuses a name that is taken. */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		for (size_t i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)((ts.tv_nsec >> (i * 3)) ^
						 (getpid() >> i));
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		tag[i] = b32[rnd[i] & 31];
	tag[sizeof(rnd)] = '\0';
	if (!slash)
		return xasprintf(".pd-tmp-%s.%s", rel, tag);
	return xasprintf("%.*s/.pd-tmp-%s.%s", (int)(slash - rel), rel,
			 slash + 1, tag);
}

/* Write all of data to fd. */
static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
storefs_write_at(int dfd, const char *base, const char *tmpbase,
		 const char *rel, const char *data, size_t len)
{
	int fd = openat(dfd, tmpbase, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			O_CLOEXEC, 0666);

	if (fd < 0)
		return pd_error(PD_ECANTCREAT, "cannot create a temporary file for '%s': %s",
				rel, strerror(errno));
	if (write_all(fd, data, len) < 0)
		goto fail;
	pd_fault("temp-written");
	if (pd_fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(dfd, tmpbase, dfd, base) < 0)
		goto fail;
	if (pd_fsync(dfd) < 0)
		return pd_error(PD_EIO, "cannot sync the directory of '%s': %s",
				rel, strerror(errno));
	return 0;
fail:
	{
		int rc = pd_error(PD_EIO, "cannot write '%s': %s", rel,
				  strerror(errno));

		if (fd >= 0)
			close(fd);
		unlinkat(dfd, tmpbase, 0);
		return rc;
	}
}

int
storefs_write(const char *root, const char *rel, const char *data,
	      size_t len, const char *tmp)
{
	const char *base;
	char *drawn = NULL;
	struct stat sb;
	int dfd, rc;

	if ((rc = open_parent(root, rel, 1, &dfd, &base)))
		return rc;
	if (fstatat(dfd, base, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    (storefs_kind(&sb) || !S_ISREG(sb.st_mode))) {
		close(dfd);
		return not_a_file(rel, &sb);
	}
	if (!tmp)
		tmp = drawn = storefs_temp_name(rel);
	rc = storefs_write_at(dfd, base, strrchr(tmp, '/') ?
			      strrchr(tmp, '/') + 1 : tmp, rel, data, len);
	free(drawn);
	close(dfd);
	return rc;
}

int
storefs_remove(const char *root, const char *rel)
{
	const char *base;
	int fd, rc;

	rc = open_parent(root, rel, 0, &fd, &base);
	if (rc == PD_ENOINPUT)
		return 0;
	if (rc)
		return rc;
	if (unlinkat(fd, base, 0) < 0 && errno != ENOENT)
		rc = pd_error(PD_EIO, "cannot remove '%s': %s", rel,
			      strerror(errno));
	close(fd);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Report what is special in the directory fd (called rel) and below. */
static int
find_special(int fd, const char *rel, int depth, storefs_special_fn fn,
	     void *ctx)
{
	struct strlist names;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (depth > MAX_DEPTH)
		return fn(ctx, rel, N_("directories nested too deep to check"));
	if (!(d = fdopendir(fd))) {
		close(fd);
		return fn(ctx, rel, N_("a directory that cannot be read"));
	}
	strlist_init(&names);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    (*rel || strcmp(e->d_name, ".git")))
			strlist_add(&names, e->d_name);
	if (names.n)
		qsort(names.items, names.n, sizeof(char *), cmp_names);
	for (size_t i = 0; i < names.n && !rc; i++) {
		char *path = *rel ? xasprintf("%s/%s", rel, names.items[i])
				  : xstrdup(names.items[i]);
		struct stat sb;
		const char *kind;
		int sub;

		if (fstatat(dirfd(d), names.items[i], &sb,
			    AT_SYMLINK_NOFOLLOW) < 0)
			rc = fn(ctx, path, N_("a file that cannot be examined"));
		else if ((kind = storefs_kind(&sb)))
			rc = fn(ctx, path, kind);
		else if (S_ISDIR(sb.st_mode)) {
			sub = openat(dirfd(d), names.items[i], DIR_FLAGS);
			rc = sub < 0 ? fn(ctx, path,
					  N_("a directory that cannot be read"))
				     : find_special(sub, path, depth + 1, fn,
						    ctx);
		}
		free(path);
	}
	strlist_release(&names);
	closedir(d);
	return rc;
}

int
storefs_find_special(const char *root, storefs_special_fn fn, void *ctx)
{
	int fd, rc;

	if ((rc = open_dirs(root, "", 0, 0, &fd)))
		return rc;
	return find_special(fd, "", 0, fn, ctx);
}

/* A regular file at path (links followed: for the store's own root). */
int
storefs_path_is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The directory that holds plaindesk.json: dir, or an ancestor of cwd. */
int
storefs_find_root(const char *dir, char **root)
{
	char buf[PATH_MAX];
	char *cfg;

	if (!dir || !*dir)
		dir = getenv("PLAINDESK_DIR");
	if (dir && *dir) {
		if (!realpath(dir, buf))
			return pd_error(PD_ENOINPUT, "no store at '%s': %s",
					dir, strerror(errno));
		cfg = xasprintf("%s/plaindesk.json", buf);
		if (!storefs_path_is_file(cfg)) {
			free(cfg);
			pd_error(PD_ENOINPUT, "no store at '%s' (no plaindesk.json)",
				 dir);
			pd_hint("make one with plaindesk-init");
			return PD_ENOINPUT;
		}
		free(cfg);
		*root = xstrdup(buf);
		return 0;
	}
	if (!getcwd(buf, sizeof(buf)))
		return pd_error(PD_ENOINPUT, "cannot get the working directory: %s",
				strerror(errno));
	for (;;) {
		char *slash;
		int found;

		cfg = xasprintf("%s/plaindesk.json", *buf ? buf : "");
		found = storefs_path_is_file(cfg);
		free(cfg);
		if (found) {
			*root = xstrdup(*buf ? buf : "/");
			return 0;
		}
		slash = strrchr(buf, '/');
		if (!slash || buf[0] == '\0')
			break;
		*slash = '\0';
	}
	pd_error(PD_ENOINPUT, "not in a plaindesk store (no plaindesk.json here or above)");
	pd_hint("use -C DIR, set PLAINDESK_DIR, or make one with plaindesk-init");
	return PD_ENOINPUT;
}
