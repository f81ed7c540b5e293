/*
 * ticket-list: tickets filtered, sorted and printed as a table, CSV or
 * JSON.  State is derived from the events of each record as it is read.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/sla.h"
#include "plaindesk/ticket.h"

static const char usage_text[] =
	"usage: ticket-list [-C DIR] [--status S[,S...]] [--kind K] [--severity S]\n"
	"                   [--category C] [--customer WHO] [--assignee WHO]\n"
	"                   [--overdue] [--opened-from TIME] [--opened-to TIME]\n"
	"                   [--fields F[,F...]] [--sort [-]FIELD]\n"
	"                   [--format text|csv|json] [--raw] [--show-contact]\n";

static const char *const all_fields[] = {
	"id", "kind", "channel", "customer", "meeting", "category", "severity",
	"title", "opened_at", "status", "assignee", "level", "response_due",
	"resolution_due", "responded_at", "resolved_at", "closed_at", "paused",
	"overdue", "customer_name", "customer_email", "customer_phone", NULL
};
static const char default_fields[] =
	"id,status,kind,severity,assignee,resolution_due,title";

enum {
	O_STATUS = OPT_FIRST_LOCAL, O_KIND, O_SEVERITY, O_CATEGORY,
	O_CUSTOMER, O_ASSIGNEE, O_OVERDUE, O_FROM, O_TO, O_FIELDS, O_SORT,
	O_CONTACT
};

struct filter {
	struct strlist status;
	const char *kind, *severity, *category, *customer, *assignee;
	int overdue;
	time_t from, to;
	int has_from, has_to;
};

/* One listed ticket: its cells and typed values by field. */
struct row {
	char **cells;
	json_t **values;
};

struct list_ctx {
	struct store *st;
	struct filter *f;
	struct csvtab *customers;
	int fields[32], nfields;
	struct row *rows;
	size_t nrows, cap;
	int bad;
};

static json_t *
time_value(time_t t)
{
	char buf[TIME_BUFSZ];

	return t ? json_string(time_format(t, buf)) : json_null();
}

static json_t *
str_value(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The typed value of field i for a ticket. */
static json_t *
field_value(struct list_ctx *ctx, int i, json_t *rec,
	    const struct ticket_state *s)
{
	const char *name = all_fields[i];
	long r;

	switch (i) {
	case 9: return json_string(ticket_status_name(s->status));
	case 10: return str_value(s->assignee);
	case 11: return json_integer(s->level);
	case 12: return time_value(s->response_due);
	case 13: return time_value(s->resolution_due);
	case 14: return time_value(s->responded_at);
	case 15: return time_value(s->resolved_at);
	case 16: return time_value(s->closed_at);
	case 17: return json_boolean(s->paused);
	case 18: return json_boolean(sla_overdue(s, ctx->st->now));
	case 19: case 20: case 21:
		r = ctx->customers ? csvtab_find(ctx->customers, "id",
						 jstr(rec, "customer")) : -1;
		return r < 0 ? json_null() :
		       json_string(csvtab_get(ctx->customers, (size_t)r,
					      name + 9));
	default:
		return json_deep_copy(json_object_get(rec, name) ?
				      json_object_get(rec, name) : json_null());
	}
}

static int
matches(struct list_ctx *ctx, json_t *rec, const struct ticket_state *s)
{
	struct filter *f = ctx->f;
	time_t opened = 0;

	if (f->status.n &&
	    !strlist_has(&f->status, ticket_status_name(s->status)))
		return 0;
	if (f->kind && strcmp(f->kind, jstr(rec, "kind")))
		return 0;
	if (f->severity && (!jstr(rec, "severity") ||
			    strcmp(f->severity, jstr(rec, "severity"))))
		return 0;
	if (f->category && (!jstr(rec, "category") ||
			    strcmp(f->category, jstr(rec, "category"))))
		return 0;
	if (f->customer && strcmp(f->customer, jstr(rec, "customer")))
		return 0;
	if (f->assignee && (!s->assignee || strcmp(f->assignee, s->assignee)))
		return 0;
	if (f->overdue && !sla_overdue(s, ctx->st->now))
		return 0;
	time_parse(jstr(rec, "opened_at"), &opened);
	if (f->has_from && opened < f->from)
		return 0;
	if (f->has_to && opened >= f->to)
		return 0;
	return 1;
}

static int
collect(void *vctx, const char *rel, json_t *rec)
{
	struct list_ctx *ctx = vctx;
	struct ticket_state s;
	struct row row;

	if (!rec || ticket_validate_shape(rec)) {
		/* A parse error's message names the file already. */
		if (rec)
			pd_warn("%s: %s (skipped)", rel, pd_errmsg());
		else
			pd_warn("%s (skipped)", pd_errmsg());
		ctx->bad = 1;
		return 0;
	}
	ticket_fold(rec, &ctx->st->cfg, &s);
	if (!matches(ctx, rec, &s))
		return 0;
	row.cells = xcalloc((size_t)ctx->nfields, sizeof(char *));
	row.values = xcalloc((size_t)ctx->nfields, sizeof(json_t *));
	for (int i = 0; i < ctx->nfields; i++) {
		json_t *v = field_value(ctx, ctx->fields[i], rec, &s);

		row.values[i] = v;
		if (json_is_string(v))
			row.cells[i] = xstrdup(json_string_value(v));
		else if (json_is_null(v))
			row.cells[i] = NULL;
		else
			row.cells[i] = json_dumps(v, JSON_ENCODE_ANY);
	}
	if (ctx->nrows == ctx->cap) {
		ctx->cap = ctx->cap ? ctx->cap * 2 : 64;
		ctx->rows = xrealloc(ctx->rows, ctx->cap * sizeof(*ctx->rows));
	}
	ctx->rows[ctx->nrows++] = row;
	return 0;
}

static int sort_col = -1, sort_desc, sort_numeric;

static int
cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	const char *p = x->cells[sort_col], *q = y->cells[sort_col];
	int c;

	if (sort_numeric)
		c = (int)(json_integer_value(x->values[sort_col]) -
			  json_integer_value(y->values[sort_col]));
	else
		c = strcmp(p ? p : "", q ? q : "");
	if (c == 0)	/* ids are unique: a stable, total order */
		c = strcmp(x->cells[0] ? x->cells[0] : "",
			   y->cells[0] ? y->cells[0] : "");
	return sort_desc ? -c : c;
}

/* Parse "a,b,c" against all_fields into ctx->fields (id first). */
static int
parse_fields(struct list_ctx *ctx, const char *spec, int show_contact)
{
	char *copy = xstrdup(spec), *save = NULL;
	int rc = 0;

	ctx->nfields = 0;
	ctx->fields[ctx->nfields++] = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int i = str_index(all_fields, tok);

		if (i < 0) {
			rc = pd_error(PD_EUSAGE, "unknown field '%s' (expected %s)",
				      tok, str_join_list(all_fields));
			break;
		}
		if ((i == 20 || i == 21) && !show_contact) {
			rc = pd_error(PD_EUSAGE, "field '%s' is contact data: add --show-contact",
				      tok);
			break;
		}
		if (i == 0)
			continue;
		if (ctx->nfields == 32) {
			rc = pd_error(PD_EUSAGE, "too many fields");
			break;
		}
		ctx->fields[ctx->nfields++] = i;
	}
	free(copy);
	return rc;
}

static int
parse_time_opt(const char *opt, const char *s, time_t *t)
{
	if (time_parse(s, t) < 0)
		return pd_error(PD_EUSAGE, "%s: invalid time '%s' (expected e.g. 2026-11-25 or 2026-11-25T14:00)",
				opt, s);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"status", required_argument, NULL, O_STATUS},
		{"kind", required_argument, NULL, O_KIND},
		{"severity", required_argument, NULL, O_SEVERITY},
		{"category", required_argument, NULL, O_CATEGORY},
		{"customer", required_argument, NULL, O_CUSTOMER},
		{"assignee", required_argument, NULL, O_ASSIGNEE},
		{"overdue", no_argument, NULL, O_OVERDUE},
		{"opened-from", required_argument, NULL, O_FROM},
		{"opened-to", required_argument, NULL, O_TO},
		{"fields", required_argument, NULL, O_FIELDS},
		{"sort", required_argument, NULL, O_SORT},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"raw", no_argument, NULL, OPT_RAW},
		{"show-contact", no_argument, NULL, O_CONTACT},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	struct filter f = {0};
	struct list_ctx ctx = {0};
	const char *dir = NULL, *fields = default_fields, *sort = "opened_at";
	const char *from = NULL, *to = NULL, *status = NULL;
	enum out_format fmt = OUT_TEXT;
	int raw = 0, show_contact = 0, hidden_sort = 0, c, rc;
	struct store st;
	struct table t;

	pd_setprog(argv[0]);
	strlist_init(&f.status);
	while ((c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case O_STATUS: status = optarg; break;
		case O_KIND: f.kind = optarg; break;
		case O_SEVERITY: f.severity = optarg; break;
		case O_CATEGORY: f.category = optarg; break;
		case O_CUSTOMER: f.customer = optarg; break;
		case O_ASSIGNEE: f.assignee = optarg; break;
		case O_OVERDUE: f.overdue = 1; break;
		case O_FROM: from = optarg; break;
		case O_TO: to = optarg; break;
		case O_FIELDS: fields = optarg; break;
		case O_SORT: sort = optarg; break;
		case OPT_FORMAT:
			if (out_format_parse(optarg, &fmt) < 0) {
				pd_error(PD_EUSAGE, "unknown format '%s' (expected text, csv, json)",
					 optarg);
				return cli_usage_error(usage_text);
			}
			break;
		case OPT_RAW: raw = 1; break;
		case O_CONTACT: show_contact = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (optind < argc) {
		pd_error(PD_EUSAGE, "unexpected argument '%s'", argv[optind]);
		return cli_usage_error(usage_text);
	}
	if (status) {
		char *copy = xstrdup(status), *save = NULL;

		for (char *tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save))
			strlist_add(&f.status, tok);
		free(copy);
		for (size_t i = 0; i < f.status.n; i++)
			if ((rc = enum_check(ticket_statuses, "status",
					     f.status.items[i])))
				goto usage;
	}
	if ((f.kind && (rc = enum_check(ticket_kinds, "kind", f.kind))) ||
	    (f.severity && (rc = enum_check(complaint_severities, "severity",
					    f.severity))) ||
	    (f.category && (rc = enum_check(complaint_categories, "category",
					    f.category))) ||
	    (from && (rc = parse_time_opt("--opened-from", from, &f.from))) ||
	    (to && (rc = parse_time_opt("--opened-to", to, &f.to))) ||
	    (rc = parse_fields(&ctx, fields, show_contact)))
		goto usage;
	f.has_from = from != NULL;
	f.has_to = to != NULL;
	sort_desc = sort[0] == '-';
	for (int i = 0; i < ctx.nfields; i++)
		if (!strcmp(all_fields[ctx.fields[i]], sort + sort_desc))
			sort_col = i;
	if (sort_col < 0) {
		int i = str_index(all_fields, sort + sort_desc);

		if (i < 0 || ctx.nfields == 32) {
			rc = pd_error(PD_EUSAGE, "cannot sort by '%s' (expected one of the fields)",
				      sort + sort_desc);
			goto usage;
		}
		/* Sort by a field that is not shown: fetch it anyway. */
		sort_col = ctx.nfields;
		ctx.fields[ctx.nfields++] = i;
		hidden_sort = 1;
	}
	sort_numeric = ctx.fields[sort_col] == 11;
	if ((rc = store_open(&st, dir)))
		goto out_store;
	ctx.st = &st;
	ctx.f = &f;
	/* Filters name people by id or name; records hold ids. */
	if (f.customer && store_lookup_id(&st, REG_CUSTOMERS, f.customer))
		f.customer = store_lookup_id(&st, REG_CUSTOMERS, f.customer);
	if (f.assignee && store_lookup_id(&st, REG_STAFF, f.assignee))
		f.assignee = store_lookup_id(&st, REG_STAFF, f.assignee);
	if (store_register(&st, REG_CUSTOMERS, &ctx.customers)) {
		pd_warn("%s (customer names not shown)", pd_errmsg());
		ctx.customers = NULL;
		ctx.bad = 1;
	}
	if ((rc = store_foreach(&st, 'T', 0, collect, &ctx)))
		goto out_store;
	if (ctx.nrows)
		qsort(ctx.rows, ctx.nrows, sizeof(*ctx.rows), cmp_rows);
	{
		size_t shown = (size_t)ctx.nfields - (size_t)hidden_sort;
		const char *cols[32];

		for (size_t i = 0; i < shown; i++)
			cols[i] = all_fields[ctx.fields[i]];
		table_init(&t, shown, cols);
		for (size_t r = 0; r < ctx.nrows; r++) {
			table_add_row(&t);
			for (size_t i = 0; i < shown; i++) {
				table_set(&t, i, ctx.rows[r].cells[i]);
				table_set_json(&t, i,
					       json_incref(ctx.rows[r].values[i]));
			}
		}
		rc = table_write(&t, fmt, raw, stdout);
		table_release(&t);
	}
	if (!rc && ctx.bad)
		rc = pd_error(PD_EDATA, "some tickets could not be read (see above)");
out_store:
	for (size_t r = 0; r < ctx.nrows; r++) {
		for (int i = 0; i < ctx.nfields; i++) {
			free(ctx.rows[r].cells[i]);
			json_decref(ctx.rows[r].values[i]);
		}
		free(ctx.rows[r].cells);
		free(ctx.rows[r].values);
	}
	free(ctx.rows);
	store_close(&st);
	strlist_release(&f.status);
	return rc ? pd_die(rc) : cli_finish(0);
usage:
	strlist_release(&f.status);
	if (rc == PD_EUSAGE)
		return cli_usage_error(usage_text);
	return pd_die(rc);
}
