/*
 * duty.c - the append-only duty log and its SHA-256 hash chain.
 *
 * Appends from several processes (consoles, CLI, recorder) serialise on the
 * write lock: the last hash is read inside a BEGIN IMMEDIATE transaction, so
 * two writers can never chain onto the same row. A confirmed entry must
 * survive power loss, so a standalone append commits with synchronous=FULL
 * (the connection's WAL default is NORMAL, which may lose the last commits);
 * the previous level is restored afterwards because FULL on every reading
 * batch would cost the recorder dearly for no gain.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "parkwatch/store_duty.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "store_private.h"

/* One field as a netstring "<len>:<bytes>," into the digest. */
static int hash_field(EVP_MD_CTX *md, const char *p, size_t n)
{
	char len[32];
	int k = snprintf(len, sizeof len, "%zu:", n);
	return EVP_DigestUpdate(md, len, (size_t)k) == 1 && EVP_DigestUpdate(md, p, n) == 1 &&
	               EVP_DigestUpdate(md, ",", 1) == 1
	       ? 0
	       : -1;
}

static int hash_int(EVP_MD_CTX *md, int64_t v)
{
	char num[32];
	int k = snprintf(num, sizeof num, "%" PRId64, v);
	return hash_field(md, num, (size_t)k);
}

/* The chain hash with explicit lengths, so verification sees every stored byte. */
static int duty_hash_n(char out[PW_DUTY_HASH_BUFSZ], const char *prev, size_t prev_n, int64_t id,
                       int64_t ts, const char *op, size_t op_n, const char *cat, size_t cat_n,
                       const char *text, size_t text_n, bool flagged)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = -1;
	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    hash_field(ctx, prev, prev_n) == 0 && hash_int(ctx, id) == 0 && hash_int(ctx, ts) == 0 &&
	    hash_field(ctx, op, op_n) == 0 && hash_field(ctx, cat, cat_n) == 0 &&
	    hash_field(ctx, text, text_n) == 0 && hash_int(ctx, flagged ? 1 : 0) == 0 &&
	    EVP_DigestFinal_ex(ctx, md, &md_n) == 1 && md_n == 32) {
		for (unsigned int i = 0; i < md_n; i++)
			snprintf(out + 2 * i, 3, "%02x", md[i]);
		rc = 0;
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

int store_duty_hash(char out[PW_DUTY_HASH_BUFSZ], const char *prev_hash, int64_t id, int64_t ts,
                    const char *operator_name, const char *category, const char *text,
                    bool flagged)
{
	return duty_hash_n(out, prev_hash, strlen(prev_hash), id, ts, operator_name,
	                   strlen(operator_name), category, strlen(category), text, strlen(text),
	                   flagged);
}

/* NULL when S is acceptable (1..max bytes of UTF-8), else what is wrong. */
static const char *field_problem(const char *s, size_t max)
{
	if (!s || !*s)
		return "is empty";
	size_t n = strlen(s);
	if (n > max)
		return "is too long";
	if (!pw_utf8_valid(s, n))
		return "is not valid UTF-8";
	return NULL;
}

static int duty_validate(struct pw_store *st, const char *op, const char *cat, const char *text)
{
	const char *why;
	if ((why = field_problem(text, PW_DUTY_TEXT_MAX)))
		return store_failf(st, "duty log: text %s (at most %d bytes of UTF-8)", why,
		                   PW_DUTY_TEXT_MAX);
	if ((why = field_problem(op, PW_DUTY_NAME_MAX)))
		return store_failf(st, "duty log: operator name %s (at most %d bytes of UTF-8)", why,
		                   PW_DUTY_NAME_MAX);
	if ((why = field_problem(cat, PW_DUTY_NAME_MAX)))
		return store_failf(st, "duty log: category %s (at most %d bytes of UTF-8)", why,
		                   PW_DUTY_NAME_MAX);
	return 0;
}

/* The newest row's id and hash (0 and the genesis value for an empty log). */
static int duty_tip(struct pw_store *st, int64_t *id, char prev[PW_DUTY_HASH_BUFSZ])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, hash FROM duty_log ORDER BY id DESC LIMIT 1");
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	*id = 0;
	snprintf(prev, PW_DUTY_HASH_BUFSZ, "%s", PW_DUTY_GENESIS);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(s, 1);
		*id = sqlite3_column_int64(s, 0);
		snprintf(prev, PW_DUTY_HASH_BUFSZ, "%s", h ? h : "");
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "read duty log");
}

/* Chain and insert one row; the caller holds the write lock. */
static int duty_insert(struct pw_store *st, int64_t ts, const char *op, const char *cat,
                       const char *text, bool flagged, int64_t *out_id)
{
	char prev[PW_DUTY_HASH_BUFSZ], hash[PW_DUTY_HASH_BUFSZ];
	int64_t last;
	if (duty_tip(st, &last, prev) < 0)
		return -1;
	int64_t id = last + 1;
	if (store_duty_hash(hash, prev, id, ts, op, cat, text, flagged) < 0)
		return store_failf(st, "duty log: SHA-256 failed");
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO duty_log (id, ts, operator, category, text, "
	                                 "flagged, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, ts);
	store_bind_text(s, 3, op);
	store_bind_text(s, 4, cat);
	store_bind_text(s, 5, text);
	sqlite3_bind_int(s, 6, flagged ? 1 : 0);
	store_bind_text(s, 7, prev);
	store_bind_text(s, 8, hash);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "append to duty log");
	char *head = xasprintf("%" PRId64 ":%s", id, hash);
	rc = store_meta_set(st, "duty_head", head);
	free(head);
	if (rc < 0)
		return -1;
	if (out_id)
		*out_id = id;
	return 0;
}

/* Current PRAGMA synchronous level (0..3), or -1. */
static int sync_level(struct pw_store *st)
{
	sqlite3_stmt *s = store_stmt(st, "PRAGMA synchronous");
	if (!s)
		return -1;
	int level = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_reset(s);
	return level;
}

static void sync_restore(struct pw_store *st, int level)
{
	/* PRAGMA takes no parameters, hence one literal per level. */
	static const char *const set[] = {"PRAGMA synchronous=OFF", "PRAGMA synchronous=NORMAL",
	                                  "PRAGMA synchronous=FULL", "PRAGMA synchronous=EXTRA"};
	if (level >= 0 && level < (int)PW_ARRAY_LEN(set) && level != 2)
		store_exec(st, set[level]);
}

int store_duty_append(struct pw_store *st, const char *operator_name, const char *category,
                      const char *text, bool flagged, int64_t *id)
{
	return store_duty_append_at(st, pw_now_ms(), operator_name, category, text, flagged, id);
}

int store_duty_append_at(struct pw_store *st, int64_t ts, const char *operator_name,
                         const char *category, const char *text, bool flagged, int64_t *id)
{
	if (duty_validate(st, operator_name, category, text) < 0)
		return -1;
	if (st->readonly)
		return store_failf(st, "duty log: the database is open read-only");
	if (st->tx_depth > 0)
		return duty_insert(st, ts, operator_name, category, text, flagged, id);

	/* synchronous cannot change inside a transaction: set it around this one. */
	int level = sync_level(st);
	if (level < 0 || store_exec(st, "PRAGMA synchronous=FULL") < 0)
		return -1;
	int rc = store_begin(st, true);
	if (rc == 0) {
		rc = duty_insert(st, ts, operator_name, category, text, flagged, id);
		if (rc == 0)
			rc = store_commit(st);
		if (rc < 0 && st->tx_depth > 0) {
			/* keep the real reason: rollback may overwrite the message */
			struct store_saved_error why;
			store_error_save(st, &why);
			store_rollback(st);
			store_error_restore(st, &why);
		}
	}
	sync_restore(st, level);
	return rc;
}

/* ---- verification ---- */

typedef void (*duty_problem_fn)(void *user, int64_t id, const char *why);

static const char *col_text(sqlite3_stmt *s, int i, size_t *n)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	*n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
	return t ? t : "";
}

/* Check one row against the expected prev hash; reports through FN. */
static int duty_check_row(sqlite3_stmt *s, const char *expect_prev, duty_problem_fn fn, void *user)
{
	size_t op_n, cat_n, text_n, prev_n, hash_n;
	int64_t id = sqlite3_column_int64(s, 0), ts = sqlite3_column_int64(s, 1);
	const char *op = col_text(s, 2, &op_n), *cat = col_text(s, 3, &cat_n);
	const char *text = col_text(s, 4, &text_n);
	bool flagged = sqlite3_column_int(s, 5) != 0;
	const char *prev = col_text(s, 6, &prev_n), *hash = col_text(s, 7, &hash_n);
	char want[PW_DUTY_HASH_BUFSZ];
	int problems = 0;

	if (strlen(expect_prev) != prev_n || memcmp(prev, expect_prev, prev_n) != 0) {
		fn(user, id, strcmp(expect_prev, PW_DUTY_GENESIS) == 0
		                 ? "prev_hash is not the chain start (rows removed before it)"
		                 : "prev_hash does not match the previous row (rows removed, "
		                   "inserted or reordered)");
		problems++;
	}
	if (duty_hash_n(want, prev, prev_n, id, ts, op, op_n, cat, cat_n, text, text_n, flagged) < 0)
		return -1;
	if (hash_n != 64 || memcmp(hash, want, 64) != 0) {
		fn(user, id, "hash does not match (edited or inserted)");
		problems++;
	}
	return problems;
}

/* The recorded chain head must still be there, unchanged. */
static int duty_check_head(struct pw_store *st, duty_problem_fn fn, void *user)
{
	char *head = store_meta_get(st, "duty_head");
	if (!head)
		return 0;
	char *colon = strchr(head, ':');
	long long id = colon ? strtoll(head, NULL, 10) : 0;
	int problems = 0;
	if (colon && id > 0) {
		sqlite3_stmt *s = store_stmt(st, "SELECT hash FROM duty_log WHERE id = ?");
		if (!s) {
			free(head);
			return -1;
		}
		sqlite3_bind_int64(s, 1, id);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE) {
			fn(user, id, "missing, but it was the newest entry written (log truncated)");
			problems++;
		} else if (rc == SQLITE_ROW) {
			const char *h = (const char *)sqlite3_column_text(s, 0);
			if (!h || strcmp(h, colon + 1) != 0) {
				fn(user, id, "differs from the chain head recorded when it was written "
				             "(chain rewritten)");
				problems++;
			}
		} else {
			problems = store_fail(st, "read duty log");
		}
		sqlite3_reset(s);
	}
	free(head);
	return problems;
}

/*
 * Walk every row in id order. Each row is checked against the previous row's
 * STORED hash, so one edited row yields one problem instead of a cascade.
 * Returns the number of problems (stopping at the first when stop_first), or -1.
 */
static int duty_walk(struct pw_store *st, duty_problem_fn fn, void *user, bool stop_first)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, ts, operator, category, text, flagged, "
	                                 "prev_hash, hash FROM duty_log ORDER BY id");
	if (!s)
		return -1;
	char expect[PW_DUTY_HASH_BUFSZ];
	snprintf(expect, sizeof expect, "%s", PW_DUTY_GENESIS);
	int problems = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int n = duty_check_row(s, expect, fn, user);
		if (n < 0) {
			sqlite3_reset(s);
			return store_failf(st, "duty log: SHA-256 failed");
		}
		problems += n;
		if (problems && stop_first)
			break;
		const char *h = (const char *)sqlite3_column_text(s, 7);
		snprintf(expect, sizeof expect, "%s", h ? h : "");
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, "read duty log");
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	if (problems && stop_first)
		return problems;
	int head = duty_check_head(st, fn, user);
	return head < 0 ? -1 : problems + head;
}

struct first_problem {
	int64_t id;
	char *why;
};

static void keep_first(void *user, int64_t id, const char *why)
{
	struct first_problem *fp = user;
	if (!fp->why) {
		fp->id = id;
		fp->why = xstrdup(why);
	}
}

int store_duty_verify(struct pw_store *st, int64_t *bad_id, char **why)
{
	struct first_problem fp = {0, NULL};
	int n = duty_walk(st, keep_first, &fp, true);
	if (n > 0) {
		if (bad_id)
			*bad_id = fp.id;
		if (why) {
			*why = fp.why;
			fp.why = NULL;
		}
	}
	free(fp.why);
	return n < 0 ? -1 : n > 0 ? 1 : 0;
}

static void print_problem(void *user, int64_t id, const char *why)
{
	/* WHY may quote data. */
	pw_print_line((FILE *)user, "duty_log row %" PRId64 ": %s", id, why);
}

int store_duty_report(struct pw_store *st, FILE *out)
{
	return duty_walk(st, print_problem, out, false);
}
