/*
 * store_rescue_views.h - the rescue force as the console's Rescue screen
 * shows it: teams with who is on duty, the roster of the current and next
 * shift with its gaps, every member's status, the equipment store with
 * availability and warnings, and the loans still out.
 *
 * Everything is read in one transaction at one moment NOW, so the sections
 * agree. Return values follow store.h: 0 or -1 (store_errmsg()).
 */
#ifndef PARKWATCH_STORE_RESCUE_VIEWS_H
#define PARKWATCH_STORE_RESCUE_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_store;

#define STORE_RESCUE_STATUS_SZ 12      /* "dispatched" + NUL, rounded up */
#define STORE_RESCUE_EXPIRY_SOON_DAYS 30

/*
 * A team. On duty: rostered now; a team that keeps no roster at all counts
 * its members who are not off duty (as `query teams` does).
 */
struct store_rescue_team {
	char *code, *name, *kind, *base, *phone;
	bool rostered;              /* the team keeps a roster */
	int members;
	int on_duty;
	int available;              /* members by current status */
	int out;                    /* dispatched + en_route + on_scene */
	int off_duty;
};

struct store_rescue_member {
	int64_t id;
	char *team_code, *name, *role, *phone, *skills;
	char status[STORE_RESCUE_STATUS_SZ];  /* available dispatched en_route on_scene off_duty */
	int64_t status_since;       /* epoch ms */
};

/* One roster row overlapping a window. */
struct store_rescue_shift {
	char *team_code, *team_name, *member, *role, *phone, *shift;
	char status[STORE_RESCUE_STATUS_SZ];  /* the member's current status */
	int64_t starts_at, ends_at;
};

/* A stretch of a window where a rostered team has nobody on its roster. */
struct store_rescue_gap {
	char *team_code, *team_name;
	int64_t from, to;
};

struct store_rescue_equipment {
	char *code, *name, *category, *location, *condition;
	char *expires;              /* YYYY-MM-DD or NULL */
	int qty, available, min_qty;  /* available = qty - open loans */
	bool low;                   /* available below min_qty */
	bool expired;               /* expiry date before today */
	bool expiring;              /* expires within STORE_RESCUE_EXPIRY_SOON_DAYS */
};

struct store_rescue_loan {
	int64_t id;                 /* what `equipment return` and R take */
	char *equipment_code, *equipment, *borrower, *enterprise_code;
	int qty;
	int64_t out_at, due_at;     /* due_at 0 when open-ended */
	bool overdue;
};

struct store_rescue_shift_list {
	struct store_rescue_shift *v;
	size_t n;
};

struct store_rescue_gap_list {
	struct store_rescue_gap *v;
	size_t n;
};

struct store_rescue {
	int64_t now;
	int64_t cur_from, cur_to;   /* the current shift (store_report_shift_window) */
	int64_t next_from, next_to; /* the 12 h after it */
	struct store_rescue_team *teams;
	size_t nteams;
	struct store_rescue_member *members;  /* engaged first, then available, then off duty */
	size_t nmembers;
	struct store_rescue_shift_list roster_now;   /* rostered at NOW */
	struct store_rescue_shift_list roster_next;  /* overlapping the next shift */
	struct store_rescue_gap_list gaps_now;       /* from NOW to the end of this shift */
	struct store_rescue_gap_list gaps_next;      /* in the next shift */
	struct store_rescue_equipment *equipment;
	size_t nequipment;
	struct store_rescue_loan *loans;             /* open loans, soonest due first */
	size_t nloans;
};

/* Read the whole picture at NOW into *OUT (store_rescue_free it, also after failure). */
int store_rescue_load(struct pw_store *st, int64_t now, struct store_rescue *out);
void store_rescue_free(struct store_rescue *r);

/*
 * Gaps of [FROM, TO) for every team that keeps a roster: stretches nobody
 * is rostered (a team with no shift in the window is one gap across it).
 * Team order by code, gaps in time order. Free with store_rescue_gaps_free.
 */
int store_rescue_gaps(struct pw_store *st, int64_t from, int64_t to,
                      struct store_rescue_gap_list *out);
void store_rescue_gaps_free(struct store_rescue_gap_list *l);

#endif
