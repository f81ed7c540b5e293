/*
 * The change pipeline (see include/plaindesk/pipeline.h): the one flow of
 * every changing program, from opening the store to the exit code.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/pipeline.h"

void
pipe_subject(struct pipe *p, const char *fmt, ...)
{
	va_list ap;

	free(p->subject);
	va_start(ap, fmt);
	p->subject = xvasprintf(fmt, ap);
	va_end(ap);
}

void
pipe_id(struct pipe *p, const char *id)
{
	if (!strlist_has(&p->ids, id))
		strlist_add(&p->ids, id);
}

void
pipe_warn(struct pipe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_add_owned(&p->warnings, xvasprintf(pd_gettext(fmt), ap));
	va_end(ap);
}

int
pipe_output(struct pipe *p, const char *path, char *data, size_t len)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct pipe_output *o;
	int ok;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	ok = access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	if (!ok) {
		free(data);
		return pd_error(PD_ECANTCREAT, "cannot write '%s': %s", path,
				strerror(errno));
	}
	p->outputs = xrealloc(p->outputs,
			      (p->noutputs + 1) * sizeof(*p->outputs));
	o = &p->outputs[p->noutputs++];
	o->path = xstrdup(path);
	o->data = data;
	o->len = len;
	return 0;
}

int
pipeline_read(const char *dir, int (*read)(struct store *st, void *arg),
	      void *arg)
{
	struct store st;
	int rc;

	if (!(rc = store_open_reading(&st, dir)))
		rc = read(&st, arg);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}

static void
pipe_release(struct pipe *p)
{
	for (size_t i = 0; i < p->noutputs; i++) {
		free(p->outputs[i].path);
		free(p->outputs[i].data);
	}
	free(p->outputs);
	free(p->subject);
	strlist_release(&p->ids);
	strlist_release(&p->warnings);
}

/* What a dry run shows: the files, those it would write outside, and
 * the warnings the change would give. */
static void
print_dry_run(const struct pipe *p)
{
	cli_print_dry_run(p->ch, stdout);
	for (size_t i = 0; i < p->noutputs; i++)
		printf("--- %s (not written)\n", p->outputs[i].path);
	for (size_t i = 0; i < p->warnings.n; i++)
		pd_warn("%s", p->warnings.items[i]);
}

/* After the commit: the files outside, the notices, the ids. */
static int
finish(struct pipeline *pl, struct pipe *p, const struct notifier *n)
{
	int rc = 0;

	for (size_t i = 0; i < p->noutputs && !rc; i++)
		rc = write_file_atomic(p->outputs[i].path, p->outputs[i].data,
				       p->outputs[i].len);
	if (rc)
		return rc;
	if (p->box) {
		if (pl->deliver == PIPE_DELIVER_IDS)
			outbox_collect_ids(p->box, p->st, &p->ids);
		outbox_deliver(p->box, p->st, n, p->a, pl->command);
		for (size_t i = 0; i < p->box->problems.n; i++)
			pd_warn("%s", p->box->problems.items[i]);
		for (size_t i = 0; i < p->box->changed.n; i++)
			pipe_id(p, p->box->changed.items[i]);
	}
	for (size_t i = 0; i < p->warnings.n; i++)
		pd_warn("%s", p->warnings.items[i]);
	for (size_t i = 0; i < p->ids.n; i++)
		puts(p->ids.items[i]);
	return 0;
}

/*
 * Registers and the configuration edited by hand and not committed
 * would be used unseen, or committed under this command's name.
 */
static int
refuse_hand_edits(struct store *st)
{
	struct strlist changed;
	int rc;

	strlist_init(&changed);
	if (!(rc = vcs_uncommitted(st, store_hand_paths, &changed)) && changed.n) {
		rc = pd_error(PD_EDATA, "%s has uncommitted changes",
			      changed.items[0]);
		pd_hint("commit them with git first, or make them with plaindesk-reg");
	}
	strlist_release(&changed);
	return rc;
}

/* Under the lock (unless a dry run): actor, stage, preview or commit. */
static int
run_locked(struct pipeline *pl, struct pipe *p, const struct notifier *n,
	   void *arg)
{
	struct actor a = {0};
	struct change ch;
	int rc;

	if ((!pl->dry_run && (rc = cli_begin_change(p->st))) ||
	    (rc = refuse_hand_edits(p->st)))
		return rc;
	if ((rc = store_actor(p->st, pl->by, &a)))
		goto out;
	p->a = &a;
	change_init(&ch, p->st, pl->command);
	p->ch = &ch;
	rc = pl->stage(p, arg);
	if (!rc && pl->dry_run) {
		print_dry_run(p);
	} else if (!rc) {
		if (ch.nfiles > 0) {
			char *subject = xasprintf("%s: %s", pl->command,
						  p->subject ? p->subject : "");

			rc = change_commit(&ch, &a, subject);
			free(subject);
		}
		if (!rc)
			rc = finish(pl, p, n);
	}
	change_release(&ch);
out:
	actor_release(&a);
	return rc;
}

int
pipeline_change(struct pipeline *pl, struct store *st, void *arg)
{
	struct notifier notifier = {0};
	struct pipe p = {0};
	struct outbox box;
	int rc;

	strlist_init(&p.ids);
	strlist_init(&p.warnings);
	outbox_init(&box);
	p.st = st;
	p.dry_run = pl->dry_run;
	if (!pl->deliver || !(rc = notifier_load(st, &notifier))) {
		/* Without a notifier nothing is gathered for delivery: a
		 * later run that has one delivers what is undelivered. */
		if (pl->deliver && !pl->dry_run && notifier.command)
			p.box = &box;
		rc = run_locked(pl, &p, &notifier, arg);
	}
	pipe_release(&p);
	outbox_release(&box);
	notifier_release(&notifier);
	return rc;
}

int
pipeline_run(struct pipeline *pl, const char *dir, void *arg)
{
	struct store st;
	int rc;

	if (!(rc = store_open(&st, dir)))
		rc = pipeline_change(pl, &st, arg);
	store_close(&st);
	return rc ? pd_die(rc) : cli_finish(0);
}
