/*
 * seed_ops.c - the demo park's daily supervision: operators, grid workers'
 * and third parties' inspections, hidden hazards in every state of their
 * loop with a trace row per move, and the duty-log entries of the seeding.
 *
 * Hazard timelines are built backwards from day0 so every move has already
 * happened; deadlines fall where they fall, which makes some open hazards
 * overdue. The first eight hazards are forced into each status (and two of
 * them major) so even a small park shows the whole loop.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_private.h"

static const char *const third_parties[] = {
	"义乌市安衡安全技术服务有限公司", "浙江正信安全评价咨询有限公司", "金华市安泰安全科技有限公司", NULL,
};

void seed_operators(struct seed *sd)
{
	static const struct {
		const char *name, *display, *role;
	} ops[] = {
		{SEED_OP_DUTY1, "张伟", "duty"},
		{SEED_OP_DUTY2, "李明", "duty"},
		{SEED_OP_SUPERVISOR, "王芳", "supervisor"},
		{"admin", "系统管理员", "admin"},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(ops); i++) {
		sqlite3_stmt *s = seed_stmt(sd, "INSERT OR IGNORE INTO operators(name, display, role, created_at)"
		                                " VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return;
		store_bind_text(s, 1, ops[i].name);
		store_bind_text(s, 2, ops[i].display);
		store_bind_text(s, 3, ops[i].role);
		sqlite3_bind_int64(s, 4, seed_local(sd, -400, 9, 0));
		seed_exec(sd, s, "write operator");
	}
}

/* One grid worker per grid of every zone, named once so they recur. */
void seed_ops_init(struct seed *sd)
{
	sd->grid_workers = xcalloc(seed_n_zones * SEED_MAX_GRIDS, sizeof(char *));
	for (size_t z = 0; z < seed_n_zones; z++)
		for (int g = 0; g < seed_zones[z].grids; g++) {
			char name[16];
			seed_person(sd, name);
			sd->grid_workers[z * SEED_MAX_GRIDS + (size_t)g] = xstrdup(name);
		}
}

void seed_ops_free(struct seed *sd)
{
	if (!sd->grid_workers)
		return;
	for (size_t i = 0; i < seed_n_zones * SEED_MAX_GRIDS; i++)
		free(sd->grid_workers[i]);
	free(sd->grid_workers);
	sd->grid_workers = NULL;
}

static const char *grid_worker(const struct seed *sd, const struct seed_enterprise *e)
{
	return sd->grid_workers[(size_t)e->zone * SEED_MAX_GRIDS + (size_t)e->grid];
}

/* ---- inspections ---------------------------------------------------------------- */

static void inspection_items(const struct seed_enterprise *e, char *out, size_t n)
{
	static const char *const per_place[SP_COUNT] = {
		"氨制冷系统", "粉尘清扫与除尘系统", "喷涂作业场所", "危化品储存", "有限空间管理", "锂电池储存",
	};
	snprintf(out, n, "消防设施、安全出口、用电安全");
	for (int p = 0; p < SP_COUNT; p++)
		if (e->places & (1u << p)) {
			size_t k = strlen(out);
			snprintf(out + k, n - k, "、%s", per_place[p]);
		}
}

/* Insert one visit; THIRD chooses a third-party firm over the grid worker. */
static int64_t insert_inspection(struct seed *sd, const struct seed_enterprise *e, bool third, int64_t ts,
                                 const char *inspector, const char *findings)
{
	char org[96], items[256], who[16];
	const char *org_kind = third ? "third_party" : "grid";
	if (third) {
		snprintf(org, sizeof org, "%s", seed_pick(sd, third_parties));
	} else {
		snprintf(org, sizeof org, "%s第%d网格", seed_zones[e->zone].name, e->grid + 1);
	}
	if (!inspector) {
		if (third)
			seed_person(sd, who);
		else
			snprintf(who, sizeof who, "%s", grid_worker(sd, e));
		inspector = who;
	}
	inspection_items(e, items, sizeof items);
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO inspections(enterprise_id, inspector, org, org_kind, ts, items,"
	                                " findings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, e->id);
	store_bind_text(s, 2, inspector);
	store_bind_text(s, 3, org);
	store_bind_text(s, 4, org_kind);
	sqlite3_bind_int64(s, 5, ts);
	store_bind_text(s, 6, items);
	store_bind_text(s, 7, findings);
	sd->counts->inspections++;
	return seed_exec(sd, s, "write inspection");
}

/*
 * Visits of the last 90 days: most enterprises had one within 30 days, about
 * 12 % only longer ago (stale) and 3 % none at all.
 */
static void seed_inspections(struct seed *sd, const struct seed_enterprise *e)
{
	double u = seed_unit(sd);
	if (u < 0.03)
		return;
	bool stale = u < 0.15;
	int n = stale ? seed_range(sd, 1, 2) : seed_range(sd, 1, 4);
	for (int i = 0; i < n; i++) {
		int age = stale ? seed_range(sd, 31, 90) : i == 0 ? seed_range(sd, 1, 29) : seed_range(sd, 1, 90);
		int64_t ts = seed_local(sd, -age, seed_range(sd, 9, 16), seed_range(sd, 0, 59));
		bool third = seed_chance(sd, 0.3);
		const char *findings = seed_chance(sd, 0.8) ? "未发现问题"
		                                            : "发现一般问题已当场督促整改完毕";
		insert_inspection(sd, e, third, ts, NULL, findings);
	}
}

/* ---- hazards -------------------------------------------------------------------- */

static const char *const status_names[] = {"reported", "assigned", "rectifying", "submitted", "verified", "closed"};
static const int status_weights[] = {10, 10, 18, 10, 12, 40};
static const char *const source_names[] = {"grid", "third_party", "self_check", "enforcement", "operator"};
static const int source_weights[] = {40, 20, 15, 10, 15};

struct hazard_plan {
	int status;             /* index into status_names */
	bool major, rejected, force_overdue;
	int source;
	const char *text;
	const char *location;
	char reporter[16], verifier[16];
	int64_t reported_at;
	char deadline[16];
	int64_t moves[10];      /* time of each move after the report */
	int n_moves;
};

static void hazard_text(struct seed *sd, const struct seed_enterprise *e, struct hazard_plan *h)
{
	int cats[SP_COUNT], n = 0;
	for (int p = 0; p < SP_COUNT; p++)
		if (e->places & (1u << p))
			cats[n++] = p;
	if (n > 0 && seed_chance(sd, 0.7)) {
		int c = cats[seed_range(sd, 0, n - 1)];
		h->text = h->major ? seed_hazard_major[c][seed_range(sd, 0, 1)] : seed_hazard_general[c][seed_range(sd, 0, 3)];
		h->location = seed_place_codes[c];
	} else {
		h->text = h->major ? "特种作业人员未持证上岗作业" : seed_pick(sd, seed_hazard_common);
		h->location = NULL;
	}
}

/* OVERDUE forces an open general hazard past its deadline (see seed_hazards). */
static void plan_hazard(struct seed *sd, const struct seed_enterprise *e, struct hazard_plan *h, bool overdue)
{
	int idx = sd->hazard_seq++;
	memset(h, 0, sizeof *h);
	if (idx < 6) {
		h->status = idx;
	} else if (idx < 8) {
		h->status = idx == 6 ? 2 : 5;
		h->major = true;
		h->force_overdue = idx == 6;
	} else if (overdue) {
		h->status = 2;
		h->force_overdue = true;
	} else {
		h->status = seed_weighted(sd, status_weights, 6);
		h->major = seed_chance(sd, 0.07);
	}
	h->source = seed_weighted(sd, source_weights, 5);
	hazard_text(sd, e, h);
	h->rejected = h->status >= 3 && seed_chance(sd, 0.15);
	h->n_moves = h->status + (h->rejected ? 2 : 0);
	/* Open hazards are recent (a third or so end up overdue); finished ones older. */
	int back = seed_range(sd, 3 * h->n_moves + 1, 3 * h->n_moves + (h->status >= 4 ? 75 : 25));
	h->reported_at = seed_local(sd, -back, seed_range(sd, 8, 17), seed_range(sd, 0, 59));
	int64_t t = h->reported_at;
	/* Steps under 71 h: report (before 18:00, 3n+1 days back) + n steps ends before today. */
	for (int i = 0; i < h->n_moves; i++) {
		t += SEED_HOUR_MS * seed_range(sd, 4, 70) + SEED_MIN_MS * seed_range(sd, 0, 59);
		h->moves[i] = t;
	}
	int days = h->major ? seed_range(sd, 30, 90) : seed_range(sd, 10, 45);
	seed_date(sd, h->force_overdue ? -seed_range(sd, 1, 10) : -back + days, h->deadline);
}

/* Who reported it, by source; the verifier is never the submitter (the safety officer). */
static void hazard_people(struct seed *sd, const struct seed_enterprise *e, struct hazard_plan *h)
{
	switch (h->source) {
	case 0: snprintf(h->reporter, sizeof h->reporter, "%s", grid_worker(sd, e)); break;
	case 2: snprintf(h->reporter, sizeof h->reporter, "%s", e->safety); break;
	case 4: snprintf(h->reporter, sizeof h->reporter, "%s", SEED_OP_DUTY1); break;
	default: seed_person(sd, h->reporter); break;
	}
	const char *v = grid_worker(sd, e);
	snprintf(h->verifier, sizeof h->verifier, "%s", strcmp(v, e->safety) ? v : SEED_OP_SUPERVISOR);
}

static void insert_trace(struct seed *sd, int64_t hid, int64_t ts, const char *op, const char *from,
                         const char *to, const char *note)
{
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO hazard_trace(hazard_id, ts, operator, from_status, to_status, note)"
	                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, hid);
	sqlite3_bind_int64(s, 2, ts);
	store_bind_text(s, 3, op);
	store_bind_text(s, 4, from);
	store_bind_text(s, 5, to);
	store_bind_text(s, 6, note);
	seed_exec(sd, s, "write hazard trace");
}

/* The trace: one row per move, a rejection (submitted -> rectifying -> submitted) when planned. */
static void hazard_trace(struct seed *sd, int64_t hid, const struct seed_enterprise *e, const struct hazard_plan *h)
{
	char note[160];
	insert_trace(sd, hid, h->reported_at, h->reporter, NULL, "reported", "发现并上报隐患");
	int m = 0;
	for (int st = 1; st <= h->status; st++) {
		const char *from = status_names[st - 1], *to = status_names[st];
		if (st == 4 && h->rejected) {
			insert_trace(sd, hid, h->moves[m++], h->verifier, "submitted", "rectifying",
			             "复核未通过：整改不到位，退回重新整改");
			insert_trace(sd, hid, h->moves[m++], e->safety, "rectifying", "submitted", "重新整改完成，再次提交复核");
		}
		switch (st) {
		case 1:
			snprintf(note, sizeof note, "指派%s负责整改，期限%s", e->safety, h->deadline);
			insert_trace(sd, hid, h->moves[m++], SEED_OP_DUTY2, from, to, note);
			break;
		case 2: insert_trace(sd, hid, h->moves[m++], e->safety, from, to, "企业开始整改"); break;
		case 3: insert_trace(sd, hid, h->moves[m++], e->safety, from, to, "整改完成，提交复核"); break;
		case 4: insert_trace(sd, hid, h->moves[m++], h->verifier, from, to, "现场复核通过"); break;
		case 5: insert_trace(sd, hid, h->moves[m++], SEED_OP_DUTY1, from, to, "隐患销号"); break;
		}
	}
}

static void insert_hazard(struct seed *sd, const struct seed_enterprise *e, const struct hazard_plan *h,
                          int64_t inspection_id)
{
	sqlite3_stmt *s = seed_stmt(
		sd, "INSERT INTO hazards(enterprise_id, grade, status, source, description, location, reported_by,"
		    " reported_at, assignee, deadline, measures, funds, responsible, contingency, submitted_by,"
		    " verified_by, closed_at, inspection_id, updated_at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
	if (!s)
		return;
	int64_t last = h->n_moves ? h->moves[h->n_moves - 1] : h->reported_at;
	char funds[64];
	snprintf(funds, sizeof funds, "预计%d万元，企业自筹", seed_range(sd, 2, 60));
	sqlite3_bind_int64(s, 1, e->id);
	store_bind_text(s, 2, h->major ? "major" : "general");
	store_bind_text(s, 3, status_names[h->status]);
	store_bind_text(s, 4, source_names[h->source]);
	store_bind_text(s, 5, h->text);
	store_bind_text(s, 6, h->location ? h->location : "厂区");
	store_bind_text(s, 7, h->reporter);
	sqlite3_bind_int64(s, 8, h->reported_at);
	seed_bind_opt_text(s, 9, h->status >= 1 ? e->safety : NULL);
	store_bind_text(s, 10, h->deadline);
	if (h->major || h->status >= 2)
		store_bind_text(s, 11, h->major ? "停用相关设施，委托专业单位制定并实施治理方案" : "按要求立即整改");
	if (h->major) {
		store_bind_text(s, 12, funds);
		store_bind_text(s, 13, e->principal);
		store_bind_text(s, 14, "治理期间设置警戒区，落实专人监护，备妥应急物资");
	}
	seed_bind_opt_text(s, 15, h->status >= 3 ? e->safety : NULL);
	seed_bind_opt_text(s, 16, h->status >= 4 ? h->verifier : NULL);
	if (h->status == 5)
		sqlite3_bind_int64(s, 17, last);
	if (inspection_id)
		sqlite3_bind_int64(s, 18, inspection_id);
	sqlite3_bind_int64(s, 19, last);
	int64_t hid = seed_exec(sd, s, "write hazard");
	sd->counts->hazards++;
	if (hid)
		hazard_trace(sd, hid, e, h);
}

/*
 * How many hazards an enterprise has: Poisson, more where there is more to
 * find (each key place, a major hazard source), as inspections find them.
 */
static int hazard_count(struct seed *sd, const struct seed_enterprise *e)
{
	double lambda = 0.15 + (e->qq >= 1 ? 1.0 : 0);
	for (int p = 0; p < SP_COUNT; p++)
		if (e->places & (1u << p))
			lambda += 0.4;
	double limit = exp(-lambda), prod = 1;
	int k = 0;
	while (k < 4 && (prod *= seed_unit(sd)) > limit)
		k++;
	return k;
}

/*
 * A major hazard source's first hazard is an overdue rectification: the
 * demo then has the orange enterprises (large risk) that a real park has,
 * since the risk model needs more than the inherent facts for orange.
 */
static void seed_hazards(struct seed *sd, const struct seed_enterprise *e)
{
	int n = hazard_count(sd, e);
	bool major_source = e->qq >= 1;
	if (n == 0 && (sd->hazard_seq < 8 || major_source))
		n = 1;
	for (int i = 0; i < n && !sd->failed; i++) {
		struct hazard_plan h;
		plan_hazard(sd, e, &h, major_source && i == 0);
		hazard_people(sd, e, &h);
		int64_t insp = 0;
		/* Found on a visit: the visit is on record with the hazard as its finding. */
		if (h.source == 0 || h.source == 1)
			insp = insert_inspection(sd, e, h.source == 1, h.reported_at, h.reporter, h.text);
		insert_hazard(sd, e, &h, insp);
	}
}

void seed_enterprise_ops(struct seed *sd, const struct seed_enterprise *e)
{
	seed_inspections(sd, e);
	seed_hazards(sd, e);
}

/* ---- duty log ------------------------------------------------------------------- */

static int64_t count_with_day(struct seed *sd, const char *sql, const char *day)
{
	sqlite3_stmt *s = seed_stmt(sd, sql);
	if (!s)
		return 0;
	store_bind_text(s, 1, day);
	int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return n;
}

static void duty(struct seed *sd, const char *category, const char *text)
{
	if (sd->failed)
		return;
	const char *op = sd->opt->operator_name && *sd->opt->operator_name ? sd->opt->operator_name : "seed";
	if (store_duty_append(sd->st, op, category, text, false, NULL) < 0)
		sd->failed = true;
	else
		sd->counts->duty++;
}

/*
 * What the seeding did, in the duty log: these entries carry the real time
 * (the log is a record of events), so they are the one part of a seeded
 * database that differs between two runs.
 */
void seed_duty(struct seed *sd)
{
	char day[16], text[512];
	seed_date(sd, 0, day);
	snprintf(text, sizeof text, "载入演示园区数据：%d 家企业（种子 %llu，参照日 %s）", sd->opt->enterprises,
	         (unsigned long long)sd->opt->seed, day);
	duty(sd, "system", text);
	int64_t sources = count_with_day(
		sd, "SELECT count(*) FROM (SELECT enterprise_id FROM chemicals WHERE threshold_t > 0 AND ?1 IS NOT NULL"
		    " GROUP BY enterprise_id HAVING sum(quantity_t / threshold_t) >= 1)", day);
	int64_t red = count_with_day(sd, "SELECT count(*) FROM enterprises WHERE risk = 'red' AND ?1 IS NOT NULL", day);
	int64_t overdue = count_with_day(sd, "SELECT count(*) FROM hazards WHERE status NOT IN ('verified', 'closed')"
	                                     " AND deadline < ?1", day);
	int64_t expired = count_with_day(sd, "SELECT count(*) FROM certificates WHERE expires < ?1", day);
	snprintf(text, sizeof text,
	         "园区概况：重大危险源企业 %lld 家，红色风险企业 %lld 家，逾期未整改隐患 %lld 条，"
	         "过期特种作业操作证 %lld 本",
	         (long long)sources, (long long)red, (long long)overdue, (long long)expired);
	duty(sd, "note", text);
	if (sd->gap_note[0])
		duty(sd, "note", sd->gap_note);
}
