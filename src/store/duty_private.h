/*
 * duty_private.h - what the duty-log readers in src/store share: how a
 * flag is cleared. The duty log is append-only, so clearing a flag is itself
 * an entry (category "flag_clear", text "cleared flag of entry #<id>:
 * <reason>"), chained like every other; an entry's flag is open while no
 * later such entry names it. Never included outside src/store.
 */
#ifndef PARKWATCH_DUTY_PRIVATE_H
#define PARKWATCH_DUTY_PRIVATE_H

#define DUTY_FLAG_CLEAR_CATEGORY "flag_clear"
#define DUTY_FLAG_CLEAR_PREFIX "cleared flag of entry #"

/* SQL: the ids every flag_clear entry names (the digits between '#' and ':'). */
#define DUTY_FLAG_CLEARED_IDS_SQL                                                            \
	"SELECT CAST(substr(c.text, length('" DUTY_FLAG_CLEAR_PREFIX "') + 1,"                   \
	"  instr(substr(c.text, length('" DUTY_FLAG_CLEAR_PREFIX "') + 1), ':') - 1) AS INTEGER)" \
	" FROM duty_log c WHERE c.category = '" DUTY_FLAG_CLEAR_CATEGORY "'"                      \
	" AND substr(c.text, 1, length('" DUTY_FLAG_CLEAR_PREFIX "')) = '" DUTY_FLAG_CLEAR_PREFIX "'"

/*
 * SQL: 1 when the flag of duty_log row ALIAS (a literal alias, e.g. "d") was
 * cleared, else 0. The IN list is computed once per statement, so marking
 * every row of a long log stays one pass over it (a correlated lookup per
 * flagged row would scan the log once per flag). Only store_duty_flag_clear
 * writes flag_clear entries (`log` refuses the category), always naming an
 * existing flagged entry.
 */
#define DUTY_FLAG_CLEARED_SQL(alias) "(" alias ".id IN (" DUTY_FLAG_CLEARED_IDS_SQL "))"

#endif
