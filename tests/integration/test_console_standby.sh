#!/bin/bash
# One writer when a recorder runs (issue 13): a console stores what it
# receives only while no recorder on its host is online. With the recorder
# online (its retained presence), the console stands by (the status line
# says "standby") and every message is written once, by the recorder; when
# the recorder goes (SIGKILL: its will; a clean exit: its cleared presence)
# the console takes over and stores what arrives.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
CLIENT_ID="pwtest-standby-$$"

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 4
ENT=$("$PW" query enterprises | awk -F '\t' 'NR == 2 { print $1 }')
# Rejections are not idempotent (no identity): each one written is a row.
# A message on park/$ENT/NOPE-<n>/reading is rejected (unknown sensor).
rejected_rows() { "$PW" query rejected | awk -F '\t' -v t="park/$ENT/NOPE-$1/reading" '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	$idx["topic"] == t { n++ } END { print n + 0 }'; }
has_rejected() { [ "$(rejected_rows "$1")" -ge 1 ]; }
send_bad() { mqtt_pub -q 1 -t "park/$ENT/NOPE-$1/reading" -m '{"ts": 1, "value": 1}'; }
written_once() # N WHAT
{
	send_bad "$1"
	wait_until 10 has_rejected "$1" || fail "$2: the message was not recorded"
	sleep 1   # a second writer would have written it by now
	assert_eq 1 "$(rejected_rows "$1")" "$2: rows for one message"
}

broker_start
start_recorder()
{
	bg_start "$1" "$PW" --broker "$BROKER_URL" record --client-id "$CLIENT_ID"
	wait_until 15 grep -q "link up" "$(bg_log "$1")" || fail "record did not connect: $(cat "$(bg_log "$1")")"
}

tui_start con 100 30 "$PW" --broker "$BROKER_URL" console --operator duty-a
tui_wait con "MQTT up"
written_once 1 "console alone"

start_recorder rec1
tui_wait con "MQTT up [0-9:]+ standby" 10
written_once 2 "recorder online, console standing by"
# Live data still reaches the screen (the recorder's writes, read back).
tui_keys con 2
tui_wait con "Code.*Name" 10

# The recorder crashes: its will says offline, the console takes over.
bg_stop rec1 KILL
tui_wait_gone con "MQTT up [0-9:]+ standby" 15
written_once 3 "recorder killed, console took over"

# Back, then a clean exit (presence cleared): the console takes over again.
start_recorder rec2
tui_wait con "MQTT up [0-9:]+ standby" 10
bg_stop rec2 TERM
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"
tui_wait_gone con "MQTT up [0-9:]+ standby" 15
written_once 4 "recorder stopped, console took over"

tui_keys con q
assert_eq 0 "$(tui_exit_status con 10)" "the console quits with status 0"
exit 0
