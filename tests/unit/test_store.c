/*
 * test_store.c - schema migrations, the duty-log hash chain, db check, the
 * query tables and importing key places, against a real SQLite file in a
 * temporary directory. Tampering
 * goes through a second, raw sqlite3 connection, as an intruder's would.
 */
#include "config.h"

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

#include "parkwatch/store.h"
#include "parkwatch/risk.h"
#include "parkwatch/store_duty.h"
#include "parkwatch/store_import.h"
#include "parkwatch/store_query.h"
#include "parkwatch/util.h"
#include "store_fixture.h"

/* 2026-11-28T12:00:00+08:00 */
#define NOON_MS INT64_C(1795838400000)
#define DAY_MS INT64_C(86400000)

struct fixture {
	struct store_fixture db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	pw_set_timezone("Asia/Shanghai");
	if (store_fixture_open(&f->db, "store") < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_fixture_remove(&f->db);
	free(f);
	return 0;
}

/* Run SQL on a second connection to the same file (the tamperer's view). */
static void raw_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("raw sql failed: %s", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
}

static char *raw_text(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	char *out = NULL;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return out;
}

static void append_three(struct fixture *f)
{
	int64_t id = 0;
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", "first", false, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(store_duty_append(f->db.st, "bob", "handover", "第二条 中文", true, &id), 0);
	assert_int_equal(id, 2);
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", "third\ttab", false, &id), 0);
	assert_int_equal(id, 3);
}

/* store_check's output for the fixture's database, and its count. */
static char *check_output(struct fixture *f, int *count)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	*count = store_check(f->db.st, out);
	fclose(out);
	return buf;
}

static void test_migrations_bring_an_empty_file_to_the_latest_version(void **state)
{
	struct fixture *f = *state;
	char *p = xasprintf("%s/fresh.db", f->db.dir), *err = NULL;
	struct pw_store *st;
	assert_int_equal(store_open(&st, p, PW_STORE_CREATE | PW_STORE_NO_SCHEMA, &err), 0);
	assert_int_equal(store_schema_version(st), 0);
	int from = -1, to = -1;
	assert_int_equal(store_migrate(st, &from, &to), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, store_schema_latest());
	assert_int_equal(store_schema_version(st), store_schema_latest());
	/* A second run finds nothing to do. */
	assert_int_equal(store_migrate(st, &from, &to), 0);
	assert_int_equal(from, to);
	store_close(st);
	char *wal = xasprintf("%s-wal", p), *shm = xasprintf("%s-shm", p);
	unlink(p);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
	free(p);
}

static void test_duty_chain_starts_at_zeros_and_links_each_row(void **state)
{
	struct fixture *f = *state;
	append_three(f);
	char *p1 = raw_text(f, "SELECT prev_hash FROM duty_log WHERE id = 1");
	char *h1 = raw_text(f, "SELECT hash FROM duty_log WHERE id = 1");
	char *p2 = raw_text(f, "SELECT prev_hash FROM duty_log WHERE id = 2");
	assert_string_equal(p1, PW_DUTY_GENESIS);
	assert_string_equal(p2, h1);
	assert_int_equal(strlen(h1), 64);
	int64_t bad = -1;
	char *why = NULL;
	assert_int_equal(store_duty_verify(f->db.st, &bad, &why), 0);
	assert_null(why);
	free(p1);
	free(h1);
	free(p2);
}

static void test_duty_hash_fields_cannot_run_into_each_other(void **state)
{
	(void)state;
	char a[PW_DUTY_HASH_BUFSZ], b[PW_DUTY_HASH_BUFSZ], c[PW_DUTY_HASH_BUFSZ];
	assert_int_equal(store_duty_hash(a, PW_DUTY_GENESIS, 1, 5, "ab", "c", "t", false), 0);
	assert_int_equal(store_duty_hash(b, PW_DUTY_GENESIS, 1, 5, "a", "bc", "t", false), 0);
	assert_int_equal(store_duty_hash(c, PW_DUTY_GENESIS, 1, 5, "ab", "c", "t", true), 0);
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	/* Deterministic: the same row always hashes alike. */
	assert_int_equal(store_duty_hash(b, PW_DUTY_GENESIS, 1, 5, "ab", "c", "t", false), 0);
	assert_string_equal(a, b);
}

static void test_duty_verify_names_an_edited_row(void **state)
{
	struct fixture *f = *state;
	append_three(f);
	raw_exec(f, "DROP TRIGGER duty_log_no_update;"
	            "UPDATE duty_log SET text = 'nothing happened' WHERE id = 2");
	int64_t bad = 0;
	char *why = NULL;
	assert_int_equal(store_duty_verify(f->db.st, &bad, &why), 1);
	assert_int_equal(bad, 2);
	assert_non_null(strstr(why, "hash does not match"));
	free(why);

	int n;
	char *out = check_output(f, &n);
	assert_int_equal(n, 1);
	assert_string_equal(out, "duty_log row 2: hash does not match (edited or inserted)\n");
	free(out);
}

static void test_duty_verify_detects_a_deleted_middle_row(void **state)
{
	struct fixture *f = *state;
	append_three(f);
	raw_exec(f, "DROP TRIGGER duty_log_no_delete; DELETE FROM duty_log WHERE id = 2");
	int64_t bad = 0;
	char *why = NULL;
	assert_int_equal(store_duty_verify(f->db.st, &bad, &why), 1);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(why, "prev_hash"));
	free(why);
}

static void test_duty_verify_detects_a_truncated_tail(void **state)
{
	struct fixture *f = *state;
	append_three(f);
	raw_exec(f, "DROP TRIGGER duty_log_no_delete; DELETE FROM duty_log WHERE id = 3");
	int64_t bad = 0;
	char *why = NULL;
	assert_int_equal(store_duty_verify(f->db.st, &bad, &why), 1);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(why, "truncated"));
	free(why);
}

static void test_duty_append_refuses_bad_text_and_writes_nothing(void **state)
{
	struct fixture *f = *state;
	char big[PW_DUTY_TEXT_MAX + 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", "bad \xff byte", false, NULL), -1);
	assert_non_null(strstr(store_errmsg(f->db.st), "UTF-8"));
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", big, false, NULL), -1);
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", "", false, NULL), -1);
	assert_int_equal(store_duty_append(f->db.st, "", "note", "text", false, NULL), -1);
	big[PW_DUTY_TEXT_MAX] = '\0'; /* exactly the limit is fine */
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", big, false, NULL), 0);
	char *n = raw_text(f, "SELECT count(*) FROM duty_log");
	assert_string_equal(n, "1");
	free(n);
}

static void test_duty_append_inside_a_transaction_rolls_back_with_it(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_begin(f->db.st, true), 0);
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", "undone", false, NULL), 0);
	store_rollback(f->db.st);
	char *n = raw_text(f, "SELECT count(*) FROM duty_log");
	assert_string_equal(n, "0");
	free(n);
	int64_t id = 0;
	assert_int_equal(store_duty_append(f->db.st, "alice", "note", "kept", false, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(store_duty_verify(f->db.st, NULL, NULL), 0);
}

static void test_check_is_silent_on_a_sound_database(void **state)
{
	struct fixture *f = *state;
	append_three(f);
	int n;
	char *out = check_output(f, &n);
	assert_int_equal(n, 0);
	assert_true(out == NULL || out[0] == '\0');
	free(out);
}

static const char base_rows[] =
	"INSERT INTO enterprises (id, code, name, industry, zone, created_at, updated_at)"
	" VALUES (1, 'E001', 'Acme', 'metal', 'north', 0, 0);"
	"INSERT INTO sensors (id, code, enterprise_id, kind, unit, l1, l2)"
	" VALUES (1, 'S001', 1, 'nh3', 'ppm', 25, 50);";

static void test_check_names_each_inconsistent_row(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	raw_exec(f,
	         "INSERT INTO alarms (id, sensor_id, enterprise_id, condition, priority, state, active,"
	         " acked, raised_at, updated_at) VALUES (7, 1, 1, 'limit', 2, 'ack', 0, 0, 1, 1);"
	         "INSERT INTO hazards (id, enterprise_id, grade, status, description, reported_by,"
	         " reported_at, submitted_by, verified_by, updated_at)"
	         " VALUES (4, 1, 'major', 'verified', 'd', 'x', 1, 'li', 'li', 1);"
	         "INSERT INTO equipment (id, code, name, qty) VALUES (1, 'Q1', 'pump', 2);"
	         "INSERT INTO loans (id, equipment_id, qty, borrower, out_at, returned_at, operator)"
	         " VALUES (9, 1, 1, 'w', 100, 50, 'op')");
	int n;
	char *out = check_output(f, &n);
	assert_non_null(strstr(out, "alarms row 7: state ack contradicts active=0 acked=0\n"));
	assert_non_null(strstr(out, "hazards row 4: verified by the same person who submitted it\n"));
	assert_non_null(strstr(out, "loans row 9: returned before it went out\n"));
	int lines = 0;
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(n, lines);
	free(out);
}

static void test_tsv_escape_writes_controls_bidi_and_zero_width_as_u_escapes(void **state)
{
	(void)state;
	/* ESC ] 0 ; title BEL, a zero-width space, a bidi override, C1 CSI, DEL */
	const char *raw = "化工\x1b]0;t\x07 E\xe2\x80\x8b" "1 \xe2\x80\xae" "x\xc2\x9b\x7f";
	struct sbuf esc, back;
	sbuf_init(&esc);
	sbuf_init(&back);
	store_query_tsv_escape(&esc, raw);
	assert_string_equal(sbuf_str(&esc),
	                    "化工\\u001b]0;t\\u0007 E\\u200b1 \\u202ex\\u009b\\u007f");
	assert_int_equal(store_query_tsv_unescape(&back, esc.s, esc.len), 0);
	assert_string_equal(sbuf_str(&back), raw);  /* import reads back what query wrote */
	sbuf_reset(&back);
	assert_int_equal(store_query_tsv_unescape(&back, "\\u00", 4), -1);
	sbuf_reset(&back);
	assert_int_equal(store_query_tsv_unescape(&back, "\\u0000", 6), -1);
	sbuf_reset(&back);
	assert_int_equal(store_query_tsv_unescape(&back, "\\ud800", 6), -1);
	sbuf_reset(&back);
	assert_int_equal(store_query_tsv_unescape(&back, "\\xff", 4), -1);  /* never imports non-UTF-8 */
	sbuf_free(&esc);
	sbuf_free(&back);
}

static void test_tsv_escape_round_trips_backslash_tab_newline_cr(void **state)
{
	(void)state;
	const char *raw = "a\tb\nc\\d\re\\t";
	struct sbuf esc, back;
	sbuf_init(&esc);
	sbuf_init(&back);
	store_query_tsv_escape(&esc, raw);
	assert_string_equal(sbuf_str(&esc), "a\\tb\\nc\\\\d\\re\\\\t");
	assert_int_equal(store_query_tsv_unescape(&back, esc.s, esc.len), 0);
	assert_string_equal(sbuf_str(&back), raw);
	sbuf_reset(&back);
	assert_int_equal(store_query_tsv_unescape(&back, "end\\", 4), -1);
	sbuf_reset(&back);
	assert_int_equal(store_query_tsv_unescape(&back, "\\x", 2), -1);
	sbuf_free(&esc);
	sbuf_free(&back);
}

struct rows {
	int n;
	struct sbuf text; /* "name=value;..." per row, rows separated by '\n' */
};

static int collect(void *user, int ncols, const char *const *names, const char *const *values)
{
	struct rows *r = user;
	for (int i = 0; i < ncols; i++)
		sbuf_addf(&r->text, "%s=%s;", names[i], values[i] ? values[i] : "NULL");
	sbuf_addc(&r->text, '\n');
	r->n++;
	return 0;
}

static void test_every_query_table_runs_on_an_empty_database(void **state)
{
	struct fixture *f = *state;
	int tables = 0;
	for (const char *const *t = store_query_tables(); *t; t++, tables++) {
		const struct store_query_column *cols;
		assert_true(store_query_columns(*t, &cols) > 0);
		struct rows r = {0};
		sbuf_init(&r.text);
		if (store_query_run(f->db.st, *t, NOON_MS, collect, &r) != 0)
			fail_msg("query %s: %s", *t, store_errmsg(f->db.st));
		assert_int_equal(r.n, 0);
		sbuf_free(&r.text);
	}
	assert_int_equal(tables, 16);
	const struct store_query_column *cols;
	assert_int_equal(store_query_columns("nosuch", &cols), -1);
}

static char *query_text(struct fixture *f, const char *table, int64_t now)
{
	struct rows r = {0};
	sbuf_init(&r.text);
	assert_int_equal(store_query_run(f->db.st, table, now, collect, &r), 0);
	return sbuf_steal(&r.text);
}

static void test_hazard_is_overdue_only_after_its_deadline_day_and_while_open(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	raw_exec(f, "INSERT INTO hazards (id, enterprise_id, grade, status, description,"
	            " reported_by, reported_at, deadline, updated_at) VALUES"
	            " (1, 1, 'general', 'rectifying', 'd', 'x', 1, '2026-11-27', 1),"
	            " (2, 1, 'general', 'rectifying', 'd', 'x', 1, '2026-11-28', 1),"
	            " (3, 1, 'major', 'verified', 'd', 'x', 1, '2026-11-01', 1)");
	char *out = query_text(f, "hazards", NOON_MS);
	assert_non_null(strstr(out, "id=1;enterprise_code=E001;grade=general;status=rectifying;"
	                            "deadline=2026-11-27;overdue=1;"));
	assert_non_null(strstr(out, "id=2;enterprise_code=E001;grade=general;status=rectifying;"
	                            "deadline=2026-11-28;overdue=0;"));
	assert_non_null(strstr(out, "id=3;enterprise_code=E001;grade=major;status=verified;"
	                            "deadline=2026-11-01;overdue=0;"));
	free(out);
}

static void test_equipment_available_subtracts_open_loans_only(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, "INSERT INTO equipment (id, code, name, qty) VALUES (1, 'Q1', 'pump', 5);"
	            "INSERT INTO loans (equipment_id, qty, borrower, out_at, returned_at, operator)"
	            " VALUES (1, 2, 'w', 1, NULL, 'op'), (1, 1, 'w', 1, 5, 'op')");
	char *out = query_text(f, "equipment", NOON_MS);
	assert_non_null(strstr(out, "code=Q1;name=pump;qty=5;available=3;"));
	free(out);
}

static void test_team_strength_follows_the_roster_when_it_keeps_one(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, "INSERT INTO teams (id, code, name) VALUES (1, 'T1', 'rostered'),"
	            " (2, 'T2', 'no roster');"
	            "INSERT INTO members (id, team_id, name, role, status, status_since) VALUES"
	            " (1, 1, 'a', 'r', 'off_duty', 0), (2, 1, 'b', 'r', 'on_scene', 0),"
	            " (3, 2, 'c', 'r', 'available', 0), (4, 2, 'd', 'r', 'off_duty', 0);");
	char *sql = xasprintf("INSERT INTO roster (member_id, starts_at, ends_at, shift) VALUES"
	                      " (1, %lld, %lld, 'day'), (2, %lld, %lld, 'night')",
	                      (long long)(NOON_MS - 3600000), (long long)(NOON_MS + 3600000),
	                      (long long)(NOON_MS - DAY_MS), (long long)(NOON_MS - DAY_MS / 2));
	raw_exec(f, sql);
	free(sql);
	char *out = query_text(f, "teams", NOON_MS);
	assert_non_null(strstr(out, "code=T1;name=rostered;members_on_duty=1;status=engaged;"));
	assert_non_null(strstr(out, "code=T2;name=no roster;members_on_duty=1;status=available;"));
	free(out);
}

static void test_key_places_are_listed_by_enterprise_code_then_name(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	raw_exec(f, "INSERT INTO enterprises (id, code, name, industry, zone, created_at, updated_at)"
	            " VALUES (2, 'A000', 'First', 'food', 'south', 0, 0);"
	            "INSERT INTO key_places (enterprise_id, category, name, location, lat, lon) VALUES"
	            " (1, 'spray', 'paint shop', 'hall 2', 29.5, 120.25),"
	            " (1, 'ammonia', 'machine room', NULL, NULL, NULL),"
	            " (2, 'lithium', 'battery store', 'yard', 29, 120)");
	char *out = query_text(f, "key_places", NOON_MS);
	assert_string_equal(out,
	                    "enterprise_code=A000;category=lithium;name=battery store;location=yard;"
	                    "lat=29;lon=120;\n"
	                    "enterprise_code=E001;category=ammonia;name=machine room;location=NULL;"
	                    "lat=NULL;lon=NULL;\n"
	                    "enterprise_code=E001;category=spray;name=paint shop;location=hall 2;"
	                    "lat=29.5;lon=120.25;\n");
	free(out);
}

static void test_query_values_print_times_with_offset_and_reals_without_noise(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	raw_exec(f, "INSERT INTO chemicals (enterprise_id, name, quantity_t, threshold_t)"
	            " VALUES (1, 'ammonia', 0.1, 10);"
	            "INSERT INTO readings (sensor_id, ts, value) VALUES (1, 1795838400123, 12.5)");
	char *out = query_text(f, "chemicals", NOON_MS);
	assert_non_null(strstr(out, "name=ammonia;cas=NULL;quantity_t=0.1;threshold_t=10;"));
	assert_non_null(strstr(out, "ratio=0.01;"));
	free(out);
	out = query_text(f, "readings", NOON_MS);
	assert_string_equal(out, "sensor_code=S001;ts=2026-11-28T12:00:00+08:00;value=12.5;"
	                         "ts_ms=1795838400123;seq=NULL;\n");
	free(out);
	out = query_text(f, "risk", NOON_MS);
	assert_non_null(strstr(out, "enterprise_code=E001;colour=blue;score=0;reasons=;"));
	free(out);
}

static void note_bad(void *ud, int line, const char *reason)
{
	sbuf_addf(ud, "%d: %s\n", line, reason);
}

/*
 * Write TEXT as NAME in the fixture's directory and import it into TABLE;
 * the bad rows ("LINE: reason" lines) land in *BAD (caller frees).
 */
static int import_text(struct fixture *f, const char *table, const char *name, const char *text,
                       struct store_import_result *res, char **bad)
{
	char *path = xasprintf("%s/%s", f->db.dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	struct store_import_file file;
	char *err = NULL;
	if (store_import_read(path, &file, &err) < 0)
		fail_msg("read %s: %s", path, err);
	struct sbuf b;
	sbuf_init(&b);
	int rc = store_import_run(f->db.st, table, &file, false, "tester", NOON_MS, note_bad, &b, res);
	store_import_file_free(&file);
	unlink(path);
	free(path);
	*bad = sbuf_steal(&b);
	return rc;
}

static void test_key_places_import_upserts_on_enterprise_and_name(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	struct store_import_result res;
	char *bad = NULL;
	assert_int_equal(import_text(f, "key_places", "kp.csv",
	                             "enterprise_code,category,name,location,lat,lon\n"
	                             "E001,dust,grinding,hall 1,29.3,120.1\n"
	                             "E001,spray,paint shop,hall 2,29.4,120.2\n",
	                             &res, &bad), 0);
	assert_string_equal(bad, "");
	free(bad);
	assert_int_equal(res.added, 2);
	/* Only the columns the file has change: location stays, category and lat/lon move. */
	assert_int_equal(import_text(f, "key_places", "kp2.csv",
	                             "enterprise_code,name,category,lat,lon\n"
	                             "E001,grinding,ammonia,29.5,120.5\n",
	                             &res, &bad), 0);
	free(bad);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 1);
	char *out = query_text(f, "key_places", NOON_MS);
	assert_string_equal(out,
	                    "enterprise_code=E001;category=ammonia;name=grinding;location=hall 1;"
	                    "lat=29.5;lon=120.5;\n"
	                    "enterprise_code=E001;category=spray;name=paint shop;location=hall 2;"
	                    "lat=29.4;lon=120.2;\n");
	free(out);
	/* Key places feed risk: it was recomputed with the new ammonia room. */
	out = query_text(f, "risk", NOON_MS);
	if (!strstr(out, pw_place_label_zh(PW_PLACE_AMMONIA)))
		fail_msg("risk does not count the imported ammonia room: %s", out);
	free(out);
	/* And a sensor can now name one of them. */
	assert_int_equal(import_text(f, "sensors", "s.csv",
	                             "code,enterprise_code,kind,key_place\nS002,E001,nh3,grinding\n",
	                             &res, &bad), 0);
	assert_string_equal(bad, "");
	free(bad);
	out = query_text(f, "sensors", NOON_MS);
	assert_non_null(strstr(out, "code=S002;enterprise_code=E001;"));
	assert_non_null(strstr(out, ";key_place=grinding;\n"));
	free(out);
}

/*
 * Migration 002 on a version-1 database that repeats a key place's name:
 * the sensor on the newer copy moves to the oldest, the copy goes, and the
 * name is unique from then on.
 */
static void test_migration_002_merges_repeated_key_places(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	/* Back to a version-1 file: undo 003 (tick_due), then 002. */
	raw_exec(f, "DROP TRIGGER sensors_tick_due_def; DROP INDEX sensors_tick_due;"
	            "DROP INDEX readings_minute_minute;"
	            "ALTER TABLE sensors DROP COLUMN tick_due;"
	            "DROP INDEX key_places_enterprise_name;"
	            "CREATE INDEX key_places_enterprise ON key_places(enterprise_id);"
	            "INSERT INTO key_places (id, enterprise_id, category, name) VALUES"
	            " (1, 1, 'dust', 'grinding'), (2, 1, 'dust', 'grinding'), (3, 1, 'spray', 'paint');"
	            "UPDATE sensors SET key_place_id = 2 WHERE id = 1;"
	            "PRAGMA user_version = 1;");
	int from = 0, to = 0;
	assert_int_equal(store_migrate(f->db.st, &from, &to), 0);
	assert_int_equal(from, 1);
	assert_int_equal(to, store_schema_latest());
	char *t = raw_text(f, "SELECT group_concat(id, ',') FROM (SELECT id FROM key_places ORDER BY id)");
	assert_string_equal(t, "1,3");
	free(t);
	t = raw_text(f, "SELECT key_place_id FROM sensors WHERE id = 1");
	assert_string_equal(t, "1");
	free(t);
	/* A repeat is now refused by the database itself. */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO key_places (enterprise_id, category, name)"
	                                  " VALUES (1, 'spray', 'paint')", NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT);
	sqlite3_close(db);
}

/* Import TEXT (a file with no bad rows) into TABLE; *res gets the counts. */
static void import_clean(struct fixture *f, const char *table, const char *text,
                         struct store_import_result *res)
{
	char *bad = NULL;
	assert_int_equal(import_text(f, table, "in.csv", text, res, &bad), 0);
	assert_string_equal(bad, "");
	free(bad);
}

static void test_members_without_ids_are_known_by_team_and_name(void **state)
{
	struct fixture *f = *state;
	struct store_import_result res;
	import_clean(f, "teams", "code,name\nT1,park team\nT2,plant team\n", &res);
	import_clean(f, "members",
	             "team_code,name,role,phone\n"
	             "T1,张伟,leader,13800000001\n"
	             "T1,李娜,medic,13800000002\n"
	             "T2,张伟,driver,13800000003\n",
	             &res);
	assert_int_equal(res.added, 3);
	/* The same roster again, one phone changed, one member more: nobody twice. */
	import_clean(f, "members",
	             "team_code,name,role,phone\n"
	             "T1,张伟,leader,13800000001\n"
	             "T1,李娜,medic,13900000002\n"
	             "T2,张伟,driver,13800000003\n"
	             "T2,王芳,medic,13800000004\n",
	             &res);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.updated, 3);
	char *out = query_text(f, "members", NOON_MS);
	int rows = 0;
	for (const char *p = out; *p; p++)
		rows += *p == '\n';
	assert_int_equal(rows, 4);
	assert_non_null(strstr(out, "name=李娜;role=medic;status=available;phone=13900000002;"));
	assert_null(strstr(out, "13800000002"));
	free(out);
	/* Twice in one file without ids: refused, naming the columns. */
	char *bad = NULL;
	assert_int_equal(import_text(f, "members", "dup.csv",
	                             "team_code,name,role\nT1,李娜,medic\nT1,李娜,leader\n", &res,
	                             &bad),
	                 STORE_IMPORT_REFUSED);
	assert_string_equal(bad, "3: duplicate: the same team_code and name as line 2 (give each its "
	                         "id to keep both)\n");
	free(bad);
}

static void test_inspections_without_ids_are_known_by_enterprise_time_and_inspector(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	struct store_import_result res;
	const char *head = "enterprise_code,inspector,org,ts,findings\n";
	char *text = xasprintf("%sE001,刘强,grid 3,2026-11-02T09:30:00+08:00,two exits blocked\n"
	                       "E001,刘强,grid 3,2026-11-09T09:30:00+08:00,fine\n", head);
	import_clean(f, "inspections", text, &res);
	free(text);
	assert_int_equal(res.added, 2);
	text = xasprintf("%sE001,刘强,grid 3,2026-11-02T09:30:00+08:00,one exit blocked\n", head);
	import_clean(f, "inspections", text, &res);
	free(text);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 1);
	char *out = query_text(f, "inspections", NOON_MS);
	assert_non_null(strstr(out, "findings=one exit blocked;"));
	assert_null(strstr(out, "two exits blocked"));
	assert_non_null(strstr(out, "findings=fine;"));
	free(out);
}

static void test_key_places_import_refuses_unknown_enterprise_and_category(void **state)
{
	struct fixture *f = *state;
	raw_exec(f, base_rows);
	struct store_import_result res;
	char *bad = NULL;
	assert_int_equal(import_text(f, "key_places", "bad.tsv",
	                             "enterprise_code\tcategory\tname\n"
	                             "E001\tdust\tgood row\n"
	                             "E999\tdust\tnobody's\n"
	                             "E001\tgas\tgas store\n"
	                             "E001\tspray\tgood row\n",
	                             &res, &bad),
	                 STORE_IMPORT_REFUSED);
	assert_string_equal(bad,
	                    "3: enterprise_code 'E999' is not an enterprise (import enterprises first)\n"
	                    "4: category: 'gas' is not one of ammonia, dust, spray, hazchem, confined,"
	                    " lithium\n"
	                    "5: duplicate: the same key as line 2\n");
	free(bad);
	assert_int_equal(res.bad, 3);
	char *n = raw_text(f, "SELECT count(*) FROM key_places");
	assert_string_equal(n, "0");
	free(n);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_migrations_bring_an_empty_file_to_the_latest_version),
		T(test_duty_chain_starts_at_zeros_and_links_each_row),
		T(test_duty_hash_fields_cannot_run_into_each_other),
		T(test_duty_verify_names_an_edited_row),
		T(test_duty_verify_detects_a_deleted_middle_row),
		T(test_duty_verify_detects_a_truncated_tail),
		T(test_duty_append_refuses_bad_text_and_writes_nothing),
		T(test_duty_append_inside_a_transaction_rolls_back_with_it),
		T(test_check_is_silent_on_a_sound_database),
		T(test_check_names_each_inconsistent_row),
		T(test_tsv_escape_round_trips_backslash_tab_newline_cr),
		T(test_tsv_escape_writes_controls_bidi_and_zero_width_as_u_escapes),
		T(test_every_query_table_runs_on_an_empty_database),
		T(test_hazard_is_overdue_only_after_its_deadline_day_and_while_open),
		T(test_equipment_available_subtracts_open_loans_only),
		T(test_team_strength_follows_the_roster_when_it_keeps_one),
		T(test_query_values_print_times_with_offset_and_reals_without_noise),
		T(test_key_places_are_listed_by_enterprise_code_then_name),
		T(test_key_places_import_upserts_on_enterprise_and_name),
		T(test_key_places_import_refuses_unknown_enterprise_and_category),
		T(test_migration_002_merges_repeated_key_places),
		T(test_members_without_ids_are_known_by_team_and_name),
		T(test_inspections_without_ids_are_known_by_enterprise_time_and_inspector),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
