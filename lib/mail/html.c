/*
 * HTML bodies as text, read with libxml2's HTML parser (no network):
 * scripts, styles and the head dropped, block elements and <br> as line
 * breaks, white space collapsed as a browser does, entities decoded.
 */
#include <string.h>
#include <libxml/HTMLparser.h>

#include "plaindesk/mail.h"

/* Elements that start and end a line. */
static const char *const blocks[] = {
	"p", "div", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
	"blockquote", "pre", "hr", "ul", "ol", "dl", "dt", "dd", "section",
	"article", "header", "footer", "address", "form", "fieldset", "nav",
	"aside", "main", "figure", "center", "body", NULL
};
/* Elements whose content is not text for people. */
static const char *const hidden[] = {
	"script", "style", "head", "title", "noscript", "template", NULL
};

struct html_text {
	struct sbuf sb;
	int space;	/* white space seen since the last word */
	int pre;	/* inside <pre> */
};

/* A line ends here: always after <br>, once around a block. */
static void
line_break(struct html_text *t, int always)
{
	if (always || (t->sb.len > 0 && t->sb.buf[t->sb.len - 1] != '\n'))
		sbuf_addc(&t->sb, '\n');
	t->space = 0;
}

static void
add_text(struct html_text *t, const char *s)
{
	if (t->pre) {
		sbuf_adds(&t->sb, s);
		return;
	}
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
			t->space = 1;
			continue;
		}
		/* A no-break space (&nbsp;) is a plain one in text. */
		if (!strncmp(s, "\u00a0", 2)) {
			s++;
			if (t->space && t->sb.len > 0 &&
			    t->sb.buf[t->sb.len - 1] != '\n')
				sbuf_addc(&t->sb, ' ');
			t->space = 0;
			sbuf_addc(&t->sb, ' ');
			continue;
		}
		if (t->space && t->sb.len > 0 &&
		    t->sb.buf[t->sb.len - 1] != '\n')
			sbuf_addc(&t->sb, ' ');
		t->space = 0;
		sbuf_addc(&t->sb, *s);
	}
}

static void
walk(struct html_text *t, xmlNode *node, int depth)
{
	for (xmlNode *n = node; n; n = n->next) {
		const char *name = (const char *)n->name;
		int block;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			add_text(t, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || !name ||
		    str_index(hidden, name) >= 0)
			continue;
		if (!strcmp(name, "br")) {
			line_break(t, 1);
			continue;
		}
		block = str_index(blocks, name) >= 0;
		if (block)
			line_break(t, 0);
		t->pre += !strcmp(name, "pre");
		/* Deeper nesting than any mail needs is left out. */
		if (depth < 256)
			walk(t, n->children, depth + 1);
		t->pre -= !strcmp(name, "pre");
		if (block)
			line_break(t, 0);
	}
}

/* Lines without white space at their end (none is left at their start
 * but in <pre>), no more than one blank line in a row. */
static char *
tidy_lines(const char *s)
{
	struct sbuf out;
	int blank = 0;

	sbuf_init(&out);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		size_t end = len;

		while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		if (end == 0) {
			blank++;
		} else {
			if (out.len > 0)
				sbuf_adds(&out, blank ? "\n\n" : "\n");
			sbuf_add(&out, s, end);
			blank = 0;
		}
		s += len + (nl != NULL);
	}
	if (!out.buf)
		sbuf_adds(&out, "");
	return sbuf_detach(&out, NULL);
}

char *
mail_html_text(const char *html, size_t len)
{
	struct html_text t = {.space = 0, .pre = 0};
	htmlDocPtr doc;
	char *text;

	sbuf_init(&t.sb);
	if (len > 0 && len < (size_t)0x7fffffff) {
		doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
				     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				     HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
				     HTML_PARSE_NOBLANKS);
		if (doc) {
			walk(&t, xmlDocGetRootElement(doc), 0);
			xmlFreeDoc(doc);
		}
	}
	text = tidy_lines(t.sb.buf ? t.sb.buf : "");
	sbuf_release(&t.sb);
	return text;
}
