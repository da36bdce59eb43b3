/*
 * seed_rescue.c - the rescue force of the demo park: weather stations, the
 * volunteer squad stationed at the emergency service centre (千喜救援队
 * 开发区中队), the park's professional team, enterprise fire brigades, a
 * duty roster for yesterday, today and tomorrow with one deliberate gap,
 * and the centre's shared equipment store with a few loans.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "seed_private.h"

#define GAP_TEAM "KFQ-ZZ"

static void insert_stations(struct seed *sd)
{
	static const struct {
		const char *code, *name;
		double lat, lon;
	} ws[] = {
		{"WS01", "应急服务中心气象站", SEED_CENTRE_LAT, SEED_CENTRE_LON},
		{"WS02", "苏溪高塔风向标", 29.3712, 120.1268},
		{"WS03", "佛堂风向标", 29.2885, 120.0871},
		{"WS04", "廿三里风向标", 29.3395, 120.1523},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(ws); i++) {
		sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO stations(code, name, lat, lon) VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return;
		store_bind_text(s, 1, ws[i].code);
		store_bind_text(s, 2, ws[i].name);
		sqlite3_bind_double(s, 3, ws[i].lat);
		sqlite3_bind_double(s, 4, ws[i].lon);
		seed_exec(sd, s, "write station");
		sd->counts->stations++;
	}
}

static int64_t insert_team(struct seed *sd, const char *code, const char *name, const char *kind,
                           const char *base, double lat, double lon)
{
	char phone[16];
	seed_phone(sd, phone);
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO teams(code, name, kind, base, phone, lat, lon)"
	                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!s)
		return 0;
	store_bind_text(s, 1, code);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, kind);
	store_bind_text(s, 4, base);
	store_bind_text(s, 5, phone);
	sqlite3_bind_double(s, 6, lat);
	sqlite3_bind_double(s, 7, lon);
	sd->counts->teams++;
	return seed_exec(sd, s, "write team");
}

/* ---- members ------------------------------------------------------------------ */

enum role { R_LEADER, R_DEPUTY, R_DRIVER, R_MEDIC, R_MEMBER };
static const char *const role_names[] = {"队长", "副队长", "驾驶员", "医疗救护", "队员"};

/* Skills; the certificates that go with some of them. */
static const char *const skills[] = {"绳索救援", "水域救援", "危化品处置", "无人机", "破拆", "消防灭火", "通信保障"};

static void member_skills(struct seed *sd, enum role r, char *out, size_t n, char *certs, size_t cn)
{
	int order[PW_ARRAY_LEN(skills)];
	for (size_t i = 0; i < PW_ARRAY_LEN(skills); i++)
		order[i] = (int)i;
	for (int i = (int)PW_ARRAY_LEN(skills) - 1; i > 0; i--) {
		int j = seed_range(sd, 0, i), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	int k = r == R_LEADER || r == R_DEPUTY ? 3 : 2;
	snprintf(out, n, "%s", r == R_MEDIC ? "心肺复苏、医疗急救" : r == R_DRIVER ? "驾驶" : "");
	snprintf(certs, cn, "%s", r <= R_DEPUTY ? "应急救援员（三级）" : "应急救援员（四级）");
	for (int i = 0; i < k; i++) {
		const char *sk = skills[order[i]];
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", len ? "、" : "", sk);
		len = strlen(certs);
		if (strcmp(sk, "无人机") == 0)
			snprintf(certs + len, cn - len, "、民用无人机操控员执照");
		else if (strcmp(sk, "水域救援") == 0)
			snprintf(certs + len, cn - len, "、水域救援技术员证");
	}
	size_t len = strlen(certs);
	if (r == R_MEDIC)
		snprintf(certs + len, cn - len, "、红十字救护员证");
	else if (r == R_DRIVER)
		snprintf(certs + len, cn - len, "、机动车驾驶证（B2）");
}

static int64_t insert_member(struct seed *sd, int64_t team, enum role r, bool off_duty)
{
	char name[16], phone[16], sk[160], certs[200];
	seed_person(sd, name);
	seed_phone(sd, phone);
	member_skills(sd, r, sk, sizeof sk, certs, sizeof certs);
	int64_t since = seed_local(sd, -seed_range(sd, 1, 20), seed_range(sd, 8, 20), 0);
	const char *status = off_duty ? "off_duty" : "available";
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO members(team_id, name, role, skills, certificates, phone, status,"
	                                " status_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, team);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, role_names[r]);
	store_bind_text(s, 4, sk);
	store_bind_text(s, 5, certs);
	store_bind_text(s, 6, phone);
	store_bind_text(s, 7, status);
	sqlite3_bind_int64(s, 8, since);
	int64_t id = seed_exec(sd, s, "write member");
	sd->counts->members++;
	s = seed_stmt(sd, "INSERT INTO member_status(member_id, ts, status, operator) VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return id;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, since);
	store_bind_text(s, 3, status);
	store_bind_text(s, 4, SEED_OP_DUTY1);
	seed_exec(sd, s, "write member status");
	return id;
}

static void insert_shift(struct seed *sd, int64_t member, int64_t from, int64_t to, const char *shift)
{
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO roster(member_id, starts_at, ends_at, shift) VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, member);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	store_bind_text(s, 4, shift);
	seed_exec(sd, s, "write roster");
	sd->counts->roster++;
}

/*
 * A rostered team: GROUPS crews of four (leader, driver, medic, member)
 * taking the six 12-hour shifts of yesterday, today and tomorrow in turn
 * (白班 08:00-20:00, 夜班 20:00-08:00). One member is on leave (off_duty)
 * and not rostered. With GAP, tonight's crew is split 20:00-02:00 and
 * 04:00-08:00, leaving the team uncovered from 02:00 to 04:00.
 */
static void rostered_team(struct seed *sd, int64_t team, int groups, bool gap)
{
	int64_t ids[4][4];
	bool away[4][4] = {{false}};
	static const enum role crew[4] = {R_LEADER, R_DRIVER, R_MEDIC, R_MEMBER};
	for (int slot = 0; slot < 4; slot++)
		for (int g = 0; g < groups; g++) {
			enum role r = slot == 0 && g > 0 ? R_DEPUTY : crew[slot];
			away[g][slot] = slot == 3 && g == groups - 1;
			ids[g][slot] = insert_member(sd, team, r, away[g][slot]);
		}
	for (int k = 0; k < 6; k++) {
		int day = -1 + k / 2;
		bool night = k % 2;
		int g = k % groups;
		int64_t from = seed_local(sd, day, night ? 20 : 8, 0);
		int64_t to = seed_local(sd, day + (night ? 1 : 0), night ? 8 : 20, 0);
		for (int slot = 0; slot < 4; slot++) {
			if (away[g][slot])
				continue;
			if (gap && k == 3) {
				insert_shift(sd, ids[g][slot], from, seed_local(sd, 1, 2, 0), "夜班");
				insert_shift(sd, ids[g][slot], seed_local(sd, 1, 4, 0), to, "夜班");
			} else {
				insert_shift(sd, ids[g][slot], from, to, night ? "夜班" : "白班");
			}
		}
	}
}

/* "义乌市华诚五金制品有限公司" -> "华诚五金制品". */
static void short_name(const char *name, char *out, size_t n)
{
	static const char *const prefixes[] = {"义乌市", "浙江", "金华"};
	for (size_t i = 0; i < PW_ARRAY_LEN(prefixes); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
			name += strlen(prefixes[i]);
			break;
		}
	snprintf(out, n, "%s", name);
	static const char *const suffixes[] = {"股份有限公司", "有限公司"};
	for (size_t i = 0; i < PW_ARRAY_LEN(suffixes); i++) {
		size_t l = strlen(out), k = strlen(suffixes[i]);
		if (l > k && strcmp(out + l - k, suffixes[i]) == 0) {
			out[l - k] = '\0';
			break;
		}
	}
}

static void insert_teams(struct seed *sd)
{
	int64_t qx = insert_team(sd, "QX-KFQ", "千喜救援队开发区中队", "volunteer", "开发区应急服务中心（物流中心）",
	                         SEED_CENTRE_LAT, SEED_CENTRE_LON);
	rostered_team(sd, qx, 4, false);
	int64_t zz = insert_team(sd, GAP_TEAM, "开发区专职应急救援队", "professional", "开发区应急服务中心",
	                         SEED_CENTRE_LAT + 0.0004, SEED_CENTRE_LON + 0.0006);
	rostered_team(sd, zz, 3, true);
	char day[16];
	seed_date(sd, 1, day);
	snprintf(sd->gap_note, sizeof sd->gap_note,
	         "排班提示：开发区专职应急救援队 %s 02:00–04:00 无人值班，请协调补位", day + 5);
	for (int i = 0; i < sd->n_fire; i++) {
		const struct seed_enterprise *e = &sd->fire[i];
		char code[32], name[160], shortn[128];
		short_name(e->name, shortn, sizeof shortn);
		snprintf(code, sizeof code, "EFB-%s", e->code);
		snprintf(name, sizeof name, "%s微型消防站", shortn);
		int64_t t = insert_team(sd, code, name, "enterprise", e->address, e->lat, e->lon);
		insert_member(sd, t, R_LEADER, false);
		insert_member(sd, t, R_DRIVER, false);
		for (int k = seed_range(sd, 3, 5); k > 0; k--)
			insert_member(sd, t, R_MEMBER, false);
	}
}

/* ---- equipment store ---------------------------------------------------------- */

struct equipment_row {
	const char *name, *category;
	int qty, min_qty;
	const char *location, *condition;
	int inspected;         /* days before today */
	int expires;           /* days from today; 0 = no expiry */
};

/* Inspection and expiry dates put a few items past or near their date. */
static const struct equipment_row equipment[] = {
	{"正压式空气呼吸器", "呼吸防护", 12, 8, "器材室A区1号柜", "good", 25, 340},
	{"空气呼吸器备用气瓶（6.8L）", "呼吸防护", 24, 16, "器材室A区2号柜", "good", 25, 20},
	{"长管呼吸器", "呼吸防护", 4, 2, "器材室A区3号柜", "good", 40, 0},
	{"便携式四合一气体检测仪", "气体检测", 10, 6, "器材室B区", "good", 370, -5},
	{"便携式氨气检测仪", "气体检测", 4, 2, "器材室B区", "good", 120, 245},
	{"多旋翼无人机（热成像）", "侦察", 3, 2, "器材室C区无人机柜", "good", 15, 0},
	{"动力皮划艇", "水域救援", 2, 2, "车库1号位", "good", 40, 0},
	{"冲锋舟（含舷外机）", "水域救援", 2, 1, "车库2号位", "maintenance", 60, 0},
	{"救生衣", "水域救援", 40, 30, "器材室D区", "good", 30, 150},
	{"救生圈", "水域救援", 20, 10, "器材室D区", "good", 30, 0},
	{"大流量排水泵", "排涝", 6, 4, "车库3号位", "good", 20, 0},
	{"防汛沙袋", "排涝", 2000, 1000, "室外物资棚", "good", 10, 0},
	{"液压破拆工具组", "破拆", 2, 2, "器材室E区", "good", 45, 0},
	{"救援绳索套装", "绳索救援", 3, 2, "器材室E区", "good", 45, 400},
	{"三脚架救援装置", "有限空间", 2, 1, "器材室E区", "good", 45, 0},
	{"重型防化服", "化学防护", 6, 4, "器材室F区", "good", 60, 25},
	{"轻型防化服", "化学防护", 20, 12, "器材室F区", "good", 60, -10},
	{"堵漏工具组", "堵漏", 2, 1, "器材室F区", "good", 60, 0},
	{"移动式发电机（5kW）", "电力照明", 3, 2, "车库4号位", "good", 10, 0},
	{"移动照明灯组", "电力照明", 4, 2, "车库4号位", "good", 10, 0},
	{"担架", "医疗救护", 6, 4, "器材室G区", "good", 30, 0},
	{"急救包", "医疗救护", 20, 10, "器材室G区", "good", 30, 60},
	{"自动体外除颤器（AED）", "医疗救护", 2, 2, "值班室", "good", 7, 12},
	{"警戒带", "警戒", 50, 20, "器材室H区", "good", 90, 0},
};

static void insert_equipment(struct seed *sd, int64_t ids[])
{
	for (size_t i = 0; i < PW_ARRAY_LEN(equipment); i++) {
		const struct equipment_row *r = &equipment[i];
		char code[16], inspected[16], expires[16];
		snprintf(code, sizeof code, "EQ-%03zu", i + 1);
		seed_date(sd, -r->inspected, inspected);
		seed_date(sd, r->expires, expires);
		sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO equipment(code, name, category, qty, min_qty, location,"
		                                " condition, inspected_date, expires)"
		                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
		if (!s)
			return;
		store_bind_text(s, 1, code);
		store_bind_text(s, 2, r->name);
		store_bind_text(s, 3, r->category);
		sqlite3_bind_int(s, 4, r->qty);
		sqlite3_bind_int(s, 5, r->min_qty);
		store_bind_text(s, 6, r->location);
		store_bind_text(s, 7, r->condition);
		store_bind_text(s, 8, inspected);
		seed_bind_opt_text(s, 9, r->expires ? expires : NULL);
		ids[i] = seed_exec(sd, s, "write equipment");
		sd->counts->equipment++;
	}
}

static void insert_loan(struct seed *sd, int64_t equipment_id, int qty, const char *borrower, int64_t enterprise,
                        int64_t out, int64_t due, int64_t returned, const char *op)
{
	sqlite3_stmt *s = seed_stmt(sd, "INSERT INTO loans(equipment_id, qty, borrower, enterprise_id, out_at, due_at,"
	                                " returned_at, operator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, equipment_id);
	sqlite3_bind_int(s, 2, qty);
	store_bind_text(s, 3, borrower);
	if (enterprise)
		sqlite3_bind_int64(s, 4, enterprise);
	sqlite3_bind_int64(s, 5, out);
	sqlite3_bind_int64(s, 6, due);
	if (returned)
		sqlite3_bind_int64(s, 7, returned);
	store_bind_text(s, 8, op);
	seed_exec(sd, s, "write loan");
	sd->counts->loans++;
}

/* Pumps out and overdue, a detector lent and returned, breathing sets out for training. */
static void insert_loans(struct seed *sd, const int64_t ids[])
{
	const struct seed_enterprise *e = sd->loan;
	char who[160], shortn[128];
	short_name(e->name, shortn, sizeof shortn);
	snprintf(who, sizeof who, "%s（%s）", e->principal, shortn);
	insert_loan(sd, ids[10], 2, who, e->id, seed_local(sd, -3, 10, 30), seed_local(sd, -1, 18, 0), 0, SEED_OP_DUTY1);
	snprintf(who, sizeof who, "%s（%s）", e->safety, shortn);
	insert_loan(sd, ids[3], 1, who, e->id, seed_local(sd, -10, 9, 0), seed_local(sd, -7, 17, 0),
	            seed_local(sd, -8, 16, 20), SEED_OP_DUTY2);
	insert_loan(sd, ids[0], 2, "开发区专职应急救援队（训练）", 0, seed_local(sd, -1, 9, 0), seed_local(sd, 1, 17, 0), 0,
	            SEED_OP_DUTY2);
}

void seed_rescue(struct seed *sd)
{
	int64_t ids[PW_ARRAY_LEN(equipment)] = {0};
	insert_stations(sd);
	insert_teams(sd);
	insert_equipment(sd, ids);
	insert_loans(sd, ids);
}
