/*
 * store_regs.h - laws, regulations and standards in the database: import
 * (from a parsed file, see regs.h) and full-text search that works for
 * Chinese.
 *
 * Search uses the FTS5 trigram index (reg_fts) for queries of three or more
 * characters, ranked by bm25 with the best-matching column's snippet. A
 * trigram index cannot answer shorter queries, and in Chinese one or two
 * characters are whole words (氨, 氨气, 消防), so those fall back to a LIKE
 * scan of the articles (a few thousand rows at most), ranked by how often
 * the text occurs, with a snippet cut here. Both paths match ASCII letters
 * case-insensitively, so English words work too. The query is one phrase:
 * it matches where the text contains it exactly (spaces included).
 */
#ifndef PARKWATCH_STORE_REGS_H
#define PARKWATCH_STORE_REGS_H

#include <stdbool.h>
#include <stdint.h>

struct pw_store;
struct pw_reg_doc;

/* How a snippet marks the matched text: "…对[氨气]泄漏…". */
#define STORE_REGS_MARK_OPEN "["
#define STORE_REGS_MARK_CLOSE "]"
/* Longest query accepted, in bytes. */
#define STORE_REGS_QUERY_MAX 256

/*
 * Store DOC. A regulation with the same title is replaced (it keeps its id;
 * its articles and index rows are rewritten), so importing a corrected file
 * twice never duplicates. Regulation, articles and index change in one
 * transaction (joining the caller's when one is open). *replaced (may be
 * NULL) tells whether the title existed. Returns 0 or -1 (store_errmsg()).
 */
int store_regs_import(struct pw_store *st, const struct pw_reg_doc *doc, bool *replaced);

/* One search result; every pointer is valid only during the callback. */
struct store_reg_hit {
	int64_t article_id;   /* for store_regs_article() */
	const char *title;
	const char *number;   /* may be NULL */
	const char *label;
	const char *snippet;  /* excerpt with the match between the marks; may hold newlines */
	double rank;          /* lower is better; only comparable within one search */
};

/* Called per hit, best first; return non-zero to stop early. */
typedef int (*store_reg_hit_fn)(const struct store_reg_hit *hit, void *ud);

/*
 * Search for QUERY (UTF-8, surrounding spaces ignored). Delivers at most
 * LIMIT (1..1000) hits to FN. Returns the number delivered (0: nothing
 * found), or -1 on an empty, overlong or invalid-UTF-8 query or a database
 * error (store_errmsg()).
 */
int store_regs_search(struct pw_store *st, const char *query, int limit, store_reg_hit_fn fn,
                      void *ud);

/* A whole article with its regulation, for the detail view. */
struct store_reg_article {
	int64_t id;
	char *title, *number, *issuer, *effective;  /* number.. may be NULL */
	char *label, *body;
};

/* Fill *out (free with store_reg_article_free). 0, PW_STORE_NOTFOUND, or -1. */
int store_regs_article(struct pw_store *st, int64_t article_id, struct store_reg_article *out);
void store_reg_article_free(struct store_reg_article *a);

#endif
