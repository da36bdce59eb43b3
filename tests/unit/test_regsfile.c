/* test_regsfile.c - the laws-and-regulations file parser (CONTRACT.md section 5). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/regs.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

/* Parse S; expect failure whose message is exactly WANT. */
static void expect_error(const char *s, const char *want)
{
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_parse("t.md", s, strlen(s), &d, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, want);
	assert_null(d.title);
	assert_int_equal(d.n_articles, 0);
	free(err);
}

static void test_full_document_gives_title_keys_and_articles(void **state)
{
	(void)state;
	const char *s = "# 中华人民共和国安全生产法\n"
	                "number: 主席令第88号\n"
	                "issuer: 全国人民代表大会常务委员会\n"
	                "effective: 2021-09-01\n"
	                "\n"
	                "## 第二十一条\n"
	                "生产经营单位的主要负责人\n"
	                "对本单位安全生产工作全面负责。  \n"
	                "\n"
	                "## 第四十一条\n"
	                "第一段。\n"
	                "\n"
	                "\n"
	                "第二段。\n"
	                "\n";
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_parse("t.md", s, strlen(s), &d, &err), 0);
	assert_null(err);
	assert_string_equal(d.title, "中华人民共和国安全生产法");
	assert_string_equal(d.number, "主席令第88号");
	assert_string_equal(d.issuer, "全国人民代表大会常务委员会");
	assert_string_equal(d.effective, "2021-09-01");
	assert_int_equal(d.n_articles, 2);
	assert_string_equal(d.articles[0].label, "第二十一条");
	assert_string_equal(d.articles[0].body, "生产经营单位的主要负责人\n对本单位安全生产工作全面负责。");
	assert_int_equal(d.articles[0].line, 6);
	assert_string_equal(d.articles[1].label, "第四十一条");
	assert_string_equal(d.articles[1].body, "第一段。\n\n\n第二段。");
	pw_reg_doc_free(&d);
	assert_null(d.title);
}

static void test_header_keys_are_optional_and_crlf_and_bom_are_accepted(void **state)
{
	(void)state;
	const char *s = "\xef\xbb\xbf\r\n# GB 18218-2018 危险化学品重大危险源辨识\r\n\r\n"
	                "## 4.1\r\n临界量见表1。\r\n";
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_parse("t.md", s, strlen(s), &d, &err), 0);
	assert_string_equal(d.title, "GB 18218-2018 危险化学品重大危险源辨识");
	assert_null(d.number);
	assert_null(d.issuer);
	assert_null(d.effective);
	assert_int_equal(d.n_articles, 1);
	assert_string_equal(d.articles[0].body, "临界量见表1。");
	pw_reg_doc_free(&d);
}

static void test_full_width_colon_and_article_right_after_header(void **state)
{
	(void)state;
	const char *s = "# 标题\nNumber：令第1号\n## 第一条\n正文\n";
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_parse("t.md", s, strlen(s), &d, &err), 0);
	assert_string_equal(d.number, "令第1号");
	assert_int_equal(d.n_articles, 1);
	pw_reg_doc_free(&d);
}

static void test_missing_title_is_refused_with_its_line(void **state)
{
	(void)state;
	expect_error("\n\n正文\n", "t.md:3: expected '# <title>' as the first line");
	expect_error("", "t.md:1: empty file (expected '# <title>')");
	expect_error("#  \n", "t.md:1: empty title");
}

static void test_unknown_or_repeated_or_empty_key_is_refused(void **state)
{
	(void)state;
	expect_error("# T\nnumbr: 1\n\n## a\nb\n",
	             "t.md:2: unknown key 'numbr' (known: number, issuer, effective)");
	expect_error("# T\nnumber: 1\nnumber: 2\n\n## a\nb\n", "t.md:3: key 'number' given twice");
	expect_error("# T\nissuer:\n\n## a\nb\n", "t.md:2: key 'issuer' has no value");
	expect_error("# T\n这不是键值\n\n## a\nb\n",
	             "t.md:2: expected 'key: value' (number, issuer, effective) or a blank line "
	             "after the title");
}

static void test_effective_must_be_a_real_date(void **state)
{
	(void)state;
	expect_error("# T\neffective: 2021-02-29\n\n## a\nb\n",
	             "t.md:2: effective date '2021-02-29' is not YYYY-MM-DD");
	expect_error("# T\neffective: 2021/09/01\n\n## a\nb\n",
	             "t.md:2: effective date '2021/09/01' is not YYYY-MM-DD");
	/* A long value quoted in the message is cut between characters. */
	struct sbuf b;
	sbuf_init(&b);
	sbuf_adds(&b, "# T\neffective: x");  /* 'x' so the cut falls inside a character */
	for (int i = 0; i < 169; i++)
		sbuf_adds(&b, "储");
	sbuf_adds(&b, "\n\n## a\nb\n");
	struct pw_reg_doc bad;
	char *why = NULL;
	assert_int_equal(pw_regs_parse("t.md", sbuf_str(&b), b.len, &bad, &why), -1);
	assert_non_null(why);
	assert_true(strncmp(why, "t.md:2: effective date 'x储", strlen("t.md:2: effective date 'x储")) == 0);
	assert_true(pw_utf8_valid(why, strlen(why)));
	free(why);
	sbuf_free(&b);
	struct pw_reg_doc d;
	char *err = NULL;
	const char *leap = "# T\neffective: 2024-02-29\n\n## a\nb\n";
	assert_int_equal(pw_regs_parse("t.md", leap, strlen(leap), &d, &err), 0);
	pw_reg_doc_free(&d);
}

static void test_text_before_first_article_is_refused(void **state)
{
	(void)state;
	expect_error("# T\n\n前言\n## a\nb\n",
	             "t.md:3: text before the first article (expected '## <label>')");
}

static void test_article_problems_name_their_line(void **state)
{
	(void)state;
	expect_error("# T\n\n## a\n\n## b\nx\n", "t.md:3: article 'a' has no text");
	expect_error("# T\n\n## a\nx\n## b\n", "t.md:5: article 'b' has no text");
	expect_error("# T\n\n##   \nx\n", "t.md:3: article heading without a label");
	expect_error("# T\n\n## a\nx\n## a\ny\n", "t.md:5: article label 'a' repeats line 3");
	expect_error("# T\n\n## a\nx\n# U\n", "t.md:5: a second title ('# ' line); articles start with '## '");
	expect_error("# T\nnumber: 1\n", "t.md:2: no articles (expected '## <label>' lines)");
}

static void test_invalid_utf8_and_control_characters_are_refused(void **state)
{
	(void)state;
	expect_error("# T\n\n## a\nok\nbad \xff byte\n", "t.md:5: invalid UTF-8");
	expect_error("# T\n\n## a\nesc \x1b[31m\n", "t.md:4: control character 0x1b in the text");
	const char nul[] = "# T\n\n## a\nx\0y\n";
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_parse("t.md", nul, sizeof nul - 1, &d, &err), -1);
	assert_string_equal(err, "t.md:4: NUL byte in the text");
	free(err);
}

static void test_load_reports_missing_file(void **state)
{
	(void)state;
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_load("/nonexistent/dir/x.md", &d, &err), -1);
	assert_non_null(strstr(err, "/nonexistent/dir/x.md: "));
	free(err);
}

static void test_oversized_article_is_refused(void **state)
{
	(void)state;
	size_t n = PW_REGS_BODY_MAX + 100;
	char *s = malloc(n + 32);
	strcpy(s, "# T\n\n## a\n");
	size_t k = strlen(s);
	memset(s + k, 'x', n);
	s[k + n] = '\n';
	struct pw_reg_doc d;
	char *err = NULL;
	assert_int_equal(pw_regs_parse("t.md", s, k + n + 1, &d, &err), -1);
	assert_non_null(strstr(err, "t.md:4: article text longer than"));
	free(err);
	free(s);
}

static void test_snippet_marks_every_match_inside_a_character_safe_window(void **state)
{
	(void)state;
	char *s = pw_regs_snippet("液氨储罐区应设置氨气泄漏报警，氨气浓度超标时联锁启动事故排风。", "氨气", 3, 6,
	                          "[", "]");
	assert_string_equal(s, "…应设置[氨气]泄漏报警，[氨气]…");
	free(s);
	s = pw_regs_snippet("氨", "氨", 5, 5, "[", "]");
	assert_string_equal(s, "[氨]");
	free(s);
	assert_null(pw_regs_snippet("没有匹配", "氨", 5, 5, "[", "]"));
	assert_null(pw_regs_snippet("任何文本", "", 5, 5, "[", "]"));
}

static void test_snippet_matches_english_case_insensitively(void **state)
{
	(void)state;
	char *s = pw_regs_snippet("Ammonia refrigeration: ammonia detectors", "AMMONIA", 0, 3, "<", ">");
	assert_string_equal(s, "<Ammonia> re…");
	free(s);
	s = pw_regs_snippet("Ammonia refrigeration: ammonia detectors", "ammonia", 30, 100, "<", ">");
	assert_string_equal(s, "<Ammonia> refrigeration: <ammonia> detectors");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_document_gives_title_keys_and_articles),
		cmocka_unit_test(test_header_keys_are_optional_and_crlf_and_bom_are_accepted),
		cmocka_unit_test(test_full_width_colon_and_article_right_after_header),
		cmocka_unit_test(test_missing_title_is_refused_with_its_line),
		cmocka_unit_test(test_unknown_or_repeated_or_empty_key_is_refused),
		cmocka_unit_test(test_effective_must_be_a_real_date),
		cmocka_unit_test(test_text_before_first_article_is_refused),
		cmocka_unit_test(test_article_problems_name_their_line),
		cmocka_unit_test(test_invalid_utf8_and_control_characters_are_refused),
		cmocka_unit_test(test_load_reports_missing_file),
		cmocka_unit_test(test_oversized_article_is_refused),
		cmocka_unit_test(test_snippet_marks_every_match_inside_a_character_safe_window),
		cmocka_unit_test(test_snippet_matches_english_case_insensitively),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
