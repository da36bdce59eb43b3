/* test_text.c - UTF-8 validation, sanitising and column width (src/core/text.c). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/text.h"
#include "parkwatch/util.h"

#define ELLIPSIS "\xe2\x80\xa6"
#define FFFD "\xef\xbf\xbd"

/* Sanitise a literal (which may hold NUL bytes) and compare with EXPECTED. */
#define assert_sanitized(lit, expected)                          \
	do {                                                         \
		char *out_ = pw_sanitize((lit), sizeof(lit) - 1);        \
		assert_string_equal(out_, (expected));                   \
		free(out_);                                              \
	} while (0)

/* pw_text_fit into a fresh buffer; caller frees. */
static char *fit(const char *s, int cols, bool right, bool ascii)
{
	struct sbuf b;
	sbuf_init(&b);
	pw_text_fit(&b, s, cols, right, ascii);
	return sbuf_steal(&b);
}

#define assert_fit(s, cols, right, ascii, expected)             \
	do {                                                        \
		char *out_ = fit((s), (cols), (right), (ascii));        \
		assert_string_equal(out_, (expected));                  \
		if ((cols) > 0)                                         \
			assert_int_equal(pw_text_width(out_), (cols));      \
		free(out_);                                             \
	} while (0)

#define valid(lit) pw_utf8_valid((lit), sizeof(lit) - 1)

/* ---- UTF-8 ------------------------------------------------------------------ */

static void test_utf8_accepts_ascii_chinese_and_emoji(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ascii"));
	assert_true(valid("开发区应急服务中心"));
	assert_true(valid("\xf0\x9f\x94\xa5"));          /* U+1F525 */
	assert_true(valid("\xf4\x8f\xbf\xbf"));          /* U+10FFFF, the last */
	assert_true(valid("\xef\xbf\xbd"));              /* a real U+FFFD */
	assert_true(valid("\xed\x9f\xbf\xee\x80\x80"));  /* U+D7FF, U+E000 around the surrogates */
}

static void test_utf8_rejects_overlongs(void **state)
{
	(void)state;
	assert_false(valid("\xc0\xaf"));          /* '/' in two bytes */
	assert_false(valid("\xc1\xbf"));
	assert_false(valid("\xe0\x80\xaf"));      /* '/' in three bytes */
	assert_false(valid("\xe0\x9f\xbf"));      /* U+07FF in three bytes */
	assert_false(valid("\xf0\x80\x80\xaf"));  /* '/' in four bytes */
	assert_false(valid("\xf0\x8f\xbf\xbf"));  /* U+FFFF in four bytes */
}

static void test_utf8_rejects_surrogates_and_beyond_unicode(void **state)
{
	(void)state;
	assert_false(valid("\xed\xa0\x80"));      /* U+D800 */
	assert_false(valid("\xed\xbf\xbf"));      /* U+DFFF */
	assert_false(valid("\xf4\x90\x80\x80"));  /* U+110000 */
	assert_false(valid("\xf5\x80\x80\x80"));
	assert_false(valid("\xff"));
}

static void test_utf8_rejects_truncated_and_stray_bytes(void **state)
{
	(void)state;
	assert_false(valid("\xe4\xb8"));          /* first two bytes of 中 */
	assert_false(valid("ab\xf0\x9f\x94"));
	assert_false(valid("\x80"));              /* continuation without a lead */
	assert_false(valid("\xe4\x41\xad"));      /* lead, then ASCII */
	assert_false(pw_utf8_valid("\xe4\xb8\xad", 2));  /* n cuts the character */
}

static void test_utf8_decode_reports_length_and_replacement(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(pw_utf8_decode("\xe4\xb8\xad", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(pw_utf8_decode("\xc0\xaf", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(pw_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(pw_utf8_decode("x", 0, &cp), 0);
}

/* ---- sanitising --------------------------------------------------------------- */

static void test_sanitize_keeps_ordinary_text(void **state)
{
	(void)state;
	assert_sanitized("H2S 12.5 ppm 硫化氢 — ok", "H2S 12.5 ppm 硫化氢 — ok");
	assert_sanitized("", "");
}

static void test_sanitize_strips_osc_title_sequence(void **state)
{
	(void)state;
	assert_sanitized("a\x1b]0;pwned\x07z", "az");
	assert_sanitized("a\x1b]2;pwned\x1b\\z", "az");             /* ST = ESC \ */
	assert_sanitized("a\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\z", "alinkz");
	assert_sanitized("a\xc2\x9d" "0;pwned\xc2\x9cz", "az");      /* 8-bit OSC ... ST */
	assert_sanitized("a\x1b]0;never ends", "a");                 /* unterminated */
}

static void test_sanitize_strips_csi_clear_screen_and_colours(void **state)
{
	(void)state;
	assert_sanitized("\x1b[2Jclear", "clear");
	assert_sanitized("\x1b[H\x1b[2J\x1b[3J", "");
	assert_sanitized("\x1b[1;31mred\x1b[0m", "red");
	assert_sanitized("\x1b[?1049h\x1b[?25l", "");
	assert_sanitized("x\x1b[38;2;255;0;0mx", "xx");
	assert_sanitized("\x1b[2\nJ", "");  /* a control inside CSI does not end it */
}

static void test_sanitize_strips_8bit_csi_with_parameters(void **state)
{
	(void)state;
	assert_sanitized("a\xc2\x9b" "2Jb", "ab");
	assert_sanitized("a\xc2\x9b" "1;31mb", "ab");
	/* A raw 0x9B byte is not UTF-8: it is shown as U+FFFD, not obeyed. */
	assert_sanitized("a\x9b" "2Jb", "a" FFFD "2Jb");
}

static void test_sanitize_strips_dcs_apc_pm_sos_strings(void **state)
{
	(void)state;
	assert_sanitized("a\x1bPq#0;2;0;0;0#0~~\x1b\\b", "ab");   /* sixel DCS */
	assert_sanitized("a\x1b_apc payload\x1b\\b", "ab");
	assert_sanitized("a\x1b^pm\x1b\\b", "ab");
	assert_sanitized("a\x1bXsos\x07still\x1b\\b", "ab");     /* BEL does not end SOS */
	assert_sanitized("a\xc2\x90" "dcs\xc2\x9c" "b", "ab");
}

static void test_sanitize_strips_two_byte_and_charset_escapes(void **state)
{
	(void)state;
	assert_sanitized("a\x1b" "cb", "ab");      /* RIS: full reset */
	assert_sanitized("a\x1b(0b\x1b(B", "ab");  /* line-drawing charset and back */
	assert_sanitized("a\x1b#8b", "ab");        /* DECALN fills the screen with E */
	assert_sanitized("a\x1b", "a");            /* lone ESC at the end */
	assert_sanitized("a\x1b\x18[2Jb", "a[2Jb");  /* CAN aborts the sequence */
}

static void test_sanitize_drops_c0_c1_del_and_maps_cr_lf_tab(void **state)
{
	(void)state;
	assert_sanitized("line1\r\nline2\tx", "line1  line2 x");
	assert_sanitized("abc\b\b\bxyz", "abcxyz");        /* BS cannot overwrite */
	assert_sanitized("bell\x07\x7f!", "bell!");
	assert_sanitized("nul\0byte", "nulbyte");
	assert_sanitized("a\xc2\x85" "b\xc2\x8e" "c", "abc");  /* NEL, SS2 */
	assert_sanitized("p\xe2\x80\xa8q", "p q");            /* LINE SEPARATOR */
}

static void test_sanitize_drops_bidi_overrides(void **state)
{
	(void)state;
	/* "txt.exe" written to look like "exe.txt" */
	assert_sanitized("\xe2\x80\xaetxt.exe", "txt.exe");
	assert_sanitized("a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac" "d\xe2\x80\xad" "e", "abcde");
	assert_sanitized("a\xe2\x81\xa6" "b\xe2\x81\xa7" "c\xe2\x81\xa8" "d\xe2\x81\xa9" "e", "abcde");
}

static void test_sanitize_drops_zero_width_characters_that_shift_columns(void **state)
{
	(void)state;
	/* U+200B..200D, U+2060, U+FEFF: terminals disagree on their width */
	assert_sanitized("E0\xe2\x80\x8b" "01", "E001");
	assert_sanitized("a\xe2\x80\x8c" "b\xe2\x80\x8d" "c\xe2\x81\xa0" "d\xef\xbb\xbf" "e", "abcde");
	assert_sanitized("\xe2\x80\x8e" "ltr\xe2\x80\x8f", "ltr");  /* LRM, RLM */
	/* what a table cell holds after pw_sanitize is as wide as it looks */
	char *c = pw_sanitize("化\xe2\x80\x8b工", 9);
	assert_int_equal(pw_text_width(c), 4);
	assert_string_equal(c, "化工");
	free(c);
}

static void test_text_fit_never_writes_bidi_or_invisible_characters(void **state)
{
	(void)state;
	/* the last line of defence, for text that skipped pw_sanitize */
	char *out = fit("a\xe2\x80\x8b" "b\xe2\x80\xae" "c", 4, false, false);
	assert_string_equal(out, "abc ");
	free(out);
}

static void test_sanitize_lines_keeps_line_breaks_only(void **state)
{
	(void)state;
	char *out = pw_sanitize_lines("one\r\ntwo\x1b[2J\tthree\xe2\x80\x8b\n", 22);
	assert_string_equal(out, "one\ntwo three\n");
	free(out);
}

static void test_escape_hidden_writes_u_escapes_and_keeps_chinese(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	const char *s = "化工\x1b]0;x\x07\xe2\x80\x8b\xe2\x80\xae\xc2\x9b\x7f\xff\\ok";
	pw_escape_hidden(&b, s, strlen(s));
	assert_string_equal(sbuf_str(&b),
	                    "化工\\u001b]0;x\\u0007\\u200b\\u202e\\u009b\\u007f\\xff\\ok");
	assert_null(strchr(sbuf_str(&b), 0x1b));
	sbuf_free(&b);
}

static void test_csv_field_neutralises_formulas_per_owasp(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
		{"+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\""},
		{"-2+3", "\"'-2+3\""},
		{"@SUM(A1:A9)", "\"'@SUM(A1:A9)\""},
		{"\t=1+1", "\"' =1+1\""},       /* TAB first: sanitised to a blank, still neutralised */
		{"\r=1+1", "\"'=1+1\""},        /* CR first: dropped, still neutralised */
		{"-", "\"'-\""},
		{"-1.", "\"'-1.\""},
		/* plain negative numbers stay numbers */
		{"-12", "-12"},
		{"-0.5", "-0.5"},
		/* ordinary cells are unchanged */
		{"a=b", "a=b"},
		{"氨 NH3", "氨 NH3"},
		{"x,y", "\"x,y\""},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sbuf b;
		sbuf_init(&b);
		pw_csv_field(&b, cases[i].in);
		if (strcmp(sbuf_str(&b), cases[i].out) != 0)
			fail_msg("csv '%s' -> '%s', want '%s'", cases[i].in, sbuf_str(&b), cases[i].out);
		sbuf_free(&b);
	}
	assert_false(pw_csv_formula_risk("-3.25"));
	assert_true(pw_csv_formula_risk("-3.25+1"));
	assert_true(pw_csv_formula_risk("=1"));
}

static void test_csv_field_never_carries_escape_sequences(void **state)
{
	(void)state;
	struct sbuf b;
	sbuf_init(&b);
	pw_csv_field(&b, "a\x1b]0;pwned\x07\nb");
	assert_string_equal(sbuf_str(&b), "\"a\nb\"");
	sbuf_free(&b);
}

static void test_sanitize_replaces_invalid_utf8(void **state)
{
	(void)state;
	assert_sanitized("a\xffz", "a" FFFD "z");
	assert_sanitized("\xc0\xaf", FFFD FFFD);            /* overlong '/' */
	assert_sanitized("\xed\xa0\x80", FFFD FFFD FFFD);   /* surrogate U+D800 */
	assert_sanitized("中\xe6\x96", "中" FFFD FFFD);      /* truncated 文 */
	char *out = pw_sanitize("\xc0\xaf", 2);
	assert_true(pw_utf8_valid(out, strlen(out)));
	free(out);
}

static void test_sanitize_output_never_holds_a_control(void **state)
{
	(void)state;
	/* Every byte value after ESC, and every C1 control, in one hostile string. */
	struct sbuf in;
	sbuf_init(&in);
	for (int c = 0; c < 256; c++) {
		char esc[] = {'\x1b', (char)c, 'x', '\x07', '\x1b', '\\'};  /* ... BEL ST */
		sbuf_add(&in, esc, sizeof esc);
		char c1[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
		if (c >= 0x80 && c < 0xA0)
			sbuf_add(&in, c1, sizeof c1);
	}
	char *out = pw_sanitize(in.s, in.len);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		assert_true(*p >= 0x20 && *p != 0x7F);
		if (p[0] == 0xC2)
			assert_true(p[1] >= 0xA0);
	}
	assert_true(pw_utf8_valid(out, strlen(out)));
	free(out);
	sbuf_free(&in);
}

/* ---- width ---------------------------------------------------------------------- */

static void test_width_chinese_is_two_columns_each(void **state)
{
	(void)state;
	assert_int_equal(pw_text_width("中"), 2);
	assert_int_equal(pw_text_width("开发区应急服务中心"), 18);
	assert_int_equal(pw_text_width("A区3号罐"), 1 + 2 + 1 + 2 + 2);
	assert_int_equal(pw_text_width("한국어"), 6);
	assert_int_equal(pw_text_width("ＡＢ"), 4);         /* fullwidth forms */
	assert_int_equal(pw_text_width("。，"), 4);        /* CJK punctuation */
	assert_int_equal(pw_text_width("\xf0\xa0\x80\x80"), 2);  /* U+20000, plane 2 */
}

static void test_width_combining_marks_take_no_column(void **state)
{
	(void)state;
	assert_int_equal(pw_text_width("e\xcc\x81"), 1);          /* e + U+0301 */
	assert_int_equal(pw_text_width("a\xe2\x80\x8b" "b"), 2);  /* ZERO WIDTH SPACE */
	assert_int_equal(pw_cp_width(0x0300), 0);
	assert_int_equal(pw_cp_width(0xFE0F), 0);                 /* variation selector */
}

static void test_width_of_other_characters(void **state)
{
	(void)state;
	assert_int_equal(pw_cp_width('a'), 1);
	assert_int_equal(pw_cp_width(0x00E9), 1);    /* é */
	assert_int_equal(pw_cp_width(0x2026), 1);    /* … */
	assert_int_equal(pw_cp_width(0x0394), 1);    /* Δ */
	assert_int_equal(pw_cp_width(0x1F525), 2);   /* fire emoji */
	assert_int_equal(pw_cp_width(0x1F9EF), 2);   /* fire extinguisher emoji */
	assert_int_equal(pw_cp_width(0x1B), 0);
	assert_int_equal(pw_cp_width(0x9B), 0);
	assert_int_equal(pw_text_width(NULL), 0);
	assert_int_equal(pw_text_width("a\xff"), 2);  /* shown as U+FFFD */
}

/* ---- fitting ---------------------------------------------------------------------- */

static void test_fit_pads_short_text_left_or_right(void **state)
{
	(void)state;
	assert_fit("abc", 6, false, false, "abc   ");
	assert_fit("abc", 6, true, false, "   abc");
	assert_fit("中文", 6, false, false, "中文  ");
	assert_fit("中文", 6, true, false, "  中文");
	assert_fit("", 3, false, false, "   ");
	assert_fit(NULL, 2, false, false, "  ");
	assert_fit("exact", 5, false, false, "exact");
}

static void test_fit_truncates_with_ellipsis_at_column_boundary(void **state)
{
	(void)state;
	assert_fit("abcdefgh", 5, false, false, "abcd" ELLIPSIS);
	assert_fit("abcdefgh", 5, true, false, "abcd" ELLIPSIS);
	assert_fit("abcdefgh", 5, false, true, "abcd~");
	assert_fit("开发区应急服务中心", 7, false, false, "开发区" ELLIPSIS);
	assert_fit("abc", 1, false, false, ELLIPSIS);
}

static void test_fit_replaces_wide_char_straddling_the_edge_with_space(void **state)
{
	(void)state;
	/* 6 columns: 5 for text + 1 for "…"; 开发 is 4, 区 would need 6. */
	assert_fit("开发区应急", 6, false, false, "开发 " ELLIPSIS);
	assert_fit("a中文", 3, false, false, "a " ELLIPSIS);
	assert_fit("中文", 2, false, true, " ~");
}

static void test_fit_never_writes_other_than_the_columns_asked(void **state)
{
	(void)state;
	const char *samples[] = {"", "a", "中", "a中b文c", "e\xcc\x81\xcc\x81x", "ＡＢＣ",
	                         "\xf0\x9f\x94\xa5 fire", ("bad\xff" "byte")};
	for (size_t i = 0; i < PW_ARRAY_LEN(samples); i++) {
		for (int cols = 1; cols <= 12; cols++) {
			for (int mode = 0; mode < 4; mode++) {
				char *out = fit(samples[i], cols, mode & 1, mode & 2);
				assert_int_equal(pw_text_width(out), cols);
				assert_true(pw_utf8_valid(out, strlen(out)));
				free(out);
			}
		}
	}
	char *none = fit("abc", 0, false, false);
	assert_string_equal(none, "");
	free(none);
}

static void test_fit_does_not_write_controls(void **state)
{
	(void)state;
	assert_fit("a\x1b[2Jb", 6, false, false, "a[2Jb ");
}

static void test_prefix_keeps_combining_marks_and_stops_before_wide(void **state)
{
	(void)state;
	assert_int_equal(pw_text_prefix("e\xcc\x81xyz", 1), 3);
	assert_int_equal(pw_text_prefix("a中", 2), 1);
	assert_int_equal(pw_text_prefix("a中", 3), 4);
	assert_int_equal(pw_text_prefix("abc", 0), 0);
	assert_int_equal(pw_text_prefix("abc", 10), 3);
}

static void test_contains_ignores_ascii_case(void **state)
{
	(void)state;
	assert_true(pw_text_contains("Tank H2S sensor", "h2s"));
	assert_true(pw_text_contains("储罐区 B", "罐区"));
	assert_true(pw_text_contains("anything", ""));
	assert_false(pw_text_contains("储罐区", "罐x"));
	assert_false(pw_text_contains("ab", "abc"));
}

/* Format into a BUF of SZ bytes through pw_vformat. */
static void vformat(char *buf, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void vformat(char *buf, size_t sz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(buf, sz, fmt, ap);
	va_end(ap);
}

static void test_utf8_cut_never_splits_a_character(void **state)
{
	(void)state;
	const char *s = "ab储罐";  /* 2 + 3 + 3 bytes */
	assert_int_equal(pw_utf8_cut(s, 8, 8), 8);
	assert_int_equal(pw_utf8_cut(s, 8, 20), 8);
	assert_int_equal(pw_utf8_cut(s, 8, 7), 5);
	assert_int_equal(pw_utf8_cut(s, 8, 6), 5);
	assert_int_equal(pw_utf8_cut(s, 8, 5), 5);
	assert_int_equal(pw_utf8_cut(s, 8, 4), 2);
	assert_int_equal(pw_utf8_cut(s, 8, 0), 0);
	char t[16] = "ab\xe5\x82";   /* 储 cut after 2 of its 3 bytes */
	pw_utf8_trim_partial(t);
	assert_string_equal(t, "ab");
	strcpy(t, "ab储");
	pw_utf8_trim_partial(t);
	assert_string_equal(t, "ab储");
}

static void test_vformat_cuts_at_a_character_boundary(void **state)
{
	(void)state;
	char buf[8];
	/* fits: as vsnprintf */
	vformat(buf, sizeof buf, "%s=%d", "ab", 42);
	assert_string_equal(buf, "ab=42");
	/* "x储罐区" is 10 bytes; 6 fit, which would end inside 罐 */
	vformat(buf, 7, "x%s", "储罐区");
	assert_string_equal(buf, "x储");
	vformat(buf, 6, "x%s", "储罐区");
	assert_string_equal(buf, "x储");
	/* a 4-byte character cut after 1, 2 or 3 of its bytes */
	for (size_t sz = 2; sz <= 5; sz++) {
		vformat(buf, sz, "%s", "\xf0\x9f\x94\xa5!");
		assert_string_equal(buf, sz == 5 ? "\xf0\x9f\x94\xa5" : "");
	}
	/* a cut exactly after a whole character keeps it */
	vformat(buf, 7, "%s%s", "储罐", "区");
	assert_string_equal(buf, "储罐");
	assert_true(pw_utf8_valid(buf, strlen(buf)));
	vformat(buf, 1, "%s", "储");
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_accepts_ascii_chinese_and_emoji),
		cmocka_unit_test(test_utf8_rejects_overlongs),
		cmocka_unit_test(test_utf8_rejects_surrogates_and_beyond_unicode),
		cmocka_unit_test(test_utf8_rejects_truncated_and_stray_bytes),
		cmocka_unit_test(test_utf8_decode_reports_length_and_replacement),
		cmocka_unit_test(test_sanitize_keeps_ordinary_text),
		cmocka_unit_test(test_sanitize_strips_osc_title_sequence),
		cmocka_unit_test(test_sanitize_strips_csi_clear_screen_and_colours),
		cmocka_unit_test(test_sanitize_strips_8bit_csi_with_parameters),
		cmocka_unit_test(test_sanitize_strips_dcs_apc_pm_sos_strings),
		cmocka_unit_test(test_sanitize_strips_two_byte_and_charset_escapes),
		cmocka_unit_test(test_sanitize_drops_c0_c1_del_and_maps_cr_lf_tab),
		cmocka_unit_test(test_sanitize_drops_bidi_overrides),
		cmocka_unit_test(test_sanitize_drops_zero_width_characters_that_shift_columns),
		cmocka_unit_test(test_text_fit_never_writes_bidi_or_invisible_characters),
		cmocka_unit_test(test_sanitize_lines_keeps_line_breaks_only),
		cmocka_unit_test(test_escape_hidden_writes_u_escapes_and_keeps_chinese),
		cmocka_unit_test(test_csv_field_neutralises_formulas_per_owasp),
		cmocka_unit_test(test_csv_field_never_carries_escape_sequences),
		cmocka_unit_test(test_sanitize_replaces_invalid_utf8),
		cmocka_unit_test(test_sanitize_output_never_holds_a_control),
		cmocka_unit_test(test_width_chinese_is_two_columns_each),
		cmocka_unit_test(test_width_combining_marks_take_no_column),
		cmocka_unit_test(test_width_of_other_characters),
		cmocka_unit_test(test_fit_pads_short_text_left_or_right),
		cmocka_unit_test(test_fit_truncates_with_ellipsis_at_column_boundary),
		cmocka_unit_test(test_fit_replaces_wide_char_straddling_the_edge_with_space),
		cmocka_unit_test(test_fit_never_writes_other_than_the_columns_asked),
		cmocka_unit_test(test_fit_does_not_write_controls),
		cmocka_unit_test(test_prefix_keeps_combining_marks_and_stops_before_wide),
		cmocka_unit_test(test_contains_ignores_ascii_case),
		cmocka_unit_test(test_utf8_cut_never_splits_a_character),
		cmocka_unit_test(test_vformat_cuts_at_a_character_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
