/*
 * cli.h - the command line: global options, subcommands, exit codes.
 *
 * main() strips the global options (--db, --broker, --config, --help,
 * --version) wherever they stand, loads the configuration, and hands the
 * rest to the subcommand's function. Subcommands parse their own options
 * with getopt_long (argv[0] is the subcommand name).
 */
#ifndef PARKWATCH_CLI_H
#define PARKWATCH_CLI_H

#include <signal.h>

#include "parkwatch/config.h"

enum {
	PW_EXIT_OK = 0,
	PW_EXIT_FAIL = 1,   /* "parkwatch: <what failed>: <why>" on stderr */
	PW_EXIT_USAGE = 2,  /* message and a hint to --help on stderr */
};

struct pw_ctx {
	char *db_path;          /* resolved: --db, $PARKWATCH_DB, XDG data path */
	char *broker_url;       /* resolved: --broker, $PARKWATCH_BROKER, config, default */
	struct pw_config cfg;
	const char *subcommand; /* "console", "db", ... */
};

/* Report bad usage of SUB ("" for the program) and return PW_EXIT_USAGE. */
int pw_usage_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands: each returns an exit status. argv[0] is the subcommand name. */
int cmd_console(struct pw_ctx *ctx, int argc, char **argv);
int cmd_record(struct pw_ctx *ctx, int argc, char **argv);
int cmd_db(struct pw_ctx *ctx, int argc, char **argv);
int cmd_seed(struct pw_ctx *ctx, int argc, char **argv);
int cmd_sim(struct pw_ctx *ctx, int argc, char **argv);
int cmd_query(struct pw_ctx *ctx, int argc, char **argv);
int cmd_log(struct pw_ctx *ctx, int argc, char **argv);
int cmd_regs(struct pw_ctx *ctx, int argc, char **argv);
int cmd_report(struct pw_ctx *ctx, int argc, char **argv);
int cmd_import(struct pw_ctx *ctx, int argc, char **argv);
int cmd_alarm(struct pw_ctx *ctx, int argc, char **argv);
int cmd_hazard(struct pw_ctx *ctx, int argc, char **argv);
int cmd_inspection(struct pw_ctx *ctx, int argc, char **argv);
int cmd_incident(struct pw_ctx *ctx, int argc, char **argv);
int cmd_risk(struct pw_ctx *ctx, int argc, char **argv);
int cmd_member(struct pw_ctx *ctx, int argc, char **argv);
int cmd_equipment(struct pw_ctx *ctx, int argc, char **argv);

struct pw_store;
/*
 * Open the context's database with store_open FLAGS; on failure print
 * "parkwatch: open database: <why>" and return NULL (exit status 1).
 */
struct pw_store *cli_open_store(const struct pw_ctx *ctx, int flags);

/*
 * For the headless loops (record, sim): SIGINT, SIGTERM and SIGHUP (the SSH
 * session of a foreground run closed) set *FLAG so the loop can flush and
 * exit 0; SIGPIPE is ignored (a closed log pipe must not stop recording).
 */
void cli_catch_stop_signals(volatile sig_atomic_t *flag);

/*
 * The recorder announces itself as presence kind "recorder", id "record":
 * "parkwatch/presence/recorder/<host>-record". Consoles on the same host
 * watch that topic and stand by from writing while it is "online".
 */
#define CLI_RECORDER_KIND "recorder"
#define CLI_RECORDER_PRESENCE_ID "record"

/* Parse a positive id argument ("12"); -1 when it is not one. */
long long cli_parse_id(const char *s);

/* One-paragraph usage text for SUB (or the program when NULL), to stdout. */
void pw_print_help(const char *sub);

#endif
