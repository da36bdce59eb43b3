/*
 * cmd_console.c - `parkwatch console [--theme NAME] [--operator NAME]
 * [--read-only] [--no-mqtt]`: open the database and run the full-screen
 * console (src/ui) until the operator quits.
 *
 * The console never includes libmosquitto: the MQTT link joins its poll()
 * loop through struct ui_hooks, which console_link_hooks() provides.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "console_link.h"
#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/ui.h"
#include "parkwatch/util.h"

struct console_args {
	const char *theme;
	const char *operator_name;
	bool read_only;
	bool no_mqtt;
};

static int parse_args(int argc, char **argv, struct console_args *a)
{
	static const struct option opts[] = {
		{"theme", required_argument, NULL, 't'},
		{"operator", required_argument, NULL, 'o'},
		{"read-only", no_argument, NULL, 'r'},
		{"no-mqtt", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 't': a->theme = optarg; break;
		case 'o': a->operator_name = optarg; break;
		case 'r': a->read_only = true; break;
		case 'n': a->no_mqtt = true; break;
		case ':': return pw_usage_error("console", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("console", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pw_usage_error("console", "unexpected argument '%s'", argv[optind]);
	if (a->theme && !*a->theme)
		return pw_usage_error("console", "--theme needs a theme name");
	if (a->operator_name && !*a->operator_name)
		return pw_usage_error("console", "--operator needs a name");
	return 0;
}

/* Longest freeze a locked database may cause per write attempt. */
#define CONSOLE_BUSY_MS 1000

int cmd_console(struct pw_ctx *ctx, int argc, char **argv)
{
	struct console_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	struct pw_store *st = NULL;
	char *err = NULL;
	if (store_open(&st, ctx->db_path, a.read_only ? PW_STORE_READONLY : 0, &err) < 0) {
		pw_error("open database", "%s", err ? err : "unknown error");
		free(err);
		return PW_EXIT_FAIL;
	}
	/* Opening waited the full 5 s if it had to; from here on a locked
	 * database must cost the screen at most a second per attempt. */
	store_set_busy_timeout(st, CONSOLE_BUSY_MS);
	struct ui_opts opts = {
		.theme = a.theme,
		.operator_name = pw_operator_name(a.operator_name),
		.read_only = a.read_only,
		.no_mqtt = a.no_mqtt,
	};
	const struct ui_hooks *hooks = a.no_mqtt ? NULL : console_link_hooks(ctx, st, &opts);
	rc = ui_run(st, &ctx->cfg, &opts, hooks);
	console_link_close();
	store_close(st);
	return rc;
}
