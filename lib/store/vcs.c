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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "plaindesk/gitindex.h"
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
	return pd_error(PD_EIO, "git: %s: %s", what,
			e && e->message ? e->message : "failed");
}

static void
vcs_shutdown(void)
{
	git_repository_free(repo);
	repo = NULL;
	git_libgit2_shutdown();
}

/*
 * Start libgit2 once.  Objects, refs and the index are fsynced before
 * they are renamed into place, as the work tree files are: without it a
 * power cut just after a commit could leave the branch pointing at
 * objects that never reached the disk, and the journal cannot repair
 * that.
 */
static void
git_start(void)
{
	if (git_ready)
		return;
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	git_ready = 1;
	atexit(vcs_shutdown);
}

static int
open_repo(struct store *st)
{
	git_start();
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
}

void
change_release(struct change *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		free(c->files[i].path);
		free(c->files[i].data);
	}
	free(c->files);
	free(c->command);
	strlist_release(&c->records);
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
	c->nfiles++;
}

void
change_record(struct change *c, const char *id)
{
	if (!strlist_has(&c->records, id))
		strlist_add(&c->records, id);
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
	for (size_t i = 0; i < c->nfiles; i++)
		sbuf_addf(&sb, "path %s\n", c->files[i].path);
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

/* Bring the index entries of paths in line with the work tree. */
static int
update_index(char *const *paths, const int *deleted, size_t n)
{
	git_index *idx;
	int rc;

	if ((rc = gitcheck(git_repository_index(&idx, repo),
			   "cannot read the index")))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		if (deleted[i]) {
			int err = git_index_remove_bypath(idx, paths[i]);

			if (err != GIT_ENOTFOUND)
				rc = gitcheck(err, "cannot update the index");
		} else {
			rc = gitcheck(git_index_add_bypath(idx, paths[i]),
				      "cannot update the index");
		}
	}
	if (!rc)
		rc = gitcheck(git_index_write(idx), "cannot write the index");
	git_index_free(idx);
	return rc;
}

static int
write_worktree(struct change *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		char *path = store_path(c->st, c->files[i].path);
		int rc = 0;

		if (c->files[i].data)
			rc = write_file_atomic(path, c->files[i].data,
					       c->files[i].len);
		else if (unlink(path) < 0 && errno != ENOENT)
			rc = pd_error(PD_EIO, "cannot remove '%s': %s", path,
				      strerror(errno));
		free(path);
		if (rc)
			return rc;
		pd_fault("renamed");
	}
	return 0;
}

/* The index after a commit: patched in place, or through libgit2. */
static int
change_update_index(struct change *c)
{
	struct index_update *up = xcalloc(c->nfiles, sizeof(*up));
	char **paths = xcalloc(c->nfiles, sizeof(*paths));
	char **abspaths = xcalloc(c->nfiles, sizeof(*abspaths));
	int *deleted = xcalloc(c->nfiles, sizeof(*deleted));
	char *index_path = xasprintf("%s/index", c->st->gitdir);
	int rc;

	for (size_t i = 0; i < c->nfiles; i++) {
		paths[i] = c->files[i].path;
		abspaths[i] = store_path(c->st, c->files[i].path);
		deleted[i] = c->files[i].data == NULL;
		up[i].path = paths[i];
		up[i].abspath = abspaths[i];
		up[i].deleted = deleted[i];
		memcpy(up[i].oid, c->files[i].oid, 20);
	}
	rc = getenv("PLAINDESK_LIBGIT2_INDEX") ? -1 :
	     gitindex_patch(index_path, up, c->nfiles);
	if (rc < 0)
		rc = update_index(paths, deleted, c->nfiles);
	for (size_t i = 0; i < c->nfiles; i++)
		free(abspaths[i]);
	free(abspaths);
	free(paths);
	free(deleted);
	free(up);
	free(index_path);
	return rc;
}

int
change_commit(struct change *c, const struct actor *a, const char *subject)
{
	git_commit *parent = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_oid, commit_oid;
	char *branch = NULL;
	struct sbuf msg;
	int rc;

	sbuf_init(&msg);
	pd_trace("prepare");
	if ((rc = open_repo(c->st)) || (rc = head_branch(&branch)) ||
	    (rc = head_commit(&parent)))
		goto out;
	pd_trace("open repository");
	if ((rc = write_journal(c, parent ? git_commit_id(parent) : NULL)))
		goto out;
	pd_fault("journal-written");
	if ((rc = write_worktree(c)))
		goto undo;
	pd_trace("write files");
	if ((rc = build_tree(c, parent, &tree_oid)) ||
	    (rc = gitcheck(git_tree_lookup(&tree, repo, &tree_oid),
			   "cannot read the new tree")) ||
	    (rc = make_signature(c->st, a, &sig)))
		goto undo;
	pd_trace("tree");
	commit_message(c, subject, &msg);
	pd_fault("before-commit");
	rc = gitcheck(git_commit_create(&commit_oid, repo, NULL, sig, sig,
					NULL, msg.buf, tree, parent ? 1 : 0,
					(const git_commit **)&parent),
		      "cannot write the commit");
	if (rc)
		goto undo;
	pd_fault("before-ref");
	{
		git_reference *ref = NULL;

		rc = gitcheck(git_reference_create_matching(&ref, repo,
			branch, &commit_oid, 1,
			parent ? git_commit_id(parent) : NULL, subject),
			"cannot move the branch");
		git_reference_free(ref);
		if (rc)
			goto undo;
	}
	pd_fault("after-ref");
	{
		char hex[GIT_OID_HEXSZ + 1];

		pd_set_last_commit(git_oid_tostr(hex, sizeof(hex),
						 &commit_oid));
	}
	pd_trace("commit");
	/*
	 * The commit is made, so the change has succeeded whatever follows:
	 * reporting a failure now would make a script retry a change that
	 * is already there.  An index that cannot be written (a stale
	 * index.lock) is repaired by the next command's recovery, which
	 * finds the journal left for it.
	 */
	if (change_update_index(c) == 0) {
		char *jp = journal_path(c->st);

		pd_trace("index");
		pd_fault("before-journal-removal");
		unlink(jp);
		free(jp);
		/* Packing waits until the lock is released (store_close()),
		 * so that no writer waits behind it. */
		if (loose_estimate(c->st) > PACK_THRESHOLD)
			c->st->housekeeping = pack_after_change;
		pd_trace("pack check");
	}
	pd_clear_error();
	rc = 0;
	goto out;
undo:
	{
		/* Put the work tree back as HEAD has it; keep the error. */
		char saved[1024];

		snprintf(saved, sizeof(saved), "%s", pd_errmsg());
		vcs_recover(c->st);
		pd_error(rc, "%s", saved);
	}
out:
	sbuf_release(&msg);
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
 * looks again.  Called under the store's lock, so no other change is
 * writing one (packers write none); it reads one directory whose size
 * does not grow with the records.
 */
static void
remove_stale_temps(struct store *st)
{
	char *dir = xasprintf("%s/objects", st->gitdir);

	remove_prefixed(dir, "tmp_object_git2_");
	free(dir);
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

/* Remove lock files a killed process may have left inside .git. */
static void
remove_stale_locks(struct store *st, const char *branch)
{
	char *p = xasprintf("%s/index.lock", st->gitdir);

	unlink(p);
	free(p);
	if (branch) {
		p = xasprintf("%s/%s.lock", st->gitdir, branch);
		unlink(p);
		free(p);
	}
	p = xasprintf("%s/HEAD.lock", st->gitdir);
	unlink(p);
	free(p);
}

/* Make path in the work tree what HEAD's tree says (absent if absent). */
static int
restore_path(struct store *st, git_tree *tree, const char *rel, int *deleted)
{
	git_tree_entry *entry = NULL;
	char *path = store_path(st, rel), *tmp = atomic_tmp_name(path);
	int rc = 0, err;

	unlink(tmp);
	free(tmp);
	err = tree ? git_tree_entry_bypath(&entry, tree, rel) : GIT_ENOTFOUND;
	if (err == GIT_ENOTFOUND) {
		*deleted = 1;
		if (unlink(path) < 0 && errno != ENOENT)
			rc = pd_error(PD_EIO, "cannot remove '%s': %s", path,
				      strerror(errno));
	} else if (!(rc = gitcheck(err, "cannot read HEAD's tree"))) {
		git_blob *blob;

		*deleted = 0;
		rc = gitcheck(git_blob_lookup(&blob, repo,
					      git_tree_entry_id(entry)),
			      "cannot read a blob");
		if (!rc) {
			rc = write_file_atomic(path, git_blob_rawcontent(blob),
					       (size_t)git_blob_rawsize(blob));
			git_blob_free(blob);
		}
	}
	git_tree_entry_free(entry);
	free(path);
	return rc;
}

int
vcs_recover(struct store *st)
{
	char *jp = journal_path(st), *data = NULL, *branch = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct strlist paths;
	int *deleted = NULL;
	size_t len;
	int rc, lockfd;

	strlist_init(&paths);
	remove_stale_temps(st);
	/* What a packer killed left, unless one is at work now. */
	if ((lockfd = store_side_lock(st, PACK_LOCK, 0)) >= 0) {
		remove_stale_packs(st);
		close(lockfd);
	}
	if (access(jp, F_OK) != 0) {
		free(jp);
		if (open_repo(st) == 0 && git_repository_head_unborn(repo) == 1) {
			/* plaindesk-init died before its commit: a change now
			 * would be the first commit, without the store's files. */
			pd_error(PD_ENOINPUT, "the store was never finished: plaindesk-init was interrupted");
			pd_hint("run plaindesk-init again");
			return PD_ENOINPUT;
		}
		return 0;
	}
	if ((rc = read_file(jp, &data, &len)) || (rc = open_repo(st)) ||
	    (rc = head_branch(&branch)))
		goto out;
	remove_stale_locks(st, branch);
	if ((rc = head_commit(&head)))
		goto out;
	if (head && (rc = gitcheck(git_commit_tree(&tree, head),
				   "cannot read HEAD's tree")))
		goto out;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n"))
		if (str_startswith(line, "path ") && line[5] &&
		    !strstr(line, "..") && line[5] != '/')
			strlist_add(&paths, line + 5);
	deleted = xcalloc(paths.n + 1, sizeof(*deleted));
	for (size_t i = 0; i < paths.n && !rc; i++)
		rc = restore_path(st, tree, paths.items[i], &deleted[i]);
	if (!rc && paths.n)
		rc = update_index(paths.items, deleted, paths.n);
	if (!rc && unlink(jp) < 0)
		rc = pd_error(PD_EIO, "cannot remove '%s': %s", jp,
			      strerror(errno));
out:
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
	free(deleted);
	strlist_release(&paths);
	git_tree_free(tree);
	git_commit_free(head);
	free(branch);
	free(data);
	free(jp);
	return rc;
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

	git_start();
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

	git_start();
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

	git_repository_init_options_init(&opts,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	git_start();
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

int
vcs_maybe_pack(struct store *st, int force)
{
	git_packbuilder *pb = NULL;
	struct strlist loose;
	char *dir;
	DIR *d;
	struct dirent *e;
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
				 force ? store_lock_timeout() : 0);
	if (lockfd < 0)
		return force ? pd_error(PD_EBUSY, "another command is packing the store")
			     : 0;
	if ((rc = open_repo(st))) {
		close(lockfd);
		return rc;
	}
	remove_stale_packs(st);
	strlist_init(&loose);
	rc = gitcheck(git_packbuilder_new(&pb, repo), "cannot pack");
	for (int fan = 0; fan < 256 && !rc; fan++) {
		dir = xasprintf("%s/objects/%02x", st->gitdir, fan);
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
				strlist_add_owned(&loose, xasprintf("%s/%s",
						  dir, e->d_name));
			}
			closedir(d);
		}
		free(dir);
	}
	if (!rc && loose.n) {
		char *packdir = xasprintf("%s/objects/pack", st->gitdir);

		rc = gitcheck(git_packbuilder_write(pb, packdir, 0, NULL,
						    NULL),
			      "cannot write the pack");
		free(packdir);
		/* Only now that the pack is safe do the loose copies go. */
		if (!rc)
			pd_fault("pack-written");
		for (size_t i = 0; i < loose.n && !rc; i++) {
			unlink(loose.items[i]);
			pd_fault("loose-removed");
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
vcs_history(struct store *st, const char *path, history_fn fn, void *ctx)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc;

	if ((rc = open_repo(st)))
		return rc;
	if ((rc = gitcheck(git_revwalk_new(&walk, repo), "cannot walk history")))
		return rc;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (git_revwalk_push_head(walk) < 0) {
		git_revwalk_free(walk);
		return 0;
	}
	while (!rc && git_revwalk_next(&oid, walk) == 0) {
		git_commit *commit = NULL, *parent = NULL;
		git_tree *tree = NULL, *ptree = NULL;
		git_tree_entry *e = NULL, *pe = NULL;
		int changed;

		if ((rc = gitcheck(git_commit_lookup(&commit, repo, &oid),
				   "cannot read a commit")))
			break;
		git_commit_tree(&tree, commit);
		if (tree)
			git_tree_entry_bypath(&e, tree, path);
		if (git_commit_parentcount(commit) > 0 &&
		    git_commit_parent(&parent, commit, 0) == 0) {
			git_commit_tree(&ptree, parent);
			if (ptree)
				git_tree_entry_bypath(&pe, ptree, path);
		}
		changed = (e != NULL) != (pe != NULL) ||
			  (e && pe && !git_oid_equal(git_tree_entry_id(e),
						     git_tree_entry_id(pe)));
		if (changed) {
			char hex[GIT_OID_HEXSZ + 1];
			const git_signature *au = git_commit_author(commit);

			git_oid_tostr(hex, sizeof(hex), &oid);
			rc = fn(ctx, hex, au->name, (long long)au->when.time,
				au->when.offset, git_commit_summary(commit));
		}
		git_tree_entry_free(e);
		git_tree_entry_free(pe);
		git_tree_free(tree);
		git_tree_free(ptree);
		git_commit_free(parent);
		git_commit_free(commit);
	}
	git_revwalk_free(walk);
	return rc;
}
