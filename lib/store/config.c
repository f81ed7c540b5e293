/*
 * plaindesk.json: the defaults of DESIGN §5 and their validation.  Every
 * error names the key that is wrong.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/config.h"
#include "plaindesk/i18n.h"
#include "plaindesk/ticket.h"
#include "plaindesk/util.h"

const char *const staff_roles[] = {"agent", "manager", "gm", "admin", NULL};

static const char *const target_keys[] = {
	"response_sla_rate", "resolution_sla_rate", "fcr_rate",
	"satisfaction_rate", "complaint_success_rate",
	"meeting_on_time_rate", "topic_achievement_rate",
	"action_on_time_rate", NULL
};

static const char *const weekday_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL
};

int
role_rank(const char *role)
{
	return role ? str_index(staff_roles, role) : -1;
}

json_t *
config_default(const char *timezone, const char *locale)
{
	json_error_t err;
	json_t *cfg = json_loads(
	    "{\"schema\": 1, \"timezone\": \"Asia/Shanghai\", \"locale\": \"en\","
	    "\"calendar\": {\"workdays\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"],"
	    " \"hours\": [\"09:00-18:00\"]},"
	    "\"sla_clock\": \"business\", \"warn_at\": 0.8,"
	    "\"ladder\": [\"agent\", \"manager\", \"gm\"],"
	    "\"sla\": {"
	    "\"complaint/major\": {\"response\": \"1h\", \"resolution\": \"2d\", \"start_level\": 2, \"extension_approver\": \"gm\", \"plan_approver\": \"manager\"},"
	    "\"complaint/important\": {\"response\": \"1h\", \"resolution\": \"3d\", \"start_level\": 1, \"extension_approver\": \"gm\"},"
	    "\"complaint/general\": {\"response\": \"10m\", \"resolution\": \"2d\", \"start_level\": 0, \"extension_approver\": \"manager\"},"
	    "\"inquiry\": {\"response\": \"1h\", \"resolution\": \"1wd\", \"start_level\": 0, \"extension_approver\": \"manager\"},"
	    "\"inquiry@online\": {\"response\": \"1m\"},"
	    "\"suggestion\": {\"response\": \"3wd\", \"resolution\": \"5wd\", \"start_level\": 0, \"extension_approver\": \"manager\"},"
	    "\"request\": {\"response\": \"1h\", \"resolution\": \"2d\", \"start_level\": 0, \"extension_approver\": \"manager\"}},"
	    "\"meetings\": {\"start_grace\": \"5m\", \"agenda_lead\": \"1wd\", \"minutes_within\": \"1wd\", \"approver_role\": \"manager\"},"
	    "\"targets\": {\"response_sla_rate\": 0.95, \"resolution_sla_rate\": 0.90, \"fcr_rate\": 0.80,"
	    " \"satisfaction_rate\": 0.90, \"complaint_success_rate\": 0.90,"
	    " \"meeting_on_time_rate\": 0.90, \"topic_achievement_rate\": 0.80, \"action_on_time_rate\": 0.85},"
	    "\"score_weights\": {\"quality\": 0.4, \"efficiency\": 0.3, \"satisfaction\": 0.3},"
	    "\"care\": {\"followup\": {\"kinds\": [\"complaint\"], \"after\": \"3wd\", \"unsatisfied_after\": \"1wd\", \"retry\": \"1wd\", \"attempts\": 3},"
	    " \"visit_every\": {\"vip\": \"30d\", \"key\": \"90d\"}},"
	    "\"kb\": {\"publisher_role\": \"manager\", \"review_every\": \"90d\"},"
	    "\"contact_roles\": [\"manager\", \"gm\", \"admin\"],"
	    "\"event\": {\"equipment_test_before\": \"1h\", \"currency\": \"CNY\","
	    " \"budget_approver_role\": \"manager\", \"inspector_role\": \"manager\"},"
	    "\"mail\": {\"from\": \"\", \"name\": \"\", \"kind\": \"inquiry\", \"unknown_sender\": \"new\", \"ack\": true,"
	    " \"max_acks_per_hour\": 5, \"max_bytes\": 10485760, \"fallback_charsets\": [\"UTF-8\", \"GB18030\"]}}",
	    JSON_PRESERVE_ORDER, &err);

	if (timezone)
		json_object_set_new(cfg, "timezone", json_string(timezone));
	if (locale)
		json_object_set_new(cfg, "locale", json_string(locale));
	return cfg;
}

static int
bad(const char *key, const char *what)
{
	return pd_error(PD_ECONFIG, "plaindesk.json: %s: %s", key, what);
}

static int
get_string(json_t *obj, const char *key, const char *path, char *out,
	   size_t outsz, const char *def)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (!def)
			return bad(path, "missing");
		snprintf(out, outsz, "%s", def);
		return 0;
	}
	if (!json_is_string(v))
		return bad(path, "must be a string");
	if (json_string_length(v) >= outsz || json_string_length(v) == 0)
		return bad(path, "empty or too long");
	snprintf(out, outsz, "%s", json_string_value(v));
	return 0;
}

static int
get_duration(json_t *obj, const char *key, const char *path,
	     struct duration *d, const char *def)
{
	json_t *v = json_object_get(obj, key);
	const char *s = def;

	if (v) {
		if (!json_is_string(v))
			return bad(path, "must be a duration such as \"1h\"");
		s = json_string_value(v);
	} else if (!def) {
		return bad(path, "missing");
	}
	if (duration_parse(s, d) < 0)
		return pd_error(PD_ECONFIG,
				"plaindesk.json: %s: invalid duration '%s'",
				path, s);
	return 0;
}

static int
get_rate(json_t *obj, const char *key, const char *path, double *out,
	 double def)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		*out = def;
		return 0;
	}
	if (!json_is_number(v))
		return bad(path, "must be a number");
	*out = json_number_value(v);
	if (!(*out >= 0 && *out <= 1))
		return bad(path, "must be between 0 and 1");
	return 0;
}

static int
parse_calendar(struct config *cfg, json_t *cal)
{
	json_t *days, *hours, *v;
	size_t i;

	calendar_init(&cfg->cal);
	if (!cal)
		return 0;
	if (!json_is_object(cal))
		return bad("calendar", "must be an object");
	if ((days = json_object_get(cal, "workdays"))) {
		if (!json_is_array(days))
			return bad("calendar.workdays", "must be a list");
		cfg->cal.workdays = 0;
		json_array_foreach(days, i, v) {
			int wd = json_is_string(v) ?
				 str_index(weekday_names, json_string_value(v)) : -1;

			if (wd < 0)
				return pd_error(PD_ECONFIG,
				    "plaindesk.json: calendar.workdays: unknown day (expected %s)",
				    str_join_list(weekday_names));
			cfg->cal.workdays |= 1u << wd;
		}
		if (!cfg->cal.workdays)
			return bad("calendar.workdays",
				   "must name at least one working day");
	}
	if ((hours = json_object_get(cal, "hours"))) {
		if (!json_is_array(hours) || json_array_size(hours) == 0 ||
		    json_array_size(hours) > CAL_MAX_SPANS)
			return bad("calendar.hours",
				   "must be a list of 1 to 8 spans such as \"09:00-18:00\"");
		cfg->cal.nspans = 0;
		json_array_foreach(hours, i, v) {
			struct cal_span sp;

			if (!json_is_string(v) ||
			    span_parse(json_string_value(v), &sp) < 0)
				return bad("calendar.hours",
					   "invalid span (expected HH:MM-HH:MM)");
			if (i > 0 && sp.start < cfg->cal.spans[i - 1].end)
				return bad("calendar.hours",
					   "spans must be in order and not overlap");
			cfg->cal.spans[cfg->cal.nspans++] = sp;
		}
	}
	return 0;
}

/*
 * Split a rule key KIND[/SEVERITY][@QUALIFIER] and check its parts:
 * 0, or PD_ECONFIG naming the key.
 */
static int
parse_rule_key(const char *key, char kind[16], char severity[16],
	       char qualifier[16])
{
	const char *slash = strchr(key, '/'), *at = strchr(key, '@');
	const char *end = slash ? slash : at ? at : key + strlen(key);

	kind[0] = severity[0] = qualifier[0] = '\0';
	if (strlen(key) >= sizeof(((struct sla_rule *)0)->key) ||
	    (at && slash && slash > at) || (size_t)(end - key) >= 16)
		return pd_error(PD_ECONFIG,
		    "plaindesk.json: sla.%s: not a rule key (expected KIND[/SEVERITY][@CHANNEL|@TIER])",
		    key);
	snprintf(kind, 16, "%.*s", (int)(end - key), key);
	if (slash)
		snprintf(severity, 16, "%.*s",
			 (int)((at ? at : key + strlen(key)) - slash - 1),
			 slash + 1);
	if (at)
		snprintf(qualifier, 16, "%s", at + 1);
	if (str_index(ticket_kinds, kind) < 0)
		return pd_error(PD_ECONFIG,
		    "plaindesk.json: sla.%s: unknown kind '%s' (expected %s)",
		    key, kind, str_join_list(ticket_kinds));
	if (slash && strcmp(kind, "complaint") != 0)
		return pd_error(PD_ECONFIG,
		    "plaindesk.json: sla.%s: only complaints have a severity",
		    key);
	if (slash && str_index(complaint_severities, severity) < 0)
		return pd_error(PD_ECONFIG,
		    "plaindesk.json: sla.%s: unknown severity '%s' (expected %s)",
		    key, severity, str_join_list(complaint_severities));
	if (at && str_index(ticket_channels, qualifier) < 0 &&
	    str_index(customer_tiers, qualifier) < 0) {
		char *channels = xstrdup(str_join_list(ticket_channels));
		int rc = pd_error(PD_ECONFIG,
		    "plaindesk.json: sla.%s: unknown channel or tier '%s' (expected %s, %s)",
		    key, qualifier, channels, str_join_list(customer_tiers));

		free(channels);
		return rc;
	}
	return 0;
}

char *
config_rule_label(const char *key)
{
	char kind[16], severity[16], qualifier[16];

	if (!key || parse_rule_key(key, kind, severity, qualifier)) {
		pd_clear_error();
		return xstrdup(key ? key : "");
	}
	return xasprintf("%s%s%s%s%s", pd_label("kind", kind),
			 *severity ? "/" : "",
			 *severity ? pd_label("severity", severity) : "",
			 *qualifier ? "@" : "",
			 !*qualifier ? "" :
			 str_index(ticket_channels, qualifier) >= 0 ?
			 pd_label("channel", qualifier) :
			 pd_label("tier", qualifier));
}

/* A role: 0, or PD_ECONFIG naming path. */
static int
check_role(const char *path, const char *role)
{
	if (role_rank(role) >= 0)
		return 0;
	return pd_error(PD_ECONFIG,
			"plaindesk.json: %s: unknown role '%s' (expected %s)",
			path, role, str_join_list(staff_roles));
}

/* A role field of a rule: 0, or PD_ECONFIG naming it. */
static int
get_role(json_t *rule, const char *field, const char *key, char out[16])
{
	char path[96];
	int rc;

	snprintf(path, sizeof(path), "sla.%s.%s", key, field);
	if ((rc = get_string(rule, field, path, out, 16, "manager")))
		return rc;
	return check_role(path, out);
}

/* One rule: the fields it gives, each checked. */
static int
parse_rule(struct config *cfg, const char *key, json_t *rule,
	   struct sla_rule *r)
{
	char path[96];
	json_t *lv;
	int rc;

	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	if (!json_is_object(rule))
		return pd_error(PD_ECONFIG,
		    "plaindesk.json: sla.%s: must be an object", key);
	if (json_object_get(rule, "response")) {
		snprintf(path, sizeof(path), "sla.%s.response", key);
		if ((rc = get_duration(rule, "response", path, &r->response,
				       NULL)))
			return rc;
		r->has |= RULE_RESPONSE;
	}
	if (json_object_get(rule, "resolution")) {
		snprintf(path, sizeof(path), "sla.%s.resolution", key);
		if ((rc = get_duration(rule, "resolution", path,
				       &r->resolution, NULL)))
			return rc;
		r->has |= RULE_RESOLUTION;
	}
	if ((lv = json_object_get(rule, "start_level"))) {
		if (!json_is_integer(lv) || json_integer_value(lv) < 0 ||
		    json_integer_value(lv) >= cfg->nladder)
			return pd_error(PD_ECONFIG,
			    "plaindesk.json: sla.%s.start_level: must be a ladder level from 0 to %d",
			    key, cfg->nladder - 1);
		r->start_level = (int)json_integer_value(lv);
		r->has |= RULE_START_LEVEL;
	}
	if (json_object_get(rule, "extension_approver")) {
		if ((rc = get_role(rule, "extension_approver", key,
				   r->extension_approver)))
			return rc;
		r->has |= RULE_EXTENSION_APPROVER;
	}
	if (json_object_get(rule, "plan_approver")) {
		if ((rc = get_role(rule, "plan_approver", key,
				   r->plan_approver)))
			return rc;
		r->has |= RULE_PLAN_APPROVER;
	}
	return 0;
}

static const struct sla_rule *
find_rule(const struct config *cfg, const char *key)
{
	for (int i = 0; i < cfg->nsla; i++)
		if (strcmp(cfg->sla[i].key, key) == 0)
			return &cfg->sla[i];
	return NULL;
}

/*
 * Every kind, and every severity of a complaint, needs a response and a
 * resolution time from its unqualified rules (K/S, then K), so that the
 * rule of any ticket is complete.
 */
static int
check_base_rules(const struct config *cfg)
{
	static const char *const none[] = {"", NULL};

	for (int k = 0; ticket_kinds[k]; k++) {
		int complaint = strcmp(ticket_kinds[k], "complaint") == 0;
		const char *const *sevs = complaint ? complaint_severities : none;

		for (int s = 0; sevs[s]; s++) {
			const char *want[] = {"response", "resolution"};
			const unsigned bits[] = {RULE_RESPONSE, RULE_RESOLUTION};
			const struct sla_rule *ks, *kk;
			char key[48];

			snprintf(key, sizeof(key), "%s%s%s", ticket_kinds[k],
				 *sevs[s] ? "/" : "", sevs[s]);
			ks = *sevs[s] ? find_rule(cfg, key) : NULL;
			kk = find_rule(cfg, ticket_kinds[k]);
			if (!ks && !kk)
				return pd_error(PD_ECONFIG,
				    "plaindesk.json: sla.%s: missing", key);
			for (int f = 0; f < 2; f++)
				if (!(ks && (ks->has & bits[f])) &&
				    !(kk && (kk->has & bits[f])))
					return pd_error(PD_ECONFIG,
					    "plaindesk.json: sla.%s.%s: missing",
					    ks ? ks->key : kk->key, want[f]);
		}
	}
	return 0;
}

static int
parse_sla(struct config *cfg, json_t *sla)
{
	const char *key;
	json_t *rule;
	int rc;

	if (!sla)
		return bad("sla", "missing");
	if (!json_is_object(sla))
		return bad("sla", "must be an object");
	json_object_foreach(sla, key, rule) {
		char kind[16], severity[16], qualifier[16];

		if ((rc = parse_rule_key(key, kind, severity, qualifier)))
			return rc;
		if (cfg->nsla >= SLA_RULES_MAX)
			return bad("sla", "too many rules");
		if ((rc = parse_rule(cfg, key, rule, &cfg->sla[cfg->nsla])))
			return rc;
		cfg->nsla++;
	}
	return check_base_rules(cfg);
}

/* An optional object at root.key: 0, or PD_ECONFIG if not an object. */
static int
get_object(json_t *root, const char *key, const char *path, json_t **obj)
{
	*obj = json_object_get(root, key);
	if (*obj && !json_is_object(*obj))
		return bad(path, "must be an object");
	return 0;
}

/* "care.followup": which kinds are called back, how often and when. */
static int
parse_followup(struct care_config *cc, json_t *fu)
{
	json_t *v;
	size_t i;
	int rc;

	cc->followup_kinds = 1u << str_index(ticket_kinds, "complaint");
	if ((v = json_object_get(fu, "kinds"))) {
		if (!json_is_array(v))
			return bad("care.followup.kinds", "must be a list of kinds");
		cc->followup_kinds = 0;
		for (i = 0; i < json_array_size(v); i++) {
			const char *kind = json_string_value(
				json_array_get(v, i));
			int k = kind ? str_index(ticket_kinds, kind) : -1;

			if (k < 0)
				return pd_error(PD_ECONFIG,
				    "plaindesk.json: care.followup.kinds: unknown kind (expected %s)",
				    str_join_list(ticket_kinds));
			cc->followup_kinds |= 1u << k;
		}
	}
	v = json_object_get(fu, "attempts");
	cc->attempts = v ? (int)json_integer_value(v) : 3;
	if (v && (!json_is_integer(v) || cc->attempts < 1 ||
		  cc->attempts > 100))
		return bad("care.followup.attempts", "must be a number from 1 to 100");
	if ((rc = get_duration(fu, "after", "care.followup.after", &cc->after,
			       "3wd")) ||
	    (rc = get_duration(fu, "unsatisfied_after",
			       "care.followup.unsatisfied_after",
			       &cc->unsatisfied_after, "1wd")) ||
	    (rc = get_duration(fu, "retry", "care.followup.retry", &cc->retry,
			       "1wd")))
		return rc;
	return 0;
}

/* "care.visit_every": how often each tier of customer is visited. */
static int
parse_visits(struct care_config *cc, json_t *visit)
{
	const char *key;
	json_t *v;
	int rc = 0;

	if (!visit)
		visit = json_pack("{s:s, s:s}", "vip", "30d", "key", "90d");
	else
		json_incref(visit);
	json_object_foreach(visit, key, v) {
		char path[64];
		int t = str_index(customer_tiers, key);

		snprintf(path, sizeof(path), "care.visit_every.%s", key);
		if (t < 0)
			rc = pd_error(PD_ECONFIG,
				      "plaindesk.json: %s: unknown tier (expected %s)",
				      path, str_join_list(customer_tiers));
		else
			rc = get_duration(visit, key, path,
					  &cc->visit_every[t], NULL);
		if (rc)
			break;
	}
	json_decref(visit);
	return rc;
}

/* "kb": who publishes articles and how often they are reviewed. */
static int
parse_kb(struct care_config *cc, json_t *kb)
{
	int rc;

	if ((rc = get_string(kb, "publisher_role", "kb.publisher_role",
			     cc->publisher_role, sizeof(cc->publisher_role),
			     "manager")) ||
	    (rc = check_role("kb.publisher_role", cc->publisher_role)) ||
	    (rc = get_duration(kb, "review_every", "kb.review_every",
			       &cc->review_every, "90d")))
		return rc;
	return 0;
}

/* "contact_roles": the roles a customer may be put in touch with. */
static int
parse_contact_roles(struct care_config *cc, json_t *root)
{
	json_t *roles = json_object_get(root, "contact_roles"), *v;
	size_t i;
	int rc;

	if (!roles) {
		static const char *const def[] = {"manager", "gm", "admin"};

		for (i = 0; i < 3; i++)
			snprintf(cc->contact_roles[i], 16, "%s", def[i]);
		cc->ncontact_roles = 3;
		return 0;
	}
	if (!json_is_array(roles) || json_array_size(roles) > 4)
		return bad("contact_roles", "must be a list of at most 4 roles");
	json_array_foreach(roles, i, v) {
		const char *r = json_string_value(v);

		if ((rc = check_role("contact_roles", r ? r : "")))
			return rc;
		snprintf(cc->contact_roles[cc->ncontact_roles++], 16, "%s", r);
	}
	return 0;
}

/* "care", "kb" and "contact_roles" (DESIGN §5), each with its defaults. */
static int
parse_care(struct care_config *cc, json_t *root)
{
	json_t *care, *fu, *visit, *kb;
	int rc;

	if ((rc = get_object(root, "care", "care", &care)) ||
	    (rc = get_object(care, "followup", "care.followup", &fu)) ||
	    (rc = get_object(care, "visit_every", "care.visit_every",
			     &visit)) ||
	    (rc = get_object(root, "kb", "kb", &kb)))
		return rc;
	if ((rc = parse_followup(cc, fu)) || (rc = parse_visits(cc, visit)) ||
	    (rc = parse_kb(cc, kb)))
		return rc;
	return parse_contact_roles(cc, root);
}

/* The 会务 settings (DESIGN §8); every key has a default. */
static int
parse_event(struct config *cfg, json_t *ev)
{
	const char *c;
	int rc;

	if (ev && !json_is_object(ev))
		return bad("event", "must be an object");
	if ((rc = get_duration(ev, "equipment_test_before",
			       "event.equipment_test_before",
			       &cfg->equipment_test_before, "1h")) ||
	    (rc = get_string(ev, "currency", "event.currency", cfg->currency,
			     sizeof(cfg->currency), "CNY")) ||
	    (rc = get_string(ev, "budget_approver_role",
			     "event.budget_approver_role",
			     cfg->budget_approver_role,
			     sizeof(cfg->budget_approver_role), "manager")) ||
	    (rc = check_role("event.budget_approver_role",
			     cfg->budget_approver_role)) ||
	    (rc = get_string(ev, "inspector_role", "event.inspector_role",
			     cfg->inspector_role, sizeof(cfg->inspector_role),
			     "manager")) ||
	    (rc = check_role("event.inspector_role", cfg->inspector_role)))
		return rc;
	for (c = cfg->currency; *c; c++)
		if (*c < 'A' || *c > 'Z')
			break;
	if (*c || strlen(cfg->currency) != 3)
		return bad("event.currency",
			   "must be an ISO 4217 code such as \"CNY\"");
	return 0;
}

/* "timezone" and "locale", which the clock and the messages follow. */
static int
parse_locale(struct config *cfg, json_t *root)
{
	int rc;

	if ((rc = get_string(root, "timezone", "timezone", cfg->timezone,
			     sizeof(cfg->timezone), "Asia/Shanghai")))
		return rc;
	if (clock_set_timezone(cfg->timezone) < 0)
		return pd_error(PD_ECONFIG,
				"plaindesk.json: timezone: unknown time zone '%s'",
				cfg->timezone);
	if ((rc = get_string(root, "locale", "locale", cfg->locale,
			     sizeof(cfg->locale), "en")))
		return rc;
	if (!pd_locale_name(cfg->locale))
		return bad("locale", N_("must be en or zh-CN"));
	/* zh_CN is zh-CN, the name templates/ knows. */
	snprintf(cfg->locale, sizeof(cfg->locale), "%s",
		 pd_locale_name(cfg->locale));
	pd_lang_store(cfg->locale);
	return 0;
}

/* "sla_clock", "warn_at" and "ladder": how deadlines run and escalate. */
static int
parse_escalation(struct config *cfg, json_t *root)
{
	json_t *v, *lad;
	size_t i;
	int rc;

	v = json_object_get(root, "sla_clock");
	if (v && (!json_is_string(v) ||
		  (strcmp(json_string_value(v), "business") &&
		   strcmp(json_string_value(v), "calendar"))))
		return bad("sla_clock", "must be business or calendar");
	cfg->sla_business = !v || strcmp(json_string_value(v), "business") == 0;
	if ((rc = get_rate(root, "warn_at", "warn_at", &cfg->warn_at, 0.8)))
		return rc;
	lad = json_object_get(root, "ladder");
	if (!json_is_array(lad) || json_array_size(lad) == 0 ||
	    json_array_size(lad) > LADDER_MAX)
		return bad("ladder", "must be a list of 1 to 8 roles");
	json_array_foreach(lad, i, v) {
		if (!json_is_string(v) ||
		    role_rank(json_string_value(v)) < 0)
			return pd_error(PD_ECONFIG,
			    "plaindesk.json: ladder: unknown role (expected %s)",
			    str_join_list(staff_roles));
		snprintf(cfg->ladder[i], sizeof(cfg->ladder[i]), "%s",
			 json_string_value(v));
		cfg->nladder++;
	}
	return 0;
}

/* "meetings": the grace, lead and publishing times and the approver. */
static int
parse_meetings(struct config *cfg, json_t *root)
{
	json_t *mt = json_object_get(root, "meetings");
	int rc;

	if (mt && !json_is_object(mt))
		return bad("meetings", "must be an object");
	if ((rc = get_duration(mt, "start_grace", "meetings.start_grace",
			       &cfg->start_grace, "5m")) ||
	    (rc = get_duration(mt, "agenda_lead", "meetings.agenda_lead",
			       &cfg->agenda_lead, "1wd")) ||
	    (rc = get_duration(mt, "minutes_within",
			       "meetings.minutes_within", &cfg->minutes_within,
			       "1wd")) ||
	    (rc = get_string(mt, "approver_role", "meetings.approver_role",
			     cfg->approver_role, sizeof(cfg->approver_role),
			     "manager")))
		return rc;
	if (role_rank(cfg->approver_role) < 0)
		return pd_error(PD_ECONFIG,
		    "plaindesk.json: meetings.approver_role: unknown role '%s' (expected %s)",
		    cfg->approver_role, str_join_list(staff_roles));
	return 0;
}

/* "targets" and "score_weights": the goals and weights of the KPIs. */
static int
parse_targets(struct config *cfg, json_t *root)
{
	json_t *tg = json_object_get(root, "targets"), *sw, *v;
	const char *key;
	int rc;

	if (tg && !json_is_object(tg))
		return bad("targets", "must be an object");
	json_object_foreach(tg, key, v) {
		char path[64];
		struct target *t;

		snprintf(path, sizeof(path), "targets.%s", key);
		if (str_index(target_keys, key) < 0)
			return pd_error(PD_ECONFIG,
			    "plaindesk.json: %s: unknown target (expected %s)",
			    path, str_join_list(target_keys));
		if (cfg->ntargets >= 16)
			return bad("targets", "too many");
		t = &cfg->targets[cfg->ntargets++];
		snprintf(t->name, sizeof(t->name), "%s", key);
		if ((rc = get_rate(tg, key, path, &t->value, 0)))
			return rc;
	}
	sw = json_object_get(root, "score_weights");
	if (sw && !json_is_object(sw))
		return bad("score_weights", "must be an object");
	if ((rc = get_rate(sw, "quality", "score_weights.quality",
			   &cfg->w_quality, 0.4)) ||
	    (rc = get_rate(sw, "efficiency", "score_weights.efficiency",
			   &cfg->w_efficiency, 0.3)) ||
	    (rc = get_rate(sw, "satisfaction", "score_weights.satisfaction",
			   &cfg->w_satisfaction, 0.3)))
		return rc;
	return 0;
}

int
config_parse(struct config *cfg, json_t *root)
{
	json_t *v;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	calendar_init(&cfg->cal);
	if (!json_is_object(root))
		return pd_error(PD_ECONFIG, "plaindesk.json: not a JSON object");
	v = json_object_get(root, "schema");
	if (!json_is_integer(v) || json_integer_value(v) != 1)
		return bad("schema", "must be 1");
	cfg->schema = 1;
	if ((rc = parse_locale(cfg, root)))
		return rc;
	calendar_release(&cfg->cal);
	if ((rc = parse_calendar(cfg, json_object_get(root, "calendar"))) ||
	    (rc = parse_escalation(cfg, root)) ||
	    (rc = parse_sla(cfg, json_object_get(root, "sla"))) ||
	    (rc = parse_meetings(cfg, root)) ||
	    (rc = parse_targets(cfg, root)) ||
	    (rc = parse_care(&cfg->care, root)) ||
	    (rc = parse_event(cfg, json_object_get(root, "event"))))
		return rc;
	return config_parse_mail(cfg, json_object_get(root, "mail"));
}

void
config_release(struct config *cfg)
{
	calendar_release(&cfg->cal);
}

int
config_rule(const struct config *cfg, const char *kind,
	    const char *severity, const char *channel, const char *tier,
	    struct sla_rule *out)
{
	char base[2][48], keys[6][112];
	int nkeys = 0, nbase = 0;
	unsigned need;

	memset(out, 0, sizeof(*out));
	if (!kind)
		return 0;
	if (strcmp(kind, "complaint") == 0)
		snprintf(base[nbase++], sizeof(base[0]), "complaint/%s",
			 severity ? severity : "general");
	snprintf(base[nbase++], sizeof(base[0]), "%s", kind);
	/* K/S@tier, K/S@channel, K/S, then the same for K. */
	for (int b = 0; b < nbase; b++) {
		if (tier && *tier)
			snprintf(keys[nkeys++], sizeof(keys[0]), "%s@%s",
				 base[b], tier);
		if (channel && *channel)
			snprintf(keys[nkeys++], sizeof(keys[0]), "%s@%s",
				 base[b], channel);
		snprintf(keys[nkeys++], sizeof(keys[0]), "%s", base[b]);
	}
	for (int i = 0; i < nkeys; i++) {
		const struct sla_rule *r = find_rule(cfg, keys[i]);
		unsigned take;

		if (!r)
			continue;
		if (!out->key[0])
			snprintf(out->key, sizeof(out->key), "%s", r->key);
		take = r->has & ~out->has;
		if (take & RULE_RESPONSE)
			out->response = r->response;
		if (take & RULE_RESOLUTION)
			out->resolution = r->resolution;
		if (take & RULE_START_LEVEL)
			out->start_level = r->start_level;
		if (take & RULE_EXTENSION_APPROVER)
			memcpy(out->extension_approver,
			       r->extension_approver,
			       sizeof(out->extension_approver));
		if (take & RULE_PLAN_APPROVER)
			memcpy(out->plan_approver, r->plan_approver,
			       sizeof(out->plan_approver));
		out->has |= take;
	}
	if (!(out->has & RULE_EXTENSION_APPROVER))
		snprintf(out->extension_approver,
			 sizeof(out->extension_approver), "manager");
	need = RULE_RESPONSE | RULE_RESOLUTION;
	return out->key[0] && (out->has & need) == need;
}
