#!/bin/bash
# test_console.sh - the console in a real terminal (tmux) on a seeded park:
# starts at 80x24 and 132x43, lists enterprises with Chinese columns aligned
# in display columns, '/' narrows the list, Enter opens the card with the
# principal and the chemicals, Esc goes back, a too-small terminal gets a
# clear message and recovers, 'q' exits 0; mono and NO_COLOR keep the risk
# labels; TERM=dumb is refused with one line and exit 1.
. "$abs_top_srcdir/tests/integration/lib.sh"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 60 --seed 7

# field TSV COLUMN ROW_FILTER_COLUMN VALUE: the value of COLUMN in the first
# data row whose ROW_FILTER_COLUMN equals VALUE (or the first row when "").
field()
{
	awk -F '\t' -v want="$2" -v key="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		key == "" || $col[key] == val { print $col[want]; exit }' <<<"$1"
}

run "$PW" --db "$DB" query chemicals
chemicals=$RUN_OUT
code=$(field "$chemicals" enterprise_code "" "")
chem=$(field "$chemicals" name enterprise_code "$code")
[ -n "$code" ] && [ -n "$chem" ] || fail "the seeded park has no chemicals to show on a card"
run "$PW" --db "$DB" query enterprises
enterprises=$RUN_OUT
principal=$(field "$enterprises" principal code "$code")
zone=$(field "$enterprises" zone code "$code")
in_zone=$(awk -F '\t' -v z="$zone" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["zone"] == z { n++ } END { print n + 0 }' <<<"$enterprises")
note "card of $code (principal $principal, chemical $chem), zone $zone has $in_zone enterprises"

# REGEX-safe copy of a literal (names may hold parentheses).
re_quote() { sed 's/[][\.*^$?+(){}|/]/\\&/g' <<<"$1"; }
code_re=$(re_quote "$code")
principal_re=$(re_quote "$principal")
chem_re=$(re_quote "${chem:0:4}")

console()
{
	local name=$1 cols=$2 rows=$3
	shift 3
	tui_start "$name" "$cols" "$rows" "$@" "$PW" --db "$DB" console --no-mqtt --operator 值班员甲
}

# scroll_to NAME REGEX: page down a long card until a line matches REGEX.
scroll_to()
{
	local i
	for ((i = 0; i < 8; i++)); do
		tui_screen "$1" | grep -qE -- "$2" && return 0
		tui_keys "$1" NPage
		sleep 0.2
	done
	tui_wait "$1" "$2" 2
}

# Display column where the risk label starts, for every list row showing one.
risk_columns()
{
	local line label prefix
	while IFS= read -r line; do
		for label in '红 red' '橙 orange' '黄 yellow' '蓝 blue'; do
			[[ $line == *"$label"* ]] || continue
			prefix=${line%%"$label"*}
			printf '%s' "$prefix" | wc -L
			break
		done
	done <<<"$1"
}

assert_risk_column_aligned()
{
	local cols rows distinct
	cols=$(risk_columns "$1")
	rows=$(grep -c . <<<"$cols" || true)
	distinct=$(sort -u <<<"$cols" | grep -c . || true)
	((rows >= 5)) || fail "only $rows list rows with a risk label: $(printf '\n%s' "$1")"
	[ "$distinct" = 1 ] || fail "risk column starts at different columns ($(sort -u <<<"$cols" | tr '\n' ' ')): $(printf '\n%s' "$1")"
}

# --- 80x24: overview, list, filter, card, back, resize, quit ---------------
console c80 80 24
tui_wait c80 'Enterprises 60'
screen=$(tui_screen c80)
assert_match "$screen" '红 red [0-9]+ +橙 orange [0-9]+ +黄 yellow [0-9]+ +蓝 blue [0-9]+' "overview counts by colour"
assert_match "$screen" '值班员甲 +[0-2][0-9]:[0-5][0-9]:[0-5][0-9] +MQTT off +P1 [0-9]+ P2 [0-9]+ P3 [0-9]+ DIAG [0-9]+' "status line"
assert_contains "$screen" "$zone" "zone table"

tui_keys c80 2
tui_wait c80 'Code.*Name.*Industry.*Zone.*Risk'
tui_wait c80 '^1/60 '
assert_risk_column_aligned "$(tui_screen c80)"

tui_keys c80 /
tui_keys c80 -l "$zone"
tui_wait c80 " $in_zone of 60"
tui_keys c80 Enter
tui_wait c80 "filter \"$(re_quote "$zone")\""
outside=$(tui_screen c80 | grep -E '红 red|橙 orange|黄 yellow|蓝 blue' | grep -vF -- "$zone" || true)
assert_eq "" "$outside" "rows outside zone $zone survived the filter"

tui_keys c80 Escape
tui_wait c80 '^[0-9]+/60 '
tui_keys c80 /
tui_keys c80 -l "$code"
tui_wait c80 ' 1 of 60$'
tui_keys c80 Enter Enter
tui_wait c80 "^$code_re  "
scroll_to c80 "Principal +$principal_re"
tui_keys c80 Escape
tui_wait c80 'Code.*Name.*Industry'

tui_resize c80 60 20
tui_wait c80 'Terminal too small: need 80x24, have 60x20'
tui_resize c80 100 30
tui_wait c80 'Code.*Name.*Industry'
tui_wait c80 'MQTT off'
tui_keys c80 q
assert_eq 0 "$(tui_exit_status c80)" "q quits with status 0"

# --- 132x43: aligned list and the whole card with its chemicals -----------
console c132 132 43
tui_wait c132 'Enterprises 60'
tui_keys c132 2
tui_wait c132 '^1/60 '
assert_risk_column_aligned "$(tui_screen c132)"
tui_keys c132 /
tui_keys c132 -l "$code"
tui_wait c132 ' 1 of 60$'
tui_keys c132 Enter Enter
tui_wait c132 "^$code_re  "
scroll_to c132 "Principal +$principal_re"
scroll_to c132 'Hazardous chemicals \([0-9]+\)'
scroll_to c132 "^$chem_re"
scroll_to c132 'sum q/Q = [0-9.]+'
tui_keys c132 '?'
tui_wait c132 'Help: Enterprise card'
tui_keys c132 Escape
tui_wait_gone c132 'Help: Enterprise card'
tui_keys c132 q
assert_eq 0 "$(tui_exit_status c132)" "q quits with status 0"

# --- monochrome: labels, not colours ---------------------------------------
tui_start mono 80 24 "$PW" --db "$DB" console --no-mqtt --theme mono
tui_wait mono 'Enterprises 60'
tui_keys mono 2
tui_wait mono '^1/60 '
assert_match "$(tui_screen mono)" '(红 red|橙 orange|黄 yellow|蓝 blue) +[0-9]+$' "risk labels in mono"
# Themes switch live; a theme that does not exist leaves the current one.
tui_keys mono : && tui_keys mono -l 'theme night' && tui_keys mono Enter
tui_wait mono '^theme night'
tui_keys mono : && tui_keys mono -l 'theme no-such-theme' && tui_keys mono Enter
tui_wait mono '^theme: .*no-such-theme'
tui_keys mono : && tui_keys mono -l 'frobnicate' && tui_keys mono Enter
tui_wait mono 'unknown command: frobnicate'
tui_keys mono q
assert_eq 0 "$(tui_exit_status mono)"

tui_start nocolor 80 24 env NO_COLOR=1 "$PW" --db "$DB" console --no-mqtt --theme default
tui_wait nocolor 'Enterprises 60'
tui_keys nocolor 2
tui_wait nocolor '^1/60 '
screen=$(tui_screen nocolor -e)
assert_match "$screen" '(红 red|橙 orange|黄 yellow|蓝 blue)' "risk labels with NO_COLOR"
if grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5|48;5)' <<<"$screen"; then
	fail "NO_COLOR is set but the screen has colours"
fi
tui_keys nocolor q
assert_eq 0 "$(tui_exit_status nocolor)"

# --- SIGTERM and SIGHUP (the SSH session went away) leave cleanly, status 0 --
for sig in TERM HUP; do
	tui_start "sig$sig" 80 24 "$PW" --db "$DB" console --no-mqtt --read-only --operator "op$sig"
	tui_wait "sig$sig" "op$sig RO"
	tui_wait "sig$sig" '\[RO\] '
	pid=$(pgrep -n -f -- "--operator op$sig") || fail "no console process for SIG$sig"
	kill "-$sig" "$pid"
	assert_eq 0 "$(tui_exit_status "sig$sig")" "SIG$sig ends the console with status 0"
done

# --- unusable terminals: one line, exit 1, no crash -------------------------
# stderr goes to a file so the whole message is read, not what the pane wrapped.
tui_start dumb 80 24 sh -c 'TERM=dumb exec "$0" --db "$1" console --no-mqtt 2>"$2"' \
	"$PW" "$DB" "$PW_TMP_ROOT/dumb.err"
assert_eq 1 "$(tui_exit_status dumb)" "TERM=dumb exits 1"
err=$(<"$PW_TMP_ROOT/dumb.err")
assert_match "$err" "^parkwatch: console: terminal type 'dumb' .*TERM=" "TERM=dumb message"
assert_eq 1 "$(grep -c . <<<"$err")" "one line for TERM=dumb"

assert_exit 2 "$PW" --db "$DB" console --bogus
assert_exit 2 "$PW" --db "$DB" console --theme
assert_exit 1 "$PW" --db "$DB" console --no-mqtt
assert_contains "$RUN_ERR" "parkwatch: console:" "console without a terminal says so"
