#!/bin/bash
# bench_import.sh - how long `parkwatch import sensors` takes for a 100,000-row
# file (the tsv shape `query sensors` prints, spread over a seeded park's
# enterprises), into a fresh park each run; then the same file again, which
# updates every row. Prints wall-clock seconds per run and the best.
# By hand, not part of make check (figures depend on the machine):
#   tests/bench/bench_import.sh [BUILDDIR]     BENCH_ROWS=N, BENCH_RUNS=R to change
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "bench_import: $PW is not built" >&2; exit 1; }
ROWS=${BENCH_ROWS:-100000}
RUNS=${BENCH_RUNS:-3}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwbench-import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One row a sensor, every column query prints (computed ones empty).
awk -v n="$ROWS" 'BEGIN {
	OFS = "\t"
	print "code", "enterprise_code", "kind", "unit", "l1", "l2", "direction", "last_value",
	      "last_ts", "state", "opposite_l1", "deadband", "on_delay_s", "comm_timeout_s",
	      "location", "lat", "lon", "in_service", "online", "key_place"
	for (i = 0; i < n; i++) {
		low = i % 5 == 4
		print sprintf("B-%06d", i), sprintf("E%04d", 1 + i % 50), low ? "o2" : "nh3",
		      low ? "%VOL" : "mg/m3", low ? 19.5 : 30, low ? 18 : 60, low ? "low" : "high",
		      "", "", "", low ? 23.5 : "", 1.5, 5, 300, "第" i "号探头",
		      29.3 + (i % 1000) / 100000, 120.1 + (i % 997) / 100000, 1, "", ""
	}
}' >"$tmp/sensors.tsv"

# "real user" seconds of one import of the file.
timed_import()
{
	local TIMEFORMAT='%R %U'
	{ time "$PW" --db "$tmp/park.db" import sensors "$tmp/sensors.tsv" >"$tmp/out"; } 2>"$tmp/time"
	cat "$tmp/time"
}

best=
for ((i = 1; i <= RUNS; i++)); do
	rm -f "$tmp"/park.db*
	"$PW" --db "$tmp/park.db" db init >/dev/null
	"$PW" --db "$tmp/park.db" seed --enterprises 50 --seed "$i" >/dev/null
	read -r real user < <(timed_import)
	out=$(<"$tmp/out")
	read -r real2 user2 < <(timed_import)
	printf 'run %d: %s s (cpu %s s) %s; again %s s (cpu %s s) %s\n' "$i" "$real" "$user" "$out" \
		"$real2" "$user2" "$(<"$tmp/out")"
	if [ -z "$best" ] || awk -v a="$real" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$real; fi
done
printf 'import sensors, %d rows (%d bytes): best %s s of %d runs, %d cores, load %s\n' \
	"$ROWS" "$(stat -c %s "$tmp/sensors.tsv")" "$best" "$RUNS" "$(nproc)" \
	"$(cut -d' ' -f1 /proc/loadavg)"
