/*
 * Knowledge-base articles on a store: writing one (by hand or from a
 * ticket), revising, publishing, reviewing and retiring it, each staged
 * into a change.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/erecord.h"
#include "plaindesk/i18n.h"
#include "plaindesk/kb.h"
#include "plaindesk/kbtext.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

void
kb_request_init(struct kb_request *r)
{
	memset(r, 0, sizeof(*r));
	strlist_init(&r->tags);
	strlist_init(&r->kinds);
	strlist_init(&r->categories);
	strlist_init(&r->causes);
}

void
kb_request_release(struct kb_request *r)
{
	strlist_release(&r->tags);
	strlist_release(&r->kinds);
	strlist_release(&r->categories);
	strlist_release(&r->causes);
}

static const char *
kb_mask_word(const struct store *st)
{
	return strcmp(st->cfg.locale, "zh-CN") ? "[removed]" : "[已隐去]";
}

/* A list of strings as JSON. */
static json_t *
list_json(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->items[i]));
	return a;
}

static const char *const list_names[] = {
	"tags", "kinds", "categories", "causes", NULL
};

/*
 * The request's text and values checked before anything is built, for
 * messages that name the option.
 */
static int
check_request(const struct kb_request *req)
{
	const char *text[] = {req->title, req->problem, req->solution,
			      req->reason, req->message};
	static const char *const names[] = {"title", "problem", "solution",
					    "reason", "message"};
	const struct strlist *lists[] = {&req->kinds, &req->categories,
					 &req->causes, &req->tags};
	const char *const *values[] = {ticket_kinds, complaint_categories,
				       ticket_causes};
	static const char *const what[] = {"kind", "category", "cause"};
	int rc;

	for (size_t i = 0; i < 5; i++) {
		if (text[i] && !*text[i])
			return pd_error(PD_EDATA, "%s: must not be empty",
					names[i]);
		if (text[i] && (rc = text_check(names[i], text[i], i == 0)))
			return rc;
	}
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < lists[i]->n; k++) {
			const char *v = lists[i]->items[k];

			if (i < 3 && (rc = enum_check(values[i], what[i], v)))
				return rc;
			if (!*v || (rc = text_check("tag", v, 1)))
				return *v ? rc : pd_error(PD_EDATA, "tag: must not be empty");
			for (size_t j = 0; j < k; j++)
				if (!strcmp(lists[i]->items[j], v))
					return pd_error(PD_EDATA, "'%s' given twice",
							v);
		}
	return 0;
}

/* The request's fields into ev: each given one (all with every). */
static void
put_fields(json_t *ev, const struct kb_request *req)
{
	const char *text[][2] = {
		{"title", req->title}, {"problem", req->problem},
		{"solution", req->solution}
	};
	const struct strlist *lists[] = {
		&req->tags, &req->kinds, &req->categories, &req->causes
	};

	for (size_t i = 0; i < 3; i++)
		if (text[i][1])
			json_object_set_new(ev, text[i][0],
					    json_string(text[i][1]));
	for (size_t i = 0; i < 4; i++)
		if (lists[i]->n)
			json_object_set_new(ev, list_names[i],
					    list_json(lists[i]));
}

/* s with every occurrence of what (when at least 2 bytes) replaced. */
static char *
replace_all(char *s, const char *what, const char *with)
{
	struct sbuf sb;
	const char *p = s, *hit;

	if (!what || strlen(what) < 2 || !strstr(s, what))
		return s;
	sbuf_init(&sb);
	while ((hit = strstr(p, what))) {
		sbuf_add(&sb, p, (size_t)(hit - p));
		sbuf_adds(&sb, with);
		p = hit + strlen(what);
	}
	sbuf_adds(&sb, p);
	free(s);
	return sbuf_detach(&sb, NULL);
}

/*
 * Text copied from a ticket: contact details masked, and the customer's
 * name, organisation, e-mail and phone from the register too.
 */
static char *
copy_masked(struct store *st, json_t *ticket, const char *text)
{
	static const char *const cols[] = {"name", "org", "email", "phone",
					   NULL};
	const char *word = kb_mask_word(st);
	char *s = kb_mask(text, word);
	struct csvtab *cust;
	long r;

	if (store_register(st, REG_CUSTOMERS, &cust) == 0 &&
	    (r = csvtab_find(cust, "id", jstr(ticket, "customer"))) >= 0)
		for (int i = 0; cols[i]; i++)
			s = replace_all(s, csvtab_get(cust, (size_t)r, cols[i]),
					word);
	return s;
}

/* json_string() of text that owns it (frees s). */
static json_t *
owned_string(char *s)
{
	json_t *v = json_string(s);

	free(s);
	return v;
}

/* The last event of type in ticket rec, or NULL. */
static json_t *
last_event(json_t *rec, const char *type)
{
	json_t *ev, *found = NULL;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, ev)
		if (jstr(ev, "type") && !strcmp(jstr(ev, "type"), type))
			found = ev;
	return found;
}

/* Fill ev from the ticket id_arg names; the request's fields win. */
static int
from_ticket(struct store *st, const char *id_arg, json_t *ev)
{
	char tid[ID_LEN + 1];
	struct ticket_state ts;
	json_t *rec, *res, *cause;
	const char *problem, *solution;
	int rc;

	if ((rc = id_resolve(st, 'T', id_arg, tid)) ||
	    (rc = ticket_load(st, tid, &rec, &ts)))
		return rc;
	if (ts.status != ST_RESOLVED && ts.status != ST_CLOSED) {
		rc = pd_error(PD_EDATA, "ticket %s is %s; an article is written from a resolved or closed ticket",
			      tid, pd_label("status",
					    ticket_status_name(ts.status)));
		json_decref(rec);
		return rc;
	}
	res = last_event(rec, "resolve");
	cause = last_event(rec, "cause");
	problem = jstr(rec, "description");
	solution = res ? jstr(res, "message") : NULL;
	if (!problem || !*problem)
		problem = jstr(rec, "title");
	if (!solution || !*solution)
		solution = res && jstr(res, "solution") ?
			   jstr(res, "solution") : "other";
	json_object_set_new(ev, "title", owned_string(
		copy_masked(st, rec, jstr(rec, "title"))));
	json_object_set_new(ev, "problem", owned_string(
		copy_masked(st, rec, problem)));
	json_object_set_new(ev, "solution", owned_string(
		copy_masked(st, rec, solution)));
	json_object_set_new(ev, "tags", json_array());
	json_object_set_new(ev, "kinds", json_pack("[s]", jstr(rec, "kind")));
	json_object_set_new(ev, "categories", jstr(rec, "category") ?
			    json_pack("[s]", jstr(rec, "category")) :
			    json_array());
	json_object_set_new(ev, "causes", cause && jstr(cause, "cause") ?
			    json_pack("[s]", jstr(cause, "cause")) :
			    json_array());
	json_object_set_new(ev, "source_tickets", json_pack("[s]", tid));
	json_decref(rec);
	return 0;
}

/* The state refolded and checked, then the record staged. */
static int
stage_article(json_t *rec, struct change *c)
{
	char *rel;
	int rc;

	json_object_set_new(rec, "state", kb_fold(rec));
	if ((rc = kb_validate(rec)))
		return rc;
	rel = id_relpath(jstr(rec, "id"));
	erecord_stage(c, rel, jstr(rec, "id"), rec);
	free(rel);
	return 0;
}

int
kb_new_stage(struct store *st, const struct kb_request *req,
	     const struct actor *a, struct change *c, char id[ID_LEN + 1],
	     char **subject)
{
	json_t *rec, *ev, *fields = json_object();
	int rc = 0;

	rc = check_request(req);
	if (!rc && req->from_ticket)
		rc = from_ticket(st, req->from_ticket, fields);
	else if (!rc && (!req->title || !req->problem || !req->solution))
		rc = pd_error(PD_EUSAGE, "new needs --title, --problem and --solution, or --from-ticket");
	if (rc) {
		json_decref(fields);
		return rc;
	}
	put_fields(fields, req);
	if ((rc = id_new(st, 'K', st->now, id))) {
		json_decref(fields);
		return rc;
	}
	rec = json_pack("{s:s, s:o, s:{}, s:[]}", "id", id, "created_at",
			json_time_or_null(st->now), "state", "events");
	ev = erecord_add_event(rec, "write", a->by, st->now);
	json_object_update(ev, fields);
	if (!json_object_get(ev, "source_tickets"))
		json_object_set_new(ev, "source_tickets", json_array());
	for (int i = 0; list_names[i]; i++)
		if (!json_object_get(ev, list_names[i]))
			json_object_set_new(ev, list_names[i], json_array());
	json_decref(fields);
	if (!(rc = erecord_attributes(st, c, "kb/**/*.json")) &&
	    !(rc = stage_article(rec, c)))
		*subject = xasprintf("%s new \"%s\"", id,
				     jstr(json_object_get(rec, "state"),
					  "title"));
	json_decref(rec);
	return rc;
}

int
kb_load(struct store *st, const char *id_arg, char id[ID_LEN + 1],
	json_t **rec)
{
	char *rel;
	int rc;

	if ((rc = id_resolve(st, 'K', id_arg, id)))
		return rc;
	rel = id_relpath(id);
	rc = erecord_load(st, rel, "article", id, rec);
	if (!rc && (rc = kb_validate(*rec))) {
		pd_error(rc, "%s: %s", rel, pd_errmsg());
		json_decref(*rec);
		*rec = NULL;
	}
	free(rel);
	return rc;
}

/* The fields of req that differ from the article's state, into ev. */
static int
revise_fields(json_t *state, const struct kb_request *req, json_t *ev)
{
	const char *key;
	json_t *v, *given = json_object();
	size_t changed = 0, n;

	put_fields(given, req);
	json_object_foreach(given, key, v)
		if (!json_equal(v, json_object_get(state, key))) {
			json_object_set(ev, key, v);
			changed++;
		}
	n = json_object_size(given);
	json_decref(given);
	if (changed)
		return 0;
	return pd_error(n ? PD_EDATA : PD_EUSAGE,
			"revise changes nothing (give --title, --problem, --solution, --tag, --kind, --category or --cause with new values)");
}

/* "cannot publish K-...: it is retired (allowed: ...)", by display names. */
static int
refuse_action(const char *action, const char *id, const char *status,
	      const char *allowed)
{
	char *copy = xstrdup(allowed), *save = NULL;
	const char *can[4];
	size_t n = 0;
	int rc;

	for (char *tok = strtok_r(copy, " ", &save); tok && n < 3;
	     tok = strtok_r(NULL, " ", &save))
		can[n++] = tok;
	can[n] = NULL;
	rc = pd_error(PD_EDATA, "cannot %s %s: it is %s (allowed: %s)",
		      pd_label("event", action), id, pd_label("status", status),
		      pd_lang_zh() ? pd_label_join("event", can) : allowed);
	free(copy);
	return rc;
}

/* What the status allows: 0, or PD_EDATA naming the actions allowed. */
static int
action_allowed(const char *status, const char *action, const char *id)
{
	static const char *const allowed[][2] = {
		{"draft", "revise publish retire"},
		{"published", "revise review retire"},
		{"retired", "publish"},
	};

	for (size_t i = 0; i < 3; i++) {
		const char *list = allowed[i][1], *p;

		if (strcmp(status, allowed[i][0]))
			continue;
		p = strstr(list, action);
		if (p && (p == list || p[-1] == ' '))
			return 0;
		return refuse_action(action, id, status, list);
	}
	return pd_error(PD_EDATA, "%s: unknown status '%s'", id, status);
}

int
kb_action_stage(struct store *st, const char *id_arg, const char *action,
		const struct kb_request *req, const struct actor *a,
		struct change *c, char id[ID_LEN + 1], char **subject)
{
	const struct care_config *cc = &st->cfg.care;
	json_t *rec, *state, *ev;
	const char *status;
	const char *doing;
	int rc, published;

	if ((rc = check_request(req)) || (rc = kb_load(st, id_arg, id, &rec)))
		return rc;
	state = kb_fold(rec);
	status = jstr(state, "status");
	published = !strcmp(status, "published");
	doing = !strcmp(action, "publish") ? _("publishing an article") :
		!strcmp(action, "review") ? _("reviewing an article") :
		_("retiring an article");
	if ((rc = action_allowed(status, action, id)) ||
	    (strcmp(action, "revise") &&
	     (rc = actor_check_role(st, a, cc->publisher_role, doing))))
		goto out;
	ev = erecord_add_event(rec, action, a->by, st->now);
	if (!strcmp(action, "revise") && (rc = revise_fields(state, req, ev)))
		goto out;
	if (!strcmp(action, "retire"))
		json_object_set_new(ev, "reason", json_string(req->reason));
	if (req->message)
		json_object_set_new(ev, "message", json_string(req->message));
	if (!strcmp(action, "publish") || !strcmp(action, "review") ||
	    (!strcmp(action, "revise") && published))
		json_object_set_new(ev, "review_due", json_time_or_null(
			calendar_deadline(&st->cfg.cal, jtime(ev, "at"),
					  &cc->review_every, 0)));
	if (!(rc = stage_article(rec, c)))
		*subject = xasprintf("%s %s \"%s\"", id, action,
				     jstr(json_object_get(rec, "state"),
					  "title"));
out:
	json_decref(state);
	json_decref(rec);
	return rc;
}
