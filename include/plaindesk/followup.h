/*
 * Follow-up calls after close (回访, DESIGN §1): the policy of which
 * closes need a call, when it is due and when the next one is.  Pure:
 * functions of the configuration and the times given.
 */
#ifndef PLAINDESK_FOLLOWUP_H
#define PLAINDESK_FOLLOWUP_H

#include <time.h>
#include "config.h"

extern const char *const followup_outcomes[];	/* satisfied unsatisfied unreachable */

/*
 * Does closing a ticket need a follow-up call?  A kind in
 * care.followup.kinds, a vip or key customer (tier at opening), or a
 * close the customer did not accept or scored 2 or less.
 */
int followup_required(const struct config *cfg, const char *kind,
		      const char *tier, int satisfaction, int accepted);

/*
 * When the call is due after a close at closed: care.followup.after, or
 * unsatisfied_after for a close not accepted or scored 2 or less, on the
 * policy clock (calendar_deadline()).
 */
time_t followup_due_after_close(const struct config *cfg, time_t closed,
				int satisfaction, int accepted);

/*
 * The next call after one at at with outcome: none (0) when satisfied;
 * unsatisfied_after later when unsatisfied; retry later when unreachable
 * while tries (the unreachable calls in a row, this one included) are
 * fewer than care.followup.attempts, else none: abandoned.
 */
time_t followup_next(const struct config *cfg, const char *outcome,
		     time_t at, int tries);

#endif
