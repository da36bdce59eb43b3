/*
 * text.h - UTF-8 validation, sanitising and terminal display width (core).
 *
 * Everything from the network or a file passes through pw_sanitize() before
 * it can reach a terminal: control characters (C0, DEL, C1) and escape
 * sequences never survive, nor do bidi controls or invisible characters.
 * Widths are terminal columns (wcwidth semantics, locale-independent for
 * UTF-8): a Chinese character is two columns.
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
 * sequence swallows the rest. Other C0/C1 controls, DEL, NUL, the bidi
 * controls of pw_cp_is_bidi_control() (which can make text read differently
 * from what it is) and the invisible characters of pw_cp_is_invisible()
 * (which terminals disagree on the width of: a U+200B shifted a table row by
 * a column) are dropped; tab, CR, LF, U+2028 and U+2029 become a space.
 * S may be NULL when n is 0.
 * Returns a new NUL-terminated string (never NULL); caller frees.
 */
char *pw_sanitize(const char *s, size_t n);

/*
 * pw_sanitize() for multi-line text (a CSV cell, a report note): the same,
 * except that LF is kept and CR is dropped (CR LF -> LF).
 */
char *pw_sanitize_lines(const char *s, size_t n);

/* Bidi controls: embeddings/overrides U+202A..202E, isolates U+2066..2069, LRM, RLM, ALM. */
bool pw_cp_is_bidi_control(uint32_t cp);
/* Invisible characters: U+200B..200D (zero-width space/joiners), U+2060..2064, U+FEFF. */
bool pw_cp_is_invisible(uint32_t cp);
/*
 * Code points that output for scripts writes escaped: C0, DEL, C1, U+2028,
 * U+2029, bidi controls and invisible characters.
 */
bool pw_cp_needs_escape(uint32_t cp);

/*
 * Append S[0..n) to B with every pw_cp_needs_escape() code point written as
 * "\uXXXX" (four lower-case hex digits, all such code points are in the BMP)
 * and every byte that is not valid UTF-8 as "\xHH"; the rest is copied.
 * Backslash itself is not touched: a format that escapes it (tsv) does so first.
 */
void pw_escape_hidden(struct sbuf *b, const char *s, size_t n);

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

/*
 * CSV injection (OWASP): true when a spreadsheet opening S as a cell could
 * read it as a formula: it starts with '=', '+', '-', '@', TAB or CR. A cell
 * that is exactly a plain negative decimal number ("-12", "-0.5") is not a
 * risk: a spreadsheet reads it as that number constant, with no function,
 * reference or further operator that could run; prefixing it would turn a
 * value into text and break sums over a numeric column.
 */
bool pw_csv_formula_risk(const char *s);

/*
 * Append V (NULL = "") to B as one RFC 4180 field: pw_sanitize_lines()d,
 * quoted when it holds a comma, a quote, a line break (LF; CR is dropped)
 * or an edge blank, and neutralised with a leading "'" inside
 * quotes when pw_csv_formula_risk() ("=1+2" -> "'=1+2"). Every CSV export
 * writes its cells through this.
 */
void pw_csv_field(struct sbuf *b, const char *v);

/* Case-insensitive (ASCII) substring search in UTF-8 text; needle "" matches. */
bool pw_text_contains(const char *haystack, const char *needle);

#endif
