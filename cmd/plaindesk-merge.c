/*
 * plaindesk-merge: the git merge driver for records and registers.  git
 * runs it as `plaindesk-merge %O %A %B %P` (installed by plaindesk-init);
 * it leaves the merged file in %A and exits 0.  A register cell changed
 * differently on both sides leaves its row between conflict markers and
 * exits 1; a side that cannot be parsed leaves a line-by-line merge with
 * conflict markers and exits non-zero; either way git marks a conflict.
 * Reports go to stderr; only --help and --version write to stdout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/merge.h"
#include "plaindesk/opt.h"
#include "plaindesk/store.h"
#include "plaindesk/vcs.h"

/* The line-by-line merge, for what cannot be merged by id. */
static int
merge_as_text(const char *ours_file, const struct merge_blob *b,
	      const struct merge_blob *o, const struct merge_blob *t,
	      int *clean)
{
	char *out;
	size_t len;
	int rc;

	if ((rc = vcs_merge_text(b->data, b->len, o->data, o->len, t->data,
				 t->len, &out, &len, clean)))
		return rc;
	rc = write_file_atomic(ours_file, out, len);
	free(out);
	return rc;
}

/*
 * Merge the files git names (base, ours, theirs, the path in the tree)
 * into ours; 0 when clean, else non-zero with the reason said.
 */
static int
merge(char **file)
{
	struct merge_blob blob[3] = {{0}};
	char *data[3] = {NULL, NULL, NULL}, *out = NULL;
	const char *path;
	struct strlist notes;
	struct store st;
	int rc = 0, clean, have_store = 0, conflicts = 0;
	size_t len;

	path = file[3];
	strlist_init(&notes);
	for (int i = 0; i < 3; i++) {
		size_t n;

		if ((rc = read_file(file[i], &data[i], &n))) {
			pd_die(rc);
			goto out;
		}
		blob[i].data = data[i];
		blob[i].len = n;
	}
	if (merge_kind_of(path) == MERGE_OTHER) {
		if ((rc = merge_as_text(file[1], &blob[0], &blob[1],
					&blob[2], &clean)))
			goto out;
		if (!clean)
			pd_warn("%s: conflicting changes; resolve them by hand",
				path);
		rc = clean ? 0 : 1;
		goto out;
	}
	/*
	 * Records fold with the store's configuration and write times in its
	 * time zone; git runs drivers at the top of the work tree.
	 */
	if (merge_kind_of(path) != MERGE_REGISTER) {
		have_store = 1;
		if ((rc = store_open(&st, NULL)))
			rc = pd_error(rc, "cannot open the store: %s",
				      pd_errmsg());
	}
	if (!rc)
		rc = merge_file(path, &blob[0], &blob[1], &blob[2],
				have_store ? &st.cfg : NULL, &out, &len,
				&conflicts, &notes);
	if (!rc) {
		for (size_t i = 0; i < notes.n; i++)
			fprintf(stderr, "%s: %s: %s\n", pd_progname, path,
				notes.items[i]);
		if ((rc = write_file_atomic(file[1], out, len)))
			pd_die(rc);
		else if (conflicts) {
			fprintf(stderr, _("%s: hint: keep one line of each conflict in %s (or edit it), remove the markers, git add it and commit; until then changing commands refuse to run\n"),
				pd_progname, path);
			rc = 1;
		}
		goto out;
	}
	pd_die(rc);
	/* Best effort: if even this cannot be written, git still has ours
	 * in the file and marks the conflict. */
	if (merge_as_text(file[1], &blob[0], &blob[1], &blob[2],
			  &clean))
		pd_die(PD_EIO);
	else
		fprintf(stderr, clean ?
			_("%s: hint: %s is left merged line by line; fix it by hand, check it with plaindesk-check and git add it\n") :
			_("%s: hint: %s is left merged line by line, with conflict markers; fix it by hand, check it with plaindesk-check and git add it\n"),
			pd_progname, path);
out:
	strlist_release(&notes);
	if (have_store)
		store_close(&st);
	free(out);
	for (int i = 0; i < 3; i++)
		free(data[i]);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opt opts[] = { OPT_END };
	struct program prog = {
		.summary = N_("The git merge driver for records and registers (installed by plaindesk-init as: plaindesk-merge %O %A %B %P)."),
		.operands = "BASE OURS THEIRS PATH", .opts = opts
	};
	struct cli cli;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		;
	else if (cli.dir && chdir(cli.dir) < 0)
		rc = pd_fail(PD_ENOINPUT, "cannot change to '%s': %s", cli.dir,
			     strerror(errno));
	else
		rc = merge(cli.operands);
	cli_release(&cli);
	return rc;
}
