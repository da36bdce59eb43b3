#!/bin/bash
# Faults a duty console meets at 3 a.m. (issue 9, "Faults"):
#   - the SSH session drops: SIGHUP to the pane's process group, and the
#     terminal itself going away (tmux session killed), also with SIGHUP
#     blocked so only the dead terminal tells: the console exits
#     promptly, says presence "offline", leaves no process behind and the
#     database unlocked;
#   - the broker is unreachable at start: the console is usable on local
#     data, the status line says the link is down, and the link comes up once
#     the broker starts (within the backoff cap);
#   - the broker restarts under a running console: the link returns.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
DB="$D/park.db"
export PARKWATCH_DB="$DB"

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 12 --seed 3

broker_start
bg_start presence mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -v -t 'parkwatch/presence/console/#'

# pid of the console running under the pane's wrapper shell of terminal NAME.
console_pid()
{
	local pane
	pane=$(_pw_tmux display-message -p -t "$1" '#{pane_pid}') || return 1
	pgrep -P "$pane" -x parkwatch | head -n 1
}
# Exited (a zombie waiting for its new parent to reap it counts as gone).
gone()
{
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	[[ $st == Z* ]]
}
group_empty() { ! ps -o stat= -g "$1" | grep -qv '^Z'; }
presence_count() { grep -cE "^parkwatch/presence/console/\S+ $1\$" "$(bg_log presence)" || true; }
presence_more_than() { [ "$(presence_count "$1")" -gt "$2" ]; }

# start_console NAME: a console on the test broker, link up.
start_console()
{
	tui_start "$1" 100 30 "$PW" --db "$DB" --broker "$BROKER_URL" console --operator "op-$1"
	tui_wait "$1" "MQTT up" 20
	CPID=$(console_pid "$1")
	[ -n "$CPID" ] || fail "cannot find the console's process in terminal $1"
}

# after_drop WHAT OFFLINE_BEFORE: the console CPID went away by itself
# promptly, said offline, left nothing behind and the database free.
after_drop()
{
	local what=$1 before=$2 t0=$3
	wait_until 2 gone "$CPID" || fail "$what: the console (pid $CPID) still runs 2 s later"
	note "$what: console gone after about $(($(date +%s%3N) - t0)) ms"
	wait_until 5 presence_more_than offline "$before" ||
		fail "$what: no presence 'offline': $(cat "$(bg_log presence)")"
	# Nothing of it left: no child, no straggler in its process group
	# (zombies waiting for init to reap them do not count).
	wait_until 5 group_empty "$PGID" ||
		fail "$what: processes left in the console's group: $(ps -o pid,stat,args -g "$PGID")"
	PARKWATCH_OPERATOR=op-after assert_exit 0 "$PW" log "after $what"
	assert_exit 0 "$PW" db check
}

# --- SIGHUP to the pane's process group (sshd does this on a dropped link) --
start_console hup
PGID=$(ps -o pgid= -p "$CPID" | tr -d ' ')
OFF=$(presence_count offline)
T0=$(date +%s%3N)
kill -HUP -- "-$PGID"
after_drop "SIGHUP to the process group" "$OFF" "$T0"
tui_kill hup

# --- the terminal goes away (the tmux session holding the pty is killed) ----
start_console gone
PGID=$(ps -o pgid= -p "$CPID" | tr -d ' ')
OFF=$(presence_count offline)
T0=$(date +%s%3N)
tui_kill gone
after_drop "terminal gone" "$OFF" "$T0"

# --- the terminal goes away and no SIGHUP arrives (blocked, as under some
# terminal multiplexers and nohup-like wrappers): the console must notice the
# dead terminal itself (POLLHUP / EIO on stdin) ----------------------------------
if command -v python3 >/dev/null 2>&1; then
	tui_start eio 100 30 python3 -c '
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
os.execv(sys.argv[1], sys.argv[1:])' "$PW" --db "$DB" --broker "$BROKER_URL" console --operator op-eio
	tui_wait eio "MQTT up" 20
	CPID=$(console_pid eio)
	[ -n "$CPID" ] || fail "cannot find the console's process in terminal eio"
	blocked=$(awk '/^SigBlk:/ { print $2 }' "/proc/$CPID/status")
	((0x$blocked & 1)) || hard_error "SIGHUP is not blocked in the console (SigBlk $blocked)"
	PGID=$(ps -o pgid= -p "$CPID" | tr -d ' ')
	OFF=$(presence_count offline)
	T0=$(date +%s%3N)
	tui_kill eio
	after_drop "terminal gone, SIGHUP blocked" "$OFF" "$T0"
fi

# --- broker unreachable at start --------------------------------------------
PORT=$BROKER_PORT
broker_stop
tui_start down 100 30 "$PW" --db "$DB" --broker "mqtt://127.0.0.1:$PORT" console --operator op-down
tui_wait down "MQTT (DOWN|connecting)" 10
# Usable on local data: the enterprise list and back to the overview.
tui_keys down 2
tui_wait down "Code.*Name.*Industry" 10
tui_keys down 1
tui_wait down "MQTT DOWN [0-9]+:[0-9]{2}" 10
# The broker appears: the link comes up within the backoff cap (30 s) + slack.
broker_start "$PORT"
tui_wait down "MQTT up" 45

# --- broker restarts under the running console: the link returns -------------
ups_before=$(grep -c "as parkwatch-console" "$BROKER_DIR/mosquitto.log" || true)
broker_restart
reconnected() { [ "$(grep -c "as parkwatch-console" "$BROKER_DIR/mosquitto.log" || true)" -gt "$ups_before" ]; }
wait_until 45 reconnected || fail "the console did not reconnect after a broker restart: $(tail -n 20 "$BROKER_DIR/mosquitto.log")"
tui_wait down "MQTT up" 10
# And once more, quickly twice in a row (a broker restarting repeatedly).
ups_before=$(grep -c "as parkwatch-console" "$BROKER_DIR/mosquitto.log" || true)
broker_restart
broker_restart
wait_until 45 reconnected || fail "the console did not reconnect after repeated broker restarts"
tui_wait down "MQTT up" 10
tui_keys down q
assert_eq 0 "$(tui_exit_status down 10)" "the console quits with status 0"
exit 0
