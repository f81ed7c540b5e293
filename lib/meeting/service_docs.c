/*
 * What is made of a meeting's service job for people: the summary's
 * figures (会务工作总结), and the plan, a group's task sheet and the
 * summary as documents from the templates service-plan.* and
 * service-summary.* (see include/plaindesk/services.h).
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/meetings.h"
#include "plaindesk/record.h"
#include "plaindesk/render.h"
#include "plaindesk/services.h"
#include "plaindesk/text.h"

/* Counts of tasks by the state they are in now. */
static json_t *
state_counts(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "total", json_integer(0));
	for (int s = 0; task_state_names[s]; s++)
		json_object_set_new(o, task_state_names[s], json_integer(0));
	return o;
}

static void
count_up(json_t *o, const char *key)
{
	json_object_set_new(o, key, json_integer(jint(o, key, 0) + 1));
}

/* The tasks by group and state, and the equipment test. */
static void
summary_tasks(struct store *st, json_t *rec, json_t *fig)
{
	json_t *svc = json_object_get(rec, "service"), *all = state_counts();
	json_t *groups = json_array(), *g, *t, *eq = json_null();
	size_t i;

	json_array_foreach(json_object_get(svc, "groups"), i, g) {
		json_t *o = state_counts();

		json_object_set_new(o, "group", json_string(jstr(g, "group")));
		json_object_set(o, "lead", json_object_get(g, "lead"));
		json_array_append_new(groups, o);
	}
	json_array_foreach(json_object_get(svc, "tasks"), i, t) {
		const char *s = task_state_names[task_state(&st->cfg, rec, t,
							    st->now)];
		json_t *o = json_array_get(groups, (size_t)str_index(
			service_groups, jstr(t, "group")));

		count_up(all, "total");
		count_up(all, s);
		if (o) {
			count_up(o, "total");
			count_up(o, s);
		}
		if (!strcmp(jstr(t, "key"), TASK_EQUIPMENT_TEST)) {
			char due[TIME_BUFSZ];
			long lead;
			int done = !equipment_lead_minutes(rec, t, &lead);

			eq = json_pack("{s:s, s:O, s:o, s:s}", "due",
				time_format(task_due(&st->cfg, rec, t), due),
				"done_at", json_object_get(t, "done_at"),
				"lead_min", done ? json_integer(lead) : json_null(),
				"state", s);
		}
	}
	json_object_set_new(all, "by_group", groups);
	json_object_set_new(fig, "tasks", all);
	json_object_set_new(fig, "equipment_test", eq);
}

/* Headcount: planned, invited, signed in (guests among them). */
static void
summary_people(json_t *rec, json_t *fig)
{
	json_t *svc = json_object_get(rec, "service");
	struct checkin_counts cc;

	checkin_count(rec, &cc);
	json_object_set_new(fig, "headcount", json_pack(
		"{s:O, s:I, s:I, s:I, s:I}", "planned",
		json_object_get(svc, "headcount"), "invited",
		(json_int_t)cc.invited, "signed_in", (json_int_t)cc.signed_in,
		"staff", (json_int_t)(cc.signed_in - cc.guests), "guests",
		(json_int_t)cc.guests));
}

/* Materials: counted out and back, and what went missing. */
static void
summary_materials(json_t *rec, json_t *fig)
{
	json_t *m, *lost_items = json_array();
	long long planned = 0, prepared = 0, returned = 0, lost = 0;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(rec, "service"),
					   "materials"), i, m) {
		json_t *p = json_object_get(m, "prepared");
		json_t *r = json_object_get(m, "returned");

		planned += jint(m, "qty", 0);
		prepared += jint(m, "prepared", 0);
		returned += jint(m, "returned", 0);
		if (json_is_integer(p) && json_is_integer(r) &&
		    json_integer_value(p) > json_integer_value(r)) {
			long long n = json_integer_value(p) -
				      json_integer_value(r);

			lost += n;
			json_array_append_new(lost_items, json_pack(
				"{s:O, s:O, s:I}", "n", json_object_get(m, "n"),
				"item", json_object_get(m, "item"), "lost",
				(json_int_t)n));
		}
	}
	json_object_set_new(fig, "materials", json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:o}", "items",
		(json_int_t)json_array_size(json_object_get(json_object_get(rec,
			"service"), "materials")), "planned", (json_int_t)planned, "prepared",
		(json_int_t)prepared, "returned", (json_int_t)returned,
		"lost", (json_int_t)lost, "lost_items", lost_items));
}

static json_t *
sum_json(const struct budget_sum *s)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "original",
			 (json_int_t)s->original, "planned",
			 (json_int_t)s->planned, "actual", (json_int_t)s->actual,
			 "variance", (json_int_t)(s->actual - s->planned));
}

/* The budget by category (those with lines) and in total. */
static void
summary_budget(struct store *st, json_t *rec, json_t *fig)
{
	json_t *svc = json_object_get(rec, "service");
	json_t *approved = json_object_get(svc, "approved");
	json_t *cats = json_array(), *b;
	struct budget_sum sum;

	for (int c = 0; budget_categories[c]; c++) {
		budget_sum(svc, budget_categories[c], &sum);
		if (!sum.lines)
			continue;
		b = sum_json(&sum);
		json_object_set_new(b, "category",
				    json_string(budget_categories[c]));
		json_array_append_new(cats, b);
	}
	budget_sum(svc, NULL, &sum);
	b = sum_json(&sum);
	json_object_set_new(b, "currency", json_string(st->cfg.currency));
	json_object_set_new(b, "approved", json_is_object(approved) ?
			    json_incref(json_object_get(approved, "total")) :
			    json_null());
	json_object_set_new(b, "by_category", cats);
	json_object_set_new(fig, "budget", b);
}

/* Incidents, with how many were resolved. */
static void
summary_incidents(json_t *rec, json_t *fig)
{
	json_t *list = json_object_get(json_object_get(rec, "service"),
				       "incidents"), *inc;
	long resolved = 0;
	size_t i;

	json_array_foreach(list, i, inc)
		resolved += jstr(inc, "resolved_at") != NULL;
	json_object_set_new(fig, "incidents", json_pack("{s:I, s:I, s:O}",
		"total", (json_int_t)json_array_size(list), "resolved",
		(json_int_t)resolved, "list", list));
}

static void
summary_feedback(json_t *rec, json_t *fig)
{
	json_t *f;
	long long sum = 0;
	size_t i, n = json_array_size(json_object_get(rec, "feedback"));

	json_array_foreach(json_object_get(rec, "feedback"), i, f)
		sum += jint(f, "score", 0);
	json_object_set_new(fig, "feedback", json_pack("{s:I, s:o}", "count",
		(json_int_t)n, "score_avg", n ? json_real((double)sum /
							  (double)n)
					      : json_null()));
}

/* What the ticket scan collects: the tickets about one meeting. */
struct ticket_ctx {
	const char *meeting;
	json_t *list;
};

static int
ticket_about(void *vctx, const char *rel, json_t *t)
{
	struct ticket_ctx *ctx = vctx;

	(void)rel;
	if (!t) {
		pd_clear_error();	/* plaindesk-check reports it */
		return 0;
	}
	if (jstr(t, "meeting") && !strcmp(jstr(t, "meeting"), ctx->meeting))
		json_array_append_new(ctx->list, json_pack(
			"{s:O, s:O, s:O, s:O, s:O}", "id",
			json_object_get(t, "id"), "kind",
			json_object_get(t, "kind"), "title",
			json_object_get(t, "title"), "opened_at",
			json_object_get(t, "opened_at"), "status",
			json_object_get(json_object_get(t, "state"), "status")));
	return 0;
}

/* The tickets about the meeting: only those made since it was planned
 * can name it. */
static int
summary_tickets(struct store *st, json_t *rec, json_t *fig)
{
	struct ticket_ctx ctx = {jstr(rec, "id"), json_array()};
	int y, m, d, rc;

	day_to_ymd(meeting_id_day(jstr(rec, "id")), &y, &m, &d);
	rc = store_foreach_since(st, 'T', y, m, 0, ticket_about, &ctx);
	json_object_set_new(fig, "tickets", ctx.list);
	return rc;
}

static json_t *
service_summary(struct store *st, json_t *rec)
{
	json_t *svc = json_object_get(rec, "service");
	json_t *sum = json_object_get(svc, "summary"), *fig = json_object();
	char end[TIME_BUFSZ];

	json_object_set_new(fig, "meeting", json_pack(
		"{s:O, s:O, s:O, s:O, s:s, s:O, s:O, s:O}",
		"id", json_object_get(rec, "id"),
		"title", json_object_get(rec, "title"),
		"type", json_object_get(rec, "type"),
		"start", json_object_get(rec, "start"),
		"end", time_format(meeting_end(rec), end),
		"room", json_object_get(rec, "room"),
		"organizer", json_object_get(rec, "organizer"),
		"status", json_object_get(json_object_get(rec, "state"),
					  "status")));
	json_object_set_new(fig, "service", json_pack("{s:O, s:O, s:O}",
		"lead", json_object_get(svc, "lead"),
		"host", json_object_get(svc, "host"),
		"groups", json_object_get(svc, "groups")));
	summary_people(rec, fig);
	summary_tasks(st, rec, fig);
	summary_materials(rec, fig);
	summary_budget(st, rec, fig);
	summary_incidents(rec, fig);
	summary_feedback(rec, fig);
	if (summary_tickets(st, rec, fig))
		pd_clear_error();
	json_object_set(fig, "lessons", json_object_get(sum, "lessons"));
	json_object_set(fig, "published_at",
			json_object_get(sum, "published_at"));
	return fig;
}

/*
 * The figures as "figure,value" rows: nested names joined by dots, the
 * items of a list named by their group or category, else numbered.
 */
static void
flatten(struct table *t, const char *prefix, json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			char *name = *prefix ? xasprintf("%s.%s", prefix, key)
					     : xstrdup(key);

			flatten(t, name, x);
			free(name);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			const char *label = jstr(x, "group") ? jstr(x, "group")
					    : jstr(x, "category");
			char *name = label ? xasprintf("%s.%s", prefix, label)
					   : xasprintf("%s.%zu", prefix, i + 1);

			flatten(t, name, x);
			free(name);
		}
	} else {
		char *s = json_is_string(v) ? xstrdup(json_string_value(v)) :
			  json_is_null(v) ? xstrdup("") :
			  json_dumps(v, JSON_ENCODE_ANY);

		table_add_row(t);
		table_set(t, 0, prefix);
		table_set(t, 1, s);
		free(s);
	}
}

int
service_summary_write(struct store *st, json_t *rec,
		      const struct service_view *v, FILE *fp)
{
	static const char *const cols[] = {"figure", "value"};
	struct table t;
	json_t *fig;
	int rc = 0;

	if (v->format == OUT_TEXT) {
		struct sbuf out;

		sbuf_init(&out);
		if (!(rc = service_render(st, rec, "summary", "text", NULL,
					  &out)))
			fwrite(out.buf, 1, out.len, fp);
		sbuf_release(&out);
		return rc;
	}
	fig = service_summary(st, rec);
	if (v->format == OUT_JSON) {
		json_dumpf(fig, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', fp);
	} else {
		table_init(&t, 2, cols);
		flatten(&t, "", fig);
		rc = table_write(&t, OUT_CSV, v->raw, fp);
		table_release(&t);
	}
	json_decref(fig);
	return rc;
}

/* The template context. */

/* "2026-11-25 09:00" in the store's time zone, or "" for 0. */
static json_t *
local_time(time_t t)
{
	char date[16];
	struct tm tm;
	char *s;
	json_t *v;

	if (!t)
		return json_string("");
	localtime_r(&t, &tm);
	s = xasprintf("%s %02d:%02d", date_format(time_day(t), date),
		      tm.tm_hour % 100, tm.tm_min % 100);
	v = json_string(s);
	free(s);
	return v;
}

/* {id, name, label "Name (id)"} of a staff member. */
static json_t *
staff_person(struct store *st, const char *id)
{
	const char *name = meeting_staff_name(st, id ? id : "");
	char *label = id && strcmp(name, id) ? xasprintf("%s (%s)", name, id)
					     : xstrdup(id ? id : "");
	json_t *p = json_pack("{s:s, s:s, s:s}", "id", id ? id : "", "name",
			      name ? name : "", "label", label);

	free(label);
	return p;
}

static json_t *
money_text(money_t v)
{
	char buf[MONEY_BUFSZ];

	return json_string(money_format(v, buf));
}

/* One task for a document. */
static json_t *
task_context(struct store *st, json_t *rec, json_t *t)
{
	const char *locale = st->cfg.locale;
	const char *state = task_state_names[task_state(&st->cfg, rec, t,
							st->now)];
	json_t *o = json_pack("{s:O, s:O, s:O, s:O, s:s, s:s}",
		"key", json_object_get(t, "key"),
		"text", json_object_get(t, "text"),
		"required", json_object_get(t, "required"),
		"note", json_object_get(t, "note"), "state", state,
		"state_label", meeting_label(locale, "state", state));

	json_object_set_new(o, "due", local_time(task_due(&st->cfg, rec, t)));
	json_object_set_new(o, "due_at", json_integer(task_due(&st->cfg, rec,
								t)));
	json_object_set_new(o, "done_at", local_time(jtime(t, "done_at")));
	json_object_set_new(o, "owner", staff_person(st, jstr(t, "owner")));
	json_object_set_new(o, "problem", json_boolean(
		json_is_true(json_object_get(t, "required")) &&
		task_state_is_problem(task_state(&st->cfg, rec, t, st->now))));
	return o;
}

/* Tasks in the order they are due (the checklist's among equals). */
static int
by_due_time(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	long long dx = jint(x, "due_at", 0), dy = jint(y, "due_at", 0);
	long long nx = jint(x, "order", 0), ny = jint(y, "order", 0);

	return dx != dy ? (dx < dy ? -1 : 1) : nx < ny ? -1 : nx > ny;
}

/* The groups with their leads and tasks (only group, when given). */
static json_t *
groups_context(struct store *st, json_t *rec, const char *only)
{
	json_t *svc = json_object_get(rec, "service"), *list = json_array();
	json_t *g, *t;
	size_t i, j;

	json_array_foreach(json_object_get(svc, "groups"), i, g) {
		const char *group = jstr(g, "group");
		json_t *tasks;

		if (only && strcmp(only, group))
			continue;
		tasks = json_array();
		json_array_foreach(json_object_get(svc, "tasks"), j, t) {
			json_t *o;

			if (strcmp(jstr(t, "group"), group))
				continue;
			o = task_context(st, rec, t);
			json_object_set_new(o, "order", json_integer((json_int_t)j));
			json_array_append_new(tasks, o);
		}
		json_array_sort(tasks, by_due_time);
		json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:b, s:o}",
			"group", group, "group_label",
			meeting_label(st->cfg.locale, "group", group),
			"lead", staff_person(st, jstr(g, "lead")),
			"has_tasks", json_array_size(tasks) > 0,
			"tasks", tasks));
	}
	return list;
}

/* What the plan, the sheet and the summary share. */
static json_t *
service_context(struct store *st, json_t *rec, const char *only)
{
	json_t *ctx = meeting_context(st, rec);
	json_t *svc = json_object_get(rec, "service");

	json_object_set_new(ctx, "lead", staff_person(st, jstr(svc, "lead")));
	json_object_set(ctx, "host", json_object_get(svc, "host"));
	json_object_set(ctx, "headcount", json_object_get(svc, "headcount"));
	json_object_set(ctx, "guests", json_object_get(svc, "guests"));
	json_object_set(ctx, "lodging", json_object_get(svc, "lodging"));
	json_object_set_new(ctx, "groups", groups_context(st, rec, only));
	json_object_set_new(ctx, "sheet", json_boolean(only != NULL));
	json_object_set_new(ctx, "sheet_group_label", json_string(only ?
		meeting_label(st->cfg.locale, "group", only) : ""));
	json_object_set_new(ctx, "currency", json_string(st->cfg.currency));
	return ctx;
}

/* The amounts of a budget sum as text ("1200.50") beside the numbers. */
static void
money_texts(json_t *o)
{
	static const char *const keys[] = {
		"original", "planned", "actual", "variance", "approved", NULL
	};

	for (int k = 0; keys[k]; k++) {
		json_t *v = json_object_get(o, keys[k]);
		char *name = xasprintf("%s_text", keys[k]);

		if (json_is_integer(v))
			json_object_set_new(o, name,
					    money_text(json_integer_value(v)));
		free(name);
	}
	json_object_set_new(o, "over", json_boolean(jint(o, "actual", 0) >
						     jint(o, "planned", 0)));
}

/* The summary's figures dressed for a document. */
static void
summary_context(struct store *st, json_t *rec, json_t *ctx)
{
	const char *locale = st->cfg.locale;
	json_t *fig = service_summary(st, rec), *v, *eq;
	json_t *budget = json_object_get(fig, "budget");
	size_t i;

	json_array_foreach(json_object_get(json_object_get(fig, "tasks"),
					   "by_group"), i, v) {
		json_object_set_new(v, "group_label", json_string(meeting_label(
			locale, "group", jstr(v, "group"))));
		json_object_set_new(v, "lead", staff_person(st, jstr(v, "lead")));
	}
	if (json_is_object(eq = json_object_get(fig, "equipment_test"))) {
		json_object_set_new(eq, "due_local", local_time(jtime(eq, "due")));
		json_object_set_new(eq, "done_local",
				    local_time(jtime(eq, "done_at")));
		json_object_set_new(eq, "state_label", json_string(
			meeting_label(locale, "state", jstr(eq, "state"))));
	}
	money_texts(budget);
	json_array_foreach(json_object_get(budget, "by_category"), i, v) {
		money_texts(v);
		json_object_set_new(v, "category_label", json_string(
			meeting_label(locale, "category", jstr(v, "category"))));
	}
	json_array_foreach(json_object_get(json_object_get(fig, "incidents"),
					   "list"), i, v) {
		json_object_set_new(v, "at_local", local_time(jtime(v, "at")));
		json_object_set_new(v, "resolved_local",
				    local_time(jtime(v, "resolved_at")));
	}
	if (json_is_real(v = json_object_get(json_object_get(fig, "feedback"),
					     "score_avg"))) {
		char *s = xasprintf("%.1f", json_real_value(v));

		json_object_set_new(json_object_get(fig, "feedback"),
				    "score_text", json_string(s));
		free(s);
	}
	json_object_set_new(fig, "published_local",
			    local_time(jtime(fig, "published_at")));
	json_object_set_new(ctx, "summary", fig);
}

/*
 * Render tmpl: HTML escapes every value; text and Markdown are cleaned of
 * control characters a hand edit may have put in a record, so that they
 * stay off a terminal.
 */
static int
render_plain_or_html(const char *tmpl, json_t *ctx, int html,
		     struct sbuf *out)
{
	struct sbuf plain;
	int rc;

	if (html)
		return render_template(tmpl, ctx, RENDER_HTML, out);
	sbuf_init(&plain);
	if (!(rc = render_template(tmpl, ctx, RENDER_PLAIN, &plain)) &&
	    plain.len)
		text_add_clean(out, plain.buf, 0);
	sbuf_release(&plain);
	return rc;
}

int
service_render(struct store *st, json_t *rec, const char *part,
	       const char *format, const char *group, struct sbuf *out)
{
	static const char *const doc_extensions[] = {"md", "html", "txt", NULL};
	const char *ext = !strcmp(format, "text") ? "txt" : format;
	int summary = !strcmp(part, "summary");
	char *name = xasprintf("service-%s.%s", summary ? "summary" : "plan",
			       ext), *tmpl = NULL;
	json_t *ctx = NULL;
	int rc;

	if (str_index(doc_extensions, ext) < 0) {
		rc = pd_error(PD_EUSAGE, "unknown format '%s' (expected md, html, text)",
			      format);
		goto out;
	}
	if ((rc = render_load_template(st->root, st->cfg.locale, name, &tmpl)))
		goto out;
	ctx = service_context(st, rec, !strcmp(part, "sheet") ? group : NULL);
	if (summary)
		summary_context(st, rec, ctx);
	rc = render_plain_or_html(tmpl, ctx, !strcmp(ext, "html"), out);
	if (rc) {
		char *msg = xstrdup(pd_errmsg());

		pd_error(rc, "%s: %s", name, msg);
		free(msg);
	}
out:
	json_decref(ctx);
	free(tmpl);
	free(name);
	return rc;
}
