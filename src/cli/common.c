/* common.c - small helpers every subcommand needs. */
#include "config.h"

#include <stdlib.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/util.h"

struct pw_store *cli_open_store(const struct pw_ctx *ctx, int flags)
{
	struct pw_store *st = NULL;
	char *err = NULL;
	if (store_open(&st, ctx->db_path, flags, &err) < 0) {
		pw_error("open database", "%s", err);
		free(err);
		return NULL;
	}
	return st;
}

long long cli_parse_id(const char *s)
{
	long v;
	if (pw_parse_long(s, &v) < 0 || v <= 0)
		return -1;
	return v;
}
