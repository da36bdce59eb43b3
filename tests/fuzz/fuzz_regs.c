/*
 * fuzz_regs.c - libFuzzer harness for the laws-and-regulations file parser,
 * pw_regs_parse (regs.h), and pw_regs_snippet over what it accepts.
 *
 * Input: the file's bytes, handed over as an exact-size copy (the parser
 * takes a length, so any read past it is caught). Checked promises:
 *   - success: a title, 1..PW_REGS_ARTICLES_MAX articles, each with a
 *     unique non-empty label and a non-empty body, within the size limits,
 *     at increasing lines; all text valid UTF-8 with no control character
 *     (bodies may hold newlines and tabs); effective is YYYY-MM-DD; a
 *     snippet around a piece of a body is found, valid UTF-8, and marked;
 *   - failure: returns -1, leaves the document empty, and the message is
 *     "FILE:LINE: why" (or "FILE: why") and valid UTF-8.
 * A broken promise traps.
 *
 * Run: ./tests/fuzz/fuzz_regs -max_total_time=60 NEWDIR tests/fuzz/corpus/regs
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/regs.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "fuzz.md"

/* A broken promise: say which, then trap so libFuzzer keeps the input. */
static void broken(const char *what, int line)
{
	fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, line, what);
	__builtin_trap();
}
#define check(ok) ((ok) ? (void)0 : broken(#ok, __LINE__))

/* Valid UTF-8 without control characters, except those in ALLOWED. */
static int clean_text(const char *s, const char *allowed)
{
	size_t n = strlen(s);
	if (!pw_utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 || c == 0x7f) && strchr(allowed, c) == NULL)
			return 0;
	}
	return 1;
}

static int is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int month = (s[5] - '0') * 10 + (s[6] - '0');
	int day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A piece of BODY as a needle: its first up to 3 characters. */
static void check_snippet(const char *body)
{
	size_t n = 0;
	for (int k = 0; k < 3 && body[n]; k++) {
		uint32_t cp;
		n += pw_utf8_decode(body + n, strlen(body + n), &cp);
	}
	char *needle = xstrndup(body, n);
	if (needle[strspn(needle, " \t\n")] != '\0') {
		char *snip = pw_regs_snippet(body, needle, 10, 20, "[[", "]]");
		check(snip != NULL && pw_utf8_valid(snip, strlen(snip)) && strstr(snip, "[[") != NULL);
		free(snip);
	}
	free(needle);
}

static void check_doc(const struct pw_reg_doc *doc)
{
	check(doc->title && doc->title[0] && strlen(doc->title) <= PW_REGS_TITLE_MAX);
	check(clean_text(doc->title, "\t"));
	check(!doc->number || clean_text(doc->number, "\t"));
	check(!doc->issuer || clean_text(doc->issuer, "\t"));
	check(!doc->effective || is_date(doc->effective));
	check(doc->n_articles >= 1 && doc->n_articles <= PW_REGS_ARTICLES_MAX);
	for (size_t i = 0; i < doc->n_articles; i++) {
		const struct pw_reg_article *a = &doc->articles[i];
		check(a->label && a->label[0] && strlen(a->label) <= PW_REGS_LABEL_MAX);
		check(a->body && a->body[0] && strlen(a->body) <= PW_REGS_BODY_MAX);
		check(clean_text(a->label, "\t") && clean_text(a->body, "\t\n"));
		check(i == 0 || a->line > doc->articles[i - 1].line);
		/* only the first few: the check is quadratic in the articles */
		for (size_t k = 0; k < i && k < 64; k++)
			check(strcmp(doc->articles[k].label, a->label) != 0);
		if (i < 8)
			check_snippet(a->body);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	if (size)
		memcpy(copy, data, size);
	struct pw_reg_doc doc;
	char *err = NULL;
	if (pw_regs_parse(FILE_NAME, copy, size, &doc, &err) == 0) {
		check(err == NULL);
		check_doc(&doc);
		pw_reg_doc_free(&doc);
		pw_reg_doc_free(&doc);  /* documented as safe */
	} else {
		check(doc.title == NULL && doc.articles == NULL && doc.n_articles == 0);
		check(err != NULL && strncmp(err, FILE_NAME ":", strlen(FILE_NAME ":")) == 0);
		check(pw_utf8_valid(err, strlen(err)));
		free(err);
	}
	free(copy);
	return 0;
}
