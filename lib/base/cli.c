/*
 * Shared command-line plumbing: option errors, version, usage, opening a
 * store for a change, dry-run previews, and checking stdout at the end.
 */
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/out.h"
#include "plaindesk/util.h"

int
cli_getopt(int argc, char **argv, const char *shortopts,
	   const struct option *longopts)
{
	char opts[128];
	int c;

	snprintf(opts, sizeof(opts), ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, opts, longopts, NULL);
	if (c == '?') {
		if (optopt && optopt < 256)
			pd_error(PD_EUSAGE, "unknown option '-%c'", optopt);
		else
			pd_error(PD_EUSAGE, "unknown option '%s'",
				 argv[optind - 1]);
		return '?';
	}
	if (c == ':') {
		if (optopt && optopt < 256)
			pd_error(PD_EUSAGE, "option '-%c' needs a value",
				 optopt);
		else
			pd_error(PD_EUSAGE, "option '%s' needs a value",
				 argv[optind - 1]);
		return '?';
	}
	return c;
}

int
cli_version(void)
{
	printf("%s (plaindesk) %s\n", pd_progname, PD_VERSION);
	return cli_finish(0);
}

int
cli_usage(const char *text, int code)
{
	fputs(text, code ? stderr : stdout);
	return code ? code : cli_finish(0);
}

int
cli_usage_error(const char *text)
{
	pd_die(PD_EUSAGE);
	fputs(text, stderr);
	return PD_EUSAGE;
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
