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

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/kpi.h"
#include "plaindesk/kpi_render.h"
#include "plaindesk/opt.h"
#include "plaindesk/out.h"
#include "plaindesk/storefs.h"
#include "plaindesk/pipeline.h"
#include "plaindesk/ticket.h"
#include "plaindesk/ticket_summary.h"

/* What was asked for, and what was made. */
struct report {
	const char *week, *month, *from, *to, *format_name;
	enum kpi_format format;
	int compare, check, save;
	struct out_opts out;	/* --raw, --bom, -o FILE */
	struct kpi_period period;
	struct sbuf text;	/* the report rendered */
	int missed;		/* a target was missed */
	int bad;		/* a record could not be read */
};

/* The accumulators every record is fed to: the period and the one before. */
struct feed {
	struct kpi *k[2];
	int n;
	int bad;		/* a record could not be read */
	const struct config *cfg;
	struct ticket_summary_memo memo;	/* of the record summarized */
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
	struct feed *f = ctx;
	struct ticket_summary s;

	/* Summarized just now: checked and folded once for every report. */
	if (ticket_summary_recall(&f->memo, rec, &s)) {
		for (int i = 0; i < f->n; i++)
			kpi_add_summarized(f->k[i], rec, &s);
		return 0;
	}
	return feed_record(f, rel, rec, kpi_add_ticket);
}

/* A ticket's summary: its record is read only if a figure may need it. */
static int
each_summary(void *ctx, const char *rel, const void *bytes, size_t len)
{
	struct feed *f = ctx;
	struct ticket_summary s;

	(void)rel;
	if (ticket_summary_read(bytes, len, &s))
		return SUMMARY_NEED_RECORD;
	for (int i = 0; i < f->n; i++)
		if (kpi_ticket_matters(f->k[i], &s))
			return SUMMARY_NEED_RECORD;
	return 0;
}

static void *
summarize(void *ctx, const char *rel, json_t *rec, size_t *len)
{
	struct feed *f = ctx;

	return ticket_summary_bytes(rec, rel, f->cfg, len, &f->memo);
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
	const struct summary_ops ops = {
		TICKET_SUMMARY_VERSION, summarize, each_summary, each_ticket
	};
	struct csvtab *cust;
	int rc;

	if ((rc = store_foreach_summary(st, 'T', &ops, f)) ||
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

/* The period asked for (default: the last complete ISO week before now). */
static int
period_of(const struct report *r, struct kpi_period *p, time_t now)
{
	if (r->week)
		return kpi_period_week(p, r->week);
	if (r->month)
		return kpi_period_month(p, r->month);
	if (r->from)
		return kpi_period_range(p, r->from, r->to);
	kpi_period_default(p, now);
	return 0;
}

/* Read the store once and render the report into r->text. */
static int
make_report(struct store *st, struct report *r)
{
	struct kpi cur, prev;
	struct feed feed = {{&cur, &prev}, 1, 0, &st->cfg, {NULL, {0}}};
	struct kpi_render_opts ro = {0};
	struct kpi_period before;
	json_t *report;
	int rc;

	if ((rc = period_of(r, &r->period, st->now)))
		return rc;
	kpi_init(&cur, &st->cfg, &r->period, st->now);
	if (r->compare) {
		kpi_period_previous(&r->period, &before);
		kpi_init(&prev, &st->cfg, &before, st->now);
		feed.n = 2;
	}
	if (!(rc = feed_store(st, &feed))) {
		report = kpi_json(&cur);
		if (r->compare)
			json_object_set_new(report, "previous", kpi_json(&prev));
		ro.format = r->format;
		ro.store_root = st->root;
		ro.locale = st->cfg.locale;
		ro.raw = r->out.raw;
		ro.bom = r->out.bom;
		ro.generated = st->now;
		ro.staff_names = staff_names(st);
		rc = kpi_render(report, &ro, &r->text);
		r->missed = kpi_missed(report);
		json_decref(ro.staff_names);
		json_decref(report);
	}
	r->bad = feed.bad;
	kpi_release(&cur);
	if (r->compare)
		kpi_release(&prev);
	return rc;
}

/* --save: the report into reports/ as one commit; its path printed. */
static int
stage(struct pipe *p, void *arg)
{
	struct report *r = arg;
	char *rel, *old = NULL, *data;
	size_t len;
	int rc, same;

	/* A saved report is made under the lock, after any repair. */
	if ((rc = make_report(p->st, r)))
		return rc;
	/* Figures missing records are shown, never saved, and fail. */
	if (r->bad)
		return pd_error(PD_EDATA, "some records could not be read (see above); nothing saved");
	rel = xasprintf("reports/%s.%s", r->period.label,
			kpi_format_ext(r->format));
	/* Saving the same bytes again changes nothing. */
	same = !p->dry_run && storefs_read(p->st->root, rel, &old, &len) == 0 &&
	       len == r->text.len && memcmp(old, r->text.buf, len) == 0;
	pd_clear_error();
	if (!same) {
		change_record(p->ch, r->period.label);
		data = sbuf_detach(&r->text, &len);
		change_put(p->ch, rel, data, len);
		pipe_subject(p, "%s saved as %s", r->period.label, rel);
	}
	pipe_id(p, rel);
	free(old);
	free(rel);
	return 0;
}

/* Without --save: the report on standard output. */
static int
print_report(const char *dir, struct report *r)
{
	struct store st;
	int rc;

	if (!(rc = store_open_reading(&st, dir)) && !(rc = make_report(&st, r))) {
		rc = out_write(r->out.path, r->text.buf, r->text.len);
		if (!rc && r->bad)
			rc = pd_error(PD_EDATA, "some records could not be read (see above)");
	}
	store_close(&st);
	return rc;
}

/* What the option table cannot say; 0 or a usage message. */
static int
check_request(struct report *r, const struct pipeline *pl)
{
	struct kpi_period p;

	if (enum_check(kpi_format_names, "format", r->format_name))
		return PD_EUSAGE;
	kpi_format_parse(r->format_name, &r->format);
	if ((r->week != NULL) + (r->month != NULL) + (r->from || r->to) > 1)
		return pd_error(PD_EUSAGE, "give one period: --week, --month, or --from and --to");
	if (!r->from != !r->to)
		return pd_error(PD_EUSAGE, "--from and --to go together");
	if (!r->save && (pl->by || pl->dry_run))
		return pd_error(PD_EUSAGE, "--by and --dry-run go with --save");
	/* A saved report goes into the store, a printed one to -o FILE. */
	if (r->save && r->out.path)
		return pd_error(PD_EUSAGE, "-o goes without --save");
	if (!r->save && out_check_dest(r->format == KPI_XLSX, r->out.path))
		return PD_EUSAGE;
	/* The period's bounds depend on the store's time zone and are
	 * made again once it is open; whether it exists does not. */
	if ((r->week || r->month || r->from) && period_of(r, &p, 0))
		return PD_EUSAGE;
	return 0;
}

int
main(int argc, char **argv)
{
	struct report r = {.format_name = "text"};
	struct pipeline pl = {.command = "kpi-report", .stage = stage};
	struct opt opts[] = {
		OPT_STRING("week", &r.week, "YYYY-Www", "an ISO week (2026-W47)"),
		OPT_STRING("month", &r.month, "YYYY-MM", "a month (2026-11)"),
		OPT_STRING("from", &r.from, "DATE",
			   "the first day of a range of days"),
		OPT_STRING("to", &r.to, "DATE",
			   "the day after the range (exclusive)"),
		OPT_FLAG("compare", &r.compare,
			 "add the period before, of the same length"),
		OPT_FULL(OPT_T_STRING, "format", &r.format_name, "FORMAT",
			 kpi_format_names, NULL, NULL,
			 "the output format (default: text)"),
		OUT_OPTS(&r.out, NULL),
		OPT_FLAG("check", &r.check, "exit 1 if a target is missed"),
		OPT_FLAG("save", &r.save,
			 "write reports/PERIOD.EXT in the store and commit it"),
		OPT_BY(&pl.by),
		OPT_DRY_RUN(&pl.dry_run),
		OPT_END
	};
	struct program prog = {
		.summary = N_("The KPIs of customer service and meetings for a week, a month or a range of days (default: the last complete ISO week)."),
		.opts = opts
	};
	struct cli cli;
	int rc;

	sbuf_init(&r.text);
	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (check_request(&r, &pl)) {
		rc = opt_usage_error(&prog);
	} else if (r.save) {
		if (!(rc = pipeline_run(&pl, cli.dir, &r)) && r.check &&
		    r.missed)
			rc = PD_MISSED;
	} else if (!(rc = print_report(cli.dir, &r)) && r.check && r.missed) {
		rc = cli_finish(PD_MISSED);
	} else {
		rc = rc ? pd_die(rc) : cli_finish(0);
	}
out:
	sbuf_release(&r.text);
	cli_release(&cli);
	return rc;
}
