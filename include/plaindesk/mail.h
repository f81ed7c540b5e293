/*
 * Mail intake (ticket-mail): one RFC 5322 message read with GMime into
 * plain C (struct mail_msg), the text it carries, and the decisions made
 * on it.  Only lib/mail/ and ticket-mail use the mail libraries; what a
 * ticket keeps of a message is in mailrec.h.
 */
#ifndef PLAINDESK_MAIL_H
#define PLAINDESK_MAIL_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include "config.h"
#include "util.h"

/* A message larger than this many bytes of text is cut (with "[…]"). */
#define MAIL_TEXT_MAX 65536

struct mail_attachment {
	char *name;		/* decoded file name, "" when it has none */
	char *type;		/* "application/pdf" */
	long long size;		/* decoded bytes */
};

/* A message as intake sees it; every string is UTF-8 and owned. */
struct mail_msg {
	char *from;		/* the sender's address */
	char *from_name;	/* the sender's display name, or "" */
	char *to;		/* the To addresses, ", " between them */
	char *subject;		/* decoded, one line, "" when none */
	char *date_raw;		/* Date: unfolded and trimmed, NULL if none */
	time_t date;
	int has_date;		/* Date: was there and could be read */
	char *message_id;	/* without angle brackets, NULL if none */
	struct strlist refs;	/* In-Reply-To and References ids */
	char *text;		/* the text (MAIL_TEXT_MAX at most) */
	struct mail_attachment *att;
	size_t natt;
	/* What says that nobody should answer it (RFC 3834). */
	int auto_submitted;	/* Auto-Submitted other than "no", X-Autoreply */
	int list;		/* list or bulk mail: List-*, Precedence */
	int null_sender;	/* Return-Path: <> */
	int suppress;		/* X-Auto-Response-Suppress: All, AutoReply */
	int report;		/* a delivery (or read) report, a bounce */
	struct strlist report_refs; /* Message-IDs of what it reports on */
};

void mail_msg_init(struct mail_msg *m);
void mail_msg_release(struct mail_msg *m);

/*
 * Read a whole message from fp: PD_EDATA when it is larger than max
 * bytes, PD_EIO when it cannot be read.  Caller frees *data.
 */
int mail_read(FILE *fp, long long max, char **data, size_t *len);

/* Set up the mail libraries (once), and free what they hold at the end
 * of the program. */
void mail_init(void);
void mail_shutdown(void);

/*
 * Parse one message (a leading mbox "From " line is skipped) with the
 * fallback charsets of cfg.  PD_EDATA when it is not a message or names
 * no sender; the message says which.
 */
int mail_parse(const char *data, size_t len, const struct mail_config *cfg,
	       struct mail_msg *m);

/*
 * Text of len bytes in charset (NULL or "" when undeclared) as UTF-8:
 * a declared charset through GMime's names (GB2312 and GBK read as
 * their superset GB18030), else UTF-8 when valid, else the first of
 * cfg's fallback charsets that reads it all, else UTF-8 with U+FFFD.
 * Caller frees.
 */
char *mail_decode(const char *data, size_t len, const char *charset,
		  const struct mail_config *cfg);

/*
 * A header value as written (unfolded or not) as UTF-8: RFC 2047
 * encoded words decoded, white space between two of them dropped, the
 * bytes of adjacent words in one charset joined before they are read
 * (a character may be split between words), raw 8-bit text read as
 * undeclared text is.  Caller frees.
 */
char *mail_header_decode(const char *raw, const struct mail_config *cfg);

/* HTML (UTF-8) as text: scripts and styles dropped, blocks and <br> as
 * line breaks, entities decoded.  Caller frees. */
char *mail_html_text(const char *html, size_t len);

/*
 * The text of a body made fit for a record (DESIGN §2): CRLF to LF,
 * control characters but tab and newline removed, blank lines at the
 * start and white space at the end trimmed, cut at MAIL_TEXT_MAX bytes
 * on a character boundary with "[…]".  Caller frees.
 */
char *mail_text_clean(const char *text);

/*
 * The message's key (DESIGN §2): its Message-ID, or "sha256:" and the
 * hex SHA-256 of the sender's address in lower case, the Date: value,
 * the subject and the text, joined by newlines.  Caller frees.
 */
char *mail_key(const struct mail_msg *m);

/*
 * A ticket title from a subject: leading reply and forward prefixes
 * (Re, Fw, Fwd, Aw in any case, 回复, 回覆, 答复, 转发, 自动答复, then an
 * ASCII or full-width colon, repeated) and [T-…] tags removed, white
 * space made single spaces, at most 200 characters.  Caller frees; ""
 * when nothing is left.
 */
char *mail_title(const char *subject);

/* The first [T-YYMMDD-XXXXXX] tag of subject after from: its id into id,
 * and where to look for the next; NULL when there is none. */
const char *mail_subject_tag(const char *from, char id[16]);

/*
 * What a reply adds: the text without the quoted message (lines from
 * "> ", an attribution line "… wrote:" / "… 写道:", an "Original
 * Message" or Outlook header block and what follows) and without the
 * signature ("-- ").  The whole text when nothing would be left.
 * Caller frees.
 */
char *mail_reply_text(const char *text);

/* Does the address look like nobody reads it (noreply, mailer-daemon,
 * postmaster)? */
int mail_unattended_address(const char *addr);

#endif
