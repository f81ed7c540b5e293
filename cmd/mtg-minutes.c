/*
 * mtg-minutes: record and publish the minutes of a meeting (publishing
 * tells the attendees), render them, follow up its action items and
 * remind their owners, and collect feedback.  Notices go to the
 * notifier after the commit that records them, and their deliveries
 * make a second commit.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/deliver.h"
#include "plaindesk/meetings.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"

static const char usage_text[] =
	"usage: mtg-minutes record ID --started TIME --ended TIME [--present WHO]...\n"
	"                   [--absent WHO]... [--late WHO]...\n"
	"                   [--outcome \"N|OUTCOME[|NOTES]\"]... [--decision TEXT]...\n"
	"                   [--action \"TEXT|OWNER|DUE|EXPECTED\"]...\n"
	"                   [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-minutes record ID --from-file FILE [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-minutes publish ID [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-minutes render ID [--format md|html|text] [-C DIR]\n"
	"       mtg-minutes actions [--open] [--overdue] [--owner WHO]\n"
	"                   [--format FORMAT] [--raw] [-C DIR]\n"
	"       mtg-minutes done ACTION-ID [--note TEXT] [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-minutes remind [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-minutes feedback ID [--by WHO] --score N [--comment TEXT] [-C DIR]\n"
	"                   [--dry-run]\n";

enum {
	O_STARTED = OPT_FIRST_LOCAL, O_ENDED, O_PRESENT, O_ABSENT, O_LATE,
	O_OUTCOME, O_DECISION, O_ACTION, O_FROMFILE, O_NOTE, O_SCORE,
	O_COMMENT, O_OPEN, O_OVERDUE, O_OWNER
};

#define BIT(o) (1U << ((o) - OPT_FIRST_LOCAL))
#define RECORD_OPTS (BIT(O_STARTED) | BIT(O_ENDED) | BIT(O_PRESENT) | \
	BIT(O_ABSENT) | BIT(O_LATE) | BIT(O_OUTCOME) | BIT(O_DECISION) | \
	BIT(O_ACTION))

static const char *const option_names[] = {
	"started", "ended", "present", "absent", "late", "outcome", "decision",
	"action", "from-file", "note", "score", "comment", "open", "overdue",
	"owner"
};

static const struct subcommand {
	const char *name;
	int changes;
	unsigned opts;
} subcommands[] = {
	{"record", 1, RECORD_OPTS | BIT(O_FROMFILE)},
	{"publish", 1, 0},
	{"render", 0, 0},
	{"actions", 0, BIT(O_OPEN) | BIT(O_OVERDUE) | BIT(O_OWNER)},
	{"done", 1, BIT(O_NOTE)},
	{"remind", 1, 0},
	{"feedback", 1, BIT(O_SCORE) | BIT(O_COMMENT)},
	{NULL, 0, 0}
};

struct options {
	const char *dir, *by, *format, *from_file, *note, *score, *comment;
	const char *owner;
	int dry_run, raw, open, overdue;
	unsigned seen;
	struct minutes_input in;
	struct notifier notifier;	/* publish, remind */
};

static int
cmd_actions(struct store *st, struct options *o)
{
	static const char *const cols[] = {
		"id", "owner", "due", "status", "done_at", "text", "expected",
		"title"
	};
	struct action_filter af = {0};
	enum out_format f = OUT_TEXT;
	struct table t;
	json_t *rows, *a;
	size_t i;
	int rc, bad;

	if (o->format && out_format_parse(o->format, &f) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected text, csv, json)",
				o->format);
	af.open = o->open;
	af.overdue = o->overdue;
	if (o->owner && !(af.owner = store_lookup_id(st, REG_STAFF, o->owner)))
		return pd_error(PD_EDATA, "unknown staff member '%s'", o->owner);
	bad = action_list(st, &af, &rows);
	table_init(&t, 8, cols);
	json_array_foreach(rows, i, a) {
		table_add_row(&t);
		for (size_t c = 0; c < 8; c++)
			table_set(&t, c, jstr(a, cols[c]));
	}
	rc = table_write(&t, f, o->raw, stdout);
	table_release(&t);
	json_decref(rows);
	return rc ? rc : bad;
}

static int
cmd_render(struct store *st, const char *arg, struct options *o)
{
	static const char *const formats[] = {"md", "html", "text", NULL};
	static const char *const names[] = {
		"minutes.md", "minutes.html", "minutes.txt"
	};
	const char *format = o->format ? o->format : "md";
	char id[ID_LEN + 1];
	struct sbuf out;
	json_t *rec;
	int f = str_index(formats, format), rc;

	if (f < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected md, html, text)",
				format);
	if ((rc = id_resolve(st, 'M', arg, id)) ||
	    (rc = meeting_load(st, id, &rec, NULL)))
		return rc;
	sbuf_init(&out);
	if (!(rc = meeting_render(st, rec, names[f], &out))) {
		struct sbuf clean;

		/* What a hand edit put in a record stays off a terminal. */
		sbuf_init(&clean);
		text_add_clean(&clean, out.buf ? out.buf : "", 0);
		fwrite(clean.buf ? clean.buf : "", 1, clean.len, stdout);
		sbuf_release(&clean);
	}
	sbuf_release(&out);
	json_decref(rec);
	return rc;
}

/*
 * After a commit that recorded notices in the meetings ids: hand them to
 * the notifier, the lock released, and commit their deliveries; the
 * meetings that changed are added to changed (may be NULL).
 */
static void
deliver(struct store *st, struct options *o, const struct actor *a,
	const struct strlist *ids, struct strlist *changed)
{
	struct outbox box;

	outbox_init(&box);
	outbox_collect_ids(&box, st, ids);
	outbox_deliver(&box, st, &o->notifier, a, "mtg-minutes");
	for (size_t i = 0; i < box.problems.n; i++)
		pd_warn("%s", box.problems.items[i]);
	for (size_t i = 0; changed && i < box.changed.n; i++)
		if (!strlist_has(changed, box.changed.items[i]))
			strlist_add(changed, box.changed.items[i]);
	outbox_release(&box);
}

/* remind: the reminders due now, one commit, then their delivery. */
static int
cmd_remind(struct store *st, struct options *o)
{
	struct reminders r;
	struct actor a = {0};
	struct change c;
	char *subject;
	int rc;

	if (!o->dry_run && (rc = cli_begin_change(st)))
		return rc;
	if ((rc = store_actor(st, o->by, &a)))
		return rc;
	change_init(&c, st, "mtg-minutes");
	reminders_init(&r, st, &a, &c);
	rc = meeting_remind_pass(&r);
	for (size_t i = 0; i < r.problems.n; i++)
		pd_warn("%s", r.problems.items[i]);
	subject = xasprintf("mtg-minutes: remind %d due, %d overdue", r.due,
			    r.overdue);
	if (!rc && o->dry_run)
		cli_print_dry_run(&c, stdout);
	else if (!rc && c.nfiles > 0)
		rc = change_commit(&c, &a, subject);
	if (!rc && !o->dry_run) {
		deliver(st, o, &a, &r.changed, &r.changed);
		for (size_t i = 0; i < r.changed.n; i++)
			puts(r.changed.items[i]);
	}
	free(subject);
	reminders_release(&r);
	change_release(&c);
	actor_release(&a);
	return rc;
}

static int
cmd_change(struct store *st, const char *sub, const char *arg,
	   struct options *o)
{
	char id[ID_LEN + 1], *subject = NULL, *data = NULL;
	struct strlist ids;
	struct actor a = {0};
	struct change c;
	json_t *rec = NULL;
	int rc, on_time = 1;
	long n = 0;
	time_t due = 0;

	strlist_init(&ids);
	if (!o->dry_run && (rc = cli_begin_change(st)))
		goto done;
	if ((rc = store_actor(st, o->by, &a)))
		goto done;
	change_init(&c, st, "mtg-minutes");
	if (!strcmp(sub, "done"))
		rc = action_id_resolve(st, arg, id, &n);
	else
		rc = id_resolve(st, 'M', arg, id);
	if (rc || (rc = meeting_load(st, id, &rec, NULL)))
		goto out;
	if (!strcmp(sub, "record")) {
		if (o->from_file) {
			size_t len;

			if (!(rc = read_file(o->from_file, &data, &len)) &&
			    strlen(data) != len)
				rc = pd_error(PD_EDATA, "%s: contains a NUL byte",
					      o->from_file);
			if (!rc && !utf8_valid(data, len))
				rc = pd_error(PD_EDATA, "%s: not valid UTF-8",
					      o->from_file);
			if (!rc)
				rc = minutes_parse_md(&o->in, data,
						      o->from_file);
		}
		if (!rc)
			rc = meeting_record_stage(st, rec, &o->in, &a, &c,
						  &ids);
	} else if (!strcmp(sub, "publish")) {
		if (!(rc = meeting_publish_stage(st, rec, &a, &c, &on_time,
						 &due)))
			rc = meeting_minutes_notice(st, rec, &a, &c);
	} else if (!strcmp(sub, "done")) {
		rc = meeting_done_stage(st, rec, n, o->note, &a, &c);
	} else {
		char *end;
		long score = strtol(o->score, &end, 10);

		if (*end || end == o->score)
			rc = pd_error(PD_EUSAGE, "invalid score '%s' (expected 1 to 5)",
				      o->score);
		else
			rc = meeting_feedback_stage(st, rec, score, o->comment,
						    &a, &c);
	}
	if (rc)
		goto out;
	if (!strcmp(sub, "done"))
		subject = xasprintf("mtg-minutes: %s.%ld done", id, n);
	else
		subject = xasprintf("mtg-minutes: %s %s \"%s\"", id, sub,
				    jstr(rec, "title"));
	if (o->dry_run) {
		cli_print_dry_run(&c, stdout);
		goto out;
	}
	if ((rc = change_commit(&c, &a, subject)))
		goto out;
	if (!strcmp(sub, "publish")) {
		strlist_add(&ids, id);
		deliver(st, o, &a, &ids, NULL);
		strlist_release(&ids);
		strlist_init(&ids);
	}
	if (!strcmp(sub, "done"))
		printf("%s.%ld\n", id, n);
	else
		puts(id);
	for (size_t i = 0; i < ids.n; i++)
		puts(ids.items[i]);
	if (!on_time) {
		char buf[TIME_BUFSZ];

		pd_warn("the minutes are published late (due by %s)",
			time_format(due, buf));
	}
out:
	change_release(&c);
done:
	free(subject);
	free(data);
	json_decref(rec);
	actor_release(&a);
	strlist_release(&ids);
	return rc;
}

/* Record one option of `record` into the minutes input. */
static int
record_option(struct options *o, int c, const char *arg)
{
	switch (c) {
	case O_STARTED:
		free(o->in.started);
		o->in.started = xstrdup(arg);
		return 0;
	case O_ENDED:
		free(o->in.ended);
		o->in.ended = xstrdup(arg);
		return 0;
	case O_PRESENT:
		strlist_add(&o->in.present, arg);
		return 0;
	case O_ABSENT:
		strlist_add(&o->in.absent, arg);
		return 0;
	case O_LATE:
		strlist_add(&o->in.late, arg);
		return 0;
	case O_OUTCOME:
		return minutes_add_outcome(&o->in, arg);
	case O_DECISION:
		strlist_add(&o->in.decisions, arg);
		return 0;
	default:
		return minutes_add_action(&o->in, arg);
	}
}

static int
check_usage(const struct subcommand *sc, struct options *o)
{
	for (int i = 0; i < (int)(sizeof(option_names) /
				  sizeof(*option_names)); i++)
		if ((o->seen & (1U << i)) && !(sc->opts & (1U << i)))
			return pd_error(PD_EUSAGE, "%s does not take --%s",
					sc->name, option_names[i]);
	if (o->dry_run && !sc->changes)
		return pd_error(PD_EUSAGE, "%s does not take --dry-run", sc->name);
	if (o->format && strcmp(sc->name, "render") &&
	    strcmp(sc->name, "actions"))
		return pd_error(PD_EUSAGE, "%s does not take --format", sc->name);
	if (o->raw && strcmp(sc->name, "actions"))
		return pd_error(PD_EUSAGE, "%s does not take --raw", sc->name);
	if (!strcmp(sc->name, "record")) {
		if (o->from_file && (o->seen & RECORD_OPTS))
			return pd_error(PD_EUSAGE, "--from-file takes no other minutes options");
		if (!o->from_file && (!o->in.started || !o->in.ended))
			return pd_error(PD_EUSAGE, "record needs --started and --ended, or --from-file");
	}
	if (!strcmp(sc->name, "feedback") && !o->score)
		return pd_error(PD_EUSAGE, "feedback needs --score N");
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"started", required_argument, NULL, O_STARTED},
		{"ended", required_argument, NULL, O_ENDED},
		{"present", required_argument, NULL, O_PRESENT},
		{"absent", required_argument, NULL, O_ABSENT},
		{"late", required_argument, NULL, O_LATE},
		{"outcome", required_argument, NULL, O_OUTCOME},
		{"decision", required_argument, NULL, O_DECISION},
		{"action", required_argument, NULL, O_ACTION},
		{"from-file", required_argument, NULL, O_FROMFILE},
		{"note", required_argument, NULL, O_NOTE},
		{"score", required_argument, NULL, O_SCORE},
		{"comment", required_argument, NULL, O_COMMENT},
		{"open", no_argument, NULL, O_OPEN},
		{"overdue", no_argument, NULL, O_OVERDUE},
		{"owner", required_argument, NULL, O_OWNER},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"raw", no_argument, NULL, OPT_RAW},
		{"by", required_argument, NULL, OPT_BY},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	struct options o = {0};
	const struct subcommand *sc = NULL;
	const char *sub, *arg = NULL;
	struct store st;
	int c, rc = 0;

	pd_setprog(argv[0]);
	minutes_input_init(&o.in);
	while (!rc && (c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		if (c >= OPT_FIRST_LOCAL)
			o.seen |= BIT(c);
		switch (c) {
		case 'C': o.dir = optarg; break;
		case O_STARTED: case O_ENDED: case O_PRESENT: case O_ABSENT:
		case O_LATE: case O_OUTCOME: case O_DECISION: case O_ACTION:
			rc = record_option(&o, c, optarg);
			break;
		case O_FROMFILE: o.from_file = optarg; break;
		case O_NOTE: o.note = optarg; break;
		case O_SCORE: o.score = optarg; break;
		case O_COMMENT: o.comment = optarg; break;
		case O_OPEN: o.open = 1; break;
		case O_OVERDUE: o.overdue = 1; break;
		case O_OWNER: o.owner = optarg; break;
		case OPT_FORMAT: o.format = optarg; break;
		case OPT_RAW: o.raw = 1; break;
		case OPT_BY: o.by = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case 'h':
			minutes_input_release(&o.in);
			return cli_usage(usage_text, 0);
		case OPT_VERSION:
			minutes_input_release(&o.in);
			return cli_version();
		default: rc = PD_EUSAGE; break;
		}
	}
	if (!rc && optind >= argc)
		rc = pd_error(PD_EUSAGE, "no subcommand (expected record, publish, render, actions, done, remind, feedback)");
	if (!rc) {
		sub = argv[optind++];
		for (int i = 0; subcommands[i].name; i++)
			if (!strcmp(subcommands[i].name, sub))
				sc = &subcommands[i];
		if (!sc)
			rc = pd_error(PD_EUSAGE, "unknown subcommand '%s' (expected record, publish, render, actions, done, remind, feedback)",
				      sub);
	}
	if (!rc && strcmp(sc->name, "actions") && strcmp(sc->name, "remind")) {
		if (optind >= argc)
			rc = pd_error(PD_EUSAGE, "%s needs %s", sc->name,
				      strcmp(sc->name, "done") ?
				      "a meeting id" : "an action id");
		else
			arg = argv[optind++];
	}
	if (!rc && optind < argc)
		rc = pd_error(PD_EUSAGE, "unexpected argument '%s'", argv[optind]);
	if (!rc)
		rc = check_usage(sc, &o);
	if (rc) {
		minutes_input_release(&o.in);
		return cli_usage_error(usage_text);
	}
	if ((rc = store_open(&st, o.dir)) == 0 &&
	    (!strcmp(sc->name, "publish") || !strcmp(sc->name, "remind")))
		rc = notifier_load(&st, &o.notifier);
	if (rc == 0) {
		if (!strcmp(sc->name, "actions"))
			rc = cmd_actions(&st, &o);
		else if (!strcmp(sc->name, "remind"))
			rc = cmd_remind(&st, &o);
		else if (!strcmp(sc->name, "render"))
			rc = cmd_render(&st, arg, &o);
		else
			rc = cmd_change(&st, sc->name, arg, &o);
	}
	store_close(&st);
	notifier_release(&o.notifier);
	minutes_input_release(&o.in);
	return rc ? pd_die(rc) : cli_finish(0);
}
