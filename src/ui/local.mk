noinst_LIBRARIES += libpwui.a
libpwui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS) -DNCURSES_WIDECHAR=1
libpwui_a_SOURCES = \
	src/ui/placeholder_ui.c
