/*
 * sound.c - a new priority-1 alarm keeps sounding until it is acknowledged,
 * and the operator can silence it (EEMUA 191: a P1 alarm must not go
 * unnoticed, and the noise must stop while the operator acts on it).
 *
 * The console keeps the set of P1 alarms that sound: an alarm joins when it
 * becomes unacknowledged at priority 1 (ui_alarm_p1, from the hooks) and
 * leaves when it is acknowledged, shelved or cleared (checked whenever the
 * alarm counts reload, so an acknowledgement on another console stops the
 * sound here too) or when the operator silences it (M or Ctrl-G, logged in
 * the duty log). While the set is not empty the bell (and the flash, per
 * [console] bell / flash) repeats every [console] bell_repeat seconds; the
 * next ring is a deadline the poll loop sleeps towards, never a busy loop.
 *
 * A terminal notification (OSC 9 or OSC 777, [console] terminal_notify)
 * goes out with the frame that shows the new alarm: it is the terminal's
 * own, so it reaches an officer over SSH, and costs no round trip.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "parkwatch/store.h"
#include "parkwatch/text.h"
#include "save.h"
#include "ui_private.h"

#define UI_SILENCE_LIST_MAX 5     /* alarms named in one duty entry, then "and N more" */

enum { TERM_NOTIFY_OFF = 0, TERM_NOTIFY_OSC9 = 9, TERM_NOTIFY_OSC777 = 777 };

void ui_sound_init(struct ui *ui)
{
	const char *m = ui->cfg->terminal_notify;
	ui->term_notify = TERM_NOTIFY_OFF;
	if (!m || !*m || strcasecmp(m, "off") == 0 || strcasecmp(m, "no") == 0)
		return;
	if (strcasecmp(m, "osc9") == 0)
		ui->term_notify = TERM_NOTIFY_OSC9;
	else if (strcasecmp(m, "osc777") == 0)
		ui->term_notify = TERM_NOTIFY_OSC777;
	else
		ui_message(ui, PW_ROLE_WARN, "[console] terminal_notify: '%s' is not off, osc9 or osc777; off", m);
}

static bool audible(const struct ui *ui)
{
	return ui->cfg->bell || ui->cfg->flash;
}

static int64_t repeat_ms(const struct ui *ui)
{
	return (int64_t)ui->cfg->bell_repeat_s * 1000;
}

static bool sounding_has(const struct ui *ui, int64_t id)
{
	for (size_t i = 0; i < ui->n_sounding; i++)
		if (ui->sounding[i] == id)
			return true;
	return false;
}

/* The terminal's own notification for alarm A, for the next frame. */
static void term_note(struct ui *ui, const struct store_alarm *a)
{
	if (ui->term_notify == TERM_NOTIFY_OFF)
		return;
	char *raw = xasprintf("%s %s %s: %s", a->enterprise_code ? a->enterprise_code : "",
	                      a->enterprise_name ? a->enterprise_name : "",
	                      a->sensor_code ? a->sensor_code : "", a->message ? a->message : a->condition);
	/* Hostile text: no control character may end the sequence early. */
	char *body = pw_sanitize(raw, strlen(raw));
	free(raw);
	free(ui->term_note);
	if (ui->term_notify == TERM_NOTIFY_OSC9)
		ui->term_note = xasprintf("\033]9;parkwatch P1 alarm: %s\007", body);
	else
		ui->term_note = xasprintf("\033]777;notify;parkwatch P1 alarm;%s\007", body);
	free(body);
}

/* Alarm A still asks for attention: unacknowledged, not shelved or cleared. */
static bool wants_attention(const struct store_alarm *a)
{
	return !a->acked && (strcmp(a->state, "unack") == 0 || strcmp(a->state, "rtn_unack") == 0);
}

void ui_sound_add(struct ui *ui, int64_t id)
{
	if (sounding_has(ui, id))
		return;
	struct store_alarm a;
	if (store_alarm_get(ui->st, id, &a) != 0)
		return;
	if (!wants_attention(&a)) {
		/* Acknowledged (or shelved) before this console got to it. */
		store_alarm_clear(&a);
		return;
	}
	term_note(ui, &a);
	if (audible(ui))
		ui->bell_pending = true;
	if (!audible(ui) || repeat_ms(ui) <= 0) {
		/* Rings once (bell_repeat = 0) or not at all: nothing to silence later. */
		ui->dirty |= UI_R_STATUS;
		store_alarm_clear(&a);
		return;
	}
	if (ui->n_sounding == ui->cap_sounding) {
		/* Grows: a flood of P1 alarms must all keep sounding, none dropped. */
		ui->cap_sounding = ui->cap_sounding ? ui->cap_sounding * 2 : 8;
		ui->sounding = xrealloc(ui->sounding, ui->cap_sounding * sizeof *ui->sounding);
	}
	ui->sounding[ui->n_sounding++] = id;
	ui->ring_next = pw_mono_ms() + repeat_ms(ui);
	/*
	 * The message line keeps the answer to what the operator just did (a
	 * storm would otherwise replace every "acknowledged" before it is
	 * read); the bell, the ticker and RINGING on the status line already
	 * announce the alarm.
	 */
	if (!ui->msg || pw_mono_ms() >= ui->msg_until)
		ui_message(ui, PW_ROLE_WARN, "P1 alarm #%lld %s: M silences it, a on screen 3 acknowledges",
		           (long long)id, a.sensor_code ? a.sensor_code : "");
	ui->dirty |= UI_R_STATUS | UI_R_MSG;
	store_alarm_clear(&a);
}

/* Does alarm ID still ask for attention: unacknowledged, not shelved or cleared? */
static bool still_sounds(struct ui *ui, int64_t id)
{
	struct store_alarm a;
	int rc = store_alarm_get(ui->st, id, &a);
	if (rc == PW_STORE_NOTFOUND)
		return false;
	if (rc != 0)
		return true;   /* cannot tell now (busy): keep ringing, look again later */
	bool on = wants_attention(&a);
	store_alarm_clear(&a);
	return on;
}

void ui_sound_prune(struct ui *ui, bool counted)
{
	size_t keep = 0;
	/* The usual end: everything acknowledged; no need to look alarm by alarm. */
	if (ui->n_sounding && counted && ui->counts.unack[1] == 0) {
		ui->n_sounding = 0;
		ui->dirty |= UI_R_STATUS;
		return;
	}
	for (size_t i = 0; i < ui->n_sounding; i++)
		if (still_sounds(ui, ui->sounding[i]))
			ui->sounding[keep++] = ui->sounding[i];
	if (keep != ui->n_sounding)
		ui->dirty |= UI_R_STATUS;
	ui->n_sounding = keep;
}

static unsigned silence_log(struct ui *ui);

unsigned ui_sound_tick(struct ui *ui, int64_t mono)
{
	unsigned r = UI_R_NONE;
	/* A silence from inside a prompt is logged once the prompt is closed. */
	if (ui->silence_log && !ui->prompt.active && !ui->question.active)
		r |= silence_log(ui);
	if (!ui->n_sounding || !audible(ui) || repeat_ms(ui) <= 0 || mono < ui->ring_next)
		return r;
	ui->bell_pending = true;
	ui->ring_next = mono + repeat_ms(ui);
	/* A frame is what sends the bell. */
	return r | UI_R_STATUS;
}

int64_t ui_sound_due(const struct ui *ui, int64_t mono)
{
	if (!ui->n_sounding || !audible(ui) || repeat_ms(ui) <= 0)
		return INT64_MAX;
	return ui->ring_next - mono;
}

void ui_sound_emit(struct ui *ui)
{
	if (ui->bell_pending) {
		if (ui->cfg->flash)
			flash();
		if (ui->cfg->bell)
			beep();
		ui->bell_pending = false;
	}
}

void ui_sound_after_frame(struct ui *ui)
{
	if (!ui->term_note)
		return;
	/* doupdate() has flushed curses' output: this lands after the frame, whole. */
	const char *p = ui->term_note;
	size_t n = strlen(p);
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;   /* a full or gone terminal: the bell and the screen still tell */
		p += w;
		n -= (size_t)w;
	}
	free(ui->term_note);
	ui->term_note = NULL;
}

/* ---- silencing, in the duty log ---- */

static int silence_write(struct ui *ui, void *ctx, const char *text)
{
	(void)text;
	return store_duty_append(ui->st, ui->opts.operator_name, "alarm", ctx, false, NULL);
}

static unsigned silence_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	ui_data_changed(UI_DATA_DUTY);
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "silenced, but not in the duty log: %s", store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_message(ui, PW_ROLE_OK, "%s; still to acknowledge (a on screen 3)", (const char *)ctx);
	return UI_R_MSG;
}

static const struct ui_save_ops silence_ops = {.write = silence_write, .report = silence_report};

/* "silenced alarm 12 (E0001-NH3-01 P1), alarm 13 (...) and 4 more". */
static char *silence_text(struct ui *ui)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "silenced");
	for (size_t i = 0; i < ui->n_sounding && i < UI_SILENCE_LIST_MAX; i++) {
		struct store_alarm a;
		bool got = store_alarm_get(ui->st, ui->sounding[i], &a) == 0;
		sbuf_addf(&b, "%s alarm %lld (%s P1)", i ? "," : "", (long long)ui->sounding[i],
		          got && a.sensor_code ? a.sensor_code : "?");
		if (got)
			store_alarm_clear(&a);
	}
	if (ui->n_sounding > UI_SILENCE_LIST_MAX)
		sbuf_addf(&b, " and %zu more", ui->n_sounding - UI_SILENCE_LIST_MAX);
	return sbuf_steal(&b);
}

unsigned ui_sound_silence(struct ui *ui, int key)
{
	(void)key;
	if (!ui->n_sounding) {
		ui_message(ui, PW_ROLE_DIM, "no alarm is sounding");
		return UI_R_MSG;
	}
	char *text = silence_text(ui);
	ui->n_sounding = 0;
	ui->bell_pending = false;
	if (ui->opts.read_only) {
		ui_message(ui, PW_ROLE_WARN, "%s (read-only console: not in the duty log)", text);
		free(text);
		return UI_R_MSG | UI_R_STATUS;
	}
	if (ui->silence_log) {
		/* Silenced twice inside one prompt: one entry says both. */
		char *both = xasprintf("%s;%s", ui->silence_log, text + strlen("silenced"));
		free(text);
		free(ui->silence_log);
		text = both;
	}
	ui->silence_log = text;
	/* The sound stops at once; a prompt or question is left alone (Ctrl-G). */
	if (ui->prompt.active || ui->question.active)
		return UI_R_STATUS;
	return silence_log(ui) | UI_R_STATUS;
}

/* Write the pending silence to the duty log: the save queue takes it when the file is busy. */
static unsigned silence_log(struct ui *ui)
{
	char *text = ui->silence_log;
	ui->silence_log = NULL;
	struct ui_save_spec spec = {.ops = &silence_ops, .what = "silence alarms"};
	struct ui_save_job *j = ui_save_begin(&spec, text);
	return ui_save_submit(ui, j, NULL, NULL) | UI_R_MSG;
}

void ui_sound_free(struct ui *ui)
{
	free(ui->sounding);
	ui->sounding = NULL;
	ui->n_sounding = ui->cap_sounding = 0;
	free(ui->term_note);
	ui->term_note = NULL;
	free(ui->silence_log);
	ui->silence_log = NULL;
}
