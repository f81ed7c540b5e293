/*
 * The store's configuration, plaindesk.json (DESIGN §5): parsed and
 * validated into plain structs the policy functions take.
 */
#ifndef PLAINDESK_CONFIG_H
#define PLAINDESK_CONFIG_H

#include <jansson.h>
#include "clock.h"

#define LADDER_MAX 8

/* The fields a rule may give (struct sla_rule's has). */
enum {
	RULE_RESPONSE = 1 << 0, RULE_RESOLUTION = 1 << 1,
	RULE_START_LEVEL = 1 << 2, RULE_EXTENSION_APPROVER = 1 << 3,
	RULE_PLAN_APPROVER = 1 << 4
};

/*
 * An SLA rule: its key KIND[/SEVERITY][@QUALIFIER] ("complaint/major",
 * "inquiry@online", "complaint/general@vip") and the fields it gives.
 * What config_rule() returns is a rule with every field filled in.
 */
struct sla_rule {
	char key[32];
	struct duration response, resolution;
	int start_level;
	char extension_approver[16];
	char plan_approver[16];	/* "" when plans need no approval */
	unsigned has;		/* RULE_* bits of the fields given */
};

#define SLA_RULES_MAX 96

struct target {
	char name[40];
	double value;
};

/*
 * Service care (DESIGN §1, §5 "care", "kb"): when a closed ticket gets a
 * follow-up call and how it is retried, how often a care plan's customer
 * is visited by tier, who publishes knowledge-base articles and how long
 * one stays reviewed.
 */
struct care_config {
	unsigned followup_kinds;	/* bit i: ticket_kinds[i] */
	struct duration after, unsatisfied_after, retry;
	int attempts;
	struct duration visit_every[4];	/* by customer_tiers[]; n 0: none */
	char publisher_role[16];
	struct duration review_every;
	char contact_roles[4][16];	/* who may see contact details */
	int ncontact_roles;
};

#define MAIL_CHARSETS_MAX 8

/* The "mail" block: how ticket-mail takes messages in and answers them. */
struct mail_config {
	char from[256];		/* the desk's address; "" : the one written to */
	char name[128];		/* its display name, may be "" */
	char kind[16];		/* the kind of a ticket opened from mail */
	char unknown_sender[64]; /* "new", "reject" or a customer id */
	int ack;		/* acknowledge new tickets */
	int max_acks_per_hour;	/* to one sender */
	long long max_bytes;	/* a larger message is refused */
	/* Tried in order on text that declares no charset. */
	char fallback_charsets[MAIL_CHARSETS_MAX][40];
	int nfallback;
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
	struct sla_rule sla[SLA_RULES_MAX];
	int nsla;
	struct duration start_grace, agenda_lead, minutes_within;
	char approver_role[16];
	struct target targets[16];
	int ntargets;
	double w_quality, w_efficiency, w_satisfaction;
	struct care_config care;
	/* 会务 (the "event" block, DESIGN §8). */
	struct duration equipment_test_before;
	char currency[8];
	char budget_approver_role[16];
	char inspector_role[16];
	struct mail_config mail;
};

/* Roles of staff, lowest to highest authority. */
extern const char *const staff_roles[];

/*
 * Validate and parse root into cfg.  On error returns PD_ECONFIG with a
 * message naming the key ("plaindesk.json: sla.inquiry.response: ...").
 */
int config_parse(struct config *cfg, json_t *root);
void config_release(struct config *cfg);

/* The "mail" block into cfg->mail (defaults for what it leaves out). */
int config_parse_mail(struct config *cfg, json_t *mail);
/* PD_ECONFIG when the C library cannot convert from a fallback charset. */
int config_mail_charsets_check(const struct mail_config *m);

/* The default configuration of DESIGN §5 as a JSON object. */
json_t *config_default(const char *timezone, const char *locale);

/*
 * The rule of a ticket (DESIGN §5): the first rule that exists of
 * K/S@tier, K/S@channel, K/S, K@tier, K@channel, K (K the kind, S the
 * severity of a complaint; tier and channel may be NULL), into out with
 * its key; each field it leaves out comes from the next rule in that
 * order that gives it (start_level 0, extension_approver manager and no
 * plan_approver when none does).  Returns 1, or 0 when no rule applies.
 */
int config_rule(const struct config *cfg, const char *kind,
		const char *severity, const char *channel, const char *tier,
		struct sla_rule *out);

/*
 * A rule key KIND[/SEVERITY][@CHANNEL|@TIER] for people: each part by
 * its display name (pd_label()), the key as it is in English or when it
 * is not one.  The caller frees it.
 */
char *config_rule_label(const char *key);

/* Rank of a staff role (agent 0, manager 1, gm 2, admin 3), or -1. */
int role_rank(const char *role);

#endif
