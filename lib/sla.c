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
	long long allowed;

	if (!due || due <= st->opened_at)
		return 0;
	allowed = calendar_elapsed(&cfg->cal, st->opened_at, due,
				   cfg->sla_business) - paused_secs(st, dl);
	return allowed > 0 ? allowed : 0;
}

int
sla_warn_reached(const struct config *cfg, const struct ticket_state *st,
		 enum deadline_kind dl, time_t now)
{
	time_t due = sla_deadline_due(st, dl);
	long long allowed, used, threshold;

	if (!due)
		return 0;
	if (now >= due)
		return 1;
	if (now <= st->opened_at)
		return 0;
	allowed = sla_allowed(cfg, st, dl);
	used = calendar_elapsed(&cfg->cal, st->opened_at, now,
				cfg->sla_business) - paused_secs(st, dl);
	/* 0.8 of 600 s must be 480 s, not a hair more. */
	threshold = (long long)ceil(cfg->warn_at * (double)allowed - 1e-6);
	return used >= threshold;
}

int
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
			 * escalate to; the top is told once, by a warning,
			 * unless the 80 % warning already told them. */
			if (level + 1 >= cfg->nladder) {
				if (st->warned[dl])
					continue;
				steps[n].type = SLA_WARN;
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
