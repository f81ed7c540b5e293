/*
 * mtg-plan: plan meetings (new, update), approve or reject ad-hoc ones,
 * send the agenda and the calendar invitation, cancel, list and show.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/cli.h"
#include "plaindesk/meetings.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"

static const char usage_text[] =
	"usage: mtg-plan new --type TYPE --title TEXT --start TIME --duration DUR\n"
	"                    --room ROOM [--organizer WHO] [--attendee WHO]...\n"
	"                    [--optional WHO]... --agenda \"TOPIC|MINUTES|OWNER|GOAL\"...\n"
	"                    [--material PATH|URL]... [--ad-hoc --reason TEXT]\n"
	"                    [--allow-conflict] [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-plan update ID [--type TYPE] [--title TEXT] [--start TIME]\n"
	"                    [--duration DUR] [--room ROOM] [--organizer WHO]\n"
	"                    [--attendee WHO]... [--optional WHO]...\n"
	"                    [--agenda \"TOPIC|MINUTES|OWNER|GOAL\"]...\n"
	"                    [--material PATH|URL]... [--allow-conflict]\n"
	"                    [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-plan approve ID [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-plan reject ID [--reason TEXT] [-C DIR] [--by WHO] [--dry-run]\n"
	"       mtg-plan send ID [--ics FILE] [--agenda FILE] [-C DIR] [--by WHO]\n"
	"                    [--dry-run]\n"
	"       mtg-plan cancel ID --reason TEXT [--ics FILE] [-C DIR] [--by WHO]\n"
	"                    [--dry-run]\n"
	"       mtg-plan list [--from TIME] [--to TIME] [--status STATUS]\n"
	"                    [--room ROOM] [--attendee WHO] [--format FORMAT]\n"
	"                    [--raw] [-C DIR]\n"
	"       mtg-plan show ID [--format text|json] [-C DIR]\n";

enum {
	O_TYPE = OPT_FIRST_LOCAL, O_TITLE, O_START, O_DURATION, O_ROOM,
	O_ORGANIZER, O_ATTENDEE, O_OPTIONAL, O_AGENDA, O_MATERIAL, O_ADHOC,
	O_REASON, O_ALLOW, O_ICS, O_FROM, O_TO, O_STATUS
};

/* Which options each subcommand takes (bits of the option's index). */
#define BIT(o) (1ULL << ((o) - OPT_FIRST_LOCAL))
#define PLAN_OPTS (BIT(O_TYPE) | BIT(O_TITLE) | BIT(O_START) | \
	BIT(O_DURATION) | BIT(O_ROOM) | BIT(O_ORGANIZER) | BIT(O_ATTENDEE) | \
	BIT(O_OPTIONAL) | BIT(O_AGENDA) | BIT(O_MATERIAL) | BIT(O_ALLOW))

static const struct subcommand {
	const char *name;
	int needs_id, changes;
	unsigned long long opts;
} subcommands[] = {
	{"new", 0, 1, PLAN_OPTS | BIT(O_ADHOC) | BIT(O_REASON)},
	{"update", 1, 1, PLAN_OPTS},
	{"approve", 1, 1, 0},
	{"reject", 1, 1, BIT(O_REASON)},
	{"send", 1, 1, BIT(O_ICS) | BIT(O_AGENDA)},
	{"cancel", 1, 1, BIT(O_REASON) | BIT(O_ICS)},
	{"list", 0, 0, BIT(O_FROM) | BIT(O_TO) | BIT(O_STATUS) | BIT(O_ROOM) |
		       BIT(O_ATTENDEE)},
	{"show", 1, 0, 0},
	{NULL, 0, 0, 0}
};

struct options {
	const char *dir, *by, *format, *ics, *from, *to, *status;
	int dry_run, raw;
	unsigned long long seen;
	struct plan_request req;
};

static int
cmd_list(struct store *st, struct options *o)
{
	static const char *const cols[] = {
		"id", "start", "duration_min", "type", "status", "room",
		"organizer", "title"
	};
	struct meeting_filter mf = {0};
	enum out_format f = OUT_TEXT;
	struct table t;
	json_t *rows, *r;
	size_t i;
	int rc;

	if (o->format && out_format_parse(o->format, &f) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected text, csv, json)",
				o->format);
	if (o->from && time_parse(o->from, &mf.from) < 0)
		return pd_error(PD_EUSAGE, "invalid time '%s' for --from", o->from);
	if (o->to && time_parse(o->to, &mf.to) < 0)
		return pd_error(PD_EUSAGE, "invalid time '%s' for --to", o->to);
	if (o->status && enum_check(meeting_statuses, "status", o->status))
		return PD_EUSAGE;
	mf.status = o->status;
	if (o->req.room &&
	    !(mf.room = store_lookup_id(st, REG_ROOMS, o->req.room)))
		return pd_error(PD_EDATA, "unknown room '%s'", o->req.room);
	if (o->req.required.n && !(mf.who = store_lookup_id(st, REG_STAFF,
						o->req.required.items[0])))
		return pd_error(PD_EDATA, "unknown staff member '%s'",
				o->req.required.items[0]);
	rows = meeting_list(st, &mf);
	table_init(&t, 8, cols);
	json_array_foreach(rows, i, r) {
		char dur[32];

		table_add_row(&t);
		table_set(&t, 0, jstr(r, "id"));
		table_set(&t, 1, jstr(r, "start"));
		snprintf(dur, sizeof(dur), "%lld", jint(r, "duration_min", 0));
		table_set(&t, 2, dur);
		table_set_json(&t, 2, json_integer(jint(r, "duration_min", 0)));
		table_set(&t, 3, jstr(r, "type"));
		table_set(&t, 4, jstr(json_object_get(r, "state"), "status"));
		table_set(&t, 5, jstr(r, "room"));
		table_set(&t, 6, jstr(r, "organizer"));
		table_set(&t, 7, jstr(r, "title"));
	}
	table_set_label(&t, 2, "MIN");
	rc = table_write(&t, f, o->raw, stdout);
	table_release(&t);
	json_decref(rows);
	return rc;
}

static int
cmd_show(struct store *st, const char *id, struct options *o)
{
	struct sbuf out;
	json_t *rec;
	int rc;

	if (o->format && strcmp(o->format, "text") && strcmp(o->format, "json"))
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected text, json)",
				o->format);
	if (o->format && !strcmp(o->format, "json")) {
		char *rel = id_relpath(id), *data;
		size_t len;

		if (!(rc = storefs_read(st->root, rel, &data, &len))) {
			fwrite(data, 1, len, stdout);
			free(data);
		}
		free(rel);
		return rc;
	}
	if ((rc = meeting_load(st, id, &rec, NULL)))
		return rc;
	sbuf_init(&out);
	meeting_describe(st, rec, &out);
	fwrite(out.buf, 1, out.len, stdout);
	sbuf_release(&out);
	json_decref(rec);
	return 0;
}

/* Files written after the commit: outside the store's history. */
struct output {
	const char *path;
	char *data;
	size_t len;
};

/*
 * Can path be written?  Checked before the commit, so that a typo in a
 * directory name refuses the command instead of failing after it.
 */
static int
writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int ok;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	ok = access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	if (!ok)
		return pd_error(PD_ECANTCREAT, "cannot write '%s': %s", path,
				strerror(errno));
	return 0;
}

/* The documents send and cancel write, made before the commit. */
static int
make_outputs(struct store *st, json_t *rec, const char *sub,
	     struct options *o, struct output out[2])
{
	struct sbuf doc;
	int rc;

	if (o->ics) {
		if ((rc = writable(o->ics)))
			return rc;
		out[0].path = o->ics;
		if ((rc = meeting_invite(st, rec, !strcmp(sub, "cancel"),
					 &out[0].data, &out[0].len)))
			return rc;
	}
	if (!strcmp(sub, "send") && o->req.agenda.n) {
		const char *path = o->req.agenda.items[0];
		int html = str_endswith(path, ".html") ||
			   str_endswith(path, ".htm");

		if ((rc = writable(path)))
			return rc;
		sbuf_init(&doc);
		if ((rc = meeting_render(st, rec, html ? "agenda.html"
						       : "agenda.md", &doc))) {
			sbuf_release(&doc);
			return rc;
		}
		out[1].path = path;
		out[1].len = doc.len;
		out[1].data = sbuf_detach(&doc, NULL);
	}
	return 0;
}

static int
cmd_change(struct store *st, const char *sub, const char *arg,
	   struct options *o)
{
	struct output out[2] = {{0}};
	char id[ID_LEN + 1], *subject = NULL, *conflict = NULL;
	struct meeting_state state;
	struct actor a = {0};
	struct change c;
	json_t *rec = NULL;
	int rc, on_time = 1;
	time_t due = 0;

	if (!o->dry_run && (rc = cli_begin_change(st)))
		return rc;
	if ((rc = store_actor(st, o->by, &a)))
		return rc;
	change_init(&c, st, "mtg-plan");
	if (!strcmp(sub, "new")) {
		rc = meeting_new_stage(st, &o->req, &a, &c, id, &subject,
				       &conflict);
		goto staged;
	}
	if ((rc = id_resolve(st, 'M', arg, id)) ||
	    (rc = meeting_load(st, id, &rec, &state)))
		goto out;
	if (!strcmp(sub, "update")) {
		rc = meeting_update_stage(st, rec, &o->req, &a, &c, &subject,
					  &conflict);
		goto staged;
	} else if (!strcmp(sub, "approve")) {
		rc = meeting_approve_stage(st, rec, &a, &c);
	} else if (!strcmp(sub, "reject")) {
		rc = meeting_reject_stage(st, rec, o->req.reason, &a, &c);
	} else if (!strcmp(sub, "send")) {
		rc = meeting_send_stage(st, rec, &a, &c, &on_time, &due);
	} else {
		rc = meeting_cancel_stage(st, rec, o->req.reason, &a, &c);
	}
	if (!rc)
		subject = xasprintf("%s %s \"%s\"", id, sub, jstr(rec, "title"));
staged:
	if (!rc)
		rc = make_outputs(st, rec, sub, o, out);
	if (!rc && o->dry_run) {
		cli_print_dry_run(&c, stdout);
		for (int i = 0; i < 2; i++)
			if (out[i].path)
				printf("--- %s (not written)\n", out[i].path);
	} else if (!rc) {
		char *full = xasprintf("mtg-plan: %s", subject);

		rc = change_commit(&c, &a, full);
		free(full);
		for (int i = 0; i < 2 && !rc; i++)
			if (out[i].path)
				rc = write_file_atomic(out[i].path, out[i].data,
						       out[i].len);
		if (!rc)
			puts(id);
	}
	if (!rc && conflict)
		pd_warn("planned despite: %s", conflict);
	if (!rc && !on_time) {
		char buf[TIME_BUFSZ];

		pd_warn("the agenda is late (due by %s)", time_format(due, buf));
	}
out:
	for (int i = 0; i < 2; i++)
		free(out[i].data);
	free(subject);
	free(conflict);
	json_decref(rec);
	change_release(&c);
	actor_release(&a);
	return rc;
}

/* For new/update: a duplicate of a single-valued option is an error. */
static int
once(struct options *o, int opt, const char *name)
{
	if (o->seen & BIT(opt))
		return pd_error(PD_EUSAGE, "option '--%s' given twice", name);
	o->seen |= BIT(opt);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"type", required_argument, NULL, O_TYPE},
		{"title", required_argument, NULL, O_TITLE},
		{"start", required_argument, NULL, O_START},
		{"duration", required_argument, NULL, O_DURATION},
		{"room", required_argument, NULL, O_ROOM},
		{"organizer", required_argument, NULL, O_ORGANIZER},
		{"attendee", required_argument, NULL, O_ATTENDEE},
		{"optional", required_argument, NULL, O_OPTIONAL},
		{"agenda", required_argument, NULL, O_AGENDA},
		{"material", required_argument, NULL, O_MATERIAL},
		{"ad-hoc", no_argument, NULL, O_ADHOC},
		{"reason", required_argument, NULL, O_REASON},
		{"allow-conflict", no_argument, NULL, O_ALLOW},
		{"ics", required_argument, NULL, O_ICS},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"status", required_argument, NULL, O_STATUS},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"raw", no_argument, NULL, OPT_RAW},
		{"by", required_argument, NULL, OPT_BY},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	static const char *const names[] = {
		"type", "title", "start", "duration", "room", "organizer",
		"attendee", "optional", "agenda", "material", "ad-hoc", "reason",
		"allow-conflict", "ics", "from", "to", "status"
	};
	struct options o = {0};
	const struct subcommand *sc = NULL;
	const char *sub, *arg = NULL;
	struct store st;
	int c, rc = 0;

	pd_setprog(argv[0]);
	plan_request_init(&o.req);
	while (!rc && (c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		if (c >= OPT_FIRST_LOCAL) {
			unsigned long long bit = BIT(c);

			if ((o.seen & bit) && c != O_ATTENDEE &&
			    c != O_OPTIONAL && c != O_AGENDA &&
			    c != O_MATERIAL) {
				rc = once(&o, c, names[c - OPT_FIRST_LOCAL]);
				break;
			}
			o.seen |= bit;
		}
		switch (c) {
		case 'C': o.dir = optarg; break;
		case O_TYPE: o.req.type = optarg; break;
		case O_TITLE: o.req.title = optarg; break;
		case O_START: o.req.start = optarg; break;
		case O_DURATION: o.req.duration = optarg; break;
		case O_ROOM: o.req.room = optarg; break;
		case O_ORGANIZER: o.req.organizer = optarg; break;
		case O_ATTENDEE: strlist_add(&o.req.required, optarg); break;
		case O_OPTIONAL: strlist_add(&o.req.optional, optarg); break;
		case O_AGENDA: strlist_add(&o.req.agenda, optarg); break;
		case O_MATERIAL: strlist_add(&o.req.materials, optarg); break;
		case O_ADHOC: o.req.ad_hoc = 1; break;
		case O_REASON: o.req.reason = optarg; break;
		case O_ALLOW: o.req.allow_conflict = 1; break;
		case O_ICS: o.ics = optarg; break;
		case O_FROM: o.from = optarg; break;
		case O_TO: o.to = optarg; break;
		case O_STATUS: o.status = optarg; break;
		case OPT_FORMAT: o.format = optarg; break;
		case OPT_RAW: o.raw = 1; break;
		case OPT_BY: o.by = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case 'h':
			plan_request_release(&o.req);
			return cli_usage(usage_text, 0);
		case OPT_VERSION:
			plan_request_release(&o.req);
			return cli_version();
		default: rc = PD_EUSAGE; break;
		}
	}
	if (!rc && optind >= argc)
		rc = pd_error(PD_EUSAGE, "no subcommand (expected new, update, approve, reject, send, cancel, list, show)");
	if (!rc) {
		sub = argv[optind++];
		for (int i = 0; subcommands[i].name; i++)
			if (!strcmp(subcommands[i].name, sub))
				sc = &subcommands[i];
		if (!sc)
			rc = pd_error(PD_EUSAGE, "unknown subcommand '%s' (expected new, update, approve, reject, send, cancel, list, show)",
				      sub);
	}
	if (!rc && sc->needs_id) {
		if (optind >= argc)
			rc = pd_error(PD_EUSAGE, "%s needs a meeting id", sc->name);
		else
			arg = argv[optind++];
	}
	if (!rc && optind < argc)
		rc = pd_error(PD_EUSAGE, "unexpected argument '%s'", argv[optind]);
	for (int i = 0; !rc && i < (int)(sizeof(names) / sizeof(*names)); i++)
		if ((o.seen & (1ULL << i)) && !(sc->opts & (1ULL << i)))
			rc = pd_error(PD_EUSAGE, "%s does not take --%s",
				      sc->name, names[i]);
	if (!rc && o.dry_run && !sc->changes)
		rc = pd_error(PD_EUSAGE, "%s does not take --dry-run", sc->name);
	if (!rc && o.format && (sc->changes))
		rc = pd_error(PD_EUSAGE, "%s does not take --format", sc->name);
	if (!rc && o.raw && strcmp(sc->name, "list"))
		rc = pd_error(PD_EUSAGE, "%s does not take --raw", sc->name);
	if (!rc && !strcmp(sc->name, "send") && o.req.agenda.n > 1)
		rc = pd_error(PD_EUSAGE, "send takes one --agenda FILE");
	if (rc) {
		plan_request_release(&o.req);
		return cli_usage_error(usage_text);
	}
	if ((rc = store_open(&st, o.dir)) == 0) {
		if (!strcmp(sc->name, "list")) {
			if (o.req.required.n > 1)
				rc = pd_error(PD_EUSAGE, "list takes one --attendee");
			else
				rc = cmd_list(&st, &o);
		} else if (!strcmp(sc->name, "show")) {
			char id[ID_LEN + 1];

			if (!(rc = id_resolve(&st, 'M', arg, id)))
				rc = cmd_show(&st, id, &o);
		} else {
			rc = cmd_change(&st, sc->name, arg, &o);
		}
	}
	store_close(&st);
	plan_request_release(&o.req);
	return rc ? pd_die(rc) : cli_finish(0);
}
