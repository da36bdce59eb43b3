/*
 * incidents.c - screen 6, the incidents: open ones first (newest first),
 * then closed ones; Enter opens the linkage view. Also the "new incident"
 * dialogue behind `i` on the Alarms, Enterprises and card screens: one
 * prompt whose suggestion Enter accepts, so a new priority-1 alarm is two
 * keystrokes (i, Enter) from its linkage picture. The new incident is a
 * save job (save.h): a busy database queues it, a full disk gives the
 * prompt back with the choice typed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident_ui.h"
#include "parkwatch/text.h"
#include "save.h"

enum { C_ID, C_TYPE, C_SEV, C_STATUS, C_ENT, C_NAME, C_UNITS, C_OPENED, C_NCOLS };

static const struct ui_column cols[C_NCOLS] = {
	{"#", 5, 0, true, 0},        {"Type", 10, 0, false, 0},   {"Sev", 3, 0, true, 0},
	{"Status", 10, 0, false, 0}, {"Ent", 6, 0, false, 0},     {"Enterprise", 0, 12, false, 0},
	{"Out", 4, 0, true, 0},      {"Opened", 11, 0, false, 0},
};

struct inc_screen {
	struct store_incident_list list;
	struct ui_table table;
};

static const char *cell(void *user, size_t row, int col, char *buf, size_t n)
{
	const struct store_incident *i = &((struct inc_screen *)user)->list.v[row];
	char t[PW_TIME_BUFSZ];
	switch (col) {
	case C_ID: snprintf(buf, n, "%lld", (long long)i->id); return buf;
	case C_TYPE: snprintf(buf, n, "%s %s", pw_incident_type_zh(i->type), pw_incident_type_name(i->type)); return buf;
	case C_SEV: snprintf(buf, n, "%d", i->severity); return buf;
	case C_STATUS: return pw_incident_status_name(i->status);
	case C_ENT: return i->enterprise_code ? i->enterprise_code : "-";
	case C_NAME: return i->enterprise_name ? i->enterprise_name : "";
	case C_UNITS: snprintf(buf, n, "%d", i->units_out); return buf;
	case C_OPENED: snprintf(buf, n, "%s", pw_time_short(t, i->opened_at)); return buf;
	default: return "";
	}
}

static int cell_role(void *user, size_t row, int col)
{
	const struct store_incident *i = &((struct inc_screen *)user)->list.v[row];
	if (i->status == PW_INC_CLOSED)
		return PW_ROLE_DIM;
	if (col == C_SEV || col == C_STATUS)
		return i->severity <= 1 ? PW_ROLE_PRIO1 : i->severity == 2 ? PW_ROLE_PRIO2 : -1;
	return -1;
}

/* Numbers as numbers (id, severity, units out, opened time); the rest as text. */
static int inc_cmp(void *user, size_t a, size_t b, int col)
{
	const struct inc_screen *s = user;
	const struct store_incident *x = &s->list.v[a], *y = &s->list.v[b];
	int64_t p, q;
	switch (col) {
	case C_ID: p = x->id; q = y->id; break;
	case C_SEV: p = x->severity; q = y->severity; break;
	case C_STATUS: p = x->status; q = y->status; break;
	case C_UNITS: p = x->units_out; q = y->units_out; break;
	case C_OPENED: p = x->opened_at; q = y->opened_at; break;
	default: {
		char b1[128], b2[128];
		return strcmp(cell(user, a, col, b1, sizeof b1), cell(user, b, col, b2, sizeof b2));
	}
	}
	return p < q ? -1 : p > q;
}

static void *inc_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct inc_screen *s = xcalloc(1, sizeof *s);
	ui_table_init(&s->table, cols, C_NCOLS, s);
	s->table.cell = cell;
	s->table.cell_role = cell_role;
	s->table.cmp = inc_cmp;
	s->table.empty_text = "No incidents. Press i on an alarm or an enterprise to open one.";
	return s;
}

static void inc_close(void *self)
{
	struct inc_screen *s = self;
	store_incident_list_free(&s->list);
	ui_table_free(&s->table);
	free(s);
}

static int inc_load(void *self, struct ui *ui)
{
	struct inc_screen *s = self;
	int64_t keep = 0;
	size_t sel = ui_table_selected(&s->table);
	if (sel != UI_TVIEW_NONE)
		keep = s->list.v[sel].id;
	struct store_incident_list l;
	if (store_incident_list(ui->st, &l) < 0) {
		ui_message(ui, PW_ROLE_ERROR, "incidents: %s", store_errmsg(ui->st));
		return -1;
	}
	store_incident_list_free(&s->list);
	s->list = l;
	size_t row = UI_TVIEW_NONE;
	for (size_t i = 0; keep && i < l.n; i++)
		if (l.v[i].id == keep)
			row = i;
	ui_table_rebuild(&s->table, l.n, row);
	return 0;
}

static void inc_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct inc_screen *s = self;
	ui_table_draw(ui, &s->table, w, 0, getmaxy(w));
}

static unsigned inc_key(void *self, struct ui *ui, int key)
{
	struct inc_screen *s = self;
	if (ui_key_is_enter(key)) {
		size_t row = ui_table_selected(&s->table);
		if (row == UI_TVIEW_NONE)
			return UI_R_NONE;
		return ui_push_id(ui, &ui_screen_linkage, s->list.v[row].id);
	}
	return ui_table_key(ui, &s->table, key);
}

static void inc_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct inc_screen *s = self;
	ui_table_hint(&s->table, out);
	if (s->table.view.n)
		sbuf_adds(out, "  Enter linkage picture");
}

static const struct ui_keyhelp inc_keys[] = {
	{"Up/Down, j/k", "move the selection"},
	{"Enter", "the linkage picture of the incident (dispatch, status, notes)"},
	{"/", "filter; Esc clears"},
	{"< > I", "sort by another column / reverse"},
	{"i (elsewhere)", "on an alarm or enterprise: open a new incident"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_incidents = {
	.name = "Incidents",
	.keys = inc_keys,
	.data = UI_DATA_INCIDENTS | UI_DATA_RESCUE | UI_DATA_ENTERPRISES,
	.open = inc_open,
	.close = inc_close,
	.load = inc_load,
	.draw = inc_draw,
	.key = inc_key,
	.hint = inc_hint,
};

/* ---- the new-incident dialogue ---------------------------------------- */

/* One new incident (save.h owns it once the job begins). */
struct new_inc {
	int64_t alarm_id;
	char code[64];
	enum pw_incident_type sug_type, type;   /* the suggestion; what was chosen */
	int sug_sev, severity;
	int64_t id;               /* after the write */
	bool at_once;             /* written as Enter was pressed, not from the queue */
};

/* Letters of the types in the prompt: l f x p w o, in enum order (indexed by type). */
static const struct { char letter; enum pw_incident_type type; } type_keys[] = {
	{'l', PW_INC_LEAK}, {'f', PW_INC_FIRE}, {'x', PW_INC_EXPLOSION},
	{'p', PW_INC_POISONING}, {'w', PW_INC_FLOOD}, {'o', PW_INC_OTHER},
};

/* "f2" -> fire, severity 2; "" keeps the suggestion; -1 when it is neither. */
static int parse_choice(const char *t, enum pw_incident_type *type, int *sev)
{
	while (*t == ' ')
		t++;
	if (*t && !(*t >= '1' && *t <= '4')) {
		size_t i;
		for (i = 0; i < PW_ARRAY_LEN(type_keys); i++)
			if (*t == type_keys[i].letter)
				break;
		if (i == PW_ARRAY_LEN(type_keys))
			return -1;
		*type = type_keys[i].type;
		t++;
	}
	while (*t == ' ')
		t++;
	if (*t >= '1' && *t <= '4') {
		*sev = *t - '0';
		t++;
	}
	while (*t == ' ')
		t++;
	return *t ? -1 : 0;
}

static int new_write(struct ui *ui, void *ctx, const char *text)
{
	struct new_inc *c = ctx;
	c->type = c->sug_type;
	c->severity = c->sug_sev;
	if (parse_choice(text, &c->type, &c->severity) < 0)
		return ui_save_invalid("type a letter l f x p w o and/or a severity 1-4, e.g. f2.");
	c->at_once = !ui_save_retrying();
	struct store_incident_new n = {.alarm_id = c->alarm_id, .enterprise_code = c->code,
	                               .type = c->type, .severity = c->severity};
	return store_incident_open(ui->st, &n, ui->opts.operator_name, pw_now_ms(), &c->id);
}

/*
 * Opened at Enter: straight to its linkage picture. Opened later from the
 * queue: only said, since a screen change the operator did not just ask
 * for would move the selection under their next key.
 */
static unsigned new_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct new_inc *c = ctx;
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "new incident: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_views_mark_stale(ui, UI_DATA_INCIDENTS | UI_DATA_DUTY);
	ui_message(ui, PW_ROLE_OK, "incident #%lld opened at %s: %s, severity %d - %s", (long long)c->id,
	           c->code, pw_incident_type_name(c->type), c->severity,
	           c->at_once ? "d dispatches a team" : "6 lists it, Enter: its linkage picture");
	if (!c->at_once)
		return UI_R_MSG | UI_R_BODY | UI_R_RELOAD;
	char arg[32];
	snprintf(arg, sizeof arg, "%lld", (long long)c->id);
	/* On top of the Incidents list, so Esc leads from the picture to the list. */
	unsigned r = ui_show_tab(ui, UI_INCIDENTS_TAB);
	while (ui_pop(ui) != UI_R_UNHANDLED)
		;
	return r | ui_push(ui, &ui_screen_linkage, arg) | UI_R_ALL;
}

static const struct ui_save_ops new_ops = {.write = new_write, .report = new_report};

static unsigned new_start(struct ui *ui, int64_t alarm, const char *code, enum pw_incident_type t, int sev)
{
	if (ui_refuse_read_only(ui, "open an incident"))
		return UI_R_MSG;
	struct new_inc *c = xcalloc(1, sizeof *c);
	if (!code || !*code || strlen(code) >= sizeof c->code) {
		free(c);
		ui_message(ui, PW_ROLE_WARN, "no enterprise selected");
		return UI_R_MSG;
	}
	c->alarm_id = alarm;
	snprintf(c->code, sizeof c->code, "%s", code);
	c->sug_type = (unsigned)t < PW_INC_NTYPES ? t : PW_INC_OTHER;
	c->sug_sev = sev;
	char *what = xasprintf("new incident at %s", c->code);
	struct ui_save_spec spec = {.ops = &new_ops, .what = what, .max_bytes = 16};
	struct ui_save_job *j = ui_save_begin(&spec, c);
	free(what);
	char *label = xasprintf("New incident at %s: l leak f fire x explosion p poisoning "
	                        "w flood o other, severity 1-4 [Enter: %c%d]: ", c->code,
	                        type_keys[c->sug_type].letter, c->sug_sev);
	unsigned r = ui_save_prompt(ui, j, label, NULL);
	free(label);
	return r;
}

unsigned ui_incident_new_from_alarm(struct ui *ui, const struct store_alarm *a)
{
	if (!a)
		return UI_R_NONE;
	const char *k = a->sensor_kind ? a->sensor_kind : "";
	enum pw_incident_type t = PW_INC_OTHER;
	if (!strcmp(k, "nh3") || !strcmp(k, "lel") || !strcmp(k, "co") || !strcmp(k, "h2s"))
		t = PW_INC_LEAK;
	else if (!strcmp(k, "o2"))
		t = PW_INC_POISONING;
	else if (!strcmp(k, "smoke") || !strcmp(k, "flame") || !strcmp(k, "temp"))
		t = PW_INC_FIRE;
	int sev = a->priority >= 1 && a->priority <= 3 ? a->priority : 3;
	return new_start(ui, a->id, a->enterprise_code, t, sev);
}

unsigned ui_incident_new_from_enterprise(struct ui *ui, const char *code)
{
	return new_start(ui, 0, code, PW_INC_OTHER, 3);
}
