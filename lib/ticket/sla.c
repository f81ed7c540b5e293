/*
 * SLA policy: warnings, breaches, the escalation steps of one pass, and
 * the extension approver check.  Pure functions over a folded ticket
 * state, the configuration and a time given by the caller.
 */
#include <math.h>
#include <string.h>

#include "plaindesk/sla.h"
#include "plaindesk/util.h"

const char *const sla_deadline_names[] = {"response", "resolution", NULL};

int
sla_deadline_running(const struct ticket_state *st, enum deadline_kind dl)
{
	if (st->status == ST_RESOLVED || st->status == ST_CLOSED)
		return 0;
	if (!sla_deadline_due(st, dl))
		return 0;
	if (dl == DL_RESPONSE)
		return st->responded_at == 0;
	return !st->paused;
}

time_t
sla_deadline_due(const struct ticket_state *st, enum deadline_kind dl)
{
	return dl == DL_RESPONSE ? st->response_due : st->resolution_due;
}

time_t
sla_deadline_start(const struct ticket_state *st, enum deadline_kind dl)
{
	return dl == DL_RESOLUTION && st->resolution_start ?
	       st->resolution_start : st->opened_at;
}

/* Pauses stop the resolution clock only. */
static long long
paused_secs(const struct ticket_state *st, enum deadline_kind dl)
{
	return dl == DL_RESOLUTION ? st->paused_secs : 0;
}

long long
sla_allowed(const struct config *cfg, const struct ticket_state *st,
	    enum deadline_kind dl)
{
	time_t due = sla_deadline_due(st, dl);
	time_t start = sla_deadline_start(st, dl);
	long long allowed;

	if (!due || due <= start)
		return 0;
	allowed = calendar_elapsed(&cfg->cal, start, due,
				   cfg->sla_business) - paused_secs(st, dl);
	return allowed > 0 ? allowed : 0;
}

static int
sla_warn_reached(const struct config *cfg, const struct ticket_state *st,
		 enum deadline_kind dl, time_t now)
{
	time_t due = sla_deadline_due(st, dl);
	long long allowed, used, threshold;

	if (!due)
		return 0;
	if (now >= due)
		return 1;
	if (now <= sla_deadline_start(st, dl))
		return 0;
	allowed = sla_allowed(cfg, st, dl);
	used = calendar_elapsed(&cfg->cal, sla_deadline_start(st, dl), now,
				cfg->sla_business) - paused_secs(st, dl);
	/* 0.8 of 600 s must be 480 s, not a hair more. */
	threshold = (long long)ceil(cfg->warn_at * (double)allowed - 1e-6);
	return used >= threshold;
}

static int
sla_breached(const struct ticket_state *st, enum deadline_kind dl,
	     time_t now)
{
	time_t due = sla_deadline_due(st, dl);

	return due && now > due;
}

int
sla_overdue(const struct ticket_state *st, time_t now)
{
	return (sla_deadline_running(st, DL_RESPONSE) &&
		sla_breached(st, DL_RESPONSE, now)) ||
	       (sla_deadline_running(st, DL_RESOLUTION) &&
		sla_breached(st, DL_RESOLUTION, now));
}

int
sla_decide(const struct config *cfg, const struct ticket_state *st,
	   time_t now, struct sla_step steps[SLA_MAX_STEPS])
{
	static const enum deadline_kind order[] = {DL_RESPONSE, DL_RESOLUTION};
	int level = st->level, n = 0;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum deadline_kind dl = order[i];

		if (!sla_deadline_running(st, dl) || st->escalated[dl])
			continue;
		if (sla_breached(st, dl, now)) {
			/* At the top of the ladder there is no one left to
			 * escalate to; the top is told of the breach once,
			 * whatever a warning told them before. */
			if (level + 1 >= cfg->nladder) {
				steps[n].type = SLA_BREACH;
				steps[n].deadline = dl;
				steps[n].from_level = steps[n].to_level = level;
				n++;
				continue;
			}
			steps[n].type = SLA_ESCALATE;
			steps[n].deadline = dl;
			steps[n].from_level = level;
			steps[n].to_level = level + 1;
			level++;
			n++;
		} else if (!st->warned[dl] &&
			   sla_warn_reached(cfg, st, dl, now)) {
			steps[n].type = SLA_WARN;
			steps[n].deadline = dl;
			steps[n].from_level = steps[n].to_level = level;
			n++;
		}
	}
	return n;
}

/* The row of staff member id, or NULL. */
static const struct staff_member *
find_member(const struct staff_member *staff, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (staff[i].id && strcmp(staff[i].id, id) == 0)
			return &staff[i];
	return NULL;
}

const char *
sla_holder(const struct config *cfg, const struct staff_member *staff,
	   size_t nstaff, const char *assignee, int level)
{
	const struct staff_member *a = find_member(staff, nstaff, assignee);
	const char *team = a && a->team ? a->team : "";

	if (level <= 0) {
		if (a && a->active)
			return a->id;
		level = 1;
	}
	for (int l = level; l < cfg->nladder; l++) {
		const struct staff_member *first = NULL;

		for (size_t i = 0; i < nstaff; i++) {
			const struct staff_member *m = &staff[i];

			if (!m->active || !m->id || !m->role ||
			    strcmp(m->role, cfg->ladder[l]) != 0)
				continue;
			if (*team && m->team && strcmp(m->team, team) == 0)
				return m->id;
			if (!first)
				first = m;
		}
		if (first)
			return first->id;
	}
	return NULL;
}

static size_t
add_recipient(const char *out[SLA_MAX_RECIPIENTS], size_t n, const char *id)
{
	if (!id || n >= SLA_MAX_RECIPIENTS)
		return n;
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i], id) == 0)
			return n;
	out[n] = id;
	return n + 1;
}

size_t
sla_recipients(const struct config *cfg, const struct staff_member *staff,
	       size_t nstaff, const char *assignee, enum sla_notice what,
	       int level, const char *out[SLA_MAX_RECIPIENTS])
{
	const char *first = sla_holder(cfg, staff, nstaff, assignee, 0);
	size_t n = 0;

	if (what == NOTICE_WARN) {
		n = add_recipient(out, n, first);
		if (level > 0)
			n = add_recipient(out, n, sla_holder(cfg, staff,
					  nstaff, assignee, level));
		return n;
	}
	if (what == NOTICE_BREACH)
		level = cfg->nladder - 1;
	n = add_recipient(out, n, sla_holder(cfg, staff, nstaff, assignee,
					     level));
	return add_recipient(out, n, first);
}

int
sla_ladder_level(const struct config *cfg, const char *role)
{
	if (!role)
		return -1;
	for (int l = 0; l < cfg->nladder; l++)
		if (strcmp(cfg->ladder[l], role) == 0)
			return l;
	return -1;
}

int
sla_may_extend(const struct sla_rule *rule, const char *role)
{
	int need = role_rank(rule->extension_approver);
	int have = role_rank(role);

	return need >= 0 && have >= need;
}
