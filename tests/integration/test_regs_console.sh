#!/bin/bash
# test_regs_console.sh - the Regulations screen (8) at 80x24 in monochrome:
# with no query it lists the seeded regulations with their numbers; `/` 氨
# (one character, the LIKE fallback) and typing 重大危险源 (FTS5 trigram)
# give ranked hits whose snippets show the match in brackets; Enter opens the
# whole article wrapped to the window, Esc goes back to the hits and Esc
# again to the list; Enter on a regulation lists its articles and Enter
# opens one; results follow the typing, Esc in the prompt goes back.
. "$abs_top_srcdir/tests/integration/lib.sh"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 5 --seed 3

tui_start A 80 24 "$PW" --db "$DB" console --no-mqtt --theme mono --operator 值班员
tui_wait A 'Over'
tui_keys A 8

test_empty_query_lists_the_regulations()
{
	tui_wait A '9 regulations'
	tui_wait A 'Title +Number +Effective'
	tui_wait A '危险化学品安全管理条例 +国务院令第591号'
	tui_wait A 'GB 18218-2018 危险化学品重大危险源辨识 +GB 18218-2018 +2019-03-01'
}

test_one_character_search_finds_ammonia()
{
	tui_keys A /
	tui_wait A 'Search regulations:'
	tui_keys A -l 氨
	tui_keys A Enter
	tui_wait A 'Search: 氨 +\([0-9]+ hits\)'
	# Title and label on one row, the snippet with the match in brackets below.
	tui_wait A '^> 工贸企业重大事故隐患判定标准 +第十二条'
	tui_wait A '^    使用液\[氨\]制冷的企业'
}

test_enter_opens_the_whole_article_wrapped()
{
	tui_keys A j Enter
	tui_wait A '^── 表1 危险化学品名称及其临界量 ─'
	tui_wait A '^issuer: +国家市场监督管理总局 中国国家标准化管理委员会$'
	# The text continues past the first row: wrapped, not cut.
	tui_wait A '^园区常见品种的临界量：\[氨\]'
	tui_wait A '甲醇、乙醇、丙酮、乙酸乙酯均为 500 t。'
	local body
	body=$(tui_screen A | sed -n '/^── 表1/,/Esc back/p')
	assert_not_contains "$body" '…' "the article is wrapped, never cut with an ellipsis"
	tui_keys A Escape
	tui_wait A 'Search: 氨'
	tui_keys A Escape
	tui_wait A '9 regulations'
}

test_typing_chinese_starts_a_phrase_search()
{
	tui_keys A -l 重大危险源
	tui_wait A 'Search regulations: 重大危险源'
	tui_keys A Enter
	tui_wait A 'Search: 重大危险源 +\([0-9]+ hits\)'
	tui_wait A '^> GB 18218-2018 危险化学品重大危险源辨识 +4.2 重大危险源的辨识指标'
	tui_wait A '\[重大危险源\]'
	tui_keys A Enter
	tui_wait A '^── 4.2 重大危险源的辨识指标'
	tui_wait A '即为\[重大危险源\]'
	tui_keys A Escape Escape
	tui_wait A '9 regulations'
}

test_enter_on_a_regulation_lists_its_articles()
{
	# The list is by title: GB 18218 comes first.
	tui_keys A Home Enter
	tui_wait A 'GB 18218-2018 危险化学品重大危险源辨识 +\(6 articles\)'
	tui_wait A '^effective: 2019-03-01  GB 18218-2018  issuer: 国家市场监督管理总局'
	tui_wait A '^3 术语和定义 +单元指涉及危险化学品'
	tui_keys A Enter
	tui_wait A '^── 3 术语和定义'
	tui_keys A Escape Escape
	tui_wait A '9 regulations'
}

test_results_follow_the_typing_and_esc_in_the_prompt_goes_back()
{
	tui_keys A /
	tui_keys A -l 消
	tui_wait A 'Search: 消 +\([0-9]+ hits?\)'
	tui_keys A -l 防
	tui_wait A 'Search: 消防 +\([0-9]+ hits?\)'
	tui_wait A '\[消防\]'
	tui_keys A Escape
	tui_wait A '9 regulations'
}

test_nothing_found_says_so()
{
	tui_keys A /
	tui_keys A -l 'zzqx'
	tui_keys A Enter
	tui_wait A 'Search: zzqx +\(0 hits\)'
	tui_wait A 'nothing found'
	tui_keys A Escape
	tui_wait A '9 regulations'
}

test_empty_query_lists_the_regulations
test_one_character_search_finds_ammonia
test_enter_opens_the_whole_article_wrapped
test_typing_chinese_starts_a_phrase_search
test_enter_on_a_regulation_lists_its_articles
test_results_follow_the_typing_and_esc_in_the_prompt_goes_back
test_nothing_found_says_so
tui_keys A q
assert_eq 0 "$(tui_exit_status A)" "the console exits 0 (and clean under ASan)"
