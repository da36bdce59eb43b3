/*
 * cmd_record.c - `parkwatch record [--client-id ID] [--stats-every S]`: the
 * headless recorder.
 *
 * MQTT in, SQLite out, until SIGINT or SIGTERM. It connects with a FIXED
 * client id ("parkwatch-record-<host>" unless --client-id), a persistent
 * session (clean_session false) and a QoS 1 subscription, so a broker with
 * persistence on queues everything published at QoS 1 while the recorder is
 * stopped or restarting, and delivers it when it is back. Recording is
 * idempotent (sensor, ts), so redeliveries change nothing.
 *
 * Every message is parsed (pw_msg_parse, limits from the config) and queued
 * in an ingest batch, valid or rejected.
 *
 * Acknowledged means committed: a QoS 1 message is acknowledged to the
 * broker (PUBACK) only after the transaction that stores it has committed
 * (net_mqtt_opts.commit, see src/net/mqtt.c for the libmosquitto side). One
 * loop pass reads what the socket has, commits it, then writes the PUBACKs.
 * The broker sends at most its in-flight window of unacknowledged messages
 * (mosquitto's max_inflight_messages, 20 by default) and then waits for
 * our PUBACKs, so the batch is committed as soon as it holds that many
 * ([mqtt] inflight_window, default 20; at high rates a read burst often
 * brings far more), or when its oldest message is LINGER_MS old: a slow
 * stream costs about 20 commits a second, not one per message. A recorder killed by SIGKILL, a crash or a power
 * cut has acknowledged nothing it had not stored: the broker redelivers
 * the rest to the same client id, and recording is idempotent.
 *
 * When the database cannot take writes (disk full, locked for longer than
 * the busy timeout), the batch in memory stays unacknowledged, the recorder
 * stops reading the socket (the broker holds the backlog; size its
 * max_queued_messages for it) and retries the commit every second; when it
 * succeeds, the PUBACKs go out and reading resumes. Both are logged.
 *
 * SIGINT, SIGTERM and SIGHUP (the SSH session of a foreground recorder
 * closed) commit what was read, leave the broker cleanly and exit 0.
 *
 * Broker down at start or later: keep retrying (backoff in src/net), log
 * each change of link state or failure reason once, exit only on a signal.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parkwatch/cli.h"
#include "parkwatch/mqtt_url.h"
#include "parkwatch/net.h"
#include "parkwatch/payload.h"
#include "parkwatch/store.h"
#include "parkwatch/store_ingest.h"
#include "parkwatch/util.h"

#define RETRY_MS 1000           /* a failed commit is retried this often */
#define LINGER_MS 50            /* the oldest uncommitted message waits at most this */
#define QUEUE_PAUSE 20000       /* stop reading the socket past this backlog (QoS 0 floods) */
#define STATS_EVERY_S 60         /* default of --stats-every */
#define LEAVE_MS 1000           /* presence offline + disconnect at exit */
#define FINAL_FLUSH_TRIES 5

struct recorder {
	struct store_ingest *ing;
	struct net_mqtt *net;
	struct pw_msg_limits lim;
	const char *prefix;
	int64_t last_flush_mono;
	int64_t last_stats_mono;
	int64_t stats_every_ms;     /* the stats line on stderr */
	bool flush_failing;         /* the last flush failed: reading paused, log recovery once */
	bool closing;               /* shutting down: commit at once */
	size_t window;              /* commit at this many uncommitted messages ([mqtt] inflight_window) */
	int64_t first_pending_mono; /* when the oldest uncommitted message was read */
	uint64_t received;
	uint64_t commits;           /* transactions that stored messages (stats) */
};

static volatile sig_atomic_t record_stop;

struct record_args {
	const char *client_id;
	long stats_every_s;
};

static int parse_args(int argc, char **argv, struct record_args *a)
{
	static const struct option opts[] = {
		{"client-id", required_argument, NULL, 'i'},
		{"stats-every", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (!*optarg || strlen(optarg) > 128)
				return pw_usage_error("record", "--client-id must be 1 to 128 bytes");
			a->client_id = optarg;
			break;
		case 's':
			if (pw_parse_long(optarg, &a->stats_every_s) < 0 || a->stats_every_s < 1 ||
			    a->stats_every_s > 86400)
				return pw_usage_error("record", "--stats-every must be 1 to 86400 seconds");
			break;
		case ':':
			return pw_usage_error("record", "option '%s' needs a value", argv[optind - 1]);
		default:
			return pw_usage_error("record", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pw_usage_error("record", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Parse and queue one message; rejections are queued too, with their reason. */
static void on_message(void *user, const struct net_mqtt_msg *msg)
{
	struct recorder *r = user;
	int64_t now = pw_now_ms();
	struct pw_msg m;
	char reason[PW_MSG_REASON_SZ];
	r->received++;
	if (store_ingest_pending(r->ing) == 0)
		r->first_pending_mono = pw_mono_ms();
	int rc = pw_msg_parse(msg->topic, msg->payload, msg->len, r->prefix, now, &r->lim, &m,
	                      reason, sizeof reason);
	if (rc == 0)
		store_ingest_add(r->ing, &m, now);
	else if (rc < 0)
		store_ingest_reject(r->ing, msg->topic, reason, msg->payload, msg->len, now);
	/* PW_MSG_CLEARED: a retained status was cleared; nothing to record. */
}

static void on_link(void *user, enum net_link_state state, int64_t since_ms, const char *detail)
{
	(void)user;
	char when[PW_TIME_BUFSZ];
	/* The detail can quote the broker (a TLS peer's name): sanitised. */
	pw_eprint_line("record: %s link %s%s%s", pw_time_iso(when, since_ms, false),
	               net_link_state_name(state), detail ? ": " : "", detail ? detail : "");
}

static void log_stats(struct recorder *r, const char *prefix, bool with_link)
{
	struct store_ingest_stats s;
	store_ingest_stats(r->ing, &s);
	fprintf(stderr,
	        "record: %s%" PRIu64 " readings, %" PRIu64 " rejected, %" PRIu64 " alarms, %" PRIu64
	        " duplicates, %" PRIu64 " events, %" PRIu64 " wind, %zu queued",
	        prefix, s.stored, s.rejected, s.alarms_raised, s.duplicates, s.events, s.wind,
	        store_ingest_pending(r->ing));
	if (s.dropped)
		fprintf(stderr, ", %" PRIu64 " DROPPED (queue full)", s.dropped);
	fprintf(stderr, ", %" PRIu64 " commits", r->commits);
	if (r->flush_failing)
		fprintf(stderr, ", reading paused (database not writable)");
	if (with_link)
		fprintf(stderr, ", link %s", net_link_state_name(net_mqtt_state(r->net)));
	fputc('\n', stderr);
}

/*
 * Write everything queued (a batch past STORE_INGEST_BATCH_MAX takes more
 * than one transaction); report a failure when it starts and when it ends.
 * Returns 0 when nothing is left uncommitted.
 */
static int flush(struct recorder *r, int64_t now_mono)
{
	r->last_flush_mono = now_mono;
	int rc = 0;
	struct store_ingest_result res = {0};
	while (rc == 0 && store_ingest_pending(r->ing) > 0) {
		rc = store_ingest_flush(r->ing, &res);
		if (rc == 0)
			r->commits++;
	}
	if (rc < 0 && !r->flush_failing) {
		pw_eprint_line("record: database write failed: %s; keeping %zu messages unacknowledged,"
		               " reading paused (the broker holds the rest), retrying",
		               store_ingest_errmsg(r->ing), res.pending);
		r->flush_failing = true;
	} else if (rc == 0 && r->flush_failing) {
		fprintf(stderr, "record: database writable again, reading resumed\n");
		r->flush_failing = false;
	}
	net_mqtt_pause_reading(r->net, r->flush_failing ||
	                                   store_ingest_pending(r->ing) >= QUEUE_PAUSE);
	return rc;
}

/*
 * When the uncommitted messages are to be committed (monotonic ms): at once
 * when they fill the broker's window (it sends no more QoS 1 until we
 * acknowledge) or we are closing; else when the oldest is LINGER_MS old, so
 * a slow stream costs a few commits a second, not one per message. A
 * failing database is retried once a RETRY_MS.
 */
static int64_t commit_due(const struct recorder *r)
{
	if (r->flush_failing)
		return r->last_flush_mono + RETRY_MS;
	if (r->closing || store_ingest_pending(r->ing) >= r->window)
		return 0;
	return r->first_pending_mono + LINGER_MS;
}

/*
 * net_mqtt_opts.commit: called before anything is written to the broker, so
 * no PUBACK leaves before its message is committed. Returns -1 (nothing is
 * written yet) until the commit is due and has succeeded.
 */
static int commit_received(void *user)
{
	struct recorder *r = user;
	if (store_ingest_pending(r->ing) == 0)
		return 0;
	int64_t now = pw_mono_ms();
	if (now < commit_due(r))
		return -1;
	return flush(r, now);
}

/* Timeout for poll(): the link's, the next commit retry, at most a second. */
static int loop_timeout(const struct recorder *r, int64_t now)
{
	int t = net_mqtt_timeout_ms(r->net, now);
	if (t < 0 || t > 1000)
		t = 1000;
	if (store_ingest_pending(r->ing) > 0) {
		int64_t due = commit_due(r) - now;
		if (due < t)
			t = due < 0 ? 0 : (int)due;
	}
	return t;
}

/* One pass: read what the socket has, commit it, then acknowledge it. */
static void one_pass(struct recorder *r)
{
	int64_t now = pw_mono_ms();
	struct pollfd pfd;
	int n = net_mqtt_pollfd(r->net, &pfd);
	if (poll(&pfd, (nfds_t)n, loop_timeout(r, now)) < 0 && errno != EINTR)
		return;
	now = pw_mono_ms();
	if (n)
		net_mqtt_handle(r->net, pfd.revents, now);
	net_mqtt_service(r->net, now);
	/* Commit (or retry, once a second) and send the PUBACKs at once. */
	if (commit_received(r) == 0)
		net_mqtt_on_writable(r->net, now);
	/* Comm faults, unshelving, retention: at most once a second inside. */
	if (store_ingest_tick(r->ing, pw_now_ms(), NULL) < 0 && !r->flush_failing)
		fprintf(stderr, "record: periodic work failed: %s\n", store_ingest_errmsg(r->ing));
	if (now - r->last_stats_mono >= r->stats_every_ms) {
		r->last_stats_mono = now;
		log_stats(r, "", true);
	}
}

/*
 * Leave the broker cleanly (what arrives meanwhile is committed before it
 * is acknowledged), then write what is left, retrying a busy database.
 * Whatever still cannot be written was never acknowledged: the broker
 * delivers it again to this client id.
 */
static int shut_down(struct recorder *r)
{
	r->closing = true;
	r->last_flush_mono = pw_mono_ms() - RETRY_MS;   /* one more try at once */
	net_mqtt_close(r->net, LEAVE_MS);
	int rc = 0;
	for (int i = 0; i < FINAL_FLUSH_TRIES && store_ingest_pending(r->ing) > 0; i++) {
		rc = flush(r, pw_mono_ms());
		if (rc == 0)
			break;
		sleep(1);
	}
	if (store_ingest_pending(r->ing) > 0) {
		pw_error("record", "%zu messages could not be written (not acknowledged: the broker"
		         " keeps them for client id %s): %s", store_ingest_pending(r->ing),
		         net_mqtt_client_id(r->net), store_ingest_errmsg(r->ing));
		return PW_EXIT_FAIL;
	}
	log_stats(r, "stopped: ", false);
	return PW_EXIT_OK;
}

static int record_run(struct pw_ctx *ctx, struct pw_store *st, const char *client_id,
                      long stats_every_s)
{
	struct recorder r = {
		.prefix = ctx->cfg.topic_prefix ? ctx->cfg.topic_prefix : "park",
		.stats_every_ms = stats_every_s * 1000,
		.window = ctx->cfg.inflight_window > 0 ? (size_t)ctx->cfg.inflight_window : 20,
	};
	pw_msg_limits_from_config(&r.lim, &ctx->cfg);
	r.ing = store_ingest_new(st, &ctx->cfg);
	struct net_mqtt_opts no = {
		.kind = CLI_RECORDER_KIND, .url = ctx->broker_url, .cfg = &ctx->cfg,
		.client_id = client_id, .presence_id = CLI_RECORDER_PRESENCE_ID, .persistent = true,
		.subscribe = true, .sub_qos = 1,
		.on_message = on_message, .commit = commit_received, .on_link = on_link, .user = &r,
	};
	char *url = pw_mqtt_url_redact(ctx->broker_url);
	pw_eprint_line("record: broker %s, client id %s, database %s", url, client_id, store_path(st));
	free(url);
	char *err = NULL;
	r.net = net_mqtt_new(&no, &err);
	if (!r.net) {
		pw_error("record", "%s", err);
		free(err);
		store_ingest_free(r.ing);
		return PW_EXIT_FAIL;
	}
	r.last_flush_mono = r.last_stats_mono = pw_mono_ms();
	while (!record_stop)
		one_pass(&r);
	int rc = shut_down(&r);
	net_mqtt_free(r.net);
	store_ingest_free(r.ing);
	return rc;
}

int cmd_record(struct pw_ctx *ctx, int argc, char **argv)
{
	struct record_args a = {.stats_every_s = STATS_EVERY_S};
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	char *def_id = NULL;
	const char *client_id = a.client_id;
	if (!client_id)
		client_id = def_id = xasprintf("parkwatch-record-%s", pw_hostname());
	struct pw_store *st = NULL;
	char *err = NULL;
	if (store_open(&st, ctx->db_path, 0, &err) < 0) {
		pw_error("open database", "%s", err);
		free(err);
		free(def_id);
		return PW_EXIT_FAIL;
	}
	cli_catch_stop_signals(&record_stop);
	rc = record_run(ctx, st, client_id, a.stats_every_s);
	store_close(st);
	free(def_id);
	return rc;
}
