/*
 * Follow-up calls after close (回访, DESIGN §1): which closes need one,
 * when it is due, and when the next call is after one.  Pure: no I/O, no
 * clock.
 */
#include <string.h>

#include "plaindesk/followup.h"
#include "plaindesk/ticket.h"

const char *const followup_outcomes[] = {
	"satisfied", "unsatisfied", "unreachable", NULL
};

static int
unhappy(int satisfaction, int accepted)
{
	return !accepted || satisfaction <= 2;
}

int
followup_required(const struct config *cfg, const char *kind,
		  const char *tier, int satisfaction, int accepted)
{
	int k = enum_index(ticket_kinds, kind);

	return (k >= 0 && (cfg->care.followup_kinds >> k) & 1) ||
	       (tier && (!strcmp(tier, "vip") || !strcmp(tier, "key"))) ||
	       unhappy(satisfaction, accepted);
}

time_t
followup_due_after_close(const struct config *cfg, time_t closed,
			 int satisfaction, int accepted)
{
	const struct duration *d = unhappy(satisfaction, accepted) ?
		&cfg->care.unsatisfied_after : &cfg->care.after;

	return calendar_deadline(&cfg->cal, closed, d, cfg->sla_business);
}

time_t
followup_next(const struct config *cfg, const char *outcome, time_t at,
	      int tries)
{
	if (!strcmp(outcome, "unsatisfied"))
		return calendar_deadline(&cfg->cal, at,
					 &cfg->care.unsatisfied_after,
					 cfg->sla_business);
	if (!strcmp(outcome, "unreachable") && tries < cfg->care.attempts)
		return calendar_deadline(&cfg->cal, at, &cfg->care.retry,
					 cfg->sla_business);
	return 0;
}
