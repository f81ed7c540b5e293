/*
 * mtg-plan: plan meetings (new, update), approve or reject ad-hoc ones,
 * send the agenda and the calendar invitation, cancel, list and show.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/audit.h"
#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/opt.h"
#include "plaindesk/storefs.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/ticket.h"

static const struct cmd subcommands[] = {
	{"new", "", N_("plan a meeting; an ad-hoc one waits for approval"),
	 CMD_CHANGE},
	{"update", "ID", N_("change a pending or planned meeting"), CMD_CHANGE},
	{"approve", "ID", N_("approve a pending ad-hoc meeting"), CMD_CHANGE},
	{"reject", "ID", N_("reject a pending ad-hoc meeting: it is cancelled"),
	 CMD_CHANGE},
	{"send", "ID", N_("record that the agenda went out; write the agenda and "
	 "the invitation"), CMD_CHANGE},
	{"cancel", "ID", N_("cancel a pending or planned meeting"), CMD_CHANGE},
	{"list", "", N_("list meetings in order of their start"), 0},
	{"show", "ID", N_("show one meeting"), 0},
	{NULL, NULL, NULL, 0}
};

static const char *const show_formats[] = {"text", "json", NULL};

/* What the command line asks mtg-plan for. */
struct plan {
	const struct cmd *cmd;
	const char *id;			/* the ID operand as typed */
	struct plan_request req;	/* new, update; reject and cancel */
	const char *ics, *agenda_file;	/* send, cancel */
	const char *from, *to, *status, *room, *who;	/* list */
	const char *format;
	int history;			/* show */
	int show_contact;		/* show */
	struct out_opts out;		/* list: --raw, --bom, -o FILE */
	enum out_format fmt;		/* list: --format */
};

static int
stage_new(struct pipe *p, struct plan *pl)
{
	char id[ID_LEN + 1], *subject, *conflict;
	int rc;

	rc = meeting_new_stage(p->st, &pl->req, p->a, p->ch, id, &subject,
			       &conflict);
	if (!rc) {
		pipe_subject(p, "%s", subject);
		pipe_id(p, id);
		if (conflict)
			pipe_warn(p, "planned despite: %s", conflict);
	}
	free(subject);
	free(conflict);
	return rc;
}

/* update, approve, reject, send, cancel: one meeting's event. */
static int
stage_event(struct pipe *p, struct plan *pl, json_t *rec)
{
	const char *sub = pl->cmd->name;
	char *subject = NULL, *conflict = NULL, buf[TIME_BUFSZ];
	int rc, on_time = 1;
	time_t due = 0;

	if (!strcmp(sub, "update"))
		rc = meeting_update_stage(p->st, rec, &pl->req, p->a, p->ch,
					  &subject, &conflict);
	else if (!strcmp(sub, "approve"))
		rc = meeting_approve_stage(p->st, rec, p->a, p->ch);
	else if (!strcmp(sub, "reject"))
		rc = meeting_reject_stage(p->st, rec, pl->req.reason, p->a,
					  p->ch);
	else if (!strcmp(sub, "send"))
		rc = meeting_send_stage(p->st, rec, p->a, p->ch, &on_time,
					&due);
	else
		rc = meeting_cancel_stage(p->st, rec, pl->req.reason, p->a,
					  p->ch);
	if (!rc && subject) {
		pipe_subject(p, "%s", subject);
		pipe_id(p, jstr(rec, "id"));
	} else if (!rc) {
		meeting_pipe_staged(p, rec, sub);
	}
	if (!rc && conflict)
		pipe_warn(p, "planned despite: %s", conflict);
	if (!rc && !on_time)
		pipe_warn(p, "the agenda is late (due by %s)",
			  time_format(due, buf));
	free(subject);
	free(conflict);
	return rc;
}

static int
stage(struct pipe *p, void *arg)
{
	struct plan *pl = arg;
	json_t *rec;
	int rc;

	if (!strcmp(pl->cmd->name, "new"))
		return stage_new(p, pl);
	if (!(rc = meeting_pipe_load(p, pl->id, &rec)) &&
	    !(rc = stage_event(p, pl, rec)))
		rc = meeting_pipe_documents(p, rec,
					    !strcmp(pl->cmd->name, "cancel"),
					    pl->ics, pl->agenda_file);
	json_decref(rec);
	return rc;
}

/* The filter list asks for, checked and resolved. */
static int
list_filter(struct store *st, const struct plan *pl,
	    struct meeting_filter *mf)
{
	memset(mf, 0, sizeof(*mf));
	if (pl->from && time_parse(pl->from, &mf->from) < 0)
		return pd_error(PD_EUSAGE, "invalid time '%s' for --from",
				pl->from);
	if (pl->to && time_parse(pl->to, &mf->to) < 0)
		return pd_error(PD_EUSAGE, "invalid time '%s' for --to", pl->to);
	if (pl->status && enum_check(meeting_statuses, "status", pl->status))
		return PD_EUSAGE;
	mf->status = pl->status;
	if (pl->room && !(mf->room = store_lookup_id(st, REG_ROOMS, pl->room)))
		return pd_error(PD_EDATA, "unknown room '%s'", pl->room);
	if (pl->who && !(mf->who = store_lookup_id(st, REG_STAFF, pl->who)))
		return pd_error(PD_EDATA, "unknown staff member '%s'", pl->who);
	return 0;
}

static int
run_list(struct store *st, const struct plan *pl)
{
	static const char *const cols[] = {
		"id", "start", "duration_min", "type", "status", "room",
		"organizer", "title"
	};
	struct meeting_filter mf;
	struct table t;
	json_t *rows, *r;
	size_t i;
	int rc, bad;

	if ((rc = list_filter(st, pl, &mf)))
		return rc;
	bad = meeting_list(st, &mf, &rows);
	table_init(&t, 8, cols);
	json_array_foreach(rows, i, r) {
		char dur[32];

		table_add_row(&t);
		table_set(&t, 0, jstr(r, "id"));
		table_set(&t, 1, jstr(r, "start"));
		snprintf(dur, sizeof(dur), "%lld", jint(r, "duration_min", 0));
		table_set(&t, 2, dur);
		table_set_json(&t, 2, json_integer(jint(r, "duration_min", 0)));
		table_set(&t, 3, jstr(r, "type"));
		table_set(&t, 4, jstr(json_object_get(r, "state"), "status"));
		table_set(&t, 5, jstr(r, "room"));
		table_set(&t, 6, jstr(r, "organizer"));
		table_set(&t, 7, jstr(r, "title"));
	}
	table_set_label(&t, 2, pd_lang_zh() ? pd_label("column", "min") : "MIN");
	rc = table_write_to(&t, pl->fmt, out_opts_flags(&pl->out),
			    pl->out.path);
	table_release(&t);
	json_decref(rows);
	return rc ? rc : bad;
}

/* show: the meeting as text, or as stored; with --history the commits
 * that changed it, after the text or with the record in JSON. */
static int
run_show(struct store *st, const struct plan *pl)
{
	char id[ID_LEN + 1], *rel, *data;
	int json = pl->format && !strcmp(pl->format, "json");
	struct sbuf out;
	json_t *rec;
	size_t len;
	int rc;

	if (pl->format && str_index(show_formats, pl->format) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected text, json)",
				pl->format);
	if ((rc = id_resolve(st, 'M', pl->id, id)) ||
	    (pl->show_contact && (rc = store_contact_allowed(st, NULL))))
		return rc;
	rel = id_relpath(id);
	if (json && !pl->history) {
		/* The record exactly as stored. */
		if (!(rc = storefs_read(st->root, rel, &data, &len))) {
			fwrite(data, 1, len, stdout);
			free(data);
		}
	} else if (!(rc = meeting_load(st, id, &rec, NULL))) {
		sbuf_init(&out);
		if (!json)
			meeting_describe(st, rec, pl->show_contact, &out);
		if (pl->history)
			rc = audit_show_history(st, rel, rec, json, &out);
		if (!rc)
			fwrite(out.buf, 1, out.len, stdout);
		sbuf_release(&out);
		json_decref(rec);
	}
	free(rel);
	return rc;
}

/* list and show: the store read. */
static int
read_store(struct store *st, void *arg)
{
	struct plan *pl = arg;

	if (!strcmp(pl->cmd->name, "list"))
		return run_list(st, pl);
	return run_show(st, pl);
}

#define NEW "new"
#define PLANNING "new update"

/* What a run was asked, and the change it makes: the option table below
 * fills them in. */
static struct plan asked;
static struct pipeline plan_change = {.command = "mtg-plan", .stage = stage};

static struct opt opts[] = {
	OPT_FULL(OPT_T_STRING, "type", &asked.req.type, "TYPE", meeting_types,
	       PLANNING, NEW, "the kind of meeting"),
	OPT_FULL(OPT_T_STRING, "title", &asked.req.title, "TEXT", NULL,
	       PLANNING, NEW, "the title: one line, at most 200 characters"),
	OPT_FULL(OPT_T_STRING, "start", &asked.req.start, "TIME", NULL,
	       PLANNING, NEW, "when it starts (YYYY-MM-DD HH:MM, or RFC 3339)"),
	OPT_FULL(OPT_T_STRING, "duration", &asked.req.duration, "DUR", NULL,
	       PLANNING, NEW, "how long: minutes, or 90m, 1h30m"),
	OPT_FULL(OPT_T_STRING, "room", &asked.req.room, "ROOM", NULL,
	       PLANNING, NEW, "the room (id or name)"),
	OPT_FULL(OPT_T_STRING, "organizer", &asked.req.organizer, "WHO", NULL,
	       PLANNING, NULL, "the organizer (default: the actor)"),
	OPT_FULL(OPT_T_LIST, "attendee", &asked.req.required, "WHO", NULL,
	       PLANNING, NULL, "a required attendee"),
	OPT_FULL(OPT_T_LIST, "optional", &asked.req.optional, "WHO", NULL,
	       PLANNING, NULL, "an optional attendee"),
	OPT_FULL(OPT_T_LIST, "agenda", &asked.req.agenda,
	       "\"TOPIC|MINUTES|OWNER|GOAL\"", NULL, PLANNING, NULL,
	       "an agenda item; GOAL is decision, consensus or inform"),
	OPT_FULL(OPT_T_LIST, "material", &asked.req.materials, "PATH|URL", NULL,
	       PLANNING, NULL, "a document for the meeting"),
	OPT_FULL(OPT_T_FLAG, "ad-hoc", &asked.req.ad_hoc, NULL, NULL, NEW, NULL,
	       "an ad-hoc meeting (needs --reason; waits for approval)"),
	OPT_FULL(OPT_T_STRING, "reason", &asked.req.reason, "TEXT", NULL,
	       "new reject cancel", "cancel", "why it is urgent, rejected or cancelled"),
	OPT_FULL(OPT_T_FLAG, "allow-conflict", &asked.req.allow_conflict, NULL,
	       NULL, PLANNING, NULL,
	       "plan it despite double booking, a full room or a long agenda"),
	OPT_FULL(OPT_T_STRING, "agenda", &asked.agenda_file, "FILE", NULL,
	       "send", NULL, "write the agenda (.html: HTML, else Markdown)"),
	OPT_FULL(OPT_T_STRING, "ics", &asked.ics, "FILE", NULL,
	       "send cancel", NULL, "write the calendar message"),
	OPT_FULL(OPT_T_STRING, "from", &asked.from, "TIME", NULL, "list",
	       NULL, "meetings starting at or after TIME"),
	OPT_FULL(OPT_T_STRING, "to", &asked.to, "TIME", NULL, "list", NULL,
	       "meetings starting before TIME"),
	OPT_FULL(OPT_T_STRING, "status", &asked.status, "STATUS",
	       meeting_statuses, "list", NULL, "meetings in this status"),
	OPT_FULL(OPT_T_STRING, "room", &asked.room, "ROOM", NULL, "list",
	       NULL, "meetings in this room"),
	OPT_FULL(OPT_T_STRING, "attendee", &asked.who, "WHO", NULL, "list",
	       NULL, "meetings this person organizes or attends"),
	OPT_FULL(OPT_T_STRING, "format", &asked.format, "FORMAT",
	       out_format_names, "list", NULL, "the output format"),
	OPT_FULL(OPT_T_STRING, "format", &asked.format, "FORMAT",
	       show_formats, "show", NULL, "json: the record exactly as stored"),
	OPT_FULL(OPT_T_FLAG, "history", &asked.history, NULL, NULL, "show",
	       NULL, "add every commit that changed the meeting, newest first"),
	OPT_FULL(OPT_T_FLAG, "show-contact", &asked.show_contact, NULL,
	       NULL, "show", NULL,
	       "show the organizer's and attendees' e-mail addresses (needs a role of contact_roles)"),
	OUT_OPTS(&asked.out, "list"),
	OPT_BY(&plan_change.by),
	OPT_DRY_RUN(&plan_change.dry_run),
	OPT_END
};

int
main(int argc, char **argv)
{
	struct plan_request *r = &asked.req;
	struct program prog = {
		.summary = N_("Plan meetings, approve ad-hoc ones, send agendas and invitations."),
		.cmds = subcommands, .cmd_noun = N_("subcommand"),
		.operand_noun = N_("a meeting id"), .opts = opts
	};
	struct cli cli;
	int rc;

	plan_request_init(r);
	if ((rc = opt_parse(&prog, argc, argv, &cli)) == OPT_GO) {
		asked.cmd = cli.cmd;
		asked.id = cli.noperands ? cli.operands[0] : NULL;
		if (!strcmp(cli.cmd->name, "list") &&
		    out_opts_format(&asked.out, asked.format, &asked.fmt))
			rc = opt_usage_error(&prog);
		else
			rc = cli.cmd->flags & CMD_CHANGE ?
		     pipeline_run(&plan_change, cli.dir, &asked) :
		     pipeline_read(cli.dir, read_store, &asked);
	}
	cli_release(&cli);
	plan_request_release(r);
	return rc;
}
