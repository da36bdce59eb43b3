/*
 * test_rescue_report.c - the shift window, roster gaps (shifts across
 * midnight, empty shifts, overlaps), equipment availability and warnings,
 * flags carried until cleared, and the handover report's sections, against a real SQLite
 * file. Rows are written through a second raw connection, as other writers'
 * would be.
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
#include "parkwatch/store_duty_views.h"
#include "parkwatch/store_report.h"
#include "parkwatch/store_rescue_views.h"
#include "parkwatch/util.h"
#include "store_fixture.h"

#define HOUR_MS INT64_C(3600000)
#define DAY_MS (24 * HOUR_MS)
/* 2026-11-28T00:00:00+08:00 */
#define MIDNIGHT_MS INT64_C(1795795200000)
#define AT(h) (MIDNIGHT_MS + (int64_t)((h) * HOUR_MS))

struct fixture {
	struct store_fixture db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	pw_set_timezone("Asia/Shanghai");
	if (store_fixture_open(&f->db, "rescue") < 0)
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

static void raw_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("raw sql: %s", msg ? msg : "?");
	sqlite3_close(db);
}

/* Team CODE with one member NAME; returns nothing, ids follow insertion order. */
static void team_with_member(struct fixture *f, const char *code, const char *name)
{
	char *sql = xasprintf(
		"INSERT INTO teams (code, name) VALUES ('%s', 'team %s');"
		"INSERT INTO members (team_id, name, role, status_since)"
		" SELECT id, '%s', 'member', 0 FROM teams WHERE code = '%s';",
		code, code, name, code);
	raw_exec(f, sql);
	free(sql);
}

static void shift(struct fixture *f, const char *name, int64_t a, int64_t b)
{
	char *sql = xasprintf("INSERT INTO roster (member_id, starts_at, ends_at, shift)"
	                      " SELECT id, %lld, %lld, 'x' FROM members WHERE name = '%s';",
	                      (long long)a, (long long)b, name);
	raw_exec(f, sql);
	free(sql);
}

/* ---- the shift window ---- */

static void check_window(int64_t now, int64_t want_from, int64_t want_to)
{
	int64_t from = 0, to = 0;
	store_report_shift_window(now, &from, &to);
	assert_int_equal(from, want_from);
	assert_int_equal(to, want_to);
}

static void test_shift_window_is_day_or_night_in_site_time(void **state)
{
	(void)state;
	check_window(AT(8), AT(8), AT(20));
	check_window(AT(19.99), AT(8), AT(20));
	check_window(AT(20), AT(20), AT(32));
	check_window(AT(23.5), AT(20), AT(32));
	/* After midnight the night shift began the evening before. */
	check_window(AT(0.5), AT(-4), AT(8));
	check_window(AT(7.99), AT(-4), AT(8));
}

/* ---- roster gaps ---- */

static void test_night_shift_split_across_midnight_leaves_the_gap_between(void **state)
{
	struct fixture *f = *state;
	team_with_member(f, "ZZ", "a");
	shift(f, "a", AT(20), AT(26));      /* 20:00 - 02:00 */
	shift(f, "a", AT(28), AT(32));      /* 04:00 - 08:00 next day */
	struct store_rescue_gap_list g;
	assert_int_equal(store_rescue_gaps(f->db.st, AT(20), AT(32), &g), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.v[0].team_code, "ZZ");
	assert_int_equal(g.v[0].from, AT(26));
	assert_int_equal(g.v[0].to, AT(28));
	store_rescue_gaps_free(&g);
}

static void test_rostered_team_with_an_empty_shift_is_one_whole_gap(void **state)
{
	struct fixture *f = *state;
	team_with_member(f, "QX", "b");
	shift(f, "b", AT(-16), AT(-4));     /* yesterday's day shift only */
	struct store_rescue_gap_list g;
	assert_int_equal(store_rescue_gaps(f->db.st, AT(8), AT(20), &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.v[0].from, AT(8));
	assert_int_equal(g.v[0].to, AT(20));
	store_rescue_gaps_free(&g);
}

static void test_overlapping_and_spanning_shifts_leave_no_gap(void **state)
{
	struct fixture *f = *state;
	team_with_member(f, "A", "c");
	team_with_member(f, "B", "d");
	raw_exec(f, "INSERT INTO members (team_id, name, role, status_since)"
	            " SELECT id, 'e', 'member', 0 FROM teams WHERE code = 'A';");
	shift(f, "c", AT(8), AT(15));
	shift(f, "e", AT(12), AT(20));      /* overlaps c, ends at the window's end */
	shift(f, "d", AT(0), AT(48));       /* spans the whole window */
	/* A team without any roster keeps none: never a gap. */
	team_with_member(f, "NOROSTER", "z");
	struct store_rescue_gap_list g;
	assert_int_equal(store_rescue_gaps(f->db.st, AT(8), AT(20), &g), 0);
	assert_int_equal(g.n, 0);
	store_rescue_gaps_free(&g);
}

/* ---- equipment ---- */

static const struct store_rescue_equipment *item(const struct store_rescue *r, const char *code)
{
	for (size_t i = 0; i < r->nequipment; i++)
		if (strcmp(r->equipment[i].code, code) == 0)
			return &r->equipment[i];
	fail_msg("no equipment %s", code);
	return NULL;
}

static void test_available_is_stock_minus_open_loans_with_warnings(void **state)
{
	struct fixture *f = *state;
	char *sql = xasprintf(
		"INSERT INTO equipment (code, name, qty, min_qty, expires) VALUES"
		" ('SCBA', 'breathing apparatus', 10, 8, '2027-01-01'),"
		" ('DET', 'gas detector', 4, 1, '2026-11-27'),"
		" ('SUIT', 'chemical suit', 5, 1, '2026-12-10');"
		"INSERT INTO loans (equipment_id, qty, borrower, out_at, due_at, returned_at, operator)"
		" SELECT id, 3, 'E1', %lld, %lld, NULL, 'op' FROM equipment WHERE code = 'SCBA';"
		"INSERT INTO loans (equipment_id, qty, borrower, out_at, due_at, returned_at, operator)"
		" SELECT id, 2, 'E2', %lld, %lld, %lld, 'op' FROM equipment WHERE code = 'SCBA';",
		(long long)AT(-48), (long long)AT(-1), (long long)AT(-48), (long long)AT(-24),
		(long long)AT(-30));
	raw_exec(f, sql);
	free(sql);
	struct store_rescue r;
	assert_int_equal(store_rescue_load(f->db.st, AT(12), &r), 0);
	const struct store_rescue_equipment *scba = item(&r, "SCBA");
	assert_int_equal(scba->qty, 10);
	assert_int_equal(scba->available, 7);   /* the returned loan gave its 2 back */
	assert_true(scba->low);                 /* 7 < min 8 */
	assert_false(scba->expired);
	assert_true(item(&r, "DET")->expired);
	assert_true(item(&r, "SUIT")->expiring);
	assert_int_equal(r.nloans, 1);
	assert_true(r.loans[0].overdue);
	store_rescue_free(&r);
}

/* ---- the report ---- */

static const struct store_report_section *section(const struct store_report *rep, const char *name)
{
	for (size_t i = 0; i < rep->nsec; i++)
		if (strcmp(rep->sec[i].name, name) == 0)
			return &rep->sec[i];
	fail_msg("no section %s", name);
	return NULL;
}

/* The chain hashes each entry's own append time, so the windows below are
 * placed around "now" rather than the entries moved in time. */
static void note(struct fixture *f, const char *text, bool flagged)
{
	int64_t id;
	assert_int_equal(store_duty_append(f->db.st, "op", "note", text, flagged, &id), 0);
}

static void test_report_takes_the_window_and_carries_flags_forward(void **state)
{
	struct fixture *f = *state;
	int64_t now = pw_now_ms();
	note(f, "in the window", false);
	note(f, "flagged for the next shift", true);
	struct store_report rep;
	assert_int_equal(store_report_shift(f->db.st, now - HOUR_MS, now + HOUR_MS, now, "me", &rep), 0);
	const struct store_report_section *duty = section(&rep, "duty");
	assert_int_equal(duty->nrows, 2);
	assert_string_equal(store_report_cell(duty, 0, 5), "in the window");
	assert_int_equal(section(&rep, "flagged_notes")->nrows, 1);
	store_report_free(&rep);

	/* A window a day back holds none of them, but the flag is carried. */
	assert_int_equal(store_report_shift(f->db.st, now - DAY_MS - HOUR_MS, now - DAY_MS, now, "me",
	                                    &rep), 0);
	assert_int_equal(section(&rep, "duty")->nrows, 0);
	assert_int_equal(section(&rep, "flagged_notes")->nrows, 1);
	store_report_free(&rep);

	/* However old, until cleared. */
	assert_int_equal(store_report_shift(f->db.st, now, now + HOUR_MS, now + 40 * DAY_MS, "me", &rep),
	                 0);
	assert_int_equal(section(&rep, "flagged_notes")->nrows, 1);
	store_report_free(&rep);
}

static void test_cleared_flag_is_no_longer_carried_and_cannot_be_cleared_twice(void **state)
{
	struct fixture *f = *state;
	/* Ten entries so that #1 and #10 exist: clearing #1 must not clear #10. */
	for (int i = 1; i <= 10; i++)
		note(f, i == 1 || i == 10 ? "flagged" : "plain", i == 1 || i == 10);
	int64_t id = 0;
	assert_int_equal(store_duty_flag_clear(f->db.st, "op", 1, "fixed", &id), 0);
	assert_int_equal(id, 11);
	assert_int_equal(store_duty_flag_clear(f->db.st, "op", 1, "again", NULL), STORE_DUTY_NOT_FLAGGED);
	assert_int_equal(store_duty_flag_clear(f->db.st, "op", 2, "plain", NULL), STORE_DUTY_NOT_FLAGGED);
	assert_int_equal(store_duty_flag_clear(f->db.st, "op", 99, "none", NULL), PW_STORE_NOTFOUND);

	struct store_duty_entry e;
	assert_int_equal(store_duty_get(f->db.st, 11, &e), 0);
	assert_string_equal(e.category, "flag_clear");
	assert_string_equal(e.text, "cleared flag of entry #1: fixed");
	store_duty_entry_clear(&e);
	assert_int_equal(store_duty_get(f->db.st, 10, &e), 0);
	assert_true(e.flagged);
	assert_false(e.flag_cleared);
	store_duty_entry_clear(&e);

	struct store_report rep;
	int64_t now = pw_now_ms();
	assert_int_equal(store_report_shift(f->db.st, now - HOUR_MS, now + HOUR_MS, now, "me", &rep), 0);
	const struct store_report_section *flagged = section(&rep, "flagged_notes");
	assert_int_equal(flagged->nrows, 1);
	assert_string_equal(store_report_cell(flagged, 0, 0), "10");
	store_report_free(&rep);

	/* The Duty log screen's "flagged only" list agrees. */
	struct store_duty_filter fl = {.flagged_only = true};
	struct store_duty_list l;
	assert_int_equal(store_duty_list(f->db.st, &fl, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, 10);
	store_duty_list_free(&l);
}

int main(void)
{
	pw_set_timezone("Asia/Shanghai");
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shift_window_is_day_or_night_in_site_time),
		T(test_night_shift_split_across_midnight_leaves_the_gap_between),
		T(test_rostered_team_with_an_empty_shift_is_one_whole_gap),
		T(test_overlapping_and_spanning_shifts_leave_no_gap),
		T(test_available_is_stock_minus_open_loans_with_warnings),
		T(test_report_takes_the_window_and_carries_flags_forward),
		T(test_cleared_flag_is_no_longer_carried_and_cannot_be_cleared_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
