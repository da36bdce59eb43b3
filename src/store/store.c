/*
 * store.c - opening the database, schema migrations, transactions, the
 * statement cache and the meta table.
 *
 * Migrations are the embedded db/schema/NNN_*.sql files, applied in order,
 * each in its own transaction together with its PRAGMA user_version bump, so
 * an interrupted migration leaves the previous version intact.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "parkwatch/embed.h"
#include "parkwatch/store_spool.h"
#include "parkwatch/util.h"
#include "store_private.h"

#define SCHEMA_PREFIX "db/schema/"

/* Version of an embedded migration from its name "db/schema/NNN_x.sql"; 0 if not one. */
static int migration_version(const char *name)
{
	size_t n = strlen(SCHEMA_PREFIX);
	if (strncmp(name, SCHEMA_PREFIX, n) != 0)
		return 0;
	const char *p = name + n;
	int v = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	return digits == 3 && *p == '_' ? v : 0;
}

static const struct pw_embedded *migration_find(int version)
{
	for (const struct pw_embedded *e = pw_embedded_files; e->name; e++)
		if (migration_version(e->name) == version)
			return e;
	return NULL;
}

int store_schema_latest(void)
{
	int latest = 0;
	for (const struct pw_embedded *e = pw_embedded_files; e->name; e++) {
		int v = migration_version(e->name);
		if (v > latest)
			latest = v;
	}
	return latest;
}

static void set_err(struct pw_store *st, char *msg)
{
	free(st->errmsg);
	st->errmsg = msg;
}

int store_fail(struct pw_store *st, const char *what)
{
	st->errcode = st->db ? sqlite3_extended_errcode(st->db) : 0;
	set_err(st, xasprintf("%s: %s", what, st->db ? sqlite3_errmsg(st->db) : "no database"));
	return -1;
}

void store_error_save(struct pw_store *st, struct store_saved_error *e)
{
	e->msg = xstrdup(store_errmsg(st));
	e->code = st->errcode;
}

void store_error_restore(struct pw_store *st, struct store_saved_error *e)
{
	set_err(st, e->msg);
	st->errcode = e->code;
	e->msg = NULL;
}

static void set_errv(struct pw_store *st, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void set_errv(struct pw_store *st, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *s = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, again);
	va_end(again);
	st->errcode = 0;
	set_err(st, s);
}

int store_failf(struct pw_store *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_errv(st, fmt, ap);
	va_end(ap);
	return -1;
}

int store_lookup_rc(struct pw_store *st, int rc, const char *what, const char *fmt, ...)
{
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(st, what);
	va_list ap;
	va_start(ap, fmt);
	set_errv(st, fmt, ap);
	va_end(ap);
	return PW_STORE_NOTFOUND;
}

const char *store_errmsg(const struct pw_store *st)
{
	return st && st->errmsg ? st->errmsg : "unknown error";
}

bool store_failed_busy(const struct pw_store *st)
{
	int primary = st->errcode & 0xff;
	return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

const char *store_path(const struct pw_store *st)
{
	return st->path;
}

static size_t stmt_home(size_t cap, const char *sql)
{
	uintptr_t a = (uintptr_t)sql;
	a ^= a >> 17;
	a *= (uintptr_t)0x9E3779B97F4A7C15ULL;
	return (size_t)(a >> 7) & (cap - 1);
}

/* Put an entry known to be absent into SLOTS (which has a free slot). */
static void stmt_place(struct store_stmt_slot *slots, size_t cap, struct store_stmt_slot e)
{
	size_t k = stmt_home(cap, e.sql);
	while (slots[k].sql)
		k = (k + 1) & (cap - 1);
	slots[k] = e;
}

/* Double the table. */
static void stmt_grow(struct pw_store *st)
{
	size_t cap = st->cache_cap ? st->cache_cap * 2 : STORE_STMT_INITIAL;
	struct store_stmt_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < st->cache_cap; i++)
		if (st->cache[i].sql)
			stmt_place(slots, cap, st->cache[i]);
	free(st->cache);
	st->cache = slots;
	st->cache_cap = cap;
}

/* Remove slot K, shifting later members of its probe run back (no tombstones). */
static void stmt_remove(struct pw_store *st, size_t k)
{
	size_t mask = st->cache_cap - 1;
	sqlite3_finalize(st->cache[k].stmt);
	st->cache[k] = (struct store_stmt_slot){ 0 };
	st->cache_len--;
	for (size_t j = (k + 1) & mask; st->cache[j].sql; j = (j + 1) & mask) {
		struct store_stmt_slot e = st->cache[j];
		st->cache[j] = (struct store_stmt_slot){ 0 };
		stmt_place(st->cache, st->cache_cap, e);
	}
}

/*
 * Finalize the least recently used statement that is not being stepped.
 * False when every one is in use (the caller then prepares one it does not
 * cache).
 */
static bool stmt_evict(struct pw_store *st)
{
	size_t victim = SIZE_MAX;
	for (size_t i = 0; i < st->cache_cap; i++) {
		if (!st->cache[i].sql || sqlite3_stmt_busy(st->cache[i].stmt))
			continue;
		if (victim == SIZE_MAX || st->cache[i].used < st->cache[victim].used)
			victim = i;
	}
	if (victim == SIZE_MAX)
		return false;
	stmt_remove(st, victim);
	st->cache_evicted++;
	return true;
}

sqlite3_stmt *store_stmt(struct pw_store *st, const char *sql)
{
	st->cache_clock++;
	if (st->cache_cap) {
		size_t mask = st->cache_cap - 1;
		for (size_t k = stmt_home(st->cache_cap, sql); st->cache[k].sql; k = (k + 1) & mask) {
			if (st->cache[k].sql == sql) {
				sqlite3_reset(st->cache[k].stmt);
				sqlite3_clear_bindings(st->cache[k].stmt);
				st->cache[k].used = st->cache_clock;
				return st->cache[k].stmt;
			}
		}
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_fail(st, "prepare");
		return NULL;
	}
	/* At the bound, make room; if every statement is being stepped (a
	 * design error) the table grows past it rather than fail the caller. */
	if (st->cache_len >= STORE_STMT_MAX)
		stmt_evict(st);
	if ((st->cache_len + 1) * 2 > st->cache_cap)
		stmt_grow(st);
	stmt_place(st->cache, st->cache_cap, (struct store_stmt_slot){ sql, s, st->cache_clock });
	st->cache_len++;
	return s;
}

size_t store_stmt_cached(const struct pw_store *st)
{
	return st->cache_len;
}

uint64_t store_stmt_evicted(const struct pw_store *st)
{
	return st->cache_evicted;
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

char *store_col_strdup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

int store_exec(struct pw_store *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		st->errcode = sqlite3_extended_errcode(st->db);
		set_err(st, xasprintf("%s", msg ? msg : sqlite3_errmsg(st->db)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int pragma_int(struct pw_store *st, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "read database header");
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, "read database header");
	return 0;
}

int store_schema_version(struct pw_store *st)
{
	int64_t v = -1;
	if (pragma_int(st, "PRAGMA user_version", &v) < 0)
		return -1;
	return (int)v;
}

int64_t store_data_version(struct pw_store *st)
{
	int64_t v = 0;
	if (pragma_int(st, "PRAGMA data_version", &v) < 0)
		return -1;
	return v;
}

/* mkdir -p of PATH's parent directory (mode 0700: the database is private). */
static int make_parent_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST)
				rc = -1;
			*p = '/';
		}
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

/* Why PATH cannot be opened, in words, before SQLite gives a vaguer answer. */
static char *precheck_path(const char *path, int flags)
{
	struct stat sb;
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT && (flags & PW_STORE_CREATE))
			return NULL;
		if (errno == ENOENT)
			return xasprintf("%s: no such file (run parkwatch db init)", path);
		return xasprintf("%s: %s", path, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return xasprintf("%s: is a directory", path);
	if (!S_ISREG(sb.st_mode))
		return xasprintf("%s: not a regular file", path);
	if (access(path, (flags & PW_STORE_READONLY) ? R_OK : R_OK | W_OK) < 0) {
		if (errno == EROFS)
			return xasprintf("%s: read-only file system (it can still be read: "
			                 "query, report, console --read-only)", path);
		return xasprintf("%s: %s", path, strerror(errno));
	}
	return NULL;
}

static int configure_connection(struct pw_store *st)
{
	sqlite3_extended_result_codes(st->db, 1);
	if (store_exec(st, "PRAGMA foreign_keys = ON") < 0)
		return -1;
	if (!st->readonly) {
		sqlite3_stmt *s = NULL;
		/* journal_mode returns a row; WAL persists in the file. */
		if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK)
			return store_fail(st, "set WAL mode");
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW)
			return store_fail(st, "set WAL mode");
		if (store_exec(st, "PRAGMA synchronous = NORMAL") < 0)
			return -1;
		/* The WAL is reused, never shrunk, after a checkpoint; cap what a
		 * burst leaves behind so a long-running recorder's disk use is bounded. */
		if (store_exec(st, "PRAGMA journal_size_limit = 16777216") < 0)
			return -1;
	}
	return 0;
}

static int check_schema(struct pw_store *st, int flags)
{
	/* Reading the header also tells a corrupt or non-database file apart. */
	int v = store_schema_version(st);
	if (v < 0) {
		const char *m = sqlite3_errmsg(st->db);
		return store_failf(st, "%s: %s", st->path, m);
	}
	if (v > store_schema_latest())
		return store_failf(st,
		                   "%s: schema version %d was written by a newer parkwatch "
		                   "(this one knows up to %d); upgrade parkwatch",
		                   st->path, v, store_schema_latest());
	if (flags & PW_STORE_NO_SCHEMA)
		return 0;
	if (v == 0)
		return store_failf(st, "%s: not a parkwatch database yet (run parkwatch db init)", st->path);
	if (v < store_schema_latest())
		return store_failf(st, "%s: schema version %d is older than %d (run parkwatch db migrate)",
		                   st->path, v, store_schema_latest());
	return 0;
}

/* Private to store_open(): open as an immutable file (see reopen_immutable). */
#define STORE_OPEN_IMMUTABLE (1 << 30)

/*
 * A WAL database on a read-only file system (a disk the kernel remounted
 * read-only after errors) cannot be read the usual way: SQLite must create
 * the -shm file first. Nobody can change the file there, so it may be read
 * as immutable, which needs no -shm; only when there is no -wal file, whose
 * committed pages an immutable reader would not see.
 */
static bool can_read_immutable(const char *path)
{
	struct statvfs vfs;
	struct stat sb;
	char *wal = xasprintf("%s-wal", path);
	bool no_wal = stat(wal, &sb) < 0 && errno == ENOENT;
	free(wal);
	return no_wal && statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
}

/* "file:PATH?immutable=1" with PATH percent-encoded. Caller frees. */
static char *immutable_uri(const char *path)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			sbuf_addc(&b, (char)*p);
		else
			sbuf_addf(&b, "%%%02X", *p);
	}
	sbuf_adds(&b, "?immutable=1");
	return b.s;
}

int store_open(struct pw_store **out, const char *path, int flags, char **err)
{
	*out = NULL;
	char *why = precheck_path(path, flags);
	if (why) {
		*err = why;
		return -1;
	}
	if ((flags & PW_STORE_CREATE) && make_parent_dir(path) < 0) {
		*err = xasprintf("%s: cannot create its directory: %s", path, strerror(errno));
		return -1;
	}
	struct pw_store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->readonly = (flags & PW_STORE_READONLY) != 0;
	int oflags = SQLITE_OPEN_NOMUTEX;
	if (st->readonly)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE | ((flags & PW_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	char *uri = (flags & STORE_OPEN_IMMUTABLE) ? immutable_uri(path) : NULL;
	int orc = sqlite3_open_v2(uri ? uri : path, &st->db, oflags | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	if (orc != SQLITE_OK) {
		*err = xasprintf("%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	/* Before the first read: a concurrent writer must mean a wait, not "locked". */
	st->busy_ms = 5000;
	sqlite3_busy_timeout(st->db, st->busy_ms);
	if (check_schema(st, flags) < 0 || configure_connection(st) < 0) {
		*err = xstrdup(store_errmsg(st));
		bool retry = st->readonly && !(flags & STORE_OPEN_IMMUTABLE) && can_read_immutable(path);
		store_close(st);
		if (retry) {
			free(*err);
			*err = NULL;
			return store_open(out, path, flags | STORE_OPEN_IMMUTABLE, err);
		}
		return -1;
	}
	/* Entries a console could not save before it exited (store_spool.h):
	 * the first process that can write saves them. */
	if (!st->readonly && !(flags & PW_STORE_NO_SCHEMA))
		store_spool_replay(st, stderr);
	*out = st;
	return 0;
}

void store_close(struct pw_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->cache_cap; i++)
		if (st->cache[i].sql)
			sqlite3_finalize(st->cache[i].stmt);
	free(st->cache);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st->errmsg);
	free(st);
}

int store_begin(struct pw_store *st, bool immediate)
{
	if (st->tx_depth++ > 0)
		return 0;
	if (store_exec(st, immediate ? "BEGIN IMMEDIATE" : "BEGIN") < 0) {
		st->tx_depth = 0;
		return -1;
	}
	return 0;
}

int store_commit(struct pw_store *st)
{
	if (st->tx_depth <= 0)
		return store_failf(st, "commit without a transaction");
	if (--st->tx_depth > 0)
		return 0;
	if (store_exec(st, "COMMIT") < 0) {
		/* The transaction stays open on a busy COMMIT; roll it back so the
		 * connection is usable and the caller can retry the whole batch. */
		char *msg = xstrdup(store_errmsg(st));
		store_exec(st, "ROLLBACK");
		set_err(st, msg);
		return -1;
	}
	return 0;
}

void store_rollback(struct pw_store *st)
{
	if (st->tx_depth <= 0)
		return;
	st->tx_depth = 0;
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int apply_migration(struct pw_store *st, int version)
{
	const struct pw_embedded *m = migration_find(version);
	if (!m)
		return store_failf(st, "migration %03d is missing from this build", version);
	if (store_begin(st, true) < 0)
		return -1;
	if (store_exec(st, m->data) < 0) {
		char *msg = xasprintf("%s: %s", m->name, store_errmsg(st));
		store_rollback(st);
		set_err(st, msg);
		return -1;
	}
	/* PRAGMA takes no parameters; the value is an int we computed. */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
	if (store_exec(st, sql) < 0 || store_commit(st) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int store_migrate(struct pw_store *st, int *from, int *to)
{
	int v = store_schema_version(st);
	if (v < 0)
		return -1;
	int latest = store_schema_latest();
	if (from)
		*from = v;
	if (v > latest)
		return store_failf(st, "schema version %d was written by a newer parkwatch", v);
	for (int next = v + 1; next <= latest; next++) {
		if (apply_migration(st, next) < 0)
			return -1;
		if (to)
			*to = next;
	}
	if (to)
		*to = store_schema_version(st);
	return 0;
}

int store_meta_set(struct pw_store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	store_bind_text(s, 2, value);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write meta");
	return 0;
}

char *store_meta_get(struct pw_store *st, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM meta WHERE key = ?1");
	if (!s)
		return NULL;
	store_bind_text(s, 1, key);
	char *v = NULL;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = store_col_strdup(s, 0);
	sqlite3_reset(s);
	return v;
}

int store_set_busy_timeout(struct pw_store *st, int ms)
{
	int was = st->busy_ms;
	st->busy_ms = ms > 0 ? ms : 0;
	sqlite3_busy_timeout(st->db, st->busy_ms);
	return was;
}
