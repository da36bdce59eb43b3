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
 * / filters every section at once by a case-insensitive substring of its
 * rows' text (codes, names, roles, phones, statuses, warnings): a team code
 * shows the team, its roster and its members. A header row above the page
 * shows the filter and what it lets through; Esc clears it. ] [ and the
 * actions see only the rows shown.
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

/* Rows of one section passing the '/' filter, as indexes into the store's array. */
struct rescue_vis {
	size_t *idx;
	size_t n;
};

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
	char *filter;                 /* the '/' text (owned) or NULL */
	struct rescue_vis vis[S_COUNT];  /* S_TEAMS, S_MEMBERS, S_EQUIPMENT, S_LOANS */
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

/* The warnings column of an item ("LOW EXPIRED ...") and its role. */
static void equipment_flags(const struct store_rescue_equipment *q, char *out, size_t n, int *role)
{
	snprintf(out, n, "%s%s%s%s", q->low ? "LOW " : "", q->expired ? "EXPIRED " : "",
	         q->expiring ? "expires soon " : "",
	         q->condition && strcmp(q->condition, "good") != 0 ? q->condition : "");
	*role = q->expired || q->low ? PW_ROLE_ERROR : *out ? PW_ROLE_WARN : PW_ROLE_NORMAL;
}

/* ---- the '/' filter ---- */

/* True when there is no filter or one of the N fields (NULL: none) contains it. */
static bool any_contains(const char *filter, const char *const *fields, size_t n)
{
	if (!filter)
		return true;
	for (size_t i = 0; i < n; i++)
		if (pw_text_contains(fields[i], filter))
			return true;
	return false;
}

/* Does row I of SEC (teams, members, equipment, loans) pass the filter? */
static bool row_matches(const struct rescue_screen *s, enum section sec, size_t i)
{
	const struct store_rescue *r = &s->data;
	char extra[64];
	int role;
	switch (sec) {
	case S_TEAMS: {
		const struct store_rescue_team *t = &r->teams[i];
		const char *f[] = {t->code, t->name, t->kind, t->base, t->phone};
		return any_contains(s->filter, f, PW_ARRAY_LEN(f));
	}
	case S_MEMBERS: {
		const struct store_rescue_member *m = &r->members[i];
		const char *f[] = {m->name, m->team_code, m->role, m->phone, m->skills, m->status};
		return any_contains(s->filter, f, PW_ARRAY_LEN(f));
	}
	case S_EQUIPMENT: {
		const struct store_rescue_equipment *q = &r->equipment[i];
		equipment_flags(q, extra, sizeof extra, &role);   /* "LOW", "EXPIRED" find them */
		const char *f[] = {q->code, q->name, q->category, q->location, q->expires, extra};
		return any_contains(s->filter, f, PW_ARRAY_LEN(f));
	}
	case S_LOANS: {
		const struct store_rescue_loan *l = &r->loans[i];
		snprintf(extra, sizeof extra, "#%lld%s", (long long)l->id, l->overdue ? " OVERDUE" : "");
		const char *f[] = {l->equipment_code, l->equipment, l->borrower, l->enterprise_code, extra};
		return any_contains(s->filter, f, PW_ARRAY_LEN(f));
	}
	default: return false;
	}
}

static bool shift_matches(const char *filter, const struct store_rescue_shift *x)
{
	const char *f[] = {x->team_code, x->team_name, x->member, x->role, x->phone, x->shift, x->status};
	return any_contains(filter, f, PW_ARRAY_LEN(f));
}

static bool gap_matches(const char *filter, const struct store_rescue_gap *g)
{
	const char *f[] = {g->team_code, g->team_name, "GAP"};
	return any_contains(filter, f, PW_ARRAY_LEN(f));
}

/* Recompute which rows of each list section the filter lets through. */
static void refilter(struct rescue_screen *s)
{
	static const enum section lists[] = {S_TEAMS, S_MEMBERS, S_EQUIPMENT, S_LOANS};
	const struct store_rescue *r = &s->data;
	for (size_t k = 0; k < PW_ARRAY_LEN(lists); k++) {
		enum section sec = lists[k];
		size_t n = sec == S_TEAMS ? r->nteams : sec == S_MEMBERS ? r->nmembers
		         : sec == S_EQUIPMENT ? r->nequipment : r->nloans;
		struct rescue_vis *v = &s->vis[sec];
		free(v->idx);
		v->idx = xmalloc((n ? n : 1) * sizeof *v->idx);
		v->n = 0;
		for (size_t i = 0; i < n; i++)
			if (row_matches(s, sec, i))
				v->idx[v->n++] = i;
	}
}

/* "Teams (12)", or "Teams (3 of 12)" while a filter hides some; UNIT follows the count. */
static void count_title(char *out, size_t n, const struct rescue_screen *s, const char *what,
                        const char *unit, size_t shown, size_t total)
{
	if (s->filter)
		snprintf(out, n, "%s (%zu of %zu%s)", what, shown, total, unit);
	else
		snprintf(out, n, "%s (%zu%s)", what, total, unit);
}

/* The header row above the page while a filter is on: it stays put as the page scrolls. */
static void draw_filter_line(const struct rescue_screen *s, struct ui *ui, WINDOW *w)
{
	const struct store_rescue *r = &s->data;
	int x = ui_putf(ui, w, 0, 0, -1, PW_ROLE_WARN, "Filter \"%s\": ", s->filter);
	x += ui_putf(ui, w, 0, x, -1, PW_ROLE_NORMAL,
	             "teams %zu/%zu  members %zu/%zu  items %zu/%zu  loans %zu/%zu  ", s->vis[S_TEAMS].n, r->nteams, s->vis[S_MEMBERS].n, r->nmembers,
	             s->vis[S_EQUIPMENT].n, r->nequipment, s->vis[S_LOANS].n, r->nloans);
	x += ui_put(ui, w, 0, x, 12, PW_ROLE_DIM, false, "(Esc clears)");
	ui_clear_eol(ui, w, 0, x, PW_ROLE_NORMAL);
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
	count_title(title, sizeof title, s, "Teams", "", s->vis[S_TEAMS].n, r->nteams);
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
	for (size_t i = 0; i < s->vis[S_TEAMS].n; i++) {
		const struct store_rescue_team *t = &r->teams[s->vis[S_TEAMS].idx[i]];
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
	if (s->vis[S_TEAMS].n == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false,
		           r->nteams ? "  no team matches the filter" : "  no teams recorded");
	}
}

/* ---- roster ---- */

static void build_gaps(struct ui_doc *d, const struct store_rescue_gap_list *g, const char *filter)
{
	for (size_t i = 0; i < g->n; i++) {
		if (!gap_matches(filter, &g->v[i]))
			continue;
		char hm[32];
		span_hm(hm, sizeof hm, g->v[i].from, g->v[i].to);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_ERROR, CODE_W, false, g->v[i].team_code);
		ui_doc_addf(d, PW_ROLE_ERROR, 0, false, "GAP %s: nobody rostered (%s)", hm,
		            g->v[i].team_name);
	}
}

static void build_shifts(struct ui_doc *d, const struct store_rescue_shift_list *l, int width,
                         const char *filter)
{
	int name_w = 8, role_w = 8;
	size_t shown = 0;
	if (width >= 100) {
		name_w = 10;
		role_w = 10;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct store_rescue_shift *x = &l->v[i];
		if (!shift_matches(filter, x))
			continue;
		shown++;
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
	} else if (shown == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  no roster row matches the filter");
	}
}

static void build_roster(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	char a[PW_TIME_BUFSZ], b[PW_TIME_BUFSZ], title[128];
	snprintf(title, sizeof title, "Roster now (shift %s to %s)", pw_time_short(a, r->cur_from),
	         pw_time_short(b, r->cur_to));
	heading(s, ui, width, S_ROSTER, title);
	build_gaps(&s->doc, &r->gaps_now, s->filter);
	build_shifts(&s->doc, &r->roster_now, width, s->filter);
	snprintf(title, sizeof title, "Roster next shift (%s to %s)", pw_time_short(a, r->next_from),
	         pw_time_short(b, r->next_to));
	ui_doc_heading(&s->doc, ui, width, title);
	build_gaps(&s->doc, &r->gaps_next, s->filter);
	build_shifts(&s->doc, &r->roster_next, width, s->filter);
}

/* ---- member status board ---- */

static void build_members(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	struct ui_doc *d = &s->doc;
	static const char *const states[] = {"available", "dispatched", "en_route", "on_scene",
	                                     "off_duty"};
	const struct rescue_vis *v = &s->vis[S_MEMBERS];
	int count[5] = {0};
	for (size_t i = 0; i < v->n; i++)
		for (int k = 0; k < 5; k++)
			count[k] += strcmp(r->members[v->idx[i]].status, states[k]) == 0;
	char title[64];
	count_title(title, sizeof title, s, "Member status", "", v->n, r->nmembers);
	heading(s, ui, width, S_MEMBERS, title);
	ui_doc_line(d, PW_ROLE_NORMAL);
	for (int k = 0; k < 5; k++)
		ui_doc_addf(d, count[k] ? status_role(states[k]) : PW_ROLE_DIM, 0, false, "%s %d  ",
		            states[k], count[k]);
	bool skills = width >= 100;
	int tail = flex(width, 11 + 12 + 9 + CODE_W + 1 + 9 + 12, 0);
	s->first[S_MEMBERS] = d->n;
	for (size_t i = 0; i < v->n; i++) {
		const struct store_rescue_member *m = &r->members[v->idx[i]];
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

static void build_equipment(struct rescue_screen *s, struct ui *ui, int width)
{
	const struct store_rescue *r = &s->data;
	struct ui_doc *d = &s->doc;
	const struct rescue_vis *v = &s->vis[S_EQUIPMENT];
	char title[64];
	count_title(title, sizeof title, s, "Equipment", " items", v->n, r->nequipment);
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
	for (size_t i = 0; i < v->n; i++) {
		const struct store_rescue_equipment *q = &r->equipment[v->idx[i]];
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
	const struct rescue_vis *v = &s->vis[S_LOANS];
	char title[64];
	count_title(title, sizeof title, s, "Loans out", "", v->n, r->nloans);
	heading(s, ui, width, S_LOANS, title);
	int item_w = 22, who_w = flex(width, 6 + 23 + 4 + 12 + 8, 10);
	s->first[S_LOANS] = d->n;
	for (size_t i = 0; i < v->n; i++) {
		const struct store_rescue_loan *l = &r->loans[v->idx[i]];
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
	if (v->n == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false,
		           r->nloans ? "  no loan matches the filter" : "  nothing out on loan");
	}
}

/* ---- selection ---- */

/* Selectable rows of SEC: those the filter shows. */
static size_t sec_rows(const struct rescue_screen *s, enum section sec)
{
	switch (sec) {
	case S_MEMBERS: case S_EQUIPMENT: case S_LOANS: return s->vis[sec].n;
	default: return 0;
	}
}

/* The store's index of shown row I of SEC. */
static size_t data_row(const struct rescue_screen *s, enum section sec, size_t i)
{
	return s->vis[sec].idx[i];
}

/* Select shown row I of SEC (S_COUNT: nothing) and remember who it is. */
static void select_row(struct rescue_screen *s, enum section sec, size_t i)
{
	const struct store_rescue *r = &s->data;
	s->sel_sec = i < sec_rows(s, sec) ? sec : S_COUNT;
	s->sel = s->sel_sec == S_COUNT ? 0 : i;
	s->sel_id = 0;
	s->sel_code[0] = '\0';
	if (s->sel_sec == S_MEMBERS)
		s->sel_id = r->members[data_row(s, sec, i)].id;
	else if (s->sel_sec == S_LOANS)
		s->sel_id = r->loans[data_row(s, sec, i)].id;
	else if (s->sel_sec == S_EQUIPMENT)
		snprintf(s->sel_code, sizeof s->sel_code, "%s", r->equipment[data_row(s, sec, i)].code);
	s->doc_width = 0;   /* lay out again to show it */
}

/*
 * After a reload or a new filter: the same member, item or loan, or the row
 * where it was (a returned loan, a row the filter now hides).
 */
static void reselect(struct rescue_screen *s)
{
	const struct store_rescue *r = &s->data;
	size_t n = sec_rows(s, s->sel_sec);
	for (size_t i = 0; i < n; i++) {
		size_t k = data_row(s, s->sel_sec, i);
		bool same = s->sel_sec == S_MEMBERS ? r->members[k].id == s->sel_id
		          : s->sel_sec == S_LOANS ? r->loans[k].id == s->sel_id
		          : strcmp(r->equipment[k].code, s->sel_code) == 0;
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
	for (int k = 0; k < S_COUNT; k++)
		free(s->vis[k].idx);
	free(s->filter);
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
	refilter(s);
	reselect(s);
	s->doc_width = 0;
	return 0;
}

static void rescue_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct rescue_screen *s = self;
	if (s->doc_width != getmaxx(w))
		layout(s, ui, getmaxx(w));
	int y = 0;
	if (s->filter && s->have_data) {
		draw_filter_line(s, ui, w);
		y = 1;
	}
	ui_doc_draw(ui, &s->doc, w, y, getmaxy(w) - y);
}

/* ---- the '/' prompt: live, Enter keeps the filter, Esc clears it ---- */

static unsigned set_filter(struct rescue_screen *s, const char *text)
{
	free(s->filter);
	s->filter = text && *text ? xstrdup(text) : NULL;
	if (s->have_data) {
		refilter(s);
		reselect(s);
	}
	s->doc.top = 0;     /* the first matches */
	s->doc_width = 0;
	return UI_R_BODY;
}

static unsigned filter_change(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	return set_filter(user, text);
}

static unsigned filter_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	return set_filter(user, text) | UI_R_MSG;
}

static unsigned filter_cancel(void *user, struct ui *ui)
{
	(void)ui;
	return set_filter(user, NULL) | UI_R_MSG;
}

static void filter_status(void *user, struct sbuf *out)
{
	const struct rescue_screen *s = user;
	const struct store_rescue *r = &s->data;
	size_t shown = 0;
	for (int k = 0; k < S_COUNT; k++)
		shown += s->vis[k].n;
	sbuf_addf(out, "%zu of %zu rows", shown, r->nteams + r->nmembers + r->nequipment + r->nloans);
}

static unsigned open_filter(struct rescue_screen *s, struct ui *ui)
{
	struct ui_prompt_spec spec = {
		.label = "Filter (Enter keeps, Esc clears): ",
		.initial = s->filter,
		.max_bytes = 200,
		.on_change = filter_change,
		.on_submit = filter_submit,
		.on_cancel = filter_cancel,
		.status = filter_status,
		.user = s,
	};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

/* The actions' keys on the selected row. */
static unsigned act_key(struct rescue_screen *s, struct ui *ui, int key)
{
	const struct store_rescue *r = &s->data;
	const size_t k = s->sel_sec == S_COUNT ? 0 : data_row(s, s->sel_sec, s->sel);
	switch (key) {
	case ']': case '[':
		select_step(s, key == ']' ? 1 : -1);
		return UI_R_BODY;
	case 'o':
		return ui_rescue_toggle_member(ui, s->sel_sec == S_MEMBERS ? &r->members[k] : NULL);
	case 'L':
		return ui_rescue_lend_start(ui, s->sel_sec == S_EQUIPMENT ? s->sel_code : NULL);
	case 'R':
		return ui_rescue_return_start(ui, s->sel_sec == S_LOANS ? &r->loans[k] : NULL);
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
	if (key == '/')
		return open_filter(s, ui);
	if (key == UI_KEY_ESC && s->filter)
		return set_filter(s, NULL) | UI_R_MSG;
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
	{"/", "filter every section by text (code, name, role, phone,"},
	{"", "status, LOW / EXPIRED / OVERDUE); Esc clears"},
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
