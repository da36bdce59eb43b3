/*
 * cmd_regs.c - `parkwatch regs import FILE...` and `parkwatch regs search QUERY`.
 *
 * import parses every file before touching the database and then stores
 * them all in one transaction: one bad file (reported as FILE:LINE) means
 * nothing is imported, so a half-loaded set never looks complete. The import
 * is recorded in the duty log, as every change an operator makes is.
 *
 * search prints one hit a line, "title<TAB>label<TAB>snippet", best first,
 * the match marked [like this]; every field is sanitised (no control
 * characters, tabs or newlines) so the line structure holds. Finding
 * nothing is not a failure: exit 0, nothing on stdout, "no results" on
 * stderr.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/regs.h"
#include "parkwatch/store.h"
#include "parkwatch/store_regs.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

#define SEARCH_LIMIT_DEFAULT 20

/* Parse FILES into docs; reports every bad file. Returns the number of failures. */
static int parse_all(char **files, int n, struct pw_reg_doc *docs)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		char *err = NULL;
		if (pw_regs_load(files[i], &docs[i], &err) < 0) {
			pw_error("regs import", "%s", err);
			free(err);
			bad++;
		}
	}
	return bad;
}

static int store_all(struct pw_store *st, struct pw_reg_doc *docs, int n, const char *operator_name)
{
	if (store_begin(st, true) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		bool replaced = false;
		if (store_regs_import(st, &docs[i], &replaced) < 0)
			goto fail;
		char *note = xasprintf("%s法规: %s (%zu 条)", replaced ? "更新" : "导入", docs[i].title,
		                       docs[i].n_articles);
		int rc = store_duty_append(st, operator_name, "system", note, false, NULL);
		free(note);
		if (rc < 0)
			goto fail;
	}
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

static int regs_import(struct pw_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return pw_usage_error("regs", "import needs at least one FILE");
	struct pw_reg_doc *docs = xcalloc((size_t)argc, sizeof *docs);
	int rc = PW_EXIT_FAIL;
	struct pw_store *st = NULL;
	if (parse_all(argv, argc, docs) > 0)
		goto out;
	if (!(st = cli_open_store(ctx, 0)))
		goto out;
	if (store_all(st, docs, argc, pw_operator_name(NULL)) < 0) {
		pw_error("regs import", "%s", store_errmsg(st));
		goto out;
	}
	for (int i = 0; i < argc; i++) {
		char *title = pw_sanitize(docs[i].title, strlen(docs[i].title));
		printf("imported %s (%zu articles)\n", title, docs[i].n_articles);
		free(title);
	}
	rc = PW_EXIT_OK;
out:
	store_close(st);
	for (int i = 0; i < argc; i++)
		pw_reg_doc_free(&docs[i]);
	free(docs);
	return rc;
}

static void print_field(const char *s, const char *sep)
{
	char *clean = pw_sanitize(s ? s : "", s ? strlen(s) : 0);
	fputs(clean, stdout);
	fputs(sep, stdout);
	free(clean);
}

static int print_hit(const struct store_reg_hit *h, void *ud)
{
	(void)ud;
	print_field(h->title, "\t");
	print_field(h->label, "\t");
	print_field(h->snippet, "\n");
	return 0;
}

static int regs_search(struct pw_ctx *ctx, int argc, char **argv, long limit)
{
	if (argc < 1)
		return pw_usage_error("regs", "search needs a QUERY");
	/* Several words are one phrase, as when they were quoted. */
	struct sbuf q;
	sbuf_init(&q);
	for (int i = 0; i < argc; i++) {
		if (i)
			sbuf_addc(&q, ' ');
		sbuf_adds(&q, argv[i]);
	}
	const char *query = sbuf_str(&q);
	int rc = PW_EXIT_OK;
	if (query[strspn(query, " \t")] == '\0')
		rc = pw_usage_error("regs", "empty QUERY");
	else if (strlen(query) > STORE_REGS_QUERY_MAX)
		rc = pw_usage_error("regs", "QUERY longer than %d bytes", STORE_REGS_QUERY_MAX);
	else if (!pw_utf8_valid(query, strlen(query)))
		rc = pw_usage_error("regs", "QUERY is not valid UTF-8");
	if (rc != PW_EXIT_OK) {
		sbuf_free(&q);
		return rc;
	}
	struct pw_store *st = cli_open_store(ctx, PW_STORE_READONLY);
	if (!st) {
		sbuf_free(&q);
		return PW_EXIT_FAIL;
	}
	int n = store_regs_search(st, query, (int)limit, print_hit, NULL);
	if (n < 0) {
		pw_error("regs search", "%s", store_errmsg(st));
		rc = PW_EXIT_FAIL;
	} else if (n == 0) {
		fprintf(stderr, "%s: regs search: no results\n", pw_progname);
	}
	store_close(st);
	sbuf_free(&q);
	return rc;
}

int cmd_regs(struct pw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"limit", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	long limit = SEARCH_LIMIT_DEFAULT;
	bool limit_given = false;
	int c;
	optind = 0;
	opterr = 0;
	/* '+'-less: options may follow the words, GNU style; "--" ends them. */
	while ((c = getopt_long(argc, argv, ":n:", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (pw_parse_long(optarg, &limit) < 0 || limit < 1 || limit > 1000)
				return pw_usage_error("regs", "--limit must be a number from 1 to 1000");
			limit_given = true;
			break;
		case ':': return pw_usage_error("regs", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("regs", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return pw_usage_error("regs", "expected 'import FILE...' or 'search QUERY'");
	const char *action = argv[optind];
	char **rest = argv + optind + 1;
	int nrest = argc - optind - 1;
	if (strcmp(action, "import") == 0) {
		if (limit_given)
			return pw_usage_error("regs", "--limit belongs to 'search'");
		return regs_import(ctx, nrest, rest);
	}
	if (strcmp(action, "search") == 0)
		return regs_search(ctx, nrest, rest, limit);
	return pw_usage_error("regs", "unknown action '%s' (import or search)", action);
}
