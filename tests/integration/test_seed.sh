#!/bin/bash
# `parkwatch seed` builds a deterministic, plausible demo park, and
# `regs import` / `regs search` load and find laws and regulations
# (CONTRACT.md sections 1 and 5).
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || skip "the sqlite3 command-line shell is not installed"

D=$(pw_tmpdir)
# The site's calendar day, as the seed sees it (default time zone of the config).
TODAY=$(TZ=Asia/Shanghai date +%F)

sql() { sqlite3 -batch -noheader "$1" "$2"; }

# Every row of every table, minus what records the real time of seeding:
# meta seeded_at, the duty log and its chain head.
data_dump()
{
	sqlite3 "$1" .dump | grep -v -e "'seeded_at'" -e "INSERT INTO duty_log" -e "'duty_head'"
}

# One seeded 240-enterprise park (defaults) shared by the plausibility checks.
PARK="$D/park.db"
"$PW" --db "$PARK" seed >"$D/park.out" 2>&1 || fail "seed with defaults failed: $(cat "$D/park.out")"

test_same_enterprises_and_seed_give_identical_data()
{
	assert_exit 0 "$PW" --db "$D/a.db" seed --enterprises 30 --seed 7
	assert_match "$RUN_OUT" '^seeded 30 enterprises, ' "one-line summary"
	assert_exit 0 "$PW" seed --enterprises=30 --seed=7 --db "$D/b.db"
	local a b
	a=$(data_dump "$D/a.db")
	b=$(data_dump "$D/b.db")
	[ -n "$a" ] || fail "empty dump"
	[ "$a" == "$b" ] || fail "two seeds with N=30 S=7 differ: $(diff <(echo "$a") <(echo "$b") | head -n 10)"
	assert_eq 30 "$(sql "$D/a.db" 'SELECT count(*) FROM enterprises')" "30 enterprises"
}

test_a_different_seed_gives_a_different_park()
{
	assert_exit 0 "$PW" --db "$D/c.db" seed --enterprises 30 --seed 8
	[ "$(data_dump "$D/c.db")" != "$(data_dump "$D/a.db")" ] || fail "S=8 gave the same data as S=7"
}

test_every_enterprise_has_a_sensor_a_code_and_a_position_in_the_park()
{
	assert_eq 240 "$(sql "$PARK" 'SELECT count(*) FROM enterprises')" "default is 240 enterprises"
	assert_eq 0 "$(sql "$PARK" 'SELECT count(*) FROM enterprises e WHERE NOT EXISTS
		(SELECT 1 FROM sensors s WHERE s.enterprise_id = e.id)')" "enterprises without a sensor"
	assert_eq 0 "$(sql "$PARK" "SELECT count(*) FROM enterprises WHERE code NOT GLOB 'E[0-9][0-9][0-9][0-9]'
		OR name NOT LIKE '%公司' OR principal IS NULL OR address IS NULL")" "codes, names, principals"
	assert_eq 240 "$(sql "$PARK" 'SELECT count(DISTINCT name) FROM enterprises')" "company names are unique"
	# Within about 6 km of the park centre (29.33 N, 120.10 E).
	assert_eq 0 "$(sql "$PARK" 'SELECT count(*) FROM enterprises WHERE abs(lat - 29.33) > 0.055
		OR abs(lon - 120.10) > 0.063')" "enterprises outside the park"
	assert_eq 0 "$(sql "$PARK" 'SELECT count(*) FROM sensors WHERE lat IS NULL OR lon IS NULL')" \
		"sensors without coordinates"
	assert_match "$(sql "$PARK" 'SELECT code FROM sensors')" '^E[0-9]{4}-NH3-01$' "sensor codes like E0001-NH3-01"
	assert_eq 6 "$(sql "$PARK" 'SELECT count(DISTINCT zone) FROM enterprises')" "six zones"
}

test_phone_numbers_are_all_in_the_fictitious_range()
{
	assert_eq 0 "$(sql "$PARK" "SELECT count(*) FROM (
		SELECT phone p FROM enterprises UNION ALL SELECT safety_phone FROM enterprises
		UNION ALL SELECT phone FROM contacts UNION ALL SELECT phone FROM personnel
		UNION ALL SELECT phone FROM members UNION ALL SELECT phone FROM teams)
		WHERE p NOT GLOB '1990000[0-9][0-9][0-9][0-9]'")" "phones outside 1990000xxxx"
}

test_sensor_limits_follow_gbt_50493()
{
	assert_eq "mg/m3|30.0|60.0|high" "$(sql "$PARK" "SELECT DISTINCT unit, l1, l2, direction FROM sensors
		WHERE kind = 'nh3'")" "ammonia: 100 % and 200 % of PC-STEL 30 mg/m3"
	assert_eq "%LEL|20.0|50.0|high" "$(sql "$PARK" "SELECT DISTINCT unit, l1, l2, direction FROM sensors
		WHERE kind = 'lel'")" "combustible gas in %LEL"
	assert_eq "%vol|19.5|18.0|low|23.5" "$(sql "$PARK" "SELECT DISTINCT unit, l1, l2, direction, opposite_l1
		FROM sensors WHERE kind = 'o2'")" "oxygen low 19.5 and high 23.5"
	assert_eq 0 "$(sql "$PARK" "SELECT count(*) FROM sensors WHERE kind IN ('smoke', 'flame', 'camera')
		AND (l1 IS NOT NULL OR l2 IS NOT NULL)")" "discrete detectors have no limits"
	assert_eq 4 "$(sql "$PARK" 'SELECT count(*) FROM stations')" "weather stations"
}

test_chemicals_carry_real_cas_numbers_and_gb_18218_thresholds()
{
	assert_eq "7664-41-7|10.0" "$(sql "$PARK" "SELECT DISTINCT cas, threshold_t FROM chemicals WHERE name = '液氨'")"
	local sources
	sources=$(sql "$PARK" 'SELECT count(*) FROM (SELECT enterprise_id FROM chemicals WHERE threshold_t > 0
		GROUP BY enterprise_id HAVING sum(quantity_t / threshold_t) >= 1)')
	((sources >= 1)) || fail "no enterprise is a major hazard source (sum q/Q >= 1)"
}

test_risk_colours_cover_all_four()
{
	local c
	for c in red orange yellow blue; do
		(($(sql "$PARK" "SELECT count(*) FROM enterprises WHERE risk = '$c'") >= 1)) ||
			fail "no $c enterprise in a 240 park"
	done
	(($(sql "$PARK" "SELECT count(*) FROM enterprises WHERE risk = 'blue'") > \
		$(sql "$PARK" "SELECT count(*) FROM enterprises WHERE risk = 'red'"))) || fail "more red than blue"
	assert_eq 240 "$(sql "$PARK" 'SELECT count(*) FROM risk_scores')" "every enterprise has a score"
}

test_certificates_include_expired_and_expiring_ones()
{
	(($(sql "$PARK" "SELECT count(*) FROM certificates WHERE expires < '$TODAY'") > 0)) ||
		fail "no expired certificate"
	(($(sql "$PARK" "SELECT count(*) FROM certificates WHERE expires >= '$TODAY'
		AND expires <= date('$TODAY', '+30 days')") > 0)) || fail "no certificate expiring within 30 days"
}

test_hazards_are_in_every_status_with_a_trace_per_move()
{
	assert_eq 6 "$(sql "$PARK" 'SELECT count(DISTINCT status) FROM hazards')" "statuses present"
	assert_eq 2 "$(sql "$PARK" 'SELECT count(DISTINCT grade) FROM hazards')" "general and major"
	assert_eq 0 "$(sql "$PARK" "SELECT count(*) FROM hazards h WHERE NOT EXISTS (SELECT 1 FROM hazard_trace t
		WHERE t.hazard_id = h.id AND t.to_status = h.status)")" "hazards whose trace misses their status"
	assert_eq 0 "$(sql "$PARK" "SELECT count(*) FROM hazards WHERE status IN ('verified', 'closed')
		AND verified_by = submitted_by")" "verifier is never the submitter"
	(($(sql "$PARK" "SELECT count(*) FROM hazards WHERE status NOT IN ('verified', 'closed')
		AND deadline < '$TODAY'") > 0)) || fail "no overdue hazard"
	assert_eq 0 "$(sql "$PARK" "SELECT count(*) FROM hazard_trace WHERE ts > $(date +%s)000")" \
		"hazard moves in the future"
}

test_seeded_database_passes_db_check()
{
	assert_exit 0 "$PW" --db "$PARK" db check
}

test_inspections_leave_some_enterprises_unvisited_for_a_month()
{
	local now_ms stale
	now_ms=$(($(date +%s) * 1000))
	stale=$(sql "$PARK" "SELECT count(*) FROM enterprises e WHERE coalesce((SELECT max(ts) FROM inspections i
		WHERE i.enterprise_id = e.id), 0) < $now_ms - 30 * 86400000")
	((stale > 0)) || fail "every enterprise was inspected within 30 days"
	(($(sql "$PARK" "SELECT count(DISTINCT org_kind) FROM inspections") == 2)) || fail "grid and third party"
}

test_roster_covers_now_and_the_rescue_store_is_stocked()
{
	local now_ms
	now_ms=$(($(date +%s) * 1000))
	(($(sql "$PARK" "SELECT count(*) FROM roster r JOIN members m ON m.id = r.member_id
		JOIN teams t ON t.id = m.team_id WHERE t.code = 'QX-KFQ'
		AND r.starts_at <= $now_ms AND r.ends_at > $now_ms") > 0)) || fail "nobody of QX-KFQ on duty now"
	assert_exit 0 "$PW" --db "$PARK" query teams
	assert_match "$RUN_OUT" $'^QX-KFQ\t千喜救援队开发区中队\t[1-9]' "the volunteer squad, on duty"
	assert_exit 0 "$PW" --db "$PARK" query equipment
	assert_contains "$RUN_OUT" "正压式空气呼吸器"
	assert_contains "$RUN_OUT" "动力皮划艇"
	(($(sql "$PARK" "SELECT count(*) FROM loans WHERE returned_at IS NULL") > 0)) || fail "no open loan"
}

test_seed_refuses_a_database_that_already_has_enterprises()
{
	local before
	before=$(data_dump "$D/a.db")
	assert_exit 1 "$PW" --db "$D/a.db" seed --enterprises 5
	assert_contains "$RUN_ERR" "database already has 30 enterprises (use a fresh file)"
	assert_eq "$before" "$(data_dump "$D/a.db")" "a refused seed changes nothing"
}

test_seed_bad_usage_exits_2()
{
	local args
	for args in "--enterprises 0" "--enterprises 100001" "--enterprises ten" "--seed -1" "--seed" "extra"; do
		# shellcheck disable=SC2086
		assert_exit 2 "$PW" --db "$D/never.db" seed $args
		assert_contains "$RUN_ERR" "Try 'parkwatch seed --help'"
	done
	[ ! -e "$D/never.db" ] || fail "bad usage created the database"
}

# Each query finds at least one article, and every line is title, label, snippet.
search_finds()
{
	assert_exit 0 "$PW" --db "$PARK" regs search "$1"
	[ -n "$RUN_OUT" ] || fail "regs search '$1' found nothing"
	assert_match "$RUN_OUT" "^[^	]+	[^	]+	.*\\[$2\\]" "search '$1': title, label, marked snippet"
	if grep -qvE '^[^	]+	[^	]+	[^	]+$' <<<"$RUN_OUT"; then
		fail "search '$1': a line without exactly three fields"
	fi
}

test_regs_search_finds_one_two_and_many_character_chinese_and_english()
{
	search_finds 氨 氨
	search_finds 氨气 氨气
	search_finds 消防 消防
	search_finds 重大危险源 重大危险源
	search_finds ammonia ammonia
	search_finds AMMONIA ammonia
	search_finds LEL LEL
	assert_exit 0 "$PW" --db "$PARK" regs search 重大危险源
	assert_contains "$RUN_OUT" "GB 18218-2018 危险化学品重大危险源辨识"
	assert_exit 0 "$PW" --db "$PARK" regs search --limit 2 氨
	assert_eq 2 "$(wc -l <<<"$RUN_OUT")" "--limit 2"
}

test_regs_search_without_results_exits_0_and_says_so_on_stderr()
{
	assert_exit 0 "$PW" --db "$PARK" regs search 这段文字不存在于任何法规
	assert_eq "" "$RUN_OUT" "nothing on stdout"
	assert_contains "$RUN_ERR" "no results"
	assert_exit 2 "$PW" --db "$PARK" regs search
	assert_exit 2 "$PW" --db "$PARK" regs frobnicate
}

test_regs_import_reports_a_bad_line_as_file_and_line_and_imports_nothing()
{
	local good="$D/good.md" bad="$D/bad.md"
	printf '# 演示规程甲\nnumber: 演示第1号\n\n## 第一条\n百分之百 100%% 完好，a_b 编号。\n\n## 第二条\n氨气检测。\n' >"$good"
	printf '# 演示规程乙\nnumber: 演示第2号\nthis is not a key line\n\n## 第一条\n正文\n' >"$bad"
	assert_exit 0 "$PW" --db "$D/regs.db" db init
	assert_exit 1 "$PW" --db "$D/regs.db" regs import "$good" "$bad"
	assert_contains "$RUN_ERR" "$bad:3: "
	assert_exit 0 "$PW" --db "$D/regs.db" regs search 演示
	assert_eq "" "$RUN_OUT" "a refused import stores nothing, not even the good file"
	assert_exit 0 "$PW" --db "$D/regs.db" regs import "$good"
	assert_eq "imported 演示规程甲 (2 articles)" "$RUN_OUT"
	assert_exit 0 "$PW" --db "$D/regs.db" regs import "$good"
	assert_eq 2 "$(sql "$D/regs.db" 'SELECT count(*) FROM reg_articles')" "re-import replaces, not duplicates"
	assert_eq 2 "$(sql "$D/regs.db" 'SELECT count(*) FROM reg_fts')" "index rows replaced too"
	assert_exit 1 "$PW" --db "$D/regs.db" regs import "$D/missing.md"
	assert_contains "$RUN_ERR" "$D/missing.md: "
}

test_regs_search_treats_like_wildcards_literally()
{
	assert_exit 0 "$PW" --db "$D/regs.db" regs search %
	assert_match "$RUN_OUT" $'\t第一条\t.*100\\[%\\]' "'%' matches the literal percent sign"
	assert_exit 0 "$PW" --db "$D/regs.db" regs search _
	assert_eq 1 "$(grep -c . <<<"$RUN_OUT")" "'_' matches only the article with an underscore"
	assert_contains "$RUN_OUT" "a[_]b"
}

test_same_enterprises_and_seed_give_identical_data
test_a_different_seed_gives_a_different_park
test_every_enterprise_has_a_sensor_a_code_and_a_position_in_the_park
test_phone_numbers_are_all_in_the_fictitious_range
test_sensor_limits_follow_gbt_50493
test_chemicals_carry_real_cas_numbers_and_gb_18218_thresholds
test_risk_colours_cover_all_four
test_certificates_include_expired_and_expiring_ones
test_hazards_are_in_every_status_with_a_trace_per_move
test_inspections_leave_some_enterprises_unvisited_for_a_month
test_seeded_database_passes_db_check
test_roster_covers_now_and_the_rescue_store_is_stocked
test_seed_refuses_a_database_that_already_has_enterprises
test_seed_bad_usage_exits_2
test_regs_search_finds_one_two_and_many_character_chinese_and_english
test_regs_search_without_results_exits_0_and_says_so_on_stderr
test_regs_import_reports_a_bad_line_as_file_and_line_and_imports_nothing
test_regs_search_treats_like_wildcards_literally
