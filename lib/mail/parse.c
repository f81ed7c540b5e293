/*
 * One message read with GMime 3 into a struct mail_msg: the sender and
 * recipients, the decoded subject, the date, the ids it refers to, the
 * facts that say nobody should answer it, the text (the first text/plain
 * part that is not an attachment, depth first, else the first text/html
 * as text) and the attachments listed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gmime/gmime.h>

#include "plaindesk/mail.h"
#include "plaindesk/text.h"

/* What the walk over the MIME tree gathers. */
struct walk {
	struct mail_msg *m;
	const struct mail_config *cfg;
	GMimeParserOptions *opts;
	char *plain, *html;	/* the text candidates, UTF-8 */
	struct mail_attachment *att;
	size_t natt, cap;
	int depth;
};

void
mail_msg_init(struct mail_msg *m)
{
	memset(m, 0, sizeof(*m));
	strlist_init(&m->refs);
	strlist_init(&m->report_refs);
}

void
mail_msg_release(struct mail_msg *m)
{
	free(m->from);
	free(m->from_name);
	free(m->to);
	free(m->subject);
	free(m->date_raw);
	free(m->message_id);
	free(m->text);
	for (size_t i = 0; i < m->natt; i++) {
		free(m->att[i].name);
		free(m->att[i].type);
	}
	free(m->att);
	strlist_release(&m->refs);
	strlist_release(&m->report_refs);
	mail_msg_init(m);
}

/* Header text longer than this is cut (on a character boundary). */
#define HEADER_TEXT_MAX 4096

/* One line of header text, control characters gone (caller frees). */
static char *
one_line(const char *s)
{
	struct sbuf sb;
	char *out;
	size_t a = 0, b;

	sbuf_init(&sb);
	text_add_clean(&sb, s ? s : "", 1);
	out = sbuf_detach(&sb, &b);
	if (!out)
		return xstrdup("");
	if (b > HEADER_TEXT_MAX) {
		b = HEADER_TEXT_MAX;
		while (b > 0 && ((unsigned char)out[b] & 0xC0) == 0x80)
			b--;
	}
	while (out[a] == ' ')
		a++;
	while (b > a && out[b - 1] == ' ')
		b--;
	memmove(out, out + a, b - a);
	out[b - a] = '\0';
	return out;
}

/* A Message-ID fit to keep: one word of printable ASCII. */
static char *
clean_id(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n > 995)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] <= ' ' || (unsigned char)id[i] >= 0x7f ||
		    id[i] == '<' || id[i] == '>')
			return NULL;
	return xstrdup(id);
}

static void
add_ids(GMimeParserOptions *opts, const char *value, struct strlist *out)
{
	GMimeReferences *refs;

	if (!value || !(refs = g_mime_references_parse(opts, value)))
		return;
	for (int i = 0; i < g_mime_references_length(refs); i++) {
		char *id = clean_id(g_mime_references_get_message_id(refs, i));

		if (id && !strlist_has(out, id))
			strlist_add(out, id);
		free(id);
	}
	g_mime_references_free(refs);
}

/* The first mailbox of a list (groups looked into). */
static InternetAddressMailbox *
first_mailbox(InternetAddressList *list)
{
	for (int i = 0; list && i < internet_address_list_length(list); i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		InternetAddressMailbox *mb = NULL;

		if (INTERNET_ADDRESS_IS_MAILBOX(a))
			mb = INTERNET_ADDRESS_MAILBOX(a);
		else if (INTERNET_ADDRESS_IS_GROUP(a))
			mb = first_mailbox(internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(a)));
		if (mb && internet_address_mailbox_get_addr(mb) &&
		    *internet_address_mailbox_get_addr(mb))
			return mb;
	}
	return NULL;
}

static void
add_addresses(InternetAddressList *list, struct sbuf *sb)
{
	for (int i = 0; list && i < internet_address_list_length(list); i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			add_addresses(internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(a)), sb);
		} else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			const char *addr = internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(a));

			if (addr && *addr) {
				if (sb->len)
					sbuf_adds(sb, ", ");
				text_add_clean(sb, addr, 1);
			}
		}
	}
}

/* A header's value as written, unfolded, or NULL (caller frees). */
static char *
raw_value(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	GMimeHeader *h = list ? g_mime_header_list_get_header(list, name) : NULL;
	const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
	struct sbuf sb;

	if (!raw)
		return NULL;
	sbuf_init(&sb);
	sbuf_adds(&sb, "");
	for (; *raw; raw++)
		if (*raw != '\r' && *raw != '\n')
			sbuf_addc(&sb, *raw);
	return sbuf_detach(&sb, NULL);
}

/* The same, trimmed and made one clean line. */
static char *
raw_header(GMimeObject *obj, const char *name)
{
	char *raw = raw_value(obj, name), *s;

	if (!raw)
		return NULL;
	s = one_line(raw);
	free(raw);
	return s;
}

static int
header_is(GMimeObject *obj, const char *name, const char *const *values)
{
	const char *v = g_mime_object_get_header(obj, name);

	if (!v)
		return 0;
	while (isspace((unsigned char)*v))
		v++;
	for (int i = 0; values[i]; i++)
		if (!strncasecmp(v, values[i], strlen(values[i])))
			return 1;
	return 0;
}

static int
has_header(GMimeObject *obj, const char *name)
{
	return g_mime_object_get_header(obj, name) != NULL;
}

/* What says that nobody should answer the message (RFC 3834, RFC 2369). */
static void
read_auto_headers(GMimeObject *obj, struct mail_msg *m)
{
	static const char *const no[] = {"no", NULL};
	static const char *const bulk[] = {"bulk", "junk", "list", NULL};
	static const char *const autoreply[] = {"auto_reply", "auto-reply",
						NULL};
	static const char *const lists[] = {
		"List-Id", "List-Unsubscribe", "List-Post", "List-Help",
		"List-Owner", "List-Archive", NULL
	};
	const char *suppress = g_mime_object_get_header(obj,
					"X-Auto-Response-Suppress");
	char *rp = raw_header(obj, "Return-Path");

	m->auto_submitted =
		(has_header(obj, "Auto-Submitted") &&
		 !header_is(obj, "Auto-Submitted", no)) ||
		has_header(obj, "X-Autoreply") ||
		has_header(obj, "X-Autorespond") ||
		has_header(obj, "X-Autogenerated") ||
		header_is(obj, "Precedence", autoreply);
	m->list = header_is(obj, "Precedence", bulk);
	for (int i = 0; lists[i]; i++)
		m->list |= has_header(obj, lists[i]);
	m->suppress = suppress && (strcasestr(suppress, "All") ||
				   strcasestr(suppress, "AutoReply") ||
				   strcasestr(suppress, "OOF"));
	m->null_sender = rp && !strcmp(rp, "<>");
	free(rp);
}

/* The decoded content of a part (caller frees the array). */
static GByteArray *
part_bytes(GMimePart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;

	if (content)
		g_mime_data_wrapper_write_to_stream(content, mem);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_object_unref(mem);
	return bytes;
}

static long long
part_size(GMimePart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *null = g_mime_stream_null_new();
	long long n = 0;

	if (content) {
		g_mime_data_wrapper_write_to_stream(content, null);
		n = (long long)GMIME_STREAM_NULL(null)->written;
	}
	g_object_unref(null);
	return n;
}

static void
add_attachment(struct walk *w, const char *name, const char *type,
	       long long size)
{
	struct mail_attachment *a;

	if (w->natt == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 8;
		w->att = xrealloc(w->att, w->cap * sizeof(*w->att));
	}
	a = &w->att[w->natt++];
	a->name = one_line(name);
	a->type = one_line(type);
	a->size = size;
}

/* The Message-ID in the headers a report returns (text/rfc822-headers). */
static void
report_headers(struct walk *w, GMimePart *part)
{
	GByteArray *bytes = part_bytes(part);
	GMimeStream *s = g_mime_stream_mem_new_with_byte_array(bytes);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *inner = g_mime_parser_construct_message(p, w->opts);

	if (inner) {
		char *id = clean_id(g_mime_message_get_message_id(inner));

		if (id && !strlist_has(&w->m->report_refs, id))
			strlist_add(&w->m->report_refs, id);
		free(id);
		g_object_unref(inner);
	}
	g_object_unref(p);
	g_object_unref(s);
}

/*
 * The value of parameter name as written in header value raw (quotes
 * taken off), or NULL: "filename" is found, "filename*" is not.
 */
static char *
raw_param(const char *raw, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = raw; p && (p = strcasestr(p, name)); p += n) {
		const char *v = p + n, *end;

		if ((p != raw && !strchr("; \t", p[-1])) || *v != '=')
			continue;
		v++;
		if (*v == '"') {
			v++;
			end = strchr(v, '"');
		} else {
			end = v + strcspn(v, "; \t");
		}
		return xstrndup(v, end ? (size_t)(end - v) : strlen(v));
	}
	return NULL;
}

/*
 * A part's file name.  Names written as RFC 2047 words (as many mail
 * clients do, though RFC 2231 says otherwise) are decoded here: GMime
 * loses what follows the first of two base64 words.
 */
static char *
file_name(struct walk *w, GMimePart *part)
{
	static const char *const where[][2] = {
		{"Content-Disposition", "filename"}, {"Content-Type", "name"}
	};
	const char *name = g_mime_part_get_filename(part);

	for (int i = 0; i < 2; i++) {
		char *raw = raw_value(GMIME_OBJECT(part), where[i][0]);
		char *value = raw ? raw_param(raw, where[i][1]) : NULL;
		char *decoded = NULL;

		if (value && strstr(value, "=?"))
			decoded = mail_header_decode(value, w->cfg);
		free(raw);
		free(value);
		if (decoded)
			return decoded;
	}
	return xstrdup(name ? name : "");
}

static void
leaf(struct walk *w, GMimePart *part)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *type = g_mime_content_type_get_media_type(ct);
	const char *sub = g_mime_content_type_get_media_subtype(ct);
	const char *disp = g_mime_object_get_disposition(GMIME_OBJECT(part));
	char *name = file_name(w, part);
	int attached = (disp && !strcasecmp(disp, "attachment")) || *name;
	int text = type && !strcasecmp(type, "text");
	char *mime = g_mime_content_type_get_mime_type(ct);

	if (text && sub && !strcasecmp(sub, "rfc822-headers")) {
		report_headers(w, part);
	} else if (type && !strcasecmp(type, "message") && sub &&
		   (!strcasecmp(sub, "delivery-status") ||
		    !strcasecmp(sub, "disposition-notification"))) {
		/* What a report says in machine form: not for people. */
	} else if (text && !attached && sub &&
		   (!strcasecmp(sub, "plain") || !strcasecmp(sub, "html"))) {
		int plain = !strcasecmp(sub, "plain");
		char **slot = plain ? &w->plain : &w->html;

		if (!*slot) {
			GByteArray *b = part_bytes(part);

			*slot = mail_decode((const char *)b->data, b->len,
				g_mime_content_type_get_parameter(ct, "charset"),
				w->cfg);
			g_byte_array_free(b, TRUE);
		}
	} else {
		add_attachment(w, name, mime, part_size(part));
	}
	g_free(mime);
	free(name);
}

static void walk_object(struct walk *w, GMimeObject *obj);

static void
embedded(struct walk *w, GMimeMessagePart *mp)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	GMimeObject *obj = GMIME_OBJECT(mp);
	const char *name = g_mime_object_get_content_disposition_parameter(obj,
							"filename");
	GMimeStream *null;
	char *id;

	if (!inner)
		return;
	id = clean_id(g_mime_message_get_message_id(inner));
	if (id && w->m->report && !strlist_has(&w->m->report_refs, id))
		strlist_add(&w->m->report_refs, id);
	free(id);
	if (w->m->report)
		return;
	null = g_mime_stream_null_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, null);
	add_attachment(w, name ? name : "", "message/rfc822",
		       (long long)GMIME_STREAM_NULL(null)->written);
	g_object_unref(null);
}

static void
walk_object(struct walk *w, GMimeObject *obj)
{
	if (!obj || w->depth > 64)
		return;
	w->depth++;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		GMimeContentType *ct = g_mime_object_get_content_type(obj);

		if (!strcasecmp(g_mime_content_type_get_media_subtype(ct),
				"report"))
			w->m->report = 1;
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++)
			walk_object(w, g_mime_multipart_get_part(mp, i));
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		embedded(w, GMIME_MESSAGE_PART(obj));
	} else if (GMIME_IS_PART(obj)) {
		leaf(w, GMIME_PART(obj));
	}
	w->depth--;
}

/*
 * The sender's display name.  One written in RFC 2047 words is decoded
 * from the From: line as written (GMime loses what follows the first of
 * two base64 words).
 */
static char *
sender_name(GMimeObject *obj, InternetAddressMailbox *mb,
	    const struct mail_config *cfg)
{
	char *raw = raw_value(obj, "From"), *lt, *name, *clean;
	size_t n;

	if (!raw || !strstr(raw, "=?") || !(lt = strrchr(raw, '<'))) {
		free(raw);
		return one_line(internet_address_get_name(INTERNET_ADDRESS(mb)));
	}
	*lt = '\0';
	n = strlen(raw);
	while (n > 0 && strchr(" \t\"", raw[n - 1]))
		raw[--n] = '\0';
	name = mail_header_decode(raw + strspn(raw, " \t\""), cfg);
	clean = one_line(name);
	free(name);
	free(raw);
	return clean;
}

/* The sender, the recipients, the subject, the date, the ids. */
static int
read_envelope(GMimeMessage *msg, GMimeParserOptions *opts,
	      const struct mail_config *cfg, struct mail_msg *m)
{
	char *raw, *subject;
	GMimeObject *obj = GMIME_OBJECT(msg);
	InternetAddressMailbox *mb = first_mailbox(g_mime_message_get_from(msg));
	GDateTime *date;
	struct sbuf to;

	if (!mb)
		mb = first_mailbox(g_mime_message_get_sender(msg));
	if (!mb)
		return pd_error(PD_EDATA, "the message names no sender (no From: address)");
	m->from = one_line(internet_address_mailbox_get_addr(mb));
	m->from_name = sender_name(obj, mb, cfg);
	if (!strchr(m->from, '@') || utf8_chars(m->from) > TITLE_MAX_CHARS ||
	    strchr(m->from, ' '))
		return pd_error(PD_EDATA, "the sender '%s' is not an address",
				m->from);
	sbuf_init(&to);
	add_addresses(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO),
		      &to);
	m->to = to.buf ? sbuf_detach(&to, NULL) : xstrdup("");
	/* GMime joins the text of adjacent base64 words before decoding
	 * it, and loses what follows the padding of the first. */
	raw = raw_value(obj, "Subject");
	subject = mail_header_decode(raw, cfg);
	m->subject = one_line(subject);
	free(raw);
	free(subject);
	m->date_raw = raw_header(obj, "Date");
	/* A date no record can hold (DESIGN §5) counts as none. */
	if ((date = g_mime_message_get_date(msg)) &&
	    g_date_time_get_year(date) >= 2000 &&
	    g_date_time_get_year(date) <= 2099) {
		m->date = (time_t)g_date_time_to_unix(date);
		m->has_date = 1;
	}
	m->message_id = clean_id(g_mime_message_get_message_id(msg));
	add_ids(opts, g_mime_object_get_header(obj, "In-Reply-To"), &m->refs);
	add_ids(opts, g_mime_object_get_header(obj, "References"), &m->refs);
	read_auto_headers(obj, m);
	if (mail_unattended_address(m->from) &&
	    (!strncasecmp(m->from, "mailer-daemon", 13) ||
	     !strncasecmp(m->from, "postmaster", 10)))
		m->report = 1;
	return 0;
}

static GMimeParserOptions *
parser_options(const struct mail_config *cfg)
{
	GMimeParserOptions *opts = g_mime_parser_options_new();
	const char *charsets[MAIL_CHARSETS_MAX + 1];
	int n = 0;

	for (int i = 0; cfg && i < cfg->nfallback; i++)
		charsets[n++] = cfg->fallback_charsets[i];
	if (n == 0)
		charsets[n++] = "UTF-8";
	charsets[n] = NULL;
	g_mime_parser_options_set_fallback_charsets(opts, charsets);
	return opts;
}

/* After a leading mbox "From " line, if there is one. */
static const char *
skip_from_line(const char *data, size_t *len)
{
	const char *nl;

	if (*len < 5 || memcmp(data, "From ", 5) ||
	    !(nl = memchr(data, '\n', *len)))
		return data;
	*len -= (size_t)(nl + 1 - data);
	return nl + 1;
}

/* Is there a header line before the body, as a message starts? */
static int
starts_like_message(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && data[i] > ' ' && data[i] < 0x7f && data[i] != ':')
		i++;
	return i > 0 && i < len && data[i] == ':';
}

int
mail_read(FILE *fp, long long max, char **data, size_t *len)
{
	struct sbuf sb;
	char chunk[65536];
	size_t n;

	sbuf_init(&sb);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		sbuf_add(&sb, chunk, n);
		if ((long long)sb.len > max) {
			sbuf_release(&sb);
			return pd_error(PD_EDATA, "the message is larger than mail.max_bytes (%lld bytes)",
					max);
		}
	}
	if (ferror(fp)) {
		sbuf_release(&sb);
		return pd_error(PD_EIO, "cannot read the message: %s",
				strerror(errno));
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	*data = sbuf_detach(&sb, len);
	return 0;
}

static int ready;

void
mail_init(void)
{
	if (!ready)
		g_mime_init();
	ready = 1;
}

void
mail_shutdown(void)
{
	if (ready)
		g_mime_shutdown();
	ready = 0;
}

int
mail_parse(const char *data, size_t len, const struct mail_config *cfg,
	   struct mail_msg *m)
{
	struct walk w = {.m = m, .cfg = cfg};
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	int rc;

	mail_init();
	data = skip_from_line(data, &len);
	if (!starts_like_message(data, len))
		return pd_error(PD_EDATA, "not a mail message (it does not start with a header)");
	w.opts = parser_options(cfg);
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, w.opts);
	if (!msg) {
		rc = pd_error(PD_EDATA, "not a mail message");
	} else if (!(rc = read_envelope(msg, w.opts, cfg, m))) {
		walk_object(&w, g_mime_message_get_mime_part(msg));
		if (w.plain) {
			m->text = mail_text_clean(w.plain);
		} else if (w.html) {
			char *t = mail_html_text(w.html, strlen(w.html));

			m->text = mail_text_clean(t);
			free(t);
		} else {
			m->text = xstrdup("");
		}
		m->att = w.att;
		m->natt = w.natt;
		w.att = NULL;
		w.natt = 0;
	}
	for (size_t i = 0; i < w.natt; i++) {
		free(w.att[i].name);
		free(w.att[i].type);
	}
	free(w.att);
	free(w.plain);
	free(w.html);
	if (msg)
		g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(stream);
	g_mime_parser_options_free(w.opts);
	return rc;
}
