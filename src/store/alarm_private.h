/*
 * alarm_private.h - what ingest.c and alarms.c share about sensors and alarm
 * rows: loading a sensor with its engine state, applying the engine's actions
 * to the alarms table, and one alarm row's ISA-18.2 record. Every function
 * here expects the caller to hold a write transaction (BEGIN IMMEDIATE): the
 * reads and the writes must see the same database. Never included outside
 * src/store.
 */
#ifndef PARKWATCH_ALARM_PRIVATE_H
#define PARKWATCH_ALARM_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "parkwatch/alarm.h"
#include "parkwatch/payload.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/store_ingest.h"
#include "store_private.h"

/* One sensor as the engine sees it, loaded inside the caller's transaction. */
struct store_sensor_ctx {
	int64_t id;
	int64_t enterprise_id;
	char code[PW_CODE_MAX + 1];
	char enterprise_code[PW_CODE_MAX + 1];
	struct pw_sensor_def def;
	struct pw_sensor_eval ev;
	char *engine_json;          /* sensors.engine as loaded (NULL: never evaluated) */
	bool has_last;              /* sensors.last_ts / last_value are set */
	int64_t last_ts;
	double last_value;
	int online;                 /* sensors.online: 1, 0, -1 = NULL */
	char state[12];             /* sensors.state as loaded */
	bool row_dirty;             /* last_*, online changed: save them */
	int64_t tick_due;           /* sensors.tick_due as loaded, PW_TS_NONE = NULL */
	int64_t due_floor;          /* a periodic tick sets it past its own time */
};

/*
 * Load the sensor with code CODE (when non-NULL) or id ID. Returns 0,
 * PW_STORE_NOTFOUND, or -1. A corrupt engine state is replaced by a fresh
 * one (the sensor is re-evaluated from its next message) rather than
 * stopping ingest. Free with store_sensor_ctx_clear().
 */
int store_sensor_ctx_load(struct pw_store *st, const char *code, int64_t id,
                          struct store_sensor_ctx *out);
void store_sensor_ctx_clear(struct store_sensor_ctx *s);

/* When the sensor next needs a tick (pw_alarm_tick_due, not before due_floor). */
int64_t store_sensor_ctx_tick_due(const struct store_sensor_ctx *s);

/* The engine state as JSON differs from what was loaded. */
bool store_sensor_ctx_engine_changed(const struct store_sensor_ctx *s, char **json_out);

/* Write back engine state, sensors.state, tick_due and (when row_dirty) last_*, online. */
int store_sensor_ctx_save(struct pw_store *st, struct store_sensor_ctx *s);

/*
 * Apply N engine ACTIONS of sensor S to the alarms table (see alarms.c for
 * the rules), one alarm_events row per change. NOW_MS stamps updated_at.
 * Counts go into RES (alarms_raised, alarm_changes, p1_ids, changed_alarms);
 * RES must not be NULL.
 */
int store_alarm_apply_actions(struct pw_store *st, const struct store_sensor_ctx *s,
                              const struct pw_alarm_action *actions, int n, int64_t now_ms,
                              struct store_ingest_result *res);

/* One alarms row as the record state machine needs it. */
struct store_alarm_row {
	int64_t id;
	int64_t sensor_id;
	enum pw_condition cond;
	int level;
	int priority;
	struct pw_alarm_rec rec;
	bool has_peak;
	double peak;
	char label[2 * PW_CODE_MAX + 24];   /* "12 (E0001-NH3-01 P1)" for duty entries */
};

/* Load alarm ID. 0, PW_STORE_NOTFOUND or -1 (also for a contradictory row). */
int store_alarm_row_load(struct pw_store *st, int64_t id, struct store_alarm_row *r);

/* Write r->rec (state, active, acked, repeats, shelved_until, cleared_at). */
int store_alarm_row_save_rec(struct pw_store *st, const struct store_alarm_row *r, int64_t now_ms);

/* One alarm_events row. OPERATOR and COMMENT may be NULL; VALUE when HAS_VALUE. */
int store_alarm_event_add(struct pw_store *st, int64_t alarm_id, int64_t ts, const char *kind,
                          const char *operator_name, bool has_value, double value,
                          const char *comment);

/* Note a P1 alarm for annunciation in RES (bounded, sets p1_overflow). */
void store_ingest_note_p1(struct store_ingest_result *res, int64_t alarm_id);

/* True when SQLite's last error on ST is worth retrying later (busy, full, I/O). */
bool store_error_transient(struct pw_store *st);

#endif
