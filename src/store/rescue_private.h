/*
 * rescue_private.h - what the rescue-force writers share: incidents.c
 * (dispatch, incident loans) and rescue.c (manual member status, loans
 * outside incidents) change a member's status and read equipment stock
 * the same way, so both record the same history and refuse the same
 * over-lending. Never included outside src/store.
 */
#ifndef PARKWATCH_STORE_RESCUE_PRIVATE_H
#define PARKWATCH_STORE_RESCUE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "store_private.h"

/*
 * Set member MEMBER's status to STATUS (status_since = NOW) and add its
 * member_status history row (INC: the incident, 0 for none; OP: who).
 * ONLY_ENGAGED: change it only while the member is out on a dispatch (a
 * member someone has since put off duty stays off duty when the dispatch
 * clears); then an unchanged member writes no history. Inside the
 * caller's transaction. 0 or -1 (store_errmsg()).
 */
int rescue_member_set(struct pw_store *st, int64_t member, const char *status, int64_t inc,
                      const char *op, int64_t now, bool only_engaged);

/* One equipment item as a loan needs it. Free with rescue_equipment_clear. */
struct rescue_equipment {
	int64_t id;
	char *name;
	int avail;          /* qty minus open loans (negative when the stock was cut below them) */
	char *condition;    /* good, maintenance, damaged */
	char *expires;      /* YYYY-MM-DD or NULL */
};

/*
 * Read equipment CODE inside the caller's transaction. 0, PW_STORE_NOTFOUND
 * ("no equipment CODE") or -1.
 */
int rescue_equipment_read(struct pw_store *st, const char *code, struct rescue_equipment *out);
void rescue_equipment_clear(struct rescue_equipment *q);

/*
 * Finish an action begun with store_begin: when RC is 0, append its
 * duty-log entry TEXT (CATEGORY, as OP) and commit; otherwise (or when the
 * entry fails) roll back. Frees TEXT. Returns RC, or the failure.
 */
int rescue_finish(struct pw_store *st, int rc, const char *op, const char *category, char *text);

#endif
