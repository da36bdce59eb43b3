noinst_LIBRARIES += libpwcli.a
libpwcli_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
libpwcli_a_SOURCES = \
	src/cli/help.c \
	src/cli/pending.c
libpwcli_a_SOURCES += src/cli/cmd_db.c src/cli/cmd_query.c src/cli/cmd_log.c
libpwcli_a_SOURCES += src/cli/cmd_regs.c
libpwcli_a_SOURCES += src/cli/cmd_alarm.c
libpwcli_a_SOURCES += src/cli/cmd_sim.c
libpwcli_a_SOURCES += src/cli/cmd_console.c
libpwcli_a_SOURCES += src/cli/cmd_record.c
libpwcli_a_SOURCES += src/cli/console_link.h src/cli/console_link.c
libpwcli_a_SOURCES += src/cli/common.c src/cli/cmd_hazard.c src/cli/cmd_inspection.c
libpwcli_a_SOURCES += src/cli/cmd_seed.c
libpwcli_a_SOURCES += src/cli/cmd_report.c
libpwcli_a_SOURCES += src/cli/cmd_incident.c src/cli/incident_text.c src/cli/incident_text.h  # (h11)
libpwcli_a_SOURCES += src/cli/cmd_import.c  # (h12)
libpwcli_a_SOURCES += src/cli/cmd_member.c src/cli/cmd_equipment.c  # (h16)
libpwcli_a_SOURCES += src/cli/cmd_risk.c
