/*
 * console_link.h - the console's MQTT link as struct ui_hooks (src/cli only).
 *
 * console_link_hooks() creates the link (kind "console", a unique client id,
 * clean session, QoS 1 subscription to "<topic_prefix>/#") and returns the
 * hooks that run it inside ui_run()'s poll loop: messages are parsed and
 * batched into the shared database (store_ingest), the status line follows
 * the link, and every new priority-1 alarm in the database (whoever raised
 * it: this console, another, or the recorder) rings the bell and, on a
 * desktop, shows a notification.
 *
 * A --read-only console connects too (the status line shows the link and
 * presence is announced) but records nothing: its data comes from the
 * recorder or another console through the shared file.
 */
#ifndef PARKWATCH_CONSOLE_LINK_H
#define PARKWATCH_CONSOLE_LINK_H

#include "parkwatch/cli.h"
#include "parkwatch/ui.h"

struct pw_store;

/*
 * Hooks for ui_run(), or NULL when the link cannot be set up (bad broker
 * URL, unreadable TLS file: one line on stderr says why and the console runs
 * with "MQTT off"). CTX, ST and OPTS must outlive the console. A broker that
 * is down is not a failure: the link keeps retrying and the status line says
 * so. One link per process.
 */
const struct ui_hooks *console_link_hooks(struct pw_ctx *ctx, struct pw_store *st,
                                          const struct ui_opts *opts);

/* Flush what is still queued and free the link; harmless when there is none. */
void console_link_close(void);

#endif
