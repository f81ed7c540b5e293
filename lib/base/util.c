/*
 * Errors, allocation, buffers and files: the small pieces every module uses.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "plaindesk/i18n.h"
#include "plaindesk/storefs.h"
#include "plaindesk/text.h"
#include "plaindesk/util.h"

const char *pd_progname = "plaindesk";

static char errmsg[1024];
static char errhint[512];

void
pd_setprog(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	pd_progname = slash ? slash + 1 : argv0;
}

/*
 * Callers often wrap the last message ("%s: %s", where, pd_errmsg()), so
 * format into a buffer of our own first: vsnprintf() into errmsg would
 * overwrite the message it is still reading.
 */
int
pd_error(int code, const char *fmt, ...)
{
	char buf[sizeof(errmsg)];
	va_list ap;

	/* The arguments may include pd_errmsg() itself. */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), pd_gettext(fmt), ap);
	va_end(ap);
	memcpy(errmsg, buf, sizeof(errmsg));
	errhint[0] = '\0';
	return code;
}

void
pd_hint(const char *fmt, ...)
{
	char buf[sizeof(errhint)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), pd_gettext(fmt), ap);
	va_end(ap);
	memcpy(errhint, buf, sizeof(errhint));
}

const char *
pd_errmsg(void)
{
	return errmsg;
}

const char *
pd_errhint(void)
{
	return errhint;
}

void
pd_clear_error(void)
{
	errmsg[0] = errhint[0] = '\0';
}

/*
 * One line on stderr: "PROG: LEVEL: message", the message stripped of
 * control characters, since it may quote what a record or a register
 * holds and a terminal would obey an escape in it.
 */
static void
say(const char *level, const char *fmt, va_list ap)
{
	struct sbuf raw, clean;

	sbuf_init(&raw);
	sbuf_init(&clean);
	sbuf_vaddf(&raw, pd_gettext(fmt), ap);
	text_add_clean(&clean, raw.buf ? raw.buf : "", 1);
	fprintf(stderr, "%s: %s: %s\n", pd_progname, pd_gettext(level),
		clean.buf ? clean.buf : "");
	sbuf_release(&raw);
	sbuf_release(&clean);
}

static void
sayf(const char *level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sayf(const char *level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(level, fmt, ap);
	va_end(ap);
}

int
pd_die(int code)
{
	sayf(N_("error"), "%s", errmsg[0] ? errmsg : _("failed"));
	if (errhint[0])
		sayf(N_("hint"), "%s", errhint);
	return code;
}

int
pd_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(N_("error"), fmt, ap);
	va_end(ap);
	return code;
}

void
pd_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(N_("warning"), fmt, ap);
	va_end(ap);
}

static void
oom(void)
{
	fprintf(stderr, "%s: error: out of memory\n", pd_progname);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_vaddf(&sb, fmt, ap);
	return sbuf_detach(&sb, NULL);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
sbuf_init(struct sbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sbuf_init(sb);
}

static void
sbuf_grow(struct sbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	sb->cap = sb->cap ? sb->cap * 2 : 64;
	while (sb->cap < sb->len + extra + 1)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void
sbuf_add(struct sbuf *sb, const void *data, size_t len)
{
	sbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void
sbuf_addc(struct sbuf *sb, int c)
{
	char ch = (char)c;

	sbuf_add(sb, &ch, 1);
}

void
sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p;

	if (!sb->buf)
		sbuf_grow(sb, 0), sb->buf[0] = '\0';
	p = sb->buf;
	if (len)
		*len = sb->len;
	sbuf_init(sb);
	return p;
}

void
strlist_init(struct strlist *l)
{
	l->items = NULL;
	l->n = l->cap = 0;
}

void
strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	strlist_init(l);
}

void
strlist_add_owned(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->n++] = s;
}

void
strlist_add(struct strlist *l, const char *s)
{
	strlist_add_owned(l, xstrdup(s));
}

int
strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], s) == 0)
			return 1;
	return 0;
}

/* jansson's object is the hash table: seeded at random, so a list made
 * to collide cannot be. */
void
strset_init(struct strset *s)
{
	s->table = json_object();
}

void
strset_release(struct strset *s)
{
	json_decref(s->table);
	s->table = NULL;
}

int
strset_add(struct strset *s, const char *str)
{
	if (json_object_get(s->table, str))
		return 0;
	json_object_set_new_nocheck(s->table, str, json_true());
	return 1;
}

int
read_file(const char *path, char **data, size_t *len)
{
	struct sbuf sb;
	char chunk[65536];
	FILE *fp;
	size_t n;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if (!(fp = fopen(path, "rb")))
		return pd_error(errno == ENOENT ? PD_ENOINPUT : PD_EIO,
				"cannot read '%s': %s", path, strerror(errno));
	sbuf_init(&sb);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		sbuf_add(&sb, chunk, n);
	if (ferror(fp)) {
		int e = errno;

		if (fp != stdin)
			fclose(fp);
		sbuf_release(&sb);
		return pd_error(PD_EIO, "cannot read '%s': %s", path,
				strerror(e));
	}
	if (fp != stdin)
		fclose(fp);
	*data = sbuf_detach(&sb, len);
	return 0;
}

int
mkdir_parents(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			int e = errno;

			pd_error(PD_ECANTCREAT, "cannot create '%s': %s", p,
				 strerror(e));
			free(p);
			return PD_ECANTCREAT;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

int
pd_fsync_enabled(void)
{
	static int enabled = -1;

	if (enabled < 0) {
		const char *v = getenv("PLAINDESK_FSYNC");

		enabled = !(v && strcmp(v, "0") == 0);
	}
	return enabled;
}

int
pd_fsync(int fd)
{
	return pd_fsync_enabled() ? fsync(fd) : 0;
}

int
write_file_atomic(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1)
			  : xstrdup(".");
	/* A name nobody can guess or have placed there beforehand. */
	char *tmp = storefs_temp_name(path);
	int dfd, rc;

	if ((rc = mkdir_parents(path)))
		goto out;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = pd_error(PD_ECANTCREAT, "cannot open '%s': %s", dir,
			      strerror(errno));
		goto out;
	}
	rc = storefs_write_at(dfd, slash ? slash + 1 : path,
			      strrchr(tmp, '/') ? strrchr(tmp, '/') + 1 : tmp,
			      path, data, len);
	close(dfd);
out:
	free(tmp);
	free(dir);
	return rc;
}

int
pd_retry(int (*attempt)(void *), void *arg, double timeout)
{
	struct timespec start, now;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while ((rc = attempt(arg)) == 1) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - start.tv_sec) +
		    (double)(now.tv_nsec - start.tv_nsec) / 1e9 >= timeout)
			return 1;
		usleep(20000);
	}
	return rc;
}

static int
try_flock(void *arg)
{
	if (flock(*(int *)arg, LOCK_EX | LOCK_NB) == 0)
		return 0;
	return errno == EWOULDBLOCK || errno == EINTR ? 1 : -1;
}

int
pd_flock_wait(int fd, double timeout)
{
	return pd_retry(try_flock, &fd, timeout);
}

int
str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
str_endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
str_index(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

const char *
str_join_list(const char *const *list)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; list[i]; i++) {
		int w = snprintf(buf + n, sizeof(buf) - n, "%s%s",
				 i ? ", " : "", list[i]);

		if (w < 0 || (size_t)w >= sizeof(buf) - n)
			break;
		n += (size_t)w;
	}
	return buf;
}

/*
 * "STEP" kills at the first time the step is reached, "STEP:N" at the
 * N-th (the crash tests reach every file of a change that way).
 */
void
pd_fault(const char *step)
{
	static atomic_long hits;	/* a step may be taken in two threads */
	const char *want = getenv("PLAINDESK_FAULT");
	size_t n = strlen(step);

	if (!want || strncmp(want, step, n) != 0)
		return;
	if (want[n] == '\0' ||
	    (want[n] == ':' && atomic_fetch_add(&hits, 1) + 1 ==
	     atol(want + n + 1)))
		raise(SIGKILL);
}

void
pd_trace(const char *phase)
{
	static int enabled = -1;
	static struct timespec last;
	struct timespec now;

	if (enabled < 0) {
		enabled = getenv("PLAINDESK_TRACE") != NULL;
		clock_gettime(CLOCK_MONOTONIC, &last);
	}
	if (!enabled)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "trace: %-16s %8.3f ms\n", phase,
		(double)(now.tv_sec - last.tv_sec) * 1e3 +
		(double)(now.tv_nsec - last.tv_nsec) / 1e6);
	last = now;
}

static char last_commit[48];

void
pd_set_last_commit(const char *hex)
{
	snprintf(last_commit, sizeof(last_commit), "%s", hex);
}

const char *
pd_last_commit(void)
{
	return last_commit[0] ? last_commit : NULL;
}
