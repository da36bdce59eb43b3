#!/bin/bash
# db init/migrate/check, query and log behave as CONTRACT.md sections 1 and 3
# say: every table prints its contract columns, tsv escaping round-trips, the
# duty log is tamper-evident, and every broken database exits 1 with one line.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
DB="$D/park.db"
export PARKWATCH_DB="$DB"

# The contract's columns of each query table (section 3).
declare -A CONTRACT=(
	[enterprises]="code name industry zone principal phone risk"
	[sensors]="code enterprise_code kind unit l1 l2 direction last_value last_ts state"
	[alarms]="id sensor_code enterprise_code priority state raised_at value acked_by"
	[rejected]="id received_at topic reason"
	[risk]="enterprise_code colour score reasons"
	[hazards]="id enterprise_code grade status deadline overdue"
	[inspections]="id enterprise_code inspector org ts findings"
	[teams]="code name members_on_duty status"
	[members]="id team_code name role status phone"
	[chemicals]="enterprise_code name cas quantity_t threshold_t"
	[certificates]="enterprise_code holder kind number expires"
	[equipment]="code name qty available location"
	[incidents]="id type enterprise_code status opened_at"
	[duty]="id ts operator category text"
	[readings]="sensor_code ts value"
)

# Field N (1-based) of the tsv line LINE.
field() { awk -F '\t' -v n="$2" '{ print $n }' <<<"$1"; }

# Column number of NAME in the header of "query TABLE" (0 if missing).
column_of()
{
	"$PW" query "$1" | head -n 1 | tr '\t' '\n' | awk -v c="$2" '$0 == c { print NR; f = 1 } END { if (!f) print 0 }'
}

test_db_init_creates_the_file_and_is_safe_to_repeat()
{
	assert_exit 0 "$PW" db init
	[ -s "$DB" ] || fail "db init did not create $DB"
	assert_exit 0 "$PW" db init
	assert_contains "$RUN_OUT" "already initialised" "second init says so"
	assert_exit 0 "$PW" db migrate
	assert_match "$RUN_OUT" '^schema is current \([0-9]+\)$' "migrate on a current db"
	# init creates missing parent directories too.
	assert_exit 0 "$PW" --db "$D/new/dir/x.db" db init
	[ -s "$D/new/dir/x.db" ] || fail "db init did not create the nested path"
}

test_every_table_prints_its_contract_columns_when_empty()
{
	local t col header
	for t in "${!CONTRACT[@]}"; do
		assert_exit 0 "$PW" query "$t"
		header=$RUN_OUT
		[ "$(wc -l <<<"$header")" = 1 ] || fail "query $t on an empty db: more than a header"
		for col in ${CONTRACT[$t]}; do
			tr '\t' '\n' <<<"$header" | grep -qx -- "$col" ||
				fail "query $t: header lacks contract column '$col': $header"
		done
		assert_exit 0 "$PW" query "$t" --format json
		assert_eq "[]" "$RUN_OUT" "query $t --format json on an empty db"
		python3 -m json.tool <<<"$RUN_OUT" >/dev/null || fail "query $t: invalid json"
	done
}

test_log_appends_as_the_operator_and_query_duty_shows_it()
{
	assert_exit 0 env PARKWATCH_OPERATOR=值班员甲 "$PW" log shift started, all quiet
	assert_match "$RUN_OUT" '^[0-9]+$' "log prints the new id"
	local id=$RUN_OUT line
	assert_exit 0 "$PW" query duty
	line=$(grep -P "^$id\t" <<<"$RUN_OUT") || fail "entry $id not in query duty: $RUN_OUT"
	assert_eq "值班员甲" "$(field "$line" "$(column_of duty operator)")" "operator"
	assert_eq "shift started, all quiet" "$(field "$line" "$(column_of duty text)")" "text"
	assert_eq "note" "$(field "$line" "$(column_of duty category)")" "default category"
	assert_match "$(field "$line" "$(column_of duty ts)")" \
		'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$' "ISO time"
	# --operator wins over the environment; --category is kept.
	assert_exit 0 env PARKWATCH_OPERATOR=someone "$PW" log --operator 李四 --category handover x
	assert_exit 0 "$PW" query duty --format json
	python3 - "$RUN_OUT" <<-'EOF' || fail "json of the duty log: $RUN_OUT"
	import json, sys
	rows = json.loads(sys.argv[1])
	last = rows[-1]
	assert last["operator"] == "李四" and last["category"] == "handover", last
	assert isinstance(last["id"], int), last
	EOF
}

test_log_refuses_empty_or_invalid_text_and_writes_nothing()
{
	local before
	before=$("$PW" query duty | wc -l)
	assert_exit 2 "$PW" log
	assert_exit 2 "$PW" log "   "
	assert_exit 2 "$PW" log "$(printf 'bad \xff byte')"
	assert_exit 2 "$PW" log --category "Not A Word" text
	assert_eq "$before" "$("$PW" query duty | wc -l)" "nothing was logged"
}

test_tsv_escaping_of_tab_newline_backslash_round_trips()
{
	local text id line got
	text=$(printf 'a\tb\nc\\d\\n e')
	assert_exit 0 "$PW" log "$text"
	id=$RUN_OUT
	assert_exit 0 "$PW" query duty
	line=$(grep -P "^$id\t" <<<"$RUN_OUT") || fail "entry $id is not on one line"
	got=$(field "$line" "$(column_of duty text)")
	assert_eq 'a\tb\nc\\d\\n e' "$got" "escaped field"
	got=$(python3 -c '
import sys
s, out, i = sys.argv[1], [], 0
while i < len(s):
    if s[i] == "\\":
        out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[s[i + 1]]); i += 2
    else:
        out.append(s[i]); i += 1
sys.stdout.write("".join(out))' "$got")
	assert_eq "$text" "$got" "unescaped field equals the logged text"
	assert_exit 0 "$PW" query duty --format json
	python3 - "$RUN_OUT" "$id" "$text" <<-'EOF' || fail "json text differs"
	import json, sys
	rows = {r["id"]: r for r in json.loads(sys.argv[1])}
	assert rows[int(sys.argv[2])]["text"] == sys.argv[3]
	EOF
}

test_unknown_table_or_format_is_bad_usage()
{
	assert_exit 2 "$PW" query nosuchtable
	assert_contains "$RUN_ERR" "nosuchtable" "names the bad table"
	assert_contains "$RUN_ERR" "enterprises" "lists the tables"
	assert_exit 2 "$PW" query
	assert_exit 2 "$PW" query duty --format xml
	assert_exit 2 "$PW" db frobnicate
	assert_exit 2 "$PW" db
}

# Exit 1 with exactly one line "parkwatch: ..." on stderr, nothing on stdout.
assert_one_line_failure()
{
	assert_exit 1 "$@"
	assert_eq 1 "$(wc -l <<<"$RUN_ERR")" "one line on stderr: $RUN_ERR"
	assert_match "$RUN_ERR" '^parkwatch: ' "failure format"
	assert_eq "" "$RUN_OUT" "nothing on stdout"
}

test_broken_databases_exit_1_with_one_line()
{
	local t
	assert_one_line_failure "$PW" --db "$D/missing.db" query duty
	assert_contains "$RUN_ERR" "no such file (run parkwatch db init)"
	[ ! -e "$D/missing.db" ] || fail "query created the missing file"
	assert_one_line_failure "$PW" --db "$D/missing.db" log text
	assert_one_line_failure "$PW" --db "$D/missing.db" db check
	mkdir "$D/adir"
	assert_one_line_failure "$PW" --db "$D/adir" query duty
	assert_one_line_failure "$PW" --db "$D/adir" db init
	head -c 65536 /dev/urandom >"$D/random.db"
	for t in "query duty" "db check" "db migrate" "log x"; do
		# shellcheck disable=SC2086 # word splitting wanted
		assert_one_line_failure "$PW" --db "$D/random.db" $t
	done
	cp "$DB" "$D/future.db"
	sqlite3 "$D/future.db" 'PRAGMA user_version = 999'
	assert_one_line_failure "$PW" --db "$D/future.db" query duty
	assert_contains "$RUN_ERR" "newer parkwatch"
	assert_one_line_failure "$PW" --db "$D/future.db" db migrate
	assert_contains "$RUN_ERR" "newer parkwatch"
}

test_unreadable_file_exits_1()
{
	cp "$DB" "$D/locked.db"
	chmod 000 "$D/locked.db"
	if [ "$(id -u)" -ne 0 ]; then
		assert_one_line_failure "$PW" --db "$D/locked.db" query duty
		return
	fi
	# root reads anything: try as nobody, if nobody can reach the binary.
	command -v setpriv >/dev/null || { note "SKIP unreadable file: no setpriv"; return; }
	chmod 711 "$PW_TMP_ROOT" "$D"
	if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$PW"; then
		note "SKIP unreadable file: user nobody cannot run $PW"
		return
	fi
	assert_one_line_failure setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PW" --db "$D/locked.db" query duty
	assert_contains "$RUN_ERR" "ermission denied"
}

test_db_check_passes_when_sound_and_names_an_edited_row()
{
	assert_exit 0 "$PW" db check
	assert_eq "ok" "$RUN_OUT" "check on a sound db"
	local id
	id=$("$PW" log "the pump was checked")
	"$PW" log "a later entry" >/dev/null
	cp "$DB" "$D/tampered.db"
	sqlite3 "$D/tampered.db" "DROP TRIGGER duty_log_no_update;
		UPDATE duty_log SET text = 'nothing to see' WHERE id = $id;"
	assert_exit 1 "$PW" --db "$D/tampered.db" db check
	assert_match "$RUN_OUT" "^duty_log row $id: hash does not match" "names the edited row"
	assert_eq 1 "$(wc -l <<<"$RUN_OUT")" "one problem, one line"
	assert_match "$RUN_ERR" '^parkwatch: db check: ' "summary on stderr"
	# The untouched copy still passes.
	assert_exit 0 "$PW" db check
}

test_concurrent_loggers_keep_one_unbroken_chain()
{
	local before after ok=0 i f pids=()
	before=$("$PW" query duty | wc -l)
	for i in 1 2 3 4; do
		(
			for j in $(seq 15); do
				if "$PW" log "writer $i entry $j" >/dev/null 2>"$D/w$i.$j.err"; then
					echo ok
				fi
			done >"$D/w$i.out"
		) &
		pids+=($!)
	done
	# Not a bare `wait`: that would also wait for the harness's watchdog.
	wait "${pids[@]}"
	for i in 1 2 3 4; do
		ok=$((ok + $(wc -l <"$D/w$i.out")))
	done
	for f in "$D"/w*.err; do
		[ ! -s "$f" ] || grep -q '^parkwatch: ' "$f" || fail "a writer crashed: $(cat "$f")"
	done
	[ "$ok" -eq 60 ] || note "only $ok of 60 concurrent appends succeeded"
	after=$("$PW" query duty | wc -l)
	assert_eq "$((before + ok))" "$after" "every confirmed entry is stored, nothing else"
	assert_exit 0 "$PW" db check
}

test_db_init_creates_the_file_and_is_safe_to_repeat
test_every_table_prints_its_contract_columns_when_empty
test_log_appends_as_the_operator_and_query_duty_shows_it
test_log_refuses_empty_or_invalid_text_and_writes_nothing
test_tsv_escaping_of_tab_newline_backslash_round_trips
test_unknown_table_or_format_is_bad_usage
test_broken_databases_exit_1_with_one_line
test_unreadable_file_exits_1
test_db_check_passes_when_sound_and_names_an_edited_row
test_concurrent_loggers_keep_one_unbroken_chain
