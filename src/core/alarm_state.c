/*
 * alarm_state.c - the engine's per-sensor state as JSON (sensors.engine).
 *
 * Several processes (recorder, consoles) evaluate the same sensor; they
 * share its state through this text, so it must round-trip exactly and a
 * damaged one must be refused, not half-read.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/alarm.h"
#include "parkwatch/util.h"

#define STATE_VERSION 1

static json_t *ts_json(int64_t ts)
{
	return ts == PW_TS_NONE ? json_null() : json_integer((json_int_t)ts);
}

static json_t *level_json(const struct pw_level_state *st)
{
	return json_pack("{s:i, s:[o, o]}", "level", st->level, "since", ts_json(st->since[0]),
	                 ts_json(st->since[1]));
}

char *pw_alarm_state_to_json(const struct pw_sensor_eval *ev)
{
	json_t *o = json_pack("{s:i, s:o, s:o, s:b, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o, s:o}",
	                      "v", STATE_VERSION,
	                      "limit", level_json(&ev->limit),
	                      "opposite", level_json(&ev->opposite),
	                      "event", ev->event_active,
	                      "tamper", ev->tamper_active,
	                      "fault", ev->fault_active,
	                      "comm", ev->comm_active,
	                      "comm_by_status", ev->comm_by_status,
	                      "last_value", ev->has_value && isfinite(ev->last_value)
	                                            ? json_real(ev->last_value) : json_null(),
	                      "last_ts", ts_json(ev->last_ts),
	                      "last_event_ts", ts_json(ev->last_event_ts),
	                      "last_heard", ts_json(ev->last_heard),
	                      "online", ev->online < 0 ? json_null() : json_boolean(ev->online));
	if (o == NULL)
		abort();  /* only a broken format string or out of memory gets here */
	char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(o);
	if (s == NULL)
		abort();
	/* jansson allocates with malloc by default; hand back an xstrdup'd copy
	 * so the caller's free() is right even if jansson's allocator changes. */
	char *r = xstrdup(s);
	free(s);
	return r;
}

/* An optional time: absent or null is "none". */
static int get_ts(json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v)) {
		*out = PW_TS_NONE;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) == (json_int_t)PW_TS_NONE)
		return -1;
	*out = (int64_t)json_integer_value(v);
	return 0;
}

static int get_bool(json_t *o, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL) {
		*out = false;
		return 0;
	}
	if (!json_is_boolean(v))
		return -1;
	*out = json_is_true(v);
	return 0;
}

static int get_level(json_t *o, const char *key, struct pw_level_state *st)
{
	json_t *v = json_object_get(o, key);
	st->level = 0;
	st->since[0] = st->since[1] = PW_TS_NONE;
	if (v == NULL)
		return 0;
	if (!json_is_object(v))
		return -1;
	json_t *lv = json_object_get(v, "level");
	if (lv != NULL) {
		if (!json_is_integer(lv) || json_integer_value(lv) < 0 || json_integer_value(lv) > 2)
			return -1;
		st->level = (int)json_integer_value(lv);
	}
	json_t *since = json_object_get(v, "since");
	if (since == NULL)
		return 0;
	if (!json_is_array(since) || json_array_size(since) != 2)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		json_t *t = json_array_get(since, i);
		if (json_is_null(t))
			continue;
		if (!json_is_integer(t) || json_integer_value(t) == (json_int_t)PW_TS_NONE)
			return -1;
		st->since[i] = (int64_t)json_integer_value(t);
	}
	return 0;
}

static int parse_state(json_t *o, struct pw_sensor_eval *ev)
{
	if (!json_is_object(o))
		return -1;
	json_t *v = json_object_get(o, "v");
	if (!json_is_integer(v) || json_integer_value(v) != STATE_VERSION)
		return -1;
	if (get_level(o, "limit", &ev->limit) != 0 || get_level(o, "opposite", &ev->opposite) != 0 ||
	    get_bool(o, "event", &ev->event_active) != 0 ||
	    get_bool(o, "tamper", &ev->tamper_active) != 0 ||
	    get_bool(o, "fault", &ev->fault_active) != 0 ||
	    get_bool(o, "comm", &ev->comm_active) != 0 ||
	    get_bool(o, "comm_by_status", &ev->comm_by_status) != 0 ||
	    get_ts(o, "last_ts", &ev->last_ts) != 0 ||
	    get_ts(o, "last_event_ts", &ev->last_event_ts) != 0 ||
	    get_ts(o, "last_heard", &ev->last_heard) != 0)
		return -1;
	json_t *val = json_object_get(o, "last_value");
	if (val != NULL && !json_is_null(val)) {
		if (!json_is_number(val) || !isfinite(json_number_value(val)))
			return -1;
		ev->has_value = true;
		ev->last_value = json_number_value(val);
	}
	json_t *on = json_object_get(o, "online");
	if (on != NULL && !json_is_null(on)) {
		if (!json_is_boolean(on))
			return -1;
		ev->online = json_is_true(on) ? 1 : 0;
	}
	return 0;
}

int pw_alarm_state_from_json(const char *json, struct pw_sensor_eval *ev)
{
	pw_sensor_eval_init(ev);
	if (json == NULL || json[0] == '\0')
		return 0;
	json_error_t err;
	json_t *o = json_loads(json, JSON_REJECT_DUPLICATES, &err);
	if (o == NULL)
		return -1;
	int rc = parse_state(o, ev);
	json_decref(o);
	if (rc != 0)
		pw_sensor_eval_init(ev);
	return rc;
}
