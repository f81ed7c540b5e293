/*
 * Record files: JSON, UTF-8, two-space indent, keys in a fixed order, one
 * trailing newline (DESIGN §2), so that two tools writing the same record
 * produce the same bytes.
 */
#ifndef PLAINDESK_RECORD_H
#define PLAINDESK_RECORD_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include "util.h"

/*
 * Canonical bytes of a record (ticket, meeting, care plan or
 * knowledge-base article): keys of every object in
 * the fixed order of its kind (unknown keys last, in their order), objects
 * inside arrays on one line each.  Caller frees.
 */
char *record_format(json_t *rec, size_t *len);

/* Parse record text; PD_EDATA with "<name>: line L: ..." on bad JSON. */
int record_parse(const char *data, size_t len, const char *name, json_t **rec);

/*
 * What a record may hold, so that every reader finishes on any record:
 * at most RECORD_MAX_EVENTS events, times and dates within the years
 * RECORD_YEAR_MIN to RECORD_YEAR_MAX (ids hold two digits of the year).
 */
#define RECORD_MAX_EVENTS 10000
#define RECORD_YEAR_MIN 2000
#define RECORD_YEAR_MAX 2099

/*
 * The events list of a ticket or meeting (what names it in messages): a
 * non-empty list of at most RECORD_MAX_EVENTS objects, each with a valid
 * event id used once (checked in linear time).  0 or PD_EDATA.
 */
int record_check_events(json_t *events, const char *what);

int record_date(const char *s, int32_t *day);

/* Typed getters that tolerate missing keys: NULL / 0 / def. */
const char *jstr(json_t *obj, const char *key);
long long jint(json_t *obj, const char *key, long long def);
/*
 * Validation of one field of obj, where names the object in messages:
 * a time (RFC 3339) into *t, or a value of the NULL-terminated list.
 * 0, or PD_EDATA with "where: ..." recorded.
 */
int field_time(json_t *obj, const char *key, const char *where, time_t *t);
int field_enum(json_t *obj, const char *key, const char *where,
	       const char *const *list);
/* The same for a time that may be absent or null. */
int field_time_opt(json_t *obj, const char *key, const char *where);

/* A JSON time for t (RFC 3339), or null when t is 0. */
json_t *json_time_or_null(time_t t);

/* A time field (RFC 3339) as time_t; 0 when missing or not a time. */
time_t jtime(json_t *obj, const char *key);

/*
 * What every event of a record shares (DESIGN §2), for event i of events:
 * an object whose id is an event id no earlier event has, an "at" time
 * not earlier than the event before (*prev, then set to it), "by" a
 * non-empty string (its text rules are the caller's), and the type first
 * on the first event (with once, on no other).  where names the event ("event 3")
 * in messages.  0, or PD_EDATA with a message.
 */
int record_event_check(json_t *events, size_t i, const char *first,
		       int once, const char *where, time_t *prev);

/* An event id E-YYMMDD-XXXX not used in events (drawn again if it is). */
int event_id_new(json_t *events, time_t t, char id[16]);
int event_id_valid(const char *id);

#endif
