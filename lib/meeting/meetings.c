/*
 * Meeting operations on a store: planning, the agenda, minutes, actions
 * and feedback, each staged into a change, and the checks against the
 * registers and the other meetings.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"

void
plan_request_init(struct plan_request *req)
{
	memset(req, 0, sizeof(*req));
	strlist_init(&req->required);
	strlist_init(&req->optional);
	strlist_init(&req->agenda);
	strlist_init(&req->materials);
}

void
plan_request_release(struct plan_request *req)
{
	strlist_release(&req->required);
	strlist_release(&req->optional);
	strlist_release(&req->agenda);
	strlist_release(&req->materials);
}

static int
given(const char *s)
{
	return s && *s;
}

/* Put prefix before the recorded message (which may be the argument). */
static int
prefixed(int rc, const char *fmt, const char *what)
{
	char *msg = xstrdup(pd_errmsg()), *hint = xstrdup(pd_errhint());

	pd_error(rc, fmt, what, msg);
	if (*hint)
		pd_hint("%s", hint);
	free(msg);
	free(hint);
	return rc;
}

/*
 * A staff member by id, name, or "Name (ID)" as the forms print them:
 * the id (malloc'ed), or PD_EDATA naming what was looked up.
 */
static int
staff_lookup(struct store *st, const char *who, const char *what,
	     int active, char **id)
{
	struct csvtab *staff;
	const char *open, *close;
	long r;
	int rc;

	*id = NULL;
	if ((rc = store_register(st, REG_STAFF, &staff)))
		return rc;
	r = store_find(st, REG_STAFF, who);
	if (r == -2)
		return PD_EDATA;
	if (r < 0 && (close = strrchr(who, ')')) && !close[1] &&
	    (open = strrchr(who, '('))) {
		char *inner = xstrndup(open + 1, (size_t)(close - open - 1));

		r = csvtab_find(staff, "id", inner);
		free(inner);
	}
	if (r < 0)
		return pd_error(PD_EDATA, "unknown staff member '%s' (%s)", who,
				what);
	if (active && !strcmp(csvtab_get(staff, (size_t)r, "active"), "no"))
		return pd_error(PD_EDATA, "staff member '%s' is not active (%s)",
				who, what);
	*id = xstrdup(csvtab_get(staff, (size_t)r, "id"));
	return 0;
}

int
meeting_staff_id(struct store *st, const char *who, const char *what,
		 int active, char **id)
{
	return staff_lookup(st, who, what, active, id);
}

const char *
meeting_staff_name(struct store *st, const char *id)
{
	struct csvtab *staff;
	long r;

	if (!id || store_register(st, REG_STAFF, &staff))
		return id;
	r = csvtab_find(staff, "id", id);
	if (r < 0 || !*csvtab_get(staff, (size_t)r, "name"))
		return id;
	return csvtab_get(staff, (size_t)r, "name");
}

const char *
meeting_staff_email(struct store *st, const char *id)
{
	struct csvtab *staff;
	long r;

	if (!id || store_register(st, REG_STAFF, &staff))
		return NULL;
	r = csvtab_find(staff, "id", id);
	return r < 0 ? NULL : csvtab_get(staff, (size_t)r, "email");
}

/* The room's row by id or name, or -1 with a message. */
static long
room_lookup(struct store *st, const char *room)
{
	struct csvtab *rooms;
	long r;

	if (store_register(st, REG_ROOMS, &rooms))
		return -1;
	if ((r = csvtab_find(rooms, "id", room)) < 0)
		r = csvtab_find(rooms, "name", room);
	if (r < 0)
		pd_error(PD_EDATA, "unknown room '%s'", room);
	return r;
}

/* "90", "90m", "1h30m" as minutes; -1 if not a duration in minutes. */
static long
minutes_parse(const char *s)
{
	struct duration d;
	char *end;
	long n;

	if (isdigit((unsigned char)*s)) {
		n = strtol(s, &end, 10);
		if (!*end)
			return n > 0 && n <= MEETING_MAX_MINUTES ? n : -1;
	}
	if (duration_parse(s, &d) < 0 || d.unit != DUR_MINUTES ||
	    d.n > MEETING_MAX_MINUTES)
		return -1;
	return d.n;
}

static int
check_text(const char *field, const char *s, int title)
{
	int rc;

	if (s && (rc = text_check(field, s, title)))
		return rc;
	return 0;
}

/* The attendee list from the request: required, then optional. */
static int
build_attendees(struct store *st, const struct plan_request *req,
		json_t **out)
{
	json_t *list = json_array();
	int rc = 0;

	for (int opt = 0; opt < 2 && !rc; opt++) {
		const struct strlist *l = opt ? &req->optional : &req->required;

		for (size_t i = 0; i < l->n && !rc; i++) {
			char *id;
			json_t *a;
			size_t j;

			if ((rc = staff_lookup(st, l->items[i],
					       opt ? "--optional" : "--attendee",
					       1, &id)))
				break;
			json_array_foreach(list, j, a)
				if (!strcmp(jstr(a, "who"), id))
					rc = pd_error(PD_EDATA, "attendee '%s' is listed twice",
						      id);
			if (!rc)
				json_array_append_new(list, json_pack("{s:s, s:b}",
					"who", id, "required", !opt));
			free(id);
		}
	}
	if (rc)
		json_decref(list);
	else
		*out = list;
	return rc;
}

/* The agenda from "TOPIC|MINUTES|OWNER|GOAL" specs, numbered in order. */
static int
build_agenda(struct store *st, const struct strlist *specs, json_t **out)
{
	json_t *list = json_array();
	int rc = 0;

	for (size_t i = 0; i < specs->n && !rc; i++) {
		struct strlist f;
		long minutes;
		char *owner = NULL;

		strlist_init(&f);
		split_bars(specs->items[i], &f, 4);
		if (f.n != 4 || !*f.items[0]) {
			rc = pd_error(PD_EUSAGE, "invalid agenda item '%s' (expected TOPIC|MINUTES|OWNER|GOAL)",
				      specs->items[i]);
		} else if ((minutes = minutes_parse(f.items[1])) < 0) {
			rc = pd_error(PD_EDATA, "agenda item %zu: invalid minutes '%s' (expected e.g. 20 or 1h)",
				      i + 1, f.items[1]);
		} else if ((rc = text_check("agenda topic", f.items[0], 1))) {
			;
		} else if ((rc = enum_check(agenda_goals, "goal", f.items[3]))) {
			/* xgettext:c-format */
			rc = prefixed(rc, N_("agenda item %s: %s"), f.items[0]);
		} else if (!(rc = staff_lookup(st, f.items[2], "agenda owner",
					       1, &owner))) {
			json_array_append_new(list, json_pack(
				"{s:I, s:s, s:s, s:I, s:s}", "n",
				(json_int_t)i + 1, "topic", f.items[0], "goal",
				f.items[3], "minutes", (json_int_t)minutes,
				"owner", owner));
		}
		free(owner);
		strlist_release(&f);
	}
	if (rc)
		json_decref(list);
	else
		*out = list;
	return rc;
}

static int
build_materials(const struct strlist *l, json_t **out)
{
	json_t *list = json_array();
	int rc = 0;

	for (size_t i = 0; i < l->n && !rc; i++) {
		if (!*l->items[i] || strchr(l->items[i], '\n'))
			rc = pd_error(PD_EDATA, "--material: empty or more than one line");
		else if (!(rc = text_check("--material", l->items[i], 0)))
			json_array_append_new(list,
					      json_string(l->items[i]));
	}
	*out = NULL;
	if (rc)
		json_decref(list);
	else
		*out = list;
	return rc;
}

/* What the double-booking scan collects. */
struct scan_ctx {
	json_t *rec;
	struct strlist *problems;
};

static int
scan_one(void *vctx, const char *rel, json_t *other)
{
	struct scan_ctx *ctx = vctx;
	struct sbuf why;

	(void)rel;
	if (!other)
		return 0;	/* plaindesk-check reports broken files */
	/* Whether it is cancelled is what its events say. */
	if (meeting_validate_shape(other) == 0)
		meeting_refresh(other);
	pd_clear_error();
	sbuf_init(&why);
	if (meeting_conflict(ctx->rec, other, &why))
		strlist_add_owned(ctx->problems,
				  xasprintf(_("conflict: %s"), why.buf));
	sbuf_release(&why);
	return 0;
}

/*
 * Everything --allow-conflict may let through: an agenda longer than the
 * meeting, more people than the room holds, the room or a required
 * person booked twice.  Only meetings made from the earliest month that
 * can overlap are read (MEETING_HORIZON_DAYS).
 */
static int
planning_problems(struct store *st, json_t *rec, struct strlist *problems)
{
	struct csvtab *rooms;
	struct scan_ctx ctx = { rec, problems };
	const char *capacity;
	char *end;
	long r, cap;
	int32_t from;
	int y, m, d;

	if (meeting_agenda_fits(rec))
		strlist_add(problems, pd_errmsg());
	if ((r = room_lookup(st, jstr(rec, "room"))) < 0)
		return PD_EDATA;
	store_register(st, REG_ROOMS, &rooms);
	capacity = csvtab_get(rooms, (size_t)r, "capacity");
	cap = strtol(capacity, &end, 10);
	if (*capacity && !*end && cap >= 0 &&
	    meeting_capacity_fits(rec, jstr(rec, "room"), cap))
		strlist_add(problems, pd_errmsg());
	from = time_day(meeting_start(rec) - MEETING_MAX_MINUTES * 60L) -
	       MEETING_HORIZON_DAYS;
	day_to_ymd(from, &y, &m, &d);
	return store_foreach_since(st, 'M', y, m, 0, scan_one, &ctx);
}

/* Refuse, or describe for the event, what planning_problems() found. */
static int
judge_problems(const struct strlist *problems, int allow, char **conflict)
{
	struct sbuf sb;

	*conflict = NULL;
	if (problems->n == 0)
		return 0;
	if (!allow) {
		if (problems->n > 1)
			pd_error(PD_EDATA, "%s (and %zu more)", problems->items[0],
				 problems->n - 1);
		else
			pd_error(PD_EDATA, "%s", problems->items[0]);
		pd_hint("change the plan, or pass --allow-conflict to plan it anyway");
		return PD_EDATA;
	}
	sbuf_init(&sb);
	for (size_t i = 0; i < problems->n; i++)
		sbuf_addf(&sb, "%s%s", i ? "; " : "", problems->items[i]);
	*conflict = sbuf_detach(&sb, NULL);
	return 0;
}

/* Set the header fields the request gives (all of them for new). */
static int
apply_request(struct store *st, json_t *rec, const struct plan_request *req)
{
	struct csvtab *rooms;
	time_t start;
	json_t *v = NULL;
	char *id;
	long r, minutes;
	int rc;

	if (req->type) {
		if ((rc = enum_check(meeting_types, "type", req->type)))
			return rc;
		json_object_set_new(rec, "type", json_string(req->type));
	}
	if (req->title) {
		if (!*req->title)
			return pd_error(PD_EDATA, "title: empty");
		if ((rc = text_check("title", req->title, 1)))
			return rc;
		json_object_set_new(rec, "title", json_string(req->title));
	}
	if (req->organizer) {
		if ((rc = staff_lookup(st, req->organizer, "--organizer", 1,
				       &id)))
			return rc;
		json_object_set_new(rec, "organizer", json_string(id));
		free(id);
	}
	if (req->start) {
		char buf[TIME_BUFSZ];

		if (time_parse(req->start, &start) < 0)
			return pd_error(PD_EDATA, "invalid time '%s' (expected e.g. 2026-11-25T14:00)",
					req->start);
		json_object_set_new(rec, "start",
				    json_string(time_format(start, buf)));
	}
	if (req->duration) {
		if ((minutes = minutes_parse(req->duration)) < 0)
			return pd_error(PD_EDATA, "invalid duration '%s' (expected e.g. 90m or 1h30m, at most %dh)",
					req->duration,
					MEETING_MAX_MINUTES / 60);
		json_object_set_new(rec, "duration_min", json_integer(minutes));
	}
	if (req->room) {
		if ((r = room_lookup(st, req->room)) < 0)
			return PD_EDATA;
		store_register(st, REG_ROOMS, &rooms);
		json_object_set_new(rec, "room", json_string(
			csvtab_get(rooms, (size_t)r, "id")));
	}
	if (req->required.n || req->optional.n) {
		if ((rc = build_attendees(st, req, &v)))
			return rc;
		json_object_set_new(rec, "attendees", v);
	}
	if (req->agenda.n) {
		if ((rc = build_agenda(st, &req->agenda, &v)))
			return rc;
		json_object_set_new(rec, "agenda", v);
	}
	if (req->materials.n) {
		if ((rc = build_materials(&req->materials, &v)))
			return rc;
		json_object_set_new(rec, "materials", v);
	}
	return 0;
}

/* A meeting starts no later than MEETING_HORIZON_DAYS after its id's day. */
static int
check_horizon(json_t *rec)
{
	int32_t made = meeting_id_day(jstr(rec, "id"));

	if (meeting_start(rec) >= day_start(made + MEETING_HORIZON_DAYS + 1))
		return pd_error(PD_EDATA, "the meeting starts more than %d days after it was planned",
				MEETING_HORIZON_DAYS);
	return 0;
}

static json_t *
new_event(const char *type)
{
	return json_pack("{s:s}", "type", type);
}

static char *
meeting_subject(json_t *rec, const char *what)
{
	return xasprintf("%s %s \"%s\"", jstr(rec, "id"), what,
			 jstr(rec, "title"));
}

int
meeting_new_stage(struct store *st, const struct plan_request *req,
		  const struct actor *a, struct change *c,
		  char id[ID_LEN + 1], char **subject, char **conflict)
{
	struct strlist problems;
	json_t *rec, *ev;
	int rc;

	*subject = *conflict = NULL;
	if (!given(req->type) || !given(req->title) || !given(req->start) ||
	    !given(req->duration) || !given(req->room))
		return pd_error(PD_EUSAGE, "--type, --title, --start, --duration and --room are required");
	if (!given(req->organizer) && !store_lookup_id(st, REG_STAFF, a->by))
		return pd_error(PD_EUSAGE, "--organizer is required (the actor is not a staff member)");
	if (req->agenda.n == 0) {
		pd_error(PD_EDATA, "a meeting needs at least one agenda item");
		pd_hint("add --agenda \"TOPIC|MINUTES|OWNER|GOAL\"");
		return PD_EDATA;
	}
	if (req->ad_hoc && !given(req->reason))
		return pd_error(PD_EDATA, "an ad-hoc meeting needs --reason (why it is urgent)");
	if (!req->ad_hoc && req->reason)
		return pd_error(PD_EUSAGE, "--reason goes with --ad-hoc");
	if ((rc = check_text("reason", req->reason, 0)))
		return rc;
	if ((rc = id_new(st, 'M', st->now, id)))
		return rc;
	rec = json_object();
	json_object_set_new(rec, "id", json_string(id));
	json_object_set_new(rec, "attendees", json_array());
	json_object_set_new(rec, "materials", json_array());
	{
		/* The actor organizes unless told otherwise. */
		struct plan_request full = *req;

		if (!given(full.organizer))
			full.organizer = a->by;
		rc = apply_request(st, rec, &full);
	}
	if (rc)
		goto out;
	json_object_set_new(rec, "ad_hoc", json_boolean(req->ad_hoc));
	json_object_set_new(rec, "reason", req->ad_hoc ?
			    json_string(req->reason) : json_null());
	json_object_set_new(rec, "sequence", json_integer(0));
	json_object_set_new(rec, "state", json_object());
	json_object_set_new(rec, "minutes", json_null());
	json_object_set_new(rec, "actions", json_array());
	json_object_set_new(rec, "feedback", json_array());
	json_object_set_new(rec, "events", json_array());
	if ((rc = check_horizon(rec)))
		goto out;
	strlist_init(&problems);
	if (!(rc = planning_problems(st, rec, &problems)))
		rc = judge_problems(&problems, req->allow_conflict, conflict);
	strlist_release(&problems);
	if (rc)
		goto out;
	ev = new_event("create");
	if (*conflict)
		json_object_set_new(ev, "conflict", json_string(*conflict));
	if (!(rc = meeting_append_event(st, rec, ev, a, c)))
		*subject = xasprintf("%s new %s%s \"%s\"", id, req->type,
				     req->ad_hoc ? " (ad hoc)" : "",
				     req->title);
out:
	json_decref(rec);
	return rc;
}

/* "start a -> b" for the update message. */
static void
describe_change(struct sbuf *sb, const char *key, json_t *old, json_t *new)
{
	if (sb->len)
		sbuf_adds(sb, "; ");
	if (json_is_array(new)) {
		sbuf_adds(sb, key);
		return;
	}
	if (json_is_integer(new))
		sbuf_addf(sb, "%s %lld -> %lld", key,
			  (long long)json_integer_value(old),
			  (long long)json_integer_value(new));
	else
		sbuf_addf(sb, "%s %s -> %s", key, json_string_value(old),
			  json_string_value(new));
}

/*
 * The attendees of old that new has not: an update records them so that
 * the next send tells them (meeting_uninvite()).
 */
static json_t *
removed_people(json_t *old, json_t *new)
{
	json_t *gone = json_array(), *a, *b;
	size_t i, j;

	json_array_foreach(json_object_get(old, "attendees"), i, a) {
		int kept = 0;

		json_array_foreach(json_object_get(new, "attendees"), j, b)
			kept |= json_equal(json_object_get(a, "who"),
					   json_object_get(b, "who"));
		if (!kept && jstr(a, "who"))
			json_array_append_new(gone, json_string(jstr(a, "who")));
	}
	return gone;
}

int
meeting_update_stage(struct store *st, json_t *rec,
		     const struct plan_request *req, const struct actor *a,
		     struct change *c, char **subject, char **conflict)
{
	static const char *const scheduling[] = {
		"organizer", "start", "duration_min", "room", "attendees",
		"agenda", NULL
	};
	struct meeting_state state;
	struct strlist problems;
	json_t *changed = json_deep_copy(rec), *changes, *ev;
	struct sbuf msg;
	int rc, recheck = 0;

	*subject = *conflict = NULL;
	meeting_fold(rec, &state);
	if ((rc = meeting_action_allowed(&state, "update")))
		goto out;
	if (req->ad_hoc || req->reason) {
		rc = pd_error(PD_EUSAGE, "an update cannot change --ad-hoc or --reason");
		goto out;
	}
	if ((rc = apply_request(st, changed, req)))
		goto out;
	changes = json_array();
	sbuf_init(&msg);
	for (int i = 0; meeting_update_fields[i]; i++) {
		const char *k = meeting_update_fields[i];
		json_t *old = json_object_get(rec, k);
		json_t *new = json_object_get(changed, k);

		if (json_equal(old, new))
			continue;
		json_array_append_new(changes, json_string(k));
		describe_change(&msg, k, old, new);
		if (str_index(scheduling, k) >= 0)
			recheck = 1;
	}
	if (json_array_size(changes) == 0) {
		json_decref(changes);
		sbuf_release(&msg);
		rc = pd_error(PD_EDATA, "the update changes nothing");
		goto out;
	}
	if (!(rc = check_horizon(changed)) && recheck) {
		strlist_init(&problems);
		if (!(rc = planning_problems(st, changed, &problems)))
			rc = judge_problems(&problems, req->allow_conflict,
					    conflict);
		strlist_release(&problems);
	}
	if (rc) {
		json_decref(changes);
		sbuf_release(&msg);
		goto out;
	}
	ev = new_event("update");
	json_object_set_new(ev, "changes", changes);
	{
		json_t *gone = removed_people(rec, changed);

		if (json_array_size(gone))
			json_object_set(ev, "removed", gone);
		json_decref(gone);
	}
	json_object_set_new(ev, "message", json_string(msg.buf));
	if (*conflict)
		json_object_set_new(ev, "conflict", json_string(*conflict));
	sbuf_release(&msg);
	for (int i = 0; meeting_update_fields[i]; i++)
		json_object_set(rec, meeting_update_fields[i],
				json_object_get(changed,
						meeting_update_fields[i]));
	if (!(rc = meeting_append_event(st, rec, ev, a, c)))
		*subject = meeting_subject(rec, "update");
out:
	json_decref(changed);
	return rc;
}

int
meeting_load(struct store *st, const char *id, json_t **rec,
	     struct meeting_state *state)
{
	int rc;

	if ((rc = store_load_checked(st, id, meeting_validate_shape, rec)))
		return rc;
	/* The events are the truth: what they decide is recomputed, and
	 * rewritten by the next change; plaindesk-check reports it
	 * meanwhile. */
	meeting_refresh(*rec);
	if (state)
		meeting_fold(*rec, state);
	return 0;
}

int
meeting_stage(struct store *st, json_t *rec, struct change *c)
{
	char *rel, *data;
	size_t len;
	int rc;

	meeting_refresh(rec);
	if ((rc = meeting_validate(rec)))
		return prefixed(rc, "%s: %s", jstr(rec, "id"));
	rel = id_relpath(jstr(rec, "id"));
	data = record_format(rec, &len);
	change_put(c, rel, data, len);
	change_record(c, jstr(rec, "id"));
	free(rel);
	(void)st;
	return 0;
}

int
meeting_append_event(struct store *st, json_t *rec, json_t *ev,
		     const struct actor *a, struct change *c)
{
	json_t *events = json_object_get(rec, "events");
	json_t *last = json_array_get(events, json_array_size(events) - 1);
	char buf[TIME_BUFSZ], id[16];
	json_t *full;
	time_t at = st->now, last_at = 0;

	/* Events stay in time order even if the clock went back. */
	if (last && jstr(last, "at") &&
	    time_parse(jstr(last, "at"), &last_at) == 0 && at < last_at)
		at = last_at;
	event_id_new(events, at, id);
	full = json_pack("{s:s, s:s, s:s}", "id", id, "at",
			 time_format(at, buf), "by", a->by);
	json_object_update(full, ev);
	json_decref(ev);
	json_array_append_new(events, full);
	return meeting_stage(st, rec, c);
}

static int
meeting_check_approver(struct store *st, json_t *rec, const struct actor *a,
		       const char *doing)
{
	int rc;

	if ((rc = actor_check_role(st, a, st->cfg.approver_role, doing)))
		return rc;
	/* Separation of duties (DESIGN §5). */
	if (json_is_true(json_object_get(rec, "ad_hoc")) &&
	    jstr(rec, "organizer") && !strcmp(jstr(rec, "organizer"), a->by))
		return pd_error(PD_ENOPERM, "%s organizes %s and may not approve or reject it (separation of duties: nobody approves their own request)",
				a->by, jstr(rec, "id"));
	return 0;
}

/* The common shape: may the action happen, then append its event. */
static int
simple_event(struct store *st, json_t *rec, json_t *ev,
	     const struct actor *a, struct change *c)
{
	struct meeting_state state;
	int rc;

	meeting_fold(rec, &state);
	if ((rc = meeting_action_allowed(&state, jstr(ev, "type")))) {
		json_decref(ev);
		return rc;
	}
	return meeting_append_event(st, rec, ev, a, c);
}

int
meeting_approve_stage(struct store *st, json_t *rec, const struct actor *a,
		      struct change *c)
{
	struct meeting_state state;
	int rc;

	meeting_fold(rec, &state);
	if ((rc = meeting_action_allowed(&state, "approve")) ||
	    (rc = meeting_check_approver(st, rec, a,
		     /* TRANSLATORS: approving a meeting */
		     _("approving"))))
		return rc;
	return meeting_append_event(st, rec, new_event("approve"), a, c);
}

int
meeting_reject_stage(struct store *st, json_t *rec, const char *reason,
		     const struct actor *a, struct change *c)
{
	struct meeting_state state;
	json_t *ev;
	int rc;

	meeting_fold(rec, &state);
	if ((rc = meeting_action_allowed(&state, "reject")) ||
	    (rc = meeting_check_approver(st, rec, a,
		     /* TRANSLATORS: rejecting a meeting */
		     _("rejecting"))) ||
	    (rc = check_text("reason", reason, 0)))
		return rc;
	ev = new_event("reject");
	if (given(reason))
		json_object_set_new(ev, "reason", json_string(reason));
	return meeting_append_event(st, rec, ev, a, c);
}

int
meeting_cancel_stage(struct store *st, json_t *rec, const char *reason,
		     const struct actor *a, struct change *c)
{
	int rc;

	if (!given(reason))
		return pd_error(PD_EUSAGE, "cancel needs --reason");
	if ((rc = check_text("reason", reason, 0)))
		return rc;
	return simple_event(st, rec, json_pack("{s:s, s:s}", "type", "cancel",
					       "reason", reason), a, c);
}

int
meeting_send_stage(struct store *st, json_t *rec, const struct actor *a,
		   struct change *c, int *on_time, time_t *due)
{
	*due = meeting_due(&st->cfg, MEETING_AGENDA, rec);
	*on_time = st->now <= *due;
	return simple_event(st, rec, json_pack("{s:s, s:b}", "type", "send",
					       "on_time", *on_time), a, c);
}

/* An outcome by its key or its label (Chinese too). */
static const char *
outcome_key(const char *s)
{
	for (int i = 0; item_outcomes[i]; i++)
		if (!strcasecmp(s, item_outcomes[i]) ||
		    !strcmp(s, meeting_label("zh-CN", "outcome",
					     item_outcomes[i])))
			return item_outcomes[i];
	return NULL;
}

static int
is_invited(json_t *rec, const char *who)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(rec, "attendees"), i, a)
		if (!strcmp(jstr(a, "who"), who))
			return 1;
	return 0;
}

/* present/absent/late: staff ids, none twice; the uninvited are added. */
static int
minutes_people(struct store *st, json_t *rec, const struct minutes_input *in,
	       json_t *minutes, json_t *added)
{
	static const char *const keys[] = {"present", "absent", "late"};
	const struct strlist *lists[] = {&in->present, &in->absent, &in->late};
	json_t *seen = json_object();
	int rc = 0;

	for (int l = 0; l < 3 && !rc; l++) {
		json_t *ids = json_array();

		json_object_set_new(minutes, keys[l], ids);
		for (size_t i = 0; i < lists[l]->n && !rc; i++) {
			char *id, what[16];

			snprintf(what, sizeof(what), "%s", keys[l]);
			if ((rc = staff_lookup(st, lists[l]->items[i], what, 0,
					       &id)))
				break;
			if (json_object_get(seen, id)) {
				rc = pd_error(PD_EDATA, "%s is listed as both %s and %s",
					      id, json_string_value(
						json_object_get(seen, id)),
					      keys[l]);
			} else {
				json_object_set_new(seen, id,
						    json_string(keys[l]));
				json_array_append_new(ids, json_string(id));
				if (!is_invited(rec, id))
					json_array_append_new(added,
							      json_string(id));
			}
			free(id);
		}
	}
	json_decref(seen);
	return rc;
}

static int
minutes_items(json_t *rec, const struct minutes_input *in, json_t *minutes)
{
	size_t nagenda = json_array_size(json_object_get(rec, "agenda"));
	json_t *items = json_array();
	const struct minutes_item **by_n = xcalloc(nagenda + 1,
						   sizeof(*by_n));
	struct sbuf missing;
	int rc = 0;

	json_object_set_new(minutes, "items", items);
	for (size_t i = 0; i < in->nitems && !rc; i++) {
		const struct minutes_item *it = &in->items[i];

		if (it->n < 1 || (size_t)it->n > nagenda)
			rc = pd_error(PD_EDATA, "there is no agenda item %ld (the agenda has %zu)",
				      it->n, nagenda);
		else if (by_n[it->n])
			rc = pd_error(PD_EDATA, "agenda item %ld has two outcomes",
				      it->n);
		else if (!*it->outcome)
			;	/* a form left blank: reported as missing */
		else if (!outcome_key(it->outcome))
			rc = pd_error(PD_EDATA, "agenda item %ld: unknown outcome '%s' (expected %s)",
				      it->n, it->outcome,
				      pd_label_join("outcome", item_outcomes));
		else if (!(rc = check_text("notes", it->notes, 0)))
			by_n[it->n] = it;
	}
	sbuf_init(&missing);
	for (size_t n = 1; n <= nagenda && !rc; n++) {
		json_t *ag = json_array_get(json_object_get(rec, "agenda"),
					    n - 1);

		if (!by_n[n]) {
			sbuf_addf(&missing, "%s%zu (%s)", missing.len ? ", " : "",
				  n, jstr(ag, "topic"));
			continue;
		}
		json_array_append_new(items, json_pack("{s:I, s:s, s:s}",
			"n", (json_int_t)n, "outcome",
			outcome_key(by_n[n]->outcome), "notes",
			by_n[n]->notes));
	}
	if (!rc && missing.len) {
		rc = pd_error(PD_EDATA, "no outcome for agenda item%s %s",
			      strchr(missing.buf, ',') ? "s" : "", missing.buf);
		pd_hint("give --outcome \"N|achieved|notes\" (achieved, partial, deferred, dropped) for each item");
	}
	sbuf_release(&missing);
	free(by_n);
	return rc;
}

/* A due date: YYYY-MM-DD, or any time (its local day). */
static int
due_date(const char *s, char out[16])
{
	int32_t day;
	time_t t;

	if (date_parse(s, &day) == 0) {
		date_format(day, out);
		return 0;
	}
	if (time_parse(s, &t) == 0) {
		date_format(time_day(t), out);
		return 0;
	}
	return -1;
}

static int
minutes_actions(struct store *st, json_t *rec,
		const struct minutes_input *in, json_t **out)
{
	json_t *list = json_array();
	int rc = 0;

	for (size_t i = 0; i < in->nactions && !rc; i++) {
		const struct minutes_action *ma = &in->actions[i];
		char due[16], *owner = NULL, *id;

		if (!*ma->text)
			rc = pd_error(PD_EDATA, "action %zu: no text", i + 1);
		else if ((rc = text_check("action", ma->text, 1)) ||
			 (rc = check_text("expected", ma->expected, 0)))
			;
		else if (due_date(ma->due, due) < 0)
			rc = pd_error(PD_EDATA, "action %zu: invalid due date '%s' (expected YYYY-MM-DD)",
				      i + 1, ma->due);
		else if (!(rc = staff_lookup(st, ma->owner, "action owner", 1,
					     &owner))) {
			id = xasprintf("%s.%zu", jstr(rec, "id"), i + 1);
			json_array_append_new(list, json_pack(
				"{s:s, s:s, s:s, s:s, s:s, s:n, s:n}",
				"id", id, "text", ma->text, "owner", owner,
				"due", due, "expected", ma->expected,
				"done_at", "note"));
			free(id);
		}
		free(owner);
	}
	if (rc)
		json_decref(list);
	else
		*out = list;
	return rc;
}

/* Checks that the minutes are for rec and when it was held; reads when. */
static int
minutes_times(struct store *st, json_t *rec, const struct minutes_input *in,
	      time_t *started, time_t *ended)
{
	if (in->meeting && strcmp(in->meeting, jstr(rec, "id")))
		return pd_error(PD_EDATA, "the minutes are for meeting '%s', not %s",
				in->meeting, jstr(rec, "id"));
	if (!given(in->started) || !given(in->ended))
		return pd_error(PD_EDATA, "the minutes need the actual start and end (--started, --ended)");
	if (time_parse(in->started, started) < 0 ||
	    time_parse(in->ended, ended) < 0)
		return pd_error(PD_EDATA, "invalid time '%s' (expected e.g. 2026-11-25T14:00)",
				time_parse(in->started, started) < 0 ?
				in->started : in->ended);
	if (*ended < *started)
		return pd_error(PD_EDATA, "the meeting ended before it started");
	if (*ended > st->now)
		return pd_error(PD_EDATA, "the meeting has not ended yet (ended %s is in the future)",
				in->ended);
	return 0;
}

/* Adds the checked decisions of the minutes to minutes.decisions. */
static int
minutes_decisions(const struct minutes_input *in, json_t *minutes)
{
	json_t *decisions = json_array();
	int rc = 0;

	json_object_set_new(minutes, "decisions", decisions);
	for (size_t i = 0; i < in->decisions.n && !rc; i++) {
		char *d = text_trim_block(in->decisions.items[i]);

		if (!*d)
			rc = pd_error(PD_EDATA, "decision %zu: empty", i + 1);
		else if (!(rc = text_check("decision", d, 0)))
			json_array_append_new(decisions, json_string(d));
		free(d);
	}
	return rc;
}

/* Refuses new actions that drop an action already marked done. */
static int
done_actions_kept(json_t *rec, json_t *actions)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e) {
		const char *act = jstr(e, "action");

		if (act && meeting_action_number(act) >
			   (long)json_array_size(actions))
			return pd_error(PD_EDATA, "action %s is done; the minutes must keep it",
					act);
	}
	return 0;
}

int
meeting_record_stage(struct store *st, json_t *rec,
		     const struct minutes_input *in, const struct actor *a,
		     struct change *c, struct strlist *action_ids)
{
	struct meeting_state state;
	json_t *minutes = NULL, *added = json_array(), *actions = NULL;
	json_t *ev, *e;
	time_t started, ended;
	char buf[TIME_BUFSZ];
	size_t i;
	int rc;

	meeting_fold(rec, &state);
	if ((rc = meeting_action_allowed(&state, "record")) ||
	    (rc = minutes_times(st, rec, in, &started, &ended)))
		goto out;
	minutes = json_object();
	json_object_set_new(minutes, "started_at",
			    json_string(time_format(started, buf)));
	json_object_set_new(minutes, "ended_at",
			    json_string(time_format(ended, buf)));
	if ((rc = minutes_people(st, rec, in, minutes, added)) ||
	    (rc = minutes_items(rec, in, minutes)) ||
	    (rc = minutes_decisions(in, minutes)) ||
	    (rc = minutes_actions(st, rec, in, &actions)) ||
	    (rc = done_actions_kept(rec, actions)))
		goto out;
	json_array_foreach(added, i, e)
		json_array_append_new(json_object_get(rec, "attendees"),
			json_pack("{s:O, s:b}", "who", e, "required", 0));
	json_object_set(rec, "minutes", minutes);
	json_object_set(rec, "actions", actions);
	ev = new_event("record");
	if (json_array_size(added))
		json_object_set(ev, "added", added);
	if (!(rc = meeting_append_event(st, rec, ev, a, c)))
		json_array_foreach(actions, i, e)
			strlist_add(action_ids, jstr(e, "id"));
out:
	json_decref(minutes);
	json_decref(added);
	json_decref(actions);
	return rc;
}

int
meeting_publish_stage(struct store *st, json_t *rec, const struct actor *a,
		      struct change *c, int *on_time, time_t *due)
{
	*due = meeting_due(&st->cfg, MEETING_MINUTES, rec);
	*on_time = st->now <= *due;
	return simple_event(st, rec, json_pack("{s:s, s:b}", "type", "publish",
					       "on_time", *on_time), a, c);
}

int
meeting_done_stage(struct store *st, json_t *rec, long n, const char *note,
		   const struct actor *a, struct change *c)
{
	json_t *actions = json_object_get(rec, "actions"), *act, *ev;
	struct meeting_state state;
	int rc;

	meeting_fold(rec, &state);
	if ((rc = meeting_action_allowed(&state, "done")))
		return rc;
	if (n < 1 || (size_t)n > json_array_size(actions))
		return pd_error(PD_ENOINPUT, "no action %s.%ld (the meeting has %zu)",
				jstr(rec, "id"), n, json_array_size(actions));
	act = json_array_get(actions, (size_t)n - 1);
	if (!json_is_null(json_object_get(act, "done_at")))
		return pd_error(PD_EDATA, "action %s is already done (%s)",
				jstr(act, "id"), jstr(act, "done_at"));
	if ((rc = check_text("note", note, 0)))
		return rc;
	ev = json_pack("{s:s, s:s}", "type", "done", "action", jstr(act, "id"));
	if (given(note))
		json_object_set_new(ev, "note", json_string(note));
	return meeting_append_event(st, rec, ev, a, c);
}

int
meeting_feedback_stage(struct store *st, json_t *rec, long score,
		       const char *comment, const struct actor *a,
		       struct change *c)
{
	json_t *f, *ev;
	size_t i;
	int rc;

	if (score < 1 || score > 5)
		return pd_error(PD_EDATA, "invalid score %ld (expected 1 to 5)",
				score);
	if (!is_invited(rec, a->by) &&
	    strcmp(jstr(rec, "organizer"), a->by) != 0)
		return pd_error(PD_EDATA, "'%s' was not at meeting %s; only attendees rate it",
				a->by, jstr(rec, "id"));
	json_array_foreach(json_object_get(rec, "feedback"), i, f)
		if (!strcmp(jstr(f, "by"), a->by))
			return pd_error(PD_EDATA, "%s has rated meeting %s already",
					a->by, jstr(rec, "id"));
	if ((rc = check_text("comment", comment, 0)))
		return rc;
	ev = json_pack("{s:s, s:I}", "type", "feedback", "score",
		       (json_int_t)score);
	if (given(comment))
		json_object_set_new(ev, "comment", json_string(comment));
	return simple_event(st, rec, ev, a, c);
}

int
action_id_resolve(struct store *st, const char *arg, char id[ID_LEN + 1],
		  long *n)
{
	const char *dot = arg ? strrchr(arg, '.') : NULL;
	char *mid, *end;
	int rc;

	if (!dot || !isdigit((unsigned char)dot[1]) ||
	    (*n = strtol(dot + 1, &end, 10)) < 1 || *end)
		return pd_error(PD_EUSAGE, "invalid action id '%s' (expected M-YYMMDD-XXXXXX.N)",
				arg ? arg : "");
	mid = xstrndup(arg, (size_t)(dot - arg));
	rc = id_resolve(st, 'M', mid, id);
	free(mid);
	return rc;
}

/* One staff reference of a record: 0 or PD_EDATA. */
static int
ref_staff(struct csvtab *staff, const char *who, const char *what)
{
	if (who && csvtab_find(staff, "id", who) < 0)
		return pd_error(PD_EDATA, "%s: unknown staff member '%s'", what,
				who);
	return 0;
}

/* The people of a service block: lead, group leads, task owners, the
 * staff who signed in. */
static int
service_check_refs(struct csvtab *staff, json_t *svc)
{
	static const struct {
		const char *list, *key, *what;
	} refs[] = {
		{"groups", "lead", "service group lead"},
		{"tasks", "owner", "service task owner"},
		{"checkins", "who", "service sign-in"},
		{NULL, NULL, NULL}
	};
	json_t *v;
	size_t i;
	int rc;

	if (!svc)
		return 0;
	if ((rc = ref_staff(staff, jstr(svc, "lead"), "service lead")))
		return rc;
	for (int r = 0; refs[r].list; r++)
		json_array_foreach(json_object_get(svc, refs[r].list), i, v)
			if ((rc = ref_staff(staff, jstr(v, refs[r].key),
					    refs[r].what)))
				return rc;
	return 0;
}

int
meeting_check_refs(struct store *st, json_t *rec)
{
	static const char *const lists[] = {"present", "absent", "late", NULL};
	struct csvtab *staff, *rooms;
	json_t *v, *m = json_object_get(rec, "minutes");
	size_t i;
	int rc;

	if ((rc = store_register(st, REG_STAFF, &staff)) ||
	    (rc = store_register(st, REG_ROOMS, &rooms)))
		return rc;
	if (jstr(rec, "room") && csvtab_find(rooms, "id", jstr(rec, "room")) < 0)
		return pd_error(PD_EDATA, "room: unknown room '%s'",
				jstr(rec, "room"));
	if ((rc = ref_staff(staff, jstr(rec, "organizer"), "organizer")))
		return rc;
	json_array_foreach(json_object_get(rec, "attendees"), i, v)
		if ((rc = ref_staff(staff, jstr(v, "who"), "attendees")))
			return rc;
	json_array_foreach(json_object_get(rec, "agenda"), i, v)
		if ((rc = ref_staff(staff, jstr(v, "owner"), "agenda owner")))
			return rc;
	json_array_foreach(json_object_get(rec, "actions"), i, v)
		if ((rc = ref_staff(staff, jstr(v, "owner"), "action owner")))
			return rc;
	for (int l = 0; json_is_object(m) && lists[l]; l++)
		json_array_foreach(json_object_get(m, lists[l]), i, v)
			if ((rc = ref_staff(staff, json_string_value(v),
					    lists[l])))
				return rc;
	return service_check_refs(staff, json_object_get(rec, "service"));
}
