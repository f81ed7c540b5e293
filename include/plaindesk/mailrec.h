/*
 * What tickets keep of mail (DESIGN §2): the id a message gives its
 * ticket, the "mail" block and the mail fields of events, how they are
 * checked and shown.  No mail parsing here: plaindesk-check and
 * ticket-show use it without the mail libraries.
 */
#ifndef PLAINDESK_MAILREC_H
#define PLAINDESK_MAILREC_H

#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include "store.h"

/*
 * The ticket a record path names ("tickets/2026/11/T-261120-8GJE08.json")
 * into id, and the day its id carries: the day, or -1 when the path
 * names no ticket.
 */
int32_t ticket_path_day(const char *rel, char id[ID_LEN + 1]);

/* The id's date: the message's Date: when it lies between 7 days before
 * and 1 day after the time received, else the day received. */
int32_t mail_id_day(time_t received, int has_date, time_t date);

/*
 * The id candidate n for key on day: T-YYMMDD and the first 30 bits of
 * SHA-256(key "\n" n) as 6 Crockford base32 characters.  PD_EDATA for a
 * day outside 2000-2099.
 */
int mail_id_candidate(const char *key, unsigned n, int32_t day,
		      char id[ID_LEN + 1]);

/*
 * The id of the message keyed key on day by the rule: the first
 * candidate that names no ticket or the ticket with the same mail.key.
 * *existing is set when that ticket is there already.  Reads only the
 * tickets the candidates name.
 */
int mail_id_find(struct store *st, const char *key, int32_t day,
		 char id[ID_LEN + 1], int *existing);

/*
 * Is addr one of the ';'-separated addresses of list (ASCII case
 * ignored, spaces around each allowed)?
 */
int mail_address_in(const char *list, const char *addr);

/*
 * The Message-ID the desk gives the acknowledgement of ticket id, whose
 * open event is event: "plaindesk.<id>.<event>@<domain>", the same on
 * every try (caller frees).
 */
char *mail_desk_id(const char *id, const char *event, const char *domain);

/* Is ref such an id?  1 with the ticket and event ids, else 0. */
int mail_desk_id_parse(const char *ref, char id[ID_LEN + 1], char event[16]);

/* Validate the "mail" block of a ticket: 0 or PD_EDATA ("mail: ..."). */
int mail_block_validate(json_t *mail);

/* The mail fields of a note or notified event: 0 or PD_EDATA. */
int mail_event_validate(json_t *ev, const char *where);

/*
 * plaindesk-check: is the id of ticket rec (which has a mail block) the
 * one the rule gives?  0, or PD_EDATA with what is wrong.
 */
int mail_id_check(struct store *st, json_t *rec);

/*
 * ticket-show: the mail block as "Label: value" lines (the sender's and
 * recipient's addresses only with show_contact).
 */
void mail_show(struct sbuf *sb, json_t *rec, int show_contact);

/*
 * ticket-show: should field key of event ev stay unshown?  The address
 * of a note that came by mail and of an acknowledgement is contact data.
 */
int mail_event_hides(json_t *ev, const char *key, int show_contact);

/* Did event ev come by mail (a note with a mail_key)? */
int mail_event_by_mail(json_t *ev);

#endif
