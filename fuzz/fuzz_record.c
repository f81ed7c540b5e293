/*
 * libFuzzer harness for records: record_parse(), ticket_validate(),
 * ticket_fold() and record_format().  Whatever parses must format; a
 * valid ticket with its state folded formats to canonical bytes that
 * parse back to the same record and format to the same bytes again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/config.h"
#include "plaindesk/record.h"
#include "plaindesk/ticket.h"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ticket_state st;
	json_t *rec = NULL, *again = NULL;
	char *out, *out2;
	size_t len, len2;

	if (record_parse((const char *)data, size, "fuzz", &rec) != 0) {
		pd_clear_error();
		return 0;
	}
	out = record_format(rec, &len);
	free(out);
	if (ticket_validate_shape(rec) == 0) {
		ticket_fold(rec, &cfg, &st);
		json_object_set_new(rec, "state", ticket_state_json(&st, &cfg));
		out = record_format(rec, &len);
		if (record_parse(out, len, "again", &again) != 0 ||
		    !json_equal(rec, again))
			abort();
		out2 = record_format(again, &len2);
		if (len != len2 || memcmp(out, out2, len) != 0)
			abort();
		if (ticket_validate_shape(again) != 0)
			abort();
		free(out2);
		free(out);
		json_decref(again);
	}
	(void)ticket_validate(rec);
	json_decref(rec);
	pd_clear_error();
	return 0;
}
