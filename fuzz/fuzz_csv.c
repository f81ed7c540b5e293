/*
 * libFuzzer harness for csvtab_parse(): any bytes either parse or are
 * refused with a message; a table that parses writes back to CSV that
 * parses to the same table (what a register rewrite relies on).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/csvtab.h"

static int
same_table(const struct csvtab *a, const struct csvtab *b)
{
	if (a->ncols != b->ncols || a->nrows != b->nrows)
		return 0;
	for (size_t c = 0; c < a->ncols; c++)
		if (strcmp(a->header[c], b->header[c]))
			return 0;
	for (size_t r = 0; r < a->nrows; r++)
		for (size_t c = 0; c < a->ncols; c++)
			if (strcmp(a->rows[r][c], b->rows[r][c]))
				return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvtab t, again;
	char *out;
	size_t len;

	csvtab_init(&t);
	csvtab_init(&again);
	if (csvtab_parse(&t, (const char *)data, size, "fuzz") == 0) {
		out = csvtab_format(&t, &len);
		if (csvtab_parse(&again, out, len, "again") != 0 ||
		    !same_table(&t, &again))
			abort();
		free(out);
	} else if (!*pd_errmsg()) {
		abort();	/* a refusal always says why */
	}
	csvtab_release(&t);
	csvtab_release(&again);
	pd_clear_error();
	return 0;
}
