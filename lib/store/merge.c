/*
 * Three-way merges of records and registers for the git merge driver
 * (DESIGN §4).  Pure: bytes in, bytes out, report lines in a list.
 *
 * The one rule everywhere is pick3(): a value one side changed and the
 * other did not takes the change; a value both sides changed the same way
 * is that value; a value both changed differently is ours in a record,
 * and that is reported, and a conflict in a register.  Lists whose items have ids (events, a meeting's action
 * items) are unioned instead, so nothing appended on either side is ever
 * lost, and what the events decide is folded again afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/clock.h"
#include "plaindesk/care.h"
#include "plaindesk/csvtab.h"
#include "plaindesk/kb.h"
#include "plaindesk/meeting.h"
#include "plaindesk/merge.h"
#include "plaindesk/record.h"
#include "plaindesk/ticket.h"

enum merge_kind
merge_kind_of(const char *path)
{
	const char *rest;

	if (str_startswith(path, "tickets/") && str_endswith(path, ".json"))
		return MERGE_TICKET;
	if (str_startswith(path, "meetings/") && str_endswith(path, ".json"))
		return MERGE_MEETING;
	if (str_startswith(path, "care/") && str_endswith(path, ".json"))
		return MERGE_CARE;
	if (str_startswith(path, "kb/") && str_endswith(path, ".json"))
		return MERGE_ARTICLE;
	if (str_startswith(path, "registers/") && str_endswith(path, ".csv")) {
		rest = path + strlen("registers/");
		if (!strchr(rest, '/') && strlen(rest) > 4)
			return MERGE_REGISTER;
	}
	return MERGE_OTHER;
}

static void
note(struct strlist *notes, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
note(struct strlist *notes, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_add_owned(notes, xvasprintf(pd_gettext(fmt), ap));
	va_end(ap);
}

/* Equal values, where NULL stands for "absent". */
static int
same(json_t *a, json_t *b)
{
	if (!a || !b)
		return a == b;
	return json_equal(a, b);
}

/* The three-way choice; *clash when both sides changed it differently. */
static json_t *
pick3(json_t *b, json_t *o, json_t *t, int *clash)
{
	*clash = 0;
	if (same(o, t))
		return o;
	if (same(o, b))
		return t;
	if (same(t, b))
		return o;
	*clash = 1;
	return o;
}

/* The same for CSV cells, where an absent column reads as "". */
static const char *
pick3s(const char *b, const char *o, const char *t, int *clash)
{
	*clash = 0;
	if (strcmp(o, t) == 0)
		return o;
	if (strcmp(o, b) == 0)
		return t;
	if (strcmp(t, b) == 0)
		return o;
	*clash = 1;
	return o;
}

/* Merge one key of the objects b, o, t into out. */
static void
merge_key(json_t *b, json_t *o, json_t *t, const char *key, json_t *out,
	  struct strlist *notes)
{
	int clash;
	json_t *v = pick3(json_object_get(b, key), json_object_get(o, key),
			  json_object_get(t, key), &clash);

	if (clash)
		note(notes, "'%s' changed on both sides; kept ours", key);
	if (v)
		json_object_set_new(out, key, json_deep_copy(v));
}

/* Merge every key of o and t but those in skip, ours' order first. */
static void
merge_keys(json_t *b, json_t *o, json_t *t, const char *const *skip,
	   json_t *out, struct strlist *notes)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v)
		if (str_index(skip, key) < 0)
			merge_key(b, o, t, key, out, notes);
	json_object_foreach(t, key, v)
		if (str_index(skip, key) < 0 && !json_object_get(o, key))
			merge_key(b, o, t, key, out, notes);
}

/* An item of a list with its key and, for timed lists, its time. */
struct keyed {
	json_t *v;
	char *key;
	time_t at;
};

/* The items of one side's list, and an index from key to position. */
struct side {
	struct keyed *items;
	size_t n;
	json_t *index;		/* object: key -> integer position */
};

static void
side_release(struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->items[i].key);
	free(s->items);
	json_decref(s->index);
	memset(s, 0, sizeof(*s));
}

/* The key of a list item: its "id". */
static char *
item_key(json_t *v)
{
	const char *id = jstr(v, "id");

	return id && *id ? xstrdup(id) : NULL;
}

/*
 * Index list (absent is empty) of one side: every item an object with a
 * key, no key twice; with timed, every item has a valid "at".
 */
static int
side_load(json_t *rec, const char *list, int timed, const char *side,
	  struct side *s)
{
	json_t *arr = json_object_get(rec, list), *v;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->index = json_object();
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return pd_error(PD_EDATA, "%s: '%s' is not a list", side, list);
	s->items = xcalloc(json_array_size(arr), sizeof(*s->items));
	json_array_foreach(arr, i, v) {
		struct keyed *k = &s->items[s->n];

		if (!json_is_object(v) || !(k->key = item_key(v)))
			return pd_error(PD_EDATA, "%s: %s item %zu has no id",
					side, list, i + 1);
		s->n++;
		k->v = v;
		if (json_object_get(s->index, k->key))
			return pd_error(PD_EDATA, "%s: %s id %s is used twice",
					side, list, k->key);
		json_object_set_new(s->index, k->key, json_integer((json_int_t)i));
		if (timed && (!jstr(v, "at") || time_parse(jstr(v, "at"),
							  &k->at) < 0))
			return pd_error(PD_EDATA, "%s: %s %s: 'at' is not a time",
					side, list, k->key);
	}
	return 0;
}

static json_t *
side_get(const struct side *s, const char *key)
{
	json_t *pos = json_object_get(s->index, key);

	return pos ? s->items[json_integer_value(pos)].v : NULL;
}

/* Between items only one side has: earlier first, then by key. */
static int
goes_first(const struct keyed *a, const struct keyed *b)
{
	if (a->at != b->at)
		return a->at < b->at;
	return strcmp(a->key, b->key) < 0;
}

/*
 * Union list of o and t into out[list].  Each side's own order is kept;
 * an item both have goes where both agree it goes; between items only
 * one side has, goes_first() decides, so the result does not depend on
 * which side is ours.  Same key, different contents: pick3 against the
 * base's item.
 */
static int
union_list(json_t *b, json_t *o, json_t *t, const char *list, int timed,
	   json_t *out, struct strlist *notes)
{
	struct side sb, so, st;
	json_t *res, *done;
	size_t i = 0, j = 0;
	int rc;

	if (!json_object_get(o, list) && !json_object_get(t, list))
		return 0;
	memset(&sb, 0, sizeof(sb));
	memset(&st, 0, sizeof(st));
	if ((rc = side_load(o, list, timed, "ours", &so)) ||
	    (rc = side_load(t, list, timed, "theirs", &st)) ||
	    (rc = side_load(b, list, 0, "base", &sb)))
		goto out;
	res = json_array();
	done = json_object();
	for (;;) {
		const struct keyed *take;
		json_t *v;
		int clash;

		while (i < so.n && json_object_get(done, so.items[i].key))
			i++;
		while (j < st.n && json_object_get(done, st.items[j].key))
			j++;
		if (i == so.n && j == st.n)
			break;
		if (i == so.n) {
			take = &st.items[j];
		} else if (j == st.n) {
			take = &so.items[i];
		} else {
			const struct keyed *a = &so.items[i], *c = &st.items[j];
			int a_both = side_get(&st, a->key) != NULL;
			int c_both = side_get(&so, c->key) != NULL;

			if (strcmp(a->key, c->key) == 0)
				take = a;
			else if (a_both && !c_both)
				take = c;
			else if (c_both && !a_both)
				take = a;
			else
				take = goes_first(a, c) ? a : c;
		}
		v = take->v;
		if (side_get(&so, take->key) && side_get(&st, take->key)) {
			v = pick3(side_get(&sb, take->key),
				  side_get(&so, take->key),
				  side_get(&st, take->key), &clash);
			if (clash)
				note(notes, "%s %s changed on both sides; kept ours",
				     list, take->key);
		}
		json_array_append_new(res, json_deep_copy(v));
		json_object_set_new(done, take->key, json_true());
	}
	json_object_set_new(out, list, res);
	json_decref(done);
out:
	side_release(&so);
	side_release(&st);
	side_release(&sb);
	return rc;
}

/* Events of type type that one side has and the other has not. */
static void
new_events_of_type(json_t *mine, json_t *other, const char *type,
		   struct strlist *ids)
{
	json_t *ev = json_object_get(mine, "events"), *e, *oev, *f;
	size_t i, k;

	json_array_foreach(ev, i, e) {
		int found = 0;

		if (!jstr(e, "type") || strcmp(jstr(e, "type"), type) ||
		    !jstr(e, "id"))
			continue;
		oev = json_object_get(other, "events");
		json_array_foreach(oev, k, f)
			if (jstr(f, "id") && !strcmp(jstr(f, "id"), jstr(e, "id")))
				found = 1;
		if (!found)
			strlist_add(ids, jstr(e, "id"));
	}
}

/*
 * A record whose header is merged key by key and whose events are
 * unioned (the state is left to the caller): a new object, or NULL with
 * an error code in *rc.
 */
static json_t *
merge_header_events(json_t *b, json_t *o, json_t *t, struct strlist *notes,
		    int *rc)
{
	static const char *const skip[] = {"state", "events", NULL};
	json_t *res = json_object();

	merge_keys(b, o, t, skip, res, notes);
	if ((*rc = union_list(b, o, t, "events", 1, res, notes))) {
		json_decref(res);
		return NULL;
	}
	return res;
}

static int
merge_ticket_json(json_t *b, json_t *o, json_t *t, const struct config *cfg,
		  json_t **out, struct strlist *notes)
{
	struct ticket_state state;
	struct strlist oc, tc;
	json_t *res;
	int rc;

	*out = NULL;
	if (!(res = merge_header_events(b, o, t, notes, &rc)))
		return rc;
	json_object_set_new(res, "state", json_object());
	if ((rc = ticket_validate_shape(res))) {
		json_decref(res);
		return pd_error(rc, "the merged ticket is not valid: %s",
				pd_errmsg());
	}
	ticket_fold(res, cfg, &state);
	json_object_set_new(res, "state", ticket_state_json(&state, cfg));
	strlist_init(&oc);
	strlist_init(&tc);
	new_events_of_type(o, t, "close", &oc);
	new_events_of_type(t, o, "close", &tc);
	if (oc.n && tc.n)
		note(notes, "closed on both sides (ours %s, theirs %s); both kept, the later close decides",
		     oc.items[0], tc.items[0]);
	strlist_release(&oc);
	strlist_release(&tc);
	*out = res;
	return 0;
}

/*
 * A copy of a meeting without what its events decide (state, sequence,
 * the actions' done_at and note, the feedback list, the service block):
 * those are folded
 * again after the merge, so comparing them would only report clashes
 * that the fold settles anyway.
 */
static json_t *
meeting_without_derived(json_t *rec)
{
	json_t *copy, *a;
	size_t i;

	if (!rec)
		return NULL;
	copy = json_deep_copy(rec);
	json_object_del(copy, "state");
	json_object_del(copy, "sequence");
	json_object_del(copy, "feedback");
	json_object_del(copy, "service");
	json_array_foreach(json_object_get(copy, "actions"), i, a) {
		json_object_del(a, "done_at");
		json_object_del(a, "note");
	}
	return copy;
}

/* Report what both sides did that only one of them could: an action
 * marked done twice, feedback from one person twice. */
static void
report_twice(json_t *o, json_t *t, const char *type, const char *key,
	     const char *fmt, struct strlist *notes)
{
	json_t *oev = json_object_get(o, "events"), *e, *f;
	size_t i, k;

	json_array_foreach(oev, i, e) {
		const char *v = jstr(e, key), *id = jstr(e, "id");
		int theirs_has_it = 0;

		if (!v || !id || !jstr(e, "type") || strcmp(jstr(e, "type"), type))
			continue;
		json_array_foreach(json_object_get(t, "events"), k, f)
			if (jstr(f, "id") && !strcmp(jstr(f, "id"), id))
				theirs_has_it = 1;
		if (theirs_has_it)
			continue;
		json_array_foreach(json_object_get(t, "events"), k, f) {
			int ours_has_it = 0;
			json_t *g;
			size_t m;

			if (!jstr(f, "type") || strcmp(jstr(f, "type"), type) ||
			    !jstr(f, key) || strcmp(jstr(f, key), v) ||
			    !jstr(f, "id"))
				continue;
			json_array_foreach(oev, m, g)
				if (jstr(g, "id") && !strcmp(jstr(g, "id"),
							     jstr(f, "id")))
					ours_has_it = 1;
			if (!ours_has_it)
				note(notes, fmt, v, id, jstr(f, "id"));
		}
	}
}

int
merge_meeting_json(json_t *mb, json_t *mo, json_t *mt, json_t **out,
		   struct strlist *notes)
{
	static const char *const skip[] = {"events", "actions", NULL};
	json_t *b = meeting_without_derived(mb), *o = meeting_without_derived(mo);
	json_t *t = meeting_without_derived(mt), *res = json_object();
	int rc;

	*out = NULL;
	merge_keys(b, o, t, skip, res, notes);
	rc = union_list(b, o, t, "events", 1, res, notes);
	if (!rc)
		rc = union_list(b, o, t, "actions", 0, res, notes);
	if (!rc) {
		/* xgettext:c-format */
		report_twice(o, t, "done", "action",
			     N_("action %s done on both sides (ours %s, theirs %s); both kept, the later decides"),
			     notes);
		/* xgettext:c-format */
		report_twice(o, t, "feedback", "by",
			     N_("feedback from %s given on both sides (ours %s, theirs %s); both kept"),
			     notes);
	}
	json_decref(b);
	json_decref(o);
	json_decref(t);
	if (rc) {
		json_decref(res);
		return rc;
	}
	/* Put back the derived parts in ours' shape for the checks; the
	 * fold below rewrites them. */
	{
		json_t *a, *v;
		size_t i;

		if ((v = json_object_get(mo, "sequence")))
			json_object_set(res, "sequence", v);
		if ((v = json_object_get(mo, "state")))
			json_object_set_new(res, "state", json_deep_copy(v));
		json_object_set_new(res, "feedback", json_array());
		json_array_foreach(json_object_get(res, "actions"), i, a) {
			json_object_set_new(a, "done_at", json_null());
			json_object_set_new(a, "note", json_null());
		}
	}
	if ((rc = meeting_validate_shape(res))) {
		json_decref(res);
		return pd_error(rc, "the merged meeting is not valid: %s",
				pd_errmsg());
	}
	/* What the events decide (state, sequence, done actions, feedback)
	 * comes from the merged events, as every reader derives it. */
	meeting_refresh(res);
	*out = res;
	return 0;
}

/*
 * A care plan or an article: the header key by key, the events unioned,
 * the state folded again from them and the result checked.
 */
static int
merge_event_record(json_t *b, json_t *o, json_t *t, enum merge_kind kind,
		   json_t **out, struct strlist *notes)
{
	json_t *res;
	int rc;

	*out = NULL;
	if (!(res = merge_header_events(b, o, t, notes, &rc)))
		return rc;
	json_object_set_new(res, "state", kind == MERGE_CARE ?
			    care_fold(res) : kb_fold(res));
	if ((rc = kind == MERGE_CARE ? care_validate(res) : kb_validate(res))) {
		json_decref(res);
		return pd_error(rc, "the merged record is not valid: %s",
				pd_errmsg());
	}
	*out = res;
	return 0;
}

/* Parse one side of a record merge; an empty base is no base. */
static int
parse_side(const struct merge_blob *blob, const char *path, const char *side,
	   int optional, json_t **rec)
{
	char *name;
	int rc;

	*rec = NULL;
	if (!blob || !blob->data || blob->len == 0) {
		if (optional)
			return 0;
		return pd_error(PD_EDATA, "%s (%s): empty", path, side);
	}
	name = xasprintf("%s (%s)", path, side);
	rc = record_parse(blob->data, blob->len, name, rec);
	free(name);
	return rc;
}

static int
merge_records(const char *path, enum merge_kind kind,
	      const struct merge_blob *base, const struct merge_blob *ours,
	      const struct merge_blob *theirs, const struct config *cfg,
	      char **out, size_t *outlen, struct strlist *notes)
{
	json_t *b = NULL, *o = NULL, *t = NULL, *res = NULL;
	int rc;

	if ((rc = parse_side(ours, path, "ours", 0, &o)) ||
	    (rc = parse_side(theirs, path, "theirs", 0, &t)) ||
	    (rc = parse_side(base, path, "base", 1, &b)))
		goto out;
	if (kind == MERGE_TICKET) {
		if (!cfg)
			rc = pd_error(PD_ESOFTWARE, "%s: no configuration to fold the ticket with",
				      path);
		else
			rc = merge_ticket_json(b, o, t, cfg, &res, notes);
	} else if (kind == MERGE_CARE || kind == MERGE_ARTICLE) {
		rc = merge_event_record(b, o, t, kind, &res, notes);
	} else {
		rc = merge_meeting_json(b, o, t, &res, notes);
	}
	if (rc) {
		rc = pd_error(rc, "%s: %s", path, pd_errmsg());
		goto out;
	}
	*out = record_format(res, outlen);
out:
	json_decref(b);
	json_decref(o);
	json_decref(t);
	json_decref(res);
	return rc;
}

/* A register side: parsed, with its key column and an index by key. */
struct reg_side {
	struct csvtab tab;
	int key;		/* column of the key */
	json_t *index;		/* key -> row */
	int present;
};

static void
reg_side_release(struct reg_side *s)
{
	csvtab_release(&s->tab);
	json_decref(s->index);
	memset(s, 0, sizeof(*s));
}

static int
reg_side_load(const struct merge_blob *blob, const char *path,
	      const char *side, const char *keycol, int optional,
	      struct reg_side *s)
{
	char *name;
	int rc;

	memset(s, 0, sizeof(*s));
	csvtab_init(&s->tab);
	s->index = json_object();
	if (!blob || !blob->data || blob->len == 0) {
		if (optional)
			return 0;
		return pd_error(PD_EDATA, "%s (%s): empty", path, side);
	}
	name = xasprintf("%s (%s)", path, side);
	rc = csvtab_parse(&s->tab, blob->data, blob->len, name);
	if (!rc && (s->key = csvtab_col(&s->tab, keycol)) < 0)
		rc = pd_error(PD_EDATA, "%s: no '%s' column to merge rows by",
			      name, keycol);
	for (size_t r = 0; !rc && r < s->tab.nrows; r++) {
		const char *k = s->tab.rows[r][s->key];

		if (!*k)
			rc = pd_error(PD_EDATA, "%s: line %zu: empty %s", name,
				      s->tab.lines[r], keycol);
		else if (json_object_get(s->index, k))
			rc = pd_error(PD_EDATA, "%s: line %zu: %s '%s' appears twice",
				      name, s->tab.lines[r], keycol, k);
		else
			json_object_set_new(s->index, k,
					    json_integer((json_int_t)r));
	}
	free(name);
	s->present = 1;
	return rc;
}

/* The row of s with key k, or -1. */
static long
reg_row(const struct reg_side *s, const char *k)
{
	json_t *r = json_object_get(s->index, k);

	return r ? (long)json_integer_value(r) : -1;
}

/* Cell of row r (-1: no row) in column name; "" when absent. */
static const char *
reg_cell(const struct reg_side *s, long r, const char *name)
{
	return r < 0 ? "" : csvtab_get(&s->tab, (size_t)r, name);
}

/* Is row r of s the same as row br of the base, over the columns? */
static int
reg_unchanged(const struct reg_side *s, long r, const struct reg_side *b,
	      long br, char **cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++)
		if (strcmp(reg_cell(s, r, cols[c]), reg_cell(b, br, cols[c])))
			return 0;
	return 1;
}

/* The merged register: rows, and for each row in conflict theirs. */
struct reg_result {
	struct csvtab tab;
	char ***theirs;		/* [row]: theirs' version, or NULL */
	size_t cap;
	int conflicts;
};

/*
 * Merge the row with key key (orow, trow, br: its rows on each side, -1
 * for none) into res.  A cell changed differently on both sides makes
 * the row a conflict: ours' version of it, theirs' kept beside.
 */
static void
reg_emit(struct reg_result *res, char **cols, size_t ncols,
	 const struct reg_side *b, long br, const struct reg_side *o, long orow,
	 const struct reg_side *t, long trow, const char *key,
	 struct strlist *notes)
{
	const char **vals = xcalloc(ncols, sizeof(*vals));
	char **theirs = NULL;
	size_t r = res->tab.nrows;

	for (size_t c = 0; c < ncols; c++) {
		int clash = 0;

		if (orow >= 0 && trow >= 0) {
			vals[c] = pick3s(reg_cell(b, br, cols[c]),
					 reg_cell(o, orow, cols[c]),
					 reg_cell(t, trow, cols[c]), &clash);
			if (clash) {
				note(notes, "%s: '%s' changed on both sides ('%s' and '%s'); left between conflict markers",
				     key, cols[c], reg_cell(o, orow, cols[c]),
				     reg_cell(t, trow, cols[c]));
				if (!theirs)
					theirs = xcalloc(ncols,
							 sizeof(*theirs));
				theirs[c] = xstrdup(reg_cell(t, trow,
							     cols[c]));
			}
		} else {
			vals[c] = orow >= 0 ? reg_cell(o, orow, cols[c])
					    : reg_cell(t, trow, cols[c]);
		}
	}
	csvtab_append(&res->tab, (const char *const *)cols, vals, ncols);
	if (r >= res->cap) {
		res->cap = res->cap ? 2 * res->cap : 16;
		res->theirs = xrealloc(res->theirs,
				       res->cap * sizeof(*res->theirs));
	}
	res->theirs[r] = theirs;
	if (theirs) {
		for (size_t c = 0; c < ncols; c++)
			if (!theirs[c])
				theirs[c] = xstrdup(vals[c]);
		res->conflicts++;
	}
	free(vals);
}

/* The merged register as text, rows in conflict between markers. */
static char *
reg_format(const struct reg_result *res, size_t *len)
{
	const struct csvtab *t = &res->tab;
	struct sbuf sb;

	sbuf_init(&sb);
	csvtab_format_row(&sb, t->header, t->ncols);
	for (size_t r = 0; r < t->nrows; r++) {
		if (!res->theirs[r]) {
			csvtab_format_row(&sb, t->rows[r], t->ncols);
			continue;
		}
		sbuf_adds(&sb, "<<<<<<< ours\n");
		csvtab_format_row(&sb, t->rows[r], t->ncols);
		sbuf_adds(&sb, "=======\n");
		csvtab_format_row(&sb, res->theirs[r], t->ncols);
		sbuf_adds(&sb, ">>>>>>> theirs\n");
	}
	return sbuf_detach(&sb, len);
}

static void
reg_result_release(struct reg_result *res)
{
	for (size_t r = 0; r < res->tab.nrows; r++) {
		for (size_t c = 0; res->theirs[r] && c < res->tab.ncols; c++)
			free(res->theirs[r][c]);
		free(res->theirs[r]);
	}
	free(res->theirs);
	csvtab_release(&res->tab);
}

static int
merge_register(const char *path, const struct merge_blob *base,
	       const struct merge_blob *ours, const struct merge_blob *theirs,
	       char **out, size_t *outlen, int *conflicts,
	       struct strlist *notes)
{
	const char *keycol = str_endswith(path, "/holidays.csv") ? "date"
								 : "id";
	struct reg_side b, o, t;
	struct reg_result res = {0};
	struct strlist cols;
	int rc;

	csvtab_init(&res.tab);
	strlist_init(&cols);
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	if ((rc = reg_side_load(ours, path, "ours", keycol, 0, &o)) ||
	    (rc = reg_side_load(theirs, path, "theirs", keycol, 0, &t)) ||
	    (rc = reg_side_load(base, path, "base", keycol, 1, &b)))
		goto out;
	/* Columns: ours' in their order, then those only theirs has. */
	for (size_t c = 0; c < o.tab.ncols; c++)
		strlist_add(&cols, o.tab.header[c]);
	for (size_t c = 0; c < t.tab.ncols; c++)
		if (!strlist_has(&cols, t.tab.header[c]))
			strlist_add(&cols, t.tab.header[c]);
	csvtab_set_header(&res.tab, (const char *const *)cols.items, cols.n);
	for (size_t r = 0; r < o.tab.nrows; r++) {
		const char *k = o.tab.rows[r][o.key];
		long tr = reg_row(&t, k), br = reg_row(&b, k);

		if (tr < 0 && br >= 0) {
			/* Theirs deleted it: gone, unless ours changed it. */
			if (reg_unchanged(&o, (long)r, &b, br, cols.items,
					  cols.n))
				continue;
			note(notes, "%s: deleted on their side but changed on ours; kept",
			     k);
		}
		reg_emit(&res, cols.items, cols.n, &b, br, &o, (long)r, &t, tr,
			 k, notes);
	}
	for (size_t r = 0; r < t.tab.nrows; r++) {
		const char *k = t.tab.rows[r][t.key];
		long br = reg_row(&b, k);

		if (reg_row(&o, k) >= 0)
			continue;
		if (br >= 0) {
			if (reg_unchanged(&t, (long)r, &b, br, cols.items,
					  cols.n))
				continue;
			note(notes, "%s: deleted on our side but changed on theirs; kept",
			     k);
		}
		reg_emit(&res, cols.items, cols.n, &b, br, &o, -1, &t, (long)r,
			 k, notes);
	}
	*out = reg_format(&res, outlen);
	*conflicts = res.conflicts;
out:
	reg_side_release(&b);
	reg_side_release(&o);
	reg_side_release(&t);
	reg_result_release(&res);
	strlist_release(&cols);
	return rc;
}

int
merge_file(const char *path, const struct merge_blob *base,
	   const struct merge_blob *ours, const struct merge_blob *theirs,
	   const struct config *cfg, char **out, size_t *outlen,
	   int *conflicts, struct strlist *notes)
{
	enum merge_kind kind = merge_kind_of(path);

	*out = NULL;
	*outlen = 0;
	*conflicts = 0;
	switch (kind) {
	case MERGE_TICKET:
	case MERGE_MEETING:
	case MERGE_CARE:
	case MERGE_ARTICLE:
		return merge_records(path, kind, base, ours, theirs, cfg, out,
				     outlen, notes);
	case MERGE_REGISTER:
		return merge_register(path, base, ours, theirs, out, outlen,
				      conflicts, notes);
	default:
		return pd_error(PD_EDATA, "%s: not a plaindesk record or register",
				path);
	}
}
