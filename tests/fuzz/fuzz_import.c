/*
 * fuzz_import.c - libFuzzer harness for `parkwatch import`'s reading and
 * row checks, without a database: store_import_read (store_import.h: the
 * encoding check and the tsv / CSV splitter) on a scratch file, then
 * pw_import_map_header and pw_import_check_row (import.h) on what it read.
 *
 * Input: byte 0 picks the format (bit 0: CSV, else tsv) and the table (the
 * rest, modulo the number of tables); the other bytes are the file.
 * Checked promises:
 *   - reading: success gives a header of at least one column, rows of valid
 *     UTF-8 at increasing lines after the header's, none all empty;
 *     failure says "PATH: why" or "PATH:LINE: why";
 *   - checking: a mapped header has every required column, no column twice;
 *     an accepted row has its required values, numbers within their column's
 *     range (whole for INT), dates as YYYY-MM-DD, enumerated values from the
 *     list; a refused row has a reason.
 * A broken promise traps. The scratch file lives in a private directory
 * under $TMPDIR (or /tmp) that is removed at exit.
 *
 * Run: ./tests/fuzz/fuzz_import -max_total_time=60 NEWDIR tests/fuzz/corpus/import
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parkwatch/import.h"
#include "parkwatch/store_import.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096], csv_path[4200], tsv_path[4200];

/* A broken promise: say which, then trap so libFuzzer keeps the input. */
static void broken(const char *what, int line)
{
	fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, line, what);
	__builtin_trap();
}
#define check(ok) ((ok) ? (void)0 : broken(#ok, __LINE__))

static void cleanup(void)
{
	unlink(csv_path);
	unlink(tsv_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/pw-fuzz-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(csv_path, sizeof csv_path, "%s/in.csv", dir);
	snprintf(tsv_path, sizeof tsv_path, "%s/in.tsv", dir);
	atexit(cleanup);
	return 0;
}

static int write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t put = size ? fwrite(data, 1, size, f) : 0;
	return fclose(f) == 0 && put == size ? 0 : -1;
}

static int is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

static int listed(const char *const *values, const char *s)
{
	for (; values && *values; values++)
		if (strcmp(*values, s) == 0)
			return 1;
	return 0;
}

static void check_value(const struct pw_imp_column *c, const struct pw_imp_value *v)
{
	if (c->required)
		check(v->present && !v->null);
	if (!v->present || v->null) {
		check(v->text == NULL);
		return;
	}
	check(v->text != NULL);
	switch (c->type) {
	case PW_IMP_INT:
		check((double)v->i >= c->min && (double)v->i <= c->max);
		break;
	case PW_IMP_REAL:
		check(isfinite(v->r) && v->r >= c->min && v->r <= c->max);
		check(!c->exclusive_min || v->r > c->min);
		break;
	case PW_IMP_DATE:
		check(is_date(v->text));
		break;
	case PW_IMP_ENUM:
		check(listed(c->values, v->text));
		break;
	default:
		break;
	}
}

static void check_rows(const struct pw_imp_table *t, struct store_import_file *f)
{
	int *map = xcalloc((size_t)f->ncols, sizeof *map);
	char *err = NULL;
	if (pw_import_map_header(t, f->header, f->ncols, map, &err) < 0) {
		check(err != NULL);
		free(err);
		free(map);
		return;
	}
	for (int c = 0; c < t->ncols; c++) {
		int found = 0;
		for (int i = 0; i < f->ncols; i++)
			found += map[i] == c;
		check(found <= 1 && (!t->cols[c].required || found == 1));
	}
	struct pw_imp_value *vals = xcalloc((size_t)t->ncols, sizeof *vals);
	for (size_t r = 0; r < f->nrows; r++) {
		const struct store_import_row *row = &f->rows[r];
		if (row->err)
			continue;
		if (pw_import_check_row(t, map, f->ncols, row->fields, row->n, vals, &err) == 0) {
			for (int c = 0; c < t->ncols; c++)
				check_value(&t->cols[c], &vals[c]);
		} else {
			check(err != NULL && err[0] != '\0');
			free(err);
			err = NULL;
		}
	}
	free(vals);
	free(map);
}

static void check_file(const struct store_import_file *f)
{
	check(f->header != NULL && f->ncols >= 1 && f->header_line >= 1);
	int last = f->header_line;
	for (size_t r = 0; r < f->nrows; r++) {
		const struct store_import_row *row = &f->rows[r];
		check(row->line > last && row->n >= 1);
		last = row->line;
		int empty = 1;
		for (int i = 0; i < row->n; i++) {
			check(pw_utf8_valid(row->fields[i], strlen(row->fields[i])));
			empty &= row->fields[i][0] == '\0';
		}
		check(!empty);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *const *tables = pw_import_tables();
	size_t ntables = 0;
	while (tables[ntables])
		ntables++;
	const struct pw_imp_table *t = pw_import_table(tables[(data[0] >> 1) % ntables]);
	check(t != NULL);
	const char *path = data[0] & 1 ? csv_path : tsv_path;
	if (write_file(path, data + 1, size - 1) < 0)
		abort();  /* the scratch directory is broken: not a finding */

	struct store_import_file f;
	char *err = NULL;
	if (store_import_read(path, &f, &err) == 0) {
		check(err == NULL);
		check_file(&f);
		check_rows(t, &f);
	} else {
		check(err != NULL && strncmp(err, path, strlen(path)) == 0);
		check(err[strlen(path)] == ':');
		free(err);
	}
	store_import_file_free(&f);
	return 0;
}
