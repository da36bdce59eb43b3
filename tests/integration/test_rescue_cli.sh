#!/bin/bash
# test_rescue_cli.sh - the rescue force's actions outside incidents from the
# command line: a member goes off duty and back with a history row and a
# duty entry each; dispatched/en_route/on_scene are refused by hand, and so
# is standing down a member still out on a dispatch; an equipment loan takes
# its quantity off `query equipment` available, over-lending and lending a
# damaged or expired item are refused (exit 1, nothing written), a return
# gives the quantity back once and only once; `db check` is sound after.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v sqlite3 >/dev/null || skip "sqlite3 is needed to read the member history"

DB="$PW_TMP_ROOT/park.db"
pw() { "$PW" --db "$DB" "$@"; }
assert_exit 0 pw db init
assert_exit 0 pw seed --enterprises 10 --seed 5

# field TSV WANT KEY VAL: column WANT of the first row whose KEY is VAL.
field()
{
	awk -F '\t' -v want="$2" -v key="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col[key] == val { print $col[want]; exit }' <<<"$1"
}
duty_count() { sqlite3 "$DB" "SELECT count(*) FROM duty_log"; }
available_of() { run pw query equipment; field "$RUN_OUT" available code "$1"; }

# ---- member status ----
run pw query members
member=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["status"] == "available" { print $c["id"]; exit }' <<<"$RUN_OUT")
[ -n "$member" ] || fail "the seeded park has no available member"
name=$(field "$RUN_OUT" name id "$member")
team=$(field "$RUN_OUT" team_code id "$member")
history0=$(sqlite3 "$DB" "SELECT count(*) FROM member_status WHERE member_id = $member")

assert_exit 0 pw member status "$member" off_duty --operator 值班员甲
run pw query members
assert_eq off_duty "$(field "$RUN_OUT" status id "$member")" "the member is off duty"
run pw query duty
assert_contains "$RUN_OUT" "值班员甲	rescue	member $member $name ($team): available -> off_duty"

assert_exit 0 pw member status "$member" available --operator 值班员甲
run pw query members
assert_eq available "$(field "$RUN_OUT" status id "$member")" "the member is available again"
run pw query duty
assert_contains "$RUN_OUT" "member $member $name ($team): off_duty -> available"
assert_eq "off_duty 值班员甲
available 值班员甲" "$(sqlite3 "$DB" "SELECT status, operator FROM member_status
	WHERE member_id = $member ORDER BY id LIMIT -1 OFFSET $history0" | tr '|' ' ')" \
	"one history row per change, with the operator"

# Moves that belong to incident dispatch, and repeats, change nothing.
before=$(duty_count)
for s in dispatched en_route on_scene; do
	assert_exit 1 pw member status "$member" "$s"
	assert_contains "$RUN_ERR" "parkwatch: member status: member $member cannot be set $s by hand: use incident dispatch"
done
assert_exit 1 pw member status "$member" available
assert_contains "$RUN_ERR" "is already available"
assert_exit 2 pw member status "$member" asleep
assert_exit 2 pw member status x off_duty
assert_exit 1 pw member status 999999 off_duty
assert_contains "$RUN_ERR" "no member 999999"
assert_eq "$before" "$(duty_count)" "refused moves write no duty entry"

# A member out on a dispatch is stood down by clearing the dispatch.
run pw query enterprises
ent=$(awk -F '\t' 'NR == 2 { print $1 }' <<<"$RUN_OUT")
assert_exit 0 pw incident open --enterprise "$ent" --type leak
incident=$RUN_OUT
assert_exit 0 pw incident dispatch "$incident" --member "$member"
dispatch=$(sqlite3 "$DB" "SELECT id FROM dispatches WHERE member_id = $member AND cleared_at IS NULL")
assert_exit 1 pw member status "$member" off_duty
assert_contains "$RUN_ERR" "is dispatched on incident $incident (dispatch $dispatch): clear the dispatch first"
assert_exit 0 pw incident advance "$dispatch" cleared
assert_exit 0 pw member status "$member" off_duty

# ---- equipment loans ----
code=EQ-001
qty=$(run pw query equipment; field "$RUN_OUT" qty code "$code")
avail=$(available_of "$code")
[ "$avail" -ge 3 ] || fail "$code has only $avail available"
note "$code: qty $qty, available $avail"

assert_exit 0 pw equipment loan "$code" --qty 2 --enterprise "$ent" --due 2099-12-31 --operator 值班员乙
loan=$RUN_OUT
assert_match "$loan" '^[0-9]+$' "loan prints its id"
assert_eq $((avail - 2)) "$(available_of "$code")" "available drops by the quantity lent"
run pw query duty
assert_match "$RUN_OUT" "值班员乙	loan	loan $loan: 2 x $code .* to $ent .*, due 2099-12-31"
assert_eq "$ent" "$(sqlite3 "$DB" "SELECT e.code FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
	WHERE l.id = $loan")" "the loan names the enterprise"

before=$(duty_count)
assert_exit 1 pw equipment loan "$code" --qty $((avail - 1)) --borrower 张三
assert_contains "$RUN_ERR" "parkwatch: equipment loan: only $((avail - 2)) of $code"
assert_exit 2 pw equipment loan "$code" --qty 1
assert_exit 2 pw equipment loan "$code" --qty 0 --borrower 张三
assert_exit 2 pw equipment loan "$code" --borrower 张三 --due 2026-02-30
assert_exit 1 pw equipment loan NO-SUCH --borrower 张三
assert_exit 1 pw equipment loan "$code" --borrower 张三 --due 2000-01-01
assert_contains "$RUN_ERR" "already past"

sqlite3 "$DB" "UPDATE equipment SET condition = 'damaged' WHERE code = 'EQ-003';
	UPDATE equipment SET expires = '2000-01-01', condition = 'good' WHERE code = 'EQ-005';"
assert_exit 1 pw equipment loan EQ-003 --borrower 张三
assert_contains "$RUN_ERR" "EQ-003"
assert_contains "$RUN_ERR" "is damaged"
assert_exit 1 pw equipment loan EQ-005 --borrower 张三
assert_contains "$RUN_ERR" "expired on 2000-01-01"
assert_eq "$before" "$(duty_count)" "refused loans write no duty entry"
assert_eq $((avail - 2)) "$(available_of "$code")" "refused loans take nothing out"

assert_exit 0 pw equipment return "$loan" --operator 值班员乙
assert_eq "$avail" "$(available_of "$code")" "the return restores what was lent"
run pw query duty
assert_contains "$RUN_OUT" "值班员乙	loan	return loan $loan: 2 x $code"
assert_exit 1 pw equipment return "$loan"
assert_contains "$RUN_ERR" "parkwatch: equipment return: loan $loan is already returned"
assert_exit 1 pw equipment return 999999
assert_exit 2 pw equipment return abc
assert_eq "$avail" "$(available_of "$code")" "a second return changes nothing"

# A person may borrow without an enterprise; the whole stock may go out.
assert_exit 0 pw equipment loan "$code" --qty "$avail" --borrower 张三
assert_eq 0 "$(available_of "$code")"
assert_exit 1 pw equipment loan "$code" --borrower 李四

assert_exit 0 pw db check
