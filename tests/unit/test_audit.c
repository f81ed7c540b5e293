/*
 * Unit tests for the parts of lib/store/audit.c that need no repository:
 * the names of record paths, one --history entry made from a commit and
 * the versions of a record in it and its parents (events added, fields
 * changed, the command, the audit's problems), and its text form.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/audit.h"
#include "plaindesk/util.h"
#include "unit.h"

#define PATH "tickets/2026/11/T-261120-AAAAAA.json"
#define OPEN "{\"id\": \"E-261120-0PEN\", \"at\": \"2026-11-20T10:00:00+08:00\", \"by\": \"Li Na\", \"type\": \"open\"}"
#define ACK "{\"id\": \"E-261120-ACK1\", \"at\": \"2026-11-20T10:05:00+08:00\", \"by\": \"Li Na\", \"type\": \"ack\"}"
#define NOTE "{\"id\": \"E-261120-N0TE\", \"at\": \"2026-11-20T10:06:00+08:00\", \"by\": \"Li Na\", \"type\": \"note\"}"

/* A ticket with a title, a status and events (a JSON list body). */
static char *
ticket(const char *title, const char *status, const char *events)
{
	return xasprintf("{\"id\": \"T-261120-AAAAAA\", \"title\": \"%s\", "
			 "\"state\": {\"status\": \"%s\"}, \"events\": [%s]}",
			 title, status, events);
}

static struct audit_version
version(const char *data)
{
	struct audit_version v = {data, data ? strlen(data) : 0, NULL};

	return v;
}

/* A commit by Li Na at 2026-11-20 10:05 (+08:00) with message msg
 * (its summary: "subject"). */
static void
commit_init(struct vcs_commit *c, const char *msg, size_t nparents)
{
	memset(c, 0, sizeof(*c));
	c->id.id[0] = 0xab;
	c->id.id[1] = 0xcd;
	c->nparents = nparents;
	c->author.name = "Li Na";
	c->author.email = "li@example.com";
	c->author.when = 1795140300;	/* 2026-11-20T02:05:00Z */
	c->author.offset_min = 480;
	c->committer = c->author;
	c->message = (char *)msg;
	c->summary = (char *)"subject";
}

/* The entry of a commit by command (trailers naming the ticket) that
 * turned old (NULL: a root commit without it) into new. */
static json_t *
command_entry(const char *command, const char *old, const char *new)
{
	char *msg = xasprintf("%s: T-261120-AAAAAA\n\n"
			      "Plaindesk-Command: %s\n"
			      "Plaindesk-Record: T-261120-AAAAAA\n",
			      command, command);
	struct audit_version nv = version(new), ov = version(old);
	struct vcs_commit c;
	json_t *e;

	commit_init(&c, msg, old ? 1 : 0);
	e = audit_history_entry(&c, PATH, &nv, &ov);
	free(msg);
	return e;
}

static const char *
member(json_t *o, const char *path)
{
	char *p = xstrdup(path), *key = strtok(p, ".");
	const char *s;

	while (o && key) {
		json_t *next = json_is_array(o) ?
			json_array_get(o, strtoul(key, NULL, 10)) :
			json_object_get(o, key);

		o = next;
		key = strtok(NULL, ".");
	}
	s = json_string_value(o);
	free(p);
	return s ? s : "(none)";
}

/* The text form of one entry. */
static char *
text_of(json_t *entry)
{
	json_t *hist = json_array();
	struct sbuf sb;

	json_array_append(hist, entry);
	sbuf_init(&sb);
	audit_history_text(&sb, hist);
	json_decref(hist);
	return sbuf_detach(&sb, NULL);
}

static void
test_change(void)
{
	char *old = ticket("Projector", "open", OPEN);
	char *new = ticket("Projector", "acknowledged", OPEN ", " ACK);
	json_t *e = command_entry("ticket-update", old, new);
	char *text;

	CHECK_STR(member(e, "commit"), "abcd000000000000000000000000000000000000");
	CHECK_STR(member(e, "date"), "2026-11-20T10:05:00+08:00");
	CHECK_STR(member(e, "author"), "Li Na <li@example.com>");
	CHECK(!json_object_get(e, "committer"));
	CHECK_STR(member(e, "command"), "ticket-update");
	CHECK_INT(json_array_size(json_object_get(e, "added")), 1);
	CHECK_STR(member(e, "added.0.id"), "E-261120-ACK1");
	CHECK_STR(member(e, "added.0.type"), "ack");
	CHECK_INT(json_array_size(json_object_get(e, "changed")), 1);
	CHECK_STR(member(e, "changed.0.field"), "state.status");
	CHECK_STR(member(e, "changed.0.from"), "open");
	CHECK_STR(member(e, "changed.0.to"), "acknowledged");
	CHECK_INT(json_array_size(json_object_get(e, "problems")), 0);
	text = text_of(e);
	CHECK_STR(text, "  abcd00000000  2026-11-20T10:05:00+08:00  "
		  "Li Na <li@example.com>  ticket-update  subject\n"
		  "      + E-261120-ACK1 ack by Li Na at "
		  "2026-11-20T10:05:00+08:00\n"
		  "      state.status: open \u2192 acknowledged\n");
	free(text);
	json_decref(e);
	free(old);
	free(new);
}

/* A commit without trailers that edits the header: its problems. */
static void
test_hand_edit(void)
{
	char *old = ticket("Projector", "open", OPEN);
	char *new = ticket("Beamer", "open", OPEN);
	struct audit_version nv = version(new), ov = version(old);
	struct vcs_commit c;
	json_t *e;
	char *text;

	commit_init(&c, "by hand\n", 1);
	c.committer.name = "Chen Jie";
	c.committer.email = "chen@example.com";
	e = audit_history_entry(&c, PATH, &nv, &ov);
	CHECK_STR(member(e, "command"), "(hand edit)");
	CHECK_STR(member(e, "committer"), "Chen Jie <chen@example.com>");
	CHECK_INT(json_array_size(json_object_get(e, "added")), 0);
	CHECK_STR(member(e, "changed.0.field"), "title");
	CHECK_STR(member(e, "problems.0"),
		  "header-changed: header field title changed");
	CHECK_STR(member(e, "problems.1"), "no-trailers: changed by a "
		  "commit without a Plaindesk-Command trailer");
	CHECK_STR(member(e, "problems.2"),
		  "no-event: changed without adding an event");
	text = text_of(e);
	CHECK_STR(text, "  abcd00000000  2026-11-20T10:05:00+08:00  "
		  "Li Na <li@example.com> (committed by Chen Jie "
		  "<chen@example.com>)  (hand edit)  subject\n"
		  "      title: Projector \u2192 Beamer\n"
		  "    ! header-changed: header field title changed\n"
		  "    ! no-trailers: changed by a commit without a "
		  "Plaindesk-Command trailer\n"
		  "    ! no-event: changed without adding an event\n");
	free(text);
	json_decref(e);
	free(old);
	free(new);
}

/* A merge adds no event a parent has; fields against the first one. */
static void
test_merge(void)
{
	char *p1 = ticket("Projector", "acknowledged", OPEN ", " ACK);
	char *p2 = ticket("Projector", "open", OPEN ", " NOTE);
	char *new = ticket("Projector", "acknowledged",
			   OPEN ", " ACK ", " NOTE);
	struct audit_version nv = version(new);
	struct audit_version ov[2] = {version(p1), version(p2)};
	struct vcs_commit c;
	json_t *e;

	commit_init(&c, "Merge branch 'side'\n", 2);
	e = audit_history_entry(&c, PATH, &nv, ov);
	CHECK_STR(member(e, "command"), "(merge)");
	CHECK_INT(json_array_size(json_object_get(e, "added")), 0);
	CHECK_INT(json_array_size(json_object_get(e, "changed")), 0);
	CHECK_INT(json_array_size(json_object_get(e, "problems")), 0);
	json_decref(e);
	/* An event neither parent has is the audit's merge-added. */
	free(new);
	new = ticket("Projector", "acknowledged", OPEN ", " ACK ", " NOTE
		     ", {\"id\": \"E-261120-M3RG\", \"at\": "
		     "\"2026-11-20T10:07:00+08:00\", \"by\": \"Li Na\", "
		     "\"type\": \"note\"}");
	nv = version(new);
	e = audit_history_entry(&c, PATH, &nv, ov);
	CHECK_STR(member(e, "added.0.id"), "E-261120-M3RG");
	CHECK_STR(strstr(member(e, "problems.0"), "merge-added: ") ?
		  "yes" : member(e, "problems.0"), "yes");
	json_decref(e);
	free(p1);
	free(p2);
	free(new);
}

/* The commit that made the record: its events, no fields. */
static void
test_created(void)
{
	char *new = ticket("Projector", "open", OPEN);
	json_t *e = command_entry("ticket-open", NULL, new);

	CHECK_STR(member(e, "command"), "ticket-open");
	CHECK_STR(member(e, "added.0.type"), "open");
	CHECK_INT(json_array_size(json_object_get(e, "changed")), 0);
	CHECK_INT(json_array_size(json_object_get(e, "problems")), 0);
	json_decref(e);
	free(new);
}

static void
test_paths(void)
{
	char *name;

	CHECK(audit_is_record_path(PATH));
	CHECK(audit_is_record_path("care/C-0012.json"));
	CHECK(!audit_is_record_path("registers/staff.csv"));
	CHECK_STR(name = audit_record_name(PATH), "T-261120-AAAAAA");
	free(name);
	CHECK_STR(name = audit_record_name("care/C-0012.json"), "C-0012");
	free(name);
	CHECK(!audit_record_name("plaindesk.json"));
}

int
main(void)
{
	test_change();
	test_hand_edit();
	test_merge();
	test_created();
	test_paths();
	return unit_done("audit");
}
