/*
 * ticker.c - the alarm ticker (row 1 of every screen): the unacknowledged
 * alarms from the store (store_alarm_list_active, loaded by
 * ui_status_load and put in ticker order by ui_ticker_order: priority 1
 * first, then newest first), as many as fit. Each item: priority label,
 * time, enterprise short name, sensor, value or event text, state. When
 * there are more than fit, the items after the first cycle every few
 * seconds (ui_ticker_tick), the newest unacknowledged P1 staying in front.
 * With none it says so plainly.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "livefmt.h"
#include "parkwatch/text.h"
#include "ui_private.h"

#define UI_TICKER_CYCLE_MS 4000

/*
 * Draw item A at X in at most ROOM columns: label, blank, then the whole
 * item or, COMPACT, only the sensor code (the items beside a pinned P1).
 * Returns columns used.
 */
static int draw_item(struct ui *ui, WINDOW *w, int x, const struct store_alarm *a, int room,
                     bool compact)
{
	const char *label = ui_prio_label(a->priority);
	int x0 = x;
	x += ui_put(ui, w, 0, x, (int)strlen(label), ui_prio_role(a->priority), false, label);
	x += ui_put(ui, w, 0, x, 1, PW_ROLE_TICKER, false, "");
	int text_max = room - (x - x0);
	struct sbuf b;
	sbuf_init(&b);
	if (compact)
		sbuf_adds(&b, a->sensor_code ? a->sensor_code : "?");
	else
		ui_ticker_item_fit(&b, a, text_max > 0 ? text_max : 1, !ui->utf8);
	int tw = pw_text_width(sbuf_str(&b));
	x += ui_put(ui, w, 0, x, tw < text_max ? tw : text_max, PW_ROLE_TICKER, false, sbuf_str(&b));
	sbuf_free(&b);
	return x - x0;
}

/* Columns item A needs (label, blank, text), whole or COMPACT. */
static int item_width(const struct store_alarm *a, bool compact)
{
	struct sbuf b;
	sbuf_init(&b);
	if (compact)
		sbuf_adds(&b, a->sensor_code ? a->sensor_code : "?");
	else
		ui_ticker_item(&b, a);
	int w = (int)strlen(ui_prio_label(a->priority)) + 1 + pw_text_width(sbuf_str(&b));
	sbuf_free(&b);
	return w;
}

unsigned ui_ticker_tick(struct ui *ui, int64_t mono)
{
	if (ui->ticker_next == 0) {
		ui->ticker_step_at = mono;   /* a page shows its full time once cycling starts */
		return UI_R_NONE;
	}
	if (mono - ui->ticker_step_at < UI_TICKER_CYCLE_MS)
		return UI_R_NONE;
	ui->ticker_step_at = mono;
	ui->ticker_first = ui->ticker_next < ui->ticker.n ? ui->ticker_next : 0;
	return UI_R_TICKER;
}

void ui_ticker_draw(struct ui *ui)
{
	WINDOW *w = ui->w_ticker;
	int cols = getmaxx(w);
	werase(w);
	ui->ticker_next = 0;
	if (ui->ticker.n == 0) {
		ui->ticker_first = 0;
		ui_put(ui, w, 0, 0, cols, PW_ROLE_TICKER, false, " no unacknowledged alarms");
		return;
	}
	size_t n = ui->ticker.n;
	int total = ui->counts.unack_total > (int)n ? ui->counts.unack_total : (int)n;
	/* The newest unacknowledged P1 (first in ticker order) never cycles away. */
	bool pin = ui->ticker.v[0].priority == 1;
	size_t start = ui->ticker_first < n ? ui->ticker_first : 0;
	if (pin && start == 0)
		start = 1;
	char more[48];
	/* Room for the widest position text: "  1,NNN-NNN/NNN" or "  +NNN more". */
	int digits = snprintf(more, sizeof more, "%d", total);
	int reserve = 6 + 3 * digits > 8 + digits ? 6 + 3 * digits : 8 + digits;
	int x = ui_put(ui, w, 0, 0, 1, PW_ROLE_TICKER, false, "");
	size_t shown = 0, last = 0, cycled = 0;
	/*
	 * Beside a pinned P1 whole items rarely fit at 80 columns: the others
	 * go compact (priority and sensor), and only when the P1 still reads
	 * well with room left for one of them.
	 */
	bool compact = false, others = true;
	if (pin) {
		int room = cols - x - reserve;
		int whole = item_width(&ui->ticker.v[0], false);
		if (n > 1 && whole + 3 + item_width(&ui->ticker.v[start], false) > room) {
			int rest = 3 + item_width(&ui->ticker.v[start], true);
			int min = (int)strlen(ui_prio_label(1)) + 1 + ui_ticker_item_min_width(&ui->ticker.v[0]);
			compact = true;
			if (whole + rest > room && min + rest <= room)
				room -= rest;
			else if (whole + rest > room)
				others = false;
		}
		x += draw_item(ui, w, x, &ui->ticker.v[0], room, false);
		shown = 1;
	}
	for (size_t i = start; others && i < n; i++) {
		int need = item_width(&ui->ticker.v[i], compact) + 3;
		/* The first item is always shown, cut if need be; later ones only whole. */
		if (shown > 0 && need > cols - x - reserve)
			break;
		if (shown > 0)
			x += ui_put(ui, w, 0, x, 3, PW_ROLE_TICKER, false, " | ");
		x += draw_item(ui, w, x, &ui->ticker.v[i], cols - x - reserve, compact);
		shown++;
		cycled++;
		last = i;
	}
	/* Cycle when the list holds more than fit and something besides the pin fits. */
	bool cycling = shown < n && cycled > 0;
	if (cycling) {
		snprintf(more, sizeof more, "  %s%zu-%zu/%d", pin ? "1," : "", start + 1, last + 1, total);
		ui->ticker_next = last + 1 < n ? last + 1 : n; /* n: start again from the top */
	} else if ((int)shown < total) {
		snprintf(more, sizeof more, "  +%d more", total - (int)shown);
	} else {
		more[0] = '\0';
	}
	if (more[0])
		x += ui_put(ui, w, 0, x, (int)strlen(more), PW_ROLE_TICKER, false, more);
	ui_clear_eol(ui, w, 0, x, PW_ROLE_TICKER);
}
