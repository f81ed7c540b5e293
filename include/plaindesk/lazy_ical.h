/*
 * libical/ical.h loaded on first use (see plaindesk/lazylib.h): call
 * pd_ical_load() before any of these functions.
 */
#ifndef PLAINDESK_LAZY_ICAL_H
#define PLAINDESK_LAZY_ICAL_H

#include <libical/ical.h>

#include "plaindesk/lazylib.h"

#ifndef PD_SONAME_ICAL
#define PD_SONAME_ICAL "libical.so.3"
#endif

#define PD_ICAL_FUNCS(X) \
	X(icalattach_new_from_url) \
	X(icalattach_unref) \
	X(icalcomponent_add_component) \
	X(icalcomponent_add_property) \
	X(icalcomponent_as_ical_string_r) \
	X(icalcomponent_free) \
	X(icalcomponent_get_dtend) \
	X(icalcomponent_get_dtstart) \
	X(icalcomponent_get_first_component) \
	X(icalcomponent_get_first_property) \
	X(icalcomponent_get_next_component) \
	X(icalcomponent_get_summary) \
	X(icalcomponent_new_clone) \
	X(icalcomponent_vanew) \
	X(icalparameter_new_cn) \
	X(icalparameter_new_cutype) \
	X(icalparameter_new_partstat) \
	X(icalparameter_new_role) \
	X(icalparameter_new_rsvp) \
	X(icalparameter_new_tzid) \
	X(icalparser_parse_string) \
	X(icalproperty_add_parameter) \
	X(icalproperty_new_attach) \
	X(icalproperty_new_attendee) \
	X(icalproperty_new_calscale) \
	X(icalproperty_new_comment) \
	X(icalproperty_new_description) \
	X(icalproperty_new_dtend) \
	X(icalproperty_new_dtstamp) \
	X(icalproperty_new_dtstart) \
	X(icalproperty_new_location) \
	X(icalproperty_new_method) \
	X(icalproperty_new_organizer) \
	X(icalproperty_new_prodid) \
	X(icalproperty_new_sequence) \
	X(icalproperty_new_status) \
	X(icalproperty_new_summary) \
	X(icalproperty_new_tzid) \
	X(icalproperty_new_uid) \
	X(icalproperty_new_version) \
	X(icalproperty_set_tzid) \
	X(icaltime_from_timet_with_zone) \
	X(icaltime_is_null_time) \
	X(icaltime_null_time) \
	X(icaltimezone_free) \
	X(icaltimezone_get_component) \
	X(icaltimezone_get_utc_timezone) \
	X(icaltimezone_new) \
	X(icaltimezone_set_component) \
	X(icaltimezone_truncate_vtimezone) \
	X(icaltzutil_fetch_timezone)

struct pd_ical {
	PD_ICAL_FUNCS(LAZYLIB_PTR)
};

extern struct pd_ical pd_ical;
int pd_ical_load(void);

#define icalattach_new_from_url(...) (pd_ical.m_icalattach_new_from_url)(__VA_ARGS__)
#define icalattach_unref(...) (pd_ical.m_icalattach_unref)(__VA_ARGS__)
#define icalcomponent_add_component(...) (pd_ical.m_icalcomponent_add_component)(__VA_ARGS__)
#define icalcomponent_add_property(...) (pd_ical.m_icalcomponent_add_property)(__VA_ARGS__)
#define icalcomponent_as_ical_string_r(...) (pd_ical.m_icalcomponent_as_ical_string_r)(__VA_ARGS__)
#define icalcomponent_free(...) (pd_ical.m_icalcomponent_free)(__VA_ARGS__)
#define icalcomponent_get_dtend(...) (pd_ical.m_icalcomponent_get_dtend)(__VA_ARGS__)
#define icalcomponent_get_dtstart(...) (pd_ical.m_icalcomponent_get_dtstart)(__VA_ARGS__)
#define icalcomponent_get_first_component(...) (pd_ical.m_icalcomponent_get_first_component)(__VA_ARGS__)
#define icalcomponent_get_first_property(...) (pd_ical.m_icalcomponent_get_first_property)(__VA_ARGS__)
#define icalcomponent_get_next_component(...) (pd_ical.m_icalcomponent_get_next_component)(__VA_ARGS__)
#define icalcomponent_get_summary(...) (pd_ical.m_icalcomponent_get_summary)(__VA_ARGS__)
#define icalcomponent_new_clone(...) (pd_ical.m_icalcomponent_new_clone)(__VA_ARGS__)
#define icalcomponent_vanew(...) (pd_ical.m_icalcomponent_vanew)(__VA_ARGS__)
#define icalparameter_new_cn(...) (pd_ical.m_icalparameter_new_cn)(__VA_ARGS__)
#define icalparameter_new_cutype(...) (pd_ical.m_icalparameter_new_cutype)(__VA_ARGS__)
#define icalparameter_new_partstat(...) (pd_ical.m_icalparameter_new_partstat)(__VA_ARGS__)
#define icalparameter_new_role(...) (pd_ical.m_icalparameter_new_role)(__VA_ARGS__)
#define icalparameter_new_rsvp(...) (pd_ical.m_icalparameter_new_rsvp)(__VA_ARGS__)
#define icalparameter_new_tzid(...) (pd_ical.m_icalparameter_new_tzid)(__VA_ARGS__)
#define icalparser_parse_string(...) (pd_ical.m_icalparser_parse_string)(__VA_ARGS__)
#define icalproperty_add_parameter(...) (pd_ical.m_icalproperty_add_parameter)(__VA_ARGS__)
#define icalproperty_new_attach(...) (pd_ical.m_icalproperty_new_attach)(__VA_ARGS__)
#define icalproperty_new_attendee(...) (pd_ical.m_icalproperty_new_attendee)(__VA_ARGS__)
#define icalproperty_new_calscale(...) (pd_ical.m_icalproperty_new_calscale)(__VA_ARGS__)
#define icalproperty_new_comment(...) (pd_ical.m_icalproperty_new_comment)(__VA_ARGS__)
#define icalproperty_new_description(...) (pd_ical.m_icalproperty_new_description)(__VA_ARGS__)
#define icalproperty_new_dtend(...) (pd_ical.m_icalproperty_new_dtend)(__VA_ARGS__)
#define icalproperty_new_dtstamp(...) (pd_ical.m_icalproperty_new_dtstamp)(__VA_ARGS__)
#define icalproperty_new_dtstart(...) (pd_ical.m_icalproperty_new_dtstart)(__VA_ARGS__)
#define icalproperty_new_location(...) (pd_ical.m_icalproperty_new_location)(__VA_ARGS__)
#define icalproperty_new_method(...) (pd_ical.m_icalproperty_new_method)(__VA_ARGS__)
#define icalproperty_new_organizer(...) (pd_ical.m_icalproperty_new_organizer)(__VA_ARGS__)
#define icalproperty_new_prodid(...) (pd_ical.m_icalproperty_new_prodid)(__VA_ARGS__)
#define icalproperty_new_sequence(...) (pd_ical.m_icalproperty_new_sequence)(__VA_ARGS__)
#define icalproperty_new_status(...) (pd_ical.m_icalproperty_new_status)(__VA_ARGS__)
#define icalproperty_new_summary(...) (pd_ical.m_icalproperty_new_summary)(__VA_ARGS__)
#define icalproperty_new_tzid(...) (pd_ical.m_icalproperty_new_tzid)(__VA_ARGS__)
#define icalproperty_new_uid(...) (pd_ical.m_icalproperty_new_uid)(__VA_ARGS__)
#define icalproperty_new_version(...) (pd_ical.m_icalproperty_new_version)(__VA_ARGS__)
#define icalproperty_set_tzid(...) (pd_ical.m_icalproperty_set_tzid)(__VA_ARGS__)
#define icaltime_from_timet_with_zone(...) (pd_ical.m_icaltime_from_timet_with_zone)(__VA_ARGS__)
#define icaltime_is_null_time(...) (pd_ical.m_icaltime_is_null_time)(__VA_ARGS__)
#define icaltime_null_time(...) (pd_ical.m_icaltime_null_time)(__VA_ARGS__)
#define icaltimezone_free(...) (pd_ical.m_icaltimezone_free)(__VA_ARGS__)
#define icaltimezone_get_component(...) (pd_ical.m_icaltimezone_get_component)(__VA_ARGS__)
#define icaltimezone_get_utc_timezone(...) (pd_ical.m_icaltimezone_get_utc_timezone)(__VA_ARGS__)
#define icaltimezone_new(...) (pd_ical.m_icaltimezone_new)(__VA_ARGS__)
#define icaltimezone_set_component(...) (pd_ical.m_icaltimezone_set_component)(__VA_ARGS__)
#define icaltimezone_truncate_vtimezone(...) (pd_ical.m_icaltimezone_truncate_vtimezone)(__VA_ARGS__)
#define icaltzutil_fetch_timezone(...) (pd_ical.m_icaltzutil_fetch_timezone)(__VA_ARGS__)

#endif
