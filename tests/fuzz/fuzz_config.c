/*
 * fuzz_config.c - libFuzzer harness for the ini configuration parser,
 * pw_config_parse_string (config.h).
 *
 * Input: the file's text. inih reads a string up to its NUL, as a file's
 * text would be, so the input is cut at the first NUL. Checked promises:
 *   - success: every number is inside its key's range and the string keys
 *     that have defaults still have a value; parsing is deterministic (a
 *     second parse into fresh defaults gives the same configuration);
 *   - failure: returns -1 with "FILE:LINE: why", LINE a line of the input.
 * A broken promise traps. Unknown keys are warned about on stderr, which is
 * pointed at /dev/null (libFuzzer and the sanitizers keep their own
 * streams) so that a long run does not fill a log with them.
 *
 * Run: ./tests/fuzz/fuzz_config -max_total_time=60 NEWDIR tests/fuzz/corpus/config
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/config.h"
#include "parkwatch/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "fuzz.ini"

static FILE *report;  /* the real stderr */

/* A broken promise: say which, then trap so libFuzzer keeps the input. */
static void broken(const char *what, int line)
{
	fprintf(report ? report : stderr, "%s:%d: promise broken: %s\n", __FILE__, line, what);
	__builtin_trap();
}
#define check(ok) ((ok) ? (void)0 : broken(#ok, __LINE__))

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* glibc's stderr is an ordinary variable; libFuzzer took its copy at start. */
	FILE *null = fopen("/dev/null", "w");
	report = stderr;
	if (null)
		stderr = null;
	return 0;
}

static int in(int v, int lo, int hi)
{
	return v >= lo && v <= hi;
}

static int same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static int same(const struct pw_config *a, const struct pw_config *b)
{
	return same_str(a->timezone, b->timezone) && same_str(a->name, b->name) &&
	       same_str(a->theme, b->theme) && same_str(a->broker, b->broker) &&
	       same_str(a->username, b->username) && same_str(a->password, b->password) &&
	       same_str(a->cafile, b->cafile) && same_str(a->capath, b->capath) &&
	       same_str(a->certfile, b->certfile) && same_str(a->keyfile, b->keyfile) &&
	       same_str(a->topic_prefix, b->topic_prefix) && a->bell == b->bell &&
	       a->flash == b->flash && a->notify == b->notify && a->max_fps == b->max_fps &&
	       a->keepalive_s == b->keepalive_s && a->raw_retention_h == b->raw_retention_h &&
	       a->rollup_retention_d == b->rollup_retention_d && a->rejected_max == b->rejected_max &&
	       a->comm_timeout_s == b->comm_timeout_s && a->flood_count == b->flood_count &&
	       a->flood_window_s == b->flood_window_s && a->future_skew_s == b->future_skew_s &&
	       a->past_window_s == b->past_window_s && a->downwind_km == b->downwind_km &&
	       a->inspection_overdue_d == b->inspection_overdue_d &&
	       a->password_from_file == b->password_from_file;
}

/* The ranges config.c's key table documents (config.example says the same). */
static void check_ranges(const struct pw_config *c)
{
	check(c->timezone && c->name && c->theme && c->topic_prefix);
	check(in(c->max_fps, 1, 60) && in(c->keepalive_s, 5, 3600));
	check(in(c->raw_retention_h, 1, 24 * 366) && in(c->rollup_retention_d, 1, 3660));
	check(in(c->rejected_max, 10, 10000000) && in(c->comm_timeout_s, 10, 86400));
	check(in(c->flood_count, 1, 100000) && in(c->flood_window_s, 10, 86400));
	check(in(c->future_skew_s, 0, 86400 * 30) && in(c->past_window_s, 60, 86400 * 366));
	check(c->downwind_km >= 0.1 && c->downwind_km <= 100);
	check(in(c->inspection_overdue_d, 1, 3650));
	check(c->password_from_file == (c->password != NULL));
}

static void check_error(const char *err, const char *text)
{
	check(err != NULL && strncmp(err, FILE_NAME ":", strlen(FILE_NAME ":")) == 0);
	char *end;
	long line = strtol(err + strlen(FILE_NAME ":"), &end, 10);
	long lines = 1;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	check(line >= 1 && line <= lines && end[0] == ':' && end[1] == ' ');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct pw_config a, b;
	char *err = NULL;
	pw_config_defaults(&a);
	if (pw_config_parse_string(&a, text, FILE_NAME, &err) == 0) {
		check(err == NULL);
		check_ranges(&a);
		pw_config_defaults(&b);
		check(pw_config_parse_string(&b, text, FILE_NAME, &err) == 0);
		check(same(&a, &b));
		pw_config_free(&b);
	} else {
		check_error(err, text);
		free(err);
	}
	pw_config_free(&a);
	free(text);
	return 0;
}
