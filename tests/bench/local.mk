# tests/bench
EXTRA_DIST += tests/bench/bench_console.sh
EXTRA_DIST += tests/bench/bench_seed.sh
EXTRA_DIST += tests/bench/bench_record.sh
EXTRA_DIST += tests/bench/bench_live.sh
EXTRA_DIST += tests/bench/bench_import.sh
EXTRA_DIST += tests/bench/bench_idle.sh
# Built on request only: make tests/bench/bench_risk
EXTRA_PROGRAMS = tests/bench/bench_risk
tests_bench_bench_risk_SOURCES = tests/bench/bench_risk.c
nodist_tests_bench_bench_risk_SOURCES = src/embedded.c
tests_bench_bench_risk_LDADD = libpwstore.a libpwcore.a $(PW_EXT_LIBS)
CLEANFILES += tests/bench/bench_risk
EXTRA_DIST += tests/bench/soak.sh
