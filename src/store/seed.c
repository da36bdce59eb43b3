/*
 * seed.c - `parkwatch seed`: the demo park, in one transaction.
 *
 * This file holds the driver (store_seed), the shared helpers and the
 * enterprises with everything they own: contacts, key places and their
 * sensors, chemicals, certificates, emergency materials and personnel.
 * Inspections and hazards are in seed_ops.c, the rescue force in
 * seed_rescue.c, the vocabulary in seed_data.c.
 *
 * Speed matters (benchmarks seed 10,000 enterprises): one transaction,
 * cached prepared statements, no per-row queries, rows written in one pass.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parkwatch/regs.h"
#include "parkwatch/store_regs.h"
#include "parkwatch/store_risk.h"
#include "seed_private.h"

/* ---- helpers --------------------------------------------------------------- */

double seed_unit(struct seed *sd)
{
	return pw_rng_unit(&sd->rng);
}

int seed_range(struct seed *sd, int lo, int hi)
{
	return pw_rng_range(&sd->rng, lo, hi);
}

bool seed_chance(struct seed *sd, double p)
{
	return pw_rng_unit(&sd->rng) < p;
}

const char *seed_pick(struct seed *sd, const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return list[seed_range(sd, 0, (int)n - 1)];
}

void seed_person(struct seed *sd, char out[16])
{
	const char *sur = seed_pick(sd, seed_surnames);
	const char *given = seed_pick(sd, seed_given);
	snprintf(out, 16, "%s%s", sur, given);
}

void seed_phone(struct seed *sd, char out[16])
{
	snprintf(out, 16, STORE_SEED_PHONE_PREFIX "%04d", seed_range(sd, 0, 9999));
}

/* Local time HOUR:MINUTE on day0 + DAY_OFFSET (mktime handles month ends and DST). */
int64_t seed_local(const struct seed *sd, int day_offset, int hour, int minute)
{
	time_t t = (time_t)(sd->day0 / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday += day_offset;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

void seed_date(const struct seed *sd, int day_offset, char out[16])
{
	char buf[PW_TIME_BUFSZ];
	/* Noon keeps the date right whatever the zone's DST does. */
	snprintf(out, 16, "%s", pw_date_local(buf, seed_local(sd, day_offset, 12, 0)));
}

sqlite3_stmt *seed_stmt(struct seed *sd, const char *sql)
{
	if (sd->failed)
		return NULL;
	sqlite3_stmt *s = store_stmt(sd->st, sql);
	if (!s)
		sd->failed = true;
	return s;
}

int64_t seed_exec(struct seed *sd, sqlite3_stmt *s, const char *what)
{
	if (sd->failed || !s)
		return 0;
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(sd->st, what);
		sd->failed = true;
		return 0;
	}
	return sqlite3_last_insert_rowid(sd->st->db);
}

void seed_bind_opt_text(sqlite3_stmt *s, int i, const char *v)
{
	store_bind_text(s, i, v && *v ? v : NULL);
}

int seed_weighted(struct seed *sd, const int *w, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	int r = seed_range(sd, 0, total - 1);
	for (size_t i = 0; i < n; i++) {
		if (r < w[i])
			return (int)i;
		r -= w[i];
	}
	return (int)n - 1;
}

/* Round to 1e-6 degrees (~0.1 m) so dumps stay readable. */
static double round6(double v)
{
	return round(v * 1e6) / 1e6;
}

/* Offset (lat, lon) by KM_N north and KM_E east. */
static void offset_km(double *lat, double *lon, double km_n, double km_e)
{
	*lat += km_n / 111.0;
	*lon += km_e / (111.0 * cos(*lat * M_PI / 180.0));
}

/* ---- company names: unique, city + brand + business word + 有限公司 --------- */

struct seed_nameset {
	char **slot;
	size_t cap, n;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void nameset_grow(struct seed_nameset *ns);

/* Add S; false when it was already there. */
static bool nameset_add(struct seed_nameset *ns, const char *s)
{
	if ((ns->n + 1) * 2 > ns->cap)
		nameset_grow(ns);
	size_t i = fnv1a(s) & (ns->cap - 1);
	while (ns->slot[i]) {
		if (strcmp(ns->slot[i], s) == 0)
			return false;
		i = (i + 1) & (ns->cap - 1);
	}
	ns->slot[i] = xstrdup(s);
	ns->n++;
	return true;
}

static void nameset_grow(struct seed_nameset *ns)
{
	struct seed_nameset big = {xcalloc(ns->cap ? ns->cap * 2 : 1024, sizeof(char *)),
	                           ns->cap ? ns->cap * 2 : 1024, 0};
	for (size_t i = 0; i < ns->cap; i++) {
		if (!ns->slot[i])
			continue;
		size_t k = fnv1a(ns->slot[i]) & (big.cap - 1);
		while (big.slot[k])
			k = (k + 1) & (big.cap - 1);
		big.slot[k] = ns->slot[i];
		big.n++;
	}
	free(ns->slot);
	*ns = big;
}

static void nameset_free(struct seed_nameset *ns)
{
	for (size_t i = 0; i < ns->cap; i++)
		free(ns->slot[i]);
	free(ns->slot);
}

static void company_name(struct seed *sd, const struct seed_industry *ind, int size, char out[128])
{
	static const char *const cities[] = {"义乌市", "浙江", "金华"};
	static const int city_w[] = {70, 25, 5};
	for (int attempt = 0;; attempt++) {
		char brand[16];
		const char *a = seed_pick(sd, seed_brand_chars), *b = seed_pick(sd, seed_brand_chars);
		/* After many clashes (huge parks) a three-character brand always finds room. */
		snprintf(brand, sizeof brand, "%s%s%s", a, b, attempt >= 20 ? seed_pick(sd, seed_brand_chars) : "");
		if (strcmp(a, b) == 0)
			continue;
		const char *city = cities[seed_weighted(sd, city_w, 3)];
		const char *word = seed_pick(sd, ind->words);
		const char *form = size >= 2 && seed_chance(sd, 0.4) ? "股份有限公司" : "有限公司";
		snprintf(out, 128, "%s%s%s%s", city, brand, word, form);
		if (nameset_add(sd->names, out))
			return;
	}
}

/* ---- enterprises ---------------------------------------------------------------- */

static const int size_weights[] = {35, 45, 16, 4};
static const char *const size_codes[] = {"micro", "small", "medium", "large"};

static int employees_for(struct seed *sd, int size)
{
	double u = seed_unit(sd);
	switch (size) {
	case 0: return seed_range(sd, 5, 19);
	case 1: return 20 + (int)(80 * u * u);
	case 2: return 100 + (int)(900 * u * u);
	default: return 1000 + (int)(2000 * u);
	}
}

static int pick_industry(struct seed *sd)
{
	int w[32];
	for (size_t i = 0; i < seed_n_industries; i++)
		w[i] = seed_industries[i].per_mille;
	return seed_weighted(sd, w, seed_n_industries);
}

static int pick_zone(struct seed *sd)
{
	int w[16];
	for (size_t i = 0; i < seed_n_zones; i++)
		w[i] = seed_zones[i].per_cent;
	return seed_weighted(sd, w, seed_n_zones);
}

/* A position around the zone's centre, kept inside the park's radius. */
static void place_in_zone(struct seed *sd, int zone, double *lat, double *lon)
{
	double n = pw_rng_gauss(&sd->rng) * 0.7, e = pw_rng_gauss(&sd->rng) * 0.7;
	*lat = seed_zones[zone].lat;
	*lon = seed_zones[zone].lon;
	offset_km(lat, lon, n, e);
	double dn = (*lat - SEED_CENTRE_LAT) * 111.0;
	double de = (*lon - SEED_CENTRE_LON) * 111.0 * cos(SEED_CENTRE_LAT * M_PI / 180.0);
	double d = sqrt(dn * dn + de * de);
	if (d > SEED_RADIUS_KM - 0.2) {
		double k = (SEED_RADIUS_KM - 0.2) / d;
		*lat = SEED_CENTRE_LAT;
		*lon = SEED_CENTRE_LON;
		offset_km(lat, lon, dn * k, de * k);
	}
	*lat = round6(*lat);
	*lon = round6(*lon);
}

static void insert_enterprise(struct seed *sd, const struct seed_enterprise *e, const struct seed_industry *ind,
                              const char *phone, const char *safety_phone)
{
	sqlite3_stmt *s = seed_stmt(
		sd, "INSERT INTO enterprises(id, code, name, industry, zone, grid, address, principal, phone,"
		    " safety_officer, safety_phone, ownership, size, employees, lat, lon, created_at, updated_at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
	if (!s)
		return;
	char grid[48];
	snprintf(grid, sizeof grid, "%s第%d网格", seed_zones[e->zone].name, e->grid + 1);
	int64_t created = seed_local(sd, -seed_range(sd, 60, 2500), 9, seed_range(sd, 0, 59));
	int64_t updated = seed_local(sd, -seed_range(sd, 1, 45), seed_range(sd, 8, 17), seed_range(sd, 0, 59));
	sqlite3_bind_int64(s, 1, e->id);
	store_bind_text(s, 2, e->code);
	store_bind_text(s, 3, e->name);
	store_bind_text(s, 4, ind->name);
	store_bind_text(s, 5, seed_zones[e->zone].name);
	store_bind_text(s, 6, grid);
	store_bind_text(s, 7, e->address);
	store_bind_text(s, 8, e->principal);
	store_bind_text(s, 9, phone);
	store_bind_text(s, 10, e->safety);
	store_bind_text(s, 11, safety_phone);
	store_bind_text(s, 12, seed_ownerships[seed_weighted(sd, seed_ownership_weights, 6)]);
	store_bind_text(s, 13, size_codes[e->size]);
	sqlite3_bind_int(s, 14, e->employees);
	sqlite3_bind_double(s, 15, e->lat);
	sqlite3_bind_double(s, 16, e->lon);
	sqlite3_bind_int64(s, 17, created);
	sqlite3_bind_int64(s, 18, updated);
	seed_exec(sd, s, "write enterprise");
	sd->counts->enterprises++;
}

static void insert_contact(struct seed *sd, int64_t eid, const char *name, const char *role,
                           const char *phone, bool emergency)
{
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO contacts(enterprise_id, name, role, phone, emergency)"
	                                " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, eid);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, role);
	store_bind_text(s, 4, phone);
	sqlite3_bind_int(s, 5, emergency);
	seed_exec(sd, s, "write contact");
}

/* Sensors of one enterprise: codes like E0001-NH3-01, numbered per kind. */
struct sensor_ctx {
	const struct seed_enterprise *e;
	int per_kind[SK_COUNT];
};

static void add_sensor(struct seed *sd, struct sensor_ctx *sc, int64_t place_id, enum seed_sensor_kind k,
                       const char *where, double lat, double lon)
{
	static const char *const spots[] = {"东侧", "西侧", "入口处", "北墙", "南墙", "中部", "顶部", NULL};
	const struct seed_sensor_spec *sp = &seed_sensor_specs[k];
	sqlite3_stmt *s = seed_stmt(
		sd, "INSERT INTO sensors(code, enterprise_id, key_place_id, kind, unit, l1, l2, direction,"
		    " opposite_l1, deadband, on_delay_s, comm_timeout_s, location, lat, lon)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 300, ?12, ?13, ?14)");
	if (!s)
		return;
	char code[48], loc[160];
	snprintf(code, sizeof code, "%s-%s-%02d", sc->e->code, sp->abbr, ++sc->per_kind[k]);
	snprintf(loc, sizeof loc, "%s%s", where, seed_pick(sd, spots));
	double la = lat, lo = lon;
	offset_km(&la, &lo, (seed_unit(sd) - 0.5) * 0.03, (seed_unit(sd) - 0.5) * 0.03);
	store_bind_text(s, 1, code);
	sqlite3_bind_int64(s, 2, sc->e->id);
	if (place_id)
		sqlite3_bind_int64(s, 3, place_id);
	store_bind_text(s, 4, sp->kind);
	store_bind_text(s, 5, sp->unit);
	if (sp->has_limits) {
		sqlite3_bind_double(s, 6, sp->l1);
		sqlite3_bind_double(s, 7, sp->l2);
	}
	store_bind_text(s, 8, sp->low ? "low" : "high");
	if (sp->opposite_l1 > 0)
		sqlite3_bind_double(s, 9, sp->opposite_l1);
	sqlite3_bind_double(s, 10, sp->deadband);
	sqlite3_bind_int(s, 11, sp->on_delay_s);
	store_bind_text(s, 12, loc);
	sqlite3_bind_double(s, 13, round6(la));
	sqlite3_bind_double(s, 14, round6(lo));
	seed_exec(sd, s, "write sensor");
	sd->counts->sensors++;
}

/* Pits that hold sewage or waste water breed H2S; other confined spaces get CO. */
static bool sewage_like(const char *name)
{
	return strstr(name, "污水") || strstr(name, "化粪") || strstr(name, "废水") || strstr(name, "收集");
}

static void add_place_sensors(struct seed *sd, struct sensor_ctx *sc, int64_t pid, int cat, const char *name,
                              double lat, double lon, bool chlorine)
{
	int n;
	switch (cat) {
	case SP_AMMONIA:
		for (n = seed_range(sd, 2, 4); n > 0; n--)
			add_sensor(sd, sc, pid, SK_NH3, name, lat, lon);
		add_sensor(sd, sc, pid, SK_CAMERA, name, lat, lon);
		break;
	case SP_DUST:
		add_sensor(sd, sc, pid, SK_FLAME, name, lat, lon);
		add_sensor(sd, sc, pid, SK_CAMERA, name, lat, lon);
		break;
	case SP_SPRAY:
		for (n = seed_range(sd, 1, 3); n > 0; n--)
			add_sensor(sd, sc, pid, SK_LEL, name, lat, lon);
		add_sensor(sd, sc, pid, SK_SMOKE, name, lat, lon);
		break;
	case SP_HAZCHEM:
		for (n = seed_range(sd, 1, 2); n > 0; n--)
			add_sensor(sd, sc, pid, SK_LEL, name, lat, lon);
		if (chlorine)
			add_sensor(sd, sc, pid, SK_CL2, name, lat, lon);
		add_sensor(sd, sc, pid, SK_CAMERA, name, lat, lon);
		break;
	case SP_CONFINED:
		add_sensor(sd, sc, pid, SK_O2, name, lat, lon);
		add_sensor(sd, sc, pid, sewage_like(name) ? SK_H2S : SK_CO, name, lat, lon);
		if (seed_chance(sd, 0.3))
			add_sensor(sd, sc, pid, SK_LEL, name, lat, lon);
		break;
	case SP_LITHIUM:
		for (n = seed_range(sd, 1, 2); n > 0; n--)
			add_sensor(sd, sc, pid, SK_SMOKE, name, lat, lon);
		add_sensor(sd, sc, pid, SK_FLAME, name, lat, lon);
		add_sensor(sd, sc, pid, SK_CAMERA, name, lat, lon);
		break;
	}
}

struct place_row {
	int64_t id;
	int cat;
	const char *name;
	double lat, lon;
};

static int insert_places(struct seed *sd, struct seed_enterprise *e, const struct seed_industry *ind,
                         struct place_row *rows)
{
	static const char *const where[] = {"1号车间", "2号车间", "厂区东侧", "厂区西北角", "综合楼负一层",
	                                    "仓储区", "3号厂房", NULL};
	int n = 0;
	for (const struct seed_place_spec *ps = ind->places; ps->place >= 0; ps++) {
		if (!seed_chance(sd, ps->p))
			continue;
		struct place_row *r = &rows[n++];
		r->cat = ps->place;
		r->name = ps->name;
		r->lat = e->lat;
		r->lon = e->lon;
		offset_km(&r->lat, &r->lon, (seed_unit(sd) - 0.5) * 0.12, (seed_unit(sd) - 0.5) * 0.12);
		r->lat = round6(r->lat);
		r->lon = round6(r->lon);
		e->places |= 1u << ps->place;
		sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO key_places(enterprise_id, category, name, location, lat, lon)"
		                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		if (!s)
			return n;
		sqlite3_bind_int64(s, 1, e->id);
		store_bind_text(s, 2, seed_place_codes[ps->place]);
		store_bind_text(s, 3, ps->name);
		store_bind_text(s, 4, seed_pick(sd, where));
		sqlite3_bind_double(s, 5, r->lat);
		sqlite3_bind_double(s, 6, r->lon);
		r->id = seed_exec(sd, s, "write key place");
		sd->counts->key_places++;
	}
	return n;
}

/* Chemicals on site; returns whether chlorine is among them (it gets a Cl2 detector). */
static bool insert_chemicals(struct seed *sd, struct seed_enterprise *e, const struct seed_industry *ind)
{
	bool chlorine = false;
	for (const struct seed_chem_spec *cs = ind->chems; cs->chem >= 0; cs++) {
		if (cs->needs_place >= 0 && !(e->places & (1u << cs->needs_place)))
			continue;
		if (!seed_chance(sd, cs->p))
			continue;
		const struct seed_chemical *c = &seed_chemicals[cs->chem];
		/* Skewed towards the small end: most sites hold little, a few hold a lot. */
		double u = pow(seed_unit(sd), 1.5);
		double q = round((cs->min_t + (cs->max_t - cs->min_t) * u) * 100.0) / 100.0;
		sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO chemicals(enterprise_id, name, cas, quantity_t,"
		                                " threshold_t, storage) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		if (!s)
			return chlorine;
		sqlite3_bind_int64(s, 1, e->id);
		store_bind_text(s, 2, c->name);
		store_bind_text(s, 3, c->cas);
		sqlite3_bind_double(s, 4, q > 0 ? q : 0.01);
		if (c->threshold_t > 0)
			sqlite3_bind_double(s, 5, c->threshold_t);
		store_bind_text(s, 6, c->storage);
		seed_exec(sd, s, "write chemical");
		sd->counts->chemicals++;
		if (c->threshold_t > 0)
			e->qq += q / c->threshold_t;
		chlorine |= cs->chem == CH_CL2;
	}
	return chlorine;
}

/*
 * Special-operations certificates (valid six years): about 8 % expired and
 * 7 % expiring within 30 days, so the card's highlighting has work to do.
 */
static void insert_certificates(struct seed *sd, const struct seed_enterprise *e, const struct seed_industry *ind)
{
	static const int lo[] = {1, 2, 4, 8}, hi[] = {2, 4, 10, 20};
	for (int n = seed_range(sd, lo[e->size], hi[e->size]); n > 0; n--) {
		double u = seed_unit(sd);
		int days = u < 0.08 ? -seed_range(sd, 1, 400) : u < 0.15 ? seed_range(sd, 0, 30) : seed_range(sd, 31, 2000);
		char holder[16], number[48], expires[16], issued[32];
		seed_person(sd, holder);
		seed_date(sd, days, expires);
		snprintf(issued, sizeof issued, "%04d%.6s", atoi(expires) - 6, expires + 4);
		if (strcmp(issued + 4, "-02-29") == 0)
			memcpy(issued + 8, "28", 2);  /* a leap day six years back does not exist */
		snprintf(number, sizeof number, "T330782%.4s%06lld", issued, (long long)++sd->cert_seq);
		sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO certificates(enterprise_id, holder, kind, number,"
		                                " issued_date, expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		if (!s)
			return;
		sqlite3_bind_int64(s, 1, e->id);
		store_bind_text(s, 2, holder);
		store_bind_text(s, 3, seed_pick(sd, ind->certs));
		store_bind_text(s, 4, number);
		store_bind_text(s, 5, issued);
		store_bind_text(s, 6, expires);
		seed_exec(sd, s, "write certificate");
		sd->counts->certificates++;
	}
}

static void insert_material(struct seed *sd, int64_t eid, const char *name, int qty, const char *unit,
                            const char *location)
{
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO materials(enterprise_id, name, qty, unit, location)"
	                                " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, eid);
	store_bind_text(s, 2, name);
	sqlite3_bind_int(s, 3, qty);
	store_bind_text(s, 4, unit);
	store_bind_text(s, 5, location);
	seed_exec(sd, s, "write material");
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void insert_materials(struct seed *sd, const struct seed_enterprise *e)
{
	int staff = e->employees;
	insert_material(sd, e->id, "干粉灭火器（4kg）", clampi(staff / 5, 4, 200), "具", "各车间消防点");
	insert_material(sd, e->id, "消防水带", clampi(staff / 30, 2, 30), "盘", "室内消火栓箱");
	insert_material(sd, e->id, "应急照明灯", clampi(staff / 8, 4, 80), "盏", "疏散通道");
	insert_material(sd, e->id, "急救箱", clampi(staff / 50, 1, 10), "个", "门卫室");
	if (e->places & (1u << SP_AMMONIA)) {
		insert_material(sd, e->id, "正压式空气呼吸器", seed_range(sd, 2, 4), "套", "氨制冷机房外应急柜");
		insert_material(sd, e->id, "重型防化服", seed_range(sd, 2, 4), "套", "氨制冷机房外应急柜");
		insert_material(sd, e->id, "洗眼器", seed_range(sd, 1, 2), "台", "氨制冷机房门口");
	}
	if (e->places & (1u << SP_HAZCHEM)) {
		insert_material(sd, e->id, "吸附棉", seed_range(sd, 5, 30), "包", "危化品仓库应急柜");
		insert_material(sd, e->id, "防毒面具", seed_range(sd, 4, 12), "个", "危化品仓库应急柜");
	}
	if (e->places & (1u << SP_CONFINED)) {
		insert_material(sd, e->id, "便携式四合一气体检测仪", seed_range(sd, 1, 3), "台", "安全管理办公室");
		insert_material(sd, e->id, "三脚架救援装置", 1, "套", "安全管理办公室");
		insert_material(sd, e->id, "长管呼吸器", seed_range(sd, 1, 2), "套", "安全管理办公室");
	}
	if (e->places & (1u << SP_LITHIUM))
		insert_material(sd, e->id, "灭火毯", seed_range(sd, 4, 12), "块", "电池仓库门口");
	if (e->places & ((1u << SP_DUST) | (1u << SP_SPRAY)))
		insert_material(sd, e->id, "防爆工具", seed_range(sd, 1, 3), "套", "设备维修间");
}

static void insert_personnel(struct seed *sd, const struct seed_enterprise *e)
{
	static const int lo[] = {1, 2, 4, 8}, hi[] = {2, 4, 8, 12};
	static const char *const roles[] = {"义务消防员", "急救员", "兼职救援队员", NULL};
	int n = seed_range(sd, lo[e->size], hi[e->size]);
	for (int i = 0; i < n; i++) {
		char name[16], phone[16];
		seed_person(sd, name);
		seed_phone(sd, phone);
		sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO personnel(enterprise_id, name, role, phone)"
		                                " VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return;
		sqlite3_bind_int64(s, 1, e->id);
		store_bind_text(s, 2, name);
		store_bind_text(s, 3, i == 0 ? "应急队长" : seed_pick(sd, roles));
		store_bind_text(s, 4, phone);
		seed_exec(sd, s, "write personnel");
	}
}

/* The biggest risky enterprises keep their own fire brigade (seed_rescue.c). */
static void consider_fire_brigade(struct seed *sd, const struct seed_enterprise *e)
{
	unsigned risky = (1u << SP_AMMONIA) | (1u << SP_HAZCHEM) | (1u << SP_DUST);
	if (sd->n_fire < 2 && e->size >= 2 && (e->places & risky))
		sd->fire[sd->n_fire++] = *e;
}

static void make_enterprise(struct seed *sd, int index)
{
	struct seed_enterprise e = {.id = index + 1};
	int ind_i = pick_industry(sd);
	const struct seed_industry *ind = &seed_industries[ind_i];
	e.zone = pick_zone(sd);
	e.grid = seed_range(sd, 0, seed_zones[e.zone].grids - 1);
	e.size = seed_weighted(sd, size_weights, 4);
	e.employees = employees_for(sd, e.size);
	snprintf(e.code, sizeof e.code, "E%0*d", sd->code_width, index + 1);
	company_name(sd, ind, e.size, e.name);
	snprintf(e.address, sizeof e.address, "义乌经济开发区%s%s%d号", seed_zones[e.zone].name,
	         seed_pick(sd, seed_zones[e.zone].roads), seed_range(sd, 1, 999));
	place_in_zone(sd, e.zone, &e.lat, &e.lon);
	char phone[16], safety_phone[16], duty[16], duty_phone[16];
	seed_person(sd, e.principal);
	seed_phone(sd, phone);
	seed_person(sd, e.safety);
	seed_phone(sd, safety_phone);
	seed_person(sd, duty);
	seed_phone(sd, duty_phone);
	insert_enterprise(sd, &e, ind, phone, safety_phone);
	insert_contact(sd, e.id, e.principal, "主要负责人", phone, false);
	insert_contact(sd, e.id, e.safety, "安全管理员", safety_phone, true);
	insert_contact(sd, e.id, duty, "应急联系人（值班主管）", duty_phone, true);

	struct place_row places[8];
	int np = insert_places(sd, &e, ind, places);
	bool chlorine = insert_chemicals(sd, &e, ind);
	struct sensor_ctx sc = {.e = &e};
	for (int i = 0; i < np; i++)
		add_place_sensors(sd, &sc, places[i].id, places[i].cat, places[i].name, places[i].lat,
		                  places[i].lon, chlorine);
	/* Every enterprise is watched somewhere: the main workshop's smoke detector. */
	add_sensor(sd, &sc, 0, SK_SMOKE, "主生产车间", e.lat, e.lon);
	if (np == 0)
		add_sensor(sd, &sc, 0, SK_CAMERA, "厂区大门", e.lat, e.lon);
	insert_certificates(sd, &e, ind);
	insert_materials(sd, &e);
	insert_personnel(sd, &e);
	consider_fire_brigade(sd, &e);
	if (!sd->have_loan && (e.zone == 4 || index == 0)) {
		*sd->loan = e;
		sd->have_loan = e.zone == 4;
	}
	seed_enterprise_ops(sd, &e);
}

static void insert_reference(struct seed *sd)
{
	for (size_t i = 0; i < seed_n_zones; i++) {
		sqlite3_stmt *s = seed_stmt(sd, "INSERT OR IGNORE INTO zones(code, name, lat, lon) VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return;
		store_bind_text(s, 1, seed_zones[i].code);
		store_bind_text(s, 2, seed_zones[i].name);
		sqlite3_bind_double(s, 3, seed_zones[i].lat);
		sqlite3_bind_double(s, 4, seed_zones[i].lon);
		seed_exec(sd, s, "write zone");
	}
	for (size_t i = 0; i < seed_n_industries; i++) {
		sqlite3_stmt *s = seed_stmt(sd, "INSERT OR IGNORE INTO industries(code, name) VALUES (?1, ?2)");
		if (!s)
			return;
		store_bind_text(s, 1, seed_industries[i].code);
		store_bind_text(s, 2, seed_industries[i].name);
		seed_exec(sd, s, "write industry");
	}
}

void seed_enterprises(struct seed *sd)
{
	insert_reference(sd);
	for (int i = 0; i < sd->opt->enterprises && !sd->failed; i++)
		make_enterprise(sd, i);
}

/* ---- the driver ------------------------------------------------------------------ */

static int64_t count_rows(struct seed *sd, const char *sql)
{
	sqlite3_stmt *s = seed_stmt(sd, sql);
	if (!s)
		return -1;
	int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (n < 0) {
		store_fail(sd->st, "count rows");
		sd->failed = true;
	}
	return n;
}

static void import_regs(struct seed *sd)
{
	for (size_t i = 0; i < sd->opt->n_regs && !sd->failed; i++) {
		if (store_regs_import(sd->st, &sd->opt->regs[i], NULL) < 0) {
			sd->failed = true;
			return;
		}
		sd->counts->regulations++;
		sd->counts->articles += (long)sd->opt->regs[i].n_articles;
	}
}

static void write_meta(struct seed *sd)
{
	char buf[64], day[16];
	seed_date(sd, 0, day);
	struct {
		const char *key;
		char value[64];
	} kv[] = {{"seed_n", ""}, {"seed_s", ""}, {"seed_day", ""}, {"seeded_at", ""},
	          {"park_name", "义乌经济开发区（演示数据）"}, {"park_lat", ""}, {"park_lon", ""}};
	snprintf(kv[0].value, sizeof kv[0].value, "%d", sd->opt->enterprises);
	snprintf(kv[1].value, sizeof kv[1].value, "%llu", (unsigned long long)sd->opt->seed);
	snprintf(kv[2].value, sizeof kv[2].value, "%s", day);
	snprintf(kv[3].value, sizeof kv[3].value, "%s", pw_time_iso(buf, pw_now_ms(), false));
	snprintf(kv[5].value, sizeof kv[5].value, "%.6f", SEED_CENTRE_LAT);
	snprintf(kv[6].value, sizeof kv[6].value, "%.6f", SEED_CENTRE_LON);
	for (size_t i = 0; i < PW_ARRAY_LEN(kv) && !sd->failed; i++)
		if (store_meta_set(sd->st, kv[i].key, kv[i].value) < 0)
			sd->failed = true;
}

/* Local midnight of the day of NOW_MS. */
static int64_t day_start(int64_t now_ms)
{
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static void seed_all(struct seed *sd)
{
	int64_t have = count_rows(sd, "SELECT count(*) FROM enterprises");
	if (have > 0) {
		store_failf(sd->st, "database already has %lld enterprises (use a fresh file)", (long long)have);
		sd->failed = true;
		return;
	}
	seed_operators(sd);
	seed_ops_init(sd);
	seed_enterprises(sd);
	seed_rescue(sd);
	import_regs(sd);
	write_meta(sd);
	/* Colours with their reasons from the risk model, as of the start of the day. */
	if (!sd->failed && store_risk_recompute(sd->st, 0, sd->day0, NULL) < 0)
		sd->failed = true;
	seed_duty(sd);
}

int store_seed(struct pw_store *st, const struct store_seed_options *opt, struct store_seed_counts *counts)
{
	struct store_seed_counts dummy;
	if (!counts)
		counts = &dummy;
	memset(counts, 0, sizeof *counts);
	if (opt->enterprises < 1 || opt->enterprises > STORE_SEED_MAX_ENTERPRISES)
		return store_failf(st, "seed: enterprises must be 1..%d", STORE_SEED_MAX_ENTERPRISES);
	struct seed_nameset names = {0};
	struct seed_enterprise fire[2], loan;
	struct seed sd = {.st = st, .opt = opt, .counts = counts, .names = &names, .fire = fire, .loan = &loan};
	pw_rng_seed(&sd.rng, opt->seed);
	sd.day0 = day_start(opt->now_ms);
	sd.code_width = opt->enterprises > 9999 ? (opt->enterprises > 99999 ? 6 : 5) : 4;
	/* A big page cache keeps the one large transaction from spilling pages twice. */
	if (store_exec(st, "PRAGMA cache_size = -65536") < 0 || store_begin(st, true) < 0)
		return -1;
	seed_all(&sd);
	seed_ops_free(&sd);
	nameset_free(&names);
	int rc = 0;
	if (sd.failed) {
		store_rollback(st);
		rc = -1;
	} else {
		rc = store_commit(st);
	}
	struct store_saved_error keep;
	if (rc < 0)
		store_error_save(st, &keep);
	store_exec(st, "PRAGMA cache_size = -2000");  /* SQLite's default again */
	if (rc < 0)
		store_error_restore(st, &keep);
	return rc;
}
