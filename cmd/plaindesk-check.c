/*
 * plaindesk-check: validate the configuration, the registers and every
 * record; list each problem as "path: message"; exit 65 if there is any.
 * With --pack, pack loose git objects now; with --fix, rewrite stale state
 * blocks from their events.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/check.h"
#include "plaindesk/cli.h"

static const char usage_text[] =
	"usage: plaindesk-check [-C DIR] [--pack] [--fix [--dry-run]] [--quiet]\n";

static int
report(void *ctx, const char *path, const char *msg)
{
	int *count = ctx;

	(*count)++;
	printf("%s: %s\n", path, msg);
	return 0;
}

/* --fix: one commit that rewrites every stale state block. */
static int
fix_state(struct store *st, int dry_run)
{
	struct change c;
	struct actor a;
	size_t n = 0;
	int rc;

	change_init(&c, st, "plaindesk-check");
	if (!(rc = check_fix_state(st, &c, &n)) && n > 0 && dry_run) {
		cli_print_dry_run(&c, stdout);
	} else if (!rc && n > 0 && !(rc = store_actor(st, NULL, &a))) {
		char *subject = xasprintf("plaindesk-check: state of %zu record%s recomputed from its events",
					  n, n == 1 ? "" : "s");

		rc = change_commit(&c, &a, subject);
		free(subject);
		actor_release(&a);
	}
	if (!rc && n > 0 && !dry_run) {
		for (size_t i = 0; i < c.records.n; i++)
			puts(c.records.items[i]);
		fprintf(stderr, "%s: rewrote the state of %zu record%s\n",
			pd_progname, n, n == 1 ? "" : "s");
	}
	change_release(&c);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"pack", no_argument, NULL, 'p'},
		{"fix", no_argument, NULL, 'f'},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	const char *dir = NULL;
	int pack = 0, fix = 0, dry_run = 0, quiet = 0, problems = 0, c, rc;
	struct store st;

	pd_setprog(argv[0]);
	while ((c = cli_getopt(argc, argv, "C:hq", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'p': pack = 1; break;
		case 'f': fix = 1; break;
		case OPT_DRY_RUN: dry_run = 1; break;
		case 'q': quiet = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (optind < argc) {
		pd_error(PD_EUSAGE, "unexpected argument '%s'", argv[optind]);
		return cli_usage_error(usage_text);
	}
	/* A store refused for its holiday register is open all the same:
	 * the check lists what is wrong with it. */
	if ((rc = store_open(&st, dir)) &&
	    !(rc == PD_EDATA && st.reg_loaded[REG_HOLIDAYS] && !pack && !fix)) {
		store_close(&st);
		if (rc == PD_EDATA) {	/* the holiday register */
			printf("%s\n", pd_errmsg());
			return cli_finish(PD_EDATA);
		}
		return pd_die(rc);
	}
	if (dry_run && (!fix || pack)) {
		store_close(&st);
		pd_error(PD_EUSAGE, "--dry-run goes with --fix alone");
		return cli_usage_error(usage_text);
	}
	if ((pack || fix) && !dry_run && (rc = cli_begin_change(&st)))
		goto fail;
	if (fix && (rc = fix_state(&st, dry_run)))
		goto fail;
	if (dry_run) {
		store_close(&st);
		return cli_finish(0);
	}
	if (pack && (rc = vcs_maybe_pack(&st, 1)))
		goto fail;
	rc = check_store(&st, report, &problems);
	store_close(&st);
	if (rc)
		return pd_die(rc);
	if (problems) {
		fprintf(stderr, "%s: %d problem%s found\n", pd_progname,
			problems, problems == 1 ? "" : "s");
		return cli_finish(PD_EDATA);
	}
	if (!quiet)
		fprintf(stderr, "%s: store is consistent\n", pd_progname);
	return cli_finish(0);
fail:
	store_close(&st);
	return pd_die(rc);
}
