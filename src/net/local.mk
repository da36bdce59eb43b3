noinst_LIBRARIES += libpwnet.a
libpwnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(MOSQUITTO_CFLAGS) $(NOTIFY_CFLAGS) $(JANSSON_CFLAGS)
libpwnet_a_SOURCES = \
	src/net/mqtt.c \
	src/net/notify.c
