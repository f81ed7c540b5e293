/*
 * ticket-escalate: without an id, the cron pass (warn and escalate every
 * open ticket by the SLA policy), one commit for all of it, then the
 * notifier for every notice still undelivered and a second commit for
 * the deliveries; with an id, a manual escalation or an approved
 * extension.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/escalate.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"

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

struct request {
	const char *id, *to, *reason, *extend, *approved_by;
};

/* The pass, a manual escalation or an extension. */
static int
stage(struct pipe *p, void *arg)
{
	struct request *r = arg;
	char id[ID_LEN + 1], *what = NULL;
	struct escalation e;
	int rc;

	escalation_init(&e, p->st, p->a, p->ch, p->box);
	if (!r->id) {
		if (!(rc = escalation_pass(&e)))
			what = escalation_summary(&e);
	} else if (r->to) {
		rc = escalation_manual(&e, r->id, r->to, r->reason, id, &what);
	} else {
		rc = escalation_extend(&e, r->id, r->extend, r->approved_by,
				       r->reason, id, &what);
	}
	for (size_t i = 0; i < e.problems.n; i++)
		pd_warn("%s", e.problems.items[i]);
	for (size_t i = 0; i < e.changed.n; i++)
		pipe_id(p, e.changed.items[i]);
	if (!rc)
		pipe_subject(p, "%s", what);
	free(what);
	escalation_release(&e);
	return rc;
}

int
main(int argc, char **argv)
{
	struct request r = {0};
	struct pipeline pl = {
		.command = "ticket-escalate", .stage = stage,
		.deliver = PIPE_DELIVER_BOX
	};
	struct opt opts[] = {
		OPT_STRING("to", &r.to, "ROLE|STAFF",
			   "escalate ticket ID by hand to a role or a person"),
		OPT_STRING("extend", &r.extend, "DURATION",
			   "extend ticket ID's resolution deadline (e.g. 2d, 4h)"),
		OPT_STRING("approved-by", &r.approved_by, "STAFF",
			   "who approved the extension"),
		OPT_STRING("reason", &r.reason, "TEXT",
			   "why (with --to and --extend)"),
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Without an id: the cron pass that warns and escalates every open ticket by the SLA policy, then tells the people named.  With an id: a manual escalation (--to) or an approved extension (--extend)."),
		.operands = "[ID]", .opts = opts
	};
	struct cli cli;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	r.id = cli.noperands ? cli.operands[0] : NULL;
	if (check_form(r.id, r.to, r.extend, r.approved_by, r.reason))
		rc = opt_usage_error(&prog);
	else
		rc = pipeline_run(&pl, cli.dir, &r);
out:
	cli_release(&cli);
	return rc;
}
