/*
 * store_alarms.h - alarms for the console and the command line: lists for
 * the ticker and the Alarms screen, history, counts, flood rate, the
 * operator's actions (acknowledge, shelve, unshelve), sparklines and
 * sensors in or out of service.
 *
 * Alarm states (ISA-18.2, CONTRACT.md section 3): "unack" (active,
 * unacknowledged), "ack" (active, acknowledged), "rtn_unack" (returned to
 * normal, not yet acknowledged), "cleared" (returned and acknowledged: no
 * longer open), "shelved" (hidden by an operator until shelved_until, with a
 * reason). Priorities: 1 critical, 2 high, 3 low, 4 diagnostic.
 *
 * Every operator action runs in one BEGIN IMMEDIATE transaction that also
 * writes its alarm_events row and its duty-log entry (category "alarm"), so
 * an action is either fully recorded or not at all, and two consoles acting
 * on one alarm at once cannot both succeed where only one may.
 *
 * Return values follow store.h: 0 success, -1 database error
 * (store_errmsg()), PW_STORE_NOTFOUND (1) no such alarm/sensor, and for
 * actions STORE_ALARM_ILLEGAL (2) when the alarm's state does not allow it
 * (store_errmsg() says why, e.g. "alarm 12 is cleared"; nothing changed).
 */
#ifndef PARKWATCH_STORE_ALARMS_H
#define PARKWATCH_STORE_ALARMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_store;

#define STORE_ALARM_ILLEGAL 2
#define STORE_ALARM_STATE_SZ 12        /* "rtn_unack" + NUL, rounded up */
#define STORE_ALARM_SHELVE_MAX_MIN 1440
#define STORE_ALARM_COMMENT_MAX 1000   /* bytes of an ack comment or shelve reason */

/* One alarm row with what the screens show next to it. Strings owned. */
struct store_alarm {
	int64_t id;
	char *sensor_code;
	char *sensor_kind;        /* nh3, lel, o2, smoke... */
	char *unit;               /* sensor's unit ("" when none) */
	char *location;           /* sensor location, may be NULL */
	char *enterprise_code;
	char *enterprise_name;
	char condition[12];       /* limit, opposite, event, tamper, fault, comm */
	int level;                /* 1 or 2 */
	int priority;             /* 1..4 */
	char state[STORE_ALARM_STATE_SZ];
	bool active;              /* condition still present */
	bool acked;
	int64_t raised_at;        /* ms */
	int64_t updated_at;
	int64_t returned_at;      /* 0 = not returned */
	int64_t cleared_at;       /* 0 = not cleared */
	bool has_value;
	double value;             /* value that raised or escalated it */
	double peak;              /* worst value while active (valid when has_value) */
	char *message;            /* engine's text ("NH3 38.2 mg/m3 >= L2 30"), may be NULL */
	char *acked_by;           /* NULL when not acknowledged */
	int64_t acked_at;
	char *ack_comment;
	char *shelved_by;
	int64_t shelved_until;    /* 0 when not shelved */
	char *shelve_reason;
	int repeats;              /* re-activations while open (chattering) */
};

struct store_alarm_list {
	struct store_alarm *v;
	size_t n;
	bool truncated;           /* more alarms matched than the limit let in */
};

/* Frees the strings of one alarm (not A itself); NULL is fine. */
void store_alarm_clear(struct store_alarm *a);
/* Frees every alarm and the array; leaves L empty. */
void store_alarm_list_free(struct store_alarm_list *l);

/*
 * Filter for the lists; zero-initialise for "everything". Strings are
 * borrowed for the call.
 */
/* Most alarms one list holds; past it the list says so (truncated). */
#define STORE_ALARM_LIST_MAX 1000

struct store_alarm_filter {
	int priority;              /* 0 any, else exactly 1..4 */
	const char *state;         /* NULL any, else one state name */
	bool unacked_only;         /* unack and rtn_unack */
	bool include_shelved;      /* active list: also show shelved (default hidden) */
	const char *enterprise_code;
	const char *sensor_kind;
	size_t limit;              /* 0 = STORE_ALARM_LIST_MAX; larger is allowed */
};

/*
 * Open alarms (state not cleared) for the ticker and the Alarms screen,
 * ordered: unacknowledged first, then priority (1 first), then newest
 * raised first. F may be NULL. *OUT is filled (free with
 * store_alarm_list_free); at most F->limit (or STORE_ALARM_LIST_MAX) alarms,
 * the most urgent, and OUT->truncated when more matched, so that a flood
 * never shows a short list as if it were all. Returns 0 or -1.
 */
int store_alarm_list_active(struct pw_store *st, const struct store_alarm_filter *f,
                            struct store_alarm_list *out);

/*
 * History: cleared alarms, newest cleared first, a page at a time. Pass
 * BEFORE_ID 0 for the first page, then the id of the last row shown (keyset
 * paging: stable while new alarms clear). F's state/unacked_only are ignored.
 */
int store_alarm_history(struct pw_store *st, const struct store_alarm_filter *f, int64_t before_id,
                        struct store_alarm_list *out);

/* One alarm by id into *OUT (store_alarm_clear it). 0, PW_STORE_NOTFOUND or -1. */
int store_alarm_get(struct pw_store *st, int64_t id, struct store_alarm *out);

/* One alarm_events row: the audit trail of an alarm. */
struct store_alarm_event {
	int64_t id;
	int64_t ts;
	char kind[12];            /* raise, escalate, deescalate, return, reactivate,
	                             ack, shelve, unshelve, clear, repeat */
	char *operator_name;      /* NULL for the engine's own changes */
	bool has_value;
	double value;
	char *comment;
};

struct store_alarm_event_list {
	struct store_alarm_event *v;
	size_t n;
};

/* The trail of alarm ID, oldest first. */
int store_alarm_events(struct pw_store *st, int64_t id, struct store_alarm_event_list *out);
void store_alarm_event_list_free(struct store_alarm_event_list *l);

/* Open-alarm counts for the status line. */
struct store_alarm_counts {
	int unack[5];             /* unacknowledged (unack + rtn_unack) by priority 1..4; [0] unused */
	int unack_total;
	int active;               /* active (unack + ack + active shelved) */
	int shelved;
	int open;                 /* not cleared */
};
int store_alarm_counts(struct pw_store *st, struct store_alarm_counts *out);

/*
 * Alarms raised in (now_ms - window_s, now_ms] into *COUNT (flood
 * detection: EEMUA 191 calls more than 10 in 10 minutes a flood).
 */
int store_alarm_flood(struct pw_store *st, int64_t now_ms, int window_s, int *count);

/*
 * Annunciation across processes: alarms that became unacknowledged at
 * priority 1 (raise, escalate, reactivate) in alarm_events rows after
 * *CURSOR. Writes up to MAX alarm ids to IDS, *N how many, and advances
 * *CURSOR past what it read. Start with *CURSOR = -1: it is set to the
 * current end without returning anything (old alarms do not ring).
 * Lets a console ring for an alarm the recorder raised.
 */
int store_alarm_p1_since(struct pw_store *st, int64_t *cursor, int64_t *ids, size_t max,
                         size_t *n);

/*
 * Acknowledge alarm ID as OPERATOR with COMMENT (may be NULL or ""; at most
 * STORE_ALARM_COMMENT_MAX bytes of valid UTF-8; control characters are
 * removed). The state table is the core's (pw_alarm_rec_ack, alarm.h):
 * "unack" -> "ack", "rtn_unack" -> "cleared", a shelved alarm not yet
 * acknowledged has its underlying alarm acknowledged (stays shelved);
 * "ack" and "cleared" are STORE_ALARM_ILLEGAL ("alarm 12 is already
 * acknowledged", "alarm 12 is cleared"). Writes alarm_events 'ack' and the
 * duty-log entry "ack alarm 12 (E0001-NH3-01 P1): COMMENT". NEW_STATE (may
 * be NULL) receives the resulting state.
 */
int store_alarm_ack(struct pw_store *st, int64_t id, const char *operator_name, const char *comment,
                    char new_state[STORE_ALARM_STATE_SZ]);

/*
 * Acknowledge several alarms with one comment, in one transaction (the
 * console's "A"). Alarms no longer acknowledgeable (another console got
 * there first, or gone) are skipped, not errors. Writes one alarm_events
 * row per alarm and ONE duty-log entry for the operator's one action:
 * "ack 3 alarms: 12 (E0001-NH3-01 P1), 15 (...), ...: COMMENT" (a long list
 * is cut with "and N more"). *ACKED (may be NULL) = how many were acked.
 */
int store_alarm_ack_many(struct pw_store *st, const int64_t *ids, size_t n,
                         const char *operator_name, const char *comment, size_t *acked);

/*
 * Shelve alarm ID for MINUTES (1..STORE_ALARM_SHELVE_MAX_MIN) from NOW_MS,
 * with REASON (required, non-blank, same rules as an ack comment). Legal
 * for unack, ack and rtn_unack; a shelved alarm may be shelved again (new
 * expiry and reason); a cleared one may not. store_ingest_tick() unshelves
 * it when the time is up. Writes
 * alarm_events 'shelve' and the duty-log entry
 * "shelve alarm 12 (E0001-NH3-01 P1) for 30 min until 16:55: REASON".
 * Bad MINUTES or REASON: STORE_ALARM_ILLEGAL with the message.
 */
int store_alarm_shelve(struct pw_store *st, int64_t id, int minutes, const char *reason,
                       const char *operator_name, int64_t now_ms,
                       char new_state[STORE_ALARM_STATE_SZ]);

/*
 * Unshelve alarm ID now (operator action); legal only when shelved
 * ("alarm 12 is not shelved" otherwise). The state it returns to is the
 * core's table: still active -> unack or ack as it was acknowledged;
 * returned while shelved -> cleared (it is normal now and the operator chose
 * to hide it). Writes alarm_events 'unshelve' and the duty-log entry
 * "unshelve alarm 12 (E0001-NH3-01 P1): now unack".
 */
int store_alarm_unshelve(struct pw_store *st, int64_t id, const char *operator_name,
                         char new_state[STORE_ALARM_STATE_SZ]);

/*
 * Sparkline of sensor SENSOR_CODE over [SINCE_MS, NOW_MS) in BUCKETS equal
 * buckets: OUT[i] = mean of the readings in bucket i, NAN when it has none.
 * Uses the per-minute rollups (raw readings when a bucket is shorter than
 * a minute). PW_STORE_NOTFOUND for an unknown sensor.
 */
int store_sensor_sparkline(struct pw_store *st, const char *sensor_code, int64_t since_ms,
                           int64_t now_ms, size_t buckets, double *out);

/*
 * Take sensor SENSOR_CODE out of service (its readings are still stored but
 * raise no alarms; state "oos") or put it back (state "unknown" until the
 * next reading). REASON is required to take it out. Writes the duty-log
 * entry "sensor E0001-NH3-01 out of service: REASON" / "... back in
 * service". No change when it already is as asked (returns 0).
 */
int store_sensor_set_in_service(struct pw_store *st, const char *sensor_code, bool in_service,
                                const char *operator_name, const char *reason);

#endif
