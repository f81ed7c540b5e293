/*
 * Options as data: the parser, the refusals and --help made from a
 * program's option and command tables (see include/plaindesk/opt.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/i18n.h"
#include "plaindesk/opt.h"
#include "plaindesk/text.h"

#define HELP_COLUMN 24
#define HELP_WIDTH 80

/* Do the len bytes at s name w ("staff/add" names "staff add")? */
static int
names(const char *s, size_t len, const char *w)
{
	size_t i;

	for (i = 0; i < len && w[i]; i++)
		if (s[i] != w[i] && !(s[i] == '/' && w[i] == ' '))
			return 0;
	return i == len && !w[i];
}

/* Is word w one of the space-separated words of list? */
static int
word_in(const char *list, const char *w)
{
	for (const char *s = list; *s; ) {
		size_t len = strcspn(s, " ");

		if (names(s, len, w))
			return 1;
		s += len;
		s += strspn(s, " ");
	}
	return 0;
}

/* Does option o apply to command c (NULL: a program without commands)? */
static int
applies(const struct opt *o, const struct cmd *c)
{
	if (!c || !o->only)
		return 1;
	if (!strcmp(o->only, OPT_CHANGES))
		return (c->flags & CMD_CHANGE) != 0;
	return word_in(o->only, c->name);
}

/* Must command c (NULL: the program) have option o? */
static int
needed(const struct opt *o, const struct cmd *c)
{
	if (!o->needed)
		return 0;
	return c ? word_in(o->needed, c->name) : !strcmp(o->needed, "*");
}

/* Option name (len bytes): the entry for command c if the table has one
 * for each of several commands, else the first. */
static struct opt *
find_opt(struct program *p, const char *name, size_t len,
	 const struct cmd *c)
{
	struct opt *first = NULL;

	for (struct opt *o = p->opts; o && o->type != OPT_T_END; o++) {
		if (strlen(o->name) != len || strncmp(o->name, name, len))
			continue;
		if (applies(o, c))
			return o;
		if (!first)
			first = o;
	}
	return first;
}

/* Store value v of option o; a single value given twice is refused. */
static int
set_opt(struct opt *o, const char *v)
{
	if (o->seen && o->type != OPT_T_LIST)
		return pd_error(PD_EUSAGE, "option '--%s' given twice", o->name);
	o->seen = 1;
	switch (o->type) {
	case OPT_T_STRING: *(const char **)o->value = v; break;
	case OPT_T_FLAG: *(int *)o->value = 1; break;
	case OPT_T_LIST: strlist_add(o->value, v); break;
	case OPT_T_END: break;
	}
	return 0;
}

/* One long option at argv[*i], for command c. */
static int
long_opt(struct program *p, const struct cmd *c, int argc, char **argv,
	 int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	struct opt *o = find_opt(p, name, len, c);

	if (!o)
		return pd_error(PD_EUSAGE, "unknown option '--%.*s'", (int)len,
				name);
	if (o->type == OPT_T_FLAG) {
		if (eq)
			return pd_error(PD_EUSAGE, "option '--%s' takes no value",
					o->name);
		return set_opt(o, NULL);
	}
	if (eq)
		return set_opt(o, eq + 1);
	if (*i + 1 >= argc)
		return pd_error(PD_EUSAGE, "option '--%s' needs a value",
				o->name);
	return set_opt(o, argv[++*i]);
}

/* A short option as its long form: a flag alone (-q), or one with a
 * value (-o FILE, -oFILE), the entry for command c. */
static int
short_opt(struct program *p, const struct cmd *c, int argc, char **argv,
	  int *i)
{
	const char *a = argv[*i];
	struct opt *o = NULL;

	for (struct opt *s = p->opts; s && s->type != OPT_T_END && !o; s++)
		if (s->short_name && s->short_name == a[1])
			o = find_opt(p, s->name, strlen(s->name), c);
	if (!o || (o->type == OPT_T_FLAG && a[2]))
		return pd_error(PD_EUSAGE, "unknown option '-%c'", a[1]);
	if (o->type == OPT_T_FLAG)
		return set_opt(o, NULL);
	if (a[2])
		return set_opt(o, a + 2);
	if (*i + 1 >= argc)
		return pd_error(PD_EUSAGE, "option '-%c' needs a value", a[1]);
	return set_opt(o, argv[++*i]);
}

/* Does the short option -x take a value (which follows it then)? */
static int
short_takes_value(const struct program *p, int x)
{
	for (const struct opt *o = p->opts; o && o->type != OPT_T_END; o++)
		if (o->short_name && o->short_name == x)
			return o->type != OPT_T_FLAG;
	return 0;
}

/* -C DIR or -CDIR. */
static int
dir_opt(struct cli *cli, int argc, char **argv, int *i)
{
	const char *v = argv[*i][2] ? argv[*i] + 2 : NULL;

	if (!v && *i + 1 >= argc)
		return pd_error(PD_EUSAGE, "option '-C' needs a value");
	if (cli->dir)
		return pd_error(PD_EUSAGE, "option '-C' given twice");
	cli->dir = v ? v : argv[++*i];
	return 0;
}

/*
 * The command word, found before any option is stored: the table may
 * have an option once for each of several commands, with its own
 * argument, values and help (--agenda ITEM for one, --agenda FILE for
 * another).  NULL when there is none (pick_cmd() says so).
 */
static const struct cmd *
peek_cmd(struct program *p, int argc, char **argv)
{
	int k = 0, ended = 0;

	for (int i = 1; p->cmds && i < argc; i++) {
		const char *a = argv[i];
		const struct opt *o;

		if (ended || a[0] != '-' || !a[1]) {
			if (k++ < p->cmd_operand)
				continue;
			for (const struct cmd *c = p->cmds; c->name; c++)
				if (!strcmp(c->name, a))
					return c;
			return NULL;
		}
		if (!strcmp(a, "--"))
			ended = 1;
		else if (!strcmp(a, "-C"))
			i++;
		else if (a[1] == '-' && !strchr(a, '=') &&
			 (o = find_opt(p, a + 2, strlen(a + 2), NULL)) &&
			 o->type != OPT_T_FLAG)
			i++;
		else if (a[1] != '-' && !a[2] && short_takes_value(p, a[1]))
			i++;
	}
	return NULL;
}

/* The command chosen, for a usage error about it. */
static const struct cmd *chosen;

/* The words of argv: options stored, operands gathered in cli. */
static int
scan(struct program *p, int argc, char **argv, struct cli *cli, int *help,
     int *version)
{
	const struct cmd *c = peek_cmd(p, argc, argv);
	int rc = 0, ended = 0;

	chosen = c;	/* an unknown option's usage is its command's */

	for (int i = 1; i < argc && !rc; i++) {
		const char *a = argv[i];

		if (ended || a[0] != '-' || !a[1])
			cli->operands[cli->noperands++] = argv[i];
		else if (!strcmp(a, "--"))
			ended = 1;
		else if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			*help = 1;
		else if (!strcmp(a, "--version"))
			*version = 1;
		else if (a[1] == '-')
			rc = long_opt(p, c, argc, argv, &i);
		else if (a[1] == 'C')
			rc = dir_opt(cli, argc, argv, &i);
		else
			rc = short_opt(p, c, argc, argv, &i);
	}
	return rc;
}

static const char *
cmd_names(const struct program *p)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (const struct cmd *c = p->cmds; c->name && n < sizeof(buf); c++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s",
			      c == p->cmds ? "" : ", ", c->name);
	return buf;
}

/* What an operand is called in messages: "a ticket id" for ID. */
static const char *
operand_noun(const struct program *p, const char *word)
{
	if (p->operand_noun && !strncmp(word, "ID", 2) &&
	    (!word[2] || word[2] == ' '))
		return _(p->operand_noun);
	return word;
}

/* Take the command out of the operands. */
static int
pick_cmd(const struct program *p, struct cli *cli)
{
	int k = p->cmd_operand, words;
	char *name;

	if (cli->noperands <= k) {
		if (k > 0)
			return !strcmp(p->cmd_noun, "action") ?
			       pd_error(PD_EUSAGE, "give %s and an %s",
					operand_noun(p, p->operands),
					_(p->cmd_noun)) :
			       pd_error(PD_EUSAGE, "give %s and a %s",
					operand_noun(p, p->operands),
					_(p->cmd_noun));
		return pd_error(PD_EUSAGE, "no %s (expected %s)",
				_(p->cmd_noun), cmd_names(p));
	}
	words = p->cmd_words > 1 && cli->noperands > k + 1 ? 2 : 1;
	name = words == 2 ? xasprintf("%s %s", cli->operands[k],
				      cli->operands[k + 1])
			  : xstrdup(cli->operands[k]);
	for (const struct cmd *c = p->cmds; c->name; c++)
		if (!strcmp(c->name, name))
			cli->cmd = c;
	if (!cli->cmd) {
		int rc = pd_error(PD_EUSAGE, "unknown %s '%s' (expected %s)",
				  _(p->cmd_noun), name, cmd_names(p));

		free(name);
		return rc;
	}
	free(name);
	chosen = cli->cmd;
	memmove(cli->operands + k, cli->operands + k + words,
		(size_t)(cli->noperands - k - words) * sizeof(*cli->operands));
	cli->noperands -= words;
	return 0;
}

/* The operand count against a spec like "ID [FILE]" or "[ID]...". */
static int
check_operands(const struct program *p, const char *spec,
	       const struct cli *cli)
{
	int required = 0, optional = 0, many = strstr(spec, "...") != NULL;
	const char *first_missing = NULL;
	char word[64];

	for (const char *s = spec; *s; ) {
		size_t len = strcspn(s, " ");

		if (*s == '[') {
			optional++;
		} else if (required++ == cli->noperands) {
			first_missing = s;
			snprintf(word, sizeof(word), "%.*s", (int)len, s);
		}
		s += len;
		s += strspn(s, " ");
	}
	if (first_missing) {
		if (cli->cmd)
			return pd_error(PD_EUSAGE, "%s needs %s", cli->cmd->name,
					operand_noun(p, word));
		return pd_error(PD_EUSAGE, "missing %s", operand_noun(p, word));
	}
	if (!many && cli->noperands > required + optional)
		return pd_error(PD_EUSAGE, "unexpected argument '%s'",
				cli->operands[required + optional]);
	return 0;
}

/* Options given that this command does not take, or it needs and lacks. */
static int
check_opts(const struct program *p, const struct cli *cli)
{
	const char *missing[16];
	size_t n = 0;
	struct sbuf sb;
	int rc;

	int lacking = 0;

	for (const struct opt *o = p->opts; o && o->type != OPT_T_END; o++) {
		if (o->seen && !applies(o, cli->cmd))
			return pd_error(PD_EUSAGE,
					"option '--%s' does not apply to '%s'",
					o->name, cli->cmd->name);
		if (needed(o, cli->cmd) && n < 16) {
			missing[n++] = o->name;
			lacking |= !o->seen;
		}
	}
	/* All that are needed are named, as the man page gives them. */
	if (!lacking)
		return 0;
	sbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s--%s", i == 0 ? "" : i + 1 == n ? _(" and ") :
			  _(", "), missing[i]);
	if (cli->cmd)
		rc = pd_error(PD_EUSAGE, "%s needs %s", cli->cmd->name, sb.buf);
	else
		rc = n == 1 ? pd_error(PD_EUSAGE, "%s is required", sb.buf)
			    : pd_error(PD_EUSAGE, "%s are required", sb.buf);
	sbuf_release(&sb);
	return rc;
}

int
opt_parse(struct program *p, int argc, char **argv, struct cli *cli)
{
	int help = 0, version = 0, rc;

	pd_setprog(argv[0]);
	pd_lang_init(argc, argv);
	memset(cli, 0, sizeof(*cli));
	cli->operands = xcalloc((size_t)argc + 1, sizeof(*cli->operands));
	rc = scan(p, argc, argv, cli, &help, &version);
	if (help) {
		pd_clear_error();
		opt_help(p, stdout);
		return cli_finish(0);
	}
	if (version && !rc)
		return cli_version();
	if (!rc && p->cmds)
		rc = pick_cmd(p, cli);
	if (!rc) {
		/* The operands before the command are the program's. */
		char *spec = xasprintf("%s %s", p->operands && (!p->cmds ||
				       p->cmd_operand > 0) ? p->operands : "",
				       cli->cmd ? cli->cmd->operands : "");

		rc = check_operands(p, spec + strspn(spec, " "), cli);
		free(spec);
	}
	if (!rc)
		rc = check_opts(p, cli);
	return rc ? opt_usage_error(p) : OPT_GO;
}

void
cli_release(struct cli *cli)
{
	free(cli->operands);
	cli->operands = NULL;
}

/* The bytes of the UTF-8 character at c. */
static size_t
char_len(const char *c)
{
	size_t n = 1;

	while (n < 4 && (c[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* What a help line is not broken inside: a run of ASCII, or one other
 * character; with the closing marks (、，）：；) after it. */
static size_t
unit_len(const char *c)
{
	static const char *const closing[] = {"、", "，", "）", "：", "；"};
	size_t n = 0;
	int more = 1;

	if ((unsigned char)*c < 0x80)
		while (c[n] && (unsigned char)c[n] < 0x80)
			n++;
	else
		n = char_len(c);
	while (more) {
		more = 0;
		for (size_t i = 0; i < sizeof(closing) / sizeof(*closing); i++)
			if (!strncmp(c + n, closing[i], strlen(closing[i]))) {
				n += strlen(closing[i]);
				more = 1;
			}
	}
	return n;
}

/* The display width of len bytes at c ('\x1f' is one column). */
static size_t
units_width(const char *c, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; ) {
		size_t clen = char_len(c + i);
		char ch[8];

		memcpy(ch, c + i, clen);
		ch[clen] = '\0';
		w += ch[0] == '\x1f' ? 1 : text_width(ch);
		i += clen;
	}
	return w;
}

/* Add text at column *col, wrapping at HELP_WIDTH to column indent. */
static void
wrap_add(struct sbuf *sb, const char *text, size_t indent, size_t *col)
{
	const char *s = text;

	while (*s) {
		size_t len = strcspn(s, " "), w;
		int fresh;
		char *word = xstrndup(s, len);

		w = text_width(word);
		for (const char *g = word; (g = strchr(g, '\x1f')); g++)
			w++;
		fresh = !sb->len || sb->buf[sb->len - 1] == ' ' ||
			sb->buf[sb->len - 1] == '\n';
		if (!fresh && *col + 1 + w > HELP_WIDTH) {
			sbuf_addf(sb, "\n%*s", (int)indent, "");
			*col = indent;
		} else if (!fresh) {
			sbuf_addc(sb, ' ');
			(*col)++;
		}
		/* A word wider than the line (Chinese has no spaces) is cut
		 * between characters, never inside a run of ASCII or before
		 * a closing mark. */
		for (const char *c = word; *c; ) {
			size_t ulen = unit_len(c), uw = units_width(c, ulen);

			if (*col + uw > HELP_WIDTH && *col > indent &&
			    uw <= HELP_WIDTH - indent) {
				sbuf_addf(sb, "\n%*s", (int)indent, "");
				*col = indent;
			}
			if (uw <= HELP_WIDTH - indent) {
				sbuf_add(sb, c, ulen);
				*col += uw;
				c += ulen;
				continue;
			}
			ulen = char_len(c);	/* wider than a line: cut it */
			uw = units_width(c, ulen);
			if (*col + uw > HELP_WIDTH && *col > indent) {
				sbuf_addf(sb, "\n%*s", (int)indent, "");
				*col = indent;
			}
			sbuf_add(sb, c, ulen);
			*col += uw;
			c += ulen;
		}
		free(word);
		s += len;
		s += strspn(s, " ");
	}
}

/* "--name ARG" as the synopsis and the option list show it. */
static void
opt_form(struct sbuf *sb, const struct opt *o)
{
	sbuf_addf(sb, "--%s", o->name);
	if (o->arg)
		sbuf_addf(sb, " %s", o->arg);
}

static void
synopsis_opt(struct sbuf *sb, const struct opt *o, int need, size_t indent,
	     size_t *col)
{
	struct sbuf w;

	sbuf_init(&w);
	if (!need)
		sbuf_addc(&w, '[');
	opt_form(&w, o);
	if (!need)
		sbuf_addc(&w, ']');
	if (o->type == OPT_T_LIST)
		sbuf_adds(&w, "...");
	/* Keep "--x ARG" together: no space inside a word here. */
	for (char *c = w.buf; *c; c++)
		if (*c == ' ')
			*c = '\x1f';
	wrap_add(sb, w.buf, indent, col);
	sbuf_release(&w);
}

/* One synopsis line: the program, the command c and its options. */
static void
synopsis(struct sbuf *sb, const struct program *p, const struct cmd *c,
	 const char *lead)
{
	size_t indent = text_width(lead) + strlen(pd_progname) + 1;
	size_t col;
	int general = 0;
	struct sbuf head;

	sbuf_addf(sb, "%s%s", lead, pd_progname);
	col = indent - 1;
	sbuf_init(&head);
	sbuf_adds(&head, "[-C\x1f" "DIR]");
	if (c && p->cmd_operand > 0)
		sbuf_addf(&head, " %s", p->operands);
	if (c)
		sbuf_addf(&head, " %s%s%s", c->name, *c->operands ? " " : "",
			  c->operands);
	wrap_add(sb, head.buf, indent, &col);
	sbuf_release(&head);
	for (const struct opt *o = p->opts; o && o->type != OPT_T_END; o++) {
		if (!applies(o, c))
			continue;
		if (c && (!o->only || !strcmp(o->only, OPT_CHANGES)) &&
		    !needed(o, c)) {
			general = 1;
			continue;
		}
		synopsis_opt(sb, o, needed(o, c), indent, &col);
	}
	if (general)
		wrap_add(sb, "[options]", indent, &col);
	if (!c && p->operands && *p->operands)
		wrap_add(sb, p->operands, indent, &col);
	sbuf_addc(sb, '\n');
}

/* "  --name ARG    help (one of: ...; for: ...)" */
static void
option_line(struct sbuf *sb, const struct opt *o, const struct program *p)
{
	struct sbuf left, text;
	size_t col;

	sbuf_init(&left);
	sbuf_init(&text);
	sbuf_adds(&left, "  ");
	if (o->short_name)
		sbuf_addf(&left, "-%c, ", o->short_name);
	opt_form(&left, o);
	sbuf_adds(&text, _(o->help));
	if (o->values && pd_lang_zh()) {	/* with their display names */
		sbuf_addf(&text, "（%s%s）", _("one of:"),
			  pd_label_join(o->name, o->values));
	} else if (o->values) {
		sbuf_addf(&text, " (%s", _("one of:"));
		for (size_t i = 0; o->values[i]; i++)
			sbuf_addf(&text, "%s %s", i ? "," : "", o->values[i]);
		sbuf_addc(&text, ')');
	}
	if (o->type == OPT_T_LIST)
		sbuf_adds(&text, _("; repeatable"));
	if (p->cmds && o->only && strcmp(o->only, OPT_CHANGES))
		sbuf_addf(&text, " [%s]", o->only);
	sbuf_adds(sb, left.buf);
	col = text_width(left.buf);
	if (col + 2 > HELP_COLUMN) {
		sbuf_addf(sb, "\n%*s", HELP_COLUMN, "");
	} else {
		sbuf_addf(sb, "%*s", (int)(HELP_COLUMN - col), "");
	}
	col = HELP_COLUMN;
	wrap_add(sb, text.buf, HELP_COLUMN, &col);
	sbuf_addc(sb, '\n');
	sbuf_release(&left);
	sbuf_release(&text);
}

static void
usage_lines(struct sbuf *sb, const struct program *p)
{
	if (!p->cmds) {
		synopsis(sb, p, NULL, _("usage: "));
		return;
	}
	for (const struct cmd *c = p->cmds; c->name; c++)
		synopsis(sb, p, c, c == p->cmds ? _("usage: ") : _("   or: "));
}

/* The usage of the command chosen, or of them all. */
static void
usage_of_chosen(struct sbuf *sb, const struct program *p)
{
	if (chosen)
		synopsis(sb, p, chosen, _("usage: "));
	else
		usage_lines(sb, p);
}

/* Turn the unit separators that hold words together back into spaces. */
static void
unglue(struct sbuf *sb)
{
	for (size_t i = 0; i < sb->len; i++)
		if (sb->buf[i] == '\x1f')
			sb->buf[i] = ' ';
}

void
opt_help(const struct program *p, FILE *fp)
{
	struct sbuf sb;
	size_t col;

	sbuf_init(&sb);
	usage_lines(&sb, p);
	sbuf_addc(&sb, '\n');
	col = 0;
	wrap_add(&sb, _(p->summary), 0, &col);
	sbuf_addc(&sb, '\n');
	if (p->cmds) {
		sbuf_addf(&sb, _("\n%ss:\n"), _(p->cmd_noun));
		for (const struct cmd *c = p->cmds; c->name; c++) {
			sbuf_addf(&sb, "  %-*s", HELP_COLUMN - 2, c->name);
			col = HELP_COLUMN;
			wrap_add(&sb, _(c->help), HELP_COLUMN, &col);
			sbuf_addc(&sb, '\n');
		}
	}
	sbuf_adds(&sb, _("\noptions:\n"));
	sbuf_addf(&sb, "  -C DIR%*s", HELP_COLUMN - 8, "");
	col = HELP_COLUMN;
	wrap_add(&sb, _("run in the store at DIR (default: the store the current directory is in)"),
		 HELP_COLUMN, &col);
	sbuf_addc(&sb, '\n');
	for (const struct opt *o = p->opts; o && o->type != OPT_T_END; o++)
		option_line(&sb, o, p);
	sbuf_addf(&sb, "  -h, --help%*s%s\n", HELP_COLUMN - 12, "",
		  _("print this help and exit"));
	sbuf_addf(&sb, "  --version%*s%s\n", HELP_COLUMN - 11, "",
		  _("print the version and exit"));
	unglue(&sb);
	fputs(sb.buf, fp);
	sbuf_release(&sb);
}

int
opt_usage_error(const struct program *p)
{
	struct sbuf sb;

	pd_die(PD_EUSAGE);
	sbuf_init(&sb);
	usage_of_chosen(&sb, p);
	unglue(&sb);
	fputs(sb.buf, stderr);
	fprintf(stderr, _("(%s --help lists every option)\n"), pd_progname);
	sbuf_release(&sb);
	return PD_EUSAGE;
}
