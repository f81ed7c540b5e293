/*
 * libFuzzer harness for the merge driver's logic, merge_file(): the input
 * is base, ours and theirs separated by NUL bytes, merged as a ticket and
 * as a register.  A merge that succeeds gives canonical bytes: merging
 * them with themselves gives them back, with nothing to report.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/config.h"
#include "plaindesk/merge.h"

static struct config cfg;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_t *root;

	(void)argc;
	(void)argv;
	clock_set_timezone("Asia/Shanghai");
	root = config_default("Asia/Shanghai", "en");
	if (config_parse(&cfg, root) != 0)
		abort();
	json_decref(root);
	return 0;
}

static void
merge_as(const char *path, const struct merge_blob *in)
{
	struct strlist notes;
	char *out = NULL, *again = NULL;
	size_t len, len2;
	int conflicts, again_conflicts;

	strlist_init(&notes);
	if (merge_file(path, &in[0], &in[1], &in[2], &cfg, &out, &len,
		       &conflicts, &notes) == 0) {
		struct merge_blob self = {out, len};

		strlist_release(&notes);
		/* A clean result merged with itself is itself, untouched;
		 * one with conflict markers is for a person, not a parser. */
		if (!conflicts &&
		    (merge_file(path, &self, &self, &self, &cfg, &again, &len2,
				&again_conflicts, &notes) != 0 ||
		     len2 != len || memcmp(out, again, len) != 0 ||
		     notes.n != 0 || again_conflicts))
			abort();
	} else if (!*pd_errmsg() || out) {
		abort();
	}
	free(out);
	free(again);
	strlist_release(&notes);
	pd_clear_error();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct merge_blob in[3] = {{0}};
	const char *p = (const char *)data, *end = p + size;

	for (int i = 0; i < 3; i++) {
		const char *nul = memchr(p, 0, (size_t)(end - p));

		in[i].data = p;
		in[i].len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		p = nul ? nul + 1 : end;
	}
	merge_as("tickets/2026/11/T-261120-AAAAAA.json", in);
	merge_as("meetings/2026/11/M-261120-AAAAAA.json", in);
	merge_as("registers/customers.csv", in);
	return 0;
}
