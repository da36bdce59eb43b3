/*
 * text.h - UTF-8 validation, sanitising and terminal display width (core).
 *
 * Everything from the network or a file passes through pw_sanitize() before
 * it can reach a terminal: control characters (C0, DEL, C1) and escape
 * sequences never survive. Widths are terminal columns (wcwidth semantics,
 * locale-independent for UTF-8): a Chinese character is two columns.
 */
#ifndef PARKWATCH_TEXT_H
#define PARKWATCH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/util.h"

/* True when S[0..n) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool pw_utf8_valid(const char *s, size_t n);

/*
 * Decode one code point at S (at most n bytes). Returns bytes used (>= 1);
 * *cp is U+FFFD for an invalid sequence (consuming one byte).
 */
size_t pw_utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * A displayable copy of S[0..n): invalid UTF-8 becomes U+FFFD, ESC-introduced
 * sequences (CSI, OSC, DCS...) are removed whole, other C0/C1 controls and DEL
 * are dropped, tab/newline/CR become a space. Caller frees.
 */
char *pw_sanitize(const char *s, size_t n);

/* Columns of one code point: 0 for combining, 2 for wide (CJK), 1 otherwise. */
int pw_cp_width(uint32_t cp);
/* Columns of a (sanitised) UTF-8 string. */
int pw_text_width(const char *s);

/*
 * Append S to B fitted to exactly COLS columns: truncated at a character
 * boundary with "…" (or "~" when ascii_only) when too wide, padded with
 * spaces when narrower; right-aligned when align_right. A wide character
 * that would straddle the edge is replaced by a space.
 */
void pw_text_fit(struct sbuf *b, const char *s, int cols, bool align_right, bool ascii_only);

/* Byte length of the longest prefix of S that fits in COLS columns. */
size_t pw_text_prefix(const char *s, int cols);

/* Case-insensitive (ASCII) substring search in UTF-8 text; needle "" matches. */
bool pw_text_contains(const char *haystack, const char *needle);

#endif
