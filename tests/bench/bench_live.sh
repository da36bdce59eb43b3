#!/bin/bash
# bench_live.sh - the console against a live stream (issue 3, benchmarks 2-3).
# A seeded park, a private broker on a free loopback port, `parkwatch record`
# and a console in a private tmux at 80x24. Prints:
#   - console CPU (% of one core) and bytes written to the terminal per
#     second, idle and while `sim` publishes RATE msgs/s (default 2000);
#   - publish-to-screen latency (p50, p99) of new alarms during that storm:
#     an L2 reading is published for a fresh sensor (imported for the probe,
#     so no simulated reading can share its ts) and the Alarms screen is
#     polled until that sensor's code appears (the poll itself adds a few ms).
# By hand, not part of make check (figures depend on the machine):
#   tests/bench/bench_live.sh [BUILDDIR]    BENCH_RATE=N BENCH_SECONDS=S BENCH_PROBES=N
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "bench_live: $PW is not built" >&2; exit 1; }
for t in tmux mosquitto mosquitto_pub python3 sqlite3; do
	command -v $t >/dev/null || { echo "bench_live: $t is missing" >&2; exit 1; }
done
RATE=${BENCH_RATE:-2000}
SECS=${BENCH_SECONDS:-20}
PROBES=${BENCH_PROBES:-30}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwlive.XXXXXX")
sock="pwlive-$$"
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

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n' "$port" >"$tmp/m.conf"
mosquitto -c "$tmp/m.conf" >"$tmp/broker.log" 2>&1 &
pids+=($!)
broker="mqtt://127.0.0.1:$port"
export PARKWATCH_DB="$tmp/park.db"
"$PW" db init >/dev/null
"$PW" seed --enterprises 240 --seed 1 >/dev/null
sleep 0.5
"$PW" --broker "$broker" record >"$tmp/record.log" 2>&1 &
pids+=($!)

tmx new-session -d -s live -x 80 -y 24 \
	"exec env TERM=xterm-256color '$PW' --broker '$broker' console --operator bench"
tmx pipe-pane -o -t live "cat >> '$tmp/tty.bytes'"
cpid=$(tmx display -p -t live '#{pane_pid}')
until tmx capture-pane -p -t live | grep -q 'MQTT up'; do sleep 0.1; done
tmx send-keys -t live 3

# cpu_ticks PID: utime + stime in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
measure()   # LABEL SECONDS
{
	local t0 c0 b0 t1 c1 b1
	sleep 2
	t0=$(now_ms); c0=$(cpu_ticks "$cpid"); b0=$(stat -c %s "$tmp/tty.bytes" 2>/dev/null || echo 0)
	sleep "$2"
	t1=$(now_ms); c1=$(cpu_ticks "$cpid"); b1=$(stat -c %s "$tmp/tty.bytes" 2>/dev/null || echo 0)
	python3 - "$1" "$t0" "$t1" "$c0" "$c1" "$b0" "$b1" "$hz" <<'PY'
import sys
label, t0, t1, c0, c1, b0, b1, hz = sys.argv[1], *map(int, sys.argv[2:])
secs = (t1 - t0) / 1000
print(f"{label}: console CPU {100 * (c1 - c0) / hz / secs:.2f} % of a core, "
      f"terminal output {(b1 - b0) / secs:.0f} bytes/s over {secs:.0f} s")
PY
}

measure "idle (80x24, Alarms screen)" "$SECS"

"$PW" --broker "$broker" sim --rate "$RATE" --duration $((SECS * 3 + 60)) --seed 2 >"$tmp/sim.log" 2>&1 &
pids+=($!)
measure "storm ($RATE msgs/s)" "$SECS"

# Latency probes: one fresh NH3 sensor per probe (L2 60 mg/m3, no on-delay),
# added after the simulator read its sensors, so nothing else publishes for
# them: a simulated reading with the same ts would make the probe a
# duplicate (same identity), and a newer one would make it late.
{
	echo "code,enterprise_code,kind,unit,l1,l2,direction,on_delay_s"
	"$PW" query enterprises | awk -F '\t' 'NR > 1 { print $1 }' | tail -n "$PROBES" |
		awk '{ printf "%s-PROBE-%02d,%s,nh3,mg/m3,30,60,high,0\n", $1, NR, $1 }'
} >"$tmp/probes.csv"
"$PW" import sensors "$tmp/probes.csv" >/dev/null
mapfile -t probes < <(awk -F , 'NR > 1 { print $1 "\t" $2 "\t60\tmg/m3" }' "$tmp/probes.csv")

: >"$tmp/lat"
for p in "${probes[@]}"; do
	IFS=$'\t' read -r code ent l2 unit <<<"$p"
	value=$(python3 -c "print(float('$l2') * 1.5)")
	t0=$(now_ms)
	mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 -t "park/$ent/$code/reading" \
		-m "{\"ts\": $t0, \"value\": $value, \"unit\": \"$unit\"}"
	deadline=$((t0 + 10000))
	until tmx capture-pane -p -t live | grep -qF -- "$code"; do
		if (($(now_ms) >= deadline)); then
			stored=$("$PW" query alarms | grep -cF -- "$code" || true)
			echo "probe $code: not on screen after 10 s ($stored alarm rows in the database); screen:" >&2
			"$PW" query readings | awk -F '\t' -v s="$code" -v t="$t0" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
				$c["sensor_code"] == s && $c["ts_ms"] >= t - 3000 && $c["ts_ms"] <= t + 3000 { print "    reading", $c["ts_ms"] - t, $c["value"] }' >&2
			"$PW" query rejected | grep -F -- "$code" | tail -n 3 | sed 's/^/    rejected /' >&2
			tmx capture-pane -p -t live | sed 's/^/    /' >&2
			break
		fi
	done
	echo $(($(now_ms) - t0)) >>"$tmp/lat"
done
python3 - "$tmp/lat" <<'PY'
import sys
v = sorted(int(x) for x in open(sys.argv[1]) if x.strip())
if v:
    pct = lambda p: v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
    print(f"publish-to-screen latency over {len(v)} alarms: p50 {pct(50)} ms, p99 {pct(99)} ms, max {v[-1]} ms")
PY
grep -h 'sent' "$tmp/sim.log" || true
echo "sim still running at the end: $(tail -n 1 "$tmp/record.log")"
