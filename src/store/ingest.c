/*
 * ingest.c - the queue between the MQTT loop and the database: batched,
 * idempotent recording and the alarm engine run on stored state. The rules
 * are in include/parkwatch/store_ingest.h; the alarm-table side is in
 * alarm_rows.c, the periodic work in ingest_tick.c.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_private.h"
#include "ingest_private.h"
#include "parkwatch/config.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* Single-item transactions per flush while isolating a refused item. */
#define ONE_BY_ONE_MAX 500

/* ---- the queue ---- */

static void item_free(struct ing_item *it)
{
	free(it->text);
	free(it->reason);
	free(it->payload);
}

/* Room for one more item, or NULL (counted as dropped) when full. */
static struct ing_item *queue_push(struct store_ingest *ing)
{
	if (ing->n >= STORE_INGEST_QUEUE_MAX) {
		ing->stats.dropped++;
		return NULL;
	}
	if (ing->head > 0 && ing->head + ing->n == ing->cap) {
		memmove(ing->q, ing->q + ing->head, ing->n * sizeof *ing->q);
		ing->head = 0;
	}
	if (ing->head + ing->n == ing->cap) {
		ing->cap = ing->cap ? ing->cap * 2 : 256;
		ing->q = xrealloc(ing->q, ing->cap * sizeof *ing->q);
	}
	struct ing_item *it = &ing->q[ing->head + ing->n++];
	memset(it, 0, sizeof *it);
	return it;
}

/* Forget the first COUNT queued items (written or given up). */
static void queue_drop(struct store_ingest *ing, size_t count)
{
	for (size_t i = 0; i < count; i++)
		item_free(&ing->q[ing->head + i]);
	ing->head += count;
	ing->n -= count;
	if (ing->n == 0)
		ing->head = 0;
}

struct store_ingest *store_ingest_new(struct pw_store *st, const struct pw_config *cfg)
{
	struct store_ingest *ing = xcalloc(1, sizeof *ing);
	ing->st = st;
	ing->cfg = cfg;
	ing->errmsg = xstrdup("");
	return ing;
}

void store_ingest_free(struct store_ingest *ing)
{
	if (!ing)
		return;
	queue_drop(ing, ing->n);
	free(ing->q);
	ingest_sensors_reset(ing);
	free(ing->sensors.v);
	free(ing->sensors.index);
	free(ing->errmsg);
	free(ing);
}

int store_ingest_add(struct store_ingest *ing, const struct pw_msg *msg, int64_t received_ms)
{
	struct ing_item *it = queue_push(ing);
	if (!it)
		return -1;
	it->type = (unsigned char)msg->kind;
	it->received_ms = received_ms;
	it->ts = msg->ts;
	snprintf(it->ent, sizeof it->ent, "%s", msg->enterprise);
	snprintf(it->code, sizeof it->code, "%s", msg->sensor);
	switch (msg->kind) {
	case PW_MSG_READING:
		it->a = msg->value;
		it->has_seq = msg->has_seq;
		it->seq = msg->seq;
		snprintf(it->unit, sizeof it->unit, "%s", msg->has_unit ? msg->unit : "");
		break;
	case PW_MSG_EVENT:
		it->event = (unsigned char)msg->event;
		it->text = msg->has_detail ? xstrdup(msg->detail) : NULL;
		break;
	case PW_MSG_STATUS:
		it->online = msg->online;
		break;
	case PW_MSG_WIND:
		it->a = msg->dir_deg;
		it->b = msg->speed_ms;
		break;
	}
	return 0;
}

/* Sanitised copy of at most MAX bytes of S[0..n), cut at a character boundary. */
static char *clip_sanitized(const char *s, size_t n, size_t max)
{
	if (!s)
		return NULL;
	char *clean = pw_sanitize(s, pw_utf8_cut(s, n, max));
	clean[pw_utf8_cut(clean, strlen(clean), max)] = '\0';
	return clean;
}

int store_ingest_reject(struct store_ingest *ing, const char *topic, const char *reason,
                        const void *payload, size_t len, int64_t received_ms)
{
	struct ing_item *it = queue_push(ing);
	if (!it)
		return -1;
	it->type = ITEM_REJECT;
	it->received_ms = received_ms;
	it->text = topic ? clip_sanitized(topic, strlen(topic), 512) : xstrdup("");
	it->reason = reason ? clip_sanitized(reason, strlen(reason), 512) : xstrdup("rejected");
	it->payload = payload ? clip_sanitized(payload, len, STORE_INGEST_REJECT_PAYLOAD) : NULL;
	return 0;
}

size_t store_ingest_pending(const struct store_ingest *ing)
{
	return ing->n;
}

void store_ingest_stats(const struct store_ingest *ing, struct store_ingest_stats *out)
{
	*out = ing->stats;
}

const char *store_ingest_errmsg(const struct store_ingest *ing)
{
	return ing->errmsg;
}

void ingest_set_error(struct store_ingest *ing, const char *what)
{
	free(ing->errmsg);
	ing->errmsg = xasprintf("%s: %s", what, store_errmsg(ing->st));
}

/* ---- writing one item (inside the flush's transaction) ---- */

static int insert_rejected(struct store_ingest *ing, int64_t received_ms, const char *topic,
                           const char *reason, const char *payload, struct store_ingest_result *res)
{
	sqlite3_stmt *s = store_stmt(ing->st, "INSERT INTO rejected (received_at, topic, reason, payload)"
	                                      " VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, received_ms);
	sqlite3_bind_text(s, 2, topic ? topic : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	store_bind_text(s, 4, payload);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(ing->st, "record rejected message");
	res->rejected++;
	res->changed_rejected = true;
	return 0;
}

/* The topic a parsed message came on (the parser accepted exactly this shape). */
static char *item_topic(const struct store_ingest *ing, const struct ing_item *it)
{
	const char *prefix = ing->cfg && ing->cfg->topic_prefix ? ing->cfg->topic_prefix : "park";
	if (it->type == PW_MSG_WIND)
		return xasprintf("%s/weather/%s/wind", prefix, it->code);
	return xasprintf("%s/%s/%s/%s", prefix, it->ent, it->code,
	                 pw_msg_kind_name((enum pw_msg_kind)it->type));
}

/* Refuse a parsed message for a reason only the database can tell. */
static int reject_item(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int reject_item(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res,
                       const char *fmt, ...)
{
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(reason, sizeof reason, fmt, ap);
	va_end(ap);
	char *topic = item_topic(ing, it);
	int rc = insert_rejected(ing, it->received_ms, topic, reason, NULL, res);
	free(topic);
	return rc;
}

/*
 * The sensor for a message, checked against the topic. Returns the context,
 * or NULL with *rc = 0 when the message was rejected, -1 on error.
 */
static struct store_sensor_ctx *item_sensor(struct store_ingest *ing, const struct ing_item *it,
                                            struct store_ingest_result *res, int *rc)
{
	struct store_sensor_ctx *s = ingest_sensor_get(ing, it->code, rc);
	if (*rc < 0)
		return NULL;
	if (!s) {
		*rc = reject_item(ing, it, res, "unknown sensor %s", it->code);
		return NULL;
	}
	if (strcmp(s->enterprise_code, it->ent) != 0) {
		*rc = reject_item(ing, it, res, "topic/sensor mismatch: sensor %s belongs to %s, not %s",
		                  it->code, s->enterprise_code, it->ent);
		return NULL;
	}
	return s;
}

static int feed_actions(struct store_ingest *ing, struct store_sensor_ctx *s,
                        const struct pw_alarm_action *acts, int n, struct store_ingest_result *res)
{
	res->changed_sensors = true;
	if (n <= 0)
		return 0;
	return store_alarm_apply_actions(ing->st, s, acts, n, ing->tx_now_ms, res);
}

static int rollup_add(struct pw_store *st, int64_t sensor_id, int64_t ts, double v)
{
	int64_t minute = ts - (((ts % 60000) + 60000) % 60000);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO readings_minute (sensor_id, minute, n, vmin, vmax, vsum)"
	                                 " VALUES (?1, ?2, 1, ?3, ?3, ?3)"
	                                 " ON CONFLICT (sensor_id, minute) DO UPDATE SET n = n + 1,"
	                                 " vmin = min(vmin, excluded.vmin), vmax = max(vmax, excluded.vmax),"
	                                 " vsum = vsum + excluded.vsum");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, sensor_id);
	sqlite3_bind_int64(s, 2, minute);
	sqlite3_bind_double(s, 3, v);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "update minute rollup");
}

static int write_reading(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res)
{
	int rc;
	struct store_sensor_ctx *s = item_sensor(ing, it, res, &rc);
	if (!s)
		return rc;
	/* Thresholds are in the sensor's unit: a value in another unit must not
	 * be compared with them as if it were the same (no silent conversion). */
	if (it->unit[0] && s->def.unit[0] && strcmp(it->unit, s->def.unit) != 0)
		return reject_item(ing, it, res, "unit mismatch: sensor %s measures in %s, got %s", it->code,
		                   s->def.unit, it->unit);
	sqlite3_stmt *ins = store_stmt(ing->st, "INSERT OR IGNORE INTO readings (sensor_id, ts, value, seq)"
	                                        " VALUES (?1, ?2, ?3, ?4)");
	if (!ins)
		return -1;
	sqlite3_bind_int64(ins, 1, s->id);
	sqlite3_bind_int64(ins, 2, it->ts);
	sqlite3_bind_double(ins, 3, it->a);
	if (it->has_seq)
		sqlite3_bind_int64(ins, 4, it->seq);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return store_fail(ing->st, "store reading");
	/* Only the process whose insert added the row evaluates it. */
	if (sqlite3_changes(ing->st->db) == 0) {
		res->duplicates++;
		return 0;
	}
	res->stored++;
	if (rollup_add(ing->st, s->id, it->ts, it->a) < 0)
		return -1;
	if (!s->has_last || it->ts > s->last_ts) {
		s->has_last = true;
		s->last_ts = it->ts;
		s->last_value = it->a;
		s->row_dirty = true;
	}
	struct pw_alarm_action acts[PW_ALARM_MAX_ACTIONS];
	int n = pw_alarm_feed_reading(&s->def, &s->ev, it->ts, it->a, acts, PW_ARRAY_LEN(acts));
	return feed_actions(ing, s, acts, n, res);
}

static int write_event(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res)
{
	int rc;
	struct store_sensor_ctx *s = item_sensor(ing, it, res, &rc);
	if (!s)
		return rc;
	sqlite3_stmt *ins = store_stmt(ing->st, "INSERT OR IGNORE INTO sensor_events (sensor_id, ts, event,"
	                                        " detail) VALUES (?1, ?2, ?3, ?4)");
	if (!ins)
		return -1;
	sqlite3_bind_int64(ins, 1, s->id);
	sqlite3_bind_int64(ins, 2, it->ts);
	sqlite3_bind_text(ins, 3, pw_event_name((enum pw_event)it->event), -1, SQLITE_STATIC);
	store_bind_text(ins, 4, it->text);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return store_fail(ing->st, "store event");
	if (sqlite3_changes(ing->st->db) == 0) {
		res->duplicates++;
		return 0;
	}
	res->events++;
	struct pw_alarm_action acts[PW_ALARM_MAX_ACTIONS];
	int n = pw_alarm_feed_event(&s->def, &s->ev, it->ts, (enum pw_event)it->event, it->text, acts,
	                            PW_ARRAY_LEN(acts));
	return feed_actions(ing, s, acts, n, res);
}

static int write_status(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res)
{
	int rc;
	struct store_sensor_ctx *s = item_sensor(ing, it, res, &rc);
	if (!s)
		return rc;
	res->statuses++;
	if (s->online != (int)it->online) {
		s->online = it->online;
		s->row_dirty = true;
	}
	struct pw_alarm_action acts[PW_ALARM_MAX_ACTIONS];
	int n = pw_alarm_feed_status(&s->def, &s->ev, it->ts, it->online, acts, PW_ARRAY_LEN(acts));
	return feed_actions(ing, s, acts, n, res);
}

static int write_wind(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res)
{
	sqlite3_stmt *q = store_stmt(ing->st, "SELECT id FROM stations WHERE code = ?1");
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, it->code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	int64_t station = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(ing->st, "find station");
	if (rc == SQLITE_DONE)
		return reject_item(ing, it, res, "unknown station %s", it->code);
	sqlite3_stmt *ins = store_stmt(ing->st, "INSERT OR IGNORE INTO wind (station_id, ts, dir_deg, speed_ms)"
	                                        " VALUES (?1, ?2, ?3, ?4)");
	if (!ins)
		return -1;
	sqlite3_bind_int64(ins, 1, station);
	sqlite3_bind_int64(ins, 2, it->ts);
	sqlite3_bind_double(ins, 3, it->a);
	sqlite3_bind_double(ins, 4, it->b);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return store_fail(ing->st, "store wind");
	if (sqlite3_changes(ing->st->db) == 0) {
		res->duplicates++;
	} else {
		res->wind++;
		res->changed_wind = true;
	}
	return 0;
}

static int write_item(struct store_ingest *ing, const struct ing_item *it, struct store_ingest_result *res)
{
	switch (it->type) {
	case PW_MSG_READING:
		return write_reading(ing, it, res);
	case PW_MSG_EVENT:
		return write_event(ing, it, res);
	case PW_MSG_STATUS:
		return write_status(ing, it, res);
	case PW_MSG_WIND:
		return write_wind(ing, it, res);
	default:
		return insert_rejected(ing, it->received_ms, it->text, it->reason, it->payload, res);
	}
}

/* ---- transactions ---- */

/* Keep the newest rejected_max rows: ids only grow, so this is a range delete. */
static int prune_rejected(struct store_ingest *ing)
{
	int keep = ing->cfg ? ing->cfg->rejected_max : 10000;
	if (keep <= 0)
		return 0;
	sqlite3_stmt *s = store_stmt(ing->st, "DELETE FROM rejected WHERE id <= (SELECT max(id) FROM rejected) - ?1");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, keep);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(ing->st, "prune rejected messages");
}

void ingest_result_merge(struct store_ingest_result *into, const struct store_ingest_result *r)
{
	into->stored += r->stored;
	into->duplicates += r->duplicates;
	into->events += r->events;
	into->statuses += r->statuses;
	into->wind += r->wind;
	into->rejected += r->rejected;
	into->alarms_raised += r->alarms_raised;
	into->alarm_changes += r->alarm_changes;
	for (size_t i = 0; i < r->n_p1; i++)
		store_ingest_note_p1(into, r->p1_ids[i]);
	into->p1_overflow |= r->p1_overflow;
	into->changed_alarms |= r->changed_alarms;
	into->changed_sensors |= r->changed_sensors;
	into->changed_wind |= r->changed_wind;
	into->changed_rejected |= r->changed_rejected;
}

static void stats_add(struct store_ingest_stats *s, const struct store_ingest_result *r)
{
	s->stored += r->stored;
	s->duplicates += r->duplicates;
	s->events += r->events;
	s->statuses += r->statuses;
	s->wind += r->wind;
	s->rejected += r->rejected;
	s->alarms_raised += r->alarms_raised;
}

/*
 * Write queue items [0, count) in one transaction. Returns 0 (committed,
 * counts in *OUT), or -1 rolled back with *TRANSIENT telling whether a retry
 * later may succeed.
 */
static int write_batch(struct store_ingest *ing, size_t count, struct store_ingest_result *out,
                       bool *transient)
{
	struct pw_store *st = ing->st;
	memset(out, 0, sizeof *out);
	*transient = true;
	ing->tx_now_ms = pw_now_ms();
	if (store_begin(st, true) < 0) {
		*transient = store_error_transient(st);
		ingest_set_error(ing, "begin");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < count && rc == 0; i++)
		rc = write_item(ing, &ing->q[ing->head + i], out);
	if (rc == 0)
		rc = ingest_sensors_save(ing);
	if (rc == 0 && out->rejected)
		rc = prune_rejected(ing);
	if (rc < 0) {
		*transient = store_error_transient(st);
		ingest_set_error(ing, "write batch");
		store_rollback(st);
	} else if (store_commit(st) < 0) {
		/* COMMIT fails for busy, I/O or a full disk; it rolled back already. */
		ingest_set_error(ing, "commit");
		rc = -1;
	}
	ingest_sensors_reset(ing);
	return rc;
}

/* Give up on the first queued item: record why (own transaction) and drop it. */
static void give_up_first(struct store_ingest *ing)
{
	struct store_ingest_result r;
	memset(&r, 0, sizeof r);
	const struct ing_item *it = &ing->q[ing->head];
	char *topic = it->type == ITEM_REJECT ? xstrdup(it->text) : item_topic(ing, it);
	char *reason = xasprintf("store error: %s", ing->errmsg);
	if (store_begin(ing->st, true) == 0) {
		if (insert_rejected(ing, it->received_ms, topic, reason, it->payload, &r) == 0 &&
		    store_commit(ing->st) == 0)
			ing->stats.rejected++;
		else
			store_rollback(ing->st);
	}
	free(topic);
	free(reason);
	ing->stats.store_errors++;
	queue_drop(ing, 1);
}

/*
 * After a non-transient failure: one item per transaction until the item
 * the database refuses is found; it is recorded and dropped, and the next
 * flush goes back to whole batches. Bounded, so a flush never runs long.
 */
static int flush_one_by_one(struct store_ingest *ing, struct store_ingest_result *res)
{
	ing->one_by_one = false;
	for (size_t done = 0; ing->n > 0 && done < ONE_BY_ONE_MAX; done++) {
		struct store_ingest_result r;
		bool transient;
		if (write_batch(ing, 1, &r, &transient) == 0) {
			ingest_result_merge(res, &r);
			stats_add(&ing->stats, &r);
			queue_drop(ing, 1);
		} else if (transient) {
			ing->one_by_one = true;
			return -1;
		} else {
			give_up_first(ing);
			return 0;
		}
	}
	return 0;
}

int store_ingest_flush(struct store_ingest *ing, struct store_ingest_result *res)
{
	struct store_ingest_result local;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	int rc = 0;
	if (ing->n > 0 && !ing->one_by_one) {
		struct store_ingest_result r;
		bool transient;
		size_t count = ing->n < STORE_INGEST_BATCH_MAX ? ing->n : STORE_INGEST_BATCH_MAX;
		rc = write_batch(ing, count, &r, &transient);
		if (rc == 0) {
			ingest_result_merge(res, &r);
			stats_add(&ing->stats, &r);
			queue_drop(ing, count);
		} else if (!transient) {
			ing->one_by_one = true;
		}
	}
	if (ing->n > 0 && ing->one_by_one)
		rc = flush_one_by_one(ing, res);
	if (rc < 0) {
		res->failed = true;
		ing->stats.flush_failures++;
		ing->stats.last_failure_ms = pw_now_ms();
	}
	res->pending = ing->n;
	return rc;
}
