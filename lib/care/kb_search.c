/*
 * Reading the knowledge base: the listing of articles and the search,
 * ranked by BM25 with field weights (lib/care/kbtext.c).
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/kb.h"
#include "plaindesk/kbtext.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

/* A local time as listings show it: "2026-11-23 09:05". */
static void
set_time(struct table *t, size_t col, json_t *v)
{
	char buf[24];
	time_t at = 0;
	struct tm tm;

	if (!json_is_string(v) || time_parse(json_string_value(v), &at) < 0) {
		table_set(t, col, NULL);
		return;
	}
	localtime_r(&at, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	table_set(t, col, buf);
	table_set_json(t, col, json_incref(v));
}

/* A list of strings as one cell "a;b" (JSON: the list). */
static void
set_list(struct table *t, size_t col, json_t *list)
{
	struct sbuf sb;
	json_t *v;
	size_t i;

	sbuf_init(&sb);
	json_array_foreach(list, i, v)
		sbuf_addf(&sb, "%s%s", i ? ";" : "", json_string_value(v));
	table_set(t, col, sb.buf);
	table_set_json(t, col, json_deep_copy(list));
	sbuf_release(&sb);
}

struct list_ctx {
	struct store *st;
	struct table *t;
	int stale;
	int bad;
};

static int
list_one(void *vctx, const char *rel, json_t *rec)
{
	struct list_ctx *ctx = vctx;
	json_t *s;

	(void)rel;
	if (!rec || kb_validate(rec)) {
		ctx->bad++;
		return 0;
	}
	s = kb_fold(rec);
	if (!ctx->stale || kb_is_stale(s, ctx->st->now)) {
		table_add_row(ctx->t);
		table_set(ctx->t, 0, jstr(rec, "id"));
		table_set(ctx->t, 1, jstr(s, "status"));
		{
			char v[24];

			snprintf(v, sizeof(v), "%lld", jint(s, "version", 0));
			table_set(ctx->t, 2, v);
			table_set_json(ctx->t, 2, json_integer(
				jint(s, "version", 0)));
		}
		set_time(ctx->t, 3, json_object_get(s, "review_due"));
		table_set(ctx->t, 4, jstr(s, "title"));
		set_list(ctx->t, 5, json_object_get(s, "tags"));
	}
	json_decref(s);
	return 0;
}

int
kb_list(struct store *st, int stale, struct table *t)
{
	static const char *const cols[] = {
		"id", "status", "version", "review_due", "title", "tags"
	};
	struct list_ctx ctx = {st, t, stale, 0};

	table_init(t, 6, cols);
	return store_foreach(st, 'K', 0, list_one, &ctx);
}

/* An article taking part in a search. */
struct doc {
	char id[ID_LEN + 1];
	json_t *state;
	double score;
};

struct search_ctx {
	struct kb_scorer sc;
	struct doc *docs;
	size_t n, cap;
	int all;
	/* With --ticket: what an article shares with it. */
	const char *kind, *category, *cause;
};

static int
list_has(json_t *list, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (s && json_string_value(v) && !strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

static int
search_one(void *vctx, const char *rel, json_t *rec)
{
	struct search_ctx *ctx = vctx;
	const char *fields[KB_NFIELDS];
	struct sbuf tags;
	json_t *s, *v;
	struct doc *d;
	size_t i, k;

	(void)rel;
	if (!rec || kb_validate(rec))
		return 0;
	s = kb_fold(rec);
	if (!ctx->all && strcmp(jstr(s, "status"), "published")) {
		json_decref(s);
		return 0;
	}
	sbuf_init(&tags);
	json_array_foreach(json_object_get(s, "tags"), i, v)
		sbuf_addf(&tags, "%s ", json_string_value(v));
	fields[KB_TITLE] = jstr(s, "title");
	fields[KB_TAGS] = tags.buf;
	fields[KB_PROBLEM] = jstr(s, "problem");
	fields[KB_SOLUTION] = jstr(s, "solution");
	k = kb_scorer_add(&ctx->sc, fields);
	sbuf_release(&tags);
	if (list_has(json_object_get(s, "kinds"), ctx->kind) ||
	    list_has(json_object_get(s, "categories"), ctx->category) ||
	    list_has(json_object_get(s, "causes"), ctx->cause))
		kb_scorer_boost(&ctx->sc, k, 1.2);
	if (ctx->n == ctx->cap) {
		ctx->cap = ctx->cap ? 2 * ctx->cap : 64;
		ctx->docs = xrealloc(ctx->docs, ctx->cap * sizeof(*ctx->docs));
	}
	d = &ctx->docs[ctx->n++];
	snprintf(d->id, sizeof(d->id), "%s", jstr(rec, "id"));
	d->state = s;
	return 0;
}

/* Best first; equal scores by id, newest first. */
static int
by_score(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(y->id, x->id);
}

/* The query of a ticket: its title and description; what it is. */
static int
ticket_query(struct store *st, const char *id_arg, struct search_ctx *ctx,
	     json_t **rec, char **query)
{
	char id[ID_LEN + 1];
	json_t *ev;
	size_t i;
	int rc;

	if ((rc = id_resolve(st, 'T', id_arg, id)) ||
	    (rc = ticket_load(st, id, rec, NULL)))
		return rc;
	ctx->kind = jstr(*rec, "kind");
	ctx->category = jstr(*rec, "category");
	json_array_foreach(json_object_get(*rec, "events"), i, ev)
		if (jstr(ev, "type") && !strcmp(jstr(ev, "type"), "cause"))
			ctx->cause = jstr(ev, "cause");
	*query = xasprintf("%s\n%s", jstr(*rec, "title"),
			   jstr(*rec, "description") ?
			   jstr(*rec, "description") : "");
	return 0;
}

/* The best hit's snippet: from the problem, else the solution. */
static char *
hit_snippet(const struct search_ctx *ctx, json_t *s)
{
	char *sn = kb_snippet(jstr(s, "problem"), &ctx->sc, 80);
	const char *sol = jstr(s, "solution");

	for (size_t t = 0; t < ctx->sc.nterms; t++)
		if (strstr(sn, ctx->sc.terms[t]))
			return sn;
	for (size_t t = 0; sol && t < ctx->sc.nterms; t++)
		if (strstr(sol, ctx->sc.terms[t])) {
			free(sn);
			return kb_snippet(sol, &ctx->sc, 80);
		}
	return sn;
}

int
kb_search(struct store *st, const char *query, const char *ticket,
	  int all, size_t limit, struct table *t)
{
	static const char *const cols[] = {
		"id", "score", "status", "title", "snippet"
	};
	struct search_ctx ctx;
	json_t *trec = NULL;
	char *tquery = NULL;
	int rc = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.all = all;
	if (ticket && (rc = ticket_query(st, ticket, &ctx, &trec, &tquery)))
		return rc;
	kb_scorer_init(&ctx.sc, ticket ? tquery : query);
	table_init(t, 5, cols);
	rc = store_foreach(st, 'K', 0, search_one, &ctx);
	for (size_t i = 0; i < ctx.n; i++)
		ctx.docs[i].score = kb_scorer_score(&ctx.sc, i);
	if (ctx.n)
		qsort(ctx.docs, ctx.n, sizeof(*ctx.docs), by_score);
	for (size_t i = 0; !rc && i < ctx.n && i < limit; i++) {
		struct doc *d = &ctx.docs[i];
		char buf[32], *sn;

		if (d->score <= 0)
			break;
		table_add_row(t);
		table_set(t, 0, d->id);
		snprintf(buf, sizeof(buf), "%.3f", d->score);
		table_set(t, 1, buf);
		table_set_json(t, 1, json_real(d->score));
		table_set(t, 2, jstr(d->state, "status"));
		table_set(t, 3, jstr(d->state, "title"));
		sn = hit_snippet(&ctx, d->state);
		table_set(t, 4, sn);
		free(sn);
	}
	for (size_t i = 0; i < ctx.n; i++)
		json_decref(ctx.docs[i].state);
	free(ctx.docs);
	kb_scorer_release(&ctx.sc);
	json_decref(trec);
	free(tquery);
	return rc;
}
