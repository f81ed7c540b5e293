/*
 * The 会务 preparation checklist (DESIGN §8): the rows of
 * service-tasks.csv (types, if, key, group, task, from, offset, required),
 * which rows a meeting's type and flags select, and the signed offsets
 * that place a task's due time before or after the planned start or end.
 * Pure: no I/O.
 */
#ifndef PLAINDESK_CHECKLIST_H
#define PLAINDESK_CHECKLIST_H

#include <time.h>
#include "clock.h"

/* The columns of service-tasks.csv, in order. */
extern const char *const checklist_columns[];
/* What the "if" column may say: "" (always), guests, no-guests, lodging. */
extern const char *const checklist_conditions[];

/*
 * A due offset: "-2wd", "+1h", "-30m", "+0m" (the sign is required but
 * for zero).  m and h are wall-clock minutes, d calendar days, wd working
 * days (the same clock time on the N-th working day before or after).
 */
struct offset {
	int negative;
	struct duration d;	/* d.n may be 0: at the time itself */
};

/* Parse an offset; 0 or -1. */
int offset_parse(const char *s, struct offset *o);
/* The time base + o on the calendar cal. */
time_t offset_apply(const struct calendar *cal, time_t base,
		    const struct offset *o);

/* One row of the checklist; strings owned. */
struct checklist_row {
	char *types;		/* "*" or "decision;seminar" */
	char *cond;		/* "", "guests", "no-guests", "lodging" */
	char *key, *group, *text, *from, *offset;
	int required;
};

struct checklist {
	struct checklist_row *rows;
	size_t n;
};

/* Task keys: 1 to 40 of a-z, 0-9 and '-', starting with a letter. */
int task_key_valid(const char *key);

/*
 * Parse the CSV text of a checklist (header row as checklist_columns).
 * name prefixes messages ("registers/service-tasks.csv: line 4: ...").
 * Every cell is checked: types, condition, key (unique, not "extra-…",
 * which add-task uses), group, one-line task text, from (start or end),
 * offset, required (yes or no).  0 or PD_EDATA.
 */
int checklist_parse(struct checklist *cl, const char *data, size_t len,
		    const char *name);
void checklist_release(struct checklist *cl);

/* Does row r apply to a meeting of type with these flags? */
int checklist_applies(const struct checklist_row *r, const char *type,
		      int guests, int lodging);

/* The row with key, or NULL. */
const struct checklist_row *checklist_find(const struct checklist *cl,
					   const char *key);

#endif
