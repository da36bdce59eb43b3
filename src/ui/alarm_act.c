/*
 * alarm_act.c - the operator's alarm actions from the console: `a`
 * acknowledge with a comment, `A` acknowledge every visible alarm with one
 * comment, `s` shelve for a chosen time with a reason, `u` unshelve. The
 * writes are store_alarms.h's (alarm row, alarm_events row and duty-log
 * entry in one transaction), made as the console's operator.
 *
 * Each action is a save job (save.h) from its first prompt on: a busy
 * database queues it with everything typed and "saving...", a full disk
 * gives the prompt back with the text. Refusals by the alarm's state
 * (another console got there first) are final and reported as they are.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "parkwatch/spool.h"
#include "parkwatch/store.h"
#include "save.h"

enum job_kind { JOB_ACK, JOB_ACK_MANY, JOB_SHELVE, JOB_UNSHELVE };

/* One action's context (save.h owns it once the job begins). */
struct act {
	enum job_kind kind;
	int64_t id;               /* one alarm (not JOB_ACK_MANY) */
	int64_t *ids;             /* JOB_ACK_MANY: the alarms, copied when asked */
	size_t n;
	char *what;               /* "#12 E0002-NH3-01 P1" or "5 alarms" */
	int minutes;              /* JOB_SHELVE */
	char state[STORE_ALARM_STATE_SZ]; /* after the write */
	size_t acked;             /* JOB_ACK_MANY, after the write */
};

static bool refuse_read_only(struct ui *ui, const char *verb)
{
	char what[48];
	snprintf(what, sizeof what, "%s alarms", verb);
	return ui_refuse_read_only(ui, what);
}

static char *describe(const struct store_alarm *a)
{
	return xasprintf("#%lld %s %s", (long long)a->id, a->sensor_code ? a->sensor_code : "?",
	                 ui_prio_label(a->priority));
}

/* ---- writing ---- */

static const char *verb_of(const struct act *c)
{
	switch (c->kind) {
	case JOB_ACK:
	case JOB_ACK_MANY: return "acknowledge";
	case JOB_SHELVE: return "shelve";
	default: return "unshelve";
	}
}

static int act_write(struct ui *ui, void *ctx, const char *text)
{
	struct act *c = ctx;
	const char *op = ui->opts.operator_name;
	switch (c->kind) {
	case JOB_ACK:
		return store_alarm_ack(ui->st, c->id, op, text, c->state);
	case JOB_ACK_MANY:
		return store_alarm_ack_many(ui->st, c->ids, c->n, op, text, &c->acked);
	case JOB_SHELVE:
		if (text[strspn(text, " ")] == '\0')
			return ui_save_invalid("A reason is required.");
		return store_alarm_shelve(ui->st, c->id, c->minutes, text, op, pw_now_ms(), c->state);
	default:
		return store_alarm_unshelve(ui->st, c->id, op, c->state);
	}
}

static unsigned act_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct act *c = ctx;
	/* Saved or refused, the lists are out of date either way. */
	ui_data_changed(UI_DATA_ALARMS | UI_DATA_DUTY);
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "cannot %s %s: %s", verb_of(c), c->what, store_errmsg(ui->st));
		return UI_R_MSG | UI_R_BODY;
	}
	switch (c->kind) {
	case JOB_ACK:
		ui_message(ui, PW_ROLE_OK, "acknowledged %s: now %s", c->what, ui_alarm_state_label(c->state));
		break;
	case JOB_ACK_MANY:
		if (c->acked == c->n)
			ui_message(ui, PW_ROLE_OK, "acknowledged %zu alarms", c->acked);
		else
			ui_message(ui, PW_ROLE_OK, "acknowledged %zu of %zu alarms (%zu no longer needed it)",
			           c->acked, c->n, c->n - c->acked);
		break;
	case JOB_SHELVE:
		ui_message(ui, PW_ROLE_OK, "shelved %s for %d min", c->what, c->minutes);
		break;
	case JOB_UNSHELVE:
		ui_message(ui, PW_ROLE_OK, "unshelved %s: now %s", c->what, ui_alarm_state_label(c->state));
		break;
	}
	return UI_R_MSG | UI_R_BODY;
}

static void act_free(void *ctx)
{
	struct act *c = ctx;
	free(c->ids);
	free(c->what);
	free(c);
}

/* For the spool at exit: one alarm's action is replayed; "A" stays a note with its comment. */
static void act_spool(struct ui *ui, void *ctx, struct pw_spool_entry *e)
{
	(void)ui;
	struct act *c = ctx;
	const char *kind = c->kind == JOB_ACK ? PW_SPOOL_ALARM_ACK
	                   : c->kind == JOB_SHELVE ? PW_SPOOL_ALARM_SHELVE
	                   : c->kind == JOB_UNSHELVE ? PW_SPOOL_ALARM_UNSHELVE
	                                             : NULL;
	if (!kind)
		return;
	free(e->kind);
	e->kind = xstrdup(kind);
	pw_spool_arg_set_int(e, "alarm", c->id);
	if (c->kind == JOB_SHELVE)
		pw_spool_arg_set_int(e, "minutes", c->minutes);
}

static const struct ui_save_ops act_ops = {.write = act_write, .report = act_report, .free = act_free,
                                           .spool = act_spool};

/* A job for an action of KIND on WHAT (taken). */
static struct ui_save_job *act_begin(enum job_kind kind, int64_t id, char *what)
{
	struct act *c = xcalloc(1, sizeof *c);
	c->kind = kind;
	c->id = id;
	c->what = what;
	char *label = xasprintf("%s %s", verb_of(c), what);
	struct ui_save_spec spec = {.ops = &act_ops, .what = label, .max_bytes = STORE_ALARM_COMMENT_MAX,
	                            .precious = kind != JOB_UNSHELVE};
	struct ui_save_job *j = ui_save_begin(&spec, c);
	free(label);
	return j;
}

/* ---- dialogues ---- */

static unsigned comment_prompt(struct ui *ui, struct ui_save_job *j)
{
	struct act *c = ui_save_ctx(j);
	char *label = xasprintf("Ack %s, comment (may be empty): ", c->what);
	unsigned r = ui_save_prompt(ui, j, label, NULL);
	free(label);
	return r;
}

unsigned ui_alarm_ack_start(struct ui *ui, const struct store_alarm *a)
{
	if (refuse_read_only(ui, "acknowledge"))
		return UI_R_MSG;
	if (!ui_alarm_ackable(a)) {
		ui_message(ui, PW_ROLE_WARN, "#%lld is %s: nothing to acknowledge", (long long)a->id,
		           a->acked ? "already acknowledged" : ui_alarm_state_label(a->state));
		return UI_R_MSG;
	}
	return comment_prompt(ui, act_begin(JOB_ACK, a->id, describe(a)));
}

static unsigned many_yes(void *user, struct ui *ui)
{
	return comment_prompt(ui, user);
}

unsigned ui_alarm_ack_many_start(struct ui *ui, const int64_t *ids, size_t n)
{
	if (refuse_read_only(ui, "acknowledge"))
		return UI_R_MSG;
	if (n == 0) {
		ui_message(ui, PW_ROLE_WARN, "no unacknowledged alarm in view");
		return UI_R_MSG;
	}
	struct ui_save_job *j = act_begin(JOB_ACK_MANY, 0, xasprintf("%zu alarm%s", n, n == 1 ? "" : "s"));
	struct act *c = ui_save_ctx(j);
	c->ids = xcalloc(n, sizeof *c->ids);
	memcpy(c->ids, ids, n * sizeof *ids);
	c->n = n;
	char q[96];
	snprintf(q, sizeof q, "Acknowledge %zu alarm%s? y/n", n, n == 1 ? "" : "s");
	ui_ask(ui, q, many_yes, ui_save_discard, j);
	return UI_R_MSG;
}

static unsigned minutes_prompt(struct ui *ui, struct ui_save_job *j, const char *pre);

static unsigned minutes_submit(void *user, struct ui *ui, const char *text)
{
	struct ui_save_job *j = user;
	struct act *c = ui_save_ctx(j);
	long m;
	if (pw_parse_long(text, &m) != 0 || m < 1 || m > STORE_ALARM_SHELVE_MAX_MIN) {
		char pre[64];
		snprintf(pre, sizeof pre, "1-%d only. ", STORE_ALARM_SHELVE_MAX_MIN);
		return minutes_prompt(ui, j, pre);
	}
	c->minutes = (int)m;
	char *label = xasprintf("Shelve %s %d min, reason: ", c->what, c->minutes);
	unsigned r = ui_save_prompt(ui, j, label, NULL);
	free(label);
	return r;
}

static unsigned minutes_prompt(struct ui *ui, struct ui_save_job *j, const char *pre)
{
	struct act *c = ui_save_ctx(j);
	char *label = xasprintf("%sShelve %s, minutes (15 30 60 120 480): ", pre, c->what);
	struct ui_prompt_spec spec = {
		.label = label, .max_bytes = 8,
		.on_submit = minutes_submit, .on_cancel = ui_save_discard, .user = j,
	};
	ui_prompt_open(ui, &spec);
	free(label);
	return UI_R_MSG;
}

unsigned ui_alarm_shelve_start(struct ui *ui, const struct store_alarm *a)
{
	if (refuse_read_only(ui, "shelve"))
		return UI_R_MSG;
	if (strcmp(a->state, "cleared") == 0) {
		ui_message(ui, PW_ROLE_WARN, "#%lld is cleared: nothing to shelve", (long long)a->id);
		return UI_R_MSG;
	}
	return minutes_prompt(ui, act_begin(JOB_SHELVE, a->id, describe(a)), "");
}

static unsigned unshelve_yes(void *user, struct ui *ui)
{
	return ui_save_submit(ui, user, NULL, NULL);
}

unsigned ui_alarm_unshelve_start(struct ui *ui, const struct store_alarm *a)
{
	if (refuse_read_only(ui, "unshelve"))
		return UI_R_MSG;
	if (strcmp(a->state, "shelved") != 0) {
		ui_message(ui, PW_ROLE_WARN, "#%lld is not shelved", (long long)a->id);
		return UI_R_MSG;
	}
	char *what = describe(a);
	char *q = xasprintf("Unshelve %s now? y/n", what);
	ui_ask(ui, q, unshelve_yes, ui_save_discard, act_begin(JOB_UNSHELVE, a->id, what));
	free(q);
	return UI_R_MSG;
}
