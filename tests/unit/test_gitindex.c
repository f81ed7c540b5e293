/*
 * Unit tests of the index patcher against git itself: after a patch, git
 * must read the index, see the new entries, and report a clean status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plaindesk/gitindex.h"
#include "plaindesk/sha1.h"
#include "plaindesk/util.h"
#include "unit.h"

static char dir[] = "/tmp/pd-gitindex-XXXXXX";

static char *
sh(const char *fmt, ...)
{
	struct sbuf cmd, out;
	char buf[4096];
	va_list ap;
	FILE *fp;
	size_t n;

	sbuf_init(&cmd);
	sbuf_addf(&cmd, "cd %s && ", dir);
	va_start(ap, fmt);
	sbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	sbuf_adds(&cmd, " 2>&1");
	sbuf_init(&out);
	fp = popen(cmd.buf, "r");
	while (fp && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&out, buf, n);
	if (fp)
		pclose(fp);
	sbuf_release(&cmd);
	return sbuf_detach(&out, NULL);
}

/* Write a file and fill in an update for it with git's blob id. */
static void
put(struct index_update *up, const char *path, const char *text)
{
	char *abs = xasprintf("%s/%s", dir, path), *hex;

	mkdir_parents(abs);
	write_file_atomic(abs, text, strlen(text));
	hex = sh("git hash-object -w '%s'", path);
	for (int i = 0; i < 20; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		up->oid[i] = (unsigned char)v;
	}
	free(hex);
	up->path = xstrdup(path);
	lstat(abs, &up->st);
	free(abs);
	up->deleted = 0;
}

static void
release(struct index_update *up, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)up[i].path);
}

/* The patch under git's index lock, as a change makes it. */
static int
patch(const char *index, struct index_update *up, size_t n)
{
	struct gitlock lk;
	int rc = gitlock_take(&lk, index, 1, NULL, NULL);

	if (!rc)
		rc = gitindex_patch(&lk, up, n);
	gitlock_release(&lk);
	return rc;
}

/* The hex of a SHA-1, in a buffer of the caller's. */
static const char *
hex(const unsigned char *oid, char *buf)
{
	for (int i = 0; i < 20; i++)
		sprintf(buf + 2 * i, "%02x", oid[i]);
	return buf;
}

/* SHA-1 against its published values and git's blob ids. */
static void
check_sha1(void)
{
	static const char million_a[] = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";
	unsigned char oid[20], *a = xmalloc(1000000);
	struct sha1 c;
	char buf[41];

	sha1_init(&c);
	sha1_update(&c, "abc", 3);
	sha1_final(&c, oid);
	CHECK_STR(hex(oid, buf), "a9993e364706816aba3e25717850c26c9cd0d89d");
	memset(a, 'a', 1000000);
	sha1_init(&c);
	for (size_t i = 0; i < 1000000; i += 999)	/* odd pieces */
		sha1_update(&c, a + i, i + 999 > 1000000 ? 1000000 - i : 999);
	sha1_final(&c, oid);
	CHECK_STR(hex(oid, buf), million_a);
	free(a);
	sha1_git_blob("", 0, oid);
	CHECK_STR(hex(oid, buf), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	sha1_git_blob("hello\n", 6, oid);
	CHECK_STR(hex(oid, buf), "ce013625030ba8dba906f756967f9e9ca394464a");
}

/* gitindex_lookup() finds what git's own index holds, at any version. */
static void
check_lookup(const char *index)
{
	static const char *const paths[] = {"z", "a/b/one", "nothere", NULL};
	struct index_stat ix[3];
	struct timespec written;
	char buf[41], *want;

	for (int v = 2; v <= 4; v++) {
		free(sh("git update-index --index-version %d", v));
		CHECK_INT(gitindex_lookup(index, paths, ix, &written), 0);
		CHECK(ix[0].found && ix[1].found && !ix[2].found);
		want = sh("git rev-parse :z | tr -d '\\n'");
		CHECK_STR(hex(ix[0].oid, buf), want);
		free(want);
		want = sh("git rev-parse :a/b/one | tr -d '\\n'");
		CHECK_STR(hex(ix[1].oid, buf), want);
		free(want);
		CHECK_INT(ix[1].size, 2);
	}
	free(sh("git update-index --index-version 2"));
	CHECK_INT(gitindex_lookup("/nonexistent/index", paths, ix, &written),
		  -1);
}

static void
check_sh(const char *want, const char *cmd)
{
	char *got = sh("%s", cmd);

	CHECK_STR(got, want);
	free(got);
}

/* What the named callback saw, and what it answers. */
struct seen {
	int calls, answer;
	dev_t dev;
	ino_t ino;
	char *made;
};

static int
named(void *arg, const struct gitlock *lk, const char *made_as)
{
	struct seen *s = arg;
	struct stat sb;

	s->calls++;
	s->dev = lk->dev;
	s->ino = lk->ino;
	free(s->made);
	s->made = xstrdup(made_as);
	/* Named before it takes the lock's name. */
	CHECK_INT(lstat(lk->path, &sb) == 0, 0);
	return s->answer;
}

/*
 * A lock is named to the caller, under the name it is made as, before
 * it exists under its own; what the callback refuses leaves nothing.
 */
static void
check_named_lock(const char *index)
{
	struct seen s = {0, 0, 0, 0, NULL};
	struct gitlock lk;
	struct stat sb;
	char *lock = xasprintf("%s.lock", index);
	char *made = xasprintf("%s/.git/.index.pd.lock", dir);

	CHECK_INT(gitlock_take(&lk, index, 0, named, &s), 0);
	CHECK_INT(s.calls, 1);
	CHECK_STR(s.made, made);
	CHECK_INT(lstat(lock, &sb), 0);
	CHECK_INT(sb.st_ino == s.ino && sb.st_dev == s.dev, 1);
	CHECK_INT(lstat(made, &sb) < 0 && errno == ENOENT, 1);
	gitlock_release(&lk);
	CHECK_INT(lstat(lock, &sb) < 0, 1);

	/* A file left under the made name by a killed command is replaced. */
	close(open(made, O_WRONLY | O_CREAT, 0666));
	CHECK_INT(gitlock_take(&lk, index, 0, named, &s), 0);
	CHECK_INT(lstat(made, &sb) < 0, 1);
	gitlock_release(&lk);

	s.answer = PD_EIO;
	CHECK_INT(gitlock_take(&lk, index, 0, named, &s), PD_EIO);
	CHECK_INT(lstat(lock, &sb) < 0 && lstat(made, &sb) < 0, 1);
	gitlock_release(&lk);
	free(s.made);
	free(made);
	free(lock);
}

int
main(void)
{
	struct index_update up[4];
	char *index, *out;

	if (!mkdtemp(dir))
		return 1;
	index = xasprintf("%s/.git/index", dir);
	out = sh("git init -q && git config user.email t@e && git config user.name t"
		 " && mkdir -p a/b && echo 1 > a/b/one && echo 2 > z && echo 0 > 0"
		 " && git add -A && git commit -qm init");
	free(out);
	check_sh("", "git status --porcelain");

	/* Insert in the middle, at the start, at the end; replace one. */
	memset(up, 0, sizeof(up));
	put(&up[0], "a/b/two", "two\n");
	put(&up[1], "!first", "first\n");
	put(&up[2], "zz/last", "last\n");
	put(&up[3], "z", "changed\n");
	CHECK_INT(patch(index, up, 4), 0);
	release(up, 4);
	check_sh("!first\n0\na/b/one\na/b/two\nz\nzz/last\n", "git ls-files");
	check_sh("A  !first\nA  a/b/two\nM  z\nA  zz/last\n",
		 "git status --porcelain");
	out = sh("git commit -qm more && git status --porcelain && git fsck --no-progress --no-dangling");
	CHECK_STR(out, "");
	free(out);

	/* Delete one; a delete of a missing path is nothing. */
	{
		char zero[64];

		snprintf(zero, sizeof(zero), "%s/0", dir);
		unlink(zero);
	}
	up[0].path = "0";
	up[0].deleted = 1;
	up[1].path = "not/there";
	up[1].deleted = 1;
	CHECK_INT(patch(index, up, 2), 0);
	check_sh("D  0\n", "git status --porcelain");
	out = sh("git commit -qm del && git status --porcelain");
	CHECK_STR(out, "");
	free(out);

	/* The view finds paths in git's order, again from the first entry
	 * for one before the last found, none that is not there; its blob
	 * ids are git's. */
	{
		struct gitindex_view v;
		const struct gitindex_entry *e;
		char hex[41], *want;

		CHECK_INT(gitindex_view_open(&v, index), 0);
		CHECK(gitindex_view_find(&v, "a/b/one") != NULL);
		e = gitindex_view_find(&v, "z");
		CHECK(e != NULL);
		for (int i = 0; e && i < 20; i++)
			snprintf(hex + 2 * i, 3, "%02x",
				 gitindex_entry_oid(e)[i]);
		want = sh("git rev-parse :z | tr -d '\\n'");
		CHECK_STR(e ? hex : "", want);
		free(want);
		CHECK(gitindex_view_find(&v, "a/b/three") == NULL);
		e = gitindex_view_find(&v, "!first");
		CHECK(e != NULL && e->namelen == 6);
		CHECK(gitindex_view_find(&v, "zz/last") != NULL);
		CHECK(gitindex_view_find(&v, "zzz") == NULL);
		CHECK(gitindex_view_find(&v, "a/b/two") != NULL);
		CHECK(gitindex_view_find(&v, "a/b/two") != NULL);
		CHECK(gitindex_view_find(&v, "0") == NULL);
		gitindex_view_close(&v);
	}

	/* An index version git writes with path compression is left alone. */
	out = sh("git update-index --index-version 4");
	free(out);
	memset(up, 0, sizeof(up));
	put(&up[0], "v4", "v4\n");
	CHECK_INT(patch(index, up, 1), -1);
	release(up, 1);
	check_sh("?? v4\n", "git status --porcelain");

	/* A missing index cannot be patched either. */
	{
		char *none = xasprintf("%s/none", dir);

		CHECK_INT(patch(none, up, 0), -1);
		free(none);
	}
	/* A lock another command holds is waited for, then refused. */
	{
		struct gitlock held, mine;

		CHECK_INT(gitlock_take(&held, index, 0, NULL, NULL), 0);
		CHECK_INT(gitlock_take(&mine, index, 0.1, NULL, NULL), PD_EBUSY);
		gitlock_release(&mine);
		gitlock_release(&held);
		CHECK_INT(gitlock_take(&mine, index, 0, NULL, NULL), 0);
		gitlock_release(&mine);
	}
	check_named_lock(index);
	check_sha1();
	check_lookup(index);
	out = sh("cd / && rm -rf %s", dir);
	free(out);
	free(index);
	return unit_done("gitindex");
}
