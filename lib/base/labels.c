/*
 * Display names of the enum values and column names that listings and
 * show commands print, for the catalogue: the values stay English in
 * records, CSV and JSON; a text table or a show in another language
 * prints pd_label(CONTEXT, VALUE).  NC_() gives xgettext each one with
 * its context (the column it belongs to), as pgettext() would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/util.h"

#define NC_(c, s) c "\004" s

/* Not read at run time: the list xgettext extracts. */
const char *const pd_label_catalogue[] = {
	NC_("kind", "inquiry"), NC_("kind", "complaint"),
	NC_("kind", "suggestion"), NC_("kind", "request"),
	NC_("kind", "holiday"), NC_("kind", "workday"),
	/* What cust-care due lists. */
	NC_("kind", "followup"), NC_("kind", "visit"), NC_("kind", "occasion"),
	NC_("channel", "onsite"), NC_("channel", "phone"),
	NC_("channel", "email"), NC_("channel", "online"),
	NC_("channel", "social"), NC_("channel", "other"),
	NC_("category", "attitude"), NC_("category", "equipment"),
	NC_("category", "venue"), NC_("category", "process"),
	NC_("category", "catering"), NC_("category", "other"),
	NC_("severity", "major"), NC_("severity", "important"),
	NC_("severity", "general"),
	NC_("status", "open"), NC_("status", "acknowledged"),
	NC_("status", "investigating"), NC_("status", "resolved"),
	NC_("status", "closed"), NC_("status", "pending"),
	NC_("status", "planned"), NC_("status", "cancelled"),
	NC_("status", "held"), NC_("status", "published"),
	NC_("status", "draft"), NC_("status", "retired"),
	NC_("tier", "vip"), NC_("tier", "key"), NC_("tier", "general"),
	NC_("tier", "potential"),
	NC_("role", "agent"), NC_("role", "manager"), NC_("role", "gm"),
	NC_("role", "admin"),
	NC_("type", "decision"), NC_("type", "seminar"),
	NC_("type", "routine"), NC_("type", "training"),
	NC_("type", "other"),
	/* The events of a care plan and of an article, in their show. */
	NC_("type", "plan"), NC_("type", "visit"), NC_("type", "touch"),
	NC_("type", "end"), NC_("type", "write"), NC_("type", "revise"),
	NC_("type", "publish"), NC_("type", "review"), NC_("type", "retire"),
	NC_("status", "active"), NC_("status", "ended"),
	/* A meeting's action item in mtg-minutes actions. */
	NC_("status", "overdue"), NC_("status", "done"),
	NC_("status", "done (late)"),
	/* 会务: a task's state and the groups of the service team. */
	NC_("state", "open"), NC_("state", "done"), NC_("state", "late"),
	NC_("state", "missed"), NC_("state", "overdue"),
	NC_("state", "failed"), NC_("state", "skipped"),
	NC_("group", "secretariat"), NC_("group", "logistics"),
	NC_("group", "transport"),
	NC_("active", "yes"), NC_("active", "no"),
	NC_("overdue", "true"), NC_("overdue", "false"),
	NC_("overdue", "yes"), NC_("overdue", "no"),
	NC_("paused", "true"), NC_("paused", "false"),
	NC_("column", "id"), NC_("column", "title"), NC_("column", "kind"),
	NC_("column", "channel"), NC_("column", "customer"),
	NC_("column", "meeting"), NC_("column", "category"),
	NC_("column", "severity"), NC_("column", "opened_at"),
	NC_("column", "status"), NC_("column", "assignee"),
	NC_("column", "level"), NC_("column", "response_due"),
	NC_("column", "resolution_due"), NC_("column", "responded_at"),
	NC_("column", "resolved_at"), NC_("column", "closed_at"),
	NC_("column", "paused"), NC_("column", "overdue"),
	NC_("column", "customer_name"), NC_("column", "customer_email"),
	NC_("column", "customer_phone"),
	NC_("column", "active"), NC_("column", "actual"),
	NC_("column", "at"), NC_("column", "author"), NC_("column", "by"),
	NC_("column", "capacity"), NC_("column", "date"),
	NC_("column", "details"), NC_("column", "done_at"),
	NC_("column", "due"), NC_("column", "duration_min"),
	NC_("column", "email"), NC_("column", "equipment"),
	NC_("column", "every"), NC_("column", "expected"),
	NC_("column", "figure"), NC_("column", "group"),
	NC_("column", "item"), NC_("column", "key"),
	NC_("column", "last_visit_at"), NC_("column", "location"),
	NC_("column", "lost_on"), NC_("column", "n"), NC_("column", "name"),
	NC_("column", "next_visit_due"), NC_("column", "note"),
	NC_("column", "notes"), NC_("column", "occasions"),
	NC_("column", "org"), NC_("column", "organizer"),
	NC_("column", "original"), NC_("column", "owner"),
	NC_("column", "phone"), NC_("column", "planned"),
	NC_("column", "review_due"), NC_("column", "role"),
	NC_("column", "room"), NC_("column", "row"),
	NC_("column", "score"), NC_("column", "since"),
	NC_("column", "snippet"), NC_("column", "start"),
	NC_("column", "state"), NC_("column", "subject"),
	NC_("column", "tags"), NC_("column", "team"),
	NC_("column", "text"), NC_("column", "ticket"),
	NC_("column", "tier"), NC_("column", "type"),
	NC_("column", "value"), NC_("column", "variance"),
	NC_("column", "variance_pct"), NC_("column", "version"),
	NC_("column", "what"), NC_("column", "min"),
	NC_("column", "commit"), NC_("column", "followup_due"),
	/* fields a record's history names (cust-care show --history) */
	NC_("column", "published_at"), NC_("column", "agenda_sent_at"),
	NC_("column", "approved_by"), NC_("column", "feedback"),
	NC_("column", "actions"), NC_("column", "lessons"),
	NC_("column", "sequence"), NC_("column", "attendees"),
	NC_("column", "agenda"), NC_("column", "minutes"),
	NC_("event", "open"), NC_("event", "ack"), NC_("event", "assign"),
	NC_("event", "note"), NC_("event", "cause"), NC_("event", "plan"),
	NC_("event", "resolve"), NC_("event", "close"), NC_("event", "reopen"),
	NC_("event", "pause"), NC_("event", "resume"), NC_("event", "escalate"),
	NC_("event", "warn"), NC_("event", "extend"), NC_("event", "notified"),
	NC_("event", "plan-approved"), NC_("event", "followup"), NC_("event",
	"notice"), NC_("event", "create"), NC_("event", "update"), NC_("event",
	"approve"), NC_("event", "reject"), NC_("event", "send"), NC_("event",
	"cancel"), NC_("event", "minutes"), NC_("event", "publish"),
	NC_("event", "feedback"), NC_("event", "done"), NC_("event", "record"),
	NC_("event", "approve-plan"), NC_("event", "revise"),
	NC_("event", "review"), NC_("event", "retire"),
	NC_("event", "service-plan"), NC_("event", "service-task"),
	NC_("event", "service-material"), NC_("event", "service-budget"),
	NC_("event", "service-approve"), NC_("event", "service-checkin"),
	NC_("event", "service-incident"), NC_("event", "service-inspect"),
	NC_("event", "service-summary"),
	NC_("show", "id"), NC_("show", "title"), NC_("show", "type"),
	NC_("show", "status"), NC_("show", "when"), NC_("show", "room"),
	NC_("show", "organizer"), NC_("show", "required"), NC_("show",
	"optional"), NC_("show", "reason"), NC_("show", "approved"), NC_("show",
	"sequence"), NC_("show", "agenda sent"), NC_("show", "held"),
	NC_("show", "present"), NC_("show", "absent"), NC_("show", "late"),
	NC_("show", "published"), NC_("goal", "decision"), NC_("goal",
	"consensus"), NC_("goal", "inform"), NC_("outcome", "achieved"),
	NC_("outcome", "partial"), NC_("outcome", "deferred"), NC_("outcome",
	"dropped"),
	/* The kinds of plaindesk-check --audit's problems. */
	NC_("audit", "event-removed"), NC_("audit", "event-changed"),
	NC_("audit", "event-duplicate"), NC_("audit", "header-changed"),
	NC_("audit", "no-event"), NC_("audit", "merge-added"),
	NC_("audit", "record-removed"), NC_("audit", "id-path"),
	NC_("audit", "invalid-record"), NC_("audit", "no-trailers"),
	NC_("audit", "unnamed-record"), NC_("audit", "named-untouched"),
	NC_("audit", "actor"), NC_("audit", "object-mismatch"),
	NC_("audit", "rewritten"), NC_("audit", "unattributed"),
	/* The rows of mtg-service budget. */
	NC_("budget-row", "line"), NC_("budget-row", "category"),
	NC_("budget-row", "total"),
	/* The values of a ticket's events (ticket-show). */
	NC_("solution", "apology"), NC_("solution", "compensation"),
	NC_("solution", "redo"), NC_("solution", "improvement"),
	NC_("solution", "training"), NC_("solution", "other"),
	NC_("escalate-reason", "start"), NC_("escalate-reason", "manual"),
	NC_("escalate-reason", "response-breach"),
	NC_("escalate-reason", "resolution-breach"),
	NC_("deadline", "response"), NC_("deadline", "resolution"),
	NC_("notice-kind", "customer"),
	/* What enum_check() lists for a visit's and a follow-up's outcome
	 * and a touch's what (their context is the field's name). */
	NC_("outcome", "done"), NC_("outcome", "unreachable"),
	NC_("outcome", "satisfied"), NC_("outcome", "unsatisfied"),
	NC_("what", "greeting"), NC_("what", "gift"), NC_("what", "other"),
	/* The fields of events in a details column (lib/care/erecord.c). */
	NC_("detail", "owner"), NC_("detail", "every"),
	NC_("detail", "occasions"), NC_("detail", "goals"),
	NC_("detail", "holidays"), NC_("detail", "next_due"),
	NC_("detail", "channel"), NC_("detail", "outcome"),
	NC_("detail", "satisfaction"), NC_("detail", "needs"),
	NC_("detail", "occasion"), NC_("detail", "what"),
	NC_("detail", "reason"), NC_("detail", "message"),
	NC_("detail", "title"), NC_("detail", "problem"),
	NC_("detail", "solution"), NC_("detail", "tags"),
	NC_("detail", "kinds"), NC_("detail", "categories"),
	NC_("detail", "causes"), NC_("detail", "source_tickets"),
	NC_("detail", "review_due"), NC_("detail", "to"),
	NC_("detail", "from"), NC_("detail", "target"),
	NC_("detail", "recipients"), NC_("detail", "cause"),
	NC_("detail", "due"), NC_("detail", "accepted"),
	NC_("detail", "comment"), NC_("detail", "kb"),
	NC_("detail", "followup_due"), NC_("detail", "deadline"),
	NC_("detail", "breach"), NC_("detail", "until"),
	NC_("detail", "duration"), NC_("detail", "approved_by"),
	NC_("detail", "subject"), NC_("detail", "message_id"),
	NC_("detail", "auto_reply"), NC_("detail", "attachments"),
	NC_("detail", "plan"), NC_("detail", "kind"),
	NC_("cause", "operator-error"), NC_("cause", "equipment"),
	NC_("cause", "process-gap"), NC_("cause", "training-gap"),
	NC_("cause", "other"),
	/* What enum_check() names in "unknown FIELD 'x'": a noun. */
	NC_("field", "active"), NC_("field", "category"),
	NC_("field", "cause"), NC_("field", "channel"),
	NC_("field", "format"), NC_("field", "goal"), NC_("field", "kind"),
	NC_("field", "outcome"), NC_("field", "role"),
	NC_("field", "severity"), NC_("field", "solution"),
	NC_("field", "status"), NC_("field", "tier"), NC_("field", "type"),
	NC_("field", "what"),
	NULL
};

const char *
pd_label(const char *context, const char *value)
{
	const char *t;
	char *key;

	if (!pd_lang_zh() || !context || !value || !*value)
		return value;
	key = xasprintf("%s\004%s", context, value);
	t = pd_gettext(key);
	t = t == key ? value : t;
	free(key);
	return t;
}

const char *
pd_label_join(const char *context, const char *const *list)
{
	static char buf[1024];
	size_t n = 0;
	int zh = pd_lang_zh();

	buf[0] = '\0';
	for (int i = 0; list[i]; i++) {
		const char *l = pd_label(context, list[i]);
		int w = l != list[i] && strcmp(l, list[i])
			? snprintf(buf + n, sizeof(buf) - n, "%s%s（%s）",
				   i ? "、" : "", list[i], l)
			: snprintf(buf + n, sizeof(buf) - n, "%s%s",
				   i ? (zh ? "、" : ", ") : "", list[i]);

		if (w < 0 || (size_t)w >= sizeof(buf) - n)
			break;
		n += (size_t)w;
	}
	return buf;
}
