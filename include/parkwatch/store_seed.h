/*
 * store_seed.h - the demo park behind `parkwatch seed`: a plausible Chinese
 * hardware-manufacturing development zone (zones 四期, 苏溪, 佛堂, 稠江, 北苑,
 * 廿三里 around 29.33 N 120.10 E) with enterprises, key places, chemicals,
 * certificates, sensors, hazards, inspections, the rescue force and its
 * equipment store, written in one transaction.
 *
 * Deterministic: the same N and S on the same calendar day (site time zone)
 * give byte-identical rows, except meta "seeded_at" and the duty-log entries,
 * which record when the seeding really happened. Relative dates (certificate
 * expiry, hazard deadlines, the roster of yesterday, today and tomorrow) are
 * anchored to the day of now_ms, so "expired" and "overdue" look right on the
 * day the demo is seeded; everything that has happened lies before that day.
 *
 * Phone numbers are all in the fictitious demo range 199-0000-0000 ..
 * 199-0000-9999, never real subscribers' numbers.
 */
#ifndef PARKWATCH_STORE_SEED_H
#define PARKWATCH_STORE_SEED_H

#include <stddef.h>
#include <stdint.h>

struct pw_store;
struct pw_reg_doc;

#define STORE_SEED_MAX_ENTERPRISES 100000
#define STORE_SEED_PHONE_PREFIX "1990000"

struct store_seed_options {
	int enterprises;                /* 1..STORE_SEED_MAX_ENTERPRISES */
	uint64_t seed;                  /* S */
	int64_t now_ms;                 /* its local calendar day anchors every date */
	const char *operator_name;      /* named in the duty-log entries */
	const struct pw_reg_doc *regs;  /* regulations to import in the same transaction */
	size_t n_regs;
};

/* What was written, for the one-line summary. */
struct store_seed_counts {
	long enterprises, key_places, chemicals, certificates, sensors, stations;
	long teams, members, roster, equipment, loans, hazards, inspections;
	long regulations, articles, duty;
};

/*
 * Fill an empty database (schema current). Refuses, changing nothing, when
 * it already has enterprises ("database already has N enterprises (use a
 * fresh file)") or options are out of range. One BEGIN IMMEDIATE
 * transaction: on any failure nothing is kept. Afterwards the risk model is
 * run for every enterprise (store_risk_recompute at day start) so colours
 * come with their reasons. Returns 0 and fills *counts (may be NULL), or -1
 * with store_errmsg().
 */
int store_seed(struct pw_store *st, const struct store_seed_options *opt,
               struct store_seed_counts *counts);

#endif
