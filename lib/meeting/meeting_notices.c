/*
 * Meetings tell people too (DESIGN §5): the minutes notice that
 * publishing queues, and the reminders of open action items that
 * `mtg-minutes remind` queues, each a notice event of the meeting that
 * lib/ticket/deliver.c hands to the notifier.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/record.h"

/* Add staff member id to list when active, not twice. */
static void
add_active(struct store *st, json_t *list, const char *id)
{
	struct csvtab *staff;
	json_t *v;
	size_t i;
	long r;

	if (!id || store_register(st, REG_STAFF, &staff))
		return;
	r = csvtab_find(staff, "id", id);
	if (r < 0 || strcmp(csvtab_get(staff, (size_t)r, "active"), "yes"))
		return;
	json_array_foreach(list, i, v)
		if (!strcmp(json_string_value(v), id))
			return;
	json_array_append_new(list, json_string(id));
}

int
meeting_minutes_notice(struct store *st, json_t *rec, const struct actor *a,
		       struct change *c)
{
	json_t *recipients = json_array(), *att;
	size_t i;

	json_array_foreach(json_object_get(rec, "attendees"), i, att)
		add_active(st, recipients, jstr(att, "who"));
	add_active(st, recipients, jstr(rec, "organizer"));
	return meeting_append_event(st, rec, json_pack("{s:s, s:s, s:o}",
			"type", "notice", "kind", "minutes", "recipients",
			recipients), a, c);
}

/* Has rec a notice of kind about action id? */
static int
has_notice(json_t *rec, const char *kind, const char *id)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, e)
		if (jstr(e, "type") && !strcmp(jstr(e, "type"), "notice") &&
		    jstr(e, "kind") && !strcmp(jstr(e, "kind"), kind) &&
		    jstr(e, "action") && !strcmp(jstr(e, "action"), id))
			return 1;
	return 0;
}

/* The reminders of one meeting's open actions, staged into r->c. */
static int
remind_meeting(struct reminders *r, json_t *rec)
{
	json_t *actions = json_deep_copy(json_object_get(rec, "actions"));
	json_t *act;
	size_t i;
	int rc = 0;

	json_array_foreach(actions, i, act) {
		const char *id = jstr(act, "id");
		enum action_reminder what;
		json_t *recipients;

		if (!id)
			continue;
		what = action_reminder(&r->st->cfg.cal, act, r->st->now,
				       has_notice(rec, "action-due", id),
				       has_notice(rec, "action-overdue", id));
		if (what == REMIND_NONE)
			continue;
		/* The owner; an owner who left: the organizer. */
		recipients = json_array();
		add_active(r->st, recipients, jstr(act, "owner"));
		if (!json_array_size(recipients))
			add_active(r->st, recipients, jstr(rec, "organizer"));
		rc = meeting_append_event(r->st, rec, json_pack(
			"{s:s, s:s, s:s, s:s, s:o}", "type", "notice", "kind",
			what == REMIND_DUE ? "action-due" : "action-overdue",
			"action", id, "due", jstr(act, "due"), "recipients",
			recipients), r->a, r->c);
		if (rc)
			break;
		if (what == REMIND_DUE)
			r->due++;
		else
			r->overdue++;
		if (!strlist_has(&r->changed, jstr(rec, "id")))
			strlist_add(&r->changed, jstr(rec, "id"));
	}
	json_decref(actions);
	return rc;
}

/* One meeting of the reminder pass (a store_foreach callback). */
static int
remind_one(void *ctx, const char *rel, json_t *rec)
{
	struct reminders *r = ctx;
	struct meeting_state state;
	char *want;

	if (!rec) {
		strlist_add_owned(&r->problems, xasprintf("%s; skipped",
							  pd_errmsg()));
		return 0;
	}
	/* A record that could not be written back as it is is left alone,
	 * as the escalation pass leaves such tickets. */
	if (meeting_validate(rec)) {
		strlist_add_owned(&r->problems, xasprintf("%s: %s; skipped",
							  rel, pd_errmsg()));
		return 0;
	}
	want = id_relpath(jstr(rec, "id"));
	if (strcmp(want, rel) != 0) {
		/* xgettext:c-format */
		strlist_add_owned(&r->problems, xasprintf(
			_("%s: the record says it is '%s'; skipped"), rel,
			jstr(rec, "id")));
		free(want);
		return 0;
	}
	free(want);
	meeting_fold(rec, &state);
	if (state.status != MS_HELD && state.status != MS_PUBLISHED)
		return 0;
	return remind_meeting(r, rec);
}

void
reminders_init(struct reminders *r, struct store *st, const struct actor *a,
	       struct change *c)
{
	memset(r, 0, sizeof(*r));
	r->st = st;
	r->a = a;
	r->c = c;
	strlist_init(&r->changed);
	strlist_init(&r->problems);
}

void
reminders_release(struct reminders *r)
{
	strlist_release(&r->changed);
	strlist_release(&r->problems);
}

int
meeting_remind_pass(struct reminders *r)
{
	return store_foreach(r->st, 'M', 0, remind_one, r);
}
