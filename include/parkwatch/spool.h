/*
 * spool.h - operator entries that could not be saved before the console
 * exited, kept in a file next to the database until a later parkwatch
 * saves them (issue 13, "nothing acknowledged is lost").
 *
 * Where: the directory "<database>-spool/" (named like SQLite's own -wal
 * and -shm files), mode 0700. Each exiting process that has something to
 * keep writes ONE file "<ms>-<host>-<pid>-<n>.jsonl", mode 0600, durably: a
 * hidden temporary file is written and fsync'd, renamed into place, and
 * the directory fsync'd. A reader therefore sees a whole file or none.
 * When the database is group-writable (several logins share it on a duty
 * host) the modes are 0770 and 0660 instead, so any of them can replay it.
 * When that directory cannot be written (the database's disk is full or
 * read-only), the user's own spool takes the file (pw_spool_fallback_dir()),
 * and the "db" of each entry says which database it belongs to.
 *
 * Format: JSON lines (UTF-8), one entry a line, each object complete:
 *
 *   {"v":1,"id":"<32 hex>","kind":"duty","operator":"alice",
 *    "typed_at":<ms>,"what":"duty entry (note)","text":"...",
 *    "args":{"category":"note","flagged":false},"why":"database is locked",
 *    "host":"duty1","pid":4242,"prog":"console","spooled_at":<ms>,
 *    "db":"/var/lib/parkwatch/park.db"}
 *
 * A line without its newline (a torn write on a file system that lost the
 * end of a file) or one that is not such an object is skipped, never
 * guessed at. "id" is unique per entry: the store records it when the entry
 * is saved, so a replay killed half-way and run again saves nothing twice.
 *
 * This module is file I/O and JSON only (no SQL): saving entries is
 * store_spool_replay() (store_spool.h).
 */
#ifndef PARKWATCH_SPOOL_H
#define PARKWATCH_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PW_SPOOL_ID_SZ 33   /* 32 hex digits and the NUL */

/* Kinds of entry a replay knows how to apply (anything else: "other"). */
#define PW_SPOOL_DUTY "duty"                   /* args: category, flagged */
#define PW_SPOOL_ALARM_ACK "alarm_ack"         /* args: alarm */
#define PW_SPOOL_ALARM_SHELVE "alarm_shelve"   /* args: alarm, minutes */
#define PW_SPOOL_ALARM_UNSHELVE "alarm_unshelve" /* args: alarm */
#define PW_SPOOL_INCIDENT_NOTE "incident_note" /* args: incident */
#define PW_SPOOL_HAZARD_REPORT "hazard_report" /* args: enterprise, grade, deadline; text: description */
#define PW_SPOOL_OTHER "other"                 /* kept as a duty-log note with its text */

/* One entry. Strings are owned by the entry (pw_spool_entry_clear()). */
struct pw_spool_entry {
	char id[PW_SPOOL_ID_SZ];
	char *kind;          /* PW_SPOOL_* */
	char *operator_name; /* who typed it */
	int64_t typed_at;    /* ms since the epoch: when it was submitted */
	char *what;          /* "duty entry (note)", "ack alarm 12 (...)" */
	char *text;          /* what was typed ("" for none) */
	char *why;           /* why it was not saved at exit, or NULL */
	char *host;          /* who spooled it: host, pid, program */
	long pid;
	char *prog;
	int64_t spooled_at;
	char *db;            /* the database's absolute path (set by pw_spool_keep()) */
	void *args;          /* kind-specific values (pw_spool_arg_*) */
};

/*
 * A new entry of KIND, with a fresh random id and this process as its
 * origin (host, pid, PROG). OPERATOR, WHAT, TEXT are copied (NULL: "").
 */
void pw_spool_entry_init(struct pw_spool_entry *e, const char *kind, const char *prog,
                         const char *operator_name, int64_t typed_at, const char *what,
                         const char *text);
void pw_spool_entry_clear(struct pw_spool_entry *e);

/* Kind-specific values. Getters return DEF when KEY is absent or of another type. */
void pw_spool_arg_set_int(struct pw_spool_entry *e, const char *key, int64_t v);
void pw_spool_arg_set_str(struct pw_spool_entry *e, const char *key, const char *v);
void pw_spool_arg_set_bool(struct pw_spool_entry *e, const char *key, bool v);
int64_t pw_spool_arg_int(const struct pw_spool_entry *e, const char *key, int64_t def);
const char *pw_spool_arg_str(const struct pw_spool_entry *e, const char *key, const char *def);
bool pw_spool_arg_bool(const struct pw_spool_entry *e, const char *key, bool def);

/* One entry as one JSON line with its newline (caller frees). */
char *pw_spool_entry_to_line(const struct pw_spool_entry *e);
/* Parse one line (no newline needed). Returns 0, or -1 when it is not an entry. */
int pw_spool_entry_from_line(struct pw_spool_entry *e, const char *line, size_t len);

/* The spool directory of database DB_PATH: "<DB_PATH>-spool" (caller frees). */
char *pw_spool_dir(const char *db_path);

/*
 * Write the N entries to a new file in DIR (created 0700, or 0770 beside a
 * group-writable database, if missing) durably, as described above. *PATH (may be NULL) receives the file's
 * name (caller frees). Returns 0, or -1 with *ERR (caller frees) saying why;
 * nothing is left behind then.
 */
int pw_spool_write(const char *dir, const struct pw_spool_entry *entries, size_t n, char **path,
                   char **err);

/*
 * The user's own spool, for when the one next to the database cannot be
 * written (its disk full or read-only): "$XDG_STATE_HOME/parkwatch/spool",
 * else "~/.local/state/parkwatch/spool" (caller frees; NULL without a home).
 */
char *pw_spool_fallback_dir(void);

/*
 * Keep the N entries of database DB_PATH: each is stamped with the
 * database's absolute path and written (pw_spool_write()) next to the
 * database, or, when that fails, to the user's own spool. *PATH (may be
 * NULL) receives the file's name. Returns 0, or -1 with *ERR saying why
 * neither place took them.
 */
int pw_spool_keep(const char *db_path, struct pw_spool_entry *entries, size_t n, char **path,
                  char **err);

/*
 * Read file PATH: every complete, valid line into *ENTRIES (*N of them;
 * free with pw_spool_entries_free()). *SKIPPED (may be NULL) counts the lines
 * that were not entries, a torn last line included. Returns 0, or -1 with
 * *ERR (caller frees) when the file cannot be read.
 */
int pw_spool_read(const char *path, struct pw_spool_entry **entries, size_t *n, size_t *skipped,
                  char **err);
void pw_spool_entries_free(struct pw_spool_entry *entries, size_t n);

/*
 * The spool files in DIR, oldest first (full paths; free with
 * pw_spool_entries_free's sibling pw_spool_files_free()). A missing
 * directory is no files. Returns the count, or -1 with *ERR.
 */
int pw_spool_files(const char *dir, char ***paths, char **err);
void pw_spool_files_free(char **paths, int n);

/*
 * Remove spool file PATH (its entries are all saved) and make the removal
 * durable (fsync of DIR). Returns 0, or -1 with errno.
 */
int pw_spool_remove(const char *dir, const char *path);

#endif
