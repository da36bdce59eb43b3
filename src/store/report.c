/*
 * report.c - the shift handover report: one table-driven SELECT per section,
 * read inside one transaction so the sections describe the same moment.
 *
 * Each section's SQL uses named parameters (:from, :to, :now, :today,
 * :next_to); run_section() binds whichever ones the statement
 * names, so adding a section is one spec line plus its SQL. Roster gaps are
 * the one section computed in C, by the sweep the Rescue screen uses too
 * (store_rescue_gaps).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parkwatch/store_report.h"
#include "parkwatch/store_rescue_views.h"
#include "parkwatch/util.h"
#include "duty_private.h"
#include "store_private.h"

enum col_kind { K_TEXT, K_INT, K_REAL, K_TIME };

struct section_spec {
	const char *name;
	const char *title;
	const char *sql;
	const char *const *cols;
	const enum col_kind *kinds;
	int ncols;
};

/* ---- the window ---- */

static int64_t local_ms(struct tm *tm, int mday_delta, int hour)
{
	struct tm t = *tm;
	t.tm_mday += mday_delta;
	t.tm_hour = hour;
	t.tm_min = 0;
	t.tm_sec = 0;
	t.tm_isdst = -1;
	return (int64_t)mktime(&t) * 1000;
}

void store_report_shift_window(int64_t now, int64_t *from, int64_t *to)
{
	time_t secs = (time_t)(now / 1000);
	struct tm tm;
	localtime_r(&secs, &tm);
	if (tm.tm_hour >= 8 && tm.tm_hour < 20) {
		*from = local_ms(&tm, 0, 8);
		*to = local_ms(&tm, 0, 20);
	} else if (tm.tm_hour >= 20) {
		*from = local_ms(&tm, 0, 20);
		*to = local_ms(&tm, 1, 8);
	} else {
		*from = local_ms(&tm, -1, 20);
		*to = local_ms(&tm, 0, 8);
	}
}

/* ---- sections ---- */

/* Alarms of the shift: raised before its end and not cleared before its start. */
#define SHIFT_ALARMS " a.raised_at < :to AND (a.cleared_at IS NULL OR a.cleared_at >= :from)"

static const char *const counts_cols[] = {"priority", "state", "count"};
static const enum col_kind counts_kinds[] = {K_INT, K_TEXT, K_INT};
static const char counts_sql[] =
	"SELECT a.priority, a.state, count(*) FROM alarms a WHERE" SHIFT_ALARMS
	" GROUP BY a.priority, a.state ORDER BY a.priority, a.state";

static const char *const alarms_cols[] = {"id", "priority", "state", "sensor_code",
	"enterprise_code", "raised_at", "value", "acked_by", "message"};
static const enum col_kind alarms_kinds[] = {K_INT, K_INT, K_TEXT, K_TEXT, K_TEXT, K_TIME,
	K_REAL, K_TEXT, K_TEXT};
static const char alarms_sql[] =
	"SELECT a.id, a.priority, a.state, s.code, e.code, a.raised_at, a.value, a.acked_by,"
	" a.message FROM alarms a JOIN sensors s ON s.id = a.sensor_id"
	" JOIN enterprises e ON e.id = a.enterprise_id WHERE" SHIFT_ALARMS
	" ORDER BY a.priority, a.raised_at";

static const char *const open_cols[] = {"id", "priority", "state", "sensor_code",
	"enterprise_code", "raised_at", "shelved_by", "shelved_until", "shelve_reason"};
static const enum col_kind open_kinds[] = {K_INT, K_INT, K_TEXT, K_TEXT, K_TEXT, K_TIME,
	K_TEXT, K_TIME, K_TEXT};
static const char open_sql[] =
	"SELECT a.id, a.priority, a.state, s.code, e.code, a.raised_at, a.shelved_by,"
	" a.shelved_until, a.shelve_reason FROM alarms a JOIN sensors s ON s.id = a.sensor_id"
	" JOIN enterprises e ON e.id = a.enterprise_id"
	" WHERE a.state IN ('unack', 'rtn_unack', 'shelved') ORDER BY a.priority, a.raised_at";

static const char *const inc_open_cols[] = {"id", "type", "severity", "enterprise_code",
	"status", "opened_at", "opened_by", "summary"};
static const enum col_kind inc_open_kinds[] = {K_INT, K_TEXT, K_INT, K_TEXT, K_TEXT, K_TIME,
	K_TEXT, K_TEXT};
static const char inc_open_sql[] =
	"SELECT i.id, i.type, i.severity, e.code, i.status, i.opened_at, i.opened_by, i.summary"
	" FROM incidents i LEFT JOIN enterprises e ON e.id = i.enterprise_id"
	" WHERE i.opened_at >= :from AND i.opened_at < :to ORDER BY i.opened_at";

static const char *const inc_closed_cols[] = {"id", "type", "enterprise_code", "opened_at",
	"closed_at", "summary"};
static const enum col_kind inc_closed_kinds[] = {K_INT, K_TEXT, K_TEXT, K_TIME, K_TIME, K_TEXT};
static const char inc_closed_sql[] =
	"SELECT i.id, i.type, e.code, i.opened_at, i.closed_at, i.summary"
	" FROM incidents i LEFT JOIN enterprises e ON e.id = i.enterprise_id"
	" WHERE i.closed_at >= :from AND i.closed_at < :to ORDER BY i.closed_at";

static const char *const moved_cols[] = {"ts", "hazard_id", "enterprise_code", "grade",
	"from_status", "to_status", "operator", "note"};
static const enum col_kind moved_kinds[] = {K_TIME, K_INT, K_TEXT, K_TEXT, K_TEXT, K_TEXT,
	K_TEXT, K_TEXT};
static const char moved_sql[] =
	"SELECT t.ts, h.id, e.code, h.grade, t.from_status, t.to_status, t.operator, t.note"
	" FROM hazard_trace t JOIN hazards h ON h.id = t.hazard_id"
	" JOIN enterprises e ON e.id = h.enterprise_id"
	" WHERE t.ts >= :from AND t.ts < :to ORDER BY t.ts, t.id";

/* Overdue as `query hazards` defines it: the deadline day is over. */
static const char *const overdue_cols[] = {"id", "enterprise_code", "grade", "status",
	"deadline", "assignee", "description"};
static const enum col_kind overdue_kinds[] = {K_INT, K_TEXT, K_TEXT, K_TEXT, K_TEXT, K_TEXT,
	K_TEXT};
static const char overdue_sql[] =
	"SELECT h.id, e.code, h.grade, h.status, h.deadline, h.assignee, h.description"
	" FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id"
	" WHERE h.deadline IS NOT NULL AND h.deadline < :today"
	" AND h.status NOT IN ('verified', 'closed')"
	" ORDER BY h.grade = 'major' DESC, h.deadline, h.id";

static const char *const loans_cols[] = {"equipment_code", "equipment", "qty", "borrower",
	"enterprise_code", "out_at", "due_at", "overdue"};
static const enum col_kind loans_kinds[] = {K_TEXT, K_TEXT, K_INT, K_TEXT, K_TEXT, K_TIME,
	K_TIME, K_INT};
static const char loans_sql[] =
	"SELECT q.code, q.name, l.qty, l.borrower, e.code, l.out_at, l.due_at,"
	" CASE WHEN l.due_at IS NOT NULL AND l.due_at < :now THEN 1 ELSE 0 END"
	" FROM loans l JOIN equipment q ON q.id = l.equipment_id"
	" LEFT JOIN enterprises e ON e.id = l.enterprise_id"
	" WHERE l.returned_at IS NULL ORDER BY l.due_at IS NULL, l.due_at, l.id";

static const char *const roster_cols[] = {"team_code", "team", "name", "role", "phone",
	"shift", "starts_at", "ends_at", "status"};
static const enum col_kind roster_kinds[] = {K_TEXT, K_TEXT, K_TEXT, K_TEXT, K_TEXT, K_TEXT,
	K_TIME, K_TIME, K_TEXT};
static const char roster_sql[] =
	"SELECT t.code, t.name, m.name, m.role, m.phone, r.shift, r.starts_at, r.ends_at, m.status"
	" FROM roster r JOIN members m ON m.id = r.member_id JOIN teams t ON t.id = m.team_id"
	" WHERE r.starts_at < :next_to AND r.ends_at > :to ORDER BY t.code, r.starts_at, m.id";

static const char *const flagged_cols[] = {"id", "ts", "operator", "category", "text"};
static const enum col_kind flagged_kinds[] = {K_INT, K_TIME, K_TEXT, K_TEXT, K_TEXT};
static const char flagged_sql[] =
	"SELECT d.id, d.ts, d.operator, d.category, d.text FROM duty_log d"
	" WHERE d.flagged = 1 AND NOT " DUTY_FLAG_CLEARED_SQL("d") " ORDER BY d.id";

static const char *const duty_cols[] = {"id", "ts", "operator", "category", "flagged", "text"};
static const enum col_kind duty_kinds[] = {K_INT, K_TIME, K_TEXT, K_TEXT, K_INT, K_TEXT};
static const char duty_sql[] =
	"SELECT id, ts, operator, category, flagged, text FROM duty_log"
	" WHERE ts >= :from AND ts < :to ORDER BY ts, id";

#define SPEC(n, t, sql, c, k) {n, t, sql, c, k, (int)PW_ARRAY_LEN(c)}

static const struct section_spec specs[] = {
	SPEC("alarm_counts", "本班报警统计 Alarms of the shift by priority and state", counts_sql,
	     counts_cols, counts_kinds),
	SPEC("alarms", "本班报警 Alarms of the shift", alarms_sql, alarms_cols, alarms_kinds),
	SPEC("alarms_open", "未确认或已搁置报警 Alarms unacknowledged or shelved now", open_sql,
	     open_cols, open_kinds),
	SPEC("incidents_opened", "本班新开事件 Incidents opened", inc_open_sql, inc_open_cols,
	     inc_open_kinds),
	SPEC("incidents_closed", "本班关闭事件 Incidents closed", inc_closed_sql, inc_closed_cols,
	     inc_closed_kinds),
	SPEC("hazards_moved", "本班隐患流转 Hazards moved", moved_sql, moved_cols, moved_kinds),
	SPEC("hazards_overdue", "逾期隐患 Hazards overdue now", overdue_sql, overdue_cols,
	     overdue_kinds),
	SPEC("loans_out", "外借装备 Equipment out on loan", loans_sql, loans_cols, loans_kinds),
	SPEC("roster_next", "下一班排班 Roster of the next shift", roster_sql, roster_cols,
	     roster_kinds),
};

/* After the roster: gaps (computed), flagged notes, the duty log. */
static const struct section_spec tail_specs[] = {
	SPEC("flagged_notes", "交接关注事项 Flagged notes carried forward", flagged_sql,
	     flagged_cols, flagged_kinds),
	SPEC("duty", "本班值班日志 Duty log of the shift", duty_sql, duty_cols, duty_kinds),
};

/* ---- building ---- */

struct params {
	int64_t from, to, now, next_to;
};

static struct store_report_section *add_section(struct store_report *rep, const char *name,
                                                const char *title, const char *const *cols,
                                                int ncols)
{
	rep->sec = xrealloc(rep->sec, (rep->nsec + 1) * sizeof *rep->sec);
	struct store_report_section *s = &rep->sec[rep->nsec++];
	*s = (struct store_report_section){.name = name, .title = title, .cols = cols,
	                                   .ncols = ncols};
	return s;
}

/* A new row of empty cells; returns its first cell. */
static char **add_row(struct store_report_section *s)
{
	if (s->nrows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->cells = xrealloc(s->cells, s->cap * (size_t)s->ncols * sizeof *s->cells);
	}
	char **row = &s->cells[s->nrows++ * (size_t)s->ncols];
	for (int i = 0; i < s->ncols; i++)
		row[i] = NULL;
	return row;
}

static void bind_named(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0)
		sqlite3_bind_int64(s, i, v);
}

static void bind_params(sqlite3_stmt *s, const struct params *p)
{
	bind_named(s, ":from", p->from);
	bind_named(s, ":to", p->to);
	bind_named(s, ":now", p->now);
	bind_named(s, ":next_to", p->next_to);
	int i = sqlite3_bind_parameter_index(s, ":today");
	if (i > 0) {
		char day[PW_TIME_BUFSZ];
		sqlite3_bind_text(s, i, pw_date_local(day, p->now), -1, SQLITE_TRANSIENT);
	}
}

static char *format_cell(sqlite3_stmt *s, int i, enum col_kind kind)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	char buf[PW_TIME_BUFSZ];
	switch (kind) {
	case K_INT: return xasprintf("%" PRId64, (int64_t)sqlite3_column_int64(s, i));
	case K_REAL: return xasprintf("%g", sqlite3_column_double(s, i));
	case K_TIME: return xstrdup(pw_time_iso(buf, sqlite3_column_int64(s, i), false));
	case K_TEXT:
	default: return store_col_strdup(s, i);
	}
}

static int run_section(struct pw_store *st, struct store_report *rep,
                       const struct section_spec *spec, const struct params *p)
{
	struct store_report_section *sec =
		add_section(rep, spec->name, spec->title, spec->cols, spec->ncols);
	sqlite3_stmt *s = store_stmt(st, spec->sql);
	if (!s)
		return -1;
	bind_params(s, p);
	size_t total = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (total++ >= STORE_REPORT_ROW_MAX)
			continue;
		char **row = add_row(sec);
		for (int i = 0; i < spec->ncols; i++)
			row[i] = format_cell(s, i, spec->kinds[i]);
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, spec->name);
	if (total > STORE_REPORT_ROW_MAX)
		sec->note = xasprintf("%zu rows, the first %d shown", total, STORE_REPORT_ROW_MAX);
	return 0;
}

static void add_pair(struct store_report_section *s, const char *field, char *value)
{
	char **row = add_row(s);
	row[0] = xstrdup(field);
	row[1] = value;
}

static void shift_section(struct store_report *rep, const struct params *p, const char *op)
{
	static const char *const cols[] = {"field", "value"};
	struct store_report_section *s =
		add_section(rep, "shift", "交接班报告 Shift handover report", cols, 2);
	char buf[PW_TIME_BUFSZ];
	time_t secs = (time_t)(p->from / 1000);
	struct tm tm;
	localtime_r(&secs, &tm);
	bool day = tm.tm_hour >= 8 && tm.tm_hour < 20;
	add_pair(s, "shift", xstrdup(day ? "白班 day" : "夜班 night"));
	add_pair(s, "from", xstrdup(pw_time_iso(buf, p->from, false)));
	add_pair(s, "to", xstrdup(pw_time_iso(buf, p->to, false)));
	add_pair(s, "next_shift_to", xstrdup(pw_time_iso(buf, p->next_to, false)));
	add_pair(s, "generated_at", xstrdup(pw_time_iso(buf, p->now, false)));
	add_pair(s, "prepared_by", xstrdup(op ? op : ""));
}

/* ---- roster gaps: who is missing when in the next shift ---- */

static int gaps_section(struct pw_store *st, struct store_report *rep, const struct params *p)
{
	static const char *const cols[] = {"team_code", "team", "gap_from", "gap_to"};
	struct store_report_section *sec =
		add_section(rep, "roster_gaps", "下一班排班空缺 Roster gaps in the next shift", cols, 4);
	struct store_rescue_gap_list gaps;
	int rc = store_rescue_gaps(st, p->to, p->next_to, &gaps);
	char buf[PW_TIME_BUFSZ];
	for (size_t i = 0; rc == 0 && i < gaps.n; i++) {
		char **row = add_row(sec);
		row[0] = xstrdup(gaps.v[i].team_code);
		row[1] = xstrdup(gaps.v[i].team_name);
		row[2] = xstrdup(pw_time_iso(buf, gaps.v[i].from, false));
		row[3] = xstrdup(pw_time_iso(buf, gaps.v[i].to, false));
	}
	store_rescue_gaps_free(&gaps);
	return rc;
}

static int build(struct pw_store *st, struct store_report *rep, const struct params *p)
{
	for (size_t i = 0; i < PW_ARRAY_LEN(specs); i++)
		if (run_section(st, rep, &specs[i], p) < 0)
			return -1;
	if (gaps_section(st, rep, p) < 0)
		return -1;
	for (size_t i = 0; i < PW_ARRAY_LEN(tail_specs); i++)
		if (run_section(st, rep, &tail_specs[i], p) < 0)
			return -1;
	return 0;
}

int store_report_shift(struct pw_store *st, int64_t from, int64_t to, int64_t now,
                       const char *operator_name, struct store_report *out)
{
	*out = (struct store_report){.from = from, .to = to, .generated_at = now};
	struct params p = {
		.from = from,
		.to = to,
		.now = now,
		.next_to = to + STORE_REPORT_SHIFT_MS,
	};
	shift_section(out, &p, operator_name);
	if (store_begin(st, false) < 0)
		return -1;
	int rc = build(st, out, &p);
	if (rc < 0) {
		char *why = xstrdup(store_errmsg(st));
		store_rollback(st);
		store_failf(st, "shift report: %s", why);
		free(why);
		return -1;
	}
	return store_commit(st);
}

void store_report_free(struct store_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->nsec; i++) {
		struct store_report_section *s = &rep->sec[i];
		for (size_t k = 0; k < s->nrows * (size_t)s->ncols; k++)
			free(s->cells[k]);
		free(s->cells);
		free(s->note);
	}
	free(rep->sec);
	*rep = (struct store_report){0};
}

const char *store_report_cell(const struct store_report_section *sec, size_t row, int col)
{
	if (row >= sec->nrows || col < 0 || col >= sec->ncols)
		return "";
	const char *v = sec->cells[row * (size_t)sec->ncols + (size_t)col];
	return v ? v : "";
}

static size_t section_rows(const struct store_report *rep, const char *name)
{
	for (size_t i = 0; i < rep->nsec; i++)
		if (strcmp(rep->sec[i].name, name) == 0)
			return rep->sec[i].nrows;
	return 0;
}

int store_report_handover_ack(struct pw_store *st, const struct store_report *rep,
                              const char *operator_name, int64_t *id)
{
	char a[PW_TIME_BUFSZ], b[PW_TIME_BUFSZ];
	char *text = xasprintf("handover acknowledged by %s (shift %s to %s: %zu alarms, %zu still"
	                       " unacknowledged or shelved, %zu hazards overdue, %zu flagged notes)",
	                       operator_name, pw_time_iso(a, rep->from, false),
	                       pw_time_iso(b, rep->to, false), section_rows(rep, "alarms"),
	                       section_rows(rep, "alarms_open"), section_rows(rep, "hazards_overdue"),
	                       section_rows(rep, "flagged_notes"));
	int rc = store_duty_append(st, operator_name, "handover", text, false, id);
	free(text);
	return rc;
}
