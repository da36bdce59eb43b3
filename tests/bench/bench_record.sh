#!/bin/bash
# bench_record.sh - sustained readings/s that `parkwatch record` stores through
# a real broker, against what `mosquitto_sub` receives from the same stream on
# the same machine (issue 3 aims at a ratio of at least 0.8).
#
# A private mosquitto on a free loopback port, a seeded park, the recorder
# (stats every second, timestamped here) and mosquitto_sub on park/#; then
# `parkwatch sim` publishes readings at BENCH_RATE for BENCH_SECONDS. The
# subscriber's rate is its readings over the span between its first and last
# one; the recorder's is its stored readings from the stream's first message
# until its count reached the total (midpoint of the 1-s sample where it did).
# By hand, not part of make check (figures depend on the machine):
#   tests/bench/bench_record.sh [BUILDDIR]
#   BENCH_RATE=20000 BENCH_SECONDS=15 BENCH_QOS=1 BENCH_ENTERPRISES=240
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "bench_record: $PW is not built" >&2; exit 1; }
RATE=${BENCH_RATE:-20000}
SECONDS_RUN=${BENCH_SECONDS:-15}
QOS=${BENCH_QOS:-1}
N=${BENCH_ENTERPRISES:-240}
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
export LC_ALL=C.UTF-8
unset PARKWATCH_DB PARKWATCH_BROKER

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwbench-record.XXXXXX")
pids=()
cleanup()
{
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 10000000
EOF
[ "$(id -u)" -ne 0 ] || echo "user root" >>"$tmp/mosquitto.conf"
"$MOSQUITTO" -c "$tmp/mosquitto.conf" >"$tmp/broker.log" 2>&1 &
pids+=($!)
broker="mqtt://127.0.0.1:$port"
export PARKWATCH_DB="$tmp/park.db"
"$PW" db init >/dev/null
"$PW" seed --enterprises "$N" --seed 1 >/dev/null
sleep 0.3

# Recorder: every stderr line stamped with the wall clock (s.ns).
stamp() { while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done; }
"$PW" --broker "$broker" record --client-id "bench-record-$$" --stats-every 1 \
	2> >(stamp >"$tmp/record.log") &
recpid=$!
pids+=($recpid)
mosquitto_sub -h 127.0.0.1 -p "$port" -q "$QOS" -t 'park/#' -F '%U %t' >"$tmp/sub.log" &
pids+=($!)
for _ in $(seq 50); do grep -q "link up" "$tmp/record.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5

"$PW" --broker "$broker" sim --rate "$RATE" --duration "$SECONDS_RUN" --seed 3 --qos "$QOS" \
	>"$tmp/sim.out" 2>"$tmp/sim.err"
sent=$(sed -E 's/.*\(([0-9]+) readings.*/\1/' "$tmp/sim.out")
unacked=$(grep -o '[0-9]* of them were not acknowledged' "$tmp/sim.err" | cut -d' ' -f1 || true)

# Wait until the recorder has stored all the subscriber saw (or gives up).
sub_readings() { grep -c '/reading$' "$tmp/sub.log" || true; }
rec_readings() { grep -E 'record: [0-9]+ readings' "$tmp/record.log" | tail -n 1 |
	sed -E 's/.*record: ([0-9]+) readings.*/\1/'; }
last=-1
for _ in $(seq 240); do
	s=$(sub_readings)
	r=$(rec_readings)
	[ -n "$r" ] && [ "$r" -ge "$s" ] && [ "$s" -eq "$last" ] && break
	last=$s
	sleep 0.5
done
sleep 1.2   # one more stats line after the last change
cpu_s=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$recpid/stat")
kill -TERM "$recpid"
wait "$recpid" || true

report=$(awk -v sent="$sent" '
	FNR == NR { if ($2 ~ /\/reading$/) { if (!sf) sf = $1; sl = $1; sn++ } next }
	/record: [0-9]+ readings/ {
		t = $1; n = $3 + 0
		if (n < total_seen) next
		if (n > last_n) { prev_t = last_t; reach_t = t; last_n = n }
		last_t = t; total_seen = n
	}
	END {
		sub_rate = sn / (sl - sf)
		end_t = prev_t ? (prev_t + reach_t) / 2 : reach_t
		rec_rate = last_n / (end_t - sf)
		printf "sent %d readings; mosquitto_sub received %d at %.0f/s; record stored %d at %.0f/s; ratio %.2f\n",
			sent, sn, sub_rate, last_n, rec_rate, rec_rate / sub_rate
	}' "$tmp/sub.log" "$tmp/record.log")
echo "bench_record: offered $RATE msgs/s for $SECONDS_RUN s at QoS $QOS, $N enterprises"
echo "bench_record: $report"
echo "bench_record: sim: $(cat "$tmp/sim.out")${unacked:+ ($unacked unacknowledged)}"
echo "bench_record: recorder CPU ${cpu_s} s; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
