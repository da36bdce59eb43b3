/* test_mqtt_url.c - broker URL parsing and password redaction. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/mqtt_url.h"

/* Parse URL expecting success. */
static void parse_ok(const char *url, struct pw_mqtt_url *u)
{
	char *err = NULL;
	int rc = pw_mqtt_url_parse(url, u, &err);
	if (rc != 0)
		fail_msg("'%s' refused: %s", url, err ? err : "(no reason)");
	assert_null(err);
}

/* Parse URL expecting failure whose reason contains WANT and no secret. */
static void parse_bad(const char *url, const char *want)
{
	struct pw_mqtt_url u;
	char *err = NULL;
	assert_int_equal(pw_mqtt_url_parse(url, &u, &err), -1);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("'%s': reason '%s' lacks '%s'", url, err, want);
	assert_null(strstr(err, "s3cret"));
	assert_null(u.host);
	assert_null(u.password);
	free(err);
}

static void test_plain_url_defaults_to_port_1883(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("mqtt://broker.example", &u);
	assert_false(u.tls);
	assert_string_equal(u.host, "broker.example");
	assert_int_equal(u.port, 1883);
	assert_null(u.username);
	assert_null(u.password);
	pw_mqtt_url_free(&u);
}

static void test_tls_url_defaults_to_port_8883(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("MQTTS://10.0.0.5", &u);
	assert_true(u.tls);
	assert_int_equal(u.port, 8883);
	pw_mqtt_url_free(&u);
	parse_ok("mqtts://10.0.0.5:18883/", &u);
	assert_int_equal(u.port, 18883);
	pw_mqtt_url_free(&u);
}

static void test_user_and_password_are_percent_decoded(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("mqtt://duty%20room:p%40ss%3Aw0rd@127.0.0.1:1884", &u);
	assert_string_equal(u.username, "duty room");
	assert_string_equal(u.password, "p@ss:w0rd");
	assert_string_equal(u.host, "127.0.0.1");
	assert_int_equal(u.port, 1884);
	pw_mqtt_url_free(&u);
}

static void test_raw_at_sign_in_password_splits_at_last_at(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("mqtt://ops:a@b@host", &u);
	assert_string_equal(u.username, "ops");
	assert_string_equal(u.password, "a@b");
	assert_string_equal(u.host, "host");
	pw_mqtt_url_free(&u);
}

static void test_user_without_password_and_empty_password_differ(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("mqtt://ops@host", &u);
	assert_string_equal(u.username, "ops");
	assert_null(u.password);
	pw_mqtt_url_free(&u);
	parse_ok("mqtt://ops:@host", &u);
	assert_string_equal(u.password, "");
	pw_mqtt_url_free(&u);
}

static void test_ipv6_literal_in_brackets(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("mqtt://[::1]:2883", &u);
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 2883);
	char *ep = pw_mqtt_url_endpoint(&u);
	assert_string_equal(ep, "[::1]:2883");
	free(ep);
	pw_mqtt_url_free(&u);
	parse_ok("mqtts://u:p@[fe80::1:2]", &u);
	assert_string_equal(u.host, "fe80::1:2");
	assert_int_equal(u.port, 8883);
	pw_mqtt_url_free(&u);
}

static void test_bad_urls_are_refused_with_a_reason(void **state)
{
	(void)state;
	parse_bad("", "empty");
	parse_bad("broker:1883", "not a broker URL");
	parse_bad("http://u:s3cret@host", "unsupported scheme 'http'");
	parse_bad("mqtt://", "missing host");
	parse_bad("mqtt://u:s3cret@", "missing host");
	parse_bad("mqtt://u:s3cret@:1883", "missing host");
	parse_bad("mqtt://host:0", "invalid port '0'");
	parse_bad("mqtt://host:65536", "invalid port");
	parse_bad("mqtt://host:", "invalid port ''");
	parse_bad("mqtt://host:12a", "invalid port");
	parse_bad("mqtt://host:+80", "invalid port");
	parse_bad("mqtt://ho st", "invalid character in host");
	parse_bad("mqtt://[::1", "unterminated IPv6");
	parse_bad("mqtt://[zz::1]", "invalid IPv6");
	parse_bad("mqtt://[::1]x", "unexpected text");
	parse_bad("mqtt://host/topic", "path");
	parse_bad("mqtt://host?x=1", "query");
	parse_bad("mqtt://u:s3cret%4@host", "password: invalid percent escape");
	parse_bad("mqtt://u:s3cret%zz@host", "password: invalid percent escape");
	parse_bad("mqtt://u%00:s3cret@host", "user name: %00");
	parse_bad("mqtt://u%1b:s3cret@host", "control characters");
	parse_bad("mqtt://u%ff:s3cret@host", "not valid UTF-8");
}

static void test_redact_hides_the_password_only(void **state)
{
	(void)state;
	char *r = pw_mqtt_url_redact("mqtt://ops:s3cret@broker:1883");
	assert_string_equal(r, "mqtt://ops:***@broker:1883");
	free(r);
	r = pw_mqtt_url_redact("mqtts://ops@broker");
	assert_string_equal(r, "mqtts://ops@broker");
	free(r);
	r = pw_mqtt_url_redact("mqtt://ops:a@s3cret@[::1]:1");
	assert_string_equal(r, "mqtt://ops:***@[::1]:1");
	free(r);
	/* Not even a valid URL: still no secret, and no escape sequences. */
	r = pw_mqtt_url_redact("junk\033[2J:s3cret@x");
	assert_null(strstr(r, "s3cret"));
	assert_null(strchr(r, '\033'));
	free(r);
	r = pw_mqtt_url_redact(NULL);
	assert_string_equal(r, "");
	free(r);
}

static void test_password_with_slash_query_or_hash_is_parsed_and_never_quoted(void **state)
{
	(void)state;
	struct pw_mqtt_url u;
	parse_ok("mqtt://user:pa/ss#@host", &u);
	assert_string_equal(u.username, "user");
	assert_string_equal(u.password, "pa/ss#");
	assert_string_equal(u.host, "host");
	assert_int_equal(u.port, 1883);
	pw_mqtt_url_free(&u);
	parse_ok("mqtts://user:a?b/c#d@e@broker.example:8884/", &u);
	assert_string_equal(u.password, "a?b/c#d@e");
	assert_int_equal(u.port, 8884);
	pw_mqtt_url_free(&u);
	/* errors about such URLs quote none of it */
	static const char *bad[] = {"mqtt://user:s3/cret@host/topic", "mqtt://user:s3#cret@ho st",
	                            "mqtt://user:s3cret", "mqtt://user:s3/cret", "u:s3cret://host",
	                            "mqtt://user:s3cret@host:99999x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = NULL;
		assert_int_equal(pw_mqtt_url_parse(bad[i], &u, &err), -1);
		if (strstr(err, "s3") || strstr(err, "cret"))
			fail_msg("'%s' quoted in '%s'", bad[i], err);
		free(err);
	}
}

static void test_redact_hides_a_password_whatever_it_contains(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"mqtt://user:pa/ss#@host", "mqtt://user:***@host"},
		{"mqtt://user:pa?ss@host:1883", "mqtt://user:***@host:1883"},
		{"mqtts://u:a@b/c?d#e@[::1]:8883/", "mqtts://u:***@[::1]:8883/"},
		{"mqtt://u:x://y@host", "mqtt://u:***@host"},
		/* no '@': what is not a port after the ':' may be a password */
		{"mqtt://user:s3/cret", "mqtt://user:***"},
		{"mqtt://host:1883", "mqtt://host:1883"},
		{"mqtt://host:1883/", "mqtt://host:1883/"},
		{"mqtt://[::1]:1883", "mqtt://[::1]:1883"},
		{"mqtt://user@host", "mqtt://user@host"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *r = pw_mqtt_url_redact(cases[i].in);
		if (strcmp(r, cases[i].out) != 0)
			fail_msg("redact '%s' -> '%s', want '%s'", cases[i].in, r, cases[i].out);
		free(r);
	}
	assert_true(pw_mqtt_url_has_password("mqtt://u:p/q@h"));
	assert_true(pw_mqtt_url_has_password("mqtt://u:@h"));
	assert_false(pw_mqtt_url_has_password("mqtt://u@h:1"));
	assert_false(pw_mqtt_url_has_password(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_url_defaults_to_port_1883),
		cmocka_unit_test(test_tls_url_defaults_to_port_8883),
		cmocka_unit_test(test_user_and_password_are_percent_decoded),
		cmocka_unit_test(test_raw_at_sign_in_password_splits_at_last_at),
		cmocka_unit_test(test_user_without_password_and_empty_password_differ),
		cmocka_unit_test(test_ipv6_literal_in_brackets),
		cmocka_unit_test(test_bad_urls_are_refused_with_a_reason),
		cmocka_unit_test(test_redact_hides_the_password_only),
		cmocka_unit_test(test_password_with_slash_query_or_hash_is_parsed_and_never_quoted),
		cmocka_unit_test(test_redact_hides_a_password_whatever_it_contains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
