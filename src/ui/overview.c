/*
 * overview.c - screen 1: the park at a glance, from the database only.
 * Enterprises by risk colour (each with its text label), a zone x colour
 * table, major hazard sources, sensors by link state, open and overdue
 * hidden hazards, expired certificates and the rescue force available.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "parkwatch/store_browse.h"
#include "risk_ui.h"
#include "ui_private.h"

#define DAY_MS (24LL * 3600 * 1000)

struct overview_screen {
	struct pw_overview o;
	bool loaded;
	struct ui_heat_summary *heat;   /* compact heat table (heat.c) */
	struct ui_live live;      /* alarms and wind (live.c) */
	struct ui_doc doc;
};

static const enum pw_colour colours_desc[PW_BROWSE_NRISK] = {PW_RED, PW_ORANGE, PW_YELLOW, PW_BLUE};

/* A count in ROLE when it is not zero, plain otherwise. */
static void count(struct ui_doc *d, int role, int width, int64_t n)
{
	ui_doc_addf(d, n ? role : PW_ROLE_NORMAL, width, true, "%lld", (long long)n);
}

static void build_risk(struct ui_doc *d, const struct pw_overview *o)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_HEADER, 0, false, "Enterprises %lld", (long long)o->enterprises);
	for (int i = 0; i < PW_BROWSE_NRISK; i++) {
		enum pw_colour c = colours_desc[i];
		ui_doc_add(d, PW_ROLE_NORMAL, 3, false, "");
		ui_doc_add(d, ui_risk_role(c), 0, false, ui_risk_label(c));
		ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, " %lld", (long long)o->by_risk[c]);
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, o->major_sources ? PW_ROLE_WARN : PW_ROLE_NORMAL, 0, false,
	            "重大危险源 major hazard sources (sum q/Q >= 1): %lld", (long long)o->major_sources);
}

static void build_zones(struct ui_doc *d, struct ui *ui, const struct pw_overview *o, int width)
{
	ui_doc_heading(d, ui, width, "Enterprises by zone and risk colour");
	if (!o->n_zones) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  no enterprises yet (parkwatch seed loads a demo park)");
		return;
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_HEADER, 16, false, "Zone");
	ui_doc_add(d, PW_ROLE_HEADER, 7, true, "Total");
	for (int i = 0; i < PW_BROWSE_NRISK; i++)
		ui_doc_add(d, PW_ROLE_HEADER, 11, true, ui_risk_label(colours_desc[i]));
	for (size_t z = 0; z < o->n_zones; z++) {
		const struct pw_overview_zone *x = &o->zones[z];
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_NORMAL, 16, false, x->zone);
		count(d, PW_ROLE_NORMAL, 7, x->total);
		for (int i = 0; i < PW_BROWSE_NRISK; i++)
			count(d, ui_risk_role(colours_desc[i]), 11, x->by_risk[colours_desc[i]]);
	}
}

static void build_sensors(struct ui_doc *d, struct ui *ui, const struct pw_overview *o, int width)
{
	ui_doc_heading(d, ui, width, "Monitoring");
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Sensors %lld:  online %lld  ", (long long)o->sensors,
	            (long long)o->sensors_online);
	ui_doc_addf(d, o->sensors_offline ? PW_ROLE_DIAG : PW_ROLE_NORMAL, 0, false, "offline %lld",
	            (long long)o->sensors_offline);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "  link unknown %lld  out of service %lld",
	            (long long)o->sensors_unknown, (long long)o->sensors_oos);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, o->sensors_in_alarm ? PW_ROLE_PRIO1 : PW_ROLE_NORMAL, 0, false,
	            "In alarm %lld", (long long)o->sensors_in_alarm);
	ui_doc_addf(d, o->sensors_fault ? PW_ROLE_DIAG : PW_ROLE_NORMAL, 0, false, "  faulty %lld",
	            (long long)o->sensors_fault);
}

static void build_safety(struct ui_doc *d, struct ui *ui, const struct pw_overview *o, int width)
{
	ui_doc_heading(d, ui, width, "Hidden hazards and certificates");
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Hidden hazards open %lld  ", (long long)o->hazards_open);
	ui_doc_addf(d, o->hazards_open_major ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 0, false, "major %lld",
	            (long long)o->hazards_open_major);
	ui_doc_addf(d, o->hazards_overdue ? PW_ROLE_OVERDUE : PW_ROLE_NORMAL, 0, false, "  overdue %lld",
	            (long long)o->hazards_overdue);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_NORMAL, 0, false, "Special-operations certificates ");
	ui_doc_addf(d, o->certs_expired ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 0, false, "expired %lld",
	            (long long)o->certs_expired);
	ui_doc_addf(d, o->certs_expiring ? PW_ROLE_WARN : PW_ROLE_NORMAL, 0, false,
	            "  expiring within 30 days %lld", (long long)o->certs_expiring);
}

static void build_rescue(struct ui_doc *d, struct ui *ui, const struct pw_overview *o, int width)
{
	ui_doc_heading(d, ui, width, "Rescue force");
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, o->teams && !o->teams_available ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 0, false,
	            "Teams %lld (%lld with members available)", (long long)o->teams,
	            (long long)o->teams_available);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "  members %lld (%lld available)", (long long)o->members,
	            (long long)o->members_available);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Equipment store: %lld items  ", (long long)o->equipment_items);
	ui_doc_addf(d, o->equipment_short ? PW_ROLE_WARN : PW_ROLE_NORMAL, 0, false,
	            "below minimum stock %lld", (long long)o->equipment_short);
}

static void *ov_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct overview_screen *s = xcalloc(1, sizeof *s);
	ui_doc_init(&s->doc);
	return s;
}

static void ov_close(void *self)
{
	struct overview_screen *s = self;
	store_browse_overview_free(&s->o);
	ui_heat_summary_free(s->heat);
	ui_live_free(&s->live);
	ui_doc_free(&s->doc);
	free(s);
}

static int ov_load(void *self, struct ui *ui)
{
	struct overview_screen *s = self;
	char today[PW_TIME_BUFSZ], soon[PW_TIME_BUFSZ];
	int64_t now = pw_now_ms();
	pw_date_local(today, now);
	pw_date_local(soon, now + 30 * DAY_MS);
	struct pw_overview o;
	if (store_browse_overview(ui->st, today, soon, &o) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "overview: %s", store_errmsg(ui->st));
		return -1;
	}
	store_browse_overview_free(&s->o);
	s->o = o;
	s->loaded = true;
	ui_heat_summary_load(&s->heat, ui);
	ui_live_load(&s->live, ui);
	return 0;
}

static void ov_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct overview_screen *s = self;
	int width = getmaxx(w);
	ui_doc_clear(&s->doc);
	if (s->loaded) {
		build_risk(&s->doc, &s->o);
		ui_live_build(&s->live, &s->doc, ui, width);
		ui_heat_summary_build(s->heat, &s->doc, ui, width);
		build_zones(&s->doc, ui, &s->o, width);
		build_sensors(&s->doc, ui, &s->o, width);
		build_safety(&s->doc, ui, &s->o, width);
		build_rescue(&s->doc, ui, &s->o, width);
	}
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

static unsigned ov_key(void *self, struct ui *ui, int key)
{
	(void)ui;
	struct overview_screen *s = self;
	if (key == 'h')
		return ui_push(ui, &ui_screen_heat, NULL);
	return ui_doc_key(&s->doc, key);
}

static void ov_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct overview_screen *s = self;
	ui_doc_hint(&s->doc, out);
}

static const struct ui_keyhelp ov_keys[] = {
	{"Up/Down, j/k", "scroll when the park has more zones than fit"},
	{"h", "the risk heat table, full size (also :heat)"},
	{"2", "the enterprise list"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_overview = {
	.name = "Overview",
	.keys = ov_keys,
	.data = UI_DATA_ENTERPRISES | UI_DATA_SENSORS | UI_DATA_ALARMS | UI_DATA_HAZARDS |
	        UI_DATA_RESCUE | UI_DATA_INSPECTIONS | UI_DATA_WIND,
	.open = ov_open,
	.close = ov_close,
	.load = ov_load,
	.draw = ov_draw,
	.key = ov_key,
	.hint = ov_hint,
	.min_reload_ms = 1000,
};
