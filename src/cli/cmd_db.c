/*
 * cmd_db.c - `parkwatch db init|migrate|check`: create, upgrade and check the
 * database file.
 *
 * init is safe to repeat (a current database is left alone, exit 0), so
 * setup scripts can run it unconditionally. check never writes: it opens the
 * file read-only and prints one line per problem on stdout, "ok" when sound.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/util.h"

static int open_db(struct pw_ctx *ctx, int flags, struct pw_store **st)
{
	*st = cli_open_store(ctx, flags);
	return *st ? 0 : -1;
}

static int db_init(struct pw_ctx *ctx)
{
	struct pw_store *st;
	if (open_db(ctx, PW_STORE_CREATE | PW_STORE_NO_SCHEMA, &st) < 0)
		return PW_EXIT_FAIL;
	int have = store_schema_version(st), from = 0, to = 0;
	if (have == store_schema_latest()) {
		pw_print_line(stdout, "%s: already initialised (schema %d)", ctx->db_path, have);
		store_close(st);
		return PW_EXIT_OK;
	}
	if (have < 0 || store_migrate(st, &from, &to) < 0) {
		pw_error("initialise database", "%s: %s", ctx->db_path, store_errmsg(st));
		store_close(st);
		return PW_EXIT_FAIL;
	}
	if (from == 0)
		pw_print_line(stdout, "%s: initialised (schema %d)", ctx->db_path, to);
	else
		pw_print_line(stdout, "%s: schema %d -> %d", ctx->db_path, from, to);
	store_close(st);
	return PW_EXIT_OK;
}

static int db_migrate(struct pw_ctx *ctx)
{
	struct pw_store *st;
	if (open_db(ctx, PW_STORE_NO_SCHEMA, &st) < 0)
		return PW_EXIT_FAIL;
	int from = 0, to = 0;
	if (store_migrate(st, &from, &to) < 0) {
		pw_error("migrate database", "%s: %s", ctx->db_path, store_errmsg(st));
		store_close(st);
		return PW_EXIT_FAIL;
	}
	if (from == to)
		printf("schema is current (%d)\n", to);
	else
		printf("schema %d -> %d\n", from, to);
	store_close(st);
	return PW_EXIT_OK;
}

static int db_check(struct pw_ctx *ctx)
{
	struct pw_store *st;
	if (open_db(ctx, PW_STORE_READONLY | PW_STORE_NO_SCHEMA, &st) < 0)
		return PW_EXIT_FAIL;
	int n = store_check(st, stdout);
	int rc = PW_EXIT_FAIL;
	if (n < 0)
		pw_error("db check", "%s: %s", ctx->db_path, store_errmsg(st));
	else if (n > 0)
		pw_error("db check", "%s: %d problem%s found", ctx->db_path, n, n == 1 ? "" : "s");
	else {
		printf("ok\n");
		rc = PW_EXIT_OK;
	}
	store_close(st);
	return rc;
}

int cmd_db(struct pw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	optind = 0;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return pw_usage_error("db", "unknown option '%s'", argv[optind - 1]);
	if (argc - optind != 1)
		return pw_usage_error("db", "expected one action: init, migrate or check");
	const char *action = argv[optind];
	if (strcmp(action, "init") == 0)
		return db_init(ctx);
	if (strcmp(action, "migrate") == 0)
		return db_migrate(ctx);
	if (strcmp(action, "check") == 0)
		return db_check(ctx);
	return pw_usage_error("db", "unknown action '%s' (init, migrate or check)", action);
}
