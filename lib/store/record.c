/*
 * Record files: canonical JSON bytes (fixed key order, two-space indent,
 * objects inside lists on one line each) and parsing with good messages.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/clock.h"
#include "plaindesk/record.h"
#include "plaindesk/store.h"

/* The key order of each kind of object, recognised by its context. */
static const char *const ticket_keys[] = {
	"id", "kind", "channel", "customer", "tier", "meeting", "category",
	"severity", "rule", "title", "description", "opened_at", "mail",
	"state", "events", NULL
};
static const char *const mail_keys[] = {
	"key", "message_id", "from", "to", "subject", "date", "auto_reply",
	"attachments", NULL
};
static const char *const ticket_state_keys[] = {
	"status", "assignee", "level", "response_due", "resolution_due",
	"responded_at", "resolved_at", "closed_at", "paused", "followup_due",
	NULL
};
static const char *const meeting_keys[] = {
	"id", "type", "title", "organizer", "start", "duration_min", "room",
	"attendees", "agenda", "materials", "ad_hoc", "reason", "sequence",
	"state", "minutes", "actions", "feedback", "service", "events", NULL
};
static const char *const meeting_state_keys[] = {
	"status", "approved_by", "agenda_sent_at", "published_at", NULL
};
static const char *const kb_keys[] = {
	"id", "created_at", "state", "events", NULL
};
static const char *const kb_state_keys[] = {
	"status", "title", "problem", "solution", "tags", "kinds",
	"categories", "causes", "source_tickets", "version", "published_at",
	"reviewed_at", "review_due", NULL
};
static const char *const care_keys[] = {
	"customer", "created_at", "state", "events", NULL
};
static const char *const care_state_keys[] = {
	"status", "owner", "every", "occasions", "holidays", "goals",
	"last_visit_at", "next_visit_due", NULL
};
static const char *const minutes_keys[] = {
	"started_at", "ended_at", "present", "absent", "late", "items",
	"decisions", NULL
};
static const char *const event_keys[] = {
	"id", "at", "by", "type",
	/* the service events' (no other event has these) */
	"key", "task", "status", "done_at", "lead", "host", "headcount",
	"guests", "lodging", "groups", "add", "drop", "owners", "prepared",
	"returned", "line", "revise", "actual", "total", "who", "guest",
	"signed_in_at", "incident", "text", "occurred_at", "resolved_at",
	"open", "lessons", "publish",
	"kind", "action", "from", "to", "cause",
	"title", "problem", "solution", "owner", "due", "deadline", "breach",
	"until", "duration",
	"approved_by", "plan", "satisfaction", "accepted", "score", "comment",
	"reason", "target", "recipients", "event", "channel", "changes",
	"added", "on_time", "conflict", "outcome", "kb", "occasion", "what",
	"every", "occasions", "holidays", "goals", "needs", "tags", "kinds", "categories", "causes", "source_tickets",
	"note", "message", "next_due", "followup_due", "review_due",
	"message_id", "mail_key", NULL
};
/* A meeting's service block (DESIGN §8) and the objects in it. */
static const char *const service_keys[] = {
	"lead", "host", "headcount", "guests", "lodging", "groups", "tasks",
	"materials", "budget", "approved", "checkins", "incidents", "summary",
	NULL
};
static const char *const service_group_keys[] = {"group", "lead", NULL};
static const char *const service_task_keys[] = {
	"key", "group", "text", "from", "offset", "due", "owner", "required",
	"status", "done_at", "done_by", "note", NULL
};
static const char *const service_material_keys[] = {
	"n", "item", "qty", "place", "prepared", "returned", NULL
};
static const char *const service_budget_keys[] = {
	"n", "category", "item", "original", "planned", "actual", "note", NULL
};
static const char *const service_approved_keys[] = {"by", "at", "total", NULL};
static const char *const service_checkin_keys[] = {"who", "guest", "at", NULL};
static const char *const service_incident_keys[] = {
	"n", "at", "text", "resolved_at", NULL
};
static const char *const service_summary_keys[] = {
	"lessons", "published_at", NULL
};
/* Lists of the service block by name, and their items' order. */
static const struct {
	const char *list;
	const char *const *order;
} service_lists[] = {
	{"groups", service_group_keys}, {"tasks", service_task_keys},
	{"materials", service_material_keys}, {"budget", service_budget_keys},
	{"checkins", service_checkin_keys},
	{"incidents", service_incident_keys}, {NULL, NULL}
};
/* Objects inside lists other than events: one generic order. */
static const char *const item_keys[] = {
	"id", "n", "who", "required", "topic", "goal", "minutes", "text",
	"owner", "due", "expected", "outcome", "notes", "done_at", "note",
	"by", "score", "comment", "at", NULL
};

static void dump_value(struct sbuf *sb, json_t *v, int depth,
		       const char *const *order, const char *key);

static void
dump_string(struct sbuf *sb, json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY);

	sbuf_adds(sb, s);
	free(s);
}

/* Keys of obj in the given order, then unknown keys in their order. */
static size_t
ordered_keys(json_t *obj, const char *const *order, const char **out)
{
	size_t n = 0;
	const char *key;
	json_t *v;

	for (int i = 0; order && order[i]; i++)
		if (json_object_get(obj, order[i]))
			out[n++] = order[i];
	json_object_foreach(obj, key, v)
		if (!order || str_index(order, key) < 0)
			out[n++] = key;
	return n;
}

/* An object on one line: {"a": 1, "b": [1, 2]} */
static void
dump_inline(struct sbuf *sb, json_t *v, const char *const *order)
{
	if (json_is_object(v)) {
		size_t n = json_object_size(v);
		const char **keys = xcalloc(n, sizeof(*keys));

		n = ordered_keys(v, order, keys);
		sbuf_addc(sb, '{');
		for (size_t i = 0; i < n; i++) {
			json_t *k = json_string(keys[i]);

			if (i)
				sbuf_adds(sb, ", ");
			dump_string(sb, k);
			json_decref(k);
			sbuf_adds(sb, ": ");
			dump_inline(sb, json_object_get(v, keys[i]), NULL);
		}
		sbuf_addc(sb, '}');
		free(keys);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;

		sbuf_addc(sb, '[');
		json_array_foreach(v, i, e) {
			if (i)
				sbuf_adds(sb, ", ");
			dump_inline(sb, e, NULL);
		}
		sbuf_addc(sb, ']');
	} else {
		dump_string(sb, v);
	}
}

static void
indent(struct sbuf *sb, int depth)
{
	for (int i = 0; i < depth; i++)
		sbuf_adds(sb, "  ");
}

static const char *const *
order_for(const char *key, const char *const *parent)
{
	if (!key)
		return NULL;
	if (strcmp(key, "state") == 0)
		return parent == meeting_keys ? meeting_state_keys :
		       parent == kb_keys ? kb_state_keys :
		       parent == care_keys ? care_state_keys : ticket_state_keys;
	if (strcmp(key, "minutes") == 0 && parent == meeting_keys)
		return minutes_keys;
	if (strcmp(key, "service") == 0 && parent == meeting_keys)
		return service_keys;
	if (strcmp(key, "approved") == 0 && parent == service_keys)
		return service_approved_keys;
	if (strcmp(key, "summary") == 0 && parent == service_keys)
		return service_summary_keys;
	if (strcmp(key, "mail") == 0 && parent == ticket_keys)
		return mail_keys;
	return NULL;
}

/* The order of the objects in list key of an object ordered by parent. */
static const char *const *
list_order(const char *key, const char *const *parent)
{
	if (key && strcmp(key, "events") == 0)
		return event_keys;
	for (int i = 0; key && parent == service_keys &&
			service_lists[i].list; i++)
		if (strcmp(key, service_lists[i].list) == 0)
			return service_lists[i].order;
	return item_keys;
}

static void
dump_object(struct sbuf *sb, json_t *obj, int depth,
	    const char *const *order)
{
	size_t n = json_object_size(obj);
	const char **keys;

	if (n == 0) {
		sbuf_adds(sb, "{}");
		return;
	}
	keys = xcalloc(n, sizeof(*keys));
	n = ordered_keys(obj, order, keys);
	sbuf_adds(sb, "{\n");
	for (size_t i = 0; i < n; i++) {
		json_t *k = json_string(keys[i]);

		indent(sb, depth + 1);
		dump_string(sb, k);
		json_decref(k);
		sbuf_adds(sb, ": ");
		dump_value(sb, json_object_get(obj, keys[i]), depth + 1,
			   order, keys[i]);
		sbuf_adds(sb, i + 1 < n ? ",\n" : "\n");
	}
	indent(sb, depth);
	sbuf_addc(sb, '}');
	free(keys);
}

static void
dump_value(struct sbuf *sb, json_t *v, int depth, const char *const *parent,
	   const char *key)
{
	if (json_is_object(v)) {
		dump_object(sb, v, depth, order_for(key, parent));
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;
		int scalars = 1;

		json_array_foreach(v, i, e)
			if (json_is_object(e) || json_is_array(e))
				scalars = 0;
		if (scalars) {
			dump_inline(sb, v, NULL);
			return;
		}
		sbuf_adds(sb, "[\n");
		json_array_foreach(v, i, e) {
			indent(sb, depth + 1);
			dump_inline(sb, e, list_order(key, parent));
			sbuf_adds(sb, i + 1 < json_array_size(v) ? ",\n"
								 : "\n");
		}
		indent(sb, depth);
		sbuf_addc(sb, ']');
	} else {
		dump_string(sb, v);
	}
}

char *
record_format(json_t *rec, size_t *len)
{
	struct sbuf sb;
	const char *id = jstr(rec, "id");

	sbuf_init(&sb);
	/* Care plans have no id: they are named by their customer. */
	dump_object(&sb, rec, 0, id && id[0] == 'M' ? meeting_keys :
			 id && id[0] == 'K' ? kb_keys :
			 !id && json_object_get(rec, "customer") ? care_keys :
			 ticket_keys);
	sbuf_addc(&sb, '\n');
	return sbuf_detach(&sb, len);
}

int
record_parse(const char *data, size_t len, const char *name, json_t **rec)
{
	json_error_t err;

	*rec = json_loadb(data, len, JSON_PRESERVE_ORDER | JSON_REJECT_DUPLICATES,
			  &err);
	if (!*rec)
		return pd_error(PD_EDATA, "%s: line %d: %s", name, err.line,
				err.text);
	if (!json_is_object(*rec)) {
		json_decref(*rec);
		*rec = NULL;
		return pd_error(PD_EDATA, "%s: not a JSON object", name);
	}
	return 0;
}

const char *
jstr(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

long long
jint(json_t *obj, const char *key, long long def)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? json_integer_value(v) : def;
}

static int
record_time(const char *s, time_t *t)
{
	int32_t day;
	int y, m, d;

	if (!s || time_parse(s, t) < 0)
		return -1;
	day = time_day(*t);
	day_to_ymd(day, &y, &m, &d);
	return y >= RECORD_YEAR_MIN && y <= RECORD_YEAR_MAX ? 0 : -1;
}

int
record_date(const char *s, int32_t *day)
{
	int y, m, d;

	if (!s || date_parse(s, day) < 0)
		return -1;
	day_to_ymd(*day, &y, &m, &d);
	return y >= RECORD_YEAR_MIN && y <= RECORD_YEAR_MAX ? 0 : -1;
}

int
field_time(json_t *obj, const char *key, const char *where, time_t *t)
{
	const char *s = jstr(obj, key);

	if (!s || time_parse(s, t) < 0)
		return pd_error(PD_EDATA, "%s: '%s' must be a time (RFC 3339)",
				where, key);
	if (record_time(s, t) < 0)
		return pd_error(PD_EDATA, "%s: '%s' must be a time in the years %d to %d",
				where, key, RECORD_YEAR_MIN, RECORD_YEAR_MAX);
	return 0;
}

int
record_check_events(json_t *events, const char *what)
{
	struct strset seen;
	json_t *e;
	size_t i;
	int rc = 0;

	if (!json_is_array(events) || json_array_size(events) == 0)
		return pd_error(PD_EDATA, "%s: 'events' must be a non-empty list",
				what);
	if (json_array_size(events) > RECORD_MAX_EVENTS)
		return pd_error(PD_EDATA, "%s: %zu events, more than the %d a record may hold",
				what, json_array_size(events),
				RECORD_MAX_EVENTS);
	strset_init(&seen);
	json_array_foreach(events, i, e) {
		if (!json_is_object(e))
			rc = pd_error(PD_EDATA, "event %zu: not an object",
				      i + 1);
		else if (!event_id_valid(jstr(e, "id")))
			rc = pd_error(PD_EDATA, "event %zu: 'id' is not an event id",
				      i + 1);
		else if (!strset_add(&seen, jstr(e, "id")))
			rc = pd_error(PD_EDATA, "event %zu: id %s is used twice",
				      i + 1, jstr(e, "id"));
		if (rc)
			break;
	}
	strset_release(&seen);
	return rc;
}

int
field_enum(json_t *obj, const char *key, const char *where,
	   const char *const *list)
{
	const char *s = jstr(obj, key);

	if (!s || str_index(list, s) < 0)
		return pd_error(PD_EDATA, "%s: unknown %s '%s' (expected %s)",
				where, key, s ? s : "", pd_label_join(key, list));
	return 0;
}

int
record_event_check(json_t *events, size_t i, const char *first, int once,
		   const char *where, time_t *prev)
{
	json_t *e = json_array_get(events, i), *by;
	const char *type;
	time_t at;
	int rc;

	/* The list as a whole once: its bound, and ids unique in linear
	 * time, whatever a hostile record holds. */
	if (i == 0 && (rc = record_check_events(events, "record")))
		return rc;
	if (!json_is_object(e))
		return pd_error(PD_EDATA, "%s: not an object", where);
	if ((rc = field_time(e, "at", where, &at)))
		return rc;
	by = json_object_get(e, "by");
	if (!json_is_string(by) || json_string_length(by) == 0)
		return pd_error(PD_EDATA, "%s: 'by' must be a non-empty string",
				where);
	if (i > 0 && at < *prev)
		return pd_error(PD_EDATA, "%s: out of order (earlier than the event before)",
				where);
	*prev = at;
	type = jstr(e, "type");
	if (i == 0 ? !type || strcmp(type, first) :
	    once && type && !strcmp(type, first))
		return pd_error(PD_EDATA, i == 0 ?
				"%s: the first event must be '%s'" :
				"%s: '%s' must be the first event only",
				where, first);
	return 0;
}

json_t *
json_time_or_null(time_t t)
{
	char buf[TIME_BUFSZ];

	return t ? json_string(time_format(t, buf)) : json_null();
}

int
field_time_opt(json_t *obj, const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);
	time_t t;

	if (!v || json_is_null(v))
		return 0;
	return field_time(obj, key, where, &t);
}

time_t
jtime(json_t *obj, const char *key)
{
	time_t t = 0;
	const char *s = jstr(obj, key);

	if (s && record_time(s, &t) < 0)
		t = 0;
	return t;
}

int
event_id_valid(const char *id)
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	if (!id || strlen(id) != 13 || strncmp(id, "E-", 2) || id[8] != '-')
		return 0;
	for (int i = 2; i < 8; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	for (int i = 9; i < 13; i++)
		if (!strchr(b32, id[i]))
			return 0;
	return 1;
}

int
event_id_new(json_t *events, time_t t, char id[16])
{
	int32_t day = time_day(t);
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	for (;;) {
		char rnd[8], buf[64];
		int used = 0;
		size_t i;
		json_t *e;

		if (random_base32(rnd, 4) < 0)
			return PD_ESOFTWARE;
		snprintf(buf, sizeof(buf), "E-%02d%02d%02d-%s", y % 100, m, d,
			 rnd);
		snprintf(id, 16, "%.15s", buf);
		json_array_foreach(events, i, e)
			if (strcmp(jstr(e, "id") ? jstr(e, "id") : "", id) == 0)
				used = 1;
		if (!used)
			return 0;
	}
}

int
event_check_common(json_t *events, size_t i, const char *where,
		   const char *first, int once, time_t *prev)
{
	json_t *e = json_array_get(events, i);
	const char *type;
	time_t at;
	int rc;

	if (!json_is_object(e))
		return pd_error(PD_EDATA, "%s: not an object", where);
	if (!event_id_valid(jstr(e, "id")))
		return pd_error(PD_EDATA, "%s: 'id' is not an event id", where);
	for (size_t j = 0; j < i; j++)
		if (!strcmp(jstr(json_array_get(events, j), "id") ?
			    jstr(json_array_get(events, j), "id") : "",
			    jstr(e, "id")))
			return pd_error(PD_EDATA, "%s: id %s is used twice",
					where, jstr(e, "id"));
	if ((rc = field_time(e, "at", where, &at)))
		return rc;
	if (i > 0 && at < *prev)
		return pd_error(PD_EDATA,
				"%s: out of order (earlier than the event before)",
				where);
	*prev = at;
	type = jstr(e, "type");
	if (i == 0 ? !type || strcmp(type, first) != 0 :
	    once && type && !strcmp(type, first))
		return pd_error(PD_EDATA, i == 0 ?
				"%s: the first event must be '%s'" :
				"%s: '%s' must be the first event only",
				where, first);
	return 0;
}
