/*
 * doc.c - a scrollable page of styled lines: spans of text with a role and
 * an optional fixed width, so tables inside a page (chemicals, sensors) line
 * up in display columns. Used by the enterprise card, the overview and help.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "ui_private.h"

void ui_doc_init(struct ui_doc *d)
{
	memset(d, 0, sizeof *d);
}

void ui_doc_clear(struct ui_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t k = 0; k < d->lines[i].n; k++)
			free(d->lines[i].spans[k].text);
		free(d->lines[i].spans);
	}
	d->n = 0;
}

void ui_doc_free(struct ui_doc *d)
{
	ui_doc_clear(d);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

void ui_doc_line(struct ui_doc *d, int role)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
	}
	d->lines[d->n++] = (struct ui_doc_line){.role = role};
}

void ui_doc_add(struct ui_doc *d, int role, int width, bool right, const char *text)
{
	if (d->n == 0)
		ui_doc_line(d, PW_ROLE_NORMAL);
	struct ui_doc_line *l = &d->lines[d->n - 1];
	l->spans = xrealloc(l->spans, (l->n + 1) * sizeof *l->spans);
	l->spans[l->n++] = (struct ui_span){
		.text = xstrdup(text ? text : ""), .role = role, .width = width, .right = right,
	};
}

void ui_doc_addf(struct ui_doc *d, int role, int width, bool right, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	ui_doc_add(d, role, width, right, s ? s : "");
	free(s);
}

void ui_doc_heading(struct ui_doc *d, struct ui *ui, int width, const char *title)
{
	const char *rule = ui->utf8 ? "─" : "-";
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, rule);
	sbuf_adds(&b, rule);
	sbuf_addc(&b, ' ');
	sbuf_adds(&b, title);
	sbuf_addc(&b, ' ');
	int used = pw_text_width(sbuf_str(&b));
	for (int i = used; i < width; i++)
		sbuf_adds(&b, rule);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_HEADER, 0, false, sbuf_str(&b));
	sbuf_free(&b);
}

static size_t max_top(const struct ui_doc *d, size_t page)
{
	return d->n > page ? d->n - page : 0;
}

void ui_doc_draw(struct ui *ui, struct ui_doc *d, WINDOW *w, int y, int h)
{
	int width = getmaxx(w);
	if (h <= 0)
		return;
	d->page = (size_t)h;
	if (d->top > max_top(d, d->page))
		d->top = max_top(d, d->page);
	for (int r = 0; r < h && d->top + (size_t)r < d->n; r++) {
		const struct ui_doc_line *l = &d->lines[d->top + (size_t)r];
		int x = 0;
		for (size_t k = 0; k < l->n && x < width; k++) {
			const struct ui_span *s = &l->spans[k];
			int sw = s->width;
			if (sw <= 0) {
				char *clean = pw_sanitize(s->text, strlen(s->text));
				sw = pw_text_width(clean);
				free(clean);
			}
			if (sw > width - x)
				sw = width - x;
			x += ui_put(ui, w, y + r, x, sw, s->role, s->right, s->text);
		}
		ui_clear_eol(ui, w, y + r, x, l->role);
	}
}

unsigned ui_doc_key(struct ui_doc *d, int key)
{
	size_t page = d->page ? d->page : 1;
	size_t top = d->top, last = max_top(d, page);
	switch (key) {
	case UI_FKEY(KEY_UP): case 'k':
		top = top ? top - 1 : 0;
		break;
	case UI_FKEY(KEY_DOWN): case 'j':
		top = top < last ? top + 1 : last;
		break;
	case UI_FKEY(KEY_PPAGE): case UI_CTRL('B'):
		top = top > page ? top - page : 0;
		break;
	case UI_FKEY(KEY_NPAGE): case UI_CTRL('F'): case ' ':
		top = top + page < last ? top + page : last;
		break;
	case UI_FKEY(KEY_HOME): case 'g':
		top = 0;
		break;
	case UI_FKEY(KEY_END): case 'G':
		top = last;
		break;
	default:
		return UI_R_UNHANDLED;
	}
	d->top = top;
	return UI_R_BODY;
}

void ui_doc_hint(const struct ui_doc *d, struct sbuf *out)
{
	if (d->n <= d->page)
		return;
	size_t last = d->top + d->page < d->n ? d->top + d->page : d->n;
	sbuf_addf(out, "lines %zu-%zu/%zu", d->top + 1, last, d->n);
}
