/* incident_text.c - the linkage picture as text; see incident_text.h. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "incident_text.h"
#include "parkwatch/geo.h"
#include "parkwatch/text.h"

/* Append S sanitised ("-" for NULL or empty). */
static void put(struct sbuf *o, const char *s)
{
	if (!s || !*s) {
		sbuf_addc(o, '-');
		return;
	}
	char *c = pw_sanitize(s, strlen(s));
	sbuf_adds(o, c);
	free(c);
}

static const char *hms(char buf[PW_TIME_BUFSZ], int64_t ms)
{
	return ms ? pw_time_short(buf, ms) : "-";
}

static void head(struct sbuf *o, const struct store_linkage *l)
{
	const struct store_incident *i = &l->inc;
	char t[PW_TIME_BUFSZ];
	sbuf_addf(o, "Incident %" PRId64 ": %s (%s), severity %d, %s, opened %s by ", i->id,
	          pw_incident_type_name(i->type), pw_incident_type_zh(i->type), i->severity,
	          pw_incident_status_name(i->status), pw_time_iso(t, i->opened_at, false));
	put(o, i->opened_by);
	if (i->closed_at)
		sbuf_addf(o, ", closed %s", pw_time_iso(t, i->closed_at, false));
	sbuf_adds(o, "\n");
	if (i->alarm_id)
		sbuf_addf(o, "  alarm %" PRId64 "\n", i->alarm_id);
	if (i->location) {
		sbuf_adds(o, "  location: ");
		put(o, i->location);
		sbuf_adds(o, "\n");
	}
	if (i->summary) {
		sbuf_adds(o, "  summary: ");
		put(o, i->summary);
		sbuf_adds(o, "\n");
	}
}

static void enterprise(struct sbuf *o, const struct pw_card *c)
{
	sbuf_adds(o, "\nEnterprise ");
	put(o, c->code);
	sbuf_adds(o, " ");
	put(o, c->name);
	sbuf_addf(o, " (%s, ", pw_colour_name(c->risk));
	put(o, c->industry);
	sbuf_adds(o, ", ");
	put(o, c->zone);
	sbuf_adds(o, ")\n  principal: ");
	put(o, c->principal);
	sbuf_adds(o, " ");
	put(o, c->phone);
	sbuf_adds(o, "; safety officer: ");
	put(o, c->safety_officer);
	sbuf_adds(o, " ");
	put(o, c->safety_phone);
	sbuf_adds(o, "\nContacts:\n");
	for (size_t i = 0; i < c->n_contacts; i++) {
		sbuf_adds(o, "  ");
		put(o, c->contacts[i].name);
		sbuf_adds(o, "  ");
		put(o, c->contacts[i].role);
		sbuf_adds(o, "  ");
		put(o, c->contacts[i].phone);
		sbuf_adds(o, c->contacts[i].emergency ? "  emergency\n" : "\n");
	}
	sbuf_adds(o, "Emergency personnel:\n");
	for (size_t i = 0; i < c->n_personnel; i++) {
		sbuf_adds(o, "  ");
		put(o, c->personnel[i].name);
		sbuf_adds(o, "  ");
		put(o, c->personnel[i].role);
		sbuf_adds(o, "  ");
		put(o, c->personnel[i].phone);
		sbuf_adds(o, "\n");
	}
	sbuf_addf(o, "Chemicals (sum q/Q %.2f%s):\n", c->qq_sum, c->major_hazard ? ", major hazard source" : "");
	for (size_t i = 0; i < c->n_chems; i++) {
		const struct pw_card_chem *k = &c->chems[i];
		sbuf_adds(o, "  ");
		put(o, k->name);
		sbuf_addf(o, "  %.3g t", k->quantity_t);
		if (k->threshold_t > 0)
			sbuf_addf(o, "  Q %.3g t  q/Q %.2f", k->threshold_t, k->ratio);
		sbuf_adds(o, "  ");
		put(o, k->storage);
		sbuf_adds(o, "\n");
	}
	sbuf_adds(o, "Key places:\n");
	for (size_t i = 0; i < c->n_places; i++) {
		sbuf_adds(o, "  ");
		put(o, c->places[i].category);
		sbuf_adds(o, "  ");
		put(o, c->places[i].name);
		sbuf_adds(o, "  ");
		put(o, c->places[i].location);
		sbuf_adds(o, "\n");
	}
}

static void readings(struct sbuf *o, const struct store_linkage *l)
{
	static const char *const arrow[] = {"falling", "steady", "rising"};
	char t[PW_TIME_BUFSZ];
	sbuf_adds(o, "\nReadings (own sensors, then the nearest others):\n");
	for (size_t i = 0; i < l->nreadings; i++) {
		const struct store_link_reading *r = &l->readings[i];
		sbuf_adds(o, "  ");
		put(o, r->sensor_code);
		sbuf_adds(o, "  ");
		put(o, r->kind);
		if (r->has_value) {
			sbuf_addf(o, "  %g ", r->value);
			put(o, r->unit);
			sbuf_addf(o, "  %s  at %s", arrow[r->trend + 1], hms(t, r->ts));
		} else {
			sbuf_adds(o, "  no reading");
		}
		sbuf_adds(o, "  ");
		put(o, r->state);
		if (r->distance_m >= 0)
			sbuf_addf(o, "  %.0f m", r->distance_m);
		sbuf_adds(o, r->own ? "  own\n" : "\n");
	}
}

static void wind(struct sbuf *o, const struct store_linkage *l)
{
	char t[PW_TIME_BUFSZ];
	sbuf_adds(o, "\nWind: ");
	if (l->wind_station < 0) {
		sbuf_adds(o, "no station has reported\n");
		return;
	}
	const struct store_wind *w = &l->winds.v[l->wind_station];
	sbuf_addf(o, "%s (from %.0f° %s, toward %.0f°) %.1f m/s at %s, station ", pw_wind_name_zh(w->dir_deg),
	          w->dir_deg, pw_compass16(w->dir_deg), pw_wind_toward_deg(w->dir_deg), w->speed_ms,
	          hms(t, w->ts));
	put(o, w->station_code);
	sbuf_adds(o, " ");
	put(o, w->station_name);
	if (l->wind_station_m >= 0)
		sbuf_addf(o, " (%.0f m away)", l->wind_station_m);
	sbuf_addf(o, "\nDownwind within %.1f km (±%.0f°):\n", l->downwind_km, l->half_angle_deg);
	if (!l->has_point)
		sbuf_adds(o, "  (the incident's coordinates are unknown)\n");
	else if (l->ndownwind == 0)
		sbuf_adds(o, "  none\n");
	for (size_t i = 0; i < l->ndownwind; i++) {
		const struct store_link_downwind *d = &l->downwind[i];
		sbuf_adds(o, "  ");
		put(o, d->code);
		sbuf_adds(o, "  ");
		put(o, d->name);
		sbuf_addf(o, "  %.0f m %s  ", d->distance_m, pw_compass16(d->bearing_deg));
		put(o, d->risk);
		sbuf_adds(o, "\n");
	}
}

static void rescue(struct sbuf *o, const struct store_rescue *r)
{
	sbuf_adds(o, "\nTeams (available/members, out):\n");
	for (size_t i = 0; i < r->nteams; i++) {
		const struct store_rescue_team *t = &r->teams[i];
		sbuf_adds(o, "  ");
		put(o, t->code);
		sbuf_adds(o, "  ");
		put(o, t->name);
		sbuf_addf(o, "  %d/%d available, %d out  ", t->available, t->members, t->out);
		put(o, t->phone);
		sbuf_adds(o, "\n");
	}
	sbuf_adds(o, "Members:\n");
	for (size_t i = 0; i < r->nmembers; i++) {
		const struct store_rescue_member *m = &r->members[i];
		if (strcmp(m->status, "off_duty") == 0)
			continue;
		sbuf_addf(o, "  %" PRId64 "  ", m->id);
		put(o, m->team_code);
		sbuf_adds(o, "  ");
		put(o, m->name);
		sbuf_adds(o, "  ");
		put(o, m->role);
		sbuf_addf(o, "  %s  ", m->status);
		put(o, m->phone);
		sbuf_adds(o, "\n");
	}
	sbuf_adds(o, "Equipment (available/stock):\n");
	for (size_t i = 0; i < r->nequipment; i++) {
		const struct store_rescue_equipment *e = &r->equipment[i];
		sbuf_adds(o, "  ");
		put(o, e->code);
		sbuf_adds(o, "  ");
		put(o, e->name);
		sbuf_addf(o, "  %d/%d%s  ", e->available, e->qty, e->low ? " LOW" : "");
		put(o, e->location);
		sbuf_adds(o, "\n");
	}
}

static void timeline(struct sbuf *o, const struct store_linkage *l)
{
	char a[PW_TIME_BUFSZ], b[PW_TIME_BUFSZ], c[PW_TIME_BUFSZ], d[PW_TIME_BUFSZ];
	sbuf_adds(o, "\nRegulations:\n");
	for (size_t i = 0; i < l->nregs; i++) {
		sbuf_adds(o, "  ");
		put(o, l->regs[i].title);
		sbuf_adds(o, " ");
		put(o, l->regs[i].label);
		sbuf_adds(o, ": ");
		put(o, l->regs[i].snippet);
		sbuf_adds(o, "\n");
	}
	sbuf_adds(o, "\nDispatches (dispatched, en route, on scene, cleared):\n");
	for (size_t i = 0; i < l->ndispatches; i++) {
		const struct store_dispatch *x = &l->dispatches[i];
		sbuf_addf(o, "  %" PRId64 "  ", x->id);
		put(o, x->team_code);
		sbuf_adds(o, "  ");
		put(o, x->member_name);
		sbuf_addf(o, "  %s  %s  %s  %s  %s\n", pw_dispatch_stage_name(x->stage), hms(a, x->dispatched_at),
		          hms(b, x->en_route_at), hms(c, x->on_scene_at), hms(d, x->cleared_at));
	}
	sbuf_adds(o, "\nEquipment loaned (id, qty, code, name, borrower, out, returned):\n");
	for (size_t i = 0; i < l->nloans; i++) {
		const struct store_link_loan *x = &l->loans[i];
		sbuf_addf(o, "  %" PRId64 "  %d  ", x->id, x->qty);
		put(o, x->equipment_code);
		sbuf_adds(o, "  ");
		put(o, x->equipment);
		sbuf_adds(o, "  ");
		put(o, x->borrower);
		sbuf_addf(o, "  %s  %s\n", hms(a, x->out_at), hms(b, x->returned_at));
	}
	sbuf_adds(o, "\nLog:\n");
	for (size_t i = 0; i < l->nlog; i++) {
		sbuf_addf(o, "  %s  ", hms(a, l->log[i].ts));
		put(o, l->log[i].operator_name);
		sbuf_adds(o, "  ");
		put(o, l->log[i].text);
		sbuf_adds(o, "\n");
	}
}

void incident_text(struct sbuf *out, const struct store_linkage *l)
{
	if (l->has_incident)
		head(out, l);
	if (l->card)
		enterprise(out, l->card);
	readings(out, l);
	wind(out, l);
	rescue(out, &l->rescue);
	timeline(out, l);
}
