/*
 * Service care policy: when a customer's occasions and holiday greetings
 * fall, and the fold and validation of care plans.  Pure: no I/O, no
 * clock.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/care.h"
#include "plaindesk/erecord.h"
#include "plaindesk/record.h"
#include "plaindesk/ticket.h"

const char *const care_event_types[] = {
	"plan", "visit", "touch", "end", NULL
};
const char *const visit_outcomes[] = {"done", "unreachable", NULL};
const char *const touch_whats[] = {"greeting", "gift", "other", NULL};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
occasion_valid(const char *mmdd)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
				   31};
	int m, d;

	if (!mmdd || strlen(mmdd) != 5 || mmdd[2] != '-' ||
	    strspn(mmdd, "0123456789") != 2 ||
	    strspn(mmdd + 3, "0123456789") != 2)
		return 0;
	m = atoi(mmdd);
	d = atoi(mmdd + 3);
	return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

int32_t
occasion_day(const char *mmdd, int year)
{
	int m, d;

	if (!occasion_valid(mmdd))
		return -1;
	m = atoi(mmdd);
	d = atoi(mmdd + 3);
	if (m == 2 && d == 29 && !leap(year))
		d = 28;
	return ymd_to_day(year, m, d);
}

int32_t
occasion_next(const char *mmdd, int32_t from)
{
	int y, m, d;
	int32_t day;

	day_to_ymd(from, &y, &m, &d);
	day = occasion_day(mmdd, y);
	if (day >= 0 && day < from)
		day = occasion_day(mmdd, y + 1);
	return day;
}

static int
by_day(const void *a, const void *b)
{
	const struct holiday_run *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/* Is there a working day strictly between days a and b? */
static int
workday_between(const struct calendar *cal, int32_t a, int32_t b)
{
	for (int32_t d = a + 1; d < b; d++)
		if (calendar_is_workday(cal, d))
			return 1;
	return 0;
}

struct holiday_run *
holiday_runs(const struct calendar *cal, const int32_t *days,
	     const char *const *names, size_t n, size_t *nruns)
{
	struct holiday_run *one = xcalloc(n + 1, sizeof(*one)), *runs;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		snprintf(one[i].name, sizeof(one[i].name), "%s", names[i]);
		one[i].first = one[i].last = days[i];
	}
	if (n)
		qsort(one, n, sizeof(*one), by_day);
	runs = xcalloc(n + 1, sizeof(*runs));
	for (size_t i = 0; i < n; i++) {
		struct holiday_run *r = k ? &runs[k - 1] : NULL;

		if (r && !strcmp(r->name, one[i].name) &&
		    !workday_between(cal, r->last, one[i].first)) {
			r->last = one[i].first;
			continue;
		}
		runs[k++] = one[i];
	}
	for (size_t i = 0; i < k; i++) {
		int32_t g = runs[i].first - 1;

		/* Within a fortnight: a calendar with no working day at
		 * all has no greeting day. */
		while (!calendar_is_workday(cal, g) && g > runs[i].first - 15)
			g--;
		runs[i].greet = g;
	}
	free(one);
	*nruns = k;
	return runs;
}

json_t *
care_fold(json_t *rec)
{
	static const char *const plan_keys[] = {
		"owner", "every", "occasions", "holidays", "goals", NULL
	};
	json_t *s = json_pack("{s:s, s:n, s:n, s:[], s:b, s:[], s:n, s:n}",
			      "status", "active", "owner", "every",
			      "occasions", "holidays", 0, "goals",
			      "last_visit_at", "next_visit_due");
	json_t *ev, *v;
	size_t i;

	json_array_foreach(json_object_get(rec, "events"), i, ev) {
		const char *type = jstr(ev, "type");

		if (!type)
			continue;
		if (!strcmp(type, "plan")) {
			json_object_set_new(s, "status", json_string("active"));
			for (int k = 0; plan_keys[k]; k++)
				if ((v = json_object_get(ev, plan_keys[k])))
					json_object_set_new(s, plan_keys[k],
							    json_deep_copy(v));
		} else if (!strcmp(type, "visit") && jstr(ev, "outcome") &&
			   !strcmp(jstr(ev, "outcome"), "done")) {
			json_object_set(s, "last_visit_at",
					json_object_get(ev, "at"));
		} else if (!strcmp(type, "end")) {
			json_object_set_new(s, "status", json_string("ended"));
			json_object_set_new(s, "next_visit_due", json_null());
		}
		if ((v = json_object_get(ev, "next_due")))
			json_object_set(s, "next_visit_due", v);
	}
	return s;
}

/* The occasions of a plan event: [{"date": "MM-DD", "label": "..."}]. */
static int
check_occasions(json_t *ev, const char *where)
{
	json_t *list = json_object_get(ev, "occasions"), *o;
	size_t i;
	int rc;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "%s: 'occasions' must be a list",
				where);
	json_array_foreach(list, i, o) {
		if (!json_is_object(o) || !occasion_valid(jstr(o, "date")))
			return pd_error(PD_EDATA, "%s: occasion %zu: 'date' must be MM-DD",
					where, i + 1);
		if ((rc = efield_text(o, "label", where, 1, 1)))
			return rc;
	}
	return 0;
}

static int
check_event(json_t *ev, const char *where)
{
	const char *type = jstr(ev, "type");
	struct duration d;
	int rc = efield_text(ev, "message", where, 0, 0);
	json_t *v;

	if (rc)
		return rc;
	if ((rc = field_time_opt(ev, "next_due", where)))
		return rc;
	if (!strcmp(type, "plan")) {
		if ((rc = efield_text(ev, "owner", where, 1, 1)) ||
		    (rc = check_occasions(ev, where)) ||
		    (rc = efield_list(ev, "goals", where, NULL)))
			return rc;
		if (!jstr(ev, "every") || duration_parse(jstr(ev, "every"), &d))
			return pd_error(PD_EDATA, "%s: 'every' must be a duration",
					where);
		if (!json_is_boolean(json_object_get(ev, "holidays")))
			return pd_error(PD_EDATA, "%s: 'holidays' must be true or false",
					where);
	} else if (!strcmp(type, "visit")) {
		v = json_object_get(ev, "satisfaction");
		if ((rc = field_enum(ev, "channel", where, ticket_channels)) ||
		    (rc = field_enum(ev, "outcome", where, visit_outcomes)) ||
		    (rc = efield_text(ev, "needs", where, 0, 0)))
			return rc;
		if (v && !json_is_null(v) &&
		    (!json_is_integer(v) || json_integer_value(v) < 1 ||
		     json_integer_value(v) > 5))
			return pd_error(PD_EDATA, "%s: 'satisfaction' must be 1 to 5 or null",
					where);
	} else if (!strcmp(type, "touch")) {
		if ((rc = efield_text(ev, "occasion", where, 1, 1)) ||
		    (rc = field_enum(ev, "what", where, touch_whats)))
			return rc;
	} else if ((rc = efield_text(ev, "reason", where, 1, 0))) {
		return rc;
	}
	return 0;
}

int
care_validate(json_t *rec)
{
	const char *c = jstr(rec, "customer");
	time_t t;
	int rc;

	if (!c || !*c || *c == '.' || strlen(c) > 64 ||
	    strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789._-") != strlen(c))
		return pd_error(PD_EDATA, "'customer' is not a customer id");
	if ((rc = field_time(rec, "created_at", "care plan", &t)))
		return rc;
	if (!json_is_object(json_object_get(rec, "state")))
		return pd_error(PD_EDATA, "care plan: 'state' must be an object");
	return erecord_check_events(rec, care_event_types, "plan", 0,
				    check_event);
}
