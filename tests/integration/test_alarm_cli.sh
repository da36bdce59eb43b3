#!/bin/bash
# `alarm ack` / `alarm shelve` (CONTRACT.md section 1): a real alarm raised
# through the broker and the recorder, then acknowledged, shelved and
# unshelved from the command line; every action in `query duty`; unknown ids
# and illegal actions exit 1 with why and change nothing; bad usage exits 2.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
export PARKWATCH_OPERATOR=tester

# Field named COL of the first line of `query TABLE` whose field KEYCOL is KEY.
# (awk reads to the end: an early exit would kill the writer with SIGPIPE.)
query_field()
{
	local table=$1 keycol=$2 key=$3 col=$4
	"$PW" query "$table" | awk -F '\t' -v k="$keycol" -v v="$key" -v c="$col" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx[k] == v && !done { print $idx[c]; done = 1 }'
}

# A park with at least one high-direction gas sensor with two limits: the
# seeded demo park when `seed` exists, else one enterprise made by hand.
make_park()
{
	assert_exit 0 "$PW" db init
	run "$PW" seed --enterprises 20 --seed 7
	if [ "$RUN_RC" = 0 ]; then
		SENSOR=$("$PW" query sensors | awk -F '\t' '
			NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
			($idx["kind"] == "nh3" || $idx["kind"] == "lel") && $idx["direction"] == "high" &&
			$idx["l1"] != "" && $idx["l2"] != "" && !done { print $idx["code"]; done = 1 }')
		[ -n "$SENSOR" ] || fail "the seeded park has no high gas sensor with two limits"
	else
		command -v sqlite3 >/dev/null || skip "no seed subcommand and no sqlite3 to make a park"
		note "seed not available ($RUN_ERR); making a one-sensor park with sqlite3"
		sqlite3 "$PARKWATCH_DB" "
			INSERT INTO enterprises (code, name, industry, zone, created_at, updated_at)
			VALUES ('E0001', 'test works', 'cold storage', 'north', 0, 0);
			INSERT INTO sensors (code, enterprise_id, kind, unit, l1, l2, deadband)
			VALUES ('E0001-NH3-01', 1, 'nh3', 'mg/m3', 20, 30, 1);"
		SENSOR=E0001-NH3-01
	fi
	ENTERPRISE=$(query_field sensors code "$SENSOR" enterprise_code)
	UNIT=$(query_field sensors code "$SENSOR" unit)
	L1=$(query_field sensors code "$SENSOR" l1)
	L2=$(query_field sensors code "$SENSOR" l2)
	note "sensor $SENSOR of $ENTERPRISE: l1 $L1 l2 $L2 $UNIT"
}

# Publish one reading of $SENSOR at QoS 1, AGO_MS (default 0) in the past.
# A reading dated longer ago than the sensor's on-delay raises at once.
publish_reading()
{
	local value=$1 ts
	ts=$(($(date +%s%3N) - ${2:-0}))
	mqtt_pub -q 1 -t "park/$ENTERPRISE/$SENSOR/reading" \
		-m "{\"ts\": $ts, \"value\": $value, \"unit\": \"$UNIT\"}"
}

# Not `wait_until N test "$(...)" = x`: the shell expands $(...) once, before waiting.
alarm_state_is() { test "$(query_field alarms id "$1" state)" = "$2"; }
open_alarm_state() { query_field alarms sensor_code "$SENSOR" state; }
has_alarm() { test -n "$(query_field alarms sensor_code "$SENSOR" id)"; }

# Raise a real alarm through broker + recorder; sets ALARM. Skips when this
# build has no recorder.
raise_alarm_through_the_recorder()
{
	run "$PW" record --help
	[ "$RUN_RC" = 0 ] || skip "record is not available in this build"
	broker_start
	bg_start rec "$PW" --broker "$BROKER_URL" record
	wait_until 10 grep -q 'link up' "$(bg_log rec)" || fail "recorder did not connect: $(cat "$(bg_log rec)")"
	# "link up" is the CONNACK; the subscription may still be on its way, so
	# publish again until the reading lands (each a new ts: no duplicates).
	local i
	for ((i = 0; i < 20; i++)); do
		publish_reading "$(awk -v l="$L2" 'BEGIN { print l * 2 }')" 30000
		wait_until 1 has_alarm && break
	done
	has_alarm || fail "no alarm for $SENSOR: $(cat "$(bg_log rec)")"
	ALARM=$(query_field alarms sensor_code "$SENSOR" id)
	assert_eq unack "$(open_alarm_state)" "a new alarm is unacknowledged"
	assert_eq 1 "$(query_field alarms id "$ALARM" priority)" "a gas L2 alarm is priority 1"
}

test_bad_usage_exits_2()
{
	assert_exit 2 "$PW" alarm
	assert_exit 2 "$PW" alarm silence 1
	assert_exit 2 "$PW" alarm ack
	assert_exit 2 "$PW" alarm ack twelve
	assert_exit 2 "$PW" alarm shelve 1 --reason "maintenance"
	assert_contains "$RUN_ERR" "--for" "says --for is missing"
	assert_exit 2 "$PW" alarm shelve 1 --for 30
	assert_contains "$RUN_ERR" "--reason" "says --reason is missing"
	assert_exit 2 "$PW" alarm shelve 1 --for 0 --reason x
	assert_exit 2 "$PW" alarm shelve 1 --for 1441 --reason x
	assert_exit 2 "$PW" alarm shelve 1 --for 30 --reason "   "
}

test_unknown_alarm_exits_1_with_one_line()
{
	assert_exit 1 "$PW" alarm ack 99999
	assert_eq "parkwatch: alarm ack: no alarm 99999" "$RUN_ERR"
	assert_exit 1 "$PW" alarm shelve 99999 --for 10 --reason "maintenance"
	assert_eq "parkwatch: alarm shelve: no alarm 99999" "$RUN_ERR"
}

test_ack_shelve_unshelve_are_logged_in_the_duty_log()
{
	assert_exit 0 "$PW" alarm ack "$ALARM" --comment "checked on site" --operator zhang
	assert_eq "alarm $ALARM: ack" "$RUN_OUT"
	assert_eq ack "$(query_field alarms id "$ALARM" state)"
	assert_eq zhang "$(query_field alarms id "$ALARM" acked_by)"
	assert_match "$("$PW" query duty)" "	zhang	alarm	ack alarm $ALARM \\($SENSOR P1\\): checked on site(	|$)"

	assert_exit 1 "$PW" alarm ack "$ALARM"
	assert_eq "parkwatch: alarm ack: alarm $ALARM is already acknowledged" "$RUN_ERR"

	assert_exit 0 "$PW" alarm shelve "$ALARM" --for 30 --reason "detector being calibrated"
	assert_match "$RUN_OUT" "^alarm $ALARM: shelved until [0-9-]+T[0-9:]+[+-][0-9:]+$"
	assert_eq shelved "$(query_field alarms id "$ALARM" state)"
	assert_match "$("$PW" query duty)" "	tester	alarm	shelve alarm $ALARM \\($SENSOR P1\\) for 30 min until .*: detector being calibrated(	|$)"

	assert_exit 0 "$PW" alarm unshelve "$ALARM"
	assert_eq "alarm $ALARM: ack" "$RUN_OUT"
	assert_exit 1 "$PW" alarm unshelve "$ALARM"
	assert_contains "$RUN_ERR" "is not shelved"
}

test_returned_acknowledged_alarm_is_cleared_and_refuses_further_actions()
{
	local before
	publish_reading 0
	wait_until 10 alarm_state_is "$ALARM" cleared ||
		fail "alarm $ALARM did not clear: $(query_field alarms id "$ALARM" state)"
	before=$("$PW" query duty | wc -l)
	assert_exit 1 "$PW" alarm ack "$ALARM"
	assert_eq "parkwatch: alarm ack: alarm $ALARM is cleared" "$RUN_ERR"
	assert_exit 1 "$PW" alarm shelve "$ALARM" --for 5 --reason "too late"
	assert_eq "parkwatch: alarm shelve: alarm $ALARM is cleared" "$RUN_ERR"
	assert_eq "$before" "$("$PW" query duty | wc -l)" "refused actions write nothing"
	bg_stop rec
	assert_eq 0 "$BG_STATUS" "recorder exits 0 on SIGTERM"
	assert_exit 0 "$PW" db check
}

make_park
test_bad_usage_exits_2
test_unknown_alarm_exits_1_with_one_line
raise_alarm_through_the_recorder
test_ack_shelve_unshelve_are_logged_in_the_duty_log
test_returned_acknowledged_alarm_is_cleared_and_refuses_further_actions
