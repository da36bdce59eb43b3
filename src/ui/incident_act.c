/*
 * incident_act.c - the linkage view's actions: dispatch (d), advance units
 * en route / on scene / cleared (e o c), change the status (S), add a note
 * (N), loan equipment (l) and return it (R). Each is one prompt on the
 * message line, then one write through store_incidents.h as the console's
 * operator - the same transaction and duty-log entry as `incident
 * dispatch|advance|status|note`. A refused action (nobody available, status
 * not forward) shows the store's reason and changes nothing. A read-only
 * console refuses before asking.
 *
 * Each action is a save job (save.h) from its prompt on: text that does
 * not parse brings the prompt back with it, a busy database queues it
 * ("saving..."), a full disk gives the prompt back with the text.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident_ui.h"
#include "parkwatch/spool.h"
#include "parkwatch/text.h"
#include "save.h"

/* One action's context, owned by its save job. */
struct act {
	int64_t id;                    /* the incident */
	enum pw_dispatch_stage to;     /* advance */
	char verb[16];                 /* "dispatch", "note"...: names a refusal */
	char done[256];                /* the success message, set by write() */
};

/* The success message of C, for report(). */
static void said(struct act *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void said(struct act *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(c->done, sizeof c->done, fmt, ap);
	va_end(ap);
}

/* After a write or a refusal: report, and reload whatever shows incidents or members. */
static unsigned act_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct act *c = ctx;
	if (rc != 0) {
		ui_message(ui, rc == STORE_INCIDENT_REFUSED ? PW_ROLE_WARN : PW_ROLE_ERROR, "%s: %s", c->verb,
		           store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_message(ui, PW_ROLE_OK, "%s", c->done);
	ui_views_mark_stale(ui, UI_DATA_INCIDENTS | UI_DATA_RESCUE | UI_DATA_DUTY);
	return UI_R_BODY | UI_R_MSG | UI_R_RELOAD;
}

/* LABEL's prompt for action VERB on incident ID (TO for an advance); OPS write it. */
static unsigned ask(struct ui *ui, const struct ui_save_ops *ops, int64_t id, enum pw_dispatch_stage to,
                    const char *verb, const char *label, const char *initial, size_t max, bool precious)
{
	struct act *c = xcalloc(1, sizeof *c);
	c->id = id;
	c->to = to;
	snprintf(c->verb, sizeof c->verb, "%s", verb);
	char what[64];
	snprintf(what, sizeof what, "%s on incident #%lld", verb, (long long)id);
	struct ui_save_spec spec = {.ops = ops, .what = what, .max_bytes = max, .precious = precious};
	return ui_save_prompt(ui, ui_save_begin(&spec, c), label, initial);
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* ---- dispatch ---- */

static int dispatch_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	const char *op = ui->opts.operator_name;
	text = skip_blanks(text);
	if (!*text)
		return ui_save_invalid("A team code, or m<member id>, please.");
	long member = 0;
	if (text[0] == 'm' && pw_parse_long(text + 1, &member) == 0 && member > 0) {
		said(c, "member %ld dispatched to incident #%lld", member, (long long)c->id);
		return store_incident_dispatch_member(ui->st, c->id, member, op, pw_now_ms());
	}
	int n = 0;
	int rc = store_incident_dispatch_team(ui->st, c->id, text, op, pw_now_ms(), &n);
	if (rc == PW_STORE_NOTFOUND)
		return ui_save_invalid("No team %.40s (m<id> sends one member).", text);
	said(c, "team %s dispatched to incident #%lld: %d members", text, (long long)c->id, n);
	return rc;
}

static const struct ui_save_ops dispatch_ops = {.write = dispatch_write, .report = act_report};

unsigned ui_incident_dispatch_start(struct ui *ui, const struct store_linkage *l)
{
	if (ui_refuse_read_only(ui, "dispatch"))
		return UI_R_MSG;
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
	return ask(ui, &dispatch_ops, l->inc.id, 0, "dispatch", label, best->code, 64, false);
}

/* ---- advance ---- */

static int advance_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	int n = 0;
	int rc = store_incident_advance_all(ui->st, c->id, skip_blanks(text), c->to, ui->opts.operator_name,
	                                    pw_now_ms(), &n);
	said(c, "%d %s %s", n, n == 1 ? "unit" : "units", pw_dispatch_stage_name(c->to));
	return rc;
}

static const struct ui_save_ops advance_ops = {.write = advance_write, .report = act_report};

unsigned ui_incident_advance_start(struct ui *ui, const struct store_linkage *l, enum pw_dispatch_stage to)
{
	if (ui_refuse_read_only(ui, "move units"))
		return UI_R_MSG;
	char label[120];
	snprintf(label, sizeof label, "Units %s - team code (Enter: every unit that can): ",
	         to == PW_DSP_EN_ROUTE ? "en route" : to == PW_DSP_ON_SCENE ? "on scene" : "cleared");
	return ask(ui, &advance_ops, l->inc.id, to, pw_dispatch_stage_name(to), label, NULL, 64, false);
}

/* ---- status ---- */

static int status_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	enum pw_incident_status to;
	if (pw_incident_status_parse(skip_blanks(text), &to) < 0)
		return ui_save_invalid("Status must be active, controlled or closed.");
	said(c, "incident #%lld is %s", (long long)c->id, pw_incident_status_name(to));
	return store_incident_set_status(ui->st, c->id, to, ui->opts.operator_name, pw_now_ms());
}

static const struct ui_save_ops status_ops = {.write = status_write, .report = act_report};

unsigned ui_incident_status_start(struct ui *ui, const struct store_linkage *l)
{
	if (ui_refuse_read_only(ui, "change the status"))
		return UI_R_MSG;
	if (l->inc.status == PW_INC_CLOSED) {
		ui_message(ui, PW_ROLE_WARN, "incident #%lld is closed", (long long)l->inc.id);
		return UI_R_MSG;
	}
	return ask(ui, &status_ops, l->inc.id, 0, "status", "Status (active controlled closed; forward only): ",
	           pw_incident_status_name(l->inc.status + 1), 16, false);
}

/* ---- note ---- */

static int note_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	said(c, "note added to incident #%lld", (long long)c->id);
	return store_incident_note(ui->st, c->id, text, ui->opts.operator_name, pw_now_ms());
}

/* For the spool at exit: replayed on the incident, at the time it was typed. */
static void note_spool(struct ui *ui, void *ctx, struct pw_spool_entry *e)
{
	(void)ui;
	struct act *c = ctx;
	free(e->kind);
	e->kind = xstrdup(PW_SPOOL_INCIDENT_NOTE);
	pw_spool_arg_set_int(e, "incident", c->id);
}

static const struct ui_save_ops note_ops = {.write = note_write, .report = act_report, .spool = note_spool};

unsigned ui_incident_note_start(struct ui *ui, const struct store_linkage *l)
{
	if (ui_refuse_read_only(ui, "add a note"))
		return UI_R_MSG;
	return ask(ui, &note_ops, l->inc.id, 0, "note", "Incident note: ", NULL, STORE_INCIDENT_TEXT_MAX, true);
}

/* ---- equipment loans ---- */

static int loan_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	char code[64];
	long qty = 1;
	int used = 0;
	if (sscanf(text, " %63s %n", code, &used) != 1)
		return ui_save_invalid("An equipment code, and a quantity if more than one.");
	if (text[used] && (pw_parse_long(text + used, &qty) < 0 || qty < 1 || qty > 100000))
		return ui_save_invalid("The quantity must be a positive number.");
	int64_t loan = 0;
	int rc = store_incident_loan(ui->st, c->id, code, (int)qty, NULL, ui->opts.operator_name, pw_now_ms(),
	                             &loan);
	if (rc == PW_STORE_NOTFOUND)
		return ui_save_invalid("%.100s.", store_errmsg(ui->st));
	said(c, "loan %lld: %ld x %s to incident #%lld", (long long)loan, qty, code, (long long)c->id);
	return rc;
}

static const struct ui_save_ops loan_ops = {.write = loan_write, .report = act_report};

unsigned ui_incident_loan_start(struct ui *ui, const struct store_linkage *l)
{
	if (ui_refuse_read_only(ui, "loan equipment"))
		return UI_R_MSG;
	if (l->inc.status == PW_INC_CLOSED) {
		ui_message(ui, PW_ROLE_WARN, "incident #%lld is closed", (long long)l->inc.id);
		return UI_R_MSG;
	}
	return ask(ui, &loan_ops, l->inc.id, 0, "loan", "Loan equipment - code and quantity (e.g. EQ-001 2): ",
	           NULL, 80, false);
}

static int return_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	long id = 0;
	if (pw_parse_long(text, &id) < 0 || id < 1)
		return ui_save_invalid("Give the loan id shown in the loans section.");
	int rc = store_loan_return(ui->st, id, ui->opts.operator_name, pw_now_ms());
	if (rc == PW_STORE_NOTFOUND)
		return ui_save_invalid("%.100s.", store_errmsg(ui->st));
	said(c, "loan %ld returned", id);
	return rc;
}

static const struct ui_save_ops return_ops = {.write = return_write, .report = act_report};

unsigned ui_incident_return_start(struct ui *ui, const struct store_linkage *l)
{
	if (ui_refuse_read_only(ui, "return equipment"))
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
	return ask(ui, &return_ops, l->inc.id, 0, "return", "Return loan id: ", initial, 24, false);
}
