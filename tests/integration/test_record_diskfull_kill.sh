#!/bin/bash
# The disk is full under a running recorder and QoS 1 readings keep coming
# (issue 13, "Nothing acknowledged is lost"): the recorder keeps what it
# had read unacknowledged, stops reading (the broker holds the backlog) and
# says so; killed with SIGKILL in that state and started again once space
# has returned, it stores every reading the broker accepted, each once.
# Needs to mount a tmpfs (root); skips otherwise.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

D=$(pw_tmpdir)
MNT="$D/small"
mkdir -p "$MNT"
mount -t tmpfs -o size=4m,mode=0755 tmpfs "$MNT" 2>/dev/null || skip "cannot mount a tmpfs here (not root?)"
pw_at_exit "umount -l '$MNT' 2>/dev/null"

export PARKWATCH_DB="$MNT/park.db"
CLIENT_ID="pwtest-diskkill-$$"
COUNT=5000

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 9
TOPIC=$("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["direction"] == "high" && $idx["unit"] != "" && !done { print "park/" $idx["enterprise_code"] "/" $idx["code"] "/reading"; done = 1 }')
[ -n "$TOPIC" ] || fail "the seeded park has no gas sensor"
T0=$(($(date +%s%3N) - 3600000))
stored() { "$PW" query readings | awk -F '\t' -v t="$T0" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["ts_ms"] >= t { n++ } END { print n + 0 }'; }
stored_at_least() { [ "$(stored)" -ge "$1" ]; }
rec_log() { cat "$(bg_log "$1")"; }

BROKER_CONF_EXTRA="max_queued_messages 0"
broker_start
start_recorder()
{
	bg_start "$1" "$PW" --broker "$BROKER_URL" record --client-id "$CLIENT_ID" --stats-every 1
	wait_until 15 grep -q "link up" "$(bg_log "$1")" || fail "record did not connect: $(rec_log "$1")"
}
start_recorder rec1

# One reading while there is room.
mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $T0, \"value\": 0.1}"
wait_until 10 stored_at_least 1 || fail "the first reading was not stored: $(rec_log rec1)"

# Fill the disk (a checkpoint first, so the next write must allocate).
python3 -c '
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=10)
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()' "$PARKWATCH_DB"
dd if=/dev/zero of="$MNT/fill" bs=4k >/dev/null 2>&1 || true

# A backlog at QoS 1: the broker acknowledges every one to the publisher.
awk -v t="$T0" -v n="$COUNT" 'BEGIN {
	for (i = 1; i <= n; i++) printf "{\"ts\": %.0f, \"value\": 0.1}\n", t + i }' >"$D/pub.txt"
run sh -c 'exec mosquitto_pub -h 127.0.0.1 -p "$1" -q 1 -l -t "$2" <"$3"' sh "$BROKER_PORT" "$TOPIC" "$D/pub.txt"
assert_eq 0 "$RUN_RC" "the publisher's exit status: $RUN_ERR"

# The recorder says it cannot write and has stopped reading; what it keeps
# is unacknowledged and far less than the backlog, which the broker holds.
wait_until 15 grep -q "database write failed" "$(bg_log rec1)" || fail "no write failure reported: $(rec_log rec1)"
assert_match "$(rec_log rec1)" "database write failed: .*(full|space).*unacknowledged.*reading paused" "unclear disk-full message"
wait_until 5 grep -q "reading paused (database not writable)" "$(bg_log rec1)" || fail "the stats line does not say reading is paused"
QUEUED=$(grep -oE '[0-9]+ queued' "$(bg_log rec1)" | tail -n 1 | cut -d ' ' -f 1)
note "kept in memory while the disk is full: $QUEUED of $COUNT"
[ "${QUEUED:-0}" -lt "$COUNT" ] || fail "the recorder read the whole backlog into memory ($QUEUED)"
kill -0 "$(bg_pid rec1)" 2>/dev/null || fail "record died on a full disk: $(rec_log rec1)"

# kill -9 with the disk full and a backlog; then space returns.
bg_stop rec1 KILL
rm -f "$MNT/fill"
start_recorder rec2
wait_until 120 stored_at_least $((COUNT + 1)) ||
	fail "after kill -9 on a full disk only $(stored) of $((COUNT + 1)) readings were stored: $(tail -n 3 "$(bg_log rec2)")"
sleep 1
assert_eq $((COUNT + 1)) "$(stored)" "readings stored, each once"
bg_stop rec2 TERM
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"
assert_exit 0 "$PW" db check
exit 0
