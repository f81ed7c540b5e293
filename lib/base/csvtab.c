/*
 * CSV tables over libcsv: the registers and --from-csv imports.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/csvtab.h"
#include "plaindesk/text.h"

void
csvtab_init(struct csvtab *t)
{
	memset(t, 0, sizeof(*t));
}

static void
free_row(char **row, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(row[i]);
	free(row);
}

void
csvtab_release(struct csvtab *t)
{
	free_row(t->header, t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		free_row(t->rows[r], t->ncols);
	free(t->rows);
	free(t->lines);
	strlist_release(&t->row_problems);
	csvtab_init(t);
}

/* The parser's state between libcsv callbacks. */
struct parse_ctx {
	struct csvtab *t;
	const char *name;
	struct strlist fields;	/* of the row being read */
	size_t line;		/* where the row being read started */
	size_t newlines;	/* inside fields of the row being read */
	int row_bad;		/* the row being read is refused */
	int rc;
};

/* The row being read is refused: why, in the table's list (once). */
static void
refuse_row(struct parse_ctx *ctx)
{
	if (!ctx->row_bad)
		strlist_add(&ctx->t->row_problems, pd_errmsg());
	ctx->row_bad = 1;
}

static void
on_field(void *data, size_t len, void *vctx)
{
	struct parse_ctx *ctx = vctx;
	const char *s = data ? data : "";

	if (ctx->rc)
		return;
	if (!utf8_valid(s, len)) {
		int rc = pd_error(PD_EDATA, "%s: line %zu: not valid UTF-8",
				  ctx->name, ctx->line);

		if (!ctx->t->header)
			ctx->rc = rc;
		refuse_row(ctx);
	}
	for (size_t i = 0; i < len; i++)
		ctx->newlines += s[i] == '\n';
	/* Spreadsheets end lines inside a cell with CRLF too. */
	{
		char *field = xstrndup(s, len);

		text_unix_newlines(field, len);
		strlist_add_owned(&ctx->fields, field);
	}
}

static void
add_row(struct csvtab *t, char **row, size_t line)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
		t->lines = xrealloc(t->lines, t->cap * sizeof(*t->lines));
	}
	t->lines[t->nrows] = line;
	t->rows[t->nrows++] = row;
}

static void
on_row(int c, void *vctx)
{
	struct parse_ctx *ctx = vctx;
	struct csvtab *t = ctx->t;

	(void)c;
	if (ctx->rc)
		goto next;
	if (!t->header) {
		/* A byte-order mark is never part of a column name, even
		 * after blank lines or a second one: written back, it would
		 * be read as the file's mark and dropped. */
		if (ctx->fields.n > 0) {
			char *first = ctx->fields.items[0], *p = first;

			while (str_startswith(p, UTF8_BOM))
				p += 3;
			memmove(first, p, strlen(p) + 1);
		}
		if (ctx->fields.n == 0) {
			ctx->rc = pd_error(PD_EDATA, "%s: empty header",
					   ctx->name);
			goto next;
		}
		{
			struct strset seen;

			strset_init(&seen);
			for (size_t i = 0; i < ctx->fields.n && !ctx->rc; i++)
				if (!strset_add(&seen, ctx->fields.items[i]))
					ctx->rc = pd_error(PD_EDATA,
					    "%s: column '%s' appears twice",
					    ctx->name, ctx->fields.items[i]);
			strset_release(&seen);
			if (ctx->rc)
				goto next;
		}
		t->ncols = ctx->fields.n;
		t->header = ctx->fields.items;
		strlist_init(&ctx->fields);
	} else if (ctx->fields.n != t->ncols) {
		pd_error(PD_EDATA, "%s: line %zu: %zu fields, expected %zu",
			 ctx->name, ctx->line, ctx->fields.n, t->ncols);
		refuse_row(ctx);
	} else if (!ctx->row_bad) {
		add_row(t, ctx->fields.items, ctx->line);
		strlist_init(&ctx->fields);
	}
next:
	ctx->row_bad = 0;
	strlist_release(&ctx->fields);
	ctx->line += 1 + ctx->newlines;
	ctx->newlines = 0;
}

int
csvtab_parse_rows(struct csvtab *t, const char *data, size_t len,
		  const char *name)
{
	struct parse_ctx ctx = {.t = t, .name = name, .line = 1};
	struct csv_parser p;

	csvtab_release(t);
	if (len >= 3 && memcmp(data, UTF8_BOM, 3) == 0)
		data += 3, len -= 3;
	if (memchr(data, '\0', len))
		return pd_error(PD_EDATA, "%s: contains a NUL byte", name);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return pd_error(PD_ESOFTWARE, "%s: cannot start CSV parser",
				name);
	strlist_init(&ctx.fields);
	if (csv_parse(&p, data, len, on_field, on_row, &ctx) != len ||
	    (!ctx.rc && csv_fini(&p, on_field, on_row, &ctx) != 0)) {
		if (!ctx.rc)
			ctx.rc = pd_error(PD_EDATA, "%s: line %zu: %s", name,
					  ctx.line,
					  csv_strerror(csv_error(&p)));
	}
	csv_free(&p);
	strlist_release(&ctx.fields);
	if (!ctx.rc && !t->header)
		ctx.rc = pd_error(PD_EDATA, "%s: no header row", name);
	if (ctx.rc)
		csvtab_release(t);
	else if (t->row_problems.n)
		ctx.rc = pd_error(PD_EDATA, "%s", t->row_problems.items[0]);
	return ctx.rc;
}

int
csvtab_parse(struct csvtab *t, const char *data, size_t len,
	     const char *name)
{
	int rc = csvtab_parse_rows(t, data, len, name);

	if (rc)
		csvtab_release(t);
	return rc;
}

int
csvtab_load(struct csvtab *t, const char *path, const char *name)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = read_file(path, &data, &len)))
		return rc;
	rc = csvtab_parse(t, data, len, name);
	free(data);
	return rc;
}

int
csvtab_col(const struct csvtab *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
csvtab_get(const struct csvtab *t, size_t r, const char *name)
{
	int c = csvtab_col(t, name);

	return c < 0 || r >= t->nrows ? "" : t->rows[r][c];
}

long
csvtab_find(const struct csvtab *t, const char *name, const char *value)
{
	int c = csvtab_col(t, name);

	if (c < 0)
		return -1;
	for (size_t r = 0; r < t->nrows; r++)
		if (strcmp(t->rows[r][c], value) == 0)
			return (long)r;
	return -1;
}

void
csvtab_set_header(struct csvtab *t, const char *const *cols, size_t n)
{
	csvtab_release(t);
	t->ncols = n;
	t->header = xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		t->header[i] = xstrdup(cols[i]);
}

void
csvtab_append(struct csvtab *t, const char *const *cols,
	      const char *const *values, size_t n)
{
	char **row = xcalloc(t->ncols, sizeof(char *));

	for (size_t c = 0; c < t->ncols; c++)
		row[c] = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		int c = csvtab_col(t, cols[i]);

		if (c >= 0) {
			free(row[c]);
			row[c] = xstrdup(values[i] ? values[i] : "");
		}
	}
	add_row(t, row, t->nrows + 2);	/* its line once written */
}

int
csvtab_set(struct csvtab *t, size_t r, const char *name, const char *value)
{
	int c = csvtab_col(t, name);

	if (c < 0 || r >= t->nrows)
		return -1;
	free(t->rows[r][c]);
	t->rows[r][c] = xstrdup(value);
	return 0;
}

void
csvtab_remove(struct csvtab *t, size_t r)
{
	if (r >= t->nrows)
		return;
	for (size_t c = 0; c < t->ncols; c++)
		free(t->rows[r][c]);
	free(t->rows[r]);
	memmove(t->rows + r, t->rows + r + 1,
		(t->nrows - r - 1) * sizeof(*t->rows));
	memmove(t->lines + r, t->lines + r + 1,
		(t->nrows - r - 1) * sizeof(*t->lines));
	t->nrows--;
}

void
csvtab_format_row(struct sbuf *sb, char *const *row, size_t n)
{
	/* A row of one empty cell written bare would be an empty line,
	 * which readers skip: quote it so the row survives. */
	if (n == 1 && !*row[0]) {
		sbuf_adds(sb, "\"\"\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addc(sb, ',');
		/* Registers are the truth, not a spreadsheet export: raw. */
		csv_add_cell(sb, row[i], 1);
	}
	sbuf_addc(sb, '\n');
}

char *
csvtab_format(const struct csvtab *t, size_t *len)
{
	struct sbuf sb;

	sbuf_init(&sb);
	csvtab_format_row(&sb, t->header, t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		csvtab_format_row(&sb, t->rows[r], t->ncols);
	return sbuf_detach(&sb, len);
}
