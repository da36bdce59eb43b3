/*
 * cmd_report.c - `parkwatch report shift [--from T] [--to T]
 * [--format text|csv] [--operator NAME]`: the shift handover report.
 *
 * Without --from/--to the window is the current shift (08:00-20:00 or
 * 20:00-08:00 site time). Given one end only, the window is the 12 hours
 * after --from or before --to. The store builds the sections
 * (store_report.h); this file only lays them out:
 *
 *   text  readable sections with bilingual headings and aligned columns;
 *         every value is sanitised for the terminal.
 *   csv   one RFC 4180 table "section,item,field,value" (CRLF line ends):
 *         item 0 of every section carries "rows" (how many items) and, when
 *         there is one, "note"; items 1..n carry one line per non-empty field.
 *         One shape for every section, so a script can pivot any of them.
 *         Cells are sanitised, and a cell a spreadsheet could take for a
 *         formula (=, +, -, @, TAB, CR first) gets a leading "'" (OWASP CSV
 *         injection); a plain negative number such as -3.5 stays a number.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store.h"
#include "parkwatch/store_report.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

#define TEXT_COL_MAX 40  /* widest column before the last one, in display columns */

struct report_args {
	const char *from, *to;
	const char *operator_name;
	bool csv;
	bool acknowledge;   /* the incoming operator takes over: log it */
};

static int parse_args(int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"format", required_argument, NULL, 'F'},
		{"operator", required_argument, NULL, 'o'},
		{"acknowledge", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->from = optarg; break;
		case 't': a->to = optarg; break;
		case 'o': a->operator_name = optarg; break;
		case 'a': a->acknowledge = true; break;
		case 'F':
			if (strcmp(optarg, "csv") == 0)
				a->csv = true;
			else if (strcmp(optarg, "text") != 0)
				return pw_usage_error("report", "--format must be text or csv, not '%s'", optarg);
			break;
		case ':': return pw_usage_error("report", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("report", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return pw_usage_error("report", "which report? (report shift)");
	if (strcmp(argv[optind], "shift") != 0)
		return pw_usage_error("report", "unknown report '%s' (report shift)", argv[optind]);
	if (optind + 1 < argc)
		return pw_usage_error("report", "unexpected argument '%s'", argv[optind + 1]);
	return 0;
}

/* The window from the options; 0 or PW_EXIT_USAGE after reporting. */
static int resolve_window(const struct report_args *a, int64_t now, int64_t *from, int64_t *to)
{
	store_report_shift_window(now, from, to);
	if (a->from && pw_time_parse(a->from, from) < 0)
		return pw_usage_error("report", "--from: '%s' is not a time (ISO 8601)", a->from);
	if (a->to && pw_time_parse(a->to, to) < 0)
		return pw_usage_error("report", "--to: '%s' is not a time (ISO 8601)", a->to);
	if (a->from && !a->to)
		*to = *from + STORE_REPORT_SHIFT_MS;
	else if (a->to && !a->from)
		*from = *to - STORE_REPORT_SHIFT_MS;
	if (*from >= *to)
		return pw_usage_error("report", "--from must be before --to");
	return 0;
}

/* ---- text ---- */

static void text_cell(struct sbuf *line, const char *v, int width)
{
	char *clean = pw_sanitize(v, strlen(v));
	if (width > 0)
		pw_text_fit(line, clean, width, false, false);
	else
		sbuf_adds(line, clean);
	free(clean);
}

static int column_width(const struct store_report_section *s, int col)
{
	int w = pw_text_width(s->cols[col]);
	for (size_t r = 0; r < s->nrows && w < TEXT_COL_MAX; r++) {
		char *clean = pw_sanitize(store_report_cell(s, r, col), strlen(store_report_cell(s, r, col)));
		int cw = pw_text_width(clean);
		free(clean);
		w = cw > w ? cw : w;
	}
	return w > TEXT_COL_MAX ? TEXT_COL_MAX : w;
}

/* A header row (ROW == (size_t)-1) or data row, columns two spaces apart. */
static void text_row(FILE *out, const struct store_report_section *s, const int *widths, size_t row)
{
	struct sbuf line;
	sbuf_init(&line);
	sbuf_adds(&line, "  ");
	for (int c = 0; c < s->ncols; c++) {
		const char *v = row == (size_t)-1 ? s->cols[c] : store_report_cell(s, row, c);
		bool last = c == s->ncols - 1;
		text_cell(&line, v, last ? 0 : widths[c]);
		if (!last)
			sbuf_adds(&line, "  ");
	}
	while (line.len && line.s[line.len - 1] == ' ')
		line.s[--line.len] = '\0';
	fprintf(out, "%s\n", sbuf_str(&line));
	sbuf_free(&line);
}

static void text_section(FILE *out, const struct store_report_section *s)
{
	fprintf(out, "\n== %s ==\n", s->title);
	if (s->note) {
		char *clean = pw_sanitize(s->note, strlen(s->note));
		fprintf(out, "  (%s)\n", clean);
		free(clean);
	}
	if (s->nrows == 0) {
		fputs("  无 none\n", out);
		return;
	}
	int *widths = xcalloc((size_t)s->ncols, sizeof *widths);
	for (int c = 0; c < s->ncols; c++)
		widths[c] = column_width(s, c);
	text_row(out, s, widths, (size_t)-1);
	for (size_t r = 0; r < s->nrows; r++)
		text_row(out, s, widths, r);
	free(widths);
}

static void render_text(FILE *out, const struct store_report *rep)
{
	for (size_t i = 0; i < rep->nsec; i++) {
		const struct store_report_section *s = &rep->sec[i];
		if (strcmp(s->name, "shift") == 0) {
			/* The header block: field: value lines. */
			fprintf(out, "%s\n", s->title);
			for (size_t r = 0; r < s->nrows; r++) {
				char *v = pw_sanitize(store_report_cell(s, r, 1), strlen(store_report_cell(s, r, 1)));
				fprintf(out, "  %-14s %s\n", store_report_cell(s, r, 0), v);
				free(v);
			}
			continue;
		}
		text_section(out, s);
	}
}

/* ---- csv ---- */

/* One RFC 4180 field, sanitised and neutralised against formulas (text.h). */
static void csv_field(struct sbuf *b, const char *v)
{
	pw_csv_field(b, v);
}

static void csv_record(FILE *out, const char *section, size_t item, const char *field,
                       const char *value)
{
	struct sbuf b;
	sbuf_init(&b);
	csv_field(&b, section);
	sbuf_addf(&b, ",%zu,", item);
	csv_field(&b, field);
	sbuf_addc(&b, ',');
	csv_field(&b, value);
	sbuf_adds(&b, "\r\n");
	fputs(sbuf_str(&b), out);
	sbuf_free(&b);
}

static void render_csv(FILE *out, const struct store_report *rep)
{
	fputs("section,item,field,value\r\n", out);
	for (size_t i = 0; i < rep->nsec; i++) {
		const struct store_report_section *s = &rep->sec[i];
		bool pairs = strcmp(s->name, "shift") == 0;
		char n[32];
		snprintf(n, sizeof n, "%zu", pairs ? (size_t)1 : s->nrows);
		csv_record(out, s->name, 0, "rows", n);
		if (s->note)
			csv_record(out, s->name, 0, "note", s->note);
		for (size_t r = 0; r < s->nrows; r++) {
			if (pairs) {
				csv_record(out, s->name, 1, store_report_cell(s, r, 0), store_report_cell(s, r, 1));
				continue;
			}
			for (int c = 0; c < s->ncols; c++)
				if (*store_report_cell(s, r, c))
					csv_record(out, s->name, r + 1, s->cols[c], store_report_cell(s, r, c));
		}
	}
}

int cmd_report(struct pw_ctx *ctx, int argc, char **argv)
{
	struct report_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc != 0)
		return rc;
	int64_t now = pw_now_ms(), from, to;
	if ((rc = resolve_window(&a, now, &from, &to)) != 0)
		return rc;
	struct pw_store *st = cli_open_store(ctx, a.acknowledge ? 0 : PW_STORE_READONLY);
	if (!st)
		return PW_EXIT_FAIL;
	struct store_report rep;
	rc = PW_EXIT_OK;
	if (store_report_shift(st, from, to, now, pw_operator_name(a.operator_name), &rep) < 0) {
		pw_error("report shift", "%s", store_errmsg(st));
		rc = PW_EXIT_FAIL;
	} else {
		if (a.csv)
			render_csv(stdout, &rep);
		else
			render_text(stdout, &rep);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			pw_error("report shift", "write: %s", strerror(errno));
			rc = PW_EXIT_FAIL;
		}
		/* Only a report that reached its reader can be acknowledged. */
		int64_t id = 0;
		if (rc == PW_EXIT_OK && a.acknowledge) {
			if (store_report_handover_ack(st, &rep, pw_operator_name(a.operator_name), &id) < 0) {
				pw_error("report shift", "acknowledge: %s", store_errmsg(st));
				rc = PW_EXIT_FAIL;
			} else {
				fprintf(stderr, "handover acknowledged (duty entry %lld)\n", (long long)id);
			}
		}
	}
	store_report_free(&rep);
	store_close(st);
	return rc;
}
