/*
 * store_risk.h - gathering the risk model's inputs from the database and
 * keeping risk_scores, risk_history and enterprises.risk in step with them.
 *
 * Call store_risk_recompute() for an enterprise whenever one of its inputs
 * changed (alarm raised or returned, hazard moved, inspection added,
 * certificate or chemical changed); it writes inside the caller's
 * transaction when one is open. enterprises.risk always equals
 * risk_scores.colour, so `query enterprises` and `query risk` agree.
 */
#ifndef PARKWATCH_STORE_RISK_H
#define PARKWATCH_STORE_RISK_H

#include <stdint.h>

#include "parkwatch/risk.h"
#include "parkwatch/store.h"

/* Defaults overlaid with the rows of risk_params. */
int store_risk_params_load(struct pw_store *st, struct pw_risk_params *p);
/* Set one parameter (validated by pw_risk_param_set); -1 for an unknown name. */
int store_risk_param_set(struct pw_store *st, const char *name, double value);

/*
 * An operator changes the model: set NAME to VALUE, recompute every
 * enterprise and write the duty-log entry "risk parameter NAME set to VALUE",
 * all in one transaction (the console's ":risk set" and `parkwatch risk set`).
 * *changed (may be NULL) receives how many enterprises changed colour.
 */
int store_risk_param_change(struct pw_store *st, const char *name, double value,
                            const char *operator_name, int64_t now_ms, int *changed);

/* Inputs of one enterprise by id (for the card's explanation and tests). */
int store_risk_inputs(struct pw_store *st, int64_t enterprise_id, int64_t now_ms,
                      struct pw_risk_input *in);

/*
 * Recompute ENTERPRISE_ID (or every enterprise when 0) at NOW_MS. A colour
 * change is appended to risk_history with its reasons. *changed (may be
 * NULL) receives how many enterprises changed colour.
 */
int store_risk_recompute(struct pw_store *st, int64_t enterprise_id, int64_t now_ms, int *changed);

/* Same, by enterprise code; PW_STORE_NOTFOUND when no such code. */
int store_risk_recompute_code(struct pw_store *st, const char *code, int64_t now_ms, int *changed);

#endif
