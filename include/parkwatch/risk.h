/*
 * risk.h - four-colour risk supervision: a transparent, configurable scoring
 * model (core, pure).
 *
 * An enterprise's score (0-100) is the sum of weighted facts in three groups:
 *   inherent    key places present, hazardous chemicals sum(q/Q) (GB 18218),
 *               major-hazard-source status, number of employees;
 *   management  open hidden hazards by grade, overdue ones, expired special-
 *               operations certificates, days since the last inspection;
 *   live        alarms by priority in the last 24 h, active alarms now,
 *               communication faults.
 * The score maps to a colour through bands (red >= 75, orange >= 50,
 * yellow >= 25 by default); override rules then raise the colour where a
 * single fact must decide (an unrectified major hidden hazard is red; an
 * active priority-1 alarm is at least orange; a major hazard source is at
 * least yellow). Overrides only ever raise a colour, never lower it, so
 * adding a fault can never make an enterprise look safer.
 *
 * Every weight, cap, band and rule is a named parameter (struct
 * pw_risk_params), stored in the risk_params table and settable from the
 * config or a ":" command; names are listed by pw_risk_param_names().
 * Every colour comes with its reasons in operators' words, largest first.
 */
#ifndef PARKWATCH_RISK_H
#define PARKWATCH_RISK_H

#include <stdbool.h>
#include <stddef.h>

enum pw_colour { PW_BLUE = 0, PW_YELLOW = 1, PW_ORANGE = 2, PW_RED = 3 };

/* "blue" ... "red"; parse returns 0 or -1. */
const char *pw_colour_name(enum pw_colour c);
int pw_colour_parse(const char *s, enum pw_colour *out);
/* Chinese label: 蓝 黄 橙 红 (one wide character). */
const char *pw_colour_label_zh(enum pw_colour c);

/* Key-place categories, in heat-table column order; names match key_places.category. */
enum pw_place {
	PW_PLACE_AMMONIA,
	PW_PLACE_DUST,
	PW_PLACE_SPRAY,
	PW_PLACE_HAZCHEM,
	PW_PLACE_CONFINED,
	PW_PLACE_LITHIUM,
	PW_PLACE_COUNT
};
const char *pw_place_name(enum pw_place p);     /* "ammonia" ... */
const char *pw_place_label_zh(enum pw_place p); /* 涉氨制冷 ... */
int pw_place_parse(const char *s, enum pw_place *out);

/* Everything the model looks at for one enterprise. */
struct pw_risk_input {
	unsigned places;            /* bit (1u << enum pw_place) per category present */
	double qq_sum;              /* sum over chemicals of quantity / threshold */
	int employees;
	int hazards_general;        /* open (not verified/closed) general hidden hazards */
	int hazards_major;          /* open major hidden hazards */
	int hazards_overdue;        /* open hazards past their deadline */
	int certs_expired;          /* special-operations certificates expired */
	int days_since_inspection;  /* -1: never inspected */
	int alarms24[3];            /* alarms raised in the last 24 h, priority 1..3 */
	int active[3];              /* alarms active now (not returned), priority 1..3 */
	int comm_faults;            /* sensors in comm or fault alarm now */
};

/* The model's knobs. Defaults from pw_risk_params_defaults(). */
struct pw_risk_params {
	double place[PW_PLACE_COUNT];   /* points per key-place category present */
	double place_cap;               /* cap on all key places together */
	double qq_weight;               /* points at sum(q/Q) = 1 (linear, capped there) */
	double major_source;            /* extra points when sum(q/Q) >= 1 */
	double employees_100, employees_300;  /* points at >= 100 / >= 300 staff */
	double hazard_general, hazard_general_cap;
	double hazard_major, hazard_major_cap;
	double hazard_overdue, hazard_overdue_cap;
	double cert_expired, cert_expired_cap;
	double inspection_stale;        /* points when not inspected for stale_days */
	double inspection_never;        /* points when never inspected */
	double stale_days;
	double alarm24[3], alarm24_cap;
	double active[3], active_cap;
	double comm_fault, comm_fault_cap;
	double band_yellow, band_orange, band_red;   /* score thresholds */
	double rule_major_hazard_red;   /* 1: an open major hazard forces red */
	double rule_active_p1_orange;   /* 1: an active P1 alarm forces at least orange */
	double rule_major_source_yellow;/* 1: sum(q/Q) >= 1 forces at least yellow */
};

void pw_risk_params_defaults(struct pw_risk_params *p);

/* Parameter names (NULL-terminated), for the risk_params table and ":risk set". */
const char *const *pw_risk_param_names(void);
/* Set / get one parameter by name; -1 when the name is unknown or value negative. */
int pw_risk_param_set(struct pw_risk_params *p, const char *name, double value);
int pw_risk_param_get(const struct pw_risk_params *p, const char *name, double *value);

#define PW_RISK_MAX_REASONS 16
#define PW_RISK_REASON_SZ 96

struct pw_risk_reason {
	double points;                  /* contribution to the score (0 for pure rule reasons) */
	char text[PW_RISK_REASON_SZ];   /* e.g. "重大隐患未整改 1 项" */
};

struct pw_risk_result {
	double score;                   /* 0..100 */
	enum pw_colour colour;          /* after overrides */
	enum pw_colour band_colour;     /* from the score alone */
	int nreasons;
	struct pw_risk_reason reasons[PW_RISK_MAX_REASONS];  /* rules first, then by points */
};

/* Score one enterprise. Pure: same input and params, same result. */
void pw_risk_score(const struct pw_risk_params *p, const struct pw_risk_input *in,
                   struct pw_risk_result *out);

/*
 * The top N reasons joined with "；" into BUF (always NUL-terminated,
 * truncated at a character boundary). Returns BUF.
 */
char *pw_risk_reasons_text(const struct pw_risk_result *r, int n, char *buf, size_t size);

/*
 * The two classic assessment inputs, for sites that grade places by hand.
 * LEC: D = L x E x C; bands > 320 red, 160-320 orange, 70-160 yellow, else
 * blue (20-70 and < 20 both blue: "low"). 5x5 matrix: likelihood x severity,
 * 20-25 red, 9-16 orange, 4-8 yellow, 1-3 blue. Thresholds are arguments so
 * a site can change them; the _default functions use the ones above.
 */
enum pw_colour pw_risk_lec_colour(double d, double red_above, double orange_from, double yellow_from);
enum pw_colour pw_risk_lec_colour_default(double l, double e, double c);
enum pw_colour pw_risk_matrix_colour(int likelihood, int severity, int red_from, int orange_from,
                                     int yellow_from);
enum pw_colour pw_risk_matrix_colour_default(int likelihood, int severity);

#endif
