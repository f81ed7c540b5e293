/*
 * Calendar invitations: an RFC 5545 VCALENDAR with one VEVENT and the
 * VTIMEZONE of the store's zone, made with libical (METHOD:REQUEST for
 * an invitation or an update, METHOD:CANCEL for a cancellation, per
 * RFC 5546).  The caller resolves people and places; nothing here reads
 * the store.
 */
#ifndef PLAINDESK_INVITE_H
#define PLAINDESK_INVITE_H

#include <stddef.h>
#include <time.h>
#include "util.h"

struct invite_person {
	const char *name;	/* CN */
	const char *email;	/* mailto: */
	int required;		/* ROLE=REQ-PARTICIPANT, else OPT- */
};

struct invite {
	int cancel;		/* METHOD:CANCEL, STATUS:CANCELLED */
	int uninvite;		/* METHOD:CANCEL to these attendees only (RFC
				 * 5546 §3.2.5): the event stands, no STATUS */
	const char *comment;	/* COMMENT: why (a cancellation's reason) */
	const char *uid;	/* stable: "<meeting id>@plaindesk" */
	long sequence;
	const char *tzid;	/* a zoneinfo name: "Asia/Shanghai" */
	time_t start, end;	/* DTSTART, DTEND in tzid */
	time_t stamp;		/* DTSTAMP (UTC) */
	const char *summary, *description, *location;
	struct invite_person organizer;
	const struct invite_person *attendees;
	size_t nattendees;
	const char *const *attach;	/* URLs for ATTACH */
	size_t nattach;
};

/*
 * The invitation as iCalendar text (CRLF lines, folded), malloc'ed into
 * *ics.  The VTIMEZONE is built from the system's zoneinfo rules for
 * tzid, trimmed to the year before the meeting on.  Returns 0, or
 * PD_ECONFIG for a zone without zoneinfo data, PD_EDATA for a missing
 * e-mail address.
 */
int invite_ics(const struct invite *inv, char **ics, size_t *len);

#endif
