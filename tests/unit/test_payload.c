/* test_payload.c - the MQTT message parser: every accepted shape and every rejection class. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/config.h"
#include "parkwatch/payload.h"
#include "parkwatch/text.h"

/* cmocka 1.1 has no assert_double_equal; values here are exact anyway. */
#define assert_dbl(got, want)                                                              \
	do {                                                                                   \
		double got_ = (got), want_ = (want);                                               \
		if (!(got_ == want_))                                                              \
			fail_msg("%s = %.17g, want %.17g", #got, got_, want_);                         \
	} while (0)

#define NOW 1764318300000LL  /* 2025-11-28T16:25:00+08:00 */
#define TS "1764318300000"

static struct pw_msg msg;
static char reason[PW_MSG_REASON_SZ];

static int parse_n(const char *topic, const char *payload, size_t len)
{
	return pw_msg_parse(topic, payload, len, "park", NOW, NULL, &msg, reason, sizeof reason);
}

static int parse(const char *topic, const char *payload)
{
	return parse_n(topic, payload, payload != NULL ? strlen(payload) : 0);
}

static void expect_ok(const char *topic, const char *payload)
{
	int rc = parse(topic, payload);
	if (rc != 0)
		fail_msg("rejected '%s' on %s: %s", payload, topic, reason);
}

static void expect_reject_n(const char *topic, const char *payload, size_t len, const char *want)
{
	assert_int_equal(parse_n(topic, payload, len), -1);
	assert_string_equal(reason, want);
}

static void expect_reject(const char *topic, const char *payload, const char *want)
{
	expect_reject_n(topic, payload, payload != NULL ? strlen(payload) : 0, want);
}

static void expect_reject_prefix(const char *topic, const char *payload, const char *want)
{
	assert_int_equal(parse(topic, payload), -1);
	if (strncmp(reason, want, strlen(want)) != 0)
		fail_msg("reason '%s' does not start with '%s'", reason, want);
}

/* A reason is stored and shown: valid UTF-8 and no control characters, ever. */
static void assert_reason_displayable(void)
{
	assert_true(pw_utf8_valid(reason, strlen(reason)));
	for (const char *p = reason; *p != '\0'; p++)
		assert_false((unsigned char)*p < 0x20 || *p == 0x7f);
}

#define R "park/E001/NH3-01/reading"
#define EV "park/E001/SMK-01/event"
#define ST "park/E001/NH3-01/status"
#define W "park/weather/W01/wind"

/* ------------------------------------------------------------- readings */

static void test_reading_with_every_field_is_parsed(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":" TS ",\"value\":12.5,\"unit\":\"mg/m3\",\"seq\":42}");
	assert_int_equal(msg.kind, PW_MSG_READING);
	assert_string_equal(msg.enterprise, "E001");
	assert_string_equal(msg.sensor, "NH3-01");
	assert_int_equal(msg.ts, NOW);
	assert_dbl(msg.value, 12.5);
	assert_true(msg.has_unit);
	assert_string_equal(msg.unit, "mg/m3");
	assert_true(msg.has_seq);
	assert_int_equal(msg.seq, 42);
	assert_string_equal(reason, "");
}

static void test_reading_needs_only_ts_and_value(void **state)
{
	(void)state;
	expect_ok(R, "{\"value\":-3,\"ts\":" TS "}");
	assert_dbl(msg.value, -3.0);
	assert_false(msg.has_unit);
	assert_string_equal(msg.unit, "");
	assert_false(msg.has_seq);
}

static void test_reading_ignores_unknown_fields(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"battery\":87,\"extra\":{\"a\":[1,2,{\"b\":null}]},"
	             "\"note\":\"x\"}");
	assert_dbl(msg.value, 1.0);
}

static void test_reading_optional_fields_as_null_count_as_absent(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"unit\":null,\"seq\":null}");
	assert_false(msg.has_unit);
	assert_false(msg.has_seq);
}

static void test_reading_accepts_ts_written_as_integral_real(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":1764318300000.0,\"value\":1}");
	assert_int_equal(msg.ts, NOW);
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"seq\":7.0}");
	assert_int_equal(msg.seq, 7);
}

static void test_reading_refuses_fractional_ts_and_seq(void **state)
{
	(void)state;
	expect_reject(R, "{\"ts\":1764318300000.5,\"value\":1}", "field ts must be an integer");
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"seq\":1.5}", "field seq must be an integer");
}

static void test_reading_missing_fields_are_named(void **state)
{
	(void)state;
	expect_reject(R, "{\"value\":1}", "missing field ts");
	expect_reject(R, "{\"ts\":" TS "}", "missing field value");
	expect_reject(R, "{\"ts\":null,\"value\":1}", "missing field ts");
	expect_reject(R, "{\"ts\":" TS ",\"value\":null}", "missing field value");
	expect_reject(R, "{}", "missing field ts");
}

static void test_reading_mistyped_fields_are_named(void **state)
{
	(void)state;
	expect_reject(R, "{\"ts\":" TS ",\"value\":\"12\"}", "field value must be a number");
	expect_reject(R, "{\"ts\":" TS ",\"value\":true}", "field value must be a number");
	expect_reject(R, "{\"ts\":" TS ",\"value\":[1]}", "field value must be a number");
	expect_reject(R, "{\"ts\":\"" TS "\",\"value\":1}", "field ts must be an integer");
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"unit\":5}", "field unit must be a string");
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"seq\":\"1\"}", "field seq must be an integer");
}

static void test_reading_huge_exponent_is_non_finite(void **state)
{
	(void)state;
	expect_reject(R, "{\"ts\":" TS ",\"value\":1e999}", "non-finite number in value");
	expect_reject(R, "{\"ts\":" TS ", \"value\" :  -1E+999 }", "non-finite number in value");
	expect_reject(R, "{\"ts\":1e999,\"value\":1}", "non-finite number in ts");
	/* jansson cannot skip the number, so even an unknown field refuses the message */
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"x\":[1e999]}", "non-finite number in payload");
}

static void test_reading_value_that_underflows_is_refused_not_made_zero(void **state)
{
	(void)state;
	expect_reject(R, "{\"ts\":" TS ",\"value\":1e-400}", "value out of range (underflow)");
	expect_reject(R, "{\"ts\":" TS ",\"value\": -2.5E-999 }", "value out of range (underflow)");
	expect_reject(R, "{\"ts\":" TS ",\"value\":1e-99999999999999}", "value out of range (underflow)");
	/* denormal: representable only with lost precision */
	expect_reject(R, "{\"ts\":" TS ",\"value\":4e-320}", "value out of range (underflow)");
	/* 400 zeros after the point, then a 1 */
	char tiny[600];
	int n = snprintf(tiny, sizeof tiny, "{\"ts\":" TS ",\"value\":0.%0400d1}", 0);
	assert_true(n > 0 && (size_t)n < sizeof tiny);
	expect_reject(R, tiny, "value out of range (underflow)");
	/* an unknown field too, like jansson's own overflow check */
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"x\":[1e-400]}", "payload out of range (underflow)");
	/* small but normal numbers and every spelling of zero are fine */
	expect_ok(R, "{\"ts\":" TS ",\"value\":1e-300}");
	assert_dbl(msg.value, 1e-300);
	expect_ok(R, "{\"ts\":" TS ",\"value\":-0.000e-999}");
	assert_dbl(msg.value, 0.0);
	expect_ok(R, "{\"ts\":" TS ",\"value\":0}");
	expect_ok(R, "{\"ts\":" TS ",\"value\":100e-309}");
	/* a number inside a string is not a number */
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"note\":\"1e-400 \\\" 1e-400\"}");
}

static void test_reading_nan_and_infinity_literals_are_invalid_json(void **state)
{
	(void)state;
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":NaN}", "invalid JSON: ");
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":Infinity}", "invalid JSON: ");
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":-inf}", "invalid JSON: ");
}

static void test_reading_integers_beyond_int64_are_out_of_range(void **state)
{
	(void)state;
	expect_reject(R, "{\"ts\":99999999999999999999999,\"value\":1}", "ts out of range");
	expect_reject(R, "{\"ts\":1e19,\"value\":1}", "ts out of range");
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"seq\":-1e30}", "seq out of range");
	/* jansson refuses integer literals beyond int64 even for a number field */
	expect_reject(R, "{\"ts\":" TS ",\"value\":12345678901234567890}", "value out of range");
	expect_ok(R, "{\"ts\":" TS ",\"value\":12345678901234567890.0}");
}

static void test_reading_unit_is_limited_to_16_bytes(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"unit\":\"0123456789abcdef\"}");
	assert_string_equal(msg.unit, "0123456789abcdef");
	expect_reject(R, "{\"ts\":" TS ",\"value\":1,\"unit\":\"0123456789abcdefg\"}",
	              "unit longer than 16 bytes");
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"unit\":\"毫克/立方米\"}");
	assert_string_equal(msg.unit, "毫克/立方米");
}

static void test_reading_unit_with_control_characters_is_refused_not_cleaned(void **state)
{
	(void)state;
	static const char *bad[] = {
		"\\u001b[31m%LEL", /* ESC: an escape sequence */
		"%LEL\\u0007",      /* BEL */
		"mg\\u009bm3",      /* C1 CSI */
		"%\\u202eLEL",      /* bidi override */
		"pp\\u200bm",       /* zero-width space */
		"pp\\u007fm",       /* DEL (NUL is refused by jansson already) */
		"%LEL\\n",          /* line break */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char p[128];
		snprintf(p, sizeof p, "{\"ts\":" TS ",\"value\":1,\"unit\":\"%s\"}", bad[i]);
		expect_reject(R, p, "unit has control characters");
	}
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"unit\":\"mg/m\u00b3\"}");
	assert_string_equal(msg.unit, "mg/m\u00b3");
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"unit\":\"%LEL\"}");
	assert_string_equal(msg.unit, "%LEL");
}

static void test_reading_escaped_key_names_match(void **state)
{
	(void)state;
	expect_ok(R, "{\"\\u0074s\":" TS ",\"valu\\u0065\":2}");
	assert_dbl(msg.value, 2.0);
}

/* --------------------------------------------------------------- events */

static void test_event_each_kind_is_parsed(void **state)
{
	(void)state;
	static const char *names[] = {"alarm", "clear", "fault", "tamper"};
	static const enum pw_event evs[] = {PW_EVENT_ALARM, PW_EVENT_CLEAR, PW_EVENT_FAULT,
	                                    PW_EVENT_TAMPER};
	for (size_t i = 0; i < 4; i++) {
		char p[128];
		snprintf(p, sizeof p, "{\"ts\":" TS ",\"event\":\"%s\"}", names[i]);
		expect_ok(EV, p);
		assert_int_equal(msg.kind, PW_MSG_EVENT);
		assert_int_equal(msg.event, evs[i]);
		assert_false(msg.has_detail);
		assert_string_equal(msg.sensor, "SMK-01");
	}
}

static void test_event_unknown_name_is_echoed_safely(void **state)
{
	(void)state;
	expect_reject(EV, "{\"ts\":" TS ",\"event\":\"boom\"}", "unknown event 'boom'");
	expect_reject(EV, "{\"ts\":" TS ",\"event\":\"ALARM\"}", "unknown event 'ALARM'");
	expect_reject(EV, "{\"ts\":" TS ",\"event\":\"\\u001b[2Jx\\u0007\"}", "unknown event 'x'");
	assert_reason_displayable();
	expect_reject(EV, "{\"ts\":" TS ",\"event\":\"" "0123456789012345678901234567890123456789" "\"}",
	              "unknown event '01234567890123456789012345678901'");
	/* 11 Chinese characters are 33 bytes: the echo stops at a character boundary */
	expect_reject(EV, "{\"ts\":" TS ",\"event\":\"火火火火火火火火火火火\"}",
	              "unknown event '火火火火火火火火火火'");
}

static void test_event_field_errors(void **state)
{
	(void)state;
	expect_reject(EV, "{\"ts\":" TS "}", "missing field event");
	expect_reject(EV, "{\"ts\":" TS ",\"event\":1}", "field event must be a string");
	expect_reject(EV, "{\"event\":\"alarm\"}", "missing field ts");
	expect_reject(EV, "{\"ts\":" TS ",\"event\":\"alarm\",\"detail\":{}}",
	              "field detail must be a string");
}

static void test_event_detail_is_sanitised(void **state)
{
	(void)state;
	expect_ok(EV, "{\"ts\":" TS ",\"event\":\"alarm\","
	              "\"detail\":\"3F\\u001b]0;pwned\\u0007 corridor\\n\\u009b31m东\"}");
	assert_true(msg.has_detail);
	assert_true(pw_utf8_valid(msg.detail, strlen(msg.detail)));
	for (const char *p = msg.detail; *p != '\0'; p++)
		assert_false((unsigned char)*p < 0x20 || *p == 0x7f);
	assert_null(strstr(msg.detail, "pwned"));
	assert_non_null(strstr(msg.detail, "3F"));
	assert_non_null(strstr(msg.detail, "corridor"));
}

static void test_event_detail_is_capped_at_a_character_boundary(void **state)
{
	(void)state;
	char p[2048], d[1024];
	memset(d, 'a', 300);
	d[300] = '\0';
	snprintf(p, sizeof p, "{\"ts\":" TS ",\"event\":\"fault\",\"detail\":\"%s\"}", d);
	expect_ok(EV, p);
	assert_int_equal(strlen(msg.detail), PW_DETAIL_MAX);

	/* 100 x 3-byte characters: 85 fit in 256 bytes (255), never half of one */
	d[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(d, "烟");
	snprintf(p, sizeof p, "{\"ts\":" TS ",\"event\":\"fault\",\"detail\":\"%s\"}", d);
	expect_ok(EV, p);
	assert_int_equal(strlen(msg.detail), 255);
	assert_true(pw_utf8_valid(msg.detail, strlen(msg.detail)));

	/* 4-byte characters (emoji) too: 64 x 4 = 256 exactly */
	d[0] = '\0';
	for (int i = 0; i < 70; i++)
		strcat(d, "\xF0\x9F\x94\xA5");
	snprintf(p, sizeof p, "{\"ts\":" TS ",\"event\":\"fault\",\"detail\":\"%s\"}", d);
	expect_ok(EV, p);
	assert_int_equal(strlen(msg.detail), 256);
	assert_true(pw_utf8_valid(msg.detail, strlen(msg.detail)));
}

/* --------------------------------------------------------------- status */

static void test_status_online_and_offline_are_raw_text(void **state)
{
	(void)state;
	expect_ok(ST, "online");
	assert_int_equal(msg.kind, PW_MSG_STATUS);
	assert_true(msg.online);
	assert_int_equal(msg.ts, NOW);
	expect_ok(ST, "offline");
	assert_false(msg.online);
	expect_ok(ST, "  online\r\n");
	assert_true(msg.online);
	expect_ok(ST, "\toffline\n");
	assert_false(msg.online);
}

static void test_status_anything_else_is_refused(void **state)
{
	(void)state;
	const char *bad[] = {" ", "ONLINE", "on line", "\"online\"", "{\"status\":\"online\"}",
	                     "onlinex", "online offline", "1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_reject(ST, bad[i], "status must be online or offline");
	expect_reject_n(ST, "online\0", 7, "status must be online or offline");
}

static void test_status_empty_retained_message_clears_and_is_not_a_rejection(void **state)
{
	(void)state;
	assert_int_equal(parse_n(ST, NULL, 0), PW_MSG_CLEARED);
	assert_string_equal(reason, "status cleared (empty retained message)");
	assert_int_equal(parse_n(ST, "", 0), PW_MSG_CLEARED);
	assert_string_equal(msg.sensor, "NH3-01");
	/* only the status topic: an empty reading is still wrong */
	expect_reject(R, "", "empty payload");
}

/* ----------------------------------------------------------------- wind */

static void test_wind_is_parsed_with_the_station_code(void **state)
{
	(void)state;
	expect_ok(W, "{\"ts\":" TS ",\"dir_deg\":225.5,\"speed_ms\":3.2}");
	assert_int_equal(msg.kind, PW_MSG_WIND);
	assert_string_equal(msg.enterprise, "");
	assert_string_equal(msg.sensor, "W01");
	assert_dbl(msg.dir_deg, 225.5);
	assert_dbl(msg.speed_ms, 3.2);
	expect_ok(W, "{\"ts\":" TS ",\"dir_deg\":0,\"speed_ms\":0}");
	expect_ok(W, "{\"ts\":" TS ",\"dir_deg\":360,\"speed_ms\":60}");
	expect_ok(W, "{\"ts\":" TS ",\"dir_deg\":360,\"speed_ms\":75}");
}

static void test_wind_faster_than_any_typhoon_is_refused(void **state)
{
	(void)state;
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":10,\"speed_ms\":75.1}",
	              "speed_ms out of range (over 75 m/s)");
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":10,\"speed_ms\":1e300}",
	              "speed_ms out of range (over 75 m/s)");
	/* the limit comes from [alarm] max_wind_speed */
	struct pw_config cfg;
	pw_config_defaults(&cfg);
	cfg.max_wind_ms = 40;
	struct pw_msg_limits lim;
	pw_msg_limits_from_config(&lim, &cfg);
	pw_config_free(&cfg);
	const char *p = "{\"ts\":" TS ",\"dir_deg\":10,\"speed_ms\":41}";
	assert_int_equal(pw_msg_parse(W, p, strlen(p), "park", NOW, &lim, &msg, reason, sizeof reason), -1);
	assert_string_equal(reason, "speed_ms out of range (over 40 m/s)");
}

static void test_wind_out_of_range_is_refused(void **state)
{
	(void)state;
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":360.01,\"speed_ms\":1}", "dir_deg out of range");
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":-0.5,\"speed_ms\":1}", "dir_deg out of range");
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":10,\"speed_ms\":-0.1}", "speed_ms out of range");
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":10}", "missing field speed_ms");
	expect_reject(W, "{\"ts\":" TS ",\"speed_ms\":1}", "missing field dir_deg");
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":\"N\",\"speed_ms\":1}",
	              "field dir_deg must be a number");
	expect_reject(W, "{\"ts\":" TS ",\"dir_deg\":1,\"speed_ms\":1e400}",
	              "non-finite number in speed_ms");
}

/* ---------------------------------------------------------------- topics */

static void test_unknown_topics_are_refused(void **state)
{
	(void)state;
	const char *p = "{\"ts\":" TS ",\"value\":1}";
	const char *bad[] = {"", "park", "park/", "other/E001/S1/reading", "parkx/E001/S1/reading",
	                     "park/E001/S1", "park/E001/S1/reading/x", "park/E001/S1/Reading",
	                     "park/E001/S1/wind", "park/weather/W01/reading/x", "park/E001/S1/",
	                     "/park/E001/S1/reading", "park/E001/S1/readings"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(bad[i], p), -1);
		if (strcmp(reason, "unknown topic") != 0)
			fail_msg("topic '%s': %s", bad[i], reason);
	}
	assert_int_equal(pw_msg_parse(NULL, p, strlen(p), "park", NOW, NULL, &msg, reason,
	                              sizeof reason), -1);
	assert_string_equal(reason, "unknown topic");
}

static void test_topic_codes_must_be_1_to_64_safe_bytes(void **state)
{
	(void)state;
	const char *p = "{\"ts\":" TS ",\"value\":1}";
	char t[256];
	char c64[65];
	memset(c64, 'x', 64);
	c64[64] = '\0';
	snprintf(t, sizeof t, "park/%s/%s/reading", c64, c64);
	expect_ok(t, p);
	assert_string_equal(msg.enterprise, c64);
	snprintf(t, sizeof t, "park/%s/%sy/reading", c64, c64);
	expect_reject(t, p, "invalid sensor code");
	snprintf(t, sizeof t, "park/%sy/%s/reading", c64, c64);
	expect_reject(t, p, "invalid enterprise code");
	expect_ok("park/a.B_c-9/Z.z_0-1/reading", p);
	expect_reject("park//S1/reading", p, "invalid enterprise code");
	expect_reject("park/E001//reading", p, "invalid sensor code");
	expect_reject("park/E 1/S1/reading", p, "invalid enterprise code");
	expect_reject("park/E001/S+/reading", p, "invalid sensor code");
	expect_reject("park/E001/#/reading", p, "invalid sensor code");
	expect_reject("park/企业/S1/reading", p, "invalid enterprise code");
	expect_reject("park/weather/W 1/wind", "{}", "invalid station code");
	expect_reject("park/weather//wind", "{}", "invalid station code");
}

static void test_topic_with_bad_bytes_is_refused(void **state)
{
	(void)state;
	const char *p = "{\"ts\":" TS ",\"value\":1}";
	expect_reject("park/E\xff/S1/reading", p, "invalid UTF-8 in topic");
	expect_reject("park/E\xc0\xaf/S1/reading", p, "invalid UTF-8 in topic");
	expect_reject("park/E001/S1\x1b[2J/reading", p, "topic has control characters");
	expect_reject("park/E001/S1\x7f/reading", p, "topic has control characters");
	expect_reject("park/E001/S1\xc2\x9b/reading", p, "topic has control characters");
	expect_reject("park/E001/S1/reading\n", p, "topic has control characters");
}

static void test_topic_over_512_bytes_is_refused(void **state)
{
	(void)state;
	char t[700];
	memset(t, 'a', sizeof t - 1);
	t[sizeof t - 1] = '\0';
	memcpy(t, "park/", 5);
	expect_reject(t, "{}", "topic too long");
}

static void test_prefix_may_have_several_levels(void **state)
{
	(void)state;
	const char *p = "{\"ts\":" TS ",\"value\":1}";
	assert_int_equal(pw_msg_parse("site1/park/E1/S1/reading", p, strlen(p), "site1/park", NOW, NULL,
	                              &msg, reason, sizeof reason), 0);
	assert_string_equal(msg.enterprise, "E1");
	assert_int_equal(pw_msg_parse("park/E1/S1/reading", p, strlen(p), "site1/park", NOW, NULL,
	                              &msg, reason, sizeof reason), -1);
	assert_string_equal(reason, "unknown topic");
	assert_int_equal(pw_msg_parse(R, p, strlen(p), "park/", NOW, NULL, &msg, reason, sizeof reason), 0);
	assert_int_equal(pw_msg_parse(R, p, strlen(p), "", NOW, NULL, &msg, reason, sizeof reason), -1);
	assert_string_equal(reason, "unknown topic");
	/* NULL prefix means the default "park" */
	assert_int_equal(pw_msg_parse(R, p, strlen(p), NULL, NOW, NULL, &msg, reason, sizeof reason), 0);
}

static void test_enterprise_named_weather_still_has_readings(void **state)
{
	(void)state;
	expect_ok("park/weather/S1/reading", "{\"ts\":" TS ",\"value\":1}");
	assert_int_equal(msg.kind, PW_MSG_READING);
	assert_string_equal(msg.enterprise, "weather");
}

/* --------------------------------------------------------------- payload */

static void test_payload_over_the_limit_is_refused(void **state)
{
	(void)state;
	static char big[5000];
	const char *head = "{\"ts\":" TS ",\"value\":1}";
	memset(big, ' ', sizeof big);
	memcpy(big, head, strlen(head));
	/* exactly 4096 bytes: JSON with trailing white space is fine */
	assert_int_equal(parse_n(R, big, 4096), 0);
	expect_reject_n(R, big, 4097, "payload over 4096 bytes");
	expect_reject_n(ST, big, 5000, "payload over 4096 bytes");

	struct pw_msg_limits lim;
	pw_msg_limits_default(&lim);
	lim.max_payload = 20;
	assert_int_equal(pw_msg_parse(R, head, strlen(head), "park", NOW, &lim, &msg, reason,
	                              sizeof reason), -1);
	assert_string_equal(reason, "payload over 20 bytes");
}

static void test_payload_invalid_utf8_is_refused(void **state)
{
	(void)state;
	const char *bad[] = {
		"{\"ts\":" TS ",\"value\":1,\"unit\":\"\xff\"}",
		"{\"ts\":" TS ",\"value\":1,\"unit\":\"\xc0\xaf\"}",          /* overlong '/' */
		"{\"ts\":" TS ",\"value\":1,\"unit\":\"\xed\xa0\x80\"}",      /* surrogate */
		"{\"ts\":" TS ",\"value\":1,\"unit\":\"\xf4\x90\x80\x80\"}",  /* > U+10FFFF */
		"{\"ts\":" TS ",\"value\":1,\"unit\":\"\xe7\x83\"}",          /* truncated */
		"{\"ts\":" TS ",\"value\":1}\xe7",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_reject(R, bad[i], "invalid UTF-8 in payload");
	expect_reject(ST, "online\xff", "invalid UTF-8 in payload");
}

static void test_payload_must_be_a_json_object(void **state)
{
	(void)state;
	const char *bad[] = {"[1,2]", "\"online\"", "42", "null", "true", "[]"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_reject(R, bad[i], "payload must be a JSON object");
	expect_reject(R, "", "empty payload");
	expect_reject_n(R, NULL, 0, "empty payload");
}

static void test_invalid_json_reason_names_jansson_text_and_position(void **state)
{
	(void)state;
	expect_reject_prefix(R, "{\"ts\":1", "invalid JSON: ");
	assert_non_null(strstr(reason, " at 1:"));
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":1} x", "invalid JSON: end of file expected");
	expect_reject_prefix(R, "{\"ts\":" TS ",\n\"value\":}", "invalid JSON: ");
	assert_non_null(strstr(reason, " at 2:"));
	expect_reject_prefix(R, "   ", "invalid JSON: ");
	expect_reject_prefix(R, "\xEF\xBB\xBF{\"ts\":" TS ",\"value\":1}", "invalid JSON: ");
	expect_reject_prefix(R, "{'ts':1}", "invalid JSON: ");
	assert_reason_displayable();
}

static void test_duplicate_keys_are_refused(void **state)
{
	(void)state;
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":1,\"value\":99}",
	                     "invalid JSON: duplicate object key");
}

static void test_control_characters_never_reach_the_reason(void **state)
{
	(void)state;
	expect_reject_prefix(R, "{\"ts\":" TS ",\"unit\":\"a\x01\x1b[31m\"}", "invalid JSON: ");
	assert_reason_displayable();
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":\x1b[31mtrue}", "invalid JSON: ");
	assert_reason_displayable();
	expect_reject_prefix(R, "{\"ts\":" TS ",\"value\":1,\"x\":\"\\u0000\"}", "invalid JSON: ");
	assert_reason_displayable();
}

static void test_nul_bytes_inside_the_payload_are_refused(void **state)
{
	(void)state;
	const char p[] = "{\"ts\":" TS ",\"value\":1}\0";
	expect_reject_prefix(R, "", "empty payload");
	assert_int_equal(parse_n(R, p, sizeof p - 1), -1);
	assert_int_equal(parse_n(R, "{\"ts\":\0" TS ",\"value\":1}", 30), -1);
	assert_reason_displayable();
}

static void test_deep_nesting_is_refused_without_crashing(void **state)
{
	(void)state;
	static char deep[4096];
	size_t n = 0;
	n += (size_t)snprintf(deep, sizeof deep, "{\"ts\":" TS ",\"value\":1,\"x\":");
	while (n < 4000)
		deep[n++] = '[';
	assert_int_equal(parse_n(R, deep, n), -1);
	assert_reason_displayable();
}

/* -------------------------------------------------------------- ts window */

static void test_ts_too_far_in_the_future_is_refused(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":1764318600000,\"value\":1}");  /* +300 s: the edge is allowed */
	expect_reject(R, "{\"ts\":1764318600001,\"value\":1}", "ts too far in the future (+300 s)");
	expect_reject(R, "{\"ts\":1764321900000,\"value\":1}", "ts too far in the future (+3600 s)");
	expect_reject(W, "{\"ts\":1764321900000,\"dir_deg\":1,\"speed_ms\":1}",
	              "ts too far in the future (+3600 s)");
	expect_reject(EV, "{\"ts\":9223372036854775807,\"event\":\"alarm\"}",
	              "ts too far in the future (+9223370272536475 s)");
}

static void test_ts_older_than_the_past_window_is_refused(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":1763713500000,\"value\":1}");  /* exactly 7 days ago */
	expect_reject(R, "{\"ts\":1763713499999,\"value\":1}", "ts too old");
	expect_reject(R, "{\"ts\":0,\"value\":1}", "ts too old");
	expect_reject(R, "{\"ts\":-9223372036854775808,\"value\":1}", "ts too old");
}

static void test_ts_window_comes_from_config_and_can_be_disabled(void **state)
{
	(void)state;
	struct pw_config cfg;
	pw_config_defaults(&cfg);
	cfg.future_skew_s = 10;
	cfg.past_window_s = 60;
	struct pw_msg_limits lim;
	pw_msg_limits_from_config(&lim, &cfg);
	pw_config_free(&cfg);
	assert_int_equal(lim.max_payload, 4096);
	const char *p = "{\"ts\":1764318311000,\"value\":1}";
	assert_int_equal(pw_msg_parse(R, p, strlen(p), "park", NOW, &lim, &msg, reason, sizeof reason), -1);
	assert_string_equal(reason, "ts too far in the future (+11 s)");
	p = "{\"ts\":1764318239000,\"value\":1}";
	assert_int_equal(pw_msg_parse(R, p, strlen(p), "park", NOW, &lim, &msg, reason, sizeof reason), -1);
	assert_string_equal(reason, "ts too old");

	lim.future_skew_ms = -1;
	lim.past_window_ms = -1;
	p = "{\"ts\":0,\"value\":1}";
	assert_int_equal(pw_msg_parse(R, p, strlen(p), "park", NOW, &lim, &msg, reason, sizeof reason), 0);
	p = "{\"ts\":9223372036854775807,\"value\":1}";
	assert_int_equal(pw_msg_parse(R, p, strlen(p), "park", NOW, &lim, &msg, reason, sizeof reason), 0);
}

static void test_status_has_no_ts_so_it_is_never_too_old(void **state)
{
	(void)state;
	assert_int_equal(pw_msg_parse(ST, "online", 6, "park", 5, NULL, &msg, reason, sizeof reason), 0);
	assert_int_equal(msg.ts, 5);
}

/* ------------------------------------------------------- reason buffer */

static void test_small_reason_buffer_is_cut_at_a_character_boundary(void **state)
{
	(void)state;
	char small[20];
	const char *p = "{\"ts\":" TS ",\"event\":\"火火火火火火\"}";
	assert_int_equal(pw_msg_parse(EV, p, strlen(p), "park", NOW, NULL, &msg, small, sizeof small), -1);
	/* "unknown event '" is 15 bytes; one more 3-byte character would not fit in 19 */
	assert_string_equal(small, "unknown event '火");
	assert_true(pw_utf8_valid(small, strlen(small)));
	assert_int_equal(pw_msg_parse(EV, p, strlen(p), "park", NOW, NULL, &msg, NULL, 0), -1);
	char one[1] = {'x'};
	assert_int_equal(pw_msg_parse(EV, p, strlen(p), "park", NOW, NULL, &msg, one, 1), -1);
	assert_int_equal(one[0], '\0');
}

static void test_a_rejected_message_then_an_accepted_one_leaves_no_residue(void **state)
{
	(void)state;
	expect_ok(R, "{\"ts\":" TS ",\"value\":1,\"unit\":\"ppm\",\"seq\":3}");
	expect_ok(R, "{\"ts\":" TS ",\"value\":2}");
	assert_false(msg.has_unit);
	assert_string_equal(msg.unit, "");
	assert_false(msg.has_seq);
	assert_string_equal(reason, "");
}

/* ----------------------------------------------------------------- names */

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int i = PW_EVENT_ALARM; i <= PW_EVENT_TAMPER; i++) {
		enum pw_event e;
		assert_int_equal(pw_event_parse(pw_event_name((enum pw_event)i), &e), 0);
		assert_int_equal(e, i);
	}
	enum pw_event e;
	assert_int_equal(pw_event_parse("Alarm", &e), -1);
	assert_string_equal(pw_event_name((enum pw_event)99), "?");
	assert_string_equal(pw_msg_kind_name(PW_MSG_READING), "reading");
	assert_string_equal(pw_msg_kind_name(PW_MSG_WIND), "wind");
	assert_true(pw_code_valid("E-1.x_9", 7));
	assert_false(pw_code_valid("", 0));
	assert_false(pw_code_valid("a/b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reading_with_every_field_is_parsed),
		cmocka_unit_test(test_reading_needs_only_ts_and_value),
		cmocka_unit_test(test_reading_ignores_unknown_fields),
		cmocka_unit_test(test_reading_optional_fields_as_null_count_as_absent),
		cmocka_unit_test(test_reading_accepts_ts_written_as_integral_real),
		cmocka_unit_test(test_reading_refuses_fractional_ts_and_seq),
		cmocka_unit_test(test_reading_missing_fields_are_named),
		cmocka_unit_test(test_reading_mistyped_fields_are_named),
		cmocka_unit_test(test_reading_huge_exponent_is_non_finite),
		cmocka_unit_test(test_reading_value_that_underflows_is_refused_not_made_zero),
		cmocka_unit_test(test_reading_nan_and_infinity_literals_are_invalid_json),
		cmocka_unit_test(test_reading_integers_beyond_int64_are_out_of_range),
		cmocka_unit_test(test_reading_unit_is_limited_to_16_bytes),
		cmocka_unit_test(test_reading_unit_with_control_characters_is_refused_not_cleaned),
		cmocka_unit_test(test_reading_escaped_key_names_match),
		cmocka_unit_test(test_event_each_kind_is_parsed),
		cmocka_unit_test(test_event_unknown_name_is_echoed_safely),
		cmocka_unit_test(test_event_field_errors),
		cmocka_unit_test(test_event_detail_is_sanitised),
		cmocka_unit_test(test_event_detail_is_capped_at_a_character_boundary),
		cmocka_unit_test(test_status_online_and_offline_are_raw_text),
		cmocka_unit_test(test_status_anything_else_is_refused),
		cmocka_unit_test(test_status_empty_retained_message_clears_and_is_not_a_rejection),
		cmocka_unit_test(test_wind_is_parsed_with_the_station_code),
		cmocka_unit_test(test_wind_out_of_range_is_refused),
		cmocka_unit_test(test_wind_faster_than_any_typhoon_is_refused),
		cmocka_unit_test(test_unknown_topics_are_refused),
		cmocka_unit_test(test_topic_codes_must_be_1_to_64_safe_bytes),
		cmocka_unit_test(test_topic_with_bad_bytes_is_refused),
		cmocka_unit_test(test_topic_over_512_bytes_is_refused),
		cmocka_unit_test(test_prefix_may_have_several_levels),
		cmocka_unit_test(test_enterprise_named_weather_still_has_readings),
		cmocka_unit_test(test_payload_over_the_limit_is_refused),
		cmocka_unit_test(test_payload_invalid_utf8_is_refused),
		cmocka_unit_test(test_payload_must_be_a_json_object),
		cmocka_unit_test(test_invalid_json_reason_names_jansson_text_and_position),
		cmocka_unit_test(test_duplicate_keys_are_refused),
		cmocka_unit_test(test_control_characters_never_reach_the_reason),
		cmocka_unit_test(test_nul_bytes_inside_the_payload_are_refused),
		cmocka_unit_test(test_deep_nesting_is_refused_without_crashing),
		cmocka_unit_test(test_ts_too_far_in_the_future_is_refused),
		cmocka_unit_test(test_ts_older_than_the_past_window_is_refused),
		cmocka_unit_test(test_ts_window_comes_from_config_and_can_be_disabled),
		cmocka_unit_test(test_status_has_no_ts_so_it_is_never_too_old),
		cmocka_unit_test(test_small_reason_buffer_is_cut_at_a_character_boundary),
		cmocka_unit_test(test_a_rejected_message_then_an_accepted_one_leaves_no_residue),
		cmocka_unit_test(test_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
