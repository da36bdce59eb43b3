/*
 * cmd_query.c - `parkwatch query TABLE [--format tsv|json]`: a table for
 * scripts (CONTRACT.md section 3).
 *
 * tsv: a header line, then one row a line; backslash, tab, newline and CR
 * inside values are written \\ \t \n \r, other controls, bidi controls and
 * invisible characters \uXXXX (store_query_tsv_escape); SQL NULL is an
 * empty field.
 * json: one array of objects with the same keys, one object a line; numeric
 * columns are JSON numbers, NULL is null; the same characters are \uXXXX.
 * Both stream row by row, so any table size prints in constant memory. The
 * database is opened read-only.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/store_query.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

struct printer {
	const struct store_query_column *cols;
	struct sbuf line;
	json_t *obj; /* json: the row object, reused */
	long rows;
};

static void tsv_header(struct printer *p, int ncols)
{
	sbuf_reset(&p->line);
	for (int i = 0; i < ncols; i++) {
		if (i)
			sbuf_addc(&p->line, '\t');
		store_query_tsv_escape(&p->line, p->cols[i].name);
	}
	sbuf_addc(&p->line, '\n');
	fwrite(p->line.s, 1, p->line.len, stdout);
}

static int tsv_row(void *user, int ncols, const char *const *names, const char *const *values)
{
	struct printer *p = user;
	(void)names;
	sbuf_reset(&p->line);
	for (int i = 0; i < ncols; i++) {
		if (i)
			sbuf_addc(&p->line, '\t');
		if (values[i])
			store_query_tsv_escape(&p->line, values[i]);
	}
	sbuf_addc(&p->line, '\n');
	return fwrite(p->line.s, 1, p->line.len, stdout) == p->line.len ? 0 : 1;
}

/* A JSON string even from bytes that are not UTF-8 (each bad byte -> U+FFFD). */
static json_t *json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	struct sbuf b;
	sbuf_init(&b);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t used = pw_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !pw_utf8_valid(s + i, used))
			sbuf_adds(&b, "\xEF\xBF\xBD");
		else
			sbuf_add(&b, s + i, used);
		i += used;
	}
	j = json_string(sbuf_str(&b));
	sbuf_free(&b);
	return j ? j : json_null();
}

/* Numeric columns become numbers when their text is one, else stay strings. */
static json_t *json_value(const char *v, enum store_query_kind kind)
{
	if (!v)
		return json_null();
	if (kind == STORE_QK_INT || kind == STORE_QK_REAL) {
		char *end;
		errno = 0;
		long long ll = strtoll(v, &end, 10);
		if (*v && *end == '\0' && errno == 0)
			return json_integer(ll);
		double d = strtod(v, &end);
		if (*v && *end == '\0' && isfinite(d))
			return json_real(d);
	}
	return json_text(v);
}

static int json_row(void *user, int ncols, const char *const *names, const char *const *values)
{
	struct printer *p = user;
	/* One object reused for every row: the keys stay, only values change. */
	if (!p->obj)
		p->obj = json_object();
	for (int i = 0; i < ncols; i++)
		json_object_set_new(p->obj, names[i], json_value(values[i], p->cols[i].kind));
	char *text = json_dumps(p->obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (!text)
		return 1;
	/*
	 * jansson escapes C0 only; DEL, C1, bidi controls and invisible characters
	 * become \uXXXX too (JSON_ENSURE_ASCII would escape all Chinese text as
	 * well). Outside strings JSON text is ASCII, so this only touches strings.
	 */
	sbuf_reset(&p->line);
	pw_escape_hidden(&p->line, text, strlen(text));
	free(text);
	int rc = printf("%s\n%s", p->rows ? "," : "[", sbuf_str(&p->line)) < 0;
	p->rows++;
	return rc;
}

static int usage_tables(const char *what, const char *table)
{
	struct sbuf b;
	sbuf_init(&b);
	for (const char *const *t = store_query_tables(); *t; t++)
		sbuf_addf(&b, " %s", *t);
	int rc = table ? pw_usage_error("query", "%s '%s' (tables:%s)", what, table, sbuf_str(&b))
	               : pw_usage_error("query", "%s (tables:%s)", what, sbuf_str(&b));
	sbuf_free(&b);
	return rc;
}

/* Options into *json / *table; returns -1 after reporting bad usage. */
static int parse_args(int argc, char **argv, bool *json, const char **table)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	*json = false;
	while ((c = getopt_long(argc, argv, ":f:", opts, NULL)) != -1) {
		if (c == 'f' && (strcmp(optarg, "tsv") == 0 || strcmp(optarg, "json") == 0)) {
			*json = optarg[0] == 'j';
			continue;
		}
		if (c == 'f')
			pw_usage_error("query", "unknown format '%s' (tsv or json)", optarg);
		else if (c == ':')
			pw_usage_error("query", "option '%s' needs a value", argv[optind - 1]);
		else
			pw_usage_error("query", "unknown option '%s'", argv[optind - 1]);
		return -1;
	}
	if (argc - optind != 1) {
		usage_tables(argc > optind ? "one table only" : "which table?", NULL);
		return -1;
	}
	*table = argv[optind];
	return 0;
}

int cmd_query(struct pw_ctx *ctx, int argc, char **argv)
{
	bool json;
	const char *table;
	if (parse_args(argc, argv, &json, &table) < 0)
		return PW_EXIT_USAGE;
	struct printer p = {.rows = 0};
	int ncols = store_query_columns(table, &p.cols);
	if (ncols < 0)
		return usage_tables("unknown table", table);

	struct pw_store *st;
	if (!(st = cli_open_store(ctx, PW_STORE_READONLY)))
		return PW_EXIT_FAIL;
	sbuf_init(&p.line);
	if (!json)
		tsv_header(&p, ncols);
	int rc = store_query_run(st, table, pw_now_ms(), json ? json_row : tsv_row, &p);
	if (json && rc == 0)
		fputs(p.rows ? "\n]\n" : "[]\n", stdout);
	sbuf_free(&p.line);
	json_decref(p.obj);

	int status = PW_EXIT_OK;
	if (rc < 0) {
		pw_error("query", "%s", store_errmsg(st));
		status = PW_EXIT_FAIL;
	} else if (fflush(stdout) != 0 || ferror(stdout) || rc > 0) {
		pw_error("query", "writing the output failed");
		status = PW_EXIT_FAIL;
	}
	store_close(st);
	return status;
}
