/*
 * pending.c - subcommands of the contract that this build does not have yet.
 * Each says so plainly (exit 1) instead of pretending; a line goes away when
 * the real subcommand lands.
 */
#include "config.h"

#include "parkwatch/cli.h"
#include "parkwatch/util.h"

#define PENDING(fn, name, issue)                                                        \
	int fn(struct pw_ctx *ctx, int argc, char **argv)                               \
	{                                                                                \
		(void)ctx; (void)argc; (void)argv;                                       \
		pw_error(name, "not available in this build yet (tracked as issue %d)", issue); \
		return PW_EXIT_FAIL;                                                     \
	}

