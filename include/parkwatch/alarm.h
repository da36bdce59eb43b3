/*
 * alarm.h - the per-sensor alarm engine and the ISA-18.2 alarm record (core).
 *
 * Three pure, deterministic parts (time comes only from arguments):
 *
 *  1. The ENGINE decides, per sensor, when a condition becomes true or false.
 *     Store code loads the sensor's definition (struct pw_sensor_def, from the
 *     sensors row) and its private engine state (struct pw_sensor_eval, JSON
 *     in sensors.engine), feeds it one message, applies the resulting actions
 *     to the alarms table and saves the state back, all in one BEGIN IMMEDIATE
 *     transaction, so several recorders and consoles can share a sensor.
 *
 *  2. The RECORD state machine (struct pw_alarm_rec) says what an alarm row's
 *     state is after raise / return / ack / shelve / unshelve (table below).
 *
 *  3. The FLOOD detector counts new alarms in a sliding window (EEMUA 191:
 *     more than 10 new alarms in 10 minutes is a flood).
 *
 * Conditions (names match alarms.condition): one alarm per sensor and
 * condition can be open at a time.
 *   limit     the sensor's own limits l1/l2 in its direction (high or low)
 *   opposite  the optional single limit the other way (O2 high at 23.5 %vol
 *             on a low-direction oxygen sensor: oxygen enrichment, fire risk)
 *   event     a detector's own "alarm" event (smoke, flame, camera...)
 *   tamper    a "tamper" event (cover opened, camera masked)
 *   fault     a "fault" event (detector self-test failure)
 *   comm      gateway status "offline", or silence longer than comm_timeout
 *
 * Analog limits, direction high (low is the mirror image, with l2 < l1):
 *   raise L1 at value >= l1, L2 at value >= l2 (held for on_delay_ms first);
 *   a jump from normal to beyond l2 is one RAISE at level 2;
 *   L2 -> L1 (DEESCALATE) when value < l2 - deadband;
 *   return (RETURN) when value < l1 - deadband;
 *   a drop from L2 straight below l1 - deadband is one RETURN.
 * The opposite limit has one level and the same deadband and on-delay.
 *
 * On-delay: the condition must hold on every reading for on_delay_ms before
 * the engine raises (or escalates): a single spike followed by a normal
 * reading raises nothing. The raise is dated when the delay was complete
 * (first reading beyond the limit + on_delay_ms), whether a later reading
 * or pw_alarm_tick() finds it, so the result does not depend on how often
 * ticks run. tick assumes the last value still holds (as a DCS evaluates
 * continuously) only while it is younger than comm_timeout_ms and no comm
 * alarm is active. With on_delay_ms 0 a reading raises at its own ts.
 *
 * Silence is measured from last_heard, the newest message ts (status: the
 * receive time), so a gateway whose clock lags by more than comm_timeout
 * shows as a comm fault, which it is.
 *
 * Readings and events with a ts older than the last one seen are late
 * (out-of-order delivery) and are not evaluated: a stale value must not
 * re-raise or return an alarm. Ingest must feed only NEW messages (its
 * INSERT OR IGNORE on the message identity inserted a row).
 */
#ifndef PARKWATCH_ALARM_H
#define PARKWATCH_ALARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/payload.h"

/* ---------------------------------------------------------------- names */

/* Sensor kinds; names match sensors.kind. */
enum pw_sensor_kind {
	PW_KIND_NH3,
	PW_KIND_LEL,
	PW_KIND_O2,
	PW_KIND_CO,
	PW_KIND_H2S,
	PW_KIND_SMOKE,
	PW_KIND_FLAME,
	PW_KIND_CAMERA,
	PW_KIND_TEMP,
	PW_KIND_OTHER,
	PW_KIND_COUNT
};

enum pw_direction { PW_DIR_HIGH, PW_DIR_LOW };

enum pw_condition {
	PW_COND_LIMIT,
	PW_COND_OPPOSITE,
	PW_COND_EVENT,
	PW_COND_TAMPER,
	PW_COND_FAULT,
	PW_COND_COMM,
	PW_COND_COUNT
};

/* "nh3", "lel", ...; "other" for out-of-range values. */
const char *pw_sensor_kind_name(enum pw_sensor_kind kind);
/* Exact name -> kind; 0, or -1 when unknown. */
int pw_sensor_kind_parse(const char *name, enum pw_sensor_kind *out);
/* True for on/off detectors that report by event: smoke, flame, camera. */
bool pw_sensor_kind_discrete(enum pw_sensor_kind kind);
/* True for toxic or combustible gas: nh3, lel, co, h2s. */
bool pw_sensor_kind_gas(enum pw_sensor_kind kind);

/* "high" / "low"; parse returns 0, or -1 when unknown. */
const char *pw_direction_name(enum pw_direction dir);
int pw_direction_parse(const char *name, enum pw_direction *out);

/* "limit", "opposite", "event", "tamper", "fault", "comm"; parse 0 / -1. */
const char *pw_condition_name(enum pw_condition cond);
int pw_condition_parse(const char *name, enum pw_condition *out);

/* ----------------------------------------------------------- priorities */

/*
 * Priority 1 (most urgent) .. 3, and 4 = diagnostic (equipment, not process).
 * Default mapping, and why:
 *   limit L2, gas (nh3 lel co h2s)       1  second alarm = 200 % OEL / 50 %LEL:
 *                                           evacuate, act now (GB/T 50493)
 *   limit L1, gas                        2  first alarm: investigate promptly
 *   limit any level, o2 (low)            1  19.5 %vol is already unsafe to
 *                                           breathe in a confined space
 *   limit L2 / L1, temp and other        2 / 3  no standard basis; operators
 *                                           tune via the table
 *   opposite (O2 high, enrichment)       2  fire risk, not immediate harm
 *   event, smoke and flame               1  fire until proven otherwise
 *   event, camera and others             2  needs a look at the picture
 *   tamper                               2  a blinded detector hides danger
 *   fault, comm                          4  diagnostic: protection degraded,
 *                                           send maintenance
 * A site may override any cell with its own table.
 */
#define PW_PRIO_DIAG 4

struct pw_priority_table {
	/* prio[kind][cond][level - 1], each 1..4 */
	unsigned char prio[PW_KIND_COUNT][PW_COND_COUNT][2];
};

/* Fill T with the default mapping above. */
void pw_priority_table_defaults(struct pw_priority_table *t);

/* Priority from T (NULL = defaults); LEVEL is 1 or 2 (others treated as 1). */
int pw_alarm_priority(const struct pw_priority_table *t, enum pw_sensor_kind kind,
                      enum pw_condition cond, int level);

/* Short ASCII label for lists: "P1", "P2", "P3", "DIAG"; "P?" otherwise. */
const char *pw_priority_label(int prio);
/* Long Chinese label: "P1 紧急", "P2 重要", "P3 一般", "诊断"; "未知" otherwise. */
const char *pw_priority_label_zh(int prio);

/* ---------------------------------------------------------------- engine */

/* What the engine needs to know of a sensor (one sensors row). */
struct pw_sensor_def {
	enum pw_sensor_kind kind;
	bool discrete;              /* event-driven detector (see pw_sensor_kind_discrete) */
	enum pw_direction direction;
	bool has_l1;
	double l1;
	bool has_l2;
	double l2;
	bool has_opposite;
	double opposite_l1;         /* single limit in the opposite direction */
	double deadband;            /* >= 0, sensor's unit */
	int64_t on_delay_ms;        /* >= 0 */
	int64_t comm_timeout_ms;    /* silence before a comm alarm; 0 disables */
	bool in_service;            /* false: no actions at all (values still kept) */
	char unit[PW_UNIT_MAX + 1]; /* for messages only; "" allowed */
	const struct pw_priority_table *prio;  /* NULL = defaults; not owned */
};

/* A def for KIND with defaults: discrete per kind, high, no limits, no
 * deadband or on-delay, comm timeout 300 s, in service. */
void pw_sensor_def_init(struct pw_sensor_def *def, enum pw_sensor_kind kind);

#define PW_TS_NONE INT64_MIN   /* "no such time" in the engine state */

/* An analog condition's engine state. */
struct pw_level_state {
	int level;                  /* 0 normal, 1 or 2 active */
	int64_t since[2];           /* since[L-1]: start of the run of readings at
	                               or beyond level L not yet raised (on-delay),
	                               PW_TS_NONE when no such run */
};

/*
 * The engine's private state of one sensor. Plain data; persist it with
 * pw_alarm_state_to_json() / pw_alarm_state_from_json().
 */
struct pw_sensor_eval {
	struct pw_level_state limit;
	struct pw_level_state opposite;
	bool event_active, tamper_active, fault_active, comm_active;
	bool comm_by_status;        /* comm raised (or confirmed) by status offline:
	                               status online returns it; silence needs data */
	bool has_value;
	double last_value;          /* last reading's value (kept while out of service) */
	int64_t last_ts;            /* last reading's ts, PW_TS_NONE before any */
	int64_t last_event_ts;      /* last event's ts, PW_TS_NONE before any */
	int64_t last_heard;         /* last message of any kind, or when watching
	                               began (first tick); PW_TS_NONE before either */
	int online;                 /* last status: 1 online, 0 offline, -1 unknown */
};

/* Fresh state: nothing seen, nothing active. */
void pw_sensor_eval_init(struct pw_sensor_eval *ev);

enum pw_action_kind {
	PW_ACT_RAISE,       /* open a row (pw_alarm_rec_init), or, when the sensor's
	                       row for this condition is rtn_unack or shelved and
	                       returned, pw_alarm_rec_reactivate() it (repeats+1) */
	PW_ACT_ESCALATE,    /* same row L1 -> L2: new level/priority/value and
	                       pw_alarm_rec_escalate() (re-annunciate) */
	PW_ACT_DEESCALATE,  /* same row L2 -> L1, still in alarm: level/priority only */
	PW_ACT_RETURN,      /* condition no longer true: pw_alarm_rec_return() */
};

#define PW_ALARM_MSG_SZ 160

/* One thing the store must do to the alarms of this sensor. */
struct pw_alarm_action {
	enum pw_action_kind kind;
	enum pw_condition cond;
	int level;          /* level after the action: 1 or 2; 0 for RETURN */
	int prev_level;     /* level before: 0 for RAISE */
	int priority;       /* 1..4 for the new level; for RETURN, the old level's */
	bool has_value;
	double value;       /* the reading behind it (analog conditions) */
	int64_t ts;         /* when it happened (message ts, or computed by tick) */
	char message[PW_ALARM_MSG_SZ];  /* short ASCII/UTF-8 text for alarms.message */
};

/* Actions one feed can produce at most; ACTIONS arrays must be this big. */
#define PW_ALARM_MAX_ACTIONS 8

/*
 * Feed one reading (ts, finite value). Returns the number of actions written
 * to ACTIONS (0 .. PW_ALARM_MAX_ACTIONS), or -1 when MAX < PW_ALARM_MAX_ACTIONS
 * or VALUE is not finite (state then unchanged). Also returns a comm alarm:
 * data proves the link works. A late reading (ts < last_ts) does not move
 * the state; when it is beyond a limit the sensor is not at now (and the
 * sensor has no on-delay) it gives a raise (or escalate) at its TS and a
 * return (or de-escalate) at last_ts: an excursion that already went back.
 */
int pw_alarm_feed_reading(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                          int64_t ts, double value, struct pw_alarm_action *actions, size_t max);

/*
 * Feed one detector event. alarm raises `event`, clear returns `event`,
 * `tamper` and `fault` (the detector reports itself normal), fault raises
 * `fault`, tamper raises `tamper`. DETAIL (may be NULL; already sanitised)
 * goes into the message. Returns as pw_alarm_feed_reading().
 */
int pw_alarm_feed_event(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                        int64_t ts, enum pw_event event, const char *detail,
                        struct pw_alarm_action *actions, size_t max);

/*
 * Feed a gateway status: offline raises `comm`; online returns a comm alarm
 * that status offline raised (one raised by silence needs data: a retained
 * "online" proves nothing about the sensor) and restarts the silence clock
 * at TS. Returns as pw_alarm_feed_reading().
 */
int pw_alarm_feed_status(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                         int64_t ts, bool online, struct pw_alarm_action *actions, size_t max);

/*
 * Periodic evaluation at NOW: raises `comm` once silence reaches
 * comm_timeout_ms (ts = last_heard + timeout) and completes on-delays whose
 * time has come. The first tick of a never-heard sensor starts its silence
 * clock. Returns as pw_alarm_feed_reading().
 * A process that starts (or reconnects) should drain the messages the broker
 * queued for it before ticking, or a backlog looks like silence and raises
 * comm alarms that the backlog then returns.
 */
int pw_alarm_tick(const struct pw_sensor_def *def, struct pw_sensor_eval *ev, int64_t now,
                  struct pw_alarm_action *actions, size_t max);

/*
 * The earliest time at which pw_alarm_tick() would do something for this
 * sensor if no message came before: its comm timeout (0 for a never-heard
 * sensor whose silence clock has not started: "at once") or an on-delay that
 * completes while the last value is still fresh. PW_TS_NONE when ticks can
 * do nothing (out of service, comm alarm active, nothing pending). A tick at
 * or after this time changes the state so that the next due time is later,
 * which is what lets the store keep it in an indexed column and tick only
 * the sensors whose time has come.
 */
int64_t pw_alarm_tick_due(const struct pw_sensor_def *def, const struct pw_sensor_eval *ev);

/*
 * The sensor was taken out of service at TS: RETURN for every active
 * condition (so nothing stays annunciated for a sensor nobody watches) and
 * all pending on-delays dropped; last value and ts are kept. Returns as
 * pw_alarm_feed_reading(). Call it before saving in_service = 0.
 */
int pw_alarm_remove_from_service(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                                 int64_t ts, struct pw_alarm_action *actions, size_t max);

/*
 * Summary for sensors.state: "oos" out of service; else the worst of "l2",
 * "alarm" (event or tamper), "l1" (limit L1 or opposite), "fault",
 * "offline" (comm); else "unknown" before any data, "normal" otherwise.
 */
const char *pw_alarm_sensor_state(const struct pw_sensor_def *def, const struct pw_sensor_eval *ev);

/* "raise", "escalate", "deescalate", "return" (alarm_events.kind). */
const char *pw_action_kind_name(enum pw_action_kind kind);

/*
 * Engine state as compact JSON (caller frees), e.g.
 * {"v":1,"limit":{"level":1},"online":1,"last_ts":...}. Times are integers;
 * last_value is printed with full precision so a round trip is exact.
 */
char *pw_alarm_state_to_json(const struct pw_sensor_eval *ev);

/*
 * Parse what pw_alarm_state_to_json() wrote. NULL or "" gives a fresh state
 * (a sensor never evaluated). Returns 0, or -1 when the text is not a valid
 * state: *EV is then a fresh state, so the caller can log and carry on.
 */
int pw_alarm_state_from_json(const char *json, struct pw_sensor_eval *ev);

/* ------------------------------------------------------ ISA-18.2 record */

/* Contract states of an alarm row (alarms.state). */
enum pw_alarm_state {
	PW_AST_UNACK,       /* active, unacknowledged */
	PW_AST_ACK,         /* active, acknowledged */
	PW_AST_RTN_UNACK,   /* returned to normal, not yet acknowledged */
	PW_AST_CLEARED,     /* closed: returned and acknowledged */
	PW_AST_SHELVED,     /* hidden by an operator until shelved_until */
};

/*
 * One alarm row's lifecycle flags. `closed` means the row is finished
 * (cleared); a new occurrence then needs a new row.
 *
 * Transitions (state shown is pw_alarm_rec_state(); "-" = refused):
 *
 *   from \ op   reactivate    escalate  return       ack          shelve       unshelve
 *   unack       -             unack     rtn_unack    ack          shelved      -
 *   ack         -             unack     cleared      -            shelved      -
 *   rtn_unack   unack,rep+1   -         -            cleared      shelved      -
 *   cleared     - (new row)   -         -            -            -            -
 *   shelved     shelved       shelved   shelved(*)   shelved(**)  shelved(***) underlying
 *
 *   (*)   an unacked alarm returning while shelved stays hidden; an acked one
 *         is cleared (nothing left to show).
 *   (**)  ack while shelved acknowledges the underlying alarm; if it had
 *         already returned, it is cleared.
 *   (***) re-shelving replaces the expiry and reason.
 *   unshelve (operator, or pw_alarm_rec_expire() at shelved_until) restores
 *   the underlying state: active -> unack/ack; returned while shelved -> cleared
 *   (it is clear now and the operator chose to hide it).
 *   Reactivation while shelved sets active again (repeats+1), still hidden.
 *
 * Shelving needs a non-blank reason and an expiry after now.
 */
struct pw_alarm_rec {
	bool active;
	bool acked;
	bool shelved;
	bool closed;
	int64_t shelved_until;  /* valid while shelved */
	int repeats;            /* reactivations of this row (chattering counter) */
};

/* A new alarm: active, unacknowledged, not shelved, repeats 0. */
void pw_alarm_rec_init(struct pw_alarm_rec *r);

/* Current contract state. */
enum pw_alarm_state pw_alarm_rec_state(const struct pw_alarm_rec *r);

/* "unack", "ack", "rtn_unack", "cleared", "shelved"; parse 0 / -1. */
const char *pw_alarm_state_name(enum pw_alarm_state st);
int pw_alarm_state_parse(const char *name, enum pw_alarm_state *out);

/*
 * Rebuild flags from a row's columns (state, active, acked, shelved_until,
 * repeats). Returns 0, or -1 when they contradict each other.
 */
int pw_alarm_rec_from_row(struct pw_alarm_rec *r, enum pw_alarm_state st, bool active,
                          bool acked, int64_t shelved_until, int repeats);

/*
 * Each operation returns 0 when it changed the record, or -1 when refused
 * (record untouched) with a static reason in *WHY (WHY may be NULL):
 * "alarm is cleared", "alarm is already active", "alarm is not active",
 * "alarm is already acknowledged", "shelving needs a reason",
 * "shelve expiry must be in the future", "alarm is not shelved".
 */
int pw_alarm_rec_reactivate(struct pw_alarm_rec *r, const char **why);
/* ESCALATE of an active alarm: unacknowledged again (re-annunciated), not a repeat. */
int pw_alarm_rec_escalate(struct pw_alarm_rec *r, const char **why);
int pw_alarm_rec_return(struct pw_alarm_rec *r, const char **why);
int pw_alarm_rec_ack(struct pw_alarm_rec *r, const char **why);
int pw_alarm_rec_shelve(struct pw_alarm_rec *r, int64_t now, int64_t until, const char *reason,
                        const char **why);
int pw_alarm_rec_unshelve(struct pw_alarm_rec *r, const char **why);

/* Unshelve when shelved and NOW >= shelved_until. Returns true when it did. */
bool pw_alarm_rec_expire(struct pw_alarm_rec *r, int64_t now);

/* ------------------------------------------------------------------ flood */

#define PW_FLOOD_CAP 256  /* thresholds must stay below this */

/* Ring of the raise times of the most recent new alarms. Zero it or init it. */
struct pw_flood {
	int64_t ts[PW_FLOOD_CAP];
	size_t next;    /* slot the next note goes into */
	size_t n;       /* slots used, <= PW_FLOOD_CAP */
};

void pw_flood_init(struct pw_flood *f);

/* Record one new alarm raised at TS (any order; the oldest note is dropped when full). */
void pw_flood_note(struct pw_flood *f, int64_t ts);

/* New alarms with ts > NOW - WINDOW_MS (later ones count too: skewed clocks). */
unsigned pw_flood_count(const struct pw_flood *f, int64_t now, int64_t window_ms);

/* True when more than COUNT new alarms fell in the window (EEMUA: 10 in 600 s). */
bool pw_flood_active(const struct pw_flood *f, int64_t now, unsigned count, int64_t window_ms);

/* Rate over the window, scaled to alarms per 10 minutes (0 for a window <= 0). */
double pw_flood_rate(const struct pw_flood *f, int64_t now, int64_t window_ms);

#endif
