#!/bin/bash
# test_p1_sound_console.sh - a new priority-1 alarm keeps sounding until it
# is acknowledged, and M silences it (EEMUA 191). tmux counts the bells
# through its alert-bell hook. With [console] bell_repeat = 1 the bell
# rings again and again; M stops it, says so, and the duty log has the
# silence; a second P1 alarm rings anew; its acknowledgement from another
# process (the command-line twin) stops that one too, and is logged; Ctrl-G
# silences from inside a prompt, and the entry is written once it closes.
. "$abs_top_srcdir/tests/integration/lib.sh"

DB="$PW_TMP_ROOT/park.db"
CONF="$PW_TMP_ROOT/parkwatch.conf"
printf '[console]\nbell = yes\nbell_repeat = 1\n' >"$CONF"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 20

run "$PW" --db "$DB" query sensors
mapfile -t smoke < <(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["kind"] == "smoke" { print $c["enterprise_code"] " " $c["code"] }' <<<"$RUN_OUT" | head -n 3)
[ "${#smoke[@]}" -eq 3 ] || fail "the seeded park has fewer than three smoke detectors"

smoke_alarm()
{
	local ent=${1% *} sensor=${1#* }
	mqtt_pub -q 1 -t "park/$ent/$sensor/event" -m "{\"ts\": $(date +%s%3N), \"event\": \"alarm\", \"detail\": \"smoke $2\"}"
}
alarm_id()
{
	run "$PW" --db "$DB" query alarms
	awk -F '\t' -v s="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["sensor_code"] == s { print $c["id"]; exit }' <<<"$RUN_OUT"
}

BELLS="$PW_TMP_ROOT/bells"
: >"$BELLS"
bells() { wc -l <"$BELLS"; }
# more_bells N: the bell rings N more times from now.
at_least() { [ "$(bells)" -ge "$1" ]; }
more_bells() { wait_until 15 at_least $(($(bells) + $1)); }

broker_start
tui_start A 80 24 "$PW" --config "$CONF" --db "$DB" --broker "$BROKER_URL" console --operator A
_pw_tmux set-option -g monitor-bell on \; set-hook -g alert-bell "run-shell 'echo bell >>$BELLS'"
tui_wait A 'MQTT up'
tui_wait A 'P1 0 '
assert_eq 0 "$(bells)" "the bell rang with no alarm"

# ---- a P1 alarm rings, and keeps ringing
smoke_alarm "${smoke[0]}" one
tui_wait A 'P1 1 '
tui_wait A 'RINGING M'
more_bells 3 || fail "the bell did not keep ringing for an unacknowledged P1 alarm ($(bells) bells)"
ID1=$(alarm_id "${smoke[0]#* }")
[ -n "$ID1" ] || fail "no alarm for ${smoke[0]}"

# ---- M silences it: it stops, the screen says so, the duty log has it
tui_keys A M
tui_wait A "silenced alarm $ID1 \(${smoke[0]#* } P1\)"
tui_wait_gone A 'RINGING M'
n=$(bells)
sleep 3   # three repeat intervals
assert_eq "$n" "$(bells)" "the bell still rings after M"
run "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" $'\tA\talarm\tsilenced alarm '"$ID1"' \('"${smoke[0]#* }"' P1\)' "no duty-log entry for the silence"
# Silenced is not acknowledged.
tui_wait A 'P1 1 '

# ---- a second P1 alarm rings anew; its acknowledgement elsewhere stops it
smoke_alarm "${smoke[1]}" two
tui_wait A 'P1 2 '
tui_wait A 'RINGING M'
more_bells 2 || fail "a new P1 alarm after a silence did not ring"
ID2=$(alarm_id "${smoke[1]#* }")
assert_exit 0 "$PW" --db "$DB" alarm ack "$ID2" --comment "on my way"
tui_wait_gone A 'RINGING M'
tui_wait A 'P1 1 '
n=$(bells)
sleep 3
assert_eq "$n" "$(bells)" "the bell still rings after the alarm was acknowledged"
run "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" $'\talarm\tack alarm '"$ID2"' ' "no duty-log entry for the acknowledgement"

# ---- Ctrl-G silences even while a prompt is open; the prompt keeps its text
# and the silence is logged once the prompt is closed
smoke_alarm "${smoke[2]}" three
tui_wait A 'RINGING M'
ID3=$(alarm_id "${smoke[2]#* }")
tui_keys A :
tui_keys A -l 'the'
tui_keys A C-g
tui_wait_gone A 'RINGING M'
tui_wait A '^:the'
tui_keys A Escape
duty_has_silence3()
{
	run "$PW" --db "$DB" query duty
	grep -q $'	A	alarm	silenced alarm '"$ID3 " <<<"$RUN_OUT"
}
wait_until 10 duty_has_silence3 || fail "the silence from inside a prompt is not in the duty log"

# ---- M with nothing sounding says so; the help lists the key
tui_keys A M
tui_wait A 'no alarm is sounding'
tui_keys A '?'
tui_wait A 'M, Ctrl-G +silence the sounding P1 alarm'
tui_keys A Escape
tui_keys A q
assert_eq 0 "$(tui_exit_status A 10)" "the console did not quit with 0"

# ---- [console] terminal_notify = osc777: the terminal's own notification,
# read from the raw output (script(1) keeps it; tmux would swallow it), and
# hostile text from the network cannot end the sequence early.
if command -v script >/dev/null 2>&1; then
	RAW="$PW_TMP_ROOT/raw.out"
	printf '[console]\nterminal_notify = osc777\n' >"$PW_TMP_ROOT/osc.conf"
	assert_exit 0 "$PW" --db "$DB" alarm ack "$ID1"
	tui_start B 80 24 script -q -f -c "$PW --config $PW_TMP_ROOT/osc.conf --db $DB --broker $BROKER_URL console --operator B" "$RAW"
	tui_wait B 'MQTT up'
	ent=${smoke[0]% *}
	sensor=${smoke[0]#* }
	mqtt_pub -q 1 -t "park/$ent/$sensor/event" -m '{"ts": '"$(date +%s%3N)"', "event": "clear"}'
	mqtt_pub -q 1 -t "park/$ent/$sensor/event" -m '{"ts": '"$(($(date +%s%3N) + 1))"', "event": "alarm", "detail": "smoke\u0007\u001b]0;PWNED\u0007 four"}'
	osc_seen() { grep -qa $'\e]777;notify;parkwatch P1 alarm;' "$RAW"; }
	wait_until 10 osc_seen || fail "no OSC 777 notification in the terminal output"
	note=$(grep -ao $'\e]777;notify;parkwatch P1 alarm;[^\a]*\a' "$RAW" | head -n 1)
	assert_contains "$note" "$sensor" "the notification does not name the sensor"
	assert_contains "$note" "four" "the hostile detail ended the notification early"
	assert_not_contains "$note" "PWNED"$'\a' "a BEL from the network reached the terminal"
	tui_keys B q
	assert_eq 0 "$(tui_exit_status B 10)" "console B did not quit with 0"
fi
