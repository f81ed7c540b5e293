/*
 * Unit tests for 会务 services: due offsets on the working-day calendar
 * (holidays and make-up days, wall-clock hours), the equipment-test rule
 * and the other task states, the checklist chosen by meeting type and
 * flags, and the service block that the events make and validation
 * checks.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/checklist.h"
#include "plaindesk/config.h"
#include "plaindesk/meeting.h"
#include "plaindesk/merge.h"
#include "plaindesk/record.h"
#include "plaindesk/service.h"
#include "plaindesk/util.h"
#include "unit.h"

static struct config cfg;

static time_t
at(const char *s)
{
	time_t t = 0;

	CHECK_INT(time_parse(s, &t), 0);
	return t;
}

static const char *
fmt(time_t t)
{
	static char bufs[4][TIME_BUFSZ];
	static int next;

	next = (next + 1) % 4;
	return time_format(t, bufs[next]);
}

/* base + offset on the calendar of cfg. */
static const char *
shifted(const char *base, const char *offset)
{
	struct offset o;

	CHECK_INT(offset_parse(offset, &o), 0);
	return fmt(offset_apply(&cfg.cal, at(base), &o));
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	CHECK_INT(date_parse(s, &d), 0);
	return d;
}

static void
test_offsets(void)
{
	struct offset o;
	static const char *const bad[] = {
		"", "+", "-", "1x", "--1h", "0", "+0", "-0x", "1h-", "wd",
		"-1.5h", NULL
	};

	/* Monday 2026-11-23 09:00: one working day before is Friday. */
	CHECK_STR(shifted("2026-11-23T09:00", "-1wd"),
		  "2026-11-20T09:00:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "-2wd"),
		  "2026-11-19T09:00:00+08:00");
	/* m and h are wall-clock, whatever the working hours. */
	CHECK_STR(shifted("2026-11-23T09:00", "-1h"),
		  "2026-11-23T08:00:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "-30m"),
		  "2026-11-23T08:30:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "-1h30m"),
		  "2026-11-23T07:30:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "+0m"),
		  "2026-11-23T09:00:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "0wd"),
		  "2026-11-23T09:00:00+08:00");
	CHECK_STR(shifted("2026-11-22T23:30", "+1h"),
		  "2026-11-23T00:30:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "-3d"),
		  "2026-11-20T09:00:00+08:00");
	/* After a Friday end, one working day is Monday. */
	CHECK_STR(shifted("2026-11-27T17:00", "+1wd"),
		  "2026-11-30T17:00:00+08:00");
	CHECK_STR(shifted("2026-11-27T17:00", "1wd"),
		  "2026-11-30T17:00:00+08:00");
	/* A holiday on the Friday: the working day before is Thursday. */
	calendar_add_holiday(&cfg.cal, day("2026-11-20"));
	CHECK_STR(shifted("2026-11-23T09:00", "-1wd"),
		  "2026-11-19T09:00:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "-2wd"),
		  "2026-11-18T09:00:00+08:00");
	/* ...and the Saturday worked instead (调休) comes first. */
	calendar_add_makeup(&cfg.cal, day("2026-11-21"));
	CHECK_STR(shifted("2026-11-23T09:00", "-1wd"),
		  "2026-11-21T09:00:00+08:00");
	CHECK_STR(shifted("2026-11-23T09:00", "-2wd"),
		  "2026-11-19T09:00:00+08:00");
	CHECK_STR(shifted("2026-11-19T17:00", "+1wd"),
		  "2026-11-21T17:00:00+08:00");
	/* Hours do not care about holidays. */
	CHECK_STR(shifted("2026-11-20T10:00", "-1h"),
		  "2026-11-20T09:00:00+08:00");
	for (int i = 0; bad[i]; i++) {
		CHECK_INT(offset_parse(bad[i], &o), -1);
		if (offset_parse(bad[i], &o) == 0)
			fprintf(stderr, "  taken: '%s'\n", bad[i]);
	}
}

/* A meeting at start for minutes, with a service block of one task. */
static json_t *
meeting_with_task(const char *start, int minutes, const char *task)
{
	json_error_t err;
	char *text = xasprintf(
	    "{\"id\": \"M-261120-K7QF2A\", \"type\": \"decision\","
	    " \"start\": \"%s\", \"duration_min\": %d,"
	    " \"service\": {\"tasks\": [%s]}}", start, minutes, task);
	json_t *rec = json_loads(text, 0, &err);

	CHECK(rec != NULL);
	free(text);
	return rec;
}

static json_t *
first_task(json_t *rec)
{
	return json_array_get(json_object_get(json_object_get(rec, "service"),
					      "tasks"), 0);
}

/* The state of the meeting's only task when done at done (or open). */
static const char *
state_of(json_t *rec, const char *done, const char *now)
{
	json_t *t = first_task(rec);

	json_object_set_new(t, "status", json_string(done ? "done" : "open"));
	json_object_set_new(t, "done_at", done ? json_string(done) : json_null());
	return task_state_names[task_state(&cfg, rec, t, at(now))];
}

static void
test_equipment_rule(void)
{
	json_t *rec = meeting_with_task("2026-11-25T09:00:00+08:00", 120,
		"{\"key\": \"av-test\", \"from\": \"start\", \"offset\": \"-1h\","
		" \"required\": true}");
	long lead;

	CHECK_STR(fmt(task_due(&cfg, rec, first_task(rec))),
		  "2026-11-25T08:00:00+08:00");
	CHECK_STR(state_of(rec, "2026-11-25T07:59:00+08:00", "2026-11-25T12:00"),
		  "done");
	CHECK_STR(state_of(rec, "2026-11-25T08:00:00+08:00", "2026-11-25T12:00"),
		  "done");
	CHECK_STR(state_of(rec, "2026-11-25T08:01:00+08:00", "2026-11-25T12:00"),
		  "late");
	CHECK_STR(state_of(rec, "2026-11-25T08:10:00+08:00", "2026-11-25T12:00"),
		  "late");
	CHECK_INT(equipment_lead_minutes(rec, first_task(rec), &lead), 0);
	CHECK_INT(lead, 50);
	CHECK_STR(state_of(rec, "2026-11-25T09:00:00+08:00", "2026-11-25T12:00"),
		  "late");
	CHECK_STR(state_of(rec, "2026-11-25T09:01:00+08:00", "2026-11-25T12:00"),
		  "missed");
	CHECK_INT(equipment_lead_minutes(rec, first_task(rec), &lead), 0);
	CHECK_INT(lead, -1);
	/* Not done: open, overdue after its due, missed after the start. */
	CHECK_STR(state_of(rec, NULL, "2026-11-25T07:00"), "open");
	CHECK_STR(state_of(rec, NULL, "2026-11-25T08:30"), "overdue");
	CHECK_STR(state_of(rec, NULL, "2026-11-25T09:01"), "missed");
	CHECK_INT(equipment_lead_minutes(rec, first_task(rec), &lead), -1);
	/* The rule follows event.equipment_test_before, not the offset. */
	cfg.equipment_test_before.n = 120;
	CHECK_STR(fmt(task_due(&cfg, rec, first_task(rec))),
		  "2026-11-25T07:00:00+08:00");
	CHECK_STR(state_of(rec, "2026-11-25T07:30:00+08:00", "2026-11-25T12:00"),
		  "late");
	cfg.equipment_test_before.n = 60;
	json_decref(rec);
}

static void
test_task_states(void)
{
	/* Due the working day before a Monday 09:00 start: Friday 09:00. */
	json_t *rec = meeting_with_task("2026-11-30T09:00:00+08:00", 120,
		"{\"key\": \"layout\", \"from\": \"start\", \"offset\": \"-1wd\","
		" \"required\": true}");
	json_t *t = first_task(rec);

	CHECK_STR(fmt(task_due(&cfg, rec, t)), "2026-11-27T09:00:00+08:00");
	CHECK_STR(state_of(rec, NULL, "2026-11-27T08:00"), "open");
	CHECK_STR(state_of(rec, NULL, "2026-11-27T10:00"), "overdue");
	CHECK_STR(state_of(rec, NULL, "2026-11-30T11:01"), "missed");
	CHECK_STR(state_of(rec, "2026-11-27T08:59:00+08:00", "2026-12-01T00:00"),
		  "done");
	CHECK_STR(state_of(rec, "2026-11-27T10:00:00+08:00", "2026-11-27T10:00"),
		  "late");
	CHECK(task_state_is_problem(TS_LATE) && task_state_is_problem(TS_MISSED) &&
	      task_state_is_problem(TS_OVERDUE) && !task_state_is_problem(TS_DONE) &&
	      !task_state_is_problem(TS_FAILED) && !task_state_is_problem(TS_OPEN));
	json_object_set_new(t, "status", json_string("skipped"));
	CHECK_INT(task_state(&cfg, rec, t, at("2026-12-05T00:00")), TS_SKIPPED);
	json_object_set_new(t, "status", json_string("failed"));
	CHECK_INT(task_state(&cfg, rec, t, at("2026-11-28T00:00")), TS_FAILED);
	CHECK_INT(task_state(&cfg, rec, t, at("2026-11-30T12:00")), TS_MISSED);
	/* Optional tasks are never missed. */
	json_object_set_new(t, "required", json_false());
	CHECK_STR(state_of(rec, NULL, "2026-11-30T12:00"), "overdue");
	json_decref(rec);

	/* After the end: overdue past its due, never missed. */
	rec = meeting_with_task("2026-11-30T09:00:00+08:00", 120,
		"{\"key\": \"cleanup\", \"from\": \"end\", \"offset\": \"+2h\","
		" \"required\": true}");
	CHECK_STR(fmt(task_due(&cfg, rec, first_task(rec))),
		  "2026-11-30T13:00:00+08:00");
	CHECK_STR(state_of(rec, NULL, "2026-11-30T12:00"), "open");
	CHECK_STR(state_of(rec, NULL, "2026-12-09T12:00"), "overdue");
	/* The meeting moved: the due time follows it. */
	json_object_set_new(rec, "start",
			    json_string("2026-12-01T14:00:00+08:00"));
	CHECK_STR(fmt(task_due(&cfg, rec, first_task(rec))),
		  "2026-12-01T18:00:00+08:00");
	json_decref(rec);

	/* A task with a due time of its own. */
	rec = meeting_with_task("2026-11-30T09:00:00+08:00", 120,
		"{\"key\": \"extra-1\", \"due\": \"2026-11-26T12:00:00+08:00\","
		" \"required\": false}");
	CHECK_STR(fmt(task_due(&cfg, rec, first_task(rec))),
		  "2026-11-26T12:00:00+08:00");
	json_decref(rec);
}

/* The keys of the checklist's rows that apply, joined by spaces. */
static char *
selected(const struct checklist *cl, const char *type, int guests,
	 int lodging)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, "");
	for (size_t i = 0; i < cl->n; i++)
		if (checklist_applies(&cl->rows[i], type, guests, lodging))
			sbuf_addf(&sb, "%s%s", sb.len ? " " : "",
				  cl->rows[i].key);
	return sbuf_detach(&sb, NULL);
}

static size_t
words(const char *s)
{
	size_t n = *s != '\0';

	for (; *s; s++)
		n += *s == ' ';
	return n;
}

static void
test_checklist(void)
{
	static const char *const locales[] = {"en", "zh-CN", NULL};

	for (int l = 0; locales[l]; l++) {
		struct checklist cl;
		char *path = xasprintf("%s/%s/service-tasks.csv",
				       PD_TEMPLATEDIR, locales[l]), *data, *s;
		size_t len;

		CHECK_INT(read_file(path, &data, &len), 0);
		CHECK_INT(checklist_parse(&cl, data, len, path), 0);
		CHECK_INT(cl.n, 24);
		s = selected(&cl, "decision", 1, 1);
		CHECK_INT(words(s), 23);
		CHECK(strstr(s, "lodging") && strstr(s, "av-test-eve") &&
		      strstr(s, "seating") && strstr(s, "cups-porcelain") &&
		      strstr(s, "pickup") && !strstr(s, "cups-paper"));
		free(s);
		s = selected(&cl, "routine", 0, 0);
		CHECK_INT(words(s), 19);
		CHECK_STR(s, "schedule budget brief materials av-test facilities"
			  " contingency inspect arrive checkin-desk layout"
			  " name-cards cups-paper record power-off cleanup"
			  " materials-return archive summary");
		free(s);
		s = selected(&cl, "seminar", 1, 0);
		CHECK_INT(words(s), 21);
		CHECK(strstr(s, "seating") && !strstr(s, "av-test-eve") &&
		      !strstr(s, " lodging"));
		free(s);
		CHECK(checklist_find(&cl, "av-test") != NULL);
		CHECK(checklist_find(&cl, "nope") == NULL);
		checklist_release(&cl);
		free(data);
		free(path);
	}
}

static int
parse_rows(const char *rows)
{
	struct checklist cl;
	char *data = xasprintf("types,if,key,group,task,from,offset,required\n%s",
			       rows);
	int rc = checklist_parse(&cl, data, strlen(data), "t.csv");

	if (!rc)
		checklist_release(&cl);
	free(data);
	return rc;
}

static void
test_checklist_refusals(void)
{
	struct checklist cl;

	CHECK_INT(parse_rows("*,,a,secretariat,Do it,start,-1h,yes\n"), 0);
	CHECK_INT(parse_rows("training;other,lodging,b-2,transport,Go,end,+2wd,no\n"),
		  0);
	CHECK_INT(parse_rows("*,,a,secretariat,x,start,-1h,yes\n*,,a,logistics,y,start,-1h,yes\n"),
		  PD_EDATA);
	CHECK_STR(pd_errmsg(), "t.csv: line 3: the key is used twice");
	CHECK_INT(parse_rows("meeting,,a,secretariat,x,start,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,vip,a,secretariat,x,start,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,A,secretariat,x,start,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,extra-1,secretariat,x,start,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,a,kitchen,x,start,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,a,secretariat,,start,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,a,secretariat,x,middle,-1h,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,a,secretariat,x,start,soon,yes\n"), PD_EDATA);
	CHECK_INT(parse_rows("*,,a,secretariat,x,start,-1h,maybe\n"), PD_EDATA);
	CHECK_STR(pd_errmsg(), "t.csv: line 2: required must be yes or no");
	CHECK_INT(checklist_parse(&cl, "types,key\n*,a\n", 14, "t.csv"),
		  PD_EDATA);
}

/* A planned meeting with a service plan and the events given. */
static json_t *
service_record(const char *more_events)
{
	json_error_t err;
	char *text = xasprintf(
	    "{\"id\": \"M-261120-K7QF2A\", \"type\": \"routine\","
	    " \"title\": \"Sync\", \"organizer\": \"S-chen\","
	    " \"start\": \"2026-11-25T09:00:00+08:00\", \"duration_min\": 60,"
	    " \"room\": \"R-1\", \"attendees\": [{\"who\": \"S-wang\", \"required\": true}],"
	    " \"agenda\": [{\"n\": 1, \"topic\": \"Plan\", \"goal\": \"inform\","
	    "  \"minutes\": 30, \"owner\": \"S-chen\"}],"
	    " \"materials\": [], \"ad_hoc\": false, \"reason\": null,"
	    " \"sequence\": 0, \"state\": {}, \"minutes\": null, \"actions\": [],"
	    " \"feedback\": [], \"events\": ["
	    "  {\"id\": \"E-261120-AAAA\", \"at\": \"2026-11-20T09:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"create\"},"
	    "  {\"id\": \"E-261120-BBBB\", \"at\": \"2026-11-20T09:10:00+08:00\", \"by\": \"S-chen\","
	    "   \"type\": \"service-plan\", \"lead\": \"S-chen\", \"host\": \"市场部\", \"headcount\": null,"
	    "   \"guests\": false, \"lodging\": false, \"groups\": ["
	    "    {\"group\": \"secretariat\", \"lead\": \"S-li\"}, {\"group\": \"logistics\", \"lead\": \"S-chen\"},"
	    "    {\"group\": \"transport\", \"lead\": \"S-chen\"}],"
	    "   \"add\": [{\"key\": \"av-test\", \"group\": \"secretariat\", \"text\": \"Test\","
	    "    \"from\": \"start\", \"offset\": \"-1h\", \"owner\": \"S-li\", \"required\": true},"
	    "    {\"key\": \"inspect\", \"group\": \"secretariat\", \"text\": \"Inspect\","
	    "    \"from\": \"start\", \"offset\": \"-30m\", \"owner\": \"S-li\", \"required\": true}]}"
	    "  %s]}", more_events);
	json_t *rec = json_loads(text, 0, &err);

	if (!rec)
		fprintf(stderr, "bad test JSON: %s (line %d)\n", err.text,
			err.line);
	CHECK(rec != NULL);
	free(text);
	if (rec)
		meeting_refresh(rec);
	return rec;
}

static void
test_fold(void)
{
	json_t *rec = service_record(
	    ", {\"id\": \"E-261124-CCCC\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-task\", \"key\": \"av-test\", \"status\": \"done\","
	    "   \"done_at\": \"2026-11-25T07:55:00+08:00\"},"
	    "  {\"id\": \"E-261124-DDDD\", \"at\": \"2026-11-24T11:00:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-budget\", \"line\": [{\"category\": \"venue\", \"item\": \"Hall\","
	    "    \"planned\": 10}, {\"category\": \"catering\", \"item\": \"Tea\", \"planned\": 20}],"
	    "   \"actual\": [{\"n\": 2, \"amount\": 25}]},"
	    "  {\"id\": \"E-261124-EEEE\", \"at\": \"2026-11-24T12:00:00+08:00\", \"by\": \"S-chen\","
	    "   \"type\": \"service-budget\", \"revise\": [{\"n\": 1, \"planned\": 15}]},"
	    "  {\"id\": \"E-261124-FFFF\", \"at\": \"2026-11-24T13:00:00+08:00\", \"by\": \"S-chen\","
	    "   \"type\": \"service-approve\", \"total\": 30},"
	    "  {\"id\": \"E-261125-GGGG\", \"at\": \"2026-11-25T08:40:00+08:00\", \"by\": \"S-chen\","
	    "   \"type\": \"service-inspect\", \"open\": []},"
	    "  {\"id\": \"E-261125-HHHH\", \"at\": \"2026-11-25T08:50:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-checkin\", \"guest\": \"张三|某公司\", \"signed_in_at\": \"2026-11-25T08:50:00+08:00\"}");
	json_t *svc = json_object_get(rec, "service"), *copy;
	struct budget_sum sum;
	struct budget_check bc;
	struct checkin_counts cc;
	size_t len;
	char *bytes;

	{
		int rc = meeting_validate(rec);

		CHECK_INT(rc, 0);
		if (rc)
			fprintf(stderr, "  %s\n", pd_errmsg());
	}
	CHECK_STR(jstr(svc, "lead"), "S-chen");
	CHECK_STR(jstr(service_task(svc, "av-test"), "done_by"), "S-li");
	CHECK_STR(jstr(service_task(svc, "inspect"), "done_at"),
		  "2026-11-25T08:40:00+08:00");
	budget_sum(svc, NULL, &sum);
	CHECK_INT(sum.original, 30);
	CHECK_INT(sum.planned, 35);
	CHECK_INT(sum.actual, 25);
	CHECK_INT(sum.with_actual, 1);
	budget_sum(svc, "catering", &sum);
	CHECK_INT(sum.planned, 20);
	budget_check(svc, &bc);
	CHECK_INT(bc.lines_over, 1);
	CHECK_INT(bc.total_over, 0);
	CHECK_INT(bc.over_approved, 1);
	checkin_count(rec, &cc);
	CHECK_INT(cc.signed_in, 1);
	CHECK_INT(cc.guests, 1);
	CHECK_INT(cc.invited, 1);

	/* The record's bytes: the block after feedback, keys in order. */
	bytes = record_format(rec, &len);
	CHECK(strstr(bytes, "\"feedback\": [],\n  \"service\": {\n    \"lead\": \"S-chen\",\n    \"host\": \"市场部\",") != NULL);
	CHECK(strstr(bytes, "{\"key\": \"av-test\", \"group\": \"secretariat\", \"text\": \"Test\", \"from\": \"start\", \"offset\": \"-1h\", \"due\": null, \"owner\": \"S-li\", \"required\": true, \"status\": \"done\", \"done_at\": \"2026-11-25T07:55:00+08:00\", \"done_by\": \"S-li\", \"note\": \"\"}") != NULL);
	CHECK(strstr(bytes, "{\"n\": 1, \"category\": \"venue\", \"item\": \"Hall\", \"original\": 10, \"planned\": 15, \"actual\": null, \"note\": \"\"}") != NULL);
	CHECK(strstr(bytes, "\"approved\": {\n      \"by\": \"S-chen\",") != NULL);
	CHECK(strstr(bytes, "{\"who\": null, \"guest\": \"张三|某公司\", \"at\": \"2026-11-25T08:50:00+08:00\"}") != NULL);
	free(bytes);

	/* A hand edit of the block disagrees with the events. */
	copy = json_deep_copy(rec);
	json_object_set_new(json_object_get(json_object_get(copy, "service"),
					    "approved"), "total",
			    json_integer(99));
	CHECK_INT(meeting_validate(copy), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "service.approved does not match the events") != NULL);
	json_decref(copy);
	/* No plan, no block. */
	copy = json_deep_copy(rec);
	json_array_remove(json_object_get(copy, "events"), 1);
	CHECK_INT(meeting_validate(copy), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "before the service is planned") != NULL);
	json_decref(copy);
	json_decref(rec);
}

/* A record with one more event of the given JSON: its validation. */
static int
with_event(const char *ev)
{
	char *more = xasprintf(", {\"id\": \"E-261124-CCCC\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-li\", %s}",
			       ev);
	json_t *rec = service_record(more);
	int rc = rec ? meeting_validate(rec) : -1;

	json_decref(rec);
	free(more);
	return rc;
}

static void
test_event_fields(void)
{
	static const char *const good[] = {
		"\"type\": \"service-task\", \"key\": \"av-test\", \"status\": \"failed\", \"note\": \"no power\"",
		"\"type\": \"service-task\", \"key\": \"extra-1\", \"task\": {\"group\": \"transport\", \"text\": \"Car\", \"due\": \"2026-11-24T18:00:00+08:00\", \"owner\": \"S-chen\", \"required\": false}",
		"\"type\": \"service-material\", \"add\": [{\"item\": \"U盘\", \"qty\": 10, \"place\": \"签到台\"}]",
		"\"type\": \"service-incident\", \"text\": \"Mic\", \"occurred_at\": \"2026-11-24T09:40:00+08:00\"",
		"\"type\": \"service-summary\", \"lessons\": [\"More chairs\"], \"publish\": false",
		NULL
	};
	static const char *const bad[] = {
		"\"type\": \"service-task\", \"key\": \"Av Test\", \"status\": \"done\"",
		"\"type\": \"service-task\", \"key\": \"av-test\", \"status\": \"finished\"",
		"\"type\": \"service-task\", \"key\": \"av-test\"",
		"\"type\": \"service-task\", \"key\": \"av-test\", \"status\": \"failed\", \"done_at\": \"2026-11-24T09:00:00+08:00\"",
		"\"type\": \"service-task\", \"key\": \"extra-1\", \"task\": {\"group\": \"transport\", \"text\": \"Car\", \"from\": \"start\", \"owner\": \"S-chen\", \"required\": false}",
		"\"type\": \"service-material\", \"add\": [{\"item\": \"U盘\", \"qty\": 0}]",
		"\"type\": \"service-material\"",
		"\"type\": \"service-budget\", \"line\": [{\"category\": \"food\", \"item\": \"x\", \"planned\": 1}]",
		"\"type\": \"service-budget\", \"line\": [{\"category\": \"venue\", \"item\": \"x\", \"planned\": -1}]",
		"\"type\": \"service-budget\", \"line\": [{\"category\": \"venue\", \"item\": \"x\", \"planned\": 1000000000001}]",
		"\"type\": \"service-budget\", \"actual\": [{\"n\": 1, \"amount\": 1.5}]",
		"\"type\": \"service-checkin\", \"signed_in_at\": \"2026-11-24T09:00:00+08:00\"",
		"\"type\": \"service-checkin\", \"who\": \"S-li\", \"guest\": \"x\", \"signed_in_at\": \"2026-11-24T09:00:00+08:00\"",
		"\"type\": \"service-incident\", \"text\": \"Mic\"",
		"\"type\": \"service-summary\", \"lessons\": [], \"publish\": false",
		"\"type\": \"service-approve\"",
		"\"type\": \"service-party\"",
		"\"type\": \"service-material\", \"add\": [{\"item\": \"a\\u0007b\", \"qty\": 1}]",
		NULL
	};

	for (int i = 0; good[i]; i++) {
		int rc = with_event(good[i]);

		CHECK_INT(rc, 0);
		if (rc)
			fprintf(stderr, "  refused: %s: %s\n", good[i],
				pd_errmsg());
	}
	for (int i = 0; bad[i]; i++) {
		int rc = with_event(bad[i]);

		CHECK_INT(rc, PD_EDATA);
		if (rc != PD_EDATA)
			fprintf(stderr, "  taken: %s\n", bad[i]);
	}
}

/* Two clones change the service of one meeting: the merge keeps both. */
static void
test_merge(void)
{
	json_t *base = service_record("");
	json_t *ours = service_record(
	    ", {\"id\": \"E-261124-CCCC\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-budget\", \"line\": [{\"category\": \"venue\", \"item\": \"Hall\", \"planned\": 10}]}");
	json_t *theirs = service_record(
	    ", {\"id\": \"E-261124-DDDD\", \"at\": \"2026-11-24T11:00:00+08:00\", \"by\": \"S-chen\","
	    "   \"type\": \"service-task\", \"key\": \"av-test\", \"status\": \"done\","
	    "   \"done_at\": \"2026-11-24T11:00:00+08:00\"}");
	struct strlist notes;
	json_t *out = NULL;

	strlist_init(&notes);
	CHECK_INT(merge_meeting_json(base, ours, theirs, &out, &notes), 0);
	if (out) {
		json_t *svc = json_object_get(out, "service");

		CHECK_INT(json_array_size(json_object_get(svc, "budget")), 1);
		CHECK_STR(jstr(service_task(svc, "av-test"), "status"), "done");
		CHECK_INT(meeting_validate(out), 0);
	}
	json_decref(out);
	json_decref(base);
	json_decref(ours);
	json_decref(theirs);
	strlist_release(&notes);
}

/* Attendance from the sign-ins: present, late after the grace, absent. */
static void
test_attendance(void)
{
	json_t *rec = service_record(
	    ", {\"id\": \"E-261125-CCCC\", \"at\": \"2026-11-25T08:50:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-checkin\", \"who\": \"S-li\", \"signed_in_at\": \"2026-11-25T08:50:00+08:00\"},"
	    "  {\"id\": \"E-261125-DDDD\", \"at\": \"2026-11-25T09:05:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-checkin\", \"who\": \"S-chen\", \"signed_in_at\": \"2026-11-25T09:05:00+08:00\"},"
	    "  {\"id\": \"E-261125-EEEE\", \"at\": \"2026-11-25T09:06:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-checkin\", \"who\": \"S-zhao\", \"signed_in_at\": \"2026-11-25T09:06:00+08:00\"},"
	    "  {\"id\": \"E-261125-FFFF\", \"at\": \"2026-11-25T09:07:00+08:00\", \"by\": \"S-li\","
	    "   \"type\": \"service-checkin\", \"guest\": \"张三|某公司\", \"signed_in_at\": \"2026-11-25T09:07:00+08:00\"}");
	struct minutes_input in;
	struct strlist named;

	/* S-wang is required and did not sign in; the grace is 5m. */
	minutes_input_init(&in);
	strlist_init(&named);
	checkin_attendance(&cfg, rec, &named, &in);
	CHECK_INT(in.present.n, 2);
	CHECK_STR(in.present.items[0], "S-li");
	CHECK_STR(in.present.items[1], "S-chen");
	CHECK_INT(in.late.n, 1);
	CHECK_STR(in.late.items[0], "S-zhao");
	CHECK_INT(in.absent.n, 1);
	CHECK_STR(in.absent.items[0], "S-wang");
	minutes_input_release(&in);
	/* Whoever the minutes name keeps what they say. */
	minutes_input_init(&in);
	strlist_add(&named, "S-zhao");
	strlist_add(&named, "S-wang");
	checkin_attendance(&cfg, rec, &named, &in);
	CHECK_INT(in.present.n, 2);
	CHECK_INT(in.late.n, 0);
	CHECK_INT(in.absent.n, 0);
	minutes_input_release(&in);
	strlist_release(&named);
	json_decref(rec);
}

static void
test_labels(void)
{
	CHECK_STR(meeting_label("zh-CN", "group", "logistics"), "后勤保障组");
	CHECK_STR(meeting_label("zh-CN", "category", "catering"), "餐饮");
	CHECK_STR(meeting_label("en", "group", "logistics"), "logistics");
	CHECK_STR(meeting_label("zh-CN", "state", "nope"), "nope");
}

int
main(void)
{
	json_t *root = config_default("Asia/Shanghai", "en");

	CHECK_INT(config_parse(&cfg, root), 0);
	CHECK_INT(cfg.equipment_test_before.n, 60);
	CHECK_STR(cfg.currency, "CNY");
	CHECK_STR(cfg.inspector_role, "manager");
	test_equipment_rule();
	test_task_states();
	test_checklist();
	test_checklist_refusals();
	test_fold();
	test_event_fields();
	test_labels();
	test_merge();
	test_attendance();
	test_offsets();		/* last: it adds holidays to cfg */
	config_release(&cfg);
	json_decref(root);
	return unit_done("service");
}
