#!/bin/bash
# bench_console.sh - the console with a large park (default 10,000
# enterprises) in a private tmux at 80x24. Prints:
#   - time from exec to the first full frame (the console writes the epoch
#     ms of its first doupdate() to $PARKWATCH_BENCH_FIRST_FRAME), 5 runs;
#   - time to switch to the enterprise list (load + first list frame);
#   - time to scroll the list end to end (End, then PgDn through it all);
#   - time for a '/' filter to narrow the whole list;
#   - peak RSS (VmHWM) of the console after all that.
# By hand, not part of make check (figures depend on the machine):
#   tests/bench/bench_console.sh [BUILDDIR]        BENCH_ENTERPRISES=N to change N
set -euo pipefail

builddir=${1:-.}
PW=$(cd "$builddir" && pwd)/parkwatch
[ -x "$PW" ] || { echo "bench_console: $PW is not built" >&2; exit 1; }
command -v tmux >/dev/null || { echo "bench_console: tmux is missing" >&2; exit 1; }
N=${BENCH_ENTERPRISES:-10000}
RUNS=${BENCH_RUNS:-5}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pwbench.XXXXXX")
sock="pwbench-$$"
tmx() { tmux -u -L "$sock" -f /dev/null "$@"; }
trap 'tmx kill-server >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

now_ms() { date +%s%3N; }

# wait_screen REGEX: poll the pane until a line matches; prints the ms it took.
wait_screen()
{
	local t0 deadline
	t0=$(now_ms)
	deadline=$((t0 + 30000))
	until tmx capture-pane -p -t bench | grep -qE -- "$1"; do
		if (($(now_ms) > deadline)); then
			echo "bench_console: /$1/ never appeared" >&2
			tmx capture-pane -p -t bench >&2
			exit 1
		fi
	done
	echo $(($(now_ms) - t0))
}

db="$tmp/park.db"
"$PW" --db "$db" db init >/dev/null
t0=$(now_ms)
"$PW" --db "$db" seed --enterprises "$N" --seed 1 >/dev/null
echo "seed --enterprises $N: $(($(now_ms) - t0)) ms"

start_console()
{
	rm -f "$tmp/start" "$tmp/first"
	tmx kill-session -t bench >/dev/null 2>&1 || true
	tmx new-session -d -s bench -x 80 -y 24 \
		"env TERM=xterm-256color PARKWATCH_BENCH_FIRST_FRAME=$tmp/first sh -c 'date +%s%3N > $tmp/start; exec $PW --db $db console --no-mqtt'"
	local i
	for ((i = 0; i < 3000; i++)); do
		[ -s "$tmp/first" ] && [ -s "$tmp/start" ] && return 0
		sleep 0.01
	done
	echo "bench_console: no first frame" >&2
	exit 1
}

firsts=()
for ((r = 0; r < RUNS; r++)); do
	start_console
	firsts+=($(($(<"$tmp/first") - $(<"$tmp/start"))))
done
sorted=$(printf '%s\n' "${firsts[@]}" | sort -n | tr '\n' ' ')
echo "first full frame (exec -> first doupdate), $RUNS runs: $sorted ms (median $(printf '%s\n' "${firsts[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p") ms)"

# The last console of the loop stays for the rest. Each timed key waits
# 0.2 s first, so the figure is the work, not the max_fps frame pacing.
sleep 0.2
tmx send-keys -t bench 2
echo "switch to the enterprise list (load $N rows + frame): $(wait_screen "^1/$N ") ms"
sleep 0.2
tmx send-keys -t bench End
echo "End: last enterprise on screen: $(wait_screen "^$N/$N ") ms"
tmx send-keys -t bench Home
wait_screen "^1/$N " >/dev/null
pages=$((N / 19 + 5)) # 19 rows a page at 80x24, and a few to spare
sleep 0.2
t0=$(now_ms)
tmx send-keys -t bench -N "$pages" NPage
wait_screen "^$N/$N " >/dev/null
echo "PgDn x $pages through the whole list: $(($(now_ms) - t0)) ms"
sleep 0.2
tmx send-keys -t bench /
tmx send-keys -t bench -l '五金'
echo "filter '五金' over $N rows (typed, live): $(wait_screen " of $N\$") ms"
tmx send-keys -t bench Escape
pid=$(tmx display-message -p -t bench '#{pane_pid}')
echo "peak RSS (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$pid/status")"
tmx send-keys -t bench q
