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

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/util.h"

/* True when S[0..n) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool pw_utf8_valid(const char *s, size_t n);

/*
 * Decode one code point at S (at most n bytes). Returns bytes used (>= 1,
 * or 0 when n == 0); *cp is U+FFFD for an invalid sequence (overlong,
 * surrogate, > U+10FFFF, stray continuation, truncated), consuming one byte.
 */
size_t pw_utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * Length of the longest prefix of S[0..len) of at most MAX bytes that does
 * not end inside a UTF-8 sequence: cutting there never splits a character.
 */
size_t pw_utf8_cut(const char *s, size_t len, size_t max);

/* Cut a character that the end of S splits (S was cut by a byte count). */
void pw_utf8_trim_partial(char *s);

/*
 * vsnprintf() into BUF (SZ bytes), except that when the text is too long it
 * is cut at a character boundary, so valid UTF-8 in stays valid UTF-8 out.
 */
void pw_vformat(char *buf, size_t sz, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * A displayable copy of S[0..n): invalid UTF-8 becomes U+FFFD (one per bad
 * byte); escape sequences are removed whole, as a terminal would consume
 * them: CSI (ESC [ or U+009B, up to the final byte), OSC (ESC ] or U+009D, up
 * to BEL or ST), DCS/SOS/PM/APC (ESC P/X/^/_ or their C1 forms, up to ST),
 * and ESC + intermediates + final (ESC c, ESC ( B). An unterminated string
 * sequence swallows the rest. Other C0/C1 controls, DEL, NUL and the bidi
 * embeddings/overrides/isolates U+202A..202E, U+2066..2069 (which can make
 * text read differently from what it is) are dropped; tab, CR, LF, U+2028
 * and U+2029 become a space. S may be NULL when n is 0.
 * Returns a new NUL-terminated string (never NULL); caller frees.
 */
char *pw_sanitize(const char *s, size_t n);

/*
 * Columns of one code point, as glibc wcwidth() in a UTF-8 locale but
 * independent of the locale: 0 for combining marks, format characters and
 * controls; 2 for East Asian Wide/Fullwidth (CJK, Hangul, fullwidth forms,
 * most emoji); 1 otherwise (including unassigned code points).
 */
int pw_cp_width(uint32_t cp);
/* Columns of a (sanitised) UTF-8 string; an invalid byte counts as U+FFFD (1). NULL is 0. */
int pw_text_width(const char *s);

/*
 * Append S to B fitted to exactly COLS columns, never more or fewer:
 * truncated at a character boundary with a one-column "…" (or "~" when
 * ascii_only; nothing else changes) when too wide, padded with spaces when
 * narrower (on the left when align_right). A wide character that would
 * straddle the edge is replaced by a space. COLS <= 0 appends nothing; S may
 * be NULL (""). S should be sanitised; as a last line of defence invalid
 * bytes are written as U+FFFD and control characters are never written.
 */
void pw_text_fit(struct sbuf *b, const char *s, int cols, bool align_right, bool ascii_only);

/*
 * Byte length of the longest prefix of S that fits in COLS columns; it ends
 * on a character boundary and keeps zero-width marks with their base.
 */
size_t pw_text_prefix(const char *s, int cols);

/* Case-insensitive (ASCII) substring search in UTF-8 text; needle "" matches. */
bool pw_text_contains(const char *haystack, const char *needle);

#endif
