/* common.c - small helpers every subcommand needs. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

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

static volatile sig_atomic_t *stop_flag;

static void on_stop_signal(int sig)
{
	(void)sig;
	if (stop_flag)
		*stop_flag = 1;
}

void cli_catch_stop_signals(volatile sig_atomic_t *flag)
{
	struct sigaction sa;
	stop_flag = flag;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}
