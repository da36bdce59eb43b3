#!/bin/bash
# bench_idle.sh - what an idle console costs with a large park (issue 14),
# beside htop measured in the same run. A seeded park (default 10,000
# enterprises), a private broker on a free loopback port, no traffic, no
# recorder; the console (connected) and htop each in a private tmux at 80x24.
# Prints:
#   - seed time (unless BENCH_DB names a park to copy), first full frame
#     (3 runs, as bench_console.sh) before and after settling (the open
#     alarms settling raised make the first frame slower), and peak RSS
#     (VmHWM) of the console and of htop at the end;
#   - per screen (keys 1..9): console and htop CPU (% of one core) over
#     BENCH_SECONDS, the console's terminal bytes/s, then its system calls
#     a second (strace -c over BENCH_STRACE_SECONDS: all, pread64, pwrite64,
#     fcntl, fdatasync), with `uptime`'s load average beside each row.
# Idle means nothing is due: a freshly seeded park has never heard from any
# sensor, so the console first starts every silence clock and, comm_timeout
# later, raises the comm faults (real deadlines, real writes). The script
# waits for that (sensors.tick_due, schema 3) before measuring; with an older
# schema it waits BENCH_SETTLE seconds and then for the WAL to stay quiet.
# By hand, not part of make check (figures depend on the machine):
#   tests/bench/bench_idle.sh [BUILDDIR]   BENCH_ENTERPRISES=N BENCH_DB=FILE
#       BENCH_SECONDS=S BENCH_STRACE_SECONDS=S BENCH_SCREENS="1 2 3" BENCH_SETTLE=S
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "bench_idle: $PW is not built" >&2; exit 1; }
for t in tmux mosquitto python3 sqlite3 strace htop; do
	command -v $t >/dev/null || { echo "bench_idle: $t is missing" >&2; exit 1; }
done
N=${BENCH_ENTERPRISES:-10000}
SECS=${BENCH_SECONDS:-10}
SSECS=${BENCH_STRACE_SECONDS:-5}
SCREENS=${BENCH_SCREENS:-1 2 3 4 5 6 7 8 9}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwidle.XXXXXX")
sock="pwidle-$$"
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
now_ms() { date +%s%3N; }
load() { awk '{ print $1, $2, $3 }' /proc/loadavg; }

db="$tmp/park.db"
if [ -n "${BENCH_DB:-}" ]; then
	sqlite3 "$BENCH_DB" ".backup '$db'"
	"$PW" --db "$db" db migrate >/dev/null
	N=$(sqlite3 "$db" 'SELECT count(*) FROM enterprises')
	echo "park: copy of $BENCH_DB ($N enterprises)"
else
	"$PW" --db "$db" db init >/dev/null
	t0=$(now_ms)
	"$PW" --db "$db" seed --enterprises "$N" --seed 1 >/dev/null
	echo "seed --enterprises $N: $(($(now_ms) - t0)) ms, $(du -m "$db" | cut -f1) MiB"
fi
echo "sensors: $(sqlite3 "$db" 'SELECT count(*) FROM sensors'); load average $(load)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$tmp/m.conf"
mosquitto -c "$tmp/m.conf" >"$tmp/broker.log" 2>&1 &
pids+=($!)
broker="mqtt://127.0.0.1:$port"

start_console()
{
	rm -f "$tmp/start" "$tmp/first"
	tmx kill-session -t idle >/dev/null 2>&1 || true
	tmx new-session -d -s idle -x 80 -y 24 \
		"env TERM=xterm-256color PARKWATCH_BENCH_FIRST_FRAME=$tmp/first sh -c 'date +%s%3N > $tmp/start; exec $PW --db $db --broker $broker console --operator bench'"
	local i
	for ((i = 0; i < 3000; i++)); do
		[ -s "$tmp/first" ] && [ -s "$tmp/start" ] && return 0
		sleep 0.01
	done
	echo "bench_idle: no first frame" >&2
	exit 1
}
firsts=()
for r in 1 2 3; do
	start_console
	firsts+=($(($(<"$tmp/first") - $(<"$tmp/start"))))
	sleep 0.5
done
echo "first full frame, 3 runs: $(printf '%s ' "${firsts[@]}")ms (load $(load))"
cpid=$(tmx display -p -t idle '#{pane_pid}')
until tmx capture-pane -p -t idle | grep -q 'MQTT up'; do sleep 0.1; done

# Settle: nothing due for the whole measurement, or (old schema) a quiet WAL.
nscreens=$(wc -w <<<"$SCREENS")
window=$(((nscreens * (SECS + SSECS + 4) + 60) * 1000))
t0=$(now_ms)
if sqlite3 "$db" 'SELECT tick_due FROM sensors LIMIT 0' 2>/dev/null; then
	while :; do
		due=$(sqlite3 "$db" "SELECT count(*) FROM sensors WHERE tick_due <= $(now_ms) + $window")
		[ "$due" = 0 ] && break
		sleep 2
	done
else
	sleep "${BENCH_SETTLE:-0}"
fi
wal="$db-wal"
while :; do
	a=$(stat -c %Y.%s "$wal" 2>/dev/null || echo 0); sleep 5; b=$(stat -c %Y.%s "$wal" 2>/dev/null || echo 0)
	[ "$a" = "$b" ] && break
done
echo "settled after $((($(now_ms) - t0) / 1000)) s: $(sqlite3 "$db" 'SELECT count(*) FROM alarms') alarms"

tmx new-session -d -s htop -x 80 -y 24 "exec env TERM=xterm-256color htop"
hpid=$(tmx display -p -t htop '#{pane_pid}')
tmx pipe-pane -o -t idle "cat >> '$tmp/tty.bytes'"
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
names=(- Overview Enterprises Alarms Hazards Rescue Incidents "Duty log" Regulations Inspections)

printf '%-14s %8s %7s %6s %9s %7s %8s %6s %9s  %s\n' screen "console%" "htop%" "tty B/s" \
	"sysc/s" "pread/s" "pwrite/s" "fcntl/s" "fdsync/s" "load average"
for key in $SCREENS; do
	tmx send-keys -t idle "$key"
	sleep 4
	name=${names[$key]}
	t0=$(now_ms); c0=$(ticks "$cpid"); h0=$(ticks "$hpid"); b0=$(stat -c %s "$tmp/tty.bytes" 2>/dev/null || echo 0)
	sleep "$SECS"
	t1=$(now_ms); c1=$(ticks "$cpid"); h1=$(ticks "$hpid"); b1=$(stat -c %s "$tmp/tty.bytes" 2>/dev/null || echo 0)
	la=$(load)
	timeout "$SSECS" strace -c -f -p "$cpid" -o "$tmp/strace" >/dev/null 2>&1 || true
	python3 - "$key $name" "$t0" "$t1" "$c0" "$c1" "$h0" "$h1" "$b0" "$b1" "$hz" "$SSECS" "$tmp/strace" "$la" <<'PY'
import sys
label = sys.argv[1]
t0, t1, c0, c1, h0, h1, b0, b1, hz, ss = map(int, sys.argv[2:12])
calls = {}
for line in open(sys.argv[12]):
    f = line.split()
    if len(f) >= 5 and f[0][0].isdigit() and f[-1] != "total":
        calls[f[-1]] = int(f[3])
secs = (t1 - t0) / 1000
rate = lambda k: calls.get(k, 0) / ss
print(f"{label[:14]:<14} {100 * (c1 - c0) / hz / secs:8.2f} {100 * (h1 - h0) / hz / secs:7.2f} "
      f"{(b1 - b0) / secs:6.0f} {sum(calls.values()) / ss:9.1f} {rate('pread64'):7.1f} "
      f"{rate('pwrite64'):8.1f} {rate('fcntl'):6.1f} {rate('fdatasync'):9.2f}  {sys.argv[13]}")
PY
done
echo "console peak RSS (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$cpid/status"); htop: $(awk '/VmHWM/ { print $2, $3 }' "/proc/$hpid/status")"
# The first frame again, now that the park holds what settling raised.
tmx pipe-pane -t idle
firsts=()
for r in 1 2 3; do
	start_console
	firsts+=($(($(<"$tmp/first") - $(<"$tmp/start"))))
	sleep 0.5
done
echo "first full frame, settled park, 3 runs: $(printf '%s ' "${firsts[@]}")ms (load $(load))"
echo "alarms at the end: $(sqlite3 "$db" 'SELECT count(*) FROM alarms') (no change expected while idle)"
