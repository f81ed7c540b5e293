/*
 * Validation of a whole store: registers, tickets (and meetings), each
 * problem reported through a callback as "path: message".
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/care.h"
#include "plaindesk/careplan.h"
#include "plaindesk/check.h"
#include "plaindesk/kb.h"
#include "plaindesk/checklist.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/record.h"
#include "plaindesk/storefs.h"
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
	struct strlist *special;	/* paths reported as not files */
};

static void
problem(struct checker *ck, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
problem(struct checker *ck, const char *path, const char *fmt, ...)
{
	struct sbuf sb, clean, cpath;
	va_list ap;

	/* A link or special file is reported once, not again by what
	 * could not read it. */
	if (ck->special && strlist_has(ck->special, path))
		return;
	sbuf_init(&cpath);
	sbuf_init(&sb);
	sbuf_init(&clean);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, pd_gettext(fmt), ap);
	va_end(ap);
	/* A problem quotes what the store holds: no escape reaches a
	 * terminal through it. */
	text_add_clean(&clean, sb.buf ? sb.buf : "", 1);
	text_add_clean(&cpath, path, 1);
	if (!ck->rc)
		ck->rc = ck->fn(ck->ctx, cpath.buf, clean.buf ? clean.buf : "");
	sbuf_release(&sb);
	sbuf_release(&clean);
	sbuf_release(&cpath);
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
	struct strset seen;

	strset_init(&seen);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *id = csvtab_get(t, r, col);

		if (!*id)
			problem(ck, path, "line %zu: empty %s", t->lines[r],
				pd_label("column", col));
		else if (!strset_add(&seen, id))
			problem(ck, path, "line %zu: %s '%s' appears twice",
				t->lines[r], pd_label("column", col), id);
	}
	strset_release(&seen);
}

static void
check_dates(struct checker *ck, const char *path, struct csvtab *t,
	    size_t r, const char *col, int optional)
{
	const char *s = csvtab_get(t, r, col);
	int32_t day;

	if ((*s || !optional) && date_parse(s, &day) < 0)
		problem(ck, path, "line %zu: %s: invalid date '%s'",
			t->lines[r], pd_label("column", col), s);
}

/* The recorded message without its "PATH: " (the problem names it). */
static const char *
message_after(const char *path)
{
	const char *msg = pd_errmsg();

	return msg + (str_startswith(msg, path) ? strlen(path) + 2 : 0);
}

/* The store's own 会务 checklist, when it has one (DESIGN §8). */
static void
check_checklist(struct checker *ck)
{
	static const char path[] = "registers/service-tasks.csv";
	char *data = NULL;
	struct checklist cl;
	size_t len;
	int rc;

	rc = storefs_read(ck->st->root, path, &data, &len);
	if (rc == PD_ENOINPUT) {
		pd_clear_error();
		return;
	}
	if (!rc && !(rc = checklist_parse(&cl, data, len, path)))
		checklist_release(&cl);
	if (rc)
		problem(ck, path, "%s", message_after(path));
	free(data);
}

static int
check_registers_of(struct checker *ckp)
{
	struct checker ck = *ckp;
	struct store *st = ck.st;
	static const char *const yesno[] = {"yes", "no", NULL};

	for (int k = 0; register_paths[k]; k++) {
		const char *path = register_paths[k];
		struct csvtab *t;

		/* A register refused for its cells is still read, so
		 * that each bad cell is listed. */
		if (store_register(st, (enum register_kind)k, &t) &&
		    !st->reg_bad[k]) {
			problem(&ck, path, "%s", message_after(path));
			continue;
		}
		for (size_t i = 0; i < t->row_problems.n; i++)
			problem(&ck, path, "%s",
				t->row_problems.items[i] + strlen(path) + 2);
		check_unique_ids(&ck, path, t, k == REG_HOLIDAYS ? "date" : "id");
		for (size_t r = 0; r < t->nrows; r++) {
			size_t line = t->lines[r];

			for (size_t c = 0; c < t->ncols; c++)
				if (text_check_cell(t->header[c], t->rows[r][c]))
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
				if (enum_check(holiday_kinds, "kind",
					       csvtab_get(t, r, "kind")))
					problem(&ck, path, "line %zu: %s", line,
						pd_errmsg());
				break;
			}
		}
	}
	check_checklist(&ck);
	return ck.rc;
}

int
check_registers(struct store *st, problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};

	return check_registers_of(&ck);
}

static int
staff_known(struct store *st, const char *who)
{
	struct csvtab *s;

	return who && store_register(st, REG_STAFF, &s) == 0 &&
	       csvtab_find(s, "id", who) >= 0;
}

static int
check_ticket(struct store *st, const char *rel, json_t *rec, problem_fn fn,
	     void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};
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
	if (json_object_get(rec, "mail") && mail_id_check(st, rec))
		problem(&ck, rel, "%s", pd_errmsg());
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

		if (storefs_exists(st->root, mrel) != 1)
			problem(&ck, rel, "unknown meeting '%s'",
				jstr(rec, "meeting"));
		free(mrel);
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

static int
check_meeting(struct store *st, const char *rel, json_t *rec, problem_fn fn,
	      void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};
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

/*
 * What care plans and articles share: valid, where their name says, the
 * state their events give (want, a new reference, or NULL when not
 * valid).
 */
static json_t *
check_event_record(struct checker *ck, const char *rel, json_t *rec,
		   const char *name, char *expect,
		   int (*validate)(json_t *), json_t *(*fold)(json_t *))
{
	json_t *want = NULL;

	if (validate(rec)) {
		problem(ck, rel, "%s", pd_errmsg());
	} else {
		if (strcmp(expect, rel))
			problem(ck, rel, "%s belongs at %s", name, expect);
		want = fold(rec);
		if (!json_equal(want, json_object_get(rec, "state")))
			problem(ck, rel, "state does not agree with the events");
	}
	free(expect);
	return want;
}

static int
check_article(struct store *st, const char *rel, json_t *rec,
	      problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};
	const char *id = jstr(rec, "id");
	json_t *want, *v;
	size_t i;

	if (!id_valid('K', id)) {
		problem(&ck, rel, "'id' is not an article id");
		return ck.rc;
	}
	if (!(want = check_event_record(&ck, rel, rec, id, id_relpath(id),
					kb_validate, kb_fold)))
		return ck.rc;
	json_array_foreach(json_object_get(want, "source_tickets"), i, v) {
		char *trel = id_relpath(json_string_value(v));
		char *path = store_path(st, trel);

		if (access(path, F_OK) != 0)
			problem(&ck, rel, "unknown ticket '%s'",
				json_string_value(v));
		free(trel);
		free(path);
	}
	json_decref(want);
	return ck.rc;
}

static int
check_care_plan(struct store *st, const char *rel, json_t *rec,
		problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};
	const char *c = jstr(rec, "customer");
	struct csvtab *cust;
	json_t *want, *ev;
	size_t i;

	if (!(want = check_event_record(&ck, rel, rec, "the plan",
					xasprintf("care/%s.json", c ? c : ""),
					care_validate, care_fold)))
		return ck.rc;
	json_decref(want);
	if (store_register(st, REG_CUSTOMERS, &cust) == 0 &&
	    csvtab_find(cust, "id", jstr(rec, "customer")) < 0)
		problem(&ck, rel, "unknown customer '%s'", jstr(rec, "customer"));
	json_array_foreach(json_object_get(rec, "events"), i, ev)
		if (!strcmp(jstr(ev, "type"), "plan") &&
		    !staff_known(st, jstr(ev, "owner")))
			problem(&ck, rel, "event %zu: unknown staff member '%s'",
				i + 1, jstr(ev, "owner"));
	return ck.rc;
}

/* The store_foreach callback for every kind of record. */
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
	if (str_startswith(rel, "kb/"))
		return check_article(ck->st, rel, rec, ck->fn, ck->ctx);
	if (str_startswith(rel, "care/"))
		return check_care_plan(ck->st, rel, rec, ck->fn, ck->ctx);
	return check_meeting(ck->st, rel, rec, ck->fn, ck->ctx);
}

/* A storefs_find_special() callback: one problem per link or special
 * file, remembered so that nothing reports it again. */
static int
each_special(void *vck, const char *rel, const char *what)
{
	struct checker *ck = vck;

	problem(ck, rel, "%s; a store holds only directories and regular "
		"files (links and special files are not followed)", _(what));
	strlist_add(ck->special, rel);
	return ck->rc;
}

int
check_store(struct store *st, problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};
	char *journal = xasprintf("%s/plaindesk-journal", st->gitdir);
	struct strlist special;
	int rc;

	strlist_init(&special);
	if (access(journal, F_OK) == 0)
		problem(&ck, ".git/plaindesk-journal",
			"a change was interrupted; the next changing command restores the store");
	free(journal);
	ck.special = &special;
	if (!ck.rc && (rc = storefs_find_special(st->root, each_special, &ck)))
		ck.rc = rc;
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
		ck.rc = check_registers_of(&ck);
	if (!ck.rc)
		ck.rc = store_foreach(st, 'T', 0, each_record, &ck);
	if (!ck.rc)
		ck.rc = store_foreach(st, 'M', 0, each_record, &ck);
	if (!ck.rc)
		ck.rc = store_foreach(st, 'K', 0, each_record, &ck);
	if (!ck.rc)
		ck.rc = care_foreach(st, each_record, &ck);
	strlist_release(&special);
	return ck.rc;
}

int
check_uncommitted(struct store *st, problem_fn fn, void *ctx)
{
	struct checker ck = {st, fn, ctx, 0, NULL};
	struct strlist changed;
	int rc;

	strlist_init(&changed);
	/* A link or special file there is reported as such already. */
	if ((rc = vcs_uncommitted(st, store_hand_paths, &changed)) == PD_EDATA)
		rc = 0;
	pd_clear_error();
	for (size_t i = 0; !rc && i < changed.n; i++)
		problem(&ck, changed.items[i], "changes not committed");
	strlist_release(&changed);
	return rc ? rc : ck.rc;
}

int
check_warnings(struct store *st, problem_fn fn, void *ctx)
{
	static const char *const cols[] = {"name", "email", NULL};
	struct checker ck = {st, fn, ctx, 0, NULL};
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

/* ---- the store as committed (--rev) ---- */

static int
remove_entry(const char *path, const struct stat *sb, int flag,
	     struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Write the tree id below root's rel (rel "" is root). */
static int
export_tree(struct checker *ck, const char *root, const struct vcs_oid *id,
	    const char *rel)
{
	struct vcs_tree *t;
	int rc = 0;

	if ((rc = vcs_tree_read(id, &t)))
		return rc;
	for (size_t i = 0; i < vcs_tree_count(t) && !rc; i++) {
		const char *name = vcs_tree_name(t, i);
		char *path = *rel ? xasprintf("%s/%s", rel, name)
				  : xstrdup(name);
		char *data;
		size_t len;

		switch (vcs_tree_kind(t, i)) {
		case VCS_TREE:
			rc = export_tree(ck, root, vcs_tree_id(t, i), path);
			break;
		case VCS_BLOB:
			if (!(rc = vcs_blob_read(vcs_tree_id(t, i), &data,
						 &len))) {
				rc = storefs_write(root, path, data, len, NULL);
				free(data);
			}
			break;
		default:
			problem(ck, path, "%s; a store holds only directories and regular files",
				vcs_tree_kind(t, i) == VCS_LINK ?
				_("a symbolic link") : _("a submodule"));
		}
		if (rc == PD_EDATA) {
			/* A name no store file may have ("..", a link on
			 * the way): a problem, not a failure. */
			problem(ck, path, "%s", pd_errmsg());
			pd_clear_error();
			rc = 0;
		}
		free(path);
	}
	vcs_tree_free(t);
	return rc;
}

int
check_commit(const struct vcs_oid *commit, problem_fn fn, void *ctx)
{
	struct checker ck = {NULL, fn, ctx, 0, NULL};
	const char *tmpdir = getenv("TMPDIR");
	struct vcs_commit c;
	struct store st;
	char *dir;
	int rc;

	if ((rc = vcs_commit_read(commit, &c)))
		return rc;
	dir = xasprintf("%s/plaindesk-rev.XXXXXX",
			tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir)) {
		vcs_commit_release(&c);
		rc = pd_error(PD_ECANTCREAT, "cannot make a temporary directory in %s",
			      tmpdir && *tmpdir ? tmpdir : "/tmp");
		free(dir);
		return rc;
	}
	rc = export_tree(&ck, dir, &c.tree, "");
	vcs_commit_release(&c);
	if (!rc && !ck.rc) {
		rc = store_open(&st, dir);
		if (rc == PD_ENOINPUT) {
			problem(&ck, "plaindesk.json", "missing: this commit holds no store");
			pd_clear_error();
			rc = 0;
		} else if (rc == PD_EDATA && st.reg_loaded[REG_HOLIDAYS]) {
			/* A holiday register that reads but is wrong: each
			 * of its problems is listed, with the rest. */
			pd_clear_error();
			rc = check_store(&st, fn, ctx);
		} else if (rc == PD_ECONFIG || rc == PD_EDATA) {
			const char *msg = pd_errmsg();

			problem(&ck, str_startswith(msg, "registers/") ?
				"registers" : "plaindesk.json", "%s", msg);
			pd_clear_error();
			rc = 0;
		} else if (!rc) {
			rc = check_store(&st, fn, ctx);
		}
		store_close(&st);
	}
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return rc ? rc : ck.rc;
}
