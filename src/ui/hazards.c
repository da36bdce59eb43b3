/*
 * hazards.c - screen 4: the hidden hazards by status, and one hazard with
 * its full trace.
 *
 * The list fits 80 columns: id, grade (重大 major / 一般 general), status
 * (Chinese label and name), enterprise, deadline, 超期 when overdue,
 * assignee. Major grades and overdue hazards are painted in the error and
 * overdue roles and also say so in text. Filters stack: status (s cycles
 * open / all / each status), grade (g), overdue only (o), zone (z) and
 * enterprise (e) by prompt, '/' text; x clears them. Enter opens the detail
 * (five implementations, trace); m moves, E extends the deadline, r reports
 * a new hazard (hazard_act.c), c opens the enterprise card, i opens an
 * incident at the hazard's enterprise (as on the Enterprises list).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_hazard_views.h"
#include "parkwatch/text.h"
#include "incident_ui.h"
#include "risk_ui.h"

enum { C_ID, C_GRADE, C_STATUS, C_ENT, C_DEADLINE, C_OVERDUE, C_ASSIGNEE, C_COUNT };

static const struct ui_column columns[C_COUNT] = {
	[C_ID] = {"ID", 4, 0, true, 0},
	[C_GRADE] = {"Grade", 12, 0, false, 0},
	[C_STATUS] = {"Status", 17, 0, false, 0},
	[C_ENT] = {"Enterprise", 0, 12, false, 0},
	[C_DEADLINE] = {"Deadline", 10, 0, false, 0},
	[C_OVERDUE] = {"超期", 4, 0, false, 0},
	[C_ASSIGNEE] = {"Assignee", 8, 0, false, 0},
};

/* Status filter: open (not closed), all, or one status. */
enum { SF_OPEN = -2, SF_ALL = -1 };

struct hz_screen {
	struct store_hazard_list list;
	size_t *vis;          /* rows of list passing the key filters */
	size_t nvis;
	int status;           /* SF_OPEN, SF_ALL or enum pw_hazard_status */
	int grade;            /* -1 any, else enum pw_hazard_grade */
	bool overdue_only;
	char *zone;           /* owned, NULL = any */
	char *ent;            /* code or part of a name, NULL = any */
	struct ui_table table;
};

static const struct store_hazard_row *row_of(const struct hz_screen *s, size_t row)
{
	return &s->list.rows[s->vis[row]];
}

static const char *grade_text(enum pw_hazard_grade g)
{
	return g == PW_HZ_MAJOR ? "重大 major" : "一般 general";
}

static const char *hz_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	const struct store_hazard_row *r = row_of(user, row);
	switch (col) {
	case C_ID:
		snprintf(buf, bufsz, "%lld", (long long)r->id);
		return buf;
	case C_GRADE: return grade_text(r->grade);
	case C_STATUS:
		snprintf(buf, bufsz, "%s %s", pw_hazard_status_label_zh(r->status), pw_hazard_status_name(r->status));
		return buf;
	case C_ENT: return r->enterprise_name;
	case C_DEADLINE: return *r->deadline ? r->deadline : "-";
	case C_OVERDUE: return r->overdue ? "超期" : "";
	case C_ASSIGNEE: return *r->assignee ? r->assignee : "-";
	default: return "";
	}
}

static int hz_cell_role(void *user, size_t row, int col)
{
	const struct store_hazard_row *r = row_of(user, row);
	if (col == C_GRADE && r->grade == PW_HZ_MAJOR)
		return PW_ROLE_ERROR;
	if ((col == C_OVERDUE || col == C_DEADLINE) && r->overdue)
		return PW_ROLE_OVERDUE;
	if (col == C_STATUS && r->status >= PW_HZ_VERIFIED)
		return PW_ROLE_DIM;
	return -1;
}

/* By status along the loop; within one, major first, then overdue, then newest. */
static int hz_cmp(void *user, size_t a, size_t b, int col)
{
	const struct store_hazard_row *x = row_of(user, a), *y = row_of(user, b);
	switch (col) {
	case C_ID: return x->id < y->id ? -1 : x->id > y->id;
	case C_STATUS:
		if (x->status != y->status)
			return x->status < y->status ? -1 : 1;
		if (x->grade != y->grade)
			return x->grade == PW_HZ_MAJOR ? -1 : 1;
		if (x->overdue != y->overdue)
			return x->overdue ? -1 : 1;
		return x->id > y->id ? -1 : x->id < y->id;
	case C_GRADE:
		return x->grade == y->grade ? 0 : x->grade == PW_HZ_MAJOR ? -1 : 1;
	case C_OVERDUE:
		return x->overdue == y->overdue ? 0 : x->overdue ? -1 : 1;
	default: {
		char b1[128], b2[128];
		return strcmp(hz_cell(user, a, col, b1, sizeof b1), hz_cell(user, b, col, b2, sizeof b2));
	}
	}
}

static bool hz_match(void *user, size_t row, const char *filter)
{
	const struct store_hazard_row *r = row_of(user, row);
	const char *fields[] = {r->description, r->enterprise_name, r->enterprise_code, r->assignee,
	                        r->zone, pw_hazard_status_label_zh(r->status), pw_hazard_status_name(r->status)};
	for (size_t i = 0; i < PW_ARRAY_LEN(fields); i++)
		if (pw_text_contains(fields[i], filter))
			return true;
	return false;
}

static bool passes(const struct hz_screen *s, const struct store_hazard_row *r)
{
	if (s->status == SF_OPEN && r->status == PW_HZ_CLOSED)
		return false;
	if (s->status >= 0 && (int)r->status != s->status)
		return false;
	if (s->grade >= 0 && (int)r->grade != s->grade)
		return false;
	if (s->overdue_only && !r->overdue)
		return false;
	if (s->zone && strcmp(r->zone, s->zone) != 0)
		return false;
	if (s->ent && strcmp(r->enterprise_code, s->ent) != 0 && !pw_text_contains(r->enterprise_name, s->ent))
		return false;
	return true;
}

/* Apply the key filters, keeping the selected hazard selected when it stays. */
static void refilter(struct hz_screen *s, int64_t keep_id)
{
	free(s->vis);
	s->vis = xmalloc((s->list.n ? s->list.n : 1) * sizeof *s->vis);
	s->nvis = 0;
	size_t keep = UI_TVIEW_NONE;
	for (size_t i = 0; i < s->list.n; i++)
		if (passes(s, &s->list.rows[i])) {
			if (s->list.rows[i].id == keep_id)
				keep = s->nvis;
			s->vis[s->nvis++] = i;
		}
	ui_table_rebuild(&s->table, s->nvis, keep);
}

static int64_t selected_id(const struct hz_screen *s)
{
	size_t row = ui_table_selected(&s->table);
	return row == UI_TVIEW_NONE ? -1 : row_of(s, row)->id;
}

static void *hz_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct hz_screen *s = xcalloc(1, sizeof *s);
	s->status = SF_OPEN;
	s->grade = -1;
	ui_table_init(&s->table, columns, C_COUNT, s);
	s->table.cell = hz_cell;
	s->table.cell_role = hz_cell_role;
	s->table.cmp = hz_cmp;
	s->table.match = hz_match;
	s->table.sort_col = C_STATUS;
	s->table.empty_text = "no hidden hazard matches (x clears the filters; r reports one)";
	return s;
}

static void hz_close(void *self)
{
	struct hz_screen *s = self;
	ui_table_free(&s->table);
	store_hazard_list_free(&s->list);
	free(s->vis);
	free(s->zone);
	free(s->ent);
	free(s);
}

static int hz_load(void *self, struct ui *ui)
{
	struct hz_screen *s = self;
	char today[PW_TIME_BUFSZ];
	pw_date_local(today, pw_now_ms());
	struct store_hazard_list l;
	if (store_hazard_list_load(ui->st, today, true, 0, &l) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "hazards: %s", store_errmsg(ui->st));
		return -1;
	}
	int64_t keep = s->vis ? selected_id(s) : -1;
	store_hazard_list_free(&s->list);
	s->list = l;
	refilter(s, keep);
	return 0;
}

static void hz_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct hz_screen *s = self;
	ui_table_draw(ui, &s->table, w, 0, getmaxy(w));
}

/* ---- key filters ---- */

static unsigned set_text_filter(char **field, struct hz_screen *s, const char *text)
{
	free(*field);
	*field = text && *text ? xstrdup(text) : NULL;
	refilter(s, selected_id(s));
	return UI_R_BODY | UI_R_MSG;
}

static unsigned zone_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	struct hz_screen *s = user;
	return set_text_filter(&s->zone, s, text);
}

static unsigned ent_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	struct hz_screen *s = user;
	return set_text_filter(&s->ent, s, text);
}

static unsigned ask_filter(struct ui *ui, struct hz_screen *s, bool zone)
{
	struct ui_prompt_spec spec = {
		.label = zone ? "Zone (empty: any): " : "Enterprise code or name (empty: any): ",
		.initial = zone ? s->zone : s->ent,
		.max_bytes = 128,
		.on_submit = zone ? zone_submit : ent_submit,
		.user = s,
	};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

static unsigned filter_key(struct hz_screen *s, struct ui *ui, int key)
{
	switch (key) {
	case 's':
		s->status = s->status >= PW_HZ_CLOSED ? SF_OPEN : s->status + 1;
		break;
	case 'g':
		s->grade = s->grade >= PW_HZ_MAJOR ? -1 : s->grade + 1;
		break;
	case 'o':
		s->overdue_only = !s->overdue_only;
		break;
	case 'z': return ask_filter(ui, s, true);
	case 'e': return ask_filter(ui, s, false);
	case 'x':
		s->status = SF_OPEN;
		s->grade = -1;
		s->overdue_only = false;
		free(s->zone);
		free(s->ent);
		s->zone = s->ent = NULL;
		break;
	default: return UI_R_UNHANDLED;
	}
	refilter(s, selected_id(s));
	return UI_R_BODY | UI_R_MSG;
}

static unsigned hz_key(void *self, struct ui *ui, int key)
{
	struct hz_screen *s = self;
	size_t row = ui_table_selected(&s->table);
	const struct store_hazard_row *r = row == UI_TVIEW_NONE ? NULL : row_of(s, row);
	if (ui_key_is_enter(key))
		return r ? ui_push_id(ui, &ui_screen_hazard_detail, r->id) : UI_R_NONE;
	switch (key) {
	case 'r': return ui_hazard_report_start(ui, NULL);
	case 'm': return r ? ui_hazard_move_start(ui, r->id, pw_hazard_status_name(r->status)) : UI_R_NONE;
	case 'E': return r ? ui_hazard_extend_start(ui, r->id) : UI_R_NONE;
	case 'c': return r ? ui_push(ui, &ui_screen_card, r->enterprise_code) : UI_R_NONE;
	case 'i': return r ? ui_incident_new_from_enterprise(ui, r->enterprise_code) : UI_R_NONE;
	default: break;
	}
	unsigned f = filter_key(s, ui, key);
	return f & UI_R_UNHANDLED ? ui_table_key(ui, &s->table, key) : f;
}

static void hz_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct hz_screen *s = self;
	ui_table_hint(&s->table, out);
	sbuf_addf(out, "  s:%s", s->status == SF_OPEN ? "open" : s->status == SF_ALL ? "all"
	                                                : pw_hazard_status_name(s->status));
	if (s->grade >= 0)
		sbuf_addf(out, " g:%s", pw_hazard_grade_name(s->grade));
	if (s->overdue_only)
		sbuf_adds(out, " o:超期");
	if (s->zone)
		sbuf_addf(out, " z:%s", s->zone);
	if (s->ent)
		sbuf_addf(out, " e:%s", s->ent);
}

static const struct ui_keyhelp hz_keys[] = {
	{"Enter", "the hazard: details, five implementations, trace"},
	{"m", "move it along the loop (same rules as hazard move)"},
	{"E", "extend its deadline, with a reason"},
	{"r", "report a new hidden hazard (asks the enterprise)"},
	{"c", "the enterprise card"},
	{"i", "open an incident at the hazard's enterprise"},
	{"s", "status: open, all, then each status in turn"},
	{"g / o", "grade: any, general, major / overdue only"},
	{"z / e", "zone / enterprise (code or part of the name)"},
	{"/  x", "filter by text / clear every filter"},
	{"< > I", "sort column, reverse"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_hazards = {
	.name = "Hazards",
	.keys = hz_keys,
	.data = UI_DATA_HAZARDS | UI_DATA_ENTERPRISES,
	.open = hz_open,
	.close = hz_close,
	.load = hz_load,
	.draw = hz_draw,
	.key = hz_key,
	.hint = hz_hint,
	.min_reload_ms = 500,   /* whole-park reads: not on every write of a busy recorder */
};

/* ---- one hazard ---- */

struct hzd_screen {
	int64_t id;
	struct store_hazard_detail d;
	bool loaded, missing;
	struct ui_doc doc;
};

static void *hzd_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct hzd_screen *s = xcalloc(1, sizeof *s);
	s->id = arg ? strtoll(arg, NULL, 10) : 0;
	ui_doc_init(&s->doc);
	return s;
}

static void hzd_close(void *self)
{
	struct hzd_screen *s = self;
	store_hazard_detail_free(&s->d);
	ui_doc_free(&s->doc);
	free(s);
}

static int hzd_load(void *self, struct ui *ui)
{
	struct hzd_screen *s = self;
	char today[PW_TIME_BUFSZ];
	pw_date_local(today, pw_now_ms());
	struct store_hazard_detail d;
	int rc = store_hazard_detail_load(ui->st, s->id, today, &d);
	if (rc < 0) {
		ui_message(ui, PW_ROLE_ERROR, "hazard %lld: %s", (long long)s->id, store_errmsg(ui->st));
		return -1;
	}
	store_hazard_detail_free(&s->d);
	s->missing = rc == PW_STORE_NOTFOUND;
	if (!s->missing)
		s->d = d;
	s->loaded = true;
	return 0;
}

static void field(struct ui_doc *d, const char *name, const char *value)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 20, false, name);
	ui_doc_add(d, *value ? PW_ROLE_NORMAL : PW_ROLE_DIM, 0, false, *value ? value : "-");
}

static void build_head(struct ui_doc *d, const struct store_hazard_detail *x)
{
	const struct store_hazard_row *h = &x->h;
	char at[PW_TIME_BUFSZ];
	pw_time_short(at, h->reported_at);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_TITLE, 0, false, "Hazard #%lld  ", (long long)h->id);
	ui_doc_addf(d, h->grade == PW_HZ_MAJOR ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 0, false, "[%s]  ",
	            grade_text(h->grade));
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s %s", pw_hazard_status_label_zh(h->status),
	            pw_hazard_status_name(h->status));
	if (h->overdue)
		ui_doc_add(d, PW_ROLE_OVERDUE, 0, false, "  超期 OVERDUE");
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s  %s  (zone %s)", h->enterprise_code, h->enterprise_name,
	            h->zone);
	field(d, "Description", h->description);
	field(d, "Location", x->location);
	field(d, "Photos", x->photos);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 20, false, "Reported");
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s by %s (source %s)", at, x->reported_by, h->source);
	if (x->inspection_id) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 20, false, "Found by visit");
		ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "#%lld", (long long)x->inspection_id);
	}
}

static void build_five(struct ui_doc *d, struct ui *ui, const struct store_hazard_detail *x, int width)
{
	ui_doc_heading(d, ui, width, "五落实 Five implementations");
	field(d, "责任 Responsibility", *x->responsible ? x->responsible : x->h.assignee);
	field(d, "措施 Measures", x->measures);
	field(d, "资金 Funds", x->funds);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 20, false, "时限 Deadline");
	ui_doc_add(d, x->h.overdue ? PW_ROLE_OVERDUE : PW_ROLE_NORMAL, 0, false,
	           *x->h.deadline ? x->h.deadline : "-");
	if (x->h.overdue)
		ui_doc_add(d, PW_ROLE_OVERDUE, 0, false, "  超期 overdue");
	field(d, "预案 Contingency", x->contingency);
	field(d, "Assignee", x->h.assignee);
	field(d, "Submitted by", x->submitted_by);
	field(d, "Verified by", x->verified_by);
}

static void build_trace(struct ui_doc *d, struct ui *ui, const struct store_hazard_detail *x, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Trace (%zu)", x->n_trace);
	ui_doc_heading(d, ui, width, title);
	for (size_t i = 0; i < x->n_trace; i++) {
		const struct store_hazard_step *t = &x->trace[i];
		char at[PW_TIME_BUFSZ];
		pw_time_short(at, t->ts);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 12, false, at);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, PW_ROLE_NORMAL, 10, false, t->operator_name);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_addf(d, PW_ROLE_NORMAL, 24, false, "%s -> %s", *t->from ? t->from : "(new)", t->to);
		ui_doc_add(d, PW_ROLE_NORMAL, 0, false, t->note);
	}
}

static void hzd_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct hzd_screen *s = self;
	struct ui_doc *d = &s->doc;
	int width = getmaxx(w);
	ui_doc_clear(d);
	if (!s->loaded || s->missing) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, s->missing ? PW_ROLE_ERROR : PW_ROLE_DIM, 0, false,
		            s->missing ? "no hazard #%lld (Esc goes back)" : "loading #%lld", (long long)s->id);
	} else {
		build_head(d, &s->d);
		build_five(d, ui, &s->d, width);
		build_trace(d, ui, &s->d, width);
	}
	ui_doc_draw(ui, d, w, 0, getmaxy(w));
}

static unsigned hzd_key(void *self, struct ui *ui, int key)
{
	struct hzd_screen *s = self;
	bool ok = s->loaded && !s->missing;
	switch (key) {
	case 'm': return ok ? ui_hazard_move_start(ui, s->id, pw_hazard_status_name(s->d.h.status)) : UI_R_NONE;
	case 'E': return ok ? ui_hazard_extend_start(ui, s->id) : UI_R_NONE;
	case 'c': return ok ? ui_push(ui, &ui_screen_card, s->d.h.enterprise_code) : UI_R_NONE;
	case 'i': return ok ? ui_incident_new_from_enterprise(ui, s->d.h.enterprise_code) : UI_R_NONE;
	default: return ui_doc_key(&s->doc, key);
	}
}

static void hzd_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct hzd_screen *s = self;
	sbuf_addf(out, "#%lld  m move  E extend  c card  i incident  ", (long long)s->id);
	ui_doc_hint(&s->doc, out);
}

static const struct ui_keyhelp hzd_keys[] = {
	{"m", "move along the loop (what is allowed next is offered)"},
	{"E", "extend the deadline, with a reason"},
	{"c", "the enterprise card"},
	{"i", "open an incident at the hazard's enterprise"},
	{"Up/Down, PgUp/PgDn", "scroll"},
	{"Esc", "back to the list"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_hazard_detail = {
	.name = "Hidden hazard",
	.keys = hzd_keys,
	.data = UI_DATA_HAZARDS,
	.open = hzd_open,
	.close = hzd_close,
	.load = hzd_load,
	.draw = hzd_draw,
	.key = hzd_key,
	.hint = hzd_hint,
};
