/*
 * alarm_rows.c - the bridge between the pure alarm engine (core/alarm.c) and
 * the tables: a sensor's definition and engine state in, the engine's
 * actions out as alarms rows and alarm_events.
 *
 * Rules for applying an action to the alarms table (one open row per sensor
 * and condition; the alarms_open unique index is the backstop, the SELECT
 * inside the caller's write transaction is what normally finds the row):
 *   RAISE       no open row: INSERT state unack. Open row that had returned
 *               (rtn_unack, or returned while shelved): reactivate it,
 *               repeats+1. Open row still active (engine state was reset):
 *               a 'repeat'.
 *   ESCALATE    level 2, the new priority, acked cleared so the alarm is
 *               annunciated again (stays hidden if shelved).
 *   DEESCALATE  level 1; the priority keeps the worst reached while open,
 *               so an unacknowledged alarm that touched P1 still sorts as P1.
 *   RETURN      active 0 and the state per pw_alarm_rec_return(): acked ->
 *               cleared, unacked -> rtn_unack.
 * ESCALATE/DEESCALATE without an open row (a row removed by hand) open one,
 * so the operator still sees the condition.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_private.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"

bool store_error_transient(struct pw_store *st)
{
	switch (sqlite3_errcode(st->db) & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_NOMEM:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
	case SQLITE_READONLY:
		return true;
	default:
		return false;
	}
}

void store_ingest_note_p1(struct store_ingest_result *res, int64_t alarm_id)
{
	for (size_t i = 0; i < res->n_p1; i++)
		if (res->p1_ids[i] == alarm_id)
			return;
	if (res->n_p1 < STORE_INGEST_P1_MAX)
		res->p1_ids[res->n_p1++] = alarm_id;
	else
		res->p1_overflow = true;
}

/* ---- sensors ---- */

#define SENSOR_COLUMNS                                                                        \
	"SELECT s.id, s.enterprise_id, s.code, e.code, s.kind, s.unit, s.l1, s.l2, s.direction," \
	" s.opposite_l1, s.deadband, s.on_delay_s, s.comm_timeout_s, s.in_service, s.online,"     \
	" s.last_value, s.last_ts, s.state, s.engine, s.tick_due"                                 \
	" FROM sensors s JOIN enterprises e ON e.id = s.enterprise_id"

static void copy_col(char *dst, size_t sz, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(dst, sz, "%s", t ? (const char *)t : "");
}

static bool col_double(sqlite3_stmt *s, int i, double *out)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return false;
	*out = sqlite3_column_double(s, i);
	return isfinite(*out);
}

static void sensor_def_from_row(sqlite3_stmt *s, struct pw_sensor_def *def)
{
	enum pw_sensor_kind kind = PW_KIND_OTHER;
	pw_sensor_kind_parse((const char *)sqlite3_column_text(s, 4), &kind);
	pw_sensor_def_init(def, kind);
	copy_col(def->unit, sizeof def->unit, s, 5);
	def->has_l1 = col_double(s, 6, &def->l1);
	def->has_l2 = col_double(s, 7, &def->l2);
	enum pw_direction dir = PW_DIR_HIGH;
	pw_direction_parse((const char *)sqlite3_column_text(s, 8), &dir);
	def->direction = dir;
	def->has_opposite = col_double(s, 9, &def->opposite_l1);
	double db = 0;
	def->deadband = col_double(s, 10, &db) && db > 0 ? db : 0;
	def->on_delay_ms = (int64_t)sqlite3_column_int(s, 11) * 1000;
	def->comm_timeout_ms = (int64_t)sqlite3_column_int(s, 12) * 1000;
	def->in_service = sqlite3_column_int(s, 13) != 0;
	def->prio = NULL;
}

static void sensor_ctx_from_row(sqlite3_stmt *s, struct store_sensor_ctx *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, 0);
	out->enterprise_id = sqlite3_column_int64(s, 1);
	copy_col(out->code, sizeof out->code, s, 2);
	copy_col(out->enterprise_code, sizeof out->enterprise_code, s, 3);
	sensor_def_from_row(s, &out->def);
	out->online = sqlite3_column_type(s, 14) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 14) != 0;
	out->has_last = sqlite3_column_type(s, 16) != SQLITE_NULL && col_double(s, 15, &out->last_value);
	out->last_ts = out->has_last ? sqlite3_column_int64(s, 16) : 0;
	copy_col(out->state, sizeof out->state, s, 17);
	out->engine_json = store_col_strdup(s, 18);
	/* A state we cannot read is replaced by a fresh one: the sensor is then
	 * re-evaluated from its next message instead of blocking the stream. */
	pw_alarm_state_from_json(out->engine_json, &out->ev);
	out->tick_due = sqlite3_column_type(s, 19) == SQLITE_NULL ? PW_TS_NONE
	                                                          : sqlite3_column_int64(s, 19);
}

int store_sensor_ctx_load(struct pw_store *st, const char *code, int64_t id,
                          struct store_sensor_ctx *out)
{
	sqlite3_stmt *s = code ? store_stmt(st, SENSOR_COLUMNS " WHERE s.code = ?1")
	                       : store_stmt(st, SENSOR_COLUMNS " WHERE s.id = ?1");
	if (!s)
		return -1;
	if (code)
		sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		sensor_ctx_from_row(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return PW_STORE_NOTFOUND;
	return store_fail(st, "load sensor");
}

void store_sensor_ctx_clear(struct store_sensor_ctx *s)
{
	if (!s)
		return;
	free(s->engine_json);
	s->engine_json = NULL;
}

int64_t store_sensor_ctx_tick_due(const struct store_sensor_ctx *s)
{
	int64_t due = pw_alarm_tick_due(&s->def, &s->ev);
	/* Never due again before a tick that has just run: a sensor cannot hold its place. */
	if (due != PW_TS_NONE && due < s->due_floor)
		due = s->due_floor;
	return due;
}

bool store_sensor_ctx_engine_changed(const struct store_sensor_ctx *s, char **json_out)
{
	char *json = pw_alarm_state_to_json(&s->ev);
	bool changed = !s->engine_json || strcmp(json, s->engine_json) != 0;
	if (json_out)
		*json_out = json;
	else
		free(json);
	return changed;
}

int store_sensor_ctx_save(struct pw_store *st, struct store_sensor_ctx *s)
{
	char *json = NULL;
	bool engine_changed = store_sensor_ctx_engine_changed(s, &json);
	const char *state = pw_alarm_sensor_state(&s->def, &s->ev);
	bool state_changed = strcmp(state, s->state) != 0;
	int64_t due = store_sensor_ctx_tick_due(s);
	if (!engine_changed && !state_changed && !s->row_dirty && due == s->tick_due) {
		free(json);
		return 0;
	}
	sqlite3_stmt *u = store_stmt(st, "UPDATE sensors SET engine = ?2, state = ?3, last_value = ?4,"
	                                 " last_ts = ?5, online = ?6, tick_due = ?7 WHERE id = ?1");
	if (!u) {
		free(json);
		return -1;
	}
	sqlite3_bind_int64(u, 1, s->id);
	sqlite3_bind_text(u, 2, json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(u, 3, state, -1, SQLITE_STATIC);
	if (s->has_last) {
		sqlite3_bind_double(u, 4, s->last_value);
		sqlite3_bind_int64(u, 5, s->last_ts);
	}
	if (s->online >= 0)
		sqlite3_bind_int(u, 6, s->online);
	if (due != PW_TS_NONE)
		sqlite3_bind_int64(u, 7, due);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	if (rc != SQLITE_DONE) {
		free(json);
		return store_fail(st, "save sensor state");
	}
	/* What is stored now is the new baseline (a context may be saved twice). */
	free(s->engine_json);
	s->engine_json = json;
	snprintf(s->state, sizeof s->state, "%s", state);
	s->tick_due = due;
	s->row_dirty = false;
	return 0;
}

/* ---- alarm rows ---- */

int store_alarm_row_load(struct pw_store *st, int64_t id, struct store_alarm_row *r)
{
	sqlite3_stmt *s = store_stmt(
		st, "SELECT a.id, a.sensor_id, a.condition, a.level, a.priority, a.state, a.active,"
		    " a.acked, a.shelved_until, a.repeats, a.peak, s.code"
		    " FROM alarms a JOIN sensors s ON s.id = a.sensor_id WHERE a.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? PW_STORE_NOTFOUND : store_fail(st, "load alarm");
	}
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->sensor_id = sqlite3_column_int64(s, 1);
	enum pw_condition cond = PW_COND_LIMIT;
	pw_condition_parse((const char *)sqlite3_column_text(s, 2), &cond);
	r->cond = cond;
	r->level = sqlite3_column_int(s, 3);
	r->priority = sqlite3_column_int(s, 4);
	enum pw_alarm_state state = PW_AST_UNACK;
	int bad = pw_alarm_state_parse((const char *)sqlite3_column_text(s, 5), &state);
	bool active = sqlite3_column_int(s, 6) != 0, acked = sqlite3_column_int(s, 7) != 0;
	int64_t until = sqlite3_column_int64(s, 8);
	int repeats = sqlite3_column_int(s, 9);
	r->has_peak = col_double(s, 10, &r->peak);
	snprintf(r->label, sizeof r->label, "%lld (%s %s)", (long long)r->id,
	         (const char *)sqlite3_column_text(s, 11), pw_priority_label(r->priority));
	sqlite3_reset(s);
	if (bad < 0 || pw_alarm_rec_from_row(&r->rec, state, active, acked, until, repeats) < 0)
		return store_failf(st, "alarm %lld: its state contradicts its flags (run parkwatch db check)",
		                   (long long)id);
	return 0;
}

int store_alarm_row_save_rec(struct pw_store *st, const struct store_alarm_row *r, int64_t now_ms)
{
	sqlite3_stmt *u = store_stmt(
		st, "UPDATE alarms SET state = ?2, active = ?3, acked = ?4, repeats = ?5,"
		    " shelved_until = ?6,"
		    " cleared_at = CASE WHEN ?2 = 'cleared' THEN coalesce(cleared_at, ?7) ELSE NULL END,"
		    " updated_at = ?7 WHERE id = ?1");
	if (!u)
		return -1;
	sqlite3_bind_int64(u, 1, r->id);
	sqlite3_bind_text(u, 2, pw_alarm_state_name(pw_alarm_rec_state(&r->rec)), -1, SQLITE_STATIC);
	sqlite3_bind_int(u, 3, r->rec.active);
	sqlite3_bind_int(u, 4, r->rec.acked);
	sqlite3_bind_int(u, 5, r->rec.repeats);
	if (r->rec.shelved)
		sqlite3_bind_int64(u, 6, r->rec.shelved_until);
	sqlite3_bind_int64(u, 7, now_ms);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "update alarm");
}

int store_alarm_event_add(struct pw_store *st, int64_t alarm_id, int64_t ts, const char *kind,
                          const char *operator_name, bool has_value, double value,
                          const char *comment)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO alarm_events (alarm_id, ts, kind, operator, value,"
	                                 " comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, alarm_id);
	sqlite3_bind_int64(s, 2, ts);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	store_bind_text(s, 4, operator_name);
	if (has_value)
		sqlite3_bind_double(s, 5, value);
	store_bind_text(s, 6, comment && *comment ? comment : NULL);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "record alarm event");
}

/* ---- applying engine actions ---- */

/* The worse of two values for this sensor and condition (for alarms.peak). */
static double worse(const struct store_sensor_ctx *s, enum pw_condition cond, double a, double b)
{
	bool high = s->def.direction == PW_DIR_HIGH;
	if (cond == PW_COND_OPPOSITE)
		high = !high;
	return high ? fmax(a, b) : fmin(a, b);
}

static int find_open(struct pw_store *st, int64_t sensor_id, enum pw_condition cond, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM alarms WHERE sensor_id = ?1 AND condition = ?2"
	                                 " AND state <> 'cleared'");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, sensor_id);
	sqlite3_bind_text(s, 2, pw_condition_name(cond), -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "find open alarm");
}

static int insert_alarm(struct pw_store *st, const struct store_sensor_ctx *s,
                        const struct pw_alarm_action *a, int64_t now_ms,
                        struct store_ingest_result *res)
{
	sqlite3_stmt *ins = store_stmt(
		st, "INSERT INTO alarms (sensor_id, enterprise_id, condition, level, priority, state,"
		    " active, acked, raised_at, value, peak, message, repeats, updated_at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, 'unack', 1, 0, ?6, ?7, ?7, ?8, 0, ?9)");
	if (!ins)
		return -1;
	sqlite3_bind_int64(ins, 1, s->id);
	sqlite3_bind_int64(ins, 2, s->enterprise_id);
	sqlite3_bind_text(ins, 3, pw_condition_name(a->cond), -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 4, a->level == 2 ? 2 : 1);
	sqlite3_bind_int(ins, 5, a->priority);
	sqlite3_bind_int64(ins, 6, a->ts);
	if (a->has_value)
		sqlite3_bind_double(ins, 7, a->value);
	store_bind_text(ins, 8, a->message[0] ? a->message : NULL);
	sqlite3_bind_int64(ins, 9, now_ms);
	int rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return store_fail(st, "raise alarm");
	int64_t id = sqlite3_last_insert_rowid(st->db);
	res->alarms_raised++;
	if (a->priority == 1)
		store_ingest_note_p1(res, id);
	return store_alarm_event_add(st, id, a->ts, "raise", NULL, a->has_value, a->value, a->message);
}

/* Level, priority, value, peak and message after an action on an open row. */
static int update_row_values(struct pw_store *st, const struct store_sensor_ctx *s,
                             const struct store_alarm_row *r, const struct pw_alarm_action *a,
                             int priority, bool reannunciate, int64_t now_ms)
{
	sqlite3_stmt *u = store_stmt(
		st, "UPDATE alarms SET level = ?2, priority = ?3, value = coalesce(?4, value),"
		    " peak = ?5, message = coalesce(?6, message), updated_at = ?7,"
		    " acked_by = CASE WHEN ?8 THEN NULL ELSE acked_by END,"
		    " acked_at = CASE WHEN ?8 THEN NULL ELSE acked_at END,"
		    " ack_comment = CASE WHEN ?8 THEN NULL ELSE ack_comment END,"
		    " returned_at = CASE WHEN ?8 THEN NULL ELSE returned_at END WHERE id = ?1");
	if (!u)
		return -1;
	sqlite3_bind_int64(u, 1, r->id);
	sqlite3_bind_int(u, 2, a->level == 2 ? 2 : 1);
	sqlite3_bind_int(u, 3, priority);
	if (a->has_value) {
		sqlite3_bind_double(u, 4, a->value);
		sqlite3_bind_double(u, 5, r->has_peak ? worse(s, a->cond, r->peak, a->value) : a->value);
	} else if (r->has_peak) {
		sqlite3_bind_double(u, 5, r->peak);
	}
	store_bind_text(u, 6, a->message[0] ? a->message : NULL);
	sqlite3_bind_int64(u, 7, now_ms);
	sqlite3_bind_int(u, 8, reannunciate);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "update alarm");
}

/* RAISE, ESCALATE or DEESCALATE on an existing open row. */
static int apply_to_open(struct pw_store *st, const struct store_sensor_ctx *s, struct store_alarm_row *r,
                         const struct pw_alarm_action *a, int64_t now_ms,
                         struct store_ingest_result *res)
{
	const char *kind;
	bool reannunciate = false;
	int priority = a->priority;
	if (!r->rec.active) {
		if (pw_alarm_rec_reactivate(&r->rec, NULL) < 0)
			return 0;
		kind = "reactivate";
		reannunciate = true;
	} else if (a->kind == PW_ACT_ESCALATE) {
		if (pw_alarm_rec_escalate(&r->rec, NULL) < 0)
			return 0;
		kind = "escalate";
		reannunciate = true;
	} else if (a->kind == PW_ACT_DEESCALATE) {
		kind = "deescalate";
		priority = r->priority < priority ? r->priority : priority;
	} else {
		/* Raised while already active: the engine state was lost or reset. */
		r->rec.repeats++;
		kind = "repeat";
		priority = r->priority < priority ? r->priority : priority;
	}
	if (store_alarm_row_save_rec(st, r, now_ms) < 0 ||
	    update_row_values(st, s, r, a, priority, reannunciate, now_ms) < 0 ||
	    store_alarm_event_add(st, r->id, a->ts, kind, NULL, a->has_value, a->value, a->message) < 0)
		return -1;
	res->alarm_changes++;
	if (reannunciate && priority == 1 && pw_alarm_rec_state(&r->rec) == PW_AST_UNACK)
		store_ingest_note_p1(res, r->id);
	return 0;
}

static int apply_return(struct pw_store *st, struct store_alarm_row *r, const struct pw_alarm_action *a,
                        int64_t now_ms, struct store_ingest_result *res)
{
	if (pw_alarm_rec_return(&r->rec, NULL) < 0)
		return 0; /* already returned: nothing to record */
	sqlite3_stmt *u = store_stmt(st, "UPDATE alarms SET returned_at = ?2 WHERE id = ?1");
	if (!u)
		return -1;
	sqlite3_bind_int64(u, 1, r->id);
	sqlite3_bind_int64(u, 2, a->ts);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	if (rc != SQLITE_DONE)
		return store_fail(st, "return alarm");
	const char *kind = r->rec.closed ? "clear" : "return";
	if (store_alarm_row_save_rec(st, r, now_ms) < 0 ||
	    store_alarm_event_add(st, r->id, a->ts, kind, NULL, a->has_value, a->value, a->message) < 0)
		return -1;
	res->alarm_changes++;
	return 0;
}

static int apply_one(struct pw_store *st, const struct store_sensor_ctx *s, const struct pw_alarm_action *a,
                     int64_t now_ms, struct store_ingest_result *res)
{
	int64_t id;
	if (find_open(st, s->id, a->cond, &id) < 0)
		return -1;
	if (!id)
		return a->kind == PW_ACT_RETURN ? 0 : insert_alarm(st, s, a, now_ms, res);
	struct store_alarm_row r;
	int rc = store_alarm_row_load(st, id, &r);
	if (rc != 0)
		return -1;
	if (a->kind == PW_ACT_RETURN)
		return apply_return(st, &r, a, now_ms, res);
	return apply_to_open(st, s, &r, a, now_ms, res);
}

int store_alarm_apply_actions(struct pw_store *st, const struct store_sensor_ctx *s,
                              const struct pw_alarm_action *actions, int n, int64_t now_ms,
                              struct store_ingest_result *res)
{
	for (int i = 0; i < n; i++) {
		if (apply_one(st, s, &actions[i], now_ms, res) < 0)
			return -1;
		res->changed_alarms = true;
	}
	/* Alarms are a risk input: the enterprise's colour follows in the same
	 * transaction, so every console sees alarm and colour change together. */
	if (n > 0 && store_risk_recompute(st, s->enterprise_id, now_ms, NULL) < 0)
		return -1;
	return 0;
}
