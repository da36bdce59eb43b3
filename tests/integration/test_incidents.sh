#!/bin/bash
# `incident open|dispatch|advance|status|note|show` (CONTRACT.md section 1):
# incidents opened from an enterprise and from a real alarm raised through
# the broker and the recorder; a team dispatch sends its available members
# and a second one is refused while nobody is left; dispatch stages record
# their times and move the member's status; status moves only forward and
# closing releases every unit; equipment loaned to it counts against the
# store until returned; each action is in `query duty`; the linkage
# picture names the enterprise downwind of the incident for a wind published
# on park/weather/<station>/wind.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
export PARKWATCH_OPERATOR=tester

# Field COL of the first row of `query TABLE` whose field KEYCOL is KEY.
query_field()
{
	local table=$1 keycol=$2 key=$3 col=$4
	"$PW" query "$table" | awk -F '\t' -v k="$keycol" -v v="$key" -v c="$col" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx[k] == v && !done { print $idx[c]; done = 1 }'
}

# How many members of team $1 have status $2.
members_with()
{
	"$PW" query members | awk -F '\t' -v t="$1" -v s="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["team_code"] == t && $idx["status"] == s { n++ } END { print n + 0 }'
}

duty_count() { "$PW" query duty | wc -l; }

# The lines of section $2 ("Downwind", "Dispatches") of `incident show $1`.
show_section()
{
	"$PW" incident show "$1" | awk -v s="$2" 'index($0, s) == 1 { on = 1; next } on && /^$/ { exit } on'
}

make_park()
{
	assert_exit 0 "$PW" db init
	run "$PW" seed --enterprises 30 --seed 11
	[ "$RUN_RC" = 0 ] || skip "seed is not available: $RUN_ERR"
	TEAM=$("$PW" query teams | awk -F '\t' '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["status"] == "available" && !done { print $idx["code"]; done = 1 }')
	[ -n "$TEAM" ] || fail "the seeded park has no available team"
}

test_bad_usage_exits_2()
{
	assert_exit 2 "$PW" incident
	assert_exit 2 "$PW" incident burn
	assert_exit 2 "$PW" incident open --type leak
	assert_contains "$RUN_ERR" "--alarm"
	assert_exit 2 "$PW" incident open --enterprise E0001 --alarm 1 --type leak
	assert_exit 2 "$PW" incident open --enterprise E0001
	assert_exit 2 "$PW" incident open --enterprise E0001 --type meteor
	assert_exit 2 "$PW" incident open --enterprise E0001 --type leak --severity 5
	assert_exit 2 "$PW" incident dispatch 1
	assert_exit 2 "$PW" incident dispatch one --team X
	assert_exit 2 "$PW" incident advance 1 teleported
	assert_exit 2 "$PW" incident status 1 solved
	assert_exit 2 "$PW" incident advance --team X 1 en_route
	assert_exit 2 "$PW" incident advance --incident 1 dispatched
}

test_unknown_things_exit_1_and_change_nothing()
{
	local before
	before=$(duty_count)
	assert_exit 1 "$PW" incident open --enterprise NOPE --type fire
	assert_eq "parkwatch: incident open: no enterprise NOPE" "$RUN_ERR"
	assert_exit 1 "$PW" incident open --alarm 99999 --type leak
	assert_eq "parkwatch: incident open: no alarm 99999" "$RUN_ERR"
	assert_exit 1 "$PW" incident dispatch 99999 --team "$TEAM"
	assert_eq "parkwatch: incident dispatch: no incident 99999" "$RUN_ERR"
	assert_eq "$before" "$(duty_count)" "failed actions write nothing"
}

test_open_from_an_enterprise_prints_its_id_and_logs_it()
{
	assert_exit 0 "$PW" incident open --enterprise E0002 --type fire --severity 2 --summary "smoke in store"
	assert_match "$RUN_OUT" '^[0-9]+$'
	INC=$RUN_OUT
	assert_eq fire "$(query_field incidents id "$INC" type)"
	assert_eq E0002 "$(query_field incidents id "$INC" enterprise_code)"
	assert_eq pending "$(query_field incidents id "$INC" status)"
	assert_match "$(query_field incidents id "$INC" opened_at)" '^[0-9-]+T[0-9:]+[+-][0-9:]+$'
	assert_match "$("$PW" query duty)" "	tester	incident	incident $INC opened: fire severity 2 at E0002 .*: smoke in store(	|$)"
}

test_team_dispatch_sends_available_members_and_refuses_when_none_is_left()
{
	local avail before
	avail=$(members_with "$TEAM" available)
	assert_exit 0 "$PW" incident dispatch "$INC" --team "$TEAM" --operator li
	assert_eq "$INC" "$RUN_OUT" "dispatch prints the incident id"
	local sent
	sent=$(members_with "$TEAM" dispatched)
	[ "$sent" -ge 1 ] && [ "$sent" -le "$avail" ] || fail "dispatched $sent of $avail available members"
	assert_match "$("$PW" query duty)" "	li	dispatch	dispatch team $TEAM .* to incident $INC \\(E0002\\): $sent members?: "
	# The rest (off the roster) may go with a second call; then nobody is left.
	while [ "$(members_with "$TEAM" available)" -gt 0 ]; do
		assert_exit 0 "$PW" incident dispatch "$INC" --team "$TEAM"
	done
	before=$(duty_count)
	assert_exit 1 "$PW" incident dispatch "$INC" --team "$TEAM"
	assert_match "$RUN_ERR" "^parkwatch: incident dispatch: team $TEAM has no available member"
	assert_eq "$before" "$(duty_count)" "a refused dispatch writes nothing"
	# A single member who is out cannot be sent again either.
	local busy
	busy=$("$PW" query members | awk -F '\t' -v t="$TEAM" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["team_code"] == t && $idx["status"] == "dispatched" && !done { print $idx["id"]; done = 1 }')
	assert_exit 1 "$PW" incident dispatch "$INC" --member "$busy"
	assert_contains "$RUN_ERR" "is not available: dispatched"
}

test_dispatch_stages_record_times_and_member_status()
{
	local line did member
	line=$(show_section "$INC" "Dispatches" | head -1)
	did=$(awk '{ print $1 }' <<<"$line")
	member=$(awk '{ print $3 }' <<<"$line")
	assert_match "$did" '^[0-9]+$' "the timeline lists dispatch ids"
	assert_exit 0 "$PW" incident advance "$did" en_route
	assert_eq "$did en_route" "$RUN_OUT"
	assert_eq en_route "$(query_field members name "$member" status)"
	assert_exit 1 "$PW" incident advance "$did" en_route
	assert_contains "$RUN_ERR" "is already en_route"
	assert_exit 0 "$PW" incident advance "$did" on_scene
	assert_eq on_scene "$(query_field members name "$member" status)"
	line=$(show_section "$INC" "Dispatches" | awk -v d="$did" '$1 == d')
	assert_match "$line" "^ +$did +$TEAM +$member +on_scene +[0-9-]+ [0-9:]+ +[0-9-]+ [0-9:]+ +[0-9-]+ [0-9:]+ +-$"
	assert_exit 0 "$PW" incident advance "$did" cleared
	assert_eq available "$(query_field members name "$member" status)"
	assert_exit 1 "$PW" incident advance "$did" on_scene
	assert_match "$("$PW" query duty)" "	dispatch	dispatch $did \\($member $TEAM\\) cleared at incident $INC(	|$)"
	# The console's e: every unit of the team still out goes en route at once.
	local out
	out=$(members_with "$TEAM" dispatched)
	assert_exit 0 "$PW" incident advance --incident "$INC" --team "$TEAM" en_route
	assert_eq "$INC $out en_route" "$RUN_OUT"
	assert_eq "$out" "$(members_with "$TEAM" en_route)"
	assert_match "$("$PW" query duty)" "	dispatch	incident $INC: $out units? en_route: "
	assert_exit 1 "$PW" incident advance --incident "$INC" --team "$TEAM" en_route
	assert_contains "$RUN_ERR" "can move to en_route"
}

test_equipment_loaned_to_the_incident_counts_against_the_store()
{
	local eq avail loan
	eq=$("$PW" query equipment | awk -F '\t' '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["available"] >= 2 && !done { print $idx["code"]; done = 1 }')
	[ -n "$eq" ] || fail "the seeded store has no equipment with two available"
	avail=$(query_field equipment code "$eq" available)
	assert_exit 1 "$PW" incident loan "$INC" --equipment "$eq" --qty $((avail + 1))
	assert_contains "$RUN_ERR" "only $avail of $eq"
	assert_exit 1 "$PW" incident loan "$INC" --equipment NO-SUCH
	assert_eq "parkwatch: incident loan: no equipment NO-SUCH" "$RUN_ERR"
	assert_exit 0 "$PW" incident loan "$INC" --equipment "$eq" --qty 2 --borrower 张队
	loan=$RUN_OUT
	assert_eq $((avail - 2)) "$(query_field equipment code "$eq" available)"
	assert_match "$("$PW" query duty)" "	loan	loan $loan: 2 x $eq .* to incident $INC \\(E0002\\), borrower 张队(	|$)"
	assert_match "$(show_section "$INC" "Equipment loaned")" "^  $loan  2  $eq  .*  张队  [0-9-]+ [0-9:]+  -$"
	assert_exit 0 "$PW" incident return "$loan"
	assert_eq "$avail" "$(query_field equipment code "$eq" available)"
	assert_exit 1 "$PW" incident return "$loan"
	assert_contains "$RUN_ERR" "is already returned"
}

test_status_moves_forward_only_and_closing_releases_every_unit()
{
	assert_exit 0 "$PW" incident status "$INC" active
	assert_eq "$INC active" "$RUN_OUT"
	assert_exit 1 "$PW" incident status "$INC" pending
	assert_contains "$RUN_ERR" "can only move forward"
	assert_exit 0 "$PW" incident note "$INC" gate 2 closed, road blocked
	assert_contains "$(show_section "$INC" "Log")" "gate 2 closed, road blocked"
	assert_match "$("$PW" query duty)" "	incident	incident $INC note: gate 2 closed, road blocked(	|$)"
	assert_exit 0 "$PW" incident status "$INC" closed
	assert_eq closed "$(query_field incidents id "$INC" status)"
	assert_match "$(query_field incidents id "$INC" closed_at)" '^[0-9-]+T'
	assert_eq 0 "$(members_with "$TEAM" dispatched)" "closing clears the units still out"
	assert_eq 0 "$(members_with "$TEAM" en_route)" "closing clears the units still out"
	assert_exit 1 "$PW" incident dispatch "$INC" --team "$TEAM"
	assert_contains "$RUN_ERR" "is closed"
	assert_exit 0 "$PW" db check
}

start_recorder()
{
	run "$PW" record --help
	[ "$RUN_RC" = 0 ] || skip "record is not available in this build"
	broker_start
	bg_start rec "$PW" --broker "$BROKER_URL" record
	wait_until 10 grep -q 'link up' "$(bg_log rec)" || fail "recorder did not connect: $(cat "$(bg_log rec)")"
}

# Publish a wind FROM $1 degrees to every seeded station until it is stored.
publish_wind()
{
	local dir=$1 i st ts
	for ((i = 0; i < 20; i++)); do
		ts=$(date +%s%3N)
		for st in WS01 WS02 WS03 WS04; do
			mqtt_pub -q 1 -t "park/weather/$st/wind" -m "{\"ts\": $ts, \"dir_deg\": $dir, \"speed_ms\": 3.5}"
		done
		wait_until 1 grep -q "from $dir°" <("$PW" incident show "$WIND_INC") && return 0
	done
	fail "the wind from $dir was not stored: $(cat "$(bg_log rec)")"
}

test_downwind_enterprise_is_named_for_the_wind_published()
{
	# The closest pair of enterprises (A, B) under 1.5 km apart, and the
	# bearing from A to B: a wind from the opposite side carries A's gas to B.
	local pair a b bearing dir
	pair=$("$PW" query enterprises | awk -F '\t' '
		function rad(x) { return x * 3.14159265358979 / 180 }
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["lat"] != "" { n++; c[n] = $idx["code"]; la[n] = $idx["lat"]; lo[n] = $idx["lon"] }
		END {
			best = 1e9
			for (i = 1; i <= n; i++) for (j = 1; j <= n; j++) {
				if (i == j) continue
				p1 = rad(la[i]); p2 = rad(la[j]); dl = rad(lo[j] - lo[i])
				h = sin((p2 - p1) / 2) ^ 2 + cos(p1) * cos(p2) * sin(dl / 2) ^ 2
				d = 2 * 6371008.8 * atan2(sqrt(h), sqrt(1 - h))
				if (d > 50 && d < best) {
					best = d; bi = i; bj = j
					br = atan2(sin(dl) * cos(p2), cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl)) * 180 / 3.14159265358979
					bb = (br + 360) % 360
				}
			}
			if (best < 1500) printf "%s %s %.0f\n", c[bi], c[bj], bb
		}')
	[ -n "$pair" ] || skip "no two seeded enterprises within 1.5 km"
	read -r a b bearing <<<"$pair"
	dir=$(((bearing + 180) % 360))
	note "$b lies ${bearing}° from $a: wind from $dir"
	assert_exit 0 "$PW" incident open --enterprise "$a" --type leak
	WIND_INC=$RUN_OUT
	publish_wind "$dir"
	assert_contains "$(show_section "$WIND_INC" "Downwind")" "  $b  " "$b is downwind of $a"
	publish_wind "$bearing"
	assert_not_contains "$(show_section "$WIND_INC" "Downwind")" "  $b  " "$b is upwind for the reverse wind"
	# Before any incident: the same picture around B names A downwind.
	assert_exit 0 "$PW" incident show --enterprise "$b"
	assert_contains "$(awk '/^Downwind/ { on = 1; next } on && /^$/ { exit } on' <<<"$RUN_OUT")" "  $a  "
	assert_not_contains "$RUN_OUT" "Incident "
	assert_exit 1 "$PW" incident show --enterprise NOPE
	assert_eq "parkwatch: incident show: no enterprise NOPE" "$RUN_ERR"
	assert_exit 2 "$PW" incident show 1 --enterprise "$b"
}

test_open_from_a_real_alarm_takes_its_enterprise()
{
	local sensor ent unit l2 alarm i
	sensor=$("$PW" query sensors | awk -F '\t' '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		($idx["kind"] == "nh3" || $idx["kind"] == "lel") && $idx["direction"] == "high" &&
		$idx["l2"] != "" && !done { print $idx["code"]; done = 1 }')
	[ -n "$sensor" ] || fail "the seeded park has no high gas sensor"
	ent=$(query_field sensors code "$sensor" enterprise_code)
	unit=$(query_field sensors code "$sensor" unit)
	l2=$(query_field sensors code "$sensor" l2)
	for ((i = 0; i < 20; i++)); do
		mqtt_pub -q 1 -t "park/$ent/$sensor/reading" -m \
			"{\"ts\": $(($(date +%s%3N) - 30000)), \"value\": $(awk -v l="$l2" 'BEGIN { print l * 2 }'), \"unit\": \"$unit\"}"
		wait_until 1 test -n "$(query_field alarms sensor_code "$sensor" id)" && break
	done
	alarm=$(query_field alarms sensor_code "$sensor" id)
	[ -n "$alarm" ] || fail "no alarm for $sensor: $(cat "$(bg_log rec)")"
	assert_exit 0 "$PW" incident open --alarm "$alarm" --type leak --severity 1
	local inc=$RUN_OUT
	assert_eq "$ent" "$(query_field incidents id "$inc" enterprise_code)"
	assert_eq "$alarm" "$(query_field incidents id "$inc" alarm_id)"
	assert_match "$("$PW" query duty)" "	incident	incident $inc opened: leak severity 1 at $ent .*\\(alarm $alarm $sensor P1\\)"
	assert_contains "$("$PW" incident show "$inc")" "Enterprise $ent "
	bg_stop rec
	assert_eq 0 "$BG_STATUS" "recorder exits 0 on SIGTERM"
	assert_exit 0 "$PW" db check
}

make_park
test_bad_usage_exits_2
test_unknown_things_exit_1_and_change_nothing
test_open_from_an_enterprise_prints_its_id_and_logs_it
test_team_dispatch_sends_available_members_and_refuses_when_none_is_left
test_dispatch_stages_record_times_and_member_status
test_equipment_loaned_to_the_incident_counts_against_the_store
test_status_moves_forward_only_and_closing_releases_every_unit
start_recorder
test_downwind_enterprise_is_named_for_the_wind_published
test_open_from_a_real_alarm_takes_its_enterprise
