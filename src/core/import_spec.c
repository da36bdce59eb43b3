/*
 * import_spec.c - the importable tables' columns and the per-row checks
 * that need nothing but the row (see import.h and docs/import.md).
 *
 * Column names and order follow `query TABLE` (src/store/query.c) so that
 * what query prints loads back; computed columns are listed as IGNORED so
 * such a file is accepted whole.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/hazard.h"
#include "parkwatch/import.h"
#include "parkwatch/payload.h"
#include "parkwatch/util.h"

/* Longest field accepted, in bytes (a findings text, a description). */
#define IMP_FIELD_MAX (64u * 1024u)

static const char *const colours[] = {"red", "orange", "yellow", "blue", NULL};
static const char *const sizes[] = {"micro", "small", "medium", "large", NULL};
static const char *const sensor_kinds[] = {"nh3", "lel", "o2", "co", "h2s", "smoke", "flame",
                                           "camera", "temp", "other", NULL};
static const char *const directions[] = {"high", "low", NULL};
static const char *const team_kinds[] = {"volunteer", "professional", "enterprise", "fire", NULL};
static const char *const member_statuses[] = {"available", "dispatched", "en_route", "on_scene",
                                              "off_duty", NULL};
static const char *const conditions[] = {"good", "maintenance", "damaged", NULL};
static const char *const org_kinds[] = {"grid", "third_party", "enforcement", "self", NULL};
/* key_places.category's CHECK in enum pw_place order (risk.h); test_import holds them equal. */
static const char *const place_categories[] = {"ammonia", "dust", "spray", "hazchem",
                                               "confined", "lithium", NULL};

#define BIG 1e300
#define TXT(n, req) {n, PW_IMP_TEXT, req, NULL, 0, 0, false}
#define INT(n, req, lo, hi) {n, PW_IMP_INT, req, NULL, lo, hi, false}
#define REAL(n, req, lo, hi) {n, PW_IMP_REAL, req, NULL, lo, hi, false}
#define POS(n, req) {n, PW_IMP_REAL, req, NULL, 0, BIG, true}
#define TIME(n, req) {n, PW_IMP_TIME, req, NULL, 0, 0, false}
#define DATE(n, req) {n, PW_IMP_DATE, req, NULL, 0, 0, false}
#define ENUM(n, req, v) {n, PW_IMP_ENUM, req, v, 0, 0, false}
#define IGN(n, v) {n, PW_IMP_IGNORED, false, v, 0, 0, false}
#define LAT(n) REAL(n, false, -90, 90)
#define LON(n) REAL(n, false, -180, 180)
/* Ids: positive and exact in a double, so JSON readers agree. */
#define ID(n) INT(n, false, 1, 9007199254740991.0)

static const struct pw_imp_column enterprises_cols[] = {
	TXT("code", true), TXT("name", true), TXT("industry", true), TXT("zone", true),
	TXT("principal", false), TXT("phone", false), IGN("risk", colours), IGN("risk_score", NULL),
	TXT("grid", false), TXT("address", false), TXT("safety_officer", false),
	TXT("safety_phone", false), TXT("ownership", false), ENUM("size", false, sizes),
	INT("employees", false, 0, 10000000), LAT("lat"), LON("lon"), TIME("created_at", false),
	TIME("updated_at", false),
};

static const struct pw_imp_column key_places_cols[] = {
	TXT("enterprise_code", true), ENUM("category", true, place_categories), TXT("name", true),
	TXT("location", false), LAT("lat"), LON("lon"),
};

static const struct pw_imp_column sensors_cols[] = {
	TXT("code", true), TXT("enterprise_code", true), ENUM("kind", true, sensor_kinds),
	TXT("unit", false), REAL("l1", false, -BIG, BIG), REAL("l2", false, -BIG, BIG),
	ENUM("direction", false, directions), IGN("last_value", NULL), IGN("last_ts", NULL),
	IGN("state", NULL), REAL("opposite_l1", false, -BIG, BIG), REAL("deadband", false, 0, BIG),
	INT("on_delay_s", false, 0, 86400), INT("comm_timeout_s", false, 0, 31536000),
	TXT("location", false), LAT("lat"), LON("lon"), INT("in_service", false, 0, 1),
	IGN("online", NULL), TXT("key_place", false),
};

static const struct pw_imp_column chemicals_cols[] = {
	TXT("enterprise_code", true), TXT("name", true), TXT("cas", false),
	REAL("quantity_t", true, 0, 1e9), POS("threshold_t", false), TXT("storage", false),
	IGN("ratio", NULL),
};

static const struct pw_imp_column certificates_cols[] = {
	TXT("enterprise_code", true), TXT("holder", true), TXT("kind", true), TXT("number", true),
	DATE("expires", true), DATE("issued_date", false),
};

static const struct pw_imp_column teams_cols[] = {
	TXT("code", true), TXT("name", true), IGN("members_on_duty", NULL), IGN("status", NULL),
	ENUM("kind", false, team_kinds), TXT("base", false), TXT("phone", false),
	IGN("members", NULL), LAT("lat"), LON("lon"),
};

static const struct pw_imp_column members_cols[] = {
	ID("id"), TXT("team_code", true), TXT("name", true), TXT("role", true),
	ENUM("status", false, member_statuses), TXT("phone", false), TXT("skills", false),
	TXT("certificates", false), TIME("status_since", false),
};

static const struct pw_imp_column equipment_cols[] = {
	TXT("code", true), TXT("name", true), INT("qty", true, 0, 1e9), IGN("available", NULL),
	TXT("location", false), TXT("category", false), INT("min_qty", false, 0, 1e9),
	ENUM("condition", false, conditions), DATE("inspected_date", false), DATE("expires", false),
};

static const struct pw_imp_column inspections_cols[] = {
	ID("id"), TXT("enterprise_code", true), TXT("inspector", true), TXT("org", true),
	TIME("ts", true), TXT("findings", false), ENUM("org_kind", false, org_kinds),
	TXT("items", false),
};

#define TABLE(n, k0, k1) {#n, n##_cols, (int)PW_ARRAY_LEN(n##_cols), {k0, k1, -1}, {-1}}
#define TABLE_ALT(n, k0, a0, a1, a2) \
	{#n, n##_cols, (int)PW_ARRAY_LEN(n##_cols), {k0, -1, -1}, {a0, a1, a2}}
/* Keys are column indices of the arrays above. */
static const struct pw_imp_table tables[] = {
	TABLE(enterprises, 0, -1),   /* code */
	TABLE(key_places, 0, 2),     /* enterprise_code, name */
	TABLE(sensors, 0, -1),       /* code */
	TABLE(chemicals, 0, 1),      /* enterprise_code, name */
	TABLE(certificates, 0, 3),   /* enterprise_code, number */
	TABLE(teams, 0, -1),         /* code */
	TABLE_ALT(members, 0, 1, 2, -1),     /* id, else team_code + name */
	TABLE(equipment, 0, -1),     /* code */
	TABLE_ALT(inspections, 0, 1, 4, 2),  /* id, else enterprise_code + ts + inspector */
};
#undef TABLE_ALT
#undef TABLE

static const char *const table_names[] = {
	"enterprises", "key_places", "sensors", "chemicals", "certificates", "teams", "members",
	"equipment", "inspections", NULL,
};

const char *const *pw_import_tables(void)
{
	return table_names;
}

const struct pw_imp_table *pw_import_table(const char *name)
{
	for (size_t i = 0; name && i < PW_ARRAY_LEN(tables); i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

int pw_import_col(const struct pw_imp_table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return i;
	return -1;
}

static int failf(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failf(char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	*err = s ? s : xstrdup("out of memory");
	return -1;
}

static void column_list(struct sbuf *b, const struct pw_imp_table *t)
{
	for (int i = 0; i < t->ncols; i++)
		sbuf_addf(b, "%s%s", i ? " " : "", t->cols[i].name);
}

int pw_import_map_header(const struct pw_imp_table *t, char *const *names, int n, int *map,
                         char **err)
{
	for (int i = 0; i < n; i++) {
		map[i] = pw_import_col(t, names[i]);
		if (map[i] < 0) {
			struct sbuf b;
			sbuf_init(&b);
			column_list(&b, t);
			failf(err, "unknown column '%s' (%s has: %s)", names[i], t->name, sbuf_str(&b));
			sbuf_free(&b);
			return -1;
		}
		for (int k = 0; k < i; k++)
			if (map[k] == map[i])
				return failf(err, "column '%s' appears twice", names[i]);
	}
	for (int c = 0; c < t->ncols; c++) {
		if (!t->cols[c].required)
			continue;
		bool found = false;
		for (int i = 0; i < n && !found; i++)
			found = map[i] == c;
		if (!found)
			return failf(err, "required column '%s' is missing", t->cols[c].name);
	}
	return 0;
}

static bool in_list(const char *const *values, const char *s)
{
	for (; values && *values; values++)
		if (strcmp(*values, s) == 0)
			return true;
	return false;
}

static void list_values(struct sbuf *b, const char *const *values)
{
	for (const char *const *v = values; v && *v; v++)
		sbuf_addf(b, "%s%s", v == values ? "" : ", ", *v);
}

/* Only digits, sign, point and exponent: no hex, inf, nan or trailing text. */
static bool plain_number(const char *s)
{
	return *s && strspn(s, "0123456789+-.eE") == strlen(s);
}

static int check_number(const struct pw_imp_column *c, const char *s, struct pw_imp_value *v,
                        char **err)
{
	char *end = NULL;
	errno = 0;
	if (c->type == PW_IMP_INT) {
		long long x = strtoll(s, &end, 10);
		if (!plain_number(s) || *end || errno)
			return failf(err, "%s: not a whole number: '%s'", c->name, s);
		if ((double)x < c->min || (double)x > c->max)
			return failf(err, "%s: %lld is out of range (%.15g..%.15g)", c->name, x, c->min,
			             c->max);
		v->i = x;
		v->r = (double)x;
		return 0;
	}
	double x = strtod(s, &end);
	if (!plain_number(s) || *end || errno == ERANGE || !isfinite(x))
		return failf(err, "%s: not a number: '%s'", c->name, s);
	if (c->exclusive_min && !(x > c->min))
		return failf(err, "%s: must be more than %.15g, is %s", c->name, c->min, s);
	if (x < c->min || x > c->max)
		return failf(err, "%s: %s is out of range (%.15g..%.15g)", c->name, s, c->min, c->max);
	v->r = x;
	return 0;
}

static int check_field(const struct pw_imp_column *c, const char *s, struct pw_imp_value *v,
                       char **err)
{
	struct sbuf b;
	switch (c->type) {
	case PW_IMP_INT:
	case PW_IMP_REAL:
		return check_number(c, s, v, err);
	case PW_IMP_TIME:
		if (pw_time_parse(s, &v->i) < 0)
			return failf(err, "%s: not a time: '%s' (ISO 8601, e.g. 2026-11-28T16:25:00+08:00)",
			             c->name, s);
		return 0;
	case PW_IMP_DATE:
		if (!pw_date_valid(s))
			return failf(err, "%s: not a date: '%s' (YYYY-MM-DD)", c->name, s);
		return 0;
	case PW_IMP_ENUM:
	case PW_IMP_IGNORED:
		if (!c->values || in_list(c->values, s))
			return 0;
		sbuf_init(&b);
		list_values(&b, c->values);
		failf(err, "%s: '%s' is not one of %s", c->name, s, sbuf_str(&b));
		sbuf_free(&b);
		return -1;
	default:
		return 0;
	}
}

/* CAS registry number: digits-digits-check digit, the check digit verified. */
static bool cas_valid(const char *s)
{
	size_t a = strspn(s, "0123456789");
	if (a < 2 || a > 7 || s[a] != '-')
		return false;
	size_t b = strspn(s + a + 1, "0123456789");
	if (b != 2 || s[a + 3] != '-' || !(s[a + 4] >= '0' && s[a + 4] <= '9') || s[a + 5])
		return false;
	int sum = 0, w = 1;
	for (const char *p = s + a + 2; p >= s; p--) {
		if (*p == '-')
			continue;
		sum += (*p - '0') * w++;
	}
	return sum % 10 == s[a + 4] - '0';
}

static const struct pw_imp_value *val(const struct pw_imp_table *t, const struct pw_imp_value *v,
                                      const char *name)
{
	int i = pw_import_col(t, name);
	return i >= 0 && v[i].present && !v[i].null ? &v[i] : NULL;
}

/*
 * A code that MQTT topics carry (PREFIX/<enterprise>/<sensor>/reading)
 * must fit the topic parser's bound and alphabet; a longer one would import
 * fine and then have every reading rejected, a sensor silently unwatched.
 */
static int check_topic_code(const struct pw_imp_table *t, const struct pw_imp_value *v,
                            const char *col, char **err)
{
	const struct pw_imp_value *c = val(t, v, col);
	if (!c || pw_code_valid(c->text, strlen(c->text)))
		return 0;
	return failf(err, "%s: '%s' is not a code MQTT topics can carry (1-%d of A-Z a-z 0-9 _ . -)",
	             col, c->text, PW_CODE_MAX);
}

/* Checks across the fields of one row. */
static int check_table_rules(const struct pw_imp_table *t, const struct pw_imp_value *v, char **err)
{
	if (strcmp(t->name, "enterprises") == 0)
		return check_topic_code(t, v, "code", err);
	if (strcmp(t->name, "sensors") == 0) {
		if (check_topic_code(t, v, "code", err) < 0 ||
		    check_topic_code(t, v, "enterprise_code", err) < 0)
			return -1;
		const struct pw_imp_value *l1 = val(t, v, "l1"), *l2 = val(t, v, "l2");
		const struct pw_imp_value *d = val(t, v, "direction");
		bool low = d && strcmp(d->text, "low") == 0;
		if (l1 && l2 && !low && !(l1->r < l2->r))
			return failf(err, "thresholds: direction high needs l1 < l2 (l1 %s, l2 %s)",
			             l1->text, l2->text);
		if (l1 && l2 && low && !(l1->r > l2->r))
			return failf(err, "thresholds: direction low needs l1 > l2 (l1 %s, l2 %s)",
			             l1->text, l2->text);
	} else if (strcmp(t->name, "certificates") == 0) {
		const struct pw_imp_value *is = val(t, v, "issued_date"), *ex = val(t, v, "expires");
		if (is && ex && strcmp(is->text, ex->text) > 0)
			return failf(err, "issued_date %s is after expires %s", is->text, ex->text);
	} else if (strcmp(t->name, "chemicals") == 0) {
		const struct pw_imp_value *cas = val(t, v, "cas");
		if (cas && !cas_valid(cas->text))
			return failf(err, "cas: not a CAS number: '%s' (e.g. 7664-41-7)", cas->text);
	}
	return 0;
}

/* Numbers, dates and codes may come with spaces from a spreadsheet; text keeps them. */
static const char *trimmed(const struct pw_imp_column *c, const char *s, char **copy)
{
	*copy = NULL;
	if (c->type == PW_IMP_TEXT)
		return s;
	size_t skip = strspn(s, " "), n = strlen(s);
	while (n > skip && s[n - 1] == ' ')
		n--;
	if (skip == 0 && n == strlen(s))
		return s;
	return *copy = xstrndup(s + skip, n - skip);
}

int pw_import_check_row(const struct pw_imp_table *t, const int *map, int ncols,
                        char *const *fields, int nfields, struct pw_imp_value *vals, char **err)
{
	memset(vals, 0, (size_t)t->ncols * sizeof *vals);
	if (nfields != ncols)
		return failf(err, "%d fields, the header has %d", nfields, ncols);
	int rc = 0;
	for (int i = 0; i < ncols && rc == 0; i++) {
		const struct pw_imp_column *c = &t->cols[map[i]];
		struct pw_imp_value *v = &vals[map[i]];
		char *copy;
		const char *s = trimmed(c, fields[i], &copy);
		v->present = true;
		v->null = *s == '\0';
		if (strlen(s) > IMP_FIELD_MAX)
			rc = failf(err, "%s: longer than %u bytes", c->name, IMP_FIELD_MAX);
		else if (v->null && c->required)
			rc = failf(err, "%s: required, but empty", c->name);
		else if (!v->null)
			rc = check_field(c, s, v, err);
		/* Keep the value's text: it points into FIELDS, so trim in place. */
		if (copy) {
			strcpy(fields[i], copy);
			free(copy);
		}
		v->text = v->null ? NULL : fields[i];
	}
	return rc < 0 ? -1 : check_table_rules(t, vals, err);
}
