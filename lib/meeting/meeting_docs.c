/*
 * What is made from a meeting for people: the template context behind the
 * agenda and minutes documents, the calendar invitation, and the text of
 * `mtg-plan show`.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/invite.h"
#include "plaindesk/meetings.h"
#include "plaindesk/record.h"
#include "plaindesk/render.h"
#include "plaindesk/text.h"


/* "2026-11-23", "10:00", "Mon"/"周一" of a time, local to the store. */
static void
local_parts(time_t t, const char *locale, char date[16], char hm[16],
	    const char **weekday)
{
	static const char *const en[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const zh[] = {
		"周日", "周一", "周二", "周三", "周四", "周五", "周六"
	};
	struct tm tm;

	localtime_r(&t, &tm);
	date_format(time_day(t), date);
	snprintf(hm, 16, "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
	*weekday = (!strcmp(locale, "zh-CN") ? zh : en)[tm.tm_wday];
}

/* {id, name, label: "Name (id)"} of a staff member. */
static json_t *
person(struct store *st, const char *id)
{
	const char *name = meeting_staff_name(st, id);
	char *label = strcmp(name, id) ? xasprintf("%s (%s)", name, id)
				       : xstrdup(id);
	json_t *p = json_pack("{s:s, s:s, s:s}", "id", id, "name", name,
			      "label", label);

	free(label);
	return p;
}

/* A list of people and their labels joined by ", ". */
static json_t *
people(struct store *st, json_t *ids, char **joined)
{
	json_t *list = json_array(), *v;
	struct sbuf sb;
	size_t i;

	sbuf_init(&sb);
	sbuf_adds(&sb, "");
	json_array_foreach(ids, i, v) {
		json_t *p = person(st, json_string_value(v));

		sbuf_addf(&sb, "%s%s", i ? ", " : "", jstr(p, "label"));
		json_array_append_new(list, p);
	}
	*joined = sbuf_detach(&sb, NULL);
	return list;
}

static void
set_string(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s ? s : ""));
}

static void
set_owned(json_t *o, const char *key, char *s)
{
	json_object_set_new(o, key, json_string(s));
	free(s);
}

/* When the room is known: its name, location, capacity, equipment. */
static json_t *
room_context(struct store *st, const char *id)
{
	struct csvtab *rooms;
	long r = -1;
	json_t *o = json_object();

	set_string(o, "id", id);
	if (!store_register(st, REG_ROOMS, &rooms))
		r = csvtab_find(rooms, "id", id);
	set_string(o, "name", r >= 0 ? csvtab_get(rooms, (size_t)r, "name") : id);
	set_string(o, "location", r >= 0 ?
		   csvtab_get(rooms, (size_t)r, "location") : "");
	set_string(o, "capacity", r >= 0 ?
		   csvtab_get(rooms, (size_t)r, "capacity") : "");
	set_string(o, "equipment", r >= 0 ?
		   csvtab_get(rooms, (size_t)r, "equipment") : "");
	return o;
}

static void
set_time(json_t *o, const char *prefix, time_t t, const char *locale)
{
	char date[16], hm[16], key[64], buf[TIME_BUFSZ];
	const char *wd;

	if (!t) {
		snprintf(key, sizeof(key), "%s", prefix);
		set_string(o, key, "");
		return;
	}
	local_parts(t, locale, date, hm, &wd);
	snprintf(key, sizeof(key), "%s", prefix);
	set_string(o, key, time_format(t, buf));
	snprintf(key, sizeof(key), "%s_date", prefix);
	set_string(o, key, date);
	snprintf(key, sizeof(key), "%s_time", prefix);
	set_string(o, key, hm);
	snprintf(key, sizeof(key), "%s_weekday", prefix);
	set_string(o, key, wd);
	snprintf(key, sizeof(key), "%s_local", prefix);
	set_owned(o, key, xasprintf("%s %s", date, hm));
}

/* The agenda items with their outcomes and notes when recorded. */
static json_t *
agenda_context(struct store *st, json_t *rec, const char *locale)
{
	json_t *list = json_array(), *item;
	json_t *items = json_object_get(json_object_get(rec, "minutes"),
					"items");
	size_t i;

	json_array_foreach(json_object_get(rec, "agenda"), i, item) {
		json_t *o = json_object(), *m = json_array_get(items, i);
		const char *outcome = m ? jstr(m, "outcome") : "";
		const char *notes = m && jstr(m, "notes") ? jstr(m, "notes") : "";

		json_object_set(o, "n", json_object_get(item, "n"));
		set_string(o, "topic", jstr(item, "topic"));
		set_string(o, "goal", jstr(item, "goal"));
		set_string(o, "goal_label", meeting_label(locale, "goal",
							  jstr(item, "goal")));
		json_object_set(o, "minutes", json_object_get(item, "minutes"));
		json_object_set_new(o, "owner", person(st, jstr(item, "owner")));
		set_string(o, "outcome", outcome);
		set_string(o, "outcome_label", *outcome ?
			   meeting_label(locale, "outcome", outcome) : "");
		set_string(o, "notes", notes);
		set_owned(o, "notes_md", md_escape_block(notes, ""));
		json_object_set_new(o, "has_notes", json_boolean(*notes));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *
actions_context(struct store *st, json_t *rec)
{
	json_t *list = json_array(), *a;
	size_t i;

	json_array_foreach(json_object_get(rec, "actions"), i, a) {
		json_t *o = json_object(), *owner = person(st, jstr(a, "owner"));
		const char *done = jstr(a, "done_at");

		set_string(o, "id", jstr(a, "id"));
		json_object_set_new(o, "n", json_integer((json_int_t)i + 1));
		set_string(o, "text", jstr(a, "text"));
		set_owned(o, "text_cell", md_escape_cell(jstr(a, "text")));
		set_owned(o, "owner_cell", md_escape_cell(jstr(owner, "label")));
		json_object_set_new(o, "owner", owner);
		set_string(o, "due", jstr(a, "due"));
		set_string(o, "expected", jstr(a, "expected"));
		set_owned(o, "expected_cell",
			  md_escape_cell(jstr(a, "expected")));
		set_string(o, "done_at", done);
		json_object_set_new(o, "done", json_boolean(done != NULL));
		json_object_set_new(o, "done_late",
				    json_boolean(action_done_late(a)));
		json_object_set_new(o, "overdue",
				    json_boolean(action_overdue(a, st->now)));
		set_string(o, "note", jstr(a, "note"));
		json_array_append_new(list, o);
	}
	return list;
}

static void
minutes_context(struct store *st, json_t *rec, json_t *ctx,
		const char *locale)
{
	static const char *const lists[] = {"present", "absent", "late", NULL};
	json_t *m = json_object_get(rec, "minutes"), *o = json_object(), *d;
	json_t *decisions = json_array();
	time_t started = jtime(m, "started_at"), ended = jtime(m, "ended_at");
	size_t i;

	set_time(o, "started_at", started, locale);
	set_time(o, "ended_at", ended, locale);
	json_object_set_new(o, "duration_min", started && ended ?
		json_integer((ended - started) / 60) : json_null());
	for (int l = 0; lists[l]; l++) {
		char *joined, key[32];

		json_object_set_new(o, lists[l], people(st,
			json_object_get(m, lists[l]), &joined));
		snprintf(key, sizeof(key), "%s_text", lists[l]);
		set_owned(o, key, joined);
	}
	json_object_set_new(ctx, "minutes", o);
	json_array_foreach(json_object_get(m, "decisions"), i, d) {
		json_t *x = json_object();

		set_string(x, "text", json_string_value(d));
		set_owned(x, "md", md_escape_block(json_string_value(d), "  "));
		json_array_append_new(decisions, x);
	}
	json_object_set_new(ctx, "has_decisions",
			    json_boolean(json_array_size(decisions)));
	json_object_set_new(ctx, "decisions", decisions);
}

static void
feedback_context(struct store *st, json_t *rec, json_t *ctx)
{
	json_t *list = json_array(), *f;
	double sum = 0;
	size_t i, n = 0;

	json_array_foreach(json_object_get(rec, "feedback"), i, f) {
		json_t *o = json_object();

		json_object_set_new(o, "by", person(st, jstr(f, "by")));
		json_object_set(o, "score", json_object_get(f, "score"));
		set_string(o, "comment", jstr(f, "comment"));
		set_string(o, "at", jstr(f, "at"));
		json_array_append_new(list, o);
		sum += (double)jint(f, "score", 0);
		n++;
	}
	json_object_set_new(ctx, "feedback", list);
	json_object_set_new(ctx, "has_feedback", json_boolean(n > 0));
	if (n)
		set_owned(ctx, "feedback_avg", xasprintf("%.1f", sum / (double)n));
}

json_t *
meeting_context(struct store *st, json_t *rec)
{
	const char *locale = st->cfg.locale;
	json_t *ctx = json_object(), *att, *req = json_array(),
	       *opt = json_array(), *all = json_array(), *v, *state;
	struct sbuf rq, op;
	char buf[TIME_BUFSZ];
	time_t published;
	size_t i;

	state = json_object_get(rec, "state");
	set_string(ctx, "id", jstr(rec, "id"));
	set_string(ctx, "locale", locale);
	set_string(ctx, "type", jstr(rec, "type"));
	set_string(ctx, "type_label", meeting_label(locale, "type",
						    jstr(rec, "type")));
	set_string(ctx, "title", jstr(rec, "title"));
	set_string(ctx, "status", jstr(state, "status"));
	set_string(ctx, "status_label", meeting_label(locale, "status",
						      jstr(state, "status")));
	json_object_set_new(ctx, "organizer",
			    person(st, jstr(rec, "organizer")));
	set_time(ctx, "start", meeting_start(rec), locale);
	set_time(ctx, "end", meeting_end(rec), locale);
	set_string(ctx, "timezone", st->cfg.timezone);
	json_object_set(ctx, "duration_min",
			json_object_get(rec, "duration_min"));
	json_object_set_new(ctx, "room", room_context(st, jstr(rec, "room")));
	json_object_set(ctx, "ad_hoc", json_object_get(rec, "ad_hoc"));
	set_string(ctx, "reason", jstr(rec, "reason"));
	json_object_set(ctx, "sequence", json_object_get(rec, "sequence"));
	sbuf_init(&rq);
	sbuf_init(&op);
	sbuf_adds(&rq, "");
	sbuf_adds(&op, "");
	json_array_foreach(json_object_get(rec, "attendees"), i, att) {
		json_t *p = person(st, jstr(att, "who"));
		int required = json_is_true(json_object_get(att, "required"));
		struct sbuf *sb = required ? &rq : &op;

		sbuf_addf(sb, "%s%s", sb->len ? ", " : "", jstr(p, "label"));
		json_array_append(required ? req : opt, p);
		json_object_set_new(p, "required", json_boolean(required));
		json_array_append_new(all, p);
	}
	json_object_set_new(ctx, "attendees", all);
	json_object_set_new(ctx, "required", req);
	json_object_set_new(ctx, "optional", opt);
	set_owned(ctx, "required_text", sbuf_detach(&rq, NULL));
	set_owned(ctx, "optional_text", sbuf_detach(&op, NULL));
	json_object_set_new(ctx, "has_optional",
			    json_boolean(json_array_size(opt)));
	json_object_set_new(ctx, "agenda", agenda_context(st, rec, locale));
	json_object_set_new(ctx, "agenda_minutes",
			    json_integer(meeting_agenda_minutes(rec)));
	json_object_set(ctx, "materials", json_object_get(rec, "materials"));
	json_object_set_new(ctx, "has_materials", json_boolean(
		json_array_size(json_object_get(rec, "materials"))));
	v = json_object_get(state, "approved_by");
	json_object_set_new(ctx, "approved_by", json_is_string(v) ?
			    person(st, json_string_value(v)) : json_null());
	set_time(ctx, "agenda_sent_at", jtime(state, "agenda_sent_at"), locale);
	published = jtime(state, "published_at");
	set_time(ctx, "published_at", published, locale);
	json_object_set_new(ctx, "recorded", json_boolean(
		json_is_object(json_object_get(rec, "minutes"))));
	minutes_context(st, rec, ctx, locale);
	json_object_set_new(ctx, "actions", actions_context(st, rec));
	json_object_set_new(ctx, "has_actions", json_boolean(
		json_array_size(json_object_get(rec, "actions"))));
	feedback_context(st, rec, ctx);
	set_string(ctx, "generated_at", time_format(st->now, buf));
	return ctx;
}

int
meeting_render(struct store *st, json_t *rec, const char *name,
	       struct sbuf *out)
{
	json_t *ctx;
	char *tmpl;
	int rc;

	if ((rc = render_load_template(st->root, st->cfg.locale, name, &tmpl)))
		return rc;
	ctx = meeting_context(st, rec);
	rc = render_template(tmpl, ctx, str_endswith(name, ".html") ?
			     RENDER_HTML : str_endswith(name, ".md") ?
			     RENDER_MARKDOWN : RENDER_PLAIN, out);
	if (rc) {
		char *msg = xstrdup(pd_errmsg());

		pd_error(rc, "%s: %s", name, msg);
		free(msg);
	}
	json_decref(ctx);
	free(tmpl);
	return rc;
}

/* A URL a calendar can attach (the other materials are in the text). */
static int
is_url(const char *s)
{
	return str_startswith(s, "https://") || str_startswith(s, "http://");
}

/* What an invitation says a person is: name, e-mail, required. */
static int
invite_person(struct store *st, const char *who, int required,
	      struct invite_person *p)
{
	p->name = meeting_staff_name(st, who);
	p->email = meeting_staff_email(st, who);
	p->required = required;
	if (!p->email || !*p->email) {
		pd_error(PD_EDATA, "staff member %s has no e-mail address for the invitation",
			 who);
		pd_hint("add it to registers/staff.csv");
		return PD_EDATA;
	}
	return 0;
}

/*
 * The calendar message of rec for people (n of them): a REQUEST, a
 * CANCEL of the meeting, or a CANCEL to those people only (uninvite),
 * with comment.
 */
static int
make_invite(struct store *st, json_t *rec, struct invite *inv,
	    const struct invite_person *people, size_t n, char **ics,
	    size_t *len)
{
	json_t *m = json_object_get(rec, "materials"), *a;
	const char **urls;
	struct sbuf desc, where;
	size_t i, nurls = 0;
	char *uid;
	int rc;

	if ((rc = invite_person(st, jstr(rec, "organizer"), 1,
				&inv->organizer)))
		return pd_error(rc, "the organizer: %s", pd_errmsg());
	urls = xcalloc(json_array_size(m) + 1, sizeof(*urls));
	json_array_foreach(m, i, a)
		if (is_url(json_string_value(a)))
			urls[nurls++] = json_string_value(a);
	sbuf_init(&desc);
	sbuf_init(&where);
	if ((rc = meeting_render(st, rec, "invite.txt", &desc)))
		goto out;
	{
		json_t *room = room_context(st, jstr(rec, "room"));

		sbuf_adds(&where, jstr(room, "name"));
		if (*jstr(room, "location"))
			sbuf_addf(&where, ", %s", jstr(room, "location"));
		json_decref(room);
	}
	uid = xasprintf("%s@plaindesk", jstr(rec, "id"));
	inv->uid = uid;
	inv->sequence = (long)jint(rec, "sequence", 0);
	inv->tzid = st->cfg.timezone;
	inv->start = meeting_start(rec);
	inv->end = meeting_end(rec);
	inv->stamp = st->now;
	inv->summary = jstr(rec, "title");
	inv->description = desc.buf;
	inv->location = where.buf;
	inv->attendees = people;
	inv->nattendees = n;
	inv->attach = urls;
	inv->nattach = nurls;
	rc = invite_ics(inv, ics, len);
	free(uid);
out:
	sbuf_release(&desc);
	sbuf_release(&where);
	free(urls);
	return rc;
}

/* The reason of rec's last cancel event, or NULL. */
static const char *
cancel_reason(json_t *rec)
{
	json_t *e;
	const char *reason = NULL;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e)
		if (jstr(e, "type") && !strcmp(jstr(e, "type"), "cancel"))
			reason = jstr(e, "reason");
	return reason;
}

int
meeting_invite(struct store *st, json_t *rec, int cancel, char **ics,
	       size_t *len)
{
	json_t *attendees = json_object_get(rec, "attendees"), *a;
	size_t n = json_array_size(attendees), i;
	struct invite_person *people = xcalloc(n + 1, sizeof(*people));
	struct invite inv;
	int rc = 0;

	*ics = NULL;
	memset(&inv, 0, sizeof(inv));
	json_array_foreach(attendees, i, a)
		if (!rc)
			rc = invite_person(st, jstr(a, "who"), json_is_true(
				json_object_get(a, "required")), &people[i]);
	inv.cancel = cancel;
	inv.comment = cancel ? cancel_reason(rec) : NULL;
	if (!rc)
		rc = make_invite(st, rec, &inv, people, n, ics, len);
	free(people);
	return rc;
}

/*
 * Whom the updates since the send before the last one took off the
 * attendees and who are not attendees (or the organizer) again now:
 * they had an invitation and must hear that it no longer holds.
 */
static void
removed_attendees(json_t *rec, struct strlist *out)
{
	json_t *events = json_object_get(rec, "events"), *e, *v;
	size_t i, j, n = json_array_size(events), from = 0;
	const char *org = jstr(rec, "organizer");

	/* The updates after the send before the one just made. */
	for (i = n; i-- > 0;) {
		e = json_array_get(events, i);
		if (jstr(e, "type") && !strcmp(jstr(e, "type"), "send") &&
		    i + 1 < n) {
			from = i + 1;
			break;
		}
	}
	for (i = from; i < n; i++) {
		e = json_array_get(events, i);
		if (!jstr(e, "type") || strcmp(jstr(e, "type"), "update"))
			continue;
		json_array_foreach(json_object_get(e, "removed"), j, v) {
			const char *who = json_string_value(v);

			if (who && !meeting_has_attendee(rec, who) &&
			    strcmp(who, org ? org : "") &&
			    !strlist_has(out, who))
				strlist_add(out, who);
		}
	}
}

int
meeting_uninvite(struct store *st, json_t *rec, char **ics, size_t *len,
		 struct strlist *skipped)
{
	struct strlist gone;
	struct invite_person *people;
	struct invite inv;
	size_t n = 0;
	int rc = 0;

	*ics = NULL;
	*len = 0;
	strlist_init(&gone);
	removed_attendees(rec, &gone);
	people = xcalloc(gone.n + 1, sizeof(*people));
	/* Someone who left with their address is skipped, not a reason to
	 * hold back everyone else's agenda. */
	for (size_t i = 0; i < gone.n; i++) {
		if (invite_person(st, gone.items[i], 0, &people[n]) == 0)
			n++;
		else
			strlist_add(skipped, gone.items[i]);
	}
	pd_clear_error();
	memset(&inv, 0, sizeof(inv));
	inv.uninvite = 1;
	inv.comment = _("You are no longer invited to this meeting.");
	if (n > 0)
		rc = make_invite(st, rec, &inv, people, n, ics, len);
	free(people);
	strlist_release(&gone);
	return rc;
}

/* "key: value" lines of the show text, values cleaned for a terminal. */
static void
show_line(struct sbuf *out, const char *label, const char *value)
{
	size_t lead = strspn(label, " "), w;
	const char *l = pd_label("show", label + lead);

	w = lead + text_width(l);
	sbuf_addf(out, "%.*s%s%*s ", (int)lead, label, l,
		  w < 10 ? (int)(10 - w) : 0, "");
	text_add_clean(out, value ? value : "", 1);
	sbuf_addc(out, '\n');
}

static void
show_block(struct sbuf *out, const char *indent, const char *text)
{
	struct sbuf clean;
	const char *p;

	sbuf_init(&clean);
	text_add_clean(&clean, text, 0);
	for (p = clean.buf ? clean.buf : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		sbuf_adds(out, indent);
		sbuf_add(out, p, n);
		sbuf_addc(out, '\n');
		p += n + (nl ? 1 : 0);
	}
	sbuf_release(&clean);
}

/* Shows a deadline stamp, marked late when it came after its due time. */
static void
show_stamp(struct sbuf *out, const char *label, const char *stamp, int late)
{
	char *s = xasprintf("%s%s", stamp, late ? _(" (late)") : "");

	show_line(out, label, s);
	free(s);
}

/* Writes a line built by the caller, cleaned for the terminal, and frees it. */
static void
show_owned_text(struct sbuf *out, char *s)
{
	text_add_clean(out, s, 1);
	sbuf_addc(out, '\n');
	free(s);
}

/* Writes the head of a meeting's description: what, when, where and who. */
static void
describe_header(struct store *st, json_t *rec, json_t *ctx, struct sbuf *out)
{
	json_t *state = json_object_get(rec, "state"), *v;
	char *s;

	show_line(out, "id", jstr(ctx, "id"));
	show_line(out, "title", jstr(ctx, "title"));
	show_line(out, "type", pd_label("type", jstr(ctx, "type")));
	s = xasprintf("%s%s", pd_label("status", jstr(ctx, "status")),
		      json_is_true(json_object_get(rec, "ad_hoc")) ?
		      _(" (ad hoc)") : "");
	show_line(out, "status", s);
	free(s);
	s = xasprintf(_("%s %s %s-%s (%lld min, %s)"), jstr(ctx, "start_date"),
		      jstr(ctx, "start_weekday"), jstr(ctx, "start_time"),
		      jstr(ctx, "end_time"), jint(rec, "duration_min", 0),
		      st->cfg.timezone);
	show_line(out, "when", s);
	free(s);
	v = json_object_get(ctx, "room");
	s = xasprintf(_("%s %s%s%s (capacity %s)"), jstr(v, "id"), jstr(v, "name"),
		      *jstr(v, "location") ? ", " : "", jstr(v, "location"),
		      *jstr(v, "capacity") ? jstr(v, "capacity") : "?");
	show_line(out, "room", s);
	free(s);
	show_line(out, "organizer",
		  jstr(json_object_get(ctx, "organizer"), "label"));
	show_line(out, "required", jstr(ctx, "required_text"));
	show_line(out, "optional", jstr(ctx, "optional_text"));
	if (json_is_true(json_object_get(rec, "ad_hoc")))
		show_line(out, "reason", jstr(rec, "reason"));
	if (json_is_string(json_object_get(state, "approved_by")))
		show_line(out, "approved", jstr(state, "approved_by"));
	s = xasprintf("%lld", jint(rec, "sequence", 0));
	show_line(out, "sequence", s);
	free(s);
	if (*jstr(ctx, "agenda_sent_at"))
		show_stamp(out, "agenda sent", jstr(ctx, "agenda_sent_at"),
			   jtime(state, "agenda_sent_at") >
			   meeting_due(&st->cfg, MEETING_AGENDA, rec));
}

/* Writes the agenda items with their notes, then the materials. */
static void
describe_agenda(json_t *rec, json_t *ctx, struct sbuf *out)
{
	json_t *v;
	char *s;
	size_t i;

	sbuf_addf(out, _("\nagenda (%lld of %lld min):\n"),
		  (long long)meeting_agenda_minutes(rec),
		  jint(rec, "duration_min", 0));
	json_array_foreach(json_object_get(ctx, "agenda"), i, v) {
		s = xasprintf(_("  %lld. %s [%s, %lld min, %s]%s%s"),
			      jint(v, "n", 0), jstr(v, "topic"),
			      pd_label("goal", jstr(v, "goal")),
			      jint(v, "minutes", 0),
			      jstr(json_object_get(v, "owner"), "id"),
			      *jstr(v, "outcome") ? " -> " : "",
			      pd_label("outcome", jstr(v, "outcome")));
		show_owned_text(out, s);
		if (*jstr(v, "notes"))
			show_block(out, "     ", jstr(v, "notes"));
	}
	json_array_foreach(json_object_get(rec, "materials"), i, v) {
		if (i == 0)
			sbuf_adds(out, _("\nmaterials:\n"));
		show_block(out, "  ", json_string_value(v));
	}
}

/* Writes the minutes of a held meeting: attendance, decisions, publication. */
static void
describe_minutes(struct store *st, json_t *rec, json_t *ctx, struct sbuf *out)
{
	json_t *m = json_object_get(ctx, "minutes"), *v;
	char *s;
	size_t i;

	if (!json_is_true(json_object_get(ctx, "recorded")))
		return;
	sbuf_adds(out, _("\nminutes:\n"));
	s = xasprintf(_("%s - %s (%lld min)"), jstr(m, "started_at"),
		      jstr(m, "ended_at"), jint(m, "duration_min", 0));
	show_line(out, "  held", s);
	free(s);
	show_line(out, "  present", jstr(m, "present_text"));
	show_line(out, "  absent", jstr(m, "absent_text"));
	show_line(out, "  late", jstr(m, "late_text"));
	json_array_foreach(json_object_get(ctx, "decisions"), i, v) {
		if (i == 0)
			sbuf_adds(out, _("decisions:\n"));
		show_block(out, "  - ", jstr(v, "text"));
	}
	if (*jstr(ctx, "published_at"))
		show_stamp(out, "published", jstr(ctx, "published_at"),
			   jtime(json_object_get(rec, "state"), "published_at") >
			   meeting_due(&st->cfg, MEETING_MINUTES, rec));
}

/* Writes the action items with their owners, due dates and progress. */
static void
describe_actions(json_t *ctx, struct sbuf *out)
{
	json_t *v;
	char *s;
	size_t i;

	json_array_foreach(json_object_get(ctx, "actions"), i, v) {
		if (i == 0)
			sbuf_adds(out, _("\nactions:\n"));
		s = xasprintf(_("  %s %s due %s %s%s"), jstr(v, "id"),
			      jstr(json_object_get(v, "owner"), "id"),
			      jstr(v, "due"),
			      json_is_true(json_object_get(v, "done")) ? _("done") :
			      json_is_true(json_object_get(v, "overdue")) ?
			      _("OVERDUE") : _("open"),
			      "");
		text_add_clean(out, s, 1);
		sbuf_adds(out, ": ");
		text_add_clean(out, jstr(v, "text"), 1);
		sbuf_addc(out, '\n');
		free(s);
	}
}

/* Writes the attendees' feedback scores and the meeting's event history. */
static void
describe_feedback_events(json_t *rec, json_t *ctx, struct sbuf *out)
{
	json_t *v;
	char *s;
	size_t i;

	json_array_foreach(json_object_get(rec, "feedback"), i, v) {
		if (i == 0)
			sbuf_addf(out, _("\nfeedback (average %s):\n"),
				  jstr(ctx, "feedback_avg"));
		s = xasprintf("  %s %lld%s%s", jstr(v, "by"),
			      jint(v, "score", 0),
			      jstr(v, "comment") ? " " : "",
			      jstr(v, "comment") ? jstr(v, "comment") : "");
		show_owned_text(out, s);
	}
	sbuf_adds(out, _("\nevents:\n"));
	json_array_foreach(json_object_get(rec, "events"), i, v) {
		const char *extra = jstr(v, "message") ? jstr(v, "message") :
				    jstr(v, "reason") ? jstr(v, "reason") :
				    jstr(v, "action") ? jstr(v, "action") : "";

		s = xasprintf("  %s %s %-8s %s%s%s", jstr(v, "at"), jstr(v, "id"),
			      pd_label("event", jstr(v, "type")), jstr(v, "by"),
			      *extra ? ": " : "", extra);
		show_owned_text(out, s);
		if (jstr(v, "conflict")) {
			s = xasprintf(_("    allowed: %s"), jstr(v, "conflict"));
			show_owned_text(out, s);
		}
	}
}

/* Writes the organizer's and attendees' e-mail addresses. */
static void
describe_contacts(struct store *st, json_t *ctx, struct sbuf *out)
{
	json_t *v;
	size_t i;

	sbuf_adds(out, _("\ncontacts:\n"));
	for (i = 0, v = json_object_get(ctx, "organizer"); v;
	     v = json_array_get(json_object_get(ctx, "attendees"), i++)) {
		const char *email = meeting_staff_email(st, jstr(v, "id"));

		show_owned_text(out, xasprintf("  %s <%s>", jstr(v, "label"),
					       email && *email ? email : "-"));
	}
}

void
meeting_describe(struct store *st, json_t *rec, int show_contact,
		 struct sbuf *out)
{
	json_t *ctx = meeting_context(st, rec);

	describe_header(st, rec, ctx, out);
	if (show_contact)
		describe_contacts(st, ctx, out);
	describe_agenda(rec, ctx, out);
	describe_minutes(st, rec, ctx, out);
	describe_actions(ctx, out);
	describe_feedback_events(rec, ctx, out);
	json_decref(ctx);
}
