/*
 * What the reading commands of `mtg-service` show: a meeting's tasks
 * with their states, its materials, budget and sign-in (status), the
 * tasks due across meetings (due), and the budget table (see
 * include/plaindesk/services.h).
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/record.h"
#include "plaindesk/services.h"
#include "plaindesk/text.h"

/* "11-23 09:05", with the year when it is not now's ("2025-11-23 ..."). */
static char *
time_short(time_t t, time_t now, char buf[32])
{
	struct tm tm, tn;

	if (!t) {
		snprintf(buf, 32, "-");
		return buf;
	}
	localtime_r(&t, &tm);
	localtime_r(&now, &tn);
	if (tm.tm_year != tn.tm_year)
		snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d",
			 tm.tm_year + 1900, (tm.tm_mon + 1) % 100,
			 tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100);
	else
		snprintf(buf, 32, "%02d-%02d %02d:%02d",
			 (tm.tm_mon + 1) % 100, tm.tm_mday % 100,
			 tm.tm_hour % 100, tm.tm_min % 100);
	return buf;
}

static const char *
state_name(struct store *st, json_t *rec, json_t *task)
{
	return task_state_names[task_state(&st->cfg, rec, task, st->now)];
}

char *
service_task_line(struct store *st, json_t *rec, json_t *task)
{
	char due[32];
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_addf(&sb, "%-16s %-8s %-12s ", jstr(task, "key"),
		  state_name(st, rec, task),
		  pd_label("group", jstr(task, "group")));
	text_add_fit(&sb, jstr(task, "owner"), 10, 1);
	sbuf_addf(&sb, " %s  ", time_short(task_due(&st->cfg, rec, task),
					    st->now, due));
	text_add_fit(&sb, jstr(task, "text"), 40, 0);
	return sbuf_detach(&sb, NULL);
}

/* The task columns: people's (text) and the full set (csv, json). */
static const char *const task_cols_text[] = {
	"key", "group", "owner", "due", "state", "text"
};
static const char *const task_cols_full[] = {
	"key", "group", "owner", "required", "due", "state", "status",
	"done_at", "done_by", "text", "note"
};

static void
set_time_cell(struct table *t, size_t col, time_t when, struct store *st,
	      int text)
{
	char buf[TIME_BUFSZ];

	if (!when)
		table_set(t, col, NULL);
	else if (text)
		table_set(t, col, time_short(when, st->now, buf));
	else
		table_set(t, col, time_format(when, buf));
}

/* One row of a task table (columns as task_cols_*). */
static void
task_row(struct table *t, struct store *st, json_t *rec, json_t *task,
	 int text)
{
	time_t due = task_due(&st->cfg, rec, task);
	size_t c = 0;

	table_add_row(t);
	table_set(t, c++, jstr(task, "key"));
	table_set(t, c++, jstr(task, "group"));
	table_set(t, c++, jstr(task, "owner"));
	if (!text) {
		table_set(t, c, json_is_true(json_object_get(task, "required"))
				? "yes" : "no");
		table_set_json(t, c++, json_boolean(json_is_true(
			json_object_get(task, "required"))));
	}
	set_time_cell(t, c++, due, st, text);
	table_set(t, c++, state_name(st, rec, task));
	if (!text) {
		table_set(t, c++, jstr(task, "status"));
		table_set(t, c++, jstr(task, "done_at"));
		table_set(t, c++, jstr(task, "done_by"));
	}
	table_set(t, c++, jstr(task, "text"));
	if (!text)
		table_set(t, c, jstr(task, "note"));
}

/* The tasks of rec (of v->group, when given) into t; required ones in
 * a state that fails --check are counted in *problems. */
static void
task_table(struct store *st, json_t *rec, const struct service_view *v,
	   struct table *t, long *problems)
{
	int text = v->format == OUT_TEXT;
	json_t *task;
	size_t i;

	if (text)
		table_init(t, 6, task_cols_text);
	else
		table_init(t, 11, task_cols_full);
	json_array_foreach(json_object_get(json_object_get(rec, "service"),
					   "tasks"), i, task) {
		if (v->group && strcmp(jstr(task, "group"), v->group))
			continue;
		if (json_is_true(json_object_get(task, "required")) &&
		    task_state_is_problem(task_state(&st->cfg, rec, task,
						     st->now)))
			(*problems)++;
		task_row(t, st, rec, task, text);
	}
}

/* Materials with what went missing (prepared - returned). */
static json_t *
materials_json(json_t *svc, long *lost_total)
{
	json_t *list = json_array(), *m;
	size_t i;

	*lost_total = 0;
	json_array_foreach(json_object_get(svc, "materials"), i, m) {
		json_t *o = json_deep_copy(m);
		json_t *p = json_object_get(m, "prepared");
		json_t *r = json_object_get(m, "returned");

		if (json_is_integer(p) && json_is_integer(r)) {
			long lost = (long)(json_integer_value(p) -
					   json_integer_value(r));

			json_object_set_new(o, "lost", json_integer(lost));
			*lost_total += lost;
		} else {
			json_object_set_new(o, "lost", json_null());
		}
		json_array_append_new(list, o);
	}
	return list;
}

/* Budget totals, the approval and the sign-in counts as one object. */
static json_t *
status_figures(struct store *st, json_t *rec)
{
	json_t *svc = json_object_get(rec, "service"), *o = json_object();
	json_t *approved = json_object_get(svc, "approved"), *inc;
	struct checkin_counts cc;
	struct budget_sum sum;
	long open = 0;
	size_t i;

	budget_sum(svc, NULL, &sum);
	checkin_count(rec, &cc);
	json_object_set_new(o, "budget", json_pack("{s:s, s:I, s:I, s:I, s:O}",
		"currency", st->cfg.currency, "original",
		(json_int_t)sum.original, "planned", (json_int_t)sum.planned,
		"actual", (json_int_t)sum.actual, "approved",
		json_is_object(approved) ? json_object_get(approved, "total")
					 : json_null()));
	json_object_set_new(o, "checkins", json_pack("{s:I, s:I, s:I}",
		"signed_in", (json_int_t)cc.signed_in, "invited",
		(json_int_t)cc.invited, "guests", (json_int_t)cc.guests));
	json_array_foreach(json_object_get(svc, "incidents"), i, inc)
		open += jstr(inc, "resolved_at") == NULL;
	json_object_set_new(o, "incidents", json_pack("{s:I, s:I}", "total",
		(json_int_t)json_array_size(json_object_get(svc, "incidents")),
		"open", (json_int_t)open));
	return o;
}

/* The lines after the task table of `status` as text. */
static void
status_text_tail(struct store *st, json_t *rec, FILE *fp)
{
	json_t *svc = json_object_get(rec, "service");
	json_t *fig = status_figures(st, rec), *m, *mats;
	json_t *b = json_object_get(fig, "budget");
	json_t *c = json_object_get(fig, "checkins");
	char p[MONEY_BUFSZ], a[MONEY_BUFSZ], ap[MONEY_BUFSZ];
	struct sbuf sb;
	long lost;
	size_t i, n;

	sbuf_init(&sb);
	mats = materials_json(svc, &lost);
	sbuf_addc(&sb, '\n');
	sbuf_addf(&sb, _("materials: %zu items, %ld lost"),
		  json_array_size(mats), lost);
	n = 0;
	json_array_foreach(mats, i, m)
		if (jint(m, "lost", 0) > 0) {
			sbuf_adds(&sb, n++ ? "; " : " (");
			text_add_clean(&sb, jstr(m, "item"), 1);
			sbuf_addf(&sb, " %lld", jint(m, "lost", 0));
		}
	sbuf_adds(&sb, n ? ")\n" : "\n");
	sbuf_addf(&sb, _("budget (%s): planned %s, actual %s"),
		  jstr(b, "currency"),
		  money_format(jint(b, "planned", 0), p),
		  money_format(jint(b, "actual", 0), a));
	if (json_is_integer(json_object_get(b, "approved")))
		sbuf_addf(&sb, _(", approved %s"),
			  money_format(jint(b, "approved", 0), ap));
	sbuf_addc(&sb, '\n');
	sbuf_addf(&sb, _("sign-in: signed in %lld / invited %lld (+%lld guests)\n"),
		  jint(c, "signed_in", 0), jint(c, "invited", 0),
		  jint(c, "guests", 0));
	sbuf_addf(&sb, _("incidents: %lld (%lld open)\n"),
		  jint(json_object_get(fig, "incidents"), "total", 0),
		  jint(json_object_get(fig, "incidents"), "open", 0));
	fputs(sb.buf, fp);
	sbuf_release(&sb);
	json_decref(mats);
	json_decref(fig);
}

/* The head of `status` as text: the meeting, the team. */
static void
status_text_head(struct store *st, json_t *rec, FILE *fp)
{
	json_t *svc = json_object_get(rec, "service"), *g;
	const char *sep = pd_lang_zh() ? "；" : "; ";
	char s[32], e[32];
	struct sbuf sb;
	size_t i;

	sbuf_init(&sb);
	sbuf_addf(&sb, "%s  ", jstr(rec, "id"));
	text_add_clean(&sb, jstr(rec, "title"), 1);
	sbuf_addf(&sb, "  %s  %s - %s  %s\n",
		  pd_label("type", jstr(rec, "type")),
		  time_short(meeting_start(rec), st->now, s),
		  time_short(meeting_end(rec), st->now, e), jstr(rec, "room"));
	sbuf_addf(&sb, _("lead %s"), jstr(svc, "lead"));
	if (jstr(svc, "host")) {
		struct sbuf host;

		sbuf_init(&host);
		text_add_clean(&host, jstr(svc, "host"), 1);
		sbuf_adds(&sb, sep);
		sbuf_addf(&sb, _("host %s"), host.buf);
		sbuf_release(&host);
	}
	if (json_is_integer(json_object_get(svc, "headcount"))) {
		sbuf_adds(&sb, sep);
		sbuf_addf(&sb, _("headcount %lld"), jint(svc, "headcount", 0));
	}
	sbuf_adds(&sb, sep);
	sbuf_addf(&sb, _("guests %s; lodging %s"),
		  json_is_true(json_object_get(svc, "guests")) ? _("yes")
							       : _("no"),
		  json_is_true(json_object_get(svc, "lodging")) ? _("yes")
								 : _("no"));
	sbuf_addf(&sb, "\n%s", _("groups:"));
	json_array_foreach(json_object_get(svc, "groups"), i, g)
		sbuf_addf(&sb, "%s %s %s", i ? "," : "",
			  pd_label("group", jstr(g, "group")), jstr(g, "lead"));
	sbuf_adds(&sb, "\n\n");
	fputs(sb.buf, fp);
	sbuf_release(&sb);
}

int
service_status(struct store *st, json_t *rec, const struct service_view *v,
	       FILE *fp, long *problems)
{
	struct table t;
	json_t *o, *fig, *svc = json_object_get(rec, "service");
	long lost;
	int rc = 0;

	*problems = 0;
	task_table(st, rec, v, &t, problems);
	if (v->format == OUT_JSON) {
		char *s;

		o = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:O, s:O, s:O}",
			"id", jstr(rec, "id"), "title", jstr(rec, "title"),
			"type", jstr(rec, "type"), "start", jstr(rec, "start"),
			"lead", json_object_get(svc, "lead"),
			"host", json_object_get(svc, "host"),
			"headcount", json_object_get(svc, "headcount"),
			"guests", json_object_get(svc, "guests"),
			"lodging", json_object_get(svc, "lodging"),
			"groups", json_object_get(svc, "groups"));
		json_object_set_new(o, "tasks", table_json(&t));
		json_object_set_new(o, "materials", materials_json(svc, &lost));
		json_object_update(o, fig = status_figures(st, rec));
		json_decref(fig);
		json_object_set_new(o, "problems", json_integer(*problems));
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fprintf(fp, "%s\n", s);
		free(s);
		json_decref(o);
	} else {
		if (v->format == OUT_TEXT)
			status_text_head(st, rec, fp);
		rc = table_write(&t, v->format, v->raw, fp);
		if (v->format == OUT_TEXT)
			status_text_tail(st, rec, fp);
	}
	table_release(&t);
	return rc;
}

/* The due list across meetings. */

struct due_ctx {
	struct store *st;
	const struct service_view *v;
	int last_year, last_month;	/* the next month: read no further */
	json_t *rows;			/* [due, id, title, task] */
};

/* Is the meeting's directory (meetings/YYYY/MM/...) after the last? */
static int
past_last_month(const struct due_ctx *d, const char *rel)
{
	int y = 0, m = 0;

	if (sscanf(rel, "meetings/%d/%d/", &y, &m) != 2)
		return 0;
	return y > d->last_year || (y == d->last_year && m > d->last_month);
}

static int
due_one(void *vctx, const char *rel, json_t *rec)
{
	struct due_ctx *d = vctx;
	time_t horizon = d->st->now + (time_t)d->v->within;
	json_t *task, *copy;
	size_t i;

	if (past_last_month(d, rel))
		return 1;
	if (!rec || meeting_validate_shape(rec)) {
		pd_clear_error();	/* plaindesk-check reports it */
		return 0;
	}
	meeting_refresh(rec);
	if (!meeting_booked(rec))
		return 0;
	json_array_foreach(json_object_get(json_object_get(rec, "service"),
					   "tasks"), i, task) {
		const char *status = jstr(task, "status");
		time_t due = task_due(&d->st->cfg, rec, task);

		if ((strcmp(status, "open") && strcmp(status, "failed")) ||
		    !due || due > horizon ||
		    (d->v->group && strcmp(d->v->group, jstr(task, "group"))) ||
		    (d->v->owner && strcmp(d->v->owner, jstr(task, "owner"))))
			continue;
		/* The state needs the meeting: keep it with the task. */
		copy = json_deep_copy(task);
		json_object_set_new(copy, "state",
				    json_string(state_name(d->st, rec, task)));
		json_array_append_new(d->rows, json_pack("[I, O, O, o, I]",
			(json_int_t)due, json_object_get(rec, "id"),
			json_object_get(rec, "title"), copy,
			(json_int_t)json_array_size(d->rows)));
	}
	return 0;
}

/* By due time, then in the order found (meetings by id, tasks in order). */
static int
by_due(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t dx = json_integer_value(json_array_get(x, 0));
	json_int_t dy = json_integer_value(json_array_get(y, 0));
	json_int_t nx = json_integer_value(json_array_get(x, 4));
	json_int_t ny = json_integer_value(json_array_get(y, 4));

	return dx != dy ? (dx < dy ? -1 : 1) : nx < ny ? -1 : nx > ny;
}

int
service_due(struct store *st, const struct service_view *v, FILE *fp,
	    long *late)
{
	static const char *const cols[] = {
		"id", "title", "key", "group", "owner", "due", "state", "text"
	};
	struct due_ctx d = {st, v, 0, 0, json_array()};
	int y, m, day, rc;
	struct table t;
	json_t *row;
	size_t i;

	*late = 0;
	day_to_ymd(time_day(st->now), &y, &m, &day);
	d.last_year = m == 12 ? y + 1 : y;
	d.last_month = m == 12 ? 1 : m + 1;
	rc = store_foreach_since(st, 'M', m == 1 ? y - 1 : y,
				 m == 1 ? 12 : m - 1, 0, due_one, &d);
	if (rc != 0 && rc != 1) {
		json_decref(d.rows);
		return rc;
	}
	json_array_sort(d.rows, by_due);
	table_init(&t, 8, cols);
	json_array_foreach(d.rows, i, row) {
		json_t *task = json_array_get(row, 3);
		time_t due = (time_t)json_integer_value(json_array_get(row, 0));

		*late += due < st->now;
		table_add_row(&t);
		table_set(&t, 0, json_string_value(json_array_get(row, 1)));
		table_set(&t, 1, json_string_value(json_array_get(row, 2)));
		table_set(&t, 2, jstr(task, "key"));
		table_set(&t, 3, jstr(task, "group"));
		table_set(&t, 4, jstr(task, "owner"));
		set_time_cell(&t, 5, due, st, v->format == OUT_TEXT);
		table_set(&t, 6, jstr(task, "state"));
		table_set(&t, 7, jstr(task, "text"));
	}
	/* Nothing due prints nothing, so that cron mails only a list. */
	if (t.nrows || v->format != OUT_TEXT)
		rc = table_write(&t, v->format, v->raw, fp);
	table_release(&t);
	json_decref(d.rows);
	return rc;
}

/* The budget table. */

static const char *const budget_cols[] = {
	"row", "n", "category", "item", "original", "planned", "actual",
	"variance", "variance_pct", "note"
};
enum { B_ROW, B_N, B_CAT, B_ITEM, B_ORIG, B_PLAN, B_ACT, B_VAR, B_PCT,
       B_NOTE, B_NCOLS };

/* An amount cell: "1200.50" for people, minor units for csv and json. */
static void
money_cell(struct table *t, size_t col, money_t v, int text)
{
	char buf[MONEY_BUFSZ];

	if (text) {
		table_set(t, col, money_format(v, buf));
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", v);
	table_set(t, col, buf);
	table_set_json(t, col, json_integer(v));
}

/* The variance of actual against planned, and as a share of planned. */
static void
variance_cells(struct table *t, money_t planned, money_t actual, int text)
{
	char buf[MONEY_BUFSZ];
	long long tenths;

	money_cell(t, B_VAR, actual - planned, text);
	if (money_percent_tenths(actual - planned, planned, &tenths) < 0)
		return;
	if (text) {
		table_set(t, B_PCT, percent_format(tenths, buf));
		return;
	}
	/* Unrounded for scripts, as KPI rates are. */
	snprintf(buf, sizeof(buf), "%.10g",
		 (double)(actual - planned) * 100.0 / (double)planned);
	table_set(t, B_PCT, buf);
	table_set_json(t, B_PCT, json_real((double)(actual - planned) * 100.0 /
					   (double)planned));
}

static void
budget_line_row(struct table *t, json_t *line, int text)
{
	json_t *actual = json_object_get(line, "actual");
	char n[24];

	table_add_row(t);
	table_set(t, B_ROW, text ? pd_label("budget-row", "line") : "line");
	snprintf(n, sizeof(n), "%lld", jint(line, "n", 0));
	table_set(t, B_N, n);
	table_set_json(t, B_N, json_integer(jint(line, "n", 0)));
	table_set(t, B_CAT, jstr(line, "category"));
	table_set(t, B_ITEM, jstr(line, "item"));
	money_cell(t, B_ORIG, jint(line, "original", 0), text);
	money_cell(t, B_PLAN, jint(line, "planned", 0), text);
	if (json_is_integer(actual)) {
		money_cell(t, B_ACT, json_integer_value(actual), text);
		variance_cells(t, jint(line, "planned", 0),
			       json_integer_value(actual), text);
	}
	table_set(t, B_NOTE, jstr(line, "note"));
}

/* A subtotal (category) or the total (category NULL). */
static void
budget_sum_row(struct table *t, json_t *svc, const char *category, int text)
{
	struct budget_sum sum;

	budget_sum(svc, category, &sum);
	table_add_row(t);
	table_set(t, B_ROW, category ? "category" : "total");
	table_set(t, B_CAT, category);
	if (text) {
		table_set(t, B_ROW, pd_label("budget-row",
					      category ? "category" : "total"));
		table_set(t, B_ITEM, category ? _("(subtotal)") : _("(total)"));
	}
	money_cell(t, B_ORIG, sum.original, text);
	money_cell(t, B_PLAN, sum.planned, text);
	money_cell(t, B_ACT, sum.actual, text);
	variance_cells(t, sum.planned, sum.actual, text);
}

/* The JSON form: the rows split into lines, categories and the total. */
static void
budget_json(struct store *st, json_t *svc, const struct table *t,
	    const struct budget_check *bc, FILE *fp)
{
	json_t *rows = table_json(t), *row, *o;
	json_t *lines = json_array(), *cats = json_array();
	size_t i;

	o = json_pack("{s:s, s:o, s:o, s:n, s:O, s:b, s:b}",
		      "currency", st->cfg.currency, "lines", lines,
		      "categories", cats, "total", "approved",
		      json_object_get(svc, "approved"), "over_plan",
		      bc->lines_over || bc->total_over, "over_approved",
		      bc->over_approved);
	json_array_foreach(rows, i, row) {
		const char *kind = jstr(row, "row");

		if (!strcmp(kind, "line")) {
			json_array_append(lines, row);
		} else {
			json_object_del(row, "n");
			json_object_del(row, "item");
			json_object_del(row, "note");
			if (!strcmp(kind, "category"))
				json_array_append(cats, row);
			else
				json_object_set(o, "total", row);
		}
		json_object_del(row, "row");
	}
	json_dumpf(o, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(o);
	json_decref(rows);
}

/* The lines after the table for people: currency, approval, problems. */
static void
budget_text_tail(struct store *st, json_t *svc,
		 const struct budget_check *bc, FILE *fp)
{
	json_t *approved = json_object_get(svc, "approved");
	char buf[MONEY_BUFSZ];
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_addf(&sb, _("\namounts in %s"), st->cfg.currency);
	if (json_is_object(approved)) {
		struct sbuf by;

		sbuf_init(&by);
		text_add_clean(&by, jstr(approved, "by"), 1);
		sbuf_addf(&sb, _("; approved %s by %s at %s"),
			  money_format(jint(approved, "total", 0), buf),
			  by.buf, jstr(approved, "at"));
		sbuf_release(&by);
	} else {
		sbuf_adds(&sb, _("; not approved"));
	}
	sbuf_adds(&sb, "\n");
	if (bc->lines_over || bc->total_over)
		sbuf_addf(&sb, bc->total_over ?
			  pd_ngettext("over plan: %ld line and the total\n",
				      "over plan: %ld lines and the total\n",
				      (unsigned long)bc->lines_over) :
			  pd_ngettext("over plan: %ld line\n",
				      "over plan: %ld lines\n",
				      (unsigned long)bc->lines_over),
			  bc->lines_over);
	if (bc->over_approved)
		sbuf_adds(&sb, _("over approval: the planned total is more than the approved\n"));
	fputs(sb.buf, fp);
	sbuf_release(&sb);
}

int
service_budget(struct store *st, json_t *rec, const struct service_view *v,
	       FILE *fp, struct budget_check *bc)
{
	json_t *svc = json_object_get(rec, "service"), *line;
	int text = v->format == OUT_TEXT, rc = 0;
	struct table t;
	size_t i;

	budget_check(svc, bc);
	table_init(&t, B_NCOLS, budget_cols);
	for (int c = 0; budget_categories[c]; c++) {
		struct budget_sum sum;

		budget_sum(svc, budget_categories[c], &sum);
		if (!sum.lines)
			continue;
		json_array_foreach(json_object_get(svc, "budget"), i, line)
			if (!strcmp(jstr(line, "category"), budget_categories[c]))
				budget_line_row(&t, line, text);
		budget_sum_row(&t, svc, budget_categories[c], text);
	}
	budget_sum_row(&t, svc, NULL, text);
	if (v->format == OUT_JSON) {
		budget_json(st, svc, &t, bc, fp);
	} else {
		if (text)
			table_set_label(&t, B_PCT, "VAR%");
		rc = table_write(&t, v->format, v->raw, fp);
		if (!rc && text)
			budget_text_tail(st, svc, bc, fp);
	}
	table_release(&t);
	return rc;
}
