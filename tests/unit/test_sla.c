/*
 * Unit tests for the ticket fold, the transition table of DESIGN §2 and the
 * SLA policy of lib/ticket/sla.c: deadline arithmetic on the business clock,
 * pauses, extensions, warnings at warn_at and escalation one rung at a
 * time.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plaindesk/clock.h"
#include "plaindesk/config.h"
#include "plaindesk/record.h"
#include "plaindesk/sla.h"
#include "plaindesk/ticket.h"
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

	if (!t)
		return "(none)";
	next = (next + 1) % 4;
	return time_format(t, bufs[next]);
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	CHECK_INT(date_parse(s, &d), 0);
	return d;
}

/* A ticket opened at opened (local time) by its first event. */
static json_t *
ticket(const char *kind, const char *severity, const char *opened)
{
	char buf[TIME_BUFSZ];
	json_t *rec;

	time_format(at(opened), buf);
	rec = json_pack("{s:s, s:s, s:s, s:s, s:n, s:o, s:o, s:s, s:s, s:s, "
			"s:{}, s:[{s:s, s:s, s:s, s:s}]}",
			"id", "T-261116-K7QF2A", "kind", kind, "channel",
			"phone", "customer", "C-0012", "meeting",
			"category", severity ? json_string("equipment")
					     : json_null(),
			"severity", severity ? json_string(severity)
					     : json_null(),
			"title", "Projector failed", "description", "",
			"opened_at", buf, "state", "events", "id",
			"E-261116-0000", "at", buf, "by", "S-li", "type",
			"open");
	return rec;
}

/*
 * Append an event of type at time when, with up to two extra string
 * fields ("key", "value", ..., NULL).
 */
static void
event(json_t *rec, const char *when, const char *type, ...)
{
	json_t *events = json_object_get(rec, "events");
	char buf[TIME_BUFSZ], id[16];
	const char *k, *v;
	json_t *e;
	va_list ap;

	snprintf(id, sizeof(id), "E-261116-%04zu", json_array_size(events));
	e = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "at",
		      time_format(at(when), buf), "by", "S-wang", "type",
		      type);
	va_start(ap, type);
	while ((k = va_arg(ap, const char *))) {
		v = va_arg(ap, const char *);
		json_object_set_new(e, k, json_string(v));
	}
	va_end(ap);
	json_array_append_new(events, e);
}

/* Fold rec after checking that it is a valid ticket. */
static struct ticket_state
fold(json_t *rec)
{
	struct ticket_state st;

	CHECK_INT(ticket_validate(rec), 0);
	ticket_fold(rec, &cfg, &st);
	return st;
}

/* Deadline arithmetic of DESIGN §5 through the fold. */
static void
test_deadlines(void)
{
	json_t *rec;
	struct ticket_state st;

	/*
	 * 10 minutes from Friday 17:55 is Monday 09:05.  2d is Sunday
	 * 17:55, outside working time: the next working instant, Monday
	 * 09:00, is before the response deadline, which it becomes.
	 */
	rec = ticket("complaint", "general", "2026-11-20T17:55");
	st = fold(rec);
	CHECK_STR(fmt(st.response_due), "2026-11-23T09:05:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T09:05:00+08:00");
	CHECK_STR(st.rule, "complaint/general");
	CHECK_INT(st.level, 0);
	json_decref(rec);
	/* 2d from Thursday 12:00 is Saturday 12:00: Monday 09:00. */
	rec = ticket("complaint", "general", "2026-11-19T12:00");
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T09:00:00+08:00");
	json_decref(rec);
	/* 2d from Wednesday 18:30 is Friday 18:30: Monday 09:00. */
	rec = ticket("complaint", "major", "2026-11-18T18:30");
	st = fold(rec);
	CHECK_STR(fmt(st.response_due), "2026-11-19T10:00:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T09:00:00+08:00");
	json_decref(rec);

	/* Opened in the evening: counting starts at 09:00 the next day. */
	rec = ticket("inquiry", NULL, "2026-11-17T20:30");
	st = fold(rec);
	CHECK_STR(fmt(st.response_due), "2026-11-18T10:00:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-18T20:30:00+08:00");
	json_decref(rec);

	/*
	 * 3wd from Friday across a make-up Sunday (worked) and a holiday
	 * Monday: Sunday, Tuesday, Wednesday.
	 */
	calendar_add_makeup(&cfg.cal, day("2026-11-29"));
	calendar_add_holiday(&cfg.cal, day("2026-11-30"));
	rec = ticket("suggestion", NULL, "2026-11-27T10:00");
	st = fold(rec);
	CHECK_STR(fmt(st.response_due), "2026-12-02T10:00:00+08:00");
	/* 5wd: Sun, Tue, Wed, Thu, Fri. */
	CHECK_STR(fmt(st.resolution_due), "2026-12-04T10:00:00+08:00");
	json_decref(rec);
	/* 1h from the make-up Sunday's 17:30 is Tuesday 09:30. */
	rec = ticket("request", NULL, "2026-11-29T17:30");
	st = fold(rec);
	CHECK_STR(fmt(st.response_due), "2026-12-01T09:30:00+08:00");
	json_decref(rec);

	/* A major complaint starts at the top of the ladder. */
	rec = ticket("complaint", "major", "2026-11-16T10:00");
	st = fold(rec);
	CHECK_INT(st.level, 2);
	CHECK_STR(fmt(st.response_due), "2026-11-16T11:00:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-18T10:00:00+08:00");
	json_decref(rec);
}

/* Spans with a lunch break: 1h from 11:00 ends at 12:00, not 13:30. */
static void
test_lunch_break(void)
{
	struct config c2 = cfg;
	json_t *rec;
	struct ticket_state st;

	c2.cal.spans[0].start = 9 * 60;
	c2.cal.spans[0].end = 12 * 60;
	c2.cal.spans[1].start = 13 * 60 + 30;
	c2.cal.spans[1].end = 18 * 60;
	c2.cal.nspans = 2;
	rec = ticket("inquiry", NULL, "2026-11-16T11:00");
	ticket_fold(rec, &c2, &st);
	CHECK_STR(fmt(st.response_due), "2026-11-16T12:00:00+08:00");
	json_decref(rec);
	rec = ticket("inquiry", NULL, "2026-11-16T11:30");
	ticket_fold(rec, &c2, &st);
	CHECK_STR(fmt(st.response_due), "2026-11-16T14:00:00+08:00");
	json_decref(rec);
}

static void
test_fold_lifecycle(void)
{
	json_t *rec = ticket("complaint", "important", "2026-11-16T09:14");
	struct ticket_state st;

	st = fold(rec);
	CHECK_INT(st.status, ST_OPEN);
	CHECK_INT(st.level, 1);
	CHECK(st.assignee == NULL);
	CHECK_STR(fmt(st.opened_at), "2026-11-16T09:14:00+08:00");
	CHECK_STR(fmt(st.response_due), "2026-11-16T10:14:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-19T09:14:00+08:00");

	event(rec, "2026-11-16T09:20", "assign", "to", "S-wang", NULL);
	event(rec, "2026-11-16T09:40", "ack", "message", "on it", NULL);
	st = fold(rec);
	CHECK_INT(st.status, ST_ACKNOWLEDGED);
	CHECK_STR(st.assignee, "S-wang");
	CHECK_STR(fmt(st.responded_at), "2026-11-16T09:40:00+08:00");

	event(rec, "2026-11-16T10:00", "cause", "cause", "equipment", NULL);
	st = fold(rec);
	CHECK_INT(st.status, ST_INVESTIGATING);
	event(rec, "2026-11-16T10:05", "plan", "solution", "redo", "owner",
	      "S-wang", NULL);
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 4),
			    "due", json_string("2026-11-18T10:00:00+08:00"));
	event(rec, "2026-11-17T10:00", "note", "message", "parts ordered",
	      NULL);
	st = fold(rec);
	CHECK_INT(st.status, ST_INVESTIGATING);

	event(rec, "2026-11-18T10:00", "resolve", "solution", "redo", NULL);
	st = fold(rec);
	CHECK_INT(st.status, ST_RESOLVED);
	CHECK_STR(fmt(st.resolved_at), "2026-11-18T10:00:00+08:00");

	event(rec, "2026-11-18T11:00", "close", "comment", "still broken",
	      NULL);
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 7),
			    "satisfaction", json_integer(2));
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 7),
			    "accepted", json_false());
	st = fold(rec);
	CHECK_INT(st.status, ST_CLOSED);
	CHECK_STR(fmt(st.closed_at), "2026-11-18T11:00:00+08:00");
	CHECK_INT(st.reopened, 0);

	event(rec, "2026-11-18T12:00", "reopen", "reason", "not satisfied",
	      NULL);
	st = fold(rec);
	CHECK_INT(st.status, ST_INVESTIGATING);
	CHECK_INT(st.resolved_at, 0);
	CHECK_INT(st.closed_at, 0);
	CHECK_INT(st.reopened, 1);
	/* The first response stays the first. */
	CHECK_STR(fmt(st.responded_at), "2026-11-16T09:40:00+08:00");
	json_decref(rec);
}

/* Pause across a weekend: the resolution deadline moves by the working
 * time paused, not the wall-clock time. */
static void
test_pause(void)
{
	json_t *rec = ticket("inquiry", NULL, "2026-11-20T10:00");
	struct ticket_state st;
	struct config cal_cfg = cfg;

	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T10:00:00+08:00");
	event(rec, "2026-11-20T10:30", "ack", NULL);
	event(rec, "2026-11-20T17:00", "pause", "reason", "waiting on the customer",
	      NULL);
	st = fold(rec);
	CHECK_INT(st.paused, 1);
	CHECK_STR(fmt(st.paused_since), "2026-11-20T17:00:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T10:00:00+08:00");
	CHECK_INT(sla_deadline_running(&st, DL_RESOLUTION), 0);

	/* Friday 17:00-18:00 and Monday 09:00-10:00: two hours. */
	event(rec, "2026-11-23T10:00", "resume", NULL);
	st = fold(rec);
	CHECK_INT(st.paused, 0);
	CHECK_INT(st.paused_secs, 7200);
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T12:00:00+08:00");
	/* The allowed time is still the 9 working hours of 1wd. */
	CHECK_INT(sla_allowed(&cfg, &st, DL_RESOLUTION), 9 * 3600);

	/* On a calendar clock the whole 65 hours count. */
	cal_cfg.sla_business = 0;
	ticket_fold(rec, &cal_cfg, &st);
	CHECK_INT(st.paused_secs, 65 * 3600);
	CHECK_STR(fmt(st.resolution_due), "2026-11-26T03:00:00+08:00");

	/* A second pause adds up; both apply in event order. */
	event(rec, "2026-11-23T11:00", "pause", "reason", "again", NULL);
	event(rec, "2026-11-23T11:30", "resume", NULL);
	st = fold(rec);
	CHECK_INT(st.paused_secs, 7200 + 1800);
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T12:30:00+08:00");
	json_decref(rec);
}

/* Extensions add their duration to the deadline as it then stands. */
static void
test_extend(void)
{
	json_t *rec = ticket("complaint", "important", "2026-11-16T10:00");
	struct ticket_state st;

	event(rec, "2026-11-16T10:10", "ack", NULL);
	event(rec, "2026-11-18T10:00", "warn", "deadline", "resolution", NULL);
	event(rec, "2026-11-19T10:05", "escalate", "from", "manager", "to",
	      "gm", "reason", "resolution-breach", NULL);
	st = fold(rec);
	CHECK_INT(st.level, 2);
	CHECK_INT(st.warned[DL_RESOLUTION], 1);
	CHECK_INT(st.escalated[DL_RESOLUTION], 1);
	CHECK_STR(fmt(st.resolution_due), "2026-11-19T10:00:00+08:00");

	/* 2h of working time from Thursday 10:00, then a pause. */
	event(rec, "2026-11-19T11:00", "extend", "deadline", "resolution",
	      "until", "2026-11-19T12:00:00+08:00", "duration", "2h",
	      "approved_by", "S-zhao", "reason", "parts", NULL);
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-11-19T12:00:00+08:00");
	/* A new deadline: it is warned about and escalated on again. */
	CHECK_INT(st.warned[DL_RESOLUTION], 0);
	CHECK_INT(st.escalated[DL_RESOLUTION], 0);
	CHECK_INT(st.level, 2);

	event(rec, "2026-11-19T11:30", "pause", "reason", "customer", NULL);
	event(rec, "2026-11-20T17:30", "resume", NULL);
	st = fold(rec);
	/*
	 * Paused 6.5h Thursday + 8.5h Friday = 15h of working time, added
	 * to Thursday 12:00: 6h on Thursday and 9h on Friday.
	 */
	CHECK_INT(st.paused_secs, 15 * 3600);
	CHECK_STR(fmt(st.resolution_due), "2026-11-20T18:00:00+08:00");

	/* An extension in days; one with only "until" sets it. */
	event(rec, "2026-11-21T09:00", "extend", "deadline", "resolution",
	      "until", "2026-11-23T18:00:00+08:00", "duration", "3d",
	      "approved_by", "S-zhao", "reason", "more", NULL);
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-11-23T18:00:00+08:00");
	event(rec, "2026-11-21T10:00", "extend", "deadline", "resolution",
	      "until", "2026-11-30T12:00:00+08:00", "approved_by", "S-zhao",
	      "reason", "hand edit", NULL);
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-11-30T12:00:00+08:00");
	json_decref(rec);
}

/* Escalations climb; a merged event naming a lower rung does not lower. */
static void
test_levels(void)
{
	json_t *rec = ticket("inquiry", NULL, "2026-11-16T10:00");
	struct ticket_state st;

	event(rec, "2026-11-16T11:01", "escalate", "from", "agent", "to",
	      "manager", "reason", "response-breach", "target", "S-chen",
	      NULL);
	st = fold(rec);
	CHECK_INT(st.level, 1);
	CHECK_INT(st.escalated[DL_RESPONSE], 1);
	CHECK_INT(st.escalated[DL_RESOLUTION], 0);
	event(rec, "2026-11-16T11:02", "escalate", "from", "manager", "to",
	      "gm", "reason", "manual", "message", "customer is a VIP", NULL);
	event(rec, "2026-11-16T11:03", "escalate", "from", "agent", "to",
	      "manager", "reason", "manual", NULL);
	st = fold(rec);
	CHECK_INT(st.level, 2);
	json_decref(rec);
}

/* The table of DESIGN §2. */
static void
test_transitions(void)
{
	static const char *const actions[] = {
		"ack", "cause", "plan", "resolve", "close", "reopen", "pause",
		"resume", "assign", "escalate", "extend", "note", NULL
	};
	/* Rows: open, acknowledged, investigating, resolved, closed, then
	 * acknowledged and paused. */
	static const char *const table[] = {
		"100000101111",
		"011100101111",
		"011100101111",
		"000010000001",
		"000001000001",
		"011000011111",
	};
	struct ticket_state st;

	for (int row = 0; row < 6; row++) {
		memset(&st, 0, sizeof(st));
		st.status = row == 5 ? ST_ACKNOWLEDGED : (enum ticket_status)row;
		st.paused = row == 5;
		for (int a = 0; actions[a]; a++) {
			int want = table[row][a] == '1';
			int rc = ticket_action_allowed(&st, actions[a]);

			if ((rc == 0) != want)
				fprintf(stderr, "row %d action %s\n", row,
					actions[a]);
			CHECK_INT(rc == 0, want);
			if (!want)
				CHECK_INT(rc, 65);
		}
	}
	memset(&st, 0, sizeof(st));
	st.status = ST_CLOSED;
	ticket_action_allowed(&st, "resolve");
	CHECK_STR(pd_errmsg(),
		  "cannot resolve a ticket that is closed (allowed: note, reopen)");
	st.status = ST_INVESTIGATING;
	st.paused = 1;
	ticket_action_allowed(&st, "resolve");
	CHECK_STR(pd_errmsg(),
		  "cannot resolve a ticket that is investigating and paused "
		  "(allowed: assign, note, cause, plan, resume, escalate, extend)");
}

static int
decide(json_t *rec, const char *now, struct sla_step steps[SLA_MAX_STEPS])
{
	struct ticket_state st = fold(rec);

	return sla_decide(&cfg, &st, at(now), steps);
}

/* Warnings at 80% of the allowed time, breaches one rung at a time. */
static void
test_policy(void)
{
	json_t *rec = ticket("complaint", "general", "2026-11-16T10:00");
	struct sla_step s[SLA_MAX_STEPS];
	struct ticket_state st;

	/* Response: 10 minutes; 80% is 8 minutes. */
	CHECK_INT(decide(rec, "2026-11-16T10:07:59", s), 0);
	CHECK_INT(decide(rec, "2026-11-16T10:08:00", s), 1);
	CHECK_INT(s[0].type, SLA_WARN);
	CHECK_INT(s[0].deadline, DL_RESPONSE);
	CHECK_INT(s[0].from_level, 0);
	event(rec, "2026-11-16T10:08", "warn", "deadline", "response", NULL);
	CHECK_INT(decide(rec, "2026-11-16T10:09", s), 0);
	/* At the deadline it is still on time. */
	CHECK_INT(decide(rec, "2026-11-16T10:10:00", s), 0);
	CHECK_INT(decide(rec, "2026-11-16T10:10:01", s), 1);
	CHECK_INT(s[0].type, SLA_ESCALATE);
	CHECK_INT(s[0].deadline, DL_RESPONSE);
	CHECK_INT(s[0].from_level, 0);
	CHECK_INT(s[0].to_level, 1);
	event(rec, "2026-11-16T10:15", "escalate", "from", "agent", "to",
	      "manager", "reason", "response-breach", NULL);
	CHECK_INT(decide(rec, "2026-11-16T10:20", s), 0);

	/*
	 * Resolution: 2d from Monday 10:00 is Wednesday 10:00, 18 working
	 * hours; 80% (14.4h) is reached on Tuesday at 15:24.
	 */
	st = fold(rec);
	CHECK_INT(sla_allowed(&cfg, &st, DL_RESOLUTION), 18 * 3600);
	CHECK_INT(decide(rec, "2026-11-17T15:23:59", s), 0);
	CHECK_INT(decide(rec, "2026-11-17T15:24", s), 1);
	CHECK_INT(s[0].type, SLA_WARN);
	CHECK_INT(s[0].deadline, DL_RESOLUTION);
	CHECK_INT(s[0].from_level, 1);
	event(rec, "2026-11-17T15:25", "warn", "deadline", "resolution", NULL);
	CHECK_INT(decide(rec, "2026-11-18T10:00", s), 0);
	CHECK_INT(decide(rec, "2026-11-18T10:01", s), 1);
	CHECK_INT(s[0].type, SLA_ESCALATE);
	CHECK_INT(s[0].from_level, 1);
	CHECK_INT(s[0].to_level, 2);
	event(rec, "2026-11-18T10:05", "escalate", "from", "manager", "to",
	      "gm", "reason", "resolution-breach", NULL);
	CHECK_INT(decide(rec, "2026-11-19T10:00", s), 0);

	/* Acknowledged and resolved tickets stop their clocks. */
	event(rec, "2026-11-18T11:00", "ack", NULL);
	event(rec, "2026-11-18T12:00", "resolve", "solution", "redo", NULL);
	CHECK_INT(decide(rec, "2026-12-30T10:00", s), 0);
	json_decref(rec);

	/* Nothing seen until both deadlines passed: two rungs in one pass,
	 * and no warnings for deadlines already passed. */
	rec = ticket("request", NULL, "2026-11-16T10:00");
	CHECK_INT(decide(rec, "2026-11-19T10:00", s), 2);
	CHECK_INT(s[0].type, SLA_ESCALATE);
	CHECK_INT(s[0].deadline, DL_RESPONSE);
	CHECK_INT(s[0].to_level, 1);
	CHECK_INT(s[1].type, SLA_ESCALATE);
	CHECK_INT(s[1].deadline, DL_RESOLUTION);
	CHECK_INT(s[1].from_level, 1);
	CHECK_INT(s[1].to_level, 2);
	/* A paused ticket's resolution clock stands still. */
	event(rec, "2026-11-16T10:30", "pause", "reason", "customer", NULL);
	CHECK_INT(decide(rec, "2026-11-19T10:00", s), 1);
	CHECK_INT(s[0].deadline, DL_RESPONSE);
	json_decref(rec);

	/* At the top of the ladder: warnings, but no escalation; a breach
	 * that no warning announced is announced by one then. */
	rec = ticket("complaint", "major", "2026-11-16T10:00");
	CHECK_INT(decide(rec, "2026-11-16T10:48", s), 1);
	CHECK_INT(s[0].type, SLA_WARN);
	CHECK_INT(s[0].from_level, 2);
	event(rec, "2026-11-16T10:48", "warn", "deadline", "response", NULL);
	/* The breach at the top is told, though a warning told before. */
	CHECK_INT(decide(rec, "2026-11-16T11:00", s), 0);
	CHECK_INT(decide(rec, "2026-11-16T11:01", s), 1);
	CHECK_INT(s[0].type, SLA_BREACH);
	CHECK_INT(s[0].deadline, DL_RESPONSE);
	CHECK_INT(s[0].to_level, 2);
	{
		json_t *events = json_object_get(rec, "events");

		event(rec, "2026-11-16T11:01", "warn", "deadline", "response",
		      NULL);
		json_object_set_new(json_array_get(events,
				    json_array_size(events) - 1), "breach",
				    json_true());
	}
	CHECK_INT(decide(rec, "2026-11-16T11:02", s), 0);
	/* A breach no warning announced (cron did not run): once. */
	CHECK_INT(decide(rec, "2026-11-20T11:01", s), 1);
	CHECK_INT(s[0].type, SLA_BREACH);
	CHECK_INT(s[0].deadline, DL_RESOLUTION);
	CHECK_INT(s[0].to_level, 2);
	json_decref(rec);

	/*
	 * Before breaches were flagged, the pass announced a breach at the
	 * top by a plain warning after the deadline: that counts as the
	 * announcement, not as a warning before it.
	 */
	rec = ticket("complaint", "major", "2026-11-16T10:00");
	event(rec, "2026-11-16T11:05", "warn", "deadline", "response", NULL);
	st = fold(rec);
	CHECK_INT(st.escalated[DL_RESPONSE], 1);
	CHECK_INT(st.warned[DL_RESPONSE], 0);
	CHECK_INT(decide(rec, "2026-11-16T11:10", s), 0);
	json_decref(rec);

	/* A ticket opened outside working hours: 80% of 1h from 09:00. */
	rec = ticket("inquiry", NULL, "2026-11-15T22:00");
	CHECK_INT(decide(rec, "2026-11-16T09:47:59", s), 0);
	CHECK_INT(decide(rec, "2026-11-16T09:48", s), 1);
	json_decref(rec);
}

static void
test_approver(void)
{
	struct sla_rule r1, r2, *gm = &r1, *mgr = &r2;

	CHECK_INT(config_rule(&cfg, "complaint", "important", "phone", NULL,
			      gm), 1);
	CHECK_INT(config_rule(&cfg, "inquiry", NULL, "online", NULL, mgr), 1);
	CHECK_INT(sla_may_extend(gm, "agent"), 0);
	CHECK_INT(sla_may_extend(gm, "manager"), 0);
	CHECK_INT(sla_may_extend(gm, "gm"), 1);
	CHECK_INT(sla_may_extend(gm, "admin"), 1);
	CHECK_INT(sla_may_extend(mgr, "manager"), 1);
	CHECK_INT(sla_may_extend(mgr, "agent"), 0);
	CHECK_INT(sla_may_extend(mgr, "bogus"), 0);
	CHECK_INT(sla_ladder_level(&cfg, "manager"), 1);
	CHECK_INT(sla_ladder_level(&cfg, "admin"), -1);
}

/* The 2026 public holidays on weekdays and the make-up working days. */
static void
add_2026_holidays(struct config *c)
{
	static const char *const off[] = {
		"2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17",
		"2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23",
		"2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05",
		"2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02",
		"2026-10-05", "2026-10-06", "2026-10-07", NULL
	};
	static const char *const worked[] = {
		"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
		"2026-09-20", "2026-10-10", NULL
	};

	for (int i = 0; off[i]; i++)
		calendar_add_holiday(&c->cal, day(off[i]));
	for (int i = 0; worked[i]; i++)
		calendar_add_makeup(&c->cal, day(worked[i]));
}

/* Deadlines that hold over the 2026 holidays (DESIGN §5). */
static void
test_holidays(void)
{
	static const struct {
		const char *kind, *severity, *opened, *response, *resolution;
	} cases[] = {
		/* 2d from the eve of National Day: the 8th at 09:00. */
		{"complaint", "major", "2026-09-30T10:00",
		 "2026-09-30T11:00:00+08:00", "2026-10-08T09:00:00+08:00"},
		/* The make-up Saturday before the Spring Festival is worked. */
		{"inquiry", NULL, "2026-02-13T17:30",
		 "2026-02-14T09:30:00+08:00", "2026-02-14T17:30:00+08:00"},
		/* The next week is off, and so is the Monday after it. */
		{"inquiry", NULL, "2026-02-14T17:30",
		 "2026-02-24T09:30:00+08:00", "2026-02-24T17:30:00+08:00"},
		/* Qingming: 2d from Friday 16:00 is Sunday; Monday is off. */
		{"request", NULL, "2026-04-03T16:00",
		 "2026-04-03T17:00:00+08:00", "2026-04-07T09:00:00+08:00"},
		/* Labour Day: 3d from Wednesday 29 April is a holiday
		 * Saturday; 4 and 5 May are off too. */
		{"complaint", "important", "2026-04-29T15:00", NULL,
		 "2026-05-06T09:00:00+08:00"},
		/* The make-up Saturday 9 May: 1h from Friday 17:30. */
		{"request", NULL, "2026-05-08T17:30",
		 "2026-05-09T09:30:00+08:00", NULL},
		/* New Year: the make-up Sunday 4 January is worked. */
		{"request", NULL, "2025-12-31T17:30",
		 "2026-01-04T09:30:00+08:00", NULL},
		/* Dragon Boat Friday 19 June: 2d from Wednesday 10:00. */
		{"complaint", "general", "2026-06-17T10:00", NULL,
		 "2026-06-22T09:00:00+08:00"},
		/* The make-up Saturday 10 October after National Day. */
		{"complaint", "general", "2026-10-09T17:55",
		 "2026-10-10T09:05:00+08:00", "2026-10-12T09:00:00+08:00"},
	};
	struct config c2 = cfg;
	struct ticket_state st;
	struct sla_step s[SLA_MAX_STEPS];
	json_t *rec;

	memset(&c2.cal, 0, sizeof(c2.cal));
	c2.cal = cfg.cal;
	c2.cal.holidays = c2.cal.makeup = NULL;
	c2.cal.nholidays = c2.cal.nmakeup = 0;
	add_2026_holidays(&c2);

	/*
	 * Thursday before the Mid-Autumn Friday: 10m runs into Monday
	 * 09:05; 2d is a holiday Saturday, so the resolution deadline is
	 * the response deadline, and nothing is breached on Saturday.
	 */
	rec = ticket("complaint", "general", "2026-09-24T17:55");
	ticket_fold(rec, &c2, &st);
	CHECK_STR(fmt(st.response_due), "2026-09-28T09:05:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-09-28T09:05:00+08:00");
	CHECK_INT(sla_decide(&c2, &st, at("2026-09-26T18:00"), s), 0);
	CHECK_INT(sla_decide(&c2, &st, at("2026-09-28T09:05"), s), 2);
	CHECK_INT(s[0].type, SLA_WARN);
	CHECK_INT(s[1].type, SLA_WARN);
	json_decref(rec);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rec = ticket(cases[i].kind, cases[i].severity, cases[i].opened);
		ticket_fold(rec, &c2, &st);
		if (cases[i].response)
			CHECK_STR(fmt(st.response_due), cases[i].response);
		if (cases[i].resolution)
			CHECK_STR(fmt(st.resolution_due), cases[i].resolution);
		json_decref(rec);
	}
	calendar_release(&c2.cal);
}

/*
 * A reopen starts a new resolution deadline counted from the reopen,
 * warned about and escalated on again; the first one is kept for KPIs.
 */
static void
test_reopen(void)
{
	json_t *rec = ticket("request", NULL, "2026-12-14T09:00");
	struct sla_step s[SLA_MAX_STEPS];
	struct ticket_state st;

	event(rec, "2026-12-14T09:10", "assign", "to", "S-wang", NULL);
	event(rec, "2026-12-14T09:20", "ack", NULL);
	event(rec, "2026-12-15T15:00", "warn", "deadline", "resolution", NULL);
	event(rec, "2026-12-15T16:00", "resolve", "solution", "redo", NULL);
	event(rec, "2026-12-15T17:00", "close", "comment", "meh", NULL);
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 5),
			    "satisfaction", json_integer(2));
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 5),
			    "accepted", json_false());
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-12-16T09:00:00+08:00");
	CHECK_STR(fmt(st.first_resolution_due), "2026-12-16T09:00:00+08:00");

	/* Reopened two days after the first deadline. */
	event(rec, "2026-12-18T10:00", "reopen", "reason", "broken again",
	      NULL);
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-12-21T09:00:00+08:00");
	CHECK_STR(fmt(st.first_resolution_due), "2026-12-16T09:00:00+08:00");
	CHECK_STR(fmt(sla_deadline_start(&st, DL_RESOLUTION)),
		  "2026-12-18T10:00:00+08:00");
	CHECK_INT(st.warned[DL_RESOLUTION], 0);
	CHECK_INT(st.level, 0);
	CHECK_INT(sla_overdue(&st, at("2026-12-18T10:05")), 0);
	CHECK_INT(decide(rec, "2026-12-18T10:05", s), 0);
	/* 2d from Friday 10:00 is Sunday 10:00, moved to Monday 09:00:
	 * 8h of working time; 80% is Friday 17:00 + 24m on Monday. */
	CHECK_INT(sla_allowed(&cfg, &st, DL_RESOLUTION), 8 * 3600);
	CHECK_INT(decide(rec, "2026-12-18T16:23", s), 0);
	CHECK_INT(decide(rec, "2026-12-18T16:24", s), 1);
	CHECK_INT(s[0].type, SLA_WARN);
	CHECK_INT(s[0].deadline, DL_RESOLUTION);
	CHECK_INT(decide(rec, "2026-12-21T09:01", s), 1);
	CHECK_INT(s[0].type, SLA_ESCALATE);
	CHECK_INT(s[0].to_level, 1);
	/* Pauses and extensions after it apply to the new deadline. */
	event(rec, "2026-12-18T11:00", "pause", "reason", "customer away",
	      NULL);
	event(rec, "2026-12-18T12:00", "resume", NULL);
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-12-21T10:00:00+08:00");
	CHECK_INT(st.paused_secs, 3600);
	CHECK_INT(sla_allowed(&cfg, &st, DL_RESOLUTION), 8 * 3600);
	/* A second resolve and close, a second reopen: the first deadline
	 * stays the first. */
	event(rec, "2026-12-18T15:00", "resolve", "solution", "redo", NULL);
	event(rec, "2026-12-18T16:00", "close", "comment", "ok", NULL);
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 10),
			    "satisfaction", json_integer(4));
	json_object_set_new(json_array_get(json_object_get(rec, "events"), 10),
			    "accepted", json_true());
	event(rec, "2026-12-22T09:00", "reopen", "reason", "again", NULL);
	st = fold(rec);
	CHECK_STR(fmt(st.resolution_due), "2026-12-24T09:00:00+08:00");
	CHECK_STR(fmt(st.first_resolution_due), "2026-12-16T09:00:00+08:00");
	CHECK_INT(st.paused_secs, 0);
	json_decref(rec);
}

/* Plan review: resolve waits for approve-plan when the rule says so. */
static void
test_plan_review(void)
{
	json_t *rec = ticket("complaint", "major", "2026-11-23T09:00");
	struct ticket_state st;

	event(rec, "2026-11-23T09:10", "ack", NULL);
	st = fold(rec);
	CHECK_INT(st.plan_required, 1);
	CHECK_INT(ticket_action_allowed(&st, "resolve"), PD_EDATA);
	CHECK_STR(pd_errmsg(), "cannot resolve a ticket without a plan (rule complaint/major: a plan approved first) (allowed: assign, note, cause, plan, pause, escalate, extend)");
	CHECK_INT(ticket_action_allowed(&st, "approve-plan"), PD_EDATA);
	event(rec, "2026-11-23T10:00", "plan", "solution", "redo", "owner",
	      "S-wang", "due", "2026-11-24T10:00:00+08:00", NULL);
	st = fold(rec);
	CHECK_INT(st.plan, PLAN_PENDING);
	CHECK_INT(ticket_action_allowed(&st, "resolve"), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "whose plan is not approved") != NULL);
	CHECK(strstr(pd_errmsg(), "approve-plan, ") != NULL);
	CHECK_INT(ticket_action_allowed(&st, "approve-plan"), 0);
	event(rec, "2026-11-23T10:30", "plan-approved", NULL);
	st = fold(rec);
	CHECK_INT(st.plan, PLAN_APPROVED);
	CHECK_INT(ticket_action_allowed(&st, "resolve"), 0);
	CHECK_INT(ticket_action_allowed(&st, "approve-plan"), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "whose plan is approved already") != NULL);
	/* A new plan needs a new approval. */
	event(rec, "2026-11-23T11:00", "plan", "solution", "compensation",
	      "owner", "S-wang", "due", "2026-11-24T10:00:00+08:00", NULL);
	st = fold(rec);
	CHECK_INT(ticket_action_allowed(&st, "resolve"), PD_EDATA);
	json_decref(rec);

	/* A rule without a plan_approver resolves without review. */
	rec = ticket("complaint", "important", "2026-11-23T09:00");
	event(rec, "2026-11-23T09:10", "ack", NULL);
	st = fold(rec);
	CHECK_INT(ticket_action_allowed(&st, "resolve"), 0);
	event(rec, "2026-11-23T10:00", "plan", "solution", "redo", "owner",
	      "S-wang", "due", "2026-11-24T10:00:00+08:00", NULL);
	st = fold(rec);
	CHECK_INT(ticket_action_allowed(&st, "approve-plan"), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "names no plan_approver") != NULL);
	json_decref(rec);
}

/* Who is told (DESIGN §5): holders of the ladder levels, recipients. */
static void
test_recipients(void)
{
	static const struct staff_member staff[] = {
		{"S-wang", "agent", "desk", 1},
		{"S-li", "agent", "desk", 1},
		{"S-vip", "agent", "vip", 1},
		{"S-gone", "agent", "vip", 0},
		{"S-lone", "agent", "", 1},
		{"S-chen", "manager", "desk", 1},
		{"S-old", "manager", "vip", 0},
		{"S-ma", "manager", "vip", 1},
		{"S-zhao", "gm", "", 1},
		{"S-admin", "admin", "", 1},
	};
	const size_t n = sizeof(staff) / sizeof(staff[0]);
	const char *r[SLA_MAX_RECIPIENTS];

	/* The team's manager; an inactive one is passed over. */
	CHECK_STR(sla_holder(&cfg, staff, n, "S-vip", 1), "S-ma");
	CHECK_STR(sla_holder(&cfg, staff, n, "S-wang", 1), "S-chen");
	/* No team: the first active manager in the register. */
	CHECK_STR(sla_holder(&cfg, staff, n, "S-lone", 1), "S-chen");
	CHECK_STR(sla_holder(&cfg, staff, n, "S-vip", 2), "S-zhao");
	/* Level 0 is the assignee; unassigned or inactive: level 1's. */
	CHECK_STR(sla_holder(&cfg, staff, n, "S-vip", 0), "S-vip");
	CHECK_STR(sla_holder(&cfg, staff, n, NULL, 0), "S-chen");
	CHECK_STR(sla_holder(&cfg, staff, n, "S-gone", 0), "S-ma");
	CHECK_STR(sla_holder(&cfg, staff, n, "S-nobody", 0), "S-chen");
	/* Nobody holds the role: the next role up; nobody at all: NULL. */
	{
		static const struct staff_member few[] = {
			{"S-a", "agent", "x", 1},
			{"S-m", "manager", "x", 0},
			{"S-g", "gm", "", 1},
		};

		CHECK_STR(sla_holder(&cfg, few, 3, "S-a", 1), "S-g");
		CHECK(sla_holder(&cfg, few, 1, "S-a", 1) == NULL);
		CHECK(sla_holder(&cfg, few, 1, NULL, 0) == NULL);
		CHECK_INT(sla_recipients(&cfg, few, 1, "S-a", NOTICE_BREACH,
					 2, r), 1);
		CHECK_STR(r[0], "S-a");
		CHECK_INT(sla_recipients(&cfg, few, 3, "S-a", NOTICE_ESCALATE,
					 1, r), 2);
		CHECK_STR(r[0], "S-g");
		CHECK_STR(r[1], "S-a");
	}

	/* A warning: the assignee, then the level's holder above 0. */
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-wang", NOTICE_WARN, 0, r),
		  1);
	CHECK_STR(r[0], "S-wang");
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-vip", NOTICE_WARN, 1, r),
		  2);
	CHECK_STR(r[0], "S-vip");
	CHECK_STR(r[1], "S-ma");
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-wang", NOTICE_WARN, 2, r),
		  2);
	CHECK_STR(r[1], "S-zhao");
	/* An escalation (the start one too): the new level's holder, then
	 * the assignee. */
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-vip", NOTICE_ESCALATE, 1,
				 r), 2);
	CHECK_STR(r[0], "S-ma");
	CHECK_STR(r[1], "S-vip");
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-li", NOTICE_ESCALATE, 2,
				 r), 2);
	CHECK_STR(r[0], "S-zhao");
	CHECK_STR(r[1], "S-li");
	/* A breach at the top: the top's holder, then the assignee. */
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-li", NOTICE_BREACH, 2, r),
		  2);
	CHECK_STR(r[0], "S-zhao");
	CHECK_STR(r[1], "S-li");
	/* Unassigned: level 1's holder stands in, told once. */
	CHECK_INT(sla_recipients(&cfg, staff, n, NULL, NOTICE_ESCALATE, 1, r),
		  1);
	CHECK_STR(r[0], "S-chen");
	CHECK_INT(sla_recipients(&cfg, staff, n, NULL, NOTICE_WARN, 1, r), 1);
	CHECK_STR(r[0], "S-chen");
	CHECK_INT(sla_recipients(&cfg, staff, n, NULL, NOTICE_BREACH, 2, r),
		  2);
	CHECK_STR(r[0], "S-zhao");
	CHECK_STR(r[1], "S-chen");
	/* No repeats: a manager who is the assignee. */
	CHECK_INT(sla_recipients(&cfg, staff, n, "S-chen", NOTICE_WARN, 1, r),
		  1);
	CHECK_STR(r[0], "S-chen");
}

int
main(void)
{
	json_t *root;

	CHECK_INT(clock_set_timezone("Asia/Shanghai"), 0);
	root = config_default("Asia/Shanghai", "en");
	CHECK_INT(config_parse(&cfg, root), 0);
	json_decref(root);
	test_transitions();
	test_deadlines();
	test_lunch_break();
	test_fold_lifecycle();
	test_pause();
	test_extend();
	test_levels();
	test_policy();
	test_approver();
	test_holidays();
	test_reopen();
	test_plan_review();
	test_recipients();
	config_release(&cfg);
	return unit_done("sla");
}
