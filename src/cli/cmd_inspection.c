/*
 * cmd_inspection.c - `inspection add ENTERPRISE --inspector NAME --org ORG
 * [--kind grid|third_party|enforcement|self] [--findings T] [--items T]
 * [--at TIME]`: record a grid worker's or third-party firm's visit.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store_hazards.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

static int do_add(struct pw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"inspector", required_argument, NULL, 'i'}, {"org", required_argument, NULL, 'g'},
		{"kind", required_argument, NULL, 'k'},      {"findings", required_argument, NULL, 'f'},
		{"items", required_argument, NULL, 't'},     {"at", required_argument, NULL, 'a'},
		{"operator", required_argument, NULL, 'o'},  {NULL, 0, NULL, 0},
	};
	const char *sub = "inspection add", *op = NULL, *at = NULL;
	struct store_inspection_new v = {0};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'i': v.inspector = optarg; break;
		case 'g': v.org = optarg; break;
		case 'k': v.org_kind = optarg; break;
		case 'f': v.findings = optarg; break;
		case 't': v.items = optarg; break;
		case 'a': at = optarg; break;
		case 'o': op = optarg; break;
		case ':': return pw_usage_error(sub, "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return pw_usage_error(sub, "expected one ENTERPRISE code");
	v.enterprise_code = argv[optind];
	if (!v.inspector || !*v.inspector || !v.org || !*v.org)
		return pw_usage_error(sub, "--inspector NAME and --org ORG are required");
	const char *texts[] = {v.inspector, v.org, v.findings, v.items};
	for (size_t i = 0; i < PW_ARRAY_LEN(texts); i++)
		if (texts[i] && !pw_utf8_valid(texts[i], strlen(texts[i])))
			return pw_usage_error(sub, "text is not valid UTF-8");
	int64_t now = pw_now_ms();
	if (at && (pw_time_parse(at, &v.ts) < 0 || v.ts > now + 60000))
		return pw_usage_error(sub, "--at must be a time not in the future (2026-11-28T09:30+08:00)");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	int64_t id = 0;
	int rc = PW_EXIT_OK;
	if (store_inspection_add(st, &v, pw_operator_name(op), now, &id) != 0) {
		pw_error(sub, "%s", store_errmsg(st));
		rc = PW_EXIT_FAIL;
	} else {
		printf("%lld\n", (long long)id);
	}
	store_close(st);
	return rc;
}

int cmd_inspection(struct pw_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return pw_usage_error("inspection", "expected add");
	if (strcmp(argv[1], "add") == 0)
		return do_add(ctx, argc - 1, argv + 1);
	return pw_usage_error("inspection", "unknown action '%s' (add)", argv[1]);
}
