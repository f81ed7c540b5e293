/*
 * Command-line plumbing of changing commands: taking the store for a
 * change and previewing one.  Apart from lib/base/cli.c so that programs that
 * only read do not load libgit2.
 */
#include "plaindesk/cli.h"
#include "plaindesk/util.h"

int
cli_begin_change(struct store *st)
{
	int rc;

	if ((rc = store_lock(st)))
		return rc;
	return vcs_recover(st);
}

void
cli_print_dry_run(const struct change *c, FILE *fp)
{
	fprintf(fp, "dry run: %s would write %zu file%s (nothing written)\n",
		c->command, c->nfiles, c->nfiles == 1 ? "" : "s");
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct change_file *f = &c->files[i];

		if (!f->data) {
			fprintf(fp, "--- delete %s\n", f->path);
			continue;
		}
		fprintf(fp, "--- %s\n", f->path);
		if (str_startswith(f->path, "registers/"))
			fprintf(fp, "(register, %zu bytes)\n", f->len);
		else
			fwrite(f->data, 1, f->len, fp);
	}
}
