/*
 * incident_ui.h - emergency linkage in the console: the Incidents screen
 * (tab 6), the linkage view of one incident, the "new incident" dialogue
 * behind `i`, and the dispatch / status / note dialogues of the linkage view.
 */
#ifndef PARKWATCH_UI_INCIDENT_UI_H
#define PARKWATCH_UI_INCIDENT_UI_H

#include <stdint.h>

#include "parkwatch/store_alarms.h"
#include "parkwatch/store_incidents.h"
#include "ui_private.h"

extern const struct ui_screen_ops ui_screen_incidents;  /* incidents.c: tab 6 */
extern const struct ui_screen_ops ui_screen_linkage;    /* linkage.c: ARG = incident id,
                                                           or "alarm:ID", a preview */
/*
 * `!` from any screen: the linkage picture around the newest unacknowledged
 * P1 alarm, pushed on the current tab. A preview: no incident is created
 * until the operator presses i in it. Says so when there is no such alarm.
 */
unsigned ui_linkage_p1_preview(struct ui *ui);

/* The tab of the Incidents screen (0-based). */
#define UI_INCIDENTS_TAB 5

/*
 * `i` on an alarm: ask the type (and severity), suggested from the sensor
 * (gas -> leak, oxygen -> poisoning, smoke/flame -> fire) and the priority
 * (P1 -> severity 1), so Enter accepts; open the incident and show its
 * linkage view on the Incidents tab. A copies what it needs.
 */
unsigned ui_incident_new_from_alarm(struct ui *ui, const struct store_alarm *a);
/* `i` on an enterprise (list or card): the same dialogue for enterprise CODE. */
unsigned ui_incident_new_from_enterprise(struct ui *ui, const char *code);

/* incident_act.c: the linkage view's actions on incident L->inc (L is read, not kept). */
unsigned ui_incident_dispatch_start(struct ui *ui, const struct store_linkage *l);
unsigned ui_incident_advance_start(struct ui *ui, const struct store_linkage *l,
                                   enum pw_dispatch_stage to);
unsigned ui_incident_status_start(struct ui *ui, const struct store_linkage *l);
unsigned ui_incident_note_start(struct ui *ui, const struct store_linkage *l);
/* l: loan equipment to the incident ("EQ-001 3"); R: return one of its loans (by id). */
unsigned ui_incident_loan_start(struct ui *ui, const struct store_linkage *l);
unsigned ui_incident_return_start(struct ui *ui, const struct store_linkage *l);

#endif
