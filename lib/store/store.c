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

#include "plaindesk/record.h"
#include "plaindesk/scan.h"
#include "plaindesk/store.h"

const char *const register_paths[] = {
	"registers/customers.csv", "registers/staff.csv",
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

static int
is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The directory that holds plaindesk.json: dir, or an ancestor of cwd. */
static int
find_root(const char *dir, char **root)
{
	char buf[PATH_MAX];
	char *cfg;

	if (!dir || !*dir)
		dir = getenv("PLAINDESK_DIR");
	if (dir && *dir) {
		if (!realpath(dir, buf))
			return pd_error(PD_ENOINPUT, "no store at '%s': %s",
					dir, strerror(errno));
		cfg = xasprintf("%s/plaindesk.json", buf);
		if (!is_file(cfg)) {
			free(cfg);
			pd_error(PD_ENOINPUT, "no store at '%s' (no plaindesk.json)",
				 dir);
			pd_hint("make one with plaindesk-init");
			return PD_ENOINPUT;
		}
		free(cfg);
		*root = xstrdup(buf);
		return 0;
	}
	if (!getcwd(buf, sizeof(buf)))
		return pd_error(PD_ENOINPUT, "cannot get the working directory: %s",
				strerror(errno));
	for (;;) {
		char *slash;
		int found;

		cfg = xasprintf("%s/plaindesk.json", *buf ? buf : "");
		found = is_file(cfg);
		free(cfg);
		if (found) {
			*root = xstrdup(*buf ? buf : "/");
			return 0;
		}
		slash = strrchr(buf, '/');
		if (!slash || buf[0] == '\0')
			break;
		*slash = '\0';
	}
	pd_error(PD_ENOINPUT, "not in a plaindesk store (no plaindesk.json here or above)");
	pd_hint("use -C DIR, set PLAINDESK_DIR, or make one with plaindesk-init");
	return PD_ENOINPUT;
}

/* .git may be a directory or a "gitdir: PATH" file. */
static char *
find_gitdir(const char *root)
{
	char *p = xasprintf("%s/.git", root);
	char *data, *nl;
	size_t len;

	if (is_dir(p) || !is_file(p) || read_file(p, &data, &len))
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
	int rc;

	if ((rc = store_register(st, REG_HOLIDAYS, &h)))
		return rc;
	for (size_t r = 0; r < h->nrows; r++) {
		const char *date = csvtab_get(h, r, "date");
		const char *kind = csvtab_get(h, r, "kind");
		int32_t day;

		if (date_parse(date, &day) < 0)
			return pd_error(PD_EDATA,
			    "registers/holidays.csv: line %zu: invalid date '%s'",
			    h->lines[r], date);
		if (strcmp(kind, "holiday") == 0)
			calendar_add_holiday(&st->cfg.cal, day);
		else if (strcmp(kind, "workday") == 0)
			calendar_add_makeup(&st->cfg.cal, day);
		else
			return pd_error(PD_EDATA,
			    "registers/holidays.csv: line %zu: unknown kind '%s' (expected holiday, workday)",
			    h->lines[r], kind);
	}
	return 0;
}

int
store_open(struct store *st, const char *dir)
{
	json_error_t err;
	char *path;
	int rc;

	memset(st, 0, sizeof(*st));
	st->lockfd = -1;
	for (int i = 0; i < 4; i++)
		csvtab_init(&st->reg[i]);
	calendar_init(&st->cfg.cal);
	if ((rc = find_root(dir, &st->root)))
		return rc;
	st->gitdir = find_gitdir(st->root);
	path = store_path(st, "plaindesk.json");
	st->config_json = json_load_file(path, JSON_PRESERVE_ORDER |
					 JSON_REJECT_DUPLICATES, &err);
	free(path);
	if (!st->config_json)
		return pd_error(PD_ECONFIG, "plaindesk.json: line %d: %s",
				err.line, err.text);
	calendar_release(&st->cfg.cal);
	if ((rc = config_parse(&st->cfg, st->config_json)))
		return rc;
	if ((rc = load_holidays(st)))
		return rc;
	if (clock_now(&st->now) < 0)
		return pd_error(PD_EUSAGE, "invalid PLAINDESK_NOW '%s'",
				getenv("PLAINDESK_NOW"));
	return 0;
}

void
store_close(struct store *st)
{
	if (st->lockfd >= 0)
		close(st->lockfd);
	st->lockfd = -1;
	if (st->housekeeping) {
		/* What was printed goes out before the housekeeping. */
		fflush(stdout);
		st->housekeeping(st);
	}
	for (int i = 0; i < 4; i++)
		csvtab_release(&st->reg[i]);
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

int
store_lock(struct store *st)
{
	const char *env = getenv("PLAINDESK_LOCK_TIMEOUT");
	double timeout = 10, waited = 0;
	char *path;

	if (env && *env) {
		char *end;

		timeout = strtod(env, &end);
		if (*end || timeout < 0)
			return pd_error(PD_EUSAGE,
					"invalid PLAINDESK_LOCK_TIMEOUT '%s'", env);
	}
	path = xasprintf("%s/plaindesk.lock", st->gitdir);
	st->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (st->lockfd < 0) {
		int rc = pd_error(PD_ECANTCREAT, "cannot open the lock '%s': %s",
				  path, strerror(errno));

		free(path);
		return rc;
	}
	free(path);
	/* flock() dies with its holder, so a crashed command never blocks. */
	while (flock(st->lockfd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return pd_error(PD_EIO, "cannot lock the store: %s",
					strerror(errno));
		if (waited >= timeout) {
			pd_error(PD_EBUSY, "the store is busy (locked by another command for %gs)",
				 timeout);
			pd_hint("try again; PLAINDESK_LOCK_TIMEOUT sets how long to wait");
			return PD_EBUSY;
		}
		usleep(20000);
		waited += 0.02;
	}
	return 0;
}

double
store_lock_timeout(void)
{
	const char *env = getenv("PLAINDESK_LOCK_TIMEOUT");
	char *end;
	double t;

	if (!env || !*env)
		return 10;
	t = strtod(env, &end);
	return *end || t < 0 ? 10 : t;
}

int
store_side_lock(struct store *st, const char *name, double timeout)
{
	char *path = xasprintf("%s/%s", st->gitdir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	double waited = 0;

	free(path);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    waited >= timeout) {
			close(fd);
			return -1;
		}
		usleep(20000);
		waited += 0.02;
	}
	return fd;
}

void
store_unlock(struct store *st)
{
	if (st->lockfd >= 0)
		close(st->lockfd);
	st->lockfd = -1;
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
		{"MERGE_HEAD", "a git merge is in progress: conclude it (git commit) or abort it (git merge --abort)"},
		{"rebase-merge", "a git rebase is in progress: finish it or abort it (git rebase --abort)"},
		{"rebase-apply", "a git rebase is in progress: finish it or abort it (git rebase --abort)"},
		{"CHERRY_PICK_HEAD", "a git cherry-pick is in progress: finish it or abort it"},
		{"REVERT_HEAD", "a git revert is in progress: finish it or abort it"},
	};
	int rc = 0;

	for (int k = -1; register_paths[k + 1] && !rc; k++) {
		const char *rel = k < 0 ? "plaindesk.json" : register_paths[k];
		char *path = store_path(st, rel), *data;
		size_t len, line;

		if (read_file(path, &data, &len) == 0) {
			if ((line = conflict_marker_line(data, len)))
				rc = pd_error(PD_EDATA, "%s: line %zu: a merge conflict is not settled",
					      rel, line);
			free(data);
		}
		free(path);
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
			return pd_error(PD_EDATA, "%s", busy[i][1]);
	}
	return 0;
}

int
store_register(struct store *st, enum register_kind k, struct csvtab **tab)
{
	char *path;
	int rc = 0;

	if (!st->reg_loaded[k]) {
		path = store_path(st, register_paths[k]);
		if (access(path, F_OK) != 0) {
			const char *const *cols = register_columns[k];
			size_t n = 0;

			while (cols[n])
				n++;
			csvtab_set_header(&st->reg[k], cols, n);
		} else {
			rc = csvtab_load(&st->reg[k], path, register_paths[k]);
		}
		free(path);
		if (rc)
			return rc;
		for (int i = 0; register_columns[k][i]; i++)
			if (csvtab_col(&st->reg[k], register_columns[k][i]) < 0)
				return pd_error(PD_EDATA,
				    "%s: missing column '%s'", register_paths[k],
				    register_columns[k][i]);
		st->reg_loaded[k] = 1;
	}
	*tab = &st->reg[k];
	return 0;
}

static const char *const register_nouns[] = {
	"customer", "staff member", "room", "holiday"
};

long
store_find(struct store *st, enum register_kind k, const char *who)
{
	const char *noun = register_nouns[k];
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

char *
id_relpath(const char *id)
{
	return xasprintf("%s/20%.2s/%.2s/%s.json",
			 id[0] == 'T' ? "tickets" : "meetings", id + 2, id + 4,
			 id);
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
		char rnd[8], buf[64], *rel, *path;
		int used;

		if (random_base32(rnd, 6) < 0)
			return PD_ESOFTWARE;
		snprintf(buf, sizeof(buf), "%c-%02d%02d%02d-%s", kind,
			 (y % 100 + 100) % 100, m, d, rnd);
		memcpy(id, buf, ID_LEN);
		id[ID_LEN] = '\0';
		rel = id_relpath(id);
		path = store_path(st, rel);
		used = access(path, F_OK) == 0;
		free(rel);
		free(path);
		if (!used)
			return 0;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir that pass keep(); NULL-free list. */
static void
list_dir(const char *dir, int (*keep)(const char *), struct strlist *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	strlist_init(out);
	if (!d)
		return;
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
store_foreach(struct store *st, char kind, int ids_only, record_fn fn,
	      void *ctx)
{
	return store_foreach_since(st, kind, 0, 0, ids_only, fn, ctx);
}

int
store_foreach_since(struct store *st, char kind, int year, int month,
		    int ids_only, record_fn fn, void *ctx)
{
	const char *top = kind == 'T' ? "tickets" : "meetings";
	char *topdir = store_path(st, top);
	struct strlist years;
	int rc = 0;

	list_dir(topdir, is_year, &years);
	for (size_t y = 0; y < years.n && !rc; y++) {
		char *ydir;
		struct strlist months;

		if (atoi(years.items[y]) < year)
			continue;
		ydir = xasprintf("%s/%s", topdir, years.items[y]);
		list_dir(ydir, is_month, &months);
		for (size_t m = 0; m < months.n && !rc; m++) {
			char *mdir;
			struct strlist files;

			if (atoi(years.items[y]) == year &&
			    atoi(months.items[m]) < month)
				continue;
			mdir = xasprintf("%s/%s", ydir, months.items[m]);
			list_dir(mdir, is_json, &files);
			for (size_t f = 0; f < files.n; f++) {
				char *rel = xasprintf("%s/%s/%s/%s", top,
						      years.items[y],
						      months.items[m],
						      files.items[f]);

				free(files.items[f]);
				files.items[f] = rel;
			}
			if (ids_only) {
				for (size_t f = 0; f < files.n && !rc; f++)
					rc = fn(ctx, files.items[f], NULL);
			} else {
				rc = scan_records(st->root, files.items,
						  files.n, fn, ctx);
			}
			strlist_release(&files);
			free(mdir);
		}
		strlist_release(&months);
		free(ydir);
	}
	strlist_release(&years);
	free(topdir);
	return rc;
}

int
store_load_record(struct store *st, const char *id, json_t **rec)
{
	char *rel = id_relpath(id), *path = store_path(st, rel);
	char *data;
	size_t len;
	int rc;

	rc = read_file(path, &data, &len);
	if (rc == PD_ENOINPUT)
		rc = pd_error(PD_ENOINPUT, "no such %s '%s'",
			      id[0] == 'T' ? "ticket" : "meeting", id);
	if (!rc) {
		rc = record_parse(data, len, rel, rec);
		free(data);
	}
	free(rel);
	free(path);
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
	const char *what = kind == 'T' ? "ticket" : "meeting";
	struct resolve_ctx ctx;
	char prefix[8];
	size_t n = arg ? strlen(arg) : 0;
	int rc;

	if (id_valid(kind, arg)) {
		char *rel = id_relpath(arg), *path = store_path(st, rel);
		int found = access(path, F_OK) == 0;

		free(rel);
		free(path);
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
	store_foreach(st, kind, 1, match_prefix, &ctx);
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
