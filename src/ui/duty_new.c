/*
 * duty_new.c - the new duty-log entry: a page pushed on the current tab by
 * `n` from any screen. The text is edited in place (UTF-8, wrapped over as
 * many lines as it needs), Tab/Up/Down choose the category, Ctrl-T or F2
 * flags it for the handover, Enter saves it as the console's operator.
 *
 * Nothing typed is lost. A busy database queues the entry (save.h:
 * "saving...", retried, the page closes); a failure waiting does not cure
 * (disk full) keeps the page with the text and the reason, and Enter tries
 * again. Esc and quitting ask before throwing a non-empty text away.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duty_ui.h"
#include "parkwatch/spool.h"
#include "parkwatch/store.h"
#include "parkwatch/store_duty.h"
#include "parkwatch/text.h"
#include "save.h"

static const char *const categories[] = {
	"note", "handover", "call", "inspection", "maintenance", "weather", "incident", "hazard",
	"alarm",
};
#define NCATEGORIES ((int)PW_ARRAY_LEN(categories))

struct new_screen {
	struct ui_edit edit;
	int category;
	bool flagged;
	char *error;              /* why the last save failed (owned) or NULL */
	int top;                  /* first text line shown */
};

static void *new_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct new_screen *s = xcalloc(1, sizeof *s);
	ui_edit_init(&s->edit, PW_DUTY_TEXT_MAX);
	return s;
}

static void new_close(void *self)
{
	struct new_screen *s = self;
	ui_edit_free(&s->edit);
	free(s->error);
	free(s);
}

static bool new_unsaved(void *self)
{
	const struct new_screen *s = self;
	return s->edit.len > 0;
}

/*
 * The console is exiting with text on this page. Enter was pressed and the
 * database refused it (disk full): kept as the entry, to be saved. A draft
 * never submitted: kept as a note only, since the operator did not say Enter.
 */
static bool new_spool(void *self, struct ui *ui, struct pw_spool_entry *e)
{
	const struct new_screen *s = self;
	const char *text = ui_edit_text(&s->edit);
	if (text[strspn(text, " ")] == '\0')
		return false;
	char what[80];
	snprintf(what, sizeof what, "duty entry (%s%s)%s", categories[s->category],
	         s->flagged ? ", flagged" : "", s->error ? "" : ", a draft");
	pw_spool_entry_init(e, s->error ? PW_SPOOL_DUTY : PW_SPOOL_OTHER, "console", ui->opts.operator_name,
	                    pw_now_ms(), what, text);
	e->why = xstrdup(s->error ? s->error : "still being typed when the console closed, never submitted");
	pw_spool_arg_set_str(e, "category", categories[s->category]);
	pw_spool_arg_set_bool(e, "flagged", s->flagged);
	return true;
}

/* ---- drawing ---- */

static int item_width(int i)
{
	return pw_text_width(categories[i]) + 2;
}

static void draw_options(struct new_screen *s, struct ui *ui, WINDOW *w, int y, int cols)
{
	int x = ui_put(ui, w, y, 0, 10, PW_ROLE_NORMAL, false, "Category ");
	/* Start late enough that the chosen category is on screen. */
	int first = 0, span = 0;
	for (int i = 0; i <= s->category; i++)
		span += item_width(i);
	while (first < s->category && x + span > cols)
		span -= item_width(first++);
	for (int i = first; i < NCATEGORIES && x < cols; i++) {
		char item[32];
		snprintf(item, sizeof item, i == s->category ? "[%s]" : " %s ", categories[i]);
		int iw = pw_text_width(item);
		if (x + iw > cols)
			break;
		x += ui_put(ui, w, y, x, iw, i == s->category ? PW_ROLE_SELECTED : PW_ROLE_DIM, false, item);
	}
	ui_clear_eol(ui, w, y, x, PW_ROLE_NORMAL);
	x = ui_put(ui, w, y + 1, 0, 10, PW_ROLE_NORMAL, false, "Flag ");
	const char *mark = s->flagged ? (ui->utf8 ? "[★] flagged: carried into the handover"
	                                          : "[!] flagged: carried into the handover")
	                              : "[ ] not flagged";
	ui_put(ui, w, y + 1, x, cols - x, s->flagged ? PW_ROLE_WARN : PW_ROLE_DIM, false, mark);
}

/* Lay the text out in lines of COLS; returns the line count and the cursor's place. */
static int layout(const struct new_screen *s, int cols, size_t *starts, int max, int *cur_row,
                  int *cur_col)
{
	const char *t = ui_edit_text(&s->edit);
	int n = 0;
	size_t off = 0;
	*cur_row = 0;
	*cur_col = 0;
	do {
		size_t len = ui_duty_wrap(t + off, cols);
		if (n < max)
			starts[n] = off;
		if (s->edit.cur >= off && (s->edit.cur < off + len || off + len == s->edit.len)) {
			char *head = xstrndup(t + off, s->edit.cur - off);
			*cur_row = n;
			*cur_col = pw_text_width(head);
			free(head);
		}
		n++;
		off += len;
	} while (off < s->edit.len);
	if (*cur_col >= cols) {
		/* A full last line: the cursor waits at the start of the next. */
		(*cur_row)++;
		*cur_col = 0;
		n = *cur_row + 1;
		if (n <= max)
			starts[n - 1] = s->edit.len;
	}
	return n;
}

static void draw_text(struct new_screen *s, struct ui *ui, WINDOW *w, int y, int h, int cols)
{
	enum { MAXLINES = 512 };
	size_t starts[MAXLINES];
	int row, col;
	int n = layout(s, cols, starts, MAXLINES, &row, &col);
	if (n > MAXLINES)
		n = MAXLINES;
	if (row < s->top)
		s->top = row;
	if (row >= s->top + h)
		s->top = row - h + 1;
	const char *t = ui_edit_text(&s->edit);
	for (int i = 0; i < h; i++) {
		int li = s->top + i;
		if (li >= n) {
			ui_clear_eol(ui, w, y + i, 0, PW_ROLE_INPUT);
			continue;
		}
		size_t end = li + 1 < n ? starts[li + 1] : s->edit.len;
		char *line = xstrndup(t + starts[li], end - starts[li]);
		ui_put(ui, w, y + i, 0, cols, PW_ROLE_INPUT, false, line);
		free(line);
	}
	/* The cursor: one reversed cell (the terminal cursor belongs to the prompt line). */
	if (row - s->top < h)
		mvwchgat(w, y + row - s->top, col, 1, A_REVERSE, 0, NULL);
}

static void new_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct new_screen *s = self;
	int rows = getmaxy(w), cols = getmaxx(w);
	ui_putf(ui, w, 0, 0, cols, PW_ROLE_TITLE, "New duty-log entry as %s", ui->opts.operator_name);
	draw_options(s, ui, w, 1, cols);
	ui_putf(ui, w, 3, 0, cols, PW_ROLE_DIM, "Text (%zu of %d bytes)", s->edit.len, PW_DUTY_TEXT_MAX);
	int foot = s->error ? 2 : 1;
	int h = rows - 4 - foot;
	draw_text(s, ui, w, 4, h > 1 ? h : 1, cols);
	if (s->error)
		ui_putf(ui, w, rows - 2, 0, cols, PW_ROLE_ERROR, "NOT SAVED: %s - Enter tries again", s->error);
	ui_put(ui, w, rows - 1, 0, cols, PW_ROLE_KEY, false,
	       "Enter save  Esc cancel  Tab category  Ctrl-T/F2 flag  Ctrl-U clear");
}

/* ---- keys ---- */

static unsigned discard_yes(void *user, struct ui *ui)
{
	(void)user;
	return ui_pop(ui);
}

/* A duty entry as a save job (save.h): what the page had when Enter was pressed. */
struct entry {
	int category;
	bool flagged;
	int64_t id;               /* after the write */
};

static int entry_write(struct ui *ui, void *ctx, const char *text)
{
	struct entry *e = ctx;
	if (text[strspn(text, " ")] == '\0')
		return ui_save_invalid("Type the entry first.");
	return store_duty_append(ui->st, ui->opts.operator_name, categories[e->category], text, e->flagged,
	                         &e->id);
}

static unsigned entry_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct entry *e = ctx;
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "duty entry not saved: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_data_changed(UI_DATA_DUTY);
	ui_message(ui, PW_ROLE_OK, "duty entry %lld saved (%s%s)", (long long)e->id, categories[e->category],
	           e->flagged ? ", flagged" : "");
	return UI_R_MSG;
}

/* For the spool at exit: replayed as this entry, with its time and operator. */
static void entry_spool(struct ui *ui, void *ctx, struct pw_spool_entry *e)
{
	(void)ui;
	struct entry *en = ctx;
	free(e->kind);
	e->kind = xstrdup(PW_SPOOL_DUTY);
	pw_spool_arg_set_str(e, "category", categories[en->category]);
	pw_spool_arg_set_bool(e, "flagged", en->flagged);
}

static const struct ui_save_ops entry_ops = {.write = entry_write, .report = entry_report,
                                             .spool = entry_spool};

/*
 * Saved, or queued behind a busy database: the page closes (a queued entry
 * is in save.h's hands, its text kept). Any other failure: the page stays
 * with the text and the reason, and Enter tries again.
 */
static unsigned save(struct new_screen *s, struct ui *ui)
{
	const char *text = ui_edit_text(&s->edit);
	if (text[strspn(text, " ")] == '\0') {
		ui_message(ui, PW_ROLE_WARN, "nothing to save: type the entry first (Esc cancels)");
		return UI_R_MSG;
	}
	struct entry *e = xcalloc(1, sizeof *e);
	e->category = s->category;
	e->flagged = s->flagged;
	char what[64];
	snprintf(what, sizeof what, "duty entry (%s%s)", categories[s->category], s->flagged ? ", flagged" : "");
	struct ui_save_spec spec = {.ops = &entry_ops, .what = what, .max_bytes = PW_DUTY_TEXT_MAX,
	                            .precious = true, .caller_keeps = true};
	struct ui_save_job *j = ui_save_begin(&spec, e);
	enum ui_save_outcome out;
	/* Given back later (busy for a minute), the text returns on one prompt line. */
	char *label = xasprintf("Duty entry (%s): ", categories[s->category]);
	ui_save_prompt_label(j, label);
	free(label);
	unsigned r = ui_save_submit(ui, j, text, &out);
	if (out == UI_SAVE_NOT_SAVED) {
		free(s->error);
		s->error = xstrdup(store_errmsg(ui->st));
		return r | UI_R_BODY | UI_R_MSG;
	}
	return ui_pop(ui) | r | UI_R_MSG;
}

/* Editing keys; true when the key was one. */
static bool edit_key(struct ui_edit *e, int key)
{
	switch (key) {
	case UI_FKEY(KEY_BACKSPACE): case 0x7f: case UI_CTRL('H'): ui_edit_backspace(e); return true;
	case UI_FKEY(KEY_DC): case UI_CTRL('D'): ui_edit_delete(e); return true;
	case UI_CTRL('U'): ui_edit_kill_line(e); return true;
	case UI_CTRL('W'): ui_edit_kill_word(e); return true;
	case UI_FKEY(KEY_LEFT): case UI_CTRL('B'): ui_edit_left(e); return true;
	case UI_FKEY(KEY_RIGHT): ui_edit_right(e); return true;
	case UI_FKEY(KEY_HOME): case UI_CTRL('A'): ui_edit_home(e); return true;
	case UI_FKEY(KEY_END): case UI_CTRL('E'): ui_edit_end(e); return true;
	default:
		if (key >= 0x20 && key < 0x110000 && key != 0x7f) {
			ui_edit_insert(e, (uint32_t)key);
			return true;
		}
		return false;
	}
}

static unsigned new_key(void *self, struct ui *ui, int key)
{
	struct new_screen *s = self;
	if (ui_key_is_enter(key))
		return save(s, ui);
	switch (key) {
	case UI_KEY_ESC:
		if (s->edit.len == 0)
			return ui_pop(ui);
		ui_ask(ui, "Discard this duty entry? y/n", discard_yes, NULL, s);
		return UI_R_MSG;
	case '\t': case UI_FKEY(KEY_DOWN):
		s->category = (s->category + 1) % NCATEGORIES;
		return UI_R_BODY;
	case UI_FKEY(KEY_BTAB): case UI_FKEY(KEY_UP):
		s->category = (s->category + NCATEGORIES - 1) % NCATEGORIES;
		return UI_R_BODY;
	case UI_CTRL('T'): case UI_FKEY(KEY_F(2)):
		s->flagged = !s->flagged;
		return UI_R_BODY;
	default:
		/* Every printable key is text here, digits and q included. */
		return edit_key(&s->edit, key) ? UI_R_BODY : UI_R_UNHANDLED;
	}
}

static const struct ui_keyhelp new_keys[] = {
	{"typing", "the entry's text (Chinese too); Left/Right, Home/End move"},
	{"Backspace, Del", "delete a character; Ctrl-W a word, Ctrl-U all"},
	{"Tab, Down / Shift-Tab, Up", "next / previous category"},
	{"Ctrl-T, F2", "flag it: carried forward in the handover report"},
	{"Enter", "save as this console's operator (kept on screen if it fails)"},
	{"Esc", "cancel (asks when text was typed)"},
	{"F10", "this help (? 1-9 q are text here)"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_duty_new = {
	.name = "New duty entry",
	.keys = new_keys,
	.open = new_open,
	.close = new_close,
	.draw = new_draw,
	.key = new_key,
	.unsaved = new_unsaved,
	.spool = new_spool,
	.takes_text = true,
};

unsigned ui_duty_new_key(struct ui *ui, int key)
{
	(void)key;
	if (ui_refuse_read_only(ui, "write the duty log"))
		return UI_R_MSG;
	struct ui_view *v = ui_current(ui);
	if (v && v->ops == &ui_screen_duty_new)
		return UI_R_NONE;
	return ui_push(ui, &ui_screen_duty_new, NULL);
}
