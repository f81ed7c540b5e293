/*
 * The ticket lifecycle: what each ticket-update action takes, checking it
 * against the ticket and the registers, and staging its one event.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/followup.h"
#include "plaindesk/i18n.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

/* The options of ticket-update's actions, as bits. */
enum {
	F_TO = 1 << 0, F_CAUSE = 1 << 1, F_SOLUTION = 1 << 2,
	F_OWNER = 1 << 3, F_DUE = 1 << 4, F_SATISFACTION = 1 << 5,
	F_ACCEPTED = 1 << 6, F_COMMENT = 1 << 7, F_REASON = 1 << 8,
	F_MESSAGE = 1 << 9, F_CHANNEL = 1 << 10, F_OUTCOME = 1 << 11,
	F_KB = 1 << 12, F_TELL = 1 << 13
};

static const char *const option_names[] = {
	"--to", "--cause", "--solution", "--owner", "--due", "--satisfaction",
	"--accepted", "--comment", "--reason", "--message", "--channel",
	"--outcome", "--kb", "--tell-customer", NULL
};

struct action_spec {
	const char *name;
	unsigned need, take;	/* --message is taken by every action */
};

static const struct action_spec action_specs[] = {
	{"ack", 0, F_TELL},
	{"assign", F_TO, F_TO},
	{"note", F_MESSAGE, 0},
	{"cause", F_CAUSE, F_CAUSE},
	{"plan", F_SOLUTION | F_OWNER | F_DUE,
	 F_SOLUTION | F_OWNER | F_DUE | F_TELL},
	{"approve-plan", 0, 0},
	{"resolve", F_SOLUTION, F_SOLUTION | F_KB | F_TELL},
	{"close", F_SATISFACTION | F_ACCEPTED,
	 F_SATISFACTION | F_ACCEPTED | F_COMMENT},
	{"reopen", F_REASON, F_REASON},
	{"pause", F_REASON, F_REASON},
	{"resume", 0, 0},
	{"followup", F_CHANNEL | F_OUTCOME,
	 F_CHANNEL | F_OUTCOME | F_SATISFACTION},
	{NULL, 0, 0}
};

static const struct action_spec *
find_spec(const char *action)
{
	for (int i = 0; action && action_specs[i].name; i++)
		if (strcmp(action_specs[i].name, action) == 0)
			return &action_specs[i];
	return NULL;
}

/* The options req gives, as bits. */
static unsigned
given_options(const struct update_request *req)
{
	const char *v[] = {
		req->to, req->cause, req->solution, req->owner, req->due,
		req->satisfaction, req->accepted, req->comment, req->reason,
		req->message, req->channel, req->outcome, req->kb,
		req->tell_customer ? "" : NULL
	};
	unsigned bits = 0;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i])
			bits |= 1u << i;
	return bits;
}

/* "--solution, --owner and --due" of the bits set. */
static void
add_option_list(struct sbuf *sb, unsigned bits)
{
	int n = 0, total = 0;

	for (int i = 0; option_names[i]; i++)
		total += (bits >> i) & 1;
	for (int i = 0; option_names[i]; i++) {
		if (!((bits >> i) & 1))
			continue;
		if (n)
			sbuf_adds(sb, n == total - 1 ? " and " : ", ");
		sbuf_adds(sb, option_names[i]);
		n++;
	}
}

const char *
update_option_actions(const char *option, int need)
{
	static char lists[2][sizeof(option_names) / sizeof(option_names[0])][160];
	size_t n = 0;
	int i;

	for (i = 0; option_names[i]; i++)
		if (!strcmp(option_names[i] + 2, option))
			break;
	if (!option_names[i] || (1u << i) == F_MESSAGE)
		return need && (1u << i) == F_MESSAGE ? "note" : NULL;
	for (const struct action_spec *a = action_specs; a->name; a++)
		if ((((need ? a->need : a->take) >> i) & 1) &&
		    n < sizeof(lists[0][0]))
			n += (size_t)snprintf(lists[need][i] + n,
					      sizeof(lists[0][0]) - n, "%s%s",
					      n ? " " : "", a->name);
	return lists[need][i];
}

int
update_request_check(const struct update_request *req)
{
	const struct action_spec *spec = find_spec(req->action);
	unsigned given = given_options(req), extra;
	struct sbuf sb;
	int rc;

	if (!spec)
		return pd_error(PD_EUSAGE, "unknown action '%s' (expected %s)",
				req->action ? req->action : "",
				str_join_list(ticket_actions));
	extra = given & ~(spec->take | F_MESSAGE);
	for (int i = 0; option_names[i]; i++)
		if ((extra >> i) & 1)
			return pd_error(PD_EUSAGE,
					"option '%s' does not apply to '%s'",
					option_names[i], spec->name);
	if ((spec->need & given) == spec->need)
		return 0;
	sbuf_init(&sb);
	add_option_list(&sb, spec->need);
	rc = pd_error(PD_EUSAGE, "%s needs %s", spec->name, sb.buf);
	sbuf_release(&sb);
	return rc;
}

char *
staff_active_id(struct store *st, const char *who, const char *what)
{
	struct csvtab *staff;
	long r;

	if ((r = store_staff(st, who)) < 0) {
		pd_error(PD_EDATA, "%s: %s", what, pd_errmsg());
		return NULL;
	}
	store_register(st, REG_STAFF, &staff);
	if (strcmp(csvtab_get(staff, (size_t)r, "active"), "yes") != 0) {
		pd_error(PD_EDATA, "%s: staff member '%s' is not active", what,
			 csvtab_get(staff, (size_t)r, "id"));
		return NULL;
	}
	return xstrdup(csvtab_get(staff, (size_t)r, "id"));
}

/* A text option: valid text, and not empty when the action needs it. */
static int
check_text(const char *field, const char *s)
{
	if (!s)
		return 0;
	if (!*s)
		return pd_error(PD_EDATA, "%s: must not be empty", field);
	return text_check(field, s, 0);
}

/* "1".."5" into *n. */
static int
parse_satisfaction(const char *s, int *n)
{
	if (strlen(s) != 1 || s[0] < '1' || s[0] > '5')
		return pd_error(PD_EDATA,
				"invalid satisfaction '%s' (expected 1 to 5)",
				s);
	*n = s[0] - '0';
	return 0;
}

/* "yes"/"no" into *b. */
static int
parse_accepted(const char *s, int *b)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0) {
		*b = s[0] == 'y';
		return 0;
	}
	return pd_error(PD_EDATA, "invalid accepted '%s' (expected yes, no)",
			s);
}

/* Adds the checked new assignee (--to) of req to the event ev. */
static int
add_assignee(struct store *st, const struct update_request *req,
	     const struct ticket_state *ts, const char *id, json_t *ev)
{
	char *staff;
	int rc;

	if (!req->to)
		return 0;
	if (!(staff = staff_active_id(st, req->to, "--to")))
		return PD_EDATA;
	if (ts->assignee && strcmp(ts->assignee, staff) == 0) {
		rc = pd_error(PD_EDATA, "%s is already assigned to %s", id,
			      staff);
		free(staff);
		return rc;
	}
	json_object_set_new(ev, "to", json_string(staff));
	free(staff);
	return 0;
}

/* Adds the checked plan of req (cause, solution, owner, due) to ev. */
static int
add_plan(struct store *st, const struct update_request *req, json_t *ev)
{
	char buf[TIME_BUFSZ], *staff;
	time_t due;
	int rc;

	if (req->cause) {
		if ((rc = enum_check(ticket_causes, "cause", req->cause)))
			return rc;
		json_object_set_new(ev, "cause", json_string(req->cause));
	}
	if (req->solution) {
		if ((rc = enum_check(ticket_solutions, "solution",
				     req->solution)))
			return rc;
		json_object_set_new(ev, "solution", json_string(req->solution));
	}
	if (req->owner) {
		if (!(staff = staff_active_id(st, req->owner, "--owner")))
			return PD_EDATA;
		json_object_set_new(ev, "owner", json_string(staff));
		free(staff);
	}
	if (req->due) {
		if (time_parse(req->due, &due) < 0)
			return pd_error(PD_EDATA, "invalid time '%s' (expected e.g. 2026-11-25T14:00)",
					req->due);
		if (due < st->now)
			return pd_error(PD_EDATA, "--due '%s' is in the past",
					req->due);
		json_object_set_new(ev, "due",
				    json_string(time_format(due, buf)));
	}
	return 0;
}

/* Adds the checked satisfaction (also left in *n) and acceptance to ev. */
static int
add_verdict(const struct update_request *req, json_t *ev, int *n)
{
	int rc, b = 0;

	if (req->satisfaction) {
		if ((rc = parse_satisfaction(req->satisfaction, n)))
			return rc;
		json_object_set_new(ev, "satisfaction", json_integer(*n));
	}
	if (req->accepted) {
		if ((rc = parse_accepted(req->accepted, &b)))
			return rc;
		json_object_set_new(ev, "accepted", json_boolean(b));
	}
	return 0;
}

/* Adds the checked channel and outcome of a follow-up call to ev. */
static int
add_followup(const struct update_request *req, int n, json_t *ev)
{
	int rc;

	if (req->channel && (rc = enum_check(ticket_channels, "channel",
					     req->channel)))
		return rc;
	if (req->outcome && (rc = enum_check(followup_outcomes, "outcome",
					     req->outcome)))
		return rc;
	if (req->channel) {
		json_object_set_new(ev, "channel", json_string(req->channel));
		json_object_set_new(ev, "outcome", json_string(req->outcome));
		json_object_set_new(ev, "satisfaction", req->satisfaction ?
				    json_integer(n) : json_null());
	}
	return 0;
}

/*
 * The event for req on a ticket in state ts, every value checked: a new
 * object, or NULL with an error code in *rc.
 */
static json_t *
build_event(struct store *st, const struct update_request *req,
	    const struct ticket_state *ts, const char *id, int *rc)
{
	json_t *ev = json_pack("{s:s}", "type", req->action);
	int n = 0;

	if ((*rc = check_text("message", req->message)) ||
	    (*rc = check_text("reason", req->reason)) ||
	    (*rc = check_text("comment", req->comment)) ||
	    (*rc = add_assignee(st, req, ts, id, ev)) ||
	    (*rc = add_plan(st, req, ev)) ||
	    (*rc = add_verdict(req, ev, &n)))
		goto fail;
	if (req->comment)
		json_object_set_new(ev, "comment", json_string(req->comment));
	if (req->reason)
		json_object_set_new(ev, "reason", json_string(req->reason));
	if ((*rc = add_followup(req, n, ev)))
		goto fail;
	if (req->kb) {
		char kid[ID_LEN + 1];

		if ((*rc = id_resolve(st, 'K', req->kb, kid)))
			goto fail;
		json_object_set_new(ev, "kb", json_string(kid));
	}
	if (req->message)
		json_object_set_new(ev, "message", json_string(req->message));
	return ev;
fail:
	json_decref(ev);
	return NULL;
}

/*
 * approve-plan: the actor holds the rule's plan_approver role (or one
 * above it); the event names the plan it approves.
 */
static int
plan_approval(struct store *st, json_t *rec, const struct actor *a,
	      json_t *ev)
{
	json_t *events = json_object_get(rec, "events"), *e;
	struct sla_rule rule;
	const char *plan = NULL;
	char *doing, *key;
	size_t i;
	int rc;

	ticket_rule(rec, &st->cfg, &rule);
	key = config_rule_label(rule.key);
	doing = xasprintf(_("approving the plan of a %s ticket"), key);
	free(key);
	rc = actor_check_role(st, a, rule.plan_approver, doing);
	free(doing);
	if (rc)
		return rc;
	json_array_foreach(events, i, e)
		if (jstr(e, "type") && !strcmp(jstr(e, "type"), "plan"))
			plan = jstr(e, "id");
	/* The action approve-plan records the event plan-approved. */
	json_object_set_new(ev, "type", json_string("plan-approved"));
	if (plan)
		json_object_set_new(ev, "plan", json_string(plan));
	return 0;
}

/*
 * What close and followup add (DESIGN §1): the due date of the follow-up
 * call a close needs, or after a call, the next one (null: none).
 */
static void
followup_fields(struct store *st, json_t *rec, const struct ticket_state *ts,
		struct update_request *req, json_t *ev)
{
	const struct config *cfg = &st->cfg;
	int sat = (int)jint(ev, "satisfaction", 0);
	time_t due;

	if (!strcmp(req->action, "close")) {
		int accepted = json_is_true(json_object_get(ev, "accepted"));

		if (followup_required(cfg, jstr(rec, "kind"), jstr(rec, "tier"),
				      sat, accepted))
			json_object_set_new(ev, "followup_due", json_time_or_null(
				followup_due_after_close(cfg, st->now, sat,
							 accepted)));
		return;
	}
	due = followup_next(cfg, req->outcome, st->now,
			    !strcmp(req->outcome, "unreachable") ?
			    ts->followup_tries + 1 : 0);
	json_object_set_new(ev, "next_due", json_time_or_null(due));
	if (!strcmp(req->outcome, "unsatisfied"))
		/* xgettext:c-format */
		snprintf(req->warning, sizeof(req->warning),
			 _("the customer is not satisfied: another call is due; to work on the ticket again: ticket-update %s reopen --reason TEXT"),
			 jstr(rec, "id"));
	else if (!due && !strcmp(req->outcome, "unreachable"))
		/* xgettext:c-format */
		snprintf(req->warning, sizeof(req->warning),
			 _("no answer after %d calls: the follow-up is given up"),
			 cfg->care.attempts);
}

/*
 * --tell-customer: a customer notice after the event, telling the
 * expected time (ack: the resolution deadline; plan: the plan's due;
 * resolve: none) and the message.  The customer needs an e-mail address.
 */
static int
customer_notice(struct store *st, json_t *rec, const struct actor *a,
		struct change *c)
{
	struct ticket_state ts;
	struct csvtab *cust;
	json_t *events = json_object_get(rec, "events");
	json_t *last = json_array_get(events, json_array_size(events) - 1);
	const char *type = jstr(last, "type");
	time_t due = 0;
	long r;

	if (store_register(st, REG_CUSTOMERS, &cust) ||
	    (r = csvtab_find(cust, "id", jstr(rec, "customer"))) < 0 ||
	    !*csvtab_get(cust, (size_t)r, "email")) {
		pd_error(PD_EDATA, "customer %s has no e-mail address; --tell-customer needs one",
			 jstr(rec, "customer"));
		pd_hint("add it to registers/customers.csv");
		return PD_EDATA;
	}
	ticket_fold(rec, &st->cfg, &ts);
	if (!strcmp(type, "ack"))
		due = ts.resolution_due;
	else if (!strcmp(type, "plan"))
		due = jtime(last, "due");
	return ticket_append_event(st, rec, json_pack("{s:s, s:s, s:O, s:o}",
		"type", "notice", "kind", "customer", "message",
		json_object_get(last, "message") ?
		json_object_get(last, "message") : json_null(),
		"due", json_time_or_null(due)), a, st->now, c, NULL);
}

int
ticket_update_stage(struct store *st, const char *id_arg,
		    struct update_request *req, const struct actor *a,
		    struct change *c, char id[ID_LEN + 1], char **subject)
{
	struct ticket_state ts;
	json_t *rec = NULL, *ev;
	int rc;

	req->warning[0] = '\0';
	if ((rc = update_request_check(req)) ||
	    (rc = id_resolve(st, 'T', id_arg, id)) ||
	    (rc = ticket_load(st, id, &rec, &ts)))
		return rc;
	if ((rc = ticket_action_allowed(&ts, req->action)))
		goto out;
	if (!(ev = build_event(st, req, &ts, id, &rc)))
		goto out;
	if (!strcmp(req->action, "approve-plan") &&
	    (rc = plan_approval(st, rec, a, ev))) {
		json_decref(ev);
		goto out;
	}
	if (!strcmp(req->action, "close") || !strcmp(req->action, "followup"))
		followup_fields(st, rec, &ts, req, ev);
	if ((rc = ticket_append_event(st, rec, ev, a, st->now, c, NULL)) ||
	    (req->tell_customer && (rc = customer_notice(st, rec, a, c))))
		goto out;
	if (subject)
		*subject = xasprintf("%s %s%s%s \"%s\"", id, req->action,
				     req->outcome ? " " : "",
				     req->outcome ? req->outcome : "",
				     jstr(rec, "title"));
out:
	json_decref(rec);
	return rc;
}
