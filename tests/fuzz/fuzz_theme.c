/*
 * fuzz_theme.c - libFuzzer harness for the theme file parser,
 * pw_theme_parse (theme.h).
 *
 * Input: the theme text (up to the first NUL, as a file read as a string).
 * Checked promises:
 *   - success: every colour is default or 0-255 and only known attribute
 *     bits are set; writing the theme back as text (every role explicit)
 *     and parsing that gives the same theme;
 *   - failure: returns -1, leaves the theme untouched, and the message is
 *     "FILE:LINE: why" with a line of the input, displayable (valid UTF-8,
 *     no control characters: a theme file's bytes are echoed sanitised).
 * A broken promise traps.
 *
 * Run: ./tests/fuzz/fuzz_theme -max_total_time=60 NEWDIR tests/fuzz/corpus/theme
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "parkwatch/theme.h"
#include "parkwatch/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "fuzz.theme"
#define ALL_ATTRS                                                                       \
	(PW_ATTR_BOLD | PW_ATTR_DIM | PW_ATTR_REVERSE | PW_ATTR_UNDERLINE | PW_ATTR_BLINK | \
	 PW_ATTR_STANDOUT)

/* A broken promise: say which, then trap so libFuzzer keeps the input. */
static void broken(const char *what, int line)
{
	fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, line, what);
	__builtin_trap();
}
#define check(ok) ((ok) ? (void)0 : broken(#ok, __LINE__))

static int displayable(const char *s)
{
	size_t n = strlen(s);
	if (!pw_utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static void add_colour(struct sbuf *b, int c)
{
	if (c == PW_COLOUR_DEFAULT)
		sbuf_adds(b, " default");
	else
		sbuf_addf(b, " %d", c);
}

/* T as theme text with every role and every part spelled out. */
static char *theme_text(const struct pw_theme *t)
{
	static const char *const attr_name[] = {"bold", "dim", "reverse", "underline", "blink",
	                                        "standout"};
	struct sbuf b;
	sbuf_init(&b);
	for (int r = 0; r < PW_ROLE_COUNT; r++) {
		const struct pw_style *st = &t->role[r];
		sbuf_addf(&b, "%s =", pw_theme_role_name((enum pw_role)r));
		add_colour(&b, st->fg);
		sbuf_adds(&b, " on");
		add_colour(&b, st->bg);
		for (unsigned k = 0; k < 6; k++)
			if (st->attrs & (1u << k))
				sbuf_addf(&b, " %s", attr_name[k]);
		sbuf_adds(&b, "\n");
	}
	return sbuf_steal(&b);
}

static void check_error(const char *err, const char *text)
{
	check(err != NULL && displayable(err));
	check(strncmp(err, FILE_NAME ":", strlen(FILE_NAME ":")) == 0);
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
	struct pw_theme t, before;
	char *err = NULL;
	pw_theme_mono(&t);
	memcpy(&before, &t, sizeof t);
	if (pw_theme_parse(&t, text, FILE_NAME, &err) == 0) {
		check(err == NULL && strcmp(t.name, before.name) == 0);
		for (int r = 0; r < PW_ROLE_COUNT; r++) {
			const struct pw_style *st = &t.role[r];
			check(st->fg >= PW_COLOUR_DEFAULT && st->fg <= 255);
			check(st->bg >= PW_COLOUR_DEFAULT && st->bg <= 255);
			check((st->attrs & ~ALL_ATTRS) == 0);
		}
		char *again = theme_text(&t);
		struct pw_theme u;
		pw_theme_init(&u);
		check(pw_theme_parse(&u, again, FILE_NAME, &err) == 0);
		check(memcmp(u.role, t.role, sizeof t.role) == 0);
		free(again);
	} else {
		check(memcmp(&t, &before, sizeof t) == 0);
		check_error(err, text);
		free(err);
	}
	free(text);
	return 0;
}
