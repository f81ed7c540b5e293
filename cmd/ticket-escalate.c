/*
 * ticket-escalate: without an id, the cron pass (warn and escalate every
 * open ticket by the SLA policy), one commit for all of it, then the
 * notifier for every notice still undelivered and a second commit for
 * the deliveries; with an id, a manual escalation or an approved
 * extension.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/escalate.h"

static const char usage_text[] =
	"usage: ticket-escalate [-C DIR] [--by WHO] [--dry-run]\n"
	"       ticket-escalate [-C DIR] [--by WHO] [--dry-run] ID --to ROLE|STAFF\n"
	"                       --reason TEXT\n"
	"       ticket-escalate [-C DIR] [--by WHO] [--dry-run] ID --extend DURATION\n"
	"                       --approved-by STAFF --reason TEXT\n";

enum { O_TO = OPT_FIRST_LOCAL, O_REASON, O_EXTEND, O_APPROVED_BY };

/* The options fit one of the three forms; else a usage message. */
static int
check_form(const char *id, const char *to, const char *extend,
	   const char *approved_by, const char *reason)
{
	if (!id) {
		if (to || extend || approved_by || reason)
			return pd_error(PD_EUSAGE, "--to, --extend, --approved-by and --reason need a ticket id");
		return 0;
	}
	if (!to == !extend)
		return pd_error(PD_EUSAGE, "give a ticket id either --to or --extend");
	if (to && approved_by)
		return pd_error(PD_EUSAGE, "--approved-by goes with --extend only");
	if (extend && !approved_by)
		return pd_error(PD_EUSAGE, "--extend needs --approved-by");
	if (!reason)
		return pd_error(PD_EUSAGE, "%s needs --reason",
				to ? "--to" : "--extend");
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"to", required_argument, NULL, O_TO},
		{"reason", required_argument, NULL, O_REASON},
		{"extend", required_argument, NULL, O_EXTEND},
		{"approved-by", required_argument, NULL, O_APPROVED_BY},
		{"by", required_argument, NULL, OPT_BY},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	const char *dir = NULL, *by = NULL, *id_arg = NULL, *to = NULL;
	const char *reason = NULL, *extend = NULL, *approved_by = NULL;
	char *subject = NULL, *what = NULL, id[ID_LEN + 1];
	struct notifier notifier = {0};
	int dry_run = 0, c, rc;
	struct escalation e;
	struct outbox box;
	struct store st;
	struct change ch;
	struct actor a = {0};

	pd_setprog(argv[0]);
	while ((c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case O_TO: to = optarg; break;
		case O_REASON: reason = optarg; break;
		case O_EXTEND: extend = optarg; break;
		case O_APPROVED_BY: approved_by = optarg; break;
		case OPT_BY: by = optarg; break;
		case OPT_DRY_RUN: dry_run = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (argc - optind > 1) {
		pd_error(PD_EUSAGE, "unexpected argument '%s'",
			 argv[optind + 1]);
		return cli_usage_error(usage_text);
	}
	if (optind < argc)
		id_arg = argv[optind];
	if (check_form(id_arg, to, extend, approved_by, reason))
		return cli_usage_error(usage_text);
	if ((rc = store_open(&st, dir)) ||
	    (rc = notifier_load(&st, &notifier))) {
		store_close(&st);
		return pd_die(rc);
	}
	if (!dry_run && (rc = cli_begin_change(&st)))
		goto out;
	if ((rc = store_actor(&st, by, &a)))
		goto out;
	change_init(&ch, &st, "ticket-escalate");
	outbox_init(&box);
	/* Without a notifier nothing is delivered now: a later pass that
	 * has one delivers what is still undelivered. */
	escalation_init(&e, &st, &a, &ch,
			dry_run || !notifier.command ? NULL : &box);
	if (!id_arg) {
		if (!(rc = escalation_pass(&e)))
			what = escalation_summary(&e);
	} else if (to) {
		rc = escalation_manual(&e, id_arg, to, reason, id, &what);
	} else {
		rc = escalation_extend(&e, id_arg, extend, approved_by, reason,
				       id, &what);
	}
	for (size_t i = 0; i < e.problems.n; i++)
		pd_warn("%s", e.problems.items[i]);
	if (!rc && dry_run) {
		cli_print_dry_run(&ch, stdout);
	} else if (!rc && ch.nfiles > 0) {
		subject = xasprintf("ticket-escalate: %s", what);
		rc = change_commit(&ch, &a, subject);
	}
	/* The decisions stand; then the notices go out (DESIGN §5). */
	if (!rc && !dry_run) {
		outbox_deliver(&box, &st, &notifier, &a, "ticket-escalate");
		for (size_t i = 0; i < box.problems.n; i++)
			pd_warn("%s", box.problems.items[i]);
		for (size_t i = 0; i < box.changed.n; i++)
			if (!strlist_has(&e.changed, box.changed.items[i]))
				strlist_add(&e.changed, box.changed.items[i]);
		for (size_t i = 0; i < e.changed.n; i++)
			puts(e.changed.items[i]);
	}
	free(subject);
	free(what);
	escalation_release(&e);
	outbox_release(&box);
	change_release(&ch);
out:
	actor_release(&a);
	notifier_release(&notifier);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}
