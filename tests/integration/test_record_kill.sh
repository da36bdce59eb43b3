#!/bin/bash
# Nothing acknowledged is lost (issue 13): the recorder acknowledges a QoS 1
# message only after the transaction that stores it has committed. Several
# publishers send QoS 1 readings to a persistent broker (persistence on, no
# limit on queued messages), the recorder (fixed client id, persistent
# session) is killed with SIGKILL mid-stream and started again: every
# reading the broker accepted ends up in the database, each once. A crash
# leaves the retained last will "offline"; a clean exit afterwards leaves
# no retained presence behind.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
CLIENT_ID="pwtest-kill-$$"
PUBLISHERS=4
PER_PUBLISHER=2500
TOTAL=$((PUBLISHERS * PER_PUBLISHER))

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 20 --seed 3
# One high-direction sensor per publisher: (sensor, ts) identifies a reading.
mapfile -t SENSORS < <("$PW" query sensors | awk -F '\t' -v n="$PUBLISHERS" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["direction"] == "high" && $idx["unit"] != "" && k < n { print $idx["enterprise_code"] "/" $idx["code"]; k++ }')
[ "${#SENSORS[@]}" -eq "$PUBLISHERS" ] || fail "the seeded park has fewer than $PUBLISHERS sensors"
T0=$(($(date +%s%3N) - 3600000))
stored() { "$PW" query readings | awk -F '\t' -v t="$T0" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["ts_ms"] >= t { n++ } END { print n + 0 }'; }
stored_at_least() { [ "$(stored)" -ge "$1" ]; }

# The broker keeps everything queued for the recorder's session.
BROKER_CONF_EXTRA="max_queued_messages 0"
broker_start
start_recorder()
{
	bg_start "$1" "$PW" --broker "$BROKER_URL" record --client-id "$CLIENT_ID" --stats-every 1
	wait_until 15 grep -q "link up" "$(bg_log "$1")" || fail "record did not connect: $(cat "$(bg_log "$1")")"
}
start_recorder rec1

# Publishers: QoS 1, one line a message, as fast as the broker takes them.
for ((p = 0; p < PUBLISHERS; p++)); do
	awk -v t="$T0" -v n="$PER_PUBLISHER" 'BEGIN {
		for (i = 0; i < n; i++) printf "{\"ts\": %.0f, \"value\": 0.1}\n", t + i }' >"$D/pub$p.txt"
done
# (bg_start gives its command /dev/null as stdin: the file goes through sh.)
for ((p = 0; p < PUBLISHERS; p++)); do
	bg_start "pub$p" sh -c 'exec mosquitto_pub -h 127.0.0.1 -p "$1" -q 1 -l -t "$2" <"$3"' \
		sh "$BROKER_PORT" "park/${SENSORS[$p]}/reading" "$D/pub$p.txt"
done

# Mid-stream: some readings are stored, the rest are on their way.
wait_until 60 stored_at_least 200 || fail "record stored nothing: $(tail -n 5 "$(bg_log rec1)")"
bg_stop rec1 KILL
AT_KILL=$(stored)
note "stored when killed: $AT_KILL of $TOTAL"

# The crash left the retained will.
run mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -v -t 'parkwatch/presence/recorder/#' --retained-only -W 2
assert_match "$RUN_OUT" "^parkwatch/presence/recorder/[^ ]+ offline$" "the crash's retained will"

# Every publisher finished: the broker accepted (acknowledged) all of them.
for ((p = 0; p < PUBLISHERS; p++)); do
	wait_until 120 bash -c "! kill -0 $(bg_pid "pub$p") 2>/dev/null" || fail "publisher $p did not finish"
	bg_stop "pub$p"
	assert_eq 0 "$BG_STATUS" "publisher $p exit status"
done

# The recorder comes back with the same client id: everything arrives once.
start_recorder rec2
wait_until 180 stored_at_least "$TOTAL" ||
	fail "after a kill -9 only $(stored) of $TOTAL acknowledged readings were stored: $(tail -n 3 "$(bg_log rec2)")"
sleep 1
assert_eq "$TOTAL" "$(stored)" "readings stored, each once"
assert_eq 0 "$("$PW" query rejected | awk 'NR > 1' | wc -l)" "rejections"

# A clean exit clears its retained presence (no "offline" left behind).
bg_stop rec2 TERM
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"
run mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -v -t 'parkwatch/presence/recorder/#' --retained-only -W 2
assert_eq "" "$RUN_OUT" "retained presence after a clean exit"
assert_exit 0 "$PW" db check
exit 0
