/*
 * mtg-minutes: record and publish the minutes of a meeting (publishing
 * tells the attendees), render them, follow up its action items and
 * remind their owners, and collect feedback.  Notices go to the
 * notifier after the commit that records them, and their deliveries
 * make a second commit.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/opt.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/services.h"
#include "plaindesk/text.h"

/* A subcommand whose notices are delivered after its commit. */
#define TELLS CMD_OWN

static const struct cmd subcommands[] = {
	{"record", "ID", N_("record the minutes: attendance, outcomes, decisions, "
	 "action items"), CMD_CHANGE},
	{"publish", "ID", N_("publish the minutes and send them to the attendees"),
	 CMD_CHANGE | TELLS},
	{"render", "ID", N_("print the minutes (Markdown: the form record reads)"),
	 0},
	{"actions", "", N_("list the action items of every meeting by due date"),
	 0},
	{"done", "ACTION-ID", N_("mark an action item done"), CMD_CHANGE},
	{"remind", "", N_("remind the owners of action items due or overdue"),
	 CMD_CHANGE | TELLS},
	{"feedback", "ID", N_("rate a meeting (an attendee, once)"), CMD_CHANGE},
	{NULL, NULL, NULL, 0}
};

static const char *const render_formats[] = {"md", "html", "text", NULL};

/* What the command line asks mtg-minutes for. */
struct minutes_cmd {
	const struct cmd *cmd;
	const char *id;			/* the operand as typed */
	struct minutes_request req;	/* record */
	const char *note, *score, *comment;	/* done, feedback */
	const char *owner, *format;	/* actions, render */
	int open, overdue;
	struct out_opts out;		/* actions: --raw, --bom, -o FILE */
	enum out_format fmt;		/* actions: --format */
	int from_checkin;		/* record: attendance from sign-ins */
};

static int
stage_record(struct pipe *p, struct minutes_cmd *mc, json_t *rec)
{
	struct strlist ids;
	int rc;

	strlist_init(&ids);
	if ((!mc->req.from_file || !(rc = minutes_request_read(&mc->req))) &&
	    (!mc->from_checkin ||
	     !(rc = service_attendance(p->st, rec, &mc->req.in))) &&
	    !(rc = meeting_record_stage(p->st, rec, &mc->req.in, p->a, p->ch,
					&ids))) {
		meeting_pipe_staged(p, rec, "record");
		for (size_t i = 0; i < ids.n; i++)
			pipe_id(p, ids.items[i]);
	}
	strlist_release(&ids);
	return rc;
}

static int
stage_publish(struct pipe *p, json_t *rec)
{
	char buf[TIME_BUFSZ];
	int rc, on_time;
	time_t due;

	if ((rc = meeting_publish_stage(p->st, rec, p->a, p->ch, &on_time,
					&due)) ||
	    (rc = meeting_minutes_notice(p->st, rec, p->a, p->ch)))
		return rc;
	meeting_pipe_staged(p, rec, "publish");
	if (!on_time)
		pipe_warn(p, "the minutes are published late (due by %s)",
			  time_format(due, buf));
	return 0;
}

static int
stage_feedback(struct pipe *p, struct minutes_cmd *mc, json_t *rec)
{
	char *end;
	long score = strtol(mc->score, &end, 10);
	int rc;

	if (*end || end == mc->score)
		return pd_error(PD_EUSAGE, "invalid score '%s' (expected 1 to 5)",
				mc->score);
	if (!(rc = meeting_feedback_stage(p->st, rec, score, mc->comment,
					  p->a, p->ch)))
		meeting_pipe_staged(p, rec, "feedback");
	return rc;
}

static int
stage_done(struct pipe *p, struct minutes_cmd *mc)
{
	char id[ID_LEN + 1], *action;
	json_t *rec = NULL;
	long n;
	int rc;

	if (!(rc = action_id_resolve(p->st, mc->id, id, &n)) &&
	    !(rc = meeting_load(p->st, id, &rec, NULL)) &&
	    !(rc = meeting_done_stage(p->st, rec, n, mc->note, p->a, p->ch))) {
		action = xasprintf("%s.%ld", id, n);
		pipe_subject(p, "%s done", action);
		pipe_id(p, action);
		free(action);
	}
	json_decref(rec);
	return rc;
}

/* remind: the reminders due now, in one commit. */
static int
stage_remind(struct pipe *p)
{
	struct reminders r;
	int rc;

	reminders_init(&r, p->st, p->a, p->ch);
	rc = meeting_remind_pass(&r);
	for (size_t i = 0; i < r.problems.n; i++)
		pipe_warn(p, "%s", r.problems.items[i]);
	pipe_subject(p, "remind %d due, %d overdue", r.due, r.overdue);
	for (size_t i = 0; i < r.changed.n; i++)
		pipe_id(p, r.changed.items[i]);
	reminders_release(&r);
	return rc;
}

static int
stage(struct pipe *p, void *arg)
{
	struct minutes_cmd *mc = arg;
	const char *sub = mc->cmd->name;
	json_t *rec;
	int rc;

	if (!strcmp(sub, "done"))
		return stage_done(p, mc);
	if (!strcmp(sub, "remind"))
		return stage_remind(p);
	if (!(rc = meeting_pipe_load(p, mc->id, &rec))) {
		if (!strcmp(sub, "record"))
			rc = stage_record(p, mc, rec);
		else if (!strcmp(sub, "publish"))
			rc = stage_publish(p, rec);
		else
			rc = stage_feedback(p, mc, rec);
	}
	json_decref(rec);
	return rc;
}

static int
run_actions(struct store *st, const struct minutes_cmd *mc)
{
	static const char *const cols[] = {
		"id", "owner", "due", "status", "done_at", "text", "expected",
		"title"
	};
	struct action_filter af = {0};
	struct table t;
	json_t *rows, *a;
	size_t i;
	int rc, bad;

	af.open = mc->open;
	af.overdue = mc->overdue;
	if (mc->owner &&
	    !(af.owner = store_lookup_id(st, REG_STAFF, mc->owner)))
		return pd_error(PD_EDATA, "unknown staff member '%s'", mc->owner);
	bad = action_list(st, &af, &rows);
	table_init(&t, 8, cols);
	json_array_foreach(rows, i, a) {
		table_add_row(&t);
		for (size_t c = 0; c < 8; c++)
			table_set(&t, c, jstr(a, cols[c]));
	}
	rc = table_write_to(&t, mc->fmt, out_opts_flags(&mc->out),
			    mc->out.path);
	table_release(&t);
	json_decref(rows);
	return rc ? rc : bad;
}

static int
run_render(struct store *st, const struct minutes_cmd *mc)
{
	static const char *const names[] = {
		"minutes.md", "minutes.html", "minutes.txt"
	};
	const char *format = mc->format ? mc->format : "md";
	int f = str_index(render_formats, format), rc;
	char id[ID_LEN + 1];
	struct sbuf out, clean;
	json_t *rec;

	if (f < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected md, html, text)",
				format);
	if ((rc = id_resolve(st, 'M', mc->id, id)) ||
	    (rc = meeting_load(st, id, &rec, NULL)))
		return rc;
	sbuf_init(&out);
	sbuf_init(&clean);
	if (!(rc = meeting_render(st, rec, names[f], &out))) {
		/* What a hand edit put in a record stays off a terminal. */
		text_add_clean(&clean, out.buf ? out.buf : "", 0);
		fwrite(clean.buf ? clean.buf : "", 1, clean.len, stdout);
	}
	sbuf_release(&clean);
	sbuf_release(&out);
	json_decref(rec);
	return rc;
}

/* render and actions: the store read. */
static int
read_store(struct store *st, void *arg)
{
	struct minutes_cmd *mc = arg;

	if (!strcmp(mc->cmd->name, "render"))
		return run_render(st, mc);
	return run_actions(st, mc);
}

/* The subcommand asked for: a change, or a reading. */
static int
run(const struct cli *cli, struct pipeline *change, struct minutes_cmd *mc)
{
	mc->cmd = cli->cmd;
	mc->id = cli->noperands ? cli->operands[0] : NULL;
	if (!(cli->cmd->flags & CMD_CHANGE))
		return pipeline_read(cli->dir, read_store, mc);
	change->deliver = cli->cmd->flags & TELLS ? PIPE_DELIVER_IDS : 0;
	return pipeline_run(change, cli->dir, mc);
}

#define REC "record"

int
main(int argc, char **argv)
{
	struct minutes_cmd mc = {0};
	struct minutes_request *r = &mc.req;
	struct pipeline change = {.command = "mtg-minutes", .stage = stage};
	struct opt opts[] = {
		OPT_FULL(OPT_T_STRING, "started", &r->started, "TIME", NULL,
			 REC, NULL, "when the meeting really started"),
		OPT_FULL(OPT_T_STRING, "ended", &r->ended, "TIME", NULL, REC,
			 NULL, "when it ended"),
		OPT_FULL(OPT_T_LIST, "present", &r->in.present, "WHO", NULL,
			 REC, NULL, "a person who was there"),
		OPT_FULL(OPT_T_LIST, "absent", &r->in.absent, "WHO", NULL,
			 REC, NULL, "a person invited who was not"),
		OPT_FULL(OPT_T_LIST, "late", &r->in.late, "WHO", NULL, REC,
			 NULL, "a person who came late"),
		OPT_FULL(OPT_T_LIST, "outcome", &r->outcomes,
			 "\"N|OUTCOME[|NOTES]\"", NULL, REC, NULL,
			 "agenda item N: achieved, partial, deferred or dropped"),
		OPT_FULL(OPT_T_LIST, "decision", &r->in.decisions, "TEXT",
			 NULL, REC, NULL, "a decision taken"),
		OPT_FULL(OPT_T_LIST, "action", &r->actions,
			 "\"TEXT|OWNER|DUE|EXPECTED\"", NULL, REC, NULL,
			 "an action item, due on a date (\\| for a bar)"),
		OPT_FULL(OPT_T_STRING, "from-file", &r->from_file, "FILE",
			 NULL, REC, NULL,
			 "the minutes from the Markdown form render writes"),
		OPT_FULL(OPT_T_FLAG, "from-checkin", &mc.from_checkin, NULL,
			 NULL, REC, NULL,
			 "present, late and absent from the sign-ins of mtg-service"),
		OPT_FULL(OPT_T_STRING, "format", &mc.format, "FORMAT",
			 render_formats, "render", NULL, "the document's format"),
		OPT_FULL(OPT_T_FLAG, "open", &mc.open, NULL, NULL, "actions",
			 NULL, "only the items not done"),
		OPT_FULL(OPT_T_FLAG, "overdue", &mc.overdue, NULL, NULL,
			 "actions", NULL, "only the items overdue now"),
		OPT_FULL(OPT_T_STRING, "owner", &mc.owner, "WHO", NULL,
			 "actions", NULL, "only the items of this person"),
		OPT_FULL(OPT_T_STRING, "format", &mc.format, "FORMAT",
			 out_format_names, "actions", NULL, "the output format"),
		OUT_OPTS(&mc.out, "actions"),
		OPT_FULL(OPT_T_STRING, "note", &mc.note, "TEXT", NULL, "done",
			 NULL, "what was done"),
		OPT_FULL(OPT_T_STRING, "score", &mc.score, "N", NULL,
			 "feedback", "feedback", "the score, 1 to 5"),
		OPT_FULL(OPT_T_STRING, "comment", &mc.comment, "TEXT", NULL,
			 "feedback", NULL, "a comment with the score"),
		OPT_BY(&change.by),
		OPT_DRY_RUN(&change.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Record and publish the minutes of a meeting, follow up its action items."),
		.cmds = subcommands, .cmd_noun = N_("subcommand"),
		.operand_noun = N_("a meeting id"), .opts = opts
	};
	struct cli cli;
	int rc;

	minutes_request_init(r);
	if ((rc = opt_parse(&prog, argc, argv, &cli)) == OPT_GO) {
		if ((!strcmp(cli.cmd->name, "record") &&
		     minutes_request_check(r)) ||
		    (!strcmp(cli.cmd->name, "actions") &&
		     out_opts_format(&mc.out, mc.format, &mc.fmt)))
			rc = opt_usage_error(&prog);
		else
			rc = run(&cli, &change, &mc);
	}
	cli_release(&cli);
	minutes_request_release(r);
	return rc;
}
