/* incident.c - incident and dispatch rules; see incident.h. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "parkwatch/incident.h"
#include "parkwatch/util.h"

static const char *const type_names[PW_INC_NTYPES] = {
	"leak", "fire", "explosion", "poisoning", "flood", "other",
};
static const char *const type_zh[PW_INC_NTYPES] = {
	"泄漏", "火灾", "爆炸", "中毒窒息", "洪涝台风", "其他",
};
static const char *const status_names[] = {"pending", "active", "controlled", "closed"};
static const char *const stage_names[] = {"dispatched", "en_route", "on_scene", "cleared"};

static int lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *pw_incident_type_name(enum pw_incident_type t)
{
	return (unsigned)t < PW_INC_NTYPES ? type_names[t] : "other";
}

const char *pw_incident_type_zh(enum pw_incident_type t)
{
	return (unsigned)t < PW_INC_NTYPES ? type_zh[t] : type_zh[PW_INC_OTHER];
}

int pw_incident_type_parse(const char *s, enum pw_incident_type *out)
{
	int i = lookup(type_names, PW_INC_NTYPES, s);
	if (i < 0)
		return -1;
	*out = (enum pw_incident_type)i;
	return 0;
}

const char *pw_incident_status_name(enum pw_incident_status s)
{
	return (unsigned)s < PW_ARRAY_LEN(status_names) ? status_names[s] : "pending";
}

int pw_incident_status_parse(const char *s, enum pw_incident_status *out)
{
	int i = lookup(status_names, PW_ARRAY_LEN(status_names), s);
	if (i < 0)
		return -1;
	*out = (enum pw_incident_status)i;
	return 0;
}

bool pw_incident_status_allowed(enum pw_incident_status from, enum pw_incident_status to)
{
	return to > from && to <= PW_INC_CLOSED;
}

const char *pw_dispatch_stage_name(enum pw_dispatch_stage s)
{
	return (unsigned)s < PW_ARRAY_LEN(stage_names) ? stage_names[s] : "dispatched";
}

int pw_dispatch_stage_parse(const char *s, enum pw_dispatch_stage *out)
{
	int i = lookup(stage_names, PW_ARRAY_LEN(stage_names), s);
	if (i < 0)
		return -1;
	*out = (enum pw_dispatch_stage)i;
	return 0;
}

bool pw_dispatch_stage_allowed(enum pw_dispatch_stage from, enum pw_dispatch_stage to)
{
	return to > from && to <= PW_DSP_CLEARED;
}

const char *pw_dispatch_member_status(enum pw_dispatch_stage s)
{
	return s == PW_DSP_CLEARED ? "available" : pw_dispatch_stage_name(s);
}

const char *const *pw_incident_reg_words(enum pw_incident_type t)
{
	static const char *const leak[] = {"泄漏", "应急救援", NULL};
	static const char *const fire[] = {"火灾", "消防", "应急救援", NULL};
	static const char *const explosion[] = {"爆炸", "粉尘", "应急救援", NULL};
	static const char *const poisoning[] = {"中毒", "窒息", "有限空间", "应急救援", NULL};
	static const char *const flood[] = {"防汛", "台风", "应急救援", NULL};
	static const char *const other[] = {"应急救援", NULL};
	switch (t) {
	case PW_INC_LEAK: return leak;
	case PW_INC_FIRE: return fire;
	case PW_INC_EXPLOSION: return explosion;
	case PW_INC_POISONING: return poisoning;
	case PW_INC_FLOOD: return flood;
	default: return other;
	}
}

int pw_reading_trend(double earlier, double now, double scale)
{
	if (!isfinite(earlier) || !isfinite(now))
		return 0;
	if (!isfinite(scale) || scale <= 0)
		scale = fabs(earlier);
	if (scale < 0.01)
		scale = 0.01;
	double d = now - earlier;
	if (fabs(d) < 0.02 * scale)
		return 0;
	return d > 0 ? 1 : -1;
}
