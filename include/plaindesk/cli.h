/*
 * What every program does the same way: option errors, --version, opening
 * the store for a change, --dry-run previews, finishing output.
 */
#ifndef PLAINDESK_CLI_H
#define PLAINDESK_CLI_H

#include <getopt.h>
#include <stdio.h>
#include "store.h"
#include "vcs.h"

/* Long options every program takes (-C, --help, --version). */
enum {
	OPT_HELP = 1000, OPT_VERSION, OPT_BY, OPT_DRY_RUN, OPT_FORMAT,
	OPT_RAW, OPT_FIRST_LOCAL = 1100
};

/*
 * getopt_long() with messages in the house style: returns the option, -1
 * at the end, or '?' after recording "unknown option '--x'" or "option
 * '--x' needs a value" with pd_error(PD_EUSAGE).
 */
int cli_getopt(int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

/* Print "PROG (plaindesk) VERSION" to stdout; returns 0. */
int cli_version(void);

/* Write the usage text to stdout (code 0) or stderr; return code. */
int cli_usage(const char *text, int code);

/*
 * Report a usage error: "PROG: error: ..." then the usage text, both to
 * stderr; returns PD_EUSAGE.
 */
int cli_usage_error(const char *text);

/* Take the lock and repair an interrupted change (for changing commands). */
int cli_begin_change(struct store *st);

/* Print what a change would write (for --dry-run) to fp. */
void cli_print_dry_run(const struct change *c, FILE *fp);

/* End of main: close stdout and turn a failure into exit 74. */
int cli_finish(int rc);

#endif
