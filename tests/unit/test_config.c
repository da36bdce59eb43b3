/* test_config.c - the ini configuration over its defaults (src/core/config.c). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parkwatch/config.h"
#include "parkwatch/util.h"

/* ---- helpers ------------------------------------------------------------------ */

/* Capture what the code under test writes to stderr. */
struct stderr_capture {
	int saved_fd;
	FILE *tmp;
};

static void capture_start(struct stderr_capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved_fd = dup(STDERR_FILENO);
	assert_true(c->saved_fd >= 0);
	assert_true(dup2(fileno(c->tmp), STDERR_FILENO) >= 0);
}

/* Stop capturing; returns everything written (caller frees). */
static char *capture_stop(struct stderr_capture *c)
{
	fflush(stderr);
	dup2(c->saved_fd, STDERR_FILENO);
	close(c->saved_fd);
	struct sbuf b;
	char chunk[512];
	size_t n;
	sbuf_init(&b);
	rewind(c->tmp);
	while ((n = fread(chunk, 1, sizeof chunk, c->tmp)) > 0)
		sbuf_add(&b, chunk, n);
	fclose(c->tmp);
	return sbuf_steal(&b);
}

/* Write TEXT to a new file with MODE; returns its path (caller unlinks, frees). */
static char *write_temp(const char *text, mode_t mode)
{
	char *path = xstrdup("/tmp/pw-config-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

/* Parse TEXT as "site.ini" expecting failure; returns the message (caller frees). */
static char *parse_error(const char *text)
{
	struct pw_config cfg;
	char *err = NULL;
	pw_config_defaults(&cfg);
	assert_int_equal(pw_config_parse_string(&cfg, text, "site.ini", &err), -1);
	pw_config_free(&cfg);
	assert_non_null(err);
	return err;
}

#define assert_parse_error(text, expected)          \
	do {                                            \
		char *err_ = parse_error(text);             \
		assert_string_equal(err_, (expected));      \
		free(err_);                                 \
	} while (0)

/* ---- tests ---------------------------------------------------------------------- */

static void test_defaults_cover_every_key(void **state)
{
	(void)state;
	struct pw_config cfg;
	pw_config_defaults(&cfg);
	assert_string_equal(cfg.timezone, "Asia/Shanghai");
	assert_string_equal(cfg.theme, "default");
	assert_string_equal(cfg.topic_prefix, "park");
	assert_non_null(cfg.name);
	assert_true(cfg.bell);
	assert_false(cfg.flash);
	assert_int_equal(cfg.max_fps, 10);
	assert_int_equal(cfg.keepalive_s, 30);
	assert_int_equal(cfg.raw_retention_h, 48);
	assert_int_equal(cfg.rollup_retention_d, 90);
	assert_int_equal(cfg.comm_timeout_s, 300);
	assert_int_equal(cfg.flood_count, 10);
	assert_int_equal(cfg.flood_window_s, 600);
	assert_int_equal(cfg.future_skew_s, 300);
	assert_int_equal(cfg.past_window_s, 7 * 24 * 3600);
	assert_true(cfg.downwind_km > 1.99 && cfg.downwind_km < 2.01);
	assert_int_equal(cfg.inspection_overdue_d, 30);
	assert_null(cfg.broker);
	assert_null(cfg.password);
	assert_null(cfg.loaded_from);
	pw_config_free(&cfg);
}

static void test_valid_text_overrides_only_the_keys_given(void **state)
{
	(void)state;
	struct pw_config cfg;
	char *err = NULL;
	pw_config_defaults(&cfg);
	int rc = pw_config_parse_string(&cfg,
	                                "; site settings\n"
	                                "[site]\n"
	                                "name = 化工园区应急指挥中心\n"
	                                "[console]\n"
	                                "theme = night\n"
	                                "bell = off\n"
	                                "flash = Yes\n"
	                                "max_fps = 25\n"
	                                "[mqtt]\n"
	                                "broker = mqtts://broker.example:8883\n"
	                                "[linkage]\n"
	                                "downwind_km = 3.5\n",
	                                "site.ini", &err);
	assert_int_equal(rc, 0);
	assert_string_equal(cfg.name, "化工园区应急指挥中心");
	assert_string_equal(cfg.theme, "night");
	assert_false(cfg.bell);
	assert_true(cfg.flash);
	assert_int_equal(cfg.max_fps, 25);
	assert_string_equal(cfg.broker, "mqtts://broker.example:8883");
	assert_true(cfg.downwind_km > 3.49 && cfg.downwind_km < 3.51);
	assert_string_equal(cfg.timezone, "Asia/Shanghai");  /* untouched */
	assert_int_equal(cfg.flood_count, 10);
	pw_config_free(&cfg);
}

static void test_valid_file_is_loaded_and_remembered(void **state)
{
	(void)state;
	char *path = write_temp("[alarm]\nflood_count = 20\nflood_window = 300\n", 0600);
	struct pw_config cfg;
	char *err = NULL;
	pw_config_defaults(&cfg);
	assert_int_equal(pw_config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.flood_count, 20);
	assert_int_equal(cfg.flood_window_s, 300);
	assert_string_equal(cfg.loaded_from, path);
	pw_config_free(&cfg);
	unlink(path);
	free(path);
}

static void test_bad_value_names_file_and_line(void **state)
{
	(void)state;
	assert_parse_error("[console]\n\nmax_fps = 500\n",
	                   "site.ini:3: [console] max_fps: expected a whole number from 1 to 60, got '500'");
	assert_parse_error("[console]\nbell = sometimes\n",
	                   "site.ini:2: [console] bell: expected yes or no, got 'sometimes'");
	assert_parse_error("[store]\nraw_retention_hours = 2.5\n",
	                   "site.ini:2: [store] raw_retention_hours: expected a whole number from 1 "
	                   "to 8784, got '2.5'");
	assert_parse_error("[linkage]\ndownwind_km = far\n",
	                   "site.ini:2: [linkage] downwind_km: expected a number from 0.1 to 100, "
	                   "got 'far'");
}

static void test_bad_value_in_file_names_path_and_line(void **state)
{
	(void)state;
	char *path = write_temp("[mqtt]\nkeepalive = 1\n", 0600);
	struct pw_config cfg;
	char *err = NULL;
	pw_config_defaults(&cfg);
	assert_int_equal(pw_config_load(&cfg, path, &err), -1);
	char *prefix = xasprintf("%s:2: [mqtt] keepalive:", path);
	assert_memory_equal(err, prefix, strlen(prefix));
	free(prefix);
	free(err);
	pw_config_free(&cfg);
	unlink(path);
	free(path);
}

static void test_syntax_error_names_its_line(void **state)
{
	(void)state;
	assert_parse_error("[site]\ntimezone = UTC\nno equals sign here\n", "site.ini:3: syntax error");
}

static void test_only_the_first_error_is_reported(void **state)
{
	(void)state;
	assert_parse_error("[console]\nmax_fps = 0\nbell = maybe\n",
	                   "site.ini:2: [console] max_fps: expected a whole number from 1 to 60, got '0'");
	/* A syntax error before a bad value must not borrow the value's message. */
	assert_parse_error("[console]\ngarbage\nmax_fps = 0\n", "site.ini:2: syntax error");
}

static void test_unknown_key_is_only_a_warning(void **state)
{
	(void)state;
	struct pw_config cfg;
	struct stderr_capture cap;
	char *err = NULL;
	pw_config_defaults(&cfg);
	capture_start(&cap);
	int rc = pw_config_parse_string(&cfg, "[console]\ncolour = blue\nmax_fps = 5\n", "site.ini", &err);
	char *out = capture_stop(&cap);
	assert_int_equal(rc, 0);
	assert_null(err);
	assert_int_equal(cfg.max_fps, 5);  /* keys after the unknown one still apply */
	assert_non_null(strstr(out, "site.ini:2: unknown key [console] colour"));
	free(out);
	pw_config_free(&cfg);
}

static void test_missing_explicit_file_is_an_error(void **state)
{
	(void)state;
	struct pw_config cfg;
	char *err = NULL;
	pw_config_defaults(&cfg);
	assert_int_equal(pw_config_load(&cfg, "/nonexistent/parkwatch.ini", &err), -1);
	assert_string_equal(err, "/nonexistent/parkwatch.ini: No such file or directory");
	free(err);
	pw_config_free(&cfg);
}

static void test_default_file_comes_from_xdg_config_home(void **state)
{
	(void)state;
	char dir[] = "/tmp/pw-xdg-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *sub = xasprintf("%s/parkwatch", dir);
	char *file = xasprintf("%s/config", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("[console]\ntheme = mono\n", f);
	fclose(f);
	setenv("XDG_CONFIG_HOME", dir, 1);

	struct pw_config cfg;
	char *err = NULL;
	pw_config_defaults(&cfg);
	assert_int_equal(pw_config_load(&cfg, NULL, &err), 0);
	assert_string_equal(cfg.theme, "mono");
	assert_string_equal(cfg.loaded_from, file);
	pw_config_free(&cfg);

	unsetenv("XDG_CONFIG_HOME");
	unlink(file);
	rmdir(sub);
	rmdir(dir);
	free(file);
	free(sub);
}

static void test_password_in_a_world_readable_file_warns(void **state)
{
	(void)state;
	const char *text = "[mqtt]\nusername = duty\npassword = s3cret\n";
	char *open_file = write_temp(text, 0644);
	char *private_file = write_temp(text, 0600);
	struct pw_config cfg;
	struct stderr_capture cap;
	char *err = NULL;

	pw_config_defaults(&cfg);
	capture_start(&cap);
	assert_int_equal(pw_config_load(&cfg, open_file, &err), 0);
	char *out = capture_stop(&cap);
	assert_non_null(strstr(out, "holds a password and is readable by others"));
	assert_null(strstr(out, "s3cret"));
	assert_string_equal(cfg.password, "s3cret");
	free(out);
	pw_config_free(&cfg);

	pw_config_defaults(&cfg);
	capture_start(&cap);
	assert_int_equal(pw_config_load(&cfg, private_file, &err), 0);
	out = capture_stop(&cap);
	assert_string_equal(out, "");
	free(out);
	pw_config_free(&cfg);

	unlink(open_file);
	unlink(private_file);
	free(open_file);
	free(private_file);
}

static void test_unknown_timezone_is_an_error_naming_the_zone(void **state)
{
	(void)state;
	/* glibc would silently run on UTC: clock and shift windows 8 h off */
	char *err = parse_error("[site]\ntimezone = Asia/Shangai\n");
	const char *want = "site.ini:2: [site] timezone: unknown time zone 'Asia/Shangai'";
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got '%s'", err);
	free(err);
	static const char *bad[] = {"Asia", "zone.tab", "../../etc/passwd", "Mars/Olympus",
	                            "CST", "UTC+", ":CST-8"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = xasprintf("[site]\ntimezone = %s\n", bad[i]);
		err = parse_error(text);
		assert_non_null(strstr(err, "unknown time zone"));
		free(err);
		free(text);
	}
	static const char *good[] = {"Asia/Shanghai", "UTC", "Europe/Berlin", ":Asia/Shanghai",
	                             "CST-8", "<+08>-8", "EST5EDT,M3.2.0,M11.1.0"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct pw_config cfg;
		char *text = xasprintf("[site]\ntimezone = %s\n", good[i]);
		err = NULL;
		pw_config_defaults(&cfg);
		if (pw_config_parse_string(&cfg, text, "site.ini", &err) != 0)
			fail_msg("%s refused: %s", good[i], err);
		assert_string_equal(cfg.timezone, good[i]);
		pw_config_free(&cfg);
		free(text);
	}
}

static void test_timezone_check_reads_tzdir_and_wants_a_compiled_zone(void **state)
{
	(void)state;
	char dir[] = "/tmp/pw-tzdir-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *zone = xasprintf("%s/Park", dir), *text = xasprintf("%s/Notes", dir);
	FILE *f = fopen(zone, "w");
	assert_non_null(f);
	fputs("TZif2...", f);
	fclose(f);
	f = fopen(text, "w");
	assert_non_null(f);
	fputs("# not a zone\n", f);
	fclose(f);
	setenv("TZDIR", dir, 1);
	char *why = NULL;
	assert_int_equal(pw_timezone_check("Park", &why), 0);
	assert_int_equal(pw_timezone_check("Notes", &why), -1);
	assert_non_null(strstr(why, "unknown time zone 'Notes'"));
	assert_non_null(strstr(why, dir));
	free(why);
	assert_int_equal(pw_timezone_check("Asia/Shanghai", &why), -1);  /* not in this TZDIR */
	free(why);
	assert_int_equal(pw_timezone_check(zone, &why), 0);               /* an absolute path */
	assert_int_equal(pw_timezone_check("", &why), -1);
	free(why);
	unsetenv("TZDIR");
	unlink(zone);
	unlink(text);
	rmdir(dir);
	free(zone);
	free(text);
}

static void test_unknown_key_warning_carries_no_escape_sequence(void **state)
{
	(void)state;
	struct pw_config cfg;
	struct stderr_capture cap;
	char *err = NULL;
	pw_config_defaults(&cfg);
	capture_start(&cap);
	int rc = pw_config_parse_string(&cfg, "[console]\nx\x1b]0;pwned\x07\x1b[2J = 1\n", "site.ini", &err);
	char *out = capture_stop(&cap);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "site.ini:2: unknown key [console] x"));
	assert_null(strchr(out, 0x1b));
	assert_null(strchr(out, 0x07));
	free(out);
	pw_config_free(&cfg);
}

/* Load TEXT from a file with MODE; returns what went to stderr (caller frees). */
static char *load_warnings(const char *text, mode_t mode)
{
	char *path = write_temp(text, mode);
	struct pw_config cfg;
	struct stderr_capture cap;
	char *err = NULL;
	pw_config_defaults(&cfg);
	capture_start(&cap);
	assert_int_equal(pw_config_load(&cfg, path, &err), 0);
	char *out = capture_stop(&cap);
	pw_config_free(&cfg);
	unlink(path);
	free(path);
	return out;
}

static void test_broker_url_with_a_password_in_a_readable_file_warns(void **state)
{
	(void)state;
	char *out = load_warnings("[mqtt]\nbroker = mqtt://duty:pa/ss#@broker:1883\n", 0640);
	assert_non_null(strstr(out, "holds a password in its broker URL and is readable by others"));
	assert_null(strstr(out, "pa/ss"));
	free(out);
	out = load_warnings("[mqtt]\nbroker = mqtt://duty:pa/ss#@broker:1883\n", 0600);
	assert_string_equal(out, "");
	free(out);
	/* a user without a password, or none at all, is no secret */
	out = load_warnings("[mqtt]\nbroker = mqtt://duty@broker:1883\n", 0644);
	assert_string_equal(out, "");
	free(out);
	out = load_warnings("[mqtt]\nbroker = mqtt://broker:1883\n", 0644);
	assert_string_equal(out, "");
	free(out);
}

static void test_max_wind_speed_defaults_to_75_and_is_bounded(void **state)
{
	(void)state;
	struct pw_config cfg;
	pw_config_defaults(&cfg);
	assert_true(cfg.max_wind_ms > 74.99 && cfg.max_wind_ms < 75.01);
	pw_config_free(&cfg);
	assert_parse_error("[alarm]\nmax_wind_speed = 500\n",
	                   "site.ini:2: [alarm] max_wind_speed: expected a number from 10 to 150, got '500'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_cover_every_key),
		cmocka_unit_test(test_valid_text_overrides_only_the_keys_given),
		cmocka_unit_test(test_valid_file_is_loaded_and_remembered),
		cmocka_unit_test(test_bad_value_names_file_and_line),
		cmocka_unit_test(test_bad_value_in_file_names_path_and_line),
		cmocka_unit_test(test_syntax_error_names_its_line),
		cmocka_unit_test(test_only_the_first_error_is_reported),
		cmocka_unit_test(test_unknown_key_is_only_a_warning),
		cmocka_unit_test(test_missing_explicit_file_is_an_error),
		cmocka_unit_test(test_default_file_comes_from_xdg_config_home),
		cmocka_unit_test(test_password_in_a_world_readable_file_warns),
		cmocka_unit_test(test_unknown_timezone_is_an_error_naming_the_zone),
		cmocka_unit_test(test_timezone_check_reads_tzdir_and_wants_a_compiled_zone),
		cmocka_unit_test(test_unknown_key_warning_carries_no_escape_sequence),
		cmocka_unit_test(test_broker_url_with_a_password_in_a_readable_file_warns),
		cmocka_unit_test(test_max_wind_speed_defaults_to_75_and_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
