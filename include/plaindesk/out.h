/*
 * Listings: one table written as an aligned text table (CJK-width aware),
 * RFC 4180 CSV with a header row, a JSON array of objects, or a
 * spreadsheet (xlsx, one sheet).
 *
 * A table is built row by row with string cells; the JSON and xlsx forms
 * can carry typed values (numbers, booleans, null) through
 * table_set_json(), and xlsx shows a number in the cell's number format
 * (table_set_numfmt()).
 */
#ifndef PLAINDESK_OUT_H
#define PLAINDESK_OUT_H

#include <stdio.h>
#include <jansson.h>
#include "opt.h"
#include "util.h"

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSON, OUT_XLSX };
extern const char *const out_format_names[];	/* by enum out_format */

/* "text", "csv", "json", "xlsx" -> format; 0 or -1. */
int out_format_parse(const char *s, enum out_format *f);

struct table {
	size_t ncols;
	char **cols;		/* column names (csv/json keys, text headers) */
	char **labels;		/* text headers; NULL entries use cols */
	size_t nrows, cap;
	char ***cells;		/* [row][col], NULL for empty */
	json_t **json;		/* per row: object of typed values, or NULL */
	const char ***numfmt;	/* [row][col]: a number's format, or NULL */
	char *title;		/* the sheet's name in xlsx; NULL: "Sheet" */
};

void table_init(struct table *t, size_t ncols, const char *const *cols);
void table_release(struct table *t);
/* Text header label for column i (default: the column name upper-cased). */
void table_set_label(struct table *t, size_t col, const char *label);
/* Start a new row; returns its index. */
size_t table_add_row(struct table *t);
/* Set a cell of the last row (copies s; NULL for empty). */
void table_set(struct table *t, size_t col, const char *s);
/* Set the typed JSON value of a cell of the last row (takes a reference);
 * without it the JSON form uses the string (or null when empty). */
void table_set_json(struct table *t, size_t col, json_t *v);
/* The number format of a cell of the last row in xlsx ("0.0%"); fmt is
 * borrowed and must outlive the table (a string literal). */
void table_set_numfmt(struct table *t, size_t col, const char *fmt);
/* The name of the table's sheet in xlsx. */
void table_set_title(struct table *t, const char *title);

/* How table_write() writes CSV (flags, or-ed). */
enum {
	OUT_RAW = 1 << 0,	/* no formula neutralisation (--raw) */
	OUT_BOM = 1 << 1,	/* a UTF-8 byte-order mark first (--bom) */
};

/*
 * Write the table to fp.  Text: columns separated by two spaces, padded to
 * display width, control characters stripped; the last column is not
 * padded.  CSV: header row, RFC 4180 with CRLF line ends; cells of text
 * are formula-neutralised unless OUT_RAW, cells whose typed value is a
 * number (table_set_json) never are.  JSON: one array of objects, keys in
 * column order, two-space indent.  xlsx: a workbook of one sheet (see
 * xlsx.h).  Returns 0, or PD_EIO if writing failed (another error code
 * when the spreadsheet cannot be made).
 */
int table_write(const struct table *t, enum out_format f, int flags,
		FILE *fp);

/*
 * Where output goes (-o FILE): path, written whole through a temporary
 * file once complete, or standard output when path is NULL.  Returns 0
 * or an error code with a message.
 */
int out_write(const char *path, const char *data, size_t len);

/* table_write() to path (as out_write()) or standard output. */
int table_write_to(const struct table *t, enum out_format f, int flags,
		   const char *path);

/*
 * A spreadsheet goes to a file, never to a terminal or a pipe by
 * accident: PD_EUSAGE ("--format xlsx needs -o FILE") when xlsx is
 * nonzero and path is NULL, else 0.
 */
int out_check_dest(int xlsx, const char *path);

/*
 * What a listing's options ask for besides its format: --raw, --bom and
 * -o FILE, which OUT_OPTS() puts in a program's option table (for the
 * commands in only; NULL: the program).
 */
struct out_opts {
	const char *path;	/* -o FILE; NULL: standard output */
	int raw, bom;
};

#define OUT_OPTS(o, only) \
	OPT_FULL(OPT_T_FLAG, "raw", &(o)->raw, NULL, NULL, (only), NULL, \
		 N_("in CSV, leave cells a spreadsheet would run as formulas as they are")), \
	OPT_FULL(OPT_T_FLAG, "bom", &(o)->bom, NULL, NULL, (only), NULL, \
		 N_("in CSV, a UTF-8 byte-order mark first, for spreadsheets that guess the encoding")), \
	OPT_SHORT_FULL('o', OPT_T_STRING, "output", &(o)->path, "FILE", \
		       NULL, (only), NULL, \
		       N_("write to FILE, whole once complete, not to standard output (needed for xlsx)"))

/* The flags of table_write() that o asks for (OUT_RAW, OUT_BOM). */
int out_opts_flags(const struct out_opts *o);

/*
 * The format a listing's --format names (NULL: text) into *f: 0, or
 * PD_EUSAGE with a message for a format unknown or xlsx without -o FILE.
 */
int out_opts_format(const struct out_opts *o, const char *name,
		    enum out_format *f);

/* The JSON form of the table: an array of objects (new reference). */
json_t *table_json(const struct table *t);

/*
 * Close stdout and report a write error (e.g. > /dev/full): returns 0 or
 * PD_EIO with a message recorded.
 */
int out_close_stdout(void);

#endif
