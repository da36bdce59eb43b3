/*
 * heatfmt.c - heat-table cell texts and small date arithmetic (heatfmt.h).
 */
#include "config.h"

#include <string.h>

#include "heatfmt.h"
#include "parkwatch/text.h"

#define DAY_MS (24LL * 3600 * 1000)

int64_t ui_heat_sum(const int64_t n[4])
{
	return n[PW_BLUE] + n[PW_YELLOW] + n[PW_ORANGE] + n[PW_RED];
}

int ui_heat_worst(const int64_t n[4])
{
	for (int c = PW_RED; c >= PW_BLUE; c--)
		if (n[c] > 0)
			return c;
	return -1;
}

const char *ui_heat_colour_char(enum pw_colour c, bool ascii)
{
	static const char *const zh[] = {"蓝", "黄", "橙", "红"};
	static const char *const en[] = {"B", "Y", "O", "R"};
	if (c < PW_BLUE || c > PW_RED)
		return "?";
	return ascii ? en[c] : zh[c];
}

void ui_heat_cell_text(const int64_t n[4], bool full, bool ascii, struct sbuf *out)
{
	int worst = ui_heat_worst(n);
	if (worst < 0) {
		sbuf_adds(out, "-");
		return;
	}
	if (!full) {
		sbuf_addf(out, "[%s]%lld", ui_heat_colour_char(worst, ascii), (long long)ui_heat_sum(n));
		return;
	}
	bool first = true;
	for (int c = PW_RED; c >= PW_BLUE; c--) {
		if (!n[c])
			continue;
		sbuf_addf(out, "%s%s%lld", first ? "" : " ", ui_heat_colour_char(c, ascii), (long long)n[c]);
		first = false;
	}
}

int ui_heat_full_width(const int64_t n[4], bool ascii)
{
	struct sbuf b;
	sbuf_init(&b);
	ui_heat_cell_text(n, true, ascii, &b);
	int w = pw_text_width(sbuf_str(&b));
	sbuf_free(&b);
	return w;
}

int ui_days_since(int64_t then_ms, int64_t now_ms)
{
	if (then_ms <= 0)
		return -1;
	if (now_ms <= then_ms)
		return 0;
	return (int)((now_ms - then_ms) / DAY_MS);
}
