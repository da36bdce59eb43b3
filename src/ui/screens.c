/*
 * screens.c - the registry: which screen each tab (keys 1..9, F1..F9) opens.
 * A later screen replaces its pending entry here (and in pending.c) with its
 * own ops; nothing else in the framework changes.
 */
#include "config.h"

#include "alarm_ui.h"
#include "duty_ui.h"
#include "incident_ui.h"
#include "regs_ui.h"
#include "risk_ui.h"
#include "ui_private.h"

const struct ui_tab_def ui_tab_defs[UI_NTABS] = {
	{"Overview", "Over", &ui_screen_overview},
	{"Enterprises", "Ent", &ui_screen_enterprises},
	{"Alarms", "Alarm", &ui_screen_alarms},
	{"Hazards", "Hazard", &ui_screen_hazards},
	{"Rescue", "Rescue", &ui_screen_rescue},
	{"Incidents", "Incid", &ui_screen_incidents},
	{"Duty log", "Duty", &ui_screen_duty},
	{"Regulations", "Regs", &ui_screen_regs},
	{"Inspections", "Insp", &ui_screen_inspections},
};
