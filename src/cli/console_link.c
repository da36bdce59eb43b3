/*
 * console_link.c - the MQTT link inside the console's poll loop
 * (console_link.h).
 *
 * Received messages are parsed and queued; the queue is written in one
 * transaction per loop pass once it is FLUSH_EVERY_MS old or FLUSH_AT_MSGS
 * long, which keeps publish-to-screen latency low without a commit per
 * message at high rates. Annunciation does not rely on this console's own
 * writes: when several consoles and a recorder share the file, whoever
 * stores a reading raises its alarm, so new priority-1 alarms are read back
 * from the database (store_alarm_p1_since) and every console rings.
 *
 * One writer per host: while the recorder on this host says "online" on
 * its presence topic (retained; its will and clean exit say otherwise),
 * the console stands by: received data is not written, the screens show
 * what the recorder stores (PRAGMA data_version), and periodic ingest work
 * (comm faults, retention) is the recorder's. When the recorder goes
 * offline, the console stores again from the next message on; what was
 * published meanwhile waits in the recorder's persistent session.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console_link.h"
#include "parkwatch/net.h"
#include "parkwatch/notify.h"
#include "parkwatch/payload.h"
#include "parkwatch/store.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/store_ingest.h"
#include "parkwatch/util.h"

#define FLUSH_EVERY_MS 50
#define FLUSH_AT_MSGS 500
#define P1_CHECK_MS 250         /* look for new P1 alarms from other writers */
#define NOTIFY_GAP_MS 10000     /* at most one desktop notification per 10 s */
#define LEAVE_MS 1000
#define P1_BATCH 32

struct console_link {
	struct pw_ctx *ctx;
	struct pw_store *st;
	const struct pw_config *cfg;
	struct store_ingest *ing;   /* NULL for a read-only console */
	struct net_mqtt *net;       /* NULL when the URL or TLS set-up was refused */
	char *setup_error;          /* why net is NULL, shown on the status line */
	struct pw_msg_limits lim;
	const char *prefix;
	struct ui_hooks hooks;
	bool link_shown;            /* the current state has reached the status line */
	int64_t last_flush_mono;
	int64_t last_p1_mono;
	int64_t p1_cursor;
	int64_t p1_data_version;    /* PRAGMA data_version at the last look */
	bool p1_more;               /* the last look filled its batch */
	int64_t last_notify_mono;
	bool notify_enabled;
	int64_t notify_id;          /* a desktop notification for the next frame, 0 none */
	size_t notify_more;
	char *recorder_topic;       /* presence of this host's recorder */
	bool standby;               /* it is online: do not write received data */
};

static struct console_link *g_link;

/* The recorder's presence: "online" (retained), "offline" (will), "" (cleared). */
static void set_standby(struct console_link *l, bool standby)
{
	if (standby == l->standby)
		return;
	l->standby = standby;
	ui_set_standby(standby);
}

static void on_message(void *user, const struct net_mqtt_msg *msg)
{
	struct console_link *l = user;
	if (strcmp(msg->topic, l->recorder_topic) == 0) {
		set_standby(l, msg->len == 6 && memcmp(msg->payload, "online", 6) == 0);
		return;
	}
	if (!l->ing || l->standby)
		return;
	int64_t now = pw_now_ms();
	struct pw_msg m;
	char reason[PW_MSG_REASON_SZ];
	int rc = pw_msg_parse(msg->topic, msg->payload, msg->len, l->prefix, now, &l->lim, &m,
	                      reason, sizeof reason);
	if (rc == 0)
		store_ingest_add(l->ing, &m, now);
	else if (rc < 0)
		store_ingest_reject(l->ing, msg->topic, reason, msg->payload, msg->len, now);
	/* PW_MSG_CLEARED: a retained status was cleared; nothing to record. */
}

static void on_link(void *user, enum net_link_state state, int64_t since_ms, const char *detail)
{
	struct console_link *l = user;
	/* Not connected: the recorder's state is unknown; its retained "online" comes back with the link. */
	if (state != NET_LINK_UP)
		set_standby(l, false);
	/* Before ui_run() (the first attempt) this does nothing: show_link() catches up. */
	ui_set_link((int)state, since_ms, detail);
}

/* Bring the status line up to date with the link (the first pass, mainly). */
static void show_link(struct console_link *l)
{
	if (l->link_shown)
		return;
	l->link_shown = true;
	if (l->net)
		ui_set_link((int)net_mqtt_state(l->net), net_mqtt_since(l->net),
		            net_mqtt_detail(l->net)[0] ? net_mqtt_detail(l->net) : NULL);
	else
		ui_set_link(UI_LINK_DOWN, pw_now_ms(), l->setup_error);
}

static int hook_fill(void *user, struct pollfd *fds, int max)
{
	struct console_link *l = user;
	show_link(l);
	if (!l->net || max < 1)
		return 0;
	return net_mqtt_pollfd(l->net, &fds[0]);
}

static void hook_pollfds(void *user, const struct pollfd *fds, int n)
{
	struct console_link *l = user;
	if (l->net && n > 0)
		net_mqtt_handle(l->net, fds[0].revents, pw_mono_ms());
}

static int hook_timeout(void *user)
{
	struct console_link *l = user;
	int64_t now = pw_mono_ms();
	int t = l->net ? net_mqtt_timeout_ms(l->net, now) : -1;
	int n = notify_service(now);   /* a notification helper to reap or kill */
	if (n >= 0 && (t < 0 || n < t))
		t = n;
	if (l->ing && store_ingest_pending(l->ing) > 0) {
		int64_t due = l->last_flush_mono + FLUSH_EVERY_MS - now;
		int d = due < 0 ? 0 : (int)due;
		if (t < 0 || d < t)
			t = d;
	}
	return t;
}

/* Redraw hints from a flush or tick result. */
static void mark_changed(const struct store_ingest_result *r)
{
	unsigned what = 0;
	if (r->changed_alarms)
		what |= UI_DATA_ALARMS;
	if (r->changed_sensors)
		what |= UI_DATA_SENSORS;
	if (r->changed_wind)
		what |= UI_DATA_WIND;
	if (r->changed_rejected)
		what |= UI_DATA_REJECTED;
	if (what)
		ui_data_changed(what);
}

/*
 * "P1 alarm: E0001 冷库一 S001 nh3: L2 high: 70 >= 60 mg/m3 (and 2 more)",
 * handed to a helper process (notify.h): this never waits for the desktop.
 */
static void notify_desktop(struct console_link *l, int64_t id, size_t more, int64_t now)
{
	if (!l->notify_enabled || now - l->last_notify_mono < NOTIFY_GAP_MS)
		return;
	struct store_alarm a;
	if (store_alarm_get(l->st, id, &a) != 0)
		return;
	char *body = xasprintf("%s %s, %s %s: %s%s", a.enterprise_code ? a.enterprise_code : "",
	                       a.enterprise_name ? a.enterprise_name : "",
	                       a.sensor_code ? a.sensor_code : "", a.sensor_kind ? a.sensor_kind : "",
	                       a.message ? a.message : a.condition, more ? " (and more)" : "");
	l->last_notify_mono = now;
	/* Not available (no desktop session): the bell already rang. */
	if (notify_p1("parkwatch: priority-1 alarm", body, now) < 0)
		l->notify_enabled = notify_available();
	free(body);
	store_alarm_clear(&a);
}

/*
 * New unacknowledged P1 alarms anywhere in the database: each sounds until
 * acknowledged or silenced (ui_alarm_p1); the desktop notification waits
 * for the frame that shows them (hook_after_frame). A batch longer than
 * P1_BATCH leaves the rest for the next call, which comes at once.
 */
static void annunciate(struct console_link *l, int64_t now, bool force)
{
	if (!force && now - l->last_p1_mono < P1_CHECK_MS)
		return;
	l->last_p1_mono = now;
	/* Nobody else committed and our own writes raised nothing: nothing new to read. */
	int64_t dv = store_data_version(l->st);
	if (!force && !l->p1_more && dv == l->p1_data_version)
		return;
	l->p1_data_version = dv;
	int64_t ids[P1_BATCH];
	size_t n = 0;
	l->p1_more = false;
	if (store_alarm_p1_since(l->st, &l->p1_cursor, ids, P1_BATCH, &n) < 0 || n == 0)
		return;
	if (n == P1_BATCH) {
		l->last_p1_mono = now - P1_CHECK_MS;
		l->p1_more = true;
	}
	for (size_t i = 0; i < n; i++)
		ui_alarm_p1(ids[i]);
	ui_data_changed(UI_DATA_ALARMS);
	/* Several before the next frame: one notification names the newest. */
	l->notify_more += (l->notify_id ? 1 : 0) + n - 1;
	l->notify_id = ids[n - 1];
}

static void hook_after_frame(void *user)
{
	struct console_link *l = user;
	if (!l->notify_id)
		return;
	int64_t id = l->notify_id;
	size_t more = l->notify_more;
	l->notify_id = 0;
	l->notify_more = 0;
	notify_desktop(l, id, more, pw_mono_ms());
}

static void hook_tick(void *user, int64_t now_ms)
{
	struct console_link *l = user;
	int64_t now = pw_mono_ms();
	show_link(l);
	notify_service(now);
	if (l->net)
		net_mqtt_service(l->net, now);
	bool alarms = false;
	if (l->ing) {
		struct store_ingest_result res;
		size_t pending = store_ingest_pending(l->ing);
		if (pending >= FLUSH_AT_MSGS ||
		    (pending > 0 && now - l->last_flush_mono >= FLUSH_EVERY_MS)) {
			l->last_flush_mono = now;
			/* A failed flush keeps its queue for the next pass. */
			store_ingest_flush(l->ing, &res);
			mark_changed(&res);
			ui_check_other_writers();
			alarms = res.changed_alarms;
			struct store_ingest_stats s;
			store_ingest_stats(l->ing, &s);
			ui_set_store_state(res.pending, s.dropped, res.failed ? store_ingest_errmsg(l->ing) : NULL);
		}
		if (!l->standby && store_ingest_tick(l->ing, now_ms, &res) == 0) {
			mark_changed(&res);
			alarms = alarms || res.changed_alarms;
		}
	}
	annunciate(l, now, alarms);
}

static void hook_quit(void *user)
{
	struct console_link *l = user;
	if (l->net)
		net_mqtt_close(l->net, LEAVE_MS);
}

static void set_hooks(struct console_link *l)
{
	l->hooks = (struct ui_hooks){
		.fill_pollfds = hook_fill,
		.on_pollfds = hook_pollfds,
		.timeout_ms = hook_timeout,
		.tick = hook_tick,
		.after_frame = hook_after_frame,
		.on_quit = hook_quit,
		.user = l,
	};
}

const struct ui_hooks *console_link_hooks(struct pw_ctx *ctx, struct pw_store *st,
                                          const struct ui_opts *opts)
{
	if (g_link)
		return &g_link->hooks;
	struct console_link *l = xcalloc(1, sizeof *l);
	l->ctx = ctx;
	l->st = st;
	l->cfg = &ctx->cfg;
	l->prefix = ctx->cfg.topic_prefix ? ctx->cfg.topic_prefix : "park";
	pw_msg_limits_from_config(&l->lim, &ctx->cfg);
	if (!opts->read_only)
		l->ing = store_ingest_new(st, &ctx->cfg);
	l->p1_cursor = -1;
	/* Starts the cursor at the current end: old alarms do not ring. */
	int64_t ids[1];
	size_t n;
	store_alarm_p1_since(st, &l->p1_cursor, ids, 1, &n);
	l->p1_data_version = store_data_version(st);
	l->notify_enabled = ctx->cfg.notify;
	l->last_flush_mono = pw_mono_ms();
	l->last_notify_mono = pw_mono_ms() - NOTIFY_GAP_MS;
	l->recorder_topic = net_mqtt_presence_topic(CLI_RECORDER_KIND, CLI_RECORDER_PRESENCE_ID);
	struct net_mqtt_opts no = {
		.kind = "console", .url = ctx->broker_url, .cfg = &ctx->cfg,
		.subscribe = true, .sub_qos = 1, .watch_topic = l->recorder_topic,
		.on_message = on_message, .on_link = on_link, .user = l,
	};
	char *err = NULL;
	l->net = net_mqtt_new(&no, &err);
	if (!l->net)
		l->setup_error = err;
	set_hooks(l);
	g_link = l;
	return &l->hooks;
}

void console_link_close(void)
{
	struct console_link *l = g_link;
	if (!l)
		return;
	if (l->net)
		net_mqtt_close(l->net, LEAVE_MS);
	if (l->ing && store_ingest_pending(l->ing) > 0 && store_ingest_flush(l->ing, NULL) < 0)
		pw_error("console", "%zu received messages could not be written: %s",
		         store_ingest_pending(l->ing), store_ingest_errmsg(l->ing));
	net_mqtt_free(l->net);
	store_ingest_free(l->ing);
	notify_shutdown();
	free(l->setup_error);
	free(l->recorder_topic);
	free(l);
	g_link = NULL;
}
