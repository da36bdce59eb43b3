#!/bin/bash
# bench_seed.sh - how long `parkwatch seed` takes for a large park (default
# 10,000 enterprises, as the other benchmarks use) and how big the file gets.
# Each run seeds a fresh database; prints wall-clock seconds per run, the
# best run, and the database size after a checkpoint.
# By hand, not part of make check (figures depend on the machine):
#   tests/bench/bench_seed.sh [BUILDDIR]     BENCH_ENTERPRISES=N, BENCH_RUNS=R to change
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "bench_seed: $PW is not built" >&2; exit 1; }
N=${BENCH_ENTERPRISES:-10000}
RUNS=${BENCH_RUNS:-3}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwbench-seed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

now_ms() { date +%s%3N; }

best=
for ((i = 1; i <= RUNS; i++)); do
	rm -f "$tmp"/park.db*
	t0=$(now_ms)
	"$PW" --db "$tmp/park.db" seed --enterprises "$N" --seed "$i" >"$tmp/out"
	ms=$(($(now_ms) - t0))
	printf 'run %d: %d.%03d s  (%s)\n' "$i" $((ms / 1000)) $((ms % 1000)) "$(cut -c1-60 "$tmp/out")..."
	if [ -z "$best" ] || ((ms < best)); then best=$ms; fi
done
# Fold the WAL into the main file so the size is the database's own.
"$PW" --db "$tmp/park.db" db check >/dev/null 2>&1 || true
command -v sqlite3 >/dev/null && sqlite3 "$tmp/park.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
size=$(stat -c %s "$tmp/park.db")
printf 'seed --enterprises %d: best %d.%03d s of %d runs; database %d bytes (%.1f MiB), %d cores, load %s\n' \
	"$N" $((best / 1000)) $((best % 1000)) "$RUNS" "$size" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" \
	"$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
