/*
 * rescue_common.c - the rescue-force pieces shared by incidents.c and
 * rescue.c; see rescue_private.h.
 */
#include "config.h"

#include <stdlib.h>

#include "parkwatch/util.h"
#include "rescue_private.h"

int rescue_member_set(struct pw_store *st, int64_t member, const char *status, int64_t inc,
                      const char *op, int64_t now, bool only_engaged)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE members SET status = ?2, status_since = ?3 WHERE id = ?1 "
	                                 "AND (?4 = 0 OR status IN ('dispatched', 'en_route', 'on_scene'))");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, member);
	store_bind_text(s, 2, status);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int(s, 4, only_engaged);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "update member");
	if (sqlite3_changes(st->db) == 0)
		return 0;
	s = store_stmt(st, "INSERT INTO member_status(member_id, ts, status, incident_id, operator) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, now);
	store_bind_text(s, 3, status);
	if (inc > 0)
		sqlite3_bind_int64(s, 4, inc);
	store_bind_text(s, 5, op);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write member status");
}

int rescue_equipment_read(struct pw_store *st, const char *code, struct rescue_equipment *out)
{
	*out = (struct rescue_equipment){0};
	sqlite3_stmt *s = store_stmt(st, "SELECT q.id, q.name, q.qty - coalesce((SELECT sum(l.qty) FROM loans l "
	                                 "WHERE l.equipment_id = q.id AND l.returned_at IS NULL), 0), "
	                                 "q.condition, q.expires FROM equipment q WHERE q.code = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->name = store_col_strdup(s, 1);
		out->avail = sqlite3_column_int(s, 2);
		out->condition = store_col_strdup(s, 3);
		out->expires = store_col_strdup(s, 4);
	}
	sqlite3_reset(s);
	return store_lookup_rc(st, rc, "read equipment", "no equipment %s", code ? code : "(none)");
}

void rescue_equipment_clear(struct rescue_equipment *q)
{
	free(q->name);
	free(q->condition);
	free(q->expires);
	*q = (struct rescue_equipment){0};
}

int rescue_finish(struct pw_store *st, int rc, const char *op, const char *category, char *text)
{
	if (rc == 0)
		rc = store_duty_append(st, op, category, text, false, NULL);
	free(text);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
