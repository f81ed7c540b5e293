/*
 * Who is acting (DESIGN §3): --by, $PLAINDESK_ACTOR, or git's user; a
 * staff member named by id or name is recorded by id and signs commits
 * with the register's name and e-mail, made safe for git as git itself
 * makes them.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/config.h"
#include "plaindesk/i18n.h"
#include "plaindesk/store.h"
#include "plaindesk/text.h"
#include "plaindesk/vcs.h"

/*
 * "Name <mail@host>" into its parts; anything else is a name (made safe
 * for git like every name).
 */
static void
split_ident(const char *who, char **name, char **email)
{
	const char *lt = strchr(who, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (lt && gt && gt > lt && gt[1] == '\0') {
		size_t n = (size_t)(lt - who);

		while (n > 0 && who[n - 1] == ' ')
			n--;
		*name = xstrndup(who, n);
		*email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	} else {
		*name = xstrdup(who);
		*email = NULL;
	}
}

/*
 * A name or e-mail git writes into a commit's author line holds no
 * control character (a newline would end the line and forge the next;
 * an escape would reach a terminal).  Angle brackets and punctuation
 * are not refused: make_safe_for_git() treats them as git does.
 */
static int
check_ident(const char *whose, const char *what, const char *s)
{
	char *field = xasprintf("%s: %s", whose, what);
	int rc = text_check_cell(field, s);

	free(field);
	return rc;
}

static int
actor_valid(const struct actor *a, const char *whose)
{
	int rc;

	if ((rc = check_ident(whose, "name", a->name)) ||
	    (rc = check_ident(whose, "e-mail", a->email)))
		return rc;
	return 0;
}

/* What git trims from either end of a name or an e-mail (ident.c). */
static int
ident_crud(unsigned char c)
{
	return c <= ' ' || strchr(".,:;<>\"\\'", c) != NULL;
}

char *
ident_clean(const char *s)
{
	size_t len;
	char *out, *o;

	while (*s && ident_crud((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && ident_crud((unsigned char)s[len - 1]))
		len--;
	out = o = xmalloc(len + 1);
	/* The delimiters of an author line go, wherever they are. */
	for (size_t i = 0; i < len; i++)
		if (s[i] != '\n' && s[i] != '<' && s[i] != '>')
			*o++ = s[i];
	*o = '\0';
	return out;
}

/* The author's name and e-mail as git would write them. */
static void
make_safe_for_git(struct actor *a)
{
	char *name = ident_clean(a->name), *email = ident_clean(a->email);

	if (!*name) {
		free(name);
		name = ident_clean(a->by);
	}
	if (!*name) {
		free(name);
		name = xstrdup("unknown");
	}
	free(a->name);
	free(a->email);
	a->name = name;
	a->email = email;
}

int
store_actor(struct store *st, const char *by_opt, struct actor *a)
{
	const char *who = by_opt ? by_opt : getenv("PLAINDESK_ACTOR");
	struct csvtab *staff;
	long r = -1;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = store_register(st, REG_STAFF, &staff)))
		return rc;
	if (by_opt && !*by_opt)
		return pd_error(PD_EUSAGE, "--by: empty actor");
	if (who && *who) {
		if (strchr(who, '\n'))
			return pd_error(PD_EDATA, "%s: the actor must be one line",
					by_opt ? "--by" : "PLAINDESK_ACTOR");
		if ((rc = text_check(by_opt ? "--by" : "PLAINDESK_ACTOR", who, 1)))
			return rc;
		if ((r = store_find(st, REG_STAFF, who)) == -2)
			return PD_EDATA;
		if (r < 0) {
			split_ident(who, &a->name, &a->email);
			if (!*a->name) {
				actor_release(a);
				return pd_error(PD_EUSAGE, "actor '%s' has no name", who);
			}
			a->by = xstrdup(a->name);
		}
	} else {
		if ((rc = vcs_default_identity(st, &a->name, &a->email)))
			return rc;
		if ((r = csvtab_find(staff, "email", a->email)) < 0)
			r = csvtab_find(staff, "name", a->name);
		if (r < 0)
			a->by = xstrdup(a->name);
	}
	if (r >= 0) {
		free(a->name);
		free(a->email);
		a->by = xstrdup(csvtab_get(staff, (size_t)r, "id"));
		a->name = xstrdup(csvtab_get(staff, (size_t)r, "name"));
		a->email = xstrdup(csvtab_get(staff, (size_t)r, "email"));
		if (!*a->name) {
			free(a->name);
			a->name = xstrdup(a->by);
		}
	}
	if (!a->email || !*a->email) {
		char *n = NULL, *e = NULL;

		free(a->email);
		a->email = NULL;
		if (vcs_default_identity(st, &n, &e) == 0)
			a->email = e;
		else
			a->email = xstrdup("");
		free(n);
		pd_clear_error();
	}
	/* Checked here, before anything is written: the signature. */
	{
		char *whose = r >= 0 ? xasprintf("registers/staff.csv: %s",
						 a->by)
				     : xstrdup("the actor");

		rc = actor_valid(a, whose);
		free(whose);
		if (rc) {
			actor_release(a);
			return rc;
		}
	}
	make_safe_for_git(a);
	/* Someone not in the register is recorded as the commit names them. */
	if (r < 0) {
		free(a->by);
		a->by = xstrdup(a->name);
	}
	return 0;
}

void
actor_release(struct actor *a)
{
	free(a->by);
	free(a->name);
	free(a->email);
	memset(a, 0, sizeof(*a));
}

int
actor_check_role(struct store *st, const struct actor *a, const char *need,
		 const char *doing)
{
	struct csvtab *staff;
	long r;
	int rc;

	if ((rc = store_register(st, REG_STAFF, &staff)))
		return rc;
	r = csvtab_find(staff, "id", a->by);
	if (r < 0) {
		pd_error(PD_ENOPERM, "'%s' is not a staff member; %s needs the role %s or higher",
			 a->by, doing, pd_label("role", need));
		pd_hint("pass --by STAFF");
		return PD_ENOPERM;
	}
	if (strcmp(csvtab_get(staff, (size_t)r, "active"), "yes") != 0)
		return pd_error(PD_ENOPERM, "staff member %s is not active",
				a->by);
	if (role_rank(csvtab_get(staff, (size_t)r, "role")) < role_rank(need))
		return pd_error(PD_ENOPERM, "%s is %s; %s needs the role %s or higher",
				a->by, pd_label("role",
				csvtab_get(staff, (size_t)r, "role")),
				doing, pd_label("role", need));
	return 0;
}

/*
 * May the actor see contact details (customers', or the attendees' of
 * a meeting)?  An active staff member whose role is in contact_roles
 * may; so may owner (the assignee of the ticket shown), for their own
 * ticket.  This guards the programs'
 * output only: who may read the repository is the git server's to say.
 */
int
actor_contact_allowed(struct store *st, const struct actor *a,
		      const char *owner)
{
	const struct care_config *cc = &st->cfg.care;
	struct csvtab *staff;
	const char *role = "";
	const char **roles;
	long r;
	int rc;

	if (owner && *owner && !strcmp(owner, a->by))
		return 0;
	if (store_register(st, REG_STAFF, &staff) == 0 &&
	    (r = csvtab_find(staff, "id", a->by)) >= 0 &&
	    !strcmp(csvtab_get(staff, (size_t)r, "active"), "yes"))
		role = csvtab_get(staff, (size_t)r, "role");
	for (int i = 0; i < cc->ncontact_roles; i++)
		if (!strcmp(role, cc->contact_roles[i]))
			return 0;
	roles = xcalloc((size_t)cc->ncontact_roles + 1, sizeof(*roles));
	for (int i = 0; i < cc->ncontact_roles; i++)
		roles[i] = cc->contact_roles[i];
	rc = pd_error(PD_ENOPERM, "%s may not see contact details (contact_roles: %s)",
		      a->by, pd_label_join("role", roles));
	free(roles);
	return rc;
}

int
store_contact_allowed(struct store *st, const char *owner)
{
	struct actor a;
	int rc;

	if (!(rc = store_actor(st, NULL, &a)))
		rc = actor_contact_allowed(st, &a, owner);
	actor_release(&a);
	return rc;
}
