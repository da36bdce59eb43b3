noinst_LIBRARIES += libpwui.a
libpwui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) -DNCURSES_WIDECHAR=1
libpwui_a_SOURCES = \
	src/ui/app.c \
	src/ui/term_check.c \
	src/ui/views.c \
	src/ui/keys.c \
	src/ui/input.c \
	src/ui/draw.c \
	src/ui/theme_ui.c \
	src/ui/status.c \
	src/ui/ticker.c \
	src/ui/help.c \
	src/ui/table.c \
	src/ui/doc.c \
	src/ui/screens.c \
	src/ui/overview.c \
	src/ui/enterprises.c \
	src/ui/card.c \
	src/ui/tview.c \
	src/ui/tview.h \
	src/ui/edit.c \
	src/ui/edit.h \
	src/ui/save.c \
	src/ui/save.h \
	src/ui/sound.c \
	src/ui/fatal.c \
	src/ui/ui_private.h
# live monitoring: alarm ticker order, Alarms screen, detail, actions (h7)
libpwui_a_SOURCES += src/ui/alarm_ui.h src/ui/alarms.c src/ui/alarm_detail.c src/ui/alarm_act.c \
	src/ui/live.c src/ui/livefmt.c src/ui/livefmt.h src/ui/sparkline.c src/ui/sparkline.h
# risk supervision and the hidden-hazard loop: heat table, Hazards, Inspections (h9)
libpwui_a_SOURCES += src/ui/risk_ui.h src/ui/heat.c src/ui/heatfmt.c src/ui/heatfmt.h src/ui/risk_cmd.c
EXTRA_DIST += src/ui/README.md
libpwui_a_SOURCES += src/ui/duty_ui.h src/ui/duty.c src/ui/duty_new.c
libpwui_a_SOURCES += src/ui/hazards.c src/ui/hazard_act.c src/ui/inspections.c  # (h9)
libpwui_a_SOURCES += src/ui/rescue.c src/ui/rescue_ui.h src/ui/rescue_act.c
libpwui_a_SOURCES += src/ui/handover.c
libpwui_a_SOURCES += src/ui/regs_ui.h src/ui/regs.c src/ui/regs_article.c  # (h12)
libpwui_a_SOURCES += src/ui/incident_ui.h src/ui/incidents.c src/ui/linkage.c src/ui/incident_act.c  # (h11)
