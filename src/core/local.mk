noinst_LIBRARIES += libpwcore.a
libpwcore_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(INIH_CFLAGS)
libpwcore_a_SOURCES = \
	src/core/util.c \
	src/core/text.c \
	src/core/theme.c \
	src/core/config.c \
	src/core/risk.c \
	src/core/hazard.c \
	src/core/geo.c
libpwcore_a_SOURCES += src/core/regsfile.c
libpwcore_a_SOURCES += src/core/mqtt_url.c
libpwcore_a_SOURCES += src/core/payload.c src/core/alarm.c src/core/alarm_rec.c src/core/alarm_state.c
libpwcore_a_SOURCES += src/core/sim.c src/core/sim_private.h src/core/sim_scenarios.c
libpwcore_a_SOURCES += include/parkwatch/regs.h
libpwcore_a_SOURCES += src/core/incident.c include/parkwatch/incident.h  # (h11)
libpwcore_a_SOURCES += src/core/import_spec.c include/parkwatch/import.h  # (h12)
libpwcore_a_SOURCES += src/core/spool.c include/parkwatch/spool.h  # (spool, issue 13)
