/* test_alarm_state.c - alarm priorities, names, and the engine state's JSON round trip. */
#include "config.h"

#include "alarm_fixture.h"

/* -------------------------------------------------------------- priorities */

static void test_alarm_default_priorities_follow_the_documented_table(void **state)
{
	(void)state;
	enum pw_sensor_kind gas[] = {PW_KIND_NH3, PW_KIND_LEL, PW_KIND_CO, PW_KIND_H2S};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(pw_alarm_priority(NULL, gas[i], PW_COND_LIMIT, 2), 1);
		assert_int_equal(pw_alarm_priority(NULL, gas[i], PW_COND_LIMIT, 1), 2);
		assert_true(pw_sensor_kind_gas(gas[i]));
	}
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_O2, PW_COND_LIMIT, 1), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_O2, PW_COND_LIMIT, 2), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_O2, PW_COND_OPPOSITE, 1), 2);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_TEMP, PW_COND_LIMIT, 1), 3);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_TEMP, PW_COND_LIMIT, 2), 2);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_SMOKE, PW_COND_EVENT, 1), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_FLAME, PW_COND_EVENT, 1), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_CAMERA, PW_COND_EVENT, 1), 2);
	for (int k = 0; k < PW_KIND_COUNT; k++) {
		assert_int_equal(pw_alarm_priority(NULL, (enum pw_sensor_kind)k, PW_COND_TAMPER, 1), 2);
		assert_int_equal(pw_alarm_priority(NULL, (enum pw_sensor_kind)k, PW_COND_FAULT, 1), 4);
		assert_int_equal(pw_alarm_priority(NULL, (enum pw_sensor_kind)k, PW_COND_COMM, 1), 4);
	}
}

static void test_alarm_priority_table_overrides_defaults(void **state)
{
	(void)state;
	struct pw_priority_table t;
	pw_priority_table_defaults(&t);
	for (int k = 0; k < PW_KIND_COUNT; k++)
		for (int c = 0; c < PW_COND_COUNT; c++)
			for (int l = 1; l <= 2; l++)
				assert_int_equal(pw_alarm_priority(&t, (enum pw_sensor_kind)k, (enum pw_condition)c, l),
				                 pw_alarm_priority(NULL, (enum pw_sensor_kind)k, (enum pw_condition)c, l));
	t.prio[PW_KIND_NH3][PW_COND_LIMIT][0] = 1;   /* this site: ammonia L1 is critical */
	t.prio[PW_KIND_CO][PW_COND_LIMIT][0] = 0;    /* invalid cell: default applies */
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.prio = &t;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 31), 1);
	assert_int_equal(act[0].priority, 1);
	assert_int_equal(pw_alarm_priority(&t, PW_KIND_CO, PW_COND_LIMIT, 1), 2);
}

static void test_alarm_priority_labels_are_short_ascii_and_long_chinese(void **state)
{
	(void)state;
	assert_string_equal(pw_priority_label(1), "P1");
	assert_string_equal(pw_priority_label(2), "P2");
	assert_string_equal(pw_priority_label(3), "P3");
	assert_string_equal(pw_priority_label(4), "DIAG");
	assert_string_equal(pw_priority_label(0), "P?");
	assert_string_equal(pw_priority_label(5), "P?");
	assert_string_equal(pw_priority_label_zh(1), "P1 紧急");
	assert_string_equal(pw_priority_label_zh(4), "诊断");
	assert_string_equal(pw_priority_label_zh(-1), "未知");
}

static void test_alarm_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < PW_KIND_COUNT; k++) {
		enum pw_sensor_kind out;
		assert_int_equal(pw_sensor_kind_parse(pw_sensor_kind_name((enum pw_sensor_kind)k), &out), 0);
		assert_int_equal(out, k);
	}
	for (int c = 0; c < PW_COND_COUNT; c++) {
		enum pw_condition out;
		assert_int_equal(pw_condition_parse(pw_condition_name((enum pw_condition)c), &out), 0);
		assert_int_equal(out, c);
	}
	for (int s = PW_AST_UNACK; s <= PW_AST_SHELVED; s++) {
		enum pw_alarm_state out;
		assert_int_equal(pw_alarm_state_parse(pw_alarm_state_name((enum pw_alarm_state)s), &out), 0);
		assert_int_equal(out, s);
	}
	enum pw_direction dir;
	assert_int_equal(pw_direction_parse("low", &dir), 0);
	assert_int_equal(dir, PW_DIR_LOW);
	assert_int_equal(pw_direction_parse("up", &dir), -1);
	enum pw_sensor_kind k;
	assert_int_equal(pw_sensor_kind_parse("NH3", &k), -1);
	assert_int_equal(pw_sensor_kind_parse(NULL, &k), -1);
	enum pw_condition c;
	assert_int_equal(pw_condition_parse("alarm", &c), -1);
	assert_string_equal(pw_action_kind_name(PW_ACT_DEESCALATE), "deescalate");
	assert_string_equal(pw_condition_name(PW_COND_OPPOSITE), "opposite");
	assert_false(pw_sensor_kind_discrete(PW_KIND_O2));
	assert_true(pw_sensor_kind_discrete(PW_KIND_FLAME));
}

/* -------------------------------------------------------- state as JSON */

static void assert_eval_equal(const struct pw_sensor_eval *a, const struct pw_sensor_eval *b)
{
	assert_int_equal(a->limit.level, b->limit.level);
	assert_int_equal(a->limit.since[0], b->limit.since[0]);
	assert_int_equal(a->limit.since[1], b->limit.since[1]);
	assert_int_equal(a->opposite.level, b->opposite.level);
	assert_int_equal(a->opposite.since[0], b->opposite.since[0]);
	assert_int_equal(a->opposite.since[1], b->opposite.since[1]);
	assert_int_equal(a->event_active, b->event_active);
	assert_int_equal(a->tamper_active, b->tamper_active);
	assert_int_equal(a->fault_active, b->fault_active);
	assert_int_equal(a->comm_active, b->comm_active);
	assert_int_equal(a->comm_by_status, b->comm_by_status);
	assert_int_equal(a->has_value, b->has_value);
	if (a->has_value)
		assert_memory_equal(&a->last_value, &b->last_value, sizeof a->last_value);
	assert_int_equal(a->last_ts, b->last_ts);
	assert_int_equal(a->last_event_ts, b->last_event_ts);
	assert_int_equal(a->last_heard, b->last_heard);
	assert_int_equal(a->online, b->online);
}

static void round_trip(const struct pw_sensor_eval *e)
{
	char *s = pw_alarm_state_to_json(e);
	struct pw_sensor_eval back;
	if (pw_alarm_state_from_json(s, &back) != 0)
		fail_msg("state did not parse back: %s", s);
	assert_eval_equal(e, &back);
	free(s);
}

static void test_alarm_state_json_round_trip_is_exact(void **state)
{
	(void)state;
	struct pw_sensor_eval e;
	pw_sensor_eval_init(&e);
	round_trip(&e);
	e.limit.level = 1;
	e.limit.since[1] = T0 - 5;
	e.opposite.since[0] = -7;
	e.event_active = e.fault_active = e.comm_active = e.comm_by_status = true;
	e.has_value = true;
	e.last_value = 0.1 + 0.2;   /* not representable in few digits */
	e.last_ts = T0;
	e.last_event_ts = T0 + 1;
	e.last_heard = INT64_MAX;
	e.online = 0;
	round_trip(&e);
	e.last_value = -1e-300;
	e.online = 1;
	e.tamper_active = true;
	e.opposite.level = 1;
	round_trip(&e);
	e.last_value = 42;   /* integral: must still come back as this double */
	round_trip(&e);
}

static void test_alarm_state_json_continues_evaluation_identically(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval a, b;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&a);
	reading(&d, &a, T0, 40);
	reading(&d, &a, T0 + 10 * SEC, 70);
	char *s = pw_alarm_state_to_json(&a);
	assert_int_equal(pw_alarm_state_from_json(s, &b), 0);
	free(s);
	struct pw_alarm_action first[PW_ALARM_MAX_ACTIONS];
	int n = tick(&d, &a, T0 + 60 * SEC);
	memcpy(first, act, sizeof act);
	assert_int_equal(tick(&d, &b, T0 + 60 * SEC), n);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		assert_int_equal(first[i].kind, act[i].kind);
		assert_int_equal(first[i].ts, act[i].ts);
		assert_string_equal(first[i].message, act[i].message);
	}
}

static void test_alarm_state_json_empty_or_null_is_a_fresh_state(void **state)
{
	(void)state;
	struct pw_sensor_eval e, fresh;
	pw_sensor_eval_init(&fresh);
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(pw_alarm_state_from_json(NULL, &e), 0);
	assert_eval_equal(&e, &fresh);
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(pw_alarm_state_from_json("", &e), 0);
	assert_eval_equal(&e, &fresh);
	/* a minimal object (older writer) fills the rest with defaults */
	assert_int_equal(pw_alarm_state_from_json("{\"v\":1}", &e), 0);
	assert_eval_equal(&e, &fresh);
}

static void test_alarm_state_json_damaged_text_is_refused_with_a_fresh_state(void **state)
{
	(void)state;
	const char *bad[] = {
		"{", "[]", "null", "{\"v\":2}", "{\"v\":\"1\"}", "{}",
		"{\"v\":1,\"limit\":{\"level\":3}}",
		"{\"v\":1,\"limit\":{\"level\":-1}}",
		"{\"v\":1,\"limit\":{\"since\":[1]}}",
		"{\"v\":1,\"limit\":{\"since\":[\"x\",null]}}",
		"{\"v\":1,\"limit\":[]}",
		"{\"v\":1,\"event\":1}",
		"{\"v\":1,\"last_ts\":1.5}",
		"{\"v\":1,\"last_ts\":-9223372036854775808}",
		"{\"v\":1,\"last_value\":\"3\"}",
		"{\"v\":1,\"online\":1}",
		"{\"v\":1,\"v\":1}",
		"{\"v\":1} trailing",
	};
	struct pw_sensor_eval e, fresh;
	pw_sensor_eval_init(&fresh);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0x5a, sizeof e);
		if (pw_alarm_state_from_json(bad[i], &e) != -1)
			fail_msg("accepted damaged state %s", bad[i]);
		assert_eval_equal(&e, &fresh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alarm_default_priorities_follow_the_documented_table),
		cmocka_unit_test(test_alarm_priority_table_overrides_defaults),
		cmocka_unit_test(test_alarm_priority_labels_are_short_ascii_and_long_chinese),
		cmocka_unit_test(test_alarm_names_round_trip),
		cmocka_unit_test(test_alarm_state_json_round_trip_is_exact),
		cmocka_unit_test(test_alarm_state_json_continues_evaluation_identically),
		cmocka_unit_test(test_alarm_state_json_empty_or_null_is_a_fresh_state),
		cmocka_unit_test(test_alarm_state_json_damaged_text_is_refused_with_a_fresh_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
