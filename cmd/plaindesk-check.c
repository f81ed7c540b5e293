/*
 * plaindesk-check: validate the configuration, the registers and every
 * record; list each problem as "path: message"; exit 65 if there is any.
 * With --pack, pack loose git objects now; with --fix, rewrite stale state
 * blocks from their events.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/check.h"
#include "plaindesk/cli.h"
#include "plaindesk/opt.h"
#include "plaindesk/pipeline.h"

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
	int pack, fix, quiet;
	struct pipeline fixing;
};

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
			fprintf(stderr, "%s: rewrote the state of %zu record%s\n",
				pd_progname, n, n == 1 ? "" : "s");
		if (c->fixing.dry_run)
			return cli_finish(0);
	}
	/* Packing takes a lock of its own, not the store's: changes go on. */
	if (c->pack && (rc = vcs_maybe_pack(st, 1)))
		return pd_die(rc);
	if ((rc = check_store(st, report, &problems)) ||
	    (rc = check_warnings(st, warn, NULL)))
		return pd_die(rc);
	if (problems) {
		fprintf(stderr, "%s: %d problem%s found\n", pd_progname,
			problems, problems == 1 ? "" : "s");
		return cli_finish(PD_EDATA);
	}
	if (!c->quiet)
		fprintf(stderr, "%s: store is consistent\n", pd_progname);
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
		OPT_END
	};
	struct program prog = {
		.summary = N_("Validate the configuration, the registers and every record; list each problem as \"path: message\"; exit 65 if there is any."),
		.opts = opts
	};
	struct cli cli;
	struct store st;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (c.fixing.dry_run && (!c.fix || c.pack)) {
		pd_error(PD_EUSAGE, "--dry-run goes with --fix alone");
		rc = opt_usage_error(&prog);
		goto out;
	}
	rc = store_open(&st, cli.dir);
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
