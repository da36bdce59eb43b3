#!/bin/bash
# test_import.sh - `parkwatch import TABLE FILE` (CONTRACT.md section 1,
# docs/import.md): what `query` prints loads back into a fresh database and
# prints the same (computed columns aside); every class of bad row is
# reported as FILE:LINE and refuses the whole file, leaving the database
# byte-for-byte as it was; --skip-bad loads the rest; an existing code is
# updated, keeping the columns the file does not have; key places load, are
# checked and let sensors name them; CSV with a BOM and
# quoted commas, newlines and quotes; UTF-16 and Latin-1 files refused; an
# import killed half way leaves the database as before.
. "$abs_top_srcdir/tests/integration/lib.sh"

A="$PW_TMP_ROOT/a.db"   # a seeded park
B="$PW_TMP_ROOT/b.db"   # fresh, filled only by import
T="$PW_TMP_ROOT"
assert_exit 0 "$PW" --db "$A" db init
assert_exit 0 "$PW" --db "$A" seed --enterprises 20 --seed 11
assert_exit 0 "$PW" --db "$B" db init

# query TABLE without the computed columns (they depend on alarms, hazards,
# rosters and loans, which are not base data).
stable()
{
	local db=$1 table=$2
	"$PW" --db "$db" query "$table" | python3 -c '
import sys
drop = {"risk", "risk_score", "last_value", "last_ts", "state", "online",
        "members_on_duty", "status" if sys.argv[1] == "teams" else "", "available"}
rows = [l.rstrip("\n").split("\t") for l in sys.stdin]
keep = [i for i, n in enumerate(rows[0]) if n not in drop]
for r in rows:
    print("\t".join(r[i] for i in keep))' "$table"
}

# The whole database as SQL text: equal dumps mean nothing changed.
dump() { python3 -c 'import sqlite3, sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "$1"; }

# Every importable table, in the order they load into an empty database.
TABLES="enterprises key_places sensors chemicals certificates teams members equipment inspections"

test_round_trip_of_every_table_into_a_fresh_database()
{
	local t
	for t in $TABLES; do
		"$PW" --db "$A" query "$t" >"$T/$t.tsv"
		assert_exit 0 "$PW" --db "$B" import "$t" "$T/$t.tsv" --operator 导入员
		assert_match "$RUN_OUT" "^$t: [1-9][0-9]* added, 0 updated, 0 bad$" "$t summary"
	done
	# Compared once all are in: teams.members counts the members imported after.
	for t in $TABLES; do
		assert_eq "$(stable "$A" "$t")" "$(stable "$B" "$t")" "query $t after the round trip"
	done
	# Risk was recomputed from what was imported; each import has its duty entry.
	assert_match "$("$PW" --db "$B" query risk | sed -n 2p)" "	(red|orange|yellow|blue)	[0-9.]+	" "risk"
	run "$PW" --db "$B" query duty
	assert_match "$RUN_OUT" "导入员	system	import sensors from $T/sensors.tsv: [0-9]+ added, 0 updated, 0 bad"
	assert_eq 9 "$(grep -c '	导入员	system	import ' <<<"$RUN_OUT")" "one duty entry per import"
	# The same file again updates every row and changes nothing visible.
	assert_exit 0 "$PW" --db "$B" import sensors "$T/sensors.tsv"
	assert_match "$RUN_OUT" "^sensors: 0 added, [1-9][0-9]* updated, 0 bad$"
	assert_eq "$(stable "$A" sensors)" "$(stable "$B" sensors)" "sensors after a second import"
	assert_exit 0 "$PW" --db "$B" db check
}

test_each_class_of_bad_row_is_reported_and_nothing_is_written()
{
	local f="$T/bad-sensors.tsv" before
	printf '%s\n' \
		$'code\tenterprise_code\tkind\tunit\tl1\tl2\tdirection\tlocation' \
		$'N-OK-1\tE0001\tnh3\tmg/m3\t30\t60\thigh\tgood row' \
		$'\tE0001\tnh3\tmg/m3\t30\t60\thigh\tno code' \
		$'N-OK-1\tE0001\tnh3\tmg/m3\t30\t60\thigh\tsame code again' \
		$'N-BAD-3\tE9999\tnh3\tmg/m3\t30\t60\thigh\tno such enterprise' \
		$'N-BAD-4\tE0001\tnh3\tmg/m3\tabc\t60\thigh\tnot a number' \
		$'N-BAD-5\tE0001\tgas\tmg/m3\t30\t60\thigh\tunknown kind' \
		$'N-BAD-6\tE0001\tnh3\tmg/m3\t30\t60\tup\tunknown direction' \
		$'N-BAD-7\tE0001\tnh3\tmg/m3\t60\t30\thigh\thigh but l1 > l2' \
		$'N-BAD-8\tE0001\to2\t%VOL\t18\t19.5\tlow\tlow but l1 < l2' \
		$'N-BAD-9\tE0001\tnh3\tmg/m3\t30\t60' \
		$'N-BAD-10\tE0001\tnh3\tmg/m3\t30\t60\thigh\tbad \\q escape' \
		$'N-OK-2\tE0001\to2\t%VOL\t19.5\t18\tlow\tgood low row' >"$f"
	before=$(dump "$B")
	assert_exit 1 "$PW" --db "$B" import sensors "$f"
	assert_contains "$RUN_ERR" "$f:3: code: required, but empty"
	assert_contains "$RUN_ERR" "$f:4: duplicate: the same code as line 2"
	assert_contains "$RUN_ERR" "$f:5: enterprise_code 'E9999' is not an enterprise"
	assert_contains "$RUN_ERR" "$f:6: l1: not a number: 'abc'"
	assert_contains "$RUN_ERR" "$f:7: kind: 'gas' is not one of nh3, lel"
	assert_contains "$RUN_ERR" "$f:8: direction: 'up' is not one of high, low"
	assert_contains "$RUN_ERR" "$f:9: thresholds: direction high needs l1 < l2"
	assert_contains "$RUN_ERR" "$f:10: thresholds: direction low needs l1 > l2"
	assert_contains "$RUN_ERR" "$f:11: 6 fields, the header has 8"
	assert_contains "$RUN_ERR" "$f:12: field 8: a backslash must be followed by"
	assert_contains "$RUN_ERR" "parkwatch: import: 10 bad rows in $f; nothing imported"
	assert_not_contains "$RUN_ERR" "$f:2:"
	assert_not_contains "$RUN_ERR" "$f:13:"
	assert_eq "$before" "$(dump "$B")" "the database after a refused import"

	# Dates, times, member status and team references in other tables.
	printf 'enterprise_code,holder,kind,number,expires\nE0001,张三,电工作业,T-1,2026-02-30\n' >"$T/c.csv"
	assert_exit 1 "$PW" --db "$B" import certificates "$T/c.csv"
	assert_contains "$RUN_ERR" "$T/c.csv:2: expires: not a date: '2026-02-30'"
	printf 'team_code,name,role,status\nNOPE,李四,队员,available\nKFQ-ZZ,王五,队员,sleeping\n' >"$T/m.csv"
	assert_exit 1 "$PW" --db "$B" import members "$T/m.csv"
	assert_contains "$RUN_ERR" "$T/m.csv:2: team_code 'NOPE' is not a team"
	assert_contains "$RUN_ERR" "$T/m.csv:3: status: 'sleeping' is not one of available"
	printf 'enterprise_code,inspector,org,ts\nE0001,赵六,网格,yesterday\n' >"$T/i.csv"
	assert_exit 1 "$PW" --db "$B" import inspections "$T/i.csv"
	assert_contains "$RUN_ERR" "$T/i.csv:2: ts: not a time: 'yesterday'"
	printf 'code,name,industry,zone,colour\nX1,甲,化工,一期,red\n' >"$T/e.csv"
	assert_exit 1 "$PW" --db "$B" import enterprises "$T/e.csv"
	assert_contains "$RUN_ERR" "$T/e.csv:1: unknown column 'colour'"
	printf 'code,name\nX1,甲\n' >"$T/e2.csv"
	assert_exit 1 "$PW" --db "$B" import enterprises "$T/e2.csv"
	assert_contains "$RUN_ERR" "$T/e2.csv:1: required column 'industry' is missing"
	assert_eq "$before" "$(dump "$B")" "the database after the refused imports"
	assert_exit 2 "$PW" --db "$B" import alarms "$T/e2.csv"
	assert_exit 2 "$PW" --db "$B" import sensors
}

test_skip_bad_loads_the_good_rows_and_still_reports_the_bad()
{
	assert_exit 0 "$PW" --db "$B" import --skip-bad sensors "$T/bad-sensors.tsv"
	assert_eq "sensors: 2 added, 0 updated, 10 bad" "$RUN_OUT"
	assert_contains "$RUN_ERR" "$T/bad-sensors.tsv:5: enterprise_code 'E9999'"
	assert_contains "$RUN_ERR" "warning: 10 bad rows skipped"
	run "$PW" --db "$B" query sensors
	assert_match "$RUN_OUT" $'^N-OK-1\tE0001\tnh3\tmg/m3\t30\t60\thigh\t'
	assert_match "$RUN_OUT" $'^N-OK-2\tE0001\to2\t%VOL\t19.5\t18\tlow\t'
	assert_not_contains "$RUN_OUT" "N-BAD-"
}

test_update_changes_only_the_columns_in_the_file()
{
	printf 'code,enterprise_code,kind,l1,l2\nN-OK-1,E0001,nh3,25,50\n' >"$T/thr.csv"
	assert_exit 0 "$PW" --db "$B" import sensors "$T/thr.csv"
	assert_eq "sensors: 0 added, 1 updated, 0 bad" "$RUN_OUT"
	run "$PW" --db "$B" query sensors
	# Thresholds changed; unit, direction and location kept.
	assert_match "$RUN_OUT" $'^N-OK-1\tE0001\tnh3\tmg/m3\t25\t50\thigh\t.*\tgood row\t'
}

test_key_places_are_checked_upserted_and_named_by_sensors()
{
	local k="$PW_TMP_ROOT/kp.db" f="$T/kp-bad.tsv" before
	assert_exit 0 "$PW" --db "$k" db init
	assert_exit 0 "$PW" --db "$k" import enterprises "$abs_top_srcdir/docs/examples/enterprises.csv"
	# A sensor cannot name a key place its enterprise does not have yet.
	printf 'code,enterprise_code,kind,key_place\nK-NH3-1,E9001,nh3,2号机房\n' >"$T/kps.csv"
	assert_exit 1 "$PW" --db "$k" import sensors "$T/kps.csv"
	assert_contains "$RUN_ERR" "$T/kps.csv:2: key_place '2号机房' is not one of enterprise E9001's"

	printf '%s\n' \
		$'enterprise_code\tcategory\tname\tlocation\tlat\tlon' \
		$'E9001\tammonia\t2号机房\t北楼\t29.28\t120.09' \
		$'E0404\tdust\t打磨车间\t\t\t' \
		$'E9001\tgas\t气瓶间\t\t\t' \
		$'E9001\tlithium\t电池库\t\t95\t120' \
		$'E9001\tspray\t2号机房\t\t\t' \
		$'E9001\t\t无类别\t\t\t' >"$f"
	before=$(dump "$k")
	assert_exit 1 "$PW" --db "$k" import key_places "$f"
	assert_contains "$RUN_ERR" "$f:3: enterprise_code 'E0404' is not an enterprise"
	assert_contains "$RUN_ERR" \
		"$f:4: category: 'gas' is not one of ammonia, dust, spray, hazchem, confined, lithium"
	assert_contains "$RUN_ERR" "$f:5: lat: 95 is out of range (-90..90)"
	assert_contains "$RUN_ERR" "$f:6: duplicate: the same key as line 2"
	assert_contains "$RUN_ERR" "$f:7: category: required, but empty"
	assert_contains "$RUN_ERR" "parkwatch: import: 5 bad rows in $f; nothing imported"
	assert_not_contains "$RUN_ERR" "$f:2:"
	assert_eq "$before" "$(dump "$k")" "the database after a refused key-place import"

	assert_exit 0 "$PW" --db "$k" import --skip-bad key_places "$f"
	assert_eq "key_places: 1 added, 0 updated, 5 bad" "$RUN_OUT"
	# Key places feed risk: the ammonia room is now one of E9001's reasons.
	assert_match "$("$PW" --db "$k" query risk)" $'^E9001\t[a-z]+\t[0-9.]+\t[^\t]*涉氨制冷'
	# Upsert on enterprise + name: category and lat change, location is kept.
	printf 'enterprise_code,name,category,lat\nE9001,2号机房,confined,29.5\n' >"$T/kp-up.csv"
	assert_exit 0 "$PW" --db "$k" import key_places "$T/kp-up.csv"
	assert_eq "key_places: 0 added, 1 updated, 0 bad" "$RUN_OUT"
	assert_eq $'enterprise_code\tcategory\tname\tlocation\tlat\tlon\nE9001\tconfined\t2号机房\t北楼\t29.5\t120.09' \
		"$("$PW" --db "$k" query key_places)" "key_places after the update"
	# Now the sensor that names it loads, and query shows the link.
	assert_exit 0 "$PW" --db "$k" import sensors "$T/kps.csv"
	assert_eq "sensors: 1 added, 0 updated, 0 bad" "$RUN_OUT"
	assert_match "$("$PW" --db "$k" query sensors)" $'^K-NH3-1\tE9001\tnh3\t.*\t2号机房$'
	assert_exit 0 "$PW" --db "$k" db check
}

test_csv_with_bom_and_quoted_commas_newlines_and_quotes()
{
	printf '\xef\xbb\xbfcode,name,industry,zone,address,employees\r\n' >"$T/ent.csv"
	printf 'C-001,"义乌市""安达""化工有限公司",化工,一期,"苏溪镇, 工业大道1号",12\r\n' >>"$T/ent.csv"
	printf 'C-002,第二家,食品,二期,"第一行\n第二行",\r\n' >>"$T/ent.csv"
	printf '\r\nC-003,第三家,食品,二期,,7\r\n' >>"$T/ent.csv"
	assert_exit 0 "$PW" --db "$B" import enterprises "$T/ent.csv"
	assert_eq "enterprises: 3 added, 0 updated, 0 bad" "$RUN_OUT"
	run "$PW" --db "$B" query enterprises
	assert_match "$RUN_OUT" $'^C-001\t义乌市"安达"化工有限公司\t化工\t一期\t'
	assert_match "$RUN_OUT" $'\tC?苏溪镇, 工业大道1号\t' "comma kept inside the quoted address"
	assert_match "$RUN_OUT" $'\t第一行\\\\n第二行\t' "newline kept (escaped by query)"
	assert_match "$RUN_OUT" $'^C-003\t第三家\t.*\t7\t'
	# A CSV error names the line the record starts on.
	printf 'code,name,industry,zone\nC-004,ok,食品,二期\nC-005,"bad"x,食品,二期\n' >"$T/q.csv"
	assert_exit 1 "$PW" --db "$B" import enterprises "$T/q.csv"
	assert_contains "$RUN_ERR" "$T/q.csv:3: not valid CSV"
	# Records spanning lines keep their first line for reports.
	printf 'enterprise_code,inspector,org,ts,findings\nE0001,甲,网格,2026-11-01T09:00:00+08:00,"a\nb"\nE0001,乙,网格,never,x\n' >"$T/ml.csv"
	assert_exit 1 "$PW" --db "$B" import inspections "$T/ml.csv"
	assert_contains "$RUN_ERR" "$T/ml.csv:4: ts: not a time: 'never'"
}

test_other_encodings_are_refused()
{
	printf 'code\tname\tindustry\tzone\nU-1\t名字\t化工\t一期\n' >"$T/u8.tsv"
	iconv -f UTF-8 -t UTF-16 "$T/u8.tsv" >"$T/u16.tsv"
	assert_exit 1 "$PW" --db "$B" import enterprises "$T/u16.tsv"
	assert_match "$RUN_ERR" "^parkwatch: import: $T/u16.tsv: the file is UTF-16 .*save it as UTF-8"
	printf 'code,name,industry,zone\nL-1,Caf\xe9 Cr\xe8me,food,one\n' >"$T/latin1.csv"
	assert_exit 1 "$PW" --db "$B" import enterprises "$T/latin1.csv"
	assert_contains "$RUN_ERR" "$T/latin1.csv:2: not UTF-8 text"
	iconv -f UTF-8 -t GB18030 "$T/u8.tsv" >"$T/gb.tsv"
	assert_exit 1 "$PW" --db "$B" import enterprises "$T/gb.tsv"
	assert_contains "$RUN_ERR" "not UTF-8 text"
	assert_not_contains "$("$PW" --db "$B" query enterprises)" "U-1"
}

test_an_import_killed_half_way_leaves_the_database_as_before()
{
	local f="$T/big-sensors.tsv" before pid
	python3 - "$f" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("code\tenterprise_code\tkind\tunit\tl1\tl2\tdirection\tlocation\n")
    for i in range(200000):
        f.write(f"K-{i:06d}\tE{1 + i % 20:04d}\tnh3\tmg/m3\t30\t60\thigh\t第{i}号\n")
PY
	before=$(dump "$B")
	local wal0
	wal0=$(stat -c %s "$B-wal" 2>/dev/null || echo 0)
	"$PW" --db "$B" import sensors "$f" >/dev/null 2>&1 &
	pid=$!
	# Kill it inside the transaction: once rows spill into the WAL (1 MB more).
	wal_grew()
	{
		[ "$(stat -c %s "$B-wal" 2>/dev/null || echo 0)" -gt $((wal0 + 1048576)) ] ||
			! kill -0 "$pid" 2>/dev/null
	}
	wait_until 120 wal_grew || fail "the import neither wrote nor ended"
	if kill -KILL "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null || true
		assert_eq "$before" "$(dump "$B")" "the database after a killed import"
		assert_exit 0 "$PW" --db "$B" db check
	else
		wait "$pid" || true
		note "the import finished before it could be killed; nothing to check"
	fi
}

test_the_documented_examples_load_into_an_empty_database()
{
	local e="$PW_TMP_ROOT/examples.db" t
	assert_exit 0 "$PW" --db "$e" db init
	for t in $TABLES; do
		assert_exit 0 "$PW" --db "$e" import "$t" "$abs_top_srcdir/docs/examples/$t.csv"
		assert_match "$RUN_OUT" "^$t: [1-9][0-9]* added, 0 updated, 0 bad$" "example $t"
	done
	assert_match "$("$PW" --db "$e" query enterprises)" $'^E9002\t义乌市"安达"化工有限公司\t'
	# The example sensors name the example key places they watch.
	assert_match "$("$PW" --db "$e" query sensors)" $'^E9001-NH3-01\tE9001\t.*\t氨制冷机房$'
	assert_match "$("$PW" --db "$e" query key_places)" $'^E9002\tconfined\t污水处理池\t厂区西南角, 围墙内侧\t'
}

test_the_documented_examples_load_into_an_empty_database
test_round_trip_of_every_table_into_a_fresh_database
test_each_class_of_bad_row_is_reported_and_nothing_is_written
test_skip_bad_loads_the_good_rows_and_still_reports_the_bad
test_update_changes_only_the_columns_in_the_file
test_key_places_are_checked_upserted_and_named_by_sensors
test_csv_with_bom_and_quoted_commas_newlines_and_quotes
test_other_encodings_are_refused
test_an_import_killed_half_way_leaves_the_database_as_before
