/*
 * alarm_detail.c - one alarm on one page: what, where and who (enterprise,
 * sensor, limits, value and peak, acknowledgement, shelving), the sensor's
 * last hour as a block chart with its limits drawn across it, and the
 * alarm's audit trail (raise, escalate, return, ack, shelve... with operator
 * and comment). a / s / u act on this alarm; Esc goes back to the list.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "incident_ui.h"
#include "parkwatch/store.h"
#include "parkwatch/text.h"
#include "sparkline.h"

#define SPARK_BUCKETS 60                /* one a minute */
#define SPARK_SPAN_MS (3600LL * 1000)
#define CHART_ROWS 4
#define LABEL_W 7
#define MAX_MARKS 3

struct detail_screen {
	char *arg;
	int64_t id;                         /* -1: the argument was not an id */
	bool have, missing;
	struct store_alarm a;
	struct store_alarm_event_list ev;
	bool have_lim;
	struct store_sensor_limits lim;
	double spark[SPARK_BUCKETS];
	int64_t spark_from, spark_to;
	struct ui_doc doc;
};

/* A limit drawn across the chart. */
struct mark {
	double value;
	const char *label;                  /* "L1", "L2", "high" */
	int role;
};

static void *detail_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct detail_screen *s = xcalloc(1, sizeof *s);
	s->arg = xstrdup(arg ? arg : "");
	long id;
	s->id = pw_parse_long(s->arg, &id) == 0 && id > 0 ? id : -1;
	ui_doc_init(&s->doc);
	for (size_t i = 0; i < SPARK_BUCKETS; i++)
		s->spark[i] = NAN;
	return s;
}

static void detail_close(void *self)
{
	struct detail_screen *s = self;
	store_alarm_clear(&s->a);
	store_alarm_event_list_free(&s->ev);
	store_sensor_limits_clear(&s->lim);
	ui_doc_free(&s->doc);
	free(s->arg);
	free(s);
}

static int detail_load(void *self, struct ui *ui)
{
	struct detail_screen *s = self;
	if (s->id < 0)
		return 0;
	struct store_alarm a;
	int rc = store_alarm_get(ui->st, s->id, &a);
	if (rc < 0) {
		ui_message(ui, PW_ROLE_ERROR, "alarm %lld: %s", (long long)s->id, store_errmsg(ui->st));
		return -1;
	}
	store_alarm_clear(&s->a);
	s->have = rc == 0;
	s->missing = rc == PW_STORE_NOTFOUND;
	if (!s->have)
		return 0;
	s->a = a;
	struct store_alarm_event_list ev;
	if (store_alarm_events(ui->st, s->id, &ev) == 0) {
		store_alarm_event_list_free(&s->ev);
		s->ev = ev;
	}
	store_sensor_limits_clear(&s->lim);
	s->have_lim = store_live_sensor_limits(ui->st, a.sensor_code, &s->lim) == 0;
	s->spark_to = pw_now_ms();
	s->spark_from = s->spark_to - SPARK_SPAN_MS;
	if (store_sensor_sparkline(ui->st, a.sensor_code, s->spark_from, s->spark_to, SPARK_BUCKETS,
	                           s->spark) != 0)
		for (size_t i = 0; i < SPARK_BUCKETS; i++)
			s->spark[i] = NAN;
	return 0;
}

/* ---- the page ---- */

static void field(struct ui_doc *d, const char *name)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 12, false, name);
}

static const char *unit_of(const struct detail_screen *s)
{
	return s->a.unit && *s->a.unit ? s->a.unit : "";
}

static void build_limits(struct ui_doc *d, const struct detail_screen *s)
{
	field(d, "Limits");
	if (!s->have_lim || (!s->lim.has_l1 && !s->lim.has_l2)) {
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "none (a detector: alarms come as events)");
		return;
	}
	const char *op = s->lim.low ? "<=" : ">=";
	if (s->lim.has_l1)
		ui_doc_addf(d, PW_ROLE_PRIO2, 0, false, "L1 %s %g  ", op, s->lim.l1);
	if (s->lim.has_l2)
		ui_doc_addf(d, PW_ROLE_PRIO1, 0, false, "L2 %s %g  ", op, s->lim.l2);
	if (s->lim.has_opposite)
		ui_doc_addf(d, PW_ROLE_PRIO2, 0, false, "%s %g  ", s->lim.low ? "high >=" : "low <=",
		            s->lim.opposite_l1);
	ui_doc_addf(d, PW_ROLE_DIM, 0, false, "%s, deadband %g", unit_of(s), s->lim.deadband);
}

static void build_header(struct ui_doc *d, struct ui *ui, const struct detail_screen *s)
{
	const struct store_alarm *a = &s->a;
	char t[PW_TIME_BUFSZ];
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_TITLE, 0, false, "Alarm #%lld ", (long long)a->id);
	ui_doc_add(d, ui_alarm_prio_role(a), 0, false, ui_prio_label(a->priority));
	ui_doc_add(d, PW_ROLE_NORMAL, 2, false, "");
	ui_doc_add(d, ui_alarm_state_role(a), 0, false, ui_alarm_state_label(a->state));
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "  %s, %s", a->active ? "condition present" : "returned to normal",
	            a->acked ? "acknowledged" : "not acknowledged");
	field(d, "Enterprise");
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s %s", a->enterprise_code ? a->enterprise_code : "",
	            a->enterprise_name ? a->enterprise_name : "");
	field(d, "Sensor");
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s  %s  at %s", a->sensor_code ? a->sensor_code : "",
	            a->sensor_kind ? a->sensor_kind : "", a->location ? a->location : "-");
	field(d, "Condition");
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s, level %d, repeats %d", a->condition, a->level, a->repeats);
	build_limits(d, s);
	field(d, "Message");
	ui_doc_add(d, PW_ROLE_NORMAL, 0, false, a->message && *a->message ? a->message : "-");
	if (a->has_value) {
		field(d, "Value");
		ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%g %s (worst %g)", a->value, unit_of(s), a->peak);
	}
	field(d, "Raised");
	ui_doc_add(d, PW_ROLE_NORMAL, 0, false, pw_time_iso(t, a->raised_at, false));
	if (a->returned_at)
		ui_doc_addf(d, PW_ROLE_DIM, 0, false, "  returned %s", pw_time_hms(t, a->returned_at));
	if (a->cleared_at)
		ui_doc_addf(d, PW_ROLE_DIM, 0, false, "  cleared %s", pw_time_hms(t, a->cleared_at));
	field(d, "Ack");
	if (a->acked_by)
		ui_doc_addf(d, PW_ROLE_ACKED, 0, false, "by %s at %s%s%s", a->acked_by, pw_time_hms(t, a->acked_at),
		            a->ack_comment && *a->ack_comment ? ": " : "", a->ack_comment ? a->ack_comment : "");
	else
		ui_doc_add(d, ui_alarm_ackable(a) ? ui_prio_role(a->priority) : PW_ROLE_DIM, 0, false,
		           ui_alarm_ackable(a) ? "waiting (a acknowledges)" : "-");
	if (strcmp(a->state, "shelved") == 0) {
		field(d, "Shelved");
		ui_doc_addf(d, PW_ROLE_SHELVED, 0, false, "by %s until %s: %s", a->shelved_by ? a->shelved_by : "?",
		            pw_time_hms(t, a->shelved_until), a->shelve_reason ? a->shelve_reason : "");
	}
	(void)ui;
}

/* The limits worth drawing on the chart. */
static size_t chart_marks(const struct detail_screen *s, struct mark *m)
{
	size_t n = 0;
	if (!s->have_lim)
		return 0;
	if (s->lim.has_l1)
		m[n++] = (struct mark){s->lim.l1, "L1", PW_ROLE_PRIO2};
	if (s->lim.has_l2)
		m[n++] = (struct mark){s->lim.l2, "L2", PW_ROLE_PRIO1};
	if (s->lim.has_opposite)
		m[n++] = (struct mark){s->lim.opposite_l1, s->lim.low ? "high" : "low", PW_ROLE_PRIO2};
	return n;
}

/* Role of a bar: which limit its value is beyond. */
static int bar_role(const struct detail_screen *s, double v)
{
	if (!s->have_lim)
		return PW_ROLE_NORMAL;
	const struct store_sensor_limits *l = &s->lim;
	bool low = l->low;
	if (l->has_l2 && (low ? v <= l->l2 : v >= l->l2))
		return PW_ROLE_PRIO1;
	if (l->has_l1 && (low ? v <= l->l1 : v >= l->l1))
		return PW_ROLE_PRIO2;
	if (l->has_opposite && (low ? v >= l->opposite_l1 : v <= l->opposite_l1))
		return PW_ROLE_PRIO2;
	return PW_ROLE_OK;
}

/* Append TEXT in ROLE to the run being built, flushing it when the role changes. */
static void run_add(struct ui_doc *d, struct sbuf *run, int *run_role, int *run_w, int role,
                    const char *text)
{
	if (*run_role != role && *run_w > 0) {
		ui_doc_add(d, *run_role, *run_w, false, sbuf_str(run));
		sbuf_reset(run);
		*run_w = 0;
	}
	*run_role = role;
	sbuf_adds(run, text);
	(*run_w)++;
}

static void chart_row(struct ui_doc *d, struct ui *ui, const struct detail_screen *s,
                      const struct ui_spark_scale *sc, const struct mark *m, size_t nm, int row)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	char lab[32] = "";
	if (row == CHART_ROWS - 1)
		snprintf(lab, sizeof lab, "%.4g", sc->hi);
	else if (row == 0)
		snprintf(lab, sizeof lab, "%.4g", sc->lo);
	ui_doc_add(d, PW_ROLE_DIM, LABEL_W, true, lab);
	ui_doc_add(d, PW_ROLE_DIM, 1, false, ui->utf8 ? "│" : "|");
	int line_role = -1;
	for (size_t k = 0; k < nm; k++)
		if (ui_spark_limit_row(m[k].value, sc, CHART_ROWS, ui->utf8) == row)
			line_role = m[k].role;
	struct sbuf run, cell;
	sbuf_init(&run);
	sbuf_init(&cell);
	int run_role = -1, run_w = 0;
	for (size_t i = 0; i < SPARK_BUCKETS; i++) {
		if (ui_spark_cell_filled(s->spark, i, sc, CHART_ROWS, row, ui->utf8)) {
			sbuf_reset(&cell);
			ui_spark_row(&cell, &s->spark[i], 1, sc, CHART_ROWS, row, ui->utf8);
			run_add(d, &run, &run_role, &run_w, bar_role(s, s->spark[i]), sbuf_str(&cell));
		} else if (line_role >= 0) {
			run_add(d, &run, &run_role, &run_w, line_role, ui->utf8 ? "─" : "-");
		} else {
			run_add(d, &run, &run_role, &run_w, PW_ROLE_NORMAL, " ");
		}
	}
	if (run_w > 0)
		ui_doc_add(d, run_role, run_w, false, sbuf_str(&run));
	for (size_t k = 0; k < nm; k++)
		if (ui_spark_limit_row(m[k].value, sc, CHART_ROWS, ui->utf8) == row)
			ui_doc_addf(d, m[k].role, 0, false, " %s %g", m[k].label, m[k].value);
	sbuf_free(&run);
	sbuf_free(&cell);
}

static void build_chart(struct ui_doc *d, struct ui *ui, const struct detail_screen *s, int width)
{
	char title[96];
	snprintf(title, sizeof title, "Last hour%s%s%s", *unit_of(s) ? " (" : "", unit_of(s), *unit_of(s) ? ")" : "");
	ui_doc_heading(d, ui, width, title);
	struct mark m[MAX_MARKS];
	size_t nm = chart_marks(s, m);
	double mv[MAX_MARKS];
	for (size_t k = 0; k < nm; k++)
		mv[k] = m[k].value;
	struct ui_spark_scale sc;
	bool any = false;
	for (size_t i = 0; i < SPARK_BUCKETS && !any; i++)
		any = isfinite(s->spark[i]);
	if (!any) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  no readings in the last hour");
		return;
	}
	ui_spark_scale_fit(&sc, s->spark, SPARK_BUCKETS, mv, nm);
	for (int row = CHART_ROWS - 1; row >= 0; row--)
		chart_row(d, ui, s, &sc, m, nm, row);
	char t1[PW_TIME_BUFSZ], t2[PW_TIME_BUFSZ];
	pw_time_hms(t1, s->spark_from);
	pw_time_hms(t2, s->spark_to);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, LABEL_W + 1, false, "");
	ui_doc_addf(d, PW_ROLE_DIM, SPARK_BUCKETS - 9, false, "%.5s", t1);
	ui_doc_addf(d, PW_ROLE_DIM, 9, true, "%.5s now", t2);
}

static void build_events(struct ui_doc *d, struct ui *ui, const struct detail_screen *s, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Events (%zu)", s->ev.n);
	ui_doc_heading(d, ui, width, title);
	for (size_t i = 0; i < s->ev.n; i++) {
		const struct store_alarm_event *e = &s->ev.v[i];
		char t[PW_TIME_BUFSZ], v[32] = "";
		if (e->has_value)
			snprintf(v, sizeof v, "%g", e->value);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 12, false, pw_time_short(t, e->ts));
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, PW_ROLE_HEADER, 10, false, e->kind);
		ui_doc_add(d, PW_ROLE_NORMAL, 9, true, v);
		ui_doc_add(d, PW_ROLE_NORMAL, 2, false, "");
		if (e->operator_name)
			ui_doc_addf(d, PW_ROLE_KEY, 0, false, "%s", e->operator_name);
		if (e->comment && *e->comment)
			ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "%s%s", e->operator_name ? ": " : "", e->comment);
	}
}

static void detail_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct detail_screen *s = self;
	int width = getmaxx(w);
	struct ui_doc *d = &s->doc;
	ui_doc_clear(d);
	if (!s->have) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		if (s->id < 0 || s->missing)
			ui_doc_addf(d, PW_ROLE_ERROR, 0, false, "no alarm %s (Esc goes back)", s->arg);
		else
			ui_doc_addf(d, PW_ROLE_DIM, 0, false, "loading alarm %s", s->arg);
	} else {
		build_header(d, ui, s);
		build_chart(d, ui, s, width);
		build_events(d, ui, s, width);
	}
	ui_doc_draw(ui, d, w, 0, getmaxy(w));
}

static unsigned detail_key(void *self, struct ui *ui, int key)
{
	struct detail_screen *s = self;
	if (s->have && key == 'a')
		return ui_alarm_ack_start(ui, &s->a);
	if (s->have && key == 's')
		return ui_alarm_shelve_start(ui, &s->a);
	if (s->have && key == 'u')
		return ui_alarm_unshelve_start(ui, &s->a);
	if (s->have && key == 'i')
		return ui_incident_new_from_alarm(ui, &s->a);
	return ui_doc_key(&s->doc, key);
}

static void detail_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct detail_screen *s = self;
	sbuf_addf(out, "alarm %s  ", s->arg);
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, "  a ack  s shelve  Esc back");
}

static const struct ui_keyhelp detail_keys[] = {
	{"a", "acknowledge this alarm (comment)"},
	{"i", "open an incident from this alarm (Enter accepts the type)"},
	{"s / u", "shelve (minutes, reason) / unshelve"},
	{"Up/Down, j/k", "scroll; PgUp/PgDn, Home/End"},
	{"Esc", "back to the alarm list"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_alarm_detail = {
	.name = "Alarm detail",
	.keys = detail_keys,
	.data = UI_DATA_ALARMS | UI_DATA_SENSORS,
	.open = detail_open,
	.close = detail_close,
	.load = detail_load,
	.draw = detail_draw,
	.key = detail_key,
	.hint = detail_hint,
};
