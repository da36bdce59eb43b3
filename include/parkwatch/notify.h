/*
 * notify.h - desktop notifications for priority-1 alarms (libnotify),
 * sent so that the console never waits for them.
 *
 * libnotify offers no asynchronous show: notify_notification_show() is a
 * synchronous D-Bus call, and a notification service that owns its name
 * but never answers holds it for D-Bus's default timeout (25 s). So the
 * console process never calls libnotify (nor GLib) at all: notify_p1()
 * forks a short-lived helper process that checks for a service, shows the
 * notification and exits. The console only ever waitpid()s with WNOHANG.
 *
 *   - At most one helper is in flight. A notification asked for while one
 *     is out replaces any earlier one still waiting (the newest alarm is
 *     the one worth showing) and goes out when the helper is reaped.
 *   - A helper still running NOTIFY_HELPER_MS after it started is killed
 *     (SIGKILL) and reaped; after NOTIFY_MAX_FAILURES such failures in a
 *     row notifications are off for the rest of the process.
 *   - A helper that finds no session bus or no service exits 2: then
 *     notifications are off too (an SSH session has no desktop); the
 *     console's terminal bell is unaffected.
 *
 * Only the console's thread calls these; nothing here writes to the
 * terminal (the helper's standard streams are /dev/null).
 */
#ifndef PARKWATCH_NOTIFY_H
#define PARKWATCH_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#define NOTIFY_HELPER_MS 8000       /* a helper older than this is killed */
#define NOTIFY_MAX_FAILURES 3       /* hung or failed helpers before giving up */

/*
 * Ask for a critical notification with TITLE and BODY (UTF-8; sanitised
 * here). Never blocks: it forks a helper, or queues the text behind the
 * helper in flight. NOW_MONO is pw_mono_ms(). Returns 0 started or queued,
 * -1 when notifications are not available (no libnotify in this build,
 * no $DBUS_SESSION_BUS_ADDRESS, fork failed, or given up after failures).
 */
int notify_p1(const char *title, const char *body, int64_t now_mono);

/*
 * Reap a finished helper, kill one past its deadline, start the queued
 * notification. Call every loop pass (cheap: one waitpid(WNOHANG) while a
 * helper runs, nothing otherwise). Returns the milliseconds until it needs
 * calling again (a helper's deadline), or -1 when no helper is out.
 */
int notify_service(int64_t now_mono);

/* Whether notify_p1() may still show anything (false after "no service"). */
bool notify_available(void);

/* Kill and reap a helper still in flight; forget the queue. At exit. */
void notify_shutdown(void);

#endif
