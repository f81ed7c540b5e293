/*
 * plaindesk-check: validate the configuration, the registers and every
 * record; list each problem as "path: message"; exit 65 if there is any.
 * With --pack, pack loose git objects now; with --fix, rewrite stale state
 * blocks from their events.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/audit.h"
#include "plaindesk/i18n.h"
#include "plaindesk/check.h"
#include "plaindesk/cli.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"

static const char *const audit_formats[] = {"text", "csv", "json", NULL};

static int
report(void *ctx, const char *path, const char *msg)
{
	int *count = ctx;

	(*count)++;
	printf("%s: %s\n", path, msg);
	return 0;
}

static int
warn(void *ctx, const char *path, const char *msg)
{
	(void)ctx;
	pd_warn("%s: %s", path, msg);
	return 0;
}

/* --fix: one commit that rewrites every stale state block. */
static int
fix_stage(struct pipe *p, void *arg)
{
	size_t *n = arg;
	int rc;

	if ((rc = check_fix_state(p->st, p->ch, n)))
		return rc;
	for (size_t i = 0; i < p->ch->records.n; i++)
		pipe_id(p, p->ch->records.items[i]);
	pipe_subject(p, "state of %zu record%s recomputed from its events",
		     *n, *n == 1 ? "" : "s");
	return 0;
}

struct check {
	int pack, fix, quiet, audit;
	const char *rev, *since, *anchor, *format;
	struct pipeline fixing;
};

static void
audit_csv(const struct audit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct audit_problem *p = &l->items[i];
		struct sbuf sb;

		sbuf_init(&sb);
		csv_add_cell(&sb, p->commit, 1);
		sbuf_addc(&sb, ',');
		csv_add_cell(&sb, p->path, 1);
		sbuf_addc(&sb, ',');
		csv_add_cell(&sb, audit_kind_names[p->kind], 1);
		sbuf_addc(&sb, ',');
		csv_add_cell(&sb, p->message, 0);
		printf("%s\r\n", sb.buf);
		sbuf_release(&sb);
	}
}

static json_t *
audit_json_list(const struct audit_list *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < l->n; i++) {
		const struct audit_problem *p = &l->items[i];

		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}",
			"commit", p->commit, "path", p->path,
			"kind", audit_kind_names[p->kind],
			"message", p->message));
	}
	return arr;
}

/* "audit ok: 3 commits (0 merges), 2 records, 5 events, head ..." */
static void
audit_ok(const struct audit *a, const char *head)
{
	char *c = xasprintf(pd_ngettext("%zu commit", "%zu commits",
					a->commits), a->commits);
	char *m = xasprintf(pd_ngettext("%zu merge", "%zu merges",
					a->merges), a->merges);
	char *r = xasprintf(pd_ngettext("%zu record", "%zu records",
					a->records), a->records);
	char *e = xasprintf(pd_ngettext("%zu event", "%zu events",
					a->events), a->events);

	printf(_("audit ok: %s (%s), %s, %s, head %s\n"), c, m, r, e, head);
	free(c);
	free(m);
	free(r);
	free(e);
}

static void
audit_print(const struct audit *a, const char *format, const char *head)
{
	if (!strcmp(format, "json")) {
		json_t *o = json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:s}",
			"problems", audit_json_list(&a->problems),
			"unattributed", audit_json_list(&a->unattributed),
			"commits", (json_int_t)a->commits,
			"merges", (json_int_t)a->merges,
			"records", (json_int_t)a->records,
			"events", (json_int_t)a->events, "head", head);
		char *text;

		json_object_set_new(o, "first_offending", a->first.id[0] ?
			json_pack("{s:s, s:s, s:s, s:s}", "commit", a->first.id,
				  "date", a->first.date, "author",
				  a->first.author, "subject", a->first.subject)
			: json_null());
		text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(text);
		free(text);
		json_decref(o);
		return;
	}
	if (!strcmp(format, "csv")) {
		printf("commit,path,kind,message\r\n");
		audit_csv(&a->problems);
		audit_csv(&a->unattributed);
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct audit_list *l = pass ? &a->unattributed
						  : &a->problems;

		for (size_t i = 0; i < l->n; i++)
			printf("%s %s: %s: %s\n", l->items[i].commit,
			       l->items[i].path,
			       pd_label("audit",
					audit_kind_names[l->items[i].kind]),
			       l->items[i].text);
	}
	if (!a->problems.n)
		audit_ok(a, head);
}

/* The repository: -C DIR, $PLAINDESK_DIR, git's environment in a hook,
 * or the working directory. */
static int
open_history(const char *dir)
{
	if (!dir && !getenv("GIT_DIR"))
		dir = getenv("PLAINDESK_DIR");
	return vcs_open_dir(dir && *dir ? dir : NULL);
}

/* --audit: the history of HEAD (or --rev), since a commit. */
static int
run_audit(const char *dir, struct check *c)
{
	struct audit a;
	char head[41], *subject;
	int rc;

	memset(&a, 0, sizeof(a));
	a.since = c->since;
	a.anchor = c->anchor;
	if ((rc = open_history(dir)) ||
	    (rc = vcs_resolve(c->rev ? c->rev : "HEAD", &a.head)))
		return pd_die(rc);
	vcs_oid_hex(&a.head, head);
	if ((rc = audit_run(&a))) {
		audit_release(&a);
		return pd_die(rc);
	}
	audit_print(&a, c->format, head);
	if (a.problems.n) {
		struct sbuf sb;

		sbuf_init(&sb);
		text_add_clean(&sb, a.first.subject, 1);
		subject = sb.buf ? sb.buf : "";
		fflush(stdout);
		fprintf(stderr, pd_ngettext("%s: %zu problem in the history; first offending commit %s (%s, %s): %s\n",
					    "%s: %zu problems in the history; first offending commit %s (%s, %s): %s\n",
					    a.problems.n),
			pd_progname, a.problems.n, a.first.id, a.first.date,
			a.first.author, subject);
		sbuf_release(&sb);
		rc = PD_EDATA;
	}
	audit_release(&a);
	return cli_finish(rc);
}

/* --rev without --audit: the store as committed at REV. */
static int
run_rev(const char *dir, struct check *c)
{
	struct vcs_oid commit;
	int problems = 0, rc;

	if ((rc = open_history(dir)) || (rc = vcs_resolve(c->rev, &commit)) ||
	    (rc = check_commit(&commit, report, &problems)))
		return pd_die(rc);
	if (problems) {
		fprintf(stderr, pd_ngettext("%s: %d problem found at %s\n",
					    "%s: %d problems found at %s\n",
					    (unsigned long)problems),
			pd_progname, problems, c->rev);
		return cli_finish(PD_EDATA);
	}
	if (!c->quiet)
		fprintf(stderr, _("%s: store is consistent at %s\n"),
			pd_progname, c->rev);
	return cli_finish(0);
}

/* Fix, pack, then check; the exit code. */
static int
run(struct store *st, struct check *c)
{
	int problems = 0, rc;
	size_t n = 0;

	if (c->fix) {
		if ((rc = pipeline_change(&c->fixing, st, &n)))
			return pd_die(rc);
		if (n > 0 && !c->fixing.dry_run)
			fprintf(stderr, pd_ngettext("%s: rewrote the state of %zu record\n",
						    "%s: rewrote the state of %zu records\n",
						    n), pd_progname, n);
		if (c->fixing.dry_run)
			return cli_finish(0);
	}
	/* Packing takes a lock of its own, not the store's: changes go on. */
	if (c->pack && (rc = vcs_maybe_pack(st, 1)))
		return pd_die(rc);
	if ((rc = check_uncommitted(st, report, &problems)) ||
	    (rc = check_store(st, report, &problems)) ||
	    (rc = check_warnings(st, warn, NULL)))
		return pd_die(rc);
	if (problems) {
		fprintf(stderr, pd_ngettext("%s: %d problem found\n",
					    "%s: %d problems found\n",
					    (unsigned long)problems),
			pd_progname, problems);
		return cli_finish(PD_EDATA);
	}
	if (!c->quiet)
		fprintf(stderr, _("%s: store is consistent\n"), pd_progname);
	return cli_finish(0);
}

int
main(int argc, char **argv)
{
	struct check c = {.fixing = {.command = "plaindesk-check",
				     .stage = fix_stage}};
	struct opt opts[] = {
		OPT_FLAG("pack", &c.pack, "pack loose git objects now"),
		OPT_FLAG("fix", &c.fix,
			 "rewrite stale state blocks from their events, in one commit"),
		OPT_DRY_RUN(&c.fixing.dry_run),
		OPT_SHORT_FLAG('q', "quiet", &c.quiet,
			       "say nothing when the store is consistent"),
		OPT_STRING("rev", &c.rev, "REV",
			   "check the store as committed at REV, from git's objects alone (a bare repository works)"),
		OPT_FLAG("audit", &c.audit,
			 "prove the history of HEAD (or of --rev) keeps every event, header and record"),
		OPT_STRING("since", &c.since, "COMMIT",
			   "with --audit: only the commits not reachable from COMMIT"),
		OPT_STRING("anchor", &c.anchor, "COMMIT",
			   "with --audit: COMMIT must be an ancestor of the head"),
		OPT_FULL(OPT_T_STRING, "format", &c.format, "FORMAT",
			 audit_formats, NULL, NULL,
			 "with --audit: the output format (default: text)"),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Validate the configuration, the registers and every record; list each problem as \"path: message\"; exit 65 if there is any. With --audit, prove the history instead."),
		.opts = opts
	};
	struct cli cli;
	struct store st;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if ((c.since || c.anchor || c.format) && !c.audit) {
		pd_error(PD_EUSAGE, "--since, --anchor and --format go with --audit");
		rc = opt_usage_error(&prog);
		goto out;
	}
	if ((c.audit || c.rev) && (c.fix || c.pack)) {
		pd_error(PD_EUSAGE, "--audit and --rev do not go with --fix or --pack");
		rc = opt_usage_error(&prog);
		goto out;
	}
	if (c.format && enum_check(audit_formats, "format", c.format)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	if (!c.format)
		c.format = "text";
	if (c.audit || c.rev) {
		rc = c.audit ? run_audit(cli.dir, &c) : run_rev(cli.dir, &c);
		goto out;
	}
	if (c.fixing.dry_run && (!c.fix || c.pack)) {
		pd_error(PD_EUSAGE, "--dry-run goes with --fix alone");
		rc = opt_usage_error(&prog);
		goto out;
	}
	rc = store_open(&st, cli.dir);
	if (!rc)
		rc = config_mail_charsets_check(&st.cfg.mail);
	if (rc == PD_EDATA && st.reg_loaded[REG_HOLIDAYS] && !c.pack && !c.fix) {
		/* A holiday register that reads but is wrong: the store is
		 * open all the same, and the check lists each problem. */
		rc = run(&st, &c);
	} else if (rc == PD_EDATA) {
		/* The holiday register: a problem to list, not to die of. */
		printf("%s\n", pd_errmsg());
		rc = cli_finish(PD_EDATA);
	} else {
		rc = rc ? pd_die(rc) : run(&st, &c);
	}
	store_close(&st);
out:
	cli_release(&cli);
	return rc;
}
