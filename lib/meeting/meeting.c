/*
 * Meetings: enums, validation, the transition table, the fold that
 * derives a meeting's state from its events, and the planning checks.
 * Pure: no I/O, no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/i18n.h"
#include "plaindesk/meeting.h"
#include "plaindesk/record.h"
#include "plaindesk/service.h"
#include "plaindesk/store.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"

const char *const meeting_types[] = {
	"decision", "seminar", "routine", "training", "other", NULL
};
const char *const agenda_goals[] = {"decision", "consensus", "inform", NULL};
const char *const meeting_statuses[] = {
	"pending", "planned", "cancelled", "held", "published", NULL
};
const char *const item_outcomes[] = {
	"achieved", "partial", "deferred", "dropped", NULL
};
const char *const meeting_event_types[] = {
	"create", "update", "approve", "reject", "send", "cancel", "record",
	"publish", "done", "feedback", "notice", "notified",
	/* 会务 (DESIGN §8, service.c) */
	"service-plan", "service-task", "service-material", "service-budget",
	"service-approve", "service-checkin", "service-incident",
	"service-inspect", "service-summary", NULL
};
const char *const meeting_notice_kinds[] = {
	"minutes", "action-due", "action-overdue", NULL
};
const char *const meeting_update_fields[] = {
	"type", "title", "organizer", "start", "duration_min", "room",
	"attendees", "agenda", "materials", NULL
};

enum {
	EV_CREATE, EV_UPDATE, EV_APPROVE, EV_REJECT, EV_SEND, EV_CANCEL,
	EV_RECORD, EV_PUBLISH, EV_DONE, EV_FEEDBACK, EV_NOTICE, EV_NOTIFIED,
	EV_SERVICE_PLAN, EV_SERVICE_TASK, EV_SERVICE_MATERIAL,
	EV_SERVICE_BUDGET, EV_SERVICE_APPROVE, EV_SERVICE_CHECKIN,
	EV_SERVICE_INCIDENT, EV_SERVICE_INSPECT, EV_SERVICE_SUMMARY
};

const char *
meeting_status_name(enum meeting_status s)
{
	return meeting_statuses[s];
}


/* One event's effect on the state. */
static void
fold_event(struct meeting_state *st, json_t *e)
{
	time_t at = jtime(e, "at");

	switch (enum_index(meeting_event_types, jstr(e, "type"))) {
	case EV_UPDATE:
		/* The attendees need the agenda of the new version. */
		st->sequence++;
		st->agenda_sent_at = 0;
		st->agenda_on_time = 0;
		break;
	case EV_APPROVE:
		st->status = MS_PLANNED;
		st->approved_by = jstr(e, "by");
		break;
	case EV_REJECT:
		st->status = MS_CANCELLED;
		break;
	case EV_CANCEL:
		st->status = MS_CANCELLED;
		st->sequence++;
		break;
	case EV_SEND:
		if (!st->agenda_sent_at) {
			st->agenda_sent_at = at;
			st->agenda_on_time =
				json_is_true(json_object_get(e, "on_time"));
		}
		break;
	case EV_RECORD:
		st->status = MS_HELD;
		st->recorded = 1;
		break;
	case EV_PUBLISH:
		st->status = MS_PUBLISHED;
		st->published_at = at;
		st->published_on_time =
			json_is_true(json_object_get(e, "on_time"));
		break;
	default:		/* create, done, feedback */
		break;
	}
}

static void
fold_init(json_t *rec, struct meeting_state *st)
{
	memset(st, 0, sizeof(*st));
	st->status = json_is_true(json_object_get(rec, "ad_hoc")) ?
		     MS_PENDING : MS_PLANNED;
}

void
meeting_fold(json_t *rec, struct meeting_state *st)
{
	json_t *e;
	size_t i;

	fold_init(rec, st);
	json_array_foreach(json_object_get(rec, "events"), i, e)
		fold_event(st, e);
}

static json_t *
time_or_null(time_t t)
{
	char buf[TIME_BUFSZ];

	return t ? json_string(time_format(t, buf)) : json_null();
}

static json_t *
meeting_state_json(const struct meeting_state *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "status",
			    json_string(meeting_status_name(st->status)));
	json_object_set_new(o, "approved_by", st->approved_by ?
			    json_string(st->approved_by) : json_null());
	json_object_set_new(o, "agenda_sent_at",
			    time_or_null(st->agenda_sent_at));
	json_object_set_new(o, "published_at", time_or_null(st->published_at));
	return o;
}

/* The feedback list the events make. */
static json_t *
feedback_from_events(json_t *rec)
{
	json_t *list = json_array(), *e;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e) {
		json_t *c = json_object_get(e, "comment");

		if (enum_index(meeting_event_types, jstr(e, "type")) !=
		    EV_FEEDBACK)
			continue;
		json_array_append_new(list, json_pack("{s:s, s:I, s:O, s:s}",
			"by", jstr(e, "by"), "score",
			(json_int_t)jint(e, "score", 0), "comment",
			c ? c : json_null(), "at", jstr(e, "at")));
	}
	return list;
}

void
meeting_refresh(json_t *rec)
{
	struct meeting_state st;
	json_t *actions = json_object_get(rec, "actions"), *a, *e;
	size_t i, j;

	meeting_fold(rec, &st);
	json_object_set_new(rec, "sequence", json_integer(st.sequence));
	json_object_set_new(rec, "state", meeting_state_json(&st));
	json_array_foreach(actions, i, a) {
		json_object_set_new(a, "done_at", json_null());
		json_object_set_new(a, "note", json_null());
	}
	json_array_foreach(json_object_get(rec, "events"), j, e) {
		const char *id = jstr(e, "action");
		json_t *note = json_object_get(e, "note");

		if (enum_index(meeting_event_types, jstr(e, "type")) != EV_DONE)
			continue;
		json_array_foreach(actions, i, a)
			if (id && jstr(a, "id") && !strcmp(id, jstr(a, "id"))) {
				json_object_set_new(a, "done_at",
						    json_string(jstr(e, "at")));
				json_object_set(a, "note",
						note ? note : json_null());
			}
	}
	json_object_set_new(rec, "feedback", feedback_from_events(rec));
	{
		json_t *service = service_fold(rec);

		if (service)
			json_object_set_new(rec, "service", service);
		else
			json_object_del(rec, "service");
	}
}

/* The transition table: which actions each status allows. */
static int
allowed(const struct meeting_state *st, int action)
{
	enum meeting_status s = st->status;

	switch (action) {
	case EV_UPDATE:
	case EV_CANCEL:
		return s == MS_PENDING || s == MS_PLANNED;
	case EV_APPROVE:
	case EV_REJECT:
		return s == MS_PENDING;
	case EV_SEND:
		return s == MS_PLANNED;
	case EV_RECORD:
		return s == MS_PLANNED || s == MS_HELD;
	case EV_PUBLISH:
		return s == MS_HELD;
	case EV_DONE:
	case EV_FEEDBACK:
	case EV_NOTICE:
		return s == MS_HELD || s == MS_PUBLISHED;
	case EV_NOTIFIED:
		return 1;
	case EV_SERVICE_PLAN:
		return s == MS_PENDING || s == MS_PLANNED;
	case EV_SERVICE_MATERIAL:
	case EV_SERVICE_BUDGET:
	case EV_SERVICE_APPROVE:
	case EV_SERVICE_SUMMARY:
		/* What was bought and lent out is settled even when the
		 * meeting is called off. */
		return 1;
	case EV_SERVICE_TASK:
	case EV_SERVICE_CHECKIN:
	case EV_SERVICE_INCIDENT:
	case EV_SERVICE_INSPECT:
		return s != MS_CANCELLED;
	default:
		return 0;
	}
}

int
meeting_action_allowed(const struct meeting_state *st, const char *action)
{
	int a = enum_index(meeting_event_types, action);
	const char *list[EV_NOTICE + 1];
	size_t n = 0;

	if (a > EV_CREATE && allowed(st, a))
		return 0;
	/* What people do; notices and deliveries are the programs'. */
	for (int i = EV_CREATE + 1; i < EV_NOTICE; i++)
		if (allowed(st, i))
			list[n++] = meeting_event_types[i];
	list[n] = NULL;
	return pd_error(PD_EDATA, "cannot %s a meeting that is %s (allowed: %s)",
			pd_label("event", action),
			pd_label("status", meeting_status_name(st->status)),
			n ? pd_label_join("event", list) : _("nothing"));
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

/* Field checks of meeting_validate(): each returns 0 or PD_EDATA. */
static int
need_string(json_t *obj, const char *key, const char *where, int title)
{
	json_t *v = json_object_get(obj, key);
	int rc;

	if (!json_is_string(v) || json_string_length(v) == 0)
		return pd_error(PD_EDATA, "%s: '%s' must be a non-empty string",
				where, key);
	if ((rc = check_text_rule(key, json_string_value(v), title))) {
		char *msg = xstrdup(pd_errmsg());

		pd_error(rc, "%s: %s", where, msg);
		free(msg);
	}
	return rc;
}

static int
opt_string(json_t *obj, const char *key, const char *where, int title)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return pd_error(PD_EDATA, "%s: '%s' must be a string", where,
				key);
	if (json_string_length(v) == 0)
		return 0;
	return need_string(obj, key, where, title);
}




static int
need_int(json_t *obj, const char *key, const char *where, long min,
	 long max)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return pd_error(PD_EDATA, "%s: '%s' must be a whole number from %ld to %ld",
				where, key, min, max);
	return 0;
}

static int
need_bool(json_t *obj, const char *key, const char *where)
{
	if (!json_is_boolean(json_object_get(obj, key)))
		return pd_error(PD_EDATA, "%s: '%s' must be true or false",
				where, key);
	return 0;
}

/* A list of non-empty one-line strings, none twice when unique. */
static int
string_list(json_t *obj, const char *key, const char *where, int unique)
{
	json_t *list = json_object_get(obj, key), *v;
	struct strset seen;
	size_t i;
	int rc = 0;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "%s: '%s' must be a list", where, key);
	strset_init(&seen);
	json_array_foreach(list, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0) {
			rc = pd_error(PD_EDATA, "%s: '%s' must hold non-empty strings",
				      where, key);
			break;
		}
		if ((rc = check_text_rule(key, json_string_value(v), 0)))
			break;
		if (unique && !strset_add(&seen, json_string_value(v))) {
			rc = pd_error(PD_EDATA, "%s: '%s' names '%s' twice",
				      where, key, json_string_value(v));
			break;
		}
	}
	strset_release(&seen);
	return rc;
}

long
meeting_action_number(const char *action)
{
	const char *dot = action ? strrchr(action, '.') : NULL;
	char *end;
	long n;

	if (!dot || dot[1] < '1' || dot[1] > '9')
		return 0;
	n = strtol(dot + 1, &end, 10);
	return *end ? 0 : n;
}

/* The "action" of an event: an action id of meeting id (ID.N). */
static int
check_action_id(json_t *e, const char *where, const char *id)
{
	const char *a = jstr(e, "action");
	const char *dot = a ? strrchr(a, '.') : NULL;

	if (!dot || (size_t)(dot - a) != ID_LEN || strncmp(a, id, ID_LEN) ||
	    meeting_action_number(a) < 1)
		return pd_error(PD_EDATA, "%s: 'action' must be an action id of this meeting (%s.N)",
				where, id);
	return 0;
}

/* Checks an update event: the fields it changed, its message and conflict. */
static int
validate_update(json_t *e, const char *where)
{
	json_t *v = json_object_get(e, "changes");
	int rc;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return pd_error(PD_EDATA, "%s: 'changes' must be a non-empty list",
				where);
	for (size_t i = 0; i < json_array_size(v); i++) {
		const char *f = json_string_value(json_array_get(v, i));

		if (enum_index(meeting_update_fields, f) < 0)
			return pd_error(PD_EDATA,
				"%s: 'changes' may name only %s", where,
				str_join_list(meeting_update_fields));
	}
	if (!(rc = opt_string(e, "message", where, 0)))
		rc = opt_string(e, "conflict", where, 0);
	if (!rc && json_object_get(e, "removed"))
		rc = string_list(e, "removed", where, 1);
	return rc;
}

/* Checks a notice event: its kind, recipients and the action it is about. */
static int
validate_notice(json_t *e, const char *where, const char *id)
{
	int32_t day;
	int rc;

	if ((rc = field_enum(e, "kind", where, meeting_notice_kinds)) ||
	    (rc = string_list(e, "recipients", where, 1)))
		return rc;
	if (strcmp(jstr(e, "kind"), "minutes") != 0) {
		if ((rc = check_action_id(e, where, id)))
			return rc;
		if (!jstr(e, "due") || record_date(jstr(e, "due"), &day))
			return pd_error(PD_EDATA, "%s: 'due' must be a date (YYYY-MM-DD)",
					where);
	}
	return 0;
}

/* Checks the fields an event of its type must or may have. */
static int
validate_event(json_t *e, const char *where, const char *id)
{
	int rc = 0;

	switch (enum_index(meeting_event_types, jstr(e, "type"))) {
	case EV_CREATE:
		rc = opt_string(e, "conflict", where, 0);
		break;
	case EV_UPDATE:
		rc = validate_update(e, where);
		break;
	case EV_APPROVE:
		break;
	case EV_REJECT:
		rc = opt_string(e, "reason", where, 0);
		break;
	case EV_CANCEL:
		rc = need_string(e, "reason", where, 0);
		break;
	case EV_SEND:
	case EV_PUBLISH:
		rc = need_bool(e, "on_time", where);
		break;
	case EV_RECORD:
		if (json_object_get(e, "added"))
			rc = string_list(e, "added", where, 1);
		break;
	case EV_DONE:
		if (!(rc = check_action_id(e, where, id)))
			rc = opt_string(e, "note", where, 0);
		break;
	case EV_NOTICE:
		rc = validate_notice(e, where, id);
		break;
	case EV_NOTIFIED:
		if (!event_id_valid(jstr(e, "event")))
			rc = pd_error(PD_EDATA, "%s: 'event' must be an event id",
				      where);
		else
			rc = opt_string(e, "channel", where, 1);
		break;
	case EV_FEEDBACK:
		if (!(rc = need_int(e, "score", where, 1, 5)))
			rc = opt_string(e, "comment", where, 0);
		break;
	default:
		if (service_event_type(jstr(e, "type"))) {
			rc = service_event_validate(e, where, text_rules);
			break;
		}
		rc = pd_error(PD_EDATA, "%s: unknown type '%s' (expected %s)",
			      where, jstr(e, "type") ? jstr(e, "type") : "",
			      str_join_list(meeting_event_types));
	}
	/* Whatever the type, an action named is one of this meeting's:
	 * readers take its number from it. */
	if (!rc && json_object_get(e, "action"))
		rc = check_action_id(e, where, id);
	return rc;
}

/*
 * No list of a meeting is longer than a record's events may be: readers
 * compare attendees and actions pairwise, and must finish on any record.
 */
static int
lists_bounded(json_t *rec)
{
	static const char *const lists[] = {
		"attendees", "agenda", "materials", "actions", "feedback", NULL
	};
	json_t *minutes = json_object_get(rec, "minutes"), *v;
	const char *key;

	for (int i = 0; lists[i]; i++)
		if (json_array_size(json_object_get(rec, lists[i])) >
		    RECORD_MAX_EVENTS)
			return pd_error(PD_EDATA, "meeting: '%s' holds more than %d items",
					lists[i], RECORD_MAX_EVENTS);
	json_object_foreach(minutes, key, v)
		if (json_array_size(v) > RECORD_MAX_EVENTS)
			return pd_error(PD_EDATA, "meeting: 'minutes.%s' holds more than %d items",
					key, RECORD_MAX_EVENTS);
	return 0;
}

static int
validate_attendees(json_t *list)
{
	struct strset seen;
	json_t *e;
	size_t i;
	int rc = 0;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "meeting: 'attendees' must be a list");
	strset_init(&seen);
	json_array_foreach(list, i, e) {
		char where[48];

		snprintf(where, sizeof(where), "attendee %zu", i + 1);
		if (!json_is_object(e))
			rc = pd_error(PD_EDATA, "%s: not an object", where);
		else if (!(rc = need_string(e, "who", where, 1)) &&
			 !(rc = need_bool(e, "required", where)) &&
			 !strset_add(&seen, jstr(e, "who")))
			rc = pd_error(PD_EDATA, "%s: '%s' is listed twice",
				      where, jstr(e, "who"));
		if (rc)
			break;
	}
	strset_release(&seen);
	return rc;
}

static int
validate_header(json_t *rec)
{
	json_t *v, *e;
	size_t i;
	time_t t;
	int rc;

	if ((rc = field_enum(rec, "type", "meeting", meeting_types)) ||
	    (rc = need_string(rec, "title", "meeting", 1)) ||
	    (rc = need_string(rec, "organizer", "meeting", 1)) ||
	    (rc = field_time(rec, "start", "meeting", &t)) ||
	    (rc = need_int(rec, "duration_min", "meeting", 1,
			   MEETING_MAX_MINUTES)) ||
	    (rc = need_string(rec, "room", "meeting", 1)))
		return rc;
	if ((rc = validate_attendees(json_object_get(rec, "attendees"))))
		return rc;
	v = json_object_get(rec, "agenda");
	if (!json_is_array(v) || json_array_size(v) == 0)
		return pd_error(PD_EDATA, "meeting: 'agenda' must be a non-empty list");
	json_array_foreach(v, i, e) {
		char where[48];

		snprintf(where, sizeof(where), "agenda item %zu", i + 1);
		if (!json_is_object(e))
			return pd_error(PD_EDATA, "%s: not an object", where);
		if (jint(e, "n", 0) != (long long)i + 1)
			return pd_error(PD_EDATA, "%s: 'n' must be %zu", where,
					i + 1);
		if ((rc = need_string(e, "topic", where, 1)) ||
		    (rc = field_enum(e, "goal", where, agenda_goals)) ||
		    (rc = need_int(e, "minutes", where, 1,
				   MEETING_MAX_MINUTES)) ||
		    (rc = need_string(e, "owner", where, 1)))
			return rc;
	}
	if ((rc = string_list(rec, "materials", "meeting", 0)) ||
	    (rc = need_bool(rec, "ad_hoc", "meeting")) ||
	    (rc = opt_string(rec, "reason", "meeting", 0)))
		return rc;
	if (json_is_true(json_object_get(rec, "ad_hoc")) &&
	    (!jstr(rec, "reason") || !*jstr(rec, "reason")))
		return pd_error(PD_EDATA, "meeting: an ad-hoc meeting needs a 'reason'");
	if (!json_is_integer(json_object_get(rec, "sequence")) ||
	    jint(rec, "sequence", -1) < 0)
		return pd_error(PD_EDATA, "meeting: 'sequence' must be a whole number from 0");
	if (!json_is_object(json_object_get(rec, "state")))
		return pd_error(PD_EDATA, "meeting: 'state' must be an object");
	return 0;
}

/* Is n the number of an agenda item? */
static int
agenda_has(json_t *rec, long long n)
{
	return n >= 1 && (size_t)n <= json_array_size(json_object_get(rec,
								     "agenda"));
}

static int
validate_minutes(json_t *rec)
{
	json_t *m = json_object_get(rec, "minutes"), *items, *e;
	static const char *const lists[] = {"present", "absent", "late", NULL};
	size_t i, nagenda = json_array_size(json_object_get(rec, "agenda"));
	time_t started, ended;
	int rc;

	if (!json_is_object(m))
		return pd_error(PD_EDATA, "meeting: 'minutes' must be an object or null");
	if ((rc = field_time(m, "started_at", "minutes", &started)) ||
	    (rc = field_time(m, "ended_at", "minutes", &ended)))
		return rc;
	if (ended < started)
		return pd_error(PD_EDATA, "minutes: 'ended_at' is before 'started_at'");
	for (int l = 0; lists[l]; l++) {
		json_t *v;

		if ((rc = string_list(m, lists[l], "minutes", 1)))
			return rc;
		json_array_foreach(json_object_get(m, lists[l]), i, v)
			for (int k = 0; k < l; k++) {
				json_t *w;
				size_t j;

				json_array_foreach(json_object_get(m, lists[k]),
						   j, w)
					if (json_equal(v, w))
						return pd_error(PD_EDATA,
						    "minutes: '%s' is both %s and %s",
						    json_string_value(v),
						    lists[k], lists[l]);
			}
	}
	items = json_object_get(m, "items");
	if (!json_is_array(items) || json_array_size(items) != nagenda)
		return pd_error(PD_EDATA, "minutes: 'items' must hold one entry per agenda item");
	json_array_foreach(items, i, e) {
		char where[48];

		snprintf(where, sizeof(where), "minutes item %zu", i + 1);
		if (!json_is_object(e))
			return pd_error(PD_EDATA, "%s: not an object", where);
		if (jint(e, "n", 0) != (long long)i + 1 ||
		    !agenda_has(rec, jint(e, "n", 0)))
			return pd_error(PD_EDATA, "%s: 'n' must be %zu", where,
					i + 1);
		if ((rc = field_enum(e, "outcome", where, item_outcomes)) ||
		    (rc = opt_string(e, "notes", where, 0)))
			return rc;
	}
	return string_list(m, "decisions", "minutes", 0);
}

static int
validate_actions(json_t *rec)
{
	json_t *list = json_object_get(rec, "actions"), *a;
	const char *id = jstr(rec, "id");
	size_t i;
	int rc;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "meeting: 'actions' must be a list");
	json_array_foreach(list, i, a) {
		char where[48], want[ID_LEN + 24];
		int32_t day;

		snprintf(where, sizeof(where), "action %zu", i + 1);
		snprintf(want, sizeof(want), "%s.%zu", id, i + 1);
		if (!json_is_object(a))
			return pd_error(PD_EDATA, "%s: not an object", where);
		if (!jstr(a, "id") || strcmp(jstr(a, "id"), want))
			return pd_error(PD_EDATA, "%s: 'id' must be %s", where,
					want);
		if ((rc = need_string(a, "text", where, 0)) ||
		    (rc = need_string(a, "owner", where, 1)))
			return rc;
		if (strchr(jstr(a, "text"), '\n'))
			return pd_error(PD_EDATA, "%s: 'text' must be one line",
					where);
		if (!jstr(a, "due") || record_date(jstr(a, "due"), &day) < 0)
			return pd_error(PD_EDATA, "%s: 'due' must be a date (YYYY-MM-DD)",
					where);
		if ((rc = opt_string(a, "expected", where, 0)) ||
		    (rc = field_time_opt(a, "done_at", where)) ||
		    (rc = opt_string(a, "note", where, 0)))
			return rc;
	}
	return 0;
}

static int
validate_feedback(json_t *rec)
{
	json_t *list = json_object_get(rec, "feedback"), *f;
	size_t i;
	int rc;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "meeting: 'feedback' must be a list");
	json_array_foreach(list, i, f) {
		char where[48];
		time_t t;

		snprintf(where, sizeof(where), "feedback %zu", i + 1);
		if (!json_is_object(f))
			return pd_error(PD_EDATA, "%s: not an object", where);
		if ((rc = need_string(f, "by", where, 1)) ||
		    (rc = need_int(f, "score", where, 1, 5)) ||
		    (rc = opt_string(f, "comment", where, 0)) ||
		    (rc = field_time(f, "at", where, &t)))
			return rc;
	}
	return 0;
}

static int
validate_events(json_t *rec, int strict)
{
	json_t *events = json_object_get(rec, "events"), *e;
	struct meeting_state st;
	time_t prev = 0;
	size_t i;
	int rc;

	if ((rc = record_check_events(events, "meeting")))
		return rc;
	fold_init(rec, &st);
	json_array_foreach(events, i, e) {
		char where[48];
		const char *type;

		snprintf(where, sizeof(where), "event %zu", i + 1);
		if ((rc = record_event_check(events, i, "create", 1, where,
					     &prev)) ||
		    (rc = need_string(e, "by", where, 1)) ||
		    (rc = validate_event(e, where, jstr(rec, "id"))))
			return rc;
		type = jstr(e, "type");
		if (strict && i > 0 &&
		    (rc = meeting_action_allowed(&st, type))) {
			char *msg = xstrdup(pd_errmsg());

			pd_error(rc, "%s: %s", where, msg);
			free(msg);
			return rc;
		}
		fold_event(&st, e);
	}
	return 0;
}

/* The first key of what whose stored value differs from the derived. */
static int
agrees(json_t *stored, json_t *derived, const char *what)
{
	const char *key;
	json_t *v;

	if (json_equal(stored, derived) || (!stored && !derived))
		return 0;
	if (json_is_object(derived))
		json_object_foreach(derived, key, v)
			if (!json_equal(v, json_object_get(stored, key))) {
				char *want = json_dumps(v, JSON_ENCODE_ANY);
				int rc = pd_error(PD_EDATA,
					"%s.%s does not match the events (they say %s)",
					what, key, want);

				free(want);
				return rc;
			}
	return pd_error(PD_EDATA, "%s does not match the events", what);
}

/*
 * The checks of meeting_validate(); strict adds what a reader can live
 * with: events in an order the transition table does not allow, and
 * derived parts that disagree with the events (meeting_refresh() mends
 * those).
 */
static int
validate(json_t *rec, int strict)
{
	struct meeting_state st;
	json_t *m, *copy, *a, *ca;
	size_t i;
	int rc;

	if (!json_is_object(rec))
		return pd_error(PD_EDATA, "a meeting must be a JSON object");
	if (!id_valid('M', jstr(rec, "id")))
		return pd_error(PD_EDATA, "'id' is not a meeting id");
	if ((rc = lists_bounded(rec)) || (rc = validate_header(rec)) ||
	    (rc = validate_events(rec, strict)))
		return rc;
	meeting_fold(rec, &st);
	m = json_object_get(rec, "minutes");
	if (st.recorded && (rc = validate_minutes(rec)))
		return rc;
	if (!st.recorded && m && !json_is_null(m))
		return pd_error(PD_EDATA, "meeting: 'minutes' must be null until minutes are recorded");
	if ((rc = validate_actions(rec)) || (rc = validate_feedback(rec)))
		return rc;
	if (!st.recorded && json_array_size(json_object_get(rec, "actions")))
		return pd_error(PD_EDATA, "meeting: actions come with the minutes");
	if ((rc = service_events_order(json_object_get(rec, "events"))))
		return rc;
	json_array_foreach(json_object_get(rec, "events"), i, a) {
		const char *act = jstr(a, "action");

		if (act && meeting_action_number(act) >
			   (long)json_array_size(json_object_get(rec, "actions")))
			return pd_error(PD_EDATA, "event %zu: no action %s",
					i + 1, act);
	}
	if (!strict)
		return 0;
	copy = json_deep_copy(rec);
	meeting_refresh(copy);
	if (!(rc = agrees(json_object_get(rec, "state"),
			  json_object_get(copy, "state"), "state")) &&
	    !(rc = agrees(json_object_get(rec, "sequence"),
			  json_object_get(copy, "sequence"), "sequence")) &&
	    !(rc = agrees(json_object_get(rec, "feedback"),
			  json_object_get(copy, "feedback"), "feedback")) &&
	    !(rc = agrees(json_object_get(rec, "service"),
			  json_object_get(copy, "service"), "service")))
		json_array_foreach(json_object_get(copy, "actions"), i, ca) {
			char what[32];

			a = json_array_get(json_object_get(rec, "actions"), i);
			snprintf(what, sizeof(what), "actions[%zu]", i);
			if ((rc = agrees(a, ca, what)))
				break;
		}
	json_decref(copy);
	return rc;
}

int
meeting_validate(json_t *rec)
{
	return validate(rec, 1);
}

int
meeting_validate_shape(json_t *rec)
{
	int rc;

	text_rules = 0;
	rc = validate(rec, 0);
	text_rules = 1;
	return rc;
}

int
meeting_is_stale(json_t *rec)
{
	json_t *copy = json_deep_copy(rec);
	int stale;

	meeting_refresh(copy);
	stale = !json_equal(copy, rec);
	json_decref(copy);
	return stale;
}

time_t
meeting_start(json_t *rec)
{
	return jtime(rec, "start");
}

time_t
meeting_end(json_t *rec)
{
	time_t s = meeting_start(rec);

	return s ? s + (time_t)jint(rec, "duration_min", 0) * 60 : 0;
}

int
meeting_overlap(time_t s1, time_t e1, time_t s2, time_t e2)
{
	return s1 < e2 && s2 < e1;
}

long
meeting_agenda_minutes(json_t *rec)
{
	json_t *item;
	long sum = 0;
	size_t i;

	json_array_foreach(json_object_get(rec, "agenda"), i, item)
		sum += (long)jint(item, "minutes", 0);
	return sum;
}

int
meeting_agenda_fits(json_t *rec)
{
	long need = meeting_agenda_minutes(rec);
	long have = (long)jint(rec, "duration_min", 0);

	if (need <= have)
		return 0;
	return pd_error(PD_EDATA, "the agenda takes %ld minutes, longer than the meeting's %ld",
			need, have);
}

int
meeting_has_attendee(json_t *rec, const char *who)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(rec, "attendees"), i, a)
		if (jstr(a, "who") && !strcmp(jstr(a, "who"), who))
			return 1;
	return 0;
}

long
meeting_head_count(json_t *rec)
{
	long n = (long)json_array_size(json_object_get(rec, "attendees"));
	const char *org = jstr(rec, "organizer");

	return org && !meeting_has_attendee(rec, org) ? n + 1 : n;
}

int
meeting_capacity_fits(json_t *rec, const char *room, long capacity)
{
	long n = meeting_head_count(rec);

	if (n <= capacity)
		return 0;
	return pd_error(PD_EDATA, "room %s holds %ld, the meeting has %ld people",
			room, capacity, n);
}

int
meeting_requires(json_t *rec, const char *who)
{
	json_t *a;
	size_t i;

	if (jstr(rec, "organizer") && !strcmp(jstr(rec, "organizer"), who))
		return 1;
	/* Other records are read as they are: a hand edit may lack "who". */
	json_array_foreach(json_object_get(rec, "attendees"), i, a)
		if (jstr(a, "who") && !strcmp(jstr(a, "who"), who) &&
		    json_is_true(json_object_get(a, "required")))
			return 1;
	return 0;
}

int
meeting_booked(json_t *rec)
{
	const char *s = jstr(json_object_get(rec, "state"), "status");

	return !s || strcmp(s, "cancelled") != 0;
}

/*
 * "room R-1, S-wang are booked by M-… "title" at … (60 min)": one
 * sentence of the catalogue for the room, the people, or both.
 */
static void
conflict_sentence(struct sbuf *why, const char *room,
		  const struct strlist *people, json_t *b)
{
	const char *idb = jstr(b, "id") ? jstr(b, "id") : "?";
	const char *title = jstr(b, "title") ? jstr(b, "title") : "";
	long long min = jint(b, "duration_min", 0);
	struct sbuf who;
	char buf[TIME_BUFSZ];

	time_format(meeting_start(b), buf);
	sbuf_init(&who);
	for (size_t i = 0; i < people->n; i++)
		sbuf_addf(&who, "%s%s", i ? ", " : "", people->items[i]);
	if (room && people->n)
		sbuf_addf(why, _("room %s, %s are booked by %s \"%s\" at %s "
				 "(%lld min)"), room, who.buf, idb, title, buf,
			  min);
	else if (room)
		sbuf_addf(why, _("room %s is booked by %s \"%s\" at %s "
				 "(%lld min)"), room, idb, title, buf, min);
	else
		sbuf_addf(why, pd_ngettext("%s is booked by %s \"%s\" at %s "
					   "(%lld min)",
					   "%s are booked by %s \"%s\" at %s "
					   "(%lld min)", people->n),
			  who.buf, idb, title, buf, min);
	sbuf_release(&who);
}

int
meeting_conflict(json_t *a, json_t *b, struct sbuf *why)
{
	const char *ida = jstr(a, "id"), *idb = jstr(b, "id");
	const char *org = jstr(a, "organizer"), *room;
	struct strlist what;
	json_t *att;
	size_t i;

	if (!meeting_booked(b) || (ida && idb && !strcmp(ida, idb)) ||
	    !meeting_overlap(meeting_start(a), meeting_end(a),
			     meeting_start(b), meeting_end(b)))
		return 0;
	strlist_init(&what);
	if (org && meeting_requires(b, org))
		strlist_add(&what, org);
	json_array_foreach(json_object_get(a, "attendees"), i, att) {
		const char *who = jstr(att, "who");

		if (who && json_is_true(json_object_get(att, "required")) &&
		    (!org || strcmp(who, org)) && meeting_requires(b, who))
			strlist_add(&what, who);
	}
	room = jstr(a, "room") && jstr(b, "room") &&
	       !strcmp(jstr(a, "room"), jstr(b, "room")) ? jstr(a, "room")
							 : NULL;
	if (!room && what.n == 0) {
		strlist_release(&what);
		return 0;
	}
	conflict_sentence(why, room, &what, b);
	strlist_release(&what);
	return 1;
}

time_t
meeting_due(const struct config *cfg, enum meeting_doc doc, json_t *rec)
{
	json_t *minutes = json_object_get(rec, "minutes");
	struct duration lead = cfg->agenda_lead;
	time_t t;

	if (doc == MEETING_AGENDA) {
		if (!(t = meeting_start(rec)))
			return 0;
		/* Counted back as calendar_add() counts forward: days and
		 * working days keep the clock time, a time the clock skips
		 * gives the instant it jumps, one it repeats the first. */
		lead.n = -lead.n;
		return calendar_add(&cfg->cal, t, &lead, 0);
	}
	if (!(t = jtime(minutes, "ended_at")) &&
	    !(t = jtime(minutes, "started_at")))
		return 0;
	return calendar_add(&cfg->cal, t, &cfg->minutes_within, 0);
}

int
action_overdue(json_t *action, time_t now)
{
	json_t *done = json_object_get(action, "done_at");
	int32_t day;

	if ((done && !json_is_null(done)) || !jstr(action, "due") ||
	    date_parse(jstr(action, "due"), &day) < 0)
		return 0;
	return now >= day_start(day + 1);
}

/* The working day n steps (+1 or -1) from day, or day + n if none. */
static int32_t
workday_step(const struct calendar *cal, int32_t day, int n)
{
	for (int32_t d = day + n, i = 0; i < 3660; d += n, i++)
		if (calendar_is_workday(cal, d))
			return d;
	return day + n;
}

enum action_reminder
action_reminder(const struct calendar *cal, json_t *action, time_t now,
		int sent_due, int sent_overdue)
{
	json_t *done = json_object_get(action, "done_at");
	int32_t due, today = time_day(now);

	if ((done && !json_is_null(done)) || !jstr(action, "due") ||
	    date_parse(jstr(action, "due"), &due) < 0)
		return REMIND_NONE;
	if (today >= workday_step(cal, due, 1))
		return sent_overdue ? REMIND_NONE : REMIND_OVERDUE;
	if (today >= workday_step(cal, due, -1) && today <= due)
		return sent_due ? REMIND_NONE : REMIND_DUE;
	return REMIND_NONE;
}

int
action_done_late(json_t *action)
{
	time_t done = jtime(action, "done_at");
	int32_t due;

	if (!done || !jstr(action, "due") ||
	    date_parse(jstr(action, "due"), &due) < 0)
		return 0;
	return done >= day_start(due + 1);
}

int32_t
meeting_id_day(const char *id)
{
	return ymd_to_day(2000 + (id[2] - '0') * 10 + (id[3] - '0'),
			  (id[4] - '0') * 10 + (id[5] - '0'),
			  (id[6] - '0') * 10 + (id[7] - '0'));
}

const char *
meeting_label(const char *locale, const char *what, const char *key)
{
	static const char *const zh[][3] = {
		{"type", "decision", "战略决策会"},
		{"type", "seminar", "业务研讨会"},
		{"type", "routine", "项目例会"},
		{"type", "training", "培训会议"},
		{"type", "other", "其他会议"},
		{"goal", "decision", "决策"},
		{"goal", "consensus", "达成共识"},
		{"goal", "inform", "通报"},
		{"outcome", "achieved", "达成"},
		{"outcome", "partial", "部分达成"},
		{"outcome", "deferred", "推迟"},
		{"outcome", "dropped", "取消"},
		{"status", "pending", "待审批"},
		{"status", "planned", "已计划"},
		{"status", "cancelled", "已取消"},
		{"status", "held", "已召开"},
		{"status", "published", "已发布"},
		/* 会务 (service.h) */
		{"group", "secretariat", "文秘信息组"},
		{"group", "logistics", "后勤保障组"},
		{"group", "transport", "车辆运输组"},
		{"category", "venue", "场地"},
		{"category", "equipment", "设备"},
		{"category", "catering", "餐饮"},
		{"category", "accommodation", "住宿"},
		{"category", "transport", "交通"},
		{"category", "materials", "物资"},
		{"category", "printing", "印刷"},
		{"category", "gifts", "礼品"},
		{"category", "staff", "人员"},
		{"category", "other", "其他"},
		{"state", "open", "待办"},
		{"state", "done", "已完成"},
		{"state", "late", "延迟完成"},
		{"state", "missed", "未完成"},
		{"state", "overdue", "已逾期"},
		{"state", "failed", "失败"},
		{"state", "skipped", "已跳过"},
		{NULL, NULL, NULL}
	};

	if (!key || !locale || strcmp(locale, "zh-CN"))
		return key;
	for (int i = 0; zh[i][0]; i++)
		if (!strcmp(zh[i][0], what) && !strcmp(zh[i][1], key))
			return zh[i][2];
	return key;
}

size_t
split_bars(const char *s, struct strlist *out, size_t max)
{
	struct sbuf field;
	size_t n = 0;

	sbuf_init(&field);
	sbuf_adds(&field, "");
	for (; *s; s++) {
		if (*s == '\\' && (s[1] == '|' || s[1] == '\\')) {
			sbuf_addc(&field, *++s);
		} else if (*s == '|' && n + 1 < max) {
			strlist_add_owned(out, sbuf_detach(&field, NULL));
			sbuf_adds(&field, "");
			n++;
		} else {
			sbuf_addc(&field, *s);
		}
	}
	strlist_add_owned(out, sbuf_detach(&field, NULL));
	return n + 1;
}
