#!/bin/bash
# test_incidents_console.sh - emergency linkage in the console at 80x24: on
# the Alarms screen, i and Enter open an incident from a new priority-1
# alarm and show its linkage picture, which names the enterprise, a
# chemical it stores, the wind and an available team; d and Enter dispatch
# that team (query members and query duty agree); the Incidents screen (6)
# lists the incident.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v sqlite3 >/dev/null || skip "sqlite3 is needed to script the alarm and the wind"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 20 --seed 7

# An ammonia sensor of an enterprise that stores a chemical, in alarm at P1,
# and an east wind at every station (as the recorder would store them).
row=$(sqlite3 -separator ' ' "$DB" "
	SELECT s.id, s.enterprise_id, e.code, c.name FROM sensors s
	JOIN enterprises e ON e.id = s.enterprise_id JOIN chemicals c ON c.enterprise_id = e.id
	WHERE s.kind = 'nh3' ORDER BY s.id LIMIT 1")
[ -n "$row" ] || fail "the seeded park has no ammonia sensor at an enterprise with chemicals"
read -r sensor_id ent_id ent chem <<<"$row"
now=$(date +%s%3N)
sqlite3 "$DB" "
	INSERT INTO alarms (sensor_id, enterprise_id, condition, level, priority, state, raised_at,
	                    value, peak, message, updated_at)
	VALUES ($sensor_id, $ent_id, 'limit', 2, 1, 'unack', $now, 120, 120, 'NH3 120 mg/m3 >= L2', $now);
	INSERT INTO wind (station_id, ts, dir_deg, speed_ms) SELECT id, $now, 90, 3.5 FROM stations;"
note "alarm at $ent (stores $chem)"

tui_start C 80 24 "$PW" --db "$DB" console --no-mqtt --operator 值班员乙
tui_wait C 'Over'
tui_keys C 3
tui_wait C "^P1 +UNACK .*$ent"
tui_keys C i
tui_wait C "^New incident at $ent: "
tui_keys C Enter
tui_wait C '^Incident #1 +泄漏 leak +SEV 1 +pending'
tui_wait C "^$ent "
tui_wait C 'from alarm 1'
# The first page already says where the gas goes and who can go.
tui_wait C '^wind 东风 . 3.5 m/s, downwind:'
tui_wait C '^available: [A-Z0-9-]+ [1-9]'

# ] walks the sections: chemicals, readings, wind, teams.
tui_keys C ']' ']'
tui_wait C "Chemicals"
tui_wait C "^ +$chem +[0-9.]+ t"
tui_keys C ']' ']'
tui_wait C '东风 .* from 90 E, toward 270, 3.5 m/s'
tui_keys C ']'
tui_wait C '── Teams'
tui_wait C '^ +[A-Z0-9-]+ +[1-9][0-9]*/[0-9]+ avail'

tui_keys C d
tui_wait C '^Dispatch to #1 - team code'
team=$(tui_screen C | sed -n 's/^Dispatch to #1 - team code (or m<member id>) \[\([A-Z0-9-]*\):.*/\1/p')
[ -n "$team" ] || fail "the dispatch prompt suggests no team"
tui_keys C Enter
tui_wait C "team $team dispatched to incident #1: [0-9]+ members"

run "$PW" --db "$DB" query members
assert_match "$RUN_OUT" "	$team	.*	dispatched	" "the team's members are dispatched"
run "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" "	值班员乙	incident	incident 1 opened: leak severity 1 at $ent .*\\(alarm 1 "
assert_match "$RUN_OUT" "	值班员乙	dispatch	dispatch team $team .* to incident 1 "

tui_keys C Escape
tui_wait C '^ +1 泄漏 leak +1 pending +'"$ent"

# i on the Enterprises list: a second incident, at the selected enterprise.
tui_keys C 2
tui_wait C '^E0001 '
tui_keys C i
tui_wait C '^New incident at E0001: '
tui_keys C -l f2
tui_keys C Enter
tui_wait C '^Incident #2 +火灾 fire +SEV 2 +pending'
assert_eq fire "$("$PW" --db "$DB" query incidents | awk -F '\t' '$1 == 2 && $3 == "E0001" { print $2 }')"
tui_keys C q
assert_eq 0 "$(tui_exit_status C)"
