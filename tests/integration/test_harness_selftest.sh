#!/bin/bash
# The harness itself works: a private broker carries a message, a private
# terminal shows wide characters and reports the exit status, and nothing is
# left running afterwards.
. "$abs_top_srcdir/tests/integration/lib.sh"

gone() { ! kill -0 "$1" 2>/dev/null; }

test_broker_carries_one_message()
{
	broker_start
	assert_match "$BROKER_URL" '^mqtt://127\.0\.0\.1:[0-9]+$' "BROKER_URL"
	bg_start sub mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -t 'pwtest/live' -C 1 -W 10
	# The subscription may not be in place yet: publish until it arrives.
	local pid i
	pid=$(bg_pid sub)
	for ((i = 0; i < 50; i++)); do
		mqtt_pub -t 'pwtest/live' -m 'hello 你好'
		wait_until 0.2 gone "$pid" && break
	done
	bg_stop sub
	assert_eq 0 "$BG_STATUS" "mosquitto_sub exit status"
	assert_eq 'hello 你好' "$(<"$(bg_log sub)")" "message received"
}

test_broker_restart_keeps_port_and_retained_messages()
{
	local port=$BROKER_PORT
	mqtt_pub -q 1 -r -t 'pwtest/retained' -m 'kept'
	broker_restart
	assert_eq "$port" "$BROKER_PORT" "port after restart"
	assert_eq kept "$(mqtt_sub -t 'pwtest/retained' -C 1 -W 5)" \
		"retained message after restart (persistence on)"
}

test_terminal_shows_wide_text_and_exit_status()
{
	tui_start t 40 10 bash -c 'printf "你好 world\n"; read -r x; exit 0'
	tui_wait t '^你好 world'
	tui_keys t Enter
	assert_eq 0 "$(tui_exit_status t)" "exit status of the program in tmux"
	tui_start t3 40 10 bash -c 'exit 3'
	assert_eq 3 "$(tui_exit_status t3)" "a non-zero exit status is reported"
	tui_start t4 40 10 sleep 1001
	# Ctrl-C only reaches a program that has started: on a loaded machine
	# the key can otherwise arrive while the wrapper is still starting it.
	wait_until 10 pgrep -x -f "sleep 1001" >/dev/null || fail "sleep did not start in t4"
	tui_keys t4 C-c
	assert_eq 130 "$(tui_exit_status t4)" "Ctrl-C ends the program (128 + SIGINT)"
}

test_terminal_resize_reaches_the_program()
{
	tui_start r 40 10 bash -c 'trap "echo size \$(stty size)" WINCH; echo ready; while :; do sleep 0.1; done'
	tui_wait r '^ready'
	tui_resize r 50 12
	tui_wait r '^size 12 50$'
}

test_assertions_fail_when_they_should()
{
	# Each in a subshell: a failing assertion exits with 1 there.
	(assert_eq a b) 2>/dev/null && fail "assert_eq a b passed"
	(assert_contains abc x) 2>/dev/null && fail "assert_contains passed"
	(assert_exit 0 false) 2>/dev/null && fail "assert_exit 0 false passed"
	assert_exit 3 bash -c 'echo out; echo err >&2; exit 3'
	assert_eq out "$RUN_OUT"
	assert_eq err "$RUN_ERR"
	local rc=0
	(skip "why") 2>/dev/null || rc=$?
	assert_eq 77 "$rc" "skip exit status"
}

test_broker_carries_one_message
test_broker_restart_keeps_port_and_retained_messages
test_terminal_shows_wide_text_and_exit_status
test_terminal_resize_reaches_the_program
test_assertions_fail_when_they_should

# Cleanup leaves nothing behind: run a child test that starts a broker and a
# terminal and then fails, and look for its processes afterwards. What the
# child gave pw_at_exit runs too, after its processes are stopped.
child=$(pw_tmpdir)/child.sh
at_exit_mark=$(pw_tmpdir)/at-exit
cat >"$child" <<'CHILD'
. "$abs_top_srcdir/tests/integration/lib.sh"
broker_start
tui_start c 40 10 sleep 600
bg_start sleeper sleep 600
sleep 600 &
pw_at_exit "kill -0 $(bg_pid sleeper) 2>/dev/null || echo stopped-first >'$1'"
echo "$BROKER_PID $PW_TMUX_SOCKET $(bg_pid sleeper) $! $PW_TMP_ROOT"
fail "deliberately"
CHILD
rc=0
info=$(bash "$child" "$at_exit_mark" 2>/dev/null) || rc=$?
assert_eq stopped-first "$(cat "$at_exit_mark" 2>/dev/null)" "pw_at_exit ran after the processes stopped"
assert_eq 1 "$rc" "a failing child test exits 1"
read -r bpid sock spid apid ctmp <<<"$info"
for pid in "$bpid" "$spid" "$apid"; do
	kill -0 "$pid" 2>/dev/null && fail "process $pid outlived its test"
done
tmux -L "$sock" has-session 2>/dev/null && fail "tmux server $sock outlived its test"
[ ! -e "$ctmp" ] || fail "$ctmp outlived its test"
exit 0
