/*
 * config.h - the ini configuration file (inih), with defaults for every key.
 *
 * Lookup order for the file: --config PATH, $XDG_CONFIG_HOME/parkwatch/config
 * (~/.config/...), /etc/xdg/parkwatch/config. A missing default file is fine;
 * a missing --config file is an error. Unknown keys are reported as warnings
 * (file:line) so typos do not pass silently. [site] timezone must name a zone
 * tzset() knows (pw_timezone_check()): an unknown one is an error, not UTC.
 */
#ifndef PARKWATCH_CONFIG_H
#define PARKWATCH_CONFIG_H

#include <stdbool.h>

struct pw_config {
	/* [site] */
	char *timezone;           /* "Asia/Shanghai" */
	char *name;               /* park name on the status line */
	/* [console] */
	char *theme;              /* "default" */
	bool bell;                /* bell on a new priority-1 alarm */
	bool flash;               /* flash instead of / besides the bell */
	bool notify;              /* libnotify when a session bus exists */
	int bell_repeat_s;        /* ring again while a P1 alarm is unacknowledged: 5; 0 once */
	char *terminal_notify;    /* "off" (default), "osc9", "osc777" */
	int max_fps;              /* redraw cap, default 10 */
	/* [mqtt] */
	char *broker;             /* URL; overridden by --broker / $PARKWATCH_BROKER */
	char *username;
	char *password;
	char *cafile;
	char *capath;
	char *certfile;
	char *keyfile;
	char *topic_prefix;       /* "park" */
	int keepalive_s;          /* 30 */
	int inflight_window;      /* recorder commits at this many uncommitted messages: 20 */
	/* [store] */
	int raw_retention_h;      /* 48 */
	int rollup_retention_d;   /* 90 */
	int rejected_max;         /* 10000 rows kept in `rejected` */
	/* [alarm] */
	int comm_timeout_s;       /* default silence before a comm-fault alarm: 300 */
	int flood_count;          /* > this many new alarms ... */
	int flood_window_s;       /* ... in this window is a flood (10 in 600 s) */
	int future_skew_s;        /* readings further ahead than this are rejected: 300 */
	int past_window_s;        /* readings older than this are rejected: 7 days */
	double max_wind_ms;       /* wind speed_ms above this is rejected as implausible: 75 */
	/* [linkage] */
	double downwind_km;       /* 2.0 */
	/* [inspection] */
	int inspection_overdue_d; /* 30 */

	bool password_from_file;  /* set when [mqtt] password came from the file */
	bool broker_password_from_file; /* set when [mqtt] broker in the file holds a password */
	char *loaded_from;        /* the path read, or NULL */
};

/* Fill *cfg with defaults. */
void pw_config_defaults(struct pw_config *cfg);

/*
 * Load PATH (or the default chain when PATH is NULL) over the defaults.
 * Returns 0, or -1 with a message in *err (caller frees) naming file:line.
 */
int pw_config_load(struct pw_config *cfg, const char *path, char **err);

/* Parse ini text (for tests); name is used in messages. */
int pw_config_parse_string(struct pw_config *cfg, const char *text, const char *name, char **err);

void pw_config_free(struct pw_config *cfg);

#endif
