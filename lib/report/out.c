/*
 * Listings: a table of string cells written as aligned text for people,
 * RFC 4180 CSV or an xlsx workbook for spreadsheets, or a JSON array of
 * objects for scripts (DESIGN §3 "output", §6).
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/clock.h"
#include "plaindesk/i18n.h"
#include "plaindesk/out.h"
#include "plaindesk/text.h"
#include "plaindesk/xlsx.h"

/* No text column is wider than this; longer cells are cut with "…". */
#define TEXT_COLUMN_MAX 60
/* A text table fits this many columns when it can. */
#define TEXT_LINE_MAX 100
#define TEXT_COLUMN_MIN 20
/* ... and the last column this few, when that makes the line fit. */
#define TEXT_LAST_MIN 10

const char *const out_format_names[] = {
	"text", "csv", "json", "xlsx", NULL
};

int
out_format_parse(const char *s, enum out_format *f)
{
	int i = str_index(out_format_names, s);

	if (i < 0)
		return -1;
	*f = (enum out_format)i;
	return 0;
}

void
table_init(struct table *t, size_t ncols, const char *const *cols)
{
	t->ncols = ncols;
	t->cols = xcalloc(ncols, sizeof(*t->cols));
	t->labels = xcalloc(ncols, sizeof(*t->labels));
	for (size_t i = 0; i < ncols; i++)
		t->cols[i] = xstrdup(cols[i]);
	t->nrows = t->cap = 0;
	t->cells = NULL;
	t->json = NULL;
	t->numfmt = NULL;
	t->title = NULL;
}

void
table_release(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++)
			free(t->cells[r][i]);
		free(t->cells[r]);
		free(t->numfmt[r]);
		json_decref(t->json[r]);
	}
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i]);
		free(t->labels[i]);
	}
	free(t->cells);
	free(t->json);
	free(t->numfmt);
	free(t->title);
	free(t->cols);
	free(t->labels);
	memset(t, 0, sizeof(*t));
}

void
table_set_label(struct table *t, size_t col, const char *label)
{
	assert(col < t->ncols);
	free(t->labels[col]);
	t->labels[col] = label ? xstrdup(label) : NULL;
}

size_t
table_add_row(struct table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * sizeof(*t->cells));
		t->json = xrealloc(t->json, t->cap * sizeof(*t->json));
		t->numfmt = xrealloc(t->numfmt, t->cap * sizeof(*t->numfmt));
	}
	t->cells[t->nrows] = xcalloc(t->ncols, sizeof(**t->cells));
	t->numfmt[t->nrows] = xcalloc(t->ncols, sizeof(**t->numfmt));
	t->json[t->nrows] = NULL;
	return t->nrows++;
}

void
table_set(struct table *t, size_t col, const char *s)
{
	char **cell;

	assert(t->nrows > 0 && col < t->ncols);
	cell = &t->cells[t->nrows - 1][col];
	free(*cell);
	*cell = s ? xstrdup(s) : NULL;
}

void
table_set_json(struct table *t, size_t col, json_t *v)
{
	json_t **row;

	assert(t->nrows > 0 && col < t->ncols);
	if (!v)
		return;
	row = &t->json[t->nrows - 1];
	if (!*row)
		*row = json_object();
	json_object_set_new(*row, t->cols[col], v);
}

void
table_set_numfmt(struct table *t, size_t col, const char *fmt)
{
	assert(t->nrows > 0 && col < t->ncols);
	t->numfmt[t->nrows - 1][col] = fmt;
}

void
table_set_title(struct table *t, const char *title)
{
	free(t->title);
	t->title = title ? xstrdup(title) : NULL;
}

/* The text header of column i: its label, or its name upper-cased. */
static char *
header_label(const struct table *t, size_t i)
{
	char *s;

	if (t->labels[i])
		return xstrdup(t->labels[i]);
	if (pd_label("column", t->cols[i]) != t->cols[i])
		return xstrdup(pd_label("column", t->cols[i]));
	s = xstrdup(t->cols[i]);
	/* ASCII only: the result must not depend on the locale. */
	for (char *p = s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return s;
}

/* Display width of s as the text table shows it (cleaned, one line). */
static size_t
cell_width(const char *s)
{
	struct sbuf clean;
	size_t w;

	if (!s)
		return 0;
	sbuf_init(&clean);
	text_add_clean(&clean, s, 1);
	w = text_width(clean.buf);
	sbuf_release(&clean);
	return w;
}

/* Write one line of cells, cut and padded to widths, no trailing blanks. */
static void
write_text_line(FILE *fp, struct sbuf *line, const char *const *cells,
		const size_t *widths, size_t ncols)
{
	line->len = 0;
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			sbuf_adds(line, "  ");
		text_add_fit(line, cells[i], widths[i], i + 1 < ncols);
	}
	while (line->len > 0 && line->buf[line->len - 1] == ' ')
		line->len--;
	sbuf_addc(line, '\n');
	fwrite(line->buf, 1, line->len, fp);
}

/*
 * A time as a text table shows it: "11-23 09:05", with the year when it
 * is not the current one; CSV and JSON keep the full RFC 3339.  Only a
 * cell that is exactly a time the programs print is shortened.
 */
static int
short_time(const char *s, int year, char out[24])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd+dd:dd";
	size_t i;

	if (!s || strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    shape[i] == '+' ? s[i] != '+' && s[i] != '-' :
		    s[i] != shape[i])
			return 0;
	if (atoi(s) == year)
		snprintf(out, 24, "%.5s %.5s", s + 5, s + 11);
	else
		snprintf(out, 24, "%.10s %.5s", s, s + 11);
	return 1;
}

/* The current year in the store's time zone, for short_time(). */
static int
current_year(void)
{
	time_t now;
	int y, m, d;

	if (clock_now(&now) < 0)
		now = time(NULL);
	day_to_ymd(time_day(now), &y, &m, &d);
	return y;
}

/* The cells of row r as the text table shows them (owned by shown). */
static void
text_cells(const struct table *t, size_t r, int year, char **shown)
{
	char tbuf[24];

	for (size_t i = 0; i < t->ncols; i++) {
		const char *c = t->cells[r][i];

		if (short_time(c, year, tbuf))
			shown[i] = xstrdup(tbuf);
		else
			shown[i] = xstrdup(c ? pd_label(t->cols[i], c) : "");
	}
}

/*
 * Every column at TEXT_COLUMN_MIN and the line still too wide by a few:
 * the last one (a title or a text, cut with "…") narrower, down to
 * TEXT_LAST_MIN, when that makes the line fit.
 */
static void
fit_last(size_t *widths, size_t ncols, size_t total)
{
	size_t *last = &widths[ncols - 1];

	if (*last >= TEXT_LAST_MIN &&
	    total - TEXT_LINE_MAX <= *last - TEXT_LAST_MIN)
		*last -= total - TEXT_LINE_MAX;
}

/*
 * Narrow the widest columns until the line fits TEXT_LINE_MAX, none
 * below TEXT_COLUMN_MIN (a table of many narrow columns may still be
 * wider).
 */
static void
fit_widths(size_t *widths, size_t ncols)
{
	for (;;) {
		size_t total = ncols ? 2 * (ncols - 1) : 0, widest = 0;

		for (size_t i = 0; i < ncols; i++) {
			total += widths[i];
			if (widths[i] > widths[widest])
				widest = i;
		}
		if (total <= TEXT_LINE_MAX)
			return;
		if (widths[widest] <= TEXT_COLUMN_MIN) {
			fit_last(widths, ncols, total);
			return;
		}
		widths[widest] -= total - TEXT_LINE_MAX < widths[widest] -
			TEXT_COLUMN_MIN ? total - TEXT_LINE_MAX :
			widths[widest] - TEXT_COLUMN_MIN;
	}
}

static void
write_text(const struct table *t, FILE *fp)
{
	char **headers = xcalloc(t->ncols, sizeof(*headers));
	char ***rows = xcalloc(t->nrows + 1, sizeof(*rows));
	size_t *widths = xcalloc(t->ncols, sizeof(*widths));
	int year = current_year();
	struct sbuf line;

	for (size_t r = 0; r < t->nrows; r++) {
		rows[r] = xcalloc(t->ncols + 1, sizeof(**rows));
		text_cells(t, r, year, rows[r]);
	}
	for (size_t i = 0; i < t->ncols; i++) {
		headers[i] = header_label(t, i);
		widths[i] = cell_width(headers[i]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t w = cell_width(rows[r][i]);

			if (w > widths[i])
				widths[i] = w;
		}
		if (widths[i] > TEXT_COLUMN_MAX)
			widths[i] = TEXT_COLUMN_MAX;
	}
	fit_widths(widths, t->ncols);
	sbuf_init(&line);
	write_text_line(fp, &line, (const char *const *)headers, widths,
			t->ncols);
	for (size_t r = 0; r < t->nrows; r++) {
		write_text_line(fp, &line, (const char *const *)rows[r],
				widths, t->ncols);
		for (size_t i = 0; i < t->ncols; i++)
			free(rows[r][i]);
		free(rows[r]);
	}
	free(rows);
	sbuf_release(&line);
	for (size_t i = 0; i < t->ncols; i++)
		free(headers[i]);
	free(headers);
	free(widths);
}

/* Is cell i of row r a number the program computed (never altered)? */
static int
typed_number(const struct table *t, size_t r, size_t i)
{
	return t->json[r] &&
	       json_is_number(json_object_get(t->json[r], t->cols[i]));
}

/* One CSV line: row r, or the header when r is -1. */
static void
write_csv_line(FILE *fp, struct sbuf *line, const struct table *t, long r,
	       int raw)
{
	char *const *cells = r < 0 ? t->cols : t->cells[r];

	line->len = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			sbuf_addc(line, ',');
		csv_add_cell(line, cells[i], raw ||
			     (r >= 0 && typed_number(t, (size_t)r, i)));
	}
	sbuf_adds(line, "\r\n");
	fwrite(line->buf, 1, line->len, fp);
}

static void
write_csv(const struct table *t, int flags, FILE *fp)
{
	struct sbuf line;

	if (flags & OUT_BOM)
		fputs(UTF8_BOM, fp);
	sbuf_init(&line);
	write_csv_line(fp, &line, t, -1, flags & OUT_RAW);
	for (size_t r = 0; r < t->nrows; r++)
		write_csv_line(fp, &line, t, (long)r, flags & OUT_RAW);
	sbuf_release(&line);
}

/*
 * The JSON string for a cell.  jansson refuses invalid UTF-8, which only a
 * hand-edited record can hold; such a cell is shown cleaned rather than
 * dropped.
 */
static json_t *
json_cell(const char *s)
{
	struct sbuf clean;
	json_t *v;

	if (!s)
		return json_null();
	if ((v = json_string(s)))
		return v;
	sbuf_init(&clean);
	text_add_clean(&clean, s, 0);
	v = json_string(clean.buf ? clean.buf : "");
	sbuf_release(&clean);
	return v ? v : json_null();
}

json_t *
table_json(const struct table *t)
{
	json_t *rows = json_array();

	for (size_t r = 0; r < t->nrows; r++) {
		json_t *obj = json_object();

		for (size_t i = 0; i < t->ncols; i++) {
			json_t *v = t->json[r] ?
				json_object_get(t->json[r], t->cols[i]) : NULL;

			if (v)
				json_object_set(obj, t->cols[i], v);
			else
				json_object_set_new(obj, t->cols[i],
						    json_cell(t->cells[r][i]));
		}
		json_array_append_new(rows, obj);
	}
	return rows;
}

static void
write_json(const struct table *t, FILE *fp)
{
	json_t *rows = table_json(t);

	json_dumpf(rows, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(rows);
}

/* A workbook of one sheet, made whole before a byte of it is written. */
static int
write_xlsx(const struct table *t, FILE *fp)
{
	struct xlsx_book *b;
	time_t now = 0;
	char *data;
	size_t len;
	int rc;

	/* The workbook says when it was made: the clock, so that the same
	 * listing at the same PLAINDESK_NOW is the same file. */
	clock_now(&now);
	b = xlsx_new(now, t->title);
	if ((rc = xlsx_add_table(b, t->title, t))) {
		xlsx_free(b);
		return rc;
	}
	if ((rc = xlsx_finish(b, &data, &len)))
		return rc;
	errno = 0;
	fwrite(data, 1, len, fp);
	free(data);
	return 0;
}

int
table_write(const struct table *t, enum out_format f, int flags, FILE *fp)
{
	int rc;

	errno = 0;
	switch (f) {
	case OUT_TEXT:
		write_text(t, fp);
		break;
	case OUT_CSV:
		write_csv(t, flags, fp);
		break;
	case OUT_JSON:
		write_json(t, fp);
		break;
	case OUT_XLSX:
		if ((rc = write_xlsx(t, fp)))
			return rc;
		break;
	}
	/* Flush so that a full disk is reported here, not lost at exit. */
	if (fflush(fp) != 0 || ferror(fp))
		return pd_error(PD_EIO, "cannot write output: %s",
				strerror(errno ? errno : EIO));
	return 0;
}

int
out_write(const char *path, const char *data, size_t len)
{
	if (path)
		return write_file_atomic(path, data, len);
	errno = 0;
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return pd_error(PD_EIO, "cannot write output: %s",
				strerror(errno ? errno : EIO));
	return 0;
}

int
table_write_to(const struct table *t, enum out_format f, int flags,
	       const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if (!path)
		return table_write(t, f, flags, stdout);
	if (!(fp = open_memstream(&buf, &len)))
		return pd_error(PD_EIO, "cannot write output: %s",
				strerror(errno));
	rc = table_write(t, f, flags, fp);
	fclose(fp);
	if (!rc)
		rc = out_write(path, buf, len);
	free(buf);
	return rc;
}

int
out_opts_flags(const struct out_opts *o)
{
	return (o->raw ? OUT_RAW : 0) | (o->bom ? OUT_BOM : 0);
}

int
out_opts_format(const struct out_opts *o, const char *name,
		enum out_format *f)
{
	*f = OUT_TEXT;
	if (name && out_format_parse(name, f) < 0)
		return pd_error(PD_EUSAGE, "unknown format '%s' (expected %s)",
				name, str_join_list(out_format_names));
	return out_check_dest(*f == OUT_XLSX, o->path);
}

int
out_check_dest(int xlsx, const char *path)
{
	if (xlsx && !path)
		return pd_error(PD_EUSAGE, "--format xlsx needs -o FILE");
	return 0;
}

int
out_close_stdout(void)
{
	int err = 0;

	errno = 0;
	if (fflush(stdout) != 0)
		err = errno;
	else if (ferror(stdout))
		err = EIO;	/* an earlier write failed; its errno is gone */
	if (fclose(stdout) != 0 && !err)
		err = errno;
	if (err)
		return pd_error(PD_EIO, "cannot write output: %s",
				strerror(err));
	return 0;
}
