/*
 * bench_risk.c - the risk model's cost on a real database (issue 4).
 * Prints the time of a full recompute of every enterprise and of an
 * incremental recompute of one enterprise (what an alarm or a hazard move
 * triggers), best of RUNS. By hand, not a test:
 *   make tests/bench/bench_risk && tests/bench/bench_risk DB [RUNS]
 * (DB: e.g. a `parkwatch seed --enterprises 10000` database; it is written to.)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "parkwatch/store.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/util.h"

static double best_ms(struct pw_store *st, int64_t id, int runs)
{
	double best = 1e18;
	for (int i = 0; i < runs; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (store_risk_recompute(st, id, pw_now_ms(), NULL) < 0) {
			fprintf(stderr, "bench_risk: %s\n", store_errmsg(st));
			exit(1);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
	}
	return best;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_risk DB [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	if (runs < 1)
		runs = 1;
	pw_set_timezone("Asia/Shanghai");
	struct pw_store *st;
	char *err = NULL;
	if (store_open(&st, argv[1], 0, &err) < 0) {
		fprintf(stderr, "bench_risk: %s\n", err);
		return 1;
	}
	printf("full recompute, every enterprise: %.1f ms (best of %d)\n", best_ms(st, 0, runs), runs);
	printf("incremental, one enterprise:      %.2f ms (best of %d)\n", best_ms(st, 1, runs * 20),
	       runs * 20);
	store_close(st);
	return 0;
}
