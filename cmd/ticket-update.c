/*
 * ticket-update: record one event on a ticket (ack, assign, note, cause,
 * plan, approve-plan, resolve, close, reopen, pause, resume), one commit
 * per call.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/lifecycle.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/text.h"

static const struct cmd actions[] = {
	{"ack", "", "acknowledge the ticket (the first response)", CMD_CHANGE},
	{"assign", "", "hand the ticket to another staff member", CMD_CHANGE},
	{"note", "", "add a note to the ticket", CMD_CHANGE},
	{"cause", "", "record the cause found", CMD_CHANGE},
	{"plan", "", "propose a solution with an owner and a due time",
	 CMD_CHANGE},
	{"approve-plan", "", "approve the proposed plan (a manager)",
	 CMD_CHANGE},
	{"resolve", "", "record the solution: the ticket is resolved",
	 CMD_CHANGE},
	{"close", "", "close with the customer's satisfaction", CMD_CHANGE},
	{"reopen", "", "reopen a resolved or closed ticket", CMD_CHANGE},
	{"pause", "", "stop the SLA clock (waiting for the customer)",
	 CMD_CHANGE},
	{"resume", "", "start the SLA clock again", CMD_CHANGE},
	{NULL, NULL, NULL, 0}
};

static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const one_to_five[] = {"1", "2", "3", "4", "5", NULL};

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
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = "Record one event on a ticket: one commit.",
		.operands = "ID", .cmds = actions, .cmd_noun = "action",
		.cmd_operand = 1, .operand_noun = "a ticket id", .opts = opts
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
	rc = pipeline_run(&pl, cli.dir, &u);
out:
	free(u.message);
	cli_release(&cli);
	return rc;
}
