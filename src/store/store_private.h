/*
 * store_private.h - what the files of src/store share: the connection and a
 * prepared-statement cache. Never included outside src/store.
 */
#ifndef PARKWATCH_STORE_PRIVATE_H
#define PARKWATCH_STORE_PRIVATE_H

#include <sqlite3.h>
#include <stdint.h>

#include "parkwatch/store.h"

/*
 * The statement cache is an open-addressing hash table keyed on the SQL
 * literal's address. It grows (doubling) while it holds fewer than
 * STORE_STMT_MAX statements: every statement site of src/store fits, so in
 * practice it only grows. Past STORE_STMT_MAX (SQL that is not a literal,
 * a bug) the least recently used statement that is not being stepped is
 * finalized: the cache degrades, it never aborts.
 */
#define STORE_STMT_INITIAL 64
#define STORE_STMT_MAX 1024

struct store_stmt_slot {
	const char *sql;       /* key: the SQL literal's address; NULL = empty */
	sqlite3_stmt *stmt;
	uint64_t used;         /* store's use clock when last handed out */
};

struct pw_store {
	sqlite3 *db;
	char *path;
	char *errmsg;          /* last error, owned */
	int errcode;           /* its SQLite extended code; 0 when not SQLite's */
	int busy_ms;           /* sqlite3_busy_timeout() in force */
	int tx_depth;          /* >0 while store_begin() is open */
	bool readonly;
	struct store_stmt_slot *cache;  /* cache_cap slots (a power of two) */
	size_t cache_cap;
	size_t cache_len;      /* slots in use */
	uint64_t cache_clock;  /* ticks once per store_stmt() */
	uint64_t cache_evicted;  /* statements finalized to make room */
};

/* How many prepared statements the cache holds, and has evicted (tests). */
size_t store_stmt_cached(const struct pw_store *st);
uint64_t store_stmt_evicted(const struct pw_store *st);

/*
 * Prepared statement for SQL (a string literal: the cache keys on its
 * address), reset and with bindings cleared. NULL on error (errmsg set).
 * Do not finalize it.
 */
sqlite3_stmt *store_stmt(struct pw_store *st, const char *sql);

/*
 * The last error (message and SQLite code), kept across clean-up statements
 * (ROLLBACK, PRAGMA) that could replace it: save before, restore after.
 * Restoring frees what was saved.
 */
struct store_saved_error {
	char *msg;
	int code;
};
void store_error_save(struct pw_store *st, struct store_saved_error *e);
void store_error_restore(struct pw_store *st, struct store_saved_error *e);

/*
 * The end of a one-row lookup that stepped RC: 0 for a row; for none,
 * PW_STORE_NOTFOUND with FMT as the message ("no incident 12"); else -1
 * with sqlite's error after WHAT ("read incident").
 */
int store_lookup_rc(struct pw_store *st, int rc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Record sqlite's current error as the store's message; returns -1. */
int store_fail(struct pw_store *st, const char *what);
/* Set a formatted message; returns -1. */
int store_failf(struct pw_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bind helpers: NULL text binds SQL NULL. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Column text as a malloc'd copy (NULL for SQL NULL). */
char *store_col_strdup(sqlite3_stmt *s, int i);

/* Run SQL with no results (no parameters); used for PRAGMAs and DDL. */
int store_exec(struct pw_store *st, const char *sql);

#endif
