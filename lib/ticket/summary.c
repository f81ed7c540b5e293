/*
 * A ticket's summary (see include/plaindesk/ticket_summary.h): made from
 * the record by the same fold every program uses, and kept as bytes in
 * the summary cache.  The bytes are numbers as 8-byte integers of this
 * machine (the cache's header says which byte order) and strings as a
 * 4-byte length, the bytes and a NUL, so that a summary read from the
 * cache points into it and copies nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/deliver.h"
#include "plaindesk/record.h"
#include "plaindesk/store.h"
#include "plaindesk/ticket_summary.h"

#define ABSENT UINT32_MAX	/* the length of a string that is not there */

/* The header fields a summary holds, in the order of its bytes. */
static const char *const header_keys[] = {
	"id", "kind", "channel", "customer", "meeting", "category",
	"severity", "title", "opened_at", NULL
};

static const char **
header_slot(struct ticket_summary *s, size_t i)
{
	const char **slots[] = {
		&s->id, &s->kind, &s->channel, &s->customer, &s->meeting,
		&s->category, &s->severity, &s->title, &s->opened_at
	};

	return slots[i];
}

const char *
ticket_summary_header(const struct ticket_summary *s, const char *key)
{
	int i = str_index(header_keys, key);

	return i < 0 ? NULL : *header_slot((struct ticket_summary *)s,
					   (size_t)i);
}

/*
 * Does the escalation pass take rec, valid (ticket_validate()) and folded
 * into ts, as it is (see escalation_pass())?
 */
static int
pass_ok(json_t *rec, const char *rel, const struct config *cfg,
	const struct ticket_state *ts)
{
	json_t *state;
	char *want;
	int ok;

	want = id_relpath(jstr(rec, "id"));
	ok = rel && strcmp(want, rel) == 0;
	free(want);
	if (!ok)
		return 0;
	state = ticket_state_json(ts, cfg);
	ok = json_equal(state, json_object_get(rec, "state"));
	json_decref(state);
	return ok;
}

/* Does rec hold a notice still to deliver? */
static int
undelivered(json_t *rec)
{
	struct outbox o;
	int any;

	outbox_init(&o);
	outbox_collect(&o, rec);
	any = o.n > 0;
	outbox_release(&o);
	return any;
}

/* The summary of rec, whose shape is valid. */
static void
summary_fill(json_t *rec, const struct config *cfg, struct ticket_summary *s)
{
	json_t *events, *e;
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; header_keys[i]; i++)
		*header_slot(s, i) = jstr(rec, header_keys[i]);
	s->opened = jtime(rec, "opened_at");
	events = json_object_get(rec, "events");
	json_array_foreach(events, i, e) {
		time_t at = jtime(e, "at");

		if (i == 0 || at < s->first_event)
			s->first_event = at;
		if (i == 0 || at > s->last_event)
			s->last_event = at;
	}
	ticket_fold(rec, cfg, &s->state);
}

int
ticket_summary_make(json_t *rec, const struct config *cfg,
		    struct ticket_summary *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = ticket_validate_shape(rec)))
		return rc;
	summary_fill(rec, cfg, s);
	return 0;
}

/*
 * The summary of rec found at rel with its flags, the record validated
 * once: a record valid as a whole has a valid shape.  -1 when it has
 * none.
 */
static int
summary_whole(json_t *rec, const char *rel, const struct config *cfg,
	      struct ticket_summary *s)
{
	int valid = ticket_validate(rec) == 0;

	if (!valid) {
		pd_clear_error();
		if (ticket_validate_shape(rec)) {
			pd_clear_error();
			return -1;
		}
	}
	summary_fill(rec, cfg, s);
	if (valid && pass_ok(rec, rel, cfg, &s->state))
		s->flags |= SUMMARY_PASS_OK;
	if (undelivered(rec))
		s->flags |= SUMMARY_UNDELIVERED;
	return 0;
}

void *
ticket_summary_bytes(json_t *rec, const char *rel, const struct config *cfg,
		     size_t *len, struct ticket_summary_memo *memo)
{
	struct ticket_summary s;
	struct sbuf out;

	if (memo)
		memo->rec = NULL;
	if (summary_whole(rec, rel, cfg, &s))
		return NULL;
	sbuf_init(&out);
	if (ticket_summary_write(rec, &s, &out)) {
		sbuf_release(&out);
		return NULL;
	}
	if (memo) {
		memo->rec = rec;
		memo->s = s;
	}
	return sbuf_detach(&out, len);
}

int
ticket_summary_recall(struct ticket_summary_memo *memo, const json_t *rec,
		      struct ticket_summary *s)
{
	int same = rec && memo->rec == rec;

	memo->rec = NULL;
	if (same)
		*s = memo->s;
	return same;
}

static void
put_num(struct sbuf *out, int64_t v)
{
	sbuf_add(out, &v, sizeof(v));
}

static void
put_str(struct sbuf *out, const char *s)
{
	uint32_t len = s ? (uint32_t)strlen(s) : ABSENT;

	sbuf_add(out, &len, sizeof(len));
	if (s)
		sbuf_add(out, s, strlen(s) + 1);
}

/* The numbers of a summary, in the order of its bytes. */
#define SUMMARY_NUMBERS(X, s) \
	X((s)->opened) X((s)->first_event) X((s)->last_event) X((s)->flags) \
	X((s)->state.status) X((s)->state.level) X((s)->state.opened_at) \
	X((s)->state.response_due) X((s)->state.resolution_due) \
	X((s)->state.responded_at) X((s)->state.resolved_at) \
	X((s)->state.closed_at) X((s)->state.paused) \
	X((s)->state.paused_since) X((s)->state.paused_secs) \
	X((s)->state.warned[0]) X((s)->state.warned[1]) \
	X((s)->state.escalated[0]) X((s)->state.escalated[1]) \
	X((s)->state.reopened) X((s)->state.resolution_start) \
	X((s)->state.first_resolution_due) X((s)->state.plan_required) \
	X((s)->state.plan) X((s)->state.followup_due) \
	X((s)->state.followup_tries) X((s)->state.followup_scheduled)

int
ticket_summary_write(json_t *rec, const struct ticket_summary *s,
		     struct sbuf *out)
{
	struct ticket_summary copy = *s;

	/* A header field that is there but not a string: what a listing
	 * shows of it only the record has. */
	for (size_t i = 0; header_keys[i]; i++) {
		json_t *x = json_object_get(rec, header_keys[i]);

		if (x && !json_is_null(x) && !json_is_string(x))
			return -1;
		if (x && json_is_string(x) &&
		    strlen(json_string_value(x)) != json_string_length(x))
			return -1;	/* a NUL inside */
	}
#define PUT_NUM(field) put_num(out, (int64_t)(field));
	SUMMARY_NUMBERS(PUT_NUM, &copy)
#undef PUT_NUM
	put_str(out, s->state.rule);
	put_str(out, s->state.assignee);
	for (size_t i = 0; header_keys[i]; i++)
		put_str(out, *header_slot(&copy, i));
	return 0;
}

/* Bytes being read: where, and how many are left. */
struct reader {
	const unsigned char *p;
	size_t left;
	int bad;
};

static int64_t
get_num(struct reader *r)
{
	int64_t v = 0;

	if (r->left < sizeof(v)) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	r->left -= sizeof(v);
	return v;
}

static const char *
get_str(struct reader *r)
{
	const char *s;
	uint32_t len;

	if (r->left < sizeof(len)) {
		r->bad = 1;
		return NULL;
	}
	memcpy(&len, r->p, sizeof(len));
	r->p += sizeof(len);
	r->left -= sizeof(len);
	if (len == ABSENT)
		return NULL;
	if (r->left <= len || r->p[len] != '\0' ||
	    memchr(r->p, '\0', len)) {
		r->bad = 1;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += len + 1;
	r->left -= (size_t)len + 1;
	return s;
}

int
ticket_summary_read(const void *data, size_t len, struct ticket_summary *s)
{
	struct reader r = {data, len, 0};
	const char *rule;

	memset(s, 0, sizeof(*s));
#define GET_NUM(field) (field) = get_num(&r);
	SUMMARY_NUMBERS(GET_NUM, s)
#undef GET_NUM
	rule = get_str(&r);
	s->state.assignee = get_str(&r);
	for (size_t i = 0; header_keys[i]; i++)
		*header_slot(s, i) = get_str(&r);
	if (r.bad || r.left || !rule ||
	    strlen(rule) >= sizeof(s->state.rule) ||
	    (int)s->state.status < 0 || (int)s->state.status > ST_CLOSED ||
	    (int)s->state.plan < 0 || (int)s->state.plan > PLAN_APPROVED)
		return -1;
	memcpy(s->state.rule, rule, strlen(rule) + 1);
	return 0;
}
