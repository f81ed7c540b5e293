/*
 * Tickets: enums, validation, the transition table, and the fold that
 * derives a ticket's state from its events.  Pure: no I/O, no clock.
 */
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/i18n.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/record.h"
#include "plaindesk/store.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"

const char *const ticket_kinds[] = {
	"inquiry", "complaint", "suggestion", "request", NULL
};
const char *const ticket_channels[] = {
	"onsite", "phone", "email", "online", "social", "other", NULL
};
const char *const complaint_categories[] = {
	"attitude", "equipment", "venue", "process", "catering", "other", NULL
};
const char *const complaint_severities[] = {
	"major", "important", "general", NULL
};
const char *const ticket_statuses[] = {
	"open", "acknowledged", "investigating", "resolved", "closed", NULL
};
const char *const ticket_causes[] = {
	"operator-error", "equipment", "process-gap", "training-gap", "other",
	NULL
};
const char *const ticket_solutions[] = {
	"apology", "compensation", "redo", "improvement", "training", "other",
	NULL
};
const char *const event_types[] = {
#define TICKET_EVENT_NAME(id, name) name,
	TICKET_EVENTS(TICKET_EVENT_NAME)
#undef TICKET_EVENT_NAME
	NULL
};
const char *const escalation_reasons[] = {
	"response-breach", "resolution-breach", "manual", "start", NULL
};
const char *const customer_tiers[] = {
	"vip", "key", "general", "potential", NULL
};
const char *const ticket_actions[] = {
	"ack", "assign", "note", "cause", "plan", "approve-plan", "resolve",
	"close", "reopen", "pause", "resume", "followup", NULL
};
static const char *const followup_results[] = {
	"satisfied", "unsatisfied", "unreachable", NULL
};
static const char *const notice_kinds[] = {"customer", NULL};
static const char *const deadline_names[] = {"response", "resolution", NULL};

int
enum_index(const char *const *list, const char *s)
{
	return s ? str_index(list, s) : -1;
}

int
enum_check(const char *const *list, const char *what, const char *s)
{
	if (enum_index(list, s) >= 0)
		return 0;
	return pd_error(PD_EDATA, "unknown %s '%s' (expected %s)",
			pd_label("field", what), s ? s : "",
			pd_label_join(what, list));
}

enum ticket_event
ticket_event_type(json_t *e)
{
	return (enum ticket_event)enum_index(event_types, jstr(e, "type"));
}

const char *
ticket_status_name(enum ticket_status s)
{
	return ticket_statuses[s];
}


int
ticket_rule(json_t *rec, const struct config *cfg, struct sla_rule *rule)
{
	return config_rule(cfg, jstr(rec, "kind"), jstr(rec, "severity"),
			   jstr(rec, "channel"), jstr(rec, "tier"), rule);
}

/* The resolution deadline counted from start (never before response). */
static time_t
resolution_from(const struct config *cfg, const struct sla_rule *rule,
		time_t start, time_t response_due)
{
	time_t due = calendar_deadline(&cfg->cal, start, &rule->resolution,
				       cfg->sla_business);

	return due < response_due ? response_due : due;
}

/* What the fold of one ticket works with. */
struct fold {
	const struct config *cfg;
	struct sla_rule rule;
	int has_rule;
	struct ticket_state *st;
};

/* A reopen: back to investigating, with a new resolution deadline. */
static void
fold_reopen(struct fold *f, time_t at)
{
	struct ticket_state *st = f->st;

	st->status = ST_INVESTIGATING;
	st->resolved_at = st->closed_at = 0;
	if (!st->reopened)
		st->first_resolution_due = st->resolution_due;
	st->reopened = 1;
	/* A new resolution deadline, warned about and escalated on in its
	 * own right; the level stays. */
	if (f->has_rule && st->resolution_due) {
		st->resolution_due = resolution_from(f->cfg, &f->rule, at,
						     st->response_due);
		st->resolution_start = at;
		st->paused_secs = 0;
		st->warned[DL_RESOLUTION] = 0;
		st->escalated[DL_RESOLUTION] = 0;
	}
}

/* A resume: the resolution deadline moves by the time paused. */
static void
fold_resume(struct fold *f, time_t at)
{
	const struct config *cfg = f->cfg;
	struct ticket_state *st = f->st;

	if (st->paused && at > st->paused_since) {
		long long paused = calendar_elapsed(&cfg->cal,
			st->paused_since, at, cfg->sla_business);

		st->resolution_due = calendar_add_seconds(&cfg->cal,
			st->resolution_due, paused, cfg->sla_business);
		st->paused_secs += paused;
	}
	st->paused = 0;
}

static void
fold_escalate(struct fold *f, json_t *e)
{
	const struct config *cfg = f->cfg;
	struct ticket_state *st = f->st;
	const char *to = jstr(e, "to");

	/* Events merged from two clones may name a rung below one already
	 * reached: the level only climbs. */
	for (int l = st->level + 1; to && l < cfg->nladder; l++)
		if (strcmp(cfg->ladder[l], to) == 0)
			st->level = l;
	switch (enum_index(escalation_reasons, jstr(e, "reason"))) {
	case ESC_RESPONSE_BREACH:
		st->escalated[DL_RESPONSE] = 1;
		break;
	case ESC_RESOLUTION_BREACH:
		st->escalated[DL_RESOLUTION] = 1;
		break;
	default:
		break;
	}
}

static void
fold_warn(struct fold *f, json_t *e, time_t at)
{
	struct ticket_state *st = f->st;
	int d = enum_index(deadline_names, jstr(e, "deadline"));
	json_t *breach = json_object_get(e, "breach");

	if (d < 0)
		return;
	/*
	 * A breach at the top is announced by a warning; one recorded
	 * after its deadline before warnings said so was the same
	 * announcement.
	 */
	if (json_is_true(breach) ||
	    (!breach && at > (d == DL_RESPONSE ? st->response_due
					       : st->resolution_due)))
		st->escalated[d] = 1;
	else
		st->warned[d] = 1;
}

static void
fold_extend(struct fold *f, json_t *e)
{
	const struct config *cfg = f->cfg;
	struct ticket_state *st = f->st;
	const char *ds = jstr(e, "duration");
	struct duration dur;

	if (ds && duration_parse(ds, &dur) == 0)
		st->resolution_due = calendar_deadline(&cfg->cal,
			st->resolution_due, &dur, cfg->sla_business);
	else if (jstr(e, "until"))
		st->resolution_due = jtime(e, "until");
	/* The new deadline is warned about and escalated on in its own
	 * right. */
	st->warned[DL_RESOLUTION] = 0;
	st->escalated[DL_RESOLUTION] = 0;
}

static void
fold_event(struct fold *f, json_t *e)
{
	struct ticket_state *st = f->st;
	time_t at = jtime(e, "at");

	switch (ticket_event_type(e)) {
	case TEV_ACK:
		if (st->status == ST_OPEN)
			st->status = ST_ACKNOWLEDGED;
		if (!st->responded_at)
			st->responded_at = at;
		break;
	case TEV_ASSIGN:
		st->assignee = jstr(e, "to");
		break;
	case TEV_CAUSE:
		st->status = ST_INVESTIGATING;
		break;
	case TEV_PLAN:
		st->status = ST_INVESTIGATING;
		st->plan = PLAN_PENDING;
		break;
	case TEV_RESOLVE:
		st->status = ST_RESOLVED;
		st->resolved_at = at;
		st->paused = 0;
		break;
	case TEV_CLOSE:
		st->status = ST_CLOSED;
		st->closed_at = at;
		st->followup_due = jtime(e, "followup_due");
		st->followup_tries = 0;
		st->followup_scheduled |= st->followup_due != 0;
		break;
	case TEV_FOLLOWUP:
		st->followup_due = jtime(e, "next_due");
		st->followup_tries = jstr(e, "outcome") &&
			!strcmp(jstr(e, "outcome"), "unreachable") ?
			st->followup_tries + 1 : 0;
		break;
	case TEV_REOPEN:
		/* A reopen cancels a pending follow-up call. */
		st->followup_due = 0;
		fold_reopen(f, at);
		break;
	case TEV_PAUSE:
		if (!st->paused) {
			st->paused = 1;
			st->paused_since = at;
		}
		break;
	case TEV_RESUME:
		fold_resume(f, at);
		break;
	case TEV_ESCALATE:
		fold_escalate(f, e);
		break;
	case TEV_WARN:
		fold_warn(f, e, at);
		break;
	case TEV_EXTEND:
		fold_extend(f, e);
		break;
	case TEV_PLAN_APPROVED:
		if (st->plan == PLAN_PENDING)
			st->plan = PLAN_APPROVED;
		break;
	case TEV_OPEN: case TEV_NOTE: case TEV_NOTIFIED: case TEV_NOTICE:
	case TEV_UNKNOWN:
		break;
	}
}

void
ticket_fold(json_t *rec, const struct config *cfg, struct ticket_state *st)
{
	struct fold f = {.cfg = cfg, .st = st};
	time_t opened = jtime(rec, "opened_at");
	json_t *e;
	size_t i;

	f.has_rule = ticket_rule(rec, cfg, &f.rule);
	memset(st, 0, sizeof(*st));
	st->status = ST_OPEN;
	st->opened_at = st->resolution_start = opened;
	if (f.has_rule) {
		memcpy(st->rule, f.rule.key, sizeof(st->rule));
		st->level = f.rule.start_level;
		st->plan_required = f.rule.plan_approver[0] != '\0';
		st->response_due = calendar_deadline(&cfg->cal, opened,
						     &f.rule.response,
						     cfg->sla_business);
		st->resolution_due = resolution_from(cfg, &f.rule, opened,
						     st->response_due);
	}
	json_array_foreach(json_object_get(rec, "events"), i, e)
		fold_event(&f, e);
	if (!st->reopened)
		st->first_resolution_due = st->resolution_due;
}

json_t *
ticket_state_json(const struct ticket_state *st, const struct config *cfg)
{
	json_t *o = json_object();

	(void)cfg;
	json_object_set_new(o, "status",
			    json_string(ticket_status_name(st->status)));
	json_object_set_new(o, "assignee", st->assignee ?
			    json_string(st->assignee) : json_null());
	json_object_set_new(o, "level", json_integer(st->level));
	json_object_set_new(o, "response_due", json_time_or_null(st->response_due));
	json_object_set_new(o, "resolution_due",
			    json_time_or_null(st->resolution_due));
	json_object_set_new(o, "responded_at", json_time_or_null(st->responded_at));
	json_object_set_new(o, "resolved_at", json_time_or_null(st->resolved_at));
	json_object_set_new(o, "closed_at", json_time_or_null(st->closed_at));
	json_object_set_new(o, "paused", json_boolean(st->paused));
	if (st->followup_scheduled)
		json_object_set_new(o, "followup_due",
				    json_time_or_null(st->followup_due));
	return o;
}

/* Is action allowed?  The table of DESIGN §2. */
static int
allowed(const struct ticket_state *st, const char *action)
{
	enum ticket_status s = st->status;
	int active = s != ST_RESOLVED && s != ST_CLOSED;

	if (!strcmp(action, "ack"))
		return s == ST_OPEN;
	if (!strcmp(action, "cause") || !strcmp(action, "plan"))
		return s == ST_ACKNOWLEDGED || s == ST_INVESTIGATING;
	if (!strcmp(action, "resolve"))
		return (s == ST_ACKNOWLEDGED || s == ST_INVESTIGATING) &&
		       !st->paused &&
		       (!st->plan_required || st->plan == PLAN_APPROVED);
	if (!strcmp(action, "approve-plan"))
		return (s == ST_ACKNOWLEDGED || s == ST_INVESTIGATING) &&
		       st->plan_required && st->plan == PLAN_PENDING;
	if (!strcmp(action, "close"))
		return s == ST_RESOLVED;
	if (!strcmp(action, "reopen"))
		return s == ST_CLOSED;
	if (!strcmp(action, "followup"))
		return s == ST_CLOSED && st->followup_due;
	if (!strcmp(action, "pause"))
		return active && !st->paused;
	if (!strcmp(action, "resume"))
		return st->paused;
	if (!strcmp(action, "assign") || !strcmp(action, "escalate") ||
	    !strcmp(action, "extend"))
		return active;
	return !strcmp(action, "note");
}

/*
 * Why an action the status allows is refused: the plan review (DESIGN
 * §2), a follow-up call not pending.  PD_EDATA with the message, or 0
 * when that is not why.  One sentence each, for the catalogue.
 */
static int
refused_for_plan(const struct ticket_state *st, const char *action,
		 const char *list)
{
	int working = st->status == ST_ACKNOWLEDGED ||
		      st->status == ST_INVESTIGATING;

	if (working && !st->paused && !strcmp(action, "resolve"))
		return st->plan == PLAN_NONE ?
		       pd_error(PD_EDATA, "cannot resolve a ticket without a plan (rule %s: a plan approved first) (allowed: %s)",
				st->rule, list) :
		       pd_error(PD_EDATA, "cannot resolve a ticket whose plan is not approved (rule %s: approve-plan first) (allowed: %s)",
				st->rule, list);
	if (working && !strcmp(action, "approve-plan")) {
		if (!st->plan_required)
			return pd_error(PD_EDATA, "cannot approve-plan a ticket whose rule (%s) names no plan_approver (allowed: %s)",
					st->rule, list);
		if (st->plan == PLAN_NONE)
			return pd_error(PD_EDATA, "cannot approve-plan a ticket without a plan (allowed: %s)",
					list);
		return pd_error(PD_EDATA, "cannot approve-plan a ticket whose plan is approved already (allowed: %s)",
				list);
	}
	if (!strcmp(action, "followup") && st->status == ST_CLOSED)
		return pd_error(PD_EDATA, "cannot followup a ticket with no follow-up call pending (allowed: %s)",
				list);
	return 0;
}

int
ticket_action_allowed(const struct ticket_state *st, const char *action)
{
	static const char *const all[] = {
		"ack", "assign", "note", "cause", "plan", "approve-plan",
		"resolve", "close", "reopen", "pause", "resume", "escalate",
		"extend", "followup", NULL
	};
	const char *status = pd_label("status",
				      ticket_status_name(st->status));
	const char *can[sizeof(all) / sizeof(*all)], *list;
	size_t n = 0;
	int rc;

	if (allowed(st, action))
		return 0;
	for (int i = 0; all[i]; i++)
		if (allowed(st, all[i]))
			can[n++] = all[i];
	can[n] = NULL;
	list = pd_label_join("event", can);
	if ((rc = refused_for_plan(st, action, list)))
		return rc;
	if (st->paused)
		return pd_error(PD_EDATA, "cannot %s a ticket that is %s and paused (allowed: %s)",
				action, status, list);
	return pd_error(PD_EDATA, "cannot %s a ticket that is %s (allowed: %s)",
			action, status, list);
}

/*
 * Whether validation applies the text rules of DESIGN §2 (control
 * characters, lengths).  Readers relax them: text that reached a record
 * by a hand edit is shown cleaned rather than hidden.
 */
static int text_rules = 1;

static int
check_text_rule(const char *field, const char *s, int title)
{
	return text_rules ? text_check(field, s, title) : 0;
}

/* Field checks of validate(): each returns 0 or PD_EDATA. */
static int
need_string(json_t *obj, const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return pd_error(PD_EDATA, "%s: '%s' must be a non-empty string",
				where, key);
	return check_text_rule(key, json_string_value(v), 0);
}

static int
opt_string(json_t *obj, const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return pd_error(PD_EDATA, "%s: '%s' must be a string", where,
				key);
	return check_text_rule(key, json_string_value(v), 0);
}

/* An optional list of staff ids, none twice ("recipients"). */
static int
opt_recipients(json_t *e, const char *where)
{
	json_t *list = json_object_get(e, "recipients"), *v;
	struct strset seen;
	size_t i;
	int rc = 0;

	if (!list)
		return 0;
	if (!json_is_array(list))
		return pd_error(PD_EDATA, "%s: 'recipients' must be a list",
				where);
	strset_init(&seen);
	json_array_foreach(list, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    text_check("recipients", json_string_value(v), 1))
			rc = pd_error(PD_EDATA,
				      "%s: 'recipients' must hold staff ids",
				      where);
		else if (!strset_add(&seen, json_string_value(v)))
			rc = pd_error(PD_EDATA,
				      "%s: 'recipients' names '%s' twice",
				      where, json_string_value(v));
		if (rc)
			break;
	}
	strset_release(&seen);
	return rc;
}

static int
validate_close(json_t *e, const char *where)
{
	json_t *v = json_object_get(e, "satisfaction");
	int rc;

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 5)
		return pd_error(PD_EDATA, "%s: 'satisfaction' must be 1 to 5",
				where);
	if (!json_is_boolean(json_object_get(e, "accepted")))
		return pd_error(PD_EDATA, "%s: 'accepted' must be true or false",
				where);
	if ((rc = opt_string(e, "comment", where)))
		return rc;
	return field_time_opt(e, "followup_due", where);
}

static int
validate_followup(json_t *e, const char *where)
{
	json_t *v = json_object_get(e, "satisfaction");
	int rc;

	if ((rc = field_enum(e, "channel", where, ticket_channels)) ||
	    (rc = field_enum(e, "outcome", where, followup_results)) ||
	    (rc = opt_string(e, "message", where)))
		return rc;
	if (v && !json_is_null(v) && (!json_is_integer(v) ||
	    json_integer_value(v) < 1 || json_integer_value(v) > 5))
		return pd_error(PD_EDATA,
				"%s: 'satisfaction' must be 1 to 5 or null",
				where);
	return field_time_opt(e, "next_due", where);
}

static int
validate_warn(json_t *e, const char *where)
{
	json_t *breach = json_object_get(e, "breach");
	int rc;

	if ((rc = field_enum(e, "deadline", where, deadline_names)) ||
	    (rc = opt_recipients(e, where)))
		return rc;
	if (breach && !json_is_boolean(breach))
		return pd_error(PD_EDATA, "%s: 'breach' must be true or false",
				where);
	return 0;
}

/* An optional field naming another event of the record by its id. */
static int
event_ref(json_t *e, const char *key, int needed, const char *where)
{
	if (!needed && !json_object_get(e, key))
		return 0;
	if (!event_id_valid(jstr(e, key)))
		return pd_error(PD_EDATA, "%s: '%s' must be an event id", where,
				key);
	return 0;
}

static int
validate_event(json_t *e, const char *where)
{
	const char *type = jstr(e, "type");
	time_t t;
	int rc = 0;

	switch (ticket_event_type(e)) {
	case TEV_ACK:
		return opt_string(e, "message", where);
	case TEV_NOTE:
		if ((rc = opt_string(e, "message", where)))
			return rc;
		return mail_event_validate(e, where);
	case TEV_ASSIGN:
		return need_string(e, "to", where);
	case TEV_CAUSE:
		return field_enum(e, "cause", where, ticket_causes);
	case TEV_PLAN:
		if (!(rc = field_enum(e, "solution", where, ticket_solutions)) &&
		    !(rc = need_string(e, "owner", where)))
			rc = field_time(e, "due", where, &t);
		return rc;
	case TEV_RESOLVE:
		if (json_object_get(e, "solution"))
			rc = field_enum(e, "solution", where, ticket_solutions);
		if (!rc && json_object_get(e, "kb") &&
		    !id_valid('K', jstr(e, "kb")))
			rc = pd_error(PD_EDATA, "%s: 'kb' is not an article id",
				      where);
		return rc;
	case TEV_FOLLOWUP:
		return validate_followup(e, where);
	case TEV_NOTICE:
		if (!(rc = field_enum(e, "kind", where, notice_kinds)) &&
		    !(rc = opt_string(e, "message", where)))
			rc = field_time_opt(e, "due", where);
		return rc;
	case TEV_CLOSE:
		return validate_close(e, where);
	case TEV_REOPEN:
	case TEV_PAUSE:
		return need_string(e, "reason", where);
	case TEV_ESCALATE:
		if (!(rc = need_string(e, "to", where)) &&
		    !(rc = field_enum(e, "reason", where, escalation_reasons)) &&
		    !(rc = opt_string(e, "target", where)))
			rc = opt_recipients(e, where);
		return rc;
	case TEV_WARN:
		return validate_warn(e, where);
	case TEV_PLAN_APPROVED:
		return event_ref(e, "plan", 0, where);
	case TEV_EXTEND:
		if (!(rc = field_time(e, "until", where, &t)) &&
		    !(rc = need_string(e, "approved_by", where)))
			rc = need_string(e, "reason", where);
		return rc;
	case TEV_NOTIFIED:
		if ((rc = event_ref(e, "event", 1, where)))
			return rc;
		return mail_event_validate(e, where);
	case TEV_OPEN:
	case TEV_RESUME:
		return 0;
	case TEV_UNKNOWN:
		break;
	}
	return pd_error(PD_EDATA, "%s: unknown type '%s' (expected %s)",
			where, type ? type : "", str_join_list(event_types));
}

/* The events: what every record's share, then the fields by type. */
static int
validate_events(json_t *events)
{
	time_t prev = 0;
	json_t *e;
	size_t i;
	int rc;

	if ((rc = record_check_events(events, "ticket")))
		return rc;
	json_array_foreach(events, i, e) {
		char where[32];

		snprintf(where, sizeof(where), "event %zu", i + 1);
		if ((rc = record_event_check(events, i, "open", 1, where, &prev)) ||
		    (rc = check_text_rule("by", jstr(e, "by"), 0)) ||
		    (rc = validate_event(e, where)))
			return rc;
	}
	return 0;
}

int
ticket_validate(json_t *rec)
{
	const char *kind = jstr(rec, "kind");
	json_t *v;
	time_t opened;
	int rc;

	if (!id_valid('T', jstr(rec, "id")))
		return pd_error(PD_EDATA, "'id' is not a ticket id");
	if ((rc = field_enum(rec, "kind", "ticket", ticket_kinds)) ||
	    (rc = field_enum(rec, "channel", "ticket", ticket_channels)) ||
	    (rc = need_string(rec, "customer", "ticket")))
		return rc;
	v = json_object_get(rec, "meeting");
	if (v && !json_is_null(v) && !id_valid('M', json_string_value(v)))
		return pd_error(PD_EDATA, "ticket: 'meeting' is not a meeting id");
	if (strcmp(kind, "complaint") == 0) {
		if ((rc = field_enum(rec, "category", "ticket",
				    complaint_categories)) ||
		    (rc = field_enum(rec, "severity", "ticket",
				    complaint_severities)))
			return rc;
	} else if ((json_object_get(rec, "category") &&
		    !json_is_null(json_object_get(rec, "category"))) ||
		   (json_object_get(rec, "severity") &&
		    !json_is_null(json_object_get(rec, "severity")))) {
		return pd_error(PD_EDATA,
				"ticket: only complaints have a category and severity");
	}
	v = json_object_get(rec, "title");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return pd_error(PD_EDATA, "ticket: 'title' must be a non-empty string");
	if ((rc = check_text_rule("title", json_string_value(v), 1)) ||
	    (rc = opt_string(rec, "description", "ticket")) ||
	    (rc = field_time(rec, "opened_at", "ticket", &opened)))
		return rc;
	/* The customer's tier at opening and the rule it chose. */
	if ((v = json_object_get(rec, "tier")) && !json_is_null(v) &&
	    (rc = field_enum(rec, "tier", "ticket", customer_tiers)))
		return rc;
	if ((rc = opt_string(rec, "rule", "ticket")))
		return rc;
	/* A ticket opened from a message keeps what it came with. */
	if ((v = json_object_get(rec, "mail")) &&
	    (rc = mail_block_validate(v)))
		return rc;
	if (!json_is_object(json_object_get(rec, "state")))
		return pd_error(PD_EDATA, "ticket: 'state' must be an object");
	return validate_events(json_object_get(rec, "events"));
}

int
ticket_validate_shape(json_t *rec)
{
	int rc;

	text_rules = 0;
	rc = ticket_validate(rec);
	text_rules = 1;
	return rc;
}
