/*
 * Reading many records in order, with the parsing done ahead in worker
 * threads: reports and listings spend most of their time parsing JSON,
 * and a machine has more than one core.  The records still reach the
 * callback one at a time, in order, in the calling thread, and at most a
 * fixed window of them is held at once, so memory does not grow with the
 * store.
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
	int done;
};

struct scan {
	int dirfd;
	char *const *rels;
	size_t n;
	struct slot slots[WINDOW];
	size_t next_claim, next_consume;
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t space, done;
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

static void *
worker(void *arg)
{
	struct scan *sc = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&sc->lock);
		while (!sc->stop && sc->next_claim < sc->n &&
		       sc->next_claim >= sc->next_consume + WINDOW)
			pthread_cond_wait(&sc->space, &sc->lock);
		if (sc->stop || sc->next_claim >= sc->n) {
			pthread_mutex_unlock(&sc->lock);
			return NULL;
		}
		i = sc->next_claim++;
		pthread_mutex_unlock(&sc->lock);
		parse_one(sc->dirfd, sc->rels[i], &sc->slots[i % WINDOW]);
		pthread_mutex_lock(&sc->lock);
		sc->slots[i % WINDOW].done = 1;
		pthread_cond_broadcast(&sc->done);
		pthread_mutex_unlock(&sc->lock);
	}
}

static int
deliver(struct slot *s, const char *rel, record_fn fn, void *ctx)
{
	int rc;

	if (!s->rec)
		pd_error(PD_EDATA, "%s", s->err ? s->err : rel);
	rc = fn(ctx, rel, s->rec);
	json_decref(s->rec);
	free(s->err);
	s->rec = NULL;
	s->err = NULL;
	return rc;
}

int
scan_records(int dirfd, char *const *rels, size_t n, record_fn fn,
	     void *ctx)
{
	pthread_t threads[MAX_WORKERS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nworkers = cpus > MAX_WORKERS ? MAX_WORKERS : (int)cpus, started = 0;
	struct scan *sc;
	int rc = 0;

	/* Few records, or one core: no threads. */
	if (n < 32 || nworkers < 2) {
		for (size_t i = 0; i < n && !rc; i++) {
			struct slot s;

			parse_one(dirfd, rels[i], &s);
			rc = deliver(&s, rels[i], fn, ctx);
		}
		return rc;
	}
	/* jansson seeds its hash function once; do it before the threads. */
	json_object_seed(0);
	sc = xcalloc(1, sizeof(*sc));
	sc->dirfd = dirfd;
	sc->rels = rels;
	sc->n = n;
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->space, NULL);
	pthread_cond_init(&sc->done, NULL);
	for (int w = 0; w < nworkers; w++)
		if (pthread_create(&threads[started], NULL, worker, sc) == 0)
			started++;
	for (size_t i = 0; i < n && !rc; i++) {
		struct slot *s = &sc->slots[i % WINDOW];

		pthread_mutex_lock(&sc->lock);
		if (!started && !s->done) {
			/* No thread could start: parse it here. */
			pthread_mutex_unlock(&sc->lock);
			parse_one(dirfd, rels[i], s);
			pthread_mutex_lock(&sc->lock);
			sc->next_claim = i + 1;
			s->done = 1;
		}
		while (!s->done)
			pthread_cond_wait(&sc->done, &sc->lock);
		pthread_mutex_unlock(&sc->lock);
		rc = deliver(s, rels[i], fn, ctx);
		pthread_mutex_lock(&sc->lock);
		s->done = 0;
		sc->next_consume = i + 1;
		/* Workers that wait for room are woken when half the window
		 * is free, not at every record: a slower callback would
		 * otherwise wake them for one record each time. */
		if (sc->next_claim <= sc->next_consume + WINDOW / 2)
			pthread_cond_broadcast(&sc->space);
		pthread_mutex_unlock(&sc->lock);
	}
	pthread_mutex_lock(&sc->lock);
	sc->stop = 1;
	pthread_cond_broadcast(&sc->space);
	pthread_mutex_unlock(&sc->lock);
	for (int w = 0; w < started; w++)
		pthread_join(threads[w], NULL);
	/* Records parsed ahead of a callback that stopped the scan. */
	for (int i = 0; i < WINDOW; i++) {
		json_decref(sc->slots[i].rec);
		free(sc->slots[i].err);
	}
	pthread_mutex_destroy(&sc->lock);
	pthread_cond_destroy(&sc->space);
	pthread_cond_destroy(&sc->done);
	free(sc);
	return rc;
}
