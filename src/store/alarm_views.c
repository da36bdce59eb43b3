/*
 * alarm_views.c - what the ticker, the Alarms screen and the status line
 * read: open alarms in operator order, history, one alarm's trail, counts,
 * the flood rate, priority-1 annunciations raised by any process, and a
 * sensor's sparkline. Read-only; every query is bounded.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_private.h"
#include "parkwatch/util.h"

#define ALARM_COLUMNS                                                                              \
	"SELECT a.id, s.code, s.kind, s.unit, s.location, e.code, e.name, a.condition, a.level,"      \
	" a.priority, a.state, a.active, a.acked, a.raised_at, a.updated_at, a.returned_at,"          \
	" a.cleared_at, a.value, a.peak, a.message, a.acked_by, a.acked_at, a.ack_comment,"          \
	" a.shelved_by, a.shelved_until, a.shelve_reason, a.repeats"                                  \
	" FROM alarms a JOIN sensors s ON s.id = a.sensor_id JOIN enterprises e ON e.id = a.enterprise_id"

/* Filters shared by the lists: ?1 priority, ?2 state, ?3 unacked only,
 * ?4 include shelved, ?5 enterprise code, ?6 sensor kind, ?7 limit. */
#define ALARM_FILTER                                                                              \
	" AND (?1 = 0 OR a.priority = ?1) AND (?2 IS NULL OR a.state = ?2)"                          \
	" AND (?3 = 0 OR a.state IN ('unack', 'rtn_unack'))"                                          \
	" AND (?4 OR ?2 = 'shelved' OR a.state <> 'shelved')"                                          \
	" AND (?5 IS NULL OR e.code = ?5) AND (?6 IS NULL OR s.kind = ?6)"

static int64_t col_i64(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, i);
}

static void alarm_from_row(sqlite3_stmt *s, struct store_alarm *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(s, 0);
	a->sensor_code = store_col_strdup(s, 1);
	a->sensor_kind = store_col_strdup(s, 2);
	a->unit = store_col_strdup(s, 3);
	a->location = store_col_strdup(s, 4);
	a->enterprise_code = store_col_strdup(s, 5);
	a->enterprise_name = store_col_strdup(s, 6);
	const unsigned char *t = sqlite3_column_text(s, 7);
	snprintf(a->condition, sizeof a->condition, "%s", t ? (const char *)t : "");
	a->level = sqlite3_column_int(s, 8);
	a->priority = sqlite3_column_int(s, 9);
	t = sqlite3_column_text(s, 10);
	snprintf(a->state, sizeof a->state, "%s", t ? (const char *)t : "");
	a->active = sqlite3_column_int(s, 11) != 0;
	a->acked = sqlite3_column_int(s, 12) != 0;
	a->raised_at = col_i64(s, 13);
	a->updated_at = col_i64(s, 14);
	a->returned_at = col_i64(s, 15);
	a->cleared_at = col_i64(s, 16);
	a->has_value = sqlite3_column_type(s, 17) != SQLITE_NULL;
	a->value = a->has_value ? sqlite3_column_double(s, 17) : 0;
	a->peak = sqlite3_column_type(s, 18) != SQLITE_NULL ? sqlite3_column_double(s, 18) : a->value;
	a->message = store_col_strdup(s, 19);
	a->acked_by = store_col_strdup(s, 20);
	a->acked_at = col_i64(s, 21);
	a->ack_comment = store_col_strdup(s, 22);
	a->shelved_by = store_col_strdup(s, 23);
	a->shelved_until = a->state[0] == 's' ? col_i64(s, 24) : 0;
	a->shelve_reason = store_col_strdup(s, 25);
	a->repeats = sqlite3_column_int(s, 26);
}

void store_alarm_clear(struct store_alarm *a)
{
	if (!a)
		return;
	free(a->sensor_code);
	free(a->sensor_kind);
	free(a->unit);
	free(a->location);
	free(a->enterprise_code);
	free(a->enterprise_name);
	free(a->message);
	free(a->acked_by);
	free(a->ack_comment);
	free(a->shelved_by);
	free(a->shelve_reason);
	memset(a, 0, sizeof *a);
}

void store_alarm_list_free(struct store_alarm_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		store_alarm_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static size_t list_limit(const struct store_alarm_filter *f)
{
	return f && f->limit ? f->limit : STORE_ALARM_LIST_MAX;
}

static void bind_filter(sqlite3_stmt *s, const struct store_alarm_filter *f, bool history)
{
	static const struct store_alarm_filter none;
	if (!f)
		f = &none;
	sqlite3_bind_int(s, 1, f->priority);
	if (!history)
		store_bind_text(s, 2, f->state);
	sqlite3_bind_int(s, 3, !history && f->unacked_only);
	sqlite3_bind_int(s, 4, history || f->include_shelved);
	store_bind_text(s, 5, f->enterprise_code);
	store_bind_text(s, 6, f->sensor_kind);
	/* One row past the limit tells fill_list that more matched. */
	sqlite3_bind_int64(s, 7, (int64_t)list_limit(f) + 1);
}

static int fill_list(struct pw_store *st, sqlite3_stmt *s, size_t limit,
                     struct store_alarm_list *out)
{
	size_t cap = 0;
	int rc;
	out->v = NULL;
	out->n = 0;
	out->truncated = false;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == limit) {
			out->truncated = true;
			rc = SQLITE_DONE;
			break;
		}
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v, 16);
		alarm_from_row(s, &out->v[out->n++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_alarm_list_free(out);
		return store_fail(st, "list alarms");
	}
	return 0;
}

int store_alarm_list_active(struct pw_store *st, const struct store_alarm_filter *f,
                            struct store_alarm_list *out)
{
	sqlite3_stmt *s = store_stmt(st, ALARM_COLUMNS " WHERE a.state <> 'cleared'" ALARM_FILTER
	                                 " ORDER BY a.state IN ('unack', 'rtn_unack') DESC, a.priority,"
	                                 " a.raised_at DESC, a.id DESC LIMIT ?7");
	if (!s) {
		*out = (struct store_alarm_list){0};
		return -1;
	}
	bind_filter(s, f, false);
	return fill_list(st, s, list_limit(f), out);
}

int store_alarm_history(struct pw_store *st, const struct store_alarm_filter *f, int64_t before_id,
                        struct store_alarm_list *out)
{
	sqlite3_stmt *s = store_stmt(st, ALARM_COLUMNS " WHERE a.state = 'cleared'" ALARM_FILTER
	                                 " AND (?8 = 0 OR a.id < ?8) ORDER BY a.id DESC LIMIT ?7");
	if (!s) {
		*out = (struct store_alarm_list){0};
		return -1;
	}
	bind_filter(s, f, true);
	sqlite3_bind_int64(s, 8, before_id);
	return fill_list(st, s, list_limit(f), out);
}

int store_alarm_get(struct pw_store *st, int64_t id, struct store_alarm *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, ALARM_COLUMNS " WHERE a.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		alarm_from_row(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? PW_STORE_NOTFOUND : store_fail(st, "read alarm");
}

int store_alarm_events(struct pw_store *st, int64_t id, struct store_alarm_event_list *out)
{
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT id, ts, kind, operator, value, comment FROM alarm_events"
	                                 " WHERE alarm_id = ?1 ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v, 16);
		struct store_alarm_event *e = &out->v[out->n++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(s, 0);
		e->ts = sqlite3_column_int64(s, 1);
		const unsigned char *k = sqlite3_column_text(s, 2);
		snprintf(e->kind, sizeof e->kind, "%s", k ? (const char *)k : "");
		e->operator_name = store_col_strdup(s, 3);
		e->has_value = sqlite3_column_type(s, 4) != SQLITE_NULL;
		e->value = e->has_value ? sqlite3_column_double(s, 4) : 0;
		e->comment = store_col_strdup(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_alarm_event_list_free(out);
		return store_fail(st, "read alarm events");
	}
	return 0;
}

void store_alarm_event_list_free(struct store_alarm_event_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].operator_name);
		free(l->v[i].comment);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int store_alarm_counts(struct pw_store *st, struct store_alarm_counts *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, "SELECT priority, state, active, count(*) FROM alarms"
	                                 " WHERE state <> 'cleared' GROUP BY priority, state, active");
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int prio = sqlite3_column_int(s, 0);
		const char *state = (const char *)sqlite3_column_text(s, 1);
		bool active = sqlite3_column_int(s, 2) != 0;
		int count = sqlite3_column_int(s, 3);
		bool unacked = state && (strcmp(state, "unack") == 0 || strcmp(state, "rtn_unack") == 0);
		if (unacked && prio >= 1 && prio <= 4)
			out->unack[prio] += count;
		if (unacked)
			out->unack_total += count;
		if (state && strcmp(state, "shelved") == 0)
			out->shelved += count;
		if (active)
			out->active += count;
		out->open += count;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "count alarms");
}

int store_alarm_flood(struct pw_store *st, int64_t now_ms, int window_s, int *count)
{
	*count = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM alarms WHERE raised_at > ?1");
	if (!s)
		return -1;
	/* Later ones count too: a gateway clock ahead of ours must not hide a flood. */
	sqlite3_bind_int64(s, 1, now_ms - (int64_t)window_s * 1000);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, "count recent alarms");
}

static int max_event_id(struct pw_store *st, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce(max(id), 0) FROM alarm_events");
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, "read alarm events");
}

int store_alarm_p1_since(struct pw_store *st, int64_t *cursor, int64_t *ids, size_t max, size_t *n)
{
	*n = 0;
	int64_t end;
	if (max_event_id(st, &end) < 0)
		return -1;
	if (*cursor < 0 || *cursor > end) {
		*cursor = end;
		return 0;
	}
	sqlite3_stmt *s = store_stmt(
		st, "SELECT ae.id, a.id FROM alarm_events ae JOIN alarms a ON a.id = ae.alarm_id"
		    " WHERE ae.id > ?1 AND ae.id <= ?2"
		    " AND ae.kind IN ('raise', 'escalate', 'reactivate', 'unshelve')"
		    " AND a.priority = 1 AND a.state = 'unack' ORDER BY ae.id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, *cursor);
	sqlite3_bind_int64(s, 2, end);
	int rc;
	int64_t last = end;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 1);
		bool seen = false;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = ids[i] == id;
		if (seen)
			continue;
		if (*n == max) {
			/* Full: the rest waits for the next call. */
			last = sqlite3_column_int64(s, 0) - 1;
			break;
		}
		ids[(*n)++] = id;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "read alarm events");
	*cursor = last;
	return 0;
}

/* ---- sparkline ---- */

static int sensor_id_of(struct pw_store *st, const char *code, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM sensors WHERE code = ?1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(st, "find sensor");
	store_failf(st, "no sensor %s", code);
	return PW_STORE_NOTFOUND;
}

int store_sensor_sparkline(struct pw_store *st, const char *sensor_code, int64_t since_ms,
                           int64_t now_ms, size_t buckets, double *out)
{
	for (size_t i = 0; i < buckets; i++)
		out[i] = NAN;
	int64_t id;
	int rc = sensor_id_of(st, sensor_code, &id);
	if (rc != 0 || buckets == 0 || now_ms <= since_ms)
		return rc;
	double width = (double)(now_ms - since_ms) / (double)buckets;
	/* Rollups are per minute: finer buckets need the raw readings. */
	bool raw = width < 60000.0;
	sqlite3_stmt *s = raw ? store_stmt(st, "SELECT ts, 1, value FROM readings WHERE sensor_id = ?1"
	                                       " AND ts >= ?2 AND ts < ?3")
	                      : store_stmt(st, "SELECT minute, n, vsum FROM readings_minute"
	                                       " WHERE sensor_id = ?1 AND minute >= ?2 AND minute < ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, raw ? since_ms : since_ms - 59999);
	sqlite3_bind_int64(s, 3, now_ms);
	double *sum = xcalloc(buckets, sizeof *sum);
	int64_t *count = xcalloc(buckets, sizeof *count);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double pos = (double)(sqlite3_column_int64(s, 0) - since_ms) / width;
		size_t b = pos < 0 ? 0 : (size_t)pos >= buckets ? buckets - 1 : (size_t)pos;
		count[b] += sqlite3_column_int64(s, 1);
		sum[b] += sqlite3_column_double(s, 2);
	}
	sqlite3_reset(s);
	for (size_t i = 0; i < buckets; i++)
		if (count[i] > 0)
			out[i] = sum[i] / (double)count[i];
	free(sum);
	free(count);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read sparkline");
}
