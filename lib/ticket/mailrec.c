/*
 * What tickets keep of mail: the id rule of DESIGN §2, the "mail" block
 * and the mail fields of events, checked and shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "plaindesk/clock.h"
#include "plaindesk/i18n.h"
#include "plaindesk/lazy_crypto.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"

#define DAY_SECS 86400
/* How many colliding candidates plaindesk-check follows. */
#define MAIL_ID_TRIES 64

int32_t
ticket_path_day(const char *rel, char id[ID_LEN + 1])
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;

	snprintf(id, ID_LEN + 1, "%s", base);
	if (!id_valid('T', id) || strcmp(base + ID_LEN, ".json"))
		return -1;
	return ymd_to_day(2000 + (id[2] - '0') * 10 + id[3] - '0',
			  (id[4] - '0') * 10 + id[5] - '0',
			  (id[6] - '0') * 10 + id[7] - '0');
}

int32_t
mail_id_day(time_t received, int has_date, time_t date)
{
	if (has_date && date >= received - 7 * DAY_SECS &&
	    date <= received + DAY_SECS)
		return time_day(date);
	return time_day(received);
}

int
mail_id_candidate(const char *key, unsigned n, int32_t day,
		  char id[ID_LEN + 1])
{
	static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char sha[EVP_MAX_MD_SIZE];
	unsigned int shalen = 0;
	char num[16];
	uint32_t bits;
	int y, m, d;
	EVP_MD_CTX *md;
	int rc;

	if ((rc = pd_crypto_load()))
		return rc;
	day_to_ymd(day, &y, &m, &d);
	if (y < 2000 || y > 2099)
		return pd_error(PD_EDATA, "a record dated %04d-%02d-%02d cannot be stored (years 2000 to 2099)",
				y, m, d);
	snprintf(num, sizeof(num), "\n%u", n);
	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, key, strlen(key)) ||
	    !EVP_DigestUpdate(md, num, strlen(num)) ||
	    !EVP_DigestFinal_ex(md, sha, &shalen)) {
		EVP_MD_CTX_free(md);
		return pd_error(PD_ESOFTWARE, "SHA-256 is not available");
	}
	EVP_MD_CTX_free(md);
	/* The first 30 bits, most significant first. */
	bits = ((uint32_t)sha[0] << 22 | (uint32_t)sha[1] << 14 |
		(uint32_t)sha[2] << 6 | (uint32_t)sha[3] >> 2);
	snprintf(id, ID_LEN + 1, "T-%02d%02d%02d-", y % 100, m, d);
	for (int i = 0; i < 6; i++)
		id[9 + i] = crockford[(bits >> (25 - 5 * i)) & 31];
	id[ID_LEN] = '\0';
	return 0;
}

/* The mail.key of ticket id: 1 and *key (caller frees), 0 if there is no
 * such ticket, -1 with a message if it cannot be read. */
static int
ticket_mail_key(struct store *st, const char *id, char **key)
{
	char *rel = id_relpath(id), *path = store_path(st, rel);
	int there = access(path, F_OK) == 0;
	json_t *rec;

	free(rel);
	free(path);
	*key = NULL;
	if (!there)
		return 0;
	if (store_load_record(st, id, &rec))
		return -1;
	if (jstr(json_object_get(rec, "mail"), "key"))
		*key = xstrdup(jstr(json_object_get(rec, "mail"), "key"));
	json_decref(rec);
	return 1;
}

int
mail_id_find(struct store *st, const char *key, int32_t day,
	     char id[ID_LEN + 1], int *existing)
{
	*existing = 0;
	for (unsigned n = 0;; n++) {
		char *other;
		int rc, same;

		if ((rc = mail_id_candidate(key, n, day, id)))
			return rc;
		if ((rc = ticket_mail_key(st, id, &other)) < 0)
			return PD_EIO;
		same = other && strcmp(other, key) == 0;
		free(other);
		if (rc == 0 || same) {
			*existing = same;
			return 0;
		}
	}
}

int
mail_address_in(const char *list, const char *addr)
{
	size_t alen = strlen(addr);

	if (!list || !alen)
		return 0;
	while (*list) {
		const char *end = strchr(list, ';');
		size_t n;

		if (!end)
			end = list + strlen(list);
		while (list < end && (*list == ' ' || *list == '\t'))
			list++;
		n = (size_t)(end - list);
		while (n > 0 && (list[n - 1] == ' ' || list[n - 1] == '\t'))
			n--;
		if (n == alen && strncasecmp(list, addr, n) == 0)
			return 1;
		list = *end ? end + 1 : end;
	}
	return 0;
}

char *
mail_desk_id(const char *id, const char *event, const char *domain)
{
	return xasprintf("plaindesk.%s.%s@%s", id, event, domain);
}

int
mail_desk_id_parse(const char *ref, char id[ID_LEN + 1], char event[16])
{
	const char *p = ref;

	if (strncmp(p, "plaindesk.", 10))
		return 0;
	p += 10;
	if (strlen(p) < ID_LEN + 1 + 13 + 1 || p[ID_LEN] != '.' ||
	    p[ID_LEN + 1 + 13] != '@')
		return 0;
	memcpy(id, p, ID_LEN);
	id[ID_LEN] = '\0';
	memcpy(event, p + ID_LEN + 1, 13);
	event[13] = '\0';
	return id_valid('T', id) && event_id_valid(event);
}

/* A one-line string field (may be empty); nullable allows null. */
static int
mail_string(json_t *o, const char *key, const char *where, int nullable,
	    int nonempty)
{
	json_t *v = json_object_get(o, key);

	if (nullable && json_is_null(v))
		return 0;
	if (!json_is_string(v) || (nonempty && !json_string_length(v)))
		return pd_error(PD_EDATA, "%s: '%s' must be a %sstring%s",
				where, key, nonempty ? "non-empty " : "",
				nullable ? " or null" : "");
	/* One line, of any length a text field may have. */
	if (text_check(key, json_string_value(v), 0))
		return pd_error(PD_EDATA, "%s: %s", where, pd_errmsg());
	if (strchr(json_string_value(v), '\n'))
		return pd_error(PD_EDATA, "%s: '%s' must be one line", where,
				key);
	return 0;
}

static int
mail_attachments(json_t *list)
{
	json_t *a, *size;
	size_t i;
	int rc;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "mail: 'attachments' must be a list");
	json_array_foreach(list, i, a) {
		char where[48];

		snprintf(where, sizeof(where), "mail: attachment %zu", i + 1);
		if (!json_is_object(a))
			return pd_error(PD_EDATA, "%s: not an object", where);
		if ((rc = mail_string(a, "name", where, 0, 0)) ||
		    (rc = mail_string(a, "type", where, 0, 1)))
			return rc;
		size = json_object_get(a, "size");
		if (!json_is_integer(size) || json_integer_value(size) < 0)
			return pd_error(PD_EDATA, "%s: 'size' must be a number of bytes",
					where);
	}
	return 0;
}

int
mail_block_validate(json_t *mail)
{
	json_t *date;
	time_t t;
	int rc;

	if (!json_is_object(mail))
		return pd_error(PD_EDATA, "mail: must be an object");
	if ((rc = mail_string(mail, "key", "mail", 0, 1)) ||
	    (rc = mail_string(mail, "message_id", "mail", 1, 1)) ||
	    (rc = mail_string(mail, "from", "mail", 0, 1)) ||
	    (rc = mail_string(mail, "to", "mail", 0, 0)) ||
	    (rc = mail_string(mail, "subject", "mail", 0, 0)))
		return rc;
	date = json_object_get(mail, "date");
	if (!json_is_null(date) && (rc = field_time(mail, "date", "mail", &t)))
		return rc;
	if (!json_is_boolean(json_object_get(mail, "auto_reply")))
		return pd_error(PD_EDATA, "mail: 'auto_reply' must be true or false");
	return mail_attachments(json_object_get(mail, "attachments"));
}

int
mail_event_validate(json_t *ev, const char *where)
{
	static const char *const keys[] = {"message_id", "mail_key", "from",
					   "to", "channel", NULL};
	int rc;

	for (int i = 0; keys[i]; i++)
		if (json_object_get(ev, keys[i]) &&
		    (rc = mail_string(ev, keys[i], where, 0, 1)))
			return rc;
	return 0;
}

int
mail_id_check(struct store *st, json_t *rec)
{
	json_t *mail = json_object_get(rec, "mail");
	const char *id = jstr(rec, "id"), *key = jstr(mail, "key");
	time_t opened = jtime(rec, "opened_at"), date = jtime(mail, "date");
	char want[ID_LEN + 1];
	int rc;

	if (!key || !id)
		return 0;
	for (unsigned n = 0; n < MAIL_ID_TRIES; n++) {
		char *other;

		if ((rc = mail_id_candidate(key, n, mail_id_day(opened,
					    date != 0, date), want)))
			return rc;
		if (strcmp(want, id) == 0)
			return 0;
		/* A smaller n is passed over only for a ticket in the way. */
		if ((rc = ticket_mail_key(st, want, &other)) <= 0) {
			pd_clear_error();
			break;
		}
		if (other && strcmp(other, key) == 0) {
			free(other);
			return pd_error(PD_EDATA, "mail key '%s' is also the key of %s",
					key, want);
		}
		free(other);
	}
	return pd_error(PD_EDATA, "id does not follow the mail id rule (expected %s)",
			want);
}

/* A label (a msgid, or "") in the language of messages, padded to 12
 * columns as ticket-show pads its own, and its value cleaned. */
static void
show_line(struct sbuf *sb, const char *label, const char *value)
{
	const char *l = *label ? _(label) : "";
	size_t w = text_width(l);

	sbuf_addf(sb, "%s%*s ", l, w < 12 ? (int)(12 - w) : 0, "");
	text_add_clean(sb, value && *value ? value : "-", 1);
	sbuf_addc(sb, '\n');
}

void
mail_show(struct sbuf *sb, json_t *rec, int show_contact)
{
	json_t *mail = json_object_get(rec, "mail"), *a;
	size_t i;

	if (!json_is_object(mail))
		return;
	show_line(sb, N_("Mail from:"), show_contact ? jstr(mail, "from") :
		  _("(hidden; --show-contact)"));
	if (show_contact)
		show_line(sb, N_("Mail to:"), jstr(mail, "to"));
	show_line(sb, N_("Subject:"), jstr(mail, "subject"));
	show_line(sb, N_("Sent:"), jstr(mail, "date"));
	show_line(sb, N_("Message-ID:"), jstr(mail, "message_id"));
	show_line(sb, N_("Auto-reply:"), json_is_true(json_object_get(mail,
			"auto_reply")) ? _("yes") : _("no"));
	json_array_foreach(json_object_get(mail, "attachments"), i, a) {
		char *line = xasprintf(_("%s (%s, %lld bytes)"),
				       jstr(a, "name") ? jstr(a, "name") : "",
				       jstr(a, "type") ? jstr(a, "type") : "",
				       jint(a, "size", 0));

		show_line(sb, i ? "" : N_("Attachments:"), line);
		free(line);
	}
}

int
mail_event_by_mail(json_t *ev)
{
	return jstr(ev, "mail_key") != NULL;
}

int
mail_event_hides(json_t *ev, const char *key, int show_contact)
{
	const char *type = jstr(ev, "type");

	if (show_contact || !type)
		return 0;
	if (!strcmp(type, "note") && mail_event_by_mail(ev))
		return !strcmp(key, "from");
	if (!strcmp(type, "notified") && jstr(ev, "channel") &&
	    !strcmp(jstr(ev, "channel"), "email"))
		return !strcmp(key, "to");
	return 0;
}
