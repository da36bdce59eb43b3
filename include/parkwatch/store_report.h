/*
 * store_report.h - the shift handover report (`parkwatch report shift`, the
 * console's :handover view) read from the database as plain tables.
 *
 * A report is a list of sections; each section is a small table of text
 * cells (times already formatted as ISO 8601 in the site's zone, numbers in
 * decimal). The store decides what goes in; the renderers (text, CSV, the
 * console) only lay it out, so every form shows the same facts.
 *
 * Sections, in order (name: what):
 *   shift            the window, when the report was made, who made it
 *   alarm_counts     alarms of the shift (open at any moment of the window)
 *                    counted by priority and current state
 *   alarms           the same alarms, listed
 *   alarms_open      alarms unacknowledged (unack, rtn_unack) or shelved now
 *   incidents_opened incidents opened in the window
 *   incidents_closed incidents closed in the window
 *   hazards_moved    hazard_trace rows of the window (who moved what where)
 *   hazards_overdue  hazards past their deadline and not verified/closed now
 *   loans_out        equipment out on loan now (overdue marked)
 *   roster_next      who is rostered for the next shift (the 12 h after the
 *                    window), with team, role and phone
 *   roster_gaps      stretches of the next shift where a team that keeps a
 *                    roster has nobody on it (store_rescue_gaps)
 *   flagged_notes    flagged duty-log entries carried forward, however old,
 *                    until a later entry clears the flag
 *                    (store_duty_flag_clear in store_duty_views.h)
 *   duty             duty-log entries of the window, oldest first
 *
 * Lists are capped at STORE_REPORT_ROW_MAX rows; a capped section's note
 * says how many there were (counts are never capped).
 */
#ifndef PARKWATCH_STORE_REPORT_H
#define PARKWATCH_STORE_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct pw_store;

#define STORE_REPORT_ROW_MAX 1000
#define STORE_REPORT_SHIFT_MS (12 * 3600 * 1000LL)

struct store_report_section {
	const char *name;          /* stable key ("alarms"): the CSV section column */
	const char *title;         /* "本班报警 Alarms of the shift" (static) */
	char *note;                /* owned remark or NULL ("1523 rows, first 1000 shown") */
	const char *const *cols;   /* column names (static), ncols of them */
	int ncols;
	char **cells;              /* nrows * ncols owned strings; NULL = empty */
	size_t nrows, cap;
};

struct store_report {
	int64_t from, to;          /* the window [from, to), epoch ms */
	int64_t generated_at;
	struct store_report_section *sec;
	size_t nsec;
};

/*
 * The shift that contains NOW: day shift 08:00-20:00, night shift
 * 20:00-08:00, in the site's local time (TZ). Pure; never fails.
 */
void store_report_shift_window(int64_t now, int64_t *from, int64_t *to);

/*
 * Build the handover report for [FROM, TO) as seen at NOW, prepared by
 * OPERATOR_NAME (borrowed; may be NULL). Reads in one transaction so the
 * sections agree with each other. Fills *OUT (free with store_report_free,
 * also after a failure). Returns 0 or -1 (store_errmsg()).
 */
int store_report_shift(struct pw_store *st, int64_t from, int64_t to, int64_t now,
                       const char *operator_name, struct store_report *out);

/* Free everything REP owns and leave it empty; NULL is fine. */
void store_report_free(struct store_report *rep);

/*
 * The incoming operator acknowledges the handover of REP: one duty-log entry
 * (category "handover") summarising the shift, the same from the console's
 * :handover view and from `report shift --acknowledge`. *id may be NULL.
 */
int store_report_handover_ack(struct pw_store *st, const struct store_report *rep,
                              const char *operator_name, int64_t *id);

/* Cell (ROW, COL) of SEC, "" for an empty one. */
const char *store_report_cell(const struct store_report_section *sec, size_t row, int col);

#endif
