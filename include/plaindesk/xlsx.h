/*
 * Spreadsheets: tables (out.h) written as the sheets of one xlsx
 * workbook with libxlsxwriter (DESIGN §6 "--format xlsx").
 *
 * Each sheet has the table's column names as a bold header row, frozen;
 * a cell whose typed value (table_set_json) is a number is a number,
 * shown with the cell's number format (table_set_numfmt), a boolean is a
 * boolean, null or an empty cell is blank, and everything else is text,
 * never a formula.  Columns are as wide as their text, Chinese counted
 * double.
 *
 *	struct xlsx_book *b = xlsx_new(now, "KPI 2026-W47");
 *	xlsx_add_table(b, "客户服务", &service);
 *	rc = xlsx_finish(b, &data, &len);
 */
#ifndef PLAINDESK_XLSX_H
#define PLAINDESK_XLSX_H

#include <stddef.h>
#include <time.h>

#include "out.h"

struct xlsx_book;

/*
 * A new workbook; created goes into its properties (so that the same
 * report made at the same time is the same bytes), title too (may be
 * NULL).
 */
struct xlsx_book *xlsx_new(time_t created, const char *title);

/*
 * Add t as a sheet.  name is cleaned to what a sheet name may be (no
 * []:*?/\, at most 31 characters, unique): "Sheet" + n when nothing
 * is left.  Returns 0, or PD_EDATA for more rows or columns than a
 * sheet holds.
 */
int xlsx_add_table(struct xlsx_book *b, const char *name,
		   const struct table *t);

/*
 * Write the workbook: its bytes in *data (caller frees), and free b.
 * Returns 0 or an error code with a message.
 */
int xlsx_finish(struct xlsx_book *b, char **data, size_t *len);

/* Free a workbook not finished (after an error). */
void xlsx_free(struct xlsx_book *b);

#endif
