/*
 * theme_ui.c - turn a parsed theme (roles -> colours + attributes, core's
 * theme.h) into curses colour pairs and attributes: one pair per role.
 *
 * Colour is never required: NO_COLOR, a terminal without colours, or one
 * with too few pairs gets the monochrome theme (attributes only), and every
 * screen carries text labels for risk and priority anyway.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui_private.h"

static attr_t curses_attrs(uint16_t a)
{
	attr_t r = A_NORMAL;
	if (a & PW_ATTR_BOLD)
		r |= A_BOLD;
	if (a & PW_ATTR_DIM)
		r |= A_DIM;
	if (a & PW_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & PW_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & PW_ATTR_BLINK)
		r |= A_BLINK;
	if (a & PW_ATTR_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

/* Start colours when wanted and possible: COLORS and COLOR_PAIRS are set by start_color(). */
static bool colour_start(const struct ui *ui)
{
	if (ui->no_color_env || !has_colors() || start_color() != OK)
		return false;
	/* Without default colours, -1 is not a colour: stay monochrome then. */
	return COLORS >= 8 && COLOR_PAIRS > PW_ROLE_COUNT && use_default_colors() == OK;
}

static void apply(struct ui *ui, const struct pw_theme *t)
{
	bool colour = ui->colour && pw_theme_uses_colour(t);
	int ncolours = COLORS >= 256 ? 256 : COLORS;
	for (int r = 0; r < PW_ROLE_COUNT; r++) {
		attr_t a = curses_attrs(t->role[r].attrs);
		if (colour) {
			short fg = (short)pw_theme_colour_fit(t->role[r].fg, ncolours);
			short bg = (short)pw_theme_colour_fit(t->role[r].bg, ncolours);
			init_pair((short)(r + 1), fg, bg);
			a |= COLOR_PAIR(r + 1);
		}
		ui->role_attr[r] = a;
	}
	ui->theme = *t;
}

void ui_theme_init(struct ui *ui, const char *name)
{
	const char *nc = getenv("NO_COLOR");
	ui->no_color_env = nc && *nc;
	ui->colour = colour_start(ui);
	struct pw_theme t;
	if (!ui->colour) {
		pw_theme_mono(&t);
		apply(ui, &t);
		return;
	}
	char *err = NULL;
	if (pw_theme_load(&t, name && *name ? name : "default", &err) == 0) {
		apply(ui, &t);
		return;
	}
	ui_message(ui, PW_ROLE_ERROR, "theme: %s; using the default theme", err);
	free(err);
	err = NULL;
	if (pw_theme_load(&t, "default", &err) != 0) {
		free(err);
		pw_theme_mono(&t);
	}
	apply(ui, &t);
}

int ui_theme_set(struct ui *ui, const char *name, char **err)
{
	struct pw_theme t;
	if (pw_theme_load(&t, name, err) != 0)
		return -1;
	if (!ui->colour && pw_theme_uses_colour(&t)) {
		*err = xasprintf("%s: colours are off (%s), keeping the monochrome theme", name,
		                 ui->no_color_env ? "NO_COLOR is set" : "the terminal has none");
		return -1;
	}
	apply(ui, &t);
	return 0;
}
