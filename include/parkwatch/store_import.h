/*
 * store_import.h - `parkwatch import`: reading a base-data file (the tsv
 * that `query TABLE` prints, or CSV) and loading its rows into one table in
 * one transaction, all or nothing (docs/import.md).
 *
 * Reading refuses a file that is not UTF-8 (UTF-16/32 byte-order marks, NUL
 * bytes, invalid sequences) with a message that says which encoding problem
 * it is; a UTF-8 byte-order mark is skipped. Rows keep their line numbers
 * (a CSV record's first line) for "FILE:LINE: reason" reports.
 *
 * Loading checks each row (import.h), resolves references in the database
 * (an enterprise_code, a member's team_code, a sensor's key_place among
 * its enterprise's key places), refuses a key seen earlier in the file, and
 * upserts: an existing code (or id, or enterprise + name/number)
 * updates that row, changing only the columns the file has; otherwise the
 * row is inserted with defaults for the missing columns.
 */
#ifndef PARKWATCH_STORE_IMPORT_H
#define PARKWATCH_STORE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_store;

/* Largest file accepted, in bytes. */
#define STORE_IMPORT_FILE_MAX (256u * 1024u * 1024u)

struct store_import_row {
	int line;        /* 1-based line where the row starts */
	int n;           /* fields */
	char **fields;   /* NUL-terminated, unescaped (point into one block per row) */
	char *err;       /* the row could not be split (bad escape): why; else NULL */
	char *buf;       /* owned block holding the fields */
};

struct store_import_file {
	char *name;                    /* as given, for messages */
	char **header;                 /* column names (owned) */
	int ncols;
	int header_line;
	struct store_import_row *rows;
	size_t nrows;
};

/*
 * Read PATH: CSV (RFC 4180 quoting) when its name ends in ".csv" (any case),
 * else tsv with \t \n \r \\ escapes. Blank lines are skipped; the first
 * other line is the header. Returns 0 and fills *out (free with
 * store_import_file_free, also after an error), or -1 with *err (caller
 * frees) as "PATH: reason" or "PATH:LINE: reason".
 */
int store_import_read(const char *path, struct store_import_file *out, char **err);
void store_import_file_free(struct store_import_file *f);

/* Called for each bad row: its line and why (no FILE:LINE prefix). */
typedef void (*store_import_bad_fn)(void *ud, int line, const char *reason);

struct store_import_result {
	size_t added, updated, bad;
};

/* store_import_run(): some rows were bad and skip_bad was false; nothing written. */
#define STORE_IMPORT_REFUSED 2

/*
 * Load F into TABLE (a name from pw_import_tables()). Every row is checked
 * and every bad one reported to BAD (F's header problems are reported as a
 * bad header line, which refuses the file). In one immediate transaction:
 * when a row is bad and SKIP_BAD is false it is rolled back whole and
 * STORE_IMPORT_REFUSED returned; otherwise the good rows are written, risk
 * is recomputed (enterprises, key places, chemicals, certificates,
 * inspections) at NOW_MS, a duty-log entry by OPERATOR records the import,
 * and 0 is returned. *RES counts added, updated and bad rows either way. -1 on a
 * database error (nothing written; store_errmsg()).
 */
int store_import_run(struct pw_store *st, const char *table, const struct store_import_file *f,
                     bool skip_bad, const char *operator_name, int64_t now_ms,
                     store_import_bad_fn bad, void *ud, struct store_import_result *res);

#endif
