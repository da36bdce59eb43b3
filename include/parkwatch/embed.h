/*
 * embed.h - files compiled into the binary by build-aux/embed.sh: schema
 * migrations (db/schema/...), demo regulations (db/regs/...), themes
 * (themes/...). An installed binary therefore never depends on finding its
 * data directory; themes on disk still override the built-in ones.
 */
#ifndef PARKWATCH_EMBED_H
#define PARKWATCH_EMBED_H

#include <stddef.h>

struct pw_embedded {
	const char *name;   /* "db/schema/001_init.sql", "themes/mono.theme" */
	const char *data;   /* NUL-terminated contents */
	size_t size;        /* bytes, without the NUL */
};

/* Terminated by an entry with name == NULL; sorted as the build listed them. */
extern const struct pw_embedded pw_embedded_files[];

/* The entry named exactly NAME, or NULL. */
const struct pw_embedded *pw_embedded_find(const char *name);

#endif
