/*
 * incident_act.c - the linkage view's actions: dispatch (d), advance units
 * en route / on scene / cleared (e o c), change the status (S), add a note
 * (N), loan equipment (l) and return it (R). Each is one prompt on the message line, then one write through
 * store_incidents.h as the console's operator - the same transaction and
 * duty-log entry as `incident dispatch|advance|status|note`. A refused
 * action (nobody available, status not forward) shows the store's reason
 * and changes nothing. A read-only console refuses before asking.
 *
 * One dialogue at a time (the prompt is modal): its state is one static job.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident_ui.h"
#include "parkwatch/text.h"

static struct act_job {
	int64_t id;
	enum pw_dispatch_stage to;
} g_act;

static bool refuse_read_only(struct ui *ui, const char *what)
{
	if (!ui->opts.read_only)
		return false;
	ui_message(ui, PW_ROLE_WARN, "read-only console (--read-only): cannot %s", what);
	return true;
}

/* After a write or a refusal: report, and reload whatever shows incidents or members. */
static unsigned done(struct ui *ui, int rc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static unsigned done(struct ui *ui, int rc, const char *what, const char *fmt, ...)
{
	if (rc != 0) {
		ui_message(ui, rc == STORE_INCIDENT_REFUSED ? PW_ROLE_WARN : PW_ROLE_ERROR, "%s: %s", what,
		           store_errmsg(ui->st));
		return UI_R_MSG;
	}
	char m[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	ui_message(ui, PW_ROLE_OK, "%s", m);
	ui_views_mark_stale(ui, UI_DATA_INCIDENTS | UI_DATA_RESCUE | UI_DATA_DUTY);
	return UI_R_BODY | UI_R_MSG | UI_R_RELOAD;
}

static void ask(struct ui *ui, const char *label, const char *initial, size_t max, bool precious,
                unsigned (*submit)(void *, struct ui *, const char *))
{
	struct ui_prompt_spec spec = {.label = label, .initial = initial, .max_bytes = max,
	                              .confirm_discard = precious, .on_submit = submit};
	ui_prompt_open(ui, &spec);
}

/* ---- dispatch ---- */

static unsigned dispatch_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	while (*text == ' ')
		text++;
	if (!*text)
		return UI_R_MSG;
	const char *op = ui->opts.operator_name;
	long member = 0;
	if (text[0] == 'm' && pw_parse_long(text + 1, &member) == 0 && member > 0) {
		int rc = store_incident_dispatch_member(ui->st, g_act.id, member, op, pw_now_ms());
		return done(ui, rc, "dispatch", "member %ld dispatched to incident #%lld", member,
		            (long long)g_act.id);
	}
	int n = 0;
	int rc = store_incident_dispatch_team(ui->st, g_act.id, text, op, pw_now_ms(), &n);
	if (rc == PW_STORE_NOTFOUND) {
		ui_message(ui, PW_ROLE_ERROR, "dispatch: no team %s (m<id> sends one member)", text);
		return UI_R_MSG;
	}
	return done(ui, rc, "dispatch", "team %s dispatched to incident #%lld: %d members", text,
	            (long long)g_act.id, n);
}

unsigned ui_incident_dispatch_start(struct ui *ui, const struct store_linkage *l)
{
	if (refuse_read_only(ui, "dispatch"))
		return UI_R_MSG;
	g_act.id = l->inc.id;
	/* Suggest the team with the most available members: d, Enter sends it. */
	const struct store_rescue_team *best = NULL;
	for (size_t i = 0; i < l->rescue.nteams; i++)
		if (l->rescue.teams[i].available > 0 && (!best || l->rescue.teams[i].available > best->available))
			best = &l->rescue.teams[i];
	if (!best) {
		ui_message(ui, PW_ROLE_WARN, "no team has an available member");
		return UI_R_MSG;
	}
	char label[160];
	snprintf(label, sizeof label, "Dispatch to #%lld - team code (or m<member id>) [%s: %d available]: ",
	         (long long)l->inc.id, best->code, best->available);
	ask(ui, label, best->code, 64, false, dispatch_submit);
	return UI_R_MSG;
}

/* ---- advance ---- */

static unsigned advance_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	while (*text == ' ')
		text++;
	int n = 0;
	int rc = store_incident_advance_all(ui->st, g_act.id, text, g_act.to, ui->opts.operator_name,
	                                    pw_now_ms(), &n);
	return done(ui, rc, pw_dispatch_stage_name(g_act.to), "%d %s %s", n, n == 1 ? "unit" : "units",
	            pw_dispatch_stage_name(g_act.to));
}

unsigned ui_incident_advance_start(struct ui *ui, const struct store_linkage *l, enum pw_dispatch_stage to)
{
	if (refuse_read_only(ui, "move units"))
		return UI_R_MSG;
	g_act.id = l->inc.id;
	g_act.to = to;
	char label[120];
	snprintf(label, sizeof label, "Units %s - team code (Enter: every unit that can): ",
	         to == PW_DSP_EN_ROUTE ? "en route" : to == PW_DSP_ON_SCENE ? "on scene" : "cleared");
	ask(ui, label, NULL, 64, false, advance_submit);
	return UI_R_MSG;
}

/* ---- status ---- */

static unsigned status_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	while (*text == ' ')
		text++;
	enum pw_incident_status to;
	if (pw_incident_status_parse(text, &to) < 0) {
		ui_message(ui, PW_ROLE_ERROR, "status must be active, controlled or closed");
		return UI_R_MSG;
	}
	int rc = store_incident_set_status(ui->st, g_act.id, to, ui->opts.operator_name, pw_now_ms());
	return done(ui, rc, "status", "incident #%lld is %s", (long long)g_act.id, pw_incident_status_name(to));
}

unsigned ui_incident_status_start(struct ui *ui, const struct store_linkage *l)
{
	if (refuse_read_only(ui, "change the status"))
		return UI_R_MSG;
	if (l->inc.status == PW_INC_CLOSED) {
		ui_message(ui, PW_ROLE_WARN, "incident #%lld is closed", (long long)l->inc.id);
		return UI_R_MSG;
	}
	g_act.id = l->inc.id;
	ask(ui, "Status (active controlled closed; forward only): ",
	    pw_incident_status_name(l->inc.status + 1), 16, false, status_submit);
	return UI_R_MSG;
}

/* ---- note ---- */

static unsigned note_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	int rc = store_incident_note(ui->st, g_act.id, text, ui->opts.operator_name, pw_now_ms());
	return done(ui, rc, "note", "note added to incident #%lld", (long long)g_act.id);
}

unsigned ui_incident_note_start(struct ui *ui, const struct store_linkage *l)
{
	if (refuse_read_only(ui, "add a note"))
		return UI_R_MSG;
	g_act.id = l->inc.id;
	ask(ui, "Incident note: ", NULL, STORE_INCIDENT_TEXT_MAX, true, note_submit);
	return UI_R_MSG;
}

/* ---- equipment loans ---- */

static unsigned loan_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	char code[64];
	long qty = 1;
	int used = 0;
	if (sscanf(text, " %63s %n", code, &used) != 1) {
		ui_message(ui, PW_ROLE_WARN, "nothing loaned");
		return UI_R_MSG;
	}
	if (text[used] && (pw_parse_long(text + used, &qty) < 0 || qty < 1 || qty > 100000)) {
		ui_message(ui, PW_ROLE_ERROR, "loan: the quantity must be a positive number");
		return UI_R_MSG;
	}
	int64_t loan = 0;
	int rc = store_incident_loan(ui->st, g_act.id, code, (int)qty, NULL, ui->opts.operator_name,
	                             pw_now_ms(), &loan);
	if (rc == PW_STORE_NOTFOUND) {
		ui_message(ui, PW_ROLE_ERROR, "loan: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	return done(ui, rc, "loan", "loan %lld: %ld x %s to incident #%lld", (long long)loan, qty, code,
	            (long long)g_act.id);
}

unsigned ui_incident_loan_start(struct ui *ui, const struct store_linkage *l)
{
	if (refuse_read_only(ui, "loan equipment"))
		return UI_R_MSG;
	if (l->inc.status == PW_INC_CLOSED) {
		ui_message(ui, PW_ROLE_WARN, "incident #%lld is closed", (long long)l->inc.id);
		return UI_R_MSG;
	}
	g_act.id = l->inc.id;
	ask(ui, "Loan equipment - code and quantity (e.g. EQ-001 2): ", NULL, 80, false, loan_submit);
	return UI_R_MSG;
}

static unsigned return_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	long id = 0;
	if (pw_parse_long(text, &id) < 0 || id < 1) {
		ui_message(ui, PW_ROLE_ERROR, "return: give the loan id shown in the loans section");
		return UI_R_MSG;
	}
	int rc = store_loan_return(ui->st, id, ui->opts.operator_name, pw_now_ms());
	if (rc == PW_STORE_NOTFOUND) {
		ui_message(ui, PW_ROLE_ERROR, "return: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	return done(ui, rc, "return", "loan %ld returned", id);
}

unsigned ui_incident_return_start(struct ui *ui, const struct store_linkage *l)
{
	if (refuse_read_only(ui, "return equipment"))
		return UI_R_MSG;
	/* Suggest the oldest loan of this incident still out. */
	char initial[32] = "";
	for (size_t i = 0; i < l->nloans; i++)
		if (!l->loans[i].returned_at) {
			snprintf(initial, sizeof initial, "%lld", (long long)l->loans[i].id);
			break;
		}
	if (!*initial) {
		ui_message(ui, PW_ROLE_WARN, "no equipment of incident #%lld is out", (long long)l->inc.id);
		return UI_R_MSG;
	}
	ask(ui, "Return loan id: ", initial, 24, false, return_submit);
	return UI_R_MSG;
}
