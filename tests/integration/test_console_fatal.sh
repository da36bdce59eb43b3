#!/bin/bash
# test_console_fatal.sh - whatever ends the console gives the terminal back:
# a fatal signal (SIGSEGV, SIGABRT from outside), an abort() inside (a
# broken invariant), a fatal error that calls exit(), sanitizer reports,
# SIGTERM and SIGHUP. Each time the pane
# is out of the alternate screen, the tty is back in canonical mode with
# echo (stty), the reason is printed on stderr after the screen was
# restored, and under ASan its report still appears.
. "$abs_top_srcdir/tests/integration/lib.sh"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 5

asan=0
if ldd "$PW" 2>/dev/null | grep -q 'libasan'; then
	asan=1
fi

# start NAME [VAR=VALUE...]: the console in terminal NAME under a script
# that, once it has ended, records its exit status and the tty's state.
start()
{
	local name=$1 script="$PW_TMP_ROOT/$1.sh"
	shift
	cat >"$script" <<-SH
	#!/bin/bash
	sh -c 'echo \$\$ >"$PW_TMP_ROOT/$name.pid"; exec env $* "$PW" --db "$DB" --no-mqtt console --operator T'
	echo "console-exit=\$?"
	stty -a >"$PW_TMP_ROOT/$name.stty"
	echo "shell-after"
	SH
	rm -f "$PW_TMP_ROOT/$name.pid" "$PW_TMP_ROOT/$name.stty"
	tui_start "$name" 80 24 bash "$script"
}

alt_on() { _pw_tmux display-message -p -t "$1" '#{alternate_on}'; }

# check NAME REASON: the terminal came back sane and REASON was printed.
check()
{
	local name=$1 reason=$2 screen
	tui_wait "$name" '^shell-after' 20
	screen=$(tui_screen "$name" -J -S -200)
	assert_eq 0 "$(alt_on "$name")" "$name: the pane is still on the alternate screen"
	assert_contains "$screen" "$reason" "$name: the reason is not on the terminal"
	assert_match "$screen" '^console-exit=[1-9]' "$name: the console did not fail"
	# The reason comes after the screen was restored: it is on the normal screen,
	# above the shell's own lines.
	local st
	st=$(<"$PW_TMP_ROOT/$name.stty")
	assert_not_contains "$st" "-icanon" "$name: the tty is left in cbreak mode"
	assert_not_contains "$st" "-echo " "$name: the tty is left without echo"
}

# ---- SIGSEGV from outside: our reason, then ASan's report
start segv
tui_wait segv 'MQTT off'
assert_eq 1 "$(alt_on segv)" "the console does not use the alternate screen"
wait_until 5 test -s "$PW_TMP_ROOT/segv.pid" || fail "no pid for the console"
kill -SEGV "$(<"$PW_TMP_ROOT/segv.pid")"
check segv "parkwatch: console: ended by SIGSEGV"
if [ "$asan" = 1 ]; then
	assert_contains "$(tui_screen segv -J -S -200)" "AddressSanitizer" "the ASan report is lost"
fi

# ---- SIGABRT from outside
start abrt
tui_wait abrt 'MQTT off'
wait_until 5 test -s "$PW_TMP_ROOT/abrt.pid" || fail "no pid for the console"
kill -ABRT "$(<"$PW_TMP_ROOT/abrt.pid")"
check abrt "parkwatch: console: ended by SIGABRT"

# ---- abort() inside, after a message on stderr (as a failed assert() does):
# the message was written while curses ran and still reaches the operator.
start inner PARKWATCH_TEST_FATAL=abort
check inner "parkwatch: console: ended by SIGABRT"
assert_contains "$(tui_screen inner -J -S -200)" "parkwatch: test: a broken invariant" \
	"what was written to stderr under curses is lost"

# ---- a fatal error: pw_error() and exit(1)
start fatal PARKWATCH_TEST_FATAL=exit
check fatal "parkwatch: console: test: a fatal error"
assert_match "$(tui_screen fatal -J -S -200)" '^console-exit=1$' "a fatal error exits 1"

# ---- sanitizer reports (ASan build): the report itself reaches the
# restored terminal, whether it ends the process through a signal or not
if [ "$asan" = 1 ]; then
	start asan PARKWATCH_TEST_FATAL=asan
	tui_wait asan '^shell-after' 20
	assert_eq 0 "$(alt_on asan)" "asan: the pane is still on the alternate screen"
	assert_contains "$(tui_screen asan -J -S -200)" "ERROR: AddressSanitizer: heap-buffer-overflow" \
		"the ASan report is not on the restored terminal"
	assert_not_contains "$(<"$PW_TMP_ROOT/asan.stty")" "-icanon" "asan: the tty is left in cbreak mode"

	start ubsan PARKWATCH_TEST_FATAL=ubsan
	tui_wait ubsan '^shell-after' 20
	assert_eq 0 "$(alt_on ubsan)" "ubsan: the pane is still on the alternate screen"
	assert_contains "$(tui_screen ubsan -J -S -200)" "runtime error: signed integer overflow" \
		"the UBSan report is not on the restored terminal"
	assert_not_contains "$(<"$PW_TMP_ROOT/ubsan.stty")" "-echo " "ubsan: the tty is left without echo"
fi

# ---- SIGTERM and SIGHUP leave through the loop: status 0, and they say so
for sig in TERM HUP; do
	start "sig$sig"
	tui_wait "sig$sig" 'MQTT off'
	wait_until 5 test -s "$PW_TMP_ROOT/sig$sig.pid" || fail "no pid for the console"
	kill "-$sig" "$(<"$PW_TMP_ROOT/sig$sig.pid")"
	tui_wait "sig$sig" '^shell-after' 20
	assert_eq 0 "$(alt_on "sig$sig")" "SIG$sig: the pane is still on the alternate screen"
	assert_match "$(tui_screen "sig$sig" -J -S -200)" '^console-exit=0$' "SIG$sig did not exit 0"
	assert_contains "$(tui_screen "sig$sig" -J -S -200)" "parkwatch: console: ended by SIG$sig" \
		"SIG$sig: no reason on stderr"
done

# ---- and a normal quit still leaves cleanly with 0
start quit
tui_wait quit 'MQTT off'
tui_keys quit q
tui_wait quit '^shell-after' 20
assert_match "$(tui_screen quit -J -S -200)" '^console-exit=0$' "q did not exit 0"
assert_eq 0 "$(alt_on quit)" "q left the alternate screen on"
assert_not_contains "$(tui_screen quit -J -S -200)" "ended by" "a normal quit reports a signal"
