/*
 * KPI reports for people and programs: the object of kpi_json() (with an
 * optional "previous" of the same shape) written as aligned text,
 * Markdown, one self-contained HTML file, a long CSV table, or JSON.
 *
 * Words come from the locale's labels, templates/<locale>/report-labels.json,
 * and the layout from templates/<locale>/report.{txt,md,html} (a store's
 * own templates/ first, then the installed ones, then en), rendered with
 * lib/report/render.c.  JSON and CSV carry the numbers unrounded; the other
 * formats round them for reading.
 */
#ifndef PLAINDESK_KPI_RENDER_H
#define PLAINDESK_KPI_RENDER_H

#include <time.h>
#include <jansson.h>

#include "util.h"

enum kpi_format { KPI_TEXT, KPI_MD, KPI_HTML, KPI_CSV, KPI_JSON, KPI_XLSX };
extern const char *const kpi_format_names[];	/* by enum kpi_format */

/* "text", "md", "html", "csv", "json", "xlsx" -> f; 0 or -1. */
int kpi_format_parse(const char *s, enum kpi_format *f);
/* The file extension of a saved report: txt, md, html, csv, json, xlsx. */
const char *kpi_format_ext(enum kpi_format f);

struct kpi_render_opts {
	enum kpi_format format;
	const char *store_root;	/* for the store's templates; may be NULL */
	const char *locale;	/* "en", "zh-CN" */
	int raw;		/* CSV: no formula neutralisation */
	int bom;		/* CSV: a UTF-8 byte-order mark first */
	time_t generated;	/* when the report was made (text, md, html) */
	json_t *staff_names;	/* staff id -> name, borrowed; may be NULL */
};

/*
 * Append report in o->format to out.  Returns 0, or an error code with a
 * message (a template or labels file missing or broken).
 */
int kpi_render(json_t *report, const struct kpi_render_opts *o,
	       struct sbuf *out);

/*
 * JSON text: two-space indent, objects inside lists on one line, reals
 * in the shortest form that reads back as the same double; a trailing
 * newline.
 */
void kpi_json_text(json_t *v, struct sbuf *out);

/*
 * The long CSV table "section,key,group,value" (RFC 4180, CRLF line
 * ends); flags OUT_RAW and OUT_BOM as for table_write().  Values the
 * report computed are numbers and are never neutralised; text is unless
 * OUT_RAW.
 */
void kpi_csv_text(json_t *report, int flags, struct sbuf *out);

#endif
