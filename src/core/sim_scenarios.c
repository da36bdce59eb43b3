/*
 * sim_scenarios.c - what the ammonia-leak and storm scenarios do to the
 * park (sim.h): value profiles on chosen sensors, scheduled events and
 * outages, all decided once at start-up from the seed.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parkwatch/geo.h"
#include "parkwatch/util.h"
#include "sim_private.h"

static bool is_cold_storage(const struct pw_sim_sensor *x)
{
	return x->ammonia_place || strstr(x->industry, "冷") || strcasestr(x->industry, "cold");
}

/* Enterprise of an NH3 sensor to leak: cold storage preferred; -1 when none. */
static int pick_leak_source(struct pw_sim *s)
{
	int *cand = xcalloc(s->n_ents + 1, sizeof *cand);
	int nc = 0;
	for (int pass = 0; pass < 2 && nc == 0; pass++) {
		for (size_t i = 0; i < s->park->n_sensors; i++) {
			const struct pw_sim_sensor *x = &s->park->sensors[i];
			int e = s->ss[i].ent;
			if (!sim_kind_is(x, "nh3") || !x->has_l1 || (pass == 0 && !is_cold_storage(x)))
				continue;
			if (nc == 0 || cand[nc - 1] != e)
				cand[nc++] = e;
		}
	}
	int src = nc ? cand[pw_rng_range(&s->rng, 0, nc - 1)] : -1;
	free(cand);
	return src;
}

/* Drive enterprise E's NH3 sensors from START over RISE_MS to FACTOR x their L1 (or past L2). */
static void ramp_nh3(struct pw_sim *s, int e, int64_t start, int64_t rise_ms, int level, double factor)
{
	for (size_t i = 0; i < s->park->n_sensors; i++) {
		const struct pw_sim_sensor *x = &s->park->sensors[i];
		if (s->ss[i].ent == e && sim_kind_is(x, "nh3") && x->has_l1)
			sim_set_profile(&s->ss[i], start, rise_ms, HOLD_FOREVER, sim_beyond(x, level, factor));
	}
}

/* NH3 at the enterprises downwind of the source rises, later for farther ones. */
static void spread_downwind(struct pw_sim *s, int src, double slat, double slon, double from,
                            double speed, double max_m)
{
	int affected = 0;
	sbuf_addf(&s->desc, "; wind from %.0f deg (%s), downwind:", from, pw_compass16(from));
	for (size_t e = 0; e < s->n_ents; e++) {
		double lat, lon, d;
		if ((int)e == src || !sim_ent_position(s, (int)e, "nh3", &lat, &lon))
			continue;
		if (!pw_wind_downwind(from, slat, slon, lat, lon, max_m, 30.0, &d))
			continue;
		int64_t travel = (int64_t)(d / speed * 1000.0);
		if (travel > 390000)
			travel = 390000;
		/* Everyone in the sector goes past L1, the nearest the most. */
		double factor = 1.8 - 0.7 * (d / max_m);
		ramp_nh3(s, (int)e, LEAK_START_MS + 90000 + travel, 90000, 1, factor);
		sbuf_addf(&s->desc, " %s %.1f km", s->ents[e].code, d / 1000.0);
		affected++;
	}
	if (!affected)
		sbuf_addf(&s->desc, " no NH3 sensor within %.1f km", max_m / 1000.0);
}

/* Smoke alarm at the source (or the nearest smoke detector) four minutes in. */
static void leak_smoke(struct pw_sim *s, int src, bool spos, double slat, double slon)
{
	int best = -1;
	double best_d = INFINITY;
	for (size_t i = 0; i < s->park->n_sensors; i++) {
		const struct pw_sim_sensor *x = &s->park->sensors[i];
		if (!sim_kind_is(x, "smoke"))
			continue;
		double d = s->ss[i].ent == src ? -1.0
		           : spos && x->has_pos ? pw_geo_distance_m(slat, slon, x->lat, x->lon)
		                                : 1e12;
		if (d < best_d) {
			best_d = d;
			best = (int)i;
		}
	}
	if (best < 0)
		return;
	sim_push(s, LEAK_START_MS + 240000, EX_EVENT, best, EV_ALARM, "smoke near the ammonia machine room");
	sbuf_addf(&s->desc, "; smoke alarm at %s after %d s", s->park->sensors[best].code,
	          (LEAK_START_MS + 240000) / 1000);
}

/*
 * The nearest other enterprise with positioned NH3 sensors: its bearing and
 * distance from the source. Returns false when there is none.
 */
static bool nearest_nh3(const struct pw_sim *s, int src, double slat, double slon, double *bearing,
                        double *dist)
{
	bool found = false;
	for (size_t e = 0; e < s->n_ents; e++) {
		double lat, lon;
		if ((int)e == src || !sim_ent_position(s, (int)e, "nh3", &lat, &lon))
			continue;
		double d = pw_geo_distance_m(slat, slon, lat, lon);
		if (d > 0 && (!found || d < *dist)) {
			*dist = d;
			*bearing = pw_geo_bearing_deg(slat, slon, lat, lon);
			found = true;
		}
	}
	return found;
}

/*
 * The scenario's weather: every station's wind blows from the source toward
 * its nearest NH3-monitored neighbour (within 20 degrees), so the leak has
 * somewhere to go; the plume reaches at least that far.
 */
static double leak_wind(struct pw_sim *s, int src, double slat, double slon, double *max_m)
{
	double bearing = 0, dist = 0;
	*max_m = (s->p.downwind_km > 0 ? s->p.downwind_km : 2.0) * 1000.0;
	if (!nearest_nh3(s, src, slat, slon, &bearing, &dist))
		return sim_uniform(s, 0, 360);
	double from = fmod(bearing + 180.0 + sim_uniform(s, -20.0, 20.0) + 360.0, 360.0);
	for (size_t k = 0; k < s->park->n_stations; k++)
		s->wind[k].dir = fmod(from + sim_uniform(s, -5.0, 5.0) + 360.0, 360.0);
	if (dist * 1.2 > *max_m)
		*max_m = dist * 1.2;
	return from;
}

int sim_setup_leak(struct pw_sim *s, char **err)
{
	int src = pick_leak_source(s);
	if (src < 0) {
		*err = xstrdup("ammonia-leak needs an NH3 sensor with limits (run parkwatch seed)");
		return -1;
	}
	ramp_nh3(s, src, LEAK_START_MS, LEAK_RISE_MS, 2, 1.3);
	sbuf_addf(&s->desc, "; NH3 leak at %s from %d s", s->ents[src].code, LEAK_START_MS / 1000);
	double slat = 0, slon = 0;
	bool spos = sim_ent_position(s, src, "nh3", &slat, &slon) || sim_ent_position(s, src, NULL, &slat, &slon);
	if (spos) {
		double max_m;
		double from = leak_wind(s, src, slat, slon, &max_m);
		const struct wind_state *w = sim_wind_at(s, true, slat, slon);
		double speed = w && w->speed > 1.0 ? w->speed : 1.0;
		spread_downwind(s, src, slat, slon, from, speed, max_m);
	} else {
		sbuf_adds(&s->desc, "; source has no position: no downwind spread");
	}
	leak_smoke(s, src, spos, slat, slon);
	return 0;
}

static void shuffle_ints(struct pw_sim *s, int *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)pw_rng_range(&s->rng, 0, (int)i - 1);
		int t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* Storm: a flood of limit alarms, detector alarms, gateway outages, silence. */
void sim_setup_storm(struct pw_sim *s)
{
	size_t n = s->park->n_sensors, nl = 0, nd = 0;
	int *lim = xcalloc(n, sizeof *lim), *det = xcalloc(n, sizeof *det);
	for (size_t i = 0; i < n; i++) {
		if (s->ss[i].discrete)
			det[nd++] = (int)i;
		else if (s->park->sensors[i].has_l1)
			lim[nl++] = (int)i;
	}
	shuffle_ints(s, lim, nl);
	shuffle_ints(s, det, nd);
	size_t drive = nl * 2 / 3 < 25 ? nl * 2 / 3 : 25;
	for (size_t k = 0; k < drive; k++) {
		struct sensor_state *st = &s->ss[lim[k]];
		int64_t start = 15000 + (int64_t)k * 7000;
		int64_t hold = start + 20000 + (int64_t)sim_uniform(s, 60000, 120000);
		sim_set_profile(st, start, 20000, hold, sim_beyond(&s->park->sensors[lim[k]], k % 3 ? 1 : 2, 1.15));
	}
	size_t silent = nl - drive < 5 ? nl - drive : 5;
	for (size_t k = drive; k < drive + silent; k++) {
		s->ss[lim[k]].silent = true;
		s->ss[lim[k]].silent_from = 20000;
	}
	size_t alarms = nd < 4 ? nd : 4;
	for (size_t k = 0; k < alarms; k++) {
		sim_push(s, 40000 + (int64_t)k * 20000, EX_EVENT, det[k], EV_ALARM, "storm: detector triggered");
		sim_push(s, 160000 + (int64_t)k * 20000, EX_EVENT, det[k], EV_CLEAR, NULL);
	}
	int *ents = xcalloc(s->n_ents + 1, sizeof *ents);
	for (size_t e = 0; e < s->n_ents; e++)
		ents[e] = (int)e;
	shuffle_ints(s, ents, s->n_ents);
	size_t outages = s->n_ents < 3 ? s->n_ents : 3;
	for (size_t k = 0; k < outages; k++) {
		sim_push(s, 30000 + (int64_t)k * 20000, EX_GATEWAY, ents[k], 0, NULL);
		sim_push(s, 120000 + (int64_t)k * 20000, EX_GATEWAY, ents[k], 1, NULL);
	}
	sbuf_addf(&s->desc, "; %zu sensors past L1 within %lld s, %zu detector alarms, %zu gateway "
	          "outages of 90 s, %zu sensors silent from 20 s",
	          drive, (long long)(15 + 7 * (drive ? drive - 1 : 0) + 20), alarms, outages, silent);
	free(lim);
	free(det);
	free(ents);
}
