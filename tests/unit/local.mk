# tests/unit

# risk model (lead)
check_PROGRAMS += tests/unit/test_risk
TESTS += tests/unit/test_risk
tests_unit_test_risk_SOURCES = tests/unit/test_risk.c
nodist_tests_unit_test_risk_SOURCES = src/embedded.c
tests_unit_test_risk_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_risk_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
