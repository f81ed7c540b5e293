/*
 * The change pipeline: every program that changes the store goes through
 * pipeline_run().  The program states its change (its name, the options
 * --by and --dry-run filled by its option table, whether notices are
 * delivered after the commit) and supplies one stage function; the
 * pipeline opens the store, takes the lock and repairs an interrupted
 * change, finds the actor, runs the stage, then prints the dry run or
 * commits, writes the files made outside the store, delivers notices,
 * prints the ids and turns the outcome into the exit code.
 *
 *	static int stage(struct pipe *p, void *arg);
 *	struct pipeline pl = { .command = "ticket-update", .stage = stage };
 *	...OPT_BY(&pl.by), OPT_DRY_RUN(&pl.dry_run)...
 *	return pipeline_run(&pl, cli.dir, &req);
 */
#ifndef PLAINDESK_PIPELINE_H
#define PLAINDESK_PIPELINE_H

#include "deliver.h"
#include "notify.h"
#include "store.h"
#include "vcs.h"

/* What a stage works with and leaves for the pipeline. */
struct pipe {
	struct store *st;
	const struct actor *a;
	struct change *ch;
	int dry_run;
	/* Notices to deliver after the commit; NULL in a dry run or when no
	 * notifier is configured (a later run delivers them). */
	struct outbox *box;
	char *subject;		/* the commit subject after "COMMAND: " */
	struct strlist ids;	/* printed after the commit, one a line */
	struct strlist warnings; /* printed after a successful change */
	struct pipe_output *outputs;	/* written after the commit */
	size_t noutputs;
};

struct pipe_output {
	char *path, *data;
	size_t len;
};

struct pipeline {
	const char *command;	/* "ticket-update" */
	const char *by;		/* --by */
	int dry_run;		/* --dry-run */
	int deliver;		/* PIPE_DELIVER_*: notices delivered after */
	int (*stage)(struct pipe *p, void *arg);
};

enum {
	PIPE_DELIVER_IDS = 1,	/* the notices of the records printed */
	PIPE_DELIVER_BOX,	/* those the stage put in p->box */
};

/* Run the change; returns main's exit code. */
int pipeline_run(struct pipeline *pl, const char *dir, void *arg);

/*
 * The same on a store the program opened: returns 0 or an error code
 * with its message, and leaves the store locked (unless a dry run).
 */
int pipeline_change(struct pipeline *pl, struct store *st, void *arg);

/* The commit subject, after "COMMAND: ". */
void pipe_subject(struct pipe *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A record id to print after the commit. */
void pipe_id(struct pipe *p, const char *id);
/* A warning for standard error once the change is made. */
void pipe_warn(struct pipe *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * A file outside the store written after the commit (an invitation, a
 * document); takes data.  Refused now when path cannot be written, so
 * that a typo refuses the command instead of failing after it.
 */
int pipe_output(struct pipe *p, const char *path, char *data, size_t len);

#endif
