#!/bin/bash
# `report shift` (CONTRACT.md section 1, issue 6): a scripted shift on the
# seeded park - duty-log notes (one flagged), a hazard moved, one alarm raised
# through broker + recorder and acknowledged, another left unacknowledged -
# and both report formats show each of them; the CSV parses with Python's csv
# module as one section,item,field,value table; a flagged note is carried
# until `log --clear-flag` clears it; bad usage exits 2.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
export PARKWATCH_OPERATOR=tester

# Field COL of the first row of `query TABLE` whose KEYCOL is KEY.
query_field()
{
	local table=$1 keycol=$2 key=$3 col=$4
	"$PW" query "$table" | awk -F '\t' -v k="$keycol" -v v="$key" -v c="$col" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx[k] == v && !done { print $idx[c]; done = 1 }'
}

# The first two high-direction gas sensors with both limits: "code enterprise unit l2".
gas_sensors()
{
	"$PW" query sensors | awk -F '\t' '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		($idx["kind"] == "nh3" || $idx["kind"] == "lel") && $idx["direction"] == "high" &&
		$idx["l2"] != "" && n < 2 { print $idx["code"], $idx["enterprise_code"], $idx["unit"], $idx["l2"]; n++ }'
}

has_alarm() { test -n "$(query_field alarms sensor_code "$1" id)"; }

# Raise an L2 alarm on sensor CODE of ENTERPRISE (reading dated 30 s back,
# past any on-delay), republishing until the recorder has it.
raise()
{
	local code=$1 ent=$2 unit=$3 l2=$4 i ts
	for ((i = 0; i < 20; i++)); do
		ts=$(($(date +%s%3N) - 30000 + i))
		mqtt_pub -q 1 -t "park/$ent/$code/reading" \
			-m "{\"ts\": $ts, \"value\": $(awk -v l="$l2" 'BEGIN { print l * 2 }'), \"unit\": \"$unit\"}"
		wait_until 1 has_alarm "$code" && return 0
	done
	fail "no alarm for $code: $(cat "$(bg_log rec)")"
}

setup_shift()
{
	assert_exit 0 "$PW" db init
	assert_exit 0 "$PW" seed --enterprises 20 --seed 7
	assert_exit 0 "$PW" log --category note "2号泵房巡查正常, all quiet"
	assert_exit 0 "$PW" log --flag --category note "东门消防栓漏水，需报修 \"urgent\""
	FLAGGED_ID=$RUN_OUT

	HAZARD=$("$PW" query hazards | awk -F '\t' 'NR > 1 && $4 == "reported" { print $1; exit }')
	[ -n "$HAZARD" ] || fail "the seeded park has no reported hazard"
	assert_exit 0 "$PW" hazard move "$HAZARD" assigned --assignee 李工 --note "派李工整改"

	run "$PW" record --help
	[ "$RUN_RC" = 0 ] || skip "record is not available in this build"
	broker_start
	bg_start rec "$PW" --broker "$BROKER_URL" record
	wait_until 10 grep -q 'link up' "$(bg_log rec)" || fail "recorder did not connect"
	local sensors
	mapfile -t sensors < <(gas_sensors)
	[ "${#sensors[@]}" = 2 ] || fail "the seeded park needs two gas sensors with limits"
	# shellcheck disable=SC2086
	set -- ${sensors[0]}
	SENSOR_ACKED=$1
	raise "$@"
	# shellcheck disable=SC2086
	set -- ${sensors[1]}
	SENSOR_OPEN=$1
	raise "$@"
	bg_stop rec
	ALARM_ACKED=$(query_field alarms sensor_code "$SENSOR_ACKED" id)
	ALARM_OPEN=$(query_field alarms sensor_code "$SENSOR_OPEN" id)
	assert_exit 0 "$PW" alarm ack "$ALARM_ACKED" --comment "现场确认" --operator zhang
}

FROM=$(date -Iseconds -d '-1 hour')
TO=$(date -Iseconds -d '+1 hour')

test_text_report_has_every_section_and_the_shift_events()
{
	assert_exit 0 "$PW" report shift --from "$FROM" --to "$TO" --operator 王值班
	local out=$RUN_OUT
	for heading in "Alarms of the shift by priority and state" "Alarms unacknowledged or shelved now" \
		"Incidents opened" "Incidents closed" "Hazards moved" "Hazards overdue now" \
		"Equipment out on loan" "Roster of the next shift" "Flagged notes carried forward" \
		"Duty log of the shift"; do
		assert_contains "$out" "== " "section headings"
		assert_match "$out" "^== .*$heading ==$" "heading '$heading'"
	done
	assert_match "$out" "prepared_by +王值班$" "names who prepared it"
	assert_contains "$out" "2号泵房巡查正常, all quiet" "duty entry of the window"
	assert_contains "$out" "东门消防栓漏水" "flagged note"
	# The acked alarm, by state, with who acknowledged it.
	assert_match "$out" "^  $ALARM_ACKED +1 +ack +$SENSOR_ACKED .*zhang" "acknowledged alarm listed"
	assert_match "$out" "^  1 +ack +1$" "counted as P1 ack"
	assert_match "$out" "^  1 +unack +1$" "the other counted as P1 unack"
	# Still unacknowledged now: the second alarm, not the first.
	local open_part
	open_part=$(sed -n '/Alarms unacknowledged or shelved now/,/Incidents opened/p' <<<"$out")
	assert_match "$open_part" "^  $ALARM_OPEN +1 +unack +$SENSOR_OPEN" "open alarm in the open section"
	assert_not_contains "$open_part" " $SENSOR_ACKED " "acked alarm not in the open section"
	assert_match "$out" "^  .* $HAZARD +E[0-9]+ .*reported +assigned +tester +派李工整改$" "hazard move"
	assert_match "$(sed -n '/Equipment out on loan/,/Roster of the next/p' <<<"$out")" "^  EQ-" "loans"
}

test_csv_report_parses_and_holds_the_same_facts()
{
	assert_exit 0 "$PW" report shift --from "$FROM" --to "$TO" --format csv
	local csv=$RUN_OUT facts
	printf '%s\n' "$csv" | python3 -c 'import csv,sys; list(csv.reader(sys.stdin))' ||
		fail "CSV does not parse"
	# Flatten to section|field|value lines to look facts up.
	facts=$(printf '%s\n' "$csv" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert rows[0] == ["section", "item", "field", "value"], rows[0]
for r in rows[1:]:
    assert len(r) == 4, r
    print("|".join([r[0], r[2], r[3]]))')
	assert_contains "$facts" "duty|text|2号泵房巡查正常, all quiet"
	assert_contains "$facts" "flagged_notes|text|东门消防栓漏水，需报修 \"urgent\""
	assert_contains "$facts" "flagged_notes|id|$FLAGGED_ID"
	assert_contains "$facts" "alarms|acked_by|zhang"
	assert_contains "$facts" "alarms_open|sensor_code|$SENSOR_OPEN"
	assert_not_contains "$facts" "alarms_open|sensor_code|$SENSOR_ACKED"
	assert_contains "$facts" "hazards_moved|hazard_id|$HAZARD"
	assert_contains "$facts" "hazards_moved|note|派李工整改"
	assert_contains "$facts" "shift|from|$(TZ=Asia/Shanghai date -d "$FROM" -Iseconds)"
	assert_match "$facts" "^roster_next\\|rows\\|[0-9]+$"
	# Quoting: the embedded quote and comma survive the round trip above, and
	# lines end in CRLF as RFC 4180 says.
	assert_match "$(head -c 200 <<<"$csv" | od -c)" '\\r  *\\n' "CRLF line ends"
}

test_events_outside_the_window_are_left_out()
{
	assert_exit 0 "$PW" report shift --from 2020-01-01T08:00:00+08:00 --format csv
	assert_not_contains "$RUN_OUT" "2号泵房巡查正常"
	assert_contains "$RUN_OUT" "duty,0,rows,0"
	# ...but flagged notes are carried forward whatever the window.
	assert_contains "$RUN_OUT" "东门消防栓漏水"
}

test_default_window_is_the_current_shift()
{
	assert_exit 0 "$PW" report shift
	local h from
	# The site's zone (the default, as no config names another).
	export TZ=Asia/Shanghai
	h=$(date +%H)
	h=$((10#$h))
	if ((h >= 8 && h < 20)); then
		from="$(date +%F)T08:00:00"
	elif ((h >= 20)); then
		from="$(date +%F)T20:00:00"
	else
		from="$(date -d "12 hours ago" +%F)T20:00:00"
	fi
	assert_match "$RUN_OUT" "^  from +$from" "current shift start"
}

test_flag_is_carried_until_cleared_with_a_reason()
{
	assert_exit 1 "$PW" log --clear-flag 1 "not flagged"
	assert_contains "$RUN_ERR" "is not flagged"
	assert_exit 2 "$PW" log --clear-flag "$FLAGGED_ID"
	assert_exit 2 "$PW" log --category flag_clear "cleared flag of entry #$FLAGGED_ID: by hand"
	assert_exit 0 "$PW" log --clear-flag "$FLAGGED_ID" 已报修，物业确认
	assert_match "$("$PW" query duty)" "	tester	flag_clear	cleared flag of entry #$FLAGGED_ID: 已报修，物业确认(	|$)"
	assert_exit 1 "$PW" log --clear-flag "$FLAGGED_ID" twice
	assert_contains "$RUN_ERR" "cleared already"
	assert_exit 0 "$PW" report shift --from 2020-01-01T08:00:00+08:00 --format csv
	assert_contains "$RUN_OUT" "flagged_notes,0,rows,0"
	assert_not_contains "$RUN_OUT" "东门消防栓漏水"
}

test_bad_usage_exits_2()
{
	assert_exit 2 "$PW" report
	assert_exit 2 "$PW" report month
	assert_exit 2 "$PW" report shift --format xml
	assert_exit 2 "$PW" report shift --from yesterday-ish
	assert_exit 2 "$PW" report shift --from 2026-11-29 --to 2026-11-28
	assert_exit 2 "$PW" report shift extra
}

setup_shift
test_text_report_has_every_section_and_the_shift_events
test_csv_report_parses_and_holds_the_same_facts
test_events_outside_the_window_are_left_out
test_default_window_is_the_current_shift
test_flag_is_carried_until_cleared_with_a_reason
test_bad_usage_exits_2
