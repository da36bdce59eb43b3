/*
 * pending.c - tabs whose screens are not built yet. Each shows one honest
 * line saying which piece of work brings it; nothing pretends to be data.
 * When a screen lands, delete its line here and point screens.c at it.
 */
#include "config.h"

#include "ui_private.h"

static void *pending_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)arg;
	return (void *)cookie;
}

static void pending_draw(void *self, struct ui *ui, WINDOW *w)
{
	ui_put(ui, w, 1, 2, getmaxx(w) - 2, PW_ROLE_DIM, false, self);
}

#define PENDING_SCREEN(var, title, text) \
	const struct ui_screen_ops var = {   \
		.name = title,                    \
		.cookie = text,                   \
		.open = pending_open,             \
		.draw = pending_draw,             \
	}

PENDING_SCREEN(ui_screen_pending_incidents, "Incidents", "Incidents: issue 7");
