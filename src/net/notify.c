/* notify.c - priority-1 desktop notifications in a helper process; see notify.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "parkwatch/notify.h"
#include "parkwatch/text.h"

#ifdef HAVE_LIBNOTIFY
#include <gio/gio.h>
#include <libnotify/notify.h>

/* The helper's exit statuses. */
enum { HELPER_SHOWN = 0, HELPER_FAILED = 1, HELPER_NO_SERVICE = 2 };

static pid_t helper_pid;            /* 0: none in flight */
static int64_t helper_deadline;     /* mono ms when it is killed */
static char *queued_title, *queued_body;  /* the next one to send, or NULL */
static int failures;                /* hung or failed helpers in a row */
static bool given_up;               /* no service, or too many failures */

/* ---- the helper process: the only place that touches GLib and D-Bus ---- */

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

/* The MQTT socket, the database: a killed console's broker session must end. */
static void close_inherited(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	if (close_range(3, ~0U, 0) == 0)
		return;
#endif
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
		close((int)fd);
}

/* Leave the console's world: its signal handlers, its terminal, its descriptors. */
static void helper_detach(pid_t console)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* The console's handlers write to its self-pipe: not from here. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	/* Ctrl-C and a hang-up of the terminal are the console's business. */
	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() != console)
		_exit(HELPER_FAILED);
	int null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		if (null >= 0)
			dup2(null, fd);
	close_inherited();
	/* A last resort should the console be gone and unable to kill us. */
	alarm(NOTIFY_HELPER_MS / 1000 + 2);
}

static void helper_main(pid_t console, const char *title, const char *body)
{
	helper_detach(console);
	if (!service_present() || !notify_init("parkwatch"))
		_exit(HELPER_NO_SERVICE);
	NotifyNotification *n = notify_notification_new(title, body, "dialog-warning");
	notify_notification_set_urgency(n, NOTIFY_URGENCY_CRITICAL);
	notify_notification_set_app_name(n, "parkwatch");
	notify_notification_set_timeout(n, NOTIFY_EXPIRES_DEFAULT);
	GError *err = NULL;
	gboolean ok = notify_notification_show(n, &err);
	/* No clean-up: _exit is the fastest and leaves the console's atexit alone. */
	_exit(ok ? HELPER_SHOWN : HELPER_FAILED);
}

/* ---- the console's side: fork, reap, kill; never wait ---- */

static void forget_queue(void)
{
	free(queued_title);
	free(queued_body);
	queued_title = queued_body = NULL;
}

static int start_helper(char *title, char *body, int64_t now)
{
	pid_t console = getpid();
	pid_t pid = fork();
	if (pid == 0)
		helper_main(console, title, body);   /* never returns */
	free(title);
	free(body);
	if (pid < 0)
		return -1;
	helper_pid = pid;
	helper_deadline = now + NOTIFY_HELPER_MS;
	return 0;
}

static void helper_failed(void)
{
	if (++failures >= NOTIFY_MAX_FAILURES)
		given_up = true;
}

/* What the reaped helper's STATUS says about the service. */
static void helper_done(int status)
{
	helper_pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == HELPER_SHOWN)
		failures = 0;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == HELPER_NO_SERVICE)
		given_up = true;
	else
		helper_failed();
}

bool notify_available(void)
{
	const char *bus = getenv("DBUS_SESSION_BUS_ADDRESS");
	return !given_up && bus && *bus;
}

int notify_p1(const char *title, const char *body, int64_t now_mono)
{
	if (!notify_available())
		return -1;
	char *t = pw_sanitize(title ? title : "", title ? strlen(title) : 0);
	char *b = pw_sanitize(body ? body : "", body ? strlen(body) : 0);
	notify_service(now_mono);
	if (helper_pid > 0) {
		/* One in flight: the newest waits, older waiting ones are dropped. */
		forget_queue();
		queued_title = t;
		queued_body = b;
		return 0;
	}
	return start_helper(t, b, now_mono);
}

int notify_service(int64_t now_mono)
{
	if (helper_pid > 0) {
		int status;
		pid_t r = waitpid(helper_pid, &status, WNOHANG);
		if (r == helper_pid) {
			helper_done(status);
		} else if (r < 0 && errno != EINTR) {
			helper_pid = 0;   /* reaped elsewhere; nothing left to wait for */
			helper_failed();
		} else if (now_mono >= helper_deadline) {
			/* A service that never answers: SIGKILL cannot be refused. */
			kill(helper_pid, SIGKILL);
			while (waitpid(helper_pid, &status, 0) < 0 && errno == EINTR)
				;
			helper_pid = 0;
			helper_failed();
		}
	}
	if (helper_pid == 0 && queued_title) {
		char *t = queued_title, *b = queued_body;
		queued_title = queued_body = NULL;
		if (given_up) {
			free(t);
			free(b);
		} else {
			start_helper(t, b, now_mono);   /* fork failed: this one is lost */
		}
	}
	if (helper_pid == 0)
		return -1;
	int64_t left = helper_deadline - now_mono;
	return left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

void notify_shutdown(void)
{
	if (helper_pid > 0) {
		int status;
		kill(helper_pid, SIGKILL);
		while (waitpid(helper_pid, &status, 0) < 0 && errno == EINTR)
			;
		helper_pid = 0;
	}
	forget_queue();
}

#else /* !HAVE_LIBNOTIFY */

bool notify_available(void)
{
	return false;
}

int notify_p1(const char *title, const char *body, int64_t now_mono)
{
	(void)title;
	(void)body;
	(void)now_mono;
	return -1;
}

int notify_service(int64_t now_mono)
{
	(void)now_mono;
	return -1;
}

void notify_shutdown(void)
{
}

#endif
