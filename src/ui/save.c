/*
 * save.c - the operator's writes, kept until they are saved (see save.h).
 *
 * A job is one action: its context, the text typed and its prompt. It is on
 * one list from its first prompt until it is saved, refused or discarded, so
 * closing the console frees every job, in a dialogue or queued. The queue is
 * the jobs waiting for a retry, in the order they were made; a retry stops
 * at the first that is still busy, so a later write never overtakes an
 * earlier one (an acknowledgement before the shelve of the same alarm).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/spool.h"
#include "parkwatch/store.h"
#include "parkwatch/store_spool.h"
#include "parkwatch/text.h"
#include "save.h"
#include "ui_private.h"

#define RETRY_MS 1000        /* a queued write is tried once a second... */
#define RETRY_WAIT_MS 100    /* ...waiting this long for the lock, not the console's full wait */
#define SPOOL_RETRY_MS 10000 /* an earlier console's spool, when the start could not save it */

struct ui_save_job {
	struct ui_save_spec spec; /* what: an owned copy */
	char *label;              /* the prompt the text was typed at, or NULL */
	void *ctx;
	char *text;               /* typed; NULL until submitted */
	int64_t typed_at;         /* wall-clock ms of the last submit (for the spool) */
	bool queued;
	uint64_t order;           /* queue order: when it was first queued */
	int64_t first_fail;       /* mono ms */
	int64_t next_try;
	char *why;                /* the last failure */
	struct ui_save_job *next;
};

static struct ui_save_job *g_jobs;
static uint64_t g_order;
static char g_invalid[160];   /* why the last write() refused its text */

int ui_save_invalid(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pw_vformat(g_invalid, sizeof g_invalid, fmt, ap);
	va_end(ap);
	return UI_SAVE_INVALID;
}

bool ui_refuse_read_only(struct ui *ui, const char *what)
{
	if (!ui->opts.read_only)
		return false;
	ui_message(ui, PW_ROLE_WARN, "read-only console (--read-only): cannot %s", what);
	return true;
}

void ui_copy_text(char *dst, size_t n, const char *src)
{
	size_t len = src ? pw_utf8_cut(src, strlen(src), n - 1) : 0;
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

struct ui_save_job *ui_save_begin(const struct ui_save_spec *spec, void *ctx)
{
	struct ui_save_job *j = xcalloc(1, sizeof *j);
	j->spec = *spec;
	j->spec.what = xstrdup(spec->what ? spec->what : "the change");
	j->ctx = ctx;
	j->next = g_jobs;
	g_jobs = j;
	return j;
}

static void job_free(struct ui_save_job *j)
{
	for (struct ui_save_job **p = &g_jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	if (j->spec.ops->free)
		j->spec.ops->free(j->ctx);
	else
		free(j->ctx);
	free((char *)j->spec.what);
	free(j->label);
	free(j->text);
	free(j->why);
	free(j);
}

void ui_save_free_all(void)
{
	while (g_jobs)
		job_free(g_jobs);
}

static bool g_retrying;   /* ui_save_tick() is running a queued job */

bool ui_save_retrying(void)
{
	return g_retrying;
}

size_t ui_save_pending(void)
{
	size_t n = 0;
	for (const struct ui_save_job *j = g_jobs; j; j = j->next)
		n += j->queued;
	return n;
}

static bool queue_busy_before(const struct ui_save_job *self)
{
	for (const struct ui_save_job *j = g_jobs; j; j = j->next)
		if (j != self && j->queued)
			return true;
	return false;
}

/* ---- giving back ---- */

static unsigned job_submit(void *user, struct ui *ui, const char *text);
static unsigned job_try(struct ui *ui, struct ui_save_job *j);

void *ui_save_ctx(struct ui_save_job *job)
{
	return job->ctx;
}

unsigned ui_save_discard(void *job, struct ui *ui)
{
	struct ui_save_job *j = job;
	ui_message(ui, j->why ? PW_ROLE_WARN : PW_ROLE_DIM, "%s: %s", j->spec.what,
	           j->why ? "discarded, not saved" : "cancelled");
	job_free(j);
	return UI_R_MSG;
}

static unsigned job_again(void *user, struct ui *ui)
{
	return job_try(ui, user);
}

static unsigned open_prompt(struct ui *ui, struct ui_save_job *j, const char *pre, const char *initial)
{
	char *label = xasprintf("%s%s", pre, j->label);
	struct ui_prompt_spec p = {
		.label = label, .initial = initial, .max_bytes = j->spec.max_bytes,
		.confirm_discard = j->spec.precious, .on_submit = job_submit, .on_cancel = ui_save_discard,
		.user = j,
	};
	ui_prompt_open(ui, &p);
	free(label);
	return UI_R_MSG;
}

/* Hand J back to the operator: its prompt with the text, or a question. */
static unsigned give_back(struct ui *ui, struct ui_save_job *j)
{
	j->queued = false;
	const char *why = j->why ? j->why : "?";
	ui_message(ui, PW_ROLE_ERROR, "NOT SAVED: %s: %s", j->spec.what, why);
	ui_bell();
	if (j->label) {
		char *pre = xasprintf("NOT SAVED (%.60s), Enter retries. ", why);
		unsigned r = open_prompt(ui, j, pre, j->text);
		free(pre);
		return r;
	}
	char *q = xasprintf("NOT SAVED (%.60s): %s. Try again? y/n", why, j->spec.what);
	ui_ask(ui, q, job_again, ui_save_discard, j);
	free(q);
	return UI_R_MSG;
}

/* ---- trying ---- */

static void queue(struct ui *ui, struct ui_save_job *j, int64_t now)
{
	j->next_try = now + RETRY_MS;
	if (j->queued)
		return;   /* the status line keeps saying "saving" */
	j->queued = true;
	j->order = ++g_order;
	j->first_fail = now;
	ui_message(ui, PW_ROLE_WARN, "saving... %s: %s; retrying", j->spec.what,
	           j->why ? j->why : "after the changes still waiting");
}

static void set_why(struct ui_save_job *j, const char *why)
{
	free(j->why);
	j->why = xstrdup(why);
}

/*
 * A retry from the queue that needs the message line (a prompt or a
 * question) waits while the operator is typing or answering something
 * else: opening its own would throw that away.
 */
static bool wait_for_line(struct ui *ui, struct ui_save_job *j, int64_t now)
{
	if (!j->queued || (!ui->prompt.active && !ui->question.active))
		return false;
	j->next_try = now + RETRY_MS;
	return true;
}

/*
 * Try J once. Saved or refused: reported and freed. Invalid text: back to
 * the prompt. Busy (or an earlier write still queued): queued. Anything
 * else: given back, or left to the caller.
 */
static unsigned job_run(struct ui *ui, struct ui_save_job *j, int64_t now, enum ui_save_outcome *out)
{
	if (!j->queued && queue_busy_before(j)) {
		/* Keep the order: after the writes already waiting. */
		*out = UI_SAVE_QUEUED;
		queue(ui, j, now);
		j->next_try = now;
		return UI_R_MSG | UI_R_STATUS;
	}
	const char *text = j->text ? j->text : "";
	int rc = j->spec.ops->write(ui, j->ctx, text);
	if (rc == UI_SAVE_INVALID) {
		*out = UI_SAVE_NOT_SAVED;
		if (wait_for_line(ui, j, now))
			return UI_R_NONE;
		j->queued = false;
		if (!j->label) {
			ui_message(ui, PW_ROLE_ERROR, "%s: %s", j->spec.what, g_invalid);
			job_free(j);
			return UI_R_MSG;
		}
		char *pre = xasprintf("%s ", g_invalid);
		unsigned r = open_prompt(ui, j, pre, text);
		free(pre);
		return r;
	}
	if (rc >= 0) {
		*out = rc == 0 ? UI_SAVE_SAVED : UI_SAVE_REFUSED;
		unsigned r = j->spec.ops->report(ui, j->ctx, text, rc);
		job_free(j);
		return r | UI_R_MSG | UI_R_STATUS;
	}
	set_why(j, store_errmsg(ui->st));
	if (store_failed_busy(ui->st) && (!j->queued || now - j->first_fail < UI_SAVE_GIVE_UP_MS)) {
		*out = UI_SAVE_QUEUED;
		queue(ui, j, now);
		return UI_R_MSG | UI_R_STATUS;
	}
	*out = UI_SAVE_NOT_SAVED;
	if (j->spec.caller_keeps && !j->queued) {
		ui_message(ui, PW_ROLE_ERROR, "NOT SAVED: %s: %s", j->spec.what, j->why);
		ui_bell();
		job_free(j);
		return UI_R_MSG;
	}
	if (wait_for_line(ui, j, now))
		return UI_R_NONE;
	return give_back(ui, j) | UI_R_STATUS;
}

static unsigned job_try(struct ui *ui, struct ui_save_job *j)
{
	enum ui_save_outcome out;
	return job_run(ui, j, pw_mono_ms(), &out);
}

static unsigned job_submit(void *user, struct ui *ui, const char *text)
{
	return ui_save_submit(ui, user, text, NULL);
}

void ui_save_prompt_label(struct ui_save_job *job, const char *label)
{
	free(job->label);
	job->label = xstrdup(label ? label : "");
}

unsigned ui_save_prompt(struct ui *ui, struct ui_save_job *job, const char *label, const char *initial)
{
	ui_save_prompt_label(job, label);
	return open_prompt(ui, job, "", initial);
}

unsigned ui_save_submit(struct ui *ui, struct ui_save_job *job, const char *text,
                        enum ui_save_outcome *out)
{
	enum ui_save_outcome local;
	free(job->text);
	job->text = xstrdup(text ? text : "");
	job->typed_at = pw_now_ms();
	return job_run(ui, job, pw_mono_ms(), out ? out : &local);
}

/* The queued job made first, or NULL. */
static struct ui_save_job *queue_head(void)
{
	struct ui_save_job *head = NULL;
	for (struct ui_save_job *j = g_jobs; j; j = j->next)
		if (j->queued && (!head || j->order < head->order))
			head = j;
	return head;
}

/*
 * Entries an earlier console kept in the spool: store_open() saved them if
 * it could; a console started while the database was still locked tries
 * again now and then, so they do not wait for the next program to start.
 */
static unsigned spool_tick(struct ui *ui, int64_t mono)
{
	static int64_t next;
	if (mono < next || ui->opts.read_only)
		return UI_R_NONE;
	next = mono + SPOOL_RETRY_MS;
	int was = store_set_busy_timeout(ui->st, RETRY_WAIT_MS);
	int saved = store_spool_replay(ui->st, NULL);
	store_set_busy_timeout(ui->st, was);
	if (saved <= 0)
		return UI_R_NONE;
	ui_data_changed(UI_DATA_DUTY | UI_DATA_ALARMS);
	ui_message(ui, PW_ROLE_OK, "%d entr%s kept in the spool by an earlier console saved (see the duty log)",
	           saved, saved == 1 ? "y" : "ies");
	return UI_R_MSG;
}

unsigned ui_save_tick(struct ui *ui, int64_t mono)
{
	struct ui_save_job *j = queue_head();
	if (!j)
		return spool_tick(ui, mono);
	if (mono < j->next_try)
		return UI_R_NONE;
	/* A short wait per try: the lock is usually held for a moment, and
	 * a longer one would freeze the keys once a second. */
	int was = store_set_busy_timeout(ui->st, RETRY_WAIT_MS);
	unsigned r = UI_R_NONE;
	while (j && mono >= j->next_try) {
		enum ui_save_outcome out;
		g_retrying = true;
		r |= job_run(ui, j, mono, &out);
		g_retrying = false;
		if (out == UI_SAVE_QUEUED)
			break;          /* still busy: the rest would be too */
		j = queue_head();
	}
	store_set_busy_timeout(ui->st, was);
	return r;
}

/*
 * The next job to try at exit: the queue in order, then the ones given back
 * with their text (disk full, out of time), which the operator has not
 * answered yet.
 */
static struct ui_save_job *flush_next(void)
{
	struct ui_save_job *j = queue_head();
	if (j)
		return j;
	for (j = g_jobs; j; j = j->next)
		if (j->text && j->why)
			return j;
	return NULL;
}

/* What the operator has on the prompt of J now (edited after a give-back), else its text. */
static const char *job_text_now(struct ui *ui, const struct ui_save_job *j)
{
	if (ui->prompt.active && ui->prompt.spec.on_submit == job_submit && ui->prompt.spec.user == j)
		return ui_edit_text(&ui->prompt.edit);
	return j->text ? j->text : "";
}

/* J as a spool entry into E, WHY it was not saved. */
static void spool_entry(struct ui *ui, const struct ui_save_job *j, const char *text, const char *why,
                        struct pw_spool_entry *e)
{
	pw_spool_entry_init(e, PW_SPOOL_OTHER, "console", ui->opts.operator_name,
	                    j->typed_at ? j->typed_at : pw_now_ms(), j->spec.what, text);
	e->why = xstrdup(why);
	if (j->spec.ops->spool) {
		/* The kind is the action's to say; "other" stays when it does not. */
		j->spec.ops->spool(ui, j->ctx, e);
	}
}

/*
 * A text typed on a save job's prompt but never submitted (the line dropped
 * mid-sentence): kept as a note, never applied, since the operator did not
 * say Enter. Returns true when E was filled.
 */
static bool spool_draft(struct ui *ui, struct pw_spool_entry *e)
{
	if (!ui->prompt.active || ui->prompt.spec.on_submit != job_submit)
		return false;
	const struct ui_save_job *j = ui->prompt.spec.user;
	const char *text = ui_edit_text(&ui->prompt.edit);
	if (j->text || text[strspn(text, " ")] == '\0')
		return false;
	pw_spool_entry_init(e, PW_SPOOL_OTHER, "console", ui->opts.operator_name, pw_now_ms(),
	                    j->spec.what, text);
	e->why = xstrdup("still being typed when the console closed, never submitted");
	return true;
}

/* Print one entry not saved to ERR: what, why, text, and where it was kept. */
static void print_kept(FILE *err, const struct pw_spool_entry *e, const char *where)
{
	fprintf(err, "parkwatch: console: NOT SAVED: %s: %s%s%s%s", e->what, e->why ? e->why : "?",
	        *e->text ? " (text: \"" : "", e->text, *e->text ? "\")" : "");
	if (where)
		fprintf(err, "; kept in %s, saved by the next parkwatch that opens the database\n", where);
	else
		fputs("\n", err);
}

int ui_save_flush(struct ui *ui, int wait_ms, FILE *err)
{
	int64_t end = pw_mono_ms() + wait_ms;
	struct pw_spool_entry *keep = NULL;
	size_t n = 0;
	struct ui_save_job *j;
	while ((j = flush_next())) {
		int64_t left = end - pw_mono_ms();
		char *text = xstrdup(job_text_now(ui, j));
		int was = store_set_busy_timeout(ui->st, left > 0 ? (int)left : 0);
		int rc = j->spec.ops->write(ui, j->ctx, text);
		store_set_busy_timeout(ui->st, was);
		if (rc < 0 || rc == UI_SAVE_INVALID) {
			keep = xrealloc(keep, (n + 1) * sizeof *keep);
			spool_entry(ui, j, text, rc < 0 ? store_errmsg(ui->st) : g_invalid, &keep[n++]);
		}
		free(text);
		if (ui->prompt.spec.user == j)
			ui->prompt.active = false;   /* its prompt is answered: the job is gone */
		job_free(j);
	}
	/* Text not submitted: kept when the line dropped or a signal ended the
	 * console, not when the operator quit and said yes to losing it. */
	keep = xrealloc(keep, (n + 1) * sizeof *keep);
	n += !ui->quit && spool_draft(ui, &keep[n]);
	/* Pages with their own text (the duty-entry page). */
	for (int t = 0; t < UI_NTABS && !ui->quit; t++)
		for (int d = 0; d < ui->tabs[t].depth; d++) {
			struct ui_view *v = &ui->tabs[t].stack[d];
			if (!v->ops->spool)
				continue;
			keep = xrealloc(keep, (n + 1) * sizeof *keep);
			n += v->ops->spool(v->self, ui, &keep[n]);
		}
	if (n == 0) {
		free(keep);
		return 0;
	}
	char *path = NULL, *why = NULL;
	if (pw_spool_keep(store_path(ui->st), keep, n, &path, &why) < 0)
		fprintf(err, "parkwatch: console: cannot keep %zu entr%s in the spool: %s\n", n,
		        n == 1 ? "y" : "ies", why);
	for (size_t i = 0; i < n; i++)
		print_kept(err, &keep[i], path);
	free(path);
	free(why);
	pw_spool_entries_free(keep, n);
	return (int)n;
}
