/*
 * cust-care: care plans for customers (客户关怀) — plan, visit, touch and
 * end (one commit each), list and show them, and the care team's to-do
 * list: follow-up calls, visits, occasions and holiday greetings due.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/care.h"
#include "plaindesk/careplan.h"
#include "plaindesk/cli.h"
#include "plaindesk/erecord.h"
#include "plaindesk/opt.h"
#include "plaindesk/out.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"

static const struct cmd cmds[] = {
	{"plan", "CUSTOMER", N_("make or change a customer's care plan"),
	 CMD_CHANGE},
	{"visit", "CUSTOMER", N_("record a visit or call to the customer"),
	 CMD_CHANGE},
	{"touch", "CUSTOMER", N_("record a greeting or gift for an occasion"),
	 CMD_CHANGE},
	{"end", "CUSTOMER", N_("end the care plan"), CMD_CHANGE},
	{"list", "", N_("list the care plans"), 0},
	{"show", "CUSTOMER", N_("show a care plan"), 0},
	{"due", "", N_("what the care team has due: follow-up calls, visits, "
	 "occasions, holiday greetings"), 0},
	{"missing", "", N_("vip and key customers without a care plan"), 0},
	{NULL, NULL, NULL, 0}
};

static const char *const formats[] = {"text", "csv", "json", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};

struct care_cli {
	struct care_request req;
	const char *action, *format, *within, *owner;
	int history, check, show_contact, raw;
	enum out_format fmt;
	struct pipeline pl;
};

static int
stage(struct pipe *p, void *arg)
{
	struct care_cli *k = arg;
	char *id = NULL, *what = NULL;
	int rc = care_stage(p->st, k->action, &k->req, p->a, p->ch, &id,
			    &what);

	if (!rc) {
		pipe_subject(p, "%s", what);
		pipe_id(p, id);
	}
	free(id);
	free(what);
	return rc;
}

/* "label: value", the value cleaned for a terminal. */
static void
show_line(struct sbuf *out, const char *label, const char *value)
{
	erecord_label(out, label);
	text_add_clean(out, value ? value : "", 1);
	sbuf_addc(out, '\n');
}

/* The plan as text: its state, then its events. */
static void
show_text(json_t *rec, struct sbuf *out)
{
	json_t *s = json_object_get(rec, "state"), *v;
	char b1[24];
	size_t i;

	sbuf_addf(out, "%s  %s  ", jstr(rec, "customer"),
		  pd_label("status", jstr(s, "status")));
	sbuf_addf(out, _("owner %s  every %s"), jstr(s, "owner"),
		  jstr(s, "every"));
	sbuf_addc(out, '\n');
	show_line(out, N_("next visit:"),
		  erecord_local(jstr(s, "next_visit_due"), b1));
	show_line(out, N_("last visit:"),
		  erecord_local(jstr(s, "last_visit_at"), b1));
	show_line(out, N_("holidays:"),
		  json_is_true(json_object_get(s, "holidays")) ? _("yes")
							       : _("no"));
	json_array_foreach(json_object_get(s, "occasions"), i, v) {
		char *o = xasprintf("%s %s", jstr(v, "date"),
				    jstr(v, "label") ? jstr(v, "label") : "");

		show_line(out, N_("occasion:"), o);
		free(o);
	}
	json_array_foreach(json_object_get(s, "goals"), i, v)
		show_line(out, N_("goal:"), json_string_value(v));
}

static int
show(struct store *st, struct care_cli *k)
{
	char *customer = NULL, *rel;
	json_t *rec;
	int rc;

	if ((rc = care_load(st, k->req.customer, &customer, &rec))) {
		free(customer);
		return rc;
	}
	rel = xasprintf("care/%s.json", customer);
	rc = erecord_show(st, rec, rel, k->history, k->fmt, k->raw, show_text);
	free(rel);
	free(customer);
	json_decref(rec);
	return rc;
}

/* due: the list up to --within from now; --check: 1 when any overdue. */
static int
due(struct store *st, struct care_cli *k, struct table *t, int *missed)
{
	time_t until = st->now;
	struct duration d;
	struct actor a = {0};
	size_t overdue;
	int rc;

	if (k->within) {
		if (duration_parse(k->within, &d) < 0)
			return pd_error(PD_EUSAGE, "invalid --within '%s' (expected e.g. 7d, 3wd)",
					k->within);
		until = calendar_add(&st->cfg.cal, st->now, &d, 0);
	}
	if (k->show_contact &&
	    ((rc = store_actor(st, NULL, &a)) ||
	     (rc = actor_contact_allowed(st, &a, NULL)))) {
		actor_release(&a);
		return rc;
	}
	actor_release(&a);
	rc = care_due(st, until, k->owner, k->show_contact, t, &overdue);
	*missed = k->check && overdue > 0;
	return rc;
}

/* list, show, due and missing: no lock, no commit. */
static int
read_store(const char *dir, struct care_cli *k)
{
	struct store st;
	struct table t;
	int rc, missed = 0;

	memset(&t, 0, sizeof(t));
	if ((rc = store_open_reading(&st, dir)))
		return pd_die(rc);
	if (!strcmp(k->action, "show")) {
		rc = show(&st, k);
	} else {
		if (!strcmp(k->action, "list"))
			rc = care_list(&st, k->owner, &t);
		else if (!strcmp(k->action, "due"))
			rc = due(&st, k, &t, &missed);
		else if (!(rc = care_missing(&st, &t)))
			missed = k->check && t.nrows > 0;
		if (!rc)
			rc = table_write(&t, k->fmt, k->raw, stdout);
		table_release(&t);
	}
	store_close(&st);
	if (rc)
		return pd_die(rc);
	return cli_finish(missed ? PD_MISSED : 0);
}

/* What the tables cannot say. */
static int
check_cli(struct care_cli *k)
{
	const struct care_request *r = &k->req;

	if (k->format && out_format_parse(k->format, &k->fmt) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected text, csv, json)",
				k->format);
	if (r->holidays && str_index(yes_no, r->holidays) < 0)
		return pd_error(PD_EUSAGE, "invalid --holidays '%s' (expected yes, no)",
				r->holidays);
	if (!strcmp(k->action, "touch") && r->occasions.n != 1)
		return pd_error(PD_EUSAGE, "touch needs one --occasion");
	if (!strcmp(k->action, "plan"))
		k->req.owner = k->owner;
	return 0;
}

#define CMD_OPT(t, n, v, a, only, need, h) \
	OPT_FULL(t, n, v, a, NULL, only, need, h)

int
main(int argc, char **argv)
{
	struct care_cli k = {.pl = {.command = "cust-care", .stage = stage}};
	struct care_request *r = &k.req;
	struct opt opts[] = {
		CMD_OPT(OPT_T_STRING, "owner", &k.owner, "STAFF",
			"plan list due", "plan",
			"who looks after the customer (list, due: whose)"),
		CMD_OPT(OPT_T_STRING, "every", &r->every, "DUR", "plan", NULL,
			"how often the customer is visited (default: care.visit_every by tier)"),
		CMD_OPT(OPT_T_LIST, "occasion", &r->occasions, "MM-DD|LABEL",
			"plan touch", "touch",
			"the customer's occasion (touch: its label or MM-DD, or a holiday's name)"),
		OPT_FULL(OPT_T_STRING, "holidays", &r->holidays, "yes|no",
			 yes_no, "plan", NULL,
			 "greetings the working day before public holidays"),
		CMD_OPT(OPT_T_LIST, "goal", &r->goals, "TEXT", "plan", NULL,
			"what the plan is for"),
		CMD_OPT(OPT_T_STRING, "channel", &r->channel, "CHANNEL",
			"visit", "visit", "how the customer was met"),
		OPT_FULL(OPT_T_STRING, "outcome", &r->outcome,
			 "done|unreachable", visit_outcomes, "visit", "visit",
			 "whether the visit took place"),
		CMD_OPT(OPT_T_STRING, "satisfaction", &r->satisfaction, "N",
			"visit", NULL, "the customer's satisfaction, 1 to 5"),
		CMD_OPT(OPT_T_STRING, "needs", &r->needs, "TEXT", "visit", NULL,
			"what the customer needs"),
		OPT_FULL(OPT_T_STRING, "what", &r->what, "greeting|gift|other",
			 touch_whats, "touch", "touch", "what was sent"),
		CMD_OPT(OPT_T_STRING, "reason", &r->reason, "TEXT", "end", "end",
			"why the plan ends"),
		CMD_OPT(OPT_T_STRING, "message", &r->message, "TEXT",
			"plan visit touch end", NULL, "a note"),
		CMD_OPT(OPT_T_FLAG, "history", &k.history, NULL, "show", NULL,
			"the commits that changed the plan"),
		CMD_OPT(OPT_T_STRING, "within", &k.within, "DUR", "due", NULL,
			"what falls due within DUR too"),
		CMD_OPT(OPT_T_FLAG, "check", &k.check, NULL, "due missing", NULL,
			"exit 1 if anything is overdue (missing: any customer)"),
		CMD_OPT(OPT_T_FLAG, "show-contact", &k.show_contact, NULL,
			"due", NULL, "the customer's e-mail and phone (contact_roles)"),
		OPT_FULL(OPT_T_STRING, "format", &k.format, "text|csv|json",
			 formats, "list show due missing", NULL, "output format"),
		CMD_OPT(OPT_T_FLAG, "raw", &k.raw, NULL, "list show due missing",
			NULL, "CSV cells as they are (no formula guard)"),
		OPT_BY(&k.pl.by),
		OPT_DRY_RUN(&k.pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Care for customers: care plans with visits, occasions and holiday greetings, and the care team's list of follow-up calls, visits and greetings due."),
		.cmds = cmds, .cmd_noun = N_("subcommand"), .opts = opts
	};
	struct cli cli;
	int rc;

	care_request_init(r);
	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	k.action = cli.cmd->name;
	if (check_cli(&k)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	if (cli.noperands)
		r->customer = cli.operands[0];
	if (!strcmp(k.action, "touch"))
		r->occasion = r->occasions.items[0];
	if (cli.cmd->flags & CMD_CHANGE)
		rc = pipeline_run(&k.pl, cli.dir, &k);
	else
		rc = read_store(cli.dir, &k);
out:
	care_request_release(r);
	cli_release(&cli);
	return rc;
}
