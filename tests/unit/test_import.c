/* test_import.c - the row checks of base-data import (import.h, docs/import.md). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/import.h"
#include "parkwatch/risk.h"
#include "parkwatch/util.h"

#define MAXF 24

/* A header and a row as tab-separated text, checked against TABLE. */
struct row {
	const struct pw_imp_table *t;
	int map[MAXF];
	int ncols;
	char *hbuf, *rbuf;
	char *names[MAXF], *fields[MAXF];
	int nfields;
	struct pw_imp_value vals[MAXF];
	char *err;
};

static int split(char *s, char **out)
{
	int n = 0;
	for (char *p = s;; p++) {
		out[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p = '\0';
	}
	return n;
}

static int check(struct row *r, const char *table, const char *header, const char *line)
{
	memset(r, 0, sizeof *r);
	r->t = pw_import_table(table);
	assert_non_null(r->t);
	r->hbuf = xstrdup(header);
	r->rbuf = xstrdup(line);
	r->ncols = split(r->hbuf, r->names);
	r->nfields = split(r->rbuf, r->fields);
	assert_int_equal(pw_import_map_header(r->t, r->names, r->ncols, r->map, &r->err), 0);
	return pw_import_check_row(r->t, r->map, r->ncols, r->fields, r->nfields, r->vals, &r->err);
}

static void row_free(struct row *r)
{
	free(r->hbuf);
	free(r->rbuf);
	free(r->err);
}

static void expect_bad(const char *table, const char *header, const char *line, const char *want)
{
	struct row r;
	assert_int_equal(check(&r, table, header, line), -1);
	assert_non_null(r.err);
	if (!strstr(r.err, want))
		fail_msg("error '%s' does not contain '%s'", r.err, want);
	row_free(&r);
}

static const char sensor_hdr[] = "code\tenterprise_code\tkind\tl1\tl2\tdirection";

static void test_good_sensor_row_gives_typed_values(void **state)
{
	(void)state;
	struct row r;
	assert_int_equal(check(&r, "sensors", sensor_hdr, "S1\tE1\tnh3\t30\t 60 \thigh"), 0);
	int l2 = pw_import_col(r.t, "l2"), unit = pw_import_col(r.t, "unit");
	assert_true(r.vals[l2].present);
	assert_true(r.vals[l2].r == 60.0);
	assert_string_equal(r.vals[l2].text, "60");   /* spaces around a number dropped */
	assert_false(r.vals[unit].present);           /* not in the file: kept / default */
	row_free(&r);
}

static void test_thresholds_must_run_the_sensors_way(void **state)
{
	(void)state;
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\t60\t30\thigh", "direction high needs l1 < l2");
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\t30\t30\thigh", "direction high needs l1 < l2");
	expect_bad("sensors", sensor_hdr, "S1\tE1\to2\t18\t19.5\tlow", "direction low needs l1 > l2");
	/* No direction column: high is the default. */
	expect_bad("sensors", "code\tenterprise_code\tkind\tl1\tl2", "S1\tE1\tnh3\t9\t3",
	           "direction high needs l1 < l2");
	struct row r;
	assert_int_equal(check(&r, "sensors", sensor_hdr, "S1\tE1\to2\t19.5\t18\tlow"), 0);
	row_free(&r);
	/* One limit alone is fine. */
	assert_int_equal(check(&r, "sensors", sensor_hdr, "S1\tE1\tsmoke\t\t\t"), 0);
	row_free(&r);
}

static void test_numbers_must_be_plain_finite_and_in_range(void **state)
{
	(void)state;
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\tabc\t60\thigh", "l1: not a number: 'abc'");
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\tinf\t60\thigh", "l1: not a number");
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\t0x10\t60\thigh", "l1: not a number");
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\t1e999\t60\thigh", "l1: not a number");
	expect_bad("equipment", "code\tname\tqty", "Q1\t呼吸器\t2.5", "qty: not a whole number");
	expect_bad("equipment", "code\tname\tqty", "Q1\t呼吸器\t-1", "qty: -1 is out of range");
	expect_bad("chemicals", "enterprise_code\tname\tquantity_t\tthreshold_t", "E1\t液氨\t5\t0",
	           "threshold_t: must be more than 0");
	expect_bad("enterprises", "code\tname\tindustry\tzone\tlat", "E1\t甲\t化工\t一期\t91",
	           "lat: 91 is out of range");
}

static void test_required_enums_dates_and_times(void **state)
{
	(void)state;
	expect_bad("sensors", sensor_hdr, "\tE1\tnh3\t30\t60\thigh", "code: required, but empty");
	expect_bad("sensors", sensor_hdr, "S1\tE1\tgas\t30\t60\thigh",
	           "kind: 'gas' is not one of nh3, lel, o2");
	expect_bad("members", "team_code\tname\trole\tstatus", "T1\t甲\t队员\tbusy",
	           "status: 'busy' is not one of available");
	expect_bad("certificates", "enterprise_code\tholder\tkind\tnumber\texpires",
	           "E1\t甲\t电工作业\tN1\t2025-02-29", "expires: not a date: '2025-02-29'");
	expect_bad("certificates", "enterprise_code\tholder\tkind\tnumber\texpires\tissued_date",
	           "E1\t甲\t电工作业\tN1\t2025-01-01\t2026-01-01", "issued_date 2026-01-01 is after");
	expect_bad("inspections", "enterprise_code\tinspector\torg\tts", "E1\t甲\t网格\tsoon",
	           "ts: not a time: 'soon'");
	/* A computed column is ignored, but a risk colour must still be one. */
	expect_bad("enterprises", "code\tname\tindustry\tzone\trisk", "E1\t甲\t化工\t一期\tpurple",
	           "risk: 'purple' is not one of red");
	expect_bad("sensors", sensor_hdr, "S1\tE1\tnh3\t30", "4 fields, the header has 6");
}

static void test_cas_numbers_are_checked_by_their_check_digit(void **state)
{
	(void)state;
	const char *h = "enterprise_code\tname\tcas\tquantity_t";
	struct row r;
	assert_int_equal(check(&r, "chemicals", h, "E1\t液氨\t7664-41-7\t6"), 0);
	row_free(&r);
	assert_int_equal(check(&r, "chemicals", h, "E1\t甲醇\t67-56-1\t6"), 0);
	row_free(&r);
	expect_bad("chemicals", h, "E1\t液氨\t7664-41-8\t6", "cas: not a CAS number");
	expect_bad("chemicals", h, "E1\t液氨\t7664417\t6", "cas: not a CAS number");
}

static const char place_hdr[] = "enterprise_code\tcategory\tname\tlocation\tlat\tlon";

static void test_key_place_categories_are_the_risk_models_six(void **state)
{
	(void)state;
	struct row r;
	for (int p = 0; p < PW_PLACE_COUNT; p++) {
		char *line = xasprintf("E1\t %s \t场所\t\t\t", pw_place_name((enum pw_place)p));
		assert_int_equal(check(&r, "key_places", place_hdr, line), 0);
		int c = pw_import_col(r.t, "category");
		enum pw_place back;
		assert_int_equal(pw_place_parse(r.vals[c].text, &back), 0);
		assert_int_equal(back, p);
		row_free(&r);
		free(line);
	}
	/* The message names every allowed category, and nothing else. */
	assert_int_equal(check(&r, "key_places", place_hdr, "E1\tgas\t气库\t\t\t"), -1);
	assert_string_equal(r.err, "category: 'gas' is not one of ammonia, dust, spray, hazchem, "
	                           "confined, lithium");
	row_free(&r);
}

static void test_key_place_needs_enterprise_category_and_name_and_a_real_position(void **state)
{
	(void)state;
	expect_bad("key_places", place_hdr, "\tammonia\t机房\t\t\t", "enterprise_code: required");
	expect_bad("key_places", place_hdr, "E1\t\t机房\t\t\t", "category: required");
	expect_bad("key_places", place_hdr, "E1\tammonia\t\t\t\t", "name: required");
	expect_bad("key_places", place_hdr, "E1\tammonia\t机房\t\t-90.5\t120",
	           "lat: -90.5 is out of range (-90..90)");
	expect_bad("key_places", place_hdr, "E1\tammonia\t机房\t\t29\t181",
	           "lon: 181 is out of range (-180..180)");
	const struct pw_imp_table *t = pw_import_table("key_places");
	char *err = NULL;
	int map[2];
	char *no_category[] = {"enterprise_code", "name"};
	assert_int_equal(pw_import_map_header(t, no_category, 2, map, &err), -1);
	assert_string_equal(err, "required column 'category' is missing");
	free(err);
	struct row r;
	assert_int_equal(
		check(&r, "key_places", place_hdr, "E1\tdust\t抛光车间\t  3号厂房 \t29.3\t120.1"), 0);
	assert_string_equal(r.vals[pw_import_col(r.t, "location")].text, "  3号厂房 "); /* text kept */
	row_free(&r);
}

static void test_key_places_load_after_enterprises_and_before_sensors(void **state)
{
	(void)state;
	const char *const *t = pw_import_tables();
	assert_string_equal(t[0], "enterprises");
	assert_string_equal(t[1], "key_places");
	assert_string_equal(t[2], "sensors");
	/* Its key is enterprise + name: both columns are key columns. */
	const struct pw_imp_table *kp = pw_import_table("key_places");
	assert_int_equal(kp->key[0], pw_import_col(kp, "enterprise_code"));
	assert_int_equal(kp->key[1], pw_import_col(kp, "name"));
	assert_int_equal(kp->key[2], -1);
}

static void test_header_names_unknown_repeated_and_missing_columns(void **state)
{
	(void)state;
	const struct pw_imp_table *t = pw_import_table("enterprises");
	char *err = NULL;
	int map[8];
	char *unknown[] = {"code", "name", "industry", "zone", "colour"};
	assert_int_equal(pw_import_map_header(t, unknown, 5, map, &err), -1);
	assert_non_null(strstr(err, "unknown column 'colour'"));
	free(err);
	char *twice[] = {"code", "name", "industry", "zone", "name"};
	assert_int_equal(pw_import_map_header(t, twice, 5, map, &err), -1);
	assert_string_equal(err, "column 'name' appears twice");
	free(err);
	char *missing[] = {"name", "code", "zone"};
	assert_int_equal(pw_import_map_header(t, missing, 3, map, &err), -1);
	assert_string_equal(err, "required column 'industry' is missing");
	free(err);
	assert_null(pw_import_table("alarms"));
	assert_null(pw_import_table(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_sensor_row_gives_typed_values),
		cmocka_unit_test(test_thresholds_must_run_the_sensors_way),
		cmocka_unit_test(test_numbers_must_be_plain_finite_and_in_range),
		cmocka_unit_test(test_required_enums_dates_and_times),
		cmocka_unit_test(test_cas_numbers_are_checked_by_their_check_digit),
		cmocka_unit_test(test_header_names_unknown_repeated_and_missing_columns),
		cmocka_unit_test(test_key_place_categories_are_the_risk_models_six),
		cmocka_unit_test(test_key_place_needs_enterprise_category_and_name_and_a_real_position),
		cmocka_unit_test(test_key_places_load_after_enterprises_and_before_sensors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
