/*
 * 会务 services, the pure part (see include/plaindesk/service.h): the
 * fields of the service events checked from tables, the fold that makes
 * the service block, and the states, sums and counts derived from it.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/checklist.h"
#include "plaindesk/meeting.h"
#include "plaindesk/record.h"
#include "plaindesk/service.h"
#include "plaindesk/text.h"

const char *const service_groups[] = {
	"secretariat", "logistics", "transport", NULL
};
const char *const budget_categories[] = {
	"venue", "equipment", "catering", "accommodation", "transport",
	"materials", "printing", "gifts", "staff", "other", NULL
};
const char *const task_statuses[] = {"done", "failed", "skipped", NULL};
const char *const service_event_types[] = {
	"service-plan", "service-task", "service-material", "service-budget",
	"service-approve", "service-checkin", "service-incident",
	"service-inspect", "service-summary", NULL
};
const char *const task_state_names[] = {
	"open", "done", "late", "missed", "overdue", "failed", "skipped", NULL
};

enum {
	SE_PLAN, SE_TASK, SE_MATERIAL, SE_BUDGET, SE_APPROVE, SE_CHECKIN,
	SE_INCIDENT, SE_INSPECT, SE_SUMMARY
};

int
service_event_type(const char *type)
{
	return type && str_index(service_event_types, type) >= 0;
}

/* The fields of a service event, as data. */
enum field_kind {
	F_END,
	F_KEY,		/* a task key */
	F_LINE,		/* one line of text (a title's limits) */
	F_TEXT,		/* text of several lines */
	F_TIME,		/* RFC 3339 */
	F_BOOL,
	F_INT,		/* a whole number from min to max */
	F_MONEY,	/* minor units, 0 to MONEY_MAX */
	F_ENUM,		/* one of the list in more */
	F_OFFSET,	/* "-2wd" */
	F_FROM,		/* start or end */
	F_OBJECT,	/* an object of the fields in more */
	F_OBJECTS,	/* a list of them */
	F_KEYED,	/* a list of them, each with a task "key" too */
	F_KEYS,		/* a list of task keys */
	F_LINES		/* a list of non-empty texts */
};

struct field {
	const char *name;
	enum field_kind kind;
	int need;		/* present and not null */
	const void *more;
	long long min, max;
};

#define FIELD(n, k, need) {(n), (k), (need), NULL, 0, 0}
#define FIELD_IN(n, k, need, more) {(n), (k), (need), (more), 0, 0}
#define FIELD_INT(n, need, min, max) {(n), F_INT, (need), NULL, (min), (max)}
#define FIELDS_END {NULL, F_END, 0, NULL, 0, 0}

static const struct field task_def[] = {
	FIELD_IN("group", F_ENUM, 1, service_groups),
	FIELD("text", F_LINE, 1),
	FIELD("from", F_FROM, 0),
	FIELD("offset", F_OFFSET, 0),
	FIELD("due", F_TIME, 0),
	FIELD("owner", F_LINE, 1),
	FIELD("required", F_BOOL, 1),
	FIELDS_END
};
static const struct field group_lead[] = {
	FIELD_IN("group", F_ENUM, 1, service_groups),
	FIELD("lead", F_LINE, 1),
	FIELDS_END
};
static const struct field task_owner[] = {
	FIELD("key", F_KEY, 1),
	FIELD("owner", F_LINE, 1),
	FIELDS_END
};
static const struct field material_item[] = {
	FIELD("item", F_LINE, 1),
	FIELD_INT("qty", 1, 1, SERVICE_MAX_QTY),
	FIELD("place", F_LINE, 0),
	FIELDS_END
};
static const struct field material_count[] = {
	FIELD_INT("n", 1, 1, 10000),
	FIELD_INT("qty", 1, 0, SERVICE_MAX_QTY),
	FIELDS_END
};
static const struct field budget_line[] = {
	FIELD_IN("category", F_ENUM, 1, budget_categories),
	FIELD("item", F_LINE, 1),
	FIELD("planned", F_MONEY, 1),
	FIELD("note", F_TEXT, 0),
	FIELDS_END
};
static const struct field budget_revise[] = {
	FIELD_INT("n", 1, 1, 10000),
	FIELD("planned", F_MONEY, 1),
	FIELDS_END
};
static const struct field budget_actual[] = {
	FIELD_INT("n", 1, 1, 10000),
	FIELD("amount", F_MONEY, 1),
	FIELDS_END
};

/* Each event type's fields, in service_event_types order. */
static const struct field plan_fields[] = {
	FIELD("lead", F_LINE, 1),
	FIELD("host", F_LINE, 0),
	FIELD_INT("headcount", 0, 1, SERVICE_MAX_HEADCOUNT),
	FIELD("guests", F_BOOL, 1),
	FIELD("lodging", F_BOOL, 1),
	FIELD_IN("groups", F_OBJECTS, 1, group_lead),
	FIELD_IN("add", F_KEYED, 0, task_def),
	FIELD("drop", F_KEYS, 0),
	FIELD_IN("owners", F_OBJECTS, 0, task_owner),
	FIELDS_END
};
static const struct field task_fields[] = {
	FIELD("key", F_KEY, 1),
	FIELD_IN("task", F_OBJECT, 0, task_def),
	FIELD_IN("status", F_ENUM, 0, task_statuses),
	FIELD("done_at", F_TIME, 0),
	FIELD("owner", F_LINE, 0),
	FIELD("note", F_TEXT, 0),
	FIELDS_END
};
static const struct field material_fields[] = {
	FIELD_IN("add", F_OBJECTS, 0, material_item),
	FIELD_IN("prepared", F_OBJECTS, 0, material_count),
	FIELD_IN("returned", F_OBJECTS, 0, material_count),
	FIELDS_END
};
static const struct field budget_fields[] = {
	FIELD_IN("line", F_OBJECTS, 0, budget_line),
	FIELD_IN("revise", F_OBJECTS, 0, budget_revise),
	FIELD_IN("actual", F_OBJECTS, 0, budget_actual),
	FIELDS_END
};
static const struct field approve_fields[] = {
	FIELD_INT("total", 1, 0, MONEY_MAX * 10000),
	FIELDS_END
};
static const struct field checkin_fields[] = {
	FIELD("who", F_LINE, 0),
	FIELD("guest", F_LINE, 0),
	FIELD("signed_in_at", F_TIME, 1),
	FIELDS_END
};
static const struct field incident_fields[] = {
	FIELD("text", F_TEXT, 0),
	FIELD("occurred_at", F_TIME, 0),
	FIELD_INT("incident", 0, 1, 10000),
	FIELD("resolved_at", F_TIME, 0),
	FIELDS_END
};
static const struct field inspect_fields[] = {
	FIELD("open", F_KEYS, 1),
	FIELDS_END
};
static const struct field summary_fields[] = {
	FIELD("lessons", F_LINES, 1),
	FIELD("publish", F_BOOL, 1),
	FIELDS_END
};
static const struct field *const event_fields[] = {
	plan_fields, task_fields, material_fields, budget_fields,
	approve_fields, checkin_fields, incident_fields, inspect_fields,
	summary_fields
};

static int check_fields(json_t *obj, const struct field *f,
			const char *where, int text_rules);

static int
text_ok(const char *name, json_t *v, const char *where, int title,
	int text_rules)
{
	int rc;

	if (!json_is_string(v))
		return pd_error(PD_EDATA, "%s: '%s' must be a string", where,
				name);
	if (text_rules && (rc = text_check(name, json_string_value(v),
					   title))) {
		char *msg = xstrdup(pd_errmsg());

		pd_error(rc, "%s: %s", where, msg);
		free(msg);
		return rc;
	}
	return 0;
}

/* A list whose every item passes check_fields(more) (and has a key). */
static int
check_objects(json_t *v, const struct field *f, const char *where,
	      int text_rules)
{
	static const struct field key_only[] = {
		FIELD("key", F_KEY, 1), FIELDS_END
	};
	json_t *item;
	size_t i;
	int rc;

	if (!json_is_array(v))
		return pd_error(PD_EDATA, "%s: '%s' must be a list", where,
				f->name);
	json_array_foreach(v, i, item) {
		char at[96];

		snprintf(at, sizeof(at), "%s: %s %zu", where, f->name, i + 1);
		if (f->kind == F_KEYED &&
		    (rc = check_fields(item, key_only, at, text_rules)))
			return rc;
		if ((rc = check_fields(item, f->more, at, text_rules)))
			return rc;
	}
	return 0;
}

/* A list of strings that each pass kind (F_KEY or F_TEXT). */
static int
check_strings(json_t *v, const struct field *f, const char *where,
	      int text_rules)
{
	json_t *s;
	size_t i;
	int rc;

	if (!json_is_array(v))
		return pd_error(PD_EDATA, "%s: '%s' must be a list", where,
				f->name);
	json_array_foreach(v, i, s) {
		if (f->kind == F_KEYS && !task_key_valid(json_string_value(s)))
			return pd_error(PD_EDATA, "%s: '%s' must hold task keys",
					where, f->name);
		if (f->kind == F_LINES &&
		    ((rc = text_ok(f->name, s, where, 0, text_rules)) ||
		     !json_string_length(s)))
			return rc ? rc : pd_error(PD_EDATA,
				"%s: '%s' must hold non-empty texts", where,
				f->name);
	}
	return 0;
}

static int
check_value(json_t *v, const struct field *f, const char *where,
	    int text_rules)
{
	struct offset off;
	time_t t;
	long long n;

	switch (f->kind) {
	case F_KEY:
		if (!task_key_valid(json_string_value(v)))
			return pd_error(PD_EDATA, "%s: '%s' must be a task key (a-z, 0-9, '-')",
					where, f->name);
		return 0;
	case F_LINE:
	case F_TEXT:
		return text_ok(f->name, v, where, f->kind == F_LINE,
			       text_rules);
	case F_TIME:
		if (!json_is_string(v) || time_parse(json_string_value(v), &t) < 0)
			return pd_error(PD_EDATA, "%s: '%s' must be a time (RFC 3339)",
					where, f->name);
		return 0;
	case F_BOOL:
		if (!json_is_boolean(v))
			return pd_error(PD_EDATA, "%s: '%s' must be true or false",
					where, f->name);
		return 0;
	case F_INT:
	case F_MONEY:
		n = json_integer_value(v);
		if (!json_is_integer(v) || n < f->min ||
		    n > (f->kind == F_MONEY ? MONEY_MAX : f->max))
			return pd_error(PD_EDATA, "%s: '%s' must be a whole number from %lld to %lld",
					where, f->name, f->min,
					f->kind == F_MONEY ? MONEY_MAX : f->max);
		return 0;
	case F_ENUM:
		if (str_index(f->more, json_string_value(v)) < 0)
			return pd_error(PD_EDATA, "%s: unknown %s '%s' (expected %s)",
					where, f->name, json_is_string(v) ?
					json_string_value(v) : "",
					str_join_list(f->more));
		return 0;
	case F_OFFSET:
		if (!json_is_string(v) ||
		    offset_parse(json_string_value(v), &off) < 0)
			return pd_error(PD_EDATA, "%s: '%s' must be an offset such as -2wd or +1h",
					where, f->name);
		return 0;
	case F_FROM:
		if (!json_is_string(v) || (strcmp(json_string_value(v), "start") &&
					   strcmp(json_string_value(v), "end")))
			return pd_error(PD_EDATA, "%s: '%s' must be start or end",
					where, f->name);
		return 0;
	case F_OBJECT:
		return check_fields(v, f->more, where, text_rules);
	case F_OBJECTS:
	case F_KEYED:
		return check_objects(v, f, where, text_rules);
	case F_KEYS:
	case F_LINES:
		return check_strings(v, f, where, text_rules);
	case F_END:
		break;
	}
	return 0;
}

static int
check_fields(json_t *obj, const struct field *f, const char *where,
	     int text_rules)
{
	int rc;

	if (!json_is_object(obj))
		return pd_error(PD_EDATA, "%s: not an object", where);
	for (; f->name; f++) {
		json_t *v = json_object_get(obj, f->name);

		if (!v || json_is_null(v)) {
			if (f->need)
				return pd_error(PD_EDATA, "%s: '%s' is missing",
						where, f->name);
			continue;
		}
		if ((rc = check_value(v, f, where, text_rules)))
			return rc;
		if (f->need && f->kind == F_LINE && !json_string_length(v))
			return pd_error(PD_EDATA, "%s: '%s' must not be empty",
					where, f->name);
	}
	return 0;
}

static int
has(json_t *e, const char *key)
{
	json_t *v = json_object_get(e, key);

	return v && !json_is_null(v) &&
	       (!json_is_array(v) || json_array_size(v) > 0);
}

/* A task is due at a time, or at an offset from the start or end. */
static int
check_task_def(json_t *def, const char *where)
{
	if (has(def, "due") == (has(def, "from") || has(def, "offset")) ||
	    has(def, "from") != has(def, "offset"))
		return pd_error(PD_EDATA, "%s: a task has either 'due' or 'from' and 'offset'",
				where);
	return 0;
}

/* What the tables cannot say: fields that go together or exclude. */
static int
check_combination(json_t *e, int type, const char *where)
{
	json_t *g, *def;
	size_t i;
	int rc;

	switch (type) {
	case SE_PLAN:
		for (int k = 0; service_groups[k]; k++) {
			int n = 0;

			json_array_foreach(json_object_get(e, "groups"), i, g)
				n += !strcmp(jstr(g, "group"), service_groups[k]);
			if (n != 1)
				return pd_error(PD_EDATA, "%s: 'groups' must name each of %s once",
						where, pd_label_join("group", service_groups));
		}
		json_array_foreach(json_object_get(e, "add"), i, def)
			if ((rc = check_task_def(def, where)))
				return rc;
		return 0;
	case SE_TASK:
		if ((def = json_object_get(e, "task")) && !json_is_null(def))
			return has(e, "status") || has(e, "done_at") ?
			       pd_error(PD_EDATA, "%s: a new task has no 'status'",
					where) : check_task_def(def, where);
		if (has(e, "done_at") &&
		    strcmp(jstr(e, "status") ? jstr(e, "status") : "", "done"))
			return pd_error(PD_EDATA, "%s: 'done_at' goes with status done",
					where);
		if (!has(e, "status") && !has(e, "owner") && !has(e, "note"))
			return pd_error(PD_EDATA, "%s: the event changes nothing",
					where);
		return 0;
	case SE_MATERIAL:
	case SE_BUDGET:
		if (!has(e, type == SE_MATERIAL ? "add" : "line") &&
		    !has(e, type == SE_MATERIAL ? "prepared" : "revise") &&
		    !has(e, type == SE_MATERIAL ? "returned" : "actual"))
			return pd_error(PD_EDATA, "%s: the event changes nothing",
					where);
		return 0;
	case SE_CHECKIN:
		if (has(e, "who") == has(e, "guest"))
			return pd_error(PD_EDATA, "%s: a sign-in has either 'who' or 'guest'",
					where);
		return 0;
	case SE_INCIDENT:
		if (has(e, "text") ? !has(e, "occurred_at") || has(e, "incident")
				   : !has(e, "incident") || !has(e, "resolved_at"))
			return pd_error(PD_EDATA, "%s: an incident has 'text' and 'occurred_at', a resolution 'incident' and 'resolved_at'",
					where);
		return 0;
	case SE_SUMMARY:
		if (!has(e, "lessons") && !json_is_true(json_object_get(e,
								"publish")))
			return pd_error(PD_EDATA, "%s: the event changes nothing",
					where);
		return 0;
	default:
		return 0;
	}
}

int
service_event_validate(json_t *e, const char *where, int text_rules)
{
	int type = str_index(service_event_types, jstr(e, "type")), rc;

	if (type < 0)
		return pd_error(PD_EDATA, "%s: not a service event", where);
	if ((rc = check_fields(e, event_fields[type], where, text_rules)))
		return rc;
	return check_combination(e, type, where);
}

int
service_events_order(json_t *events)
{
	json_t *e;
	size_t i;
	int planned = 0;

	json_array_foreach(events, i, e) {
		const char *type = jstr(e, "type");

		if (!service_event_type(type))
			continue;
		if (!planned && strcmp(type, "service-plan"))
			return pd_error(PD_EDATA, "event %zu: %s before the service is planned (service-plan)",
					i + 1, type);
		planned = 1;
	}
	return 0;
}

/* The fold. */

static json_t *
new_block(void)
{
	return json_pack("{s:n, s:n, s:n, s:b, s:b, s:[], s:[], s:[], s:[],"
			 " s:n, s:[], s:[], s:{s:[], s:n}}",
			 "lead", "host", "headcount", "guests", 0, "lodging", 0,
			 "groups", "tasks", "materials", "budget", "approved",
			 "checkins", "incidents", "summary", "lessons",
			 "published_at");
}

/* The value of key in e, or null. */
static json_t *
get_or_null(json_t *e, const char *key)
{
	json_t *v = json_object_get(e, key);

	return v ? v : json_null();
}

json_t *
service_task(json_t *service, const char *key)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(service, "tasks"), i, t)
		if (key && jstr(t, "key") && !strcmp(jstr(t, "key"), key))
			return t;
	return NULL;
}

/* Add task key made from def, unless the block has it. */
static void
add_task(json_t *svc, const char *key, json_t *def)
{
	if (!key || service_task(svc, key))
		return;
	json_array_append_new(json_object_get(svc, "tasks"), json_pack(
		"{s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:n, s:n, s:s}",
		"key", key, "group", get_or_null(def, "group"),
		"text", get_or_null(def, "text"), "from", get_or_null(def, "from"),
		"offset", get_or_null(def, "offset"), "due", get_or_null(def, "due"),
		"owner", get_or_null(def, "owner"),
		"required", get_or_null(def, "required"), "status", "open",
		"done_at", "done_by", "note", ""));
}

/* Mark task done at the event's time unless it is done already. */
static void
task_done_by_event(json_t *task, json_t *e)
{
	if (!task || !strcmp(jstr(task, "status"), "done"))
		return;
	json_object_set_new(task, "status", json_string("done"));
	json_object_set(task, "done_at", get_or_null(e, "at"));
	json_object_set(task, "done_by", get_or_null(e, "by"));
}

static void
fold_plan(json_t *svc, json_t *e)
{
	static const char *const keys[] = {
		"lead", "host", "headcount", "guests", "lodging", "groups", NULL
	};
	json_t *tasks = json_object_get(svc, "tasks"), *v;
	size_t i;

	for (int k = 0; keys[k]; k++)
		json_object_set_new(svc, keys[k],
				    json_deep_copy(get_or_null(e, keys[k])));
	json_array_foreach(json_object_get(e, "drop"), i, v)
		for (size_t j = json_array_size(tasks); j-- > 0; )
			if (!strcmp(jstr(json_array_get(tasks, j), "key"),
				    json_string_value(v)))
				json_array_remove(tasks, j);
	json_array_foreach(json_object_get(e, "add"), i, v)
		add_task(svc, jstr(v, "key"), v);
	json_array_foreach(json_object_get(e, "owners"), i, v) {
		json_t *t = service_task(svc, jstr(v, "key"));

		if (t)
			json_object_set(t, "owner", get_or_null(v, "owner"));
	}
}

static void
fold_task(json_t *svc, json_t *e)
{
	json_t *t, *def = json_object_get(e, "task");

	if (def && !json_is_null(def)) {
		add_task(svc, jstr(e, "key"), def);
		return;
	}
	if (!(t = service_task(svc, jstr(e, "key"))))
		return;
	if (has(e, "owner"))
		json_object_set(t, "owner", json_object_get(e, "owner"));
	if (has(e, "status")) {
		int done = !strcmp(jstr(e, "status"), "done");

		json_object_set(t, "status", json_object_get(e, "status"));
		json_object_set(t, "done_at", done ? has(e, "done_at") ?
				json_object_get(e, "done_at") :
				json_object_get(e, "at") : json_null());
		json_object_set(t, "done_by", done ? json_object_get(e, "by")
						   : json_null());
	}
	if (has(e, "note"))
		json_object_set(t, "note", json_object_get(e, "note"));
}

/* The item numbered n (1, 2, ...) of list key of the block, or NULL. */
static json_t *
numbered(json_t *svc, const char *list, json_t *ref, const char *key)
{
	long long n = jint(ref, key, 0);
	json_t *items = json_object_get(svc, list);

	return n >= 1 && (size_t)n <= json_array_size(items) ?
	       json_array_get(items, (size_t)n - 1) : NULL;
}

/* Set field of the item each {n, from} of e's list names. */
static void
set_numbered(json_t *svc, const char *list, json_t *e, const char *what,
	     const char *from, const char *field)
{
	json_t *v, *item;
	size_t i;

	json_array_foreach(json_object_get(e, what), i, v)
		if ((item = numbered(svc, list, v, "n")))
			json_object_set(item, field, get_or_null(v, from));
}

static void
fold_material(json_t *svc, json_t *e)
{
	json_t *list = json_object_get(svc, "materials"), *v;
	size_t i;

	json_array_foreach(json_object_get(e, "add"), i, v)
		json_array_append_new(list, json_pack(
			"{s:I, s:O, s:O, s:s, s:n, s:n}",
			"n", (json_int_t)json_array_size(list) + 1,
			"item", get_or_null(v, "item"), "qty", get_or_null(v, "qty"),
			"place", jstr(v, "place") ? jstr(v, "place") : "",
			"prepared", "returned"));
	set_numbered(svc, "materials", e, "prepared", "qty", "prepared");
	set_numbered(svc, "materials", e, "returned", "qty", "returned");
}

static void
fold_budget(json_t *svc, json_t *e)
{
	json_t *list = json_object_get(svc, "budget"), *v;
	size_t i;

	json_array_foreach(json_object_get(e, "line"), i, v)
		json_array_append_new(list, json_pack(
			"{s:I, s:O, s:O, s:O, s:O, s:n, s:s}",
			"n", (json_int_t)json_array_size(list) + 1,
			"category", get_or_null(v, "category"),
			"item", get_or_null(v, "item"),
			"original", get_or_null(v, "planned"),
			"planned", get_or_null(v, "planned"), "actual",
			"note", jstr(v, "note") ? jstr(v, "note") : ""));
	set_numbered(svc, "budget", e, "revise", "planned", "planned");
	set_numbered(svc, "budget", e, "actual", "amount", "actual");
}

static void
fold_incident(json_t *svc, json_t *e)
{
	json_t *list = json_object_get(svc, "incidents"), *item;

	if (has(e, "text")) {
		json_array_append_new(list, json_pack("{s:I, s:O, s:O, s:O}",
			"n", (json_int_t)json_array_size(list) + 1,
			"at", get_or_null(e, "occurred_at"),
			"text", get_or_null(e, "text"),
			"resolved_at", get_or_null(e, "resolved_at")));
	} else if ((item = numbered(svc, "incidents", e, "incident"))) {
		json_object_set(item, "resolved_at",
				get_or_null(e, "resolved_at"));
	}
}

static void
fold_summary(json_t *svc, json_t *e)
{
	json_t *sum = json_object_get(svc, "summary"), *v;
	size_t i;

	json_array_foreach(json_object_get(e, "lessons"), i, v)
		json_array_append(json_object_get(sum, "lessons"), v);
	if (json_is_true(json_object_get(e, "publish")) &&
	    json_is_null(json_object_get(sum, "published_at"))) {
		json_object_set(sum, "published_at", get_or_null(e, "at"));
		task_done_by_event(service_task(svc, TASK_SUMMARY), e);
	}
}

static void
fold_event(json_t *svc, json_t *e, int type)
{
	switch (type) {
	case SE_PLAN: fold_plan(svc, e); break;
	case SE_TASK: fold_task(svc, e); break;
	case SE_MATERIAL: fold_material(svc, e); break;
	case SE_BUDGET: fold_budget(svc, e); break;
	case SE_APPROVE:
		json_object_set_new(svc, "approved", json_pack("{s:O, s:O, s:O}",
			"by", get_or_null(e, "by"), "at", get_or_null(e, "at"),
			"total", get_or_null(e, "total")));
		break;
	case SE_CHECKIN:
		json_array_append_new(json_object_get(svc, "checkins"),
			json_pack("{s:O, s:O, s:O}", "who", get_or_null(e, "who"),
				  "guest", get_or_null(e, "guest"),
				  "at", get_or_null(e, "signed_in_at")));
		break;
	case SE_INCIDENT: fold_incident(svc, e); break;
	case SE_INSPECT:
		task_done_by_event(service_task(svc, TASK_INSPECT), e);
		break;
	case SE_SUMMARY: fold_summary(svc, e); break;
	}
}

json_t *
service_fold(json_t *rec)
{
	json_t *svc = NULL, *e;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e) {
		int type = str_index(service_event_types, jstr(e, "type"));

		if (type < 0 || (!svc && type != SE_PLAN))
			continue;
		if (!svc)
			svc = new_block();
		fold_event(svc, e, type);
	}
	return svc;
}

/* What is derived when shown. */

time_t
task_due(const struct config *cfg, json_t *rec, json_t *task)
{
	struct offset off;
	const char *from = jstr(task, "from"), *offset = jstr(task, "offset");
	time_t base;

	if (jstr(task, "due"))
		return jtime(task, "due");
	if (!strcmp(jstr(task, "key") ? jstr(task, "key") : "",
		    TASK_EQUIPMENT_TEST)) {
		off.negative = 1;
		off.d = cfg->equipment_test_before;
		return offset_apply(&cfg->cal, meeting_start(rec), &off);
	}
	if (!from || !offset || offset_parse(offset, &off) < 0)
		return 0;
	base = !strcmp(from, "end") ? meeting_end(rec) : meeting_start(rec);
	return base ? offset_apply(&cfg->cal, base, &off) : 0;
}

/* The equipment rule: on time by its due, late by the start, else missed. */
static enum task_state
equipment_state(json_t *rec, time_t due, time_t done, time_t now,
		int required)
{
	time_t start = meeting_start(rec);

	if (done)
		return done <= due ? TS_DONE : done <= start ? TS_LATE
							     : TS_MISSED;
	if (required && now > start)
		return TS_MISSED;
	return now > due ? TS_OVERDUE : TS_OPEN;
}

enum task_state
task_state(const struct config *cfg, json_t *rec, json_t *task, time_t now)
{
	const char *status = jstr(task, "status") ? jstr(task, "status") : "";
	int required = json_is_true(json_object_get(task, "required"));
	int equipment = jstr(task, "key") &&
			!strcmp(jstr(task, "key"), TASK_EQUIPMENT_TEST);
	time_t due = task_due(cfg, rec, task), end = meeting_end(rec);
	time_t done = !strcmp(status, "done") ? jtime(task, "done_at") : 0;

	if (!strcmp(status, "skipped"))
		return TS_SKIPPED;
	if (equipment && (done || strcmp(status, "failed")))
		return equipment_state(rec, due, done, now, required);
	if (done)
		return due && done > due ? TS_LATE : TS_DONE;
	/* A task due by the end is missed once the meeting is over. */
	if (required && due && due <= end && now > end)
		return TS_MISSED;
	if (!strcmp(status, "failed"))
		return TS_FAILED;
	return due && now > due ? TS_OVERDUE : TS_OPEN;
}

int
task_state_is_problem(enum task_state s)
{
	return s == TS_LATE || s == TS_MISSED || s == TS_OVERDUE;
}

int
equipment_lead_minutes(json_t *rec, json_t *task, long *minutes)
{
	time_t done = task && jstr(task, "status") &&
		      !strcmp(jstr(task, "status"), "done") ?
		      jtime(task, "done_at") : 0;

	*minutes = 0;
	if (!done)
		return -1;
	*minutes = (long)((meeting_start(rec) - done) / 60);
	return 0;
}

void
budget_sum(json_t *service, const char *category, struct budget_sum *sum)
{
	json_t *line;
	size_t i;

	memset(sum, 0, sizeof(*sum));
	json_array_foreach(json_object_get(service, "budget"), i, line) {
		json_t *actual = json_object_get(line, "actual");

		if (category && strcmp(jstr(line, "category"), category))
			continue;
		sum->lines++;
		sum->original += jint(line, "original", 0);
		sum->planned += jint(line, "planned", 0);
		if (json_is_integer(actual)) {
			sum->actual += json_integer_value(actual);
			sum->with_actual++;
		}
	}
}

void
budget_check(json_t *service, struct budget_check *bc)
{
	json_t *line, *approved = json_object_get(service, "approved");
	struct budget_sum all;
	size_t i;

	memset(bc, 0, sizeof(*bc));
	json_array_foreach(json_object_get(service, "budget"), i, line)
		if (json_is_integer(json_object_get(line, "actual")) &&
		    jint(line, "actual", 0) > jint(line, "planned", 0))
			bc->lines_over++;
	budget_sum(service, NULL, &all);
	bc->total_over = all.actual > all.planned;
	bc->over_approved = json_is_object(approved) &&
			    all.planned > jint(approved, "total", 0);
}

void
checkin_count(json_t *rec, struct checkin_counts *cc)
{
	json_t *svc = json_object_get(rec, "service"), *c;
	size_t i;

	memset(cc, 0, sizeof(*cc));
	cc->invited = (long)json_array_size(json_object_get(rec, "attendees"));
	json_array_foreach(json_object_get(svc, "checkins"), i, c) {
		cc->signed_in++;
		cc->guests += jstr(c, "guest") != NULL;
	}
}

/* When staff member who signed in, or 0. */
static time_t
signed_in_at(json_t *svc, const char *who)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(svc, "checkins"), i, c)
		if (jstr(c, "who") && !strcmp(jstr(c, "who"), who))
			return jtime(c, "at");
	return 0;
}

void
checkin_attendance(const struct config *cfg, json_t *rec,
		   const struct strlist *named, struct minutes_input *in)
{
	json_t *svc = json_object_get(rec, "service"), *c, *a;
	time_t grace = calendar_add(&cfg->cal, meeting_start(rec),
				    &cfg->start_grace, 0);
	size_t i;

	json_array_foreach(json_object_get(svc, "checkins"), i, c) {
		const char *who = jstr(c, "who");

		if (!who || strlist_has(named, who))
			continue;
		strlist_add(jtime(c, "at") > grace ? &in->late : &in->present,
			    who);
	}
	json_array_foreach(json_object_get(rec, "attendees"), i, a) {
		const char *who = jstr(a, "who");

		if (json_is_true(json_object_get(a, "required")) && who &&
		    !signed_in_at(svc, who) && !strlist_has(named, who))
			strlist_add(&in->absent, who);
	}
}
