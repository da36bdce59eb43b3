#!/bin/bash
# Bad input from the network (issue 9, "Faults"; CONTRACT.md section 2):
#   - clock jumps: a reading 2 days in the future or 30 days in the past is
#     rejected with its reason while valid traffic keeps flowing; the window
#     is configurable ([alarm] future_skew, past_window);
#   - hostile payloads: over 4096 bytes, 1 MB, binary garbage, invalid UTF-8,
#     deep JSON nesting, a huge topic, and a topic with invalid UTF-8 sent
#     with a raw MQTT client (the broker drops that client);
#   - a burst of 10,000 readings: each stored once.
# The recorder never dies and `db check` passes afterwards.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
now_ms() { date +%s%3N; }

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 11
read -r ENT SENSOR < <("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	!done { print $idx["enterprise_code"], $idx["code"]; done = 1 }')
[ -n "$SENSOR" ] || fail "the seeded park has no sensor"
TOPIC="park/$ENT/$SENSOR/reading"

readings_at() { "$PW" query readings | awk -F '\t' -v s="$SENSOR" -v a="$1" -v b="${2:-$1}" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["sensor_code"] == s && $idx["ts_ms"] >= a && $idx["ts_ms"] <= b { n++ } END { print n + 0 }'; }
stored() { [ "$(readings_at "$1" "${2:-$1}")" = "${3:-1}" ]; }
rejected_with() { "$PW" query rejected | grep -F -- "$1" | grep -qF -- "$2"; }
rejected_count() { "$PW" query rejected | tail -n +2 | grep -c . || true; }
rejected_more_than() { [ "$(rejected_count)" -gt "$1" ]; }
rec_alive() { kill -0 "$(bg_pid rec)" 2>/dev/null || fail "record died: $(cat "$(bg_log rec)")"; }
# A valid reading now, to show the stream still flows.
valid_now()
{
	local ts
	ts=$(now_ms)
	mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $ts, \"value\": 2.5}"
	wait_until 10 stored "$ts" || fail "a valid reading after $1 was not stored"
}

# Messages queue on the broker while a slow machine catches up: no limit.
BROKER_CONF_EXTRA="max_queued_messages 0"
broker_start
start_rec()
{
	bg_start rec "$PW" "$@" --broker "$BROKER_URL" record --client-id "pwtest-input-$$"
	wait_until 15 grep -q "link up" "$(bg_log rec)" || fail "record did not connect: $(cat "$(bg_log rec)")"
}
start_rec

# --- clock jumps -----------------------------------------------------------
DAY=86400000
T_FUTURE=$(($(now_ms) + 2 * DAY))
T_PAST=$(($(now_ms) - 30 * DAY))
mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $T_FUTURE, \"value\": 1.0}"
mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $T_PAST, \"value\": 1.0}"
valid_now "the clock jumps"
wait_until 10 rejected_with "$TOPIC" "ts too far in the future" || fail "a reading 2 days ahead was not rejected with its reason: $("$PW" query rejected)"
wait_until 10 rejected_with "$TOPIC" "ts too old" || fail "a reading 30 days old was not rejected with its reason: $("$PW" query rejected)"
assert_eq 0 "$(readings_at "$T_FUTURE")" "a reading 2 days ahead was stored"
assert_eq 0 "$(readings_at "$T_PAST")" "a reading 30 days old was stored"

# The window is configurable: 3 days ahead, 40 days back.
bg_stop rec
printf '[alarm]\nfuture_skew = %d\npast_window = %d\n' $((3 * 86400)) $((40 * 86400)) >"$D/wide.ini"
start_rec --config "$D/wide.ini"
T_FUTURE=$(($(now_ms) + 2 * DAY))
T_PAST=$(($(now_ms) - 30 * DAY))
mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $T_FUTURE, \"value\": 1.0}"
mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $T_PAST, \"value\": 1.0}"
wait_until 10 stored "$T_FUTURE" || fail "with future_skew = 3 days a reading 2 days ahead was not stored"
wait_until 10 stored "$T_PAST" || fail "with past_window = 40 days a reading 30 days old was not stored"
bg_stop rec
start_rec

# --- hostile payloads and topics ----------------------------------------------
n0=$(rejected_count)
printf '{"ts": %s, "value": 1, "unit": "%s"}' "$(now_ms)" "$(head -c 5000 /dev/zero | tr '\0' a)" >"$D/big.json"
mqtt_pub -q 1 -t "$TOPIC" -f "$D/big.json"
head -c 1048576 /dev/zero | tr '\0' x >"$D/huge.bin"
mqtt_pub -q 1 -t "$TOPIC" -f "$D/huge.bin"
head -c 3000 /dev/urandom >"$D/garbage.bin"
printf '\377\376' >>"$D/garbage.bin"  # never valid UTF-8, whatever urandom gave
mqtt_pub -q 1 -t "$TOPIC" -f "$D/garbage.bin"
printf '{"ts": %s, "value": 1, "unit": "\377\376"}' "$(now_ms)" >"$D/badutf8.json"
mqtt_pub -q 1 -t "$TOPIC" -f "$D/badutf8.json"
printf '%*s' 2000 '' | tr ' ' '[' >"$D/deep.json"
mqtt_pub -q 1 -t "$TOPIC" -f "$D/deep.json"
mqtt_pub -q 1 -t "park/$ENT/$(head -c 20000 /dev/zero | tr '\0' s)/reading" -m '{"ts": 1, "value": 1}'
mqtt_pub -q 1 -t "park/$ENT/$SENSOR/reading/extra/levels" -m '{"ts": 1, "value": 1}'
# A topic with invalid UTF-8 needs a raw client (mosquitto_pub refuses it);
# the broker should drop that client, but the recorder must survive either way.
if command -v python3 >/dev/null 2>&1; then
	python3 - "$BROKER_PORT" "park/$ENT/$SENSOR" <<-'EOF' || true
	import socket, struct, sys
	def pkt(kind, body):
	    n, enc = len(body), b""
	    while True:
	        d, n = n % 128, n // 128
	        enc += bytes([d | (0x80 if n else 0)])
	        if not n:
	            break
	    return bytes([kind]) + enc + body
	def s(b):
	    return struct.pack("!H", len(b)) + b
	c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
	c.sendall(pkt(0x10, s(b"MQTT") + b"\x04\x02\x00\x3c" + s(b"pwtest-raw")))
	c.recv(4)
	c.sendall(pkt(0x30, s(sys.argv[2].encode() + b"/\xff\xfe/reading") + b'{"ts": 1, "value": 1}'))
	try:
	    c.recv(16)
	except OSError:
	    pass
	c.close()
	EOF
fi
rec_alive
valid_now "hostile payloads"
wait_until 10 rejected_more_than $((n0 + 6)) || fail "hostile messages were not all rejected: $("$PW" query rejected | tail -n 10)"
rej=$("$PW" query rejected)
assert_contains "$rej" "payload over 4096 bytes" "no 'payload over 4096 bytes' rejection"
assert_contains "$rej" "invalid UTF-8 in payload" "no 'invalid UTF-8' rejection"
rec_alive

# --- a burst of 10,000 readings: each stored once ---------------------------------
T_BURST=$(($(now_ms) - 100000))
awk -v t="$T_BURST" 'BEGIN { for (i = 0; i < 10000; i++) printf "{\"ts\": %.0f, \"value\": %.2f}\n", t + i, (i % 50) / 10 }' |
	mqtt_pub -q 1 -t "$TOPIC" -l
wait_until 90 stored "$T_BURST" "$((T_BURST + 9999))" 10000 ||
	fail "of a burst of 10000 readings $(readings_at "$T_BURST" "$((T_BURST + 9999))") were stored"
rec_alive
valid_now "the burst"
bg_stop rec
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"
assert_exit 0 "$PW" db check

# --- the log reader goes away (journald restarted, a closed pipe): writing
# the log gets EPIPE, which must not stop the recording --------------------------
bg_start rec_pipe bash -c 'exec "$@" 2> >(head -c 1 >/dev/null)' _ \
	"$PW" --broker "$BROKER_URL" record --client-id "pwtest-pipe-$$" --stats-every 1
# The stats line every second hits the closed pipe; readings still get stored.
wait_until 15 grep -q "as pwtest-pipe-$$" "$BROKER_DIR/mosquitto.log" || fail "record with a closed log pipe did not connect"
# The subscription follows the connection: publish until one is stored.
pipe_reading_stored()
{
	TS_PIPE=$(now_ms)
	mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $TS_PIPE, \"value\": 1.75}"
	wait_until 1 stored "$TS_PIPE"
}
wait_until 20 pipe_reading_stored || fail "record with a closed log pipe stores nothing"
sleep 2   # two more stats lines into the closed pipe
kill -0 "$(bg_pid rec_pipe)" 2>/dev/null || fail "record died when its log pipe closed"
TS_PIPE=$(now_ms)
mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $TS_PIPE, \"value\": 1.5}"
wait_until 15 stored "$TS_PIPE" || fail "record stopped storing once its log pipe closed"
bg_stop rec_pipe
[ "$BG_STATUS" -lt 128 ] || fail "record ended by signal $((BG_STATUS - 128)) with its log pipe closed"
assert_exit 0 "$PW" db check
exit 0
