/* geo.c - haversine distance, bearings, downwind sector; see geo.h. */
#include "config.h"

#include <math.h>

#include "parkwatch/geo.h"

#define EARTH_R 6371008.8
#define RAD(d) ((d) * M_PI / 180.0)
#define DEG(r) ((r) * 180.0 / M_PI)

double pw_geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double dlat = RAD(lat2 - lat1), dlon = RAD(lon2 - lon1);
	double a = sin(dlat / 2) * sin(dlat / 2) +
	           cos(RAD(lat1)) * cos(RAD(lat2)) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * EARTH_R * atan2(sqrt(a), sqrt(1 - a));
}

static double norm360(double d)
{
	d = fmod(d, 360.0);
	return d < 0 ? d + 360.0 : d;
}

double pw_geo_bearing_deg(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = RAD(lat1), p2 = RAD(lat2), dl = RAD(lon2 - lon1);
	double y = sin(dl) * cos(p2);
	double x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
	return norm360(DEG(atan2(y, x)));
}

double pw_geo_angle_diff(double a, double b)
{
	double d = fabs(norm360(a) - norm360(b));
	return d > 180 ? 360 - d : d;
}

double pw_wind_toward_deg(double from_deg)
{
	return norm360(from_deg + 180.0);
}

bool pw_wind_downwind(double from_deg, double src_lat, double src_lon, double lat, double lon,
                      double max_m, double half_angle_deg, double *dist_m)
{
	double d = pw_geo_distance_m(src_lat, src_lon, lat, lon);
	if (dist_m)
		*dist_m = d;
	if (d <= 0.5 || d > max_m)
		return false;
	double b = pw_geo_bearing_deg(src_lat, src_lon, lat, lon);
	return pw_geo_angle_diff(b, pw_wind_toward_deg(from_deg)) <= half_angle_deg;
}

const char *pw_compass16(double deg)
{
	static const char *const names[16] = {"N",  "NNE", "NE", "ENE", "E",  "ESE", "SE", "SSE",
	                                      "S",  "SSW", "SW", "WSW", "W",  "WNW", "NW", "NNW"};
	return names[(int)floor(norm360(deg) / 22.5 + 0.5) % 16];
}

const char *pw_wind_name_zh(double from_deg)
{
	static const char *const names[8] = {"北风", "东北风", "东风", "东南风",
	                                     "南风", "西南风", "西风", "西北风"};
	return names[(int)floor(norm360(from_deg) / 45.0 + 0.5) % 8];
}
