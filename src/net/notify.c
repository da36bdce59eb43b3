/* notify.c - priority-1 desktop notifications via libnotify; see notify.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/notify.h"
#include "parkwatch/text.h"

#ifdef HAVE_LIBNOTIFY
#include <gio/gio.h>
#include <libnotify/notify.h>

/* 0 not checked yet, 1 available, -1 not available (or failed once). */
static int notify_state;

/*
 * Is a notification service running on the session bus now? Asking the bus
 * daemon (NameHasOwner) never starts a service, so a desktop without one
 * costs one quick round trip instead of a bus activation timeout.
 */
static bool service_present(void)
{
	GError *err = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err);
	if (!bus) {
		g_clear_error(&err);
		return false;
	}
	GVariant *r = g_dbus_connection_call_sync(
		bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
		"NameHasOwner", g_variant_new("(s)", "org.freedesktop.Notifications"),
		G_VARIANT_TYPE("(b)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 500, NULL, &err);
	gboolean owned = FALSE;
	if (r) {
		g_variant_get(r, "(b)", &owned);
		g_variant_unref(r);
	}
	g_clear_error(&err);
	g_object_unref(bus);
	return owned;
}

bool notify_available(void)
{
	if (notify_state == 0) {
		const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
		notify_state = -1;
		if (bus && *bus && service_present() && notify_init("parkwatch"))
			notify_state = 1;
	}
	return notify_state > 0;
}

int notify_p1(const char *title, const char *body)
{
	if (!notify_available())
		return -1;
	char *t = pw_sanitize(title ? title : "", title ? strlen(title) : 0);
	char *b = pw_sanitize(body ? body : "", body ? strlen(body) : 0);
	NotifyNotification *n = notify_notification_new(t, b, "dialog-warning");
	notify_notification_set_urgency(n, NOTIFY_URGENCY_CRITICAL);
	notify_notification_set_app_name(n, "parkwatch");
	GError *err = NULL;
	gboolean ok = notify_notification_show(n, &err);
	g_clear_error(&err);
	g_object_unref(n);
	free(t);
	free(b);
	if (!ok) {
		/* A broken service must not stall the console again. */
		notify_state = -1;
		return -1;
	}
	return 0;
}

void notify_shutdown(void)
{
	if (notify_state > 0) {
		if (notify_is_initted())
			notify_uninit();
		notify_state = 0;
	}
}

#else /* !HAVE_LIBNOTIFY */

bool notify_available(void)
{
	return false;
}

int notify_p1(const char *title, const char *body)
{
	(void)title;
	(void)body;
	return -1;
}

void notify_shutdown(void)
{
}

#endif
