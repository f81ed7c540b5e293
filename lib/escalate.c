/*
 * Escalation: the pass over every ticket, manual escalations, approved
 * extensions, and the notifier runs for warn and escalate events.  What to
 * record is decided by lib/sla.c; this file reads the staff register,
 * builds the events and stages them.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/escalate.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/record.h"
#include "plaindesk/sla.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

void
escalation_init(struct escalation *e, struct store *st, const struct actor *a,
		struct change *c, const struct notifier *notify)
{
	memset(e, 0, sizeof(*e));
	e->st = st;
	e->a = a;
	e->c = c;
	e->notify = notify;
	strlist_init(&e->changed);
	strlist_init(&e->problems);
}

void
escalation_release(struct escalation *e)
{
	for (size_t i = 0; i < e->npending; i++)
		json_decref(e->pending[i].rec);
	free(e->pending);
	strlist_release(&e->changed);
	strlist_release(&e->problems);
	memset(e, 0, sizeof(*e));
}

static void
problem(struct escalation *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
problem(struct escalation *e, const char *fmt, ...)
{
	struct sbuf sb;
	va_list ap;

	sbuf_init(&sb);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strlist_add_owned(&e->problems, sbuf_detach(&sb, NULL));
}

static void
mark_changed(struct escalation *e, const char *id)
{
	if (!strlist_has(&e->changed, id))
		strlist_add(&e->changed, id);
}

/*
 * Who is told about an escalation to role: an active staff member holding
 * it, from the assignee's team when there is one, else the first in the
 * register.  *target is NULL when nobody holds the role.
 */
static int
pick_target(struct store *st, const char *role, const char *assignee,
	    const char **target)
{
	struct csvtab *staff;
	const char *team = "";
	long first = -1, r;
	int rc;

	*target = NULL;
	if ((rc = store_register(st, REG_STAFF, &staff)))
		return rc;
	if (assignee && (r = csvtab_find(staff, "id", assignee)) >= 0)
		team = csvtab_get(staff, (size_t)r, "team");
	for (size_t i = 0; i < staff->nrows; i++) {
		if (strcmp(csvtab_get(staff, i, "active"), "yes") != 0 ||
		    strcmp(csvtab_get(staff, i, "role"), role) != 0)
			continue;
		if (*team && strcmp(csvtab_get(staff, i, "team"), team) == 0) {
			first = (long)i;
			break;
		}
		if (first < 0)
			first = (long)i;
	}
	if (first >= 0)
		*target = csvtab_get(staff, (size_t)first, "id");
	return 0;
}

/* The ladder role of level l, or NULL off the ladder. */
static const char *
ladder_role(const struct config *cfg, int l)
{
	return l >= 0 && l < cfg->nladder ? cfg->ladder[l] : NULL;
}

/* Queue rec's warn and escalate events that were never notified. */
static void
collect_pending(struct escalation *e, json_t *rec)
{
	json_t *events = json_object_get(rec, "events"), *ev;
	struct strlist done;
	size_t i;

	if (!e->notify || !e->notify->command)
		return;
	strlist_init(&done);
	json_array_foreach(events, i, ev)
		if (strcmp(jstr(ev, "type"), "notified") == 0 &&
		    jstr(ev, "event"))
			strlist_add(&done, jstr(ev, "event"));
	json_array_foreach(events, i, ev) {
		const char *type = jstr(ev, "type");

		if ((strcmp(type, "warn") && strcmp(type, "escalate")) ||
		    strlist_has(&done, jstr(ev, "id")))
			continue;
		if (e->npending == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 16;
			e->pending = xrealloc(e->pending,
					      e->cap * sizeof(*e->pending));
		}
		e->pending[e->npending].rec = json_incref(rec);
		e->pending[e->npending].index = i;
		e->npending++;
	}
	strlist_release(&done);
}

/* The event for one step of the policy. */
static int
step_event(struct escalation *e, const struct ticket_state *ts,
	   const struct sla_step *s, json_t **ev)
{
	const struct config *cfg = &e->st->cfg;
	const char *target;
	int rc;

	if (s->type == SLA_WARN) {
		*ev = json_pack("{s:s, s:s}", "type", "warn", "deadline",
				sla_deadline_names[s->deadline]);
		return 0;
	}
	if ((rc = pick_target(e->st, ladder_role(cfg, s->to_level),
			      ts->assignee, &target)))
		return rc;
	*ev = json_pack("{s:s, s:s, s:s, s:s}", "type", "escalate", "from",
			ladder_role(cfg, s->from_level), "to",
			ladder_role(cfg, s->to_level), "reason",
			s->deadline == DL_RESPONSE ? "response-breach"
						   : "resolution-breach");
	if (target)
		json_object_set_new(*ev, "target", json_string(target));
	return 0;
}

/* One ticket of the pass (a store_foreach callback). */
static int
pass_ticket(void *ctx, const char *rel, json_t *rec)
{
	struct escalation *e = ctx;
	struct sla_step steps[SLA_MAX_STEPS];
	struct ticket_state ts;
	char *want;
	int n, rc = 0;

	if (!rec) {
		problem(e, "%s; skipped", pd_errmsg());
		return 0;
	}
	/*
	 * A record that could not be written back as it is (a hand edit;
	 * plaindesk-check says what is wrong) is left alone, and so is one
	 * whose state disagrees with its events, which ticket_load() refuses.
	 * One bad record does not stop the pass for the others.
	 */
	if (ticket_validate(rec)) {
		problem(e, "%s: %s; skipped", rel, pd_errmsg());
		return 0;
	}
	want = id_relpath(jstr(rec, "id"));
	if (strcmp(want, rel) != 0) {
		problem(e, "%s: the record says it is '%s'; skipped", rel,
			jstr(rec, "id"));
		free(want);
		return 0;
	}
	free(want);
	ticket_fold(rec, &e->st->cfg, &ts);
	{
		json_t *state = ticket_state_json(&ts, &e->st->cfg);
		int same = json_equal(state, json_object_get(rec, "state"));

		json_decref(state);
		if (!same) {
			problem(e, "%s: state does not agree with the events; skipped (run plaindesk-check)",
				rel);
			return 0;
		}
	}
	n = sla_decide(&e->st->cfg, &ts, e->st->now, steps);
	for (int i = 0; i < n && !rc; i++) {
		json_t *ev;

		if ((rc = step_event(e, &ts, &steps[i], &ev)))
			break;
		if ((rc = ticket_append_event(e->st, rec, ev, e->a, e->st->now,
					      e->c, NULL)))
			break;
		if (steps[i].type == SLA_WARN)
			e->warnings++;
		else
			e->escalations++;
		mark_changed(e, jstr(rec, "id"));
	}
	if (!rc)
		collect_pending(e, rec);
	return rc;
}

int
escalation_pass(struct escalation *e)
{
	int rc;

	if ((rc = store_foreach(e->st, 'T', 0, pass_ticket, e)))
		return rc;
	return escalation_notify(e);
}

/* Load the ticket id_arg names and check that action is allowed on it. */
static int
load_for(struct escalation *e, const char *id_arg, const char *action,
	 char id[ID_LEN + 1], json_t **rec, struct ticket_state *ts)
{
	int rc;

	*rec = NULL;
	if ((rc = id_resolve(e->st, 'T', id_arg, id)) ||
	    (rc = ticket_load(e->st, id, rec, ts)))
		return rc;
	if ((rc = ticket_action_allowed(ts, action))) {
		json_decref(*rec);
		*rec = NULL;
	}
	return rc;
}

static int
check_reason(const char *reason)
{
	if (!reason || !*reason)
		return pd_error(PD_EDATA, "reason: must not be empty");
	return text_check("reason", reason, 0);
}

/* The roles above level l, "manager, gm", into sb (all for l = -1). */
static void
add_roles_above(struct sbuf *sb, const struct config *cfg, int l)
{
	for (int i = l + 1; i < cfg->nladder; i++)
		sbuf_addf(sb, "%s%s", i > l + 1 ? ", " : "", cfg->ladder[i]);
}

/*
 * Where a manual escalation to `to` goes from level: the new level and
 * the staff member told (may be NULL).
 */
static int
manual_target(struct escalation *e, const struct ticket_state *ts,
	      const char *id, const char *to, int *level, const char **target)
{
	const struct config *cfg = &e->st->cfg;
	int l = sla_ladder_level(cfg, to), rc;
	struct csvtab *staff;
	struct sbuf sb;
	long r;

	if (l >= 0) {
		if (l > ts->level) {
			*level = l;
			return pick_target(e->st, to, ts->assignee, target);
		}
		if (ts->level + 1 >= cfg->nladder)
			return pd_error(PD_EDATA, "%s is already at the top of the ladder (%s)",
					id, ladder_role(cfg, ts->level));
		sbuf_init(&sb);
		add_roles_above(&sb, cfg, ts->level);
		rc = pd_error(PD_EDATA, "cannot escalate %s to %s: it is at %s already (expected %s)",
			      id, to, ladder_role(cfg, ts->level), sb.buf);
		sbuf_release(&sb);
		return rc;
	}
	if (role_rank(to) >= 0) {
		sbuf_init(&sb);
		add_roles_above(&sb, cfg, -1);
		rc = pd_error(PD_EDATA, "role '%s' is not on the ladder (%s)",
			      to, sb.buf);
		sbuf_release(&sb);
		return rc;
	}
	if ((r = store_staff(e->st, to)) < 0)
		return pd_error(PD_EDATA, "--to: '%s' is neither a ladder role nor a staff member",
				to);
	store_register(e->st, REG_STAFF, &staff);
	*target = csvtab_get(staff, (size_t)r, "id");
	if (strcmp(csvtab_get(staff, (size_t)r, "active"), "yes") != 0)
		return pd_error(PD_EDATA, "--to: staff member '%s' is not active",
				*target);
	l = sla_ladder_level(cfg, csvtab_get(staff, (size_t)r, "role"));
	if (l < 0)
		return pd_error(PD_EDATA, "--to: %s (%s) is not on the ladder",
				*target, csvtab_get(staff, (size_t)r, "role"));
	if (l < ts->level)
		return pd_error(PD_EDATA, "--to: %s (%s) is below the ticket's level (%s)",
				*target, cfg->ladder[l],
				ladder_role(cfg, ts->level));
	*level = l;
	return 0;
}

int
escalation_manual(struct escalation *e, const char *id_arg, const char *to,
		  const char *reason, char id[ID_LEN + 1], char **subject)
{
	const struct config *cfg = &e->st->cfg;
	const char *target = NULL;
	struct ticket_state ts;
	json_t *rec, *ev;
	int level = 0, rc;

	if ((rc = load_for(e, id_arg, "escalate", id, &rec, &ts)))
		return rc;
	if ((rc = check_reason(reason)) ||
	    (rc = manual_target(e, &ts, id, to, &level, &target)))
		goto out;
	ev = json_pack("{s:s, s:s, s:s, s:s}", "type", "escalate", "from",
		       ladder_role(cfg, ts.level) ? ladder_role(cfg, ts.level)
						  : cfg->ladder[0],
		       "to", cfg->ladder[level], "reason", "manual");
	if (target)
		json_object_set_new(ev, "target", json_string(target));
	json_object_set_new(ev, "message", json_string(reason));
	if ((rc = ticket_append_event(e->st, rec, ev, e->a, e->st->now, e->c,
				      NULL)))
		goto out;
	e->escalations++;
	mark_changed(e, id);
	collect_pending(e, rec);
	*subject = xasprintf("%s escalate to %s \"%s\"", id, cfg->ladder[level],
			     jstr(rec, "title"));
out:
	json_decref(rec);
	return rc;
}

int
escalation_extend(struct escalation *e, const char *id_arg,
		  const char *duration, const char *approver,
		  const char *reason, char id[ID_LEN + 1], char **subject)
{
	const struct config *cfg = &e->st->cfg;
	const struct sla_rule *rule;
	struct ticket_state ts;
	struct duration dur;
	struct csvtab *staff;
	char until[TIME_BUFSZ], dbuf[32];
	const char *who, *role;
	json_t *rec, *ev;
	long r;
	int rc;

	if ((rc = load_for(e, id_arg, "extend", id, &rec, &ts)))
		return rc;
	rule = config_sla(cfg, jstr(rec, "kind"), jstr(rec, "severity"));
	if (!rule || !ts.resolution_due) {
		rc = pd_error(PD_EDATA, "%s has no resolution deadline to extend",
			      id);
		goto out;
	}
	if (duration_parse(duration, &dur) < 0) {
		rc = pd_error(PD_EDATA, "invalid duration '%s' (expected e.g. 45m, 2h, 1h30m, 3d, 2wd)",
			      duration);
		goto out;
	}
	if ((rc = check_reason(reason)))
		goto out;
	if ((r = store_staff(e->st, approver)) < 0) {
		rc = pd_error(PD_EDATA, "--approved-by: %s", pd_errmsg());
		goto out;
	}
	store_register(e->st, REG_STAFF, &staff);
	who = csvtab_get(staff, (size_t)r, "id");
	role = csvtab_get(staff, (size_t)r, "role");
	if (strcmp(csvtab_get(staff, (size_t)r, "active"), "yes") != 0) {
		rc = pd_error(PD_ENOPERM, "--approved-by: staff member '%s' is not active",
			      who);
		goto out;
	}
	if (!sla_may_extend(rule, role)) {
		rc = pd_error(PD_ENOPERM, "%s (%s) may not approve this extension: %s tickets need %s or above",
			      who, *role ? role : "no role", rule->key,
			      rule->extension_approver);
		goto out;
	}
	ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "extend",
		       "deadline", "resolution", "until",
		       time_format(calendar_add(&cfg->cal, ts.resolution_due,
						&dur, cfg->sla_business),
				   until),
		       "duration", duration_format(&dur, dbuf), "approved_by",
		       who, "reason", reason);
	if ((rc = ticket_append_event(e->st, rec, ev, e->a, e->st->now, e->c,
				      NULL)))
		goto out;
	e->extensions++;
	mark_changed(e, id);
	*subject = xasprintf("%s extend %s \"%s\"", id, dbuf,
			     jstr(rec, "title"));
out:
	json_decref(rec);
	return rc;
}

/* {"id", "name", "email"} of a staff member, or null. */
static json_t *
staff_json(struct store *st, const char *id)
{
	struct csvtab *staff;
	long r = -1;

	if (!id)
		return json_null();
	if (store_register(st, REG_STAFF, &staff) == 0)
		r = csvtab_find(staff, "id", id);
	if (r < 0)
		return json_pack("{s:s, s:n, s:n}", "id", id, "name", "email");
	return json_pack("{s:s, s:s, s:s}", "id", id, "name",
			 csvtab_get(staff, (size_t)r, "name"), "email",
			 csvtab_get(staff, (size_t)r, "email"));
}

static json_t *
string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
escalation_notice(struct store *st, json_t *rec, size_t index)
{
	const struct config *cfg = &st->cfg;
	json_t *events = json_object_get(rec, "events");
	json_t *ev = json_array_get(events, index);
	json_t *upto = json_copy(rec), *prefix = json_array(), *o;
	const char *type = jstr(ev, "type"), *deadline = NULL, *target;
	struct ticket_state ts;
	char buf[TIME_BUFSZ];
	time_t due = 0;
	int dl;

	/* The ticket as it stood right after the event. */
	for (size_t i = 0; i <= index; i++)
		json_array_append(prefix, json_array_get(events, i));
	json_object_set_new(upto, "events", prefix);
	ticket_fold(upto, cfg, &ts);
	if (strcmp(type, "warn") == 0) {
		deadline = jstr(ev, "deadline");
		target = ts.assignee;
		if (!target)
			pick_target(st, ladder_role(cfg, ts.level), NULL,
				    &target);
	} else {
		const char *reason = jstr(ev, "reason");

		if (strcmp(reason, "response-breach") == 0)
			deadline = "response";
		else if (strcmp(reason, "resolution-breach") == 0)
			deadline = "resolution";
		target = jstr(ev, "target");
	}
	if (deadline && (dl = str_index(sla_deadline_names, deadline)) >= 0)
		due = sla_deadline_due(&ts, (enum deadline_kind)dl);
	o = json_object();
	json_object_set_new(o, "event", json_string(jstr(ev, "id")));
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "ticket", json_string(jstr(rec, "id")));
	json_object_set_new(o, "title", json_string(jstr(rec, "title")));
	json_object_set_new(o, "customer", json_string(jstr(rec, "customer")));
	json_object_set_new(o, "kind", json_string(jstr(rec, "kind")));
	json_object_set_new(o, "severity",
			    string_or_null(jstr(rec, "severity")));
	json_object_set_new(o, "level", json_integer(ts.level));
	json_object_set_new(o, "role",
			    string_or_null(ladder_role(cfg, ts.level)));
	json_object_set_new(o, "reason", string_or_null(strcmp(type, "warn") ?
						jstr(ev, "reason") : NULL));
	json_object_set_new(o, "deadline", string_or_null(deadline));
	json_object_set_new(o, "due", due ? json_string(time_format(due, buf))
					  : json_null());
	json_object_set_new(o, "target", staff_json(st, target));
	json_object_set_new(o, "assignee", string_or_null(ts.assignee));
	json_decref(upto);
	return o;
}

int
escalation_notify(struct escalation *e)
{
	int rc = 0;

	if (!e->notify || !e->notify->command)
		return 0;
	for (size_t i = 0; i < e->npending && !rc; i++) {
		json_t *rec = e->pending[i].rec;
		json_t *ev = json_array_get(json_object_get(rec, "events"),
					    e->pending[i].index);
		json_t *notice = escalation_notice(e->st, rec,
						   e->pending[i].index);
		char *text = json_dumps(notice, JSON_COMPACT);
		char evid[16];
		struct sbuf in;

		json_decref(notice);
		sbuf_init(&in);
		sbuf_adds(&in, text);
		sbuf_addc(&in, '\n');
		free(text);
		snprintf(evid, sizeof(evid), "%s", jstr(ev, "id"));
		if (notify_run(e->notify->command, e->st->root, in.buf, in.len,
			       e->notify->timeout)) {
			problem(e, "notifier failed for %s of %s: %s; it is tried again on the next run",
				evid, jstr(rec, "id"), pd_errmsg());
			e->failed++;
			sbuf_release(&in);
			continue;
		}
		sbuf_release(&in);
		rc = ticket_append_event(e->st, rec,
					 json_pack("{s:s, s:s, s:s}", "type",
						   "notified", "event", evid,
						   "channel", "notify"),
					 e->a, e->st->now, e->c, NULL);
		if (!rc) {
			e->notified++;
			mark_changed(e, jstr(rec, "id"));
		}
	}
	return rc;
}

char *
escalation_summary(const struct escalation *e)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_addf(&sb, "%d warning%s, %d escalation%s", e->warnings,
		  e->warnings == 1 ? "" : "s", e->escalations,
		  e->escalations == 1 ? "" : "s");
	if (e->notified)
		sbuf_addf(&sb, ", %d notified", e->notified);
	return sbuf_detach(&sb, NULL);
}
