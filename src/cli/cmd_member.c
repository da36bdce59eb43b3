/*
 * cmd_member.c - `member status ID STATUS`: the command-line twin of the
 * Rescue screen's on/off-duty key. By hand a member only moves between
 * available and off_duty; dispatched, en_route and on_scene come from
 * `incident dispatch` and `incident advance`, and the store refuses them
 * here (exit 1) saying so. Writes the same duty-log entry as the console.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/store_rescue.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

static bool known_status(const char *s)
{
	static const char *const all[] = {"available", "dispatched", "en_route", "on_scene", "off_duty"};
	for (size_t i = 0; i < PW_ARRAY_LEN(all); i++)
		if (strcmp(s, all[i]) == 0)
			return true;
	return false;
}

static int do_status(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "member status";
	static const struct option opts[] = {
		{"operator", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0},
	};
	const char *op = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'o': op = optarg; break;
		case ':': return pw_usage_error(sub, "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return pw_usage_error(sub, "expected a member ID and a STATUS");
	long long id = cli_parse_id(argv[optind]);
	if (id < 0)
		return pw_usage_error(sub, "'%s' is not a member id", argv[optind]);
	const char *status = argv[optind + 1];
	if (!known_status(status))
		return pw_usage_error(sub, "STATUS must be available or off_duty (dispatched, en_route and "
		                           "on_scene come from incident dispatch)");
	if (op && !pw_utf8_valid(op, strlen(op)))
		return pw_usage_error(sub, "text is not valid UTF-8");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	int rc = store_member_set_status(st, id, status, pw_operator_name(op), pw_now_ms());
	if (rc != 0)
		pw_error(sub, "%s", store_errmsg(st));
	store_close(st);
	return rc == 0 ? PW_EXIT_OK : PW_EXIT_FAIL;
}

int cmd_member(struct pw_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return pw_usage_error("member", "expected status");
	if (strcmp(argv[1], "status") == 0)
		return do_status(ctx, argc - 1, argv + 1);
	return pw_usage_error("member", "unknown action '%s' (status)", argv[1]);
}
