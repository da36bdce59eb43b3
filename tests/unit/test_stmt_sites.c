/*
 * test_stmt_sites.c - every statement site of src/store prepared on one
 * connection, and the statement cache past its bound.
 *
 * The console used to abort ("statement cache full") once a shift had
 * reached more statement sites than the cache had slots. Here every SQL
 * literal that src/store hands to store_stmt() (extracted at build time by
 * build-aux/stmt-sites.py) is prepared on one connection and kept: each must
 * prepare against the current schema, and all of them must fit without an
 * eviction. The sites whose SQL is passed in a variable (query tables,
 * db check rules) are run through their functions.
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

#include "parkwatch/store_query.h"
#include "store_fixture.h"
#include "../../src/store/store_private.h"

extern const char *const store_stmt_sites[];
extern const size_t store_stmt_site_count;

static int setup(void **state)
{
	struct store_fixture *db = xcalloc(1, sizeof *db);
	pw_set_timezone("Asia/Shanghai");
	if (store_fixture_open(db, "sites") < 0)
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	store_fixture_remove(*state);
	free(*state);
	return 0;
}

/* Sites with the same SQL text share one literal, and so one statement. */
static size_t distinct_sites(void)
{
	size_t n = 0;
	for (size_t i = 0; i < store_stmt_site_count; i++) {
		size_t j = 0;
		while (j < i && strcmp(store_stmt_sites[2 * j + 1], store_stmt_sites[2 * i + 1]) != 0)
			j++;
		n += j == i;
	}
	return n;
}

static void test_every_statement_site_prepares_and_stays_cached(void **state)
{
	struct store_fixture *db = *state;
	assert_true(store_stmt_site_count > 100);  /* the extractor found them */
	for (size_t i = 0; i < store_stmt_site_count; i++) {
		const char *where = store_stmt_sites[2 * i];
		const char *sql = store_stmt_sites[2 * i + 1];
		if (!store_stmt(db->st, sql))
			fail_msg("%s: %s", where, store_errmsg(db->st));
	}
	assert_int_equal(store_stmt_cached(db->st), distinct_sites());
	assert_int_equal(store_stmt_evicted(db->st), 0);
	/* A second round hands out the same statements. */
	for (size_t i = 0; i < store_stmt_site_count; i++)
		assert_non_null(store_stmt(db->st, store_stmt_sites[2 * i + 1]));
	assert_int_equal(store_stmt_cached(db->st), distinct_sites());
}

static int count_row(void *user, int ncols, const char *const *names, const char *const *values)
{
	(void)ncols;
	(void)names;
	(void)values;
	++*(int *)user;
	return 0;
}

static void test_indirect_sites_run_through_their_functions(void **state)
{
	struct store_fixture *db = *state;
	for (const char *const *t = store_query_tables(); *t; t++) {
		int rows = 0;
		if (store_query_run(db->st, *t, 0, count_row, &rows) < 0)
			fail_msg("query %s: %s", *t, store_errmsg(db->st));
	}
	FILE *out = tmpfile();
	assert_non_null(out);
	assert_true(store_check(db->st, out) >= 0);
	fclose(out);
}

/* SQL at distinct addresses: the cache keys on the literal's address. */
static char **distinct_sql(size_t n)
{
	char **v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = xasprintf("SELECT %zu", i);
	return v;
}

static void test_cache_past_its_bound_evicts_least_recently_used(void **state)
{
	struct store_fixture *db = *state;
	size_t n = STORE_STMT_MAX + 50;
	char **sql = distinct_sql(n);
	sqlite3_stmt *first = store_stmt(db->st, sql[0]);
	assert_int_equal(sqlite3_step(first), SQLITE_ROW);  /* being stepped */
	for (size_t i = 1; i < n; i++)
		assert_non_null(store_stmt(db->st, sql[i]));
	assert_true(store_stmt_cached(db->st) <= STORE_STMT_MAX);
	assert_int_equal(store_stmt_evicted(db->st), n - STORE_STMT_MAX);
	/* The statement being stepped was not finalized under its caller. */
	assert_int_equal(sqlite3_column_int(first, 0), 0);
	assert_int_equal(sqlite3_step(first), SQLITE_DONE);
	/* The newest is still cached; an evicted one is prepared again. */
	assert_ptr_equal(store_stmt(db->st, sql[n - 1]), store_stmt(db->st, sql[n - 1]));
	sqlite3_stmt *again = store_stmt(db->st, sql[1]);
	assert_non_null(again);
	assert_int_equal(sqlite3_step(again), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(again, 0), 1);
	for (size_t i = 0; i < n; i++)
		free(sql[i]);
	free(sql);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_statement_site_prepares_and_stays_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indirect_sites_run_through_their_functions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_past_its_bound_evicts_least_recently_used, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
