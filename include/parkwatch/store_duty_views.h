/*
 * store_duty_views.h - reading the duty log for the console's Duty log
 * screen: newest first, filtered by operator, category and flag, one entry
 * by id, a cheap fingerprint to skip reloads, and clearing a flag. Appending
 * is store_duty_append() in store.h; the hash chain is store_duty.h.
 *
 * Return values follow store.h: 0, -1 (store_errmsg()), PW_STORE_NOTFOUND.
 */
#ifndef PARKWATCH_STORE_DUTY_VIEWS_H
#define PARKWATCH_STORE_DUTY_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pw_store;

#define STORE_DUTY_LIST_MAX 5000   /* most entries one list holds */

/* One duty_log row; strings owned (free with store_duty_entry_clear). */
struct store_duty_entry {
	int64_t id;
	int64_t ts;                /* epoch ms */
	char *operator_name;
	char *category;
	char *text;
	bool flagged;
	bool flag_cleared;         /* flagged, and a later entry cleared the flag */
};

struct store_duty_list {
	struct store_duty_entry *v;
	size_t n;
	bool truncated;            /* more entries match than the limit let in */
};

/* Zero-initialise for "everything"; strings borrowed for the call. */
struct store_duty_filter {
	const char *operator_name; /* NULL or exact operator */
	const char *category;      /* NULL or exact category */
	bool flagged_only;         /* entries whose flag is still open */
	size_t limit;              /* 0 = STORE_DUTY_LIST_MAX (also the upper bound) */
};

/*
 * The newest matching entries, newest (highest id: chain order) first.
 * F may be NULL. Free *OUT with store_duty_list_free (also after failure).
 */
int store_duty_list(struct pw_store *st, const struct store_duty_filter *f,
                    struct store_duty_list *out);
void store_duty_list_free(struct store_duty_list *l);

/* Entry ID into *OUT (store_duty_entry_clear it). 0, PW_STORE_NOTFOUND or -1. */
int store_duty_get(struct pw_store *st, int64_t id, struct store_duty_entry *out);
void store_duty_entry_clear(struct store_duty_entry *e);

/*
 * Clear the flag of entry FLAGGED_ID as OPERATOR_NAME, saying why. The log
 * is append-only, so this appends an entry (category "flag_clear", text
 * "cleared flag of entry #<id>: <reason>", durable like any append); the
 * flag counts as cleared from then on (lists, the handover report). *ID
 * (may be NULL) receives the new entry's id. Returns 0; PW_STORE_NOTFOUND
 * for no such entry; STORE_DUTY_NOT_FLAGGED when it is not flagged or is
 * cleared already; -1 on an error (empty reason, database). Two consoles
 * clearing one flag at once may both write their entry; that is harmless.
 */
#define STORE_DUTY_NOT_FLAGGED 2
int store_duty_flag_clear(struct pw_store *st, const char *operator_name, int64_t flagged_id,
                          const char *reason, int64_t *id);

/*
 * The newest entry's id (0 for an empty log). The log is append-only, so an
 * unchanged value means an unchanged log: screens skip their reload.
 */
int store_duty_last_id(struct pw_store *st, int64_t *id);

#endif
