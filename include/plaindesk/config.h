/*
 * The store's configuration, plaindesk.json (DESIGN §5): parsed and
 * validated into plain structs the policy functions take.
 */
#ifndef PLAINDESK_CONFIG_H
#define PLAINDESK_CONFIG_H

#include <jansson.h>
#include "clock.h"

#define LADDER_MAX 8

struct sla_rule {
	char key[32];		/* "complaint/major", "inquiry", ... */
	struct duration response, resolution;
	int start_level;
	char extension_approver[16];
};

struct target {
	char name[40];
	double value;
};

struct config {
	int schema;
	char timezone[64];
	char locale[8];
	struct calendar cal;	/* weekdays and hours; holidays added later */
	int sla_business;	/* sla_clock: "business" (1) or "calendar" */
	double warn_at;
	char ladder[LADDER_MAX][16];
	int nladder;
	struct sla_rule sla[16];
	int nsla;
	struct duration start_grace, agenda_lead, minutes_within;
	char approver_role[16];
	struct target targets[16];
	int ntargets;
	double w_quality, w_efficiency, w_satisfaction;
};

/* Roles of staff, lowest to highest authority. */
extern const char *const staff_roles[];

/*
 * Validate and parse root into cfg.  On error returns PD_ECONFIG with a
 * message naming the key ("plaindesk.json: sla.inquiry.response: ...").
 */
int config_parse(struct config *cfg, json_t *root);
void config_release(struct config *cfg);

/* The default configuration of DESIGN §5 as a JSON object. */
json_t *config_default(const char *timezone, const char *locale);

/* The rule for a ticket: "complaint/<severity>" or the kind; NULL if none. */
const struct sla_rule *config_sla(const struct config *cfg, const char *kind,
				  const char *severity);

/* Rank of a staff role (agent 0, manager 1, gm 2, admin 3), or -1. */
int role_rank(const char *role);

#endif
