# tests/bench
EXTRA_DIST += tests/bench/bench_console.sh
EXTRA_DIST += tests/bench/bench_seed.sh
EXTRA_DIST += tests/bench/bench_record.sh
EXTRA_DIST += tests/bench/bench_live.sh
EXTRA_DIST += tests/bench/bench_import.sh
