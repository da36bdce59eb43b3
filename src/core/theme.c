/*
 * theme.c - colour roles: theme files, the monochrome fallback, and colour
 * fitting for terminals with fewer than 256 colours. Pure: the ui layer does
 * the curses side.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parkwatch/embed.h"
#include "parkwatch/text.h"
#include "parkwatch/theme.h"
#include "parkwatch/util.h"

#ifndef PW_DATADIR
#error "PW_DATADIR must be defined by the build (see Makefile.am)"
#endif

/* A theme file is a few dozen lines; anything huge is a mistake. */
#define THEME_FILE_MAX (256 * 1024)

static const char *const role_names[PW_ROLE_COUNT] = {
	[PW_ROLE_NORMAL] = "normal",
	[PW_ROLE_HEADER] = "header",
	[PW_ROLE_TITLE] = "title",
	[PW_ROLE_TAB] = "tab",
	[PW_ROLE_TAB_ACTIVE] = "tab_active",
	[PW_ROLE_STATUS] = "status",
	[PW_ROLE_STATUS_ALERT] = "status_alert",
	[PW_ROLE_SELECTED] = "selected",
	[PW_ROLE_BORDER] = "border",
	[PW_ROLE_DIM] = "dim",
	[PW_ROLE_HELP] = "help",
	[PW_ROLE_KEY] = "key",
	[PW_ROLE_INPUT] = "input",
	[PW_ROLE_OK] = "ok",
	[PW_ROLE_WARN] = "warn",
	[PW_ROLE_ERROR] = "error",
	[PW_ROLE_LINK_UP] = "link_up",
	[PW_ROLE_LINK_DOWN] = "link_down",
	[PW_ROLE_FLOOD] = "flood",
	[PW_ROLE_TICKER] = "ticker",
	[PW_ROLE_RISK_RED] = "risk_red",
	[PW_ROLE_RISK_ORANGE] = "risk_orange",
	[PW_ROLE_RISK_YELLOW] = "risk_yellow",
	[PW_ROLE_RISK_BLUE] = "risk_blue",
	[PW_ROLE_PRIO1] = "prio1",
	[PW_ROLE_PRIO2] = "prio2",
	[PW_ROLE_PRIO3] = "prio3",
	[PW_ROLE_ACKED] = "acked",
	[PW_ROLE_SHELVED] = "shelved",
	[PW_ROLE_DIAG] = "diag",
	[PW_ROLE_OVERDUE] = "overdue",
	[PW_ROLE_CJK_OK] = "cjk_ok",
};

static const char *const colour_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	uint16_t bit;
} attr_names[] = {
	{"bold", PW_ATTR_BOLD},           {"dim", PW_ATTR_DIM},
	{"reverse", PW_ATTR_REVERSE},     {"underline", PW_ATTR_UNDERLINE},
	{"blink", PW_ATTR_BLINK},         {"standout", PW_ATTR_STANDOUT},
};

/*
 * The monochrome fallback: must match themes/mono.theme. Priority and risk
 * get distinct attributes so that, with the text labels, they stay apart.
 */
static const uint16_t mono_attrs[PW_ROLE_COUNT] = {
	[PW_ROLE_HEADER] = PW_ATTR_BOLD | PW_ATTR_UNDERLINE,
	[PW_ROLE_TITLE] = PW_ATTR_BOLD | PW_ATTR_REVERSE,
	[PW_ROLE_TAB_ACTIVE] = PW_ATTR_BOLD | PW_ATTR_REVERSE,
	[PW_ROLE_STATUS] = PW_ATTR_REVERSE,
	[PW_ROLE_STATUS_ALERT] = PW_ATTR_BOLD | PW_ATTR_REVERSE | PW_ATTR_UNDERLINE,
	[PW_ROLE_SELECTED] = PW_ATTR_REVERSE,
	[PW_ROLE_DIM] = PW_ATTR_DIM,
	[PW_ROLE_KEY] = PW_ATTR_BOLD,
	[PW_ROLE_INPUT] = PW_ATTR_UNDERLINE,
	[PW_ROLE_WARN] = PW_ATTR_BOLD,
	[PW_ROLE_ERROR] = PW_ATTR_BOLD,
	[PW_ROLE_LINK_DOWN] = PW_ATTR_BOLD | PW_ATTR_REVERSE,
	[PW_ROLE_FLOOD] = PW_ATTR_BOLD | PW_ATTR_REVERSE,
	[PW_ROLE_TICKER] = PW_ATTR_REVERSE,
	[PW_ROLE_RISK_RED] = PW_ATTR_BOLD | PW_ATTR_REVERSE,
	[PW_ROLE_RISK_ORANGE] = PW_ATTR_BOLD,
	[PW_ROLE_RISK_YELLOW] = PW_ATTR_UNDERLINE,
	[PW_ROLE_PRIO1] = PW_ATTR_BOLD | PW_ATTR_REVERSE,
	[PW_ROLE_PRIO2] = PW_ATTR_BOLD,
	[PW_ROLE_PRIO3] = PW_ATTR_UNDERLINE,
	[PW_ROLE_ACKED] = PW_ATTR_DIM,
	[PW_ROLE_SHELVED] = PW_ATTR_DIM,
	[PW_ROLE_DIAG] = PW_ATTR_DIM,
	[PW_ROLE_OVERDUE] = PW_ATTR_BOLD | PW_ATTR_UNDERLINE,
};

void pw_theme_init(struct pw_theme *t)
{
	memset(t, 0, sizeof *t);
	for (int r = 0; r < PW_ROLE_COUNT; r++)
		t->role[r] = (struct pw_style){PW_COLOUR_DEFAULT, PW_COLOUR_DEFAULT, 0};
}

void pw_theme_mono(struct pw_theme *t)
{
	pw_theme_init(t);
	strcpy(t->name, "mono");
	for (int r = 0; r < PW_ROLE_COUNT; r++)
		t->role[r].attrs = mono_attrs[r];
}

const char *pw_theme_role_name(enum pw_role role)
{
	if ((int)role < 0 || role >= PW_ROLE_COUNT)
		return NULL;
	return role_names[role];
}

int pw_theme_role_from_name(const char *name)
{
	for (int r = 0; name && r < PW_ROLE_COUNT; r++)
		if (strcasecmp(role_names[r], name) == 0)
			return r;
	return -1;
}

int pw_theme_max_colour(const struct pw_theme *t)
{
	int max = PW_COLOUR_DEFAULT;
	for (int r = 0; r < PW_ROLE_COUNT; r++) {
		if (t->role[r].fg > max)
			max = t->role[r].fg;
		if (t->role[r].bg > max)
			max = t->role[r].bg;
	}
	return max;
}

bool pw_theme_uses_colour(const struct pw_theme *t)
{
	return pw_theme_max_colour(t) != PW_COLOUR_DEFAULT;
}

/* ---- colour fitting -------------------------------------------------------- */

/* xterm's default RGB for palette index I (0-255). */
static void xterm_rgb(int i, int rgb[3])
{
	static const unsigned char ansi[16][3] = {
		{0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
		{0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
		{127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
		{92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
	};
	static const int level[6] = {0, 95, 135, 175, 215, 255};
	if (i < 16) {
		for (int k = 0; k < 3; k++)
			rgb[k] = ansi[i][k];
	} else if (i < 232) {
		i -= 16;
		rgb[0] = level[i / 36];
		rgb[1] = level[(i / 6) % 6];
		rgb[2] = level[i % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (i - 232);
	}
}

int pw_theme_colour_fit(int colour, int ncolours)
{
	if (colour < 0 || colour < ncolours || ncolours >= 256)
		return colour;
	if (ncolours < 8)
		return PW_COLOUR_DEFAULT;
	if (colour < 16)
		return colour - 8;  /* bright-x -> x: the ui may add bold */
	int want[3], best = 0;
	long best_d = -1;
	xterm_rgb(colour, want);
	int n = ncolours < 16 ? 8 : 16;
	for (int i = 0; i < n; i++) {
		int rgb[3];
		xterm_rgb(i, rgb);
		long d = 0;
		for (int k = 0; k < 3; k++)
			d += (long)(rgb[k] - want[k]) * (rgb[k] - want[k]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

/* ---- parsing ----------------------------------------------------------------- */

struct parser {
	const char *file;
	int line;
	char **err;
	struct pw_theme out;
	int seen_at[PW_ROLE_COUNT];  /* line a role was set on, 0 = not set */
	bool has_bg[PW_ROLE_COUNT];
};

/* Set *err to "FILE:LINE: message" and return -1. */
__attribute__((format(printf, 2, 3)))
static int parse_fail(struct parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	*p->err = xasprintf("%s:%d: %s", p->file, p->line, msg);
	return -1;
}

/* A file's word, safe to echo in a message: sanitised and kept short. */
static char *quote_word(const char *w)
{
	char *clean = pw_sanitize(w, strlen(w));
	size_t keep = pw_text_prefix(clean, 32);
	char *q = xasprintf("'%.*s%s'", (int)keep, clean, clean[keep] ? "..." : "");
	free(clean);
	return q;
}

static int parse_colour(const char *w, int16_t *out)
{
	if (strcasecmp(w, "default") == 0) {
		*out = PW_COLOUR_DEFAULT;
		return 0;
	}
	int base = 0;
	if (strncasecmp(w, "bright-", 7) == 0) {
		base = 8;
		w += 7;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(w, colour_names[i]) == 0) {
			*out = (int16_t)(base + i);
			return 0;
		}
	}
	if (base || !*w || strlen(w) > 3 || strspn(w, "0123456789") != strlen(w))
		return -1;
	int v = atoi(w);
	if (v > 255)
		return -1;
	*out = (int16_t)v;
	return 0;
}

static int colour_word(struct parser *p, const char *w, int16_t *out)
{
	if (parse_colour(w, out) == 0)
		return 0;
	char *q = quote_word(w);
	parse_fail(p, "unknown colour %s (use default, black, red, green, yellow, blue, "
	              "magenta, cyan, white, bright-NAME or 0-255)", q);
	free(q);
	return -1;
}

static int attr_word(struct parser *p, const char *w, uint16_t *attrs)
{
	for (size_t i = 0; i < PW_ARRAY_LEN(attr_names); i++) {
		if (strcasecmp(w, attr_names[i].name) == 0) {
			*attrs |= attr_names[i].bit;
			return 0;
		}
	}
	char *q = quote_word(w);
	if (strcasecmp(w, "on") == 0)
		parse_fail(p, "'on BG' must come straight after the foreground colour");
	else
		parse_fail(p, "unknown attribute %s (use bold, dim, reverse, underline, blink, "
		              "standout)", q);
	free(q);
	return -1;
}

/* The value part "FG [on BG] [ATTR...]" of ROLE's line, split into WORDS. */
static int parse_value(struct parser *p, int role, char **words, int n)
{
	struct pw_style st = {PW_COLOUR_DEFAULT, PW_COLOUR_DEFAULT, 0};
	int i = 0;
	if (n == 0)
		return parse_fail(p, "%s: missing colour after '='", role_names[role]);
	if (colour_word(p, words[i++], &st.fg) < 0)
		return -1;
	if (i < n && strcasecmp(words[i], "on") == 0) {
		if (++i >= n)
			return parse_fail(p, "'on' needs a background colour");
		if (colour_word(p, words[i++], &st.bg) < 0)
			return -1;
		p->has_bg[role] = true;
	}
	for (; i < n; i++)
		if (attr_word(p, words[i], &st.attrs) < 0)
			return -1;
	p->out.role[role] = st;
	p->seen_at[role] = p->line;
	return 0;
}

#define MAX_WORDS 16

/* One line, already stripped of its comment; modified in place. */
static int parse_line(struct parser *p, char *line)
{
	static const char spaces[] = " \t\r\v\f";
	char *eq = strchr(line, '=');
	char *save = NULL;
	if (line[strspn(line, spaces)] == '\0')
		return 0;  /* blank */
	if (!eq)
		return parse_fail(p, "expected 'ROLE = FG [on BG] [ATTR...]'");
	*eq = '\0';
	char *name = strtok_r(line, spaces, &save);
	if (!name || strtok_r(NULL, spaces, &save))
		return parse_fail(p, "expected one role name before '='");
	int role = pw_theme_role_from_name(name);
	if (role < 0) {
		char *q = quote_word(name);
		parse_fail(p, "unknown role %s", q);
		free(q);
		return -1;
	}
	if (p->seen_at[role])
		return parse_fail(p, "role %s set twice (also on line %d)", role_names[role],
		                  p->seen_at[role]);
	char *words[MAX_WORDS];
	int n = 0;
	for (char *w = strtok_r(eq + 1, spaces, &save); w; w = strtok_r(NULL, spaces, &save)) {
		if (n == MAX_WORDS)
			return parse_fail(p, "too many words after '='");
		words[n++] = w;
	}
	return parse_value(p, role, words, n);
}

/* Unset roles copy normal; a role without "on BG" takes normal's background. */
static void resolve_inheritance(struct parser *p)
{
	const struct pw_style normal = p->out.role[PW_ROLE_NORMAL];
	for (int r = 0; r < PW_ROLE_COUNT; r++) {
		if (r == PW_ROLE_NORMAL)
			continue;
		if (!p->seen_at[r])
			p->out.role[r] = normal;
		else if (!p->has_bg[r])
			p->out.role[r].bg = normal.bg;
	}
}

int pw_theme_parse(struct pw_theme *t, const char *text, const char *filename, char **err)
{
	struct parser *p = xcalloc(1, sizeof *p);
	p->file = filename ? filename : "(theme)";
	p->err = err;
	pw_theme_init(&p->out);
	int rc = 0;
	for (const char *s = text ? text : ""; *s && rc == 0;) {
		size_t len = strcspn(s, "\n");
		char *line = xstrndup(s, len);
		p->line++;
		line[strcspn(line, "#")] = '\0';
		rc = parse_line(p, line);
		free(line);
		s += len + (s[len] == '\n');
	}
	if (rc == 0) {
		resolve_inheritance(p);
		memcpy(t->role, p->out.role, sizeof t->role);
	}
	free(p);
	return rc;
}

/* ---- loading ------------------------------------------------------------------ */

static bool theme_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n > 0 && n <= PW_THEME_NAME_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

/*
 * Read PATH whole. Returns 1 with *text (caller frees), 0 when it does not
 * exist (try the next place), -1 with *err for any other failure.
 */
static int read_theme_file(const char *path, char **text, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	struct sbuf b;
	char chunk[4096];
	size_t got;
	sbuf_init(&b);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= THEME_FILE_MAX)
		sbuf_add(&b, chunk, got);
	int failed = ferror(f) ? errno : 0;
	fclose(f);
	if (failed || b.len > THEME_FILE_MAX) {
		*err = xasprintf("%s: %s", path, failed ? strerror(failed) : "file too large for a theme");
		sbuf_free(&b);
		return -1;
	}
	*text = sbuf_steal(&b);
	return 1;
}

static char *user_theme_path(const char *name)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/parkwatch/themes/%s.theme", xdg, name);
	if (home && *home)
		return xasprintf("%s/.config/parkwatch/themes/%s.theme", home, name);
	return NULL;
}

static int parse_named(struct pw_theme *t, const char *name, const char *text,
                       const char *file, char **err)
{
	if (pw_theme_parse(t, text, file, err) < 0)
		return -1;
	snprintf(t->name, sizeof t->name, "%s", name);
	return 0;
}

int pw_theme_load(struct pw_theme *t, const char *name, char **err)
{
	if (!theme_name_ok(name)) {
		char *q = quote_word(name ? name : "");
		*err = xasprintf("theme %s: a theme name is letters, digits, '-' and '_' only", q);
		free(q);
		return -1;
	}
	char *paths[2] = {user_theme_path(name), xasprintf("%s/themes/%s.theme", PW_DATADIR, name)};
	int rc = 0;
	for (size_t i = 0; i < PW_ARRAY_LEN(paths) && rc == 0; i++) {
		char *text = NULL;
		if (paths[i] && (rc = read_theme_file(paths[i], &text, err)) > 0)
			rc = parse_named(t, name, text, paths[i], err) < 0 ? -1 : 1;
		free(text);
	}
	if (rc == 0) {
		char *builtin = xasprintf("themes/%s.theme", name);
		const struct pw_embedded *e = pw_embedded_find(builtin);
		if (e)
			rc = parse_named(t, name, e->data, builtin, err) < 0 ? -1 : 1;
		else
			*err = xasprintf("theme '%s' not found (looked in %s, %s and the built-in themes)",
			                 name, paths[0] ? paths[0] : "~/.config/parkwatch/themes",
			                 paths[1]);
		free(builtin);
	}
	free(paths[0]);
	free(paths[1]);
	return rc > 0 ? 0 : -1;
}
