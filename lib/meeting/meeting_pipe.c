/*
 * A meeting's change in the change pipeline, as mtg-plan and mtg-minutes
 * both state it: the meeting a subcommand names, loaded; the commit
 * subject and the id printed once it is staged; the documents written
 * after the commit.
 */
#include <stdlib.h>
#include <string.h>

#include "plaindesk/meetings.h"
#include "plaindesk/record.h"

int
meeting_pipe_load(struct pipe *p, const char *arg, json_t **rec)
{
	char id[ID_LEN + 1];
	int rc;

	*rec = NULL;
	if ((rc = id_resolve(p->st, 'M', arg, id)))
		return rc;
	return meeting_load(p->st, id, rec, NULL);
}

void
meeting_pipe_staged(struct pipe *p, json_t *rec, const char *what)
{
	pipe_subject(p, "%s %s \"%s\"", jstr(rec, "id"), what,
		     jstr(rec, "title"));
	pipe_id(p, jstr(rec, "id"));
}

/*
 * Beside an invitation to FILE.ics (or FILE), the CANCEL to those the
 * updates since the previous send took off the attendees, to
 * FILE-cancel.ics; nothing when nobody was taken off.
 */
static int
uninvite_document(struct pipe *p, json_t *rec, const char *ics)
{
	struct strlist skipped;
	size_t len, n = strlen(ics);
	char *data, *path;
	int rc;

	strlist_init(&skipped);
	rc = meeting_uninvite(p->st, rec, &data, &len, &skipped);
	for (size_t i = 0; i < skipped.n; i++)
		pipe_warn(p, "%s was taken off the attendees but has no e-mail address: no cancellation for them",
			  skipped.items[i]);
	strlist_release(&skipped);
	if (rc || !data)
		return rc;
	if (str_endswith(ics, ".ics"))
		n -= 4;
	path = xasprintf("%.*s-cancel.ics", (int)n, ics);
	rc = pipe_output(p, path, data, len);
	free(path);
	return rc;
}

int
meeting_pipe_documents(struct pipe *p, json_t *rec, int cancel,
		       const char *ics, const char *agenda)
{
	struct sbuf doc;
	char *data;
	size_t len;
	int rc;

	if (ics && ((rc = meeting_invite(p->st, rec, cancel, &data, &len)) ||
		    (rc = pipe_output(p, ics, data, len))))
		return rc;
	if (ics && !cancel && (rc = uninvite_document(p, rec, ics)))
		return rc;
	if (!agenda)
		return 0;
	sbuf_init(&doc);
	rc = meeting_render(p->st, rec, str_endswith(agenda, ".html") ||
			    str_endswith(agenda, ".htm") ? "agenda.html"
			    : "agenda.md", &doc);
	if (rc) {
		sbuf_release(&doc);
		return rc;
	}
	data = sbuf_detach(&doc, &len);
	return pipe_output(p, agenda, data, len);
}
