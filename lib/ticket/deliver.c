/*
 * Delivery of notices after the commit that recorded them: the notifier
 * runs with the store lock released, and the notified events follow in a
 * second commit (DESIGN §4, §5).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "plaindesk/deliver.h"
#include "plaindesk/escalate.h"
#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

void
outbox_init(struct outbox *o)
{
	memset(o, 0, sizeof(*o));
	strlist_init(&o->changed);
	strlist_init(&o->problems);
}

void
outbox_release(struct outbox *o)
{
	free(o->items);
	strlist_release(&o->changed);
	strlist_release(&o->problems);
	memset(o, 0, sizeof(*o));
}

/* A problem for standard error (takes msg). */
static void
note(struct outbox *o, char *msg)
{
	strlist_add_owned(&o->problems, msg);
}

static int
event_is_notice(json_t *ev)
{
	const char *type = jstr(ev, "type");

	return type && (!strcmp(type, "warn") || !strcmp(type, "escalate") ||
			!strcmp(type, "notice"));
}

/* The index of event id in rec's events, or -1. */
static long
event_index(json_t *rec, const char *id)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, ev)
		if (jstr(ev, "id") && !strcmp(jstr(ev, "id"), id))
			return (long)i;
	return -1;
}

/* Has event id of rec a notified event? */
static int
is_notified(json_t *rec, const char *id)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, ev)
		if (jstr(ev, "type") && !strcmp(jstr(ev, "type"), "notified") &&
		    jstr(ev, "event") && !strcmp(jstr(ev, "event"), id))
			return 1;
	return 0;
}

/* Is the notice queued?  A record's notices are queued together, last. */
static int
queued(const struct outbox *o, const char *id, const char *event)
{
	for (size_t i = o->n; i-- > 0 && !strcmp(o->items[i].id, id);)
		if (!strcmp(o->items[i].event, event))
			return 1;
	return 0;
}

void
outbox_collect(struct outbox *o, json_t *rec)
{
	const char *id = jstr(rec, "id");
	json_t *ev;
	size_t i;

	if (!id || strlen(id) != ID_LEN)
		return;
	json_array_foreach(json_object_get(rec, "events"), i, ev) {
		const char *evid = jstr(ev, "id");

		if (!event_is_notice(ev) || !evid || strlen(evid) >= 16 ||
		    is_notified(rec, evid) || queued(o, id, evid))
			continue;
		if (o->n == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 16;
			o->items = xrealloc(o->items, o->cap * sizeof(*o->items));
		}
		memcpy(o->items[o->n].id, id, ID_LEN + 1);
		snprintf(o->items[o->n].event, sizeof(o->items[o->n].event),
			 "%s", evid);
		o->n++;
	}
}

void
outbox_collect_ids(struct outbox *o, struct store *st,
		   const struct strlist *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		json_t *rec;

		if (strlen(ids->items[i]) != ID_LEN)
			continue;
		if (store_load_record(st, ids->items[i], &rec) == 0) {
			outbox_collect(o, rec);
			json_decref(rec);
		}
		pd_clear_error();
	}
}

static json_t *
meeting_notice(struct store *st, json_t *rec, size_t index)
{
	json_t *ev = json_array_get(json_object_get(rec, "events"), index);
	json_t *recipients = json_array(), *v, *o, *action = NULL, *a;
	const char *act = jstr(ev, "action");
	struct sbuf doc, clean;
	size_t i;

	json_array_foreach(json_object_get(ev, "recipients"), i, v)
		json_array_append_new(recipients, staff_notice_json(st,
					json_string_value(v)));
	json_array_foreach(json_object_get(rec, "actions"), i, a)
		if (act && jstr(a, "id") && !strcmp(jstr(a, "id"), act))
			action = a;
	sbuf_init(&doc);
	sbuf_init(&clean);
	if (meeting_render(st, rec, "minutes.txt", &doc) == 0)
		text_add_clean(&clean, doc.buf ? doc.buf : "", 0);
	o = json_object();
	json_object_set_new(o, "event", json_string(jstr(ev, "id")));
	json_object_set_new(o, "type", json_string(jstr(ev, "kind")));
	json_object_set_new(o, "meeting", json_string(jstr(rec, "id")));
	json_object_set_new(o, "title", json_string(jstr(rec, "title")));
	json_object_set_new(o, "action", act ? json_string(act) : json_null());
	json_object_set_new(o, "due", jstr(ev, "due") ?
			    json_string(jstr(ev, "due")) : json_null());
	json_object_set_new(o, "text", action && jstr(action, "text") ?
			    json_string(jstr(action, "text")) : json_null());
	json_object_set_new(o, "recipients", recipients);
	json_object_set_new(o, "document", clean.buf ? json_string(clean.buf)
						     : json_null());
	sbuf_release(&doc);
	sbuf_release(&clean);
	return o;
}

/* Load record id as it is now (a ticket or a meeting): 0 or an error. */
static int
load_record(struct store *st, const char *id, json_t **rec)
{
	if (id[0] == 'M')
		return meeting_load(st, id, rec, NULL);
	return ticket_load(st, id, rec, NULL);
}

/* Run the notifier for one notice: 1 if it was delivered. */
static int
deliver_one(struct outbox *o, struct store *st, const struct notifier *n,
	    const struct outbox_item *it)
{
	json_t *rec = NULL, *notice;
	struct sbuf in;
	char *text;
	long i;
	int ok;

	if (load_record(st, it->id, &rec)) {
		note(o, xasprintf("cannot deliver %s of %s: %s", it->event,
				  it->id, pd_errmsg()));
		return 0;
	}
	/* Gone, or delivered by another command meanwhile. */
	if ((i = event_index(rec, it->event)) < 0 ||
	    is_notified(rec, it->event)) {
		json_decref(rec);
		return 0;
	}
	if (it->id[0] == 'M')
		notice = meeting_notice(st, rec, (size_t)i);
	else if (!strcmp(jstr(json_array_get(json_object_get(rec, "events"),
					     (size_t)i), "type"), "notice"))
		notice = customer_notice(st, rec, (size_t)i);
	else
		notice = escalation_notice(st, rec, (size_t)i);
	text = json_dumps(notice, JSON_COMPACT);
	json_decref(notice);
	sbuf_init(&in);
	sbuf_adds(&in, text);
	sbuf_addc(&in, '\n');
	free(text);
	ok = notify_run(n->command, st->root, in.buf, in.len, n->timeout) == 0;
	if (!ok) {
		note(o, xasprintf("notifier failed for %s of %s: %s; it is tried again on the next run",
				  it->event, it->id, pd_errmsg()));
		o->failed++;
	}
	sbuf_release(&in);
	json_decref(rec);
	return ok;
}

/* Append a notified event for notice event of rec, staged into c. */
static int
add_notified(struct store *st, json_t *rec, const char *event,
	     const struct actor *a, struct change *c)
{
	json_t *ev = json_pack("{s:s, s:s, s:s}", "type", "notified", "event",
			       event, "channel", "notify");

	if (jstr(rec, "id")[0] == 'M')
		return meeting_append_event(st, rec, ev, a, c);
	return ticket_append_event(st, rec, ev, a, st->now, c, NULL);
}

/*
 * Stage a notified event for each delivered notice into c: each record
 * is read once and takes all of its own, so that none is lost.
 */
static void
record_deliveries(struct outbox *o, struct store *st, const struct actor *a,
		  struct change *c, const struct outbox_item *done,
		  size_t ndone)
{
	for (size_t k = 0; k < ndone; k++) {
		const char *id = done[k].id;
		json_t *rec = NULL;
		int rc, seen = 0, added = 0;

		for (size_t j = 0; j < k; j++)
			seen |= !strcmp(done[j].id, id);
		if (seen)
			continue;
		if ((rc = load_record(st, id, &rec))) {
			note(o, xasprintf("the delivery of notices of %s cannot be recorded: %s; they are sent again on the next run",
					  id, pd_errmsg()));
			continue;
		}
		for (size_t j = k; j < ndone && !rc; j++) {
			if (strcmp(done[j].id, id) ||
			    is_notified(rec, done[j].event))
				continue;
			if ((rc = add_notified(st, rec, done[j].event, a, c)))
				note(o, xasprintf("the delivery of %s of %s cannot be recorded: %s; it is sent again on the next run",
						  done[j].event, id,
						  pd_errmsg()));
			else
				added++;
		}
		/* What was staged before a failure stands; one record that
		 * cannot take them does not stop the others. */
		json_decref(rec);
		o->notified += added;
		if (added && !strlist_has(&o->changed, id))
			strlist_add(&o->changed, id);
	}
}

void
outbox_deliver(struct outbox *o, struct store *st, const struct notifier *n,
	       const struct actor *a, const char *command)
{
	struct outbox_item *done;
	struct change c;
	size_t ndone = 0;
	char *subject;
	int lockfd;

	if (!n || !n->command || o->n == 0)
		return;
	store_unlock(st);
	/* Two deliveries are kept apart, so that a notice is not handed
	 * to the notifier twice by two commands that both found it
	 * undelivered. */
	if ((lockfd = store_side_lock(st, "plaindesk-notify.lock", -1)) < 0) {
		note(o, xasprintf("the delivery lock is held by another command (or cannot be opened); %zu notice%s left for the next run",
				  o->n, o->n == 1 ? "" : "s"));
		return;
	}
	done = xcalloc(o->n, sizeof(*done));
	for (size_t i = 0; i < o->n; i++) {
		const struct outbox_item *it = &o->items[i];
		int again = 0;

		/* A notice queued twice is handed over once (a record's
		 * notices are queued together). */
		for (size_t j = i; j-- > 0 && !again &&
		     !strcmp(o->items[j].id, it->id);)
			again = !strcmp(o->items[j].event, it->event);
		if (!again && deliver_one(o, st, n, it))
			done[ndone++] = *it;
	}
	if (ndone > 0 && (store_lock(st) || vcs_recover(st))) {
		note(o, xasprintf(pd_ngettext("the delivery of %zu notice cannot be recorded: %s; it is sent again on the next run",
					      "the delivery of %zu notices cannot be recorded: %s; they are sent again on the next run",
					      ndone), ndone, pd_errmsg()));
	} else if (ndone > 0) {
		change_init(&c, st, command);
		record_deliveries(o, st, a, &c, done, ndone);
		subject = xasprintf("%s: %d notified", command, o->notified);
		if (c.nfiles > 0 && change_commit(&c, a, subject)) {
			note(o, xasprintf("the delivery of %d notice%s cannot be recorded: %s; %s sent again on the next run",
					  o->notified,
					  o->notified == 1 ? "" : "s",
					  pd_errmsg(), o->notified == 1 ?
					  "it is" : "they are"));
			o->notified = 0;
			strlist_release(&o->changed);
			strlist_init(&o->changed);
		}
		free(subject);
		change_release(&c);
	}
	pd_clear_error();
	free(done);
	close(lockfd);
}
