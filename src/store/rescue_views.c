/*
 * rescue_views.c - reads for the Rescue screen (store_rescue_views.h) and
 * the roster-gap sweep the handover report shares.
 *
 * The rescue force is small (tens of members, tens of items), so the screen
 * reads it whole each time; one deferred transaction keeps the sections
 * consistent with each other.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_report.h"
#include "parkwatch/store_rescue_views.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define DAY_MS (24LL * 3600 * 1000)

/* Make room for one more element in *V (count *N, capacity *CAP). */
#define GROW(v, n, cap)                                           \
	do {                                                          \
		if ((n) == (cap)) {                                       \
			(cap) = (cap) ? (cap) * 2 : 16;                       \
			(v) = xrealloc((v), (cap) * sizeof *(v));             \
		}                                                         \
	} while (0)

static void copy_status(char dst[STORE_RESCUE_STATUS_SZ], sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	snprintf(dst, STORE_RESCUE_STATUS_SZ, "%s", t ? (const char *)t : "");
}

/* ---- teams ---- */

static const char teams_sql[] =
	"SELECT t.code, t.name, t.kind, t.base, t.phone,"
	" EXISTS (SELECT 1 FROM roster r JOIN members m ON m.id = r.member_id WHERE m.team_id = t.id),"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id),"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id AND CASE"
	"   WHEN EXISTS (SELECT 1 FROM roster r JOIN members m2 ON m2.id = r.member_id"
	"                WHERE m2.team_id = t.id)"
	"   THEN EXISTS (SELECT 1 FROM roster r WHERE r.member_id = m.id"
	"                AND r.starts_at <= ?1 AND r.ends_at > ?1)"
	"   ELSE m.status <> 'off_duty' END),"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id AND m.status = 'available'),"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id"
	"   AND m.status IN ('dispatched', 'en_route', 'on_scene')),"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id AND m.status = 'off_duty')"
	" FROM teams t ORDER BY t.kind <> 'professional', t.kind <> 'volunteer', t.code";

static int load_teams(struct pw_store *st, struct store_rescue *r)
{
	sqlite3_stmt *s = store_stmt(st, teams_sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->now);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(r->teams, r->nteams, cap);
		struct store_rescue_team *t = &r->teams[r->nteams++];
		*t = (struct store_rescue_team){
			.code = store_col_strdup(s, 0),
			.name = store_col_strdup(s, 1),
			.kind = store_col_strdup(s, 2),
			.base = store_col_strdup(s, 3),
			.phone = store_col_strdup(s, 4),
			.rostered = sqlite3_column_int(s, 5) != 0,
			.members = sqlite3_column_int(s, 6),
			.on_duty = sqlite3_column_int(s, 7),
			.available = sqlite3_column_int(s, 8),
			.out = sqlite3_column_int(s, 9),
			.off_duty = sqlite3_column_int(s, 10),
		};
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read teams");
}

/* ---- members: those out on a job first, then available, then off duty ---- */

static const char members_sql[] =
	"SELECT m.id, t.code, m.name, m.role, m.phone, m.skills, m.status, m.status_since"
	" FROM members m JOIN teams t ON t.id = m.team_id"
	" ORDER BY CASE m.status WHEN 'on_scene' THEN 0 WHEN 'en_route' THEN 1"
	"  WHEN 'dispatched' THEN 2 WHEN 'available' THEN 3 ELSE 4 END, t.code, m.id";

static int load_members(struct pw_store *st, struct store_rescue *r)
{
	sqlite3_stmt *s = store_stmt(st, members_sql);
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(r->members, r->nmembers, cap);
		struct store_rescue_member *m = &r->members[r->nmembers++];
		*m = (struct store_rescue_member){
			.id = sqlite3_column_int64(s, 0),
			.team_code = store_col_strdup(s, 1),
			.name = store_col_strdup(s, 2),
			.role = store_col_strdup(s, 3),
			.phone = store_col_strdup(s, 4),
			.skills = store_col_strdup(s, 5),
			.status_since = sqlite3_column_int64(s, 7),
		};
		copy_status(m->status, s, 6);
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read members");
}

/* ---- roster ---- */

static const char roster_sql[] =
	"SELECT t.code, t.name, m.name, m.role, m.phone, r.shift, m.status, r.starts_at, r.ends_at"
	" FROM roster r JOIN members m ON m.id = r.member_id JOIN teams t ON t.id = m.team_id"
	" WHERE r.starts_at < ?2 AND r.ends_at > ?1 ORDER BY t.code, r.starts_at, m.id";

/* Roster rows overlapping [FROM, TO). */
static int load_roster(struct pw_store *st, int64_t from, int64_t to,
                       struct store_rescue_shift_list *out)
{
	sqlite3_stmt *s = store_stmt(st, roster_sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(out->v, out->n, cap);
		struct store_rescue_shift *x = &out->v[out->n++];
		*x = (struct store_rescue_shift){
			.team_code = store_col_strdup(s, 0),
			.team_name = store_col_strdup(s, 1),
			.member = store_col_strdup(s, 2),
			.role = store_col_strdup(s, 3),
			.phone = store_col_strdup(s, 4),
			.shift = store_col_strdup(s, 5),
			.starts_at = sqlite3_column_int64(s, 7),
			.ends_at = sqlite3_column_int64(s, 8),
		};
		copy_status(x->status, s, 6);
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read roster");
}

/* ---- gaps ---- */

static const char gaps_sql[] =
	"SELECT t.code, t.name, max(r.starts_at, ?1), min(r.ends_at, ?2)"
	" FROM teams t LEFT JOIN (roster r JOIN members m ON m.id = r.member_id)"
	"  ON m.team_id = t.id AND r.starts_at < ?2 AND r.ends_at > ?1"
	" WHERE EXISTS (SELECT 1 FROM roster r2 JOIN members m2 ON m2.id = r2.member_id"
	"               WHERE m2.team_id = t.id)"
	" ORDER BY t.code, r.starts_at";

static void add_gap(struct store_rescue_gap_list *l, size_t *cap, const char *code,
                    const char *name, int64_t a, int64_t b)
{
	GROW(l->v, l->n, *cap);
	l->v[l->n++] = (struct store_rescue_gap){
		.team_code = xstrdup(code), .team_name = xstrdup(name), .from = a, .to = b,
	};
}

/* Sweep each team's shifts in start order; uncovered stretches are gaps. */
int store_rescue_gaps(struct pw_store *st, int64_t from, int64_t to,
                      struct store_rescue_gap_list *out)
{
	*out = (struct store_rescue_gap_list){0};
	sqlite3_stmt *s = store_stmt(st, gaps_sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	char *code = NULL, *name = NULL;
	int64_t cursor = from;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);
		if (!code || strcmp(code, c ? c : "") != 0) {
			if (code && cursor < to)
				add_gap(out, &cap, code, name, cursor, to);
			free(code);
			free(name);
			code = xstrdup(c ? c : "");
			const char *nm = (const char *)sqlite3_column_text(s, 1);
			name = xstrdup(nm ? nm : "");
			cursor = from;
		}
		if (sqlite3_column_type(s, 2) == SQLITE_NULL)
			continue;
		int64_t a = sqlite3_column_int64(s, 2), b = sqlite3_column_int64(s, 3);
		if (a > cursor)
			add_gap(out, &cap, code, name, cursor, a);
		if (b > cursor)
			cursor = b;
	}
	if (code && cursor < to && rc == SQLITE_DONE)
		add_gap(out, &cap, code, name, cursor, to);
	free(code);
	free(name);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "roster gaps");
}

void store_rescue_gaps_free(struct store_rescue_gap_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].team_code);
		free(l->v[i].team_name);
	}
	free(l->v);
	*l = (struct store_rescue_gap_list){0};
}

/* ---- equipment and loans ---- */

static const char equipment_sql[] =
	"SELECT q.code, q.name, q.category, q.location, q.condition, q.expires, q.qty,"
	" q.qty - coalesce((SELECT sum(l.qty) FROM loans l WHERE l.equipment_id = q.id"
	"                   AND l.returned_at IS NULL), 0) AS available, q.min_qty"
	" FROM equipment q ORDER BY q.code";

static int load_equipment(struct pw_store *st, struct store_rescue *r)
{
	sqlite3_stmt *s = store_stmt(st, equipment_sql);
	if (!s)
		return -1;
	char today[PW_TIME_BUFSZ], soon[PW_TIME_BUFSZ];
	pw_date_local(today, r->now);
	pw_date_local(soon, r->now + STORE_RESCUE_EXPIRY_SOON_DAYS * DAY_MS);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(r->equipment, r->nequipment, cap);
		struct store_rescue_equipment *q = &r->equipment[r->nequipment++];
		*q = (struct store_rescue_equipment){
			.code = store_col_strdup(s, 0),
			.name = store_col_strdup(s, 1),
			.category = store_col_strdup(s, 2),
			.location = store_col_strdup(s, 3),
			.condition = store_col_strdup(s, 4),
			.expires = store_col_strdup(s, 5),
			.qty = sqlite3_column_int(s, 6),
			.available = sqlite3_column_int(s, 7),
			.min_qty = sqlite3_column_int(s, 8),
		};
		q->low = q->available < q->min_qty;
		/* Dates are YYYY-MM-DD, so text order is time order. */
		q->expired = q->expires && *q->expires && strcmp(q->expires, today) < 0;
		q->expiring = !q->expired && q->expires && *q->expires && strcmp(q->expires, soon) <= 0;
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read equipment");
}

static const char loans_sql[] =
	"SELECT q.code, q.name, l.borrower, e.code, l.qty, l.out_at, l.due_at, l.id"
	" FROM loans l JOIN equipment q ON q.id = l.equipment_id"
	" LEFT JOIN enterprises e ON e.id = l.enterprise_id"
	" WHERE l.returned_at IS NULL ORDER BY l.due_at IS NULL, l.due_at, l.id";

static int load_loans(struct pw_store *st, struct store_rescue *r)
{
	sqlite3_stmt *s = store_stmt(st, loans_sql);
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(r->loans, r->nloans, cap);
		struct store_rescue_loan *l = &r->loans[r->nloans++];
		*l = (struct store_rescue_loan){
			.equipment_code = store_col_strdup(s, 0),
			.equipment = store_col_strdup(s, 1),
			.borrower = store_col_strdup(s, 2),
			.enterprise_code = store_col_strdup(s, 3),
			.qty = sqlite3_column_int(s, 4),
			.out_at = sqlite3_column_int64(s, 5),
			.due_at = sqlite3_column_type(s, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 6),
			.id = sqlite3_column_int64(s, 7),
		};
		l->overdue = l->due_at && l->due_at < r->now;
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read loans");
}

/* ---- the whole picture ---- */

static int load_all(struct pw_store *st, struct store_rescue *r)
{
	if (load_teams(st, r) < 0 || load_members(st, r) < 0)
		return -1;
	if (load_roster(st, r->now, r->now + 1, &r->roster_now) < 0 ||
	    load_roster(st, r->next_from, r->next_to, &r->roster_next) < 0)
		return -1;
	if (store_rescue_gaps(st, r->now, r->cur_to, &r->gaps_now) < 0 ||
	    store_rescue_gaps(st, r->next_from, r->next_to, &r->gaps_next) < 0)
		return -1;
	return load_equipment(st, r) < 0 || load_loans(st, r) < 0 ? -1 : 0;
}

int store_rescue_load(struct pw_store *st, int64_t now, struct store_rescue *out)
{
	*out = (struct store_rescue){.now = now};
	store_report_shift_window(now, &out->cur_from, &out->cur_to);
	out->next_from = out->cur_to;
	out->next_to = out->cur_to + STORE_REPORT_SHIFT_MS;
	if (store_begin(st, false) < 0)
		return -1;
	if (load_all(st, out) < 0) {
		struct store_saved_error why;
		store_error_save(st, &why);
		store_rollback(st);
		store_error_restore(st, &why);
		return -1;
	}
	return store_commit(st);
}

static void free_shifts(struct store_rescue_shift_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct store_rescue_shift *x = &l->v[i];
		free(x->team_code);
		free(x->team_name);
		free(x->member);
		free(x->role);
		free(x->phone);
		free(x->shift);
	}
	free(l->v);
}

void store_rescue_free(struct store_rescue *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nteams; i++) {
		struct store_rescue_team *t = &r->teams[i];
		free(t->code), free(t->name), free(t->kind), free(t->base), free(t->phone);
	}
	free(r->teams);
	for (size_t i = 0; i < r->nmembers; i++) {
		struct store_rescue_member *m = &r->members[i];
		free(m->team_code), free(m->name), free(m->role), free(m->phone), free(m->skills);
	}
	free(r->members);
	free_shifts(&r->roster_now);
	free_shifts(&r->roster_next);
	store_rescue_gaps_free(&r->gaps_now);
	store_rescue_gaps_free(&r->gaps_next);
	for (size_t i = 0; i < r->nequipment; i++) {
		struct store_rescue_equipment *q = &r->equipment[i];
		free(q->code), free(q->name), free(q->category), free(q->location), free(q->condition);
		free(q->expires);
	}
	free(r->equipment);
	for (size_t i = 0; i < r->nloans; i++) {
		struct store_rescue_loan *l = &r->loans[i];
		free(l->equipment_code), free(l->equipment), free(l->borrower), free(l->enterprise_code);
	}
	free(r->loans);
	*r = (struct store_rescue){0};
}
