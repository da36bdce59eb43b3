/*
 * regs.c - screen 8, Regulations. With a query (`/`, or just start typing a
 * Chinese word) it shows the ranked hits of store_regs_search(): title and
 * article label on one row, the snippet with the match highlighted (role
 * and brackets, so it shows in monochrome too) below it; Enter opens the
 * whole article. Results follow the text as it is typed (Esc in the prompt
 * brings back the previous query). With no query it lists the regulations
 * (title, number, issuer, effective date); Enter lists one's articles. Esc
 * clears the query.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store.h"
#include "parkwatch/store_regs.h"
#include "parkwatch/store_regs_browse.h"
#include "parkwatch/text.h"
#include "regs_ui.h"

#define REGS_HITS_MAX 200

struct regs_hit {
	int64_t article_id;
	char *title, *label, *snippet;
};

struct regs_screen {
	char *query;                 /* owned; NULL: browse the regulations */
	char *before_prompt;         /* the query when the search prompt opened (Esc restores) */
	struct regs_hit *hits;
	size_t nhits;
	struct store_reg_list regs;
	size_t sel, top, page;       /* selection in whichever list is shown */
	bool query_changed;
};

static size_t regs_count(const struct regs_screen *s)
{
	return s->query ? s->nhits : s->regs.n;
}

static void hits_free(struct regs_screen *s)
{
	for (size_t i = 0; i < s->nhits; i++) {
		free(s->hits[i].title);
		free(s->hits[i].label);
		free(s->hits[i].snippet);
	}
	free(s->hits);
	s->hits = NULL;
	s->nhits = 0;
}

static int collect_hit(const struct store_reg_hit *hit, void *ud)
{
	struct regs_screen *s = ud;
	s->hits = xrealloc(s->hits, (s->nhits + 1) * sizeof *s->hits);
	s->hits[s->nhits++] = (struct regs_hit){
		.article_id = hit->article_id,
		.title = xstrdup(hit->title),
		.label = xstrdup(hit->label),
		.snippet = xstrdup(hit->snippet ? hit->snippet : ""),
	};
	return 0;
}

static void *regs_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	return xcalloc(1, sizeof(struct regs_screen));
}

static void regs_close(void *self)
{
	struct regs_screen *s = self;
	hits_free(s);
	store_reg_list_free(&s->regs);
	free(s->query);
	free(s->before_prompt);
	free(s);
}

static int regs_load(void *self, struct ui *ui)
{
	struct regs_screen *s = self;
	hits_free(s);
	store_reg_list_free(&s->regs);
	int rc = s->query ? store_regs_search(ui->st, s->query, REGS_HITS_MAX, collect_hit, s)
	                  : store_regs_list(ui->st, &s->regs);
	if (s->query_changed)
		s->sel = s->top = 0;
	s->query_changed = false;
	size_t n = regs_count(s);
	if (s->sel >= n)
		s->sel = n ? n - 1 : 0;
	if (rc < 0) {
		ui_message(ui, PW_ROLE_ERROR, "regulations: %s", store_errmsg(ui->st));
		return -1;
	}
	return 0;
}

int ui_regs_draw_marked(struct ui *ui, WINDOW *w, int y, int x, int width, int role,
                        const char *text, bool *inside)
{
	bool in = inside ? *inside : false;
	int used = 0;
	const char *p = text ? text : "";
	while (*p && used < width) {
		const char *end;
		if (in) {
			end = strstr(p, STORE_REGS_MARK_CLOSE);
			end = end ? end + strlen(STORE_REGS_MARK_CLOSE) : p + strlen(p);
		} else {
			end = strstr(p, STORE_REGS_MARK_OPEN);
			end = end ? end : p + strlen(p);
		}
		if (end == p) { /* an opening mark: the highlighted part starts here */
			in = true;
			continue;
		}
		char *seg = xstrndup(p, (size_t)(end - p));
		for (char *c = seg; *c; c++)
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
		char *clean = pw_sanitize(seg, strlen(seg));
		int sw = pw_text_width(clean);
		if (sw > width - used)
			sw = width - used;
		used += ui_put(ui, w, y, x + used, sw, in ? PW_ROLE_KEY : role, false, clean);
		free(clean);
		free(seg);
		/* Still inside when the closing mark is on a later line. */
		if (in && end[-1] == STORE_REGS_MARK_CLOSE[0])
			in = false;
		p = end;
	}
	if (inside)
		*inside = in;
	return used;
}

/* Rows per item: a hit takes two (title/label, snippet), a regulation one. */
static int item_rows(const struct regs_screen *s)
{
	return s->query ? 2 : 1;
}

static void keep_visible(struct regs_screen *s)
{
	if (s->page == 0)
		s->page = 1;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + s->page)
		s->top = s->sel - s->page + 1;
}

static void draw_hit(struct ui *ui, WINDOW *w, int y, int cols, const struct regs_hit *h, bool sel)
{
	int role = sel ? PW_ROLE_SELECTED : PW_ROLE_NORMAL;
	int lw = pw_text_width(h->label) + 2;
	if (lw > cols / 2)
		lw = cols / 2;
	int x = ui_put(ui, w, y, 0, 2, role, false, sel ? "> " : "  ");
	x += ui_put(ui, w, y, x, cols - x - lw, sel ? role : PW_ROLE_HEADER, false, h->title);
	ui_put(ui, w, y, x, lw, role, true, h->label);
	int used = 4 + ui_regs_draw_marked(ui, w, y + 1, 4, cols - 4, PW_ROLE_NORMAL, h->snippet, NULL);
	ui_put(ui, w, y + 1, 0, 4, PW_ROLE_NORMAL, false, "");
	ui_clear_eol(ui, w, y + 1, used, PW_ROLE_NORMAL);
}

/* Column widths of the regulation list: the title takes what is left. */
struct reg_widths {
	int title, number, issuer, effective;  /* issuer 0: hidden (narrow terminal) */
};

static struct reg_widths reg_widths(int cols)
{
	struct reg_widths w = {.number = 24, .effective = 10};
	if (cols >= 110) {
		w.number = cols >= 150 ? 34 : 28;
		w.issuer = cols >= 150 ? 34 : 22;
	}
	/* Two for the cursor, one space after each column but the last. */
	w.title = cols - 2 - w.number - w.effective - w.issuer - 2 - (w.issuer ? 1 : 0);
	return w;
}

static void draw_reg(struct ui *ui, WINDOW *w, int y, int cols, const struct store_reg_entry *r,
                     bool sel)
{
	int role = sel ? PW_ROLE_SELECTED : PW_ROLE_NORMAL;
	struct reg_widths cw = reg_widths(cols);
	int x = ui_put(ui, w, y, 0, 2, role, false, sel ? "> " : "  ");
	x += ui_put(ui, w, y, x, cw.title, role, false, r->title);
	x += ui_put(ui, w, y, x, 1, role, false, "");
	x += ui_put(ui, w, y, x, cw.number, sel ? role : PW_ROLE_DIM, false, r->number ? r->number : "-");
	x += ui_put(ui, w, y, x, 1, role, false, "");
	if (cw.issuer) {
		x += ui_put(ui, w, y, x, cw.issuer, role, false, r->issuer ? r->issuer : "-");
		x += ui_put(ui, w, y, x, 1, role, false, "");
	}
	x += ui_put(ui, w, y, x, cw.effective, role, false, r->effective ? r->effective : "-");
	ui_clear_eol(ui, w, y, x, role);
}

static void draw_header(struct regs_screen *s, struct ui *ui, WINDOW *w, int cols)
{
	if (s->query) {
		ui_putf(ui, w, 0, 0, cols, PW_ROLE_DIM, "Search: %s  (%zu %s%s)  Esc: all regulations",
		        s->query, s->nhits, s->nhits == 1 ? "hit" : "hits",
		        s->nhits >= REGS_HITS_MAX ? ", best shown" : "");
		return;
	}
	ui_putf(ui, w, 0, 0, cols, PW_ROLE_DIM, "%zu regulations  / or type to search", s->regs.n);
	struct reg_widths cw = reg_widths(cols);
	int x = ui_put(ui, w, 1, 0, 2, PW_ROLE_HEADER, false, "");
	x += ui_put(ui, w, 1, x, cw.title + 1, PW_ROLE_HEADER, false, "Title");
	x += ui_put(ui, w, 1, x, cw.number + 1, PW_ROLE_HEADER, false, "Number");
	if (cw.issuer)
		x += ui_put(ui, w, 1, x, cw.issuer + 1, PW_ROLE_HEADER, false, "Issuer");
	x += ui_put(ui, w, 1, x, cw.effective, PW_ROLE_HEADER, false, "Effective");
	ui_clear_eol(ui, w, 1, x, PW_ROLE_HEADER);
}

static void regs_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct regs_screen *s = self;
	int cols = getmaxx(w), rows = getmaxy(w);
	werase(w);
	draw_header(s, ui, w, cols);
	int y0 = s->query ? 1 : 2;
	int per = item_rows(s);
	s->page = rows > y0 ? (size_t)((rows - y0) / per) : 1;
	keep_visible(s);
	size_t n = regs_count(s);
	if (n == 0) {
		ui_put(ui, w, y0 + 1, 2, cols - 2, PW_ROLE_DIM, false,
		       s->query ? "nothing found (Esc: back to the list of regulations)"
		                : "no regulations loaded (parkwatch regs import FILE)");
		return;
	}
	for (size_t i = s->top; i < n && i < s->top + s->page; i++) {
		int y = y0 + (int)(i - s->top) * per;
		if (s->query)
			draw_hit(ui, w, y, cols, &s->hits[i], i == s->sel);
		else
			draw_reg(ui, w, y, cols, &s->regs.v[i], i == s->sel);
	}
}

/* ---- the search prompt ---- */

static unsigned set_query(struct regs_screen *s, const char *text)
{
	size_t skip = strspn(text, " "), n = strlen(text);
	while (n > skip && text[n - 1] == ' ')
		n--;
	free(s->query);
	s->query = n > skip ? xstrndup(text + skip, n - skip) : NULL;
	s->query_changed = true;
	return UI_R_RELOAD | UI_R_BODY | UI_R_MSG;
}

/* Results follow the text as it is typed; Enter keeps them, Esc goes back. */
static unsigned query_change(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	return set_query(user, text);
}

static unsigned query_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	struct regs_screen *s = user;
	free(s->before_prompt);
	s->before_prompt = NULL;
	return set_query(s, text);
}

static unsigned query_cancel(void *user, struct ui *ui)
{
	(void)ui;
	struct regs_screen *s = user;
	unsigned r = set_query(s, s->before_prompt ? s->before_prompt : "");
	free(s->before_prompt);
	s->before_prompt = NULL;
	return r;
}

static unsigned open_search(struct ui *ui, struct regs_screen *s, const char *initial)
{
	free(s->before_prompt);
	s->before_prompt = s->query ? xstrdup(s->query) : NULL;
	struct ui_prompt_spec spec = {
		.label = "Search regulations: ",
		.initial = initial ? initial : s->query,
		.max_bytes = STORE_REGS_QUERY_MAX,
		.on_change = query_change,
		.on_submit = query_submit,
		.on_cancel = query_cancel,
		.user = s,
	};
	ui_prompt_open(ui, &spec);
	/* A typed first character searches at once, as the following ones will. */
	return UI_R_MSG | (initial ? set_query(s, initial) : UI_R_NONE);
}

/* A typed character that starts a search: any non-ASCII one (a Chinese word). */
static bool starts_search(int key, char utf8[8])
{
	if (key < 0x80 || key > 0x10ffff || key >= UI_FKEY(0))
		return false;
	uint32_t cp = (uint32_t)key;
	if (cp < 0x800) {
		utf8[0] = (char)(0xc0 | (cp >> 6));
		utf8[1] = (char)(0x80 | (cp & 0x3f));
		utf8[2] = '\0';
	} else if (cp < 0x10000) {
		utf8[0] = (char)(0xe0 | (cp >> 12));
		utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		utf8[2] = (char)(0x80 | (cp & 0x3f));
		utf8[3] = '\0';
	} else {
		utf8[0] = (char)(0xf0 | (cp >> 18));
		utf8[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		utf8[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		utf8[3] = (char)(0x80 | (cp & 0x3f));
		utf8[4] = '\0';
	}
	return pw_utf8_valid(utf8, strlen(utf8));
}

static unsigned move_sel(struct regs_screen *s, long delta)
{
	size_t n = regs_count(s);
	if (n == 0)
		return UI_R_NONE;
	long v = (long)s->sel + delta;
	s->sel = v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
	keep_visible(s);
	return UI_R_BODY | UI_R_MSG;
}

static unsigned open_selected(struct regs_screen *s, struct ui *ui)
{
	if (s->sel >= regs_count(s))
		return UI_R_NONE;
	char arg[STORE_REGS_QUERY_MAX + 32];
	if (s->query) {
		snprintf(arg, sizeof arg, "%lld %s", (long long)s->hits[s->sel].article_id, s->query);
		return ui_push(ui, &ui_screen_reg_article, arg);
	}
	return ui_push_id(ui, &ui_screen_reg_articles, s->regs.v[s->sel].id);
}

static unsigned regs_key(void *self, struct ui *ui, int key)
{
	struct regs_screen *s = self;
	char utf8[8];
	long page = s->page ? (long)s->page : 1;
	if (ui_key_is_enter(key))
		return open_selected(s, ui);
	if (starts_search(key, utf8))
		return open_search(ui, s, utf8);
	switch (key) {
	case '/': return open_search(ui, s, NULL);
	case UI_KEY_ESC: return s->query ? set_query(s, "") : UI_R_UNHANDLED;
	case UI_FKEY(KEY_UP): case 'k': return move_sel(s, -1);
	case UI_FKEY(KEY_DOWN): case 'j': return move_sel(s, 1);
	case UI_FKEY(KEY_PPAGE): return move_sel(s, -page);
	case UI_FKEY(KEY_NPAGE): case ' ': return move_sel(s, page);
	case UI_FKEY(KEY_HOME): case 'g': return move_sel(s, -(long)regs_count(s));
	case UI_FKEY(KEY_END): case 'G': return move_sel(s, (long)regs_count(s));
	default: return UI_R_UNHANDLED;
	}
}

static void regs_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct regs_screen *s = self;
	size_t n = regs_count(s);
	sbuf_addf(out, "%zu/%zu  / search  Enter %s", n ? s->sel + 1 : 0, n,
	          s->query ? "read the article  Esc all regulations" : "articles");
}

static const struct ui_keyhelp regs_keys[] = {
	{"/ (or type Chinese)", "search the articles: one phrase, Chinese of any length or English"},
	{"Up/Down, j/k", "move the selection"},
	{"PgUp/PgDn, Home/End", "page up / down, first / last"},
	{"Enter", "read the article (results) / list the regulation's articles"},
	{"Esc", "clear the search: back to the list of regulations"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_regs = {
	.name = "Regulations",
	.keys = regs_keys,
	.data = UI_DATA_REGULATIONS,
	.open = regs_open,
	.close = regs_close,
	.load = regs_load,
	.draw = regs_draw,
	.key = regs_key,
	.hint = regs_hint,
};
