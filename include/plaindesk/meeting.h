/*
 * Meetings: the enums, validation of a meeting record, the state derived
 * from its events by one pure fold (DESIGN §1, §2), and the planning
 * checks (agenda fit, room capacity, double booking) as pure functions
 * over records and times.  No I/O here.
 *
 * What the events decide: the state block, the header's sequence, the
 * actions' done_at and note (from done events) and the feedback list
 * (from feedback events).  meeting_refresh() rewrites those parts from
 * the events; meeting_validate() checks that a record agrees with them.
 */
#ifndef PLAINDESK_MEETING_H
#define PLAINDESK_MEETING_H

#include <time.h>
#include <jansson.h>
#include "config.h"
#include "util.h"

extern const char *const meeting_types[];	/* decision seminar ... */
extern const char *const agenda_goals[];	/* decision consensus inform */
extern const char *const meeting_statuses[];
extern const char *const item_outcomes[];	/* achieved partial ... */
extern const char *const meeting_event_types[];
/* What a notice event is about: minutes action-due action-overdue. */
extern const char *const meeting_notice_kinds[];
/* Header fields an update may change (the update event's "changes"). */
extern const char *const meeting_update_fields[];

enum meeting_status { MS_PENDING, MS_PLANNED, MS_CANCELLED, MS_HELD,
		      MS_PUBLISHED };

/* The longest meeting, in minutes (three days of training). */
#define MEETING_MAX_MINUTES (3 * 24 * 60)
/*
 * How far ahead of its id's date a meeting may start.  It bounds the
 * months the double-booking scan reads: a meeting that can overlap one
 * starting at s was created no earlier than this before s.
 */
#define MEETING_HORIZON_DAYS 366

/* The derived state of a meeting. */
struct meeting_state {
	enum meeting_status status;
	const char *approved_by;	/* points into the record, or NULL */
	time_t agenda_sent_at;		/* 0: not (yet again) sent */
	int agenda_on_time;		/* that send was agenda_lead ahead */
	time_t published_at;		/* 0: not published */
	int published_on_time;
	long sequence;			/* updates and the cancel */
	int recorded;			/* minutes were recorded */
};

/* Fold the events of rec (which passed the structural checks). */
void meeting_fold(json_t *rec, struct meeting_state *st);

/*
 * Rewrite what the events decide: state, sequence, the actions' done_at
 * and note, the feedback list.  rec must be structurally valid.
 */
void meeting_refresh(json_t *rec);

/*
 * Validate a meeting record: keys, types, enums, ids, times, the agenda's
 * numbering, the minutes and actions, event ids unique and in time
 * order, each event allowed in the state before it, and the derived
 * parts agreeing with the events.  On the first problem returns PD_EDATA
 * with a message (no path prefix).  References to staff and rooms are
 * checked by meeting_check_refs() (meetings.h).
 */
int meeting_validate(json_t *rec);
/*
 * The checks a reader needs: without the text rules, the transition
 * table, or the agreement of the derived parts, which a reader recomputes
 * with meeting_refresh() (as ticket_load() does for tickets).
 */
int meeting_validate_shape(json_t *rec);

/*
 * Do the stored state, sequence, done_at/note or feedback disagree with
 * what the events give (a hand edit, a merge)?  rec must pass
 * meeting_validate_shape(); meeting_refresh() then mends it.
 */
int meeting_is_stale(json_t *rec);

/*
 * May action (an event type other than create) happen in state st?  0 if
 * yes; else PD_EDATA with "cannot X a meeting that is S (allowed: ...)".
 */
int meeting_action_allowed(const struct meeting_state *st,
			   const char *action);

const char *meeting_status_name(enum meeting_status s);

/* The planned start and end of a meeting (0 when unreadable). */
time_t meeting_start(json_t *rec);
time_t meeting_end(json_t *rec);

/* Do [s1, e1) and [s2, e2) overlap?  Back to back does not. */
int meeting_overlap(time_t s1, time_t e1, time_t s2, time_t e2);

/* The minutes the agenda items add up to. */
long meeting_agenda_minutes(json_t *rec);

/* The number N of an action id "M-YYMMDD-XXXXXX.N", or 0 when it is not
 * one (whatever a record holds: no dot, no number). */
long meeting_action_number(const char *action);

/* 0 if the agenda fits in duration_min, else PD_EDATA with a message. */
int meeting_agenda_fits(json_t *rec);

/* People in the room: attendees, and the organizer if not one of them. */
long meeting_head_count(json_t *rec);

/* 0 if the head count fits capacity, else PD_EDATA with a message. */
int meeting_capacity_fits(json_t *rec, const char *room, long capacity);

/* Is who (a staff id) an attendee, required or optional? */
int meeting_has_attendee(json_t *rec, const char *who);

/* Is who (a staff id) the organizer or a required attendee? */
int meeting_requires(json_t *rec, const char *who);

/*
 * Does meeting a clash with b: overlapping times and the same room or a
 * person required in both (the organizer counts as required)?  A
 * cancelled b, or b with a's id, never clashes.  Returns 1 and appends
 * what clashes to why ("room R-1, S-wang are booked by M-... ..."), or 0.
 */
int meeting_conflict(json_t *a, json_t *b, struct sbuf *why);

/* Is the meeting still taking its time slot (not cancelled)? */
int meeting_booked(json_t *rec);

/*
 * The deadlines of a meeting's documents (DESIGN §7), the one rule
 * mtg-plan, mtg-minutes and kpi-report follow: the latest on-time instant
 * for sending the agenda (the planned start minus agenda_lead; N wd is the
 * same clock time N working days before) or for publishing the minutes
 * (the actual end, or the actual start when no end is recorded, plus
 * minutes_within).  0 when the record has no such time.
 */
enum meeting_doc { MEETING_AGENDA, MEETING_MINUTES };
time_t meeting_due(const struct config *cfg, enum meeting_doc doc,
		   json_t *rec);

/* Is an action item overdue at now: not done, and now is after its due
 * day (due is a date; the day after it starts at 00:00 local)? */
int action_overdue(json_t *action, time_t now);

/*
 * Which reminder an action item gets at now (DESIGN §5 "Meetings tell
 * people too"): REMIND_DUE from the working day before its due date to
 * the due date, REMIND_OVERDUE from the working day after it on, each
 * only when not sent yet (sent_due, sent_overdue), none once it is done.
 */
enum action_reminder { REMIND_NONE, REMIND_DUE, REMIND_OVERDUE };
enum action_reminder action_reminder(const struct calendar *cal,
				     json_t *action, time_t now,
				     int sent_due, int sent_overdue);

/* Was the action done after its due day (done_at from 00:00 after it)? */
int action_done_late(json_t *action);

/* The local day a meeting's id was made on (from its YYMMDD). */
int32_t meeting_id_day(const char *id);

/*
 * A label for the value key of enum what ("type", "goal", "outcome",
 * "status"; for 会务 "group", "category", "state") in locale: the key itself for "en", the Chinese name for
 * "zh-CN".
 */
const char *meeting_label(const char *locale, const char *what,
			  const char *key);

/*
 * Split "ITEM|ITEM|..." at unescaped '|' ("\|" is a literal bar, "\\" a
 * backslash) into at most max fields (the last takes the rest, still
 * unescaped); returns the number of fields.
 */
size_t split_bars(const char *s, struct strlist *out, size_t max);

#endif
