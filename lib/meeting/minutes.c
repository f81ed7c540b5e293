/*
 * Minutes input: the option specs of `mtg-minutes record` and the
 * Markdown form it reads back (see minutes.h for the form's shape).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/meeting.h"
#include "plaindesk/minutes.h"
#include "plaindesk/text.h"

void
minutes_input_init(struct minutes_input *in)
{
	memset(in, 0, sizeof(*in));
	strlist_init(&in->present);
	strlist_init(&in->absent);
	strlist_init(&in->late);
	strlist_init(&in->decisions);
}

void
minutes_input_release(struct minutes_input *in)
{
	free(in->meeting);
	free(in->started);
	free(in->ended);
	strlist_release(&in->present);
	strlist_release(&in->absent);
	strlist_release(&in->late);
	strlist_release(&in->decisions);
	for (size_t i = 0; i < in->nitems; i++) {
		free(in->items[i].outcome);
		free(in->items[i].notes);
	}
	free(in->items);
	for (size_t i = 0; i < in->nactions; i++) {
		free(in->actions[i].text);
		free(in->actions[i].owner);
		free(in->actions[i].due);
		free(in->actions[i].expected);
	}
	free(in->actions);
	memset(in, 0, sizeof(*in));
}

/* A copy of s without white space at either end. */
static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

char *
text_trim_block(const char *s)
{
	const char *p = s, *line = s;
	size_t n;

	/* Drop whole blank lines at the start, keep the first line's indent. */
	while (*p) {
		if (*p == '\n') {
			line = p + 1;
		} else if (!isspace((unsigned char)*p)) {
			break;
		}
		p++;
	}
	if (!*p)
		return xstrdup("");
	n = strlen(line);
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	return xstrndup(line, n);
}

static int
parse_n(const char *s, long *n)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	*n = strtol(s, &end, 10);
	return *end || *n < 1 || *n > 100000 ? -1 : 0;
}

static void
add_item(struct minutes_input *in, long n, char *outcome, char *notes)
{
	in->items = xrealloc(in->items, (in->nitems + 1) * sizeof(*in->items));
	in->items[in->nitems].n = n;
	in->items[in->nitems].outcome = outcome;
	in->items[in->nitems].notes = notes;
	in->nitems++;
}

int
minutes_add_outcome(struct minutes_input *in, const char *spec)
{
	struct strlist f;
	long n;
	int rc = 0;

	strlist_init(&f);
	split_bars(spec, &f, 3);
	if (f.n < 2 || parse_n(f.items[0], &n) < 0 || !*f.items[1]) {
		rc = pd_error(PD_EUSAGE, "invalid outcome '%s' (expected N|OUTCOME[|NOTES])",
			      spec);
	} else {
		char *o = trimmed(f.items[1], strlen(f.items[1]));

		add_item(in, n, o, text_trim_block(f.n > 2 ? f.items[2] : ""));
	}
	strlist_release(&f);
	return rc;
}

static void
add_action(struct minutes_input *in, struct strlist *f)
{
	struct minutes_action *a;

	in->actions = xrealloc(in->actions,
			       (in->nactions + 1) * sizeof(*in->actions));
	a = &in->actions[in->nactions++];
	a->text = trimmed(f->items[0], strlen(f->items[0]));
	a->owner = trimmed(f->items[1], strlen(f->items[1]));
	a->due = trimmed(f->items[2], strlen(f->items[2]));
	a->expected = f->n > 3 ? trimmed(f->items[3], strlen(f->items[3]))
			       : xstrdup("");
}

int
minutes_add_action(struct minutes_input *in, const char *spec)
{
	struct strlist f;
	int rc = 0;

	strlist_init(&f);
	split_bars(spec, &f, 5);
	if (f.n < 3 || f.n > 4)
		rc = pd_error(PD_EUSAGE, "invalid action '%s' (expected TEXT|OWNER|DUE|EXPECTED; \\| for a bar)",
			      spec);
	else
		add_action(in, &f);
	strlist_release(&f);
	return rc;
}

/*
 * Labels of the form, in English and Chinese.  A label may carry a hint
 * in parentheses ("Outcome (achieved, partial, ...)"); it is ignored.
 */
enum field {
	F_NONE, F_MEETING, F_STARTED, F_ENDED, F_PRESENT, F_ABSENT, F_LATE,
	F_OUTCOME, F_DECISIONS, F_ACTIONS
};

static const struct {
	enum field f;
	const char *label;
} labels[] = {
	{F_MEETING, "meeting"}, {F_MEETING, "会议"}, {F_MEETING, "会议编号"},
	{F_STARTED, "started"}, {F_STARTED, "started_at"},
	{F_STARTED, "开始"}, {F_STARTED, "实际开始"},
	{F_ENDED, "ended"}, {F_ENDED, "ended_at"}, {F_ENDED, "结束"},
	{F_ENDED, "实际结束"},
	{F_PRESENT, "present"}, {F_PRESENT, "出席"},
	{F_ABSENT, "absent"}, {F_ABSENT, "缺席"},
	{F_LATE, "late"}, {F_LATE, "迟到"},
	{F_OUTCOME, "outcome"}, {F_OUTCOME, "结果"},
	{F_DECISIONS, "decisions"}, {F_DECISIONS, "决议"},
	{F_ACTIONS, "actions"}, {F_ACTIONS, "action items"},
	{F_ACTIONS, "行动项"},
	{F_NONE, NULL}
};

/* The field a label names (case-insensitive, hint in parentheses cut). */
static enum field
label_field(const char *s, size_t n)
{
	char *label;
	enum field f = F_NONE;
	char *paren;

	label = trimmed(s, n);
	if ((paren = strstr(label, " (")) || (paren = strstr(label, "（")) ||
	    (paren = strchr(label, '(')))
		*paren = '\0';
	paren = trimmed(label, strlen(label));
	for (int i = 0; labels[i].label; i++)
		if (!strcasecmp(labels[i].label, paren))
			f = labels[i].f;
	free(paren);
	free(label);
	return f;
}

/*
 * "- Label: value" or "Label: value" (also with a full-width colon):
 * the field and the value, or F_NONE.
 */
static enum field
field_line(const char *line, char **value)
{
	const char *p = line, *colon, *wide;
	size_t skip = 1;
	enum field f;

	*value = NULL;
	while (*p == ' ')
		p++;
	if ((*p == '-' || *p == '*') && p[1] == ' ')
		p += 2;
	colon = strchr(p, ':');
	wide = strstr(p, "：");
	if (wide && (!colon || wide < colon)) {
		colon = wide;
		skip = strlen("：");
	}
	if (!colon)
		return F_NONE;
	/* Bold labels: "**Started**: ..." */
	if ((f = label_field(p, (size_t)(colon - p))) == F_NONE) {
		char *plain = xstrndup(p, (size_t)(colon - p)), *o = plain;

		for (char *q = plain; *q; q++)
			if (*q != '*')
				*o++ = *q;
		*o = '\0';
		f = label_field(plain, strlen(plain));
		free(plain);
	}
	if (f != F_NONE) {
		*value = trimmed(colon + skip, strlen(colon + skip));
		md_unescape(*value);
	}
	return f;
}

/* Split "a, b、c，d" into people (empty pieces and "-" dropped). */
static void
add_people(struct strlist *l, const char *s)
{
	struct sbuf piece;

	sbuf_init(&piece);
	for (const char *p = s;; p++) {
		size_t sep = 0;

		if (*p == ',' || *p == ';')
			sep = 1;
		else if (!strncmp(p, "，", strlen("，")))
			sep = strlen("，");
		else if (!strncmp(p, "、", strlen("、")))
			sep = strlen("、");
		else if (!strncmp(p, "；", strlen("；")))
			sep = strlen("；");
		if (sep || !*p) {
			char *who = trimmed(piece.buf ? piece.buf : "",
					    piece.len);

			if (*who && strcmp(who, "-") && strcmp(who, "—"))
				strlist_add_owned(l, who);
			else
				free(who);
			piece.len = 0;
			if (piece.buf)
				piece.buf[0] = '\0';
			if (!*p)
				break;
			p += sep - 1;
			continue;
		}
		sbuf_addc(&piece, *p);
	}
	sbuf_release(&piece);
}

/*
 * Would a line of text read as structure: a heading or a comment, after
 * any backslashes?  Such lines get one more backslash in the form.
 */
static int
looks_structural(const char *p, const char *end)
{
	while (p < end && *p == '\\')
		p++;
	return (p < end && *p == '#') ||
	       ((size_t)(end - p) >= 4 && !strncmp(p, "<!--", 4));
}

/* Undo md_escape_block() on one line (caller frees). */
static char *
unescape_line(const char *line)
{
	char *s;

	if (line[0] == '\\' && looks_structural(line, line + strlen(line)))
		line++;
	s = xstrdup(line);
	md_unescape(s);
	return s;
}

/* A cell as the form has it: trimmed, unescaped. */
static char *
cell_text(const struct sbuf *cell)
{
	char *s = trimmed(cell->buf, cell->len);

	md_unescape(s);
	return s;
}

/* Cells of a table row "| a | b \| c |" (unescaped, trimmed). */
static void
table_cells(const char *line, struct strlist *cells)
{
	struct sbuf cell;
	const char *p = line;

	while (*p == ' ')
		p++;
	if (*p == '|')
		p++;
	sbuf_init(&cell);
	sbuf_adds(&cell, "");
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			/* Kept for md_unescape(), which reads the cell. */
			sbuf_addc(&cell, *p++);
			sbuf_addc(&cell, *p);
		} else if (*p == '|') {
			strlist_add_owned(cells, cell_text(&cell));
			cell.len = 0;
			cell.buf[0] = '\0';
		} else {
			sbuf_addc(&cell, *p);
		}
	}
	/* Text after the last bar is a cell only when it is not blank. */
	{
		char *last = cell_text(&cell);

		if (*last)
			strlist_add_owned(cells, last);
		else
			free(last);
	}
	sbuf_release(&cell);
}

static int
is_rule_row(const struct strlist *cells)
{
	for (size_t i = 0; i < cells->n; i++)
		if (strspn(cells->items[i], "-: ") != strlen(cells->items[i]) ||
		    !*cells->items[i])
			return 0;
	return cells->n > 0;
}

/* One row of the actions table: [#,] text, owner, due[, expected]. */
static int
table_action(struct minutes_input *in, struct strlist *cells,
	     const char *where)
{
	struct strlist f;
	size_t first = 0;
	long n;

	if (cells->n == 5 || (cells->n >= 1 &&
			      (parse_n(cells->items[0], &n) == 0 ||
			       !*cells->items[0]) && cells->n >= 4))
		first = 1;
	if (cells->n - first < 3 || cells->n - first > 4)
		return pd_error(PD_EDATA, "%sexpected an action row | # | action | owner | due | expected |",
				where);
	/* A row left blank in the form is no action. */
	{
		int blank = 1;

		for (size_t i = first; i < cells->n; i++)
			if (*cells->items[i])
				blank = 0;
		if (blank)
			return 0;
	}
	strlist_init(&f);
	for (size_t i = first; i < cells->n; i++)
		strlist_add(&f, cells->items[i]);
	add_action(in, &f);
	strlist_release(&f);
	return 0;
}

enum section { S_TOP, S_ITEM, S_DECISIONS, S_ACTIONS };

struct md_parser {
	struct minutes_input *in;
	enum section sec;
	long item;		/* number of the agenda item (S_ITEM) */
	int fields_seen;	/* the item's field lines have begun */
	int notes;		/* past the item's fields */
	char *outcome;
	struct sbuf text;	/* the item's notes */
	int table_header;	/* the actions table's header row was seen */
	int decision_open;	/* a decision may continue */
	int blank_lines;	/* blank lines since the last decision line */
};

static void
end_item(struct md_parser *p)
{
	if (p->sec == S_ITEM) {
		add_item(p->in, p->item, p->outcome ? p->outcome : xstrdup(""),
			 text_trim_block(p->text.buf ? p->text.buf : ""));
		p->outcome = NULL;
		p->text.len = 0;
		if (p->text.buf)
			p->text.buf[0] = '\0';
	}
}

static int
heading(struct md_parser *p, const char *line, int level, const char *where)
{
	const char *s = line + level + 1;

	end_item(p);
	p->decision_open = 0;
	if (level == 3) {
		char *end;
		long n;

		while (*s == ' ')
			s++;
		n = strtol(s, &end, 10);
		if (end == s || n < 1)
			return pd_error(PD_EDATA, "%san agenda item heading starts with its number (### 1. Topic)",
					where);
		p->sec = S_ITEM;
		p->item = n;
		p->notes = p->fields_seen = 0;
		return 0;
	}
	if (level == 2) {
		enum field f = label_field(s, strlen(s));

		p->sec = f == F_DECISIONS ? S_DECISIONS :
			 f == F_ACTIONS ? S_ACTIONS : S_TOP;
		p->table_header = 0;
		return 0;
	}
	p->sec = S_TOP;
	return 0;
}

static int
top_line(struct md_parser *p, const char *line, const char *where)
{
	char *v;
	enum field f = field_line(line, &v);

	switch (f) {
	case F_MEETING:
		free(p->in->meeting);
		p->in->meeting = v;
		return 0;
	case F_STARTED:
		free(p->in->started);
		p->in->started = v;
		return 0;
	case F_ENDED:
		free(p->in->ended);
		p->in->ended = v;
		return 0;
	case F_PRESENT:
		add_people(&p->in->present, v);
		break;
	case F_ABSENT:
		add_people(&p->in->absent, v);
		break;
	case F_LATE:
		add_people(&p->in->late, v);
		break;
	default:
		break;
	}
	(void)where;
	free(v);
	return 0;
}

static void
item_line(struct md_parser *p, const char *line)
{
	char *v = NULL;
	enum field f;

	if (!p->notes) {
		if (!*line) {
			/* The blank line after the fields starts the notes. */
			p->notes = p->fields_seen;
			return;
		}
		if ((line[0] == '-' || line[0] == '*') && line[1] == ' ') {
			f = field_line(line, &v);
			p->fields_seen = 1;
			if (f == F_OUTCOME) {
				free(p->outcome);
				p->outcome = v;
				return;
			}
			free(v);
			if (strchr(line, ':') || strstr(line, "："))
				return;	/* Goal, owner, minutes: for people. */
		}
		p->notes = 1;
	}
	v = unescape_line(line);
	sbuf_adds(&p->text, v);
	sbuf_addc(&p->text, '\n');
	free(v);
}

static void
decision_line(struct md_parser *p, const char *line)
{
	struct strlist *d = &p->in->decisions;

	if (!*line) {
		p->blank_lines++;
		return;
	}
	if ((line[0] == '-' || line[0] == '*') && line[1] == ' ') {
		strlist_add_owned(d, unescape_line(line + 2));
		p->decision_open = 1;
		p->blank_lines = 0;
		return;
	}
	if (p->decision_open && d->n > 0 && !strncmp(line, "  ", 2)) {
		char *prev = d->items[d->n - 1];
		struct sbuf sb;

		sbuf_init(&sb);
		sbuf_adds(&sb, prev);
		for (int i = 0; i <= p->blank_lines; i++)
			sbuf_addc(&sb, '\n');
		{
			char *more = unescape_line(line + 2);

			sbuf_adds(&sb, more);
			free(more);
		}
		free(prev);
		d->items[d->n - 1] = sbuf_detach(&sb, NULL);
		p->blank_lines = 0;
		return;
	}
	/* Anything else (a "none" placeholder, a comment) is for people. */
	p->decision_open = 0;
}

static int
action_line(struct md_parser *p, const char *line, const char *where)
{
	const char *s = line;
	struct strlist cells;
	int rc = 0;

	while (*s == ' ')
		s++;
	if (*s == '|') {
		strlist_init(&cells);
		table_cells(s, &cells);
		if (!p->table_header)
			p->table_header = 1;	/* the header row */
		else if (!is_rule_row(&cells))
			rc = table_action(p->in, &cells, where);
		strlist_release(&cells);
		return rc;
	}
	if ((*s == '-' || *s == '*') && s[1] == ' ') {
		rc = minutes_add_action(p->in, s + 2);
		if (rc) {
			char *msg = xstrdup(pd_errmsg());

			rc = pd_error(PD_EDATA, "%s%s", where, msg);
			free(msg);
		}
	}
	return rc;
}

int
minutes_parse_md(struct minutes_input *in, const char *text,
		 const char *name)
{
	struct md_parser p;
	const char *line = text;
	size_t lineno = 0;
	int rc = 0, in_comment = 0;

	memset(&p, 0, sizeof(p));
	p.in = in;
	sbuf_init(&p.text);
	while (*line && !rc) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char *l = xstrndup(line, n), where[600];

		lineno++;
		if (n > 0 && l[n - 1] == '\r')
			l[n - 1] = '\0';
		snprintf(where, sizeof(where), "%s: line %zu: ", name, lineno);
		/* HTML comments are notes to the person filling the form. */
		if (in_comment || !strncmp(l, "<!--", 4)) {
			in_comment = !strstr(l, "-->");
		} else if (!strncmp(l, "# ", 2)) {
			end_item(&p);
			p.sec = S_TOP;
		} else if (!strncmp(l, "## ", 3)) {
			rc = heading(&p, l, 2, where);
		} else if (!strncmp(l, "### ", 4)) {
			rc = heading(&p, l, 3, where);
		} else {
			switch (p.sec) {
			case S_TOP:
				rc = top_line(&p, l, where);
				break;
			case S_ITEM:
				item_line(&p, l);
				break;
			case S_DECISIONS:
				decision_line(&p, l);
				break;
			case S_ACTIONS:
				rc = action_line(&p, l, where);
				break;
			}
		}
		free(l);
		line = nl ? nl + 1 : line + n;
	}
	if (!rc)
		end_item(&p);
	free(p.outcome);
	sbuf_release(&p.text);
	return rc;
}

char *
md_escape_block(const char *text, const char *indent)
{
	struct sbuf sb;
	const char *line = text ? text : "";
	int first = 1;

	sbuf_init(&sb);
	sbuf_adds(&sb, "");
	while (*line || first) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *p = line;

		if (!first) {
			sbuf_addc(&sb, '\n');
			if (n > 0)
				sbuf_adds(&sb, indent);
		}
		if (looks_structural(p, line + n))
			sbuf_addc(&sb, '\\');
		md_add_escaped(&sb, line, n);
		first = 0;
		if (!nl)
			break;
		line = nl + 1;
		if (!*line) {
			sbuf_addc(&sb, '\n');
			break;
		}
	}
	return sbuf_detach(&sb, NULL);
}

char *
md_escape_cell(const char *text)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, "");
	md_add_escaped(&sb, text ? text : "", text ? strlen(text) : 0);
	return sbuf_detach(&sb, NULL);
}

void
minutes_request_init(struct minutes_request *r)
{
	memset(r, 0, sizeof(*r));
	strlist_init(&r->outcomes);
	strlist_init(&r->actions);
	minutes_input_init(&r->in);
}

void
minutes_request_release(struct minutes_request *r)
{
	strlist_release(&r->outcomes);
	strlist_release(&r->actions);
	minutes_input_release(&r->in);
}

int
minutes_request_check(struct minutes_request *r)
{
	struct minutes_input *in = &r->in;
	int rc = 0;

	if (r->from_file) {
		if (r->started || r->ended || in->present.n || in->absent.n ||
		    in->late.n || r->outcomes.n || in->decisions.n ||
		    r->actions.n)
			return pd_error(PD_EUSAGE, "--from-file takes no other minutes options");
		return 0;
	}
	if (!r->started || !r->ended)
		return pd_error(PD_EUSAGE, "record needs --started and --ended, or --from-file");
	in->started = xstrdup(r->started);
	in->ended = xstrdup(r->ended);
	for (size_t i = 0; i < r->outcomes.n && !rc; i++)
		rc = minutes_add_outcome(in, r->outcomes.items[i]);
	for (size_t i = 0; i < r->actions.n && !rc; i++)
		rc = minutes_add_action(in, r->actions.items[i]);
	return rc;
}

int
minutes_request_read(struct minutes_request *r)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = read_file(r->from_file, &data, &len)))
		return rc;
	if (strlen(data) != len)
		rc = pd_error(PD_EDATA, "%s: contains a NUL byte", r->from_file);
	else if (!utf8_valid(data, len))
		rc = pd_error(PD_EDATA, "%s: not valid UTF-8", r->from_file);
	else
		rc = minutes_parse_md(&r->in, data, r->from_file);
	free(data);
	return rc;
}
