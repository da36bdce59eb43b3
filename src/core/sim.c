/*
 * sim.c - simulated sensor traffic for the seeded park (sim.h).
 *
 * Everything is driven by one PRNG and simulated time, consumed in a fixed
 * order, so a seed replays exactly. Readings take the round-robin slots;
 * everything else (wind, heartbeats, detector events, gateway outages) sits
 * in a time-ordered queue of "extras" and takes the slot when it is due.
 * Scenario effects on analog sensors are value profiles: rise to a peak,
 * hold, fall back to the normal band.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parkwatch/geo.h"
#include "parkwatch/sim.h"
#include "parkwatch/util.h"

#include "sim_private.h"

const char *const sim_event_names[] = {"alarm", "clear", "fault", "tamper"};

const char *pw_sim_scenario_name(enum pw_sim_scenario sc)
{
	switch (sc) {
	case PW_SIM_AMMONIA_LEAK:
		return "ammonia-leak";
	case PW_SIM_STORM:
		return "storm";
	case PW_SIM_NORMAL:
		break;
	}
	return "normal";
}

int pw_sim_scenario_parse(const char *name, enum pw_sim_scenario *out)
{
	static const enum pw_sim_scenario all[] = {PW_SIM_NORMAL, PW_SIM_AMMONIA_LEAK, PW_SIM_STORM};
	for (size_t i = 0; i < PW_ARRAY_LEN(all); i++) {
		if (name && strcmp(name, pw_sim_scenario_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	}
	return -1;
}

/* ---- the extras queue: a binary min-heap on (t, seq) ------------------- */

static bool extra_before(const struct extra *a, const struct extra *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void sim_push(struct pw_sim *s, int64_t t, enum extra_kind kind, int idx, int arg,
                 const char *detail)
{
	if (s->n_heap == s->cap_heap) {
		s->cap_heap = s->cap_heap ? s->cap_heap * 2 : 64;
		s->heap = xrealloc(s->heap, s->cap_heap * sizeof *s->heap);
	}
	struct extra e = {t, s->seq++, kind, idx, arg, detail};
	size_t i = s->n_heap++;
	while (i > 0 && extra_before(&e, &s->heap[(i - 1) / 2])) {
		s->heap[i] = s->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	s->heap[i] = e;
}

static struct extra pop(struct pw_sim *s)
{
	struct extra top = s->heap[0];
	struct extra last = s->heap[--s->n_heap];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= s->n_heap)
			break;
		if (c + 1 < s->n_heap && extra_before(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!extra_before(&s->heap[c], &last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->n_heap > 0)
		s->heap[i] = last;
	return top;
}

/* ---- helpers ---------------------------------------------------------- */

double sim_uniform(struct pw_sim *s, double lo, double hi)
{
	return lo + (hi - lo) * pw_rng_unit(&s->rng);
}

int64_t sim_exp_ms(struct pw_sim *s, double mean_ms)
{
	return (int64_t)(-mean_ms * log(1.0 - pw_rng_unit(&s->rng))) + 1;
}

bool sim_kind_is(const struct pw_sim_sensor *x, const char *kind)
{
	return strcmp(x->kind, kind) == 0;
}

static bool kind_discrete(const struct pw_sim_sensor *x)
{
	return sim_kind_is(x, "smoke") || sim_kind_is(x, "flame") || sim_kind_is(x, "camera");
}

/* A value past the sensor's level-1 (level 2: past l2) limit, by FACTOR. */
double sim_beyond(const struct pw_sim_sensor *x, int level, double factor)
{
	double lim = level == 2 && x->has_l2 ? x->l2 : x->l1;
	double d = fabs(lim) * (factor - 1.0) + 0.1;
	return x->low ? lim - d : lim + d;
}

/* Stamp: wall clock, but strictly increasing per sensor (or station). */
static int64_t stamp(int64_t *last, int64_t wall)
{
	int64_t ts = wall > *last ? wall : *last + 1;
	*last = ts;
	return ts;
}

void sim_set_profile(struct sensor_state *st, int64_t start, int64_t rise_ms,
                        int64_t hold_until, double peak)
{
	st->prof = (struct profile){true, start, rise_ms, hold_until, peak};
}

/* ---- setup ------------------------------------------------------------ */

static void init_sensor(struct pw_sim *s, size_t i)
{
	const struct pw_sim_sensor *x = &s->park->sensors[i];
	struct sensor_state *st = &s->ss[i];
	st->discrete = kind_discrete(x);
	st->last_ts = INT64_MIN;
	if (!x->has_l1 && x->has_l2) {
		st->base = x->l2 * sim_uniform(s, 0.1, 0.3);
		st->sigma = fabs(x->l2) * 0.01;
	} else if (!x->has_l1) {
		st->base = sim_uniform(s, 15.0, 25.0);
		st->sigma = 0.2;
	} else if (x->low) {
		/* Oxygen: 20.9 %vol against a low limit of 19.5. */
		st->base = x->l1 + fabs(x->l1) * 0.07 + 0.01;
		st->sigma = (st->base - x->l1) * 0.04;
	} else {
		st->base = x->l1 * sim_uniform(s, 0.1, 0.35);
		st->sigma = fabs(x->l1) * 0.015;
	}
	st->v = st->base;
}

static size_t enterprise_index(struct pw_sim *s, const char *code)
{
	for (size_t k = 0; k < s->n_ents; k++)
		if (strcmp(s->ents[k].code, code) == 0)
			return k;
	s->ents = xrealloc(s->ents, (s->n_ents + 1) * sizeof *s->ents);
	s->ents[s->n_ents] = (struct enterprise){code, false, false};
	return s->n_ents++;
}

static void init_park(struct pw_sim *s)
{
	size_t n = s->park->n_sensors;
	s->ss = xcalloc(n ? n : 1, sizeof *s->ss);
	s->order = xcalloc(n ? n : 1, sizeof *s->order);
	for (size_t i = 0; i < n; i++) {
		init_sensor(s, i);
		s->ss[i].ent = (int)enterprise_index(s, s->park->sensors[i].enterprise);
		if (s->ss[i].discrete)
			sim_push(s, (int64_t)sim_uniform(s, 0, 10000), EX_HEARTBEAT, (int)i, 0, NULL);
		else
			s->order[s->n_analog++] = (int)i;
	}
	s->pos = s->n_analog;   /* shuffle before the first reading */
	size_t ns = s->park->n_stations;
	s->wind = xcalloc(ns ? ns : 1, sizeof *s->wind);
	bool storm = s->p.scenario == PW_SIM_STORM;
	for (size_t k = 0; k < ns; k++) {
		struct wind_state *w = &s->wind[k];
		w->dir = sim_uniform(s, 0, 360);
		w->speed_base = storm ? sim_uniform(s, 9, 13) : sim_uniform(s, 1.5, 4.5);
		w->speed = w->speed_base;
		w->speed_sd = storm ? 1.5 : 0.2;
		w->turn_sd = storm ? 8.0 : s->p.scenario == PW_SIM_AMMONIA_LEAK ? 0.3 : 2.0;
		w->last_ts = INT64_MIN;
		sim_push(s, (int64_t)(k * WIND_PERIOD_MS / (ns ? ns : 1)), EX_WIND, (int)k, 0, NULL);
	}
	sim_push(s, sim_exp_ms(s, EXCURSION_MEAN_MS), EX_EXCURSION, 0, 0, NULL);
	sim_push(s, sim_exp_ms(s, RANDOM_EVENT_MEAN_MS), EX_RANDOM, 0, 0, NULL);
}

/* Mean position of enterprise E's positioned sensors of KIND (NULL = any). */
bool sim_ent_position(const struct pw_sim *s, int e, const char *kind, double *lat, double *lon)
{
	double a = 0, b = 0;
	int n = 0;
	for (size_t i = 0; i < s->park->n_sensors; i++) {
		const struct pw_sim_sensor *x = &s->park->sensors[i];
		if (s->ss[i].ent == e && x->has_pos && (!kind || sim_kind_is(x, kind))) {
			a += x->lat;
			b += x->lon;
			n++;
		}
	}
	if (n == 0)
		return false;
	*lat = a / n;
	*lon = b / n;
	return true;
}

/* Wind FROM at (lat, lon) now: the nearest station's (first if none positioned). */
const struct wind_state *sim_wind_at(const struct pw_sim *s, bool has_pos, double lat, double lon)
{
	if (s->park->n_stations == 0)
		return NULL;
	size_t best = 0;
	double best_d = INFINITY;
	for (size_t k = 0; has_pos && k < s->park->n_stations; k++) {
		const struct pw_sim_station *st = &s->park->stations[k];
		if (!st->has_pos)
			continue;
		double d = pw_geo_distance_m(lat, lon, st->lat, st->lon);
		if (d < best_d) {
			best_d = d;
			best = k;
		}
	}
	return &s->wind[best];
}

struct pw_sim *pw_sim_new(const struct pw_sim_park *park, const struct pw_sim_params *p,
                          char **err)
{
	*err = NULL;
	if (park->n_sensors == 0) {
		*err = xstrdup("the park has no sensors (run parkwatch seed first)");
		return NULL;
	}
	if (!(p->rate > 0) || !isfinite(p->rate)) {
		*err = xstrdup("rate must be a positive number of messages per second");
		return NULL;
	}
	struct pw_sim *s = xcalloc(1, sizeof *s);
	s->park = park;
	s->p = *p;
	s->prefix = xstrdup(p->prefix && *p->prefix ? p->prefix : "park");
	s->p.prefix = s->prefix;
	sbuf_init(&s->desc);
	pw_rng_seed(&s->rng, p->seed);
	init_park(s);
	sbuf_addf(&s->desc, "%s: %zu sensors (%zu analog), %zu weather stations",
	          pw_sim_scenario_name(p->scenario), park->n_sensors, s->n_analog, park->n_stations);
	int rc = 0;
	if (p->scenario == PW_SIM_AMMONIA_LEAK)
		rc = sim_setup_leak(s, err);
	else if (p->scenario == PW_SIM_STORM)
		sim_setup_storm(s);
	if (rc < 0) {
		pw_sim_free(s);
		return NULL;
	}
	return s;
}

void pw_sim_free(struct pw_sim *s)
{
	if (!s)
		return;
	free(s->prefix);
	free(s->ss);
	free(s->order);
	free(s->ents);
	free(s->wind);
	free(s->heap);
	sbuf_free(&s->desc);
	free(s);
}

/* ---- producing messages ----------------------------------------------- */

static void shuffle(struct pw_sim *s)
{
	for (size_t i = s->n_analog; i > 1; i--) {
		size_t j = (size_t)pw_rng_range(&s->rng, 0, (int)i - 1);
		int tmp = s->order[i - 1];
		s->order[i - 1] = s->order[j];
		s->order[j] = tmp;
	}
	s->pos = 0;
}

/* Value of sensor I at simulated time T: random walk, or its profile. */
static double next_value(struct pw_sim *s, size_t i, int64_t t)
{
	const struct pw_sim_sensor *x = &s->park->sensors[i];
	struct sensor_state *st = &s->ss[i];
	double noise = st->sigma * pw_rng_gauss(&s->rng);
	struct profile *pr = &st->prof;
	if (pr->active && t >= pr->start) {
		double f;
		int64_t dt = t - pr->start;
		if (dt < pr->rise_ms)
			f = (double)dt / (double)pr->rise_ms;
		else if (t < pr->hold_until)
			f = 1.0;
		else if (t < pr->hold_until + pr->rise_ms)
			f = 1.0 - (double)(t - pr->hold_until) / (double)pr->rise_ms;
		else {
			f = 0.0;
			pr->active = false;
		}
		st->v = st->base + (pr->peak - st->base) * f + noise * 0.5;
	} else {
		st->v += 0.2 * (st->base - st->v) + noise;
	}
	bool gas = !(x->low || sim_kind_is(x, "temp") || sim_kind_is(x, "other"));
	if (gas && st->v < 0)
		st->v = 0;
	return st->v;
}

static bool emit_reading(struct pw_sim *s, int64_t wall, struct pw_sim_msg *out)
{
	for (size_t tries = 0; tries < s->n_analog; tries++) {
		if (s->pos >= s->n_analog)
			shuffle(s);
		size_t i = (size_t)s->order[s->pos++];
		struct sensor_state *st = &s->ss[i];
		if ((st->silent && s->t >= st->silent_from) || s->ents[st->ent].offline)
			continue;
		const struct pw_sim_sensor *x = &s->park->sensors[i];
		double v = next_value(s, i, s->t);
		int64_t ts = stamp(&st->last_ts, wall);
		snprintf(out->topic, sizeof out->topic, "%s/%s/%s/reading", s->prefix, x->enterprise,
		         x->code);
		int n;
		if (x->unit[0])
			n = snprintf(out->payload, sizeof out->payload,
			             "{\"ts\":%lld,\"value\":%.2f,\"unit\":\"%s\",\"seq\":%lld}",
			             (long long)ts, v, x->unit, (long long)++st->seq);
		else
			n = snprintf(out->payload, sizeof out->payload,
			             "{\"ts\":%lld,\"value\":%.2f,\"seq\":%lld}", (long long)ts, v,
			             (long long)++st->seq);
		out->len = n > 0 && (size_t)n < sizeof out->payload ? (size_t)n : 0;
		out->retain = false;
		out->kind = PW_SIM_READING;
		return out->len > 0;
	}
	return false;
}

static bool emit_wind(struct pw_sim *s, const struct extra *e, int64_t wall, struct pw_sim_msg *out)
{
	struct wind_state *w = &s->wind[e->idx];
	w->dir = fmod(w->dir + w->turn_sd * pw_rng_gauss(&s->rng) + 360.0, 360.0);
	w->speed += 0.3 * (w->speed_base - w->speed) + w->speed_sd * pw_rng_gauss(&s->rng);
	if (w->speed < 0)
		w->speed = 0;
	sim_push(s, e->t + WIND_PERIOD_MS, EX_WIND, e->idx, 0, NULL);
	int64_t ts = stamp(&w->last_ts, wall);
	snprintf(out->topic, sizeof out->topic, "%s/weather/%s/wind", s->prefix,
	         s->park->stations[e->idx].code);
	/* %.1f of a value just below 360 could print 360.0: still in range. */
	int n = snprintf(out->payload, sizeof out->payload,
	                 "{\"ts\":%lld,\"dir_deg\":%.1f,\"speed_ms\":%.1f}", (long long)ts, w->dir,
	                 w->speed);
	out->len = (size_t)n;
	out->retain = false;
	out->kind = PW_SIM_WIND;
	return true;
}

static bool emit_status(struct pw_sim *s, int i, bool online, struct pw_sim_msg *out)
{
	const struct pw_sim_sensor *x = &s->park->sensors[i];
	snprintf(out->topic, sizeof out->topic, "%s/%s/%s/status", s->prefix, x->enterprise, x->code);
	strcpy(out->payload, online ? "online" : "offline");
	out->len = strlen(out->payload);
	out->retain = true;
	out->kind = PW_SIM_STATUS;
	return true;
}

static bool emit_event(struct pw_sim *s, const struct extra *e, int64_t wall, struct pw_sim_msg *out)
{
	const struct pw_sim_sensor *x = &s->park->sensors[e->idx];
	struct sensor_state *st = &s->ss[e->idx];
	int64_t ts = stamp(&st->last_ts, wall);
	snprintf(out->topic, sizeof out->topic, "%s/%s/%s/event", s->prefix, x->enterprise, x->code);
	int n;
	if (e->detail)
		n = snprintf(out->payload, sizeof out->payload,
		             "{\"ts\":%lld,\"event\":\"%s\",\"detail\":\"%s\"}", (long long)ts,
		             sim_event_names[e->arg], e->detail);
	else
		n = snprintf(out->payload, sizeof out->payload, "{\"ts\":%lld,\"event\":\"%s\"}",
		             (long long)ts, sim_event_names[e->arg]);
	out->len = (size_t)n;
	out->retain = false;
	out->kind = PW_SIM_EVENT;
	return true;
}

/* Start an excursion past L1 on a random analog sensor that is free. */
static void do_excursion(struct pw_sim *s, const struct extra *e)
{
	sim_push(s, e->t + sim_exp_ms(s, EXCURSION_MEAN_MS), EX_EXCURSION, 0, 0, NULL);
	if (s->n_analog == 0)
		return;
	size_t i = (size_t)s->order[pw_rng_range(&s->rng, 0, (int)s->n_analog - 1)];
	const struct pw_sim_sensor *x = &s->park->sensors[i];
	struct sensor_state *st = &s->ss[i];
	int64_t dur = (int64_t)sim_uniform(s, 20000, 60000);
	int level = pw_rng_unit(&s->rng) < 0.1 ? 2 : 1;
	double peak = sim_beyond(x, level, sim_uniform(s, 1.03, 1.25));
	if (!x->has_l1 || st->prof.active || st->silent)
		return;
	sim_set_profile(st, e->t, dur / 3, e->t + dur * 2 / 3, peak);
}

/* A detector reports something, and the matching clear later. */
static void do_random_event(struct pw_sim *s, const struct extra *e)
{
	sim_push(s, e->t + sim_exp_ms(s, RANDOM_EVENT_MEAN_MS), EX_RANDOM, 0, 0, NULL);
	size_t n = s->park->n_sensors, pick = (size_t)pw_rng_range(&s->rng, 0, (int)n - 1);
	double u = pw_rng_unit(&s->rng);
	for (size_t k = 0; k < n; k++) {
		size_t i = (pick + k) % n;
		if (!s->ss[i].discrete)
			continue;
		const struct pw_sim_sensor *x = &s->park->sensors[i];
		if (sim_kind_is(x, "camera")) {
			sim_push(s, e->t, EX_EVENT, (int)i, EV_ALARM, "person in restricted area");
			sim_push(s, e->t + 20000, EX_EVENT, (int)i, EV_CLEAR, NULL);
		} else if (u < 0.7) {
			sim_push(s, e->t, EX_EVENT, (int)i, EV_FAULT, "self-test failed");
			sim_push(s, e->t + 60000, EX_EVENT, (int)i, EV_CLEAR, NULL);
		} else if (u < 0.9) {
			sim_push(s, e->t, EX_EVENT, (int)i, EV_TAMPER, "cover opened");
			sim_push(s, e->t + 30000, EX_EVENT, (int)i, EV_CLEAR, NULL);
		} else {
			sim_push(s, e->t, EX_EVENT, (int)i, EV_ALARM, "steam from cleaning");
			sim_push(s, e->t + 20000, EX_EVENT, (int)i, EV_CLEAR, NULL);
		}
		return;
	}
}

/* A gateway changes state: one retained status per sensor, now. */
static void do_gateway(struct pw_sim *s, const struct extra *e)
{
	s->ents[e->idx].offline = !e->arg;
	for (size_t i = 0; i < s->park->n_sensors; i++)
		if (s->ss[i].ent == e->idx)
			sim_push(s, e->t, EX_STATUS, (int)i, e->arg, NULL);
}

/* Handle due extras; returns true when one produced *OUT. */
static bool run_extras(struct pw_sim *s, int64_t wall, struct pw_sim_msg *out)
{
	while (s->n_heap > 0 && s->heap[0].t <= s->t) {
		struct extra e = pop(s);
		switch (e.kind) {
		case EX_WIND:
			return emit_wind(s, &e, wall, out);
		case EX_HEARTBEAT:
			sim_push(s, e.t + HEARTBEAT_MS, EX_HEARTBEAT, e.idx, 0, NULL);
			if (s->ents[s->ss[e.idx].ent].offline)
				break;
			return emit_status(s, e.idx, true, out);
		case EX_EVENT:
			if (s->ents[s->ss[e.idx].ent].offline)
				break;
			return emit_event(s, &e, wall, out);
		case EX_STATUS:
			return emit_status(s, e.idx, e.arg != 0, out);
		case EX_GATEWAY:
			do_gateway(s, &e);
			break;
		case EX_EXCURSION:
			do_excursion(s, &e);
			break;
		case EX_RANDOM:
			do_random_event(s, &e);
			break;
		}
	}
	return false;
}

bool pw_sim_next(struct pw_sim *s, int64_t wall_ms, struct pw_sim_msg *out)
{
	s->t = (int64_t)((double)s->step * 1000.0 / s->p.rate);
	s->step++;
	if (run_extras(s, wall_ms, out))
		return true;
	return emit_reading(s, wall_ms, out);
}

bool pw_sim_restore(struct pw_sim *s, int64_t wall_ms, struct pw_sim_msg *out)
{
	(void)wall_ms;
	for (; s->restore_ent < s->n_ents; s->restore_ent++, s->restore_sensor = 0) {
		if (!s->ents[s->restore_ent].offline)
			continue;
		for (; s->restore_sensor < s->park->n_sensors; s->restore_sensor++) {
			size_t i = s->restore_sensor;
			if ((size_t)s->ss[i].ent == s->restore_ent) {
				s->restore_sensor++;
				return emit_status(s, (int)i, true, out);
			}
		}
	}
	return false;
}

const char *pw_sim_describe(const struct pw_sim *s)
{
	return sbuf_str(&s->desc);
}

int64_t pw_sim_time_ms(const struct pw_sim *s)
{
	return s->t;
}

double pw_sim_reading_period_s(const struct pw_sim *s)
{
	return (double)s->n_analog / s->p.rate;
}
