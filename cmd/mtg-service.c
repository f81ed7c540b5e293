/*
 * mtg-service: the 会务 service job around a meeting (DESIGN §8): the
 * team and checklist (plan), tasks, inspection, materials, sign-in, the
 * budget, incidents, status and due lists, the summary and the
 * documents.  Each change is one commit of the meeting's record.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/meetings.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/services.h"

static const struct cmd commands[] = {
	{"plan", "ID", N_("form the team and lay out the checklist for the meeting's type"),
	 CMD_CHANGE},
	{"task", "ID KEY", N_("mark a task done, failed or skipped, or give it an owner or a note"),
	 CMD_CHANGE},
	{"add-task", "ID", N_("add a task of your own to a group"), CMD_CHANGE},
	{"inspect", "ID", N_("the host's leader inspects the preparations (lists what is open)"),
	 CMD_CHANGE},
	{"material", "ID", N_("list materials, count them out and back"), CMD_CHANGE},
	{"checkin", "ID [WHO]", N_("sign in an attendee or a guest"), CMD_CHANGE},
	{"budget", "ID", N_("show the budget, or add, revise, spend and approve"),
	 CMD_CHANGE},
	{"incident", "ID", N_("record a fault during the meeting, or its resolution"),
	 CMD_CHANGE},
	{"status", "ID", N_("tasks and their states, materials, budget and sign-in"), 0},
	{"due", "", N_("tasks due soon or overdue across meetings"), 0},
	{"summary", "ID", N_("the summary's figures, or add lessons and publish it"),
	 CMD_CHANGE},
	{"render", "ID", N_("the plan, a group's task sheet or the summary as a document"),
	 0},
	{NULL, NULL, NULL, 0}
};

static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const from_values[] = {"start", "end", NULL};
static const char *const parts[] = {"plan", "sheet", "summary", NULL};
static const char *const list_formats[] = {"text", "csv", "json", NULL};
static const char *const doc_formats[] = {"md", "html", "text", NULL};

/* What main gathers for the change or the reading. */
struct service_cli {
	const char *dir, *id;
	struct service_request r;
	const char *within, *part, *format;
	int check, raw;
	struct pipeline pl;
	struct strlist say;	/* printed after the change */
};

static int
stage(struct pipe *p, void *arg)
{
	struct service_cli *s = arg;
	char id[ID_LEN + 1], *subject = NULL;
	int rc;

	if ((rc = id_resolve(p->st, 'M', s->id, id)))
		return rc;
	rc = service_stage(p->st, id, &s->r, p->a, p->ch, &subject, &s->say);
	if (!rc) {
		pipe_subject(p, "%s", subject);
		pipe_id(p, id);
	}
	free(subject);
	return rc;
}

/* A change: the pipeline prints the id, then what the change says. */
static int
change(struct service_cli *s)
{
	struct store st;
	int rc;

	if (!(rc = store_open(&st, s->dir)) &&
	    !(rc = pipeline_change(&s->pl, &st, s)))
		for (size_t i = 0; i < s->say.n; i++)
			puts(s->say.items[i]);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

/* --format: one of the command's formats, else a usage error. */
static int
view_format(struct service_cli *s, struct service_view *v)
{
	const char *f = s->format ? s->format : "text";

	if (!strcmp(s->r.command, "render"))
		return str_index(doc_formats, f) < 0 ?
		       pd_error(PD_EUSAGE, "unknown format '%s' (expected %s)",
				f, str_join_list(doc_formats)) : 0;
	if (out_format_parse(f, &v->format) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected %s)", f,
				str_join_list(list_formats));
	return 0;
}

/* --within DUR as seconds from now (default 24h). */
static int
view_within(struct store *st, const char *within, struct service_view *v)
{
	struct duration d = {DUR_MINUTES, 24 * 60};

	if (within && duration_parse(within, &d) < 0)
		return pd_error(PD_EUSAGE, "invalid --within '%s' (expected e.g. 24h, 3d, 2wd)",
				within);
	v->within = (long long)(calendar_add(&st->cfg.cal, st->now, &d, 0) -
				st->now);
	return 0;
}

/* The reading of one meeting: status, budget, summary, render. */
static int
show_meeting(struct store *st, struct service_cli *s,
	     const struct service_view *v, int *missed)
{
	const char *c = s->r.command;
	char id[ID_LEN + 1];
	json_t *rec = NULL;
	int rc;

	if ((rc = id_resolve(st, 'M', s->id, id)) ||
	    (rc = service_load(st, id, &rec)))
		return rc;
	if (!strcmp(c, "status")) {
		long problems;

		rc = service_status(st, rec, v, stdout, &problems);
		*missed = problems > 0;
	} else if (!strcmp(c, "budget")) {
		struct budget_check bc;

		rc = service_budget(st, rec, v, stdout, &bc);
		*missed = bc.lines_over || bc.total_over || bc.over_approved;
	} else if (!strcmp(c, "summary")) {
		rc = service_summary_write(st, rec, v, stdout);
	} else {
		struct sbuf out;

		sbuf_init(&out);
		if (!(rc = service_render(st, rec, s->part, s->format ?
					  s->format : "text", v->group, &out)))
			fwrite(out.buf, 1, out.len, stdout);
		sbuf_release(&out);
	}
	json_decref(rec);
	return rc;
}

/* A reading: nothing is locked or written; --check may exit 1. */
static int
show(struct service_cli *s)
{
	struct service_view v = {OUT_TEXT, s->raw, NULL, NULL, 0};
	struct store st;
	char *owner = NULL;
	int rc, missed = 0;

	if (s->r.group && str_index(service_groups, s->r.group) < 0)
		return pd_fail(PD_EUSAGE, "unknown group '%s' (expected %s)",
			       s->r.group, pd_label_join("group", service_groups));
	v.group = s->r.group;
	if ((rc = store_open_reading(&st, s->dir)))
		goto out;
	if (!strcmp(s->r.command, "due")) {
		if (!(rc = view_within(&st, s->within, &v)) && s->r.owner &&
		    !(rc = meeting_staff_id(&st, s->r.owner, "--owner", 0,
					    &owner)))
			v.owner = owner;
		if (!rc && !(rc = view_format(s, &v))) {
			long late;

			rc = service_due(&st, &v, stdout, &late);
			missed = late > 0;
		}
	} else if (!(rc = view_format(s, &v))) {
		rc = show_meeting(&st, s, &v, &missed);
	}
out:
	store_close(&st);
	free(owner);
	if (rc)
		return pd_die(rc);
	rc = cli_finish(0);
	return rc ? rc : s->check && missed ? PD_MISSED : 0;
}

/* Checks before the store is opened; 0 or a usage error recorded. */
static int
check_request(struct service_cli *s, struct cli *cli)
{
	struct service_request *r = &s->r;
	const char *c = r->command;

	s->id = cli->noperands > 0 ? cli->operands[0] : NULL;
	if (!strcmp(c, "task"))
		r->key = cli->operands[1];
	if (!strcmp(c, "checkin") && cli->noperands > 1)
		r->who = cli->operands[1];
	if (strcmp(c, "plan") && r->groups.n > 1)
		return pd_error(PD_EUSAGE, "%s takes one --group", c);
	if (strcmp(c, "plan") && r->groups.n == 1)
		r->group = r->groups.items[0];
	if (!strcmp(c, "render") &&
	    !strcmp(s->part, "sheet") != (r->group != NULL))
		return pd_error(PD_EUSAGE, "--group goes with --part sheet (and it needs one)");
	if (s->check && service_request_changes(r) &&
	    (!strcmp(c, "budget") || !strcmp(c, "summary")))
		return pd_error(PD_EUSAGE, "--check only looks: give it without changes");
	if (s->format && (!strcmp(c, "budget") || !strcmp(c, "summary")) &&
	    service_request_changes(r))
		return pd_error(PD_EUSAGE, "--format is for showing: give it without changes");
	return service_request_check(r);
}

#define ONLY(t, n, v, a, vals, only, need, h) \
	OPT_FULL(t, n, v, a, vals, only, need, h)

/* The command line fills these; the tables point into them. */
static struct service_cli s_cli;

static struct opt opts[] = {
	ONLY(OPT_T_STRING, "lead", &s_cli.r.lead, "STAFF", NULL, "plan", "plan",
	     "the lead of the 会务 team (an active staff member)"),
	ONLY(OPT_T_LIST, "group", &s_cli.r.groups, "GROUP[=STAFF]", NULL,
	     "plan add-task status due render", "add-task",
	     "plan: a group and its lead (secretariat, logistics, transport; the rest are led by the lead); others: the group"),
	ONLY(OPT_T_STRING, "host", &s_cli.r.host, "TEXT", NULL, "plan", NULL,
	     "the host department (主办部门)"),
	ONLY(OPT_T_STRING, "headcount", &s_cli.r.headcount, "N", NULL, "plan",
	     NULL, "how many people are expected"),
	ONLY(OPT_T_STRING, "guests", &s_cli.r.guests, "yes|no", yes_no, "plan",
	     NULL, "are there outside guests"),
	ONLY(OPT_T_STRING, "lodging", &s_cli.r.lodging, "yes|no", yes_no, "plan",
	     NULL, "do guests need lodging"),
	ONLY(OPT_T_FLAG, "done", &s_cli.r.done, NULL, NULL, "task", NULL,
	     "the task is done"),
	ONLY(OPT_T_FLAG, "failed", &s_cli.r.failed, NULL, NULL, "task", NULL,
	     "the task was tried and failed (with --note)"),
	ONLY(OPT_T_FLAG, "skip", &s_cli.r.skip, NULL, NULL, "task", NULL,
	     "the task is not needed (with --reason; a required one needs the inspector role)"),
	ONLY(OPT_T_STRING, "at", &s_cli.r.at, "TIME", NULL,
	     "task checkin incident", NULL,
	     "when it happened, if not now"),
	ONLY(OPT_T_STRING, "note", &s_cli.r.note, "TEXT", NULL, "task", NULL,
	     "a note on the task"),
	ONLY(OPT_T_STRING, "reason", &s_cli.r.reason, "TEXT", NULL, "task",
	     NULL, "why the task is skipped"),
	ONLY(OPT_T_STRING, "owner", &s_cli.r.owner, "STAFF", NULL,
	     "task add-task due", NULL,
	     "who does the task (due: only this owner's)"),
	ONLY(OPT_T_STRING, "text", &s_cli.r.text, "TEXT", NULL,
	     "add-task incident", "add-task", "what the task or incident is"),
	ONLY(OPT_T_STRING, "due", &s_cli.r.due, "TIME", NULL, "add-task", NULL,
	     "when the task is due"),
	ONLY(OPT_T_STRING, "offset", &s_cli.r.offset, "DUR", NULL, "add-task",
	     NULL, "due this long before (-) or after the start or end: -2wd, -1h, +30m"),
	ONLY(OPT_T_STRING, "from", &s_cli.r.from, "start|end", from_values,
	     "add-task", NULL, "what --offset counts from (default: start)"),
	ONLY(OPT_T_FLAG, "required", &s_cli.r.required, NULL, NULL, "add-task",
	     NULL, "the task is required"),
	ONLY(OPT_T_LIST, "add", &s_cli.r.add, "ITEM|QTY|PLACE", NULL,
	     "material", NULL, "a material item, how many and where it goes"),
	ONLY(OPT_T_LIST, "prepared", &s_cli.r.prepared, "N|QTY", NULL,
	     "material", NULL, "how many of item N were prepared"),
	ONLY(OPT_T_LIST, "returned", &s_cli.r.returned, "N|QTY", NULL,
	     "material", NULL, "how many of item N came back"),
	ONLY(OPT_T_STRING, "guest", &s_cli.r.guest, "NAME|ORG", NULL, "checkin",
	     NULL, "sign in a guest"),
	ONLY(OPT_T_LIST, "line", &s_cli.r.lines, "CATEGORY|ITEM|PLANNED", NULL,
	     "budget", NULL, "a budget line (amounts like 1200.50)"),
	ONLY(OPT_T_LIST, "revise", &s_cli.r.revise, "N|PLANNED", NULL, "budget",
	     NULL, "a new planned amount for line N (the original is kept)"),
	ONLY(OPT_T_LIST, "actual", &s_cli.r.actual, "N|AMOUNT", NULL, "budget",
	     NULL, "what line N cost"),
	ONLY(OPT_T_FLAG, "approve", &s_cli.r.approve, NULL, NULL, "budget", NULL,
	     "approve the planned total (event.budget_approver_role)"),
	ONLY(OPT_T_STRING, "resolve", &s_cli.r.resolve, "N", NULL, "incident",
	     NULL, "incident N is resolved"),
	ONLY(OPT_T_FLAG, "resolved", &s_cli.r.resolved, NULL, NULL, "incident",
	     NULL, "the new incident is resolved already"),
	ONLY(OPT_T_LIST, "lesson", &s_cli.r.lessons, "TEXT", NULL, "summary",
	     NULL, "a lesson learned"),
	ONLY(OPT_T_FLAG, "publish", &s_cli.r.publish, NULL, NULL, "summary",
	     NULL, "publish the summary (after the meeting)"),
	ONLY(OPT_T_STRING, "within", &s_cli.within, "DUR", NULL, "due", NULL,
	     "due within this long from now (default 24h)"),
	ONLY(OPT_T_STRING, "part", &s_cli.part, "PART", parts, "render",
	     "render", "which document"),
	ONLY(OPT_T_STRING, "format", &s_cli.format, "FORMAT", NULL,
	     "status due budget summary render", NULL,
	     "text, csv or json (render: md, html or text)"),
	ONLY(OPT_T_FLAG, "raw", &s_cli.raw, NULL, NULL,
	     "status due budget summary", NULL,
	     "CSV cells as they are (no formula guard)"),
	ONLY(OPT_T_FLAG, "check", &s_cli.check, NULL, NULL,
	     "status due budget", NULL,
	     "exit 1 when a required task is late, missed or overdue, or the budget is overspent"),
	OPT_BY(&s_cli.pl.by),
	OPT_DRY_RUN(&s_cli.pl.dry_run),
	OPT_END
};

static struct program prog = {
	.summary = N_("Run the 会务 service job of a meeting: team, checklist, tasks, inspection, materials, sign-in, budget, incidents and summary."),
	.cmds = commands, .cmd_noun = N_("subcommand"),
	.operand_noun = N_("a meeting id"), .opts = opts
};

int
main(int argc, char **argv)
{
	struct service_request *r = &s_cli.r;
	struct cli cli;
	int rc;

	service_request_init(r);
	strlist_init(&s_cli.say);
	s_cli.pl.command = "mtg-service";
	s_cli.pl.stage = stage;
	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	s_cli.dir = cli.dir;
	r->command = cli.cmd->name;
	if (check_request(&s_cli, &cli)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	rc = (cli.cmd->flags & CMD_CHANGE) && service_request_changes(r) ?
	     change(&s_cli) : show(&s_cli);
out:
	service_request_release(r);
	strlist_release(&s_cli.say);
	cli_release(&cli);
	return rc;
}
