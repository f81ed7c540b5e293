/*
 * The acknowledgement of a ticket opened from mail, built with GMime:
 * From the desk, To the sender, "Re: <title> [T-…]", a Message-ID made
 * of the ticket and its open event, In-Reply-To and References to the
 * message, Auto-Submitted: auto-replied (RFC 3834), and a UTF-8 body
 * from the template mail-ack.txt with the ticket's deadlines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <gmime/gmime.h>

#include "plaindesk/mail.h"
#include "plaindesk/mailack.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/notify.h"
#include "plaindesk/record.h"
#include "plaindesk/render.h"
#include "plaindesk/tickets.h"
#include "plaindesk/vcs.h"

int
sendmail_load(struct store *st, struct sendmail *s)
{
	const char *env = getenv("PLAINDESK_SENDMAIL");
	int rc;

	s->command = NULL;
	if ((rc = timeout_from_env("PLAINDESK_SENDMAIL_TIMEOUT",
				   SENDMAIL_TIMEOUT_DEFAULT, &s->timeout)))
		return rc;
	/* The environment wins, even to turn sending off. */
	if (env) {
		if (*env)
			s->command = xasprintf("%s -i -t", env);
		return 0;
	}
	if ((env = vcs_config_get(st, "plaindesk.sendmail")) && *env)
		s->command = xasprintf("%s -i -t", env);
	free((char *)env);
	return 0;
}

void
sendmail_release(struct sendmail *s)
{
	free(s->command);
	s->command = NULL;
}

/* The open event's id of rec. */
static const char *
open_event(json_t *rec)
{
	return jstr(json_array_get(json_object_get(rec, "events"), 0), "id");
}

int
mail_ack_pending(json_t *rec)
{
	json_t *mail = json_object_get(rec, "mail"), *ev;
	const char *open = open_event(rec);
	size_t i;

	if (!json_is_true(json_object_get(mail, "auto_reply")) || !open)
		return 0;
	json_array_foreach(json_object_get(rec, "events"), i, ev)
		if (jstr(ev, "type") && !strcmp(jstr(ev, "type"), "notified") &&
		    jstr(ev, "event") && !strcmp(jstr(ev, "event"), open) &&
		    jstr(ev, "channel") && !strcmp(jstr(ev, "channel"), "email"))
			return 0;
	return 1;
}

/* "2026-11-22 10:14" in the store's time zone. */
static json_t *
local_time(time_t t)
{
	char buf[TIME_BUFSZ];

	if (!t)
		return json_string("-");
	time_format(t, buf);
	buf[10] = ' ';
	buf[16] = '\0';
	return json_string(buf);
}

/* The body: templates/<locale>/mail-ack.txt. */
static int
ack_body(struct store *st, json_t *rec, const char *desk, char **text)
{
	struct ticket_state s;
	struct sbuf out;
	char *tmpl;
	json_t *ctx;
	int rc;

	if ((rc = render_load_template(st->root, st->cfg.locale,
				       "mail-ack.txt", &tmpl)))
		return rc;
	ticket_fold(rec, &st->cfg, &s);
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}",
			"id", jstr(rec, "id"), "title", jstr(rec, "title"),
			"subject", jstr(json_object_get(rec, "mail"), "subject"),
			"desk", desk, "response_due", local_time(s.response_due),
			"resolution_due", local_time(s.resolution_due));
	sbuf_init(&out);
	rc = render_template(tmpl, ctx, RENDER_PLAIN, &out);
	free(tmpl);
	json_decref(ctx);
	if (rc)
		return pd_error(rc, "mail-ack.txt: %s", pd_errmsg());
	*text = out.buf ? sbuf_detach(&out, NULL) : xstrdup("");
	sbuf_release(&out);
	return 0;
}

/* The desk's address: mail.from, else the one the message was sent to. */
static char *
desk_address(struct store *st, json_t *mail)
{
	const char *to = jstr(mail, "to");
	size_t n = to ? strcspn(to, ", ") : 0;
	const char *at = n ? memchr(to, '@', n) : NULL;

	if (*st->cfg.mail.from)
		return xstrdup(st->cfg.mail.from);
	if (!at || at == to || at + 1 == to + n)
		return NULL;
	return xstrndup(to, n);
}

static GMimeMessage *
ack_message(struct store *st, json_t *rec, const char *from,
	    const char *body, const char *message_id)
{
	json_t *mail = json_object_get(rec, "mail");
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
	GDateTime *date = g_date_time_new_from_unix_local(st->now);
	char *subject = xasprintf("Re: %s [%s]", jstr(rec, "title"),
				  jstr(rec, "id"));

	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM,
				   st->cfg.mail.name, from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL,
				   jstr(mail, "from"));
	g_mime_message_set_subject(msg, subject, "utf-8");
	g_mime_message_set_date(msg, date);
	g_mime_message_set_message_id(msg, message_id);
	if (jstr(mail, "message_id")) {
		char *ref = xasprintf("<%s>", jstr(mail, "message_id"));

		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", ref,
					 NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", ref,
					 NULL);
		free(ref);
	}
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted",
				 "auto-replied", NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "X-Auto-Response-Suppress",
				 "All", NULL);
	g_mime_text_part_set_text(part, body);
	g_mime_object_encode(GMIME_OBJECT(part), GMIME_ENCODING_CONSTRAINT_7BIT);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	g_object_unref(part);
	g_date_time_unref(date);
	free(subject);
	return msg;
}

int
mail_ack_build(struct store *st, json_t *rec, char **text, char **to,
	       char **message_id)
{
	json_t *mail = json_object_get(rec, "mail");
	char *from = desk_address(st, mail), *body = NULL, *s;
	const char *desk;
	GMimeMessage *msg;
	int rc;

	if (!from)
		return pd_error(PD_ECONFIG, "%s cannot be acknowledged: mail.from is empty and the message was sent to no address",
				jstr(rec, "id"));
	desk = *st->cfg.mail.name ? st->cfg.mail.name : from;
	if ((rc = ack_body(st, rec, desk, &body))) {
		free(from);
		return rc;
	}
	mail_init();
	*message_id = mail_desk_id(jstr(rec, "id"), open_event(rec),
				   strchr(from, '@') + 1);
	msg = ack_message(st, rec, from, body, *message_id);
	s = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
	*text = xstrdup(s);
	*to = xstrdup(jstr(mail, "from"));
	g_free(s);
	g_object_unref(msg);
	free(body);
	free(from);
	return 0;
}
