/*
 * The notifier (DESIGN §5): a command named only outside the versioned
 * store, in $PLAINDESK_NOTIFY or the clone's git config plaindesk.notify,
 * run through /bin/sh with one JSON object on its standard input.
 */
#ifndef PLAINDESK_NOTIFY_H
#define PLAINDESK_NOTIFY_H

#include <stddef.h>
#include "store.h"

#define NOTIFY_TIMEOUT_DEFAULT 30	/* seconds */
#define NOTIFY_TIMEOUT_MAX 3600

struct notifier {
	char *command;		/* NULL: no notifier configured */
	int timeout;		/* seconds a run may take */
};

/*
 * Find the notifier of store st: $PLAINDESK_NOTIFY when set (an empty
 * value means none), else git config plaindesk.notify; the time limit
 * from $PLAINDESK_NOTIFY_TIMEOUT (whole seconds, 1 to 3600, default 30).
 * Returns 0, or PD_EUSAGE for a bad time limit.
 */
int notifier_load(struct store *st, struct notifier *n);
void notifier_release(struct notifier *n);

/*
 * A time limit from environment variable var: whole seconds from 1 to
 * NOTIFY_TIMEOUT_MAX into *out, def when unset or empty.  0, or
 * PD_EUSAGE naming the variable.
 */
int timeout_from_env(const char *var, int def, int *out);

/*
 * Run command with /bin/sh -c in directory dir, data (len bytes) on its
 * standard input and its standard output sent to our standard error (our
 * standard output stays ours).  After timeout seconds it is stopped: its
 * process group gets SIGTERM, then SIGKILL a second later.  Returns 0 when
 * it exited with status 0; otherwise PD_EIO with a message saying why
 * ("exited with status 3", "killed by signal 9", "timed out after 30 s").
 */
int notify_run(const char *command, const char *dir, const char *data,
	       size_t len, int timeout);

#endif
