/*
 * fuzz_payload.c - libFuzzer harness for pw_msg_parse() and, for what it
 * accepts, the alarm engine and its JSON state.
 *
 * Input: "<topic>\n<payload>" (or a NUL instead of the newline); no
 * separator means the whole input is the topic and the payload is empty.
 * Beyond "does not crash", it checks the parser's promises: accepted
 * messages carry valid codes, finite numbers and displayable text; a
 * rejection always has a displayable reason. A broken promise traps.
 *
 * Run: ./tests/fuzz/fuzz_payload -max_total_time=20 NEWDIR tests/fuzz/corpus/payload
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/alarm.h"
#include "parkwatch/payload.h"
#include "parkwatch/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1764318300000LL

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

/* Valid UTF-8 with no C0 control or DEL: what may reach a terminal. */
static int displayable(const char *s)
{
	size_t n = strlen(s);
	if (!pw_utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static void check_msg(const struct pw_msg *m)
{
	check(m->kind == PW_MSG_WIND || pw_code_valid(m->enterprise, strlen(m->enterprise)));
	check(pw_code_valid(m->sensor, strlen(m->sensor)));
	check(strlen(m->unit) <= PW_UNIT_MAX && displayable(m->unit));
	check(strlen(m->detail) <= PW_DETAIL_MAX && displayable(m->detail));
	check(isfinite(m->value) && isfinite(m->dir_deg) && isfinite(m->speed_ms));
	if (m->kind == PW_MSG_WIND)
		check(m->dir_deg >= 0 && m->dir_deg <= 360 && m->speed_ms >= 0);
}

/* Drive a fresh O2-style sensor (both directions, deadband, on-delay) with the message. */
static void feed_engine(const struct pw_msg *m)
{
	struct pw_sensor_def d;
	struct pw_sensor_eval ev, back;
	struct pw_alarm_action act[PW_ALARM_MAX_ACTIONS];
	pw_sensor_def_init(&d, PW_KIND_O2);
	d.direction = PW_DIR_LOW;
	d.has_l1 = d.has_l2 = d.has_opposite = true;
	d.l1 = 19.5;
	d.l2 = 18;
	d.opposite_l1 = 23.5;
	d.deadband = 0.2;
	d.on_delay_ms = 5000;
	pw_sensor_eval_init(&ev);
	int n = 0;
	if (m->kind == PW_MSG_READING)
		n = pw_alarm_feed_reading(&d, &ev, m->ts, m->value, act, PW_ALARM_MAX_ACTIONS);
	else if (m->kind == PW_MSG_EVENT)
		n = pw_alarm_feed_event(&d, &ev, m->ts, m->event, m->detail, act, PW_ALARM_MAX_ACTIONS);
	else if (m->kind == PW_MSG_STATUS)
		n = pw_alarm_feed_status(&d, &ev, m->ts, m->online, act, PW_ALARM_MAX_ACTIONS);
	check(n >= 0 && n <= PW_ALARM_MAX_ACTIONS);
	for (int i = 0; i < n; i++)
		check(act[i].priority >= 1 && act[i].priority <= 4 && displayable(act[i].message));
	n = pw_alarm_tick(&d, &ev, m->ts + 10000, act, PW_ALARM_MAX_ACTIONS);
	check(n >= 0 && n <= PW_ALARM_MAX_ACTIONS);
	char *json = pw_alarm_state_to_json(&ev);
	check(pw_alarm_state_from_json(json, &back) == 0);
	free(json);
	check(back.last_ts == ev.last_ts && back.limit.level == ev.limit.level);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t split = 0;
	while (split < size && data[split] != '\n' && data[split] != '\0')
		split++;
	char *topic = malloc(split + 1);
	if (topic == NULL)
		return 0;
	memcpy(topic, data, split);
	topic[split] = '\0';
	size_t plen = split < size ? size - split - 1 : 0;
	/* an exact-size copy, not NUL-terminated, so any over-read is caught */
	uint8_t *payload = malloc(plen ? plen : 1);
	if (payload == NULL) {
		free(topic);
		return 0;
	}
	if (plen)
		memcpy(payload, data + split + 1, plen);

	struct pw_msg m;
	char reason[PW_MSG_REASON_SZ];
	int rc = pw_msg_parse(topic, payload, plen, "park", NOW, NULL, &m, reason, sizeof reason);
	if (rc == 0) {
		check(reason[0] == '\0');
		check_msg(&m);
		feed_engine(&m);
	} else if (rc == PW_MSG_CLEARED) {
		check(m.kind == PW_MSG_STATUS && plen == 0 && displayable(reason));
	} else {
		check(rc == -1);
		check(reason[0] != '\0' && displayable(reason));
	}
	free(payload);
	free(topic);
	return 0;
}
