/*
 * ingest_tick.c - the sensors a flush touches, and the periodic work of
 * store_ingest_tick(): communication faults and completed on-delays, expired
 * shelves, retention of raw readings and rollups.
 *
 * Every periodic job reads first and takes the write lock only when it has
 * something to change, so a handful of idle consoles on one file do not
 * queue up behind each other once a second.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_private.h"
#include "parkwatch/config.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"

/* Due sensors per tick, rows per retention step: small enough never to stall. */
#define TICK_SENSORS_MAX 2000
#define TICK_UNSHELVE_MAX 500
#define RETENTION_CHUNK 2000
#define RETENTION_CHUNKS 4
#define TICK_OPERATOR "parkwatch"

/* ---- the transaction's sensor table ---- */

static size_t code_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void table_reindex(struct ing_sensor_table *t)
{
	free(t->index);
	t->index_cap = t->index_cap ? t->index_cap * 2 : 64;
	t->index = xcalloc(t->index_cap, sizeof *t->index);
	for (size_t i = 0; i < t->n; i++) {
		size_t k = code_hash(t->v[i].code) & (t->index_cap - 1);
		while (t->index[k])
			k = (k + 1) & (t->index_cap - 1);
		t->index[k] = i + 1;
	}
}

struct store_sensor_ctx *ingest_sensor_get(struct store_ingest *ing, const char *code, int *rc)
{
	struct ing_sensor_table *t = &ing->sensors;
	*rc = 0;
	if (2 * (t->n + 1) > t->index_cap)
		table_reindex(t);
	size_t k = code_hash(code) & (t->index_cap - 1);
	for (; t->index[k]; k = (k + 1) & (t->index_cap - 1)) {
		struct ing_sensor_entry *e = &t->v[t->index[k] - 1];
		if (strcmp(e->code, code) == 0)
			return e->known ? &e->ctx : NULL;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	struct ing_sensor_entry *e = &t->v[t->n];
	memset(e, 0, sizeof *e);
	snprintf(e->code, sizeof e->code, "%s", code);
	int found = store_sensor_ctx_load(ing->st, code, 0, &e->ctx);
	if (found < 0) {
		*rc = -1;
		return NULL;
	}
	e->known = found == 0;
	t->index[k] = ++t->n;
	return e->known ? &e->ctx : NULL;
}

int ingest_sensors_save(struct store_ingest *ing)
{
	for (size_t i = 0; i < ing->sensors.n; i++) {
		struct ing_sensor_entry *e = &ing->sensors.v[i];
		if (e->known && store_sensor_ctx_save(ing->st, &e->ctx) < 0)
			return -1;
	}
	return 0;
}

void ingest_sensors_reset(struct store_ingest *ing)
{
	struct ing_sensor_table *t = &ing->sensors;
	for (size_t i = 0; i < t->n; i++)
		store_sensor_ctx_clear(&t->v[i].ctx);
	t->n = 0;
	if (t->index)
		memset(t->index, 0, t->index_cap * sizeof *t->index);
}

/* ---- helpers ---- */

/* Ids from a one-parameter (now) query into a growing array. */
static int collect_ids(struct pw_store *st, sqlite3_stmt *s, int64_t **ids, size_t *n)
{
	size_t cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids, 64);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(st, "periodic check");
	}
	return 0;
}

static int tick_commit(struct store_ingest *ing, int rc, const char *what)
{
	if (rc == 0 && store_commit(ing->st) == 0)
		return 0;
	ingest_set_error(ing, what);
	store_rollback(ing->st);
	return -1;
}

/* ---- communication faults and on-delays ---- */

/*
 * Sensors whose tick is due: sensors.tick_due is the engine's own "next
 * time a tick can do something" (pw_alarm_tick_due), saved with its state,
 * so this is one seek on the sensors_tick_due index and reads nothing when
 * nothing is due, whatever the park's size. Oldest due first: a tick moves
 * each sensor it looks at past NOW (or to NULL), so the next tick goes on
 * with the ones a full batch left behind and none can be starved.
 */
static int tick_candidates(struct store_ingest *ing, int64_t now, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(ing->st, "SELECT id FROM sensors WHERE tick_due <= ?1"
	                                      " ORDER BY tick_due, id LIMIT ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int(s, 2, TICK_SENSORS_MAX);
	return collect_ids(ing->st, s, ids, n);
}

/* Would ticking sensor ID change anything? Read-only, outside a transaction. */
static int tick_would_change(struct store_ingest *ing, int64_t id, int64_t now, bool *change)
{
	struct store_sensor_ctx s;
	*change = false;
	int rc = store_sensor_ctx_load(ing->st, NULL, id, &s);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct pw_alarm_action acts[PW_ALARM_MAX_ACTIONS];
	int n = pw_alarm_tick(&s.def, &s.ev, now, acts, PW_ARRAY_LEN(acts));
	s.due_floor = now + 1;
	*change = n > 0 || store_sensor_ctx_engine_changed(&s, NULL) ||
	          store_sensor_ctx_tick_due(&s) != s.tick_due;
	store_sensor_ctx_clear(&s);
	return 0;
}

static int tick_sensor(struct store_ingest *ing, int64_t id, int64_t now, struct store_ingest_result *res)
{
	struct store_sensor_ctx s;
	int rc = store_sensor_ctx_load(ing->st, NULL, id, &s);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	struct pw_alarm_action acts[PW_ALARM_MAX_ACTIONS];
	int n = pw_alarm_tick(&s.def, &s.ev, now, acts, PW_ARRAY_LEN(acts));
	s.due_floor = now + 1;
	rc = n > 0 ? store_alarm_apply_actions(ing->st, &s, acts, n, now, res) : 0;
	if (rc == 0)
		rc = store_sensor_ctx_save(ing->st, &s);
	if (n > 0)
		res->changed_sensors = true;
	store_sensor_ctx_clear(&s);
	return rc;
}

static int tick_sensors(struct store_ingest *ing, int64_t now, struct store_ingest_result *res)
{
	int64_t *ids;
	size_t n, todo = 0;
	if (tick_candidates(ing, now, &ids, &n) < 0) {
		ingest_set_error(ing, "comm check");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		bool change;
		if (tick_would_change(ing, ids[i], now, &change) < 0) {
			free(ids);
			ingest_set_error(ing, "comm check");
			return -1;
		}
		if (change)
			ids[todo++] = ids[i];
	}
	int rc = 0;
	if (todo > 0) {
		struct store_ingest_result r;
		memset(&r, 0, sizeof r);
		rc = store_begin(ing->st, true);
		for (size_t i = 0; i < todo && rc == 0; i++)
			rc = tick_sensor(ing, ids[i], now, &r);
		rc = tick_commit(ing, rc, "comm check");
		if (rc == 0) {
			ingest_result_merge(res, &r);
			ing->stats.alarms_raised += r.alarms_raised;
		}
	}
	free(ids);
	return rc;
}

/* ---- shelve expiry ---- */

static int unshelve_one(struct store_ingest *ing, int64_t id, int64_t now, struct store_ingest_result *res)
{
	struct store_alarm_row r;
	int rc = store_alarm_row_load(ing->st, id, &r);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* Another process may have unshelved it since the read outside the lock. */
	if (!pw_alarm_rec_expire(&r.rec, now))
		return 0;
	const char *state = pw_alarm_state_name(pw_alarm_rec_state(&r.rec));
	char text[256];
	snprintf(text, sizeof text, "auto-unshelved alarm %s: shelve expired, now %s", r.label, state);
	if (store_alarm_row_save_rec(ing->st, &r, now) < 0 ||
	    store_alarm_event_add(ing->st, r.id, now, "unshelve", NULL, false, 0, "shelve expired") < 0 ||
	    store_duty_append(ing->st, TICK_OPERATOR, "alarm", text, false, NULL) < 0)
		return -1;
	res->alarm_changes++;
	res->changed_alarms = true;
	if (r.priority == 1 && pw_alarm_rec_state(&r.rec) == PW_AST_UNACK)
		store_ingest_note_p1(res, r.id);
	return 0;
}

static int tick_unshelve(struct store_ingest *ing, int64_t now, struct store_ingest_result *res)
{
	sqlite3_stmt *s = store_stmt(ing->st, "SELECT id FROM alarms WHERE state = 'shelved'"
	                                      " AND shelved_until <= ?1 ORDER BY id LIMIT ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int(s, 2, TICK_UNSHELVE_MAX);
	int64_t *ids;
	size_t n;
	if (collect_ids(ing->st, s, &ids, &n) < 0) {
		ingest_set_error(ing, "unshelve");
		return -1;
	}
	int rc = 0;
	if (n > 0) {
		rc = store_begin(ing->st, true);
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = unshelve_one(ing, ids[i], now, res);
		rc = tick_commit(ing, rc, "unshelve");
	}
	free(ids);
	return rc;
}

/* ---- retention ---- */

/* Run S with ?1 = A (and ?2 = B if it has one); *ROWS = 1 when a SELECT
 * returned a row, the rows changed for a DELETE. */
static int run_bound2(struct pw_store *st, sqlite3_stmt *s, int64_t a, int64_t b, int *rows)
{
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, b);
	int rc = sqlite3_step(s);
	*rows = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? sqlite3_changes(st->db) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "retention");
}

/*
 * Raw readings past their window, found through the readings_ts index, a
 * chunk at a time. A full chunk means the window is behind (a storm, or a
 * recorder that was down), so up to RETENTION_CHUNKS chunks go per tick: the
 * deletion rate then stays above any ingest rate the recorder sustains.
 */
static int retain_raw(struct pw_store *st, int64_t cutoff)
{
	for (int i = 0; i < RETENTION_CHUNKS; i++) {
		int rows = 0;
		/* Look before deleting: a DELETE takes the write lock even when it finds nothing. */
		if (run_bound2(st, store_stmt(st, "SELECT 1 FROM readings WHERE ts < ?1 LIMIT 1"), cutoff,
		               0, &rows) < 0)
			return -1;
		if (rows == 0)
			return 0;
		if (run_bound2(st, store_stmt(st, "DELETE FROM readings WHERE (sensor_id, ts) IN"
		                                  " (SELECT sensor_id, ts FROM readings WHERE ts < ?1 LIMIT ?2)"),
		               cutoff, RETENTION_CHUNK, &rows) < 0)
			return -1;
		if (rows < RETENTION_CHUNK)
			return 0;
	}
	return 0;
}

/*
 * Rollups past their window, found through readings_minute_minute, one
 * chunk a tick: a look when none has expired, like the raw readings.
 */
static int retain_rollups(struct pw_store *st, int64_t cutoff)
{
	int rows = 0;
	if (run_bound2(st, store_stmt(st, "SELECT 1 FROM readings_minute WHERE minute < ?1 LIMIT 1"), cutoff,
	               0, &rows) < 0)
		return -1;
	if (rows == 0)
		return 0;
	return run_bound2(st, store_stmt(st, "DELETE FROM readings_minute WHERE (sensor_id, minute) IN"
	                                     " (SELECT sensor_id, minute FROM readings_minute"
	                                     "  WHERE minute < ?1 LIMIT ?2)"),
	                  cutoff, RETENTION_CHUNK, &rows);
}

static int tick_retention(struct store_ingest *ing, int64_t now)
{
	int raw_h = ing->cfg ? ing->cfg->raw_retention_h : 48;
	int roll_d = ing->cfg ? ing->cfg->rollup_retention_d : 90;
	int rc = 0;
	if (raw_h > 0)
		rc = retain_raw(ing->st, now - (int64_t)raw_h * 3600000);
	if (rc == 0 && roll_d > 0)
		rc = retain_rollups(ing->st, now - (int64_t)roll_d * 86400000);
	if (rc < 0)
		ingest_set_error(ing, "retention");
	return rc;
}

/*
 * Alarms count toward risk for 24 hours: once a minute, recompute the
 * enterprises whose alarms left that window since the last look, so a colour
 * relaxes on time without recomputing the whole park.
 */
static int tick_risk_aging(struct store_ingest *ing, int64_t now)
{
	const int64_t day = 24LL * 3600 * 1000;
	if (ing->risk_aged_to && now - ing->risk_aged_to < 60000)
		return 0;
	int64_t from = ing->risk_aged_to ? ing->risk_aged_to - day : now - day - 60000;
	ing->risk_aged_to = now;
	int64_t *ids = NULL;
	size_t n = 0;
	sqlite3_stmt *s = store_stmt(ing->st, "SELECT DISTINCT enterprise_id FROM alarms "
	                                      "WHERE raised_at >= ?1 AND raised_at < ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, now - day);
	int rc = collect_ids(ing->st, s, &ids, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = store_risk_recompute(ing->st, ids[i], now, NULL);
	free(ids);
	return rc;
}

int store_ingest_tick(struct store_ingest *ing, int64_t now_ms, struct store_ingest_result *res)
{
	struct store_ingest_result local;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	res->pending = ing->n;
	if (ing->last_tick_ms && now_ms >= ing->last_tick_ms && now_ms - ing->last_tick_ms < 1000)
		return 0;
	ing->last_tick_ms = now_ms;
	int rc = 0;
	if (tick_sensors(ing, now_ms, res) < 0)
		rc = -1;
	if (tick_unshelve(ing, now_ms, res) < 0)
		rc = -1;
	if (tick_retention(ing, now_ms) < 0)
		rc = -1;
	if (tick_risk_aging(ing, now_ms) < 0)
		rc = -1;
	return rc;
}
