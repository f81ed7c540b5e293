/*
 * kpi-report: the KPIs of DESIGN §7 for an ISO week, a month or a range
 * of days, as text, Markdown, HTML, CSV or JSON, optionally next to the
 * period before; --save keeps the report in the store's reports/ as one
 * commit, --check fails when a target is missed.
 *
 * Reading takes no lock and never touches git: one pass over the tickets,
 * then the meetings, then the customer register.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/cli.h"
#include "plaindesk/kpi.h"
#include "plaindesk/kpi_render.h"

static const char usage_text[] =
	"usage: kpi-report [-C DIR] [--week YYYY-Www | --month YYYY-MM |\n"
	"                  --from DATE --to DATE] [--compare]\n"
	"                  [--format text|md|html|csv|json] [--raw] [--check]\n"
	"                  [--save [--by WHO] [--dry-run]]\n";

enum {
	O_WEEK = OPT_FIRST_LOCAL, O_MONTH, O_FROM, O_TO, O_COMPARE, O_CHECK,
	O_SAVE
};

/* The accumulators every record is fed to: the period and the one before. */
struct feed {
	struct kpi *k[2];
	int n;
	int bad;		/* a record could not be read */
};

static int
feed_record(struct feed *f, const char *rel, json_t *rec,
	    int (*add)(struct kpi *, json_t *))
{
	if (!rec) {
		pd_warn("%s (skipped)", pd_errmsg());
		f->bad = 1;
		return 0;
	}
	for (int i = 0; i < f->n; i++)
		if (add(f->k[i], rec)) {
			pd_warn("%s: %s (skipped)", rel, pd_errmsg());
			f->bad = 1;
			break;
		}
	return 0;
}

static int
each_ticket(void *ctx, const char *rel, json_t *rec)
{
	return feed_record(ctx, rel, rec, kpi_add_ticket);
}

static int
each_meeting(void *ctx, const char *rel, json_t *rec)
{
	return feed_record(ctx, rel, rec, kpi_add_meeting);
}

/* Feed every record and customer once. */
static int
feed_store(struct store *st, struct feed *f)
{
	struct csvtab *cust;
	int rc;

	if ((rc = store_foreach(st, 'T', 0, each_ticket, f)) ||
	    (rc = store_foreach(st, 'M', 0, each_meeting, f)) ||
	    (rc = store_register(st, REG_CUSTOMERS, &cust)))
		return rc;
	for (size_t r = 0; r < cust->nrows; r++)
		for (int i = 0; i < f->n; i++)
			if (kpi_add_customer(f->k[i],
					     csvtab_get(cust, r, "since"),
					     csvtab_get(cust, r, "lost_on"))) {
				pd_warn("%s: line %zu: %s (skipped)",
					register_paths[REG_CUSTOMERS],
					cust->lines[r], pd_errmsg());
				f->bad = 1;
				break;
			}
	return 0;
}

/* Staff ids to names, for the people-facing formats. */
static json_t *
staff_names(struct store *st)
{
	json_t *names = json_object();
	struct csvtab *staff;

	if (store_register(st, REG_STAFF, &staff) == 0)
		for (size_t r = 0; r < staff->nrows; r++)
			json_object_set_new(names, csvtab_get(staff, r, "id"),
					    json_string(csvtab_get(staff, r,
								   "name")));
	pd_clear_error();
	return names;
}

/* Write the report into reports/ as one commit; print its path. */
static int
save_report(struct store *st, const char *by, int dry_run, const char *label,
	    enum kpi_format format, struct sbuf *text)
{
	char *rel = xasprintf("reports/%s.%s", label, kpi_format_ext(format));
	char *old = NULL, *subject;
	struct actor a = {0};
	struct change c;
	size_t oldlen;
	int rc;

	/* Saving the same bytes again changes nothing. */
	if (!dry_run && storefs_read(st->root, rel, &old, &oldlen) == 0 &&
	    oldlen == text->len && memcmp(old, text->buf, oldlen) == 0) {
		puts(rel);
		rc = 0;
		goto out;
	}
	pd_clear_error();
	if ((rc = store_actor(st, by, &a)))
		goto out;
	change_init(&c, st, "kpi-report");
	change_record(&c, label);
	{
		size_t len;
		char *data = sbuf_detach(text, &len);

		change_put(&c, rel, data, len);
	}
	subject = xasprintf("kpi-report: %s saved as %s", label, rel);
	if (dry_run)
		cli_print_dry_run(&c, stdout);
	else if (!(rc = change_commit(&c, &a, subject)))
		puts(rel);
	free(subject);
	change_release(&c);
out:
	actor_release(&a);
	free(old);
	free(rel);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"week", required_argument, NULL, O_WEEK},
		{"month", required_argument, NULL, O_MONTH},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"compare", no_argument, NULL, O_COMPARE},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"raw", no_argument, NULL, OPT_RAW},
		{"check", no_argument, NULL, O_CHECK},
		{"save", no_argument, NULL, O_SAVE},
		{"by", required_argument, NULL, OPT_BY},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	const char *dir = NULL, *week = NULL, *month = NULL, *from = NULL;
	const char *to = NULL, *by = NULL;
	int compare = 0, raw = 0, check = 0, save = 0, dry_run = 0, c, rc;
	enum kpi_format format = KPI_TEXT;
	struct kpi_period period, before;
	struct kpi cur, prev;
	struct feed feed = {{&cur, &prev}, 1, 0};
	struct kpi_render_opts ro = {0};
	json_t *report = NULL;
	struct sbuf text;
	struct store st;

	pd_setprog(argv[0]);
	while ((c = cli_getopt(argc, argv, "C:h", longopts)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case O_WEEK: week = optarg; break;
		case O_MONTH: month = optarg; break;
		case O_FROM: from = optarg; break;
		case O_TO: to = optarg; break;
		case O_COMPARE: compare = 1; break;
		case OPT_FORMAT:
			if (kpi_format_parse(optarg, &format) < 0) {
				pd_error(PD_EUSAGE, "unknown format '%s' (expected text, md, html, csv, json)",
					 optarg);
				return cli_usage_error(usage_text);
			}
			break;
		case OPT_RAW: raw = 1; break;
		case O_CHECK: check = 1; break;
		case O_SAVE: save = 1; break;
		case OPT_BY: by = optarg; break;
		case OPT_DRY_RUN: dry_run = 1; break;
		case 'h': return cli_usage(usage_text, 0);
		case OPT_VERSION: return cli_version();
		default: return cli_usage_error(usage_text);
		}
	}
	if (optind < argc) {
		pd_error(PD_EUSAGE, "unexpected argument '%s'", argv[optind]);
		return cli_usage_error(usage_text);
	}
	if ((week != NULL) + (month != NULL) + (from || to) > 1) {
		pd_error(PD_EUSAGE, "give one period: --week, --month, or --from and --to");
		return cli_usage_error(usage_text);
	}
	if (!from != !to) {
		pd_error(PD_EUSAGE, "--from and --to go together");
		return cli_usage_error(usage_text);
	}
	if (!save && (by || dry_run)) {
		pd_error(PD_EUSAGE, "--by and --dry-run go with --save");
		return cli_usage_error(usage_text);
	}
	if ((rc = store_open(&st, dir)))
		goto out;
	rc = week ? kpi_period_week(&period, week) :
	     month ? kpi_period_month(&period, month) :
	     from ? kpi_period_range(&period, from, to) : 0;
	if (rc) {
		store_close(&st);
		return cli_usage_error(usage_text);
	}
	if (!week && !month && !from)
		kpi_period_default(&period, st.now);
	/* A saved report is made under the lock, after any repair. */
	if (save && !dry_run && (rc = cli_begin_change(&st)))
		goto out;
	kpi_init(&cur, &st.cfg, &period, st.now);
	if (compare) {
		kpi_period_previous(&period, &before);
		kpi_init(&prev, &st.cfg, &before, st.now);
		feed.n = 2;
	}
	sbuf_init(&text);
	if (!(rc = feed_store(&st, &feed))) {
		report = kpi_json(&cur);
		if (compare)
			json_object_set_new(report, "previous", kpi_json(&prev));
		ro.format = format;
		ro.store_root = st.root;
		ro.locale = st.cfg.locale;
		ro.raw = raw;
		ro.generated = st.now;
		ro.staff_names = staff_names(&st);
		rc = kpi_render(report, &ro, &text);
		json_decref(ro.staff_names);
	}
	/* Figures missing records are shown, never saved, and fail. */
	if (!rc && feed.bad && save)
		rc = pd_error(PD_EDATA, "some records could not be read (see above); nothing saved");
	else if (!rc && save)
		rc = save_report(&st, by, dry_run, period.label, format, &text);
	else if (!rc)
		fwrite(text.buf, 1, text.len, stdout);
	if (!rc && feed.bad)
		rc = pd_error(PD_EDATA, "some records could not be read (see above)");
	if (!rc && check && kpi_missed(report))
		rc = PD_MISSED;
	json_decref(report);
	sbuf_release(&text);
	kpi_release(&cur);
	if (compare)
		kpi_release(&prev);
out:
	store_close(&st);
	if (rc == PD_MISSED)
		return cli_finish(rc);
	return rc ? pd_die(rc) : cli_finish(0);
}
