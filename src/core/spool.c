/*
 * spool.c - entries kept in a file next to the database (see spool.h).
 *
 * Written at the worst moment (the SSH session just dropped, the database is
 * locked or the disk full), so the writer does the least that is durable:
 * one new file, fsync, rename, fsync of the directory. Read by a process
 * that may find a file some earlier crash left torn, so the reader takes a
 * line only when it is complete and valid.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "parkwatch/spool.h"
#include "parkwatch/util.h"

#define SPOOL_VERSION 1
#define SPOOL_FILE_MAX (64u << 20)   /* a spool file is a handful of entries */
#define SPOOL_SUFFIX ".jsonl"

/* ---- entries ---- */

/* 128 random bits as hex; without getrandom(), time, pid and a counter. */
static void new_id(char id[PW_SPOOL_ID_SZ])
{
	static unsigned counter;
	unsigned char r[16];
	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		uint64_t a = (uint64_t)pw_now_ms(), b = ((uint64_t)getpid() << 32) | ++counter;
		for (int i = 0; i < 8; i++) {
			r[i] = (unsigned char)(a >> (8 * i));
			r[8 + i] = (unsigned char)(b >> (8 * i));
		}
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
}

void pw_spool_entry_init(struct pw_spool_entry *e, const char *kind, const char *prog,
                         const char *operator_name, int64_t typed_at, const char *what,
                         const char *text)
{
	memset(e, 0, sizeof *e);
	new_id(e->id);
	e->kind = xstrdup(kind ? kind : PW_SPOOL_OTHER);
	e->prog = xstrdup(prog ? prog : "parkwatch");
	e->operator_name = xstrdup(operator_name ? operator_name : "");
	e->typed_at = typed_at;
	e->what = xstrdup(what ? what : "");
	e->text = xstrdup(text ? text : "");
	e->host = xstrdup(pw_hostname());
	e->pid = (long)getpid();
	e->spooled_at = pw_now_ms();
}

void pw_spool_entry_clear(struct pw_spool_entry *e)
{
	free(e->kind);
	free(e->operator_name);
	free(e->what);
	free(e->text);
	free(e->why);
	free(e->host);
	free(e->prog);
	free(e->db);
	json_decref(e->args);
	memset(e, 0, sizeof *e);
}

static json_t *args_of(struct pw_spool_entry *e)
{
	if (!e->args)
		e->args = json_object();
	return e->args;
}

void pw_spool_arg_set_int(struct pw_spool_entry *e, const char *key, int64_t v)
{
	json_object_set_new(args_of(e), key, json_integer((json_int_t)v));
}

void pw_spool_arg_set_str(struct pw_spool_entry *e, const char *key, const char *v)
{
	json_object_set_new(args_of(e), key, json_string(v ? v : ""));
}

void pw_spool_arg_set_bool(struct pw_spool_entry *e, const char *key, bool v)
{
	json_object_set_new(args_of(e), key, json_boolean(v));
}

int64_t pw_spool_arg_int(const struct pw_spool_entry *e, const char *key, int64_t def)
{
	json_t *v = e->args ? json_object_get(e->args, key) : NULL;
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

const char *pw_spool_arg_str(const struct pw_spool_entry *e, const char *key, const char *def)
{
	json_t *v = e->args ? json_object_get(e->args, key) : NULL;
	return json_is_string(v) ? json_string_value(v) : def;
}

bool pw_spool_arg_bool(const struct pw_spool_entry *e, const char *key, bool def)
{
	json_t *v = e->args ? json_object_get(e->args, key) : NULL;
	return json_is_boolean(v) ? json_is_true(v) : def;
}

/* ---- one line ---- */

char *pw_spool_entry_to_line(const struct pw_spool_entry *e)
{
	json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:I}",
	                      "v", SPOOL_VERSION, "id", e->id, "kind", e->kind, "operator",
	                      e->operator_name, "typed_at", (json_int_t)e->typed_at, "what", e->what,
	                      "text", e->text, "host", e->host, "pid", (json_int_t)e->pid, "prog",
	                      e->prog, "spooled_at", (json_int_t)e->spooled_at);
	if (!o)
		return NULL;   /* a string that is not UTF-8: the caller reports it */
	if (e->why)
		json_object_set_new(o, "why", json_string(e->why));
	if (e->db)
		json_object_set_new(o, "db", json_string(e->db));
	json_object_set_new(o, "args", e->args ? json_incref(e->args) : json_object());
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s)
		return NULL;
	char *line = xasprintf("%s\n", s);
	free(s);
	return line;
}

static char *str_field(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

int pw_spool_entry_from_line(struct pw_spool_entry *e, const char *line, size_t len)
{
	memset(e, 0, sizeof *e);
	json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	json_t *id = json_object_get(o, "id"), *typed = json_object_get(o, "typed_at");
	json_t *args = json_object_get(o, "args");
	const char *ids = json_string_value(id);
	bool ok = json_integer_value(json_object_get(o, "v")) == SPOOL_VERSION && ids &&
	          strlen(ids) == PW_SPOOL_ID_SZ - 1 && strspn(ids, "0123456789abcdef") == PW_SPOOL_ID_SZ - 1 &&
	          json_is_integer(typed) && (!args || json_is_object(args));
	if (ok) {
		memcpy(e->id, ids, PW_SPOOL_ID_SZ);
		e->typed_at = (int64_t)json_integer_value(typed);
		e->kind = str_field(o, "kind");
		e->operator_name = str_field(o, "operator");
		e->what = str_field(o, "what");
		e->text = str_field(o, "text");
		e->why = str_field(o, "why");
		e->host = str_field(o, "host");
		e->prog = str_field(o, "prog");
		e->db = str_field(o, "db");
		e->pid = (long)json_integer_value(json_object_get(o, "pid"));
		e->spooled_at = (int64_t)json_integer_value(json_object_get(o, "spooled_at"));
		ok = e->kind && e->operator_name && e->text;
		if (!e->what)
			e->what = xstrdup(e->kind ? e->kind : "");
		if (!e->host)
			e->host = xstrdup("?");
		if (!e->prog)
			e->prog = xstrdup("parkwatch");
		e->args = args ? json_incref(args) : NULL;
	}
	json_decref(o);
	if (!ok)
		pw_spool_entry_clear(e);
	return ok ? 0 : -1;
}

/* ---- files ---- */

#define SPOOL_DIR_SUFFIX "-spool"

char *pw_spool_dir(const char *db_path)
{
	return xasprintf("%s%s", db_path, SPOOL_DIR_SUFFIX);
}

/*
 * The spool is as readable as its database, never more: 0600 files in a
 * 0700 directory, or 0660 in 0770 when the database is group-writable (a
 * duty host where several logins share it), so the next operator's
 * parkwatch can save and remove what a colleague's console kept.
 */
static bool db_group_writable(const char *dir)
{
	size_t n = strlen(dir), k = strlen(SPOOL_DIR_SUFFIX);
	if (n <= k || strcmp(dir + n - k, SPOOL_DIR_SUFFIX) != 0)
		return false;
	char *db = xstrdup(dir);
	db[n - k] = '\0';
	struct stat sb;
	bool shared = stat(db, &sb) == 0 && (sb.st_mode & S_IWGRP);
	free(db);
	return shared;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* DIR exists as a directory, created with MODE (and made durable) when missing. */
static int make_dir(const char *dir, mode_t mode)
{
	if (mkdir(dir, mode) == 0) {
		/* Whatever the umask: a shared spool must stay writable by the group. */
		if (chmod(dir, mode) < 0)
			return -1;
		char *parent = xstrdup(dir);
		char *slash = strrchr(parent, '/');
		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		int rc = fsync_dir(slash ? parent : ".");
		free(parent);
		return rc;
	}
	struct stat sb;
	if (errno == EEXIST && stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return 0;
		errno = ENOTDIR;
	}
	return -1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * "<ms>-<host>-<pid>-<n>.jsonl": the name sorts by time; the host only of
 * safe characters; N counts this process's files, so two written in one
 * millisecond never share a name (the rename would replace the first).
 */
static char *file_name(int64_t now)
{
	static unsigned seq;
	char host[64];
	size_t k = 0;
	for (const char *h = pw_hostname(); *h && k + 1 < sizeof host; h++)
		host[k++] = (strchr("-_", *h) || (*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'z') ||
		             (*h >= 'A' && *h <= 'Z'))
		                    ? *h
		                    : '_';
	host[k] = '\0';
	return xasprintf("%013lld-%s-%ld-%u%s", (long long)now, host, (long)getpid(), ++seq, SPOOL_SUFFIX);
}

int pw_spool_write(const char *dir, const struct pw_spool_entry *entries, size_t n, char **path,
                   char **err)
{
	struct sbuf b;
	sbuf_init(&b);
	for (size_t i = 0; i < n; i++) {
		char *line = pw_spool_entry_to_line(&entries[i]);
		if (!line) {
			*err = xasprintf("entry %s cannot be written as JSON (text not UTF-8?)", entries[i].id);
			sbuf_free(&b);
			return -1;
		}
		sbuf_adds(&b, line);
		free(line);
	}
	bool shared = db_group_writable(dir);
	if (make_dir(dir, shared ? 0770 : 0700) < 0) {
		*err = xasprintf("%s: %s", dir, strerror(errno));
		sbuf_free(&b);
		return -1;
	}
	char *name = file_name(pw_now_ms());
	char *tmp = xasprintf("%s/.%s.tmp", dir, name);
	char *final = xasprintf("%s/%s", dir, name);
	free(name);
	const char *data = sbuf_str(&b);
	mode_t mode = shared ? 0660 : 0600;
	int rc = -1, fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd >= 0) {
		rc = fchmod(fd, mode) == 0 && write_all(fd, data, strlen(data)) == 0 && fsync(fd) == 0 ? 0 : -1;
		int saved = errno;
		if (close(fd) < 0 && rc == 0)
			rc = -1;
		else
			errno = saved;
		if (rc == 0)
			rc = rename(tmp, final);
		if (rc < 0) {
			saved = errno;
			unlink(tmp);
			errno = saved;
		} else {
			rc = fsync_dir(dir);
		}
	}
	if (rc < 0)
		*err = xasprintf("%s: %s", fd < 0 ? tmp : final, strerror(errno));
	sbuf_free(&b);
	free(tmp);
	if (rc == 0 && path)
		*path = final;
	else
		free(final);
	return rc;
}

char *pw_spool_fallback_dir(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	if (state && *state == '/')
		return xasprintf("%s/parkwatch/spool", state);
	const char *home = getenv("HOME");
	return home && *home == '/' ? xasprintf("%s/.local/state/parkwatch/spool", home) : NULL;
}

/* DIR and its missing parents, 0700 each. */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; rc == 0 && (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	free(p);
	return rc;
}

int pw_spool_keep(const char *db_path, struct pw_spool_entry *entries, size_t n, char **path,
                  char **err)
{
	char *abs = realpath(db_path, NULL);
	for (size_t i = 0; i < n; i++) {
		free(entries[i].db);
		entries[i].db = xstrdup(abs ? abs : db_path);
	}
	free(abs);
	char *dir = pw_spool_dir(db_path), *why = NULL;
	int rc = pw_spool_write(dir, entries, n, path, &why);
	free(dir);
	char *other = rc < 0 ? pw_spool_fallback_dir() : NULL;
	if (other) {
		char *why2 = NULL;
		rc = make_dirs(other) == 0 ? pw_spool_write(other, entries, n, path, &why2) : -1;
		if (rc < 0) {
			char *both = xasprintf("%s; %s", why, why2 ? why2 : strerror(errno));
			free(why);
			why = both;
		}
		free(why2);
		free(other);
	}
	if (rc < 0)
		*err = why;
	else
		free(why);
	return rc;
}

/* The whole file into memory (at most SPOOL_FILE_MAX bytes). */
static char *slurp(const char *path, size_t *len, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode) || (uintmax_t)sb.st_size > SPOOL_FILE_MAX) {
		*err = xasprintf("%s: %s", path, S_ISREG(sb.st_mode) ? "too large for a spool file"
		                                                     : "not a regular file");
		close(fd);
		return NULL;
	}
	size_t cap = (size_t)sb.st_size + 1, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = xasprintf("%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > SPOOL_FILE_MAX)
			break;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int pw_spool_read(const char *path, struct pw_spool_entry **entries, size_t *n, size_t *skipped,
                  char **err)
{
	*entries = NULL;
	*n = 0;
	if (skipped)
		*skipped = 0;
	size_t len;
	char *buf = slurp(path, &len, err);
	if (!buf)
		return -1;
	size_t cap = 0;
	for (size_t at = 0; at < len;) {
		char *nl = memchr(buf + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - buf) : len;
		struct pw_spool_entry e;
		/* Without its newline a line may be cut anywhere: never taken. */
		if (nl && end > at && pw_spool_entry_from_line(&e, buf + at, end - at) == 0) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 8;
				*entries = xrealloc(*entries, cap * sizeof **entries);
			}
			(*entries)[(*n)++] = e;
		} else if (end > at && skipped) {
			(*skipped)++;
		}
		at = end + 1;
	}
	free(buf);
	return 0;
}

void pw_spool_entries_free(struct pw_spool_entry *entries, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pw_spool_entry_clear(&entries[i]);
	free(entries);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_spool_name(const char *name)
{
	size_t n = strlen(name), k = strlen(SPOOL_SUFFIX);
	return name[0] != '.' && n > k && strcmp(name + n - k, SPOOL_SUFFIX) == 0;
}

int pw_spool_files(const char *dir, char ***paths, char **err)
{
	*paths = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		*err = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!is_spool_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *full = xasprintf("%s/%s", dir, names[i]);
		free(names[i]);
		names[i] = full;
	}
	*paths = names;
	return (int)n;
}

void pw_spool_files_free(char **paths, int n)
{
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int pw_spool_remove(const char *dir, const char *path)
{
	if (unlink(path) < 0 && errno != ENOENT)
		return -1;
	return fsync_dir(dir);
}
