/*
 * cmd_log.c - `parkwatch log [--category C] [--flag] [--operator NAME] TEXT...`:
 * append one duty-log entry as the current operator and print its id.
 * `log --clear-flag ID REASON...` clears entry ID's flag (the console's x on
 * the Duty log screen): it appends the "flag_clear" entry that says so.
 *
 * The words of TEXT are joined with single spaces, as a shell user expects of
 * an unquoted note. Text that cannot be stored as it is (empty, not UTF-8,
 * over the size limit) is bad usage: nothing is written.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/store_duty.h"
#include "parkwatch/store_duty_views.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

#define CATEGORY_MAX 32

struct log_args {
	const char *category;
	const char *operator_name;
	bool flagged;
	long long clear_id; /* --clear-flag ID, 0 when not given */
	char *text; /* owned */
};

/* Categories are short words ("note", "handover"): [a-z0-9_-], 1..32 bytes. */
static bool category_ok(const char *c)
{
	size_t n = strlen(c);
	if (n == 0 || n > CATEGORY_MAX)
		return false;
	return strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static bool all_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Fill *a from argv; returns 0, or PW_EXIT_USAGE after reporting. */
static int parse_args(int argc, char **argv, struct log_args *a)
{
	static const struct option opts[] = {
		{"category", required_argument, NULL, 'c'},
		{"flag", no_argument, NULL, 'F'},
		{"operator", required_argument, NULL, 'o'},
		{"clear-flag", required_argument, NULL, 'x'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:", opts, NULL)) != -1) {
		switch (c) {
		case 'c': a->category = optarg; break;
		case 'F': a->flagged = true; break;
		case 'o': a->operator_name = optarg; break;
		case 'x':
			if ((a->clear_id = cli_parse_id(optarg)) < 0)
				return pw_usage_error("log", "--clear-flag needs an entry id, not '%s'", optarg);
			break;
		case ':': return pw_usage_error("log", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("log", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (a->clear_id && (a->flagged || strcmp(a->category, "note") != 0))
		return pw_usage_error("log", "--clear-flag takes only a reason (no --flag or --category)");
	if (!a->clear_id && strcmp(a->category, "flag_clear") == 0)
		return pw_usage_error("log", "category flag_clear is written by --clear-flag ID REASON");
	if (!category_ok(a->category))
		return pw_usage_error("log", "category must be a short word of a-z, 0-9, '_' or '-'");
	struct sbuf b;
	sbuf_init(&b);
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			sbuf_addc(&b, ' ');
		sbuf_adds(&b, argv[i]);
	}
	a->text = sbuf_steal(&b);
	if (all_blank(a->text))
		return pw_usage_error("log", "no text to log");
	if (strlen(a->text) > PW_DUTY_TEXT_MAX)
		return pw_usage_error("log", "text is %zu bytes, at most %d are allowed",
		                      strlen(a->text), PW_DUTY_TEXT_MAX);
	if (!pw_utf8_valid(a->text, strlen(a->text)))
		return pw_usage_error("log", "text is not valid UTF-8");
	return 0;
}

int cmd_log(struct pw_ctx *ctx, int argc, char **argv)
{
	struct log_args a = {.category = "note"};
	int rc = parse_args(argc, argv, &a);
	if (rc != 0) {
		free(a.text);
		return rc;
	}
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st) {
		free(a.text);
		return PW_EXIT_FAIL;
	}
	int64_t id = 0;
	if (a.clear_id)
		rc = store_duty_flag_clear(st, pw_operator_name(a.operator_name), a.clear_id, a.text, &id);
	else
		rc = store_duty_append(st, pw_operator_name(a.operator_name), a.category, a.text,
		                       a.flagged, &id);
	if (rc != 0) {
		pw_error("log", "%s", store_errmsg(st));
		rc = PW_EXIT_FAIL;
	} else {
		printf("%" PRId64 "\n", id);
	}
	store_close(st);
	free(a.text);
	return rc;
}
