/*
 * Knowledge-base text: the tokenizer search uses, BM25 ranking with field
 * weights, snippets, and the masking of contact details in text copied
 * from a ticket.  Pure functions of their arguments.
 *
 * Tokens: the text in NFKC and lower case (libunistring); a run of Han,
 * Hiragana, Katakana or Hangul characters gives its overlapping bigrams
 * (a run of one character, that character); any other run of letters,
 * digits and combining marks is one word.  "PPT投影仪" is "ppt", "投影",
 * "影仪".
 */
#ifndef PLAINDESK_KBTEXT_H
#define PLAINDESK_KBTEXT_H

#include <stddef.h>
#include "util.h"

/* Append the tokens of text (valid UTF-8) to tokens, in order. */
void kb_tokenize(const char *text, struct strlist *tokens);

/* The fields an article is ranked by, and their weights. */
enum kb_field { KB_TITLE, KB_TAGS, KB_PROBLEM, KB_SOLUTION, KB_NFIELDS };
extern const double kb_field_weights[KB_NFIELDS];	/* 3, 2, 1, 1 */

#define KB_BM25_K1 1.2
#define KB_BM25_B 0.75

/*
 * BM25 with field weights (BM25F as one document): for a query term t
 * and a document d, tf = sum over the fields of weight × occurrences of
 * t, dl = sum of weight × tokens, avgdl = mean dl of the documents added;
 *
 *	score(d) = boost(d) × sum over the distinct query terms of
 *		idf(t) × tf × (k1 + 1) / (tf + k1 × (1 − b + b × dl / avgdl))
 *	idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
 *
 * with N the documents added and df(t) those whose tf is above 0.
 */
struct kb_scorer {
	char **terms;		/* the distinct query terms, sorted */
	size_t nterms;
	size_t ndocs, cap;
	double *tf;		/* ndocs × nterms */
	double *dl, *boost;
	size_t *df;
	double total_dl;
};

/* A scorer for the query text (its tokens as above). */
void kb_scorer_init(struct kb_scorer *s, const char *query);
void kb_scorer_release(struct kb_scorer *s);
/* Add a document by its fields' text (NULL for none): its index. */
size_t kb_scorer_add(struct kb_scorer *s, const char *const fields[KB_NFIELDS]);
/* Multiply document doc's score by factor. */
void kb_scorer_boost(struct kb_scorer *s, size_t doc, double factor);
/* The score of document doc (0 when it has no query term). */
double kb_scorer_score(const struct kb_scorer *s, size_t doc);

/*
 * A line of at most max characters of text around the first place a
 * query term occurs (its beginning when none does), white space made
 * single spaces, "…" where it was cut.  Caller frees.
 */
char *kb_snippet(const char *text, const struct kb_scorer *s, size_t max);

/*
 * text with e-mail addresses and mainland China mobile and landline
 * numbers (with or without +86, separated by spaces, hyphens or
 * parentheses, in full-width digits too) replaced by repl.  Caller frees.
 */
char *kb_mask(const char *text, const char *repl);

#endif
