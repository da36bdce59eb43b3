/*
 * import_file.c - reading a base-data file for `parkwatch import`: the
 * encoding check, then tsv (what `query` prints, unescaped with
 * store_query_tsv_unescape) or CSV (RFC 4180 via libcsv) split into rows
 * that remember their line numbers. No SQL here.
 */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parkwatch/store_import.h"
#include "parkwatch/store_query.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* libcsv's parser state before the first character of a record (libcsv.c). */
#define CSV_ROW_NOT_BEGUN 0

static int failf(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failf(char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	*err = s ? s : xstrdup("out of memory");
	return -1;
}

static int read_all(const char *path, char **data, size_t *len, char **err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return failf(err, "%s: %s", path, strerror(errno));
	struct sbuf b;
	sbuf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b.len + n > STORE_IMPORT_FILE_MAX) {
			fclose(fp);
			sbuf_free(&b);
			return failf(err, "%s: larger than %u MiB; split it", path,
			             STORE_IMPORT_FILE_MAX >> 20);
		}
		sbuf_add(&b, chunk, n);
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		sbuf_free(&b);
		return failf(err, "%s: read error", path);
	}
	*len = b.len;
	*data = sbuf_steal(&b);
	return 0;
}

/*
 * Refuse what is not UTF-8, saying which problem it is; skip a UTF-8 BOM.
 * Returns the offset where the text starts, or -1.
 */
static long check_encoding(const char *path, const char *d, size_t len, char **err)
{
	const unsigned char *u = (const unsigned char *)d;
	if (len >= 4 && ((u[0] == 0xff && u[1] == 0xfe && !u[2] && !u[3]) ||
	                 (!u[0] && !u[1] && u[2] == 0xfe && u[3] == 0xff)))
		return failf(err, "%s: the file is UTF-32 (byte-order mark); save it as UTF-8", path);
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return failf(err, "%s: the file is UTF-16 (byte-order mark %02X %02X); save it as UTF-8",
		             path, u[0], u[1]);
	size_t start = len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
	if (memchr(d + start, '\0', len - start))
		return failf(err, "%s: the file has NUL bytes (UTF-16 without a byte-order mark?); "
		                  "save it as UTF-8", path);
	int line = 1;
	for (size_t i = start; i < len;) {
		const char *nl = memchr(d + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - d) : len;
		if (!pw_utf8_valid(d + i, end - i))
			return failf(err, "%s:%d: not UTF-8 text (another encoding: GB18030, GBK, "
			                  "Latin-1?); convert it, e.g. iconv -f GB18030 -t UTF-8", path, line);
		i = end + 1;
		line++;
	}
	return (long)start;
}

/* ---- building rows: fields appended to one block, offsets fixed at the end ---- */

struct row_builder {
	struct sbuf buf;
	size_t *offs;
	int n, cap;
};

static void rb_field(struct row_builder *rb, const char *s, size_t n)
{
	if (rb->n == rb->cap) {
		rb->cap = rb->cap ? rb->cap * 2 : 16;
		rb->offs = xrealloc(rb->offs, (size_t)rb->cap * sizeof *rb->offs);
	}
	rb->offs[rb->n++] = rb->buf.len;
	sbuf_add(&rb->buf, s, n);
	sbuf_addc(&rb->buf, '\0');
}

/* Move the built row into R (or nothing when it is all empty); reset RB. */
static bool rb_take(struct row_builder *rb, struct store_import_row *r, int line)
{
	bool empty = true;
	for (int i = 0; i < rb->n && empty; i++)
		empty = rb->buf.s[rb->offs[i]] == '\0';
	if (rb->n == 0 || empty) {
		sbuf_reset(&rb->buf);
		rb->n = 0;
		return false;
	}
	memset(r, 0, sizeof *r);
	r->line = line;
	r->n = rb->n;
	r->buf = xmalloc(rb->buf.len);
	memcpy(r->buf, rb->buf.s, rb->buf.len);
	r->fields = xmalloc((size_t)rb->n * sizeof *r->fields);
	for (int i = 0; i < rb->n; i++)
		r->fields[i] = r->buf + rb->offs[i];
	sbuf_reset(&rb->buf);
	rb->n = 0;
	return true;
}

static void rb_free(struct row_builder *rb)
{
	sbuf_free(&rb->buf);
	free(rb->offs);
}

static void push_row(struct store_import_file *f, size_t *cap, const struct store_import_row *r)
{
	if (f->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		f->rows = xrealloc(f->rows, *cap * sizeof *f->rows);
	}
	f->rows[f->nrows++] = *r;
}

/* The first row becomes the header: names trimmed of spaces. */
static void take_header(struct store_import_file *f, struct store_import_row *r)
{
	f->header = xcalloc((size_t)r->n, sizeof *f->header);
	f->ncols = r->n;
	f->header_line = r->line;
	for (int i = 0; i < r->n; i++) {
		const char *s = r->fields[i] + strspn(r->fields[i], " ");
		size_t n = strlen(s);
		while (n && s[n - 1] == ' ')
			n--;
		f->header[i] = xstrndup(s, n);
	}
	free(r->fields);
	free(r->buf);
	free(r->err);
}

static void add_row(struct store_import_file *f, size_t *cap, struct store_import_row *r)
{
	if (!f->header)
		take_header(f, r);
	else
		push_row(f, cap, r);
}

/* ---- tsv ---- */

static int read_tsv(struct store_import_file *f, const char *d, size_t len)
{
	struct row_builder rb = {0};
	struct sbuf field;
	sbuf_init(&field);
	size_t cap = 0;
	int line = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(d + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - d) : len, n = end - i;
		line++;
		if (n && d[i + n - 1] == '\r') /* CRLF: a raw CR is never part of a tsv value */
			n--;
		char *why = NULL;
		for (size_t p = i, fend; p <= i + n; p = fend + 1) {
			const char *tab = memchr(d + p, '\t', i + n - p);
			fend = tab ? (size_t)(tab - d) : i + n;
			sbuf_reset(&field);
			if (store_query_tsv_unescape(&field, d + p, fend - p) < 0 && !why)
				why = xasprintf("field %d: a backslash must be followed by "
				                "\\, t, n, r or uXXXX", rb.n + 1);
			rb_field(&rb, field.s ? field.s : "", field.len);
		}
		struct store_import_row r;
		if (rb_take(&rb, &r, line)) {
			r.err = why;
			add_row(f, &cap, &r);
		} else {
			free(why);
		}
		i = end + 1;
	}
	sbuf_free(&field);
	rb_free(&rb);
	return 0;
}

/* ---- CSV ---- */

struct csv_state {
	struct store_import_file *f;
	struct row_builder rb;
	size_t cap;
	int start_line;   /* line of the record being read */
};

static void csv_on_field(void *s, size_t n, void *ud)
{
	struct csv_state *cs = ud;
	rb_field(&cs->rb, s ? s : "", s ? n : 0);
}

static void csv_on_record(int c, void *ud)
{
	(void)c;
	struct csv_state *cs = ud;
	struct store_import_row r;
	if (rb_take(&cs->rb, &r, cs->start_line))
		add_row(cs->f, &cs->cap, &r);
}

/*
 * Fed a line at a time so each record knows the line it starts on: a
 * record starts on the line being fed when the parser has not begun one.
 */
static int read_csv(struct store_import_file *f, const char *d, size_t len, char **err)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return failf(err, "%s: cannot start the CSV parser", f->name);
	struct csv_state cs = {.f = f};
	int line = 0, rc = 0;
	for (size_t i = 0; i < len && rc == 0;) {
		/* a line ends in LF, CRLF or a lone CR (old Mac spreadsheets), as for libcsv */
		size_t end = i;
		while (end < len && d[end] != '\n' && d[end] != '\r')
			end++;
		if (end < len)
			end += d[end] == '\r' && end + 1 < len && d[end + 1] == '\n' ? 2 : 1;
		line++;
		if (p.pstate == CSV_ROW_NOT_BEGUN)
			cs.start_line = line;
		if (csv_parse(&p, d + i, end - i, csv_on_field, csv_on_record, &cs) != end - i)
			rc = failf(err, "%s:%d: not valid CSV (%s): a quote inside a field must be doubled "
			                "and a quoted field must end in a quote", f->name, line,
			           csv_strerror(csv_error(&p)));
		i = end;
	}
	if (rc == 0 && csv_fini(&p, csv_on_field, csv_on_record, &cs) != 0)
		rc = failf(err, "%s:%d: not valid CSV: a quoted field is not closed before the end "
		                "of the file", f->name, cs.start_line);
	csv_free(&p);
	rb_free(&cs.rb);
	return rc;
}

static bool is_csv_name(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

int store_import_read(const char *path, struct store_import_file *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup(path);
	char *data = NULL;
	size_t len = 0;
	if (read_all(path, &data, &len, err) < 0)
		return -1;
	long start = check_encoding(path, data, len, err);
	int rc = start < 0 ? -1
	         : is_csv_name(path) ? read_csv(out, data + start, len - (size_t)start, err)
	                             : read_tsv(out, data + start, len - (size_t)start);
	free(data);
	if (rc == 0 && !out->header)
		rc = failf(err, "%s: the file is empty: it needs a header line naming the columns", path);
	return rc;
}

void store_import_file_free(struct store_import_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nrows; i++) {
		free(f->rows[i].fields);
		free(f->rows[i].buf);
		free(f->rows[i].err);
	}
	for (int i = 0; i < f->ncols; i++)
		free(f->header[i]);
	free(f->header);
	free(f->rows);
	free(f->name);
	memset(f, 0, sizeof *f);
}
