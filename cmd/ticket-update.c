/*
 * ticket-update: record one event on a ticket (ack, assign, note, cause,
 * plan, approve-plan, resolve, close, reopen, pause, resume), one commit
 * per call.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/text.h"

static const char usage_text[] =
	"usage: ticket-update [-C DIR] [--by WHO] [--dry-run] ID ACTION [options]\n"
	"                     [--message TEXT|-]\n"
	"actions:\n"
	"  ack\n"
	"  assign --to WHO\n"
	"  note --message TEXT|-\n"
	"  cause --cause CAUSE\n"
	"  plan --solution SOLUTION --owner WHO --due TIME\n"
	"  approve-plan\n"
	"  resolve --solution SOLUTION\n"
	"  close --satisfaction 1..5 --accepted yes|no [--comment TEXT]\n"
	"  reopen --reason TEXT\n"
	"  pause --reason TEXT\n"
	"  resume\n";

enum {
	O_TO = OPT_FIRST_LOCAL, O_MESSAGE, O_CAUSE, O_SOLUTION, O_OWNER,
	O_DUE, O_SATISFACTION, O_ACCEPTED, O_COMMENT, O_REASON
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"to", required_argument, NULL, O_TO},
		{"message", required_argument, NULL, O_MESSAGE},
		{"cause", required_argument, NULL, O_CAUSE},
		{"solution", required_argument, NULL, O_SOLUTION},
		{"owner", required_argument, NULL, O_OWNER},
		{"due", required_argument, NULL, O_DUE},
		{"satisfaction", required_argument, NULL, O_SATISFACTION},
		{"accepted", required_argument, NULL, O_ACCEPTED},
		{"comment", required_argument, NULL, O_COMMENT},
		{"reason", required_argument, NULL, O_REASON},
		{"by", required_argument, NULL, OPT_BY},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	struct update_request req = {0};
	const char *dir = NULL, *by = NULL;
	char *message = NULL, *subject = NULL, *what = NULL, id[ID_LEN + 1];
	int dry_run = 0, c, rc;
	struct store st;
	struct change ch;
	struct actor a = {0};

	pd_setprog(argv[0]);
	while ((c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case O_TO: req.to = optarg; break;
		case O_MESSAGE: req.message = optarg; break;
		case O_CAUSE: req.cause = optarg; break;
		case O_SOLUTION: req.solution = optarg; break;
		case O_OWNER: req.owner = optarg; break;
		case O_DUE: req.due = optarg; break;
		case O_SATISFACTION: req.satisfaction = optarg; break;
		case O_ACCEPTED: req.accepted = optarg; break;
		case O_COMMENT: req.comment = optarg; break;
		case O_REASON: req.reason = optarg; break;
		case OPT_BY: by = optarg; break;
		case OPT_DRY_RUN: dry_run = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (argc - optind < 2) {
		pd_error(PD_EUSAGE, "give a ticket id and an action");
		return cli_usage_error(usage_text);
	}
	if (argc - optind > 2) {
		pd_error(PD_EUSAGE, "unexpected argument '%s'",
			 argv[optind + 2]);
		return cli_usage_error(usage_text);
	}
	req.action = argv[optind + 1];
	if (update_request_check(&req))
		return cli_usage_error(usage_text);
	if (req.message && strcmp(req.message, "-") == 0) {
		if ((rc = text_read_stdin("message", &message))) {
			free(message);
			return pd_die(rc);
		}
		req.message = message;
	}
	if ((rc = store_open(&st, dir))) {
		store_close(&st);
		free(message);
		return pd_die(rc);
	}
	if (!dry_run && (rc = cli_begin_change(&st)))
		goto out;
	if ((rc = store_actor(&st, by, &a)))
		goto out;
	change_init(&ch, &st, "ticket-update");
	rc = ticket_update_stage(&st, argv[optind], &req, &a, &ch, id, &what);
	if (!rc && dry_run) {
		cli_print_dry_run(&ch, stdout);
	} else if (!rc) {
		subject = xasprintf("ticket-update: %s", what);
		if (!(rc = change_commit(&ch, &a, subject)))
			puts(id);
	}
	free(subject);
	free(what);
	change_release(&ch);
out:
	actor_release(&a);
	store_close(&st);
	free(message);
	return rc ? pd_die(rc) : cli_finish(0);
}
