/*
 * Ticket queries (see include/plaindesk/ticket_query.h): the filter, the
 * fields as a table of name, getter and confidentiality, one pass over
 * the tickets and the sort.  State is derived from each ticket's events
 * as it is read, never taken from the stored state block.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/record.h"
#include "plaindesk/sla.h"
#include "plaindesk/ticket.h"
#include "plaindesk/ticket_query.h"
#include "plaindesk/ticket_summary.h"

/* Who may see a field. */
enum field_access {
	FIELD_OPEN,		/* anyone who may read the store */
	FIELD_CONTACT,		/* a customer's contact details: --show-contact */
};

/* What a field's getter sees of one ticket. */
struct ticket_view {
	json_t *rec;		/* NULL when only its summary was read */
	const struct ticket_summary *sum;
	const struct ticket_state *state;
	json_t *state_json;	/* the state as JSON, made on first use */
	const struct config *cfg;
	const struct csvtab *customers;	/* NULL when it could not be read */
	time_t now;
};

struct ticket_field {
	const char *name;
	/* The field's typed value (a new reference; null for none). */
	json_t *(*get)(const struct ticket_field *f, struct ticket_view *v);
	enum field_access access;
};

/* One ticket found: its cells as text and as typed values, by column. */
struct ticket_row {
	char **cells;
	json_t **values;
};

/* A field of the record's header: its value as stored. */
static json_t *
record_key(const struct ticket_field *f, struct ticket_view *v)
{
	json_t *x;
	const char *s;

	if (!v->rec) {
		s = ticket_summary_header(v->sum, f->name);
		return s ? json_string(s) : json_null();
	}
	x = json_object_get(v->rec, f->name);
	return x ? json_deep_copy(x) : json_null();
}

/* A field of the state the events give, named as in the state block. */
static json_t *
state_key(const struct ticket_field *f, struct ticket_view *v)
{
	if (!v->state_json)
		v->state_json = ticket_state_json(v->state, v->cfg);
	return json_incref(json_object_get(v->state_json, f->name));
}

static json_t *
overdue(const struct ticket_field *f, struct ticket_view *v)
{
	(void)f;
	return json_boolean(sla_overdue(v->state, v->now));
}

/* The follow-up call pending after close, or null. */
static json_t *
followup_due(const struct ticket_field *f, struct ticket_view *v)
{
	(void)f;
	return json_time_or_null(v->state->status == ST_CLOSED ?
				 v->state->followup_due : 0);
}

/* customer_X: column X of the customer's row in the register. */
static json_t *
customer_column(const struct ticket_field *f, struct ticket_view *v)
{
	const char *column = f->name + strlen("customer_");
	long r = v->customers ? csvtab_find(v->customers, "id",
					    v->sum->customer) : -1;

	return r < 0 ? json_null() :
	       json_string(csvtab_get(v->customers, (size_t)r, column));
}

#define TICKET_FIELDS(X) \
	X("id", record_key, FIELD_OPEN) \
	X("kind", record_key, FIELD_OPEN) \
	X("channel", record_key, FIELD_OPEN) \
	X("customer", record_key, FIELD_OPEN) \
	X("meeting", record_key, FIELD_OPEN) \
	X("category", record_key, FIELD_OPEN) \
	X("severity", record_key, FIELD_OPEN) \
	X("title", record_key, FIELD_OPEN) \
	X("opened_at", record_key, FIELD_OPEN) \
	X("status", state_key, FIELD_OPEN) \
	X("assignee", state_key, FIELD_OPEN) \
	X("level", state_key, FIELD_OPEN) \
	X("response_due", state_key, FIELD_OPEN) \
	X("resolution_due", state_key, FIELD_OPEN) \
	X("responded_at", state_key, FIELD_OPEN) \
	X("resolved_at", state_key, FIELD_OPEN) \
	X("closed_at", state_key, FIELD_OPEN) \
	X("paused", state_key, FIELD_OPEN) \
	X("overdue", overdue, FIELD_OPEN) \
	X("followup_due", followup_due, FIELD_OPEN) \
	X("customer_name", customer_column, FIELD_OPEN) \
	X("customer_email", customer_column, FIELD_CONTACT) \
	X("customer_phone", customer_column, FIELD_CONTACT)

static const struct ticket_field fields[] = {
#define FIELD_ENTRY(name, get, access) {name, get, access},
	TICKET_FIELDS(FIELD_ENTRY)
#undef FIELD_ENTRY
	{NULL, NULL, FIELD_OPEN}
};

const char *const ticket_field_names[] = {
#define FIELD_NAME(name, get, access) name,
	TICKET_FIELDS(FIELD_NAME)
#undef FIELD_NAME
	NULL
};

static const char default_fields[] =
	"status,kind,severity,assignee,resolution_due,title";
/* With --followup-due: the calls to make, the earliest (overdue) first. */
static const char followup_fields[] =
	"followup_due,kind,customer,customer_name,assignee,title";

/* The field named name, or NULL. */
static const struct ticket_field *
find_field(const char *name)
{
	for (const struct ticket_field *f = fields; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* A field that may be asked for, or a usage message. */
static int
field_allowed(const char *name, int show_contact,
	      const struct ticket_field **out)
{
	const struct ticket_field *f = find_field(name);

	if (!f)
		return pd_error(PD_EUSAGE, "unknown field '%s' (expected %s)",
				name, str_join_list(ticket_field_names));
	if (f->access == FIELD_CONTACT && !show_contact)
		return pd_error(PD_EUSAGE, "field '%s' is contact data: add --show-contact",
				name);
	*out = f;
	return 0;
}

static void
add_field(struct ticket_query *q, const struct ticket_field *f)
{
	q->fields = xrealloc(q->fields, (q->nfields + 1) * sizeof(*q->fields));
	q->fields[q->nfields++] = f;
}

/* "a,b,c": id first, then the fields named. */
static int
parse_fields(struct ticket_query *q, const char *spec, int show_contact)
{
	char *copy = xstrdup(spec), *save = NULL;
	const struct ticket_field *f;
	int rc = 0;

	add_field(q, fields);
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save))
		if (!(rc = field_allowed(tok, show_contact, &f)) &&
		    f != fields)
			add_field(q, f);
	free(copy);
	q->nshown = q->nfields;
	return rc;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

/* "[-]FIELD": a field shown, or one fetched only to sort by. */
static int
parse_sort(struct ticket_query *q, const char *spec, int show_contact)
{
	const char *name = spec + (spec[0] == '-');
	const struct ticket_field *f;
	int rc;

	q->sort_desc = spec[0] == '-';
	q->sort_time = ends_with(name, "_at") || ends_with(name, "_due");
	for (size_t i = 0; i < q->nfields; i++)
		if (!strcmp(q->fields[i]->name, name)) {
			q->sort_col = i;
			return 0;
		}
	if (!find_field(name))
		return pd_error(PD_EUSAGE, "cannot sort by '%s' (expected one of the fields)",
				name);
	if ((rc = field_allowed(name, show_contact, &f)))
		return rc;
	add_field(q, f);
	q->sort_col = q->nfields - 1;
	return 0;
}

static int
parse_status(struct ticket_query *q, const char *spec)
{
	char *copy, *save = NULL;
	int rc = 0;

	if (!spec)
		return 0;
	copy = xstrdup(spec);
	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		strlist_add(&q->status, tok);
	free(copy);
	for (size_t i = 0; i < q->status.n && !rc; i++)
		rc = enum_check(ticket_statuses, "status", q->status.items[i]);
	return rc;
}

static int
parse_time(const char *opt, const char *s, time_t *t, int *given)
{
	if (!s)
		return 0;
	if (time_parse(s, t) < 0)
		return pd_error(PD_EUSAGE, "%s: invalid time '%s' (expected e.g. 2026-11-25 or 2026-11-25T14:00)",
				opt, s);
	*given = 1;
	return 0;
}

/* --within DUR, which only --followup-due takes. */
static int
parse_within(struct ticket_query *q, const struct ticket_query_spec *spec)
{
	if (!spec->within)
		return 0;
	if (!spec->followup_due)
		return pd_error(PD_EUSAGE, "--within needs --followup-due");
	if (duration_parse(spec->within, &q->within) < 0)
		return pd_error(PD_EUSAGE, "invalid --within '%s' (expected e.g. 7d, 3wd)",
				spec->within);
	q->has_within = 1;
	return 0;
}

int
ticket_query_init(struct ticket_query *q, const struct ticket_query_spec *spec)
{
	int rc;

	memset(q, 0, sizeof(*q));
	strlist_init(&q->status);
	q->kind = spec->kind;
	q->severity = spec->severity;
	q->category = spec->category;
	q->customer = spec->customer;
	q->assignee = spec->assignee;
	q->overdue = spec->overdue;
	q->followup = spec->followup_due;
	if ((rc = parse_status(q, spec->status)) ||
	    (q->kind && (rc = enum_check(ticket_kinds, "kind", q->kind))) ||
	    (q->severity && (rc = enum_check(complaint_severities,
					     "severity", q->severity))) ||
	    (q->category && (rc = enum_check(complaint_categories,
					     "category", q->category))) ||
	    (rc = parse_time("--opened-from", spec->opened_from, &q->from,
			     &q->has_from)) ||
	    (rc = parse_time("--opened-to", spec->opened_to, &q->to,
			     &q->has_to)) ||
	    (rc = parse_within(q, spec)) ||
	    (rc = parse_fields(q, spec->fields ? spec->fields :
			       q->followup ? followup_fields : default_fields,
			       spec->show_contact)))
		return rc;
	return parse_sort(q, spec->sort ? spec->sort :
			  q->followup ? "followup_due" : "opened_at",
			  spec->show_contact);
}

/* Does a complaint field match (a filter on it leaves other kinds out)? */
static int
same(const char *want, const char *have)
{
	return !want || (have && !strcmp(want, have));
}

static int
matches(const struct ticket_query *q, const struct ticket_view *v)
{
	const struct ticket_state *s = v->state;
	time_t opened = 0;

	if (q->status.n &&
	    !strlist_has(&q->status, ticket_status_name(s->status)))
		return 0;
	if (!same(q->kind, v->sum->kind) ||
	    !same(q->severity, v->sum->severity) ||
	    !same(q->category, v->sum->category) ||
	    !same(q->customer, v->sum->customer) ||
	    !same(q->assignee, s->assignee))
		return 0;
	if (q->overdue && !sla_overdue(s, v->now))
		return 0;
	if (q->followup && (s->status != ST_CLOSED || !s->followup_due ||
			    (q->has_within && s->followup_due > q->until)))
		return 0;
	time_parse(v->sum->opened_at, &opened);
	if (q->has_from && opened < q->from)
		return 0;
	if (q->has_to && opened >= q->to)
		return 0;
	return 1;
}

static void
add_row(struct ticket_query *q, struct ticket_view *v)
{
	struct ticket_row row;

	row.cells = xcalloc(q->nfields, sizeof(*row.cells));
	row.values = xcalloc(q->nfields, sizeof(*row.values));
	for (size_t i = 0; i < q->nfields; i++) {
		json_t *x = q->fields[i]->get(q->fields[i], v);

		row.values[i] = x;
		if (json_is_string(x))
			row.cells[i] = xstrdup(json_string_value(x));
		else if (!json_is_null(x))
			row.cells[i] = json_dumps(x, JSON_ENCODE_ANY);
	}
	if (q->nrows == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->rows = xrealloc(q->rows, q->cap * sizeof(*q->rows));
	}
	q->rows[q->nrows++] = row;
}

/* What the pass over the tickets works with. */
struct pass {
	struct ticket_query *q;
	const struct store *st;
	const struct csvtab *customers;
	struct ticket_summary_memo memo;	/* of the record summarized */
};

/* One ticket of the pass, read or summarized. */
static void
collect_one(struct pass *p, json_t *rec, const struct ticket_summary *sum)
{
	struct ticket_view v = {
		.rec = rec, .sum = sum, .state = &sum->state,
		.cfg = &p->st->cfg, .customers = p->customers,
		.now = p->st->now
	};

	if (matches(p->q, &v))
		add_row(p->q, &v);
	json_decref(v.state_json);
}

static int
collect(void *ctx, const char *rel, json_t *rec)
{
	struct pass *p = ctx;
	struct ticket_summary sum;

	if (ticket_summary_recall(&p->memo, rec, &sum)) {
		collect_one(p, rec, &sum);
		return 0;
	}
	if (!rec || ticket_summary_make(rec, &p->st->cfg, &sum)) {
		/* A parse error's message names the file already. */
		if (rec)
			pd_warn("%s: %s (skipped)", rel, pd_errmsg());
		else
			pd_warn("%s (skipped)", pd_errmsg());
		p->q->skipped = 1;
		return 0;
	}
	collect_one(p, rec, &sum);
	return 0;
}

static int
collect_summary(void *ctx, const char *rel, const void *bytes, size_t len)
{
	struct ticket_summary sum;

	(void)rel;
	if (ticket_summary_read(bytes, len, &sum))
		return SUMMARY_NEED_RECORD;
	collect_one(ctx, NULL, &sum);
	return 0;
}

static void *
summarize(void *ctx, const char *rel, json_t *rec, size_t *len)
{
	struct pass *p = ctx;

	return ticket_summary_bytes(rec, rel, &p->st->cfg, len, &p->memo);
}

/* By the sort column, numbers as numbers; ties by id, a total order. */
static int
cmp_rows(const void *a, const void *b, void *arg)
{
	const struct ticket_query *q = arg;
	const struct ticket_row *x = a, *y = b;
	json_t *u = x->values[q->sort_col], *w = y->values[q->sort_col];
	const char *p = x->cells[q->sort_col], *r = y->cells[q->sort_col];
	time_t tu, tw;
	int c;

	if (json_is_integer(u) && json_is_integer(w))
		c = (json_integer_value(u) > json_integer_value(w)) -
		    (json_integer_value(u) < json_integer_value(w));
	else if (q->sort_time && p && r && time_parse(p, &tu) == 0 &&
		 time_parse(r, &tw) == 0)
		/* Times as instants: offsets differ across a DST change. */
		c = (tu > tw) - (tu < tw);
	else
		c = strcmp(p ? p : "", r ? r : "");
	if (c == 0)
		c = strcmp(x->cells[0] ? x->cells[0] : "",
			   y->cells[0] ? y->cells[0] : "");
	return q->sort_desc ? -c : c;
}

/* Whether a column (shown, or the sort's) comes from the customer
 * register: it is read only then. */
static int
needs_customers(const struct ticket_query *q)
{
	for (size_t i = 0; i < q->nfields; i++)
		if (q->fields[i]->get == customer_column)
			return 1;
	return 0;
}

int
ticket_query_run(struct ticket_query *q, struct store *st)
{
	struct pass p = {.q = q, .st = st};
	const struct summary_ops ops = {
		TICKET_SUMMARY_VERSION, summarize, collect_summary, collect
	};
	struct csvtab *customers;
	int rc;

	/* Filters name people by id or name; records hold ids. */
	if (q->customer && store_lookup_id(st, REG_CUSTOMERS, q->customer))
		q->customer = store_lookup_id(st, REG_CUSTOMERS, q->customer);
	if (q->assignee && store_lookup_id(st, REG_STAFF, q->assignee))
		q->assignee = store_lookup_id(st, REG_STAFF, q->assignee);
	if (q->has_within)
		q->until = calendar_add(&st->cfg.cal, st->now, &q->within, 0);
	if (!needs_customers(q)) {
		p.customers = NULL;
	} else if (store_register(st, REG_CUSTOMERS, &customers)) {
		pd_warn("%s (customer names not shown)", pd_errmsg());
		q->skipped = 1;
	} else {
		p.customers = customers;
	}
	if ((rc = store_foreach_summary(st, 'T', &ops, &p)))
		return rc;
	if (q->nrows)
		qsort_r(q->rows, q->nrows, sizeof(*q->rows), cmp_rows, q);
	return 0;
}

void
ticket_query_table(const struct ticket_query *q, struct table *t)
{
	const char **cols = xcalloc(q->nshown, sizeof(*cols));

	for (size_t i = 0; i < q->nshown; i++)
		cols[i] = q->fields[i]->name;
	table_init(t, q->nshown, cols);
	free(cols);
	for (size_t r = 0; r < q->nrows; r++) {
		table_add_row(t);
		for (size_t i = 0; i < q->nshown; i++) {
			table_set(t, i, q->rows[r].cells[i]);
			table_set_json(t, i, json_incref(q->rows[r].values[i]));
		}
	}
}

void
ticket_query_release(struct ticket_query *q)
{
	for (size_t r = 0; r < q->nrows; r++) {
		for (size_t i = 0; i < q->nfields; i++) {
			free(q->rows[r].cells[i]);
			json_decref(q->rows[r].values[i]);
		}
		free(q->rows[r].cells);
		free(q->rows[r].values);
	}
	free(q->rows);
	free(q->fields);
	strlist_release(&q->status);
}
