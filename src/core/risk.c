/* risk.c - the four-colour scoring model; see risk.h for the model. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/risk.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

static const char *const colour_names[] = {"blue", "yellow", "orange", "red"};
static const char *const colour_zh[] = {"蓝", "黄", "橙", "红"};

const char *pw_colour_name(enum pw_colour c)
{
	return (unsigned)c < 4 ? colour_names[c] : "blue";
}

const char *pw_colour_label_zh(enum pw_colour c)
{
	return (unsigned)c < 4 ? colour_zh[c] : "蓝";
}

int pw_colour_parse(const char *s, enum pw_colour *out)
{
	for (int i = 0; i < 4; i++) {
		if (s && strcmp(s, colour_names[i]) == 0) {
			*out = (enum pw_colour)i;
			return 0;
		}
	}
	return -1;
}

static const char *const place_names[PW_PLACE_COUNT] = {
	"ammonia", "dust", "spray", "hazchem", "confined", "lithium",
};
static const char *const place_zh[PW_PLACE_COUNT] = {
	"涉氨制冷", "粉尘涉爆", "喷涂作业", "危险化学品", "有限空间", "锂电池储存",
};

const char *pw_place_name(enum pw_place p)
{
	return (unsigned)p < PW_PLACE_COUNT ? place_names[p] : "?";
}

const char *pw_place_label_zh(enum pw_place p)
{
	return (unsigned)p < PW_PLACE_COUNT ? place_zh[p] : "?";
}

int pw_place_parse(const char *s, enum pw_place *out)
{
	for (int i = 0; i < PW_PLACE_COUNT; i++) {
		if (s && strcmp(s, place_names[i]) == 0) {
			*out = (enum pw_place)i;
			return 0;
		}
	}
	return -1;
}

/* ------------------------------------------------------------ parameters */

#define P(field) offsetof(struct pw_risk_params, field)
static const struct {
	const char *name;
	size_t off;
} param_table[] = {
	{"place.ammonia", P(place[PW_PLACE_AMMONIA])},
	{"place.dust", P(place[PW_PLACE_DUST])},
	{"place.spray", P(place[PW_PLACE_SPRAY])},
	{"place.hazchem", P(place[PW_PLACE_HAZCHEM])},
	{"place.confined", P(place[PW_PLACE_CONFINED])},
	{"place.lithium", P(place[PW_PLACE_LITHIUM])},
	{"place.cap", P(place_cap)},
	{"qq.weight", P(qq_weight)},
	{"qq.major_source", P(major_source)},
	{"employees.100", P(employees_100)},
	{"employees.300", P(employees_300)},
	{"hazard.general", P(hazard_general)},
	{"hazard.general_cap", P(hazard_general_cap)},
	{"hazard.major", P(hazard_major)},
	{"hazard.major_cap", P(hazard_major_cap)},
	{"hazard.overdue", P(hazard_overdue)},
	{"hazard.overdue_cap", P(hazard_overdue_cap)},
	{"cert.expired", P(cert_expired)},
	{"cert.expired_cap", P(cert_expired_cap)},
	{"inspection.stale", P(inspection_stale)},
	{"inspection.never", P(inspection_never)},
	{"inspection.stale_days", P(stale_days)},
	{"alarm24.p1", P(alarm24[0])},
	{"alarm24.p2", P(alarm24[1])},
	{"alarm24.p3", P(alarm24[2])},
	{"alarm24.cap", P(alarm24_cap)},
	{"active.p1", P(active[0])},
	{"active.p2", P(active[1])},
	{"active.p3", P(active[2])},
	{"active.cap", P(active_cap)},
	{"comm.fault", P(comm_fault)},
	{"comm.fault_cap", P(comm_fault_cap)},
	{"band.yellow", P(band_yellow)},
	{"band.orange", P(band_orange)},
	{"band.red", P(band_red)},
	{"rule.major_hazard_red", P(rule_major_hazard_red)},
	{"rule.active_p1_orange", P(rule_active_p1_orange)},
	{"rule.major_source_yellow", P(rule_major_source_yellow)},
};
#undef P

void pw_risk_params_defaults(struct pw_risk_params *p)
{
	static const double place[PW_PLACE_COUNT] = {12, 10, 8, 10, 6, 8};
	memset(p, 0, sizeof *p);
	memcpy(p->place, place, sizeof place);
	p->place_cap = 30;
	p->qq_weight = 15;
	p->major_source = 10;
	p->employees_100 = 3;
	p->employees_300 = 5;
	p->hazard_general = 4;
	p->hazard_general_cap = 12;
	p->hazard_major = 20;
	p->hazard_major_cap = 30;
	p->hazard_overdue = 6;
	p->hazard_overdue_cap = 18;
	p->cert_expired = 3;
	p->cert_expired_cap = 12;
	p->inspection_stale = 5;
	p->inspection_never = 8;
	p->stale_days = 30;
	p->alarm24[0] = 8;
	p->alarm24[1] = 4;
	p->alarm24[2] = 1;
	p->alarm24_cap = 20;
	p->active[0] = 20;
	p->active[1] = 10;
	p->active[2] = 4;
	p->active_cap = 30;
	p->comm_fault = 2;
	p->comm_fault_cap = 6;
	p->band_yellow = 25;
	p->band_orange = 50;
	p->band_red = 75;
	p->rule_major_hazard_red = 1;
	p->rule_active_p1_orange = 1;
	p->rule_major_source_yellow = 1;
}

const char *const *pw_risk_param_names(void)
{
	static const char *names[PW_ARRAY_LEN(param_table) + 1];
	if (!names[0])
		for (size_t i = 0; i < PW_ARRAY_LEN(param_table); i++)
			names[i] = param_table[i].name;
	return names;
}

static double *param_ptr(struct pw_risk_params *p, const char *name)
{
	for (size_t i = 0; i < PW_ARRAY_LEN(param_table); i++)
		if (strcmp(param_table[i].name, name) == 0)
			return (double *)(void *)((char *)p + param_table[i].off);
	return NULL;
}

int pw_risk_param_set(struct pw_risk_params *p, const char *name, double value)
{
	double *d = param_ptr(p, name);
	if (!d || !isfinite(value) || value < 0)
		return -1;
	*d = value;
	return 0;
}

int pw_risk_param_get(const struct pw_risk_params *p, const char *name, double *value)
{
	double *d = param_ptr((struct pw_risk_params *)p, name);
	if (!d)
		return -1;
	*value = *d;
	return 0;
}

/* --------------------------------------------------------------- scoring */

struct acc {
	struct pw_risk_result *r;
	double total;
};

static void add_reason(struct acc *a, double points, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_reason(struct acc *a, double points, const char *fmt, ...)
{
	a->total += points;
	struct pw_risk_result *r = a->r;
	if (r->nreasons >= PW_RISK_MAX_REASONS)
		return;
	struct pw_risk_reason *x = &r->reasons[r->nreasons++];
	x->points = points;
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(x->text, sizeof x->text, fmt, ap);
	va_end(ap);
}

static double capped(double each, int n, double cap)
{
	double v = each * (n > 0 ? n : 0);
	return v > cap ? cap : v;
}

static void score_inherent(const struct pw_risk_params *p, const struct pw_risk_input *in, struct acc *a)
{
	double places = 0;
	char names[PW_RISK_REASON_SZ] = "";
	size_t used = 0;
	for (int i = 0; i < PW_PLACE_COUNT; i++) {
		if (!(in->places & (1u << i)))
			continue;
		places += p->place[i];
		int n = snprintf(names + used, sizeof names - used, "%s%s", used ? "、" : "", place_zh[i]);
		if (n > 0 && (size_t)n < sizeof names - used)
			used += (size_t)n;
	}
	if (places > p->place_cap)
		places = p->place_cap;
	if (places > 0)
		add_reason(a, places, "重点场所：%s", names);
	if (in->qq_sum > 0 && p->qq_weight > 0) {
		double q = in->qq_sum > 1 ? 1 : in->qq_sum;
		add_reason(a, q * p->qq_weight, "危化品 Σq/Q=%.2f", in->qq_sum);
	}
	if (in->qq_sum >= 1 && p->major_source > 0)
		add_reason(a, p->major_source, "构成重大危险源");
	if (in->employees >= 300 && p->employees_300 > 0)
		add_reason(a, p->employees_300, "从业人员 %d 人", in->employees);
	else if (in->employees >= 100 && p->employees_100 > 0)
		add_reason(a, p->employees_100, "从业人员 %d 人", in->employees);
}

static void score_management(const struct pw_risk_params *p, const struct pw_risk_input *in,
                             struct acc *a)
{
	if (in->hazards_major > 0)
		add_reason(a, capped(p->hazard_major, in->hazards_major, p->hazard_major_cap),
		           "重大隐患未整改 %d 项", in->hazards_major);
	if (in->hazards_general > 0)
		add_reason(a, capped(p->hazard_general, in->hazards_general, p->hazard_general_cap),
		           "一般隐患未整改 %d 项", in->hazards_general);
	if (in->hazards_overdue > 0)
		add_reason(a, capped(p->hazard_overdue, in->hazards_overdue, p->hazard_overdue_cap),
		           "隐患超期 %d 项", in->hazards_overdue);
	if (in->certs_expired > 0)
		add_reason(a, capped(p->cert_expired, in->certs_expired, p->cert_expired_cap),
		           "特种作业证过期 %d 人", in->certs_expired);
	if (in->days_since_inspection < 0 && p->inspection_never > 0)
		add_reason(a, p->inspection_never, "从未检查");
	else if (in->days_since_inspection >= p->stale_days && p->inspection_stale > 0)
		add_reason(a, p->inspection_stale, "%d 天未检查", in->days_since_inspection);
}

static const char *const prio_zh[3] = {"一级", "二级", "三级"};

static void score_live(const struct pw_risk_params *p, const struct pw_risk_input *in, struct acc *a)
{
	/* Each group has one cap; reasons keep their own counts. */
	double budget = p->active_cap;
	for (int i = 0; i < 3; i++) {
		if (in->active[i] <= 0)
			continue;
		double v = capped(p->active[i], in->active[i], budget);
		budget -= v;
		add_reason(a, v, "当前%s报警 %d 个", prio_zh[i], in->active[i]);
	}
	budget = p->alarm24_cap;
	for (int i = 0; i < 3; i++) {
		if (in->alarms24[i] <= 0)
			continue;
		double v = capped(p->alarm24[i], in->alarms24[i], budget);
		budget -= v;
		add_reason(a, v, "24 小时内%s报警 %d 次", prio_zh[i], in->alarms24[i]);
	}
	if (in->comm_faults > 0)
		add_reason(a, capped(p->comm_fault, in->comm_faults, p->comm_fault_cap),
		           "设备通讯故障 %d 个", in->comm_faults);
}

static enum pw_colour band(const struct pw_risk_params *p, double score)
{
	if (score >= p->band_red)
		return PW_RED;
	if (score >= p->band_orange)
		return PW_ORANGE;
	if (score >= p->band_yellow)
		return PW_YELLOW;
	return PW_BLUE;
}

/* Rule reasons go first: they decide the colour, the operator reads them first. */
static void prepend_rule(struct pw_risk_result *r, const char *text)
{
	if (r->nreasons >= PW_RISK_MAX_REASONS)
		r->nreasons = PW_RISK_MAX_REASONS - 1;
	memmove(&r->reasons[1], &r->reasons[0], sizeof r->reasons[0] * (size_t)r->nreasons);
	r->reasons[0].points = 0;
	snprintf(r->reasons[0].text, sizeof r->reasons[0].text, "%s", text);
	r->nreasons++;
}

static int by_points_desc(const void *x, const void *y)
{
	const struct pw_risk_reason *a = x, *b = y;
	return (a->points < b->points) - (a->points > b->points);
}

void pw_risk_score(const struct pw_risk_params *p, const struct pw_risk_input *in,
                   struct pw_risk_result *out)
{
	memset(out, 0, sizeof *out);
	struct acc a = {.r = out, .total = 0};
	score_inherent(p, in, &a);
	score_management(p, in, &a);
	score_live(p, in, &a);
	qsort(out->reasons, (size_t)out->nreasons, sizeof out->reasons[0], by_points_desc);

	out->score = a.total > 100 ? 100 : a.total;
	out->band_colour = band(p, out->score);
	out->colour = out->band_colour;

	/* Overrides raise only; applied weakest first so the strongest reason leads. */
	if (p->rule_major_source_yellow > 0 && in->qq_sum >= 1 && out->colour < PW_YELLOW) {
		out->colour = PW_YELLOW;
		prepend_rule(out, "规则：重大危险源至少黄色");
	}
	if (p->rule_active_p1_orange > 0 && in->active[0] > 0 && out->colour < PW_ORANGE) {
		out->colour = PW_ORANGE;
		prepend_rule(out, "规则：一级报警未消除至少橙色");
	}
	if (p->rule_major_hazard_red > 0 && in->hazards_major > 0 && out->colour < PW_RED) {
		out->colour = PW_RED;
		prepend_rule(out, "规则：重大隐患未整改为红色");
	}
}

char *pw_risk_reasons_text(const struct pw_risk_result *r, int n, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	size_t used = 0;
	for (int i = 0; i < r->nreasons && i < n; i++) {
		const char *sep = i ? "；" : "";
		size_t need = strlen(sep) + strlen(r->reasons[i].text);
		if (used + need + 1 > size)
			break;  /* whole reasons only: never cut a character in half */
		used += (size_t)snprintf(buf + used, size - used, "%s%s", sep, r->reasons[i].text);
	}
	return buf;
}

enum pw_colour pw_risk_lec_colour(double d, double red_above, double orange_from, double yellow_from)
{
	if (d > red_above)
		return PW_RED;
	if (d >= orange_from)
		return PW_ORANGE;
	if (d >= yellow_from)
		return PW_YELLOW;
	return PW_BLUE;
}

enum pw_colour pw_risk_lec_colour_default(double l, double e, double c)
{
	return pw_risk_lec_colour(l * e * c, 320, 160, 70);
}

enum pw_colour pw_risk_matrix_colour(int likelihood, int severity, int red_from, int orange_from,
                                     int yellow_from)
{
	int v = likelihood * severity;
	if (v >= red_from)
		return PW_RED;
	if (v >= orange_from)
		return PW_ORANGE;
	if (v >= yellow_from)
		return PW_YELLOW;
	return PW_BLUE;
}

enum pw_colour pw_risk_matrix_colour_default(int likelihood, int severity)
{
	return pw_risk_matrix_colour(likelihood, severity, 20, 9, 4);
}
