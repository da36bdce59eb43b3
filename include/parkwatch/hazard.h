/*
 * hazard.h - the hidden-hazard closed loop (core, pure).
 *
 *   reported -> assigned -> rectifying -> submitted -> verified -> closed
 *                                ^              |
 *                                +-- rejected --+  (with a note)
 *
 * Rules beyond the arrows: assigning needs an assignee; a rejection needs a
 * note saying why; the person who verifies is not the one who submitted.
 * A hazard is overdue when its deadline (a site calendar date) has passed
 * and it is neither verified nor closed.
 */
#ifndef PARKWATCH_HAZARD_H
#define PARKWATCH_HAZARD_H

#include <stdbool.h>
#include <stddef.h>

enum pw_hazard_status {
	PW_HZ_REPORTED,
	PW_HZ_ASSIGNED,
	PW_HZ_RECTIFYING,
	PW_HZ_SUBMITTED,
	PW_HZ_VERIFIED,
	PW_HZ_CLOSED,
	PW_HZ_COUNT
};

enum pw_hazard_grade { PW_HZ_GENERAL, PW_HZ_MAJOR };

const char *pw_hazard_status_name(enum pw_hazard_status s);     /* "reported" ... */
const char *pw_hazard_status_label_zh(enum pw_hazard_status s); /* 已上报 ... */
int pw_hazard_status_parse(const char *s, enum pw_hazard_status *out);
const char *pw_hazard_grade_name(enum pw_hazard_grade g);       /* "general", "major" */
const char *pw_hazard_grade_label_zh(enum pw_hazard_grade g);   /* 一般, 重大 */
int pw_hazard_grade_parse(const char *s, enum pw_hazard_grade *out);

/* Facts a move is judged on. Strings may be NULL or "" (= absent). */
struct pw_hazard_move {
	enum pw_hazard_status from, to;
	const char *operator_name;  /* who makes the move */
	const char *submitted_by;   /* who submitted the rectification (for verify) */
	const char *assignee;       /* new assignee given with the move */
	const char *current_assignee;
	const char *note;
};

/*
 * 0 when the move is legal. Otherwise -1 and WHY says what is wrong and what
 * is allowed next, e.g. "cannot move reported -> verified; allowed next:
 * assigned".
 */
int pw_hazard_check_move(const struct pw_hazard_move *m, char *why, size_t why_size);

/* Legal next statuses of FROM, comma-separated, into BUF ("" for closed). */
char *pw_hazard_next_list(enum pw_hazard_status from, char *buf, size_t size);

/* True when the move from -> to is a rejection (submitted -> rectifying). */
bool pw_hazard_is_rejection(enum pw_hazard_status from, enum pw_hazard_status to);

/* Default days to rectify by grade (general 7, major 30), used when no deadline is given. */
int pw_hazard_default_deadline_days(enum pw_hazard_grade g);

/* Overdue: DEADLINE (YYYY-MM-DD or NULL/"") before TODAY and status not verified/closed. */
bool pw_hazard_overdue(enum pw_hazard_status s, const char *deadline, const char *today);

/* True when TEXT is a calendar date YYYY-MM-DD that exists (leap years included). */
bool pw_date_valid(const char *text);

#endif
