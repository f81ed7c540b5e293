/*
 * Spreadsheets with libxlsxwriter: each table a sheet, numbers as
 * numbers, text as text (DESIGN §6).  libxlsxwriter writes to a named
 * file only, so the workbook is made in a private temporary file and
 * read back; nothing is written where the user asked until it is whole.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/lazy_xlsx.h"
#include "plaindesk/text.h"
#include "plaindesk/xlsx.h"

/* No column is set wider than this many characters. */
#define COLUMN_MAX 60
/* Excel's limit on the characters of a cell. */
#define CELL_CHARS_MAX 32767

struct numfmt {
	const char *code;
	lxw_format *format;
};

struct xlsx_book {
	lxw_workbook *wb;
	char *path;		/* the temporary file */
	int rc;			/* the first error, reported at the end */
	lxw_format *header;
	struct numfmt *fmts;
	size_t nfmts;
	struct strlist names;	/* sheet names given, lower-cased ASCII */
	lxw_doc_properties props;
};

/* libxlsxwriter, loaded for the first spreadsheet. */
LAZYLIB_DEFINE(xlsx, PD_SONAME_XLSX, PD_ESOFTWARE, PD_XLSX_FUNCS)

struct xlsx_book *
xlsx_new(time_t created, const char *title)
{
	struct xlsx_book *b = xcalloc(1, sizeof(*b));
	const char *tmp = getenv("TMPDIR");
	int fd;

	strlist_init(&b->names);
	if ((b->rc = pd_xlsx_load()))
		return b;
	b->path = xasprintf("%s/plaindesk-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(b->path)) < 0) {
		b->rc = pd_error(PD_ECANTCREAT,
				 "cannot make a temporary file for the spreadsheet: %s",
				 strerror(errno));
		free(b->path);
		b->path = NULL;
		return b;
	}
	close(fd);
	if (!(b->wb = workbook_new(b->path))) {
		b->rc = pd_error(PD_ECANTCREAT, "cannot start the spreadsheet");
		return b;
	}
	b->props.created = created;
	b->props.title = title ? xstrdup(title) : NULL;
	b->props.author = xstrdup("plaindesk");
	workbook_set_properties(b->wb, &b->props);
	b->header = workbook_add_format(b->wb);
	format_set_bold(b->header);
	return b;
}

/* The format of number format code, made once per workbook. */
static lxw_format *
number_format(struct xlsx_book *b, const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < b->nfmts; i++)
		if (strcmp(b->fmts[i].code, code) == 0)
			return b->fmts[i].format;
	b->fmts = xrealloc(b->fmts, (b->nfmts + 1) * sizeof(*b->fmts));
	b->fmts[b->nfmts].code = code;
	b->fmts[b->nfmts].format = workbook_add_format(b->wb);
	format_set_num_format(b->fmts[b->nfmts].format, code);
	return b->fmts[b->nfmts++].format;
}

/* The bytes of the first chars characters of s (UTF-8). */
static size_t
utf8_prefix(const char *s, size_t chars)
{
	size_t i = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars-- == 0)
			break;
	return i;
}

/*
 * A sheet name Excel accepts: none of []:*?/\, no apostrophe at either
 * end, at most 31 characters, unique without regard to ASCII case.
 */
static char *
sheet_name(struct xlsx_book *b, const char *want)
{
	struct sbuf sb;
	const char *base;
	size_t start = 0;

	sbuf_init(&sb);
	text_add_clean(&sb, want ? want : "", 1);
	for (size_t i = 0; i < sb.len; i++)
		if (strchr("[]:*?/\\", sb.buf[i]))
			sb.buf[i] = '_';
	while (sb.len && strchr("' ", sb.buf[sb.len - 1]))
		sb.buf[--sb.len] = '\0';
	while (start < sb.len && strchr("' ", sb.buf[start]))
		start++;
	base = sb.len > start ? sb.buf + start : "Sheet";
	for (size_t n = 1;; n++) {
		/* The second "Sheet" is "Sheet 2", and so on. */
		char *name = n == 1 ? xstrndup(base, utf8_prefix(base,
						  LXW_SHEETNAME_MAX))
				    : xasprintf("%.*s %zu",
					(int)utf8_prefix(base, 26), base, n);
		char *key = xstrdup(name);

		for (char *p = key; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (!strlist_has(&b->names, key) &&
		    workbook_validate_sheet_name(b->wb, name) == LXW_NO_ERROR) {
			strlist_add_owned(&b->names, key);
			sbuf_release(&sb);
			return name;
		}
		free(key);
		free(name);
	}
}

/* The text of a cell as a sheet may hold it: clean, not too long. */
static char *
cell_text(const char *s, size_t *width)
{
	struct sbuf sb, line;
	size_t cut;

	sbuf_init(&sb);
	text_add_clean(&sb, s, 0);
	if (sb.buf && (cut = utf8_prefix(sb.buf, CELL_CHARS_MAX)) < sb.len)
		sb.buf[sb.len = cut] = '\0';
	sbuf_init(&line);
	text_add_clean(&line, sb.buf ? sb.buf : "", 1);
	*width = text_width(line.buf ? line.buf : "");
	sbuf_release(&line);
	return sb.buf ? sbuf_detach(&sb, NULL) : xstrdup("");
}

/* Write cell (r, c) of t at row r + 1; its display width in *width. */
static lxw_error
write_cell(struct xlsx_book *b, lxw_worksheet *ws, const struct table *t,
	   size_t r, size_t c, size_t *width)
{
	json_t *v = t->json[r] ? json_object_get(t->json[r], t->cols[c])
			       : NULL;
	const char *s = t->cells[r][c];
	lxw_row_t row = (lxw_row_t)(r + 1);
	lxw_col_t col = (lxw_col_t)c;
	lxw_error err;
	char *text;

	*width = 0;
	if (v && json_is_number(v) && isfinite(json_number_value(v))) {
		/* As wide as it reads, within reason. */
		*width = s ? strlen(s) : 8;
		if (*width > 12)
			*width = 12;
		return worksheet_write_number(ws, row, col,
					      json_number_value(v),
					      number_format(b,
							    t->numfmt[r][c]));
	}
	if (v && json_is_boolean(v)) {
		*width = 5;
		return worksheet_write_boolean(ws, row, col, json_is_true(v),
					       NULL);
	}
	if ((v && json_is_null(v)) || !s || !*s)
		return LXW_NO_ERROR;
	text = cell_text(s, width);
	/* A string cell is never a formula, whatever it starts with. */
	err = worksheet_write_string(ws, row, col, text, NULL);
	free(text);
	return err;
}

int
xlsx_add_table(struct xlsx_book *b, const char *name, const struct table *t)
{
	lxw_worksheet *ws;
	size_t *widths;
	lxw_error err = LXW_NO_ERROR;
	char *sheet;

	if (b->rc)
		return b->rc;
	if (t->nrows + 1 > LXW_ROW_MAX || t->ncols > LXW_COL_MAX)
		return b->rc = pd_error(PD_EDATA, "%zu rows of %zu columns do not fit in a spreadsheet",
					t->nrows, t->ncols);
	sheet = sheet_name(b, name);
	ws = workbook_add_worksheet(b->wb, sheet);
	free(sheet);
	if (!ws)
		return b->rc = pd_error(PD_ESOFTWARE, "cannot add a sheet to the spreadsheet");
	widths = xcalloc(t->ncols, sizeof(*widths));
	for (size_t c = 0; c < t->ncols && !err; c++) {
		char *text = cell_text(t->cols[c], &widths[c]);

		err = worksheet_write_string(ws, 0, (lxw_col_t)c, text,
					     b->header);
		free(text);
	}
	for (size_t r = 0; r < t->nrows && !err; r++)
		for (size_t c = 0; c < t->ncols && !err; c++) {
			size_t w;

			err = write_cell(b, ws, t, r, c, &w);
			if (w > widths[c])
				widths[c] = w;
		}
	for (size_t c = 0; c < t->ncols && !err; c++) {
		size_t w = widths[c] + 2;

		err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
					   (double)(w > COLUMN_MAX ? COLUMN_MAX
								  : w < 8 ? 8 : w),
					   NULL);
	}
	free(widths);
	worksheet_freeze_panes(ws, 1, 0);
	if (err)
		b->rc = pd_error(PD_ESOFTWARE, "cannot write the spreadsheet: %s",
				 lxw_strerror(err));
	return b->rc;
}

static void
book_release(struct xlsx_book *b)
{
	if (b->path) {
		unlink(b->path);
		free(b->path);
	}
	free(b->props.title);
	free(b->props.author);
	free(b->fmts);
	strlist_release(&b->names);
	free(b);
}

void
xlsx_free(struct xlsx_book *b)
{
	if (!b)
		return;
	/* libxlsxwriter frees a workbook only by closing it. */
	if (b->wb)
		workbook_close(b->wb);
	book_release(b);
}

int
xlsx_finish(struct xlsx_book *b, char **data, size_t *len)
{
	int rc = b->rc;
	lxw_error err;

	*data = NULL;
	*len = 0;
	if (b->wb) {
		err = workbook_close(b->wb);
		b->wb = NULL;
		if (!rc && err)
			rc = pd_error(PD_EIO, "cannot write the spreadsheet: %s",
				      lxw_strerror(err));
	}
	if (!rc)
		rc = read_file(b->path, data, len);
	book_release(b);
	return rc;
}
