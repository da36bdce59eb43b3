/*
 * mqtt.c - the MQTT link on libmosquitto, driven by the caller's poll loop.
 *
 * libmosquitto is used without its threads: mosquitto_loop_read/write/misc
 * are called from here when the caller's poll() says so, and reconnecting is
 * ours (libmosquitto's own reconnect logic lives in mosquitto_loop_forever,
 * which blocks). Callbacks from libmosquitto run synchronously inside those
 * calls and only record what happened; the link state is reported to the
 * caller from link_report().
 *
 * Acknowledging only what is committed (opts->commit, the recorder). What
 * libmosquitto 2.0 does, read in its source at tag v2.0.11 (Debian 12):
 *   - lib/handle_publish.c handle__publish(), QoS 1: send__puback() is
 *     called BEFORE on_message, i.e. the PUBACK is produced as the message
 *     is read, not when the application has stored it.
 *   - lib/send_mosq.c send__command_with_mid() -> lib/packet_mosq.c
 *     packet__queue(): the packet is appended to mosq->out_packet and
 *     written at once (packet__write) only when
 *     `in_callback == false && threaded == mosq_ts_none`; otherwise it stays
 *     queued. mosquitto_threaded_set(mosq, true) (lib/thread_mosq.c) sets
 *     threaded = mosq_ts_external, which starts no thread.
 *   - packet__write() is called from exactly two places: packet__queue()
 *     above and lib/loop.c mosquitto_loop_write(). So with threaded set,
 *     nothing reaches the socket until we call mosquitto_loop_write(), and
 *     the queue is FIFO: PUBACKs go out in the order the messages were read,
 *     ahead of any later PINGREQ, PUBLISH or DISCONNECT.
 *   - lib/connect.c mosquitto__reconnect() calls packet__cleanup_all(): a
 *     queued PUBACK that was never written is dropped on reconnect, so the
 *     broker (persistent session) redelivers that message. Nothing is lost,
 *     at worst stored twice, which recording ignores (sensor, ts).
 *   - packet__queue() also writes one byte to an internal socketpair per
 *     packet to wake a select() loop we do not run; it is non-blocking
 *     (net__socketpair) and simply fills up, harmless.
 * So: read, commit, then write. Every write first asks opts->commit()
 * (write_allowed()); when it fails (database full or locked) nothing is
 * written, so the broker never counts an uncommitted message as delivered.
 * The broker sends at most its in-flight window of unacknowledged QoS 1
 * messages (mosquitto: max_inflight_messages, default 20, for MQTT 3.1.1
 * clients, src/context.c; MOSQ_OPT_RECEIVE_MAXIMUM is only sent in an
 * MQTT 5 CONNECT, lib/send_connect.c, where the broker would take it as the
 * window, src/property_broker.c; we speak 3.1.1), then waits for our
 * PUBACKs: the caller commits when its batch reaches that window (or has
 * waited long enough). Observed with mosquitto 2.0.11: a client that never
 * acknowledges gets exactly 20; once a backlog is queued, bursts of
 * hundreds arrive between our acknowledgements.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mosquitto.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "parkwatch/config.h"
#include "parkwatch/mqtt_url.h"
#include "parkwatch/net.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define STABLE_UP_MS 10000      /* up this long: the next loss retries quickly again */
#define CONNECT_TIMEOUT_MS 10000
#define SERVICE_MAX_MS 1000     /* keepalive bookkeeping at least once a second */
#define READ_BUDGET 2000        /* packets per readable event before yielding */
#define DETAIL_SZ 160

struct net_mqtt {
	struct mosquitto *mosq;
	struct pw_mqtt_url url;
	char *url_redacted;
	char *client_id;
	char *presence_topic;
	char *sub_topic;
	int keepalive;
	bool subscribe;
	int sub_qos;

	enum net_link_state state;
	int64_t since_ms;           /* wall clock of the last state change */
	char detail[DETAIL_SZ];     /* reason shown with the state */
	char reason[DETAIL_SZ];     /* why the current attempt failed, found by a callback */
	bool in_attempt;            /* a socket exists: connecting or connected */
	bool ever_connected_call;   /* mosquitto_connect_async succeeded once: use reconnect */
	int attempts;               /* consecutive failures, for the backoff */
	int64_t attempt_mono;       /* when the current attempt started */
	int64_t up_mono;            /* when the link came up */
	int64_t next_try_mono;      /* when DOWN: the next attempt */
	bool read_more;             /* read budget ran out with data possibly buffered */
	bool paused;                /* the caller cannot store: do not read while up */
	char *watch_topic;          /* a second subscription (presence of others), or NULL */

	bool closing, closed;
	size_t unacked;             /* our publishes not yet acknowledged (QoS 1) or written (QoS 0) */
	int online_mid;
	int sub_mid;                /* our SUBSCRIBE: the link is up once it is granted */
	int offline_mid;
	bool offline_acked;

	struct pw_rng rng;
	void (*on_message)(void *user, const struct net_mqtt_msg *msg);
	int (*commit)(void *user);  /* NULL: write at once; else see the top of this file */
	void (*on_link)(void *user, enum net_link_state state, int64_t since_ms, const char *detail);
	void *user;
};

static int lib_users;

const char *net_link_state_name(enum net_link_state state)
{
	switch (state) {
	case NET_LINK_UP:
		return "up";
	case NET_LINK_CONNECTING:
		return "connecting";
	case NET_LINK_DOWN:
		break;
	}
	return "down";
}

/* Copy sanitised TEXT into a DETAIL_SZ buffer. */
static void set_text(char *dst, const char *text)
{
	char *clean = pw_sanitize(text ? text : "", text ? strlen(text) : 0);
	size_t n = pw_text_prefix(clean, DETAIL_SZ / 2);
	if (n >= DETAIL_SZ)
		n = DETAIL_SZ - 1;
	memcpy(dst, clean, n);
	dst[n] = '\0';
	free(clean);
}

/* Set state and detail; tell the caller when either changed. */
static void link_report(struct net_mqtt *m, enum net_link_state state, const char *detail)
{
	char buf[DETAIL_SZ];
	set_text(buf, detail);
	if (state == m->state && strcmp(buf, m->detail) == 0)
		return;
	if (state != m->state)
		m->since_ms = pw_now_ms();
	m->state = state;
	memcpy(m->detail, buf, sizeof buf);
	if (m->on_link)
		m->on_link(m->user, state, m->since_ms, m->detail[0] ? m->detail : NULL);
}

/* Delay before the next attempt: 0.5 s doubling to 30 s, drawn from [d/2, d]. */
static int64_t backoff_ms(struct net_mqtt *m)
{
	int64_t d = BACKOFF_MIN_MS;
	for (int i = 0; i < m->attempts && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	return d / 2 + (int64_t)(pw_rng_unit(&m->rng) * (double)(d / 2));
}

/*
 * The current attempt or connection is over (WHY says why). Schedules the
 * next attempt; a link that was up long enough starts the backoff afresh.
 */
static void link_lost(struct net_mqtt *m, int64_t now, const char *why)
{
	bool was_up = m->state == NET_LINK_UP;
	m->in_attempt = false;
	m->read_more = false;
	if (m->closing) {
		m->state = NET_LINK_DOWN;
		return;
	}
	if (was_up && now - m->up_mono >= STABLE_UP_MS)
		m->attempts = 0;
	m->next_try_mono = now + backoff_ms(m);
	if (m->attempts < 30)
		m->attempts++;
	link_report(m, NET_LINK_DOWN, m->reason[0] ? m->reason : why);
}

/* A libmosquitto return code (and errno, for MOSQ_ERR_ERRNO) in words. */
static void rc_text(char *buf, size_t sz, int rc, int err)
{
	switch (rc) {
	case MOSQ_ERR_ERRNO:
		snprintf(buf, sz, "%s", err ? strerror(err) : "system error");
		break;
	case MOSQ_ERR_EAI:
		snprintf(buf, sz, "cannot resolve the broker's host name");
		break;
	case MOSQ_ERR_TLS:
	case MOSQ_ERR_TLS_HANDSHAKE:
		snprintf(buf, sz, "TLS handshake failed");
		break;
	case MOSQ_ERR_KEEPALIVE:
		snprintf(buf, sz, "broker stopped answering (keepalive timeout)");
		break;
	case MOSQ_ERR_CONN_LOST:
		snprintf(buf, sz, "connection lost");
		break;
	case MOSQ_ERR_SUCCESS:
		snprintf(buf, sz, "disconnected");
		break;
	default:
		snprintf(buf, sz, "%s", mosquitto_strerror(rc));
		break;
	}
}

static void cb_connect(struct mosquitto *mosq, void *obj, int rc)
{
	struct net_mqtt *m = obj;
	if (rc != 0) {
		/* The disconnect that follows reports it; keep the broker's reason. */
		/* "Connection Refused: not authorised." -> "connection refused: not authorised" */
		const char *why = mosquitto_connack_string(rc);
		const char *colon = strchr(why, ':');
		char buf[DETAIL_SZ];
		snprintf(buf, sizeof buf, "connection refused: %s", colon ? colon + 2 : why);
		size_t n = strlen(buf);
		if (n > 0 && buf[n - 1] == '.')
			buf[n - 1] = '\0';
		set_text(m->reason, buf);
		return;
	}
	m->up_mono = pw_mono_ms();
	m->reason[0] = '\0';
	m->unacked = 0;   /* a new session: what was pending is libmosquitto's to resend */
	mosquitto_publish(mosq, &m->online_mid, m->presence_topic, 6, "online", 1, true);
	if (m->watch_topic)
		mosquitto_subscribe(mosq, NULL, m->watch_topic, 1);
	/*
	 * Up only once the broker granted the subscription: a message published
	 * before that would not reach a new session, and a caller waiting for
	 * "up" must be able to rely on it.
	 */
	if (!m->subscribe || mosquitto_subscribe(mosq, &m->sub_mid, m->sub_topic, m->sub_qos) !=
	                         MOSQ_ERR_SUCCESS)
		link_report(m, NET_LINK_UP, m->subscribe ? "cannot subscribe" : NULL);
}

static void cb_subscribe(struct mosquitto *mosq, void *obj, int mid, int qos_count,
                         const int *granted_qos)
{
	(void)mosq;
	struct net_mqtt *m = obj;
	if (mid != m->sub_mid)
		return;
	char buf[DETAIL_SZ] = "";
	if (qos_count < 1 || granted_qos[0] > 2)
		snprintf(buf, sizeof buf, "the broker refused the subscription to %s (ACL?)",
		         m->sub_topic);
	link_report(m, NET_LINK_UP, buf[0] ? buf : NULL);
}

static void cb_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
	(void)mosq;
	struct net_mqtt *m = obj;
	int err = errno;
	char buf[DETAIL_SZ];
	rc_text(buf, sizeof buf, rc, err);
	link_lost(m, pw_mono_ms(), buf);
}

static void cb_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg)
{
	(void)mosq;
	struct net_mqtt *m = obj;
	if (!m->on_message || !msg->topic)
		return;
	struct net_mqtt_msg nm = {
		.topic = msg->topic,
		.payload = msg->payload,
		.len = msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0,
		.qos = msg->qos,
		.retained = msg->retain,
	};
	m->on_message(m->user, &nm);
}

static void cb_publish(struct mosquitto *mosq, void *obj, int mid)
{
	(void)mosq;
	struct net_mqtt *m = obj;
	if (m->closing && mid == m->offline_mid)
		m->offline_acked = true;
	else if (mid == m->online_mid)
		m->online_mid = 0;   /* mids start at 1: 0 matches nothing */
	else if (m->unacked > 0)
		m->unacked--;
}

/*
 * libmosquitto explains TLS failures only through its log ("OpenSSL
 * Error[0]: error:0A000086:SSL routines::certificate verify failed"): keep
 * the last clause as the attempt's reason.
 */
static void cb_log(struct mosquitto *mosq, void *obj, int level, const char *str)
{
	struct net_mqtt *m = obj;
	if (level != MOSQ_LOG_ERR || !str || m->reason[0])
		return;
	if (strstr(str, "OpenSSL Error")) {
		const char *tail = strrchr(str, ':');
		char buf[DETAIL_SZ];
		snprintf(buf, sizeof buf, "TLS: %s", tail && tail[1] ? tail + 1 : str);
		/*
		 * "certificate verify failed" alone does not tell an operator
		 * whether to fix the CA file, renew the broker's certificate or
		 * use another host name: add which check failed.
		 */
		SSL *ssl = mosquitto_ssl_get(mosq);
		long vr = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
		if (vr != X509_V_OK && strstr(str, "certificate verify failed")) {
			size_t n = strlen(buf);
			/*
			 * libmosquitto checks the host name in its own verify
			 * callback and fails without an error code, which
			 * OpenSSL then reports as "unspecified".
			 */
			if (vr == X509_V_ERR_UNSPECIFIED)
				snprintf(buf, sizeof buf, "TLS: host name mismatch, certificate not for %s",
				         m->url.host);
			else
				snprintf(buf + n, sizeof buf - n, " (%s)", X509_verify_cert_error_string(vr));
		}
		set_text(m->reason, buf);
	}
}

/* Start one connection attempt; failures that show at once are reported. */
static void attempt_start(struct net_mqtt *m, int64_t now)
{
	m->reason[0] = '\0';
	m->attempt_mono = now;
	errno = 0;
	int rc;
	if (m->ever_connected_call) {
		rc = mosquitto_reconnect_async(m->mosq);
	} else {
		rc = mosquitto_connect_async(m->mosq, m->url.host, m->url.port, m->keepalive);
		if (rc != MOSQ_ERR_INVAL && rc != MOSQ_ERR_NOMEM)
			m->ever_connected_call = true;
	}
	int err = errno;
	if (rc == MOSQ_ERR_SUCCESS) {
		m->in_attempt = true;
		if (m->state != NET_LINK_DOWN)
			link_report(m, NET_LINK_CONNECTING, NULL);
		return;
	}
	char buf[DETAIL_SZ];
	rc_text(buf, sizeof buf, rc, err);
	link_lost(m, now, buf);
}

/* Credentials: URL, else config, else environment. */
static int set_credentials(struct net_mqtt *m, const struct pw_config *cfg, char **err)
{
	const char *user = m->url.username, *pass = m->url.password;
	if (!user && cfg && cfg->username && *cfg->username) {
		user = cfg->username;
		pass = cfg->password;
	}
	if (!user) {
		const char *eu = getenv("PARKWATCH_MQTT_USERNAME");
		if (eu && *eu) {
			user = eu;
			pass = getenv("PARKWATCH_MQTT_PASSWORD");
		}
	}
	if (!user)
		return 0;
	if (mosquitto_username_pw_set(m->mosq, user, pass) != MOSQ_ERR_SUCCESS) {
		*err = xstrdup("cannot set the MQTT user name and password");
		return -1;
	}
	return 0;
}

/* Never prompt for a key passphrase on the operator's terminal. */
static int no_passphrase(char *buf, int size, int rwflag, void *userdata)
{
	(void)buf; (void)size; (void)rwflag; (void)userdata;
	return 0;
}

static int set_tls(struct net_mqtt *m, const struct pw_config *cfg, char **err)
{
	if (!m->url.tls)
		return 0;
	const char *cafile = cfg && cfg->cafile && *cfg->cafile ? cfg->cafile : NULL;
	const char *capath = cfg && cfg->capath && *cfg->capath ? cfg->capath : NULL;
	const char *cert = cfg && cfg->certfile && *cfg->certfile ? cfg->certfile : NULL;
	const char *key = cfg && cfg->keyfile && *cfg->keyfile ? cfg->keyfile : NULL;
	if ((cert == NULL) != (key == NULL)) {
		*err = xstrdup("TLS: [mqtt] certfile and keyfile must be given together");
		return -1;
	}
	if (!cafile && !capath) {
		/* The system's trust store (Debian: ca-certificates). */
		mosquitto_int_option(m->mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
		capath = "/etc/ssl/certs";
	}
	int rc = mosquitto_tls_set(m->mosq, cafile, capath, cert, key, no_passphrase);
	if (rc != MOSQ_ERR_SUCCESS) {
		*err = xasprintf("TLS: cannot use %s%s%s: %s", cafile ? "cafile " : "capath ",
		                 cafile ? cafile : capath, cert ? " (or certfile/keyfile)" : "",
		                 rc == MOSQ_ERR_INVAL ? "file not readable" : mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

/* Replace characters that are not safe in one topic level or client id. */
static char *safe_token(const char *s)
{
	char *t = xstrdup(s && *s ? s : "unknown");
	for (char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			*p = '_';
	return t;
}

char *net_mqtt_presence_topic(const char *kind, const char *presence_id)
{
	char *host = safe_token(pw_hostname());
	char *k = safe_token(kind ? kind : "client");
	char *pid = xasprintf("%ld", (long)getpid());
	char *pres = safe_token(presence_id ? presence_id : pid);
	char *topic = xasprintf("parkwatch/presence/%s/%s-%s", k, host, pres);
	free(host);
	free(k);
	free(pid);
	free(pres);
	return topic;
}

static void set_identity(struct net_mqtt *m, const struct net_mqtt_opts *o)
{
	char *host = safe_token(pw_hostname());
	char *kind = safe_token(o->kind ? o->kind : "client");
	char *pid = xasprintf("%ld", (long)getpid());
	char *pres = safe_token(o->presence_id ? o->presence_id : pid);
	m->client_id = o->client_id && *o->client_id
	                   ? xstrdup(o->client_id)
	                   : xasprintf("parkwatch-%s-%s-%s", kind, host, pid);
	m->presence_topic = net_mqtt_presence_topic(o->kind, o->presence_id);
	const char *prefix = o->cfg && o->cfg->topic_prefix && *o->cfg->topic_prefix
	                         ? o->cfg->topic_prefix : "park";
	m->sub_topic = xasprintf("%s/#", prefix);
	free(host);
	free(kind);
	free(pid);
	free(pres);
}

/* Everything net_mqtt_new() sets on the mosquitto object before connecting. */
static int configure(struct net_mqtt *m, const struct net_mqtt_opts *o, char **err)
{
	m->mosq = mosquitto_new(m->client_id, !o->persistent, m);
	if (!m->mosq) {
		*err = xasprintf("cannot create the MQTT client: %s", strerror(errno));
		return -1;
	}
	mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
	/* Queue every outgoing packet until mosquitto_loop_write(): see the top. */
	if (m->commit && mosquitto_threaded_set(m->mosq, true) != MOSQ_ERR_SUCCESS) {
		*err = xstrdup("cannot hold acknowledgements until messages are stored");
		return -1;
	}
	mosquitto_connect_callback_set(m->mosq, cb_connect);
	mosquitto_disconnect_callback_set(m->mosq, cb_disconnect);
	mosquitto_message_callback_set(m->mosq, cb_message);
	mosquitto_publish_callback_set(m->mosq, cb_publish);
	mosquitto_subscribe_callback_set(m->mosq, cb_subscribe);
	mosquitto_log_callback_set(m->mosq, cb_log);
	if (mosquitto_will_set(m->mosq, m->presence_topic, 7, "offline", 1, true) != MOSQ_ERR_SUCCESS) {
		*err = xstrdup("cannot set the presence last will");
		return -1;
	}
	if (set_credentials(m, o->cfg, err) < 0 || set_tls(m, o->cfg, err) < 0)
		return -1;
	return 0;
}

struct net_mqtt *net_mqtt_new(const struct net_mqtt_opts *o, char **err)
{
	*err = NULL;
	struct net_mqtt *m = xcalloc(1, sizeof *m);
	char *why = NULL;
	if (pw_mqtt_url_parse(o->url, &m->url, &why) < 0) {
		char *red = pw_mqtt_url_redact(o->url);
		*err = xasprintf("broker URL '%s': %s", red, why);
		free(red);
		free(why);
		free(m);
		return NULL;
	}
	if (o->persistent && !(o->client_id && *o->client_id)) {
		*err = xstrdup("a persistent session needs a fixed client id");
		pw_mqtt_url_free(&m->url);
		free(m);
		return NULL;
	}
	if (lib_users++ == 0)
		mosquitto_lib_init();
	m->url_redacted = pw_mqtt_url_redact(o->url);
	m->keepalive = o->cfg && o->cfg->keepalive_s >= 5 ? o->cfg->keepalive_s : 30;
	m->subscribe = o->subscribe;
	m->sub_qos = o->sub_qos == 0 ? 0 : 1;
	m->on_message = o->on_message;
	m->commit = o->commit;
	m->watch_topic = o->watch_topic && *o->watch_topic ? xstrdup(o->watch_topic) : NULL;
	m->on_link = o->on_link;
	m->user = o->user;
	m->state = NET_LINK_CONNECTING;
	m->since_ms = pw_now_ms();
	pw_rng_seed(&m->rng, (uint64_t)pw_now_ms() ^ ((uint64_t)getpid() << 32));
	set_identity(m, o);
	if (configure(m, o, err) < 0) {
		net_mqtt_free(m);
		return NULL;
	}
	attempt_start(m, pw_mono_ms());
	return m;
}

void net_mqtt_free(struct net_mqtt *m)
{
	if (!m)
		return;
	if (m->mosq)
		mosquitto_destroy(m->mosq);
	if (--lib_users == 0)
		mosquitto_lib_cleanup();
	pw_mqtt_url_free(&m->url);
	free(m->url_redacted);
	free(m->client_id);
	free(m->presence_topic);
	free(m->sub_topic);
	free(m->watch_topic);
	free(m);
}

int net_mqtt_fd(const struct net_mqtt *m)
{
	if (!m || !m->in_attempt || m->closed)
		return -1;
	return mosquitto_socket(m->mosq);
}

bool net_mqtt_want_write(const struct net_mqtt *m)
{
	return net_mqtt_fd(m) >= 0 && mosquitto_want_write(m->mosq);
}

/* May the queue be written now? Only once the caller has committed what it read. */
static bool write_allowed(const struct net_mqtt *m)
{
	return !m->commit || m->commit(m->user) == 0;
}

/* Not reading: the caller paused us, and the link is up (a connect still needs its CONNACK). */
static bool read_paused(const struct net_mqtt *m)
{
	return m->paused && m->state == NET_LINK_UP;
}

int net_mqtt_pollfd(const struct net_mqtt *m, struct pollfd *pfd)
{
	int fd = net_mqtt_fd(m);
	if (fd < 0)
		return 0;
	pfd->fd = fd;
	pfd->events = (read_paused(m) ? 0 : POLLIN) |
	              (mosquitto_want_write(m->mosq) && write_allowed(m) ? POLLOUT : 0);
	pfd->revents = 0;
	return 1;
}

void net_mqtt_pause_reading(struct net_mqtt *m, bool paused)
{
	if (m)
		m->paused = paused;
}

void net_mqtt_on_readable(struct net_mqtt *m, int64_t now)
{
	if (read_paused(m))
		return;   /* read_more stays: reading resumes where it stopped */
	m->read_more = false;
	/*
	 * mosquitto_loop_read() reads about one packet per call; keep reading
	 * until the socket is drained (EAGAIN), so a burst is not spread over
	 * many poll() passes. The budget keeps the caller's loop responsive.
	 */
	for (int i = 0; i < READ_BUDGET; i++) {
		if (net_mqtt_fd(m) < 0)
			return;
		if (read_paused(m)) {   /* the SUBACK just brought the link up, paused */
			m->read_more = true;
			return;
		}
		errno = 0;
		int rc = mosquitto_loop_read(m->mosq, 1);
		int err = errno;
		if (rc != MOSQ_ERR_SUCCESS) {
			/* Normally cb_disconnect already reported it. */
			if (m->in_attempt) {
				char buf[DETAIL_SZ];
				rc_text(buf, sizeof buf, rc, err);
				link_lost(m, now, buf);
			}
			return;
		}
		if (err == EAGAIN || err == EWOULDBLOCK)
			return;
	}
	m->read_more = true;
}

void net_mqtt_on_writable(struct net_mqtt *m, int64_t now)
{
	if (net_mqtt_fd(m) < 0 || !mosquitto_want_write(m->mosq) || !write_allowed(m))
		return;
	errno = 0;
	int rc = mosquitto_loop_write(m->mosq, 1);
	int err = errno;
	if (rc != MOSQ_ERR_SUCCESS && m->in_attempt) {
		char buf[DETAIL_SZ];
		rc_text(buf, sizeof buf, rc, err);
		link_lost(m, now, buf);
	}
}

void net_mqtt_handle(struct net_mqtt *m, short revents, int64_t now)
{
	if (revents & (POLLIN | POLLHUP | POLLERR))
		net_mqtt_on_readable(m, now);
	if ((revents & POLLOUT) && net_mqtt_fd(m) >= 0)
		net_mqtt_on_writable(m, now);
	if ((revents & POLLNVAL) && m->in_attempt)
		link_lost(m, now, "socket closed");
}

void net_mqtt_service(struct net_mqtt *m, int64_t now)
{
	if (!m || m->closed)
		return;
	if (m->read_more && !read_paused(m))
		net_mqtt_on_readable(m, now);
	if (m->in_attempt && m->state == NET_LINK_UP) {
		int rc = mosquitto_loop_misc(m->mosq);
		if (rc != MOSQ_ERR_SUCCESS && m->in_attempt)
			link_lost(m, now, "connection lost");
	} else if (m->in_attempt) {
		if (now - m->attempt_mono >= CONNECT_TIMEOUT_MS) {
			char buf[DETAIL_SZ];
			snprintf(buf, sizeof buf, "connect to %s:%d timed out", m->url.host, m->url.port);
			link_lost(m, now, buf);
		}
	} else if (now >= m->next_try_mono) {
		attempt_start(m, now);
	}
}

int net_mqtt_timeout_ms(const struct net_mqtt *m, int64_t now)
{
	if (!m || m->closed)
		return -1;
	if (m->read_more && !read_paused(m))
		return 0;
	int64_t t = SERVICE_MAX_MS;
	if (m->in_attempt && m->state != NET_LINK_UP)
		t = m->attempt_mono + CONNECT_TIMEOUT_MS - now;
	else if (!m->in_attempt)
		t = m->next_try_mono - now;
	if (t > SERVICE_MAX_MS)
		t = SERVICE_MAX_MS;
	return t < 0 ? 0 : (int)t;
}

int net_mqtt_publish(struct net_mqtt *m, const char *topic, const void *payload, size_t len,
                     int qos, bool retain)
{
	if (!m || m->closed || m->state != NET_LINK_UP || len > 268435455u)
		return -1;
	/* Counted first: a QoS 0 message written at once is "published" inside the call. */
	m->unacked++;
	int rc = mosquitto_publish(m->mosq, NULL, topic, (int)len, payload, qos ? 1 : 0, retain);
	if (rc != MOSQ_ERR_SUCCESS) {
		m->unacked--;
		return -1;
	}
	return 0;
}

size_t net_mqtt_unacked(const struct net_mqtt *m)
{
	return m ? m->unacked : 0;
}

bool net_mqtt_idle(const struct net_mqtt *m)
{
	return !net_mqtt_want_write(m);
}

/* Run the socket until DONE(m) or DEADLINE (monotonic ms) or the link is gone. */
static void pump(struct net_mqtt *m, int64_t deadline, bool (*done)(const struct net_mqtt *))
{
	for (;;) {
		int64_t now = pw_mono_ms();
		struct pollfd pfd;
		if (done(m) || now >= deadline || !net_mqtt_pollfd(m, &pfd))
			return;
		int64_t wait = deadline - now;
		if (poll(&pfd, 1, wait > 50 ? 50 : (int)wait) > 0)
			net_mqtt_handle(m, pfd.revents, pw_mono_ms());
	}
}

/*
 * The end of a close for a caller that stopped reading (see
 * net_mqtt_close()). libmosquitto closes its descriptor as soon as the
 * DISCONNECT is written, and closing a socket with unread data sends a
 * reset, which can make the broker drop what it had not read yet: the
 * DISCONNECT, so that it publishes the will. FD is a duplicate taken before
 * the DISCONNECT, which keeps the socket open: say we are done writing,
 * read and discard until the broker closes its side (or DEADLINE), then
 * close. What is discarded was never acknowledged; the broker delivers it
 * again to this session.
 */
static void close_after_broker(int fd, int64_t deadline)
{
	char buf[4096];
	if (shutdown(fd, SHUT_WR) == 0) {
		for (;;) {
			int64_t wait = deadline - pw_mono_ms();
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			if (wait <= 0 || poll(&pfd, 1, (int)wait) <= 0)
				break;
			ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
				break;
		}
	}
	close(fd);
}

static bool offline_done(const struct net_mqtt *m)
{
	return m->offline_acked;
}

static bool all_acked(const struct net_mqtt *m)
{
	return m->unacked == 0;
}

static bool write_done(const struct net_mqtt *m)
{
	return !mosquitto_want_write(m->mosq);
}

void net_mqtt_close(struct net_mqtt *m, int timeout_ms)
{
	if (!m || m->closed)
		return;
	int64_t deadline = pw_mono_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	m->closing = true;
	if (m->state == NET_LINK_UP && m->in_attempt) {
		/* Our own messages first (the simulator's QoS 1 backlog), then presence. */
		pump(m, deadline - (timeout_ms > 0 ? timeout_ms / 4 : 0), all_acked);
		/*
		 * Clear our retained "online" (an empty retained message deletes
		 * it), so clean exits leave no topic behind, then say "offline"
		 * to whoever is listening, not retained. Only a crash leaves the
		 * retained will "offline".
		 */
		int mid = 0;
		/*
		 * A caller that commits before it acknowledges (the recorder)
		 * stops reading here: under a stream, every read would be one
		 * more commit before the next write, and the deadline could pass
		 * before the DISCONNECT leaves, so that the broker would publish
		 * the will. What it does not read is never acknowledged and is
		 * delivered again to its session. The broker handles our packets
		 * in order, so the DISCONNECT written after them is enough, if the
		 * socket is then closed without a reset (close_after_broker()).
		 */
		bool wait_offline = !m->commit;
		if (!wait_offline)
			m->paused = true;
		mosquitto_publish(m->mosq, NULL, m->presence_topic, 0, NULL, 1, true);
		if (mosquitto_publish(m->mosq, &mid, m->presence_topic, 7, "offline", 1, false) ==
		    MOSQ_ERR_SUCCESS && wait_offline) {
			m->offline_mid = mid;
			pump(m, deadline, offline_done);
		}
		int keep = wait_offline ? -1 : dup(mosquitto_socket(m->mosq));
		if (m->in_attempt && mosquitto_disconnect(m->mosq) == MOSQ_ERR_SUCCESS)
			pump(m, deadline, write_done);
		if (keep >= 0)
			close_after_broker(keep, deadline);
	}
	m->in_attempt = false;
	m->closed = true;
	m->state = NET_LINK_DOWN;
}

enum net_link_state net_mqtt_state(const struct net_mqtt *m)
{
	return m->state;
}

int64_t net_mqtt_since(const struct net_mqtt *m)
{
	return m->since_ms;
}

const char *net_mqtt_detail(const struct net_mqtt *m)
{
	return m->detail;
}

const char *net_mqtt_url(const struct net_mqtt *m)
{
	return m->url_redacted;
}

const char *net_mqtt_client_id(const struct net_mqtt *m)
{
	return m->client_id;
}
