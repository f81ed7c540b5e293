/*
 * CSV tables (the registers, --from-csv imports): RFC 4180 with a header
 * row, read and written with libcsv.  A UTF-8 BOM and CRLF line ends are
 * accepted on input; output is LF, with a header row.  Columns the program
 * does not know are kept as they are when a table is written back.
 */
#ifndef PLAINDESK_CSVTAB_H
#define PLAINDESK_CSVTAB_H

#include <stddef.h>
#include "util.h"

struct csvtab {
	size_t ncols;
	char **header;
	size_t nrows, cap;
	char ***rows;		/* rows[r][c], never NULL ("" when empty) */
	size_t *lines;		/* the input line each row started on */
	/* From csvtab_parse_rows(): why each row left out was left out,
	 * "NAME: line 4: 7 fields, expected 6". */
	struct strlist row_problems;
};

void csvtab_init(struct csvtab *t);
void csvtab_release(struct csvtab *t);

/*
 * Parse data.  name is used in messages ("registers/staff.csv: line 4:
 * ...").  Rows with a different number of fields than the header, invalid
 * UTF-8, NUL bytes or unbalanced quotes are refused with PD_EDATA.
 */
int csvtab_parse(struct csvtab *t, const char *data, size_t len,
		 const char *name);
/*
 * The same, but a table whose header reads is kept when rows do not: the
 * rows that read are in t, each one refused is in t->row_problems, and
 * PD_EDATA with the first of them is returned (for plaindesk-check to
 * list every one).  The caller releases t either way.
 */
int csvtab_parse_rows(struct csvtab *t, const char *data, size_t len,
		      const char *name);
/* csvtab_parse() of a file; "-" is stdin. */
int csvtab_load(struct csvtab *t, const char *path, const char *name);

/* Column index of name, or -1. */
int csvtab_col(const struct csvtab *t, const char *name);
/* Cell of row r in column name ("" when there is no such column). */
const char *csvtab_get(const struct csvtab *t, size_t r, const char *name);
/* First row whose column name equals value, or -1. */
long csvtab_find(const struct csvtab *t, const char *name, const char *value);

/* Append a row: values[i] for column names cols[i]; other columns "". */
void csvtab_append(struct csvtab *t, const char *const *cols,
		   const char *const *values, size_t n);
/* Set the cell of row r in column name: 0, or -1 for no such cell. */
int csvtab_set(struct csvtab *t, size_t r, const char *name,
	       const char *value);
/* Remove row r; the rows after it move up. */
void csvtab_remove(struct csvtab *t, size_t r);
/* Set the header of an empty table. */
void csvtab_set_header(struct csvtab *t, const char *const *cols, size_t n);

/* One row of n cells as a CSV line (LF), appended to sb. */
void csvtab_format_row(struct sbuf *sb, char *const *row, size_t n);

/* The table as CSV text (header first, LF line ends). */
char *csvtab_format(const struct csvtab *t, size_t *len);

#endif
