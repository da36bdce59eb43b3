# tests/bench
EXTRA_DIST += tests/bench/bench_seed.sh
