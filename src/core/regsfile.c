/*
 * regsfile.c - parser of laws-and-regulations files (CONTRACT.md section 5).
 *
 * A line-at-a-time state machine: title, header keys, then articles. It is
 * strict on purpose: these files are edited by hand, and a misspelt key or a
 * stray paragraph before the first article would otherwise vanish from the
 * search index without anyone noticing. Every refusal names FILE:LINE.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/regs.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

enum parse_state {
	PS_START,     /* before the title */
	PS_HEADER,    /* key: value lines after the title */
	PS_GAP,       /* after the header, before the first article */
	PS_ARTICLE,   /* inside an article */
};

struct parser {
	const char *name;
	int line;
	char *err;
	enum parse_state state;
	struct pw_reg_doc *doc;
	size_t cap;            /* allocated doc->articles */
	struct sbuf body;      /* text of the current article */
	int pending_blanks;    /* blank lines seen inside the current article */
};

static int perr(struct parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->err = xasprintf("%s:%d: %s", p->name, line, msg);
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim ASCII spaces and tabs at both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A real calendar date written exactly YYYY-MM-DD. */
static bool valid_date(const char *s, size_t n)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
	return d <= max;
}

/* Byte-level checks every line must pass: UTF-8, no controls but tab. */
static int check_line_bytes(struct parser *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			return perr(p, p->line, "NUL byte in the text");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return perr(p, p->line, "control character 0x%02x in the text", c);
	}
	if (!pw_utf8_valid(s, n))
		return perr(p, p->line, "invalid UTF-8");
	return 0;
}

static int take_title(struct parser *p, const char *s, size_t n)
{
	if (!starts_with(s, n, "# "))
		return perr(p, p->line, "expected '# <title>' as the first line");
	s += 2;
	n -= 2;
	trim(&s, &n);
	if (n == 0)
		return perr(p, p->line, "empty title");
	if (n > PW_REGS_TITLE_MAX)
		return perr(p, p->line, "title longer than %d bytes", PW_REGS_TITLE_MAX);
	p->doc->title = xstrndup(s, n);
	p->state = PS_HEADER;
	return 0;
}

/* "key: value" or "key：value" (full-width colon); key is ASCII letters or '_'. */
static int take_header(struct parser *p, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || s[k] == '_'))
		k++;
	size_t key_n = k;
	while (k < n && is_space(s[k]))
		k++;
	size_t colon = 0;
	if (k < n && s[k] == ':')
		colon = 1;
	else if (starts_with(s + k, n - k, "\xef\xbc\x9a"))
		colon = 3;
	if (key_n == 0 || colon == 0)
		return perr(p, p->line, "expected 'key: value' (number, issuer, effective) or a blank line "
		                        "after the title");
	const char *v = s + k + colon;
	size_t vn = n - k - colon;
	trim(&v, &vn);
	char **slot = NULL;
	if (key_n == 6 && strncasecmp(s, "number", 6) == 0)
		slot = &p->doc->number;
	else if (key_n == 6 && strncasecmp(s, "issuer", 6) == 0)
		slot = &p->doc->issuer;
	else if (key_n == 9 && strncasecmp(s, "effective", 9) == 0)
		slot = &p->doc->effective;
	else
		return perr(p, p->line, "unknown key '%.*s' (known: number, issuer, effective)", (int)key_n, s);
	if (*slot)
		return perr(p, p->line, "key '%.*s' given twice", (int)key_n, s);
	if (vn == 0)
		return perr(p, p->line, "key '%.*s' has no value", (int)key_n, s);
	if (vn > PW_REGS_TITLE_MAX)
		return perr(p, p->line, "value longer than %d bytes", PW_REGS_TITLE_MAX);
	if (slot == &p->doc->effective && !valid_date(v, vn))
		return perr(p, p->line, "effective date '%.*s' is not YYYY-MM-DD", (int)vn, v);
	*slot = xstrndup(v, vn);
	return 0;
}

/* Close the current article: it must have text. */
static int finish_article(struct parser *p)
{
	if (p->state != PS_ARTICLE)
		return 0;
	struct pw_reg_article *a = &p->doc->articles[p->doc->n_articles - 1];
	if (p->body.len == 0)
		return perr(p, a->line, "article '%s' has no text", a->label);
	a->body = sbuf_steal(&p->body);
	p->pending_blanks = 0;
	return 0;
}

static int start_article(struct parser *p, const char *s, size_t n)
{
	if (finish_article(p) < 0)
		return -1;
	s += 3;
	n -= 3;
	trim(&s, &n);
	if (n == 0)
		return perr(p, p->line, "article heading without a label");
	if (n > PW_REGS_LABEL_MAX)
		return perr(p, p->line, "article label longer than %d bytes", PW_REGS_LABEL_MAX);
	struct pw_reg_doc *d = p->doc;
	for (size_t i = 0; i < d->n_articles; i++)
		if (strlen(d->articles[i].label) == n && memcmp(d->articles[i].label, s, n) == 0)
			return perr(p, p->line, "article label '%.*s' repeats line %d", (int)n, s,
			            d->articles[i].line);
	if (d->n_articles >= PW_REGS_ARTICLES_MAX)
		return perr(p, p->line, "more than %d articles", PW_REGS_ARTICLES_MAX);
	if (d->n_articles == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		d->articles = xrealloc(d->articles, p->cap * sizeof *d->articles);
	}
	struct pw_reg_article *a = &d->articles[d->n_articles++];
	a->label = xstrndup(s, n);
	a->body = NULL;
	a->line = p->line;
	p->state = PS_ARTICLE;
	return 0;
}

static int take_body_line(struct parser *p, const char *s, size_t n, bool blank)
{
	if (blank) {
		if (p->body.len)
			p->pending_blanks++;
		return 0;
	}
	while (n && is_space(s[n - 1]))
		n--;
	if (p->body.len) {
		sbuf_addc(&p->body, '\n');
		for (; p->pending_blanks > 0; p->pending_blanks--)
			sbuf_addc(&p->body, '\n');
	}
	p->pending_blanks = 0;
	sbuf_add(&p->body, s, n);
	if (p->body.len > PW_REGS_BODY_MAX)
		return perr(p, p->line, "article text longer than %u bytes", PW_REGS_BODY_MAX);
	return 0;
}

static int feed_line(struct parser *p, const char *s, size_t n)
{
	if (n && s[n - 1] == '\r')
		n--;
	if (check_line_bytes(p, s, n) < 0)
		return -1;
	const char *t = s;
	size_t tn = n;
	trim(&t, &tn);
	bool blank = tn == 0;
	if (p->state != PS_START && starts_with(s, n, "# "))
		return perr(p, p->line, "a second title ('# ' line); articles start with '## '");
	switch (p->state) {
	case PS_START:
		return blank ? 0 : take_title(p, s, n);
	case PS_HEADER:
		if (starts_with(s, n, "## "))
			return start_article(p, s, n);
		if (blank) {
			p->state = PS_GAP;
			return 0;
		}
		return take_header(p, s, n);
	case PS_GAP:
		if (starts_with(s, n, "## "))
			return start_article(p, s, n);
		if (blank)
			return 0;
		return perr(p, p->line, "text before the first article (expected '## <label>')");
	case PS_ARTICLE:
		if (starts_with(s, n, "## "))
			return start_article(p, s, n);
		return take_body_line(p, s, n, blank);
	}
	return 0;
}

int pw_regs_parse(const char *name, const char *text, size_t len, struct pw_reg_doc *doc,
                  char **err)
{
	memset(doc, 0, sizeof *doc);
	*err = NULL;
	struct parser p = {.name = name, .doc = doc, .state = PS_START};
	sbuf_init(&p.body);
	int rc = 0;
	if (len > PW_REGS_FILE_MAX) {
		rc = perr(&p, 1, "file larger than %u bytes", PW_REGS_FILE_MAX);
		goto out;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		p.line++;
		if ((rc = feed_line(&p, text + i, n)) < 0)
			goto out;
		i += n + (nl ? 1 : 0);
	}
	if (p.state == PS_START)
		rc = perr(&p, p.line > 0 ? p.line : 1, "empty file (expected '# <title>')");
	else if (p.state != PS_ARTICLE)
		rc = perr(&p, p.line, "no articles (expected '## <label>' lines)");
	else
		rc = finish_article(&p);
out:
	sbuf_free(&p.body);
	if (rc < 0) {
		pw_reg_doc_free(doc);
		*err = p.err;
	}
	return rc;
}

int pw_regs_load(const char *path, struct pw_reg_doc *doc, char **err)
{
	memset(doc, 0, sizeof *doc);
	*err = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	/* Read one byte past the limit to tell "too large" from "exactly the limit". */
	size_t cap = PW_REGS_FILE_MAX + 1;
	char *buf = xmalloc(cap);
	size_t n = fread(buf, 1, cap, f);
	int read_err = ferror(f);
	fclose(f);
	int rc;
	if (read_err) {
		*err = xasprintf("%s: read error", path);
		rc = -1;
	} else {
		rc = pw_regs_parse(path, buf, n, doc, err);
	}
	free(buf);
	return rc;
}

void pw_reg_doc_free(struct pw_reg_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n_articles; i++) {
		free(doc->articles[i].label);
		free(doc->articles[i].body);
	}
	free(doc->articles);
	free(doc->title);
	free(doc->number);
	free(doc->issuer);
	free(doc->effective);
	memset(doc, 0, sizeof *doc);
}

/* ---- snippets ------------------------------------------------------------- */

static char ascii_fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/*
 * First occurrence of NEEDLE[0..nn) in H, ASCII case-insensitively. Byte
 * matching is safe for UTF-8: a valid needle can only match at character
 * boundaries of a valid text.
 */
static const char *find_fold(const char *h, const char *needle, size_t nn)
{
	for (; *h; h++) {
		size_t i = 0;
		while (i < nn && h[i] && ascii_fold(h[i]) == ascii_fold(needle[i]))
			i++;
		if (i == nn)
			return h;
	}
	return NULL;
}

static bool utf8_continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

char *pw_regs_snippet(const char *text, const char *needle, int before, int after,
                      const char *open, const char *close)
{
	size_t nn = needle ? strlen(needle) : 0;
	if (!text || nn == 0)
		return NULL;
	const char *m = find_fold(text, needle, nn);
	if (!m)
		return NULL;
	const char *start = m;
	for (int k = 0; k < before && start > text; k++) {
		do
			start--;
		while (start > text && utf8_continuation(*start));
	}
	const char *end = m + nn;
	for (int k = 0; k < after && *end; k++) {
		end++;
		while (*end && utf8_continuation(*end))
			end++;
	}
	struct sbuf b;
	sbuf_init(&b);
	if (start > text)
		sbuf_adds(&b, "\xe2\x80\xa6");
	const char *p = start;
	for (;;) {
		const char *q = find_fold(p, needle, nn);
		if (!q || q >= end)
			break;
		sbuf_add(&b, p, (size_t)(q - p));
		sbuf_adds(&b, open);
		sbuf_add(&b, q, nn);
		sbuf_adds(&b, close);
		p = q + nn;
		if (p > end)
			end = p;  /* an occurrence straddling the edge stays whole */
	}
	if (p < end)
		sbuf_add(&b, p, (size_t)(end - p));
	if (*end)
		sbuf_adds(&b, "\xe2\x80\xa6");
	return sbuf_steal(&b);
}
