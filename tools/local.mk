# tools/: the README's commands (demo, test), the package installer they
# share, and the CI entry point. Shipped so a tarball can run its own tests.
EXTRA_DIST += tools/deps tools/demo tools/test tools/list-headers .ci/run
