#!/bin/bash
# soak.sh - a long run (issue 9): `sim --rate RATE --scenario normal` with a
# storm every STORM_EVERY minutes into `record` and one console (tmux, 80x24),
# printing once a minute: RSS and open file descriptors of the recorder and
# the console, database and WAL size, readings stored. A flat curve is the
# pass mark: it is judged by eye, so this is a benchmark, not a test.
#   tests/bench/soak.sh [BUILDDIR]    SOAK_MINUTES=60 SOAK_RATE=2000 STORM_EVERY=15
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "soak: $PW is not built" >&2; exit 1; }
MINUTES=${SOAK_MINUTES:-60}
RATE=${SOAK_RATE:-2000}
STORM_EVERY=${STORM_EVERY:-15}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwsoak.XXXXXX")
sock="pwsoak-$$"
tmx() { tmux -u -L "$sock" -f /dev/null "$@"; }
pids=()
cleanup()
{
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	tmx kill-server >/dev/null 2>&1 || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n' "$port" >"$tmp/m.conf"
mosquitto -c "$tmp/m.conf" >"$tmp/broker.log" 2>&1 &
pids+=($!)
broker="mqtt://127.0.0.1:$port"
export PARKWATCH_DB="$tmp/park.db"
# Short retention so the bound is visible within the run.
printf '[store]\nraw_retention_hours = 1\n' >"$tmp/config"
"$PW" db init >/dev/null
"$PW" seed --enterprises 240 --seed 1 >/dev/null
sleep 0.5
"$PW" --config "$tmp/config" --broker "$broker" record >"$tmp/record.log" 2>&1 &
rpid=$!
pids+=($rpid)
tmx new-session -d -s soak -x 80 -y 24 \
	"exec env TERM=xterm-256color '$PW' --config '$tmp/config' --broker '$broker' console --operator soak"
cpid=$(tmx display -p -t soak '#{pane_pid}')
"$PW" --broker "$broker" sim --rate "$RATE" --scenario normal --duration $((MINUTES * 60)) \
	--seed 3 >"$tmp/sim.log" 2>&1 &
pids+=($!)

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo -; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
printf '%4s %10s %6s %10s %6s %10s %10s %10s\n' min rec_rss_kB fds con_rss_kB fds db_bytes wal_bytes readings
for ((m = 0; m <= MINUTES; m++)); do
	if ((m > 0 && m % STORM_EVERY == 0)); then
		"$PW" --broker "$broker" sim --rate 500 --scenario storm --duration 120 --seed "$m" \
			>>"$tmp/storm.log" 2>&1 &
		pids+=($!)
	fi
	n=$(sqlite3 -cmd '.timeout 5000' "$PARKWATCH_DB" 'SELECT count(*) FROM readings' 2>/dev/null || echo -)
	printf '%4d %10s %6s %10s %6s %10s %10s %10s\n' "$m" "$(rss "$rpid")" "$(fds "$rpid")" \
		"$(rss "$cpid")" "$(fds "$cpid")" "$(size "$PARKWATCH_DB")" \
		"$(size "$PARKWATCH_DB-wal")" "$n"
	((m == MINUTES)) || sleep 60
done
kill -0 "$rpid" 2>/dev/null && echo "recorder alive" || echo "RECORDER DIED"
kill -0 "$cpid" 2>/dev/null && echo "console alive" || echo "CONSOLE DIED"
