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
#include <sqlite3.h>

#include "parkwatch/store_alarms.h"
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
		" INSERT INTO sensors (enterprise_id, code, kind, unit, l1, l2) SELECT 1, 'S' || i, 'nh3', 'ppm',"
		" 25, 50 FROM k;"
		"INSERT INTO alarms (sensor_id, enterprise_id, condition, level, priority, state, active, acked,"
		" raised_at, updated_at, value, peak, message)"
		" SELECT id, 1, 'limit', 1, 2, 'unack', 1, 0, 1000 + id, 1000 + id, 30, 30, 'm' FROM sensors;",
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_alarm_list_past_its_bound_says_it_is_truncated, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_open_alarm_list_at_its_bound_is_whole, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
