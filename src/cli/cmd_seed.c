/*
 * cmd_seed.c - `parkwatch seed [--enterprises N] [--seed S]`: fill a fresh
 * database with the demo park and its starter set of laws and standards.
 *
 * A database file that does not exist yet (or an empty SQLite file) gets
 * the schema first, as `db init` would; an older or newer schema is refused
 * with the usual advice. A database that already holds enterprises is
 * refused: seeding merges nothing.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/embed.h"
#include "parkwatch/regs.h"
#include "parkwatch/store.h"
#include "parkwatch/store_seed.h"
#include "parkwatch/util.h"

#define REGS_PREFIX "db/regs/"

static int parse_u64(const char *s, uint64_t *out)
{
	if (!s || *s < '0' || *s > '9')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, int *n, uint64_t *seed)
{
	static const struct option opts[] = {
		{"enterprises", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	long v;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:s:", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (pw_parse_long(optarg, &v) < 0 || v < 1 || v > STORE_SEED_MAX_ENTERPRISES)
				return pw_usage_error("seed", "--enterprises must be a number from 1 to %d",
				                      STORE_SEED_MAX_ENTERPRISES);
			*n = (int)v;
			break;
		case 's':
			if (parse_u64(optarg, seed) < 0)
				return pw_usage_error("seed", "--seed must be a non-negative integer");
			break;
		case ':': return pw_usage_error("seed", "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error("seed", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pw_usage_error("seed", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/*
 * The embedded demo regulations, parsed. A file that does not parse is a
 * defect of this build: reported, and the seed fails rather than quietly
 * leaving a law out (NULL).
 */
static struct pw_reg_doc *load_demo_regs(size_t *n)
{
	size_t cap = 0;
	for (const struct pw_embedded *e = pw_embedded_files; e->name; e++)
		cap += strncmp(e->name, REGS_PREFIX, strlen(REGS_PREFIX)) == 0;
	struct pw_reg_doc *docs = xcalloc(cap ? cap : 1, sizeof *docs);
	*n = 0;
	for (const struct pw_embedded *e = pw_embedded_files; e->name; e++) {
		if (strncmp(e->name, REGS_PREFIX, strlen(REGS_PREFIX)) != 0)
			continue;
		char *err = NULL;
		if (pw_regs_parse(e->name, e->data, e->size, &docs[*n], &err) < 0) {
			pw_error("seed", "built-in regulations: %s", err);
			free(err);
			for (size_t i = 0; i < *n; i++)
				pw_reg_doc_free(&docs[i]);
			free(docs);
			return NULL;
		}
		(*n)++;
	}
	return docs;
}

/* Open PATH, creating it and its schema when it is new; else insist on the current schema. */
static struct pw_store *open_for_seed(const char *path)
{
	struct pw_store *st = NULL;
	char *err = NULL;
	if (store_open(&st, path, PW_STORE_CREATE | PW_STORE_NO_SCHEMA, &err) < 0)
		goto fail;
	if (store_schema_version(st) == 0) {
		if (store_migrate(st, NULL, NULL) < 0) {
			pw_error("seed", "create schema: %s", store_errmsg(st));
			store_close(st);
			return NULL;
		}
		return st;
	}
	/* Not new: reopen normally so an old or too-new schema gets the standard refusal. */
	store_close(st);
	if (store_open(&st, path, 0, &err) == 0)
		return st;
fail:
	pw_error("open database", "%s", err);
	free(err);
	return NULL;
}

int cmd_seed(struct pw_ctx *ctx, int argc, char **argv)
{
	int n = 240;
	uint64_t seed = 1;
	int rc = parse_args(argc, argv, &n, &seed);
	if (rc != 0)
		return rc;
	size_t n_regs = 0;
	struct pw_reg_doc *regs = load_demo_regs(&n_regs);
	if (!regs)
		return PW_EXIT_FAIL;
	struct pw_store *st = open_for_seed(ctx->db_path);
	if (!st) {
		for (size_t i = 0; i < n_regs; i++)
			pw_reg_doc_free(&regs[i]);
		free(regs);
		return PW_EXIT_FAIL;
	}
	struct store_seed_options opt = {
		.enterprises = n,
		.seed = seed,
		.now_ms = pw_now_ms(),
		.operator_name = pw_operator_name(NULL),
		.regs = regs,
		.n_regs = n_regs,
	};
	struct store_seed_counts c;
	rc = PW_EXIT_OK;
	if (store_seed(st, &opt, &c) < 0) {
		pw_error("seed", "%s", store_errmsg(st));
		rc = PW_EXIT_FAIL;
	} else {
		printf("seeded %ld enterprises, %ld key places, %ld chemicals, %ld certificates, %ld sensors, "
		       "%ld stations, %ld teams, %ld members, %ld shifts, %ld equipment items, %ld loans, "
		       "%ld hazards, %ld inspections, %ld regulations (%ld articles)\n",
		       c.enterprises, c.key_places, c.chemicals, c.certificates, c.sensors, c.stations, c.teams,
		       c.members, c.roster, c.equipment, c.loans, c.hazards, c.inspections, c.regulations,
		       c.articles);
	}
	for (size_t i = 0; i < n_regs; i++)
		pw_reg_doc_free(&regs[i]);
	free(regs);
	store_close(st);
	return rc;
}
