/*
 * save.h - the operator's writes, kept until they are saved.
 *
 * Every console action that writes (an alarm acknowledged, a duty entry, a
 * hazard moved, a unit dispatched, a member put on duty...) goes through
 * here, so each behaves the same way when the database will not take it:
 *
 *   - saved, or refused by the data (another console got there first, a
 *     rule of the hazard loop): the action's report() says so, once;
 *   - the database is busy (another process holds the write lock): the
 *     write is queued with everything typed, the status line says
 *     "saving N...", ui_save_tick() retries it once a second with a short
 *     wait (the screen never freezes), and the operator works on; queued
 *     writes are saved in the order they were made;
 *   - a failure waiting does not cure (disk full, a read-only file), or a
 *     queued write still not saved after UI_SAVE_GIVE_UP_MS: the action is
 *     given back loudly - its prompt reopens with the text and "NOT SAVED
 *     (why)", or for an action without a prompt a question "try again?".
 *
 * Nothing typed is lost: a job lives from its first prompt until it is
 * saved, refused or discarded by the operator. Quitting with a queued write asks
 * first; on quit, SIGHUP or SIGTERM ui_save_flush() tries each once more and
 * puts the ones still not saved in the spool next to the database (spool.h),
 * which the next parkwatch to open it for writing saves; each is also
 * printed, with its text, to standard error.
 */
#ifndef PARKWATCH_UI_SAVE_H
#define PARKWATCH_UI_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ui;
struct pw_spool_entry;

#define UI_SAVE_GIVE_UP_MS 60000
/* write() return: TEXT cannot be used (ui_save_invalid() says why). */
#define UI_SAVE_INVALID 1000

struct ui_save_ops {
	/*
	 * One try with TEXT (what was typed at the prompt, "" without one):
	 * the store's return (0 saved, -1 failed, PW_STORE_NOTFOUND or another
	 * positive code: refused), or ui_save_invalid(). CTX is the action's
	 * context; write() may store results there for report().
	 */
	int (*write)(struct ui *ui, void *ctx, const char *text);
	/* Saved (RC 0) or refused (RC > 0, store_errmsg() says why): tell the operator. */
	unsigned (*report)(struct ui *ui, void *ctx, const char *text, int rc);
	/* Free CTX; NULL: free(). */
	void (*free)(void *ctx);
	/*
	 * The console is exiting and the write is still not saved: describe it
	 * for the spool (spool.h) so a later parkwatch can replay it. Set E's
	 * kind and args (E comes with kind "other", the operator, the time it
	 * was submitted, WHAT and the text). NULL: kept as "other", which a
	 * replay writes to the duty log as a note with the text.
	 */
	void (*spool)(struct ui *ui, void *ctx, struct pw_spool_entry *e);
};

struct ui_save_spec {
	const struct ui_save_ops *ops;
	const char *what;        /* "note on incident #12": in "saving..." and NOT SAVED */
	size_t max_bytes;        /* of the text at the prompt; 0 = the prompt's default */
	bool precious;           /* Esc on a typed text asks first (comments, notes) */
	/* A first try that fails for a reason waiting does not cure is left to
	 * the caller (*OUT is UI_SAVE_NOT_SAVED), which keeps its own screen
	 * with the text: the duty-entry page. */
	bool caller_keeps;
};

enum ui_save_outcome { UI_SAVE_SAVED, UI_SAVE_REFUSED, UI_SAVE_QUEUED, UI_SAVE_NOT_SAVED };

struct ui_save_job;

/*
 * A new action from SPEC (copied) with context CTX (taken: freed with the
 * job). Until it is submitted it belongs to the caller's dialogue, which
 * ends it with ui_save_prompt(), ui_save_submit() or ui_save_discard();
 * closing the console frees it too.
 */
struct ui_save_job *ui_save_begin(const struct ui_save_spec *spec, void *ctx);
void *ui_save_ctx(struct ui_save_job *job);
/* The prompt the text is typed at (LABEL, INITIAL may be NULL); Enter saves. */
unsigned ui_save_prompt(struct ui *ui, struct ui_save_job *job, const char *label, const char *initial);
/* The prompt to give the text back on, for a job whose text was typed elsewhere (a page). */
void ui_save_prompt_label(struct ui_save_job *job, const char *label);
/* Save now with TEXT (NULL: ""); *OUT (OUT may be NULL) says what became of it. */
unsigned ui_save_submit(struct ui *ui, struct ui_save_job *job, const char *text,
                        enum ui_save_outcome *out);
/* A prompt's on_cancel or a question's on_no: "WHAT: cancelled", the job is freed. */
unsigned ui_save_discard(void *job, struct ui *ui);

/*
 * For write(): the text cannot be used (FMT says why, e.g. "A reason is
 * required."); the prompt comes back with the text and the reason in front.
 * Returns UI_SAVE_INVALID.
 */
int ui_save_invalid(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Retry queued writes that are due and give back the ones out of time; every loop pass. */
unsigned ui_save_tick(struct ui *ui, int64_t mono);
/* True inside write()/report() of a retry from the queue, not the operator's own Enter. */
bool ui_save_retrying(void);
/* Writes queued for a retry. */
size_t ui_save_pending(void);
/*
 * The console is closing: try each queued write (and each given back with
 * its text) once more, waiting at most WAIT_MS for the lock in all; the ones
 * still not saved go to the spool next to the database, and each is printed
 * (what it was and its text, and where it was kept) to ERR. Unless the
 * operator quit (ui->quit: they agreed to lose unsaved edits), text typed
 * but not submitted (a save prompt, a view's spool()) is kept as well.
 * Returns how many were not saved.
 */
int ui_save_flush(struct ui *ui, int wait_ms, FILE *err);
/* Drop every job, queued or in a dialogue (the console is gone). */
void ui_save_free_all(void);

/* A --read-only console: say it cannot WHAT ("report hazards"), return true. */
bool ui_refuse_read_only(struct ui *ui, const char *what);

/* SRC into DST (N bytes), cut at a character boundary: typed text kept for a write. */
void ui_copy_text(char *dst, size_t n, const char *src);

#endif
