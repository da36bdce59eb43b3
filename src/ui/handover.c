/*
 * handover.c - the shift handover in the console (`:handover`): the same
 * report as `parkwatch report shift`, laid out as a scrollable page, for
 * the current shift or, with [ and ], the ones before it. `a` lets the
 * incoming operator acknowledge it (after a y/n question); that writes a
 * duty-log entry (category "handover") as the console's operator, which is
 * the record that the shift was taken over. The entry is a save job
 * (save.h): a busy database queues it, a full disk asks "try again?".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duty_ui.h"
#include "parkwatch/store.h"
#include "parkwatch/store_report.h"
#include "parkwatch/text.h"
#include "save.h"

#define HANDOVER_COL_MAX 24   /* widest column before a row's last one */

/*
 * The shift this console acknowledged last (the start of its window): the
 * entry may be saved from the queue after the view that asked is gone.
 */
static int64_t g_acked_from;
static bool g_acked;

struct handover_screen {
	int64_t from, to;         /* the shift shown */
	struct store_report rep;
	bool have_rep;
	struct ui_doc doc;
	int doc_width;
};

static void *handover_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct handover_screen *s = xcalloc(1, sizeof *s);
	store_report_shift_window(pw_now_ms(), &s->from, &s->to);
	ui_doc_init(&s->doc);
	return s;
}

static void handover_close(void *self)
{
	struct handover_screen *s = self;
	store_report_free(&s->rep);
	ui_doc_free(&s->doc);
	free(s);
}

static int handover_load(void *self, struct ui *ui)
{
	struct handover_screen *s = self;
	struct store_report rep;
	if (store_report_shift(ui->st, s->from, s->to, pw_now_ms(), ui->opts.operator_name, &rep) != 0) {
		store_report_free(&rep);
		ui_message(ui, PW_ROLE_ERROR, "handover: %s", store_errmsg(ui->st));
		return -1;
	}
	store_report_free(&s->rep);
	s->rep = rep;
	s->have_rep = true;
	s->doc_width = 0;
	return 0;
}

/* ---- layout ---- */

/*
 * The report's times are full ISO 8601; on screen "11-29 01:35" says the
 * same in a third of the width (the site's zone is the console's).
 */
static const char *display(const char *v, char buf[PW_TIME_BUFSZ])
{
	if (strlen(v) < 19 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':')
		return v;
	snprintf(buf, PW_TIME_BUFSZ, "%.5s %.5s", v + 5, v + 11);
	return buf;
}

static const char *cell_text(const struct store_report_section *sec, size_t row, int col,
                             char buf[PW_TIME_BUFSZ])
{
	return row == (size_t)-1 ? sec->cols[col] : display(store_report_cell(sec, row, col), buf);
}

static int cell_width(const struct store_report_section *sec, size_t row, int col)
{
	char buf[PW_TIME_BUFSZ];
	const char *v = cell_text(sec, row, col, buf);
	char *clean = pw_sanitize(v, strlen(v));
	int w = pw_text_width(clean);
	free(clean);
	return w;
}

static int row_role(const struct store_report_section *sec)
{
	if (strcmp(sec->name, "alarms_open") == 0 || strcmp(sec->name, "hazards_overdue") == 0 ||
	    strcmp(sec->name, "roster_gaps") == 0)
		return PW_ROLE_WARN;
	return PW_ROLE_NORMAL;
}

static void layout_table(struct ui_doc *d, const struct store_report_section *sec)
{
	int *w = xcalloc((size_t)sec->ncols, sizeof *w);
	for (int c = 0; c < sec->ncols; c++) {
		w[c] = cell_width(sec, (size_t)-1, c);
		for (size_t r = 0; r < sec->nrows && w[c] < HANDOVER_COL_MAX; r++) {
			int cw = cell_width(sec, r, c);
			w[c] = cw > w[c] ? cw : w[c];
		}
		w[c] = w[c] > HANDOVER_COL_MAX ? HANDOVER_COL_MAX : w[c];
	}
	for (size_t r = 0; r <= sec->nrows; r++) {
		bool head = r == 0;
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		for (int c = 0; c < sec->ncols; c++) {
			char buf[PW_TIME_BUFSZ];
			const char *v = cell_text(sec, head ? (size_t)-1 : r - 1, c, buf);
			bool last = c == sec->ncols - 1;
			ui_doc_add(d, head ? PW_ROLE_HEADER : row_role(sec), last ? 0 : w[c], false, v);
			if (!last)
				ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		}
	}
	free(w);
}

static void layout(struct handover_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	ui_doc_clear(d);
	s->doc_width = width;
	if (!s->have_rep)
		return;
	char a[PW_TIME_BUFSZ], b[PW_TIME_BUFSZ];
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_TITLE, 0, false, "Shift handover %s to %s", pw_time_short(a, s->from),
	            pw_time_short(b, s->to));
	if (g_acked && g_acked_from == s->from)
		ui_doc_addf(d, PW_ROLE_OK, 0, false, "  acknowledged by %s", ui->opts.operator_name);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 0, false, "a acknowledge the handover  [ ] previous / next shift");
	for (size_t i = 0; i < s->rep.nsec; i++) {
		const struct store_report_section *sec = &s->rep.sec[i];
		if (strcmp(sec->name, "shift") == 0)
			continue;
		char title[160];
		snprintf(title, sizeof title, "%s (%zu)", sec->title, sec->nrows);
		ui_doc_heading(d, ui, width, title);
		if (sec->note) {
			ui_doc_line(d, PW_ROLE_NORMAL);
			ui_doc_addf(d, PW_ROLE_DIM, 0, false, " %s", sec->note);
		}
		if (sec->nrows == 0) {
			ui_doc_line(d, PW_ROLE_NORMAL);
			ui_doc_add(d, PW_ROLE_DIM, 0, false, " 无 none");
			continue;
		}
		layout_table(d, sec);
	}
}

static void handover_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct handover_screen *s = self;
	if (s->doc_width != getmaxx(w))
		layout(s, ui, getmaxx(w));
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

/* ---- acknowledging ---- */

/* The report acknowledged: what the operator had on screen when they pressed a. */
struct ack {
	struct store_report rep;
	int64_t id;
};

static int ack_write(struct ui *ui, void *ctx, const char *text)
{
	(void)text;
	struct ack *c = ctx;
	return store_report_handover_ack(ui->st, &c->rep, ui->opts.operator_name, &c->id);
}

static unsigned ack_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct ack *c = ctx;
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "handover not acknowledged: %s (a tries again)", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	g_acked = true;
	g_acked_from = c->rep.from;
	/* The duty log and the handover views reload (the latter relays out with the mark). */
	ui_data_changed(UI_DATA_DUTY);
	ui_message(ui, PW_ROLE_OK, "handover acknowledged (duty entry %lld)", (long long)c->id);
	return UI_R_BODY | UI_R_MSG | UI_R_RELOAD;
}

static void ack_free(void *ctx)
{
	struct ack *c = ctx;
	store_report_free(&c->rep);
	free(c);
}

static const struct ui_save_ops ack_ops = {.write = ack_write, .report = ack_report, .free = ack_free};

static unsigned ack_yes(void *user, struct ui *ui)
{
	return ui_save_submit(ui, user, NULL, NULL);
}

/*
 * `a`: the report on screen goes to the job (it may be saved after this
 * view is closed) and the view reads a fresh one.
 */
static unsigned ack_start(struct handover_screen *s, struct ui *ui)
{
	struct ack *c = xcalloc(1, sizeof *c);
	c->rep = s->rep;
	s->rep = (struct store_report){0};
	s->have_rep = false;
	s->doc_width = 0;
	char a[PW_TIME_BUFSZ];
	char *what = xasprintf("handover of the shift from %s", pw_time_short(a, c->rep.from));
	struct ui_save_spec spec = {.ops = &ack_ops, .what = what};
	struct ui_save_job *j = ui_save_begin(&spec, c);
	free(what);
	ui_ask(ui, "Acknowledge this shift handover? y/n", ack_yes, ui_save_discard, j);
	return UI_R_MSG | UI_R_RELOAD | UI_R_BODY;
}

static unsigned handover_key(void *self, struct ui *ui, int key)
{
	struct handover_screen *s = self;
	switch (key) {
	case 'a':
		if (ui_refuse_read_only(ui, "acknowledge"))
			return UI_R_MSG;
		if (!s->have_rep)
			return UI_R_NONE;
		return ack_start(s, ui);
	case '[':
	case ']': {
		int64_t step = key == '[' ? -STORE_REPORT_SHIFT_MS : STORE_REPORT_SHIFT_MS;
		int64_t cur_from, cur_to;
		store_report_shift_window(pw_now_ms(), &cur_from, &cur_to);
		if (s->from + step > cur_from) {
			ui_message(ui, PW_ROLE_DIM, "this is the current shift");
			return UI_R_MSG;
		}
		s->from += step;
		s->to += step;
		s->doc.top = 0;
		return UI_R_RELOAD | UI_R_BODY;
	}
	default: return ui_doc_key(&s->doc, key);
	}
}

static void handover_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct handover_screen *s = self;
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, "  a acknowledge  [ ] shift  Esc back");
}

static const struct ui_keyhelp handover_keys[] = {
	{"a", "acknowledge the handover (logged in the duty log)"},
	{"[ ]", "previous / next shift (up to the current one)"},
	{"Up/Down, PgUp/PgDn", "scroll"},
	{"Esc", "back"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_handover = {
	.name = "Shift handover",
	.keys = handover_keys,
	.data = UI_DATA_ALARMS | UI_DATA_DUTY | UI_DATA_HAZARDS | UI_DATA_RESCUE | UI_DATA_INCIDENTS,
	.open = handover_open,
	.close = handover_close,
	.load = handover_load,
	.draw = handover_draw,
	.key = handover_key,
	.hint = handover_hint,
};

unsigned ui_cmd_handover(struct ui *ui, const char *args)
{
	if (*args) {
		ui_message(ui, PW_ROLE_ERROR, ":handover takes no arguments ([ and ] change the shift)");
		return UI_R_MSG;
	}
	return ui_push(ui, &ui_screen_handover, NULL);
}
