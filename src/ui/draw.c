/*
 * draw.c - every string the console paints goes through ui_put(): it is
 * sanitised (no control characters or escape sequences reach the terminal,
 * whatever the database holds) and fitted to a width in display columns, so
 * Chinese text (two columns a character) never breaks alignment.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "ui_private.h"

/*
 * Without a UTF-8 locale the terminal would show the bytes of every
 * non-ASCII character as mojibake: write '?' in each column it takes
 * instead, so the layout (counted in display columns) still lines up.
 */
static void ascii_fallback(struct sbuf *b)
{
	struct sbuf out;
	sbuf_init(&out);
	for (size_t i = 0; i < b->len;) {
		uint32_t cp = (unsigned char)b->s[i];
		size_t k = cp < 0x80 ? 1 : pw_utf8_decode(b->s + i, b->len - i, &cp);
		if (cp < 0x80)
			sbuf_addc(&out, (char)cp);
		else
			for (int c = pw_cp_width(cp); c > 0; c--)
				sbuf_addc(&out, '?');
		i += k;
	}
	sbuf_free(b);
	*b = out;
}

int ui_put(struct ui *ui, WINDOW *w, int y, int x, int width, int role, bool right, const char *text)
{
	if (width <= 0)
		return 0;
	int maxx = getmaxx(w);
	if (x >= maxx)
		return 0;
	if (x + width > maxx)
		width = maxx - x;
	char *clean = pw_sanitize(text ? text : "", text ? strlen(text) : 0);
	struct sbuf b;
	sbuf_init(&b);
	pw_text_fit(&b, clean, width, right, !ui->utf8);
	if (!ui->utf8)
		ascii_fallback(&b);
	wattrset(w, ui_attr(ui, role));
	mvwaddstr(w, y, x, sbuf_str(&b));
	sbuf_free(&b);
	free(clean);
	return width;
}

int ui_putf(struct ui *ui, WINDOW *w, int y, int x, int width, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct sbuf b;
	sbuf_init(&b);
	char tmp[512];
	pw_vformat(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sbuf_adds(&b, tmp);
	if (width < 0) {
		char *clean = pw_sanitize(sbuf_str(&b), b.len);
		width = pw_text_width(clean);
		free(clean);
	}
	int used = ui_put(ui, w, y, x, width, role, false, sbuf_str(&b));
	sbuf_free(&b);
	return used;
}

void ui_clear_eol(struct ui *ui, WINDOW *w, int y, int x, int role)
{
	int maxx = getmaxx(w);
	if (x >= maxx)
		return;
	wattrset(w, ui_attr(ui, role));
	wmove(w, y, x);
	for (int i = x; i < maxx; i++)
		waddch(w, ' ');
}

int ui_risk_role(enum pw_colour c)
{
	switch (c) {
	case PW_RED: return PW_ROLE_RISK_RED;
	case PW_ORANGE: return PW_ROLE_RISK_ORANGE;
	case PW_YELLOW: return PW_ROLE_RISK_YELLOW;
	default: return PW_ROLE_RISK_BLUE;
	}
}

/* Chinese character and English word: readable without colour, by anyone on duty. */
const char *ui_risk_label(enum pw_colour c)
{
	switch (c) {
	case PW_RED: return "红 red";
	case PW_ORANGE: return "橙 orange";
	case PW_YELLOW: return "黄 yellow";
	default: return "蓝 blue";
	}
}

int ui_prio_role(int priority)
{
	switch (priority) {
	case 1: return PW_ROLE_PRIO1;
	case 2: return PW_ROLE_PRIO2;
	case 3: return PW_ROLE_PRIO3;
	default: return PW_ROLE_DIAG;
	}
}

const char *ui_prio_label(int priority)
{
	switch (priority) {
	case 1: return "P1";
	case 2: return "P2";
	case 3: return "P3";
	default: return "DIAG";
	}
}

bool ui_key_is_enter(int key)
{
	return key == '\r' || key == '\n' || key == UI_FKEY(KEY_ENTER);
}

const char *ui_key_name(int key, char *buf, size_t n)
{
	static const struct { int key; const char *name; } names[] = {
		{UI_FKEY(KEY_UP), "Up"}, {UI_FKEY(KEY_DOWN), "Down"}, {UI_FKEY(KEY_LEFT), "Left"},
		{UI_FKEY(KEY_RIGHT), "Right"}, {UI_FKEY(KEY_PPAGE), "PgUp"}, {UI_FKEY(KEY_NPAGE), "PgDn"},
		{UI_FKEY(KEY_HOME), "Home"}, {UI_FKEY(KEY_END), "End"}, {UI_FKEY(KEY_DC), "Delete"},
		{UI_FKEY(KEY_IC), "Insert"}, {UI_FKEY(KEY_BACKSPACE), "Backspace"}, {'\t', "Tab"},
		{UI_FKEY(KEY_BTAB), "Shift-Tab"}, {UI_KEY_ESC, "Esc"}, {' ', "Space"},
	};
	const char *name = ui_key_is_enter(key) ? "Enter" : NULL;
	for (size_t i = 0; !name && i < PW_ARRAY_LEN(names); i++)
		if (names[i].key == key)
			name = names[i].name;
	if (name)
		snprintf(buf, n, "%s", name);
	else if (key >= UI_FKEY(KEY_F(1)) && key <= UI_FKEY(KEY_F(63)))
		snprintf(buf, n, "F%d", key - UI_FKEY(KEY_F0));
	else if (key > 0 && key < 0x20)
		snprintf(buf, n, "Ctrl-%c", '@' + key);
	else if (key >= 0x20 && key < 0x7f)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "key %#x", key);
	return buf;
}
