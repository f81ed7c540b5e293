/*
 * ticket-open: register inquiries, complaints, suggestions and requests;
 * one, or many from CSV (all or none), in one commit.  A ticket whose
 * rule starts above the agent tells its level at once: the notifier runs
 * after the commit, and its deliveries make a second commit.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"
#include "plaindesk/tickets.h"

/* Open every row of a CSV file; all or none. */
static int
open_from_csv(struct pipe *p, const char *file)
{
	struct store *st = p->st;
	struct csvtab tab;
	int rc;

	csvtab_init(&tab);
	if ((rc = csvtab_load(&tab, file, file)))
		return rc;
	for (size_t i = 0; i < tab.ncols; i++)
		if (str_index(open_request_fields, tab.header[i]) < 0) {
			rc = pd_error(PD_EDATA, "%s: unknown column '%s' (expected %s)",
				      file, tab.header[i],
				      str_join_list(open_request_fields));
			goto out;
		}
	if (tab.nrows == 0) {
		rc = pd_error(PD_EDATA, "%s: no tickets to open", file);
		goto out;
	}
	for (size_t r = 0; r < tab.nrows && !rc; r++) {
		struct open_request req = {0};
		const char *nc = csvtab_get(&tab, r, "new-customer");
		char where[512], id[ID_LEN + 1];

		snprintf(where, sizeof(where), "%s: line %zu: ", file,
			 tab.lines[r]);
#define FIELD(f, name) req.f = csvtab_get(&tab, r, name)
		FIELD(kind, "kind");
		FIELD(channel, "channel");
		FIELD(customer, "customer");
		FIELD(title, "title");
		FIELD(severity, "severity");
		FIELD(category, "category");
		FIELD(description, "description");
		FIELD(meeting, "meeting");
		FIELD(assignee, "assignee");
		FIELD(at, "at");
		FIELD(tier, "tier");
		FIELD(org, "org");
		FIELD(email, "email");
		FIELD(phone, "phone");
#undef FIELD
		if (*nc && strcmp(nc, "yes") && strcmp(nc, "no") &&
		    strcmp(nc, "true") && strcmp(nc, "false") &&
		    strcmp(nc, "1") && strcmp(nc, "0")) {
			rc = pd_error(PD_EDATA, "%snew-customer must be yes or no",
				      where);
			break;
		}
		req.new_customer = !strcmp(nc, "yes") || !strcmp(nc, "true") ||
				   !strcmp(nc, "1");
		if ((rc = ticket_open_stage(st, &req, p->a, p->ch, where, id,
					    NULL)))
			break;
		pipe_id(p, id);
	}
	if (!rc)
		pipe_subject(p, "%zu tickets from %s", p->ids.n, file);
out:
	csvtab_release(&tab);
	return rc;
}

struct opening {
	struct open_request req;
	const char *csv;
	char *description;	/* read from standard input */
};

static int
stage(struct pipe *p, void *arg)
{
	struct opening *o = arg;
	char id[ID_LEN + 1], *what = NULL;
	int rc;

	if (o->csv)
		return open_from_csv(p, o->csv);
	rc = ticket_open_stage(p->st, &o->req, p->a, p->ch, "", id, &what);
	if (!rc) {
		pipe_id(p, id);
		pipe_subject(p, "%s", what);
	}
	free(what);
	return rc;
}

/* The two forms: one ticket from options, or many from --from-csv. */
static int
check_form(const struct opening *o)
{
	const struct open_request *r = &o->req;

	if (o->csv && (r->kind || r->channel || r->customer || r->title))
		return pd_error(PD_EUSAGE, "--from-csv takes no other ticket options");
	if (!o->csv && (!r->kind || !r->channel || !r->customer || !r->title))
		return pd_error(PD_EUSAGE, "--kind, --channel, --customer and --title are required");
	return 0;
}

int
main(int argc, char **argv)
{
	struct opening o = {0};
	struct open_request *r = &o.req;
	struct pipeline pl = {
		.command = "ticket-open", .stage = stage,
		.deliver = PIPE_DELIVER_IDS
	};
	struct opt opts[] = {
		OPT_FULL(OPT_T_STRING, "kind", &r->kind, "KIND", ticket_kinds,
			 NULL, NULL, "what the customer brings (needed)"),
		OPT_FULL(OPT_T_STRING, "channel", &r->channel, "CHANNEL",
			 ticket_channels, NULL, NULL,
			 "how it came in (needed)"),
		OPT_STRING("customer", &r->customer, "WHO",
			   "the customer, by id or name (needed)"),
		OPT_STRING("title", &r->title, "TEXT",
			   "a one-line title (needed)"),
		OPT_FULL(OPT_T_STRING, "severity", &r->severity, "SEV",
			 complaint_severities, NULL, NULL,
			 "a complaint's severity"),
		OPT_FULL(OPT_T_STRING, "category", &r->category, "CAT",
			 complaint_categories, NULL, NULL,
			 "a complaint's category"),
		OPT_STRING("description", &r->description, "TEXT",
			   "the details ('-': read them from standard input)"),
		OPT_STRING("meeting", &r->meeting, "ID",
			   "the meeting the ticket is about"),
		OPT_STRING("assignee", &r->assignee, "WHO",
			   "who handles it (default: the rule's or the actor)"),
		OPT_STRING("at", &r->at, "TIME",
			   "when it came in (default: now)"),
		OPT_FLAG("new-customer", &r->new_customer,
			 "add the customer to the register"),
		OPT_FULL(OPT_T_STRING, "tier", &r->tier, "TIER",
			 customer_tiers, NULL, NULL,
			 "a new customer's tier"),
		OPT_STRING("org", &r->org, "ORG", "a new customer's organisation"),
		OPT_STRING("email", &r->email, "ADDR", "a new customer's e-mail"),
		OPT_STRING("phone", &r->phone, "PHONE", "a new customer's phone"),
		OPT_STRING("from-csv", &o.csv, "FILE",
			   "open one ticket per row of FILE, all or none"),
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Register inquiries, complaints, suggestions and requests: one, or many from CSV, in one commit."),
		.opts = opts
	};
	struct cli cli;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (check_form(&o)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	if (r->description && !strcmp(r->description, "-")) {
		if ((rc = text_read_stdin("description", &o.description))) {
			rc = pd_die(rc);
			goto out;
		}
		r->description = o.description;
	}
	rc = pipeline_run(&pl, cli.dir, &o);
out:
	free(o.description);
	cli_release(&cli);
	return rc;
}
