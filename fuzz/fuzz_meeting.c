/*
 * libFuzzer harness for the meeting validator: record_parse(),
 * meeting_validate_shape(), meeting_refresh(), meeting_validate() and
 * what readers take from events (meeting_action_number()).  Nothing a
 * record holds crashes them; a record that passes the shape check and
 * is refreshed from its events validates strictly, formats to canonical
 * bytes that parse back to it, and stays valid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/meeting.h"
#include "plaindesk/record.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	clock_set_timezone("Asia/Shanghai");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct meeting_state st;
	json_t *rec = NULL, *again = NULL, *e;
	char *out;
	size_t len, i;

	if (record_parse((const char *)data, size, "fuzz", &rec) != 0) {
		pd_clear_error();
		return 0;
	}
	/* Readers look at every event's action, valid record or not. */
	json_array_foreach(json_object_get(rec, "events"), i, e)
		(void)meeting_action_number(jstr(e, "action"));
	(void)meeting_validate(rec);
	if (meeting_validate_shape(rec) == 0) {
		meeting_refresh(rec);
		meeting_fold(rec, &st);
		(void)meeting_is_stale(rec);
		out = record_format(rec, &len);
		if (record_parse(out, len, "again", &again) != 0 ||
		    !json_equal(rec, again) ||
		    meeting_validate_shape(again) != 0)
			abort();
		free(out);
		json_decref(again);
	}
	json_decref(rec);
	pd_clear_error();
	return 0;
}
