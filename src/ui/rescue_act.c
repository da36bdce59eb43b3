/*
 * rescue_act.c - the Rescue screen's actions; see rescue_ui.h.
 *
 * Each write is a save job (save.h): a busy database queues it with
 * "saving..." and saves it once the lock goes, in order with the console's
 * other writes; a failure waiting does not cure gives it back (the due-date
 * prompt with what was typed for a loan, "try again?" for a member's
 * status or a return). Refusals by the rules (a damaged item, a member out
 * on a dispatch) are final and shown as the store words them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/hazard.h"
#include "parkwatch/store.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/store_rescue.h"
#include "rescue_ui.h"
#include "save.h"

#define DUE_LABEL "Due date YYYY-MM-DD (Enter: none): "
#define CODE_SZ 64

enum act_kind { ACT_MEMBER, ACT_LEND, ACT_RETURN };

/* One action's context (save.h owns it once the job begins). */
struct act {
	enum act_kind kind;
	int64_t id;             /* the member (ACT_MEMBER), the loan (ACT_RETURN, ACT_LEND after the write) */
	char *name, *from;      /* ACT_MEMBER: as the board showed them */
	const char *to;         /* ACT_MEMBER: "available" or "off_duty" */
	char code[CODE_SZ];     /* ACT_LEND: the dialogue's answers so far */
	long qty;
	char enterprise[64];
	char borrower[STORE_RESCUE_BORROWER_MAX + 1];
};

/* ---- writing ---- */

static int act_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	const char *op = ui->opts.operator_name;
	switch (c->kind) {
	case ACT_MEMBER:
		return store_member_set_status(ui->st, c->id, c->to, op, pw_now_ms());
	case ACT_LEND: {
		if (*text && !pw_date_valid(text))
			return ui_save_invalid("the due date must be YYYY-MM-DD (or empty: no due date).");
		struct store_equipment_loan l = {.equipment_code = c->code, .qty = (int)c->qty,
		                                 .borrower = c->borrower, .enterprise_code = c->enterprise,
		                                 .due = *text ? text : NULL};
		return store_equipment_loan(ui->st, &l, op, pw_now_ms(), &c->id);
	}
	default:
		return store_loan_return(ui->st, c->id, op, pw_now_ms());
	}
}

/*
 * Saved: say so, and every view of the rescue force, incidents and the
 * duty log reloads, the current one at once, so the next key acts on what
 * is true now. Refused: the store's reason.
 */
static unsigned act_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct act *c = ctx;
	static const char *const verb[] = {[ACT_MEMBER] = "member", [ACT_LEND] = "lend", [ACT_RETURN] = "return"};
	if (rc != 0) {
		ui_message(ui, rc == STORE_RESCUE_REFUSED ? PW_ROLE_WARN : PW_ROLE_ERROR, "%s: %s", verb[c->kind],
		           store_errmsg(ui->st));
		return UI_R_MSG;
	}
	switch (c->kind) {
	case ACT_MEMBER:
		ui_message(ui, PW_ROLE_OK, "member %lld %s: %s -> %s", (long long)c->id, c->name, c->from, c->to);
		break;
	case ACT_LEND:
		ui_message(ui, PW_ROLE_OK, "loan %lld: %ld x %s to %s", (long long)c->id, c->qty, c->code,
		           *c->borrower ? c->borrower : c->enterprise);
		break;
	case ACT_RETURN:
		ui_message(ui, PW_ROLE_OK, "loan %lld returned", (long long)c->id);
		break;
	}
	ui_views_mark_stale(ui, UI_DATA_RESCUE | UI_DATA_INCIDENTS | UI_DATA_DUTY);
	return UI_R_BODY | UI_R_MSG | UI_R_RELOAD;
}

static void act_free(void *ctx)
{
	struct act *c = ctx;
	free(c->name);
	free(c->from);
	free(c);
}

static const struct ui_save_ops act_ops = {.write = act_write, .report = act_report, .free = act_free};

/* A job for C (taken), named WHAT in "saving..." and NOT SAVED. */
static struct ui_save_job *act_begin(struct act *c, const char *what)
{
	struct ui_save_spec spec = {.ops = &act_ops, .what = what, .max_bytes = 16};
	return ui_save_begin(&spec, c);
}

/* ---- member on / off duty ---- */

unsigned ui_rescue_toggle_member(struct ui *ui, const struct store_rescue_member *m)
{
	if (ui_refuse_read_only(ui, "change a member's status"))
		return UI_R_MSG;
	if (!m) {
		ui_message(ui, PW_ROLE_WARN, "select a member first (m, then ] and [)");
		return UI_R_MSG;
	}
	/* Off duty comes back; anyone else goes off. A member out on a job is
	 * asked back to available, which the store refuses while the dispatch
	 * is open - its message says how to clear it. */
	struct act *c = xcalloc(1, sizeof *c);
	c->kind = ACT_MEMBER;
	c->id = m->id;
	c->name = xstrdup(m->name);
	c->from = xstrdup(m->status);
	c->to = strcmp(m->status, "available") == 0 ? "off_duty" : "available";
	char *what = xasprintf("member %lld %s -> %s", (long long)c->id, c->name, c->to);
	struct ui_save_job *j = act_begin(c, what);
	free(what);
	return ui_save_submit(ui, j, NULL, NULL);
}

/* ---- lend ---- */

/* Each answer of the dialogue goes on the job; Esc discards it. */
static void ask(struct ui *ui, struct ui_save_job *j, const char *label, const char *initial, size_t max,
                unsigned (*submit)(void *, struct ui *, const char *))
{
	struct ui_prompt_spec spec = {.label = label, .initial = initial, .max_bytes = max,
	                              .on_submit = submit, .on_cancel = ui_save_discard, .user = j};
	ui_prompt_open(ui, &spec);
}

/* The dialogue ends without a loan: WHY instead of "cancelled". */
static unsigned drop(struct ui *ui, struct ui_save_job *j, const char *why)
{
	ui_save_discard(j, ui);
	ui_message(ui, PW_ROLE_WARN, "%s", why);
	return UI_R_MSG;
}

static unsigned lend_borrower(void *user, struct ui *ui, const char *text)
{
	struct ui_save_job *j = user;
	struct act *c = ui_save_ctx(j);
	ui_copy_text(c->borrower, sizeof c->borrower, text);
	if (!*c->borrower && !*c->enterprise)
		return drop(ui, j, "a loan needs an enterprise or a borrower: nothing lent");
	/* The last answer is the job's text: given back with it if not saved. */
	return ui_save_prompt(ui, j, DUE_LABEL, NULL);
}

static unsigned lend_enterprise(void *user, struct ui *ui, const char *text)
{
	struct ui_save_job *j = user;
	struct act *c = ui_save_ctx(j);
	ui_copy_text(c->enterprise, sizeof c->enterprise, text);
	ask(ui, j, *c->enterprise ? "Borrower, the person (Enter: the enterprise): " : "Borrower, the person: ",
	    NULL, STORE_RESCUE_BORROWER_MAX, lend_borrower);
	return UI_R_MSG;
}

static unsigned lend_qty(void *user, struct ui *ui, const char *text)
{
	struct ui_save_job *j = user;
	struct act *c = ui_save_ctx(j);
	if (pw_parse_long(text, &c->qty) < 0 || c->qty < 1 || c->qty > 100000) {
		ui_message(ui, PW_ROLE_ERROR, "the quantity must be a positive number");
		ask(ui, j, "Quantity: ", "1", 8, lend_qty);
		return UI_R_MSG;
	}
	ask(ui, j, "To enterprise code (Enter: a person): ", NULL, sizeof c->enterprise - 1, lend_enterprise);
	return UI_R_MSG;
}

static unsigned lend_code(void *user, struct ui *ui, const char *text)
{
	(void)user;
	while (*text == ' ')
		text++;
	if (!*text) {
		ui_message(ui, PW_ROLE_WARN, "nothing lent");
		return UI_R_MSG;
	}
	struct act *c = xcalloc(1, sizeof *c);
	c->kind = ACT_LEND;
	ui_copy_text(c->code, sizeof c->code, text);
	char *what = xasprintf("lend %s", c->code);
	struct ui_save_job *j = act_begin(c, what);
	free(what);
	ask(ui, j, "Quantity: ", "1", 8, lend_qty);
	return UI_R_MSG;
}

unsigned ui_rescue_lend_start(struct ui *ui, const char *code)
{
	if (ui_refuse_read_only(ui, "lend equipment"))
		return UI_R_MSG;
	struct ui_prompt_spec spec = {.label = "Lend equipment code: ", .initial = code,
	                              .max_bytes = CODE_SZ - 1, .on_submit = lend_code};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

/* ---- return ---- */

static unsigned return_yes(void *user, struct ui *ui)
{
	return ui_save_submit(ui, user, NULL, NULL);
}

unsigned ui_rescue_return_start(struct ui *ui, const struct store_rescue_loan *l)
{
	if (ui_refuse_read_only(ui, "return equipment"))
		return UI_R_MSG;
	if (!l) {
		ui_message(ui, PW_ROLE_WARN, "select a loan first (l, then ] and [)");
		return UI_R_MSG;
	}
	struct act *c = xcalloc(1, sizeof *c);
	c->kind = ACT_RETURN;
	c->id = l->id;
	char *what = xasprintf("return loan #%lld", (long long)l->id);
	struct ui_save_job *j = act_begin(c, what);
	free(what);
	char q[320];
	snprintf(q, sizeof q, "Return loan #%lld: %d x %s %s from %s? (y/n)", (long long)l->id, l->qty,
	         l->equipment_code, l->equipment, l->borrower);
	ui_ask(ui, q, return_yes, ui_save_discard, j);
	return UI_R_MSG;
}
