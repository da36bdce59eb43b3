#!/bin/bash
# test_shift.sh - a whole shift in one console, as issue 13 asks: the test
# suite used to try each feature in a fresh process, so nothing ever lived
# long enough to fill the statement cache, leak a prompt or lose a job.
#
# One console (80x24, the ASan+UBSan build of `make check`) on a seeded park,
# with a recorder and live `sim --scenario storm` traffic on a private broker,
# does several tours. Each tour
#   - walks the nine tabs (1-9, F1-F9, Tab, Shift-Tab, Ctrl-L),
#   - presses every key of every view's `?` help. The keys come from the
#     views' ui_keyhelp tables in src/ui (the arrays `?` shows), so a key
#     added to a table is pressed here without touching this test. A key
#     that opens a view (Enter, c, h...) leads into that view, whose keys
#     are pressed in turn; every prompt or question a key opens is cancelled
#     (Esc, n, "Discard? y"),
#   - runs every `:` command listed in the help, bare and with arguments,
#   - does the operator's actions with real answers: acknowledge with a
#     comment, acknowledge all, shelve (minutes, reason) and unshelve, a duty
#     note, an incident from an alarm with dispatch, en route, on scene,
#     cleared, a note, a loan and its return, a status change, a hazard
#     reported and moved along its loop, a rescue loan and return, filters
#     and sorts, the handover acknowledged.
# After every step the console must still run and show its status line; at
# the end `q` exits 0, no sanitizer wrote a report, and the duty log holds
# what was done.
#
# PW_SHIFT_TOURS (default 3) sets the number of tours.
PW_TEST_TIMEOUT=${PW_TEST_TIMEOUT:-1200}
. "$abs_top_srcdir/tests/integration/lib.sh"

TOURS=${PW_SHIFT_TOURS:-3}
OP=shiftop
SRC_UI="$abs_top_srcdir/src/ui"
T0=$SECONDS

# ---- sanitizers: any report fails the test (the console aborts at once,
# and everything it and the helpers log lands in $SAN)
SAN="$PW_TMP_ROOT/san"
mkdir -p "$SAN"
export ASAN_OPTIONS="abort_on_error=1:halt_on_error=1:detect_leaks=1:log_path=$SAN/asan:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$SAN/ubsan:exitcode=86"

san_reports() { ls "$SAN" 2>/dev/null | grep -q . ; }
san_check()
{
	if san_reports; then
		local f
		for f in "$SAN"/*; do
			printf -- '--- %s ---\n' "$f" >&2
			head -n 60 "$f" >&2
		done
		fail "a sanitizer reported an error ($*)"
	fi
}

# ---- the park, the broker, the recorder, the storm
DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 30 --seed 13
broker_start
bg_start rec "$PW" --db "$DB" --broker "$BROKER_URL" record
wait_until 20 grep -q "link up" "$(bg_log rec)" || fail "recorder did not connect: $(cat "$(bg_log rec)")"
bg_start sim "$PW" --db "$DB" --broker "$BROKER_URL" sim --scenario storm --rate 20 --duration 3600 --seed 13

tui_start C 80 24 env ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
	"$PW" --db "$DB" --broker "$BROKER_URL" console --operator "$OP"
STATUS_RE="^ $OP +[0-2][0-9]:[0-5][0-9]:[0-5][0-9] "
tui_wait C "$STATUS_RE" 30
tui_wait C 'MQTT up' 20

# ---- helpers

STEP="start"
screen() { tui_screen C; }
cursor_on() { [ "$(_pw_tmux display-message -p -t C '#{cursor_flag}')" = 1 ]; }

# The console still runs, shows its status line and no sanitizer spoke.
alive()
{
	local st
	st=$(_pw_tui_status_file C)
	if [ -e "$st" ]; then
		printf -- '--- last screen ---\n%s\n---\n' "$(screen)" >&2
		san_check "console exited during: $STEP"
		fail "console exited with $(cat "$st" 2>/dev/null) during: $STEP"
	fi
	local last
	last=$(screen | tail -n 1)
	if ! grep -qE -- "$STATUS_RE" <<<"$last"; then
		# A frame may be half drawn: look again before failing.
		sleep 0.3
		last=$(screen | tail -n 1)
		grep -qE -- "$STATUS_RE" <<<"$last" ||
			{ printf -- '--- screen ---\n%s\n---\n' "$(screen)" >&2; fail "no status line during: $STEP"; }
	fi
	san_check "during: $STEP"
}

# key KEYS... : send keys (tmux names; -l for literal text) and let them land.
key()
{
	tui_keys C "$@"
	sleep 0.1
}

# The message line (row 23 of 24).
msg_line() { screen | sed -n 23p; }

# Close whatever a key left open: a question is answered no (a "Discard"
# question yes), a prompt is cancelled. Up to eight rounds. One tmux call a
# round: the message line (row 23 of 24) and whether the cursor shows (only
# a prompt shows it).
unwind()
{
	local i out m
	for ((i = 0; i < 8; i++)); do
		out=$(_pw_tmux capture-pane -p -t C -S 22 -E 22 \; display-message -p -t C '#{cursor_flag}')
		m=${out%$'\n'*}
		if [[ $m == *"y/n"* ]]; then
			if [[ $m == *Discard* ]]; then tui_keys C y; else tui_keys C n; fi
		elif [ "${out##*$'\n'}" = 1 ]; then
			tui_keys C Escape
		else
			return 0
		fi
		sleep 0.1
	done
	printf -- '--- screen ---\n%s\n---\n' "$(screen)" >&2
	fail "a prompt or question did not close during: $STEP"
}

# Print the name of the current view (the title of its help, opened with F10:
# views that take text, like a new duty entry, type a '?'). Leaves the help
# closed. Every key sent before was handled first: this is the test's
# synchronisation point. Also checks the console is alive (status line
# under the help, no exit, no sanitizer report).
view_name()
{
	local i name= scr deadline
	for ((i = 0; i < 5; i++)); do
		unwind
		tui_keys C F10
		deadline=$((SECONDS + 3))
		while :; do
			scr=$(screen)
			[[ $scr == *" Help: "* ]] && break
			((SECONDS < deadline)) || break
			[ ! -e "$(_pw_tui_status_file C)" ] || alive
			sleep 0.05
		done
		if [[ $scr == *" Help: "* ]]; then
			name=$(sed -n 's/^ *Help: \(.*[^ ]\) *  (j\/k scroll.*/\1/p' <<<"$scr" | head -n 1)
			grep -qE -- "$STATUS_RE" <<<"${scr##*$'\n'}" || alive
			tui_keys C Escape
			deadline=$((SECONDS + 10))
			while [[ $(screen) == *" Help: "* ]]; do
				((SECONDS < deadline)) || fail "the help did not close during: $STEP"
				sleep 0.05
			done
			printf '%s\n' "$name"
			return 0
		fi
		# F10 went into a prompt that opened late: close it and retry.
	done
	printf -- '--- screen ---\n%s\n---\n' "$(screen)" >&2
	fail "the help did not open during: $STEP"
}

# ---- every view's keys, from the ui_keyhelp tables in src/ui

# Print "VIEW NAME<TAB>KEYS TEXT" for every key line of every view.
help_tables()
{
	awk '
		FNR == 1 { delete tab; cur = "" }
		/static const struct ui_keyhelp [a-z_]+\[\] = \{/ {
			cur = $0; sub(/.*ui_keyhelp /, "", cur); sub(/\[.*/, "", cur); next }
		cur != "" && /\{NULL, NULL\}/ { cur = ""; next }
		cur != "" && /^\t\{"/ {
			k = $0; sub(/^\t\{"/, "", k); sub(/", ".*/, "", k)
			tab[cur] = tab[cur] "\n" k; next }
		/\.name = "/ { name = $0; sub(/.*\.name = "/, "", name); sub(/".*/, "", name); next }
		/\.keys = [a-z_]+,/ {
			k = $0; sub(/.*\.keys = /, "", k); sub(/,.*/, "", k)
			n = split(tab[k], lines, "\n")
			for (i = 2; i <= n; i++) print name "\t" lines[i]
		}' "$SRC_UI"/*.c
}
HELP_TABLES=$(help_tables)
[ -n "$HELP_TABLES" ] || hard_error "no ui_keyhelp tables found in $SRC_UI"

# keys_of VIEW: the tmux key names of VIEW's help, one a line.
keys_of()
(
	set -f
	local view=$1 text tok part
	while IFS=$'\t' read -r v text; do
		[ "$v" = "$view" ] || continue
		# "(one team's code, or Enter: every unit)" explains, it is no key.
		text=$(sed 's/([^)]*)//g' <<<"$text")
		[[ $text == :* ]] && continue
		[ "$text" = typing ] && { echo "TYPE"; continue; }
		for tok in ${text//,/ }; do
			if [ "${#tok}" -gt 1 ] && [[ $tok == */* ]]; then
				tok=${tok//\// }
			fi
			for part in $tok; do
				case $part in
				[0-9] | q) ;;   # tabs and quit are global, tried apart
				F10) ;;         # the help: pressed after every key (view_name)
				arrows) printf '%s\n' Up Down Left Right ;;
				Up | Down | Left | Right | Home | End | Enter | Tab | Space) echo "$part" ;;
				PgUp) echo PPage ;;
				PgDn) echo NPage ;;
				Esc) echo Escape ;;
				Shift-Tab) echo BTab ;;
				Backspace) echo BSpace ;;
				Del) echo DC ;;
				Ctrl-?) echo "C-$(tr '[:upper:]' '[:lower:]' <<<"${part#Ctrl-}")" ;;
				F[0-9]*) echo "$part" ;;
				?) echo "L:$part" ;;
				*) note "view '$view': key '$part' not understood, skipped" ;;
				esac
			done
		done
	done <<<"$HELP_TABLES" | awk '!seen[$0]++'
)

send_key()
{
	case $1 in
	CMD:*) tui_keys C :; tui_keys C -l "${1#CMD:}"; tui_keys C Enter ;;
	TYPE) tui_keys C -l "交接班 ok" ;;
	L:*) tui_keys C -l "${1#L:}" ;;
	*) tui_keys C "$1" ;;
	esac
}

TAB_NAMES=(Overview Enterprises Alarms Hazards Rescue Incidents "Duty log" Regulations Inspections)

# Back to VIEW of tab TAB, reached from the tab's first view by the keys PATH.
restore()
{
	local tab=$1 view=$2 i name
	shift 2
	key "$tab"
	for ((i = 0; i < 6; i++)); do
		name=$(view_name)
		[ "$name" = "${TAB_NAMES[tab - 1]}" ] && break
		key Escape
	done
	[ "$name" = "${TAB_NAMES[tab - 1]}" ] || { note "cannot get back to tab $tab (at '$name')"; return 1; }
	local k
	for k in "$@"; do
		send_key "$k"
		sleep 0.2
		unwind
	done
	name=$(view_name)
	[ "$name" = "$view" ] || { note "cannot get back to '$view' (at '$name')"; return 1; }
}

declare -A SWEPT
N_KEYS=0

# sweep TAB DEPTH PATH... : press every key of the current view's help;
# follow a key that opens another view (once per tour and view) down to
# depth MAX_DEPTH; come back and go on.
sweep()
{
	local tab=$1 depth=$2 view k now
	shift 2
	view=$(view_name)
	SWEPT[$view]=1
	local keys
	mapfile -t keys < <(keys_of "$view")
	[ "${#keys[@]}" -gt 0 ] || note "view '$view' has no keys in its help table"
	# Enter and Esc on every view, listed in its help or not.
	[[ " ${keys[*]} " == *" Enter "* ]] || keys+=(Enter)
	[[ " ${keys[*]} " == *" Escape "* ]] || keys+=(Escape)
	# Keys that only move are pressed together, then checked once.
	local moves=() acts=()
	for k in "${keys[@]}"; do
		case $k in
		Up | Down | Left | Right | PPage | NPage | Home | End | Space | L:j | L:k) moves+=("$k") ;;
		*) acts+=("$k") ;;
		esac
	done
	if [ "${#moves[@]}" -gt 0 ]; then
		STEP="tour $TOUR, '$view', keys ${moves[*]}"
		for k in "${moves[@]}"; do send_key "$k"; done
		N_KEYS=$((N_KEYS + ${#moves[@]}))
		now=$(view_name)
		[ "$now" = "$view" ] || fail "moving keys left '$view' for '$now'"
	fi
	for k in "${acts[@]}"; do
		STEP="tour $TOUR, '$view', key $k"
		send_key "$k"
		N_KEYS=$((N_KEYS + 1))
		sleep 0.05
		now=$(view_name)
		san_check "during: $STEP"
		[ "$now" = "$view" ] && continue
		if ((depth < MAX_DEPTH)) && [ -n "$now" ] && [ -z "${SWEPT[$now]:-}" ]; then
			sweep "$tab" $((depth + 1)) "$@" "$k"
			alive
		fi
		restore "$tab" "$view" "$@" || return 0
	done
}

# ---- the ':' commands of the help: each bare, then with arguments
commands_of_help()
{
	awk '/ui_command_help\[\] = \{/ { on = 1; next }
		on && /\{NULL, NULL\}/ { exit }
		on && /^\t\{":/ { k = $0; sub(/^\t\{"/, "", k); sub(/", ".*/, "", k); print k }' "$SRC_UI/keys.c" |
		tr ',' '\n' | sed 's/^ *//; s/ .*//; s/^://' | grep -vxE 'q|quit|q!'
}
COMMANDS=$(commands_of_help)
[ -n "$COMMANDS" ] || hard_error "no ':' commands found in $SRC_UI/keys.c"

colon()
{
	STEP="tour $TOUR, :$1"
	key :
	tui_keys C -l "$1"
	key Enter
	unwind
	alive
}

commands_tour()
{
	local c
	for c in $COMMANDS; do
		colon "$c"
		key Escape
	done
	colon "theme night"
	colon "theme mono"
	colon "theme high-contrast"
	colon "theme no-such-theme"
	tui_wait C 'theme: ' 5
	colon "theme default"
	colon "risk set band.red 76"
	tui_wait C 'band.red' 10
	key Escape
	colon "risk set band.red 75"
	key Escape
	colon "risk set no.such 1"
	colon "risk set band.red"
	colon "heat"
	tui_wait C 'Risk heat table|zone' 10
	key Escape
	colon "no-such-command"
	tui_wait C 'unknown command: no-such-command' 5
	colon "help"
	key Escape
	colon "handover 1"
	colon "   "
}

# ---- the operator's actions, with real answers

# seen REGEX [TIMEOUT_S]: does a line of the screen match within TIMEOUT_S
# (default 3)? Unlike tui_wait, not seeing it is no failure.
seen()
{
	local re=$1 deadline=$((SECONDS + ${2:-3}))
	while :; do
		screen | grep -qE -- "$re" && return 0
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

# The alarm list as it opens: open alarms, no grouping, no filter (the
# sweep leaves its toggles wherever they ended).
alarms_reset()
{
	local i head
	key 3
	for ((i = 0; i < 4; i++)); do
		head=$(screen | sed -n 3p)
		case $head in
		"BY ENTERPRISE"*) key b ;;
		HISTORY*) key h ;;
		*) break ;;
		esac
		sleep 0.2
	done
	key c
	tui_wait C '^OPEN ALARMS [0-9]+ +prio:any state:open ent:any kind:any' 10
}

# answer LABEL_RE TEXT: wait for the prompt LABEL_RE, replace its text, Enter.
answer()
{
	# capture-pane drops the blank after a label's colon.
	tui_wait C "${1%% }" 15
	tui_keys C C-u
	[ -z "$2" ] || tui_keys C -l "$2"
	key Enter
}

# accept LABEL_RE: wait for the prompt LABEL_RE, take what it offers (Enter).
accept()
{
	tui_wait C "${1%% }" 15
	key Enter
}

actions_tour()
{
	local t=$TOUR

	# '!' and then i: the preview becomes an incident only now.
	STEP="tour $t, ! then i"
	key 1
	key '!'
	tui_wait C '^Preview +P1 +alarm #[0-9]+|no unacknowledged P1 alarm' 10
	if seen '^Preview +P1' 1; then
		key i
		accept '^New incident'
		tui_wait C '^Incident #[0-9]+' 15
		key Escape
	fi
	unwind
	alive

	# Alarms: the storm has raised some; acknowledge the first with a comment.
	STEP="tour $t, alarms: acknowledge"
	# A fresh alarm for this tour (the last one's were acknowledged):
	# another smoke detector goes off.
	mqtt_pub -q 1 -t "park/${SMOKES[t - 1]%%	*}/${SMOKES[t - 1]#*	}/event" \
		-m "{\"ts\": $(date +%s%3N), \"event\": \"alarm\", \"detail\": \"shift test tour $t\"}"
	alarms_reset
	key t
	tui_wait C 'state:unacked' 10
	tui_wait C '^(P[123]|DIAG) +(UNACK|RTN-UNACK) ' 60
	key Home
	key a
	answer 'comment \(may be empty\)' "shift-$t ack"
	tui_wait C 'acknowledged|saving' 15
	unwind
	alive

	STEP="tour $t, alarms: shelve and unshelve"
	alarms_reset
	key Home
	key s
	answer 'minutes \(15 30 60 120 480\)' "0"
	answer '1-[0-9]+ only\. Shelve' "30"
	answer 'min, reason: ' "shift-$t shelve maintenance"
	tui_wait C 'shelved .* for 30 min' 15
	# Only the shelved ones: unshelve the first.
	local i
	for ((i = 0; i < 7; i++)); do
		seen 'state:shelved' 1 && break
		key t
	done
	tui_wait C 'state:shelved' 5
	tui_wait C '^(P[123]|DIAG) +SHELVED ' 10
	key Home
	key u
	tui_wait C 'Unshelve .* now\? y/n' 10
	key y
	tui_wait C 'unshelved' 15
	unwind
	alive

	STEP="tour $t, alarms: acknowledge all"
	alarms_reset
	key t
	tui_wait C 'state:unacked' 10
	key A
	if seen '^Acknowledge [0-9]+ alarms?\? y/n' 5; then
		key y
		answer 'comment \(may be empty\)' "shift-$t ack all"
		tui_wait C 'acknowledged|saving' 15
	fi
	unwind
	alive

	STEP="tour $t, alarms: filter and sort"
	key /
	tui_wait C '^Filter' 5
	tui_keys C -l "P"
	key Enter
	key '<' '>' I I
	key Escape
	key p p p p p p
	key e
	key K
	key b
	key Enter
	key Escape
	key b
	key h
	key End
	key h
	key c
	unwind
	alive

	# An incident from the first alarm, and its whole dispatch cycle.
	STEP="tour $t, incident from an alarm"
	alarms_reset
	key Home
	key i
	tui_wait C '^New incident' 10
	if true; then
		key Enter
		tui_wait C '^Incident #[0-9]+' 15
		key d
		accept '^Dispatch to #' 
		tui_wait C 'dispatched|no available|not available|cannot' 15
		unwind
		key e
		accept '^Units ' 
		unwind
		key o
		accept '^Units ' 
		unwind
		key c
		accept '^Units ' 
		unwind
		key N
		answer '^Incident note: ' "shift-$t incident note"
		unwind
		key l
		answer '^Loan equipment' "EQ-001 1"
		unwind
		key R
		accept '^Return loan id: ' 
		unwind
		key S
		answer '^Status ' "controlled"
		unwind
		key Escape
	fi
	unwind
	alive

	# A duty note from the alarms screen.
	STEP="tour $t, duty note"
	key n
	tui_wait C '^New duty-log entry as' 10
	# 1-9 ? q are text here: the line offers F10, not them.
	tui_wait C 'F10 help$' 5
	assert_not_contains "$(msg_line)" "1-9 screens" "the new entry's message line"
	tui_keys C -l "shift-$t note 值班记录"
	key Enter
	tui_wait_gone C '^New duty-log entry as' 15
	unwind
	alive

	# Hazards: report one, move it along the loop.
	STEP="tour $t, hazard report"
	key 4
	key r
	answer 'Report a hazard at enterprise' "$ENT"
	answer '^Grade' "general"
	answer '^Description: ' "shift-$t hazard: blocked exit"
	accept '^Deadline' 
	unwind
	alive
	STEP="tour $t, hazard moves"
	key x
	key /
	tui_wait C '^Filter' 5
	tui_keys C -l "shift-$t hazard"
	key Enter
	key Home
	local to
	for to in assigned rectifying submitted; do
		key m
		if seen '^Move #' 5; then
			tui_keys C C-u
			tui_keys C -l "$to"
			key Enter
			# The follow-up questions of each step (assignee, note, deadline).
			local j m
			# (assignee, the five implementations, deadline, note...)
			for ((j = 0; j < 12; j++)); do
				sleep 0.3
				cursor_on || break
				m=$(msg_line)
				tui_keys C C-u
				case $m in
				*Deadline* | *"empty: skip"*) ;;   # keep / skip
				Assignee*) tui_keys C -l "张工" ;;
				*) tui_keys C -l "shift-$t $to" ;;
				esac
				key Enter
			done
			tui_wait C "hazard #?[0-9]+.*$to|-> $to|$to" 10
		fi
		unwind
		alive
	done
	key E
	if seen '^New deadline' 5; then
		answer '^New deadline' "2099-01-31"
		answer '^Reason for the extension' "shift-$t waiting for parts"
	fi
	unwind
	key Escape
	key s s g g g o o
	key x
	key '<' '>' I
	alive

	# Rescue: a member off duty and back, a loan out and back.
	STEP="tour $t, rescue"
	key 5
	key m
	key o
	key o
	key L
	if seen '^Lend equipment code' 5; then
		answer '^Lend equipment code' "EQ-001"
		answer '^Quantity' "1"
		answer '^To enterprise code' "$ENT"
		accept '^Borrower'
		accept '^Due date' 
	fi
	unwind
	key l
	key R
	if seen 'y/n' 5; then
		# However long the borrower's name, the question ends "? (y/n)" on screen.
		assert_match "$(msg_line)" '\? \(y/n\)$' "the return question keeps its answer keys"
		key y
	fi
	unwind
	key /
	tui_keys C -l "EQ"
	key Enter
	key Escape
	alive

	# An incident at an enterprise.
	STEP="tour $t, incident at an enterprise"
	key 2
	key Home
	key i
	if seen '^New incident' 5; then
		key Enter
		tui_wait C '^Incident #[0-9]+' 15
		key Escape
	fi
	unwind
	key 2
	key /
	tui_keys C -l "$ENT"
	key Enter
	key Enter
	key r
	unwind
	key Escape
	key Escape
	alive

	# Duty log filters.
	STEP="tour $t, duty log"
	key 7
	key m m f f
	key o
	answer '^Operator' "$OP"
	key o
	answer '^Operator' ""
	key c
	answer '^Category' "note"
	key c
	answer '^Category' ""
	key Home Enter
	key Escape
	alive

	# Regulations: a Chinese search and an English one.
	STEP="tour $t, regulations"
	key 8
	key /
	answer '^Search regulations' "氨"
	key Enter
	key Escape
	key Escape
	key /
	answer '^Search regulations' "ammonia"
	key Escape
	alive

	# Inspections.
	STEP="tour $t, inspections"
	key 9
	key t + + - t
	alive

	# The handover: read and acknowledge.
	STEP="tour $t, handover"
	key :
	tui_keys C -l handover
	key Enter
	tui_wait C 'Shift handover|handover' 15
	key '[' ']'
	key a
	if seen 'Acknowledge this shift handover' 5; then
		key y
	fi
	unwind
	key Escape
	alive

	# Each tab back to its own first view ('!' left a picture on tab 1).
	local tab
	for tab in 1 2 3 4 5 6 7 8 9; do
		STEP="tour $t, tab $tab back to its first view"
		restore "$tab" "${TAB_NAMES[tab - 1]}" || fail "tab $tab does not go back to ${TAB_NAMES[tab - 1]}"
	done
}

# ---- tabs and global keys
tabs_tour()
{
	local i
	for i in 1 2 3 4 5 6 7 8 9; do
		STEP="tour $TOUR, tab $i"
		key "$i"
		assert_eq "${TAB_NAMES[i - 1]}" "$(view_name)" "key $i opens ${TAB_NAMES[i - 1]}"
		key "F$i"
		assert_eq "${TAB_NAMES[i - 1]}" "$(view_name)" "F$i opens ${TAB_NAMES[i - 1]}"
		key '?'
		tui_wait C " Help: ${TAB_NAMES[i - 1]} " 10
		key j j NPage PPage k Escape
		tui_wait_gone C ' Help: ' 10
		key C-l
		alive
	done
	# Now on tab 9: Tab goes round once forward, Shift-Tab once back.
	for i in 1 2 3 4 5 6 7 8 9; do
		STEP="tour $TOUR, Tab $i"
		key Tab
		assert_eq "${TAB_NAMES[(8 + i) % 9]}" "$(view_name)" "Tab, $i times from Inspections"
	done
	for i in 1 2 3 4 5 6 7 8 9; do
		STEP="tour $TOUR, Shift-Tab $i"
		key BTab
		assert_eq "${TAB_NAMES[(17 - i) % 9]}" "$(view_name)" "Shift-Tab, $i times from Inspections"
	done
	# '!' from any screen: the newest unacknowledged P1 alarm's linkage
	# picture, a preview that opens nothing (CONTRACT section 4).
	STEP="tour $TOUR, !"
	local n_inc
	run "$PW" --db "$DB" query incidents
	n_inc=$(wc -l <<<"$RUN_OUT")
	key 4
	key '!'
	tui_wait C '^Preview +P1 +alarm #[0-9]+|no unacknowledged P1 alarm' 10
	if seen '^Preview +P1' 1; then
		assert_eq "Linkage picture" "$(view_name)" "! opens the linkage picture"
		key ']' '[' d
		tui_wait C 'a preview: no incident yet' 5
		key Escape
		assert_eq "Hazards" "$(view_name)" "Esc leaves the preview"
		run "$PW" --db "$DB" query incidents
		assert_eq "$n_inc" "$(wc -l <<<"$RUN_OUT")" "incidents after a look at the ! preview"
	fi
	alive

	# Keys that do nothing here say so and change nothing.
	STEP="tour $TOUR, stray keys"
	key 1 Z
	tui_wait C 'Z does nothing here' 5
	key Escape Escape
	key 2 '/' Escape 1 '/'
	key 1 a A s i
	alive
}

run "$PW" --db "$DB" query enterprises
ENT=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["code"]; exit }' <<<"$RUN_OUT")
[ -n "$ENT" ] || fail "the seeded park has no enterprise"
# One smoke detector a tour ("ENTERPRISE<TAB>SENSOR"), set off by the test.
run "$PW" --db "$DB" query sensors
mapfile -t SMOKES < <(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["kind"] == "smoke" { print $c["enterprise_code"] "\t" $c["code"] }' <<<"$RUN_OUT" | tail -n "$TOURS")
[ "${#SMOKES[@]}" -ge "$TOURS" ] || fail "the seeded park has fewer than $TOURS smoke detectors"

for ((TOUR = 1; TOUR <= TOURS; TOUR++)); do
	tour_start=$SECONDS
	tabs_tour
	SWEPT=()
	# The first tour goes two views deep; later ones press the keys of the
	# nine tabs' own views (time: the details were done once).
	MAX_DEPTH=$((TOUR == 1 ? 2 : 0))
	for tab in 1 2 3 4 5 6 7 8 9; do
		STEP="tour $TOUR, sweep of tab $tab"
		restore "$tab" "${TAB_NAMES[tab - 1]}" || fail "tab $tab did not open"
		t_tab=$SECONDS
		sweep "$tab" 0
		note "tour $TOUR: tab $tab swept in $((SECONDS - t_tab)) s"
	done
	t_part=$SECONDS
	commands_tour
	note "tour $TOUR: commands in $((SECONDS - t_part)) s"
	t_part=$SECONDS
	actions_tour
	note "tour $TOUR: actions in $((SECONDS - t_part)) s"
	if ((TOUR == 1)); then
		# Views the sweep of the tabs cannot reach: an incident's linkage
		# picture (the first incident comes with the actions) and the
		# views of ':' commands.
		t_part=$SECONDS
		for path in "6 Linkage picture|Enter" "1 Shift handover|CMD:handover" \
			"1 Risk model parameters|CMD:risk"; do
			tab=${path%% *}
			view=${path#* }
			view=${view%|*}
			STEP="tour $TOUR, to '$view'"
			restore "$tab" "$view" "${path#*|}" || fail "'$view' did not open"
			sweep "$tab" 1 "${path#*|}"
			restore "$tab" "${TAB_NAMES[tab - 1]}" || fail "tab $tab does not go back"
		done
		note "tour $TOUR: linkage, handover, risk views in $((SECONDS - t_part)) s"
	fi
	note "tour $TOUR: $((SECONDS - tour_start)) s, ${#SWEPT[@]} views swept, $N_KEYS keys so far"
	note "tour $TOUR: views: $(printf '%s, ' "${!SWEPT[@]}")"
done

# ---- the end of the shift: q exits 0, nothing reported, the log is complete
STEP="quit"
key 1
key q
st=$(tui_exit_status C 30)
san_check "at exit"
assert_eq 0 "$st" "the console's exit status after q"

run "$PW" --db "$DB" query duty
duty=$RUN_OUT
for ((t = 1; t <= TOURS; t++)); do
	for what in "shift-$t ack" "shift-$t note 值班记录" "shift-$t incident note" "shift-$t hazard"; do
		assert_contains "$duty" "$what" "the duty log holds '$what'"
	done
done
grep -qE "	$OP	" <<<"$duty" || fail "no duty entry by $OP"
# Each kind of action of the tours left its entry.
for what in "	alarm	ack alarm" "	alarm	shelve alarm" "	alarm	unshelve alarm" "	incident	incident [0-9]+ opened" \
	"	dispatch	dispatch team" "	dispatch	incident [0-9]+: [0-9]+ units? en_route" \
	"	dispatch	incident [0-9]+: [0-9]+ units? on_scene" "	dispatch	incident [0-9]+: [0-9]+ units? cleared" \
	"	loan	loan [0-9]+" "	loan	return loan" "	hazard	hazard [0-9]+ reported" \
	"	hazard	hazard [0-9]+ .*assigned" "	hazard	hazard [0-9]+ .*submitted" "	rescue	member " \
	"	handover	handover acknowledged by $OP" "	risk	risk parameter band.red"; do
	grep -qE -- "$what" <<<"$duty" || { printf '%s\n' "$duty" >&2; fail "no duty entry matching /$what/"; }
done

bg_stop sim INT
bg_stop rec TERM
assert_eq 0 "$BG_STATUS" "the recorder's exit status"
assert_exit 0 "$PW" --db "$DB" db check
san_check "after the recorder"
note "shift test: $TOURS tours, $N_KEYS keys from the help tables, $((SECONDS - T0)) s"
