/*
 * heat.c - the risk heat table: rows are zones (g switches to industries
 * and grids), columns the six key-place categories and a total, each cell
 * the enterprises in it per risk colour. A cell is painted in its worst
 * colour's role and always says it in text ("红2 黄5 蓝9", or "[红]16" when
 * narrow), so it reads the same in the mono theme. Enter lists the cell's
 * enterprises (R O Y B: only that colour) on the Enterprises list.
 *
 * Also here: the compact table on the Overview, and the cell filter the
 * Enterprises list applies when it is opened from a cell.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heatfmt.h"
#include "parkwatch/text.h"
#include "risk_ui.h"

#define LABEL_MIN 9   /* "全园 park" */
#define LABEL_MAX 14
#define CELL_BUFSZ 64

/* Short column titles so seven cells fit 80 columns. */
static const char *const col_zh[STORE_HEAT_NCOLS] = {"氨", "粉尘", "喷涂", "危化", "受限", "锂电", "合计"};
static const char *const col_en[STORE_HEAT_NCOLS] = {"NH3", "Dust", "Spray", "HazCh", "Confd", "LiBat", "Total"};

static const char *col_title(const struct ui *ui, int col)
{
	return ui->utf8 ? col_zh[col] : col_en[col];
}

static const char *col_long(int col)
{
	return col < PW_PLACE_COUNT ? pw_place_label_zh(col) : "全部 all";
}

static const char *by_title(enum store_heat_by by)
{
	switch (by) {
	case STORE_HEAT_INDUSTRY: return "行业 industry";
	case STORE_HEAT_GRID: return "网格 grid";
	default: return "园区 zone";
	}
}

/* ---- layout shared by the full view and the overview ---- */

struct heat_layout {
	int label_w;    /* row label column */
	int cell_w;     /* each of the seven cells (without the gap) */
	bool full;      /* every cell fits its full per-colour text */
};

static const int64_t *cell_counts(const struct store_heat *h, size_t row, int col)
{
	return row < h->n ? h->rows[row].n[col] : h->park[col];
}

static void layout(const struct store_heat *h, const struct ui *ui, int width, struct heat_layout *l)
{
	int lw = LABEL_MIN;
	for (size_t i = 0; i < h->n; i++) {
		int w = pw_text_width(h->rows[i].label);
		lw = w > lw ? w : lw;
	}
	l->label_w = lw > LABEL_MAX ? LABEL_MAX : lw;
	l->cell_w = (width - l->label_w - 1) / STORE_HEAT_NCOLS - 1;
	if (l->cell_w < 4)
		l->cell_w = 4;
	l->full = true;
	for (size_t r = 0; r <= h->n && l->full; r++)
		for (int c = 0; c < STORE_HEAT_NCOLS; c++)
			/* Keep two blanks between cells: right-aligned lists of counts
			 * must not run into their neighbour. */
			if (ui_heat_full_width(cell_counts(h, r, c), !ui->utf8) >= l->cell_w) {
				l->full = false;
				break;
			}
}

static int cell_role(const int64_t n[4])
{
	int worst = ui_heat_worst(n);
	return worst < 0 ? PW_ROLE_DIM : ui_risk_role(worst);
}

static void cell_text(const struct ui *ui, const int64_t n[4], bool full, char *buf, size_t size)
{
	struct sbuf b;
	sbuf_init(&b);
	ui_heat_cell_text(n, full, !ui->utf8, &b);
	snprintf(buf, size, "%s", sbuf_str(&b));
	sbuf_free(&b);
}

static const char *row_label(const struct store_heat *h, size_t row)
{
	return row < h->n ? h->rows[row].label : "全园 park";
}

/* ---- the full-size view ---- */

struct heat_screen {
	struct store_heat h;
	bool loaded;
	enum store_heat_by by;
	size_t row;        /* 0..h.n; h.n is the whole-park row */
	int col;           /* 0..STORE_HEAT_TOTAL */
	size_t top;        /* first data row shown */
	size_t page;       /* data rows visible at the last draw */
};

static void *heat_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct heat_screen *s = xcalloc(1, sizeof *s);
	s->col = STORE_HEAT_TOTAL;
	return s;
}

static void heat_close(void *self)
{
	struct heat_screen *s = self;
	store_heat_free(&s->h);
	free(s);
}

static int heat_load(void *self, struct ui *ui)
{
	struct heat_screen *s = self;
	char *old = s->row < s->h.n ? xstrdup(s->h.rows[s->row].label) : NULL;
	bool was_park = s->loaded && s->row >= s->h.n;
	struct store_heat h;
	if (store_heat_load(ui->st, s->by, &h) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "heat table: %s", store_errmsg(ui->st));
		free(old);
		return -1;
	}
	store_heat_free(&s->h);
	s->h = h;
	s->loaded = true;
	/* Keep the same row when it is still there; else stay in range. */
	size_t keep = was_park ? h.n : s->row > h.n ? h.n : s->row;
	for (size_t i = 0; old && i < h.n; i++)
		if (strcmp(h.rows[i].label, old) == 0)
			keep = i;
	s->row = keep;
	free(old);
	return 0;
}

static void draw_header(struct ui *ui, WINDOW *w, int y, const struct heat_layout *l, int sel_col)
{
	int x = ui_put(ui, w, y, 0, l->label_w, PW_ROLE_HEADER, false, "");
	for (int c = 0; c < STORE_HEAT_NCOLS; c++) {
		x += ui_put(ui, w, y, x, 1, PW_ROLE_HEADER, false, " ");
		x += ui_put(ui, w, y, x, l->cell_w, c == sel_col ? PW_ROLE_KEY : PW_ROLE_HEADER, true,
		            col_title(ui, c));
	}
	ui_clear_eol(ui, w, y, x, PW_ROLE_HEADER);
}

static void draw_row(struct heat_screen *s, struct ui *ui, WINDOW *w, int y, size_t r,
                     const struct heat_layout *l)
{
	bool park = r >= s->h.n;
	int x = ui_put(ui, w, y, 0, l->label_w, r == s->row ? PW_ROLE_KEY : park ? PW_ROLE_HEADER : PW_ROLE_NORMAL,
	               false, row_label(&s->h, r));
	for (int c = 0; c < STORE_HEAT_NCOLS; c++) {
		const int64_t *n = cell_counts(&s->h, r, c);
		char buf[CELL_BUFSZ];
		cell_text(ui, n, l->full, buf, sizeof buf);
		bool sel = r == s->row && c == s->col;
		x += ui_put(ui, w, y, x, 1, PW_ROLE_NORMAL, false, " ");
		x += ui_put(ui, w, y, x, l->cell_w, sel ? PW_ROLE_SELECTED : cell_role(n), true, buf);
	}
	ui_clear_eol(ui, w, y, x, PW_ROLE_NORMAL);
}

/* The selected cell in words, every colour counted. */
static void draw_detail(struct heat_screen *s, struct ui *ui, WINDOW *w, int y)
{
	const int64_t *n = cell_counts(&s->h, s->row, s->col);
	int x = ui_putf(ui, w, y, 0, -1, PW_ROLE_NORMAL, "%s × %s: ", row_label(&s->h, s->row), col_long(s->col));
	static const enum pw_colour order[] = {PW_RED, PW_ORANGE, PW_YELLOW, PW_BLUE};
	for (size_t i = 0; i < PW_ARRAY_LEN(order); i++) {
		enum pw_colour c = order[i];
		x += ui_putf(ui, w, y, x, -1, n[c] ? ui_risk_role(c) : PW_ROLE_NORMAL, "%s%lld",
		             ui_heat_colour_char(c, !ui->utf8), (long long)n[c]);
		x += ui_put(ui, w, y, x, 1, PW_ROLE_NORMAL, false, " ");
	}
	x += ui_putf(ui, w, y, x, -1, PW_ROLE_NORMAL, "= %lld", (long long)ui_heat_sum(n));
	ui_clear_eol(ui, w, y, x, PW_ROLE_NORMAL);
}

static void heat_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct heat_screen *s = self;
	int height = getmaxy(w), width = getmaxx(w);
	werase(w);
	int x = ui_putf(ui, w, 0, 0, -1, PW_ROLE_TITLE, "风险热力表 Risk heat table · rows: %s", by_title(s->by));
	ui_clear_eol(ui, w, 0, x, PW_ROLE_NORMAL);
	if (!s->loaded)
		return;
	if (!s->h.n) {
		ui_put(ui, w, 2, 2, width - 2, PW_ROLE_DIM, false,
		       "no enterprises yet (parkwatch seed loads a demo park)");
		return;
	}
	struct heat_layout l;
	layout(&s->h, ui, width, &l);
	draw_header(ui, w, 1, &l, s->col);
	/* Rows 2..height-4 for the data, then the park row, the detail and the legend. */
	int avail = height - 5;
	s->page = avail > 0 ? (size_t)avail : 1;
	if (s->row >= s->h.n) {
		/* On the park row: show the last rows above it. */
		s->top = s->h.n > s->page ? s->h.n - s->page : 0;
	} else {
		if (s->row < s->top)
			s->top = s->row;
		if (s->row >= s->top + s->page)
			s->top = s->row - s->page + 1;
	}
	if (s->top + s->page > s->h.n)
		s->top = s->h.n > s->page ? s->h.n - s->page : 0;
	int y = 2;
	for (size_t r = s->top; r < s->h.n && y < 2 + avail; r++)
		draw_row(s, ui, w, y++, r, &l);
	draw_row(s, ui, w, y++, s->h.n, &l);
	draw_detail(s, ui, w, y++);
	ui_put(ui, w, y, 0, width, PW_ROLE_DIM, false,
	       l.full ? "cell: enterprises per colour 红 橙 黄 蓝 (- none)"
	              : "cell: [worst colour] and enterprises in it; the line above counts each colour");
}

static unsigned open_cell(struct heat_screen *s, struct ui *ui, int colour)
{
	if (!s->loaded || !s->h.n)
		return UI_R_NONE;
	bool park = s->row >= s->h.n;
	char *arg = xasprintf("heat\x1f%d\x1f%d\x1f%d\x1f%c%s", (int)s->by, s->col, colour, park ? 'p' : 'r',
	                      park ? "" : s->h.rows[s->row].label);
	unsigned r = ui_push(ui, &ui_screen_enterprises, arg);
	free(arg);
	return r;
}

static unsigned heat_move(struct heat_screen *s, long drow, int dcol)
{
	long row = (long)s->row + drow;
	row = row < 0 ? 0 : row > (long)s->h.n ? (long)s->h.n : row;
	int col = s->col + dcol;
	col = col < 0 ? 0 : col > STORE_HEAT_TOTAL ? STORE_HEAT_TOTAL : col;
	s->row = (size_t)row;
	s->col = col;
	return UI_R_BODY | UI_R_MSG;
}

static unsigned heat_key(void *self, struct ui *ui, int key)
{
	struct heat_screen *s = self;
	long page = s->page ? (long)s->page : 10;
	switch (key) {
	case 'k': case UI_FKEY(KEY_UP): return heat_move(s, -1, 0);
	case 'j': case UI_FKEY(KEY_DOWN): return heat_move(s, 1, 0);
	case 'h': case UI_FKEY(KEY_LEFT): return heat_move(s, 0, -1);
	case 'l': case UI_FKEY(KEY_RIGHT): return heat_move(s, 0, 1);
	case UI_FKEY(KEY_PPAGE): return heat_move(s, -page, 0);
	case UI_FKEY(KEY_NPAGE): return heat_move(s, page, 0);
	case UI_FKEY(KEY_HOME): return heat_move(s, -(long)s->h.n - 1, -STORE_HEAT_NCOLS);
	case UI_FKEY(KEY_END): return heat_move(s, (long)s->h.n + 1, STORE_HEAT_NCOLS);
	case 'g':
		s->by = (s->by + 1) % STORE_HEAT_BY_COUNT;
		s->row = 0;
		s->top = 0;
		return UI_R_RELOAD | UI_R_BODY | UI_R_MSG;
	case 'R': return open_cell(s, ui, PW_RED);
	case 'O': return open_cell(s, ui, PW_ORANGE);
	case 'Y': return open_cell(s, ui, PW_YELLOW);
	case 'B': return open_cell(s, ui, PW_BLUE);
	default:
		if (ui_key_is_enter(key))
			return open_cell(s, ui, -1);
		return UI_R_UNHANDLED;
	}
}

static void heat_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct heat_screen *s = self;
	sbuf_addf(out, "Enter list  R/O/Y/B colour  g rows: %s", store_heat_by_name(s->by));
}

static const struct ui_keyhelp heat_keys[] = {
	{"arrows, h j k l", "move between cells"},
	{"Enter", "the enterprises of the cell (Enterprises list, filtered)"},
	{"R O Y B", "only the cell's red / orange / yellow / blue enterprises"},
	{"g", "rows by zone, industry or grid"},
	{"Esc", "back to the overview"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_heat = {
	.name = "Risk heat table",
	.keys = heat_keys,
	.data = UI_DATA_ENTERPRISES | UI_DATA_HAZARDS | UI_DATA_ALARMS | UI_DATA_INSPECTIONS,
	.open = heat_open,
	.close = heat_close,
	.load = heat_load,
	.draw = heat_draw,
	.key = heat_key,
	.hint = heat_hint,
	.min_reload_ms = 1000,   /* whole-park reads: not on every write of a busy recorder */
};

/* ---- the compact table on the overview ---- */

struct ui_heat_summary {
	struct store_heat h;
};

int ui_heat_summary_load(struct ui_heat_summary **hs, struct ui *ui)
{
	struct store_heat h;
	if (store_heat_load(ui->st, STORE_HEAT_ZONE, &h) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "heat table: %s", store_errmsg(ui->st));
		return -1;
	}
	if (!*hs)
		*hs = xcalloc(1, sizeof **hs);
	store_heat_free(&(*hs)->h);
	(*hs)->h = h;
	return 0;
}

void ui_heat_summary_free(struct ui_heat_summary *hs)
{
	if (!hs)
		return;
	store_heat_free(&hs->h);
	free(hs);
}

static void summary_row(const struct store_heat *h, struct ui_doc *d, struct ui *ui, size_t r,
                        const struct heat_layout *l)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, r < h->n ? PW_ROLE_NORMAL : PW_ROLE_HEADER, l->label_w, false, row_label(h, r));
	for (int c = 0; c < STORE_HEAT_NCOLS; c++) {
		const int64_t *n = cell_counts(h, r, c);
		char buf[CELL_BUFSZ];
		cell_text(ui, n, l->full, buf, sizeof buf);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, cell_role(n), l->cell_w, true, buf);
	}
}

void ui_heat_summary_build(const struct ui_heat_summary *hs, struct ui_doc *d, struct ui *ui, int width)
{
	ui_doc_heading(d, ui, width, "风险热力表 Risk heat table (h: full size, where Enter lists a cell)");
	if (!hs || !hs->h.n) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, hs ? "  no enterprises yet" : "  loading");
		return;
	}
	struct heat_layout l;
	layout(&hs->h, ui, width, &l);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_HEADER, l.label_w, false, "");
	for (int c = 0; c < STORE_HEAT_NCOLS; c++) {
		ui_doc_add(d, PW_ROLE_HEADER, 1, false, "");
		ui_doc_add(d, PW_ROLE_HEADER, l.cell_w, true, col_title(ui, c));
	}
	for (size_t r = 0; r <= hs->h.n; r++)
		summary_row(&hs->h, d, ui, r, &l);
}

/* ---- a cell as a filter of the Enterprises list ---- */

struct ui_ent_subset {
	struct store_heat_cell cell;
	char *row;       /* owned; NULL for the whole park */
	char *label;
};

struct ui_ent_subset *ui_ent_subset_new(const char *arg)
{
	int by, col, colour, used = 0;
	if (!arg || sscanf(arg, "heat\x1f%d\x1f%d\x1f%d\x1f%n", &by, &col, &colour, &used) != 3 || !used)
		return NULL;
	const char *rest = arg + used;
	if (by < 0 || by >= STORE_HEAT_BY_COUNT || col < 0 || col > STORE_HEAT_TOTAL || colour < -1 ||
	    colour > PW_RED || (*rest != 'p' && *rest != 'r'))
		return NULL;
	struct ui_ent_subset *f = xcalloc(1, sizeof *f);
	f->row = *rest == 'r' ? xstrdup(rest + 1) : NULL;
	f->cell = (struct store_heat_cell){.by = by, .row = f->row, .col = col, .colour = colour};
	f->label = xasprintf("%s·%s·%s", f->row ? f->row : "全园", col_zh[col],
	                     colour >= 0 ? ui_risk_label(colour) : "any");
	return f;
}

void ui_ent_subset_free(struct ui_ent_subset *f)
{
	if (!f)
		return;
	free(f->row);
	free(f->label);
	free(f);
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int ui_ent_subset_apply(struct ui_ent_subset *f, struct ui *ui, struct pw_ent_list *l)
{
	int64_t *ids;
	size_t n;
	if (store_heat_cell_ids(ui->st, &f->cell, &ids, &n) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "heat cell: %s", store_errmsg(ui->st));
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (n && bsearch(&l->rows[i].id, ids, n, sizeof *ids, id_cmp))
			l->rows[k++] = l->rows[i];
	l->n = k;
	free(ids);
	return 0;
}

const char *ui_ent_subset_label(const struct ui_ent_subset *f)
{
	return f ? f->label : "";
}
