/*
 * Ticket operations: opening tickets and appending events, staged into a
 * change.  Only the ticket's own file (and a register) is read or written.
 */
#include <string.h>

#include "plaindesk/escalate.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

const char *const open_request_fields[] = {
	"kind", "channel", "customer", "title", "severity", "category",
	"description", "meeting", "assignee", "at", "new-customer", "tier",
	"org", "email", "phone", NULL
};

static int
given(const char *s)
{
	return s && *s;
}

/* Find the customer by id or name, or add them when asked to. */
static int
resolve_customer(struct store *st, const struct open_request *req,
		 struct change *c, const char *where, char **customer_id)
{
	struct csvtab *cust;
	long r;
	int rc;

	if ((rc = store_register(st, REG_CUSTOMERS, &cust)))
		return rc;
	if ((r = store_find(st, REG_CUSTOMERS, req->customer)) == -2)
		return pd_error(PD_EDATA, "%s%s", where, pd_errmsg());
	if (r >= 0) {
		*customer_id = xstrdup(csvtab_get(cust, (size_t)r, "id"));
		return 0;
	}
	if (!req->new_customer) {
		pd_error(PD_EDATA, "%sunknown customer '%s'", where,
			 req->customer);
		pd_hint("add them to registers/customers.csv, or pass --new-customer");
		return PD_EDATA;
	}
	if (given(req->tier) && (rc = enum_check(customer_tiers, "tier",
						 req->tier)))
		return pd_error(rc, "%s%s", where, pd_errmsg());
	{
		const char *cols[] = {"id", "name", "org", "tier", "email",
				      "phone", "since"};
		const char *vals[7];
		char rnd[8], since[16], *id, *data;
		size_t len;

		/* A customer named like an id keeps it; others get one. */
		if (str_startswith(req->customer, "C-") &&
		    strlen(req->customer) <= 32 &&
		    strspn(req->customer + 2,
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
			    strlen(req->customer) - 2) {
			id = xstrdup(req->customer);
		} else {
			do {
				if (random_base32(rnd, 6) < 0)
					return PD_ESOFTWARE;
				id = xasprintf("C-%s", rnd);
				if (csvtab_find(cust, "id", id) < 0)
					break;
				free(id);
			} while (1);
		}
		vals[0] = id;
		vals[1] = req->customer;
		vals[2] = req->org ? req->org : "";
		vals[3] = given(req->tier) ? req->tier : "general";
		vals[4] = req->email ? req->email : "";
		vals[5] = req->phone ? req->phone : "";
		vals[6] = date_format(time_day(st->now), since);
		for (int i = 0; i < 7; i++)
			if ((rc = text_check_cell(cols[i], vals[i]))) {
				free(id);
				return pd_error(rc, "%snew customer: %s", where,
						pd_errmsg());
			}
		csvtab_append(cust, cols, vals, 7);
		data = csvtab_format(cust, &len);
		change_put(c, register_paths[REG_CUSTOMERS], data, len);
		*customer_id = id;
	}
	return 0;
}

static int
check_text(const char *where, const char *field, const char *s, int title)
{
	int rc;

	if (s && (rc = text_check(field, s, title)))
		return pd_error(rc, "%s%s", where, pd_errmsg());
	return 0;
}

static int
check_enum(const char *where, const char *const *list, const char *what,
	   const char *s)
{
	int rc;

	if ((rc = enum_check(list, what, s)))
		return pd_error(rc, "%s%s", where, pd_errmsg());
	return 0;
}

static json_t *
new_event(const char *type, const char *by, time_t at)
{
	char buf[TIME_BUFSZ];

	return json_pack("{s:s, s:s, s:s, s:s}", "id", "", "at",
			 time_format(at, buf), "by", by, "type", type);
}

/* The request by itself, and the time it came in into *opened. */
static int
check_open_request(struct store *st, const struct open_request *req,
		   const char *where, time_t *opened)
{
	int rc, complaint;

	if (!given(req->kind) || !given(req->channel) ||
	    !given(req->customer) || !given(req->title))
		/* A row of an import lacking them is bad data, not usage. */
		return pd_error(*where ? PD_EDATA : PD_EUSAGE,
				"%s--kind, --channel, --customer and --title are required",
				where);
	if ((rc = check_enum(where, ticket_kinds, "kind", req->kind)) ||
	    (rc = check_enum(where, ticket_channels, "channel", req->channel)))
		return rc;
	complaint = strcmp(req->kind, "complaint") == 0;
	if (complaint) {
		if (!given(req->severity) || !given(req->category))
			return pd_error(PD_EDATA, "%sa complaint needs --severity and --category",
					where);
		if ((rc = check_enum(where, complaint_severities, "severity",
				     req->severity)) ||
		    (rc = check_enum(where, complaint_categories, "category",
				     req->category)))
			return rc;
	} else if (given(req->severity) || given(req->category)) {
		return pd_error(PD_EDATA, "%sonly complaints have a severity and category",
				where);
	}
	if ((rc = check_text(where, "title", req->title, 1)) ||
	    (rc = check_text(where, "description", req->description, 0)) ||
	    (rc = check_text(where, "customer", req->customer, 1)) ||
	    (rc = check_text(where, "org", req->org, 1)) ||
	    (rc = check_text(where, "email", req->email, 1)) ||
	    (rc = check_text(where, "phone", req->phone, 1)))
		return rc;
	*opened = st->now;
	if (given(req->at)) {
		if (time_parse(req->at, opened) < 0)
			return pd_error(PD_EDATA, "%sinvalid time '%s' (expected e.g. 2026-11-25T14:00)",
					where, req->at);
		if (*opened > st->now)
			return pd_error(PD_EDATA, "%s--at '%s' is in the future",
					where, req->at);
	}
	return 0;
}

/* The customer's tier today, which rules may name (DESIGN §5); or NULL. */
static const char *
customer_tier(struct store *st, const char *customer)
{
	struct csvtab *cust;
	long r;

	if (store_register(st, REG_CUSTOMERS, &cust) == 0 &&
	    (r = csvtab_find(cust, "id", customer)) >= 0 &&
	    enum_index(customer_tiers, csvtab_get(cust, (size_t)r, "tier")) >= 0)
		return csvtab_get(cust, (size_t)r, "tier");
	return NULL;
}

/* The header of a new ticket, in the order of DESIGN §2. */
static json_t *
open_header(struct store *st, const struct open_request *req,
	    const char *id, const char *customer, const char *meeting,
	    time_t opened)
{
	int complaint = strcmp(req->kind, "complaint") == 0;
	const char *tier = customer_tier(st, customer);
	json_t *rec = json_object();
	char buf[TIME_BUFSZ];

	json_object_set_new(rec, "id", json_string(id));
	json_object_set_new(rec, "kind", json_string(req->kind));
	json_object_set_new(rec, "channel", json_string(req->channel));
	json_object_set_new(rec, "customer", json_string(customer));
	if (tier)
		json_object_set_new(rec, "tier", json_string(tier));
	json_object_set_new(rec, "meeting", *meeting ? json_string(meeting)
						     : json_null());
	json_object_set_new(rec, "category", complaint ?
			    json_string(req->category) : json_null());
	json_object_set_new(rec, "severity", complaint ?
			    json_string(req->severity) : json_null());
	json_object_set_new(rec, "title", json_string(req->title));
	json_object_set_new(rec, "description",
			    json_string(req->description ? req->description
							 : ""));
	json_object_set_new(rec, "opened_at",
			    json_string(time_format(opened, buf)));
	if (req->mail)
		json_object_set(rec, "mail", req->mail);
	json_object_set_new(rec, "state", json_object());
	json_object_set_new(rec, "events", json_array());
	return rec;
}

/* Append event ev (taken) to the new ticket's events with a fresh id. */
static void
add_open_event(json_t *rec, json_t *ev, time_t opened)
{
	json_t *events = json_object_get(rec, "events");
	char evid[16];

	event_id_new(events, opened, evid);
	json_object_set_new(ev, "id", json_string(evid));
	json_array_append_new(events, ev);
}

/* open, the assignment, the rule, and the start escalation it asks for. */
static int
open_events(struct store *st, json_t *rec, const char *by,
	    const char *assignee, time_t opened)
{
	struct sla_rule rule;
	json_t *ev;
	int rc;

	add_open_event(rec, new_event("open", by, opened), opened);
	if (assignee) {
		ev = new_event("assign", by, opened);
		json_object_set_new(ev, "to", json_string(assignee));
		add_open_event(rec, ev, opened);
	}
	if (ticket_rule(rec, &st->cfg, &rule))
		json_object_set_new(rec, "rule", json_string(rule.key));
	/* A rule that starts above the agent tells its level at once. */
	if ((rc = escalation_start_event(st, rec, &ev)))
		return rc;
	if (ev) {
		json_t *full = new_event("escalate", by, opened);

		json_object_update(full, ev);
		json_decref(ev);
		add_open_event(rec, full, opened);
	}
	return 0;
}

/* "T-… complaint/important \"Title\"" for commit subjects (caller frees). */
static char *
ticket_subject(json_t *rec)
{
	const char *sev = jstr(rec, "severity");

	return xasprintf("%s %s%s%s \"%s\"", jstr(rec, "id"), jstr(rec, "kind"),
			 sev ? "/" : "", sev ? sev : "", jstr(rec, "title"));
}

int
ticket_open_stage(struct store *st, const struct open_request *req,
		  const struct actor *a, struct change *c, const char *where,
		  char id[ID_LEN + 1], char **subject)
{
	char *customer = NULL, *assignee = NULL, meeting[ID_LEN + 1] = "";
	json_t *rec = NULL;
	time_t opened;
	int rc;

	if ((rc = check_open_request(st, req, where, &opened)))
		return rc;
	if (given(req->meeting) &&
	    (rc = id_resolve(st, 'M', req->meeting, meeting)))
		return pd_error(rc, "%s%s", where, pd_errmsg());
	if (given(req->assignee)) {
		struct csvtab *staff;
		long r = store_staff(st, req->assignee);

		if (r < 0)
			return pd_error(PD_EDATA, "%s%s", where, pd_errmsg());
		store_register(st, REG_STAFF, &staff);
		assignee = xstrdup(csvtab_get(staff, (size_t)r, "id"));
	}
	if ((rc = resolve_customer(st, req, c, where, &customer)))
		goto out;
	if (req->id)
		snprintf(id, ID_LEN + 1, "%s", req->id);
	else if ((rc = id_new(st, 'T', opened, id)))
		goto out;
	/* Within one import two draws could meet; draw again if so. */
	while (!req->id && strlist_has(&c->records, id))
		if ((rc = id_new(st, 'T', opened, id)))
			goto out;
	rec = open_header(st, req, id, customer, meeting, opened);
	if ((rc = open_events(st, rec, a->by, assignee, opened)))
		goto out;
	change_record(c, id);
	rc = ticket_stage(st, rec, c);
	if (!rc && subject)
		*subject = ticket_subject(rec);
out:
	json_decref(rec);
	free(customer);
	free(assignee);
	return rc;
}

int
ticket_stage(struct store *st, json_t *rec, struct change *c)
{
	struct ticket_state state;
	char *rel, *data;
	size_t len;
	int rc;

	ticket_fold(rec, &st->cfg, &state);
	json_object_set_new(rec, "state", ticket_state_json(&state, &st->cfg));
	if ((rc = ticket_validate(rec)))
		return pd_error(PD_EDATA, "%s: %s", jstr(rec, "id"),
				pd_errmsg());
	rel = id_relpath(jstr(rec, "id"));
	data = record_format(rec, &len);
	change_put(c, rel, data, len);
	change_record(c, jstr(rec, "id"));
	free(rel);
	return 0;
}

int
ticket_load(struct store *st, const char *id, json_t **rec,
	    struct ticket_state *state)
{
	int rc;

	if ((rc = store_load_checked(st, id, ticket_validate_shape, rec)))
		return rc;
	/* The events are the truth: a stale state block (a hand edit, a
	 * policy changed since) is recomputed, and rewritten by the next
	 * change; plaindesk-check reports it meanwhile. */
	if (state)
		ticket_fold(*rec, &st->cfg, state);
	return 0;
}

int
ticket_append_event(struct store *st, json_t *rec, json_t *ev,
		    const struct actor *a, time_t at, struct change *c,
		    char evid[16])
{
	json_t *events = json_object_get(rec, "events");
	json_t *last = json_array_get(events, json_array_size(events) - 1);
	char buf[TIME_BUFSZ], id[16];
	json_t *full;
	time_t last_at = 0;

	/* Events stay in time order even if the clock went back. */
	if (last && jstr(last, "at") && time_parse(jstr(last, "at"), &last_at) == 0 &&
	    at < last_at)
		at = last_at;
	event_id_new(events, at, id);
	full = json_pack("{s:s, s:s, s:s}", "id", id, "at",
			 time_format(at, buf), "by", a->by);
	json_object_update(full, ev);
	json_decref(ev);
	json_array_append_new(events, full);
	if (evid)
		memcpy(evid, id, 16);
	return ticket_stage(st, rec, c);
}

