/*
 * live.c - the live parts of two of the framework's pages: the overview's
 * "Alarms and wind" section (unacknowledged alarms by priority, shelved,
 * the flood warning, and every weather station's wind as an arrow, compass
 * point, Chinese name, speed and age) and the enterprise card's "Open
 * alarms" section. Counts come from the status line's numbers (loaded by
 * ui_status_load), so the overview never disagrees with the bottom line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "parkwatch/geo.h"
#include "parkwatch/store.h"

#define WIND_STALE_MS (10LL * 60 * 1000)   /* older than this is shown as stale */

int ui_live_load(struct ui_live *lv, struct ui *ui)
{
	struct store_wind_list w;
	if (store_live_wind(ui->st, &w) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "wind: %s", store_errmsg(ui->st));
		return -1;
	}
	store_wind_list_free(&lv->wind);
	lv->wind = w;
	lv->wind_loaded = true;
	return 0;
}

void ui_live_free(struct ui_live *lv)
{
	store_wind_list_free(&lv->wind);
	lv->wind_loaded = false;
}

/* "12 s", "5 min", "3 h", "2 d": how old a sample is. */
static void age_text(char *buf, size_t n, int64_t age_ms)
{
	int64_t s = age_ms < 0 ? 0 : age_ms / 1000;
	if (s < 120)
		snprintf(buf, n, "%lld s ago", (long long)s);
	else if (s < 7200)
		snprintf(buf, n, "%lld min ago", (long long)(s / 60));
	else if (s < 172800)
		snprintf(buf, n, "%lld h ago", (long long)(s / 3600));
	else
		snprintf(buf, n, "%lld d ago", (long long)(s / 86400));
}

static void build_alarm_counts(struct ui_doc *d, struct ui *ui)
{
	const struct store_alarm_counts *c = &ui->counts;
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Alarms open %d, unacknowledged:", c->open);
	for (int p = 1; p <= 4; p++)
		ui_doc_addf(d, c->unack[p] ? ui_prio_role(p) : PW_ROLE_NORMAL, 0, false, " %s %d",
		            ui_prio_label(p), c->unack[p]);
	ui_doc_addf(d, c->shelved ? PW_ROLE_SHELVED : PW_ROLE_NORMAL, 0, false, "  shelved %d", c->shelved);
	if (ui->flood) {
		ui_doc_add(d, PW_ROLE_NORMAL, 2, false, "");
		ui_doc_addf(d, PW_ROLE_FLOOD, 0, false, "FLOOD %d alarms/%d min", ui->flood_count,
		            ui->cfg->flood_window_s / 60);
	}
}

static void build_wind_row(struct ui_doc *d, struct ui *ui, const struct store_wind *w, int64_t now)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_NORMAL, 2, false, "");
	ui_doc_add(d, PW_ROLE_NORMAL, 6, false, w->station_code);
	ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
	ui_doc_add(d, PW_ROLE_DIM, 14, false, w->station_name);
	ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
	if (!w->has_sample) {
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "no wind reported yet");
		return;
	}
	char age[32];
	age_text(age, sizeof age, now - w->ts);
	bool stale = now - w->ts > WIND_STALE_MS;
	int role = stale ? PW_ROLE_DIM : PW_ROLE_NORMAL;
	ui_doc_add(d, role, 2, false, ui_wind_arrow(w->dir_deg, ui->utf8));
	ui_doc_add(d, role, 4, false, pw_compass16(w->dir_deg));
	ui_doc_add(d, role, 7, false, pw_wind_name_zh(w->dir_deg));
	ui_doc_addf(d, role, 5, true, "%.0f%s", w->dir_deg, ui->utf8 ? "°" : "d");
	ui_doc_addf(d, role, 10, true, "%.1f m/s", w->speed_ms);
	ui_doc_add(d, PW_ROLE_NORMAL, 2, false, "");
	ui_doc_add(d, stale ? PW_ROLE_WARN : PW_ROLE_DIM, 0, false, age);
	if (stale)
		ui_doc_add(d, PW_ROLE_WARN, 0, false, " (stale)");
}

void ui_live_build(struct ui_live *lv, struct ui_doc *d, struct ui *ui, int width)
{
	ui_doc_heading(d, ui, width, "Alarms and wind");
	build_alarm_counts(d, ui);
	if (!lv->wind_loaded)
		return;
	if (lv->wind.n == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "Wind: no weather stations in the database");
		return;
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_NORMAL, 0, false, "Wind (arrow: where it blows to)");
	int64_t now = pw_now_ms();
	for (size_t i = 0; i < lv->wind.n; i++)
		build_wind_row(d, ui, &lv->wind.v[i], now);
	if (lv->wind.truncated) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, PW_ROLE_WARN, 0, false, "  only the first %zu stations by code are shown",
		            lv->wind.n);
	}
}

void ui_live_card_alarms(struct ui_doc *d, struct ui *ui, const struct store_alarm_list *l, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Open alarms (%zu%s)", l->n,
	         l->truncated ? ", the most urgent; more are open" : "");
	ui_doc_heading(d, ui, width, title);
	if (l->n == 0) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_OK, 0, false, "  none: every sensor is quiet or acknowledged and cleared");
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct store_alarm *a = &l->v[i];
		char t[PW_TIME_BUFSZ];
		struct sbuf v;
		sbuf_init(&v);
		ui_alarm_value(&v, a, NULL);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, ui_alarm_prio_role(a), 4, false, ui_prio_label(a->priority));
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, ui_alarm_state_role(a), 9, false, ui_alarm_state_label(a->state));
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, PW_ROLE_DIM, 8, false, pw_time_hms(t, a->raised_at));
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, PW_ROLE_NORMAL, 13, false, a->sensor_code);
		ui_doc_add(d, PW_ROLE_NORMAL, 0, false, sbuf_str(&v));
		if (a->level == 2)
			ui_doc_add(d, PW_ROLE_NORMAL, 0, false, " L2");
		sbuf_free(&v);
	}
}
