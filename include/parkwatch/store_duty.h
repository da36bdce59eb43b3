/*
 * store_duty.h - the duty log's hash chain: computing and verifying it.
 * Appending is store_duty_append() in store.h.
 *
 * Each duty_log row carries hash = SHA-256 over a canonical serialisation of
 * (prev_hash, id, ts, operator, category, text, flagged) and prev_hash = the
 * previous row's hash (64 zeros for the first row). Every field is written as
 * a netstring, "<decimal byte length>:<bytes>,", integers in decimal and
 * flagged as "0"/"1", so no two different rows serialise alike whatever bytes
 * the texts contain. Editing, inserting, deleting or reordering rows breaks the
 * chain; truncating the newest rows is caught through the chain head that
 * store_duty_append() keeps in meta ("duty_head" = "<id>:<hash>").
 */
#ifndef PARKWATCH_STORE_DUTY_H
#define PARKWATCH_STORE_DUTY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pw_store;

/* Limits store_duty_append() enforces (bytes of UTF-8). */
#define PW_DUTY_TEXT_MAX 4000
#define PW_DUTY_NAME_MAX 128      /* operator and category */

/* Hex SHA-256 length plus NUL, and the first row's prev_hash. */
#define PW_DUTY_HASH_BUFSZ 65
#define PW_DUTY_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/*
 * The chain hash of one row into OUT (lower-case hex, NUL-terminated). Pure:
 * no database involved. Returns 0, or -1 when libcrypto fails.
 */
int store_duty_hash(char out[PW_DUTY_HASH_BUFSZ], const char *prev_hash, int64_t id, int64_t ts,
                    const char *operator_name, const char *category, const char *text,
                    bool flagged);

/*
 * Walk the whole chain. Returns 0 when it is intact; 1 when it is broken,
 * with *bad_id = the first bad row (0 when the problem is a missing tail)
 * and *why (caller frees) saying what is wrong; -1 on a database error
 * (store_errmsg()). bad_id and why may be NULL.
 */
int store_duty_verify(struct pw_store *st, int64_t *bad_id, char **why);

/*
 * Like store_duty_verify() but reports every broken link, one line each to
 * OUT ("duty_log row 17: hash does not match (edited or inserted)").
 * Returns the number of problems, or -1 on a database error.
 */
int store_duty_report(struct pw_store *st, FILE *out);

#endif
