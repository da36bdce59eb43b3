#!/bin/bash
# The command line behaves as CONTRACT.md section 1 says: --help and --version
# exit 0, bad usage exits 2 with a hint to --help, and options may stand
# anywhere (GNU style).
. "$abs_top_srcdir/tests/integration/lib.sh"

test_version_prints_name_and_version_and_exits_0()
{
	assert_exit 0 "$PW" --version
	assert_match "$RUN_OUT" '^parkwatch [0-9]+\.[0-9]+(\.[0-9]+)?' "--version output"
	assert_eq "" "$RUN_ERR" "--version writes nothing to stderr"
}

test_help_exits_0_and_shows_usage()
{
	assert_exit 0 "$PW" --help
	assert_match "$RUN_OUT" '^Usage: parkwatch' "--help output"
	assert_contains "$RUN_OUT" "--db" "--help mentions --db"
	# After a subcommand, --help describes that subcommand.
	local sub
	for sub in console record db seed sim query log regs report import alarm hazard \
		inspection incident; do
		assert_exit 0 "$PW" "$sub" --help
		assert_contains "$RUN_OUT" "$sub" "help of '$sub'"
	done
}

test_unknown_subcommand_exits_2_with_hint()
{
	assert_exit 2 "$PW" no-such-subcommand
	assert_contains "$RUN_ERR" "no-such-subcommand" "names the bad word"
	assert_contains "$RUN_ERR" "Try 'parkwatch --help'" "hints at --help"
	assert_eq "" "$RUN_OUT" "nothing on stdout"
}

test_option_missing_its_value_exits_2()
{
	local opt
	for opt in --db --broker --config; do
		assert_exit 2 "$PW" "$opt"
		assert_contains "$RUN_ERR" "$opt" "names $opt"
		assert_contains "$RUN_ERR" "--help" "hints at --help for $opt"
		# Also when the option comes last, after a subcommand.
		assert_exit 2 "$PW" query enterprises "$opt"
	done
}

# Output of a run with the database path replaced by DB, for comparing runs
# that used different paths.
normalised() { printf '%s\n%s\n%s\n' "$RUN_RC" "${RUN_OUT//$1/DB}" "${RUN_ERR//$1/DB}"; }

test_db_option_after_the_subcommand_works_as_before_it()
{
	local d before after
	d=$(pw_tmpdir)
	run "$PW" --db "$d/one.db" db init
	before=$(normalised "$d/one.db")
	run "$PW" db init --db "$d/two.db"
	after=$(normalised "$d/two.db")
	assert_eq "$before" "$after" "'--db P db init' and 'db init --db P' behave alike"
	run "$PW" db init --db="$d/three.db"
	assert_eq "$before" "$(normalised "$d/three.db")" "'--db=P' works too"
	if [ "$RUN_RC" = 0 ]; then
		# db init is implemented: each run created the file it was given.
		[ -s "$d/one.db" ] && [ -s "$d/two.db" ] && [ -s "$d/three.db" ] ||
			fail "db init did not create the files named by --db"
	else
		note "db init not available yet: compared behaviour only"
	fi
}

test_global_options_after_the_subcommand()
{
	assert_exit 0 "$PW" query --version
	assert_match "$RUN_OUT" '^parkwatch [0-9]' "--version after a subcommand"
	assert_exit 0 "$PW" db check --help
	assert_match "$RUN_OUT" '^Usage: parkwatch db' "--help after a subcommand"
}

test_version_prints_name_and_version_and_exits_0
test_help_exits_0_and_shows_usage
test_unknown_subcommand_exits_2_with_hint
test_option_missing_its_value_exits_2
test_db_option_after_the_subcommand_works_as_before_it
test_global_options_after_the_subcommand
