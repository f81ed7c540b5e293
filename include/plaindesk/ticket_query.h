/*
 * Ticket queries: the tickets that pass a filter, with the fields asked
 * for, in the order asked for (what ticket-list prints).
 *
 *	struct ticket_query q;
 *
 *	if (!(rc = ticket_query_init(&q, &spec)) &&
 *	    !(rc = ticket_query_run(&q, st)))
 *		ticket_query_table(&q, &table);
 *	...
 *	ticket_query_release(&q);
 */
#ifndef PLAINDESK_TICKET_QUERY_H
#define PLAINDESK_TICKET_QUERY_H

#include <time.h>
#include "clock.h"
#include "out.h"
#include "store.h"
#include "util.h"

/*
 * The fields a query can show: the record's header, its state, overdue,
 * and the customer's name and (with show_contact) contact details.
 */
extern const char *const ticket_field_names[];

/* What is asked for, as given on the command line; NULL: not given. */
struct ticket_query_spec {
	const char *status;		/* "open,acknowledged" */
	const char *kind, *severity, *category;
	const char *customer, *assignee;	/* an id or a name */
	int overdue;
	const char *opened_from, *opened_to;	/* times */
	const char *fields;		/* "title,level"; NULL: the default */
	const char *sort;		/* "[-]FIELD"; NULL: opened_at */
	int show_contact;		/* contact fields may be shown */
	int followup_due;		/* closed tickets with a follow-up pending */
	const char *within;		/* with followup_due: due within DUR */
};

struct ticket_field;
struct ticket_row;

struct ticket_query {
	/* The filter. */
	struct strlist status;
	const char *kind, *severity, *category, *customer, *assignee;
	int overdue;
	time_t from, to;
	int has_from, has_to;
	/* Follow-ups pending, those due by now + within only when
	 * has_within (overdue ones always). */
	int followup, has_within;
	struct duration within;
	time_t until;
	/* The columns: id, the fields shown, then the sort field when it
	 * is not one of them. */
	const struct ticket_field **fields;
	size_t nfields, nshown;
	size_t sort_col;
	int sort_desc;
	int sort_time;		/* the sort field holds times */
	/* What was found, sorted. */
	struct ticket_row *rows;
	size_t nrows, cap;
	/* Tickets skipped (named in warnings), or customers not shown. */
	int skipped;
};

/*
 * Check spec and set q up.  PD_EUSAGE for a field, sort or time that
 * makes no sense, PD_EDATA for a filter value that is not one of its
 * enum's, each with a message.  q needs ticket_query_release() either way.
 */
int ticket_query_init(struct ticket_query *q,
		      const struct ticket_query_spec *spec);

/*
 * Read every ticket of st once and keep those that pass, sorted.  A
 * ticket that cannot be read is named in a warning and skipped, and so
 * is the customer register (its names are not shown): q->skipped says
 * so, and the caller fails (65) after printing what it has.
 */
int ticket_query_run(struct ticket_query *q, struct store *st);

/* The result as a table of the fields shown (t needs table_release()). */
void ticket_query_table(const struct ticket_query *q, struct table *t);

void ticket_query_release(struct ticket_query *q);

#endif
