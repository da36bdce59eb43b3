/* test_theme.c - theme files, roles and colour fallback (src/core/theme.c). */
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

#include "parkwatch/embed.h"
#include "parkwatch/theme.h"
#include "parkwatch/util.h"

static const char *const builtin_themes[] = {"default", "night", "mono", "high-contrast"};

static const char *builtin_text(const char *name)
{
	char *path = xasprintf("themes/%s.theme", name);
	const struct pw_embedded *e = pw_embedded_find(path);
	free(path);
	assert_non_null(e);
	return e->data;
}

/* Parse TEXT as "t.theme" expecting failure; returns the message (caller frees). */
static char *parse_error(const char *text)
{
	struct pw_theme t;
	char *err = NULL;
	pw_theme_init(&t);
	assert_int_equal(pw_theme_parse(&t, text, "t.theme", &err), -1);
	assert_non_null(err);
	return err;
}

#define assert_parse_error(text, expected)              \
	do {                                                \
		char *err_ = parse_error(text);                 \
		assert_string_equal(err_, (expected));          \
		free(err_);                                     \
	} while (0)

static struct pw_theme parse_ok(const char *text)
{
	struct pw_theme t;
	char *err = NULL;
	pw_theme_init(&t);
	if (pw_theme_parse(&t, text, "t.theme", &err) != 0)
		fail_msg("unexpected parse error: %s", err);
	return t;
}

static bool style_equal(struct pw_style a, struct pw_style b)
{
	return a.fg == b.fg && a.bg == b.bg && a.attrs == b.attrs;
}

/* True when a line of TEXT starts with ROLE followed by blanks and '='. */
static bool mentions_role(const char *text, const char *role)
{
	size_t n = strlen(role);
	const char *line = text;
	while (line && *line) {
		if (strncmp(line, role, n) == 0 && line[n + strspn(line + n, " \t")] == '=')
			return true;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

/* ---- the built-in themes --------------------------------------------------------- */

static void test_each_builtin_theme_parses_and_sets_every_role(void **state)
{
	(void)state;
	for (size_t i = 0; i < PW_ARRAY_LEN(builtin_themes); i++) {
		const char *text = builtin_text(builtin_themes[i]);
		struct pw_theme t;
		char *err = NULL;
		if (pw_theme_parse(&t, text, builtin_themes[i], &err) != 0)
			fail_msg("%s", err);
		for (int r = 0; r < PW_ROLE_COUNT; r++)
			if (!mentions_role(text, pw_theme_role_name(r)))
				fail_msg("theme %s does not set role %s", builtin_themes[i],
				         pw_theme_role_name(r));
	}
}

static void test_mono_theme_uses_no_colour_and_matches_builtin_fallback(void **state)
{
	(void)state;
	struct pw_theme file = parse_ok(builtin_text("mono"));
	struct pw_theme fallback;
	pw_theme_mono(&fallback);
	assert_false(pw_theme_uses_colour(&file));
	assert_false(pw_theme_uses_colour(&fallback));
	assert_int_equal(pw_theme_max_colour(&fallback), -1);
	assert_string_equal(fallback.name, "mono");
	for (int r = 0; r < PW_ROLE_COUNT; r++)
		if (!style_equal(file.role[r], fallback.role[r]))
			fail_msg("role %s: themes/mono.theme and pw_theme_mono() differ",
			         pw_theme_role_name(r));
}

static void test_colour_themes_use_colour(void **state)
{
	(void)state;
	const char *colour[] = {"default", "night", "high-contrast"};
	for (size_t i = 0; i < PW_ARRAY_LEN(colour); i++) {
		struct pw_theme t = parse_ok(builtin_text(colour[i]));
		assert_true(pw_theme_uses_colour(&t));
	}
}

/* In mono, risk levels and alarm priorities must still look different. */
static void test_mono_keeps_risk_and_priority_apart(void **state)
{
	(void)state;
	struct pw_theme t;
	pw_theme_mono(&t);
	const enum pw_role risk[] = {PW_ROLE_RISK_RED, PW_ROLE_RISK_ORANGE, PW_ROLE_RISK_YELLOW,
	                             PW_ROLE_RISK_BLUE};
	const enum pw_role prio[] = {PW_ROLE_PRIO1, PW_ROLE_PRIO2, PW_ROLE_PRIO3};
	for (size_t i = 0; i < PW_ARRAY_LEN(risk); i++)
		for (size_t j = i + 1; j < PW_ARRAY_LEN(risk); j++)
			assert_false(style_equal(t.role[risk[i]], t.role[risk[j]]));
	for (size_t i = 0; i < PW_ARRAY_LEN(prio); i++)
		for (size_t j = i + 1; j < PW_ARRAY_LEN(prio); j++)
			assert_false(style_equal(t.role[prio[i]], t.role[prio[j]]));
	assert_false(style_equal(t.role[PW_ROLE_SELECTED], t.role[PW_ROLE_NORMAL]));
}

/* On an 8- or 16-colour terminal no text may vanish into its background. */
static void test_builtin_themes_stay_readable_with_8_and_16_colours(void **state)
{
	(void)state;
	const int depth[] = {8, 16, 256};
	for (size_t i = 0; i < PW_ARRAY_LEN(builtin_themes); i++) {
		struct pw_theme t = parse_ok(builtin_text(builtin_themes[i]));
		for (size_t d = 0; d < PW_ARRAY_LEN(depth); d++) {
			for (int r = 0; r < PW_ROLE_COUNT; r++) {
				int fg = pw_theme_colour_fit(t.role[r].fg, depth[d]);
				int bg = pw_theme_colour_fit(t.role[r].bg, depth[d]);
				if (fg == bg && fg != PW_COLOUR_DEFAULT)
					fail_msg("%s at %d colours: role %s is colour %d on itself",
					         builtin_themes[i], depth[d], pw_theme_role_name(r), fg);
			}
			struct pw_style n = t.role[PW_ROLE_NORMAL], s = t.role[PW_ROLE_SELECTED];
			assert_true(s.attrs != n.attrs ||
			            pw_theme_colour_fit(s.bg, depth[d]) != pw_theme_colour_fit(n.bg, depth[d]));
		}
	}
}

/* ---- the file format ------------------------------------------------------------ */

static void test_parse_colours_backgrounds_and_attributes(void **state)
{
	(void)state;
	struct pw_theme t = parse_ok("# a theme\n"
	                             "\n"
	                             "normal = white on black\n"
	                             "title = bright-yellow on 17 bold underline  # comment\n"
	                             "prio1 = 196 reverse BLINK\n"
	                             "Status = Default On Default Standout Dim\r\n");
	assert_int_equal(t.role[PW_ROLE_NORMAL].fg, 7);
	assert_int_equal(t.role[PW_ROLE_NORMAL].bg, 0);
	assert_int_equal(t.role[PW_ROLE_TITLE].fg, 11);
	assert_int_equal(t.role[PW_ROLE_TITLE].bg, 17);
	assert_int_equal(t.role[PW_ROLE_TITLE].attrs, PW_ATTR_BOLD | PW_ATTR_UNDERLINE);
	assert_int_equal(t.role[PW_ROLE_PRIO1].fg, 196);
	assert_int_equal(t.role[PW_ROLE_PRIO1].attrs, PW_ATTR_REVERSE | PW_ATTR_BLINK);
	assert_int_equal(t.role[PW_ROLE_STATUS].fg, PW_COLOUR_DEFAULT);
	assert_int_equal(t.role[PW_ROLE_STATUS].bg, PW_COLOUR_DEFAULT);
	assert_int_equal(t.role[PW_ROLE_STATUS].attrs, PW_ATTR_STANDOUT | PW_ATTR_DIM);
}

static void test_role_not_in_file_inherits_normal(void **state)
{
	(void)state;
	struct pw_theme t = parse_ok("warn = yellow\nnormal = green on black bold\n");
	struct pw_style normal = {2, 0, PW_ATTR_BOLD};
	assert_true(style_equal(t.role[PW_ROLE_HELP], normal));
	assert_true(style_equal(t.role[PW_ROLE_RISK_BLUE], normal));
	/* Without "on BG" a role keeps normal's background, even if normal comes later. */
	assert_int_equal(t.role[PW_ROLE_WARN].fg, 3);
	assert_int_equal(t.role[PW_ROLE_WARN].bg, 0);
	assert_int_equal(t.role[PW_ROLE_WARN].attrs, 0);
}

static void test_empty_theme_is_all_plain(void **state)
{
	(void)state;
	struct pw_theme t = parse_ok("");
	assert_false(pw_theme_uses_colour(&t));
	for (int r = 0; r < PW_ROLE_COUNT; r++)
		assert_int_equal(t.role[r].attrs, 0);
}

static void test_bad_syntax_names_file_and_line(void **state)
{
	(void)state;
	assert_parse_error("normal = default\n\nthis is not a setting\n",
	                   "t.theme:3: expected 'ROLE = FG [on BG] [ATTR...]'");
	assert_parse_error("normal warn = red\n", "t.theme:1: expected one role name before '='");
	assert_parse_error("# only\nwarn =\n", "t.theme:2: warn: missing colour after '='");
	assert_parse_error("warn = red on\n", "t.theme:1: 'on' needs a background colour");
	assert_parse_error("warn = red bold on blue\n",
	                   "t.theme:1: 'on BG' must come straight after the foreground colour");
	assert_parse_error("warn = red\nok = green\nwarn = yellow\n",
	                   "t.theme:3: role warn set twice (also on line 1)");
}

static void test_unknown_role_is_an_error(void **state)
{
	(void)state;
	assert_parse_error("normal = default\nalarm_red = red\n", "t.theme:2: unknown role 'alarm_red'");
	/* Hostile bytes in a bad word are not echoed to the terminal. */
	assert_parse_error("\x1b]0;x\x07role = red\n", "t.theme:1: unknown role 'role'");
}

static void test_unknown_colour_or_attribute_is_an_error(void **state)
{
	(void)state;
	const char *bad[] = {"pink", "bright-orange", "256", "-1", "1000", "bright-", "0x10", "brightred"};
	for (size_t i = 0; i < PW_ARRAY_LEN(bad); i++) {
		char *text = xasprintf("normal = default\nwarn = %s\n", bad[i]);
		char *expect = xasprintf("t.theme:2: unknown colour '%s' (use default, black, red, "
		                         "green, yellow, blue, magenta, cyan, white, bright-NAME or 0-255)",
		                         bad[i]);
		assert_parse_error(text, expect);
		free(text);
		free(expect);
	}
	char *err = parse_error("warn = red on purple\n");
	assert_non_null(strstr(err, "t.theme:1: unknown colour 'purple'"));
	free(err);
	assert_parse_error("warn = red italic\n",
	                   "t.theme:1: unknown attribute 'italic' (use bold, dim, reverse, underline, "
	                   "blink, standout)");
}

static void test_failed_parse_leaves_theme_unchanged(void **state)
{
	(void)state;
	struct pw_theme t, before;
	char *err = NULL;
	pw_theme_mono(&t);
	before = t;
	assert_int_equal(pw_theme_parse(&t, "normal = red\nwarn = nope\n", "t.theme", &err), -1);
	free(err);
	assert_memory_equal(&t, &before, sizeof t);
}

static void test_role_names_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < PW_ROLE_COUNT; r++) {
		const char *name = pw_theme_role_name(r);
		assert_non_null(name);
		assert_int_equal(pw_theme_role_from_name(name), r);
	}
	assert_string_equal(pw_theme_role_name(PW_ROLE_RISK_RED), "risk_red");
	assert_string_equal(pw_theme_role_name(PW_ROLE_STATUS_ALERT), "status_alert");
	assert_int_equal(pw_theme_role_from_name("LINK_DOWN"), PW_ROLE_LINK_DOWN);
	assert_null(pw_theme_role_name(PW_ROLE_COUNT));
	assert_int_equal(pw_theme_role_from_name("nonsense"), -1);
	assert_int_equal(pw_theme_role_from_name(NULL), -1);
}

static void test_colour_fit_falls_back_to_nearest_ansi(void **state)
{
	(void)state;
	assert_int_equal(pw_theme_colour_fit(PW_COLOUR_DEFAULT, 8), PW_COLOUR_DEFAULT);
	assert_int_equal(pw_theme_colour_fit(5, 8), 5);
	assert_int_equal(pw_theme_colour_fit(9, 8), 1);      /* bright-red -> red */
	assert_int_equal(pw_theme_colour_fit(9, 16), 9);
	assert_int_equal(pw_theme_colour_fit(208, 8), 3);    /* orange -> yellow */
	assert_int_equal(pw_theme_colour_fit(196, 16), 9);   /* pure red -> bright red */
	assert_int_equal(pw_theme_colour_fit(196, 8), 1);
	assert_int_equal(pw_theme_colour_fit(232, 8), 0);    /* near-black grey */
	assert_int_equal(pw_theme_colour_fit(231, 16), 15);  /* white */
	assert_int_equal(pw_theme_colour_fit(208, 256), 208);
	assert_int_equal(pw_theme_colour_fit(3, 0), PW_COLOUR_DEFAULT);
}

/* ---- loading by name -------------------------------------------------------------- */

struct tmp_config {
	char dir[64];
	char *themes;
	char *file;
};

/* A private XDG_CONFIG_HOME holding themes/NAME.theme = TEXT (NULL: no file). */
static void tmp_config_make(struct tmp_config *c, const char *name, const char *text)
{
	snprintf(c->dir, sizeof c->dir, "/tmp/pw-theme-XXXXXX");
	assert_non_null(mkdtemp(c->dir));
	char *pw = xasprintf("%s/parkwatch", c->dir);
	c->themes = xasprintf("%s/themes", pw);
	assert_int_equal(mkdir(pw, 0700), 0);
	assert_int_equal(mkdir(c->themes, 0700), 0);
	free(pw);
	c->file = NULL;
	if (text) {
		c->file = xasprintf("%s/%s.theme", c->themes, name);
		FILE *f = fopen(c->file, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	}
	setenv("XDG_CONFIG_HOME", c->dir, 1);
}

static void tmp_config_remove(struct tmp_config *c)
{
	if (c->file)
		unlink(c->file);
	rmdir(c->themes);
	char *pw = xasprintf("%s/parkwatch", c->dir);
	rmdir(pw);
	free(pw);
	rmdir(c->dir);
	free(c->themes);
	free(c->file);
	unsetenv("XDG_CONFIG_HOME");
}

static void test_load_finds_builtin_theme_by_name(void **state)
{
	(void)state;
	struct tmp_config c;
	tmp_config_make(&c, "none", NULL);
	struct pw_theme t;
	char *err = NULL;
	if (pw_theme_load(&t, "high-contrast", &err) != 0)
		fail_msg("%s", err);
	assert_string_equal(t.name, "high-contrast");
	assert_true(pw_theme_uses_colour(&t));
	tmp_config_remove(&c);
}

static void test_load_prefers_users_own_theme(void **state)
{
	(void)state;
	struct tmp_config c;
	tmp_config_make(&c, "mono", "normal = red on black\n");
	struct pw_theme t;
	char *err = NULL;
	if (pw_theme_load(&t, "mono", &err) != 0)
		fail_msg("%s", err);
	assert_string_equal(t.name, "mono");
	assert_int_equal(t.role[PW_ROLE_NORMAL].fg, 1);
	assert_int_equal(t.role[PW_ROLE_NORMAL].bg, 0);
	tmp_config_remove(&c);
}

static void test_load_reports_error_in_users_theme_with_path_and_line(void **state)
{
	(void)state;
	struct tmp_config c;
	tmp_config_make(&c, "mine", "normal = default\nwarn = yelow\n");
	struct pw_theme t;
	char *err = NULL;
	assert_int_equal(pw_theme_load(&t, "mine", &err), -1);
	char *prefix = xasprintf("%s:2: unknown colour 'yelow'", c.file);
	assert_memory_equal(err, prefix, strlen(prefix));
	free(prefix);
	free(err);
	tmp_config_remove(&c);
}

static void test_load_unknown_theme_is_an_error(void **state)
{
	(void)state;
	struct tmp_config c;
	tmp_config_make(&c, "none", NULL);
	struct pw_theme t;
	char *err = NULL;
	assert_int_equal(pw_theme_load(&t, "no-such-theme", &err), -1);
	assert_non_null(strstr(err, "theme 'no-such-theme' not found"));
	free(err);
	tmp_config_remove(&c);
}

static void test_load_rejects_names_that_could_be_paths(void **state)
{
	(void)state;
	const char *bad[] = {"", "../../etc/passwd", "a/b", "mono.theme", "/tmp/x", "sp ace",
	                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
	for (size_t i = 0; i < PW_ARRAY_LEN(bad); i++) {
		struct pw_theme t;
		char *err = NULL;
		assert_int_equal(pw_theme_load(&t, bad[i], &err), -1);
		assert_non_null(strstr(err, "letters, digits, '-' and '_' only"));
		free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_builtin_theme_parses_and_sets_every_role),
		cmocka_unit_test(test_mono_theme_uses_no_colour_and_matches_builtin_fallback),
		cmocka_unit_test(test_colour_themes_use_colour),
		cmocka_unit_test(test_mono_keeps_risk_and_priority_apart),
		cmocka_unit_test(test_builtin_themes_stay_readable_with_8_and_16_colours),
		cmocka_unit_test(test_parse_colours_backgrounds_and_attributes),
		cmocka_unit_test(test_role_not_in_file_inherits_normal),
		cmocka_unit_test(test_empty_theme_is_all_plain),
		cmocka_unit_test(test_bad_syntax_names_file_and_line),
		cmocka_unit_test(test_unknown_role_is_an_error),
		cmocka_unit_test(test_unknown_colour_or_attribute_is_an_error),
		cmocka_unit_test(test_failed_parse_leaves_theme_unchanged),
		cmocka_unit_test(test_role_names_round_trip),
		cmocka_unit_test(test_colour_fit_falls_back_to_nearest_ansi),
		cmocka_unit_test(test_load_finds_builtin_theme_by_name),
		cmocka_unit_test(test_load_prefers_users_own_theme),
		cmocka_unit_test(test_load_reports_error_in_users_theme_with_path_and_line),
		cmocka_unit_test(test_load_unknown_theme_is_an_error),
		cmocka_unit_test(test_load_rejects_names_that_could_be_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
