/*
 * lg2commit: a bench tool, not part of plaindesk.  It makes the change a
 * plaindesk command makes, with libgit2 and nothing else: blobs of the
 * given work-tree files, HEAD's tree with those paths replaced
 * (git_tree_create_updated), a commit, and the branch moved.  The index
 * is not touched, so `git status` is not clean afterwards: this is the
 * floor of what one change can cost in libgit2.
 *
 *   lg2commit REPO PATH...          one commit of all the paths
 *   lg2commit --each REPO PATH...   one commit per path (makes loose
 *                                   objects as a run of changes would)
 *
 * Build: cc -O2 -o lg2commit lg2commit.c -lgit2
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

static git_repository *repo;
static const char *workdir;	/* with a trailing slash */

static void
die(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "lg2commit: %s: %s\n", what,
		e && e->message ? e->message : "failed");
	exit(1);
}

static void
check(int err, const char *what)
{
	if (err < 0)
		die(what);
}

/* One commit of paths[0..n) on the branch HEAD points at. */
static void
commit_paths(char **paths, size_t n)
{
	git_tree_update *up = calloc(n, sizeof(*up));
	git_reference *head, *ref;
	git_commit *parent;
	git_tree *base, *tree;
	git_signature *sig;
	git_oid tree_oid, commit_oid;
	const char *branch;

	if (!up)
		die("out of memory");
	check(git_reference_lookup(&head, repo, "HEAD"), "cannot read HEAD");
	branch = git_reference_symbolic_target(head);
	if (!branch)
		die("HEAD is detached");
	check(git_reference_name_to_id(&commit_oid, repo, "HEAD"),
	      "cannot resolve HEAD");
	check(git_commit_lookup(&parent, repo, &commit_oid),
	      "cannot read HEAD's commit");
	check(git_commit_tree(&base, parent), "cannot read HEAD's tree");
	for (size_t i = 0; i < n; i++) {
		/* From a buffer, as plaindesk does: creating it from the work
		 * tree would load the filters, and with them the index. */
		char *path = malloc(strlen(workdir) + strlen(paths[i]) + 1), *data;
		FILE *fp;
		long len;

		if (!path)
			die("out of memory");
		strcpy(path, workdir);
		strcat(path, paths[i]);
		if (!(fp = fopen(path, "rb")) || fseek(fp, 0, SEEK_END) < 0 ||
		    (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) < 0 ||
		    !(data = malloc((size_t)len + 1)) ||
		    fread(data, 1, (size_t)len, fp) != (size_t)len) {
			fprintf(stderr, "lg2commit: cannot read %s\n", path);
			exit(1);
		}
		fclose(fp);
		check(git_blob_create_from_buffer(&up[i].id, repo, data,
						  (size_t)len), paths[i]);
		free(data);
		free(path);
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = paths[i];
	}
	check(git_tree_create_updated(&tree_oid, repo, base, n, up),
	      "cannot write the tree");
	check(git_tree_lookup(&tree, repo, &tree_oid), "cannot read the tree");
	check(git_signature_now(&sig, "Bench", "bench@plaindesk.example"),
	      "signature");
	check(git_commit_create(&commit_oid, repo, NULL, sig, sig, NULL,
				"lg2commit: bench change\n", tree, 1,
				(const git_commit **)&parent),
	      "cannot write the commit");
	check(git_reference_create_matching(&ref, repo, branch, &commit_oid,
					    1, git_commit_id(parent),
					    "lg2commit"),
	      "cannot move the branch");
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	git_reference_free(head);
	free(up);
}

int
main(int argc, char **argv)
{
	int each = 0, i = 1;

	if (argc > 1 && strcmp(argv[1], "--each") == 0) {
		each = 1;
		i++;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: lg2commit [--each] REPO PATH...\n");
		return 64;
	}
	git_libgit2_init();
	check(git_repository_open_ext(&repo, argv[i],
				      GIT_REPOSITORY_OPEN_NO_SEARCH, NULL),
	      "cannot open the repository");
	i++;
	workdir = git_repository_workdir(repo);
	if (!workdir)
		die("the repository has no work tree");
	if (each)
		for (; i < argc; i++)
			commit_paths(&argv[i], 1);
	else
		commit_paths(&argv[i], (size_t)(argc - i));
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
