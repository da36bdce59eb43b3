noinst_LIBRARIES += libpwcli.a
libpwcli_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
libpwcli_a_SOURCES = \
	src/cli/help.c \
	src/cli/pending.c
