#!/bin/bash
# Command-line twins of console actions that had none: `risk set` (the
# console's ":risk set") and `report shift --acknowledge` (":handover", a).
# Each writes the same duty-log entry as its console twin.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
"$PW" db init >/dev/null
"$PW" seed --enterprises 30 --seed 2 >/dev/null

assert_exit 0 "$PW" risk list
assert_match "$RUN_OUT" '^band\.red	75	75$'

# Lowering the red band to 0 makes every enterprise red, with the change logged.
assert_exit 0 "$PW" risk set band.red 0 --operator 李娜
assert_match "$RUN_OUT" '^[0-9]+ enterprises changed colour$'
[ "$("$PW" query risk | awk -F '\t' 'NR > 1 && $2 != "red"' | wc -l)" = 0 ] ||
	fail "band.red 0 left enterprises below red"
assert_exit 0 "$PW" risk list
assert_match "$RUN_OUT" '^band\.red	0	75$'
assert_match "$("$PW" query duty)" '李娜	risk	risk parameter band.red set to 0	'
assert_exit 0 "$PW" risk set band.red 75
assert_exit 0 "$PW" risk recompute
assert_exit 2 "$PW" risk set no.such 1
assert_exit 2 "$PW" risk set band.red -1
assert_exit 2 "$PW" risk frobnicate
assert_exit 1 "$PW" risk recompute NOPE

# Handover: the report is printed, then the acknowledgement is logged.
assert_exit 0 "$PW" report shift --acknowledge --operator 王芳
assert_contains "$RUN_ERR" "handover acknowledged (duty entry"
assert_match "$("$PW" query duty)" '王芳	handover	handover acknowledged by 王芳 \(shift '
"$PW" db check >/dev/null || fail "db check after the twins"
