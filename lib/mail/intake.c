/*
 * Mail intake: one parsed message becomes a duplicate (nothing changes),
 * a note on the ticket it replies to, a note on the ticket whose
 * acknowledgement bounced, or a new ticket (DESIGN §2, §3 ticket-mail).
 * Only the tickets the message names, and those of the last days when
 * counting acknowledgements to one sender, are read.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plaindesk/lazy_crypto.h"
#include "plaindesk/mailin.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/tickets.h"

#define DAY_SECS 86400
/* How far back a reply may find the message that opened its ticket. */
#define REPLY_DAYS 62

const char *const mail_decisions[] = {
	"new", "reply", "report", "duplicate", "ignored", NULL
};

void
mail_result_release(struct mail_result *res)
{
	free(res->customer);
	res->customer = NULL;
}

/* The first customer whose e-mail list holds addr: the id, or NULL. */
static const char *
customer_by_address(struct store *st, const char *addr)
{
	struct csvtab *cust;

	if (store_register(st, REG_CUSTOMERS, &cust))
		return NULL;
	for (size_t r = 0; r < cust->nrows; r++)
		if (mail_address_in(csvtab_get(cust, r, "email"), addr))
			return csvtab_get(cust, r, "id");
	return NULL;
}

/* May addr write into ticket rec: its customer's, or a staff address? */
static int
may_write(struct store *st, json_t *rec, const char *addr)
{
	struct csvtab *cust, *staff;
	long r;

	if (store_register(st, REG_CUSTOMERS, &cust) == 0 &&
	    (r = csvtab_find(cust, "id", jstr(rec, "customer"))) >= 0 &&
	    mail_address_in(csvtab_get(cust, (size_t)r, "email"), addr))
		return 1;
	if (store_register(st, REG_STAFF, &staff) == 0)
		for (size_t i = 0; i < staff->nrows; i++)
			if (mail_address_in(csvtab_get(staff, i, "email"), addr))
				return 1;
	return 0;
}

/* The id of the open event of rec. */
static const char *
open_event(json_t *rec)
{
	return jstr(json_array_get(json_object_get(rec, "events"), 0), "id");
}

/* Load ticket id if it is there: 1 and *rec, 0 if not, or an error. */
static int
load_if_there(struct store *st, const char *id, json_t **rec)
{
	int rc = ticket_load(st, id, rec, NULL);

	if (rc == PD_ENOINPUT) {
		pd_clear_error();
		return 0;
	}
	return rc ? -rc : 1;
}

/* The ticket whose key is key, opened within REPLY_DAYS: 1 and *rec. */
static int
ticket_by_key(struct store *st, const char *key, json_t **rec)
{
	int32_t today = time_day(st->now);

	for (int32_t day = today + 1; day > today - REPLY_DAYS; day--) {
		for (unsigned n = 0;; n++) {
			char id[ID_LEN + 1];
			int got;

			if (mail_id_candidate(key, n, day, id)) {
				pd_clear_error();
				break;
			}
			if ((got = load_if_there(st, id, rec)) <= 0) {
				if (got < 0)
					return got;
				break;
			}
			if (jstr(json_object_get(*rec, "mail"), "key") &&
			    !strcmp(jstr(json_object_get(*rec, "mail"), "key"),
				    key))
				return 1;
			json_decref(*rec);
			*rec = NULL;
		}
	}
	return 0;
}

/*
 * The ticket a reference names: an acknowledgement the desk sent (its
 * open event must match), or the message that opened it.  1 and *rec.
 */
static int
ticket_by_ref(struct store *st, const char *ref, json_t **rec)
{
	char id[ID_LEN + 1], event[16];
	int got;

	if (!mail_desk_id_parse(ref, id, event))
		return ticket_by_key(st, ref, rec);
	if ((got = load_if_there(st, id, rec)) <= 0)
		return got;
	if (open_event(*rec) && !strcmp(open_event(*rec), event))
		return 1;
	json_decref(*rec);
	*rec = NULL;
	return 0;
}

/*
 * The ticket m replies to, by its references or a [T-…] tag of its
 * subject, that its sender may write into: 1 and *rec, 0 for none.
 */
static int
reply_target(struct store *st, const struct mail_msg *m, json_t **rec)
{
	const char *s = m->subject;
	char id[16];
	int got;

	for (size_t i = 0; i < m->refs.n; i++) {
		if ((got = ticket_by_ref(st, m->refs.items[i], rec)) < 0)
			return got;
		if (got && may_write(st, *rec, m->from))
			return 1;
		json_decref(*rec);
		*rec = NULL;
	}
	while ((s = mail_subject_tag(s, id))) {
		if ((got = load_if_there(st, id, rec)) < 0)
			return got;
		if (got && may_write(st, *rec, m->from))
			return 1;
		json_decref(*rec);
		*rec = NULL;
	}
	return 0;
}

/* The ticket whose acknowledgement report m is about: 1 and *rec. */
static int
report_target(struct store *st, const struct mail_msg *m, json_t **rec)
{
	const struct strlist *lists[] = {&m->report_refs, &m->refs};
	char id[ID_LEN + 1], event[16];
	int got;

	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			if (!mail_desk_id_parse(lists[l]->items[i], id, event))
				continue;
			if ((got = ticket_by_ref(st, lists[l]->items[i],
						 rec)) != 0)
				return got;
		}
	return 0;
}

/* Has ticket rec a note with mail key key already? */
static int
has_note_key(json_t *rec, const char *key)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, ev)
		if (jstr(ev, "mail_key") && !strcmp(jstr(ev, "mail_key"), key))
			return 1;
	return 0;
}

/* A note with the message's text on rec (a reply or a report). */
static int
stage_note(struct store *st, const struct actor *a, struct change *c,
	   json_t *rec, const struct mail_msg *m, const char *key,
	   const char *text, struct mail_result *res)
{
	json_t *ev = json_pack("{s:s, s:s}", "type", "note", "message", text);

	if (m->message_id)
		json_object_set_new(ev, "message_id",
				    json_string(m->message_id));
	json_object_set_new(ev, "mail_key", json_string(key));
	json_object_set_new(ev, "from", json_string(m->from));
	snprintf(res->id, sizeof(res->id), "%s", jstr(rec, "id"));
	res->customer = xstrdup(jstr(rec, "customer"));
	return ticket_append_event(st, rec, ev, a, st->now, c, res->event);
}

/* What counts the acknowledgements of the last hour to one sender. */
struct ack_count {
	struct store *st;
	const char *addr;
	int32_t first_day, last_day;
	int n;
};

static int
count_ack(void *vctx, const char *rel, json_t *rec)
{
	struct ack_count *ac = vctx;
	char id[ID_LEN + 1];
	int32_t day = ticket_path_day(rel, id);
	json_t *mail;
	time_t opened;

	(void)rec;
	if (day < ac->first_day || day > ac->last_day ||
	    store_load_record(ac->st, id, &rec)) {
		pd_clear_error();
		return 0;
	}
	mail = json_object_get(rec, "mail");
	opened = jtime(rec, "opened_at");
	if (jstr(mail, "from") && !strcasecmp(jstr(mail, "from"), ac->addr) &&
	    json_is_true(json_object_get(mail, "auto_reply")) &&
	    opened > ac->st->now - 3600 && opened <= ac->st->now)
		ac->n++;
	json_decref(rec);
	return 0;
}

/*
 * Tickets opened from addr's mail in the last hour that acknowledge it.
 * Their ids carry a date at most 7 days before and 1 day after they
 * were opened, so only those days' tickets are read.
 */
static int
recent_acks(struct store *st, const char *addr)
{
	time_t from = st->now - 3600 - 7 * DAY_SECS;
	struct ack_count ac = {st, addr, time_day(from),
			       time_day(st->now + DAY_SECS), 0};
	int y, m, d;

	day_to_ymd(ac.first_day, &y, &m, &d);
	store_foreach_since(st, 'T', y, m, 1, count_ack, &ac);
	pd_clear_error();
	return ac.n;
}

/* Is the sender to hear of the new ticket (RFC 3834 and the config)? */
static int
auto_reply(struct store *st, const struct mail_msg *m,
	   const struct mail_request *req)
{
	const struct mail_config *mc = &st->cfg.mail;

	if (req->no_ack || !mc->ack || m->auto_submitted || m->list ||
	    m->null_sender || m->suppress || m->report ||
	    mail_unattended_address(m->from) ||
	    (*mc->from && !strcasecmp(mc->from, m->from)))
		return 0;
	/* to is ", "-separated: look at each address. */
	for (const char *t = m->to; t && *t;) {
		size_t n = strcspn(t, ",");

		if (n == strlen(m->from) && !strncasecmp(t, m->from, n))
			return 0;
		t += n;
		t += strspn(t, ", ");
	}
	return recent_acks(st, m->from) < mc->max_acks_per_hour;
}

/* The "mail" block of a new ticket (caller decrefs). */
static json_t *
mail_block(const struct mail_msg *m, const char *key, int reply)
{
	json_t *att = json_array(), *o;
	char buf[TIME_BUFSZ];

	for (size_t i = 0; i < m->natt; i++)
		json_array_append_new(att, json_pack("{s:s, s:s, s:I}",
			"name", m->att[i].name, "type", m->att[i].type,
			"size", (json_int_t)m->att[i].size));
	o = json_object();
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "message_id", m->message_id ?
			    json_string(m->message_id) : json_null());
	json_object_set_new(o, "from", json_string(m->from));
	json_object_set_new(o, "to", json_string(m->to));
	json_object_set_new(o, "subject", json_string(m->subject));
	json_object_set_new(o, "date", m->has_date ?
			    json_string(time_format(m->date, buf)) : json_null());
	json_object_set_new(o, "auto_reply", json_boolean(reply));
	json_object_set_new(o, "attachments", att);
	return o;
}

/*
 * The customer of a new ticket from an address no customer has: a new
 * potential customer, a refusal, or the customer named.
 */
static int
unknown_sender(struct store *st, const struct mail_msg *m,
	       const struct mail_request *req, struct open_request *o,
	       struct mail_result *res)
{
	const char *rule = req->unknown ? req->unknown
					: st->cfg.mail.unknown_sender;
	const char *how = req->unknown ? "--unknown" : "mail.unknown_sender";

	if (!strcmp(rule, "reject")) {
		res->refused = 1;
		return pd_error(PD_EDATA, "unknown sender '%s' (%s is reject)",
				m->from, how);
	}
	if (strcmp(rule, "new") != 0) {
		if (!(o->customer = store_lookup_id(st, REG_CUSTOMERS, rule)))
			return pd_error(PD_ECONFIG, "%s: %s", how, pd_errmsg());
		return 0;
	}
	/* Named as they sign, unless a customer has that name already. */
	o->customer = m->from;
	if (*m->from_name && !str_startswith(m->from_name, "C-") &&
	    !text_check("name", m->from_name, 1) &&
	    store_find(st, REG_CUSTOMERS, m->from_name) == -1)
		o->customer = m->from_name;
	pd_clear_error();
	o->new_customer = 1;
	o->tier = "potential";
	o->email = m->from;
	res->new_customer = 1;
	return 0;
}

/* The customer of ticket id as staged in c (a new one's id is drawn
 * while staging); caller frees. */
static char *
staged_customer(struct change *c, const char *id)
{
	char *rel = id_relpath(id), *who = NULL;
	json_t *rec;

	for (size_t i = 0; i < c->nfiles && !who; i++)
		if (!strcmp(c->files[i].path, rel) && c->files[i].data &&
		    record_parse(c->files[i].data, c->files[i].len, rel,
				 &rec) == 0) {
			who = xstrdup(jstr(rec, "customer") ? jstr(rec, "customer")
							    : "");
			json_decref(rec);
		}
	free(rel);
	return who ? who : xstrdup("");
}

/* A new ticket from m, its id by the mail id rule. */
static int
stage_new(struct store *st, const struct actor *a, struct change *c,
	  const struct mail_msg *m, const struct mail_request *req,
	  const char *key, const char *id, struct mail_result *res,
	  char **subject)
{
	struct open_request o = {0};
	char *title = mail_title(m->subject);
	int rc;

	o.kind = req->kind ? req->kind : st->cfg.mail.kind;
	if (!strcmp(o.kind, "complaint")) {
		o.severity = req->severity ? req->severity : "general";
		o.category = req->category ? req->category : "other";
	} else {
		o.severity = req->severity;
		o.category = req->category;
	}
	o.channel = "email";
	o.title = *title ? title : "(no subject)";
	o.description = m->text;
	o.assignee = req->assignee;
	o.id = id;
	if (!(o.customer = customer_by_address(st, m->from)) &&
	    (rc = unknown_sender(st, m, req, &o, res)))
		goto out;
	res->auto_reply = auto_reply(st, m, req);
	o.mail = mail_block(m, key, res->auto_reply);
	rc = ticket_open_stage(st, &o, a, c, "", res->id, subject);
	json_decref(o.mail);
	if (!rc)
		res->customer = staged_customer(c, res->id);
out:
	free(title);
	return rc;
}

/* A message taken before: the ticket that has it. */
static void
duplicate(struct mail_result *res, const char *id, json_t *rec)
{
	res->decision = MAIL_DUPLICATE;
	snprintf(res->id, sizeof(res->id), "%s", id);
	if (rec && jstr(rec, "customer"))
		res->customer = xstrdup(jstr(rec, "customer"));
}

/*
 * Is m a mail ticket already?  Its id by the rule; and, for a message
 * delivered again on a later day, the id it got on the day of its Date:
 * or on one of the 7 days before.
 */
static int
known_ticket(struct store *st, const char *key, const struct mail_msg *m,
	     char id[ID_LEN + 1], int *existing)
{
	int32_t day = mail_id_day(st->now, m->has_date, m->date);
	int32_t today = time_day(st->now);
	char other[ID_LEN + 1];
	int rc, found;

	if ((rc = mail_id_find(st, key, day, id, existing)) || *existing)
		return rc;
	for (int32_t d = today + 1; d >= today - 7; d--) {
		if (d == day || (rc = mail_id_find(st, key, d, other, &found)))
			continue;
		if (found) {
			memcpy(id, other, ID_LEN + 1);
			*existing = 1;
			return 0;
		}
	}
	if (m->has_date && time_day(m->date) != day &&
	    !mail_id_find(st, key, time_day(m->date), other, &found) && found) {
		memcpy(id, other, ID_LEN + 1);
		*existing = 1;
	}
	pd_clear_error();
	return 0;
}

/* A reply, or a report on an acknowledgement, to ticket rec. */
static int
note_on(struct store *st, const struct actor *a, struct change *c,
	json_t *rec, const struct mail_msg *m, const char *key,
	enum mail_decision what, struct mail_result *res, char **subject)
{
	char *text, *raw;
	int rc;

	if (has_note_key(rec, key)) {
		duplicate(res, jstr(rec, "id"), rec);
		return 0;
	}
	res->decision = what;
	if (what == MAIL_REPLY) {
		text = mail_reply_text(m->text);
	} else {
		raw = xasprintf("Delivery report: %s", m->text);
		text = mail_text_clean(raw);
		free(raw);
	}
	rc = stage_note(st, a, c, rec, m, key, text, res);
	free(text);
	if (!rc)
		*subject = xasprintf("%s %s", res->id, what == MAIL_REPLY ?
				     "note by mail" : "delivery report");
	return rc;
}

int
mail_intake_stage(struct store *st, const struct actor *a, struct change *c,
		  const struct mail_msg *m, const struct mail_request *req,
		  struct mail_result *res, char **subject)
{
	char *key, id[ID_LEN + 1];
	json_t *rec = NULL;
	int existing, got, rc;

	if ((rc = pd_crypto_load()))
		return rc;
	key = mail_key(m);
	if ((rc = known_ticket(st, key, m, id, &existing)))
		goto out;
	if (existing) {
		if (load_if_there(st, id, &rec) < 0)
			pd_clear_error();
		duplicate(res, id, rec);
		goto out;
	}
	if ((got = reply_target(st, m, &rec)) < 0) {
		rc = -got;
	} else if (got) {
		rc = note_on(st, a, c, rec, m, key, MAIL_REPLY, res, subject);
	} else if (m->report) {
		if ((got = report_target(st, m, &rec)) < 0)
			rc = -got;
		else if (got)
			rc = note_on(st, a, c, rec, m, key, MAIL_REPORT, res,
				     subject);
		else
			res->decision = MAIL_IGNORED;
	} else {
		res->decision = MAIL_NEW;
		rc = stage_new(st, a, c, m, req, key, id, res, subject);
	}
out:
	json_decref(rec);
	free(key);
	return rc;
}

json_t *
mail_result_json(const struct mail_result *res)
{
	return json_pack("{s:s, s:o, s:o, s:o, s:b, s:b}",
			 "decision", mail_decisions[res->decision],
			 "id", *res->id ? json_string(res->id) : json_null(),
			 "event", *res->event ? json_string(res->event)
					      : json_null(),
			 "customer", res->customer ? json_string(res->customer)
						   : json_null(),
			 "new_customer", res->new_customer,
			 "auto_reply", res->auto_reply);
}
