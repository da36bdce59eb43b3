/*
 * alarms.c - the operator's alarm actions: acknowledge (one or many),
 * shelve, unshelve, and taking a sensor out of service. The lists and
 * counts the screens show are in alarm_views.c.
 *
 * Each action is one BEGIN IMMEDIATE transaction holding the state change,
 * its alarm_events row and its duty-log entry, committed with
 * synchronous=FULL: an operator who saw "acknowledged" must find it after a
 * power cut, like every duty-log entry. The ISA-18.2 rules themselves are
 * the core's (pw_alarm_rec_*); this file only loads, asks and writes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_private.h"
#include "parkwatch/store_duty.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* A long "ack all" list in the duty entry is cut here with "and N more". */
#define ACK_LIST_MAX 2500

/* ---- transactions ---- */

static int action_begin(struct pw_store *st)
{
	if (store_exec(st, "PRAGMA synchronous=FULL") < 0)
		return -1;
	if (store_begin(st, true) < 0) {
		struct store_saved_error why;
		store_error_save(st, &why);
		store_exec(st, "PRAGMA synchronous=NORMAL");
		store_error_restore(st, &why);
		return -1;
	}
	return 0;
}

/* Commit when RC is 0, else roll back; keeps the first error message. */
static int action_end(struct pw_store *st, int rc)
{
	if (rc == 0 && store_commit(st) < 0)
		rc = -1;
	struct store_saved_error why;
	if (rc != 0)
		store_error_save(st, &why);
	if (rc != 0 && st->tx_depth > 0)
		store_rollback(st);
	store_exec(st, "PRAGMA synchronous=NORMAL");
	if (rc != 0)
		store_error_restore(st, &why);
	return rc;
}

/*
 * Operator text (comment, reason): valid UTF-8, bounded; control characters
 * removed so no console's terminal can be steered by it. Returns 0, or
 * STORE_ALARM_ILLEGAL with the message.
 */
static int clean_text(struct pw_store *st, const char *what, const char *in, char **out)
{
	*out = NULL;
	if (!in)
		in = "";
	size_t n = strlen(in);
	if (n > STORE_ALARM_COMMENT_MAX) {
		store_failf(st, "%s is longer than %d bytes", what, STORE_ALARM_COMMENT_MAX);
		return STORE_ALARM_ILLEGAL;
	}
	if (!pw_utf8_valid(in, n)) {
		store_failf(st, "%s is not valid UTF-8", what);
		return STORE_ALARM_ILLEGAL;
	}
	*out = pw_sanitize(in, n);
	return 0;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

/* A refusal from the record state machine as the operator reads it. */
static int refused(struct pw_store *st, int64_t id, const char *why)
{
	if (strncmp(why, "alarm ", 6) == 0)
		store_failf(st, "alarm %lld %s", (long long)id, why + 6);
	else
		store_failf(st, "alarm %lld: %s", (long long)id, why);
	return STORE_ALARM_ILLEGAL;
}

static int load_row(struct pw_store *st, int64_t id, struct store_alarm_row *r)
{
	int rc = store_alarm_row_load(st, id, r);
	if (rc == PW_STORE_NOTFOUND)
		store_failf(st, "no alarm %lld", (long long)id);
	return rc;
}

static void put_state(const struct store_alarm_row *r, char new_state[STORE_ALARM_STATE_SZ])
{
	if (new_state)
		snprintf(new_state, STORE_ALARM_STATE_SZ, "%s",
		         pw_alarm_state_name(pw_alarm_rec_state(&r->rec)));
}

/* ---- acknowledge ---- */

/* Ack one loaded row inside the open transaction (no duty entry). */
static int ack_row(struct pw_store *st, struct store_alarm_row *r, const char *op, const char *comment,
                   int64_t now)
{
	sqlite3_stmt *u = store_stmt(st, "UPDATE alarms SET acked_by = ?2, acked_at = ?3, ack_comment = ?4"
	                                 " WHERE id = ?1");
	if (!u)
		return -1;
	sqlite3_bind_int64(u, 1, r->id);
	sqlite3_bind_text(u, 2, op, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u, 3, now);
	store_bind_text(u, 4, *comment ? comment : NULL);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	if (rc != SQLITE_DONE)
		return store_fail(st, "acknowledge alarm");
	if (store_alarm_row_save_rec(st, r, now) < 0)
		return -1;
	return store_alarm_event_add(st, r->id, now, "ack", op, false, 0, comment);
}

int store_alarm_ack(struct pw_store *st, int64_t id, const char *operator_name, const char *comment,
                    char new_state[STORE_ALARM_STATE_SZ])
{
	char *text;
	int bad = clean_text(st, "comment", comment, &text);
	if (bad)
		return bad;
	if (action_begin(st) < 0) {
		free(text);
		return -1;
	}
	struct store_alarm_row r;
	const char *why;
	int64_t now = pw_now_ms();
	int rc = load_row(st, id, &r);
	if (rc == 0 && pw_alarm_rec_ack(&r.rec, &why) < 0)
		rc = refused(st, id, why);
	if (rc == 0)
		rc = ack_row(st, &r, operator_name, text, now);
	if (rc == 0) {
		char *duty = *text ? xasprintf("ack alarm %s: %s", r.label, text)
		                   : xasprintf("ack alarm %s", r.label);
		rc = store_duty_append(st, operator_name, "alarm", duty, false, NULL);
		free(duty);
	}
	rc = action_end(st, rc);
	if (rc == 0)
		put_state(&r, new_state);
	free(text);
	return rc;
}

/* "ack 3 alarms: 12 (...), 15 (...): comment", the list cut at ACK_LIST_MAX. */
static char *ack_many_text(const struct sbuf *list, size_t acked, size_t listed, const char *comment)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "ack %zu alarms: %s", acked, sbuf_str(list));
	if (listed < acked)
		sbuf_addf(&b, " and %zu more", acked - listed);
	if (*comment)
		sbuf_addf(&b, ": %s", comment);
	return sbuf_steal(&b);
}

int store_alarm_ack_many(struct pw_store *st, const int64_t *ids, size_t n,
                         const char *operator_name, const char *comment, size_t *acked)
{
	char *text;
	size_t done = 0, listed = 0;
	if (acked)
		*acked = 0;
	int bad = clean_text(st, "comment", comment, &text);
	if (bad)
		return bad;
	if (action_begin(st) < 0) {
		free(text);
		return -1;
	}
	struct sbuf list;
	sbuf_init(&list);
	struct store_alarm_row r, first;
	int64_t now = pw_now_ms();
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = store_alarm_row_load(st, ids[i], &r);
		if (rc == PW_STORE_NOTFOUND || (rc == 0 && pw_alarm_rec_ack(&r.rec, NULL) < 0)) {
			rc = 0; /* gone or acknowledged elsewhere meanwhile: not an error */
			continue;
		}
		if (rc == 0)
			rc = ack_row(st, &r, operator_name, text, now);
		if (rc == 0 && done++ == 0)
			first = r;
		if (rc == 0 && list.len < ACK_LIST_MAX) {
			sbuf_addf(&list, "%s%s", listed ? ", " : "", r.label);
			listed++;
		}
	}
	if (rc == 0 && done > 0) {
		char *duty = done == 1 ? (*text ? xasprintf("ack alarm %s: %s", first.label, text)
		                                : xasprintf("ack alarm %s", first.label))
		                       : ack_many_text(&list, done, listed, text);
		rc = store_duty_append(st, operator_name, "alarm", duty, false, NULL);
		free(duty);
	}
	rc = action_end(st, rc);
	if (rc == 0 && acked)
		*acked = done;
	sbuf_free(&list);
	free(text);
	return rc;
}

/* ---- shelve ---- */

static int shelve_row(struct pw_store *st, struct store_alarm_row *r, int minutes, const char *reason,
                      const char *op, int64_t now)
{
	/* Reason first: the row's CHECK wants it present once the state says shelved. */
	sqlite3_stmt *u = store_stmt(st, "UPDATE alarms SET shelved_by = ?2, shelve_reason = ?3 WHERE id = ?1");
	if (!u)
		return -1;
	sqlite3_bind_int64(u, 1, r->id);
	sqlite3_bind_text(u, 2, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, reason, -1, SQLITE_STATIC);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	if (rc != SQLITE_DONE)
		return store_fail(st, "shelve alarm");
	char *comment = xasprintf("%d min: %s", minutes, reason);
	rc = store_alarm_row_save_rec(st, r, now);
	if (rc == 0)
		rc = store_alarm_event_add(st, r->id, now, "shelve", op, false, 0, comment);
	free(comment);
	if (rc == 0) {
		char until[PW_TIME_BUFSZ];
		char *duty = xasprintf("shelve alarm %s for %d min until %s: %s", r->label, minutes,
		                       pw_time_short(until, r->rec.shelved_until), reason);
		rc = store_duty_append(st, op, "alarm", duty, false, NULL);
		free(duty);
	}
	return rc;
}

int store_alarm_shelve(struct pw_store *st, int64_t id, int minutes, const char *reason,
                       const char *operator_name, int64_t now_ms,
                       char new_state[STORE_ALARM_STATE_SZ])
{
	if (minutes < 1 || minutes > STORE_ALARM_SHELVE_MAX_MIN) {
		store_failf(st, "shelve time must be 1 to %d minutes", STORE_ALARM_SHELVE_MAX_MIN);
		return STORE_ALARM_ILLEGAL;
	}
	char *text;
	int bad = clean_text(st, "reason", reason, &text);
	if (bad)
		return bad;
	if (blank(text)) {
		free(text);
		store_failf(st, "shelving needs a reason");
		return STORE_ALARM_ILLEGAL;
	}
	if (action_begin(st) < 0) {
		free(text);
		return -1;
	}
	struct store_alarm_row r;
	const char *why;
	int rc = load_row(st, id, &r);
	if (rc == 0 && pw_alarm_rec_shelve(&r.rec, now_ms, now_ms + (int64_t)minutes * 60000, text, &why) < 0)
		rc = refused(st, id, why);
	if (rc == 0)
		rc = shelve_row(st, &r, minutes, text, operator_name, now_ms);
	rc = action_end(st, rc);
	if (rc == 0)
		put_state(&r, new_state);
	free(text);
	return rc;
}

int store_alarm_unshelve(struct pw_store *st, int64_t id, const char *operator_name,
                         char new_state[STORE_ALARM_STATE_SZ])
{
	if (action_begin(st) < 0)
		return -1;
	struct store_alarm_row r;
	const char *why;
	int64_t now = pw_now_ms();
	int rc = load_row(st, id, &r);
	if (rc == 0 && pw_alarm_rec_unshelve(&r.rec, &why) < 0)
		rc = refused(st, id, why);
	if (rc == 0)
		rc = store_alarm_row_save_rec(st, &r, now);
	if (rc == 0)
		rc = store_alarm_event_add(st, r.id, now, "unshelve", operator_name, false, 0, NULL);
	if (rc == 0) {
		char *duty = xasprintf("unshelve alarm %s: now %s", r.label,
		                       pw_alarm_state_name(pw_alarm_rec_state(&r.rec)));
		rc = store_duty_append(st, operator_name, "alarm", duty, false, NULL);
		free(duty);
	}
	rc = action_end(st, rc);
	if (rc == 0)
		put_state(&r, new_state);
	return rc;
}

/* ---- in service ---- */

static int set_service_row(struct pw_store *st, struct store_sensor_ctx *s, bool in_service, int64_t now)
{
	struct store_ingest_result res;
	memset(&res, 0, sizeof res);
	if (!in_service) {
		/* Nothing may stay annunciated for a sensor nobody watches. */
		struct pw_alarm_action acts[PW_ALARM_MAX_ACTIONS];
		int n = pw_alarm_remove_from_service(&s->def, &s->ev, now, acts, PW_ARRAY_LEN(acts));
		if (n > 0 && store_alarm_apply_actions(st, s, acts, n, now, &res) < 0)
			return -1;
	}
	sqlite3_stmt *u = store_stmt(st, "UPDATE sensors SET in_service = ?2 WHERE id = ?1");
	if (!u)
		return -1;
	sqlite3_bind_int64(u, 1, s->id);
	sqlite3_bind_int(u, 2, in_service);
	int rc = sqlite3_step(u);
	sqlite3_reset(u);
	if (rc != SQLITE_DONE)
		return store_fail(st, "set sensor service");
	s->def.in_service = in_service;
	return store_sensor_ctx_save(st, s);
}

int store_sensor_set_in_service(struct pw_store *st, const char *sensor_code, bool in_service,
                                const char *operator_name, const char *reason)
{
	char *text;
	int bad = clean_text(st, "reason", reason, &text);
	if (bad)
		return bad;
	if (!in_service && blank(text)) {
		free(text);
		store_failf(st, "taking a sensor out of service needs a reason");
		return STORE_ALARM_ILLEGAL;
	}
	if (action_begin(st) < 0) {
		free(text);
		return -1;
	}
	struct store_sensor_ctx s;
	int rc = store_sensor_ctx_load(st, sensor_code, 0, &s);
	if (rc == PW_STORE_NOTFOUND)
		store_failf(st, "no sensor %s", sensor_code);
	bool loaded = rc == 0;
	if (rc == 0 && s.def.in_service != in_service) {
		rc = set_service_row(st, &s, in_service, pw_now_ms());
		if (rc == 0) {
			char *duty = in_service ? xasprintf("sensor %s back in service%s%s", s.code,
			                                    *text ? ": " : "", text)
			                        : xasprintf("sensor %s out of service: %s", s.code, text);
			rc = store_duty_append(st, operator_name, "alarm", duty, false, NULL);
			free(duty);
		}
	}
	rc = action_end(st, rc);
	if (loaded)
		store_sensor_ctx_clear(&s);
	free(text);
	return rc;
}
