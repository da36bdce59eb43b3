#!/bin/bash
# docs/parkwatch.conf.example is a working configuration that documents every
# key the program knows: the program loads it without a warning or an error,
# and each key of the table in src/core/config.c appears in it.
. "$abs_top_srcdir/tests/integration/lib.sh"

example="$abs_top_srcdir/docs/parkwatch.conf.example"
db="$(pw_tmpdir)/none.db"

test_bad_config_is_reported_with_file_and_line()
{
	# The control: the check below would see a complaint.
	local bad
	bad="$(pw_tmpdir)/bad.conf"
	printf '[alarm]\nflood_count = lots\n' >"$bad"
	assert_exit 1 "$PW" --config "$bad" --db "$db" query enterprises
	assert_contains "$RUN_ERR" "$bad:2:" "names file and line"
}

test_example_loads_without_complaint()
{
	run "$PW" --config "$example" --db "$db" query enterprises
	assert_not_contains "$RUN_ERR" "config:" "loading the example"
	assert_not_contains "$RUN_ERR" "warning" "loading the example"
}

test_example_documents_every_key()
{
	local section key
	while read -r section key; do
		# The key under its own [section].
		awk -v s="[$section]" -v k="$key" '
			/^\[/ { in_s = ($0 == s) }
			in_s && $0 ~ "^#?" k " *=" { found = 1 }
			END { exit !found }' "$example" ||
			fail "[$section] $key is missing from docs/parkwatch.conf.example"
	done < <(sed -n 's/^[[:space:]]*{"\([a-z_]*\)", "\([a-z_]*\)", K_.*/\1 \2/p' \
		"$abs_top_srcdir/src/core/config.c")
}

test_bad_config_is_reported_with_file_and_line
test_example_loads_without_complaint
test_example_documents_every_key
