/*
 * Keeping the registers by command (plaindesk-reg): rows found by their
 * key, cells set by column name, the register validated exactly as
 * plaindesk-check validates it and staged whole into a change with its
 * Plaindesk-Register trailer.  Row order and columns the program does
 * not know are kept, so hand edits and commands can follow each other.
 */
#ifndef PLAINDESK_REGISTERS_H
#define PLAINDESK_REGISTERS_H

#include "csvtab.h"
#include "store.h"
#include "vcs.h"

/* "staff" of REG_STAFF and so on; -1 for an unknown name. */
extern const char *const register_names[];
int register_kind_of(const char *name);

/* The column that keys a register's rows: "id", or "date" for holidays. */
const char *register_key(enum register_kind k);

/* The row of register k whose key is key, or -1 (with a message). */
long register_row(struct store *st, enum register_kind k, const char *key);

/*
 * Validate register k as plaindesk-check does and stage it into c: the
 * first problem is refused (PD_EDATA) naming the file and line.
 */
int register_stage(struct store *st, enum register_kind k, struct change *c);

/*
 * Holidays from FILE into the holiday register t: CSV (date,kind,name)
 * or an iCalendar feed (.ics): all-day events become holidays, those
 * whose SUMMARY contains workday_match become working days.  A date
 * already there takes the new kind and name.  Counts what was added
 * and what changed.
 */
int holidays_import(struct csvtab *t, const char *file,
		    const char *workday_match, size_t *added,
		    size_t *changed);

#endif
