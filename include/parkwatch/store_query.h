/*
 * store_query.h - the tables of `parkwatch query` (CONTRACT.md section 3):
 * their columns, and rows streamed as display strings.
 *
 * Values reach the callback already formatted for printing: times as ISO 8601
 * with the site's offset (pw_time_iso), integers in decimal, reals with %.15g
 * (no binary noise: 0.1 prints as 0.1), text as stored. SQL NULL arrives as a
 * NULL pointer; the printer decides (tsv: empty field, json: null). Rows are
 * produced one at a time straight from SQLite, so `readings` of any size
 * needs no more memory than one row.
 *
 * Orders: by code (enterprises, sensors, teams, equipment; risk by enterprise
 * code), by id (alarms, rejected, hazards, inspections, members, incidents,
 * duty), key places, chemicals and certificates by enterprise code then
 * name/number, readings by sensor code then time.
 *
 * The tsv helpers below define the escaped text format that `query` prints
 * and `import` reads back.
 */
#ifndef PARKWATCH_STORE_QUERY_H
#define PARKWATCH_STORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "parkwatch/util.h"

struct pw_store;

/* How a column's display string should be typed by a structured printer. */
enum store_query_kind {
	STORE_QK_TEXT,  /* string */
	STORE_QK_INT,   /* integer (decimal); also 0/1 flags */
	STORE_QK_REAL,  /* number (%.15g; "inf"/"nan" only if such a value was stored) */
	STORE_QK_TIME,  /* ISO 8601 string with offset, from INTEGER ms */
};

struct store_query_column {
	const char *name;
	enum store_query_kind kind;
};

/* The table names, NULL-terminated, in the contract's order. Static. */
const char *const *store_query_tables(void);

/*
 * Columns of TABLE in output order. Returns their count and sets *cols to a
 * static array, or -1 when TABLE is not a query table.
 */
int store_query_columns(const char *table, const struct store_query_column **cols);

/*
 * Called once per row. NAMES and VALUES have NCOLS entries, valid only
 * during the call; a value is NULL for SQL NULL. Return 0 to go on, anything
 * else to stop (store_query_run() then returns that value).
 */
typedef int (*store_query_row_fn)(void *user, int ncols, const char *const *names,
                                  const char *const *values);

/*
 * Stream TABLE's rows to FN. Time-dependent columns (hazards.overdue,
 * teams.members_on_duty/status) are evaluated at NOW_MS (pw_now_ms() for
 * "now"). Returns 0 when all rows were delivered, FN's non-zero value when it
 * stopped early, or -1 on error (unknown table or database error: see
 * store_errmsg()).
 */
int store_query_run(struct pw_store *st, const char *table, int64_t now_ms, store_query_row_fn fn,
                    void *user);

/*
 * Append S to B escaped for one tsv field: backslash, tab, newline and
 * carriage return become \\, \t, \n, \r; the other controls (C0, DEL,
 * C1), U+2028/2029, bidi controls and invisible characters become \uXXXX
 * (ESC is \u001b, a zero-width space \u200b) and bytes that are not UTF-8
 * \xHH (pw_escape_hidden()), so a terminal never receives an escape
 * sequence and a hidden character cannot shift or reorder a column;
 * everything else (Chinese included) is copied.
 */
void store_query_tsv_escape(struct sbuf *b, const char *s);

/*
 * Undo store_query_tsv_escape() on the field S[0..n) into B. Returns 0, or -1
 * on a backslash followed by anything else, \u0000, a surrogate, or a
 * backslash ending the field (B then holds the text up to that point). \xHH
 * is refused too: it stands for a byte that is not UTF-8, which import
 * never takes in.
 */
int store_query_tsv_unescape(struct sbuf *b, const char *s, size_t n);

#endif
