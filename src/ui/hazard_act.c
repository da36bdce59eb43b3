/*
 * hazard_act.c - the hidden-hazard loop from the console: report (r), move
 * (m) and extend (E). Each is a short dialogue on the message line, then one
 * write through store_hazards.h as the console's operator: the hazard, its
 * trace row, the duty-log entry and the risk recomputation in one
 * transaction, exactly what `hazard report|move|extend` do. An illegal move
 * is refused by the same core rules with the same message (what is allowed
 * next) and nothing changes. A read-only console refuses before asking.
 *
 * One dialogue at a time (the prompt is modal), so its state is one static
 * job with bounded fields: nothing to leak if the console closes mid-way.
 * The write is a save job (save.h) with its own copy of that state: queued
 * on a busy database, given back on a full disk, nothing typed lost.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/spool.h"
#include "parkwatch/store_hazards.h"
#include "parkwatch/text.h"
#include "risk_ui.h"
#include "save.h"

#define FIELD 512

static struct hz_job {
	int64_t id;
	enum pw_hazard_status from, to;
	enum pw_hazard_grade grade;
	char code[64];
	char text[FIELD];        /* description (report) */
	char note[FIELD];
	char assignee[128];
	char deadline[16];
	char five[4][FIELD];     /* responsible, measures, funds, contingency */
	int five_at;             /* next of five[] to ask */
} g_job;

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

/*
 * After a write: every view of hazards, risk colours and the duty log
 * reloads; the current one at once (UI_R_RELOAD), so the next key acts on
 * the new status, not on what the list showed before.
 */
static unsigned written(struct ui *ui)
{
	ui_views_mark_stale(ui, UI_DATA_HAZARDS | UI_DATA_ENTERPRISES | UI_DATA_DUTY);
	return UI_R_BODY | UI_R_MSG | UI_R_RELOAD;
}

static void ask(struct ui *ui, const char *label, const char *initial, size_t max, bool precious,
                unsigned (*submit)(void *, struct ui *, const char *))
{
	struct ui_prompt_spec spec = {.label = label, .initial = initial, .max_bytes = max,
	                              .confirm_discard = precious, .on_submit = submit};
	ui_prompt_open(ui, &spec);
}

/* ---- report ---- */

/* The job's own copy of g_job: the dialogue may start again while it waits. */
static struct ui_save_job *job_begin(const struct ui_save_ops *ops, const char *what)
{
	struct hz_job *c = xmalloc(sizeof *c);
	*c = g_job;
	struct ui_save_spec spec = {.ops = ops, .what = what, .max_bytes = FIELD - 1, .precious = true};
	return ui_save_begin(&spec, c);
}

static int report_write(struct ui *ui, void *ctx, const char *text)
{
	(void)text;
	struct hz_job *c = ctx;
	struct store_hazard_new h = {.enterprise_code = c->code, .grade = c->grade,
	                             .description = c->text, .source = "operator",
	                             .deadline = opt(c->deadline)};
	return store_hazard_report(ui->st, &h, ui->opts.operator_name, pw_now_ms(), &c->id);
}

static unsigned report_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct hz_job *c = ctx;
	if (rc == PW_STORE_NOTFOUND) {
		ui_message(ui, PW_ROLE_ERROR, "report: no enterprise %s", c->code);
		return UI_R_MSG;
	}
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "report: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_message(ui, PW_ROLE_OK, "hazard #%lld reported at %s (%s)", (long long)c->id, c->code,
	           pw_hazard_grade_label_zh(c->grade));
	return written(ui);
}

/* For the spool at exit: a new hazard, replayed at the time it was reported. */
static void report_spool(struct ui *ui, void *ctx, struct pw_spool_entry *e)
{
	(void)ui;
	const struct hz_job *c = ctx;
	free(e->kind);
	e->kind = xstrdup(PW_SPOOL_HAZARD_REPORT);
	free(e->text);
	e->text = xstrdup(c->text);
	pw_spool_arg_set_str(e, "enterprise", c->code);
	pw_spool_arg_set_str(e, "grade", pw_hazard_grade_name(c->grade));
	pw_spool_arg_set_str(e, "deadline", c->deadline);
}

static const struct ui_save_ops report_ops = {.write = report_write, .report = report_report,
                                              .spool = report_spool};

static unsigned report_save(struct ui *ui)
{
	char what[96];
	snprintf(what, sizeof what, "hazard report at %s", g_job.code);
	return ui_save_submit(ui, job_begin(&report_ops, what), NULL, NULL);
}

static unsigned report_deadline(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (*text && !pw_date_valid(text)) {
		ui_message(ui, PW_ROLE_ERROR, "deadline must be a date YYYY-MM-DD (or empty for the default)");
		ask(ui, "Deadline YYYY-MM-DD (empty: default for the grade): ", text, 16, false, report_deadline);
		return UI_R_MSG;
	}
	ui_copy_text(g_job.deadline, sizeof g_job.deadline, text);
	return report_save(ui);
}

static unsigned report_text(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (!*text) {
		ui_message(ui, PW_ROLE_WARN, "a hazard needs a description: nothing reported");
		return UI_R_MSG;
	}
	ui_copy_text(g_job.text, sizeof g_job.text, text);
	ask(ui, "Deadline YYYY-MM-DD (empty: default for the grade): ", NULL, 16, false, report_deadline);
	return UI_R_MSG;
}

static unsigned report_grade(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (strcmp(text, "major") == 0 || strcmp(text, "重大") == 0 || strcmp(text, "m") == 0)
		g_job.grade = PW_HZ_MAJOR;
	else if (strcmp(text, "general") == 0 || strcmp(text, "一般") == 0 || strcmp(text, "g") == 0)
		g_job.grade = PW_HZ_GENERAL;
	else {
		ui_message(ui, PW_ROLE_ERROR, "grade must be general or major");
		ask(ui, "Grade (general / major): ", "general", 16, false, report_grade);
		return UI_R_MSG;
	}
	ask(ui, "Description: ", NULL, FIELD - 1, true, report_text);
	return UI_R_MSG;
}

static unsigned report_code(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (!*text)
		return UI_R_MSG;
	ui_copy_text(g_job.code, sizeof g_job.code, text);
	ask(ui, "Grade (general / major): ", "general", 16, false, report_grade);
	return UI_R_MSG;
}

unsigned ui_hazard_report_start(struct ui *ui, const char *code)
{
	if (ui_refuse_read_only(ui, "report hazards"))
		return UI_R_MSG;
	memset(&g_job, 0, sizeof g_job);
	if (code)
		return report_code(NULL, ui, code);
	ask(ui, "Report a hazard at enterprise (code): ", NULL, 63, false, report_code);
	return UI_R_MSG;
}

/* ---- move ---- */

static int move_write(struct ui *ui, void *ctx, const char *text)
{
	(void)text;
	struct hz_job *c = ctx;
	struct store_hazard_move_args a = {
		.note = opt(c->note), .assignee = opt(c->assignee), .deadline = opt(c->deadline),
		.responsible = opt(c->five[0]), .measures = opt(c->five[1]),
		.funds = opt(c->five[2]), .contingency = opt(c->five[3]),
	};
	return store_hazard_move(ui->st, c->id, c->to, &a, ui->opts.operator_name, pw_now_ms());
}

static unsigned move_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct hz_job *c = ctx;
	if (rc == PW_STORE_NOTFOUND) {
		ui_message(ui, PW_ROLE_ERROR, "no hazard #%lld", (long long)c->id);
		return UI_R_MSG;
	}
	if (rc != 0) {
		/* 2: the loop's rules refused it; nothing changed. The store's
		 * message names the hazard: "hazard 12: ...". */
		ui_message(ui, PW_ROLE_ERROR, "not moved: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_message(ui, PW_ROLE_OK, "hazard #%lld: %s -> %s %s", (long long)c->id,
	           pw_hazard_status_name(c->from), pw_hazard_status_label_zh(c->to),
	           pw_hazard_status_name(c->to));
	return written(ui);
}

/*
 * For the spool at exit: a move is not replayed (the hazard may have moved
 * on), but everything typed for it goes into the note's text.
 */
static void move_spool(struct ui *ui, void *ctx, struct pw_spool_entry *e)
{
	(void)ui;
	const struct hz_job *c = ctx;
	static const char *const five[] = {"responsible", "measures", "funds", "contingency"};
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "to %s", pw_hazard_status_name(c->to));
	if (*c->note)
		sbuf_addf(&b, "; note: %s", c->note);
	if (*c->assignee)
		sbuf_addf(&b, "; assignee: %s", c->assignee);
	if (*c->deadline)
		sbuf_addf(&b, "; deadline: %s", c->deadline);
	for (int i = 0; i < 4; i++)
		if (*c->five[i])
			sbuf_addf(&b, "; %s: %s", five[i], c->five[i]);
	free(e->text);
	e->text = sbuf_steal(&b);
}

static const struct ui_save_ops move_ops = {.write = move_write, .report = move_report, .spool = move_spool};

static unsigned move_save(struct ui *ui)
{
	char what[96];
	snprintf(what, sizeof what, "hazard #%lld -> %s", (long long)g_job.id, pw_hazard_status_name(g_job.to));
	return ui_save_submit(ui, job_begin(&move_ops, what), NULL, NULL);
}

static const char *const five_labels[4] = {
	"责任 Responsibility (who answers for it; empty: skip): ",
	"措施 Measures (empty: skip): ",
	"资金 Funds (empty: skip): ",
	"预案 Contingency plan (empty: skip): ",
};

static unsigned move_five(void *user, struct ui *ui, const char *text)
{
	(void)user;
	ui_copy_text(g_job.five[g_job.five_at], sizeof g_job.five[0], text);
	if (++g_job.five_at < 4) {
		ask(ui, five_labels[g_job.five_at], NULL, FIELD - 1, true, move_five);
		return UI_R_MSG;
	}
	return move_save(ui);
}

static unsigned move_deadline(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (*text && !pw_date_valid(text)) {
		ui_message(ui, PW_ROLE_ERROR, "deadline must be a date YYYY-MM-DD (or empty to keep it)");
		ask(ui, "Deadline YYYY-MM-DD (empty: keep): ", text, 16, false, move_deadline);
		return UI_R_MSG;
	}
	ui_copy_text(g_job.deadline, sizeof g_job.deadline, text);
	g_job.five_at = 0;
	ask(ui, five_labels[0], NULL, FIELD - 1, true, move_five);
	return UI_R_MSG;
}

static unsigned move_assignee(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (!*text) {
		ui_message(ui, PW_ROLE_WARN, "assigning needs the responsible person: not moved");
		return UI_R_MSG;
	}
	ui_copy_text(g_job.assignee, sizeof g_job.assignee, text);
	ask(ui, "Deadline YYYY-MM-DD (empty: keep): ", NULL, 16, false, move_deadline);
	return UI_R_MSG;
}

static unsigned move_note(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (!*text && pw_hazard_is_rejection(g_job.from, g_job.to)) {
		ui_message(ui, PW_ROLE_WARN, "a rejection needs a reason: not moved");
		return UI_R_MSG;
	}
	ui_copy_text(g_job.note, sizeof g_job.note, text);
	return move_save(ui);
}

/* What the move needs besides the target, asked one prompt after another. */
static unsigned move_details(struct ui *ui)
{
	if (g_job.to == PW_HZ_ASSIGNED) {
		ask(ui, "Assignee (responsible person at the enterprise): ", NULL, 127, false, move_assignee);
	} else if (pw_hazard_is_rejection(g_job.from, g_job.to)) {
		ask(ui, "Reject: why (required): ", NULL, FIELD - 1, true, move_note);
	} else {
		const char *label = g_job.to == PW_HZ_SUBMITTED ? "Rectification note / evidence (optional): "
		                                                : "Note (optional): ";
		ask(ui, label, NULL, FIELD - 1, true, move_note);
	}
	return UI_R_MSG;
}

static int parse_status(const char *text, enum pw_hazard_status *out)
{
	if (pw_hazard_status_parse(text, out) == 0)
		return 0;
	for (int s = 0; s < PW_HZ_COUNT; s++)
		if (strcmp(text, pw_hazard_status_label_zh(s)) == 0) {
			*out = s;
			return 0;
		}
	return -1;
}

/* True when NAME is one of the ", "-separated names of LIST. */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, name, n) == 0)
			return true;
		p += k;
		p += strspn(p, ", ");
	}
	return false;
}

static unsigned move_target(void *user, struct ui *ui, const char *text)
{
	(void)user;
	char next[128];
	pw_hazard_next_list(g_job.from, next, sizeof next);
	if (parse_status(text, &g_job.to) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "unknown status '%s'; allowed next: %s", text, next);
		return UI_R_MSG;
	}
	/* Judge the arrow now so the operator is not asked for details in vain;
	 * the store judges the whole move again (core rules) when it writes. */
	if (!in_list(next, pw_hazard_status_name(g_job.to))) {
		ui_message(ui, PW_ROLE_ERROR, "not moved: hazard %lld: cannot move %s -> %s; allowed next: %s",
		           (long long)g_job.id, pw_hazard_status_name(g_job.from), pw_hazard_status_name(g_job.to),
		           next);
		return UI_R_MSG;
	}
	return move_details(ui);
}

unsigned ui_hazard_move_start(struct ui *ui, int64_t id, const char *from)
{
	if (ui_refuse_read_only(ui, "move hazards"))
		return UI_R_MSG;
	memset(&g_job, 0, sizeof g_job);
	g_job.id = id;
	if (pw_hazard_status_parse(from, &g_job.from) != 0)
		return UI_R_NONE;
	char next[128], label[192];
	pw_hazard_next_list(g_job.from, next, sizeof next);
	if (!*next) {
		ui_message(ui, PW_ROLE_WARN, "hazard #%lld is closed: no further moves", (long long)id);
		return UI_R_MSG;
	}
	snprintf(label, sizeof label, "Move #%lld %s -> (%s): ", (long long)id, from, next);
	/* Offer the next step forward (not the rejection); the operator may
	 * type another. */
	const char *offer = "";
	for (int s = PW_HZ_CLOSED; s > (int)g_job.from; s--)
		if (in_list(next, pw_hazard_status_name(s)))
			offer = pw_hazard_status_name(s);
	ask(ui, label, offer, 32, false, move_target);
	return UI_R_MSG;
}

/* ---- extend ---- */

static int extend_write(struct ui *ui, void *ctx, const char *text)
{
	struct hz_job *c = ctx;
	if (!*text)
		return ui_save_invalid("An extension needs a reason.");
	return store_hazard_extend(ui->st, c->id, c->deadline, text, ui->opts.operator_name, pw_now_ms());
}

static unsigned extend_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct hz_job *c = ctx;
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "not extended: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_message(ui, PW_ROLE_OK, "hazard #%lld: deadline now %s", (long long)c->id, c->deadline);
	return written(ui);
}

static const struct ui_save_ops extend_ops = {.write = extend_write, .report = extend_report};

static unsigned extend_deadline(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (!pw_date_valid(text)) {
		ui_message(ui, PW_ROLE_ERROR, "the new deadline must be a date YYYY-MM-DD");
		ask(ui, "New deadline YYYY-MM-DD: ", text, 16, false, extend_deadline);
		return UI_R_MSG;
	}
	ui_copy_text(g_job.deadline, sizeof g_job.deadline, text);
	char what[96];
	snprintf(what, sizeof what, "hazard #%lld deadline %s", (long long)g_job.id, g_job.deadline);
	return ui_save_prompt(ui, job_begin(&extend_ops, what), "Reason for the extension (required): ", NULL);
}

unsigned ui_hazard_extend_start(struct ui *ui, int64_t id)
{
	if (ui_refuse_read_only(ui, "extend hazard deadlines"))
		return UI_R_MSG;
	memset(&g_job, 0, sizeof g_job);
	g_job.id = id;
	ask(ui, "New deadline YYYY-MM-DD: ", NULL, 16, false, extend_deadline);
	return UI_R_MSG;
}
