/*
 * import.h - base-data import (core, pure): which tables `parkwatch import`
 * loads, their columns (the names `query TABLE` prints), and the checks a
 * row must pass before it reaches the database (docs/import.md).
 *
 * A file's header names its columns in any order. Columns that `query`
 * prints but that are computed (enterprises.risk, sensors.last_value,
 * teams.status, equipment.available ...) are accepted and ignored; an
 * unknown or repeated column name refuses the whole file. An empty field is
 * "no value": NULL for optional columns, an error for required ones.
 *
 * Checks here need only the row itself: required fields, numbers are
 * numbers (and in range), dates are calendar dates, times parse, enumerated
 * values are known, thresholds run the sensor's way. What needs the
 * database (references, uniqueness) is the store's part (store_import.h).
 */
#ifndef PARKWATCH_IMPORT_H
#define PARKWATCH_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pw_imp_type {
	PW_IMP_TEXT,     /* any text */
	PW_IMP_INT,      /* decimal integer, within [min, max] */
	PW_IMP_REAL,     /* finite number, within [min, max] */
	PW_IMP_TIME,     /* ISO 8601 time (or epoch ms), stored as ms */
	PW_IMP_DATE,     /* YYYY-MM-DD calendar date */
	PW_IMP_ENUM,     /* one of values[] */
	PW_IMP_IGNORED,  /* printed by `query` but computed: accepted, never stored */
};

struct pw_imp_column {
	const char *name;
	enum pw_imp_type type;
	bool required;              /* must be in the header and non-empty */
	const char *const *values;  /* PW_IMP_ENUM: NULL-terminated; IGNORED: allowed values or NULL */
	double min, max;            /* INT/REAL range (inclusive) */
	bool exclusive_min;         /* REAL: value must be > min */
};

struct pw_imp_table {
	const char *name;
	const struct pw_imp_column *cols;
	int ncols;
	/* Columns whose values identify a row for "unique within the file" (-1 ends). */
	int key[3];
	/*
	 * For a row whose key is empty (a member or inspection without an id):
	 * the columns that name it instead, in the file and in the database
	 * (-1 ends; alt_key[0] == -1: none, every such row is new).
	 */
	int alt_key[3];
};

/* A checked field: present (its column is in the file) and its typed value. */
struct pw_imp_value {
	bool present;
	bool null;          /* present but empty */
	const char *text;   /* the field (points into the row); NULL when !present or null */
	int64_t i;          /* INT, TIME (ms) */
	double r;           /* REAL */
};

/* The importable tables, NULL-terminated, in dependency order. Static. */
const char *const *pw_import_tables(void);

/* TABLE's description, or NULL when it cannot be imported. */
const struct pw_imp_table *pw_import_table(const char *name);

/* Index of column NAME in T, or -1. */
int pw_import_col(const struct pw_imp_table *t, const char *name);

/*
 * Map a header: MAP[i] (N entries, caller-allocated) receives the column of
 * T that file column i holds. Returns 0, or -1 with *ERR (caller frees) on
 * an unknown or repeated name or a required column that is missing.
 */
int pw_import_map_header(const struct pw_imp_table *t, char *const *names, int n, int *map,
                         char **err);

/*
 * Check one row: FIELDS (NFIELDS of them; the header had NCOLS) mapped by
 * MAP into VALS (T->ncols entries, caller-allocated; the texts point into
 * FIELDS). Spaces around non-text fields (numbers, dates, times, enumerated
 * values) are trimmed in place, so FIELDS' strings may get shorter.
 * Returns 0, or -1 with *ERR (caller frees) saying what is wrong, naming
 * the column ("l2: not a number: 'abc'"), without FILE:LINE.
 */
int pw_import_check_row(const struct pw_imp_table *t, const int *map, int ncols,
                        char *const *fields, int nfields, struct pw_imp_value *vals, char **err);

#endif
