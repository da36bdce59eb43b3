/*
 * net.h - the MQTT link (libmosquitto), driven from the caller's own poll()
 * loop: no threads, no blocking calls, so a console stays responsive while
 * the broker is down, slow or refusing it.
 *
 * One pass of the caller's loop:
 *
 *     struct pollfd pfd;
 *     int n = net_mqtt_pollfd(m, &pfd);            // 0 or 1 fds to watch
 *     int t = net_mqtt_timeout_ms(m, pw_mono_ms()); // cap poll's timeout
 *     poll(&pfd, n, t);
 *     if (n) net_mqtt_handle(m, pfd.revents, pw_mono_ms());
 *     net_mqtt_service(m, pw_mono_ms());            // keepalive, reconnect
 *
 * The socket changes after every reconnect, so ask for it every pass.
 * Messages and link changes arrive through callbacks, synchronously from
 * inside net_mqtt_handle()/net_mqtt_service()/net_mqtt_close().
 *
 * Link behaviour:
 *   - connects with mosquitto_connect_async (non-blocking TCP connect and TLS
 *     handshake). A broker host name is resolved with getaddrinfo(), which
 *     can block for as long as the resolver takes: use an IP address or an
 *     /etc/hosts name on duty hosts where the resolver may be unreachable.
 *   - reconnects with capped exponential backoff and jitter: 0.5 s doubling
 *     to 30 s, each delay drawn from [d/2, d]. The backoff resets only after
 *     the link stayed up 10 s, so a broker that accepts and then drops us is
 *     not hammered. A connect that does not complete in 10 s is abandoned.
 *   - subscribes "<topic_prefix>/#" on EVERY connect (a broker that lost its
 *     state has forgotten persistent subscriptions).
 *   - failures are reported with the reason, not retried silently:
 *     "connection refused: not authorised", "TLS: certificate verify failed",
 *     "Connection refused" (errno text), "connect timed out"...
 *   - presence: a retained last will "offline" on
 *     "parkwatch/presence/<kind>/<host>-<id>" is set before connecting, a
 *     retained "online" is published on every connect, and net_mqtt_close()
 *     clears that retained topic (an empty retained message) and publishes
 *     a plain "offline" before a clean disconnect (a clean disconnect does
 *     not fire the will). So only a crash leaves a retained "offline".
 *   - with opts->commit set, a QoS 1 message is acknowledged (PUBACK) only
 *     after the caller has committed it: see commit below and the top of
 *     src/net/mqtt.c for how libmosquitto is made to do that.
 *
 * Credentials: user name and password from the URL, else [mqtt] username /
 * password from the config, else $PARKWATCH_MQTT_USERNAME /
 * $PARKWATCH_MQTT_PASSWORD. Never logged, never put on a command line.
 * TLS (mqtts://) uses [mqtt] cafile / capath, else the system's CA store,
 * and certfile / keyfile for a client certificate. An encrypted key is
 * refused rather than prompting on the terminal.
 */
#ifndef PARKWATCH_NET_H
#define PARKWATCH_NET_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_config;
struct net_mqtt;

/* Link states; values match enum ui_link_state of ui.h (DOWN, CONNECTING, UP). */
enum net_link_state {
	NET_LINK_DOWN = 1,        /* not connected; waiting to retry */
	NET_LINK_CONNECTING = 2,  /* TCP/TLS/CONNECT in progress */
	NET_LINK_UP = 3,          /* CONNACK accepted; subscribed */
};

/* One received message; valid only during the callback. */
struct net_mqtt_msg {
	const char *topic;       /* NUL-terminated, hostile: validate before use */
	const void *payload;     /* LEN bytes, not NUL-terminated, hostile */
	size_t len;
	int qos;
	bool retained;
};

struct net_mqtt_opts {
	const char *kind;          /* "console", "recorder", "sim": client id and presence */
	const char *url;           /* broker URL (mqtt_url.h) */
	const struct pw_config *cfg; /* topic_prefix, keepalive_s, credentials, TLS files; borrowed */
	/*
	 * Client id. NULL: "parkwatch-<kind>-<host>-<pid>" (unique, for
	 * consoles and the simulator). The recorder passes a fixed id so the
	 * broker keeps its session and queues QoS 1 messages while it is away.
	 */
	const char *client_id;
	/* Presence id ("<host>-<presence_id>"); NULL: the process id. */
	const char *presence_id;
	bool persistent;           /* clean_session false (needs a fixed client_id) */
	bool subscribe;            /* subscribe "<topic_prefix>/#" on every connect */
	int sub_qos;               /* QoS of that subscription: 0 or 1 */
	/* A second subscription, QoS 1, made on every connect (e.g. others' presence); NULL: none. */
	const char *watch_topic;
	/* Called for each message received (when subscribe is set). */
	void (*on_message)(void *user, const struct net_mqtt_msg *msg);
	/*
	 * Acknowledge only what is committed. NULL: libmosquitto writes every
	 * packet at once (a QoS 1 message is acknowledged as it is read). Set:
	 * every outgoing packet (PUBACKs, our publishes, pings) waits in
	 * libmosquitto's queue, and before writing that queue this module
	 * calls COMMIT(user), which must make durable every message passed to
	 * on_message so far and return 0, or return -1 (nothing is written;
	 * asked again on the next pass). It is called from net_mqtt_pollfd()
	 * and net_mqtt_on_writable(), and from net_mqtt_close(); it should be
	 * cheap when there is nothing to commit. A queue never written is
	 * dropped at the next reconnect, and the broker redelivers.
	 */
	int (*commit)(void *user);
	/*
	 * Called when the link state or its reason changes. SINCE_MS is the wall
	 * clock (epoch ms) of the change; DETAIL is a short sanitised reason
	 * ("connection refused: not authorised") or NULL, valid during the call.
	 */
	void (*on_link)(void *user, enum net_link_state state, int64_t since_ms, const char *detail);
	void *user;
};

/*
 * Create the client and start the first connection attempt (non-blocking).
 * A bad URL, an unreadable TLS file or a client-id problem fails here:
 * returns NULL with *ERR (caller frees) saying why, password redacted.
 * A broker that is down is NOT an error: the client keeps retrying.
 * Calls mosquitto_lib_init() on first use.
 */
struct net_mqtt *net_mqtt_new(const struct net_mqtt_opts *opts, char **err);

/*
 * Leave cleanly: wait for our own unacknowledged messages (for up to three
 * quarters of TIMEOUT_MS), publish retained "offline" on the presence topic
 * (QoS 1, waiting for the broker's acknowledgement), disconnect and flush,
 * bounded by TIMEOUT_MS in total (about 1000). Messages that arrive meanwhile still
 * reach on_message. Safe to call when the link is down (returns at once).
 * Further calls do nothing; free with net_mqtt_free() afterwards.
 */
void net_mqtt_close(struct net_mqtt *m, int timeout_ms);

/* Free the client (without the clean leave of net_mqtt_close()). NULL is fine. */
void net_mqtt_free(struct net_mqtt *m);

/* The socket to poll, or -1 when there is none (waiting to reconnect). */
int net_mqtt_fd(const struct net_mqtt *m);

/* True when there is something to write: poll for POLLOUT too. */
bool net_mqtt_want_write(const struct net_mqtt *m);

/*
 * Fill *PFD (fd and events) when there is a socket; returns 1, else 0.
 * With opts->commit, POLLOUT is asked only when commit() returned 0.
 */
int net_mqtt_pollfd(const struct net_mqtt *m, struct pollfd *pfd);

/*
 * PAUSED true: stop reading the socket while the link is up (a connect in
 * progress still reads its CONNACK), so the broker holds what is not read;
 * false: resume. For a caller that cannot store what it receives.
 */
void net_mqtt_pause_reading(struct net_mqtt *m, bool paused);

/* The socket is readable / writable: read or write what is there. */
void net_mqtt_on_readable(struct net_mqtt *m, int64_t now_mono_ms);
void net_mqtt_on_writable(struct net_mqtt *m, int64_t now_mono_ms);

/* Dispatch poll()'s REVENTS for the fd of net_mqtt_pollfd() (errors too). */
void net_mqtt_handle(struct net_mqtt *m, short revents, int64_t now_mono_ms);

/*
 * Timers: keepalive (mosquitto_loop_misc), connect timeout, and the next
 * reconnect attempt when it is due. Call every loop pass; cheap otherwise.
 */
void net_mqtt_service(struct net_mqtt *m, int64_t now_mono_ms);

/* Milliseconds until net_mqtt_service() has something to do (>= 0, <= 1000). */
int net_mqtt_timeout_ms(const struct net_mqtt *m, int64_t now_mono_ms);

/*
 * Publish PAYLOAD[0..LEN) on TOPIC with QOS (0 or 1) and RETAIN. Returns 0
 * when handed to libmosquitto (written at once or on the next writable
 * pass), -1 when the link is not up (nothing is queued: the caller decides
 * whether to wait) or libmosquitto refused it.
 */
int net_mqtt_publish(struct net_mqtt *m, const char *topic, const void *payload, size_t len,
                     int qos, bool retain);

/*
 * Messages passed to net_mqtt_publish() not yet acknowledged by the broker
 * (QoS 1) or written to the socket (QoS 0): the simulator's backpressure.
 */
size_t net_mqtt_unacked(const struct net_mqtt *m);

/* True when nothing waits to be written to the socket (the simulator's pacing). */
bool net_mqtt_idle(const struct net_mqtt *m);

/* Current state, since when (epoch ms) and why (sanitised; "" when no reason). */
enum net_link_state net_mqtt_state(const struct net_mqtt *m);
int64_t net_mqtt_since(const struct net_mqtt *m);
const char *net_mqtt_detail(const struct net_mqtt *m);

/* The redacted broker URL ("mqtt://ops:***@host:1883") and the client id. */
const char *net_mqtt_url(const struct net_mqtt *m);
const char *net_mqtt_client_id(const struct net_mqtt *m);

/*
 * The presence topic a client of KIND ("recorder") with PRESENCE_ID (NULL:
 * this process id) announces on this host: "parkwatch/presence/<kind>/<host>-<id>".
 * The caller frees it.
 */
char *net_mqtt_presence_topic(const char *kind, const char *presence_id);

/* "down", "connecting", "up". */
const char *net_link_state_name(enum net_link_state state);

#endif
