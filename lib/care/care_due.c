/*
 * Reading care plans: the listing of plans, the care team's one to-do
 * list (follow-up calls of closed tickets, visits, occasions and holiday
 * greetings due), and the vip and key customers without a plan.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/care.h"
#include "plaindesk/careplan.h"
#include "plaindesk/erecord.h"
#include "plaindesk/record.h"
#include "plaindesk/scan.h"
#include "plaindesk/storefs.h"
#include "plaindesk/tickets.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
care_foreach(struct store *st, record_fn fn, void *ctx)
{
	struct strlist rels;
	struct dirent *e;
	DIR *d = NULL;
	int fd, rc;

	/* The directory opened without following a link (DESIGN §4). */
	if ((rc = storefs_open_dir(st->root, "care", 0, &fd))) {
		if (rc != PD_ENOINPUT)
			return fn(ctx, "care", NULL);
		pd_clear_error();
		return 0;
	}
	strlist_init(&rels);
	if ((d = fdopendir(dup(fd))))
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' &&
			    str_endswith(e->d_name, ".json"))
				strlist_add_owned(&rels, xasprintf("care/%s",
								   e->d_name));
	if (d)
		closedir(d);
	if (rels.n) {
		qsort(rels.items, rels.n, sizeof(char *), cmp_str);
		rc = scan_records(fd, rels.items, rels.n, fn, ctx);
	}
	close(fd);
	strlist_release(&rels);
	return rc;
}

/* A customer's register cell, "" when unknown. */
static const char *
customer_cell(struct store *st, const char *id, const char *col)
{
	struct csvtab *cust;
	long r;

	if (!id || store_register(st, REG_CUSTOMERS, &cust) ||
	    (r = csvtab_find(cust, "id", id)) < 0)
		return "";
	return csvtab_get(cust, (size_t)r, col);
}

static void
set_time(struct table *t, size_t col, json_t *v)
{
	char buf[24];

	table_set(t, col, erecord_local(json_string_value(v), buf));
	if (json_is_string(v))
		table_set_json(t, col, json_incref(v));
}

struct list_ctx {
	struct store *st;
	const char *owner;
	struct table *t;
};

static int
list_one(void *vctx, const char *rel, json_t *rec)
{
	struct list_ctx *ctx = vctx;
	const char *c = rec ? jstr(rec, "customer") : NULL;
	struct sbuf occ;
	json_t *s, *o;
	size_t i;

	(void)rel;
	if (!rec || care_validate(rec))
		return 0;
	s = care_fold(rec);
	if (ctx->owner && strcmp(jstr(s, "owner"), ctx->owner)) {
		json_decref(s);
		return 0;
	}
	table_add_row(ctx->t);
	table_set(ctx->t, 0, c);
	table_set(ctx->t, 1, customer_cell(ctx->st, c, "name"));
	table_set(ctx->t, 2, customer_cell(ctx->st, c, "tier"));
	table_set(ctx->t, 3, jstr(s, "status"));
	table_set(ctx->t, 4, jstr(s, "owner"));
	table_set(ctx->t, 5, jstr(s, "every"));
	set_time(ctx->t, 6, json_object_get(s, "next_visit_due"));
	set_time(ctx->t, 7, json_object_get(s, "last_visit_at"));
	sbuf_init(&occ);
	json_array_foreach(json_object_get(s, "occasions"), i, o)
		sbuf_addf(&occ, "%s%s %s", i ? "; " : "", jstr(o, "date"),
			  jstr(o, "label"));
	table_set(ctx->t, 8, occ.buf);
	table_set_json(ctx->t, 8, json_incref(json_object_get(s, "occasions")));
	sbuf_release(&occ);
	json_decref(s);
	return 0;
}

int
care_list(struct store *st, const char *owner, struct table *t)
{
	static const char *const cols[] = {
		"customer", "name", "tier", "status", "owner", "every",
		"next_visit_due", "last_visit_at", "occasions"
	};
	struct list_ctx ctx = {st, owner, t};

	table_init(t, 9, cols);
	return care_foreach(st, list_one, &ctx);
}

/* One line of the to-do list. */
struct due_item {
	time_t due;
	int day_only;		/* an occasion: due on a day, never overdue */
	const char *kind;
	char customer[72], owner[72], ref[ID_LEN + 1];
	char *what;
};

struct due_ctx {
	struct store *st;
	time_t until;
	int32_t today, last_day;
	const char *owner;
	struct due_item *items;
	size_t n, cap;
	struct holiday_run *runs;
	size_t nruns;
};

static struct due_item *
add_item(struct due_ctx *ctx, const char *kind, time_t due,
	 const char *customer, const char *owner)
{
	struct due_item *it;

	if (ctx->n == ctx->cap) {
		ctx->cap = ctx->cap ? 2 * ctx->cap : 32;
		ctx->items = xrealloc(ctx->items, ctx->cap * sizeof(*it));
	}
	it = &ctx->items[ctx->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->due = due;
	snprintf(it->customer, sizeof(it->customer), "%s", customer);
	snprintf(it->owner, sizeof(it->owner), "%s", owner ? owner : "");
	return it;
}

/* The follow-up call a closed ticket has pending. */
static int
due_ticket(void *vctx, const char *rel, json_t *rec)
{
	struct due_ctx *ctx = vctx;
	struct ticket_state ts;
	struct due_item *it;

	(void)rel;
	if (!rec || ticket_validate_shape(rec))
		return 0;
	ticket_fold(rec, &ctx->st->cfg, &ts);
	if (ts.status != ST_CLOSED || !ts.followup_due ||
	    ts.followup_due > ctx->until ||
	    (ctx->owner && (!ts.assignee || strcmp(ts.assignee, ctx->owner))))
		return 0;
	it = add_item(ctx, "followup", ts.followup_due, jstr(rec, "customer"),
		      ts.assignee);
	snprintf(it->ref, sizeof(it->ref), "%s", jstr(rec, "id"));
	it->what = ts.followup_tries ?
		   xasprintf(_("call again: %s"), jstr(rec, "title")) :
		   xasprintf("%s", jstr(rec, "title"));
	return 0;
}

/* Was occasion label touched for the occurrence on day? */
static int
touched(json_t *rec, const char *label, int32_t day)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, ev) {
		int32_t d = time_day(jtime(ev, "at"));

		if (!strcmp(jstr(ev, "type"), "touch") &&
		    !strcmp(jstr(ev, "occasion"), label) &&
		    d <= day && d > day - 300)
			return 1;
	}
	return 0;
}

static void
add_occasion(struct due_ctx *ctx, json_t *rec, const char *owner,
	     const char *kind, const char *label, int32_t day, char *what)
{
	struct due_item *it;

	if (day < ctx->today || day > ctx->last_day ||
	    touched(rec, label, day)) {
		free(what);
		return;
	}
	it = add_item(ctx, kind, day_start(day), jstr(rec, "customer"), owner);
	it->day_only = 1;
	it->what = what;
}

/* A plan's visit, occasions and holiday greetings. */
static int
due_plan(void *vctx, const char *rel, json_t *rec)
{
	struct due_ctx *ctx = vctx;
	const char *owner;
	json_t *s, *o;
	time_t next;
	size_t i;

	(void)rel;
	if (!rec || care_validate(rec))
		return 0;
	s = care_fold(rec);
	owner = jstr(s, "owner");
	if (strcmp(jstr(s, "status"), "active") ||
	    (ctx->owner && strcmp(owner, ctx->owner))) {
		json_decref(s);
		return 0;
	}
	next = jtime(s, "next_visit_due");
	if (next && next <= ctx->until)
		add_item(ctx, "visit", next, jstr(rec, "customer"),
			 owner)->what = xasprintf(_("visit (every %s)"),
						  jstr(s, "every"));
	json_array_foreach(json_object_get(s, "occasions"), i, o)
		add_occasion(ctx, rec, owner, "occasion", jstr(o, "label"),
			     occasion_next(jstr(o, "date"), ctx->today),
			     xasprintf("%s (%s)", jstr(o, "label"),
				       jstr(o, "date")));
	for (i = 0; json_is_true(json_object_get(s, "holidays")) &&
	     i < ctx->nruns; i++) {
		char first[16];

		add_occasion(ctx, rec, owner, "holiday", ctx->runs[i].name,
			     ctx->runs[i].greet,
			     xasprintf(_("greeting before %s (%s)"),
				       ctx->runs[i].name,
				       date_format(ctx->runs[i].first, first)));
	}
	json_decref(s);
	return 0;
}

/* The holidays of the register as runs (care_due's greetings). */
static void
load_runs(struct due_ctx *ctx)
{
	struct csvtab *hol;
	int32_t *days;
	const char **names;
	size_t n = 0;

	if (store_register(ctx->st, REG_HOLIDAYS, &hol))
		return;
	days = xcalloc(hol->nrows + 1, sizeof(*days));
	names = xcalloc(hol->nrows + 1, sizeof(*names));
	for (size_t r = 0; r < hol->nrows; r++)
		if (!strcmp(csvtab_get(hol, r, "kind"), "holiday") &&
		    date_parse(csvtab_get(hol, r, "date"), &days[n]) == 0)
			names[n++] = csvtab_get(hol, r, "name");
	ctx->runs = holiday_runs(&ctx->st->cfg.cal, days, names, n,
				 &ctx->nruns);
	free(days);
	free((void *)names);
}

/* Overdue first, then by due time, customer and kind. */
static int
by_due(const void *a, const void *b, void *vnow)
{
	const struct due_item *x = a, *y = b;
	time_t now = *(time_t *)vnow;
	int ox = !x->day_only && x->due < now, oy = !y->day_only && y->due < now;
	int c;

	if (ox != oy)
		return oy - ox;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if ((c = strcmp(x->customer, y->customer)))
		return c;
	return strcmp(x->kind, y->kind);
}

static void
due_row(struct store *st, struct table *t, const struct due_item *it,
	int contact)
{
	char buf[TIME_BUFSZ], local[24];
	int overdue = !it->day_only && it->due < st->now;

	table_add_row(t);
	if (it->day_only) {
		table_set(t, 0, date_format(time_day(it->due), local));
	} else {
		time_format(it->due, buf);
		table_set(t, 0, erecord_local(buf, local));
		table_set_json(t, 0, json_string(buf));
	}
	table_set(t, 1, overdue ? "yes" : "no");
	table_set_json(t, 1, json_boolean(overdue));
	table_set(t, 2, it->kind);
	table_set(t, 3, it->customer);
	table_set(t, 4, customer_cell(st, it->customer, "name"));
	table_set(t, 5, it->owner[0] ? it->owner : NULL);
	table_set(t, 6, it->ref[0] ? it->ref : NULL);
	table_set(t, 7, it->what);
	if (contact) {
		table_set(t, 8, customer_cell(st, it->customer, "email"));
		table_set(t, 9, customer_cell(st, it->customer, "phone"));
	}
}

int
care_due(struct store *st, time_t until, const char *owner, int contact,
	 struct table *t, size_t *overdue)
{
	static const char *const cols[] = {
		"due", "overdue", "kind", "customer", "name", "owner", "ticket",
		"what", "email", "phone"
	};
	struct due_ctx ctx = {0};
	int rc;

	ctx.st = st;
	ctx.today = time_day(st->now);
	ctx.last_day = time_day(until);
	/* The list is by the day: what falls due later that day is on it. */
	ctx.until = day_start(ctx.last_day + 1) - 1;
	ctx.owner = owner;
	load_runs(&ctx);
	table_init(t, contact ? 10 : 8, cols);
	rc = store_foreach(st, 'T', 0, due_ticket, &ctx);
	if (!rc)
		rc = care_foreach(st, due_plan, &ctx);
	if (ctx.n)
		qsort_r(ctx.items, ctx.n, sizeof(*ctx.items), by_due,
			&st->now);
	*overdue = 0;
	for (size_t i = 0; i < ctx.n; i++) {
		if (!ctx.items[i].day_only && ctx.items[i].due < st->now)
			(*overdue)++;
		due_row(st, t, &ctx.items[i], contact);
		free(ctx.items[i].what);
	}
	free(ctx.items);
	free(ctx.runs);
	return rc;
}

struct missing_ctx {
	struct strlist planned;
};

static int
note_plan(void *vctx, const char *rel, json_t *rec)
{
	struct missing_ctx *ctx = vctx;
	json_t *s;

	(void)rel;
	if (!rec || care_validate(rec))
		return 0;
	s = care_fold(rec);
	if (!strcmp(jstr(s, "status"), "active"))
		strlist_add(&ctx->planned, jstr(rec, "customer"));
	json_decref(s);
	return 0;
}

int
care_missing(struct store *st, struct table *t)
{
	static const char *const cols[] = {"customer", "name", "tier", "since"};
	struct missing_ctx ctx;
	struct csvtab *cust;
	int rc;

	table_init(t, 4, cols);
	strlist_init(&ctx.planned);
	if ((rc = store_register(st, REG_CUSTOMERS, &cust)) ||
	    (rc = care_foreach(st, note_plan, &ctx))) {
		strlist_release(&ctx.planned);
		return rc;
	}
	for (size_t r = 0; r < cust->nrows; r++) {
		const char *tier = csvtab_get(cust, r, "tier");
		int32_t lost;

		if ((strcmp(tier, "vip") && strcmp(tier, "key")) ||
		    strlist_has(&ctx.planned, csvtab_get(cust, r, "id")) ||
		    (date_parse(csvtab_get(cust, r, "lost_on"), &lost) == 0 &&
		     lost <= time_day(st->now)))
			continue;
		table_add_row(t);
		table_set(t, 0, csvtab_get(cust, r, "id"));
		table_set(t, 1, csvtab_get(cust, r, "name"));
		table_set(t, 2, tier);
		table_set(t, 3, csvtab_get(cust, r, "since"));
	}
	strlist_release(&ctx.planned);
	return 0;
}
