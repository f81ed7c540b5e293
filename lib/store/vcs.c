/*
 * The only module that talks to libgit2: one commit per change, the intent
 * journal and crash recovery, local config, packing, history.
 *
 * The commit path does not read the index to build the tree: the new tree
 * is HEAD's tree with the changed paths replaced (git_tree_create_updated),
 * so its cost follows the depth of the record's directory, not the size of
 * the store.  The index is then brought up to date for the changed paths
 * only, so that `git status` stays clean.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git2lazy.h"
#include "plaindesk/i18n.h"
#include "plaindesk/gitindex.h"
#include "plaindesk/storefs.h"
#include "plaindesk/vcs.h"

#define JOURNAL "plaindesk-journal"
#define PACK_LOCK "plaindesk-pack.lock"
#define PACK_THRESHOLD 6700

static git_repository *repo;
static int git_ready;

/* Turn a libgit2 error into a recorded message; every call goes here. */
static int
gitcheck(int err, const char *what)
{
	const git_error *e;

	if (err >= 0)
		return 0;
	e = git_error_last();
	return pd_error(PD_EIO, "git: %s: %s", _(what),
			e && e->message ? e->message : "failed");
}

static void
vcs_shutdown(void)
{
	git_repository_free(repo);
	repo = NULL;
	git_libgit2_shutdown();
}

LAZYLIB_DEFINE(git2, PD_GIT2_SONAME, PD_EIO, PD_GIT2_FUNCS)

/*
 * What libgit2 starts that a change never uses.  Built as Debian builds
 * it, git_libgit2_init() parses the system's whole CA bundle, some
 * 200 KB of certificates, for its mbedTLS streams, and starts libssh2,
 * which loads OpenSSL's configuration and engines: two thirds of the
 * CPU time of a change on a small store.  plaindesk never opens a
 * network connection through libgit2, so the programs export these
 * (-Wl,--export-dynamic-symbol in the Makefile) and the dynamic linker
 * binds libgit2's calls to them: no certificate is read and libssh2 is
 * not started.  Were a TLS connection ever made through it, it would
 * fail its certificate check, the list of trusted certificates being
 * empty.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);
int libssh2_init(int flags);

int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain, (void)path;
	return 0;
}

int
mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	(void)chain, (void)path;
	return 0;
}

int
libssh2_init(int flags)
{
	(void)flags;
	return 0;
}

/*
 * Start libgit2 once.  Objects, refs and the index are fsynced before
 * they are renamed into place, as the work tree files are: without it a
 * power cut just after a commit could leave the branch pointing at
 * objects that never reached the disk, and the journal cannot repair
 * that.  $PLAINDESK_FSYNC=0 turns this off with the rest (tests only).
 */
static int
git_start(void)
{
	int rc, major = 0, minor = 0, rev = 0;

	if (git_ready)
		return 0;
	if ((rc = pd_git2_load()))
		return rc;
	git_libgit2_version(&major, &minor, &rev);
	if (major != LIBGIT2_VER_MAJOR || minor != LIBGIT2_VER_MINOR)
		return pd_error(PD_EIO, "git: %s is version %d.%d, built for %s",
				PD_GIT2_SONAME, major, minor, LIBGIT2_VERSION);
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, pd_fsync_enabled());
	git_ready = 1;
	atexit(vcs_shutdown);
	return 0;
}

static int
open_repo(struct store *st)
{
	int rc;

	if ((rc = git_start()))
		return rc;
	if (repo)
		return 0;
	return gitcheck(git_repository_open_ext(&repo, st->root,
						GIT_REPOSITORY_OPEN_NO_SEARCH,
						NULL),
			"cannot open the repository");
}

static int
is_hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/* How many objects are loose, estimated as git's gc --auto does: the
 * objects in one fan-out directory, times 256. */
static size_t
loose_estimate(struct store *st)
{
	char *dir = xasprintf("%s/objects/17", st->gitdir);
	struct dirent *e;
	size_t estimate = 0;
	DIR *d;

	if ((d = opendir(dir))) {
		while ((e = readdir(d)))
			estimate += is_hex(e->d_name, GIT_OID_HEXSZ - 2);
		closedir(d);
	}
	free(dir);
	return estimate * 256;
}

/* The housekeeping of a change that left too many loose objects. */
static void
pack_after_change(struct store *st)
{
	vcs_maybe_pack(st, 0);
	pd_clear_error();
}

void
change_init(struct change *c, struct store *st, const char *command)
{
	memset(c, 0, sizeof(*c));
	c->st = st;
	c->command = xstrdup(command);
	strlist_init(&c->records);
	strlist_init(&c->registers);
}

void
change_release(struct change *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		free(c->files[i].path);
		free(c->files[i].data);
		free(c->files[i].tmp);
	}
	free(c->files);
	free(c->command);
	strlist_release(&c->records);
	strlist_release(&c->registers);
	memset(c, 0, sizeof(*c));
}

void
change_put(struct change *c, const char *path, char *data, size_t len)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].path, path) == 0) {
			free(c->files[i].data);
			c->files[i].data = data;
			c->files[i].len = len;
			return;
		}
	if (c->nfiles == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->files = xrealloc(c->files, c->cap * sizeof(*c->files));
	}
	c->files[c->nfiles].path = xstrdup(path);
	c->files[c->nfiles].data = data;
	c->files[c->nfiles].len = len;
	c->files[c->nfiles].tmp = NULL;
	c->nfiles++;
}

void
change_record(struct change *c, const char *id)
{
	if (!strlist_has(&c->records, id))
		strlist_add(&c->records, id);
}

void
change_register(struct change *c, const char *name)
{
	if (!strlist_has(&c->registers, name))
		strlist_add(&c->registers, name);
}

static char *
journal_path(struct store *st)
{
	return xasprintf("%s/" JOURNAL, st->gitdir);
}

static int
write_journal(struct change *c, const git_oid *base)
{
	char hex[GIT_OID_HEXSZ + 1] = "none";
	struct sbuf sb;
	char *path = journal_path(c->st);
	int rc;

	if (base)
		git_oid_tostr(hex, sizeof(hex), base);
	sbuf_init(&sb);
	sbuf_addf(&sb, "base %s\n", hex);
	/* The temporary files are named here, so that recovery removes
	 * exactly those and nothing a store could have put in their way. */
	for (size_t i = 0; i < c->nfiles; i++) {
		struct change_file *f = &c->files[i];

		sbuf_addf(&sb, "path %s\n", f->path);
		free(f->tmp);
		f->tmp = f->data ? storefs_temp_name(f->path) : NULL;
		if (f->tmp)
			sbuf_addf(&sb, "temp %s\n", f->tmp);
	}
	rc = write_file_atomic(path, sb.buf, sb.len);
	sbuf_release(&sb);
	free(path);
	return rc;
}

/* The branch HEAD points at ("refs/heads/main"), even when unborn. */
static int
head_branch(char **name)
{
	git_reference *head;
	int rc;

	if ((rc = gitcheck(git_reference_lookup(&head, repo, "HEAD"),
			   "cannot read HEAD")))
		return rc;
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return pd_error(PD_EIO, "git: HEAD is detached; check out a branch");
	}
	*name = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return 0;
}

/* HEAD's commit, or NULL on an unborn branch. */
static int
head_commit(git_commit **commit)
{
	git_oid oid;
	int err;

	*commit = NULL;
	err = git_reference_name_to_id(&oid, repo, "HEAD");
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return gitcheck(err, "cannot resolve HEAD");
	return gitcheck(git_commit_lookup(commit, repo, &oid),
			"cannot read HEAD's commit");
}

static void
commit_message(struct change *c, const char *subject, struct sbuf *msg)
{
	sbuf_init(msg);
	sbuf_addf(msg, "%s\n\nPlaindesk-Command: %s\n", subject, c->command);
	for (size_t i = 0; i < c->records.n; i++)
		sbuf_addf(msg, "Plaindesk-Record: %s\n", c->records.items[i]);
	for (size_t i = 0; i < c->registers.n; i++)
		sbuf_addf(msg, "Plaindesk-Register: %s\n",
			  c->registers.items[i]);
}

static int
make_signature(struct store *st, const struct actor *a, git_signature **sig)
{
	struct tm tm;

	localtime_r(&st->now, &tm);
	return gitcheck(git_signature_new(sig, a->name,
					  a->email && *a->email ? a->email
								: "unknown",
					  (git_time_t)st->now,
					  (int)(tm.tm_gmtoff / 60)),
			"invalid author");
}

/* Build the new tree: HEAD's tree with the staged paths replaced. */
static int
build_tree(struct change *c, git_commit *parent, git_oid *tree_oid)
{
	git_tree_update *up = xcalloc(c->nfiles, sizeof(*up));
	git_tree *base = NULL;
	git_treebuilder *empty = NULL;
	int rc = 0;

	for (size_t i = 0; i < c->nfiles && !rc; i++) {
		up[i].path = c->files[i].path;
		if (c->files[i].data) {
			up[i].action = GIT_TREE_UPDATE_UPSERT;
			up[i].filemode = GIT_FILEMODE_BLOB;
			rc = gitcheck(git_blob_create_from_buffer(&up[i].id,
				repo, c->files[i].data, c->files[i].len),
				"cannot write a blob");
			memcpy(c->files[i].oid, up[i].id.id, 20);
		} else {
			up[i].action = GIT_TREE_UPDATE_REMOVE;
		}
	}
	if (!rc && parent)
		rc = gitcheck(git_commit_tree(&base, parent),
			      "cannot read HEAD's tree");
	if (!rc && !base) {
		git_oid eoid;

		rc = gitcheck(git_treebuilder_new(&empty, repo, NULL),
			      "cannot make a tree");
		if (!rc)
			rc = gitcheck(git_treebuilder_write(&eoid, empty),
				      "cannot make a tree");
		if (!rc)
			rc = gitcheck(git_tree_lookup(&base, repo, &eoid),
				      "cannot make a tree");
	}
	if (!rc)
		rc = gitcheck(git_tree_create_updated(tree_oid, repo, base,
						      c->nfiles, up),
			      "cannot write the tree");
	git_treebuilder_free(empty);
	git_tree_free(base);
	free(up);
	return rc;
}

/*
 * Name a lock the change now holds in its journal, so that the recovery
 * after a crash removes exactly that file and never a lock another git
 * command took since.  Appended without fsync: it matters after a killed
 * process, whose writes the kernel keeps.
 */
static int
journal_append(struct store *st, char *line)
{
	char *jp = journal_path(st);
	int fd = open(jp, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || write(fd, line, strlen(line)) != (ssize_t)strlen(line))
		rc = pd_error(PD_EIO, "cannot write '%s': %s", jp,
			      strerror(errno));
	if (fd >= 0)
		close(fd);
	free(line);
	free(jp);
	return rc;
}

/* A journal line "lock NAME DEV INO MADE": a lock file (NAME, relative to
 * .git) the change is about to take, and the name it is made under. */
struct lock_journal {
	struct store *st;
	const char *name;
};

static int
journal_lock(void *arg, const struct gitlock *lk, const char *made_as)
{
	struct lock_journal *j = arg;
	size_t n = strlen(j->st->gitdir);
	const char *made = strncmp(made_as, j->st->gitdir, n) == 0 &&
			   made_as[n] == '/' ? made_as + n + 1 : j->name;

	return journal_append(j->st, xasprintf("lock %s %llu %llu %s\n",
					       j->name,
					       (unsigned long long)lk->dev,
					       (unsigned long long)lk->ino,
					       made));
}

/* git's lock on NAME (relative to .git), waited for and named in the
 * journal before it is taken. */
static int
take_git_lock(struct store *st, const char *name, struct gitlock *lk)
{
	struct lock_journal j = {st, NULL};
	char *target = xasprintf("%s/%s", st->gitdir, name);
	double timeout;
	int rc;

	j.name = xasprintf("%s.lock", name);
	lk->fd = -1;
	lk->path = lk->target = NULL;
	/* A branch's directory may be in packed-refs only. */
	if (!(rc = store_lock_timeout(&timeout)) &&
	    !(rc = strchr(name, '/') ? mkdir_parents(target) : 0))
		rc = gitlock_take(lk, target, timeout, journal_lock, &j);
	free((char *)j.name);
	free(target);
	return rc;
}

/* git's index.lock. */
static int
take_index_lock(struct store *st, struct gitlock *lk)
{
	return take_git_lock(st, "index", lk);
}

/* Has HEAD's branch moved since parent was read (a git commit)? */
static int
branch_unmoved(const char *branch, git_commit *parent)
{
	git_oid now;
	int err = git_reference_name_to_id(&now, repo, branch);

	if (parent ? err == 0 && git_oid_equal(&now, git_commit_id(parent))
		   : err == GIT_ENOTFOUND)
		return 0;
	pd_error(PD_EBUSY, "the branch %s moved while the change was made; nothing was changed",
		 branch);
	pd_hint("try again");
	return PD_EBUSY;
}

/* An index entry for a work tree file: its stat data and blob id. */
static void
index_entry(git_index_entry *e, const struct index_update *up)
{
	memset(e, 0, sizeof(*e));
	e->ctime.seconds = (int32_t)up->st.st_ctim.tv_sec;
	e->ctime.nanoseconds = (uint32_t)up->st.st_ctim.tv_nsec;
	e->mtime.seconds = (int32_t)up->st.st_mtim.tv_sec;
	e->mtime.nanoseconds = (uint32_t)up->st.st_mtim.tv_nsec;
	e->dev = (uint32_t)up->st.st_dev;
	e->ino = (uint32_t)up->st.st_ino;
	e->mode = (up->st.st_mode & 0111) ? GIT_FILEMODE_BLOB_EXECUTABLE
					  : GIT_FILEMODE_BLOB;
	e->uid = (uint32_t)up->st.st_uid;
	e->gid = (uint32_t)up->st.st_gid;
	e->file_size = (uint32_t)up->st.st_size;
	memcpy(e->id.id, up->oid, 20);
	e->path = up->path;
}

/*
 * The index updated through libgit2, for an index the patcher does not
 * know: libgit2 writes a copy of it (its own lock would collide with
 * ours), whose bytes then go through the lock we hold.
 */
static int
index_through_libgit2(struct store *st, struct gitlock *lk,
		      struct index_update *up, size_t n)
{
	char *copy = xasprintf("%s/plaindesk-index", st->gitdir);
	git_index *idx = NULL;
	git_index_entry e;
	char *data = NULL;
	size_t len = 0;
	int rc = 0;

	unlink(copy);
	if (read_file(lk->target, &data, &len) == 0)
		rc = write_file_atomic(copy, data, len);
	pd_clear_error();
	free(data);
	data = NULL;
	if (!rc)
		rc = gitcheck(git_index_open(&idx, copy), "cannot read the index");
	for (size_t i = 0; i < n && !rc; i++) {
		int err;

		if (up[i].deleted) {
			err = git_index_remove_bypath(idx, up[i].path);
			if (err != GIT_ENOTFOUND)
				rc = gitcheck(err, "cannot update the index");
			continue;
		}
		git_index_conflict_remove(idx, up[i].path);
		index_entry(&e, &up[i]);
		rc = gitcheck(git_index_add(idx, &e), "cannot update the index");
	}
	if (!rc)
		rc = gitcheck(git_index_write(idx), "cannot write the index");
	if (!rc && !(rc = read_file(copy, &data, &len)))
		rc = gitlock_commit(lk, data, len);
	git_index_free(idx);
	unlink(copy);
	free(copy);
	free(data);
	return rc;
}

/* Bring the index entries of the updated paths in line with the work
 * tree, through the index lock held: patched in place, or by libgit2. */
static int
update_index(struct store *st, struct gitlock *lk, struct index_update *up,
	     size_t n)
{
	int rc = getenv("PLAINDESK_LIBGIT2_INDEX") ? -1 :
		 gitindex_patch(lk, up, n);

	if (rc < 0)
		rc = index_through_libgit2(st, lk, up, n);
	return rc;
}

static int
write_worktree(struct change *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct change_file *f = &c->files[i];
		int rc;

		if (f->data)
			rc = storefs_write(c->st->root, f->path, f->data,
					   f->len, f->tmp);
		else
			rc = storefs_remove(c->st->root, f->path);
		if (rc)
			return rc;
		pd_fault("renamed");
	}
	return 0;
}

/* The index after a commit, through the lock the change holds. */
static int
change_update_index(struct change *c, struct gitlock *lk)
{
	struct index_update *up = xcalloc(c->nfiles, sizeof(*up));
	int rc = 0;

	for (size_t i = 0; i < c->nfiles && !rc; i++) {
		up[i].path = c->files[i].path;
		up[i].deleted = c->files[i].data == NULL;
		memcpy(up[i].oid, c->files[i].oid, 20);
		if (!up[i].deleted)
			rc = storefs_lstat(c->st->root, up[i].path, &up[i].st);
	}
	if (!rc)
		rc = update_index(c->st, lk, up, c->nfiles);
	free(up);
	return rc;
}

static int recover_journal(struct store *st, struct gitlock *held);

/*
 * Should a move of ref be logged?  As git and libgit2 decide: when its
 * log exists, or core.logAllRefUpdates says so ("always"; or true, the
 * default in a repository with a work tree, for branches and HEAD).
 */
static int
log_wanted(struct store *st, const char *ref, const char *logpath)
{
	char *v;
	int want;

	if (access(logpath, F_OK) == 0)
		return 1;
	v = vcs_config_get(st, "core.logallrefupdates");
	if (v && strcasecmp(v, "always") == 0)
		want = 1;
	else if (v && (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
		       strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0))
		want = 0;
	else
		want = strcmp(ref, "HEAD") == 0 ||
		       str_startswith(ref, "refs/heads/");
	free(v);
	return want;
}

/* Append one line to ref's log in git's format, if it is kept. */
static int
append_reflog(struct store *st, const char *ref, const char *line)
{
	char *path = xasprintf("%s/logs/%s", st->gitdir, ref);
	int rc = 0, fd;

	if (log_wanted(st, ref, path) && !(rc = mkdir_parents(path))) {
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
			  O_CLOEXEC, 0666);
		if (fd < 0 || write(fd, line, strlen(line)) !=
				      (ssize_t)strlen(line))
			rc = pd_error(PD_EIO, "cannot write '%s': %s", path,
				      strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	free(path);
	return rc;
}

/*
 * Move the branch whose lock is held from old to new: its log and HEAD's
 * (HEAD names the branch) get the line git writes, then the lock with
 * the new id replaces the branch.
 */
static int
move_branch(struct store *st, struct gitlock *ref, const char *branch,
	    const git_oid *old, const git_oid *new, const git_signature *sig,
	    const char *subject)
{
	char ohex[GIT_OID_HEXSZ + 1] = "0000000000000000000000000000000000000000";
	char nhex[GIT_OID_HEXSZ + 1], *line, *p;
	int off = sig->when.offset, rc;

	if (old)
		git_oid_tostr(ohex, sizeof(ohex), old);
	git_oid_tostr(nhex, sizeof(nhex), new);
	line = xasprintf("%s %s %s <%s> %lld %c%02d%02d\t%s", ohex, nhex,
			 sig->name, sig->email, (long long)sig->when.time,
			 off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60,
			 subject);
	for (p = line; *p; p++)
		if (*p == '\n')
			*p = ' ';
	while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
		*--p = '\0';
	p = xasprintf("%s\n", line);
	rc = append_reflog(st, branch, p);
	if (!rc)
		rc = append_reflog(st, "HEAD", p);
	free(p);
	free(line);
	if (!rc) {
		p = xasprintf("%s\n", nhex);
		rc = gitlock_commit(ref, p, strlen(p));
		free(p);
	}
	return rc;
}

/* Writes the commit of the new tree and moves the branch to it. */
static int
commit_and_move_branch(struct change *c, git_signature *sig,
		       git_commit *parent, git_tree *tree, const char *branch,
		       struct gitlock *ref, const char *subject)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid commit_oid;
	struct sbuf msg;
	int rc;

	sbuf_init(&msg);
	commit_message(c, subject, &msg);
	pd_fault("before-commit");
	rc = gitcheck(git_commit_create(&commit_oid, repo, NULL, sig, sig,
					NULL, msg.buf, tree, parent ? 1 : 0,
					(const git_commit **)&parent),
		      "cannot write the commit");
	sbuf_release(&msg);
	if (rc)
		return rc;
	pd_fault("before-ref");
	if ((rc = move_branch(c->st, ref, branch,
			      parent ? git_commit_id(parent) : NULL,
			      &commit_oid, sig, subject)))
		return rc;
	pd_fault("after-ref");
	pd_set_last_commit(git_oid_tostr(hex, sizeof(hex), &commit_oid));
	return 0;
}

/* Brings the index up to the new commit and drops the journal. */
static void
settle_committed(struct change *c, struct gitlock *index_lock)
{
	/*
	 * The commit is made, so the change has succeeded whatever follows:
	 * reporting a failure now would make a script retry a change that
	 * is already there.  An index that cannot be written is repaired by
	 * the next command's recovery, which finds the journal left for it.
	 */
	if (change_update_index(c, index_lock) == 0) {
		char *jp = journal_path(c->st);

		pd_trace("index");
		pd_fault("before-journal-removal");
		unlink(jp);
		free(jp);
		gitlock_release(index_lock);
		/* Packing waits until the store's lock is released
		 * (store_close()), so that no writer waits behind it. */
		if (loose_estimate(c->st) > PACK_THRESHOLD)
			c->st->housekeeping = pack_after_change;
		pd_trace("pack check");
	}
	pd_clear_error();
}

/* Puts the work tree back as HEAD has it after a failure; keeps the error. */
static void
undo_change(struct change *c, int rc, struct gitlock *ref,
	    struct gitlock *index_lock, int touched)
{
	char saved[1024], hint[512];

	snprintf(saved, sizeof(saved), "%s", pd_errmsg());
	snprintf(hint, sizeof(hint), "%s", pd_errhint());
	/* Each lock goes before the journal that names it. */
	gitlock_release(ref);
	if (touched) {
		recover_journal(c->st, index_lock);
	} else {
		char *jp = journal_path(c->st);

		gitlock_release(index_lock);
		unlink(jp);
		free(jp);
	}
	pd_error(rc, "%s", saved);
	if (*hint)
		pd_hint("%s", hint);
}

int
change_commit(struct change *c, const struct actor *a, const char *subject)
{
	struct gitlock index_lock = GITLOCK_INIT, ref = GITLOCK_INIT;
	git_commit *parent = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_oid;
	char *branch = NULL;
	int rc, touched = 0;

	pd_trace("prepare");
	/* The author is checked before anything is written. */
	if ((rc = open_repo(c->st)) || (rc = make_signature(c->st, a, &sig)) ||
	    (rc = head_branch(&branch)) || (rc = head_commit(&parent)))
		goto out;
	pd_trace("open repository");
	if ((rc = write_journal(c, parent ? git_commit_id(parent) : NULL)))
		goto out;
	pd_fault("journal-written");
	/*
	 * git's own locks, waited for: the index is read only once its lock
	 * is held, so a git add running meanwhile is not lost, and a branch
	 * that git moved meanwhile is not moved back.
	 */
	if ((rc = take_index_lock(c->st, &index_lock)) ||
	    (rc = take_git_lock(c->st, branch, &ref)) ||
	    (rc = branch_unmoved(branch, parent)))
		goto undo;
	pd_trace("git locks");
	touched = 1;
	if ((rc = write_worktree(c)))
		goto undo;
	pd_trace("write files");
	if ((rc = build_tree(c, parent, &tree_oid)) ||
	    (rc = gitcheck(git_tree_lookup(&tree, repo, &tree_oid),
			   "cannot read the new tree")))
		goto undo;
	pd_trace("tree");
	if ((rc = commit_and_move_branch(c, sig, parent, tree, branch, &ref,
					 subject)))
		goto undo;
	pd_trace("commit");
	settle_committed(c, &index_lock);
	rc = 0;
	goto out;
undo:
	undo_change(c, rc, &ref, &index_lock, touched);
out:
	gitlock_release(&ref);
	gitlock_release(&index_lock);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	free(branch);
	return rc;
}

/* Remove the files in dir whose names start with prefix. */
static void
remove_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (str_startswith(e->d_name, prefix)) {
			char *p = xasprintf("%s/%s", dir, e->d_name);

			unlink(p);
			free(p);
		}
	if (d)
		closedir(d);
}

/*
 * Remove the temporary files libgit2 writes objects through: a change
 * killed while writing an object leaves one in objects/, where git never
 * looks again; nor a journal a killed change was writing.  Called under
 * the store's lock, so no other change is writing one (packers write
 * none); it reads directories whose size does not grow with the
 * records.
 */
static void
remove_stale_temps(struct store *st)
{
	char *dir = xasprintf("%s/objects", st->gitdir);

	remove_prefixed(dir, "tmp_object_git2_");
	free(dir);
	/* A journal being written when the change was killed. */
	remove_prefixed(st->gitdir, ".pd-tmp-" JOURNAL ".");
}

/*
 * The same for packs: a packer killed while writing leaves a pack (or
 * its index's lock) in objects/pack/, which git reports as garbage and
 * which can be as big as the pack.  Called under the pack lock, so no
 * other packer is writing one.
 */
static void
remove_stale_packs(struct store *st)
{
	char *dir = xasprintf("%s/objects/pack", st->gitdir);

	remove_prefixed(dir, "pack_git2_");
	free(dir);
}

/* A lock file a journal may name: index.lock or a ref's, in .git. */
static int
lock_name_ok(const char *name)
{
	return !strstr(name, "..") && str_endswith(name, ".lock") &&
	       (!strcmp(name, "index.lock") ||
		!strcmp(name, ".index.pd.lock") ||
		str_startswith(name, "refs/"));
}

/* Remove name (in .git) if it is still the file dev and ino say. */
static void
remove_if_same(struct store *st, const char *name, unsigned long long dev,
	       unsigned long long ino)
{
	char *path = xasprintf("%s/%s", st->gitdir, name);
	struct stat sb;

	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (unsigned long long)sb.st_dev == dev &&
	    (unsigned long long)sb.st_ino == ino)
		unlink(path);
	free(path);
}

/*
 * A journal line "lock NAME DEV INO [MADE]": the lock file NAME (in .git)
 * that a killed change took or was about to take, and MADE, the name it
 * was made under first.  Each is removed only if it is still that very
 * file: its writer is gone (this process holds the store's lock), and a
 * lock git took since is another file.
 */
static void
remove_own_lock(struct store *st, const char *line)
{
	unsigned long long dev, ino;
	char name[256], made[256];
	int n = sscanf(line, "lock %255s %llu %llu %255s", name, &dev, &ino,
		       made);

	if (n < 3 || !lock_name_ok(name))
		return;
	remove_if_same(st, name, dev, ino);
	if (n == 4 && lock_name_ok(made))
		remove_if_same(st, made, dev, ino);
}

/*
 * Make path in the work tree what HEAD's tree says (absent if absent),
 * and fill in its index update.
 */
static int
restore_path(struct store *st, git_tree *tree, const char *rel,
	     struct index_update *up)
{
	git_tree_entry *entry = NULL;
	char *tmp = NULL;
	int rc = 0, err;

	up->path = rel;
	err = tree ? git_tree_entry_bypath(&entry, tree, rel) : GIT_ENOTFOUND;
	if (err == GIT_ENOTFOUND) {
		up->deleted = 1;
		rc = storefs_remove(st->root, rel);
	} else if (!(rc = gitcheck(err, "cannot read HEAD's tree"))) {
		git_blob *blob = NULL;

		up->deleted = 0;
		memcpy(up->oid, git_tree_entry_id(entry)->id, 20);
		rc = gitcheck(git_blob_lookup(&blob, repo,
					      git_tree_entry_id(entry)),
			      "cannot read a blob");
		/* Its temporary file named first, as a change's are, in
		 * case this recovery is killed too. */
		tmp = storefs_temp_name(rel);
		if (!rc && !(rc = journal_append(st, xasprintf("temp %s\n",
								 tmp))))
			rc = storefs_write(st->root, rel,
					   git_blob_rawcontent(blob),
					   (size_t)git_blob_rawsize(blob), tmp);
		if (!rc)
			rc = storefs_lstat(st->root, rel, &up->st);
		git_blob_free(blob);
	}
	free(tmp);
	git_tree_entry_free(entry);
	return rc;
}

/*
 * Put the paths the journal names back as HEAD has them, bring their
 * index entries in line and remove the journal.  held is the index lock
 * when the caller (a change undoing itself) holds it; else the locks the
 * journal names are removed if still there and the index lock is taken.
 */
static int
recover_journal(struct store *st, struct gitlock *held)
{
	struct gitlock own = GITLOCK_INIT;
	struct gitlock *lk = held ? held : &own;
	char *jp = journal_path(st), *data = NULL;
	struct index_update *up = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct strlist paths;
	size_t len;
	int rc;

	strlist_init(&paths);
	if ((rc = read_file(jp, &data, &len)) || (rc = open_repo(st)))
		goto out;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		const char *base = strrchr(line, '/');

		if (str_startswith(line, "path ") && line[5] &&
		    !strstr(line, "..") && line[5] != '/')
			strlist_add(&paths, line + 5);
		/* Only the temporary files the change named for itself. */
		if (str_startswith(line, "temp ") &&
		    str_startswith(base ? base + 1 : line + 5, ".pd-tmp-") &&
		    (rc = storefs_remove(st->root, line + 5)))
			goto out;
		if (!held && str_startswith(line, "lock "))
			remove_own_lock(st, line);
	}
	if (lk->fd < 0 && (rc = take_index_lock(st, lk)))
		goto out;
	if ((rc = head_commit(&head)))
		goto out;
	if (head && (rc = gitcheck(git_commit_tree(&tree, head),
				   "cannot read HEAD's tree")))
		goto out;
	up = xcalloc(paths.n + 1, sizeof(*up));
	for (size_t i = 0; i < paths.n && !rc; i++)
		rc = restore_path(st, tree, paths.items[i], &up[i]);
	if (!rc && paths.n)
		rc = update_index(st, lk, up, paths.n);
	gitlock_release(lk);	/* before the journal that names it */
	if (!rc && unlink(jp) < 0)
		rc = pd_error(PD_EIO, "cannot remove '%s': %s", jp,
			      strerror(errno));
out:
	gitlock_release(lk);
	if (rc) {
		char saved[1024];

		snprintf(saved, sizeof(saved), "%s", pd_errmsg());
		pd_error(rc, "cannot recover from an interrupted change: %s",
			 saved);
	} else if (!head) {
		/*
		 * What was cut short was the first commit, plaindesk-init's:
		 * restoring it took away plaindesk.json and the registers, so
		 * there is no store to change until it is made again.
		 */
		rc = pd_error(PD_ENOINPUT, "the store was never finished: plaindesk-init was interrupted");
		pd_hint("run plaindesk-init again");
	}
	free(up);
	strlist_release(&paths);
	git_tree_free(tree);
	git_commit_free(head);
	free(data);
	free(jp);
	return rc;
}

int
vcs_recover(struct store *st)
{
	char *jp = journal_path(st);
	int journal = access(jp, F_OK) == 0, lockfd;

	free(jp);
	remove_stale_temps(st);
	/* What a packer killed left, unless one is at work now. */
	if ((lockfd = store_side_lock(st, PACK_LOCK, 0)) >= 0) {
		remove_stale_packs(st);
		close(lockfd);
	}
	if (journal)
		return recover_journal(st, NULL);
	if (open_repo(st) == 0 && git_repository_head_unborn(repo) == 1) {
		/* plaindesk-init died before its commit: a change now would
		 * be the first commit, without the store's files. */
		pd_error(PD_ENOINPUT, "the store was never finished: plaindesk-init was interrupted");
		pd_hint("run plaindesk-init again");
		return PD_ENOINPUT;
	}
	return 0;
}

int
vcs_merge_text(const char *base, size_t blen, const char *ours, size_t olen,
	       const char *theirs, size_t tlen, char **out, size_t *outlen,
	       int *clean)
{
	git_merge_file_input in[3];
	git_merge_file_options opts;
	git_merge_file_result res;
	int rc;

	if ((rc = git_start()))
		return rc;
	for (int i = 0; i < 3; i++)
		git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
	in[0].ptr = base ? base : "";
	in[0].size = base ? blen : 0;
	in[1].ptr = ours;
	in[1].size = olen;
	in[2].ptr = theirs;
	in[2].size = tlen;
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	opts.ancestor_label = "base";
	opts.our_label = "ours";
	opts.their_label = "theirs";
	memset(&res, 0, sizeof(res));
	rc = gitcheck(git_merge_file(&res, &in[0], &in[1], &in[2], &opts),
		      "cannot merge the text");
	if (!rc) {
		*out = xmalloc(res.len + 1);
		memcpy(*out, res.ptr, res.len);
		(*out)[res.len] = '\0';
		*outlen = res.len;
		*clean = res.automergeable != 0;
	}
	git_merge_file_result_free(&res);
	return rc;
}

int
vcs_unborn(const char *root)
{
	git_repository *r = NULL;
	int unborn;

	if (git_start()) {
		pd_clear_error();
		return 0;
	}
	if (git_repository_open_ext(&r, root, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return 0;
	unborn = git_repository_head_unborn(r) == 1;
	git_repository_free(r);
	return unborn;
}

int
vcs_init_repo(const char *root)
{
	git_repository_init_options opts;
	int rc;

	if ((rc = git_start()))
		return rc;
	git_repository_init_options_init(&opts,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	git_repository_free(repo);
	repo = NULL;
	rc = gitcheck(git_repository_init_ext(&repo, root, &opts),
		      "cannot create the repository");
	return rc ? PD_ECANTCREAT : 0;
}

int
vcs_config_set(struct store *st, const char *key, const char *value)
{
	git_config *cfg = NULL, *local = NULL;
	int rc;

	if ((rc = open_repo(st)))
		return rc;
	rc = gitcheck(git_repository_config(&cfg, repo),
		      "cannot read the git config");
	if (!rc)
		rc = gitcheck(git_config_open_level(&local, cfg,
						    GIT_CONFIG_LEVEL_LOCAL),
			      "cannot open the local git config");
	if (!rc)
		rc = gitcheck(git_config_set_string(local, key, value),
			      "cannot set the git config");
	git_config_free(local);
	git_config_free(cfg);
	return rc;
}

char *
vcs_config_get(struct store *st, const char *key)
{
	git_config *cfg = NULL;
	git_buf buf = {0};
	char *val = NULL;

	if (open_repo(st))
		return NULL;
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&buf, cfg, key) == 0)
		val = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return val;
}

int
vcs_default_identity(struct store *st, char **name, char **email)
{
	git_signature *sig;
	int rc;

	if ((rc = open_repo(st)))
		return rc;
	if (git_signature_default(&sig, repo) < 0)
		return pd_error(PD_EUSAGE, "no actor: give --by, set PLAINDESK_ACTOR or git's user.name and user.email");
	*name = xstrdup(sig->name);
	*email = xstrdup(sig->email);
	git_signature_free(sig);
	return 0;
}

int
vcs_check_merge_driver(struct store *st)
{
	char *driver = vcs_config_get(st, "merge.plaindesk.driver"), *prog;
	size_t n;
	int rc = 0;

	pd_clear_error();
	if (!driver || !*driver) {
		free(driver);
		return pd_error(PD_ECONFIG, "records will not merge in this clone: no merge driver is installed (merge.plaindesk.driver)");
	}
	/* plaindesk-init writes it as 'DIR/plaindesk-merge' %O %A %B %P. */
	if (driver[0] == '\'') {
		n = strcspn(driver + 1, "'");
		prog = xstrndup(driver + 1, n);
	} else {
		prog = xstrndup(driver, strcspn(driver, " \t"));
	}
	if (strchr(prog, '/') && access(prog, X_OK) != 0)
		rc = pd_error(PD_ECONFIG, "records will not merge in this clone: the merge driver '%s' is missing",
			      prog);
	free(prog);
	free(driver);
	return rc;
}

/* Add every loose object of the store to pb, and its file to loose. */
static int
add_loose(struct store *st, git_packbuilder *pb, struct strlist *loose)
{
	struct dirent *e;
	int rc = 0;
	DIR *d;

	for (int fan = 0; fan < 256 && !rc; fan++) {
		char *dir = xasprintf("%s/objects/%02x", st->gitdir, fan);

		if ((d = opendir(dir))) {
			while (!rc && (e = readdir(d))) {
				git_oid oid;
				char hex[GIT_OID_HEXSZ + 8];

				if (!is_hex(e->d_name, GIT_OID_HEXSZ - 2))
					continue;
				snprintf(hex, sizeof(hex), "%02x%.38s", fan,
					 e->d_name);
				if (git_oid_fromstr(&oid, hex) < 0)
					continue;
				rc = gitcheck(git_packbuilder_insert(pb, &oid,
								     NULL),
					      "cannot pack");
				strlist_add_owned(loose, xasprintf("%s/%s",
						  dir, e->d_name));
			}
			closedir(d);
		}
		free(dir);
	}
	return rc;
}

static void *
unlink_some(void *arg)
{
	const struct strlist *l = arg;

	for (size_t i = 0; i < l->n; i++) {
		unlink(l->items[i]);
		pd_fault("loose-removed");
	}
	return NULL;
}

/* The loose copies of what was packed removed, the second half in a
 * thread of its own: most of it is the file system's work, which two
 * processors share. */
static void
remove_loose(const struct strlist *loose)
{
	struct strlist first = *loose, second = *loose;
	pthread_t t;
	int threaded;

	first.n = loose->n / 2;
	second.items += first.n;
	second.n -= first.n;
	threaded = first.n > 0 && pthread_create(&t, NULL, unlink_some,
						 &second) == 0;
	if (!threaded)
		first.n = loose->n;
	unlink_some(&first);
	if (threaded)
		pthread_join(t, NULL);
}

int
vcs_maybe_pack(struct store *st, int force)
{
	git_packbuilder *pb = NULL;
	struct strlist loose;
	int rc, lockfd;

	if (!force && loose_estimate(st) <= PACK_THRESHOLD)
		return 0;
	/*
	 * The pack lock keeps two packers apart; the store's lock is not
	 * taken, so changes go on meanwhile and what they write stays
	 * loose until the next pack.  A change that finds a packer at work
	 * leaves the packing to it.
	 */
	lockfd = store_side_lock(st, PACK_LOCK,
				 force ? -1 : 0);
	if (lockfd < 0)
		return force ? pd_error(PD_EBUSY, "another command is packing the store")
			     : 0;
	if ((rc = open_repo(st))) {
		close(lockfd);
		return rc;
	}
	remove_stale_packs(st);
	strlist_init(&loose);
	/*
	 * The packer's threads allocate and free many object buffers: kept
	 * by the allocator rather than given back to the system after each
	 * (a mapping made and unmapped, a heap trimmed, each time with the
	 * other processors' TLBs flushed), packing takes a tenth less time.
	 * The process ends soon after a pack.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	rc = gitcheck(git_packbuilder_new(&pb, repo), "cannot pack");
	/* The delta search on every processor (0: as many as there are). */
	if (!rc)
		git_packbuilder_set_threads(pb, 0);
	if (!rc)
		rc = add_loose(st, pb, &loose);
	if (!rc && loose.n) {
		char *packdir = xasprintf("%s/objects/pack", st->gitdir);

		rc = gitcheck(git_packbuilder_write(pb, packdir, 0, NULL,
						    NULL),
			      "cannot write the pack");
		free(packdir);
		/* Only now that the pack is safe do the loose copies go. */
		if (!rc) {
			pd_fault("pack-written");
			remove_loose(&loose);
		}
		if (!rc) {
			git_odb *odb;

			if (git_repository_odb(&odb, repo) == 0) {
				git_odb_refresh(odb);
				git_odb_free(odb);
			}
		}
	}
	git_packbuilder_free(pb);
	strlist_release(&loose);
	close(lockfd);
	return rc;
}

int
vcs_uncommitted(struct store *st, const char *const *paths,
		struct strlist *changed)
{
	git_commit *head = NULL;
	git_tree *tree = NULL;
	int rc;

	if ((rc = open_repo(st)) || (rc = head_commit(&head)))
		return rc;
	if (head && (rc = gitcheck(git_commit_tree(&tree, head),
				   "cannot read HEAD's tree")))
		goto out;
	for (size_t i = 0; paths[i] && !rc; i++) {
		git_tree_entry *entry = NULL;
		char *data = NULL;
		size_t len;
		git_oid oid;
		int in_tree = tree && git_tree_entry_bypath(&entry, tree,
							    paths[i]) == 0;
		int on_disk;

		/* Read as every reader does: a link or a FIFO is refused,
		 * never followed or waited on. */
		rc = storefs_read(st->root, paths[i], &data, &len);
		on_disk = rc == 0;
		if (rc == PD_ENOINPUT) {
			pd_clear_error();
			rc = 0;
		}
		if (!rc && on_disk)
			rc = gitcheck(git_odb_hash(&oid, data, len,
						   GIT_OBJECT_BLOB),
				      "cannot hash a file");
		if (!rc && (in_tree != on_disk || (in_tree &&
			    !git_oid_equal(&oid, git_tree_entry_id(entry)))))
			strlist_add(changed, paths[i]);
		git_tree_entry_free(entry);
		free(data);
	}
out:
	git_tree_free(tree);
	git_commit_free(head);
	return rc;
}

/* Reading history by object id. */

/* A failed object read: a problem of the history, naming the object. */
static int
objcheck(int err, const struct vcs_oid *id, const char *what)
{
	const git_error *e;
	char hex[GIT_OID_HEXSZ + 1];

	if (err >= 0)
		return 0;
	e = git_error_last();
	vcs_oid_hex(id, hex);
	if (err == GIT_EMISMATCH)
		return pd_error(PD_EDATA, "%s %s does not match its id", what,
				hex);
	return pd_error(PD_EDATA, "%s %s cannot be read: %s", what, hex,
			e && e->message ? e->message : "failed");
}

static void
history_start(void)
{
	git_start();
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	/*
	 * Memory that does not grow with the history: the walks keep the
	 * trees they compare themselves, so libgit2's cache stays small
	 * (a tree of a month's records, some 80 KB, still fits in it), and
	 * the pack is mapped a window at a time, not whole: windows of
	 * 32 MiB, 128 MiB at most (smaller ones are mapped and unmapped
	 * again and again as a walk goes from commits to trees to blobs).
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(4 << 20));
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
			 (size_t)(1 << 20));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(32 << 20));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)(128 << 20));
}

int
vcs_open_dir(const char *dir)
{
	const char *gd = getenv("GIT_DIR");

	history_start();
	if (repo)
		return 0;
	if (gd && *gd && !dir)
		return gitcheck(git_repository_open_ext(&repo, NULL,
					GIT_REPOSITORY_OPEN_FROM_ENV, NULL),
				"cannot open the repository");
	if (git_repository_open_ext(&repo, dir ? dir : ".", 0, NULL) < 0) {
		const git_error *e = git_error_last();

		return pd_error(PD_ENOINPUT, "no git repository at %s: %s",
				dir ? dir : "the working directory",
				e && e->message ? e->message : "not found");
	}
	return 0;
}

int
vcs_open_store(struct store *st)
{
	history_start();
	return open_repo(st);
}

int
vcs_resolve(const char *rev, struct vcs_oid *commit)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	if ((err = git_revparse_single(&obj, repo, rev)) < 0) {
		if (err == GIT_ENOTFOUND || err == GIT_EAMBIGUOUS ||
		    err == GIT_EINVALIDSPEC)
			return pd_error(PD_ENOINPUT, "no commit '%s'", rev);
		return gitcheck(err, "cannot read a revision");
	}
	err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0)
		return pd_error(PD_ENOINPUT, "'%s' is not a commit", rev);
	memcpy(commit->id, git_object_id(peeled)->id, 20);
	git_object_free(peeled);
	return 0;
}

static const git_oid *
as_git(const struct vcs_oid *o)
{
	return (const git_oid *)(const void *)o->id;
}

int
vcs_is_ancestor(const struct vcs_oid *anc, const struct vcs_oid *of)
{
	int r;

	if (vcs_oid_equal(anc, of))
		return 1;
	r = git_graph_descendant_of(repo, as_git(of), as_git(anc));
	return r < 0 ? -1 : r;
}

int
vcs_oid_equal(const struct vcs_oid *a, const struct vcs_oid *b)
{
	return memcmp(a->id, b->id, 20) == 0;
}

/* Without libgit2: what needs only an id's text need not load it. */
char *
vcs_oid_hex(const struct vcs_oid *o, char hex[41])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 20; i++) {
		hex[2 * i] = digits[o->id[i] >> 4];
		hex[2 * i + 1] = digits[o->id[i] & 15];
	}
	hex[40] = '\0';
	return hex;
}

static void
person(struct vcs_person *p, const git_signature *s)
{
	p->name = xstrdup(s->name ? s->name : "");
	p->email = xstrdup(s->email ? s->email : "");
	p->when = (long long)s->when.time;
	p->offset_min = s->when.offset;
}

int
vcs_commit_read(const struct vcs_oid *id, struct vcs_commit *c)
{
	git_commit *gc = NULL;
	const char *msg, *sum;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = objcheck(git_commit_lookup(&gc, repo, as_git(id)), id,
			   "commit")))
		return rc;
	c->id = *id;
	memcpy(c->tree.id, git_commit_tree_id(gc)->id, 20);
	c->nparents = git_commit_parentcount(gc);
	c->parents = xcalloc(c->nparents + 1, sizeof(*c->parents));
	for (unsigned i = 0; i < c->nparents; i++)
		memcpy(c->parents[i].id, git_commit_parent_id(gc, i)->id, 20);
	person(&c->author, git_commit_author(gc));
	person(&c->committer, git_commit_committer(gc));
	msg = git_commit_message_raw(gc);
	sum = git_commit_summary(gc);
	c->message = xstrdup(msg ? msg : "");
	c->summary = xstrdup(sum ? sum : "");
	git_commit_free(gc);
	return 0;
}

void
vcs_commit_release(struct vcs_commit *c)
{
	free(c->parents);
	free(c->author.name);
	free(c->author.email);
	free(c->committer.name);
	free(c->committer.email);
	free(c->message);
	free(c->summary);
	memset(c, 0, sizeof(*c));
}

struct vcs_walk {
	git_revwalk *w;
	int (*hide)(const struct vcs_oid *id, void *arg);
	void *arg;
};

int
vcs_walk_start(struct vcs_walk **wp, const struct vcs_oid *tip,
	       const struct vcs_oid *hide, int oldest_first)
{
	struct vcs_walk *w = xcalloc(1, sizeof(*w));
	int rc;

	*wp = w;
	if ((rc = gitcheck(git_revwalk_new(&w->w, repo),
			   "cannot walk history")))
		return rc;
	git_revwalk_sorting(w->w, GIT_SORT_TOPOLOGICAL |
			    (oldest_first ? GIT_SORT_REVERSE : 0));
	if ((rc = objcheck(git_revwalk_push(w->w, as_git(tip)), tip,
			   "commit")))
		return rc;
	if (hide && (rc = objcheck(git_revwalk_hide(w->w, as_git(hide)), hide,
				   "commit")))
		return rc;
	return 0;
}

static int
walk_hide(const git_oid *id, void *payload)
{
	struct vcs_walk *w = payload;
	struct vcs_oid o;

	memcpy(o.id, id->id, 20);
	return w->hide(&o, w->arg);
}

int
vcs_walk_prune(struct vcs_walk *w,
	       int (*hide)(const struct vcs_oid *id, void *arg), void *arg)
{
	w->hide = hide;
	w->arg = arg;
	return gitcheck(git_revwalk_add_hide_cb(w->w, walk_hide, w),
			"cannot walk history");
}

int
vcs_walk_next(struct vcs_walk *w, struct vcs_oid *id)
{
	git_oid o;
	int err = git_revwalk_next(&o, w->w);

	if (err == GIT_ITEROVER)
		return 0;
	if (err < 0) {
		const git_error *e = git_error_last();

		return pd_error(PD_EDATA, "the history cannot be walked: %s",
				e && e->message ? e->message : "failed");
	}
	memcpy(id->id, o.id, 20);
	return 1;
}

void
vcs_walk_end(struct vcs_walk *w)
{
	if (w)
		git_revwalk_free(w->w);
	free(w);
}

int
vcs_tree_read(const struct vcs_oid *id, struct vcs_tree **t)
{
	git_tree *gt = NULL;
	int rc = objcheck(git_tree_lookup(&gt, repo, as_git(id)), id, "tree");

	*t = (struct vcs_tree *)gt;
	return rc;
}

size_t
vcs_tree_count(const struct vcs_tree *t)
{
	return git_tree_entrycount((const git_tree *)t);
}

static const git_tree_entry *
tree_at(const struct vcs_tree *t, size_t i)
{
	return git_tree_entry_byindex((const git_tree *)t, i);
}

const char *
vcs_tree_name(const struct vcs_tree *t, size_t i)
{
	return git_tree_entry_name(tree_at(t, i));
}

const struct vcs_oid *
vcs_tree_id(const struct vcs_tree *t, size_t i)
{
	return (const struct vcs_oid *)(const void *)
		git_tree_entry_id(tree_at(t, i))->id;
}

static int
entry_kind(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return VCS_BLOB;
	case GIT_FILEMODE_TREE:
		return VCS_TREE;
	case GIT_FILEMODE_LINK:
		return VCS_LINK;
	default:
		return VCS_OTHER;
	}
}

int
vcs_tree_kind(const struct vcs_tree *t, size_t i)
{
	return entry_kind(git_tree_entry_filemode(tree_at(t, i)));
}

void
vcs_tree_free(struct vcs_tree *t)
{
	git_tree_free((git_tree *)t);
}

int
vcs_tree_entry(const struct vcs_tree *t, const char *name,
	       struct vcs_oid *id, int *kind)
{
	const git_tree_entry *e = git_tree_entry_byname((const git_tree *)t,
							name);

	if (!e)
		return 0;
	memcpy(id->id, git_tree_entry_id(e)->id, 20);
	*kind = entry_kind(git_tree_entry_filemode(e));
	return 1;
}

int
vcs_tree_lookup(const struct vcs_oid *tree, const char *path,
		struct vcs_oid *id, int *kind)
{
	git_tree *gt = NULL;
	git_tree_entry *e = NULL;
	int rc, err;

	if ((rc = objcheck(git_tree_lookup(&gt, repo, as_git(tree)), tree,
			   "tree")))
		return rc;
	err = git_tree_entry_bypath(&e, gt, path);
	git_tree_free(gt);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0) {
		const git_error *ge = git_error_last();

		return pd_error(PD_EDATA, "%s cannot be read: %s", path,
				ge && ge->message ? ge->message : "failed");
	}
	memcpy(id->id, git_tree_entry_id(e)->id, 20);
	*kind = entry_kind(git_tree_entry_filemode(e));
	git_tree_entry_free(e);
	return 1;
}

int
vcs_blob_read(const struct vcs_oid *id, char **data, size_t *len)
{
	git_blob *b = NULL;
	int rc = objcheck(git_blob_lookup(&b, repo, as_git(id)), id, "blob");
	git_object_size_t n;

	if (rc)
		return rc;
	n = git_blob_rawsize(b);
	if (n > (git_object_size_t)STOREFS_MAX_BYTES) {
		git_blob_free(b);
		return pd_error(PD_EDATA, "blob too large");
	}
	*len = (size_t)n;
	*data = xmalloc(*len + 1);
	memcpy(*data, git_blob_rawcontent(b), *len);
	(*data)[*len] = '\0';
	git_blob_free(b);
	return 0;
}
