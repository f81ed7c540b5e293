/*
 * The store: finding it, its configuration and registers, the lock, ids
 * and their paths, and the one iterator over records.  Nothing here talks
 * to git, so reading programs need not load libgit2.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plaindesk/gitindex.h"
#include "plaindesk/i18n.h"
#include "plaindesk/record.h"
#include "plaindesk/scan.h"
#include "plaindesk/sha1.h"
#include "plaindesk/store.h"
#include "plaindesk/storefs.h"
#include "plaindesk/sumcache.h"
#include "plaindesk/text.h"

const char *const register_paths[] = {
	"registers/customers.csv", "registers/staff.csv",
	"registers/rooms.csv", "registers/holidays.csv", NULL
};

const char *const store_hand_paths[] = {
	"plaindesk.json", "registers/customers.csv", "registers/staff.csv",
	"registers/rooms.csv", "registers/holidays.csv", NULL
};

static const char *const customer_cols[] = {
	"id", "name", "org", "tier", "email", "phone", "since", "lost_on",
	"notes", NULL
};
static const char *const staff_cols[] = {
	"id", "name", "email", "role", "team", "active", NULL
};
static const char *const room_cols[] = {
	"id", "name", "capacity", "equipment", "location", NULL
};
static const char *const holiday_cols[] = {"date", "kind", "name", NULL};
const char *const holiday_kinds[] = {"holiday", "workday", NULL};

const char *const *const register_columns[] = {
	customer_cols, staff_cols, room_cols, holiday_cols
};

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* .git may be a directory or a "gitdir: PATH" file. */
static char *
find_gitdir(const char *root)
{
	char *p = xasprintf("%s/.git", root);
	char *data, *nl;
	size_t len;

	if (is_dir(p) || !storefs_path_is_file(p) || read_file(p, &data, &len))
		return p;
	if (str_startswith(data, "gitdir: ")) {
		if ((nl = strchr(data, '\n')))
			*nl = '\0';
		free(p);
		p = data[8] == '/' ? xstrdup(data + 8)
				   : xasprintf("%s/%s", root, data + 8);
	}
	free(data);
	return p;
}

static int
load_holidays(struct store *st)
{
	struct csvtab *h;
	int32_t *days[2];
	size_t n[2] = {0, 0};
	int rc;

	if ((rc = store_register(st, REG_HOLIDAYS, &h)))
		return rc;
	days[0] = xcalloc(h->nrows + 1, sizeof(int32_t));
	days[1] = xcalloc(h->nrows + 1, sizeof(int32_t));
	for (size_t r = 0; r < h->nrows && !rc; r++) {
		const char *date = csvtab_get(h, r, "date");
		const char *kind = csvtab_get(h, r, "kind");
		int k = !strcmp(kind, "holiday") ? 0 :
			!strcmp(kind, "workday") ? 1 : -1;
		int32_t day;

		if (date_parse(date, &day) < 0)
			rc = pd_error(PD_EDATA,
			    "registers/holidays.csv: line %zu: invalid date '%s'",
			    h->lines[r], date);
		else if (k < 0)
			rc = pd_error(PD_EDATA,
			    "registers/holidays.csv: line %zu: unknown kind '%s' (expected holiday, workday)",
			    h->lines[r], kind);
		else
			days[k][n[k]++] = day;
	}
	if (!rc)
		calendar_add_days(&st->cfg.cal, days[0], n[0], days[1], n[1]);
	free(days[0]);
	free(days[1]);
	return rc;
}

int
store_open(struct store *st, const char *dir)
{
	json_error_t err;
	char *text;
	size_t len;
	int rc;

	memset(st, 0, sizeof(*st));
	st->lockfd = -1;
	for (int i = 0; i < 4; i++)
		csvtab_init(&st->reg[i]);
	calendar_init(&st->cfg.cal);
	if ((rc = storefs_find_root(dir, &st->root)))
		return rc;
	st->gitdir = find_gitdir(st->root);
	if ((rc = storefs_read(st->root, "plaindesk.json", &text, &len)))
		return rc == PD_ENOINPUT ? PD_ECONFIG : rc;
	st->config_json = json_loadb(text, len, JSON_PRESERVE_ORDER |
				     JSON_REJECT_DUPLICATES, &err);
	free(text);
	if (!st->config_json)
		return pd_error(PD_ECONFIG, "plaindesk.json: line %d: %s",
				err.line, err.text);
	calendar_release(&st->cfg.cal);
	if ((rc = config_parse(&st->cfg, st->config_json)))
		return rc;
	if (clock_now(&st->now) < 0)
		return pd_error(PD_EUSAGE, "invalid PLAINDESK_NOW '%s'",
				getenv("PLAINDESK_NOW"));
	/* Last, so that a store refused for its holiday register is
	 * otherwise open, for plaindesk-check to list what is wrong. */
	return load_holidays(st);
}

void
store_close(struct store *st)
{
	if (st->lockfd >= 0)
		close(st->lockfd);
	st->lockfd = -1;
	sumcache_flush(st);
	if (st->housekeeping) {
		/* What was printed goes out before the housekeeping. */
		fflush(stdout);
		st->housekeeping(st);
	}
	for (int i = 0; i < 4; i++) {
		csvtab_release(&st->reg[i]);
		free(st->reg_bad[i]);
	}
	config_release(&st->cfg);
	json_decref(st->config_json);
	free(st->root);
	free(st->gitdir);
	memset(st, 0, sizeof(*st));
	st->lockfd = -1;
}

char *
store_path(const struct store *st, const char *rel)
{
	return xasprintf("%s/%s", st->root, rel);
}

/* Longer than a day is a mistake, not patience. */
#define LOCK_TIMEOUT_MAX 86400

int
store_lock_timeout(double *timeout)
{
	const char *env = getenv("PLAINDESK_LOCK_TIMEOUT");
	const char *p;
	size_t n;

	*timeout = 10;
	if (!env || !*env)
		return 0;
	/* Plain decimal seconds: no sign, exponent, "inf" or "nan". */
	n = strspn(env, "0123456789");
	p = env + n;
	if (n && *p == '.' && strspn(p + 1, "0123456789") > 0)
		p += 1 + strspn(p + 1, "0123456789");
	if (!n || *p || n > 6 || strtod(env, NULL) > LOCK_TIMEOUT_MAX)
		return pd_error(PD_EUSAGE, "invalid PLAINDESK_LOCK_TIMEOUT '%s' (seconds, 0 to %d)",
				env, LOCK_TIMEOUT_MAX);
	*timeout = strtod(env, NULL);
	return 0;
}

int
store_lock(struct store *st)
{
	double timeout;
	char *path;
	int rc;

	if ((rc = store_lock_timeout(&timeout)))
		return rc;
	path = xasprintf("%s/plaindesk.lock", st->gitdir);
	st->lockfd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
			  0666);
	if (st->lockfd < 0) {
		rc = pd_error(PD_ECANTCREAT, "cannot open the lock '%s': %s",
			      path, strerror(errno));
		free(path);
		return rc;
	}
	free(path);
	/* flock() dies with its holder, so a crashed command never blocks. */
	rc = pd_flock_wait(st->lockfd, timeout);
	if (rc < 0)
		return pd_error(PD_EIO, "cannot lock the store: %s",
				strerror(errno));
	if (rc) {
		pd_error(PD_EBUSY, "the store is busy (locked by another command for %gs)",
			 timeout);
		pd_hint("try again; PLAINDESK_LOCK_TIMEOUT sets how long to wait");
		return PD_EBUSY;
	}
	return 0;
}

void
store_unlock(struct store *st)
{
	if (st->lockfd >= 0)
		close(st->lockfd);
	st->lockfd = -1;
}

/*
 * No register cell holds a control character (a newline in an e-mail
 * address would split a commit's author line; an escape would reach a
 * terminal): NULL, or the message for the first one (caller frees).
 */
static char *
register_cells_clean(const struct csvtab *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (text_check_cell(t->header[c], t->header[c]))
			return xasprintf("%s: line 1: %s", name, pd_errmsg());
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			if (text_check_cell(t->header[c], t->rows[r][c]))
				return xasprintf("%s: line %zu: %s", name,
						 t->lines[r], pd_errmsg());
	return NULL;
}

/* The line of the first conflict marker in data (1-based), or 0. */
static size_t
conflict_marker_line(const char *data, size_t len)
{
	static const char *const markers[] = {
		"<<<<<<< ", ">>>>>>> ", "=======\n", "=======\r\n", NULL
	};
	size_t line = 1;

	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - data) + 1 : len;

		for (int m = 0; markers[m]; m++)
			if (end - i >= strlen(markers[m]) &&
			    memcmp(data + i, markers[m], strlen(markers[m])) == 0)
				return line;
		i = end;
	}
	return 0;
}

int
store_check_settled(struct store *st)
{
	static const char *const busy[][2] = {
		{"MERGE_HEAD", N_("a git merge is in progress: conclude it (git commit) or abort it (git merge --abort)")},
		{"rebase-merge", N_("a git rebase is in progress: finish it or abort it (git rebase --abort)")},
		{"rebase-apply", N_("a git rebase is in progress: finish it or abort it (git rebase --abort)")},
		{"CHERRY_PICK_HEAD", N_("a git cherry-pick is in progress: finish it or abort it")},
		{"REVERT_HEAD", N_("a git revert is in progress: finish it or abort it")},
	};
	int rc = 0;

	for (int k = -1; register_paths[k + 1] && !rc; k++) {
		const char *rel = k < 0 ? "plaindesk.json" : register_paths[k];
		char *data;
		size_t len, line;

		/* Read as every reader does: a link there is not followed
		 * (and is refused by whoever reads it next). */
		if (storefs_read(st->root, rel, &data, &len) == 0) {
			if ((line = conflict_marker_line(data, len)))
				rc = pd_error(PD_EDATA, "%s: line %zu: a merge conflict is not settled",
					      rel, line);
			free(data);
		}
	}
	if (rc) {
		pd_hint("keep one version of each row between the markers, remove the markers, then git add the file and commit");
		return rc;
	}
	pd_clear_error();
	for (size_t i = 0; i < sizeof(busy) / sizeof(busy[0]); i++) {
		char *path = xasprintf("%s/%s", st->gitdir, busy[i][0]);
		int there = access(path, F_OK) == 0;

		free(path);
		if (there)
			return pd_error(PD_EDATA, "%s", _(busy[i][1]));
	}
	return 0;
}

/*
 * Does the file at rel (its lstat sb) differ from the index entry ix?
 * Stat data that match, from before the index was written, say no
 * without reading it (as git does); otherwise its blob id says.
 */
static int
differs_from_index(const struct store *st, const char *rel,
		   const struct stat *sb, const struct index_stat *ix,
		   const struct timespec *written)
{
	unsigned char oid[20];
	char *data;
	size_t len;
	int differs;

	if (!ix->found || ix->stage || !S_ISREG(sb->st_mode))
		return 1;
	if ((uint32_t)sb->st_size == ix->size &&
	    (uint32_t)sb->st_ino == ix->ino &&
	    (uint32_t)sb->st_mtim.tv_sec == ix->mtime_s &&
	    (uint32_t)sb->st_mtim.tv_nsec == ix->mtime_ns &&
	    (sb->st_mtim.tv_sec < written->tv_sec ||
	     (sb->st_mtim.tv_sec == written->tv_sec &&
	      sb->st_mtim.tv_nsec < written->tv_nsec)))
		return 0;
	if (storefs_read(st->root, rel, &data, &len)) {
		pd_clear_error();
		return 1;
	}
	sha1_git_blob(data, len, oid);
	differs = memcmp(oid, ix->oid, sizeof(oid)) != 0;
	free(data);
	return differs;
}

void
store_hand_edits(const struct store *st, struct strlist *changed)
{
	struct index_stat ix[sizeof(store_hand_paths) /
			     sizeof(store_hand_paths[0])];
	char *index = xasprintf("%s/index", st->gitdir);
	struct timespec written;
	int known;

	known = gitindex_lookup(index, store_hand_paths, ix, &written) == 0;
	free(index);
	for (size_t i = 0; known && store_hand_paths[i]; i++) {
		const char *rel = store_hand_paths[i];
		struct stat sb;
		int rc = storefs_lstat(st->root, rel, &sb);

		if (rc == PD_ENOINPUT ? ix[i].found :
		    rc || differs_from_index(st, rel, &sb, &ix[i], &written))
			strlist_add(changed, rel);
		pd_clear_error();
	}
}

void
store_warn_hand_edits(const struct store *st)
{
	static int warned;
	struct strlist changed;
	struct sbuf list;

	if (warned || !st->root || !st->gitdir)
		return;
	warned = 1;
	strlist_init(&changed);
	sbuf_init(&list);
	store_hand_edits(st, &changed);
	for (size_t i = 0; i < changed.n; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : "", changed.items[i]);
	if (changed.n)
		pd_warn(pd_ngettext("%s has changes not committed; they are used here but a change will refuse until they are committed (git commit, or plaindesk-reg)",
				    "%s have changes not committed; they are used here but a change will refuse until they are committed (git commit, or plaindesk-reg)",
				    changed.n), list.buf);
	sbuf_release(&list);
	strlist_release(&changed);
}

int
store_open_reading(struct store *st, const char *dir)
{
	int rc = store_open(st, dir);
	char *msg, *hint;

	if (rc != 0 && rc != PD_EDATA && rc != PD_ECONFIG)
		return rc;
	/* A register refused for what it holds may be a hand edit: the
	 * warning comes before the error that names it, kept meanwhile. */
	msg = xstrdup(pd_errmsg());
	hint = xstrdup(pd_errhint());
	store_warn_hand_edits(st);
	if (rc) {
		pd_error(rc, "%s", msg);
		if (*hint)
			pd_hint("%s", hint);
	}
	free(msg);
	free(hint);
	return rc;
}

int
store_register(struct store *st, enum register_kind k, struct csvtab **tab)
{
	char *data;
	size_t len;
	int rc;

	if (!st->reg_loaded[k]) {
		rc = storefs_read(st->root, register_paths[k], &data, &len);
		if (rc == PD_ENOINPUT) {
			const char *const *cols = register_columns[k];
			size_t n = 0;

			while (cols[n])
				n++;
			csvtab_set_header(&st->reg[k], cols, n);
			pd_clear_error();
		} else if (rc) {
			return rc;
		} else {
			/* Rows that do not read are refused like bad cells:
			 * the rest is kept, for plaindesk-check to list
			 * every one. */
			rc = csvtab_parse_rows(&st->reg[k], data, len,
					       register_paths[k]);
			free(data);
			if (rc && !st->reg[k].row_problems.n) {
				csvtab_release(&st->reg[k]);
				return rc;
			}
		}
		for (int i = 0; register_columns[k][i]; i++)
			if (csvtab_col(&st->reg[k], register_columns[k][i]) < 0) {
				csvtab_release(&st->reg[k]);
				return pd_error(PD_EDATA,
				    "%s: missing column '%s'", register_paths[k],
				    register_columns[k][i]);
			}
		st->reg_loaded[k] = 1;
		st->reg_bad[k] = st->reg[k].row_problems.n ?
			xstrdup(st->reg[k].row_problems.items[0]) :
			register_cells_clean(&st->reg[k], register_paths[k]);
	}
	*tab = &st->reg[k];
	if (st->reg_bad[k])
		return pd_error(PD_EDATA, "%s", st->reg_bad[k]);
	return 0;
}

/* What one row of each register is: msgids, for "unknown %s 'x'". */
static const char *const register_nouns[] = {
	N_("customer"), N_("staff member"), N_("room"), N_("holiday")
};

long
store_find(struct store *st, enum register_kind k, const char *who)
{
	const char *noun = _(register_nouns[k]);
	struct csvtab *t;
	long r, first = -1;
	int c, n = 0;

	if (store_register(st, k, &t))
		return -1;
	if (!who || !*who)
		return pd_error(PD_EDATA, "no %s given", noun), -1;
	if ((r = csvtab_find(t, "id", who)) >= 0)
		return r;
	/* Names need not be unique: one that names two rows is refused. */
	c = csvtab_col(t, "name");
	for (size_t i = 0; c >= 0 && i < t->nrows; i++) {
		if (strcmp(t->rows[i][c], who))
			continue;
		if (n++ == 0) {
			first = (long)i;
			continue;
		}
		pd_error(PD_EDATA, "'%s' names more than one %s (%s, %s)", who,
			 noun, csvtab_get(t, (size_t)first, "id"),
			 csvtab_get(t, i, "id"));
		pd_hint("use the id");
		return -2;
	}
	if (n == 1)
		return first;
	pd_error(PD_EDATA, "unknown %s '%s'", noun, who);
	return -1;
}

const char *
store_lookup_id(struct store *st, enum register_kind k, const char *who)
{
	long r = store_find(st, k, who);

	return r < 0 ? NULL : st->reg[k].rows[r][csvtab_col(&st->reg[k], "id")];
}

long
store_staff(struct store *st, const char *who)
{
	long r = store_find(st, REG_STAFF, who);

	return r < 0 ? -1 : r;
}

int
random_base32(char *out, size_t n)
{
	unsigned char buf[64];

	if (n >= sizeof(buf))
		return -1;
	if (getrandom(buf, n, 0) != (ssize_t)n)
		return pd_error(PD_ESOFTWARE, "no random source: %s",
				strerror(errno)), -1;
	for (size_t i = 0; i < n; i++)
		out[i] = crockford[buf[i] & 31];
	out[n] = '\0';
	return 0;
}

int
id_valid(char kind, const char *id)
{
	int y, m, d;

	if (!id || strlen(id) != ID_LEN || id[0] != kind || id[1] != '-' ||
	    id[8] != '-')
		return 0;
	for (int i = 2; i < 8; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	for (int i = 9; i < ID_LEN; i++)
		if (!strchr(crockford, id[i]) || !id[i])
			return 0;
	y = (id[2] - '0') * 10 + id[3] - '0';
	m = (id[4] - '0') * 10 + id[5] - '0';
	d = (id[6] - '0') * 10 + id[7] - '0';
	(void)y;
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Where records of a kind live, and what one is called. */
static const char *
kind_dir(char kind)
{
	return kind == 'T' ? "tickets" : kind == 'K' ? "kb" : "meetings";
}

static const char *
kind_noun(char kind)
{
	return _(kind == 'T' ? N_("ticket") : kind == 'K' ? N_("article") :
		 N_("meeting"));
}

char *
id_relpath(const char *id)
{
	return xasprintf("%s/20%.2s/%.2s/%s.json", kind_dir(id[0]), id + 2,
			 id + 4, id);
}

int
id_new(struct store *st, char kind, time_t t, char id[ID_LEN + 1])
{
	int y, m, d;

	day_to_ymd(time_day(t), &y, &m, &d);
	/* An id holds the year's last two digits, read as 20YY. */
	if (y < 2000 || y > 2099)
		return pd_error(PD_EDATA, "a record dated %04d-%02d-%02d cannot be stored (years 2000 to 2099)",
				y, m, d);
	for (;;) {
		char rnd[8], buf[64], *rel;
		int used;

		if (random_base32(rnd, 6) < 0)
			return PD_ESOFTWARE;
		snprintf(buf, sizeof(buf), "%c-%02d%02d%02d-%s", kind,
			 (y % 100 + 100) % 100, m, d, rnd);
		memcpy(id, buf, ID_LEN);
		id[ID_LEN] = '\0';
		rel = id_relpath(id);
		used = storefs_exists(st->root, rel);
		free(rel);
		if (used > 1)
			return used;
		if (!used)
			return 0;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in the directory fd that pass keep(). */
static void
list_dir(int fd, int (*keep)(const char *), struct strlist *out)
{
	int dup_fd = dup(fd);
	DIR *d = dup_fd < 0 ? NULL : fdopendir(dup_fd);
	struct dirent *e;

	strlist_init(out);
	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return;
	}
	while ((e = readdir(d)))
		if (keep(e->d_name))
			strlist_add(out, e->d_name);
	closedir(d);
	if (out->n)
		qsort(out->items, out->n, sizeof(char *), cmp_str);
}

static int
is_year(const char *s)
{
	return strlen(s) == 4 && strspn(s, "0123456789") == 4;
}

static int
is_month(const char *s)
{
	return strlen(s) == 2 && strspn(s, "0123456789") == 2;
}

static int
is_json(const char *s)
{
	return s[0] != '.' && str_endswith(s, ".json");
}

int
store_foreach(struct store *st, char kind, unsigned flags, record_fn fn,
	      void *ctx)
{
	return store_foreach_since(st, kind, 0, 0, flags, fn, ctx);
}

/* What STORE_SKIP_BAD puts between the walk and the caller's fn. */
struct skipping {
	record_fn fn;
	void *ctx;
	int bad;
};

static int
skip_bad(void *vsk, const char *rel, json_t *rec)
{
	struct skipping *sk = vsk;
	int rc;

	if (rec && (rc = sk->fn(sk->ctx, rel, rec)) != RECORD_BAD)
		return rc;
	/* A parse error's message names the file already. */
	if (rec)
		pd_warn("%s: %s (skipped)", rel, pd_errmsg());
	else
		pd_warn("%s (skipped)", pd_errmsg());
	sk->bad = 1;
	return 0;
}

/* The records of one month directory. */
/* What store_foreach() hands each record through. */
struct foreach_ctx {
	char kind;
	record_fn fn;
	void *ctx;
};

/*
 * A record is where its id says: a copy elsewhere (a file copied by
 * hand, a month directory renamed) would be counted twice, so it comes
 * as a record that cannot be read, which every reader skips and
 * plaindesk-check reports.
 */
static int
deliver_record(void *vctx, const char *rel, json_t *rec)
{
	struct foreach_ctx *fc = vctx;
	const char *id = rec ? jstr(rec, "id") : NULL;

	if (id && id_valid(fc->kind, id)) {
		char *want = id_relpath(id);
		int same = strcmp(want, rel) == 0;

		if (!same)
			pd_error(PD_EDATA, "%s: id %s belongs at %s", rel, id,
				 want);
		free(want);
		if (!same)
			return fc->fn(fc->ctx, rel, NULL);
	}
	return fc->fn(fc->ctx, rel, rec);
}

/*
 * Open the directory rel of records; one that is a link or not a
 * directory is reported as a record that cannot be read (and skipped
 * when only ids are wanted).  *fd is -1 when there is nothing to read.
 */
static int
open_records_dir(struct store *st, const char *rel, int ids_only,
		 record_fn fn, void *ctx, int *fd)
{
	int rc = storefs_open_dir(st->root, rel, 0, fd);

	if (!rc)
		return 0;
	*fd = -1;
	if (rc == PD_ENOINPUT || ids_only) {
		pd_clear_error();
		return 0;
	}
	return fn(ctx, rel, NULL);
}

static int
foreach_in(struct store *st, const char *rel_dir, char kind, unsigned flags,
	   record_fn fn, void *ctx, struct sumwalk *sw)
{
	struct foreach_ctx fc = {kind, fn, ctx};
	struct strlist files;
	int mfd, rc;

	rc = open_records_dir(st, rel_dir, flags & STORE_IDS_ONLY, fn, ctx,
			      &mfd);
	if (rc || mfd < 0)
		return rc;
	list_dir(mfd, is_json, &files);
	for (size_t f = 0; f < files.n; f++) {
		char *rel = xasprintf("%s/%s", rel_dir, files.items[f]);

		free(files.items[f]);
		files.items[f] = rel;
	}
	if (flags & STORE_IDS_ONLY) {
		for (size_t f = 0; f < files.n && !rc; f++)
			rc = fn(ctx, files.items[f], NULL);
	} else if (sw) {
		rc = sumwalk_month(sw, mfd, files.items, files.n,
				   deliver_record, &fc);
	} else {
		rc = scan_records(mfd, files.items, files.n, deliver_record,
				  &fc);
	}
	close(mfd);
	strlist_release(&files);
	return rc;
}

/* The months of year directory ydir from year/month on. */
static int
foreach_month(struct store *st, const char *ydir, int y, int year, int month,
	      char kind, unsigned flags, record_fn fn, void *ctx,
	      struct sumwalk *sw)
{
	struct strlist months;
	int yfd, rc;

	rc = open_records_dir(st, ydir, flags & STORE_IDS_ONLY, fn, ctx, &yfd);
	if (rc || yfd < 0)
		return rc;
	list_dir(yfd, is_month, &months);
	close(yfd);
	for (size_t m = 0; m < months.n && !rc; m++) {
		char *rel_dir;

		if (y == year && atoi(months.items[m]) < month)
			continue;
		rel_dir = xasprintf("%s/%s", ydir, months.items[m]);
		rc = foreach_in(st, rel_dir, kind, flags, fn, ctx, sw);
		free(rel_dir);
	}
	strlist_release(&months);
	return rc;
}

/* The walk of store_foreach_since(), through the summaries of sw. */
static int
walk_since(struct store *st, char kind, int year, int month, unsigned flags,
	   record_fn fn, void *ctx, struct sumwalk *sw)
{
	const char *top = kind_dir(kind);
	struct skipping sk = {fn, ctx, 0};
	struct strlist years;
	int topfd, rc;

	if (flags & STORE_SKIP_BAD) {
		fn = skip_bad;
		ctx = &sk;
	}
	if ((rc = open_records_dir(st, top, flags & STORE_IDS_ONLY, fn, ctx,
				   &topfd)) || topfd < 0)
		goto out;
	list_dir(topfd, is_year, &years);
	close(topfd);
	for (size_t y = 0; y < years.n && !rc; y++) {
		char *ydir;

		if (atoi(years.items[y]) < year)
			continue;
		ydir = xasprintf("%s/%s", top, years.items[y]);
		rc = foreach_month(st, ydir, atoi(years.items[y]), year, month,
				   kind, flags, fn, ctx, sw);
		free(ydir);
	}
	strlist_release(&years);
out:
	if (!rc && sk.bad)
		rc = pd_error(PD_EDATA, "some %s could not be read (see above)",
			      top);
	return rc;
}

int
store_foreach_since(struct store *st, char kind, int year, int month,
		    unsigned flags, record_fn fn, void *ctx)
{
	return walk_since(st, kind, year, month, flags, fn, ctx, NULL);
}

int
store_foreach_summary(struct store *st, char kind,
		      const struct summary_ops *ops, void *ctx)
{
	struct sumwalk *sw = sumwalk_open(st, kind, kind_dir(kind), ops, ctx);
	int rc = walk_since(st, kind, 0, 0, 0, ops->record, ctx, sw);

	sumwalk_close(sw, rc == 0);
	return rc;
}

int
store_load_record(struct store *st, const char *id, json_t **rec)
{
	char *rel = id_relpath(id), *data;
	size_t len;
	int rc;

	rc = storefs_read(st->root, rel, &data, &len);
	if (rc == PD_ENOINPUT)
		rc = pd_error(PD_ENOINPUT, "no such %s '%s'",
			      kind_noun(id[0]), id);
	if (!rc) {
		rc = record_parse(data, len, rel, rec);
		free(data);
	}
	free(rel);
	return rc;
}

int
store_load_checked(struct store *st, const char *id,
		   int (*validate)(json_t *rec), json_t **rec)
{
	int rc;

	if ((rc = store_load_record(st, id, rec)))
		return rc;
	if ((rc = validate(*rec))) {
		char *rel = id_relpath(id), *hint = xstrdup(pd_errhint());

		pd_error(rc, "%s: %s", rel, pd_errmsg());
		if (*hint)
			pd_hint("%s", hint);
		free(hint);
		free(rel);
	} else if (strcmp(jstr(*rec, "id"), id) != 0) {
		rc = pd_error(PD_EDATA, "%s: the record says it is '%s'", id,
			      jstr(*rec, "id"));
	}
	if (rc) {
		json_decref(*rec);
		*rec = NULL;
	}
	return rc;
}

/* What id_resolve() looks for while walking the ids. */
struct resolve_ctx {
	const char *prefix;
	struct strlist matches;
};

static int
match_prefix(void *vctx, const char *rel, json_t *rec)
{
	struct resolve_ctx *ctx = vctx;
	const char *base = strrchr(rel, '/') + 1;

	(void)rec;
	if (strlen(base) == ID_LEN + 5 &&
	    strncmp(base + 9, ctx->prefix, strlen(ctx->prefix)) == 0)
		strlist_add_owned(&ctx->matches, xstrndup(base, ID_LEN));
	return 0;
}

int
id_resolve(struct store *st, char kind, const char *arg, char id[ID_LEN + 1])
{
	const char *what = kind_noun(kind);
	struct resolve_ctx ctx;
	char prefix[8];
	size_t n = arg ? strlen(arg) : 0;
	int rc;

	if (id_valid(kind, arg)) {
		char *rel = id_relpath(arg);
		int found = storefs_exists(st->root, rel);

		free(rel);
		if (found > 1)
			return found;
		if (!found)
			return pd_error(PD_ENOINPUT, "no such %s '%s'", what,
					arg);
		memcpy(id, arg, ID_LEN + 1);
		return 0;
	}
	if (n < 4 || n > 6)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		char c = arg[i] >= 'a' && arg[i] <= 'z' ? arg[i] - 32 : arg[i];

		if (!strchr(crockford, c) || !c)
			goto bad;
		prefix[i] = c;
	}
	prefix[n] = '\0';
	ctx.prefix = prefix;
	strlist_init(&ctx.matches);
	store_foreach(st, kind, STORE_IDS_ONLY, match_prefix, &ctx);
	if (ctx.matches.n == 1) {
		memcpy(id, ctx.matches.items[0], ID_LEN + 1);
		rc = 0;
	} else if (ctx.matches.n == 0) {
		rc = pd_error(PD_ENOINPUT, "no such %s '%s'", what, arg);
	} else {
		rc = pd_error(PD_EDATA, "%s '%s' is ambiguous: %s, %s%s", what,
			      arg, ctx.matches.items[0], ctx.matches.items[1],
			      ctx.matches.n > 2 ? ", ..." : "");
		pd_hint("give more characters or the full id");
	}
	strlist_release(&ctx.matches);
	return rc;
bad:
	return pd_error(PD_EUSAGE, "invalid %s id '%s' (expected %c-YYMMDD-XXXXXX or at least 4 characters of its last part)",
			what, arg ? arg : "", kind);
}
