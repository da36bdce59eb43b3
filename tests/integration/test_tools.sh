#!/bin/bash
# The README's commands refuse what they cannot do, clearly and without side
# effects: tools/demo needs a terminal, bad options are usage errors (2), and
# tools/deps finds this machine ready (the suite could not build otherwise).
. "$abs_top_srcdir/tests/integration/lib.sh"

tools="$abs_top_srcdir/tools"

test_demo_without_a_terminal_says_so_and_exits_1()
{
	# run() gives no terminal: stdin is /dev/null, stdout a file.
	assert_exit 1 "$tools/demo"
	assert_contains "$RUN_ERR" "needs a terminal"
	assert_not_contains "$RUN_OUT$RUN_ERR" "building" "nothing was built"
}

test_bad_options_are_usage_errors()
{
	assert_exit 2 "$tools/demo" --no-such-option
	assert_exit 2 "$tools/demo" --enterprises many
	assert_exit 2 "$tools/test" --no-such-option
	assert_exit 2 "$tools/deps" --no-such-option
}

test_help_describes_the_options()
{
	assert_exit 0 "$tools/demo" --help
	assert_contains "$RUN_OUT" "--fresh"
	assert_exit 0 "$tools/test" --help
	assert_contains "$RUN_OUT" "--no-distcheck"
	assert_exit 0 "$tools/deps" --help
}

test_deps_finds_this_machine_ready()
{
	command -v dpkg-query >/dev/null 2>&1 || { note "not Debian: deps check skipped"; return 0; }
	assert_exit 0 "$tools/deps" --check
	assert_match "$RUN_OUT" '^deps: all [0-9]+ packages present$'
}

test_demo_without_a_terminal_says_so_and_exits_1
test_bad_options_are_usage_errors
test_help_describes_the_options
test_deps_finds_this_machine_ready
