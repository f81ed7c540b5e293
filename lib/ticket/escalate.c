/*
 * Escalation: the pass over every ticket, manual escalations, approved
 * extensions, the start escalation of a new ticket, and the notifier's
 * JSON for a ticket's notices.  What to record and who is told are
 * decided by lib/ticket/sla.c; this file reads the staff register, builds the
 * events and stages them.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/escalate.h"
#include "plaindesk/lifecycle.h"
#include "plaindesk/record.h"
#include "plaindesk/sla.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket_summary.h"
#include "plaindesk/tickets.h"

void
escalation_init(struct escalation *e, struct store *st, const struct actor *a,
		struct change *c, struct outbox *outbox)
{
	memset(e, 0, sizeof(*e));
	e->st = st;
	e->a = a;
	e->c = c;
	e->outbox = outbox;
	strlist_init(&e->changed);
	strlist_init(&e->problems);
}

void
escalation_release(struct escalation *e)
{
	strlist_release(&e->changed);
	strlist_release(&e->problems);
	memset(e, 0, sizeof(*e));
}

static void
escalation_problem(struct escalation *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
escalation_problem(struct escalation *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_add_owned(&e->problems, xvasprintf(pd_gettext(fmt), ap));
	va_end(ap);
}

static void
mark_changed(struct escalation *e, const char *id)
{
	if (!strlist_has(&e->changed, id))
		strlist_add(&e->changed, id);
}

static int
escalation_staff(struct store *st, struct staff_member **staff, size_t *n)
{
	struct csvtab *tab;
	int rc;

	*staff = NULL;
	*n = 0;
	if ((rc = store_register(st, REG_STAFF, &tab)))
		return rc;
	*staff = xcalloc(tab->nrows ? tab->nrows : 1, sizeof(**staff));
	for (size_t i = 0; i < tab->nrows; i++) {
		struct staff_member *m = &(*staff)[i];

		m->id = csvtab_get(tab, i, "id");
		m->role = csvtab_get(tab, i, "role");
		m->team = csvtab_get(tab, i, "team");
		m->active = strcmp(csvtab_get(tab, i, "active"), "yes") == 0;
	}
	*n = tab->nrows;
	return 0;
}

/* The ladder role of level l, or NULL off the ladder. */
static const char *
ladder_role(const struct config *cfg, int l)
{
	return l >= 0 && l < cfg->nladder ? cfg->ladder[l] : NULL;
}

/*
 * The recipients of a notice about ticket state ts as a JSON list of
 * staff ids; first, when not NULL, is put before the others (the staff
 * member a manual escalation names).
 */
static int
recipients_json(struct store *st, const struct ticket_state *ts,
		enum sla_notice what, int level, const char *first,
		json_t **list)
{
	const char *ids[SLA_MAX_RECIPIENTS], *h0;
	struct staff_member *staff;
	size_t nstaff, n = 0;
	int rc;

	*list = NULL;
	if ((rc = escalation_staff(st, &staff, &nstaff)))
		return rc;
	if (first) {
		/* The one named, then the assignee (level 0's holder). */
		ids[n++] = first;
		h0 = sla_holder(&st->cfg, staff, nstaff, ts->assignee, 0);
		if (h0 && strcmp(h0, first) != 0)
			ids[n++] = h0;
	} else {
		n = sla_recipients(&st->cfg, staff, nstaff, ts->assignee, what,
				   level, ids);
	}
	*list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*list, json_string(ids[i]));
	free(staff);
	return 0;
}

/* An escalate event from level from to level to, told to recipients. */
static json_t *
escalate_event(const struct config *cfg, int from, int to,
	       const char *reason, json_t *recipients)
{
	json_t *ev = json_pack("{s:s, s:s, s:s, s:s}", "type", "escalate",
			       "from", ladder_role(cfg, from), "to",
			       ladder_role(cfg, to), "reason", reason);

	if (json_array_size(recipients))
		json_object_set(ev, "target", json_array_get(recipients, 0));
	json_object_set_new(ev, "recipients", recipients);
	return ev;
}

/* Note that rec changed, and queue its new notices. */
static void
changed(struct escalation *e, json_t *rec)
{
	mark_changed(e, jstr(rec, "id"));
	if (e->outbox)
		outbox_collect(e->outbox, rec);
}

/* The event for one step of the policy. */
static int
step_event(struct escalation *e, const struct ticket_state *ts,
	   const struct sla_step *s, json_t **ev)
{
	const struct config *cfg = &e->st->cfg;
	static const enum sla_notice notice[] = {
		[SLA_WARN] = NOTICE_WARN, [SLA_ESCALATE] = NOTICE_ESCALATE,
		[SLA_BREACH] = NOTICE_BREACH
	};
	json_t *recipients;
	int rc;

	*ev = NULL;
	if ((rc = recipients_json(e->st, ts, notice[s->type], s->to_level,
				  NULL, &recipients)))
		return rc;
	if (s->type == SLA_ESCALATE) {
		*ev = escalate_event(cfg, s->from_level, s->to_level,
				     s->deadline == DL_RESPONSE ?
				     "response-breach" : "resolution-breach",
				     recipients);
		return 0;
	}
	*ev = json_pack("{s:s, s:s}", "type", "warn", "deadline",
			sla_deadline_names[s->deadline]);
	if (s->type == SLA_BREACH)
		json_object_set_new(*ev, "breach", json_true());
	json_object_set_new(*ev, "recipients", recipients);
	return 0;
}

int
escalation_start_event(struct store *st, json_t *rec, json_t **ev)
{
	struct ticket_state ts;
	json_t *recipients;
	int rc;

	*ev = NULL;
	ticket_fold(rec, &st->cfg, &ts);
	if (ts.level <= 0)
		return 0;
	if ((rc = recipients_json(st, &ts, NOTICE_ESCALATE, ts.level, NULL,
				  &recipients)))
		return rc;
	*ev = escalate_event(&st->cfg, 0, ts.level, "start", recipients);
	return 0;
}

/*
 * Does the pass take rec found at rel as it is?  0 with ts its fold, or
 * -1 with the problem noted.
 */
static int
pass_takes(struct escalation *e, const char *rel, json_t *rec,
	   struct ticket_state *ts)
{
	struct ticket_summary sum;
	json_t *state;
	char *want;
	int same;

	/* Summarized just now, and found as the pass wants it. */
	if (ticket_summary_recall(&e->memo, rec, &sum) &&
	    (sum.flags & SUMMARY_PASS_OK)) {
		*ts = sum.state;
		return 0;
	}
	/*
	 * A record that could not be written back as it is (a hand edit;
	 * plaindesk-check says what is wrong) is left alone, and so is one
	 * whose state disagrees with its events, which ticket_load() refuses.
	 * One bad record does not stop the pass for the others.
	 */
	if (ticket_validate(rec)) {
		escalation_problem(e, "%s: %s; skipped", rel, pd_errmsg());
		return -1;
	}
	want = id_relpath(jstr(rec, "id"));
	same = strcmp(want, rel) == 0;
	free(want);
	if (!same) {
		escalation_problem(e, "%s: the record says it is '%s'; skipped", rel,
			jstr(rec, "id"));
		return -1;
	}
	ticket_fold(rec, &e->st->cfg, ts);
	state = ticket_state_json(ts, &e->st->cfg);
	same = json_equal(state, json_object_get(rec, "state"));
	json_decref(state);
	if (!same) {
		escalation_problem(e, "%s: state does not agree with the events; skipped (run plaindesk-check)",
			rel);
		return -1;
	}
	return 0;
}

/* One ticket of the pass (a store_foreach callback). */
static int
pass_ticket(void *ctx, const char *rel, json_t *rec)
{
	struct escalation *e = ctx;
	struct sla_step steps[SLA_MAX_STEPS];
	struct ticket_state ts;
	int n, rc = 0;

	if (!rec) {
		e->memo.rec = NULL;
		escalation_problem(e, "%s; skipped", pd_errmsg());
		return 0;
	}
	if (pass_takes(e, rel, rec, &ts))
		return 0;
	n = sla_decide(&e->st->cfg, &ts, e->st->now, steps);
	for (int i = 0; i < n && !rc; i++) {
		json_t *ev;

		if ((rc = step_event(e, &ts, &steps[i], &ev)))
			break;
		if ((rc = ticket_append_event(e->st, rec, ev, e->a, e->st->now,
					      e->c, NULL)))
			break;
		if (steps[i].type == SLA_ESCALATE)
			e->escalations++;
		else
			e->warnings++;
		mark_changed(e, jstr(rec, "id"));
	}
	/* What is still undelivered, new or from an earlier run. */
	if (!rc && e->outbox)
		outbox_collect(e->outbox, rec);
	return rc;
}

/*
 * A ticket known by its summary: read it only when the pass would do
 * something with it (a step to record, a notice to queue, a problem to
 * note).
 */
static int
pass_summary(void *ctx, const char *rel, const void *bytes, size_t len)
{
	struct escalation *e = ctx;
	struct sla_step steps[SLA_MAX_STEPS];
	struct ticket_summary s;

	(void)rel;
	if (ticket_summary_read(bytes, len, &s) ||
	    !(s.flags & SUMMARY_PASS_OK) ||
	    (e->outbox && (s.flags & SUMMARY_UNDELIVERED)) ||
	    sla_decide(&e->st->cfg, &s.state, e->st->now, steps) > 0)
		return SUMMARY_NEED_RECORD;
	return 0;
}

static void *
pass_summarize(void *ctx, const char *rel, json_t *rec, size_t *len)
{
	struct escalation *e = ctx;

	return ticket_summary_bytes(rec, rel, &e->st->cfg, len, &e->memo);
}

/* The notices of one meeting still undelivered (a store_foreach callback). */
static int
pass_meeting(void *ctx, const char *rel, json_t *rec)
{
	struct escalation *e = ctx;

	(void)rel;
	if (rec && e->outbox && jstr(rec, "id") && id_valid('M', jstr(rec, "id")))
		outbox_collect(e->outbox, rec);
	return 0;
}

int
escalation_pass(struct escalation *e)
{
	const struct summary_ops ops = {
		TICKET_SUMMARY_VERSION, pass_summarize, pass_summary,
		pass_ticket
	};
	int rc;

	if ((rc = store_foreach_summary(e->st, 'T', &ops, e)))
		return rc;
	if (!e->outbox)
		return 0;
	return store_foreach(e->st, 'M', 0, pass_meeting, e);
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
 * Where a manual escalation to `to` goes from the ticket's level: the new
 * level, and the staff member it names (NULL for a role).
 */
static int
manual_target(struct escalation *e, const struct ticket_state *ts,
	      const char *id, const char *to, int *level, const char **named)
{
	const struct config *cfg = &e->st->cfg;
	int l = sla_ladder_level(cfg, to), rc;
	struct csvtab *staff;
	struct sbuf sb;
	long r;

	*named = NULL;
	if (l >= 0) {
		if (l > ts->level) {
			*level = l;
			return 0;
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
	*named = csvtab_get(staff, (size_t)r, "id");
	if (strcmp(csvtab_get(staff, (size_t)r, "active"), "yes") != 0)
		return pd_error(PD_EDATA, "--to: staff member '%s' is not active",
				*named);
	l = sla_ladder_level(cfg, csvtab_get(staff, (size_t)r, "role"));
	if (l < 0)
		return pd_error(PD_EDATA, "--to: %s (%s) is not on the ladder",
				*named, csvtab_get(staff, (size_t)r, "role"));
	if (l < ts->level)
		return pd_error(PD_EDATA, "--to: %s (%s) is below the ticket's level (%s)",
				*named, cfg->ladder[l],
				ladder_role(cfg, ts->level));
	*level = l;
	return 0;
}

int
escalation_manual(struct escalation *e, const char *id_arg, const char *to,
		  const char *reason, char id[ID_LEN + 1], char **subject)
{
	const struct config *cfg = &e->st->cfg;
	const char *named = NULL;
	struct ticket_state ts;
	json_t *rec, *ev, *recipients;
	int level = 0, rc;

	if ((rc = load_for(e, id_arg, "escalate", id, &rec, &ts)))
		return rc;
	if ((rc = check_reason(reason)) ||
	    (rc = manual_target(e, &ts, id, to, &level, &named)) ||
	    (rc = recipients_json(e->st, &ts, NOTICE_ESCALATE, level, named,
				  &recipients)))
		goto out;
	ev = escalate_event(cfg, ladder_role(cfg, ts.level) ? ts.level : 0,
			    level, "manual", recipients);
	json_object_set_new(ev, "message", json_string(reason));
	if ((rc = ticket_append_event(e->st, rec, ev, e->a, e->st->now, e->c,
				      NULL)))
		goto out;
	e->escalations++;
	changed(e, rec);
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
	struct sla_rule rule;
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
	if (!ticket_rule(rec, cfg, &rule) || !ts.resolution_due) {
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
	if (!sla_may_extend(&rule, role)) {
		rc = pd_error(PD_ENOPERM, "%s (%s) may not approve this extension: %s tickets need %s or above",
			      who, *role ? role : "no role", rule.key,
			      rule.extension_approver);
		goto out;
	}
	/* Separation of duties (DESIGN §5). */
	if (ts.assignee && strcmp(ts.assignee, who) == 0) {
		rc = pd_error(PD_ENOPERM, "%s is the assignee of %s and may not approve its extension (separation of duties: nobody approves their own request)",
			      who, id);
		goto out;
	}
	ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "extend",
		       "deadline", "resolution", "until",
		       time_format(calendar_deadline(&cfg->cal,
						     ts.resolution_due, &dur,
						     cfg->sla_business),
				   until),
		       "duration", duration_format(&dur, dbuf), "approved_by",
		       who, "reason", reason);
	if ((rc = ticket_append_event(e->st, rec, ev, e->a, e->st->now, e->c,
				      NULL)))
		goto out;
	e->extensions++;
	changed(e, rec);
	*subject = xasprintf("%s extend %s \"%s\"", id, dbuf,
			     jstr(rec, "title"));
out:
	json_decref(rec);
	return rc;
}

json_t *
staff_notice_json(struct store *st, const char *id)
{
	struct csvtab *staff;
	long r = -1;

	if (!id)
		return json_null();
	if (store_register(st, REG_STAFF, &staff) == 0)
		r = csvtab_find(staff, "id", id);
	if (r < 0)
		return json_pack("{s:s, s:n, s:n, s:n}", "id", id, "name",
				 "email", "role");
	return json_pack("{s:s, s:s, s:s, s:s}", "id", id, "name",
			 csvtab_get(staff, (size_t)r, "name"), "email",
			 csvtab_get(staff, (size_t)r, "email"), "role",
			 csvtab_get(staff, (size_t)r, "role"));
}

static json_t *
string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/*
 * The recipients of event ev of a ticket in state ts (as it stood after
 * the event) as staff ids: the event's own list, or for an event
 * recorded before events named them, the list the rule gives now.
 */
static json_t *
event_recipients(struct store *st, json_t *ev, const struct ticket_state *ts)
{
	json_t *list = json_object_get(ev, "recipients");
	const char *type = jstr(ev, "type");

	if (json_is_array(list))
		return json_incref(list);
	if (!strcmp(type, "warn")) {
		int top = ts->level + 1 >= st->cfg.nladder;
		int breach = top && json_is_true(json_object_get(ev, "breach"));

		if (recipients_json(st, ts, breach ? NOTICE_BREACH : NOTICE_WARN,
				    ts->level, NULL, &list))
			return json_array();
		return list;
	}
	if (recipients_json(st, ts, NOTICE_ESCALATE, ts->level,
			    jstr(ev, "target"), &list))
		return json_array();
	return list;
}

json_t *
escalation_notice(struct store *st, json_t *rec, size_t index)
{
	const struct config *cfg = &st->cfg;
	json_t *events = json_object_get(rec, "events");
	json_t *ev = json_array_get(events, index);
	json_t *upto = json_copy(rec), *prefix = json_array(), *o, *ids, *v;
	json_t *recipients = json_array();
	const char *type = jstr(ev, "type"), *deadline = NULL;
	struct ticket_state ts;
	char buf[TIME_BUFSZ];
	time_t due = 0;
	size_t i;
	int dl, warn = strcmp(type, "warn") == 0;

	/* The ticket as it stood right after the event. */
	for (i = 0; i <= index; i++)
		json_array_append(prefix, json_array_get(events, i));
	json_object_set_new(upto, "events", prefix);
	ticket_fold(upto, cfg, &ts);
	if (warn) {
		deadline = jstr(ev, "deadline");
	} else {
		const char *reason = jstr(ev, "reason");

		if (strcmp(reason, "response-breach") == 0)
			deadline = "response";
		else if (strcmp(reason, "resolution-breach") == 0)
			deadline = "resolution";
	}
	if (deadline && (dl = str_index(sla_deadline_names, deadline)) >= 0)
		due = sla_deadline_due(&ts, (enum deadline_kind)dl);
	ids = event_recipients(st, ev, &ts);
	json_array_foreach(ids, i, v)
		json_array_append_new(recipients, staff_notice_json(st,
					json_string_value(v)));
	o = json_object();
	json_object_set_new(o, "event", json_string(jstr(ev, "id")));
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "ticket", json_string(jstr(rec, "id")));
	json_object_set_new(o, "title", json_string(jstr(rec, "title")));
	json_object_set_new(o, "customer", json_string(jstr(rec, "customer")));
	json_object_set_new(o, "kind", json_string(jstr(rec, "kind")));
	json_object_set_new(o, "severity",
			    string_or_null(jstr(rec, "severity")));
	json_object_set_new(o, "rule", ts.rule[0] ? json_string(ts.rule)
						  : json_null());
	json_object_set_new(o, "level", json_integer(ts.level));
	json_object_set_new(o, "role",
			    string_or_null(ladder_role(cfg, ts.level)));
	json_object_set_new(o, "reason", string_or_null(warn ? NULL :
						jstr(ev, "reason")));
	json_object_set_new(o, "breach", json_boolean(warn &&
		json_is_true(json_object_get(ev, "breach"))));
	json_object_set_new(o, "deadline", string_or_null(deadline));
	json_object_set_new(o, "due", due ? json_string(time_format(due, buf))
					  : json_null());
	json_object_set_new(o, "target", json_array_size(recipients) ?
			    json_incref(json_array_get(recipients, 0)) :
			    json_null());
	json_object_set_new(o, "recipients", recipients);
	json_object_set_new(o, "assignee", string_or_null(ts.assignee));
	json_object_set_new(o, "message", string_or_null(jstr(ev, "message")));
	json_decref(ids);
	json_decref(upto);
	return o;
}

char *
escalation_summary(const struct escalation *e)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_addf(&sb, "%d warning%s, %d escalation%s", e->warnings,
		  e->warnings == 1 ? "" : "s", e->escalations,
		  e->escalations == 1 ? "" : "s");
	return sbuf_detach(&sb, NULL);
}
