/*
 * KPI reports in five formats.  JSON and CSV are written here directly
 * from the report object, unrounded.  Text, Markdown and HTML go through
 * a "view": the figures rounded for people and labelled in the store's
 * locale, aligned text tables (CJK-aware, via out.c) and the geometry of
 * the HTML bar charts, which the report.{txt,md,html} templates lay out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/kpi_render.h"
#include "plaindesk/out.h"
#include "plaindesk/render.h"
#include "plaindesk/text.h"
#include "plaindesk/xlsx.h"

const char *const kpi_format_names[] = {
	"text", "md", "html", "csv", "json", "xlsx", NULL
};
static const char *const format_exts[] = {
	"txt", "md", "html", "csv", "json", "xlsx"
};

int
kpi_format_parse(const char *s, enum kpi_format *f)
{
	int i = s ? str_index(kpi_format_names, s) : -1;

	if (i < 0)
		return -1;
	*f = (enum kpi_format)i;
	return 0;
}

const char *
kpi_format_ext(enum kpi_format f)
{
	return format_exts[f];
}

/* JSON. */

/* The shortest decimal that reads back as x, always with a point or an
 * exponent so that it stays a real. */
static void
add_real(struct sbuf *sb, double x)
{
	char buf[40];

	if (!isfinite(x)) {
		sbuf_adds(sb, "null");
		return;
	}
	/* The shortest form that reads back the same, in fixed point for
	 * the magnitudes a report has (1740.5, not 1.7405e+03). */
	if (fabs(x) < 1e15 && (x == 0 || fabs(x) >= 1e-6)) {
		for (int p = 0; p <= 20; p++) {
			snprintf(buf, sizeof(buf), "%.*f", p, x);
			if (strtod(buf, NULL) == x)
				break;
		}
	} else {
		for (int p = 1; p <= 17; p++) {
			snprintf(buf, sizeof(buf), "%.*g", p, x);
			if (strtod(buf, NULL) == x)
				break;
		}
	}
	sbuf_adds(sb, buf);
	if (!strpbrk(buf, ".e"))
		sbuf_adds(sb, ".0");
}

static void
add_json_string(struct sbuf *sb, const char *s)
{
	json_t *v = json_string(s);
	char *text = json_dumps(v, JSON_ENCODE_ANY);

	sbuf_adds(sb, text);
	free(text);
	json_decref(v);
}

static void
add_indent(struct sbuf *sb, int depth)
{
	for (int i = 0; i < depth; i++)
		sbuf_adds(sb, "  ");
}

static void
dump(struct sbuf *sb, json_t *v, int depth, int one_line)
{
	const char *key;
	json_t *x;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			sbuf_adds(sb, "{}");
			break;
		}
		sbuf_adds(sb, one_line ? "{" : "{\n");
		n = 0;
		json_object_foreach(v, key, x) {
			if (n++)
				sbuf_adds(sb, one_line ? ", " : ",\n");
			if (!one_line)
				add_indent(sb, depth + 1);
			add_json_string(sb, key);
			sbuf_adds(sb, ": ");
			dump(sb, x, depth + 1, one_line);
		}
		if (!one_line) {
			sbuf_addc(sb, '\n');
			add_indent(sb, depth);
		}
		sbuf_addc(sb, '}');
		break;
	case JSON_ARRAY:
		if (json_array_size(v) == 0) {
			sbuf_adds(sb, "[]");
			break;
		}
		sbuf_adds(sb, one_line ? "[" : "[\n");
		json_array_foreach(v, i, x) {
			if (i)
				sbuf_adds(sb, one_line ? ", " : ",\n");
			if (!one_line)
				add_indent(sb, depth + 1);
			/* Rows of a list, one a line. */
			dump(sb, x, depth + 1, 1);
		}
		if (!one_line) {
			sbuf_addc(sb, '\n');
			add_indent(sb, depth);
		}
		sbuf_addc(sb, ']');
		break;
	case JSON_STRING:
		add_json_string(sb, json_string_value(v));
		break;
	case JSON_INTEGER:
		sbuf_addf(sb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		add_real(sb, json_real_value(v));
		break;
	case JSON_TRUE:
		sbuf_adds(sb, "true");
		break;
	case JSON_FALSE:
		sbuf_adds(sb, "false");
		break;
	default:
		sbuf_adds(sb, "null");
	}
}

void
kpi_json_text(json_t *v, struct sbuf *out)
{
	dump(out, v, 0, 0);
	sbuf_addc(out, '\n');
}

/* CSV: section,key,group,value. */

static void
csv_row(struct sbuf *sb, const char *section, const char *key,
	const char *group, json_t *v, int raw)
{
	struct sbuf val;

	sbuf_init(&val);
	if (json_is_string(v))
		sbuf_adds(&val, json_string_value(v));
	else if (json_is_integer(v))
		sbuf_addf(&val, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		add_real(&val, json_real_value(v));
	else if (json_is_boolean(v))
		sbuf_adds(&val, json_is_true(v) ? "true" : "false");
	csv_add_cell(sb, section, raw);
	sbuf_addc(sb, ',');
	csv_add_cell(sb, key, raw);
	sbuf_addc(sb, ',');
	csv_add_cell(sb, group, raw);
	sbuf_addc(sb, ',');
	/* A figure the report computed is a number, never a formula: a
	 * minus sign stays a minus sign. */
	csv_add_cell(sb, val.buf, raw || json_is_number(v));
	sbuf_adds(sb, "\r\n");
	sbuf_release(&val);
}

/* An object of figures; by_* breakdowns put their keys in group. */
static void
csv_object(struct sbuf *sb, const char *section, const char *prefix,
	   json_t *obj, int raw)
{
	const char *key, *sub;
	json_t *v, *x;

	json_object_foreach(obj, key, v) {
		char *name = *prefix ? xasprintf("%s.%s", prefix, key)
				     : xstrdup(key);

		if (json_is_object(v) && str_startswith(key, "by_"))
			json_object_foreach(v, sub, x)
				csv_row(sb, section, name, sub, x, raw);
		else if (json_is_object(v))
			csv_object(sb, section, name, v, raw);
		else
			csv_row(sb, section, name, "", v, raw);
		free(name);
	}
}

/* A list of rows: the row's identity in group, each other key a line. */
static void
csv_rows(struct sbuf *sb, const char *section, json_t *rows, int raw)
{
	const char *key;
	json_t *row, *v;
	size_t i;

	json_array_foreach(rows, i, row) {
		const char *id = json_string_value(json_object_get(row, "id"));
		const char *name = json_string_value(json_object_get(row,
								     "name"));
		char *group;

		if (json_object_get(row, "category"))
			group = xasprintf("%s/%s",
				json_string_value(json_object_get(row, "category")),
				json_string_value(json_object_get(row, "severity")));
		else
			group = xstrdup(id ? id : name ? name : "");
		json_object_foreach(row, key, v)
			if (strcmp(key, "id") && strcmp(key, "name") &&
			    strcmp(key, "category") && strcmp(key, "severity"))
				csv_row(sb, section, key, group, v, raw);
		free(group);
	}
}

static void
csv_report(struct sbuf *sb, const char *prefix, json_t *report, int raw)
{
	const char *key;
	json_t *v;

	json_object_foreach(report, key, v) {
		char *section;

		if (strcmp(key, "previous") == 0)
			continue;
		section = xasprintf("%s%s", prefix, key);
		if (json_is_array(v))
			csv_rows(sb, section, v, raw);
		else
			csv_object(sb, section, "", v, raw);
		free(section);
	}
}

void
kpi_csv_text(json_t *report, int flags, struct sbuf *out)
{
	json_t *prev = json_object_get(report, "previous");
	int raw = flags & OUT_RAW;

	if (flags & OUT_BOM)
		sbuf_adds(out, UTF8_BOM);
	sbuf_adds(out, "section,key,group,value\r\n");
	csv_report(out, "", report, raw);
	if (json_is_object(prev))
		csv_report(out, "previous.", prev, raw);
}

/* The view for people. */

enum unit { U_COUNT, U_RATE, U_MIN, U_HOURS, U_AVG5, U_SCORE };

struct figure {
	const char *key;
	enum unit unit;
};

static const struct figure service_figures[] = {
	{"opened", U_COUNT}, {"avg_response_min", U_MIN},
	{"avg_handling_min", U_MIN}, {"response_sla_rate", U_RATE},
	{"resolution_sla_rate", U_RATE}, {"fcr_rate", U_RATE},
	{"satisfaction_avg", U_AVG5}, {"satisfaction_rate", U_RATE},
	{"complaint_success_rate", U_RATE}, {"complaint_timely_rate", U_RATE},
	{"inquiry_timely_rate", U_RATE}, {"escalations.total", U_COUNT},
	{"customer_notices", U_COUNT},
	{"backlog", U_COUNT}, {"overdue", U_COUNT}, {"churn_rate", U_RATE},
	{NULL, U_COUNT}
};

static const struct figure meeting_figures[] = {
	{"held", U_COUNT}, {"hours", U_HOURS}, {"person_hours", U_HOURS},
	{"on_time_rate", U_RATE}, {"avg_duration_min", U_MIN},
	{"avg_overrun_min", U_MIN}, {"topic_achievement_rate", U_RATE},
	{"agenda_timely_rate", U_RATE}, {"minutes_timely_rate", U_RATE},
	{"attendance_rate", U_RATE}, {"satisfaction_avg", U_AVG5},
	{"action_on_time_rate", U_RATE}, {NULL, U_COUNT}
};

static const char *const service_groups[] = {
	"by_kind", "by_severity", "by_category", "by_channel",
	"escalations.by_reason", "escalations.by_level", NULL
};
static const char *const meeting_groups[] = {"by_type", NULL};

struct rctx {
	const struct kpi_render_opts *o;
	json_t *l;		/* the labels */
	json_t *cur, *prev;	/* the report and the previous period */
};

/* obj's value at a dotted path ("escalations.total"). */
static json_t *
get_path(json_t *obj, const char *path)
{
	const char *dot;

	while (obj && (dot = strchr(path, '.'))) {
		char *head = xstrndup(path, (size_t)(dot - path));

		obj = json_object_get(obj, head);
		free(head);
		path = dot + 1;
	}
	return obj ? json_object_get(obj, path) : NULL;
}

/* report[section] at a dotted path; NULL when report is NULL. */
static json_t *
section_path(json_t *report, const char *section, const char *path)
{
	return report ? get_path(json_object_get(report, section), path)
		      : NULL;
}

/* The label at l[a][b][c] (b and c may be NULL), else the last key. */
static const char *
label(const struct rctx *r, const char *a, const char *b, const char *c)
{
	json_t *v = json_object_get(r->l, a);
	const char *last = a;

	if (b) {
		v = json_object_get(v, b);
		last = b;
	}
	if (c) {
		v = json_object_get(v, c);
		last = c;
	}
	return json_is_string(v) ? json_string_value(v) : last;
}

/* Set a text of a view row, escaped for Markdown tables when needed. */
static void
put(const struct rctx *r, json_t *row, const char *key, const char *s)
{
	struct sbuf sb;

	if (r->o->format != KPI_MD) {
		json_object_set_new(row, key, json_string(s));
		return;
	}
	sbuf_init(&sb);
	for (; *s; s++) {
		if (strchr("\\|*_`[]<>#", *s))
			sbuf_addc(&sb, '\\');
		sbuf_addc(&sb, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
	json_object_set_new(row, key, json_string(sb.buf));
	sbuf_release(&sb);
}

static void
put_owned(const struct rctx *r, json_t *row, const char *key, char *s)
{
	put(r, row, key, s);
	free(s);
}

/* x rounded to decimals places, without "-0.0". */
static char *
fixed(double x, int decimals)
{
	double scale = pow(10, decimals);

	x = round(x * scale) / scale;
	if (x == 0)
		x = 0;
	return xasprintf("%.*f", decimals, x);
}

static char *
signed_fixed(double x, int decimals)
{
	char *s = fixed(x, decimals), *t;

	if (s[0] == '-' || strtod(s, NULL) == 0)
		return s;
	t = xasprintf("+%s", s);
	free(s);
	return t;
}

static int
unit_decimals(enum unit u)
{
	return u == U_AVG5 ? 2 : u == U_COUNT ? 0 : 1;
}

static char *
fmt_value(const struct rctx *r, json_t *v, enum unit u)
{
	char *s, *t;

	if (!json_is_number(v))
		return xstrdup(label(r, "none", NULL, NULL));
	if (u == U_RATE) {
		s = fixed(100 * json_number_value(v), 1);
		t = xasprintf("%s%%", s);
		free(s);
		return t;
	}
	return fixed(json_number_value(v), unit_decimals(u));
}

static char *
fmt_delta(const struct rctx *r, json_t *cur, json_t *prev, enum unit u)
{
	double d;
	char *s, *t;

	if (!json_is_number(cur) || !json_is_number(prev))
		return xstrdup("");
	d = json_number_value(cur) - json_number_value(prev);
	if (u != U_RATE)
		return signed_fixed(d, unit_decimals(u));
	s = signed_fixed(100 * d, 1);
	t = xasprintf("%s %s", s, label(r, "pp", NULL, NULL));
	free(s);
	return t;
}

/* The target that bounds figure key of section, if any (DESIGN §7). */
static const char *
target_name(const char *section, const char *key)
{
	int meeting_key = !strcmp(key, "topic_achievement_rate") ||
			  !strcmp(key, "action_on_time_rate");

	if (strcmp(section, "meetings") == 0) {
		if (strcmp(key, "on_time_rate") == 0)
			return "meeting_on_time_rate";
		return meeting_key ? key : NULL;
	}
	return meeting_key || !strcmp(key, "meeting_on_time_rate") ? NULL
								   : key;
}

static json_t *
find_target(json_t *report, const char *name)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(report, "targets"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")),
			   name) == 0)
			return t;
	return NULL;
}

/* status, met, missed, nodata of a row with a target whose met is met. */
static void
put_status(const struct rctx *r, json_t *row, json_t *met)
{
	const char *s = json_is_true(met) ? "met" : json_is_false(met) ?
			"missed" : "none";

	put(r, row, "status", label(r, "status", s, NULL));
	json_object_set_new(row, "met", json_boolean(json_is_true(met)));
	json_object_set_new(row, "missed", json_boolean(json_is_false(met)));
	json_object_set_new(row, "nodata", json_boolean(!json_is_boolean(met)));
}

static json_t *
figure_row(const struct rctx *r, const char *section, const struct figure *f)
{
	json_t *cur = get_path(json_object_get(r->cur, section), f->key);
	const char *tn = target_name(section, f->key);
	json_t *t = tn ? find_target(r->cur, tn) : NULL;
	json_t *row = json_object();

	put(r, row, "label", label(r, "figures", section, f->key));
	put_owned(r, row, "value", fmt_value(r, cur, f->unit));
	if (t) {
		put_owned(r, row, "target", fmt_value(r,
			json_object_get(t, "target"), U_RATE));
		put_status(r, row, json_object_get(t, "met"));
	} else {
		put(r, row, "target", "");
		put(r, row, "status", "");
	}
	if (r->prev) {
		json_t *prev = get_path(json_object_get(r->prev, section),
					f->key);

		put_owned(r, row, "previous", fmt_value(r, prev, f->unit));
		put_owned(r, row, "delta", fmt_delta(r, cur, prev, f->unit));
	}
	return row;
}

static json_t *
figure_rows(const struct rctx *r, const char *section,
	    const struct figure *figs)
{
	json_t *rows = json_array();

	for (int i = 0; figs[i].key; i++)
		json_array_append_new(rows, figure_row(r, section, &figs[i]));
	return rows;
}

static json_t *
breakdown_rows(const struct rctx *r, const char *section,
	       const char *const *groups)
{
	json_t *rows = json_array();

	for (int g = 0; groups[g]; g++) {
		json_t *counts = section_path(r->cur, section, groups[g]);
		json_t *prevs = section_path(r->prev, section, groups[g]);
		const char *key;
		json_t *v;
		int first = 1;

		json_object_foreach(counts, key, v) {
			json_t *row = json_object();

			put(r, row, "group", first ?
			    label(r, "groups", groups[g], NULL) : "");
			put(r, row, "item", label(r, "enums", key, NULL));
			put_owned(r, row, "value", fmt_value(r, v, U_COUNT));
			json_object_set_new(row, "first", json_boolean(first));
			if (r->prev) {
				json_t *p = json_object_get(prevs, key);

				put_owned(r, row, "previous",
					  fmt_value(r, p, U_COUNT));
				put_owned(r, row, "delta",
					  fmt_delta(r, v, p, U_COUNT));
			}
			json_array_append_new(rows, row);
			first = 0;
		}
	}
	return rows;
}

static json_t *
complaint_prev(const struct rctx *r, json_t *row)
{
	json_t *p;
	size_t i;

	if (!r->prev)
		return NULL;
	json_array_foreach(json_object_get(r->prev, "complaints"), i, p)
		if (json_equal(json_object_get(p, "category"),
			       json_object_get(row, "category")) &&
		    json_equal(json_object_get(p, "severity"),
			       json_object_get(row, "severity")))
			return p;
	return NULL;
}

static const char *const complaint_counts[] = {
	"opened", "resolved", "resolved_in_time", "open", NULL
};

/*
 * The totals of the complaint table, unrounded: the counts, the mean
 * handling time over every resolved complaint (null without one) and,
 * when comparing, the complaints opened in the previous period.
 */
static json_t *
complaint_totals(const struct rctx *r)
{
	json_t *tot = json_object(), *c;
	long long sum[4] = {0}, prev_opened = 0, handled = 0;
	double handling = 0;
	size_t i;

	json_array_foreach(json_object_get(r->cur, "complaints"), i, c) {
		json_t *avg = json_object_get(c, "avg_handling_min");

		for (int k = 0; complaint_counts[k]; k++)
			sum[k] += json_integer_value(json_object_get(c,
						complaint_counts[k]));
		if (json_is_number(avg)) {
			long long n = json_integer_value(
				json_object_get(c, "resolved"));

			handling += json_number_value(avg) * (double)n;
			handled += n;
		}
		prev_opened += json_integer_value(json_object_get(
			complaint_prev(r, c), "opened"));
	}
	for (int k = 0; complaint_counts[k]; k++)
		json_object_set_new(tot, complaint_counts[k],
				    json_integer(sum[k]));
	json_object_set_new(tot, "avg_handling_min", handled ?
			    json_real(handling / (double)handled) : json_null());
	if (r->prev)
		json_object_set_new(tot, "previous_opened",
				    json_integer(prev_opened));
	return tot;
}

/* The complaint table, and its total row in *total. */
static json_t *
complaint_rows(const struct rctx *r, json_t **total)
{
	json_t *rows = json_array(), *c, *tot, *sums = complaint_totals(r);
	const char *last = "";
	size_t i;

	json_array_foreach(json_object_get(r->cur, "complaints"), i, c) {
		const char *cat = json_string_value(json_object_get(c,
								    "category"));
		json_t *row = json_object(), *p = complaint_prev(r, c);

		put(r, row, "category", strcmp(cat, last) ?
		    label(r, "enums", cat, NULL) : "");
		json_object_set_new(row, "first",
				    json_boolean(strcmp(cat, last) != 0));
		last = cat;
		put(r, row, "severity", label(r, "enums",
			json_string_value(json_object_get(c, "severity")),
			NULL));
		for (int k = 0; complaint_counts[k]; k++)
			put_owned(r, row, complaint_counts[k], fmt_value(r,
				  json_object_get(c, complaint_counts[k]),
				  U_COUNT));
		put_owned(r, row, "avg_handling_min", fmt_value(r,
			  json_object_get(c, "avg_handling_min"), U_MIN));
		if (r->prev) {
			json_t *po = json_object_get(p, "opened");

			put_owned(r, row, "previous", fmt_value(r, po, U_COUNT));
			put_owned(r, row, "delta", fmt_delta(r,
				json_object_get(c, "opened"), po, U_COUNT));
		}
		json_array_append_new(rows, row);
	}
	tot = json_object();
	put(r, tot, "category", label(r, "total", NULL, NULL));
	put(r, tot, "severity", "");
	for (int k = 0; complaint_counts[k]; k++)
		put_owned(r, tot, complaint_counts[k], fmt_value(r,
			  json_object_get(sums, complaint_counts[k]), U_COUNT));
	put_owned(r, tot, "avg_handling_min", fmt_value(r,
		  json_object_get(sums, "avg_handling_min"), U_MIN));
	if (r->prev) {
		json_t *po = json_object_get(sums, "previous_opened");

		put_owned(r, tot, "previous", fmt_value(r, po, U_COUNT));
		put_owned(r, tot, "delta", fmt_delta(r,
			  json_object_get(sums, "opened"), po, U_COUNT));
	}
	json_object_set(tot, "opened_n", json_object_get(sums, "opened"));
	json_decref(sums);
	*total = tot;
	return rows;
}

/* The previous period's score of agent a, or NULL. */
static json_t *
agent_prev_score(const struct rctx *r, json_t *a)
{
	json_t *p;
	size_t j;

	json_array_foreach(json_object_get(r->prev, "agents"), j, p)
		if (json_equal(json_object_get(p, "id"),
			       json_object_get(a, "id")))
			return json_object_get(p, "score");
	return NULL;
}

/* The name of staff id, or "". */
static const char *
staff_name(const struct rctx *r, const char *id)
{
	json_t *name = json_object_get(r->o->staff_names, id ? id : "");

	return json_is_string(name) ? json_string_value(name) : "";
}

static json_t *
agent_rows(const struct rctx *r)
{
	json_t *rows = json_array(), *a;
	size_t i;

	json_array_foreach(json_object_get(r->cur, "agents"), i, a) {
		const char *id = json_string_value(json_object_get(a, "id"));
		json_t *row = json_object();

		put(r, row, "id", id);
		put(r, row, "name", staff_name(r, id));
		put_owned(r, row, "resolved", fmt_value(r,
			json_object_get(a, "resolved"), U_COUNT));
		put_owned(r, row, "resolution_sla_rate", fmt_value(r,
			json_object_get(a, "resolution_sla_rate"), U_RATE));
		put_owned(r, row, "complaint_success_rate", fmt_value(r,
			json_object_get(a, "complaint_success_rate"), U_RATE));
		put_owned(r, row, "satisfaction_avg", fmt_value(r,
			json_object_get(a, "satisfaction_avg"), U_AVG5));
		put_owned(r, row, "score", fmt_value(r,
			json_object_get(a, "score"), U_SCORE));
		if (r->prev) {
			json_t *prev_score = agent_prev_score(r, a);

			put_owned(r, row, "previous",
				  fmt_value(r, prev_score, U_SCORE));
			put_owned(r, row, "delta", fmt_delta(r,
				json_object_get(a, "score"), prev_score,
				U_SCORE));
		}
		json_array_append_new(rows, row);
	}
	return rows;
}

/* The targets table; counts of met, missed and no data into n. */
static json_t *
target_rows(const struct rctx *r, long n[3])
{
	json_t *rows = json_array(), *t;
	size_t i;

	n[0] = n[1] = n[2] = 0;
	json_array_foreach(json_object_get(r->cur, "targets"), i, t) {
		const char *name = json_string_value(json_object_get(t,
								     "name"));
		json_t *row = json_object(), *met = json_object_get(t, "met");
		json_t *value = json_object_get(t, "value");

		put(r, row, "label", label(r, "targets", name, NULL));
		put_owned(r, row, "target", fmt_value(r,
			json_object_get(t, "target"), U_RATE));
		put_owned(r, row, "value", fmt_value(r, value, U_RATE));
		put_status(r, row, met);
		n[json_is_true(met) ? 0 : json_is_false(met) ? 1 : 2]++;
		if (r->prev) {
			json_t *p = find_target(r->prev, name);
			json_t *pv = p ? json_object_get(p, "value") : NULL;

			put_owned(r, row, "previous", fmt_value(r, pv, U_RATE));
			put_owned(r, row, "delta", fmt_delta(r, value, pv,
							     U_RATE));
		}
		json_array_append_new(rows, row);
	}
	return rows;
}

/* Aligned text tables. */

struct column {
	const char *key;	/* in the view row */
	const char *label;	/* key in the labels' "columns" */
	int right;		/* numbers: aligned right */
};

static char *
text_table(const struct rctx *r, json_t *rows, const struct column *cols,
	   const char *prev_label)
{
	const char *names[16] = {NULL};
	size_t n = 0, i;
	struct table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	json_t *row;

	for (; cols[n].key && n < 14; n++)
		names[n] = cols[n].key;
	if (r->prev) {
		names[n++] = "previous";
		names[n++] = "delta";
	}
	table_init(&t, n, names);
	for (size_t c = 0; c < n; c++)
		table_set_label(&t, c, label(r, "columns",
			!r->prev || c + 2 < n ? cols[c].label :
			c + 2 == n ? prev_label : "delta", NULL));
	json_array_foreach(rows, i, row) {
		table_add_row(&t);
		for (size_t c = 0; c < n; c++)
			table_set(&t, c, json_string_value(
				json_object_get(row, names[c])));
	}
	/* Pad numbers on the left so that they line up on the right. */
	for (size_t c = 0; c < n; c++) {
		size_t w;

		if ((!r->prev || c + 2 < n) && !cols[c].right)
			continue;
		w = text_width(t.labels[c]);
		for (size_t k = 0; k < t.nrows; k++)
			if (t.cells[k][c] && text_width(t.cells[k][c]) > w)
				w = text_width(t.cells[k][c]);
		{
			size_t pad = w - text_width(t.labels[c]);
			char *p = xmalloc(pad + strlen(t.labels[c]) + 1);

			memset(p, ' ', pad);
			strcpy(p + pad, t.labels[c]);
			free(t.labels[c]);
			t.labels[c] = p;
		}
		for (size_t k = 0; k < t.nrows; k++) {
			const char *s = t.cells[k][c] ? t.cells[k][c] : "";
			size_t pad = w - text_width(s);
			char *p = xmalloc(pad + strlen(s) + 1);

			memset(p, ' ', pad);
			strcpy(p + pad, s);
			free(t.cells[k][c]);
			t.cells[k][c] = p;
		}
	}
	fp = open_memstream(&buf, &len);
	if (fp) {
		table_write(&t, OUT_TEXT, 0, fp);
		fclose(fp);
	}
	table_release(&t);
	return buf ? buf : xstrdup("");
}

static const struct column target_cols[] = {
	{"label", "figure", 0}, {"target", "target", 1}, {"value", "value", 1},
	{"status", "status", 0}, {NULL, NULL, 0}
};
static const struct column figure_cols[] = {
	{"label", "figure", 0}, {"value", "value", 1}, {"target", "target", 1},
	{"status", "status", 0}, {NULL, NULL, 0}
};
static const struct column breakdown_cols[] = {
	{"group", "group", 0}, {"item", "item", 0}, {"value", "count", 1},
	{NULL, NULL, 0}
};
static const struct column complaint_cols[] = {
	{"category", "category", 0}, {"severity", "severity", 0},
	{"opened", "opened", 1}, {"resolved", "resolved", 1},
	{"resolved_in_time", "resolved_in_time", 1}, {"open", "open", 1},
	{"avg_handling_min", "avg_handling_min", 1}, {NULL, NULL, 0}
};
static const struct column agent_cols[] = {
	{"id", "staff", 0}, {"name", "name", 0}, {"resolved", "resolved", 1},
	{"resolution_sla_rate", "resolution_sla_rate", 1},
	{"complaint_success_rate", "complaint_success_rate", 1},
	{"satisfaction_avg", "satisfaction_avg", 1}, {"score", "score", 1},
	{NULL, NULL, 0}
};

/* HTML charts (SVG geometry; the template draws it). */

#define CHART_LABEL_X 214	/* labels end here */
#define CHART_BAR_X 224		/* bars start here */
#define CHART_BAR_W 320		/* the width of 100 % */
#define CHART_PITCH 26
#define CHART_BAR_H 16

static json_t *
chart_targets(const struct rctx *r, json_t *rows)
{
	json_t *chart = json_object(), *bars = json_array(), *ticks, *t;
	size_t i, n = json_array_size(rows);
	int axis_y = 8 + (int)n * CHART_PITCH;

	json_array_foreach(json_object_get(r->cur, "targets"), i, t) {
		json_t *bar = json_object(), *row = json_array_get(rows, i);
		json_t *value = json_object_get(t, "value");
		double v = json_is_number(value) ? json_number_value(value) : 0;
		double target = json_number_value(json_object_get(t, "target"));
		int y = 8 + (int)i * CHART_PITCH;

		if (v < 0)
			v = 0;
		if (v > 1)
			v = 1;
		json_object_set(bar, "label", json_object_get(row, "label"));
		json_object_set(bar, "value", json_object_get(row, "value"));
		json_object_set(bar, "met", json_object_get(row, "met"));
		json_object_set(bar, "missed", json_object_get(row, "missed"));
		json_object_set(bar, "nodata", json_object_get(row, "nodata"));
		json_object_set_new(bar, "y", json_integer(y));
		json_object_set_new(bar, "ty", json_integer(y + 12));
		json_object_set_new(bar, "w", json_integer(
			(long long)llround(v * CHART_BAR_W)));
		json_object_set_new(bar, "tx", json_integer(CHART_BAR_X +
			(long long)llround(target * CHART_BAR_W)));
		json_object_set_new(bar, "t1", json_integer(y - 3));
		json_object_set_new(bar, "t2", json_integer(y + CHART_BAR_H + 3));
		json_array_append_new(bars, bar);
	}
	ticks = json_array();
	for (int p = 0; p <= 100; p += 25) {
		json_t *tick = json_object();

		json_object_set_new(tick, "x", json_integer(CHART_BAR_X +
			p * CHART_BAR_W / 100));
		json_object_set_new(tick, "label", json_sprintf("%d%%", p));
		json_array_append_new(ticks, tick);
	}
	json_object_set_new(chart, "bars", bars);
	json_object_set_new(chart, "ticks", ticks);
	json_object_set_new(chart, "axis_y", json_integer(axis_y));
	json_object_set_new(chart, "tick_y", json_integer(axis_y + 14));
	json_object_set_new(chart, "height", json_integer(axis_y + 22));
	json_object_set_new(chart, "label_x", json_integer(CHART_LABEL_X));
	json_object_set_new(chart, "bar_x", json_integer(CHART_BAR_X));
	json_object_set_new(chart, "bar_w", json_integer(CHART_BAR_W));
	json_object_set_new(chart, "value_x", json_integer(CHART_BAR_X +
							   CHART_BAR_W + 10));
	return chart;
}

/* The severities of complaints, each a flag the chart's template tests. */
static const char *const sev_flags[] = {"major", "important", "general"};

/* Gathers the complaint categories in order (at most 16), with totals. */
static size_t
category_totals(json_t *complaints, const char *cats[16],
		long long totals[16])
{
	json_t *c;
	size_t i, ncat = 0;

	json_array_foreach(complaints, i, c) {
		const char *cat = json_string_value(json_object_get(c,
								    "category"));

		if (ncat == 0 || strcmp(cats[ncat - 1], cat)) {
			if (ncat == 16)
				break;
			cats[ncat++] = cat;
		}
		totals[ncat - 1] += json_integer_value(json_object_get(c,
								      "opened"));
	}
	return ncat;
}

/* One category's bar: a segment per severity, scaled so max fills it. */
static json_t *
complaint_bar(const struct rctx *r, json_t *complaints, const char *cat,
	      long long total, long long max, int y)
{
	json_t *bar = json_object(), *segs = json_array(), *c;
	long long x = CHART_BAR_X, cum = 0;
	size_t j;

	json_array_foreach(complaints, j, c) {
		long long n = json_integer_value(json_object_get(c,
								 "opened"));
		const char *sev = json_string_value(json_object_get(c,
								    "severity"));
		json_t *seg;
		long long end;

		if (strcmp(json_string_value(json_object_get(c,
				"category")), cat) || n == 0)
			continue;
		cum += n;
		end = CHART_BAR_X + (max ? llround((double)cum *
			CHART_BAR_W / (double)max) : 0);
		seg = json_object();
		json_object_set_new(seg, "x", json_integer(x));
		json_object_set_new(seg, "w", json_integer(end - x));
		json_object_set_new(seg, "n", json_integer(n));
		json_object_set_new(seg, "severity", json_string(
			label(r, "enums", sev, NULL)));
		for (int s = 0; s < 3; s++)
			json_object_set_new(seg, sev_flags[s],
				json_boolean(!strcmp(sev, sev_flags[s])));
		json_array_append_new(segs, seg);
		x = end;
	}
	json_object_set_new(bar, "label", json_string(
		label(r, "enums", cat, NULL)));
	json_object_set_new(bar, "y", json_integer(y));
	json_object_set_new(bar, "ty", json_integer(y + 12));
	json_object_set_new(bar, "segments", segs);
	json_object_set_new(bar, "total", json_integer(total));
	json_object_set_new(bar, "total_x", json_integer(x + 6));
	return bar;
}

/* The legend under the complaints chart: one item per severity. */
static json_t *
severity_legend(const struct rctx *r)
{
	json_t *legend = json_array();

	for (int s = 0; s < 3; s++) {
		json_t *item = json_object();

		json_object_set_new(item, "x", json_integer(CHART_BAR_X +
							     s * 110));
		json_object_set_new(item, "tx", json_integer(CHART_BAR_X +
							      s * 110 + 16));
		json_object_set_new(item, "label", json_string(
			label(r, "enums", sev_flags[s], NULL)));
		for (int k = 0; k < 3; k++)
			json_object_set_new(item, sev_flags[k],
					    json_boolean(k == s));
		json_array_append_new(legend, item);
	}
	return legend;
}

/* The complaints chart: a bar per category, stacked by severity. */
static json_t *
chart_complaints(const struct rctx *r)
{
	json_t *chart = json_object(), *bars = json_array();
	json_t *complaints = json_object_get(r->cur, "complaints");
	long long totals[16] = {0}, max = 0;
	const char *cats[16];
	size_t i, ncat;

	ncat = category_totals(complaints, cats, totals);
	for (i = 0; i < ncat; i++)
		if (totals[i] > max)
			max = totals[i];
	for (i = 0; i < ncat; i++)
		json_array_append_new(bars, complaint_bar(r, complaints,
				cats[i], totals[i], max,
				8 + (int)i * CHART_PITCH));
	json_object_set_new(chart, "bars", bars);
	json_object_set_new(chart, "legend", severity_legend(r));
	json_object_set_new(chart, "legend_y", json_integer(
		8 + (int)ncat * CHART_PITCH + 4));
	json_object_set_new(chart, "legend_ty", json_integer(
		8 + (int)ncat * CHART_PITCH + 15));
	json_object_set_new(chart, "height", json_integer(
		8 + (int)ncat * CHART_PITCH + 28));
	json_object_set_new(chart, "label_x", json_integer(CHART_LABEL_X));
	return chart;
}

/* The period as people read it: first and last day. */
static void
put_period(const struct rctx *r, json_t *view, const char *key,
	   json_t *report)
{
	json_t *period = json_object_get(report, "period"), *p = json_object();
	time_t from = 0, to = 0;
	char a[16], b[16];

	time_parse(json_string_value(json_object_get(period, "from")), &from);
	time_parse(json_string_value(json_object_get(period, "to")), &to);
	put(r, p, "label", json_string_value(json_object_get(period,
							     "label")));
	put(r, p, "from", json_string_value(json_object_get(period, "from")));
	put(r, p, "to", json_string_value(json_object_get(period, "to")));
	put(r, p, "first_date", date_format(time_day(from), a));
	put(r, p, "last_date", date_format(time_day(to) - 1, b));
	json_object_set_new(view, key, p);
}

/* Put a text table into the view's "text" object. */
static void
put_table(const struct rctx *r, json_t *text, const char *key, json_t *rows,
	  const struct column *cols, const char *prev_label)
{
	char *s = text_table(r, rows, cols, prev_label);

	json_object_set_new(text, key, json_string(s));
	free(s);
}

static json_t *
build_view(const struct rctx *r)
{
	json_t *view = json_object(), *text = json_object();
	json_t *targets, *service, *sbreak, *complaints, *total, *agents;
	json_t *meetings, *mbreak;
	const char *label_s = json_string_value(get_path(r->cur,
							 "period.label"));
	char buf[TIME_BUFSZ];
	long n[3];

	json_object_set_new(view, "lang", json_string(r->o->locale ?
						      r->o->locale : "en"));
	json_object_set(view, "l", r->l);
	put(r, view, "label", label_s);
	put_period(r, view, "period", r->cur);
	if (r->prev)
		put_period(r, view, "prev", r->prev);
	json_object_set_new(view, "compare", json_boolean(r->prev != NULL));
	/* A month is a month: "2026-11", not a range. */
	json_object_set_new(view, "is_month", json_boolean(label_s &&
		strlen(label_s) == 7 && label_s[4] == '-'));
	put(r, view, "generated", time_format(r->o->generated, buf));

	targets = target_rows(r, n);
	json_object_set_new(view, "n_met", json_integer(n[0]));
	json_object_set_new(view, "n_missed", json_integer(n[1]));
	json_object_set_new(view, "n_nodata", json_integer(n[2]));
	service = figure_rows(r, "service", service_figures);
	sbreak = breakdown_rows(r, "service", service_groups);
	complaints = complaint_rows(r, &total);
	agents = agent_rows(r);
	meetings = figure_rows(r, "meetings", meeting_figures);
	mbreak = breakdown_rows(r, "meetings", meeting_groups);
	if (r->o->format == KPI_TEXT) {
		json_t *tot = json_array();

		put_table(r, text, "targets", targets, target_cols,
			  "previous");
		put_table(r, text, "service", service, figure_cols,
			  "previous");
		put_table(r, text, "service_breakdown", sbreak,
			  breakdown_cols, "previous");
		json_array_extend(tot, complaints);
		json_array_append(tot, total);
		put_table(r, text, "complaints", tot, complaint_cols,
			  "previous_opened");
		json_decref(tot);
		put_table(r, text, "agents", agents, agent_cols,
			  "previous_score");
		put_table(r, text, "meetings", meetings, figure_cols,
			  "previous");
		put_table(r, text, "meeting_breakdown", mbreak,
			  breakdown_cols, "previous");
	}
	if (r->o->format == KPI_HTML) {
		json_object_set_new(view, "chart_targets",
				    chart_targets(r, targets));
		json_object_set_new(view, "chart_complaints",
				    chart_complaints(r));
	}
	json_object_set_new(view, "has_complaints", json_boolean(
		json_integer_value(json_object_get(total, "opened_n")) > 0));
	json_object_set_new(view, "has_targets",
			    json_boolean(json_array_size(targets) > 0));
	json_object_set_new(view, "has_agents",
			    json_boolean(json_array_size(agents) > 0));
	json_object_set_new(view, "targets", targets);
	json_object_set_new(view, "service", service);
	json_object_set_new(view, "service_breakdown", sbreak);
	json_object_set_new(view, "complaints", complaints);
	json_object_set_new(view, "complaints_total", total);
	json_object_set_new(view, "agents", agents);
	json_object_set_new(view, "meetings", meetings);
	json_object_set_new(view, "meeting_breakdown", mbreak);
	json_object_set_new(view, "text", text);
	return view;
}

/*
 * Spreadsheets: a sheet per section, every figure unrounded as a number
 * in the format of its unit (percent, decimals), null as an empty cell,
 * words in the store's locale.
 */

static const char *const unit_formats[] = {
	"0", "0.0%", "0.0", "0.0", "0.00", "0.0"
};
static const char *const delta_formats[] = {
	"+0;-0;0", "+0.0%;-0.0%;0.0%", "+0.0;-0.0;0.0", "+0.0;-0.0;0.0",
	"+0.00;-0.00;0.00", "+0.0;-0.0;0.0"
};

/*
 * A sheet's table: columns named by the labels' "columns" for keys, then
 * the previous figure (column prev_key) and the change when comparing.
 * Typed values are kept by column name, so two names alike are told
 * apart.
 */
static void
sheet_table(const struct rctx *r, struct table *t, const char *const *keys,
	    const char *prev_key)
{
	const char *names[16] = {NULL};
	char *owned[16] = {NULL};
	size_t n = 0;

	for (; keys[n] && n < 14; n++)
		names[n] = label(r, "columns", keys[n], NULL);
	if (r->prev && prev_key) {
		names[n++] = label(r, "columns", prev_key, NULL);
		names[n++] = label(r, "columns", "delta", NULL);
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0) {
				owned[i] = xasprintf("%s (%zu)", names[i], i + 1);
				names[i] = owned[i];
				break;
			}
	table_init(t, n, names);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
}

/* Cell col of the last row: the number v in format fmt; null stays empty. */
static void
sheet_number(struct table *t, size_t col, json_t *v, const char *fmt)
{
	char buf[40];

	if (!json_is_number(v))
		return;
	snprintf(buf, sizeof(buf), "%g", json_number_value(v));
	table_set(t, col, buf);
	table_set_json(t, col, json_deep_copy(v));
	table_set_numfmt(t, col, fmt);
}

/* The previous figure and the change in cells col and col + 1. */
static void
sheet_compare(const struct rctx *r, struct table *t, size_t col, json_t *cur,
	      json_t *prev, enum unit u)
{
	json_t *d;

	if (!r->prev)
		return;
	sheet_number(t, col, prev, unit_formats[u]);
	if (!json_is_number(cur) || !json_is_number(prev))
		return;
	d = json_real(json_number_value(cur) - json_number_value(prev));
	sheet_number(t, col + 1, d, delta_formats[u]);
	json_decref(d);
}

static const char *
status_label(const struct rctx *r, json_t *met)
{
	return label(r, "status", json_is_true(met) ? "met" :
		     json_is_false(met) ? "missed" : "none", NULL);
}

/* Two cells of text: a row of the period sheet. */
static void
sheet_pair(struct table *t, const char *a, const char *b)
{
	table_add_row(t);
	table_set(t, 0, a);
	table_set(t, 1, b);
}

static void
sheet_period(const struct rctx *r, struct table *t)
{
	static const char *const keys[] = {"item", "value", NULL};
	char buf[TIME_BUFSZ];

	sheet_table(r, t, keys, NULL);
	for (json_t *rep = r->cur; rep; rep = rep == r->cur ? r->prev : NULL) {
		json_t *period = json_object_get(rep, "period");

		sheet_pair(t, label(r, rep == r->cur ? "period" :
				    "compared_with", NULL, NULL),
			   json_string_value(json_object_get(period, "label")));
		sheet_pair(t, label(r, "from", NULL, NULL),
			   json_string_value(json_object_get(period, "from")));
		sheet_pair(t, label(r, "to", NULL, NULL),
			   json_string_value(json_object_get(period, "to")));
	}
	sheet_pair(t, label(r, "generated", NULL, NULL),
		   time_format(r->o->generated, buf));
}

static void
sheet_targets(const struct rctx *r, struct table *t)
{
	static const char *const keys[] = {
		"figure", "target", "value", "status", NULL
	};
	json_t *x;
	size_t i;

	sheet_table(r, t, keys, "previous");
	json_array_foreach(json_object_get(r->cur, "targets"), i, x) {
		const char *name = json_string_value(json_object_get(x,
								     "name"));
		json_t *p = r->prev ? find_target(r->prev, name) : NULL;

		table_add_row(t);
		table_set(t, 0, label(r, "targets", name, NULL));
		sheet_number(t, 1, json_object_get(x, "target"),
			     unit_formats[U_RATE]);
		sheet_number(t, 2, json_object_get(x, "value"),
			     unit_formats[U_RATE]);
		table_set(t, 3, status_label(r, json_object_get(x, "met")));
		sheet_compare(r, t, 4, json_object_get(x, "value"),
			      json_object_get(p, "value"), U_RATE);
	}
}

static void
sheet_figures(const struct rctx *r, struct table *t, const char *section,
	      const struct figure *figs)
{
	static const char *const keys[] = {
		"figure", "value", "target", "status", NULL
	};

	sheet_table(r, t, keys, "previous");
	for (int i = 0; figs[i].key; i++) {
		json_t *cur = section_path(r->cur, section, figs[i].key);
		const char *tn = target_name(section, figs[i].key);
		json_t *x = tn ? find_target(r->cur, tn) : NULL;

		table_add_row(t);
		table_set(t, 0, label(r, "figures", section, figs[i].key));
		sheet_number(t, 1, cur, unit_formats[figs[i].unit]);
		if (x) {
			sheet_number(t, 2, json_object_get(x, "target"),
				     unit_formats[U_RATE]);
			table_set(t, 3, status_label(r, json_object_get(x,
								       "met")));
		}
		sheet_compare(r, t, 4, cur, section_path(r->prev, section,
			      figs[i].key), figs[i].unit);
	}
}

static void
sheet_breakdown(const struct rctx *r, struct table *t, const char *section,
		const char *const *groups)
{
	static const char *const keys[] = {"group", "item", "count", NULL};

	sheet_table(r, t, keys, "previous");
	for (int g = 0; groups[g]; g++) {
		json_t *counts = section_path(r->cur, section, groups[g]);
		json_t *prevs = section_path(r->prev, section, groups[g]);
		const char *key;
		json_t *v;

		/* The group on every row, so that a filter keeps it. */
		json_object_foreach(counts, key, v) {
			table_add_row(t);
			table_set(t, 0, label(r, "groups", groups[g], NULL));
			table_set(t, 1, label(r, "enums", key, NULL));
			sheet_number(t, 2, v, unit_formats[U_COUNT]);
			sheet_compare(r, t, 3, v, json_object_get(prevs, key),
				      U_COUNT);
		}
	}
}

/* The complaint counts and mean handling time of c from column 2 on. */
static void
sheet_complaint_figures(struct table *t, json_t *c)
{
	for (int k = 0; complaint_counts[k]; k++)
		sheet_number(t, 2 + (size_t)k, json_object_get(c,
			     complaint_counts[k]), unit_formats[U_COUNT]);
	sheet_number(t, 6, json_object_get(c, "avg_handling_min"),
		     unit_formats[U_MIN]);
}

static void
sheet_complaints(const struct rctx *r, struct table *t)
{
	static const char *const keys[] = {
		"category", "severity", "opened", "resolved",
		"resolved_in_time", "open", "avg_handling_min", NULL
	};
	json_t *c, *sums = complaint_totals(r);
	size_t i;

	sheet_table(r, t, keys, "previous_opened");
	json_array_foreach(json_object_get(r->cur, "complaints"), i, c) {
		table_add_row(t);
		table_set(t, 0, label(r, "enums", json_string_value(
			json_object_get(c, "category")), NULL));
		table_set(t, 1, label(r, "enums", json_string_value(
			json_object_get(c, "severity")), NULL));
		sheet_complaint_figures(t, c);
		sheet_compare(r, t, 7, json_object_get(c, "opened"),
			      json_object_get(complaint_prev(r, c), "opened"),
			      U_COUNT);
	}
	table_add_row(t);
	table_set(t, 0, label(r, "total", NULL, NULL));
	sheet_complaint_figures(t, sums);
	sheet_compare(r, t, 7, json_object_get(sums, "opened"),
		      json_object_get(sums, "previous_opened"), U_COUNT);
	json_decref(sums);
}

static void
sheet_agents(const struct rctx *r, struct table *t)
{
	static const char *const keys[] = {
		"staff", "name", "resolved", "resolution_sla_rate",
		"complaint_success_rate", "satisfaction_avg", "score", NULL
	};
	static const enum unit units[] = {
		U_COUNT, U_RATE, U_RATE, U_AVG5, U_SCORE
	};
	json_t *a;
	size_t i;

	sheet_table(r, t, keys, "previous_score");
	json_array_foreach(json_object_get(r->cur, "agents"), i, a) {
		const char *id = json_string_value(json_object_get(a, "id"));

		table_add_row(t);
		table_set(t, 0, id);
		table_set(t, 1, staff_name(r, id));
		for (size_t k = 0; k < 5; k++)
			sheet_number(t, 2 + k, json_object_get(a, keys[2 + k]),
				     unit_formats[units[k]]);
		sheet_compare(r, t, 7, json_object_get(a, "score"),
			      r->prev ? agent_prev_score(r, a) : NULL, U_SCORE);
	}
}

/* The name of the sheet of section key: the labels' "sheets", else its
 * section title. */
static const char *
sheet_name(const struct rctx *r, const char *key)
{
	json_t *v = json_object_get(json_object_get(r->l, "sheets"), key);

	return json_is_string(v) ? json_string_value(v)
				 : label(r, "sections", key, NULL);
}

static int
kpi_xlsx(const struct rctx *r, struct sbuf *out)
{
	static const char *const sheets[] = {
		"period", "targets", "service", "service_breakdown",
		"complaints", "agents", "meetings", "meeting_breakdown", NULL
	};
	const char *period = json_string_value(get_path(r->cur,
							"period.label"));
	char *title = xasprintf("%s %s", label(r, "title", NULL, NULL),
				period ? period : "");
	struct xlsx_book *b = xlsx_new(r->o->generated, title);
	int rc = 0, month = period && strlen(period) == 7;
	char *data;
	size_t len;

	free(title);
	for (int i = 0; sheets[i] && !rc; i++) {
		struct table t;
		const char *name = sheet_name(r, sheets[i]);

		switch (i) {
		case 0: sheet_period(r, &t); break;
		case 1: sheet_targets(r, &t); break;
		case 2: sheet_figures(r, &t, "service", service_figures); break;
		case 3: sheet_breakdown(r, &t, "service", service_groups); break;
		case 4:
			sheet_complaints(r, &t);
			/* A month's is the 客户投诉月统计表. */
			if (month)
				name = sheet_name(r, "complaints_month");
			break;
		case 5: sheet_agents(r, &t); break;
		case 6: sheet_figures(r, &t, "meetings", meeting_figures); break;
		default: sheet_breakdown(r, &t, "meetings", meeting_groups); break;
		}
		rc = xlsx_add_table(b, name, &t);
		table_release(&t);
	}
	if (rc) {
		xlsx_free(b);
		return rc;
	}
	if (!(rc = xlsx_finish(b, &data, &len))) {
		sbuf_add(out, data, len);
		free(data);
	}
	return rc;
}

static int
load_labels(const struct kpi_render_opts *o, json_t **labels)
{
	json_error_t err;
	char *text;
	int rc;

	if ((rc = render_load_template(o->store_root, o->locale,
				       "report-labels.json", &text)))
		return rc;
	*labels = json_loads(text, 0, &err);
	free(text);
	if (!json_is_object(*labels)) {
		json_decref(*labels);
		*labels = NULL;
		return pd_error(PD_EDATA, "report-labels.json: line %d: %s",
				err.line, err.text);
	}
	return 0;
}

int
kpi_render(json_t *report, const struct kpi_render_opts *o, struct sbuf *out)
{
	static const char *const names[] = {
		"report.txt", "report.md", "report.html"
	};
	struct rctx r = {o, NULL, report, NULL};
	json_t *view;
	char *tmpl;
	int rc;

	if (o->format == KPI_JSON) {
		kpi_json_text(report, out);
		return 0;
	}
	if (o->format == KPI_CSV) {
		kpi_csv_text(report, (o->raw ? OUT_RAW : 0) |
			     (o->bom ? OUT_BOM : 0), out);
		return 0;
	}
	r.prev = json_object_get(report, "previous");
	if ((rc = load_labels(o, &r.l)))
		return rc;
	if (o->format == KPI_XLSX) {
		rc = kpi_xlsx(&r, out);
		json_decref(r.l);
		return rc;
	}
	if ((rc = render_load_template(o->store_root, o->locale,
				       names[o->format], &tmpl))) {
		json_decref(r.l);
		return rc;
	}
	view = build_view(&r);
	rc = render_template(tmpl, view, o->format == KPI_HTML ? RENDER_HTML :
			     RENDER_PLAIN, out);
	if (rc)
		pd_error(rc, "%s: %s", names[o->format], pd_errmsg());
	json_decref(view);
	json_decref(r.l);
	free(tmpl);
	return rc;
}
