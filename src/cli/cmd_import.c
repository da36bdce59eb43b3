/*
 * cmd_import.c - `parkwatch import TABLE FILE [--skip-bad] [--operator NAME]`:
 * load base data (docs/import.md).
 *
 * Every bad row is reported on stderr as "FILE:LINE: reason" (sanitised: the
 * reason may quote the file). Without --skip-bad one bad row means nothing
 * is written and the exit status is 1; with it the good rows are loaded,
 * the bad ones still reported, a warning counts them and the exit status is
 * 0. On success stdout has one line: "TABLE: N added, M updated, K bad".
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/import.h"
#include "parkwatch/store.h"
#include "parkwatch/store_import.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* A reason may quote a field of any length: one report stays one readable line. */
#define REASON_COLS 300

static void report_bad(void *ud, int line, const char *reason)
{
	const char *file = ud;
	char *clean = pw_sanitize(reason, strlen(reason));
	char *name = pw_sanitize(file, strlen(file));
	size_t keep = pw_text_prefix(clean, REASON_COLS);
	fprintf(stderr, "%s:%d: %.*s%s\n", name, line, (int)keep, clean, clean[keep] ? "..." : "");
	free(name);
	free(clean);
}

static int usage_tables(void)
{
	struct sbuf b;
	sbuf_init(&b);
	for (const char *const *t = pw_import_tables(); *t; t++)
		sbuf_addf(&b, "%s%s", t == pw_import_tables() ? "" : ", ", *t);
	int rc = pw_usage_error("import", "TABLE must be one of %s", sbuf_str(&b));
	sbuf_free(&b);
	return rc;
}

static int run(struct pw_ctx *ctx, const char *table, const char *path, bool skip_bad,
               const char *operator_name)
{
	struct store_import_file f;
	char *err = NULL;
	if (store_import_read(path, &f, &err) < 0) {
		pw_error("import", "%s", err);
		free(err);
		store_import_file_free(&f);
		return PW_EXIT_FAIL;
	}
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st) {
		store_import_file_free(&f);
		return PW_EXIT_FAIL;
	}
	struct store_import_result res;
	int rc = store_import_run(st, table, &f, skip_bad, pw_operator_name(operator_name),
	                          pw_now_ms(), report_bad, (void *)path, &res);
	int exit_code = PW_EXIT_OK;
	if (rc == STORE_IMPORT_REFUSED) {
		if (res.bad)
			pw_error("import", "%zu bad %s in %s; nothing imported (--skip-bad loads the good "
			         "ones)", res.bad, res.bad == 1 ? "row" : "rows", path);
		else
			pw_error("import", "%s: the header does not fit table %s; nothing imported", path,
			         table);
		exit_code = PW_EXIT_FAIL;
	} else if (rc < 0) {
		pw_error("import", "%s", store_errmsg(st));
		exit_code = PW_EXIT_FAIL;
	} else {
		pw_print_line(stdout, "%s: %zu added, %zu updated, %zu bad", table, res.added,
		              res.updated, res.bad);
		if (res.bad)
			fprintf(stderr, "%s: import: warning: %zu bad %s skipped\n", pw_progname, res.bad,
			        res.bad == 1 ? "row" : "rows");
	}
	store_close(st);
	store_import_file_free(&f);
	return exit_code;
}

int cmd_import(struct pw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"skip-bad", no_argument, NULL, 's'},
		{"operator", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	bool skip_bad = false;
	const char *operator_name = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 's': skip_bad = true; break;
		case 'o': operator_name = optarg; break;
		case ':': return pw_usage_error("import", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("import", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return pw_usage_error("import", "expected TABLE FILE");
	const char *table = argv[optind], *path = argv[optind + 1];
	if (!pw_import_table(table))
		return usage_tables();
	return run(ctx, table, path, skip_bad, operator_name);
}
