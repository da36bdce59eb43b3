# shellcheck shell=bash
#
# lib.sh - the shared harness of parkwatch's integration tests.
#
# Every tests/integration/test_*.sh starts with
#
#     . "$abs_top_srcdir/tests/integration/lib.sh"
#
# and then drives the real binary ($PW) against a real mosquitto broker on a
# free loopback port and a real terminal (a private tmux server). Sourcing this
# file turns on strict mode, creates one temporary directory for the test and
# installs an EXIT trap that stops everything the test started (broker,
# background jobs, tmux server) and removes the directory, whatever the outcome.
#
# Exit codes follow the automake test driver: 0 pass, 1 fail, 77 skip,
# 99 hard error (the harness itself could not run).
#
# Functions (details above each one):
#   files       pw_tmpdir  pw_at_exit CMD
#   processes   bg_start NAME CMD...  bg_stop NAME [SIGNAL]  bg_pid NAME
#   network     free_port  broker_start [PORT]  broker_stop  broker_restart
#               mqtt_pub ARGS...  mqtt_sub ARGS...
#   terminal    tui_start NAME COLS ROWS CMD...  tui_keys NAME KEYS...
#               tui_screen NAME  tui_wait NAME REGEX [TIMEOUT_S]
#               tui_wait_gone NAME REGEX [TIMEOUT_S]  tui_resize NAME COLS ROWS
#               tui_exit_status NAME [TIMEOUT_S]  tui_kill [NAME]
#   assertions  run CMD...  assert_exit CODE CMD...  assert_eq EXPECTED ACTUAL [WHAT]
#               assert_contains HAYSTACK NEEDLE [WHAT]  assert_not_contains ...
#               assert_match TEXT REGEX [WHAT]  fail MSG  skip MSG  hard_error MSG
#               wait_until TIMEOUT_S CMD...  note MSG

set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

# ---------------------------------------------------------------------------
# Setup: where things are.

: "${abs_top_builddir:?run integration tests through make check (abs_top_builddir unset)}"
: "${abs_top_srcdir:?run integration tests through make check (abs_top_srcdir unset)}"

PW_TEST_NAME=$(basename "$0" .sh)

# The binary under test.
PW="$abs_top_builddir/parkwatch"
export PW

note() { printf '# %s\n' "$*" >&2; }

# The harness could not do its job (missing tool, broken setup): automake ERROR.
hard_error()
{
	printf '%s: ERROR: %s\n' "$PW_TEST_NAME" "$*" >&2
	exit 99
}

fail()
{
	printf '%s: FAIL: %s\n' "$PW_TEST_NAME" "$*" >&2
	exit 1
}

# Skip the whole test (automake SKIP), e.g. a feature this build does not have.
skip()
{
	printf '%s: SKIP: %s\n' "$PW_TEST_NAME" "$*" >&2
	exit 77
}

[ -x "$PW" ] || hard_error "$PW is not built"

# A test must not read or write the developer's real database or config, nor
# talk to a broker named in their environment.
unset PARKWATCH_DB PARKWATCH_BROKER
export LC_ALL="${LC_ALL:-C.UTF-8}"

# ---------------------------------------------------------------------------
# Cleanup: one trap for everything a test can start.

PW_TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/pwtest-${PW_TEST_NAME}.XXXXXX")
export XDG_CONFIG_HOME="$PW_TMP_ROOT/xdg-config"
export XDG_DATA_HOME="$PW_TMP_ROOT/xdg-data"
export XDG_STATE_HOME="$PW_TMP_ROOT/xdg-state"   # the user's own spool (spool.h), if ever used
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

PW_TMUX_SOCKET="pwtest-$$"
declare -A PW_BG_PIDS=()
BROKER_PID=
BROKER_PORT=
BROKER_URL=
BROKER_DIR=
PW_WATCHDOG_PID=

# Stop PID with SIGTERM, then SIGKILL after ~3 s; reap it if it is our child.
_pw_stop_pid()
{
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 30; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# Commands pw_at_exit registered, run by the cleanup once the processes are stopped.
PW_AT_EXIT=()

_pw_cleanup()
{
	local rc=$? name
	set +e
	trap - EXIT INT TERM HUP
	command tmux -L "$PW_TMUX_SOCKET" kill-server >/dev/null 2>&1
	for name in "${!PW_BG_PIDS[@]}"; do
		_pw_stop_pid "${PW_BG_PIDS[$name]}"
	done
	[ -n "$BROKER_PID" ] && _pw_stop_pid "$BROKER_PID"
	# Anything else the test put in the background with a bare '&'.
	local pid
	for pid in $(jobs -p); do
		[ "$pid" = "$PW_WATCHDOG_PID" ] || _pw_stop_pid "$pid"
	done
	if [ -n "$PW_WATCHDOG_PID" ]; then
		kill -TERM "$PW_WATCHDOG_PID" 2>/dev/null
		wait "$PW_WATCHDOG_PID" 2>/dev/null
	fi
	for name in "${PW_AT_EXIT[@]}"; do
		eval "$name"
	done
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -n "${PW_KEEP_TMP:-}" ]; then
		note "kept $PW_TMP_ROOT"
	else
		rm -rf "$PW_TMP_ROOT"
	fi
	exit "$rc"
}
trap _pw_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A hung program must not hang the suite: after PW_TEST_TIMEOUT seconds
# (default 300) the watchdog ends the test's children and the test (FAIL).
_pw_watchdog()
{
	local parent=$1 limit=$2 sleeper
	# Stopped by the cleanup: take the sleep along, leave nothing behind.
	trap 'kill "$sleeper" 2>/dev/null; wait "$sleeper" 2>/dev/null; exit 0' TERM
	sleep "$limit" </dev/null >/dev/null 2>&1 &
	sleeper=$!
	wait "$sleeper" || return 0
	trap '' TERM
	printf '%s: FAIL: timed out after %s s\n' "$PW_TEST_NAME" "$limit" >&2
	# The test's own TERM trap runs once its foreground child is gone.
	kill -TERM "$parent" 2>/dev/null
	pkill -TERM -P "$parent" 2>/dev/null
}
_pw_watchdog $$ "${PW_TEST_TIMEOUT:-300}" &
PW_WATCHDOG_PID=$!

# ---------------------------------------------------------------------------
# Files

# Run the shell command CMD when the test ends, pass or fail, after its
# processes are stopped and before its files are removed (e.g. unmount a
# file system the test mounted). Use this, not a trap of one's own: that
# would replace the harness's cleanup.
pw_at_exit()
{
	PW_AT_EXIT+=("$1")
}

# Print the path of a new empty directory; it is removed when the test ends.
pw_tmpdir()
{
	mktemp -d "$PW_TMP_ROOT/tmp.XXXXXX"
}

# ---------------------------------------------------------------------------
# Background processes

# Start CMD... in the background under NAME; stdout and stderr go to
# $PW_TMP_ROOT/NAME.log. The process is stopped when the test ends.
# Call it directly (not in $(...)) so the harness remembers the pid.
bg_start()
{
	local name=$1
	shift
	[ -z "${PW_BG_PIDS[$name]:-}" ] || hard_error "bg_start: '$name' is already running"
	"$@" >"$PW_TMP_ROOT/$name.log" 2>&1 </dev/null &
	PW_BG_PIDS[$name]=$!
}

# Print the pid of background process NAME.
bg_pid()
{
	printf '%s\n' "${PW_BG_PIDS[$1]:?bg_pid: no background process named $1}"
}

# Print the path of background process NAME's log.
bg_log()
{
	printf '%s\n' "$PW_TMP_ROOT/$1.log"
}

# Send SIGNAL (default TERM) to background process NAME and wait up to 10 s for
# it to exit. Sets BG_STATUS to its exit status (128+N for death by signal N).
# Fails the test if it does not exit in time.
bg_stop()
{
	local name=$1 sig=${2:-TERM} pid i
	pid=${PW_BG_PIDS[$name]:?bg_stop: no background process named $name}
	kill -"$sig" "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		unset "PW_BG_PIDS[$name]"
		fail "$name (pid $pid) did not exit within 10 s of SIG$sig; log: $(tail -n 20 "$PW_TMP_ROOT/$name.log")"
	fi
	BG_STATUS=0
	wait "$pid" || BG_STATUS=$?
	unset "PW_BG_PIDS[$name]"
}

# wait_until TIMEOUT_S CMD... : retry CMD every 0.1 s until it succeeds;
# returns 1 on timeout (the caller decides whether that is a failure).
wait_until()
{
	local t=$1 int frac tries
	shift
	# TIMEOUT_S may have one decimal (0.5); count in tenths of a second.
	int=${t%%.*}
	frac=0
	[[ $t != *.* ]] || frac=${t#*.}
	frac=${frac:-0}
	tries=$((10#${int:-0} * 10 + 10#${frac:0:1}))
	until "$@"; do
		((tries-- > 0)) || return 1
		sleep 0.1
	done
}

# ---------------------------------------------------------------------------
# Network: free ports and a private mosquitto

command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] ||
	PW_NO_MOSQUITTO=1
PW_MOSQUITTO=$(command -v mosquitto 2>/dev/null || echo /usr/sbin/mosquitto)

# Is something listening on 127.0.0.1:PORT?
_pw_port_open()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Can we bind 127.0.0.1:PORT right now?
_pw_port_free()
{
	local port=$1
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$port" <<-'EOF' 2>/dev/null
		import socket, sys
		s = socket.socket()
		s.bind(("127.0.0.1", int(sys.argv[1])))
		EOF
		return
	fi
	if command -v ss >/dev/null 2>&1; then
		! ss -Htan "sport = :$port" 2>/dev/null | grep -q .
		return
	fi
	! _pw_port_open "$port"
}

# Print a TCP port on 127.0.0.1 that nothing uses. Candidates come from below
# Linux's ephemeral range (32768+) so outgoing connections do not take them.
free_port()
{
	local i port
	for ((i = 0; i < 200; i++)); do
		port=$((20000 + (RANDOM % 12000)))
		if _pw_port_free "$port"; then
			printf '%s\n' "$port"
			return 0
		fi
	done
	hard_error "free_port: no free loopback port found"
}

# Write the broker's config for PORT into $BROKER_DIR.
_pw_broker_config()
{
	local port=$1
	{
		echo "# private broker of test $PW_TEST_NAME"
		echo "listener $port 127.0.0.1"
		echo "allow_anonymous true"
		echo "persistence true"
		echo "persistence_location $BROKER_DIR/"
		echo "autosave_interval 1"
		echo "log_dest file $BROKER_DIR/mosquitto.log"
		echo "log_type error"
		echo "log_type warning"
		echo "log_type notice"
		echo "log_type information"
		echo "connection_messages true"
		echo "log_timestamp_format %Y-%m-%dT%H:%M:%S"
		# As root mosquitto would drop to user "mosquitto", who cannot
		# write the test's private directory.
		[ "$(id -u)" -ne 0 ] || echo "user root"
		# Test-specific lines (TLS files, password_file, more listeners...).
		[ -z "${BROKER_CONF_EXTRA:-}" ] || printf '%s\n' "$BROKER_CONF_EXTRA"
	} >"$BROKER_DIR/mosquitto.conf"
}

# Start mosquitto on $BROKER_PORT with the config in $BROKER_DIR; wait until
# it listens. Returns 1 (without failing) when it could not bind the port.
_pw_broker_launch()
{
	local port=$BROKER_PORT i
	_pw_broker_config "$port"
	"$PW_MOSQUITTO" -c "$BROKER_DIR/mosquitto.conf" >>"$BROKER_DIR/stderr.log" 2>&1 </dev/null &
	BROKER_PID=$!
	for ((i = 0; i < 100; i++)); do
		if ! kill -0 "$BROKER_PID" 2>/dev/null; then
			wait "$BROKER_PID" 2>/dev/null || true
			BROKER_PID=
			return 1
		fi
		# Our broker (not some other process) has opened the port.
		if grep -q "listen socket on port $port" "$BROKER_DIR/mosquitto.log" 2>/dev/null &&
			_pw_port_open "$port"; then
			return 0
		fi
		sleep 0.05
	done
	_pw_stop_pid "$BROKER_PID"
	BROKER_PID=
	return 1
}

# broker_start [PORT]: start a private mosquitto on 127.0.0.1 (a free port
# unless PORT is given) with persistence in the test's directory, and wait until
# it accepts connections. Exports BROKER_PORT and BROKER_URL
# (mqtt://127.0.0.1:PORT); BROKER_DIR holds mosquitto.conf and mosquitto.log.
# BROKER_CONF_EXTRA, when set, is appended to mosquitto.conf, after the
# listener line (so listener options such as certfile apply to it).
broker_start()
{
	local attempt
	[ -z "${PW_NO_MOSQUITTO:-}" ] || hard_error "mosquitto is not installed (run tools/deps)"
	[ -z "$BROKER_PID" ] || hard_error "broker_start: a broker is already running"
	[ -n "$BROKER_DIR" ] || BROKER_DIR=$(mktemp -d "$PW_TMP_ROOT/broker.XXXXXX")
	for ((attempt = 0; attempt < 5; attempt++)); do
		BROKER_PORT=${1:-$(free_port)}
		if _pw_broker_launch; then
			BROKER_URL="mqtt://127.0.0.1:$BROKER_PORT"
			export BROKER_PORT BROKER_URL
			return 0
		fi
		# A port given by the caller is not ours to change.
		[ -z "${1:-}" ] || break
	done
	hard_error "mosquitto did not start: $(tail -n 5 "$BROKER_DIR/stderr.log" "$BROKER_DIR/mosquitto.log" 2>/dev/null)"
}

# Stop the broker (SIGTERM: it saves its persistence file first).
broker_stop()
{
	[ -n "$BROKER_PID" ] || return 0
	_pw_stop_pid "$BROKER_PID"
	BROKER_PID=
}

# Stop the broker and start it again on the same port with the same
# persistence, as after a power cut of the broker host.
broker_restart()
{
	[ -n "$BROKER_PORT" ] || hard_error "broker_restart: no broker was started"
	broker_stop
	local i
	# The old socket may linger for a moment.
	for ((i = 0; i < 50; i++)); do
		_pw_broker_launch && return 0
		sleep 0.1
	done
	hard_error "broker_restart: mosquitto did not come back on port $BROKER_PORT"
}

# mosquitto_pub / mosquitto_sub against the test broker.
mqtt_pub() { mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" "$@"; }
mqtt_sub() { mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" "$@"; }

# ---------------------------------------------------------------------------
# Terminal: programs in a private tmux server, read back with capture-pane

command -v tmux >/dev/null 2>&1 || PW_NO_TMUX=1

# tmux on the test's own server; -u: the panes hold UTF-8 whatever the locale.
_pw_tmux()
{
	[ -z "${PW_NO_TMUX:-}" ] || hard_error "tmux is not installed (run tools/deps)"
	command tmux -u -L "$PW_TMUX_SOCKET" -f /dev/null "$@"
}

# tui_start NAME COLS ROWS CMD... : run CMD in a new detached COLSxROWS
# terminal named NAME, with LANG=C.UTF-8 and TERM=xterm-256color. The pane
# stays after CMD exits so its last screen and exit status can be read.
#
# CMD runs under a small bash wrapper that writes its exit status to a file:
# tmux's own #{pane_dead_status} is lost now and then (tmux 3.3 sometimes
# misses the SIGCHLD of a pane and never reaps it). The wrapper catches
# SIGINT and SIGQUIT so a Ctrl-C meant for CMD does not end the wrapper too.
tui_start()
{
	local name=$1 cols=$2 rows=$3 st
	shift 3
	[ $# -gt 0 ] || hard_error "tui_start: no command"
	st=$(_pw_tui_status_file "$name")
	rm -f "$st" "$st.tmp"
	# remain-on-exit must be on before the command can exit.
	_pw_tmux start-server \; set-option -g remain-on-exit on \; \
		new-session -d -s "$name" -x "$cols" -y "$rows" \
		env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
		bash -c 'trap : INT QUIT; "$@"; echo $? >"$0.tmp" && mv "$0.tmp" "$0"' "$st" "$@"
}

_pw_tui_status_file() { printf '%s/.tui-%s.status\n' "$PW_TMP_ROOT" "$1"; }

# tui_keys NAME KEYS... : tmux send-keys (key names like Enter, Escape, Up,
# C-c, F1; use -l first for literal text).
tui_keys()
{
	local name=$1
	shift
	_pw_tmux send-keys -t "$name" "$@"
}

# tui_screen NAME [capture-pane options] : print the visible screen.
tui_screen()
{
	local name=$1
	shift
	_pw_tmux capture-pane -p -t "$name" "$@"
}

# tui_wait NAME REGEX [TIMEOUT_S]: poll the screen every 0.1 s until a line
# matches the extended REGEX (default timeout 10 s). On timeout print the
# screen and fail the test.
tui_wait()
{
	local name=$1 re=$2 timeout=${3:-10} deadline screen
	deadline=$((SECONDS + timeout))
	while :; do
		screen=$(tui_screen "$name")
		grep -qE -- "$re" <<<"$screen" && return 0
		((SECONDS < deadline)) || break
		sleep 0.1
	done
	printf -- '--- screen of %s after %s s ---\n%s\n--- end of screen ---\n' \
		"$name" "$timeout" "$screen" >&2
	fail "tui_wait: /$re/ did not appear on $name within $timeout s"
}

# tui_wait_gone NAME REGEX [TIMEOUT_S]: wait until no line matches REGEX.
tui_wait_gone()
{
	local name=$1 re=$2 timeout=${3:-10} deadline screen
	deadline=$((SECONDS + timeout))
	while :; do
		screen=$(tui_screen "$name")
		grep -qE -- "$re" <<<"$screen" || return 0
		((SECONDS < deadline)) || break
		sleep 0.1
	done
	printf -- '--- screen of %s after %s s ---\n%s\n--- end of screen ---\n' \
		"$name" "$timeout" "$screen" >&2
	fail "tui_wait_gone: /$re/ still on $name after $timeout s"
}

# tui_resize NAME COLS ROWS : resize the terminal (the program gets SIGWINCH).
tui_resize()
{
	_pw_tmux resize-window -t "$1" -x "$2" -y "$3"
}

# tui_exit_status NAME [TIMEOUT_S]: wait (default 10 s) for the program in
# NAME to exit and print its exit status (128+N when killed by signal N);
# fails the test if it is still running.
tui_exit_status()
{
	local name=$1 timeout=${2:-10} st
	st=$(_pw_tui_status_file "$name")
	if ! wait_until "$timeout" test -s "$st"; then
		printf -- '--- screen of %s ---\n%s\n---\n' "$name" "$(tui_screen "$name")" >&2
		fail "tui_exit_status: $name still running after $timeout s"
	fi
	cat "$st"
}

# tui_kill [NAME] : end terminal NAME, or the whole private tmux server.
tui_kill()
{
	if [ $# -gt 0 ]; then
		_pw_tmux kill-session -t "$1" 2>/dev/null || true
	else
		command tmux -L "$PW_TMUX_SOCKET" kill-server >/dev/null 2>&1 || true
	fi
}

# ---------------------------------------------------------------------------
# Assertions

# run CMD... : run CMD without tripping set -e. Sets RUN_RC, RUN_OUT (stdout)
# and RUN_ERR (stderr), trailing newlines stripped.
run()
{
	local out="$PW_TMP_ROOT/.run.out" err="$PW_TMP_ROOT/.run.err"
	RUN_RC=0
	"$@" >"$out" 2>"$err" </dev/null || RUN_RC=$?
	RUN_OUT=$(<"$out")
	RUN_ERR=$(<"$err")
}

# assert_exit CODE CMD... : run CMD (as `run` does) and fail unless it exits
# with CODE. RUN_OUT / RUN_ERR stay set for further checks.
assert_exit()
{
	local want=$1
	shift
	run "$@"
	if [ "$RUN_RC" != "$want" ]; then
		printf -- '--- stdout ---\n%s\n--- stderr ---\n%s\n---\n' "$RUN_OUT" "$RUN_ERR" >&2
		fail "expected exit $want, got $RUN_RC: $*"
	fi
}

# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq()
{
	[ "$1" == "$2" ] && return 0
	printf -- '--- expected ---\n%s\n--- actual ---\n%s\n---\n' "$1" "$2" >&2
	fail "${3:-values differ}"
}

# assert_contains HAYSTACK NEEDLE [WHAT] : NEEDLE is a fixed string.
assert_contains()
{
	[[ "$1" == *"$2"* ]] && return 0
	printf -- '--- text ---\n%s\n---\n' "$1" >&2
	fail "${3:-text does not contain '$2'}"
}

# assert_not_contains HAYSTACK NEEDLE [WHAT]
assert_not_contains()
{
	[[ "$1" != *"$2"* ]] && return 0
	printf -- '--- text ---\n%s\n---\n' "$1" >&2
	fail "${3:-text contains '$2'}"
}

# assert_match TEXT REGEX [WHAT] : some line of TEXT matches the extended REGEX.
assert_match()
{
	grep -qE -- "$2" <<<"$1" && return 0
	printf -- '--- text ---\n%s\n---\n' "$1" >&2
	fail "${3:-no line matches /$2/}"
}
