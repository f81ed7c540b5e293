/*
 * Sending acknowledgements (ticket-mail --flush): each pending one goes
 * to sendmail with the store unlocked, then the store is locked and one
 * commit records a notified event for each that was handed over.  A
 * lock of its own keeps two flushes from sending the same one twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/mailack.h"
#include "plaindesk/mailrec.h"
#include "plaindesk/notify.h"
#include "plaindesk/record.h"
#include "plaindesk/tickets.h"
#include "plaindesk/vcs.h"

#define DAY_SECS 86400
/* How old a ticket's pending acknowledgement may be and still go. */
#define ACK_DAYS 7

void
mail_flush_init(struct mail_flush *f)
{
	memset(f, 0, sizeof(*f));
	strlist_init(&f->sent);
	strlist_init(&f->problems);
}

void
mail_flush_release(struct mail_flush *f)
{
	strlist_release(&f->sent);
	strlist_release(&f->problems);
}

/* What collect() gathers: the tickets whose acknowledgement waits. */
struct pending {
	struct store *st;
	int32_t first_day;
	struct strlist ids;
};

static int
collect(void *vctx, const char *rel, json_t *rec)
{
	struct pending *p = vctx;
	char id[ID_LEN + 1];

	(void)rec;
	if (ticket_path_day(rel, id) < p->first_day)
		return 0;
	if (store_load_record(p->st, id, &rec) == 0) {
		if (mail_ack_pending(rec) &&
		    jtime(rec, "opened_at") > p->st->now - ACK_DAYS * DAY_SECS)
			strlist_add(&p->ids, id);
		json_decref(rec);
	}
	pd_clear_error();
	return 0;
}

/* The tickets opened in the last ACK_DAYS whose acknowledgement waits
 * (their ids are dated at most 7 days before they were opened). */
static void
pending_recent(struct store *st, struct strlist *ids)
{
	struct pending p = {st, time_day(st->now - (ACK_DAYS + 7) * DAY_SECS),
			    {0}};
	int y, m, d;

	strlist_init(&p.ids);
	day_to_ymd(p.first_day, &y, &m, &d);
	store_foreach_since(st, 'T', y, m, 1, collect, &p);
	pd_clear_error();
	*ids = p.ids;
}

/* Ticket id, if its acknowledgement waits. */
static void
pending_one(struct store *st, const char *id, struct strlist *ids)
{
	json_t *rec;

	if (store_load_record(st, id, &rec) == 0) {
		if (mail_ack_pending(rec))
			strlist_add(ids, id);
		json_decref(rec);
	}
	pd_clear_error();
}

/* One sent acknowledgement, to be recorded. */
struct sent_ack {
	char id[ID_LEN + 1];
	char *to, *message_id;
};

/* Build and send the acknowledgement of ticket id: 1 if handed over. */
static int
send_one(struct store *st, const struct sendmail *sm, const char *id,
	 struct sent_ack *out, struct mail_flush *f)
{
	json_t *rec;
	char *text = NULL;
	int rc;

	if ((rc = ticket_load(st, id, &rec, NULL)))
		goto fail;
	if (!mail_ack_pending(rec)) {
		json_decref(rec);
		return 0;
	}
	rc = mail_ack_build(st, rec, &text, &out->to, &out->message_id);
	json_decref(rec);
	if (!rc && (rc = notify_run(sm->command, st->root, text, strlen(text),
				    sm->timeout)))
		pd_error(rc, "sendmail: %s", pd_errmsg());
	free(text);
	if (!rc) {
		memcpy(out->id, id, ID_LEN + 1);
		return 1;
	}
	free(out->to);
	free(out->message_id);
fail:
	/* xgettext:c-format */
	strlist_add_owned(&f->problems, xasprintf(_("the acknowledgement of %s was not sent: %s; the next --flush tries again"),
					  id, pd_errmsg()));
	f->failed++;
	return 0;
}

/* Record a notified event for each sent one, in one commit. */
static int
record_sent(struct store *st, const struct actor *a, struct sent_ack *done,
	    size_t n, struct mail_flush *f)
{
	struct change c;
	char *subject;
	int rc;

	if ((rc = store_lock(st)) || (rc = vcs_recover(st)))
		return rc;
	change_init(&c, st, "ticket-mail");
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *rec, *ev;

		if ((rc = ticket_load(st, done[i].id, &rec, NULL)))
			break;
		ev = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "notified",
			       "event", jstr(json_array_get(json_object_get(
					rec, "events"), 0), "id"),
			       "channel", "email", "to", done[i].to,
			       "message_id", done[i].message_id);
		if (mail_ack_pending(rec))
			rc = ticket_append_event(st, rec, ev, a, st->now, &c,
						 NULL);
		else
			json_decref(ev);
		json_decref(rec);
		if (!rc)
			strlist_add(&f->sent, done[i].id);
	}
	subject = f->sent.n == 1 ?
		xasprintf("ticket-mail: %s acknowledged", f->sent.items[0]) :
		xasprintf("ticket-mail: %zu acknowledged", f->sent.n);
	if (!rc && c.nfiles > 0)
		rc = change_commit(&c, a, subject);
	if (rc)
		strlist_release(&f->sent);
	free(subject);
	change_release(&c);
	store_unlock(st);
	return rc;
}

/* Send every one of ids; record those handed over. */
static int
send_all(struct store *st, const struct actor *a, const struct sendmail *sm,
	 const struct strlist *ids, struct mail_flush *f)
{
	struct sent_ack *done = xcalloc(ids->n + 1, sizeof(*done));
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < ids->n; i++)
		n += (size_t)send_one(st, sm, ids->items[i], &done[n], f);
	if (n > 0 && (rc = record_sent(st, a, done, n, f)))
		pd_error(rc, "%zu acknowledgement%s sent but not recorded: %s (they are sent again)",
			 n, n == 1 ? "" : "s", pd_errmsg());
	for (size_t i = 0; i < n; i++) {
		free(done[i].to);
		free(done[i].message_id);
	}
	free(done);
	return rc;
}

int
mail_flush_run(struct store *st, const char *by, const char *only,
	       struct mail_flush *f)
{
	struct sendmail sm = {0};
	struct strlist ids;
	struct actor a = {0};
	int lockfd, rc;

	if ((rc = sendmail_load(st, &sm)) || (rc = store_actor(st, by, &a)))
		goto out;
	if ((lockfd = store_side_lock(st, "plaindesk-mail.lock", -1)) < 0) {
		rc = pd_error(PD_EBUSY, "another ticket-mail --flush is sending; try again");
		goto out;
	}
	strlist_init(&ids);
	if (only)
		pending_one(st, only, &ids);
	else
		pending_recent(st, &ids);
	if (!sm.command)
		f->waiting = (int)ids.n;
	else
		rc = send_all(st, &a, &sm, &ids, f);
	if (!rc && f->failed)
		rc = pd_error(PD_EBUSY, "%d acknowledgement%s not sent; the next --flush tries again",
			      f->failed, f->failed == 1 ? " was" : "s were");
	strlist_release(&ids);
	close(lockfd);
out:
	actor_release(&a);
	sendmail_release(&sm);
	return rc;
}

void
mail_flush_spawn(const char *self, const char *root, const char *id,
		 const char *by)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return;
	if (pid == 0) {
		if (dup2(2, 1) < 0)
			_exit(126);
		if (by)
			execl(self, "ticket-mail", "-C", root, "--flush",
			      "--only", id, "--by", by, (char *)NULL);
		else
			execl(self, "ticket-mail", "-C", root, "--flush",
			      "--only", id, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}
