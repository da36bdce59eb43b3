/*
 * rescue_act.c - the Rescue screen's actions; see rescue_ui.h.
 *
 * One dialogue at a time (the prompt is modal): the lend dialogue's
 * answers so far live in one static job.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parkwatch/hazard.h"
#include "parkwatch/store.h"
#include "parkwatch/store_incidents.h"
#include "parkwatch/store_rescue.h"
#include "rescue_ui.h"

static struct lend_job {
	char code[64];
	long qty;
	char enterprise[64];
	char borrower[STORE_RESCUE_BORROWER_MAX + 1];
	int64_t loan;           /* R: the loan asked about */
} g_job;

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static bool refuse_read_only(struct ui *ui, const char *what)
{
	if (!ui->opts.read_only)
		return false;
	ui_message(ui, PW_ROLE_WARN, "read-only console (--read-only): cannot %s", what);
	return true;
}

static void ask(struct ui *ui, const char *label, const char *initial, size_t max,
                unsigned (*submit)(void *, struct ui *, const char *))
{
	struct ui_prompt_spec spec = {.label = label, .initial = initial, .max_bytes = max,
	                              .on_submit = submit};
	ui_prompt_open(ui, &spec);
}

/*
 * After a write or a refusal: say so; after a write, every view of the
 * rescue force, incidents and the duty log reloads, the current one at
 * once, so the next key acts on what is true now.
 */
static unsigned done(struct ui *ui, int rc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static unsigned done(struct ui *ui, int rc, const char *what, const char *fmt, ...)
{
	if (rc != 0) {
		ui_message(ui, rc == STORE_RESCUE_REFUSED ? PW_ROLE_WARN : PW_ROLE_ERROR, "%s: %s", what,
		           store_errmsg(ui->st));
		return UI_R_MSG;
	}
	char m[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	ui_message(ui, PW_ROLE_OK, "%s", m);
	ui_views_mark_stale(ui, UI_DATA_RESCUE | UI_DATA_INCIDENTS | UI_DATA_DUTY);
	return UI_R_BODY | UI_R_MSG | UI_R_RELOAD;
}

/* ---- member on / off duty ---- */

unsigned ui_rescue_toggle_member(struct ui *ui, const struct store_rescue_member *m)
{
	if (refuse_read_only(ui, "change a member's status"))
		return UI_R_MSG;
	if (!m) {
		ui_message(ui, PW_ROLE_WARN, "select a member first (m, then ] and [)");
		return UI_R_MSG;
	}
	/* Off duty comes back; anyone else goes off. A member out on a job is
	 * asked back to available, which the store refuses while the dispatch
	 * is open - its message says how to clear it. */
	const char *to = strcmp(m->status, "available") == 0 ? "off_duty" : "available";
	int rc = store_member_set_status(ui->st, m->id, to, ui->opts.operator_name, pw_now_ms());
	return done(ui, rc, "member", "member %lld %s: %s -> %s", (long long)m->id, m->name, m->status, to);
}

/* ---- lend ---- */

static unsigned lend_save(struct ui *ui, const char *due)
{
	struct store_equipment_loan l = {.equipment_code = g_job.code, .qty = (int)g_job.qty,
	                                 .borrower = g_job.borrower, .enterprise_code = g_job.enterprise,
	                                 .due = due && *due ? due : NULL};
	int64_t id = 0;
	int rc = store_equipment_loan(ui->st, &l, ui->opts.operator_name, pw_now_ms(), &id);
	return done(ui, rc, "lend", "loan %lld: %ld x %s to %s", (long long)id, g_job.qty, g_job.code,
	            *g_job.borrower ? g_job.borrower : g_job.enterprise);
}

static unsigned lend_due(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (*text && !pw_date_valid(text)) {
		ui_message(ui, PW_ROLE_ERROR, "the due date must be YYYY-MM-DD (or empty: no due date)");
		ask(ui, "Due date YYYY-MM-DD (Enter: none): ", text, 16, lend_due);
		return UI_R_MSG;
	}
	return lend_save(ui, text);
}

static unsigned lend_borrower(void *user, struct ui *ui, const char *text)
{
	(void)user;
	copy(g_job.borrower, sizeof g_job.borrower, text);
	if (!*g_job.borrower && !*g_job.enterprise) {
		ui_message(ui, PW_ROLE_WARN, "a loan needs an enterprise or a borrower: nothing lent");
		return UI_R_MSG;
	}
	ask(ui, "Due date YYYY-MM-DD (Enter: none): ", NULL, 16, lend_due);
	return UI_R_MSG;
}

static unsigned lend_enterprise(void *user, struct ui *ui, const char *text)
{
	(void)user;
	copy(g_job.enterprise, sizeof g_job.enterprise, text);
	ask(ui, *g_job.enterprise ? "Borrower, the person (Enter: the enterprise): "
	                          : "Borrower, the person: ",
	    NULL, STORE_RESCUE_BORROWER_MAX, lend_borrower);
	return UI_R_MSG;
}

static unsigned lend_qty(void *user, struct ui *ui, const char *text)
{
	(void)user;
	if (pw_parse_long(text, &g_job.qty) < 0 || g_job.qty < 1 || g_job.qty > 100000) {
		ui_message(ui, PW_ROLE_ERROR, "the quantity must be a positive number");
		ask(ui, "Quantity: ", "1", 8, lend_qty);
		return UI_R_MSG;
	}
	ask(ui, "To enterprise code (Enter: a person): ", NULL, sizeof g_job.enterprise - 1, lend_enterprise);
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
	copy(g_job.code, sizeof g_job.code, text);
	ask(ui, "Quantity: ", "1", 8, lend_qty);
	return UI_R_MSG;
}

unsigned ui_rescue_lend_start(struct ui *ui, const char *code)
{
	if (refuse_read_only(ui, "lend equipment"))
		return UI_R_MSG;
	g_job = (struct lend_job){0};
	ask(ui, "Lend equipment code: ", code, sizeof g_job.code - 1, lend_code);
	return UI_R_MSG;
}

/* ---- return ---- */

static unsigned return_yes(void *user, struct ui *ui)
{
	(void)user;
	int rc = store_loan_return(ui->st, g_job.loan, ui->opts.operator_name, pw_now_ms());
	return done(ui, rc, "return", "loan %lld returned", (long long)g_job.loan);
}

unsigned ui_rescue_return_start(struct ui *ui, const struct store_rescue_loan *l)
{
	if (refuse_read_only(ui, "return equipment"))
		return UI_R_MSG;
	if (!l) {
		ui_message(ui, PW_ROLE_WARN, "select a loan first (l, then ] and [)");
		return UI_R_MSG;
	}
	g_job.loan = l->id;
	char q[320];
	snprintf(q, sizeof q, "Return loan #%lld: %d x %s %s from %s? (y/n)", (long long)l->id, l->qty,
	         l->equipment_code, l->equipment, l->borrower);
	ui_ask(ui, q, return_yes, NULL, NULL);
	return UI_R_MSG;
}
