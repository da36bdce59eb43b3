/*
 * test_ingest.c - recording MQTT traffic and running the alarm engine on
 * stored state (store_ingest.h), and the operator's alarm actions
 * (store_alarms.h), against a real SQLite file in a temporary directory.
 *
 * Messages go through the real parser (pw_msg_parse) so a test reads like
 * the traffic a gateway sends. The tables are checked through a second, raw
 * sqlite3 connection: what another console or `query` would see.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "parkwatch/config.h"
#include "parkwatch/payload.h"
#include "parkwatch/store.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/store_ingest.h"
#include "parkwatch/util.h"

/* 2026-11-28T12:00:00+08:00 */
#define T0 INT64_C(1795838400000)
#define SEC INT64_C(1000)
#define MIN (60 * SEC)

struct fixture {
	char dir[64];
	char *path;
	struct pw_store *st;
	struct pw_config cfg;
	struct store_ingest *ing;
	sqlite3 *raw;
};

static const char park_sql[] =
	"INSERT INTO enterprises (id, code, name, industry, zone, created_at, updated_at) VALUES"
	" (1, 'E1', '冷库一号', 'cold storage', 'north', 0, 0),"
	" (2, 'E2', 'Paint Works', 'coating', 'south', 0, 0);"
	"INSERT INTO sensors (id, code, enterprise_id, kind, unit, l1, l2, direction, opposite_l1,"
	"                     deadband, on_delay_s, comm_timeout_s) VALUES"
	" (1, 'E1-NH3', 1, 'nh3', 'mg/m3', 20, 30, 'high', NULL, 2, 0, 300),"
	" (2, 'E1-O2', 1, 'o2', '%vol', 19.5, 18, 'low', 23.5, 0.2, 0, 300),"
	" (3, 'E1-SMK', 1, 'smoke', '', NULL, NULL, 'high', NULL, 0, 0, 0),"
	" (4, 'E2-LEL', 2, 'lel', '%LEL', 25, 50, 'high', NULL, 0, 0, 300),"
	" (5, 'E2-CO', 2, 'co', 'ppm', 30, 60, 'high', NULL, 0, 10, 300);"
	"INSERT INTO stations (id, code, name) VALUES (1, 'W1', 'north mast');";

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pw-test-ingest.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = xasprintf("%s/t.db", f->dir);
	pw_set_timezone("Asia/Shanghai");
	pw_config_defaults(&f->cfg);
	char *err = NULL;
	if (store_open(&f->st, f->path, PW_STORE_CREATE | PW_STORE_NO_SCHEMA, &err) < 0 ||
	    store_migrate(f->st, NULL, NULL) < 0) {
		fprintf(stderr, "setup: %s\n", err ? err : store_errmsg(f->st));
		free(err);
		return -1;
	}
	if (sqlite3_open(f->path, &f->raw) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(f->raw, 5000);
	if (sqlite3_exec(f->raw, park_sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "setup: %s\n", sqlite3_errmsg(f->raw));
		return -1;
	}
	f->ing = store_ingest_new(f->st, &f->cfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_ingest_free(f->ing);
	store_close(f->st);
	sqlite3_close(f->raw);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < PW_ARRAY_LEN(suffix); i++) {
		char *p = xasprintf("%s%s", f->path, suffix[i]);
		unlink(p);
		free(p);
	}
	rmdir(f->dir);
	pw_config_free(&f->cfg);
	free(f->path);
	free(f);
	return 0;
}

/* ---- traffic ---- */

/* Parse TOPIC + PAYLOAD as the MQTT loop would and queue it on ING. */
static void send_to(struct store_ingest *ing, const char *topic, const char *payload)
{
	struct pw_msg_limits lim;
	pw_msg_limits_default(&lim);
	lim.future_skew_ms = -1;
	lim.past_window_ms = -1;
	struct pw_msg msg;
	char why[PW_MSG_REASON_SZ];
	if (pw_msg_parse(topic, payload, strlen(payload), "park", T0, &lim, &msg, why, sizeof why) < 0)
		fail_msg("parse %s %s: %s", topic, payload, why);
	assert_int_equal(store_ingest_add(ing, &msg, T0), 0);
}

static void reading_to(struct store_ingest *ing, const char *ent, const char *sensor, int64_t ts,
                       double value)
{
	char topic[128], payload[128];
	snprintf(topic, sizeof topic, "park/%s/%s/reading", ent, sensor);
	snprintf(payload, sizeof payload, "{\"ts\": %lld, \"value\": %.17g}", (long long)ts, value);
	send_to(ing, topic, payload);
}

static void reading(struct fixture *f, const char *sensor, int64_t ts, double value)
{
	char ent[8];
	snprintf(ent, sizeof ent, "%.2s", sensor);
	reading_to(f->ing, ent, sensor, ts, value);
}

static void event(struct fixture *f, const char *sensor, int64_t ts, const char *ev, const char *detail)
{
	char topic[128], payload[256];
	snprintf(topic, sizeof topic, "park/E1/%s/event", sensor);
	snprintf(payload, sizeof payload, "{\"ts\": %lld, \"event\": \"%s\", \"detail\": \"%s\"}",
	         (long long)ts, ev, detail);
	send_to(f->ing, topic, payload);
}

static void flush_ok(struct fixture *f, struct store_ingest_result *res)
{
	struct store_ingest_result local;
	if (!res)
		res = &local;
	if (store_ingest_flush(f->ing, res) < 0)
		fail_msg("flush: %s", store_ingest_errmsg(f->ing));
	assert_false(res->failed);
	assert_int_equal(res->pending, 0);
}

/* ---- looking at the tables ---- */

static int64_t q_int(struct fixture *f, const char *sql, ...) __attribute__((format(printf, 2, 3)));
static int64_t q_int(struct fixture *f, const char *sql, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, sql);
	vsnprintf(buf, sizeof buf, sql, ap);
	va_end(ap);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(f->raw, buf, -1, &s, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", buf, sqlite3_errmsg(f->raw));
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -999;
	sqlite3_finalize(s);
	return v;
}

/* First column of the first row as text (static buffer; "" for none). */
static const char *q_text(struct fixture *f, const char *sql, ...) __attribute__((format(printf, 2, 3)));
static const char *q_text(struct fixture *f, const char *sql, ...)
{
	static char out[1024];
	char buf[512];
	va_list ap;
	va_start(ap, sql);
	vsnprintf(buf, sizeof buf, sql, ap);
	va_end(ap);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(f->raw, buf, -1, &s, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", buf, sqlite3_errmsg(f->raw));
	out[0] = '\0';
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* The alarm_events kinds of alarm ID, comma-separated, oldest first. */
static const char *trail(struct fixture *f, int64_t id)
{
	return q_text(f, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM alarm_events"
	                 " WHERE alarm_id = %lld ORDER BY id)", (long long)id);
}

static int64_t alarm_of(struct fixture *f, const char *sensor, const char *cond)
{
	return q_int(f, "SELECT max(a.id) FROM alarms a JOIN sensors s ON s.id = a.sensor_id"
	                " WHERE s.code = '%s' AND a.condition = '%s'", sensor, cond);
}

/* ---- readings and limits ---- */

static void test_readings_cross_l1_l2_and_back_raise_escalate_and_return(void **state)
{
	struct fixture *f = *state;
	struct store_ingest_result res;
	reading(f, "E1-NH3", T0, 10);
	flush_ok(f, &res);
	assert_int_equal(res.stored, 1);
	assert_int_equal(res.alarms_raised, 0);
	assert_string_equal(q_text(f, "SELECT state FROM sensors WHERE code = 'E1-NH3'"), "normal");

	reading(f, "E1-NH3", T0 + 1 * SEC, 25);
	flush_ok(f, &res);
	assert_int_equal(res.alarms_raised, 1);
	assert_int_equal(res.n_p1, 0); /* L1 of a gas is priority 2 */
	int64_t id = alarm_of(f, "E1-NH3", "limit");
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "unack");
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 2);
	assert_int_equal(q_int(f, "SELECT raised_at FROM alarms WHERE id = %lld", (long long)id), T0 + SEC);

	reading(f, "E1-NH3", T0 + 2 * SEC, 35);
	flush_ok(f, &res);
	assert_int_equal(res.alarms_raised, 0);
	assert_int_equal(res.n_p1, 1);
	assert_int_equal(res.p1_ids[0], id);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms"), 1);
	assert_int_equal(q_int(f, "SELECT level FROM alarms WHERE id = %lld", (long long)id), 2);
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 1);
	assert_string_equal(q_text(f, "SELECT state FROM sensors WHERE code = 'E1-NH3'"), "l2");

	/* Inside the deadband (l1 - 2 = 18): still in alarm. */
	reading(f, "E1-NH3", T0 + 3 * SEC, 19);
	flush_ok(f, &res);
	assert_int_equal(q_int(f, "SELECT active FROM alarms WHERE id = %lld", (long long)id), 1);

	reading(f, "E1-NH3", T0 + 4 * SEC, 5);
	flush_ok(f, &res);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "rtn_unack");
	assert_int_equal(q_int(f, "SELECT active FROM alarms WHERE id = %lld", (long long)id), 0);
	assert_int_equal(q_int(f, "SELECT returned_at FROM alarms WHERE id = %lld", (long long)id), T0 + 4 * SEC);
	/* The priority keeps the worst reached; the peak the worst value. */
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 1);
	assert_int_equal(q_int(f, "SELECT peak FROM alarms WHERE id = %lld", (long long)id), 35);
	assert_string_equal(trail(f, id), "raise,escalate,deescalate,return");
	assert_string_equal(q_text(f, "SELECT state FROM sensors WHERE code = 'E1-NH3'"), "normal");
	assert_int_equal(q_int(f, "SELECT last_value FROM sensors WHERE code = 'E1-NH3'"), 5);
	assert_int_equal(q_int(f, "SELECT last_ts FROM sensors WHERE code = 'E1-NH3'"), T0 + 4 * SEC);
}

static void test_reactivation_of_returned_alarm_reuses_the_row_and_counts_a_repeat(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	reading(f, "E1-NH3", T0 + SEC, 5);
	reading(f, "E1-NH3", T0 + 2 * SEC, 26);
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms"), 1);
	int64_t id = alarm_of(f, "E1-NH3", "limit");
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "unack");
	assert_int_equal(q_int(f, "SELECT repeats FROM alarms WHERE id = %lld", (long long)id), 1);
	assert_string_equal(trail(f, id), "raise,return,reactivate");

	/* Acknowledged and returned: cleared; the next excursion is a new alarm. */
	assert_int_equal(store_alarm_ack(f->st, id, "li", "seen", NULL), 0);
	reading(f, "E1-NH3", T0 + 3 * SEC, 4);
	reading(f, "E1-NH3", T0 + 4 * SEC, 27);
	flush_ok(f, NULL);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "cleared");
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms"), 2);
	assert_true(alarm_of(f, "E1-NH3", "limit") > id);
}

static void test_escalation_after_ack_keeps_the_alarm_id_and_reannunciates(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	flush_ok(f, NULL);
	int64_t id = alarm_of(f, "E1-NH3", "limit");
	char st[STORE_ALARM_STATE_SZ];
	assert_int_equal(store_alarm_ack(f->st, id, "wang", "checking", st), 0);
	assert_string_equal(st, "ack");

	struct store_ingest_result res;
	reading(f, "E1-NH3", T0 + SEC, 40);
	flush_ok(f, &res);
	assert_int_equal(alarm_of(f, "E1-NH3", "limit"), id);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms"), 1);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "unack");
	assert_int_equal(q_int(f, "SELECT acked FROM alarms WHERE id = %lld", (long long)id), 0);
	assert_int_equal(q_int(f, "SELECT acked_by IS NULL FROM alarms WHERE id = %lld", (long long)id), 1);
	assert_int_equal(res.n_p1, 1);
}

static void test_oxygen_alarms_low_at_p1_and_high_on_the_opposite_limit(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-O2", T0, 20.9);
	reading(f, "E1-O2", T0 + SEC, 19.0);
	struct store_ingest_result res;
	flush_ok(f, &res);
	int64_t low = alarm_of(f, "E1-O2", "limit");
	assert_true(low > 0);
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)low), 1);
	assert_int_equal(res.n_p1, 1);

	reading(f, "E1-O2", T0 + 2 * SEC, 20.9);
	reading(f, "E1-O2", T0 + 3 * SEC, 24.0);
	flush_ok(f, &res);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)low), "rtn_unack");
	int64_t high = alarm_of(f, "E1-O2", "opposite");
	assert_true(high > 0);
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)high), 2);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)high), "unack");
}

static void test_on_delay_raises_only_when_the_condition_held_long_enough(void **state)
{
	struct fixture *f = *state;
	/* A spike followed by a normal reading raises nothing. */
	reading(f, "E2-CO", T0, 45);
	reading(f, "E2-CO", T0 + 3 * SEC, 10);
	flush_ok(f, NULL);
	assert_int_equal(store_ingest_tick(f->ing, T0 + 20 * SEC, NULL), 0);
	assert_int_equal(alarm_of(f, "E2-CO", "limit"), 0);
	/* Held, then silent: the tick completes the delay, dated when it was due. */
	reading(f, "E2-CO", T0 + 30 * SEC, 45);
	flush_ok(f, NULL);
	assert_int_equal(store_ingest_tick(f->ing, T0 + 35 * SEC, NULL), 0);
	assert_int_equal(alarm_of(f, "E2-CO", "limit"), 0);
	struct store_ingest_result res;
	assert_int_equal(store_ingest_tick(f->ing, T0 + 41 * SEC, &res), 0);
	int64_t id = alarm_of(f, "E2-CO", "limit");
	assert_true(id > 0);
	assert_int_equal(res.alarms_raised, 1);
	assert_int_equal(q_int(f, "SELECT raised_at FROM alarms WHERE id = %lld", (long long)id), T0 + 40 * SEC);
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 2);
}

/* ---- identity and concurrency ---- */

static void test_duplicate_reading_is_stored_once_and_evaluated_once(void **state)
{
	struct fixture *f = *state;
	struct store_ingest_result res;
	reading(f, "E1-NH3", T0, 25);
	reading(f, "E1-NH3", T0, 25);
	flush_ok(f, &res);
	assert_int_equal(res.stored, 1);
	assert_int_equal(res.duplicates, 1);
	reading(f, "E1-NH3", T0, 25); /* QoS 1 redelivery in a later batch */
	flush_ok(f, &res);
	assert_int_equal(res.stored, 0);
	assert_int_equal(res.duplicates, 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarm_events"), 1);
	assert_int_equal(q_int(f, "SELECT n FROM readings_minute"), 1);
}

static void test_two_connections_fed_the_same_stream_raise_each_alarm_once(void **state)
{
	struct fixture *f = *state;
	/* A second console (or the recorder) on its own connection to the file. */
	struct pw_store *st2;
	char *err = NULL;
	assert_int_equal(store_open(&st2, f->path, 0, &err), 0);
	struct store_ingest *ing2 = store_ingest_new(st2, &f->cfg);
	static const double values[] = {10, 22, 33, 24, 5, 26, 55, 3};
	for (size_t i = 0; i < PW_ARRAY_LEN(values); i++) {
		int64_t ts = T0 + (int64_t)i * SEC;
		reading_to(f->ing, "E1", "E1-NH3", ts, values[i]);
		reading_to(ing2, "E1", "E1-NH3", ts, values[i]);
		reading_to(f->ing, "E2", "E2-LEL", ts, values[i]);
		reading_to(ing2, "E2", "E2-LEL", ts, values[i]);
		/* Alternate who is first, as the broker's delivery order would. */
		struct store_ingest *first = i % 2 ? ing2 : f->ing, *second = i % 2 ? f->ing : ing2;
		assert_int_equal(store_ingest_flush(first, NULL), 0);
		assert_int_equal(store_ingest_flush(second, NULL), 0);
	}
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings"), 2 * PW_ARRAY_LEN(values));
	/* Each excursion is one row per sensor and condition, each change one event. */
	int64_t nh3 = alarm_of(f, "E1-NH3", "limit");
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms a JOIN sensors s ON s.id = a.sensor_id"
	                          " WHERE s.code = 'E1-NH3'"), 1);
	assert_string_equal(trail(f, nh3), "raise,escalate,deescalate,return,reactivate,escalate,return");
	int64_t lel = alarm_of(f, "E2-LEL", "limit");
	assert_string_equal(trail(f, lel), "raise,return,reactivate,escalate,return");
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarm_events WHERE kind = 'raise'"), 2);
	struct store_ingest_stats s1, s2;
	store_ingest_stats(f->ing, &s1);
	store_ingest_stats(ing2, &s2);
	assert_int_equal(s1.stored + s2.stored, 2 * PW_ARRAY_LEN(values));
	assert_int_equal(s1.duplicates + s2.duplicates, 2 * PW_ARRAY_LEN(values));
	store_ingest_free(ing2);
	store_close(st2);
}

/* ---- detectors, status, wind ---- */

static void test_detector_events_raise_return_and_keep_hostile_detail_harmless(void **state)
{
	struct fixture *f = *state;
	struct store_ingest_result res;
	event(f, "E1-SMK", T0, "alarm", "zone 3 \\u001b]0;pwned\\u0007 smoke");
	event(f, "E1-SMK", T0, "alarm", "zone 3"); /* same identity: duplicate */
	flush_ok(f, &res);
	assert_int_equal(res.events, 1);
	assert_int_equal(res.duplicates, 1);
	int64_t id = alarm_of(f, "E1-SMK", "event");
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 1);
	assert_int_equal(res.n_p1, 1);
	assert_null(strchr(q_text(f, "SELECT detail FROM sensor_events"), '\033'));
	assert_null(strchr(q_text(f, "SELECT message FROM alarms WHERE id = %lld", (long long)id), '\033'));
	assert_string_equal(q_text(f, "SELECT state FROM sensors WHERE code = 'E1-SMK'"), "alarm");

	event(f, "E1-SMK", T0 + SEC, "tamper", "cover open");
	event(f, "E1-SMK", T0 + 2 * SEC, "clear", "");
	flush_ok(f, &res);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "rtn_unack");
	int64_t tamper = alarm_of(f, "E1-SMK", "tamper");
	assert_true(tamper > 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM sensor_events"), 3);
}

static void test_gateway_offline_raises_comm_and_online_returns_it(void **state)
{
	struct fixture *f = *state;
	send_to(f->ing, "park/E1/E1-NH3/status", "offline");
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT online FROM sensors WHERE code = 'E1-NH3'"), 0);
	int64_t id = alarm_of(f, "E1-NH3", "comm");
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 4);
	send_to(f->ing, "park/E1/E1-NH3/status", "online");
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT online FROM sensors WHERE code = 'E1-NH3'"), 1);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "rtn_unack");
}

static void test_wind_is_stored_for_known_stations_only(void **state)
{
	struct fixture *f = *state;
	struct store_ingest_result res;
	send_to(f->ing, "park/weather/W1/wind", "{\"ts\": 1795838400000, \"dir_deg\": 270, \"speed_ms\": 3.5}");
	send_to(f->ing, "park/weather/W1/wind", "{\"ts\": 1795838400000, \"dir_deg\": 270, \"speed_ms\": 3.5}");
	send_to(f->ing, "park/weather/W9/wind", "{\"ts\": 1795838400000, \"dir_deg\": 90, \"speed_ms\": 1}");
	flush_ok(f, &res);
	assert_int_equal(res.wind, 1);
	assert_int_equal(res.duplicates, 1);
	assert_int_equal(res.rejected, 1);
	assert_true(res.changed_wind);
	assert_string_equal(q_text(f, "SELECT reason FROM rejected"), "unknown station W9");
	assert_string_equal(q_text(f, "SELECT topic FROM rejected"), "park/weather/W9/wind");
}

/* ---- rejections ---- */

static void test_unknown_sensor_topic_mismatch_and_wrong_unit_are_rejected_with_reasons(void **state)
{
	struct fixture *f = *state;
	struct store_ingest_result res;
	reading_to(f->ing, "E9", "E9-X", T0, 1);
	reading_to(f->ing, "E2", "E1-NH3", T0, 1);
	send_to(f->ing, "park/E1/E1-NH3/reading", "{\"ts\": 1795838400000, \"value\": 30, \"unit\": \"ppm\"}");
	reading(f, "E1-NH3", T0 + SEC, 3); /* valid traffic keeps flowing */
	flush_ok(f, &res);
	assert_int_equal(res.rejected, 3);
	assert_int_equal(res.stored, 1);
	assert_string_equal(q_text(f, "SELECT group_concat(reason, '|') FROM (SELECT reason FROM rejected ORDER BY id)"),
	                    "unknown sensor E9-X|"
	                    "topic/sensor mismatch: sensor E1-NH3 belongs to E1, not E2|"
	                    "unit mismatch: sensor E1-NH3 measures in mg/m3, got ppm");
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms"), 0);
}

static void test_rejected_rows_are_pruned_to_the_configured_bound(void **state)
{
	struct fixture *f = *state;
	f->cfg.rejected_max = 5;
	char payload[600];
	memset(payload, 'x', sizeof payload - 1);
	payload[sizeof payload - 1] = '\0';
	payload[0] = '\033';
	for (int i = 0; i < 12; i++) {
		char reason[32];
		snprintf(reason, sizeof reason, "invalid JSON %d", i);
		assert_int_equal(store_ingest_reject(f->ing, "park/E1/E1-NH3/reading", reason, payload,
		                                     strlen(payload), T0 + i),
		                 0);
	}
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rejected"), 5);
	assert_string_equal(q_text(f, "SELECT reason FROM rejected ORDER BY id DESC"), "invalid JSON 11");
	assert_string_equal(q_text(f, "SELECT reason FROM rejected ORDER BY id"), "invalid JSON 7");
	assert_true(q_int(f, "SELECT max(length(payload)) FROM rejected") <= STORE_INGEST_REJECT_PAYLOAD);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rejected WHERE instr(payload, char(27))"), 0);
}

/* Two publishers, or a gateway's buffer: the dangerous sample arrives after a newer normal one. */
static void test_a_late_dangerous_reading_is_an_alarm_waiting_for_acknowledgement(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0 + 10 * SEC, 5);
	flush_ok(f, NULL);
	reading(f, "E1-NH3", T0, 99);
	struct store_ingest_result res;
	flush_ok(f, &res);
	int64_t id = alarm_of(f, "E1-NH3", "limit");
	assert_true(id > 0);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "rtn_unack");
	assert_string_equal(trail(f, id), "raise,return");
	assert_int_equal(q_int(f, "SELECT raised_at FROM alarms WHERE id = %lld", (long long)id), T0);
	assert_true(strstr(q_text(f, "SELECT message FROM alarms WHERE id = %lld", (long long)id), "late reading"));
	/* the sensor still shows where the value is now */
	assert_int_equal(q_int(f, "SELECT last_value FROM sensors WHERE code = 'E1-NH3'"), 5);
	assert_true(res.changed_alarms);
}

/* ---- rollups, sparkline, retention ---- */

static void test_minute_rollup_keeps_count_min_max_and_sum(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0 + 1 * SEC, 10);
	reading(f, "E1-NH3", T0 + 20 * SEC, 14);
	reading(f, "E1-NH3", T0 + 59 * SEC, 12);
	reading(f, "E1-NH3", T0 + MIN, 16);
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT n FROM readings_minute WHERE minute = %lld", (long long)T0), 3);
	assert_int_equal(q_int(f, "SELECT vmin FROM readings_minute WHERE minute = %lld", (long long)T0), 10);
	assert_int_equal(q_int(f, "SELECT vmax FROM readings_minute WHERE minute = %lld", (long long)T0), 14);
	assert_int_equal(q_int(f, "SELECT vsum FROM readings_minute WHERE minute = %lld", (long long)T0), 36);
	assert_int_equal(q_int(f, "SELECT n FROM readings_minute WHERE minute = %lld", (long long)(T0 + MIN)), 1);

	double spark[4];
	assert_int_equal(store_sensor_sparkline(f->st, "E1-NH3", T0 - 2 * MIN, T0 + 2 * MIN, 4, spark), 0);
	assert_true(isnan(spark[0]) && isnan(spark[1]));
	assert_true(fabs(spark[2] - 12.0) < 1e-9); /* minute T0: 36 / 3 */
	assert_true(fabs(spark[3] - 16.0) < 1e-9);
	double fine[2];
	assert_int_equal(store_sensor_sparkline(f->st, "E1-NH3", T0, T0 + MIN, 2, fine), 0);
	assert_true(fabs(fine[0] - 12.0) < 1e-9 && fabs(fine[1] - 12.0) < 1e-9);
	assert_int_equal(store_sensor_sparkline(f->st, "NOPE", T0, T0 + MIN, 2, fine), PW_STORE_NOTFOUND);
}

static void test_retention_deletes_old_raw_readings_and_old_rollups(void **state)
{
	struct fixture *f = *state;
	int64_t now = T0 + 100 * 86400 * SEC;
	reading(f, "E1-NH3", T0, 1);                                /* 100 days old */
	reading(f, "E1-NH3", now - 49 * 3600 * SEC, 2);             /* past the 48 h window */
	reading(f, "E1-NH3", now - 3600 * SEC, 3);                  /* kept */
	flush_ok(f, NULL);
	assert_int_equal(store_ingest_tick(f->ing, now, NULL), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings_minute"), 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings_minute WHERE minute < %lld",
	                       (long long)(now - 90 * 86400 * SEC)), 0);
}

/* A backlog bigger than one chunk (a recorder that was down) shrinks by several chunks a tick. */
static void test_expired_rollups_of_every_sensor_go_at_the_next_tick(void **state)
{
	struct fixture *f = *state;
	int64_t now = T0 + 100 * 86400 * SEC;
	const char *sensors[] = {"E1-NH3", "E2-LEL", "E2-CO"};
	for (size_t i = 0; i < PW_ARRAY_LEN(sensors); i++) {
		reading(f, sensors[i], T0, 1);                    /* 100 days old */
		reading(f, sensors[i], now - 3600 * SEC, 1);      /* kept */
	}
	flush_ok(f, NULL);
	assert_int_equal(store_ingest_tick(f->ing, now, NULL), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings_minute WHERE minute < %lld",
	                       (long long)(now - 90 * 86400 * SEC)), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings_minute"), 3);
}

static void test_retention_catches_up_on_a_backlog_several_chunks_a_tick(void **state)
{
	struct fixture *f = *state;
	int64_t now = T0 + 3 * 86400 * SEC;
	assert_int_equal(sqlite3_exec(f->raw,
	                              "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 5000)"
	                              " INSERT INTO readings(sensor_id, ts, value)"
	                              " SELECT (SELECT id FROM sensors WHERE code = 'E1-NH3'), i, 1 FROM k",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	reading(f, "E1-NH3", now - 3600 * SEC, 3); /* kept */
	flush_ok(f, NULL);
	assert_int_equal(store_ingest_tick(f->ing, now, NULL), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings"), 1);
}

/* ---- periodic: shelve expiry, comm faults ---- */

static void test_shelved_alarm_comes_back_when_its_time_is_up(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	flush_ok(f, NULL);
	int64_t id = alarm_of(f, "E1-NH3", "limit");
	char st[STORE_ALARM_STATE_SZ];
	int64_t now = pw_now_ms();
	assert_int_equal(store_alarm_shelve(f->st, id, 30, "sensor being calibrated", "zhao", now, st), 0);
	assert_string_equal(st, "shelved");
	struct store_ingest_result res;
	assert_int_equal(store_ingest_tick(f->ing, now + 29 * MIN, &res), 0);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "shelved");
	assert_int_equal(store_ingest_tick(f->ing, now + 30 * MIN, &res), 0);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "unack");
	assert_true(res.changed_alarms);
	assert_string_equal(trail(f, id), "raise,shelve,unshelve");
	assert_true(strstr(q_text(f, "SELECT text FROM duty_log ORDER BY id DESC"), "auto-unshelved alarm") != NULL);
}

static void test_silent_sensor_raises_comm_fault_on_tick_and_data_returns_it(void **state)
{
	struct fixture *f = *state;
	int64_t now = pw_now_ms();
	reading(f, "E1-NH3", now, 5);
	flush_ok(f, NULL);
	struct store_ingest_result res;
	assert_int_equal(store_ingest_tick(f->ing, now + 299 * SEC, &res), 0);
	assert_int_equal(alarm_of(f, "E1-NH3", "comm"), 0);
	assert_int_equal(store_ingest_tick(f->ing, now + 301 * SEC, &res), 0);
	int64_t id = alarm_of(f, "E1-NH3", "comm");
	assert_true(id > 0);
	assert_int_equal(q_int(f, "SELECT priority FROM alarms WHERE id = %lld", (long long)id), 4);
	assert_int_equal(q_int(f, "SELECT raised_at FROM alarms WHERE id = %lld", (long long)id), now + 300 * SEC);
	/* Ticking on raises nothing more. */
	assert_int_equal(store_ingest_tick(f->ing, now + 400 * SEC, &res), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE condition = 'comm' AND sensor_id = 1"), 1);
	reading(f, "E1-NH3", now + 401 * SEC, 5);
	flush_ok(f, NULL);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "rtn_unack");
}

/* ---- idle cost: the tick reads only what is due ---- */

/* N more sensors on E1 (ids 101.., codes E1-B00001..): NH3, l1 20, l2 30, comm timeout 300 s. */
static void add_bulk_sensors(struct fixture *f, int n, int on_delay_s)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < %d)"
	         " INSERT INTO sensors (id, code, enterprise_id, kind, unit, l1, l2, direction,"
	         "                      on_delay_s, comm_timeout_s)"
	         " SELECT 100 + k, printf('E1-B%%05d', k), 1, 'nh3', 'mg/m3', 20, 30, 'high', %d, 300 FROM i",
	         n, on_delay_s);
	if (sqlite3_exec(f->raw, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("bulk sensors: %s", sqlite3_errmsg(f->raw));
}

/* One reading of VALUE at TS for each bulk sensor, flushed in batches. */
static void bulk_readings(struct fixture *f, int n, int64_t ts, double value)
{
	for (int k = 1; k <= n; k++) {
		char code[16];
		snprintf(code, sizeof code, "E1-B%05d", k);
		reading(f, code, ts, value);
		if (k % 1000 == 0 || k == n)
			flush_ok(f, NULL);
	}
}

/* Has anyone committed since the raw connection last looked? (PRAGMA data_version) */
static int64_t data_version(struct fixture *f)
{
	return q_int(f, "PRAGMA data_version");
}

/* Tick every second from FROM to TO (inclusive). */
static void tick_through(struct fixture *f, int64_t from, int64_t to)
{
	for (int64_t t = from; t <= to; t += SEC)
		assert_int_equal(store_ingest_tick(f->ing, t, NULL), 0);
}

static void test_idle_ticks_on_a_large_park_write_nothing_until_a_deadline_passes(void **state)
{
	struct fixture *f = *state;
	const int n = 5000;   /* more than one tick's batch of due sensors */
	int64_t now = pw_now_ms();
	add_bulk_sensors(f, n, 0);
	bulk_readings(f, n, now, 5);
	/* The fixture's never-heard sensors start their silence clock at the first tick. */
	tick_through(f, now + 1 * SEC, now + 2 * SEC);
	int64_t dv = data_version(f);
	for (int64_t t = now + 3 * SEC; t < now + 300 * SEC; t += 7 * SEC)
		assert_int_equal(store_ingest_tick(f->ing, t, NULL), 0);
	assert_int_equal(data_version(f), dv);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms"), 0);
	/* The deadline: every silent sensor gets its comm alarm, dated at the deadline. */
	tick_through(f, now + 300 * SEC, now + 304 * SEC);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE condition = 'comm'"
	                          " AND sensor_id > 100"), n);
	assert_int_equal(q_int(f, "SELECT min(raised_at) FROM alarms WHERE sensor_id > 100"), now + 300 * SEC);
	assert_int_equal(q_int(f, "SELECT max(raised_at) FROM alarms WHERE sensor_id > 100"), now + 300 * SEC);
	/* All raised: idle again, nothing written. */
	dv = data_version(f);
	tick_through(f, now + 305 * SEC, now + 320 * SEC);
	assert_int_equal(data_version(f), dv);
}

static void
test_sensors_held_in_alarm_by_an_on_delay_beyond_one_batch_all_get_their_comm_fault(void **state)
{
	struct fixture *f = *state;
	const int n = 2500;   /* more than TICK_SENSORS_MAX (2,000) */
	int64_t now = pw_now_ms();
	add_bulk_sensors(f, n, 10);
	bulk_readings(f, n, now, 25);   /* beyond l1, held: raised by the tick 10 s later */
	tick_through(f, now + 1 * SEC, now + 14 * SEC);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE condition = 'limit'"
	                          " AND sensor_id > 100"), n);
	assert_int_equal(q_int(f, "SELECT max(raised_at) FROM alarms WHERE condition = 'limit'"),
	                 now + 10 * SEC);
	/* Still beyond the limit and silent: each one, the highest ids too, gets a comm fault. */
	tick_through(f, now + 15 * SEC, now + 305 * SEC);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE condition = 'comm'"
	                          " AND sensor_id > 100"), n);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE condition = 'comm'"
	                          " AND sensor_id = %d", 100 + n), 1);
}

static void test_a_sensor_put_back_in_service_is_watched_again(void **state)
{
	struct fixture *f = *state;
	int64_t now = pw_now_ms();
	reading(f, "E1-NH3", now, 5);
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT tick_due FROM sensors WHERE id = 1"), now + 300 * SEC);
	/* Out of service: nothing to watch, so nothing due. */
	assert_int_equal(sqlite3_exec(f->raw, "UPDATE sensors SET in_service = 0 WHERE id = 1",
	                              NULL, NULL, NULL), SQLITE_OK);
	tick_through(f, now + 1 * SEC, now + 2 * SEC);
	assert_int_equal(q_int(f, "SELECT tick_due IS NULL FROM sensors WHERE id = 1"), 1);
	/* Back in service by hand (plain SQL): the definition change makes it due again. */
	assert_int_equal(sqlite3_exec(f->raw, "UPDATE sensors SET in_service = 1 WHERE id = 1",
	                              NULL, NULL, NULL), SQLITE_OK);
	tick_through(f, now + 3 * SEC, now + 301 * SEC);
	assert_true(alarm_of(f, "E1-NH3", "comm") > 0);
}

/* ---- operator actions ---- */

static void test_ack_and_shelve_follow_the_state_table_and_write_the_duty_log(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	reading(f, "E2-LEL", T0, 30);
	flush_ok(f, NULL);
	int64_t nh3 = alarm_of(f, "E1-NH3", "limit"), lel = alarm_of(f, "E2-LEL", "limit");
	char st[STORE_ALARM_STATE_SZ];

	assert_int_equal(store_alarm_ack(f->st, nh3, "wang", "checked on site", st), 0);
	assert_string_equal(st, "ack");
	char want[128];
	snprintf(want, sizeof want, "ack alarm %lld (E1-NH3 P2): checked on site", (long long)nh3);
	assert_string_equal(q_text(f, "SELECT text FROM duty_log ORDER BY id DESC"), want);
	assert_string_equal(q_text(f, "SELECT acked_by FROM alarms WHERE id = %lld", (long long)nh3), "wang");

	assert_int_equal(store_alarm_ack(f->st, nh3, "wang", "", st), STORE_ALARM_ILLEGAL);
	snprintf(want, sizeof want, "alarm %lld is already acknowledged", (long long)nh3);
	assert_string_equal(store_errmsg(f->st), want);
	assert_int_equal(store_alarm_ack(f->st, 999, "wang", "", st), PW_STORE_NOTFOUND);
	assert_string_equal(store_errmsg(f->st), "no alarm 999");

	assert_int_equal(store_alarm_shelve(f->st, lel, 30, "  ", "wang", T0, st), STORE_ALARM_ILLEGAL);
	assert_int_equal(store_alarm_shelve(f->st, lel, 0, "maintenance", "wang", T0, st), STORE_ALARM_ILLEGAL);
	assert_int_equal(store_alarm_shelve(f->st, lel, 1441, "maintenance", "wang", T0, st), STORE_ALARM_ILLEGAL);
	assert_int_equal(store_alarm_unshelve(f->st, lel, "wang", st), STORE_ALARM_ILLEGAL);
	assert_int_equal(store_alarm_shelve(f->st, lel, 30, "maintenance", "wang", pw_now_ms(), st), 0);
	assert_true(strstr(q_text(f, "SELECT text FROM duty_log ORDER BY id DESC"), "for 30 min until") != NULL);
	assert_int_equal(store_alarm_unshelve(f->st, lel, "wang", st), 0);
	assert_string_equal(st, "unack");

	/* Returned and acknowledged: cleared, and nothing more may happen to it. */
	reading(f, "E1-NH3", T0 + SEC, 1);
	flush_ok(f, NULL);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)nh3), "cleared");
	assert_int_equal(q_int(f, "SELECT cleared_at IS NOT NULL FROM alarms WHERE id = %lld", (long long)nh3), 1);
	assert_int_equal(store_alarm_ack(f->st, nh3, "wang", "", st), STORE_ALARM_ILLEGAL);
	snprintf(want, sizeof want, "alarm %lld is cleared", (long long)nh3);
	assert_string_equal(store_errmsg(f->st), want);
	assert_int_equal(store_alarm_shelve(f->st, nh3, 10, "x", "wang", pw_now_ms(), st), STORE_ALARM_ILLEGAL);
	assert_int_equal(store_check(f->st, stderr), 0);
}

static void test_ack_many_writes_one_duty_entry_and_skips_what_is_already_acked(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	reading(f, "E2-LEL", T0, 30);
	reading(f, "E1-O2", T0, 19);
	flush_ok(f, NULL);
	int64_t ids[] = {alarm_of(f, "E1-NH3", "limit"), alarm_of(f, "E2-LEL", "limit"),
	                 alarm_of(f, "E1-O2", "limit"), 4242};
	assert_int_equal(store_alarm_ack(f->st, ids[1], "li", NULL, NULL), 0);
	int64_t duty_before = q_int(f, "SELECT count(*) FROM duty_log");
	size_t acked = 0;
	assert_int_equal(store_alarm_ack_many(f->st, ids, PW_ARRAY_LEN(ids), "wang", "gas round", &acked), 0);
	assert_int_equal(acked, 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM duty_log"), duty_before + 1);
	const char *text = q_text(f, "SELECT text FROM duty_log ORDER BY id DESC");
	assert_true(strncmp(text, "ack 2 alarms: ", 14) == 0);
	assert_true(strstr(text, "E1-NH3 P2") && strstr(text, "E1-O2 P1") && strstr(text, ": gas round"));
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE state = 'ack'"), 3);
}

static void test_lists_order_unacknowledged_p1_first_and_count_by_priority(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);          /* P2 */
	reading(f, "E1-O2", T0 + SEC, 19);     /* P1 */
	reading(f, "E2-LEL", T0 + 2 * SEC, 30); /* P2, newest */
	flush_ok(f, NULL);
	assert_int_equal(store_alarm_ack(f->st, alarm_of(f, "E1-O2", "limit"), "li", "", NULL), 0);
	struct store_alarm_list l;
	assert_int_equal(store_alarm_list_active(f->st, NULL, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].sensor_code, "E2-LEL");   /* unacked, P2, newest */
	assert_string_equal(l.v[1].sensor_code, "E1-NH3");
	assert_string_equal(l.v[2].sensor_code, "E1-O2");    /* acked last */
	assert_string_equal(l.v[1].enterprise_name, "冷库一号");
	store_alarm_list_free(&l);

	struct store_alarm_filter flt = {.enterprise_code = "E1", .unacked_only = true};
	assert_int_equal(store_alarm_list_active(f->st, &flt, &l), 0);
	assert_int_equal(l.n, 1);
	store_alarm_list_free(&l);

	struct store_alarm_counts c;
	assert_int_equal(store_alarm_counts(f->st, &c), 0);
	assert_int_equal(c.unack[1], 0);
	assert_int_equal(c.unack[2], 2);
	assert_int_equal(c.unack_total, 2);
	assert_int_equal(c.open, 3);
	int flood;
	assert_int_equal(store_alarm_flood(f->st, T0 + 10 * SEC, 600, &flood), 0);
	assert_int_equal(flood, 3);
	assert_int_equal(store_alarm_flood(f->st, T0 + 700 * SEC, 600, &flood), 0);
	assert_int_equal(flood, 0);
}

static void test_p1_cursor_reports_alarms_raised_by_another_process(void **state)
{
	struct fixture *f = *state;
	int64_t cursor = -1, ids[4];
	size_t n;
	assert_int_equal(store_alarm_p1_since(f->st, &cursor, ids, 4, &n), 0);
	assert_int_equal(n, 0);
	reading(f, "E1-NH3", T0, 25);       /* P2: does not ring */
	reading(f, "E1-O2", T0, 19);        /* P1 */
	reading(f, "E1-NH3", T0 + SEC, 35); /* escalates to P1 */
	flush_ok(f, NULL);
	assert_int_equal(store_alarm_p1_since(f->st, &cursor, ids, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_alarm_p1_since(f->st, &cursor, ids, 4, &n), 0);
	assert_int_equal(n, 0);
}

static void test_out_of_service_sensor_returns_its_alarms_and_raises_none(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	flush_ok(f, NULL);
	int64_t id = alarm_of(f, "E1-NH3", "limit");
	assert_int_equal(store_sensor_set_in_service(f->st, "E1-NH3", false, "li", ""), STORE_ALARM_ILLEGAL);
	assert_int_equal(store_sensor_set_in_service(f->st, "E1-NH3", false, "li", "replacing head"), 0);
	assert_string_equal(q_text(f, "SELECT state FROM alarms WHERE id = %lld", (long long)id), "rtn_unack");
	assert_string_equal(q_text(f, "SELECT state FROM sensors WHERE code = 'E1-NH3'"), "oos");
	reading(f, "E1-NH3", T0 + SEC, 45);
	flush_ok(f, NULL);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings"), 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM alarms WHERE active = 1"), 0);
	assert_int_equal(store_sensor_set_in_service(f->st, "E1-NH3", true, "li", NULL), 0);
	assert_int_equal(q_int(f, "SELECT in_service FROM sensors WHERE code = 'E1-NH3'"), 1);
	assert_string_equal(q_text(f, "SELECT text FROM duty_log ORDER BY id DESC"), "sensor E1-NH3 back in service");
}

/* ---- failure ---- */

static void test_busy_database_keeps_the_batch_for_the_next_flush(void **state)
{
	struct fixture *f = *state;
	reading(f, "E1-NH3", T0, 25);
	assert_int_equal(sqlite3_exec(f->raw, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	struct store_ingest_result res;
	assert_int_equal(store_ingest_flush(f->ing, &res), -1); /* waits out the busy timeout */
	assert_true(res.failed);
	assert_int_equal(res.pending, 1);
	assert_true(strlen(store_ingest_errmsg(f->ing)) > 0);
	assert_int_equal(sqlite3_exec(f->raw, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	reading(f, "E1-NH3", T0 + SEC, 35);
	flush_ok(f, &res);
	assert_int_equal(res.stored, 2);
	struct store_ingest_stats s;
	store_ingest_stats(f->ing, &s);
	assert_int_equal(s.flush_failures, 1);
	assert_string_equal(trail(f, alarm_of(f, "E1-NH3", "limit")), "raise,escalate");
}

static void test_message_the_database_refuses_is_recorded_and_the_rest_still_flows(void **state)
{
	struct fixture *f = *state;
	/* A constraint the data violates: not busy, not retryable. */
	assert_int_equal(sqlite3_exec(f->raw, "CREATE TRIGGER poison BEFORE INSERT ON readings"
	                                      " WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	reading(f, "E1-NH3", T0, 1);
	reading(f, "E1-NH3", T0 + SEC, 666);
	reading(f, "E1-NH3", T0 + 2 * SEC, 25);
	struct store_ingest_result res;
	assert_int_equal(store_ingest_flush(f->ing, &res), 0);
	assert_int_equal(store_ingest_flush(f->ing, &res), 0);
	assert_int_equal(res.pending, 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM readings"), 2);
	assert_true(strstr(q_text(f, "SELECT reason FROM rejected"), "store error:") != NULL);
	assert_true(strstr(q_text(f, "SELECT reason FROM rejected"), "poisoned") != NULL);
	assert_true(alarm_of(f, "E1-NH3", "limit") > 0);
	struct store_ingest_stats s;
	store_ingest_stats(f->ing, &s);
	assert_int_equal(s.store_errors, 1);
}

static void test_full_queue_drops_and_counts_instead_of_growing(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < STORE_INGEST_QUEUE_MAX; i++)
		assert_int_equal(store_ingest_reject(f->ing, "park/x", "unknown topic", "{}", 2, T0), 0);
	assert_int_equal(store_ingest_reject(f->ing, "park/x", "unknown topic", "{}", 2, T0), -1);
	assert_int_equal(store_ingest_pending(f->ing), STORE_INGEST_QUEUE_MAX);
	struct store_ingest_stats s;
	store_ingest_stats(f->ing, &s);
	assert_int_equal(s.dropped, 1);
	struct store_ingest_result res;
	assert_int_equal(store_ingest_flush(f->ing, &res), 0);
	assert_int_equal(res.pending, STORE_INGEST_QUEUE_MAX - STORE_INGEST_BATCH_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_readings_cross_l1_l2_and_back_raise_escalate_and_return),
		T(test_reactivation_of_returned_alarm_reuses_the_row_and_counts_a_repeat),
		T(test_escalation_after_ack_keeps_the_alarm_id_and_reannunciates),
		T(test_oxygen_alarms_low_at_p1_and_high_on_the_opposite_limit),
		T(test_on_delay_raises_only_when_the_condition_held_long_enough),
		T(test_duplicate_reading_is_stored_once_and_evaluated_once),
		T(test_two_connections_fed_the_same_stream_raise_each_alarm_once),
		T(test_detector_events_raise_return_and_keep_hostile_detail_harmless),
		T(test_gateway_offline_raises_comm_and_online_returns_it),
		T(test_wind_is_stored_for_known_stations_only),
		T(test_unknown_sensor_topic_mismatch_and_wrong_unit_are_rejected_with_reasons),
		T(test_rejected_rows_are_pruned_to_the_configured_bound),
		T(test_minute_rollup_keeps_count_min_max_and_sum),
		T(test_a_late_dangerous_reading_is_an_alarm_waiting_for_acknowledgement),
		T(test_retention_deletes_old_raw_readings_and_old_rollups),
		T(test_retention_catches_up_on_a_backlog_several_chunks_a_tick),
		T(test_expired_rollups_of_every_sensor_go_at_the_next_tick),
		T(test_shelved_alarm_comes_back_when_its_time_is_up),
		T(test_silent_sensor_raises_comm_fault_on_tick_and_data_returns_it),
		T(test_ack_and_shelve_follow_the_state_table_and_write_the_duty_log),
		T(test_ack_many_writes_one_duty_entry_and_skips_what_is_already_acked),
		T(test_lists_order_unacknowledged_p1_first_and_count_by_priority),
		T(test_p1_cursor_reports_alarms_raised_by_another_process),
		T(test_out_of_service_sensor_returns_its_alarms_and_raises_none),
		T(test_busy_database_keeps_the_batch_for_the_next_flush),
		T(test_message_the_database_refuses_is_recorded_and_the_rest_still_flows),
		T(test_full_queue_drops_and_counts_instead_of_growing),
		T(test_idle_ticks_on_a_large_park_write_nothing_until_a_deadline_passes),
		T(test_sensors_held_in_alarm_by_an_on_delay_beyond_one_batch_all_get_their_comm_fault),
		T(test_a_sensor_put_back_in_service_is_watched_again),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
