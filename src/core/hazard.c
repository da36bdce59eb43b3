/* hazard.c - legal moves of the hidden-hazard loop; see hazard.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parkwatch/hazard.h"
#include "parkwatch/util.h"

static const char *const status_names[PW_HZ_COUNT] = {
	"reported", "assigned", "rectifying", "submitted", "verified", "closed",
};
static const char *const status_zh[PW_HZ_COUNT] = {
	"已上报", "已交办", "整改中", "待验收", "已验收", "已销号",
};

/* allowed[from] = bitmask of legal "to" statuses. */
static const unsigned allowed[PW_HZ_COUNT] = {
	[PW_HZ_REPORTED] = 1u << PW_HZ_ASSIGNED,
	[PW_HZ_ASSIGNED] = 1u << PW_HZ_RECTIFYING,
	[PW_HZ_RECTIFYING] = 1u << PW_HZ_SUBMITTED,
	[PW_HZ_SUBMITTED] = (1u << PW_HZ_VERIFIED) | (1u << PW_HZ_RECTIFYING),
	[PW_HZ_VERIFIED] = 1u << PW_HZ_CLOSED,
	[PW_HZ_CLOSED] = 0,
};

const char *pw_hazard_status_name(enum pw_hazard_status s)
{
	return (unsigned)s < PW_HZ_COUNT ? status_names[s] : "?";
}

const char *pw_hazard_status_label_zh(enum pw_hazard_status s)
{
	return (unsigned)s < PW_HZ_COUNT ? status_zh[s] : "?";
}

int pw_hazard_status_parse(const char *s, enum pw_hazard_status *out)
{
	for (int i = 0; s && i < PW_HZ_COUNT; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum pw_hazard_status)i;
			return 0;
		}
	}
	return -1;
}

const char *pw_hazard_grade_name(enum pw_hazard_grade g)
{
	return g == PW_HZ_MAJOR ? "major" : "general";
}

const char *pw_hazard_grade_label_zh(enum pw_hazard_grade g)
{
	return g == PW_HZ_MAJOR ? "重大" : "一般";
}

int pw_hazard_grade_parse(const char *s, enum pw_hazard_grade *out)
{
	if (s && strcmp(s, "general") == 0)
		*out = PW_HZ_GENERAL;
	else if (s && strcmp(s, "major") == 0)
		*out = PW_HZ_MAJOR;
	else
		return -1;
	return 0;
}

char *pw_hazard_next_list(enum pw_hazard_status from, char *buf, size_t size)
{
	size_t used = 0;
	if (size)
		buf[0] = '\0';
	for (int i = 0; (unsigned)from < PW_HZ_COUNT && i < PW_HZ_COUNT; i++) {
		if (!(allowed[from] & (1u << i)))
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", status_names[i]);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

bool pw_hazard_is_rejection(enum pw_hazard_status from, enum pw_hazard_status to)
{
	return from == PW_HZ_SUBMITTED && to == PW_HZ_RECTIFYING;
}

static bool present(const char *s)
{
	return s && *s;
}

int pw_hazard_check_move(const struct pw_hazard_move *m, char *why, size_t why_size)
{
	char next[128];
	if ((unsigned)m->from >= PW_HZ_COUNT || (unsigned)m->to >= PW_HZ_COUNT) {
		snprintf(why, why_size, "unknown status");
		return -1;
	}
	if (!(allowed[m->from] & (1u << m->to))) {
		pw_hazard_next_list(m->from, next, sizeof next);
		if (m->from == PW_HZ_CLOSED)
			snprintf(why, why_size, "hazard is closed; no further moves");
		else
			snprintf(why, why_size, "cannot move %s -> %s; allowed next: %s",
			         status_names[m->from], status_names[m->to], next);
		return -1;
	}
	if (m->to == PW_HZ_ASSIGNED && !present(m->assignee) && !present(m->current_assignee)) {
		snprintf(why, why_size, "assigning needs --assignee NAME (the responsible person)");
		return -1;
	}
	if (pw_hazard_is_rejection(m->from, m->to) && !present(m->note)) {
		snprintf(why, why_size, "rejecting back to rectifying needs --note saying why");
		return -1;
	}
	if (m->to == PW_HZ_VERIFIED && present(m->submitted_by) && present(m->operator_name) &&
	    strcmp(m->submitted_by, m->operator_name) == 0) {
		snprintf(why, why_size, "%s submitted this rectification and cannot also verify it",
		         m->operator_name);
		return -1;
	}
	return 0;
}

int pw_hazard_default_deadline_days(enum pw_hazard_grade g)
{
	return g == PW_HZ_MAJOR ? 30 : 7;
}

bool pw_date_valid(const char *t)
{
	int y, m, d, n = 0;
	if (!t || strlen(t) != 10 || sscanf(t, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return false;
	/* %d also takes " 9" and "+9": dates are compared as text, so digits only */
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
			return false;
	if (t[4] != '-' || t[7] != '-' || m < 1 || m > 12 || d < 1)
		return false;
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

bool pw_hazard_overdue(enum pw_hazard_status s, const char *deadline, const char *today)
{
	if (s == PW_HZ_VERIFIED || s == PW_HZ_CLOSED || !present(deadline) || !present(today))
		return false;
	/* ISO dates compare correctly as strings. */
	return strcmp(deadline, today) < 0;
}
