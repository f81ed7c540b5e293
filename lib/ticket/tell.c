/*
 * Telling the customer (告知客户预计回复时间): what the notifier gets for
 * a ticket's customer notice.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/deliver.h"
#include "plaindesk/record.h"

/* The desk's address: mail.from of the configuration, or null. */
static json_t *
desk_address(struct store *st)
{
	const char *from = jstr(json_object_get(st->config_json, "mail"),
				"from");

	return from && *from ? json_string(from) : json_null();
}

json_t *
customer_notice(struct store *st, json_t *rec, size_t index)
{
	json_t *ev = json_array_get(json_object_get(rec, "events"), index);
	json_t *recipients = json_array(), *o;
	const char *cid = jstr(rec, "customer");
	struct csvtab *cust;
	long r = -1;

	if (store_register(st, REG_CUSTOMERS, &cust) == 0)
		r = csvtab_find(cust, "id", cid);
	if (r >= 0) {
		char *emails = xstrdup(csvtab_get(cust, (size_t)r, "email"));
		char *save = NULL;

		/* A customer's email may hold several addresses. */
		for (char *a = strtok_r(emails, ";", &save); a;
		     a = strtok_r(NULL, ";", &save)) {
			a += strspn(a, " \t");
			a[strcspn(a, " \t")] = '\0';
			if (*a)
				json_array_append_new(recipients, json_pack(
					"{s:s, s:s, s:s, s:s}", "id", cid,
					"name", csvtab_get(cust, (size_t)r, "name"),
					"email", a, "role", "customer"));
		}
		free(emails);
	}
	o = json_object();
	json_object_set_new(o, "event", json_string(jstr(ev, "id")));
	json_object_set_new(o, "type", json_string("customer"));
	json_object_set_new(o, "ticket", json_string(jstr(rec, "id")));
	json_object_set_new(o, "title", json_string(jstr(rec, "title")));
	json_object_set_new(o, "customer", json_string(cid));
	json_object_set_new(o, "from", desk_address(st));
	json_object_set(o, "due", json_object_get(ev, "due") ?
			json_object_get(ev, "due") : json_null());
	json_object_set(o, "message", json_object_get(ev, "message") ?
			json_object_get(ev, "message") : json_null());
	json_object_set_new(o, "target", json_array_size(recipients) ?
			    json_incref(json_array_get(recipients, 0)) :
			    json_null());
	json_object_set_new(o, "recipients", recipients);
	return o;
}
