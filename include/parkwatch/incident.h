/*
 * incident.h - the rules of emergency incidents and dispatches (core, pure):
 * incident types and their regulation search words, the status order, the
 * stages of a dispatch, and the trend of a reading.
 *
 * Incident status only moves forward: pending -> active -> controlled ->
 * closed (a step may be skipped: an incident found already under control
 * goes straight from pending to controlled). A dispatch goes dispatched ->
 * en_route -> on_scene -> cleared; en route may be skipped (a unit already
 * at the site reports on scene), and a unit may be cleared from any stage
 * (recalled before arriving). Nothing goes back.
 */
#ifndef PARKWATCH_INCIDENT_H
#define PARKWATCH_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>

enum pw_incident_type {
	PW_INC_LEAK,
	PW_INC_FIRE,
	PW_INC_EXPLOSION,
	PW_INC_POISONING,       /* poisoning or asphyxiation (confined spaces) */
	PW_INC_FLOOD,           /* flood, typhoon */
	PW_INC_OTHER,
	PW_INC_NTYPES
};

enum pw_incident_status { PW_INC_PENDING, PW_INC_ACTIVE, PW_INC_CONTROLLED, PW_INC_CLOSED };

/* Dispatch stages, in order. */
enum pw_dispatch_stage { PW_DSP_DISPATCHED, PW_DSP_EN_ROUTE, PW_DSP_ON_SCENE, PW_DSP_CLEARED };

/* Names as stored and typed ("leak", "poisoning"...); parse returns 0 or -1. */
const char *pw_incident_type_name(enum pw_incident_type t);
int pw_incident_type_parse(const char *s, enum pw_incident_type *out);
/* Chinese label for screens: "泄漏", "火灾", "爆炸", "中毒窒息", "洪涝台风", "其他". */
const char *pw_incident_type_zh(enum pw_incident_type t);

const char *pw_incident_status_name(enum pw_incident_status s);
int pw_incident_status_parse(const char *s, enum pw_incident_status *out);
/* True when an incident may move FROM -> TO (strictly forward). */
bool pw_incident_status_allowed(enum pw_incident_status from, enum pw_incident_status to);

/* "dispatched", "en_route", "on_scene", "cleared"; parse returns 0 or -1. */
const char *pw_dispatch_stage_name(enum pw_dispatch_stage s);
int pw_dispatch_stage_parse(const char *s, enum pw_dispatch_stage *out);
/* True when a dispatch at FROM may be advanced to TO (see the top of this file). */
bool pw_dispatch_stage_allowed(enum pw_dispatch_stage from, enum pw_dispatch_stage to);
/* The member status a stage puts the member in: cleared -> "available". */
const char *pw_dispatch_member_status(enum pw_dispatch_stage s);

/*
 * The words to search the regulations for an incident of type T: a static,
 * NULL-terminated list, most specific first (leak: 泄漏; poisoning: 中毒,
 * 窒息, 有限空间; flood: 防汛, 台风; every type ends with 应急救援).
 */
const char *const *pw_incident_reg_words(enum pw_incident_type t);

/*
 * Half-angle of the downwind sector the linkage picture uses, degrees. 30
 * rather than 22.5 (one 16-point compass sector each side): a wind vane
 * reading swings about one compass point, and a gas cloud spreads
 * sideways, so the wider sector errs toward warning one more enterprise.
 */
#define PW_DOWNWIND_HALF_ANGLE_DEG 30.0

/*
 * Trend of a reading against an earlier one: +1 rising, -1 falling, 0
 * steady. A change smaller than 2 % of SCALE (the sensor's first limit, or
 * the earlier value's magnitude when there is none, at least 0.01) is
 * steady, so sensor noise does not flicker the arrow.
 */
int pw_reading_trend(double earlier, double now, double scale);

#endif
