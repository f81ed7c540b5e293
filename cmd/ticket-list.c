/*
 * ticket-list: tickets filtered, sorted and printed as a table, CSV,
 * JSON or a spreadsheet (xlsx).  The query is lib/ticket/query.c.
 */
#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/opt.h"
#include "plaindesk/ticket.h"
#include "plaindesk/ticket_query.h"

/* Print what q finds in the store at dir; returns main's exit code. */
static int
list(struct ticket_query *q, const struct ticket_query_spec *spec,
     const char *dir, enum out_format fmt, const struct out_opts *o)
{
	struct store st;
	struct table t;
	int rc;

	/* Contact details: a role of contact_roles, or an assignee who
	 * lists only their own tickets. */
	if ((rc = store_open_reading(&st, dir)) ||
	    (spec->show_contact &&
	     (rc = store_contact_allowed(&st, spec->assignee))) ||
	    (rc = ticket_query_run(q, &st)))
		goto out;
	ticket_query_table(q, &t);
	rc = table_write_to(&t, fmt, out_opts_flags(o), o->path);
	table_release(&t);
	if (!rc && q->skipped)
		rc = pd_error(PD_EDATA, "some tickets could not be read (see above)");
out:
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

#define CHOICE(n, v, a, vals, h) \
	OPT_FULL(OPT_T_STRING, n, v, a, vals, NULL, NULL, h)

int
main(int argc, char **argv)
{
	struct ticket_query_spec spec = {0};
	struct ticket_query q;
	const char *format = "text";
	enum out_format fmt;
	struct out_opts o = {0};
	int rc;
	struct opt opts[] = {
		CHOICE("status", &spec.status, "STATUS[,STATUS...]",
		       ticket_statuses,
		       "tickets in these statuses"),
		CHOICE("kind", &spec.kind, "KIND", ticket_kinds,
		       "tickets of this kind"),
		CHOICE("severity", &spec.severity, "SEV", complaint_severities,
		       "complaints of this severity"),
		CHOICE("category", &spec.category, "CAT", complaint_categories,
		       "complaints of this category"),
		OPT_STRING("customer", &spec.customer, "WHO",
			   "the tickets of this customer (id or name)"),
		OPT_STRING("assignee", &spec.assignee, "WHO",
			   "the tickets assigned to this staff member (id or name)"),
		OPT_FLAG("overdue", &spec.overdue,
			 "tickets past a deadline that is running"),
		OPT_FLAG("followup-due", &spec.followup_due,
			 "closed tickets with a follow-up call pending, the earliest (overdue) first"),
		OPT_STRING("within", &spec.within, "DUR",
			   "with --followup-due: only those due within DUR (and overdue)"),
		OPT_STRING("opened-from", &spec.opened_from, "TIME",
			   "tickets opened at or after TIME"),
		OPT_STRING("opened-to", &spec.opened_to, "TIME",
			   "tickets opened before TIME"),
		CHOICE("fields", &spec.fields, "FIELD[,FIELD...]",
		       ticket_field_names,
		       "the columns after id (default: status,kind,severity,assignee,resolution_due,title)"),
		OPT_STRING("sort", &spec.sort, "[-]FIELD",
			   "sort by FIELD, descending with '-' (default: opened_at); ties by id"),
		CHOICE("format", &format, "FORMAT", out_format_names,
		       "the output format (default: text)"),
		OUT_OPTS(&o, NULL),
		OPT_FLAG("show-contact", &spec.show_contact,
			 "allow the fields customer_email and customer_phone"),
		OPT_END
	};
	struct program prog = {
		.summary = N_("List tickets, filtered and sorted, as a table, CSV, JSON or xlsx; the state of each comes from its events."),
		.opts = opts
	};
	struct cli cli;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (enum_check(out_format_names, "format", format) ||
	    out_opts_format(&o, format, &fmt)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	rc = ticket_query_init(&q, &spec);
	if (rc == PD_EUSAGE)
		rc = opt_usage_error(&prog);
	else if (rc)
		rc = pd_die(rc);
	else
		rc = list(&q, &spec, cli.dir, fmt, &o);
	ticket_query_release(&q);
out:
	cli_release(&cli);
	return rc;
}
