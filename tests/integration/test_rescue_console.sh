#!/bin/bash
# test_rescue_console.sh - the Rescue screen (5) at 80x24 on a seeded park:
# the teams with their on-duty counts, the roster of this shift and the next,
# a team whose roster has nobody now shown as a GAP, a dispatched member on
# the status board (by word, not colour), equipment availability (qty minus
# loans) with EXPIRED items and OVERDUE loans; t r m e l jump to sections;
# / filters every section at once (live, ASCII case-insensitive, Chinese
# too), says so on the page, the actions act on the rows shown and Esc
# clears it; another writer's change shows without a keypress.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v sqlite3 >/dev/null || skip "sqlite3 is needed to script the rescue force"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 20 --seed 7

# A team that keeps a roster but had its only shift a year ago: a gap now.
sqlite3 "$DB" "
	INSERT INTO teams (code, name, kind) VALUES ('GAP-T', '缺岗测试队', 'volunteer');
	INSERT INTO members (team_id, name, role, phone, status_since)
	SELECT id, '测试员', '队员', '19900000000', 0 FROM teams WHERE code = 'GAP-T';
	INSERT INTO roster (member_id, starts_at, ends_at, shift)
	SELECT id, 1000, 2000, '白班' FROM members WHERE name = '测试员';"

field()
{
	awk -F '\t' -v want="$2" -v key="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col[key] == val { print $col[want]; exit }' <<<"$1"
}

run "$PW" --db "$DB" query equipment
equipment=$RUN_OUT
borrowed=$(awk -F '\t' 'NR > 1 && $3 != $4 { print $1; exit }' <<<"$equipment")
[ -n "$borrowed" ] || fail "the seeded park has no equipment out on loan"
qty=$(field "$equipment" qty code "$borrowed")
avail=$(field "$equipment" available code "$borrowed")
note "$borrowed: qty $qty, available $avail"

tui_start R 80 24 "$PW" --db "$DB" console --no-mqtt --operator 值班员甲
tui_wait R 'Over'
tui_keys R 5
tui_wait R '── Teams \([0-9]+\)'
tui_wait R 'As of [0-9:]+ +on duty [0-9]+ +available [0-9]+'
tui_wait R '^QX-KFQ +千喜救援队开发区中队 +volunteer +[0-9]+/[0-9]+'

tui_keys R r
tui_wait R '── Roster now \(shift'
tui_wait R '^GAP-T +GAP [0-9:]+-[0-9:]+: nobody rostered'

tui_keys R e
tui_wait R '── Equipment'
tui_wait R "^$borrowed .* +$qty +$avail +[0-9]+ "
tui_wait R 'EXPIRED'

tui_keys R l
tui_wait R '── Loans out \([0-9]+\)'
tui_wait R 'OVERDUE'

# / filters every section; the filter shows on the page while it is typed.
tui_keys R /
tui_keys R -l gap-t
tui_wait R 'Filter "gap-t": teams 1/[0-9]+ +members 1/[0-9]+ +items 0/[0-9]+ +loans 0/[0-9]+'
tui_keys R Enter
tui_wait R '^GAP-T +缺岗测试队 +volunteer'
tui_wait R '^GAP-T +GAP [0-9:]+-[0-9:]+: nobody rostered'
tui_wait R '── Member status \(1 of [0-9]+\)'
tui_wait_gone R '^QX-KFQ '
# The actions see the rows shown: m selects the only member left, o acts on it.
tui_keys R m
tui_keys R o
tui_wait R 'member [0-9]+ 测试员: available -> off_duty'
run "$PW" --db "$DB" query members
assert_eq off_duty "$(field "$RUN_OUT" status name 测试员)" "o on the filtered member"
tui_keys R o
tui_wait R 'member [0-9]+ 测试员: off_duty -> available'
# Esc clears it: everything is back.
tui_keys R Escape
tui_wait_gone R 'Filter "'
tui_wait R '^QX-KFQ +千喜救援队开发区中队'
# Chinese text filters as well, also live; Esc in the prompt clears it.
tui_keys R /
tui_keys R -l 千喜
tui_wait R 'Filter "千喜": teams [1-9][0-9]*/'
tui_wait R '^QX-KFQ +千喜救援队开发区中队'
tui_wait_gone R '^GAP-T '
tui_keys R Escape
tui_wait_gone R 'Filter "'
tui_wait R '^GAP-T +缺岗测试队'

# Another writer dispatches a member: the board follows without a key.
tui_keys R m
tui_wait R '── Member status'
sqlite3 "$DB" "UPDATE members SET status = 'dispatched', status_since = $(date +%s000)
	WHERE name = '测试员';"
tui_wait R '^dispatched +[0-9-]+ [0-9:]+ +测试员 +GAP-T' 5
tui_wait R 'dispatched 1 '

tui_keys R q
assert_eq 0 "$(tui_exit_status R)"
