/*
 * What every program does the same way: --version, opening the store for
 * a change, --dry-run previews, finishing output.
 */
#ifndef PLAINDESK_CLI_H
#define PLAINDESK_CLI_H

#include <stdio.h>
#include "store.h"
#include "vcs.h"

/* Print "PROG (plaindesk) VERSION" to stdout; returns 0. */
int cli_version(void);

/* Take the lock and repair an interrupted change (for changing commands). */
int cli_begin_change(struct store *st);

/* Print what a change would write (for --dry-run) to fp. */
void cli_print_dry_run(const struct change *c, FILE *fp);

/* End of main: close stdout and turn a failure into exit 74. */
int cli_finish(int rc);

#endif
