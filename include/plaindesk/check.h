/*
 * Validation of a whole store (plaindesk-check): configuration, registers
 * and every record, each problem reported as "path: message".
 */
#ifndef PLAINDESK_CHECK_H
#define PLAINDESK_CHECK_H

#include "store.h"

typedef int (*problem_fn)(void *ctx, const char *path, const char *msg);

/* Check registers (customers, staff, rooms, holidays) and report. */
int check_registers(struct store *st, problem_fn fn, void *ctx);

/*
 * Stage into c every record whose stored state disagrees with the state
 * its events give (after a hand edit or a policy change); *n counts them.
 */
struct change;
int check_fix_state(struct store *st, struct change *c, size_t *n);

/*
 * plaindesk.json and the registers changed in the work tree and not
 * committed (a change refuses them): "registers/staff.csv: changes not
 * committed" for each, against HEAD.
 */
int check_uncommitted(struct store *st, problem_fn fn, void *ctx);

/*
 * What is not wrong but deserves a warning: staff names and e-mails that
 * git changes on an author line (ident_clean()), a clone without the
 * merge driver.
 */
int check_warnings(struct store *st, problem_fn fn, void *ctx);

/* Everything: registers, tickets, meetings, care plans, articles, an
 * unfinished change. */
int check_store(struct store *st, problem_fn fn, void *ctx);

/*
 * The store as committed at commit, from git's objects alone (--rev, a
 * hook on a bare repository): its tree is written to a private temporary
 * directory, never run, and checked as check_store() checks a store; a
 * link or anything else that is not a file or directory in the tree is a
 * problem.  The repository is open (vcs_open_dir()).
 */
struct vcs_oid;
int check_commit(const struct vcs_oid *commit, problem_fn fn, void *ctx);

#endif
