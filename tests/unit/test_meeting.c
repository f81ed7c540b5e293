/*
 * Unit tests for meetings: overlap and double booking, agenda fit, room
 * capacity, the fold and validation, the agenda and minutes deadlines,
 * overdue actions, the Markdown minutes form, and the calendar
 * invitation (parsed back with libical).
 */
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>

#include "plaindesk/clock.h"
#include "plaindesk/config.h"
#include "plaindesk/invite.h"
#include "plaindesk/meeting.h"
#include "plaindesk/minutes.h"
#include "plaindesk/record.h"
#include "unit.h"

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

/* A meeting record from JSON text with "events" appended as given. */
static json_t *
meeting(const char *json)
{
	json_error_t err;
	json_t *rec = json_loads(json, 0, &err);

	if (!rec)
		fprintf(stderr, "bad test JSON: %s (line %d)\n", err.text,
			err.line);
	CHECK(rec != NULL);
	return rec;
}

#define BASE(id, start, dur, room, org, attendees, state) \
	"{\"id\": \"" id "\", \"type\": \"routine\", \"title\": \"T\"," \
	" \"organizer\": \"" org "\", \"start\": \"" start "\"," \
	" \"duration_min\": " #dur ", \"room\": \"" room "\"," \
	" \"attendees\": " attendees "," \
	" \"agenda\": [{\"n\": 1, \"topic\": \"A\", \"goal\": \"inform\"," \
	" \"minutes\": 20, \"owner\": \"S-wang\"}]," \
	" \"materials\": [], \"ad_hoc\": false, \"reason\": null," \
	" \"sequence\": 0, \"state\": {\"status\": \"" state "\"}}"

static void
test_overlap_and_conflict(void)
{
	json_t *a, *b, *c, *d, *e;
	struct sbuf why;

	CHECK(meeting_overlap(100, 200, 150, 250));
	CHECK(meeting_overlap(100, 200, 100, 200));
	CHECK(meeting_overlap(100, 200, 120, 130));
	CHECK(!meeting_overlap(100, 200, 200, 300));	/* back to back */
	CHECK(!meeting_overlap(200, 300, 100, 200));

	a = meeting(BASE("M-261120-AAAAAA", "2026-11-23T10:00:00+08:00", 60,
			 "R-1", "S-chen",
			 "[{\"who\": \"S-wang\", \"required\": true},"
			 " {\"who\": \"S-li\", \"required\": false}]",
			 "planned"));
	/* Same room, later but overlapping, nobody shared. */
	b = meeting(BASE("M-261120-BBBBBB", "2026-11-23T10:30:00+08:00", 30,
			 "R-1", "S-zhao", "[]", "planned"));
	sbuf_init(&why);
	CHECK_INT(meeting_conflict(a, b, &why), 1);
	CHECK(strstr(why.buf, "room R-1 is booked by M-261120-BBBBBB") != NULL);
	sbuf_release(&why);
	/* Other room; S-li optional in a, required in c: no clash. */
	c = meeting(BASE("M-261120-CCCCCC", "2026-11-23T10:30:00+08:00", 30,
			 "R-2", "S-zhao",
			 "[{\"who\": \"S-li\", \"required\": true}]",
			 "planned"));
	sbuf_init(&why);
	CHECK_INT(meeting_conflict(a, c, &why), 0);
	/* S-wang required in both, and the organizer of a attends d. */
	d = meeting(BASE("M-261120-DDDDDD", "2026-11-23T09:30:00+08:00", 45,
			 "R-2", "S-admin",
			 "[{\"who\": \"S-wang\", \"required\": true},"
			 " {\"who\": \"S-chen\", \"required\": true}]",
			 "pending"));
	CHECK_INT(meeting_conflict(a, d, &why), 1);
	CHECK(strstr(why.buf, "S-chen, S-wang are booked by M-261120-DDDDDD") !=
	      NULL);
	sbuf_release(&why);
	/* Cancelled, itself, back to back: never. */
	e = meeting(BASE("M-261120-EEEEEE", "2026-11-23T10:00:00+08:00", 60,
			 "R-1", "S-chen", "[]", "cancelled"));
	sbuf_init(&why);
	CHECK_INT(meeting_conflict(a, e, &why), 0);
	CHECK_INT(meeting_conflict(a, a, &why), 0);
	json_object_set_new(b, "start",
			    json_string("2026-11-23T11:00:00+08:00"));
	CHECK_INT(meeting_conflict(a, b, &why), 0);
	CHECK_INT(why.len, 0);
	sbuf_release(&why);
	CHECK(meeting_booked(a));
	CHECK(!meeting_booked(e));
	CHECK(meeting_requires(a, "S-chen"));
	CHECK(meeting_requires(a, "S-wang"));
	CHECK(!meeting_requires(a, "S-li"));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(d);
	json_decref(e);
}

static void
test_fit_and_capacity(void)
{
	json_t *m = meeting(BASE("M-261120-AAAAAA",
				 "2026-11-23T10:00:00+08:00", 30, "R-1",
				 "S-chen",
				 "[{\"who\": \"S-wang\", \"required\": true},"
				 " {\"who\": \"S-li\", \"required\": false}]",
				 "planned"));
	json_t *agenda = json_object_get(m, "agenda");

	CHECK_INT(meeting_agenda_minutes(m), 20);
	CHECK_INT(meeting_agenda_fits(m), 0);
	json_array_append_new(agenda, json_pack("{s:i, s:s, s:s, s:i, s:s}",
		"n", 2, "topic", "B", "goal", "decision", "minutes", 10,
		"owner", "S-li"));
	CHECK_INT(meeting_agenda_minutes(m), 30);
	CHECK_INT(meeting_agenda_fits(m), 0);	/* exactly the duration */
	json_object_set_new(json_array_get(agenda, 1), "minutes",
			    json_integer(11));
	CHECK_INT(meeting_agenda_fits(m), PD_EDATA);
	CHECK_STR(pd_errmsg(), "the agenda takes 31 minutes, longer than the meeting's 30");

	/* Two attendees and the organizer. */
	CHECK_INT(meeting_head_count(m), 3);
	CHECK_INT(meeting_capacity_fits(m, "R-1", 3), 0);
	CHECK_INT(meeting_capacity_fits(m, "R-1", 2), PD_EDATA);
	CHECK_STR(pd_errmsg(), "room R-1 holds 2, the meeting has 3 people");
	/* An organizer who is also an attendee counts once. */
	json_array_append_new(json_object_get(m, "attendees"),
			      json_pack("{s:s, s:b}", "who", "S-chen",
					"required", 1));
	CHECK_INT(meeting_head_count(m), 3);
	json_decref(m);
}

/* A complete valid record: an ad-hoc meeting through its life. */
static json_t *
full_record(void)
{
	json_t *rec = meeting(
	    "{\"id\": \"M-261120-K7QF2A\", \"type\": \"decision\","
	    " \"title\": \"Budget\", \"organizer\": \"S-chen\","
	    " \"start\": \"2026-11-23T10:00:00+08:00\", \"duration_min\": 60,"
	    " \"room\": \"R-1\","
	    " \"attendees\": [{\"who\": \"S-wang\", \"required\": true}],"
	    " \"agenda\": [{\"n\": 1, \"topic\": \"Plan\", \"goal\": \"decision\","
	    "  \"minutes\": 30, \"owner\": \"S-chen\"}],"
	    " \"materials\": [\"https://example.com/plan.pdf\"],"
	    " \"ad_hoc\": true, \"reason\": \"Client escalation\","
	    " \"sequence\": 0, \"state\": {},"
	    " \"minutes\": {\"started_at\": \"2026-11-23T10:05:00+08:00\","
	    "  \"ended_at\": \"2026-11-23T11:00:00+08:00\", \"present\": [\"S-chen\"],"
	    "  \"absent\": [], \"late\": [\"S-wang\"],"
	    "  \"items\": [{\"n\": 1, \"outcome\": \"achieved\", \"notes\": \"ok\"}],"
	    "  \"decisions\": [\"Go\"]},"
	    " \"actions\": [{\"id\": \"M-261120-K7QF2A.1\", \"text\": \"Book\","
	    "  \"owner\": \"S-wang\", \"due\": \"2026-11-25\", \"expected\": \"\","
	    "  \"done_at\": null, \"note\": null}],"
	    " \"feedback\": [],"
	    " \"events\": ["
	    "  {\"id\": \"E-261120-AAAA\", \"at\": \"2026-11-20T09:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"create\"},"
	    "  {\"id\": \"E-261120-BBBB\", \"at\": \"2026-11-20T09:30:00+08:00\", \"by\": \"S-zhao\", \"type\": \"approve\"},"
	    "  {\"id\": \"E-261120-CCCC\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"send\", \"on_time\": true},"
	    "  {\"id\": \"E-261120-DDDD\", \"at\": \"2026-11-20T11:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"update\", \"changes\": [\"start\"]},"
	    "  {\"id\": \"E-261120-EEEE\", \"at\": \"2026-11-20T12:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"send\", \"on_time\": false},"
	    "  {\"id\": \"E-261123-FFFF\", \"at\": \"2026-11-23T12:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"record\"},"
	    "  {\"id\": \"E-261123-GGGG\", \"at\": \"2026-11-23T13:00:00+08:00\", \"by\": \"S-chen\", \"type\": \"publish\", \"on_time\": true},"
	    "  {\"id\": \"E-261124-HHHH\", \"at\": \"2026-11-24T09:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"done\", \"action\": \"M-261120-K7QF2A.1\", \"note\": \"booked\"},"
	    "  {\"id\": \"E-261124-JJJJ\", \"at\": \"2026-11-24T10:00:00+08:00\", \"by\": \"S-wang\", \"type\": \"feedback\", \"score\": 4, \"comment\": \"useful\"}"
	    " ]}");

	meeting_refresh(rec);
	return rec;
}

static void
test_fold(void)
{
	json_t *rec = full_record(), *events = json_object_get(rec, "events");
	struct meeting_state st;
	json_t *a;

	/* Step by step: the first event alone. */
	while (json_array_size(events) > 1)
		json_array_remove(events, json_array_size(events) - 1);
	meeting_fold(rec, &st);
	CHECK_INT(st.status, MS_PENDING);
	CHECK_INT(meeting_action_allowed(&st, "send"), PD_EDATA);
	CHECK_STR(pd_errmsg(), "cannot send a meeting that is pending (allowed: update, approve, reject, cancel)");
	CHECK_INT(meeting_action_allowed(&st, "approve"), 0);
	json_decref(rec);

	rec = full_record();
	meeting_fold(rec, &st);
	CHECK_INT(st.status, MS_PUBLISHED);
	CHECK_STR(st.approved_by, "S-zhao");
	/* The update cleared the first send; the second one counts. */
	CHECK_STR(fmt(st.agenda_sent_at), "2026-11-20T12:00:00+08:00");
	CHECK_INT(st.agenda_on_time, 0);
	CHECK_INT(st.sequence, 1);
	CHECK_STR(fmt(st.published_at), "2026-11-23T13:00:00+08:00");
	CHECK_INT(st.recorded, 1);
	CHECK_INT(jint(rec, "sequence", -1), 1);
	a = json_array_get(json_object_get(rec, "actions"), 0);
	CHECK_STR(jstr(a, "done_at"), "2026-11-24T09:00:00+08:00");
	CHECK_STR(jstr(a, "note"), "booked");
	CHECK_INT(json_array_size(json_object_get(rec, "feedback")), 1);
	CHECK_STR(jstr(json_array_get(json_object_get(rec, "feedback"), 0),
		       "by"), "S-wang");
	CHECK_INT(meeting_validate(rec), 0);
	CHECK_STR(jstr(json_object_get(rec, "state"), "status"), "published");

	/* Cancel bumps the sequence like an update. */
	json_decref(rec);
	rec = full_record();
	events = json_object_get(rec, "events");
	while (json_array_size(events) > 4)
		json_array_remove(events, json_array_size(events) - 1);
	json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		"id", "E-261121-KKKK", "at", "2026-11-21T09:00:00+08:00",
		"by", "S-chen", "type", "cancel", "reason", "no need"));
	json_object_set_new(rec, "minutes", json_null());
	json_object_set_new(rec, "actions", json_array());
	meeting_refresh(rec);
	meeting_fold(rec, &st);
	CHECK_INT(st.status, MS_CANCELLED);
	CHECK_INT(st.sequence, 2);
	CHECK_INT(meeting_validate(rec), 0);
	CHECK_INT(meeting_action_allowed(&st, "update"), PD_EDATA);
	json_decref(rec);
}

static void
test_validate(void)
{
	json_t *rec = full_record(), *ev;

	CHECK_INT(meeting_validate(rec), 0);
	/* The state block must agree with the events. */
	json_object_set_new(json_object_get(rec, "state"), "status",
			    json_string("held"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "state.status does not match the events (they say \"published\")");
	/* A reader takes it and mends it. */
	CHECK_INT(meeting_validate_shape(rec), 0);
	CHECK(meeting_is_stale(rec));
	meeting_refresh(rec);
	CHECK(!meeting_is_stale(rec));
	CHECK_INT(meeting_validate(rec), 0);
	json_decref(rec);

	rec = full_record();
	json_object_set_new(rec, "sequence", json_integer(0));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "sequence") != NULL);
	json_decref(rec);

	/* An action that is not an action id, in any event: refused, not
	 * read (a missing dot crashed every reader). */
	{
		static const char *const bad[] = {
			"nodot", "x.", ".", "M-261120-AAAAAA.0", "M-261120-AAAAAA.1x",
			"M-261120-AAAAAA.-1", NULL
		};

		for (int i = 0; bad[i]; i++) {
			rec = full_record();
			json_object_set_new(json_array_get(json_object_get(rec,
				"events"), 0), "action", json_string(bad[i]));
			CHECK_INT(meeting_validate_shape(rec), PD_EDATA);
			CHECK_INT(meeting_validate(rec), PD_EDATA);
			CHECK_INT(meeting_action_number(bad[i]), 0);
			json_decref(rec);
		}
		CHECK_INT(meeting_action_number(NULL), 0);
		CHECK_INT(meeting_action_number("M-261120-AAAAAA.12"), 12);
	}

	/* An event the state before it does not allow. */
	rec = full_record();
	json_array_remove(json_object_get(rec, "events"), 1);
	meeting_refresh(rec);
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "event 2: cannot send a meeting that is pending (allowed: update, approve, reject, cancel)");
	CHECK_INT(meeting_validate_shape(rec), 0);
	json_decref(rec);

	rec = full_record();
	ev = json_array_get(json_object_get(rec, "events"), 7);
	json_object_set_new(ev, "action", json_string("M-261120-K7QF2A.2"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "event 8: no action M-261120-K7QF2A.2");
	json_decref(rec);

	rec = full_record();
	json_object_set_new(rec, "reason", json_null());
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "meeting: an ad-hoc meeting needs a 'reason'");
	json_decref(rec);

	rec = full_record();
	json_array_clear(json_object_get(json_object_get(rec, "minutes"),
					 "items"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "minutes: 'items' must hold one entry per agenda item");
	json_decref(rec);

	rec = full_record();
	json_array_append_new(json_object_get(json_object_get(rec, "minutes"),
					      "absent"), json_string("S-wang"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "minutes: 'S-wang' is both absent and late");
	json_decref(rec);

	rec = full_record();
	json_object_set_new(json_array_get(json_object_get(rec, "agenda"), 0),
			    "goal", json_string("vote"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "agenda item 1: unknown goal 'vote' (expected decision, consensus, inform)");
	json_decref(rec);

	rec = full_record();
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 0),
			    "type", json_string("send"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "event 1: the first event must be 'create'");
	json_decref(rec);

	rec = full_record();
	json_object_set_new(json_array_get(json_object_get(rec, "actions"), 0),
			    "id", json_string("M-261120-K7QF2A.7"));
	CHECK_INT(meeting_validate(rec), PD_EDATA);
	CHECK_STR(pd_errmsg(), "action 1: 'id' must be M-261120-K7QF2A.1");
	json_decref(rec);

	/* Canonical bytes: header keys in the order of DESIGN §2. */
	rec = full_record();
	{
		size_t len;
		char *text = record_format(rec, &len);

		CHECK(strstr(text, "\"reason\": \"Client escalation\",\n  \"sequence\": 1,\n  \"state\": {\n    \"status\": \"published\",\n    \"approved_by\": \"S-zhao\",") != NULL);
		CHECK(strstr(text, "{\"id\": \"M-261120-K7QF2A.1\", \"text\": \"Book\", \"owner\": \"S-wang\", \"due\": \"2026-11-25\", \"expected\": \"\", \"done_at\": \"2026-11-24T09:00:00+08:00\", \"note\": \"booked\"}") != NULL);
		CHECK(strstr(text, "\"type\": \"done\", \"action\": \"M-261120-K7QF2A.1\", \"note\": \"booked\"}") != NULL);
		free(text);
	}
	json_decref(rec);
}

/* A meeting record with only the times the deadlines read. */
static json_t *
timed(const char *start, const char *ended)
{
	json_t *rec = json_pack("{s:s, s:{}}", "start", start, "minutes");

	if (ended)
		json_object_set_new(json_object_get(rec, "minutes"),
				    "ended_at", json_string(ended));
	return rec;
}

static const char *
due(const struct config *cfg, enum meeting_doc doc, json_t *rec)
{
	const char *s = fmt(meeting_due(cfg, doc, rec));

	json_decref(rec);
	return s;
}

static void
test_deadlines(void)
{
	struct config cfg;
	json_t *root = config_default("Asia/Shanghai", "en");
	json_t *act, *rec;
	int32_t day;

	CHECK_INT(config_parse(&cfg, root), 0);
	/* 1wd before Monday 10:00 is Friday 10:00. */
	CHECK_STR(due(&cfg, MEETING_AGENDA, timed("2026-11-23T10:00", NULL)),
		  "2026-11-20T10:00:00+08:00");
	/* A holiday on that Friday moves it to Thursday. */
	CHECK_INT(date_parse("2026-11-20", &day), 0);
	calendar_add_holiday(&cfg.cal, day);
	CHECK_STR(due(&cfg, MEETING_AGENDA, timed("2026-11-23T10:00", NULL)),
		  "2026-11-19T10:00:00+08:00");
	/* Minutes: within 1wd of the actual end (Friday 17:00 -> Monday). */
	CHECK_STR(due(&cfg, MEETING_MINUTES, timed("2026-11-27T15:00",
						     "2026-11-27T17:00")),
		  "2026-11-30T17:00:00+08:00");
	/* No recorded end, nor start: no deadline. */
	rec = timed("2026-11-27T15:00", NULL);
	CHECK_INT(meeting_due(&cfg, MEETING_MINUTES, rec), 0);
	json_decref(rec);
	cfg.agenda_lead.unit = DUR_MINUTES;
	cfg.agenda_lead.n = 90;
	CHECK_STR(due(&cfg, MEETING_AGENDA, timed("2026-11-23T10:00", NULL)),
		  "2026-11-23T08:30:00+08:00");
	cfg.agenda_lead.unit = DUR_DAYS;
	cfg.agenda_lead.n = 2;
	CHECK_STR(due(&cfg, MEETING_AGENDA, timed("2026-11-23T10:00", NULL)),
		  "2026-11-21T10:00:00+08:00");
	config_release(&cfg);
	json_decref(root);

	act = json_pack("{s:s, s:n}", "due", "2026-11-25", "done_at");
	CHECK(!action_overdue(act, at("2026-11-25T23:59")));
	CHECK(action_overdue(act, at("2026-11-26T00:00")));
	json_object_set_new(act, "done_at",
			    json_string("2026-11-27T09:00:00+08:00"));
	CHECK(!action_overdue(act, at("2026-11-28T00:00")));
	json_decref(act);
	CHECK_INT(meeting_id_day("M-261120-K7QF2A"), ymd_to_day(2026, 11, 20));
}

static void
test_labels_and_bars(void)
{
	struct strlist f;

	CHECK_STR(meeting_label("zh-CN", "type", "decision"), "战略决策会");
	CHECK_STR(meeting_label("zh-CN", "goal", "decision"), "决策");
	CHECK_STR(meeting_label("zh-CN", "outcome", "achieved"), "达成");
	CHECK_STR(meeting_label("en", "outcome", "achieved"), "achieved");

	strlist_init(&f);
	CHECK_INT(split_bars("Budget|30|S-chen|decision", &f, 4), 4);
	CHECK_STR(f.items[0], "Budget");
	CHECK_STR(f.items[3], "decision");
	strlist_release(&f);
	strlist_init(&f);
	CHECK_INT(split_bars("a \\| b|c|d|e|f", &f, 4), 4);
	CHECK_STR(f.items[0], "a | b");
	CHECK_STR(f.items[3], "e|f");	/* the last field takes the rest */
	strlist_release(&f);
	strlist_init(&f);
	CHECK_INT(split_bars("2|achieved", &f, 3), 2);
	CHECK_STR(f.items[1], "achieved");
	strlist_release(&f);
}

static void
test_minutes_form(void)
{
	struct minutes_input in;
	const char *form =
	    "# Minutes: Budget\n"
	    "\n"
	    "- Meeting: M-261120-K7QF2A\n"
	    "- Planned: Mon 2026-11-23 10:00-11:00\n"
	    "\n"
	    "## Attendance\n"
	    "\n"
	    "- Started: 2026-11-23T10:05:00+08:00\n"
	    "- Ended: 2026-11-23T11:00:00+08:00\n"
	    "- Present: Chen Jie (S-chen), 王伟\n"
	    "- Absent: \n"
	    "- Late: S-li\n"
	    "\n"
	    "## Agenda\n"
	    "\n"
	    "### 1. Plan\n"
	    "\n"
	    "- Goal: decision\n"
	    "- Outcome: achieved\n"
	    "\n"
	    "Agreed.\n"
	    "\\## not a heading\n"
	    "- a list: in the notes\n"
	    "\n"
	    "### 2. Other\n"
	    "\n"
	    "- Outcome (achieved, partial, deferred, dropped): \n"
	    "\n"
	    "## Decisions\n"
	    "\n"
	    "- Go ahead\n"
	    "- Two\n"
	    "  lines\n"
	    "\n"
	    "  and a paragraph\n"
	    "\n"
	    "## Actions\n"
	    "\n"
	    "| # | Action | Owner | Due | Expected |\n"
	    "|---|--------|-------|-----|----------|\n"
	    "| 1 | Book \\| confirm | 王伟 (S-wang) | 2026-11-25 | Done |\n"
	    "|   |   |   |   |   |\n"
	    "- Call vendor | S-li | 2026-11-30\n";
	const char *zh =
	    "# 会议纪要：预算\n"
	    "- 会议编号：M-261120-K7QF2A\n"
	    "## 出席情况\n"
	    "- 实际开始：2026-11-23T10:05:00+08:00\n"
	    "- 实际结束：2026-11-23T11:00:00+08:00\n"
	    "- 出席：王伟 (S-wang)，Li Na (S-li)\n"
	    "## 议程\n"
	    "### 1. 预算\n"
	    "- 目标：决策\n"
	    "- 结果：部分达成\n"
	    "\n"
	    "讨论了预算。\n"
	    "## 决议\n"
	    "- 通过\n"
	    "## 行动项\n"
	    "| 序号 | 行动 | 负责人 | 截止日期 | 预期成果 |\n"
	    "|------|------|--------|----------|----------|\n"
	    "| 1 | 订场地 | 王伟 (S-wang) | 2026-11-25 | 确认 |\n";
	char *s;

	minutes_input_init(&in);
	CHECK_INT(minutes_parse_md(&in, form, "m.md"), 0);
	CHECK_STR(in.meeting, "M-261120-K7QF2A");
	CHECK_STR(in.started, "2026-11-23T10:05:00+08:00");
	CHECK_STR(in.ended, "2026-11-23T11:00:00+08:00");
	CHECK_INT(in.present.n, 2);
	CHECK_STR(in.present.items[0], "Chen Jie (S-chen)");
	CHECK_STR(in.present.items[1], "王伟");
	CHECK_INT(in.absent.n, 0);
	CHECK_INT(in.late.n, 1);
	CHECK_INT(in.nitems, 2);
	CHECK_INT(in.items[0].n, 1);
	CHECK_STR(in.items[0].outcome, "achieved");
	CHECK_STR(in.items[0].notes,
		  "Agreed.\n## not a heading\n- a list: in the notes");
	CHECK_INT(in.items[1].n, 2);
	CHECK_STR(in.items[1].outcome, "");
	CHECK_INT(in.decisions.n, 2);
	CHECK_STR(in.decisions.items[0], "Go ahead");
	CHECK_STR(in.decisions.items[1], "Two\nlines\n\nand a paragraph");
	CHECK_INT(in.nactions, 2);
	CHECK_STR(in.actions[0].text, "Book | confirm");
	CHECK_STR(in.actions[0].owner, "王伟 (S-wang)");
	CHECK_STR(in.actions[0].due, "2026-11-25");
	CHECK_STR(in.actions[0].expected, "Done");
	CHECK_STR(in.actions[1].text, "Call vendor");
	CHECK_STR(in.actions[1].expected, "");
	minutes_input_release(&in);

	minutes_input_init(&in);
	CHECK_INT(minutes_parse_md(&in, zh, "m.md"), 0);
	CHECK_STR(in.meeting, "M-261120-K7QF2A");
	CHECK_STR(in.started, "2026-11-23T10:05:00+08:00");
	CHECK_INT(in.present.n, 2);
	CHECK_STR(in.present.items[1], "Li Na (S-li)");
	CHECK_INT(in.nitems, 1);
	CHECK_STR(in.items[0].outcome, "部分达成");
	CHECK_STR(in.items[0].notes, "讨论了预算。");
	CHECK_INT(in.decisions.n, 1);
	CHECK_INT(in.nactions, 1);
	CHECK_STR(in.actions[0].text, "订场地");
	minutes_input_release(&in);

	minutes_input_init(&in);
	CHECK_INT(minutes_parse_md(&in, "### one\n", "m.md"), PD_EDATA);
	CHECK_STR(pd_errmsg(), "m.md: line 1: an agenda item heading starts with its number (### 1. Topic)");
	minutes_input_release(&in);

	minutes_input_init(&in);
	CHECK_INT(minutes_add_outcome(&in, "2|partial|a | b"), 0);
	CHECK_STR(in.items[0].notes, "a | b");
	CHECK_INT(minutes_add_outcome(&in, "x|achieved"), PD_EUSAGE);
	CHECK_INT(minutes_add_action(&in, "Do it|S-wang|2026-11-30|Done"), 0);
	CHECK_INT(minutes_add_action(&in, "Do it|S-wang"), PD_EUSAGE);
	CHECK_INT(minutes_add_action(&in, "a|b|c|d|e"), PD_EUSAGE);
	minutes_input_release(&in);

	s = md_escape_block("## x\n\\# y\nplain\n<!-- c -->", "  ");
	CHECK_STR(s, "\\## x\n  \\\\\\# y\n  plain\n  \\\\<!-- c --\\>");
	free(s);
	s = md_escape_cell("a|b\\c");
	CHECK_STR(s, "a\\|b\\\\c");
	free(s);
	/* Nothing in a cell or a note becomes a link, an image or HTML,
	 * and the form reads back what was escaped. */
	s = md_escape_cell("[x](javascript:alert(1)) ![i](http://e/i) <b>_*`\n# h");
	CHECK_STR(s, "\\[x\\](javascript:alert(1)) !\\[i\\](http://e/i) "
		  "\\<b\\>\\_\\*\\` # h");
	free(s);
	s = text_trim_block("\n\n  indented\nnext  \n\n");
	CHECK_STR(s, "  indented\nnext");
	free(s);
}

/* Parse an invitation back with libical and check what clients read. */
static void
test_invite(void)
{
	struct invite_person people[] = {
		{"王伟", "wang@example.com", 1},
		{"Li \"Na\"", "li@example.com", 0},
	};
	const char *urls[] = {"https://example.com/plan.pdf"};
	struct invite inv = {0};
	icalcomponent *cal, *ev, *vtz;
	icalproperty *p;
	icaltimetype dt;
	char *ics;
	size_t len;
	int n, req = 0, opt = 0;

	inv.uid = "M-261120-K7QF2A@plaindesk";
	inv.sequence = 2;
	inv.tzid = "Asia/Shanghai";
	inv.start = at("2026-11-23T10:00");
	inv.end = at("2026-11-23T11:30");
	inv.stamp = at("2026-11-20T09:00");
	inv.summary = "Budget, Q4; review";
	inv.description = "1. Plan (30 min)\n2. Other";
	inv.location = "Room 1, Floor 1";
	inv.organizer.name = "Chen Jie";
	inv.organizer.email = "chen@example.com";
	inv.attendees = people;
	inv.nattendees = 2;
	inv.attach = urls;
	inv.nattach = 1;
	CHECK_INT(invite_ics(&inv, &ics, &len), 0);
	CHECK_INT(len, strlen(ics));
	CHECK(strstr(ics, "\r\nMETHOD:REQUEST\r\n") != NULL);
	CHECK(strstr(ics, "DTSTART;TZID=Asia/Shanghai:20261123T100000\r\n") != NULL);
	CHECK(strstr(ics, "DTEND;TZID=Asia/Shanghai:20261123T113000\r\n") != NULL);
	CHECK(strstr(ics, "DTSTAMP:20261120T010000Z\r\n") != NULL);
	cal = icalparser_parse_string(ics);
	CHECK(cal != NULL);
	vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	CHECK(vtz != NULL);
	CHECK_STR(icalproperty_get_tzid(icalcomponent_get_first_property(vtz,
		ICAL_TZID_PROPERTY)), "Asia/Shanghai");
	/* Shanghai has no daylight saving now: one standard offset. */
	CHECK(icalcomponent_get_first_component(vtz,
		ICAL_XDAYLIGHT_COMPONENT) == NULL);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	CHECK_STR(icalcomponent_get_uid(ev), "M-261120-K7QF2A@plaindesk");
	CHECK_STR(icalcomponent_get_summary(ev), "Budget, Q4; review");
	CHECK_STR(icalcomponent_get_location(ev), "Room 1, Floor 1");
	CHECK_STR(icalcomponent_get_description(ev),
		  "1. Plan (30 min)\n2. Other");
	CHECK_INT(icalcomponent_get_sequence(ev), 2);
	CHECK_INT(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	CHECK_INT(icalcomponent_get_method(cal), ICAL_METHOD_REQUEST);
	dt = icalcomponent_get_dtstart(ev);
	CHECK_INT(icaltime_as_timet_with_zone(dt, dt.zone), inv.start);
	dt = icalcomponent_get_dtend(ev);
	CHECK_INT(icaltime_as_timet_with_zone(dt, dt.zone), inv.end);
	p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	CHECK_STR(icalproperty_get_organizer(p), "mailto:chen@example.com");
	CHECK_STR(icalparameter_get_cn(icalproperty_get_first_parameter(p,
		ICAL_CN_PARAMETER)), "Chen Jie");
	n = 0;
	for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	     p; p = icalcomponent_get_next_property(ev,
						     ICAL_ATTENDEE_PROPERTY)) {
		icalparameter_role role = icalparameter_get_role(
			icalproperty_get_first_parameter(p,
							 ICAL_ROLE_PARAMETER));
		const char *cn = icalparameter_get_cn(
			icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER));

		if (role == ICAL_ROLE_REQPARTICIPANT) {
			req++;
			CHECK_STR(icalproperty_get_attendee(p),
				  "mailto:wang@example.com");
			CHECK_STR(cn, "王伟");
		} else if (role == ICAL_ROLE_OPTPARTICIPANT) {
			opt++;
			CHECK_STR(cn, "Li 'Na'");
		}
		n++;
	}
	CHECK_INT(n, 2);
	CHECK_INT(req, 1);
	CHECK_INT(opt, 1);
	CHECK(icalcomponent_get_first_property(ev, ICAL_ATTACH_PROPERTY) !=
	      NULL);
	icalcomponent_free(cal);
	free(ics);

	/* The cancellation: same UID, the method and status say so. */
	inv.cancel = 1;
	inv.sequence = 3;
	CHECK_INT(invite_ics(&inv, &ics, &len), 0);
	cal = icalparser_parse_string(ics);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	CHECK_INT(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
	CHECK_INT(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	CHECK_STR(icalcomponent_get_uid(ev), "M-261120-K7QF2A@plaindesk");
	CHECK_INT(icalcomponent_get_sequence(ev), 3);
	icalcomponent_free(cal);
	free(ics);

	/* A zone with daylight saving gets both kinds of observance. */
	inv.cancel = 0;
	inv.tzid = "America/New_York";
	CHECK_INT(invite_ics(&inv, &ics, &len), 0);
	cal = icalparser_parse_string(ics);
	vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	CHECK(icalcomponent_get_first_component(vtz,
		ICAL_XDAYLIGHT_COMPONENT) != NULL);
	CHECK(icalcomponent_get_first_component(vtz,
		ICAL_XSTANDARD_COMPONENT) != NULL);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	/* 10:00 in Shanghai is 21:00 the day before in New York (EST). */
	CHECK(strstr(ics, "DTSTART;TZID=America/New_York:20261122T210000") !=
	      NULL);
	dt = icalcomponent_get_dtstart(ev);
	CHECK_INT(icaltime_as_timet_with_zone(dt, dt.zone), inv.start);
	icalcomponent_free(cal);
	free(ics);

	inv.tzid = "Nowhere/Atlantis";
	CHECK_INT(invite_ics(&inv, &ics, &len), PD_ECONFIG);
	inv.tzid = "Asia/Shanghai";
	inv.organizer.email = "";
	CHECK_INT(invite_ics(&inv, &ics, &len), PD_EDATA);
}

int
main(void)
{
	CHECK_INT(clock_set_timezone("Asia/Shanghai"), 0);
	test_overlap_and_conflict();
	test_fit_and_capacity();
	test_fold();
	test_validate();
	test_deadlines();
	test_labels_and_bars();
	test_minutes_form();
	test_invite();
	icaltimezone_free_builtin_timezones();
	return unit_done("meeting");
}
