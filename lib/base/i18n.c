/*
 * The language of messages: the environment's when it names one, else
 * the store's, looked up in GNU gettext's catalogue for Chinese.
 */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "plaindesk/i18n.h"
#include "plaindesk/storefs.h"
#include "plaindesk/util.h"

#ifndef PD_LOCALEDIR
#define PD_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "plaindesk"

enum lang { LANG_NONE, LANG_EN, LANG_ZH };

static enum lang current = LANG_EN;
static int env_chose;		/* the environment named the language */

/* What a locale name from the environment says: none for C and POSIX. */
static enum lang
lang_of(const char *name)
{
	if (!name || !*name || !strcmp(name, "C") || !strcmp(name, "POSIX") ||
	    str_startswith(name, "C.") || str_startswith(name, "POSIX."))
		return LANG_NONE;
	return str_startswith(name, "zh") ? LANG_ZH : LANG_EN;
}

/* LANGUAGE is a list ("zh_CN:en"): its first real language counts. */
static enum lang
lang_of_list(const char *list)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL;
	enum lang l = LANG_NONE;

	for (char *tok = strtok_r(copy, ":", &save); tok && l == LANG_NONE;
	     tok = strtok_r(NULL, ":", &save))
		l = lang_of(tok);
	free(copy);
	return l;
}

/*
 * gettext answers in the language LANGUAGE names, and ignores it in the
 * "C" locale: messages take C.UTF-8, which every glibc has, so that no
 * zh_CN locale need be installed.  The catalogue is UTF-8 whatever the
 * locale's codeset, and so are the C library's (strerror()).
 */
static void
lang_set(enum lang l)
{
	static int bound;

	current = l;
	if (l != LANG_ZH)
		return;
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "C.utf8");
	setenv("LANGUAGE", "zh_CN", 1);
	if (!bound) {
		const char *dir = getenv("PLAINDESK_LOCALEDIR");

		bindtextdomain(DOMAIN, dir && *dir ? dir : PD_LOCALEDIR);
		bind_textdomain_codeset(DOMAIN, "UTF-8");
		/* strerror()'s messages too, else '?' for each character */
		bind_textdomain_codeset("libc", "UTF-8");
		bound = 1;
	}
}

const char *
pd_locale_name(const char *name)
{
	if (!name)
		return NULL;
	if (!strcmp(name, "en"))
		return "en";
	if (!strcmp(name, "zh-CN") || !strcmp(name, "zh_CN"))
		return "zh-CN";
	return NULL;
}

void
pd_lang_store(const char *locale)
{
	const char *name = pd_locale_name(locale);

	if (env_chose || !name)
		return;
	lang_set(!strcmp(name, "zh-CN") ? LANG_ZH : LANG_EN);
}

/* The locale plaindesk.json names, if the store can be found and read. */
static void
peek_store(const char *dir)
{
	char *root = NULL, *text = NULL;
	json_t *cfg;
	size_t len;

	if (!storefs_find_root(dir, &root) &&
	    !storefs_read(root, "plaindesk.json", &text, &len) &&
	    (cfg = json_loadb(text, len, 0, NULL))) {
		pd_lang_store(json_string_value(json_object_get(cfg, "locale")));
		json_decref(cfg);
	}
	pd_clear_error();
	free(text);
	free(root);
}

void
pd_lang_init(int argc, char **argv)
{
	const char *dir = NULL, *lc;
	enum lang l = lang_of_list(getenv("LANGUAGE"));

	if (l == LANG_NONE) {
		lc = getenv("LC_ALL");
		if (!lc || !*lc)
			lc = getenv("LC_MESSAGES");
		l = lang_of(lc);
	}
	if (l != LANG_NONE) {
		env_chose = 1;
		lang_set(l);
		return;
	}
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-C") && i + 1 < argc)
			dir = argv[++i];
		else if (str_startswith(argv[i], "-C") && argv[i][2])
			dir = argv[i] + 2;
	}
	peek_store(dir);
}

int
pd_lang_zh(void)
{
	return current == LANG_ZH;
}

const char *
pd_gettext(const char *msgid)
{
	if (current != LANG_ZH || !msgid || !*msgid)
		return msgid;
	return dgettext(DOMAIN, msgid);
}

const char *
pd_ngettext(const char *one, const char *many, unsigned long n)
{
	if (current != LANG_ZH)
		return n == 1 ? one : many;
	return dngettext(DOMAIN, one, many, n);
}
