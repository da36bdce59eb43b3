/*
 * alarm_act.c - the operator's alarm actions from the console: `a`
 * acknowledge with a comment, `A` acknowledge every visible alarm with one
 * comment, `s` shelve for a chosen time with a reason, `u` unshelve. The
 * writes are store_alarms.h's (alarm row, alarm_events row and duty-log
 * entry in one transaction), made as the console's operator.
 *
 * An action is a job that lives from its first prompt until it is saved or
 * discarded. When the database refuses the write for a database reason
 * (busy beyond the 5 s timeout, locked, disk full) the job is kept with
 * everything typed, "saving..." is shown and ui_alarm_tick() retries it
 * once a second; after GIVE_UP_MS the prompt returns with the text so the
 * operator decides. Refusals by the alarm's state (another console got there
 * first) are final and reported as they are.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "parkwatch/store.h"

#define RETRY_MS 1000            /* first retry; doubles up to RETRY_MAX_MS */
#define RETRY_MAX_MS 8000        /* each try may wait out the store's 5 s busy timeout */
#define GIVE_UP_MS 60000

enum job_kind { JOB_ACK, JOB_ACK_MANY, JOB_SHELVE, JOB_UNSHELVE };

struct job {
	enum job_kind kind;
	int64_t id;               /* one alarm (not JOB_ACK_MANY) */
	int64_t *ids;             /* JOB_ACK_MANY: the alarms, copied when asked */
	size_t n;
	char *what;               /* "#12 E0002-NH3-01 P1" or "5 alarms" */
	char *text;               /* comment or reason, once typed */
	int minutes;              /* JOB_SHELVE */
	bool queued;              /* typed and waiting for a retry */
	int attempts;             /* failed tries so far */
	int64_t first_fail;       /* mono ms */
	int64_t next_try;
	char *last_error;
	struct job *next;
};

/* Every job alive: in a dialogue or queued for a retry. */
static struct job *g_jobs;

static struct job *job_new(enum job_kind kind)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->kind = kind;
	j->next = g_jobs;
	g_jobs = j;
	return j;
}

static void job_free(struct job *j)
{
	for (struct job **p = &g_jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	free(j->ids);
	free(j->what);
	free(j->text);
	free(j->last_error);
	free(j);
}

void ui_alarm_actions_free(void)
{
	while (g_jobs)
		job_free(g_jobs);
}

bool ui_alarm_saving(void)
{
	for (const struct job *j = g_jobs; j; j = j->next)
		if (j->queued)
			return true;
	return false;
}

static bool refuse_read_only(struct ui *ui, const char *verb)
{
	if (!ui->opts.read_only)
		return false;
	ui_message(ui, PW_ROLE_WARN, "read-only console (--read-only): cannot %s alarms", verb);
	return true;
}

static char *describe(const struct store_alarm *a)
{
	return xasprintf("#%lld %s %s", (long long)a->id, a->sensor_code ? a->sensor_code : "?",
	                 ui_prio_label(a->priority));
}

/* ---- writing ---- */

static const char *verb_of(const struct job *j)
{
	switch (j->kind) {
	case JOB_ACK:
	case JOB_ACK_MANY: return "acknowledge";
	case JOB_SHELVE: return "shelve";
	default: return "unshelve";
	}
}

static void report_success(struct ui *ui, const struct job *j, const char *state, size_t acked)
{
	switch (j->kind) {
	case JOB_ACK:
		ui_message(ui, PW_ROLE_OK, "acknowledged %s: now %s", j->what, ui_alarm_state_label(state));
		break;
	case JOB_ACK_MANY:
		if (acked == j->n)
			ui_message(ui, PW_ROLE_OK, "acknowledged %zu alarms", acked);
		else
			ui_message(ui, PW_ROLE_OK, "acknowledged %zu of %zu alarms (%zu no longer needed it)",
			           acked, j->n, j->n - acked);
		break;
	case JOB_SHELVE:
		ui_message(ui, PW_ROLE_OK, "shelved %s for %d min", j->what, j->minutes);
		break;
	case JOB_UNSHELVE:
		ui_message(ui, PW_ROLE_OK, "unshelved %s: now %s", j->what, ui_alarm_state_label(state));
		break;
	}
}

static int job_write(struct ui *ui, struct job *j, char state[STORE_ALARM_STATE_SZ], size_t *acked)
{
	const char *op = ui->opts.operator_name;
	switch (j->kind) {
	case JOB_ACK:
		return store_alarm_ack(ui->st, j->id, op, j->text, state);
	case JOB_ACK_MANY:
		return store_alarm_ack_many(ui->st, j->ids, j->n, op, j->text, acked);
	case JOB_SHELVE:
		return store_alarm_shelve(ui->st, j->id, j->minutes, j->text, op, pw_now_ms(), state);
	default:
		return store_alarm_unshelve(ui->st, j->id, op, state);
	}
}

/* Try to save J once: done (freed), refused (freed) or queued for a retry. */
static unsigned job_run(struct ui *ui, struct job *j)
{
	char state[STORE_ALARM_STATE_SZ] = "";
	size_t acked = 0;
	int rc = job_write(ui, j, state, &acked);
	if (rc >= 0) {
		if (rc == 0)
			report_success(ui, j, state, acked);
		else
			ui_message(ui, PW_ROLE_ERROR, "cannot %s %s: %s", verb_of(j), j->what, store_errmsg(ui->st));
		/* Saved or refused, the lists are out of date either way. */
		ui_data_changed(UI_DATA_ALARMS | UI_DATA_DUTY);
		job_free(j);
		return UI_R_MSG | UI_R_BODY;
	}
	int64_t now = pw_mono_ms();
	if (!j->queued) {
		j->first_fail = now;
		j->attempts = 0;
	}
	j->queued = true;
	int64_t wait = (int64_t)RETRY_MS << (j->attempts < 4 ? j->attempts : 4);
	j->next_try = now + (wait < RETRY_MAX_MS ? wait : RETRY_MAX_MS);
	j->attempts++;
	free(j->last_error);
	j->last_error = xstrdup(store_errmsg(ui->st));
	ui_message(ui, PW_ROLE_WARN, "saving... %s %s: %s (retrying; nothing typed is lost)", verb_of(j),
	           j->what, j->last_error);
	return UI_R_MSG | UI_R_BODY;
}

/* ---- dialogues ---- */

static unsigned job_cancel(void *user, struct ui *ui)
{
	struct job *j = user;
	ui_message(ui, PW_ROLE_DIM, "%s %s: cancelled", verb_of(j), j->what);
	job_free(j);
	return UI_R_MSG;
}

static unsigned text_submit(void *user, struct ui *ui, const char *text)
{
	struct job *j = user;
	free(j->text);
	j->text = xstrdup(text);
	return job_run(ui, j);
}

/* The comment prompt of an acknowledgement; PRE says why it is back (or ""). */
static unsigned comment_prompt(struct ui *ui, struct job *j, const char *pre, const char *initial)
{
	char *label = xasprintf("%sAck %s, comment (may be empty): ", pre, j->what);
	struct ui_prompt_spec spec = {
		.label = label, .initial = initial, .max_bytes = STORE_ALARM_COMMENT_MAX,
		.confirm_discard = true, .on_submit = text_submit, .on_cancel = job_cancel, .user = j,
	};
	ui_prompt_open(ui, &spec);
	free(label);
	return UI_R_MSG;
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
	struct job *j = job_new(JOB_ACK);
	j->id = a->id;
	j->what = describe(a);
	return comment_prompt(ui, j, "", NULL);
}

static unsigned many_yes(void *user, struct ui *ui)
{
	return comment_prompt(ui, user, "", NULL);
}

static unsigned many_no(void *user, struct ui *ui)
{
	return job_cancel(user, ui);
}

unsigned ui_alarm_ack_many_start(struct ui *ui, const int64_t *ids, size_t n)
{
	if (refuse_read_only(ui, "acknowledge"))
		return UI_R_MSG;
	if (n == 0) {
		ui_message(ui, PW_ROLE_WARN, "no unacknowledged alarm in view");
		return UI_R_MSG;
	}
	struct job *j = job_new(JOB_ACK_MANY);
	j->ids = xcalloc(n, sizeof *j->ids);
	memcpy(j->ids, ids, n * sizeof *ids);
	j->n = n;
	j->what = xasprintf("%zu alarm%s", n, n == 1 ? "" : "s");
	char q[96];
	snprintf(q, sizeof q, "Acknowledge %zu alarm%s? y/n", n, n == 1 ? "" : "s");
	ui_ask(ui, q, many_yes, many_no, j);
	return UI_R_MSG;
}

static unsigned reason_prompt(struct ui *ui, struct job *j, const char *pre, const char *initial);
static unsigned minutes_prompt(struct ui *ui, struct job *j, const char *pre, const char *initial);

static unsigned reason_submit(void *user, struct ui *ui, const char *text)
{
	struct job *j = user;
	if (text[strspn(text, " ")] == '\0')
		return reason_prompt(ui, j, "A reason is required. ", NULL);
	return text_submit(user, ui, text);
}

static unsigned reason_prompt(struct ui *ui, struct job *j, const char *pre, const char *initial)
{
	char *label = xasprintf("%sShelve %s %d min, reason: ", pre, j->what, j->minutes);
	struct ui_prompt_spec spec = {
		.label = label, .initial = initial, .max_bytes = STORE_ALARM_COMMENT_MAX,
		.confirm_discard = true, .on_submit = reason_submit, .on_cancel = job_cancel, .user = j,
	};
	ui_prompt_open(ui, &spec);
	free(label);
	return UI_R_MSG;
}

static unsigned minutes_submit(void *user, struct ui *ui, const char *text)
{
	struct job *j = user;
	long m;
	if (pw_parse_long(text, &m) != 0 || m < 1 || m > STORE_ALARM_SHELVE_MAX_MIN) {
		char pre[64];
		snprintf(pre, sizeof pre, "1-%d only. ", STORE_ALARM_SHELVE_MAX_MIN);
		return minutes_prompt(ui, j, pre, NULL);
	}
	j->minutes = (int)m;
	return reason_prompt(ui, j, "", NULL);
}

static unsigned minutes_prompt(struct ui *ui, struct job *j, const char *pre, const char *initial)
{
	char *label = xasprintf("%sShelve %s, minutes (15 30 60 120 480): ", pre, j->what);
	struct ui_prompt_spec spec = {
		.label = label, .initial = initial, .max_bytes = 8,
		.on_submit = minutes_submit, .on_cancel = job_cancel, .user = j,
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
	struct job *j = job_new(JOB_SHELVE);
	j->id = a->id;
	j->what = describe(a);
	return minutes_prompt(ui, j, "", NULL);
}

static unsigned unshelve_yes(void *user, struct ui *ui)
{
	return job_run(ui, user);
}

unsigned ui_alarm_unshelve_start(struct ui *ui, const struct store_alarm *a)
{
	if (refuse_read_only(ui, "unshelve"))
		return UI_R_MSG;
	if (strcmp(a->state, "shelved") != 0) {
		ui_message(ui, PW_ROLE_WARN, "#%lld is not shelved", (long long)a->id);
		return UI_R_MSG;
	}
	struct job *j = job_new(JOB_UNSHELVE);
	j->id = a->id;
	j->what = describe(a);
	char *q = xasprintf("Unshelve %s now? y/n", j->what);
	ui_ask(ui, q, unshelve_yes, many_no, j);
	free(q);
	return UI_R_MSG;
}

/* ---- retries ---- */

/* Give the operator the job back after GIVE_UP_MS of failures. */
static unsigned give_back(struct ui *ui, struct job *j)
{
	j->queued = false;
	char pre[160];
	snprintf(pre, sizeof pre, "NOT SAVED (%.60s), Enter retries. ", j->last_error ? j->last_error : "?");
	switch (j->kind) {
	case JOB_ACK:
	case JOB_ACK_MANY:
		return comment_prompt(ui, j, pre, j->text);
	case JOB_SHELVE:
		return reason_prompt(ui, j, pre, j->text);
	default: {
		char *q = xasprintf("%s: unshelve %s again? y/n", pre, j->what);
		ui_ask(ui, q, unshelve_yes, many_no, j);
		free(q);
		return UI_R_MSG;
	}
	}
}

unsigned ui_alarm_tick(struct ui *ui, int64_t mono)
{
	unsigned r = UI_R_NONE;
	struct job *next;
	for (struct job *j = g_jobs; j; j = next) {
		next = j->next;
		if (!j->queued || mono < j->next_try)
			continue;
		if (mono - j->first_fail >= GIVE_UP_MS) {
			/* Only when the message line is free: never replace what is being typed. */
			if (!ui->prompt.active && !ui->question.active)
				r |= give_back(ui, j);
			continue;
		}
		r |= job_run(ui, j);
	}
	return r;
}
