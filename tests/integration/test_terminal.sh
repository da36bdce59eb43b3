#!/bin/bash
# Terminals a duty console meets (issue 9, "Faults: Terminal"):
#   - started at 40x10: a clear "too small" message, nothing else; grown to
#     300x80 it fills the screen (rules to the right edge, status line at the
#     bottom);
#   - TERM=dumb and an unknown TERM: exit 1 with one line on stderr, no crash;
#   - TERM=vt100: runs, without a single colour (bold/reverse only);
#   - a non-UTF-8 locale (LC_ALL=C): ASCII rules, and Chinese text shown as
#     '?' (one per column, so columns still line up) rather than mojibake.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
DB="$D/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 8 --seed 2
STATUS_RE='MQTT off +P1 [0-9]+ P2 [0-9]+ P3 [0-9]+ DIAG [0-9]+'

# --- 40x10, then 300x80 --------------------------------------------------------
tui_start small 40 10 "$PW" --db "$DB" console --no-mqtt --operator term-test
tui_wait small '[Tt]oo small'
screen=$(tui_screen small)
assert_match "$screen" '[Tt]oo small: 40x10, need 80x24' "no clear too-small message, with both sizes"
assert_not_contains "$screen" "Enterprises" "the overview is drawn into a 40x10 terminal"
tui_resize small 300 80
tui_wait small "$STATUS_RE"
screen=$(tui_screen small)
last=$(tail -n 1 <<<"$screen")
assert_match "$last" "$STATUS_RE" "the status line is not on the last of 80 rows"
widest=$(wc -L <<<"$screen")
[ "$widest" -ge 290 ] || fail "at 300 columns the widest line has $widest columns"
tui_keys small 2
tui_wait small 'Code.*Name.*Industry'
tui_keys small q
assert_eq 0 "$(tui_exit_status small 10)" "q quits with status 0"

# --- TERM=dumb and an unknown TERM: one line, exit 1 ----------------------------
for term in dumb nonexistent-term; do
	name=term-${term%%-*}
	tui_start "$name" 80 24 sh -c 'TERM=$3 exec "$0" --db "$1" console --no-mqtt 2>"$2"' \
		"$PW" "$DB" "$D/$name.err" "$term"
	assert_eq 1 "$(tui_exit_status "$name" 10)" "TERM=$term: exit status"
	err=$(cat "$D/$name.err")
	assert_eq 1 "$(grep -c . <<<"$err")" "TERM=$term: stderr is not one line: $err"
	assert_match "$err" "^parkwatch: .*(terminal|TERM)" "TERM=$term: the message does not name the terminal"
done

# --- TERM=vt100: no colour ------------------------------------------------------
# Parameters of every SGR sequence in the pane, one per line.
sgr_params() { tui_screen "$1" -e | grep -oE $'\e\\[[0-9;]*m' | tr -d $'\e[m' | tr ';' '\n'; }
# Colour parameters: 30-38, 40-48, 90-97, 100-107 (39/49 are "default").
colour_params() { sgr_params "$1" | grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' || true; }
tui_start vt 80 24 env TERM=vt100 "$PW" --db "$DB" console --no-mqtt
tui_wait vt "$STATUS_RE"
assert_eq "" "$(colour_params vt | sort -u | tr '\n' ' ')" "TERM=vt100 got colours"
tui_keys vt q
assert_eq 0 "$(tui_exit_status vt 10)" "TERM=vt100: q quits with status 0"
# The check can fail: the same screen under xterm-256color has colours.
tui_start colour 80 24 "$PW" --db "$DB" console --no-mqtt
tui_wait colour "$STATUS_RE"
[ -n "$(colour_params colour)" ] || fail "no colour under xterm-256color either: the check proves nothing"
tui_keys colour q
tui_exit_status colour 10 >/dev/null

# --- a non-UTF-8 locale ---------------------------------------------------------
tui_start cloc 100 30 env LC_ALL=C LANG=C "$PW" --db "$DB" console --no-mqtt --operator term-test
tui_wait cloc "$STATUS_RE"
screen=$(tui_screen cloc)
# Only printable ASCII on the screen, and no ncurses ~X / M-x renderings of bytes.
if LC_ALL=C grep -n '[^ -~]' <<<"$screen" >&2; then
	fail "non-ASCII characters on the screen in the C locale"
fi
assert_not_contains "$screen" "M-" "bytes shown as M-x in the C locale"
assert_match "$screen" '^-- [A-Za-z].* -{10,}$' "section rules are not ASCII"
# Risk labels: "红 red" becomes "?? red" (two columns, two question marks).
assert_match "$screen" '\?\? red [0-9]+ +\?\? orange [0-9]+' "Chinese risk labels not shown as '?'"
tui_keys cloc 2
tui_wait cloc 'Code.*Name.*Industry'
screen=$(tui_screen cloc)
# Enterprise names are Chinese: shown as '?' runs, the risk column still aligned.
assert_match "$screen" '^E[0-9]+ +\?{4,}' "Chinese enterprise names not shown as '?'"
cols=$(grep -E '\?\? (red|orange|yellow|blue)' <<<"$screen" | awk '{ match($0, /\?\? (red|orange|yellow|blue)/); print RSTART }' | sort -u | grep -c . || true)
assert_eq 1 "$cols" "the risk column is not aligned in the C locale"
tui_keys cloc q
assert_eq 0 "$(tui_exit_status cloc 10)" "C locale: q quits with status 0"
exit 0
