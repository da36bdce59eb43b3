/*
 * cmd_incident.c - `incident open|dispatch|advance|status|note|show`: the
 * command-line twins of the Incidents screen and the linkage view (i, d,
 * e/o/c = `advance --incident ID [--team CODE] STAGE`, S, N, l = `loan`,
 * R = `return`). Each
 * action writes the same duty-log entry as the console (the store does it);
 * a refused action (nobody available, status not forward) exits 1 saying
 * why and changes nothing.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident_text.h"
#include "parkwatch/cli.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

struct inc_args {
	const char *alarm, *enterprise, *type, *severity, *summary, *location, *team, *member, *op;
	const char *incident, *equipment, *qty, *borrower;
};

static int parse(const char *sub, int argc, char **argv, struct inc_args *a)
{
	static const struct option opts[] = {
		{"alarm", required_argument, NULL, 'a'},    {"enterprise", required_argument, NULL, 'e'},
		{"type", required_argument, NULL, 't'},     {"severity", required_argument, NULL, 's'},
		{"summary", required_argument, NULL, 'S'},  {"location", required_argument, NULL, 'l'},
		{"team", required_argument, NULL, 'T'},     {"member", required_argument, NULL, 'm'},
		{"operator", required_argument, NULL, 'o'}, {"incident", required_argument, NULL, 'i'},
		{"equipment", required_argument, NULL, 'E'}, {"qty", required_argument, NULL, 'q'},
		{"borrower", required_argument, NULL, 'b'}, {NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'a': a->alarm = optarg; break;
		case 'e': a->enterprise = optarg; break;
		case 't': a->type = optarg; break;
		case 's': a->severity = optarg; break;
		case 'S': a->summary = optarg; break;
		case 'l': a->location = optarg; break;
		case 'T': a->team = optarg; break;
		case 'm': a->member = optarg; break;
		case 'o': a->op = optarg; break;
		case 'i': a->incident = optarg; break;
		case 'E': a->equipment = optarg; break;
		case 'q': a->qty = optarg; break;
		case 'b': a->borrower = optarg; break;
		case ':': return pw_usage_error(sub, "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
		}
	}
	const char *texts[] = {a->summary, a->location, a->enterprise, a->team, a->op, a->equipment,
	                       a->borrower};
	for (size_t i = 0; i < PW_ARRAY_LEN(texts); i++)
		if (texts[i] && !pw_utf8_valid(texts[i], strlen(texts[i])))
			return pw_usage_error(sub, "text is not valid UTF-8");
	return 0;
}

/* Map a store result to an exit status, with the store's message on failure. */
static int result(struct pw_store *st, const char *what, int rc)
{
	if (rc == 0)
		return PW_EXIT_OK;
	pw_error(what, "%s", store_errmsg(st));
	return PW_EXIT_FAIL;
}

/* The incident id operand of SUB at argv[optind]; -1 after reporting bad usage. */
static long long id_operand(const char *sub, int argc, char **argv, int want)
{
	if (argc - optind != want) {
		pw_usage_error(sub, want == 1 ? "expected ID" : "expected ID and one more argument");
		return -1;
	}
	long long id = cli_parse_id(argv[optind]);
	if (id < 0)
		pw_usage_error(sub, "'%s' is not an id", argv[optind]);
	return id;
}

static int do_open(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident open";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	if (optind != argc)
		return pw_usage_error(sub, "unexpected argument '%s'", argv[optind]);
	struct store_incident_new n = {.enterprise_code = a.enterprise, .summary = a.summary,
	                               .location = a.location};
	if (!a.alarm == !a.enterprise)
		return pw_usage_error(sub, "give exactly one of --alarm ID and --enterprise CODE");
	if (a.alarm && (n.alarm_id = cli_parse_id(a.alarm)) < 0)
		return pw_usage_error(sub, "'%s' is not an alarm id", a.alarm);
	if (!a.type || pw_incident_type_parse(a.type, &n.type) < 0)
		return pw_usage_error(sub, "--type must be leak, fire, explosion, poisoning, flood or other");
	long sev = 3;
	if (a.severity && (pw_parse_long(a.severity, &sev) < 0 || sev < 1 || sev > 4))
		return pw_usage_error(sub, "--severity must be 1 (most severe) to 4");
	n.severity = (int)sev;
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	int64_t id = 0;
	rc = result(st, sub, store_incident_open(st, &n, pw_operator_name(a.op), pw_now_ms(), &id));
	if (rc == PW_EXIT_OK)
		printf("%" PRId64 "\n", id);
	store_close(st);
	return rc;
}

static int do_dispatch(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident dispatch";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	long long id = id_operand(sub, argc, argv, 1);
	if (id < 0)
		return PW_EXIT_USAGE;
	if (!a.team == !a.member)
		return pw_usage_error(sub, "give exactly one of --team CODE and --member ID");
	long long member = a.member ? cli_parse_id(a.member) : 0;
	if (member < 0)
		return pw_usage_error(sub, "'%s' is not a member id", a.member);
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	const char *op = pw_operator_name(a.op);
	int n = 1;
	if (a.team)
		rc = store_incident_dispatch_team(st, id, a.team, op, pw_now_ms(), &n);
	else
		rc = store_incident_dispatch_member(st, id, member, op, pw_now_ms());
	rc = result(st, sub, rc);
	if (rc == PW_EXIT_OK)
		printf("%lld\n", id);
	store_close(st);
	return rc;
}

/* `advance --incident ID [--team CODE] STAGE`: every unit of the incident (of the team) that can move. */
static int advance_all(struct pw_ctx *ctx, const struct inc_args *a, int argc, char **argv)
{
	const char *sub = "incident advance";
	long long id = cli_parse_id(a->incident);
	if (id < 0)
		return pw_usage_error(sub, "'%s' is not an incident id", a->incident);
	enum pw_dispatch_stage to;
	if (argc - optind != 1 || pw_dispatch_stage_parse(argv[optind], &to) < 0 || to == PW_DSP_DISPATCHED)
		return pw_usage_error(sub, "expected one STAGE: en_route, on_scene or cleared");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	int n = 0;
	int rc = result(st, sub, store_incident_advance_all(st, id, a->team, to, pw_operator_name(a->op),
	                                                    pw_now_ms(), &n));
	if (rc == PW_EXIT_OK)
		printf("%lld %d %s\n", id, n, pw_dispatch_stage_name(to));
	store_close(st);
	return rc;
}

static int do_advance(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident advance";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	if (a.incident)
		return advance_all(ctx, &a, argc, argv);
	if (a.team)
		return pw_usage_error(sub, "--team needs --incident ID");
	long long id = id_operand(sub, argc, argv, 2);
	if (id < 0)
		return PW_EXIT_USAGE;
	enum pw_dispatch_stage to;
	if (pw_dispatch_stage_parse(argv[optind + 1], &to) < 0 || to == PW_DSP_DISPATCHED)
		return pw_usage_error(sub, "stage must be en_route, on_scene or cleared");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	rc = result(st, sub, store_dispatch_advance(st, id, to, pw_operator_name(a.op), pw_now_ms()));
	if (rc == PW_EXIT_OK)
		printf("%lld %s\n", id, pw_dispatch_stage_name(to));
	store_close(st);
	return rc;
}

static int do_status(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident status";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	long long id = id_operand(sub, argc, argv, 2);
	if (id < 0)
		return PW_EXIT_USAGE;
	enum pw_incident_status to;
	if (pw_incident_status_parse(argv[optind + 1], &to) < 0)
		return pw_usage_error(sub, "status must be pending, active, controlled or closed");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	rc = result(st, sub, store_incident_set_status(st, id, to, pw_operator_name(a.op), pw_now_ms()));
	if (rc == PW_EXIT_OK)
		printf("%lld %s\n", id, pw_incident_status_name(to));
	store_close(st);
	return rc;
}

static int do_note(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident note";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	if (argc - optind < 2)
		return pw_usage_error(sub, "expected ID TEXT...");
	long long id = cli_parse_id(argv[optind]);
	if (id < 0)
		return pw_usage_error(sub, "'%s' is not an id", argv[optind]);
	struct sbuf text;
	sbuf_init(&text);
	for (int i = optind + 1; i < argc; i++)
		sbuf_addf(&text, "%s%s", i > optind + 1 ? " " : "", argv[i]);
	if (!pw_utf8_valid(sbuf_str(&text), strlen(sbuf_str(&text)))) {
		sbuf_free(&text);
		return pw_usage_error(sub, "text is not valid UTF-8");
	}
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st) {
		sbuf_free(&text);
		return PW_EXIT_FAIL;
	}
	rc = result(st, sub, store_incident_note(st, id, sbuf_str(&text), pw_operator_name(a.op), pw_now_ms()));
	sbuf_free(&text);
	store_close(st);
	return rc;
}

static int do_loan(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident loan";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	long long id = id_operand(sub, argc, argv, 1);
	if (id < 0)
		return PW_EXIT_USAGE;
	if (!a.equipment || !*a.equipment)
		return pw_usage_error(sub, "--equipment CODE is required");
	long qty = 1;
	if (a.qty && (pw_parse_long(a.qty, &qty) < 0 || qty < 1 || qty > 100000))
		return pw_usage_error(sub, "--qty must be a positive number");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	int64_t loan = 0;
	rc = result(st, sub, store_incident_loan(st, id, a.equipment, (int)qty, a.borrower,
	                                         pw_operator_name(a.op), pw_now_ms(), &loan));
	if (rc == PW_EXIT_OK)
		printf("%" PRId64 "\n", loan);
	store_close(st);
	return rc;
}

static int do_return(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident return";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	long long id = id_operand(sub, argc, argv, 1);
	if (id < 0)
		return PW_EXIT_USAGE;
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	rc = result(st, sub, store_loan_return(st, id, pw_operator_name(a.op), pw_now_ms()));
	store_close(st);
	return rc;
}

static int do_show(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "incident show";
	struct inc_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	/* --enterprise CODE: the picture around an enterprise before any incident is opened. */
	long long id = 0;
	if (a.enterprise && optind != argc)
		return pw_usage_error(sub, "give an incident ID or --enterprise CODE, not both");
	if (!a.enterprise && (id = id_operand(sub, argc, argv, 1)) < 0)
		return PW_EXIT_USAGE;
	struct pw_store *st = cli_open_store(ctx, PW_STORE_READONLY);
	if (!st)
		return PW_EXIT_FAIL;
	struct store_linkage l;
	struct store_linkage_opts o = {.downwind_km = ctx->cfg.downwind_km};
	int64_t now = pw_now_ms();
	rc = result(st, sub, store_linkage_load(st, id, a.enterprise, &o, now, &l));
	if (rc == PW_EXIT_OK) {
		struct sbuf out;
		sbuf_init(&out);
		incident_text(&out, &l);
		fputs(sbuf_str(&out), stdout);
		sbuf_free(&out);
	}
	store_linkage_free(&l);
	store_close(st);
	return rc;
}

int cmd_incident(struct pw_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct pw_ctx *, int, char **);
	} actions[] = {
		{"open", do_open},     {"dispatch", do_dispatch}, {"advance", do_advance},
		{"status", do_status}, {"note", do_note},         {"show", do_show},
		{"loan", do_loan},     {"return", do_return},
	};
	if (argc < 2)
		return pw_usage_error("incident", "expected open, dispatch, advance, status, note, loan, return "
		                                  "or show");
	for (size_t i = 0; i < PW_ARRAY_LEN(actions); i++)
		if (strcmp(argv[1], actions[i].name) == 0)
			return actions[i].fn(ctx, argc - 1, argv + 1);
	return pw_usage_error("incident", "unknown action '%s' (open, dispatch, advance, status, note, loan, "
	                                  "return, show)",
	                      argv[1]);
}
