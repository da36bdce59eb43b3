#!/bin/bash
# test_alarms_console.sh - live monitoring as operators see it: a recorder
# and two consoles (operators A and B) on one database and one private
# broker. An NH3 reading above L2 reaches both tickers; A acknowledges it
# with a comment on the Alarms screen and B sees it acknowledged within
# about two seconds; the ack is in `query alarms` (acked_by A) and in the
# duty log; a new P1 alarm rings the bell; shelving needs a reason and is recorded; an event detail full of
# escape sequences shows as harmless text (terminal title and screen
# untouched); a --read-only console in the mono theme still labels P1 and
# refuses to acknowledge.
. "$abs_top_srcdir/tests/integration/lib.sh"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 20

# col TSV COLUMN KEYCOL VALUE: COLUMN of the first data row whose KEYCOL is VALUE ("" = any row).
col()
{
	awk -F '\t' -v want="$2" -v key="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		key == "" || $c[key] == val { print $c[want]; exit }' <<<"$1"
}

run "$PW" --db "$DB" query sensors
sensors=$RUN_OUT
NH3=$(col "$sensors" code kind nh3)
[ -n "$NH3" ] || fail "the seeded park has no NH3 sensor"
ENT=$(col "$sensors" enterprise_code code "$NH3")
L2=$(col "$sensors" l2 code "$NH3")
SMOKE=$(col "$sensors" code kind smoke)
SMOKE_ENT=$(col "$sensors" enterprise_code code "$SMOKE")
note "NH3 sensor $NH3 of $ENT (L2 $L2), smoke detector $SMOKE of $SMOKE_ENT"

broker_start
bg_start rec "$PW" --db "$DB" --broker "$BROKER_URL" record
wait_until 10 grep -q "link up" "$(bg_log rec)" || fail "recorder did not connect: $(cat "$(bg_log rec)")"

console()
{
	local name=$1
	shift
	tui_start "$name" 80 24 "$PW" --db "$DB" --broker "$BROKER_URL" console "$@"
}

console A --operator A
console B --operator B
tui_wait A 'MQTT up'
tui_wait B 'MQTT up'
tui_wait A 'no unacknowledged alarms'
title_a=$(_pw_tmux display-message -p -t A '#{pane_title}')

# ---- an NH3 reading above L2, held past the sensor's on-delay, reaches both tickers
now=$(date +%s%3N)
high=$(awk -v l="$L2" 'BEGIN { printf "%.1f", l * 1.5 }')
for ts in $((now - 8000)) $((now - 1000)); do
	mqtt_pub -q 1 -t "park/$ENT/$NH3/reading" -m "{\"ts\": $ts, \"value\": $high, \"unit\": \"mg/m3\"}"
done
tui_wait A "P1 [0-2][0-9]:[0-5][0-9]:[0-5][0-9] .*$NH3 .*UNACK" 10
tui_wait B "P1 [0-2][0-9]:[0-5][0-9]:[0-5][0-9] .*$NH3 .*UNACK" 10
# A new P1 alarm rings the terminal bell (no desktop session here: bell only).
bell_rang() { [ "$(_pw_tmux display-message -p -t "$1" '#{window_bell_flag}')" = 1 ]; }
wait_until 3 bell_rang A || fail "console A did not ring the bell for a new P1 alarm"
wait_until 3 bell_rang B || fail "console B did not ring the bell for a new P1 alarm"

run "$PW" --db "$DB" query alarms
alarms=$RUN_OUT
n_open=$(awk -F '\t' -v s="$NH3" 'NR > 1 && $2 == s' <<<"$alarms" | wc -l)
assert_eq 1 "$n_open" "one alarm for $NH3 although a recorder and two consoles received the readings"
ID=$(col "$alarms" id sensor_code "$NH3")

# ---- the Alarms screen in both consoles; A acknowledges with a comment
tui_keys B 3
tui_wait B "P1 +UNACK .*$NH3"
tui_keys A 3
tui_wait A "P1 +UNACK .*$NH3"
tui_keys A /
tui_keys A -l "$NH3"
tui_keys A Enter
tui_keys A a
tui_wait A "Ack #$ID $NH3 P1, comment"
tui_keys A -l "fans on, site called 已通知"
tui_keys A Enter
tui_wait A "acknowledged #$ID $NH3 P1: now ack"
tui_wait B "P1 +ack .*$NH3" 3
tui_wait B 'no unacknowledged alarms' 3

run "$PW" --db "$DB" query alarms
assert_eq A "$(col "$RUN_OUT" acked_by id "$ID")" "acked_by in query alarms"
assert_eq ack "$(col "$RUN_OUT" state id "$ID")" "state after the ack"
run "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" $'\tA\talarm\tack alarm '"$ID"' \('"$NH3"' P1\): fans on, site called 已通知' "duty-log entry of the ack"

# ---- B shelves it: minutes are checked, the reason is mandatory
tui_keys B s
tui_wait B "Shelve #$ID $NH3 P1, minutes"
tui_keys B -l 5000
tui_keys B Enter
tui_wait B "1-1440 only"
tui_keys B -l 30
tui_keys B Enter
tui_wait B "Shelve #$ID $NH3 P1 30 min, reason"
tui_keys B Enter
tui_wait B "A reason is required"
tui_keys B -l "fan maintenance"
tui_keys B Enter
tui_wait B "shelved #$ID $NH3 P1 for 30 min"
run "$PW" --db "$DB" query alarms
assert_eq shelved "$(col "$RUN_OUT" state id "$ID")" "state after shelving"
assert_eq "fan maintenance" "$(col "$RUN_OUT" shelve_reason id "$ID")" "shelve reason"
run "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" $'\tB\talarm\tshelve alarm '"$ID"' .*for 30 min.*: fan maintenance' "duty-log entry of the shelve"
# A's list follows within a second or two: shelved alarms leave the open list.
tui_wait A "1 shelved" 3

# ---- hostile event text: OSC title, clear screen, raw C1 CSI, CR and BS
tui_keys A Escape
payload=$(printf '{"ts": %s, "event": "alarm", "detail": "\\u001b]0;PWNED\\u0007\\u001b[2J\xc2\x9b2Jsmoke\\r\\bseen HARMLESS"}' "$(date +%s%3N)")
mqtt_pub -q 1 -t "park/$SMOKE_ENT/$SMOKE/event" -m "$payload"
tui_wait A "$SMOKE .*HARMLESS" 10
screen=$(tui_screen A)
assert_not_contains "$screen" "PWNED" "the OSC title text reached the screen"
assert_match "$screen" '^ 1 Over' "the title bar was cleared by an escape sequence"
assert_match "$screen" '^ A +[0-2][0-9]:' "the status line was cleared by an escape sequence"
assert_eq "$title_a" "$(_pw_tmux display-message -p -t A '#{pane_title}')" "terminal title changed"

# ---- monochrome, read-only: labels still say P1; acknowledging is refused
console C --operator C --read-only --theme mono
tui_wait C "P1 .*$SMOKE .*UNACK"
tui_keys C 3
tui_wait C "P1 +UNACK .*$SMOKE"
tui_keys C a
tui_wait C "read-only console .*cannot acknowledge"

# ---- everyone quits cleanly
for t in A B C; do
	tui_keys "$t" q
	assert_eq 0 "$(tui_exit_status "$t")" "console $t exit status"
done
bg_stop rec TERM
assert_eq 0 "$BG_STATUS" "recorder exit status"
