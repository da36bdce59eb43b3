/*
 * check.c - `db check`: SQLite's own integrity checks, then the project's
 * invariants that the schema's CHECK constraints cannot express (the duty-log
 * chain, alarm state against its flags, the hazard loop, loans).
 *
 * Each consistency rule is one SELECT that yields one line of text per
 * offending row, so adding a rule is adding a query. Rules only describe
 * states that no parkwatch code path can produce; a hit means a bug, a manual
 * edit or a damaged file.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_duty.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"
#include "store_private.h"

static const char *const consistency_rules[] = {
	/* ISA-18.2 states against the flags they are derived from. */
	"SELECT 'alarms row ' || id || ': state ' || state || ' contradicts active=' || active"
	"       || ' acked=' || acked FROM alarms"
	" WHERE (state = 'unack' AND (active <> 1 OR acked <> 0))"
	"    OR (state = 'ack' AND (active <> 1 OR acked <> 1))"
	"    OR (state = 'rtn_unack' AND (active <> 0 OR acked <> 0))"
	"    OR (state = 'cleared' AND active <> 0) ORDER BY id",
	"SELECT 'alarms row ' || id || ': shelved without '"
	"       || CASE WHEN shelved_until IS NULL THEN 'an expiry' ELSE 'a reason' END"
	"  FROM alarms WHERE state = 'shelved'"
	"   AND (shelved_until IS NULL OR shelve_reason IS NULL OR trim(shelve_reason) = '')"
	" ORDER BY id",
	"SELECT 'alarms row ' || id || ': acknowledged but no record of who or when' FROM alarms"
	" WHERE state = 'ack' AND (acked_by IS NULL OR acked_at IS NULL) ORDER BY id",
	"SELECT 'alarms row ' || id || ': cleared without a clear time' FROM alarms"
	" WHERE state = 'cleared' AND cleared_at IS NULL ORDER BY id",
	"SELECT 'alarms row ' || a.id || ': enterprise differs from its sensor''s enterprise'"
	"  FROM alarms a JOIN sensors s ON s.id = a.sensor_id"
	" WHERE a.enterprise_id <> s.enterprise_id ORDER BY a.id",
	/* The hazard loop: who did what, and closing. */
	"SELECT 'hazards row ' || id || ': verified by the same person who submitted it' FROM hazards"
	" WHERE verified_by IS NOT NULL AND verified_by = submitted_by ORDER BY id",
	"SELECT 'hazards row ' || id || ': status ' || status || ' but never submitted' FROM hazards"
	" WHERE status IN ('submitted', 'verified', 'closed') AND submitted_by IS NULL ORDER BY id",
	"SELECT 'hazards row ' || id || ': status ' || status || ' but no verifier' FROM hazards"
	" WHERE status IN ('verified', 'closed') AND verified_by IS NULL ORDER BY id",
	"SELECT 'hazards row ' || id || ': status ' || status || CASE WHEN status = 'closed'"
	"       THEN ' without a close time' ELSE ' but has a close time' END FROM hazards"
	" WHERE (status = 'closed') <> (closed_at IS NOT NULL) ORDER BY id",
	"SELECT 'hazards row ' || h.id || ': status ' || h.status || ' but its trace ends at '"
	"       || t.to_status FROM hazards h"
	"  JOIN hazard_trace t ON t.id = (SELECT max(id) FROM hazard_trace WHERE hazard_id = h.id)"
	" WHERE t.to_status <> h.status ORDER BY h.id",
	/* Rescue force and equipment store. */
	"SELECT 'members row ' || id || ': unknown status ' || quote(status) FROM members"
	" WHERE status NOT IN ('available', 'dispatched', 'en_route', 'on_scene', 'off_duty')"
	" ORDER BY id",
	"SELECT 'loans row ' || id || ': returned before it went out' FROM loans"
	" WHERE returned_at IS NOT NULL AND returned_at < out_at ORDER BY id",
	"SELECT 'equipment ' || e.code || ': ' || sum(l.qty) || ' on loan but only ' || e.qty"
	"       || ' in stock' FROM equipment e JOIN loans l ON l.equipment_id = e.id"
	" WHERE l.returned_at IS NULL GROUP BY e.id HAVING sum(l.qty) > e.qty ORDER BY e.code",
	"SELECT 'dispatches row ' || id || ': times out of order' FROM dispatches"
	" WHERE en_route_at < dispatched_at OR on_scene_at < coalesce(en_route_at, dispatched_at)"
	"    OR cleared_at < dispatched_at ORDER BY id",
	"SELECT 'incidents row ' || id || ': status ' || status || CASE WHEN status = 'closed'"
	"       THEN ' without a close time' ELSE ' but has a close time' END FROM incidents"
	" WHERE (status = 'closed') <> (closed_at IS NOT NULL) ORDER BY id",
	/* Sensor limits the alarm engine could not apply sensibly. */
	"SELECT 'sensors ' || code || ': l2 ' || l2 || ' is not beyond l1 ' || l1 || ' for a '"
	"       || direction || ' alarm' FROM sensors"
	" WHERE l1 IS NOT NULL AND l2 IS NOT NULL"
	"   AND ((direction = 'high' AND l2 < l1) OR (direction = 'low' AND l2 > l1)) ORDER BY code",
};

/* Print one problem line; data-derived text (codes) is sanitised first. */
static void emit(FILE *out, const char *line)
{
	char *clean = pw_sanitize(line, strlen(line));
	fprintf(out, "%s\n", clean);
	free(clean);
}

/* Run a SELECT whose first column is a problem line; returns lines or -1. */
static int run_rule(struct pw_store *st, const char *sql, FILE *out)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	if (!s)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);
		emit(out, line ? line : "(unnamed problem)");
		n++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? n : store_fail(st, "consistency check");
}

static int check_integrity(struct pw_store *st, FILE *out)
{
	sqlite3_stmt *s = store_stmt(st, "PRAGMA integrity_check");
	if (!s)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(s, 0);
		if (msg && strcmp(msg, "ok") == 0)
			continue;
		char *line = xasprintf("integrity: %s", msg ? msg : "(no message)");
		emit(out, line);
		free(line);
		n++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? n : store_fail(st, "integrity check");
}

static int check_foreign_keys(struct pw_store *st, FILE *out)
{
	sqlite3_stmt *s = store_stmt(st, "PRAGMA foreign_key_check");
	if (!s)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(s, 0);
		const char *parent = (const char *)sqlite3_column_text(s, 2);
		char *line = sqlite3_column_type(s, 1) == SQLITE_NULL
		                     ? xasprintf("foreign key: a %s row refers to a missing %s row",
		                                 table ? table : "?", parent ? parent : "?")
		                     : xasprintf("foreign key: %s row %lld refers to a missing %s row",
		                                 table ? table : "?",
		                                 (long long)sqlite3_column_int64(s, 1),
		                                 parent ? parent : "?");
		emit(out, line);
		free(line);
		n++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? n : store_fail(st, "foreign key check");
}

int store_check(struct pw_store *st, FILE *out)
{
	int problems = check_integrity(st, out);
	if (problems != 0)
		return problems; /* a damaged file: the other checks would read garbage */
	int n = check_foreign_keys(st, out);
	if (n < 0)
		return -1;
	problems += n;

	int have = store_schema_version(st), want = store_schema_latest();
	if (have != want) {
		if (have == 0)
			fprintf(out, "no parkwatch schema in this database (run parkwatch db init)\n");
		else
			fprintf(out, "schema version %d, this parkwatch uses %d (%s)\n", have, want,
			        have < want ? "run parkwatch db migrate" : "written by a newer parkwatch");
		return problems + 1; /* the project checks assume the current schema */
	}

	if ((n = store_duty_report(st, out)) < 0)
		return -1;
	problems += n;
	for (size_t i = 0; i < PW_ARRAY_LEN(consistency_rules); i++) {
		if ((n = run_rule(st, consistency_rules[i], out)) < 0)
			return -1;
		problems += n;
	}
	return problems;
}
