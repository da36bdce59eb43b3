/*
 * input.c - the message/prompt line: messages, yes/no questions and the
 * input prompt used by '/', ':' and (later) comments and notes.
 *
 * The prompt edits UTF-8 (Chinese typed through get_wch arrives as whole
 * code points), Backspace removes a whole character, and the cursor is
 * placed by display columns. Nothing typed is lost silently: a prompt opened
 * with confirm_discard asks before Esc throws its text away.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "ui_private.h"

void ui_prompt_open(struct ui *ui, const struct ui_prompt_spec *spec)
{
	ui_prompt_close(ui);
	ui->prompt.active = true;
	ui->prompt.spec = *spec;
	ui->prompt.label = xstrdup(spec->label ? spec->label : "");
	ui->prompt.spec.label = ui->prompt.label;
	ui->prompt.spec.initial = NULL;
	ui_edit_init(&ui->prompt.edit, spec->max_bytes);
	if (spec->initial)
		ui_edit_set(&ui->prompt.edit, spec->initial);
	ui->prompt.scroll = 0;
	ui->dirty |= UI_R_MSG;
}

void ui_prompt_close(struct ui *ui)
{
	if (!ui->prompt.label && !ui->prompt.edit.buf)
		return;
	free(ui->prompt.label);
	ui_edit_free(&ui->prompt.edit);
	memset(&ui->prompt, 0, sizeof ui->prompt);
	ui->dirty |= UI_R_MSG;
}

static unsigned prompt_cancel(void *user, struct ui *ui)
{
	(void)user;
	struct ui_prompt_spec spec = ui->prompt.spec;
	ui_prompt_close(ui);
	return (spec.on_cancel ? spec.on_cancel(spec.user, ui) : UI_R_NONE) | UI_R_MSG;
}

static unsigned prompt_submit(struct ui *ui)
{
	struct ui_prompt_spec spec = ui->prompt.spec;
	char *text = xstrdup(ui_edit_text(&ui->prompt.edit));
	ui_prompt_close(ui);
	unsigned r = spec.on_submit ? spec.on_submit(spec.user, ui, text) : UI_R_NONE;
	free(text);
	return r | UI_R_MSG;
}

/* Apply an editing key; returns true when the text changed. */
static bool prompt_edit(struct ui_edit *e, int key)
{
	switch (key) {
	case UI_FKEY(KEY_BACKSPACE):
	case 0x7f:
	case UI_CTRL('H'):
		return ui_edit_backspace(e);
	case UI_FKEY(KEY_DC):
	case UI_CTRL('D'):
		return ui_edit_delete(e);
	case UI_CTRL('U'):
		return ui_edit_kill_line(e);
	case UI_CTRL('W'):
		return ui_edit_kill_word(e);
	case UI_FKEY(KEY_LEFT):
	case UI_CTRL('B'):
		ui_edit_left(e);
		return false;
	case UI_FKEY(KEY_RIGHT):
	case UI_CTRL('F'):
		ui_edit_right(e);
		return false;
	case UI_FKEY(KEY_HOME):
	case UI_CTRL('A'):
		ui_edit_home(e);
		return false;
	case UI_FKEY(KEY_END):
	case UI_CTRL('E'):
		ui_edit_end(e);
		return false;
	default:
		if (key >= 0x20 && key < 0x110000)
			return ui_edit_insert(e, (uint32_t)key);
		return false;
	}
}

unsigned ui_prompt_key(struct ui *ui, int key)
{
	if (ui_key_is_enter(key))
		return prompt_submit(ui);
	if (key == UI_KEY_ESC || key == UI_CTRL('G')) {
		if (ui->prompt.spec.confirm_discard && ui->prompt.edit.len > 0) {
			ui_ask(ui, "Discard what you typed? y/n", prompt_cancel, NULL, NULL);
			return UI_R_MSG;
		}
		return prompt_cancel(NULL, ui);
	}
	unsigned r = UI_R_MSG;
	if (prompt_edit(&ui->prompt.edit, key) && ui->prompt.spec.on_change)
		r |= ui->prompt.spec.on_change(ui->prompt.spec.user, ui, ui_edit_text(&ui->prompt.edit));
	return r;
}

unsigned ui_question_key(struct ui *ui, int key)
{
	struct ui_question q = ui->question;
	if (key == 'y' || key == 'Y') {
		ui->question.active = false;
		unsigned r = q.on_yes ? q.on_yes(q.user, ui) : UI_R_NONE;
		return r | UI_R_MSG;
	}
	if (key == 'n' || key == 'N' || key == UI_KEY_ESC) {
		ui->question.active = false;
		unsigned r = q.on_no ? q.on_no(q.user, ui) : UI_R_NONE;
		return r | UI_R_MSG;
	}
	return UI_R_NONE; /* only an answer closes a question */
}

/* Draw the prompt's text from display column SCROLL on, cursor kept visible. */
static void draw_prompt(struct ui *ui, WINDOW *w)
{
	struct ui_prompt *p = &ui->prompt;
	int cols = getmaxx(w);
	struct sbuf st;
	sbuf_init(&st);
	if (p->edit.full)  /* keys past the limit were not taken: never drop them unsaid */
		sbuf_addf(&st, "FULL %zu bytes", p->edit.max);
	else if (p->spec.status)
		p->spec.status(p->spec.user, &st);
	int sw = st.len ? pw_text_width(sbuf_str(&st)) + 2 : 0;
	if (sw > cols / 3)
		sw = 0;
	if (sw)
		ui_put(ui, w, 0, cols - sw, sw, p->edit.full ? PW_ROLE_WARN : PW_ROLE_DIM, true,
		       sbuf_str(&st));
	sbuf_free(&st);
	cols -= sw;
	/*
	 * A long label (a give-back's "NOT SAVED (why), Enter retries. ...")
	 * gives way, cut with an ellipsis, so that what was typed stays in
	 * view: room for the text, up to a third of the line, and never less
	 * than 12 columns. With little typed the whole label shows.
	 */
	int room = pw_text_width(ui_edit_text(&p->edit)) + 2;
	if (room > cols / 3)
		room = cols / 3;
	if (room < 12)
		room = 12;
	int label_w = pw_text_width(p->label);
	if (label_w > cols - room)
		label_w = cols - room > 0 ? cols - room : 0;
	int lw = ui_put(ui, w, 0, 0, label_w, PW_ROLE_KEY, false, p->label);
	int avail = cols - lw - 1;
	if (avail < 4)
		avail = 4;
	int cur = ui_edit_cursor_col(&p->edit);
	if (cur < p->scroll)
		p->scroll = cur;
	if (cur >= p->scroll + avail)
		p->scroll = cur - avail + 1;
	/* Skip whole characters left of the scroll column. */
	const char *s = ui_edit_text(&p->edit);
	int col = 0;
	size_t i = 0, n = strlen(s);
	while (i < n && col < p->scroll) {
		uint32_t cp;
		size_t k = pw_utf8_decode(s + i, n - i, &cp);
		col += pw_cp_width(cp);
		i += k;
	}
	int pad = col - p->scroll; /* a wide character cut by the scroll column */
	ui_put(ui, w, 0, lw, pad, PW_ROLE_INPUT, false, "");
	ui_put(ui, w, 0, lw + pad, cols - lw - pad, PW_ROLE_INPUT, false, s + i);
	wmove(w, 0, lw + cur - p->scroll);
}

/*
 * A question ends with its answer keys ("y/n", "(y/n)"). When it is wider
 * than the line, the question's text gives way, not "? (y/n)": an operator
 * who cannot see "y/n" does not know the console waits for an answer.
 */
static void draw_question(struct ui *ui, WINDOW *w, int cols)
{
	const char *q = ui->question.text;
	const char *sp = strrchr(q, ' ');
	if (pw_text_width(q) <= cols || !sp || !strstr(sp, "y/n")) {
		ui_put(ui, w, 0, 0, cols, PW_ROLE_WARN, false, q);
		return;
	}
	/* "...team? (y/n)": the question mark stays with the keys. */
	if (sp > q && sp[-1] == '?')
		sp--;
	int kw = pw_text_width(sp);
	if (kw >= cols)
		kw = cols;
	char *head = xstrndup(q, (size_t)(sp - q));
	int x = ui_put(ui, w, 0, 0, cols - kw, PW_ROLE_WARN, false, head);
	ui_put(ui, w, 0, x, kw, PW_ROLE_WARN, false, sp);
	free(head);
}

void ui_msgline_draw(struct ui *ui)
{
	WINDOW *w = ui->w_msg;
	int cols = getmaxx(w);
	werase(w);
	if (ui->question.active) {
		draw_question(ui, w, cols);
		return;
	}
	if (ui->prompt.active) {
		draw_prompt(ui, w);
		return;
	}
	if (ui->msg) {
		ui_put(ui, w, 0, 0, cols, ui->msg_role, false, ui->msg);
		return;
	}
	struct ui_view *v = ui_current(ui);
	/* Where 1-9 ? : q are typed text, offering them would mislead. */
	const char *keys = v && v->ops->takes_text ? "F10 help" : "1-9 screens  ? help  : command  q quit";
	int kw = (int)strlen(keys);
	struct sbuf hint;
	sbuf_init(&hint);
	if (v && v->ops->hint)
		v->ops->hint(v->self, ui, &hint);
	int hw = cols - kw - 2;
	if (hw < 20) {
		ui_put(ui, w, 0, 0, cols, PW_ROLE_DIM, false, sbuf_str(&hint));
	} else {
		ui_put(ui, w, 0, 0, hw, PW_ROLE_DIM, false, sbuf_str(&hint));
		ui_put(ui, w, 0, cols - kw, kw, PW_ROLE_DIM, true, keys);
	}
	sbuf_free(&hint);
}
