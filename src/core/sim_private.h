/*
 * sim_private.h - what sim.c (the traffic model) and sim_scenarios.c (the
 * scenarios' set-up) share. Not a public header.
 */
#ifndef PARKWATCH_SIM_PRIVATE_H
#define PARKWATCH_SIM_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/sim.h"
#include "parkwatch/util.h"

#define HEARTBEAT_MS 60000
#define WIND_PERIOD_MS 5000
#define EXCURSION_MEAN_MS 180000.0
#define RANDOM_EVENT_MEAN_MS 240000.0
#define HOLD_FOREVER INT64_MAX
#define LEAK_START_MS 10000
#define LEAK_RISE_MS 60000

enum extra_kind {
	EX_WIND,        /* idx: station */
	EX_HEARTBEAT,   /* idx: discrete sensor; status online, then again in 60 s */
	EX_EVENT,       /* idx: sensor; arg: event (enum below) */
	EX_STATUS,      /* idx: sensor; arg: 1 online, 0 offline */
	EX_GATEWAY,     /* idx: enterprise; arg: 1 online, 0 offline (expands to EX_STATUS) */
	EX_EXCURSION,   /* park-wide: start an excursion somewhere, schedule the next */
	EX_RANDOM,      /* park-wide: a detector event somewhere, schedule the next */
};

enum { EV_ALARM, EV_CLEAR, EV_FAULT, EV_TAMPER };
extern const char *const sim_event_names[];   /* by EV_* */

struct extra {
	int64_t t;
	uint64_t seq;          /* insertion order: ties replay identically */
	enum extra_kind kind;
	int idx, arg;
	const char *detail;    /* static text or NULL */
};

/* A value profile: rise from base to peak, hold, fall back. */
struct profile {
	bool active;
	int64_t start, rise_ms, hold_until;
	double peak;
};

struct sensor_state {
	bool discrete;
	bool silent;           /* storm: no more readings from silent_from */
	int64_t silent_from;
	int ent;               /* index into enterprises */
	double base, sigma, v;
	struct profile prof;
	int64_t last_ts, seq;
};

struct wind_state {
	double dir, speed, speed_base, turn_sd, speed_sd;
	int64_t last_ts;
};

struct enterprise {
	const char *code;      /* borrowed from the park */
	bool offline;
	bool restored;
};

struct pw_sim {
	const struct pw_sim_park *park;
	struct pw_sim_params p;
	char *prefix;
	struct pw_rng rng;
	int64_t step, t;       /* step count; simulated ms of the current step */
	struct sensor_state *ss;
	int *order;            /* analog sensor indices, reshuffled each round */
	size_t n_analog, pos;
	struct enterprise *ents;
	size_t n_ents;
	struct wind_state *wind;
	struct extra *heap;
	size_t n_heap, cap_heap;
	uint64_t seq;
	size_t restore_ent, restore_sensor;
	struct sbuf desc;
};

/* Queue an extra at simulated time T (ties keep insertion order). */
void sim_push(struct pw_sim *s, int64_t t, enum extra_kind kind, int idx, int arg,
              const char *detail);
/* Uniform in [lo, hi); exponential with the given mean, >= 1 ms. */
double sim_uniform(struct pw_sim *s, double lo, double hi);
int64_t sim_exp_ms(struct pw_sim *s, double mean_ms);
bool sim_kind_is(const struct pw_sim_sensor *x, const char *kind);
/* A value past the sensor's level-1 (level 2: past l2) limit, by FACTOR. */
double sim_beyond(const struct pw_sim_sensor *x, int level, double factor);
void sim_set_profile(struct sensor_state *st, int64_t start, int64_t rise_ms, int64_t hold_until,
                     double peak);
/* Mean position of enterprise E's positioned sensors of KIND (NULL = any). */
bool sim_ent_position(const struct pw_sim *s, int e, const char *kind, double *lat, double *lon);
/* The wind state nearest (lat, lon); NULL when the park has no station. */
const struct wind_state *sim_wind_at(const struct pw_sim *s, bool has_pos, double lat, double lon);

/* Scenario set-up (sim_scenarios.c), called once by pw_sim_new(). */
int sim_setup_leak(struct pw_sim *s, char **err);
void sim_setup_storm(struct pw_sim *s);

#endif
