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

/*
 * SQL: 1 when the flag of duty_log row ALIAS (a literal alias, e.g. "d") was
 * cleared by a later entry, else 0. The ':' after the id keeps #17 from
 * matching #170.
 */
#define DUTY_FLAG_CLEARED_SQL(alias)                                                     \
	"EXISTS (SELECT 1 FROM duty_log c WHERE c.id > " alias ".id"                         \
	" AND c.category = '" DUTY_FLAG_CLEAR_CATEGORY "'"                                    \
	" AND substr(c.text, 1, length('" DUTY_FLAG_CLEAR_PREFIX "' || " alias ".id || ':'))" \
	"  = '" DUTY_FLAG_CLEAR_PREFIX "' || " alias ".id || ':')"

#endif
