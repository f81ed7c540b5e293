/*
 * ticket-update: record one event on a ticket (ack, assign, note, cause,
 * plan, approve-plan, resolve, close, reopen, pause, resume, followup),
 * one commit per call.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/text.h"

static const struct cmd actions[] = {
	{"ack", "", N_("acknowledge the ticket (the first response)"), CMD_CHANGE},
	{"assign", "", N_("hand the ticket to another staff member"), CMD_CHANGE},
	{"note", "", N_("add a note to the ticket"), CMD_CHANGE},
	{"cause", "", N_("record the cause found"), CMD_CHANGE},
	{"plan", "", N_("propose a solution with an owner and a due time"),
	 CMD_CHANGE},
	{"approve-plan", "", N_("approve the proposed plan (a manager)"),
	 CMD_CHANGE},
	{"resolve", "", N_("record the solution: the ticket is resolved"),
	 CMD_CHANGE},
	{"close", "", N_("close with the customer's satisfaction"), CMD_CHANGE},
	{"reopen", "", N_("reopen a resolved or closed ticket"), CMD_CHANGE},
	{"pause", "", N_("stop the SLA clock (waiting for the customer)"),
	 CMD_CHANGE},
	{"resume", "", N_("start the SLA clock again"), CMD_CHANGE},
	{"followup", "", N_("record a follow-up call after close (回访)"),
	 CMD_CHANGE},
	{NULL, NULL, NULL, 0}
};

static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const one_to_five[] = {"1", "2", "3", "4", "5", NULL};
static const char *const outcomes[] = {
	"satisfied", "unsatisfied", "unreachable", NULL
};

struct update {
	const char *id;
	struct update_request req;
	char *message;		/* read from standard input */
};

static int
stage(struct pipe *p, void *arg)
{
	struct update *u = arg;
	char id[ID_LEN + 1], *what = NULL;
	int rc;

	rc = ticket_update_stage(p->st, u->id, &u->req, p->a, p->ch, id,
				 &what);
	if (!rc) {
		pipe_subject(p, "%s", what);
		pipe_id(p, id);
		if (u->req.warning[0])
			pipe_warn(p, "%s", u->req.warning);
	}
	free(what);
	return rc;
}

#define ACTION_OPT(t, n, v, a, vals, h) OPT_FULL(t, n, v, a, vals, \
	update_option_actions(n, 0), update_option_actions(n, 1), h)

int
main(int argc, char **argv)
{
	struct update u = {0};
	struct update_request *r = &u.req;
	struct pipeline pl = {.command = "ticket-update", .stage = stage};
	struct opt opts[] = {
		ACTION_OPT(OPT_T_STRING, "to", &r->to, "WHO", NULL,
			   "the staff member the ticket goes to"),
		ACTION_OPT(OPT_T_STRING, "message", &r->message, "TEXT",
			   NULL, "a note to go with the event ('-': read it from standard input)"),
		ACTION_OPT(OPT_T_STRING, "cause", &r->cause, "CAUSE", NULL,
			   "the cause found"),
		ACTION_OPT(OPT_T_STRING, "solution", &r->solution, "SOLUTION",
			   NULL, "the solution planned or carried out"),
		ACTION_OPT(OPT_T_STRING, "owner", &r->owner, "WHO", NULL,
			   "who carries out the plan"),
		ACTION_OPT(OPT_T_STRING, "due", &r->due, "TIME", NULL,
			   "when the plan is to be done (YYYY-MM-DD HH:MM)"),
		ACTION_OPT(OPT_T_STRING, "satisfaction", &r->satisfaction, "N",
			   one_to_five, "the customer's satisfaction"),
		ACTION_OPT(OPT_T_STRING, "accepted", &r->accepted, "yes|no",
			   yes_no, "did the customer accept the outcome"),
		ACTION_OPT(OPT_T_STRING, "comment", &r->comment, "TEXT", NULL,
			   "the customer's comment"),
		ACTION_OPT(OPT_T_STRING, "reason", &r->reason, "TEXT", NULL,
			   "why the ticket is reopened or paused"),
		ACTION_OPT(OPT_T_STRING, "channel", &r->channel, "CHANNEL",
			   NULL, "how the customer was called back"),
		ACTION_OPT(OPT_T_STRING, "outcome", &r->outcome,
			   "satisfied|unsatisfied|unreachable", outcomes,
			   "what the follow-up call found"),
		ACTION_OPT(OPT_T_STRING, "kb", &r->kb, "ARTICLE", NULL,
			   "the knowledge-base article that solved it"),
		ACTION_OPT(OPT_T_FLAG, "tell-customer", &r->tell_customer,
			   NULL, NULL, "tell the customer the expected time and the message (a customer notice)"),
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Record one event on a ticket: one commit."),
		.operands = "ID", .cmds = actions, .cmd_noun = N_("action"),
		.cmd_operand = 1, .operand_noun = N_("a ticket id"), .opts = opts
	};
	struct cli cli;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	u.id = cli.operands[0];
	r->action = cli.cmd->name;
	if (update_request_check(r)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	if (r->message && !strcmp(r->message, "-")) {
		if ((rc = text_read_stdin("message", &u.message))) {
			rc = pd_die(rc);
			goto out;
		}
		r->message = u.message;
	}
	/* A customer notice is handed to the notifier after the commit. */
	if (r->tell_customer)
		pl.deliver = PIPE_DELIVER_IDS;
	rc = pipeline_run(&pl, cli.dir, &u);
out:
	free(u.message);
	cli_release(&cli);
	return rc;
}
