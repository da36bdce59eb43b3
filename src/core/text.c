/*
 * text.c - UTF-8 validation, sanitising and terminal display width.
 *
 * Text from the network, the database or a file is hostile until it has been
 * through pw_sanitize(): a gateway that can put ESC ] 0 ; ... BEL into a
 * sensor name could otherwise retitle, recolour or clear an operator's
 * terminal. Widths follow wcwidth() but are computed from our own table so
 * that layout never depends on the locale the console happens to run in.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"

#define CP_REPLACEMENT 0xFFFDu
#define ELLIPSIS "\xe2\x80\xa6"  /* U+2026, one column */

/* ---- UTF-8 ---------------------------------------------------------------- */

size_t pw_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	*cp = CP_REPLACEMENT;
	if (n == 0)
		return 0;
	unsigned char b = p[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t len;
	uint32_t v;
	/* The second-byte bounds reject overlongs, surrogates and > U+10FFFF. */
	unsigned char lo = 0x80, hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		len = 2;
		v = b & 0x1Fu;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3;
		v = b & 0x0Fu;
		if (b == 0xE0)
			lo = 0xA0;
		else if (b == 0xED)
			hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4;
		v = b & 0x07u;
		if (b == 0xF0)
			lo = 0x90;
		else if (b == 0xF4)
			hi = 0x8F;
	} else {
		return 1;  /* continuation byte, C0/C1 (overlong lead) or F5..FF */
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 1;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 1;
		v = (v << 6) | (p[i] & 0x3Fu);
	}
	*cp = v;
	return len;
}

/* An invalid sequence is the only way to get U+FFFD from one byte. */
static bool decoded_invalid(uint32_t cp, size_t used)
{
	return cp == CP_REPLACEMENT && used == 1;
}

bool pw_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t used = pw_utf8_decode(s + i, n - i, &cp);
		if (decoded_invalid(cp, used))
			return false;
		i += used;
	}
	return true;
}

size_t pw_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void pw_utf8_trim_partial(char *s)
{
	size_t n = strlen(s), lead = n;
	while (lead > 0 && n - lead < 3 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return;
	unsigned char c = (unsigned char)s[lead - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (lead - 1) < need)
		s[lead - 1] = '\0';
}

void pw_vformat(char *buf, size_t sz, const char *fmt, va_list ap)
{
	if (sz == 0)
		return;
	int n = vsnprintf(buf, sz, fmt, ap);
	if (n < 0)
		buf[0] = '\0';
	else if ((size_t)n >= sz)
		pw_utf8_trim_partial(buf);
}

static void utf8_put(struct sbuf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sbuf_add(b, u, n);
}

/* ---- sanitising ------------------------------------------------------------ */

/*
 * A cut-down DEC/ECMA-48 parser (after Paul Williams' state diagram): we only
 * need to know where each control sequence ends so it can be dropped whole,
 * exactly as a terminal would have consumed it.
 */
enum esc_state {
	ST_GROUND,
	ST_ESCAPE,     /* after ESC */
	ST_ESC_INTER,  /* ESC + intermediates (0x20-0x2F), waiting for the final */
	ST_CSI,        /* ESC [ or U+009B: parameters/intermediates until 0x40-0x7E */
	ST_OSC,        /* ESC ] or U+009D: until BEL or ST */
	ST_STRING,     /* DCS, SOS, PM, APC: until ST (BEL does not end these) */
};

bool pw_cp_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

bool pw_cp_is_invisible(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

bool pw_cp_needs_escape(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       pw_cp_is_bidi_control(cp) || pw_cp_is_invisible(cp);
}

/* C1 controls start or end sequences in every state, as in a terminal. */
static enum esc_state c1_transition(uint32_t cp)
{
	switch (cp) {
	case 0x9B:
		return ST_CSI;
	case 0x9D:
		return ST_OSC;
	case 0x90: /* DCS */
	case 0x98: /* SOS */
	case 0x9E: /* PM */
	case 0x9F: /* APC */
		return ST_STRING;
	default:   /* ST (0x9C) and the rest: a lone control, dropped */
		return ST_GROUND;
	}
}

static enum esc_state after_escape(uint32_t cp)
{
	switch (cp) {
	case '[':
		return ST_CSI;
	case ']':
		return ST_OSC;
	case 'P':
	case 'X':
	case '^':
	case '_':
		return ST_STRING;
	default:
		return cp <= 0x2F ? ST_ESC_INTER : ST_GROUND;  /* ESC x is two bytes */
	}
}

static void ground_put(struct sbuf *out, uint32_t cp, bool keep_lf)
{
	if (cp == '\n' && keep_lf)
		sbuf_addc(out, '\n');
	else if (cp == '\r' && keep_lf)
		return;  /* CR LF -> LF; a lone CR would overwrite the line */
	else if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
		sbuf_addc(out, ' ');
	else if (cp < 0x20 || cp == 0x7F || pw_cp_is_bidi_control(cp) || pw_cp_is_invisible(cp))
		return;
	else
		utf8_put(out, cp);
}

/*
 * Feed one code point; returns false when it did not belong to the sequence
 * in progress and must be fed again in ST_GROUND (it is then ordinary text).
 */
static bool esc_feed(enum esc_state *st, struct sbuf *out, uint32_t cp, bool invalid,
                     bool keep_lf)
{
	if (!invalid && cp == 0x1B) {
		*st = ST_ESCAPE;  /* ESC always (re)starts; ESC \ is ST and ends strings */
		return true;
	}
	if (!invalid && (cp == 0x18 || cp == 0x1A)) {
		*st = ST_GROUND;  /* CAN and SUB abort any sequence */
		return true;
	}
	if (!invalid && cp >= 0x80 && cp <= 0x9F) {
		*st = c1_transition(cp);
		return true;
	}
	switch (*st) {
	case ST_GROUND:
		ground_put(out, invalid ? CP_REPLACEMENT : cp, keep_lf);
		return true;
	case ST_OSC:
		if (cp == 0x07)
			*st = ST_GROUND;
		return true;
	case ST_STRING:
		return true;  /* swallowed until ST */
	default:
		break;
	}
	/* ESCAPE, ESC_INTER and CSI: C0 controls inside are ignored, not text. */
	if (!invalid && (cp < 0x20 || cp == 0x7F))
		return true;
	if (invalid || cp > 0x7E) {
		*st = ST_GROUND;  /* not part of a sequence: abandon it, keep the text */
		return false;
	}
	if (*st == ST_ESCAPE)
		*st = after_escape(cp);
	else if (*st == ST_ESC_INTER)
		*st = cp <= 0x2F ? ST_ESC_INTER : ST_GROUND;
	else if (cp >= 0x40)
		*st = ST_GROUND;  /* CSI final byte */
	return true;
}

static char *sanitize(const char *s, size_t n, bool keep_lf)
{
	struct sbuf out;
	sbuf_init(&out);
	enum esc_state st = ST_GROUND;
	size_t i = 0;
	while (s && i < n) {
		uint32_t cp;
		size_t used = pw_utf8_decode(s + i, n - i, &cp);
		bool invalid = decoded_invalid(cp, used);
		if (!esc_feed(&st, &out, cp, invalid, keep_lf))
			esc_feed(&st, &out, cp, invalid, keep_lf);
		i += used;
	}
	return sbuf_steal(&out);
}

char *pw_sanitize(const char *s, size_t n)
{
	return sanitize(s, n, false);
}

char *pw_sanitize_lines(const char *s, size_t n)
{
	return sanitize(s, n, true);
}

void pw_escape_hidden(struct sbuf *b, const char *s, size_t n)
{
	size_t run = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t used = pw_utf8_decode(s + i, n - i, &cp);
		bool invalid = decoded_invalid(cp, used);
		if (!invalid && !pw_cp_needs_escape(cp)) {
			i += used;
			continue;
		}
		sbuf_add(b, s + run, i - run);
		if (invalid)
			sbuf_addf(b, "\\x%02x", (unsigned char)s[i]);
		else
			sbuf_addf(b, "\\u%04x", (unsigned)cp);
		i += used;
		run = i;
	}
	sbuf_add(b, s + run, i - run);
}

/* ---- width ------------------------------------------------------------------ */

struct cp_range {
	uint32_t lo, hi;
};

/*
 * Generated from glibc 2.36 wcwidth() in C.UTF-8 (Unicode 14.0): every code
 * point of width 0 (combining marks Mn/Me, format characters Cf except the
 * soft hyphen, Hangul medial vowels U+1160..11FF) ...
 */
static const struct cp_range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
	{0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
	{0x061C, 0x061C}, {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC},
	{0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711},
	{0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3}, {0x07FD, 0x07FD},
	{0x0816, 0x0819}, {0x081B, 0x0823}, {0x0825, 0x0827}, {0x0829, 0x082D},
	{0x0859, 0x085B}, {0x0898, 0x089F}, {0x08CA, 0x08E1}, {0x08E3, 0x0902},
	{0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D},
	{0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981}, {0x09BC, 0x09BC},
	{0x09C1, 0x09C4}, {0x09CD, 0x09CD}, {0x09E2, 0x09E3}, {0x09FE, 0x09FE},
	{0x0A01, 0x0A02}, {0x0A3C, 0x0A3C}, {0x0A41, 0x0A42}, {0x0A47, 0x0A48},
	{0x0A4B, 0x0A4D}, {0x0A51, 0x0A51}, {0x0A70, 0x0A71}, {0x0A75, 0x0A75},
	{0x0A81, 0x0A82}, {0x0ABC, 0x0ABC}, {0x0AC1, 0x0AC5}, {0x0AC7, 0x0AC8},
	{0x0ACD, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0AFA, 0x0AFF}, {0x0B01, 0x0B01},
	{0x0B3C, 0x0B3C}, {0x0B3F, 0x0B3F}, {0x0B41, 0x0B44}, {0x0B4D, 0x0B4D},
	{0x0B55, 0x0B56}, {0x0B62, 0x0B63}, {0x0B82, 0x0B82}, {0x0BC0, 0x0BC0},
	{0x0BCD, 0x0BCD}, {0x0C00, 0x0C00}, {0x0C04, 0x0C04}, {0x0C3C, 0x0C3C},
	{0x0C3E, 0x0C40}, {0x0C46, 0x0C48}, {0x0C4A, 0x0C4D}, {0x0C55, 0x0C56},
	{0x0C62, 0x0C63}, {0x0C81, 0x0C81}, {0x0CBC, 0x0CBC}, {0x0CBF, 0x0CBF},
	{0x0CC6, 0x0CC6}, {0x0CCC, 0x0CCD}, {0x0CE2, 0x0CE3}, {0x0D00, 0x0D01},
	{0x0D3B, 0x0D3C}, {0x0D41, 0x0D44}, {0x0D4D, 0x0D4D}, {0x0D62, 0x0D63},
	{0x0D81, 0x0D81}, {0x0DCA, 0x0DCA}, {0x0DD2, 0x0DD4}, {0x0DD6, 0x0DD6},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1},
	{0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECD}, {0x0F18, 0x0F19}, {0x0F35, 0x0F35},
	{0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F71, 0x0F7E}, {0x0F80, 0x0F84},
	{0x0F86, 0x0F87}, {0x0F8D, 0x0F97}, {0x0F99, 0x0FBC}, {0x0FC6, 0x0FC6},
	{0x102D, 0x1030}, {0x1032, 0x1037}, {0x1039, 0x103A}, {0x103D, 0x103E},
	{0x1058, 0x1059}, {0x105E, 0x1060}, {0x1071, 0x1074}, {0x1082, 0x1082},
	{0x1085, 0x1086}, {0x108D, 0x108D}, {0x109D, 0x109D}, {0x1160, 0x11FF},
	{0x135D, 0x135F}, {0x1712, 0x1714}, {0x1732, 0x1733}, {0x1752, 0x1753},
	{0x1772, 0x1773}, {0x17B4, 0x17B5}, {0x17B7, 0x17BD}, {0x17C6, 0x17C6},
	{0x17C9, 0x17D3}, {0x17DD, 0x17DD}, {0x180B, 0x180F}, {0x1885, 0x1886},
	{0x18A9, 0x18A9}, {0x1920, 0x1922}, {0x1927, 0x1928}, {0x1932, 0x1932},
	{0x1939, 0x193B}, {0x1A17, 0x1A18}, {0x1A1B, 0x1A1B}, {0x1A56, 0x1A56},
	{0x1A58, 0x1A5E}, {0x1A60, 0x1A60}, {0x1A62, 0x1A62}, {0x1A65, 0x1A6C},
	{0x1A73, 0x1A7C}, {0x1A7F, 0x1A7F}, {0x1AB0, 0x1ACE}, {0x1B00, 0x1B03},
	{0x1B34, 0x1B34}, {0x1B36, 0x1B3A}, {0x1B3C, 0x1B3C}, {0x1B42, 0x1B42},
	{0x1B6B, 0x1B73}, {0x1B80, 0x1B81}, {0x1BA2, 0x1BA5}, {0x1BA8, 0x1BA9},
	{0x1BAB, 0x1BAD}, {0x1BE6, 0x1BE6}, {0x1BE8, 0x1BE9}, {0x1BED, 0x1BED},
	{0x1BEF, 0x1BF1}, {0x1C2C, 0x1C33}, {0x1C36, 0x1C37}, {0x1CD0, 0x1CD2},
	{0x1CD4, 0x1CE0}, {0x1CE2, 0x1CE8}, {0x1CED, 0x1CED}, {0x1CF4, 0x1CF4},
	{0x1CF8, 0x1CF9}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},
	{0x2060, 0x2064}, {0x2066, 0x206F}, {0x20D0, 0x20F0}, {0x2CEF, 0x2CF1},
	{0x2D7F, 0x2D7F}, {0x2DE0, 0x2DFF}, {0x302A, 0x302D}, {0x3099, 0x309A},
	{0xA66F, 0xA672}, {0xA674, 0xA67D}, {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1},
	{0xA802, 0xA802}, {0xA806, 0xA806}, {0xA80B, 0xA80B}, {0xA825, 0xA826},
	{0xA82C, 0xA82C}, {0xA8C4, 0xA8C5}, {0xA8E0, 0xA8F1}, {0xA8FF, 0xA8FF},
	{0xA926, 0xA92D}, {0xA947, 0xA951}, {0xA980, 0xA982}, {0xA9B3, 0xA9B3},
	{0xA9B6, 0xA9B9}, {0xA9BC, 0xA9BD}, {0xA9E5, 0xA9E5}, {0xAA29, 0xAA2E},
	{0xAA31, 0xAA32}, {0xAA35, 0xAA36}, {0xAA43, 0xAA43}, {0xAA4C, 0xAA4C},
	{0xAA7C, 0xAA7C}, {0xAAB0, 0xAAB0}, {0xAAB2, 0xAAB4}, {0xAAB7, 0xAAB8},
	{0xAABE, 0xAABF}, {0xAAC1, 0xAAC1}, {0xAAEC, 0xAAED}, {0xAAF6, 0xAAF6},
	{0xABE5, 0xABE5}, {0xABE8, 0xABE8}, {0xABED, 0xABED}, {0xD7B0, 0xD7C6},
	{0xD7CB, 0xD7FB}, {0xFB1E, 0xFB1E}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
	{0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x101FD, 0x101FD}, {0x102E0, 0x102E0},
	{0x10376, 0x1037A}, {0x10A01, 0x10A03}, {0x10A05, 0x10A06}, {0x10A0C, 0x10A0F},
	{0x10A38, 0x10A3A}, {0x10A3F, 0x10A3F}, {0x10AE5, 0x10AE6}, {0x10D24, 0x10D27},
	{0x10EAB, 0x10EAC}, {0x10F46, 0x10F50}, {0x10F82, 0x10F85}, {0x11001, 0x11001},
	{0x11038, 0x11046}, {0x11070, 0x11070}, {0x11073, 0x11074}, {0x1107F, 0x11081},
	{0x110B3, 0x110B6}, {0x110B9, 0x110BA}, {0x110C2, 0x110C2}, {0x11100, 0x11102},
	{0x11127, 0x1112B}, {0x1112D, 0x11134}, {0x11173, 0x11173}, {0x11180, 0x11181},
	{0x111B6, 0x111BE}, {0x111C9, 0x111CC}, {0x111CF, 0x111CF}, {0x1122F, 0x11231},
	{0x11234, 0x11234}, {0x11236, 0x11237}, {0x1123E, 0x1123E}, {0x112DF, 0x112DF},
	{0x112E3, 0x112EA}, {0x11300, 0x11301}, {0x1133B, 0x1133C}, {0x11340, 0x11340},
	{0x11366, 0x1136C}, {0x11370, 0x11374}, {0x11438, 0x1143F}, {0x11442, 0x11444},
	{0x11446, 0x11446}, {0x1145E, 0x1145E}, {0x114B3, 0x114B8}, {0x114BA, 0x114BA},
	{0x114BF, 0x114C0}, {0x114C2, 0x114C3}, {0x115B2, 0x115B5}, {0x115BC, 0x115BD},
	{0x115BF, 0x115C0}, {0x115DC, 0x115DD}, {0x11633, 0x1163A}, {0x1163D, 0x1163D},
	{0x1163F, 0x11640}, {0x116AB, 0x116AB}, {0x116AD, 0x116AD}, {0x116B0, 0x116B5},
	{0x116B7, 0x116B7}, {0x1171D, 0x1171F}, {0x11722, 0x11725}, {0x11727, 0x1172B},
	{0x1182F, 0x11837}, {0x11839, 0x1183A}, {0x1193B, 0x1193C}, {0x1193E, 0x1193E},
	{0x11943, 0x11943}, {0x119D4, 0x119D7}, {0x119DA, 0x119DB}, {0x119E0, 0x119E0},
	{0x11A01, 0x11A0A}, {0x11A33, 0x11A38}, {0x11A3B, 0x11A3E}, {0x11A47, 0x11A47},
	{0x11A51, 0x11A56}, {0x11A59, 0x11A5B}, {0x11A8A, 0x11A96}, {0x11A98, 0x11A99},
	{0x11C30, 0x11C36}, {0x11C38, 0x11C3D}, {0x11C3F, 0x11C3F}, {0x11C92, 0x11CA7},
	{0x11CAA, 0x11CB0}, {0x11CB2, 0x11CB3}, {0x11CB5, 0x11CB6}, {0x11D31, 0x11D36},
	{0x11D3A, 0x11D3A}, {0x11D3C, 0x11D3D}, {0x11D3F, 0x11D45}, {0x11D47, 0x11D47},
	{0x11D90, 0x11D91}, {0x11D95, 0x11D95}, {0x11D97, 0x11D97}, {0x11EF3, 0x11EF4},
	{0x13430, 0x13438}, {0x16AF0, 0x16AF4}, {0x16B30, 0x16B36}, {0x16F4F, 0x16F4F},
	{0x16F8F, 0x16F92}, {0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E}, {0x1BCA0, 0x1BCA3},
	{0x1CF00, 0x1CF2D}, {0x1CF30, 0x1CF46}, {0x1D167, 0x1D169}, {0x1D173, 0x1D182},
	{0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244}, {0x1DA00, 0x1DA36},
	{0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84}, {0x1DA9B, 0x1DA9F},
	{0x1DAA1, 0x1DAAF}, {0x1E000, 0x1E006}, {0x1E008, 0x1E018}, {0x1E01B, 0x1E021},
	{0x1E023, 0x1E024}, {0x1E026, 0x1E02A}, {0x1E130, 0x1E136}, {0x1E2AE, 0x1E2AE},
	{0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6}, {0x1E944, 0x1E94A}, {0xE0001, 0xE0001},
	{0xE0020, 0xE007F}, {0xE0100, 0xE01EF}
};

/*
 * ... and of width 2 (East Asian Wide and Fullwidth, emoji presentation).
 * Wide ranges are joined across unassigned code points inside them, and
 * planes 2 and 3 are wide throughout, so characters added by later Unicode
 * versions in CJK blocks still take two columns.
 */
static const struct cp_range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x3029},
	{0x302E, 0x303E}, {0x3041, 0x3096}, {0x309B, 0xA4C6}, {0xA960, 0xA97C},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAD9}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6B},
	{0xFF01, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE3}, {0x16FF0, 0x1B2FB},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
	{0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4},
	{0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
	{0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
	{0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
	{0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
	{0x1F7E0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
	{0x1FA70, 0x1FAF6}, {0x20000, 0x3FFFD}
};

static bool in_table(uint32_t cp, const struct cp_range *t, size_t n)
{
	if (cp < t[0].lo || cp > t[n - 1].hi)
		return false;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp > t[mid].hi)
			lo = mid + 1;
		else if (cp < t[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

int pw_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;  /* the common case first */
	if (cp < 0xA0)
		return 0;  /* C0, DEL, C1: never printed (sanitised away) */
	if (in_table(cp, zero_width, PW_ARRAY_LEN(zero_width)))
		return 0;
	if (in_table(cp, wide, PW_ARRAY_LEN(wide)))
		return 2;
	return 1;
}

static int width_n(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += pw_utf8_decode(s + i, n - i, &cp);
		w += pw_cp_width(cp);  /* an invalid byte shows as U+FFFD: 1 column */
	}
	return w;
}

int pw_text_width(const char *s)
{
	return s ? width_n(s, strlen(s)) : 0;
}

size_t pw_text_prefix(const char *s, int cols)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	int w = 0;
	while (i < n) {
		uint32_t cp;
		size_t used = pw_utf8_decode(s + i, n - i, &cp);
		int cw = pw_cp_width(cp);
		if (w + cw > cols)
			break;  /* combining marks (0 columns) stay with their base */
		w += cw;
		i += used;
	}
	return i;
}

static void add_spaces(struct sbuf *b, int n)
{
	for (; n > 0; n--)
		sbuf_addc(b, ' ');
}

/* Copy S[0..n) re-encoded: invalid bytes as U+FFFD, controls, bidi and invisibles dropped. */
static void add_clean(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t used = pw_utf8_decode(s + i, n - i, &cp);
		if (!(cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || pw_cp_is_bidi_control(cp) ||
		      pw_cp_is_invisible(cp)))
			utf8_put(b, cp);
		i += used;
	}
}

void pw_text_fit(struct sbuf *b, const char *s, int cols, bool align_right, bool ascii_only)
{
	if (!s)
		s = "";
	if (cols <= 0)
		return;
	int w = pw_text_width(s);
	if (w <= cols) {
		if (align_right)
			add_spaces(b, cols - w);
		add_clean(b, s, strlen(s));
		if (!align_right)
			add_spaces(b, cols - w);
		return;
	}
	/* Too wide: keep the start, then pad a half-fitting wide char, then "…". */
	size_t keep = pw_text_prefix(s, cols - 1);
	add_clean(b, s, keep);
	add_spaces(b, cols - 1 - width_n(s, keep));
	sbuf_adds(b, ascii_only ? "~" : ELLIPSIS);
}

/* ---- CSV --------------------------------------------------------------------- */

/* "-12", "-0.5": a spreadsheet reads this as a number constant, nothing else. */
static bool plain_negative_number(const char *s)
{
	if (*s++ != '-' || !(*s >= '0' && *s <= '9'))
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

bool pw_csv_formula_risk(const char *s)
{
	if (!s || !*s || !strchr("=+-@\t\r", *s))
		return false;
	return !plain_negative_number(s);
}

void pw_csv_field(struct sbuf *b, const char *v)
{
	char *clean = pw_sanitize_lines(v ? v : "", v ? strlen(v) : 0);
	/* Checked on the raw value too: sanitising turns a leading TAB into a space. */
	bool risk = pw_csv_formula_risk(v) || pw_csv_formula_risk(clean);
	size_t n = strlen(clean);
	bool quote = risk || strpbrk(clean, ",\"\n") != NULL ||
	             (n && (clean[0] == ' ' || clean[n - 1] == ' '));
	if (quote)
		sbuf_addc(b, '"');
	if (risk)
		sbuf_addc(b, '\'');
	for (const char *p = clean; *p; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	if (quote)
		sbuf_addc(b, '"');
	free(clean);
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool pw_text_contains(const char *haystack, const char *needle)
{
	if (!needle || !*needle)
		return true;
	if (!haystack)
		return false;
	size_t nl = strlen(needle);
	for (const char *h = haystack; *h; h++) {
		size_t k = 0;
		while (k < nl && h[k] && ascii_lower(h[k]) == ascii_lower(needle[k]))
			k++;
		if (k == nl)
			return true;
	}
	return false;
}
