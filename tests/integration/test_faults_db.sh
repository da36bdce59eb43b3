#!/bin/bash
# The database is busy (issue 9, "Faults"): another process holds the write
# lock. A lock held ~3 s: `parkwatch log` waits (busy timeout 5 s) and the
# entry is saved once. A lock held longer than 5 s: it gives up with exit 1 and one
# plain line on stderr, and nothing of the entry is written. The recorder
# keeps what arrives while the lock is held and stores it afterwards, once.
# In the console, entries made while the lock is held are queued ("saving",
# SAVING n on the status line) and saved in order once it goes; a console
# that loses its terminal with an entry still queued prints it on stderr.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

D=$(pw_tmpdir)
DB="$D/park.db"
export PARKWATCH_DB="$DB"
export PARKWATCH_OPERATOR=busy-test
ERRF="$D/console.err"

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 5

# hold_lock NAME SECONDS: a background process takes the write lock
# (BEGIN IMMEDIATE) and keeps it SECONDS; returns once the lock is held.
hold_lock()
{
	local name=$1 secs=$2 marker="$D/$1.locked"
	rm -f "$marker"
	bg_start "$name" python3 -c '
import sqlite3, sys, time
db, secs, marker = sys.argv[1], float(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db, isolation_level=None, timeout=30)
con.execute("BEGIN IMMEDIATE")
open(marker, "w").close()
time.sleep(secs)
con.execute("ROLLBACK")
con.close()
' "$DB" "$secs" "$marker"
	wait_until 20 test -e "$marker" || fail "the lock holder did not get the lock: $(cat "$(bg_log "$name")")"
}
now_ms() { date +%s%3N; }
duty_rows() { "$PW" query duty | grep -cF -- "$1" || true; }

# --- a lock held ~3 s: the entry waits and is saved, once ---------------------
hold_lock short 3
t0=$(now_ms)
assert_exit 0 "$PW" log "entry written while the database was busy"
waited=$(($(now_ms) - t0))
note "log waited $waited ms for the lock"
((waited >= 1000)) || fail "log returned after $waited ms: the lock was not held while it ran"
assert_eq 1 "$(duty_rows "entry written while the database was busy")" "the entry is saved exactly once"
bg_stop short

# --- a lock held 8 s: exit 1, one plain line, nothing written ------------------
hold_lock long 10
t0=$(now_ms)
assert_exit 1 "$PW" log "entry that cannot be written"
waited=$(($(now_ms) - t0))
note "log gave up after $waited ms"
((waited >= 4000)) || fail "log gave up after $waited ms, before the 5 s busy timeout"
assert_eq 1 "$(grep -c . <<<"$RUN_ERR")" "stderr is one line: $RUN_ERR"
assert_match "$RUN_ERR" '^parkwatch: [^:]+: .*(locked|busy)' "the message does not say the database is busy"
bg_stop long
assert_eq 0 "$(duty_rows "entry that cannot be written")" "a failed entry left something behind"
assert_exit 0 "$PW" db check

# --- the console: entries made while the lock is held are queued, in order --
tui_start con 100 30 "$PW" --db "$DB" console --no-mqtt --operator busy-console
tui_wait con "MQTT off"
hold_lock con_lock 10
tui_keys con n
tui_keys con -l "entry typed while the database was locked"
tui_keys con Enter
tui_wait con "saving\.\.\. duty entry .*(locked|busy)" 20
tui_wait con "SAVING 1" 2
# The operator works on: a second entry queues behind the first.
tui_keys con n
tui_wait con "New duty-log entry" 5
tui_keys con -l "second entry, still locked"
tui_keys con Enter
tui_wait con "SAVING 2" 5
assert_eq 0 "$(duty_rows "entry typed while the database was locked")" "saved while the lock was held"
bg_stop con_lock
tui_wait_gone con "SAVING" 15
assert_eq 1 "$(duty_rows "entry typed while the database was locked")" "the queued entry is not saved exactly once"
assert_eq 1 "$(duty_rows "second entry, still locked")" "the second queued entry is not saved exactly once"
first=$("$PW" query duty | grep -nF "entry typed while the database was locked" | cut -d: -f1)
second=$("$PW" query duty | grep -nF "second entry, still locked" | cut -d: -f1)
((first < second)) || fail "the queued entries were saved out of order ($first, $second)"
tui_keys con q
assert_eq 0 "$(tui_exit_status con 10)" "the console quits with status 0"

# --- the line drops while an entry is queued: it is printed, not dropped ---
# stderr goes to a file: the pane is gone with the terminal.
tui_start con2 100 30 sh -c 'exec "$0" --db "$1" console --no-mqtt --operator busy-hup 2>"$2"' \
	"$PW" "$DB" "$ERRF"
tui_wait con2 "MQTT off"
hold_lock con2_lock 15
tui_keys con2 n
tui_keys con2 -l "entry queued when the line dropped"
tui_keys con2 Enter
tui_wait con2 "SAVING 1" 20
pid=$(pgrep -n -f -- "--operator busy-hup") || fail "no console process for busy-hup"
t0=$(now_ms)
kill -HUP "$pid"
assert_eq 0 "$(tui_exit_status con2 5)" "SIGHUP ends the console with status 0"
note "the console left $(($(now_ms) - t0)) ms after SIGHUP with an entry queued"
wait_until 5 grep -q "NOT SAVED" "$ERRF" || fail "the queued entry was not printed at exit: $(cat "$ERRF")"
assert_match "$(cat "$ERRF")" 'NOT SAVED: duty entry \(note\): .*(locked|busy).*entry queued when the line dropped' \
	"the exit line does not carry the text"
bg_stop con2_lock

# --- the recorder under a held lock keeps the readings and stores them later --
read -r ENT SENSOR < <("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	!done { print $idx["enterprise_code"], $idx["code"]; done = 1 }')
TOPIC="park/$ENT/$SENSOR/reading"
broker_start
bg_start rec "$PW" --broker "$BROKER_URL" record --client-id "pwtest-busy-$$" --stats-every 1
wait_until 15 grep -q "link up" "$(bg_log rec)" || fail "record did not connect: $(cat "$(bg_log rec)")"
readings_of() { "$PW" query readings | awk -F '\t' -v s="$SENSOR" -v a="$1" -v b="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["sensor_code"] == s && $idx["ts_ms"] >= a && $idx["ts_ms"] <= b { n++ } END { print n + 0 }'; }
readings_are() { [ "$(readings_of "$1" "$2")" = "$3" ]; }

TS0=$(($(now_ms) - 10000))
hold_lock rec_lock 10
for ((i = 0; i < 20; i++)); do
	mqtt_pub -q 1 -t "$TOPIC" -m "{\"ts\": $((TS0 + i)), \"value\": 1.5}"
done
wait_until 15 grep -q "database write failed" "$(bg_log rec)" ||
	fail "record did not say it could not write: $(cat "$(bg_log rec)")"
assert_match "$(cat "$(bg_log rec)")" "database write failed: .*(locked|busy).*keeping [0-9]+ messages" "unclear message"
kill -0 "$(bg_pid rec)" 2>/dev/null || fail "record died while the database was busy"
bg_stop rec_lock
wait_until 20 grep -q "database writable again" "$(bg_log rec)" ||
	fail "record did not recover: $(cat "$(bg_log rec)")"
wait_until 10 readings_are "$TS0" "$((TS0 + 19))" 20 ||
	fail "expected the 20 readings sent while busy, stored $(readings_of "$TS0" "$((TS0 + 19))")"
bg_stop rec
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"
assert_exit 0 "$PW" db check
exit 0
