/*
 * The audit in several processes: the commits, oldest first, are cut in
 * as many runs as there are processors, each run audited by a process of
 * its own (forked: the repository, the walk and the caches as they are),
 * and what each found is written to a file the first process reads back
 * in the order of the runs.  Every commit is audited against its parents
 * alone, so the findings, in order, are those of one process.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "plaindesk/audit.h"
#include "plaindesk/util.h"

/* A process is worth its fork from this many commits on. */
enum { MIN_RUN = 2000, MAX_JOBS = 64 };

/* How many processes: $PLAINDESK_JOBS, else the processors online (at
 * most 8) while each has MIN_RUN commits. */
static int
jobs_for(size_t n, size_t *jobs)
{
	const char *e = getenv("PLAINDESK_JOBS");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (e && *e) {
		char *end;
		long v;

		errno = 0;
		v = strtol(e, &end, 10);
		if (errno || *end || v < 1 || v > MAX_JOBS)
			return pd_error(PD_EUSAGE, "PLAINDESK_JOBS: expected "
					"a number from 1 to %d, not '%s'",
					MAX_JOBS, e);
		*jobs = (size_t)v;
	} else {
		*jobs = cpus > 1 ? (size_t)(cpus < 8 ? cpus : 8) : 1;
		while (*jobs > 1 && n / *jobs < MIN_RUN)
			--*jobs;
	}
	if (*jobs > n)
		*jobs = n ? n : 1;
	return 0;
}

static void
put_size(FILE *f, size_t v)
{
	fwrite(&v, sizeof(v), 1, f);
}

static void
put_str(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : SIZE_MAX;

	put_size(f, n);
	if (s)
		fwrite(s, 1, n, f);
}

static int
get_size(FILE *f, size_t *v)
{
	return fread(v, sizeof(*v), 1, f) == 1 ? 0 : -1;
}

static int
get_str(FILE *f, char **s)
{
	size_t n;

	*s = NULL;
	if (get_size(f, &n))
		return -1;
	if (n == SIZE_MAX)
		return 0;
	if (n > (size_t)1 << 30)
		return -1;
	*s = xmalloc(n + 1);
	if (fread(*s, 1, n, f) != n) {
		free(*s);
		*s = NULL;
		return -1;
	}
	(*s)[n] = '\0';
	return 0;
}

static void
put_list(FILE *f, const struct audit_list *l, size_t from)
{
	put_size(f, l->n - from);
	for (size_t i = from; i < l->n; i++) {
		put_str(f, l->items[i].commit);
		put_str(f, l->items[i].path);
		put_size(f, (size_t)l->items[i].kind);
		put_str(f, l->items[i].message);
		put_str(f, l->items[i].text);
	}
}

static int
get_list(FILE *f, struct audit_list *l)
{
	size_t n, kind;

	if (get_size(f, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct audit_problem p = {0};
		char *commit;
		int bad = get_str(f, &commit) || get_str(f, &p.path) ||
			  get_size(f, &kind) || get_str(f, &p.message) ||
			  get_str(f, &p.text) || !commit || !p.path ||
			  !p.message || !p.text || kind > AK_UNATTRIBUTED;

		if (!bad)
			snprintf(p.commit, sizeof(p.commit), "%s", commit);
		p.kind = (enum audit_kind)kind;
		free(commit);
		if (bad) {
			free(p.path);
			free(p.message);
			free(p.text);
			return -1;
		}
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 16;
			l->items = xrealloc(l->items,
					    l->cap * sizeof(*l->items));
		}
		l->items[l->n++] = p;
	}
	return 0;
}

/* What a run found beyond what a held at the fork (counts in *at). */
static void
put_run(FILE *f, const struct audit *a, const struct audit *at)
{
	put_size(f, a->commits - at->commits);
	put_size(f, a->merges - at->merges);
	put_size(f, a->events - at->events);
	put_list(f, &a->problems, at->problems.n);
	put_list(f, &a->unattributed, at->unattributed.n);
	put_str(f, at->first.id[0] ? NULL : a->first.id[0] ? a->first.id
							     : NULL);
	if (!at->first.id[0] && a->first.id[0]) {
		put_str(f, a->first.date);
		put_str(f, a->first.author);
		put_str(f, a->first.subject);
	}
}

static int
get_run(FILE *f, struct audit *a)
{
	size_t c, m, e;
	char *id;

	if (get_size(f, &c) || get_size(f, &m) || get_size(f, &e) ||
	    get_list(f, &a->problems) || get_list(f, &a->unattributed) ||
	    get_str(f, &id))
		return -1;
	a->commits += c;
	a->merges += m;
	a->events += e;
	if (id) {
		struct audit_commit_info fi = {{0}, NULL, NULL, NULL};
		int bad = get_str(f, &fi.date) || get_str(f, &fi.author) ||
			  get_str(f, &fi.subject);

		snprintf(fi.id, sizeof(fi.id), "%s", id);
		free(id);
		if (bad || a->first.id[0]) {
			free(fi.date);
			free(fi.author);
			free(fi.subject);
			return bad ? -1 : 0;
		}
		a->first = fi;
	}
	return 0;
}

struct job {
	pid_t pid;
	FILE *out;
};

/* Fork the process of run w of jobs; it exits when done.  -1 when it
 * cannot be started. */
static int
start_job(struct job *j, struct audit *a, const struct vcs_oid *ids,
	  size_t n, size_t w, size_t jobs, audit_range_fn *range)
{
	if (!(j->out = tmpfile()))
		return -1;
	fflush(NULL);
	if ((j->pid = fork()) < 0) {
		fclose(j->out);
		return -1;
	}
	if (j->pid == 0) {
		struct audit at = *a;
		int rc = range(a, ids, n * w / jobs, n * (w + 1) / jobs);

		put_run(j->out, a, &at);
		_exit(rc || fflush(j->out) || ferror(j->out) ? 1 : 0);
	}
	return 0;
}

/* Wait for the process of j; what it found is added to a unless drop. */
static int
finish_job(struct job *j, struct audit *a, int rc, int drop)
{
	int status;

	if (drop)
		kill(j->pid, SIGTERM);
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!rc && !drop &&
	    (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		rc = pd_error(PD_ESOFTWARE, "a process of the audit failed");
	rewind(j->out);
	if (!rc && !drop && get_run(j->out, a))
		rc = pd_error(PD_EIO, "cannot read what a process of the "
				      "audit found");
	fclose(j->out);
	return rc;
}

int
audit_in_parts(struct audit *a, const struct vcs_oid *ids, size_t n,
	       audit_range_fn *range)
{
	struct job *job;
	size_t jobs = 1, started = 0;
	int rc, failed = 0;

	if ((rc = jobs_for(n, &jobs)))
		return rc;
	if (jobs == 1)
		return range(a, ids, 0, n);
	job = xcalloc(jobs, sizeof(*job));
	for (size_t w = 1; w < jobs && !failed; w++)
		if (!(failed = start_job(&job[w], a, ids, n, w, jobs, range)))
			started = w;
	/* Without all its processes the audit is done in this one. */
	if (!failed) {
		char *what = xasprintf("audit in %zu processes", jobs);

		pd_trace(what);	/* PLAINDESK_TRACE: how many ran */
		free(what);
		rc = range(a, ids, 0, n / jobs);
	}
	for (size_t w = 1; w <= started; w++)
		rc = finish_job(&job[w], a, rc, failed);
	free(job);
	return failed ? range(a, ids, 0, n) : rc;
}
