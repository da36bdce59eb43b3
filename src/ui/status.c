/*
 * status.c - the two fixed bars: the title/tab bar (row 0) and the status
 * line (last row): operator, clock, broker link, unacknowledged alarms by
 * priority and the flood warning, as CONTRACT.md section 4 asks. Every
 * state is spelled out in text; colour only adds emphasis.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parkwatch/store.h"
#include "livefmt.h"
#include "parkwatch/text.h"
#include "save.h"
#include "ui_private.h"

#define UI_LINK_ALERT_MS 5000   /* a link down this long takes the alert role */
#define UI_TICKER_ROWS 40    /* the ticker cycles through these */

/* ---- title bar ---- */

static int tab_width(int level, int i)
{
	const char *l = level == 0 ? ui_tab_defs[i].label : ui_tab_defs[i].short_label;
	return pw_text_width(l) + (level < 2 ? 4 : 3);
}

void ui_title_draw(struct ui *ui)
{
	WINDOW *w = ui->w_title;
	int cols = getmaxx(w);
	werase(w);
	const char *name = ui->cfg->name && *ui->cfg->name ? ui->cfg->name : "parkwatch";
	int name_w = pw_text_width(name) + (ui->opts.read_only ? 5 : 0);
	int want = name_w < 10 ? name_w : 10;
	/* Full labels, then short ones, then short ones packed tighter. */
	int level, tabs_w = 0;
	for (level = 0; level < 3; level++) {
		tabs_w = 0;
		for (int i = 0; i < UI_NTABS; i++)
			tabs_w += tab_width(level, i);
		if (tabs_w + want + 1 <= cols || level == 2)
			break;
	}
	int x = 0;
	for (int i = 0; i < UI_NTABS; i++) {
		const char *l = level == 0 ? ui_tab_defs[i].label : ui_tab_defs[i].short_label;
		int role = i == ui->cur ? PW_ROLE_TAB_ACTIVE : PW_ROLE_TAB;
		char cell[64];
		snprintf(cell, sizeof cell, level < 2 ? " %d %s " : " %d %s", i + 1, l);
		x += ui_put(ui, w, 0, x, tab_width(level, i), role, false, cell);
	}
	/* Only the current tab and the park name stand out; the gap stays plain. */
	ui_clear_eol(ui, w, 0, x, PW_ROLE_TAB);
	int room = cols - x - 1;
	if (room >= 4) {
		char right[256];
		snprintf(right, sizeof right, "%s%s", ui->opts.read_only ? "[RO] " : "", name);
		int rw = pw_text_width(right) < room ? pw_text_width(right) : room;
		ui_put(ui, w, 0, cols - rw, rw, PW_ROLE_TITLE, true, right);
	}
}

/* ---- status line ---- */

void ui_status_load(struct ui *ui)
{
	struct store_alarm_counts c;
	bool counted = store_alarm_counts(ui->st, &c) == 0;
	if (counted)
		ui->counts = c;
	int flood = 0;
	if (store_alarm_flood(ui->st, pw_now_ms(), ui->cfg->flood_window_s, &flood) == 0) {
		ui->flood_count = flood;
		ui->flood = flood > ui->cfg->flood_count;
	}
	struct store_alarm_filter f = {.unacked_only = true, .limit = UI_TICKER_ROWS};
	struct store_alarm_list l = {0};
	if (store_alarm_list_active(ui->st, &f, &l) == 0) {
		ui_ticker_order(l.v, l.n);
		store_alarm_list_free(&ui->ticker);
		ui->ticker = l;
	}
	/* Acknowledged here or elsewhere, shelved, cleared: the sound stops. */
	ui_sound_prune(ui, counted);
}

/* "MQTT up 16:25" / "MQTT DOWN 0:42": the text and its role. */
static int link_text(struct ui *ui, char *buf, size_t n)
{
	int64_t now = pw_now_ms();
	int64_t age = ui->link_since && now > ui->link_since ? now - ui->link_since : 0;
	char t[PW_TIME_BUFSZ];
	switch (ui->link_state) {
	case UI_LINK_UP:
		/* standby: the recorder on this host writes what arrives. */
		snprintf(buf, n, "MQTT up %.5s%s", pw_time_hms(t, ui->link_since),
		         ui->standby ? " standby" : "");
		return PW_ROLE_LINK_UP;
	case UI_LINK_CONNECTING:
		snprintf(buf, n, "MQTT connecting");
		return PW_ROLE_WARN;
	case UI_LINK_DOWN: {
		long s = (long)(age / 1000);
		if (s >= 3600)
			snprintf(buf, n, "MQTT DOWN %ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
		else
			snprintf(buf, n, "MQTT DOWN %ld:%02ld", s / 60, s % 60);
		return age > UI_LINK_ALERT_MS ? PW_ROLE_STATUS_ALERT : PW_ROLE_LINK_DOWN;
	}
	default:
		snprintf(buf, n, "MQTT off");
		return PW_ROLE_STATUS;
	}
}

void ui_status_draw(struct ui *ui)
{
	WINDOW *w = ui->w_status;
	int cols = getmaxx(w);
	werase(w);
	int x = 0;
	char buf[96];
	int op_w = cols < 100 ? 10 : 16;
	int name_w = pw_text_width(ui->opts.operator_name);
	x += ui_put(ui, w, 0, x, 1, PW_ROLE_STATUS, false, " ");
	x += ui_put(ui, w, 0, x, name_w < op_w ? name_w : op_w, PW_ROLE_STATUS, false,
	            ui->opts.operator_name);
	if (ui->opts.read_only)
		x += ui_put(ui, w, 0, x, 3, PW_ROLE_STATUS, false, " RO");
	x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
	char t[PW_TIME_BUFSZ];
	x += ui_put(ui, w, 0, x, 8, PW_ROLE_STATUS, false, pw_time_hms(t, pw_now_ms()));
	x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
	int role = link_text(ui, buf, sizeof buf);
	x += ui_put(ui, w, 0, x, (int)strlen(buf), role, false, buf);
	if (ui->ingest_failing || ui->ingest_lost) {
		/* Received readings the database would not take: kept, or lost. */
		int n = ui->ingest_failing ? snprintf(buf, sizeof buf, "NOT STORED %zu", ui->ingest_waiting) : 0;
		if (ui->ingest_lost)
			snprintf(buf + n, sizeof buf - (size_t)n, "%sLOST %llu", n ? " " : "",
			         (unsigned long long)ui->ingest_lost);
		x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
		x += ui_put(ui, w, 0, x, (int)strlen(buf), PW_ROLE_STATUS_ALERT, false, buf);
	}
	size_t saving = ui_save_pending();
	if (saving) {
		/* Operator actions queued behind a busy database (save.h). */
		snprintf(buf, sizeof buf, "SAVING %zu", saving);
		x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
		x += ui_put(ui, w, 0, x, (int)strlen(buf), PW_ROLE_STATUS_ALERT, false, buf);
	}
	for (int p = 1; p <= 4; p++) {
		int n = ui->counts.unack[p];
		snprintf(buf, sizeof buf, "%s %d", ui_prio_label(p), n);
		x += ui_put(ui, w, 0, x, p == 1 ? 2 : 1, PW_ROLE_STATUS, false, "");
		x += ui_put(ui, w, 0, x, (int)strlen(buf), n ? ui_prio_role(p) : PW_ROLE_STATUS, false, buf);
	}
	if (ui->n_sounding) {
		/* The bell repeats: say why, and how to stop it. */
		snprintf(buf, sizeof buf, "RINGING M");
		x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
		x += ui_put(ui, w, 0, x, (int)strlen(buf), PW_ROLE_STATUS_ALERT, false, buf);
	}
	if (ui->flood) {
		snprintf(buf, sizeof buf, "FLOOD %d alarms/%d min", ui->flood_count, ui->cfg->flood_window_s / 60);
		if (x + 2 + (int)strlen(buf) > cols)   /* 80 columns: the short form */
			snprintf(buf, sizeof buf, "FLOOD %d/%dm", ui->flood_count, ui->cfg->flood_window_s / 60);
		x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
		x += ui_put(ui, w, 0, x, (int)strlen(buf), PW_ROLE_FLOOD, false, buf);
	}
	/* Why the link is down ("TLS: ...", "not authorised") in the room left. */
	if (ui->link_state == UI_LINK_DOWN && ui->link_detail && cols - x > 12) {
		x += ui_put(ui, w, 0, x, 2, PW_ROLE_STATUS, false, "");
		x += ui_put(ui, w, 0, x, cols - x, role, false, ui->link_detail);
	}
	ui_clear_eol(ui, w, 0, x, PW_ROLE_STATUS);
}
