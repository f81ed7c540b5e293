/*
 * Calendar invitations with libical: one VEVENT, the VTIMEZONE of the
 * store's zone built from the system's zoneinfo, organizer and attendees
 * by e-mail (RFC 5545, RFC 5546 iTIP methods).
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/invite.h"
#include "plaindesk/lazy_ical.h"
#include "plaindesk/text.h"
#include "plaindesk/util.h"

/*
 * Everything an invitation says comes from the store, which may be
 * hostile: nothing in it may end a content line (a CR or LF in an e-mail
 * address would add an ATTENDEE, and a calendar server would invite
 * them).  libical escapes and folds TEXT values, but writes URIs and
 * parameters as they are.
 */

/* A parameter value: one line, no control character and no DQUOTE
 * (RFC 5545 §3.1). */
static char *
param_text(const char *s)
{
	struct sbuf sb;

	sbuf_init(&sb);
	text_add_clean(&sb, s ? s : "", 1);
	for (char *p = sb.buf; p && *p; p++)
		if (*p == '"')
			*p = '\'';
	return sbuf_detach(&sb, NULL);
}

/* A TEXT value: no control character but newline and tab, which libical
 * escapes (RFC 5545 §3.3.11 allows none). */
static char *
ical_text(const char *s)
{
	struct sbuf sb;

	sbuf_init(&sb);
	text_add_clean(&sb, s ? s : "", 0);
	return sbuf_detach(&sb, NULL);
}

/* A URI (CAL-ADDRESS, ATTACH): prefix, then s with every byte that is not
 * a printable ASCII character allowed in a URI percent-encoded. */
static char *
ical_uri(const char *prefix, const char *s)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, prefix);
	for (const unsigned char *p = (const unsigned char *)(s ? s : "");
	     *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p))
			sbuf_addf(&sb, "%%%02X", *p);
		else
			sbuf_addc(&sb, *p);
	}
	return sbuf_detach(&sb, NULL);
}

static icalproperty *
person_property(const struct invite_person *p, int organizer)
{
	char *uri = ical_uri("mailto:", p->email);
	char *cn = param_text(p->name);
	icalproperty *prop = organizer ? icalproperty_new_organizer(uri)
				       : icalproperty_new_attendee(uri);

	if (*cn)
		icalproperty_add_parameter(prop, icalparameter_new_cn(cn));
	if (!organizer) {
		icalproperty_add_parameter(prop, icalparameter_new_cutype(
			ICAL_CUTYPE_INDIVIDUAL));
		icalproperty_add_parameter(prop, icalparameter_new_role(
			p->required ? ICAL_ROLE_REQPARTICIPANT
				    : ICAL_ROLE_OPTPARTICIPANT));
		icalproperty_add_parameter(prop, icalparameter_new_partstat(
			ICAL_PARTSTAT_NEEDSACTION));
		icalproperty_add_parameter(prop, icalparameter_new_rsvp(
			ICAL_RSVP_TRUE));
	}
	free(uri);
	free(cn);
	return prop;
}

/* A local date-time in zone, written with TZID=tzid (not floating). */
static icalproperty *
zoned_time(icalproperty_kind kind, time_t t, icaltimezone *zone,
	   const char *tzid)
{
	icaltimetype tt = icaltime_from_timet_with_zone(t, 0, zone);
	icalproperty *p;

	/*
	 * libical 3.0 leaves the UTC zone on the converted time, which
	 * would print a "Z"; the TZID parameter says what the zone is.
	 */
	tt.zone = NULL;
	p = kind == ICAL_DTSTART_PROPERTY ? icalproperty_new_dtstart(tt)
					  : icalproperty_new_dtend(tt);
	icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
	return p;
}

/* The zone's VTIMEZONE from zoneinfo, its TZID the plain zone name. */
static icaltimezone *
load_zone(const char *tzid)
{
	icalcomponent *vtz;
	icalproperty *p;
	icaltimezone *zone;

	if (!tzid || !*tzid || strstr(tzid, "..") || tzid[0] == '/')
		return NULL;
	vtz = icaltzutil_fetch_timezone(tzid);
	if (!vtz)
		return NULL;
	p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	if (p)
		icalproperty_set_tzid(p, tzid);
	else
		icalcomponent_add_property(vtz, icalproperty_new_tzid(tzid));
	zone = icaltimezone_new();
	if (!icaltimezone_set_component(zone, vtz)) {
		icaltimezone_free(zone, 1);
		icalcomponent_free(vtz);
		return NULL;
	}
	return zone;
}

/* Refuses an invitation to or from someone without an e-mail address. */
static int
check_addresses(const struct invite *inv)
{
	if (!inv->organizer.email || !*inv->organizer.email)
		return pd_error(PD_EDATA, "the organizer has no e-mail address");
	for (size_t i = 0; i < inv->nattendees; i++)
		if (!inv->attendees[i].email || !*inv->attendees[i].email)
			return pd_error(PD_EDATA, "attendee '%s' has no e-mail address",
					inv->attendees[i].name ?
					inv->attendees[i].name : "");
	return 0;
}

/* The VTIMEZONE of zone cut to the years around the meeting at start. */
static icalcomponent *
zone_component(icaltimezone *zone, time_t start)
{
	icalcomponent *vtz;
	icaltimetype from;
	struct tm tm;

	/*
	 * The zone's rules from the start of the year before the meeting
	 * on: enough for any client to place it, without a century of
	 * history.
	 */
	gmtime_r(&start, &tm);
	from = icaltime_null_time();
	from.year = tm.tm_year + 1900 - 1;
	from.month = 1;
	from.day = 1;
	from.zone = icaltimezone_get_utc_timezone();
	vtz = icalcomponent_new_clone(icaltimezone_get_component(zone));
	icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 0);
	return vtz;
}

/* The VEVENT of the invitation: when, where, what and who. */
static icalcomponent *
invite_event(const struct invite *inv, icaltimezone *zone)
{
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	char *summary, *location, *description;
	icalcomponent *ev;

	ev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT,
		icalproperty_new_uid(inv->uid),
		icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
			inv->stamp, 0, utc)),
		icalproperty_new_sequence((int)inv->sequence),
		icalproperty_new_summary(summary = ical_text(inv->summary)),
		(void *)0);
	free(summary);
	/* Taking some attendees off leaves the meeting as it is for the
	 * others: a CANCEL to them without STATUS:CANCELLED. */
	if (!inv->uninvite)
		icalcomponent_add_property(ev, icalproperty_new_status(
			inv->cancel ? ICAL_STATUS_CANCELLED
				    : ICAL_STATUS_CONFIRMED));
	if (inv->comment && *inv->comment) {
		char *comment = ical_text(inv->comment);

		icalcomponent_add_property(ev,
			icalproperty_new_comment(comment));
		free(comment);
	}
	icalcomponent_add_property(ev, zoned_time(ICAL_DTSTART_PROPERTY,
		inv->start, zone, inv->tzid));
	icalcomponent_add_property(ev, zoned_time(ICAL_DTEND_PROPERTY,
		inv->end, zone, inv->tzid));
	if (inv->location && *inv->location) {
		icalcomponent_add_property(ev, icalproperty_new_location(
			location = ical_text(inv->location)));
		free(location);
	}
	if (inv->description && *inv->description) {
		icalcomponent_add_property(ev, icalproperty_new_description(
			description = ical_text(inv->description)));
		free(description);
	}
	icalcomponent_add_property(ev, person_property(&inv->organizer, 1));
	for (size_t i = 0; i < inv->nattendees; i++)
		icalcomponent_add_property(ev,
			person_property(&inv->attendees[i], 0));
	for (size_t i = 0; i < inv->nattach; i++) {
		char *url = ical_uri("", inv->attach[i]);
		icalattach *a = icalattach_new_from_url(url);

		icalcomponent_add_property(ev, icalproperty_new_attach(a));
		icalattach_unref(a);
		free(url);
	}
	return ev;
}

int
invite_ics(const struct invite *inv, char **ics, size_t *len)
{
	icalcomponent *cal;
	icaltimezone *zone;
	char *text;
	int rc;

	*ics = NULL;
	if ((rc = check_addresses(inv)) || (rc = pd_ical_load()))
		return rc;
	if (!(zone = load_zone(inv->tzid)))
		return pd_error(PD_ECONFIG, "no zoneinfo data for time zone '%s'",
				inv->tzid ? inv->tzid : "");
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
		icalproperty_new_prodid("-//plaindesk//plaindesk " PD_VERSION "//EN"),
		icalproperty_new_version("2.0"),
		icalproperty_new_calscale("GREGORIAN"),
		icalproperty_new_method(inv->cancel || inv->uninvite ?
					ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST),
		(void *)0);
	icalcomponent_add_component(cal, zone_component(zone, inv->start));
	icalcomponent_add_component(cal, invite_event(inv, zone));
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	icaltimezone_free(zone, 1);
	if (!text)
		return pd_error(PD_ESOFTWARE, "libical could not write the invitation");
	*ics = xstrdup(text);
	free(text);
	*len = strlen(*ics);
	return 0;
}
