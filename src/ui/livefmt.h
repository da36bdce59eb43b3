/*
 * livefmt.h - the curses-free wording of live monitoring: alarm states as
 * operators read them, short enterprise names for the one-line ticker, an
 * alarm's value against its limit, the ticker's order and one ticker item,
 * and wind as an arrow. Pure (tests/unit/test_livefmt.c); the screens
 * sanitise and fit whatever these produce when they draw it.
 */
#ifndef PARKWATCH_UI_LIVEFMT_H
#define PARKWATCH_UI_LIVEFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "parkwatch/store_alarms.h"
#include "parkwatch/util.h"

/*
 * An alarm state in the words the lists show, distinct without colour:
 * "UNACK", "ack", "RTN-UNACK", "SHELVED", "cleared"; an unknown state is
 * returned as it is.
 */
const char *ui_alarm_state_label(const char *state);

/* True when `a` may acknowledge an alarm in STATE (unack, rtn_unack, or shelved not yet acked). */
bool ui_alarm_ackable(const struct store_alarm *a);

/*
 * Append a short form of an enterprise NAME for the ticker: the leading
 * city/province ("义乌市", "浙江省", "浙江") and the legal-form suffix
 * ("股份有限公司", "有限责任公司", "有限公司", "Co., Ltd." ...) dropped, so
 * "义乌市嘉科冷冻食品有限公司" reads "嘉科冷冻食品". A name that would
 * become empty is appended whole. NULL appends nothing.
 */
void ui_short_name(struct sbuf *out, const char *name);

/* What the value column needs of the sensor: its limit for this alarm. */
struct ui_alarm_limit {
	bool known;
	double value;             /* the limit the alarm crossed */
	bool low;                 /* crossed downwards (<=) */
};

/*
 * Append an alarm's value as the lists show it: for a limit alarm
 * "70>=60 mg/m3" (value, comparison, limit, unit) or "70 mg/m3" when the
 * limit is unknown; for detector events, tamper, faults and communication
 * faults the event text ("smoke alarm: ...", "comm fault"), taken from the
 * engine's message without its "detector alarm: " prefix.
 */
void ui_alarm_value(struct sbuf *out, const struct store_alarm *a, const struct ui_alarm_limit *lim);

/*
 * Order the ticker's alarms in place: unacknowledged priority 1 first
 * (newest first), then every other one newest first. Stable for equal times.
 */
void ui_ticker_order(struct store_alarm *v, size_t n);

/*
 * One ticker item without its priority label (drawn apart, in its role):
 * "16:25:03 嘉科冷冻食品 E0002-NH3-01 70 mg/m3 L2 UNACK".
 */
void ui_ticker_item(struct sbuf *out, const struct store_alarm *a);

/*
 * The same item sanitised and fitted into at most COLS display columns (no
 * limit when COLS <= 0): the value or event text is cut first (with "…",
 * or "~" when ASCII), then the enterprise name, so time, sensor and state
 * stay readable; only an impossibly narrow COLS cuts the rest.
 */
void ui_ticker_item_fit(struct sbuf *out, const struct store_alarm *a, int cols, bool ascii);

/* Columns below which a fitted item stops reading well (name and text cut short). */
#define UI_TICKER_NAME_MIN 8
#define UI_TICKER_BODY_MIN 12
int ui_ticker_item_min_width(const struct store_alarm *a);

/*
 * An arrow pointing where a wind FROM_DEG blows to (downwind, the way a gas
 * cloud drifts): ↓ for a north wind. ASCII: v ^ < > / \ .
 */
const char *ui_wind_arrow(double from_deg, bool utf8);

#endif
