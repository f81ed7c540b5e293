/*
 * KPIs (DESIGN §7): accumulators over ticket and meeting records and the
 * customer register for one period P = [from, to), and the periods a
 * report is asked for (ISO weeks, months, date ranges).
 *
 * An accumulator holds aggregates only: counters, sums and per-group
 * tables (the 6 x 3 complaint table, one row per staff member), never the
 * records, so its memory does not grow with the number of tickets.  Feed
 * it every ticket, every meeting and every customer once, in any order,
 * then read the figures with kpi_json().  Pure: no I/O and no clock; the
 * time the report is made ("as of") is passed in.
 */
#ifndef PLAINDESK_KPI_H
#define PLAINDESK_KPI_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "config.h"

enum kpi_period_kind { KPI_WEEK, KPI_MONTH, KPI_RANGE };

/* A period [from, to) of whole local days, and its label. */
struct kpi_period {
	enum kpi_period_kind kind;
	int32_t first_day, end_day;	/* local days, end exclusive */
	time_t from, to;
	char label[48];		/* "2026-W47", "2026-11", "2026-11-03..2026-11-10" */
};

/*
 * "2026-W47" (an ISO week, 53 where the year has one), "2026-11", or
 * --from and --to dates (YYYY-MM-DD, to exclusive; a range that is
 * exactly one ISO week or one month is labelled as such).  Return 0, or
 * PD_EUSAGE with a message.
 */
int kpi_period_week(struct kpi_period *p, const char *arg);
int kpi_period_month(struct kpi_period *p, const char *arg);
int kpi_period_range(struct kpi_period *p, const char *from, const char *to);
/* The last complete ISO week before now. */
void kpi_period_default(struct kpi_period *p, time_t now);
/* The period before p: the week or month before, or as many days. */
void kpi_period_previous(const struct kpi_period *p, struct kpi_period *prev);

/* A rate: hit of n cases (null when n is 0). */
struct kpi_ratio {
	long hit, n;
};

/* A mean: sum over n values (null when n is 0). */
struct kpi_mean {
	double sum;
	long n;
};

/* One staff member's cases. */
struct kpi_agent {
	char *id;
	long resolved;
	struct kpi_ratio resolution_sla, complaint_success;
	struct kpi_mean satisfaction;
};

/* One category x severity row of the complaint table. */
struct kpi_complaint_row {
	long opened, resolved, resolved_in_time, open;
	struct kpi_mean handling_min;
};

#define KPI_KINDS 4
#define KPI_CHANNELS 6
#define KPI_CATEGORIES 6
#define KPI_SEVERITIES 3
#define KPI_REASONS 3
#define KPI_MEETING_TYPES 5

struct kpi {
	const struct config *cfg;	/* borrowed */
	struct kpi_period period;
	time_t asof;			/* when the report is made */

	/* Customer service. */
	long opened;
	long by_kind[KPI_KINDS], by_severity[KPI_SEVERITIES];
	long by_category[KPI_CATEGORIES], by_channel[KPI_CHANNELS];
	struct kpi_mean response_min, handling_min, satisfaction;
	struct kpi_ratio response_sla, resolution_sla, fcr, satisfied;
	struct kpi_ratio complaint_success, complaint_timely, inquiry_timely;
	long escalations, by_reason[KPI_REASONS], by_level[LADDER_MAX];
	long customer_notices;
	long backlog, overdue;
	struct kpi_ratio churn;
	struct kpi_complaint_row complaints[KPI_CATEGORIES][KPI_SEVERITIES];
	struct kpi_agent *agents;	/* sorted by id */
	size_t nagents, agents_cap;

	/* Meetings. */
	long held, by_type[KPI_MEETING_TYPES];
	double hours, person_hours;
	struct kpi_ratio on_time, topics, agenda_timely, minutes_timely;
	struct kpi_ratio attendance, action_on_time;
	struct kpi_mean duration_min, overrun_min, meeting_satisfaction;
};

/*
 * Start an empty accumulator for period p.  cfg (borrowed, must outlive
 * k) gives the SLA rules, calendar, ladder, meeting rules, targets and
 * score weights; asof is the time the report is made (a ticket still
 * paused then has its resolution deadline moved as if resumed at asof).
 */
void kpi_init(struct kpi *k, const struct config *cfg,
	      const struct kpi_period *p, time_t asof);
void kpi_release(struct kpi *k);

/*
 * Add one ticket record.  It is checked with ticket_validate_shape()
 * first; a record that fails adds nothing and PD_EDATA is returned with
 * the message.
 */
int kpi_add_ticket(struct kpi *k, json_t *rec);

/*
 * The same for a record whose summary s was made just now (with k's
 * configuration): its shape was checked and its state folded then, so
 * neither is done again.
 */
struct ticket_summary;
void kpi_add_summarized(struct kpi *k, json_t *rec,
			const struct ticket_summary *s);

/*
 * Could kpi_add_ticket() change k for the ticket that s summarizes (made
 * with k's configuration)?  0 only when it would add nothing: no event,
 * opening or deadline in the period, and closed before the period ends
 * (or opened after it), so a report need not read the record.
 */
int kpi_ticket_matters(const struct kpi *k, const struct ticket_summary *s);

/*
 * Add one meeting record (DESIGN §2).  Missing parts count as absent; a
 * time or date that does not parse is PD_EDATA and adds nothing.
 */
int kpi_add_meeting(struct kpi *k, json_t *rec);

/*
 * Add one customer of the register for churn: since and lost_on are
 * dates ("" when empty; an empty since counts as a customer from the
 * start).  PD_EDATA for a date that does not parse.
 */
int kpi_add_customer(struct kpi *k, const char *since, const char *lost_on);

/*
 * The figures as the JSON object of DESIGN §7 (without "previous"), keys
 * in the order listed there; reals unrounded.  Caller decrefs.
 */
json_t *kpi_json(const struct kpi *k);

/* Does report (from kpi_json()) hold a target whose "met" is false? */
int kpi_missed(json_t *report);

#endif
