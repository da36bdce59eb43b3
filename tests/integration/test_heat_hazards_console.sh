#!/bin/bash
# test_heat_hazards_console.sh - risk supervision and the hidden-hazard loop
# in a real 80x24 terminal (tmux), mono theme, on a seeded park:
#  - the heat table (h from the overview) shows text labels in mono, and
#    every cell - zone x key-place category and the total, per colour -
#    equals the aggregates of `query risk` joined with the key places;
#  - Enter on a cell lists exactly that cell's enterprises;
#  - a major hazard reported from the command line appears on the Hazards
#    screen within ~2 s; a move made in the console is in `query hazards`
#    and `query duty`; an illegal move is refused and changes nothing; the
#    hazard walks to closed, verified by another operator than the submitter;
#  - a read-only console refuses to report; the Inspections screen counts the
#    enterprises not visited for 30 days and opens their cards;
#  - i on a hazard, a visit and a not-inspected enterprise opens an incident
#    at that row's enterprise (`query incidents`).
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || skip "the sqlite3 command-line shell is needed to compute the expected counts"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 60

# console NAME [OPERATOR [OPTIONS...]] (operator 值班员甲 by default)
console()
{
	local name=$1 op=${2:-值班员甲}
	shift
	[ $# -gt 0 ] && shift
	tui_start "$name" 80 24 "$PW" --db "$DB" console --no-mqtt --theme mono --operator "$op" "$@"
}

# move NAME ID FROM TO [NOTE]: press m on hazard ID (in FROM), accept or type
# TO, answer the note prompt with NOTE (empty: skip).
move()
{
	local name=$1 id=$2 from=$3 to=$4 note=${5:-}
	tui_keys "$name" m
	tui_wait "$name" "Move #$id $from -> \\("
	tui_keys "$name" C-u
	tui_keys "$name" -l "$to"
	tui_keys "$name" Enter
	tui_wait "$name" 'Note \(optional\)|Rectification note'
	[ -z "$note" ] || tui_keys "$name" -l "$note"
	tui_keys "$name" Enter
}

# --- expected heat-table cells from `query risk` and the key places -------
assert_exit 0 "$PW" --db "$DB" query risk
printf '%s\n' "$RUN_OUT" >"$PW_TMP_ROOT/risk.tsv"
# zone|category|colour -> enterprises; category "total" counts each once.
declare -A want=()
while IFS='|' read -r zone cat colour n; do
	want["$zone|$cat|$colour"]=$n
done < <(sqlite3 "$DB" <<EOF
.mode tabs
.import $PW_TMP_ROOT/risk.tsv qr
.mode list
SELECT e.zone, k.category, q.colour, COUNT(DISTINCT e.id)
  FROM qr q JOIN enterprises e ON e.code = q.enterprise_code
  JOIN key_places k ON k.enterprise_id = e.id GROUP BY 1, 2, 3;
SELECT e.zone, 'total', q.colour, COUNT(*)
  FROM qr q JOIN enterprises e ON e.code = q.enterprise_code GROUP BY 1, 3;
EOF
)
mapfile -t zones < <(sqlite3 "$DB" "SELECT DISTINCT zone FROM enterprises ORDER BY zone")
((${#zones[@]} >= 3)) || fail "the seeded park has only ${#zones[@]} zones"
((${#want[@]} > 10)) || fail "no expected counts computed (query risk empty?)"
categories=(ammonia dust spray hazchem confined lithium total)
declare -A label=([ammonia]=涉氨制冷 [dust]=粉尘涉爆 [spray]=喷涂作业 [hazchem]=危险化学品
	[confined]=有限空间 [lithium]=锂电池储存 [total]='全部 all')

# What the detail line must say for ZONE x CATEGORY: "红a 橙b 黄c 蓝d = n".
expected_detail()
{
	local zone=$1 cat=$2 r o y b
	r=${want["$zone|$cat|red"]:-0}
	o=${want["$zone|$cat|orange"]:-0}
	y=${want["$zone|$cat|yellow"]:-0}
	b=${want["$zone|$cat|blue"]:-0}
	printf '红%s 橙%s 黄%s 蓝%s = %s' "$r" "$o" "$y" "$b" $((r + o + y + b))
}

# --- the heat table in mono at 80x24 ---------------------------------------
console heat
tui_wait heat 'Enterprises 60'
tui_keys heat h
tui_wait heat '风险热力表 Risk heat table'
screen=$(tui_screen heat)
assert_match "$screen" '氨 +粉尘 +喷涂 +危化 +受限 +锂电 +合计' "column headers abbreviated to fit 80 columns"
assert_match "$screen" '\[(红|橙|黄|蓝)\][0-9]+' "cells carry a text label, not colour alone"
assert_match "$screen" '^全园 park' "a whole-park row"
while IFS= read -r line; do
	w=$(printf '%s' "$line" | wc -L)
	((w <= 80)) || fail "line wider than 80 columns: $line"
done <<<"$screen"

# Walk every cell from the top-left; the detail line counts each colour.
tui_keys heat Home
for zone in "${zones[@]}"; do
	for cat in "${categories[@]}"; do
		detail=$(expected_detail "$zone" "$cat")
		tui_wait heat "^$zone × ${label[$cat]}: $detail\$" 3
		tui_keys heat l
	done
	tui_keys heat j h h h h h h
done

# The compact cell shows the worst colour and the count of the cell.
tui_keys heat Home
tui_wait heat "^${zones[0]} × "
row=$(tui_screen heat | grep -E "^${zones[0]} ")
total_n=0
worst=
for c in blue yellow orange red; do
	n=${want["${zones[0]}|total|$c"]:-0}
	total_n=$((total_n + n))
	((n > 0)) && worst=$c
done
declare -A zh=([red]=红 [orange]=橙 [yellow]=黄 [blue]=蓝)
assert_match "$row" "\[${zh[$worst]}\]$total_n\$" "total cell of ${zones[0]}: worst ${zh[$worst]}, $total_n enterprises"

# Enter on the zone's total cell lists exactly its enterprises.
tui_keys heat End
tui_wait heat "^全园 park × "
tui_keys heat Home
for _ in 1 2 3 4 5 6; do tui_keys heat l; done
tui_wait heat "^${zones[0]} × 全部 all: "
tui_keys heat Enter
tui_wait heat "^[0-9]+/$total_n "
tui_wait heat "${zones[0]}·合计·any"
tui_keys heat Escape
tui_wait heat '风险热力表 Risk heat table'

# B on the park's total cell: only the blue enterprises of the whole park.
blue=0
for zone in "${zones[@]}"; do blue=$((blue + ${want["$zone|total|blue"]:-0})); done
tui_keys heat End
tui_wait heat "^全园 park × 全部 all: "
tui_keys heat B
tui_wait heat "^[0-9]+/$blue .*全园·合计·蓝 blue"
tui_keys heat Escape

# g: rows by industry, then by grid.
tui_keys heat g
tui_wait heat 'rows: 行业 industry'
tui_keys heat g
tui_wait heat 'rows: 网格 grid'

# --- hazards: CLI report appears, console move is recorded -----------------
code=$(sqlite3 "$DB" "SELECT code FROM enterprises ORDER BY code LIMIT 1")
tui_keys heat 4
tui_wait heat 'Status'
assert_exit 0 "$PW" --db "$DB" hazard report "$code" --grade major --text 液氨管道腐蚀测试 --operator 网格员乙
id=$RUN_OUT
[[ $id =~ ^[0-9]+$ ]] || fail "hazard report printed '$id', not an id"
tui_wait heat "^ *$id 重大 major +已上报 reported " 3

# Filter the list down to it, then move it to assigned.
tui_keys heat /
tui_keys heat -l 液氨管道腐蚀测试
tui_keys heat Enter
tui_wait heat "^1/1 "
tui_keys heat m
tui_wait heat "Move #$id reported -> \(assigned\): assigned"
tui_keys heat Enter
tui_wait heat 'Assignee \(responsible'
tui_keys heat -l 王五
tui_keys heat Enter
tui_wait heat 'Deadline YYYY-MM-DD'
tui_keys heat Enter
for _ in 1 2 3 4; do
	tui_wait heat 'empty: skip'
	tui_keys heat Enter
done
tui_wait heat "hazard #$id: reported -> 已交办 assigned"
tui_wait heat "^ *$id 重大 major +已交办 assigned "

assert_exit 0 "$PW" --db "$DB" query hazards
assert_match "$RUN_OUT" "^$id	$code	major	assigned	" "query hazards has the console's move"
assert_exit 0 "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" "值班员甲	hazard	hazard $id .*reported -> assigned" "query duty has the console's move"

# An illegal move says what is allowed next and changes nothing.
tui_keys heat m
tui_wait heat "Move #$id assigned -> \(rectifying\)"
tui_keys heat C-u
tui_keys heat -l closed
tui_keys heat Enter
tui_wait heat "not moved: hazard $id: cannot move assigned -> closed; allowed next: rectifying"
assert_exit 0 "$PW" --db "$DB" query hazards
assert_match "$RUN_OUT" "^$id	$code	major	assigned	" "an illegal move changed nothing"

# Along the loop: rectifying, submitted; the submitter may not verify.
move heat "$id" assigned rectifying
tui_wait heat "hazard #$id: assigned -> 整改中 rectifying"
move heat "$id" rectifying submitted 已更换腐蚀管段
tui_wait heat "hazard #$id: rectifying -> 待验收 submitted"
move heat "$id" submitted verified
tui_wait heat "not moved: hazard $id: 值班员甲 submitted this rectification"
assert_exit 0 "$PW" --db "$DB" query hazards
assert_match "$RUN_OUT" "^$id	$code	major	submitted	" "the submitter's verification changed nothing"

# The detail shows the trace with both operators.
tui_keys heat Enter
tui_wait heat "^Hazard #$id"
tui_wait heat "网格员乙 +\(new\) -> reported"
tui_wait heat "值班员甲 +reported -> assigned"
tui_wait heat "值班员甲 +rectifying -> submitted +已更换腐蚀管段"
tui_keys heat q
[ "$(tui_exit_status heat)" = 0 ] || fail "console did not exit 0"

# Another operator verifies and closes it from a second console.
console v 值班员丙
tui_wait v 'Enterprises 60'
tui_keys v 4
tui_wait v 'Status'
tui_keys v /
tui_keys v -l 液氨管道腐蚀测试
tui_keys v Enter
tui_wait v "^ *$id 重大 major +待验收 submitted "
move v "$id" submitted verified 验收合格
tui_wait v "hazard #$id: submitted -> 已验收 verified"
move v "$id" verified closed
tui_wait v "hazard #$id: verified -> 已销号 closed"

# :risk set changes a parameter, recomputes and logs; :risk lists it.
tui_keys v :
tui_keys v -l 'risk set inspection.never 9'
tui_keys v Enter
tui_wait v 'risk: inspection.never = 9; every enterprise recomputed'
tui_keys v :
tui_keys v -l risk
tui_keys v Enter
tui_wait v 'Risk model parameters'
tui_keys v End
tui_wait v '^inspection.never +9 +\(default 8\)'
tui_keys v q
[ "$(tui_exit_status v)" = 0 ] || fail "second console did not exit 0"
assert_exit 0 "$PW" --db "$DB" query hazards
assert_match "$RUN_OUT" "^$id	$code	major	closed	" "walked from report to closed in the console"
assert_exit 0 "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" "值班员丙	hazard	hazard $id .*submitted -> verified" "the verification is in the duty log"
assert_match "$RUN_OUT" "值班员丙	hazard	hazard $id .*verified -> closed" "the closing is in the duty log"
assert_match "$RUN_OUT" "值班员丙	risk	risk parameter inspection.never set to 9" ":risk set is in the duty log"

# --- a read-only console refuses ------------------------------------------
console ro 值班员甲 --read-only
tui_wait ro 'Enterprises 60'
tui_keys ro 4
tui_wait ro 'Status'
tui_keys ro r
tui_wait ro 'read-only console \(--read-only\): cannot report hazards'
tui_keys ro :
tui_keys ro -l 'risk set band.red 10'
tui_keys ro Enter
tui_wait ro 'read-only console \(--read-only\): cannot change the risk model'

# --- inspections: recent visits, and who has not been visited for 30 days --
stale=$(sqlite3 "$DB" "SELECT COUNT(*) FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM inspections i
	WHERE i.enterprise_id = e.id AND i.ts >= (strftime('%s', 'now') - 30 * 86400) * 1000)")
tui_keys ro 9
tui_wait ro '巡查 Recent visits \([0-9]+\)'
tui_keys ro i
tui_wait ro 'read-only console \(--read-only\): cannot open an incident'
tui_keys ro t
tui_wait ro "Not inspected for 30 days: $stale enterprises"
tui_keys ro Enter
tui_wait ro 'Colour history'
tui_keys ro q
[ "$(tui_exit_status ro)" = 0 ] || fail "read-only console did not exit 0"

# --- i on Hazards and Inspections: an incident at the row's enterprise -----
# incident NAME CODE CHOICE TYPE: press i, expect the dialogue for CODE,
# answer CHOICE (e.g. l2); the new incident must be TYPE at CODE.
incident()
{
	local name=$1 code=$2 choice=$3 type=$4 id
	tui_keys "$name" i
	tui_wait "$name" "^New incident at $code: "
	tui_keys "$name" -l "$choice"
	tui_keys "$name" Enter
	tui_wait "$name" "^Incident #[0-9]+ +[^ ]+ $type +SEV "
	id=$(tui_screen "$name" | sed -nE "s/^Incident #([0-9]+) .*/\1/p" | head -n 1)
	assert_exit 0 "$PW" --db "$DB" query incidents
	assert_eq "$type	$code" "$(awk -F '\t' -v id="$id" '$1 == id { print $2 "\t" $3 }' <<<"$RUN_OUT")" \
		"incident #$id opened by i on $name's row"
}

code2=$(sqlite3 "$DB" "SELECT code FROM enterprises ORDER BY code LIMIT 1 OFFSET 1")
assert_exit 0 "$PW" --db "$DB" hazard report "$code2" --grade general --text 氨泵房积液测试
visit=$(sqlite3 -separator '|' "$DB" "SELECT e.code, e.name FROM inspections i JOIN enterprises e
	ON e.id = i.enterprise_id WHERE e.code <> '$code2' ORDER BY i.ts DESC LIMIT 1")
code3=${visit%%|*}
name3=${visit#*|}
code4=$(sqlite3 "$DB" "SELECT code FROM enterprises e WHERE code NOT IN ('$code2', '$code3') AND NOT EXISTS
	(SELECT 1 FROM inspections i WHERE i.enterprise_id = e.id
	 AND i.ts >= (strftime('%s', 'now') - 30 * 86400) * 1000) ORDER BY code DESC LIMIT 1")
[ -n "$code3" ] && [ -n "$code4" ] || fail "no visited or not-inspected enterprise to open an incident at"

console inc
tui_wait inc 'Enterprises 60'
tui_keys inc 4
tui_wait inc 'Status'
tui_keys inc /
tui_keys inc -l 氨泵房积液测试
tui_keys inc Enter
tui_wait inc "^1/1 "
incident inc "$code2" l2 leak

tui_keys inc 9
tui_wait inc '巡查 Recent visits'
tui_keys inc /
tui_keys inc -l "$name3"
tui_keys inc Enter
tui_wait inc "^1/[0-9]+ of "
incident inc "$code3" f3 fire

tui_keys inc 9
tui_wait inc '巡查 Recent visits'
tui_keys inc t
tui_wait inc 'Not inspected for 30 days'
tui_keys inc /
tui_keys inc -l "$code4"
tui_keys inc Enter
tui_wait inc "^1/1 of "
incident inc "$code4" p4 poisoning
tui_keys inc q
[ "$(tui_exit_status inc)" = 0 ] || fail "console inc did not exit 0"
exit 0
