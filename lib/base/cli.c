/*
 * Shared command-line plumbing: the version, and checking stdout at the
 * end.
 */
#include "plaindesk/cli.h"
#include "plaindesk/out.h"
#include "plaindesk/util.h"

int
cli_version(void)
{
	printf("%s (plaindesk) %s\n", pd_progname, PD_VERSION);
	return cli_finish(0);
}

int
cli_finish(int rc)
{
	int orc = out_close_stdout();

	if (orc && !rc) {
		/* Say so, or a script that retries would make it twice. */
		if (pd_last_commit())
			pd_hint("the change was made all the same (commit %.10s)",
				pd_last_commit());
		return pd_die(orc);
	}
	return rc;
}
