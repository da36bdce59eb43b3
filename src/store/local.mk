noinst_LIBRARIES += libpwstore.a
libpwstore_a_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE_CFLAGS) $(CRYPTO_CFLAGS) $(JANSSON_CFLAGS)
libpwstore_a_SOURCES = \
	src/store/store.c \
	src/store/risk.c \
	src/store/hazards.c \
	src/store/browse.c
libpwstore_a_SOURCES += src/store/duty.c src/store/check.c src/store/query.c \
	include/parkwatch/store_duty.h include/parkwatch/store_query.h
libpwstore_a_SOURCES += src/store/regs.c
libpwstore_a_SOURCES += src/store/alarm_private.h src/store/alarm_rows.c src/store/ingest_private.h \
	src/store/ingest.c src/store/ingest_tick.c
libpwstore_a_SOURCES += src/store/alarms.c src/store/alarm_views.c
libpwstore_a_SOURCES += src/store/simdata.c
libpwstore_a_SOURCES += src/store/seed.c src/store/seed_data.c src/store/seed_ops.c src/store/seed_rescue.c src/store/seed_private.h
libpwstore_a_SOURCES += include/parkwatch/store_ingest.h include/parkwatch/store_alarms.h
libpwstore_a_SOURCES += src/store/live.c include/parkwatch/store_live.h
libpwstore_a_SOURCES += src/store/report.c include/parkwatch/store_report.h
libpwstore_a_SOURCES += src/store/heat.c include/parkwatch/store_heat.h
libpwstore_a_SOURCES += include/parkwatch/store_regs.h include/parkwatch/store_seed.h
libpwstore_a_SOURCES += src/store/duty_views.c include/parkwatch/store_duty_views.h
libpwstore_a_SOURCES += src/store/rescue_views.c include/parkwatch/store_rescue_views.h
libpwstore_a_SOURCES += src/store/hazard_views.c include/parkwatch/store_hazard_views.h
libpwstore_a_SOURCES += src/store/regs_browse.c include/parkwatch/store_regs_browse.h  # (h12)
libpwstore_a_SOURCES += src/store/incidents.c src/store/linkage.c include/parkwatch/store_incidents.h  # (h11)
libpwstore_a_SOURCES += src/store/import.c src/store/import_file.c include/parkwatch/store_import.h  # (h12)
libpwstore_a_SOURCES += src/store/rescue.c src/store/rescue_common.c src/store/rescue_private.h include/parkwatch/store_rescue.h  # (h16)
libpwstore_a_SOURCES += src/store/spool_replay.c include/parkwatch/store_spool.h  # (spool, issue 13)
