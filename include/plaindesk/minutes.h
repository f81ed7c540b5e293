/*
 * What `mtg-minutes record` is told: from its options ("N|OUTCOME|NOTES",
 * "TEXT|OWNER|DUE|EXPECTED") or from the Markdown form that
 * `mtg-minutes render --format md` writes.  Nothing but the form's file
 * is read: people are kept as typed and resolved against the store by
 * meetings.c.
 *
 * The Markdown form (templates/<locale>/minutes.md) is read by its
 * shape and its labels, in English or Chinese:
 *
 *   - Meeting: M-261120-ABCDEF          checked against the id given
 *   - Started: 2026-11-23T10:05:00+08:00
 *   - Ended: ...
 *   - Present: Name (S-id), Name (S-id)  (also Absent, Late)
 *   ### 1. Topic                          an agenda item, by its number
 *   - Outcome: achieved                   then, after a blank line, notes
 *   ## Decisions                          "- text" bullets, continued by
 *                                         lines indented two spaces
 *   ## Actions                            a table | # | action | owner |
 *                                         due | expected |, or bullets
 *                                         "- TEXT | OWNER | DUE | EXPECTED"
 *
 * Other lines (the title, the planned time, goals, owners) are for people
 * and are ignored.  Text that could be read as structure is escaped by
 * md_escape_line() / md_escape_cell() when rendered and unescaped here,
 * so render -> record --from-file gives back the same data.
 */
#ifndef PLAINDESK_MINUTES_H
#define PLAINDESK_MINUTES_H

#include <stddef.h>
#include "util.h"

struct minutes_item {
	long n;
	char *outcome;
	char *notes;		/* may be "" */
};

struct minutes_action {
	char *text, *owner, *due, *expected;
};

struct minutes_input {
	char *meeting;		/* the id the form names, or NULL */
	char *started, *ended;	/* as typed, or NULL */
	struct strlist present, absent, late, decisions;
	struct minutes_item *items;
	size_t nitems;
	struct minutes_action *actions;
	size_t nactions;
};

void minutes_input_init(struct minutes_input *in);
void minutes_input_release(struct minutes_input *in);

/* "N|OUTCOME[|NOTES]" (notes may hold '|'); 0 or PD_EUSAGE. */
int minutes_add_outcome(struct minutes_input *in, const char *spec);
/* "TEXT|OWNER|DUE[|EXPECTED]" ("\|" for a bar); 0 or PD_EUSAGE. */
int minutes_add_action(struct minutes_input *in, const char *spec);

/*
 * Parse the Markdown form.  name is used in messages ("m.md: line 7:
 * ...").  Returns 0 or PD_EDATA.
 */
int minutes_parse_md(struct minutes_input *in, const char *text,
		     const char *name);

/*
 * What `mtg-minutes record` is given on its command line: the minutes
 * as options, or the form to read.  Its option table fills the strings
 * (borrowed), outcomes and actions, and in's present, absent, late and
 * decisions.
 */
struct minutes_request {
	const char *started, *ended;	/* as typed, or NULL */
	const char *from_file;		/* the Markdown form, or NULL */
	struct strlist outcomes;	/* "N|OUTCOME[|NOTES]" */
	struct strlist actions;		/* "TEXT|OWNER|DUE|EXPECTED" */
	struct minutes_input in;
};

void minutes_request_init(struct minutes_request *r);
void minutes_request_release(struct minutes_request *r);
/*
 * The options taken together: --from-file alone, or --started and
 * --ended with the rest, which are parsed into r->in.  0, or PD_EUSAGE
 * with a message.
 */
int minutes_request_check(struct minutes_request *r);
/*
 * Read the form r->from_file into r->in: PD_ENOINPUT, or PD_EDATA for a
 * file that is not UTF-8 text or not the form.
 */
int minutes_request_read(struct minutes_request *r);

/*
 * Markdown escaping for the form: a line of notes or a decision that
 * would read as structure (a heading, "\#") gets a leading backslash; a
 * table cell has '\' and '|' escaped.  Results are malloc'ed.
 */
char *md_escape_block(const char *text, const char *indent);
char *md_escape_cell(const char *text);

/* Trim leading blank lines and trailing white space (notes as stored). */
char *text_trim_block(const char *s);

#endif
