/*
 * What intake reads out of a message's text: its key, the title a
 * subject gives, the [T-…] tags, and the new part of a reply.  Pure
 * string functions.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plaindesk/lazy_crypto.h"
#include "plaindesk/mail.h"
#include "plaindesk/store.h"
#include "plaindesk/text.h"

char *
mail_key(const struct mail_msg *m)
{
	unsigned char sha[EVP_MAX_MD_SIZE];
	unsigned int shalen = 0;
	struct sbuf in, out;
	size_t end;
	EVP_MD_CTX *md;

	if (m->message_id)
		return xstrdup(m->message_id);
	/* mail_intake_stage() has loaded libcrypto already. */
	if (pd_crypto_load())
		abort();
	sbuf_init(&in);
	for (const char *p = m->from; *p; p++)
		sbuf_addc(&in, tolower((unsigned char)*p));
	sbuf_addf(&in, "\n%s\n%s\n", m->date_raw ? m->date_raw : "",
		  m->subject ? m->subject : "");
	end = m->text ? strlen(m->text) : 0;
	while (end > 0 && isspace((unsigned char)m->text[end - 1]))
		end--;
	sbuf_add(&in, m->text ? m->text : "", end);
	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, in.buf, in.len) ||
	    !EVP_DigestFinal_ex(md, sha, &shalen))
		abort();	/* SHA-256 is part of every libcrypto */
	EVP_MD_CTX_free(md);
	sbuf_release(&in);
	sbuf_init(&out);
	sbuf_adds(&out, "sha256:");
	for (unsigned int i = 0; i < shalen; i++)
		sbuf_addf(&out, "%02x", sha[i]);
	return sbuf_detach(&out, NULL);
}

/* Skip white space (ASCII, and the ideographic space U+3000). */
static const char *
skip_space(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (!strncmp(s, "\u3000", 3))
			s += 3;
		else
			return s;
	}
}

/* After one reply or forward prefix and its colon, or NULL. */
static const char *
after_prefix(const char *s)
{
	static const char *const latin[] = {"re", "fwd", "fw", "aw", NULL};
	static const char *const cjk[] = {
		"回复", "回覆", "答复", "转发", "自动答复", NULL
	};
	const char *p = NULL;

	for (int i = 0; latin[i] && !p; i++)
		if (!strncasecmp(s, latin[i], strlen(latin[i])) &&
		    !isalnum((unsigned char)s[strlen(latin[i])]))
			p = s + strlen(latin[i]);
	for (int i = 0; cjk[i] && !p; i++)
		if (!strncmp(s, cjk[i], strlen(cjk[i])))
			p = s + strlen(cjk[i]);
	if (!p)
		return NULL;
	p = skip_space(p);
	if (*p == ':')
		return p + 1;
	if (!strncmp(p, "：", strlen("：")))
		return p + strlen("：");
	return NULL;
}

const char *
mail_subject_tag(const char *from, char id[16])
{
	for (const char *p = from ? strchr(from, '[') : NULL; p;
	     p = strchr(p + 1, '[')) {
		if (strlen(p) >= ID_LEN + 2 && p[ID_LEN + 1] == ']') {
			memcpy(id, p + 1, ID_LEN);
			id[ID_LEN] = '\0';
			if (id_valid('T', id))
				return p + ID_LEN + 2;
		}
	}
	return NULL;
}

char *
mail_title(const char *subject)
{
	struct sbuf sb, out;
	const char *s, *next, *rest;
	char id[16];
	size_t chars = 0;
	int space = 0;

	/* The tags go first, wherever they are. */
	sbuf_init(&sb);
	for (s = subject ? subject : ""; (rest = mail_subject_tag(s, id));
	     s = rest)
		sbuf_add(&sb, s, (size_t)(rest - s) - ID_LEN - 2);
	sbuf_adds(&sb, s);
	s = skip_space(sb.buf ? sb.buf : "");
	while ((next = after_prefix(s)))
		s = skip_space(next);
	sbuf_init(&out);
	while (*s && chars < TITLE_MAX_CHARS) {
		size_t n = 1;

		while (((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		if ((unsigned char)*s < 0x20 || *s == ' ' || *s == 0x7f ||
		    !strncmp(s, "\u3000", 3)) {
			space = out.len > 0;
		} else {
			if (space && chars + 2 > TITLE_MAX_CHARS)
				break;
			if (space) {
				sbuf_addc(&out, ' ');
				chars++;
			}
			space = 0;
			sbuf_add(&out, s, n);
			chars++;
		}
		s += n;
	}
	sbuf_release(&sb);
	if (!out.buf)
		sbuf_adds(&out, "");
	return sbuf_detach(&out, NULL);
}

/* Does line (len bytes) end with what ends an attribution line? */
static int
attribution(const char *line, size_t len)
{
	static const char *const ends[] = {
		"wrote:", "写道:", "写道：", "寫道:", "寫道：", "schrieb:",
		"a écrit :", "a écrit:", NULL
	};

	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	for (int i = 0; ends[i]; i++) {
		size_t n = strlen(ends[i]);

		if (len >= n && !memcmp(line + len - n, ends[i], n))
			return 1;
	}
	return 0;
}

/* Does line start a forwarded or quoted message of a mail client? */
static int
quote_header(const char *line, size_t len)
{
	static const char *const marks[] = {
		"原始邮件", "Original Message", "Original", "原始郵件",
		"Forwarded message", "转发邮件", NULL
	};
	static const char *const heads[] = {
		"发件人:", "发件人：", "寄件者:", "寄件者：", NULL
	};
	char *copy = xstrndup(line, len);
	int dashes = (int)strspn(copy, "-_ ");
	int hit = 0;

	/* "-----Original Message-----", "------ 原始邮件 ------", or an
	 * Outlook rule of underscores. */
	if (dashes >= 5 && !copy[dashes])
		hit = strspn(copy, "_") >= 10;
	for (int i = 0; marks[i] && !hit; i++)
		hit = dashes >= 2 && strstr(copy, marks[i]) != NULL;
	for (int i = 0; heads[i] && !hit; i++)
		hit = !strncmp(copy, heads[i], strlen(heads[i]));
	free(copy);
	return hit;
}

/* Is the line an Outlook "From: …" header followed by Sent:/Date:/To:? */
static int
outlook_from(const char *line, const char *next)
{
	if (strncmp(line, "From: ", 6) && strncmp(line, "*From:* ", 8))
		return 0;
	return next && (!strncmp(next, "Sent:", 5) ||
			!strncmp(next, "Date:", 5) ||
			!strncmp(next, "To:", 3) ||
			!strncmp(next, "*Sent:*", 7));
}

char *
mail_reply_text(const char *text)
{
	struct sbuf out;
	const char *s = text ? text : "", *prev = NULL;
	size_t prev_at = 0;
	char *clean;

	sbuf_init(&out);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		const char *next = nl ? nl + 1 : NULL;

		if ((len == 3 && !strncmp(s, "-- ", 3)) ||
		    (len == 2 && !strncmp(s, "--", 2)) ||
		    quote_header(s, len) || outlook_from(s, next))
			break;
		if (attribution(s, len)) {
			/* "On Mon, … <a@b>\nwrote:" spans two lines. */
			if (prev && len < 12 && !strncmp(prev, "On ", 3))
				out.len = prev_at;
			break;
		}
		if (*s != '>') {
			prev = s;
			prev_at = out.len;
			sbuf_add(&out, s, len);
			sbuf_addc(&out, '\n');
		}
		s = next ? next : s + len;
	}
	if (out.buf)
		out.buf[out.len] = '\0';
	clean = mail_text_clean(out.buf ? out.buf : "");
	sbuf_release(&out);
	if (!*clean) {
		free(clean);
		return mail_text_clean(text ? text : "");
	}
	return clean;
}

int
mail_unattended_address(const char *addr)
{
	static const char *const locals[] = {
		"noreply", "no-reply", "no_reply", "donotreply",
		"do-not-reply", "do_not_reply", "mailer-daemon", "postmaster",
		"bounce", "bounces", NULL
	};
	const char *at = strchr(addr, '@');
	size_t n = at ? (size_t)(at - addr) : strlen(addr);

	for (int i = 0; locals[i]; i++) {
		size_t k = strlen(locals[i]);

		/* noreply@, noreply-abc@, bounces+xyz@ */
		if (n >= k && !strncasecmp(addr, locals[i], k) &&
		    (n == k || strchr("-+._", addr[k])))
			return 1;
	}
	return 0;
}
