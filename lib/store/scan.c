/*
 * Reading many records in order, with the parsing done ahead in worker
 * threads: reports and listings spend most of their time parsing JSON,
 * and a machine has more than one core.  The records still reach the
 * callback one at a time, in order, in the calling thread, and at most a
 * fixed window of them is held at once (with, until their maker frees
 * them, the window's records already given), so memory does not grow
 * with the store.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/scan.h"
#include "plaindesk/storefs.h"

#define WINDOW 128		/* records parsed ahead at most */
#define MAX_WORKERS 4

struct slot {
	json_t *rec;
	char *err;		/* why rec is NULL */
	json_t *stale;		/* delivered, for its maker to free */
	int done;
};

struct scan {
	int dirfd;
	char *const *rels;
	size_t n;
	struct slot slots[WINDOW];
	size_t next_consume;
	int nworkers, ready, stop;
	pthread_mutex_t lock;
	pthread_cond_t space, done;
};

/* A worker and the first record it parses. */
struct worker_arg {
	struct scan *sc;
	size_t first;
};

/*
 * Read and parse one record; a file that is not a regular file (a link
 * in a shared store) is not followed.  Runs in worker threads, where
 * pd_error()'s one message cannot be used: storefs_read_at() records its
 * message there all the same, so it is taken through a thread-local
 * copy (see storefs_read_at()).
 */
static void
parse_one(int dirfd, const char *rel, struct slot *s)
{
	const char *slash = strrchr(rel, '/');
	json_error_t err;
	char *data, *why;
	size_t len;

	s->rec = NULL;
	s->err = NULL;
	if (storefs_read_at(dirfd, slash ? slash + 1 : rel, rel, &data, &len,
			    &why)) {
		s->err = why;
		return;
	}
	s->rec = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (!s->rec)
		s->err = xasprintf("%s: line %d: %s", rel, err.line, err.text);
	else if (!json_is_object(s->rec)) {
		json_decref(s->rec);
		s->rec = NULL;
		s->err = xasprintf("%s: not a JSON object", rel);
	}
	free(data);
}

/*
 * Worker w parses records w, w + nworkers, w + 2 nworkers...: with a
 * window a multiple of the workers, each slot is always one worker's, so
 * the records it made are freed in its own thread (glibc's allocator
 * locks a thread's arena for every free from another thread).
 */
static void *
worker(void *arg)
{
	const struct worker_arg *wa = arg;
	struct scan *sc = wa->sc;

	pthread_mutex_lock(&sc->lock);
	while (!sc->ready && !sc->stop)
		pthread_cond_wait(&sc->space, &sc->lock);
	pthread_mutex_unlock(&sc->lock);
	for (size_t i = wa->first; i < sc->n; i += (size_t)sc->nworkers) {
		struct slot *s = &sc->slots[i % WINDOW];

		pthread_mutex_lock(&sc->lock);
		while (!sc->stop && i >= sc->next_consume + WINDOW)
			pthread_cond_wait(&sc->space, &sc->lock);
		if (sc->stop) {
			pthread_mutex_unlock(&sc->lock);
			break;
		}
		pthread_mutex_unlock(&sc->lock);
		json_decref(s->stale);
		s->stale = NULL;
		parse_one(sc->dirfd, sc->rels[i], s);
		pthread_mutex_lock(&sc->lock);
		s->done = 1;
		pthread_cond_broadcast(&sc->done);
		pthread_mutex_unlock(&sc->lock);
	}
	return NULL;
}

static int
deliver(struct slot *s, const char *rel, record_fn fn, void *ctx)
{
	int rc;

	if (!s->rec)
		pd_error(PD_EDATA, "%s", s->err ? s->err : rel);
	rc = fn(ctx, rel, s->rec);
	/* Held by nobody else: freed by the thread that made it. */
	if (s->rec && s->rec->refcount == 1 && !s->stale)
		s->stale = s->rec;
	else
		json_decref(s->rec);
	free(s->err);
	s->rec = NULL;
	s->err = NULL;
	return rc;
}

/* Start the workers: all of them, or none (the records are theirs by
 * number); how many started. */
static int
start_workers(struct scan *sc, pthread_t *threads, struct worker_arg *args)
{
	int started = 0;

	for (int w = 0; w < sc->nworkers; w++) {
		args[w].sc = sc;
		args[w].first = (size_t)w;
		if (pthread_create(&threads[started], NULL, worker,
				   &args[w]) == 0)
			started++;
	}
	pthread_mutex_lock(&sc->lock);
	if (started == sc->nworkers)
		sc->ready = 1;
	else
		sc->stop = 1;
	pthread_cond_broadcast(&sc->space);
	pthread_mutex_unlock(&sc->lock);
	if (!sc->ready)
		for (int w = 0; w < started; w++)
			pthread_join(threads[w], NULL);
	return sc->ready ? started : 0;
}

/* The records to fn in order, as the workers (or this thread, without
 * them) parse them. */
static int
consume(struct scan *sc, record_fn fn, void *ctx)
{
	int rc = 0;

	for (size_t i = 0; i < sc->n && !rc; i++) {
		struct slot *s = &sc->slots[i % WINDOW];

		if (!sc->ready) {
			json_decref(s->stale);
			s->stale = NULL;
			parse_one(sc->dirfd, sc->rels[i], s);
			s->done = 1;
		}
		pthread_mutex_lock(&sc->lock);
		while (!s->done)
			pthread_cond_wait(&sc->done, &sc->lock);
		pthread_mutex_unlock(&sc->lock);
		rc = deliver(s, sc->rels[i], fn, ctx);
		pthread_mutex_lock(&sc->lock);
		s->done = 0;
		sc->next_consume = i + 1;
		/* Workers wait for room for their next record; woken when a
		 * few slots are free, not at every record. */
		if (sc->ready && (i + 1) % (size_t)(2 * sc->nworkers) == 0)
			pthread_cond_broadcast(&sc->space);
		pthread_mutex_unlock(&sc->lock);
	}
	return rc;
}

int
scan_records(int dirfd, char *const *rels, size_t n, record_fn fn,
	     void *ctx)
{
	pthread_t threads[MAX_WORKERS];
	struct worker_arg args[MAX_WORKERS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct scan *sc;
	int rc = 0, started;

	/* Few records, or one core: no threads. */
	if (n < 32 || cpus < 2) {
		for (size_t i = 0; i < n && !rc; i++) {
			struct slot s = {NULL, NULL, NULL, 0};

			parse_one(dirfd, rels[i], &s);
			rc = deliver(&s, rels[i], fn, ctx);
			json_decref(s.stale);
		}
		return rc;
	}
	/* jansson seeds its hash function once; do it before the threads. */
	json_object_seed(0);
	sc = xcalloc(1, sizeof(*sc));
	sc->dirfd = dirfd;
	sc->rels = rels;
	sc->n = n;
	sc->nworkers = cpus >= 4 ? 4 : 2;	/* a divisor of the window */
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->space, NULL);
	pthread_cond_init(&sc->done, NULL);
	started = start_workers(sc, threads, args);
	rc = consume(sc, fn, ctx);
	pthread_mutex_lock(&sc->lock);
	sc->stop = 1;
	pthread_cond_broadcast(&sc->space);
	pthread_mutex_unlock(&sc->lock);
	for (int w = 0; w < started; w++)
		pthread_join(threads[w], NULL);
	/* Records parsed ahead of a callback that stopped the scan, and
	 * those delivered and not yet freed. */
	for (int i = 0; i < WINDOW; i++) {
		json_decref(sc->slots[i].rec);
		json_decref(sc->slots[i].stale);
		free(sc->slots[i].err);
	}
	pthread_mutex_destroy(&sc->lock);
	pthread_cond_destroy(&sc->space);
	pthread_cond_destroy(&sc->done);
	free(sc);
	return rc;
}
