/*
 * 会务 services on a store: each change of `mtg-service` checked against
 * the meeting, the registers and the checklist, then appended to the
 * meeting as one service event (see include/plaindesk/services.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/storefs.h"
#include "plaindesk/i18n.h"
#include "plaindesk/meetings.h"
#include "plaindesk/record.h"
#include "plaindesk/render.h"
#include "plaindesk/services.h"
#include "plaindesk/text.h"

void
service_request_init(struct service_request *r)
{
	memset(r, 0, sizeof(*r));
	strlist_init(&r->groups);
	strlist_init(&r->add);
	strlist_init(&r->prepared);
	strlist_init(&r->returned);
	strlist_init(&r->lines);
	strlist_init(&r->revise);
	strlist_init(&r->actual);
	strlist_init(&r->lessons);
}

void
service_request_release(struct service_request *r)
{
	strlist_release(&r->groups);
	strlist_release(&r->add);
	strlist_release(&r->prepared);
	strlist_release(&r->returned);
	strlist_release(&r->lines);
	strlist_release(&r->revise);
	strlist_release(&r->actual);
	strlist_release(&r->lessons);
}

int
service_request_changes(const struct service_request *r)
{
	if (!strcmp(r->command, "budget"))
		return r->lines.n || r->revise.n || r->actual.n || r->approve;
	if (!strcmp(r->command, "summary"))
		return r->lessons.n || r->publish;
	return 1;
}

int
service_request_check(const struct service_request *r)
{
	const char *c = r->command;

	if (!strcmp(c, "task")) {
		if (r->done + r->failed + r->skip > 1)
			return pd_error(PD_EUSAGE, "give one of --done, --failed and --skip");
		if (r->failed && !r->note)
			return pd_error(PD_EUSAGE, "--failed needs --note (what went wrong)");
		if (r->skip && !r->reason)
			return pd_error(PD_EUSAGE, "--skip needs --reason");
		if (r->reason && !r->skip)
			return pd_error(PD_EUSAGE, "--reason goes with --skip");
		if (r->at && !r->done)
			return pd_error(PD_EUSAGE, "--at goes with --done");
		if (!r->done && !r->failed && !r->skip && !r->owner && !r->note)
			return pd_error(PD_EUSAGE, "task needs --done, --failed, --skip, --owner or --note");
	} else if (!strcmp(c, "add-task")) {
		if (!r->due == !r->offset)
			return pd_error(PD_EUSAGE, "add-task needs --due or --offset (not both)");
		if (r->from && !r->offset)
			return pd_error(PD_EUSAGE, "--from goes with --offset");
	} else if (!strcmp(c, "material")) {
		if (!r->add.n && !r->prepared.n && !r->returned.n)
			return pd_error(PD_EUSAGE, "material needs --add, --prepared or --returned");
	} else if (!strcmp(c, "checkin")) {
		if (!r->who == !r->guest)
			return pd_error(PD_EUSAGE, "checkin needs WHO or --guest (not both)");
	} else if (!strcmp(c, "incident")) {
		if (!r->text == !r->resolve)
			return pd_error(PD_EUSAGE, "incident needs --text or --resolve (not both)");
		if (r->resolved && !r->text)
			return pd_error(PD_EUSAGE, "--resolved goes with --text");
	}
	return 0;
}

/* What every stage works with. */
struct stage {
	struct store *st;
	json_t *rec, *svc;		/* the meeting; its service block */
	const struct service_request *r;
	const struct actor *a;
	struct change *c;
	struct sbuf what;		/* the commit subject after the id */
	struct strlist *say;
};

static int
given(const char *s)
{
	return s && *s;
}

static int
no_plan(const char *id)
{
	pd_error(PD_EDATA, "meeting %s has no service plan", id);
	pd_hint("run mtg-service plan %s --lead STAFF first", id);
	return PD_EDATA;
}

/*
 * May an event of type be recorded on the meeting now?  A plan needs a
 * pending or planned meeting; everything else a plan, and a meeting that
 * is not cancelled unless it settles money or material.
 */
static int
service_allowed(struct stage *x, const char *type)
{
	struct meeting_state ms;

	meeting_fold(x->rec, &ms);
	if (strcmp(type, "service-plan") && !x->svc)
		return no_plan(jstr(x->rec, "id"));
	if (meeting_action_allowed(&ms, type))
		return pd_error(PD_EDATA, "meeting %s is %s: %s is not recorded on it",
				jstr(x->rec, "id"),
				meeting_status_name(ms.status), x->r->command);
	return 0;
}

/* Append ev (taken) after the checks of service_allowed(). */
static int
append(struct stage *x, json_t *ev)
{
	int rc;

	if ((rc = service_allowed(x, jstr(ev, "type")))) {
		json_decref(ev);
		return rc;
	}
	rc = meeting_append_event(x->st, x->rec, ev, x->a, x->c);
	x->svc = json_object_get(x->rec, "service");
	return rc;
}

/* A time given with --at: not in the future; RFC 3339 into buf. */
static int
past_time(struct stage *x, const char *s, time_t *t, char buf[TIME_BUFSZ])
{
	*t = x->st->now;
	if (s && time_parse(s, t) < 0)
		return pd_error(PD_EDATA, "invalid time '%s' (expected e.g. 2026-11-25T14:00)",
				s);
	if (*t > x->st->now)
		return pd_error(PD_EDATA, "--at %s is in the future", s);
	time_format(*t, buf);
	return 0;
}

/* An event keeps only the lists that say something. */
static void
drop_empty(json_t *ev, const char *const *lists)
{
	for (int k = 0; lists[k]; k++)
		if (!json_array_size(json_object_get(ev, lists[k])))
			json_object_del(ev, lists[k]);
}

/* A whole number from min to max typed in an option; -1 if not. */
static long
count_parse(const char *s, long min, long max)
{
	char *end;
	long n;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	n = strtol(s, &end, 10);
	return *end || n < min || n > max ? -1 : n;
}

/* One line of text typed in an option: not empty, a title's limits. */
static int
line_check(const char *field, const char *s)
{
	if (!given(s))
		return pd_error(PD_EDATA, "%s: empty", field);
	return text_check(field, s, 1);
}

/* Plan. */

static int
service_checklist(struct store *st, struct checklist *cl)
{
	static const char reg[] = "registers/service-tasks.csv";
	char *data = NULL;
	size_t len = 0;
	int rc;

	rc = storefs_read(st->root, reg, &data, &len);
	if (rc == PD_ENOINPUT) {
		pd_clear_error();
		if ((rc = render_load_template(st->root, st->cfg.locale,
					       "service-tasks.csv", &data)))
			return rc;
		rc = checklist_parse(cl, data, strlen(data),
				     "service-tasks.csv");
	} else if (!rc) {
		rc = checklist_parse(cl, data, len, reg);
	}
	free(data);
	return rc;
}

/* The group leads: each --group G=STAFF, the lead for the rest. */
static int
plan_groups(struct stage *x, const char *lead, json_t **out)
{
	const char *leads[3] = {lead, lead, lead};
	char *ids[3] = {NULL, NULL, NULL};
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < x->r->groups.n && !rc; i++) {
		const char *spec = x->r->groups.items[i];
		const char *eq = strchr(spec, '=');
		char *g = xstrndup(spec, eq ? (size_t)(eq - spec) : 0);
		int k = str_index(service_groups, g);

		if (!eq || k < 0)
			rc = pd_error(PD_EDATA, "invalid --group '%s' (expected G=STAFF, G one of %s)",
				      spec, pd_label_join("group", service_groups));
		else if (ids[k])
			rc = pd_error(PD_EDATA, "group %s is given twice", g);
		else if (!(rc = meeting_staff_id(x->st, eq + 1, "--group", 1,
						 &ids[k])))
			leads[k] = ids[k];
		free(g);
	}
	if (!rc) {
		*out = json_array();
		for (int k = 0; k < 3; k++)
			json_array_append_new(*out, json_pack("{s:s, s:s}",
				"group", service_groups[k], "lead", leads[k]));
	}
	for (int k = 0; k < 3; k++)
		free(ids[k]);
	return rc;
}

/* The lead of group in a groups list, or NULL. */
static const char *
group_lead(json_t *groups, const char *group)
{
	json_t *g;
	size_t i;

	json_array_foreach(groups, i, g)
		if (group && !strcmp(jstr(g, "group"), group))
			return jstr(g, "lead");
	return NULL;
}

/* yes/no into *flag; the block's value (or no) when not given. */
static int
plan_flag(struct stage *x, const char *opt, const char *v, int *flag)
{
	*flag = x->svc && json_is_true(json_object_get(x->svc, opt));
	if (!v)
		return 0;
	if (strcmp(v, "yes") && strcmp(v, "no"))
		return pd_error(PD_EUSAGE, "invalid --%s '%s' (expected yes, no)",
				opt, v);
	*flag = !strcmp(v, "yes");
	return 0;
}

/* The plan's header fields: lead, host, headcount, flags, groups. */
static int
plan_header(struct stage *x, json_t *ev, char **lead)
{
	const struct service_request *r = x->r;
	json_t *groups;
	int guests, lodging, rc;
	long n = 0;

	if ((rc = meeting_staff_id(x->st, r->lead, "--lead", 1, lead)) ||
	    (rc = plan_flag(x, "guests", r->guests, &guests)) ||
	    (rc = plan_flag(x, "lodging", r->lodging, &lodging)) ||
	    (r->host && (rc = line_check("--host", r->host))))
		return rc;
	if (r->headcount && (n = count_parse(r->headcount, 1,
					     SERVICE_MAX_HEADCOUNT)) < 0)
		return pd_error(PD_EDATA, "invalid --headcount '%s' (expected 1 to %ld)",
				r->headcount, SERVICE_MAX_HEADCOUNT);
	if ((rc = plan_groups(x, *lead, &groups)))
		return rc;
	json_object_set_new(ev, "lead", json_string(*lead));
	json_object_set_new(ev, "host", r->host ? json_string(r->host) :
			    json_deep_copy(json_object_get(x->svc, "host")));
	json_object_set_new(ev, "headcount", r->headcount ?
			    json_integer(n) : json_deep_copy(json_object_get(
				x->svc, "headcount")));
	if (json_is_null(json_object_get(ev, "host")))
		json_object_del(ev, "host");
	if (json_is_null(json_object_get(ev, "headcount")))
		json_object_del(ev, "headcount");
	json_object_set_new(ev, "guests", json_boolean(guests));
	json_object_set_new(ev, "lodging", json_boolean(lodging));
	json_object_set_new(ev, "groups", groups);
	return 0;
}

/*
 * The tasks the plan adds (the checklist's rows that apply and are not
 * there), drops (rows that no longer apply, still open without a note)
 * and hands over (open tasks of a group whose lead changed, when the old
 * lead had them).
 */
static void
plan_tasks(struct stage *x, const struct checklist *cl, json_t *ev)
{
	json_t *add = json_array(), *drop = json_array(), *owners = json_array();
	json_t *groups = json_object_get(ev, "groups"), *t;
	int guests = json_is_true(json_object_get(ev, "guests"));
	int lodging = json_is_true(json_object_get(ev, "lodging"));
	const char *type = jstr(x->rec, "type");
	size_t i;

	for (i = 0; i < cl->n; i++) {
		const struct checklist_row *row = &cl->rows[i];

		if (!checklist_applies(row, type, guests, lodging) ||
		    service_task(x->svc, row->key))
			continue;
		json_array_append_new(add, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "key", row->key,
			"group", row->group, "text", row->text, "from",
			row->from, "offset", row->offset, "owner",
			group_lead(groups, row->group), "required",
			row->required));
	}
	json_array_foreach(json_object_get(x->svc, "tasks"), i, t) {
		const struct checklist_row *row = checklist_find(cl,
							jstr(t, "key"));
		const char *status = jstr(t, "status"), *old, *new;

		if (row && !checklist_applies(row, type, guests, lodging) &&
		    !strcmp(status, "open") && !*jstr(t, "note")) {
			json_array_append_new(drop, json_string(jstr(t, "key")));
			continue;
		}
		old = group_lead(json_object_get(x->svc, "groups"),
				 jstr(t, "group"));
		new = group_lead(groups, jstr(t, "group"));
		if ((!strcmp(status, "open") || !strcmp(status, "failed")) &&
		    old && new && !strcmp(jstr(t, "owner"), old) &&
		    strcmp(old, new))
			json_array_append_new(owners, json_pack("{s:s, s:s}",
				"key", jstr(t, "key"), "owner", new));
	}
	json_object_set_new(ev, "add", add);
	json_object_set_new(ev, "drop", drop);
	json_object_set_new(ev, "owners", owners);
}

/* Would the plan event ev change nothing the block says? */
static int
plan_is_same(struct stage *x, json_t *ev)
{
	static const char *const keys[] = {
		"lead", "host", "headcount", "guests", "lodging", "groups", NULL
	};

	if (!x->svc || json_array_size(json_object_get(ev, "add")) ||
	    json_array_size(json_object_get(ev, "drop")) ||
	    json_array_size(json_object_get(ev, "owners")))
		return 0;
	for (int k = 0; keys[k]; k++) {
		json_t *a = json_object_get(ev, keys[k]);
		json_t *b = json_object_get(x->svc, keys[k]);

		if (!(json_is_null(b) && !a) && !json_equal(a, b))
			return 0;
	}
	return 1;
}

static int
stage_plan(struct stage *x)
{
	static const char *const task_lists[] = {"add", "drop", "owners", NULL};
	json_t *ev = json_pack("{s:s}", "type", "service-plan");
	struct checklist cl;
	char *lead = NULL;
	int rc;

	memset(&cl, 0, sizeof(cl));
	if ((rc = service_allowed(x, "service-plan")) ||
	    (rc = plan_header(x, ev, &lead)) ||
	    (rc = service_checklist(x->st, &cl)))
		goto out;
	plan_tasks(x, &cl, ev);
	if (plan_is_same(x, ev)) {
		strlist_add(x->say, _("the service plan is as asked already: nothing to change"));
		goto out;
	}
	sbuf_addf(&x->what, "plan lead %s (%s%zu tasks", lead, x->svc ? "+" : "",
		  json_array_size(json_object_get(ev, "add")));
	if (json_array_size(json_object_get(ev, "drop")))
		sbuf_addf(&x->what, ", -%zu",
			  json_array_size(json_object_get(ev, "drop")));
	sbuf_adds(&x->what, ")");
	drop_empty(ev, task_lists);
	rc = append(x, ev);
	ev = NULL;
out:
	json_decref(ev);
	checklist_release(&cl);
	free(lead);
	return rc;
}

/* Tasks. */

/* The task r->key of the block, or NULL with PD_ENOINPUT. */
static json_t *
find_task(struct stage *x, int *rc)
{
	json_t *t = service_task(x->svc, x->r->key);

	*rc = 0;
	if (!t) {
		*rc = pd_error(PD_ENOINPUT, "meeting %s has no task '%s'",
			       jstr(x->rec, "id"), x->r->key ? x->r->key : "");
		pd_hint("mtg-service status %s lists the tasks",
			jstr(x->rec, "id"));
	}
	return t;
}

/* The status the request sets, with its checks. */
static int
task_status(struct stage *x, json_t *t, json_t *ev)
{
	const struct service_request *r = x->r;
	const char *status = r->done ? "done" : r->failed ? "failed" :
			     r->skip ? "skipped" : NULL;
	char buf[TIME_BUFSZ];
	time_t at;
	int rc;

	if (!status)
		return 0;
	if (!strcmp(jstr(t, "status"), "done"))
		return pd_error(PD_EDATA, "task %s is done already (%s by %s)",
				r->key, jstr(t, "done_at"), jstr(t, "done_by"));
	if (r->skip && json_is_true(json_object_get(t, "required")) &&
	    (rc = actor_check_role(x->st, x->a, x->st->cfg.inspector_role,
				   _("skipping a required task"))))
		return rc;
	json_object_set_new(ev, "status", json_string(status));
	if (r->done) {
		if ((rc = past_time(x, r->at, &at, buf)))
			return rc;
		json_object_set_new(ev, "done_at", json_string(buf));
	}
	sbuf_addf(&x->what, " %s", status);
	return 0;
}

static int
stage_task(struct stage *x)
{
	const struct service_request *r = x->r;
	const char *note = r->skip ? r->reason : r->note;
	json_t *t, *ev;
	char *owner = NULL;
	int rc;

	if ((rc = service_allowed(x, "service-task")) ||
	    !(t = find_task(x, &rc)))
		return rc;
	ev = json_pack("{s:s, s:s}", "type", "service-task", "key", r->key);
	sbuf_addf(&x->what, "task %s", r->key);
	if ((rc = task_status(x, t, ev)) ||
	    (r->owner && (rc = meeting_staff_id(x->st, r->owner, "--owner", 1,
						&owner))) ||
	    (note && (rc = text_check(r->skip ? "--reason" : "--note", note,
				      0)))) {
		json_decref(ev);
		free(owner);
		return rc;
	}
	if (owner) {
		json_object_set_new(ev, "owner", json_string(owner));
		sbuf_addf(&x->what, " owner %s", owner);
	}
	if (note) {
		json_object_set_new(ev, "note", json_string(note));
		if (!r->done && !r->failed && !r->skip && !owner)
			sbuf_adds(&x->what, " note");
	}
	free(owner);
	return append(x, ev);
}

/* The next free key extra-N. */
static char *
extra_key(json_t *svc)
{
	long max = 0;
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(svc, "tasks"), i, t) {
		const char *k = jstr(t, "key");
		long n;

		if (!str_startswith(k, TASK_EXTRA_PREFIX))
			continue;
		n = strtol(k + strlen(TASK_EXTRA_PREFIX), NULL, 10);
		if (n > max)
			max = n;
	}
	return xasprintf("%s%ld", TASK_EXTRA_PREFIX, max + 1);
}

/* --due TIME, or --offset DUR [--from start|end], into the task def. */
static int
task_when(struct stage *x, json_t *def)
{
	const struct service_request *r = x->r;
	const char *from = r->from ? r->from : "start";
	char buf[TIME_BUFSZ], dur[32];
	struct offset off;
	time_t t;

	if (r->due) {
		if (time_parse(r->due, &t) < 0)
			return pd_error(PD_EDATA, "invalid time '%s' (expected e.g. 2026-11-25T14:00)",
					r->due);
		json_object_set_new(def, "due", json_string(time_format(t, buf)));
		return 0;
	}
	if (strcmp(from, "start") && strcmp(from, "end"))
		return pd_error(PD_EUSAGE, "invalid --from '%s' (expected start, end)",
				from);
	if (offset_parse(r->offset, &off) < 0)
		return pd_error(PD_EDATA, "invalid offset '%s' (expected e.g. -2wd, -1h, -30m, +1h)",
				r->offset);
	if (off.d.n == 0)
		snprintf(buf, sizeof(buf), "+0m");
	else
		snprintf(buf, sizeof(buf), "%c%s", off.negative ? '-' : '+',
			 duration_format(&off.d, dur));
	json_object_set_new(def, "from", json_string(from));
	json_object_set_new(def, "offset", json_string(buf));
	return 0;
}

static int
stage_add_task(struct stage *x)
{
	const struct service_request *r = x->r;
	char *key = NULL, *owner = NULL;
	json_t *def = json_object(), *ev;
	int rc;

	if ((rc = service_allowed(x, "service-task")))
		goto out;
	if (str_index(service_groups, r->group) < 0) {
		rc = pd_error(PD_EDATA, "unknown group '%s' (expected %s)",
			      r->group ? r->group : "",
			      pd_label_join("group", service_groups));
		goto out;
	}
	if ((rc = line_check("--text", r->text)) || (rc = task_when(x, def)))
		goto out;
	if (r->owner)
		rc = meeting_staff_id(x->st, r->owner, "--owner", 1, &owner);
	else
		owner = xstrdup(group_lead(json_object_get(x->svc, "groups"),
					   r->group));
	if (rc)
		goto out;
	json_object_set_new(def, "group", json_string(r->group));
	json_object_set_new(def, "text", json_string(r->text));
	json_object_set_new(def, "owner", json_string(owner));
	json_object_set_new(def, "required", json_boolean(r->required));
	key = extra_key(x->svc);
	ev = json_pack("{s:s, s:s, s:O}", "type", "service-task", "key", key,
		       "task", def);
	sbuf_addf(&x->what, "add-task %s \"%s\"", key, r->text);
	if (!(rc = append(x, ev)))
		strlist_add(x->say, key);
out:
	json_decref(def);
	free(key);
	free(owner);
	return rc;
}

/* Inspection: by the inspector role; what is still open is printed. */
static int
stage_inspect(struct stage *x)
{
	json_t *open = json_array(), *t;
	size_t i;
	int rc;

	if ((rc = service_allowed(x, "service-inspect")) ||
	    (rc = actor_check_role(x->st, x->a, x->st->cfg.inspector_role,
				   _("inspecting the preparations")))) {
		json_decref(open);
		return rc;
	}
	json_array_foreach(json_object_get(x->svc, "tasks"), i, t) {
		const char *status = jstr(t, "status");

		if (json_is_true(json_object_get(t, "required")) &&
		    strcmp(jstr(t, "key"), TASK_INSPECT) &&
		    (!strcmp(status, "open") || !strcmp(status, "failed"))) {
			json_array_append(open, json_object_get(t, "key"));
			strlist_add_owned(x->say, service_task_line(x->st,
								    x->rec, t));
		}
	}
	if (!json_array_size(open))
		strlist_add(x->say, _("every required task is done or skipped"));
	sbuf_addf(&x->what, "inspect (%zu open)", json_array_size(open));
	return append(x, json_pack("{s:s, s:o}", "type", "service-inspect",
				   "open", open));
}

/* Materials and budget lines referred to by number. */

/* "N|VALUE" split; n checked against the items there will be. */
static int
numbered_spec(const char *opt, const char *spec, size_t items, long *n,
	      char **value)
{
	struct strlist f;
	int rc = 0;

	strlist_init(&f);
	*value = NULL;
	if (split_bars(spec, &f, 2) != 2 ||
	    (*n = count_parse(f.items[0], 1, 10000)) < 0)
		rc = pd_error(PD_EUSAGE, "invalid --%s '%s' (expected N|%s)",
			      opt, spec, !strcmp(opt, "actual") ? "AMOUNT" :
			      !strcmp(opt, "revise") ? "PLANNED" : "QTY");
	else if ((size_t)*n > items)
		rc = pd_error(PD_EDATA, "--%s %s: there is no line %ld (there are %zu)",
			      opt, spec, *n, items);
	else
		*value = xstrdup(f.items[1]);
	strlist_release(&f);
	return rc;
}

/* --add "ITEM|QTY[|PLACE]" as material items. */
static int
material_items(struct stage *x, json_t *ev)
{
	json_t *list = json_array();
	int rc = 0;

	json_object_set_new(ev, "add", list);
	for (size_t i = 0; i < x->r->add.n && !rc; i++) {
		const char *spec = x->r->add.items[i];
		struct strlist f;
		long qty = -1;

		strlist_init(&f);
		if (split_bars(spec, &f, 3) < 2 ||
		    (qty = count_parse(f.items[1], 1, SERVICE_MAX_QTY)) < 0)
			rc = pd_error(PD_EDATA, "invalid --add '%s' (expected ITEM|QTY|PLACE, QTY 1 to %ld)",
				      spec, SERVICE_MAX_QTY);
		else if (!(rc = line_check("item", f.items[0])) &&
			 !(rc = text_check("place", f.n > 2 ? f.items[2] : "",
					   1)))
			json_array_append_new(list, json_pack(
				"{s:s, s:I, s:s}", "item", f.items[0], "qty",
				(json_int_t)qty, "place",
				f.n > 2 ? f.items[2] : ""));
		strlist_release(&f);
	}
	return rc;
}

/* How many of material n are prepared, as the block and ev say; -1:
 * not counted yet. */
static long
prepared_of(struct stage *x, json_t *ev, long n)
{
	json_t *item, *c;
	long qty = -1;
	size_t i;

	item = json_array_get(json_object_get(x->svc, "materials"),
			      (size_t)n - 1);
	if (item && json_is_integer(json_object_get(item, "prepared")))
		qty = (long)jint(item, "prepared", -1);
	json_array_foreach(json_object_get(ev, "prepared"), i, c)
		if (jint(c, "n", 0) == n)
			qty = (long)jint(c, "qty", -1);
	return qty;
}

/*
 * --prepared or --returned "N|QTY": a returned count needs the prepared
 * one and is not more than it (what went missing is the difference).
 */
static int
material_counts(struct stage *x, json_t *ev, const char *opt,
		const struct strlist *specs)
{
	json_t *list = json_array();
	size_t items = json_array_size(json_object_get(x->svc, "materials")) +
		       json_array_size(json_object_get(ev, "add"));
	int rc = 0;

	json_object_set_new(ev, opt, list);
	for (size_t i = 0; i < specs->n && !rc; i++) {
		char *v = NULL;
		long n, qty, prepared;

		if ((rc = numbered_spec(opt, specs->items[i], items, &n, &v)))
			break;
		qty = count_parse(v, 0, SERVICE_MAX_QTY);
		free(v);
		if (qty < 0) {
			rc = pd_error(PD_EDATA, "invalid --%s '%s' (QTY 0 to %ld)",
				      opt, specs->items[i], SERVICE_MAX_QTY);
			break;
		}
		prepared = prepared_of(x, ev, n);
		if (!strcmp(opt, "returned") && prepared < 0)
			rc = pd_error(PD_EDATA, "material %ld: nothing is counted as prepared yet (give --prepared \"%ld|QTY\" first)",
				      n, n);
		else if (!strcmp(opt, "returned") && qty > prepared)
			rc = pd_error(PD_EDATA, "material %ld: %ld returned, but %ld were prepared",
				      n, qty, prepared);
		else
			json_array_append_new(list, json_pack("{s:I, s:I}",
				"n", (json_int_t)n, "qty", (json_int_t)qty));
	}
	return rc;
}

static int
stage_material(struct stage *x)
{
	static const char *const material_lists[] = {
		"add", "prepared", "returned", NULL
	};
	json_t *ev = json_pack("{s:s}", "type", "service-material");
	int rc;

	if ((rc = service_allowed(x, "service-material")) ||
	    (rc = material_items(x, ev)) ||
	    (rc = material_counts(x, ev, "prepared", &x->r->prepared)) ||
	    (rc = material_counts(x, ev, "returned", &x->r->returned))) {
		json_decref(ev);
		return rc;
	}
	sbuf_adds(&x->what, "material");
	if (x->r->add.n)
		sbuf_addf(&x->what, " +%zu", x->r->add.n);
	if (x->r->prepared.n)
		sbuf_addf(&x->what, " prepared %zu", x->r->prepared.n);
	if (x->r->returned.n)
		sbuf_addf(&x->what, " returned %zu", x->r->returned.n);
	drop_empty(ev, material_lists);
	return append(x, ev);
}

/* Sign-in. */

/* "NAME|ORG" as stored: the name, and the organisation after a bar. */
static int
guest_name(const char *spec, char **out)
{
	struct strlist f;
	int rc = 0;

	strlist_init(&f);
	split_bars(spec, &f, 2);
	*out = NULL;
	if (!*f.items[0] || strchr(f.items[0], '|') ||
	    (f.n > 1 && strchr(f.items[1], '|')))
		rc = pd_error(PD_EDATA, "invalid --guest '%s' (expected NAME|ORG)",
			      spec);
	else if (!(rc = text_check("guest", f.items[0], 1)) &&
		 !(rc = text_check("guest organisation",
				   f.n > 1 ? f.items[1] : "", 1)))
		*out = f.n > 1 && *f.items[1] ?
		       xasprintf("%s|%s", f.items[0], f.items[1]) :
		       xstrdup(f.items[0]);
	strlist_release(&f);
	return rc;
}

static int
stage_checkin(struct stage *x)
{
	const struct service_request *r = x->r;
	const char *key = r->who ? "who" : "guest";
	struct checkin_counts cc;
	char *who = NULL, buf[TIME_BUFSZ];
	json_t *c;
	time_t at;
	size_t i;
	int rc;

	if ((rc = service_allowed(x, "service-checkin")) ||
	    (rc = r->who ? meeting_staff_id(x->st, r->who, "checkin", 0, &who)
			 : guest_name(r->guest, &who)) ||
	    (rc = past_time(x, r->at, &at, buf)))
		goto out;
	json_array_foreach(json_object_get(x->svc, "checkins"), i, c)
		if (jstr(c, key) && !strcmp(jstr(c, key), who)) {
			rc = pd_error(PD_EDATA, "%s signed in already (%s)", who,
				      jstr(c, "at"));
			goto out;
		}
	sbuf_addf(&x->what, "checkin %s", who);
	if ((rc = append(x, json_pack("{s:s, s:s, s:s}", "type",
				      "service-checkin", key, who,
				      "signed_in_at", buf))))
		goto out;
	checkin_count(x->rec, &cc);
	/* xgettext:c-format */
	strlist_add_owned(x->say, xasprintf(_("signed in %ld / invited %ld (+%ld guests)"),
					    cc.signed_in, cc.invited,
					    cc.guests));
out:
	free(who);
	return rc;
}

/* Budget. */

#define BUDGET_MAX_LINES 1000

/* --line "CATEGORY|ITEM|PLANNED[|NOTE]" as budget lines. */
static int
budget_lines(struct stage *x, json_t *ev)
{
	json_t *list = json_array();
	int rc = 0;

	json_object_set_new(ev, "line", list);
	for (size_t i = 0; i < x->r->lines.n && !rc; i++) {
		const char *spec = x->r->lines.items[i];
		struct strlist f;
		money_t planned;

		strlist_init(&f);
		if (split_bars(spec, &f, 4) < 3)
			rc = pd_error(PD_EUSAGE, "invalid --line '%s' (expected CATEGORY|ITEM|PLANNED[|NOTE])",
				      spec);
		else if (str_index(budget_categories, f.items[0]) < 0)
			rc = pd_error(PD_EDATA, "--line '%s': unknown category '%s' (expected %s)",
				      spec, f.items[0],
				      str_join_list(budget_categories));
		else if (!(rc = line_check("item", f.items[1])) &&
			 !(rc = money_parse(f.items[2], &planned)) &&
			 !(rc = text_check("note", f.n > 3 ? f.items[3] : "",
					   0)))
			json_array_append_new(list, json_pack(
				"{s:s, s:s, s:I, s:s}", "category", f.items[0],
				"item", f.items[1], "planned",
				(json_int_t)planned, "note",
				f.n > 3 ? f.items[3] : ""));
		strlist_release(&f);
	}
	if (!rc && json_array_size(json_object_get(x->svc, "budget")) +
		   json_array_size(list) > BUDGET_MAX_LINES)
		rc = pd_error(PD_EDATA, "a budget has at most %d lines",
			      BUDGET_MAX_LINES);
	return rc;
}

/* --revise "N|PLANNED" or --actual "N|AMOUNT". */
static int
budget_amounts(struct stage *x, json_t *ev, const char *opt,
	       const char *field, const struct strlist *specs)
{
	json_t *list = json_array();
	size_t lines = json_array_size(json_object_get(x->svc, "budget")) +
		       json_array_size(json_object_get(ev, "line"));
	int rc = 0;

	json_object_set_new(ev, opt, list);
	for (size_t i = 0; i < specs->n && !rc; i++) {
		char *v = NULL;
		money_t amount;
		long n;

		if (!(rc = numbered_spec(opt, specs->items[i], lines, &n, &v)) &&
		    !(rc = money_parse(v, &amount)))
			json_array_append_new(list, json_pack("{s:I, s:I}",
				"n", (json_int_t)n, field, (json_int_t)amount));
		free(v);
	}
	return rc;
}

/* Approve the budget as it now stands: its planned total. */
static int
budget_approve(struct stage *x)
{
	struct budget_sum sum;
	char buf[MONEY_BUFSZ];
	int rc;

	if ((rc = service_allowed(x, "service-approve")) ||
	    (rc = actor_check_role(x->st, x->a,
				   x->st->cfg.budget_approver_role,
				   _("approving the budget"))))
		return rc;
	budget_sum(x->svc, NULL, &sum);
	if (!sum.lines)
		return pd_error(PD_EDATA, "the budget has no lines to approve");
	sbuf_addf(&x->what, "%sapproved %s %s", x->what.len ? ", " : "budget ",
		  money_format(sum.planned, buf), x->st->cfg.currency);
	return append(x, json_pack("{s:s, s:I}", "type", "service-approve",
				   "total", (json_int_t)sum.planned));
}

static int
stage_budget(struct stage *x)
{
	static const char *const budget_lists[] = {
		"line", "revise", "actual", NULL
	};
	const struct service_request *r = x->r;
	json_t *ev;
	int rc;

	if (r->lines.n || r->revise.n || r->actual.n) {
		ev = json_pack("{s:s}", "type", "service-budget");
		if ((rc = service_allowed(x, "service-budget")) ||
		    (rc = budget_lines(x, ev)) ||
		    (rc = budget_amounts(x, ev, "revise", "planned",
					 &r->revise)) ||
		    (rc = budget_amounts(x, ev, "actual", "amount",
					 &r->actual))) {
			json_decref(ev);
			return rc;
		}
		sbuf_adds(&x->what, "budget");
		if (r->lines.n)
			sbuf_addf(&x->what, " +%zu", r->lines.n);
		if (r->revise.n)
			sbuf_addf(&x->what, " revised %zu", r->revise.n);
		if (r->actual.n)
			sbuf_addf(&x->what, " actual %zu", r->actual.n);
		drop_empty(ev, budget_lists);
		if ((rc = append(x, ev)))
			return rc;
	}
	return r->approve ? budget_approve(x) : 0;
}

/* Incidents and the summary. */

static int
stage_incident(struct stage *x)
{
	const struct service_request *r = x->r;
	json_t *list = json_object_get(x->svc, "incidents"), *item, *ev;
	char buf[TIME_BUFSZ], now[TIME_BUFSZ];
	time_t at;
	long n;
	int rc;

	if ((rc = service_allowed(x, "service-incident")) ||
	    (rc = past_time(x, r->at, &at, buf)))
		return rc;
	time_format(x->st->now, now);
	if (r->resolve) {
		n = count_parse(r->resolve, 1, 10000);
		if (n < 0 || (size_t)n > json_array_size(list))
			return pd_error(PD_EDATA, "there is no incident '%s' (there are %zu)",
					r->resolve, json_array_size(list));
		item = json_array_get(list, (size_t)n - 1);
		if (jstr(item, "resolved_at"))
			return pd_error(PD_EDATA, "incident %ld is resolved already (%s)",
					n, jstr(item, "resolved_at"));
		sbuf_addf(&x->what, "incident %ld resolved", n);
		return append(x, json_pack("{s:s, s:I, s:s}", "type",
					   "service-incident", "incident",
					   (json_int_t)n, "resolved_at", buf));
	}
	if (!given(r->text))
		return pd_error(PD_EDATA, "--text: empty");
	if ((rc = text_check("--text", r->text, 0)))
		return rc;
	ev = json_pack("{s:s, s:s, s:s}", "type", "service-incident", "text",
		       r->text, "occurred_at", buf);
	if (r->resolved)
		json_object_set_new(ev, "resolved_at", json_string(now));
	sbuf_addf(&x->what, "incident %zu%s", json_array_size(list) + 1,
		  r->resolved ? " (resolved)" : "");
	return append(x, ev);
}

static int
stage_summary(struct stage *x)
{
	const struct service_request *r = x->r;
	json_t *lessons = json_array();
	int rc = 0;

	if ((rc = service_allowed(x, "service-summary")))
		goto out;
	for (size_t i = 0; i < r->lessons.n && !rc; i++) {
		char *l = text_trim_block(r->lessons.items[i]);

		if (!*l)
			rc = pd_error(PD_EDATA, "--lesson: empty");
		else if (!(rc = text_check("--lesson", l, 0)))
			json_array_append_new(lessons, json_string(l));
		free(l);
	}
	if (rc)
		goto out;
	if (r->publish && !json_is_null(json_object_get(
			json_object_get(x->svc, "summary"), "published_at"))) {
		rc = pd_error(PD_EDATA, "the summary was published already (%s)",
			      jstr(json_object_get(x->svc, "summary"),
				   "published_at"));
		goto out;
	}
	if (r->publish && x->st->now < meeting_end(x->rec)) {
		rc = pd_error(PD_EDATA, "the meeting is not over yet: the summary is published after it");
		goto out;
	}
	sbuf_addf(&x->what, "summary%s", r->publish ? " published" : "");
	if (r->lessons.n)
		sbuf_addf(&x->what, " +%zu lessons", r->lessons.n);
	rc = append(x, json_pack("{s:s, s:O, s:b}", "type", "service-summary",
				 "lessons", lessons, "publish", r->publish));
out:
	json_decref(lessons);
	return rc;
}

static const struct {
	const char *command;
	int (*stage)(struct stage *x);
} stages[] = {
	{"plan", stage_plan}, {"task", stage_task},
	{"add-task", stage_add_task}, {"inspect", stage_inspect},
	{"material", stage_material}, {"checkin", stage_checkin},
	{"budget", stage_budget}, {"incident", stage_incident},
	{"summary", stage_summary}, {NULL, NULL}
};

int
service_stage(struct store *st, const char *id,
	      const struct service_request *r, const struct actor *a,
	      struct change *c, char **subject, struct strlist *say)
{
	struct stage x = {st, NULL, NULL, r, a, c, {0}, say};
	int rc = PD_ESOFTWARE;

	*subject = NULL;
	if ((rc = meeting_load(st, id, &x.rec, NULL)))
		return rc;
	x.svc = json_object_get(x.rec, "service");
	sbuf_init(&x.what);
	rc = pd_error(PD_ESOFTWARE, "no change '%s'", r->command);
	for (int i = 0; stages[i].command; i++)
		if (!strcmp(stages[i].command, r->command))
			rc = stages[i].stage(&x);
	if (!rc)
		*subject = xasprintf("%s %s", id, x.what.buf ? x.what.buf : "");
	sbuf_release(&x.what);
	json_decref(x.rec);
	return rc;
}

int
service_load(struct store *st, const char *id, json_t **rec)
{
	int rc;

	if ((rc = meeting_load(st, id, rec, NULL)))
		return rc;
	if (!json_object_get(*rec, "service")) {
		json_decref(*rec);
		*rec = NULL;
		return no_plan(id);
	}
	return 0;
}

int
service_attendance(struct store *st, json_t *rec, struct minutes_input *in)
{
	const struct strlist *lists[] = {&in->present, &in->absent, &in->late};
	struct strlist named;

	if (!json_object_get(rec, "service"))
		return no_plan(jstr(rec, "id"));
	strlist_init(&named);
	for (int l = 0; l < 3; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			char *id = NULL;

			/* One the store does not know is reported by the
			 * minutes themselves. */
			if (meeting_staff_id(st, lists[l]->items[i], "", 0, &id))
				pd_clear_error();
			else
				strlist_add_owned(&named, id);
		}
	checkin_attendance(&st->cfg, rec, &named, in);
	strlist_release(&named);
	return 0;
}
