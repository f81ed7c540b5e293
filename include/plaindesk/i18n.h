/*
 * The language of messages and labels.  English is written in the code;
 * other languages come from GNU gettext's catalogue (po/zh_CN.po,
 * compiled to PD_LOCALEDIR/<lang>/LC_MESSAGES/plaindesk.mo).
 *
 * The language is the one LANGUAGE, LC_ALL or LC_MESSAGES name when they
 * name a real language (not C or POSIX), else the store's "locale".  In
 * English every string is returned as written, so English output never
 * depends on the catalogue.
 */
#ifndef PLAINDESK_I18N_H
#define PLAINDESK_I18N_H

/* Translate msgid into the language of messages. */
const char *pd_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The same for a string that has a count (n) in it. */
const char *pd_ngettext(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

#define _(s) pd_gettext(s)
/* Marks a string for the catalogue; translated where it is used. */
#define N_(s) (s)

/*
 * Choose the language before anything is said: from the environment, or
 * from the locale of the store that -C (in argv), $PLAINDESK_DIR or the
 * working directory names.  Quiet: a store that cannot be read is left
 * to the program to report.
 */
void pd_lang_init(int argc, char **argv);

/*
 * The store's locale ("en", "zh-CN" or "zh_CN"), as its configuration
 * says once read; it counts unless the environment chose a language.
 */
void pd_lang_store(const char *locale);

/*
 * The display name of value in context (a column: "status", "kind"; or
 * "column" for a column's own name) in the language of messages: value
 * itself in English or when the catalogue has none.
 */
const char *pd_label(const char *context, const char *value);
/*
 * The allowed values of a list for a refusal: "a, b, c"; in another
 * language each with its display name, "inquiry（咨询）、complaint（投诉）".
 * The values stay as they are typed.  A static buffer.
 */
const char *pd_label_join(const char *context, const char *const *list);

/* Is the language of messages Chinese? */
int pd_lang_zh(void);

/* "zh_CN" is the same locale as "zh-CN": the canonical name, or NULL
 * for a locale there is none of. */
const char *pd_locale_name(const char *name);

#endif
