/*
 * kb: the knowledge base (客户知识库): write articles by hand or from a
 * solved ticket, revise, publish, review and retire them (one commit
 * each), list, show and search them.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/erecord.h"
#include "plaindesk/kb.h"
#include "plaindesk/opt.h"
#include "plaindesk/out.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"

static const struct cmd cmds[] = {
	{"new", "", N_("write a draft article, by hand or from a solved ticket"),
	 CMD_CHANGE},
	{"revise", "ID", N_("change an article's text, tags, kinds, categories "
	 "or causes"), CMD_CHANGE},
	{"publish", "ID", N_("publish an article (kb.publisher_role)"),
	 CMD_CHANGE},
	{"review", "ID", N_("record that a published article was reviewed "
	 "(kb.publisher_role)"), CMD_CHANGE},
	{"retire", "ID", N_("retire an article (kb.publisher_role)"), CMD_CHANGE},
	{"list", "", N_("list the articles"), 0},
	{"show", "ID", N_("show an article"), 0},
	{"search", "[QUERY]...", N_("find articles for words or for a ticket"), 0},
	{NULL, NULL, NULL, 0}
};

static const char *const formats[] = {"text", "csv", "json", NULL};

struct kb_cli {
	struct kb_request req;
	const char *action, *id, *format, *ticket, *limit;
	int stale, history, all, raw;
	enum out_format fmt;
	char *query;
};

static int
stage(struct pipe *p, void *arg)
{
	struct kb_cli *k = arg;
	char id[ID_LEN + 1], *what = NULL;
	int rc;

	if (!strcmp(k->action, "new"))
		rc = kb_new_stage(p->st, &k->req, p->a, p->ch, id, &what);
	else
		rc = kb_action_stage(p->st, k->id, k->action, &k->req, p->a,
				     p->ch, id, &what);
	if (!rc) {
		pipe_subject(p, "%s", what);
		pipe_id(p, id);
	}
	free(what);
	return rc;
}

/* A list field of the show: its values, by display name for enums. */
static void
show_list(struct sbuf *out, json_t *s, const char *field, const char *label,
	  const char *context)
{
	json_t *v;
	size_t i;

	erecord_label(out, label);
	json_array_foreach(json_object_get(s, field), i, v) {
		sbuf_adds(out, i ? "; " : "");
		text_add_clean(out, context ? pd_label(context,
			json_string_value(v)) : json_string_value(v), 1);
	}
	sbuf_addc(out, '\n');
}

/* The article as text: its fields, then its events. */
static void
show_text(json_t *rec, struct sbuf *out)
{
	json_t *s = json_object_get(rec, "state");
	char b[24];

	sbuf_addf(out, "%s  %s  ", jstr(rec, "id"),
		  pd_label("status", jstr(s, "status")));
	sbuf_addf(out, _("version %lld"), jint(s, "version", 0));
	sbuf_addc(out, '\n');
	erecord_label(out, N_("title:"));
	text_add_clean(out, jstr(s, "title"), 1);
	sbuf_addc(out, '\n');
	erecord_label(out, N_("published:"));
	sbuf_addf(out, "%s\n", erecord_local(jstr(s, "published_at"), b));
	erecord_label(out, N_("review due:"));
	sbuf_addf(out, "%s\n", erecord_local(jstr(s, "review_due"), b));
	show_list(out, s, "tags", N_("tags"), NULL);
	show_list(out, s, "kinds", N_("kinds"), "kind");
	show_list(out, s, "categories", N_("categories"), "category");
	show_list(out, s, "causes", N_("causes"), NULL);
	show_list(out, s, "source_tickets", N_("source_tickets"), NULL);
	sbuf_addf(out, "\n%s\n", _("problem:"));
	text_add_clean(out, jstr(s, "problem"), 0);
	sbuf_addf(out, "\n\n%s\n", _("solution:"));
	text_add_clean(out, jstr(s, "solution"), 0);
	sbuf_addc(out, '\n');
}

static int
show(struct store *st, struct kb_cli *k)
{
	char id[ID_LEN + 1], *rel;
	json_t *rec;
	int rc;

	if ((rc = kb_load(st, k->id, id, &rec)))
		return rc;
	rel = id_relpath(id);
	rc = erecord_show(st, rec, rel, k->history, k->fmt, k->raw, show_text);
	free(rel);
	json_decref(rec);
	return rc;
}

/* list, show and search: no lock, no commit. */
static int
read_store(const char *dir, const char *cmd, struct kb_cli *k)
{
	struct store st;
	struct table t;
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = store_open_reading(&st, dir)))
		return pd_die(rc);
	if (!strcmp(cmd, "show")) {
		rc = show(&st, k);
	} else {
		if (!strcmp(cmd, "list"))
			rc = kb_list(&st, k->stale, &t);
		else
			rc = kb_search(&st, k->query, k->ticket, k->all,
				       k->limit ? strtoul(k->limit, NULL, 10)
						: 10, &t);
		if (!rc)
			rc = table_write(&t, k->fmt, k->raw, stdout);
		table_release(&t);
	}
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

/* What the tables cannot say: the search's words or ticket, a limit. */
static int
check_cli(struct kb_cli *k, const struct cli *cli)
{
	const char *name = cli->cmd->name;

	if (k->format && out_format_parse(k->format, &k->fmt) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected text, csv, json)",
				k->format);
	if (!strcmp(name, "search")) {
		char *end;
		long n = k->limit ? strtol(k->limit, &end, 10) : 10;

		if (!!cli->noperands == !!k->ticket)
			return pd_error(PD_EUSAGE, "search needs words or --ticket ID (not both)");
		if (k->limit && (*end || n < 1 || n > 1000))
			return pd_error(PD_EUSAGE, "invalid --limit '%s' (expected 1 to 1000)",
					k->limit);
	}
	if (!strcmp(name, "new") && !k->req.from_ticket &&
	    (!k->req.title || !k->req.problem || !k->req.solution))
		return pd_error(PD_EUSAGE, "new needs --title, --problem and --solution, or --from-ticket");
	return 0;
}

#define FIELD_OPT(t, n, v, a, h) OPT_FULL(t, n, v, a, NULL, "new revise", \
	NULL, h)

int
main(int argc, char **argv)
{
	struct kb_cli k = {0};
	struct kb_request *r = &k.req;
	struct pipeline pl = {.command = "kb", .stage = stage};
	struct opt opts[] = {
		FIELD_OPT(OPT_T_STRING, "title", &r->title, "TEXT",
			  "the article's title"),
		FIELD_OPT(OPT_T_STRING, "problem", &r->problem, "TEXT",
			  "the problem as the customer met it"),
		FIELD_OPT(OPT_T_STRING, "solution", &r->solution, "TEXT",
			  "what solved it"),
		FIELD_OPT(OPT_T_LIST, "tag", &r->tags, "TAG", "a tag"),
		FIELD_OPT(OPT_T_LIST, "kind", &r->kinds, "KIND",
			  "a kind of ticket it answers"),
		FIELD_OPT(OPT_T_LIST, "category", &r->categories, "CATEGORY",
			  "a complaint category it answers"),
		FIELD_OPT(OPT_T_LIST, "cause", &r->causes, "CAUSE",
			  "a cause it answers"),
		OPT_FULL(OPT_T_STRING, "from-ticket", &r->from_ticket, "ID",
			 NULL, "new", NULL,
			 "copy title, problem, solution, kind, category and cause from a resolved or closed ticket"),
		OPT_FULL(OPT_T_STRING, "reason", &r->reason, "TEXT", NULL,
			 "retire", "retire", "why the article is retired"),
		OPT_FULL(OPT_T_STRING, "message", &r->message, "TEXT", NULL,
			 "revise publish review retire", NULL,
			 "a note to go with the event"),
		OPT_FULL(OPT_T_FLAG, "stale", &k.stale, NULL, NULL, "list",
			 NULL, "only published articles whose review is due"),
		OPT_FULL(OPT_T_FLAG, "history", &k.history, NULL, NULL, "show",
			 NULL, "the commits that changed the article"),
		OPT_FULL(OPT_T_STRING, "ticket", &k.ticket, "ID", NULL,
			 "search", NULL, "search with a ticket's title and description"),
		OPT_FULL(OPT_T_STRING, "limit", &k.limit, "N", NULL, "search",
			 NULL, "at most N hits (default 10)"),
		OPT_FULL(OPT_T_FLAG, "all", &k.all, NULL, NULL, "search", NULL,
			 "drafts and retired articles too"),
		OPT_FULL(OPT_T_STRING, "format", &k.format, "text|csv|json", formats,
			 "list show search", NULL, "output format"),
		OPT_FULL(OPT_T_FLAG, "raw", &k.raw, NULL, NULL,
			 "list show search", NULL,
			 "CSV cells as they are (no formula guard)"),
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Keep the knowledge base: articles written from solved cases, published and reviewed by kb.publisher_role, searched from a ticket."),
		.cmds = cmds, .cmd_noun = N_("subcommand"),
		.operand_noun = N_("an article id"), .opts = opts
	};
	struct cli cli;
	int rc;

	kb_request_init(r);
	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (check_cli(&k, &cli)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	k.action = cli.cmd->name;
	if (cli.noperands && strcmp(cli.cmd->name, "search"))
		k.id = cli.operands[0];
	if (!(cli.cmd->flags & CMD_CHANGE)) {
		struct sbuf q;

		sbuf_init(&q);
		for (int i = 0; !k.id && i < cli.noperands; i++)
			sbuf_addf(&q, "%s%s", i ? " " : "", cli.operands[i]);
		k.query = sbuf_detach(&q, NULL);
		rc = read_store(cli.dir, cli.cmd->name, &k);
	} else {
		rc = pipeline_run(&pl, cli.dir, &k);
	}
out:
	free(k.query);
	kb_request_release(r);
	cli_release(&cli);
	return rc;
}
