# tests/unit

# risk model (lead)
check_PROGRAMS += tests/unit/test_risk
TESTS += tests/unit/test_risk
tests_unit_test_risk_SOURCES = tests/unit/test_risk.c
nodist_tests_unit_test_risk_SOURCES = src/embedded.c
tests_unit_test_risk_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_risk_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# laws-and-regulations file parser (h3)
check_PROGRAMS += tests/unit/test_regsfile
TESTS += tests/unit/test_regsfile
tests_unit_test_regsfile_SOURCES = tests/unit/test_regsfile.c
nodist_tests_unit_test_regsfile_SOURCES = src/embedded.c
tests_unit_test_regsfile_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_regsfile_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# broker URL parsing (h6a)
check_PROGRAMS += tests/unit/test_mqtt_url
TESTS += tests/unit/test_mqtt_url
tests_unit_test_mqtt_url_SOURCES = tests/unit/test_mqtt_url.c
nodist_tests_unit_test_mqtt_url_SOURCES = src/embedded.c
tests_unit_test_mqtt_url_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mqtt_url_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# hazard loop and downwind geometry (lead)
check_PROGRAMS += tests/unit/test_hazard_geo
TESTS += tests/unit/test_hazard_geo
tests_unit_test_hazard_geo_SOURCES = tests/unit/test_hazard_geo.c
nodist_tests_unit_test_hazard_geo_SOURCES = src/embedded.c
tests_unit_test_hazard_geo_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_hazard_geo_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# text sanitising/width, colour-role themes, ini configuration (h1)
check_PROGRAMS += tests/unit/test_text tests/unit/test_theme tests/unit/test_config
TESTS += tests/unit/test_text tests/unit/test_theme tests/unit/test_config
tests_unit_test_text_SOURCES = tests/unit/test_text.c
nodist_tests_unit_test_text_SOURCES = src/embedded.c
tests_unit_test_text_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_text_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
nodist_tests_unit_test_theme_SOURCES = src/embedded.c
tests_unit_test_theme_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_theme_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
tests_unit_test_config_SOURCES = tests/unit/test_config.c
nodist_tests_unit_test_config_SOURCES = src/embedded.c
tests_unit_test_config_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_config_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# store: migrations, duty-log chain, db check, query tables (h2)
check_PROGRAMS += tests/unit/test_store
TESTS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c tests/unit/store_fixture.h
nodist_tests_unit_test_store_SOURCES = src/embedded.c
tests_unit_test_store_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_store_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(CSV_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# MQTT payload parser and alarm engine (h5)
check_PROGRAMS += tests/unit/test_payload tests/unit/test_alarm tests/unit/test_alarm_rec \
	tests/unit/test_alarm_state
TESTS += tests/unit/test_payload tests/unit/test_alarm tests/unit/test_alarm_rec \
	tests/unit/test_alarm_state
tests_unit_test_payload_SOURCES = tests/unit/test_payload.c
nodist_tests_unit_test_payload_SOURCES = src/embedded.c
tests_unit_test_payload_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_payload_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
tests_unit_test_alarm_SOURCES = tests/unit/test_alarm.c tests/unit/alarm_fixture.h
nodist_tests_unit_test_alarm_SOURCES = src/embedded.c
tests_unit_test_alarm_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_alarm_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
tests_unit_test_alarm_rec_SOURCES = tests/unit/test_alarm_rec.c tests/unit/alarm_fixture.h
nodist_tests_unit_test_alarm_rec_SOURCES = src/embedded.c
tests_unit_test_alarm_rec_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_alarm_rec_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
tests_unit_test_alarm_state_SOURCES = tests/unit/test_alarm_state.c tests/unit/alarm_fixture.h
nodist_tests_unit_test_alarm_state_SOURCES = src/embedded.c
tests_unit_test_alarm_state_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_alarm_state_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# ingest, alarm actions and views against a real SQLite file (h6b)
check_PROGRAMS += tests/unit/test_ingest
TESTS += tests/unit/test_ingest
tests_unit_test_ingest_SOURCES = tests/unit/test_ingest.c
nodist_tests_unit_test_ingest_SOURCES = src/embedded.c
tests_unit_test_ingest_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_ingest_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# simulator traffic model (h6a)
check_PROGRAMS += tests/unit/test_sim
TESTS += tests/unit/test_sim
tests_unit_test_sim_SOURCES = tests/unit/test_sim.c
nodist_tests_unit_test_sim_SOURCES = src/embedded.c
tests_unit_test_sim_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_sim_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# console widget models: list filter/sort/selection, UTF-8 input line (h4)
check_PROGRAMS += tests/unit/test_ui_model
TESTS += tests/unit/test_ui_model
tests_unit_test_ui_model_SOURCES = tests/unit/test_ui_model.c src/ui/tview.c src/ui/edit.c
nodist_tests_unit_test_ui_model_SOURCES = src/embedded.c
tests_unit_test_ui_model_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ui_model_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# live monitoring wording and the last-hour chart, curses-free (h7)
check_PROGRAMS += tests/unit/test_livefmt
TESTS += tests/unit/test_livefmt
tests_unit_test_livefmt_SOURCES = tests/unit/test_livefmt.c src/ui/livefmt.c src/ui/sparkline.c
nodist_tests_unit_test_livefmt_SOURCES = src/embedded.c
tests_unit_test_livefmt_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_livefmt_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# risk heat-table cell texts and visit recency, curses-free (h9)
check_PROGRAMS += tests/unit/test_heatfmt
TESTS += tests/unit/test_heatfmt
tests_unit_test_heatfmt_SOURCES = tests/unit/test_heatfmt.c src/ui/heatfmt.c
nodist_tests_unit_test_heatfmt_SOURCES = src/embedded.c
tests_unit_test_heatfmt_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_heatfmt_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# shift window, roster gaps, equipment availability, handover report (h10)
check_PROGRAMS += tests/unit/test_rescue_report
TESTS += tests/unit/test_rescue_report
tests_unit_test_rescue_report_SOURCES = tests/unit/test_rescue_report.c tests/unit/store_fixture.h
nodist_tests_unit_test_rescue_report_SOURCES = src/embedded.c
tests_unit_test_rescue_report_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_rescue_report_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# incident and dispatch rules, trends, regulation words, the linkage sector (h11)
check_PROGRAMS += tests/unit/test_incident
TESTS += tests/unit/test_incident
tests_unit_test_incident_SOURCES = tests/unit/test_incident.c
nodist_tests_unit_test_incident_SOURCES = src/embedded.c
tests_unit_test_incident_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_incident_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# base-data import: header mapping and row checks (h12)
check_PROGRAMS += tests/unit/test_import
TESTS += tests/unit/test_import
tests_unit_test_import_SOURCES = tests/unit/test_import.c
nodist_tests_unit_test_import_SOURCES = src/embedded.c
tests_unit_test_import_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_import_LDADD = libpwcore.a $(CMOCKA_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# the console's save queue against a locked database (issue 9)
check_PROGRAMS += tests/unit/test_save
TESTS += tests/unit/test_save
tests_unit_test_save_SOURCES = tests/unit/test_save.c tests/unit/store_fixture.h src/ui/save.c src/ui/edit.c
nodist_tests_unit_test_save_SOURCES = src/embedded.c
tests_unit_test_save_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS) $(NCURSES_CFLAGS) -DNCURSES_WIDECHAR=1
tests_unit_test_save_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) $(CRYPTO_LIBS) -lm

# every statement site of src/store on one connection; the cache past its bound
check_PROGRAMS += tests/unit/test_stmt_sites
TESTS += tests/unit/test_stmt_sites
tests_unit_test_stmt_sites_SOURCES = tests/unit/test_stmt_sites.c tests/unit/store_fixture.h
nodist_tests_unit_test_stmt_sites_SOURCES = src/embedded.c tests/unit/stmt_sites.c
tests_unit_test_stmt_sites_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_stmt_sites_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(CSV_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm
tests/unit/stmt_sites.c: $(top_srcdir)/build-aux/stmt-sites.py $(top_srcdir)/src/store/*.c
	$(AM_V_GEN)$(MKDIR_P) tests/unit && \
	python3 $(top_srcdir)/build-aux/stmt-sites.py $@ $(top_srcdir)/src/store/*.c
CLEANFILES += tests/unit/stmt_sites.c
EXTRA_DIST += build-aux/stmt-sites.py

# limits degrade, they never abort: each bounded list past its bound (issue 13)
check_PROGRAMS += tests/unit/test_limits
TESTS += tests/unit/test_limits
tests_unit_test_limits_SOURCES = tests/unit/test_limits.c tests/unit/store_fixture.h src/ui/edit.c
nodist_tests_unit_test_limits_SOURCES = src/embedded.c
tests_unit_test_limits_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_limits_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) \
	$(CRYPTO_LIBS) $(CSV_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# a tab's view stack at its bound: refused with a message, never overrun (issue 13)
check_PROGRAMS += tests/unit/test_view_stack
TESTS += tests/unit/test_view_stack
tests_unit_test_view_stack_SOURCES = tests/unit/test_view_stack.c src/ui/views.c
nodist_tests_unit_test_view_stack_SOURCES = src/embedded.c
tests_unit_test_view_stack_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS) $(NCURSES_CFLAGS) \
	-DNCURSES_WIDECHAR=1
tests_unit_test_view_stack_LDADD = libpwcore.a $(CMOCKA_LIBS) $(NCURSES_LIBS) $(JANSSON_LIBS) $(INIH_LIBS) -lm

# the spool of entries a console could not save, and its replay (issue 13)
check_PROGRAMS += tests/unit/test_spool
TESTS += tests/unit/test_spool
tests_unit_test_spool_SOURCES = tests/unit/test_spool.c tests/unit/store_fixture.h
nodist_tests_unit_test_spool_SOURCES = src/embedded.c
tests_unit_test_spool_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_spool_LDADD = libpwstore.a libpwcore.a $(CMOCKA_LIBS) $(SQLITE_LIBS) $(JANSSON_LIBS) \
	$(INIH_LIBS) $(CRYPTO_LIBS) -lm
