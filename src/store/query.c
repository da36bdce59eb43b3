/*
 * query.c - the `query` tables: one SELECT and one column list per table.
 *
 * Each table's SELECT names its result columns exactly as the declared column
 * list does (checked at run time against sqlite3_column_name, so the two can
 * never drift apart silently). Derived columns (risk without a score row,
 * hazards.overdue, team strength and status, equipment availability) are
 * computed in SQL so a million-row table still streams row by row.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_query.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define T STORE_QK_TEXT
#define I STORE_QK_INT
#define R STORE_QK_REAL
#define TM STORE_QK_TIME

static const struct store_query_column enterprises_cols[] = {
	{"code", T}, {"name", T}, {"industry", T}, {"zone", T}, {"principal", T},
	{"phone", T}, {"risk", T}, {"risk_score", R}, {"grid", T}, {"address", T},
	{"safety_officer", T}, {"safety_phone", T}, {"ownership", T}, {"size", T},
	{"employees", I}, {"lat", R}, {"lon", R}, {"created_at", TM}, {"updated_at", TM},
};
static const char enterprises_sql[] =
	"SELECT code, name, industry, zone, principal, phone, risk, risk_score, grid, address,"
	" safety_officer, safety_phone, ownership, size, employees, lat, lon, created_at, updated_at"
	" FROM enterprises ORDER BY code";

/* Ordered by enterprise and name, the import key; id only breaks ties. */
static const struct store_query_column key_places_cols[] = {
	{"enterprise_code", T}, {"category", T}, {"name", T}, {"location", T}, {"lat", R},
	{"lon", R},
};
static const char key_places_sql[] =
	"SELECT e.code AS enterprise_code, k.category AS category, k.name AS name,"
	" k.location AS location, k.lat AS lat, k.lon AS lon"
	" FROM key_places k JOIN enterprises e ON e.id = k.enterprise_id"
	" ORDER BY e.code, k.name, k.id";

static const struct store_query_column sensors_cols[] = {
	{"code", T}, {"enterprise_code", T}, {"kind", T}, {"unit", T}, {"l1", R}, {"l2", R},
	{"direction", T}, {"last_value", R}, {"last_ts", TM}, {"state", T}, {"opposite_l1", R},
	{"deadband", R}, {"on_delay_s", I}, {"comm_timeout_s", I}, {"location", T}, {"lat", R},
	{"lon", R}, {"in_service", I}, {"online", I}, {"key_place", T},
};
static const char sensors_sql[] =
	"SELECT s.code AS code, e.code AS enterprise_code, s.kind AS kind, s.unit AS unit,"
	" s.l1 AS l1, s.l2 AS l2, s.direction AS direction, s.last_value AS last_value,"
	" s.last_ts AS last_ts, s.state AS state, s.opposite_l1 AS opposite_l1,"
	" s.deadband AS deadband, s.on_delay_s AS on_delay_s, s.comm_timeout_s AS comm_timeout_s,"
	" s.location AS location, s.lat AS lat, s.lon AS lon, s.in_service AS in_service,"
	" s.online AS online, k.name AS key_place"
	" FROM sensors s JOIN enterprises e ON e.id = s.enterprise_id"
	" LEFT JOIN key_places k ON k.id = s.key_place_id ORDER BY s.code";

static const struct store_query_column alarms_cols[] = {
	{"id", I}, {"sensor_code", T}, {"enterprise_code", T}, {"priority", I}, {"state", T},
	{"raised_at", TM}, {"value", R}, {"acked_by", T}, {"condition", T}, {"level", I},
	{"active", I}, {"acked", I}, {"peak", R}, {"message", T}, {"returned_at", TM},
	{"cleared_at", TM}, {"acked_at", TM}, {"ack_comment", T}, {"shelved_by", T},
	{"shelved_until", TM}, {"shelve_reason", T}, {"repeats", I}, {"updated_at", TM},
};
static const char alarms_sql[] =
	"SELECT a.id AS id, s.code AS sensor_code, e.code AS enterprise_code,"
	" a.priority AS priority, a.state AS state, a.raised_at AS raised_at, a.value AS value,"
	" a.acked_by AS acked_by, a.condition AS condition, a.level AS level, a.active AS active,"
	" a.acked AS acked, a.peak AS peak, a.message AS message, a.returned_at AS returned_at,"
	" a.cleared_at AS cleared_at, a.acked_at AS acked_at, a.ack_comment AS ack_comment,"
	" a.shelved_by AS shelved_by, a.shelved_until AS shelved_until,"
	" a.shelve_reason AS shelve_reason, a.repeats AS repeats, a.updated_at AS updated_at"
	" FROM alarms a JOIN sensors s ON s.id = a.sensor_id"
	" JOIN enterprises e ON e.id = a.enterprise_id ORDER BY a.id";

static const struct store_query_column rejected_cols[] = {
	{"id", I}, {"received_at", TM}, {"topic", T}, {"reason", T}, {"payload", T},
};
static const char rejected_sql[] =
	"SELECT id, received_at, topic, reason, payload FROM rejected ORDER BY id";

/* Enterprises without a computed score show their stored colour, score 0. */
static const struct store_query_column risk_cols[] = {
	{"enterprise_code", T}, {"colour", T}, {"score", R}, {"reasons", T}, {"name", T},
	{"computed_at", TM},
};
static const char risk_sql[] =
	"SELECT e.code AS enterprise_code, coalesce(r.colour, e.risk) AS colour,"
	" coalesce(r.score, 0) AS score, coalesce(r.reasons, '') AS reasons, e.name AS name,"
	" r.computed_at AS computed_at"
	" FROM enterprises e LEFT JOIN risk_scores r ON r.enterprise_id = e.id ORDER BY e.code";

/* Overdue: the deadline day is over (site calendar) and the loop is not done. */
static const struct store_query_column hazards_cols[] = {
	{"id", I}, {"enterprise_code", T}, {"grade", T}, {"status", T}, {"deadline", T},
	{"overdue", I}, {"source", T}, {"description", T}, {"location", T}, {"reported_by", T},
	{"reported_at", TM}, {"assignee", T}, {"measures", T}, {"funds", T}, {"responsible", T},
	{"contingency", T}, {"submitted_by", T}, {"verified_by", T}, {"closed_at", TM},
	{"inspection_id", I}, {"updated_at", TM},
};
static const char hazards_sql[] =
	"SELECT h.id AS id, e.code AS enterprise_code, h.grade AS grade, h.status AS status,"
	" h.deadline AS deadline,"
	" CASE WHEN h.deadline IS NOT NULL AND h.deadline < :today"
	"  AND h.status NOT IN ('verified', 'closed') THEN 1 ELSE 0 END AS overdue,"
	" h.source AS source, h.description AS description, h.location AS location,"
	" h.reported_by AS reported_by, h.reported_at AS reported_at, h.assignee AS assignee,"
	" h.measures AS measures, h.funds AS funds, h.responsible AS responsible,"
	" h.contingency AS contingency, h.submitted_by AS submitted_by,"
	" h.verified_by AS verified_by, h.closed_at AS closed_at,"
	" h.inspection_id AS inspection_id, h.updated_at AS updated_at"
	" FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id ORDER BY h.id";

static const struct store_query_column inspections_cols[] = {
	{"id", I}, {"enterprise_code", T}, {"inspector", T}, {"org", T}, {"ts", TM},
	{"findings", T}, {"org_kind", T}, {"items", T},
};
static const char inspections_sql[] =
	"SELECT i.id AS id, e.code AS enterprise_code, i.inspector AS inspector, i.org AS org,"
	" i.ts AS ts, i.findings AS findings, i.org_kind AS org_kind, i.items AS items"
	" FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id ORDER BY i.id";

/*
 * On duty: rostered now; a team that keeps no roster at all counts its
 * members who are not off duty. Status: available if anyone is, else engaged
 * if anyone is out on a job, else off duty.
 */
static const struct store_query_column teams_cols[] = {
	{"code", T}, {"name", T}, {"members_on_duty", I}, {"status", T}, {"kind", T},
	{"base", T}, {"phone", T}, {"members", I}, {"lat", R}, {"lon", R},
};
static const char teams_sql[] =
	"SELECT t.code AS code, t.name AS name,"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id AND CASE"
	"   WHEN EXISTS (SELECT 1 FROM roster r JOIN members m2 ON m2.id = r.member_id"
	"                WHERE m2.team_id = t.id)"
	"   THEN EXISTS (SELECT 1 FROM roster r WHERE r.member_id = m.id"
	"                AND r.starts_at <= :now AND r.ends_at > :now)"
	"   ELSE m.status <> 'off_duty' END) AS members_on_duty,"
	" CASE WHEN EXISTS (SELECT 1 FROM members m WHERE m.team_id = t.id"
	"                   AND m.status = 'available') THEN 'available'"
	"      WHEN EXISTS (SELECT 1 FROM members m WHERE m.team_id = t.id"
	"                   AND m.status IN ('dispatched', 'en_route', 'on_scene')) THEN 'engaged'"
	"      ELSE 'off_duty' END AS status,"
	" t.kind AS kind, t.base AS base, t.phone AS phone,"
	" (SELECT count(*) FROM members m WHERE m.team_id = t.id) AS members,"
	" t.lat AS lat, t.lon AS lon FROM teams t ORDER BY t.code";

static const struct store_query_column members_cols[] = {
	{"id", I}, {"team_code", T}, {"name", T}, {"role", T}, {"status", T}, {"phone", T},
	{"skills", T}, {"certificates", T}, {"status_since", TM},
};
static const char members_sql[] =
	"SELECT m.id AS id, t.code AS team_code, m.name AS name, m.role AS role,"
	" m.status AS status, m.phone AS phone, m.skills AS skills,"
	" m.certificates AS certificates, m.status_since AS status_since"
	" FROM members m JOIN teams t ON t.id = m.team_id ORDER BY m.id";

/* ratio: q/Q of GB 18218 (a major hazard source when the sum reaches 1). */
static const struct store_query_column chemicals_cols[] = {
	{"enterprise_code", T}, {"name", T}, {"cas", T}, {"quantity_t", R}, {"threshold_t", R},
	{"storage", T}, {"ratio", R},
};
static const char chemicals_sql[] =
	"SELECT e.code AS enterprise_code, c.name AS name, c.cas AS cas,"
	" c.quantity_t AS quantity_t, c.threshold_t AS threshold_t, c.storage AS storage,"
	" c.quantity_t / c.threshold_t AS ratio"
	" FROM chemicals c JOIN enterprises e ON e.id = c.enterprise_id ORDER BY e.code, c.name";

static const struct store_query_column certificates_cols[] = {
	{"enterprise_code", T}, {"holder", T}, {"kind", T}, {"number", T}, {"expires", T},
	{"issued_date", T},
};
static const char certificates_sql[] =
	"SELECT e.code AS enterprise_code, c.holder AS holder, c.kind AS kind, c.number AS number,"
	" c.expires AS expires, c.issued_date AS issued_date"
	" FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id"
	" ORDER BY e.code, c.number";

/* available: stock minus what is out on loans not yet returned. */
static const struct store_query_column equipment_cols[] = {
	{"code", T}, {"name", T}, {"qty", I}, {"available", I}, {"location", T},
	{"category", T}, {"min_qty", I}, {"condition", T}, {"inspected_date", T}, {"expires", T},
};
static const char equipment_sql[] =
	"SELECT q.code AS code, q.name AS name, q.qty AS qty,"
	" q.qty - coalesce((SELECT sum(l.qty) FROM loans l WHERE l.equipment_id = q.id"
	"                   AND l.returned_at IS NULL), 0) AS available,"
	" q.location AS location, q.category AS category, q.min_qty AS min_qty,"
	" q.condition AS condition, q.inspected_date AS inspected_date, q.expires AS expires"
	" FROM equipment q ORDER BY q.code";

static const struct store_query_column incidents_cols[] = {
	{"id", I}, {"type", T}, {"enterprise_code", T}, {"status", T}, {"opened_at", TM},
	{"severity", I}, {"alarm_id", I}, {"location", T}, {"summary", T}, {"opened_by", T},
	{"closed_at", TM},
};
static const char incidents_sql[] =
	"SELECT i.id AS id, i.type AS type, e.code AS enterprise_code, i.status AS status,"
	" i.opened_at AS opened_at, i.severity AS severity, i.alarm_id AS alarm_id,"
	" i.location AS location, i.summary AS summary, i.opened_by AS opened_by,"
	" i.closed_at AS closed_at"
	" FROM incidents i LEFT JOIN enterprises e ON e.id = i.enterprise_id ORDER BY i.id";

static const struct store_query_column duty_cols[] = {
	{"id", I}, {"ts", TM}, {"operator", T}, {"category", T}, {"text", T}, {"flagged", I},
	{"hash", T},
};
static const char duty_sql[] =
	"SELECT id, ts, operator, category, text, flagged, hash FROM duty_log ORDER BY id";

/* Walks sensors by code, then each sensor's primary key: no sort, no buffer. */
static const struct store_query_column readings_cols[] = {
	{"sensor_code", T}, {"ts", TM}, {"value", R}, {"ts_ms", I}, {"seq", I},
};
static const char readings_sql[] =
	"SELECT s.code AS sensor_code, r.ts AS ts, r.value AS value, r.ts AS ts_ms, r.seq AS seq"
	" FROM sensors s JOIN readings r ON r.sensor_id = s.id ORDER BY s.code, r.ts";

#undef T
#undef I
#undef R
#undef TM

struct query_table {
	const char *name;
	const char *sql;
	const struct store_query_column *cols;
	int ncols;
};

#define TABLE(n) {#n, n##_sql, n##_cols, (int)PW_ARRAY_LEN(n##_cols)}
static const struct query_table tables[] = {
	TABLE(enterprises), TABLE(key_places), TABLE(sensors), TABLE(alarms), TABLE(rejected),
	TABLE(risk), TABLE(hazards), TABLE(inspections), TABLE(teams), TABLE(members),
	TABLE(chemicals), TABLE(certificates), TABLE(equipment), TABLE(incidents), TABLE(duty),
	TABLE(readings),
};
#undef TABLE

static const char *const table_names[] = {
	"enterprises", "key_places", "sensors", "alarms", "rejected", "risk", "hazards",
	"inspections", "teams", "members", "chemicals", "certificates", "equipment", "incidents",
	"duty", "readings", NULL,
};

const char *const *store_query_tables(void)
{
	return table_names;
}

static const struct query_table *find_table(const char *name)
{
	for (size_t i = 0; name && i < PW_ARRAY_LEN(tables); i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

int store_query_columns(const char *table, const struct store_query_column **cols)
{
	const struct query_table *t = find_table(table);
	if (!t)
		return -1;
	*cols = t->cols;
	return t->ncols;
}

#define VALUE_BUFSZ 48

/* Column I of the current row as a display string (NULL for SQL NULL). */
static const char *format_value(sqlite3_stmt *s, int i, enum store_query_kind kind,
                                char buf[VALUE_BUFSZ])
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_INTEGER:
		if (kind == STORE_QK_TIME)
			return pw_time_iso(buf, sqlite3_column_int64(s, i), false);
		snprintf(buf, VALUE_BUFSZ, "%" PRId64, (int64_t)sqlite3_column_int64(s, i));
		return buf;
	case SQLITE_FLOAT:
		snprintf(buf, VALUE_BUFSZ, "%.15g", sqlite3_column_double(s, i));
		return buf;
	default: /* text (or a blob) as stored, whatever the declared kind */
		return (const char *)sqlite3_column_text(s, i);
	}
}

/* The SELECT must produce exactly the declared columns, in order. */
static int check_shape(struct pw_store *st, sqlite3_stmt *s, const struct query_table *t)
{
	if (sqlite3_column_count(s) != t->ncols)
		return store_failf(st, "query %s: the SELECT has %d columns, %d declared", t->name,
		                   sqlite3_column_count(s), t->ncols);
	for (int i = 0; i < t->ncols; i++) {
		const char *n = sqlite3_column_name(s, i);
		if (!n || strcmp(n, t->cols[i].name) != 0)
			return store_failf(st, "query %s: column %d is '%s', declared '%s'", t->name,
			                   i + 1, n ? n : "?", t->cols[i].name);
	}
	return 0;
}

static void bind_clock(sqlite3_stmt *s, int64_t now_ms)
{
	int i = sqlite3_bind_parameter_index(s, ":now");
	if (i > 0)
		sqlite3_bind_int64(s, i, now_ms);
	if ((i = sqlite3_bind_parameter_index(s, ":today")) > 0) {
		char day[PW_TIME_BUFSZ];
		sqlite3_bind_text(s, i, pw_date_local(day, now_ms), -1, SQLITE_TRANSIENT);
	}
}

int store_query_run(struct pw_store *st, const char *table, int64_t now_ms, store_query_row_fn fn,
                    void *user)
{
	const struct query_table *t = find_table(table);
	if (!t)
		return store_failf(st, "no query table '%s'", table ? table : "");
	sqlite3_stmt *s = store_stmt(st, t->sql);
	if (!s || check_shape(st, s, t) < 0)
		return -1;
	bind_clock(s, now_ms);

	const char **names = xcalloc((size_t)t->ncols, sizeof *names);
	const char **values = xcalloc((size_t)t->ncols, sizeof *values);
	char(*bufs)[VALUE_BUFSZ] = xcalloc((size_t)t->ncols, sizeof *bufs);
	for (int i = 0; i < t->ncols; i++)
		names[i] = t->cols[i].name;

	int rc, stop = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < t->ncols; i++)
			values[i] = format_value(s, i, t->cols[i].kind, bufs[i]);
		if ((stop = fn(user, t->ncols, names, values)) != 0)
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		store_failf(st, "query %s: %s", t->name, sqlite3_errmsg(sqlite3_db_handle(s)));
	sqlite3_reset(s);
	free(bufs);
	free(values);
	free(names);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
}

void store_query_tsv_escape(struct sbuf *b, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n"
		                : *s == '\r' ? "\\r" : NULL;
		if (!esc)
			continue;
		pw_escape_hidden(b, run, (size_t)(s - run));
		sbuf_add(b, esc, 2);
		run = s + 1;
	}
	pw_escape_hidden(b, run, (size_t)(s - run));
}

static int hex_digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + (unsigned)d;
	}
	*out = v;
	return 0;
}

/* "\uXXXX" (a BMP code point, not NUL or a surrogate) as UTF-8 into B. */
static int unescape_u(struct sbuf *b, const char *s, size_t n)
{
	unsigned cp;
	if (n < 4 || hex_digits(s, 4, &cp) < 0 || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	char u[3];
	if (cp < 0x80) {
		sbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(b, u, 2);
	} else {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(b, u, 3);
	}
	return 0;
}

int store_query_tsv_unescape(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			sbuf_addc(b, s[i]);
			continue;
		}
		if (++i >= n)
			return -1;
		switch (s[i]) {
		case '\\': sbuf_addc(b, '\\'); break;
		case 't': sbuf_addc(b, '\t'); break;
		case 'n': sbuf_addc(b, '\n'); break;
		case 'r': sbuf_addc(b, '\r'); break;
		case 'u':
			if (unescape_u(b, s + i + 1, n - i - 1) < 0)
				return -1;
			i += 4;
			break;
		default: return -1;
		}
	}
	return 0;
}
