/*
 * Listings over all meetings: the meetings that pass a filter (mtg-plan
 * list) and the action items that do (mtg-minutes actions).  Reading
 * only: one pass of store_foreach().
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/meetings.h"
#include "plaindesk/record.h"

struct list_ctx {
	struct store *st;
	const struct meeting_filter *mf;
	const struct action_filter *af;
	json_t *rows;
};

/* Listings show what the events say, as readers do (meeting_load()). */
static void
mend(json_t *rec)
{
	if (meeting_validate_shape(rec) == 0)
		meeting_refresh(rec);
	pd_clear_error();
}

/* A record that cannot be read, or that is not where its id puts it, is
 * left out of a listing, and said so as ticket-list does. */
static int
skip_unreadable(void)
{
	pd_warn("%s (skipped)", pd_errmsg());
	return 0;
}

static int
takes_part(json_t *rec, const char *who)
{
	json_t *a;
	size_t i;

	if (jstr(rec, "organizer") && !strcmp(jstr(rec, "organizer"), who))
		return 1;
	json_array_foreach(json_object_get(rec, "attendees"), i, a)
		if (jstr(a, "who") && !strcmp(jstr(a, "who"), who))
			return 1;
	return 0;
}

static int
meeting_one(void *vctx, const char *rel, json_t *rec)
{
	struct list_ctx *ctx = vctx;
	const struct meeting_filter *f = ctx->mf;
	const char *status;
	time_t start;

	(void)rel;
	if (!rec)
		return skip_unreadable();
	if (!jstr(rec, "id") || !(start = meeting_start(rec)))
		return 0;
	mend(rec);
	status = jstr(json_object_get(rec, "state"), "status");
	if ((f->from && start < f->from) || (f->to && start >= f->to) ||
	    (f->status && (!status || strcmp(status, f->status))) ||
	    (f->room && (!jstr(rec, "room") ||
			 strcmp(jstr(rec, "room"), f->room))) ||
	    (f->who && !takes_part(rec, f->who)))
		return 0;
	json_array_append(ctx->rows, rec);
	return 0;
}

static int
by_start(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	time_t sx = meeting_start(x), sy = meeting_start(y);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return strcmp(jstr(x, "id"), jstr(y, "id"));
}

/* Sort the rows of a JSON array in place. */
static void
sort_rows(json_t *rows, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(rows);
	json_t **v = xcalloc(n + 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(rows, i));
	qsort(v, n, sizeof(*v), cmp);
	json_array_clear(rows);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, v[i]);
	free(v);
}

json_t *
meeting_list(struct store *st, const struct meeting_filter *f)
{
	struct list_ctx ctx = { st, f, NULL, json_array() };

	store_foreach(st, 'M', 0, meeting_one, &ctx);
	sort_rows(ctx.rows, by_start);
	return ctx.rows;
}

static int
action_one(void *vctx, const char *rel, json_t *rec)
{
	struct list_ctx *ctx = vctx;
	const struct action_filter *f = ctx->af;
	json_t *a;
	size_t i;

	(void)rel;
	if (!rec)
		return skip_unreadable();
	mend(rec);
	json_array_foreach(json_object_get(rec, "actions"), i, a) {
		int done = json_is_string(json_object_get(a, "done_at"));
		int overdue = action_overdue(a, ctx->st->now);
		json_t *row;

		if ((f->open && done) || (f->overdue && !overdue) ||
		    (f->owner && (!jstr(a, "owner") ||
				  strcmp(jstr(a, "owner"), f->owner))))
			continue;
		row = json_deep_copy(a);
		json_object_set_new(row, "status", json_string(done ?
			(action_done_late(a) ? "done (late)" : "done") :
			overdue ? "overdue" : "open"));
		json_object_set_new(row, "title", json_string(
			jstr(rec, "title") ? jstr(rec, "title") : ""));
		json_array_append_new(ctx->rows, row);
	}
	return 0;
}

static int
by_due(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int c = strcmp(jstr(a, "due") ? jstr(a, "due") : "",
		       jstr(b, "due") ? jstr(b, "due") : "");

	return c ? c : strcmp(jstr(a, "id") ? jstr(a, "id") : "",
			      jstr(b, "id") ? jstr(b, "id") : "");
}

json_t *
action_list(struct store *st, const struct action_filter *f)
{
	struct list_ctx ctx = { st, NULL, f, json_array() };

	store_foreach(st, 'M', 0, action_one, &ctx);
	sort_rows(ctx.rows, by_due);
	return ctx.rows;
}
