/*
 * payload.c - validate one MQTT message from a gateway (see payload.h).
 *
 * The parser is deliberately strict and says exactly what was wrong: the
 * reasons end up in `query rejected`, where an operator or a gateway vendor
 * reads them to fix the sender.
 */
#include "config.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/config.h"
#include "parkwatch/payload.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* Where a rejection reason goes. */
struct reason {
	char *buf;
	size_t sz;
};

/* Bytes of echoed input (event names) kept in a reason. */
#define ECHO_MAX 32

/* Copy S into DST (DSTSZ bytes) cut at a character boundary. */
static void copy_utf8(char *dst, size_t dstsz, const char *s)
{
	if (dstsz == 0)
		return;
	size_t n = pw_utf8_cut(s, strlen(s), dstsz - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Sanitised copy of S[0..n) cut to MAX bytes at a character boundary (caller frees). */
static char *sanitize_cut(const char *s, size_t n, size_t max)
{
	char *t = pw_sanitize(s, n);
	t[pw_utf8_cut(t, strlen(t), max)] = '\0';
	return t;
}

/* Write the reason (all parts are ASCII or already sanitised) and return -1. */
__attribute__((format(printf, 2, 3)))
static int reject(struct reason *r, const char *fmt, ...)
{
	if (r->buf == NULL || r->sz == 0)
		return -1;
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	copy_utf8(r->buf, r->sz, tmp);
	return -1;
}

/* Saturating a - b, so hostile timestamps cannot overflow the window checks. */
static int64_t sat_sub(int64_t a, int64_t b)
{
	int64_t d;
	if (__builtin_sub_overflow(a, b, &d))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return d;
}

bool pw_code_valid(const char *s, size_t n)
{
	if (n == 0 || n > PW_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		          c == '_' || c == '.' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

/* C0, DEL, or a C1 control encoded in UTF-8 (C2 80 .. C2 9F). */
static bool has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return true;
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F)
			return true;
	}
	return false;
}

static int copy_code(char dst[PW_CODE_MAX + 1], const char *s, size_t n)
{
	if (!pw_code_valid(s, n))
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Split "<prefix>/<a>/<b>/<kind>" and check the codes. */
static int parse_topic(const char *topic, const char *prefix, struct pw_msg *out, struct reason *r)
{
	size_t tlen = strnlen(topic, PW_TOPIC_MAX + 1);
	if (tlen > PW_TOPIC_MAX)
		return reject(r, "topic too long");
	if (!pw_utf8_valid(topic, tlen))
		return reject(r, "invalid UTF-8 in topic");
	if (has_control(topic, tlen))
		return reject(r, "topic has control characters");

	size_t plen = strlen(prefix);
	while (plen > 0 && prefix[plen - 1] == '/')
		plen--;  /* "park/" in a config file means "park" */
	if (plen == 0 || tlen <= plen || strncmp(topic, prefix, plen) != 0 || topic[plen] != '/')
		return reject(r, "unknown topic");

	const char *a = topic + plen + 1;
	const char *s1 = strchr(a, '/');
	const char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	if (s2 == NULL || strchr(s2 + 1, '/') != NULL)
		return reject(r, "unknown topic");
	const char *b = s1 + 1, *kind = s2 + 1;
	size_t alen = (size_t)(s1 - a), blen = (size_t)(s2 - b);

	bool weather = alen == 7 && memcmp(a, "weather", 7) == 0;
	if (strcmp(kind, "wind") == 0 && weather) {
		out->kind = PW_MSG_WIND;
		if (copy_code(out->sensor, b, blen) != 0)
			return reject(r, "invalid station code");
		return 0;
	}
	if (strcmp(kind, "reading") == 0)
		out->kind = PW_MSG_READING;
	else if (strcmp(kind, "event") == 0)
		out->kind = PW_MSG_EVENT;
	else if (strcmp(kind, "status") == 0)
		out->kind = PW_MSG_STATUS;
	else
		return reject(r, "unknown topic");
	if (copy_code(out->enterprise, a, alen) != 0)
		return reject(r, "invalid enterprise code");
	if (copy_code(out->sensor, b, blen) != 0)
		return reject(r, "invalid sensor code");
	return 0;
}

/* "online" / "offline" with optional surrounding ASCII whitespace. */
static int parse_status(const char *p, size_t len, struct pw_msg *out, struct reason *r)
{
	if (len == 0) {
		/* An empty retained message is how MQTT clears a retained topic. */
		reject(r, "status cleared (empty retained message)");
		return 1;
	}
	while (len > 0 && strchr(" \t\r\n", p[0]) != NULL && p[0] != '\0') {
		p++;
		len--;
	}
	while (len > 0 && strchr(" \t\r\n", p[len - 1]) != NULL && p[len - 1] != '\0')
		len--;
	if (len == 6 && memcmp(p, "online", 6) == 0)
		out->online = true;
	else if (len == 7 && memcmp(p, "offline", 7) == 0)
		out->online = false;
	else
		return reject(r, "status must be online or offline");
	return 0;
}

/*
 * jansson refuses numbers that overflow (1e999, 99999999999999999999) and
 * only says "near '1e999'". Find the key the number belongs to by scanning
 * back from the error position over the number, ':' and the quoted key, so
 * the reason names the field. Returns "payload" when it is not that simple.
 */
static void overflow_field(const char *p, size_t pos, char *key, size_t keysz)
{
	snprintf(key, keysz, "payload");
	size_t i = pos;
	while (i > 0 && strchr("0123456789eE+-.", p[i - 1]) != NULL && p[i - 1] != '\0')
		i--;
	while (i > 0 && strchr(" \t\r\n", p[i - 1]) != NULL && p[i - 1] != '\0')
		i--;
	if (i == 0 || p[i - 1] != ':')
		return;
	i--;
	while (i > 0 && strchr(" \t\r\n", p[i - 1]) != NULL && p[i - 1] != '\0')
		i--;
	if (i == 0 || p[i - 1] != '"')
		return;
	size_t end = --i, start = end;
	while (start > 0 && p[start - 1] != '"') {
		unsigned char c = (unsigned char)p[start - 1];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return;
		start--;
	}
	if (start == 0 || start == end || end - start >= keysz)
		return;
	memcpy(key, p + start, end - start);
	key[end - start] = '\0';
}

/*
 * Decimal exponent of the JSON number token at P[0..n) (*USED bytes) in scientific
 * notation (1.5e-3 -> -3, 0.002 -> -3), or INT_MAX when every digit is 0.
 * Saturates: "1e-99999999999" is a very small number, not an overflow.
 */
static long sci_exponent(const char *p, size_t n, size_t *used)
{
#define AT(k) ((k) < n ? p[k] : '\0')
#define DIGIT(k) (AT(k) >= '0' && AT(k) <= '9')
	size_t i = AT(0) == '-' ? 1 : 0, int_start = i;
	while (DIGIT(i))
		i++;
	size_t int_digits = i - int_start;
	long pos = LONG_MIN;  /* exponent of the first non-zero digit */
	for (size_t k = 0; k < int_digits; k++) {
		if (p[int_start + k] != '0') {
			pos = (long)(int_digits - 1 - k);
			break;
		}
	}
	if (AT(i) == '.') {
		long place = 0;
		for (i++; DIGIT(i); i++) {
			place--;
			if (pos == LONG_MIN && p[i] != '0')
				pos = place;
		}
	}
	long exp = 0;
	if (AT(i) == 'e' || AT(i) == 'E') {
		i++;
		bool neg = AT(i) == '-';
		if (AT(i) == '-' || AT(i) == '+')
			i++;
		for (; DIGIT(i); i++)
			if (exp < 100000000L)
				exp = exp * 10 + (p[i] - '0');
		exp = neg ? -exp : exp;
	}
#undef DIGIT
#undef AT
	*used = i;
	return pos == LONG_MIN ? INT_MAX : pos + exp;
}

/*
 * jansson turns a number too close to zero for a double (1e-400) into 0 or a
 * denormal without a word (strtod's ERANGE is only checked for overflow), so
 * the payload is scanned for such numbers. Values below 1e-307 in magnitude
 * are refused: DBL_MIN is 2.2e-308, no sensor reports anything that small.
 * P is JSON that jansson accepted: numbers only appear outside strings.
 */
static int reject_underflow(const char *p, size_t len, struct reason *r)
{
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
			continue;
		}
		if (c != '-' && !(c >= '0' && c <= '9'))
			continue;
		size_t used;
		long e = sci_exponent(p + i, len - i, &used);
		size_t tok_end = i + used;
		if (e < -307) {
			char key[ECHO_MAX + 1];
			overflow_field(p, tok_end, key, sizeof key);
			return reject(r, "%s out of range (underflow)", key);
		}
		i = tok_end - 1;
	}
	return 0;
}

static int reject_json(const char *p, const json_error_t *err, struct reason *r)
{
	if (json_error_code(err) == json_error_numeric_overflow) {
		char key[ECHO_MAX + 1];
		overflow_field(p, (size_t)(err->position > 0 ? err->position : 0), key, sizeof key);
		if (strncmp(err->text, "real", 4) == 0)
			return reject(r, "non-finite number in %s", key);
		return reject(r, "%s out of range", key);
	}
	char *text = sanitize_cut(err->text, strnlen(err->text, sizeof err->text), 120);
	reject(r, "invalid JSON: %s at %d:%d", text, err->line, err->column);
	free(text);
	return -1;
}

/* A field, or NULL when absent or JSON null (optional fields treat both alike). */
static json_t *field(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	return json_is_null(v) ? NULL : v;
}

/* An integer field; an integral real (5.0) is accepted, 5.5 is not. */
static int get_int(json_t *o, const char *name, int64_t *out, struct reason *r)
{
	json_t *v = field(o, name);
	if (v == NULL)
		return reject(r, "missing field %s", name);
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_real(v))
		return reject(r, "field %s must be an integer", name);
	double d = json_real_value(v);
	if (!isfinite(d))
		return reject(r, "non-finite number in %s", name);
	if (d != floor(d))
		return reject(r, "field %s must be an integer", name);
	/* 2^63 is exactly representable; anything at or past it does not fit. */
	if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
		return reject(r, "%s out of range", name);
	*out = (int64_t)d;
	return 0;
}

static int get_number(json_t *o, const char *name, double *out, struct reason *r)
{
	json_t *v = field(o, name);
	if (v == NULL)
		return reject(r, "missing field %s", name);
	if (!json_is_number(v))
		return reject(r, "field %s must be a number", name);
	*out = json_number_value(v);
	if (!isfinite(*out))
		return reject(r, "non-finite number in %s", name);
	return 0;
}

/* Optional string: 1 absent, 0 present (*s, *n), -1 wrong type. */
static int get_opt_string(json_t *o, const char *name, const char **s, size_t *n, struct reason *r)
{
	json_t *v = field(o, name);
	if (v == NULL)
		return 1;
	if (!json_is_string(v))
		return reject(r, "field %s must be a string", name);
	*s = json_string_value(v);
	*n = json_string_length(v);
	return 0;
}

static int check_ts_window(int64_t ts, int64_t now, const struct pw_msg_limits *lim, struct reason *r)
{
	int64_t ahead = sat_sub(ts, now);
	if (lim->future_skew_ms >= 0 && ahead > lim->future_skew_ms)
		return reject(r, "ts too far in the future (+%lld s)", (long long)(ahead / 1000));
	int64_t behind = sat_sub(now, ts);
	if (lim->past_window_ms >= 0 && behind > lim->past_window_ms)
		return reject(r, "ts too old");
	return 0;
}

static int parse_reading(json_t *o, struct pw_msg *out, struct reason *r)
{
	if (get_int(o, "ts", &out->ts, r) != 0 || get_number(o, "value", &out->value, r) != 0)
		return -1;
	const char *s;
	size_t n;
	int rc = get_opt_string(o, "unit", &s, &n, r);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (n > PW_UNIT_MAX)
			return reject(r, "unit longer than %d bytes", PW_UNIT_MAX);
		/*
		 * Checked before it is sanitised: a unit that needs cleaning is a
		 * broken or hostile gateway, and "mg/m3" silently made of "mg/\x1b[2Jm3"
		 * would hide that from the operator.
		 */
		char *t = pw_sanitize(s, n);
		bool clean = strlen(s) == n && strcmp(t, s) == 0;
		if (clean)
			copy_utf8(out->unit, sizeof out->unit, t);
		free(t);
		if (!clean)
			return reject(r, "unit has control characters");
		out->has_unit = true;
	}
	if (field(o, "seq") != NULL) {
		if (get_int(o, "seq", &out->seq, r) != 0)
			return -1;
		out->has_seq = true;
	}
	return 0;
}

static int parse_event(json_t *o, struct pw_msg *out, struct reason *r)
{
	if (get_int(o, "ts", &out->ts, r) != 0)
		return -1;
	const char *s;
	size_t n;
	int rc = get_opt_string(o, "event", &s, &n, r);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return reject(r, "missing field event");
	if (strlen(s) != n || pw_event_parse(s, &out->event) != 0) {
		char *t = sanitize_cut(s, n, ECHO_MAX);
		reject(r, "unknown event '%s'", t);
		free(t);
		return -1;
	}
	rc = get_opt_string(o, "detail", &s, &n, r);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		char *t = sanitize_cut(s, n, PW_DETAIL_MAX);
		copy_utf8(out->detail, sizeof out->detail, t);
		free(t);
		out->has_detail = true;
	}
	return 0;
}

static int parse_wind(json_t *o, double max_wind_ms, struct pw_msg *out, struct reason *r)
{
	if (get_int(o, "ts", &out->ts, r) != 0 || get_number(o, "dir_deg", &out->dir_deg, r) != 0 ||
	    get_number(o, "speed_ms", &out->speed_ms, r) != 0)
		return -1;
	if (out->dir_deg < 0 || out->dir_deg > 360)
		return reject(r, "dir_deg out of range");
	if (out->speed_ms < 0)
		return reject(r, "speed_ms out of range");
	/* Beyond the sustained winds of the strongest typhoons: a broken or lying vane. */
	if (max_wind_ms > 0 && out->speed_ms > max_wind_ms)
		return reject(r, "speed_ms out of range (over %g m/s)", max_wind_ms);
	return 0;
}

static int parse_json(const char *p, size_t len, int64_t now, const struct pw_msg_limits *lim,
                      struct pw_msg *out, struct reason *r)
{
	if (len == 0)
		return reject(r, "empty payload");
	json_error_t err;
	json_t *root = json_loadb(p, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
	if (root == NULL)
		return reject_json(p, &err, r);
	int rc;
	if (!json_is_object(root))
		rc = reject(r, "payload must be a JSON object");
	else if (reject_underflow(p, len, r) != 0)
		rc = -1;
	else if (out->kind == PW_MSG_READING)
		rc = parse_reading(root, out, r);
	else if (out->kind == PW_MSG_EVENT)
		rc = parse_event(root, out, r);
	else
		rc = parse_wind(root, lim->max_wind_ms, out, r);
	json_decref(root);
	if (rc == 0)
		rc = check_ts_window(out->ts, now, lim, r);
	return rc;
}

int pw_msg_parse(const char *topic, const void *payload, size_t len, const char *prefix,
                 int64_t now_ms, const struct pw_msg_limits *lim, struct pw_msg *out,
                 char *reason, size_t reason_sz)
{
	struct reason r = {reason, reason_sz};
	struct pw_msg_limits deflim;
	if (reason != NULL && reason_sz > 0)
		reason[0] = '\0';
	memset(out, 0, sizeof *out);
	if (lim == NULL) {
		pw_msg_limits_default(&deflim);
		lim = &deflim;
	}
	if (topic == NULL)
		return reject(&r, "unknown topic");
	if (parse_topic(topic, prefix != NULL ? prefix : "park", out, &r) != 0)
		return -1;
	if (len > 0 && payload == NULL)
		return reject(&r, "empty payload");
	if (len > lim->max_payload)
		return reject(&r, "payload over %zu bytes", lim->max_payload);
	const char *p = payload;
	if (!pw_utf8_valid(p, len))
		return reject(&r, "invalid UTF-8 in payload");
	if (out->kind == PW_MSG_STATUS) {
		out->ts = now_ms;
		return parse_status(p, len, out, &r);
	}
	return parse_json(p, len, now_ms, lim, out, &r);
}

void pw_msg_limits_default(struct pw_msg_limits *lim)
{
	lim->max_payload = PW_PAYLOAD_MAX_DEFAULT;
	lim->future_skew_ms = 300 * 1000LL;
	lim->past_window_ms = 7 * 24 * 3600 * 1000LL;
	lim->max_wind_ms = PW_WIND_MAX_DEFAULT;
}

void pw_msg_limits_from_config(struct pw_msg_limits *lim, const struct pw_config *cfg)
{
	pw_msg_limits_default(lim);
	lim->future_skew_ms = (int64_t)cfg->future_skew_s * 1000;
	lim->past_window_ms = (int64_t)cfg->past_window_s * 1000;
	lim->max_wind_ms = cfg->max_wind_ms;
}

static const char *const msg_kind_names[] = {"reading", "event", "status", "wind"};
static const char *const event_names[] = {"alarm", "clear", "fault", "tamper"};

const char *pw_msg_kind_name(enum pw_msg_kind kind)
{
	return (unsigned)kind < PW_ARRAY_LEN(msg_kind_names) ? msg_kind_names[kind] : "?";
}

const char *pw_event_name(enum pw_event ev)
{
	return (unsigned)ev < PW_ARRAY_LEN(event_names) ? event_names[ev] : "?";
}

int pw_event_parse(const char *name, enum pw_event *out)
{
	for (size_t i = 0; i < PW_ARRAY_LEN(event_names); i++) {
		if (strcmp(name, event_names[i]) == 0) {
			*out = (enum pw_event)i;
			return 0;
		}
	}
	return -1;
}
