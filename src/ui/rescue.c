/*
 * rescue.c - screen 5, the rescue force on one scrollable page: a summary
 * line (who is on duty, who is out, roster gaps, low stock, expired items,
 * overdue loans), then teams, the roster of this shift and the next with
 * its gaps, the member status board, the equipment store and the loans.
 * t r m e l jump to a section, so 80x24 reaches everything in one key;
 * wider terminals get more columns (skills, phone, location).
 *
 * ] and [ select a member, an equipment item or a loan (m e l select the
 * first of their section); o puts the selected member on or off duty, L
 * lends equipment (the selected item suggested), R returns the selected
 * loan - the actions are in rescue_act.c.
 *
 * Nothing relies on colour: statuses are words, gaps say GAP, warnings say
 * LOW / EXPIRED / OVERDUE.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store.h"
#include "parkwatch/store_rescue_views.h"
#include "parkwatch/text.h"
#include "rescue_ui.h"
#include "ui_private.h"

enum section { S_TEAMS, S_ROSTER, S_MEMBERS, S_EQUIPMENT, S_LOANS, S_COUNT };

#define CODE_W 10   /* team codes: "EFB-E0001" */

struct rescue_screen {
	struct store_rescue data;
	bool have_data;
	struct ui_doc doc;
	int doc_width;                /* the width the doc was laid out for (0: redo) */
	size_t heading[S_COUNT];      /* doc line of each section's heading */
	size_t first[S_COUNT];        /* doc line of the first row of members, equipment, loans */
	enum section sel_sec;         /* S_MEMBERS, S_EQUIPMENT or S_LOANS; S_COUNT: none */
	size_t sel;                   /* the selected row within its section */
	int64_t sel_id;               /* the selected member's or loan's id, kept across reloads */
	char sel_code[64];            /* the selected item's code */
};

/* A fixed-width cell followed by one blank column. */
static void cell(struct ui_doc *d, int role, int width, bool right, const char *text)
{
	ui_doc_add(d, role, width, right, text ? text : "");
	ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
}

static int status_role(const char *status)
{
	if (strcmp(status, "available") == 0)
		return PW_ROLE_OK;
	if (strcmp(status, "off_duty") == 0)
		return PW_ROLE_DIM;
	return PW_ROLE_WARN;  /* dispatched, en_route, on_scene: out on a job */
}

/* "20:00-08:00" of a stretch, in site time. */
static void span_hm(char *out, size_t n, int64_t a, int64_t b)
{
	char x[PW_TIME_BUFSZ], y[PW_TIME_BUFSZ];
	pw_time_hms(x, a);
	pw_time_hms(y, b);
	snprintf(out, n, "%.5s-%.5s", x, y);
}

/* Width left for a flexible column after FIXED columns (and one blank each). */
static int flex(int width, int fixed, int min)
{
	int w = width - fixed;
	return w < min ? min : w;
}

static void heading(struct rescue_screen *s, struct ui *ui, int width, enum section sec,
                    const char *title)
{
	s->heading[sec] = s->doc.n;
	ui_doc_heading(&s->doc, ui, width, title);
}

/* ---- summary ---- */

static void build_summary(struct rescue_screen *s)
{
	const struct store_rescue *r = &s->data;
	int on_duty = 0, avail = 0, out = 0, low = 0, expired = 0, overdue = 0;
	for (size_t i = 0; i < r->nteams; i++) {
		on_duty += r->teams[i].on_duty;
		avail += r->teams[i].available;
		out += r->teams[i].out;
	}
	for (size_t i = 0; i < r->nequipment; i++) {
		low += r->equipment[i].low;
		expired += r->equipment[i].expired;
	}
	for (size_t i = 0; i < r->nloans; i++)
		overdue += r->loans[i].overdue;
	struct ui_doc *d = &s->doc;
	char hms[PW_TIME_BUFSZ];
	ui_doc_line(d, PW_ROLE_NORMAL);
	/* Reloaded when any writer commits; the time says how fresh a quiet page is. */
	ui_doc_addf(d, PW_ROLE_DIM, 0, false, "As of %.5s  ", pw_time_hms(hms, r->now));
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "on duty %d  available %d  ", on_duty, avail);
	ui_doc_addf(d, out ? PW_ROLE_WARN : PW_ROLE_NORMAL, 0, false, "out on jobs %d  ", out);
	size_t gaps = r->gaps_now.n + r->gaps_next.n;
	ui_doc_addf(d, gaps ? PW_ROLE_ERROR : PW_ROLE_OK, 0, false, "roster gaps %zu", gaps);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, low ? PW_ROLE_WARN : PW_ROLE_NORMAL, 0, false, "Low stock %d  ", low);
	ui_doc_addf(d, expired ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 0, false, "expired %d  ", expired);
	ui_doc_addf(d, overdue ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 0, false,
	            "loans out %zu (overdue %d)", r->nloans, overdue);
	ui_doc_add(d, PW_ROLE_DIM, 0, false, "   t r m e l: jump to a section");
}

/* ---- teams ---- */

static void build_teams(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	struct ui_doc *d = &s->doc;
	char title[64];
	snprintf(title, sizeof title, "Teams (%zu)", r->nteams);
	heading(s, ui, width, S_TEAMS, title);
	bool phone = width >= 90;
	int name_w = flex(width, CODE_W + 1 + 13 + 6 + 6 + 4 + 4 + (phone ? 12 : 0) + 1, 12);
	name_w = name_w > 30 ? 30 : name_w;
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_HEADER, CODE_W, false, "Code");
	cell(d, PW_ROLE_HEADER, name_w, false, "Team");
	cell(d, PW_ROLE_HEADER, 12, false, "Kind");
	cell(d, PW_ROLE_HEADER, 5, true, "Duty");
	cell(d, PW_ROLE_HEADER, 5, true, "Avail");
	cell(d, PW_ROLE_HEADER, 3, true, "Out");
	cell(d, PW_ROLE_HEADER, 3, true, "Off");
	if (phone)
		cell(d, PW_ROLE_HEADER, 11, false, "Phone");
	for (size_t i = 0; i < r->nteams; i++) {
		const struct store_rescue_team *t = &r->teams[i];
		char duty[16], n[3][12];
		snprintf(duty, sizeof duty, "%d/%d", t->on_duty, t->members);
		snprintf(n[0], sizeof n[0], "%d", t->available);
		snprintf(n[1], sizeof n[1], "%d", t->out);
		snprintf(n[2], sizeof n[2], "%d", t->off_duty);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, CODE_W, false, t->code);
		cell(d, PW_ROLE_NORMAL, name_w, false, t->name);
		cell(d, PW_ROLE_DIM, 12, false, t->kind);
		cell(d, t->on_duty ? PW_ROLE_NORMAL : PW_ROLE_ERROR, 5, true, duty);
		cell(d, t->available ? PW_ROLE_OK : PW_ROLE_WARN, 5, true, n[0]);
		cell(d, t->out ? PW_ROLE_WARN : PW_ROLE_NORMAL, 3, true, n[1]);
		cell(d, PW_ROLE_DIM, 3, true, n[2]);
		if (phone)
			cell(d, PW_ROLE_NORMAL, 11, false, t->phone);
	}
	if (r->nteams == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  no teams recorded");
	}
}

/* ---- roster ---- */

static void build_gaps(struct ui_doc *d, const struct store_rescue_gap_list *g)
{
	for (size_t i = 0; i < g->n; i++) {
		char hm[32];
		span_hm(hm, sizeof hm, g->v[i].from, g->v[i].to);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_ERROR, CODE_W, false, g->v[i].team_code);
		ui_doc_addf(d, PW_ROLE_ERROR, 0, false, "GAP %s: nobody rostered (%s)", hm,
		            g->v[i].team_name);
	}
}

static void build_shifts(struct ui_doc *d, const struct store_rescue_shift_list *l, int width)
{
	int name_w = 8, role_w = 8;
	if (width >= 100) {
		name_w = 10;
		role_w = 10;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct store_rescue_shift *x = &l->v[i];
		char hm[32];
		span_hm(hm, sizeof hm, x->starts_at, x->ends_at);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, CODE_W, false, x->team_code);
		cell(d, PW_ROLE_NORMAL, name_w, false, x->member);
		cell(d, PW_ROLE_DIM, role_w, false, x->role);
		cell(d, PW_ROLE_NORMAL, 11, false, x->phone);
		cell(d, PW_ROLE_NORMAL, 11, false, hm);
		cell(d, status_role(x->status), 10, false, x->status);
	}
	if (l->n == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_WARN, 0, false, "  nobody rostered");
	}
}

static void build_roster(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	char a[PW_TIME_BUFSZ], b[PW_TIME_BUFSZ], title[128];
	snprintf(title, sizeof title, "Roster now (shift %s to %s)", pw_time_short(a, r->cur_from),
	         pw_time_short(b, r->cur_to));
	heading(s, ui, width, S_ROSTER, title);
	build_gaps(&s->doc, &r->gaps_now);
	build_shifts(&s->doc, &r->roster_now, width);
	snprintf(title, sizeof title, "Roster next shift (%s to %s)", pw_time_short(a, r->next_from),
	         pw_time_short(b, r->next_to));
	ui_doc_heading(&s->doc, ui, width, title);
	build_gaps(&s->doc, &r->gaps_next);
	build_shifts(&s->doc, &r->roster_next, width);
}

/* ---- member status board ---- */

static void build_members(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	struct ui_doc *d = &s->doc;
	static const char *const states[] = {"available", "dispatched", "en_route", "on_scene",
	                                     "off_duty"};
	int count[5] = {0};
	for (size_t i = 0; i < r->nmembers; i++)
		for (int k = 0; k < 5; k++)
			count[k] += strcmp(r->members[i].status, states[k]) == 0;
	char title[64];
	snprintf(title, sizeof title, "Member status (%zu)", r->nmembers);
	heading(s, ui, width, S_MEMBERS, title);
	ui_doc_line(d, PW_ROLE_NORMAL);
	for (int k = 0; k < 5; k++)
		ui_doc_addf(d, count[k] ? status_role(states[k]) : PW_ROLE_DIM, 0, false, "%s %d  ",
		            states[k], count[k]);
	bool skills = width >= 100;
	int tail = flex(width, 11 + 12 + 9 + CODE_W + 1 + 9 + 12, 0);
	s->first[S_MEMBERS] = d->n;
	for (size_t i = 0; i < r->nmembers; i++) {
		const struct store_rescue_member *m = &r->members[i];
		char since[PW_TIME_BUFSZ];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, status_role(m->status), 10, false, m->status);
		cell(d, PW_ROLE_DIM, 11, false, pw_time_short(since, m->status_since));
		cell(d, PW_ROLE_NORMAL, 8, false, m->name);
		cell(d, PW_ROLE_NORMAL, CODE_W, false, m->team_code);
		cell(d, PW_ROLE_DIM, 8, false, m->role);
		cell(d, PW_ROLE_NORMAL, 11, false, m->phone);
		if (skills && tail > 0)
			ui_doc_add(d, PW_ROLE_DIM, tail, false, m->skills);
	}
}

/* ---- equipment and loans ---- */

static void equipment_flags(const struct store_rescue_equipment *q, char *out, size_t n, int *role)
{
	snprintf(out, n, "%s%s%s%s", q->low ? "LOW " : "", q->expired ? "EXPIRED " : "",
	         q->expiring ? "expires soon " : "",
	         q->condition && strcmp(q->condition, "good") != 0 ? q->condition : "");
	*role = q->expired || q->low ? PW_ROLE_ERROR : *out ? PW_ROLE_WARN : PW_ROLE_NORMAL;
}

static void build_equipment(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	struct ui_doc *d = &s->doc;
	char title[64];
	snprintf(title, sizeof title, "Equipment (%zu items)", r->nequipment);
	heading(s, ui, width, S_EQUIPMENT, title);
	int extra = width > 80 ? (width - 80) / 2 : 0;
	int name_w = 16 + extra, loc_w = 14 + extra;
	int flags_w = flex(width, 7 + name_w + 1 + 6 + 6 + 5 + loc_w + 1 + 11, 8);
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_HEADER, 6, false, "Code");
	cell(d, PW_ROLE_HEADER, name_w, false, "Name");
	cell(d, PW_ROLE_HEADER, 5, true, "Qty");
	cell(d, PW_ROLE_HEADER, 5, true, "Avail");
	cell(d, PW_ROLE_HEADER, 4, true, "Min");
	cell(d, PW_ROLE_HEADER, loc_w, false, "Location");
	cell(d, PW_ROLE_HEADER, 10, false, "Expires");
	ui_doc_add(d, PW_ROLE_HEADER, flags_w, false, "Warnings");
	s->first[S_EQUIPMENT] = d->n;
	for (size_t i = 0; i < r->nequipment; i++) {
		const struct store_rescue_equipment *q = &r->equipment[i];
		char n[3][16], flags[64];
		int role;
		snprintf(n[0], sizeof n[0], "%d", q->qty);
		snprintf(n[1], sizeof n[1], "%d", q->available);
		snprintf(n[2], sizeof n[2], "%d", q->min_qty);
		equipment_flags(q, flags, sizeof flags, &role);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 6, false, q->code);
		cell(d, PW_ROLE_NORMAL, name_w, false, q->name);
		cell(d, PW_ROLE_NORMAL, 5, true, n[0]);
		cell(d, q->low ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 5, true, n[1]);
		cell(d, PW_ROLE_DIM, 4, true, n[2]);
		cell(d, PW_ROLE_DIM, loc_w, false, q->location);
		cell(d, q->expired ? PW_ROLE_ERROR : q->expiring ? PW_ROLE_WARN : PW_ROLE_NORMAL, 10,
		     false, q->expires ? q->expires : "");
		ui_doc_add(d, role, flags_w, false, flags);
	}
}

static void build_loans(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	struct ui_doc *d = &s->doc;
	char title[64];
	snprintf(title, sizeof title, "Loans out (%zu)", r->nloans);
	heading(s, ui, width, S_LOANS, title);
	int item_w = 22, who_w = flex(width, 6 + 23 + 4 + 12 + 8, 10);
	s->first[S_LOANS] = d->n;
	for (size_t i = 0; i < r->nloans; i++) {
		const struct store_rescue_loan *l = &r->loans[i];
		char item[256], qty[16], due[PW_TIME_BUFSZ], id[24];
		snprintf(item, sizeof item, "%s %s", l->equipment_code, l->equipment);
		snprintf(qty, sizeof qty, "x%d", l->qty);
		snprintf(id, sizeof id, "#%lld", (long long)l->id);   /* what R and `equipment return` take */
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_DIM, 5, true, id);
		cell(d, PW_ROLE_NORMAL, item_w, false, item);
		cell(d, PW_ROLE_NORMAL, 3, true, qty);
		cell(d, PW_ROLE_NORMAL, who_w, false, l->borrower);
		cell(d, l->overdue ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 11, false,
		     l->due_at ? pw_time_short(due, l->due_at) : "no due date");
		if (l->overdue)
			ui_doc_add(d, PW_ROLE_ERROR, 0, false, "OVERDUE");
	}
	if (r->nloans == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  nothing out on loan");
	}
}

/* ---- selection ---- */

static size_t sec_rows(const struct rescue_screen *s, enum section sec)
{
	switch (sec) {
	case S_MEMBERS: return s->data.nmembers;
	case S_EQUIPMENT: return s->data.nequipment;
	case S_LOANS: return s->data.nloans;
	default: return 0;
	}
}

/* Select row I of SEC (S_COUNT: nothing) and remember who it is. */
static void select_row(struct rescue_screen *s, enum section sec, size_t i)
{
	const struct store_rescue *r = &s->data;
	s->sel_sec = i < sec_rows(s, sec) ? sec : S_COUNT;
	s->sel = s->sel_sec == S_COUNT ? 0 : i;
	s->sel_id = 0;
	s->sel_code[0] = '\0';
	if (s->sel_sec == S_MEMBERS)
		s->sel_id = r->members[i].id;
	else if (s->sel_sec == S_LOANS)
		s->sel_id = r->loans[i].id;
	else if (s->sel_sec == S_EQUIPMENT)
		snprintf(s->sel_code, sizeof s->sel_code, "%s", r->equipment[i].code);
	s->doc_width = 0;   /* lay out again to show it */
}

/* After a reload: the same member, item or loan, or the row where it was (a returned loan). */
static void reselect(struct rescue_screen *s)
{
	const struct store_rescue *r = &s->data;
	size_t n = sec_rows(s, s->sel_sec);
	for (size_t i = 0; i < n; i++) {
		bool same = s->sel_sec == S_MEMBERS ? r->members[i].id == s->sel_id
		          : s->sel_sec == S_LOANS ? r->loans[i].id == s->sel_id
		          : strcmp(r->equipment[i].code, s->sel_code) == 0;
		if (same) {
			select_row(s, s->sel_sec, i);
			return;
		}
	}
	select_row(s, s->sel_sec, s->sel < n ? s->sel : n ? n - 1 : 0);
}

/* Draw the selected row in the selection role (reverse video in the mono theme too). */
static void mark_selected(struct rescue_screen *s)
{
	if (s->sel_sec == S_COUNT || !s->have_data)
		return;
	size_t line = s->first[s->sel_sec] + s->sel;
	if (line >= s->doc.n)
		return;
	struct ui_doc_line *l = &s->doc.lines[line];
	l->role = PW_ROLE_SELECTED;
	for (size_t k = 0; k < l->n; k++)
		l->spans[k].role = PW_ROLE_SELECTED;
}

/* ] / [: the next or previous selectable row, members then equipment then loans. */
static void select_step(struct rescue_screen *s, int dir)
{
	static const enum section order[] = {S_MEMBERS, S_EQUIPMENT, S_LOANS};
	size_t total = 0, at = 0;
	for (size_t k = 0; k < PW_ARRAY_LEN(order); k++) {
		if (order[k] == s->sel_sec)
			at = total + s->sel;
		total += sec_rows(s, order[k]);
	}
	if (total == 0)
		return;
	if (s->sel_sec == S_COUNT)
		at = dir > 0 ? total - 1 : 0;   /* so the first step lands on the first / last row */
	at = (at + total + (size_t)(dir > 0 ? 1 : total - 1)) % total;
	for (size_t k = 0; k < PW_ARRAY_LEN(order); k++) {
		size_t n = sec_rows(s, order[k]);
		if (at < n) {
			select_row(s, order[k], at);
			break;
		}
		at -= n;
	}
	/* Scroll just enough to show it. */
	size_t line = s->first[s->sel_sec] + s->sel, page = s->doc.page ? s->doc.page : 1;
	if (line < s->doc.top)
		s->doc.top = line;
	else if (line >= s->doc.top + page)
		s->doc.top = line - page + 1;
}

static void layout(struct rescue_screen *s, struct ui *ui, int width)
{
	ui_doc_clear(&s->doc);
	if (!s->have_data) {
		ui_doc_line(&s->doc, PW_ROLE_NORMAL);
		ui_doc_add(&s->doc, PW_ROLE_DIM, 0, false, "rescue force not loaded");
		s->doc_width = width;
		return;
	}
	build_summary(s);
	build_teams(s, ui, width);
	build_roster(s, ui, width);
	build_members(s, ui, width);
	build_equipment(s, ui, width);
	build_loans(s, ui, width);
	mark_selected(s);
	s->doc_width = width;
}

/* ---- screen ops ---- */

static void *rescue_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct rescue_screen *s = xcalloc(1, sizeof *s);
	ui_doc_init(&s->doc);
	s->sel_sec = S_COUNT;
	return s;
}

static void rescue_close(void *self)
{
	struct rescue_screen *s = self;
	store_rescue_free(&s->data);
	ui_doc_free(&s->doc);
	free(s);
}

static int rescue_load(void *self, struct ui *ui)
{
	struct rescue_screen *s = self;
	struct store_rescue r;
	if (store_rescue_load(ui->st, pw_now_ms(), &r) != 0) {
		store_rescue_free(&r);
		ui_message(ui, PW_ROLE_ERROR, "rescue: %s", store_errmsg(ui->st));
		return -1;
	}
	store_rescue_free(&s->data);
	s->data = r;
	s->have_data = true;
	reselect(s);
	s->doc_width = 0;
	return 0;
}

static void rescue_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct rescue_screen *s = self;
	if (s->doc_width != getmaxx(w))
		layout(s, ui, getmaxx(w));
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

/* The actions' keys on the selected row. */
static unsigned act_key(struct rescue_screen *s, struct ui *ui, int key)
{
	const struct store_rescue *r = &s->data;
	switch (key) {
	case ']': case '[':
		select_step(s, key == ']' ? 1 : -1);
		return UI_R_BODY;
	case 'o':
		return ui_rescue_toggle_member(ui, s->sel_sec == S_MEMBERS ? &r->members[s->sel] : NULL);
	case 'L':
		return ui_rescue_lend_start(ui, s->sel_sec == S_EQUIPMENT ? s->sel_code : NULL);
	case 'R':
		return ui_rescue_return_start(ui, s->sel_sec == S_LOANS ? &r->loans[s->sel] : NULL);
	default:
		return UI_R_UNHANDLED;
	}
}

static unsigned rescue_key(void *self, struct ui *ui, int key)
{
	struct rescue_screen *s = self;
	static const struct { int key; enum section sec; } jumps[] = {
		{'t', S_TEAMS}, {'r', S_ROSTER}, {'m', S_MEMBERS}, {'e', S_EQUIPMENT}, {'l', S_LOANS},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(jumps); i++)
		if (key == jumps[i].key) {
			s->doc.top = s->heading[jumps[i].sec];
			if (s->sel_sec != jumps[i].sec && sec_rows(s, jumps[i].sec) > 0)
				select_row(s, jumps[i].sec, 0);
			return UI_R_BODY;
		}
	if (!s->have_data)
		return ui_doc_key(&s->doc, key);
	unsigned rc = act_key(s, ui, key);
	return rc != UI_R_UNHANDLED ? rc : ui_doc_key(&s->doc, key);
}

static void rescue_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct rescue_screen *s = self;
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, "  ] [ select, o L R act");
}

static const struct ui_keyhelp rescue_keys[] = {
	{"t", "teams: on duty now, available, out on jobs, off duty"},
	{"r", "roster of this shift and the next; GAP = nobody rostered"},
	{"m", "member status board (out on jobs first)"},
	{"e", "equipment: qty, available (qty minus loans), LOW, EXPIRED"},
	{"l", "loans still out (#id), soonest due first; OVERDUE marked"},
	{"] [", "select the next / previous member, equipment item or loan"},
	{"", "(m e l select the first of their section)"},
	{"o", "selected member: available <-> off duty (dispatch sets the rest)"},
	{"L", "lend equipment: code (the selected item), qty, enterprise or"},
	{"", "person, due date - as `parkwatch equipment loan`"},
	{"R", "return the selected loan (asks y/n) - as `equipment return`"},
	{"Up/Down, PgUp/PgDn", "scroll; Home/End top / bottom"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_rescue = {
	.name = "Rescue",
	.keys = rescue_keys,
	.data = UI_DATA_RESCUE | UI_DATA_INCIDENTS,
	.open = rescue_open,
	.close = rescue_close,
	.load = rescue_load,
	.draw = rescue_draw,
	.key = rescue_key,
	.hint = rescue_hint,
};
