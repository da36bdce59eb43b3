/*
 * ingest_private.h - the insides of struct store_ingest, shared by ingest.c
 * (queue and flush) and ingest_tick.c (sensor table, periodic work). Never
 * included outside src/store.
 */
#ifndef PARKWATCH_INGEST_PRIVATE_H
#define PARKWATCH_INGEST_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alarm_private.h"
#include "parkwatch/payload.h"
#include "parkwatch/store_ingest.h"

/* Item types: the pw_msg_kind values, plus a raw message refused by the parser. */
#define ITEM_REJECT 0xff

/* One queued message, compact: the queue may hold 100k while the disk is full. */
struct ing_item {
	unsigned char type;       /* enum pw_msg_kind or ITEM_REJECT */
	unsigned char event;      /* enum pw_event */
	bool online;
	bool has_seq;
	int64_t ts;
	int64_t received_ms;
	int64_t seq;
	double a;                 /* reading value; wind direction */
	double b;                 /* wind speed */
	char ent[PW_CODE_MAX + 1];
	char code[PW_CODE_MAX + 1];  /* sensor, or station for wind */
	char unit[PW_UNIT_MAX + 1];
	char *text;               /* event detail, or the rejected topic; owned */
	char *reason;             /* rejected: why; owned */
	char *payload;            /* rejected: sanitised first bytes; owned */
};

/* Sensors touched by the current transaction, by code (hash index). */
struct ing_sensor_entry {
	char code[PW_CODE_MAX + 1];
	bool known;               /* false: no such sensor (cached miss) */
	struct store_sensor_ctx ctx;
};

struct ing_sensor_table {
	struct ing_sensor_entry *v;
	size_t n, cap;
	size_t *index;            /* slots: entry number + 1, 0 = empty */
	size_t index_cap;         /* power of two, > 2 n */
};

struct store_ingest {
	struct pw_store *st;
	const struct pw_config *cfg;
	struct ing_item *q;       /* items q[head .. head + n) */
	size_t head, n, cap;
	bool one_by_one;          /* a non-transient failure: isolate the bad item */
	int64_t tx_now_ms;        /* wall clock of the open transaction */
	struct ing_sensor_table sensors;
	struct store_ingest_stats stats;
	char *errmsg;
	int64_t last_tick_ms;
	int64_t risk_aged_to;     /* alarms raised before this minus 24 h no longer count */
};

/* The sensor CODE in this transaction (loaded on first use); NULL when unknown
 * (*rc 0) or on error (*rc -1). The pointer lives until the next get. */
struct store_sensor_ctx *ingest_sensor_get(struct store_ingest *ing, const char *code, int *rc);
/* Save every touched sensor. */
int ingest_sensors_save(struct store_ingest *ing);
/* Forget the transaction's sensors (after commit or rollback). */
void ingest_sensors_reset(struct store_ingest *ing);

void ingest_set_error(struct store_ingest *ing, const char *what);
void ingest_result_merge(struct store_ingest_result *into, const struct store_ingest_result *r);

#endif
