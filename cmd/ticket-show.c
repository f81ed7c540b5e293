/*
 * ticket-show: one ticket, its deadlines and time left, its events; the
 * record as stored with --format json; the commits that touched it with
 * --history.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/audit.h"
#include "plaindesk/erecord.h"
#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/opt.h"
#include "plaindesk/storefs.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

static const char *const show_formats[] = {"text", "json", NULL};

/* "2d 3h 5m" for a number of seconds (>= 0). */
static char *
span_text(long long secs, char buf[48])
{
	long long m = secs / 60, d = m / 1440, h = m % 1440 / 60;

	m %= 60;
	if (d)
		snprintf(buf, 48, _("%lldd %lldh %lldm"), d, h, m);
	else if (h)
		snprintf(buf, 48, _("%lldh %lldm"), h, m);
	else
		snprintf(buf, 48, _("%lldm"), m);
	return buf;
}

/* A label in the language of messages, padded to 12 columns wide. */
static void
print_label(const char *label)
{
	const char *l = _(label);
	size_t w = text_width(l);

	printf("%s%*s ", l, w < 12 ? (int)(12 - w) : 0, "");
}

/* One deadline line: due, and met / missed / left / overdue. */
static void
print_deadline(const char *label, time_t due, time_t done, int paused,
	       time_t now)
{
	char tbuf[TIME_BUFSZ], sbuf_[48];

	print_label(label);
	printf(_("due %s"), time_format(due, tbuf));
	if (done && done <= due)
		printf(_(", met at %s\n"), time_format(done, tbuf));
	else if (done)
		printf(_(", missed by %s\n"), span_text(done - due, sbuf_));
	else if (paused)
		printf(_(", paused\n"));
	else if (now > due)
		printf(_(", overdue by %s\n"), span_text(now - due, sbuf_));
	else
		printf(_(", %s left\n"), span_text(due - now, sbuf_));
}

static void
field(const char *label, const char *value)
{
	struct sbuf sb;

	sbuf_init(&sb);
	text_add_clean(&sb, value && *value ? value : "-", 1);
	print_label(label);
	printf("%s\n", sb.buf);
	sbuf_release(&sb);
}

/* An event on one line: when, who, what, and its fields. */
static void
print_event(json_t *e, int show_contact)
{
	static const char *const skip[] = {"id", "at", "by", "type", NULL};
	struct sbuf sb, details;
	const char *key;
	json_t *v;

	sbuf_init(&sb);
	sbuf_init(&details);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, jstr(e, "at"), 1);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, jstr(e, "by"), 1);
	sbuf_adds(&sb, "  ");
	text_add_clean(&sb, pd_label("event", jstr(e, "type")), 1);
	if (mail_event_by_mail(e))
		sbuf_adds(&sb, _(" (by mail)"));
	json_object_foreach(e, key, v) {
		if (str_index(skip, key) >= 0 ||
		    mail_event_hides(e, key, show_contact))
			continue;
		if (pd_lang_zh()) {
			erecord_detail(&details, key, v);
			continue;
		}
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
	/* zh-CN: the fields by name, their values by display name */
	if (details.len) {
		sbuf_adds(&sb, "  ");
		text_add_clean(&sb, details.buf, 1);
	}
	puts(sb.buf);
	sbuf_release(&sb);
	sbuf_release(&details);
}

/* The time of the first resolve event, or 0. */
static time_t
first_resolve(json_t *rec)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e)
		if (ticket_event_type(e) == TEV_RESOLVE)
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
		enum ticket_event type = ticket_event_type(e);

		if (type == TEV_PLAN)
			by = NULL;
		else if (type == TEV_PLAN_APPROVED)
			by = jstr(e, "by");
	}
	if (s->plan == PLAN_APPROVED)
		line = xasprintf(_("approved by %s"), by ? by : "?");
	else if (s->plan == PLAN_NONE)
		line = xasprintf(_("none yet; needs approval by %s"),
				 pd_label("role", rule.plan_approver));
	else
		line = xasprintf(_("awaiting approval by %s"),
				 pd_label("role", rule.plan_approver));
	field(N_("Plan:"), line);
	free(line);
}

/* The customer's line, with their name from the register, and their
 * e-mail and phone when the reader may see them. */
static void
print_customer(struct store *st, const char *id, int show_contact)
{
	struct csvtab *cust;
	long r;
	char *who;

	if (store_register(st, REG_CUSTOMERS, &cust) != 0)
		return;
	r = csvtab_find(cust, "id", id);
	who = r < 0 ? xstrdup(id) : xasprintf("%s (%s)", id,
			csvtab_get(cust, (size_t)r, "name"));
	field(N_("Customer:"), who);
	free(who);
	if (r >= 0 && show_contact) {
		field(N_("Email:"), csvtab_get(cust, (size_t)r, "email"));
		field(N_("Phone:"), csvtab_get(cust, (size_t)r, "phone"));
	}
}

static void
print_text(struct store *st, json_t *rec, const struct ticket_state *s,
	   int show_contact)
{
	const struct config *cfg = &st->cfg;
	const char *sev = jstr(rec, "severity");
	char tbuf[TIME_BUFSZ], level[64], *rule;
	json_t *events = json_object_get(rec, "events"), *e;
	size_t i;

	printf("%s  %s%s%s  %s%s\n", jstr(rec, "id"),
	       pd_label("kind", jstr(rec, "kind")), sev ? "/" : "",
	       sev ? pd_label("severity", sev) : "",
	       pd_label("status", ticket_status_name(s->status)),
	       s->paused ? _(" (paused)") : "");
	field(N_("Title:"), jstr(rec, "title"));
	print_customer(st, jstr(rec, "customer"), show_contact);
	field(N_("Channel:"), pd_label("channel", jstr(rec, "channel")));
	if (jstr(rec, "category"))
		field(N_("Category:"), pd_label("category",
						jstr(rec, "category")));
	field(N_("Meeting:"), jstr(rec, "meeting"));
	field(N_("Opened:"), jstr(rec, "opened_at"));
	{
		struct sbuf mail;

		sbuf_init(&mail);
		mail_show(&mail, rec, show_contact);
		fputs(mail.buf ? mail.buf : "", stdout);
		sbuf_release(&mail);
	}
	field(N_("Assignee:"), s->assignee);
	snprintf(level, sizeof(level), "%d (%s)", s->level,
		 s->level < cfg->nladder ?
		 pd_label("role", cfg->ladder[s->level]) : "?");
	field(N_("Level:"), level);
	rule = config_rule_label(s->rule);
	field(N_("Rule:"), rule);
	free(rule);
	if (s->plan_required)
		print_plan(st, rec, s);
	print_deadline(N_("Response:"), s->response_due, s->responded_at, 0,
		       st->now);
	if (s->status == ST_RESOLVED || s->status == ST_CLOSED)
		print_deadline(N_("Resolution:"), s->resolution_due,
			       s->resolved_at, 0, st->now);
	else
		print_deadline(N_("Resolution:"), s->resolution_due, 0, s->paused,
			       st->now);
	/* After a reopen: the first deadline, and how the first resolve
	 * did against it (what KPIs judge). */
	if (s->reopened)
		print_deadline(N_("First due:"), s->first_resolution_due,
			       first_resolve(rec), 0, st->now);
	if (s->closed_at)
		field(N_("Closed:"), time_format(s->closed_at, tbuf));
	if (s->followup_scheduled)
		field(N_("Follow-up:"), s->followup_due ?
		      time_format(s->followup_due, tbuf) : _("none pending"));
	if (jstr(rec, "description") && *jstr(rec, "description")) {
		struct sbuf sb;

		sbuf_init(&sb);
		text_add_clean(&sb, jstr(rec, "description"), 0);
		printf("\n%s\n%s\n", _("Description:"), sb.buf);
		sbuf_release(&sb);
	}
	printf("\n%s\n", _("Events:"));
	json_array_foreach(events, i, e)
		print_event(e, show_contact);
}

/* The record as stored; with history, after the text or in the JSON,
 * the commits that changed it. */
static int
show_record(struct store *st, const char *id, json_t *rec, int json,
	    int history)
{
	char *rel = id_relpath(id), *text = NULL;
	struct sbuf sb;
	size_t len;
	int rc = 0;

	sbuf_init(&sb);
	if (json && !history) {
		if (!(rc = storefs_read(st->root, rel, &text, &len)))
			fwrite(text, 1, len, stdout);
	} else if (history &&
		   !(rc = audit_show_history(st, rel, rec, json, &sb))) {
		fputs(sb.buf ? sb.buf : "", stdout);
	}
	sbuf_release(&sb);
	free(text);
	free(rel);
	return rc;
}

/* Show the ticket arg names in the store at dir; main's exit code. */
static int
show(const char *dir, const char *arg, enum out_format fmt, int history,
     int show_contact)
{
	char id[ID_LEN + 1];
	struct ticket_state s;
	struct store st;
	json_t *rec = NULL;
	int rc;

	if ((rc = store_open_reading(&st, dir)) ||
	    (rc = id_resolve(&st, 'T', arg, id)) ||
	    (rc = ticket_load(&st, id, &rec, &s)) ||
	    (show_contact && (rc = store_contact_allowed(&st, s.assignee))))
		goto out;
	if (fmt != OUT_JSON)
		print_text(&st, rec, &s, show_contact);
	rc = show_record(&st, id, rec, fmt == OUT_JSON, history);
out:
	json_decref(rec);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

int
main(int argc, char **argv)
{
	const char *format = "text";
	enum out_format fmt;
	int history = 0, show_contact = 0, rc;
	struct opt opts[] = {
		OPT_FULL(OPT_T_STRING, "format", &format, "FORMAT", show_formats,
			 NULL, NULL, "the output format (default: text); json prints the record as stored"),
		OPT_FLAG("history", &history,
			 "add every commit that changed the ticket, newest first"),
		OPT_FLAG("show-contact", &show_contact,
			 "add the customer's e-mail and phone"),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Show one ticket: its deadlines and the time left, its events, and with --history the commits that changed it."),
		.operands = "ID", .operand_noun = N_("a ticket id"), .opts = opts
	};
	struct cli cli;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (enum_check(show_formats, "format", format)) {
		rc = opt_usage_error(&prog);
		goto out;
	}
	out_format_parse(format, &fmt);
	rc = show(cli.dir, cli.operands[0], fmt, history, show_contact);
out:
	cli_release(&cli);
	return rc;
}
