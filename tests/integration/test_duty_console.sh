#!/bin/bash
# test_duty_console.sh - the duty log in two consoles on one database (tmux,
# 80x24): `n` on any screen opens the entry, Tab picks a category, F2 flags
# it, Enter saves it as console A's operator; console B's Duty log screen
# shows it within a second or two, `query duty` has it, x on B clears the
# flag with a reason; a failed write
# (database locked) keeps the text on screen and Enter saves it later;
# `:handover` shows the shift report and `a` acknowledges it in the duty log;
# q with an unsaved entry asks first; an entry confirmed on screen survives
# kill -9 of the console (and the chain stays sound); --read-only refuses `n`.
. "$abs_top_srcdir/tests/integration/lib.sh"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 20 --seed 7

console()
{
	local name=$1 op=$2
	shift 2
	tui_start "$name" 80 24 "$PW" --db "$DB" console --no-mqtt --operator "$op" "$@"
}

test_entry_written_in_a_appears_in_b_and_in_query()
{
	console A 值班员甲
	console B 值班员乙
	tui_wait A 'Over'
	tui_wait B 'Over'
	tui_keys B 7
	tui_wait B 'Operator +Category +Text'

	# From the Enterprises screen: n is global.
	tui_keys A 2
	tui_keys A n
	tui_wait A 'New duty-log entry as 值班员甲'
	tui_keys A -l '东门消防栓漏水，已通知物业 q7'
	tui_keys A Tab F2
	tui_wait A '\[handover\]'
	tui_wait A 'flagged: carried into the handover'
	tui_keys A Enter
	tui_wait A 'duty entry [0-9]+ saved \(handover, flagged\)'

	tui_wait B '★ 值班员甲 +handover +东门消防栓漏水，已通知物业 q7' 3
	run "$PW" --db "$DB" query duty
	assert_match "$RUN_OUT" "	值班员甲	handover	东门消防栓漏水，已通知物业 q7(	|$)" "query duty has it"
	assert_match "$RUN_OUT" "	值班员甲	handover	东门消防栓漏水，已通知物业 q7	1	" "flagged"
	# Enter on B reads the whole entry.
	tui_keys B Enter
	tui_wait B 'Duty entry [0-9]+ +★ flagged'
	tui_keys B Escape
	# x on B clears the flag with a reason; A's list shows it cleared.
	tui_keys B x
	tui_wait B 'Clear flag of entry [0-9]+, why:'
	tui_keys B -l '物业已修复'
	tui_keys B Enter
	tui_wait B 'flag of entry [0-9]+ cleared \(duty entry [0-9]+\)'
	assert_match "$("$PW" --db "$DB" query duty)" "	值班员乙	flag_clear	cleared flag of entry #[0-9]+: 物业已修复"
	tui_keys A 7
	tui_wait A '☆ 值班员甲 +handover +东门消防栓漏水' 3
	tui_keys A 2
}

test_entry_written_on_a_busy_database_is_saved_when_the_lock_goes()
{
	tui_keys A n
	tui_wait A 'New duty-log entry'
	tui_keys A -l '二号罐区巡检正常'
	# Another process holds the write lock for longer than the busy timeout.
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
c.execute("ROLLBACK")' "$DB" "$PW_TMP_ROOT/locked" &
	local locker=$!
	wait_until 5 test -e "$PW_TMP_ROOT/locked" || fail "could not lock the database"
	tui_keys A Enter
	# Queued with its text: "saving...", SAVING 1 on the status line, no key needed.
	tui_wait A 'saving\.\.\. duty entry \(note\): .*locked' 10
	tui_wait A 'SAVING 1'
	assert_eq 0 "$("$PW" --db "$DB" query duty | grep -c '二号罐区巡检正常')" "saved while the lock was held"
	wait "$locker"
	tui_wait A 'duty entry [0-9]+ saved \(note\)' 10
	tui_wait_gone A 'SAVING 1'
	assert_match "$("$PW" --db "$DB" query duty)" "	值班员甲	note	二号罐区巡检正常(	|$)"
}

test_handover_view_and_its_acknowledgement()
{
	tui_keys A :
	tui_keys A -l handover
	tui_keys A Enter
	tui_wait A '^Shift handover [0-9-]+ [0-9:]+ to [0-9-]+ [0-9:]+'
	tui_keys A G
	tui_wait A '── 本班值班日志 Duty log of the shift \([0-9]+\)'
	tui_wait A '二号罐区巡检正常'
	tui_keys A a
	tui_wait A 'Acknowledge this shift handover\? y/n'
	tui_keys A y
	tui_wait A 'handover acknowledged \(duty entry [0-9]+\)'
	assert_match "$("$PW" --db "$DB" query duty)" "	值班员甲	handover	handover acknowledged by 值班员甲 \\(shift "
	tui_keys A Escape
	tui_wait_gone A '^Shift handover'
}

test_quit_with_an_unsaved_entry_asks()
{
	tui_keys A n
	tui_wait A 'New duty-log entry'
	tui_keys A -l 'draft'
	tui_keys A C-c
	tui_wait A 'not saved\. Quit\? y/n'
	tui_keys A n
	tui_wait A 'draft'
	tui_keys A Escape
	tui_wait A 'Discard this duty entry\? y/n'
	tui_keys A y
	tui_wait_gone A 'New duty-log entry'
	tui_keys A q
	assert_eq 0 "$(tui_exit_status A)" "console A exits 0"
	assert_not_contains "$("$PW" --db "$DB" query duty)" "draft" "a discarded draft is not written"
}

# The console's process: the child of the pane's status-writing wrapper.
console_pid()
{
	pgrep -P "$(_pw_tmux display-message -p -t "$1" '#{pane_pid}')" | head -n 1
}

test_entry_confirmed_on_screen_survives_kill_9()
{
	console K 值班员丁
	tui_wait K 'Over'
	tui_keys K n
	tui_wait K 'New duty-log entry'
	tui_keys K -l '夜班交接：三号门岗无异常'
	tui_keys K Enter
	tui_wait K 'duty entry [0-9]+ saved'
	local pid
	pid=$(console_pid K)
	[ -n "$pid" ] || fail "no console process in pane K"
	kill -KILL "$pid"
	assert_eq 137 "$(tui_exit_status K)" "the console died by SIGKILL"
	assert_match "$("$PW" --db "$DB" query duty)" "	值班员丁	note	夜班交接：三号门岗无异常(	|$)"
	assert_exit 0 "$PW" --db "$DB" db check
}

test_read_only_console_refuses_n()
{
	console R 值班员丙 --read-only
	tui_wait R 'Over'
	tui_keys R n
	tui_wait R 'read-only console'
	tui_keys R q
	assert_eq 0 "$(tui_exit_status R)"
}

test_entry_written_in_a_appears_in_b_and_in_query
test_entry_written_on_a_busy_database_is_saved_when_the_lock_goes
test_handover_view_and_its_acknowledgement
test_quit_with_an_unsaved_entry_asks
test_entry_confirmed_on_screen_survives_kill_9
test_read_only_console_refuses_n
