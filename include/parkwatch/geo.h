/*
 * geo.h - distances, bearings and the downwind sector (core, pure).
 *
 * Wind direction follows meteorology: dir_deg is where the wind blows FROM
 * (90 = east wind, blowing toward 270 = west). A point lies downwind of a
 * source when its bearing from the source is within half_angle of the
 * direction the wind blows TOWARD, and within max_m.
 */
#ifndef PARKWATCH_GEO_H
#define PARKWATCH_GEO_H

#include <stdbool.h>

/* Great-circle distance in metres (haversine, mean Earth radius). */
double pw_geo_distance_m(double lat1, double lon1, double lat2, double lon2);

/* Initial bearing from point 1 to point 2, degrees clockwise from north, [0, 360). */
double pw_geo_bearing_deg(double lat1, double lon1, double lat2, double lon2);

/* Smallest absolute difference between two bearings, [0, 180]. */
double pw_geo_angle_diff(double a, double b);

/* The direction the wind blows toward, [0, 360). */
double pw_wind_toward_deg(double from_deg);

/*
 * True when (lat, lon) is downwind of (src_lat, src_lon) for a wind FROM
 * from_deg: within max_m and within half_angle_deg of the toward direction.
 * *dist_m (may be NULL) receives the distance. The source itself (0 m) is
 * not downwind of itself.
 */
bool pw_wind_downwind(double from_deg, double src_lat, double src_lon, double lat, double lon,
                      double max_m, double half_angle_deg, double *dist_m);

/* 16-point compass name of a bearing: "N", "NNE", ... */
const char *pw_compass16(double deg);
/* Chinese name of a wind FROM that bearing: "北风", "东北风", ... (8 points). */
const char *pw_wind_name_zh(double from_deg);

#endif
