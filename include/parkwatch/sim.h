/*
 * sim.h - the traffic model behind `parkwatch sim` (core, pure).
 *
 * The model produces one MQTT message (topic and payload, CONTRACT.md
 * section 2) per call, in an order fixed by the park, the scenario and the
 * seed: the same inputs give the same sequence of topics and values. Time
 * inside the model is SIMULATED: message i happens at i / rate seconds, so
 * the sequence does not depend on how fast the caller manages to send. Only
 * the "ts" fields use the wall clock the caller passes in (made strictly
 * increasing per sensor, so no reading is a duplicate of another).
 *
 * Traffic:
 *   - readings from every analog sensor, round-robin in a shuffled order per
 *     round, drifting in their normal band (a mean-reverting random walk well
 *     below L1 for "high" sensors, around 20.9 %vol for oxygen) with rare
 *     excursions past L1 (about one every three minutes park-wide);
 *   - detectors (smoke, flame, camera) report "online" status every minute
 *     as a heartbeat and rare events (alarm then clear, fault, tamper);
 *   - each weather station sends wind every 5 s, turning slowly.
 * Scenarios:
 *   normal        the above.
 *   ammonia-leak  from 10 s: NH3 at one cold-storage enterprise rises past L1
 *                 and L2 within about 60 s. The wind blows from it toward its
 *                 nearest NH3-monitored neighbour (within 20 degrees); NH3 at
 *                 the enterprises downwind (30 degrees either side of where
 *                 the wind blows toward, within cfg downwind_km or as far as
 *                 that neighbour) rises from 100 s on, later for the farther
 *                 ones; a smoke alarm at the source after about 4 minutes.
 *   storm         gusty wind; about 25 sensors across the park go past L1
 *                 (some past L2) within 3 minutes, which is a flood; three
 *                 gateways go offline (retained status) for 90 s and come
 *                 back; five sensors fall silent for good (comm faults).
 */
#ifndef PARKWATCH_SIM_H
#define PARKWATCH_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One sensor of the park as the simulator needs it. */
struct pw_sim_sensor {
	char *code;            /* sensor code (topic level 3) */
	char *enterprise;      /* enterprise code (topic level 2) */
	char *industry;        /* enterprise's industry as shown */
	char *kind;            /* sensors.kind: nh3, lel, o2, smoke... */
	char *unit;            /* the sensor's own unit ("" when none) */
	bool has_l1, has_l2;
	double l1, l2;         /* alarm limits in the sensor's unit */
	bool low;              /* direction 'low' (O2): alarms at or below l1 */
	bool has_opposite;
	double opposite_l1;    /* the limit the other way (O2 high) */
	bool has_pos;
	double lat, lon;       /* the sensor's position, else its enterprise's */
	bool ammonia_place;    /* its enterprise has an ammonia key place (cold storage) */
};

struct pw_sim_station {
	char *code;
	bool has_pos;
	double lat, lon;
};

/* The park: sensors and stations in code order. */
struct pw_sim_park {
	struct pw_sim_sensor *sensors;
	size_t n_sensors;
	struct pw_sim_station *stations;
	size_t n_stations;
};

enum pw_sim_scenario {
	PW_SIM_NORMAL,
	PW_SIM_AMMONIA_LEAK,
	PW_SIM_STORM,
};

/* "normal", "ammonia-leak", "storm"; parse returns 0, or -1 when unknown. */
const char *pw_sim_scenario_name(enum pw_sim_scenario sc);
int pw_sim_scenario_parse(const char *name, enum pw_sim_scenario *out);

struct pw_sim_params {
	enum pw_sim_scenario scenario;
	uint64_t seed;
	double rate;           /* messages per second (> 0): one simulated step each */
	const char *prefix;    /* topic prefix, "park" */
	double downwind_km;    /* ammonia-leak: how far downwind neighbours are affected */
};

#define PW_SIM_TOPIC_MAX 300
#define PW_SIM_PAYLOAD_MAX 400

/* One message to publish. */
struct pw_sim_msg {
	char topic[PW_SIM_TOPIC_MAX];
	char payload[PW_SIM_PAYLOAD_MAX];
	size_t len;
	bool retain;           /* status messages are retained, as a gateway's are */
	enum { PW_SIM_READING, PW_SIM_EVENT, PW_SIM_STATUS, PW_SIM_WIND } kind;
};

struct pw_sim;

/*
 * A model of PARK (borrowed: it must outlive the model) under P. Returns
 * NULL with *ERR (caller frees) when the scenario cannot run on this park,
 * e.g. "ammonia-leak needs an NH3 sensor (run parkwatch seed)" or an empty
 * park.
 */
struct pw_sim *pw_sim_new(const struct pw_sim_park *park, const struct pw_sim_params *p,
                          char **err);
void pw_sim_free(struct pw_sim *s);

/*
 * Produce the next message into *OUT, stamping it with WALL_MS (epoch ms,
 * raised where needed to keep each sensor's ts strictly increasing), and
 * advance simulated time by one step. Returns true when *OUT holds a
 * message; false when this step has nothing to send (every sensor silent,
 * as in a storm's outage): the step still counts.
 */
bool pw_sim_next(struct pw_sim *s, int64_t wall_ms, struct pw_sim_msg *out);

/*
 * Messages that undo lasting effects when the run stops early: "online"
 * for gateways the storm left offline. Returns true with *OUT filled while
 * there are any; call until false.
 */
bool pw_sim_restore(struct pw_sim *s, int64_t wall_ms, struct pw_sim_msg *out);

/* One line saying what the scenario does to which sensors; owned by S. */
const char *pw_sim_describe(const struct pw_sim *s);

/* Simulated time so far, ms. */
int64_t pw_sim_time_ms(const struct pw_sim *s);

/* Seconds between two readings of one analog sensor at the configured rate. */
double pw_sim_reading_period_s(const struct pw_sim *s);

#endif
