/*
 * cmd_hazard.c - `hazard report`, `hazard move`, `hazard extend`: the
 * command-line twins of the Hazards screen. An illegal move exits 1 and
 * changes nothing; the message says what is allowed next.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/store_hazards.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

struct hz_args {
	const char *grade, *text, *source, *deadline, *location, *note, *assignee, *op, *reason;
	const char *measures, *funds, *responsible, *contingency;
	const char *inspection;   /* id of the visit that found it */
	struct sbuf photos;       /* --photo PATH|URL, repeatable, one a line */
};

static int parse_opts(const char *sub, int argc, char **argv, struct hz_args *a)
{
	static const struct option opts[] = {
		{"grade", required_argument, NULL, 'g'},     {"text", required_argument, NULL, 't'},
		{"source", required_argument, NULL, 'S'},    {"deadline", required_argument, NULL, 'd'},
		{"location", required_argument, NULL, 'l'},  {"note", required_argument, NULL, 'n'},
		{"assignee", required_argument, NULL, 'a'},  {"operator", required_argument, NULL, 'o'},
		{"reason", required_argument, NULL, 'r'},    {"measures", required_argument, NULL, 'M'},
		{"funds", required_argument, NULL, 'F'},     {"responsible", required_argument, NULL, 'R'},
		{"contingency", required_argument, NULL, 'C'}, {"inspection", required_argument, NULL, 'I'},
		{"photo", required_argument, NULL, 'P'},  {NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'g': a->grade = optarg; break;
		case 't': a->text = optarg; break;
		case 'S': a->source = optarg; break;
		case 'd': a->deadline = optarg; break;
		case 'l': a->location = optarg; break;
		case 'n': a->note = optarg; break;
		case 'a': a->assignee = optarg; break;
		case 'o': a->op = optarg; break;
		case 'r': a->reason = optarg; break;
		case 'M': a->measures = optarg; break;
		case 'F': a->funds = optarg; break;
		case 'R': a->responsible = optarg; break;
		case 'C': a->contingency = optarg; break;
		case 'I': a->inspection = optarg; break;
		case 'P':
			if (!*optarg || strchr(optarg, '\n') || !pw_utf8_valid(optarg, strlen(optarg)))
				return pw_usage_error(sub, "--photo takes one path or URL");
			if (a->photos.len)
				sbuf_addc(&a->photos, '\n');
			sbuf_adds(&a->photos, optarg);
			break;
		case ':': return pw_usage_error(sub, "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
		}
	}
	const char *texts[] = {a->text, a->note, a->assignee, a->reason, a->location, a->source};
	for (size_t i = 0; i < PW_ARRAY_LEN(texts); i++)
		if (texts[i] && !pw_utf8_valid(texts[i], strlen(texts[i])))
			return pw_usage_error(sub, "text is not valid UTF-8");
	return 0;
}

/* Options into *A; on bad usage nothing stays allocated. */
static int parse(const char *sub, int argc, char **argv, struct hz_args *a)
{
	int rc = parse_opts(sub, argc, argv, a);
	if (rc)
		sbuf_free(&a->photos);
	return rc;
}

/* Map a store result to an exit status, with the store's message on failure. */
static int result(struct pw_store *st, const char *what, int rc)
{
	if (rc == 0)
		return PW_EXIT_OK;
	pw_error(what, "%s", store_errmsg(st));
	return PW_EXIT_FAIL;
}

static int report_with(struct pw_ctx *ctx, int argc, char **argv, struct hz_args *ap);

static int do_report(struct pw_ctx *ctx, int argc, char **argv)
{
	struct hz_args a = {0};
	int rc = parse("hazard report", argc, argv, &a);
	if (rc)
		return rc;
	rc = report_with(ctx, argc, argv, &a);
	sbuf_free(&a.photos);
	return rc;
}

static int report_with(struct pw_ctx *ctx, int argc, char **argv, struct hz_args *ap)
{
	struct hz_args a = *ap;
	int rc;
	if (optind + 1 != argc)
		return pw_usage_error("hazard report", "expected one ENTERPRISE code");
	struct store_hazard_new h = {.enterprise_code = argv[optind], .source = a.source,
	                             .description = a.text, .location = a.location,
	                             .deadline = a.deadline,
	                             .photos = a.photos.len ? sbuf_str(&a.photos) : NULL};
	if (!a.grade || pw_hazard_grade_parse(a.grade, &h.grade) < 0)
		return pw_usage_error("hazard report", "--grade must be general or major");
	if (!a.text || !*a.text)
		return pw_usage_error("hazard report", "--text T is required");
	if (a.deadline && !pw_date_valid(a.deadline))
		return pw_usage_error("hazard report", "--deadline must be a date YYYY-MM-DD");
	if (a.inspection && (h.inspection_id = cli_parse_id(a.inspection)) < 0)
		return pw_usage_error("hazard report", "--inspection must be an inspection id");
	if (a.source && !store_hazard_source_valid(a.source))
		return pw_usage_error("hazard report",
		                      "--source must be grid, third_party, self_check, enforcement or operator");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	int64_t id = 0;
	rc = result(st, "hazard report", store_hazard_report(st, &h, pw_operator_name(a.op), pw_now_ms(), &id));
	if (rc == PW_EXIT_OK)
		printf("%lld\n", (long long)id);
	store_close(st);
	return rc;
}

static int do_move(struct pw_ctx *ctx, int argc, char **argv, bool extend)
{
	const char *sub = extend ? "hazard extend" : "hazard move";
	struct hz_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	if (a.photos.len) {
		sbuf_free(&a.photos);
		return pw_usage_error(sub, "--photo goes with hazard report");
	}
	int want = extend ? 1 : 2;
	if (argc - optind != want)
		return pw_usage_error(sub, extend ? "expected ID" : "expected ID STATUS");
	long long id = cli_parse_id(argv[optind]);
	if (id < 0)
		return pw_usage_error(sub, "'%s' is not a hazard id", argv[optind]);
	enum pw_hazard_status to = PW_HZ_REPORTED;
	if (!extend && pw_hazard_status_parse(argv[optind + 1], &to) < 0)
		return pw_usage_error(sub, "unknown status '%s' (reported assigned rectifying submitted "
		                           "verified closed)", argv[optind + 1]);
	if (extend && (!a.deadline || !pw_date_valid(a.deadline) || !a.reason || !*a.reason))
		return pw_usage_error(sub, "--deadline YYYY-MM-DD and --reason R are required");
	if (a.deadline && !pw_date_valid(a.deadline))
		return pw_usage_error(sub, "--deadline must be a date YYYY-MM-DD");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	const char *op = pw_operator_name(a.op);
	if (extend) {
		rc = store_hazard_extend(st, id, a.deadline, a.reason, op, pw_now_ms());
	} else {
		struct store_hazard_move_args m = {a.note, a.assignee, a.deadline, a.measures, a.funds,
		                                   a.responsible, a.contingency};
		rc = store_hazard_move(st, id, to, &m, op, pw_now_ms());
	}
	rc = result(st, sub, rc);
	if (rc == PW_EXIT_OK && !extend)
		printf("%lld %s\n", id, pw_hazard_status_name(to));
	store_close(st);
	return rc;
}

int cmd_hazard(struct pw_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return pw_usage_error("hazard", "expected report, move or extend");
	const char *action = argv[1];
	if (strcmp(action, "report") == 0)
		return do_report(ctx, argc - 1, argv + 1);
	if (strcmp(action, "move") == 0)
		return do_move(ctx, argc - 1, argv + 1, false);
	if (strcmp(action, "extend") == 0)
		return do_move(ctx, argc - 1, argv + 1, true);
	return pw_usage_error("hazard", "unknown action '%s' (report, move, extend)", action);
}
