/*
 * Unit tests for lib/report/kpi.c on hand-made records: periods (ISO week 53,
 * months, ranges), no cases giving null, events exactly on the period
 * bounds, reopened tickets, extensions and pauses moving a deadline, a
 * ticket acknowledged in another period than it was opened, escalations,
 * staff scores, churn and meetings.  The expected figures are worked out
 * by hand in the comments.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/kpi.h"
#include "plaindesk/kpi_render.h"
#include "plaindesk/meeting.h"
#include "plaindesk/out.h"
#include "plaindesk/text.h"
#include "plaindesk/record.h"
#include "unit.h"

#define CHECK_NEAR(a, b) do { \
	double a_ = (a), b_ = (b); \
	if (fabs(a_ - b_) < 1e-9) unit_passed++; \
	else { unit_failed++; fprintf(stderr, \
		"%s:%d: FAIL: %s == %s (%.17g != %.17g)\n", \
		__FILE__, __LINE__, #a, #b, a_, b_); } \
} while (0)

static struct config cfg;

/* The default configuration, with the SLA clock given. */
static void
setup(const char *sla_clock)
{
	json_t *root = config_default("Asia/Shanghai", "en");

	json_object_set_new(root, "sla_clock", json_string(sla_clock));
	config_release(&cfg);
	if (config_parse(&cfg, root))
		fprintf(stderr, "config: %s\n", pd_errmsg());
	json_decref(root);
}

static time_t
at(const char *s)
{
	time_t t = 0;

	CHECK_INT(time_parse(s, &t), 0);
	return t;
}

/*
 * A ticket from a compact spec: events separated by ';', each
 * "type[:arg[:arg]]@YYYY-MM-DDTHH:MM" (local time).  Types: ack,
 * assign:WHO, resolve, close:SCORE:yes|no, reopen, pause, resume,
 * extend:UNTIL, escalate:TO:REASON, note.
 */
static json_t *
ticket(const char *kind, const char *severity, const char *category,
       const char *opened, const char *spec)
{
	static int serial;
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	json_t *rec = json_object(), *events = json_array(), *ev;
	char buf[TIME_BUFSZ], id[32], *copy = xstrdup(spec ? spec : ""), *save;
	int n = 0;

	serial++;
	snprintf(id, sizeof(id), "T-261116-%c%c0000", b32[serial / 32 % 32],
		 b32[serial % 32]);
	json_object_set_new(rec, "id", json_string(id));
	json_object_set_new(rec, "kind", json_string(kind));
	json_object_set_new(rec, "channel", json_string("phone"));
	json_object_set_new(rec, "customer", json_string("C-0012"));
	json_object_set_new(rec, "category", category ? json_string(category)
						      : json_null());
	json_object_set_new(rec, "severity", severity ? json_string(severity)
						      : json_null());
	json_object_set_new(rec, "title", json_string("test"));
	json_object_set_new(rec, "opened_at",
			    json_string(time_format(at(opened), buf)));
	json_object_set_new(rec, "state", json_object());
	ev = json_pack("{s:s, s:s, s:s, s:s}", "id", "E-261116-0000", "at",
		       buf, "by", "S-li", "type", "open");
	json_array_append_new(events, ev);
	for (char *tok = strtok_r(copy, ";", &save); tok;
	     tok = strtok_r(NULL, ";", &save)) {
		char *when = strchr(tok, '@'), *a1 = NULL, *a2 = NULL, eid[16];

		*when++ = '\0';
		if ((a1 = strchr(tok, ':'))) {
			*a1++ = '\0';
			/* An extension's time holds colons of its own. */
			if (strcmp(tok, "extend") && (a2 = strchr(a1, ':')))
				*a2++ = '\0';
		}
		n++;
		snprintf(eid, sizeof(eid), "E-261116-%c%c%c%c", b32[n / 32],
			 b32[n % 32], b32[serial / 32 % 32], b32[serial % 32]);
		ev = json_pack("{s:s, s:s, s:s, s:s}", "id", eid, "at",
			       time_format(at(when), buf), "by", "S-li",
			       "type", tok);
		if (!strcmp(tok, "assign")) {
			json_object_set_new(ev, "to", json_string(a1));
		} else if (!strcmp(tok, "close")) {
			json_object_set_new(ev, "satisfaction",
					    json_integer(atoi(a1)));
			json_object_set_new(ev, "accepted",
					    json_boolean(!strcmp(a2, "yes")));
		} else if (!strcmp(tok, "reopen") || !strcmp(tok, "pause")) {
			json_object_set_new(ev, "reason", json_string("r"));
		} else if (!strcmp(tok, "extend")) {
			json_object_set_new(ev, "deadline",
					    json_string("resolution"));
			json_object_set_new(ev, "until", json_string(
				time_format(at(a1), buf)));
			json_object_set_new(ev, "approved_by",
					    json_string("S-zhao"));
			json_object_set_new(ev, "reason", json_string("r"));
		} else if (!strcmp(tok, "escalate")) {
			json_object_set_new(ev, "to", json_string(a1));
			json_object_set_new(ev, "reason", json_string(a2));
		}
		json_array_append_new(events, ev);
	}
	json_object_set_new(rec, "events", events);
	free(copy);
	return rec;
}

static void
add(struct kpi *k, json_t *rec)
{
	CHECK_INT(kpi_add_ticket(k, rec), 0);
	json_decref(rec);
}

static struct kpi_period
week(const char *w)
{
	struct kpi_period p;

	memset(&p, 0, sizeof(p));
	CHECK_INT(kpi_period_week(&p, w), 0);
	return p;
}

/* A figure of a report by dotted path; NULL if missing. */
static json_t *
fig(json_t *report, const char *path)
{
	char *copy = xstrdup(path), *save;
	json_t *v = report;

	for (char *p = strtok_r(copy, ".", &save); p && v;
	     p = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(p))
				     : json_object_get(v, p);
	free(copy);
	return v;
}

static double
num(json_t *report, const char *path)
{
	json_t *v = fig(report, path);

	if (!json_is_number(v)) {
		fprintf(stderr, "  %s is not a number\n", path);
		return NAN;
	}
	return json_number_value(v);
}

static int
is_null(json_t *report, const char *path)
{
	return json_is_null(fig(report, path));
}

static void
test_periods(void)
{
	struct kpi_period p, q;
	char buf[TIME_BUFSZ];

	/* ISO week 53: 2026 has one (1 January 2026 is a Thursday). */
	p = week("2026-W53");
	CHECK_STR(p.label, "2026-W53");
	CHECK_STR(time_format(p.from, buf), "2026-12-28T00:00:00+08:00");
	CHECK_STR(time_format(p.to, buf), "2027-01-04T00:00:00+08:00");
	CHECK_INT(kpi_period_week(&q, "2025-W53"), PD_EUSAGE);
	CHECK_INT(kpi_period_week(&q, "2026-W00"), PD_EUSAGE);
	CHECK_INT(kpi_period_week(&q, "2026-47"), PD_EUSAGE);
	CHECK_INT(kpi_period_week(&q, "2020-W53"), 0);
	CHECK_STR(time_format(q.from, buf), "2020-12-28T00:00:00+08:00");
	/* The week before week 1 of 2027 is week 53 of 2026. */
	p = week("2027-W01");
	kpi_period_previous(&p, &q);
	CHECK_STR(q.label, "2026-W53");
	/* Default: the last complete ISO week before now. */
	kpi_period_default(&p, at("2027-01-05T10:00"));
	CHECK_STR(p.label, "2026-W53");
	kpi_period_default(&p, at("2026-11-23T00:00"));
	CHECK_STR(p.label, "2026-W47");
	kpi_period_default(&p, at("2026-11-22T23:59"));
	CHECK_STR(p.label, "2026-W46");
	/* A range that is exactly a week or a month is named so. */
	CHECK_INT(kpi_period_range(&p, "2026-12-28", "2027-01-04"), 0);
	CHECK_INT(p.kind, KPI_WEEK);
	CHECK_STR(p.label, "2026-W53");
	CHECK_INT(kpi_period_range(&p, "2026-11-01", "2026-12-01"), 0);
	CHECK_STR(p.label, "2026-11");
	CHECK_INT(kpi_period_range(&p, "2026-11-03", "2026-11-10"), 0);
	CHECK_STR(p.label, "2026-11-03..2026-11-10");
	kpi_period_previous(&p, &q);
	CHECK_STR(q.label, "2026-10-27..2026-11-03");
	CHECK_INT(kpi_period_range(&p, "2026-11-10", "2026-11-10"), PD_EUSAGE);
	CHECK_INT(kpi_period_range(&p, "2026-11-10", "2026-11-31"), PD_EUSAGE);
	/* Months, and the month before January. */
	CHECK_INT(kpi_period_month(&p, "2026-12"), 0);
	CHECK_STR(time_format(p.to, buf), "2027-01-01T00:00:00+08:00");
	CHECK_INT(kpi_period_month(&p, "2026-01"), 0);
	kpi_period_previous(&p, &q);
	CHECK_STR(q.label, "2025-12");
	CHECK_STR(time_format(q.from, buf), "2025-12-01T00:00:00+08:00");
	CHECK_INT(kpi_period_month(&p, "2026-13"), PD_EUSAGE);
}

/* No cases: every rate and mean is null, every breakdown lists zeros. */
static void
test_empty(void)
{
	struct kpi_period p = week("2026-W47");
	struct kpi k;
	json_t *r;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	r = kpi_json(&k);
	CHECK_INT(num(r, "service.opened"), 0);
	CHECK_INT(json_object_size(fig(r, "service.by_kind")), 4);
	CHECK_INT(json_object_size(fig(r, "service.by_channel")), 6);
	CHECK_INT(json_object_size(fig(r, "service.escalations.by_level")), 2);
	CHECK(json_is_integer(fig(r, "service.escalations.by_level.gm")));
	CHECK(is_null(r, "service.avg_response_min"));
	CHECK(is_null(r, "service.response_sla_rate"));
	CHECK(is_null(r, "service.satisfaction_avg"));
	CHECK(is_null(r, "service.churn_rate"));
	CHECK_INT(json_array_size(fig(r, "complaints")), 18);
	CHECK_STR(json_string_value(fig(r, "complaints.17.category")), "other");
	CHECK_STR(json_string_value(fig(r, "complaints.17.severity")),
		  "general");
	CHECK(is_null(r, "complaints.0.avg_handling_min"));
	CHECK_INT(json_array_size(fig(r, "agents")), 0);
	CHECK_INT(num(r, "meetings.held"), 0);
	CHECK(json_is_real(fig(r, "meetings.hours")));
	CHECK(is_null(r, "meetings.on_time_rate"));
	CHECK(is_null(r, "meetings.action_on_time_rate"));
	CHECK_INT(json_array_size(fig(r, "targets")), 8);
	CHECK(is_null(r, "targets.0.value"));
	CHECK(is_null(r, "targets.0.met"));
	CHECK_INT(kpi_missed(r), 0);
	json_decref(r);
	kpi_release(&k);
}

/* Events exactly on from and on to (calendar SLA clock). */
static void
test_bounds(void)
{
	struct kpi_period p = week("2026-W47");
	struct kpi k;
	json_t *r;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	/* Opened at from: counts; answered in 30 min; resolved the same
	 * day, before its deadline (1wd: Tue 00:00). */
	add(&k, ticket("inquiry", NULL, NULL, "2026-11-16T00:00",
		       "ack@2026-11-16T00:30;resolve@2026-11-16T12:00"));
	/* Opened at to: not in P, not in the backlog. */
	add(&k, ticket("inquiry", NULL, NULL, "2026-11-23T00:00", NULL));
	/* Opened before P, response due exactly at from and answered
	 * then (at or before: a hit); resolution due Tue 23:00, missed. */
	add(&k, ticket("request", NULL, NULL, "2026-11-15T23:00",
		       "ack@2026-11-16T00:00"));
	/* Response due 23:59 on the last day; answered exactly at to,
	 * which is not before to. */
	add(&k, ticket("request", NULL, NULL, "2026-11-22T22:59",
		       "ack@2026-11-23T00:00"));
	r = kpi_json(&k);
	CHECK_INT(num(r, "service.opened"), 2);
	CHECK_INT(num(r, "service.by_kind.inquiry"), 1);
	CHECK_INT(num(r, "service.by_kind.request"), 1);
	CHECK_INT(num(r, "service.by_channel.phone"), 2);
	CHECK_INT(num(r, "service.by_severity.major"), 0);
	/* (30 + 60) / 2: the ack at to is not in P. */
	CHECK_NEAR(num(r, "service.avg_response_min"), 45);
	CHECK_NEAR(num(r, "service.avg_handling_min"), 720);
	CHECK_NEAR(num(r, "service.response_sla_rate"), 2.0 / 3);
	CHECK_NEAR(num(r, "service.inquiry_timely_rate"), 1);
	CHECK_NEAR(num(r, "service.resolution_sla_rate"), 0.5);
	CHECK(is_null(r, "service.complaint_timely_rate"));
	CHECK(is_null(r, "service.fcr_rate"));
	CHECK_INT(num(r, "service.backlog"), 3);
	/* The request opened before P is past its resolution deadline;
	 * the last one has no ack before to and its response is due. */
	CHECK_INT(num(r, "service.overdue"), 2);
	CHECK(json_is_false(fig(r, "targets.0.met")));
	CHECK_STR(json_string_value(fig(r, "targets.0.name")),
		  "response_sla_rate");
	CHECK_NEAR(num(r, "targets.0.target"), 0.95);
	CHECK_INT(kpi_missed(r), 1);
	json_decref(r);
	kpi_release(&k);
}

/* A reopened complaint, handled by two agents. */
static void
test_reopened(void)
{
	struct kpi_period p = week("2026-W47");
	struct kpi k;
	json_t *r;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	/* Resolution due 3d after opening: Thu 19 09:00. */
	add(&k, ticket("complaint", "important", "equipment",
		       "2026-11-16T09:00",
		       "assign:S-wang@2026-11-16T09:00;ack@2026-11-16T09:30;"
		       "resolve@2026-11-17T09:00;close:2:no@2026-11-17T10:00;"
		       "reopen@2026-11-17T11:00;assign:S-li@2026-11-17T12:00;"
		       "resolve@2026-11-18T09:00;close:5:yes@2026-11-18T10:00"));
	/* Closed, then reopened and still open at to: overdue (due 2d
	 * after opening: Wed 18 09:00). */
	add(&k, ticket("complaint", "general", "attitude", "2026-11-16T09:00",
		       "ack@2026-11-16T09:05;resolve@2026-11-16T12:00;"
		       "close:4:yes@2026-11-16T13:00;reopen@2026-11-20T09:00"));
	r = kpi_json(&k);
	CHECK_INT(num(r, "service.opened"), 2);
	CHECK_INT(num(r, "service.by_severity.important"), 1);
	CHECK_INT(num(r, "service.by_category.attitude"), 1);
	/* Last resolves: 2 days and 3 hours after opening. */
	CHECK_NEAR(num(r, "service.avg_handling_min"), (2880.0 + 180) / 2);
	/* Both first resolves came before their deadlines. */
	CHECK_NEAR(num(r, "service.resolution_sla_rate"), 1);
	CHECK_NEAR(num(r, "service.complaint_timely_rate"), 1);
	/* Both last closes in P, both tickets reopened. */
	CHECK_NEAR(num(r, "service.fcr_rate"), 0);
	CHECK_NEAR(num(r, "service.complaint_success_rate"), 1);
	/* Close scores 2, 5 and 4. */
	CHECK_NEAR(num(r, "service.satisfaction_avg"), 11.0 / 3);
	CHECK_NEAR(num(r, "service.satisfaction_rate"), 2.0 / 3);
	CHECK_INT(num(r, "service.backlog"), 1);
	CHECK_INT(num(r, "service.overdue"), 1);
	/* equipment/important is row 1 * 3 + 1. */
	CHECK_INT(num(r, "complaints.4.opened"), 1);
	CHECK_INT(num(r, "complaints.4.resolved"), 1);
	CHECK_INT(num(r, "complaints.4.resolved_in_time"), 1);
	CHECK_INT(num(r, "complaints.4.open"), 0);
	CHECK_NEAR(num(r, "complaints.4.avg_handling_min"), 2880);
	/* attitude/general is row 2. */
	CHECK_INT(num(r, "complaints.2.open"), 1);
	/* S-li: resolved and closed the first ticket the second time
	 * (success 1, satisfaction 5); score 100 x (0.4 + 0.3) / 0.7.
	 * S-wang: the SLA case (first resolve) and the first close
	 * (score 2): 100 x (0.3 x 1 + 0.3 x 0.4) / 0.6 = 70. */
	CHECK_INT(json_array_size(fig(r, "agents")), 2);
	CHECK_STR(json_string_value(fig(r, "agents.0.id")), "S-li");
	CHECK_INT(num(r, "agents.0.resolved"), 1);
	CHECK(is_null(r, "agents.0.resolution_sla_rate"));
	CHECK_NEAR(num(r, "agents.0.complaint_success_rate"), 1);
	CHECK_NEAR(num(r, "agents.0.satisfaction_avg"), 5);
	CHECK_NEAR(num(r, "agents.0.score"), 100);
	CHECK_STR(json_string_value(fig(r, "agents.1.id")), "S-wang");
	CHECK_INT(num(r, "agents.1.resolved"), 0);
	CHECK_NEAR(num(r, "agents.1.resolution_sla_rate"), 1);
	CHECK(is_null(r, "agents.1.complaint_success_rate"));
	CHECK_NEAR(num(r, "agents.1.satisfaction_avg"), 2);
	CHECK_NEAR(num(r, "agents.1.score"), 70);
	json_decref(r);
	kpi_release(&k);
}

/* An approved extension and a pause move a deadline into P. */
static void
test_deadline_moves(void)
{
	struct kpi_period p = week("2026-W47"), p46 = week("2026-W46");
	struct kpi k, k46;
	json_t *r, *r46;
	json_t *extended, *paused, *still_paused;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	kpi_init(&k46, &cfg, &p46, at("2026-11-25T10:00"));
	/* Due 15 Nov 10:00 (W46), extended to 17 Nov 10:00 (W47). */
	extended = ticket("complaint", "important", "venue",
			  "2026-11-12T10:00",
			  "ack@2026-11-12T10:10;extend:2026-11-17T10:00@2026-11-14T09:00;"
			  "resolve@2026-11-17T09:00");
	/* Due Mon 16 10:00 (1wd after Fri 13); paused 72 h: Thu 19 10:00. */
	paused = ticket("inquiry", NULL, NULL, "2026-11-13T10:00",
			"ack@2026-11-13T10:05;pause@2026-11-13T11:00;"
			"resume@2026-11-16T11:00;resolve@2026-11-18T10:00");
	/* Due Wed 18 10:00 but paused since Tue 17 10:00 and still paused
	 * at the report: the deadline has not come (and not at to). */
	still_paused = ticket("request", NULL, NULL, "2026-11-16T10:00",
			      "ack@2026-11-16T10:10;pause@2026-11-17T10:00");
	CHECK_INT(kpi_add_ticket(&k, extended), 0);
	CHECK_INT(kpi_add_ticket(&k46, extended), 0);
	CHECK_INT(kpi_add_ticket(&k, paused), 0);
	CHECK_INT(kpi_add_ticket(&k46, paused), 0);
	CHECK_INT(kpi_add_ticket(&k, still_paused), 0);
	CHECK_INT(kpi_add_ticket(&k46, still_paused), 0);
	r = kpi_json(&k);
	r46 = kpi_json(&k46);
	CHECK_NEAR(num(r, "service.resolution_sla_rate"), 1);
	CHECK_NEAR(num(r, "service.complaint_timely_rate"), 1);
	CHECK(is_null(r46, "service.resolution_sla_rate"));
	/* venue/important: resolved in time against the moved deadline. */
	CHECK_INT(num(r, "complaints.7.resolved_in_time"), 1);
	/* At the end of W46 the extended complaint was open, not yet
	 * overdue (due 17 Nov); so was the paused inquiry. */
	CHECK_INT(num(r46, "service.backlog"), 2);
	CHECK_INT(num(r46, "service.overdue"), 0);
	CHECK_INT(num(r, "service.backlog"), 3);
	CHECK_INT(num(r, "service.overdue"), 0);
	json_decref(r);
	json_decref(r46);
	json_decref(extended);
	json_decref(paused);
	json_decref(still_paused);
	kpi_release(&k);
	kpi_release(&k46);
}

/* Opened in W46, acknowledged in W47. */
static void
test_ack_across_periods(void)
{
	struct kpi_period p = week("2026-W47"), p46 = week("2026-W46");
	json_t *t = ticket("inquiry", NULL, NULL, "2026-11-15T23:30",
			   "ack@2026-11-16T00:10");
	struct kpi k, k46;
	json_t *r, *r46;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	kpi_init(&k46, &cfg, &p46, at("2026-11-25T10:00"));
	CHECK_INT(kpi_add_ticket(&k, t), 0);
	CHECK_INT(kpi_add_ticket(&k46, t), 0);
	r = kpi_json(&k);
	r46 = kpi_json(&k46);
	CHECK_INT(num(r46, "service.opened"), 1);
	CHECK(is_null(r46, "service.avg_response_min"));
	CHECK(is_null(r46, "service.response_sla_rate"));
	CHECK_INT(num(r46, "service.backlog"), 1);
	CHECK_INT(num(r, "service.opened"), 0);
	CHECK_NEAR(num(r, "service.avg_response_min"), 40);
	CHECK_NEAR(num(r, "service.response_sla_rate"), 1);
	CHECK_NEAR(num(r, "service.inquiry_timely_rate"), 1);
	json_decref(r);
	json_decref(r46);
	json_decref(t);
	kpi_release(&k);
	kpi_release(&k46);
}

/* Escalations by reason and by the ladder role reached. */
static void
test_escalations(void)
{
	struct kpi_period p = week("2026-W47");
	struct kpi k;
	json_t *r;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	add(&k, ticket("complaint", "important", "catering", "2026-11-16T09:00",
		       "escalate:gm:response-breach@2026-11-16T10:00;"
		       "escalate:gm:manual@2026-11-23T00:00"));
	add(&k, ticket("inquiry", NULL, NULL, "2026-11-10T09:00",
		       "escalate:manager:resolution-breach@2026-11-15T23:59;"
		       "escalate:manager:manual@2026-11-16T00:00"));
	/* Where a major complaint starts is no escalation (§7). */
	add(&k, ticket("complaint", "major", "catering", "2026-11-17T09:00",
		       "escalate:gm:start@2026-11-17T09:00"));
	r = kpi_json(&k);
	CHECK_INT(num(r, "service.escalations.total"), 2);
	CHECK_INT(num(r, "service.escalations.by_reason.response-breach"), 1);
	CHECK_INT(num(r, "service.escalations.by_reason.resolution-breach"), 0);
	CHECK_INT(num(r, "service.escalations.by_reason.manual"), 1);
	CHECK_INT(num(r, "service.escalations.by_level.manager"), 1);
	CHECK_INT(num(r, "service.escalations.by_level.gm"), 1);
	json_decref(r);
	kpi_release(&k);
}

/* The reports of weeks w1 and w2 with ticket t, as of 25 November. */
static void
two_weeks(json_t *t, const char *w1, const char *w2, json_t **r1,
	  json_t **r2)
{
	struct kpi_period p1 = week(w1), p2 = week(w2);
	struct kpi k1, k2;

	kpi_init(&k1, &cfg, &p1, at("2026-11-25T10:00"));
	kpi_init(&k2, &cfg, &p2, at("2026-11-25T10:00"));
	CHECK_INT(kpi_add_ticket(&k1, t), 0);
	CHECK_INT(kpi_add_ticket(&k2, t), 0);
	*r1 = kpi_json(&k1);
	*r2 = kpi_json(&k2);
	kpi_release(&k1);
	kpi_release(&k2);
}

/*
 * A ticket resolved in time, closed and reopened after its deadline:
 * the SLA figures judge the first resolve against the first deadline;
 * the reopen's own deadline decides only whether it is overdue now.
 */
static void
test_reopened_late(void)
{
	/* Resolution due Wednesday 18 09:00 (2d); reopened Friday 10:00,
	 * due again Monday 23 09:00 (2d is Sunday, moved). */
	json_t *t = ticket("complaint", "general", "venue",
			   "2026-11-16T09:00",
			   "ack@2026-11-16T09:05;resolve@2026-11-17T10:00;"
			   "close:2:no@2026-11-17T11:00;reopen@2026-11-20T10:00");
	json_t *r, *r48;

	setup("business");
	two_weeks(t, "2026-W47", "2026-W48", &r, &r48);
	CHECK_NEAR(num(r, "service.resolution_sla_rate"), 1);
	CHECK_NEAR(num(r, "service.complaint_timely_rate"), 1);
	CHECK_INT(num(r, "complaints.8.resolved_in_time"), 1);
	/* Open at to, its new deadline not yet passed. */
	CHECK_INT(num(r, "service.backlog"), 1);
	CHECK_INT(num(r, "service.overdue"), 0);
	/* The new deadline is no second case in W48, but at its end the
	 * ticket is overdue. */
	CHECK(is_null(r48, "service.resolution_sla_rate"));
	CHECK_INT(num(r48, "service.overdue"), 1);
	json_decref(r);
	json_decref(r48);
	json_decref(t);
	setup("calendar");
}

/* With business hours: 10 minutes from Friday 17:55 is Monday 09:05. */
static void
test_business_clock(void)
{
	json_t *t = ticket("complaint", "general", "process",
			   "2026-11-20T17:55", "ack@2026-11-23T09:00");
	json_t *r, *r48;

	setup("business");
	two_weeks(t, "2026-W47", "2026-W48", &r, &r48);
	CHECK(is_null(r, "service.response_sla_rate"));
	CHECK(is_null(r, "service.resolution_sla_rate"));
	/* Not overdue at to: the response is due Monday 09:05, and so is
	 * the resolution (2d is Sunday 17:55, outside working time: the
	 * next working instant, never before the response deadline). */
	CHECK_INT(num(r, "service.overdue"), 0);
	CHECK_NEAR(num(r48, "service.response_sla_rate"), 1);
	CHECK_NEAR(num(r48, "service.resolution_sla_rate"), 0);
	/* Wall-clock minutes all the same: 2 days 15 h 5 min. */
	CHECK_NEAR(num(r48, "service.avg_response_min"), 3785);
	json_decref(r);
	json_decref(r48);
	json_decref(t);
	setup("calendar");
}

static void
test_bad_ticket(void)
{
	struct kpi_period p = week("2026-W47");
	json_t *t = ticket("inquiry", NULL, NULL, "2026-11-16T09:00", NULL);
	struct kpi k;
	json_t *r;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	json_object_set_new(t, "kind", json_string("grumble"));
	CHECK_INT(kpi_add_ticket(&k, t), PD_EDATA);
	r = kpi_json(&k);
	CHECK_INT(num(r, "service.opened"), 0);
	CHECK_INT(num(r, "service.backlog"), 0);
	json_decref(r);
	json_decref(t);
	kpi_release(&k);
}

static void
test_churn(void)
{
	struct kpi_period p = week("2026-W47");
	struct kpi k;
	json_t *r;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	CHECK_INT(kpi_add_customer(&k, "2025-01-01", ""), 0);	/* active */
	CHECK_INT(kpi_add_customer(&k, "2026-11-16", ""), 0);	/* since = from */
	CHECK_INT(kpi_add_customer(&k, "2026-11-17", ""), 0);	/* too new */
	CHECK_INT(kpi_add_customer(&k, "2024-01-01", "2026-11-16"), 0);	/* lost */
	CHECK_INT(kpi_add_customer(&k, "2024-01-01", "2026-11-15"), 0);	/* gone */
	CHECK_INT(kpi_add_customer(&k, "2024-01-01", "2026-11-23"), 0);	/* after */
	CHECK_INT(kpi_add_customer(&k, "", ""), 0);		/* no since */
	CHECK_INT(kpi_add_customer(&k, "2024-13-01", ""), PD_EDATA);
	r = kpi_json(&k);
	CHECK_NEAR(num(r, "service.churn_rate"), 1.0 / 5);
	json_decref(r);
	kpi_release(&k);
}

static json_t *
meeting(const char *text)
{
	json_error_t err;
	json_t *m = json_loads(text, 0, &err);

	if (!m)
		fprintf(stderr, "meeting JSON: line %d: %s\n", err.line,
			err.text);
	CHECK(m != NULL);
	return m;
}

static void
add_meeting(struct kpi *k, const char *text)
{
	json_t *m = meeting(text);

	CHECK_INT(kpi_add_meeting(k, m), 0);
	json_decref(m);
}

static void
test_meetings(void)
{
	struct kpi_period p = week("2026-W47");
	struct kpi k;
	json_t *r, *bad;

	kpi_init(&k, &cfg, &p, at("2026-11-25T10:00"));
	/* Wed 10:00, 60 min planned; started 10:04 (within the 5 min
	 * grace), 66 min long; agenda sent exactly 1wd before; minutes
	 * published within 1wd of the end; one of two required attendees
	 * there; 1 of 2 items achieved; rated 4 and 5. */
	add_meeting(&k,
	    "{\"id\": \"M-261110-AAAA01\", \"type\": \"routine\", \"title\": \"Weekly\","
	    " \"organizer\": \"S-chen\", \"start\": \"2026-11-18T10:00:00+08:00\","
	    " \"duration_min\": 60, \"room\": \"R-1\","
	    " \"attendees\": [{\"who\": \"S-wang\", \"required\": true},"
	    "  {\"who\": \"S-li\", \"required\": true}, {\"who\": \"S-chen\", \"required\": false}],"
	    " \"agenda\": [{\"n\": 1, \"topic\": \"a\", \"goal\": \"decision\", \"minutes\": 30, \"owner\": \"S-chen\"},"
	    "  {\"n\": 2, \"topic\": \"b\", \"goal\": \"inform\", \"minutes\": 30, \"owner\": \"S-chen\"}],"
	    " \"ad_hoc\": false, \"reason\": null, \"sequence\": 0,"
	    " \"state\": {\"status\": \"published\", \"approved_by\": null,"
	    "  \"agenda_sent_at\": \"2026-11-17T10:00:00+08:00\","
	    "  \"published_at\": \"2026-11-19T11:00:00+08:00\"},"
	    " \"minutes\": {\"started_at\": \"2026-11-18T10:04:00+08:00\","
	    "  \"ended_at\": \"2026-11-18T11:10:00+08:00\", \"present\": [\"S-wang\", \"S-chen\"],"
	    "  \"absent\": [\"S-li\"], \"late\": [], \"items\": [{\"n\": 1, \"outcome\": \"achieved\", \"notes\": \"\"},"
	    "  {\"n\": 2, \"outcome\": \"deferred\", \"notes\": \"\"}], \"decisions\": []},"
	    " \"actions\": [{\"id\": \"M-261110-AAAA01.1\", \"text\": \"x\", \"owner\": \"S-wang\", \"due\": \"2026-11-20\","
	    "   \"expected\": \"\", \"done_at\": \"2026-11-20T23:59:59+08:00\", \"note\": \"\"},"
	    "  {\"id\": \"M-261110-AAAA01.2\", \"text\": \"y\", \"owner\": \"S-wang\", \"due\": \"2026-11-22\","
	    "   \"expected\": \"\", \"done_at\": null, \"note\": \"\"},"
	    "  {\"id\": \"M-261110-AAAA01.3\", \"text\": \"z\", \"owner\": \"S-wang\", \"due\": \"2026-11-23\","
	    "   \"expected\": \"\", \"done_at\": null, \"note\": \"\"}],"
	    " \"feedback\": [{\"by\": \"S-wang\", \"score\": 4, \"comment\": \"\", \"at\": \"2026-11-18T12:00:00+08:00\"},"
	    "  {\"by\": \"S-chen\", \"score\": 5, \"comment\": \"\", \"at\": \"2026-11-18T12:00:00+08:00\"}],"
	    " \"events\": []}");
	/* Fri 14:00, 30 min; started 14:06 (late), 24 min; agenda sent
	 * the day before but after 14:00; minutes never published. */
	add_meeting(&k,
	    "{\"id\": \"M-261110-AAAA02\", \"type\": \"decision\", \"title\": \"Budget\","
	    " \"organizer\": \"S-zhao\", \"start\": \"2026-11-20T14:00:00+08:00\", \"duration_min\": 30,"
	    " \"attendees\": [{\"who\": \"S-zhao\", \"required\": true}],"
	    " \"agenda\": [{\"n\": 1, \"topic\": \"a\", \"goal\": \"decision\", \"minutes\": 30, \"owner\": \"S-zhao\"}],"
	    " \"state\": {\"status\": \"held\", \"agenda_sent_at\": \"2026-11-19T15:00:00+08:00\", \"published_at\": null},"
	    " \"minutes\": {\"started_at\": \"2026-11-20T14:06:00+08:00\", \"ended_at\": \"2026-11-20T14:30:00+08:00\","
	    "  \"present\": [\"S-zhao\", \"S-wang\", \"S-zhao\"], \"late\": [\"S-wang\"],"
	    "  \"items\": [{\"n\": 1, \"outcome\": \"achieved\"}]},"
	    " \"actions\": [], \"feedback\": []}");
	/* Cancelled: not held, but its action item counts (on time). */
	add_meeting(&k,
	    "{\"id\": \"M-261110-AAAA03\", \"type\": \"seminar\", \"start\": \"2026-11-19T09:00:00+08:00\","
	    " \"duration_min\": 60, \"state\": {\"status\": \"cancelled\"},"
	    " \"minutes\": {\"started_at\": \"2026-11-19T09:00:00+08:00\"},"
	    " \"actions\": [{\"id\": \"M-261110-AAAA03.1\", \"due\": \"2026-11-19\", \"done_at\": \"2026-11-18T10:00:00+08:00\"}]}");
	/* Held the week before; its action due in P was done exactly at
	 * 00:00 after the due day: late. */
	add_meeting(&k,
	    "{\"id\": \"M-261110-AAAA04\", \"type\": \"training\", \"start\": \"2026-11-10T09:00:00+08:00\","
	    " \"duration_min\": 60, \"state\": {\"status\": \"published\"},"
	    " \"minutes\": {\"started_at\": \"2026-11-10T09:00:00+08:00\", \"ended_at\": \"2026-11-10T10:00:00+08:00\"},"
	    " \"actions\": [{\"id\": \"M-261110-AAAA04.1\", \"due\": \"2026-11-21\", \"done_at\": \"2026-11-22T00:00:00+08:00\"}]}");
	/* Started exactly at to: not in P. */
	add_meeting(&k,
	    "{\"id\": \"M-261110-AAAA05\", \"type\": \"other\", \"start\": \"2026-11-23T00:00:00+08:00\","
	    " \"duration_min\": 60, \"state\": {\"status\": \"held\"},"
	    " \"minutes\": {\"started_at\": \"2026-11-23T00:00:00+08:00\"}}");
	bad = meeting("{\"id\": \"M-261110-AAAA06\", \"minutes\": {\"started_at\": \"yesterday\"}}");
	CHECK_INT(kpi_add_meeting(&k, bad), PD_EDATA);
	json_decref(bad);
	r = kpi_json(&k);
	CHECK_INT(num(r, "meetings.held"), 2);
	CHECK_INT(num(r, "meetings.by_type.routine"), 1);
	CHECK_INT(num(r, "meetings.by_type.decision"), 1);
	CHECK_INT(num(r, "meetings.by_type.seminar"), 0);
	CHECK_INT(num(r, "meetings.by_type.other"), 0);
	CHECK_NEAR(num(r, "meetings.hours"), 1.5);
	/* 1.1 h x 2 people + 0.4 h x 2 (S-zhao, S-wang once each). */
	CHECK_NEAR(num(r, "meetings.person_hours"), 3.0);
	CHECK_NEAR(num(r, "meetings.on_time_rate"), 0.5);
	CHECK_NEAR(num(r, "meetings.avg_duration_min"), 45);
	CHECK_NEAR(num(r, "meetings.avg_overrun_min"), 0);
	CHECK_NEAR(num(r, "meetings.topic_achievement_rate"), 2.0 / 3);
	CHECK_NEAR(num(r, "meetings.agenda_timely_rate"), 0.5);
	CHECK_NEAR(num(r, "meetings.minutes_timely_rate"), 0.5);
	CHECK_NEAR(num(r, "meetings.attendance_rate"), 2.0 / 3);
	CHECK_NEAR(num(r, "meetings.satisfaction_avg"), 4.5);
	CHECK_NEAR(num(r, "meetings.action_on_time_rate"), 0.5);
	/* meeting_on_time_rate is the sixth target. */
	CHECK_STR(json_string_value(fig(r, "targets.5.name")),
		  "meeting_on_time_rate");
	CHECK_NEAR(num(r, "targets.5.value"), 0.5);
	CHECK(json_is_false(fig(r, "targets.5.met")));
	json_decref(r);
	kpi_release(&k);
}

/*
 * kpi-report and mtg-plan judge an agenda by one deadline.  Their two
 * copies once counted a lead in days differently around summer time: 2
 * days before Tuesday 02:30 in New York is Sunday 8 March 2026 at 02:30, a
 * time the clock skips (02:00 -> 03:00); mtg-plan's copy made it 03:30,
 * kpi-report's 03:00, so an agenda sent at 03:15 was on time for one and
 * late for the other.  2 days before Tuesday 3 November 01:30 is Sunday 1
 * November 01:30, which happens twice; the copies took the second and the
 * first.  Now both take the instant the clock jumps, and the first.
 */
static void
test_agenda_deadline_agrees(void)
{
	static const struct {
		const char *start, *sent, *due;
		int on_time;
	} cases[] = {
		{"2026-03-10T02:30:00-04:00", "2026-03-08T03:00:00-04:00",
		 "2026-03-08T03:00:00-04:00", 1},
		{"2026-03-10T02:30:00-04:00", "2026-03-08T03:15:00-04:00",
		 "2026-03-08T03:00:00-04:00", 0},
		{"2026-11-03T01:30:00-05:00", "2026-11-01T01:30:00-04:00",
		 "2026-11-01T01:30:00-04:00", 1},
		{"2026-11-03T01:30:00-05:00", "2026-11-01T01:45:00-04:00",
		 "2026-11-01T01:30:00-04:00", 0},
	};
	char buf[TIME_BUFSZ];

	setenv("TZ", "America/New_York", 1);
	tzset();
	cfg.agenda_lead.unit = DUR_DAYS;
	cfg.agenda_lead.n = 2;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		json_t *m = json_pack("{s:s, s:s, s:s, s:{s:s, s:s},"
				      " s:{s:s, s:s}}",
				      "id", "M-260301-AAAA01", "type", "routine",
				      "start", cases[i].start, "state",
				      "status", "held", "agenda_sent_at",
				      cases[i].sent, "minutes", "started_at",
				      cases[i].start, "ended_at", cases[i].start);
		struct kpi_period p;
		struct kpi k;
		time_t due = meeting_due(&cfg, MEETING_AGENDA, m);
		json_t *r;

		/* What mtg-plan send records and show marks. */
		CHECK_STR(time_format(due, buf), cases[i].due);
		CHECK_INT(jtime(json_object_get(m, "state"), "agenda_sent_at")
			  <= due, cases[i].on_time);
		/* What kpi-report counts. */
		memset(&p, 0, sizeof(p));
		CHECK_INT(kpi_period_month(&p, i < 2 ? "2026-03" : "2026-11"),
			  0);
		kpi_init(&k, &cfg, &p, at("2026-12-01T10:00"));
		CHECK_INT(kpi_add_meeting(&k, m), 0);
		r = kpi_json(&k);
		CHECK_NEAR(num(r, "meetings.agenda_timely_rate"),
			   cases[i].on_time);
		json_decref(r);
		kpi_release(&k);
		json_decref(m);
	}
	setup("calendar");
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Unrounded JSON reals that read back as the same numbers. */
static void
test_json_text(void)
{
	json_t *v = json_pack("{s:f, s:f, s:f, s:i, s:n, s:[]}", "third",
			      1.0 / 3, "tenth", 0.1, "two", 2.0, "n", 3,
			      "none", "list");
	struct sbuf sb;

	sbuf_init(&sb);
	kpi_json_text(v, &sb);
	CHECK_STR(sb.buf, "{\n  \"third\": 0.3333333333333333,\n"
		  "  \"tenth\": 0.1,\n  \"two\": 2.0,\n  \"n\": 3,\n"
		  "  \"none\": null,\n  \"list\": []\n}\n");
	sbuf_release(&sb);
	json_decref(v);
}

/* CSV: a computed negative figure stays a number; text is neutralised;
 * CRLF line ends; the BOM when asked. */
static void
test_csv_text(void)
{
	json_t *v = json_pack("{s:{s:f, s:n}, s:[{s:s, s:i}]}", "meetings",
			      "avg_overrun_min", -40.0, "hours", "agents",
			      "id", "=SUM(A1)", "resolved", -1);
	struct sbuf sb;

	sbuf_init(&sb);
	kpi_csv_text(v, 0, &sb);
	CHECK_STR(sb.buf, "section,key,group,value\r\n"
		  "meetings,avg_overrun_min,,-40.0\r\n"
		  "meetings,hours,,\r\n"
		  "agents,resolved,'=SUM(A1),-1\r\n");
	sb.len = 0;
	kpi_csv_text(v, OUT_RAW | OUT_BOM, &sb);
	CHECK(strncmp(sb.buf, UTF8_BOM "section,", 11) == 0);
	CHECK(strstr(sb.buf, "agents,resolved,=SUM(A1),-1\r\n") != NULL);
	sbuf_release(&sb);
	json_decref(v);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	setup("calendar");
	test_periods();
	test_empty();
	test_bounds();
	test_reopened();
	test_reopened_late();
	test_deadline_moves();
	test_ack_across_periods();
	test_escalations();
	test_business_clock();
	test_bad_ticket();
	test_churn();
	test_meetings();
	test_agenda_deadline_agrees();
	test_json_text();
	test_csv_text();
	config_release(&cfg);
	return unit_done("kpi");
}
