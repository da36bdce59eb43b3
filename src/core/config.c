/* config.c - the ini file, parsed by inih, over built-in defaults. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stddef.h>
#include <strings.h>

#include "parkwatch/config.h"
#include "parkwatch/mqtt_url.h"
#include "parkwatch/util.h"

void pw_config_defaults(struct pw_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->timezone = xstrdup("Asia/Shanghai");
	cfg->name = xstrdup("开发区应急服务中心");
	cfg->theme = xstrdup("default");
	cfg->bell = true;
	cfg->flash = false;
	cfg->notify = true;
	cfg->bell_repeat_s = 5;
	cfg->terminal_notify = xstrdup("off");
	cfg->max_fps = 10;
	cfg->topic_prefix = xstrdup("park");
	cfg->keepalive_s = 30;
	cfg->inflight_window = 20;
	cfg->raw_retention_h = 48;
	cfg->rollup_retention_d = 90;
	cfg->rejected_max = 10000;
	cfg->comm_timeout_s = 300;
	cfg->flood_count = 10;
	cfg->flood_window_s = 600;
	cfg->future_skew_s = 300;
	cfg->past_window_s = 7 * 24 * 3600;
	cfg->max_wind_ms = 75.0;
	cfg->downwind_km = 2.0;
	cfg->inspection_overdue_d = 30;
}

void pw_config_free(struct pw_config *cfg)
{
	char **strs[] = {&cfg->timezone, &cfg->name, &cfg->theme, &cfg->broker, &cfg->username,
	                 &cfg->password, &cfg->cafile, &cfg->capath, &cfg->certfile, &cfg->keyfile,
	                 &cfg->topic_prefix, &cfg->loaded_from, &cfg->terminal_notify};
	for (size_t i = 0; i < PW_ARRAY_LEN(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

enum key_type { K_STR, K_BOOL, K_INT, K_DOUBLE };

struct key_def {
	const char *section, *name;
	enum key_type type;
	size_t offset;
	double min, max;  /* for numbers */
};

#define OFF(f) offsetof(struct pw_config, f)
static const struct key_def keys[] = {
	{"site", "timezone", K_STR, OFF(timezone), 0, 0},
	{"site", "name", K_STR, OFF(name), 0, 0},
	{"console", "theme", K_STR, OFF(theme), 0, 0},
	{"console", "bell", K_BOOL, OFF(bell), 0, 0},
	{"console", "flash", K_BOOL, OFF(flash), 0, 0},
	{"console", "notify", K_BOOL, OFF(notify), 0, 0},
	{"console", "bell_repeat", K_INT, OFF(bell_repeat_s), 0, 3600},
	{"console", "terminal_notify", K_STR, OFF(terminal_notify), 0, 0},
	{"console", "max_fps", K_INT, OFF(max_fps), 1, 60},
	{"mqtt", "broker", K_STR, OFF(broker), 0, 0},
	{"mqtt", "username", K_STR, OFF(username), 0, 0},
	{"mqtt", "password", K_STR, OFF(password), 0, 0},
	{"mqtt", "cafile", K_STR, OFF(cafile), 0, 0},
	{"mqtt", "capath", K_STR, OFF(capath), 0, 0},
	{"mqtt", "certfile", K_STR, OFF(certfile), 0, 0},
	{"mqtt", "keyfile", K_STR, OFF(keyfile), 0, 0},
	{"mqtt", "topic_prefix", K_STR, OFF(topic_prefix), 0, 0},
	{"mqtt", "keepalive", K_INT, OFF(keepalive_s), 5, 3600},
	{"mqtt", "inflight_window", K_INT, OFF(inflight_window), 1, 65535},
	{"store", "raw_retention_hours", K_INT, OFF(raw_retention_h), 1, 24 * 366},
	{"store", "rollup_retention_days", K_INT, OFF(rollup_retention_d), 1, 3660},
	{"store", "rejected_max", K_INT, OFF(rejected_max), 10, 10000000},
	{"alarm", "comm_timeout", K_INT, OFF(comm_timeout_s), 10, 86400},
	{"alarm", "flood_count", K_INT, OFF(flood_count), 1, 100000},
	{"alarm", "flood_window", K_INT, OFF(flood_window_s), 10, 86400},
	{"alarm", "future_skew", K_INT, OFF(future_skew_s), 0, 86400 * 30},
	{"alarm", "past_window", K_INT, OFF(past_window_s), 60, 86400 * 366},
	{"alarm", "max_wind_speed", K_DOUBLE, OFF(max_wind_ms), 10, 150},
	{"linkage", "downwind_km", K_DOUBLE, OFF(downwind_km), 0.1, 100},
	{"inspection", "overdue_days", K_INT, OFF(inspection_overdue_d), 1, 3650},
};
#undef OFF

struct parse_state {
	struct pw_config *cfg;
	const char *name;
	struct sbuf err;     /* why the first bad value was refused */
	int err_line;        /* its line, 0 when every value was accepted */
	int line;            /* lines read so far: the line being handled */
	int long_line;       /* first line too long for inih's buffer, 0 if none */
	int max_line;        /* that buffer's size less the NUL */
	FILE *file;          /* the source: a file ... */
	const char *text;    /* ... or the rest of a string */
};

/*
 * fgets-style reader for ini_parse_stream() that counts lines. inih tells the
 * handler nothing about lines and reports only the first error's line, which
 * may be a syntax error rather than the value the handler refused; counting
 * here lets warnings and errors name the right file:line.
 */
static char *read_line(char *buf, int size, void *stream)
{
	struct parse_state *ps = stream;
	bool cut = false;  /* the line did not fit: drop its rest, it is not a line of its own */
	if (ps->file) {
		if (!fgets(buf, size, ps->file))
			return NULL;
		size_t got = strlen(buf);
		int c;
		if (got == (size_t)size - 1 && buf[got - 1] != '\n')
			while ((c = getc(ps->file)) != EOF && c != '\n')
				cut = true;
	} else {
		if (!*ps->text)
			return NULL;
		size_t n = strcspn(ps->text, "\n"), skip = n + (ps->text[n] == '\n');
		cut = n > (size_t)size - 1;
		n = cut ? (size_t)size - 1 : skip <= (size_t)size - 1 ? skip : n;
		memcpy(buf, ps->text, n);
		buf[n] = '\0';
		ps->text += skip;
	}
	ps->line++;
	if (cut && ps->long_line == 0) {
		ps->long_line = ps->line;
		ps->max_line = size - 1;
	}
	return buf;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *yes[] = {"1", "yes", "true", "on"};
	static const char *no[] = {"0", "no", "false", "off"};
	for (size_t i = 0; i < PW_ARRAY_LEN(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int set_key(struct parse_state *ps, const struct key_def *k, const char *value,
                   struct sbuf *why)
{
	char *base = (char *)ps->cfg + k->offset;
	double d;
	switch (k->type) {
	case K_STR: {
		if (strcmp(k->name, "timezone") == 0) {
			char *tzwhy = NULL;
			if (pw_timezone_check(value, &tzwhy) < 0) {
				sbuf_addf(why, "[%s] %s: %s", k->section, k->name, tzwhy);
				free(tzwhy);
				return -1;
			}
		}
		char **p = (char **)(void *)base;
		free(*p);
		*p = xstrdup(value);
		if (strcmp(k->name, "password") == 0)
			ps->cfg->password_from_file = true;
		if (strcmp(k->name, "broker") == 0)
			ps->cfg->broker_password_from_file = pw_mqtt_url_has_password(value);
		return 0;
	}
	case K_BOOL:
		if (parse_bool(value, (bool *)(void *)base) == 0)
			return 0;
		sbuf_addf(why, "[%s] %s: expected yes or no, got '%s'", k->section, k->name, value);
		return -1;
	case K_INT:
	case K_DOUBLE:
		if (pw_parse_double(value, &d) < 0 || d < k->min || d > k->max ||
		    (k->type == K_INT && d != (double)(long)d)) {
			sbuf_addf(why, "[%s] %s: expected a %s from %g to %g, got '%s'", k->section,
			          k->name, k->type == K_INT ? "whole number" : "number", k->min, k->max, value);
			return -1;
		}
		if (k->type == K_INT)
			*(int *)(void *)base = (int)d;
		else
			*(double *)(void *)base = d;
		return 0;
	}
	return -1;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *ps = user;
	for (size_t i = 0; i < PW_ARRAY_LEN(keys); i++) {
		if (strcmp(keys[i].section, section) != 0 || strcmp(keys[i].name, name) != 0)
			continue;
		struct sbuf why;
		sbuf_init(&why);
		int ok = set_key(ps, &keys[i], value, &why) == 0;
		if (!ok && ps->err_line == 0) {  /* only the first error is reported */
			ps->err_line = ps->line;
			sbuf_adds(&ps->err, sbuf_str(&why));
		}
		sbuf_free(&why);
		return ok;
	}
	/*
	 * Unknown keys are warnings: a newer config must not stop an older
	 * console. The key is quoted from the file, so the line is sanitised.
	 */
	pw_warn("config", "%s:%d: unknown key [%s] %s (ignored)", ps->name, ps->line, section,
	        name);
	return 1;
}


static int finish(struct parse_state *ps, int rc, char **err)
{
	/* A line read only in part was parsed cut short: that is the first error. */
	if (ps->long_line && (rc == 0 || rc >= ps->long_line)) {
		sbuf_free(&ps->err);
		*err = xasprintf("%s:%d: line longer than %d bytes", ps->name, ps->long_line,
		                 ps->max_line);
		return -1;
	}
	if (rc == 0) {
		sbuf_free(&ps->err);
		return 0;
	}
	/*
	 * inih returns the line of the first error. When that is the line of the
	 * first refused value, the handler left the why; otherwise it was a line
	 * inih could not parse.
	 */
	struct sbuf msg;
	sbuf_init(&msg);
	if (rc > 0)
		sbuf_addf(&msg, "%s:%d: %s", ps->name, rc,
		          rc == ps->err_line ? sbuf_str(&ps->err) : "syntax error");
	else
		sbuf_addf(&msg, "%s: %s", ps->name, rc == -1 ? strerror(errno) : "out of memory");
	sbuf_free(&ps->err);
	*err = sbuf_steal(&msg);
	return -1;
}

int pw_config_parse_string(struct pw_config *cfg, const char *text, const char *name, char **err)
{
	struct parse_state ps = {.cfg = cfg, .name = name, .text = text};
	sbuf_init(&ps.err);
	int rc = ini_parse_stream(read_line, &ps, on_entry, &ps);
	return finish(&ps, rc, err);
}

static int parse_file(struct pw_config *cfg, const char *path, char **err)
{
	struct parse_state ps = {.cfg = cfg, .name = path};
	sbuf_init(&ps.err);
	FILE *f = fopen(path, "r");
	if (!f) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	ps.file = f;
	int rc = ini_parse_stream(read_line, &ps, on_entry, &ps);
	fclose(f);
	if (rc == 0) {
		free(cfg->loaded_from);
		cfg->loaded_from = xstrdup(path);
		struct stat sb;
		if ((cfg->password_from_file || cfg->broker_password_from_file) &&
		    stat(path, &sb) == 0 && (sb.st_mode & 077))
			pw_warn("config",
			        "%s holds a password%s and is readable by others (chmod 600 %s)", path,
			        cfg->password_from_file ? "" : " in its broker URL", path);
	}
	return finish(&ps, rc, err);
}

int pw_config_load(struct pw_config *cfg, const char *path, char **err)
{
	if (path)
		return parse_file(cfg, path, err);
	char *cand[2] = {NULL, NULL};
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		cand[0] = xasprintf("%s/parkwatch/config", xdg);
	else if (home && *home)
		cand[0] = xasprintf("%s/.config/parkwatch/config", home);
	cand[1] = xstrdup("/etc/xdg/parkwatch/config");
	int rc = 0;
	for (int i = 0; i < 2; i++) {
		if (cand[i] && access(cand[i], F_OK) == 0) {
			rc = parse_file(cfg, cand[i], err);
			break;
		}
	}
	free(cand[0]);
	free(cand[1]);
	return rc;
}
