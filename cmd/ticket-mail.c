/*
 * ticket-mail: a mail delivery agent.  One message on standard input
 * becomes a ticket (channel email) or a note on the ticket it replies
 * to, in one commit; the acknowledgement goes out after it through
 * "ticket-mail --flush --only ID", run as its own invocation.  Reading a
 * message it exits only 0, 65 (never takeable) or 75 (try again), as
 * mail servers understand them; --flush exits as every program does.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/mailack.h"
#include "plaindesk/mailin.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/ticket.h"

static const char *const formats[] = {"text", "json", NULL};

struct intake {
	struct mail_request req;
	struct mail_msg msg;
	struct mail_result res;
};

static int
stage(struct pipe *p, void *arg)
{
	struct intake *in = arg;
	char *subject = NULL;
	int rc;

	rc = mail_intake_stage(p->st, p->a, p->ch, &in->msg, &in->req,
			       &in->res, &subject);
	if (!rc && subject)
		pipe_subject(p, "%s", subject);
	free(subject);
	return rc;
}

/* Was --flush asked for (looked at before parsing decides anything)? */
static int
wants_flush(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--flush"))
			return 1;
	return 0;
}

/* The options that go with reading a message, and with --flush. */
static int
check_form(const struct intake *in, int flush, const char *only,
	   int dry_run)
{
	const struct mail_request *r = &in->req;
	int intake_opts = r->kind || r->severity || r->category ||
			  r->assignee || r->unknown || r->no_ack;

	if (flush && (intake_opts || dry_run))
		return pd_error(PD_EUSAGE, "--flush takes only --only, --format and --by");
	if (!flush && only)
		return pd_error(PD_EUSAGE, "--only goes with --flush");
	if ((r->severity || r->category) && r->kind &&
	    strcmp(r->kind, "complaint"))
		return pd_error(PD_EUSAGE, "only complaints have a severity and category");
	return 0;
}

static void
print_result(const struct mail_result *res, int json)
{
	if (json) {
		json_t *o = mail_result_json(res);
		char *s = json_dumps(o, JSON_COMPACT);

		puts(s);
		free(s);
		json_decref(o);
	} else if (res->decision != MAIL_IGNORED) {
		puts(res->id);
	}
}

/* Read, decide, commit; then the acknowledgement in its own run. */
static int
intake(const struct cli *cli, struct pipeline *pl, struct intake *in,
       int json, const char *self)
{
	struct sendmail sm = {0};
	struct store st;
	char *data = NULL, *root = NULL;
	size_t len;
	int rc;

	if ((rc = store_open(&st, cli->dir)) ||
	    (rc = config_mail_charsets_check(&st.cfg.mail)))
		goto done;
	if ((rc = mail_read(stdin, st.cfg.mail.max_bytes, &data, &len)) ||
	    (rc = mail_parse(data, len, &st.cfg.mail, &in->msg))) {
		/* Too big, not a message, no sender: never takeable. */
		in->res.refused = rc == PD_EDATA;
		goto done;
	}
	rc = pipeline_change(pl, &st, in);
	/* Without a sendmail the flush would only say so: say it here. */
	if (!rc && !pl->dry_run && in->res.auto_reply &&
	    !sendmail_load(&st, &sm) && !sm.command)
		pd_warn("no sendmail is configured (git config plaindesk.sendmail, or $PLAINDESK_SENDMAIL): the acknowledgement of %s waits",
			in->res.id);
	else if (!rc && !pl->dry_run && in->res.auto_reply)
		root = xstrdup(st.root);
done:
	store_close(&st);	/* the lock goes before the flush runs */
	sendmail_release(&sm);
	free(data);
	if (rc) {
		pd_die(rc);
		return in->res.refused ? PD_EDATA : PD_EBUSY;
	}
	print_result(&in->res, json);
	if ((rc = cli_finish(0)))
		rc = PD_EBUSY;
	if (root)
		mail_flush_spawn(self, root, in->res.id, pl->by);
	free(root);
	return rc;
}

static int
flush(const struct cli *cli, const char *by, const char *only, int json)
{
	struct mail_flush f;
	char id[ID_LEN + 1];
	struct store st;
	int rc;

	mail_flush_init(&f);
	if (!(rc = store_open(&st, cli->dir)) &&
	    !(rc = only ? id_resolve(&st, 'T', only, id) : 0))
		rc = mail_flush_run(&st, by, only ? id : NULL, &f);
	for (size_t i = 0; i < f.problems.n; i++)
		pd_warn("%s", f.problems.items[i]);
	if (f.waiting)
		pd_warn("no sendmail is configured (git config plaindesk.sendmail, or $PLAINDESK_SENDMAIL): %d acknowledgement%s waiting",
			f.waiting, f.waiting == 1 ? "" : "s");
	if (json) {
		json_t *o = json_pack("{s:[], s:i, s:i}", "sent", "failed",
				      f.failed, "waiting", f.waiting);

		for (size_t i = 0; i < f.sent.n; i++)
			json_array_append_new(json_object_get(o, "sent"),
					      json_string(f.sent.items[i]));
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
	} else {
		for (size_t i = 0; i < f.sent.n; i++)
			puts(f.sent.items[i]);
	}
	mail_flush_release(&f);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

/* This program's own path, to run --flush with. */
static char *
self_path(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return xstrdup(argv0);
	buf[n] = '\0';
	return xstrdup(buf);
}

int
main(int argc, char **argv)
{
	struct intake in = {0};
	struct mail_request *r = &in.req;
	struct pipeline pl = {.command = "ticket-mail", .stage = stage};
	const char *only = NULL, *format = NULL;
	int do_flush = 0;
	struct opt opts[] = {
		OPT_FULL(OPT_T_STRING, "kind", &r->kind, "KIND", ticket_kinds,
			 NULL, NULL, "the kind of a new ticket (default: mail.kind)"),
		OPT_FULL(OPT_T_STRING, "severity", &r->severity, "SEV",
			 complaint_severities, NULL, NULL,
			 "a complaint's severity (default: general)"),
		OPT_FULL(OPT_T_STRING, "category", &r->category, "CAT",
			 complaint_categories, NULL, NULL,
			 "a complaint's category (default: other)"),
		OPT_STRING("assignee", &r->assignee, "WHO",
			   "who handles a new ticket"),
		OPT_STRING("unknown", &r->unknown, "new|reject|CUSTOMER",
			   "a sender no customer has: add them, refuse the message, or file it under CUSTOMER (default: mail.unknown_sender)"),
		OPT_FLAG("no-ack", &r->no_ack,
			 "send the sender no acknowledgement"),
		OPT_FLAG("flush", &do_flush,
			 "send the acknowledgements waiting, instead of reading a message"),
		OPT_STRING("only", &only, "ID", "with --flush: only that ticket's"),
		OPT_FULL(OPT_T_STRING, "format", &format, "text|json", formats,
			 NULL, NULL, "what to print: the id, or a JSON object"),
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Take one mail message from standard input into a ticket or a note on the ticket it answers; send acknowledgements."),
		.opts = opts
	};
	struct cli cli;
	char *self = self_path(argv[0]);
	int rc, json;

	mail_msg_init(&in.msg);
	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO) {
		/* A mail server retries 75; it bounces anything else. */
		if (rc && !wants_flush(argc, argv))
			rc = PD_EBUSY;
		goto out;
	}
	json = format && !strcmp(format, "json");
	if (check_form(&in, do_flush, only, pl.dry_run)) {
		rc = opt_usage_error(&prog);
		if (!do_flush)
			rc = PD_EBUSY;
	} else if (do_flush) {
		rc = flush(&cli, pl.by, only, json);
	} else {
		rc = intake(&cli, &pl, &in, json, self);
	}
out:
	mail_result_release(&in.res);
	mail_msg_release(&in.msg);
	cli_release(&cli);
	mail_shutdown();
	free(self);
	return rc;
}
