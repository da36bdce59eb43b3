/*
 * notify.h - desktop notifications for priority-1 alarms (libnotify).
 *
 * Used only when the build has libnotify and the process runs inside a
 * desktop session: $DBUS_SESSION_BUS_ADDRESS is set, the session bus accepts
 * a connection and a notification service owns org.freedesktop.Notifications
 * right now (asked with a 500 ms bound, so no service is started on demand).
 * Otherwise, e.g. over SSH, notify_p1() says "not available" and the console
 * rings the terminal bell instead, silently.
 *
 * Residual risk, documented because libnotify offers no asynchronous show:
 * notify_notification_show() is a synchronous D-Bus call. If the notification
 * service owns its name but hangs, one call can block for D-Bus's default
 * timeout (25 s). After the first failed show, notifications are off for the
 * rest of the process so a broken service costs at most one stall.
 */
#ifndef PARKWATCH_NOTIFY_H
#define PARKWATCH_NOTIFY_H

#include <stdbool.h>

/*
 * Show a critical notification with TITLE and BODY (UTF-8; sanitised here).
 * Returns 0 when shown, -1 when notifications are not available (no
 * libnotify, no session bus, no service, or an earlier failure): the caller
 * rings the bell instead. Checks availability once and remembers it.
 */
int notify_p1(const char *title, const char *body);

/* Whether notify_p1() could show anything (performs the one-time check). */
bool notify_available(void);

/* Release libnotify at exit; harmless when it was never used. */
void notify_shutdown(void);

#endif
