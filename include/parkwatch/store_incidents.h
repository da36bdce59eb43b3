/*
 * store_incidents.h - emergency incidents, their log and dispatches, and the
 * linkage picture: everything an operator needs on one screen to act on an
 * incident (rules in incident.h).
 *
 * Every action (open, status, note, dispatch, advance) runs in one BEGIN
 * IMMEDIATE transaction that writes its incident_log row(s) and one
 * duty-log entry (category "incident" for the incident itself, "dispatch"
 * for units), so it is recorded completely or not at all, and two consoles
 * cannot dispatch the same member at once.
 *
 * Return values follow store.h: 0 success, -1 database error
 * (store_errmsg()), PW_STORE_NOTFOUND (1) no such incident, alarm,
 * enterprise, team, member or dispatch, and STORE_INCIDENT_REFUSED (2) when
 * the rules forbid the action (status not forward, incident closed, no
 * available member...): store_errmsg() says why and nothing changed.
 */
#ifndef PARKWATCH_STORE_INCIDENTS_H
#define PARKWATCH_STORE_INCIDENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/incident.h"
#include "parkwatch/store_browse.h"
#include "parkwatch/store_live.h"
#include "parkwatch/store_rescue_views.h"

#define STORE_INCIDENT_REFUSED 2
#define STORE_INCIDENT_TEXT_MAX 2000   /* bytes of a summary or note */

/* What opens an incident: an alarm (ALARM_ID > 0) or an enterprise code. */
struct store_incident_new {
	int64_t alarm_id;               /* 0: none */
	const char *enterprise_code;    /* used when alarm_id is 0 */
	enum pw_incident_type type;
	int severity;                   /* 1 (most severe) .. 4; 0 means 3 */
	const char *summary;            /* may be NULL: the alarm's message, if any */
	const char *location;           /* may be NULL: the alarm sensor's location */
};

/*
 * Open an incident (status pending) as OP at NOW: from an alarm, the
 * enterprise is the alarm's; the log gets "opened" and the duty log
 * "incident 3 opened: leak severity 2 at E0001 name (alarm 12 E0001-NH3-01 P1)".
 * *ID receives the new id.
 */
int store_incident_open(struct pw_store *st, const struct store_incident_new *n, const char *op,
                        int64_t now, int64_t *id);

/*
 * Move incident ID to TO (forward only). Closing sets closed_at and clears
 * every dispatch still out (members back to available), each logged.
 */
int store_incident_set_status(struct pw_store *st, int64_t id, enum pw_incident_status to,
                              const char *op, int64_t now);

/* Add a note (non-blank valid UTF-8, at most STORE_INCIDENT_TEXT_MAX bytes) to the log. */
int store_incident_note(struct pw_store *st, int64_t id, const char *text, const char *op,
                        int64_t now);

/*
 * Dispatch team TEAM_CODE to incident ID: the team's crew on shift - its
 * available members rostered at NOW, or every available member when none
 * of them is rostered (or the team keeps no roster) - each get a
 * dispatches row and status "dispatched" (with a member_status row). REFUSED when none is available ("team T01 has no
 * available member: 3 on_scene, 1 off_duty") or the incident is closed.
 * *N (may be NULL) receives how many were dispatched.
 */
int store_incident_dispatch_team(struct pw_store *st, int64_t id, const char *team_code,
                                 const char *op, int64_t now, int *n);

/* Dispatch one member (only when available: else REFUSED naming the member and status). */
int store_incident_dispatch_member(struct pw_store *st, int64_t id, int64_t member_id,
                                   const char *op, int64_t now);

/*
 * Advance dispatch DISPATCH_ID to TO (en_route, on_scene or cleared; see
 * pw_dispatch_stage_allowed), recording the time and the member's status.
 */
int store_dispatch_advance(struct pw_store *st, int64_t dispatch_id, enum pw_dispatch_stage to,
                           const char *op, int64_t now);

/*
 * Advance every dispatch of incident ID (of team TEAM_CODE, or all when
 * NULL/"") that may move to TO, in one transaction with one duty entry.
 * REFUSED when none may. *N (may be NULL) = how many moved.
 */
int store_incident_advance_all(struct pw_store *st, int64_t id, const char *team_code,
                               enum pw_dispatch_stage to, const char *op, int64_t now, int *n);

/*
 * Loan QTY (>= 1) of equipment EQUIPMENT_CODE from the centre's store to
 * incident ID, borrowed by BORROWER (NULL/"": the operator). REFUSED when
 * the incident is closed or fewer than QTY are available (stock minus open
 * loans: "only 2 of EQ-001 正压式空气呼吸器 available"). Logged in the
 * incident and the duty log (category "loan"). *LOAN_ID may be NULL.
 */
int store_incident_loan(struct pw_store *st, int64_t id, const char *equipment_code, int qty,
                        const char *borrower, const char *op, int64_t now, int64_t *loan_id);

/* Mark loan LOAN_ID returned (REFUSED when it already is); logged like a loan. */
int store_loan_return(struct pw_store *st, int64_t loan_id, const char *op, int64_t now);

/* ---- reading ---------------------------------------------------------- */

struct store_incident {
	int64_t id;
	enum pw_incident_type type;
	int severity;
	enum pw_incident_status status;
	char *enterprise_code, *enterprise_name;   /* NULL when the enterprise is gone */
	int64_t alarm_id;                          /* 0: none */
	char *location, *summary, *opened_by;      /* may be NULL */
	int64_t opened_at, closed_at;              /* closed_at 0 while open */
	int units_out;                             /* dispatches not cleared */
};

struct store_incident_list {
	struct store_incident *v;
	size_t n;
};

/* Every incident, open ones first (newest first), then closed newest first. */
int store_incident_list(struct pw_store *st, struct store_incident_list *out);
void store_incident_list_free(struct store_incident_list *l);
/* One incident into *OUT (store_incident_clear it). 0, PW_STORE_NOTFOUND or -1. */
int store_incident_get(struct pw_store *st, int64_t id, struct store_incident *out);
void store_incident_clear(struct store_incident *i);

struct store_dispatch {
	int64_t id;
	char *team_code, *team_name;     /* NULL when none */
	int64_t member_id;               /* 0: the dispatch is of a whole team without members */
	char *member_name, *member_role, *member_phone;
	enum pw_dispatch_stage stage;    /* the furthest stage reached */
	int64_t dispatched_at, en_route_at, on_scene_at, cleared_at;  /* 0: not yet */
	char *operator_name;
};

/* Equipment loaned to the incident. */
struct store_link_loan {
	int64_t id;
	char *equipment_code, *equipment, *borrower;
	int qty;
	int64_t out_at, returned_at;   /* returned_at 0 while out */
};

struct store_incident_logrow {
	int64_t ts;
	char *operator_name, *kind, *text;   /* kind: opened, status, dispatch, note */
};

/* A sensor reading in the picture. */
struct store_link_reading {
	char *sensor_code, *enterprise_code, *kind, *unit, *state, *location;
	bool own;                 /* a sensor of the incident's enterprise */
	bool has_value;
	double value;
	int64_t ts;
	int trend;                /* +1 rising, -1 falling, 0 steady or unknown */
	bool has_l1;
	double l1;
	double distance_m;        /* from the incident's point; -1 when unknown */
};

struct store_link_downwind {
	char *code, *name, *risk;
	double distance_m, bearing_deg;
};

struct store_link_reg {
	int64_t article_id;
	char *title, *label, *snippet, *word;   /* WORD: what found it */
};

/* What store_linkage_load needs to know beside the store. */
struct store_linkage_opts {
	double downwind_km;       /* radius of the downwind sector (config [linkage]) */
	size_t nearest;           /* other enterprises' sensors to show, nearest first (0: 6) */
	size_t regs;              /* regulation articles to show (0: 6) */
};

struct store_linkage {
	bool has_incident;
	struct store_incident inc;
	struct pw_card *card;                 /* NULL when there is no enterprise */
	bool has_point;                       /* lat/lon known for the incident's point */
	double lat, lon;
	struct store_link_reading *readings;  /* own sensors first, then nearest others */
	size_t nreadings;
	struct store_wind_list winds;         /* every station's latest sample */
	long wind_station;                    /* index into winds of the one used; -1: none */
	double wind_station_m;                /* its distance from the point; -1 unknown */
	struct store_link_downwind *downwind; /* nearest first */
	size_t ndownwind;
	double half_angle_deg, downwind_km;
	struct store_rescue rescue;           /* teams, members, equipment with availability */
	struct store_link_reg *regs;
	size_t nregs;
	struct store_dispatch *dispatches;    /* oldest first */
	size_t ndispatches;
	struct store_link_loan *loans;        /* equipment loaned to it, oldest first */
	size_t nloans;
	struct store_incident_logrow *log;    /* oldest first */
	size_t nlog;
};

/*
 * Gather the picture at NOW for incident INCIDENT_ID (> 0), or, when it is
 * 0, for the enterprise ENTERPRISE_CODE alone (no incident yet). The point
 * is the incident's alarm sensor's coordinates when known, else the
 * enterprise's. Read in one transaction; PW_STORE_NOTFOUND for an unknown
 * incident or enterprise.
 * Free with store_linkage_free (also after a failure).
 */
int store_linkage_load(struct pw_store *st, int64_t incident_id, const char *enterprise_code,
                       const struct store_linkage_opts *o, int64_t now, struct store_linkage *out);
void store_linkage_free(struct store_linkage *l);

#endif
