/*
 * risk_ui.h - what the console's risk-supervision and hidden-hazard files
 * share with the rest of src/ui: the heat table (heat.c), the Hazards
 * screen and its detail (hazards.c, hazard_act.c), the Inspections screen
 * (inspections.c), the risk parts of the enterprise card and the ':heat' and
 * ':risk' commands (risk_cmd.c). Never included outside src/ui.
 */
#ifndef PARKWATCH_UI_RISK_UI_H
#define PARKWATCH_UI_RISK_UI_H

#include "parkwatch/store_browse.h"
#include "parkwatch/store_heat.h"
#include "ui_private.h"

/* ---- screens ---- */
extern const struct ui_screen_ops ui_screen_heat;           /* full-size heat table (h, :heat) */
extern const struct ui_screen_ops ui_screen_hazards;        /* tab 4 */
extern const struct ui_screen_ops ui_screen_hazard_detail;  /* Enter on a hazard; arg = its id */
extern const struct ui_screen_ops ui_screen_inspections;    /* tab 9 */

/* ---- heat.c: the compact heat table on the Overview ---- */
struct ui_heat_summary;
/* (Re)read the zone heat table into *HS (allocated on first use); -1 after ui_message(). */
int ui_heat_summary_load(struct ui_heat_summary **hs, struct ui *ui);
void ui_heat_summary_free(struct ui_heat_summary *hs);
/* Append the compact table (zones x categories, worst label + count) to D. */
void ui_heat_summary_build(const struct ui_heat_summary *hs, struct ui_doc *d, struct ui *ui, int width);

/*
 * A heat-table cell as a filter on the Enterprises list: the list is pushed
 * with ARG = ui_heat_cell_arg(); enterprises.c keeps only the cell's rows.
 */
struct ui_ent_subset;
/* Parse ARG (NULL when it is not a cell). */
struct ui_ent_subset *ui_ent_subset_new(const char *arg);
void ui_ent_subset_free(struct ui_ent_subset *f);
/* Drop the rows of L outside the cell (re-read now); -1 after ui_message(). */
int ui_ent_subset_apply(struct ui_ent_subset *f, struct ui *ui, struct pw_ent_list *l);
/* "A区·氨·红 red" (row, column, colour or "any") for hints. */
const char *ui_ent_subset_label(const struct ui_ent_subset *f);

/* ---- hazard_act.c: report and move hazards from the console ---- */
/* `r`: report a hazard; CODE NULL asks for the enterprise code first. */
unsigned ui_hazard_report_start(struct ui *ui, const char *code);
/* `m`: choose the next status of hazard ID (now FROM), then what it needs. */
unsigned ui_hazard_move_start(struct ui *ui, int64_t id, const char *from);
/* `e`: extend the deadline of hazard ID with a reason. */
unsigned ui_hazard_extend_start(struct ui *ui, int64_t id);

/* ---- risk_cmd.c: the card's risk section and the ':' commands ---- */
struct ui_card_risk;
/* Read ENTERPRISE_ID's colour history, open hazards and visits into *CR (allocated on first use). */
int ui_card_risk_load(struct ui_card_risk **cr, struct ui *ui, int64_t enterprise_id);
void ui_card_risk_free(struct ui_card_risk *cr);
/*
 * "Risk": colour, score, every reason on its own line, the colour history
 * (newest first); then the enterprise's open hidden hazards and its latest
 * inspection visits (the management inputs of the score).
 */
void ui_card_risk_build(const struct ui_card_risk *cr, struct ui_doc *d, struct ui *ui,
                        const struct pw_card *c, int width);
/* ":heat": the full-size heat table on the Overview tab. */
unsigned ui_cmd_heat(struct ui *ui, const char *args);
/* ":risk" lists the model's parameters; ":risk set NAME VALUE" changes one and recomputes. */
unsigned ui_cmd_risk(struct ui *ui, const char *args);

#endif
