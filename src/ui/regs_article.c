/*
 * regs_article.c - the articles of one regulation (a list: label and first
 * line; Enter opens one) and one article's full text: the regulation's
 * title, number, issuer and effective date, then the text wrapped to the
 * window by display width (Chinese wraps between any two characters), with
 * the search query marked where it occurs. Scroll with the usual keys, Esc
 * goes back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parkwatch/store.h"
#include "parkwatch/store_regs.h"
#include "parkwatch/store_regs_browse.h"
#include "parkwatch/text.h"
#include "regs_ui.h"

/* ---- the articles of one regulation ---- */

enum { AC_LABEL, AC_TEXT, AC_COUNT };

static const struct ui_column article_columns[AC_COUNT] = {
	[AC_LABEL] = {"Article", 22, 0, false, 0},
	[AC_TEXT] = {"Text", 0, 20, false, 0},
};

struct articles_screen {
	int64_t reg_id;
	struct store_reg_article_list list;
	bool missing;
	struct ui_table table;
};

static const char *articles_cell(void *user, size_t row, int col, char *buf, size_t bufsz)
{
	(void)buf;
	(void)bufsz;
	const struct articles_screen *s = user;
	return col == AC_LABEL ? s->list.v[row].label : s->list.v[row].first_line;
}

static bool articles_match(void *user, size_t row, const char *filter)
{
	const struct articles_screen *s = user;
	return pw_text_contains(s->list.v[row].label, filter) ||
	       pw_text_contains(s->list.v[row].first_line, filter);
}

static void *articles_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct articles_screen *s = xcalloc(1, sizeof *s);
	s->reg_id = arg ? strtoll(arg, NULL, 10) : 0;
	ui_table_init(&s->table, article_columns, AC_COUNT, s);
	s->table.cell = articles_cell;
	s->table.match = articles_match;
	s->table.sort_col = -1;
	s->table.empty_text = "this regulation has no articles";
	return s;
}

static void articles_close(void *self)
{
	struct articles_screen *s = self;
	ui_table_free(&s->table);
	store_reg_article_list_free(&s->list);
	free(s);
}

static int articles_load(void *self, struct ui *ui)
{
	struct articles_screen *s = self;
	size_t sel = ui_table_selected(&s->table);
	store_reg_article_list_free(&s->list);
	int rc = store_regs_articles(ui->st, s->reg_id, &s->list);
	s->missing = rc == PW_STORE_NOTFOUND;
	if (rc < 0) {
		store_reg_article_list_free(&s->list);
		ui_table_rebuild(&s->table, 0, UI_TVIEW_NONE);
		ui_message(ui, PW_ROLE_ERROR, "regulation: %s", store_errmsg(ui->st));
		return -1;
	}
	ui_table_rebuild(&s->table, s->list.n, sel != UI_TVIEW_NONE && sel < s->list.n ? sel : 0);
	return 0;
}

static void articles_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct articles_screen *s = self;
	int cols = getmaxx(w);
	if (s->missing) {
		werase(w);
		ui_put(ui, w, 1, 2, cols - 2, PW_ROLE_DIM, false, "this regulation is no longer stored");
		return;
	}
	ui_putf(ui, w, 0, 0, cols, PW_ROLE_TITLE, "%s  (%zu articles)", s->list.title ? s->list.title : "",
	        s->list.n);
	/* Short facts first: on a narrow terminal only the issuer gets cut. */
	ui_putf(ui, w, 1, 0, cols, PW_ROLE_DIM, "effective: %s  %s  issuer: %s",
	        s->list.effective ? s->list.effective : "-",
	        s->list.number ? s->list.number : "(no number)", s->list.issuer ? s->list.issuer : "-");
	ui_table_draw(ui, &s->table, w, 2, getmaxy(w) - 2);
}

static unsigned articles_key(void *self, struct ui *ui, int key)
{
	struct articles_screen *s = self;
	if (ui_key_is_enter(key)) {
		size_t row = ui_table_selected(&s->table);
		if (row == UI_TVIEW_NONE)
			return UI_R_NONE;
		return ui_push_id(ui, &ui_screen_reg_article, s->list.v[row].id);
	}
	return ui_table_key(ui, &s->table, key);
}

static void articles_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct articles_screen *s = self;
	ui_table_hint(&s->table, out);
	sbuf_adds(out, "  Enter read  / filter  Esc back");
}

static const struct ui_keyhelp articles_keys[] = {
	{"Up/Down, j/k, PgUp/PgDn", "move the selection"},
	{"Enter", "read the whole article"},
	{"/", "filter the articles by label or first line"},
	{"Esc", "clear the filter, then back to the regulations"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_reg_articles = {
	.name = "Regulation",
	.keys = articles_keys,
	.data = UI_DATA_REGULATIONS,
	.open = articles_open,
	.close = articles_close,
	.load = articles_load,
	.draw = articles_draw,
	.key = articles_key,
	.hint = articles_hint,
};

/* ---- one article ---- */

struct article_screen {
	int64_t id;
	char *query;              /* marked in the text; NULL for none */
	struct store_reg_article a;
	bool missing;
	struct ui_doc doc;
	int doc_width;            /* the width the doc was laid out for */
};

static void *article_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct article_screen *s = xcalloc(1, sizeof *s);
	char *end = NULL;
	s->id = arg ? strtoll(arg, &end, 10) : 0;
	if (end && *end == ' ' && end[1])
		s->query = xstrdup(end + 1);
	ui_doc_init(&s->doc);
	return s;
}

static void article_close(void *self)
{
	struct article_screen *s = self;
	store_reg_article_free(&s->a);
	ui_doc_free(&s->doc);
	free(s->query);
	free(s);
}

static int article_load(void *self, struct ui *ui)
{
	struct article_screen *s = self;
	store_reg_article_free(&s->a);
	int rc = store_regs_article(ui->st, s->id, &s->a);
	s->missing = rc == PW_STORE_NOTFOUND;
	s->doc_width = 0;
	if (rc < 0) {
		ui_message(ui, PW_ROLE_ERROR, "article: %s", store_errmsg(ui->st));
		return -1;
	}
	return 0;
}

/* TEXT with every occurrence of QUERY (ASCII letters in any case) between the marks. */
static char *mark_query(const char *text, const char *query)
{
	struct sbuf b;
	sbuf_init(&b);
	size_t qn = query ? strlen(query) : 0;
	for (const char *p = text; *p;) {
		if (qn && strncasecmp(p, query, qn) == 0) {
			sbuf_adds(&b, STORE_REGS_MARK_OPEN);
			sbuf_add(&b, p, qn);
			sbuf_adds(&b, STORE_REGS_MARK_CLOSE);
			p += qn;
		} else {
			sbuf_addc(&b, *p++);
		}
	}
	char *out = xstrdup(sbuf_str(&b));
	sbuf_free(&b);
	return out;
}

/* Add LINE[0..n) to the doc as spans, the marked parts highlighted; *IN carries over. */
static void add_marked_line(struct ui_doc *d, const char *line, size_t n, bool *in)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		if (*in) {
			while (j < n && line[j] != STORE_REGS_MARK_CLOSE[0])
				j++;
			if (j < n)
				j++;
		} else {
			while (j < n && line[j] != STORE_REGS_MARK_OPEN[0])
				j++;
		}
		if (j > i) {
			char *seg = xstrndup(line + i, j - i);
			ui_doc_add(d, *in ? PW_ROLE_KEY : PW_ROLE_NORMAL, 0, false, seg);
			free(seg);
		}
		if (*in && j > i && line[j - 1] == STORE_REGS_MARK_CLOSE[0])
			*in = false;
		else if (!*in && j < n)
			*in = true;
		i = j;
	}
}

/* The body, each of its lines wrapped to WIDTH display columns. */
static void add_wrapped(struct ui_doc *d, const char *body, int width)
{
	bool in = false;
	const char *p = body;
	for (;;) {
		size_t len = strcspn(p, "\n");
		if (len == 0)
			ui_doc_line(d, PW_ROLE_NORMAL);
		char *line = xstrndup(p, len);
		for (char *c = line; *c; c++)
			if (*c == '\t' || *c == '\r')
				*c = ' ';
		for (size_t off = 0; off < len;) {
			size_t n = pw_text_prefix(line + off, width);
			if (n == 0) { /* a character wider than the line: take it alone */
				uint32_t cp;
				n = pw_utf8_decode(line + off, len - off, &cp);
				n = n ? n : 1;
			}
			add_marked_line(d, line + off, n, &in);
			off += n;
		}
		free(line);
		if (!p[len])
			break;
		p += len + 1;
	}
}

static void article_layout(struct article_screen *s, struct ui *ui, int width)
{
	ui_doc_clear(&s->doc);
	ui_doc_line(&s->doc, PW_ROLE_NORMAL);
	if (s->missing || !s->a.body) {
		ui_doc_addf(&s->doc, PW_ROLE_DIM, 0, false, "article %lld is no longer stored",
		            (long long)s->id);
		return;
	}
	ui_doc_add(&s->doc, PW_ROLE_TITLE, 0, false, s->a.title);
	/* One fact a line, so a long issuer is never cut. */
	const char *facts[][2] = {
		{"number:    ", s->a.number}, {"issuer:    ", s->a.issuer}, {"effective: ", s->a.effective},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(facts); i++) {
		ui_doc_line(&s->doc, PW_ROLE_NORMAL);
		ui_doc_add(&s->doc, PW_ROLE_DIM, 0, false, facts[i][0]);
		ui_doc_add(&s->doc, PW_ROLE_NORMAL, 0, false, facts[i][1] ? facts[i][1] : "-");
	}
	ui_doc_heading(&s->doc, ui, width, s->a.label);
	char *marked = mark_query(s->a.body, s->query);
	add_wrapped(&s->doc, marked, width > 2 ? width - 1 : 1);
	free(marked);
}

static void article_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct article_screen *s = self;
	if (s->doc_width != getmaxx(w)) {
		s->doc_width = getmaxx(w);
		article_layout(s, ui, s->doc_width);
	}
	werase(w);
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

static unsigned article_key(void *self, struct ui *ui, int key)
{
	(void)ui;
	struct article_screen *s = self;
	return ui_doc_key(&s->doc, key);
}

static void article_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct article_screen *s = self;
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, "  Esc back");
}

static const struct ui_keyhelp article_keys[] = {
	{"Up/Down, j/k, PgUp/PgDn, Home/End", "scroll"},
	{"Esc", "back"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_reg_article = {
	.name = "Article",
	.keys = article_keys,
	.data = UI_DATA_REGULATIONS,
	.open = article_open,
	.close = article_close,
	.load = article_load,
	.draw = article_draw,
	.key = article_key,
	.hint = article_hint,
};
