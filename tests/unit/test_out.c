/*
 * Unit tests for lib/report/out.c: tables written as aligned text (with Chinese
 * text), CSV and JSON, and write errors reported as PD_EIO.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plaindesk/out.h"
#include "plaindesk/text.h"
#include "unit.h"

static char *written;
static int written_rc;

/* Write t to memory; the text is left in written, the result in written_rc. */
static const char *
write_table(const struct table *t, enum out_format f, int raw)
{
	size_t len;
	FILE *fp;

	free(written);
	written = NULL;
	fp = open_memstream(&written, &len);
	written_rc = table_write(t, f, raw, fp);
	fclose(fp);
	return written;
}

static void
test_format_parse(void)
{
	enum out_format f = OUT_TEXT;

	CHECK_INT(out_format_parse("json", &f), 0);
	CHECK_INT(f, OUT_JSON);
	CHECK_INT(out_format_parse("csv", &f), 0);
	CHECK_INT(f, OUT_CSV);
	CHECK_INT(out_format_parse("text", &f), 0);
	CHECK_INT(f, OUT_TEXT);
	CHECK_INT(out_format_parse("xlsx", &f), 0);
	CHECK_INT(f, OUT_XLSX);
	f = OUT_TEXT;
	CHECK_INT(out_format_parse("xml", &f), -1);
	CHECK_INT(out_format_parse("", &f), -1);
	CHECK_INT(f, OUT_TEXT);
}

static void
test_text(void)
{
	static const char *const cols[] = { "id", "title", "status" };
	struct table t;
	char *long_title;

	table_init(&t, 3, cols);
	CHECK_STR(write_table(&t, OUT_TEXT, 0), "ID  TITLE  STATUS\n");
	CHECK_INT(written_rc, 0);

	table_add_row(&t);
	table_set(&t, 0, "T-1");
	table_set(&t, 1, "会议室预订");
	table_set(&t, 2, "open");
	table_add_row(&t);
	table_set(&t, 0, "T-22");
	table_set(&t, 1, "Projector");
	table_set(&t, 2, "closed");
	CHECK_STR(write_table(&t, OUT_TEXT, 0),
		  "ID    TITLE       STATUS\n"
		  "T-1   会议室预订  open\n"
		  "T-22  Projector   closed\n");
	CHECK_INT(written_rc, 0);

	/* Empty trailing cells leave no trailing blanks. */
	CHECK_INT(table_add_row(&t), 2);
	table_set(&t, 0, "T-3");
	table_set(&t, 1, "x");
	table_set(&t, 1, NULL);
	CHECK_STR(write_table(&t, OUT_TEXT, 0),
		  "ID    TITLE       STATUS\n"
		  "T-1   会议室预订  open\n"
		  "T-22  Projector   closed\n"
		  "T-3\n");

	/* Labels, control characters and newlines in cells. */
	table_set_label(&t, 1, "标题");
	table_set_label(&t, 2, "状态");
	table_set(&t, 1, "a\x1b[2Jb\nc");
	table_set(&t, 2, "待处理");
	CHECK_STR(write_table(&t, OUT_TEXT, 0),
		  "ID    标题        状态\n"
		  "T-1   会议室预订  open\n"
		  "T-22  Projector   closed\n"
		  "T-3   a[2Jb c     待处理\n");
	table_release(&t);

	/* A column is at most 60 wide; the cut never splits a character. */
	long_title = malloc(3 * 40 + 1);
	long_title[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(long_title, "议");
	table_init(&t, 2, (const char *const[]){ "title", "id" });
	table_add_row(&t);
	table_set(&t, 0, long_title);
	table_set(&t, 1, "T-1");
	write_table(&t, OUT_TEXT, 0);
	CHECK(strstr(written, "\n议") != NULL);
	CHECK_INT(strchr(written, '\n') - written, 60 + 2 + 2);
	/* 29 wide characters, the ellipsis, a blank for the 60th column. */
	CHECK(strstr(written, "议议… " "  T-1\n") != NULL);
	CHECK_INT(text_width(strchr(written, '\n') + 1), 60 + 2 + 3);
	table_release(&t);
	free(long_title);
}

static void
test_csv(void)
{
	static const char *const cols[] = { "id", "title", "note" };
	struct table t;

	table_init(&t, 3, cols);
	CHECK_STR(write_table(&t, OUT_CSV, 0), "id,title,note\r\n");
	table_add_row(&t);
	table_set(&t, 0, "T-1");
	table_set(&t, 1, "会议, 第二场");
	table_set(&t, 2, "=HYPERLINK(\"http://x\")");
	table_add_row(&t);
	table_set(&t, 0, "T-2");
	table_set(&t, 2, "two\nlines");
	CHECK_STR(write_table(&t, OUT_CSV, 0),
		  "id,title,note\r\n"
		  "T-1,\"会议, 第二场\",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
		  "T-2,,\"two\nlines\"\r\n");
	CHECK_INT(written_rc, 0);
	CHECK_STR(write_table(&t, OUT_CSV, 1),
		  "id,title,note\r\n"
		  "T-1,\"会议, 第二场\",\"=HYPERLINK(\"\"http://x\"\")\"\r\n"
		  "T-2,,\"two\nlines\"\r\n");
	table_release(&t);
}

/* Numbers the program computed are never neutralised; text is. */
static void
test_csv_numbers(void)
{
	static const char *const cols[] = { "id", "overrun", "note" };
	struct table t;

	table_init(&t, 3, cols);
	table_add_row(&t);
	table_set(&t, 0, "-T");
	table_set(&t, 1, "-40.5");
	table_set_json(&t, 1, json_real(-40.5));
	table_set(&t, 2, "-40.5");
	CHECK_STR(write_table(&t, OUT_CSV, 0),
		  "id,overrun,note\r\n'-T,-40.5,'-40.5\r\n");
	CHECK_STR(write_table(&t, OUT_CSV, OUT_RAW),
		  "id,overrun,note\r\n-T,-40.5,-40.5\r\n");
	CHECK_STR(write_table(&t, OUT_CSV, OUT_BOM),
		  UTF8_BOM "id,overrun,note\r\n'-T,-40.5,'-40.5\r\n");
	/* The BOM is for CSV only. */
	CHECK(strncmp(write_table(&t, OUT_JSON, OUT_BOM), "[", 1) == 0);
	table_release(&t);
}

static void
test_json(void)
{
	static const char *const cols[] = { "id", "count", "title", "ok" };
	struct table t;

	table_init(&t, 4, cols);
	CHECK_STR(write_table(&t, OUT_JSON, 0), "[]\n");
	CHECK_INT(written_rc, 0);

	table_add_row(&t);
	table_set(&t, 0, "T-1");
	table_set(&t, 1, "3");
	table_set(&t, 2, "会议 \"A\"");
	/* Typed values, set out of column order. */
	table_set_json(&t, 3, json_true());
	table_set_json(&t, 1, json_integer(3));
	table_add_row(&t);
	table_set(&t, 0, "T-2");
	table_set(&t, 2, "bad \xFF byte");
	table_set_json(&t, 3, json_real(0.5));
	CHECK_STR(write_table(&t, OUT_JSON, 0),
		  "[\n"
		  "  {\n"
		  "    \"id\": \"T-1\",\n"
		  "    \"count\": 3,\n"
		  "    \"title\": \"会议 \\\"A\\\"\",\n"
		  "    \"ok\": true\n"
		  "  },\n"
		  "  {\n"
		  "    \"id\": \"T-2\",\n"
		  "    \"count\": null,\n"
		  "    \"title\": \"bad \xEF\xBF\xBD byte\",\n"
		  "    \"ok\": 0.5\n"
		  "  }\n"
		  "]\n");
	CHECK_INT(written_rc, 0);
	table_release(&t);
}

static void
test_write_errors(void)
{
	static const char *const cols[] = { "id", "title" };
	enum out_format formats[] = { OUT_TEXT, OUT_CSV, OUT_JSON, OUT_XLSX };
	struct table t;
	pid_t pid;
	int status;

	table_init(&t, 2, cols);
	table_add_row(&t);
	table_set(&t, 0, "T-1");
	table_set(&t, 1, "会议");
	for (size_t i = 0; i < 4; i++) {
		FILE *fp = fopen("/dev/full", "w");

		CHECK(fp != NULL);
		if (!fp)
			continue;
		pd_clear_error();
		CHECK_INT(table_write(&t, formats[i], 0, fp), PD_EIO);
		CHECK_STR(pd_errmsg(),
			  "cannot write output: No space left on device");
		fclose(fp);
	}
	table_release(&t);

	/* out_close_stdout() in a child whose stdout is /dev/full. */
	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (!freopen("/dev/full", "w", stdout))
			_exit(99);
		printf("T-261122-K7QF2A\n");
		_exit(out_close_stdout());
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == PD_EIO);

	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(99);
		printf("T-261122-K7QF2A\n");
		_exit(out_close_stdout());
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * A spreadsheet is a zip file, made whole before it is written, and the
 * same table at the same clock is the same bytes.  What a reader makes of
 * it is tested with real readers in tests/cli/t-xlsx.sh.
 */
static void
test_xlsx(void)
{
	static const char *const cols[] = { "id", "level", "title" };
	struct table t;
	char *first;
	size_t len;
	FILE *fp;

	setenv("PLAINDESK_NOW", "2026-11-20T10:00:00+08:00", 1);
	table_init(&t, 3, cols);
	table_set_title(&t, "tickets");
	table_add_row(&t);
	table_set(&t, 0, "T-1");
	table_set(&t, 1, "-2");
	table_set_json(&t, 1, json_integer(-2));
	table_set_numfmt(&t, 1, "0");
	table_set(&t, 2, "=HYPERLINK(\"http://x\")");
	write_table(&t, OUT_XLSX, 0);
	CHECK_INT(written_rc, 0);
	CHECK(written && memcmp(written, "PK\003\004", 4) == 0);
	first = written;
	fp = open_memstream(&written, &len);
	CHECK_INT(table_write(&t, OUT_XLSX, 0, fp), 0);
	fclose(fp);
	CHECK(memcmp(first, written, len) == 0);
	free(first);

	/* -o FILE: the same bytes, in the file; xlsx needs one. */
	{
		char dir[] = "/tmp/test_out.XXXXXX", *path, *data = NULL;

		CHECK(mkdtemp(dir) != NULL);
		path = xasprintf("%s/list.xlsx", dir);
		CHECK_INT(table_write_to(&t, OUT_XLSX, 0, path), 0);
		CHECK_INT(read_file(path, &data, &len), 0);
		CHECK(data && memcmp(data, written, len) == 0);
		unlink(path);
		rmdir(dir);
		free(data);
		free(path);
	}
	CHECK_INT(out_check_dest(1, NULL), PD_EUSAGE);
	CHECK_STR(pd_errmsg(), "--format xlsx needs -o FILE");
	CHECK_INT(out_check_dest(1, "x.xlsx"), 0);
	CHECK_INT(out_check_dest(0, NULL), 0);
	table_release(&t);
	unsetenv("PLAINDESK_NOW");
}

int
main(void)
{
	test_format_parse();
	test_text();
	test_csv();
	test_csv_numbers();
	test_json();
	test_xlsx();
	test_write_errors();
	free(written);
	return unit_done("out");
}
