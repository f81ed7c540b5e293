/*
 * ticket-show: one ticket, its deadlines and time left, its events; the
 * record as stored with --format json; the commits that touched it with
 * --history.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

static const char usage_text[] =
	"usage: ticket-show [-C DIR] [--format text|json] [--history]\n"
	"                   [--show-contact] ID\n";

/* "2d 3h 5m" for a number of seconds (>= 0). */
static char *
span_text(long long secs, char buf[48])
{
	long long m = secs / 60, d = m / 1440, h = m % 1440 / 60;

	m %= 60;
	if (d)
		snprintf(buf, 48, "%lldd %lldh %lldm", d, h, m);
	else if (h)
		snprintf(buf, 48, "%lldh %lldm", h, m);
	else
		snprintf(buf, 48, "%lldm", m);
	return buf;
}

/* One deadline line: due, and met / missed / left / overdue. */
static void
print_deadline(const char *label, time_t due, time_t done, int paused,
	       time_t now)
{
	char tbuf[TIME_BUFSZ], sbuf_[48];

	printf("%-12s due %s", label, time_format(due, tbuf));
	if (done && done <= due)
		printf(", met at %s\n", time_format(done, tbuf));
	else if (done)
		printf(", missed by %s\n", span_text(done - due, sbuf_));
	else if (paused)
		printf(", paused\n");
	else if (now > due)
		printf(", overdue by %s\n", span_text(now - due, sbuf_));
	else
		printf(", %s left\n", span_text(due - now, sbuf_));
}

static void
field(const char *label, const char *value)
{
	struct sbuf sb;

	sbuf_init(&sb);
	text_add_clean(&sb, value && *value ? value : "-", 1);
	printf("%-12s %s\n", label, sb.buf);
	sbuf_release(&sb);
}

/* An event on one line: when, who, what, and its fields. */
static void
print_event(json_t *e)
{
	static const char *const skip[] = {"id", "at", "by", "type", NULL};
	struct sbuf sb;
	const char *key;
	json_t *v;

	sbuf_init(&sb);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, jstr(e, "at"), 1);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, jstr(e, "by"), 1);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, jstr(e, "type"), 1);
	json_object_foreach(e, key, v) {
		if (str_index(skip, key) >= 0)
			continue;
		sbuf_adds(&sb, "  ");
		text_add_clean(&sb, key, 1);
		sbuf_addc(&sb, '=');
		if (json_is_string(v))
			text_add_clean(&sb, json_string_value(v), 1);
		else {
			char *s = json_dumps(v, JSON_ENCODE_ANY);

			sbuf_adds(&sb, s);
			free(s);
		}
	}
	puts(sb.buf);
	sbuf_release(&sb);
}

static int
print_commit(void *ctx, const char *oid, const char *author, long long when,
	     int offset_min, const char *summary)
{
	json_t *history = ctx;
	char tbuf[TIME_BUFSZ];
	struct sbuf sb;

	(void)offset_min;
	time_format((time_t)when, tbuf);
	if (history) {
		json_array_append_new(history, json_pack("{s:s, s:s, s:s, s:s}",
			"commit", oid, "at", tbuf, "author", author,
			"subject", summary ? summary : ""));
		return 0;
	}
	sbuf_init(&sb);
	sbuf_addf(&sb, "  %.10s  %s  ", oid, tbuf);
	text_add_clean(&sb, author, 1);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, summary ? summary : "", 1);
	puts(sb.buf);
	sbuf_release(&sb);
	return 0;
}

/* The time of the first resolve event, or 0. */
static time_t
first_resolve(json_t *rec)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e)
		if (jstr(e, "type") && !strcmp(jstr(e, "type"), "resolve"))
			return jtime(e, "at");
	return 0;
}

/* Plan review: whether the current plan waits for approval. */
static void
print_plan(struct store *st, json_t *rec, const struct ticket_state *s)
{
	struct sla_rule rule;
	const char *by = NULL;
	char *line;
	json_t *e;
	size_t i;

	ticket_rule(rec, &st->cfg, &rule);
	json_array_foreach(json_object_get(rec, "events"), i, e) {
		const char *type = jstr(e, "type");

		if (type && !strcmp(type, "plan"))
			by = NULL;
		else if (type && !strcmp(type, "plan-approved"))
			by = jstr(e, "by");
	}
	if (s->plan == PLAN_APPROVED)
		line = xasprintf("approved by %s", by ? by : "?");
	else
		line = xasprintf("%s approval by %s", s->plan == PLAN_NONE ?
				 "none yet; needs" : "awaiting",
				 rule.plan_approver);
	field("Plan:", line);
	free(line);
}

static void
print_text(struct store *st, json_t *rec, const struct ticket_state *s,
	   int show_contact)
{
	const struct config *cfg = &st->cfg;
	const char *sev = jstr(rec, "severity");
	struct csvtab *cust;
	char tbuf[TIME_BUFSZ], level[64];
	json_t *events = json_object_get(rec, "events"), *e;
	size_t i;

	printf("%s  %s%s%s  %s%s\n", jstr(rec, "id"), jstr(rec, "kind"),
	       sev ? "/" : "", sev ? sev : "", ticket_status_name(s->status),
	       s->paused ? " (paused)" : "");
	field("Title:", jstr(rec, "title"));
	if (store_register(st, REG_CUSTOMERS, &cust) == 0) {
		long r = csvtab_find(cust, "id", jstr(rec, "customer"));
		char *who = r < 0 ? xstrdup(jstr(rec, "customer")) :
			    xasprintf("%s (%s)", jstr(rec, "customer"),
				      csvtab_get(cust, (size_t)r, "name"));

		field("Customer:", who);
		free(who);
		if (r >= 0) {
			if (show_contact) {
				field("Email:", csvtab_get(cust, (size_t)r, "email"));
				field("Phone:", csvtab_get(cust, (size_t)r, "phone"));
			}
		}
	}
	field("Channel:", jstr(rec, "channel"));
	if (jstr(rec, "category"))
		field("Category:", jstr(rec, "category"));
	field("Meeting:", jstr(rec, "meeting"));
	field("Opened:", jstr(rec, "opened_at"));
	field("Assignee:", s->assignee);
	snprintf(level, sizeof(level), "%d (%s)", s->level,
		 s->level < cfg->nladder ? cfg->ladder[s->level] : "?");
	field("Level:", level);
	field("Rule:", s->rule);
	if (s->plan_required)
		print_plan(st, rec, s);
	print_deadline("Response:", s->response_due, s->responded_at, 0,
		       st->now);
	if (s->status == ST_RESOLVED || s->status == ST_CLOSED)
		print_deadline("Resolution:", s->resolution_due,
			       s->resolved_at, 0, st->now);
	else
		print_deadline("Resolution:", s->resolution_due, 0, s->paused,
			       st->now);
	/* After a reopen: the first deadline, and how the first resolve
	 * did against it (what KPIs judge). */
	if (s->reopened)
		print_deadline("First due:", s->first_resolution_due,
			       first_resolve(rec), 0, st->now);
	if (s->closed_at)
		field("Closed:", time_format(s->closed_at, tbuf));
	if (jstr(rec, "description") && *jstr(rec, "description")) {
		struct sbuf sb;

		sbuf_init(&sb);
		text_add_clean(&sb, jstr(rec, "description"), 0);
		printf("\nDescription:\n%s\n", sb.buf);
		sbuf_release(&sb);
	}
	printf("\nEvents:\n");
	json_array_foreach(events, i, e)
		print_event(e);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"history", no_argument, NULL, 'H'},
		{"show-contact", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	const char *dir = NULL;
	enum out_format fmt = OUT_TEXT;
	int history = 0, show_contact = 0, c, rc;
	char id[ID_LEN + 1];
	struct ticket_state s;
	struct store st;
	json_t *rec = NULL;

	pd_setprog(argv[0]);
	while ((c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case OPT_FORMAT:
			if (out_format_parse(optarg, &fmt) < 0 || fmt == OUT_CSV) {
				pd_error(PD_EUSAGE, "unknown format '%s' (expected text, json)",
					 optarg);
				return cli_usage_error(usage_text);
			}
			break;
		case 'H': history = 1; break;
		case 'c': show_contact = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (argc - optind != 1) {
		pd_error(PD_EUSAGE, argc == optind ? "no ticket id given"
						   : "too many arguments");
		return cli_usage_error(usage_text);
	}
	if ((rc = store_open(&st, dir)) ||
	    (rc = id_resolve(&st, 'T', argv[optind], id)) ||
	    (rc = ticket_load(&st, id, &rec, &s)))
		goto out;
	if (fmt == OUT_JSON && !history) {
		char *rel = id_relpath(id), *data;
		size_t len;

		if (!(rc = storefs_read(st.root, rel, &data, &len))) {
			fwrite(data, 1, len, stdout);
			free(data);
		}
		free(rel);
	} else if (fmt == OUT_JSON) {
		json_t *out = json_pack("{s:O, s:[]}", "record", rec, "history");
		char *rel = id_relpath(id), *text;

		rc = vcs_history(&st, rel, print_commit,
				 json_object_get(out, "history"));
		text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!rc)
			puts(text);
		free(text);
		free(rel);
		json_decref(out);
	} else {
		print_text(&st, rec, &s, show_contact);
		if (history) {
			char *rel = id_relpath(id);

			printf("\nHistory:\n");
			rc = vcs_history(&st, rel, print_commit, NULL);
			free(rel);
		}
	}
out:
	json_decref(rec);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}
