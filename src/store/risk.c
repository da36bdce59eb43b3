/*
 * risk.c - the risk model's inputs from SQL, and its results back.
 *
 * Recomputing the whole park runs one grouped query per input (not one per
 * enterprise), so 10,000 enterprises take a handful of table scans; a
 * single enterprise uses the same queries with the id range ?1..?2 = its id.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define DAY_MS (24LL * 3600 * 1000)

struct ent {
	int64_t id;
	struct pw_risk_input in;
	int64_t last_inspection;   /* ms, 0 = never */
	enum pw_colour old_colour;
	double old_score;
};

struct ents {
	struct ent *v;
	size_t n;
};

static struct ent *find(struct ents *e, int64_t id)
{
	size_t lo = 0, hi = e->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (e->v[mid].id == id)
			return &e->v[mid];
		if (e->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void bind_range(sqlite3_stmt *s, int64_t id)
{
	sqlite3_bind_int64(s, 1, id > 0 ? id : 0);
	sqlite3_bind_int64(s, 2, id > 0 ? id : INT64_MAX);
}

/*
 * Bind ?1..?2 = the id range (one id, or all when ID is 0: a range rather
 * than "?1 IS NULL OR id = ?1", which would defeat the index) and ?3 = ARG
 * when the query has it; step rows into FN.
 */
static int each_row(struct pw_store *st, sqlite3_stmt *s, int64_t id, int64_t arg, const char *arg_text,
                    struct ents *e, void (*fn)(struct ent *, sqlite3_stmt *))
{
	if (!s)
		return -1;
	bind_range(s, id);
	if (sqlite3_bind_parameter_count(s) < 3)
		;  /* the query needs no third argument */
	else if (arg_text)
		sqlite3_bind_text(s, 3, arg_text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(s, 3, arg);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ent *x = find(e, sqlite3_column_int64(s, 0));
		if (x)
			fn(x, s);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read risk inputs");
}

static void on_place(struct ent *x, sqlite3_stmt *s)
{
	enum pw_place p;
	if (pw_place_parse((const char *)sqlite3_column_text(s, 1), &p) == 0)
		x->in.places |= 1u << p;
}

static void on_qq(struct ent *x, sqlite3_stmt *s)
{
	x->in.qq_sum = sqlite3_column_double(s, 1);
}

static void on_hazards(struct ent *x, sqlite3_stmt *s)
{
	x->in.hazards_general = sqlite3_column_int(s, 1);
	x->in.hazards_major = sqlite3_column_int(s, 2);
	x->in.hazards_overdue = sqlite3_column_int(s, 3);
}

static void on_certs(struct ent *x, sqlite3_stmt *s)
{
	x->in.certs_expired = sqlite3_column_int(s, 1);
}

static void on_inspection(struct ent *x, sqlite3_stmt *s)
{
	x->last_inspection = sqlite3_column_int64(s, 1);
}

static void on_alarms24(struct ent *x, sqlite3_stmt *s)
{
	int p = sqlite3_column_int(s, 1);
	if (p >= 1 && p <= 3)
		x->in.alarms24[p - 1] = sqlite3_column_int(s, 2);
}

static void on_active(struct ent *x, sqlite3_stmt *s)
{
	int p = sqlite3_column_int(s, 1);
	if (p >= 1 && p <= 3)
		x->in.active[p - 1] = sqlite3_column_int(s, 2);
}

static void on_comm(struct ent *x, sqlite3_stmt *s)
{
	x->in.comm_faults = sqlite3_column_int(s, 1);
}

static int load_enterprises(struct pw_store *st, int64_t id, struct ents *e)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT e.id, coalesce(e.employees, 0), coalesce(r.colour, e.risk), coalesce(r.score, -1) "
		"FROM enterprises e LEFT JOIN risk_scores r ON r.enterprise_id = e.id "
		"WHERE e.id BETWEEN ?1 AND ?2 ORDER BY e.id");
	if (!s)
		return -1;
	bind_range(s, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		e->v = xgrow(e->v, &cap, e->n + 1, sizeof *e->v, 256);
		struct ent *x = &e->v[e->n++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(s, 0);
		x->in.employees = sqlite3_column_int(s, 1);
		if (pw_colour_parse((const char *)sqlite3_column_text(s, 2), &x->old_colour) < 0)
			x->old_colour = PW_BLUE;
		x->old_score = sqlite3_column_double(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read enterprises");
}

static int gather(struct pw_store *st, int64_t id, int64_t now, struct ents *e)
{
	char today[PW_TIME_BUFSZ];
	pw_date_local(today, now);
	if (load_enterprises(st, id, e) < 0)
		return -1;
	if (each_row(st, store_stmt(st, "SELECT DISTINCT enterprise_id, category FROM key_places "
	                                "WHERE enterprise_id BETWEEN ?1 AND ?2"),
	             id, 0, NULL, e, on_place) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, sum(quantity_t / threshold_t) FROM chemicals "
	                                "WHERE threshold_t > 0 AND enterprise_id BETWEEN ?1 AND ?2 "
	                                "GROUP BY enterprise_id"),
	             id, 0, NULL, e, on_qq) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, sum(grade = 'general'), sum(grade = 'major'), "
	                                "sum(deadline IS NOT NULL AND deadline < ?3) FROM hazards "
	                                "WHERE status NOT IN ('verified', 'closed') "
	                                "AND enterprise_id BETWEEN ?1 AND ?2 GROUP BY enterprise_id"),
	             id, 0, today, e, on_hazards) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, count(*) FROM certificates WHERE expires < ?3 "
	                                "AND enterprise_id BETWEEN ?1 AND ?2 GROUP BY enterprise_id"),
	             id, 0, today, e, on_certs) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, max(ts) FROM inspections "
	                                "WHERE enterprise_id BETWEEN ?1 AND ?2 AND ts <= ?3 "
	                                "GROUP BY enterprise_id"),
	             id, now, NULL, e, on_inspection) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, priority, count(*) FROM alarms "
	                                "WHERE raised_at >= ?3 AND priority <= 3 "
	                                "AND enterprise_id BETWEEN ?1 AND ?2 "
	                                "GROUP BY enterprise_id, priority"),
	             id, now - DAY_MS, NULL, e, on_alarms24) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, priority, count(*) FROM alarms "
	                                "WHERE active = 1 AND state <> 'cleared' AND priority <= 3 "
	                                "AND enterprise_id BETWEEN ?1 AND ?2 "
	                                "GROUP BY enterprise_id, priority"),
	             id, 0, NULL, e, on_active) < 0 ||
	    each_row(st, store_stmt(st, "SELECT enterprise_id, count(DISTINCT sensor_id) FROM alarms "
	                                "WHERE active = 1 AND state <> 'cleared' "
	                                "AND condition IN ('comm', 'fault') "
	                                "AND enterprise_id BETWEEN ?1 AND ?2 "
	                                "GROUP BY enterprise_id"),
	             id, 0, NULL, e, on_comm) < 0)
		return -1;
	for (size_t i = 0; i < e->n; i++) {
		struct ent *x = &e->v[i];
		x->in.days_since_inspection =
			x->last_inspection > 0 ? (int)((now - x->last_inspection) / DAY_MS) : -1;
	}
	return 0;
}

int store_risk_params_load(struct pw_store *st, struct pw_risk_params *p)
{
	pw_risk_params_defaults(p);
	sqlite3_stmt *s = store_stmt(st, "SELECT key, value FROM risk_params");
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		/* An unknown key in the table (from a newer version) is ignored. */
		pw_risk_param_set(p, (const char *)sqlite3_column_text(s, 0), sqlite3_column_double(s, 1));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read risk parameters");
}

int store_risk_param_set(struct pw_store *st, const char *name, double value)
{
	struct pw_risk_params p;
	pw_risk_params_defaults(&p);
	if (pw_risk_param_set(&p, name, value) < 0)
		return store_failf(st, "unknown risk parameter or bad value: %s = %g", name, value);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO risk_params(key, value) VALUES (?1, ?2) "
	                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	sqlite3_bind_double(s, 2, value);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write risk parameter");
	return 0;
}

int store_risk_inputs(struct pw_store *st, int64_t enterprise_id, int64_t now_ms,
                      struct pw_risk_input *in)
{
	struct ents e = {0};
	if (enterprise_id <= 0)
		return PW_STORE_NOTFOUND;
	int rc = gather(st, enterprise_id, now_ms, &e);
	if (rc == 0 && e.n == 1)
		*in = e.v[0].in;
	else if (rc == 0)
		rc = PW_STORE_NOTFOUND;
	free(e.v);
	return rc;
}

static int write_result(struct pw_store *st, const struct ent *x, const struct pw_risk_result *r,
                        int64_t now, int *changed)
{
	char reasons[1024];
	pw_risk_reasons_text(r, 6, reasons, sizeof reasons);
	const char *colour = pw_colour_name(r->colour);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO risk_scores(enterprise_id, colour, score, reasons, computed_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(enterprise_id) DO UPDATE SET "
		"colour = excluded.colour, score = excluded.score, reasons = excluded.reasons, "
		"computed_at = excluded.computed_at");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, x->id);
	store_bind_text(s, 2, colour);
	sqlite3_bind_double(s, 3, r->score);
	store_bind_text(s, 4, reasons);
	sqlite3_bind_int64(s, 5, now);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write risk score");
	bool first = x->old_score < 0;
	if (!first && r->colour == x->old_colour && r->score == x->old_score)
		return 0;
	s = store_stmt(st, "UPDATE enterprises SET risk = ?2, risk_score = ?3 WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, x->id);
	store_bind_text(s, 2, colour);
	sqlite3_bind_double(s, 3, r->score);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write enterprise risk");
	if (!first && r->colour == x->old_colour)
		return 0;
	s = store_stmt(st, "INSERT INTO risk_history(enterprise_id, ts, colour, score, reasons) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, x->id);
	sqlite3_bind_int64(s, 2, now);
	store_bind_text(s, 3, colour);
	sqlite3_bind_double(s, 4, r->score);
	store_bind_text(s, 5, reasons);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write risk history");
	if (changed && r->colour != x->old_colour)
		(*changed)++;
	return 0;
}

int store_risk_recompute(struct pw_store *st, int64_t enterprise_id, int64_t now_ms, int *changed)
{
	struct pw_risk_params p;
	struct ents e = {0};
	if (changed)
		*changed = 0;
	if (store_risk_params_load(st, &p) < 0)
		return -1;
	if (store_begin(st, true) < 0)
		return -1;
	int rc = gather(st, enterprise_id, now_ms, &e);
	for (size_t i = 0; rc == 0 && i < e.n; i++) {
		struct pw_risk_result r;
		pw_risk_score(&p, &e.v[i].in, &r);
		rc = write_result(st, &e.v[i], &r, now_ms, changed);
	}
	free(e.v);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

int store_risk_recompute_code(struct pw_store *st, const char *code, int64_t now_ms, int *changed)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM enterprises WHERE code = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	int64_t id = 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (!id)
		return PW_STORE_NOTFOUND;
	return store_risk_recompute(st, id, now_ms, changed);
}

int store_risk_param_change(struct pw_store *st, const char *name, double value,
                            const char *operator_name, int64_t now_ms, int *changed)
{
	char *text = xasprintf("risk parameter %s set to %g", name, value);
	int rc = store_begin(st, true);
	if (rc == 0)
		rc = store_risk_param_set(st, name, value);
	if (rc == 0)
		rc = store_risk_recompute(st, 0, now_ms, changed);
	if (rc == 0)
		rc = store_duty_append(st, operator_name, "risk", text, false, NULL);
	if (rc == 0)
		rc = store_commit(st);
	else
		store_rollback(st);
	free(text);
	return rc;
}
