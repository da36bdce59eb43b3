/*
 * regs.c - laws and regulations: import into regulations / reg_articles /
 * reg_fts, and search (FTS5 trigram, with a LIKE fallback for the one- and
 * two-character queries a trigram index cannot answer).
 *
 * reg_fts is a plain FTS5 table (it keeps its own copy of the text so that
 * snippet() works) whose rowid is reg_articles.id; the two are always
 * written together in one transaction.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/regs.h"
#include "parkwatch/store_regs.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "store_private.h"

/* Characters of context either side of the match in a snippet. */
#define SNIPPET_BEFORE 12
#define SNIPPET_AFTER 24

/* Drop the articles (and their index rows) of regulation REG_ID. */
static int delete_articles(struct pw_store *st, int64_t reg_id)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM reg_fts WHERE rowid IN "
	                                 "(SELECT id FROM reg_articles WHERE reg_id = ?1)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, reg_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "remove old index rows");
	s = store_stmt(st, "DELETE FROM reg_articles WHERE reg_id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, reg_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "remove old articles");
	return 0;
}

/* Insert or update the regulation row; *reg_id gets its id. */
static int upsert_regulation(struct pw_store *st, const struct pw_reg_doc *doc, int64_t *reg_id,
                             bool *replaced)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM regulations WHERE title = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, doc->title);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "look up regulation");
	*replaced = rc == SQLITE_ROW;
	if (*replaced) {
		*reg_id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		s = store_stmt(st, "UPDATE regulations SET number = ?2, issuer = ?3, effective = ?4 "
		                   "WHERE id = ?1");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, *reg_id);
	} else {
		s = store_stmt(st, "INSERT INTO regulations(title, number, issuer, effective) "
		                   "VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return -1;
		store_bind_text(s, 1, doc->title);
	}
	store_bind_text(s, 2, doc->number);
	store_bind_text(s, 3, doc->issuer);
	store_bind_text(s, 4, doc->effective);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write regulation");
	if (!*replaced)
		*reg_id = sqlite3_last_insert_rowid(st->db);
	return *replaced ? delete_articles(st, *reg_id) : 0;
}

static int insert_article(struct pw_store *st, int64_t reg_id, int seq, const char *title,
                          const struct pw_reg_article *a)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO reg_articles(reg_id, seq, label, body) "
	                                 "VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, reg_id);
	sqlite3_bind_int(s, 2, seq);
	store_bind_text(s, 3, a->label);
	store_bind_text(s, 4, a->body);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write article");
	int64_t id = sqlite3_last_insert_rowid(st->db);
	s = store_stmt(st, "INSERT INTO reg_fts(rowid, title, label, body) VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, title);
	store_bind_text(s, 3, a->label);
	store_bind_text(s, 4, a->body);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "index article");
	return 0;
}

int store_regs_import(struct pw_store *st, const struct pw_reg_doc *doc, bool *replaced)
{
	bool dummy;
	if (!replaced)
		replaced = &dummy;
	if (!doc || !doc->title || !*doc->title || doc->n_articles == 0)
		return store_failf(st, "import regulation: no title or no articles");
	if (store_begin(st, true) < 0)
		return -1;
	int64_t reg_id = 0;
	if (upsert_regulation(st, doc, &reg_id, replaced) < 0)
		goto fail;
	for (size_t i = 0; i < doc->n_articles; i++)
		if (insert_article(st, reg_id, (int)i + 1, doc->title, &doc->articles[i]) < 0)
			goto fail;
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

/* ---- search --------------------------------------------------------------- */

/* FTS5 string literal for QUERY: the whole query as one phrase, '"' doubled. */
static char *fts_phrase(const char *query)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addc(&b, '"');
	for (const char *p = query; *p; p++) {
		if (*p == '"')
			sbuf_addc(&b, '"');
		sbuf_addc(&b, *p);
	}
	sbuf_addc(&b, '"');
	return sbuf_steal(&b);
}

/*
 * One hit from a result row (id, title, number, label, body, rank): the
 * snippet is cut here for both search paths, around the first match in the
 * body, else in the label or title. FTS5's own snippet() counts trigram
 * tokens and can cut a long match in half ("[重大危]…"), which this cannot.
 */
static int deliver(sqlite3_stmt *s, const char *query, double rank, store_reg_hit_fn fn, void *ud)
{
	struct store_reg_hit h = {
		.article_id = sqlite3_column_int64(s, 0),
		.title = (const char *)sqlite3_column_text(s, 1),
		.number = (const char *)sqlite3_column_text(s, 2),
		.label = (const char *)sqlite3_column_text(s, 3),
		.rank = rank,
	};
	const char *body = (const char *)sqlite3_column_text(s, 4);
	char *snip = pw_regs_snippet(body, query, SNIPPET_BEFORE, SNIPPET_AFTER, STORE_REGS_MARK_OPEN,
	                             STORE_REGS_MARK_CLOSE);
	if (!snip)
		snip = pw_regs_snippet(h.label, query, SNIPPET_BEFORE, SNIPPET_AFTER, STORE_REGS_MARK_OPEN,
		                       STORE_REGS_MARK_CLOSE);
	if (!snip)
		snip = pw_regs_snippet(h.title, query, SNIPPET_BEFORE, SNIPPET_AFTER, STORE_REGS_MARK_OPEN,
		                       STORE_REGS_MARK_CLOSE);
	if (!snip && body) {
		/* Matched only through Unicode case folding: show the article's start. */
		size_t n = pw_text_prefix(body, 2 * (SNIPPET_BEFORE + SNIPPET_AFTER));
		snip = xasprintf("%.*s%s", (int)n, body, body[n] ? "\xe2\x80\xa6" : "");
	}
	h.snippet = snip ? snip : "";
	int stop = fn(&h, ud);
	free(snip);
	return stop;
}

/* Step S (already bound) delivering each row; returns hits delivered or -1. */
static int deliver_all(struct pw_store *st, sqlite3_stmt *s, const char *query, double rank_sign,
                       store_reg_hit_fn fn, void *ud)
{
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		n++;
		if (deliver(s, query, rank_sign * sqlite3_column_double(s, 5), fn, ud))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "search regulations");
	sqlite3_reset(s);
	return n;
}

/*
 * Every article repeats its regulation's title, so a title match says little
 * about the article: the title column weighs half as much as label and body.
 */
static int search_fts(struct pw_store *st, const char *query, int limit, store_reg_hit_fn fn,
                      void *ud)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT f.rowid, r.title, r.number, a.label, a.body, "
	                                 "       bm25(reg_fts, 0.5, 1.0, 1.0) AS score "
	                                 "FROM reg_fts f JOIN reg_articles a ON a.id = f.rowid "
	                                 "JOIN regulations r ON r.id = a.reg_id "
	                                 "WHERE reg_fts MATCH ?1 ORDER BY score, r.id, a.seq LIMIT ?2");
	if (!s)
		return -1;
	char *phrase = fts_phrase(query);
	sqlite3_bind_text(s, 1, phrase, -1, free);
	sqlite3_bind_int(s, 2, limit);
	return deliver_all(st, s, query, 1.0, fn, ud);
}

/* LIKE pattern matching QUERY literally: %, _ and the escape itself escaped. */
static char *like_pattern(const char *query)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addc(&b, '%');
	for (const char *p = query; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			sbuf_addc(&b, '\\');
		sbuf_addc(&b, *p);
	}
	sbuf_addc(&b, '%');
	return sbuf_steal(&b);
}

static int search_like(struct pw_store *st, const char *query, int limit, store_reg_hit_fn fn,
                       void *ud)
{
	/* Occurrences in the body rank first; lower() folds ASCII only, like LIKE. */
	sqlite3_stmt *s = store_stmt(
		st, "SELECT a.id, r.title, r.number, a.label, a.body, "
		    "       (length(a.body) - length(replace(lower(a.body), lower(?2), ''))) "
		    "         / length(?2) AS hits "
		    "FROM reg_articles a JOIN regulations r ON r.id = a.reg_id "
		    "WHERE a.body LIKE ?1 ESCAPE '\\' OR a.label LIKE ?1 ESCAPE '\\' "
		    "   OR r.title LIKE ?1 ESCAPE '\\' "
		    "ORDER BY hits DESC, r.id, a.seq LIMIT ?3");
	if (!s)
		return -1;
	char *pattern = like_pattern(query);
	sqlite3_bind_text(s, 1, pattern, -1, free);
	sqlite3_bind_text(s, 2, query, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, limit);
	return deliver_all(st, s, query, -1.0, fn, ud);
}

/* Characters (code points) of valid UTF-8 S. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int store_regs_search(struct pw_store *st, const char *query, int limit, store_reg_hit_fn fn,
                      void *ud)
{
	if (!query)
		return store_failf(st, "search: empty query");
	while (*query == ' ' || *query == '\t')
		query++;
	size_t len = strlen(query);
	while (len && (query[len - 1] == ' ' || query[len - 1] == '\t'))
		len--;
	if (len == 0)
		return store_failf(st, "search: empty query");
	if (len > STORE_REGS_QUERY_MAX)
		return store_failf(st, "search: query longer than %d bytes", STORE_REGS_QUERY_MAX);
	if (!pw_utf8_valid(query, len))
		return store_failf(st, "search: query is not valid UTF-8");
	if (limit < 1 || limit > 1000)
		return store_failf(st, "search: limit %d out of range 1..1000", limit);
	char *q = xstrndup(query, len);
	int n = utf8_chars(q) >= 3 ? search_fts(st, q, limit, fn, ud) : search_like(st, q, limit, fn, ud);
	free(q);
	return n;
}

int store_regs_article(struct pw_store *st, int64_t article_id, struct store_reg_article *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, "SELECT r.title, r.number, r.issuer, r.effective, a.label, a.body "
	                                 "FROM reg_articles a JOIN regulations r ON r.id = a.reg_id "
	                                 "WHERE a.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, article_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return PW_STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail(st, "read article");
	out->id = article_id;
	out->title = store_col_strdup(s, 0);
	out->number = store_col_strdup(s, 1);
	out->issuer = store_col_strdup(s, 2);
	out->effective = store_col_strdup(s, 3);
	out->label = store_col_strdup(s, 4);
	out->body = store_col_strdup(s, 5);
	sqlite3_reset(s);
	return 0;
}

void store_reg_article_free(struct store_reg_article *a)
{
	if (!a)
		return;
	free(a->title);
	free(a->number);
	free(a->issuer);
	free(a->effective);
	free(a->label);
	free(a->body);
	memset(a, 0, sizeof *a);
}
