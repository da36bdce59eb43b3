/*
 * seed_private.h - what the files of the demo-park generator share
 * (seed.c: enterprises and everything they own; seed_ops.c: inspections,
 * hazards, duty log; seed_rescue.c: rescue force, equipment, stations;
 * seed_data.c: the word lists and industry profiles).
 *
 * Determinism: every random choice comes from one pw_rng stream seeded with
 * S and consumed in a fixed order, and every moment is an offset from day0
 * (local midnight of the day the seed runs). Same N, S and day: same bytes.
 */
#ifndef PARKWATCH_SEED_PRIVATE_H
#define PARKWATCH_SEED_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "parkwatch/store_seed.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define SEED_MIN_MS (60LL * 1000)
#define SEED_HOUR_MS (3600LL * 1000)
#define SEED_DAY_MS (24LL * 3600 * 1000)

/* Park centre (开发区应急服务中心) and the radius every position stays in. */
#define SEED_CENTRE_LAT 29.330
#define SEED_CENTRE_LON 120.100
#define SEED_RADIUS_KM 6.0

/* Key-place categories, in the order of key_places.category's CHECK. */
enum seed_place { SP_AMMONIA, SP_DUST, SP_SPRAY, SP_HAZCHEM, SP_CONFINED, SP_LITHIUM, SP_COUNT };

/* Chemicals of the demo park (index into seed_chemicals). */
enum seed_chem {
	CH_NH3, CH_CH4, CH_LPG, CH_TOLUENE, CH_XYLENE, CH_ETHYL_ACETATE, CH_ACETONE,
	CH_METHANOL, CH_ETHANOL, CH_H2, CH_CL2, CH_C2H2, CH_O2, CH_H2SO4, CH_NMP, CH_COUNT
};

struct seed_chemical {
	const char *name;
	const char *cas;
	double threshold_t;   /* GB 18218-2018 critical quantity; 0 = not covered (NULL) */
	const char *storage;
};

struct seed_place_spec {
	int place;            /* enum seed_place; -1 ends the list */
	double p;             /* chance an enterprise of the industry has it */
	const char *name;     /* 氨制冷机房... */
};

struct seed_chem_spec {
	int chem;             /* enum seed_chem; -1 ends the list */
	double p;
	double min_t, max_t;  /* quantity range, tonnes (skewed towards min) */
	int needs_place;      /* only with this key place; -1 = always possible */
};

struct seed_industry {
	const char *code, *name;
	int per_mille;                     /* share of the park */
	const char *words[6];              /* business words in company names */
	struct seed_place_spec places[5];
	struct seed_chem_spec chems[7];
	const char *certs[4];              /* typical special-operation kinds */
};

struct seed_zone {
	const char *code, *name;
	double lat, lon;
	int per_cent;                      /* share of the enterprises */
	int grids;
	const char *roads[5];              /* NULL-terminated */
};

struct seed_sensor_spec {
	const char *kind, *abbr, *unit;
	double l1, l2;        /* NaN-free: has_limits says whether they apply */
	bool has_limits, low;
	double opposite_l1;   /* 0 = none */
	double deadband;
	int on_delay_s;
};

extern const struct seed_chemical seed_chemicals[CH_COUNT];
extern const struct seed_industry seed_industries[];
extern const size_t seed_n_industries;
extern const struct seed_zone seed_zones[];
extern const size_t seed_n_zones;
extern const char *const seed_place_codes[SP_COUNT];

/* Word lists (NULL-terminated). */
extern const char *const seed_surnames[];
extern const char *const seed_given[];
extern const char *const seed_brand_chars[];
extern const char *const seed_ownerships[];
extern const int seed_ownership_weights[];

/* Sensor defaults by kind (GB/T 50493-2019, GBZ 2.1); see seed_data.c. */
enum seed_sensor_kind { SK_NH3, SK_LEL, SK_O2, SK_CO, SK_H2S, SK_CL2, SK_SMOKE, SK_FLAME, SK_CAMERA, SK_COUNT };
extern const struct seed_sensor_spec seed_sensor_specs[SK_COUNT];

/* Hazard wording: per key place (general, major) and park-wide general ones. */
extern const char *const seed_hazard_general[SP_COUNT][4];
extern const char *const seed_hazard_major[SP_COUNT][2];
extern const char *const seed_hazard_common[];

/* The generator's state, shared by the seed_*.c files. */
struct seed_enterprise;
struct seed_nameset;

struct seed {
	struct pw_store *st;
	struct pw_rng rng;
	const struct store_seed_options *opt;
	struct store_seed_counts *counts;
	int64_t day0;            /* local midnight of the reference day, ms */
	int code_width;          /* digits in enterprise codes */
	int64_t cert_seq;
	int hazard_seq;          /* hazards made so far (the first ones get forced states) */
	bool failed;             /* a write failed; store_errmsg() says why */
	char **grid_workers;     /* [zone * SEED_MAX_GRIDS + grid] */
	struct seed_nameset *names;
	struct seed_enterprise *fire;   /* [2] enterprises that get their own fire brigade */
	int n_fire;
	struct seed_enterprise *loan;   /* [1] an enterprise in 佛堂 that borrowed pumps */
	bool have_loan;
	char gap_note[256];             /* the roster's deliberate gap, for the duty log */
};

#define SEED_MAX_GRIDS 8

/* One enterprise as the later stages need it. */
struct seed_enterprise {
	int64_t id;
	char code[16];
	char name[128];
	char address[128];
	int zone, grid;
	int size;                /* 0 micro .. 3 large */
	char principal[16], safety[16];
	double lat, lon;
	unsigned places;         /* bit per enum seed_place */
	int employees;
	double qq;               /* sum(q/Q) of its chemicals (GB 18218) */
};

/* ---- helpers (seed.c) ---- */
double seed_unit(struct seed *sd);
int seed_range(struct seed *sd, int lo, int hi);
bool seed_chance(struct seed *sd, double p);
const char *seed_pick(struct seed *sd, const char *const *list);   /* NULL-terminated */
int seed_weighted(struct seed *sd, const int *weights, size_t n);   /* index, by weight */
void seed_person(struct seed *sd, char out[16]);
void seed_phone(struct seed *sd, char out[16]);
int64_t seed_local(const struct seed *sd, int day_offset, int hour, int minute);
void seed_date(const struct seed *sd, int day_offset, char out[16]);
/* Prepared statement or NULL (then sd->failed is set). */
sqlite3_stmt *seed_stmt(struct seed *sd, const char *sql);
/* Step an INSERT/UPDATE; marks failure. Returns the new rowid (0 on failure). */
int64_t seed_exec(struct seed *sd, sqlite3_stmt *s, const char *what);
void seed_bind_opt_text(sqlite3_stmt *s, int i, const char *v);

/* ---- stages ---- */
void seed_enterprises(struct seed *sd);                                  /* seed.c */
void seed_enterprise_ops(struct seed *sd, const struct seed_enterprise *e);  /* seed_ops.c */
void seed_ops_init(struct seed *sd);
void seed_ops_free(struct seed *sd);
void seed_operators(struct seed *sd);                                    /* seed_ops.c */
void seed_duty(struct seed *sd);
void seed_rescue(struct seed *sd);                                       /* seed_rescue.c */

/* Operators of the demo (login names), used by the stages for who did what. */
#define SEED_OP_DUTY1 "zhangwei"
#define SEED_OP_DUTY2 "liming"
#define SEED_OP_SUPERVISOR "wangfang"

#endif
