/*
 * store_regs_browse.h - browsing the stored laws and regulations without a
 * query: the list of regulations and the articles of one, for the
 * Regulations screen (search itself is store_regs.h).
 */
#ifndef PARKWATCH_STORE_REGS_BROWSE_H
#define PARKWATCH_STORE_REGS_BROWSE_H

#include <stddef.h>
#include <stdint.h>

struct pw_store;

/* One regulation; number, issuer and effective may be NULL. */
struct store_reg_entry {
	int64_t id;
	char *title, *number, *issuer, *effective;
	int articles;        /* how many articles it has */
};

struct store_reg_list {
	struct store_reg_entry *v;
	size_t n;
};

/*
 * Every regulation, by title. Fills *out (free with store_reg_list_free,
 * also after an error). Returns 0 or -1 (store_errmsg()).
 */
int store_regs_list(struct pw_store *st, struct store_reg_list *out);
void store_reg_list_free(struct store_reg_list *l);

/* One article of a regulation: its label and the first line of its text. */
struct store_reg_article_entry {
	int64_t id;          /* for store_regs_article() */
	char *label;
	char *first_line;    /* up to the first newline */
};

struct store_reg_article_list {
	char *title;         /* the regulation's title */
	char *number, *issuer, *effective;  /* may be NULL */
	struct store_reg_article_entry *v;
	size_t n;
};

/*
 * The articles of regulation REG_ID in file order. Fills *out (free with
 * store_reg_article_list_free, also after an error). Returns 0,
 * PW_STORE_NOTFOUND when there is no such regulation, or -1.
 */
int store_regs_articles(struct pw_store *st, int64_t reg_id, struct store_reg_article_list *out);
void store_reg_article_list_free(struct store_reg_article_list *l);

#endif
