/*
 * Care plans on a store (cust-care): planning, visits, touches and ending
 * a plan, each staged into a change; the listings of plans, of what the
 * care team has due (follow-up calls, visits, occasions, holiday
 * greetings) and of the vip and key customers without a plan.
 */
#ifndef PLAINDESK_CAREPLAN_H
#define PLAINDESK_CAREPLAN_H

#include <jansson.h>
#include "out.h"
#include "store.h"
#include "vcs.h"

extern const char *const care_actions[];	/* plan visit touch end */

/* What cust-care is asked for; strings are borrowed, NULL if not given. */
struct care_request {
	const char *customer;
	const char *owner, *every, *holidays;		/* plan */
	struct strlist occasions, goals;		/* plan */
	const char *channel, *outcome, *satisfaction, *needs;	/* visit */
	const char *occasion, *what;			/* touch */
	const char *reason;				/* end */
	const char *message;
};

void care_request_init(struct care_request *r);
void care_request_release(struct care_request *r);

/*
 * Stage action (care_actions) for the customer req->customer names (id
 * or name in the register): the customer's id (caller frees) and the
 * commit subject (caller frees) come back.  plan makes or changes the
 * plan (what is not given stays; a new plan's every defaults to
 * care.visit_every of the customer's tier); visit, touch and end need an
 * active plan.
 */
int care_stage(struct store *st, const char *action,
	       const struct care_request *req, const struct actor *a,
	       struct change *c, char **customer, char **subject);

/* Load the plan of the customer arg names: its id (caller frees). */
int care_load(struct store *st, const char *arg, char **customer,
	      json_t **rec);

/* fn for every care plan (the .json files of care/, in name order). */
int care_foreach(struct store *st, record_fn fn, void *ctx);

/* Every plan (of owner when not NULL) into t. */
int care_list(struct store *st, const char *owner, struct table *t);

/*
 * What is due by the end of until's day (and everything overdue), of
 * owner when not
 * NULL, overdue first, into t; with contact, the customer's e-mail and
 * phone too.  *overdue counts what is past due.
 */
int care_due(struct store *st, time_t until, const char *owner, int contact,
	     struct table *t, size_t *overdue);

/* The vip and key customers (not lost) with no active plan, into t. */
int care_missing(struct store *st, struct table *t);

#endif
