/*
 * Validation of a whole store: registers, tickets (and meetings), each
 * problem reported through a callback as "path: message".
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/check.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"
#include "plaindesk/vcs.h"
#include "plaindesk/tickets.h"
#include "plaindesk/meeting.h"
#include "plaindesk/meetings.h"

struct checker {
	struct store *st;
	problem_fn fn;
	void *ctx;
	int rc;		/* from fn: non-zero stops */
};

static void
problem(struct checker *ck, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
problem(struct checker *ck, const char *path, const char *fmt, ...)
{
	struct sbuf sb;
	va_list ap;

	sbuf_init(&sb);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!ck->rc)
		ck->rc = ck->fn(ck->ctx, path, sb.buf);
	sbuf_release(&sb);
}

static int
valid_register_id(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789._-") == n;
}

static void
check_unique_ids(struct checker *ck, const char *path, struct csvtab *t,
		 const char *col)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const char *id = csvtab_get(t, r, col);

		if (!*id) {
			problem(ck, path, "line %zu: empty %s", t->lines[r], col);
			continue;
		}
		for (size_t q = 0; q < r; q++)
			if (!strcmp(id, csvtab_get(t, q, col))) {
				problem(ck, path, "line %zu: %s '%s' appears twice",
					t->lines[r], col, id);
				break;
			}
	}
}

static void
check_dates(struct checker *ck, const char *path, struct csvtab *t,
	    size_t r, const char *col, int optional)
{
	const char *s = csvtab_get(t, r, col);
	int32_t day;

	if ((*s || !optional) && date_parse(s, &day) < 0)
		problem(ck, path, "line %zu: %s: invalid date '%s'",
			t->lines[r], col, s);
}

int
check_registers(struct store *st, problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0};
	static const char *const yesno[] = {"yes", "no", NULL};

	for (int k = 0; register_paths[k]; k++) {
		const char *path = register_paths[k];
		struct csvtab *t;

		if (store_register(st, (enum register_kind)k, &t)) {
			problem(&ck, path, "%s", pd_errmsg() +
				(str_startswith(pd_errmsg(), path) ?
				 strlen(path) + 2 : 0));
			continue;
		}
		check_unique_ids(&ck, path, t, k == REG_HOLIDAYS ? "date" : "id");
		for (size_t r = 0; r < t->nrows; r++) {
			size_t line = t->lines[r];

			for (size_t c = 0; c < t->ncols; c++)
				if (text_check(t->header[c], t->rows[r][c], 0))
					problem(&ck, path, "line %zu: %s", line,
						pd_errmsg());
			switch (k) {
			case REG_CUSTOMERS:
				if (*csvtab_get(t, r, "id") &&
				    !valid_register_id(csvtab_get(t, r, "id")))
					problem(&ck, path, "line %zu: invalid id '%s'",
						line, csvtab_get(t, r, "id"));
				if (enum_check(customer_tiers, "tier",
					       csvtab_get(t, r, "tier")))
					problem(&ck, path, "line %zu: %s", line,
						pd_errmsg());
				check_dates(&ck, path, t, r, "since", 1);
				check_dates(&ck, path, t, r, "lost_on", 1);
				break;
			case REG_STAFF:
				if (*csvtab_get(t, r, "id") &&
				    !valid_register_id(csvtab_get(t, r, "id")))
					problem(&ck, path, "line %zu: invalid id '%s'",
						line, csvtab_get(t, r, "id"));
				if (enum_check(staff_roles, "role",
					       csvtab_get(t, r, "role")))
					problem(&ck, path, "line %zu: %s", line,
						pd_errmsg());
				if (enum_check(yesno, "active",
					       csvtab_get(t, r, "active")))
					problem(&ck, path, "line %zu: %s", line,
						pd_errmsg());
				break;
			case REG_ROOMS: {
				const char *cap = csvtab_get(t, r, "capacity");
				char *end;
				long n = strtol(cap, &end, 10);

				if (!*cap || *end || n <= 0 || n > 100000)
					problem(&ck, path, "line %zu: capacity must be a positive number, not '%s'",
						line, cap);
				break;
			}
			case REG_HOLIDAYS:
				check_dates(&ck, path, t, r, "date", 0);
				break;
			}
		}
	}
	return ck.rc;
}

static int
staff_known(struct store *st, const char *who)
{
	struct csvtab *s;

	return who && store_register(st, REG_STAFF, &s) == 0 &&
	       csvtab_find(s, "id", who) >= 0;
}

int
check_ticket(struct store *st, const char *rel, json_t *rec, problem_fn fn,
	     void *ctx)
{
	struct checker ck = {st, fn, ctx, 0};
	struct ticket_state s;
	struct csvtab *cust;
	const char *id = jstr(rec, "id");
	json_t *events, *e, *want;
	size_t i;

	if (ticket_validate(rec)) {
		problem(&ck, rel, "%s", pd_errmsg());
		return ck.rc;
	}
	{
		char *expect = id_relpath(id);

		if (strcmp(expect, rel))
			problem(&ck, rel, "id %s belongs at %s", id, expect);
		free(expect);
	}
	ticket_fold(rec, &st->cfg, &s);
	want = ticket_state_json(&s, &st->cfg);
	if (!json_equal(want, json_object_get(rec, "state")))
		problem(&ck, rel, "state does not agree with the events");
	json_decref(want);
	if (store_register(st, REG_CUSTOMERS, &cust) == 0 &&
	    csvtab_find(cust, "id", jstr(rec, "customer")) < 0)
		problem(&ck, rel, "unknown customer '%s'", jstr(rec, "customer"));
	if (jstr(rec, "meeting")) {
		char *mrel = id_relpath(jstr(rec, "meeting"));
		char *path = store_path(st, mrel);

		if (access(path, F_OK) != 0)
			problem(&ck, rel, "unknown meeting '%s'",
				jstr(rec, "meeting"));
		free(mrel);
		free(path);
	}
	events = json_object_get(rec, "events");
	json_array_foreach(events, i, e) {
		const char *type = jstr(e, "type");

		if (!strcmp(type, "assign") && !staff_known(st, jstr(e, "to")))
			problem(&ck, rel, "event %zu: unknown staff member '%s'",
				i + 1, jstr(e, "to"));
		if (!strcmp(type, "plan") && !staff_known(st, jstr(e, "owner")))
			problem(&ck, rel, "event %zu: unknown staff member '%s'",
				i + 1, jstr(e, "owner"));
		if (!strcmp(type, "extend") &&
		    !staff_known(st, jstr(e, "approved_by")))
			problem(&ck, rel, "event %zu: unknown staff member '%s'",
				i + 1, jstr(e, "approved_by"));
	}
	return ck.rc;
}

int
check_meeting(struct store *st, const char *rel, json_t *rec, problem_fn fn,
	      void *ctx)
{
	struct checker ck = {st, fn, ctx, 0};
	const char *id = jstr(rec, "id");
	char *expect;

	if (!id_valid('M', id)) {
		problem(&ck, rel, "'id' is not a meeting id");
		return ck.rc;
	}
	expect = id_relpath(id);
	if (strcmp(expect, rel))
		problem(&ck, rel, "id %s belongs at %s", id, expect);
	free(expect);
	if (meeting_validate(rec))
		problem(&ck, rel, "%s", pd_errmsg());
	else if (meeting_check_refs(st, rec))
		problem(&ck, rel, "%s", pd_errmsg());
	return ck.rc;
}

/* The store_foreach callback for both kinds of record. */
static int
each_record(void *vck, const char *rel, json_t *rec)
{
	struct checker *ck = vck;

	if (!rec) {
		const char *msg = pd_errmsg();

		problem(ck, rel, "%s", str_startswith(msg, rel) ?
			msg + strlen(rel) + 2 : msg);
		return ck->rc;
	}
	if (str_startswith(rel, "tickets/"))
		return check_ticket(ck->st, rel, rec, ck->fn, ck->ctx);
	return check_meeting(ck->st, rel, rec, ck->fn, ck->ctx);
}

int
check_store(struct store *st, problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0};
	char *journal = xasprintf("%s/plaindesk-journal", st->gitdir);

	if (access(journal, F_OK) == 0)
		problem(&ck, ".git/plaindesk-journal",
			"a change was interrupted; the next changing command restores the store");
	free(journal);
	if (store_check_settled(st)) {
		const char *msg = pd_errmsg();
		const char *sep = str_startswith(msg, "a git ") ? NULL
							      : strstr(msg, ": ");

		/* "registers/x.csv: line 4: ..." goes under its path. */
		if (sep) {
			char *path = xstrndup(msg, (size_t)(sep - msg));

			problem(&ck, path, "%s", sep + 2);
			free(path);
		} else {
			problem(&ck, ".git", "%s", msg);
		}
	}
	pd_clear_error();
	if (!ck.rc)
		ck.rc = check_registers(st, fn, ctx);
	if (!ck.rc)
		ck.rc = store_foreach(st, 'T', 0, each_record, &ck);
	if (!ck.rc)
		ck.rc = store_foreach(st, 'M', 0, each_record, &ck);
	return ck.rc;
}

int
check_warnings(struct store *st, problem_fn fn, void *ctx)
{
	static const char *const cols[] = {"name", "email", NULL};
	struct checker ck = {st, fn, ctx, 0};
	struct csvtab *staff;

	if (store_register(st, REG_STAFF, &staff) == 0) {
		for (size_t r = 0; r < staff->nrows; r++)
			for (int c = 0; cols[c]; c++) {
				const char *v = csvtab_get(staff, r, cols[c]);
				char *safe = ident_clean(v);

				if (strcmp(safe, v))
					problem(&ck, register_paths[REG_STAFF],
						"line %zu: %s '%s' is signed in commits as '%s' (git drops angle brackets, newlines and punctuation at the ends)",
						staff->lines[r], cols[c], v,
						safe);
				free(safe);
			}
	}
	pd_clear_error();
	if (vcs_check_merge_driver(st))
		problem(&ck, ".git/config", "%s; run plaindesk-init in the store to install it",
			pd_errmsg());
	pd_clear_error();
	return ck.rc;
}

/* What check_fix_state() carries through the iterator. */
struct fixer {
	struct store *st;
	struct change *c;
	size_t n;
};

static int
fix_record(void *vfx, const char *rel, json_t *rec)
{
	struct fixer *fx = vfx;
	struct ticket_state s;
	json_t *want;
	int same;

	if (rec && str_startswith(rel, "meetings/")) {
		if (meeting_validate_shape(rec) == 0 && meeting_is_stale(rec) &&
		    meeting_stage(fx->st, rec, fx->c) == 0)
			fx->n++;
		return 0;
	}
	if (!rec || ticket_validate_shape(rec))
		return 0;	/* plaindesk-check reports these */
	ticket_fold(rec, &fx->st->cfg, &s);
	want = ticket_state_json(&s, &fx->st->cfg);
	same = json_equal(want, json_object_get(rec, "state"));
	json_decref(want);
	if (same)
		return 0;
	if (ticket_stage(fx->st, rec, fx->c) == 0)
		fx->n++;
	return 0;
}

int
check_fix_state(struct store *st, struct change *c, size_t *n)
{
	struct fixer fx = {st, c, 0};
	int rc = store_foreach(st, 'T', 0, fix_record, &fx);

	if (!rc)
		rc = store_foreach(st, 'M', 0, fix_record, &fx);

	*n = fx.n;
	return rc;
}
