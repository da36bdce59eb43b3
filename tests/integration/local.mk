# tests/integration: bash scripts that drive the built binary against a real
# mosquitto on a free loopback port and a real terminal (tmux). Each one
# sources tests/integration/lib.sh; see the top of that file.
#
# Add a test with one line: TESTS += tests/integration/test_<what>.sh
# (every tests/integration/*.sh in TESTS is put in the tarball below).
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = bash
# Every test (unit and integration) sees where the tree is, runs in UTF-8
# with no TZ from the caller, and reports sanitizer findings with their own
# exit code (86) so an expected "exit 1" cannot hide a leak.
AM_TESTS_ENVIRONMENT = \
	abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	abs_top_srcdir='$(abs_top_srcdir)'; export abs_top_srcdir; \
	LC_ALL=C.UTF-8; export LC_ALL; unset TZ; \
	ASAN_OPTIONS="$${ASAN_OPTIONS:-exitcode=86}"; export ASAN_OPTIONS; \
	UBSAN_OPTIONS="$${UBSAN_OPTIONS:-print_stacktrace=1:exitcode=86}"; export UBSAN_OPTIONS;
EXTRA_DIST += tests/integration/lib.sh
EXTRA_DIST += $(filter tests/integration/%.sh,$(TESTS))

TESTS += tests/integration/test_harness_selftest.sh
TESTS += tests/integration/test_cli_usage.sh
TESTS += tests/integration/test_config_example.sh
TESTS += tests/integration/test_db_query.sh
TESTS += tests/integration/test_alarm_cli.sh
TESTS += tests/integration/test_hazards_cli.sh
TESTS += tests/integration/test_console.sh
TESTS += tests/integration/test_record.sh
TESTS += tests/integration/test_sim.sh
TESTS += tests/integration/test_seed.sh
TESTS += tests/integration/test_report_shift.sh
TESTS += tests/integration/test_duty_console.sh
TESTS += tests/integration/test_alarms_console.sh
TESTS += tests/integration/test_tools.sh
TESTS += tests/integration/test_header_list.sh
TESTS += tests/integration/test_rescue_console.sh
TESTS += tests/integration/test_heat_hazards_console.sh
TESTS += tests/integration/test_regs_console.sh
TESTS += tests/integration/test_tls_auth.sh
TESTS += tests/integration/test_faults_console.sh
TESTS += tests/integration/test_faults_db.sh
TESTS += tests/integration/test_incidents.sh
TESTS += tests/integration/test_faults_diskfull.sh
TESTS += tests/integration/test_import.sh
TESTS += tests/integration/test_incidents_console.sh
TESTS += tests/integration/test_faults_input.sh
TESTS += tests/integration/test_terminal.sh
TESTS += tests/integration/test_risk_live.sh
TESTS += tests/integration/test_faults_dbfile.sh
TESTS += tests/integration/test_rescue_cli.sh
TESTS += tests/integration/test_rescue_console_act.sh
TESTS += tests/integration/test_cli_twins.sh
TESTS += tests/integration/test_faults_spool.sh
TESTS += tests/integration/test_hostile_text.sh
TESTS += tests/integration/test_console_fatal.sh
TESTS += tests/integration/test_notify_hung_daemon.sh
TESTS += tests/integration/test_p1_sound_console.sh
TESTS += tests/integration/test_record_kill.sh
TESTS += tests/integration/test_record_diskfull_kill.sh
TESTS += tests/integration/test_record_sighup.sh
TESTS += tests/integration/test_console_standby.sh
TESTS += tests/integration/test_shift.sh
