/*
 * store_hazard_views.h - read-only views of the hidden-hazard loop and the
 * inspection visits for the console: the hazard list, one hazard with its
 * full trace, recent visits, and enterprises not inspected for N days.
 * (Writes are store_hazards.h's.)
 *
 * Conventions of store.h: 0 on success, -1 with store_errmsg() on failure,
 * PW_STORE_NOTFOUND (1) when a lookup finds nothing. Results belong to the
 * caller and are released with the matching *_free (NULL/zeroed is fine).
 * Strings are never NULL ("" for SQL NULL). Text comes from the database
 * (and from field workers): sanitise it before it reaches a terminal.
 */
#ifndef PARKWATCH_STORE_HAZARD_VIEWS_H
#define PARKWATCH_STORE_HAZARD_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/hazard.h"
#include "parkwatch/store.h"

/* ---- hazards ---- */

struct store_hazard_row {
	int64_t id;
	char *enterprise_code, *enterprise_name, *zone;
	enum pw_hazard_grade grade;
	enum pw_hazard_status status;
	char *deadline;        /* YYYY-MM-DD or "" */
	char *assignee;
	char *description;
	char *source;
	int64_t reported_at;   /* ms */
	bool overdue;          /* pw_hazard_overdue() against the TODAY given */
};

struct store_hazard_list {
	struct store_hazard_row *rows;   /* newest report first */
	size_t n;
};

/*
 * Every hazard (closed ones too when INCLUDE_CLOSED) of enterprise
 * ENTERPRISE_ID (0: of every enterprise) into *OUT. TODAY is the site's date (YYYY-MM-DD)
 * deciding `overdue`, as `query hazards` does.
 */
int store_hazard_list_load(struct pw_store *st, const char *today, bool include_closed,
                           int64_t enterprise_id, struct store_hazard_list *out);
void store_hazard_list_free(struct store_hazard_list *l);

struct store_hazard_step {
	int64_t ts;            /* ms */
	char *operator_name;
	char *from;            /* "" for the report itself */
	char *to;
	char *note;
};

struct store_hazard_detail {
	struct store_hazard_row h;
	char *location, *photos, *reported_by;
	char *responsible, *measures, *funds, *contingency;   /* five implementations (+ deadline) */
	char *submitted_by, *verified_by;
	int64_t closed_at;     /* ms, 0 when not closed */
	int64_t inspection_id; /* 0 when not found by an inspection */
	struct store_hazard_step *trace;   /* oldest first */
	size_t n_trace;
};

/* Hazard ID with its trace; PW_STORE_NOTFOUND when there is none. */
int store_hazard_detail_load(struct pw_store *st, int64_t id, const char *today,
                             struct store_hazard_detail *out);
void store_hazard_detail_free(struct store_hazard_detail *d);

/* ---- inspections ---- */

struct store_visit {
	int64_t id, ts;        /* ts: ms */
	char *enterprise_code, *enterprise_name;
	char *inspector, *org, *org_kind, *items, *findings;
};

struct store_visit_list {
	struct store_visit *rows;   /* newest first */
	size_t n;
};

/* The LIMIT most recent visits to enterprise ENTERPRISE_ID (0: to any). */
int store_visits_recent(struct pw_store *st, size_t limit, int64_t enterprise_id,
                        struct store_visit_list *out);
void store_visit_list_free(struct store_visit_list *l);

struct store_stale_row {
	char *code, *name, *zone, *grid;
	int64_t last_ts;       /* ms of the last visit, 0 = never */
};

struct store_stale_list {
	struct store_stale_row *rows;   /* never visited first, then the oldest visit first */
	size_t n;
};

/* Enterprises whose last visit is before BEFORE_MS, or that were never visited. */
int store_visits_stale(struct pw_store *st, int64_t before_ms, struct store_stale_list *out);
void store_stale_list_free(struct store_stale_list *l);

#endif
