/*
 * store_fixture.h - a migrated database in a temporary directory, for the
 * unit tests that run against a real SQLite file: created by setup, removed
 * with its WAL and shared-memory files by teardown.
 */
#ifndef PARKWATCH_TESTS_STORE_FIXTURE_H
#define PARKWATCH_TESTS_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "parkwatch/spool.h"
#include "parkwatch/store.h"
#include "parkwatch/util.h"

struct store_fixture {
	char dir[64];
	char *path;              /* DIR/t.db */
	struct pw_store *st;
};

/* Create the directory (named after TAG) and the database; 0, or -1 said on stderr. */
static inline int store_fixture_open(struct store_fixture *db, const char *tag)
{
	snprintf(db->dir, sizeof db->dir, "/tmp/pw-test-%s.XXXXXX", tag);
	if (!mkdtemp(db->dir))
		return -1;
	db->path = xasprintf("%s/t.db", db->dir);
	char *err = NULL;
	if (store_open(&db->st, db->path, PW_STORE_CREATE | PW_STORE_NO_SCHEMA, &err) < 0 ||
	    store_migrate(db->st, NULL, NULL) < 0) {
		fprintf(stderr, "setup: %s\n", err ? err : store_errmsg(db->st));
		free(err);
		return -1;
	}
	return 0;
}

/* Close the store and remove every file of it and the directory. */
static inline void store_fixture_remove(struct store_fixture *db)
{
	store_close(db->st);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < PW_ARRAY_LEN(suffix); i++) {
		char *p = xasprintf("%s%s", db->path, suffix[i]);
		unlink(p);
		free(p);
	}
	/* What a test left in the spool (spool.h) next to the database. */
	char *spool = pw_spool_dir(db->path), **files = NULL, *err = NULL;
	int n = pw_spool_files(spool, &files, &err);
	for (int i = 0; i < n; i++)
		unlink(files[i]);
	pw_spool_files_free(files, n > 0 ? n : 0);
	free(err);
	rmdir(spool);
	free(spool);
	rmdir(db->dir);
	free(db->path);
}

#endif
