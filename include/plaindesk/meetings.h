/*
 * Meeting operations on a store: planning (new, update, approve, reject,
 * cancel), sending the agenda, minutes, actions and feedback, each staged
 * into a change; references to the registers; the documents and the
 * calendar invitation made from a meeting.  Only the meeting's own file
 * and the registers are read, except by the double-booking scan, which
 * reads the meetings of the months that can overlap.
 */
#ifndef PLAINDESK_MEETINGS_H
#define PLAINDESK_MEETINGS_H

#include "meeting.h"
#include "minutes.h"
#include "pipeline.h"
#include "store.h"
#include "vcs.h"

/* What mtg-plan new / update is asked for; strings borrowed, NULL if not
 * given.  For update the lists replace the meeting's when not empty. */
struct plan_request {
	const char *type, *title, *start, *duration, *room, *organizer;
	struct strlist required, optional;	/* staff ids or names */
	struct strlist agenda;			/* "TOPIC|MINUTES|OWNER|GOAL" */
	struct strlist materials;
	int ad_hoc;
	const char *reason;
	int allow_conflict;
};

void plan_request_init(struct plan_request *req);
void plan_request_release(struct plan_request *req);

/*
 * Plan a new meeting: check it (agenda, references, capacity, double
 * booking) and stage it into c.  The new id goes to id, the commit
 * subject to *subject; when --allow-conflict let problems through they
 * are described in *conflict (else NULL).  Callers free both.
 */
int meeting_new_stage(struct store *st, const struct plan_request *req,
		      const struct actor *a, struct change *c,
		      char id[ID_LEN + 1], char **subject, char **conflict);

/* Change a pending or planned meeting (same checks; bumps sequence). */
int meeting_update_stage(struct store *st, json_t *rec,
			 const struct plan_request *req,
			 const struct actor *a, struct change *c,
			 char **subject, char **conflict);

/* Load meeting id (full id), validate it and fold it. */
int meeting_load(struct store *st, const char *id, json_t **rec,
		 struct meeting_state *state);

/*
 * Append event ev (takes the reference; id, at and by are filled in),
 * refresh what the events decide, validate and stage rec into c.
 */
int meeting_append_event(struct store *st, json_t *rec, json_t *ev,
			 const struct actor *a, struct change *c);

/* Refresh, validate and stage rec into c. */
int meeting_stage(struct store *st, json_t *rec, struct change *c);

int meeting_approve_stage(struct store *st, json_t *rec,
			  const struct actor *a, struct change *c);
int meeting_reject_stage(struct store *st, json_t *rec, const char *reason,
			 const struct actor *a, struct change *c);
int meeting_cancel_stage(struct store *st, json_t *rec, const char *reason,
			 const struct actor *a, struct change *c);
/* Mark the agenda sent; *on_time says whether it was agenda_lead ahead
 * and *due is the latest on-time instant. */
int meeting_send_stage(struct store *st, json_t *rec, const struct actor *a,
		       struct change *c, int *on_time, time_t *due);

/*
 * Record the minutes (from options or a parsed form).  New action ids
 * are added to action_ids.  Staff present, absent or late who were not
 * invited become optional attendees.
 */
int meeting_record_stage(struct store *st, json_t *rec,
			 const struct minutes_input *in,
			 const struct actor *a, struct change *c,
			 struct strlist *action_ids);
int meeting_publish_stage(struct store *st, json_t *rec,
			  const struct actor *a, struct change *c,
			  int *on_time, time_t *due);
int meeting_done_stage(struct store *st, json_t *rec, long n,
		       const char *note, const struct actor *a,
		       struct change *c);
int meeting_feedback_stage(struct store *st, json_t *rec, long score,
			   const char *comment, const struct actor *a,
			   struct change *c);

/*
 * Queue the minutes notice of meeting rec (DESIGN §5): a notice event of
 * kind minutes to every attendee and the organizer who is an active
 * staff member, staged into c.  mtg-minutes publish records it with the
 * publish event.
 */
int meeting_minutes_notice(struct store *st, json_t *rec,
			   const struct actor *a, struct change *c);

/* The reminder pass of `mtg-minutes remind`. */
struct reminders {
	struct store *st;
	const struct actor *a;
	struct change *c;
	int due, overdue;		/* notices queued */
	struct strlist changed;		/* ids of the meetings changed */
	struct strlist problems;	/* warnings for standard error */
};

void reminders_init(struct reminders *r, struct store *st,
		    const struct actor *a, struct change *c);
void reminders_release(struct reminders *r);

/*
 * For every open action item of a held or published meeting, queue the
 * reminder action_reminder() says is due at the store's time: a notice
 * event of kind action-due or action-overdue to the action's owner (the
 * organizer when the owner is no longer active), each once.  A meeting
 * record that is not valid is skipped with a problem noted.
 */
int meeting_remind_pass(struct reminders *r);

/*
 * "M-261120-ABCDEF.2", or a short meeting id with ".N": the meeting's
 * full id and n.  PD_EUSAGE for a malformed id, PD_ENOINPUT for none.
 */
int action_id_resolve(struct store *st, const char *arg,
		      char id[ID_LEN + 1], long *n);

/*
 * Check a meeting's references: organizer, attendees, agenda owners,
 * people in the minutes and action owners in the staff register, the
 * room in the room register.  0, or PD_EDATA naming the first missing.
 */
int meeting_check_refs(struct store *st, json_t *rec);

/* The template context of a meeting (names, labels, local times). */
json_t *meeting_context(struct store *st, json_t *rec);

/*
 * Render template name ("agenda.md", "minutes.html", ...) of the store's
 * locale for rec, appending to out.  Names ending in .html escape every
 * value (RENDER_HTML).
 */
int meeting_render(struct store *st, json_t *rec, const char *name,
		   struct sbuf *out);

/*
 * The calendar invitation (METHOD:REQUEST, or METHOD:CANCEL with the
 * reason of the cancel event as COMMENT).
 */
int meeting_invite(struct store *st, json_t *rec, int cancel, char **ics,
		   size_t *len);

/*
 * The CANCEL for those the updates since the previous send took off the
 * attendees (RFC 5546 §3.2.5: same UID, the sequence the update raised,
 * only their ATTENDEE lines, a COMMENT saying so): into *ics, or *ics
 * NULL when nobody was taken off.  Call after staging the send.  Staff
 * without an e-mail address are left out and added to skipped.
 */
int meeting_uninvite(struct store *st, json_t *rec, char **ics, size_t *len,
		     struct strlist *skipped);

/* What `mtg-plan list` keeps (NULL or 0: any). */
struct meeting_filter {
	time_t from, to;		/* start in [from, to) */
	const char *status, *room;	/* a status; a room id */
	const char *who;		/* organizer or attendee (staff id) */
};

/*
 * The meetings that pass f, sorted by start, into *rows (a new array of
 * records).  A meeting that cannot be read is warned about and left out
 * (store_foreach()'s STORE_SKIP_BAD): then PD_EDATA, *rows set all the
 * same.
 */
int meeting_list(struct store *st, const struct meeting_filter *f,
		 json_t **rows);

/* What `mtg-minutes actions` keeps. */
struct action_filter {
	int open, overdue;		/* not done; overdue now */
	const char *owner;		/* staff id, or NULL */
};

/*
 * The action items of every meeting that pass f, sorted by due date, into
 * *rows: copies of the items with "status" (open, overdue, done, or "done
 * (late)" when done after its due day) and "title" (the meeting's) added.
 * Meetings that cannot be read as meeting_list() says.
 */
int action_list(struct store *st, const struct action_filter *f,
		json_t **rows);

/*
 * A meeting's change in the pipeline.  meeting_pipe_load(): the meeting
 * arg names (an id as typed), resolved and loaded; *rec is the caller's.
 * meeting_pipe_staged(): once rec's change is staged, the commit subject
 * `ID what "Title"` and the id to print.  meeting_pipe_documents(): the
 * documents written after the commit, each when its path is not NULL:
 * the calendar message (METHOD:CANCEL when cancel is set) and the agenda
 * (HTML when the path ends in .html or .htm, else Markdown).
 */
int meeting_pipe_load(struct pipe *p, const char *arg, json_t **rec);
void meeting_pipe_staged(struct pipe *p, json_t *rec, const char *what);
int meeting_pipe_documents(struct pipe *p, json_t *rec, int cancel,
			   const char *ics, const char *agenda);

/* Sort a JSON array in place; cmp compares two (json_t *const *). */
void json_array_sort(json_t *rows, int (*cmp)(const void *, const void *));

/*
 * A description of the meeting for `mtg-plan show`; with show_contact,
 * the organizer's and attendees' e-mail addresses too.
 */
void meeting_describe(struct store *st, json_t *rec, int show_contact,
		      struct sbuf *out);

/*
 * A staff member by id, name, or "Name (ID)" as the documents print
 * them: the id (caller frees), or PD_EDATA naming what was looked up
 * (what: "--lead"); with active, an inactive one is refused too.
 */
int meeting_staff_id(struct store *st, const char *who, const char *what,
		     int active, char **id);

/* The name of staff member id from the register (or id itself), and
 * the e-mail address (NULL if id is not a staff member). */
const char *meeting_staff_name(struct store *st, const char *id);
const char *meeting_staff_email(struct store *st, const char *id);

#endif
