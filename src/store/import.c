/*
 * import.c - loading a base-data file into one table (store_import.h): row
 * checks (core, import.h), references, keys unique within the file, and one
 * upsert per row, all in one transaction.
 *
 * Each table has two statements. "exists" tells an update from an insert
 * (for the summary). "upsert" inserts, or on the table's natural key
 * (code, id, or enterprise + name/number) updates only the columns the file
 * has: every optional column X is bound twice, as :X and as :has_X (1 when
 * the file has the column), and the DO UPDATE branch keeps the stored value
 * when :has_X is 0. A column that is NOT NULL with a default takes that
 * default for an empty field. Parameters are bound by name from the row, so
 * the SQL stays a literal and no value ever becomes SQL text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/import.h"
#include "parkwatch/store_import.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define U(c) #c " = CASE WHEN :has_" #c " THEN excluded." #c " ELSE " #c " END"

static const char enterprises_exists[] = "SELECT 1 FROM enterprises WHERE code = :code";
static const char enterprises_upsert[] =
	"INSERT INTO enterprises (code, name, industry, zone, principal, phone, grid, address,"
	" safety_officer, safety_phone, ownership, size, employees, lat, lon, created_at, updated_at)"
	" VALUES (:code, :name, :industry, :zone, :principal, :phone, :grid, :address,"
	" :safety_officer, :safety_phone, :ownership, :size, :employees, :lat, :lon,"
	" coalesce(:created_at, :now), coalesce(:updated_at, :now))"
	" ON CONFLICT(code) DO UPDATE SET name = excluded.name, industry = excluded.industry,"
	" zone = excluded.zone, " U(principal) ", " U(phone) ", " U(grid) ", " U(address) ", "
	U(safety_officer) ", " U(safety_phone) ", " U(ownership) ", " U(size) ", " U(employees) ", "
	U(lat) ", " U(lon) ","
	" created_at = CASE WHEN :created_at IS NOT NULL THEN excluded.created_at ELSE created_at END,"
	" updated_at = excluded.updated_at";

static const char key_places_exists[] =
	"SELECT 1 FROM key_places WHERE enterprise_id = :eid AND name = :name";
static const char key_places_upsert[] =
	"INSERT INTO key_places (enterprise_id, category, name, location, lat, lon)"
	" VALUES (:eid, :category, :name, :location, :lat, :lon)"
	" ON CONFLICT(enterprise_id, name) DO UPDATE SET category = excluded.category, "
	U(location) ", " U(lat) ", " U(lon);

static const char sensors_exists[] = "SELECT 1 FROM sensors WHERE code = :code";
static const char sensors_upsert[] =
	"INSERT INTO sensors (code, enterprise_id, key_place_id, kind, unit, l1, l2, direction,"
	" opposite_l1, deadband, on_delay_s, comm_timeout_s, location, lat, lon, in_service)"
	" VALUES (:code, :eid, :kpid, :kind, coalesce(:unit, ''), :l1, :l2,"
	" coalesce(:direction, 'high'), :opposite_l1, coalesce(:deadband, 0),"
	" coalesce(:on_delay_s, 0), coalesce(:comm_timeout_s, 300), :location, :lat, :lon,"
	" coalesce(:in_service, 1))"
	" ON CONFLICT(code) DO UPDATE SET enterprise_id = excluded.enterprise_id,"
	" kind = excluded.kind, key_place_id = CASE WHEN :has_key_place THEN excluded.key_place_id"
	" ELSE key_place_id END, " U(unit) ", " U(l1) ", " U(l2) ", " U(direction) ", "
	U(opposite_l1) ", " U(deadband) ", " U(on_delay_s) ", " U(comm_timeout_s) ", "
	U(location) ", " U(lat) ", " U(lon) ", " U(in_service);

static const char chemicals_exists[] =
	"SELECT 1 FROM chemicals WHERE enterprise_id = :eid AND name = :name";
static const char chemicals_upsert[] =
	"INSERT INTO chemicals (enterprise_id, name, cas, quantity_t, threshold_t, storage)"
	" VALUES (:eid, :name, :cas, :quantity_t, :threshold_t, :storage)"
	" ON CONFLICT(enterprise_id, name) DO UPDATE SET quantity_t = excluded.quantity_t, "
	U(cas) ", " U(threshold_t) ", " U(storage);

static const char certificates_exists[] =
	"SELECT 1 FROM certificates WHERE enterprise_id = :eid AND number = :number";
static const char certificates_upsert[] =
	"INSERT INTO certificates (enterprise_id, holder, kind, number, issued_date, expires)"
	" VALUES (:eid, :holder, :kind, :number, :issued_date, :expires)"
	" ON CONFLICT(enterprise_id, number) DO UPDATE SET holder = excluded.holder,"
	" kind = excluded.kind, expires = excluded.expires, " U(issued_date);

static const char teams_exists[] = "SELECT 1 FROM teams WHERE code = :code";
static const char teams_upsert[] =
	"INSERT INTO teams (code, name, kind, base, phone, lat, lon)"
	" VALUES (:code, :name, coalesce(:kind, 'volunteer'), :base, :phone, :lat, :lon)"
	" ON CONFLICT(code) DO UPDATE SET name = excluded.name, " U(kind) ", " U(base) ", "
	U(phone) ", " U(lat) ", " U(lon);

/*
 * A member without an id in the file is the team's member of that name (the
 * oldest, should the database hold two), or a new one. A status change
 * without a status_since of its own starts now.
 */
#define MEMBER_ID "coalesce(:id, (SELECT id FROM members WHERE team_id = :tid AND name = :name" \
	" ORDER BY id LIMIT 1))"
static const char members_exists[] = "SELECT 1 FROM members WHERE id = " MEMBER_ID;
static const char members_upsert[] =
	"INSERT INTO members (id, team_id, name, role, skills, certificates, phone, status,"
	" status_since)"
	" VALUES (" MEMBER_ID ", :tid, :name, :role, :skills, :certificates, :phone,"
	" coalesce(:status, 'available'), coalesce(:status_since, :now))"
	" ON CONFLICT(id) DO UPDATE SET team_id = excluded.team_id, name = excluded.name,"
	" role = excluded.role, " U(skills) ", " U(certificates) ", " U(phone) ", " U(status) ","
	" status_since = CASE WHEN :status_since IS NOT NULL THEN excluded.status_since"
	"  WHEN :has_status AND excluded.status <> status THEN :now ELSE status_since END";

static const char equipment_exists[] = "SELECT 1 FROM equipment WHERE code = :code";
static const char equipment_upsert[] =
	"INSERT INTO equipment (code, name, category, qty, min_qty, location, condition,"
	" inspected_date, expires)"
	" VALUES (:code, :name, :category, :qty, coalesce(:min_qty, 0), :location,"
	" coalesce(:condition, 'good'), :inspected_date, :expires)"
	" ON CONFLICT(code) DO UPDATE SET name = excluded.name, qty = excluded.qty, "
	U(category) ", " U(min_qty) ", " U(location) ", " U(condition) ", " U(inspected_date) ", "
	U(expires);

/* An inspection without an id is the one of that enterprise, time and inspector, or new. */
#define INSPECTION_ID "coalesce(:id, (SELECT id FROM inspections WHERE enterprise_id = :eid" \
	" AND ts = :ts AND inspector = :inspector ORDER BY id LIMIT 1))"
static const char inspections_exists[] = "SELECT 1 FROM inspections WHERE id = " INSPECTION_ID;
static const char inspections_upsert[] =
	"INSERT INTO inspections (id, enterprise_id, inspector, org, org_kind, ts, items, findings)"
	" VALUES (" INSPECTION_ID ", :eid, :inspector, :org, coalesce(:org_kind, 'grid'), :ts,"
	" :items, :findings)"
	" ON CONFLICT(id) DO UPDATE SET enterprise_id = excluded.enterprise_id,"
	" inspector = excluded.inspector, org = excluded.org, ts = excluded.ts, " U(org_kind) ", "
	U(items) ", " U(findings);
#undef INSPECTION_ID
#undef MEMBER_ID
#undef U

enum ref { REF_NONE, REF_ENTERPRISE, REF_TEAM };

struct writer {
	const char *table;
	const char *exists, *upsert;
	enum ref ref;
	bool risk;      /* an input of the risk model: recompute after the import */
};

static const struct writer writers[] = {
	{"enterprises", enterprises_exists, enterprises_upsert, REF_NONE, true},
	{"key_places", key_places_exists, key_places_upsert, REF_ENTERPRISE, true},
	{"sensors", sensors_exists, sensors_upsert, REF_ENTERPRISE, false},
	{"chemicals", chemicals_exists, chemicals_upsert, REF_ENTERPRISE, true},
	{"certificates", certificates_exists, certificates_upsert, REF_ENTERPRISE, true},
	{"teams", teams_exists, teams_upsert, REF_NONE, false},
	{"members", members_exists, members_upsert, REF_TEAM, false},
	{"equipment", equipment_exists, equipment_upsert, REF_NONE, false},
	{"inspections", inspections_exists, inspections_upsert, REF_ENTERPRISE, true},
};

/* ---- keys seen in the file: an open-addressing set of strings with their line ---- */

struct keyset {
	char **keys;
	int *lines;
	size_t cap, n;
};

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t keyset_slot(const struct keyset *k, const char *key)
{
	size_t i = (size_t)key_hash(key) & (k->cap - 1);
	while (k->keys[i] && strcmp(k->keys[i], key) != 0)
		i = (i + 1) & (k->cap - 1);
	return i;
}

/* Line where KEY was seen, or 0. */
static int keyset_find(const struct keyset *k, const char *key)
{
	if (!k->cap)
		return 0;
	size_t i = keyset_slot(k, key);
	return k->keys[i] ? k->lines[i] : 0;
}

static void keyset_add(struct keyset *k, const char *key, int line)
{
	if ((k->n + 1) * 2 > k->cap) {
		struct keyset old = *k;
		k->cap = old.cap ? old.cap * 2 : 1024;
		k->keys = xcalloc(k->cap, sizeof *k->keys);
		k->lines = xcalloc(k->cap, sizeof *k->lines);
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				size_t j = keyset_slot(k, old.keys[i]);
				k->keys[j] = old.keys[i];
				k->lines[j] = old.lines[i];
			}
		free(old.keys);
		free(old.lines);
	}
	size_t i = keyset_slot(k, key);
	if (!k->keys[i]) {
		k->keys[i] = xstrdup(key);
		k->lines[i] = line;
		k->n++;
	}
}

static void keyset_free(struct keyset *k)
{
	for (size_t i = 0; i < k->cap; i++)
		free(k->keys[i]);
	free(k->keys);
	free(k->lines);
}

/* ---- one import ---- */

struct import_ctx {
	struct pw_store *st;
	const struct pw_imp_table *t;
	const struct writer *w;
	const struct store_import_file *f;
	int *map;
	struct pw_imp_value *vals;
	struct keyset seen;
	int64_t now;
	int64_t eid, tid, kpid;    /* resolved references of the current row */
	bool has_kpid;
	store_import_bad_fn bad;
	void *ud;
	struct store_import_result *res;
};

static void bind_value(sqlite3_stmt *s, int i, const struct pw_imp_column *c,
                       const struct pw_imp_value *v)
{
	if (!v->present || v->null) {
		sqlite3_bind_null(s, i);
		return;
	}
	switch (c->type) {
	case PW_IMP_INT:
	case PW_IMP_TIME: sqlite3_bind_int64(s, i, v->i); break;
	case PW_IMP_REAL: sqlite3_bind_double(s, i, v->r); break;
	default: sqlite3_bind_text(s, i, v->text, -1, SQLITE_STATIC); break;
	}
}

/* Bind every named parameter of S from the current row and references. */
static void bind_row(struct import_ctx *c, sqlite3_stmt *s)
{
	int n = sqlite3_bind_parameter_count(s);
	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		if (!name)
			continue;
		name++; /* the ':' */
		int col;
		if (strncmp(name, "has_", 4) == 0 && (col = pw_import_col(c->t, name + 4)) >= 0)
			sqlite3_bind_int(s, i, c->vals[col].present);
		else if ((col = pw_import_col(c->t, name)) >= 0)
			bind_value(s, i, &c->t->cols[col], &c->vals[col]);
		else if (strcmp(name, "now") == 0)
			sqlite3_bind_int64(s, i, c->now);
		else if (strcmp(name, "eid") == 0)
			sqlite3_bind_int64(s, i, c->eid);
		else if (strcmp(name, "tid") == 0)
			sqlite3_bind_int64(s, i, c->tid);
		else if (strcmp(name, "kpid") == 0 && c->has_kpid)
			sqlite3_bind_int64(s, i, c->kpid);
	}
}

static void report(struct import_ctx *c, int line, const char *reason)
{
	c->res->bad++;
	if (c->bad)
		c->bad(c->ud, line, reason);
}

/* Id by one text parameter: 0 found, 1 not found, -1 error. */
static int lookup_id(struct pw_store *st, const char *sql, const char *a, const int64_t *b,
                     int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	if (!s)
		return -1;
	if (b)
		sqlite3_bind_int64(s, 1, *b);
	sqlite3_bind_text(s, b ? 2 : 1, a, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "import: look up a reference");
	return rc == SQLITE_ROW ? 0 : 1;
}

static const char *text_of(const struct import_ctx *c, const char *col)
{
	int i = pw_import_col(c->t, col);
	return i >= 0 && c->vals[i].present && !c->vals[i].null ? c->vals[i].text : NULL;
}

/* Resolve the row's references; 1 with *why when one does not exist. */
static int resolve(struct import_ctx *c, char **why)
{
	int rc = 0;
	c->has_kpid = false;
	if (c->w->ref == REF_ENTERPRISE) {
		const char *code = text_of(c, "enterprise_code");
		rc = lookup_id(c->st, "SELECT id FROM enterprises WHERE code = ?1", code, NULL, &c->eid);
		if (rc == 1)
			*why = xasprintf("enterprise_code '%s' is not an enterprise (import enterprises "
			                 "first)", code);
	} else if (c->w->ref == REF_TEAM) {
		const char *code = text_of(c, "team_code");
		rc = lookup_id(c->st, "SELECT id FROM teams WHERE code = ?1", code, NULL, &c->tid);
		if (rc == 1)
			*why = xasprintf("team_code '%s' is not a team (import teams first)", code);
	}
	const char *kp = rc == 0 && strcmp(c->t->name, "sensors") == 0 ? text_of(c, "key_place") : NULL;
	if (kp) {
		rc = lookup_id(c->st, "SELECT id FROM key_places WHERE enterprise_id = ?1 AND name = ?2",
		               kp, &c->eid, &c->kpid);
		c->has_kpid = rc == 0;
		if (rc == 1)
			*why = xasprintf("key_place '%s' is not one of enterprise %s's key places (leave "
			                 "it empty, or add the key place first)", kp,
			                 text_of(c, "enterprise_code"));
	}
	return rc;
}

/* The text of the columns KEY (-1 ends) of the row, or NULL when one is empty. */
static char *key_text(const struct import_ctx *c, const int *key)
{
	struct sbuf b;
	sbuf_init(&b);
	for (int k = 0; k < 3 && key[k] >= 0; k++) {
		const struct pw_imp_value *v = &c->vals[key[k]];
		if (!v->present || v->null) {
			sbuf_free(&b);
			return NULL;
		}
		if (k)
			sbuf_adds(&b, "\x1f");
		sbuf_adds(&b, v->text);
	}
	return sbuf_steal(&b);
}

/*
 * The row's key text for "unique in the file", or NULL when it has none;
 * *used is the key it came from: the table's key, else its alternate key
 * (its text marked so it cannot equal an id).
 */
static char *row_key(const struct import_ctx *c, const int **used)
{
	*used = c->t->key;
	char *k = key_text(c, c->t->key);
	if (k || c->t->alt_key[0] < 0)
		return k;
	*used = c->t->alt_key;
	char *alt = key_text(c, c->t->alt_key);
	if (!alt)
		return NULL;
	k = xasprintf("\x1e%s", alt);
	free(alt);
	return k;
}

/* "the same KEY as line N": the key column's name, or "a and b (and c)". */
static char *duplicate_reason(const struct import_ctx *c, const int *key, int first)
{
	if (key == c->t->key && key[1] < 0)
		return xasprintf("duplicate: the same %s as line %d", c->t->cols[key[0]].name, first);
	if (key == c->t->key)
		return xasprintf("duplicate: the same key as line %d", first);
	struct sbuf b;
	sbuf_init(&b);
	for (int k = 0; k < 3 && key[k] >= 0; k++)
		sbuf_addf(&b, "%s%s", k == 0 ? "" : k + 1 < 3 && key[k + 1] >= 0 ? ", " : " and ",
		          c->t->cols[key[k]].name);
	char *why = xasprintf("duplicate: the same %s as line %d (give each its %s to keep both)",
	                      sbuf_str(&b), first, c->t->cols[c->t->key[0]].name);
	sbuf_free(&b);
	return why;
}

/* Step S once: 0 done (*row: a row came back), 1 constraint (*why), -1 error. */
static int step(struct import_ctx *c, sqlite3_stmt *s, bool *row, char **why)
{
	int rc = sqlite3_step(s);
	if (row)
		*row = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	sqlite3 *db = sqlite3_db_handle(s);
	if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT) {
		*why = xasprintf("refused by the database: %s", sqlite3_errmsg(db));
		sqlite3_reset(s);
		return 1;
	}
	store_fail(c->st, "import");
	sqlite3_reset(s);
	return -1;
}

/* Write one checked row: 0, 1 bad (*why), -1 error. */
static int write_row(struct import_ctx *c, char **why)
{
	int rc = resolve(c, why);
	if (rc != 0)
		return rc;
	sqlite3_stmt *s = store_stmt(c->st, c->w->exists);
	if (!s)
		return -1;
	bind_row(c, s);
	bool exists = false;
	if ((rc = step(c, s, &exists, why)) != 0)
		return rc;
	if (!(s = store_stmt(c->st, c->w->upsert)))
		return -1;
	bind_row(c, s);
	if ((rc = step(c, s, NULL, why)) != 0)
		return rc;
	if (exists)
		c->res->updated++;
	else
		c->res->added++;
	return 0;
}

/* One row: 0 written, 1 bad (reported), -1 error. */
static int import_row(struct import_ctx *c, const struct store_import_row *r)
{
	if (r->err) {
		report(c, r->line, r->err);
		return 1;
	}
	char *why = NULL;
	if (pw_import_check_row(c->t, c->map, c->f->ncols, r->fields, r->n, c->vals, &why) < 0) {
		report(c, r->line, why);
		free(why);
		return 1;
	}
	const int *key_cols;
	char *key = row_key(c, &key_cols);
	int first = key ? keyset_find(&c->seen, key) : 0;
	if (first) {
		why = duplicate_reason(c, key_cols, first);
		report(c, r->line, why);
		free(why);
		free(key);
		return 1;
	}
	int rc = write_row(c, &why);
	if (rc == 1)
		report(c, r->line, why);
	else if (rc == 0 && key)
		keyset_add(&c->seen, key, r->line);
	free(why);
	free(key);
	return rc;
}

static const struct writer *find_writer(const char *table)
{
	for (size_t i = 0; table && i < PW_ARRAY_LEN(writers); i++)
		if (strcmp(writers[i].table, table) == 0)
			return &writers[i];
	return NULL;
}

/* After the rows: risk, the duty-log entry. */
static int finish(struct import_ctx *c, const char *operator_name)
{
	if (c->w->risk && store_risk_recompute(c->st, 0, c->now, NULL) < 0)
		return -1;
	char *text = xasprintf("import %s from %s: %zu added, %zu updated, %zu bad", c->t->name,
	                       c->f->name, c->res->added, c->res->updated, c->res->bad);
	int rc = store_duty_append(c->st, operator_name, "system", text, false, NULL);
	free(text);
	return rc;
}

int store_import_run(struct pw_store *st, const char *table, const struct store_import_file *f,
                     bool skip_bad, const char *operator_name, int64_t now_ms,
                     store_import_bad_fn bad, void *ud, struct store_import_result *res)
{
	memset(res, 0, sizeof *res);
	struct import_ctx c = {
		.st = st, .t = pw_import_table(table), .w = find_writer(table), .f = f,
		.now = now_ms, .bad = bad, .ud = ud, .res = res,
	};
	if (!c.t || !c.w)
		return store_failf(st, "'%s' cannot be imported", table ? table : "");
	c.map = xcalloc((size_t)f->ncols, sizeof *c.map);
	char *why = NULL;
	if (pw_import_map_header(c.t, f->header, f->ncols, c.map, &why) < 0) {
		if (bad)
			bad(ud, f->header_line, why);
		free(why);
		free(c.map);
		return STORE_IMPORT_REFUSED;
	}
	c.vals = xcalloc((size_t)c.t->ncols, sizeof *c.vals);
	int rc = store_begin(st, true);
	for (size_t i = 0; rc == 0 && i < f->nrows; i++)
		rc = import_row(&c, &f->rows[i]) < 0 ? -1 : 0;
	if (rc == 0 && res->bad && !skip_bad) {
		store_rollback(st);
		rc = STORE_IMPORT_REFUSED;
	} else if (rc == 0 && (finish(&c, operator_name) < 0 || store_commit(st) < 0)) {
		store_rollback(st);
		rc = -1;
	} else if (rc < 0) {
		struct store_saved_error kept;
		store_error_save(st, &kept);
		store_rollback(st);
		store_error_restore(st, &kept);
	}
	keyset_free(&c.seen);
	free(c.vals);
	free(c.map);
	return rc;
}
