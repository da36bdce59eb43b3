/*
 * linkage.c - reading incidents and the linkage picture: the enterprise,
 * live readings around the point, the wind and the downwind sector, the
 * rescue force, regulations and the dispatch timeline; see
 * store_incidents.h.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/geo.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/store_regs.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define TREND_BACK_MS (60 * 1000)  /* a trend compares with the reading a minute earlier */

/* Grow *V (element size SZ) so index *N is valid; returns the new element, zeroed. */
static void *grow(void *pv, size_t *n, size_t *cap, size_t sz)
{
	void **v = pv;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = xrealloc(*v, *cap * sz);
	}
	char *e = (char *)*v + (*n)++ * sz;
	memset(e, 0, sz);
	return e;
}

/* ---- incidents ----------------------------------------------------------- */

#define INCIDENT_COLS \
	"SELECT i.id, i.type, i.severity, i.status, e.code, e.name, coalesce(i.alarm_id, 0), " \
	"i.location, i.summary, i.opened_by, i.opened_at, coalesce(i.closed_at, 0), " \
	"(SELECT count(*) FROM dispatches d WHERE d.incident_id = i.id AND d.cleared_at IS NULL) " \
	"FROM incidents i LEFT JOIN enterprises e ON e.id = i.enterprise_id "

static void incident_row(sqlite3_stmt *s, struct store_incident *i)
{
	i->id = sqlite3_column_int64(s, 0);
	if (pw_incident_type_parse((const char *)sqlite3_column_text(s, 1), &i->type) < 0)
		i->type = PW_INC_OTHER;
	i->severity = sqlite3_column_int(s, 2);
	if (pw_incident_status_parse((const char *)sqlite3_column_text(s, 3), &i->status) < 0)
		i->status = PW_INC_PENDING;
	i->enterprise_code = store_col_strdup(s, 4);
	i->enterprise_name = store_col_strdup(s, 5);
	i->alarm_id = sqlite3_column_int64(s, 6);
	i->location = store_col_strdup(s, 7);
	i->summary = store_col_strdup(s, 8);
	i->opened_by = store_col_strdup(s, 9);
	i->opened_at = sqlite3_column_int64(s, 10);
	i->closed_at = sqlite3_column_int64(s, 11);
	i->units_out = sqlite3_column_int(s, 12);
}

void store_incident_clear(struct store_incident *i)
{
	if (!i)
		return;
	free(i->enterprise_code);
	free(i->enterprise_name);
	free(i->location);
	free(i->summary);
	free(i->opened_by);
	memset(i, 0, sizeof *i);
}

void store_incident_list_free(struct store_incident_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_incident_clear(&l->v[i]);
	if (l) {
		free(l->v);
		l->v = NULL;
		l->n = 0;
	}
}

int store_incident_list(struct pw_store *st, struct store_incident_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, INCIDENT_COLS "ORDER BY i.status = 'closed', i.id DESC");
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		incident_row(s, grow(&out->v, &out->n, &cap, sizeof *out->v));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_incident_list_free(out);
		return store_fail(st, "read incidents");
	}
	return 0;
}

int store_incident_get(struct pw_store *st, int64_t id, struct store_incident *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, INCIDENT_COLS "WHERE i.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		incident_row(s, out);
	sqlite3_reset(s);
	return store_lookup_rc(st, rc, "read incident", "no incident %" PRId64, id);
}

/* ---- timeline ------------------------------------------------------------ */

static int64_t col_ms(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, i);
}

static int load_dispatches(struct pw_store *st, int64_t inc, struct store_linkage *l)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT d.id, t.code, t.name, coalesce(d.member_id, 0), m.name, m.role, m.phone, "
		"d.dispatched_at, d.en_route_at, d.on_scene_at, d.cleared_at, d.operator FROM dispatches d "
		"LEFT JOIN teams t ON t.id = d.team_id LEFT JOIN members m ON m.id = d.member_id "
		"WHERE d.incident_id = ?1 ORDER BY d.dispatched_at, d.id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, inc);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_dispatch *d = grow(&l->dispatches, &l->ndispatches, &cap, sizeof *d);
		d->id = sqlite3_column_int64(s, 0);
		d->team_code = store_col_strdup(s, 1);
		d->team_name = store_col_strdup(s, 2);
		d->member_id = sqlite3_column_int64(s, 3);
		d->member_name = store_col_strdup(s, 4);
		d->member_role = store_col_strdup(s, 5);
		d->member_phone = store_col_strdup(s, 6);
		d->dispatched_at = col_ms(s, 7);
		d->en_route_at = col_ms(s, 8);
		d->on_scene_at = col_ms(s, 9);
		d->cleared_at = col_ms(s, 10);
		d->operator_name = store_col_strdup(s, 11);
		d->stage = d->cleared_at ? PW_DSP_CLEARED : d->on_scene_at ? PW_DSP_ON_SCENE
		         : d->en_route_at ? PW_DSP_EN_ROUTE : PW_DSP_DISPATCHED;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "read dispatches");
	s = store_stmt(st, "SELECT ts, operator, kind, text FROM incident_log WHERE incident_id = ?1 "
	                   "ORDER BY ts, id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, inc);
	cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_incident_logrow *r = grow(&l->log, &l->nlog, &cap, sizeof *r);
		r->ts = sqlite3_column_int64(s, 0);
		r->operator_name = store_col_strdup(s, 1);
		r->kind = store_col_strdup(s, 2);
		r->text = store_col_strdup(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read incident log");
}

/* Equipment loaned to incident INC. */
static int load_loans(struct pw_store *st, int64_t inc, struct store_linkage *l)
{
	size_t cap = 0;
	int rc;
	sqlite3_stmt *s = store_stmt(st, "SELECT l.id, q.code, q.name, l.borrower, l.qty, l.out_at, "
	                                 "l.returned_at FROM loans l JOIN equipment q ON q.id = l.equipment_id "
	                                 "WHERE l.incident_id = ?1 ORDER BY l.out_at, l.id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, inc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_link_loan *x = grow(&l->loans, &l->nloans, &cap, sizeof *x);
		x->id = sqlite3_column_int64(s, 0);
		x->equipment_code = store_col_strdup(s, 1);
		x->equipment = store_col_strdup(s, 2);
		x->borrower = store_col_strdup(s, 3);
		x->qty = sqlite3_column_int(s, 4);
		x->out_at = col_ms(s, 5);
		x->returned_at = col_ms(s, 6);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read loans");
}

/* ---- the point, readings ---------------------------------------------- */

/* The point: the incident's alarm sensor when it has coordinates, else the enterprise. */
static int load_point(struct pw_store *st, int64_t alarm_id, const char *ent, struct store_linkage *l)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT coalesce(s.lat, e.lat), coalesce(s.lon, e.lon) FROM enterprises e "
		"LEFT JOIN alarms a ON a.id = ?1 AND a.enterprise_id = e.id "
		"LEFT JOIN sensors s ON s.id = a.sensor_id WHERE e.code = ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, alarm_id);
	store_bind_text(s, 2, ent);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL &&
	    sqlite3_column_type(s, 1) != SQLITE_NULL) {
		l->has_point = true;
		l->lat = sqlite3_column_double(s, 0);
		l->lon = sqlite3_column_double(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "read coordinates");
}

static void reading_row(sqlite3_stmt *s, struct store_link_reading *r)
{
	r->sensor_code = store_col_strdup(s, 0);
	r->enterprise_code = store_col_strdup(s, 1);
	r->kind = store_col_strdup(s, 2);
	r->unit = store_col_strdup(s, 3);
	r->state = store_col_strdup(s, 4);
	r->location = store_col_strdup(s, 5);
	r->has_value = sqlite3_column_type(s, 6) != SQLITE_NULL;
	r->value = sqlite3_column_double(s, 6);
	r->ts = col_ms(s, 7);
	r->has_l1 = sqlite3_column_type(s, 8) != SQLITE_NULL;
	r->l1 = sqlite3_column_double(s, 8);
	r->distance_m = -1;
}

static void reading_free(struct store_link_reading *r)
{
	free(r->sensor_code);
	free(r->enterprise_code);
	free(r->kind);
	free(r->unit);
	free(r->state);
	free(r->location);
}

static int cmp_distance(const void *a, const void *b)
{
	const struct store_link_reading *x = a, *y = b;
	return (x->distance_m > y->distance_m) - (x->distance_m < y->distance_m);
}

/* Other enterprises' sensors with coordinates; keep the NEAREST closest to the point. */
static int load_nearest(struct pw_store *st, const char *ent, size_t nearest, struct store_linkage *l,
                        size_t *cap)
{
	if (!l->has_point || nearest == 0)
		return 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT s.code, e.code, s.kind, s.unit, s.state, s.location, s.last_value, s.last_ts, s.l1, "
		"s.lat, s.lon FROM sensors s JOIN enterprises e ON e.id = s.enterprise_id "
		"WHERE e.code <> ?1 AND s.lat IS NOT NULL AND s.lon IS NOT NULL AND s.in_service = 1");
	if (!s)
		return -1;
	store_bind_text(s, 1, ent);
	struct store_link_reading *all = NULL;
	size_t n = 0, acap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double d = pw_geo_distance_m(l->lat, l->lon, sqlite3_column_double(s, 9),
		                             sqlite3_column_double(s, 10));
		struct store_link_reading *r = grow(&all, &n, &acap, sizeof *r);
		reading_row(s, r);
		r->distance_m = d;
	}
	sqlite3_reset(s);
	if (n > 1)
		qsort(all, n, sizeof *all, cmp_distance);
	for (size_t i = 0; i < n; i++) {
		if (i < nearest)
			*(struct store_link_reading *)grow(&l->readings, &l->nreadings, cap, sizeof *all) = all[i];
		else
			reading_free(&all[i]);
	}
	free(all);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read nearby sensors");
}

/* The trend of every reading: its last value against the reading a minute before. */
static int load_trends(struct pw_store *st, struct store_linkage *l)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT r.value FROM readings r JOIN sensors s ON s.id = r.sensor_id "
	                                 "WHERE s.code = ?1 AND r.ts <= ?2 ORDER BY r.ts DESC LIMIT 1");
	if (!s)
		return -1;
	for (size_t i = 0; i < l->nreadings; i++) {
		struct store_link_reading *r = &l->readings[i];
		if (!r->has_value || !r->ts)
			continue;
		sqlite3_reset(s);
		store_bind_text(s, 1, r->sensor_code);
		sqlite3_bind_int64(s, 2, r->ts - TREND_BACK_MS);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			r->trend = pw_reading_trend(sqlite3_column_double(s, 0), r->value, r->has_l1 ? r->l1 : 0);
		else if (rc != SQLITE_DONE)
			return store_fail(st, "read trend");
	}
	sqlite3_reset(s);
	return 0;
}

static int load_readings(struct pw_store *st, const char *ent, size_t nearest, struct store_linkage *l)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT s.code, e.code, s.kind, s.unit, s.state, s.location, s.last_value, s.last_ts, s.l1, "
		"s.lat, s.lon FROM sensors s JOIN enterprises e ON e.id = s.enterprise_id "
		"WHERE e.code = ?1 ORDER BY s.code");
	if (!s)
		return -1;
	store_bind_text(s, 1, ent);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_link_reading *r = grow(&l->readings, &l->nreadings, &cap, sizeof *r);
		reading_row(s, r);
		r->own = true;
		if (l->has_point && sqlite3_column_type(s, 9) != SQLITE_NULL)
			r->distance_m = pw_geo_distance_m(l->lat, l->lon, sqlite3_column_double(s, 9),
			                                  sqlite3_column_double(s, 10));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "read sensors");
	if (load_nearest(st, ent, nearest, l, &cap) < 0)
		return -1;
	return load_trends(st, l);
}

/* ---- wind and the downwind sector ------------------------------------- */

static int station_point(struct pw_store *st, const char *code, double *lat, double *lon)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT lat, lon FROM stations WHERE code = ?1 "
	                                 "AND lat IS NOT NULL AND lon IS NOT NULL");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*lat = sqlite3_column_double(s, 0);
		*lon = sqlite3_column_double(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? PW_STORE_NOTFOUND : store_fail(st, "read station");
}

/* Use the nearest station that has reported (the first that has, when none has coordinates). */
static int pick_wind(struct pw_store *st, struct store_linkage *l)
{
	if (store_live_wind(st, &l->winds) < 0)
		return -1;
	l->wind_station = -1;
	l->wind_station_m = -1;
	for (size_t i = 0; i < l->winds.n; i++) {
		if (!l->winds.v[i].has_sample)
			continue;
		double lat = 0, lon = 0;
		int rc = l->has_point ? station_point(st, l->winds.v[i].station_code, &lat, &lon)
		                      : PW_STORE_NOTFOUND;
		if (rc < 0)
			return -1;
		double d = rc == 0 ? pw_geo_distance_m(l->lat, l->lon, lat, lon) : -1;
		if (l->wind_station < 0 || (d >= 0 && (l->wind_station_m < 0 || d < l->wind_station_m))) {
			l->wind_station = (long)i;
			l->wind_station_m = d;
		}
	}
	return 0;
}

static int cmp_downwind(const void *a, const void *b)
{
	const struct store_link_downwind *x = a, *y = b;
	return (x->distance_m > y->distance_m) - (x->distance_m < y->distance_m);
}

static int load_downwind(struct pw_store *st, const char *ent, struct store_linkage *l)
{
	if (!l->has_point || l->wind_station < 0)
		return 0;
	double from = l->winds.v[l->wind_station].dir_deg;
	sqlite3_stmt *s = store_stmt(st, "SELECT code, name, risk, lat, lon FROM enterprises "
	                                 "WHERE code <> ?1 AND lat IS NOT NULL AND lon IS NOT NULL");
	if (!s)
		return -1;
	store_bind_text(s, 1, ent ? ent : "");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double lat = sqlite3_column_double(s, 3), lon = sqlite3_column_double(s, 4), d = 0;
		if (!pw_wind_downwind(from, l->lat, l->lon, lat, lon, l->downwind_km * 1000.0,
		                      l->half_angle_deg, &d))
			continue;
		struct store_link_downwind *w = grow(&l->downwind, &l->ndownwind, &cap, sizeof *w);
		w->code = store_col_strdup(s, 0);
		w->name = store_col_strdup(s, 1);
		w->risk = store_col_strdup(s, 2);
		w->distance_m = d;
		w->bearing_deg = pw_geo_bearing_deg(l->lat, l->lon, lat, lon);
	}
	sqlite3_reset(s);
	if (l->ndownwind > 1)
		qsort(l->downwind, l->ndownwind, sizeof *l->downwind, cmp_downwind);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read enterprises");
}

/* ---- regulations -------------------------------------------------------- */

struct reg_collect {
	struct store_linkage *l;
	size_t cap, limit, per_word, got;
	const char *word;
};

static int reg_hit(const struct store_reg_hit *h, void *ud)
{
	struct reg_collect *c = ud;
	for (size_t i = 0; i < c->l->nregs; i++)
		if (c->l->regs[i].article_id == h->article_id)
			return 0;
	struct store_link_reg *r = grow(&c->l->regs, &c->l->nregs, &c->cap, sizeof *r);
	r->article_id = h->article_id;
	r->title = xstrdup(h->title);
	r->label = xstrdup(h->label);
	r->snippet = xstrdup(h->snippet ? h->snippet : "");
	r->word = xstrdup(c->word);
	return ++c->got >= c->per_word || c->l->nregs >= c->limit;
}

static void search_word(struct pw_store *st, struct reg_collect *c, const char *word)
{
	if (c->l->nregs >= c->limit || !word || !*word)
		return;
	c->word = word;
	c->got = 0;
	/* Regulations are advice beside the picture: a word the search refuses
	 * (too long, odd characters in a chemical's name) just finds nothing. */
	(void)store_regs_search(st, word, 20, reg_hit, c);
}

/* By the incident type's words, the most specific first, then the chemicals stored most (q/Q). */
static void load_regs(struct pw_store *st, enum pw_incident_type type, size_t limit, struct store_linkage *l)
{
	struct reg_collect c = {.l = l, .limit = limit, .per_word = 2};
	const char *const *words = pw_incident_reg_words(type);
	search_word(st, &c, words[0]);
	if (l->card) {
		size_t best[2] = {SIZE_MAX, SIZE_MAX};
		for (size_t i = 0; i < l->card->n_chems; i++) {
			double q = l->card->chems[i].ratio;
			if (best[0] == SIZE_MAX || q > l->card->chems[best[0]].ratio) {
				best[1] = best[0];
				best[0] = i;
			} else if (best[1] == SIZE_MAX || q > l->card->chems[best[1]].ratio) {
				best[1] = i;
			}
		}
		for (size_t k = 0; k < 2; k++)
			if (best[k] != SIZE_MAX)
				search_word(st, &c, l->card->chems[best[k]].name);
	}
	for (size_t i = 1; words[i]; i++)
		search_word(st, &c, words[i]);
}

/* ---- the whole picture -------------------------------------------------- */

static int load_all(struct pw_store *st, int64_t incident_id, const char *ent_code,
                    const struct store_linkage_opts *o, int64_t now, struct store_linkage *l)
{
	const char *ent = ent_code;
	enum pw_incident_type type = PW_INC_OTHER;
	if (incident_id > 0) {
		int rc = store_incident_get(st, incident_id, &l->inc);
		if (rc != 0)
			return rc;
		l->has_incident = true;
		ent = l->inc.enterprise_code;
		type = l->inc.type;
	}
	if (ent) {
		int rc = store_browse_card(st, ent, &l->card);
		if (rc < 0)
			return -1;
		if (rc == PW_STORE_NOTFOUND && !l->has_incident) {
			store_failf(st, "no enterprise %s", ent);
			return PW_STORE_NOTFOUND;
		}
		if (load_point(st, l->inc.alarm_id, ent, l) < 0 ||
		    load_readings(st, ent, o && o->nearest ? o->nearest : 6, l) < 0)
			return -1;
	}
	if (pick_wind(st, l) < 0 || load_downwind(st, ent, l) < 0)
		return -1;
	if (store_rescue_load(st, now, &l->rescue) < 0)
		return -1;
	load_regs(st, type, o && o->regs ? o->regs : 6, l);
	if (!l->has_incident)
		return 0;
	return load_dispatches(st, incident_id, l) < 0 || load_loans(st, incident_id, l) < 0 ? -1 : 0;
}

int store_linkage_load(struct pw_store *st, int64_t incident_id, const char *enterprise_code,
                       const struct store_linkage_opts *o, int64_t now, struct store_linkage *out)
{
	memset(out, 0, sizeof *out);
	out->wind_station = -1;
	out->wind_station_m = -1;
	out->half_angle_deg = PW_DOWNWIND_HALF_ANGLE_DEG;
	out->downwind_km = o && o->downwind_km > 0 ? o->downwind_km : 2.0;
	if (incident_id <= 0 && !enterprise_code)
		return store_failf(st, "an incident or an enterprise is needed");
	if (store_begin(st, false) < 0)
		return -1;
	int rc = load_all(st, incident_id, enterprise_code, o, now, out);
	if (rc != 0) {
		struct store_saved_error why;
		store_error_save(st, &why);
		store_rollback(st);
		store_error_restore(st, &why);
		return rc;
	}
	return store_commit(st);
}

void store_linkage_free(struct store_linkage *l)
{
	if (!l)
		return;
	store_incident_clear(&l->inc);
	store_browse_card_free(l->card);
	for (size_t i = 0; i < l->nreadings; i++)
		reading_free(&l->readings[i]);
	free(l->readings);
	store_wind_list_free(&l->winds);
	for (size_t i = 0; i < l->ndownwind; i++) {
		free(l->downwind[i].code);
		free(l->downwind[i].name);
		free(l->downwind[i].risk);
	}
	free(l->downwind);
	store_rescue_free(&l->rescue);
	for (size_t i = 0; i < l->nregs; i++) {
		free(l->regs[i].title);
		free(l->regs[i].label);
		free(l->regs[i].snippet);
		free(l->regs[i].word);
	}
	free(l->regs);
	for (size_t i = 0; i < l->ndispatches; i++) {
		struct store_dispatch *d = &l->dispatches[i];
		free(d->team_code);
		free(d->team_name);
		free(d->member_name);
		free(d->member_role);
		free(d->member_phone);
		free(d->operator_name);
	}
	free(l->dispatches);
	for (size_t i = 0; i < l->nloans; i++) {
		free(l->loans[i].equipment_code);
		free(l->loans[i].equipment);
		free(l->loans[i].borrower);
	}
	free(l->loans);
	for (size_t i = 0; i < l->nlog; i++) {
		free(l->log[i].operator_name);
		free(l->log[i].kind);
		free(l->log[i].text);
	}
	free(l->log);
	memset(l, 0, sizeof *l);
}
