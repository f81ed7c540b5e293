/*
 * The knowledge base (客户知识库, DESIGN §1, §2): articles under
 * kb/YYYY/MM/K-YYMMDD-XXXXXX.json whose text is the fold of their write
 * and revise events; publishing, reviewing and retiring them; listing and
 * searching.
 */
#ifndef PLAINDESK_KB_H
#define PLAINDESK_KB_H

#include <jansson.h>
#include "out.h"
#include "store.h"
#include "vcs.h"

extern const char *const kb_statuses[];		/* draft published retired */
extern const char *const kb_event_types[];	/* write revise publish ... */
extern const char *const kb_actions[];		/* revise publish review retire */

/*
 * The state of article rec folded from its events (a new object, keys as
 * DESIGN §2): write sets every field (version 1), revise the fields it
 * names (version + 1), publish, review and a revise of a published
 * article take review_due from the event, retire retires.
 */
json_t *kb_fold(json_t *rec);

/* Validate an article: 0, or PD_EDATA with a message (no path prefix). */
int kb_validate(json_t *rec);

/* What kb new and kb revise are asked for; strings are borrowed. */
struct kb_request {
	const char *title, *problem, *solution, *from_ticket;
	const char *reason, *message;
	struct strlist tags, kinds, categories, causes;
};

void kb_request_init(struct kb_request *r);
void kb_request_release(struct kb_request *r);

/*
 * Stage a new draft article into c: from the request's fields, or from
 * the resolved or closed ticket req->from_ticket (title, problem,
 * solution, kind, category, cause and the ticket, never the customer;
 * contact details in the text masked).  The id and the commit subject
 * (caller frees) come back.
 */
int kb_new_stage(struct store *st, const struct kb_request *req,
		 const struct actor *a, struct change *c, char id[ID_LEN + 1],
		 char **subject);

/*
 * One action (kb_actions) on the article id_arg names: revise (the
 * fields req gives that differ), publish, review, retire (req->reason).
 * publish, review and retire need the role kb.publisher_role
 * (PD_ENOPERM).
 */
int kb_action_stage(struct store *st, const char *id_arg, const char *action,
		    const struct kb_request *req, const struct actor *a,
		    struct change *c, char id[ID_LEN + 1], char **subject);

/* Load the article id_arg names (full id or a short form), checked. */
int kb_load(struct store *st, const char *id_arg, char id[ID_LEN + 1],
	    json_t **rec);

/* Is the published article's review overdue at now? */
int kb_is_stale(json_t *state, time_t now);

/*
 * The listing of articles (all, or the stale ones) into t: columns id,
 * status, version, review_due, title, tags.
 */
int kb_list(struct store *st, int stale, struct table *t);

/*
 * Search the published articles (every one with all) for query, or for
 * the text of ticket when ticket is not NULL (kind, category or cause
 * shared with it: × 1.2).  The best limit hits with a score above 0 go
 * into t: columns id, score, status, title, snippet.
 */
int kb_search(struct store *st, const char *query, const char *ticket,
	      int all, size_t limit, struct table *t);

#endif
