/*
 * regs.h - laws, regulations and standards files (core, pure): the parser of
 * the format of CONTRACT.md section 5.
 *
 *     # <title>
 *     number: <document number>        optional "key: value" lines up to the
 *     issuer: <issuing body>           first blank line; keys number, issuer,
 *     effective: YYYY-MM-DD            effective (a full-width colon works too)
 *
 *     ## <article label, e.g. 第二十一条>
 *     <article text, one or more lines>
 *
 * Rules, so that a typo is reported instead of silently dropping text:
 *   - the file is UTF-8 (a leading BOM is skipped; CRLF line ends are fine);
 *     NUL and control characters other than tab are refused;
 *   - blank lines before the title are skipped; the first other line must be
 *     "# title"; a second "# " line anywhere is an error;
 *   - header lines must be known keys, each at most once, with a value;
 *     effective must be a real calendar date;
 *   - after the header only blank lines may precede the first "## label";
 *   - every article needs a label and some text; labels are unique in a file;
 *     there is at least one article.
 * Every error names the place: "FILE:LINE: what is wrong".
 */
#ifndef PARKWATCH_REGS_H
#define PARKWATCH_REGS_H

#include <stddef.h>

/* Limits, in bytes; a longer file, title, label or article is refused. */
#define PW_REGS_FILE_MAX (4u * 1024u * 1024u)
#define PW_REGS_TITLE_MAX 512
#define PW_REGS_LABEL_MAX 256
#define PW_REGS_BODY_MAX (64u * 1024u)
#define PW_REGS_ARTICLES_MAX 5000

struct pw_reg_article {
	char *label;  /* "第二十一条", trimmed */
	char *body;   /* its lines joined with '\n'; outer blank lines and trailing spaces dropped */
	int line;     /* line number of its "## " heading */
};

struct pw_reg_doc {
	char *title;
	char *number;     /* NULL when the file has none */
	char *issuer;     /* NULL when the file has none */
	char *effective;  /* YYYY-MM-DD, or NULL */
	struct pw_reg_article *articles;
	size_t n_articles;
};

/*
 * Parse TEXT[0..len) (not necessarily NUL-terminated); NAME is used in error
 * messages (a path, or "db/regs/x.md"). On success returns 0 and fills *doc
 * (free with pw_reg_doc_free). On error returns -1, leaves *doc empty and sets
 * *err (caller frees) to "NAME:LINE: reason".
 */
int pw_regs_parse(const char *name, const char *text, size_t len, struct pw_reg_doc *doc,
                  char **err);

/* Read PATH (at most PW_REGS_FILE_MAX bytes) and parse it; errors as above or "PATH: why". */
int pw_regs_load(const char *path, struct pw_reg_doc *doc, char **err);

/* Free what *doc owns and zero it; safe on a zeroed or already freed doc. */
void pw_reg_doc_free(struct pw_reg_doc *doc);

/*
 * An excerpt of TEXT around the first occurrence of NEEDLE (ASCII letters
 * compared case-insensitively; both valid UTF-8): up to BEFORE characters
 * before it and AFTER characters after it, cut at character boundaries, with
 * "…" where text was cut, and every occurrence inside the window wrapped in
 * OPEN and CLOSE. Returns a new string (caller frees), or NULL when NEEDLE is
 * empty or does not occur.
 */
char *pw_regs_snippet(const char *text, const char *needle, int before, int after,
                      const char *open, const char *close);

#endif
