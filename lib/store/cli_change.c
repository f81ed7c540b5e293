/*
 * Command-line plumbing of changing commands: taking the store for a
 * change and previewing one.  Apart from lib/base/cli.c so that programs that
 * only read do not load libgit2.
 */
#include "plaindesk/cli.h"
#include "plaindesk/i18n.h"
#include "plaindesk/util.h"

/*
 * A clone without the merge driver turns the next pull that meets a
 * record changed on both sides into a git conflict: said once a run, by
 * the change that could be the one that collides.
 */
static void
warn_merge_driver(struct store *st)
{
	static int warned;

	if (warned)
		return;
	warned = 1;
	if (vcs_check_merge_driver(st)) {
		pd_warn("%s", pd_errmsg());
		fprintf(stderr, _("%s: hint: run plaindesk-init in the store to install it\n"),
			pd_progname);
	}
	pd_clear_error();
}

int
cli_begin_change(struct store *st)
{
	int rc;

	if ((rc = store_lock(st)))
		return rc;
	warn_merge_driver(st);
	if ((rc = vcs_recover(st)))
		return rc;
	/* A change on top of a merge a person has not settled would be
	 * made of half of it. */
	return store_check_settled(st);
}

void
cli_print_dry_run(const struct change *c, FILE *fp)
{
	fprintf(fp, pd_ngettext("dry run: %s would write %zu file (nothing written)\n",
				"dry run: %s would write %zu files (nothing written)\n",
				c->nfiles), c->command, c->nfiles);
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct change_file *f = &c->files[i];

		if (!f->data) {
			fprintf(fp, _("--- delete %s\n"), f->path);
			continue;
		}
		fprintf(fp, "--- %s\n", f->path);
		if (str_startswith(f->path, "registers/"))
			fprintf(fp, pd_ngettext("(register, %zu byte)\n",
						"(register, %zu bytes)\n", f->len),
				f->len);
		else
			fwrite(f->data, 1, f->len, fp);
	}
}
