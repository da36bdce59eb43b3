/*
 * regs_browse.c - the regulation list and the articles of one regulation,
 * for the Regulations screen when no query is entered.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_regs_browse.h"
#include "parkwatch/util.h"
#include "store_private.h"

int store_regs_list(struct pw_store *st, struct store_reg_list *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, "SELECT r.id, r.title, r.number, r.issuer, r.effective,"
	                                 " (SELECT count(*) FROM reg_articles a WHERE a.reg_id = r.id)"
	                                 " FROM regulations r ORDER BY r.title");
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v, 16);
		out->v[out->n++] = (struct store_reg_entry){
			.id = sqlite3_column_int64(s, 0),
			.title = store_col_strdup(s, 1),
			.number = store_col_strdup(s, 2),
			.issuer = store_col_strdup(s, 3),
			.effective = store_col_strdup(s, 4),
			.articles = sqlite3_column_int(s, 5),
		};
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, "list regulations");
	sqlite3_reset(s);
	return 0;
}

void store_reg_list_free(struct store_reg_list *l)
{
	for (size_t i = 0; l && i < l->n; i++) {
		free(l->v[i].title);
		free(l->v[i].number);
		free(l->v[i].issuer);
		free(l->v[i].effective);
	}
	if (l) {
		free(l->v);
		memset(l, 0, sizeof *l);
	}
}

static int regulation_head(struct pw_store *st, int64_t reg_id, struct store_reg_article_list *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT title, number, issuer, effective FROM regulations"
	                                 " WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, reg_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return PW_STORE_NOTFOUND;
	if (rc != SQLITE_ROW)
		return store_fail(st, "read regulation");
	out->title = store_col_strdup(s, 0);
	out->number = store_col_strdup(s, 1);
	out->issuer = store_col_strdup(s, 2);
	out->effective = store_col_strdup(s, 3);
	sqlite3_reset(s);
	return 0;
}

int store_regs_articles(struct pw_store *st, int64_t reg_id, struct store_reg_article_list *out)
{
	memset(out, 0, sizeof *out);
	int rc = regulation_head(st, reg_id, out);
	if (rc != 0)
		return rc;
	/* The first line only: the full body is read when an article is opened. */
	sqlite3_stmt *s = store_stmt(st, "SELECT id, label, CASE WHEN instr(body, char(10)) > 0"
	                                 " THEN substr(body, 1, instr(body, char(10)) - 1) ELSE body END"
	                                 " FROM reg_articles WHERE reg_id = ?1 ORDER BY seq");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, reg_id);
	size_t cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v, 32);
		out->v[out->n++] = (struct store_reg_article_entry){
			.id = sqlite3_column_int64(s, 0),
			.label = store_col_strdup(s, 1),
			.first_line = store_col_strdup(s, 2),
		};
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, "list articles");
	sqlite3_reset(s);
	return 0;
}

void store_reg_article_list_free(struct store_reg_article_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].label);
		free(l->v[i].first_line);
	}
	free(l->v);
	free(l->title);
	free(l->number);
	free(l->issuer);
	free(l->effective);
	memset(l, 0, sizeof *l);
}
