/*
 * incident_text.h - the linkage picture as plain text (`incident show`):
 * one section a block, every database string sanitised.
 */
#ifndef PARKWATCH_CLI_INCIDENT_TEXT_H
#define PARKWATCH_CLI_INCIDENT_TEXT_H

#include <stdint.h>

#include "parkwatch/store_incidents.h"
#include "parkwatch/util.h"

/* Append the picture L to OUT. */
void incident_text(struct sbuf *out, const struct store_linkage *l);

#endif
