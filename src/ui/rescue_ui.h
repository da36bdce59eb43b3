/*
 * rescue_ui.h - the Rescue screen's actions (rescue_act.c): put the
 * selected member on or off duty, lend equipment, return the selected
 * loan. Each is a prompt or a question on the message line, then one write
 * through store_rescue.h / store_incidents.h as the console's operator -
 * the same transaction and duty-log entry as `member status`,
 * `equipment loan` and `equipment return`. A refusal shows the store's
 * reason on the message line; a read-only console refuses before asking.
 * The writes are save jobs (save.h): a busy database queues them with
 * "saving...", a full disk gives them back.
 */
#ifndef PARKWATCH_UI_RESCUE_UI_H
#define PARKWATCH_UI_RESCUE_UI_H

#include "parkwatch/store_rescue_views.h"
#include "ui_private.h"

/* o: available -> off_duty, off_duty -> available (M is read, not kept). */
unsigned ui_rescue_toggle_member(struct ui *ui, const struct store_rescue_member *m);
/* L: ask code (CODE suggested, may be NULL), quantity, enterprise or borrower, due date; lend. */
unsigned ui_rescue_lend_start(struct ui *ui, const char *code);
/* R: ask "return loan #N ...?" and mark it returned (L is read, not kept). */
unsigned ui_rescue_return_start(struct ui *ui, const struct store_rescue_loan *l);

#endif
