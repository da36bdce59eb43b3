/*
 * spool_replay.c - saving the entries a console kept in the spool (see
 * store_spool.h and spool.h).
 *
 * Each entry is saved at most once, whoever replays it and however often:
 * its spool id goes into meta ("spool:<id>") in the same transaction as the
 * duty-log note, and the note's transaction checks for it under the write
 * lock (BEGIN IMMEDIATE), so two processes opening the database at once, or
 * a replay killed between a commit and the file's removal, save nothing
 * twice. The file goes only after all its entries are committed, and those
 * commits are synchronous=FULL: once the spool is gone, the database has them.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parkwatch/spool.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/store_duty.h"
#include "parkwatch/store_hazards.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/store_spool.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define REPLAY_BUSY_MS 1000   /* at open: a held lock delays the start by this at most */

/* 1 when entry E is already saved, 0 when not, -1 on a database error. */
static int is_saved(struct pw_store *st, const struct pw_spool_entry *e)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM meta WHERE key = ?1");
	if (!s)
		return -1;
	char key[8 + PW_SPOOL_ID_SZ];
	snprintf(key, sizeof key, "spool:%s", e->id);
	store_bind_text(s, 1, key);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read meta");
}

/*
 * The duty-log note of E's recovery, OUTCOME appended ("" for none), and
 * its spool id in meta; in the caller's transaction.
 */
static int write_note(struct pw_store *st, const struct pw_spool_entry *e, const char *outcome)
{
	char typed[PW_TIME_BUFSZ], spooled[PW_TIME_BUFSZ];
	pw_time_iso(typed, e->typed_at, false);
	pw_time_iso(spooled, e->spooled_at, false);
	const char *me = pw_operator_name(NULL);
	char *then = e->why ? xasprintf(", not saved then (%s)", e->why) : xstrdup("");
	char *at = e->spooled_at > 0 ? xasprintf(" at %s", spooled) : xstrdup("");
	char *note = xasprintf("recovered from the spool: %s typed %s by %s%s; kept by %s pid %ld on %s%s; "
	                       "saved by %s, %s pid %ld on %s [spool %s]%s",
	                       e->what, typed, e->operator_name, then, e->prog, e->pid, e->host, at, me,
	                       pw_progname, (long)getpid(), pw_hostname(), e->id, outcome);
	free(then);
	free(at);
	note[pw_utf8_cut(note, strlen(note), PW_DUTY_TEXT_MAX)] = '\0';
	int64_t id;
	int rc = store_duty_append(st, me, "system", note, false, &id);
	free(note);
	if (rc < 0)
		return -1;
	char key[8 + PW_SPOOL_ID_SZ], val[32];
	snprintf(key, sizeof key, "spool:%s", e->id);
	snprintf(val, sizeof val, "%" PRId64, id);
	return store_meta_set(st, key, val);
}

/* BEGIN IMMEDIATE with synchronous=FULL (a confirmed entry survives power loss). */
static int durable_begin(struct pw_store *st)
{
	if (store_exec(st, "PRAGMA synchronous=FULL") < 0)
		return -1;
	if (store_begin(st, true) == 0)
		return 0;
	struct store_saved_error why;
	store_error_save(st, &why);
	store_exec(st, "PRAGMA synchronous=NORMAL");
	store_error_restore(st, &why);
	return -1;
}

/* Commit when RC is 0, else roll back; synchronous back to NORMAL; the first error kept. */
static int durable_end(struct pw_store *st, int rc)
{
	if (rc == 0 && store_commit(st) < 0)
		rc = -1;
	struct store_saved_error why;
	if (rc < 0) {
		store_error_save(st, &why);
		store_rollback(st);
	}
	store_exec(st, "PRAGMA synchronous=NORMAL");
	if (rc < 0)
		store_error_restore(st, &why);
	return rc;
}

/*
 * The note (with OUTCOME) and the mark in one transaction, unless another
 * process saved E meanwhile. *SAVED when this call saved it.
 */
static int note_alone(struct pw_store *st, const struct pw_spool_entry *e, const char *outcome,
                      bool *saved)
{
	if (durable_begin(st) < 0)
		return -1;
	int rc = is_saved(st, e);
	if (rc == 0)
		rc = write_note(st, e, outcome);
	bool mine = rc == 0;
	rc = durable_end(st, rc < 0 ? -1 : 0);
	*saved = mine && rc == 0;
	return rc;
}

/* A duty-log entry: the entry itself, its note and the mark, all or nothing. */
static int replay_duty(struct pw_store *st, const struct pw_spool_entry *e, bool *saved)
{
	if (durable_begin(st) < 0)
		return -1;
	int rc = is_saved(st, e);
	if (rc == 0) {
		int64_t id = 0;
		rc = store_duty_append_at(st, e->typed_at, e->operator_name,
		                          pw_spool_arg_str(e, "category", "note"), e->text,
		                          pw_spool_arg_bool(e, "flagged", false), &id);
		if (rc == 0) {
			char *outcome = xasprintf(": it is duty entry %" PRId64, id);
			rc = write_note(st, e, outcome);
			free(outcome);
		}
	}
	bool mine = rc == 0;
	rc = durable_end(st, rc < 0 ? -1 : 0);
	*saved = mine && rc == 0;
	return rc;
}

/* Apply E inside the replay's transaction; 0 with *OUTCOME (caller frees) said in the note. */
typedef int (*replay_apply_fn)(struct pw_store *st, const struct pw_spool_entry *e, char **outcome);

/*
 * An action whose store function joins the caller's transaction (it adds
 * a record: a note, a new hazard), so the action, its recovery note and
 * the mark commit together at the time it was typed. Refused now (the
 * incident or enterprise is gone, a rule of the data): the note alone
 * says why, with the text.
 */
static int replay_joined(struct pw_store *st, const struct pw_spool_entry *e, bool *saved,
                         replay_apply_fn apply)
{
	if (durable_begin(st) < 0)
		return -1;
	int rc = is_saved(st, e);
	if (rc != 0)
		return durable_end(st, rc < 0 ? -1 : 0);
	char *outcome = NULL;
	rc = apply(st, e, &outcome);
	if (rc == 0)
		rc = write_note(st, e, outcome);
	free(outcome);
	if (rc > 0) {
		/* The store may have rolled the transaction back already. */
		char *why = xasprintf(": NOT applied now: %s; text: \"%s\"", store_errmsg(st), e->text);
		durable_end(st, -1);
		rc = note_alone(st, e, why, saved);
		free(why);
		return rc;
	}
	bool mine = rc == 0;
	rc = durable_end(st, rc < 0 ? -1 : 0);
	*saved = mine && rc == 0;
	return rc;
}

static int apply_incident_note(struct pw_store *st, const struct pw_spool_entry *e, char **outcome)
{
	*outcome = xstrdup(": added to the incident at the time it was typed");
	return store_incident_note(st, pw_spool_arg_int(e, "incident", 0), e->text, e->operator_name,
	                           e->typed_at);
}

static int apply_hazard_report(struct pw_store *st, const struct pw_spool_entry *e, char **outcome)
{
	enum pw_hazard_grade grade = PW_HZ_GENERAL;
	pw_hazard_grade_parse(pw_spool_arg_str(e, "grade", "general"), &grade);
	const char *deadline = pw_spool_arg_str(e, "deadline", "");
	struct store_hazard_new h = {.enterprise_code = pw_spool_arg_str(e, "enterprise", ""),
	                             .grade = grade, .description = e->text, .source = "operator",
	                             .deadline = *deadline ? deadline : NULL};
	int64_t id = 0;
	int rc = store_hazard_report(st, &h, e->operator_name, e->typed_at, &id);
	*outcome = xasprintf(": it is hazard #%" PRId64, id);
	return rc;
}

/*
 * An alarm action: the store's own function (its transaction, its duty
 * entry), then the note saying what became of it. Refused by the alarm's
 * rules now (someone acknowledged it meanwhile): the note says so. A crash
 * between the two leaves no mark, and the second try is refused by the
 * alarm's state, so the action is never applied twice.
 */
static int replay_alarm(struct pw_store *st, const struct pw_spool_entry *e, bool *saved)
{
	int rc = is_saved(st, e);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int64_t alarm = pw_spool_arg_int(e, "alarm", 0);
	const char *op = e->operator_name;
	if (strcmp(e->kind, PW_SPOOL_ALARM_ACK) == 0)
		rc = store_alarm_ack(st, alarm, op, e->text, NULL);
	else if (strcmp(e->kind, PW_SPOOL_ALARM_SHELVE) == 0)
		rc = store_alarm_shelve(st, alarm, (int)pw_spool_arg_int(e, "minutes", 0), e->text, op,
		                        pw_now_ms(), NULL);
	else
		rc = store_alarm_unshelve(st, alarm, op, NULL);
	if (rc < 0)
		return -1;   /* busy, disk full...: the entry waits for the next open */
	char *outcome = rc == 0 ? xstrdup(": applied now")
	                        : xasprintf(": NOT applied now: %s", store_errmsg(st));
	rc = note_alone(st, e, outcome, saved);
	free(outcome);
	return rc;
}

/* Anything else: the note with the text, for the operator to redo. */
static int replay_other(struct pw_store *st, const struct pw_spool_entry *e, bool *saved)
{
	char *outcome = xasprintf(": NOT applied (do it again if still needed); text: \"%s\"", e->text);
	int rc = note_alone(st, e, outcome, saved);
	free(outcome);
	return rc;
}

static int replay_entry(struct pw_store *st, const struct pw_spool_entry *e, bool *saved)
{
	*saved = false;
	if (strcmp(e->kind, PW_SPOOL_DUTY) == 0)
		return replay_duty(st, e, saved);
	if (strcmp(e->kind, PW_SPOOL_ALARM_ACK) == 0 || strcmp(e->kind, PW_SPOOL_ALARM_SHELVE) == 0 ||
	    strcmp(e->kind, PW_SPOOL_ALARM_UNSHELVE) == 0)
		return replay_alarm(st, e, saved);
	if (strcmp(e->kind, PW_SPOOL_INCIDENT_NOTE) == 0)
		return replay_joined(st, e, saved, apply_incident_note);
	if (strcmp(e->kind, PW_SPOOL_HAZARD_REPORT) == 0)
		return replay_joined(st, e, saved, apply_hazard_report);
	return replay_other(st, e, saved);
}

/*
 * One file. ONLY_DB: in the user's own spool, the file is this database's
 * only when its entries say so (others are left alone). Returns entries
 * saved, or -1 (*BUSY: the database was; stop there).
 */
static int replay_file(struct pw_store *st, const char *dir, const char *path, const char *only_db,
                       FILE *log, bool *busy)
{
	struct pw_spool_entry *entries;
	size_t n, skipped;
	char *err = NULL;
	if (pw_spool_read(path, &entries, &n, &skipped, &err) < 0) {
		if (log && !only_db)
			fprintf(log, "%s: spool: %s\n", pw_progname, err);
		free(err);
		return only_db ? 0 : -1;
	}
	if (only_db && (n == 0 || !entries[0].db || strcmp(entries[0].db, only_db) != 0)) {
		pw_spool_entries_free(entries, n);
		return 0;
	}
	if (skipped && log)
		fprintf(log, "%s: spool: %s: %zu line%s that %s not a whole entry skipped\n", pw_progname,
		        path, skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are");
	int done = 0, rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool saved;
		rc = replay_entry(st, &entries[i], &saved);
		if (rc < 0) {
			*busy = store_failed_busy(st);
			if (log)
				fprintf(log, "%s: spool: %s not saved yet (%s); kept in %s for the next start\n",
				        pw_progname, entries[i].what, store_errmsg(st), path);
		}
		done += saved;
	}
	pw_spool_entries_free(entries, n);
	if (rc == 0 && pw_spool_remove(dir, path) < 0 && log)
		fprintf(log, "%s: spool: %s: saved but cannot remove it: %s\n", pw_progname, path,
		        strerror(errno));
	return rc < 0 ? -1 : done;
}

/*
 * Every file of DIR (ONLY_DB: see replay_file()). Returns entries saved,
 * or -1 when something was left; *BUSY set when the database was.
 */
static int replay_dir(struct pw_store *st, const char *dir, const char *only_db, FILE *log, bool *busy)
{
	char **files, *err = NULL;
	int nfiles = pw_spool_files(dir, &files, &err);
	if (nfiles <= 0) {
		/* The user's own spool is only looked into; its absence or a
		 * problem with it is no business of this database. */
		if (nfiles < 0 && log && !only_db)
			fprintf(log, "%s: spool: %s\n", pw_progname, err);
		free(err);
		return nfiles < 0 && !only_db ? -1 : 0;
	}
	/* A caller's shorter wait (the console's) stands. */
	int was = store_set_busy_timeout(st, REPLAY_BUSY_MS);
	if (was < REPLAY_BUSY_MS)
		store_set_busy_timeout(st, was);
	int saved = 0;
	bool left = false;
	for (int i = 0; i < nfiles && !*busy; i++) {
		int k = replay_file(st, dir, files[i], only_db, log, busy);
		left |= k < 0;
		saved += k > 0 ? k : 0;
	}
	store_set_busy_timeout(st, was);
	pw_spool_files_free(files, nfiles);
	return left ? -1 : saved;
}

int store_spool_replay(struct pw_store *st, FILE *log)
{
	if (st->readonly)
		return 0;
	bool busy = false;
	char *dir = pw_spool_dir(st->path);
	int saved = replay_dir(st, dir, NULL, log, &busy);
	free(dir);
	/* What went to the user's own spool because this one could not be written. */
	char *mine = pw_spool_fallback_dir(), *db = realpath(st->path, NULL);
	int more = mine && db && !busy ? replay_dir(st, mine, db, log, &busy) : 0;
	free(mine);
	free(db);
	if (saved < 0 || more < 0)
		return -1;
	return saved + more;
}
