#!/bin/bash
# The hidden-hazard loop from the command line (CONTRACT.md sections 1 and 5):
# report -> assigned -> rectifying -> submitted -> verified -> closed, the
# rejection back to rectifying, illegal moves exit 1 and change nothing, the
# submitter cannot verify, every move is in the duty log, and a major hazard
# turns its enterprise red with the reason. Inspections likewise.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
"$PW" db init >/dev/null
"$PW" seed --enterprises 12 --seed 3 >/dev/null

col() { "$PW" query "$1" | awk 'NR == 1' | tr '\t' '\n' | grep -nx "$2" | cut -d: -f1; }
# Field COLUMN of the row of TABLE whose first-named column KEYCOL equals KEY.
cell()
{
	local table=$1 keycol=$2 key=$3 want=$4 kc wc
	kc=$(col "$table" "$keycol")
	wc=$(col "$table" "$want")
	"$PW" query "$table" | awk -F '\t' -v k="$kc" -v w="$wc" -v key="$key" '$k == key { print $w }'
}

# A blue enterprise without open major hazards, to watch it turn red.
pick_blue()
{
	local c
	for c in $("$PW" query enterprises | awk -F '\t' 'NR > 1 { print $1 }'); do
		if [ "$(cell risk enterprise_code "$c" colour)" != red ] &&
		   [ "$(cell risk enterprise_code "$c" colour)" != orange ]; then
			echo "$c"
			return
		fi
	done
}
E=$(pick_blue)
[ -n "$E" ] || fail "seeded park has no enterprise below orange"

# Report a major hazard: prints its id, turns the enterprise red with the reason.
assert_exit 0 env PARKWATCH_OPERATOR=张伟 "$PW" hazard report "$E" --grade major \
	--text "液氨管道腐蚀" --source grid --deadline 2099-01-01
H=$RUN_OUT
[[ "$H" =~ ^[0-9]+$ ]] || fail "hazard report printed '$H', not an id"
assert_eq reported "$(cell hazards id "$H" status)" "new hazard status"
assert_eq red "$(cell risk enterprise_code "$E" colour)" "major hazard makes the enterprise red"
assert_eq red "$(cell enterprises code "$E" risk)" "query enterprises agrees with query risk"
assert_contains "$(cell risk enterprise_code "$E" reasons)" "重大隐患未整改 1 项"

# Illegal move: exit 1, says what is allowed, changes nothing.
assert_exit 1 "$PW" hazard move "$H" verified
assert_contains "$RUN_ERR" "allowed next: assigned"
assert_eq reported "$(cell hazards id "$H" status)" "illegal move changed nothing"

# Assigning needs an assignee.
assert_exit 1 "$PW" hazard move "$H" assigned
assert_contains "$RUN_ERR" "--assignee"

export PARKWATCH_OPERATOR=李娜
assert_exit 0 "$PW" hazard move "$H" assigned --assignee 王强
assert_exit 0 "$PW" hazard move "$H" rectifying
assert_exit 0 "$PW" hazard move "$H" submitted --note "已更换管段"
# The submitter cannot verify; a rejection needs a note.
assert_exit 1 "$PW" hazard move "$H" verified
assert_contains "$RUN_ERR" "cannot also verify"
assert_exit 1 "$PW" hazard move "$H" rectifying --operator 赵敏
assert_contains "$RUN_ERR" "--note"
assert_exit 0 "$PW" hazard move "$H" rectifying --operator 赵敏 --note "焊缝未探伤"
assert_exit 0 "$PW" hazard move "$H" submitted --note "探伤合格"
assert_exit 0 "$PW" hazard move "$H" verified --operator 赵敏
assert_eq verified "$(cell hazards id "$H" status)"
assert_eq 0 "$(cell hazards id "$H" overdue)" "a verified hazard is never overdue"
assert_exit 0 "$PW" hazard move "$H" closed --operator 赵敏
assert_exit 1 "$PW" hazard move "$H" rectifying --note x
assert_contains "$RUN_ERR" "closed"

# Every move is in the duty log, with its operator.
duty=$("$PW" query duty)
assert_contains "$duty" "hazard $H reported at $E"
assert_contains "$duty" "hazard $H at $E: submitted -> rectifying"
assert_match "$duty" "赵敏	hazard	hazard $H at $E: submitted -> verified"
[ "$(cell risk enterprise_code "$E" colour)" != red ] || fail "closed major hazard still red"

# Overdue: a past deadline on an open hazard.
assert_exit 0 "$PW" hazard report "$E" --grade general --text "灭火器过期" --deadline 2020-01-01
H2=$RUN_OUT
assert_eq 1 "$(cell hazards id "$H2" overdue)" "past deadline is overdue"
assert_exit 0 "$PW" hazard extend "$H2" --deadline 2099-12-31 --reason "等待配件"
assert_eq 0 "$(cell hazards id "$H2" overdue)" "extended deadline is not overdue"

# Bad usage and unknown things.
assert_exit 2 "$PW" hazard report "$E" --grade huge --text x
assert_exit 2 "$PW" hazard report "$E" --grade general
assert_exit 2 "$PW" hazard move "$H" nowhere
assert_exit 2 "$PW" hazard report "$E" --grade general --text x --deadline 2026-02-30
assert_exit 1 "$PW" hazard report NOPE --grade general --text x
assert_contains "$RUN_ERR" "no enterprise NOPE"
assert_exit 1 "$PW" hazard move 99999 assigned --assignee x
assert_contains "$RUN_ERR" "no hazard 99999"

# Inspections: recorded, listed, logged.
assert_exit 0 "$PW" inspection add "$E" --inspector 陈静 --org "苏溪网格" --findings "消防通道堵塞"
I=$RUN_OUT
assert_eq "陈静" "$(cell inspections id "$I" inspector)"
assert_eq "消防通道堵塞" "$(cell inspections id "$I" findings)"
assert_contains "$("$PW" query duty)" "inspection $I at $E by 陈静"
# Photos are referenced by path or URL, one a line.
assert_exit 0 "$PW" hazard report "$E" --grade general --text "配电箱未接地" \
	--photo /srv/photos/1.jpg --photo https://example.invalid/2.jpg
assert_eq $'/srv/photos/1.jpg\nhttps://example.invalid/2.jpg' \
	"$(sqlite3 "$PARKWATCH_DB" "SELECT photos FROM hazards WHERE id = $RUN_OUT")"
# A hazard found on that visit is linked to it.
assert_exit 0 "$PW" hazard report "$E" --grade general --text "消防通道堵塞" --source grid --inspection "$I"
assert_eq "$I" "$(sqlite3 "$PARKWATCH_DB" "SELECT inspection_id FROM hazards WHERE id = $RUN_OUT")"
assert_exit 1 "$PW" hazard report "$E" --grade general --text x --inspection 99999
assert_contains "$RUN_ERR" "no inspection 99999"
assert_exit 2 "$PW" inspection add "$E" --org x
assert_exit 1 "$PW" inspection add NOPE --inspector a --org b

"$PW" db check >/dev/null || fail "db check after the hazard loop"
