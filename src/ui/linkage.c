/*
 * linkage.c - the linkage picture of one incident on one scrollable page:
 * the incident, the enterprise with who to call, chemicals (q/Q) and key
 * places, live readings with trend arrows (own sensors, then the nearest
 * others), the wind and the enterprises downwind, teams, members and
 * equipment available, regulations by incident type and chemical, the
 * dispatch timeline and the incident log. ] jumps to the next section,
 * so 80x24 reaches everything in a few keys; wider terminals get more
 * columns. d e o c S N act (incident_act.c). Nothing relies on colour:
 * statuses are words, trends are arrows, risks carry labels.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident_ui.h"
#include "livefmt.h"
#include "parkwatch/geo.h"
#include "parkwatch/text.h"

#define MAX_SECTIONS 12

struct link_screen {
	int64_t id;
	int64_t alarm_id;         /* > 0: a preview ('!') around this alarm, no incident */
	struct store_alarm alarm; /* the preview's alarm, as last loaded */
	bool have, missing;
	struct store_linkage l;
	struct ui_doc doc;
	int doc_width;
	size_t heading[MAX_SECTIONS];
	size_t nheadings;
};

/* A fixed-width cell and one blank column after it. */
static void cell(struct ui_doc *d, int role, int width, bool right, const char *text)
{
	ui_doc_add(d, role, width, right, text ? text : "");
	ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
}

static void heading(struct link_screen *s, struct ui *ui, int width, const char *title)
{
	if (s->nheadings < MAX_SECTIONS)
		s->heading[s->nheadings++] = s->doc.n;
	ui_doc_heading(&s->doc, ui, width, title);
}

static int risk_role_of(const char *risk, const char **label)
{
	enum pw_colour c = PW_BLUE;
	if (!risk || pw_colour_parse(risk, &c) < 0)
		c = PW_BLUE;
	*label = ui_risk_label(c);
	return ui_risk_role(c);
}

static const char *hm(char buf[PW_TIME_BUFSZ], int64_t ms)
{
	if (!ms)
		return "-";
	pw_time_hms(buf, ms);
	buf[5] = '\0';
	return buf;
}

/* The head of a preview: which alarm, and that nothing was opened yet. */
static void build_preview_head(struct link_screen *s, int width)
{
	struct ui_doc *d = &s->doc;
	const struct store_alarm *a = &s->alarm;
	char t[PW_TIME_BUFSZ];
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_TITLE, 0, false, "Preview");
	cell(d, PW_ROLE_PRIO1, 0, false, ui_prio_label(a->priority));
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "alarm #%lld %s %s", (long long)a->id,
	            a->sensor_code ? a->sensor_code : "", ui_alarm_state_label(a->state));
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_WARN, width, false, "no incident yet: i opens one  (raised %s)",
	            pw_time_short(t, a->raised_at));
	if (a->message) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_NORMAL, width, false, a->message);
	}
}

static void build_head(struct link_screen *s, int width)
{
	struct ui_doc *d = &s->doc;
	const struct store_incident *i = &s->l.inc;
	if (!s->l.has_incident) {
		build_preview_head(s, width);
		return;
	}
	char t[PW_TIME_BUFSZ], buf[160];
	int sev_role = i->severity <= 1 ? PW_ROLE_PRIO1 : i->severity == 2 ? PW_ROLE_PRIO2 : PW_ROLE_NORMAL;
	ui_doc_line(d, PW_ROLE_NORMAL);
	snprintf(buf, sizeof buf, "Incident #%lld", (long long)i->id);
	cell(d, PW_ROLE_TITLE, 0, false, buf);
	snprintf(buf, sizeof buf, "%s %s", pw_incident_type_zh(i->type), pw_incident_type_name(i->type));
	cell(d, PW_ROLE_NORMAL, 0, false, buf);
	snprintf(buf, sizeof buf, "SEV %d", i->severity);
	cell(d, sev_role, 0, false, buf);
	cell(d, i->status == PW_INC_CLOSED ? PW_ROLE_DIM : PW_ROLE_WARN, 0, false,
	     pw_incident_status_name(i->status));
	snprintf(buf, sizeof buf, "units out %d", i->units_out);
	cell(d, i->units_out ? PW_ROLE_WARN : PW_ROLE_DIM, 0, false, buf);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_DIM, 0, false, "opened %s by %s", pw_time_short(t, i->opened_at),
	            i->opened_by ? i->opened_by : "?");
	if (i->alarm_id)
		ui_doc_addf(d, PW_ROLE_DIM, 0, false, "  from alarm %lld", (long long)i->alarm_id);
	if (i->closed_at)
		ui_doc_addf(d, PW_ROLE_DIM, 0, false, "  closed %s", pw_time_short(t, i->closed_at));
	if (i->location || i->summary) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, PW_ROLE_NORMAL, width, false, "%s%s%s", i->location ? i->location : "",
		            i->location && i->summary ? ": " : "", i->summary ? i->summary : "");
	}
}

/*
 * Two summary lines under the head, so the first page at 80x24 already says
 * where the gas goes and who can go: the wind and the downwind enterprises,
 * and the teams with available members (most first).
 */
static void build_summary(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	const struct store_linkage *l = &s->l;
	struct sbuf b;
	sbuf_init(&b);
	if (l->wind_station < 0) {
		sbuf_adds(&b, "wind: no report");
	} else {
		const struct store_wind *w = &l->winds.v[l->wind_station];
		sbuf_addf(&b, "wind %s %s %.1f m/s, downwind:", ui->utf8 ? pw_wind_name_zh(w->dir_deg)
		          : pw_compass16(w->dir_deg), ui_wind_arrow(w->dir_deg, ui->utf8), w->speed_ms);
		if (!l->ndownwind)
			sbuf_adds(&b, l->has_point ? " none" : " position unknown");
		for (size_t i = 0; i < l->ndownwind && i < 6; i++)
			sbuf_addf(&b, " %s %.1fkm", l->downwind[i].code, l->downwind[i].distance_m / 1000.0);
		if (l->ndownwind > 6)
			sbuf_addf(&b, " +%zu", l->ndownwind - 6);
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, l->ndownwind ? PW_ROLE_WARN : PW_ROLE_NORMAL, width, false, sbuf_str(&b));
	sbuf_reset(&b);
	sbuf_adds(&b, "available:");
	const struct store_rescue *r = &l->rescue;
	bool taken[64] = {false};
	for (size_t k = 0; k < 4; k++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < r->nteams && i < PW_ARRAY_LEN(taken); i++)
			if (!taken[i] && r->teams[i].available > 0 &&
			    (best == SIZE_MAX || r->teams[i].available > r->teams[best].available))
				best = i;
		if (best == SIZE_MAX)
			break;
		taken[best] = true;
		sbuf_addf(&b, " %s %d", r->teams[best].code, r->teams[best].available);
	}
	if (!strchr(sbuf_str(&b), ' '))
		sbuf_adds(&b, " no team has anyone available");
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_OK, width, false, sbuf_str(&b));
	sbuf_free(&b);
}

static void person(struct ui_doc *d, int width, const char *name, const char *role, const char *phone,
                   bool emergency)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_NORMAL, 2, false, "");
	cell(d, PW_ROLE_NORMAL, 10, false, name);
	cell(d, PW_ROLE_OK, 12, false, phone ? phone : "-");
	cell(d, PW_ROLE_DIM, width > 100 ? 30 : width - 40, false, role);
	if (emergency)
		cell(d, PW_ROLE_WARN, 0, false, "应急");
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void build_enterprise(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	const struct pw_card *c = s->l.card;
	heading(s, ui, width, "Enterprise 企业 / who to call");
	if (!c) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  (the enterprise is no longer in the database)");
		return;
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_NORMAL, 0, false, c->code);
	cell(d, ui_risk_role(c->risk), 0, false, ui_risk_label(c->risk));
	ui_doc_addf(d, PW_ROLE_NORMAL, width - 20, false, "%s  %s · %s", c->name, c->industry, c->zone);
	person(d, width, c->principal, "主要负责人 principal", c->phone, false);
	person(d, width, c->safety_officer, "安全管理员 safety officer", c->safety_phone, false);
	/* Emergency contacts, without repeating the principal and safety officer. */
	for (size_t i = 0; i < c->n_contacts; i++)
		if (c->contacts[i].emergency && !same(c->contacts[i].name, c->principal) &&
		    !same(c->contacts[i].name, c->safety_officer))
			person(d, width, c->contacts[i].name, c->contacts[i].role, c->contacts[i].phone, true);
	for (size_t i = 0; i < c->n_personnel; i++)
		person(d, width, c->personnel[i].name, c->personnel[i].role, c->personnel[i].phone, false);
}

static void build_chems(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	const struct pw_card *c = s->l.card;
	if (!c)
		return;
	char title[96];
	snprintf(title, sizeof title, "Chemicals 危化品 q/Q %.2f%s, key places", c->qq_sum,
	         c->major_hazard ? " MAJOR 重大危险源" : "");
	heading(s, ui, width, title);
	if (!c->n_chems && !c->n_places) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  none recorded");
	}
	for (size_t i = 0; i < c->n_chems; i++) {
		const struct pw_card_chem *k = &c->chems[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 2, false, "");
		cell(d, PW_ROLE_NORMAL, 16, false, k->name);
		ui_doc_addf(d, PW_ROLE_NORMAL, 10, true, "%.3g t", k->quantity_t);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		if (k->threshold_t > 0)
			ui_doc_addf(d, k->ratio >= 1 ? PW_ROLE_WARN : PW_ROLE_NORMAL, 22, false, "Q %.3g t q/Q %.2f",
			            k->threshold_t, k->ratio);
		else
			cell(d, PW_ROLE_DIM, 21, false, "no GB 18218 Q");
		ui_doc_add(d, PW_ROLE_DIM, width - 54 > 8 ? width - 54 : 8, false, k->storage ? k->storage : "");
	}
	for (size_t i = 0; i < c->n_places; i++) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 2, false, "");
		enum pw_place p;
		cell(d, PW_ROLE_WARN, 10, false,
		     pw_place_parse(c->places[i].category, &p) == 0 ? pw_place_label_zh(p) : c->places[i].category);
		cell(d, PW_ROLE_NORMAL, 20, false, c->places[i].name);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, c->places[i].location ? c->places[i].location : "");
	}
}

static void build_readings(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	heading(s, ui, width, "Readings 实时监测 (own, then nearest)");
	const char *up = ui->utf8 ? "↑" : "^", *down = ui->utf8 ? "↓" : "v", *flat = ui->utf8 ? "→" : "-";
	char t[PW_TIME_BUFSZ], buf[64];
	for (size_t i = 0; i < s->l.nreadings; i++) {
		const struct store_link_reading *r = &s->l.readings[i];
		bool bad = r->state && (strcmp(r->state, "l1") == 0 || strcmp(r->state, "l2") == 0 ||
		                        strcmp(r->state, "alarm") == 0);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 2, false, "");
		cell(d, PW_ROLE_NORMAL, 14, false, r->sensor_code);
		cell(d, PW_ROLE_DIM, 6, false, r->kind);
		if (r->has_value)
			snprintf(buf, sizeof buf, "%.4g %s", r->value, r->unit ? r->unit : "");
		else
			snprintf(buf, sizeof buf, "no reading");
		cell(d, bad ? PW_ROLE_PRIO1 : PW_ROLE_NORMAL, 14, true, buf);
		cell(d, PW_ROLE_NORMAL, 1, false, !r->has_value ? " " : r->trend > 0 ? up : r->trend < 0 ? down : flat);
		cell(d, bad ? PW_ROLE_PRIO1 : PW_ROLE_DIM, 7, false, r->state);
		if (r->distance_m >= 0)
			snprintf(buf, sizeof buf, "%.0f m", r->distance_m);
		else
			snprintf(buf, sizeof buf, "-");
		cell(d, PW_ROLE_DIM, 7, true, buf);
		cell(d, PW_ROLE_DIM, 6, false, r->own ? "own" : r->enterprise_code);
		if (width >= 100)
			cell(d, PW_ROLE_DIM, 8, false, hm(t, r->ts));
	}
}

static void build_wind(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	const struct store_linkage *l = &s->l;
	char title[96], t[PW_TIME_BUFSZ];
	snprintf(title, sizeof title, "Wind 风向 and downwind 下风向 (%.1f km, ±%.0f°)", l->downwind_km,
	         l->half_angle_deg);
	heading(s, ui, width, title);
	ui_doc_line(d, PW_ROLE_NORMAL);
	if (l->wind_station < 0) {
		ui_doc_add(d, PW_ROLE_WARN, 0, false, "  no weather station has reported: downwind unknown");
		return;
	}
	const struct store_wind *w = &l->winds.v[l->wind_station];
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "  %s %s from %.0f %s, toward %.0f, %.1f m/s at %s",
	            ui->utf8 ? pw_wind_name_zh(w->dir_deg) : "wind", ui_wind_arrow(w->dir_deg, ui->utf8),
	            w->dir_deg, pw_compass16(w->dir_deg), pw_wind_toward_deg(w->dir_deg), w->speed_ms, hm(t, w->ts));
	ui_doc_line(d, PW_ROLE_NORMAL);
	if (l->wind_station_m >= 0)
		ui_doc_addf(d, PW_ROLE_DIM, width, false, "  station %s %s, %.1f km away", w->station_code,
		            w->station_name ? w->station_name : "", l->wind_station_m / 1000.0);
	else
		ui_doc_addf(d, PW_ROLE_DIM, width, false, "  station %s %s", w->station_code,
		            w->station_name ? w->station_name : "");
	if (!l->has_point) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_WARN, 0, false, "  the incident's coordinates are unknown");
	} else if (!l->ndownwind) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_OK, 0, false, "  no enterprise downwind within the distance");
	}
	for (size_t i = 0; i < l->ndownwind; i++) {
		const struct store_link_downwind *x = &l->downwind[i];
		const char *label;
		int role = risk_role_of(x->risk, &label);
		char buf[32];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_WARN, 2, false, ui->utf8 ? "⚠" : "!");
		cell(d, PW_ROLE_NORMAL, 6, false, x->code);
		cell(d, role, 6, false, label);
		snprintf(buf, sizeof buf, "%.0f m %s", x->distance_m, pw_compass16(x->bearing_deg));
		cell(d, PW_ROLE_NORMAL, 10, true, buf);
		ui_doc_add(d, PW_ROLE_NORMAL, width - 28 > 10 ? width - 28 : 10, false, x->name);
	}
}

static int status_role(const char *status)
{
	if (strcmp(status, "available") == 0)
		return PW_ROLE_OK;
	return strcmp(status, "off_duty") == 0 ? PW_ROLE_DIM : PW_ROLE_WARN;
}

static void build_rescue(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	const struct store_rescue *r = &s->l.rescue;
	char buf[64];
	heading(s, ui, width, "Teams 救援队伍 (d dispatches)");
	for (size_t i = 0; i < r->nteams; i++) {
		const struct store_rescue_team *t = &r->teams[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 2, false, "");
		cell(d, PW_ROLE_NORMAL, 10, false, t->code);
		snprintf(buf, sizeof buf, "%d/%d avail", t->available, t->members);
		cell(d, t->available ? PW_ROLE_OK : PW_ROLE_WARN, 12, false, buf);
		snprintf(buf, sizeof buf, "%d out", t->out);
		cell(d, t->out ? PW_ROLE_WARN : PW_ROLE_DIM, 6, false, buf);
		cell(d, PW_ROLE_DIM, 12, false, t->phone);
		ui_doc_add(d, PW_ROLE_NORMAL, width - 48 > 8 ? width - 48 : 8, false, t->name);
	}
	heading(s, ui, width, "Members 队员 (out first, then available)");
	for (size_t i = 0; i < r->nmembers; i++) {
		const struct store_rescue_member *m = &r->members[i];
		if (strcmp(m->status, "off_duty") == 0)
			continue;
		ui_doc_line(d, PW_ROLE_NORMAL);
		snprintf(buf, sizeof buf, "%lld", (long long)m->id);
		cell(d, PW_ROLE_DIM, 5, true, buf);
		cell(d, PW_ROLE_NORMAL, 10, false, m->team_code);
		cell(d, PW_ROLE_NORMAL, 8, false, m->name);
		cell(d, status_role(m->status), 10, false, m->status);
		cell(d, PW_ROLE_DIM, 12, false, m->phone);
		ui_doc_add(d, PW_ROLE_DIM, width - 50 > 8 ? width - 50 : 8, false,
		           width >= 110 && m->skills ? m->skills : m->role);
	}
	heading(s, ui, width, "Equipment 应急物资 (available/stock)");
	for (size_t i = 0; i < r->nequipment; i++) {
		const struct store_rescue_equipment *e = &r->equipment[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 2, false, "");
		snprintf(buf, sizeof buf, "%d/%d%s", e->available, e->qty, e->low ? " LOW" : "");
		cell(d, e->available ? (e->low ? PW_ROLE_WARN : PW_ROLE_OK) : PW_ROLE_ERROR, 12, true, buf);
		cell(d, PW_ROLE_NORMAL, width >= 100 ? 30 : 28, false, e->name);
		ui_doc_add(d, PW_ROLE_DIM, width - 48 > 8 ? width - 48 : 8, false, e->location ? e->location : "");
	}
}

static void build_regs(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	heading(s, ui, width, "Regulations 法规 (by type and chemical)");
	if (!s->l.nregs) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  none found (regs import FILE loads them)");
	}
	for (size_t i = 0; i < s->l.nregs; i++) {
		const struct store_link_reg *r = &s->l.regs[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, PW_ROLE_NORMAL, width - 2, false, "  %s %s [%s]", r->title, r->label, r->word);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, PW_ROLE_DIM, width - 2, false, "    %s", r->snippet);
	}
}

static void build_timeline(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	char a[PW_TIME_BUFSZ], buf[32];
	heading(s, ui, width, "Dispatches 调度 (sent, en route, on scene, cleared; e o c advance)");
	if (!s->l.ndispatches) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  nobody dispatched yet: d dispatches a team");
	}
	for (size_t i = 0; i < s->l.ndispatches; i++) {
		const struct store_dispatch *x = &s->l.dispatches[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		snprintf(buf, sizeof buf, "%lld", (long long)x->id);
		cell(d, PW_ROLE_DIM, 5, true, buf);
		cell(d, PW_ROLE_NORMAL, 10, false, x->team_code);
		cell(d, PW_ROLE_NORMAL, 8, false, x->member_name ? x->member_name : "(team)");
		cell(d, x->stage == PW_DSP_CLEARED ? PW_ROLE_DIM : PW_ROLE_WARN, 10, false,
		     pw_dispatch_stage_name(x->stage));
		cell(d, PW_ROLE_NORMAL, 5, false, hm(a, x->dispatched_at));
		cell(d, PW_ROLE_NORMAL, 5, false, hm(a, x->en_route_at));
		cell(d, PW_ROLE_NORMAL, 5, false, hm(a, x->on_scene_at));
		cell(d, PW_ROLE_NORMAL, 5, false, hm(a, x->cleared_at));
		if (width >= 100)
			cell(d, PW_ROLE_DIM, 12, false, x->member_phone);
	}
}

static void build_loans_log(struct link_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	char a[PW_TIME_BUFSZ], buf[32];
	heading(s, ui, width, "Equipment loaned 借出物资 (l loans, R returns)");
	if (!s->l.nloans) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  none");
	}
	for (size_t i = 0; i < s->l.nloans; i++) {
		const struct store_link_loan *x = &s->l.loans[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		snprintf(buf, sizeof buf, "%lld", (long long)x->id);
		cell(d, PW_ROLE_DIM, 5, true, buf);
		snprintf(buf, sizeof buf, "%d x", x->qty);
		cell(d, PW_ROLE_NORMAL, 6, true, buf);
		cell(d, PW_ROLE_NORMAL, 7, false, x->equipment_code);
		cell(d, PW_ROLE_NORMAL, 22, false, x->equipment);
		cell(d, PW_ROLE_DIM, 8, false, x->borrower);
		cell(d, x->returned_at ? PW_ROLE_DIM : PW_ROLE_WARN, 8, false, x->returned_at ? "returned" : "out");
		cell(d, PW_ROLE_DIM, 5, false, hm(a, x->out_at));
	}
	heading(s, ui, width, "Log 事件记录 (N adds a note)");
	for (size_t i = 0; i < s->l.nlog; i++) {
		const struct store_incident_logrow *r = &s->l.log[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_DIM, 7, true, hm(a, r->ts));
		cell(d, PW_ROLE_DIM, 8, false, r->operator_name);
		ui_doc_add(d, PW_ROLE_NORMAL, width - 18 > 10 ? width - 18 : 10, false, r->text);
	}
}

static void layout(struct link_screen *s, struct ui *ui, int width)
{
	ui_doc_clear(&s->doc);
	s->nheadings = 0;
	if (!s->have) {
		ui_doc_line(&s->doc, PW_ROLE_NORMAL);
		if (s->alarm_id)
			ui_doc_addf(&s->doc, PW_ROLE_DIM, 0, false, s->missing ? "  no alarm %lld at an enterprise"
			            : "  loading...", (long long)s->alarm_id);
		else
			ui_doc_addf(&s->doc, PW_ROLE_DIM, 0, false, s->missing ? "  no incident %lld" : "  loading...",
			            (long long)s->id);
		s->doc_width = width;
		return;
	}
	build_head(s, width);
	build_summary(s, ui, width);
	build_enterprise(s, ui, width);
	build_chems(s, ui, width);
	build_readings(s, ui, width);
	build_wind(s, ui, width);
	build_rescue(s, ui, width);
	build_regs(s, ui, width);
	build_timeline(s, ui, width);
	build_loans_log(s, ui, width);
	s->doc_width = width;
}

/* ---- screen ops ---- */

static void *link_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct link_screen *s = xcalloc(1, sizeof *s);
	long v = 0;
	if (arg && strncmp(arg, "alarm:", 6) == 0) {
		s->alarm_id = pw_parse_long(arg + 6, &v) == 0 && v > 0 ? v : -1;
		s->id = 0;
	} else {
		s->id = arg && pw_parse_long(arg, &v) == 0 && v > 0 ? v : -1;
	}
	ui_doc_init(&s->doc);
	return s;
}

static void link_close(void *self)
{
	struct link_screen *s = self;
	store_linkage_free(&s->l);
	store_alarm_clear(&s->alarm);
	ui_doc_free(&s->doc);
	free(s);
}

static int link_load(void *self, struct ui *ui)
{
	struct link_screen *s = self;
	struct store_linkage l;
	struct store_linkage_opts o = {.downwind_km = ui->cfg->downwind_km};
	struct store_alarm a = {0};
	bool loaded = false;
	int rc = PW_STORE_NOTFOUND;
	if (s->id > 0) {
		rc = store_linkage_load(ui->st, s->id, NULL, &o, pw_now_ms(), &l);
		loaded = true;
	} else if (s->alarm_id > 0) {
		rc = store_alarm_get(ui->st, s->alarm_id, &a);
		if (rc == 0 && !a.enterprise_code)
			rc = PW_STORE_NOTFOUND;
		if (rc == 0) {
			rc = store_linkage_load(ui->st, 0, a.enterprise_code, &o, pw_now_ms(), &l);
			loaded = true;
		}
	}
	if (rc == 0 && s->alarm_id > 0) {
		store_alarm_clear(&s->alarm);
		s->alarm = a;
	} else {
		store_alarm_clear(&a);
	}
	if (rc != 0) {
		if (loaded)
			store_linkage_free(&l);
		s->missing = rc == PW_STORE_NOTFOUND;
		if (!s->missing)
			ui_message(ui, PW_ROLE_ERROR, "linkage: %s", store_errmsg(ui->st));
		s->doc_width = 0;
		return s->missing ? 0 : -1;
	}
	store_linkage_free(&s->l);
	s->l = l;
	s->have = true;
	s->doc_width = 0;
	return 0;
}

static void link_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct link_screen *s = self;
	if (s->doc_width != getmaxx(w))
		layout(s, ui, getmaxx(w));
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

/* ] / [: the next / previous section heading. */
static unsigned jump(struct link_screen *s, bool back)
{
	if (!s->nheadings)
		return UI_R_NONE;
	size_t to = s->heading[0];
	if (back) {
		to = 0;
		for (size_t i = 0; i < s->nheadings; i++)
			if (s->heading[i] < s->doc.top)
				to = s->heading[i];
	} else {
		for (size_t i = 0; i < s->nheadings; i++)
			if (s->heading[i] > s->doc.top) {
				to = s->heading[i];
				break;
			}
	}
	s->doc.top = to;
	return UI_R_BODY;
}

static unsigned link_key(void *self, struct ui *ui, int key)
{
	struct link_screen *s = self;
	if (key == ']' || key == '[')
		return jump(s, key == '[');
	if (s->have && !s->l.has_incident) {
		/* A preview: nothing to act on until an incident is opened. */
		if (key == 'i')
			return ui_incident_new_from_alarm(ui, &s->alarm);
		if (key && strchr("deocSNlR", key)) {
			ui_message(ui, PW_ROLE_WARN, "a preview: no incident yet (i opens one)");
			return UI_R_MSG;
		}
		return ui_doc_key(&s->doc, key);
	}
	if (s->have && key == 'l')
		return ui_incident_loan_start(ui, &s->l);
	if (s->have && key == 'R')
		return ui_incident_return_start(ui, &s->l);
	if (s->have && strchr("deocSN", key) && key) {
		switch (key) {
		case 'd': return ui_incident_dispatch_start(ui, &s->l);
		case 'e': return ui_incident_advance_start(ui, &s->l, PW_DSP_EN_ROUTE);
		case 'o': return ui_incident_advance_start(ui, &s->l, PW_DSP_ON_SCENE);
		case 'c': return ui_incident_advance_start(ui, &s->l, PW_DSP_CLEARED);
		case 'S': return ui_incident_status_start(ui, &s->l);
		default: return ui_incident_note_start(ui, &s->l);
		}
	}
	return ui_doc_key(&s->doc, key);
}

static void link_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct link_screen *s = self;
	if (s->alarm_id > 0) {
		sbuf_addf(out, "preview of alarm #%lld ", (long long)s->alarm_id);
		ui_doc_hint(&s->doc, out);
		sbuf_adds(out, " i incident ] [");
		return;
	}
	sbuf_addf(out, "#%lld ", (long long)s->id);
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, " d e o c S N l R ] [");
}

static const struct ui_keyhelp link_keys[] = {
	{"d", "dispatch a team's available crew, or m<id>"},
	{"e / o / c", "units en route / on scene / cleared"},
	{"", "(one team's code, or Enter: every unit)"},
	{"S", "status: active, controlled, closed (forward)"},
	{"N", "note in the incident log (n: duty log)"},
	{"l / R", "loan equipment to it (code qty) / return a loan"},
	{"] / [", "next / previous section"},
	{"Up/Down, PgUp/PgDn", "scroll; Home/End top / bottom"},
	{"i", "(a preview from !) open the incident from the alarm"},
	{"Esc", "back"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_linkage = {
	.name = "Linkage picture",
	.keys = link_keys,
	.data = UI_DATA_INCIDENTS | UI_DATA_RESCUE | UI_DATA_SENSORS | UI_DATA_WIND | UI_DATA_ENTERPRISES,
	.open = link_open,
	.close = link_close,
	.load = link_load,
	.draw = link_draw,
	.key = link_key,
	.hint = link_hint,
	.min_reload_ms = 1000,
};

unsigned ui_linkage_p1_preview(struct ui *ui)
{
	struct store_alarm_filter f = {.priority = 1, .unacked_only = true, .limit = 1};
	struct store_alarm_list l = {0};
	if (store_alarm_list_active(ui->st, &f, &l) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "!: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	if (!l.n) {
		store_alarm_list_free(&l);
		ui_message(ui, PW_ROLE_OK, "!: no unacknowledged P1 alarm");
		return UI_R_MSG;
	}
	char arg[40];
	snprintf(arg, sizeof arg, "alarm:%lld", (long long)l.v[0].id);
	store_alarm_list_free(&l);
	return ui_push(ui, &ui_screen_linkage, arg);
}
