/*
 * enterprises.c - screen 2: every enterprise of the park in one sortable,
 * filterable list (code, name, industry, zone, principal, phone, risk with
 * its text label, score). Enter opens the enterprise card.
 *
 * The whole table is loaded at once (10,000 rows in a few milliseconds,
 * strings pooled by the store); a reload is skipped while the table's
 * fingerprint is unchanged, so other writers do not cost a full re-read.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_browse.h"
#include "parkwatch/text.h"
#include "incident_ui.h"
#include "risk_ui.h"
#include "ui_private.h"

enum { C_CODE, C_NAME, C_INDUSTRY, C_ZONE, C_PRINCIPAL, C_PHONE, C_RISK, C_SCORE, C_COUNT };

static const struct ui_column default_columns[C_COUNT] = {
	[C_CODE] = {"Code", 8, 0, false, 0},
	[C_NAME] = {"Name", 0, 16, false, 0},
	[C_INDUSTRY] = {"Industry", 10, 0, false, 0},
	[C_ZONE] = {"Zone", 6, 0, false, 0},
	[C_PRINCIPAL] = {"Principal", 8, 0, false, 0},
	[C_PHONE] = {"Phone", 13, 0, false, 110},
	[C_RISK] = {"Risk", 9, 0, false, 0},
	[C_SCORE] = {"Score", 6, 0, true, 0},
};

struct ent_screen {
	struct pw_ent_list list;
	uint64_t stamp;
	bool have_stamp;
	struct ui_column cols[C_COUNT];  /* widths follow the data */
	struct ui_table table;
	struct ui_ent_subset *subset;   /* opened from a heat-table cell (heat.c) */
};

static const char *ent_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct ent_screen *s = user;
	const struct pw_ent_row *r = &s->list.rows[row];
	switch (col) {
	case C_CODE: return r->code;
	case C_NAME: return r->name;
	case C_INDUSTRY: return r->industry;
	case C_ZONE: return r->zone;
	case C_PRINCIPAL: return r->principal;
	case C_PHONE: return r->phone;
	case C_RISK: return ui_risk_label(r->risk);
	case C_SCORE:
		snprintf(buf, bufsz, "%.0f", r->score);
		return buf;
	default: return "";
	}
}

static int ent_cell_role(void *user, size_t row, int col)
{
	const struct ent_screen *s = user;
	return col == C_RISK ? ui_risk_role(s->list.rows[row].risk) : -1;
}

static int ent_cmp(void *user, size_t a, size_t b, int col)
{
	const struct ent_screen *s = user;
	const struct pw_ent_row *x = &s->list.rows[a], *y = &s->list.rows[b];
	switch (col) {
	case C_RISK:
		/* Within a colour, by score. */
		if (x->risk != y->risk)
			return x->risk < y->risk ? -1 : 1;
		return x->score < y->score ? -1 : x->score > y->score;
	case C_SCORE:
		return x->score < y->score ? -1 : x->score > y->score;
	default: {
		char b1[64], b2[64];
		return strcmp(ent_cell(user, a, col, b1, sizeof b1), ent_cell(user, b, col, b2, sizeof b2));
	}
	}
}

/* The filter looks at code, name, principal, industry and zone. */
static bool ent_match(void *user, size_t row, const char *filter)
{
	const struct ent_screen *s = user;
	const struct pw_ent_row *r = &s->list.rows[row];
	return pw_text_contains(r->code, filter) || pw_text_contains(r->name, filter) ||
	       pw_text_contains(r->principal, filter) || pw_text_contains(r->industry, filter) ||
	       pw_text_contains(r->zone, filter);
}

static void *ent_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct ent_screen *s = xcalloc(1, sizeof *s);
	s->subset = ui_ent_subset_new(arg);
	memcpy(s->cols, default_columns, sizeof s->cols);
	ui_table_init(&s->table, s->cols, C_COUNT, s);
	s->table.cell = ent_cell;
	s->table.cell_role = ent_cell_role;
	s->table.cmp = ent_cmp;
	s->table.match = ent_match;
	s->table.sort_col = C_CODE;
	s->table.empty_text = "no enterprises in the database (load them: parkwatch seed, or parkwatch import enterprises FILE)";
	if (s->subset)
		s->table.empty_text = "no enterprise in this heat-table cell (Esc goes back)";
	return s;
}

static void ent_close(void *self)
{
	struct ent_screen *s = self;
	ui_table_free(&s->table);
	store_browse_enterprises_free(&s->list);
	ui_ent_subset_free(s->subset);
	free(s);
}

/* Size the short columns to the widest value (within bounds), the name takes the rest. */
static void fit_columns(struct ent_screen *s)
{
	static const struct { int col, lo, hi; } bounds[] = {
		{C_CODE, 4, 14}, {C_INDUSTRY, 8, 14}, {C_ZONE, 4, 10}, {C_PRINCIPAL, 9, 10}, {C_PHONE, 5, 15},
	};
	for (size_t k = 0; k < PW_ARRAY_LEN(bounds); k++) {
		int col = bounds[k].col, w = pw_text_width(default_columns[col].title);
		char buf[64];
		for (size_t i = 0; i < s->list.n && w < bounds[k].hi; i++) {
			int cw = pw_text_width(ent_cell(s, i, col, buf, sizeof buf));
			w = cw > w ? cw : w;
		}
		s->cols[col].width = w < bounds[k].lo ? bounds[k].lo : w > bounds[k].hi ? bounds[k].hi : w;
	}
}

static int ent_load(void *self, struct ui *ui)
{
	struct ent_screen *s = self;
	uint64_t stamp = 0;
	bool stamped = store_browse_enterprises_stamp(ui->st, &stamp) == 0;
	if (stamped && s->have_stamp && stamp == s->stamp)
		return 0;
	struct pw_ent_list l;
	if (store_browse_enterprises(ui->st, &l) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "enterprises: %s", store_errmsg(ui->st));
		return -1;
	}
	if (s->subset && ui_ent_subset_apply(s->subset, ui, &l) != 0) {
		store_browse_enterprises_free(&l);
		return -1;
	}
	size_t sel = ui_table_selected(&s->table);
	int64_t sel_id = sel != UI_TVIEW_NONE ? s->list.rows[sel].id : -1;
	store_browse_enterprises_free(&s->list);
	s->list = l;
	s->stamp = stamp;
	s->have_stamp = stamped;
	fit_columns(s);
	size_t keep = UI_TVIEW_NONE;
	for (size_t i = 0; sel_id >= 0 && i < l.n; i++)
		if (l.rows[i].id == sel_id) {
			keep = i;
			break;
		}
	ui_table_rebuild(&s->table, l.n, keep);
	return 0;
}

static void ent_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct ent_screen *s = self;
	ui_table_draw(ui, &s->table, w, 0, getmaxy(w));
}

static unsigned ent_key(void *self, struct ui *ui, int key)
{
	struct ent_screen *s = self;
	if (ui_key_is_enter(key)) {
		size_t row = ui_table_selected(&s->table);
		if (row == UI_TVIEW_NONE)
			return UI_R_NONE;
		return ui_push(ui, &ui_screen_card, s->list.rows[row].code);
	}
	if (key == 'i') {
		size_t row = ui_table_selected(&s->table);
		return row == UI_TVIEW_NONE ? UI_R_NONE : ui_incident_new_from_enterprise(ui, s->list.rows[row].code);
	}
	return ui_table_key(ui, &s->table, key);
}

static void ent_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct ent_screen *s = self;
	ui_table_hint(&s->table, out);
	if (s->subset)
		sbuf_addf(out, "  [%s]", ui_ent_subset_label(s->subset));
	if (s->table.view.n)
		sbuf_adds(out, "  Enter card");
}

static const struct ui_keyhelp ent_keys[] = {
	{"Up/Down, j/k", "move the selection"},
	{"PgUp/PgDn, Home/End", "page up / down, first / last enterprise"},
	{"Enter", "open the enterprise card (all base data)"},
	{"i", "open an incident at the selected enterprise"},
	{"/", "filter by code, name, principal, industry, zone"},
	{"Esc", "clear the filter"},
	{"< >", "sort by the previous / next column"},
	{"I", "reverse the sort order"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_enterprises = {
	.name = "Enterprises",
	.keys = ent_keys,
	.data = UI_DATA_ENTERPRISES,
	.open = ent_open,
	.close = ent_close,
	.load = ent_load,
	.draw = ent_draw,
	.key = ent_key,
	.hint = ent_hint,
	.min_reload_ms = 1000,
};
