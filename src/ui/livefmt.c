/*
 * livefmt.c - wording of alarms, short names and wind for the console
 * (livefmt.h). No curses and no database: unit-tested on its own.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "livefmt.h"
#include "parkwatch/text.h"

const char *ui_alarm_state_label(const char *state)
{
	static const struct { const char *state, *label; } map[] = {
		{"unack", "UNACK"}, {"ack", "ack"}, {"rtn_unack", "RTN-UNACK"},
		{"shelved", "SHELVED"}, {"cleared", "cleared"},
	};
	for (size_t i = 0; state && i < PW_ARRAY_LEN(map); i++)
		if (strcmp(state, map[i].state) == 0)
			return map[i].label;
	return state ? state : "";
}

bool ui_alarm_ackable(const struct store_alarm *a)
{
	if (strcmp(a->state, "unack") == 0 || strcmp(a->state, "rtn_unack") == 0)
		return true;
	return strcmp(a->state, "shelved") == 0 && !a->acked;
}

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool ends_with(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s + n - k, p, k) == 0;
}

/* Bytes of a leading "义乌市" / "浙江省" / "浙江" place name, 0 when none. */
static size_t place_prefix(const char *s)
{
	static const char *const provinces[] = {"浙江", "江苏", "上海", "安徽", "福建", "广东", "山东"};
	static const char *const units[] = {"省", "市", "县", "区"};
	/* A 2-4 character place name ending in one of the units. */
	size_t off = 0;
	for (int chars = 0; chars < 4 && s[off]; chars++) {
		uint32_t cp;
		off += pw_utf8_decode(s + off, strlen(s + off), &cp);
		for (size_t u = 0; chars >= 1 && u < PW_ARRAY_LEN(units); u++)
			if (starts_with(s + off, units[u]))
				return off + strlen(units[u]);
	}
	for (size_t i = 0; i < PW_ARRAY_LEN(provinces); i++)
		if (starts_with(s, provinces[i]))
			return strlen(provinces[i]);
	return 0;
}

void ui_short_name(struct sbuf *out, const char *name)
{
	static const char *const suffixes[] = {
		"股份有限公司", "有限责任公司", "有限公司", "公司",
		" Co., Ltd.", " Co.,Ltd.", " Co. Ltd.", " Co., Ltd", " Ltd.", " Ltd", " Inc.",
	};
	if (!name)
		return;
	const char *s = name;
	size_t n = strlen(s);
	for (bool again = true; again;) {
		again = false;
		size_t p = place_prefix(s);
		if (p > 0 && p < n) {
			s += p;
			n -= p;
			again = true;
		}
		/* The longest legal form that matches decides; a bare "有限公司" stays whole. */
		for (size_t i = 0; i < PW_ARRAY_LEN(suffixes); i++)
			if (ends_with(s, n, suffixes[i])) {
				if (n > strlen(suffixes[i])) {
					n -= strlen(suffixes[i]);
					again = true;
				}
				break;
			}
	}
	if (n == 0)
		sbuf_adds(out, name);
	else
		sbuf_add(out, s, n);
}

static bool is_limit(const struct store_alarm *a)
{
	return strcmp(a->condition, "limit") == 0 || strcmp(a->condition, "opposite") == 0;
}

/* The engine's message without the "detector " that every detector message starts with. */
static void event_text(struct sbuf *out, const struct store_alarm *a)
{
	const char *m = a->message;
	if (!m || !*m) {
		sbuf_adds(out, strcmp(a->condition, "comm") == 0 ? "comm fault" : a->condition);
		return;
	}
	if (starts_with(m, "detector "))
		m += strlen("detector ");
	if (strcmp(a->condition, "comm") == 0)
		sbuf_adds(out, "comm: ");
	sbuf_adds(out, m);
}

void ui_alarm_value(struct sbuf *out, const struct store_alarm *a, const struct ui_alarm_limit *lim)
{
	if (!is_limit(a) || !a->has_value) {
		event_text(out, a);
		return;
	}
	sbuf_addf(out, "%.4g", a->value);
	if (lim && lim->known)
		sbuf_addf(out, "%s%.4g", lim->low ? "<=" : ">=", lim->value);
	if (a->unit && *a->unit)
		sbuf_addf(out, " %s", a->unit);
}

static bool ticker_first(const struct store_alarm *a)
{
	return a->priority == 1 && (strcmp(a->state, "unack") == 0 || strcmp(a->state, "rtn_unack") == 0);
}

/* Insertion sort: the ticker holds a few dozen rows and must stay stable. */
void ui_ticker_order(struct store_alarm *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct store_alarm x = v[i];
		size_t j = i;
		while (j > 0) {
			const struct store_alarm *p = &v[j - 1];
			bool before = ticker_first(&x) != ticker_first(p) ? ticker_first(&x)
			                                                  : x.raised_at > p->raised_at;
			if (!before)
				break;
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* The parts of a ticker item: head "16:25:03 嘉科冷冻食品", sensor, body (value or event), tail (state). */
struct ticker_parts {
	struct sbuf head, name, sensor, body;
	const char *tail;
};

static void ticker_parts(struct ticker_parts *p, const struct store_alarm *a)
{
	char t[PW_TIME_BUFSZ];
	sbuf_init(&p->head);
	sbuf_init(&p->name);
	sbuf_init(&p->sensor);
	sbuf_init(&p->body);
	sbuf_adds(&p->head, pw_time_hms(t, a->raised_at));
	ui_short_name(&p->name, a->enterprise_name);
	if (p->name.len == 0)
		sbuf_adds(&p->name, a->enterprise_code ? a->enterprise_code : "?");
	sbuf_adds(&p->sensor, a->sensor_code ? a->sensor_code : "?");
	if (is_limit(a) && a->has_value) {
		ui_alarm_value(&p->body, a, NULL);
		sbuf_addf(&p->body, " L%d", a->level);
	} else {
		event_text(&p->body, a);
	}
	p->tail = ui_alarm_state_label(a->state);
}

static void ticker_parts_free(struct ticker_parts *p)
{
	sbuf_free(&p->head);
	sbuf_free(&p->name);
	sbuf_free(&p->sensor);
	sbuf_free(&p->body);
}

/* Clean (sanitised) width of S: text from the network may hold controls. */
static int clean_width(const char *s)
{
	char *c = pw_sanitize(s, strlen(s));
	int w = pw_text_width(c);
	free(c);
	return w;
}

/* Append S fitted to at most COLS columns (never padded). */
static void add_fitted(struct sbuf *out, const char *s, int cols, bool ascii)
{
	char *c = pw_sanitize(s, strlen(s));
	int w = pw_text_width(c);
	pw_text_fit(out, c, w < cols ? w : cols, false, ascii);
	free(c);
}

int ui_ticker_item_min_width(const struct store_alarm *a)
{
	struct ticker_parts p;
	ticker_parts(&p, a);
	int nw = clean_width(sbuf_str(&p.name)), bw = clean_width(sbuf_str(&p.body));
	int w = clean_width(sbuf_str(&p.head)) + clean_width(sbuf_str(&p.sensor)) + clean_width(p.tail) + 4 +
	        (nw < UI_TICKER_NAME_MIN ? nw : UI_TICKER_NAME_MIN) +
	        (bw < UI_TICKER_BODY_MIN ? bw : UI_TICKER_BODY_MIN);
	ticker_parts_free(&p);
	return w;
}

void ui_ticker_item(struct sbuf *out, const struct store_alarm *a)
{
	ui_ticker_item_fit(out, a, 0, false);
}

void ui_ticker_item_fit(struct sbuf *out, const struct store_alarm *a, int cols, bool ascii)
{
	struct ticker_parts p;
	ticker_parts(&p, a);
	const char *head = sbuf_str(&p.head), *name = sbuf_str(&p.name);
	const char *sensor = sbuf_str(&p.sensor), *body = sbuf_str(&p.body);
	int fixed = clean_width(head) + clean_width(sensor) + clean_width(p.tail) + 4;
	int nw = clean_width(name), bw = clean_width(body);
	if (cols > 0 && fixed + nw + bw > cols) {
		/* Cut the value or event text first, then the name; keep time, sensor and state. */
		int room = cols - fixed;
		int body_w = room - (nw < 6 ? nw : 6);
		bw = body_w < bw ? (body_w > 0 ? body_w : 0) : bw;
		nw = room - bw < nw ? (room - bw > 0 ? room - bw : 0) : nw;
	}
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "%s ", head);
	add_fitted(&b, name, nw, ascii);
	sbuf_addf(&b, " %s ", sensor);
	add_fitted(&b, body, bw, ascii);
	sbuf_addf(&b, " %s", p.tail);
	if (cols > 0 && clean_width(sbuf_str(&b)) > cols)
		add_fitted(out, sbuf_str(&b), cols, ascii);
	else
		sbuf_adds(out, sbuf_str(&b));
	sbuf_free(&b);
	ticker_parts_free(&p);
}

const char *ui_wind_arrow(double from_deg, bool utf8)
{
	static const char *const arrows_utf8[] = {"↑", "↗", "→", "↘", "↓", "↙", "←", "↖"};
	static const char *const arrows_ascii[] = {"^", "/", ">", "\\", "v", "/", "<", "\\"};
	if (!isfinite(from_deg))
		return "?";
	double toward = fmod(from_deg + 180.0, 360.0);
	if (toward < 0)
		toward += 360.0;
	int i = (int)lround(toward / 45.0) % 8;
	return utf8 ? arrows_utf8[i] : arrows_ascii[i];
}
