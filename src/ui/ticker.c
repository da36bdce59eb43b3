/*
 * ticker.c - the alarm ticker (row 1 of every screen): the unacknowledged
 * alarms from the store (store_alarm_list_active, loaded by
 * ui_status_load), priority 1 first, newest first, as many as fit, and how
 * many more there are. With none it says so plainly.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parkwatch/text.h"
#include "ui_private.h"

/* One alarm in words: "E0001-NH3-01 某某冷库 38.2 mg/m3 L2 16:25:03". */
static void alarm_text(const struct store_alarm *a, struct sbuf *b)
{
	char t[PW_TIME_BUFSZ];
	sbuf_addf(b, "%s %s ", a->enterprise_name ? a->enterprise_name : "", a->sensor_code);
	if (a->message && *a->message)
		sbuf_adds(b, a->message);
	else if (a->has_value)
		sbuf_addf(b, "%g %s L%d", a->value, a->unit ? a->unit : "", a->level);
	else
		sbuf_adds(b, a->condition);
	if (strcmp(a->state, "rtn_unack") == 0)
		sbuf_adds(b, " (returned)");
	sbuf_addf(b, " %s", pw_time_hms(t, a->raised_at));
}

void ui_ticker_draw(struct ui *ui)
{
	WINDOW *w = ui->w_ticker;
	int cols = getmaxx(w);
	werase(w);
	if (ui->ticker.n == 0) {
		ui_put(ui, w, 0, 0, cols, PW_ROLE_TICKER, false, " no unacknowledged alarms");
		return;
	}
	int total = ui->counts.unack_total > (int)ui->ticker.n ? ui->counts.unack_total : (int)ui->ticker.n;
	char more[32];
	int x = ui_put(ui, w, 0, 0, 1, PW_ROLE_TICKER, false, "");
	size_t shown = 0;
	for (size_t i = 0; i < ui->ticker.n; i++) {
		const struct store_alarm *a = &ui->ticker.v[i];
		struct sbuf b;
		sbuf_init(&b);
		alarm_text(a, &b);
		int left = total - (int)i - 1;
		more[0] = '\0';
		if (left > 0)
			snprintf(more, sizeof more, "  +%d more", left);
		const char *label = ui_prio_label(a->priority);
		int lw = (int)strlen(label) + 1;
		int need = lw + pw_text_width(sbuf_str(&b)) + (int)strlen(more);
		int room = cols - x;
		/* The first alarm is always shown, cut if need be; later ones only whole. */
		if (i > 0 && need + 3 > room) {
			sbuf_free(&b);
			break;
		}
		if (i > 0)
			x += ui_put(ui, w, 0, x, 3, PW_ROLE_TICKER, false, " | ");
		x += ui_put(ui, w, 0, x, lw - 1, ui_prio_role(a->priority), false, label);
		x += ui_put(ui, w, 0, x, 1, PW_ROLE_TICKER, false, "");
		int tw = pw_text_width(sbuf_str(&b));
		int avail = cols - x - (int)strlen(more);
		x += ui_put(ui, w, 0, x, tw < avail ? tw : avail, PW_ROLE_TICKER, false, sbuf_str(&b));
		sbuf_free(&b);
		shown++;
	}
	int left = total - (int)shown;
	if (left > 0) {
		snprintf(more, sizeof more, "  +%d more", left);
		x += ui_put(ui, w, 0, x, (int)strlen(more), PW_ROLE_TICKER, false, more);
	}
	ui_clear_eol(ui, w, 0, x, PW_ROLE_TICKER);
}
