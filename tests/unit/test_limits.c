/*
 * test_limits.c - limits degrade, they never abort (issue 13): each test
 * fills one bounded table, list or buffer past its bound and checks that
 * what the operator needs is still said.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/wait.h>
#include <sqlite3.h>

#include "../../src/ui/edit.h"
#include "parkwatch/import.h"
#include "parkwatch/payload.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/store_live.h"
#include "store_fixture.h"

static int setup(void **state)
{
	struct store_fixture *db = xcalloc(1, sizeof *db);
	if (store_fixture_open(db, "limits") < 0)
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	struct store_fixture *db = *state;
	store_fixture_remove(db);
	free(db);
	return 0;
}

/* N open P2 alarms, one per sensor of one enterprise, written straight in SQL. */
static void open_alarms(struct store_fixture *db, int n)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(db->path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 5000);
	char *sql = sqlite3_mprintf(
		"INSERT INTO enterprises (code, name, industry, zone, created_at, updated_at)"
		" VALUES ('E1', 'one', 'x', 'z', 0, 0);"
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)"
		" INSERT INTO sensors (enterprise_id, code, kind, unit, l1, l2)"
		" SELECT 1, 'S' || i, 'nh3', 'ppm', 25, 50 FROM k;"
		"INSERT INTO alarms (sensor_id, enterprise_id, condition, level, priority, state, active,"
		" acked, raised_at, updated_at, value, peak, message)"
		" SELECT id, 1, 'limit', 1, 2, 'unack', 1, 0, 1000 + id, 1000 + id, 30, 30, 'm'"
		" FROM sensors;",
		n);
	char *err = NULL;
	int rc = sqlite3_exec(raw, sql, NULL, NULL, &err);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		fail_msg("fixture: %s", err);
	sqlite3_close(raw);
}

static void test_open_alarm_list_past_its_bound_says_it_is_truncated(void **state)
{
	struct store_fixture *db = *state;
	open_alarms(db, STORE_ALARM_LIST_MAX + 5);
	struct store_alarm_list l;
	assert_int_equal(store_alarm_list_active(db->st, NULL, &l), 0);
	assert_int_equal(l.n, STORE_ALARM_LIST_MAX);
	assert_true(l.truncated);
	assert_int_equal(l.v[0].raised_at, 1000 + STORE_ALARM_LIST_MAX + 5);  /* newest first */
	store_alarm_list_free(&l);

	struct store_alarm_filter f = {.limit = STORE_ALARM_LIST_MAX + 5};
	assert_int_equal(store_alarm_list_active(db->st, &f, &l), 0);
	assert_int_equal(l.n, STORE_ALARM_LIST_MAX + 5);
	assert_false(l.truncated);
	store_alarm_list_free(&l);
}

static void test_open_alarm_list_at_its_bound_is_whole(void **state)
{
	struct store_fixture *db = *state;
	open_alarms(db, 3);
	struct store_alarm_filter f = {.limit = 3};
	struct store_alarm_list l;
	assert_int_equal(store_alarm_list_active(db->st, &f, &l), 0);
	assert_int_equal(l.n, 3);
	assert_false(l.truncated);
	store_alarm_list_free(&l);
	f.limit = 2;
	assert_int_equal(store_alarm_list_active(db->st, &f, &l), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.truncated);
	store_alarm_list_free(&l);
}

static void test_input_line_at_its_limit_says_full_until_text_is_removed(void **state)
{
	(void)state;
	struct ui_edit e;
	ui_edit_init(&e, 7);
	for (const char *p = "NH3"; *p; p++)
		assert_true(ui_edit_insert(&e, (uint32_t)*p));
	assert_true(ui_edit_insert(&e, 0x6D53));   /* 浓: 3 bytes, 6 in all */
	assert_false(e.full);
	assert_false(ui_edit_insert(&e, 0x5EA6));  /* 度 would make 9 */
	assert_true(e.full);
	assert_string_equal(ui_edit_text(&e), "NH3浓");
	assert_true(ui_edit_insert(&e, 'x'));      /* one byte still fits */
	assert_true(e.full);                       /* what was refused stays said */
	assert_true(ui_edit_backspace(&e));
	assert_false(e.full);
	ui_edit_set(&e, "液氨泄漏");                /* 12 bytes into 7: cut at a character */
	assert_string_equal(ui_edit_text(&e), "液氨");
	assert_true(e.full);
	assert_true(ui_edit_kill_line(&e));
	assert_false(e.full);
	ui_edit_free(&e);
}

/* One sensors row with code CODE: 0, or -1 with the reason in *ERR (free it). */
static int sensor_row(const char *code, char **err)
{
	const struct pw_imp_table *t = pw_import_table("sensors");
	assert_non_null(t);
	char *names[] = {"code", "enterprise_code", "kind"};
	char *fields[] = {xstrdup(code), xstrdup("E1"), xstrdup("nh3")};
	int map[3];
	struct pw_imp_value vals[64];
	*err = NULL;
	assert_int_equal(pw_import_map_header(t, names, 3, map, err), 0);
	int rc = pw_import_check_row(t, map, 3, fields, 3, vals, err);
	for (int i = 0; i < 3; i++)
		free(fields[i]);
	return rc;
}

static void test_import_refuses_a_sensor_code_longer_than_a_topic_carries(void **state)
{
	(void)state;
	char code[PW_CODE_MAX + 2];
	memset(code, 'S', sizeof code - 1);
	code[sizeof code - 1] = '\0';
	char *err;
	assert_int_equal(sensor_row(code, &err), -1);  /* 65 bytes: every reading would be rejected */
	assert_non_null(strstr(err, "code:"));
	free(err);
	code[PW_CODE_MAX] = '\0';
	assert_int_equal(sensor_row(code, &err), 0);   /* 64 fits */
	free(err);
	assert_int_equal(sensor_row("NH3 #1", &err), -1);
	free(err);
}

/* Run SQL on a second connection to the fixture's file. */
static void exec_sql(struct store_fixture *db, const char *sql)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(db->path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 5000);
	char *err = NULL;
	if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("fixture: %s", err);
	sqlite3_close(raw);
}

static void test_wind_stations_past_the_bound_are_said_to_be_cut(void **state)
{
	struct store_fixture *db = *state;
	char *sql = sqlite3_mprintf(
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)"
		" INSERT INTO stations (code, name) SELECT printf('W%%05d', i), 'w' FROM k",
		STORE_WIND_STATIONS_MAX);
	exec_sql(db, sql);
	sqlite3_free(sql);
	struct store_wind_list w;
	assert_int_equal(store_live_wind(db->st, &w), 0);
	assert_int_equal(w.n, STORE_WIND_STATIONS_MAX);
	assert_false(w.truncated);                 /* exactly at the bound: all of them */
	store_wind_list_free(&w);
	exec_sql(db, "INSERT INTO stations (code, name) VALUES ('W99999', 'one too many')");
	assert_int_equal(store_live_wind(db->st, &w), 0);
	assert_int_equal(w.n, STORE_WIND_STATIONS_MAX);
	assert_true(w.truncated);
	store_wind_list_free(&w);
}

static int hook_fd = -1;

static void fatal_hook(void)
{
	if (write(hook_fd, "H", 1) != 1)
		_exit(3);
}

static void test_a_list_size_no_size_t_holds_is_out_of_memory_through_exit(void **state)
{
	(void)state;
	size_t cap = 0;
	char *p = xgrow(NULL, &cap, 3, 1, 0);        /* no first size given: still grows */
	assert_true(cap >= 3);
	free(p);

	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		hook_fd = fds[1];
		atexit(fatal_hook);                       /* as the console's terminal restore */
		cap = 0;
		/* 2^61 elements of 16 bytes: the byte count wraps a 64-bit size_t. */
		void *q = xgrow(NULL, &cap, SIZE_MAX / 8, 16, 8);
		free(q);
		_exit(0);                                 /* a short allocation was handed out */
	}
	close(fds[1]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	char c = 0;
	assert_int_equal(read(fds[0], &c, 1), 1);    /* exit handlers ran (the console ends curses) */
	close(fds[0]);
	assert_int_equal(c, 'H');
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_alarm_list_past_its_bound_says_it_is_truncated,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_alarm_list_at_its_bound_is_whole, setup,
		                                teardown),
		cmocka_unit_test(test_input_line_at_its_limit_says_full_until_text_is_removed),
		cmocka_unit_test_setup_teardown(test_wind_stations_past_the_bound_are_said_to_be_cut, setup,
		                                teardown),
		cmocka_unit_test(test_a_list_size_no_size_t_holds_is_out_of_memory_through_exit),
		cmocka_unit_test(test_import_refuses_a_sensor_code_longer_than_a_topic_carries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
