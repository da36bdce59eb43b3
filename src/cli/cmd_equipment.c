/*
 * cmd_equipment.c - `equipment loan` and `equipment return`: the
 * command-line twins of the Rescue screen's L (lend) and R (return) keys.
 * A loan to an incident is `incident loan`; this one lends to an
 * enterprise or a person. `return` takes any loan's id, the incidents'
 * too. Each writes the same duty-log entry as the console (the store does
 * it); a refused loan (not enough in the store, damaged, expired) exits 1
 * saying why and changes nothing.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/hazard.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/store.h"
#include "parkwatch/store_rescue.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

struct eq_args {
	const char *qty, *enterprise, *borrower, *due, *op;
};

static int parse(const char *sub, int argc, char **argv, struct eq_args *a)
{
	static const struct option opts[] = {
		{"qty", required_argument, NULL, 'q'},      {"enterprise", required_argument, NULL, 'e'},
		{"borrower", required_argument, NULL, 'b'}, {"due", required_argument, NULL, 'd'},
		{"operator", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'q': a->qty = optarg; break;
		case 'e': a->enterprise = optarg; break;
		case 'b': a->borrower = optarg; break;
		case 'd': a->due = optarg; break;
		case 'o': a->op = optarg; break;
		case ':': return pw_usage_error(sub, "option '%s' needs a value", argv[optind - 1]);
		default: return pw_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
		}
	}
	const char *texts[] = {a->enterprise, a->borrower, a->op};
	for (size_t i = 0; i < PW_ARRAY_LEN(texts); i++)
		if (texts[i] && !pw_utf8_valid(texts[i], strlen(texts[i])))
			return pw_usage_error(sub, "text is not valid UTF-8");
	return 0;
}

static int do_loan(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "equipment loan";
	struct eq_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	if (argc - optind != 1)
		return pw_usage_error(sub, "expected one equipment CODE");
	long qty = 1;
	if (a.qty && (pw_parse_long(a.qty, &qty) < 0 || qty < 1 || qty > 100000))
		return pw_usage_error(sub, "--qty must be a positive number");
	if ((!a.enterprise || !*a.enterprise) && (!a.borrower || !*a.borrower))
		return pw_usage_error(sub, "give --enterprise CODE or --borrower NAME");
	if (a.borrower && strlen(a.borrower) > STORE_RESCUE_BORROWER_MAX)
		return pw_usage_error(sub, "--borrower is longer than %d bytes", STORE_RESCUE_BORROWER_MAX);
	if (a.due && !pw_date_valid(a.due))
		return pw_usage_error(sub, "--due must be a date YYYY-MM-DD");
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	struct store_equipment_loan l = {.equipment_code = argv[optind], .qty = (int)qty,
	                                 .borrower = a.borrower, .enterprise_code = a.enterprise,
	                                 .due = a.due};
	int64_t loan = 0;
	rc = store_equipment_loan(st, &l, pw_operator_name(a.op), pw_now_ms(), &loan);
	if (rc == 0)
		printf("%" PRId64 "\n", loan);
	else
		pw_error(sub, "%s", store_errmsg(st));
	store_close(st);
	return rc == 0 ? PW_EXIT_OK : PW_EXIT_FAIL;
}

static int do_return(struct pw_ctx *ctx, int argc, char **argv)
{
	const char *sub = "equipment return";
	struct eq_args a = {0};
	int rc = parse(sub, argc, argv, &a);
	if (rc)
		return rc;
	if (a.qty || a.enterprise || a.borrower || a.due)
		return pw_usage_error(sub, "return takes only LOAN_ID and --operator");
	if (argc - optind != 1)
		return pw_usage_error(sub, "expected one LOAN_ID");
	long long id = cli_parse_id(argv[optind]);
	if (id < 0)
		return pw_usage_error(sub, "'%s' is not a loan id", argv[optind]);
	struct pw_store *st = cli_open_store(ctx, 0);
	if (!st)
		return PW_EXIT_FAIL;
	rc = store_loan_return(st, id, pw_operator_name(a.op), pw_now_ms());
	if (rc != 0)
		pw_error(sub, "%s", store_errmsg(st));
	store_close(st);
	return rc == 0 ? PW_EXIT_OK : PW_EXIT_FAIL;
}

int cmd_equipment(struct pw_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return pw_usage_error("equipment", "expected loan or return");
	if (strcmp(argv[1], "loan") == 0)
		return do_loan(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "return") == 0)
		return do_return(ctx, argc - 1, argv + 1);
	return pw_usage_error("equipment", "unknown action '%s' (loan, return)", argv[1]);
}
