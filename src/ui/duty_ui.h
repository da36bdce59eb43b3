/*
 * duty_ui.h - the Duty log screen (tab 7), one entry's page, the new-entry
 * editor and the global `n` key that opens it (CONTRACT.md section 4).
 */
#ifndef PARKWATCH_UI_DUTY_UI_H
#define PARKWATCH_UI_DUTY_UI_H

#include <stddef.h>

#include "ui_private.h"

extern const struct ui_screen_ops ui_screen_duty;        /* duty.c: the list */
extern const struct ui_screen_ops ui_screen_duty_entry;  /* duty.c: ARG = entry id */
extern const struct ui_screen_ops ui_screen_duty_new;    /* duty_new.c: the editor */

/*
 * The global `n`: push the new-entry editor on the current tab, or say why
 * not (--read-only). Signature of a keys.c binding.
 */
unsigned ui_duty_new_key(struct ui *ui, int key);

/*
 * Byte length of the next display line of S (at most WIDTH columns, at
 * least one character so wrapping always advances); 0 at the end of S.
 */
size_t ui_duty_wrap(const char *s, int width);

#endif
