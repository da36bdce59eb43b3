/*
 * alarms.c - screen 3: the live alarm list. Open alarms in operator order
 * (unacknowledged first, priority 1 first, newest first), each with its
 * priority and state in words; filters by priority, state, enterprise and
 * sensor kind plus the '/' text filter, all shown on the header line; a
 * by-enterprise summary for floods; the history of cleared alarms, a page at
 * a time; Enter opens the alarm's detail. The actions (a A s u) are in
 * alarm_act.c.
 *
 * The list reloads whenever alarms change here or in another process
 * (PRAGMA data_version via app.c), keeping the selected alarm selected.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "incident_ui.h"
#include "parkwatch/store.h"
#include "parkwatch/text.h"

#define HISTORY_PAGE 200
#define DAY_AGO_MS (20LL * 3600 * 1000)

enum { C_PRIO, C_STATE, C_RAISED, C_ENT, C_SENSOR, C_KIND, C_VALUE, C_REP, C_COUNT };

static const struct ui_column alarm_columns[C_COUNT] = {
	[C_PRIO] = {"P", 4, 0, false, 0},
	[C_STATE] = {"State", 9, 0, false, 0},
	[C_RAISED] = {"Raised", 8, 0, false, 0},
	[C_ENT] = {"Enterprise", 0, 10, false, 0},
	[C_SENSOR] = {"Sensor", 12, 0, false, 0},
	[C_KIND] = {"Kind", 6, 0, false, 0},
	[C_VALUE] = {"Value/limit", 0, 16, false, 0},
	[C_REP] = {"Rep", 3, 0, true, 0},
};

enum { G_CODE, G_NAME, G_OPEN, G_UNACK, G_P1, G_P2, G_P3, G_DIAG, G_NEWEST, G_COUNT };

static const struct ui_column group_columns[G_COUNT] = {
	[G_CODE] = {"Code", 6, 0, false, 0},
	[G_NAME] = {"Enterprise", 0, 12, false, 0},
	[G_OPEN] = {"Open", 5, 0, true, 0},
	[G_UNACK] = {"Unack", 5, 0, true, 0},
	[G_P1] = {"P1", 4, 0, true, 0},
	[G_P2] = {"P2", 4, 0, true, 0},
	[G_P3] = {"P3", 4, 0, true, 0},
	[G_DIAG] = {"DIAG", 4, 0, true, 0},
	[G_NEWEST] = {"Newest", 8, 0, false, 0},
};

/* The state filter cycles through these ('t'). */
enum state_mode { ST_OPEN, ST_UNACKED, ST_ACK, ST_RTN, ST_SHELVED, ST_ALL, ST_COUNT };
static const char *const state_mode_names[ST_COUNT] = {
	"open", "unacked", "ack", "rtn_unack", "shelved", "all+shelved",
};

/* One enterprise of the by-enterprise summary. */
struct alarm_group {
	const char *code, *name;          /* borrowed from the list */
	int open, unack, prio[5];
	int64_t newest;
};

struct alarms_screen {
	bool history;                     /* cleared alarms instead of open ones */
	bool grouped;                     /* by-enterprise summary */
	int prio;                         /* 0 = any */
	enum state_mode state;
	char *ent;                        /* enterprise code filter (owned) or NULL */
	char *kind;                       /* sensor kind filter (owned) or NULL */
	struct store_alarm_list list;
	struct ui_alarm_limit *limits;    /* per row of list */
	size_t hist_limit;                /* rows of history asked for */
	bool hist_more;                   /* the last history read filled its page */
	struct ui_table table;
	struct alarm_group *groups;
	size_t ngroups;
	struct ui_table gtable;
};

/* ---- roles and cells ---- */

int ui_alarm_prio_role(const struct store_alarm *a)
{
	return strcmp(a->state, "cleared") == 0 ? PW_ROLE_DIM : ui_prio_role(a->priority);
}

int ui_alarm_state_role(const struct store_alarm *a)
{
	if (strcmp(a->state, "unack") == 0)
		return ui_prio_role(a->priority);
	if (strcmp(a->state, "rtn_unack") == 0)
		return PW_ROLE_WARN;
	if (strcmp(a->state, "ack") == 0)
		return PW_ROLE_ACKED;
	if (strcmp(a->state, "shelved") == 0)
		return PW_ROLE_SHELVED;
	return PW_ROLE_DIM;
}

void ui_alarm_limit_of(const struct store_alarm *a, const struct store_sensor_limits *l,
                       struct ui_alarm_limit *out)
{
	memset(out, 0, sizeof *out);
	if (!l)
		return;
	if (strcmp(a->condition, "opposite") == 0) {
		out->known = l->has_opposite;
		out->value = l->opposite_l1;
		out->low = !l->low;
	} else if (strcmp(a->condition, "limit") == 0) {
		out->known = a->level == 2 ? l->has_l2 : l->has_l1;
		out->value = a->level == 2 ? l->l2 : l->l1;
		out->low = l->low;
	}
}

/* "16:25:03" today, "11-27" for an older alarm (the detail has the full time). */
static const char *raised_text(int64_t ms, char *buf, size_t n)
{
	char t[PW_TIME_BUFSZ];
	if (pw_now_ms() - ms < DAY_AGO_MS)
		snprintf(buf, n, "%s", pw_time_hms(t, ms));
	else
		snprintf(buf, n, "%.5s", pw_time_short(t, ms));
	return buf;
}

static const char *alarm_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct alarms_screen *s = user;
	const struct store_alarm *a = &s->list.v[row];
	struct sbuf b;
	switch (col) {
	case C_PRIO: return ui_prio_label(a->priority);
	case C_STATE: return ui_alarm_state_label(a->state);
	case C_RAISED: return raised_text(a->raised_at, buf, bufsz);
	case C_ENT:
		sbuf_init(&b);
		sbuf_addf(&b, "%s ", a->enterprise_code ? a->enterprise_code : "");
		ui_short_name(&b, a->enterprise_name);
		snprintf(buf, bufsz, "%s", sbuf_str(&b));
		sbuf_free(&b);
		return buf;
	case C_SENSOR: return a->sensor_code ? a->sensor_code : "";
	case C_KIND: return a->sensor_kind ? a->sensor_kind : "";
	case C_VALUE:
		sbuf_init(&b);
		ui_alarm_value(&b, a, &s->limits[row]);
		snprintf(buf, bufsz, "%s", sbuf_str(&b));
		sbuf_free(&b);
		return buf;
	case C_REP:
		snprintf(buf, bufsz, "%d", a->repeats);
		return buf;
	default: return "";
	}
}

static int alarm_cell_role(void *user, size_t row, int col)
{
	const struct alarms_screen *s = user;
	const struct store_alarm *a = &s->list.v[row];
	if (col == C_PRIO)
		return ui_alarm_prio_role(a);
	if (col == C_STATE)
		return ui_alarm_state_role(a);
	return -1;
}

static int cmp_i64(int64_t x, int64_t y)
{
	return x < y ? -1 : x > y;
}

static int alarm_cmp(void *user, size_t ra, size_t rb, int col)
{
	const struct alarms_screen *s = user;
	const struct store_alarm *a = &s->list.v[ra], *b = &s->list.v[rb];
	switch (col) {
	case C_PRIO: return a->priority - b->priority;
	case C_RAISED: return cmp_i64(a->raised_at, b->raised_at);
	case C_REP: return a->repeats - b->repeats;
	case C_STATE: return strcmp(a->state, b->state);
	default: {
		char b1[256], b2[256];
		return strcmp(alarm_cell(user, ra, col, b1, sizeof b1), alarm_cell(user, rb, col, b2, sizeof b2));
	}
	}
}

/* ---- the by-enterprise summary ---- */

static const char *group_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct alarms_screen *s = user;
	const struct alarm_group *g = &s->groups[row];
	int n;
	switch (col) {
	case G_CODE: return g->code ? g->code : "";
	case G_NAME: return g->name ? g->name : "";
	case G_NEWEST: return raised_text(g->newest, buf, bufsz);
	case G_OPEN: n = g->open; break;
	case G_UNACK: n = g->unack; break;
	case G_P1: case G_P2: case G_P3: n = g->prio[col - G_P1 + 1]; break;
	case G_DIAG: n = g->prio[4]; break;
	default: return "";
	}
	snprintf(buf, bufsz, "%d", n);
	return buf;
}

static int group_cell_role(void *user, size_t row, int col)
{
	const struct alarms_screen *s = user;
	const struct alarm_group *g = &s->groups[row];
	if (col >= G_P1 && col <= G_DIAG) {
		int p = col - G_P1 + 1;
		return g->prio[p] ? ui_prio_role(p) : PW_ROLE_DIM;
	}
	return -1;
}

static int group_cmp(void *user, size_t ra, size_t rb, int col)
{
	const struct alarms_screen *s = user;
	const struct alarm_group *a = &s->groups[ra], *b = &s->groups[rb];
	switch (col) {
	case G_CODE: return strcmp(a->code ? a->code : "", b->code ? b->code : "");
	case G_NAME: return strcmp(a->name ? a->name : "", b->name ? b->name : "");
	case G_NEWEST: return cmp_i64(a->newest, b->newest);
	default: {
		char b1[32], b2[32];
		return atoi(group_cell(user, ra, col, b1, sizeof b1)) - atoi(group_cell(user, rb, col, b2, sizeof b2));
	}
	}
}

/* The selected group's enterprise code (a copy: groups borrow from the list), or NULL. */
static char *selected_group(const struct alarms_screen *s)
{
	size_t keep = ui_table_selected(&s->gtable);
	return keep != UI_TVIEW_NONE && keep < s->ngroups ? xstrdup(s->groups[keep].code) : NULL;
}

/*
 * One row per enterprise of the list, most unacknowledged P1 first (by
 * sort); KC (owned, may be NULL) is the code to keep selected.
 */
static void build_groups(struct alarms_screen *s, char *kc)
{
	free(s->groups);
	s->groups = xcalloc(s->list.n ? s->list.n : 1, sizeof *s->groups);
	s->ngroups = 0;
	for (size_t i = 0; i < s->list.n; i++) {
		const struct store_alarm *a = &s->list.v[i];
		struct alarm_group *g = NULL;
		for (size_t k = 0; k < s->ngroups && !g; k++)
			if (strcmp(s->groups[k].code, a->enterprise_code ? a->enterprise_code : "") == 0)
				g = &s->groups[k];
		if (!g) {
			g = &s->groups[s->ngroups++];
			g->code = a->enterprise_code ? a->enterprise_code : "";
			g->name = a->enterprise_name;
		}
		g->open++;
		bool unacked = strcmp(a->state, "unack") == 0 || strcmp(a->state, "rtn_unack") == 0;
		g->unack += unacked;
		if (unacked && a->priority >= 1 && a->priority <= 4)
			g->prio[a->priority]++;
		if (a->raised_at > g->newest)
			g->newest = a->raised_at;
	}
	size_t sel = UI_TVIEW_NONE;
	for (size_t k = 0; kc && k < s->ngroups; k++)
		if (strcmp(s->groups[k].code, kc) == 0)
			sel = k;
	free(kc);
	ui_table_rebuild(&s->gtable, s->ngroups, sel);
}

/* ---- open, close, load ---- */

static void *alarms_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct alarms_screen *s = xcalloc(1, sizeof *s);
	ui_table_init(&s->table, alarm_columns, C_COUNT, s);
	s->table.cell = alarm_cell;
	s->table.cell_role = alarm_cell_role;
	s->table.cmp = alarm_cmp;
	s->table.empty_text = "no open alarms";
	ui_table_init(&s->gtable, group_columns, G_COUNT, s);
	s->gtable.cell = group_cell;
	s->gtable.cell_role = group_cell_role;
	s->gtable.cmp = group_cmp;
	s->gtable.sort_col = G_P1;
	s->gtable.sort_desc = true;
	s->gtable.empty_text = "no open alarms";
	s->hist_limit = HISTORY_PAGE;
	return s;
}

static void alarms_close(void *self)
{
	struct alarms_screen *s = self;
	ui_table_free(&s->table);
	ui_table_free(&s->gtable);
	store_alarm_list_free(&s->list);
	free(s->limits);
	free(s->groups);
	free(s->ent);
	free(s->kind);
	free(s);
}

static void fill_filter(const struct alarms_screen *s, struct store_alarm_filter *f)
{
	memset(f, 0, sizeof *f);
	f->priority = s->prio;
	f->enterprise_code = s->grouped ? NULL : s->ent;
	f->sensor_kind = s->kind;
	switch (s->state) {
	case ST_UNACKED: f->unacked_only = true; break;
	case ST_ACK: f->state = "ack"; break;
	case ST_RTN: f->state = "rtn_unack"; break;
	case ST_SHELVED: f->state = "shelved"; break;
	case ST_ALL: f->include_shelved = true; break;
	default: break;
	}
}

/* The limit each alarm crossed, one indexed lookup per row (a cached statement). */
static void load_limits(struct alarms_screen *s, struct ui *ui)
{
	free(s->limits);
	s->limits = xcalloc(s->list.n ? s->list.n : 1, sizeof *s->limits);
	for (size_t i = 0; i < s->list.n; i++) {
		const struct store_alarm *a = &s->list.v[i];
		if (i > 0 && a->sensor_code && s->list.v[i - 1].sensor_code &&
		    strcmp(a->sensor_code, s->list.v[i - 1].sensor_code) == 0 &&
		    strcmp(a->condition, s->list.v[i - 1].condition) == 0 && a->level == s->list.v[i - 1].level) {
			s->limits[i] = s->limits[i - 1];
			continue;
		}
		struct store_sensor_limits l;
		if (a->sensor_code && store_live_sensor_limits(ui->st, a->sensor_code, &l) == 0) {
			ui_alarm_limit_of(a, &l, &s->limits[i]);
			store_sensor_limits_clear(&l);
		}
	}
}

/*
 * Put L in place of the list, keeping the selected alarm selected, unless
 * its state changed (acknowledged here or elsewhere): then it moves away in
 * the order and the selection stays where it was, on the next alarm to act on.
 */
static void take_list(struct alarms_screen *s, struct ui *ui, struct store_alarm_list *l)
{
	size_t sel = ui_table_selected(&s->table);
	int64_t sel_id = sel != UI_TVIEW_NONE && sel < s->list.n ? s->list.v[sel].id : -1;
	char *group = selected_group(s);
	char sel_state[STORE_ALARM_STATE_SZ] = "";
	if (sel_id >= 0)
		memcpy(sel_state, s->list.v[sel].state, sizeof sel_state);
	store_alarm_list_free(&s->list);
	s->list = *l;
	load_limits(s, ui);
	size_t keep = UI_TVIEW_NONE;
	for (size_t i = 0; sel_id >= 0 && i < s->list.n; i++)
		if (s->list.v[i].id == sel_id && strcmp(s->list.v[i].state, sel_state) == 0)
			keep = i;
	s->table.empty_text = s->history ? "no cleared alarms match" : "no open alarms match";
	ui_table_rebuild(&s->table, s->list.n, keep);
	if (s->grouped) {
		build_groups(s, group);
	} else {
		/* The groups borrowed from the list just freed: drop them. */
		free(group);
		free(s->groups);
		s->groups = NULL;
		s->ngroups = 0;
		ui_table_rebuild(&s->gtable, 0, UI_TVIEW_NONE);
	}
}

static int alarms_load(void *self, struct ui *ui)
{
	struct alarms_screen *s = self;
	struct store_alarm_filter f;
	fill_filter(s, &f);
	struct store_alarm_list l;
	int rc;
	if (s->history) {
		f.limit = s->hist_limit;
		rc = store_alarm_history(ui->st, &f, 0, &l);
	} else {
		rc = store_alarm_list_active(ui->st, &f, &l);
	}
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "alarms: %s", store_errmsg(ui->st));
		return -1;
	}
	s->hist_more = s->history && l.n >= s->hist_limit;
	take_list(s, ui, &l);
	return 0;
}

/* History: the next page of older cleared alarms, appended (keyset paging). */
static unsigned history_more(struct alarms_screen *s, struct ui *ui)
{
	if (!s->history || !s->hist_more || s->list.n == 0)
		return UI_R_NONE;
	struct store_alarm_filter f;
	fill_filter(s, &f);
	f.limit = HISTORY_PAGE;
	struct store_alarm_list page;
	if (store_alarm_history(ui->st, &f, s->list.v[s->list.n - 1].id, &page) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "alarm history: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	s->hist_more = page.n >= HISTORY_PAGE;
	s->hist_limit = s->list.n + page.n;
	struct store_alarm_list all = {.v = xcalloc(s->hist_limit ? s->hist_limit : 1, sizeof *all.v)};
	memcpy(all.v, s->list.v, s->list.n * sizeof *all.v);
	memcpy(all.v + s->list.n, page.v, page.n * sizeof *page.v);
	all.n = s->list.n + page.n;
	/* The strings moved into ALL: free only the arrays. */
	free(page.v);
	size_t sel = ui_table_selected(&s->table);
	int64_t sel_id = sel != UI_TVIEW_NONE ? s->list.v[sel].id : -1;
	free(s->list.v);
	s->list = all;
	load_limits(s, ui);
	size_t keep = UI_TVIEW_NONE;
	for (size_t i = 0; i < s->list.n; i++)
		if (s->list.v[i].id == sel_id)
			keep = i;
	ui_table_rebuild(&s->table, s->list.n, keep);
	return UI_R_BODY;
}

/* ---- drawing ---- */

/* The header line: what the list shows and every filter in force. */
static void draw_header(struct alarms_screen *s, struct ui *ui, WINDOW *w)
{
	int width = getmaxx(w);
	struct sbuf b;
	sbuf_init(&b);
	if (s->history)
		sbuf_addf(&b, "HISTORY (cleared) %zu%s", s->table.view.n, s->hist_more ? "+" : "");
	else if (s->grouped)
		sbuf_addf(&b, "BY ENTERPRISE %zu with %zu%s alarms", s->ngroups, s->list.n,
		          s->list.truncated ? "+" : "");
	else if (s->list.truncated)  /* a flood past the list's bound: say so, and how to narrow it */
		sbuf_addf(&b, "OPEN ALARMS %zu+ (the %zu most urgent loaded; p e K narrow)",
		          s->table.view.n, s->list.n);
	else
		sbuf_addf(&b, "OPEN ALARMS %zu", s->table.view.n);
	int x = ui_putf(ui, w, 0, 0, -1, PW_ROLE_TITLE, "%s", sbuf_str(&b));
	sbuf_reset(&b);
	sbuf_addf(&b, "  prio:%s", s->prio ? ui_prio_label(s->prio) : "any");
	if (!s->history)
		sbuf_addf(&b, " state:%s", state_mode_names[s->state]);
	sbuf_addf(&b, " ent:%s kind:%s", s->ent && !s->grouped ? s->ent : "any", s->kind ? s->kind : "any");
	if (s->table.filter && !s->grouped)
		sbuf_addf(&b, " /%s", s->table.filter);
	x += ui_putf(ui, w, 0, x, -1, PW_ROLE_HEADER, "%s", sbuf_str(&b));
	sbuf_reset(&b);
	if (!s->history && s->state == ST_OPEN && ui->counts.shelved > 0)
		x += ui_putf(ui, w, 0, x, -1, PW_ROLE_SHELVED, "  %d shelved", ui->counts.shelved);
	sbuf_free(&b);
	ui_clear_eol(ui, w, 0, x < width ? x : width, PW_ROLE_NORMAL);
}

static const struct store_alarm *selected(const struct alarms_screen *s)
{
	size_t row = ui_table_selected(&s->table);
	return row != UI_TVIEW_NONE && row < s->list.n ? &s->list.v[row] : NULL;
}

/* The bottom line: the selected alarm in full (message, who acknowledged or shelved it). */
static void draw_selected(struct alarms_screen *s, struct ui *ui, WINDOW *w, int y)
{
	const struct store_alarm *a = selected(s);
	if (!a || s->grouped)
		return;
	char t[PW_TIME_BUFSZ];
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "#%lld %s", (long long)a->id, a->location ? a->location : "");
	if (a->message && *a->message)
		sbuf_addf(&b, " | %s", a->message);
	if (strcmp(a->state, "shelved") == 0)
		sbuf_addf(&b, " | shelved by %s until %s: %s", a->shelved_by ? a->shelved_by : "?",
		          pw_time_hms(t, a->shelved_until), a->shelve_reason ? a->shelve_reason : "");
	else if (a->acked_by)
		sbuf_addf(&b, " | ack %s %s%s%s", a->acked_by, pw_time_hms(t, a->acked_at),
		          a->ack_comment && *a->ack_comment ? ": " : "", a->ack_comment ? a->ack_comment : "");
	ui_put(ui, w, y, 0, getmaxx(w), PW_ROLE_DIM, false, sbuf_str(&b));
	sbuf_free(&b);
}

static void alarms_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct alarms_screen *s = self;
	int h = getmaxy(w);
	draw_header(s, ui, w);
	if (s->grouped) {
		ui_table_draw(ui, &s->gtable, w, 1, h - 1);
		return;
	}
	ui_table_draw(ui, &s->table, w, 1, h - 2);
	draw_selected(s, ui, w, h - 1);
}

/* ---- keys ---- */

static unsigned reload(struct alarms_screen *s)
{
	(void)s;
	return UI_R_RELOAD | UI_R_BODY | UI_R_MSG;
}

/* Toggle *FILTER between "none" and VALUE (the selected alarm's). */
static unsigned toggle_filter(struct alarms_screen *s, struct ui *ui, char **filter, const char *value,
                              const char *what)
{
	if (*filter) {
		free(*filter);
		*filter = NULL;
		return reload(s);
	}
	if (!value || !*value) {
		ui_message(ui, PW_ROLE_WARN, "select an alarm first: %s filters on its %s", what, what);
		return UI_R_MSG;
	}
	*filter = xstrdup(value);
	return reload(s);
}

static unsigned clear_filters(struct alarms_screen *s)
{
	s->prio = 0;
	s->state = ST_OPEN;
	free(s->ent);
	free(s->kind);
	s->ent = s->kind = NULL;
	free(s->table.filter);
	s->table.filter = NULL;
	return reload(s);
}

static bool any_filter(const struct alarms_screen *s)
{
	return s->prio || s->state != ST_OPEN || s->ent || s->kind || s->table.filter;
}

/* `A`: the visible (filtered) alarms that still need an acknowledgement. */
static unsigned ack_visible(struct alarms_screen *s, struct ui *ui)
{
	int64_t *ids = xcalloc(s->table.view.n ? s->table.view.n : 1, sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; i < s->table.view.n; i++) {
		const struct store_alarm *a = &s->list.v[s->table.view.idx[i]];
		if (ui_alarm_ackable(a))
			ids[n++] = a->id;
	}
	unsigned r = ui_alarm_ack_many_start(ui, ids, n);
	free(ids);
	return r;
}

static unsigned group_key(struct alarms_screen *s, struct ui *ui, int key)
{
	if (ui_key_is_enter(key)) {
		size_t row = ui_table_selected(&s->gtable);
		if (row == UI_TVIEW_NONE)
			return UI_R_NONE;
		free(s->ent);
		s->ent = xstrdup(s->groups[row].code);
		s->grouped = false;
		return reload(s);
	}
	if (key == 'b' || key == UI_KEY_ESC) {
		s->grouped = false;
		return reload(s);
	}
	return ui_table_key(ui, &s->gtable, key);
}

static unsigned action_key(struct alarms_screen *s, struct ui *ui, int key)
{
	const struct store_alarm *a = selected(s);
	if (key == 'A')
		return ack_visible(s, ui);
	if (!a) {
		ui_message(ui, PW_ROLE_WARN, "no alarm selected");
		return UI_R_MSG;
	}
	switch (key) {
	case 'a': return ui_alarm_ack_start(ui, a);
	case 's': return ui_alarm_shelve_start(ui, a);
	default: return ui_alarm_unshelve_start(ui, a);
	}
}

static unsigned filter_key(struct alarms_screen *s, struct ui *ui, int key)
{
	const struct store_alarm *a = selected(s);
	switch (key) {
	case 'p':
		s->prio = (s->prio + 1) % 5;
		return reload(s);
	case 't':
		if (s->history) {
			ui_message(ui, PW_ROLE_WARN, "history shows cleared alarms only (h: back to open alarms)");
			return UI_R_MSG;
		}
		s->state = (s->state + 1) % ST_COUNT;
		return reload(s);
	case 'e':
		return toggle_filter(s, ui, &s->ent, a ? a->enterprise_code : NULL, "enterprise");
	case 'K':
		return toggle_filter(s, ui, &s->kind, a ? a->sensor_kind : NULL, "sensor kind");
	case 'c':
		return clear_filters(s);
	case 'b':
		s->grouped = !s->history;
		return reload(s);
	default: /* 'h' */
		s->history = !s->history;
		s->grouped = false;
		s->hist_limit = HISTORY_PAGE;
		return reload(s);
	}
}

static bool is_down_key(int key)
{
	return key == UI_FKEY(KEY_DOWN) || key == 'j' || key == UI_FKEY(KEY_NPAGE) || key == ' ' ||
	       key == UI_FKEY(KEY_END) || key == 'G' || key == UI_CTRL('F');
}

/* KEY is one of the ASCII letters of SET (a wide key must not alias one). */
static bool key_in(int key, const char *set)
{
	return key > 0 && key < 0x80 && strchr(set, key) != NULL;
}

static unsigned alarms_key(void *self, struct ui *ui, int key)
{
	struct alarms_screen *s = self;
	if (s->grouped)
		return group_key(s, ui, key);
	if (ui_key_is_enter(key)) {
		const struct store_alarm *a = selected(s);
		if (!a)
			return UI_R_NONE;
		return ui_push_id(ui, &ui_screen_alarm_detail, a->id);
	}
	if (key_in(key, "aAsu"))
		return action_key(s, ui, key);
	if (key == 'i')
		return ui_incident_new_from_alarm(ui, selected(s));
	if (key_in(key, "ptecKbh"))
		return filter_key(s, ui, key);
	if (key == UI_KEY_ESC && !s->table.filter && (s->history || any_filter(s))) {
		s->history = false;
		return clear_filters(s);
	}
	bool at_end = s->table.view.n && s->table.view.sel + 1 >= s->table.view.n;
	unsigned r = ui_table_key(ui, &s->table, key);
	if (at_end && is_down_key(key))
		r |= history_more(s, ui);
	return r;
}

static void alarms_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct alarms_screen *s = self;
	if (s->grouped) {
		ui_table_hint(&s->gtable, out);
		sbuf_adds(out, "  Enter: its alarms  b back");
		return;
	}
	ui_table_hint(&s->table, out);
	if (s->history)
		sbuf_adds(out, s->hist_more ? "  End: older" : "  h open alarms");
	else if (s->table.view.n)
		sbuf_adds(out, "  a ack A all s shelve Enter");
}

static const struct ui_keyhelp alarm_keys[] = {
	{"Up/Down, j/k", "move; PgUp/PgDn, Home/End page, first, last"},
	{"Enter", "alarm detail: events, last hour, limits"},
	{"a", "acknowledge the selected alarm (comment)"},
	{"i", "open an incident from the selected alarm (Enter accepts the type)"},
	{"A", "acknowledge every visible alarm, one comment"},
	{"s / u", "shelve (minutes, reason) / unshelve"},
	{"p", "priority filter: any, P1, P2, P3, DIAG"},
	{"t", "state: open (shelved hidden), unacked, ack,"},
	{"", "rtn_unack, shelved, all including shelved"},
	{"e / K", "only the selected one's enterprise / kind"},
	{"/", "text filter; Esc clears filters"},
	{"c", "clear every filter"},
	{"b", "group by enterprise (floods); Enter opens one"},
	{"h", "history of cleared alarms (End loads older)"},
	{"< > I", "sort by a column, reverse"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_alarms = {
	.name = "Alarms",
	.keys = alarm_keys,
	.data = UI_DATA_ALARMS,
	.open = alarms_open,
	.close = alarms_close,
	.load = alarms_load,
	.draw = alarms_draw,
	.key = alarms_key,
	.hint = alarms_hint,
};
