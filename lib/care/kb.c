/*
 * Knowledge-base articles: the fold of their events into the state and
 * their validation.  Pure: no I/O, no clock.
 */
#include <string.h>

#include "plaindesk/erecord.h"
#include "plaindesk/kb.h"
#include "plaindesk/record.h"
#include "plaindesk/ticket.h"

const char *const kb_statuses[] = {"draft", "published", "retired", NULL};
const char *const kb_event_types[] = {
	"write", "revise", "publish", "review", "retire", NULL
};
const char *const kb_actions[] = {
	"revise", "publish", "review", "retire", NULL
};

/* The text fields of write and revise events, and the lists. */
static const char *const text_fields[] = {
	"title", "problem", "solution", NULL
};
static const char *const list_fields[] = {
	"tags", "kinds", "categories", "causes", "source_tickets", NULL
};

/* The values each list may hold (NULL: any). */
static const char *const *
list_values(const char *field)
{
	if (!strcmp(field, "kinds"))
		return ticket_kinds;
	if (!strcmp(field, "categories"))
		return complaint_categories;
	if (!strcmp(field, "causes"))
		return ticket_causes;
	return NULL;
}

json_t *
kb_fold(json_t *rec)
{
	json_t *s = json_object(), *ev, *v;
	size_t i;

	json_object_set_new(s, "status", json_string("draft"));
	for (int f = 0; text_fields[f]; f++)
		json_object_set_new(s, text_fields[f], json_string(""));
	for (int f = 0; list_fields[f]; f++)
		json_object_set_new(s, list_fields[f], json_array());
	json_object_set_new(s, "version", json_integer(0));
	json_object_set_new(s, "published_at", json_null());
	json_object_set_new(s, "reviewed_at", json_null());
	json_object_set_new(s, "review_due", json_null());
	json_array_foreach(json_object_get(rec, "events"), i, ev) {
		const char *type = jstr(ev, "type");
		json_t *at = json_object_get(ev, "at");

		if (!type || !at)
			continue;
		if (!strcmp(type, "write") || !strcmp(type, "revise")) {
			for (int f = 0; text_fields[f]; f++)
				if ((v = json_object_get(ev, text_fields[f])))
					json_object_set(s, text_fields[f], v);
			for (int f = 0; list_fields[f]; f++)
				if ((v = json_object_get(ev, list_fields[f])))
					json_object_set_new(s, list_fields[f],
							    json_deep_copy(v));
			json_object_set_new(s, "version", json_integer(
				!strcmp(type, "write") ? 1 :
				jint(s, "version", 0) + 1));
		} else if (!strcmp(type, "publish")) {
			json_object_set_new(s, "status",
					    json_string("published"));
			json_object_set(s, "published_at", at);
			json_object_set(s, "reviewed_at", at);
		} else if (!strcmp(type, "review")) {
			json_object_set(s, "reviewed_at", at);
		} else if (!strcmp(type, "retire")) {
			json_object_set_new(s, "status", json_string("retired"));
		}
		if ((v = json_object_get(ev, "review_due")))
			json_object_set(s, "review_due", v);
	}
	return s;
}

static int
check_event(json_t *ev, const char *where)
{
	const char *type = jstr(ev, "type");
	int write = !strcmp(type, "write"), rc, fields = 0;

	if (write || !strcmp(type, "revise")) {
		for (int f = 0; text_fields[f]; f++) {
			if (!write && !json_object_get(ev, text_fields[f]))
				continue;
			fields++;
			if ((rc = efield_text(ev, text_fields[f], where, 1,
					      f == 0)))
				return rc;
		}
		for (int f = 0; list_fields[f]; f++) {
			if (!write && !json_object_get(ev, list_fields[f]))
				continue;
			fields++;
			if ((rc = efield_list(ev, list_fields[f], where,
					      list_values(list_fields[f]))))
				return rc;
		}
		if (!fields)
			return pd_error(PD_EDATA, "%s: a revise changes at least one field",
					where);
	}
	if (!strcmp(type, "retire") &&
	    (rc = efield_text(ev, "reason", where, 1, 0)))
		return rc;
	if ((rc = efield_text(ev, "message", where, 0, 0)))
		return rc;
	if ((!strcmp(type, "publish") || !strcmp(type, "review")) &&
	    !json_object_get(ev, "review_due"))
		return pd_error(PD_EDATA, "%s: '%s' needs 'review_due'", where,
				type);
	return field_time_opt(ev, "review_due", where);
}

int
kb_validate(json_t *rec)
{
	json_t *v;
	size_t i;
	time_t t;
	int rc;

	if (!id_valid('K', jstr(rec, "id")))
		return pd_error(PD_EDATA, "'id' is not an article id");
	if ((rc = field_time(rec, "created_at", "article", &t)))
		return rc;
	if (!json_is_object(json_object_get(rec, "state")))
		return pd_error(PD_EDATA, "article: 'state' must be an object");
	if ((rc = erecord_check_events(rec, kb_event_types, "write", 1,
				       check_event)))
		return rc;
	json_array_foreach(json_object_get(json_object_get(rec, "state"),
					   "source_tickets"), i, v)
		if (!id_valid('T', json_string_value(v)))
			return pd_error(PD_EDATA, "article: source_tickets: '%s' is not a ticket id",
					json_string_value(v) ?
					json_string_value(v) : "");
	return 0;
}

int
kb_is_stale(json_t *state, time_t now)
{
	const char *status = jstr(state, "status");
	time_t due = jtime(state, "review_due");

	return status && !strcmp(status, "published") && due && due < now;
}
