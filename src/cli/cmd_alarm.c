/*
 * cmd_alarm.c - the command-line twins of the console's alarm keys:
 *
 *   parkwatch alarm ack ID [--comment C] [--operator NAME]
 *   parkwatch alarm shelve ID --for MINUTES --reason R [--operator NAME]
 *   parkwatch alarm unshelve ID [--operator NAME]
 *
 * Each writes the same alarm_events row and duty-log entry as the console
 * (store_alarms.h) and prints the alarm's new state. Bad usage exits 2; an
 * unknown alarm or an action its state does not allow exits 1 saying why,
 * and changes nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/util.h"

struct alarm_args {
	const char *action;       /* "ack", "shelve", "unshelve" */
	char what[32];            /* "alarm ack": prefix of messages */
	long long id;
	const char *comment;
	const char *reason;
	const char *operator_name;
	long minutes;             /* -1 = not given */
};

static int parse_id(const struct alarm_args *a, const char *s, long long *id)
{
	long v;
	if (pw_parse_long(s, &v) < 0 || v <= 0)
		return pw_usage_error(a->what, "'%s' is not an alarm id", s);
	*id = v;
	return 0;
}

static int parse_options(int argc, char **argv, struct alarm_args *a)
{
	static const struct option opts[] = {
		{"comment", required_argument, NULL, 'c'},
		{"for", required_argument, NULL, 'f'},
		{"reason", required_argument, NULL, 'r'},
		{"operator", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'c': a->comment = optarg; break;
		case 'r': a->reason = optarg; break;
		case 'o': a->operator_name = optarg; break;
		case 'f':
			if (pw_parse_long(optarg, &a->minutes) < 0 || a->minutes < 1 ||
			    a->minutes > STORE_ALARM_SHELVE_MAX_MIN)
				return pw_usage_error(a->what, "--for takes minutes, 1 to %d",
				                      STORE_ALARM_SHELVE_MAX_MIN);
			break;
		case ':': return pw_usage_error(a->what, "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error(a->what, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return pw_usage_error(a->what, "which alarm? give its id");
	if (optind + 1 < argc)
		return pw_usage_error(a->what, "one alarm id only, '%s' is extra", argv[optind + 1]);
	return parse_id(a, argv[optind], &a->id);
}

/* Which options go with which action. */
static int check_options(struct alarm_args *a)
{
	bool shelve = strcmp(a->action, "shelve") == 0;
	if (shelve && a->minutes < 0)
		return pw_usage_error(a->what, "--for MINUTES is required");
	if (shelve && (!a->reason || a->reason[strspn(a->reason, " \t")] == '\0'))
		return pw_usage_error(a->what, "--reason is required: say why the alarm is shelved");
	if (!shelve && (a->minutes >= 0 || a->reason))
		return pw_usage_error(a->what, "--for and --reason go with 'alarm shelve'");
	if (strcmp(a->action, "ack") != 0 && a->comment)
		return pw_usage_error(a->what, "--comment goes with 'alarm ack'");
	return 0;
}

static int parse_args(int argc, char **argv, struct alarm_args *a)
{
	if (argc < 2)
		return pw_usage_error("alarm", "ack, shelve or unshelve?");
	a->action = argv[1];
	if (strcmp(a->action, "ack") != 0 && strcmp(a->action, "shelve") != 0 &&
	    strcmp(a->action, "unshelve") != 0)
		return pw_usage_error("alarm", "unknown action '%s' (ack, shelve or unshelve)", a->action);
	snprintf(a->what, sizeof a->what, "alarm %s", a->action);
	int rc = parse_options(argc - 1, argv + 1, a);
	return rc ? rc : check_options(a);
}

/* Run the action; prints the new state. Returns the store's code. */
static int run_action(struct pw_store *st, const struct alarm_args *a)
{
	char state[STORE_ALARM_STATE_SZ] = "";
	const char *op = pw_operator_name(a->operator_name);
	int64_t now = pw_now_ms();
	int rc;
	if (strcmp(a->action, "ack") == 0)
		rc = store_alarm_ack(st, a->id, op, a->comment, state);
	else if (strcmp(a->action, "shelve") == 0)
		rc = store_alarm_shelve(st, a->id, (int)a->minutes, a->reason, op, now, state);
	else
		rc = store_alarm_unshelve(st, a->id, op, state);
	if (rc != 0)
		return rc;
	if (strcmp(a->action, "shelve") == 0) {
		char until[PW_TIME_BUFSZ];
		printf("alarm %lld: %s until %s\n", a->id, state,
		       pw_time_iso(until, now + a->minutes * 60000, false));
	} else {
		printf("alarm %lld: %s\n", a->id, state);
	}
	return 0;
}

int cmd_alarm(struct pw_ctx *ctx, int argc, char **argv)
{
	struct alarm_args a = {.minutes = -1};
	int rc = parse_args(argc, argv, &a);
	if (rc != 0)
		return rc;
	struct pw_store *st;
	if (!(st = cli_open_store(ctx, 0)))
		return PW_EXIT_FAIL;
	rc = run_action(st, &a);
	if (rc != 0)
		pw_error(a.what, "%s", store_errmsg(st));
	store_close(st);
	return rc == 0 ? PW_EXIT_OK : PW_EXIT_FAIL;
}
