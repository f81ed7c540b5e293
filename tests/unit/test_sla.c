/*
 * Unit tests for the ticket fold, the transition table of DESIGN §2 and the
 * SLA policy of lib/sla.c: deadline arithmetic on the business clock,
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

	/* 10 minutes from Friday 17:55 is Monday 09:05. */
	rec = ticket("complaint", "general", "2026-11-20T17:55");
	st = fold(rec);
	CHECK_STR(fmt(st.response_due), "2026-11-23T09:05:00+08:00");
	CHECK_STR(fmt(st.resolution_due), "2026-11-22T17:55:00+08:00");
	CHECK_INT(st.level, 0);
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
	CHECK_INT(decide(rec, "2026-11-16T11:01", s), 0);
	CHECK_INT(decide(rec, "2026-11-20T11:01", s), 1);
	CHECK_INT(s[0].type, SLA_WARN);
	CHECK_INT(s[0].deadline, DL_RESOLUTION);
	CHECK_INT(s[0].to_level, 2);
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
	const struct sla_rule *gm = config_sla(&cfg, "complaint", "important");
	const struct sla_rule *mgr = config_sla(&cfg, "inquiry", NULL);

	CHECK(gm != NULL && mgr != NULL);
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
	config_release(&cfg);
	return unit_done("sla");
}
