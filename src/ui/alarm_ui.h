/*
 * alarm_ui.h - what the console's live-monitoring files share (alarms.c,
 * alarm_detail.c, alarm_act.c, live.c): the Alarms screen and its detail
 * view, the operator's alarm actions, and the live parts of the overview
 * and the enterprise card. Never included outside src/ui.
 */
#ifndef PARKWATCH_UI_ALARM_UI_H
#define PARKWATCH_UI_ALARM_UI_H

#include "livefmt.h"
#include "parkwatch/store_live.h"
#include "ui_private.h"

/* ---- screens ---- */
extern const struct ui_screen_ops ui_screen_alarms;        /* tab 3 */
extern const struct ui_screen_ops ui_screen_alarm_detail;  /* Enter on an alarm; arg = its id */

/* Role of an alarm's priority cell and of its state cell (text says it too). */
int ui_alarm_prio_role(const struct store_alarm *a);
int ui_alarm_state_role(const struct store_alarm *a);

/* The limit alarm A crossed, from the sensor's limits (unknown when L is NULL). */
void ui_alarm_limit_of(const struct store_alarm *a, const struct store_sensor_limits *l,
                       struct ui_alarm_limit *out);

/* ---- alarm_act.c: acknowledge, shelve, unshelve from the console ---- */
/*
 * Each starts a dialogue on the message line (comment, duration, reason,
 * a y/n question) and then writes through store_alarms.h as the console's
 * operator. A read-only console refuses with a message. Results and errors
 * (e.g. "alarm 12 is cleared" when another console got there first) go to
 * the message line. They are save jobs (save.h): a busy database queues
 * them with "saving...", nothing typed is lost.
 */
unsigned ui_alarm_ack_start(struct ui *ui, const struct store_alarm *a);
/* `A`: every alarm of IDS[0..N) (the visible acknowledgeable ones), one comment. */
unsigned ui_alarm_ack_many_start(struct ui *ui, const int64_t *ids, size_t n);
unsigned ui_alarm_shelve_start(struct ui *ui, const struct store_alarm *a);
unsigned ui_alarm_unshelve_start(struct ui *ui, const struct store_alarm *a);


/* ---- live.c: the overview's alarms-and-wind section, the card's open alarms ---- */
struct ui_live {
	struct store_wind_list wind;
	bool wind_loaded;
};
/* Read the wind; on failure keep the last and say so on the message line. */
int ui_live_load(struct ui_live *lv, struct ui *ui);
void ui_live_free(struct ui_live *lv);
/* "Alarms and wind": unacknowledged by priority, shelved, flood, wind per station. */
void ui_live_build(struct ui_live *lv, struct ui_doc *d, struct ui *ui, int width);
/* The card's "Open alarms" section for the alarms in L (one enterprise's). */
void ui_live_card_alarms(struct ui_doc *d, struct ui *ui, const struct store_alarm_list *l, int width);

#endif
