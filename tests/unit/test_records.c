/*
 * Unit tests of the record layer: CSV tables, canonical record bytes,
 * configuration validation, ids, and the ticket fold.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/config.h"
#include "plaindesk/csvtab.h"
#include "plaindesk/record.h"
#include "plaindesk/store.h"
#include "plaindesk/ticket.h"
#include "unit.h"

static void
test_csv(void)
{
	struct csvtab t;
	const char *in = "\xEF\xBB\xBFid,name,extra\r\nC-1,\"Acme, Ltd\",x\r\n"
			 "C-2,\"say \"\"hi\"\"\",\"two\nlines\"\r\nC-3,北京,\r\n";
	char *out;
	size_t len;

	csvtab_init(&t);
	CHECK_INT(csvtab_parse(&t, in, strlen(in), "t.csv"), 0);
	CHECK_INT(t.ncols, 3);
	CHECK_STR(t.header[0], "id");	/* the BOM is dropped */
	CHECK_INT(t.nrows, 3);
	CHECK_STR(csvtab_get(&t, 0, "name"), "Acme, Ltd");
	CHECK_STR(csvtab_get(&t, 1, "name"), "say \"hi\"");
	CHECK_STR(csvtab_get(&t, 1, "extra"), "two\nlines");
	CHECK_STR(csvtab_get(&t, 2, "name"), "北京");
	CHECK_INT(t.lines[2], 5);
	CHECK_INT(csvtab_find(&t, "id", "C-3"), 2);
	CHECK_INT(csvtab_find(&t, "id", "C-9"), -1);
	{
		const char *cols[] = {"name", "id"};
		const char *vals[] = {"New", "C-4"};

		csvtab_append(&t, cols, vals, 2);
	}
	out = csvtab_format(&t, &len);
	CHECK_STR(out, "id,name,extra\nC-1,\"Acme, Ltd\",x\n"
		       "C-2,\"say \"\"hi\"\"\",\"two\nlines\"\nC-3,北京,\n"
		       "C-4,New,\n");
	free(out);
	csvtab_release(&t);

	CHECK_INT(csvtab_parse(&t, "a,b\n1\n", 6, "t.csv"), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "line 2: 1 fields, expected 2") != NULL);
	CHECK_INT(csvtab_parse(&t, "a,b\n\"1,2\n", 9, "t.csv"), PD_EDATA);
	CHECK_INT(csvtab_parse(&t, "a,b\n1,\xff\n", 7, "t.csv"), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "UTF-8") != NULL);
	CHECK_INT(csvtab_parse(&t, "a,b\n1,\0\n", 7, "t.csv"), PD_EDATA);
	CHECK_INT(csvtab_parse(&t, "a,a\n1,2\n", 8, "t.csv"), PD_EDATA);
	CHECK_INT(csvtab_parse(&t, "", 0, "t.csv"), PD_EDATA);
	CHECK_INT(csvtab_parse(&t, "a,b\n", 4, "t.csv"), 0);
	CHECK_INT(t.nrows, 0);
	csvtab_release(&t);

	/* Rows that do not read are kept aside, each with its reason. */
	{
		static const char in[] = "a,b\n1\n2,x\n3,\xff\n4,y,z\n5,w\n";

		CHECK_INT(csvtab_parse_rows(&t, in, sizeof(in) - 1, "t.csv"),
			  PD_EDATA);
		CHECK_STR(pd_errmsg(), "t.csv: line 2: 1 fields, expected 2");
		CHECK_INT(t.nrows, 2);
		CHECK_INT(t.lines[1], 6);
		CHECK_INT(t.row_problems.n, 3);
		if (t.row_problems.n == 3) {
			CHECK_STR(t.row_problems.items[1],
				  "t.csv: line 4: not valid UTF-8");
			CHECK_STR(t.row_problems.items[2],
				  "t.csv: line 5: 3 fields, expected 2");
		}
		csvtab_release(&t);
	}
}

static void
test_record_format(void)
{
	const char *messy =
		"{\"events\": [{\"type\": \"open\", \"by\": \"S-li\", "
		"\"at\": \"2026-11-22T09:14:00+08:00\", \"id\": \"E-261122-4KD2\"}],"
		" \"title\": \"投影仪\", \"state\": {\"paused\": false, \"status\": \"open\"},"
		" \"id\": \"T-261122-K7QF2A\", \"kind\": \"inquiry\", \"x-extra\": [1, 2]}";
	const char *want =
		"{\n"
		"  \"id\": \"T-261122-K7QF2A\",\n"
		"  \"kind\": \"inquiry\",\n"
		"  \"title\": \"投影仪\",\n"
		"  \"state\": {\n"
		"    \"status\": \"open\",\n"
		"    \"paused\": false\n"
		"  },\n"
		"  \"events\": [\n"
		"    {\"id\": \"E-261122-4KD2\", \"at\": \"2026-11-22T09:14:00+08:00\", \"by\": \"S-li\", \"type\": \"open\"}\n"
		"  ],\n"
		"  \"x-extra\": [1, 2]\n"
		"}\n";
	json_t *rec, *again;
	char *out, *out2;
	size_t len, len2;

	CHECK_INT(record_parse(messy, strlen(messy), "r", &rec), 0);
	out = record_format(rec, &len);
	CHECK_STR(out, want);
	CHECK_INT(record_parse(out, len, "r", &again), 0);
	out2 = record_format(again, &len2);
	CHECK_STR(out2, out);	/* canonical bytes are a fixed point */
	free(out);
	free(out2);
	json_decref(rec);
	json_decref(again);
	CHECK_INT(record_parse("{\"a\": 1, \"a\": 2}", 16, "r", &rec), PD_EDATA);
	CHECK_INT(record_parse("[1]", 3, "r", &rec), PD_EDATA);
	CHECK_INT(record_parse("{\"a\": ", 6, "r", &rec), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "r: line 1") != NULL);
}

static void
test_ids(void)
{
	char *p;

	CHECK(id_valid('T', "T-261122-K7QF2A"));
	CHECK(!id_valid('M', "T-261122-K7QF2A"));
	CHECK(!id_valid('T', "T-261122-K7QF2I"));	/* I is not Crockford */
	CHECK(!id_valid('T', "T-261322-K7QF2A"));	/* month 13 */
	CHECK(!id_valid('T', "T-261122-K7QF2"));
	CHECK(!id_valid('T', "T-261122-K7QF2AA"));
	CHECK(!id_valid('T', "T-26112/-K7QF2A"));
	CHECK(!id_valid('T', "../../etc/passwd"));
	CHECK(!id_valid('T', NULL));
	p = id_relpath("T-261122-K7QF2A");
	CHECK_STR(p, "tickets/2026/11/T-261122-K7QF2A.json");
	free(p);
	p = id_relpath("M-270102-9QW1ZC");
	CHECK_STR(p, "meetings/2027/01/M-270102-9QW1ZC.json");
	free(p);
	CHECK(event_id_valid("E-261122-4KD2"));
	CHECK(!event_id_valid("E-261122-4KD"));
	CHECK(!event_id_valid("X-261122-4KD2"));
}

static void
test_config(void)
{
	struct config cfg;
	json_t *root = config_default(NULL, NULL);

	CHECK_INT(config_parse(&cfg, root), 0);
	CHECK_INT(cfg.nladder, 3);
	CHECK_STR(cfg.ladder[2], "gm");
	CHECK(cfg.sla_business);
	{
		struct sla_rule r;

		CHECK_INT(config_rule(&cfg, "complaint", "major", "phone",
				      "vip", &r), 1);
		CHECK_STR(r.key, "complaint/major");
		CHECK_INT(r.start_level, 2);
		CHECK_STR(r.plan_approver, "manager");
		CHECK_INT(config_rule(&cfg, "complaint", "general", NULL, NULL,
				      &r), 1);
		CHECK_INT(r.response.n, 10);
		CHECK_STR(r.plan_approver, "");
		CHECK_INT(config_rule(&cfg, "inquiry", NULL, "email", "key",
				      &r), 1);
		CHECK_INT(r.resolution.unit, DUR_WORKDAYS);
		/* Online service answers within a minute; the rest is the
		 * inquiry rule's. */
		CHECK_INT(config_rule(&cfg, "inquiry", NULL, "online", "key",
				      &r), 1);
		CHECK_STR(r.key, "inquiry@online");
		CHECK_INT(r.response.n, 1);
		CHECK_INT(r.resolution.unit, DUR_WORKDAYS);
		CHECK_INT(r.resolution.n, 1);
		CHECK_STR(r.extension_approver, "manager");
		CHECK_INT(config_rule(&cfg, "bogus", NULL, NULL, NULL, &r), 0);
	}
	CHECK_INT(cfg.ntargets, 8);
	config_release(&cfg);

	json_object_set_new(json_object_get(json_object_get(root, "sla"),
					    "inquiry"),
			    "response", json_string("-5m"));
	CHECK_INT(config_parse(&cfg, root), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "sla.inquiry.response") != NULL);
	config_release(&cfg);
	json_decref(root);

	root = config_default(NULL, NULL);
	json_object_set_new(root, "warn_at", json_real(1.5));
	CHECK_INT(config_parse(&cfg, root), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "warn_at") != NULL);
	config_release(&cfg);
	json_object_set_new(root, "warn_at", json_real(0.5));
	json_array_append_new(json_object_get(root, "ladder"),
			      json_string("emperor"));
	CHECK_INT(config_parse(&cfg, root), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "ladder") != NULL);
	config_release(&cfg);
	json_decref(root);
}

/* Parse plaindesk.json's defaults with sla.KEY set to rule (JSON). */
static int
parse_with_rule(struct config *cfg, const char *key, const char *rule)
{
	json_t *root = config_default(NULL, NULL);
	json_error_t err;
	int rc;

	if (rule)
		json_object_set_new(json_object_get(root, "sla"), key,
				    json_loads(rule, 0, &err));
	else
		json_object_del(json_object_get(root, "sla"), key);
	rc = config_parse(cfg, root);
	config_release(cfg);
	json_decref(root);
	return rc;
}

/*
 * Rule keys KIND[/SEVERITY][@QUALIFIER]: the lookup order of DESIGN §5
 * (K/S@tier, K/S@channel, K/S, K@tier, K@channel, K), each field from
 * the first rule in that order that gives it, and keys checked.
 */
static void
test_rule_keys(void)
{
	struct config cfg;
	struct sla_rule r;
	json_t *root = config_default(NULL, NULL), *sla;
	json_error_t err;

	sla = json_object_get(root, "sla");
	json_object_set_new(sla, "complaint/general@vip",
			    json_loads("{\"response\": \"5m\"}", 0, &err));
	json_object_set_new(sla, "complaint/general@phone",
			    json_loads("{\"response\": \"7m\", \"start_level\": 1}",
				       0, &err));
	json_object_set_new(sla, "complaint@key",
			    json_loads("{\"resolution\": \"1d\", \"plan_approver\": \"gm\"}",
				       0, &err));
	json_object_set_new(sla, "complaint",
			    json_loads("{\"extension_approver\": \"admin\"}", 0,
				       &err));
	json_object_set_new(sla, "suggestion@social",
			    json_loads("{\"resolution\": \"2wd\"}", 0, &err));
	CHECK_INT(config_parse(&cfg, root), 0);

	/* The tier comes before the channel. */
	CHECK_INT(config_rule(&cfg, "complaint", "general", "phone", "vip",
			      &r), 1);
	CHECK_STR(r.key, "complaint/general@vip");
	CHECK_INT(r.response.n, 5);
	/* start_level from K/S@channel, resolution from K/S. */
	CHECK_INT(r.start_level, 1);
	CHECK_INT(r.resolution.unit, DUR_DAYS);
	CHECK_INT(r.resolution.n, 2);
	/* The severity's rules come before the kind's: K/S wins over
	 * K@tier, whose plan_approver it does not give. */
	CHECK_INT(config_rule(&cfg, "complaint", "general", "email", "key",
			      &r), 1);
	CHECK_STR(r.key, "complaint/general");
	CHECK_INT(r.resolution.n, 2);
	CHECK_STR(r.plan_approver, "gm");
	CHECK_STR(r.extension_approver, "manager");
	CHECK_INT(config_rule(&cfg, "complaint", "general", "phone", NULL,
			      &r), 1);
	CHECK_STR(r.key, "complaint/general@phone");
	CHECK_INT(r.response.n, 7);
	CHECK_STR(r.plan_approver, "");
	CHECK_INT(config_rule(&cfg, "suggestion", NULL, "social", "vip", &r),
		  1);
	CHECK_STR(r.key, "suggestion@social");
	CHECK_INT(r.response.n, 3);
	CHECK_INT(r.resolution.n, 2);
	config_release(&cfg);
	json_decref(root);

	/* Keys: an unknown channel or tier, kind or severity is refused. */
	CHECK_INT(parse_with_rule(&cfg, "inquiry@fax", "{}"), PD_ECONFIG);
	CHECK_STR(pd_errmsg(), "plaindesk.json: sla.inquiry@fax: unknown channel or tier 'fax' (expected onsite, phone, email, online, social, other, vip, key, general, potential)");
	CHECK_INT(parse_with_rule(&cfg, "complaint/general@", "{}"),
		  PD_ECONFIG);
	CHECK_INT(parse_with_rule(&cfg, "praise", "{}"), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "unknown kind 'praise'") != NULL);
	CHECK_INT(parse_with_rule(&cfg, "inquiry/major", "{}"), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "only complaints have a severity") != NULL);
	CHECK_INT(parse_with_rule(&cfg, "complaint/huge", "{}"), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "unknown severity 'huge'") != NULL);
	CHECK_INT(parse_with_rule(&cfg, "complaint/major@vip/x", "{}"),
		  PD_ECONFIG);
	CHECK_INT(parse_with_rule(&cfg, "request@vip",
				  "{\"plan_approver\": \"boss\"}"), PD_ECONFIG);
	CHECK(strstr(pd_errmsg(), "sla.request@vip.plan_approver: unknown role 'boss'") != NULL);
	CHECK_INT(parse_with_rule(&cfg, "request@vip", "{\"start_level\": 3}"),
		  PD_ECONFIG);
	CHECK_INT(parse_with_rule(&cfg, "request@vip", "{\"response\": \"1w\"}"),
		  PD_ECONFIG);
	/* A kind without its rule, or one without a resolution time. */
	CHECK_INT(parse_with_rule(&cfg, "request", NULL), PD_ECONFIG);
	CHECK_STR(pd_errmsg(), "plaindesk.json: sla.request: missing");
	CHECK_INT(parse_with_rule(&cfg, "request", "{\"response\": \"1h\"}"),
		  PD_ECONFIG);
	CHECK_STR(pd_errmsg(), "plaindesk.json: sla.request.resolution: missing");
	/* A store written before qualified rules and plan review. */
	root = config_default(NULL, NULL);
	json_object_del(json_object_get(root, "sla"), "inquiry@online");
	json_object_del(json_object_get(json_object_get(root, "sla"),
					"complaint/major"), "plan_approver");
	CHECK_INT(config_parse(&cfg, root), 0);
	CHECK_INT(config_rule(&cfg, "inquiry", NULL, "online", "vip", &r), 1);
	CHECK_STR(r.key, "inquiry");
	CHECK_INT(r.response.n, 60);
	CHECK_INT(config_rule(&cfg, "complaint", "major", "online", "vip", &r),
		  1);
	CHECK_STR(r.plan_approver, "");
	config_release(&cfg);
	json_decref(root);
}

static json_t *
ticket(const char *events)
{
	char *text = xasprintf(
		"{\"id\": \"T-261120-AAAAAA\", \"kind\": \"complaint\","
		" \"channel\": \"phone\", \"customer\": \"C-1\", \"meeting\": null,"
		" \"category\": \"venue\", \"severity\": \"general\","
		" \"title\": \"t\", \"description\": \"\","
		" \"opened_at\": \"2026-11-20T17:55:00+08:00\", \"state\": {},"
		" \"events\": [%s]}", events);
	json_t *rec;

	record_parse(text, strlen(text), "t", &rec);
	free(text);
	return rec;
}

#define EV(id, at, type, extra) \
	"{\"id\": \"E-261120-" id "\", \"at\": \"" at "\", \"by\": \"x\"," \
	" \"type\": \"" type "\"" extra "}"

static void
test_fold(void)
{
	struct config cfg;
	json_t *root = config_default(NULL, NULL);
	struct ticket_state st;
	char buf[TIME_BUFSZ];
	json_t *rec;

	config_parse(&cfg, root);
	rec = ticket(EV("0001", "2026-11-20T17:55:00+08:00", "open", ""));
	CHECK_INT(ticket_validate(rec), 0);
	ticket_fold(rec, &cfg, &st);
	CHECK_INT(st.status, ST_OPEN);
	CHECK_STR(time_format(st.response_due, buf), "2026-11-23T09:05:00+08:00");
	CHECK_INT(ticket_action_allowed(&st, "ack"), 0);
	CHECK_INT(ticket_action_allowed(&st, "close"), PD_EDATA);
	CHECK(strstr(pd_errmsg(), "cannot close a ticket that is open (allowed: ack, assign, note, pause, escalate, extend)") != NULL);
	json_decref(rec);

	rec = ticket(EV("0001", "2026-11-20T17:55:00+08:00", "open", "") ","
		     EV("0002", "2026-11-23T09:00:00+08:00", "ack", "") ","
		     EV("0003", "2026-11-23T10:00:00+08:00", "resolve", "") ","
		     EV("0004", "2026-11-23T11:00:00+08:00", "close",
			", \"satisfaction\": 2, \"accepted\": false") ","
		     EV("0005", "2026-11-23T12:00:00+08:00", "reopen",
			", \"reason\": \"still broken\""));
	CHECK_INT(ticket_validate(rec), 0);
	ticket_fold(rec, &cfg, &st);
	CHECK_INT(st.status, ST_INVESTIGATING);
	CHECK(st.reopened);
	CHECK_INT(st.closed_at, 0);
	CHECK_STR(time_format(st.responded_at, buf), "2026-11-23T09:00:00+08:00");
	json_decref(rec);

	/* Out of order, duplicate ids and bad fields are refused. */
	rec = ticket(EV("0001", "2026-11-20T17:55:00+08:00", "open", "") ","
		     EV("0002", "2026-11-19T09:00:00+08:00", "ack", ""));
	CHECK_INT(ticket_validate(rec), PD_EDATA);
	json_decref(rec);
	rec = ticket(EV("0001", "2026-11-20T17:55:00+08:00", "open", "") ","
		     EV("0001", "2026-11-21T09:00:00+08:00", "ack", ""));
	CHECK_INT(ticket_validate(rec), PD_EDATA);
	json_decref(rec);
	rec = ticket(EV("0001", "2026-11-20T17:55:00+08:00", "open", "") ","
		     EV("0002", "2026-11-21T09:00:00+08:00", "close",
			", \"satisfaction\": 9, \"accepted\": true"));
	CHECK_INT(ticket_validate(rec), PD_EDATA);
	json_decref(rec);
	config_release(&cfg);
	json_decref(root);
}

int
main(void)
{
	clock_set_timezone("Asia/Shanghai");
	test_csv();
	test_record_format();
	test_ids();
	test_config();
	test_rule_keys();
	test_fold();
	return unit_done("records");
}
