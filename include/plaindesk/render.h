/*
 * Logic-less templates: a Mustache subset (variables, sections, inverted
 * sections, comments, dotted names, implicit iterator "."; {{x}} escapes
 * for HTML in RENDER_HTML mode, {{{x}}} and {{&x}} never escape).  Partials
 * and set-delimiter tags are not supported and are reported as errors.
 *
 * The context is a jansson value.  Lookup follows the Mustache spec:
 * the first part of a dotted name is resolved up the context stack, the
 * rest only inside what it found; a decimal part indexes an array
 * ("contacts.0.name").  Sections use JavaScript truthiness, as the spec's
 * "!!data" does: false, null, "", 0 and empty arrays skip a section (and
 * render an inverted one); a list repeats the section once per element;
 * any other value is pushed as the context for one pass.
 *
 * Interpolation: strings as they are, integers in full, reals as
 * JavaScript prints them (1.21, 1e+21), true/false, nothing for null or
 * a miss, objects and arrays as compact JSON.  RENDER_HTML escapes
 * & < > " ' in {{x}}; RENDER_MARKDOWN escapes what Markdown would read as
 * markup (md_add_escaped()).  Whatever the mode, the output holds no
 * control character but tab and newline.
 *
 * Hostile templates are bounded: sections nest at most 100 deep, tag
 * names are at most 512 bytes, and rendering stops with PD_EDATA after
 * 10^8 steps or 256 MiB of output.
 */
#ifndef PLAINDESK_RENDER_H
#define PLAINDESK_RENDER_H

#include <jansson.h>
#include "util.h"

enum render_escape {
	RENDER_HTML,		/* {{x}} is HTML-escaped (Mustache default) */
	RENDER_PLAIN,		/* {{x}} is written as is (text) */
	RENDER_MARKDOWN		/* {{x}} is one line of Markdown text */
};

/*
 * Render tmpl with ctx (borrowed; may be NULL for an empty context),
 * appending to out.  Returns 0, or PD_EDATA with a message naming the
 * template line ("template line 3: unclosed section 'x'", "... partials
 * are not supported"); out is then left as it was.
 */
int render_template(const char *tmpl, json_t *ctx, enum render_escape esc,
		    struct sbuf *out);

/*
 * Load template name (e.g. "agenda.md") for locale: the store's
 * <root>/templates/<locale>/<name> or <root>/templates/<name> if present,
 * else the installed PD_TEMPLATEDIR/<locale>/<name>, else the installed
 * en one (as also when the store's HTML template fails
 * the check for scripts and links, with a warning).  store_root may be NULL; locale
 * NULL means "en".  A name or
 * locale that is empty, starts with '.' or holds '/' is PD_EUSAGE.
 * Returns 0 with *text malloc'ed (the caller frees it), or
 * PD_EUSAGE/PD_ENOINPUT/PD_EIO, or PD_EDATA for a file with a NUL byte.
 */
int render_load_template(const char *store_root, const char *locale,
			 const char *name, char **text);

#endif
