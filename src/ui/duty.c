/*
 * duty.c - screen 7, the duty log: every entry, newest first (time,
 * operator, category, flag marker, text), filtered by operator (o),
 * category (c) and open flag (f) in the database and by text with '/' over
 * what is loaded; Enter opens the whole entry, x clears a flag (with a
 * reason, itself an entry). `n` (global) writes a new one. Flag marker:
 * "★" open, "☆" cleared ("!" and "-" without UTF-8).
 *
 * The log is append-only, so the newest id is a complete fingerprint: a
 * reload (another console or the recorder committed) re-reads the list only
 * when that id or a filter changed, keeping the selected entry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duty_ui.h"
#include "parkwatch/store.h"
#include "parkwatch/store_duty_views.h"
#include "parkwatch/text.h"
#include "save.h"

enum { C_TIME, C_FLAG, C_OPERATOR, C_CATEGORY, C_TEXT, C_COUNT };

static const struct ui_column duty_columns[C_COUNT] = {
	[C_TIME] = {"Time", 11, 0, false, 0},
	[C_FLAG] = {"!", 1, 0, false, 0},
	[C_OPERATOR] = {"Operator", 10, 0, false, 0},
	[C_CATEGORY] = {"Category", 10, 0, false, 0},
	[C_TEXT] = {"Text", 0, 20, false, 0},
};

struct duty_screen {
	struct store_duty_list list;
	char *op_filter;          /* owned or NULL */
	char *cat_filter;         /* owned or NULL */
	bool flagged_only;
	int64_t last_id;          /* fingerprint of the loaded list */
	bool filters_changed;
	bool loaded;
	bool utf8;
	int64_t clear_id;         /* the entry the x prompt is about (the prompt is modal) */
	struct ui_table table;
};

size_t ui_duty_wrap(const char *s, int width)
{
	if (!*s)
		return 0;
	size_t n = pw_text_prefix(s, width > 0 ? width : 1);
	if (n == 0) {
		/* A character wider than the line: take it alone. */
		uint32_t cp;
		n = pw_utf8_decode(s, strlen(s), &cp);
		n = n ? n : 1;
	}
	return n;
}

static const char *duty_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct duty_screen *s = user;
	const struct store_duty_entry *e = &s->list.v[row];
	char t[PW_TIME_BUFSZ];
	switch (col) {
	case C_TIME:
		snprintf(buf, bufsz, "%s", pw_time_short(t, e->ts));
		return buf;
	case C_FLAG:
		if (!e->flagged)
			return "";
		if (e->flag_cleared)
			return s->utf8 ? "☆" : "-";
		return s->utf8 ? "★" : "!";
	case C_OPERATOR: return e->operator_name;
	case C_CATEGORY: return e->category;
	case C_TEXT: return e->text;
	default: return "";
	}
}

static int duty_cell_role(void *user, size_t row, int col)
{
	const struct duty_screen *s = user;
	const struct store_duty_entry *e = &s->list.v[row];
	if (!e->flagged || (col != C_FLAG && col != C_TEXT))
		return -1;
	return e->flag_cleared ? (col == C_FLAG ? PW_ROLE_DIM : -1) : PW_ROLE_WARN;
}

static int duty_cmp(void *user, size_t a, size_t b, int col)
{
	const struct duty_screen *s = user;
	const struct store_duty_entry *x = &s->list.v[a], *y = &s->list.v[b];
	switch (col) {
	case C_TIME: return x->id < y->id ? -1 : x->id > y->id;
	case C_FLAG: return (int)x->flagged - (int)y->flagged;
	case C_OPERATOR: return strcmp(x->operator_name, y->operator_name);
	case C_CATEGORY: return strcmp(x->category, y->category);
	default: return strcmp(x->text, y->text);
	}
}

static bool duty_match(void *user, size_t row, const char *filter)
{
	const struct duty_screen *s = user;
	const struct store_duty_entry *e = &s->list.v[row];
	return pw_text_contains(e->text, filter) || pw_text_contains(e->operator_name, filter) ||
	       pw_text_contains(e->category, filter);
}

static void *duty_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)cookie;
	(void)arg;
	struct duty_screen *s = xcalloc(1, sizeof *s);
	s->utf8 = ui->utf8;
	ui_table_init(&s->table, duty_columns, C_COUNT, s);
	s->table.cell = duty_cell;
	s->table.cell_role = duty_cell_role;
	s->table.cmp = duty_cmp;
	s->table.match = duty_match;
	s->table.sort_col = -1;
	s->table.empty_text = "no duty-log entries match (n writes one; o, c, f change the filters)";
	return s;
}

static void duty_close(void *self)
{
	struct duty_screen *s = self;
	ui_table_free(&s->table);
	store_duty_list_free(&s->list);
	free(s->op_filter);
	free(s->cat_filter);
	free(s);
}

static int duty_load(void *self, struct ui *ui)
{
	struct duty_screen *s = self;
	int64_t last = 0;
	if (store_duty_last_id(ui->st, &last) == 0 && s->loaded && !s->filters_changed &&
	    last == s->last_id)
		return 0;
	struct store_duty_filter f = {
		.operator_name = s->op_filter,
		.category = s->cat_filter,
		.flagged_only = s->flagged_only,
	};
	struct store_duty_list l;
	if (store_duty_list(ui->st, &f, &l) != 0) {
		store_duty_list_free(&l);
		ui_message(ui, PW_ROLE_ERROR, "duty log: %s", store_errmsg(ui->st));
		return -1;
	}
	size_t sel = ui_table_selected(&s->table);
	int64_t sel_id = sel != UI_TVIEW_NONE ? s->list.v[sel].id : -1;
	store_duty_list_free(&s->list);
	s->list = l;
	s->last_id = last;
	s->loaded = true;
	s->filters_changed = false;
	/* On the newest entry, follow the log as it grows (tail -f); else stay put. */
	bool on_newest = sel_id >= 0 && sel == 0;
	size_t keep = on_newest && l.n ? 0 : UI_TVIEW_NONE;
	for (size_t i = 0; !on_newest && sel_id >= 0 && i < l.n; i++)
		if (l.v[i].id == sel_id) {
			keep = i;
			break;
		}
	ui_table_rebuild(&s->table, l.n, keep);
	return 0;
}

static void duty_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct duty_screen *s = self;
	int cols = getmaxx(w);
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "operator: %s  category: %s  %s", s->op_filter ? s->op_filter : "all",
	          s->cat_filter ? s->cat_filter : "all",
	          s->flagged_only ? "open flags only" : "all entries");
	if (s->list.truncated)
		sbuf_addf(&b, "  (newest %zu shown)", s->list.n);
	ui_put(ui, w, 0, 0, cols, PW_ROLE_DIM, false, sbuf_str(&b));
	sbuf_free(&b);
	ui_table_draw(ui, &s->table, w, 1, getmaxy(w) - 1);
}

/* ---- the o and c prompts ---- */

static unsigned set_filter(char **slot, struct duty_screen *s, const char *text)
{
	free(*slot);
	*slot = NULL;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	size_t skip = strspn(text, " ");
	if (n > skip)
		*slot = xstrndup(text + skip, n - skip);
	s->filters_changed = true;
	return UI_R_RELOAD | UI_R_BODY;
}

static unsigned op_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	struct duty_screen *s = user;
	return set_filter(&s->op_filter, s, text);
}

static unsigned cat_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	struct duty_screen *s = user;
	return set_filter(&s->cat_filter, s, text);
}

static unsigned open_filter_prompt(struct ui *ui, struct duty_screen *s, bool op)
{
	struct ui_prompt_spec spec = {
		.label = op ? "Operator (empty: all): " : "Category (empty: all): ",
		.initial = op ? s->op_filter : s->cat_filter,
		.max_bytes = 128,
		.on_submit = op ? op_submit : cat_submit,
		.user = s,
	};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

/* ---- x: clear the selected entry's flag, with a reason ---- */

static unsigned clear_submit(void *user, struct ui *ui, const char *text)
{
	const struct duty_screen *s = user;
	int64_t id = 0;
	int rc = store_duty_flag_clear(ui->st, ui->opts.operator_name, s->clear_id, text, &id);
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "flag not cleared: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_data_changed(UI_DATA_DUTY);
	ui_message(ui, PW_ROLE_OK, "flag of entry %lld cleared (duty entry %lld)",
	           (long long)s->clear_id, (long long)id);
	return UI_R_MSG | UI_R_BODY;
}

static unsigned clear_flag(struct duty_screen *s, struct ui *ui)
{
	size_t row = ui_table_selected(&s->table);
	if (row == UI_TVIEW_NONE)
		return UI_R_NONE;
	const struct store_duty_entry *e = &s->list.v[row];
	if (!e->flagged || e->flag_cleared) {
		ui_message(ui, PW_ROLE_WARN, "entry %lld %s", (long long)e->id,
		           e->flagged ? "has its flag cleared already" : "is not flagged");
		return UI_R_MSG;
	}
	if (ui_refuse_read_only(ui, "write the duty log"))
		return UI_R_MSG;
	s->clear_id = e->id;
	char label[64];
	snprintf(label, sizeof label, "Clear flag of entry %lld, why: ", (long long)e->id);
	struct ui_prompt_spec spec = {
		.label = label,
		.max_bytes = 1000,
		.confirm_discard = true,
		.on_submit = clear_submit,
		.user = s,
	};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

static unsigned duty_key(void *self, struct ui *ui, int key)
{
	struct duty_screen *s = self;
	if (ui_key_is_enter(key)) {
		size_t row = ui_table_selected(&s->table);
		if (row == UI_TVIEW_NONE)
			return UI_R_NONE;
		return ui_push_id(ui, &ui_screen_duty_entry, s->list.v[row].id);
	}
	switch (key) {
	case 'o': return open_filter_prompt(ui, s, true);
	case 'c': return open_filter_prompt(ui, s, false);
	case 'm': {
		bool mine = s->op_filter && strcmp(s->op_filter, ui->opts.operator_name) == 0;
		return set_filter(&s->op_filter, s, mine ? "" : ui->opts.operator_name);
	}
	case 'x': return clear_flag(s, ui);
	case 'f':
		s->flagged_only = !s->flagged_only;
		s->filters_changed = true;
		return UI_R_RELOAD | UI_R_BODY;
	default: return ui_table_key(ui, &s->table, key);
	}
}

static void duty_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct duty_screen *s = self;
	ui_table_hint(&s->table, out);
	sbuf_adds(out, "  n new  o/c/f filter  x unflag  Enter read");
}

static const struct ui_keyhelp duty_keys[] = {
	{"Up/Down, j/k", "move the selection (newest entry first)"},
	{"PgUp/PgDn, Home/End", "page up / down, newest / oldest loaded"},
	{"Enter", "read the whole entry"},
	{"n", "write a new entry (on every screen)"},
	{"o", "only one operator's entries (empty: all)"},
	{"m", "only my entries / everyone's"},
	{"c", "only one category (note, handover, alarm...)"},
	{"f", "entries with an open flag only / all"},
	{"x", "clear the selected entry's flag (asks why; logged)"},
	{"/", "filter the loaded entries by text, operator, category"},
	{"Esc", "clear the text filter"},
	{"< > I", "sort by a column / reverse"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_duty = {
	.name = "Duty log",
	.keys = duty_keys,
	.data = UI_DATA_DUTY,
	.open = duty_open,
	.close = duty_close,
	.load = duty_load,
	.draw = duty_draw,
	.key = duty_key,
	.hint = duty_hint,
};

/* ---- one entry, whole ---- */

struct entry_screen {
	int64_t id;
	struct store_duty_entry e;
	bool missing;
	struct ui_doc doc;
	int doc_width;            /* the width the doc was laid out for */
};

static void *entry_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct entry_screen *s = xcalloc(1, sizeof *s);
	s->id = arg ? strtoll(arg, NULL, 10) : 0;
	ui_doc_init(&s->doc);
	return s;
}

static void entry_close(void *self)
{
	struct entry_screen *s = self;
	store_duty_entry_clear(&s->e);
	ui_doc_free(&s->doc);
	free(s);
}

static int entry_load(void *self, struct ui *ui)
{
	struct entry_screen *s = self;
	store_duty_entry_clear(&s->e);
	int rc = store_duty_get(ui->st, s->id, &s->e);
	s->missing = rc == PW_STORE_NOTFOUND;
	s->doc_width = 0;
	if (rc < 0) {
		ui_message(ui, PW_ROLE_ERROR, "duty entry %lld: %s", (long long)s->id, store_errmsg(ui->st));
		return -1;
	}
	return 0;
}

static void entry_layout(struct entry_screen *s, struct ui *ui, int width)
{
	char t[PW_TIME_BUFSZ];
	ui_doc_clear(&s->doc);
	ui_doc_line(&s->doc, PW_ROLE_NORMAL);
	if (s->missing || !s->e.text) {
		ui_doc_addf(&s->doc, PW_ROLE_DIM, 0, false, "no duty entry %lld", (long long)s->id);
		return;
	}
	ui_doc_addf(&s->doc, PW_ROLE_TITLE, 0, false, "Duty entry %lld", (long long)s->e.id);
	if (s->e.flagged && s->e.flag_cleared)
		ui_doc_add(&s->doc, PW_ROLE_DIM, 0, false, ui->utf8 ? "  ☆ flag cleared" : "  - flag cleared");
	else if (s->e.flagged)
		ui_doc_add(&s->doc, PW_ROLE_WARN, 0, false, ui->utf8 ? "  ★ flagged" : "  ! flagged");
	ui_doc_line(&s->doc, PW_ROLE_NORMAL);
	ui_doc_addf(&s->doc, PW_ROLE_NORMAL, 0, false, "Time      %s", pw_time_iso(t, s->e.ts, false));
	ui_doc_line(&s->doc, PW_ROLE_NORMAL);
	ui_doc_addf(&s->doc, PW_ROLE_NORMAL, 0, false, "Operator  %s", s->e.operator_name);
	ui_doc_line(&s->doc, PW_ROLE_NORMAL);
	ui_doc_addf(&s->doc, PW_ROLE_NORMAL, 0, false, "Category  %s", s->e.category);
	ui_doc_heading(&s->doc, ui, width, "Text");
	char *clean = pw_sanitize(s->e.text, strlen(s->e.text));
	for (const char *p = clean; *p;) {
		size_t n = ui_duty_wrap(p, width - 2);
		char *line = xstrndup(p, n);
		ui_doc_line(&s->doc, PW_ROLE_NORMAL);
		ui_doc_add(&s->doc, PW_ROLE_NORMAL, 0, false, line);
		free(line);
		p += n;
	}
	free(clean);
	s->doc_width = width;
}

static void entry_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct entry_screen *s = self;
	if (s->doc_width != getmaxx(w))
		entry_layout(s, ui, getmaxx(w));
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

static unsigned entry_key(void *self, struct ui *ui, int key)
{
	(void)ui;
	struct entry_screen *s = self;
	return ui_doc_key(&s->doc, key);
}

static const struct ui_keyhelp entry_keys[] = {
	{"Up/Down, PgUp/PgDn", "scroll"},
	{"Esc", "back to the duty log"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_duty_entry = {
	.name = "Duty entry",
	.keys = entry_keys,
	.data = UI_DATA_DUTY,
	.open = entry_open,
	.close = entry_close,
	.load = entry_load,
	.draw = entry_draw,
	.key = entry_key,
};
