/*
 * store_simdata.h - what `parkwatch sim` needs to know of the seeded park:
 * every sensor with its limits and position, and the weather stations
 * (struct pw_sim_park of sim.h).
 *
 * Read once at start-up; rows come in code order so the simulator's choices
 * depend only on the data and its seed, never on insertion order.
 */
#ifndef PARKWATCH_STORE_SIMDATA_H
#define PARKWATCH_STORE_SIMDATA_H

#include "parkwatch/sim.h"

struct pw_store;

/*
 * Load every sensor (with its enterprise's code, industry and position,
 * used when the sensor has none) and every weather station into *OUT
 * (zeroed first). Returns 0, or -1 (store_errmsg()); *OUT then holds nothing
 * to free. An empty park is not an error (n_sensors == 0).
 */
int store_simdata_load(struct pw_store *st, struct pw_sim_park *out);

/* Free what store_simdata_load() filled in; PARK itself is the caller's. */
void store_simdata_free(struct pw_sim_park *park);

#endif
