/*
 * KPI accumulators (DESIGN §7): each ticket, meeting and customer is
 * looked at once and leaves only counters, sums and per-group rows
 * behind.  A ticket's state at an instant comes from ticket_fold() over
 * its events before that instant, so the deadlines here are the ones
 * every other program sees; first and last acknowledgement, resolution
 * and closure are read from the events directly.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/kpi.h"
#include "plaindesk/meeting.h"
#include "plaindesk/record.h"
#include "plaindesk/ticket.h"
#include "plaindesk/ticket_summary.h"

/* The reasons escalations are counted by (§7: start is left out). */
static const char *const kpi_escalation_reasons[] = {
	"response-breach", "resolution-breach", "manual", NULL
};

/* Periods. */

static void
period_set(struct kpi_period *p, enum kpi_period_kind kind, int32_t first,
	   int32_t end)
{
	char a[16], b[16];
	int y, m, d;

	p->kind = kind;
	p->first_day = first;
	p->end_day = end;
	p->from = day_start(first);
	p->to = day_start(end);
	switch (kind) {
	case KPI_WEEK:
		day_iso_week(first, &y, &m);
		snprintf(p->label, sizeof(p->label), "%04d-W%02d", y, m);
		break;
	case KPI_MONTH:
		day_to_ymd(first, &y, &m, &d);
		snprintf(p->label, sizeof(p->label), "%04d-%02d", y, m);
		break;
	default:
		snprintf(p->label, sizeof(p->label), "%s..%s",
			 date_format(first, a), date_format(end, b));
	}
}

static int32_t
next_month(int32_t first)
{
	int y, m, d;

	day_to_ymd(first, &y, &m, &d);
	return m == 12 ? ymd_to_day(y + 1, 1, 1) : ymd_to_day(y, m + 1, 1);
}

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
kpi_period_week(struct kpi_period *p, const char *arg)
{
	int32_t monday;

	if (!arg || strlen(arg) != 8 || !all_digits(arg, 4) || arg[4] != '-' ||
	    (arg[5] != 'W' && arg[5] != 'w') || !all_digits(arg + 6, 2))
		return pd_error(PD_EUSAGE,
				"invalid week '%s' (expected e.g. 2026-W47)",
				arg ? arg : "");
	if (iso_week_monday(atoi(arg), atoi(arg + 6), &monday) < 0)
		return pd_error(PD_EUSAGE, "there is no week %d in %.4s",
				atoi(arg + 6), arg);
	period_set(p, KPI_WEEK, monday, monday + 7);
	return 0;
}

int
kpi_period_month(struct kpi_period *p, const char *arg)
{
	int y, m;

	if (!arg || strlen(arg) != 7 || !all_digits(arg, 4) || arg[4] != '-' ||
	    !all_digits(arg + 5, 2) || (m = atoi(arg + 5)) < 1 || m > 12 ||
	    (y = atoi(arg)) < 1)
		return pd_error(PD_EUSAGE,
				"invalid month '%s' (expected e.g. 2026-11)",
				arg ? arg : "");
	period_set(p, KPI_MONTH, ymd_to_day(y, m, 1),
		   next_month(ymd_to_day(y, m, 1)));
	return 0;
}

int
kpi_period_range(struct kpi_period *p, const char *from, const char *to)
{
	int32_t first, end;
	int y, m, d;

	if (!from || date_parse(from, &first) < 0)
		return pd_error(PD_EUSAGE,
				"invalid date '%s' for --from (expected YYYY-MM-DD)",
				from ? from : "");
	if (!to || date_parse(to, &end) < 0)
		return pd_error(PD_EUSAGE,
				"invalid date '%s' for --to (expected YYYY-MM-DD)",
				to ? to : "");
	if (end <= first)
		return pd_error(PD_EUSAGE,
				"--to %s is not after --from %s (--to is exclusive)",
				to, from);
	day_to_ymd(first, &y, &m, &d);
	if (end - first == 7 && day_weekday(first) == 1)
		period_set(p, KPI_WEEK, first, end);
	else if (d == 1 && end == next_month(first))
		period_set(p, KPI_MONTH, first, end);
	else
		period_set(p, KPI_RANGE, first, end);
	return 0;
}

void
kpi_period_default(struct kpi_period *p, time_t now)
{
	int32_t today = time_day(now);
	int32_t monday = today - (day_weekday(today) + 6) % 7;

	period_set(p, KPI_WEEK, monday - 7, monday);
}

void
kpi_period_previous(const struct kpi_period *p, struct kpi_period *prev)
{
	int y, m, d;

	switch (p->kind) {
	case KPI_WEEK:
		period_set(prev, KPI_WEEK, p->first_day - 7, p->first_day);
		break;
	case KPI_MONTH:
		day_to_ymd(p->first_day, &y, &m, &d);
		period_set(prev, KPI_MONTH, m == 1 ? ymd_to_day(y - 1, 12, 1) :
			   ymd_to_day(y, m - 1, 1), p->first_day);
		break;
	default:
		period_set(prev, KPI_RANGE,
			   p->first_day - (p->end_day - p->first_day),
			   p->first_day);
	}
}

/* Accumulators. */

void
kpi_init(struct kpi *k, const struct config *cfg, const struct kpi_period *p,
	 time_t asof)
{
	memset(k, 0, sizeof(*k));
	k->cfg = cfg;
	k->period = *p;
	k->asof = asof;
}

void
kpi_release(struct kpi *k)
{
	for (size_t i = 0; i < k->nagents; i++)
		free(k->agents[i].id);
	free(k->agents);
	memset(k, 0, sizeof(*k));
}

static int
in_period(const struct kpi *k, time_t t)
{
	return t && t >= k->period.from && t < k->period.to;
}

static void
ratio_add(struct kpi_ratio *r, int hit)
{
	r->n++;
	if (hit)
		r->hit++;
}

static void
mean_add(struct kpi_mean *m, double x)
{
	m->sum += x;
	m->n++;
}

/* The row of staff member id, added in id order if new; NULL for none. */
static struct kpi_agent *
agent_row(struct kpi *k, const char *id)
{
	size_t lo = 0, hi = k->nagents;

	if (!id || !*id)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(k->agents[mid].id, id);

		if (c == 0)
			return &k->agents[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (k->nagents == k->agents_cap) {
		k->agents_cap = k->agents_cap ? 2 * k->agents_cap : 8;
		k->agents = xrealloc(k->agents,
				     k->agents_cap * sizeof(*k->agents));
	}
	memmove(&k->agents[lo + 1], &k->agents[lo],
		(k->nagents - lo) * sizeof(*k->agents));
	memset(&k->agents[lo], 0, sizeof(*k->agents));
	k->agents[lo].id = xstrdup(id);
	k->nagents++;
	return &k->agents[lo];
}


/*
 * What a report needs of one ticket, read from all of its events: the
 * first and last acknowledgement, resolution and closure, and the state
 * after every event.
 */
struct ticket_view {
	json_t *rec, *events;
	size_t nev;
	time_t *at;		/* the time of each event */
	time_t opened;
	int kind, severity, category, channel;	/* -1: none */
	time_t first_ack, first_resolve, last_resolve, last_close;
	size_t first_resolve_i, last_resolve_i, last_close_i;
	int last_close_accepted, reopened;
	struct ticket_state folded;	/* after every event */
	struct ticket_state final;	/* the same, an ongoing pause applied */
};

static int
event_is(json_t *e, const char *type)
{
	const char *t = jstr(e, "type");

	return t && strcmp(t, type) == 0;
}

/*
 * A ticket paused at instant until has not used the time since it was
 * paused: its resolution deadline is where resuming at until would put
 * it, as ticket_fold() moves it at a resume.
 */
static void
pause_until(struct ticket_state *st, const struct config *cfg, time_t until)
{
	if (st->paused && until > st->paused_since)
		st->resolution_due = calendar_add_seconds(&cfg->cal,
			st->resolution_due,
			calendar_elapsed(&cfg->cal, st->paused_since, until,
					 cfg->sla_business),
			cfg->sla_business);
	if (!st->reopened)
		st->first_resolution_due = st->resolution_due;
}

/* The state of the ticket after every event before until. */
static void
fold_before(const struct ticket_view *v, const struct config *cfg,
	    time_t until, struct ticket_state *st)
{
	size_t n = 0;

	while (n < v->nev && v->at[n] < until)
		n++;
	if (n == v->nev) {
		*st = v->folded;
	} else {
		/* A shallow copy whose events stop before until. */
		json_t *copy = json_copy(v->rec), *events = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append(events, json_array_get(v->events, i));
		json_object_set_new(copy, "events", events);
		ticket_fold(copy, cfg, st);
		st->assignee = NULL;	/* would point into copy */
		json_decref(copy);
	}
	pause_until(st, cfg, until);
}

/* The view of rec; folded is its state when it was folded already. */
static void
view_init(struct ticket_view *v, json_t *rec, const struct kpi *k,
	  const struct ticket_state *folded)
{
	const char *kind = jstr(rec, "kind");
	time_t last = 0;
	json_t *e;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->rec = rec;
	v->events = json_object_get(rec, "events");
	v->nev = json_array_size(v->events);
	v->at = xcalloc(v->nev ? v->nev : 1, sizeof(*v->at));
	v->opened = jtime(rec, "opened_at");
	v->kind = enum_index(ticket_kinds, kind);
	v->channel = enum_index(ticket_channels, jstr(rec, "channel"));
	v->severity = v->category = -1;
	if (kind && strcmp(kind, "complaint") == 0) {
		v->severity = enum_index(complaint_severities,
					 jstr(rec, "severity"));
		v->category = enum_index(complaint_categories,
					 jstr(rec, "category"));
	}
	json_array_foreach(v->events, i, e) {
		time_t at = v->at[i] = jtime(e, "at");

		last = at;
		if (event_is(e, "ack") && !v->first_ack) {
			v->first_ack = at;
		} else if (event_is(e, "resolve")) {
			if (!v->first_resolve) {
				v->first_resolve = at;
				v->first_resolve_i = i;
			}
			v->last_resolve = at;
			v->last_resolve_i = i;
		} else if (event_is(e, "close")) {
			v->last_close = at;
			v->last_close_i = i;
			v->last_close_accepted = json_is_true(
				json_object_get(e, "accepted"));
		} else if (event_is(e, "reopen")) {
			v->reopened = 1;
		}
	}
	if (folded)
		v->folded = *folded;
	else
		ticket_fold(rec, k->cfg, &v->folded);
	v->final = v->folded;
	pause_until(&v->final, k->cfg, k->asof > last ? k->asof : last);
}

/* The assignee when event i happened: the last assign before it. */
static const char *
assignee_before(const struct ticket_view *v, size_t i)
{
	while (i-- > 0) {
		json_t *e = json_array_get(v->events, i);

		if (event_is(e, "assign"))
			return jstr(e, "to");
	}
	return NULL;
}

/* The assignee at instant t: the last assign at or before it. */
static const char *
assignee_at(const struct ticket_view *v, time_t t)
{
	size_t n = 0;

	while (n < v->nev && v->at[n] <= t)
		n++;
	return assignee_before(v, n);
}

/*
 * The helpers of add_service below take the ticket's row of the complaint
 * table, NULL when the ticket is no complaint.
 */

/* Counts a ticket opened in the period by kind, channel and complaint. */
static void
add_opened(struct kpi *k, const struct ticket_view *v,
	   struct kpi_complaint_row *row)
{
	if (!in_period(k, v->opened))
		return;
	k->opened++;
	if (v->kind >= 0)
		k->by_kind[v->kind]++;
	if (v->channel >= 0)
		k->by_channel[v->channel]++;
	if (row) {
		k->by_severity[v->severity]++;
		k->by_category[v->category]++;
		row->opened++;
	}
}

/* Adds the response and handling times of a ticket to the means. */
static void
add_handling(struct kpi *k, const struct ticket_view *v,
	     struct kpi_complaint_row *row)
{
	struct kpi_agent *ag;

	if (in_period(k, v->first_ack))
		mean_add(&k->response_min,
			 (double)(v->first_ack - v->opened) / 60.0);
	if (in_period(k, v->last_resolve)) {
		double min = (double)(v->last_resolve - v->opened) / 60.0;

		mean_add(&k->handling_min, min);
		if (row) {
			row->resolved++;
			mean_add(&row->handling_min, min);
			if (v->first_resolve <= v->final.first_resolution_due)
				row->resolved_in_time++;
		}
		if ((ag = agent_row(k, assignee_before(v, v->last_resolve_i))))
			ag->resolved++;
	}
}

/* Counts whether the ticket met its response and resolution deadlines. */
static void
add_deadlines(struct kpi *k, const struct ticket_view *v,
	      struct kpi_complaint_row *row)
{
	const struct ticket_state *fin = &v->final;
	struct kpi_agent *ag;

	if (in_period(k, fin->response_due)) {
		int hit = v->first_ack && v->first_ack <= fin->response_due;

		ratio_add(&k->response_sla, hit);
		if (v->kind == 0)	/* inquiry */
			ratio_add(&k->inquiry_timely, hit);
	}
	/* The first resolve against the first deadline (a reopen makes a
	 * new one, which the figures of §7 leave out). */
	if (in_period(k, fin->first_resolution_due)) {
		int hit = v->first_resolve &&
			  v->first_resolve <= fin->first_resolution_due;

		ratio_add(&k->resolution_sla, hit);
		if (row)
			ratio_add(&k->complaint_timely, hit);
		/* Decided by the first resolve or the deadline, whichever
		 * came first. */
		ag = agent_row(k, hit ? assignee_before(v, v->first_resolve_i)
				      : assignee_at(v,
						fin->first_resolution_due));
		if (ag)
			ratio_add(&ag->resolution_sla, hit);
	}
}

/* Counts a close in the period: first-contact resolution and acceptance. */
static void
add_close(struct kpi *k, const struct ticket_view *v,
	  struct kpi_complaint_row *row)
{
	struct kpi_agent *ag;

	if (!in_period(k, v->last_close))
		return;
	ratio_add(&k->fcr, !v->reopened);
	if (row) {
		ratio_add(&k->complaint_success, v->last_close_accepted);
		if ((ag = agent_row(k, assignee_before(v, v->last_close_i))))
			ratio_add(&ag->complaint_success,
				  v->last_close_accepted);
	}
}

/* Adds the satisfaction scores, escalations and customer notices of a
 * ticket's events. */
static void
add_ticket_events(struct kpi *k, const struct ticket_view *v)
{
	struct kpi_agent *ag;
	json_t *e;
	size_t i;

	json_array_foreach(v->events, i, e) {
		if (!in_period(k, v->at[i]))
			continue;
		if (event_is(e, "close")) {
			long long score = jint(e, "satisfaction", 0);

			mean_add(&k->satisfaction, (double)score);
			ratio_add(&k->satisfied, score >= 4);
			if ((ag = agent_row(k, assignee_before(v, i))))
				mean_add(&ag->satisfaction, (double)score);
		} else if (event_is(e, "escalate")) {
			int r = enum_index(kpi_escalation_reasons,
					   jstr(e, "reason"));
			const char *to = jstr(e, "to");

			/* Where a ticket starts is not an escalation. */
			if (jstr(e, "reason") &&
			    !strcmp(jstr(e, "reason"), "start"))
				continue;
			k->escalations++;
			if (r >= 0)
				k->by_reason[r]++;
			for (int l = 1; to && l < k->cfg->nladder; l++)
				if (strcmp(k->cfg->ladder[l], to) == 0)
					k->by_level[l]++;
		} else if (event_is(e, "notice") && jstr(e, "kind") &&
			   !strcmp(jstr(e, "kind"), "customer")) {
			k->customer_notices++;
		}
	}
}

/* Counts a ticket still open at the end of the period, and overdue then. */
static void
add_backlog(struct kpi *k, const struct ticket_view *v,
	    struct kpi_complaint_row *row)
{
	struct ticket_state at_to;
	time_t to = k->period.to;

	if (v->opened >= k->period.to)
		return;
	fold_before(v, k->cfg, to, &at_to);
	if (at_to.status != ST_CLOSED) {
		k->backlog++;
		if (row)
			row->open++;
		if ((!at_to.responded_at && at_to.response_due &&
		     at_to.response_due < to) ||
		    (at_to.status != ST_RESOLVED &&
		     at_to.resolution_due && at_to.resolution_due < to))
			k->overdue++;
	}
}

/* Adds one ticket's figures for the period to the KPIs. */
static void
add_service(struct kpi *k, const struct ticket_view *v)
{
	struct kpi_complaint_row *row = NULL;

	if (v->category >= 0 && v->severity >= 0)
		row = &k->complaints[v->category][v->severity];
	add_opened(k, v, row);
	add_handling(k, v, row);
	add_deadlines(k, v, row);
	add_close(k, v, row);
	add_ticket_events(k, v);
	add_backlog(k, v, row);
}

int
kpi_add_ticket(struct kpi *k, json_t *rec)
{
	struct ticket_view v;
	int rc;

	if ((rc = ticket_validate_shape(rec)))
		return rc;
	view_init(&v, rec, k, NULL);
	add_service(k, &v);
	free(v.at);
	return 0;
}

void
kpi_add_summarized(struct kpi *k, json_t *rec, const struct ticket_summary *s)
{
	struct ticket_view v;

	view_init(&v, rec, k, &s->state);
	add_service(k, &v);
	free(v.at);
}

int
kpi_ticket_matters(const struct kpi *k, const struct ticket_summary *s)
{
	struct ticket_state fin = s->state;
	time_t to = k->period.to;

	/* Any event in the period: it may be counted, or decide a figure. */
	if (in_period(k, s->opened) ||
	    (s->last_event >= k->period.from && s->first_event < to))
		return 1;
	/* The deadlines judged in the period, as add_deadlines() sees them. */
	pause_until(&fin, k->cfg, k->asof > s->last_event ? k->asof
							  : s->last_event);
	if (in_period(k, fin.response_due) ||
	    in_period(k, fin.first_resolution_due))
		return 1;
	/* In the backlog at the end of the period (add_backlog()): opened
	 * before it, and not closed by the last event before it. */
	return s->opened < to &&
	       (s->last_event >= to || s->state.status != ST_CLOSED);
}

int
kpi_add_customer(struct kpi *k, const char *since, const char *lost_on)
{
	int32_t since_day = 0, lost_day = 0;
	int lost = lost_on && *lost_on;

	if (since && *since && date_parse(since, &since_day) < 0)
		return pd_error(PD_EDATA, "since: invalid date '%s'", since);
	if (lost && date_parse(lost_on, &lost_day) < 0)
		return pd_error(PD_EDATA, "lost_on: invalid date '%s'",
				lost_on);
	if (since && *since && day_start(since_day) > k->period.from)
		return 0;
	if (lost && day_start(lost_day) < k->period.from)
		return 0;
	ratio_add(&k->churn, lost && day_start(lost_day) < k->period.to);
	return 0;
}

/* Meetings. */

/* A time field that may be missing or null (0); PD_EDATA if it does
 * not parse. */
static int
opt_time(json_t *obj, const char *key, const char *where, time_t *t)
{
	json_t *v = json_object_get(obj, key);

	*t = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || time_parse(json_string_value(v), t) < 0)
		return pd_error(PD_EDATA, "%s%s: not a time", where, key);
	return 0;
}

/* Is who one of the first n strings of list? */
static int
listed_n(json_t *list, size_t n, const char *who)
{
	for (size_t i = 0; i < n && i < json_array_size(list); i++) {
		json_t *x = json_array_get(list, i);

		if (json_is_string(x) && who &&
		    strcmp(json_string_value(x), who) == 0)
			return 1;
	}
	return 0;
}

static int
listed(json_t *list, const char *who)
{
	return listed_n(list, json_array_size(list), who);
}

/* The people in present or late, each counted once. */
static long
people_there(json_t *minutes)
{
	json_t *present = json_object_get(minutes, "present");
	json_t *late = json_object_get(minutes, "late"), *x;
	long n = 0;
	size_t i;

	json_array_foreach(present, i, x)
		if (json_is_string(x) &&
		    !listed_n(present, i, json_string_value(x)))
			n++;
	json_array_foreach(late, i, x)
		if (json_is_string(x) && !listed(present, json_string_value(x)) &&
		    !listed_n(late, i, json_string_value(x)))
			n++;
	return n;
}

/* Was agenda item n achieved according to the minutes? */
static int
item_achieved(json_t *items, long long n)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		const char *outcome = jstr(it, "outcome");

		if (jint(it, "n", 0) == n && outcome &&
		    strcmp(outcome, "achieved") == 0)
			return 1;
	}
	return 0;
}

/* The instants of a meeting record that the KPIs use, 0 when unset. */
struct meeting_times {
	time_t start, started, ended, sent, published;
};

/* Reads the instants of a meeting record, refusing one that is no time. */
static int
read_meeting_times(json_t *rec, struct meeting_times *mt)
{
	json_t *state = json_object_get(rec, "state");
	json_t *minutes = json_object_get(rec, "minutes");
	int rc;

	if ((rc = opt_time(rec, "start", "", &mt->start)) ||
	    (rc = opt_time(state, "agenda_sent_at", "state.", &mt->sent)) ||
	    (rc = opt_time(state, "published_at", "state.", &mt->published)) ||
	    (rc = opt_time(minutes, "started_at", "minutes.", &mt->started)) ||
	    (rc = opt_time(minutes, "ended_at", "minutes.", &mt->ended)))
		return rc;
	return 0;
}

/* Refuses action items whose due date or completion time is malformed. */
static int
check_actions(json_t *actions)
{
	json_t *x;
	size_t i;
	int rc;

	json_array_foreach(actions, i, x) {
		int32_t due;
		time_t done;
		char where[48];

		snprintf(where, sizeof(where), "actions %zu: ", i + 1);
		if ((jstr(x, "due") && date_parse(jstr(x, "due"), &due) < 0))
			return pd_error(PD_EDATA, "%sdue: not a date", where);
		if ((rc = opt_time(x, "done_at", where, &done)))
			return rc;
	}
	return 0;
}

/* Counts the action items due in the period, from any meeting. */
static void
add_actions_due(struct kpi *k, json_t *actions)
{
	json_t *x;
	size_t i;

	json_array_foreach(actions, i, x) {
		int32_t due;
		time_t done = jtime(x, "done_at");

		if (!jstr(x, "due") || date_parse(jstr(x, "due"), &due) < 0 ||
		    !in_period(k, day_start(due)))
			continue;
		ratio_add(&k->action_on_time, done && done < day_start(due + 1));
	}
}

/* Adds a held meeting's type, length and punctuality to the KPIs. */
static void
add_held_meeting(struct kpi *k, json_t *rec, const struct meeting_times *mt)
{
	const struct config *cfg = k->cfg;
	json_t *minutes = json_object_get(rec, "minutes");
	int type;

	k->held++;
	if ((type = enum_index(meeting_types, jstr(rec, "type"))) >= 0)
		k->by_type[type]++;
	if (mt->ended && mt->ended >= mt->started) {
		double min = (double)(mt->ended - mt->started) / 60.0;
		json_t *planned = json_object_get(rec, "duration_min");

		k->hours += min / 60.0;
		k->person_hours += min / 60.0 * (double)people_there(minutes);
		mean_add(&k->duration_min, min);
		if (json_is_number(planned))
			mean_add(&k->overrun_min,
				 min - json_number_value(planned));
	}
	if (mt->start) {
		ratio_add(&k->on_time, mt->started <= calendar_add(&cfg->cal,
				mt->start, &cfg->start_grace, 0));
		ratio_add(&k->agenda_timely, mt->sent &&
			  mt->sent <= meeting_due(cfg, MEETING_AGENDA, rec));
	}
	ratio_add(&k->minutes_timely, mt->published && mt->published <=
		  meeting_due(cfg, MEETING_MINUTES, rec));
}

/* Adds a held meeting's achieved topics, attendance and feedback. */
static void
add_meeting_outcomes(struct kpi *k, json_t *rec)
{
	json_t *minutes = json_object_get(rec, "minutes"), *x;
	size_t i;

	json_array_foreach(json_object_get(rec, "agenda"), i, x)
		ratio_add(&k->topics, item_achieved(
			json_object_get(minutes, "items"),
			jint(x, "n", (long long)i + 1)));
	json_array_foreach(json_object_get(rec, "attendees"), i, x) {
		const char *who = jstr(x, "who");

		if (!json_is_true(json_object_get(x, "required")))
			continue;
		ratio_add(&k->attendance,
			  listed(json_object_get(minutes, "present"), who) ||
			  listed(json_object_get(minutes, "late"), who));
	}
	json_array_foreach(json_object_get(rec, "feedback"), i, x) {
		json_t *score = json_object_get(x, "score");

		if (json_is_number(score))
			mean_add(&k->meeting_satisfaction,
				 json_number_value(score));
	}
}

int
kpi_add_meeting(struct kpi *k, json_t *rec)
{
	json_t *actions = json_object_get(rec, "actions");
	struct meeting_times mt;
	const char *status;
	int rc;

	if (!json_is_object(rec))
		return pd_error(PD_EDATA, "not a meeting record");
	status = jstr(json_object_get(rec, "state"), "status");
	if ((rc = read_meeting_times(rec, &mt)) ||
	    (rc = check_actions(actions)))
		return rc;
	add_actions_due(k, actions);
	if (!mt.started || !in_period(k, mt.started) ||
	    (status && strcmp(status, "cancelled") == 0))
		return 0;
	add_held_meeting(k, rec, &mt);
	add_meeting_outcomes(k, rec);
	return 0;
}

/* The figures. */

static json_t *
ratio_json(const struct kpi_ratio *r)
{
	return r->n ? json_real((double)r->hit / (double)r->n) : json_null();
}

static json_t *
mean_json(const struct kpi_mean *m)
{
	return m->n ? json_real(m->sum / (double)m->n) : json_null();
}

static json_t *
counts_json(const char *const *keys, const long *counts)
{
	json_t *o = json_object();

	for (int i = 0; keys[i]; i++)
		json_object_set_new(o, keys[i], json_integer(counts[i]));
	return o;
}

static json_t *
service_json(const struct kpi *k)
{
	json_t *s = json_object(), *esc = json_object(), *lv = json_object();

	json_object_set_new(s, "opened", json_integer(k->opened));
	json_object_set_new(s, "by_kind", counts_json(ticket_kinds,
						       k->by_kind));
	json_object_set_new(s, "by_severity",
			    counts_json(complaint_severities, k->by_severity));
	json_object_set_new(s, "by_category",
			    counts_json(complaint_categories, k->by_category));
	json_object_set_new(s, "by_channel", counts_json(ticket_channels,
							  k->by_channel));
	json_object_set_new(s, "avg_response_min", mean_json(&k->response_min));
	json_object_set_new(s, "avg_handling_min", mean_json(&k->handling_min));
	json_object_set_new(s, "response_sla_rate",
			    ratio_json(&k->response_sla));
	json_object_set_new(s, "resolution_sla_rate",
			    ratio_json(&k->resolution_sla));
	json_object_set_new(s, "fcr_rate", ratio_json(&k->fcr));
	json_object_set_new(s, "satisfaction_avg", mean_json(&k->satisfaction));
	json_object_set_new(s, "satisfaction_rate", ratio_json(&k->satisfied));
	json_object_set_new(s, "complaint_success_rate",
			    ratio_json(&k->complaint_success));
	json_object_set_new(s, "complaint_timely_rate",
			    ratio_json(&k->complaint_timely));
	json_object_set_new(s, "inquiry_timely_rate",
			    ratio_json(&k->inquiry_timely));
	json_object_set_new(esc, "total", json_integer(k->escalations));
	json_object_set_new(esc, "by_reason",
			    counts_json(kpi_escalation_reasons, k->by_reason));
	for (int l = 1; l < k->cfg->nladder; l++)
		json_object_set_new(lv, k->cfg->ladder[l],
				    json_integer(k->by_level[l]));
	json_object_set_new(esc, "by_level", lv);
	json_object_set_new(s, "escalations", esc);
	json_object_set_new(s, "customer_notices",
			    json_integer(k->customer_notices));
	json_object_set_new(s, "backlog", json_integer(k->backlog));
	json_object_set_new(s, "overdue", json_integer(k->overdue));
	json_object_set_new(s, "churn_rate", ratio_json(&k->churn));
	return s;
}

static json_t *
complaints_json(const struct kpi *k)
{
	json_t *a = json_array();

	for (int c = 0; c < KPI_CATEGORIES; c++)
		for (int s = 0; s < KPI_SEVERITIES; s++) {
			const struct kpi_complaint_row *r = &k->complaints[c][s];
			json_t *o = json_object();

			json_object_set_new(o, "category",
					    json_string(complaint_categories[c]));
			json_object_set_new(o, "severity",
					    json_string(complaint_severities[s]));
			json_object_set_new(o, "opened", json_integer(r->opened));
			json_object_set_new(o, "resolved",
					    json_integer(r->resolved));
			json_object_set_new(o, "resolved_in_time",
					    json_integer(r->resolved_in_time));
			json_object_set_new(o, "open", json_integer(r->open));
			json_object_set_new(o, "avg_handling_min",
					    mean_json(&r->handling_min));
			json_array_append_new(a, o);
		}
	return a;
}

/*
 * 100 x the weighted parts that have cases, the weights scaled to sum to
 * 1 over them; null with no part (or no weight) left.
 */
static json_t *
agent_score(const struct config *cfg, const struct kpi_agent *ag)
{
	double sum = 0, wsum = 0;

	if (ag->complaint_success.n) {
		sum += cfg->w_quality * (double)ag->complaint_success.hit /
		       (double)ag->complaint_success.n;
		wsum += cfg->w_quality;
	}
	if (ag->resolution_sla.n) {
		sum += cfg->w_efficiency * (double)ag->resolution_sla.hit /
		       (double)ag->resolution_sla.n;
		wsum += cfg->w_efficiency;
	}
	if (ag->satisfaction.n) {
		sum += cfg->w_satisfaction * ag->satisfaction.sum /
		       (double)ag->satisfaction.n / 5.0;
		wsum += cfg->w_satisfaction;
	}
	return wsum > 0 ? json_real(100.0 * sum / wsum) : json_null();
}

static json_t *
agents_json(const struct kpi *k)
{
	json_t *a = json_array();

	for (size_t i = 0; i < k->nagents; i++) {
		const struct kpi_agent *ag = &k->agents[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(ag->id));
		json_object_set_new(o, "resolved", json_integer(ag->resolved));
		json_object_set_new(o, "resolution_sla_rate",
				    ratio_json(&ag->resolution_sla));
		json_object_set_new(o, "complaint_success_rate",
				    ratio_json(&ag->complaint_success));
		json_object_set_new(o, "satisfaction_avg",
				    mean_json(&ag->satisfaction));
		json_object_set_new(o, "score", agent_score(k->cfg, ag));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
meetings_json(const struct kpi *k)
{
	json_t *m = json_object();

	json_object_set_new(m, "held", json_integer(k->held));
	json_object_set_new(m, "by_type", counts_json(meeting_types,
						       k->by_type));
	json_object_set_new(m, "hours", json_real(k->hours));
	json_object_set_new(m, "person_hours", json_real(k->person_hours));
	json_object_set_new(m, "on_time_rate", ratio_json(&k->on_time));
	json_object_set_new(m, "avg_duration_min", mean_json(&k->duration_min));
	json_object_set_new(m, "avg_overrun_min", mean_json(&k->overrun_min));
	json_object_set_new(m, "topic_achievement_rate",
			    ratio_json(&k->topics));
	json_object_set_new(m, "agenda_timely_rate",
			    ratio_json(&k->agenda_timely));
	json_object_set_new(m, "minutes_timely_rate",
			    ratio_json(&k->minutes_timely));
	json_object_set_new(m, "attendance_rate", ratio_json(&k->attendance));
	json_object_set_new(m, "satisfaction_avg",
			    mean_json(&k->meeting_satisfaction));
	json_object_set_new(m, "action_on_time_rate",
			    ratio_json(&k->action_on_time));
	return m;
}

/* Where the figure a target bounds is (DESIGN §7 "targets"). */
static json_t *
target_value(json_t *service, json_t *meetings, const char *name)
{
	if (strcmp(name, "meeting_on_time_rate") == 0)
		return json_object_get(meetings, "on_time_rate");
	if (strcmp(name, "topic_achievement_rate") == 0 ||
	    strcmp(name, "action_on_time_rate") == 0)
		return json_object_get(meetings, name);
	return json_object_get(service, name);
}

json_t *
kpi_json(const struct kpi *k)
{
	json_t *r = json_object(), *period = json_object(), *targets;
	json_t *service = service_json(k), *meetings = meetings_json(k);
	char buf[TIME_BUFSZ];

	json_object_set_new(period, "from",
			    json_string(time_format(k->period.from, buf)));
	json_object_set_new(period, "to",
			    json_string(time_format(k->period.to, buf)));
	json_object_set_new(period, "label", json_string(k->period.label));
	json_object_set_new(r, "period", period);
	json_object_set_new(r, "service", service);
	json_object_set_new(r, "complaints", complaints_json(k));
	json_object_set_new(r, "agents", agents_json(k));
	json_object_set_new(r, "meetings", meetings);
	targets = json_array();
	for (int i = 0; i < k->cfg->ntargets; i++) {
		const struct target *t = &k->cfg->targets[i];
		json_t *o = json_object();
		json_t *v = target_value(service, meetings, t->name);

		json_object_set_new(o, "name", json_string(t->name));
		json_object_set_new(o, "target", json_real(t->value));
		if (json_is_number(v)) {
			json_object_set(o, "value", v);
			json_object_set_new(o, "met", json_boolean(
				json_number_value(v) >= t->value));
		} else {
			json_object_set_new(o, "value", json_null());
			json_object_set_new(o, "met", json_null());
		}
		json_array_append_new(targets, o);
	}
	json_object_set_new(r, "targets", targets);
	return r;
}

int
kpi_missed(json_t *report)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(report, "targets"), i, t)
		if (json_is_false(json_object_get(t, "met")))
			return 1;
	return 0;
}
