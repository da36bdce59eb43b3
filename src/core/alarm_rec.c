/*
 * alarm_rec.c - one alarm row's ISA-18.2 lifecycle (ack, shelve, return,
 * reactivation) and the EEMUA 191 flood detector. The transition table is
 * in alarm.h; this file is its only implementation, so the console, the
 * CLI twins and the recorder cannot disagree about what a state means.
 */
#include "config.h"

#include <string.h>

#include "parkwatch/alarm.h"
#include "parkwatch/util.h"

static const char *const state_names[] = {"unack", "ack", "rtn_unack", "cleared", "shelved"};

const char *pw_alarm_state_name(enum pw_alarm_state st)
{
	return (unsigned)st < PW_ARRAY_LEN(state_names) ? state_names[st] : "?";
}

int pw_alarm_state_parse(const char *name, enum pw_alarm_state *out)
{
	for (size_t i = 0; name != NULL && i < PW_ARRAY_LEN(state_names); i++) {
		if (strcmp(name, state_names[i]) == 0) {
			*out = (enum pw_alarm_state)i;
			return 0;
		}
	}
	return -1;
}

void pw_alarm_rec_init(struct pw_alarm_rec *r)
{
	memset(r, 0, sizeof *r);
	r->active = true;
}

enum pw_alarm_state pw_alarm_rec_state(const struct pw_alarm_rec *r)
{
	if (r->closed)
		return PW_AST_CLEARED;
	if (r->shelved)
		return PW_AST_SHELVED;
	if (r->active)
		return r->acked ? PW_AST_ACK : PW_AST_UNACK;
	return r->acked ? PW_AST_CLEARED : PW_AST_RTN_UNACK;
}

int pw_alarm_rec_from_row(struct pw_alarm_rec *r, enum pw_alarm_state st, bool active,
                          bool acked, int64_t shelved_until, int repeats)
{
	memset(r, 0, sizeof *r);
	r->active = active;
	r->acked = acked;
	r->repeats = repeats < 0 ? 0 : repeats;
	switch (st) {
	case PW_AST_UNACK:
		return active && !acked ? 0 : -1;
	case PW_AST_ACK:
		return active && acked ? 0 : -1;
	case PW_AST_RTN_UNACK:
		return !active && !acked ? 0 : -1;
	case PW_AST_CLEARED:
		r->closed = true;
		return 0;
	case PW_AST_SHELVED:
		/* returned and acknowledged is closed, never shelved */
		r->shelved = true;
		r->shelved_until = shelved_until;
		return !active && acked ? -1 : 0;
	}
	return -1;
}

static int refuse(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

/* Finished: a closed row is never shown again (a shelve ends with it). */
static void close_rec(struct pw_alarm_rec *r)
{
	r->closed = true;
	r->shelved = false;
}

int pw_alarm_rec_reactivate(struct pw_alarm_rec *r, const char **why)
{
	if (r->closed)
		return refuse(why, "alarm is cleared");
	if (r->active)
		return refuse(why, "alarm is already active");
	r->active = true;
	r->acked = false;
	r->repeats++;
	return 0;
}

int pw_alarm_rec_escalate(struct pw_alarm_rec *r, const char **why)
{
	if (r->closed)
		return refuse(why, "alarm is cleared");
	if (!r->active)
		return refuse(why, "alarm is not active");
	r->acked = false;  /* worse than what the operator acknowledged */
	return 0;
}

int pw_alarm_rec_return(struct pw_alarm_rec *r, const char **why)
{
	if (r->closed)
		return refuse(why, "alarm is cleared");
	if (!r->active)
		return refuse(why, "alarm is not active");
	r->active = false;
	if (r->acked)
		close_rec(r);
	return 0;
}

int pw_alarm_rec_ack(struct pw_alarm_rec *r, const char **why)
{
	if (r->closed)
		return refuse(why, "alarm is cleared");
	if (r->acked)
		return refuse(why, "alarm is already acknowledged");
	r->acked = true;
	if (!r->active)
		close_rec(r);
	return 0;
}

/* A reason counts only if it has something besides white space. */
static bool blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (strchr(" \t\r\n", *s) == NULL)
			return false;
	return true;
}

int pw_alarm_rec_shelve(struct pw_alarm_rec *r, int64_t now, int64_t until, const char *reason,
                        const char **why)
{
	if (r->closed)
		return refuse(why, "alarm is cleared");
	if (blank(reason))
		return refuse(why, "shelving needs a reason");
	if (until <= now)
		return refuse(why, "shelve expiry must be in the future");
	r->shelved = true;
	r->shelved_until = until;
	return 0;
}

int pw_alarm_rec_unshelve(struct pw_alarm_rec *r, const char **why)
{
	if (r->closed || !r->shelved)
		return refuse(why, "alarm is not shelved");
	r->shelved = false;
	r->shelved_until = 0;
	if (!r->active)
		close_rec(r);  /* clear now, and the operator chose not to see it */
	return 0;
}

bool pw_alarm_rec_expire(struct pw_alarm_rec *r, int64_t now)
{
	if (r->closed || !r->shelved || now < r->shelved_until)
		return false;
	return pw_alarm_rec_unshelve(r, NULL) == 0;
}

/* ------------------------------------------------------------------ flood */

void pw_flood_init(struct pw_flood *f)
{
	memset(f, 0, sizeof *f);
}

void pw_flood_note(struct pw_flood *f, int64_t ts)
{
	if (f->next >= PW_FLOOD_CAP)
		f->next = 0;
	f->ts[f->next] = ts;
	f->next = (f->next + 1) % PW_FLOOD_CAP;
	if (f->n < PW_FLOOD_CAP)
		f->n++;
}

unsigned pw_flood_count(const struct pw_flood *f, int64_t now, int64_t window_ms)
{
	if (window_ms <= 0)
		return 0;
	int64_t from = now < INT64_MIN + window_ms ? INT64_MIN : now - window_ms;
	unsigned c = 0;
	size_t n = f->n < PW_FLOOD_CAP ? f->n : PW_FLOOD_CAP;
	for (size_t i = 0; i < n; i++)
		if (f->ts[i] > from)
			c++;
	return c;
}

bool pw_flood_active(const struct pw_flood *f, int64_t now, unsigned count, int64_t window_ms)
{
	return pw_flood_count(f, now, window_ms) > count;
}

double pw_flood_rate(const struct pw_flood *f, int64_t now, int64_t window_ms)
{
	if (window_ms <= 0)
		return 0;
	return (double)pw_flood_count(f, now, window_ms) * 600000.0 / (double)window_ms;
}
