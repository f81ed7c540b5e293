/*
 * Unit tests for lib/report/render.c: every case of the Mustache spec files for
 * the features the renderer claims, refusal of the ones it does not, and
 * plaindesk's own cases (plain mode, arrays, CJK text, numbers, errors,
 * hostile templates, template lookup).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "plaindesk/render.h"
#include "unit.h"

/* Render tmpl over the JSON text data; returns the output (static) or NULL. */
static const char *
render_str(const char *tmpl, const char *data, enum render_escape esc)
{
	static char *last;
	struct sbuf out;
	json_error_t jerr;
	json_t *ctx = json_loads(data, JSON_DECODE_ANY, &jerr);
	int rc;

	if (!ctx) {
		fprintf(stderr, "bad test data: %s\n", jerr.text);
		return NULL;
	}
	sbuf_init(&out);
	rc = render_template(tmpl, ctx, esc, &out);
	json_decref(ctx);
	free(last);
	last = NULL;
	if (rc) {
		sbuf_release(&out);
		return NULL;
	}
	last = sbuf_detach(&out, NULL);
	return last;
}

static const char *
html(const char *tmpl, const char *data)
{
	return render_str(tmpl, data, RENDER_HTML);
}

/* Render and expect failure with code; returns the error message. */
static const char *
render_err(const char *tmpl, const char *data, int code)
{
	struct sbuf out;
	json_t *ctx = json_loads(data, JSON_DECODE_ANY, NULL);
	int rc;

	pd_clear_error();
	sbuf_init(&out);
	sbuf_adds(&out, "keep");
	rc = render_template(tmpl, ctx, RENDER_HTML, &out);
	json_decref(ctx);
	CHECK_INT(rc, code);
	/* A failed render leaves the buffer as it was. */
	CHECK_STR(out.buf, "keep");
	sbuf_release(&out);
	return pd_errmsg();
}

/* Does the template use a tag the renderer refuses ({{>x}}, {{=x=}})? */
static int
uses_unsupported(const char *tmpl)
{
	const char *s = tmpl;

	while ((s = strstr(s, "{{"))) {
		s += 2;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '>' || *s == '=')
			return 1;
	}
	return 0;
}

static const char *
spec_dir(void)
{
	static const char *const candidates[] = {
		"../shared/testdata/mustache-spec",
		"/work/shared/testdata/mustache-spec",
		NULL
	};
	const char *env = getenv("MUSTACHE_SPEC_DIR");
	struct stat st;

	if (env && *env)
		return env;
	for (int i = 0; candidates[i]; i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/interpolation.json",
			 candidates[i]);
		if (stat(path, &st) == 0)
			return candidates[i];
	}
	return NULL;
}

/*
 * Run every case of one spec file.  With supported set each must render
 * to "expected"; otherwise cases using a refused tag must fail with
 * PD_EDATA and leave the output alone, and the rest must still pass.
 */
static void
run_spec_file(const char *dir, const char *file, int supported)
{
	char path[512];
	json_error_t jerr;
	json_t *spec, *tests, *test;
	size_t i;
	int passed = 0, refused = 0, total = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	spec = json_load_file(path, 0, &jerr);
	if (!spec) {
		fprintf(stderr, "cannot load spec file %s: %s\n", path,
			jerr.text);
		CHECK(!"spec file loads");
		return;
	}
	tests = json_object_get(spec, "tests");
	CHECK(json_array_size(tests) > 0);
	json_array_foreach(tests, i, test) {
		const char *name, *tmpl, *want;
		json_t *data = json_object_get(test, "data");
		struct sbuf out;
		int rc;

		name = json_string_value(json_object_get(test, "name"));
		tmpl = json_string_value(json_object_get(test, "template"));
		want = json_string_value(json_object_get(test, "expected"));

		total++;
		sbuf_init(&out);
		rc = render_template(tmpl, data, RENDER_HTML, &out);
		if (!supported && uses_unsupported(tmpl)) {
			if (rc == PD_EDATA && out.len == 0) {
				refused++;
				unit_passed++;
			} else {
				unit_failed++;
				fprintf(stderr, "%s: \"%s\": not refused "
					"(rc %d)\n", file, name, rc);
			}
		} else if (rc == 0 && strcmp(out.buf ? out.buf : "",
					     want) == 0) {
			passed++;
			unit_passed++;
		} else {
			unit_failed++;
			fprintf(stderr, "%s: \"%s\": FAIL\n  template: %s\n"
				"  expected: \"%s\"\n  got: \"%s\" "
				"(rc %d%s%s)\n",
				file, name, tmpl, want,
				out.buf ? out.buf : "", rc, rc ? ": " : "",
				rc ? pd_errmsg() : "");
		}
		sbuf_release(&out);
	}
	printf("spec %s: %d cases, %d pass, %d refused as unsupported\n",
	       file, total, passed, refused);
	json_decref(spec);
}

static void
test_spec(void)
{
	const char *dir = spec_dir();

	if (!dir) {
		fprintf(stderr, "Mustache spec files not found: set "
			"MUSTACHE_SPEC_DIR or provide "
			"../shared/testdata/mustache-spec\n");
		CHECK(!"Mustache spec directory found");
		return;
	}
	run_spec_file(dir, "interpolation.json", 1);
	run_spec_file(dir, "sections.json", 1);
	run_spec_file(dir, "inverted.json", 1);
	run_spec_file(dir, "comments.json", 1);
	run_spec_file(dir, "delimiters.json", 0);
	run_spec_file(dir, "partials.json", 0);
}

static void
test_escaping(void)
{
	const char *data = "{\"x\": \"<a href='u'>Tom & \\\"Jerry\\\"</a>\"}";

	CHECK_STR(html("{{x}}", data),
		  "&lt;a href=&#39;u&#39;&gt;Tom &amp; &quot;Jerry&quot;"
		  "&lt;/a&gt;");
	CHECK_STR(html("{{{x}}}|{{&x}}", data),
		  "<a href='u'>Tom & \"Jerry\"</a>|"
		  "<a href='u'>Tom & \"Jerry\"</a>");
	CHECK_STR(render_str("{{x}} {{{x}}} {{& x}}", data, RENDER_PLAIN),
		  "<a href='u'>Tom & \"Jerry\"</a> "
		  "<a href='u'>Tom & \"Jerry\"</a> "
		  "<a href='u'>Tom & \"Jerry\"</a>");
	CHECK_STR(render_str("**{{t}}** <{{u}}>", "{\"t\": \"a<b>&c\", "
			     "\"u\": \"x\"}", RENDER_PLAIN),
		  "**a<b>&c** <x>");
	/* Template text itself is never escaped. */
	CHECK_STR(html("<p>&amp;{{x}}</p>", "{\"x\": \"&\"}"),
		  "<p>&amp;&amp;</p>");
	/* Values are not re-rendered. */
	CHECK_STR(html("{{x}}", "{\"x\": \"{{#y}}\"}"), "{{#y}}");
}

static void
test_arrays(void)
{
	const char *data =
		"{\"sites\": ["
		"  {\"name\": \"HQ\", \"contacts\": ["
		"    {\"name\": \"Li\", \"phone\": {\"desk\": \"101\"}},"
		"    {\"name\": \"Wang\", \"phone\": {\"desk\": \"102\"}}]},"
		"  {\"name\": \"Lab\", \"contacts\": []}],"
		" \"company\": {\"name\": \"ACME\", \"sites\": "
		"   [{\"rooms\": [{\"no\": 1}, {\"no\": 2}]}]}}";

	CHECK_STR(html("{{#sites}}{{name}}:{{#contacts}}{{name}}/"
		       "{{phone.desk}},{{/contacts}}{{^contacts}}none"
		       "{{/contacts}};{{/sites}}", data),
		  "HQ:Li/101,Wang/102,;Lab:none;");
	/* Numeric parts index arrays. */
	CHECK_STR(html("{{sites.0.contacts.1.name}}", data), "Wang");
	CHECK_STR(html("{{sites.1.name}}|{{sites.2.name}}|{{sites.01.name}}",
		       data), "Lab||");
	CHECK_STR(html("{{#sites.0.contacts}}{{phone.desk}} {{/sites.0."
		       "contacts}}", data), "101 102 ");
	/* A dotted section name reaching lists inside objects. */
	CHECK_STR(html("{{#company.sites}}{{#rooms}}{{no}}@{{company.name}}"
		       " {{/rooms}}{{/company.sites}}", data),
		  "1@ACME 2@ACME ");
	/* Outer names stay visible inside list items. */
	CHECK_STR(html("{{#sites}}{{#contacts}}{{name}}@{{company.name}} "
		       "{{/contacts}}{{/sites}}", data),
		  "Li@ACME Wang@ACME ");
	/* A dotted name whose first part resolves stops there. */
	CHECK_STR(html("{{#sites}}{{contacts.name}}{{/sites}}", data), "");
}

static void
test_utf8(void)
{
	const char *data = "{\"标题\": \"投影仪 & 幕布\", \"客户\": "
			   "{\"名称\": \"东方公司\"}, \"标签\": "
			   "[\"紧急\", \"会议室\"]}";

	CHECK_STR(html("工单：{{标题}}（{{客户.名称}}）"
		       "{{#标签}}【{{.}}】{{/标签}}\n", data),
		  "工单：投影仪 &amp; 幕布（东方公司）【紧急】【会议室】\n");
	CHECK_STR(render_str("{{标题}}", data, RENDER_PLAIN),
		  "投影仪 & 幕布");
	/* Standalone lines work the same around CJK text. */
	CHECK_STR(html("标签：\n{{#标签}}\n- {{.}}\n{{/标签}}\n完。\n", data),
		  "标签：\n- 紧急\n- 会议室\n完。\n");
	/* Full-width spaces are not blanks: the line is not standalone. */
	CHECK_STR(html("\xe3\x80\x80{{! x }}\n", "{}"), "\xe3\x80\x80\n");
}

static void
test_values(void)
{
	CHECK_STR(html("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
		       "{\"a\": 1.21, \"b\": 0.30000000000000004, \"c\": 1e21,"
		       " \"d\": 1.5e16, \"e\": 1e-7, \"f\": 0.000001,"
		       " \"g\": -2.5, \"h\": 100.0}"),
		  "1.21 0.30000000000000004 1e+21 15000000000000000 1e-7 "
		  "0.000001 -2.5 100");
	CHECK_STR(html("{{a}} {{b}} {{c}} {{d}}",
		       "{\"a\": 9007199254740993, \"b\": -42, \"c\": 0,"
		       " \"d\": 1.7976931348623157e308}"),
		  "9007199254740993 -42 0 1.7976931348623157e+308");
	CHECK_STR(html("{{t}} {{f}} [{{n}}] [{{missing}}]",
		       "{\"t\": true, \"f\": false, \"n\": null}"),
		  "true false [] []");
	CHECK_STR(html("{{o}} {{{a}}}", "{\"o\": {\"k\": \"<v>\"}, "
		       "\"a\": [1, \"x\"]}"),
		  "{&quot;k&quot;:&quot;&lt;v&gt;&quot;} [1,\"x\"]");

	/* JavaScript truthiness, as the spec's "!!data": "" and 0 skip. */
	CHECK_STR(html("{{#s}}S{{/s}}{{^s}}no-s{{/s}} {{#z}}Z{{/z}}"
		       "{{^z}}no-z{{/z}} {{#r}}R{{/r}}{{^r}}no-r{{/r}} "
		       "{{#o}}O{{/o}}{{^o}}no-o{{/o}}",
		       "{\"s\": \"\", \"z\": 0, \"r\": 0.0, \"o\": {}}"),
		  "no-s no-z no-r O");
	CHECK_STR(html("{{#s}}<{{.}}>{{/s}}{{#n}}[{{.}}]{{/n}}",
		       "{\"s\": \"x\", \"n\": 7}"), "<x>[7]");
	/* A NULL context renders as an empty one. */
	{
		struct sbuf out;

		sbuf_init(&out);
		CHECK_INT(render_template("a{{x}}{{.}}{{#y}}b{{/y}}"
					  "{{^y}}c{{/y}}", NULL, RENDER_HTML,
					  &out), 0);
		CHECK_STR(out.buf, "ac");
		sbuf_release(&out);
	}
	/* Appends to what the buffer holds. */
	{
		struct sbuf out;
		json_t *ctx = json_pack("{s:s}", "x", "2");

		sbuf_init(&out);
		sbuf_adds(&out, "1");
		CHECK_INT(render_template("{{x}}", ctx, RENDER_HTML, &out), 0);
		CHECK_STR(out.buf, "12");
		sbuf_release(&out);
		json_decref(ctx);
	}
}

static void
test_errors(void)
{
	CHECK_STR(render_err("a\nb\n{{>p}}", "{}", PD_EDATA),
		  "template line 3: partials are not supported");
	CHECK_STR(render_err("x {{ > p }}", "{}", PD_EDATA),
		  "template line 1: partials are not supported");
	CHECK_STR(render_err("\n{{=<% %>=}}", "{}", PD_EDATA),
		  "template line 2: set-delimiter tags are not supported");
	CHECK_STR(render_err("x\n{{#a}}\ny\n", "{}", PD_EDATA),
		  "template line 2: unclosed section 'a'");
	CHECK_STR(render_err("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", "{}", PD_EDATA),
		  "template line 3: '{{/a}}' does not close 'b' "
		  "(opened on line 2)");
	CHECK_STR(render_err("ok\n\n{{/a}}", "{}", PD_EDATA),
		  "template line 3: '{{/a}}' closes no open section");
	CHECK_STR(render_err("1\n2 {{name\n3", "{}", PD_EDATA),
		  "template line 2: unclosed tag '{{'");
	CHECK_STR(render_err("{{{x}}", "{}", PD_EDATA),
		  "template line 1: unclosed tag '{{'");
	CHECK_STR(render_err("{{a b}}", "{}", PD_EDATA),
		  "template line 1: invalid tag name 'a b'");
	CHECK_STR(render_err("\n{{}}", "{}", PD_EDATA),
		  "template line 2: invalid tag name ''");
	CHECK_STR(render_err("{{a..b}}", "{}", PD_EDATA),
		  "template line 1: invalid tag name 'a..b'");
	CHECK_STR(render_err("{{#.a}}{{/.a}}", "{}", PD_EDATA),
		  "template line 1: invalid tag name '.a'");
	{
		/* Names are capped at 512 bytes; messages quote 64. */
		char tmpl[600], want[200];

		snprintf(tmpl, sizeof(tmpl), "{{%0513d}}", 0);
		snprintf(want, sizeof(want), "template line 1: invalid tag "
			 "name '%064d'", 0);
		CHECK_STR(render_err(tmpl, "{}", PD_EDATA), want);
		snprintf(tmpl, sizeof(tmpl), "{{%0512d}}", 0);
		CHECK_STR(html(tmpl, "{}"), "");
	}
	CHECK_STR(render_err("{{a\x1b[2J}}", "{}", PD_EDATA),
		  "template line 1: invalid tag name 'a?[2J'");
	/* Lines eaten by standalone tags and comments still count. */
	CHECK_STR(render_err("{{! one\ntwo\n}}\n{{#a}}\n{{/a}}\n{{>p}}\n",
			     "{}", PD_EDATA),
		  "template line 6: partials are not supported");
	CHECK_STR(render_err("\r\n{{#a}}\r\n  {{! c }}  \r\n{{#b}}", "{}",
			     PD_EDATA),
		  "template line 4: unclosed section 'b'");
}

static void
test_hostile(void)
{
	struct sbuf tmpl, out;
	json_t *ctx;
	char *msg;
	int rc;

	/* 100 nested sections are fine, 101 are refused. */
	sbuf_init(&tmpl);
	for (int i = 0; i < 100; i++)
		sbuf_adds(&tmpl, "{{#a}}");
	sbuf_adds(&tmpl, "{{x}}");
	for (int i = 0; i < 100; i++)
		sbuf_adds(&tmpl, "{{/a}}");
	CHECK_STR(html(tmpl.buf, "{\"a\": true, \"x\": \"deep\"}"), "deep");
	sbuf_release(&tmpl);
	for (int i = 0; i < 101; i++)
		sbuf_adds(&tmpl, "{{#a}}\n");
	CHECK_STR(render_err(tmpl.buf, "{}", PD_EDATA),
		  "template line 101: section 'a' nested deeper than 100");
	sbuf_release(&tmpl);
	/* A deep stack of closers without openers fails at the first. */
	for (int i = 0; i < 100000; i++)
		sbuf_adds(&tmpl, "{{/a}}");
	render_err(tmpl.buf, "{}", PD_EDATA);
	sbuf_release(&tmpl);

	/* Nested lists multiply; the work budget stops them. */
	for (int i = 0; i < 40; i++)
		sbuf_adds(&tmpl, "{{#l}}");
	for (int i = 0; i < 40; i++)
		sbuf_adds(&tmpl, "{{/l}}");
	msg = xstrdup(render_err(tmpl.buf, "{\"l\": [1, 2, 3, 4]}",
				 PD_EDATA));
	CHECK(strstr(msg, "too many steps") != NULL);
	free(msg);
	sbuf_release(&tmpl);

	/* Big inputs stay linear: 200k tags on one line, 1 MB of text. */
	for (int i = 0; i < 200000; i++)
		sbuf_adds(&tmpl, "  {{! c }}{{#a}}{{/a}}{{x}}");
	sbuf_adds(&tmpl, "\n");
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&tmpl, "{ not a tag } } {  x  y  z  w  v  u  t  s\n");
	ctx = json_pack("{s:s,s:b}", "x", "<", "a", 1);
	sbuf_init(&out);
	rc = render_template(tmpl.buf, ctx, RENDER_HTML, &out);
	CHECK_INT(rc, 0);
	CHECK_INT(out.len, 200000 * 6 + 1 + 20000 * 42);
	sbuf_release(&out);
	json_decref(ctx);
	sbuf_release(&tmpl);

	/* Unclosed "{{" near the end of a big template. */
	for (int i = 0; i < 100000; i++)
		sbuf_adds(&tmpl, "text }} ");
	sbuf_adds(&tmpl, "{{ oops");
	render_err(tmpl.buf, "{}", PD_EDATA);
	sbuf_release(&tmpl);
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	CHECK(fp != NULL);
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void
test_load(void)
{
	char root[] = "/tmp/pd-render-XXXXXX";
	char *text = NULL, *p;
	int rc;

	CHECK(mkdtemp(root) != NULL);
	p = xasprintf("%s/templates/zh-CN/x", root);
	CHECK_INT(mkdir_parents(p), 0);
	free(p);

	p = xasprintf("%s/templates/agenda.md", root);
	write_text(p, "store generic");
	free(p);
	p = xasprintf("%s/templates/zh-CN/agenda.md", root);
	write_text(p, "store 中文");
	free(p);

	CHECK_INT(render_load_template(root, "zh-CN", "agenda.md", &text), 0);
	CHECK_STR(text, "store 中文");
	free(text);
	CHECK_INT(render_load_template(root, "en", "agenda.md", &text), 0);
	CHECK_STR(text, "store generic");
	free(text);
	CHECK_INT(render_load_template(root, NULL, "agenda.md", &text), 0);
	CHECK_STR(text, "store generic");
	free(text);

	rc = render_load_template(root, "en", "no-such.md", &text);
	CHECK_INT(rc, PD_ENOINPUT);
	CHECK(text == NULL);
	CHECK_STR(pd_errmsg(), "no template 'no-such.md' for locale 'en'");
	CHECK_INT(render_load_template(NULL, "zh-CN", "no-such.md", &text),
		  PD_ENOINPUT);
	CHECK_STR(pd_errmsg(),
		  "no template 'no-such.md' for locale 'zh-CN'");

	CHECK_INT(render_load_template(root, "en", "../agenda.md", &text),
		  PD_EUSAGE);
	CHECK_STR(pd_errmsg(), "invalid template name '../agenda.md'");
	CHECK_INT(render_load_template(root, "en", ".hidden", &text),
		  PD_EUSAGE);
	CHECK_INT(render_load_template(root, "en", "", &text), PD_EUSAGE);
	CHECK_INT(render_load_template(root, "zh-CN/..", "agenda.md", &text),
		  PD_EUSAGE);
	CHECK_STR(pd_errmsg(), "invalid locale 'zh-CN/..'");
	CHECK_INT(render_load_template(root, "..", "agenda.md", &text),
		  PD_EUSAGE);

	/* A template with a NUL byte would be cut short: refused. */
	p = xasprintf("%s/templates/nul.md", root);
	{
		FILE *fp = fopen(p, "w");

		CHECK(fp != NULL);
		if (fp) {
			fwrite("a\0b", 1, 3, fp);
			fclose(fp);
		}
	}
	CHECK_INT(render_load_template(root, "en", "nul.md", &text),
		  PD_EDATA);
	CHECK(text == NULL);
	unlink(p);
	free(p);

	p = xasprintf("%s/templates/zh-CN/agenda.md", root);
	unlink(p);
	free(p);
	p = xasprintf("%s/templates/zh-CN", root);
	rmdir(p);
	free(p);
	p = xasprintf("%s/templates/agenda.md", root);
	unlink(p);
	free(p);
	p = xasprintf("%s/templates", root);
	rmdir(p);
	free(p);
	rmdir(root);
}

int
main(void)
{
	test_spec();
	test_escaping();
	test_arrays();
	test_utf8();
	test_values();
	test_errors();
	test_hostile();
	test_load();
	html("", "{}");		/* frees the last result */
	return unit_done("render");
}
