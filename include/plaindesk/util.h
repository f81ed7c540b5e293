/*
 * Errors, exit codes and small string helpers shared by every module.
 *
 * lib/ never prints and never exits: a function that fails records one
 * message with pd_error() and returns the exit code that fits (<sysexits.h>
 * values, DESIGN §3).  cmd/ decides what to do with it.
 */
#ifndef PLAINDESK_UTIL_H
#define PLAINDESK_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define PD_VERSION "0.1.0"

enum pd_exit {
	PD_OK = 0,
	PD_MISSED = 1,		/* --check found a target missed */
	PD_EUSAGE = 64,
	PD_EDATA = 65,
	PD_ENOINPUT = 66,
	PD_ESOFTWARE = 70,
	PD_ECANTCREAT = 73,
	PD_EIO = 74,
	PD_EBUSY = 75,
	PD_ENOPERM = 77,
	PD_ECONFIG = 78
};

/* The program name used in messages; set by pd_setprog() from argv[0]. */
extern const char *pd_progname;
void pd_setprog(const char *argv0);

/*
 * Record an error message (printf format) and return code.  A later call
 * replaces the message.  pd_hint() attaches an optional hint line.
 */
int pd_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pd_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *pd_errmsg(void);
const char *pd_errhint(void);
void pd_clear_error(void);

/*
 * In cmd/: print "PROG: error: <message>" (and the hint) to stderr and
 * return code.  With no recorded message it prints a generic one.
 */
int pd_die(int code);

/* Print "PROG: error: ..." directly and return code (for cmd/ only). */
int pd_fail(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print "PROG: warning: ..." to stderr. */
void pd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that never returns NULL (aborts with a message on OOM). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* A growable byte buffer, always NUL-terminated. */
struct sbuf {
	char *buf;
	size_t len, cap;
};
void sbuf_init(struct sbuf *sb);
void sbuf_release(struct sbuf *sb);
void sbuf_add(struct sbuf *sb, const void *data, size_t len);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addc(struct sbuf *sb, int c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap);
/* Hand the buffer to the caller (who frees it) and reset sb. */
char *sbuf_detach(struct sbuf *sb, size_t *len);

/* A growable list of owned strings. */
struct strlist {
	char **items;
	size_t n, cap;
};
void strlist_init(struct strlist *l);
void strlist_release(struct strlist *l);
void strlist_add(struct strlist *l, const char *s);	/* copies s */
void strlist_add_owned(struct strlist *l, char *s);	/* takes s */
int strlist_has(const struct strlist *l, const char *s);

/*
 * A set of strings, for checks that must stay linear however long a
 * hostile list is ("appears twice"): a hash table with a random seed.
 */
struct strset {
	void *table;
};
void strset_init(struct strset *s);
void strset_release(struct strset *s);
/* Add s: 1 if it was not there yet, 0 if it was. */
int strset_add(struct strset *s, const char *str);

/* Read a whole file (or "-" for stdin); returns 0 or an error code. */
int read_file(const char *path, char **data, size_t *len);

/*
 * Write data to path atomically: a temporary file in the same directory
 * (an unpredictable name, created with O_EXCL), fsynced, renamed over
 * path, directory fsynced.  Creates missing parent directories.  Returns
 * 0 or PD_ECANTCREAT/PD_EIO with a message.  For paths outside a store
 * (the journal, a file named on the command line); files in a store go
 * through storefs_write().
 */
int write_file_atomic(const char *path, const char *data, size_t len);

/*
 * fsync(fd), unless $PLAINDESK_FSYNC is "0": then nothing is synced, here
 * or by libgit2, and a power cut can lose or tear changes that were
 * reported done.  Only for test suites on throwaway stores.
 */
int pd_fsync(int fd);
int pd_fsync_enabled(void);

/* mkdir -p of every parent directory of path. */
int mkdir_parents(const char *path);

/*
 * Call attempt(arg) until it returns anything but 1 ("busy, try again"),
 * 20 ms apart, for at most timeout seconds of real time: its last value,
 * or 1 when the time ran out.
 */
int pd_retry(int (*attempt)(void *), void *arg, double timeout);
/* Take an exclusive flock() on fd, waiting up to timeout seconds: 0, 1
 * when the time ran out, -1 on an error (errno). */
int pd_flock_wait(int fd, double timeout);

/*
 * Fault injection for the crash tests: when $PLAINDESK_FAULT names this
 * step, the process kills itself with SIGKILL there; "STEP:N" does so
 * the N-th time the step is reached.
 */
void pd_fault(const char *step);

/*
 * With $PLAINDESK_TRACE set, print on stderr how long the phase that just
 * ended took ("trace: phase 1.234 ms"), for finding where time goes.
 */
void pd_trace(const char *phase);

/* The commit this process made (hex; NULL if none), for messages. */
void pd_set_last_commit(const char *hex);
const char *pd_last_commit(void);

/* Simple predicates. */
int str_startswith(const char *s, const char *prefix);
int str_endswith(const char *s, const char *suffix);
/* Index of s in the NULL-terminated list, or -1. */
int str_index(const char *const *list, const char *s);
/* "a, b, c" made of the NULL-terminated list; static buffer. */
const char *str_join_list(const char *const *list);

#endif
