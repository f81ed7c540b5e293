/*
 * Options as data: each program describes its options, and its
 * subcommands or actions, in tables; parsing, refusals, the usage text on
 * errors and --help all come from them.  A table is built in main() so
 * that each entry can point at the variable it fills.
 *
 *	struct opt opts[] = {
 *		OPT_STRING("to", &req.to, "WHO", "the new assignee"),
 *		OPT_LIST("attendee", &req.required, "WHO", "a required attendee"),
 *		OPT_END
 *	};
 *
 * -C DIR, -h/--help and --version are every program's and are not listed.
 * A name may be in the table more than once, with "only" naming other
 * commands each time and each taking a value or none alike: the entry for
 * the command given is the one used.
 */
#ifndef PLAINDESK_OPT_H
#define PLAINDESK_OPT_H

#include <stdio.h>
#include "i18n.h"
#include "util.h"

enum opt_type {
	OPT_T_END, OPT_T_STRING, OPT_T_FLAG, OPT_T_LIST
};

struct opt {
	enum opt_type type;
	const char *name;	/* long name without "--" */
	void *value;		/* const char **, int *, or struct strlist * */
	const char *arg;	/* "WHO"; NULL for a flag */
	const char *help;	/* one line, lowercase, no full stop */
	const char *const *values; /* the allowed values, shown in --help */
	const char *only;	/* commands that take it ("plan resolve",
				 * "staff/add" for "staff add"); NULL: all */
	const char *needed;	/* commands that must have it; "*": the program */
	int seen;		/* set while parsing */
	int short_name;		/* 'q' for -q, 'o' for -o FILE, or 0 */
};

#define OPT_STRING(n, v, a, h) OPT_FULL(OPT_T_STRING, n, v, a, NULL, NULL, NULL, h)
#define OPT_FLAG(n, v, h) OPT_FULL(OPT_T_FLAG, n, v, NULL, NULL, NULL, NULL, h)
#define OPT_LIST(n, v, a, h) OPT_FULL(OPT_T_LIST, n, v, a, NULL, NULL, NULL, h)
/* The general form: allowed values, the commands that take it, that need it. */
#define OPT_FULL(t, n, v, a, vals, only, need, h) \
	{ (t), (n), (v), (a), (h), (vals), (only), (need), 0, 0 }
/* A flag with a short name too: -q, --quiet. */
#define OPT_SHORT_FLAG(s, n, v, h) \
	{ OPT_T_FLAG, (n), (v), NULL, (h), NULL, NULL, NULL, 0, (s) }
/* An option with a value and a short name too: -o FILE, --output FILE. */
#define OPT_SHORT_FULL(s, t, n, v, a, vals, only, need, h) \
	{ (t), (n), (v), (a), (h), (vals), (only), (need), 0, (s) }
#define OPT_END { OPT_T_END, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 }

/* In "only": the commands that change the store (CMD_CHANGE). */
#define OPT_CHANGES "\001"

/* The options of every changing program. */
#define OPT_BY(v) OPT_FULL(OPT_T_STRING, "by", (v), "WHO", NULL, OPT_CHANGES, \
	NULL, N_("act as staff member WHO (default: $PLAINDESK_ACTOR, then git's user)"))
#define OPT_DRY_RUN(v) OPT_FULL(OPT_T_FLAG, "dry-run", (v), NULL, NULL, \
	OPT_CHANGES, NULL, N_("print what would be written and change nothing"))

/* A subcommand (mtg-plan new) or an action (ticket-update ID close). */
struct cmd {
	const char *name;
	const char *operands;	/* "ID", "[ID]", or "" */
	const char *help;
	unsigned flags;
};

enum {
	CMD_CHANGE = 1 << 0,	/* changes the store: takes --by and --dry-run */
	CMD_OWN = 1 << 8,	/* this bit and those above: the program's own */
};

struct program {
	const char *summary;	/* one line for --help */
	const char *operands;	/* without commands: "[ID]"; with: after it */
	const struct cmd *cmds;	/* NULL-terminated table, or NULL */
	const char *cmd_noun;	/* "subcommand" or "action" */
	const char *operand_noun; /* what ID is in messages: "a ticket id" */
	int cmd_operand;	/* the command is this operand (0: first) */
	int cmd_words;		/* 2: commands of two words ("staff add") */
	struct opt *opts;
};

/* What the command line asked for. */
struct cli {
	const char *dir;		/* -C */
	const struct cmd *cmd;		/* NULL without commands */
	char **operands;		/* the operands, the command not among them */
	int noperands;
};

/* Continue after opt_parse(); any other value is main's exit code. */
#define OPT_GO (-1)

/*
 * Parse argv by the program's tables.  Returns OPT_GO to go on; after
 * --help or --version, 0; after a refusal (one error line and the usage
 * on stderr), PD_EUSAGE.
 */
int opt_parse(struct program *p, int argc, char **argv, struct cli *cli);

/* Free what opt_parse() allocated in cli. */
void cli_release(struct cli *cli);

/* Print the usage error: the message recorded, then the usage. */
int opt_usage_error(const struct program *p);

/* Write --help to fp. */
void opt_help(const struct program *p, FILE *fp);

#endif
