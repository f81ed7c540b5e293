/*
 * Unit tests for lib/base/opt.c: options and commands as data, every
 * refusal with its message, and --help made from the tables.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/opt.h"
#include "plaindesk/text.h"
#include "unit.h"

static const struct cmd cmds[] = {
	{"new", "", "plan a meeting", CMD_CHANGE},
	{"show", "ID", "show one meeting", 0},
	{"list", "", "list meetings", 0},
	{NULL, NULL, NULL, 0}
};

static const char *const formats[] = {"text", "json", NULL};

struct values {
	const char *title, *format, *by;
	int dry_run, quiet;
	struct strlist attendees;
	const char *room, *output;
	struct strlist rooms;
};

static struct values v;
static struct opt opts[] = {
	OPT_FULL(OPT_T_STRING, "title", &v.title, "TEXT", NULL, "new", "new",
		 "the title"),
	OPT_FULL(OPT_T_LIST, "attendee", &v.attendees, "WHO", NULL, "new list",
		 NULL, "an attendee"),
	OPT_FULL(OPT_T_STRING, "format", &v.format, "FORMAT", formats,
		 "show list", NULL, "the output format"),
	OPT_SHORT_FLAG('q', "quiet", &v.quiet, "say less"),
	OPT_SHORT_FULL('o', OPT_T_STRING, "output", &v.output, "FILE", NULL,
		       "list", NULL, "write to FILE"),
	/* One name for two commands, with its own argument and help each. */
	OPT_FULL(OPT_T_STRING, "room", &v.room, "ROOM", NULL, "show", NULL,
		 "the room to show it in"),
	OPT_FULL(OPT_T_LIST, "room", &v.rooms, "ID", NULL, "list", NULL,
		 "meetings in room ID"),
	OPT_BY(&v.by),
	OPT_DRY_RUN(&v.dry_run),
	OPT_END
};
static struct program prog = {
	.summary = "Plan meetings; a summary long enough to be wrapped at the eightieth column of the terminal.",
	.cmds = cmds, .cmd_noun = "subcommand", .operand_noun = "a meeting id",
	.opts = opts
};

static char *last_line;

/* Parse a command line given as one string; the message in *msg. */
static int
parse(const char *line, struct cli *cli, const char **msg)
{
	char *copy = xstrdup(line), *argv[32], *save = NULL;
	int argc = 0, rc, err = dup(2), null = open("/dev/null", O_WRONLY);

	strlist_release(&v.attendees);
	strlist_release(&v.rooms);
	memset(&v, 0, sizeof(v));
	strlist_init(&v.attendees);
	strlist_init(&v.rooms);
	for (struct opt *o = opts; o->type != OPT_T_END; o++)
		o->seen = 0;
	for (char *w = strtok_r(copy, " ", &save); w && argc < 31;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	pd_clear_error();
	dup2(null, 2);
	rc = opt_parse(&prog, argc, argv, cli);
	dup2(err, 2);
	close(err);
	close(null);
	*msg = pd_errmsg();
	/* The strings point into copy: kept until the next parse. */
	free(last_line);
	last_line = copy;
	return rc;
}

static void
refused(const char *line, const char *message)
{
	struct cli cli;
	const char *msg;

	CHECK_INT(parse(line, &cli, &msg), PD_EUSAGE);
	CHECK_STR(msg, message);
	cli_release(&cli);
}

static void
test_parse(void)
{
	struct cli cli;
	const char *msg;

	CHECK_INT(parse("p new --title Hello --attendee a --attendee=b -C /x",
			&cli, &msg), OPT_GO);
	CHECK_STR(cli.cmd->name, "new");
	CHECK_STR(v.title, "Hello");
	CHECK_INT(v.attendees.n, 2);
	CHECK_STR(v.attendees.items[1], "b");
	CHECK_STR(cli.dir, "/x");
	CHECK_INT(cli.noperands, 0);
	cli_release(&cli);

	CHECK_INT(parse("p --format json show M-1 -q", &cli, &msg), OPT_GO);
	CHECK_STR(cli.cmd->name, "show");
	CHECK_INT(cli.noperands, 1);
	CHECK_STR(cli.operands[0], "M-1");
	CHECK_INT(v.quiet, 1);
	cli_release(&cli);

	/* After "--" a word that looks like an option is an operand. */
	CHECK_INT(parse("p show -- --odd", &cli, &msg), OPT_GO);
	CHECK_STR(cli.operands[0], "--odd");
	cli_release(&cli);
	CHECK_INT(parse("p new --title - --dry-run --by S-1", &cli, &msg),
		  OPT_GO);
	CHECK_STR(v.title, "-");
	CHECK_INT(v.dry_run, 1);
	cli_release(&cli);

	/* --room is a room to show and rooms to list, before the command
	 * word or after it. */
	CHECK_INT(parse("p show M-1 --room R-1", &cli, &msg), OPT_GO);
	CHECK_STR(v.room, "R-1");
	CHECK_INT(v.rooms.n, 0);
	cli_release(&cli);
	CHECK_INT(parse("p --room R-1 -C /x --room=R-2 list", &cli, &msg),
		  OPT_GO);
	CHECK_STR(cli.cmd->name, "list");
	CHECK(v.room == NULL);
	CHECK_INT(v.rooms.n, 2);
	CHECK_STR(v.rooms.items[1], "R-2");
	cli_release(&cli);

	/* A short option with a value: -o FILE, -oFILE, its value never
	 * taken for the command word. */
	CHECK_INT(parse("p -o show list", &cli, &msg), OPT_GO);
	CHECK_STR(cli.cmd->name, "list");
	CHECK_STR(v.output, "show");
	CHECK_INT(cli.noperands, 0);
	cli_release(&cli);
	CHECK_INT(parse("p list -oa.csv -q", &cli, &msg), OPT_GO);
	CHECK_STR(v.output, "a.csv");
	CHECK_INT(v.quiet, 1);
	cli_release(&cli);
}

static void
test_refusals(void)
{
	refused("p", "no subcommand (expected new, show, list)");
	refused("p frob", "unknown subcommand 'frob' (expected new, show, list)");
	refused("p new --nope", "unknown option '--nope'");
	refused("p new -x", "unknown option '-x'");
	refused("p new --title", "option '--title' needs a value");
	refused("p new --title a --title b", "option '--title' given twice");
	refused("p new --quiet=yes --title a", "option '--quiet' takes no value");
	refused("p show", "show needs a meeting id");
	refused("p show M-1 M-2", "unexpected argument 'M-2'");
	refused("p list --title x", "option '--title' does not apply to 'list'");
	refused("p list --dry-run", "option '--dry-run' does not apply to 'list'");
	refused("p new", "new needs --title");
	refused("p show M-1 --room a --room b", "option '--room' given twice");
	refused("p new --title a --room b",
		"option '--room' does not apply to 'new'");
	refused("p --room a frob", "unknown subcommand 'frob' (expected new, show, list)");
	refused("p -C", "option '-C' needs a value");
	refused("p list -o", "option '-o' needs a value");
	refused("p list -o a --output b", "option '--output' given twice");
	refused("p show M-1 -o a", "option '--output' does not apply to 'show'");
	refused("p list -qo a", "unknown option '-q'");
	refused("p -C a -C b list", "option '-C' given twice");
}

static void
test_help(void)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int lines = 0, wide = 0;

	pd_setprog("p");
	opt_help(&prog, fp);
	fclose(fp);
	CHECK(strstr(text, "usage: p [-C DIR] new --title TEXT [--attendee WHO]... [options]\n") != NULL);
	CHECK(strstr(text, "   or: p [-C DIR] show ID [--format FORMAT]") != NULL);
	CHECK(strstr(text, "  new                   plan a meeting\n") != NULL);
	CHECK(strstr(text, "(one of: text, json)") != NULL);
	CHECK(strstr(text, "[show list]") != NULL);
	CHECK(strstr(text, "  -q, --quiet           say less\n") != NULL);
	CHECK(strstr(text, "  -o, --output FILE     write to FILE [list]\n") != NULL);
	CHECK(strstr(text, "--attendee WHO        an attendee; repeatable") != NULL);
	CHECK(strstr(text, "  --room ROOM           the room to show it in [show]\n") != NULL);
	CHECK(strstr(text, "  --room ID             meetings in room ID; repeatable [list]\n") != NULL);
	CHECK(strstr(text, "show ID [--format FORMAT] [--room ROOM] [options]\n") != NULL);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lines++;
		wide += text_width(line) > 80;
	}
	CHECK(lines > 10);
	CHECK_INT(wide, 0);
	free(text);
}

int
main(void)
{
	strlist_init(&v.attendees);
	strlist_init(&v.rooms);
	test_parse();
	test_refusals();
	test_help();
	strlist_release(&v.attendees);
	strlist_release(&v.rooms);
	free(last_line);
	return unit_done("opt");
}
