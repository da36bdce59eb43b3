#!/bin/bash
# `parkwatch sim` against a real mosquitto with a recorder: it publishes at
# the asked rate, every reading it sends is stored, and the same seed gives
# the same sequence of topics and values (only the ts fields differ), while
# another seed gives another.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 20 --seed 1
broker_start
bg_start rec "$PW" --broker "$BROKER_URL" record --client-id "pwtest-sim-rec-$$"
wait_until 10 grep -q "link up" "$(bg_log rec)" || fail "recorder did not connect"

# capture NAME SIM-ARGS...: run the simulator while mosquitto_sub records
# what the broker delivers (-R: not the retained statuses of earlier runs).
capture()
{
	local name=$1
	shift
	bg_start "$name" mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -R -v -t 'park/#'
	sleep 0.5
	assert_exit 0 "$PW" --broker "$BROKER_URL" sim "$@"
	sleep 0.5
	bg_stop "$name"
}

strip_ts() { sed -E 's/"ts":[0-9]+,?//' "$(bg_log "$1")"; }
reading_lines() { grep -c '/reading ' "$(bg_log "$1")" || true; }
stored_readings() { "$PW" query readings | tail -n +2 | wc -l; }
stored_equals() { test "$(stored_readings)" -eq "$1"; }

capture run1 --duration 3 --rate 100 --seed 5
SUMMARY=$RUN_OUT
assert_match "$SUMMARY" '^sim: sent [0-9]+ messages' "summary line"
SENT=$(sed -E 's/^sim: sent ([0-9]+) .*/\1/' <<<"$SUMMARY")
[ "$SENT" -ge 250 ] && [ "$SENT" -le 320 ] || fail "sent $SENT messages in 3 s at 100/s"
GOT=$(wc -l <"$(bg_log run1)")
[ "$GOT" -ge 250 ] || fail "mosquitto_sub received only $GOT of $SENT messages"

# Every reading the broker delivered is stored once by the recorder.
READINGS=$(reading_lines run1)
wait_until 5 stored_equals "$READINGS" ||
	fail "recorder stored $(stored_readings) readings, the broker delivered $READINGS"

capture run2 --duration 3 --rate 100 --seed 5
# (Through files: with pipefail, sed killed by head's early exit would fail.)
strip_ts run1 >"$D/a.all" && head -n 250 "$D/a.all" >"$D/a"
strip_ts run2 >"$D/b.all" && head -n 250 "$D/b.all" >"$D/b"
[ "$(wc -l <"$D/b")" -eq 250 ] || fail "second run delivered fewer than 250 messages"
if ! cmp -s "$D/a" "$D/b"; then
	diff "$D/a" "$D/b" | head -n 10 >&2
	fail "the same seed gave a different sequence"
fi
# The values really are in the comparison (not only the topics).
assert_match "$(head -n 20 "$D/a")" '"value":[0-9.-]+' "values in the captured sequence"

capture run3 --duration 1 --rate 100 --seed 6
strip_ts run3 >"$D/c.all" && head -n 50 "$D/c.all" >"$D/c"
head -n 50 "$D/a" >"$D/a50"
cmp -s "$D/a50" "$D/c" && fail "another seed gave the same sequence"

bg_stop rec
assert_eq 0 "$BG_STATUS" "recorder exit status"
