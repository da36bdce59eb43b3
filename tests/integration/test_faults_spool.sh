#!/bin/bash
# The saving-entry SSH drop (issue 13, "Nothing acknowledged is lost"): a
# duty-log entry shows "saving..." because another process holds the write
# lock, and the SSH session drops (the terminal goes away). The entry must
# not be lost: the console keeps it in the spool next to the database
# (<db>-spool/, one JSON-lines file, mode 0600), and the next parkwatch that
# opens the database for writing saves it with its original time and
# operator, adds a duty-log note saying where it came from, and removes the
# spool. While the database is still locked the spool stays; a spool file
# replayed twice saves nothing twice. The console itself is such a writer.
# The same for SIGTERM and for q with a change still waiting; text still
# being typed when the line drops is kept as a note, never applied.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

D=$(pw_tmpdir)
DB="$D/park.db"
SPOOL="$DB-spool"
export PARKWATCH_DB="$DB"
export PARKWATCH_OPERATOR=spool-test

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 5
chmod 0644 "$DB"   # one login's database: its spool is that login's alone

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
gone()
{
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	[[ $st == Z* ]]
}
duty_rows() { "$PW" query duty | grep -cF -- "$1" || true; }
spool_files() { find "$SPOOL" -maxdepth 1 -name '*.jsonl' 2>/dev/null | wc -l; }
# A column of the duty row whose text is exactly TEXT.
duty_col() {
	"$PW" query duty | awk -F '\t' -v t="$1" -v c="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["text"] == t { print $idx[c] }'
}

# drop_with_entry NAME TEXT [term]: a console in terminal NAME (stderr to
# $D/NAME.err) types duty entry TEXT while the lock is held, shows
# "saving...", then its terminal is killed (the SSH session drops), or with
# "term" it gets SIGTERM (the host shutting down).
drop_with_entry()
{
	local name=$1 text=$2 how=${3:-drop} pid
	tui_start "$name" 100 30 sh -c 'exec "$0" --db "$1" console --no-mqtt --operator spool-op 2>"$2"' \
		"$PW" "$DB" "$D/$name.err"
	tui_wait "$name" "MQTT off"
	tui_keys "$name" n
	tui_wait "$name" "New duty-log entry" 5
	tui_keys "$name" -l "$text"
	tui_keys "$name" Enter
	tui_wait "$name" "saving\.\.\. duty entry .*(locked|busy)" 20
	tui_wait "$name" "SAVING 1" 5
	pid=$(pgrep -n -f -- "console --no-mqtt --operator spool-op") || fail "no console process in $name"
	if [ "$how" = term ]; then
		kill -TERM "$pid"
		assert_eq 0 "$(tui_exit_status "$name" 5)" "$name: SIGTERM ends the console with status 0"
	else
		tui_kill "$name"
	fi
	wait_until 5 gone "$pid" || fail "$name: the console (pid $pid) still runs after its $how"
	assert_not_contains "$(cat "$D/$name.err")" "Sanitizer" "$name: the console's exit is not clean"
}

# --- the drop: the entry goes to the spool, not to the void -------------------
hold_lock lock1 60
drop_with_entry drop1 "gas smell reported at gate 3, typed while locked"
[ "$(spool_files)" = 1 ] || fail "expected one spool file in $SPOOL, found: $(ls -la "$SPOOL" 2>&1)"
F=$(find "$SPOOL" -maxdepth 1 -name '*.jsonl')
assert_eq 600 "$(stat -c %a "$F")" "spool file mode"
assert_eq 700 "$(stat -c %a "$SPOOL")" "spool directory mode"
assert_contains "$(cat "$F")" "gas smell reported at gate 3, typed while locked" "the spool holds the text"
assert_match "$(cat "$D/drop1.err")" 'NOT SAVED: duty entry \(note\): .*(locked|busy).*gate 3.*kept in .*-spool/' \
	"stderr says where the entry was kept"
cp "$F" "$D/spool-copy.jsonl"
assert_eq 0 "$(duty_rows "typed while locked")" "saved while the lock was held"

# Still locked: the next writer cannot save it either, and the spool stays.
assert_exit 1 "$PW" log "written while still locked"
assert_contains "$RUN_ERR" "kept in" "the writer says the spool waits"
[ "$(spool_files)" = 1 ] || fail "the spool went away while the database was locked"

# --- the lock goes: the next writer saves it, with a note, once --------------
bg_stop lock1
PARKWATCH_OPERATOR=next-op assert_exit 0 "$PW" log "first entry after the drop"
assert_eq 0 "$(spool_files)" "spool files left after the replay"
assert_eq 1 "$(duty_rows "gas smell reported at gate 3, typed while locked")" \
	"the entry is saved exactly once"
assert_eq spool-op "$(duty_col "gas smell reported at gate 3, typed while locked" operator)" \
	"the entry keeps its operator"
assert_eq note "$(duty_col "gas smell reported at gate 3, typed while locked" category)" \
	"the entry keeps its category"
notes=$("$PW" query duty | grep -F "recovered from the spool")
assert_eq 1 "$(grep -c . <<<"$notes")" "one recovery note"
assert_match "$notes" "next-op	system	recovered from the spool: duty entry \(note\) typed .* by spool-op, not saved then \(.*(locked|busy).*\); kept by console pid [0-9]+ on .*; saved by next-op, parkwatch pid [0-9]+ on .* \[spool [0-9a-f]{32}\]: it is duty entry [0-9]+" \
	"the recovery note"
# The original time: typed before the next writer's own entry was made.
typed=$(duty_col "gas smell reported at gate 3, typed while locked" ts)
after=$(duty_col "first entry after the drop" ts)
[[ $typed < $after || $typed == "$after" ]] || fail "the entry's time $typed is not the time it was typed (after: $after)"

# --- the same spool file again (a replay killed before its removal) ----------
cp "$D/spool-copy.jsonl" "$SPOOL/"
assert_exit 0 "$PW" log "a second writer"
assert_eq 0 "$(spool_files)" "spool files left after the second replay"
assert_eq 1 "$(duty_rows "gas smell reported at gate 3, typed while locked")" "saved twice"
assert_eq 1 "$("$PW" query duty | grep -cF "recovered from the spool")" "noted twice"
assert_exit 0 "$PW" db check

# --- SIGTERM the same; a console is the next writer too, even one started
# while the lock is still held ---------------------------------------------
hold_lock lock2 60
drop_with_entry drop2 "second drop, replayed by a console" term
[ "$(spool_files)" = 1 ] || fail "no spool file after SIGTERM"
tui_start con 100 30 "$PW" --db "$DB" console --no-mqtt --operator spool-later
tui_wait con "MQTT off"
[ "$(spool_files)" = 1 ] || fail "the spool went away while the database was locked"
bg_stop lock2
tui_wait con "entry kept in the spool by an earlier console saved" 30
tui_keys con 7
tui_wait con "second drop, replayed by a console" 10
tui_keys con q
assert_eq 0 "$(tui_exit_status con 10)" "the console quits with status 0"
assert_eq 0 "$(spool_files)" "spool files left after the console's start"
assert_eq 1 "$(duty_rows "second drop, replayed by a console")" "the second entry is saved exactly once"

# --- q with a change still waiting: the operator is told it is kept ----------
hold_lock lock3 60
tui_start quit 100 30 "$PW" --db "$DB" console --no-mqtt --operator spool-op
tui_wait quit "MQTT off"
tui_keys quit n
tui_wait quit "New duty-log entry" 5
tui_keys quit -l "entry left behind by a quit"
tui_keys quit Enter
tui_wait quit "SAVING 1" 20
tui_keys quit q
tui_wait quit "still waiting for the database. Quit anyway \(kept in the spool" 5
tui_keys quit y
assert_eq 0 "$(tui_exit_status quit 10)" "the console quits with status 0"
[ "$(spool_files)" = 1 ] || fail "the waiting entry was not kept in the spool at the quit"
bg_stop lock3
assert_exit 0 "$PW" log "after the quit"
assert_eq 0 "$(spool_files)" "spool files left after the quit's replay"
assert_eq 1 "$(duty_rows "entry left behind by a quit")" "the quit's entry is saved exactly once"

# --- a draft (Enter never pressed) when the line drops: kept, as a note only --
tui_start drop3 100 30 "$PW" --db "$DB" console --no-mqtt --operator spool-op
tui_wait drop3 "MQTT off"
tui_keys drop3 n
tui_wait drop3 "New duty-log entry" 5
tui_keys drop3 -l "half a sentence about the"
tui_wait drop3 "half a sentence about the" 5
pid=$(pgrep -n -f -- "console --no-mqtt --operator spool-op") || fail "no console process in drop3"
tui_kill drop3
wait_until 5 gone "$pid" || fail "drop3: the console (pid $pid) still runs after its terminal went away"
[ "$(spool_files)" = 1 ] || fail "the draft was not kept in the spool"
assert_exit 0 "$PW" log "after the draft"
assert_eq 0 "$(spool_files)" "spool files left after the draft's replay"
assert_eq 0 "$(duty_rows "	half a sentence about the	")" "a draft must not become an entry by itself"
assert_match "$("$PW" query duty)" \
	"system	recovered from the spool: duty entry \(note\), a draft typed .* by spool-op, not saved then \(still being typed.*NOT applied .*text: \"half a sentence about the\"" \
	"the draft's note"
assert_exit 0 "$PW" db check
exit 0
