/*
 * browse.c - the read-only views behind the console screens (store_browse.h).
 *
 * The enterprise list is the hot path (10,000 rows at start-up): one cached
 * statement, rows in one array and every string in a chunked pool, so loading
 * costs two allocations per 64 KiB instead of six per row.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_browse.h"
#include "parkwatch/util.h"
#include "store_private.h"

/* ---- string pool ----------------------------------------------------- */

#define POOL_CHUNK 65536

struct pool_chunk {
	struct pool_chunk *next;
	size_t used, cap;
	char data[];
};

struct pw_browse_pool {
	struct pool_chunk *head;
};

/* Copy S (n bytes) into the pool; the copy lives as long as the pool. */
static const char *pool_add(struct pw_browse_pool *p, const char *s, size_t n)
{
	struct pool_chunk *c = p->head;
	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > POOL_CHUNK ? n + 1 : POOL_CHUNK;
		c = xmalloc(sizeof *c + cap);
		c->cap = cap;
		c->used = 0;
		c->next = p->head;
		p->head = c;
	}
	char *d = c->data + c->used;
	memcpy(d, s, n);
	d[n] = '\0';
	c->used += n + 1;
	return d;
}

static void pool_free(struct pw_browse_pool *p)
{
	if (!p)
		return;
	while (p->head) {
		struct pool_chunk *n = p->head->next;
		free(p->head);
		p->head = n;
	}
	free(p);
}

static const char *pool_col(struct pw_browse_pool *p, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	if (!t)
		return "";
	return pool_add(p, (const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

/* Column text as a malloc'd copy, "" instead of NULL so screens need no checks. */
static char *col_str(sqlite3_stmt *s, int i)
{
	char *v = store_col_strdup(s, i);
	return v ? v : xstrdup("");
}

/* The schema's CHECK allows only the four names; anything else reads as blue. */
static enum pw_colour risk_col(sqlite3_stmt *s, int i)
{
	enum pw_colour c;
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t && pw_colour_parse(t, &c) == 0 ? c : PW_BLUE;
}

/* ---- enterprise list ------------------------------------------------- */

int store_browse_enterprises(struct pw_store *st, struct pw_ent_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT id, code, name, industry, zone, principal, phone, risk, risk_score"
		" FROM enterprises ORDER BY code");
	if (!s)
		return -1;
	size_t cap = 256;
	out->rows = xmalloc(cap * sizeof *out->rows);
	out->pool = xcalloc(1, sizeof *out->pool);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap *= 2;
			out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
		}
		struct pw_ent_row *r = &out->rows[out->n++];
		r->id = sqlite3_column_int64(s, 0);
		r->code = pool_col(out->pool, s, 1);
		r->name = pool_col(out->pool, s, 2);
		r->industry = pool_col(out->pool, s, 3);
		r->zone = pool_col(out->pool, s, 4);
		r->principal = pool_col(out->pool, s, 5);
		r->phone = pool_col(out->pool, s, 6);
		r->risk = risk_col(s, 7);
		r->score = sqlite3_column_double(s, 8);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_browse_enterprises_free(out);
		return store_fail(st, "list enterprises");
	}
	return 0;
}

void store_browse_enterprises_free(struct pw_ent_list *l)
{
	if (!l)
		return;
	free(l->rows);
	pool_free(l->pool);
	memset(l, 0, sizeof *l);
}

int store_browse_enterprises_stamp(struct pw_store *st, uint64_t *stamp)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT count(*), coalesce(max(updated_at), 0), total(risk_score),"
		" coalesce(max(id), 0) FROM enterprises");
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, "enterprises fingerprint");
	}
	/* FNV-1a over the four values: any insert, delete or update moves it. */
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < 4; i++) {
		uint64_t v = i == 2 ? (uint64_t)(sqlite3_column_double(s, i) * 1000.0)
		                    : (uint64_t)sqlite3_column_int64(s, i);
		for (int b = 0; b < 8; b++) {
			h ^= (v >> (8 * b)) & 0xff;
			h *= 1099511628211ull;
		}
	}
	sqlite3_reset(s);
	*stamp = h;
	return 0;
}

/* ---- enterprise card ------------------------------------------------- */

/* Grow *arr (element size SZ) so index *n is valid; returns the new slot zeroed. */
static void *grow(void *arrp, size_t *n, size_t sz)
{
	void **arr = arrp;
	*arr = xrealloc(*arr, (*n + 1) * sz);
	void *slot = (char *)*arr + *n * sz;
	memset(slot, 0, sz);
	(*n)++;
	return slot;
}

static int card_header(struct pw_store *st, const char *code, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT e.id, e.code, e.name, e.industry, e.zone, e.grid, e.address, e.ownership,"
		" e.size, e.principal, e.phone, e.safety_officer, e.safety_phone, e.employees,"
		" e.risk, e.risk_score, coalesce(r.reasons, '')"
		" FROM enterprises e LEFT JOIN risk_scores r ON r.enterprise_id = e.id"
		" WHERE e.code = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return PW_STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, "read enterprise");
	}
	c->id = sqlite3_column_int64(s, 0);
	char **f[] = {&c->code, &c->name, &c->industry, &c->zone, &c->grid, &c->address,
	              &c->ownership, &c->size, &c->principal, &c->phone, &c->safety_officer,
	              &c->safety_phone};
	for (size_t i = 0; i < PW_ARRAY_LEN(f); i++)
		*f[i] = col_str(s, (int)i + 1);
	c->employees = sqlite3_column_type(s, 13) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 13);
	c->risk = risk_col(s, 14);
	c->score = sqlite3_column_double(s, 15);
	c->risk_reasons = col_str(s, 16);
	sqlite3_reset(s);
	return 0;
}

static int card_contacts(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT name, role, phone, emergency FROM contacts WHERE enterprise_id = ?1"
		" ORDER BY emergency, id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_contact *x = grow(&c->contacts, &c->n_contacts, sizeof *x);
		x->name = col_str(s, 0);
		x->role = col_str(s, 1);
		x->phone = col_str(s, 2);
		x->emergency = sqlite3_column_int(s, 3) != 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read contacts");
}

static int card_places(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT category, name, location FROM key_places WHERE enterprise_id = ?1 ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_place *x = grow(&c->places, &c->n_places, sizeof *x);
		x->category = col_str(s, 0);
		x->name = col_str(s, 1);
		x->location = col_str(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read key places");
}

static int card_chems(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT name, cas, storage, quantity_t, threshold_t FROM chemicals"
		" WHERE enterprise_id = ?1 ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_chem *x = grow(&c->chems, &c->n_chems, sizeof *x);
		x->name = col_str(s, 0);
		x->cas = col_str(s, 1);
		x->storage = col_str(s, 2);
		x->quantity_t = sqlite3_column_double(s, 3);
		x->threshold_t = sqlite3_column_type(s, 4) == SQLITE_NULL ? 0 : sqlite3_column_double(s, 4);
		if (x->threshold_t > 0) {
			x->ratio = x->quantity_t / x->threshold_t;
			c->qq_sum += x->ratio;
		}
	}
	sqlite3_reset(s);
	c->major_hazard = c->qq_sum >= 1.0;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read chemicals");
}

static int card_certs(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT holder, kind, number, expires FROM certificates WHERE enterprise_id = ?1"
		" ORDER BY expires, id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_cert *x = grow(&c->certs, &c->n_certs, sizeof *x);
		x->holder = col_str(s, 0);
		x->kind = col_str(s, 1);
		x->number = col_str(s, 2);
		x->expires = col_str(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read certificates");
}

static int card_materials(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT name, qty, unit, location FROM materials WHERE enterprise_id = ?1 ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_material *x = grow(&c->materials, &c->n_materials, sizeof *x);
		x->name = col_str(s, 0);
		x->qty = sqlite3_column_int64(s, 1);
		x->unit = col_str(s, 2);
		x->location = col_str(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read materials");
}

static int card_personnel(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT name, role, phone FROM personnel WHERE enterprise_id = ?1 ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_person *x = grow(&c->personnel, &c->n_personnel, sizeof *x);
		x->name = col_str(s, 0);
		x->role = col_str(s, 1);
		x->phone = col_str(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read personnel");
}

static int card_sensors(struct pw_store *st, struct pw_card *c)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT code, kind, unit, direction, location, state, l1, l2, last_value, last_ts,"
		" online, in_service FROM sensors WHERE enterprise_id = ?1 ORDER BY code");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pw_card_sensor *x = grow(&c->sensors, &c->n_sensors, sizeof *x);
		x->code = col_str(s, 0);
		x->kind = col_str(s, 1);
		x->unit = col_str(s, 2);
		x->direction = col_str(s, 3);
		x->location = col_str(s, 4);
		x->state = col_str(s, 5);
		x->has_l1 = sqlite3_column_type(s, 6) != SQLITE_NULL;
		x->l1 = sqlite3_column_double(s, 6);
		x->has_l2 = sqlite3_column_type(s, 7) != SQLITE_NULL;
		x->l2 = sqlite3_column_double(s, 7);
		x->has_value = sqlite3_column_type(s, 8) != SQLITE_NULL;
		x->last_value = sqlite3_column_double(s, 8);
		x->last_ts = sqlite3_column_int64(s, 9);
		x->online = sqlite3_column_type(s, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 10);
		x->in_service = sqlite3_column_int(s, 11) != 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read sensors");
}

int store_browse_card(struct pw_store *st, const char *code, struct pw_card **out)
{
	*out = NULL;
	struct pw_card *c = xcalloc(1, sizeof *c);
	int rc = card_header(st, code, c);
	if (rc == 0)
		rc = card_contacts(st, c);
	if (rc == 0)
		rc = card_places(st, c);
	if (rc == 0)
		rc = card_chems(st, c);
	if (rc == 0)
		rc = card_certs(st, c);
	if (rc == 0)
		rc = card_materials(st, c);
	if (rc == 0)
		rc = card_personnel(st, c);
	if (rc == 0)
		rc = card_sensors(st, c);
	if (rc != 0) {
		store_browse_card_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void store_browse_card_free(struct pw_card *c)
{
	if (!c)
		return;
	char *hdr[] = {c->code, c->name, c->industry, c->zone, c->grid, c->address, c->ownership,
	               c->size, c->principal, c->phone, c->safety_officer, c->safety_phone,
	               c->risk_reasons};
	for (size_t i = 0; i < PW_ARRAY_LEN(hdr); i++)
		free(hdr[i]);
	for (size_t i = 0; i < c->n_contacts; i++) {
		free(c->contacts[i].name);
		free(c->contacts[i].role);
		free(c->contacts[i].phone);
	}
	for (size_t i = 0; i < c->n_places; i++) {
		free(c->places[i].category);
		free(c->places[i].name);
		free(c->places[i].location);
	}
	for (size_t i = 0; i < c->n_chems; i++) {
		free(c->chems[i].name);
		free(c->chems[i].cas);
		free(c->chems[i].storage);
	}
	for (size_t i = 0; i < c->n_certs; i++) {
		free(c->certs[i].holder);
		free(c->certs[i].kind);
		free(c->certs[i].number);
		free(c->certs[i].expires);
	}
	for (size_t i = 0; i < c->n_materials; i++) {
		free(c->materials[i].name);
		free(c->materials[i].unit);
		free(c->materials[i].location);
	}
	for (size_t i = 0; i < c->n_personnel; i++) {
		free(c->personnel[i].name);
		free(c->personnel[i].role);
		free(c->personnel[i].phone);
	}
	for (size_t i = 0; i < c->n_sensors; i++) {
		struct pw_card_sensor *x = &c->sensors[i];
		free(x->code);
		free(x->kind);
		free(x->unit);
		free(x->direction);
		free(x->location);
		free(x->state);
	}
	free(c->contacts);
	free(c->places);
	free(c->chems);
	free(c->certs);
	free(c->materials);
	free(c->personnel);
	free(c->sensors);
	free(c);
}

/* ---- overview -------------------------------------------------------- */

/* Run a statement returning one row of integers into OUT[0..n). */
static int one_row(struct pw_store *st, sqlite3_stmt *s, int64_t *const *out, int n, const char *what)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			*out[i] = sqlite3_column_int64(s, i);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, what);
}

/* Zone name -> its row in o->zones (few zones: a linear search is enough). */
static struct pw_overview_zone *zone_slot(struct pw_overview *o, const char *zone)
{
	for (size_t i = 0; i < o->n_zones; i++)
		if (strcmp(o->zones[i].zone, zone) == 0)
			return &o->zones[i];
	struct pw_overview_zone *z = grow(&o->zones, &o->n_zones, sizeof *z);
	z->zone = xstrdup(zone);
	return z;
}

static int zone_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pw_overview_zone *)a)->zone, ((const struct pw_overview_zone *)b)->zone);
}

/*
 * Counted here rather than with GROUP BY: reading two columns of 10,000 rows
 * and counting in C is several times faster than SQLite's sorter, and the
 * overview is the first screen an operator waits for.
 */
static int overview_zones(struct pw_store *st, struct pw_overview *o)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT zone, risk FROM enterprises");
	if (!s)
		return -1;
	int rc;
	struct pw_overview_zone *last = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *zone = (const char *)sqlite3_column_text(s, 0);
		if (!zone)
			zone = "";
		if (!last || strcmp(last->zone, zone) != 0)
			last = zone_slot(o, zone);
		enum pw_colour r = risk_col(s, 1);
		last->by_risk[r]++;
		last->total++;
		o->by_risk[r]++;
		o->enterprises++;
	}
	sqlite3_reset(s);
	if (o->n_zones > 1)
		qsort(o->zones, o->n_zones, sizeof *o->zones, zone_cmp);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "count enterprises by zone");
}

/* Sensors by service, link and state, counted here for the same reason. */
static int overview_sensors(struct pw_store *st, struct pw_overview *o)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT in_service, online, state FROM sensors");
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o->sensors++;
		if (sqlite3_column_int(s, 0) == 0) {
			o->sensors_oos++;
			continue;
		}
		if (sqlite3_column_type(s, 1) == SQLITE_NULL)
			o->sensors_unknown++;
		else if (sqlite3_column_int(s, 1))
			o->sensors_online++;
		else
			o->sensors_offline++;
		const char *state = (const char *)sqlite3_column_text(s, 2);
		if (state && (!strcmp(state, "l1") || !strcmp(state, "l2") || !strcmp(state, "alarm")))
			o->sensors_in_alarm++;
		else if (state && !strcmp(state, "fault"))
			o->sensors_fault++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "count sensors");
}

static int overview_hazards(struct pw_store *st, const char *today, struct pw_overview *o)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT count(*), coalesce(sum(grade = 'major'), 0),"
		" coalesce(sum(deadline IS NOT NULL AND deadline < ?1 AND status <> 'verified'), 0)"
		" FROM hazards WHERE status <> 'closed'");
	if (!s)
		return -1;
	store_bind_text(s, 1, today);
	int64_t *const out[] = {&o->hazards_open, &o->hazards_open_major, &o->hazards_overdue};
	return one_row(st, s, out, 3, "count hazards");
}

static int overview_certs(struct pw_store *st, const char *today, const char *soon,
                          struct pw_overview *o)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT (SELECT count(*) FROM certificates WHERE expires < ?1),"
		" (SELECT count(*) FROM certificates WHERE expires >= ?1 AND expires <= ?2)");
	if (!s)
		return -1;
	store_bind_text(s, 1, today);
	store_bind_text(s, 2, soon);
	int64_t *const out[] = {&o->certs_expired, &o->certs_expiring};
	return one_row(st, s, out, 2, "count certificates");
}

static int overview_rescue(struct pw_store *st, struct pw_overview *o)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT (SELECT count(*) FROM teams),"
		" (SELECT count(DISTINCT team_id) FROM members WHERE status = 'available'),"
		" (SELECT count(*) FROM members),"
		" (SELECT count(*) FROM members WHERE status = 'available'),"
		" (SELECT count(*) FROM equipment),"
		" (SELECT count(*) FROM equipment WHERE qty < min_qty)");
	if (!s)
		return -1;
	int64_t *const out[] = {&o->teams, &o->teams_available, &o->members, &o->members_available,
	                        &o->equipment_items, &o->equipment_short};
	return one_row(st, s, out, 6, "count rescue force");
}

static int overview_major(struct pw_store *st, struct pw_overview *o)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT count(*) FROM (SELECT enterprise_id FROM chemicals WHERE threshold_t > 0"
		" GROUP BY enterprise_id HAVING sum(quantity_t / threshold_t) >= 1)");
	if (!s)
		return -1;
	int64_t *const out[] = {&o->major_sources};
	return one_row(st, s, out, 1, "count major hazard sources");
}

int store_browse_overview(struct pw_store *st, const char *today, const char *soon,
                          struct pw_overview *o)
{
	memset(o, 0, sizeof *o);
	int rc = overview_zones(st, o);
	if (rc == 0)
		rc = overview_sensors(st, o);
	if (rc == 0)
		rc = overview_hazards(st, today, o);
	if (rc == 0)
		rc = overview_certs(st, today, soon, o);
	if (rc == 0)
		rc = overview_rescue(st, o);
	if (rc == 0)
		rc = overview_major(st, o);
	if (rc != 0)
		store_browse_overview_free(o);
	return rc;
}

void store_browse_overview_free(struct pw_overview *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n_zones; i++)
		free(o->zones[i].zone);
	free(o->zones);
	memset(o, 0, sizeof *o);
}
