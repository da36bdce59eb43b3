/*
 * regs_ui.h - the Regulations screen (tab 8): search with ranked results and
 * highlighted snippets, the list of regulations and their articles, and one
 * article's full text.
 */
#ifndef PARKWATCH_UI_REGS_UI_H
#define PARKWATCH_UI_REGS_UI_H

#include <stdbool.h>

#include "parkwatch/util.h"
#include "ui_private.h"

extern const struct ui_screen_ops ui_screen_regs;          /* regs.c: tab 8 */
extern const struct ui_screen_ops ui_screen_reg_articles;  /* regs_article.c: ARG = regulation id */
/* regs_article.c: ARG = "ARTICLE_ID" or "ARTICLE_ID QUERY" (QUERY is marked in the text). */
extern const struct ui_screen_ops ui_screen_reg_article;

/*
 * Draw TEXT on row Y of W from column X within WIDTH columns, showing the
 * parts between STORE_REGS_MARK_OPEN and _CLOSE (marks included, so the
 * match shows in monochrome too) in the highlight role and the rest in
 * ROLE. *INSIDE carries the "within a mark" state across wrapped lines (may
 * be NULL: starts outside). Newlines are drawn as spaces. Returns the
 * columns used.
 */
int ui_regs_draw_marked(struct ui *ui, WINDOW *w, int y, int x, int width, int role,
                        const char *text, bool *inside);

#endif
