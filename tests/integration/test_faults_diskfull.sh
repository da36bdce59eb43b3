#!/bin/bash
# The disk fills up under a running recorder (issue 9, "Faults"), on a small
# tmpfs: the recorder keeps running and says the readings could not be
# stored (and how many it keeps) and stops reading, a console on the same
# host stands by from writing (the recorder is online), a duty-log entry fails loudly (the console keeps it on
# screen and saves it once space returns), the console's other writes (a
# member's status, a loan, :risk set, the handover's acknowledgement) come
# back to the operator unsaved, nothing already stored is damaged (`db
# check`), and when space returns the kept readings are stored, each once.
# Then the file system turns read-only (as the kernel does after disk
# errors): reading still works (query, report, console --read-only), writes
# are refused with one line saying so. Needs to mount a tmpfs (root); skips
# otherwise.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

D=$(pw_tmpdir)
MNT="$D/small"
mkdir -p "$MNT"
mount -t tmpfs -o size=4m,mode=0755 tmpfs "$MNT" 2>/dev/null || skip "cannot mount a tmpfs here (not root?)"
# Unmount before the harness removes the directory, whatever the outcome.
pw_at_exit "umount -l '$MNT' 2>/dev/null"

DB="$MNT/park.db"
export PARKWATCH_DB="$DB"
export PARKWATCH_OPERATOR=disk-test
now_ms() { date +%s%3N; }

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 9
read -r ENT SENSOR < <("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	!done { print $idx["enterprise_code"], $idx["code"]; done = 1 }')
TOPIC="park/$ENT/$SENSOR/reading"
readings_of() { "$PW" query readings | awk -F '\t' -v s="$SENSOR" -v a="$1" -v b="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["sensor_code"] == s && $idx["ts_ms"] >= a && $idx["ts_ms"] <= b { n++ } END { print n + 0 }'; }
readings_are() { [ "$(readings_of "$1" "$2")" = "$3" ]; }
publish_range() # FIRST_TS COUNT
{
	local i
	for ((i = 0; i < $2; i++)); do
		mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $(($1 + i)), \"value\": 1.5}"
	done
}
log_of_rec() { cat "$(bg_log rec)"; }

broker_start
bg_start rec "$PW" --broker "$BROKER_URL" record --client-id "pwtest-disk-$$" --stats-every 1
wait_until 15 grep -q "link up" "$(bg_log rec)" || fail "record did not connect: $(log_of_rec)"

# Readings stored while there is room.
TS_A=$(($(now_ms) - 60000))
publish_range "$TS_A" 10
wait_until 10 readings_are "$TS_A" "$((TS_A + 9))" 10 || fail "readings before the disk filled were not stored"
assert_exit 0 "$PW" query readings
BEFORE=$RUN_OUT

# A console on the same database and broker, started while there is room.
tui_start con 100 30 "$PW" --db "$DB" --broker "$BROKER_URL" console --operator disk-console
tui_wait con "MQTT up"

# Fill the disk. A checkpoint first empties the WAL, which SQLite would
# otherwise reuse in place, so the next write must allocate space.
python3 -c '
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=10)
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()' "$DB"
dd if=/dev/zero of="$MNT/fill" bs=4k >/dev/null 2>&1 || true
note "free on the tmpfs: $(df -k --output=avail "$MNT" | tail -n 1) KiB"

# Readings while the disk is full: said, kept, the recorder lives on.
TS_B=$((TS_A + 1000))
publish_range "$TS_B" 20
wait_until 15 grep -q "database write failed" "$(bg_log rec)" ||
	fail "record did not say it could not store readings: $(log_of_rec)"
assert_match "$(log_of_rec)" "database write failed: .*(full|space).*keeping [0-9]+ messages unacknowledged, reading paused" "unclear disk-full message"
kill -0 "$(bg_pid rec)" 2>/dev/null || fail "record died on a full disk: $(log_of_rec)"
# The console leaves received data to the recorder (one writer per host).
tui_wait con "MQTT up [0-9:]+ standby" 15
wait_until 5 grep -qE "[1-9][0-9]* queued" "$(bg_log rec)" || fail "record's stats do not count the kept readings: $(log_of_rec)"

# A duty-log entry fails loudly (exit 1, one line saying why).
assert_exit 1 "$PW" log "command-line entry on a full disk"
assert_match "$RUN_ERR" '^parkwatch: .*(full|space)' "the duty-log failure does not say the disk is full"

# The console's other writes are given back too, and write nothing. A
# member put off duty (no text): a y/n question; n drops it.
assert_exit 0 "$PW" query members
MEMBERS_BEFORE=$RUN_OUT
assert_exit 0 "$PW" query equipment
EQUIPMENT_BEFORE=$RUN_OUT
tui_keys con 5
tui_wait con '── Teams \([0-9]+\)'
tui_keys con m
tui_wait con '── Member status'
tui_keys con o
tui_wait con 'NOT SAVED \(.*(full|space).*\): member [0-9]+ .*-> off_duty\. Try again\? y/n' 15
tui_keys con n
tui_wait con 'member [0-9]+ .*: discarded, not saved' 5
# A loan (typed answers): its last prompt comes back with the date typed,
# still in view at 80 columns (the long label gives way); Esc drops it.
tui_resize con 80 24
tui_keys con L
tui_wait con '^Lend equipment code:'
tui_keys con C-u EQ-001 Enter
tui_wait con '^Quantity:'
tui_keys con Enter
tui_wait con '^To enterprise code'
tui_keys con "$ENT" Enter
tui_wait con '^Borrower'
tui_keys con Enter
tui_wait con '^Due date'
tui_keys con 2099-06-30 Enter
tui_wait con '^NOT SAVED \(.*(full|space).*\), Enter retries\. .*2099-06-30' 15
tui_keys con Escape
tui_wait con 'lend EQ-001: discarded, not saved' 5
tui_resize con 100 30
# :risk set: the command comes back to edit or retry.
tui_keys con :
tui_keys con -l 'risk set inspection.never 9'
tui_keys con Enter
tui_wait con '^NOT SAVED \(.*(full|space).*\), Enter retries\. .*risk set inspection\.never 9' 15
tui_keys con Escape
tui_wait con 'risk set inspection\.never: discarded, not saved' 5
# The shift handover's acknowledgement: asked again, n drops it.
tui_keys con :
tui_keys con -l handover
tui_keys con Enter
tui_wait con '^Shift handover [0-9-]+ [0-9:]+ to [0-9-]+ [0-9:]+' 10
tui_keys con a
tui_wait con 'Acknowledge this shift handover\? y/n'
tui_keys con y
tui_wait con 'NOT SAVED \(.*(full|space).*\): handover of the shift from .*Try again\? y/n' 15
tui_keys con n
tui_wait con 'handover of the shift from .*: discarded, not saved' 5
tui_keys con Escape
tui_keys con 1
assert_exit 0 "$PW" query duty
assert_eq 0 "$(grep -c "handover acknowledged" <<<"$RUN_OUT")" "a handover was acknowledged on a full disk"
assert_exit 0 "$PW" query members
assert_eq "$MEMBERS_BEFORE" "$RUN_OUT" "a member's status changed on a full disk"
assert_exit 0 "$PW" query equipment
assert_eq "$EQUIPMENT_BEFORE" "$RUN_OUT" "a loan was written on a full disk"
assert_exit 0 "$PW" query duty
assert_eq 0 "$(grep -c "inspection.never" <<<"$RUN_OUT")" ":risk set was written on a full disk"

# In the console the entry fails loudly and stays on screen to retry.
tui_keys con n
tui_keys con -l "console entry on a full disk"
tui_keys con Enter
tui_wait con "NOT SAVED: duty entry .*(full|space)" 15
tui_wait con "console entry on a full disk" 2

# Nothing already stored is damaged (read-only checks work on a full disk).
assert_exit 0 "$PW" db check
assert_exit 0 "$PW" query readings
[ "$(readings_of "$TS_A" "$((TS_A + 9))")" = 10 ] || fail "readings stored before the disk filled are gone"

# Space returns: the kept readings are stored, each once.
rm -f "$MNT/fill"
wait_until 20 grep -q "database writable again" "$(bg_log rec)" || fail "record did not recover: $(log_of_rec)"
wait_until 10 readings_are "$TS_B" "$((TS_B + 19))" 20 ||
	fail "expected the 20 readings sent while the disk was full, stored $(readings_of "$TS_B" "$((TS_B + 19))")"
# Enter saves the console's kept entry, once.
tui_keys con Enter
tui_wait con "duty entry [0-9]+ saved" 15
assert_eq 1 "$("$PW" query duty | grep -cF "console entry on a full disk" || true)" "the kept console entry is not saved exactly once"
tui_keys con q
assert_eq 0 "$(tui_exit_status con 10)" "the console quits with status 0"
bg_stop rec
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"
note "record's log: $(grep -v 'readings, ' "$(bg_log rec)")"
assert_exit 0 "$PW" db check
assert_eq 0 "$("$PW" query duty | grep -cF "command-line entry on a full disk" || true)" "the failed entry was half-written"
# Everything stored before is still there, unchanged.
assert_exit 0 "$PW" query readings
missing=$(comm -23 <(sort <<<"$BEFORE") <(sort <<<"$RUN_OUT"))
assert_eq "" "$missing" "readings stored before the disk filled changed or vanished"
assert_exit 0 "$PW" log "entry after space returned"

# --- the file system is remounted read-only (as after disk errors) -------------
# Everything that can only read still works; writes fail with one line that
# says what still works.
assert_exit 0 "$PW" query enterprises
ENTERPRISES=$RUN_OUT
if mount -o remount,ro "$MNT" 2>/dev/null; then
	assert_exit 0 "$PW" query enterprises
	assert_eq "$ENTERPRISES" "$RUN_OUT" "query on the read-only file system"
	assert_exit 0 "$PW" db check
	assert_exit 0 "$PW" report shift
	assert_exit 1 "$PW" log "entry on a read-only file system"
	assert_match "$RUN_ERR" '^parkwatch: .*read-only file system.*console --read-only' "the refusal does not say what still works"
	tui_start ro 100 30 sh -c 'exec "$0" --db "$1" console --no-mqtt 2>"$2"' "$PW" "$DB" "$D/ro.err"
	assert_eq 1 "$(tui_exit_status ro 10)" "a read-write console on a read-only file system"
	assert_match "$(cat "$D/ro.err")" "read-only file system" "the console's refusal"
	tui_start ro2 100 30 "$PW" --db "$DB" console --no-mqtt --read-only --operator ro-test
	tui_wait ro2 "MQTT off"
	tui_keys ro2 2
	tui_wait ro2 "Code.*Name.*Industry"
	tui_keys ro2 q
	assert_eq 0 "$(tui_exit_status ro2 10)" "console --read-only on a read-only file system"
else
	note "cannot remount the tmpfs read-only: that part is not tested"
fi
exit 0
