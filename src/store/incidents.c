/*
 * incidents.c - opening incidents, their status and log, dispatching teams
 * and members and advancing dispatches; see store_incidents.h.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_incidents.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "rescue_private.h"
#include "store_private.h"

#define REFUSED STORE_INCIDENT_REFUSED

/* What the actions need to know about the incident they change. */
struct inc_head {
	enum pw_incident_status status;
	char *ent_code;   /* "" when the enterprise is gone */
};

/* Check a summary or note: valid UTF-8, not too long (control characters are kept out by display). */
static int text_ok(struct pw_store *st, const char *t, bool required)
{
	if (!t || !*t)
		return required ? store_failf(st, "the text is empty") : 0;
	size_t n = strlen(t);
	if (n > STORE_INCIDENT_TEXT_MAX)
		return store_failf(st, "the text is longer than %d bytes", STORE_INCIDENT_TEXT_MAX);
	if (!pw_utf8_valid(t, n))
		return store_failf(st, "the text is not valid UTF-8");
	for (const char *p = t; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n')
			return 0;
	return required ? store_failf(st, "the text is blank") : 0;
}

/* Read incident ID's status and enterprise inside the caller's transaction. */
static int load_head(struct pw_store *st, int64_t id, struct inc_head *h)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT i.status, coalesce(e.code, '') FROM incidents i "
	                                 "LEFT JOIN enterprises e ON e.id = i.enterprise_id WHERE i.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (pw_incident_status_parse((const char *)sqlite3_column_text(s, 0), &h->status) < 0)
			h->status = PW_INC_PENDING;
		h->ent_code = store_col_strdup(s, 1);
	}
	sqlite3_reset(s);
	return store_lookup_rc(st, rc, "read incident", "no incident %" PRId64, id);
}

/* Begin, load incident ID, refuse when closed (when OPEN_ONLY). Rolls back (and frees H) on failure. */
static int begin_on(struct pw_store *st, int64_t id, bool open_only, struct inc_head *h)
{
	if (store_begin(st, true) < 0)
		return -1;
	int rc = load_head(st, id, h);
	if (rc == 0 && open_only && h->status == PW_INC_CLOSED) {
		store_failf(st, "incident %" PRId64 " is closed", id);
		rc = REFUSED;
	}
	if (rc != 0) {
		store_rollback(st);
		free(h->ent_code);
		h->ent_code = NULL;
	}
	return rc;
}

static int log_add(struct pw_store *st, int64_t inc, int64_t now, const char *op, const char *kind,
                   const char *text)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO incident_log(incident_id, ts, operator, kind, text) "
	                                 "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, inc);
	sqlite3_bind_int64(s, 2, now);
	store_bind_text(s, 3, op);
	store_bind_text(s, 4, kind);
	store_bind_text(s, 5, text);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write incident log");
}

/* ---- open ---------------------------------------------------------------- */

struct open_src {
	int64_t ent_id;
	char *ent_code, *ent_name, *sensor, *location, *message;
	int priority;
};

static void open_src_free(struct open_src *o)
{
	free(o->ent_code);
	free(o->ent_name);
	free(o->sensor);
	free(o->location);
	free(o->message);
}

static int find_source(struct pw_store *st, const struct store_incident_new *n, struct open_src *o)
{
	sqlite3_stmt *s;
	if (n->alarm_id > 0) {
		s = store_stmt(st, "SELECT e.id, e.code, e.name, s.code, s.location, a.priority, a.message "
		                   "FROM alarms a JOIN sensors s ON s.id = a.sensor_id "
		                   "JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = ?1");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, n->alarm_id);
	} else {
		s = store_stmt(st, "SELECT id, code, name, NULL, NULL, 0, NULL FROM enterprises WHERE code = ?1");
		if (!s)
			return -1;
		store_bind_text(s, 1, n->enterprise_code);
	}
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		o->ent_id = sqlite3_column_int64(s, 0);
		o->ent_code = store_col_strdup(s, 1);
		o->ent_name = store_col_strdup(s, 2);
		o->sensor = store_col_strdup(s, 3);
		o->location = store_col_strdup(s, 4);
		o->priority = sqlite3_column_int(s, 5);
		o->message = store_col_strdup(s, 6);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(st, "read alarm");
	if (n->alarm_id > 0)
		store_failf(st, "no alarm %" PRId64, n->alarm_id);
	else
		store_failf(st, "no enterprise %s", n->enterprise_code ? n->enterprise_code : "(none)");
	return PW_STORE_NOTFOUND;
}

static int insert_incident(struct pw_store *st, const struct store_incident_new *n,
                           const struct open_src *o, int severity, const char *op, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO incidents(type, severity, enterprise_id, alarm_id, status, location, summary, "
		"opened_by, opened_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?7, ?8)");
	if (!s)
		return -1;
	store_bind_text(s, 1, pw_incident_type_name(n->type));
	sqlite3_bind_int(s, 2, severity);
	sqlite3_bind_int64(s, 3, o->ent_id);
	if (n->alarm_id > 0)
		sqlite3_bind_int64(s, 4, n->alarm_id);
	store_bind_text(s, 5, n->location && *n->location ? n->location : o->location);
	store_bind_text(s, 6, n->summary && *n->summary ? n->summary : o->message);
	store_bind_text(s, 7, op);
	sqlite3_bind_int64(s, 8, now);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write incident");
}

int store_incident_open(struct pw_store *st, const struct store_incident_new *n, const char *op,
                        int64_t now, int64_t *id)
{
	int severity = n->severity ? n->severity : 3;
	if (severity < 1 || severity > 4)
		return store_failf(st, "severity %d is not 1..4", n->severity);
	if ((unsigned)n->type >= PW_INC_NTYPES)
		return store_failf(st, "unknown incident type");
	if (text_ok(st, n->summary, false) < 0 || text_ok(st, n->location, false) < 0)
		return -1;
	if (store_begin(st, true) < 0)
		return -1;
	struct open_src o = {0};
	int rc = find_source(st, n, &o);
	if (rc != 0) {
		store_rollback(st);
		open_src_free(&o);
		return rc;
	}
	rc = insert_incident(st, n, &o, severity, op, now);
	int64_t iid = sqlite3_last_insert_rowid(st->db);
	struct sbuf t;
	sbuf_init(&t);
	sbuf_addf(&t, "incident %" PRId64 " opened: %s severity %d at %s %s", iid,
	          pw_incident_type_name(n->type), severity, o.ent_code ? o.ent_code : "",
	          o.ent_name ? o.ent_name : "");
	if (n->alarm_id > 0)
		sbuf_addf(&t, " (alarm %" PRId64 " %s P%d)", n->alarm_id, o.sensor ? o.sensor : "", o.priority);
	if (n->summary && *n->summary)
		sbuf_addf(&t, ": %s", n->summary);
	if (rc == 0)
		rc = log_add(st, iid, now, op, "opened", sbuf_str(&t));
	if (rc == 0 && id)
		*id = iid;
	open_src_free(&o);
	return rescue_finish(st, rc, op, "incident", sbuf_steal(&t));
}

/* ---- dispatch stages -------------------------------------------------- */

static enum pw_dispatch_stage stage_of(sqlite3_stmt *s, int col)
{
	/* columns col..col+2: en_route_at, on_scene_at, cleared_at */
	if (sqlite3_column_type(s, col + 2) != SQLITE_NULL)
		return PW_DSP_CLEARED;
	if (sqlite3_column_type(s, col + 1) != SQLITE_NULL)
		return PW_DSP_ON_SCENE;
	if (sqlite3_column_type(s, col) != SQLITE_NULL)
		return PW_DSP_EN_ROUTE;
	return PW_DSP_DISPATCHED;
}

/*
 * Advance one dispatch inside the caller's transaction; appends "name (T01)"
 * to WHO. REFUSED (nothing changed) when the stage does not allow it.
 */
static int advance_one(struct pw_store *st, int64_t did, enum pw_dispatch_stage to, const char *op,
                       int64_t now, int64_t *inc, struct sbuf *who)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT d.incident_id, coalesce(d.member_id, 0), d.en_route_at, d.on_scene_at, d.cleared_at, "
		"coalesce(m.name, t.name, '?'), coalesce(t.code, '') FROM dispatches d "
		"LEFT JOIN members m ON m.id = d.member_id LEFT JOIN teams t ON t.id = d.team_id "
		"WHERE d.id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, did);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_fail(st, "read dispatch");
		store_failf(st, "no dispatch %" PRId64, did);
		return PW_STORE_NOTFOUND;
	}
	*inc = sqlite3_column_int64(s, 0);
	int64_t member = sqlite3_column_int64(s, 1);
	enum pw_dispatch_stage from = stage_of(s, 2);
	char *name = store_col_strdup(s, 5), *team = store_col_strdup(s, 6);
	sqlite3_reset(s);
	if (!pw_dispatch_stage_allowed(from, to)) {
		store_failf(st, "dispatch %" PRId64 " (%s) is already %s", did, name, pw_dispatch_stage_name(from));
		free(name);
		free(team);
		return REFUSED;
	}
	sbuf_addf(who, "%s%s%s%s", sbuf_str(who)[0] ? ", " : "", name, *team ? " " : "", team);
	free(name);
	free(team);
	s = store_stmt(st, "UPDATE dispatches SET "
	                   "en_route_at = CASE WHEN ?2 = 1 THEN ?3 ELSE en_route_at END, "
	                   "on_scene_at = CASE WHEN ?2 = 2 THEN ?3 ELSE on_scene_at END, "
	                   "cleared_at = CASE WHEN ?2 = 3 THEN ?3 ELSE cleared_at END WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, did);
	sqlite3_bind_int(s, 2, (int)to);
	sqlite3_bind_int64(s, 3, now);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "update dispatch");
	if (member > 0)
		return rescue_member_set(st, member, pw_dispatch_member_status(to), *inc, op, now, true);
	return 0;
}

int store_dispatch_advance(struct pw_store *st, int64_t dispatch_id, enum pw_dispatch_stage to,
                           const char *op, int64_t now)
{
	if (to == PW_DSP_DISPATCHED)
		return store_failf(st, "a dispatch can only advance to en_route, on_scene or cleared");
	if (store_begin(st, true) < 0)
		return -1;
	int64_t inc = 0;
	struct sbuf who;
	sbuf_init(&who);
	int rc = advance_one(st, dispatch_id, to, op, now, &inc, &who);
	char *text = xasprintf("dispatch %" PRId64 " (%s) %s at incident %" PRId64, dispatch_id,
	                       sbuf_str(&who), pw_dispatch_stage_name(to), inc);
	sbuf_free(&who);
	if (rc == 0)
		rc = log_add(st, inc, now, op, "dispatch", text);
	return rescue_finish(st, rc, op, "dispatch", text);
}

/* Ids of incident INC's dispatches (of TEAM when set) that may move to TO. */
static int movable(struct pw_store *st, int64_t inc, const char *team, enum pw_dispatch_stage to,
                   int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT d.id, d.en_route_at, d.on_scene_at, d.cleared_at "
	                                 "FROM dispatches d LEFT JOIN teams t ON t.id = d.team_id "
	                                 "WHERE d.incident_id = ?1 AND (?2 IS NULL OR t.code = ?2) ORDER BY d.id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, inc);
	store_bind_text(s, 2, team && *team ? team : NULL);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!pw_dispatch_stage_allowed(stage_of(s, 1), to))
			continue;
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids, 8);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read dispatches");
}

/* Advance every movable dispatch of INC inside the transaction; WHO lists them. */
static int advance_many(struct pw_store *st, int64_t inc, const char *team, enum pw_dispatch_stage to,
                        const char *op, int64_t now, struct sbuf *who, int *count)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = movable(st, inc, team, to, &ids, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int64_t got = 0;
		rc = advance_one(st, ids[i], to, op, now, &got, who);
	}
	free(ids);
	*count = (int)n;
	return rc;
}

int store_incident_advance_all(struct pw_store *st, int64_t id, const char *team_code,
                               enum pw_dispatch_stage to, const char *op, int64_t now, int *n)
{
	if (to == PW_DSP_DISPATCHED)
		return store_failf(st, "a dispatch can only advance to en_route, on_scene or cleared");
	struct inc_head h = {0};
	int rc = begin_on(st, id, false, &h);
	free(h.ent_code);
	if (rc != 0)
		return rc;
	struct sbuf who;
	sbuf_init(&who);
	int count = 0;
	rc = advance_many(st, id, team_code, to, op, now, &who, &count);
	if (rc == 0 && count == 0) {
		sbuf_free(&who);
		store_rollback(st);
		store_failf(st, "no unit of %s at incident %" PRId64 " can move to %s",
		            team_code && *team_code ? team_code : "any team", id, pw_dispatch_stage_name(to));
		return REFUSED;
	}
	if (n)
		*n = count;
	char *text = xasprintf("incident %" PRId64 ": %d %s %s: %s", id, count,
	                       count == 1 ? "unit" : "units", pw_dispatch_stage_name(to), sbuf_str(&who));
	sbuf_free(&who);
	if (rc == 0)
		rc = log_add(st, id, now, op, "dispatch", text);
	return rescue_finish(st, rc, op, "dispatch", text);
}

/* ---- status and notes ------------------------------------------------- */

int store_incident_set_status(struct pw_store *st, int64_t id, enum pw_incident_status to,
                              const char *op, int64_t now)
{
	struct inc_head h = {0};
	int rc = begin_on(st, id, false, &h);
	free(h.ent_code);
	if (rc != 0)
		return rc;
	if (!pw_incident_status_allowed(h.status, to)) {
		store_rollback(st);
		store_failf(st, "incident %" PRId64 " is %s: it can only move forward (pending, active, "
		            "controlled, closed)", id, pw_incident_status_name(h.status));
		return REFUSED;
	}
	sqlite3_stmt *s = store_stmt(st, "UPDATE incidents SET status = ?2, "
	                                 "closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END "
	                                 "WHERE id = ?1");
	rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, pw_incident_status_name(to));
		sqlite3_bind_int64(s, 3, now);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "update incident");
	}
	struct sbuf t, who;
	sbuf_init(&t);
	sbuf_init(&who);
	sbuf_addf(&t, "incident %" PRId64 " %s -> %s", id, pw_incident_status_name(h.status),
	          pw_incident_status_name(to));
	/* Closing releases every unit still out, so no member stays "on scene" forever. */
	int count = 0;
	if (rc == 0 && to == PW_INC_CLOSED)
		rc = advance_many(st, id, NULL, PW_DSP_CLEARED, op, now, &who, &count);
	if (count > 0)
		sbuf_addf(&t, "; %d %s cleared: %s", count, count == 1 ? "unit" : "units", sbuf_str(&who));
	sbuf_free(&who);
	if (rc == 0)
		rc = log_add(st, id, now, op, "status", sbuf_str(&t));
	return rescue_finish(st, rc, op, "incident", sbuf_steal(&t));
}

int store_incident_note(struct pw_store *st, int64_t id, const char *text, const char *op, int64_t now)
{
	if (text_ok(st, text, true) < 0)
		return REFUSED;
	struct inc_head h = {0};
	int rc = begin_on(st, id, false, &h);
	free(h.ent_code);
	if (rc != 0)
		return rc;
	rc = log_add(st, id, now, op, "note", text);
	return rescue_finish(st, rc, op, "incident", xasprintf("incident %" PRId64 " note: %s", id, text));
}

/* ---- dispatch ---------------------------------------------------------- */

static int insert_dispatch(struct pw_store *st, int64_t inc, int64_t team, int64_t member,
                           const char *op, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO dispatches(incident_id, team_id, member_id, "
	                                 "dispatched_at, operator) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, inc);
	sqlite3_bind_int64(s, 2, team);
	sqlite3_bind_int64(s, 3, member);
	sqlite3_bind_int64(s, 4, now);
	store_bind_text(s, 5, op);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "write dispatch");
	return rescue_member_set(st, member, "dispatched", inc, op, now, false);
}

/* A team's members: the available ones' ids and names, and a count of the others by status. */
struct team_roll {
	int64_t team_id;
	char *team_name;
	int64_t *ids;
	size_t n, cap;
	struct sbuf names, others;
};

static int team_roll_load(struct pw_store *st, const char *code, int64_t now, struct team_roll *r)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, name FROM teams WHERE code = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, code);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->team_id = sqlite3_column_int64(s, 0);
		r->team_name = store_col_strdup(s, 1);
	}
	sqlite3_reset(s);
	if (r->team_id == 0) {
		store_failf(st, "no team %s", code);
		return PW_STORE_NOTFOUND;
	}
	/* The crew on shift: available members rostered at NOW; when none of the
	 * available ones is rostered (or the team keeps no roster), all of them. */
	s = store_stmt(st, "SELECT m.id, m.name FROM members m WHERE m.team_id = ?1 AND m.status = 'available' "
	                   "AND (EXISTS (SELECT 1 FROM roster r WHERE r.member_id = m.id "
	                   "             AND r.starts_at <= ?2 AND r.ends_at > ?2) "
	                   "     OR NOT EXISTS (SELECT 1 FROM roster r JOIN members x ON x.id = r.member_id "
	                   "             WHERE x.team_id = ?1 AND x.status = 'available' "
	                   "             AND r.starts_at <= ?2 AND r.ends_at > ?2)) ORDER BY m.id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->team_id);
	sqlite3_bind_int64(s, 2, now);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 8;
			r->ids = xrealloc(r->ids, r->cap * sizeof *r->ids);
		}
		r->ids[r->n++] = sqlite3_column_int64(s, 0);
		sbuf_addf(&r->names, "%s%s", r->n > 1 ? ", " : "", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "read team members");
	s = store_stmt(st, "SELECT status, count(*) FROM members WHERE team_id = ?1 "
	                   "AND status <> 'available' GROUP BY status ORDER BY status");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->team_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		sbuf_addf(&r->others, "%s%d %s", sbuf_str(&r->others)[0] ? ", " : "",
		          sqlite3_column_int(s, 1), (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "read team members");
}

static void team_roll_free(struct team_roll *r)
{
	free(r->team_name);
	free(r->ids);
	sbuf_free(&r->names);
	sbuf_free(&r->others);
}

int store_incident_dispatch_team(struct pw_store *st, int64_t id, const char *team_code,
                                 const char *op, int64_t now, int *n)
{
	struct inc_head h = {0};
	int rc = begin_on(st, id, true, &h);
	if (rc != 0)
		return rc;
	struct team_roll r = {0};
	sbuf_init(&r.names);
	sbuf_init(&r.others);
	rc = team_roll_load(st, team_code, now, &r);
	if (rc == 0 && r.n == 0) {
		store_failf(st, "team %s has no available member%s%s", team_code,
		            sbuf_str(&r.others)[0] ? ": " : "", sbuf_str(&r.others));
		rc = REFUSED;
	}
	for (size_t i = 0; rc == 0 && i < r.n; i++)
		rc = insert_dispatch(st, id, r.team_id, r.ids[i], op, now);
	char *text = xasprintf("dispatch team %s %s to incident %" PRId64 " (%s): %zu %s: %s", team_code,
	                       r.team_name ? r.team_name : "", id, h.ent_code, r.n,
	                       r.n == 1 ? "member" : "members", sbuf_str(&r.names));
	if (rc == 0)
		rc = log_add(st, id, now, op, "dispatch", text);
	if (rc == 0 && n)
		*n = (int)r.n;
	team_roll_free(&r);
	free(h.ent_code);
	return rescue_finish(st, rc, op, "dispatch", text);
}

int store_incident_dispatch_member(struct pw_store *st, int64_t id, int64_t member_id,
                                   const char *op, int64_t now)
{
	struct inc_head h = {0};
	int rc = begin_on(st, id, true, &h);
	if (rc != 0)
		return rc;
	sqlite3_stmt *s = store_stmt(st, "SELECT m.team_id, m.name, m.status, t.code FROM members m "
	                                 "JOIN teams t ON t.id = m.team_id WHERE m.id = ?1");
	int64_t team = 0;
	char *name = NULL, *status = NULL, *code = NULL;
	rc = s ? 0 : -1;
	if (s) {
		sqlite3_bind_int64(s, 1, member_id);
		int step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			team = sqlite3_column_int64(s, 0);
			name = store_col_strdup(s, 1);
			status = store_col_strdup(s, 2);
			code = store_col_strdup(s, 3);
		} else if (step == SQLITE_DONE) {
			rc = PW_STORE_NOTFOUND;
			store_failf(st, "no member %" PRId64, member_id);
		} else {
			rc = store_fail(st, "read member");
		}
		sqlite3_reset(s);
	}
	if (rc == 0 && strcmp(status, "available") != 0) {
		store_failf(st, "member %" PRId64 " %s (%s) is not available: %s", member_id, name, code, status);
		rc = REFUSED;
	}
	if (rc == 0)
		rc = insert_dispatch(st, id, team, member_id, op, now);
	char *text = xasprintf("dispatch member %" PRId64 " %s (%s) to incident %" PRId64 " (%s)", member_id,
	                       name ? name : "", code ? code : "", id, h.ent_code);
	if (rc == 0)
		rc = log_add(st, id, now, op, "dispatch", text);
	free(name);
	free(status);
	free(code);
	free(h.ent_code);
	return rescue_finish(st, rc, op, "dispatch", text);
}

/* ---- equipment loans ---------------------------------------------------- */

static int insert_loan(struct pw_store *st, int64_t eq, int qty, const char *borrower, int64_t inc,
                       const char *op, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO loans(equipment_id, qty, borrower, enterprise_id, "
	                                 "incident_id, out_at, operator) "
	                                 "SELECT ?1, ?2, ?3, enterprise_id, id, ?5, ?6 FROM incidents WHERE id = ?4");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, eq);
	sqlite3_bind_int(s, 2, qty);
	store_bind_text(s, 3, borrower);
	sqlite3_bind_int64(s, 4, inc);
	sqlite3_bind_int64(s, 5, now);
	store_bind_text(s, 6, op);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "write loan");
}

int store_incident_loan(struct pw_store *st, int64_t id, const char *equipment_code, int qty,
                        const char *borrower, const char *op, int64_t now, int64_t *loan_id)
{
	if (qty < 1)
		return store_failf(st, "the quantity must be at least 1");
	if (borrower && *borrower && text_ok(st, borrower, false) < 0)
		return -1;
	const char *who = borrower && *borrower ? borrower : op;
	struct inc_head h = {0};
	int rc = begin_on(st, id, true, &h);
	if (rc != 0)
		return rc;
	struct rescue_equipment q;
	rc = rescue_equipment_read(st, equipment_code, &q);
	if (rc == 0 && q.avail < qty) {
		store_failf(st, "only %d of %s %s available", q.avail < 0 ? 0 : q.avail, equipment_code, q.name);
		rc = REFUSED;
	}
	if (rc == 0)
		rc = insert_loan(st, q.id, qty, who, id, op, now);
	int64_t lid = sqlite3_last_insert_rowid(st->db);
	char *text = xasprintf("loan %" PRId64 ": %d x %s %s to incident %" PRId64 " (%s), borrower %s", lid, qty,
	                       equipment_code, q.name ? q.name : "", id, h.ent_code, who);
	if (rc == 0)
		rc = log_add(st, id, now, op, "loan", text);
	if (rc == 0 && loan_id)
		*loan_id = lid;
	rescue_equipment_clear(&q);
	free(h.ent_code);
	return rescue_finish(st, rc, op, "loan", text);
}

int store_loan_return(struct pw_store *st, int64_t loan_id, const char *op, int64_t now)
{
	if (store_begin(st, true) < 0)
		return -1;
	sqlite3_stmt *s = store_stmt(st, "SELECT l.qty, q.code, q.name, coalesce(l.incident_id, 0), "
	                                 "l.returned_at IS NOT NULL FROM loans l "
	                                 "JOIN equipment q ON q.id = l.equipment_id WHERE l.id = ?1");
	int rc = s ? 0 : -1, qty = 0, returned = 0;
	int64_t inc = 0;
	char *code = NULL, *name = NULL;
	if (s) {
		sqlite3_bind_int64(s, 1, loan_id);
		int step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			qty = sqlite3_column_int(s, 0);
			code = store_col_strdup(s, 1);
			name = store_col_strdup(s, 2);
			inc = sqlite3_column_int64(s, 3);
			returned = sqlite3_column_int(s, 4);
		} else {
			rc = step == SQLITE_DONE ? PW_STORE_NOTFOUND : store_fail(st, "read loan");
			if (step == SQLITE_DONE)
				store_failf(st, "no loan %" PRId64, loan_id);
		}
		sqlite3_reset(s);
	}
	if (rc == 0 && returned) {
		store_failf(st, "loan %" PRId64 " is already returned", loan_id);
		rc = REFUSED;
	}
	if (rc == 0) {
		s = store_stmt(st, "UPDATE loans SET returned_at = ?2 WHERE id = ?1");
		rc = s ? 0 : -1;
		if (s) {
			sqlite3_bind_int64(s, 1, loan_id);
			sqlite3_bind_int64(s, 2, now);
			rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_fail(st, "update loan");
		}
	}
	char *text = xasprintf("return loan %" PRId64 ": %d x %s %s", loan_id, qty, code ? code : "",
	                       name ? name : "");
	if (rc == 0 && inc > 0)
		rc = log_add(st, inc, now, op, "loan", text);
	free(code);
	free(name);
	return rescue_finish(st, rc, op, "loan", text);
}
