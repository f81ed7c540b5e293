/*
 * Event records beside tickets and meetings (care plans, knowledge-base
 * articles): loading, checking, appending and staging them.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/i18n.h"
#include "plaindesk/audit.h"
#include "plaindesk/storefs.h"
#include "plaindesk/erecord.h"
#include "plaindesk/out.h"
#include "plaindesk/record.h"
#include "plaindesk/text.h"

int
erecord_load(struct store *st, const char *rel, const char *what,
	     const char *name, json_t **rec)
{
	char *data;
	size_t len;
	/* No link followed, no special file read (DESIGN §4). */
	int rc = storefs_read(st->root, rel, &data, &len);

	if (rc == PD_ENOINPUT)
		return pd_error(PD_ENOINPUT, "no such %s '%s'", what, name);
	if (rc)
		return rc;
	rc = record_parse(data, len, rel, rec);
	free(data);
	return rc;
}

int
erecord_check_events(json_t *rec, const char *const *types,
		     const char *first, int once,
		     int (*check)(json_t *ev, const char *where))
{
	json_t *events = json_object_get(rec, "events"), *e;
	time_t prev = 0;
	size_t i;
	int rc;

	if (!json_is_array(events) || json_array_size(events) == 0)
		return pd_error(PD_EDATA, "'events' must be a non-empty list");
	json_array_foreach(events, i, e) {
		char where[32];

		snprintf(where, sizeof(where), "event %zu", i + 1);
		if ((rc = record_event_check(events, i, first, once, where,
					     &prev)) ||
		    (rc = efield_text(e, "by", where, 1, 1)) ||
		    (rc = field_enum(e, "type", where, types)))
			return rc;
		if ((rc = check(e, where)))
			return rc;
	}
	return 0;
}

json_t *
erecord_add_event(json_t *rec, const char *type, const char *by, time_t at)
{
	json_t *events = json_object_get(rec, "events"), *ev;
	json_t *last;
	char id[16], buf[TIME_BUFSZ];

	if (!events) {
		events = json_array();
		json_object_set_new(rec, "events", events);
	}
	last = json_array_get(events, json_array_size(events) - 1);
	/* Events stay in time order even if the clock went back. */
	if (last && jtime(last, "at") > at)
		at = jtime(last, "at");
	event_id_new(events, at, id);
	ev = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "at",
		       time_format(at, buf), "by", by, "type", type);
	json_array_append_new(events, ev);
	return ev;
}

void
erecord_stage(struct change *c, const char *rel, const char *name,
	      json_t *rec)
{
	size_t len;
	char *data = record_format(rec, &len);

	change_put(c, rel, data, len);
	change_record(c, name);
}

int
erecord_attributes(struct store *st, struct change *c, const char *pattern)
{
	char *data = NULL;
	char *line = xasprintf("%s merge=plaindesk", pattern);
	size_t len = 0;
	int rc = storefs_read(st->root, ".gitattributes", &data, &len);
	int present = 0;
	struct sbuf sb;

	if (rc && rc != PD_ENOINPUT) {
		free(line);
		return rc;
	}
	sbuf_init(&sb);
	sbuf_add(&sb, data ? data : "", len);
	for (char *s = sb.buf; s && *s; ) {
		size_t n = strcspn(s, "\n");

		if (n == strlen(line) && !strncmp(s, line, n))
			present = 1;
		s += n + (s[n] == '\n');
	}
	if (!present) {
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			sbuf_addc(&sb, '\n');
		sbuf_addf(&sb, "%s\n", line);
		len = sb.len;
		change_put(c, ".gitattributes", sbuf_detach(&sb, NULL), len);
	}
	sbuf_release(&sb);
	free(data);
	free(line);
	return 0;
}

int
efield_text(json_t *obj, const char *key, const char *where, int need,
	    int title)
{
	json_t *v = json_object_get(obj, key);
	int rc;

	if ((!v || json_is_null(v)) && !need)
		return 0;
	if (!json_is_string(v) || (need && json_string_length(v) == 0))
		return pd_error(PD_EDATA, "%s: '%s' must be a%s string", where,
				key, need ? " non-empty" : "");
	if ((rc = text_check(key, json_string_value(v), title)))
		return pd_error(rc, "%s: %s", where, pd_errmsg());
	return 0;
}

int
efield_list(json_t *obj, const char *key, const char *where,
	    const char *const *allowed)
{
	json_t *list = json_object_get(obj, key), *v;
	size_t i;

	if (!json_is_array(list))
		return pd_error(PD_EDATA, "%s: '%s' must be a list", where, key);
	json_array_foreach(list, i, v) {
		const char *s = json_string_value(v);

		if (!s || !*s || text_check(key, s, 1))
			return pd_error(PD_EDATA, "%s: '%s' must hold one-line strings",
					where, key);
		if (allowed && str_index(allowed, s) < 0)
			return pd_error(PD_EDATA, "%s: %s: unknown value '%s' (expected %s)",
					where, key, s, str_join_list(allowed));
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_array_get(list, j), v))
				return pd_error(PD_EDATA, "%s: '%s' names '%s' twice",
						where, key, s);
	}
	return 0;
}

char *
erecord_local(const char *s, char buf[24])
{
	time_t t;
	struct tm tm;

	buf[0] = '\0';
	if (s && time_parse(s, &t) == 0) {
		localtime_r(&t, &tm);
		strftime(buf, 24, "%Y-%m-%d %H:%M", &tm);
	}
	return buf;
}

/*
 * The fields of the events of care plans, articles and tickets, with the
 * context of their values' display names (NULL: shown as written), for
 * the details column; each field's own name is pd_label("detail", key).
 */
static const struct detail_field {
	const char *key, *values;
} detail_fields[] = {
	{"owner", NULL},
	{"every", NULL},
	{"occasions", NULL},
	{"goals", NULL},
	{"holidays", NULL},
	{"next_due", NULL},
	{"channel", "channel"},
	{"outcome", "outcome"},
	{"satisfaction", NULL},
	{"needs", NULL},
	{"occasion", NULL},
	{"what", "what"},
	{"reason", "escalate-reason"},
	{"message", NULL},
	{"title", NULL},
	{"problem", NULL},
	{"solution", "solution"},
	{"tags", NULL},
	{"kinds", "kind"},
	{"categories", "category"},
	{"causes", "cause"},
	{"source_tickets", NULL},
	{"review_due", NULL},
	/* a ticket's events (ticket-show) */
	{"to", "role"},
	{"from", "role"},
	{"target", NULL},
	{"recipients", NULL},
	{"cause", "cause"},
	{"due", NULL},
	{"accepted", NULL},
	{"comment", NULL},
	{"kb", NULL},
	{"followup_due", NULL},
	{"deadline", "deadline"},
	{"breach", NULL},
	{"until", NULL},
	{"duration", NULL},
	{"approved_by", NULL},
	{"subject", NULL},
	{"message_id", NULL},
	{"auto_reply", NULL},
	{"attachments", NULL},
	{"plan", NULL},
	{"kind", "notice-kind"},
};

static const struct detail_field *
detail_field(const char *key)
{
	for (size_t i = 0; i < sizeof(detail_fields) / sizeof(*detail_fields);
	     i++)
		if (!strcmp(detail_fields[i].key, key))
			return &detail_fields[i];
	return NULL;
}

/* One scalar as the details column shows it, in the store's language. */
static void
add_scalar(struct sbuf *sb, json_t *v, const char *values)
{
	char b[24];

	const char *str = json_string_value(v);

	if (str && strlen(str) >= 16 && str[4] == '-' && str[10] == 'T')
		sbuf_adds(sb, erecord_local(str, b));
	else if (json_is_string(v))
		sbuf_adds(sb, pd_label(values, json_string_value(v)));
	else if (json_is_boolean(v))
		sbuf_adds(sb, pd_label("active", json_is_true(v) ? "yes" : "no"));
	else if (json_is_object(v))	/* an occasion: its date and label */
		sbuf_addf(sb, "%s %s", jstr(v, "date") ? jstr(v, "date") : "",
			  jstr(v, "label") ? jstr(v, "label") : "");
	else {
		char *s = json_dumps(v, JSON_ENCODE_ANY);

		sbuf_adds(sb, s);
		free(s);
	}
}

/* One field of an event, unless it holds nothing (null, empty list). */
void
erecord_detail(struct sbuf *sb, const char *key, json_t *v)
{
	const struct detail_field *f = detail_field(key);
	const char *label = key, *values = f ? f->values : NULL;
	int zh = pd_lang_zh();
	json_t *e;
	size_t i;

	if (json_is_null(v) || (json_is_array(v) && !json_array_size(v)) ||
	    (json_is_string(v) && !*json_string_value(v)))
		return;
	if (f)
		label = pd_label("detail", key);
	sbuf_addf(sb, "%s%s%s", sb->len ? (zh ? "；" : "; ") : "", label,
		  zh ? "：" : ": ");
	if (!json_is_array(v)) {
		add_scalar(sb, v, values);
		return;
	}
	json_array_foreach(v, i, e) {
		if (i)
			sbuf_adds(sb, zh ? "、" : ", ");
		add_scalar(sb, e, values);
	}
}

void
erecord_label(struct sbuf *out, const char *label)
{
	const char *l = _(label);
	size_t w = text_width(l);

	sbuf_addf(out, "%s%*s", l, w < 13 ? (int)(13 - w) : 0, "");
}

static void
erecord_events(json_t *rec, struct table *t)
{
	static const char *const cols[] = {"at", "by", "type", "details"};
	json_t *ev, *v;
	const char *key;
	size_t i;

	table_init(t, 4, cols);
	json_array_foreach(json_object_get(rec, "events"), i, ev) {
		struct sbuf sb;

		table_add_row(t);
		table_set(t, 0, jstr(ev, "at"));
		table_set(t, 1, jstr(ev, "by"));
		table_set(t, 2, jstr(ev, "type"));
		sbuf_init(&sb);
		json_object_foreach(ev, key, v) {
			if (!strcmp(key, "id") || !strcmp(key, "at") ||
			    !strcmp(key, "by") || !strcmp(key, "type"))
				continue;
			erecord_detail(&sb, key, v);
		}
		table_set(t, 3, sb.buf);
		sbuf_release(&sb);
	}
}

/* --history --format csv: one row per commit that changed the record. */
static void
history_table(json_t *hist, struct table *t)
{
	static const char *const cols[] = {
		"commit", "date", "author", "committer", "command", "subject"
	};
	json_t *h;
	size_t i;

	table_init(t, 6, cols);
	json_array_foreach(hist, i, h) {
		table_add_row(t);
		for (size_t c = 0; c < 6; c++)
			table_set(t, c, jstr(h, cols[c]));
	}
}

/* The record as text: what text(rec) says, then its events. */
static int
show_text(json_t *rec, void (*text)(json_t *rec, struct sbuf *sb),
	  struct sbuf *hist)
{
	struct table t;
	struct sbuf sb;
	int rc;

	sbuf_init(&sb);
	text(rec, &sb);
	sbuf_addf(&sb, "\n%s\n", _("events:"));
	fputs(sb.buf, stdout);
	sbuf_release(&sb);
	erecord_events(rec, &t);
	rc = table_write(&t, OUT_TEXT, 0, stdout);
	table_release(&t);
	if (!rc && hist->len)
		fputs(hist->buf, stdout);
	return rc;
}

int
erecord_show(struct store *st, json_t *rec, const char *rel, int history,
	     enum out_format fmt, int raw,
	     void (*text)(json_t *rec, struct sbuf *sb))
{
	struct table t;
	struct sbuf sb;
	json_t *hist;
	size_t len;
	char *data;
	int rc = 0;

	if (history && fmt == OUT_CSV) {
		if (!(rc = audit_history_of(st, rel, &hist))) {
			history_table(hist, &t);
			rc = table_write(&t, fmt, raw, stdout);
			table_release(&t);
		}
		json_decref(hist);
		return rc;
	}
	if (fmt == OUT_JSON && !history) {
		data = record_format(rec, &len);
		fwrite(data, 1, len, stdout);
		free(data);
		return 0;
	}
	sbuf_init(&sb);
	if (history)
		rc = audit_show_history(st, rel, rec, fmt == OUT_JSON, &sb);
	if (!rc && fmt == OUT_JSON)
		fputs(sb.buf, stdout);
	else if (!rc)
		rc = show_text(rec, text, &sb);
	sbuf_release(&sb);
	return rc;
}
