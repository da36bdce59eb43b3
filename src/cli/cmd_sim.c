/*
 * cmd_sim.c - `parkwatch sim [--rate R] [--duration S] [--scenario NAME]
 * [--seed S] [--qos 0|1]`: publish simulated gateway traffic for the seeded
 * park (the model is in src/core/sim.c).
 *
 * Pacing: message i is due at i / rate seconds after the link came up;
 * whatever is due is sent in one burst per loop pass, and a sender that falls
 * more than a second behind (slow broker, link down) restarts its schedule
 * instead of flooding to catch up. The sequence of topics and values depends
 * only on the park, the scenario and the seed, never on timing.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/net.h"
#include "parkwatch/sim.h"
#include "parkwatch/store.h"
#include "parkwatch/store_simdata.h"
#include "parkwatch/util.h"

#define BURST_MAX 1000          /* messages per loop pass at most */
#define BEHIND_MAX_MS 1000      /* further behind than this: restart the schedule */
#define UNACKED_MAX 1000        /* QoS 1 messages in flight before we wait for the broker */

struct sim_args {
	double rate;
	double duration_s;          /* 0: until SIGINT/SIGTERM */
	enum pw_sim_scenario scenario;
	uint64_t seed;
	int qos;
};

struct sim_run {
	struct net_mqtt *net;
	struct pw_sim *sim;
	int qos;
	double interval_ms;
	bool pacing;                /* schedule running (link up) */
	int64_t base_mono;          /* schedule origin */
	uint64_t base_count;        /* messages due since the origin that were handled */
	struct pw_sim_msg pending;  /* produced but not yet accepted by the link */
	bool has_pending;
	bool ever_up;
	uint64_t sent, by_kind[4];
	size_t unacked_at_exit;     /* handed to libmosquitto, never acknowledged */
};

static volatile sig_atomic_t sim_stop;

static int parse_args(int argc, char **argv, struct sim_args *a)
{
	static const struct option opts[] = {
		{"rate", required_argument, NULL, 'r'},
		{"duration", required_argument, NULL, 'd'},
		{"scenario", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'S'},
		{"qos", required_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	int c;
	long l;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (pw_parse_double(optarg, &a->rate) < 0 || !(a->rate > 0) || a->rate > 100000)
				return pw_usage_error("sim", "--rate must be a number of messages per second, 0 < R <= 100000");
			break;
		case 'd':
			if (pw_parse_double(optarg, &a->duration_s) < 0 || a->duration_s < 0 ||
			    a->duration_s > 1e7)
				return pw_usage_error("sim", "--duration must be a number of seconds (0 = until interrupted)");
			break;
		case 's':
			if (pw_sim_scenario_parse(optarg, &a->scenario) < 0)
				return pw_usage_error("sim", "unknown scenario '%s' (normal, ammonia-leak, storm)", optarg);
			break;
		case 'S':
			if (pw_parse_long(optarg, &l) < 0 || l < 0)
				return pw_usage_error("sim", "--seed must be a non-negative integer");
			a->seed = (uint64_t)l;
			break;
		case 'q':
			if (strcmp(optarg, "0") != 0 && strcmp(optarg, "1") != 0)
				return pw_usage_error("sim", "--qos must be 0 or 1");
			a->qos = optarg[0] - '0';
			break;
		case ':':
			return pw_usage_error("sim", "option '%s' needs a value", argv[optind - 1]);
		default:
			return pw_usage_error("sim", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pw_usage_error("sim", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Read the park from the database (read-only; closed again at once). */
static int load_park(struct pw_ctx *ctx, struct pw_sim_park *park)
{
	struct pw_store *st = NULL;
	char *err = NULL;
	if (store_open(&st, ctx->db_path, PW_STORE_READONLY, &err) < 0) {
		pw_error("open database", "%s", err);
		free(err);
		return -1;
	}
	int rc = store_simdata_load(st, park);
	if (rc < 0)
		pw_error("read the park", "%s", store_errmsg(st));
	store_close(st);
	return rc;
}

static void on_link(void *user, enum net_link_state state, int64_t since_ms, const char *detail)
{
	struct sim_run *r = user;
	(void)since_ms;
	if (state == NET_LINK_UP)
		r->ever_up = true;
	/* The first attempt can report before net_mqtt_new() has returned. */
	pw_eprint_line("sim: broker link %s%s%s", net_link_state_name(state), detail ? ": " : "",
	               detail ? detail : "");
}

/* Backpressure: the socket is full, or the broker has not acknowledged enough. */
static bool can_send(const struct sim_run *r, int burst)
{
	return (burst == 0 || net_mqtt_idle(r->net)) && net_mqtt_unacked(r->net) < UNACKED_MAX;
}

/* Send what the schedule says is due by NOW; stop when the link pushes back. */
static void publish_due(struct sim_run *r, int64_t now)
{
	if (!r->pacing) {
		r->pacing = true;
		r->base_mono = now;
		r->base_count = 0;
	}
	for (int burst = 0; burst < BURST_MAX && !sim_stop; burst++) {
		double due = (double)r->base_mono + (double)r->base_count * r->interval_ms;
		if (due > (double)now || !can_send(r, burst))
			break;
		if (!r->has_pending)
			r->has_pending = pw_sim_next(r->sim, pw_now_ms(), &r->pending);
		if (r->has_pending) {
			const struct pw_sim_msg *m = &r->pending;
			int qos = m->kind == PW_SIM_STATUS ? 1 : r->qos;
			if (net_mqtt_publish(r->net, m->topic, m->payload, m->len, qos, m->retain) < 0)
				break;
			r->sent++;
			r->by_kind[m->kind]++;
			r->has_pending = false;
		}
		r->base_count++;
	}
	double behind = (double)now - ((double)r->base_mono + (double)r->base_count * r->interval_ms);
	if (behind > BEHIND_MAX_MS) {
		r->base_mono = now;
		r->base_count = 0;
	}
}

/* Milliseconds until the next message is due (0 when late), capped by CAP. */
static int due_in(const struct sim_run *r, int64_t now, int cap)
{
	if (!r->pacing)
		return cap;
	double due = (double)r->base_mono + (double)r->base_count * r->interval_ms - (double)now;
	if (due <= 0)
		return 0;
	return due < cap ? (int)ceil(due) : cap;
}

static void run_loop(struct sim_run *r, int64_t deadline)
{
	while (!sim_stop) {
		int64_t now = pw_mono_ms();
		if (now >= deadline)
			break;
		struct pollfd pfd;
		int n = net_mqtt_pollfd(r->net, &pfd);
		int timeout = net_mqtt_timeout_ms(r->net, now);
		if (timeout < 0 || timeout > 1000)
			timeout = 1000;
		/* When held back, wait for the socket (acks, writability), not the schedule. */
		if (net_mqtt_state(r->net) == NET_LINK_UP && net_mqtt_idle(r->net) && can_send(r, 0))
			timeout = due_in(r, now, timeout);
		if (deadline - now < timeout)
			timeout = (int)(deadline - now);
		if (poll(&pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
			break;
		now = pw_mono_ms();
		if (n)
			net_mqtt_handle(r->net, pfd.revents, now);
		net_mqtt_service(r->net, now);
		if (net_mqtt_state(r->net) == NET_LINK_UP)
			publish_due(r, now);
		else
			r->pacing = false;
	}
}

/* Undo lasting effects (gateways left offline), then leave cleanly. */
static void finish(struct sim_run *r)
{
	struct pw_sim_msg m;
	while (net_mqtt_state(r->net) == NET_LINK_UP && pw_sim_restore(r->sim, pw_now_ms(), &m)) {
		if (net_mqtt_publish(r->net, m.topic, m.payload, m.len, 1, m.retain) == 0) {
			r->sent++;
			r->by_kind[m.kind]++;
		}
	}
	net_mqtt_close(r->net, 4000);
	r->unacked_at_exit = net_mqtt_unacked(r->net);
}

static int simulate(struct pw_ctx *ctx, const struct sim_args *a, struct pw_sim *sim)
{
	struct sim_run r = {.sim = sim, .qos = a->qos, .interval_ms = 1000.0 / a->rate};
	struct net_mqtt_opts no = {
		.kind = "sim", .url = ctx->broker_url, .cfg = &ctx->cfg,
		.on_link = on_link, .user = &r,
	};
	char *err = NULL;
	r.net = net_mqtt_new(&no, &err);
	if (!r.net) {
		pw_error("sim", "%s", err);
		free(err);
		return PW_EXIT_FAIL;
	}
	int64_t start = pw_mono_ms();
	int64_t deadline = a->duration_s > 0 ? start + (int64_t)(a->duration_s * 1000.0) : INT64_MAX;
	run_loop(&r, deadline);
	finish(&r);
	double secs = (double)(pw_mono_ms() - start) / 1000.0;
	int rc = PW_EXIT_OK;
	if (!r.ever_up) {
		pw_error("sim", "broker %s unreachable: %s", net_mqtt_url(r.net),
		         net_mqtt_detail(r.net)[0] ? net_mqtt_detail(r.net) : "no connection");
		rc = PW_EXIT_FAIL;
	}
	printf("sim: sent %" PRIu64 " messages in %.1f s (%" PRIu64 " readings, %" PRIu64
	       " events, %" PRIu64 " statuses, %" PRIu64 " wind); scenario %s, seed %" PRIu64 "\n",
	       r.sent, secs, r.by_kind[PW_SIM_READING], r.by_kind[PW_SIM_EVENT],
	       r.by_kind[PW_SIM_STATUS], r.by_kind[PW_SIM_WIND], pw_sim_scenario_name(a->scenario),
	       a->seed);
	if (r.unacked_at_exit)
		fprintf(stderr, "sim: warning: %zu of them were not acknowledged by the broker\n",
		        r.unacked_at_exit);
	net_mqtt_free(r.net);
	return rc;
}

int cmd_sim(struct pw_ctx *ctx, int argc, char **argv)
{
	struct sim_args a = {.rate = 50, .scenario = PW_SIM_NORMAL, .seed = 1};
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	struct pw_sim_park park;
	if (load_park(ctx, &park) < 0)
		return PW_EXIT_FAIL;
	struct pw_sim_params p = {
		.scenario = a.scenario, .seed = a.seed, .rate = a.rate,
		.prefix = ctx->cfg.topic_prefix, .downwind_km = ctx->cfg.downwind_km,
	};
	char *err = NULL;
	struct pw_sim *sim = pw_sim_new(&park, &p, &err);
	if (!sim) {
		pw_error("sim", "%s", err);
		free(err);
		store_simdata_free(&park);
		return PW_EXIT_FAIL;
	}
	fprintf(stderr, "sim: %s\n", pw_sim_describe(sim));
	double period = pw_sim_reading_period_s(sim);
	if (ctx->cfg.comm_timeout_s > 0 && period > ctx->cfg.comm_timeout_s)
		fprintf(stderr, "sim: warning: at %g msgs/s each sensor reports every %.0f s, longer "
		        "than the %d s comm-fault timeout: expect communication alarms\n",
		        a.rate, period, ctx->cfg.comm_timeout_s);
	cli_catch_stop_signals(&sim_stop);
	rc = simulate(ctx, &a, sim);
	pw_sim_free(sim);
	store_simdata_free(&park);
	return rc;
}
