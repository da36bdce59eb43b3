/*
 * hazard_views.c - read-only views of hazards and inspection visits for the
 * console (store_hazard_views.h). `overdue` is decided in C by core's
 * pw_hazard_overdue() against the caller's site date, the same rule
 * `query hazards` applies in SQL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_hazard_views.h"
#include "parkwatch/util.h"
#include "store_private.h"

/* Column text as a malloc'd copy, "" instead of NULL. */
static char *col_str(sqlite3_stmt *s, int i)
{
	char *v = store_col_strdup(s, i);
	return v ? v : xstrdup("");
}

/* ---- hazards ---- */

/* The columns every hazard statement below starts with, in this order. */
#define HAZARD_COLS                                                                    \
	"h.id, e.code, e.name, e.zone, h.grade, h.status, h.deadline, h.assignee,"          \
	" h.description, h.source, h.reported_at"

static void read_row(sqlite3_stmt *s, const char *today, struct store_hazard_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->enterprise_code = col_str(s, 1);
	r->enterprise_name = col_str(s, 2);
	r->zone = col_str(s, 3);
	const char *g = (const char *)sqlite3_column_text(s, 4);
	if (!g || pw_hazard_grade_parse(g, &r->grade) != 0)
		r->grade = PW_HZ_GENERAL;
	const char *st = (const char *)sqlite3_column_text(s, 5);
	if (!st || pw_hazard_status_parse(st, &r->status) != 0)
		r->status = PW_HZ_REPORTED;
	r->deadline = col_str(s, 6);
	r->assignee = col_str(s, 7);
	r->description = col_str(s, 8);
	r->source = col_str(s, 9);
	r->reported_at = sqlite3_column_int64(s, 10);
	r->overdue = pw_hazard_overdue(r->status, r->deadline, today);
}

static void row_free(struct store_hazard_row *r)
{
	free(r->enterprise_code);
	free(r->enterprise_name);
	free(r->zone);
	free(r->deadline);
	free(r->assignee);
	free(r->description);
	free(r->source);
}

int store_hazard_list_load(struct pw_store *st, const char *today, bool include_closed,
                           int64_t enterprise_id, struct store_hazard_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT " HAZARD_COLS " FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id"
		" WHERE (?1 OR h.status <> 'closed') AND (?2 = 0 OR h.enterprise_id = ?2)"
		" ORDER BY h.reported_at DESC, h.id DESC");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, include_closed);
	sqlite3_bind_int64(s, 2, enterprise_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->rows = xgrow(out->rows, &cap, out->n + 1, sizeof *out->rows, 64);
		read_row(s, today, &out->rows[out->n++]);
	}
	if (rc != SQLITE_DONE) {
		store_hazard_list_free(out);
		return store_fail(st, "hazard list");
	}
	return 0;
}

void store_hazard_list_free(struct store_hazard_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		row_free(&l->rows[i]);
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

static int load_trace(struct pw_store *st, struct store_hazard_detail *d)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT ts, operator, from_status, to_status, note FROM hazard_trace"
		" WHERE hazard_id = ?1 ORDER BY ts, id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, d->h.id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->trace = xrealloc(d->trace, (d->n_trace + 1) * sizeof *d->trace);
		struct store_hazard_step *t = &d->trace[d->n_trace++];
		t->ts = sqlite3_column_int64(s, 0);
		t->operator_name = col_str(s, 1);
		t->from = col_str(s, 2);
		t->to = col_str(s, 3);
		t->note = col_str(s, 4);
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "hazard trace");
}

int store_hazard_detail_load(struct pw_store *st, int64_t id, const char *today,
                             struct store_hazard_detail *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT " HAZARD_COLS ", h.location, h.photos, h.reported_by, h.responsible, h.measures,"
		" h.funds, h.contingency, h.submitted_by, h.verified_by, h.closed_at, h.inspection_id"
		" FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id WHERE h.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return PW_STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail(st, "hazard");
	read_row(s, today, &out->h);
	char **text[] = {&out->location, &out->photos, &out->reported_by, &out->responsible,
	                 &out->measures, &out->funds, &out->contingency, &out->submitted_by,
	                 &out->verified_by};
	for (size_t i = 0; i < PW_ARRAY_LEN(text); i++)
		*text[i] = col_str(s, 11 + (int)i);
	out->closed_at = sqlite3_column_int64(s, 20);
	out->inspection_id = sqlite3_column_int64(s, 21);
	sqlite3_reset(s);
	if (load_trace(st, out) != 0) {
		store_hazard_detail_free(out);
		return -1;
	}
	return 0;
}

void store_hazard_detail_free(struct store_hazard_detail *d)
{
	if (!d)
		return;
	row_free(&d->h);
	char *text[] = {d->location, d->photos, d->reported_by, d->responsible, d->measures,
	                d->funds, d->contingency, d->submitted_by, d->verified_by};
	for (size_t i = 0; i < PW_ARRAY_LEN(text); i++)
		free(text[i]);
	for (size_t i = 0; i < d->n_trace; i++) {
		free(d->trace[i].operator_name);
		free(d->trace[i].from);
		free(d->trace[i].to);
		free(d->trace[i].note);
	}
	free(d->trace);
	memset(d, 0, sizeof *d);
}

/* ---- inspections ---- */

int store_visits_recent(struct pw_store *st, size_t limit, int64_t enterprise_id,
                        struct store_visit_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT i.id, i.ts, e.code, e.name, i.inspector, i.org, i.org_kind, i.items, i.findings"
		" FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id"
		" WHERE ?2 = 0 OR i.enterprise_id = ?2 ORDER BY i.ts DESC, i.id DESC LIMIT ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	sqlite3_bind_int64(s, 2, enterprise_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->rows = xgrow(out->rows, &cap, out->n + 1, sizeof *out->rows, 64);
		struct store_visit *v = &out->rows[out->n++];
		v->id = sqlite3_column_int64(s, 0);
		v->ts = sqlite3_column_int64(s, 1);
		v->enterprise_code = col_str(s, 2);
		v->enterprise_name = col_str(s, 3);
		v->inspector = col_str(s, 4);
		v->org = col_str(s, 5);
		v->org_kind = col_str(s, 6);
		v->items = col_str(s, 7);
		v->findings = col_str(s, 8);
	}
	if (rc != SQLITE_DONE) {
		store_visit_list_free(out);
		return store_fail(st, "inspections");
	}
	return 0;
}

void store_visit_list_free(struct store_visit_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct store_visit *v = &l->rows[i];
		char *text[] = {v->enterprise_code, v->enterprise_name, v->inspector, v->org,
		                v->org_kind, v->items, v->findings};
		for (size_t k = 0; k < PW_ARRAY_LEN(text); k++)
			free(text[k]);
	}
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

int store_visits_stale(struct pw_store *st, int64_t before_ms, struct store_stale_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT e.code, e.name, e.zone, e.grid, v.last FROM enterprises e"
		" LEFT JOIN (SELECT enterprise_id, max(ts) AS last FROM inspections"
		"  GROUP BY enterprise_id) v ON v.enterprise_id = e.id"
		" WHERE v.last IS NULL OR v.last < ?1 ORDER BY coalesce(v.last, 0), e.code");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, before_ms);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->rows = xgrow(out->rows, &cap, out->n + 1, sizeof *out->rows, 64);
		struct store_stale_row *r = &out->rows[out->n++];
		r->code = col_str(s, 0);
		r->name = col_str(s, 1);
		r->zone = col_str(s, 2);
		r->grid = col_str(s, 3);
		r->last_ts = sqlite3_column_int64(s, 4);
	}
	if (rc != SQLITE_DONE) {
		store_stale_list_free(out);
		return store_fail(st, "inspection recency");
	}
	return 0;
}

void store_stale_list_free(struct store_stale_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->rows[i].code);
		free(l->rows[i].name);
		free(l->rows[i].zone);
		free(l->rows[i].grid);
	}
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}
