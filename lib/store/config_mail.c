/*
 * plaindesk.json: the "mail" block (DESIGN §5), what ticket-mail needs to
 * take messages in and acknowledge them.  Every error names the key.
 */
#include <iconv.h>
#include <string.h>

#include "plaindesk/config.h"
#include "plaindesk/text.h"
#include "plaindesk/ticket.h"
#include "plaindesk/util.h"

static int
bad(const char *key, const char *what)
{
	return pd_error(PD_ECONFIG, "plaindesk.json: mail.%s: %s", key, what);
}

/* A string field into out (one line, shorter than outsz). */
static int
mail_string(json_t *mail, const char *key, char *out, size_t outsz)
{
	json_t *v = json_object_get(mail, key);

	if (!v)
		return 0;
	if (!json_is_string(v))
		return bad(key, "must be a string");
	if (json_string_length(v) >= outsz)
		return bad(key, "too long");
	if (text_check(key, json_string_value(v), 1))
		return bad(key, pd_errmsg());
	snprintf(out, outsz, "%s", json_string_value(v));
	return 0;
}

/* An integer field from lo to hi. */
static int
mail_integer(json_t *mail, const char *key, long long lo, long long hi,
	     long long *out)
{
	json_t *v = json_object_get(mail, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return pd_error(PD_ECONFIG,
				"plaindesk.json: mail.%s: must be a whole number from %lld to %lld",
				key, lo, hi);
	*out = json_integer_value(v);
	return 0;
}

/* An address as the desk's From: local@domain, nothing else. */
static int
plain_address(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at > s && at[1] && !strchr(at + 1, '@') &&
	       strcspn(s, " \t<>(),;:\"[]\\") == strlen(s);
}

static int
mail_charsets(struct mail_config *m, json_t *list)
{
	json_t *v;
	size_t i;

	if (!list)
		return 0;
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > MAIL_CHARSETS_MAX)
		return bad("fallback_charsets",
			   "must be a list of 1 to 8 charset names");
	m->nfallback = 0;
	json_array_foreach(list, i, v) {
		const char *name = json_string_value(v);

		if (!name || !*name || strlen(name) >= sizeof(m->fallback_charsets[0]))
			return bad("fallback_charsets",
				   "must be a list of charset names");
		snprintf(m->fallback_charsets[m->nfallback++],
			 sizeof(m->fallback_charsets[0]), "%s", name);
	}
	return 0;
}

/*
 * Whether the C library can convert from each fallback charset.  Asked
 * only by what reads mail and by plaindesk-check: opening a converter
 * loads its module, a cost every other program would pay at start-up.
 */
int
config_mail_charsets_check(const struct mail_config *m)
{
	for (int i = 0; i < m->nfallback; i++) {
		iconv_t cd = iconv_open("UTF-8", m->fallback_charsets[i]);

		if (cd == (iconv_t)-1)
			return pd_error(PD_ECONFIG,
					"plaindesk.json: mail.fallback_charsets: unknown charset '%s'",
					m->fallback_charsets[i]);
		iconv_close(cd);
	}
	return 0;
}

int
config_parse_mail(struct config *cfg, json_t *mail)
{
	struct mail_config *m = &cfg->mail;
	long long acks = 5, max = 10485760;
	json_t *v;
	int rc;

	memset(m, 0, sizeof(*m));
	snprintf(m->kind, sizeof(m->kind), "inquiry");
	snprintf(m->unknown_sender, sizeof(m->unknown_sender), "new");
	snprintf(m->fallback_charsets[0], sizeof(m->fallback_charsets[0]),
		 "UTF-8");
	snprintf(m->fallback_charsets[1], sizeof(m->fallback_charsets[1]),
		 "GB18030");
	m->nfallback = 2;
	m->ack = 1;
	if (mail && !json_is_object(mail))
		return pd_error(PD_ECONFIG, "plaindesk.json: mail: must be an object");
	if ((rc = mail_string(mail, "from", m->from, sizeof(m->from))) ||
	    (rc = mail_string(mail, "name", m->name, sizeof(m->name))) ||
	    (rc = mail_string(mail, "kind", m->kind, sizeof(m->kind))) ||
	    (rc = mail_string(mail, "unknown_sender", m->unknown_sender,
			      sizeof(m->unknown_sender))))
		return rc;
	if (*m->from && !plain_address(m->from))
		return bad("from", "must be an address such as service@desk.example");
	if (str_index(ticket_kinds, m->kind) < 0)
		return pd_error(PD_ECONFIG,
				"plaindesk.json: mail.kind: unknown kind '%s' (expected %s)",
				m->kind, str_join_list(ticket_kinds));
	if (!*m->unknown_sender)
		return bad("unknown_sender", "must be new, reject or a customer id");
	if ((v = json_object_get(mail, "ack")) && !json_is_boolean(v))
		return bad("ack", "must be true or false");
	if (v)
		m->ack = json_is_true(v);
	if ((rc = mail_integer(mail, "max_acks_per_hour", 0, 100000, &acks)) ||
	    (rc = mail_integer(mail, "max_bytes", 1024, 1073741824, &max)))
		return rc;
	m->max_acks_per_hour = (int)acks;
	m->max_bytes = max;
	return mail_charsets(m, json_object_get(mail, "fallback_charsets"));
}
