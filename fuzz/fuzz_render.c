/*
 * libFuzzer harness for render_template(): the input is a template, and
 * after a NUL byte, the JSON context (a fixed one when there is none or it
 * does not parse).  Rendering succeeds or fails with a message and leaves
 * the output buffer as it was.
 *
 * Inputs whose cost the input does not bound are skipped: sections nested
 * over lists multiply (a list of n repeated k levels deep renders n^k
 * times), and such templates only measure the renderer's step limit,
 * which the unit tests cover; at seconds each they would starve the
 * fuzzer.  So: at most 6 sections, and lists of at most 3 items.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/render.h"

static json_t *fixed;

/* Does v hold a list of more than 3 items, at any depth? */
static int
has_long_list(json_t *v, int depth)
{
	const char *key;
	json_t *e;
	size_t i;

	if (depth > 64)
		return 1;
	if (json_is_array(v)) {
		if (json_array_size(v) > 3)
			return 1;
		json_array_foreach(v, i, e)
			if (has_long_list(e, depth + 1))
				return 1;
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, e)
			if (has_long_list(e, depth + 1))
				return 1;
	}
	return 0;
}

static int
sections(const char *t)
{
	int n = 0;

	for (; (t = strstr(t, "{{")); t += 2)
		n += t[2] == '#' || t[2] == '^';
	return n;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fixed = json_loads("{\"title\": \"<b>Weekly</b> & \\\"more\\\"\", "
			   "\"n\": 3, \"ok\": true, \"none\": null, \"x\": 1.5, "
			   "\"items\": [{\"topic\": \"a\", \"minutes\": 10}, "
			   "{\"topic\": \"b\", \"owner\": {\"name\": \"王伟\"}}], "
			   "\"empty\": [], \"nested\": {\"a\": {\"b\": \"deep\"}}}",
			   0, NULL);
	return fixed ? 0 : 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	char *tmpl = malloc(tlen + 1);
	json_t *ctx = NULL;
	struct sbuf out;

	memcpy(tmpl, data, tlen);
	tmpl[tlen] = '\0';
	if (nul)
		ctx = json_loadb((const char *)nul + 1, size - tlen - 1,
				 JSON_DECODE_ANY, NULL);
	if (sections(tmpl) > 6 || (ctx && has_long_list(ctx, 0))) {
		json_decref(ctx);
		free(tmpl);
		return 0;
	}
	for (int esc = 0; esc < 2; esc++) {
		sbuf_init(&out);
		sbuf_adds(&out, "kept");
		if (render_template(tmpl, ctx ? ctx : fixed,
				    esc ? RENDER_PLAIN : RENDER_HTML, &out) != 0) {
			if (out.len != 4 || memcmp(out.buf, "kept", 4) != 0 ||
			    !*pd_errmsg())
				abort();
		}
		sbuf_release(&out);
	}
	json_decref(ctx);
	free(tmpl);
	pd_clear_error();
	return 0;
}
