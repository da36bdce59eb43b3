/*
 * store_rescue.h - the rescue force's actions outside incidents: putting a
 * member on or off duty, and lending the centre's equipment to an
 * enterprise or a person. (Dispatch, and loans to an incident, are in
 * store_incidents.h; returning any loan is store_loan_return there.)
 *
 * Each action is one BEGIN IMMEDIATE transaction that writes its change
 * and one duty-log entry - category "rescue" for member status, "loan" for
 * loans - so it is recorded completely or not at all, and two consoles
 * cannot lend the last item twice.
 *
 * Return values follow store.h: 0 success, -1 database error or bad
 * argument (store_errmsg()), PW_STORE_NOTFOUND (1) no such member,
 * equipment or enterprise, and STORE_RESCUE_REFUSED (2) when the rules
 * forbid the action: store_errmsg() says why and nothing changed.
 */
#ifndef PARKWATCH_STORE_RESCUE_H
#define PARKWATCH_STORE_RESCUE_H

#include <stdint.h>

struct pw_store;

#define STORE_RESCUE_REFUSED 2          /* the same value as STORE_INCIDENT_REFUSED */
#define STORE_RESCUE_BORROWER_MAX 200   /* bytes of a borrower's name */

/*
 * Set member MEMBER_ID's status to STATUS as operator OP at NOW. By hand a
 * member only moves between "available" and "off_duty": "dispatched",
 * "en_route" and "on_scene" come from incident dispatch (REFUSED, saying
 * so), and a member out on a dispatch not yet cleared cannot be stood down
 * (REFUSED naming the incident and dispatch). A member whose status says
 * engaged but who has no open dispatch may be set available or off duty.
 * Writes a member_status row and the duty entry
 * "member 12 王强 (QX-KFQ): available -> off_duty". Setting the status the
 * member already has is REFUSED. An unknown STATUS is -1.
 */
int store_member_set_status(struct pw_store *st, int64_t member_id, const char *status,
                            const char *op, int64_t now);

/* What store_equipment_loan lends, to whom and until when. */
struct store_equipment_loan {
	const char *equipment_code;    /* required */
	int qty;                       /* >= 1 */
	const char *borrower;          /* the person; NULL/"": the enterprise's name */
	const char *enterprise_code;   /* NULL/"": none (then BORROWER is required) */
	const char *due;               /* YYYY-MM-DD (due by the end of that site day); NULL: open-ended */
};

/*
 * Lend L as operator OP at NOW; *LOAN_ID (may be NULL) receives the loan's
 * id. REFUSED when fewer than L->qty are available (stock minus open
 * loans), the item is damaged, or its expiry date has passed (site
 * calendar), or the due date is already past. -1 for bad arguments (qty
 * below 1, no borrower and no enterprise, a malformed date, a name that
 * is not UTF-8 or too long). Duty entry (category "loan"):
 * "loan 7: 2 x EQ-003 name to E0001 name, borrower 张三, due 2026-12-01".
 */
int store_equipment_loan(struct pw_store *st, const struct store_equipment_loan *l,
                         const char *op, int64_t now, int64_t *loan_id);

#endif
