/*
 * store_hazards.h - the hidden-hazard loop and inspection visits in SQLite.
 *
 * Every change runs in one BEGIN IMMEDIATE transaction together with its
 * append-only trace row, its duty-log entry and the enterprise's risk
 * recomputation, so a hazard never moves without a record and the colour
 * follows at once. Move rules are core's (hazard.h).
 */
#ifndef PARKWATCH_STORE_HAZARDS_H
#define PARKWATCH_STORE_HAZARDS_H

#include <stdint.h>

#include "parkwatch/hazard.h"
#include "parkwatch/store.h"

/* A new hazard. Strings are borrowed; NULL for absent. */
struct store_hazard_new {
	const char *enterprise_code;
	enum pw_hazard_grade grade;
	const char *source;        /* grid third_party self_check enforcement operator (default operator) */
	const char *description;
	const char *location;
	const char *photos;        /* paths or URLs, one a line */
	const char *deadline;      /* YYYY-MM-DD; NULL: today + default days for the grade */
	int64_t inspection_id;     /* 0 when not found by an inspection */
};

/* True for a known hazard source name. */
bool store_hazard_source_valid(const char *source);

/*
 * Report a hazard as OPERATOR at NOW. *id receives its id.
 * PW_STORE_NOTFOUND when the enterprise code is unknown.
 */
int store_hazard_report(struct pw_store *st, const struct store_hazard_new *h,
                        const char *operator_name, int64_t now, int64_t *id);

/* Optional facts of a move. */
struct store_hazard_move_args {
	const char *note;
	const char *assignee;
	const char *deadline;      /* with assigned: sets the deadline */
	const char *measures, *funds, *responsible, *contingency;  /* five implementations */
};

/*
 * Move hazard ID to TO as OPERATOR. Returns 0 when moved; PW_STORE_NOTFOUND
 * when there is no such hazard; 2 when the move is illegal (nothing changed;
 * store_errmsg() says why and what is allowed next); -1 on a database error.
 */
int store_hazard_move(struct pw_store *st, int64_t id, enum pw_hazard_status to,
                      const struct store_hazard_move_args *args, const char *operator_name,
                      int64_t now);

/* Extend the deadline with a reason (traced and logged). Same returns as move. */
int store_hazard_extend(struct pw_store *st, int64_t id, const char *deadline, const char *reason,
                        const char *operator_name, int64_t now);

/* A visit. Strings borrowed. */
struct store_inspection_new {
	const char *enterprise_code;
	const char *inspector;
	const char *org;
	const char *org_kind;      /* grid third_party enforcement self (default grid) */
	int64_t ts;                /* 0: now */
	const char *items;
	const char *findings;
};

/* Record a visit as OPERATOR. PW_STORE_NOTFOUND for an unknown enterprise. */
int store_inspection_add(struct pw_store *st, const struct store_inspection_new *v,
                         const char *operator_name, int64_t now, int64_t *id);

#endif
