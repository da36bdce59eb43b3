/* hazards.c - hazard reports and moves, inspection visits; see store_hazards.h. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_hazards.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define DAY_MS (24LL * 3600 * 1000)

bool store_hazard_source_valid(const char *s)
{
	static const char *const ok[] = {"grid", "third_party", "self_check", "enforcement", "operator"};
	for (size_t i = 0; s && i < PW_ARRAY_LEN(ok); i++)
		if (strcmp(s, ok[i]) == 0)
			return true;
	return false;
}

static int64_t enterprise_id(struct pw_store *st, const char *code, char **name)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, name FROM enterprises WHERE code = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	int64_t id = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (name)
			*name = store_col_strdup(s, 1);
	}
	sqlite3_reset(s);
	return id;
}

static int trace(struct pw_store *st, int64_t hazard, int64_t now, const char *op, const char *from,
                 const char *to, const char *note)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO hazard_trace(hazard_id, ts, operator, from_status, "
	                                 "to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, hazard);
	sqlite3_bind_int64(s, 2, now);
	store_bind_text(s, 3, op);
	store_bind_text(s, 4, from);
	store_bind_text(s, 5, to);
	store_bind_text(s, 6, note && *note ? note : NULL);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write hazard trace");
}

/* Finish a change: duty entry, risk, commit; roll back on any failure. */
static int finish(struct pw_store *st, int rc, int64_t ent, const char *op, const char *category,
                  char *text, int64_t now)
{
	if (rc == 0)
		rc = store_duty_append(st, op, category, text, false, NULL);
	if (rc == 0)
		rc = store_risk_recompute(st, ent, now, NULL);
	free(text);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int store_hazard_report(struct pw_store *st, const struct store_hazard_new *h,
                        const char *op, int64_t now, int64_t *id)
{
	const char *source = h->source && *h->source ? h->source : "operator";
	if (!store_hazard_source_valid(source))
		return store_failf(st, "unknown source '%s' (grid, third_party, self_check, enforcement, operator)",
		                   source);
	if (h->deadline && !pw_date_valid(h->deadline))
		return store_failf(st, "deadline '%s' is not a date YYYY-MM-DD", h->deadline);
	if (!h->description || !*h->description)
		return store_failf(st, "a hazard needs a description");
	char deadline[PW_TIME_BUFSZ];
	if (h->deadline)
		snprintf(deadline, sizeof deadline, "%s", h->deadline);
	else
		pw_date_local(deadline, now + pw_hazard_default_deadline_days(h->grade) * DAY_MS);

	if (store_begin(st, true) < 0)
		return -1;
	char *name = NULL;
	int64_t ent = enterprise_id(st, h->enterprise_code, &name);
	if (ent <= 0) {
		store_rollback(st);
		if (ent == 0)
			store_failf(st, "no enterprise %s", h->enterprise_code);
		return ent == 0 ? PW_STORE_NOTFOUND : -1;
	}
	if (h->inspection_id > 0) {
		/* The visit that found it must be a visit to this enterprise. */
		sqlite3_stmt *q = store_stmt(st, "SELECT 1 FROM inspections WHERE id = ?1 AND enterprise_id = ?2");
		int found = 0;
		if (q) {
			sqlite3_bind_int64(q, 1, h->inspection_id);
			sqlite3_bind_int64(q, 2, ent);
			found = sqlite3_step(q) == SQLITE_ROW;
			sqlite3_reset(q);
		}
		if (!found) {
			free(name);
			store_rollback(st);
			return store_failf(st, "no inspection %" PRId64 " at %s", h->inspection_id,
			                   h->enterprise_code);
		}
	}
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO hazards(enterprise_id, grade, status, source, description, location, photos, "
		"reported_by, reported_at, deadline, inspection_id, updated_at) "
		"VALUES (?1, ?2, 'reported', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8)");
	int rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, ent);
		store_bind_text(s, 2, pw_hazard_grade_name(h->grade));
		store_bind_text(s, 3, source);
		store_bind_text(s, 4, h->description);
		store_bind_text(s, 5, h->location);
		store_bind_text(s, 6, h->photos);
		store_bind_text(s, 7, op);
		sqlite3_bind_int64(s, 8, now);
		store_bind_text(s, 9, deadline);
		if (h->inspection_id > 0)
			sqlite3_bind_int64(s, 10, h->inspection_id);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write hazard");
	}
	int64_t hid = sqlite3_last_insert_rowid(st->db);
	if (rc == 0)
		rc = trace(st, hid, now, op, NULL, "reported", h->description);
	if (id)
		*id = hid;
	char *text = xasprintf("hazard %" PRId64 " reported at %s %s (%s, deadline %s): %s", hid,
	                       h->enterprise_code, name ? name : "", pw_hazard_grade_name(h->grade),
	                       deadline, h->description);
	free(name);
	return finish(st, rc, ent, op, "hazard", text, now);
}

struct hz_row {
	int64_t enterprise_id;
	enum pw_hazard_status status;
	char *submitted_by, *assignee, *code;
};

static int load_hazard(struct pw_store *st, int64_t id, struct hz_row *r)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT h.enterprise_id, h.status, h.submitted_by, h.assignee, e.code "
	                                 "FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id "
	                                 "WHERE h.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->enterprise_id = sqlite3_column_int64(s, 0);
		if (pw_hazard_status_parse((const char *)sqlite3_column_text(s, 1), &r->status) < 0)
			r->status = PW_HZ_REPORTED;
		r->submitted_by = store_col_strdup(s, 2);
		r->assignee = store_col_strdup(s, 3);
		r->code = store_col_strdup(s, 4);
	}
	sqlite3_reset(s);
	return store_lookup_rc(st, rc, "read hazard", "no hazard %" PRId64, id);
}

static void hz_row_free(struct hz_row *r)
{
	free(r->submitted_by);
	free(r->assignee);
	free(r->code);
}

static int update_after_move(struct pw_store *st, int64_t id, enum pw_hazard_status to,
                             const struct store_hazard_move_args *a, const char *op, int64_t now)
{
	/* One statement for every move: columns a move does not set keep their value. */
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE hazards SET status = ?2, updated_at = ?3, "
		"assignee = coalesce(?4, assignee), deadline = coalesce(?5, deadline), "
		"submitted_by = CASE WHEN ?2 = 'submitted' THEN ?6 ELSE submitted_by END, "
		"verified_by = CASE WHEN ?2 = 'verified' THEN ?6 ELSE verified_by END, "
		"closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END, "
		"measures = coalesce(?7, measures), funds = coalesce(?8, funds), "
		"responsible = coalesce(?9, responsible), contingency = coalesce(?10, contingency) "
		"WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, pw_hazard_status_name(to));
	sqlite3_bind_int64(s, 3, now);
	store_bind_text(s, 4, a->assignee && *a->assignee ? a->assignee : NULL);
	store_bind_text(s, 5, a->deadline);
	store_bind_text(s, 6, op);
	store_bind_text(s, 7, a->measures);
	store_bind_text(s, 8, a->funds);
	store_bind_text(s, 9, a->responsible);
	store_bind_text(s, 10, a->contingency);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "update hazard");
}

int store_hazard_move(struct pw_store *st, int64_t id, enum pw_hazard_status to,
                      const struct store_hazard_move_args *args, const char *op, int64_t now)
{
	static const struct store_hazard_move_args none;
	const struct store_hazard_move_args *a = args ? args : &none;
	if (a->deadline && !pw_date_valid(a->deadline))
		return store_failf(st, "deadline '%s' is not a date YYYY-MM-DD", a->deadline);
	if (store_begin(st, true) < 0)
		return -1;
	struct hz_row r = {0};
	int rc = load_hazard(st, id, &r);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	struct pw_hazard_move m = {r.status, to, op, r.submitted_by, a->assignee, r.assignee, a->note};
	char why[256];
	if (pw_hazard_check_move(&m, why, sizeof why) < 0) {
		store_rollback(st);
		hz_row_free(&r);
		store_failf(st, "hazard %" PRId64 ": %s", id, why);
		return 2;
	}
	rc = update_after_move(st, id, to, a, op, now);
	if (rc == 0)
		rc = trace(st, id, now, op, pw_hazard_status_name(r.status), pw_hazard_status_name(to), a->note);
	char *text = xasprintf("hazard %" PRId64 " at %s: %s -> %s%s%s%s%s", id, r.code,
	                       pw_hazard_status_name(r.status), pw_hazard_status_name(to),
	                       a->assignee ? ", assignee " : "", a->assignee ? a->assignee : "",
	                       a->note ? ": " : "", a->note ? a->note : "");
	int64_t ent = r.enterprise_id;
	hz_row_free(&r);
	return finish(st, rc, ent, op, "hazard", text, now);
}

int store_hazard_extend(struct pw_store *st, int64_t id, const char *deadline, const char *reason,
                        const char *op, int64_t now)
{
	if (!pw_date_valid(deadline))
		return store_failf(st, "deadline '%s' is not a date YYYY-MM-DD", deadline ? deadline : "");
	if (!reason || !*reason)
		return store_failf(st, "extending a deadline needs a reason");
	if (store_begin(st, true) < 0)
		return -1;
	struct hz_row r = {0};
	int rc = load_hazard(st, id, &r);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	if (r.status == PW_HZ_VERIFIED || r.status == PW_HZ_CLOSED) {
		store_rollback(st);
		hz_row_free(&r);
		store_failf(st, "hazard %" PRId64 " is %s; its deadline no longer applies", id,
		            pw_hazard_status_name(r.status));
		return 2;
	}
	sqlite3_stmt *s = store_stmt(st, "UPDATE hazards SET deadline = ?2, updated_at = ?3 WHERE id = ?1");
	rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, deadline);
		sqlite3_bind_int64(s, 3, now);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "update hazard");
	}
	const char *status = pw_hazard_status_name(r.status);
	char *note = xasprintf("deadline extended to %s: %s", deadline, reason);
	if (rc == 0)
		rc = trace(st, id, now, op, status, status, note);
	char *text = xasprintf("hazard %" PRId64 " at %s: %s", id, r.code, note);
	free(note);
	int64_t ent = r.enterprise_id;
	hz_row_free(&r);
	return finish(st, rc, ent, op, "hazard", text, now);
}

int store_inspection_add(struct pw_store *st, const struct store_inspection_new *v, const char *op,
                         int64_t now, int64_t *id)
{
	const char *kind = v->org_kind && *v->org_kind ? v->org_kind : "grid";
	static const char *const kinds[] = {"grid", "third_party", "enforcement", "self"};
	bool kind_ok = false;
	for (size_t i = 0; i < PW_ARRAY_LEN(kinds); i++)
		kind_ok |= strcmp(kind, kinds[i]) == 0;
	if (!kind_ok)
		return store_failf(st, "unknown organisation kind '%s' (grid, third_party, enforcement, self)",
		                   kind);
	if (!v->inspector || !*v->inspector || !v->org || !*v->org)
		return store_failf(st, "an inspection needs the inspector and the organisation");
	if (store_begin(st, true) < 0)
		return -1;
	int64_t ent = enterprise_id(st, v->enterprise_code, NULL);
	if (ent <= 0) {
		store_rollback(st);
		if (ent == 0)
			store_failf(st, "no enterprise %s", v->enterprise_code);
		return ent == 0 ? PW_STORE_NOTFOUND : -1;
	}
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO inspections(enterprise_id, inspector, org, org_kind, ts, "
	                                 "items, findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, ent);
		store_bind_text(s, 2, v->inspector);
		store_bind_text(s, 3, v->org);
		store_bind_text(s, 4, kind);
		sqlite3_bind_int64(s, 5, v->ts > 0 ? v->ts : now);
		store_bind_text(s, 6, v->items);
		store_bind_text(s, 7, v->findings);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write inspection");
	}
	int64_t iid = sqlite3_last_insert_rowid(st->db);
	if (id)
		*id = iid;
	char *text = xasprintf("inspection %" PRId64 " at %s by %s (%s)%s%s", iid, v->enterprise_code,
	                       v->inspector, v->org, v->findings ? ": " : "", v->findings ? v->findings : "");
	return finish(st, rc, ent, op, "inspection", text, now);
}
