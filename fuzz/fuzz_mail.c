/*
 * libFuzzer harness for mail intake's reading of a message: any bytes
 * either parse or are refused with a message; what parses is valid UTF-8
 * within the limits a record holds (a title from the subject, the text,
 * the attachments' names), and a reply's new part is too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plaindesk/mail.h"
#include "plaindesk/text.h"

static void
must_be_text(const char *what, const char *s, int title)
{
	if (!s || !utf8_valid(s, strlen(s)) ||
	    text_check(what, s, title) != 0) {
		fprintf(stderr, "%s: %s\n", what, s ? pd_errmsg() : "NULL");
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	static int ready;
	struct mail_msg m;
	char *s;

	if (!ready) {
		json_t *none = json_object();

		config_parse_mail(&cfg, none);
		json_decref(none);
		ready = 1;
	}
	mail_msg_init(&m);
	if (mail_parse((const char *)data, size, &cfg.mail, &m) == 0) {
		must_be_text("from", m.from, 1);
		must_be_text("subject", m.subject, 0);
		must_be_text("text", m.text, 0);
		for (size_t i = 0; i < m.natt; i++)
			must_be_text("name", m.att[i].name, 0);
		must_be_text("title", s = mail_title(m.subject), 1);
		free(s);
		must_be_text("reply", s = mail_reply_text(m.text), 0);
		free(s);
		free(mail_key(&m));
	}
	mail_msg_release(&m);
	pd_clear_error();
	return 0;
}
