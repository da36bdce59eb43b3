#!/bin/bash
# SIGHUP, as when the SSH session of a foreground `parkwatch record` is
# closed, stops the recorder like SIGTERM (issue 13): what it received is
# committed, it exits 0, its retained presence is cleared, and the readings
# it had not received yet are delivered to it at its next start (QoS 1,
# persistent session): all of them stored, each once.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
CLIENT_ID="pwtest-hup-$$"
COUNT=3000

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 5
TOPIC=$("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["direction"] == "high" && $idx["unit"] != "" && !done { print "park/" $idx["enterprise_code"] "/" $idx["code"] "/reading"; done = 1 }')
[ -n "$TOPIC" ] || fail "the seeded park has no gas sensor"
T0=$(($(date +%s%3N) - 3600000))
stored() { "$PW" query readings | awk -F '\t' -v t="$T0" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["ts_ms"] >= t { n++ } END { print n + 0 }'; }
stored_at_least() { [ "$(stored)" -ge "$1" ]; }

BROKER_CONF_EXTRA="max_queued_messages 0"
broker_start
start_recorder()
{
	bg_start "$1" "$PW" --broker "$BROKER_URL" record --client-id "$CLIENT_ID"
	wait_until 15 grep -q "link up" "$(bg_log "$1")" || fail "record did not connect: $(cat "$(bg_log "$1")")"
}
start_recorder rec1

# A steady stream (100 readings every 50 ms), so the signal comes mid-stream.
bg_start pub sh -c 'awk -v t="$3" -v n="$4" "BEGIN {
	for (i = 0; i < n; i++) {
		printf \"{\\\"ts\\\": %.0f, \\\"value\\\": 0.1}\\n\", t + i
		if (i % 100 == 99) { fflush(); system(\"sleep 0.05\") }
	} }" | mosquitto_pub -h 127.0.0.1 -p "$1" -q 1 -l -t "$2"' sh "$BROKER_PORT" "$TOPIC" "$T0" "$COUNT"
wait_until 60 stored_at_least 100 || fail "record stored nothing: $(cat "$(bg_log rec1)")"

# SIGHUP mid-stream: flushed, exit 0.
bg_stop rec1 HUP
assert_eq 0 "$BG_STATUS" "record's exit status after SIGHUP"
STOPPED=$(grep -oE 'stopped: [0-9]+ readings' "$(bg_log rec1)" | grep -oE '[0-9]+')
[ -n "$STOPPED" ] || fail "no final stats line after SIGHUP: $(cat "$(bg_log rec1)")"
AT_HUP=$(stored)
note "stored at SIGHUP: $AT_HUP of $COUNT (the recorder counted $STOPPED)"
assert_eq "$STOPPED" "$AT_HUP" "everything the recorder received is in the database"
run mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -v -t 'parkwatch/presence/recorder/#' --retained-only -W 2
assert_eq "" "$RUN_OUT" "retained presence after SIGHUP"

wait_until 120 bash -c "! kill -0 $(bg_pid pub) 2>/dev/null" || fail "the publisher did not finish"
bg_stop pub
assert_eq 0 "$BG_STATUS" "the publisher's exit status"
start_recorder rec2
wait_until 120 stored_at_least "$COUNT" || fail "only $(stored) of $COUNT readings stored after the restart"
sleep 1
assert_eq "$COUNT" "$(stored)" "readings stored, each once"
bg_stop rec2 HUP
assert_eq 0 "$BG_STATUS" "record's exit status after SIGHUP"
exit 0
