/*
 * ticket-open: register inquiries, complaints, suggestions and requests;
 * one, or many from CSV (all or none), in one commit.  A ticket whose
 * rule starts above the agent tells its level at once: the notifier runs
 * after the commit, and its deliveries make a second commit.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/deliver.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

static const char usage_text[] =
	"usage: ticket-open [-C DIR] [--by WHO] [--dry-run]\n"
	"                   --kind KIND --channel CHANNEL --customer WHO --title TEXT\n"
	"                   [--severity SEV --category CAT] [--description TEXT|-]\n"
	"                   [--meeting ID] [--assignee WHO] [--at TIME]\n"
	"                   [--new-customer [--tier TIER] [--org ORG] [--email ADDR]\n"
	"                   [--phone PHONE]]\n"
	"       ticket-open [-C DIR] [--by WHO] [--dry-run] --from-csv FILE\n";

enum {
	O_KIND = OPT_FIRST_LOCAL, O_CHANNEL, O_CUSTOMER, O_TITLE, O_SEVERITY,
	O_CATEGORY, O_DESCRIPTION, O_MEETING, O_ASSIGNEE, O_AT, O_NEWCUST,
	O_TIER, O_ORG, O_EMAIL, O_PHONE, O_FROMCSV
};

/* Open every row of a CSV file; all or none. */
static int
open_from_csv(struct store *st, const char *file, const struct actor *a,
	      struct change *c, struct strlist *ids)
{
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
		if ((rc = ticket_open_stage(st, &req, a, c, where, id, NULL)))
			break;
		strlist_add(ids, id);
	}
out:
	csvtab_release(&tab);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"kind", required_argument, NULL, O_KIND},
		{"channel", required_argument, NULL, O_CHANNEL},
		{"customer", required_argument, NULL, O_CUSTOMER},
		{"title", required_argument, NULL, O_TITLE},
		{"severity", required_argument, NULL, O_SEVERITY},
		{"category", required_argument, NULL, O_CATEGORY},
		{"description", required_argument, NULL, O_DESCRIPTION},
		{"meeting", required_argument, NULL, O_MEETING},
		{"assignee", required_argument, NULL, O_ASSIGNEE},
		{"at", required_argument, NULL, O_AT},
		{"new-customer", no_argument, NULL, O_NEWCUST},
		{"tier", required_argument, NULL, O_TIER},
		{"org", required_argument, NULL, O_ORG},
		{"email", required_argument, NULL, O_EMAIL},
		{"phone", required_argument, NULL, O_PHONE},
		{"from-csv", required_argument, NULL, O_FROMCSV},
		{"by", required_argument, NULL, OPT_BY},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	struct open_request req = {0};
	const char *dir = NULL, *by = NULL, *csv = NULL;
	char *description = NULL, *subject = NULL;
	int dry_run = 0, c, rc;
	struct notifier notifier = {0};
	struct strlist ids;
	struct outbox box;
	struct store st;
	struct change ch;
	struct actor a = {0};

	pd_setprog(argv[0]);
	while ((c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case O_KIND: req.kind = optarg; break;
		case O_CHANNEL: req.channel = optarg; break;
		case O_CUSTOMER: req.customer = optarg; break;
		case O_TITLE: req.title = optarg; break;
		case O_SEVERITY: req.severity = optarg; break;
		case O_CATEGORY: req.category = optarg; break;
		case O_DESCRIPTION: req.description = optarg; break;
		case O_MEETING: req.meeting = optarg; break;
		case O_ASSIGNEE: req.assignee = optarg; break;
		case O_AT: req.at = optarg; break;
		case O_NEWCUST: req.new_customer = 1; break;
		case O_TIER: req.tier = optarg; break;
		case O_ORG: req.org = optarg; break;
		case O_EMAIL: req.email = optarg; break;
		case O_PHONE: req.phone = optarg; break;
		case O_FROMCSV: csv = optarg; break;
		case OPT_BY: by = optarg; break;
		case OPT_DRY_RUN: dry_run = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (optind < argc) {
		pd_error(PD_EUSAGE, "unexpected argument '%s'", argv[optind]);
		return cli_usage_error(usage_text);
	}
	if (csv && (req.kind || req.channel || req.customer || req.title)) {
		pd_error(PD_EUSAGE, "--from-csv takes no other ticket options");
		return cli_usage_error(usage_text);
	}
	if (!csv && (!req.kind || !req.channel || !req.customer || !req.title)) {
		pd_error(PD_EUSAGE, "--kind, --channel, --customer and --title are required");
		return cli_usage_error(usage_text);
	}
	if (req.description && strcmp(req.description, "-") == 0) {
		if ((rc = text_read_stdin("description", &description)))
			return pd_die(rc);
		req.description = description;
	}
	strlist_init(&ids);
	outbox_init(&box);
	if ((rc = store_open(&st, dir)) ||
	    (rc = notifier_load(&st, &notifier))) {
		store_close(&st);
		free(description);
		return pd_die(rc);
	}
	if (!dry_run && (rc = cli_begin_change(&st)))
		goto out;
	if ((rc = store_actor(&st, by, &a)))
		goto out;
	change_init(&ch, &st, "ticket-open");
	if (csv) {
		if (!(rc = open_from_csv(&st, csv, &a, &ch, &ids)))
			subject = xasprintf("ticket-open: %zu tickets from %s",
					    ids.n, csv);
	} else {
		char id[ID_LEN + 1], *what = NULL;

		if (!(rc = ticket_open_stage(&st, &req, &a, &ch, "", id,
					     &what))) {
			strlist_add(&ids, id);
			subject = xasprintf("ticket-open: %s", what);
		}
		free(what);
	}
	if (!rc && dry_run)
		cli_print_dry_run(&ch, stdout);
	else if (!rc)
		rc = change_commit(&ch, &a, subject);
	if (!rc && !dry_run) {
		outbox_collect_ids(&box, &st, &ids);
		outbox_deliver(&box, &st, &notifier, &a, "ticket-open");
		for (size_t i = 0; i < box.problems.n; i++)
			pd_warn("%s", box.problems.items[i]);
		for (size_t i = 0; i < ids.n; i++)
			puts(ids.items[i]);
	}
	free(subject);
	change_release(&ch);
out:
	actor_release(&a);
	strlist_release(&ids);
	outbox_release(&box);
	notifier_release(&notifier);
	store_close(&st);
	free(description);
	return rc ? pd_die(rc) : cli_finish(0);
}
