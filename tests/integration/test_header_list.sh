#!/bin/bash
# include/local.mk lists every header of the tree (automake has no wildcards),
# so that `make dist` ships them all: it must be what tools/list-headers
# writes now. Fix a failure with: tools/list-headers > include/local.mk
. "$abs_top_srcdir/tests/integration/lib.sh"

# The list comes from git; a tarball (make distcheck) has no history to ask.
# (An unpacked tarball may sit inside some other checkout: ask for the top.)
top=$(git -C "$abs_top_srcdir" rev-parse --show-toplevel 2>/dev/null) || top=
[ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$abs_top_srcdir" && pwd -P)" ] ||
	skip "not a git checkout"

expected=$("$abs_top_srcdir/tools/list-headers")
actual=$(<"$abs_top_srcdir/include/local.mk")
if [ "$expected" != "$actual" ]; then
	diff <(printf '%s\n' "$actual") <(printf '%s\n' "$expected") >&2 || true
	fail "include/local.mk is stale: run tools/list-headers > include/local.mk"
fi
