/*
 * store.h - the SQLite database: open, schema migrations, checks, transactions
 * and the duty log. Only src/store includes <sqlite3.h>; everything else sees
 * struct pw_store as opaque and calls store_* functions (store_*.h headers
 * per domain).
 *
 * Conventions for every store_* function:
 *   - returns 0 on success, -1 on failure with the reason in store_errmsg();
 *     lookups that find nothing return 1 (PW_STORE_NOTFOUND);
 *   - strings it returns in structs are owned by the struct and freed by the
 *     matching *_free function;
 *   - all SQL uses bound parameters; nothing is built from data.
 */
#ifndef PARKWATCH_STORE_H
#define PARKWATCH_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pw_store;

#define PW_STORE_NOTFOUND 1

enum pw_store_flags {
	PW_STORE_CREATE = 1 << 0,    /* create the file (and parent dir) if missing */
	PW_STORE_READONLY = 1 << 1,  /* open read-only (query, console --read-only) */
	PW_STORE_NO_SCHEMA = 1 << 2, /* do not insist on a current schema (db init/migrate/check) */
};

/*
 * Open PATH: WAL, foreign keys on, busy timeout 5 s. Unless PW_STORE_NO_SCHEMA,
 * a database without the schema ("run parkwatch db init"), with an older one
 * ("run parkwatch db migrate") or a newer one ("written by a newer parkwatch")
 * is refused. On failure returns -1 and *err (caller frees) says why.
 */
int store_open(struct pw_store **out, const char *path, int flags, char **err);
void store_close(struct pw_store *st);

const char *store_errmsg(const struct pw_store *st);
/*
 * True when the last failure was another connection holding the database
 * (SQLITE_BUSY, SQLITE_LOCKED): the same write may well succeed in a moment.
 * False for everything waiting does not cure (disk full, read-only file, a
 * constraint, a rule of the data).
 */
bool store_failed_busy(const struct pw_store *st);
const char *store_path(const struct pw_store *st);

/* Schema version this binary writes, and the file's (PRAGMA user_version). */
int store_schema_latest(void);
int store_schema_version(struct pw_store *st);

/* Apply pending migrations, one transaction each; report old and new versions. */
int store_migrate(struct pw_store *st, int *from, int *to);

/*
 * PRAGMA integrity_check, foreign_key_check and the project's own checks
 * (duty-log hash chain, alarm state consistency...). Writes one line per
 * problem to OUT; returns the number of problems (0 = sound) or -1.
 */
int store_check(struct pw_store *st, FILE *out);

/*
 * How long a statement waits for another connection's write lock before
 * failing with "database is locked" (default 5000 ms). The console uses a
 * short wait so a busy database never freezes the screen: its writes fail
 * fast, keep what the operator typed, and are retried. Returns the wait
 * that was in force, so a caller can shorten it for one try and restore it.
 */
int store_set_busy_timeout(struct pw_store *st, int ms);

/* PRAGMA data_version: changes when another connection committed. */
int64_t store_data_version(struct pw_store *st);

/* Transactions. immediate takes the write lock at once (state changes). */
int store_begin(struct pw_store *st, bool immediate);
int store_commit(struct pw_store *st);
void store_rollback(struct pw_store *st);

/* meta table key/value (e.g. "seed"). Returned string is caller-freed. */
int store_meta_set(struct pw_store *st, const char *key, const char *value);
char *store_meta_get(struct pw_store *st, const char *key);

/*
 * Duty log: append one entry as OPERATOR (category: note, alarm, hazard,
 * dispatch, loan, incident, handover, system...). Chained with SHA-256 to
 * the previous row; committed with synchronous=FULL so a confirmed entry
 * survives power loss. Joins the caller's transaction when one is open
 * (then durability is the caller's commit). *id may be NULL.
 */
int store_duty_append(struct pw_store *st, const char *operator_name, const char *category,
                      const char *text, bool flagged, int64_t *id);
/*
 * The same with the entry's time TS (ms) given: an entry typed earlier and
 * saved only now (the spool, store_spool.h) keeps the time it was typed.
 * The row still goes at the end of the chain, so ids stay in append order.
 */
int store_duty_append_at(struct pw_store *st, int64_t ts, const char *operator_name,
                         const char *category, const char *text, bool flagged, int64_t *id);

#endif
