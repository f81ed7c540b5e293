/*
 * plaindesk-init: make a store, or (re)install the local git settings of
 * an existing one (a fresh clone).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plaindesk/i18n.h"
#include "plaindesk/cli.h"
#include "plaindesk/config.h"
#include "plaindesk/opt.h"
#include "plaindesk/store.h"
#include "plaindesk/vcs.h"

static const char gitattributes[] =
	"# plaindesk records and registers merge by record and event id.\n"
	"tickets/**/*.json merge=plaindesk\n"
	"meetings/**/*.json merge=plaindesk\n"
	"registers/*.csv merge=plaindesk\n";

/* The merge driver lives beside this program, never in the store. */
static int
install_git_settings(struct store *st)
{
	char self[PATH_MAX], *slash, *driver;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int rc;

	if (n < 0)
		return pd_error(PD_EIO, "cannot find this program: %s",
				strerror(errno));
	self[n] = '\0';
	if ((slash = strrchr(self, '/')))
		*slash = '\0';
	driver = xasprintf("'%s/plaindesk-merge' %%O %%A %%B %%P", self);
	if (!(rc = vcs_config_set(st, "merge.plaindesk.name",
				  "plaindesk record and register merge")))
		rc = vcs_config_set(st, "merge.plaindesk.driver", driver);
	free(driver);
	return rc;
}

#define INIT_TEMP ".pd-tmp-plaindesk.json.init"

static void
put_string(struct change *c, const char *path, const char *s)
{
	change_put(c, path, xstrdup(s), strlen(s));
}

static int
create_store(const char *dir, const char *locale, const char *tz, int resume)
{
	json_t *cfg = config_default(tz, locale);
	char *path, *text;
	struct store st;
	struct change c;
	struct actor a;
	int rc;

	text = json_dumps(cfg, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			  JSON_REAL_PRECISION(15));
	json_decref(cfg);
	if (resume) {
		/* Finishing an interrupted store: its configuration, which
		 * is the one asked for then (or written by hand since). */
		char *old;
		size_t len;

		if (storefs_read(dir, "plaindesk.json", &old, &len) == 0) {
			while (len > 0 && old[len - 1] == '\n')
				old[--len] = '\0';
			free(text);
			text = old;
		}
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		free(text);
		return pd_error(PD_ECANTCREAT, "cannot create '%s': %s", dir,
				strerror(errno));
	}
	path = xasprintf("%s/.git", dir);
	rc = access(path, F_OK) == 0 ? 0 : vcs_init_repo(dir);
	free(path);
	if (!rc) {
		char *withnl = xasprintf("%s\n", text);

		/* A store being made is this program's alone: the temporary
		 * name is fixed, so that a run cut short leaves none behind
		 * once it is run again. */
		storefs_remove(dir, INIT_TEMP);
		rc = storefs_write(dir, "plaindesk.json", withnl,
				   strlen(withnl), INIT_TEMP);
		free(withnl);
	}
	if (!rc && (rc = store_open(&st, dir)) == 0) {
		change_init(&c, &st, "plaindesk-init");
		{
			char *cfgtext = xasprintf("%s\n", text);

			change_put(&c, "plaindesk.json", cfgtext,
				   strlen(cfgtext));
		}
		put_string(&c, ".gitattributes", gitattributes);
		for (int k = 0; register_paths[k]; k++) {
			struct sbuf sb;

			sbuf_init(&sb);
			for (int i = 0; register_columns[k][i]; i++)
				sbuf_addf(&sb, "%s%s", i ? "," : "",
					  register_columns[k][i]);
			sbuf_addc(&sb, '\n');
			change_put(&c, register_paths[k], sb.buf, sb.len);
		}
		if (!(rc = store_lock(&st)) &&
		    !(rc = install_git_settings(&st)) &&
		    !(rc = store_actor(&st, NULL, &a))) {
			rc = change_commit(&c, &a, "plaindesk-init: new store");
			actor_release(&a);
		}
		change_release(&c);
		store_close(&st);
	}
	if (rc)
		storefs_remove(dir, "plaindesk.json");
	free(text);
	return rc;
}

/* A store that exists gets its git settings (again): a fresh clone. */
static int
reinstall(const char *dir)
{
	struct store st;
	int rc;

	if (!(rc = store_open(&st, dir)) && !(rc = install_git_settings(&st)))
		printf(_("%s: existing store at %s: git settings installed\n"),
		       pd_progname, st.root);
	store_close(&st);
	return rc;
}

static int
init(const char *dir, const char *locale, const char *tz)
{
	char *cfgpath = xasprintf("%s/plaindesk.json", dir);
	int rc, exists = access(cfgpath, F_OK) == 0, resume;

	free(cfgpath);
	if (!pd_locale_name(locale))
		return pd_error(PD_EUSAGE, "unknown locale '%s' (expected en, zh-CN)",
				locale);
	/* zh_CN is zh-CN; a new store speaks its own language. */
	locale = pd_locale_name(locale);
	if (!exists)
		pd_lang_store(locale);
	if (clock_set_timezone(tz) < 0)
		return pd_error(PD_EUSAGE, "unknown time zone '%s'", tz);
	/* A store whose making was cut short (no commit yet) is finished,
	 * with the plaindesk.json it has, not taken as made. */
	resume = exists && vcs_unborn(dir);
	if (exists && !resume)
		return reinstall(dir);
	if (!(rc = create_store(dir, locale, tz, resume)))
		printf(_("%s: new store in %s\n"), pd_progname, dir);
	return rc;
}

int
main(int argc, char **argv)
{
	static const char *const locales[] = {"en", "zh-CN", NULL};
	const char *locale = "en", *tz = "Asia/Shanghai";
	struct opt opts[] = {
		OPT_FULL(OPT_T_STRING, "locale", &locale, "en|zh-CN", locales,
			 NULL, NULL, "the language of documents and messages (default: en)"),
		OPT_STRING("timezone", &tz, "TZ",
			   "the store's time zone (default: Asia/Shanghai)"),
		OPT_END
	};
	struct program prog = {
		.summary = N_("Make a store in DIR (default: the current directory), or install the git settings of an existing one (a fresh clone)."),
		.operands = "[DIR]", .opts = opts
	};
	struct cli cli;
	int rc;

	if ((rc = opt_parse(&prog, argc, argv, &cli)) != OPT_GO)
		goto out;
	if (cli.dir && chdir(cli.dir) < 0)
		rc = pd_error(PD_ENOINPUT, "cannot change to '%s': %s", cli.dir,
			      strerror(errno));
	else
		rc = init(cli.noperands ? cli.operands[0] : ".", locale, tz);
	rc = rc ? pd_die(rc) : cli_finish(0);
out:
	cli_release(&cli);
	return rc;
}
