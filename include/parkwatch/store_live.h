/*
 * store_live.h - small read-only views the console's live-monitoring parts
 * need beside store_alarms.h: the latest wind of every weather station (the
 * overview) and one sensor's limits (the sparkline of the alarm detail).
 *
 * Conventions of store.h: 0 on success, -1 with store_errmsg() on failure,
 * PW_STORE_NOTFOUND (1) when a lookup finds nothing. Results belong to the
 * caller and are released with the matching *_free/clear function, which
 * accepts zeroed structs. Text comes from the database: sanitise it before
 * it reaches a terminal.
 */
#ifndef PARKWATCH_STORE_LIVE_H
#define PARKWATCH_STORE_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_store;

/* The newest wind sample of one station. Strings owned. */
struct store_wind {
	char *station_code;
	char *station_name;
	bool has_sample;       /* false: the station has never reported */
	int64_t ts;            /* ms of the newest sample */
	double dir_deg;        /* where the wind blows FROM, 0..360 */
	double speed_ms;
};

struct store_wind_list {
	struct store_wind *v;
	size_t n;
	bool truncated;        /* more stations than STORE_WIND_STATIONS_MAX */
};

/* Stations one list holds: no real park comes near; a corrupt table cannot eat memory. */
#define STORE_WIND_STATIONS_MAX 1000

/*
 * Every station (ordered by code) with its newest wind sample, one indexed
 * lookup per station, at most STORE_WIND_STATIONS_MAX of them (then
 * OUT->truncated). *OUT is filled; free with store_wind_list_free.
 */
int store_live_wind(struct pw_store *st, struct store_wind_list *out);
void store_wind_list_free(struct store_wind_list *l);

/* A sensor's alarm limits, in the sensor's own unit. Strings owned. */
struct store_sensor_limits {
	char *kind;
	char *unit;
	bool low;              /* direction 'low': alarms at or below the limits */
	bool has_l1, has_l2, has_opposite;
	double l1, l2;
	double opposite_l1;    /* the limit the other way (oxygen high), when set */
	double deadband;
};

/* The limits of sensor CODE into *OUT (store_sensor_limits_clear it). 0, 1 or -1. */
int store_live_sensor_limits(struct pw_store *st, const char *code, struct store_sensor_limits *out);
void store_sensor_limits_clear(struct store_sensor_limits *l);

#endif
