/*
 * edit.c - UTF-8 line editing with a character-boundary cursor (pure).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "edit.h"

#define EDIT_DEFAULT_MAX 4096

void ui_edit_init(struct ui_edit *e, size_t max)
{
	memset(e, 0, sizeof *e);
	e->max = max ? max : EDIT_DEFAULT_MAX;
	e->cap = 64;
	e->buf = xmalloc(e->cap);
	e->buf[0] = '\0';
}

void ui_edit_free(struct ui_edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

const char *ui_edit_text(const struct ui_edit *e)
{
	return e->buf ? e->buf : "";
}

static void reserve(struct ui_edit *e, size_t need)
{
	if (need + 1 <= e->cap)
		return;
	while (e->cap < need + 1)
		e->cap *= 2;
	e->buf = xrealloc(e->buf, e->cap);
}

void ui_edit_set(struct ui_edit *e, const char *s)
{
	char *clean = pw_sanitize(s ? s : "", s ? strlen(s) : 0);
	size_t n = pw_utf8_cut(clean, strlen(clean), e->max);
	reserve(e, n);
	memcpy(e->buf, clean, n);
	e->buf[n] = '\0';
	e->len = e->cur = n;
	e->full = n < strlen(clean);
	free(clean);
}

static size_t encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool ui_edit_insert(struct ui_edit *e, uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return false;
	char enc[4];
	size_t n = encode(cp, enc);
	if (e->len + n > e->max) {
		e->full = true;
		return false;
	}
	reserve(e, e->len + n);
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, enc, n);
	e->len += n;
	e->cur += n;
	return true;
}

/* Start of the character before byte offset AT (AT > 0). */
static size_t prev_char(const struct ui_edit *e, size_t at)
{
	size_t i = at - 1;
	while (i > 0 && ((unsigned char)e->buf[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* Offset just past the character at AT (AT < len). */
static size_t next_char(const struct ui_edit *e, size_t at)
{
	size_t i = at + 1;
	while (i < e->len && ((unsigned char)e->buf[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void cut(struct ui_edit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->full = false;
	e->cur = from;
}

bool ui_edit_backspace(struct ui_edit *e)
{
	if (e->cur == 0)
		return false;
	cut(e, prev_char(e, e->cur), e->cur);
	return true;
}

bool ui_edit_delete(struct ui_edit *e)
{
	if (e->cur >= e->len)
		return false;
	size_t keep = e->cur;
	cut(e, e->cur, next_char(e, e->cur));
	e->cur = keep;
	return true;
}

bool ui_edit_kill_line(struct ui_edit *e)
{
	if (e->len == 0)
		return false;
	e->len = e->cur = 0;
	e->buf[0] = '\0';
	e->full = false;
	return true;
}

bool ui_edit_kill_word(struct ui_edit *e)
{
	if (e->cur == 0)
		return false;
	size_t i = e->cur;
	while (i > 0 && e->buf[i - 1] == ' ')
		i--;
	while (i > 0 && e->buf[i - 1] != ' ')
		i = prev_char(e, i);
	cut(e, i, e->cur);
	return true;
}

void ui_edit_left(struct ui_edit *e)
{
	if (e->cur > 0)
		e->cur = prev_char(e, e->cur);
}

void ui_edit_right(struct ui_edit *e)
{
	if (e->cur < e->len)
		e->cur = next_char(e, e->cur);
}

void ui_edit_home(struct ui_edit *e)
{
	e->cur = 0;
}

void ui_edit_end(struct ui_edit *e)
{
	e->cur = e->len;
}

int ui_edit_cursor_col(const struct ui_edit *e)
{
	int cols = 0;
	size_t i = 0;
	while (i < e->cur) {
		uint32_t cp;
		i += pw_utf8_decode(e->buf + i, e->cur - i, &cp);
		cols += pw_cp_width(cp);
	}
	return cols;
}
