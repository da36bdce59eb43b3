/*
 * store_browse.h - read-only views the console screens show: the enterprise
 * list, one enterprise's full card and the overview aggregates. (Alarm
 * counts and lists for the status line and the ticker: store_alarms.h.)
 *
 * Every function follows store.h's conventions: 0 on success, -1 with
 * store_errmsg() on failure, PW_STORE_NOTFOUND (1) when a lookup finds
 * nothing. Results are owned by the caller and released with the matching
 * *_free function (which accepts NULL / zeroed structs). Text comes straight
 * from the database: sanitise it (pw_sanitize) before it reaches a terminal.
 */
#ifndef PARKWATCH_STORE_BROWSE_H
#define PARKWATCH_STORE_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/risk.h"
#include "parkwatch/store.h"

/* by_risk[] arrays are indexed by enum pw_colour (risk.h): blue .. red. */
#define PW_BROWSE_NRISK 4

/* ---- enterprise list ------------------------------------------------- */

struct pw_ent_row {
	int64_t id;
	const char *code, *name, *industry, *zone, *principal, *phone; /* never NULL ("" for NULL) */
	enum pw_colour risk;
	double score;
};

/* All enterprises ordered by code; strings live in one pool owned by the list. */
struct pw_ent_list {
	struct pw_ent_row *rows;
	size_t n;
	struct pw_browse_pool *pool; /* private */
};

/* Load every enterprise (one statement; 10,000 rows in a few ms). */
int store_browse_enterprises(struct pw_store *st, struct pw_ent_list *out);
void store_browse_enterprises_free(struct pw_ent_list *l);

/*
 * A cheap fingerprint of the enterprises table (row count, latest update,
 * score sum folded together): when it is unchanged the list need not reload.
 */
int store_browse_enterprises_stamp(struct pw_store *st, uint64_t *stamp);

/* ---- enterprise card ------------------------------------------------- */

struct pw_card_contact { char *name, *role, *phone; bool emergency; };
struct pw_card_place { char *category, *name, *location; };
struct pw_card_chem {
	char *name, *cas, *storage;
	double quantity_t;
	double threshold_t;   /* GB 18218 critical quantity; 0 when none is known */
	double ratio;         /* quantity_t / threshold_t, 0 when no threshold */
};
struct pw_card_cert { char *holder, *kind, *number, *expires; };
struct pw_card_material { char *name, *unit, *location; int64_t qty; };
struct pw_card_person { char *name, *role, *phone; };
struct pw_card_sensor {
	char *code, *kind, *unit, *direction, *location, *state;
	bool has_l1, has_l2, has_value, in_service;
	double l1, l2, last_value;
	int64_t last_ts;      /* ms, 0 when never heard */
	int online;           /* 1 online, 0 offline, -1 unknown */
};

/* Everything known about one enterprise. */
struct pw_card {
	int64_t id;
	char *code, *name, *industry, *zone, *grid, *address, *ownership, *size;
	char *principal, *phone, *safety_officer, *safety_phone;
	int64_t employees;    /* -1 when unknown */
	enum pw_colour risk;
	double score;
	char *risk_reasons;   /* from risk_scores, "" when not computed */
	double qq_sum;        /* sum of q/Q over chemicals with a threshold */
	bool major_hazard;    /* qq_sum >= 1 (GB 18218-2018 major hazard source) */
	struct pw_card_contact *contacts; size_t n_contacts;
	struct pw_card_place *places; size_t n_places;
	struct pw_card_chem *chems; size_t n_chems;
	struct pw_card_cert *certs; size_t n_certs;
	struct pw_card_material *materials; size_t n_materials;
	struct pw_card_person *personnel; size_t n_personnel;
	struct pw_card_sensor *sensors; size_t n_sensors;
};

/* Load the card of the enterprise CODE into *out (caller frees); 1 when unknown. */
int store_browse_card(struct pw_store *st, const char *code, struct pw_card **out);
void store_browse_card_free(struct pw_card *c);

/* ---- overview -------------------------------------------------------- */

struct pw_overview_zone {
	char *zone;
	int64_t by_risk[PW_BROWSE_NRISK];
	int64_t total;
};

struct pw_overview {
	int64_t enterprises;
	int64_t by_risk[PW_BROWSE_NRISK];
	struct pw_overview_zone *zones; size_t n_zones;   /* by zone name */
	int64_t major_sources;        /* enterprises with sum(q/Q) >= 1 */
	int64_t sensors, sensors_online, sensors_offline, sensors_unknown, sensors_oos;
	int64_t sensors_in_alarm;     /* state l1, l2, alarm */
	int64_t sensors_fault;        /* state fault */
	int64_t hazards_open, hazards_open_major, hazards_overdue;
	int64_t certs_expired, certs_expiring;  /* expiring: within 30 days */
	int64_t teams, teams_available;         /* available: >= 1 member available */
	int64_t members, members_available;
	int64_t equipment_items, equipment_short; /* short: qty below min_qty */
};

/*
 * Aggregates for the overview. TODAY is the site's date (YYYY-MM-DD) and
 * SOON the date 30 days later; both decide expiry and overdue.
 */
int store_browse_overview(struct pw_store *st, const char *today, const char *soon,
                          struct pw_overview *out);
void store_browse_overview_free(struct pw_overview *o);

#endif
