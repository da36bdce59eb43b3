/*
 * inspections.c - screen 9: daily trace supervision. Two lists, t switches:
 * the most recent visits by grid workers and third-party safety firms
 * (time, enterprise, inspector, organisation, kind, findings), and the
 * enterprises not inspected for N days (cfg inspection_overdue_d; + and -
 * change N) with the days since their last visit, 从未 never first.
 * Enter opens the enterprise card of the selected row, i an incident at
 * its enterprise (as on the Enterprises list).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heatfmt.h"
#include "parkwatch/store_hazard_views.h"
#include "parkwatch/text.h"
#include "incident_ui.h"
#include "risk_ui.h"

#define DAY_MS (24LL * 3600 * 1000)
#define RECENT_MAX 500
#define DAYS_MAX 3650

enum { V_TIME, V_ENT, V_INSPECTOR, V_ORG, V_KIND, V_FINDINGS, V_COUNT };
enum { S_CODE, S_ENT, S_ZONE, S_GRID, S_LAST, S_DAYS, S_COUNT };

static const struct ui_column visit_cols[V_COUNT] = {
	[V_TIME] = {"Time", 11, 0, false, 0},
	[V_ENT] = {"Enterprise", 0, 12, false, 0},
	[V_INSPECTOR] = {"Inspector", 9, 0, false, 0},
	[V_ORG] = {"Org", 14, 0, false, 0},
	[V_KIND] = {"Kind", 8, 0, false, 0},
	[V_FINDINGS] = {"Findings", 0, 12, false, 0},
};

static const struct ui_column stale_cols[S_COUNT] = {
	[S_CODE] = {"Code", 6, 0, false, 0},
	[S_ENT] = {"Enterprise", 0, 16, false, 0},
	[S_ZONE] = {"Zone", 6, 0, false, 0},
	[S_GRID] = {"Grid", 12, 0, false, 0},
	[S_LAST] = {"Last visit", 11, 0, false, 0},
	[S_DAYS] = {"Days", 6, 0, true, 0},
};

struct insp_screen {
	bool stale_mode;
	int days;                     /* N of "not inspected for N days" */
	int64_t now;                  /* when the lists were read */
	struct store_visit_list visits;
	struct store_stale_list stale;
	struct ui_table tv, ts;
};

static const char *kind_label(const char *kind)
{
	static const struct { const char *k, *label; } map[] = {
		{"grid", "网格"}, {"third_party", "第三方"}, {"enforcement", "执法"}, {"self", "自查"},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(map); i++)
		if (strcmp(kind, map[i].k) == 0)
			return map[i].label;
	return kind;
}

static const char *visit_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct insp_screen *s = user;
	const struct store_visit *v = &s->visits.rows[row];
	switch (col) {
	case V_TIME:
		if (bufsz >= PW_TIME_BUFSZ) {
			pw_time_short(buf, v->ts);
			return buf;
		}
		return "";
	case V_ENT: return v->enterprise_name;
	case V_INSPECTOR: return v->inspector;
	case V_ORG: return v->org;
	case V_KIND: return kind_label(v->org_kind);
	case V_FINDINGS: return *v->findings ? v->findings : "-";
	default: return "";
	}
}

static int visit_cmp(void *user, size_t a, size_t b, int col)
{
	const struct insp_screen *s = user;
	if (col == V_TIME) {
		int64_t x = s->visits.rows[a].ts, y = s->visits.rows[b].ts;
		return x > y ? -1 : x < y;   /* newest first */
	}
	char b1[128], b2[128];
	return strcmp(visit_cell(user, a, col, b1, sizeof b1), visit_cell(user, b, col, b2, sizeof b2));
}

static const char *stale_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct insp_screen *s = user;
	const struct store_stale_row *r = &s->stale.rows[row];
	int days = ui_days_since(r->last_ts, s->now);
	switch (col) {
	case S_CODE: return r->code;
	case S_ENT: return r->name;
	case S_ZONE: return r->zone;
	case S_GRID: return *r->grid ? r->grid : "-";
	case S_LAST:
		if (!r->last_ts)
			return "从未 never";
		if (bufsz >= PW_TIME_BUFSZ) {
			pw_time_short(buf, r->last_ts);
			return buf;
		}
		return "";
	case S_DAYS:
		if (days < 0)
			return "从未";
		snprintf(buf, bufsz, "%d", days);
		return buf;
	default: return "";
	}
}

static int stale_role(void *user, size_t row, int col)
{
	(void)user;
	(void)row;
	return col == S_DAYS || col == S_LAST ? PW_ROLE_OVERDUE : -1;
}

/* Never visited first, then by days since the last visit, most first. */
static int stale_cmp(void *user, size_t a, size_t b, int col)
{
	const struct insp_screen *s = user;
	if (col == S_DAYS || col == S_LAST) {
		int64_t x = s->stale.rows[a].last_ts, y = s->stale.rows[b].last_ts;
		return x < y ? -1 : x > y;
	}
	char b1[128], b2[128];
	return strcmp(stale_cell(user, a, col, b1, sizeof b1), stale_cell(user, b, col, b2, sizeof b2));
}

static void *insp_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)cookie;
	(void)arg;
	struct insp_screen *s = xcalloc(1, sizeof *s);
	s->days = ui->cfg->inspection_overdue_d > 0 ? ui->cfg->inspection_overdue_d : 30;
	ui_table_init(&s->tv, visit_cols, V_COUNT, s);
	s->tv.cell = visit_cell;
	s->tv.cmp = visit_cmp;
	s->tv.sort_col = V_TIME;
	s->tv.empty_text = "no visits recorded (parkwatch inspection add, or import inspections FILE.csv)";
	ui_table_init(&s->ts, stale_cols, S_COUNT, s);
	s->ts.cell = stale_cell;
	s->ts.cell_role = stale_role;
	s->ts.cmp = stale_cmp;
	s->ts.sort_col = S_DAYS;
	s->ts.empty_text = "every enterprise has been inspected within the period";
	return s;
}

static void insp_close(void *self)
{
	struct insp_screen *s = self;
	ui_table_free(&s->tv);
	ui_table_free(&s->ts);
	store_visit_list_free(&s->visits);
	store_stale_list_free(&s->stale);
	free(s);
}

static int insp_load(void *self, struct ui *ui)
{
	struct insp_screen *s = self;
	int64_t now = pw_now_ms();
	struct store_visit_list v;
	struct store_stale_list st;
	if (store_visits_recent(ui->st, RECENT_MAX, 0, &v) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "inspections: %s", store_errmsg(ui->st));
		return -1;
	}
	if (store_visits_stale(ui->st, now - s->days * DAY_MS, &st) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "inspections: %s", store_errmsg(ui->st));
		store_visit_list_free(&v);
		return -1;
	}
	size_t sv = ui_table_selected(&s->tv), ss = ui_table_selected(&s->ts);
	int64_t keep_visit = sv != UI_TVIEW_NONE ? s->visits.rows[sv].id : -1;
	char *keep_code = ss != UI_TVIEW_NONE ? xstrdup(s->stale.rows[ss].code) : NULL;
	store_visit_list_free(&s->visits);
	store_stale_list_free(&s->stale);
	s->visits = v;
	s->stale = st;
	s->now = now;
	size_t kv = UI_TVIEW_NONE, ks = UI_TVIEW_NONE;
	for (size_t i = 0; i < v.n; i++)
		if (v.rows[i].id == keep_visit)
			kv = i;
	for (size_t i = 0; keep_code && i < st.n; i++)
		if (strcmp(st.rows[i].code, keep_code) == 0)
			ks = i;
	free(keep_code);
	ui_table_rebuild(&s->tv, v.n, kv);
	ui_table_rebuild(&s->ts, st.n, ks);
	return 0;
}

static void insp_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct insp_screen *s = self;
	int x;
	if (s->stale_mode)
		x = ui_putf(ui, w, 0, 0, -1, PW_ROLE_TITLE, "未检查 Not inspected for %d days: %zu enterprises  (t: recent visits)",
		            s->days, s->stale.n);
	else
		x = ui_putf(ui, w, 0, 0, -1, PW_ROLE_TITLE,
		            "巡查 Recent visits (%s%zu)  (t: not inspected for %d days)",
		            s->visits.n >= RECENT_MAX ? "the latest " : "", s->visits.n, s->days);
	ui_clear_eol(ui, w, 0, x, PW_ROLE_NORMAL);
	ui_table_draw(ui, s->stale_mode ? &s->ts : &s->tv, w, 1, getmaxy(w) - 1);
}

/* The enterprise of the selected row of the list shown, or NULL. */
static const char *selected_code(const struct insp_screen *s)
{
	size_t row = ui_table_selected(s->stale_mode ? &s->ts : &s->tv);
	if (row == UI_TVIEW_NONE)
		return NULL;
	return s->stale_mode ? s->stale.rows[row].code : s->visits.rows[row].enterprise_code;
}

static unsigned insp_key(void *self, struct ui *ui, int key)
{
	struct insp_screen *s = self;
	struct ui_table *t = s->stale_mode ? &s->ts : &s->tv;
	const char *code = selected_code(s);
	if (ui_key_is_enter(key))
		return code ? ui_push(ui, &ui_screen_card, code) : UI_R_NONE;
	switch (key) {
	case 'i':
		return code ? ui_incident_new_from_enterprise(ui, code) : UI_R_NONE;
	case 't':
		s->stale_mode = !s->stale_mode;
		return UI_R_BODY | UI_R_MSG;
	case '+':
	case '-':
		if (!s->stale_mode)
			return UI_R_UNHANDLED;
		s->days += key == '+' ? 1 : -1;
		s->days = s->days < 1 ? 1 : s->days > DAYS_MAX ? DAYS_MAX : s->days;
		return UI_R_RELOAD | UI_R_BODY | UI_R_MSG;
	default: return ui_table_key(ui, t, key);
	}
}

static void insp_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct insp_screen *s = self;
	ui_table_hint(s->stale_mode ? &s->ts : &s->tv, out);
	sbuf_adds(out, s->stale_mode ? "  Enter card  i incident  t visits  +/- N"
	                                 : "  Enter card  i incident  t stale");
}

static const struct ui_keyhelp insp_keys[] = {
	{"t", "recent visits / enterprises not inspected for N days"},
	{"+ -", "N: one day more / less (not-inspected list)"},
	{"Enter", "the enterprise card"},
	{"i", "open an incident at the selected row's enterprise"},
	{"/", "filter the list by text; Esc clears"},
	{"< > I", "sort column, reverse"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_inspections = {
	.name = "Inspections",
	.keys = insp_keys,
	.data = UI_DATA_INSPECTIONS | UI_DATA_ENTERPRISES,
	.open = insp_open,
	.close = insp_close,
	.load = insp_load,
	.draw = insp_draw,
	.key = insp_key,
	.hint = insp_hint,
	.min_reload_ms = 1000,   /* whole-park reads: not on every write of a busy recorder */
};
