/*
 * test_save.c - the console's save queue (src/ui/save.c) against a real
 * database whose write lock a second connection takes, as another process
 * would. The message line, prompt and question are small recording
 * doubles: what is checked is what the operator would see and what ends up
 * in the duty log.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "parkwatch/spool.h"
#include "parkwatch/store.h"
#include "parkwatch/store_spool.h"
#include "parkwatch/store_duty.h"
#include "parkwatch/util.h"
#include "store_fixture.h"
#include "../../src/ui/save.h"
#include "../../src/ui/ui_private.h"

/* ---- doubles of the message line (views.c, input.c, app.c) ---- */

static char g_msg[512];
static int g_msg_role;
static int g_bells;
static struct ui_prompt_spec g_prompt;
static char g_prompt_label[256];
static char g_prompt_initial[512];
static char g_question[256];

void ui_message(struct ui *ui, int role, const char *fmt, ...)
{
	(void)ui;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g_msg, sizeof g_msg, fmt, ap);
	va_end(ap);
	g_msg_role = role;
}

void ui_prompt_open(struct ui *ui, const struct ui_prompt_spec *spec)
{
	ui->prompt.active = true;
	g_prompt = *spec;
	snprintf(g_prompt_label, sizeof g_prompt_label, "%s", spec->label ? spec->label : "");
	snprintf(g_prompt_initial, sizeof g_prompt_initial, "%s", spec->initial ? spec->initial : "");
}

void ui_ask(struct ui *ui, const char *question, unsigned (*on_yes)(void *, struct ui *),
            unsigned (*on_no)(void *, struct ui *), void *user)
{
	ui->question = (struct ui_question){.active = true, .on_yes = on_yes, .on_no = on_no, .user = user};
	snprintf(g_question, sizeof g_question, "%s", question);
}

void ui_bell(void)
{
	g_bells++;
}

static unsigned g_data_changed;

void ui_data_changed(unsigned what)
{
	g_data_changed |= what;
}

/* The operator presses Enter on the open prompt with TEXT. */
static unsigned press_enter(struct ui *ui, const char *text)
{
	assert_true(ui->prompt.active);
	ui->prompt.active = false;
	return g_prompt.on_submit(g_prompt.user, ui, text);
}

/* ---- an action: a duty entry, as the console writes one ---- */

static int g_writes, g_reports, g_last_rc;
static bool g_retried;    /* the last write came from the queue */
static bool g_refuse_all; /* write() refuses every text */

static int note_write(struct ui *ui, void *ctx, const char *text)
{
	(void)ctx;
	g_writes++;
	g_retried = ui_save_retrying();
	if (g_refuse_all || strcmp(text, "bad") == 0)
		return ui_save_invalid("Not that word.");
	int64_t id;
	return store_duty_append(ui->st, "tester", "note", text, false, &id);
}

static unsigned note_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)ui;
	(void)ctx;
	(void)text;
	g_reports++;
	g_last_rc = rc;
	return UI_R_MSG;
}

static const struct ui_save_ops note_ops = {.write = note_write, .report = note_report};

static struct ui_save_job *note_job(const char *what)
{
	struct ui_save_spec spec = {.ops = &note_ops, .what = what, .precious = true};
	return ui_save_begin(&spec, xcalloc(1, 8));
}

/* ---- fixture ---- */

struct fixture {
	struct store_fixture db;
	sqlite3 *other;           /* the other process */
	struct ui ui;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	if (store_fixture_open(&f->db, "save") < 0)
		return -1;
	store_set_busy_timeout(f->db.st, 50);
	if (sqlite3_open(f->db.path, &f->other) != SQLITE_OK)
		return -1;
	f->ui.st = f->db.st;
	/* The user's own spool: a place that does not exist unless a test makes it. */
	char *no_state = xasprintf("%s/no-state", f->db.dir);
	setenv("XDG_STATE_HOME", no_state, 1);
	free(no_state);
	g_msg[0] = g_question[0] = '\0';
	g_writes = g_reports = g_bells = 0;
	g_last_rc = -99;
	g_refuse_all = false;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ui_save_free_all();
	sqlite3_close(f->other);
	store_fixture_remove(&f->db);
	free(f);
	return 0;
}

static void lock(struct fixture *f)
{
	assert_int_equal(sqlite3_exec(f->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
}

static void unlock(struct fixture *f)
{
	assert_int_equal(sqlite3_exec(f->other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
}

/* SQL's one integer for ?1 = TEXT, read by the other connection. */
static int64_t q_int(struct fixture *f, const char *sql, const char *text)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(f->other, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int entries(struct fixture *f, const char *text)
{
	return (int)q_int(f, "SELECT count(*) FROM duty_log WHERE text = ?1", text);
}

static int64_t id_of(struct fixture *f, const char *text)
{
	return q_int(f, "SELECT id FROM duty_log WHERE text = ?1", text);
}

/* ---- tests ---- */

static void test_a_free_database_saves_at_once_and_reports_once(void **state)
{
	struct fixture *f = *state;
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, note_job("a note"), "pump checked", &out);
	assert_int_equal(out, UI_SAVE_SAVED);
	assert_false(g_retried);
	assert_int_equal(g_reports, 1);
	assert_int_equal(g_last_rc, 0);
	assert_int_equal(ui_save_pending(), 0);
	assert_int_equal(entries(f, "pump checked"), 1);
}

static void test_a_busy_database_queues_the_text_and_saves_it_when_the_lock_goes(void **state)
{
	struct fixture *f = *state;
	lock(f);
	struct ui_save_job *j = note_job("duty entry");
	ui_save_prompt(&f->ui, j, "Note: ", NULL);
	press_enter(&f->ui, "written while locked");
	assert_int_equal(ui_save_pending(), 1);
	assert_non_null(strstr(g_msg, "saving... duty entry"));
	assert_non_null(strstr(g_msg, "locked"));
	assert_int_equal(g_reports, 0);

	int64_t now = pw_mono_ms();
	ui_save_tick(&f->ui, now + 1100);   /* still locked: stays queued, quietly */
	assert_int_equal(ui_save_pending(), 1);
	assert_int_equal(g_reports, 0);
	unlock(f);
	ui_save_tick(&f->ui, now + 1200);   /* not due yet: no try */
	assert_int_equal(entries(f, "written while locked"), 0);
	ui_save_tick(&f->ui, now + 2300);
	assert_true(g_retried);
	assert_false(ui_save_retrying());
	assert_int_equal(ui_save_pending(), 0);
	assert_int_equal(g_reports, 1);
	assert_int_equal(g_last_rc, 0);
	assert_int_equal(entries(f, "written while locked"), 1);
}

static void test_queued_writes_are_saved_in_the_order_they_were_made(void **state)
{
	struct fixture *f = *state;
	lock(f);
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, note_job("first"), "first", &out);
	assert_int_equal(out, UI_SAVE_QUEUED);
	unlock(f);
	/* The database is free again, but "first" is still waiting: "second" queues behind it. */
	ui_save_submit(&f->ui, note_job("second"), "second", &out);
	assert_int_equal(out, UI_SAVE_QUEUED);
	assert_int_equal(entries(f, "second"), 0);
	assert_int_equal(ui_save_pending(), 2);
	ui_save_tick(&f->ui, pw_mono_ms() + 1100);
	assert_int_equal(ui_save_pending(), 0);
	assert_true(id_of(f, "first") < id_of(f, "second"));
}

static void test_a_minute_of_busy_gives_the_prompt_back_with_the_text(void **state)
{
	struct fixture *f = *state;
	lock(f);
	struct ui_save_job *j = note_job("duty entry");
	ui_save_prompt(&f->ui, j, "Note: ", NULL);
	press_enter(&f->ui, "kept for a minute");
	int64_t now = pw_mono_ms();
	ui_save_tick(&f->ui, now + UI_SAVE_GIVE_UP_MS + 1000);
	assert_int_equal(ui_save_pending(), 0);
	assert_true(f->ui.prompt.active);
	assert_non_null(strstr(g_prompt_label, "NOT SAVED ("));
	assert_non_null(strstr(g_prompt_label, "Enter retries. Note: "));
	assert_string_equal(g_prompt_initial, "kept for a minute");
	assert_true(g_prompt.confirm_discard);
	assert_int_equal(g_bells, 1);
	/* Enter once the lock is gone: saved, once. */
	unlock(f);
	press_enter(&f->ui, "kept for a minute");
	assert_int_equal(entries(f, "kept for a minute"), 1);
	assert_int_equal(g_reports, 1);
}

static void test_give_back_waits_while_the_operator_is_typing(void **state)
{
	struct fixture *f = *state;
	lock(f);
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, note_job("duty entry"), "queued", &out);
	f->ui.prompt.active = true;   /* another prompt is open, text being typed */
	g_prompt_label[0] = '\0';
	ui_save_tick(&f->ui, pw_mono_ms() + UI_SAVE_GIVE_UP_MS + 1000);
	assert_string_equal(g_prompt_label, "");   /* not replaced */
	assert_int_equal(ui_save_pending(), 1);
	f->ui.prompt.active = false;
	ui_save_tick(&f->ui, pw_mono_ms() + UI_SAVE_GIVE_UP_MS + 3000);
	/* Without a prompt of its own the job asks. */
	assert_true(f->ui.question.active);
	assert_non_null(strstr(g_question, "NOT SAVED ("));
	assert_non_null(strstr(g_question, "duty entry. Try again? y/n"));
	unlock(f);
	f->ui.question.active = false;
	f->ui.question.on_yes(f->ui.question.user, &f->ui);
	assert_int_equal(entries(f, "queued"), 1);
}

static void test_text_the_action_refuses_brings_the_prompt_back_with_the_reason(void **state)
{
	struct fixture *f = *state;
	ui_save_prompt(&f->ui, note_job("duty entry"), "Note: ", NULL);
	press_enter(&f->ui, "bad");
	assert_true(f->ui.prompt.active);
	assert_string_equal(g_prompt_label, "Not that word. Note: ");
	assert_string_equal(g_prompt_initial, "bad");
	assert_int_equal(ui_save_pending(), 0);
	press_enter(&f->ui, "good");
	assert_int_equal(entries(f, "good"), 1);
}

static void test_a_queued_job_whose_text_is_refused_waits_until_nothing_is_being_typed(void **state)
{
	struct fixture *f = *state;
	lock(f);
	ui_save_prompt(&f->ui, note_job("dispatch"), "Team: ", NULL);
	press_enter(&f->ui, "T-01");
	assert_int_equal(ui_save_pending(), 1);
	unlock(f);
	g_refuse_all = true;                  /* e.g. the team was deleted meanwhile */
	f->ui.prompt.active = true;           /* the operator is typing something else */
	g_prompt_label[0] = '\0';
	int64_t now = pw_mono_ms();
	ui_save_tick(&f->ui, now + 1100);
	assert_string_equal(g_prompt_label, "");
	assert_int_equal(ui_save_pending(), 1);
	f->ui.prompt.active = false;
	ui_save_tick(&f->ui, now + 2200);
	assert_true(f->ui.prompt.active);
	assert_string_equal(g_prompt_label, "Not that word. Team: ");
	assert_string_equal(g_prompt_initial, "T-01");
	assert_int_equal(ui_save_pending(), 0);
}

static void test_a_failure_waiting_does_not_cure_is_given_back_at_once(void **state)
{
	struct fixture *f = *state;
	/* SQLite refuses the write for a reason no retry would cure. */
	assert_int_equal(sqlite3_exec(f->other, "CREATE TRIGGER refuse BEFORE INSERT ON duty_log"
	                                        " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	ui_save_prompt(&f->ui, note_job("duty entry"), "Note: ", NULL);
	press_enter(&f->ui, "refused text");
	assert_int_equal(ui_save_pending(), 0);
	assert_true(f->ui.prompt.active);
	assert_non_null(strstr(g_prompt_label, "NOT SAVED ("));
	assert_non_null(strstr(g_prompt_label, "refused by the test"));
	assert_string_equal(g_prompt_initial, "refused text");
	assert_non_null(strstr(g_msg, "NOT SAVED: duty entry: "));
	assert_int_equal(sqlite3_exec(f->other, "DROP TRIGGER refuse", NULL, NULL, NULL), SQLITE_OK);
	press_enter(&f->ui, "refused text");
	assert_int_equal(entries(f, "refused text"), 1);
}

static void test_the_caller_keeps_its_page_when_the_failure_is_not_busy(void **state)
{
	struct fixture *f = *state;
	/* A read-only console's store refuses before SQLite is asked. */
	struct pw_store *ro = NULL;
	char *err = NULL;
	assert_int_equal(store_open(&ro, f->db.path, PW_STORE_READONLY, &err), 0);
	f->ui.st = ro;
	struct ui_save_spec spec = {.ops = &note_ops, .what = "duty entry (note)", .caller_keeps = true};
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, ui_save_begin(&spec, xcalloc(1, 8)), "on a read-only file", &out);
	assert_int_equal(out, UI_SAVE_NOT_SAVED);
	assert_false(f->ui.prompt.active);
	assert_false(f->ui.question.active);
	assert_non_null(strstr(g_msg, "NOT SAVED: duty entry (note): "));
	assert_int_equal(g_msg_role, PW_ROLE_ERROR);
	assert_int_equal(ui_save_pending(), 0);
	f->ui.st = f->db.st;
	store_close(ro);
}

static void test_closing_with_a_queued_write_prints_it_with_its_text(void **state)
{
	struct fixture *f = *state;
	lock(f);
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, note_job("duty entry (note)"), "the line dropped", &out);
	assert_int_equal(out, UI_SAVE_QUEUED);
	char buf[512] = "";
	FILE *err = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ui_save_flush(&f->ui, 100, err), 1);
	fclose(err);
	assert_non_null(strstr(buf, "NOT SAVED: duty entry (note): "));
	assert_non_null(strstr(buf, "(text: \"the line dropped\")"));
	assert_int_equal(ui_save_pending(), 0);
	unlock(f);
}

static void test_closing_keeps_what_is_not_saved_in_the_spool_for_the_next_writer(void **state)
{
	struct fixture *f = *state;
	f->ui.opts.operator_name = "night-op";
	lock(f);
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, note_job("note on incident #5"), "the line dropped, spooled", &out);
	assert_int_equal(out, UI_SAVE_QUEUED);
	char buf[1024] = "";
	FILE *err = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ui_save_flush(&f->ui, 100, err), 1);
	fclose(err);
	assert_non_null(strstr(buf, "kept in "));
	assert_non_null(strstr(buf, "-spool/"));
	unlock(f);

	char *dir = pw_spool_dir(f->db.path), **files, *why = NULL;
	assert_int_equal(pw_spool_files(dir, &files, &why), 1);
	struct pw_spool_entry *e;
	size_t n;
	assert_int_equal(pw_spool_read(files[0], &e, &n, NULL, &why), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].operator_name, "night-op");
	assert_string_equal(e[0].what, "note on incident #5");
	assert_string_equal(e[0].text, "the line dropped, spooled");
	assert_string_equal(e[0].kind, PW_SPOOL_OTHER);   /* the test's action has no spool() */
	assert_string_equal(e[0].prog, "console");
	pw_spool_entries_free(e, n);
	pw_spool_files_free(files, 1);
	free(dir);

	/* The next process to write saves it: here, the replay itself. */
	assert_int_equal(store_spool_replay(f->db.st, stderr), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM duty_log WHERE text LIKE ?1",
	                       "recovered from the spool: note on incident #5 typed % by night-op%"
	                       "text: \"the line dropped, spooled\""),
	                 1);
}

/* The line drops while the operator is still typing on a save prompt. */
static size_t drafts_kept_when(struct fixture *f, bool operator_quit)
{
	ui_save_prompt(&f->ui, note_job("acknowledge #12"), "Comment: ", NULL);
	f->ui.prompt.spec = g_prompt;
	ui_edit_init(&f->ui.prompt.edit, 200);
	ui_edit_set(&f->ui.prompt.edit, "checked on si");
	f->ui.quit = operator_quit;
	char buf[1024] = "";
	FILE *err = fmemopen(buf, sizeof buf, "w");
	int kept = ui_save_flush(&f->ui, 100, err);
	fclose(err);
	ui_edit_free(&f->ui.prompt.edit);
	f->ui.prompt.active = false;
	return (size_t)kept;
}

static void test_a_draft_is_kept_as_a_note_when_the_line_drops_not_when_the_operator_quits(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(drafts_kept_when(f, true), 0);
	assert_int_equal(drafts_kept_when(f, false), 1);
	char *dir = pw_spool_dir(f->db.path), **files, *why = NULL;
	assert_int_equal(pw_spool_files(dir, &files, &why), 1);
	struct pw_spool_entry *e;
	size_t n;
	assert_int_equal(pw_spool_read(files[0], &e, &n, NULL, &why), 0);
	assert_int_equal(n, 1);
	/* Never submitted: never applied, only written down. */
	assert_string_equal(e[0].kind, PW_SPOOL_OTHER);
	assert_string_equal(e[0].text, "checked on si");
	assert_non_null(strstr(e[0].why, "never submitted"));
	pw_spool_entries_free(e, n);
	pw_spool_files_free(files, 1);
	free(dir);
}

static void test_a_console_saves_an_earlier_consoles_spool_once_the_lock_goes(void **state)
{
	struct fixture *f = *state;
	struct pw_spool_entry e;
	pw_spool_entry_init(&e, PW_SPOOL_DUTY, "console", "day-op", 1764300000000LL, "duty entry (note)",
	                    "kept by the console before");
	char *dir = pw_spool_dir(f->db.path), *why = NULL;
	assert_int_equal(pw_spool_write(dir, &e, 1, NULL, &why), 0);
	pw_spool_entry_clear(&e);
	lock(f);
	int64_t t0 = pw_mono_ms() + 3600 * 1000;   /* clear of the tick's earlier tries */
	ui_save_tick(&f->ui, t0);
	assert_int_equal(entries(f, "kept by the console before"), 0);
	unlock(f);
	ui_save_tick(&f->ui, t0 + 1000);           /* not yet: it tries now and then */
	assert_int_equal(entries(f, "kept by the console before"), 0);
	g_msg[0] = '\0';
	ui_save_tick(&f->ui, t0 + 60 * 1000);
	assert_int_equal(entries(f, "kept by the console before"), 1);
	assert_non_null(strstr(g_msg, "1 entry kept in the spool by an earlier console saved"));
	assert_true(g_data_changed & UI_DATA_DUTY);
	char **files;
	assert_int_equal(pw_spool_files(dir, &files, &why), 0);
	free(dir);
}

static void test_a_write_given_back_on_its_prompt_is_kept_once_with_the_text_on_the_prompt(void **state)
{
	struct fixture *f = *state;
	lock(f);
	ui_save_prompt(&f->ui, note_job("note on incident #6"), "Note: ", NULL);
	press_enter(&f->ui, "first words");
	ui_save_tick(&f->ui, pw_mono_ms() + UI_SAVE_GIVE_UP_MS + 1000);
	assert_true(f->ui.prompt.active);          /* given back, the operator edits it */
	f->ui.prompt.spec = g_prompt;
	ui_edit_init(&f->ui.prompt.edit, 200);
	ui_edit_set(&f->ui.prompt.edit, "first words, then more");
	char buf[1024] = "";
	FILE *err = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(ui_save_flush(&f->ui, 50, err), 1);
	fclose(err);
	ui_edit_free(&f->ui.prompt.edit);
	unlock(f);
	assert_non_null(strstr(buf, "(text: \"first words, then more\")"));
	assert_int_equal(store_spool_replay(f->db.st, stderr), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM duty_log WHERE text LIKE ?1",
	                       "recovered from the spool: note on incident #6 %\"first words, then more\""),
	                 1);
}

static void test_closing_saves_what_the_database_now_takes(void **state)
{
	struct fixture *f = *state;
	lock(f);
	enum ui_save_outcome out;
	ui_save_submit(&f->ui, note_job("duty entry"), "saved on the way out", &out);
	unlock(f);
	assert_int_equal(ui_save_flush(&f->ui, 100, stderr), 0);
	assert_int_equal(entries(f, "saved on the way out"), 1);
}

static void test_cancel_says_cancelled_and_discard_after_a_failure_says_not_saved(void **state)
{
	struct fixture *f = *state;
	ui_save_prompt(&f->ui, note_job("note on incident #3"), "Note: ", NULL);
	f->ui.prompt.active = false;
	g_prompt.on_cancel(g_prompt.user, &f->ui);
	assert_string_equal(g_msg, "note on incident #3: cancelled");
	lock(f);
	ui_save_prompt(&f->ui, note_job("note on incident #4"), "Note: ", NULL);
	press_enter(&f->ui, "x");
	ui_save_tick(&f->ui, pw_mono_ms() + UI_SAVE_GIVE_UP_MS + 1000);
	f->ui.prompt.active = false;
	g_prompt.on_cancel(g_prompt.user, &f->ui);
	assert_string_equal(g_msg, "note on incident #4: discarded, not saved");
	unlock(f);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_a_free_database_saves_at_once_and_reports_once),
		T(test_a_busy_database_queues_the_text_and_saves_it_when_the_lock_goes),
		T(test_queued_writes_are_saved_in_the_order_they_were_made),
		T(test_a_minute_of_busy_gives_the_prompt_back_with_the_text),
		T(test_give_back_waits_while_the_operator_is_typing),
		T(test_text_the_action_refuses_brings_the_prompt_back_with_the_reason),
		T(test_a_queued_job_whose_text_is_refused_waits_until_nothing_is_being_typed),
		T(test_a_failure_waiting_does_not_cure_is_given_back_at_once),
		T(test_the_caller_keeps_its_page_when_the_failure_is_not_busy),
		T(test_closing_with_a_queued_write_prints_it_with_its_text),
		T(test_closing_keeps_what_is_not_saved_in_the_spool_for_the_next_writer),
		T(test_a_draft_is_kept_as_a_note_when_the_line_drops_not_when_the_operator_quits),
		T(test_a_console_saves_an_earlier_consoles_spool_once_the_lock_goes),
		T(test_a_write_given_back_on_its_prompt_is_kept_once_with_the_text_on_the_prompt),
		T(test_closing_saves_what_the_database_now_takes),
		T(test_cancel_says_cancelled_and_discard_after_a_failure_says_not_saved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
