/*
 * cmd_risk.c - `parkwatch risk`: the command-line twin of the console's
 * ":risk" (list the model's parameters) and ":risk set NAME VALUE", plus
 * `risk recompute [CODE]` for scripts after bulk changes.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"

static int risk_list(struct pw_store *st)
{
	struct pw_risk_params cur, def;
	if (store_risk_params_load(st, &cur) < 0) {
		pw_error("risk", "%s", store_errmsg(st));
		return PW_EXIT_FAIL;
	}
	pw_risk_params_defaults(&def);
	printf("name\tvalue\tdefault\n");
	for (const char *const *n = pw_risk_param_names(); *n; n++) {
		double v = 0, d = 0;
		pw_risk_param_get(&cur, *n, &v);
		pw_risk_param_get(&def, *n, &d);
		printf("%s\t%g\t%g\n", *n, v, d);
	}
	return PW_EXIT_OK;
}

int cmd_risk(struct pw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"operator", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *op = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'o': op = optarg; break;
		case ':': return pw_usage_error("risk", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("risk", "unknown option '%s'", argv[optind - 1]);
		}
	}
	const char *action = optind < argc ? argv[optind] : "list";
	int nargs = argc - optind - (optind < argc);
	double value = 0;
	if (strcmp(action, "list") == 0) {
		if (nargs != 0)
			return pw_usage_error("risk", "list takes no arguments");
	} else if (strcmp(action, "set") == 0) {
		struct pw_risk_params p;
		pw_risk_params_defaults(&p);
		if (nargs != 2)
			return pw_usage_error("risk", "usage: risk set NAME VALUE");
		if (pw_parse_double(argv[optind + 2], &value) < 0 ||
		    pw_risk_param_set(&p, argv[optind + 1], value) < 0)
			return pw_usage_error("risk", "unknown parameter '%s' or bad value '%s' "
			                              "(see 'parkwatch risk list')",
			                      argv[optind + 1], argv[optind + 2]);
	} else if (strcmp(action, "recompute") == 0) {
		if (nargs > 1)
			return pw_usage_error("risk", "usage: risk recompute [ENTERPRISE]");
	} else {
		return pw_usage_error("risk", "unknown action '%s' (list, set, recompute)", action);
	}
	bool reading = strcmp(action, "list") == 0;
	struct pw_store *st = cli_open_store(ctx, reading ? PW_STORE_READONLY : 0);
	if (!st)
		return PW_EXIT_FAIL;
	int rc = PW_EXIT_OK, changed = 0;
	if (reading) {
		rc = risk_list(st);
	} else {
		int r;
		if (strcmp(action, "set") == 0)
			r = store_risk_param_change(st, argv[optind + 1], value, pw_operator_name(op),
			                            pw_now_ms(), &changed);
		else if (nargs == 1)
			r = store_risk_recompute_code(st, argv[optind + 1], pw_now_ms(), &changed);
		else
			r = store_risk_recompute(st, 0, pw_now_ms(), &changed);
		if (r == PW_STORE_NOTFOUND) {
			pw_error("risk", "no enterprise %s", argv[optind + 1]);
			rc = PW_EXIT_FAIL;
		} else if (r != 0) {
			pw_error("risk", "%s", store_errmsg(st));
			rc = PW_EXIT_FAIL;
		} else {
			printf("%d enterprises changed colour\n", changed);
		}
	}
	store_close(st);
	return rc;
}
