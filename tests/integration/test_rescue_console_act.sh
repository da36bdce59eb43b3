#!/bin/bash
# test_rescue_console_act.sh - the Rescue screen's actions at 80x24: m
# selects the first member and o puts them off duty (the same duty entry as
# `member status`); L lends equipment through its prompts (a damaged item is
# refused on the message line, a good one lowers `query equipment`
# available); l selects the first loan and R returns it after a y/n
# question; o while another process holds the write lock is queued
# ("saving...", SAVING 1) and saved once when the lock goes; a --read-only
# console refuses all three before asking.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v sqlite3 >/dev/null || skip "sqlite3 is needed to script the equipment store"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 10 --seed 5
sqlite3 "$DB" "UPDATE equipment SET condition = 'damaged' WHERE code = 'EQ-003'"

field()
{
	awk -F '\t' -v want="$2" -v key="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col[key] == val { print $col[want]; exit }' <<<"$1"
}
available_of() { run "$PW" --db "$DB" query equipment; field "$RUN_OUT" available code "$1"; }
avail=$(available_of EQ-001)

tui_start R 80 24 "$PW" --db "$DB" console --no-mqtt --operator 值班员丙
tui_wait R 'Over'
tui_keys R 5
tui_wait R '── Teams \([0-9]+\)'

# o on the first member of the board.
tui_keys R m
tui_wait R '── Member status'
tui_keys R o
tui_wait R '^member [0-9]+ .*: available -> off_duty'
member=$(tui_screen R | sed -nE 's/^member ([0-9]+) .*: available -> off_duty.*/\1/p' | head -1)
run "$PW" --db "$DB" query members
assert_eq off_duty "$(field "$RUN_OUT" status id "$member")" "o put member $member off duty"
run "$PW" --db "$DB" query duty
assert_match "$RUN_OUT" "值班员丙	rescue	member $member .*: available -> off_duty"

# L: a damaged item is refused on the message line, nothing lent.
tui_keys R L
tui_wait R '^Lend equipment code:'
tui_keys R C-u EQ-003 Enter
tui_wait R '^Quantity:'
tui_keys R Enter
tui_wait R '^To enterprise code'
tui_keys R Enter
tui_wait R '^Borrower, the person:'
tui_keys R -l 张三
tui_keys R Enter
tui_wait R '^Due date'
tui_keys R Enter
tui_wait R '^lend: EQ-003 .*is damaged'

# L: two of EQ-001 to an enterprise, due far ahead.
run "$PW" --db "$DB" query enterprises
ent=$(awk -F '\t' 'NR == 2 { print $1 }' <<<"$RUN_OUT")
tui_keys R L
tui_wait R '^Lend equipment code:'
tui_keys R C-u EQ-001 Enter
tui_wait R '^Quantity:'
tui_keys R C-u 2 Enter
tui_wait R '^To enterprise code'
tui_keys R "$ent" Enter
tui_wait R '^Borrower, the person \(Enter: the enterprise\):'
tui_keys R Enter
tui_wait R '^Due date'
tui_keys R 2099-06-30 Enter
tui_wait R "^loan [0-9]+: 2 x EQ-001 to $ent"
loan=$(tui_screen R | sed -nE 's/^loan ([0-9]+): 2 x EQ-001.*/\1/p' | head -1)
assert_eq $((avail - 2)) "$(available_of EQ-001)" "the loan lowers what is available"

# R on the first loan: asks, then returns it.
tui_keys R l
tui_wait R '── Loans out'
tui_wait R "#$loan EQ-001"
tui_keys R R
tui_wait R '^Return loan #[0-9]+: .*\? \(y/n\)'
first=$(tui_screen R | sed -nE 's/^Return loan #([0-9]+):.*/\1/p' | head -1)
tui_keys R y
tui_wait R "^loan $first returned"
assert_eq 1 "$(sqlite3 "$DB" "SELECT returned_at IS NOT NULL FROM loans WHERE id = $first")"
run "$PW" --db "$DB" query duty
assert_contains "$RUN_OUT" "值班员丙	loan	return loan $first:"

# o while another process holds the write lock: queued, saved once after.
if command -v python3 >/dev/null 2>&1; then
	marker="$PW_TMP_ROOT/lock.held"
	bg_start lock python3 -c '
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
con.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(30)
' "$DB" "$marker"
	wait_until 20 test -e "$marker" || fail "the lock holder did not get the lock: $(cat "$(bg_log lock)")"
	tui_keys R m
	tui_wait R '── Member status'
	tui_keys R o
	tui_wait R 'saving\.\.\. member [0-9]+ .* -> [a-z_]+: .*(locked|busy)' 10
	tui_wait R 'SAVING 1' 2
	queued=$(tui_screen R | sed -nE 's/.*saving\.\.\. member ([0-9]+) .* -> ([a-z_]+):.*/\1 \2/p' | head -1)
	read -r qmember qto <<<"$queued"
	run "$PW" --db "$DB" query duty
	before=$(grep -cE "值班员丙	rescue	member $qmember .*-> $qto" <<<"$RUN_OUT" || true)
	sleep 2   # two retries under the lock: still nothing written
	run "$PW" --db "$DB" query members
	[ "$(field "$RUN_OUT" status id "$qmember")" != "$qto" ] || fail "member $qmember changed while the lock was held"
	bg_stop lock
	tui_wait R "^member $qmember .*-> $qto" 10
	tui_wait_gone R 'SAVING' 5
	run "$PW" --db "$DB" query members
	assert_eq "$qto" "$(field "$RUN_OUT" status id "$qmember")" "the queued status change was not saved"
	run "$PW" --db "$DB" query duty
	assert_eq $((before + 1)) "$(grep -cE "值班员丙	rescue	member $qmember .*-> $qto" <<<"$RUN_OUT")" \
		"the queued status change is not in the duty log exactly once"
else
	note "python3 is not installed: the held-lock check is skipped"
fi
tui_keys R q
assert_eq 0 "$(tui_exit_status R)"

# A read-only console refuses before asking.
tui_start V 80 24 "$PW" --db "$DB" console --no-mqtt --read-only --operator 值班员丁
tui_wait V 'Over'
tui_keys V 5
tui_wait V '── Teams'
tui_keys V m o
tui_wait V "read-only console \(--read-only\): cannot change a member's status"
tui_keys V L
tui_wait V 'read-only console \(--read-only\): cannot lend equipment'
tui_keys V l R
tui_wait V 'read-only console \(--read-only\): cannot return equipment'
tui_keys V q
assert_eq 0 "$(tui_exit_status V)"
run "$PW" --db "$DB" query duty
assert_not_contains "$RUN_OUT" "值班员丁"
assert_exit 0 "$PW" --db "$DB" db check
