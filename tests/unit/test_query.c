/*
 * Unit tests for lib/ticket/query.c (what a query asks for: fields, their
 * confidentiality, the sort, the filter's values) and for the names of
 * ticket event types in lib/ticket/ticket.c.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/ticket.h"
#include "plaindesk/ticket_query.h"
#include "unit.h"

/* ticket_query_init() of spec: its result, q released. */
static int
init_rc(const struct ticket_query_spec *spec)
{
	struct ticket_query q;
	int rc = ticket_query_init(&q, spec);

	ticket_query_release(&q);
	return rc;
}

/* The names of the columns shown, "a,b,c". */
static const char *
shown(const struct ticket_query *q)
{
	static char buf[512];
	struct table t;

	buf[0] = '\0';
	ticket_query_table(q, &t);
	for (size_t i = 0; i < t.ncols; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? "," : "", t.cols[i]);
	table_release(&t);
	return buf;
}

static void
test_fields(void)
{
	struct ticket_query_spec spec = {0};
	struct ticket_query q;

	/* The default columns, id first. */
	CHECK_INT(ticket_query_init(&q, &spec), 0);
	CHECK_STR(shown(&q), "id,status,kind,severity,assignee,resolution_due,title");
	ticket_query_release(&q);
	/* id is always first and never twice. */
	spec.fields = "title,id,level";
	CHECK_INT(ticket_query_init(&q, &spec), 0);
	CHECK_STR(shown(&q), "id,title,level");
	ticket_query_release(&q);
	spec.fields = "nope";
	CHECK_INT(init_rc(&spec), PD_EUSAGE);
	CHECK(strstr(pd_errmsg(), "unknown field 'nope'") != NULL);
	/* Contact details only when allowed; the customer's name always. */
	spec.fields = "customer_name,customer_phone";
	CHECK_INT(init_rc(&spec), PD_EUSAGE);
	CHECK(strstr(pd_errmsg(), "'customer_phone' is contact data") != NULL);
	spec.show_contact = 1;
	CHECK_INT(init_rc(&spec), 0);
	/* Every name of the table can be asked for. */
	for (size_t i = 0; ticket_field_names[i]; i++) {
		spec.fields = ticket_field_names[i];
		CHECK_INT(init_rc(&spec), 0);
	}
}

static void
test_sort(void)
{
	struct ticket_query_spec spec = {.fields = "title"};
	struct ticket_query q;

	/* A field shown is sorted by in place. */
	spec.sort = "-title";
	CHECK_INT(ticket_query_init(&q, &spec), 0);
	CHECK_INT(q.sort_col, 1);
	CHECK_INT(q.sort_desc, 1);
	CHECK_INT(q.nfields, 2);
	ticket_query_release(&q);
	/* One not shown is fetched, not shown. */
	spec.sort = "level";
	CHECK_INT(ticket_query_init(&q, &spec), 0);
	CHECK_INT(q.sort_col, 2);
	CHECK_INT(q.sort_desc, 0);
	CHECK_INT(q.nfields, 3);
	CHECK_STR(shown(&q), "id,title");
	ticket_query_release(&q);
	spec.sort = "-nope";
	CHECK_INT(init_rc(&spec), PD_EUSAGE);
	CHECK(strstr(pd_errmsg(), "cannot sort by 'nope'") != NULL);
	/* Contact details do not order a listing unless they may be shown. */
	spec.sort = "customer_email";
	CHECK_INT(init_rc(&spec), PD_EUSAGE);
	spec.show_contact = 1;
	CHECK_INT(init_rc(&spec), 0);
}

static void
test_filter(void)
{
	struct ticket_query_spec spec = {0};
	struct ticket_query q;

	spec.status = "open,,closed";
	CHECK_INT(ticket_query_init(&q, &spec), 0);
	CHECK_INT(q.status.n, 2);
	ticket_query_release(&q);
	/* A value that is not one of its enum's is bad data (65). */
	spec.status = "open,lost";
	CHECK_INT(init_rc(&spec), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "unknown status 'lost'") != NULL);
	spec.status = NULL;
	spec.kind = "praise";
	CHECK_INT(init_rc(&spec), PD_EDATA);
	spec.kind = "complaint";
	spec.severity = "hgh";
	CHECK_INT(init_rc(&spec), PD_EDATA);
	spec.severity = "major";
	spec.category = "noise";
	CHECK_INT(init_rc(&spec), PD_EDATA);
	spec.category = "venue";
	CHECK_INT(init_rc(&spec), 0);
	/* A time that does not exist is a usage error (64). */
	spec.opened_from = "2026-02-30";
	CHECK_INT(init_rc(&spec), PD_EUSAGE);
	CHECK(strstr(pd_errmsg(), "--opened-from: invalid time") != NULL);
	spec.opened_from = "2026-02-28";
	spec.opened_to = "2026-11-20 24:01";
	CHECK_INT(init_rc(&spec), PD_EUSAGE);
	spec.opened_to = "2026-03-01";
	CHECK_INT(ticket_query_init(&q, &spec), 0);
	CHECK(q.has_from && q.has_to && q.from < q.to);
	ticket_query_release(&q);
}

/* Event types: each name and string in step, and unknown ones named so. */
static void
test_event_types(void)
{
	static const struct {
		enum ticket_event type;
		const char *name;
	} cases[] = {
		{TEV_OPEN, "open"}, {TEV_ACK, "ack"}, {TEV_ASSIGN, "assign"},
		{TEV_NOTE, "note"}, {TEV_CAUSE, "cause"}, {TEV_PLAN, "plan"},
		{TEV_RESOLVE, "resolve"}, {TEV_CLOSE, "close"},
		{TEV_REOPEN, "reopen"}, {TEV_PAUSE, "pause"},
		{TEV_RESUME, "resume"}, {TEV_ESCALATE, "escalate"},
		{TEV_WARN, "warn"}, {TEV_EXTEND, "extend"},
		{TEV_NOTIFIED, "notified"},
		{TEV_PLAN_APPROVED, "plan-approved"},
		{TEV_FOLLOWUP, "followup"}, {TEV_NOTICE, "notice"},
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	json_t *e;

	for (size_t i = 0; i < n; i++) {
		CHECK_STR(event_types[cases[i].type], cases[i].name);
		e = json_pack("{s:s}", "type", cases[i].name);
		CHECK_INT(ticket_event_type(e), cases[i].type);
		json_decref(e);
	}
	CHECK(event_types[n] == NULL);
	e = json_pack("{s:s}", "type", "explode");
	CHECK_INT(ticket_event_type(e), TEV_UNKNOWN);
	json_decref(e);
	e = json_object();
	CHECK_INT(ticket_event_type(e), TEV_UNKNOWN);
	json_decref(e);
	CHECK_STR(escalation_reasons[ESC_RESPONSE_BREACH], "response-breach");
	CHECK_STR(escalation_reasons[ESC_RESOLUTION_BREACH], "resolution-breach");
	CHECK_STR(escalation_reasons[ESC_MANUAL], "manual");
	CHECK_STR(escalation_reasons[ESC_START], "start");
}

int
main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	test_fields();
	test_sort();
	test_filter();
	test_event_types();
	return unit_done("query");
}
