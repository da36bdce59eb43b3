/*
 * store_ingest.h - record what arrives over MQTT, idempotently and batched,
 * and run the alarm engine against the stored per-sensor state.
 *
 * The caller (record, console) parses each message with pw_msg_parse() and
 * queues it with store_ingest_add(), or queues the refusal with
 * store_ingest_reject(). Once per loop pass it calls store_ingest_flush(),
 * which writes the whole queue in ONE `BEGIN IMMEDIATE` transaction:
 *
 *   - a reading is `INSERT OR IGNORE`d keyed (sensor, ts). Only when the
 *     insert really added the row does this process feed the alarm engine
 *     with it. That is what lets several consoles and a recorder share one
 *     database file without duplicate alarms: whoever stored the reading
 *     evaluates it; everyone else sees a duplicate and does nothing.
 *   - the sensor's engine state (sensors.engine, JSON) is read, advanced and
 *     written back inside the same transaction, so no update is lost between
 *     processes; sensors.last_value/last_ts (only when ts is newer) and
 *     sensors.state follow.
 *   - alarm actions become rows in `alarms` (one open alarm per sensor and
 *     condition, enforced by the alarms_open unique index) and one
 *     `alarm_events` row per change.
 *   - detector events go to `sensor_events` (identity sensor, ts, event),
 *     status online/offline to sensors.online, wind to `wind` (identity
 *     station, ts); the per-minute rollup `readings_minute` is maintained on
 *     every stored reading.
 *   - anything that cannot be recorded (unknown sensor or station,
 *     enterprise in the topic not the sensor's, unit not the sensor's) becomes
 *     a `rejected` row with its reason; the table is pruned to
 *     cfg->rejected_max rows (oldest first).
 *
 * Sensor definitions and engine state are read fresh inside each flush's
 * transaction (one indexed lookup per distinct sensor per flush), so an
 * edited threshold or a sensor imported by another process takes effect at
 * the next flush without any cache to invalidate.
 *
 * Failure never loses the batch and never crashes: when the database is busy
 * beyond its timeout, the disk is full or any other transient error occurs,
 * the transaction is rolled back and the queue is kept for the next flush.
 * The queue is bounded (STORE_INGEST_QUEUE_MAX messages); beyond that new
 * messages are dropped and counted. A message that fails for a
 * non-transient reason (a constraint the data violates) is retried alone and,
 * if it fails alone, recorded as rejected "store error: ..." and dropped, so
 * one bad message cannot block the stream.
 *
 * Not thread-safe: one struct store_ingest per thread and connection.
 */
#ifndef PARKWATCH_STORE_INGEST_H
#define PARKWATCH_STORE_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_store;
struct pw_config;
struct pw_msg;
struct store_ingest;

/* Messages (plus rejections) held in memory while the database is unwritable. */
#define STORE_INGEST_QUEUE_MAX 100000
/* Messages written per flush (one transaction); the rest waits for the next. */
#define STORE_INGEST_BATCH_MAX 5000
/* New priority-1 alarms reported per flush/tick for annunciation. */
#define STORE_INGEST_P1_MAX 32
/* Bytes of a rejected payload kept (sanitised, cut at a UTF-8 boundary). */
#define STORE_INGEST_REJECT_PAYLOAD 200

/*
 * What one flush or tick did. Zeroed by the call before it fills it in.
 * Counts are of this call only; cumulative figures are in store_ingest_stats.
 */
struct store_ingest_result {
	unsigned stored;         /* readings newly stored */
	unsigned duplicates;     /* readings, events, wind samples already present */
	unsigned events;         /* detector events newly stored */
	unsigned statuses;       /* status messages applied */
	unsigned wind;           /* wind samples newly stored */
	unsigned rejected;       /* rows written to `rejected` (queued + found here) */
	unsigned alarms_raised;  /* new alarm rows */
	unsigned alarm_changes;  /* alarm_events rows written (raise, escalate, return...) */
	/* Alarms that became (or became again) unacknowledged priority 1 here:
	 * raised at P1, escalated to P1 or reactivated at P1. Ring the bell. */
	int64_t p1_ids[STORE_INGEST_P1_MAX];
	size_t n_p1;
	bool p1_overflow;        /* more P1 alarms than p1_ids holds */
	/* Redraw hints for the console. */
	bool changed_alarms;
	bool changed_sensors;
	bool changed_wind;
	bool changed_rejected;
	/* Failure: the transaction was rolled back and the batch kept. */
	bool failed;
	size_t pending;          /* messages still queued after the call */
};

/* Since store_ingest_new(). */
struct store_ingest_stats {
	uint64_t stored, duplicates, events, statuses, wind, rejected;
	uint64_t alarms_raised;
	uint64_t dropped;        /* queue full: messages lost */
	uint64_t flush_failures; /* flushes rolled back (busy, disk full...) */
	uint64_t store_errors;   /* single messages refused by the database */
	int64_t last_failure_ms; /* wall clock of the last failed flush, 0 = none */
};

/*
 * New ingest queue writing through ST. CFG (borrowed; must outlive the queue)
 * supplies topic_prefix (for the topic of rejected rows), rejected_max,
 * raw_retention_h and rollup_retention_d. Never returns NULL.
 */
struct store_ingest *store_ingest_new(struct pw_store *st, const struct pw_config *cfg);

/* Free the queue. Messages not yet flushed are lost: flush first. NULL is fine. */
void store_ingest_free(struct store_ingest *ing);

/*
 * Queue one parsed message (copied; MSG stays the caller's). RECEIVED_MS is
 * the wall-clock receive time. Returns 0, or -1 when the queue is full (the
 * message is dropped and counted in stats.dropped).
 */
int store_ingest_add(struct store_ingest *ing, const struct pw_msg *msg, int64_t received_ms);

/*
 * Queue the refusal of a raw message: TOPIC (NUL-terminated, may be NULL or
 * hostile: stored sanitised and cut to 512 bytes), REASON (pw_msg_parse's
 * reason), the first STORE_INGEST_REJECT_PAYLOAD bytes of PAYLOAD[0..LEN)
 * sanitised (PAYLOAD may be NULL when LEN is 0). Returns 0, or -1 when the
 * queue is full (dropped and counted).
 */
int store_ingest_reject(struct store_ingest *ing, const char *topic, const char *reason,
                        const void *payload, size_t len, int64_t received_ms);

/* Messages queued and not yet written. */
size_t store_ingest_pending(const struct store_ingest *ing);

/*
 * Write the oldest STORE_INGEST_BATCH_MAX queued messages in one BEGIN
 * IMMEDIATE transaction (see the top of this file); res->pending tells
 * whether more wait. RES may be NULL. Returns 0 (also when the queue was
 * empty), or -1 when the transaction failed: the queue is kept for the next
 * call, res->failed is set and store_ingest_errmsg() says why.
 */
int store_ingest_flush(struct store_ingest *ing, struct store_ingest_result *res);

/*
 * Periodic work; call once per loop pass with the wall clock. Does
 * something at most once per second (returns 0 at once otherwise):
 *   - communication faults: in-service sensors silent for longer than their
 *     comm_timeout_s (from sensors.last_ts) go through the engine's tick,
 *     which raises the 'comm' alarm;
 *   - shelved alarms whose shelved_until has passed are unshelved (state per
 *     the ISA-18.2 table, alarm_events 'unshelve', duty-log entry
 *     "auto-unshelved alarm ...");
 *   - retention: raw readings older than cfg->raw_retention_h and rollups
 *     older than cfg->rollup_retention_d are deleted a few thousand rows at
 *     a time, so a backlog never stalls the caller.
 * Reads first and takes the write lock only when there is something to
 * change, so idle consoles do not contend. RES may be NULL; alarms raised
 * here are reported in it like a flush's. Returns 0, or -1 on a database
 * error (store_ingest_errmsg()); nothing is lost, the next tick retries.
 */
int store_ingest_tick(struct store_ingest *ing, int64_t now_ms, struct store_ingest_result *res);

/* Cumulative counters. */
void store_ingest_stats(const struct store_ingest *ing, struct store_ingest_stats *out);

/* Why the last flush or tick failed ("" when none has). Owned by ING. */
const char *store_ingest_errmsg(const struct store_ingest *ing);

#endif
