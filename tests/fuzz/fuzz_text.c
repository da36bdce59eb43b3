/*
 * fuzz_text.c - libFuzzer harness for the text layer every hostile string
 * passes through before a terminal: pw_sanitize, pw_text_fit,
 * pw_text_prefix and pw_text_width (text.h).
 *
 * Input: byte 0 chooses the width (0-127 columns) and flags (right align,
 * ASCII ellipsis); the rest is the text. Checked promises:
 *   - pw_sanitize gives valid UTF-8 with no C0, DEL, C1, ESC, bidi control
 *     or invisible character; it is idempotent, and leaves already clean
 *     text unchanged;
 *   - pw_escape_hidden gives valid UTF-8 with none of those either, and
 *     leaves clean text unchanged;
 *   - pw_text_fit gives exactly the asked width, valid UTF-8 and no control
 *     character, for sanitised text and (last line of defence) raw bytes;
 *   - pw_text_prefix ends on a character boundary and fits the width.
 * A broken promise traps.
 *
 * Run: ./tests/fuzz/fuzz_text -max_total_time=60 NEWDIR tests/fuzz/corpus/text
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "parkwatch/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise: say which, then trap so libFuzzer keeps the input. */
static void broken(const char *what, int line)
{
	fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, line, what);
	__builtin_trap();
}
#define check(ok) ((ok) ? (void)0 : broken(#ok, __LINE__))

static int control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Bidi controls and invisible characters: they change how text reads or lines up. */
static int bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c || (cp >= 0x200b && cp <= 0x200d) ||
	       (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff;
}

/* Valid UTF-8 with no control character (C0, DEL, C1: ESC among them) and,
 * unless ALLOW_BIDI, no bidi embedding/override/isolate. */
static int no_controls(const char *s, size_t n, int allow_bidi)
{
	if (!pw_utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pw_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || control(cp) || (!allow_bidi && bidi(cp)))
			return 0;
		i += k;
	}
	return 1;
}

/* What pw_sanitize promises: nothing that can change how text reads. */
static int displayable(const char *s, size_t n)
{
	return no_controls(s, n, 0);
}

/* Already clean input: what pw_sanitize must hand back untouched. */
static int clean(const char *s, size_t n)
{
	if (!displayable(s, n))
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += pw_utf8_decode(s + i, n - i, &cp);
		if (cp == 0x2028 || cp == 0x2029)  /* become spaces */
			return 0;
	}
	return 1;
}

/*
 * pw_text_fit of S must be exactly COLS wide, valid UTF-8 without controls;
 * for sanitised S (SANITISED) also without bidi controls, which it passes
 * through as they come.
 */
static void check_fit(const char *s, int cols, int right, int ascii, int sanitised)
{
	struct sbuf b;
	sbuf_init(&b);
	pw_text_fit(&b, s, cols, right, ascii);
	const char *out = sbuf_str(&b);
	check(no_controls(out, strlen(out), !sanitised));
	check(pw_text_width(out) == (cols > 0 ? cols : 0));
	sbuf_free(&b);
}

static void check_prefix(const char *s, int cols)
{
	size_t n = pw_text_prefix(s, cols);
	size_t len = strlen(s);
	check(n <= len);
	/* on a boundary: the next byte does not continue a character */
	check(n == len || ((unsigned char)s[n] & 0xc0) != 0x80);
	char *p = xstrndup(s, n);
	check(pw_text_width(p) <= (cols > 0 ? cols : 0));
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int cols = data[0] & 0x7f;
	int right = data[0] & 0x80;
	int ascii = cols & 1;  /* cols' low bit doubles as the ellipsis choice */
	const char *text = (const char *)data + 1;
	size_t n = size - 1;

	char *s = pw_sanitize(text, n);
	size_t sn = strlen(s);
	check(displayable(s, sn));
	check(pw_text_width(s) >= 0);
	if (clean(text, n) && memchr(text, '\0', n) == NULL)
		check(sn == n && memcmp(s, text, n) == 0);
	char *again = pw_sanitize(s, sn);
	check(strcmp(again, s) == 0);
	free(again);

	check_fit(s, cols, right, ascii, 1);
	check_prefix(s, cols);

	struct sbuf esc;
	sbuf_init(&esc);
	pw_escape_hidden(&esc, text, n);
	check(displayable(sbuf_str(&esc), esc.len));
	if (clean(text, n))
		check(esc.len == n && memcmp(sbuf_str(&esc), text, n) == 0);
	sbuf_free(&esc);

	/* Raw bytes, up to the first NUL: the last line of defence. */
	char *raw = xstrndup(text, n);
	check_fit(raw, cols, right, ascii, 0);
	free(raw);
	free(s);
	return 0;
}
