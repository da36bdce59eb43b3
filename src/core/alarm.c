/*
 * alarm.c - the per-sensor alarm engine: names, priorities, and the feed
 * functions that turn readings, events, statuses and the passing of time
 * into RAISE / ESCALATE / DEESCALATE / RETURN actions (see alarm.h).
 *
 * Pure: no clock, no I/O. The same inputs in the same order always give the
 * same actions, which is what lets several processes share one sensor's
 * state through the database.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/alarm.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* ---------------------------------------------------------------- names */

static const char *const kind_names[PW_KIND_COUNT] = {
	"nh3", "lel", "o2", "co", "h2s", "smoke", "flame", "camera", "temp", "other",
};
static const char *const cond_names[PW_COND_COUNT] = {
	"limit", "opposite", "event", "tamper", "fault", "comm",
};
static const char *const action_names[] = {"raise", "escalate", "deescalate", "return"};

static int parse_name(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *pw_sensor_kind_name(enum pw_sensor_kind kind)
{
	return (unsigned)kind < PW_KIND_COUNT ? kind_names[kind] : "other";
}

int pw_sensor_kind_parse(const char *name, enum pw_sensor_kind *out)
{
	int i = parse_name(kind_names, PW_KIND_COUNT, name);
	if (i < 0)
		return -1;
	*out = (enum pw_sensor_kind)i;
	return 0;
}

bool pw_sensor_kind_discrete(enum pw_sensor_kind kind)
{
	return kind == PW_KIND_SMOKE || kind == PW_KIND_FLAME || kind == PW_KIND_CAMERA;
}

bool pw_sensor_kind_gas(enum pw_sensor_kind kind)
{
	return kind == PW_KIND_NH3 || kind == PW_KIND_LEL || kind == PW_KIND_CO || kind == PW_KIND_H2S;
}

const char *pw_direction_name(enum pw_direction dir)
{
	return dir == PW_DIR_LOW ? "low" : "high";
}

int pw_direction_parse(const char *name, enum pw_direction *out)
{
	static const char *const names[] = {"high", "low"};
	int i = parse_name(names, 2, name);
	if (i < 0)
		return -1;
	*out = i == 0 ? PW_DIR_HIGH : PW_DIR_LOW;
	return 0;
}

const char *pw_condition_name(enum pw_condition cond)
{
	return (unsigned)cond < PW_COND_COUNT ? cond_names[cond] : "?";
}

int pw_condition_parse(const char *name, enum pw_condition *out)
{
	int i = parse_name(cond_names, PW_COND_COUNT, name);
	if (i < 0)
		return -1;
	*out = (enum pw_condition)i;
	return 0;
}

const char *pw_action_kind_name(enum pw_action_kind kind)
{
	return (unsigned)kind < PW_ARRAY_LEN(action_names) ? action_names[kind] : "?";
}

/* ----------------------------------------------------------- priorities */

/* The documented default mapping (alarm.h explains each choice). */
static int default_priority(enum pw_sensor_kind kind, enum pw_condition cond, int level)
{
	switch (cond) {
	case PW_COND_LIMIT:
		if (kind == PW_KIND_O2)
			return 1;
		if (pw_sensor_kind_gas(kind))
			return level >= 2 ? 1 : 2;
		return level >= 2 ? 2 : 3;
	case PW_COND_OPPOSITE:
		return 2;
	case PW_COND_EVENT:
		return kind == PW_KIND_SMOKE || kind == PW_KIND_FLAME ? 1 : 2;
	case PW_COND_TAMPER:
		return 2;
	case PW_COND_FAULT:
	case PW_COND_COMM:
	default:
		return PW_PRIO_DIAG;
	}
}

void pw_priority_table_defaults(struct pw_priority_table *t)
{
	for (int k = 0; k < PW_KIND_COUNT; k++)
		for (int c = 0; c < PW_COND_COUNT; c++)
			for (int l = 0; l < 2; l++)
				t->prio[k][c][l] = (unsigned char)default_priority(
					(enum pw_sensor_kind)k, (enum pw_condition)c, l + 1);
}

int pw_alarm_priority(const struct pw_priority_table *t, enum pw_sensor_kind kind,
                      enum pw_condition cond, int level)
{
	if ((unsigned)kind >= PW_KIND_COUNT)
		kind = PW_KIND_OTHER;
	if ((unsigned)cond >= PW_COND_COUNT)
		return PW_PRIO_DIAG;
	int li = level >= 2 ? 1 : 0;
	if (t != NULL && t->prio[kind][cond][li] >= 1 && t->prio[kind][cond][li] <= 4)
		return t->prio[kind][cond][li];
	return default_priority(kind, cond, li + 1);
}

const char *pw_priority_label(int prio)
{
	static const char *const labels[] = {"P1", "P2", "P3", "DIAG"};
	return prio >= 1 && prio <= 4 ? labels[prio - 1] : "P?";
}

const char *pw_priority_label_zh(int prio)
{
	static const char *const labels[] = {"P1 紧急", "P2 重要", "P3 一般", "诊断"};
	return prio >= 1 && prio <= 4 ? labels[prio - 1] : "未知";
}

/* ------------------------------------------------------- engine helpers */

void pw_sensor_def_init(struct pw_sensor_def *def, enum pw_sensor_kind kind)
{
	memset(def, 0, sizeof *def);
	def->kind = kind;
	def->discrete = pw_sensor_kind_discrete(kind);
	def->direction = PW_DIR_HIGH;
	def->comm_timeout_ms = 300 * 1000;
	def->in_service = true;
}

void pw_sensor_eval_init(struct pw_sensor_eval *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->limit.since[0] = ev->limit.since[1] = PW_TS_NONE;
	ev->opposite.since[0] = ev->opposite.since[1] = PW_TS_NONE;
	ev->last_ts = ev->last_event_ts = ev->last_heard = PW_TS_NONE;
	ev->online = -1;
}

static int64_t sat_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

static int64_t sat_sub(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* The actions of one feed call. */
struct out {
	const struct pw_sensor_def *def;
	struct pw_alarm_action *a;
	size_t n;
};

/*
 * Append one action; priority follows the new level (the old one for RETURN).
 * One feed emits at most 2 steps per analog condition, 2 for a late reading
 * and one per discrete condition, all within PW_ALARM_MAX_ACTIONS; reaching
 * it is a broken invariant of this file, not a capacity met at run time, so
 * it stops here rather than write past the caller's array.
 */
static struct pw_alarm_action *emit(struct out *o, enum pw_action_kind kind, enum pw_condition cond,
                                    int prev, int level, int64_t ts)
{
	if (o->n >= PW_ALARM_MAX_ACTIONS)
		abort();
	struct pw_alarm_action *a = &o->a[o->n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->cond = cond;
	a->prev_level = prev;
	a->level = level;
	a->ts = ts;
	int plevel = kind == PW_ACT_RETURN ? (prev > 0 ? prev : 1) : level;
	a->priority = pw_alarm_priority(o->def->prio, o->def->kind, cond, plevel);
	return a;
}

static void set_value(struct pw_alarm_action *a, double v)
{
	a->has_value = true;
	a->value = v;
}

static void heard(struct pw_sensor_eval *ev, int64_t ts)
{
	if (ev->last_heard == PW_TS_NONE || ts > ev->last_heard)
		ev->last_heard = ts;
}

/* Data arrived: the link works, so a comm alarm returns whatever raised it. */
static void comm_return(struct out *o, struct pw_sensor_eval *ev, int64_t ts, const char *why)
{
	if (!ev->comm_active)
		return;
	ev->comm_active = false;
	ev->comm_by_status = false;
	struct pw_alarm_action *a = emit(o, PW_ACT_RETURN, PW_COND_COMM, 1, 0, ts);
	snprintf(a->message, sizeof a->message, "%s", why);
}

/* ------------------------------------------------------- analog limits */

/* One analog condition's limits: the sensor's own two, or the opposite one. */
struct limits {
	enum pw_condition cond;
	enum pw_direction dir;
	bool has[2];
	double th[2];
	double deadband;
};

static void limits_of(const struct pw_sensor_def *def, enum pw_condition cond, struct limits *L)
{
	memset(L, 0, sizeof *L);
	L->cond = cond;
	L->deadband = def->deadband > 0 && isfinite(def->deadband) ? def->deadband : 0;
	if (cond == PW_COND_LIMIT) {
		L->dir = def->direction;
		L->has[0] = def->has_l1 && isfinite(def->l1);
		L->th[0] = def->l1;
		L->has[1] = def->has_l2 && isfinite(def->l2);
		L->th[1] = def->l2;
	} else {
		L->dir = def->direction == PW_DIR_LOW ? PW_DIR_HIGH : PW_DIR_LOW;
		L->has[0] = def->has_opposite && isfinite(def->opposite_l1);
		L->th[0] = def->opposite_l1;
	}
}

/* The value is at or beyond the limit (high: >=, low: <=). */
static bool beyond(const struct limits *L, double v, double lim)
{
	return L->dir == PW_DIR_HIGH ? v >= lim : v <= lim;
}

/* The value has come back past the limit by more than the deadband. */
static bool back_past(const struct limits *L, double v, double lim)
{
	return L->dir == PW_DIR_HIGH ? v < lim - L->deadband : v > lim + L->deadband;
}

/*
 * The level the value asks for, given the current one: going up uses the
 * plain limits; coming down only leaves a level once the value is back past
 * its limit by more than the deadband (hysteresis against chattering).
 */
static int target_level(const struct limits *L, int cur, double v)
{
	int raw = 0;
	if (L->has[1] && beyond(L, v, L->th[1]))
		raw = 2;
	else if (L->has[0] && beyond(L, v, L->th[0]))
		raw = 1;
	int t = cur;
	while (t > raw && (!L->has[t - 1] || back_past(L, v, L->th[t - 1])))
		t--;
	return t > raw ? t : raw;
}

static void limit_message(const struct pw_sensor_def *def, const struct limits *L,
                          struct pw_alarm_action *a, double v)
{
	const char *u = def->unit[0] != '\0' ? " " : "";
	const char *op = L->dir == PW_DIR_HIGH ? ">=" : "<=";
	const char *dir = pw_direction_name(L->dir);
	switch (a->kind) {
	case PW_ACT_RAISE:
	case PW_ACT_ESCALATE:
		if (L->cond == PW_COND_OPPOSITE)
			snprintf(a->message, sizeof a->message, "%s limit (opposite): %g %s %g%s%s", dir, v,
			         op, L->th[0], u, def->unit);
		else
			snprintf(a->message, sizeof a->message, "L%d %s: %g %s %g%s%s", a->level, dir, v, op,
			         L->th[a->level - 1], u, def->unit);
		break;
	case PW_ACT_DEESCALATE:
		snprintf(a->message, sizeof a->message, "back to L1 %s: %g%s%s", dir, v, u, def->unit);
		break;
	case PW_ACT_RETURN:
		snprintf(a->message, sizeof a->message, "returned to normal: %g%s%s", v, u, def->unit);
		break;
	}
}

/* When level LV's on-delay completes, or PW_TS_NONE when it is not pending. */
static int64_t due_at(const struct out *o, const struct limits *L, const struct pw_level_state *st,
                      int lv)
{
	if (!L->has[lv - 1] || st->since[lv - 1] == PW_TS_NONE)
		return PW_TS_NONE;
	return sat_add(st->since[lv - 1], o->def->on_delay_ms);
}

/*
 * Raise or escalate every pending level whose on-delay is complete by UPTO,
 * lowest first, each dated when its delay completed; levels completing at
 * the same moment are one step (normal straight to L2 is one RAISE). Levels
 * without a limit are stepped over (a sensor with only l2 raises at L2).
 */
static void complete_delays(struct out *o, const struct limits *L, struct pw_level_state *st,
                            int64_t upto, double v)
{
	int lv = st->level + 1;
	while (lv <= 2) {
		if (!L->has[lv - 1]) {
			lv++;
			continue;
		}
		int64_t due = due_at(o, L, st, lv);
		if (due == PW_TS_NONE || due > upto)
			break;
		int top = lv;
		while (top < 2 && due_at(o, L, st, top + 1) == due)
			top++;
		enum pw_action_kind k = st->level == 0 ? PW_ACT_RAISE : PW_ACT_ESCALATE;
		struct pw_alarm_action *a = emit(o, k, L->cond, st->level, top, due);
		set_value(a, v);
		limit_message(o->def, L, a, v);
		for (int i = 0; i < top; i++)
			st->since[i] = PW_TS_NONE;
		st->level = top;
		lv = top + 1;
	}
}

/* Evaluate one analog condition on a reading. */
static void eval_analog(struct out *o, enum pw_condition cond, struct pw_level_state *st,
                        int64_t ts, double v)
{
	struct limits L;
	limits_of(o->def, cond, &L);
	int cur = st->level;
	int target = target_level(&L, cur, v);
	for (int lv = 1; lv <= 2; lv++) {
		if (lv <= cur || lv > target)
			st->since[lv - 1] = PW_TS_NONE;
		else if (st->since[lv - 1] == PW_TS_NONE)
			st->since[lv - 1] = ts;
	}
	if (target < cur) {
		enum pw_action_kind k = target == 0 ? PW_ACT_RETURN : PW_ACT_DEESCALATE;
		struct pw_alarm_action *a = emit(o, k, cond, cur, target, ts);
		set_value(a, v);
		limit_message(o->def, &L, a, v);
		st->level = target;
		return;
	}
	complete_delays(o, &L, st, ts, v);
}

/* ------------------------------------------------------------- feeding */

/*
 * A late reading (older than the newest) beyond a limit the sensor is not
 * at now: the excursion happened and must be seen, but the newer reading
 * says where the value is. So it is an alarm that has already gone back:
 * raised (or escalated) at the late reading's time and returned (or
 * de-escalated) at the newest's, for the operator to acknowledge; the
 * current state does not move. With an on-delay one sample cannot prove
 * the value stayed there, so a late one raises nothing.
 */
static void late_excursion(struct out *o, struct pw_sensor_eval *ev, enum pw_condition cond,
                           struct pw_level_state *st, int64_t ts, double v)
{
	struct limits L;
	limits_of(o->def, cond, &L);
	int cur = st->level;
	int peak = target_level(&L, 0, v);
	if (peak <= cur)
		return;
	struct pw_alarm_action *a = emit(o, cur == 0 ? PW_ACT_RAISE : PW_ACT_ESCALATE, cond, cur, peak, ts);
	set_value(a, v);
	limit_message(o->def, &L, a, v);
	size_t len = strlen(a->message);
	snprintf(a->message + len, sizeof a->message - len, " (late reading)");
	pw_utf8_trim_partial(a->message);
	a = emit(o, cur == 0 ? PW_ACT_RETURN : PW_ACT_DEESCALATE, cond, peak, cur, ev->last_ts);
	set_value(a, ev->last_value);
	limit_message(o->def, &L, a, ev->last_value);
}

int pw_alarm_feed_reading(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                          int64_t ts, double value, struct pw_alarm_action *actions, size_t max)
{
	if (max < PW_ALARM_MAX_ACTIONS || !isfinite(value))
		return -1;
	if (ev->last_ts != PW_TS_NONE && ts < ev->last_ts) {
		/* Late: it must not move the state, but an excursion is not lost. */
		struct out o = {def, actions, 0};
		if (!def->in_service || def->on_delay_ms > 0 || !ev->has_value)
			return 0;
		late_excursion(&o, ev, PW_COND_LIMIT, &ev->limit, ts, value);
		late_excursion(&o, ev, PW_COND_OPPOSITE, &ev->opposite, ts, value);
		return (int)o.n;
	}
	struct out o = {def, actions, 0};
	ev->has_value = true;
	ev->last_value = value;
	ev->last_ts = ts;
	heard(ev, ts);
	if (!def->in_service)
		return 0;
	comm_return(&o, ev, ts, "data received");
	eval_analog(&o, PW_COND_LIMIT, &ev->limit, ts, value);
	eval_analog(&o, PW_COND_OPPOSITE, &ev->opposite, ts, value);
	return (int)o.n;
}

/* snprintf may cut a multi-byte character at the end: drop that partial tail. */
/* Raise a discrete condition unless it already is active. */
static void raise_discrete(struct out *o, bool *active, enum pw_condition cond, int64_t ts,
                           const char *what, const char *detail)
{
	if (*active)
		return;
	*active = true;
	struct pw_alarm_action *a = emit(o, PW_ACT_RAISE, cond, 0, 1, ts);
	if (detail != NULL && detail[0] != '\0')
		snprintf(a->message, sizeof a->message, "%s: %s", what, detail);
	else
		snprintf(a->message, sizeof a->message, "%s", what);
	pw_utf8_trim_partial(a->message);
}

static void return_discrete(struct out *o, bool *active, enum pw_condition cond, int64_t ts)
{
	if (!*active)
		return;
	*active = false;
	struct pw_alarm_action *a = emit(o, PW_ACT_RETURN, cond, 1, 0, ts);
	snprintf(a->message, sizeof a->message, "detector clear");
}

int pw_alarm_feed_event(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                        int64_t ts, enum pw_event event, const char *detail,
                        struct pw_alarm_action *actions, size_t max)
{
	if (max < PW_ALARM_MAX_ACTIONS || (unsigned)event > PW_EVENT_TAMPER)
		return -1;
	if (ev->last_event_ts != PW_TS_NONE && ts < ev->last_event_ts)
		return 0;
	struct out o = {def, actions, 0};
	ev->last_event_ts = ts;
	heard(ev, ts);
	if (!def->in_service)
		return 0;
	comm_return(&o, ev, ts, "data received");
	switch (event) {
	case PW_EVENT_ALARM:
		raise_discrete(&o, &ev->event_active, PW_COND_EVENT, ts, "detector alarm", detail);
		break;
	case PW_EVENT_CLEAR:
		return_discrete(&o, &ev->event_active, PW_COND_EVENT, ts);
		return_discrete(&o, &ev->tamper_active, PW_COND_TAMPER, ts);
		return_discrete(&o, &ev->fault_active, PW_COND_FAULT, ts);
		break;
	case PW_EVENT_FAULT:
		raise_discrete(&o, &ev->fault_active, PW_COND_FAULT, ts, "detector fault", detail);
		break;
	case PW_EVENT_TAMPER:
		raise_discrete(&o, &ev->tamper_active, PW_COND_TAMPER, ts, "tamper", detail);
		break;
	}
	return (int)o.n;
}

int pw_alarm_feed_status(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                         int64_t ts, bool online, struct pw_alarm_action *actions, size_t max)
{
	if (max < PW_ALARM_MAX_ACTIONS)
		return -1;
	struct out o = {def, actions, 0};
	ev->online = online ? 1 : 0;
	if (online)
		heard(ev, ts);
	if (!def->in_service)
		return 0;
	if (online) {
		if (ev->comm_by_status)
			comm_return(&o, ev, ts, "gateway online");
	} else if (!ev->comm_active) {
		ev->comm_active = true;
		ev->comm_by_status = true;
		struct pw_alarm_action *a = emit(&o, PW_ACT_RAISE, PW_COND_COMM, 0, 1, ts);
		snprintf(a->message, sizeof a->message, "gateway offline");
	} else {
		ev->comm_by_status = true;
	}
	return (int)o.n;
}

int pw_alarm_tick(const struct pw_sensor_def *def, struct pw_sensor_eval *ev, int64_t now,
                  struct pw_alarm_action *actions, size_t max)
{
	if (max < PW_ALARM_MAX_ACTIONS)
		return -1;
	struct out o = {def, actions, 0};
	if (ev->last_heard == PW_TS_NONE)
		ev->last_heard = now;  /* never heard: silence counts from now */
	if (!def->in_service)
		return 0;
	if (!ev->comm_active && ev->has_value) {
		/* The last value stands for the present only while it is fresh. */
		int64_t upto = now;
		if (def->comm_timeout_ms > 0 && sat_add(ev->last_ts, def->comm_timeout_ms) < upto)
			upto = sat_add(ev->last_ts, def->comm_timeout_ms);
		struct limits L;
		limits_of(def, PW_COND_LIMIT, &L);
		complete_delays(&o, &L, &ev->limit, upto, ev->last_value);
		limits_of(def, PW_COND_OPPOSITE, &L);
		complete_delays(&o, &L, &ev->opposite, upto, ev->last_value);
	}
	if (def->comm_timeout_ms > 0 && !ev->comm_active &&
	    sat_sub(now, ev->last_heard) >= def->comm_timeout_ms) {
		ev->comm_active = true;
		ev->comm_by_status = false;
		int64_t ts = sat_add(ev->last_heard, def->comm_timeout_ms);
		struct pw_alarm_action *a = emit(&o, PW_ACT_RAISE, PW_COND_COMM, 0, 1, ts);
		snprintf(a->message, sizeof a->message, "no data for %lld s",
		         (long long)(def->comm_timeout_ms / 1000));
	}
	return (int)o.n;
}

/* When the next on-delay of one analog condition completes, PW_TS_NONE if none. */
static int64_t delay_due(const struct pw_sensor_def *def, enum pw_condition cond,
                         const struct pw_level_state *st)
{
	struct out o = {def, NULL, 0};
	struct limits L;
	limits_of(def, cond, &L);
	/* complete_delays() looks at the first level above the current one that has a limit. */
	for (size_t i = st->level > 0 ? (size_t)st->level : 0; i < PW_ARRAY_LEN(L.has); i++)
		if (L.has[i])
			return due_at(&o, &L, st, (int)i + 1);
	return PW_TS_NONE;
}

int64_t pw_alarm_tick_due(const struct pw_sensor_def *def, const struct pw_sensor_eval *ev)
{
	if (!def->in_service)
		return PW_TS_NONE;
	int64_t due = PW_TS_NONE;
	bool watch_comm = def->comm_timeout_ms > 0 && !ev->comm_active;
	if (watch_comm)
		due = ev->last_heard == PW_TS_NONE ? 0 : sat_add(ev->last_heard, def->comm_timeout_ms);
	if (!ev->comm_active && ev->has_value) {
		/* pw_alarm_tick() completes a delay only while the last value is fresh. */
		int64_t fresh_to = def->comm_timeout_ms > 0 ? sat_add(ev->last_ts, def->comm_timeout_ms)
		                                            : INT64_MAX;
		int64_t d[2] = {delay_due(def, PW_COND_LIMIT, &ev->limit),
		                delay_due(def, PW_COND_OPPOSITE, &ev->opposite)};
		for (int i = 0; i < 2; i++)
			if (d[i] != PW_TS_NONE && d[i] <= fresh_to && (due == PW_TS_NONE || d[i] < due))
				due = d[i];
	}
	return due;
}

int pw_alarm_remove_from_service(const struct pw_sensor_def *def, struct pw_sensor_eval *ev,
                                 int64_t ts, struct pw_alarm_action *actions, size_t max)
{
	if (max < PW_ALARM_MAX_ACTIONS)
		return -1;
	struct out o = {def, actions, 0};
	struct {
		enum pw_condition cond;
		struct pw_level_state *st;
	} analog[] = {{PW_COND_LIMIT, &ev->limit}, {PW_COND_OPPOSITE, &ev->opposite}};
	for (size_t i = 0; i < PW_ARRAY_LEN(analog); i++) {
		struct pw_level_state *st = analog[i].st;
		if (st->level > 0) {
			struct pw_alarm_action *a = emit(&o, PW_ACT_RETURN, analog[i].cond, st->level, 0, ts);
			snprintf(a->message, sizeof a->message, "removed from service");
		}
		st->level = 0;
		st->since[0] = st->since[1] = PW_TS_NONE;
	}
	struct {
		enum pw_condition cond;
		bool *active;
	} discrete[] = {{PW_COND_EVENT, &ev->event_active}, {PW_COND_TAMPER, &ev->tamper_active},
	                {PW_COND_FAULT, &ev->fault_active}, {PW_COND_COMM, &ev->comm_active}};
	for (size_t i = 0; i < PW_ARRAY_LEN(discrete); i++) {
		if (*discrete[i].active) {
			struct pw_alarm_action *a = emit(&o, PW_ACT_RETURN, discrete[i].cond, 1, 0, ts);
			snprintf(a->message, sizeof a->message, "removed from service");
		}
		*discrete[i].active = false;
	}
	ev->comm_by_status = false;
	return (int)o.n;
}

const char *pw_alarm_sensor_state(const struct pw_sensor_def *def, const struct pw_sensor_eval *ev)
{
	if (!def->in_service)
		return "oos";
	if (ev->limit.level >= 2)
		return "l2";
	if (ev->event_active || ev->tamper_active)
		return "alarm";
	if (ev->limit.level == 1 || ev->opposite.level > 0)
		return "l1";
	if (ev->fault_active)
		return "fault";
	if (ev->comm_active)
		return "offline";
	if (!ev->has_value && ev->last_event_ts == PW_TS_NONE)
		return "unknown";
	return "normal";
}
