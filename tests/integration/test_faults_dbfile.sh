#!/bin/bash
# A damaged database file (a power cut, a bad disk, the wrong file given):
# "No input, however malformed, may crash the program" (CONTRACT.md 1).
#   - a file that is not a database, an empty file, a truncated database:
#     every command exits 1 with one line naming the file's problem;
#   - random bytes written over pages in the middle (several deterministic
#     patterns): no command dies by a signal, each failure is one line, and
#     `db check` reports the damage it finds (exit 1) rather than crashing;
#   - a garbage WAL file next to a sound database: ignored, data intact;
#   - the console on each of them: exits 1 with a message or runs and quits 0.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

D=$(pw_tmpdir)
COMMANDS=("db check" "query enterprises" "query sensors" "query alarms" "query duty" "log damaged-db-test" "report shift")

# try_all DB: every command on DB; none may die by a signal; a failure is
# exit 1 with exactly one line on stderr. Prints "rc" of `db check`.
try_all()
{
	local db=$1 cmd rc
	for cmd in "${COMMANDS[@]}"; do
		# shellcheck disable=SC2086 # the command's words
		run "$PW" --db "$db" $cmd
		rc=$RUN_RC
		((rc < 128)) || fail "$(basename "$db"): '$cmd' died by signal $((rc - 128)): $RUN_ERR"
		[ "$rc" = 86 ] && fail "$(basename "$db"): '$cmd': sanitizer report: $RUN_ERR"
		if [ "$rc" != 0 ]; then
			assert_eq 1 "$rc" "$(basename "$db"): '$cmd' exit status"
			assert_eq 1 "$(grep -c . <<<"$RUN_ERR")" "$(basename "$db"): '$cmd': stderr is not one line: $RUN_ERR"
			assert_match "$RUN_ERR" '^parkwatch: ' "$(basename "$db"): '$cmd': not a parkwatch message"
		fi
	done
	run "$PW" --db "$db" db check
	echo "$RUN_RC"
}

console_settled()
{
	test -s "$(_pw_tui_status_file "$1")" || grep -q 'MQTT off' <<<"$(tui_screen "$1")"
}

# console_on DB NAME: the console either refuses (exit 1, one line) or runs and quits 0.
console_on()
{
	local db=$1 name=$2 st
	tui_start "$name" 100 30 sh -c 'exec "$0" --db "$1" console --no-mqtt 2>"$2"' "$PW" "$db" "$D/$name.err"
	# Up (status line drawn) or already gone.
	wait_until 15 console_settled "$name" ||
		fail "$name: the console neither started nor exited: $(tui_screen "$name")"
	tui_keys "$name" q
	st=$(tui_exit_status "$name" 10)
	case $st in
	0) ;;
	1) assert_eq 1 "$(grep -c . "$D/$name.err")" "$name: the console's refusal is not one line: $(cat "$D/$name.err")" ;;
	*) fail "$name: the console ended with status $st: $(cat "$D/$name.err")" ;;
	esac
}

# --- a sound park to damage -----------------------------------------------------
GOOD="$D/good.db"
assert_exit 0 "$PW" --db "$GOOD" db init
assert_exit 0 "$PW" --db "$GOOD" seed --enterprises 30 --seed 3
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.close()' "$GOOD"
rm -f "$GOOD-wal" "$GOOD-shm"
assert_exit 0 "$PW" --db "$GOOD" db check

# --- not a database, empty, truncated ---------------------------------------------
printf 'this is not a database\n' >"$D/text.db"
for cmd in "db check" "query enterprises" "log x"; do
	# shellcheck disable=SC2086
	assert_exit 1 "$PW" --db "$D/text.db" $cmd
	assert_eq "parkwatch: open database: $D/text.db: file is not a database" "$RUN_ERR" "'$cmd' on a text file"
done
try_all "$D/text.db" >/dev/null
: >"$D/empty.db"
check_rc=$(try_all "$D/empty.db")
[ "$check_rc" = 1 ] || fail "db check accepted an empty file (exit $check_rc)"
cp "$GOOD" "$D/trunc.db"
truncate -s $(($(stat -c %s "$GOOD") / 2)) "$D/trunc.db"
check_rc=$(try_all "$D/trunc.db")
[ "$check_rc" = 1 ] || fail "db check accepted a truncated database (exit $check_rc)"
console_on "$D/text.db" con_text
console_on "$D/trunc.db" con_trunc

# --- random bytes over pages in the middle ------------------------------------------
found=0
for seed in 1 2 3 4 5 6 7 8; do
	db="$D/damaged$seed.db"
	cp "$GOOD" "$db"
	python3 - "$db" "$seed" <<-'EOF'
	import os, random, sys
	path, seed = sys.argv[1], int(sys.argv[2])
	r = random.Random(seed)
	pages = os.path.getsize(path) // 4096
	with open(path, "r+b") as f:
	    for _ in range(3):
	        f.seek(r.randrange(2, pages) * 4096 + r.randrange(0, 4000))
	        f.write(bytes(r.randrange(256) for _ in range(64)))
	EOF
	check_rc=$(try_all "$db")
	[ "$check_rc" = 1 ] && found=$((found + 1))
done
note "db check found damage in $found of 8 damaged copies"
((found >= 3)) || fail "db check found damage in only $found of 8 damaged copies"
console_on "$D/damaged1.db" con_damaged1
console_on "$D/damaged6.db" con_damaged6

# --- a garbage WAL next to a sound database: ignored --------------------------------
cp "$GOOD" "$D/wal.db"
head -c 40000 /dev/urandom >"$D/wal.db-wal"
check_rc=$(try_all "$D/wal.db")
assert_eq 0 "$check_rc" "a garbage WAL file made db check fail"
assert_exit 0 "$PW" --db "$GOOD" query enterprises
want=$RUN_OUT
assert_exit 0 "$PW" --db "$D/wal.db" query enterprises
assert_eq "$want" "$RUN_OUT" "the enterprises changed because of a garbage WAL"
exit 0
