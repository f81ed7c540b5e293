/*
 * Holidays imported into the holiday register from CSV (date,kind,name)
 * or from an iCalendar feed read with libical.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/lazy_ical.h"
#include "plaindesk/registers.h"

/* Add or change the row of date day. */
static void
put_day(struct csvtab *t, int32_t day, const char *kind, const char *name,
	size_t *added, size_t *changed)
{
	static const char *const cols[] = {"date", "kind", "name"};
	char date[16];
	const char *vals[3] = {date_format(day, date), kind, name};
	long r = csvtab_find(t, "date", date);

	if (r < 0) {
		csvtab_append(t, cols, vals, 3);
		(*added)++;
	} else if (strcmp(csvtab_get(t, (size_t)r, "kind"), kind) ||
		   strcmp(csvtab_get(t, (size_t)r, "name"), name)) {
		csvtab_set(t, (size_t)r, "kind", kind);
		csvtab_set(t, (size_t)r, "name", name);
		(*changed)++;
	}
}

/* libical, loaded for the first calendar read or written. */
LAZYLIB_DEFINE(ical, PD_SONAME_ICAL, PD_ESOFTWARE, PD_ICAL_FUNCS)

static int
import_csv(struct csvtab *t, const char *file, size_t *added,
	   size_t *changed)
{
	struct csvtab in;
	int rc;

	csvtab_init(&in);
	if ((rc = csvtab_load(&in, file, file)))
		goto out;
	if (csvtab_col(&in, "date") < 0 || csvtab_col(&in, "kind") < 0) {
		rc = pd_error(PD_EDATA, "%s: needs the columns date, kind and name",
			      file);
		goto out;
	}
	for (size_t r = 0; r < in.nrows; r++) {
		const char *date = csvtab_get(&in, r, "date");
		const char *kind = csvtab_get(&in, r, "kind");
		int32_t day;

		if (date_parse(date, &day) < 0) {
			rc = pd_error(PD_EDATA, "%s: line %zu: invalid date '%s'",
				      file, in.lines[r], date);
			goto out;
		}
		if (strcmp(kind, "holiday") && strcmp(kind, "workday")) {
			rc = pd_error(PD_EDATA, "%s: line %zu: unknown kind '%s' (expected holiday, workday)",
				      file, in.lines[r], kind);
			goto out;
		}
		put_day(t, day, kind, csvtab_get(&in, r, "name"), added,
			changed);
	}
out:
	csvtab_release(&in);
	return rc;
}

/* The days of an all-day event: [start, end) in days since the epoch. */
static int
event_days(icalcomponent *ev, int32_t *first, int32_t *last)
{
	struct icaltimetype s = icalcomponent_get_dtstart(ev);
	struct icaltimetype e = icalcomponent_get_dtend(ev);
	char buf[16];

	if (icaltime_is_null_time(s) || !s.is_date)
		return -1;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", s.year, s.month, s.day);
	if (date_parse(buf, first) < 0)
		return -1;
	*last = *first;
	if (!icaltime_is_null_time(e) && e.is_date) {
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", e.year, e.month,
			 e.day);
		if (date_parse(buf, last) < 0)
			return -1;
		/* DTEND of an all-day event is the day after. */
		if (*last > *first)
			(*last)--;
	}
	return *last - *first > 366 ? -1 : 0;
}

static int
import_ics(struct csvtab *t, const char *file, const char *workday_match,
	   size_t *added, size_t *changed)
{
	icalcomponent *cal, *ev;
	char *data;
	size_t len;
	int rc, events = 0;

	if ((rc = pd_ical_load()) || (rc = read_file(file, &data, &len)))
		return rc;
	cal = icalparser_parse_string(data);
	free(data);
	if (!cal)
		return pd_error(PD_EDATA, "%s: not an iCalendar file", file);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     ev; ev = icalcomponent_get_next_component(cal,
						       ICAL_VEVENT_COMPONENT)) {
		const char *summary = icalcomponent_get_summary(ev);
		int32_t first, last;
		int workday;

		if (event_days(ev, &first, &last) < 0)
			continue;	/* not an all-day event */
		summary = summary ? summary : "";
		workday = workday_match && *workday_match &&
			  strstr(summary, workday_match);
		for (int32_t d = first; d <= last; d++)
			put_day(t, d, workday ? "workday" : "holiday", summary,
				added, changed);
		events++;
	}
	icalcomponent_free(cal);
	if (!events)
		return pd_error(PD_EDATA, "%s: no all-day events", file);
	return 0;
}

int
holidays_import(struct csvtab *t, const char *file,
		const char *workday_match, size_t *added, size_t *changed)
{
	*added = *changed = 0;
	if (str_endswith(file, ".ics") || str_endswith(file, ".ICS") ||
	    str_endswith(file, ".ical"))
		return import_ics(t, file, workday_match, added, changed);
	return import_csv(t, file, added, changed);
}
