/*
 * payload.h - parse and validate one MQTT message from a sensor gateway (core).
 *
 * Everything arriving on "<prefix>/#" is hostile. pw_msg_parse() turns a
 * (topic, payload) pair into a fully checked struct pw_msg, or refuses it
 * with a short, stable, operator-readable reason that ingest records in the
 * `rejected` table. It never allocates anything the caller must free and
 * never looks at a clock: "now" is an argument, so it is pure and testable.
 *
 * Topics (CONTRACT.md section 2; PREFIX is [mqtt] topic_prefix, "park"):
 *
 *   PREFIX/<enterprise>/<sensor>/reading  JSON {"ts", "value", "unit"?, "seq"?}
 *   PREFIX/<enterprise>/<sensor>/event    JSON {"ts", "event", "detail"?}
 *   PREFIX/<enterprise>/<sensor>/status   raw text "online" | "offline"
 *   PREFIX/weather/<station>/wind         JSON {"ts", "dir_deg", "speed_ms"}
 *
 * PREFIX may itself have several levels ("site1/park"). Codes are 1..64
 * bytes of [A-Za-z0-9_.-]. Unknown extra JSON fields are ignored; an
 * optional field given as JSON null counts as absent. Duplicate keys in one
 * object are refused (a gateway that sends {"ts":1,"ts":2} is ambiguous).
 *
 * Checks run in this order, the first failure giving the reason:
 *   topic (length, UTF-8, control characters, shape, codes), payload size,
 *   payload UTF-8, then the payload's syntax and fields, then ts window.
 *
 * Reasons (stable; tests and operators match them; <x> is filled in):
 *   "unknown topic"                    shape is none of the four above
 *   "topic too long"                   over PW_TOPIC_MAX bytes
 *   "invalid UTF-8 in topic"
 *   "topic has control characters"
 *   "invalid enterprise code" / "invalid sensor code" / "invalid station code"
 *   "payload over <max> bytes"         e.g. "payload over 4096 bytes"
 *   "invalid UTF-8 in payload"
 *   "empty payload"                    reading, event or wind with 0 bytes
 *                                      (an empty status is not refused: PW_MSG_CLEARED)
 *   "invalid JSON: <jansson text> at <line>:<column>"
 *   "payload must be a JSON object"
 *   "missing field <f>"                f = ts, value, event, dir_deg, speed_ms
 *   "field <f> must be an integer"     ts, seq (an integral real like 5.0 is accepted)
 *   "field <f> must be a number"       value, dir_deg, speed_ms
 *   "field <f> must be a string"       unit, event, detail
 *   "non-finite number in <f>"         e.g. 1e999 (jansson's "real number overflow")
 *   "<f> out of range"                 integer beyond int64 (ts, seq), dir_deg
 *                                      outside 0..360, speed_ms < 0
 *   "speed_ms out of range (over 75 m/s)"  implausible wind (lim->max_wind_ms)
 *   "<f> out of range (underflow)"     a number below 1e-307 in magnitude but
 *                                      not 0 (1e-400), which a double cannot hold
 *   "unit longer than 16 bytes"
 *   "unit has control characters"      anything pw_sanitize() would change
 *                                      (controls, escapes, bidi, invisibles)
 *   "unknown event '<x>'"              x sanitised and shortened
 *   "status must be online or offline"
 *   "ts too far in the future (+<n> s)"
 *   "ts too old"
 * Reasons are always valid UTF-8 without control characters (anything echoed
 * from the input passes through pw_sanitize()), truncated at a character
 * boundary to fit the caller's buffer.
 */
#ifndef PARKWATCH_PAYLOAD_H
#define PARKWATCH_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_config;

#define PW_CODE_MAX 64          /* bytes in an enterprise, sensor or station code */
#define PW_UNIT_MAX 16          /* bytes in a reading's unit */
#define PW_DETAIL_MAX 256       /* bytes kept of an event's detail (UTF-8 boundary) */
#define PW_TOPIC_MAX 512        /* longer topics are refused outright */
#define PW_PAYLOAD_MAX_DEFAULT 4096
#define PW_MSG_REASON_SZ 200    /* a reason buffer this big never truncates */
/* m/s, [alarm] max_wind_speed: the strongest typhoons sustain about 70 m/s. */
#define PW_WIND_MAX_DEFAULT 75.0

enum pw_msg_kind {
	PW_MSG_READING,
	PW_MSG_EVENT,
	PW_MSG_STATUS,
	PW_MSG_WIND,
};

/* Discrete detector events; the names match sensor_events.event. */
enum pw_event {
	PW_EVENT_ALARM,
	PW_EVENT_CLEAR,
	PW_EVENT_FAULT,
	PW_EVENT_TAMPER,
};

struct pw_msg_limits {
	size_t max_payload;      /* bytes; larger payloads are refused (4096) */
	int64_t future_skew_ms;  /* ts more than this ahead of now is refused; < 0 disables */
	int64_t past_window_ms;  /* ts more than this behind now is refused; < 0 disables */
	double max_wind_ms;      /* wind speed_ms above this is refused; <= 0 disables (75) */
};

/*
 * One validated message. Every string is NUL-terminated inside the struct
 * (no ownership to manage); fields not used by a kind are zeroed.
 */
struct pw_msg {
	enum pw_msg_kind kind;
	char enterprise[PW_CODE_MAX + 1];  /* "" for wind */
	char sensor[PW_CODE_MAX + 1];      /* sensor code, or the station code for wind */
	int64_t ts;            /* ms since epoch UTC; for status (no ts in it): now_ms */
	/* reading */
	double value;          /* always finite */
	char unit[PW_UNIT_MAX + 1];        /* checked: nothing to sanitise; "" when absent */
	bool has_unit;
	bool has_seq;
	int64_t seq;
	/* event */
	enum pw_event event;
	char detail[PW_DETAIL_MAX + 1];    /* pw_sanitize()d, cut at a UTF-8 boundary; "" when absent */
	bool has_detail;
	/* status */
	bool online;
	/* wind */
	double dir_deg;        /* 0..360, direction the wind blows FROM */
	double speed_ms;       /* >= 0, finite */
};

/* Defaults: 4096 bytes, 300 s future skew, 7 days past window, wind up to 75 m/s. */
void pw_msg_limits_default(struct pw_msg_limits *lim);

/* Limits from the [alarm] section of the config (future_skew, past_window, max_wind_speed). */
void pw_msg_limits_from_config(struct pw_msg_limits *lim, const struct pw_config *cfg);

/*
 * Parse one message. TOPIC is NUL-terminated; PAYLOAD is LEN bytes (need not
 * be NUL-terminated; may be NULL when LEN is 0). PREFIX is the topic prefix
 * ("park"; a trailing slash is ignored; NULL means "park"). NOW_MS is the receive time used for the
 * ts window and as the ts of a status message. LIM may be NULL for defaults.
 *
 * Returns 0 and fills *OUT, or -1 with the reason in REASON (REASON_SZ bytes,
 * PW_MSG_REASON_SZ recommended; REASON may be NULL). On -1, *OUT holds
 * whatever was parsed so far (the codes once the topic was accepted) and must
 * not be used as a message. Returns PW_MSG_CLEARED (1) for an empty status
 * message, the usual MQTT way to clear a retained topic: nothing to record
 * and nothing wrong (REASON says "status cleared (empty retained message)"
 * for a log; *OUT holds the codes); the caller ignores it.
 */
#define PW_MSG_CLEARED 1
int pw_msg_parse(const char *topic, const void *payload, size_t len, const char *prefix,
                 int64_t now_ms, const struct pw_msg_limits *lim, struct pw_msg *out,
                 char *reason, size_t reason_sz);

/* "reading", "event", "status", "wind" (the topic's last level). */
const char *pw_msg_kind_name(enum pw_msg_kind kind);

/* "alarm", "clear", "fault", "tamper"; "?" for anything else. */
const char *pw_event_name(enum pw_event ev);

/* Exact, case-sensitive name -> event. Returns 0, or -1 when unknown. */
int pw_event_parse(const char *name, enum pw_event *out);

/* True when S is a valid code: 1..PW_CODE_MAX bytes of [A-Za-z0-9_.-]. */
bool pw_code_valid(const char *s, size_t n);

#endif
