/*
 * ui.h - the full-screen operator console (ncursesw), seen from outside.
 *
 * The console is one thread and one poll() loop: the terminal, whatever file
 * descriptors the caller's hooks add (the MQTT socket), and a timer for the
 * clock. Nothing outside src/ui includes curses; the cli layer wires the
 * network through struct ui_hooks so the ui never includes mosquitto.
 *
 * ui_set_link(), ui_data_changed(), ui_check_other_writers() and ui_bell()
 * may only be called from inside ui_run(), i.e. from the hooks, on the same
 * thread. Outside a running console they do nothing.
 */
#ifndef PARKWATCH_UI_H
#define PARKWATCH_UI_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "parkwatch/config.h"

struct pw_store;

/* What the operator asked for on the command line. */
struct ui_opts {
	const char *theme;          /* --theme NAME, or NULL for cfg->theme */
	const char *operator_name;  /* resolved operator identity, never NULL */
	bool read_only;             /* --read-only: no action may write */
	bool no_mqtt;               /* --no-mqtt: the status line says "MQTT off" */
};

/*
 * Callbacks that let the caller (the MQTT link) live in the console's loop.
 * Every member may be NULL; so may the whole struct.
 */
struct ui_hooks {
	/* Fill up to MAX pollfds to watch this pass; returns how many. */
	int (*fill_pollfds)(void *user, struct pollfd *fds, int max);
	/* The same fds after poll() returned, with revents set. */
	void (*on_pollfds)(void *user, const struct pollfd *fds, int n);
	/* Milliseconds until the link needs servicing (keepalive...), -1 none. */
	int (*timeout_ms)(void *user);
	/* Once per loop pass after input was handled: flush batched writes. */
	void (*tick)(void *user, int64_t now_ms);
	/*
	 * A frame has just gone out (doupdate): slow side work that must never
	 * hold the screen back, such as starting a desktop notification.
	 */
	void (*after_frame)(void *user);
	/* The console is leaving (after endwin): publish presence offline. */
	void (*on_quit)(void *user);
	void *user;
};

/* Link states shown on the status line. */
enum ui_link_state {
	UI_LINK_OFF = 0,        /* no broker wanted: "MQTT off" */
	UI_LINK_DOWN = 1,       /* lost: "MQTT DOWN m:ss", alert role after 5 s */
	UI_LINK_CONNECTING = 2, /* first attempt in progress */
	UI_LINK_UP = 3,         /* "MQTT up since HH:MM" */
};

/* What changed, for ui_data_changed(): screens depending on it reload. */
enum ui_data {
	UI_DATA_ENTERPRISES = 1u << 0,
	UI_DATA_ALARMS = 1u << 1,
	UI_DATA_SENSORS = 1u << 2,
	UI_DATA_WIND = 1u << 3,
	UI_DATA_DUTY = 1u << 4,
	UI_DATA_HAZARDS = 1u << 5,
	UI_DATA_RESCUE = 1u << 6,
	UI_DATA_INCIDENTS = 1u << 7,
	UI_DATA_INSPECTIONS = 1u << 8,
	UI_DATA_REGULATIONS = 1u << 9,
	UI_DATA_REJECTED = 1u << 10,
	UI_DATA_ALL = (1u << 11) - 1,
};

/*
 * Run the console on the controlling terminal until the operator quits or a
 * SIGHUP/SIGTERM/hang-up ends it. ST stays owned by the caller. HOOKS may be
 * NULL. Returns an exit status: 0 after a normal quit or a hang-up, 1 when the
 * terminal cannot run a full-screen console (a one-line message is printed,
 * curses never started).
 *
 * Debug hook: with PARKWATCH_BENCH_FIRST_FRAME=FILE in the environment the
 * console writes the epoch milliseconds of its first full frame to FILE
 * (tests/bench/bench_console.sh measures start-up with it). With
 * PARKWATCH_TEST_FATAL=abort|segv|exit|asan|ubsan it then ends itself that way, so
 * tests can see the terminal restored and the reason on stderr.
 */
int ui_run(struct pw_store *st, const struct pw_config *cfg, const struct ui_opts *opts,
           const struct ui_hooks *hooks);

/* Report the broker link: STATE since SINCE_MS (epoch ms); DETAIL may be NULL. */
void ui_set_link(int state, int64_t since_ms, const char *detail);

/*
 * Report the received messages this console could not store: WAITING kept
 * in memory for the next try, LOST dropped since start (queue full), WHY
 * the database's reason (NULL when the last write worked). The status line
 * shows them until they are stored; the message line says when storing
 * fails and when it works again.
 */
void ui_set_store_state(size_t waiting, uint64_t lost, const char *why);

/*
 * STANDBY true: a recorder on this host is online and stores what arrives,
 * so this console does not write received data (it shows what the recorder
 * stores; the status line says "standby"); false: this console stores it
 * again. The message line says when it changes.
 */
void ui_set_standby(bool standby);

/* Mark data as changed (UI_DATA_* bits): affected screens reload next pass. */
void ui_data_changed(unsigned what);

/*
 * Look now (not at the next 100 ms check) whether another process wrote to
 * the database; if so every screen reloads. For right after the console's
 * own flush of received messages: when the recorder stored them first, the
 * flush found them already there, and the alarms they raised are the
 * recorder's, to be shown without waiting for the periodic check.
 */
void ui_check_other_writers(void);

/* Ask for one ring (bell and/or flash per config). Never blocks. */
void ui_bell(void);

/*
 * Alarm ID became unacknowledged at priority 1 (raised, escalated, active
 * again): it sounds now (bell and/or flash per config, and the terminal's
 * own notification when [console] terminal_notify asks) and again every
 * [console] bell_repeat seconds until it is acknowledged, shelved or
 * cleared, or the operator silences it (M or Ctrl-G, logged in the duty
 * log). Never blocks.
 */
void ui_alarm_p1(int64_t id);

#endif
