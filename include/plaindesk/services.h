/*
 * 会务 services on a store (DESIGN §8): each change of `mtg-service` as a
 * stage that appends one service event to the meeting (checks first,
 * nothing staged on a refusal), the checklist of the store, and what the
 * reading commands show: status, the due list across meetings, the
 * budget table, the summary's figures and the documents made from
 * templates.  Only the meeting's own file and the registers are read,
 * but by the due list (three months of meetings) and the summary (the
 * tickets about the meeting, from its month on).
 */
#ifndef PLAINDESK_SERVICES_H
#define PLAINDESK_SERVICES_H

#include <stdio.h>
#include "checklist.h"
#include "out.h"
#include "service.h"
#include "store.h"
#include "vcs.h"

/* Everything `mtg-service` may be told; strings borrowed, NULL if not
 * given, lists empty. */
struct service_request {
	const char *command;		/* "plan", "task", ... */
	/* plan */
	const char *lead, *host, *headcount, *guests, *lodging;
	struct strlist groups;		/* "G=STAFF" */
	/* task, add-task */
	const char *key;
	int done, failed, skip, required;
	const char *at, *note, *reason, *owner;
	const char *group, *text, *due, *offset, *from;
	/* material */
	struct strlist add, prepared, returned;
	/* checkin */
	const char *who, *guest;
	/* budget */
	struct strlist lines, revise, actual;
	int approve;
	/* incident */
	const char *resolve;
	int resolved;
	/* summary */
	struct strlist lessons;
	int publish;
};

void service_request_init(struct service_request *r);
void service_request_release(struct service_request *r);

/*
 * Does the request ask the command for a change?  (budget and summary
 * only show when they are given nothing to change.)
 */
int service_request_changes(const struct service_request *r);

/*
 * Checks that need no store: options that go together or exclude each
 * other.  0, or PD_EUSAGE with a message.
 */
int service_request_check(const struct service_request *r);

/*
 * Stage the change r asks of meeting id (a full id) into c: one event
 * (budget --approve with edits: two), the block refolded, the record
 * validated.  *subject gets the commit subject after "mtg-service: ";
 * lines to print after the commit (the sign-in count, the tasks
 * inspection found open) are added to say.
 */
int service_stage(struct store *st, const char *id,
		  const struct service_request *r, const struct actor *a,
		  struct change *c, char **subject, struct strlist *say);

/* How the reading commands print. */
struct service_view {
	enum out_format format;
	int raw;
	const char *group;		/* only this group's tasks */
	const char *owner;		/* only this owner's tasks (staff id) */
	long long within;		/* due: seconds ahead */
};

/*
 * `status ID`: the tasks with their states, materials, budget totals and
 * sign-in counts.  *problems counts required tasks overdue, late or
 * missed.
 */
int service_status(struct store *st, json_t *rec,
		   const struct service_view *v, FILE *fp, long *problems);

/*
 * `due`: tasks of every meeting not done or skipped that are due within
 * v->within from now, overdue ones included, from the meetings made in
 * the previous, the current and the next month.  *late counts those past
 * their due time.
 */
int service_due(struct store *st, const struct service_view *v, FILE *fp,
		long *late);

/* `budget ID`: the table of lines, categories and the total; *bc says
 * what --check looks at. */
int service_budget(struct store *st, json_t *rec,
		   const struct service_view *v, FILE *fp,
		   struct budget_check *bc);

/* `summary ID`: the figures as text, CSV or JSON. */
int service_summary_write(struct store *st, json_t *rec,
			  const struct service_view *v, FILE *fp);

/*
 * `render ID --part plan|sheet|summary --format md|html|text`: the
 * document from the templates service-plan.* and service-summary.* of
 * the store's locale (a sheet is the plan of one group).
 */
int service_render(struct store *st, json_t *rec, const char *part,
		   const char *format, const char *group, struct sbuf *out);

/*
 * Fill in the attendance of in from the meeting's sign-ins
 * (checkin_attendance()); the people in->present, absent and late name
 * already (by id or name) keep what they say.  PD_EDATA when the meeting
 * has no service plan.
 */
int service_attendance(struct store *st, json_t *rec,
		       struct minutes_input *in);

/* One task as a line of text: key, state, group, owner, due, text. */
char *service_task_line(struct store *st, json_t *rec, json_t *task);

/* Load meeting id with its service block; PD_EDATA when it has none. */
int service_load(struct store *st, const char *id, json_t **rec);

#endif
