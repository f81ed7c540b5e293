/*
 * Keeping the registers by command: see include/plaindesk/registers.h.
 */
#include <string.h>

#include "plaindesk/check.h"
#include "plaindesk/i18n.h"
#include "plaindesk/registers.h"

const char *const register_names[] = {
	"customers", "staff", "rooms", "holidays", NULL
};

int
register_kind_of(const char *name)
{
	return str_index(register_names, name);
}

const char *
register_key(enum register_kind k)
{
	return k == REG_HOLIDAYS ? "date" : "id";
}

long
register_row(struct store *st, enum register_kind k, const char *key)
{
	struct csvtab *t;
	long r;
	int rc;

	if ((rc = store_register(st, k, &t)))
		return -1;
	if ((r = csvtab_find(t, register_key(k), key)) < 0)
		pd_error(PD_ENOINPUT, "%s: no row with %s '%s'",
			 register_paths[k], pd_label("column", register_key(k)),
			 key);
	return r;
}

struct first_problem {
	const char *path;
	char *message;
};

static int
keep_first(void *ctx, const char *path, const char *msg)
{
	struct first_problem *fp = ctx;

	if (!fp->message && !strcmp(path, fp->path))
		fp->message = xstrdup(msg);
	return 0;
}

int
register_stage(struct store *st, enum register_kind k, struct change *c)
{
	struct first_problem fp = {register_paths[k], NULL};
	struct csvtab *t;
	char *data;
	size_t len;
	int rc;

	if ((rc = store_register(st, k, &t)))
		return rc;
	/* The table in memory is the one plaindesk-check now reads. */
	if ((rc = check_registers(st, keep_first, &fp)))
		return rc;
	if (fp.message) {
		rc = pd_error(PD_EDATA, "%s: %s", fp.path, fp.message);
		free(fp.message);
		return rc;
	}
	data = csvtab_format(t, &len);
	change_put(c, register_paths[k], data, len);
	change_register(c, register_names[k]);
	return 0;
}
