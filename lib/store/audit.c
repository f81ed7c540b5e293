/*
 * The history as proof (DESIGN §4 "History"): one topological walk,
 * oldest first; each commit compared with each parent by descending only
 * into the subtrees whose ids differ, so that a commit that changes one
 * ticket reads the root, tickets/, its year and month and two versions of
 * the record.  What is kept besides the problems found is bounded: the
 * trees of the commit before (most often its parent) and the versions of
 * records read lately, so that each is read and verified once.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "plaindesk/audit.h"
#include "plaindesk/csvtab.h"
#include "plaindesk/i18n.h"
#include "plaindesk/record.h"
#include "plaindesk/store.h"
#include "plaindesk/text.h"

const char *const audit_kind_names[] = {
	"event-removed", "event-changed", "event-duplicate", "header-changed",
	"no-event", "merge-added", "record-removed", "id-path",
	"invalid-record", "no-trailers", "unnamed-record", "named-untouched",
	"actor", "object-mismatch", "rewritten", "unattributed", NULL
};

static const char *const record_dirs[] = {
	"tickets", "meetings", "kb", "care", NULL
};

void
audit_list_release(struct audit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].message);
		free(l->items[i].text);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void add_problem(struct audit_list *l, const char *commit,
			const char *path, enum audit_kind kind,
			const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
add_problem(struct audit_list *l, const char *commit, const char *path,
	    enum audit_kind kind, const char *fmt, ...)
{
	struct audit_problem *p;
	struct sbuf sb, clean;
	va_list ap, aq;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	p = &l->items[l->n++];
	snprintf(p->commit, sizeof(p->commit), "%s", commit);
	sbuf_init(&sb);
	sbuf_init(&clean);
	va_start(ap, fmt);
	va_copy(aq, ap);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	text_add_clean(&clean, sb.buf ? sb.buf : "", 1);
	p->message = clean.buf ? sbuf_detach(&clean, NULL) : xstrdup("");
	sbuf_release(&sb);
	/* The same in the language of messages, for the text output. */
	sbuf_init(&sb);
	sbuf_init(&clean);
	sbuf_vaddf(&sb, pd_gettext(fmt), aq);
	va_end(aq);
	text_add_clean(&clean, sb.buf ? sb.buf : "", 1);
	p->text = clean.buf ? sbuf_detach(&clean, NULL) : xstrdup("");
	sbuf_release(&sb);
	sbuf_init(&clean);
	text_add_clean(&clean, path, 1);
	p->path = clean.buf ? sbuf_detach(&clean, NULL) : xstrdup("");
	p->kind = kind;
}

int
audit_is_record_path(const char *path)
{
	for (int i = 0; record_dirs[i]; i++) {
		size_t n = strlen(record_dirs[i]);

		if (!strncmp(path, record_dirs[i], n) && path[n] == '/')
			return 1;
	}
	return 0;
}

char *
audit_record_name(const char *path)
{
	const char *base = strrchr(path, '/');

	if (!audit_is_record_path(path) || !base ||
	    !str_endswith(base + 1, ".json") || strlen(base + 1) <= 5)
		return NULL;
	return xstrndup(base + 1, strlen(base + 1) - 5);
}

/* The kind of record at path: 'T', 'M', 'K', 'C' (care). */
static char
record_kind(const char *path)
{
	return path[0] == 't' ? 'T' : path[0] == 'm' ? 'M' :
	       path[0] == 'k' ? 'K' : 'C';
}

/* Keys a change may rewrite; every other key is the header. */
static int
body_key(char kind, const char *key)
{
	static const char *const meeting_body[] = {
		"state", "events", "sequence", "minutes", "actions",
		"feedback", "service", NULL
	};

	if (kind == 'M')
		return str_index(meeting_body, key) >= 0;
	return !strcmp(key, "state") || !strcmp(key, "events");
}

/* The trailers of a commit message. */
struct trailers {
	int command, any;
	char *command_name;
	struct strlist records;
};

static void
trailers_parse(const char *msg, struct trailers *t)
{
	const char *line = msg;

	memset(t, 0, sizeof(*t));
	strlist_init(&t->records);
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char *l = xstrndup(line, n), *v;

		if (str_startswith(l, "Plaindesk-"))
			t->any = 1;
		if ((v = str_startswith(l, "Plaindesk-Command:") ? l + 18 :
			 NULL)) {
			while (*v == ' ')
				v++;
			t->command = 1;
			free(t->command_name);
			t->command_name = xstrdup(v);
		} else if (str_startswith(l, "Plaindesk-Record:")) {
			v = l + 17;
			while (*v == ' ')
				v++;
			strlist_add(&t->records, v);
		}
		free(l);
		line = nl ? nl + 1 : NULL;
	}
}

static void
trailers_release(struct trailers *t)
{
	free(t->command_name);
	strlist_release(&t->records);
}

/* ---- the staff register of a commit, for the actor rule ---- */

static struct {
	struct vcs_oid id;
	int loaded;
	struct csvtab tab;
} staff_cache;

static struct csvtab *
commit_staff(const struct vcs_commit *c)
{
	struct vcs_oid id;
	char *data;
	size_t len;
	int kind;

	if (vcs_tree_lookup(&c->tree, "registers/staff.csv", &id, &kind) != 1 ||
	    kind != VCS_BLOB) {
		pd_clear_error();
		return NULL;
	}
	if (staff_cache.loaded && vcs_oid_equal(&staff_cache.id, &id))
		return &staff_cache.tab;
	if (staff_cache.loaded)
		csvtab_release(&staff_cache.tab);
	staff_cache.loaded = 0;
	if (vcs_blob_read(&id, &data, &len)) {
		pd_clear_error();
		return NULL;
	}
	csvtab_init(&staff_cache.tab);
	if (csvtab_parse(&staff_cache.tab, data, len, "registers/staff.csv")) {
		/* A register refused for a cell is still read. */
		pd_clear_error();
	}
	free(data);
	staff_cache.id = id;
	staff_cache.loaded = 1;
	return &staff_cache.tab;
}

static int
same_name(const char *who, const char *name)
{
	char *clean;
	int same;

	if (!*who)
		return 0;
	if (!strcmp(who, name))
		return 1;
	clean = ident_clean(who);
	same = *clean && !strcmp(clean, name);
	free(clean);
	return same;
}

/* Does by identify the commit's author (DESIGN §4)? */
static int
by_is_author(const struct vcs_commit *c, const char *by)
{
	const struct vcs_person *au = &c->author;
	struct csvtab *staff;
	char *full;
	int ok;

	if (!by || !*by)
		return 0;
	if (same_name(by, au->name) || (*au->email &&
					!strcasecmp(by, au->email)))
		return 1;
	full = xasprintf("%s <%s>", au->name, au->email);
	ok = !strcmp(by, full);
	free(full);
	if (ok || !(staff = commit_staff(c)))
		return ok;
	for (size_t r = 0; r < staff->nrows; r++) {
		const char *email = csvtab_get(staff, r, "email");

		if (strcmp(csvtab_get(staff, r, "id"), by))
			continue;
		if (same_name(csvtab_get(staff, r, "name"), au->name) ||
		    (*email && !strcasecmp(email, au->email)))
			return 1;
	}
	return 0;
}

/* ---- one record in one commit ---- */

/* A version parsed: the record and its events by id (NULL when the
 * version is absent or not a record). */
struct parsed {
	json_t *rec, *byid;
	int present;
};

static void
parsed_release(struct parsed *p)
{
	json_decref(p->rec);
	json_decref(p->byid);
}

/*
 * Parse a version: 0, or a message (caller frees) saying why it is not
 * a record.  byid maps each event id to its first event; *dups gets the
 * ids used more than once.
 */
static char *
parse_bytes(const struct audit_version *v, struct parsed *p,
	    struct strlist *dups)
{
	json_t *events, *e;
	json_error_t err;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!v || !v->data)
		return NULL;
	p->present = 1;
	p->rec = json_loadb(v->data, v->len, JSON_REJECT_DUPLICATES, &err);
	if (!p->rec)
		return xasprintf("not JSON: line %d: %s", err.line, err.text);
	if (!json_is_object(p->rec))
		return xstrdup("not a JSON object");
	events = json_object_get(p->rec, "events");
	if (!json_is_array(events))
		return xstrdup("no list of events");
	p->byid = json_object();
	json_array_foreach(events, i, e) {
		const char *id = jstr(e, "id");

		if (!json_is_object(e) || !id || !*id)
			return xasprintf("event %zu has no id", i + 1);
		if (json_object_get(p->byid, id)) {
			if (dups && !strlist_has(dups, id))
				strlist_add(dups, id);
		} else {
			json_object_set(p->byid, id, e);
		}
	}
	return NULL;
}

/*
 * Versions of records read and parsed lately, by blob id: a commit's old
 * version of a record is most often a recent commit's new one.  A fixed
 * number of slots, each the last version whose id falls in it.
 */
#define KEPT_VERSIONS 2048

struct kept_version {
	struct vcs_oid id;
	char *data;		/* NULL: an empty slot */
	size_t len;
	int parsed;
	json_t *rec, *byid;	/* what parse_bytes() made, shared */
	struct strlist dups;
	char *why;
};

static struct kept_version *versions;

static void
version_clear(struct kept_version *k)
{
	free(k->data);
	json_decref(k->rec);
	json_decref(k->byid);
	strlist_release(&k->dups);
	free(k->why);
	memset(k, 0, sizeof(*k));
}

static void
versions_release(void)
{
	for (size_t i = 0; versions && i < KEPT_VERSIONS; i++)
		version_clear(&versions[i]);
	free(versions);
	versions = NULL;
}

static struct kept_version *
version_slot(const struct vcs_oid *id)
{
	unsigned h = (unsigned)id->id[0] | (unsigned)id->id[1] << 8;

	if (!versions)
		versions = xcalloc(KEPT_VERSIONS, sizeof(*versions));
	return &versions[h % KEPT_VERSIONS];
}

/* The kept version id, or NULL. */
static struct kept_version *
version_kept(const struct vcs_oid *id)
{
	struct kept_version *k = version_slot(id);

	return k->data && vcs_oid_equal(&k->id, id) ? k : NULL;
}

static struct kept_version *
version_keep(const struct vcs_oid *id, const char *data, size_t len)
{
	struct kept_version *k = version_slot(id);

	version_clear(k);
	k->id = *id;
	k->data = xmalloc(len + 1);
	memcpy(k->data, data, len);
	k->data[len] = '\0';
	k->len = len;
	strlist_init(&k->dups);
	return k;
}

/* parse_bytes(), once for each blob id kept. */
static char *
parse_version(const struct audit_version *v, struct parsed *p,
	      struct strlist *dups)
{
	struct kept_version *k;

	if (!v || !v->data || !v->id)
		return parse_bytes(v, p, dups);
	if (!(k = version_kept(v->id)))
		k = version_keep(v->id, v->data, v->len);
	if (!k->parsed) {
		k->why = parse_bytes(v, p, &k->dups);
		k->rec = json_incref(p->rec);
		k->byid = json_incref(p->byid);
		k->parsed = 1;
	} else {
		memset(p, 0, sizeof(*p));
		p->present = 1;
		p->rec = json_incref(k->rec);
		p->byid = json_incref(k->byid);
	}
	for (size_t i = 0; dups && i < k->dups.n; i++)
		if (!strlist_has(dups, k->dups.items[i]))
			strlist_add(dups, k->dups.items[i]);
	return k->why ? xstrdup(k->why) : NULL;
}

/* The first key whose value differs between two objects. */
static const char *
first_difference(json_t *a, json_t *b)
{
	const char *key;
	json_t *v;

	json_object_foreach(a, key, v)
		if (!json_equal(v, json_object_get(b, key)))
			return key;
	json_object_foreach(b, key, v)
		if (!json_object_get(a, key))
			return key;
	return "?";
}

/* What audit_check_record() works with. */
struct rcheck {
	const struct vcs_commit *c;
	const char *path;
	char hex[41];
	struct audit_list *out;
	char kind;
};

#define PROBLEM(rc, k, ...) \
	add_problem((rc)->out, (rc)->hex, (rc)->path, (k), __VA_ARGS__)

/* The id (or customer) the path says the record has. */
static void
check_id_path(struct rcheck *rc, json_t *rec)
{
	char *name = audit_record_name(rc->path), *want = NULL;
	const char *id = jstr(rec, rc->kind == 'C' ? "customer" : "id");

	if (rc->kind == 'C') {
		if (!name || strchr(rc->path + 5, '/') || !id ||
		    strcmp(id, name))
			PROBLEM(rc, AK_ID_PATH,
				"customer %s does not belong at %s",
				id ? id : "(none)", rc->path);
	} else if (!id || !id_valid(rc->kind, id) ||
		   strcmp((want = id_relpath(id)), rc->path)) {
		PROBLEM(rc, AK_ID_PATH, "id %s does not belong at %s",
			id ? id : "(none)", rc->path);
	}
	free(want);
	free(name);
}

/* Every event of old is in new, as it was. */
static void
check_kept(struct rcheck *rc, struct parsed *old, struct parsed *new)
{
	const char *id;
	json_t *e;

	json_object_foreach(old->byid, id, e) {
		json_t *n = json_object_get(new->byid, id);

		if (!n)
			PROBLEM(rc, AK_EVENT_REMOVED, "event %s (%s) removed",
				id, jstr(e, "type") ? jstr(e, "type") : "?");
		else if (!json_equal(e, n))
			PROBLEM(rc, AK_EVENT_CHANGED,
				"event %s (%s): field %s changed",
				id, jstr(e, "type") ? jstr(e, "type") : "?",
				first_difference(e, n));
	}
}

/* Was an event of this type added (an id in new not in old)? */
static int
added_type(struct parsed *old, struct parsed *new, const char *type,
	   const char *key)
{
	const char *id;
	json_t *e;

	json_object_foreach(new->byid, id, e)
		if ((!old->byid || !json_object_get(old->byid, id)) &&
		    jstr(e, "type") && !strcmp(jstr(e, "type"), type) &&
		    (!key || json_object_get(e, key)))
			return 1;
	return 0;
}

/* A header field that changed from old to new (NULL: none); allowed ones
 * (a meeting's, with an update) are skipped. */
static void
check_header(struct rcheck *rc, struct parsed *old, struct parsed *new)
{
	const char *key;
	json_t *v;

	for (int pass = 0; pass < 2; pass++) {
		json_t *a = pass ? new->rec : old->rec;
		json_t *b = pass ? old->rec : new->rec;

		json_object_foreach(a, key, v) {
			if (body_key(rc->kind, key) ||
			    (pass && json_object_get(b, key)) ||
			    json_equal(v, json_object_get(b, key)))
				continue;
			if (rc->kind == 'M' && strcmp(key, "id") &&
			    (added_type(old, new, "update", NULL) ||
			     (!strcmp(key, "attendees") &&
			      added_type(old, new, "record", "added"))))
				continue;
			if (rc->kind == 'M' && strcmp(key, "id"))
				PROBLEM(rc, AK_HEADER_CHANGED,
					"header field %s changed without an update event",
					key);
			else
				PROBLEM(rc, AK_HEADER_CHANGED,
					"header field %s changed", key);
		}
	}
}

/* A merge: each header field is some parent's. */
static void
check_merge_header(struct rcheck *rc, struct parsed *olds, size_t n,
		   struct parsed *new)
{
	struct strset seen;
	const char *key;
	json_t *v;

	strset_init(&seen);
	for (size_t i = 0; i <= n; i++) {
		json_t *keys = i < n ? olds[i].rec : new->rec;

		if (i < n && !olds[i].byid)
			continue;
		json_object_foreach(keys, key, v) {
			json_t *merged = json_object_get(new->rec, key);
			int found = 0;

			if (body_key(rc->kind, key) || !strset_add(&seen, key))
				continue;
			for (size_t j = 0; j < n && !found; j++)
				found = olds[j].byid && json_equal(merged,
					json_object_get(olds[j].rec, key));
			if (!found)
				PROBLEM(rc, AK_HEADER_CHANGED, "header field "
					"%s is none of the parents'", key);
		}
	}
	strset_release(&seen);
}

/* A non-merge commit: the trailers name the record, its events are the
 * author's, and it adds one. */
static void
check_change(struct rcheck *rc, struct parsed *old, struct parsed *new,
	     const struct trailers *t, size_t *added)
{
	char *name = audit_record_name(rc->path);
	const char *id;
	json_t *e;
	size_t n = 0;

	if (!t->command)
		PROBLEM(rc, AK_NO_TRAILERS, "changed by a commit without a "
			"Plaindesk-Command trailer");
	else if (name && !strlist_has(&t->records, name))
		PROBLEM(rc, AK_UNNAMED_RECORD, "%s changed but not named in a "
			"Plaindesk-Record trailer", name);
	free(name);
	json_object_foreach(new->byid, id, e) {
		if (old->byid && json_object_get(old->byid, id))
			continue;
		n++;
		if (!by_is_author(rc->c, jstr(e, "by")))
			PROBLEM(rc, AK_ACTOR, "event %s (%s) is by %s, the "
				"commit's author is %s <%s>", id,
				jstr(e, "type") ? jstr(e, "type") : "?",
				jstr(e, "by") ? jstr(e, "by") : "(nobody)",
				rc->c->author.name, rc->c->author.email);
	}
	*added += n;
	if (n == 0 && !(t->command_name &&
			!strcmp(t->command_name, "plaindesk-check") &&
			old->rec))
		PROBLEM(rc, AK_NO_EVENT, "changed without adding an event");
	else if (n == 0 && json_object_size(old->byid) !=
			   json_object_size(new->byid))
		PROBLEM(rc, AK_NO_EVENT, "changed without adding an event");
}

void
audit_check_record(const struct vcs_commit *c, const char *path,
		   const struct audit_version *new_v,
		   const struct audit_version *old_v, struct audit_list *out,
		   size_t *events_added)
{
	struct rcheck rc = {c, path, "", out, record_kind(path)};
	size_t np = c->nparents ? c->nparents : 1, dummy = 0;
	struct parsed *olds = xcalloc(np, sizeof(*olds)), new;
	struct strlist dups, olddups;
	struct trailers t;
	char *why;

	vcs_oid_hex(&c->id, rc.hex);
	rc.hex[12] = '\0';
	strlist_init(&dups);
	strlist_init(&olddups);
	trailers_parse(c->message, &t);
	if (!events_added)
		events_added = &dummy;
	if (!new_v->data) {
		PROBLEM(&rc, AK_RECORD_REMOVED, "record file removed");
		goto out;
	}
	if ((why = parse_version(new_v, &new, &dups))) {
		PROBLEM(&rc, AK_INVALID_RECORD, "%s", why);
		free(why);
		parsed_release(&new);
		goto out;
	}
	check_id_path(&rc, new.rec);
	for (size_t i = 0; i < np; i++) {
		/* A version that was not a record was reported when it
		 * came; it is not compared with. */
		free(parse_version(&old_v[i], &olds[i], &olddups));
		if (!olds[i].byid) {
			json_decref(olds[i].rec);
			olds[i].rec = NULL;
		}
	}
	for (size_t i = 0; i < dups.n; i++)
		if (!strlist_has(&olddups, dups.items[i]))
			PROBLEM(&rc, AK_EVENT_DUPLICATE,
				"event id %s used more than once",
				dups.items[i]);
	for (size_t i = 0; i < np; i++)
		if (olds[i].byid)
			check_kept(&rc, &olds[i], &new);
	if (c->nparents > 1) {
		const char *id;
		json_t *e;

		json_object_foreach(new.byid, id, e) {
			int found = 0;

			for (size_t i = 0; i < np && !found; i++)
				found = olds[i].byid &&
					json_object_get(olds[i].byid, id);
			if (!found)
				PROBLEM(&rc, AK_MERGE_ADDED, "event %s (%s) "
					"is in none of the parents", id,
					jstr(e, "type") ? jstr(e, "type")
							: "?");
		}
		check_merge_header(&rc, olds, np, &new);
	} else {
		if (olds[0].byid)
			check_header(&rc, &olds[0], &new);
		check_change(&rc, &olds[0], &new, &t, events_added);
	}
	parsed_release(&new);
	for (size_t i = 0; i < np; i++)
		parsed_release(&olds[i]);
out:
	free(olds);
	trailers_release(&t);
	strlist_release(&dups);
	strlist_release(&olddups);
}

/* ---- the walk ---- */

/* One path that differs between a parent's tree and the commit's. */
struct delta {
	char *path;
	struct vcs_oid old, new;
	int has_old, has_new;	/* a blob there (1), or something else (2) */
};

struct deltas {
	struct delta *d;
	size_t n, cap;
};

struct walker {
	struct audit *a;
	struct vcs_commit *c;
	char hex[41];
	struct deltas *ds;
};

static void
delta_add(struct deltas *ds, const char *path, const struct vcs_oid *old,
	  int old_kind, const struct vcs_oid *new, int new_kind)
{
	struct delta *d;

	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? 2 * ds->cap : 16;
		ds->d = xrealloc(ds->d, ds->cap * sizeof(*ds->d));
	}
	d = &ds->d[ds->n++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(path);
	if (old) {
		d->old = *old;
		d->has_old = old_kind == VCS_BLOB ? 1 : 2;
	}
	if (new) {
		d->new = *new;
		d->has_new = new_kind == VCS_BLOB ? 1 : 2;
	}
}

static void
deltas_release(struct deltas *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		free(ds->d[i].path);
	free(ds->d);
	memset(ds, 0, sizeof(*ds));
}

/* git's order of tree entries: a tree sorts as if its name ended in '/'. */
static int
entry_cmp(const char *a, int adir, const char *b, int bdir)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
	int r = memcmp(a, b, n);
	unsigned char ca, cb;

	if (r)
		return r;
	ca = n < la ? (unsigned char)a[n] : adir ? '/' : 0;
	cb = n < lb ? (unsigned char)b[n] : bdir ? '/' : 0;
	return ca - cb;
}

/*
 * The trees read for this commit and for the one before it.  A commit's
 * parent is most often the commit walked just before it (its child just
 * after, walking newest first), so each tree is read, and its id
 * verified, once; what is kept is bounded by two commits' changes.
 */
struct kept_tree {
	struct vcs_oid id;
	struct vcs_tree *t;
};

static struct {
	struct kept_tree *v;
	size_t n, cap;
} kept[2];		/* [0]: this commit's, [1]: the previous one's */

/* The tree id, read or kept (the caller does not free it). */
static int
tree_get(const struct vcs_oid *id, struct vcs_tree **t)
{
	struct kept_tree *k = NULL;
	int g, rc;

	for (g = 0; g < 2 && !k; g++)
		for (size_t i = 0; i < kept[g].n && !k; i++)
			if (vcs_oid_equal(&kept[g].v[i].id, id))
				k = &kept[g].v[i];
	if (k && g == 1) {	/* g is one past where it was found */
		*t = k->t;
		return 0;
	}
	if (!k && (rc = vcs_tree_read(id, t)))
		return rc;
	if (kept[0].n == kept[0].cap) {
		kept[0].cap = kept[0].cap ? 2 * kept[0].cap : 16;
		kept[0].v = xrealloc(kept[0].v,
				     kept[0].cap * sizeof(*kept[0].v));
	}
	if (k) {	/* moved from the previous commit's */
		*t = k->t;
		*k = kept[1].v[--kept[1].n];
	}
	kept[0].v[kept[0].n].id = *id;
	kept[0].v[kept[0].n++].t = *t;
	return 0;
}

/* The next commit: the previous one's trees are let go.  Twice: all. */
static void
trees_next(void)
{
	for (size_t i = 0; i < kept[1].n; i++)
		vcs_tree_free(kept[1].v[i].t);
	free(kept[1].v);
	kept[1] = kept[0];
	memset(&kept[0], 0, sizeof(kept[0]));
}

static int diff_trees(struct walker *w, const struct vcs_oid *a,
		      const struct vcs_oid *b, const char *prefix);

static void
mismatch(struct walker *w, const char *path)
{
	add_problem(&w->a->problems, w->hex, *path ? path : ".",
		    AK_OBJECT_MISMATCH, "%s", pd_errmsg());
	pd_clear_error();
}

/* One side of an entry: a tree is descended into, anything else is a
 * delta. */
static int
diff_entry(struct walker *w, const char *path, const struct vcs_oid *a,
	   int akind, const struct vcs_oid *b, int bkind)
{
	if (a && b && akind == bkind && vcs_oid_equal(a, b))
		return 0;
	if ((a && akind == VCS_TREE) || (b && bkind == VCS_TREE)) {
		const struct vcs_oid *ta = a && akind == VCS_TREE ? a : NULL;
		const struct vcs_oid *tb = b && bkind == VCS_TREE ? b : NULL;
		int rc = diff_trees(w, ta, tb, path);

		if (rc)
			return rc;
		if (ta && tb)
			return 0;
		/* A blob replaced by a tree or the other way. */
		a = ta ? NULL : a;
		b = tb ? NULL : b;
		if (!a && !b)
			return 0;
	}
	delta_add(w->ds, path, a, akind, b, bkind);
	return 0;
}

static int
diff_trees(struct walker *w, const struct vcs_oid *a, const struct vcs_oid *b,
	   const char *prefix)
{
	struct vcs_tree *ta = NULL, *tb = NULL;
	size_t i = 0, j = 0, na, nb;
	int rc = 0;

	if (a && tree_get(a, &ta)) {
		mismatch(w, prefix);
		a = NULL;
	}
	if (b && tree_get(b, &tb)) {
		mismatch(w, prefix);
		return 0;
	}
	na = ta ? vcs_tree_count(ta) : 0;
	nb = tb ? vcs_tree_count(tb) : 0;
	while (!rc && (i < na || j < nb)) {
		int c;
		const char *name;
		char *path;

		if (i < na && j < nb)
			c = entry_cmp(vcs_tree_name(ta, i),
				      vcs_tree_kind(ta, i) == VCS_TREE,
				      vcs_tree_name(tb, j),
				      vcs_tree_kind(tb, j) == VCS_TREE);
		else
			c = i < na ? -1 : 1;
		if (c == 0 && vcs_tree_kind(ta, i) == vcs_tree_kind(tb, j) &&
		    vcs_oid_equal(vcs_tree_id(ta, i), vcs_tree_id(tb, j))) {
			/* The same entry: no path for it. */
			i++;
			j++;
			continue;
		}
		name = c <= 0 ? vcs_tree_name(ta, i) : vcs_tree_name(tb, j);
		path = *prefix ? xasprintf("%s/%s", prefix, name)
			       : xstrdup(name);
		if (c < 0) {
			rc = diff_entry(w, path, vcs_tree_id(ta, i),
					vcs_tree_kind(ta, i), NULL, 0);
			i++;
		} else if (c > 0) {
			rc = diff_entry(w, path, NULL, 0, vcs_tree_id(tb, j),
					vcs_tree_kind(tb, j));
			j++;
		} else {
			rc = diff_entry(w, path, vcs_tree_id(ta, i),
					vcs_tree_kind(ta, i),
					vcs_tree_id(tb, j),
					vcs_tree_kind(tb, j));
			i++;
			j++;
		}
		free(path);
	}
	return rc;
}

static int
delta_cmp(const void *x, const void *y)
{
	return strcmp(((const struct delta *)x)->path,
		      ((const struct delta *)y)->path);
}

/* The delta of path against one parent, or NULL when it is the same. */
static const struct delta *
delta_find(const struct deltas *ds, const char *path)
{
	struct delta key = {.path = (char *)path};

	return ds->n ? bsearch(&key, ds->d, ds->n, sizeof(*ds->d), delta_cmp)
		     : NULL;
}

/* Read one version of a record (1: a blob), or leave *v absent. */
static void
read_version(struct walker *w, const char *path, const struct vcs_oid *id,
	     int has, struct audit_version *v, char **buf)
{
	struct kept_version *k;
	size_t len = 0;

	memset(v, 0, sizeof(*v));
	*buf = NULL;
	if (!has)
		return;
	if (has != 1) {
		/* A link or a submodule where a record belongs. */
		*buf = xstrdup("");
		v->data = *buf;
		return;
	}
	if ((k = version_kept(id))) {
		len = k->len;
		*buf = xmalloc(len + 1);
		memcpy(*buf, k->data, len + 1);
		v->id = id;
	} else if (vcs_blob_read(id, buf, &len)) {
		mismatch(w, path);
		*buf = xstrdup("");
	} else {
		version_keep(id, *buf, len);
		v->id = id;
	}
	v->data = *buf;
	v->len = len;
}

static void
note_first(struct audit *a, const struct vcs_commit *c)
{
	char hex[41], buf[40];
	time_t t;
	struct tm tm;
	int off;

	if (a->first.id[0])
		return;
	vcs_oid_hex(&c->id, hex);
	snprintf(a->first.id, sizeof(a->first.id), "%s", hex);
	off = c->author.offset_min;
	t = (time_t)(c->author.when + off * 60);
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	a->first.date = xasprintf("%s%c%02d:%02d", buf, off < 0 ? '-' : '+',
				  abs(off) / 60, abs(off) % 60);
	a->first.author = xasprintf("%s <%s>", c->author.name, c->author.email);
	a->first.subject = xstrdup(c->summary);
}

/* Trailers naming records the commit did not change. */
static void
check_named(struct walker *w, const struct strlist *changed)
{
	struct trailers t;

	trailers_parse(w->c->message, &t);
	for (size_t i = 0; i < t.records.n; i++) {
		const char *name = t.records.items[i];
		char kind = name[0];

		if ((kind == 'T' || kind == 'M' || kind == 'K') &&
		    id_valid(kind, name) && !strlist_has(changed, name)) {
			char *rel = id_relpath(name);

			add_problem(&w->a->problems, w->hex, rel,
				    AK_NAMED_UNTOUCHED, "%s named in a "
				    "Plaindesk-Record trailer but not changed",
				    name);
			free(rel);
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t.records.items[j], name)) {
				add_problem(&w->a->problems, w->hex, "-",
					    AK_NAMED_UNTOUCHED, "%s named in "
					    "more than one Plaindesk-Record "
					    "trailer", name);
				break;
			}
	}
	trailers_release(&t);
}

static int
path_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The paths one commit changed against any parent, sorted, once each. */
static void
changed_paths(struct deltas *ds, size_t n, struct strlist *paths)
{
	struct strset seen;

	strset_init(&seen);
	for (size_t p = 0; p < n; p++)
		for (size_t i = 0; i < ds[p].n; i++)
			if (strset_add(&seen, ds[p].d[i].path))
				strlist_add(paths, ds[p].d[i].path);
	strset_release(&seen);
	if (paths->n)
		qsort(paths->items, paths->n, sizeof(char *), path_cmp);
}

/* The changes of w's commit against each of its np parents (against
 * nothing for a root commit), each list sorted by path. */
static void
diff_parents(struct walker *w, size_t np)
{
	const struct vcs_commit *c = w->c;

	for (size_t p = 0; p < np; p++) {
		struct walker pw = *w;
		struct vcs_commit parent;
		const struct vcs_oid *ptree = NULL;
		int prc = 0;

		pw.ds = &w->ds[p];
		if (c->nparents) {
			if ((prc = vcs_commit_read(&c->parents[p], &parent)))
				mismatch(w, "-");
			else
				ptree = &parent.tree;
		}
		if (!prc)
			diff_trees(&pw, ptree, &c->tree, "");
		if (c->nparents && !prc)
			vcs_commit_release(&parent);
		if (w->ds[p].n)
			qsort(w->ds[p].d, w->ds[p].n, sizeof(*w->ds[p].d),
			      delta_cmp);
	}
}

/* One record path w's commit changed: its version against each
 * parent's; a record it names goes in named. */
static void
check_path(struct walker *w, size_t np, const char *path,
	   struct strlist *named)
{
	const struct vcs_commit *c = w->c;
	struct audit *a = w->a;
	struct audit_version nv, *ov = xcalloc(np, sizeof(*ov));
	char *nbuf, **obufs = xcalloc(np, sizeof(*obufs));
	const struct delta *d0 = NULL;

	for (size_t p = 0; p < np && !d0; p++)
		d0 = delta_find(&w->ds[p], path);
	read_version(w, path, &d0->new, d0->has_new, &nv, &nbuf);
	for (size_t p = 0; p < np; p++) {
		const struct delta *d = delta_find(&w->ds[p], path);

		if (d)
			read_version(w, path, &d->old, d->has_old, &ov[p],
				     &obufs[p]);
		else	/* the same as the commit's */
			ov[p] = nv, obufs[p] = NULL;
	}
	if (d0->has_new != 2 && (c->nparents > 1 || d0->has_new ||
				 d0->has_old)) {
		char *name = audit_record_name(path);

		if (name && d0->has_new)
			strlist_add(named, name);
		free(name);
		audit_check_record(c, path, &nv, ov, &a->problems,
				   &a->events);
	} else {
		add_problem(&a->problems, w->hex, path, AK_INVALID_RECORD,
			    "not a regular file");
	}
	free(nbuf);
	for (size_t p = 0; p < np; p++)
		free(obufs[p]);
	free(obufs);
	free(ov);
}

/* Audit one commit against each of its parents. */
static int
audit_commit(struct audit *a, const struct vcs_oid *id)
{
	struct vcs_commit c;
	struct walker w = {a, &c, "", NULL};
	struct strlist paths, named;
	struct trailers t;
	size_t np, before = a->problems.n;

	vcs_oid_hex(id, w.hex);
	w.hex[12] = '\0';
	if (vcs_commit_read(id, &c)) {
		mismatch(&w, "-");
		return 0;
	}
	a->commits++;
	a->merges += c.nparents > 1;
	np = c.nparents ? c.nparents : 1;
	w.ds = xcalloc(np, sizeof(*w.ds));
	diff_parents(&w, np);
	strlist_init(&paths);
	strlist_init(&named);
	changed_paths(w.ds, np, &paths);
	trailers_parse(c.message, &t);
	for (size_t i = 0; i < paths.n; i++) {
		if (audit_is_record_path(paths.items[i]))
			check_path(&w, np, paths.items[i], &named);
		else if (c.nparents <= 1 && !t.any)
			add_problem(&a->unattributed, w.hex, paths.items[i],
				    AK_UNATTRIBUTED,
				    "changed without trailers");
	}
	if (c.nparents <= 1)
		check_named(&w, &named);
	if (a->problems.n > before)
		note_first(a, &c);
	trailers_release(&t);
	strlist_release(&paths);
	strlist_release(&named);
	for (size_t p = 0; p < np; p++)
		deltas_release(&w.ds[p]);
	free(w.ds);
	vcs_commit_release(&c);
	return 0;
}

/* The record files of a tree, counted. */
static size_t
count_records(const struct vcs_oid *tree, int depth)
{
	struct vcs_tree *t;
	size_t n = 0;

	if (vcs_tree_read(tree, &t)) {
		pd_clear_error();
		return 0;
	}
	for (size_t i = 0; i < vcs_tree_count(t); i++) {
		int kind = vcs_tree_kind(t, i);

		if (depth == 0 && (kind != VCS_TREE ||
				   str_index(record_dirs,
					     vcs_tree_name(t, i)) < 0))
			continue;
		if (kind == VCS_TREE)
			n += count_records(vcs_tree_id(t, i), depth + 1);
		else if (kind == VCS_BLOB &&
			 str_endswith(vcs_tree_name(t, i), ".json"))
			n++;
	}
	vcs_tree_free(t);
	return n;
}

/* --since and --anchor: a commit that is not an ancestor of the head. */
static int
check_base(struct audit *a, const char *rev, const char *what,
	   struct vcs_oid *out, int *found)
{
	int r;

	*found = 0;
	if (!rev)
		return 0;
	if (vcs_resolve(rev, out)) {
		size_t n = strlen(rev);

		/* A full id the repository no longer has: rewritten away. */
		if (n != 40 || strspn(rev, "0123456789abcdef") != n)
			return pd_error(PD_EUSAGE, "%s: %s", what, pd_errmsg());
		pd_clear_error();
		add_problem(&a->problems, rev, "-", AK_REWRITTEN,
			    "%s %.12s is not in the history of %s", what, rev,
			    "the head");
		if (!a->first.id[0]) {
			snprintf(a->first.id, sizeof(a->first.id), "%s", rev);
			a->first.date = xstrdup("?");
			a->first.author = xstrdup("?");
			a->first.subject =
				xstrdup("(no longer in the repository)");
		}
		return 0;
	}
	*found = 1;
	if ((r = vcs_is_ancestor(out, &a->head)) < 0)
		return pd_error(PD_EIO,
				"git: cannot tell whether %s is an ancestor",
				rev);
	if (r == 0) {
		struct vcs_commit c;
		char hex[41];

		vcs_oid_hex(out, hex);
		add_problem(&a->problems, hex, "-", AK_REWRITTEN,
			    "%s %.12s is not an ancestor of the head: the "
			    "history was rewritten", what, hex);
		if (!vcs_commit_read(out, &c)) {
			note_first(a, &c);
			vcs_commit_release(&c);
		}
		pd_clear_error();
	}
	return 0;
}

/* The commits ids[lo..hi), in order, each against its parents. */
static int
audit_range(struct audit *a, const struct vcs_oid *ids, size_t lo,
	    size_t hi)
{
	int rc = 0;

	for (size_t i = lo; i < hi && !rc; i++) {
		trees_next();
		rc = audit_commit(a, &ids[i]);
	}
	trees_next();
	trees_next();
	versions_release();
	return rc;
}

int
audit_run(struct audit *a)
{
	struct vcs_oid since, anchor, id, *ids = NULL;
	struct vcs_walk *walk = NULL;
	struct vcs_commit head;
	size_t n = 0, cap = 0;
	int found_since, found_anchor, rc;

	for (size_t i = 0; i < a->problems.n; i++)
		a->problems.items[i].commit[12] = '\0';
	if ((rc = check_base(a, a->since, "--since", &since, &found_since)) ||
	    (rc = check_base(a, a->anchor, "--anchor", &anchor,
			     &found_anchor)))
		return rc;
	for (size_t i = 0; i < a->problems.n; i++)
		a->problems.items[i].commit[12] = '\0';
	if ((rc = vcs_walk_start(&walk, &a->head,
				 found_since ? &since : NULL, 1))) {
		vcs_walk_end(walk);
		return rc;
	}
	while ((rc = vcs_walk_next(walk, &id)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			ids = xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = id;
	}
	vcs_walk_end(walk);
	if (!rc)
		rc = audit_in_parts(a, ids, n, audit_range);
	free(ids);
	if (rc)
		return rc;
	if (!(rc = vcs_commit_read(&a->head, &head))) {
		a->records = count_records(&head.tree, 0);
		vcs_commit_release(&head);
	}
	if (staff_cache.loaded)
		csvtab_release(&staff_cache.tab);
	staff_cache.loaded = 0;
	return rc;
}

void
audit_release(struct audit *a)
{
	audit_list_release(&a->problems);
	audit_list_release(&a->unattributed);
	free(a->first.date);
	free(a->first.author);
	free(a->first.subject);
}

/* ---- --history ---- */

static json_t *
event_brief(json_t *e)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?}", "id", jstr(e, "id"),
			 "type", jstr(e, "type"), "by", jstr(e, "by"),
			 "at", jstr(e, "at"));
}

/* A value as one line. */
static char *
value_text(json_t *v)
{
	if (!v)
		return xstrdup("(none)");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* Fields other than events that differ, as "state.status". */
static void
fields_changed(json_t *changed, const char *prefix, json_t *a, json_t *b)
{
	const char *key;
	json_t *v;

	for (int pass = 0; pass < 2; pass++) {
		json_t *x = pass ? b : a, *y = pass ? a : b;

		json_object_foreach(x, key, v) {
			json_t *w = json_object_get(y, key);
			char *field, *from, *to;

			if ((!*prefix && !strcmp(key, "events")) ||
			    (pass && w) || json_equal(v, w))
				continue;
			field = *prefix ? xasprintf("%s.%s", prefix, key)
					: xstrdup(key);
			if (json_is_object(v) && json_is_object(w)) {
				fields_changed(changed, field, pass ? w : v,
					       pass ? v : w);
			} else {
				from = value_text(pass ? w : v);
				to = value_text(pass ? v : w);
				json_array_append_new(changed, json_pack(
					"{s:s, s:s, s:s}", "field", field,
					"from", from, "to", to));
				free(from);
				free(to);
			}
			free(field);
		}
	}
}

static char *
person_date(const struct vcs_person *p)
{
	char buf[40];
	time_t t = (time_t)(p->when + p->offset_min * 60);
	struct tm tm;
	int off = p->offset_min;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s%c%02d:%02d", buf, off < 0 ? '-' : '+',
			 abs(off) / 60, abs(off) % 60);
}

/* A version of path in tree: 1 with *id, 0 when absent.  Through the
 * kept trees: a commit and its parent share most of theirs. */
static int
version_at(const struct vcs_oid *tree, const char *path, struct vcs_oid *id)
{
	struct vcs_oid cur = *tree;
	int kind = VCS_TREE;

	for (const char *p = path;;) {
		const char *slash = strchr(p, '/');
		struct vcs_tree *t;
		char *name;
		int found;

		if (kind != VCS_TREE || tree_get(&cur, &t)) {
			pd_clear_error();
			return 0;
		}
		name = slash ? xstrndup(p, (size_t)(slash - p)) : xstrdup(p);
		found = vcs_tree_entry(t, name, &cur, &kind);
		free(name);
		if (!found)
			return 0;
		if (!slash) {
			*id = cur;
			return kind == VCS_BLOB;
		}
		p = slash + 1;
	}
}

json_t *
audit_history_entry(const struct vcs_commit *c, const char *path,
		    const struct audit_version *nv,
		    const struct audit_version *ov)
{
	struct trailers t;
	struct audit_list probs = {0};
	struct parsed n, o;
	json_t *entry, *added = json_array(), *changed = json_array(),
	       *problems = json_array();
	char hex[41], *date = person_date(&c->author), *author, *committer;
	const char *id;
	json_t *e;

	trailers_parse(c->message, &t);
	audit_check_record(c, path, nv, ov, &probs, NULL);
	for (size_t i = 0; i < probs.n; i++)
		json_array_append_new(problems, json_sprintf("%s: %s",
			audit_kind_names[probs.items[i].kind],
			probs.items[i].message));
	audit_list_release(&probs);
	free(parse_version(nv, &n, NULL));
	free(parse_version(&ov[0], &o, NULL));
	json_object_foreach(n.byid, id, e) {
		int old = 0;

		for (size_t p = 0; p < (c->nparents ? c->nparents : 1) && !old;
		     p++) {
			struct parsed q;

			free(parse_version(&ov[p], &q, NULL));
			old = q.byid && json_object_get(q.byid, id);
			parsed_release(&q);
		}
		if (!old)
			json_array_append_new(added, event_brief(e));
	}
	/* A record made in this commit: its events say what it holds. */
	if (n.rec && json_is_object(n.rec) && o.rec && json_is_object(o.rec))
		fields_changed(changed, "", o.rec, n.rec);
	vcs_oid_hex(&c->id, hex);
	author = xasprintf("%s <%s>", c->author.name, c->author.email);
	committer = xasprintf("%s <%s>", c->committer.name,
			      c->committer.email);
	entry = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}",
		"commit", hex, "date", date, "author", author,
		"command", c->nparents > 1 ? N_("(merge)") : t.command_name ?
			t.command_name : N_("(hand edit)"),
		"subject", c->summary, "added", added, "changed", changed,
		"problems", problems);
	if (strcmp(author, committer))
		json_object_set_new(entry, "committer", json_string(committer));
	free(date);
	free(author);
	free(committer);
	parsed_release(&n);
	parsed_release(&o);
	trailers_release(&t);
	return entry;
}

/* The record's life: the commits that hold it, and their parents, which
 * show where it was made.  A parent without it ends the walk on that
 * side, so the walk costs what the record's age does, not the history's;
 * a record removed and made again shows its newest life (the audit
 * reports the removal). */
struct life {
	struct vcs_oid id, blob;	/* blob: the record's, when has */
	struct vcs_oid *parents;	/* once looked at */
	size_t nparents;
	signed char used, has, wanted;	/* has: -1 not looked at yet */
};

static struct {
	struct life *v;
	size_t n, cap;
	const char *path;
} life;

/* The entry of commit id; a new one unless find (NULL then). */
static struct life *
life_at(const struct vcs_oid *id, int find)
{
	size_t mask, i;

	if (find && !life.cap)
		return NULL;
	if (!find && 2 * (life.n + 1) > life.cap) {
		struct life *old = life.v;
		size_t oldcap = life.cap;

		life.cap = oldcap ? 2 * oldcap : 256;
		life.v = xcalloc(life.cap, sizeof(*life.v));
		life.n = 0;
		for (size_t j = 0; j < oldcap; j++)
			if (old[j].used)
				*life_at(&old[j].id, 0) = old[j];
		free(old);
	}
	mask = life.cap - 1;
	memcpy(&i, id->id, sizeof(i));
	for (i &= mask; life.v[i].used; i = (i + 1) & mask)
		if (vcs_oid_equal(&life.v[i].id, id))
			return &life.v[i];
	if (find)
		return NULL;
	life.v[i].used = 1;
	life.v[i].id = *id;
	life.v[i].has = -1;
	life.n++;
	return &life.v[i];
}

/* Whether commit id holds the record; its parents are then wanted. */
static int
life_has(const struct vcs_oid *id)
{
	struct vcs_commit c;
	struct vcs_oid v, *par;
	struct life *l;
	int has;

	if (life_at(id, 0)->has >= 0)
		return life_at(id, 0)->has;
	trees_next();
	has = !vcs_commit_read(id, &c) && version_at(&c.tree, life.path, &v);
	pd_clear_error();
	l = life_at(id, 0);
	l->has = (signed char)has;
	if (has)
		l->blob = v;
	l->nparents = c.nparents;
	l->parents = c.parents;		/* taken: c is released without */
	c.parents = NULL;
	vcs_commit_release(&c);
	/* l may move as entries are added; the parents do not. */
	par = l->parents;
	for (size_t p = 0, np = l->nparents; has && p < np; p++)
		life_at(&par[p], 0)->wanted = 1;
	return has;
}

/* Whether commit id may have changed the record against every parent:
 * 0 when the walk saw it hold the version of one of them. */
static int
life_changed(const struct vcs_oid *id)
{
	const struct life *l = life_at(id, 1);

	if (!l || l->has < 0 || !l->parents)
		return 1;
	for (size_t p = 0; p < l->nparents; p++) {
		const struct life *q = life_at(&l->parents[p], 1);

		if (!q || q->has < 0)
			return 1;
		if (q->has == l->has &&
		    (!l->has || vcs_oid_equal(&q->blob, &l->blob)))
			return 0;
	}
	return l->nparents || l->has;
}

static int
life_hide(const struct vcs_oid *id, void *arg)
{
	(void)arg;
	return !life_has(id) && !life_at(id, 0)->wanted;
}

/* The record's version in commit id (tree its tree, or NULL): as the
 * walk found it, else looked up. */
static int
life_version(const struct vcs_oid *id, const struct vcs_oid *tree,
	     struct vcs_oid *blob)
{
	const struct life *l = life_at(id, 1);
	struct vcs_commit c;
	int has;

	if (l && l->has >= 0) {
		if (l->has)
			*blob = l->blob;
		return l->has;
	}
	if (tree)
		return version_at(tree, life.path, blob);
	if (vcs_commit_read(id, &c)) {
		pd_clear_error();
		return 0;
	}
	has = version_at(&c.tree, life.path, blob);
	vcs_commit_release(&c);
	return has;
}

/* The entry of commit c for path, when it changed the record against
 * every parent (or made it). */
static json_t *
history_commit(const struct vcs_commit *c, const char *path)
{
	size_t np = c->nparents ? c->nparents : 1;
	struct vcs_oid nid, *oids = xcalloc(np, sizeof(*oids));
	int has = life_version(&c->id, &c->tree, &nid), *phas, same = 0;
	struct audit_version nv = {0}, *ov = xcalloc(np, sizeof(*ov));
	char *nbuf = NULL, **obufs = xcalloc(np, sizeof(*obufs));
	json_t *entry = NULL;

	phas = xcalloc(np, sizeof(*phas));
	for (size_t p = 0; p < c->nparents; p++) {
		phas[p] = life_version(&c->parents[p], NULL, &oids[p]);
		if (phas[p] == has &&
		    (!has || vcs_oid_equal(&oids[p], &nid)))
			same = 1;
	}
	if (!c->nparents && !has)
		same = 1;
	for (size_t p = 0; p < c->nparents && !same; p++) {
		if (phas[p] && !vcs_blob_read(&oids[p], &obufs[p],
					      &ov[p].len)) {
			ov[p].data = obufs[p];
			ov[p].id = &oids[p];
		}
		pd_clear_error();
	}
	if (!same) {
		if (has && !vcs_blob_read(&nid, &nbuf, &nv.len)) {
			nv.data = nbuf;
			nv.id = &nid;
		}
		pd_clear_error();
		entry = audit_history_entry(c, path, &nv, ov);
	}
	free(nbuf);
	for (size_t p = 0; p < np; p++)
		free(obufs[p]);
	free(obufs);
	free(ov);
	free(oids);
	free(phas);
	return entry;
}

int
audit_history(const char *path, json_t **out)
{
	struct vcs_oid head, id;
	struct vcs_walk *walk = NULL;
	int rc;

	*out = json_array();
	if (vcs_resolve("HEAD", &head)) {
		pd_clear_error();
		return 0;
	}
	life.path = path;
	life_at(&head, 0)->wanted = 1;
	life_has(&head);
	if ((rc = vcs_walk_start(&walk, &head, NULL, 0)) ||
	    (rc = vcs_walk_prune(walk, life_hide, NULL)))
		goto out;
	while ((rc = vcs_walk_next(walk, &id)) == 1) {
		struct vcs_commit c;
		json_t *entry;

		if (!life_changed(&id))
			continue;
		if ((rc = vcs_commit_read(&id, &c)))
			break;
		trees_next();
		if ((entry = history_commit(&c, path)))
			json_array_append_new(*out, entry);
		vcs_commit_release(&c);
	}
	if (rc == 0 || rc == 1)
		rc = 0;
out:
	trees_next();
	trees_next();
	versions_release();
	vcs_walk_end(walk);
	for (size_t i = 0; i < life.cap; i++)
		free(life.v[i].parents);
	free(life.v);
	memset(&life, 0, sizeof(life));
	return rc;
}

/* Member key of o cleaned for a terminal ("?" when absent); caller
 * frees. */
static char *
clean_member(json_t *o, const char *key)
{
	const char *s = jstr(o, key);
	struct sbuf sb;

	sbuf_init(&sb);
	text_add_clean(&sb, s ? s : "?", 1);
	return sbuf_detach(&sb, NULL);
}

/* The first line of one entry: commit, date, who, command, subject. */
static void
entry_head(struct sbuf *sb, json_t *h)
{
	const char *cmd = jstr(h, "command");

	sbuf_addf(sb, "  %.12s  %s  ", jstr(h, "commit"), jstr(h, "date"));
	text_add_clean(sb, jstr(h, "author"), 1);
	if (jstr(h, "committer")) {
		char *who = clean_member(h, "committer");

		sbuf_addf(sb, _(" (committed by %s)"), who);
		free(who);
	}
	sbuf_adds(sb, "  ");
	/* "(merge)" and "(hand edit)" are words; a command is a name. */
	text_add_clean(sb, cmd && *cmd == '(' ? _(cmd) : cmd, 1);
	sbuf_adds(sb, "  ");
	text_add_clean(sb, jstr(h, "subject"), 1);
	sbuf_addc(sb, '\n');
}

/* "+ E-… note by S-wang at …" for an event the commit added. */
static void
entry_added(struct sbuf *sb, json_t *v)
{
	char *id = clean_member(v, "id"), *by = clean_member(v, "by");
	char *at = clean_member(v, "at"), *type;
	const char *t = jstr(v, "type"), *label;
	struct sbuf tb;

	sbuf_init(&tb);
	/* a care plan's or article's event, else a ticket's or meeting's */
	label = t ? pd_label("type", t) : "?";
	if (t && label == t)
		label = pd_label("event", t);
	text_add_clean(&tb, label, 1);
	type = sbuf_detach(&tb, NULL);
	sbuf_adds(sb, "      ");
	sbuf_addf(sb, _("+ %s %s by %s at %s"), id, type, by, at);
	sbuf_addc(sb, '\n');
	free(id);
	free(type);
	free(by);
	free(at);
}

/* A changed value as history shows it: in Chinese null as "-" and an
 * enum value by its display name (the field's name is its context). */
static const char *
change_value(const char *key, const char *value)
{
	if (!pd_lang_zh() || !value)
		return value;
	if (!strcmp(value, "null"))
		return "-";
	return key ? pd_label(key, value) : value;
}

/*
 * "state.status: open -> closed" for a field the commit changed; in
 * Chinese the field by its column's name when it has one, and null as
 * "-".
 */
static void
entry_changed(struct sbuf *sb, json_t *v)
{
	const char *field = jstr(v, "field"), *from = jstr(v, "from");
	const char *to = jstr(v, "to"), *key = field, *label;
	int zh = pd_lang_zh();

	sbuf_adds(sb, "      ");
	if (field && strrchr(field, '.'))
		key = strrchr(field, '.') + 1;
	label = key ? pd_label("column", key) : NULL;
	text_add_clean(sb, zh && label != key ? label : field, 1);
	sbuf_adds(sb, zh ? "：" : ": ");
	text_add_clean(sb, change_value(key, from), 1);
	sbuf_adds(sb, " \u2192 ");
	text_add_clean(sb, change_value(key, to), 1);
	sbuf_addc(sb, '\n');
}

void
audit_history_text(struct sbuf *sb, json_t *history)
{
	json_t *h, *v;
	size_t i, j;

	json_array_foreach(history, i, h) {
		entry_head(sb, h);
		json_array_foreach(json_object_get(h, "added"), j, v)
			entry_added(sb, v);
		json_array_foreach(json_object_get(h, "changed"), j, v)
			entry_changed(sb, v);
		json_array_foreach(json_object_get(h, "problems"), j, v) {
			sbuf_adds(sb, "    ! ");
			text_add_clean(sb, json_string_value(v), 1);
			sbuf_addc(sb, '\n');
		}
	}
}

int
audit_history_of(struct store *st, const char *rel, json_t **hist)
{
	int rc;

	*hist = NULL;
	if ((rc = vcs_open_store(st)))
		return rc;
	return audit_history(rel, hist);
}

int
audit_show_history(struct store *st, const char *rel, json_t *rec,
		   int json, struct sbuf *sb)
{
	json_t *hist, *out;
	char *text;
	int rc = audit_history_of(st, rel, &hist);

	if (rc) {
		json_decref(hist);
		return rc;
	}
	if (!json) {
		sbuf_addf(sb, "\n%s\n", _("History:"));
		audit_history_text(sb, hist);
		json_decref(hist);
		return 0;
	}
	out = json_pack("{s:O, s:o}", "record", rec, "history", hist);
	text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	sbuf_addf(sb, "%s\n", text);
	free(text);
	json_decref(out);
	return 0;
}
