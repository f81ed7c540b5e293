/*
 * The 会务 checklist: parsing service-tasks.csv, choosing its rows for a
 * meeting, and the signed offsets of due times (see
 * include/plaindesk/checklist.h).
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/checklist.h"
#include "plaindesk/csvtab.h"
#include "plaindesk/meeting.h"
#include "plaindesk/service.h"
#include "plaindesk/text.h"

const char *const checklist_columns[] = {
	"types", "if", "key", "group", "task", "from", "offset", "required",
	NULL
};
const char *const checklist_conditions[] = {
	"", "guests", "no-guests", "lodging", "no-lodging", NULL
};

int
offset_parse(const char *s, struct offset *o)
{
	const char *p = s;

	memset(o, 0, sizeof(*o));
	if (*p == '+' || *p == '-')
		o->negative = *p++ == '-';
	if (*p == '0') {
		/* Zero takes any unit: "+0m", "0wd". */
		static const char *const units[] = {"m", "h", "d", "wd", NULL};

		p += strspn(p, "0");
		if (str_index(units, p) < 0)
			return -1;
		o->d.unit = !strcmp(p, "d") ? DUR_DAYS : !strcmp(p, "wd") ?
			    DUR_WORKDAYS : DUR_MINUTES;
		o->negative = 0;
		return 0;
	}
	return duration_parse(p, &o->d);
}

time_t
offset_apply(const struct calendar *cal, time_t base, const struct offset *o)
{
	long n = o->d.n;
	struct tm tm;

	if (n == 0)
		return base;
	switch (o->d.unit) {
	case DUR_WORKDAYS:
		return o->negative ? calendar_sub_workdays(cal, base, n)
				   : calendar_add(cal, base, &o->d, 0);
	case DUR_DAYS:
		localtime_r(&base, &tm);
		tm.tm_mday += o->negative ? -(int)n : (int)n;
		tm.tm_isdst = -1;
		return mktime(&tm);
	default:
		return base + (o->negative ? -n : n) * 60;
	}
}

int
task_key_valid(const char *key)
{
	size_t n = key ? strlen(key) : 0;

	return n >= 1 && n <= 40 && key[0] >= 'a' && key[0] <= 'z' &&
	       strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* The types cell: "*" or a ';'-list of meeting types. */
static int
types_valid(const char *types)
{
	char *copy, *save = NULL;
	int ok = 1;

	if (!strcmp(types, "*"))
		return 1;
	copy = xstrdup(types);
	for (char *t = strtok_r(copy, ";", &save); t;
	     t = strtok_r(NULL, ";", &save))
		if (str_index(meeting_types, t) < 0)
			ok = 0;
	free(copy);
	return ok && *types;
}

/* Check row r of t (line numbers for messages). */
static int
check_row(const struct csvtab *t, size_t r, const char *name)
{
	const char *key = csvtab_get(t, r, "key");
	struct offset off;
	const char *why = NULL;

	if (!types_valid(csvtab_get(t, r, "types")))
		why = N_("types must be * or meeting types separated by ';'");
	else if (str_index(checklist_conditions, csvtab_get(t, r, "if")) < 0)
		why = N_("if must be empty, guests, no-guests, lodging or no-lodging");
	else if (!task_key_valid(key) || str_startswith(key, TASK_EXTRA_PREFIX))
		why = N_("key must be 1 to 40 of a-z, 0-9 and '-' (not extra-...)");
	else if (str_index(service_groups, csvtab_get(t, r, "group")) < 0)
		why = N_("group must be secretariat, logistics or transport");
	else if (!*csvtab_get(t, r, "task") ||
		 text_check("task", csvtab_get(t, r, "task"), 1))
		why = N_("task must be one line of at most 200 characters");
	else if (strcmp(csvtab_get(t, r, "from"), "start") &&
		 strcmp(csvtab_get(t, r, "from"), "end"))
		why = N_("from must be start or end");
	else if (offset_parse(csvtab_get(t, r, "offset"), &off) < 0)
		why = N_("offset must be like -2wd, -1h, -30m or +0m");
	else if (strcmp(csvtab_get(t, r, "required"), "yes") &&
		 strcmp(csvtab_get(t, r, "required"), "no"))
		why = N_("required must be yes or no");
	for (size_t k = 0; !why && k < r; k++)
		if (!strcmp(csvtab_get(t, k, "key"), key))
			why = N_("the key is used twice");
	if (why)
		return pd_error(PD_EDATA, "%s: line %zu: %s", name, t->lines[r],
				_(why));
	return 0;
}

int
checklist_parse(struct checklist *cl, const char *data, size_t len,
		const char *name)
{
	struct csvtab t;
	int rc;

	memset(cl, 0, sizeof(*cl));
	csvtab_init(&t);
	if ((rc = csvtab_parse(&t, data, len, name)))
		goto out;
	for (size_t i = 0; checklist_columns[i]; i++)
		if (csvtab_col(&t, checklist_columns[i]) < 0) {
			rc = pd_error(PD_EDATA, "%s: missing column '%s'", name,
				      checklist_columns[i]);
			goto out;
		}
	for (size_t r = 0; r < t.nrows && !rc; r++)
		rc = check_row(&t, r, name);
	if (rc)
		goto out;
	cl->rows = xcalloc(t.nrows ? t.nrows : 1, sizeof(*cl->rows));
	for (size_t r = 0; r < t.nrows; r++) {
		struct checklist_row *row = &cl->rows[cl->n++];

		row->types = xstrdup(csvtab_get(&t, r, "types"));
		row->cond = xstrdup(csvtab_get(&t, r, "if"));
		row->key = xstrdup(csvtab_get(&t, r, "key"));
		row->group = xstrdup(csvtab_get(&t, r, "group"));
		row->text = xstrdup(csvtab_get(&t, r, "task"));
		row->from = xstrdup(csvtab_get(&t, r, "from"));
		row->offset = xstrdup(csvtab_get(&t, r, "offset"));
		row->required = !strcmp(csvtab_get(&t, r, "required"), "yes");
	}
out:
	csvtab_release(&t);
	return rc;
}

void
checklist_release(struct checklist *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		struct checklist_row *r = &cl->rows[i];

		free(r->types);
		free(r->cond);
		free(r->key);
		free(r->group);
		free(r->text);
		free(r->from);
		free(r->offset);
	}
	free(cl->rows);
	memset(cl, 0, sizeof(*cl));
}

/* Is type one of the ';'-separated types (or are they "*")? */
static int
types_include(const char *types, const char *type)
{
	size_t n = strlen(type);

	if (!strcmp(types, "*"))
		return 1;
	for (const char *s = types; *s; ) {
		size_t len = strcspn(s, ";");

		if (len == n && !strncmp(s, type, n))
			return 1;
		s += len;
		s += *s == ';';
	}
	return 0;
}

int
checklist_applies(const struct checklist_row *r, const char *type,
		  int guests, int lodging)
{
	if (!type || !types_include(r->types, type))
		return 0;
	if (!strcmp(r->cond, "guests"))
		return guests;
	if (!strcmp(r->cond, "no-guests"))
		return !guests;
	if (!strcmp(r->cond, "lodging"))
		return lodging;
	if (!strcmp(r->cond, "no-lodging"))
		return !lodging;
	return 1;
}

const struct checklist_row *
checklist_find(const struct checklist *cl, const char *key)
{
	for (size_t i = 0; i < cl->n; i++)
		if (!strcmp(cl->rows[i].key, key))
			return &cl->rows[i];
	return NULL;
}
