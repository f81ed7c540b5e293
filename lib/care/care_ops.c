/*
 * Care plans on a store: plan, visit, touch and end, each checked in full
 * and staged as one event of care/<customer>.json.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/care.h"
#include "plaindesk/careplan.h"
#include "plaindesk/erecord.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"

const char *const care_actions[] = {"plan", "visit", "touch", "end", NULL};

void
care_request_init(struct care_request *r)
{
	memset(r, 0, sizeof(*r));
	strlist_init(&r->occasions);
	strlist_init(&r->goals);
}

void
care_request_release(struct care_request *r)
{
	strlist_release(&r->occasions);
	strlist_release(&r->goals);
}

/* The customer arg names, by id or name: the register row, or -1. */
static long
find_customer(struct store *st, const char *arg, struct csvtab **cust)
{
	long r;

	if (store_register(st, REG_CUSTOMERS, cust))
		return -1;
	if ((r = store_find(st, REG_CUSTOMERS, arg)) == -1)
		pd_error(PD_EDATA, "unknown customer '%s'", arg);
	else if (r < 0)
		pd_error(PD_EDATA, "%s", pd_errmsg());
	return r;
}

static char *
plan_path(const char *customer)
{
	return xasprintf("care/%s.json", customer);
}

int
care_load(struct store *st, const char *arg, char **customer, json_t **rec)
{
	struct csvtab *cust;
	long r = find_customer(st, arg, &cust);
	char *rel;
	int rc;

	*rec = NULL;
	*customer = NULL;
	if (r < 0)
		return PD_EDATA;
	*customer = xstrdup(csvtab_get(cust, (size_t)r, "id"));
	rel = plan_path(*customer);
	rc = erecord_load(st, rel, "care plan for", *customer, rec);
	if (!rc && (rc = care_validate(*rec))) {
		pd_error(rc, "%s: %s", rel, pd_errmsg());
		json_decref(*rec);
		*rec = NULL;
	}
	free(rel);
	return rc;
}

/* "MM-DD|LABEL" into an occasion object, or NULL with a message. */
static json_t *
parse_occasion(const char *s, int *rc)
{
	const char *bar = strchr(s, '|');
	char mmdd[8];

	if (!bar || bar - s != 5 || !bar[1]) {
		*rc = pd_error(PD_EDATA, "invalid occasion '%s' (expected MM-DD|LABEL, e.g. 05-12|生日)",
			       s);
		return NULL;
	}
	memcpy(mmdd, s, 5);
	mmdd[5] = '\0';
	if (!occasion_valid(mmdd)) {
		*rc = pd_error(PD_EDATA, "invalid occasion date '%s' (expected MM-DD)",
			       mmdd);
		return NULL;
	}
	if ((*rc = text_check("occasion", bar + 1, 1)))
		return NULL;
	return json_pack("{s:s, s:s}", "date", mmdd, "label", bar + 1);
}

/* plan's fields into ev from req, what is not given from the state. */
static int
plan_fields(struct store *st, const struct care_request *req, json_t *state,
	    const char *tier, json_t *ev)
{
	const struct duration *def = NULL;
	struct duration d;
	char *owner, buf[32];
	int rc = 0, t = enum_index(customer_tiers, tier);

	if (!(owner = staff_active_id(st, req->owner, "--owner")))
		return PD_EDATA;
	json_object_set_new(ev, "owner", json_string(owner));
	free(owner);
	if (t >= 0 && st->cfg.care.visit_every[t].n)
		def = &st->cfg.care.visit_every[t];
	if (req->every && duration_parse(req->every, &d) < 0)
		return pd_error(PD_EDATA, "invalid duration '%s' (expected e.g. 30d, 2wd)",
				req->every);
	if (req->every)
		json_object_set_new(ev, "every", json_string(req->every));
	else if (state && jstr(state, "every"))
		json_object_set(ev, "every", json_object_get(state, "every"));
	else if (def)
		json_object_set_new(ev, "every",
				    json_string(duration_format(def, buf)));
	else
		return pd_error(PD_EUSAGE, "plan needs --every: care.visit_every has none for a %s customer",
				tier);
	if (req->occasions.n || !state) {
		json_t *list = json_array();

		for (size_t i = 0; i < req->occasions.n && !rc; i++) {
			json_t *o = parse_occasion(req->occasions.items[i], &rc);

			if (o)
				json_array_append_new(list, o);
		}
		json_object_set_new(ev, "occasions", list);
	} else {
		json_object_set(ev, "occasions",
				json_object_get(state, "occasions"));
	}
	if (!rc && (req->goals.n || !state)) {
		json_t *list = json_array();

		for (size_t i = 0; i < req->goals.n && !rc; i++)
			if (!(rc = text_check("goal", req->goals.items[i], 0)))
				json_array_append_new(list, json_string(
					req->goals.items[i]));
		json_object_set_new(ev, "goals", list);
	} else if (!rc) {
		json_object_set(ev, "goals", json_object_get(state, "goals"));
	}
	json_object_set_new(ev, "holidays", json_boolean(req->holidays ?
		!strcmp(req->holidays, "yes") :
		state && json_is_true(json_object_get(state, "holidays"))));
	return rc;
}

/* The time every (a duration as text) after t on the policy clock. */
static time_t
every_after(const struct store *st, const char *every, time_t t)
{
	struct duration d;

	if (duration_parse(every, &d) < 0)
		return 0;
	return calendar_deadline(&st->cfg.cal, t, &d, st->cfg.sla_business);
}

/*
 * The plan event: a new or ended plan's first visit is due every after
 * now; a changed every counts from the last visit done (or now); else
 * the visit due stays.
 */
static int
stage_plan(struct store *st, const struct care_request *req, json_t *rec,
	   json_t *state, const char *tier, json_t *ev)
{
	int active = state && !strcmp(jstr(state, "status"), "active");
	const char *every;
	time_t base;
	json_t *cmp;
	int rc;

	if ((rc = plan_fields(st, req, active ? state : NULL, tier, ev)))
		return rc;
	every = jstr(ev, "every");
	if (!active || strcmp(every, jstr(state, "every"))) {
		base = active && jtime(state, "last_visit_at") ?
		       jtime(state, "last_visit_at") : jtime(ev, "at");
		json_object_set_new(ev, "next_due", json_time_or_null(
			every_after(st, every, base)));
	}
	if (!active)
		return 0;
	/* A plan that changes nothing is refused. */
	cmp = care_fold(rec);
	rc = json_equal(cmp, state);
	json_decref(cmp);
	return rc ? pd_error(PD_EDATA, "plan changes nothing for %s",
			     jstr(rec, "customer")) : 0;
}

static int
stage_visit(struct store *st, const struct care_request *req, json_t *state,
	    json_t *ev)
{
	int rc;
	time_t at = jtime(ev, "at"), next;

	if ((rc = enum_check(ticket_channels, "channel", req->channel)) ||
	    (rc = enum_check(visit_outcomes, "outcome", req->outcome)))
		return rc;
	if (req->satisfaction && (strlen(req->satisfaction) != 1 ||
				  req->satisfaction[0] < '1' ||
				  req->satisfaction[0] > '5'))
		return pd_error(PD_EDATA, "invalid satisfaction '%s' (expected 1 to 5)",
				req->satisfaction);
	if (req->needs && (rc = text_check("needs", req->needs, 0)))
		return rc;
	json_object_set_new(ev, "channel", json_string(req->channel));
	json_object_set_new(ev, "outcome", json_string(req->outcome));
	json_object_set_new(ev, "satisfaction", req->satisfaction ?
			    json_integer(req->satisfaction[0] - '0') :
			    json_null());
	json_object_set_new(ev, "needs", req->needs ?
			    json_string(req->needs) : json_null());
	/* Retries of an unreachable visit count from the call. */
	next = !strcmp(req->outcome, "done") ?
	       every_after(st, jstr(state, "every"), at) :
	       calendar_deadline(&st->cfg.cal, at, &st->cfg.care.retry,
				 st->cfg.sla_business);
	json_object_set_new(ev, "next_due", json_time_or_null(next));
	return 0;
}

/*
 * The occasion a touch names: a label or MM-DD of the plan's occasions,
 * or (with holidays) a holiday's name: its label, or NULL with a message.
 */
static const char *
touch_occasion(struct store *st, json_t *rec, json_t *state, const char *what,
	       int *rc)
{
	struct csvtab *hol;
	json_t *o;
	size_t i;

	json_array_foreach(json_object_get(state, "occasions"), i, o)
		if (!strcmp(jstr(o, "label"), what) ||
		    !strcmp(jstr(o, "date"), what))
			return jstr(o, "label");
	if (json_is_true(json_object_get(state, "holidays")) &&
	    store_register(st, REG_HOLIDAYS, &hol) == 0)
		for (size_t r = 0; r < hol->nrows; r++)
			if (!strcmp(csvtab_get(hol, r, "kind"), "holiday") &&
			    !strcmp(csvtab_get(hol, r, "name"), what))
				return what;
	*rc = pd_error(PD_EDATA, "the care plan of %s has no occasion '%s'",
		       jstr(rec, "customer"), what);
	if (json_is_true(json_object_get(state, "holidays")))
		pd_hint("name one of the plan's occasions (label or MM-DD) or a holiday of registers/holidays.csv");
	else
		pd_hint("name one of the plan's occasions (label or MM-DD)");
	return NULL;
}

static int
stage_event(struct store *st, const char *action,
	    const struct care_request *req, json_t *rec, json_t *state,
	    const char *tier, json_t *ev)
{
	const char *label;
	int rc = 0;

	if (!strcmp(action, "plan"))
		return stage_plan(st, req, rec, state, tier, ev);
	if (!state || strcmp(jstr(state, "status"), "active"))
		return pd_error(state ? PD_EDATA : PD_ENOINPUT,
				state ? "the care plan of %s has ended" :
				"no care plan for %s", jstr(rec, "customer"));
	if (!strcmp(action, "visit"))
		return stage_visit(st, req, state, ev);
	if (!strcmp(action, "touch")) {
		if ((rc = enum_check(touch_whats, "what", req->what)) ||
		    !(label = touch_occasion(st, rec, state, req->occasion,
						     &rc)))
			return rc;
		json_object_set_new(ev, "occasion", json_string(label));
		json_object_set_new(ev, "what", json_string(req->what));
		return 0;
	}
	if (!*req->reason || (rc = text_check("reason", req->reason, 0)))
		return rc ? rc : pd_error(PD_EDATA, "reason: must not be empty");
	json_object_set_new(ev, "reason", json_string(req->reason));
	return 0;
}

int
care_stage(struct store *st, const char *action,
	   const struct care_request *req, const struct actor *a,
	   struct change *c, char **customer, char **subject)
{
	struct csvtab *cust;
	json_t *rec = NULL, *state = NULL, *ev;
	long r = find_customer(st, req->customer, &cust);
	const char *id, *tier;
	char *rel, *loaded = NULL;
	int rc;

	if (r < 0)
		return PD_EDATA;
	id = csvtab_get(cust, (size_t)r, "id");
	tier = csvtab_get(cust, (size_t)r, "tier");
	if (req->message && (rc = text_check("message", req->message, 0)))
		return rc;
	rc = care_load(st, id, &loaded, &rec);
	free(loaded);
	if (rc == PD_ENOINPUT) {
		pd_clear_error();
		rec = json_pack("{s:s, s:o, s:{}, s:[]}", "customer", id,
				"created_at", json_time_or_null(st->now),
				"state", "events");
	} else if (rc) {
		return rc;
	} else {
		state = care_fold(rec);
	}
	ev = erecord_add_event(rec, action, a->by, st->now);
	if (req->message)
		json_object_set_new(ev, "message", json_string(req->message));
	if ((rc = stage_event(st, action, req, rec, state, tier, ev)))
		goto out;
	json_object_set_new(rec, "state", care_fold(rec));
	if ((rc = care_validate(rec)) ||
	    (!state && (rc = erecord_attributes(st, c, "care/*.json"))))
		goto out;
	rel = plan_path(id);
	erecord_stage(c, rel, id, rec);
	free(rel);
	*customer = xstrdup(id);
	*subject = xasprintf("%s %s \"%s\"", id, action,
			     csvtab_get(cust, (size_t)r, "name"));
out:
	json_decref(state);
	json_decref(rec);
	return rc;
}
