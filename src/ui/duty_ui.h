/*
 * duty_ui.h - the Duty log screen (tab 7), one entry's page, the new-entry
 * editor and the global `n` key that opens it (CONTRACT.md section 4), and
 * the shift handover view (`:handover`).
 */
#ifndef PARKWATCH_UI_DUTY_UI_H
#define PARKWATCH_UI_DUTY_UI_H

#include <stddef.h>

#include "ui_private.h"

extern const struct ui_screen_ops ui_screen_duty;        /* duty.c: the list */
extern const struct ui_screen_ops ui_screen_duty_entry;  /* duty.c: ARG = entry id */
extern const struct ui_screen_ops ui_screen_duty_new;    /* duty_new.c: the editor */
extern const struct ui_screen_ops ui_screen_handover;    /* handover.c: :handover */

/*
 * The global `n`: push the new-entry editor on the current tab, or say why
 * not (--read-only). Signature of a keys.c binding.
 */
unsigned ui_duty_new_key(struct ui *ui, int key);

/* `:handover`: push the handover view of the current shift (ARGS unused). */
unsigned ui_cmd_handover(struct ui *ui, const char *args);

/*
 * Byte length of the next display line of S (at most WIDTH columns, at
 * least one character so wrapping always advances); 0 at the end of S.
 */
size_t ui_duty_wrap(const char *s, int width);

#endif
