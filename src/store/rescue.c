/*
 * rescue.c - member status by hand and equipment loans outside incidents;
 * see store_rescue.h. The status history and stock arithmetic are the
 * ones dispatch and incident loans use (rescue_private.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/hazard.h"
#include "parkwatch/store_rescue.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "rescue_private.h"

#define REFUSED STORE_RESCUE_REFUSED

static bool engaged(const char *status)
{
	return strcmp(status, "dispatched") == 0 || strcmp(status, "en_route") == 0 ||
	       strcmp(status, "on_scene") == 0;
}

/* ---- member status ------------------------------------------------------ */

struct member_head {
	char *name, *status, *team;
};

static void member_head_free(struct member_head *m)
{
	free(m->name);
	free(m->status);
	free(m->team);
}

static int member_load(struct pw_store *st, int64_t id, struct member_head *m)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT m.name, m.status, coalesce(t.code, '') FROM members m "
	                                 "LEFT JOIN teams t ON t.id = m.team_id WHERE m.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		m->name = store_col_strdup(s, 0);
		m->status = store_col_strdup(s, 1);
		m->team = store_col_strdup(s, 2);
	}
	sqlite3_reset(s);
	return store_lookup_rc(st, rc, "read member", "no member %" PRId64, id);
}

/* REFUSED when member ID is out on a dispatch that is not cleared (M says who). */
static int check_no_open_dispatch(struct pw_store *st, int64_t id, const struct member_head *m)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, incident_id FROM dispatches "
	                                 "WHERE member_id = ?1 AND cleared_at IS NULL ORDER BY id DESC LIMIT 1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	int64_t did = 0, inc = 0;
	if (rc == SQLITE_ROW) {
		did = sqlite3_column_int64(s, 0);
		inc = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(st, "read dispatches");
	store_failf(st, "member %" PRId64 " %s (%s) is %s on incident %" PRId64 " (dispatch %" PRId64
	            "): clear the dispatch first (incident advance %" PRId64 " cleared)",
	            id, m->name, m->team, m->status, inc, did, did);
	return REFUSED;
}

int store_member_set_status(struct pw_store *st, int64_t member_id, const char *status,
                            const char *op, int64_t now)
{
	if (!status || (strcmp(status, "available") != 0 && strcmp(status, "off_duty") != 0 && !engaged(status)))
		return store_failf(st, "unknown member status '%s' (available or off_duty)", status ? status : "");
	if (engaged(status)) {
		store_failf(st, "member %" PRId64 " cannot be set %s by hand: use incident dispatch "
		            "(parkwatch incident dispatch ID --member %" PRId64 ")", member_id, status, member_id);
		return REFUSED;
	}
	if (store_begin(st, true) < 0)
		return -1;
	struct member_head m = {0};
	int rc = member_load(st, member_id, &m);
	if (rc == 0 && strcmp(m.status, status) == 0) {
		store_failf(st, "member %" PRId64 " %s (%s) is already %s", member_id, m.name, m.team, status);
		rc = REFUSED;
	}
	/* A member still on a job is stood down by clearing the dispatch, so the
	 * incident's record of who is out stays true. */
	if (rc == 0 && engaged(m.status))
		rc = check_no_open_dispatch(st, member_id, &m);
	if (rc == 0)
		rc = rescue_member_set(st, member_id, status, 0, op, now, false);
	char *text = xasprintf("member %" PRId64 " %s (%s): %s -> %s", member_id, m.name ? m.name : "",
	                       m.team ? m.team : "", m.status ? m.status : "", status);
	member_head_free(&m);
	return rescue_finish(st, rc, op, "rescue", text);
}

/* ---- equipment loans ------------------------------------------------------ */

/* Check the arguments that need no database; -1 or REFUSED with the reason. */
static int loan_args_ok(struct pw_store *st, const struct store_equipment_loan *l, const char *today)
{
	if (!l->equipment_code || !*l->equipment_code)
		return store_failf(st, "no equipment code");
	if (l->qty < 1)
		return store_failf(st, "the quantity must be at least 1");
	bool ent = l->enterprise_code && *l->enterprise_code;
	bool who = l->borrower && *l->borrower;
	if (!ent && !who)
		return store_failf(st, "a loan needs a borrower or an enterprise");
	if (who && (strlen(l->borrower) > STORE_RESCUE_BORROWER_MAX ||
	            !pw_utf8_valid(l->borrower, strlen(l->borrower))))
		return store_failf(st, "the borrower must be valid UTF-8 of at most %d bytes",
		                   STORE_RESCUE_BORROWER_MAX);
	if (l->due && !pw_date_valid(l->due))
		return store_failf(st, "due date '%s' is not YYYY-MM-DD", l->due);
	if (l->due && strcmp(l->due, today) < 0) {
		store_failf(st, "due date %s is already past (today is %s)", l->due, today);
		return REFUSED;
	}
	return 0;
}

/* Enterprise CODE's id and name (for the loan row and the borrower). */
static int enterprise_load(struct pw_store *st, const char *code, int64_t *id, char **name)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, name FROM enterprises WHERE code = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*name = store_col_strdup(s, 1);
	}
	sqlite3_reset(s);
	return store_lookup_rc(st, rc, "read enterprise", "no enterprise %s", code);
}

/* REFUSED when Q cannot go out today: damaged, expired, or not QTY of it in the store. */
static int lendable(struct pw_store *st, const char *code, const struct rescue_equipment *q, int qty,
                    const char *today)
{
	if (q->condition && strcmp(q->condition, "damaged") == 0) {
		store_failf(st, "%s %s is damaged: it cannot be lent until repaired", code, q->name);
		return REFUSED;
	}
	if (q->expires && *q->expires && strcmp(q->expires, today) < 0) {
		store_failf(st, "%s %s expired on %s: it cannot be lent", code, q->name, q->expires);
		return REFUSED;
	}
	if (q->avail < qty) {
		store_failf(st, "only %d of %s %s available", q->avail < 0 ? 0 : q->avail, code, q->name);
		return REFUSED;
	}
	return 0;
}

static int insert_loan(struct pw_store *st, const struct rescue_equipment *q, int qty, const char *who,
                       int64_t ent, int64_t due_at, const char *op, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO loans(equipment_id, qty, borrower, enterprise_id, "
	                                 "out_at, due_at, operator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, q->id);
	sqlite3_bind_int(s, 2, qty);
	store_bind_text(s, 3, who);
	if (ent > 0)
		sqlite3_bind_int64(s, 4, ent);
	sqlite3_bind_int64(s, 5, now);
	if (due_at > 0)
		sqlite3_bind_int64(s, 6, due_at);
	store_bind_text(s, 7, op);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write loan");
}

/* The last moment of site day DATE (valid YYYY-MM-DD), in epoch ms; 0 when it cannot be read. */
static int64_t end_of_day(const char *date)
{
	char *t = xasprintf("%s 23:59", date);
	int64_t ms = 0;
	if (pw_time_parse(t, &ms) < 0)
		ms = 0;
	free(t);
	return ms ? ms + 59999 : 0;
}

int store_equipment_loan(struct pw_store *st, const struct store_equipment_loan *l,
                         const char *op, int64_t now, int64_t *loan_id)
{
	char today[PW_TIME_BUFSZ];
	pw_date_local(today, now);
	int rc = loan_args_ok(st, l, today);
	if (rc != 0)
		return rc;
	if (store_begin(st, true) < 0)
		return -1;
	struct rescue_equipment q;
	rc = rescue_equipment_read(st, l->equipment_code, &q);
	int64_t ent = 0;
	char *ent_name = NULL;
	bool has_ent = l->enterprise_code && *l->enterprise_code;
	if (rc == 0 && has_ent)
		rc = enterprise_load(st, l->enterprise_code, &ent, &ent_name);
	if (rc == 0)
		rc = lendable(st, l->equipment_code, &q, l->qty, today);
	const char *who = l->borrower && *l->borrower ? l->borrower : ent_name ? ent_name : "";
	if (rc == 0)
		rc = insert_loan(st, &q, l->qty, who, ent, l->due ? end_of_day(l->due) : 0, op, now);
	int64_t lid = sqlite3_last_insert_rowid(st->db);
	if (rc == 0 && loan_id)
		*loan_id = lid;
	struct sbuf t;
	sbuf_init(&t);
	sbuf_addf(&t, "loan %" PRId64 ": %d x %s %s", lid, l->qty, l->equipment_code, q.name ? q.name : "");
	if (has_ent)
		sbuf_addf(&t, " to %s %s", l->enterprise_code, ent_name ? ent_name : "");
	sbuf_addf(&t, ", borrower %s, %s%s", who, l->due ? "due " : "no due date", l->due ? l->due : "");
	rescue_equipment_clear(&q);
	free(ent_name);
	return rescue_finish(st, rc, op, "loan", sbuf_steal(&t));
}
