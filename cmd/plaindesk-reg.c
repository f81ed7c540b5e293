/*
 * plaindesk-reg: keep the registers (staff, customers, rooms, holidays)
 * without hand edits: add, update, list and show rows, deactivate staff,
 * mark customers lost, remove and import holidays; one commit each.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/record.h"
#include "plaindesk/opt.h"
#include "plaindesk/out.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/registers.h"
#include "plaindesk/ticket.h"

static const struct cmd cmds[] = {
	{"staff add", "", N_("add a staff member"), CMD_CHANGE},
	{"staff update", "ID", N_("change a staff member's cells"), CMD_CHANGE},
	{"staff deactivate", "ID", N_("mark a staff member inactive"), CMD_CHANGE},
	{"staff list", "", N_("list the staff"), 0},
	{"staff show", "ID", N_("show one staff member"), 0},
	{"customers add", "", N_("add a customer"), CMD_CHANGE},
	{"customers update", "ID", N_("change a customer's cells"), CMD_CHANGE},
	{"customers lost", "ID", N_("mark a customer lost on a date"), CMD_CHANGE},
	{"customers list", "", N_("list the customers"), 0},
	{"customers show", "ID", N_("show one customer"), 0},
	{"rooms add", "", N_("add a room"), CMD_CHANGE},
	{"rooms update", "ID", N_("change a room's cells"), CMD_CHANGE},
	{"rooms list", "", N_("list the rooms"), 0},
	{"rooms show", "ID", N_("show one room"), 0},
	{"holidays add", "", N_("add a holiday or a make-up working day"),
	 CMD_CHANGE},
	{"holidays update", "DATE", N_("change a day's kind or name"), CMD_CHANGE},
	{"holidays remove", "DATE", N_("remove a day"), CMD_CHANGE},
	{"holidays import", "FILE",
	 N_("import days from CSV (date,kind,name) or an iCalendar file (.ics)"),
	 CMD_CHANGE},
	{"holidays list", "", N_("list the days"), 0},
	{"holidays show", "DATE", N_("show one day"), 0},
	{NULL, NULL, NULL, 0}
};

/* The options that set cells, named like the columns. */
static const char *const yes_no[] = {"yes", "no", NULL};

static struct field {
	const char *option, *column, *arg;
	const char *const *values;
	const char *help;
	const char *value;
} fields[] = {
	{"id", "id", "ID", NULL, N_("the row's id (S-wang, R-301; a customer gets one if none is given)"), NULL},
	{"name", "name", "NAME", NULL, N_("the name"), NULL},
	{"org", "org", "ORG", NULL, N_("the customer's organisation"), NULL},
	{"tier", "tier", "TIER", customer_tiers, N_("the customer's tier (default: general)"), NULL},
	{"email", "email", "ADDR", NULL, N_("the e-mail address"), NULL},
	{"phone", "phone", "PHONE", NULL, N_("the phone number"), NULL},
	{"since", "since", "DATE", NULL, N_("a customer since (default: today)"), NULL},
	{"notes", "notes", "TEXT", NULL, N_("notes on the customer"), NULL},
	{"role", "role", "ROLE", staff_roles, N_("the staff member's role"), NULL},
	{"team", "team", "TEAM", NULL, N_("the staff member's team"), NULL},
	{"active", "active", "yes|no", yes_no, N_("is the staff member active (default: yes)"), NULL},
	{"capacity", "capacity", "N", NULL, N_("the room's seats"), NULL},
	{"equipment", "equipment", "LIST", NULL, N_("the room's equipment, ';'-separated"), NULL},
	{"location", "location", "TEXT", NULL, N_("where the room is"), NULL},
	{"date", "date", "DATE", NULL, N_("the day (YYYY-MM-DD)"), NULL},
	{"kind", "kind", "KIND", holiday_kinds, N_("holiday, or workday for a make-up working day"), NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL}
};

struct request {
	enum register_kind k;
	const char *action, *operand;
	const char *on, *reassign_to, *workday_match, *format;
	int show_contact;
};

static int
has_column(enum register_kind k, const char *col)
{
	return str_index(register_columns[k], col) >= 0;
}

/* "staff/add staff/update customers/add ..." of a column. */
static char *
takers(const char *col)
{
	struct sbuf sb;

	sbuf_init(&sb);
	for (int k = 0; register_names[k]; k++) {
		if (!has_column((enum register_kind)k, col))
			continue;
		sbuf_addf(&sb, "%s/add ", register_names[k]);
		if (strcmp(col, register_key((enum register_kind)k)))
			sbuf_addf(&sb, "%s/update ", register_names[k]);
	}
	if (sb.len)
		sb.buf[--sb.len] = '\0';
	return sbuf_detach(&sb, NULL);
}

static const char *
needers(const char *col)
{
	static const struct { const char *col, *cmds; } need[] = {
		{"id", "staff/add rooms/add"},
		{"name", "staff/add customers/add rooms/add"},
		{"role", "staff/add"}, {"capacity", "rooms/add"},
		{"date", "holidays/add"}, {"kind", "holidays/add"},
	};

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!strcmp(need[i].col, col))
			return need[i].cmds;
	return NULL;
}

static size_t
fields_given(void)
{
	size_t n = 0;

	for (struct field *f = fields; f->option; f++)
		n += f->value != NULL;
	return n;
}

/* Set the cells the options give on row r. */
static void
set_fields(struct csvtab *t, size_t r)
{
	for (struct field *f = fields; f->option; f++)
		if (f->value)
			csvtab_set(t, r, f->column, f->value);
}

/* A new row from the options, with the defaults of its register. */
static int
add_row(struct store *st, enum register_kind k, struct csvtab *t,
	char **key)
{
	const char *keycol = register_key(k);
	const char *keyval = NULL;
	char day[16], rnd[8];

	for (struct field *f = fields; f->option; f++)
		if (!strcmp(f->column, keycol))
			keyval = f->value;
	if (!keyval && k == REG_CUSTOMERS) {
		do {
			if (random_base32(rnd, 6) < 0)
				return PD_ESOFTWARE;
			snprintf(day, sizeof(day), "C-%s", rnd);
		} while (csvtab_find(t, "id", day) >= 0);
		keyval = day;
	}
	if (csvtab_find(t, keycol, keyval) >= 0)
		return pd_error(PD_EDATA, "%s: %s '%s' is there already",
				register_paths[k], keycol, keyval);
	csvtab_append(t, &keycol, &keyval, 1);
	set_fields(t, t->nrows - 1);
	*key = *csvtab_get(t, t->nrows - 1, "name") ?
	       xasprintf("%s \"%s\"", keyval,
			 csvtab_get(t, t->nrows - 1, "name")) :
	       xstrdup(keyval);
	if (k == REG_STAFF)
		csvtab_set(t, t->nrows - 1, "active", "yes");
	if (k == REG_CUSTOMERS) {
		csvtab_set(t, t->nrows - 1, "tier", "general");
		csvtab_set(t, t->nrows - 1, "since",
			   date_format(time_day(st->now), day));
	}
	/* The options win over the defaults. */
	set_fields(t, t->nrows - 1);
	return 0;
}

struct open_work {
	const char *who;
	struct strlist tickets;
	const struct config *cfg;
};

static int
open_ticket_of(void *ctx, const char *rel, json_t *rec)
{
	struct open_work *w = ctx;
	struct ticket_state ts;

	(void)rel;
	if (!rec)
		return 0;
	ticket_fold(rec, w->cfg, &ts);
	if (ts.status != ST_RESOLVED && ts.status != ST_CLOSED &&
	    ts.assignee && !strcmp(ts.assignee, w->who))
		strlist_add(&w->tickets, jstr(rec, "id"));
	return 0;
}

/* Open tickets of who handed to r->reassign_to, else a refusal. */
static int
hand_over(struct pipe *p, const struct request *r, const char *who)
{
	struct open_work w = {who, {0}, &p->st->cfg};
	int rc;

	strlist_init(&w.tickets);
	if ((rc = store_foreach(p->st, 'T', 0, open_ticket_of, &w)))
		goto out;
	if (w.tickets.n && !r->reassign_to) {
		rc = pd_error(PD_EDATA, "'%s' still has %zu open ticket%s (%s%s)",
			      who, w.tickets.n, w.tickets.n == 1 ? "" : "s",
			      w.tickets.items[0], w.tickets.n > 1 ? ", ..." : "");
		pd_hint("hand them over with --reassign-to STAFF");
		goto out;
	}
	for (size_t i = 0; i < w.tickets.n && !rc; i++) {
		struct update_request req = {.action = "assign",
					     .to = r->reassign_to};
		char id[ID_LEN + 1], *what = NULL;

		rc = ticket_update_stage(p->st, w.tickets.items[i], &req,
					 p->a, p->ch, id, &what);
		free(what);
	}
out:
	strlist_release(&w.tickets);
	return rc;
}

/* The change of one command on register r->k. */
static int
edit(struct pipe *p, const struct request *r, struct csvtab *t, char **key)
{
	long row = -1;

	if (!strcmp(r->action, "add"))
		return add_row(p->st, r->k, t, key);
	if (!strcmp(r->action, "import")) {
		size_t added, changed;
		int rc = holidays_import(t, r->operand, r->workday_match,
					 &added, &changed);

		*key = xasprintf("%zu added, %zu changed from %s", added,
				 changed, r->operand);
		return rc;
	}
	if ((row = register_row(p->st, r->k, r->operand)) < 0)
		return PD_ENOINPUT;
	*key = xstrdup(r->operand);
	if (!strcmp(r->action, "remove")) {
		csvtab_remove(t, (size_t)row);
	} else if (!strcmp(r->action, "lost")) {
		csvtab_set(t, (size_t)row, "lost_on", r->on);
	} else if (!strcmp(r->action, "deactivate")) {
		csvtab_set(t, (size_t)row, "active", "no");
		return hand_over(p, r, csvtab_get(t, (size_t)row, "id"));
	} else {
		if (!fields_given())
			return pd_error(PD_EUSAGE, "update needs a cell to change (e.g. --name)");
		set_fields(t, (size_t)row);
	}
	return 0;
}

static int
stage(struct pipe *p, void *arg)
{
	struct request *r = arg;
	struct csvtab *t;
	char *key = NULL;
	int rc;

	if (!(rc = store_register(p->st, r->k, &t)) &&
	    !(rc = edit(p, r, t, &key)) &&
	    !(rc = register_stage(p->st, r->k, p->ch)))
		pipe_subject(p, "%s %s %s", register_names[r->k], r->action,
			     key);
	free(key);
	return rc;
}

/* A customer's phone and e-mail only with --show-contact. */
static int
shown_column(const struct request *r, const char *column)
{
	return r->k != REG_CUSTOMERS || r->show_contact ||
	       (strcmp(column, "email") && strcmp(column, "phone"));
}

/* list and show: every column, unknown ones too. */
static int
show(const struct request *r, const char *dir)
{
	enum out_format f = OUT_TEXT;
	struct csvtab *t;
	struct store st;
	struct table out;
	const char **cols;
	size_t ncols = 0;
	long only = -1;
	int rc;

	if (r->format && out_format_parse(r->format, &f) < 0)
		return pd_fail(PD_EUSAGE, "unknown format '%s' (expected text, csv, json)",
			       r->format);
	if ((rc = store_open_reading(&st, dir)) || (rc = store_register(&st, r->k, &t)) ||
	    (r->operand && (only = register_row(&st, r->k, r->operand)) < 0)) {
		store_close(&st);
		return pd_die(rc ? rc : PD_ENOINPUT);
	}
	if (r->show_contact && (rc = store_contact_allowed(&st, NULL))) {
		store_close(&st);
		return pd_die(rc);
	}
	cols = xcalloc(t->ncols + 1, sizeof(*cols));
	for (size_t c = 0; c < t->ncols; c++)
		if (shown_column(r, t->header[c]))
			cols[ncols++] = t->header[c];
	table_init(&out, ncols, cols);
	free(cols);
	for (size_t row = 0; row < t->nrows; row++) {
		if (only >= 0 && (long)row != only)
			continue;
		table_add_row(&out);
		for (size_t c = 0, o = 0; c < t->ncols; c++)
			if (shown_column(r, t->header[c]))
				table_set(&out, o++, t->rows[row][c]);
	}
	rc = table_write(&out, f, 0, stdout);
	table_release(&out);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

int
main(int argc, char **argv)
{
	static const char *const formats[] = {"text", "csv", "json", NULL};
	struct request r = {0};
	struct pipeline pl = {.command = "plaindesk-reg", .stage = stage};
	struct opt opts[sizeof(fields) / sizeof(fields[0]) + 9];
	struct program prog = {
		.summary = N_("Keep the registers: staff, customers, rooms and holidays. Each change is validated as plaindesk-check validates the register and made in one commit; row order and unknown columns are kept."),
		.cmds = cmds, .cmd_noun = N_("command"), .cmd_words = 2,
		.operand_noun = N_("an id"), .opts = opts
	};
	struct cli cli;
	size_t n = 0;
	int rc;

	for (struct field *f = fields; f->option; f++)
		opts[n++] = (struct opt)OPT_FULL(OPT_T_STRING, f->option,
			&f->value, f->arg, f->values, takers(f->column),
			needers(f->column), f->help);
	opts[n++] = (struct opt)OPT_FULL(OPT_T_STRING, "on", &r.on, "DATE",
		NULL, "customers/lost", "customers/lost",
		"the day the customer was lost");
	opts[n++] = (struct opt)OPT_FULL(OPT_T_STRING, "reassign-to",
		&r.reassign_to, "STAFF", NULL, "staff/deactivate", NULL,
		"hand the staff member's open tickets to STAFF");
	opts[n++] = (struct opt)OPT_FULL(OPT_T_STRING, "workday-match",
		&r.workday_match, "TEXT", NULL, "holidays/import", NULL,
		"events whose SUMMARY holds TEXT (e.g. 班) are working days");
	opts[n++] = (struct opt)OPT_FULL(OPT_T_STRING, "format", &r.format,
		"FORMAT", formats,
		"staff/list staff/show customers/list customers/show rooms/list rooms/show holidays/list holidays/show",
		NULL, "the output format");
	opts[n++] = (struct opt)OPT_FULL(OPT_T_FLAG, "show-contact",
		&r.show_contact, NULL, NULL, "customers/list customers/show",
		NULL, "show the customers' phone and e-mail (needs a role of contact_roles)");
	opts[n++] = (struct opt)OPT_BY(&pl.by);
	opts[n++] = (struct opt)OPT_DRY_RUN(&pl.dry_run);
	opts[n++] = (struct opt)OPT_END;
	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	r.action = strchr(cli.cmd->name, ' ') + 1;
	{
		char *reg = xstrndup(cli.cmd->name,
				     (size_t)(r.action - 1 - cli.cmd->name));

		r.k = (enum register_kind)register_kind_of(reg);
		free(reg);
	}
	r.operand = cli.noperands ? cli.operands[0] : NULL;
	if (!(cli.cmd->flags & CMD_CHANGE))
		rc = show(&r, cli.dir);
	else
		rc = pipeline_run(&pl, cli.dir, &r);
out:
	for (size_t i = 0; fields[i].option; i++)
		free((char *)opts[i].only);
	cli_release(&cli);
	return rc;
}
