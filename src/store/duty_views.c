/*
 * duty_views.c - duty-log reads for the console (store_duty_views.h).
 *
 * One statement serves every filter combination: an absent filter binds
 * NULL (or 0) and its clause is true, so the cache holds a single prepared
 * statement. One row more than the limit is read to know whether the list
 * was cut. Flags and their clearing: duty_private.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_duty_views.h"
#include "parkwatch/util.h"
#include "duty_private.h"
#include "store_private.h"

/* Flag state: 0 none, 1 open, 2 cleared (the clearing test only runs for flagged rows). */
#define FLAG_STATE \
	"CASE WHEN d.flagged = 0 THEN 0 WHEN " DUTY_FLAG_CLEARED_SQL("d") " THEN 2 ELSE 1 END"

static const char list_sql[] =
	"SELECT d.id, d.ts, d.operator, d.category, d.text, " FLAG_STATE " FROM duty_log d"
	" WHERE (?1 IS NULL OR d.operator = ?1) AND (?2 IS NULL OR d.category = ?2)"
	" AND (?3 = 0 OR (d.flagged = 1 AND NOT " DUTY_FLAG_CLEARED_SQL("d") "))"
	" ORDER BY d.id DESC LIMIT ?4";

static void read_entry(sqlite3_stmt *s, struct store_duty_entry *e)
{
	e->id = sqlite3_column_int64(s, 0);
	e->ts = sqlite3_column_int64(s, 1);
	e->operator_name = store_col_strdup(s, 2);
	e->category = store_col_strdup(s, 3);
	e->text = store_col_strdup(s, 4);
	int flag = sqlite3_column_int(s, 5);
	e->flagged = flag != 0;
	e->flag_cleared = flag == 2;
}

int store_duty_list(struct pw_store *st, const struct store_duty_filter *f,
                    struct store_duty_list *out)
{
	*out = (struct store_duty_list){0};
	struct store_duty_filter none = {0};
	if (!f)
		f = &none;
	size_t limit = f->limit && f->limit < STORE_DUTY_LIST_MAX ? f->limit : STORE_DUTY_LIST_MAX;
	sqlite3_stmt *s = store_stmt(st, list_sql);
	if (!s)
		return -1;
	store_bind_text(s, 1, f->operator_name);
	store_bind_text(s, 2, f->category);
	sqlite3_bind_int(s, 3, f->flagged_only ? 1 : 0);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)limit + 1);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == limit) {
			out->truncated = true;
			continue;
		}
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v, 64);
		read_entry(s, &out->v[out->n++]);
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, "read duty log");
	return 0;
}

void store_duty_entry_clear(struct store_duty_entry *e)
{
	if (!e)
		return;
	free(e->operator_name);
	free(e->category);
	free(e->text);
	*e = (struct store_duty_entry){0};
}

void store_duty_list_free(struct store_duty_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		store_duty_entry_clear(&l->v[i]);
	free(l->v);
	*l = (struct store_duty_list){0};
}

int store_duty_get(struct pw_store *st, int64_t id, struct store_duty_entry *out)
{
	*out = (struct store_duty_entry){0};
	sqlite3_stmt *s = store_stmt(st, "SELECT d.id, d.ts, d.operator, d.category, d.text, "
	                                 FLAG_STATE " FROM duty_log d WHERE d.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_entry(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? PW_STORE_NOTFOUND : store_fail(st, "read duty entry");
}

int store_duty_last_id(struct pw_store *st, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce(max(id), 0) FROM duty_log");
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, "read duty log");
}

int store_duty_flag_clear(struct pw_store *st, const char *operator_name, int64_t flagged_id,
                          const char *reason, int64_t *id)
{
	struct store_duty_entry e;
	int rc = store_duty_get(st, flagged_id, &e);
	if (rc == PW_STORE_NOTFOUND) {
		store_failf(st, "no duty entry %lld", (long long)flagged_id);
		return PW_STORE_NOTFOUND;
	}
	if (rc < 0)
		return -1;
	bool flagged = e.flagged, cleared = e.flag_cleared;
	store_duty_entry_clear(&e);
	if (!flagged || cleared) {
		store_failf(st, "duty entry %lld %s", (long long)flagged_id,
		            flagged ? "has its flag cleared already" : "is not flagged");
		return STORE_DUTY_NOT_FLAGGED;
	}
	if (!reason || !*reason)
		return store_failf(st, "clearing a flag needs a reason");
	char *text = xasprintf(DUTY_FLAG_CLEAR_PREFIX "%lld: %s", (long long)flagged_id, reason);
	rc = store_duty_append(st, operator_name, DUTY_FLAG_CLEAR_CATEGORY, text, false, id);
	free(text);
	return rc;
}
