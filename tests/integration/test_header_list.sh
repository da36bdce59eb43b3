#!/bin/bash
# include/local.mk lists every header of the tree (automake has no wildcards),
# so that `make dist` ships them all: it must be what tools/list-headers
# writes now. Fix a failure with: tools/list-headers > include/local.mk
. "$abs_top_srcdir/tests/integration/lib.sh"

# The list comes from git; a tarball (make distcheck) has no history to ask.
git -C "$abs_top_srcdir" rev-parse --git-dir >/dev/null 2>&1 ||
	skip "not a git checkout"

expected=$("$abs_top_srcdir/tools/list-headers")
actual=$(<"$abs_top_srcdir/include/local.mk")
if [ "$expected" != "$actual" ]; then
	diff <(printf '%s\n' "$actual") <(printf '%s\n' "$expected") >&2 || true
	fail "include/local.mk is stale: run tools/list-headers > include/local.mk"
fi
