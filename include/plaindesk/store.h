/*
 * A store: finding it, its configuration and registers, the lock, record
 * ids and paths, and the one iterator over records.
 */
#ifndef PLAINDESK_STORE_H
#define PLAINDESK_STORE_H

#include <time.h>
#include <jansson.h>
#include "config.h"
#include "csvtab.h"
#include "storefs.h"

struct sumcache_later;

struct store {
	char *root;		/* absolute path of the work tree */
	char *gitdir;		/* absolute path of its .git directory */
	json_t *config_json;
	struct config cfg;
	time_t now;
	int lockfd;		/* -1 when not locked */
	/* Run by store_close() once the lock is released: what a change
	 * leaves for later, so that no writer waits behind it (packing). */
	void (*housekeeping)(struct store *st);
	/* The summary cache a walk under the lock left to write then. */
	struct sumcache_later *cache_later;
	/* Registers, loaded on first use by store_register(). */
	struct csvtab reg[4];
	int reg_loaded[4];
	char *reg_bad[4];	/* why a loaded register is refused */
};

enum register_kind { REG_CUSTOMERS, REG_STAFF, REG_ROOMS, REG_HOLIDAYS };

extern const char *const register_paths[];	/* "registers/customers.csv" */
extern const char *const *const register_columns[];
extern const char *const holiday_kinds[];	/* holiday, workday */

/*
 * Find and open the store: dir (from -C), else $PLAINDESK_DIR, else the
 * nearest ancestor of the working directory holding plaindesk.json.
 * Loads and validates the configuration and the holiday register, sets
 * the process time zone and reads the clock.  Returns 0, PD_ENOINPUT (no
 * store), PD_ECONFIG, or PD_EUSAGE ($PLAINDESK_NOW invalid).
 */
int store_open(struct store *st, const char *dir);
/* Release the lock, write the summary cache and run the housekeeping a
 * change left, free st. */
void store_close(struct store *st);

/* Absolute path of rel inside the store (caller frees). */
char *store_path(const struct store *st, const char *rel);

/*
 * Take the store's exclusive lock, waiting up to $PLAINDESK_LOCK_TIMEOUT
 * seconds (default 10): 0, or PD_EBUSY.  A lock held by a process that
 * died is released by the kernel, so it never blocks.
 */
int store_lock(struct store *st);

/*
 * How long a command waits for a lock, the store's or git's:
 * $PLAINDESK_LOCK_TIMEOUT seconds (plain decimal, 0 to 86400; default
 * 10).  0, or PD_EUSAGE for any other value.
 */
int store_lock_timeout(double *timeout);

/* Release the lock store_lock() took (nothing if not locked). */
void store_unlock(struct store *st);

/*
 * A lock of its own beside the store's, in .git/NAME (deliveries, mail
 * acknowledgements, packing), for work done with the store's lock
 * released: waits up to timeout seconds (0: not at all; negative: as
 * long as the store's lock, store_lock_timeout()).  The open file
 * descriptor (close it to release), or -1 when it is held or cannot be
 * opened.
 */
int store_side_lock(struct store *st, const char *name, double timeout);

/*
 * Is the store settled?  0, or PD_EDATA with a message for the first
 * thing a change must not be made on top of: conflict markers a merge
 * left in plaindesk.json or a register ("registers/customers.csv: line
 * 4: a merge conflict is not settled"), or a git merge, rebase,
 * cherry-pick or revert in progress.  Reads the registers and a few
 * names in .git, nothing that grows with the records.
 */
int store_check_settled(struct store *st);

/*
 * The files a change refuses to be made over while they have changes
 * not committed: plaindesk.json and the registers.
 */
extern const char *const store_hand_paths[];

/*
 * Which of store_hand_paths differ from what git's index holds (edited,
 * added or removed by hand), found without libgit2 for readers: the
 * index read directly, a file hashed only when its stat data differ.
 * An index that cannot be read so says nothing.  Changes staged and not
 * committed are not seen: vcs_uncommitted() compares with HEAD.
 */
void store_hand_edits(const struct store *st, struct strlist *changed);
/* Warn (once a process) naming the files store_hand_edits() finds. */
void store_warn_hand_edits(const struct store *st);
/*
 * store_open() for a reading command: the same, then the warning of
 * store_warn_hand_edits() (also when a register or the configuration
 * is refused, which a hand edit may be why).
 */
int store_open_reading(struct store *st, const char *dir);

/*
 * A register, loaded on first use (PD_EDATA if malformed, or if a cell
 * holds a control character: *tab is then set all the same, for
 * plaindesk-check to list them).
 */
int store_register(struct store *st, enum register_kind k,
		   struct csvtab **tab);

/*
 * The row of register k whose id is who, else the one row whose name is
 * who: the row, -1 for none (or an unreadable register), -2 for a name two
 * rows share; on failure a message is recorded.
 */
long store_find(struct store *st, enum register_kind k, const char *who);

/*
 * The id of the row store_find() finds, or NULL (with a message).
 */
const char *store_lookup_id(struct store *st, enum register_kind k,
			    const char *who);

/*
 * A staff member by id or name: the row, or -1 with a PD_EDATA message
 * ("unknown staff member 'x'", or a name two rows share).
 */
long store_staff(struct store *st, const char *who);

/* The actor (DESIGN §3): --by, $PLAINDESK_ACTOR, git's user.  */
struct actor {
	char *by;		/* what events record: staff id, or the name */
	char *name;		/* commit author, as ident_clean() leaves it */
	char *email;
};
/*
 * A name or e-mail as git writes it on an author line: what git trims
 * from either end (white space, control characters and . , : ; < > " \
 * ') goes, and so do newlines and angle brackets inside (caller frees).
 * "Wang <IT>" signs as "Wang IT"; the register keeps what it has.
 */
char *ident_clean(const char *s);
/* Resolve the actor; by_opt from --by (may be NULL). */
int store_actor(struct store *st, const char *by_opt, struct actor *a);
void actor_release(struct actor *a);
/*
 * --show-contact: 0 if actor a's role is in the config's contact_roles,
 * or a is owner (the assignee of the one ticket shown; NULL for none),
 * else PD_ENOPERM with a message.  store_contact_allowed() does so for
 * the actor of the environment ($PLAINDESK_ACTOR, git's user).
 */
int actor_contact_allowed(struct store *st, const struct actor *a,
			  const char *owner);
int store_contact_allowed(struct store *st, const char *owner);
/*
 * Is actor a an active staff member whose role ranks at least need?  0,
 * or PD_ENOPERM with "S-wang is agent; DOING needs the role manager or
 * higher" (doing: what the actor would do, such as "approving the
 * budget", already in the language of messages: _("...")).
 */
int actor_check_role(struct store *st, const struct actor *a,
		     const char *need, const char *doing);

/*
 * Ids.  kind is 'T' (ticket), 'M' (meeting) or 'K' (knowledge-base
 * article, under kb/).  id_new() draws a fresh id
 * for the creation time t, from the system's random source, redrawing if
 * the record file already exists.
 */
#define ID_LEN 15		/* T-YYMMDD-XXXXXX */
int id_valid(char kind, const char *id);
int id_new(struct store *st, char kind, time_t t, char id[ID_LEN + 1]);
/* n random Crockford base32 characters into out (NUL-terminated). */
int random_base32(char *out, size_t n);
/* "tickets/2026/11/T-261122-K7QF2A.json" of a valid id (caller frees). */
char *id_relpath(const char *id);
/*
 * Resolve what a user typed (a full id, or its random part or a unique
 * prefix of it of at least 4 characters) to a full id of an existing
 * record.  PD_EUSAGE for something that is not an id, PD_ENOINPUT for no
 * match, PD_EDATA for an ambiguous prefix (naming the candidates).
 */
int id_resolve(struct store *st, char kind, const char *arg,
	       char id[ID_LEN + 1]);

/*
 * Call fn for every record of kind ('T' or 'M'), in id order within each
 * month, months in order.  fn gets the path relative to the store and the
 * parsed record (or NULL and a message in pd_errmsg() when the file is not
 * valid JSON); it returns 0 to go on, anything else to stop with that
 * value.  flags:
 *
 * STORE_IDS_ONLY: the records are not read (rec is NULL).
 * STORE_SKIP_BAD: the bad-record policy of every listing and report.  A
 *   file that cannot be read or parsed, and a record fn refuses by
 *   returning RECORD_BAD (the reason recorded with pd_error()), is warned
 *   about on standard error, naming the file, and skipped; the walk goes
 *   on and then returns PD_EDATA ("some meetings could not be read (see
 *   above)"), so that the caller prints what it has and exits 65.
 */
typedef int (*record_fn)(void *ctx, const char *relpath, json_t *rec);
enum {
	STORE_IDS_ONLY = 1 << 0,
	STORE_SKIP_BAD = 1 << 1,
};
#define RECORD_BAD (-1)
int store_foreach(struct store *st, char kind, unsigned flags, record_fn fn,
		  void *ctx);
/*
 * store_foreach() over the months from year/month on only (ids carry the
 * creation date, so a caller that knows no older record can matter reads
 * no older directory).  year 0 means every month.
 */
int store_foreach_since(struct store *st, char kind, int year, int month,
			unsigned flags, record_fn fn, void *ctx);

/*
 * A walk over the records of kind through the summary cache (DESIGN §4):
 * a record whose file git's index shows unchanged, and whose blob has a
 * summary in .git/plaindesk/, is given as its summary and read only if
 * summary() asks for it; every other record is read and given to
 * record() as store_foreach() would (rec NULL when it cannot be read),
 * and those git's index vouches for are summarized by make() and kept
 * for the next walk.  Within a month the summaries come before the
 * records read, so a caller must not depend on the order.  The cache is
 * read and written only when it can be without waiting and without
 * failing; $PLAINDESK_CACHE=0 leaves it alone and reads every record.
 */
#define SUMMARY_NEED_RECORD 0x5ead
struct summary_ops {
	unsigned version;	/* of make()'s bytes and what they mean */
	/* The summary of rec found at rel as bytes (caller frees), or NULL
	 * when rec is not to be kept. */
	void *(*make)(void *ctx, const char *rel, json_t *rec, size_t *len);
	/* A summary: 0 to go on, SUMMARY_NEED_RECORD to have the record
	 * read and given to record(), anything else to stop with it. */
	int (*summary)(void *ctx, const char *rel, const void *sum,
		       size_t len);
	record_fn record;
};
int store_foreach_summary(struct store *st, char kind,
			  const struct summary_ops *ops, void *ctx);

/* Load one record by full id: PD_ENOINPUT if missing, PD_EDATA if bad. */
int store_load_record(struct store *st, const char *id, json_t **rec);
/* The same, then its shape held to validate() (an error code with a
 * message) and its id to the one asked for; an error names the file and
 * leaves *rec NULL. */
int store_load_checked(struct store *st, const char *id,
		       int (*validate)(json_t *rec), json_t **rec);

#endif
