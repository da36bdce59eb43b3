#!/bin/bash
# `parkwatch record` against a real mosquitto (CONTRACT.md sections 1-2):
# valid readings stored, an L2 reading raises a P1 alarm, duplicates stored
# once, every malformed class rejected with its reason while the valid
# reading after it is still stored, presence online/offline, SIGTERM exits 0,
# and nothing published at QoS 1 is lost or doubled across a recorder restart
# (persistent session) or a broker restart (persistence on).
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
CLIENT_ID="pwtest-record-$$"

# (No early exit in the readers below: with pipefail, a writer killed by
# SIGPIPE would fail the test.)

# Field COL of the first row of `query TABLE` whose KEYCOL is KEY.
query_field()
{
	"$PW" query "$1" | awk -F '\t' -v k="$2" -v v="$3" -v c="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx[k] == v && !done { print $idx[c]; done = 1 }'
}

# Rows of `query TABLE` whose column KEYCOL is KEY.
count_rows()
{
	"$PW" query "$1" | awk -F '\t' -v k="$2" -v v="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx[k] == v { n++ } END { print n + 0 }'
}

reading_count() { count_rows readings sensor_code "$SENSOR"; }
readings_at() { "$PW" query readings | awk -F '\t' -v s="$SENSOR" -v t="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["sensor_code"] == s && $idx["ts_ms"] == t { n++ } END { print n + 0 }'; }
has_reading_at() { [ "$(readings_at "$1")" -ge 1 ]; }
has_rejected() { "$PW" query rejected | grep -F -- "$1" >/dev/null; }
log_has() { grep -qE -- "$2" "$(bg_log "$1")"; }
link_ups() { grep -c "link up" "$(bg_log "$1")" || true; }
# For wait_until, which re-runs a command (not a $(...) expanded once):
has_alarm() { test -n "$(query_field alarms sensor_code "$SENSOR" id)"; }
readings_at_least() { test "$(reading_count)" -ge "$1"; }
link_ups_at_least() { test "$(link_ups "$1")" -ge "$2"; }

TS=$(($(date +%s%3N) - 60000))   # distinct, increasing reading times
next_ts() { TS=$((TS + 1)); }
reading() { printf '{"ts": %s, "value": %s, "unit": "%s"}' "$1" "$2" "$UNIT"; }

start_recorder()
{
	local name=$1
	bg_start "$name" "$PW" --broker "$BROKER_URL" record --client-id "$CLIENT_ID"
	wait_until 10 log_has "$name" "link up" || fail "recorder did not connect: $(cat "$(bg_log "$name")")"
}

# ---- a park and a broker
assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 20 --seed 1
SENSOR=$("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["kind"] == "nh3" && $idx["direction"] == "high" && $idx["l2"] != "" && !done { print $idx["code"]; done = 1 }')
[ -n "$SENSOR" ] || fail "the seeded park has no NH3 sensor with two limits"
ENTERPRISE=$(query_field sensors code "$SENSOR" enterprise_code)
UNIT=$(query_field sensors code "$SENSOR" unit)
L1=$(query_field sensors code "$SENSOR" l1)
L2=$(query_field sensors code "$SENSOR" l2)
OTHER_ENT=$("$PW" query enterprises | awk -F '\t' -v e="$ENTERPRISE" 'NR > 1 && $1 != e && !done { print $1; done = 1 }')
TOPIC="park/$ENTERPRISE/$SENSOR/reading"
note "sensor $SENSOR of $ENTERPRISE, l1 $L1 l2 $L2 $UNIT"

broker_start
bg_start presence mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -v -t 'parkwatch/presence/recorder/#'
sleep 0.3
start_recorder rec

# ---- a valid reading below L1 is stored; one over L2 raises a P1 alarm
next_ts; T_LOW=$TS
mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$T_LOW" 1.5)"
wait_until 5 has_reading_at "$T_LOW" || fail "reading below L1 not stored"
next_ts; T_HIGH=$TS
HIGH=$(awk -v l="$L2" 'BEGIN { print l * 1.5 }')
mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$T_HIGH" "$HIGH")"
wait_until 10 has_alarm || fail "no alarm for $HIGH >= L2 $L2"
assert_eq 1 "$(query_field alarms sensor_code "$SENSOR" priority)" "priority of an NH3 L2 alarm"
assert_eq unack "$(query_field alarms sensor_code "$SENSOR" state)" "state of a new alarm"

# ---- duplicates (same sensor and ts, QoS 1 redelivery) are stored once
next_ts; T_DUP=$TS
for v in 2.5 2.5 9.9; do
	mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$T_DUP" "$v")"
done
next_ts; T_AFTER=$TS
mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$T_AFTER" 2.6)"
wait_until 5 has_reading_at "$T_AFTER" || fail "reading after duplicates not stored"
assert_eq 1 "$(readings_at "$T_DUP")" "a duplicated reading is stored once"
DUP_VALUE=$("$PW" query readings | awk -F '\t' -v s="$SENSOR" -v t="$T_DUP" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["sensor_code"] == s && $idx["ts_ms"] == t { print $idx["value"] }')
assert_eq 2.5 "$DUP_VALUE" "the first copy of a duplicate wins"

# ---- each malformed class is rejected with its reason; the stream goes on
BIG="$D/big.json"
{ printf '{"ts": %s, "value": 1, "pad": "' "$TS"; head -c 5000 /dev/zero | tr '\0' x; printf '"}'; } >"$BIG"
BADUTF="$D/badutf.json"
printf '{"ts": %s, "value": 1, "unit": "\xff\xfe"}' "$TS" >"$BADUTF"
check_rejected()
{
	local what=$1 reason=$2
	shift 2
	mqtt_pub -q 1 "$@"
	next_ts
	local t=$TS
	mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$t" 3.1)"
	wait_until 5 has_reading_at "$t" || fail "valid reading after $what not stored"
	wait_until 2 has_rejected "$reason" || {
		"$PW" query rejected >&2
		fail "$what: no rejection with reason '$reason'"
	}
}
check_rejected "unknown sensor" "unknown sensor NOPE-01" -t "park/$ENTERPRISE/NOPE-01/reading" -m "$(reading "$TS" 1)"
check_rejected "topic/sensor mismatch" "topic/sensor mismatch" -t "park/$OTHER_ENT/$SENSOR/reading" -m "$(reading "$TS" 1)"
check_rejected "invalid JSON" "invalid JSON" -t "$TOPIC" -m '{"ts": 1, "value": '
check_rejected "missing field" "missing field value" -t "$TOPIC" -m "{\"ts\": $TS}"
check_rejected "mistyped field" "field value must be a number" -t "$TOPIC" -m "{\"ts\": $TS, \"value\": \"high\"}"
check_rejected "non-finite number" "non-finite number in value" -t "$TOPIC" -m "{\"ts\": $TS, \"value\": 1e999}"
check_rejected "payload over 4096 bytes" "payload over 4096 bytes" -t "$TOPIC" -f "$BIG"
check_rejected "invalid UTF-8" "invalid UTF-8" -t "$TOPIC" -f "$BADUTF"

# ---- an empty retained status (the usual way to clear one) is not a rejection
REJECTED_BEFORE=$("$PW" query rejected | wc -l)
mqtt_pub -q 1 -r -n -t "park/$ENTERPRISE/$SENSOR/status"
next_ts; T_CLEAR=$TS
mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$T_CLEAR" 3.3)"
wait_until 5 has_reading_at "$T_CLEAR" || fail "reading after a cleared status not stored"
assert_eq "$REJECTED_BEFORE" "$("$PW" query rejected | wc -l)" "rejected rows after a cleared status"

# ---- SIGTERM: flush and exit 0; presence went online, then offline
bg_stop rec TERM
assert_eq 0 "$BG_STATUS" "record exit status after SIGTERM"
PRESENCE="parkwatch/presence/recorder/"
wait_until 3 grep -q "offline" "$(bg_log presence)" || fail "no presence offline after SIGTERM"
assert_match "$(head -n 1 "$(bg_log presence)")" "^${PRESENCE}[^ ]+ online$" "presence online first"
assert_match "$(tail -n 1 "$(bg_log presence)")" "^${PRESENCE}[^ ]+ offline$" "presence offline last"

# ---- recorder away: its persistent session queues QoS 1 messages; the
# broker restarts meanwhile (persistence on); all arrive exactly once
BEFORE=$(reading_count)
N=30
for ((i = 0; i < N; i++)); do
	next_ts
	printf '%s\n' "$(reading "$TS" 4.$i)"
done >"$D/queued.txt"
mqtt_pub -q 1 -t "$TOPIC" -l <"$D/queued.txt"
broker_restart
start_recorder rec2
wait_until 10 readings_at_least $((BEFORE + N)) ||
	fail "only $(($(reading_count) - BEFORE)) of $N queued QoS 1 readings recorded"
sleep 0.5
assert_eq $((BEFORE + N)) "$(reading_count)" "queued readings recorded exactly once"

# ---- broker restart while the recorder runs: it reconnects by itself and
# records what is published after the restart
broker_restart
wait_until 15 link_ups_at_least rec2 2 || fail "recorder did not reconnect: $(cat "$(bg_log rec2)")"
next_ts; T_LATE=$TS
mqtt_pub -q 1 -t "$TOPIC" -m "$(reading "$T_LATE" 5.5)"
wait_until 5 has_reading_at "$T_LATE" || fail "reading after the broker restart not stored"
bg_stop rec2 TERM
assert_eq 0 "$BG_STATUS" "second recorder exit status"

# ---- broker unreachable at start: the recorder keeps retrying and says why
broker_stop
bg_start rec3 "$PW" --broker "$BROKER_URL" record --client-id "$CLIENT_ID"
wait_until 5 log_has rec3 "link down: .*[Rr]efused" || fail "no reason logged: $(cat "$(bg_log rec3)")"
sleep 1.5
kill -0 "$(bg_pid rec3)" || fail "recorder gave up while the broker was down"
bg_stop rec3 TERM
assert_eq 0 "$BG_STATUS" "record exit status after SIGTERM with the broker down"
