/* simdata.c - the park as the simulator sees it (store_simdata.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_simdata.h"
#include "parkwatch/util.h"
#include "store_private.h"

static const char SQL_SENSORS[] =
	"SELECT s.code, e.code, e.industry, s.kind, s.unit, s.l1, s.l2, s.direction,"
	" s.opposite_l1, COALESCE(s.lat, e.lat), COALESCE(s.lon, e.lon),"
	" EXISTS (SELECT 1 FROM key_places k WHERE k.enterprise_id = e.id"
	"         AND k.category = 'ammonia')"
	" FROM sensors s JOIN enterprises e ON e.id = s.enterprise_id"
	" ORDER BY s.code";

static const char SQL_STATIONS[] = "SELECT code, lat, lon FROM stations ORDER BY code";

/* Optional REAL column I into *V; returns whether it was present. */
static bool col_real(sqlite3_stmt *s, int i, double *v)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return false;
	*v = sqlite3_column_double(s, i);
	return true;
}

static char *col_text(sqlite3_stmt *s, int i)
{
	char *t = store_col_strdup(s, i);
	return t ? t : xstrdup("");
}

static void read_sensor(sqlite3_stmt *s, struct pw_sim_sensor *x)
{
	memset(x, 0, sizeof *x);
	x->code = col_text(s, 0);
	x->enterprise = col_text(s, 1);
	x->industry = col_text(s, 2);
	x->kind = col_text(s, 3);
	x->unit = col_text(s, 4);
	x->has_l1 = col_real(s, 5, &x->l1);
	x->has_l2 = col_real(s, 6, &x->l2);
	const unsigned char *dir = sqlite3_column_text(s, 7);
	x->low = dir && strcmp((const char *)dir, "low") == 0;
	x->has_opposite = col_real(s, 8, &x->opposite_l1);
	bool has_lat = col_real(s, 9, &x->lat);
	bool has_lon = col_real(s, 10, &x->lon);
	x->has_pos = has_lat && has_lon;
	x->ammonia_place = sqlite3_column_int(s, 11) != 0;
}

static int load_sensors(struct pw_store *st, struct pw_sim_park *d)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SENSORS);
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->sensors = xgrow(d->sensors, &cap, d->n_sensors + 1, sizeof *d->sensors, 256);
		read_sensor(s, &d->sensors[d->n_sensors++]);
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, "read sensors");
	return 0;
}

static int load_stations(struct pw_store *st, struct pw_sim_park *d)
{
	sqlite3_stmt *s = store_stmt(st, SQL_STATIONS);
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->stations = xgrow(d->stations, &cap, d->n_stations + 1, sizeof *d->stations, 8);
		struct pw_sim_station *x = &d->stations[d->n_stations++];
		memset(x, 0, sizeof *x);
		x->code = col_text(s, 0);
		bool has_lat = col_real(s, 1, &x->lat);
		bool has_lon = col_real(s, 2, &x->lon);
		x->has_pos = has_lat && has_lon;
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, "read stations");
	return 0;
}

int store_simdata_load(struct pw_store *st, struct pw_sim_park *out)
{
	memset(out, 0, sizeof *out);
	if (load_sensors(st, out) < 0 || load_stations(st, out) < 0) {
		store_simdata_free(out);
		return -1;
	}
	return 0;
}

void store_simdata_free(struct pw_sim_park *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_sensors; i++) {
		struct pw_sim_sensor *x = &d->sensors[i];
		free(x->code);
		free(x->enterprise);
		free(x->industry);
		free(x->kind);
		free(x->unit);
	}
	for (size_t i = 0; i < d->n_stations; i++)
		free(d->stations[i].code);
	free(d->sensors);
	free(d->stations);
	memset(d, 0, sizeof *d);
}
