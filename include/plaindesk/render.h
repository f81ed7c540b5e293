/*
 * Logic-less templates: a Mustache subset (variables, sections, inverted
 * sections, comments, dotted names, implicit iterator "."; {{x}} escapes
 * for HTML in RENDER_HTML mode, {{{x}}} and {{&x}} never escape).  Partials
 * and set-delimiter tags are not supported and are reported as errors.
 *
 * The context is a jansson value.  Lookup follows the Mustache spec:
 * names are resolved up the context stack; false, null, empty arrays and
 * empty strings... (see the spec) make sections skip.
 */
#ifndef PLAINDESK_RENDER_H
#define PLAINDESK_RENDER_H

#include <jansson.h>
#include "util.h"

enum render_escape {
	RENDER_HTML,		/* {{x}} is HTML-escaped (Mustache default) */
	RENDER_PLAIN		/* {{x}} is written as is (text, Markdown) */
};

/*
 * Render tmpl with ctx, appending to out.  Returns 0, or PD_EDATA with a
 * message naming the line of an unclosed or mismatched tag.
 */
int render_template(const char *tmpl, json_t *ctx, enum render_escape esc,
		    struct sbuf *out);

/*
 * Load template name (e.g. "agenda.md") for locale: the store's
 * <root>/templates/<locale>/<name> or <root>/templates/<name> if present,
 * else the installed PD_TEMPLATEDIR/<locale>/<name>, else the installed
 * en one.  store_root may be NULL.  Returns 0 or PD_ENOINPUT/PD_EIO.
 */
int render_load_template(const char *store_root, const char *locale,
			 const char *name, char **text);

#endif
