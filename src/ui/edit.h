/*
 * edit.h - the curses-free half of the input line: a UTF-8 text buffer with
 * a cursor that only ever stands on character boundaries. Backspace removes
 * a whole character (a Chinese one too), and the cursor's screen column is
 * counted in display columns. Pure and unit-tested; input.c draws it.
 */
#ifndef PARKWATCH_UI_EDIT_H
#define PARKWATCH_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ui_edit {
	char *buf;      /* NUL-terminated UTF-8 (owned) */
	size_t len;     /* bytes */
	size_t cap;
	size_t cur;     /* cursor, a byte offset on a character boundary */
	size_t max;     /* most bytes accepted (0 = 4096) */
	bool full;      /* the last insert or set was cut at max: the prompt says so */
};

void ui_edit_init(struct ui_edit *e, size_t max);
void ui_edit_free(struct ui_edit *e);

/* Replace the text with S (invalid UTF-8 and controls are sanitised away); cursor at
 * the end. Cut at max on a character boundary, and then e->full is set. */
void ui_edit_set(struct ui_edit *e, const char *s);

/*
 * Insert code point CP at the cursor. Controls (C0, DEL, C1), surrogates and
 * values beyond U+10FFFF are refused, as is anything that would exceed max
 * (that one sets e->full until the text next gets shorter, so the operator
 * is told the rest was not taken). Returns true when the text changed.
 */
bool ui_edit_insert(struct ui_edit *e, uint32_t cp);

/* Editing keys; each returns true when the text changed. */
bool ui_edit_backspace(struct ui_edit *e);   /* the character before the cursor */
bool ui_edit_delete(struct ui_edit *e);      /* the character under the cursor */
bool ui_edit_kill_line(struct ui_edit *e);   /* everything (Ctrl-U) */
bool ui_edit_kill_word(struct ui_edit *e);   /* the word before the cursor (Ctrl-W) */

/* Cursor movement by whole characters. */
void ui_edit_left(struct ui_edit *e);
void ui_edit_right(struct ui_edit *e);
void ui_edit_home(struct ui_edit *e);
void ui_edit_end(struct ui_edit *e);

/* Display columns before the cursor. */
int ui_edit_cursor_col(const struct ui_edit *e);

/* The text ("" when empty); valid until the next change. */
const char *ui_edit_text(const struct ui_edit *e);

#endif
