/*
 * main.c - global options, configuration, subcommand dispatch.
 *
 * Options may stand anywhere (GNU style, "--" ends them), so the global ones
 * are taken out of argv first and the remainder goes to the subcommand.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#include "parkwatch/cli.h"
#include "parkwatch/mqtt_url.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

struct subcommand {
	const char *name;
	int (*fn)(struct pw_ctx *, int, char **);
};

static const struct subcommand subcommands[] = {
	{"console", cmd_console},
	{"record", cmd_record},
	{"db", cmd_db},
	{"seed", cmd_seed},
	{"sim", cmd_sim},
	{"query", cmd_query},
	{"log", cmd_log},
	{"regs", cmd_regs},
	{"report", cmd_report},
	{"import", cmd_import},
	{"alarm", cmd_alarm},
	{"hazard", cmd_hazard},
	{"inspection", cmd_inspection},
	{"incident", cmd_incident},
	{"risk", cmd_risk},
	{"member", cmd_member},
	{"equipment", cmd_equipment},
};

int pw_usage_error(const char *sub, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	va_start(ap, fmt);
	pw_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* The message quotes what was typed: sanitised like every other line. */
	pw_eprint_line("%s: %s%s%s", pw_progname, sub && *sub ? sub : "", sub && *sub ? ": " : "",
	               msg);
	pw_eprint_line("Try '%s %s%s--help' for more information.", pw_progname,
	               sub && *sub ? sub : "", sub && *sub ? " " : "");
	return PW_EXIT_USAGE;
}

static char *default_db_path(void)
{
	const char *e = getenv("PARKWATCH_DB");
	if (e && *e)
		return xstrdup(e);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/parkwatch/parkwatch.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/parkwatch/parkwatch.db", home && *home ? home : ".");
}

/* Take "--opt VALUE" or "--opt=VALUE" at argv[*i]; returns the value or NULL. */
static const char *take_value(int argc, char **argv, int *i, const char *opt, int *bad)
{
	size_t n = strlen(opt);
	const char *a = argv[*i];
	if (strncmp(a, opt, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = 1;
		return NULL;
	}
	(*i)++;
	return argv[*i];
}

/*
 * Overwrite the password of a --broker URL in argv with "***" once it has
 * been copied: /proc/PID/cmdline (what ps shows) reads this memory, so other
 * users do not see it for as long as the recorder runs. It is visible for
 * the moment before this runs; the config file or $PARKWATCH_MQTT_PASSWORD
 * keep it off the command line entirely.
 */
static void hide_url_password(char *url)
{
	size_t a, b;
	if (!pw_mqtt_url_password_span(url, &a, &b))   /* the same span the parser uses */
		return;
	size_t plen = b - a;
	if (plen < 3) {   /* too short to put "***" in its place */
		memset(url + a, '*', plen);
		return;
	}
	size_t len = strlen(url), tail = len - b + 1;
	memcpy(url + a, "***", 3);
	memmove(url + a + 3, url + b, tail);
	memset(url + a + 3 + tail, '\0', plen - 3);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	struct pw_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	const char *db = NULL, *broker = NULL, *config = NULL;
	int want_help = 0, want_version = 0;

	/* Pass 1: strip global options, keep the rest in order. */
	char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	int ended = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		int bad = 0;
		if (ended) {
			rest[nrest++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			ended = 1;
			rest[nrest++] = argv[i];
			continue;
		}
		if ((v = take_value(argc, argv, &i, "--db", &bad)))
			db = v;
		else if ((v = take_value(argc, argv, &i, "--broker", &bad)))
			broker = v;
		else if ((v = take_value(argc, argv, &i, "--config", &bad)))
			config = v;
		else if (bad) {
			free(rest);
			return pw_usage_error("", "option '%s' requires an argument", a);
		}
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			want_help = 1;
		else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
			want_version = 1;
		else
			rest[nrest++] = argv[i];
	}

	/* The subcommand is the first non-option word; default console. */
	const char *subname = "console";
	int subpos = -1;
	for (int i = 0; i < nrest; i++) {
		if (strcmp(rest[i], "--") == 0)
			break;
		if (rest[i][0] != '-') {
			subname = rest[i];
			subpos = i;
			break;
		}
	}
	const struct subcommand *sc = NULL;
	for (size_t k = 0; k < PW_ARRAY_LEN(subcommands); k++)
		if (strcmp(subcommands[k].name, subname) == 0)
			sc = &subcommands[k];

	if (want_version) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		free(rest);
		return PW_EXIT_OK;
	}
	if (want_help) {
		pw_print_help(sc && subpos >= 0 ? sc->name : NULL);
		free(rest);
		return PW_EXIT_OK;
	}
	if (!sc) {
		free(rest);
		return pw_usage_error("", "unknown subcommand '%s'", subname);
	}

	/* Subcommand argv: name first, then everything else in order. */
	char **sargv = xcalloc((size_t)nrest + 2, sizeof *sargv);
	int sargc = 0;
	sargv[sargc++] = (char *)sc->name;
	for (int i = 0; i < nrest; i++)
		if (i != subpos)
			sargv[sargc++] = rest[i];
	sargv[sargc] = NULL;

	pw_config_defaults(&ctx.cfg);
	char *err = NULL;
	if (pw_config_load(&ctx.cfg, config, &err) < 0) {
		pw_error("config", "%s", err);
		free(err);
		free(sargv);
		free(rest);
		pw_config_free(&ctx.cfg);
		return PW_EXIT_FAIL;
	}
	/* The default zone too: without tzdata it would silently be UTC, 8 h off. */
	if (pw_timezone_check(ctx.cfg.timezone, &err) < 0) {
		pw_error("config", "[site] timezone: %s", err);
		free(err);
		free(sargv);
		free(rest);
		pw_config_free(&ctx.cfg);
		return PW_EXIT_FAIL;
	}
	pw_set_timezone(ctx.cfg.timezone);
	ctx.db_path = db ? xstrdup(db) : default_db_path();
	const char *eb = getenv("PARKWATCH_BROKER");
	if (broker) {
		ctx.broker_url = xstrdup(broker);
		hide_url_password((char *)broker);
	} else if (eb && *eb)
		ctx.broker_url = xstrdup(eb);
	else if (ctx.cfg.broker && *ctx.cfg.broker)
		ctx.broker_url = xstrdup(ctx.cfg.broker);
	else
		ctx.broker_url = xstrdup("mqtt://127.0.0.1:1883");
	ctx.subcommand = sc->name;

	int rc = sc->fn(&ctx, sargc, sargv);

	free(sargv);
	free(rest);
	free(ctx.db_path);
	free(ctx.broker_url);
	pw_config_free(&ctx.cfg);
	return rc;
}
