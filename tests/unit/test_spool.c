/*
 * test_spool.c - the spool next to the database (core/spool.c) and its
 * replay into the store (store/spool_replay.c), on a real file system and a
 * real SQLite file whose write lock a second connection takes, as another
 * process would.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "parkwatch/spool.h"
#include "parkwatch/store.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/store_spool.h"
#include "parkwatch/util.h"
#include "store_fixture.h"

#define TYPED_AT 1764300000000LL   /* 2025-11-28: long before the test runs */

struct fixture {
	struct store_fixture db;
	char *dir;                /* the spool directory */
	sqlite3 *other;           /* the other process */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	if (store_fixture_open(&f->db, "spool") < 0)
		return -1;
	f->dir = pw_spool_dir(f->db.path);
	if (sqlite3_open(f->db.path, &f->other) != SQLITE_OK)
		return -1;
	setenv("PARKWATCH_OPERATOR", "replayer", 1);
	/* The user's own spool: a place that does not exist unless a test makes it. */
	char *no_state = xasprintf("%s/no-state", f->db.dir);
	setenv("XDG_STATE_HOME", no_state, 1);
	free(no_state);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sqlite3_close(f->other);
	store_fixture_remove(&f->db);
	free(f->dir);
	free(f);
	return 0;
}

static void duty_entry(struct pw_spool_entry *e, const char *text)
{
	pw_spool_entry_init(e, PW_SPOOL_DUTY, "console", "alice", TYPED_AT, "duty entry (note)", text);
	e->why = xstrdup("database is locked");
	pw_spool_arg_set_str(e, "category", "incident");
	pw_spool_arg_set_bool(e, "flagged", true);
}

/* Write N entries in one spool file; its path (caller frees). */
static char *spool(struct fixture *f, const struct pw_spool_entry *e, size_t n)
{
	char *path = NULL, *err = NULL;
	int rc = pw_spool_write(f->dir, e, n, &path, &err);
	if (rc < 0)
		fail_msg("pw_spool_write: %s", err);
	return path;
}

static int count_files(struct fixture *f)
{
	char **files, *err = NULL;
	int n = pw_spool_files(f->dir, &files, &err);
	pw_spool_files_free(files, n > 0 ? n : 0);
	free(err);
	return n;
}

/* SQL's one integer for ?1 = TEXT, read by the other connection. */
static int64_t q_int(struct fixture *f, const char *sql, const char *text)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(f->other, sql, -1, &s, NULL), SQLITE_OK);
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return v;
}

static int64_t rows_with(struct fixture *f, const char *text)
{
	return q_int(f, "SELECT count(*) FROM duty_log WHERE text = ?1", text);
}

static int64_t notes_about(struct fixture *f, const char *pattern)
{
	return q_int(f, "SELECT count(*) FROM duty_log WHERE category = 'system' AND text LIKE ?1", pattern);
}

/* ---- the file ---- */

static void test_written_entries_read_back_whole_with_owner_only_modes(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(chmod(f->db.path, 0644), 0);   /* not shared, whatever the umask made it */
	struct pw_spool_entry w[2];
	duty_entry(&w[0], "gas smell at gate 3, 门卫 reported");
	pw_spool_entry_init(&w[1], PW_SPOOL_ALARM_SHELVE, "console", "bob", TYPED_AT + 5, "shelve #7",
	                    "maintenance");
	pw_spool_arg_set_int(&w[1], "alarm", 7);
	pw_spool_arg_set_int(&w[1], "minutes", 30);
	assert_string_not_equal(w[0].id, w[1].id);
	char *path = spool(f, w, 2);

	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(f->dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(count_files(f), 1);

	struct pw_spool_entry *r;
	size_t n, skipped;
	char *err = NULL;
	assert_int_equal(pw_spool_read(path, &r, &n, &skipped, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(skipped, 0);
	assert_string_equal(r[0].id, w[0].id);
	assert_string_equal(r[0].kind, "duty");
	assert_string_equal(r[0].operator_name, "alice");
	assert_int_equal(r[0].typed_at, TYPED_AT);
	assert_string_equal(r[0].text, "gas smell at gate 3, 门卫 reported");
	assert_string_equal(r[0].why, "database is locked");
	assert_string_equal(pw_spool_arg_str(&r[0], "category", "?"), "incident");
	assert_true(pw_spool_arg_bool(&r[0], "flagged", false));
	assert_string_equal(r[0].host, pw_hostname());
	assert_int_equal(r[0].pid, (long)getpid());
	assert_string_equal(r[1].kind, "alarm_shelve");
	assert_int_equal(pw_spool_arg_int(&r[1], "alarm", 0), 7);
	assert_int_equal(pw_spool_arg_int(&r[1], "minutes", 0), 30);
	assert_null(r[1].why);
	pw_spool_entries_free(r, n);
	pw_spool_entry_clear(&w[0]);
	pw_spool_entry_clear(&w[1]);
	free(path);
}

static void test_beside_a_group_writable_database_the_group_can_replay_it(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(chmod(f->db.path, 0660), 0);
	mode_t was = umask(022);
	struct pw_spool_entry e;
	duty_entry(&e, "a colleague saves it");
	char *path = spool(f, &e, 1);
	umask(was);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	assert_int_equal(stat(f->dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0770);
	pw_spool_entry_clear(&e);
	free(path);
}

static void test_a_torn_last_line_is_skipped_and_the_whole_lines_kept(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry w[3];
	duty_entry(&w[0], "first");
	duty_entry(&w[1], "second");
	duty_entry(&w[2], "third, torn");
	char *path = spool(f, w, 3);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	/* The file lost its last 20 bytes: the third line has no end. */
	assert_int_equal(truncate(path, sb.st_size - 20), 0);

	struct pw_spool_entry *r;
	size_t n, skipped;
	char *err = NULL;
	assert_int_equal(pw_spool_read(path, &r, &n, &skipped, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(skipped, 1);
	assert_string_equal(r[0].text, "first");
	assert_string_equal(r[1].text, "second");
	pw_spool_entries_free(r, n);

	/* Cut just before its newline, the line is still not taken. */
	assert_int_equal(truncate(path, sb.st_size - 1), 0);
	assert_int_equal(pw_spool_read(path, &r, &n, &skipped, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(skipped, 1);
	pw_spool_entries_free(r, n);
	for (int i = 0; i < 3; i++)
		pw_spool_entry_clear(&w[i]);
	free(path);
}

static void test_lines_that_are_not_entries_are_skipped(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(f->dir, 0700), 0);
	char *path = xasprintf("%s/1-x-1.jsonl", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	struct pw_spool_entry e;
	duty_entry(&e, "the good one");
	char *line = pw_spool_entry_to_line(&e);
	fprintf(fp, "not json\n{\"v\":1}\n[1,2]\n{\"v\":2,\"id\":\"%s\"}\n\n%s", e.id, line);
	fclose(fp);
	struct pw_spool_entry *r;
	size_t n, skipped;
	char *err = NULL;
	assert_int_equal(pw_spool_read(path, &r, &n, &skipped, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(skipped, 4);
	assert_string_equal(r[0].text, "the good one");
	pw_spool_entries_free(r, n);
	pw_spool_entry_clear(&e);
	free(line);
	free(path);
}

static void test_no_spool_directory_is_no_files(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(count_files(f), 0);
	assert_int_equal(store_spool_replay(f->db.st, stderr), 0);
}

/* ---- the replay ---- */

static void test_replay_saves_the_entry_as_typed_with_a_note_and_removes_the_file(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry e;
	duty_entry(&e, "gas smell at gate 3");
	free(spool(f, &e, 1));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 1);
	assert_int_equal(count_files(f), 0);
	assert_int_equal(rows_with(f, "gas smell at gate 3"), 1);
	assert_int_equal(q_int(f, "SELECT ts FROM duty_log WHERE text = ?1", "gas smell at gate 3"), TYPED_AT);
	assert_int_equal(q_int(f, "SELECT count(*) FROM duty_log WHERE text = ?1 AND operator = 'alice' "
	                          "AND category = 'incident' AND flagged = 1", "gas smell at gate 3"),
	                 1);
	char *like = xasprintf("recovered from the spool: duty entry (note) typed %% by alice, not saved "
	                       "then (database is locked); kept by console pid %% on %s at %%; saved by "
	                       "replayer, %% [spool %s]: it is duty entry %%",
	                       pw_hostname(), e.id);
	assert_int_equal(notes_about(f, like), 1);
	free(like);
	assert_int_equal(q_int(f, "SELECT count(*) FROM duty_log WHERE operator = 'replayer'", NULL), 1);
	assert_int_equal(store_check(f->db.st, stderr), 0);
	pw_spool_entry_clear(&e);
}

static void test_the_same_entries_replayed_again_are_not_saved_twice(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry e[2];
	duty_entry(&e[0], "only once");
	pw_spool_entry_init(&e[1], "incident_note", "console", "alice", TYPED_AT, "note on incident #3",
	                    "only once too");
	free(spool(f, e, 2));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 2);
	/* A replay killed after its commits, before the file went: the same file again. */
	free(spool(f, e, 2));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 0);
	assert_int_equal(count_files(f), 0);
	assert_int_equal(rows_with(f, "only once"), 1);
	assert_int_equal(notes_about(f, "recovered from the spool: %"), 2);
	assert_int_equal(notes_about(f, "%note on incident #3%NOT applied%text: \"only once too\""), 1);
	pw_spool_entry_clear(&e[0]);
	pw_spool_entry_clear(&e[1]);
}

static void test_a_locked_database_leaves_the_spool_for_the_next_open(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry e;
	duty_entry(&e, "waits for the lock");
	free(spool(f, &e, 1));
	assert_int_equal(sqlite3_exec(f->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	char buf[1024] = "";
	FILE *log = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(store_spool_replay(f->db.st, log), -1);
	fclose(log);
	assert_non_null(strstr(buf, "not saved yet"));
	assert_int_equal(count_files(f), 1);
	assert_int_equal(sqlite3_exec(f->other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(rows_with(f, "waits for the lock"), 0);

	/* The next read-write open is the hook. */
	struct pw_store *st2;
	char *err = NULL;
	assert_int_equal(store_open(&st2, f->db.path, 0, &err), 0);
	store_close(st2);
	assert_int_equal(count_files(f), 0);
	assert_int_equal(rows_with(f, "waits for the lock"), 1);
	pw_spool_entry_clear(&e);
}

static void test_a_read_only_open_leaves_the_spool_alone(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry e;
	duty_entry(&e, "not for a reader");
	free(spool(f, &e, 1));
	struct pw_store *ro;
	char *err = NULL;
	assert_int_equal(store_open(&ro, f->db.path, PW_STORE_READONLY, &err), 0);
	store_close(ro);
	assert_int_equal(count_files(f), 1);
	assert_int_equal(rows_with(f, "not for a reader"), 0);
	pw_spool_entry_clear(&e);
}

static void test_an_alarm_action_the_alarm_refuses_now_is_noted_with_why(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry e;
	pw_spool_entry_init(&e, PW_SPOOL_ALARM_ACK, "console", "alice", TYPED_AT, "acknowledge #999",
	                    "checked on site");
	pw_spool_arg_set_int(&e, "alarm", 999);
	free(spool(f, &e, 1));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 1);
	assert_int_equal(count_files(f), 0);
	assert_int_equal(notes_about(f, "recovered from the spool: acknowledge #999 %NOT applied now: %"), 1);
	pw_spool_entry_clear(&e);
}

static void test_an_incident_note_is_added_at_its_time_once_and_a_refused_one_noted(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(sqlite3_exec(f->other,
	                              "INSERT INTO enterprises (id, code, name, industry, zone, created_at, "
	                              "updated_at) VALUES (1, 'E001', 'Works', 'metal', 'north', 0, 0)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	struct store_incident_new in = {.enterprise_code = "E001", .type = PW_INC_LEAK};
	int64_t inc;
	assert_int_equal(store_incident_open(f->db.st, &in, "alice", TYPED_AT - 1000, &inc), 0);
	struct pw_spool_entry e[2];
	pw_spool_entry_init(&e[0], PW_SPOOL_INCIDENT_NOTE, "console", "alice", TYPED_AT, "note on incident",
	                    "valve closed by the site team");
	pw_spool_arg_set_int(&e[0], "incident", inc);
	pw_spool_entry_init(&e[1], PW_SPOOL_INCIDENT_NOTE, "console", "alice", TYPED_AT, "note on incident #999",
	                    "for an incident that is not there");
	pw_spool_arg_set_int(&e[1], "incident", 999);
	free(spool(f, e, 2));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 2);
	free(spool(f, e, 2));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM incident_log WHERE text = ?1", "valve closed by the site team"),
	                 1);
	assert_int_equal(q_int(f, "SELECT ts FROM incident_log WHERE text = ?1", "valve closed by the site team"),
	                 TYPED_AT);
	assert_int_equal(notes_about(f, "recovered from the spool: note on incident typed %: added to the "
	                                "incident at the time it was typed"),
	                 1);
	assert_int_equal(notes_about(f, "recovered from the spool: note on incident #999 %NOT applied now: %"
	                                "text: \"for an incident that is not there\""),
	                 1);
	assert_int_equal(store_check(f->db.st, stderr), 0);
	pw_spool_entry_clear(&e[0]);
	pw_spool_entry_clear(&e[1]);
}

static void test_a_hazard_report_is_made_at_its_time_once_and_an_unknown_enterprise_noted(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(sqlite3_exec(f->other,
	                              "INSERT INTO enterprises (id, code, name, industry, zone, created_at, "
	                              "updated_at) VALUES (1, 'E001', 'Works', 'metal', 'north', 0, 0)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	struct pw_spool_entry e[2];
	pw_spool_entry_init(&e[0], PW_SPOOL_HAZARD_REPORT, "console", "alice", TYPED_AT, "hazard report at E001",
	                    "blocked fire exit in hall 2");
	pw_spool_arg_set_str(&e[0], "enterprise", "E001");
	pw_spool_arg_set_str(&e[0], "grade", "major");
	pw_spool_arg_set_str(&e[0], "deadline", "");
	pw_spool_entry_init(&e[1], PW_SPOOL_HAZARD_REPORT, "console", "alice", TYPED_AT, "hazard report at X9",
	                    "for a works that is not there");
	pw_spool_arg_set_str(&e[1], "enterprise", "X9");
	free(spool(f, e, 2));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 2);
	free(spool(f, e, 2));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM hazards WHERE description = ?1 AND grade = 'major' "
	                          "AND reported_by = 'alice'", "blocked fire exit in hall 2"),
	                 1);
	assert_int_equal(q_int(f, "SELECT reported_at FROM hazards WHERE description = ?1", "blocked fire exit in hall 2"),
	                 TYPED_AT);
	assert_int_equal(notes_about(f, "recovered from the spool: hazard report at E001 typed %: it is hazard #%"), 1);
	assert_int_equal(notes_about(f, "recovered from the spool: hazard report at X9 %NOT applied now: %X9%"), 1);
	assert_int_equal(store_check(f->db.st, stderr), 0);
	pw_spool_entry_clear(&e[0]);
	pw_spool_entry_clear(&e[1]);
}

/* A private $XDG_STATE_HOME for the user's own spool; removed by state_remove(). */
static char *state_home(void)
{
	char *dir = xstrdup("/tmp/pw-test-state.XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	return dir;
}

static void state_remove(char *dir)
{
	char *spool = pw_spool_fallback_dir(), **files, *err = NULL;
	int n = pw_spool_files(spool, &files, &err);
	for (int i = 0; i < n; i++)
		unlink(files[i]);
	pw_spool_files_free(files, n > 0 ? n : 0);
	free(err);
	rmdir(spool);
	char *parent = xasprintf("%s/parkwatch", dir);
	rmdir(parent);
	free(parent);
	rmdir(dir);
	free(spool);
	free(dir);
	unsetenv("XDG_STATE_HOME");
}

static void test_when_the_spool_beside_the_database_cannot_be_written_the_users_own_takes_it(void **state)
{
	struct fixture *f = *state;
	char *home = state_home();
	/* Something that is not a directory where the spool would go (as a
	 * full or read-only disk would refuse it, whoever runs the test). */
	FILE *block = fopen(f->dir, "w");
	assert_non_null(block);
	fclose(block);
	struct pw_spool_entry e;
	duty_entry(&e, "kept in the user's own spool");
	char *path = NULL, *err = NULL;
	assert_int_equal(pw_spool_keep(f->db.path, &e, 1, &path, &err), 0);
	assert_non_null(strstr(path, "/parkwatch/spool/"));
	assert_int_equal(strncmp(path, home, strlen(home)), 0);
	char *abs = realpath(f->db.path, NULL);
	assert_string_equal(e.db, abs);

	/* A file of another database in the same place is left alone. */
	struct pw_spool_entry other;
	duty_entry(&other, "for another database");
	char *mine = pw_spool_fallback_dir(), *other_path = NULL;
	free(other.db);
	other.db = xstrdup("/nonexistent/other.db");
	assert_int_equal(pw_spool_write(mine, &other, 1, &other_path, &err), 0);

	char buf[1024] = "";
	FILE *log = fmemopen(buf, sizeof buf, "w");
	store_spool_replay(f->db.st, log);
	fclose(log);
	assert_int_equal(rows_with(f, "kept in the user's own spool"), 1);
	assert_int_equal(rows_with(f, "for another database"), 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(access(other_path, F_OK), 0);

	unlink(f->dir);
	free(abs);
	free(mine);
	free(path);
	free(other_path);
	pw_spool_entry_clear(&e);
	pw_spool_entry_clear(&other);
	state_remove(home);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_written_entries_read_back_whole_with_owner_only_modes),
		T(test_beside_a_group_writable_database_the_group_can_replay_it),
		T(test_a_torn_last_line_is_skipped_and_the_whole_lines_kept),
		T(test_lines_that_are_not_entries_are_skipped),
		T(test_no_spool_directory_is_no_files),
		T(test_replay_saves_the_entry_as_typed_with_a_note_and_removes_the_file),
		T(test_the_same_entries_replayed_again_are_not_saved_twice),
		T(test_a_locked_database_leaves_the_spool_for_the_next_open),
		T(test_a_read_only_open_leaves_the_spool_alone),
		T(test_an_alarm_action_the_alarm_refuses_now_is_noted_with_why),
		T(test_an_incident_note_is_added_at_its_time_once_and_a_refused_one_noted),
		T(test_a_hazard_report_is_made_at_its_time_once_and_an_unknown_enterprise_noted),
		T(test_when_the_spool_beside_the_database_cannot_be_written_the_users_own_takes_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
