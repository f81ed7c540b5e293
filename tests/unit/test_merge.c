/*
 * Unit tests for lib/store/merge.c: event unions in time order, header edits
 * on both sides, two closes, registers merged row by row, meetings, and
 * inputs that cannot be merged.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/merge.h"
#include "plaindesk/record.h"
#include "unit.h"

static struct config cfg;
static struct strlist notes;

#define OPEN "{\"id\": \"E-261120-0PEN\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"S-li\", \"type\": \"open\"}"

/* A ticket with the given title and events (a JSON list body). */
static char *
ticket(const char *title, const char *events)
{
	return xasprintf("{\"id\": \"T-261120-AAAAAA\", \"kind\": \"inquiry\", "
			 "\"channel\": \"phone\", \"customer\": \"C-0012\", "
			 "\"meeting\": null, \"category\": null, \"severity\": null, "
			 "\"title\": \"%s\", \"description\": \"\", "
			 "\"opened_at\": \"2026-11-20T10:00:00+08:00\", "
			 "\"state\": {}, \"events\": [%s]}", title, events);
}

static int conflicts;	/* of the last merge() */

static int
merge(const char *path, const char *b, const char *o, const char *t,
      char **out)
{
	struct merge_blob mb = {b, b ? strlen(b) : 0};
	struct merge_blob mo = {o, strlen(o)}, mt = {t, strlen(t)};
	size_t len;

	strlist_release(&notes);
	return merge_file(path, &mb, &mo, &mt, &cfg, out, &len, &conflicts,
			  &notes);
}

static json_t *
parse(const char *s)
{
	json_t *rec = NULL;

	record_parse(s, strlen(s), "test", &rec);
	return rec;
}

/* The event ids of a merged record, joined by spaces. */
static char *
event_ids(const char *text)
{
	json_t *rec = parse(text), *e;
	struct sbuf sb;
	size_t i;

	sbuf_init(&sb);
	json_array_foreach(json_object_get(rec, "events"), i, e)
		sbuf_addf(&sb, "%s%s", i ? " " : "", jstr(e, "id") + 9);
	json_decref(rec);
	return sbuf_detach(&sb, NULL);
}

static char *
state_field(const char *text, const char *key)
{
	json_t *rec = parse(text);
	json_t *v = json_object_get(json_object_get(rec, "state"), key);
	char *s = json_is_string(v) ? xstrdup(json_string_value(v)) :
		  json_dumps(v, JSON_ENCODE_ANY);

	json_decref(rec);
	return s;
}

static const char *path_t = "tickets/2026/11/T-261120-AAAAAA.json";

static void
test_kind_of(void)
{
	CHECK_INT(merge_kind_of(path_t), MERGE_TICKET);
	CHECK_INT(merge_kind_of("meetings/2026/11/M-261120-AAAAAA.json"),
		  MERGE_MEETING);
	CHECK_INT(merge_kind_of("registers/customers.csv"), MERGE_REGISTER);
	CHECK_INT(merge_kind_of("registers/sub/x.csv"), MERGE_OTHER);
	CHECK_INT(merge_kind_of("plaindesk.json"), MERGE_OTHER);
	CHECK_INT(merge_kind_of("reports/2026-W47.html"), MERGE_OTHER);
}

static void
test_union_events(void)
{
	char *b = ticket("T", OPEN);
	char *o = ticket("T", OPEN ", {\"id\": \"E-261120-AC00\", \"at\": \"2026-11-20T10:30:00+08:00\", \"by\": \"S-wang\", \"type\": \"ack\"}");
	char *t = ticket("T", OPEN ", {\"id\": \"E-261120-N000\", \"at\": \"2026-11-20T10:10:00+08:00\", \"by\": \"S-li\", \"type\": \"note\", \"message\": \"called\"}");
	char *out = NULL, *swapped = NULL, *ids, *s;

	CHECK_INT(merge(path_t, b, o, t, &out), 0);
	ids = event_ids(out);
	CHECK_STR(ids, "0PEN N000 AC00");
	free(ids);
	s = state_field(out, "status");
	CHECK_STR(s, "acknowledged");
	free(s);
	s = state_field(out, "responded_at");
	CHECK_STR(s, "2026-11-20T10:30:00+08:00");
	free(s);
	CHECK_INT(notes.n, 0);
	/* Either side merging gives the same bytes. */
	CHECK_INT(merge(path_t, b, t, o, &swapped), 0);
	CHECK_STR(out, swapped);
	/* The result is canonical: merging it with itself is a no-op. */
	free(swapped);
	CHECK_INT(merge(path_t, b, out, out, &swapped), 0);
	CHECK_STR(swapped, out);
	free(swapped);
	free(out);
	free(b);
	free(o);
	free(t);
}

static void
test_equal_times_keep_side_order(void)
{
	/* One side acked and resolved in the same second, the ids in the
	 * reverse of their order; the other side added a note then. */
	char *b = ticket("T", OPEN);
	char *o = ticket("T", OPEN
		", {\"id\": \"E-261120-ZZZZ\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"ack\"}"
		", {\"id\": \"E-261120-AAAA\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"resolve\"}");
	char *t = ticket("T", OPEN
		", {\"id\": \"E-261120-MMMM\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"S-li\", \"type\": \"note\"}");
	char *out = NULL, *out2 = NULL, *ids, *s;

	CHECK_INT(merge(path_t, b, o, t, &out), 0);
	ids = event_ids(out);
	CHECK_STR(ids, "0PEN MMMM ZZZZ AAAA");
	free(ids);
	s = state_field(out, "status");
	CHECK_STR(s, "resolved");
	free(s);
	CHECK_INT(merge(path_t, b, t, o, &out2), 0);
	CHECK_STR(out, out2);
	free(out);
	free(out2);
	free(b);
	free(o);
	free(t);
}

static void
test_two_closes(void)
{
	const char *resolved = OPEN
		", {\"id\": \"E-261120-ACK0\", \"at\": \"2026-11-20T10:05:00+08:00\", \"by\": \"S-wang\", \"type\": \"ack\"}"
		", {\"id\": \"E-261120-RES0\", \"at\": \"2026-11-20T11:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"resolve\"}";
	char *b = ticket("T", resolved);
	char *oe = xasprintf("%s, {\"id\": \"E-261121-C001\", \"at\": \"2026-11-21T09:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"close\", \"satisfaction\": 5, \"accepted\": true}", resolved);
	char *te = xasprintf("%s, {\"id\": \"E-261121-C002\", \"at\": \"2026-11-21T12:00:00+08:00\", \"by\": \"S-li\", \"type\": \"close\", \"satisfaction\": 2, \"accepted\": false}", resolved);
	char *o = ticket("T", oe), *t = ticket("T", te), *out = NULL, *ids, *s;

	CHECK_INT(merge(path_t, b, o, t, &out), 0);
	ids = event_ids(out);
	CHECK_STR(ids, "0PEN ACK0 RES0 C001 C002");
	free(ids);
	s = state_field(out, "closed_at");
	CHECK_STR(s, "2026-11-21T12:00:00+08:00");
	free(s);
	CHECK_INT(notes.n, 1);
	if (notes.n)
		CHECK_STR(notes.items[0], "closed on both sides (ours E-261121-C001, theirs E-261121-C002); both kept, the later close decides");
	free(out);
	free(b);
	free(o);
	free(t);
	free(oe);
	free(te);
}

static void
test_header(void)
{
	char *b = ticket("Old", OPEN), *o = ticket("Ours", OPEN);
	char *t = ticket("Theirs", OPEN), *same = ticket("Old", OPEN);
	char *out = NULL;
	json_t *rec;

	/* Changed on both sides: ours, and said so. */
	CHECK_INT(merge(path_t, b, o, t, &out), 0);
	rec = parse(out);
	CHECK_STR(jstr(rec, "title"), "Ours");
	json_decref(rec);
	CHECK_INT(notes.n, 1);
	if (notes.n)
		CHECK_STR(notes.items[0], "'title' changed on both sides; kept ours");
	free(out);
	/* Changed on their side only: theirs, silently. */
	CHECK_INT(merge(path_t, b, same, t, &out), 0);
	rec = parse(out);
	CHECK_STR(jstr(rec, "title"), "Theirs");
	json_decref(rec);
	CHECK_INT(notes.n, 0);
	free(out);
	/* No common ancestor (both added the file): ours on a clash. */
	CHECK_INT(merge(path_t, NULL, o, t, &out), 0);
	CHECK_INT(notes.n, 1);
	free(out);
	free(b);
	free(o);
	free(t);
	free(same);
}

static void
test_event_changed_both(void)
{
	char *b = ticket("T", OPEN ", {\"id\": \"E-261120-N000\", \"at\": \"2026-11-20T10:10:00+08:00\", \"by\": \"S-li\", \"type\": \"note\", \"message\": \"a\"}");
	char *o = ticket("T", OPEN ", {\"id\": \"E-261120-N000\", \"at\": \"2026-11-20T10:10:00+08:00\", \"by\": \"S-li\", \"type\": \"note\", \"message\": \"ours\"}");
	char *t = ticket("T", OPEN ", {\"id\": \"E-261120-N000\", \"at\": \"2026-11-20T10:10:00+08:00\", \"by\": \"S-li\", \"type\": \"note\", \"message\": \"theirs\"}");
	char *out = NULL;

	CHECK_INT(merge(path_t, b, o, t, &out), 0);
	CHECK(strstr(out, "\"ours\"") != NULL);
	CHECK(strstr(out, "\"theirs\"") == NULL);
	CHECK_INT(notes.n, 1);
	if (notes.n)
		CHECK_STR(notes.items[0], "events E-261120-N000 changed on both sides; kept ours");
	free(out);
	free(b);
	free(o);
	free(t);
}

static void
test_unmergeable(void)
{
	char *good = ticket("T", OPEN), *out = NULL;
	char *noid = ticket("T", OPEN ", {\"at\": \"2026-11-20T10:10:00+08:00\", \"by\": \"x\", \"type\": \"note\"}");
	char *badtime = ticket("T", OPEN ", {\"id\": \"E-261120-N000\", \"at\": \"2026-02-30T10:10:00+08:00\", \"by\": \"x\", \"type\": \"note\"}");
	char *badtype = ticket("T", OPEN ", {\"id\": \"E-261120-N000\", \"at\": \"2026-11-20T10:10:00+08:00\", \"by\": \"x\", \"type\": \"explode\"}");

	CHECK_INT(merge(path_t, good, good, "{\"id\": ", &out), PD_EDATA);
	CHECK(out == NULL);
	CHECK(strstr(pd_errmsg(), "(theirs): line 1") != NULL);
	CHECK_INT(merge(path_t, good, "[1, 2]", good, &out), PD_EDATA);
	CHECK_INT(merge(path_t, good, noid, good, &out), PD_EDATA);
	CHECK_STR(pd_errmsg(), "tickets/2026/11/T-261120-AAAAAA.json: ours: events item 2 has no id");
	CHECK_INT(merge(path_t, good, good, badtime, &out), PD_EDATA);
	CHECK_INT(merge(path_t, good, good, badtype, &out), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "the merged ticket is not valid") != NULL);
	CHECK_INT(merge(path_t, good, good, "", &out), PD_EDATA);
	CHECK_INT(merge("plaindesk.json", "{}", "{}", "{}", &out), PD_EDATA);
	free(good);
	free(noid);
	free(badtime);
	free(badtype);
}

static void
test_register(void)
{
	const char *b =
		"id,name,tier,notes\n"
		"C-1,One,vip,\n"
		"C-2,Two,key,\n"
		"C-3,Three,general,\n"
		"C-4,Four,general,\n";
	const char *o =
		"id,name,tier,notes\n"
		"C-1,One,key,ours\n"	/* tier and notes changed */
		"C-2,Two,key,\n"	/* deleted on theirs, unchanged here */
		"C-4,Four,vip,\n"	/* deleted on theirs, changed here */
		"C-5,Five,general,\n";	/* new */
	const char *t =
		"\xEF\xBB\xBFid,name,tier,notes,extra\r\n"
		"C-1,One,general,,x\r\n"	/* tier changed too */
		"C-3,\"Three, Inc\",general,,\r\n"	/* renamed */
		"C-6,Six,potential,,y\r\n";	/* new, with a new column */
	char *out = NULL;

	CHECK_INT(merge("registers/customers.csv", b, o, t, &out), 0);
	/* C-1's tier changed two ways: the row twice between markers, each
	 * with the cells that merged (notes from ours, extra from theirs). */
	CHECK_STR(out,
		  "id,name,tier,notes,extra\n"
		  "<<<<<<< ours\n"
		  "C-1,One,key,ours,x\n"
		  "=======\n"
		  "C-1,One,general,ours,x\n"
		  ">>>>>>> theirs\n"
		  "C-4,Four,vip,,\n"
		  "C-5,Five,general,,\n"
		  "C-3,\"Three, Inc\",general,,\n"
		  "C-6,Six,potential,,y\n");
	CHECK_INT(conflicts, 1);
	/* C-3 was deleted on our side and renamed on theirs: kept too. */
	CHECK_INT(notes.n, 3);
	if (notes.n == 3) {
		CHECK_STR(notes.items[0], "C-1: 'tier' changed on both sides ('key' and 'general'); left between conflict markers");
		CHECK_STR(notes.items[1], "C-4: deleted on their side but changed on ours; kept");
		CHECK_STR(notes.items[2], "C-3: deleted on our side but changed on theirs; kept");
	}
	free(out);
}

/* Different cells of one row changed on the two sides: both kept. */
static void
test_register_cells(void)
{
	const char *b = "id,name,org,phone\nC-1,Acme,Acme,1\nC-2,Two,,2\n";
	const char *o = "id,name,org,phone\nC-1,Acme,Acme Group,1\nC-2,Two,,2\n";
	const char *t = "id,name,org,phone\nC-1,Acme,Acme,+86 9\nC-2,Two,,2\n"
			"C-3,Three,,3\n";
	char *out = NULL;

	CHECK_INT(merge("registers/customers.csv", b, o, t, &out), 0);
	CHECK_STR(out, "id,name,org,phone\nC-1,Acme,Acme Group,+86 9\n"
		       "C-2,Two,,2\nC-3,Three,,3\n");
	CHECK_INT(conflicts, 0);
	CHECK_INT(notes.n, 0);
	free(out);
	/* Both added one id with different cells: a conflict too. */
	CHECK_INT(merge("registers/customers.csv", b, b,
			"id,name,org,phone\nC-1,Acme,Acme,1\nC-2,Two,,2\nC-9,Nine,,9\n",
			&out), 0);
	free(out);
	CHECK_INT(merge("registers/customers.csv", b,
			"id,name,org,phone\nC-1,Acme,Acme,1\nC-9,Nine,X,9\n",
			"id,name,org,phone\nC-1,Acme,Acme,1\nC-2,Two,,2\nC-9,Nine,Y,9\n",
			&out), 0);
	CHECK_STR(out, "id,name,org,phone\nC-1,Acme,Acme,1\n"
		       "<<<<<<< ours\nC-9,Nine,X,9\n=======\nC-9,Nine,Y,9\n"
		       ">>>>>>> theirs\n");
	CHECK_INT(conflicts, 1);
	free(out);
}

static void
test_register_deleted_unchanged(void)
{
	const char *b = "id,name\nC-1,One\nC-3,Three\n";
	const char *o = "id,name\nC-1,One\nC-3,Three\n";
	const char *t = "id,name\nC-1,One\n";
	char *out = NULL;

	CHECK_INT(merge("registers/customers.csv", b, o, t, &out), 0);
	CHECK_STR(out, "id,name\nC-1,One\n");
	CHECK_INT(notes.n, 0);
	free(out);
}

static void
test_holidays(void)
{
	const char *b = "date,kind,name\n2026-10-01,holiday,National Day\n";
	const char *o = "date,kind,name\n2026-10-01,holiday,National Day\n2026-10-10,workday,Make-up\n";
	const char *t = "date,kind,name\n2026-10-01,holiday,国庆节\n2026-10-02,holiday,National Day\n";
	char *out = NULL;

	CHECK_INT(merge("registers/holidays.csv", b, o, t, &out), 0);
	CHECK_STR(out, "date,kind,name\n2026-10-01,holiday,国庆节\n"
		       "2026-10-10,workday,Make-up\n"
		       "2026-10-02,holiday,National Day\n");
	free(out);
	CHECK_INT(merge("registers/holidays.csv", b, o,
			"date,kind,name\n2026-10-01,holiday,a\n2026-10-01,holiday,b\n",
			&out), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "appears twice") != NULL);
	CHECK_INT(merge("registers/staff.csv", "id,name\n", "id,name\n",
			"name\nx\n", &out), PD_EDATA);
	/* Found by fuzz_merge: a side that fails to load freed the others
	 * before they were set up. */
	CHECK_INT(merge("registers/staff.csv", "", "", "", &out), PD_EDATA);
	CHECK_INT(merge("registers/staff.csv", NULL, "id\n", "", &out), PD_EDATA);
	CHECK_INT(merge("registers/staff.csv", "id,name\n", "id,name\n",
			"id,name\n\"x,y\n", &out), PD_EDATA);
}

/* A published meeting with two action items; events appended by tests. */
static char *
meeting(const char *title, const char *events)
{
	return xasprintf("{\"id\": \"M-261120-AAAAAA\", \"type\": \"routine\", \"title\": \"%s\", "
		"\"organizer\": \"S-chen\", \"start\": \"2026-11-23T10:00:00+08:00\", "
		"\"duration_min\": 60, \"room\": \"R-1\", "
		"\"attendees\": [{\"who\": \"S-wang\", \"required\": true}, {\"who\": \"S-li\", \"required\": true}], "
		"\"agenda\": [{\"n\": 1, \"topic\": \"Status\", \"goal\": \"inform\", \"minutes\": 30, \"owner\": \"S-wang\"}], "
		"\"materials\": [], \"ad_hoc\": false, \"reason\": null, \"sequence\": 0, "
		"\"state\": {\"status\": \"published\", \"approved_by\": null, \"agenda_sent_at\": null, "
		"\"published_at\": \"2026-11-23T12:00:00+08:00\"}, "
		"\"minutes\": {\"started_at\": \"2026-11-23T10:00:00+08:00\", \"ended_at\": \"2026-11-23T11:00:00+08:00\", "
		"\"present\": [\"S-wang\", \"S-li\"], \"absent\": [], \"late\": [], "
		"\"items\": [{\"n\": 1, \"outcome\": \"achieved\", \"notes\": \"\"}], \"decisions\": [\"Go\"]}, "
		"\"actions\": [{\"id\": \"M-261120-AAAAAA.1\", \"text\": \"Fix it\", \"owner\": \"S-wang\", \"due\": \"2026-11-30\", \"expected\": \"fixed\", \"done_at\": null, \"note\": null}, "
		"{\"id\": \"M-261120-AAAAAA.2\", \"text\": \"Write it\", \"owner\": \"S-li\", \"due\": \"2026-11-30\", \"expected\": \"written\", \"done_at\": null, \"note\": null}], "
		"\"feedback\": [], \"events\": ["
		"{\"id\": \"E-261120-CRE8\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"create\"}, "
		"{\"id\": \"E-261123-REC0\", \"at\": \"2026-11-23T11:30:00+08:00\", \"by\": \"S-chen\", \"type\": \"record\"}, "
		"{\"id\": \"E-261123-P0B1\", \"at\": \"2026-11-23T12:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"publish\", \"on_time\": true}%s]}",
		title, events);
}

static void
test_meeting(void)
{
	const char *path = "meetings/2026/11/M-261120-AAAAAA.json";
	char *b = meeting("Weekly", "");
	/* Ours: action 1 done.  Theirs: feedback, then action 2 done. */
	char *o = meeting("Weekly", ", {\"id\": \"E-261124-D001\", \"at\": \"2026-11-24T09:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"done\", \"action\": \"M-261120-AAAAAA.1\", \"note\": \"fixed it\"}");
	char *t = meeting("Weekly!", ", {\"id\": \"E-261124-FB00\", \"at\": \"2026-11-24T08:00:00+08:00\", \"by\": \"S-li\", \"type\": \"feedback\", \"score\": 4, \"comment\": \"ok\"}"
		", {\"id\": \"E-261124-D002\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-li\", \"type\": \"done\", \"action\": \"M-261120-AAAAAA.2\"}");
	char *bad = meeting("Weekly", ", {\"id\": \"E-261124-X000\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-li\", \"type\": \"explode\"}");
	char *out = NULL, *swapped = NULL, *ids;
	json_t *rec, *actions;

	CHECK_INT(merge(path, b, o, t, &out), 0);
	rec = parse(out);
	CHECK_STR(jstr(json_object_get(rec, "state"), "status"), "published");
	/* Theirs renamed it, ours did not: theirs. */
	CHECK_STR(jstr(rec, "title"), "Weekly!");
	actions = json_object_get(rec, "actions");
	CHECK_STR(jstr(json_array_get(actions, 0), "done_at"), "2026-11-24T09:00:00+08:00");
	CHECK_STR(jstr(json_array_get(actions, 0), "note"), "fixed it");
	CHECK_STR(jstr(json_array_get(actions, 1), "done_at"), "2026-11-24T10:00:00+08:00");
	CHECK_INT(json_array_size(json_object_get(rec, "feedback")), 1);
	CHECK_INT(jint(json_array_get(json_object_get(rec, "feedback"), 0), "score", 0), 4);
	json_decref(rec);
	ids = event_ids(out);
	CHECK_STR(ids, "CRE8 REC0 P0B1 FB00 D001 D002");
	free(ids);
	CHECK_INT(notes.n, 0);
	/* Either side merging gives the same bytes. */
	CHECK_INT(merge(path, b, t, o, &swapped), 0);
	CHECK_STR(out, swapped);
	free(swapped);
	free(out);
	/* Both renamed it: ours, said. */
	free(b);
	b = meeting("Old", "");
	CHECK_INT(merge(path, b, o, t, &out), 0);
	rec = parse(out);
	CHECK_STR(jstr(rec, "title"), "Weekly");
	json_decref(rec);
	CHECK_INT(notes.n, 1);
	if (notes.n)
		CHECK_STR(notes.items[0], "'title' changed on both sides; kept ours");
	free(out);
	/* Both marked action 1 done, and S-li gave feedback on both: all
	 * kept (the later done decides), and said. */
	free(t);
	t = meeting("Weekly", ", {\"id\": \"E-261124-FB00\", \"at\": \"2026-11-24T08:00:00+08:00\", \"by\": \"S-li\", \"type\": \"feedback\", \"score\": 4, \"comment\": \"ok\"}"
		", {\"id\": \"E-261124-D003\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-li\", \"type\": \"done\", \"action\": \"M-261120-AAAAAA.1\", \"note\": \"theirs\"}");
	free(o);
	o = meeting("Weekly", ", {\"id\": \"E-261124-FB01\", \"at\": \"2026-11-24T07:00:00+08:00\", \"by\": \"S-li\", \"type\": \"feedback\", \"score\": 2, \"comment\": \"meh\"}"
		", {\"id\": \"E-261124-D001\", \"at\": \"2026-11-24T09:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"done\", \"action\": \"M-261120-AAAAAA.1\", \"note\": \"ours\"}");
	CHECK_INT(merge(path, b, o, t, &out), 0);
	rec = parse(out);
	actions = json_object_get(rec, "actions");
	CHECK_STR(jstr(json_array_get(actions, 0), "note"), "theirs");
	CHECK_INT(json_array_size(json_object_get(rec, "feedback")), 2);
	json_decref(rec);
	CHECK_INT(notes.n, 2);
	if (notes.n == 2) {
		CHECK_STR(notes.items[0], "action M-261120-AAAAAA.1 done on both sides (ours E-261124-D001, theirs E-261124-D003); both kept, the later decides");
		CHECK_STR(notes.items[1], "feedback from S-li given on both sides (ours E-261124-FB01, theirs E-261124-FB00); both kept");
	}
	free(out);
	/* An event type meetings do not have: not merged. */
	CHECK_INT(merge(path, b, o, bad, &out), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "the merged meeting is not valid") != NULL);
	free(b);
	free(o);
	free(t);
	free(bad);
}

int
main(void)
{
	json_t *root;

	clock_set_timezone("Asia/Shanghai");
	root = config_default("Asia/Shanghai", "en");
	if (config_parse(&cfg, root) != 0) {
		fprintf(stderr, "config: %s\n", pd_errmsg());
		return 1;
	}
	strlist_init(&notes);
	test_kind_of();
	test_union_events();
	test_equal_times_keep_side_order();
	test_two_closes();
	test_header();
	test_event_changed_both();
	test_unmergeable();
	test_register();
	test_register_cells();
	test_register_deleted_unchanged();
	test_holidays();
	test_meeting();
	strlist_release(&notes);
	config_release(&cfg);
	json_decref(root);
	return unit_done("merge");
}
