/*
 * UTF-8 text: validation against the limits of DESIGN §2, display width
 * for aligning CJK text, and making text safe for a terminal, a
 * spreadsheet or a browser.
 */
#ifndef PLAINDESK_TEXT_H
#define PLAINDESK_TEXT_H

#include <stddef.h>
#include "util.h"

#define TITLE_MAX_CHARS 200
#define TEXT_MAX_BYTES 65536

/* Is s (len bytes) valid UTF-8 without overlongs, surrogates or NUL? */
int utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8 s. */
size_t utf8_chars(const char *s);

/*
 * Check a text field: valid UTF-8, no control characters but tab and
 * newline (no newline either when is_title), at most TITLE_MAX_CHARS code
 * points for a title, TEXT_MAX_BYTES bytes otherwise.  On failure records
 * "<field>: <what is wrong>" with pd_error(PD_EDATA, ...) and returns
 * PD_EDATA; else 0.
 */
int text_check(const char *field, const char *s, int is_title);

/*
 * Check a register cell, or any text that becomes one line of something
 * else (a git signature, a mail header): valid UTF-8 without any control
 * character, tab and newline included.  0, or PD_EDATA with "<field>:
 * ..." recorded.
 */
int text_check_cell(const char *field, const char *s);

/*
 * Terminal display width of valid UTF-8 s: East Asian wide and fullwidth
 * characters count 2, combining marks 0, others 1.  Invalid bytes count 1.
 */
size_t text_width(const char *s);

/*
 * Append s to sb with control characters (C0 but tab and newline, DEL, C1)
 * removed and invalid UTF-8 replaced by U+FFFD.  With one_line, tab and
 * newline become a space too.
 */
void text_add_clean(struct sbuf *sb, const char *s, int one_line);

/* Append s cut to at most width columns (an ellipsis "…" marks a cut),
 * padded with spaces to exactly width when pad is set.  s is cleaned as
 * by text_add_clean(one_line). */
void text_add_fit(struct sbuf *sb, const char *s, size_t width, int pad);

/* Turn CRLF (and a lone CR) into LF in place, as text typed on another
 * system or pasted from a spreadsheet arrives; returns the new length. */
size_t text_unix_newlines(char *s, size_t len);

/*
 * Read free text for field from standard input ("--description -"):
 * newlines made LF, the final newline dropped, NUL refused.  Returns 0 or
 * an error code; the caller frees *text.
 */
int text_read_stdin(const char *field, char **text);

/* Append s HTML-escaped (& < > " ' become entities). */
void html_add_escaped(struct sbuf *sb, const char *s);

/*
 * Append s (len bytes) as one line of Markdown text: \ ` * _ [ ] < > |
 * get a backslash, so that nothing in it becomes a link, an image, HTML,
 * code, emphasis or a table cell; newlines, CR and tab become spaces.
 * md_unescape() undoes it in place (as Markdown reads a backslash).
 */
void md_add_escaped(struct sbuf *sb, const char *s, size_t len);
void md_unescape(char *s);

/*
 * Append one CSV cell (RFC 4180: quoted when it holds , " CR or LF).
 * Unless raw, a cell a spreadsheet would run as a formula (first character
 * = + - @ tab or CR) is neutralised by a leading apostrophe.  Control
 * characters other than tab, CR and LF are left out either way.
 */
void csv_add_cell(struct sbuf *sb, const char *s, int raw);

/* The UTF-8 byte-order mark spreadsheets look for in CSV (--bom). */
#define UTF8_BOM "\xEF\xBB\xBF"

#endif
