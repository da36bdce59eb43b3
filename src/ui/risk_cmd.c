/*
 * risk_cmd.c - the risk parts of the console outside the heat table: the
 * enterprise card's "Risk" section (colour, score, every reason, the colour
 * history newest first) followed by the management inputs behind it (open
 * hidden hazards, the latest inspection visits), ':heat', and ':risk' which
 * lists the model's
 * parameters or, with "set NAME VALUE", changes one, recomputes every
 * enterprise and logs it in the duty log, all in one transaction. The
 * change is a save job (save.h): a busy database queues it, a full disk
 * gives the command back to edit or retry.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_hazard_views.h"
#include "parkwatch/store_risk.h"
#include "parkwatch/text.h"
#include "risk_ui.h"
#include "save.h"

#define HISTORY_MAX 20
#define VISITS_MAX 10

/* ---- the card's risk section ---- */

struct ui_card_risk {
	struct store_risk_changes hist;
	struct store_hazard_list hazards;   /* open (not closed) */
	struct store_visit_list visits;     /* the latest VISITS_MAX */
	bool loaded;
};

static void ui_card_risk_free_parts(struct ui_card_risk *cr)
{
	store_risk_history_free(&cr->hist);
	store_hazard_list_free(&cr->hazards);
	store_visit_list_free(&cr->visits);
}

int ui_card_risk_load(struct ui_card_risk **cr, struct ui *ui, int64_t enterprise_id)
{
	if (!*cr)
		*cr = xcalloc(1, sizeof **cr);
	char today[PW_TIME_BUFSZ];
	pw_date_local(today, pw_now_ms());
	struct store_risk_changes h = {0};
	struct store_hazard_list hz = {0};
	struct store_visit_list v = {0};
	if (store_risk_history_load(ui->st, enterprise_id, HISTORY_MAX, &h) != 0 ||
	    store_hazard_list_load(ui->st, today, false, enterprise_id, &hz) != 0 ||
	    store_visits_recent(ui->st, VISITS_MAX, enterprise_id, &v) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "enterprise card (risk): %s", store_errmsg(ui->st));
		store_risk_history_free(&h);
		store_hazard_list_free(&hz);
		return -1;
	}
	ui_card_risk_free_parts(*cr);
	(*cr)->hist = h;
	(*cr)->hazards = hz;
	(*cr)->visits = v;
	(*cr)->loaded = true;
	return 0;
}

void ui_card_risk_free(struct ui_card_risk *cr)
{
	if (!cr)
		return;
	ui_card_risk_free_parts(cr);
	free(cr);
}

/* Each "；"-separated reason of TEXT on its own line. */
static void reason_lines(struct ui_doc *d, const char *text, int role)
{
	static const char sep[] = "；";
	const char *p = text;
	while (p && *p) {
		const char *e = strstr(p, sep);
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			ui_doc_line(d, PW_ROLE_NORMAL);
			ui_doc_addf(d, role, 0, false, "  · %.*s", (int)n, p);
		}
		p = e ? e + sizeof sep - 1 : NULL;
	}
}

static void build_history(const struct ui_card_risk *cr, struct ui_doc *d)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 0, false, "Colour history (newest first):");
	if (!cr->hist.n) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  no change recorded");
	}
	for (size_t i = 0; i < cr->hist.n; i++) {
		const struct store_risk_change *h = &cr->hist.rows[i];
		char at[PW_TIME_BUFSZ];
		pw_time_short(at, h->ts);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 13, false, at);
		ui_doc_addf(d, ui_risk_role(h->colour), 11, false, "[%s]", ui_risk_label(h->colour));
		ui_doc_addf(d, PW_ROLE_NORMAL, 5, true, "%.0f", h->score);
		ui_doc_add(d, PW_ROLE_NORMAL, 2, false, "");
		ui_doc_add(d, PW_ROLE_DIM, 0, false, h->reasons);
	}
}

/* Open hidden hazards: major and overdue say so in text as well as role. */
static void build_hazards(const struct ui_card_risk *cr, struct ui_doc *d, struct ui *ui, int width)
{
	char title[96];
	snprintf(title, sizeof title, "隐患 Open hidden hazards (%zu)  r: report one, 4: Hazards", cr->hazards.n);
	ui_doc_heading(d, ui, width, title);
	if (!cr->hazards.n) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  none open");
	}
	for (size_t i = 0; i < cr->hazards.n; i++) {
		const struct store_hazard_row *h = &cr->hazards.rows[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, PW_ROLE_DIM, 5, true, "#%lld", (long long)h->id);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, h->grade == PW_HZ_MAJOR ? PW_ROLE_ERROR : PW_ROLE_NORMAL, 5, false,
		           pw_hazard_grade_label_zh(h->grade));
		ui_doc_addf(d, PW_ROLE_NORMAL, 18, false, "%s %s", pw_hazard_status_label_zh(h->status),
		            pw_hazard_status_name(h->status));
		ui_doc_add(d, h->overdue ? PW_ROLE_OVERDUE : PW_ROLE_NORMAL, 11, false, *h->deadline ? h->deadline : "-");
		ui_doc_add(d, PW_ROLE_OVERDUE, 5, false, h->overdue ? "超期" : "");
		ui_doc_add(d, PW_ROLE_NORMAL, 0, false, h->description);
	}
}

static void build_visits(const struct ui_card_risk *cr, struct ui_doc *d, struct ui *ui, int width)
{
	char title[96];
	snprintf(title, sizeof title, "巡查 Latest inspection visits (%zu)", cr->visits.n);
	ui_doc_heading(d, ui, width, title);
	if (!cr->visits.n) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_WARN, 0, false, "  never inspected");
	}
	for (size_t i = 0; i < cr->visits.n; i++) {
		const struct store_visit *v = &cr->visits.rows[i];
		char at[PW_TIME_BUFSZ];
		pw_time_short(at, v->ts);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 12, false, at);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, PW_ROLE_NORMAL, 9, false, v->inspector);
		ui_doc_add(d, PW_ROLE_DIM, 17, false, v->org);
		ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
		ui_doc_add(d, PW_ROLE_NORMAL, 0, false, *v->findings ? v->findings : "-");
	}
}

void ui_card_risk_build(const struct ui_card_risk *cr, struct ui_doc *d, struct ui *ui,
                        const struct pw_card *c, int width)
{
	ui_doc_heading(d, ui, width, "风险 Risk (four-colour)");
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_NORMAL, 0, false, "Colour ");
	ui_doc_addf(d, ui_risk_role(c->risk), 0, false, "[%s]", ui_risk_label(c->risk));
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "  score %.0f / 100", c->score);
	if (c->risk_reasons && *c->risk_reasons) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "Why:");
		reason_lines(d, c->risk_reasons, PW_ROLE_NORMAL);
	} else {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "Why: nothing adds points (no key place, hazard, alarm...)");
	}
	if (!cr || !cr->loaded) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, "  loading the history");
		return;
	}
	build_history(cr, d);
	build_hazards(cr, d, ui, width);
	build_visits(cr, d, ui, width);
}

/* ---- :heat ---- */

unsigned ui_cmd_heat(struct ui *ui, const char *args)
{
	(void)args;
	unsigned r = ui_show_tab(ui, 0);
	struct ui_view *v = ui_current(ui);
	if (v && v->ops == &ui_screen_heat)
		return r;
	return r | ui_push(ui, &ui_screen_heat, NULL);
}

/* ---- :risk: the parameter list as a page ---- */

struct params_screen {
	struct pw_risk_params p, def;
	bool loaded;
	struct ui_doc doc;
};

static void *params_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	struct params_screen *s = xcalloc(1, sizeof *s);
	pw_risk_params_defaults(&s->def);
	ui_doc_init(&s->doc);
	return s;
}

static void params_close(void *self)
{
	struct params_screen *s = self;
	ui_doc_free(&s->doc);
	free(s);
}

static int params_load(void *self, struct ui *ui)
{
	struct params_screen *s = self;
	if (store_risk_params_load(ui->st, &s->p) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "risk parameters: %s", store_errmsg(ui->st));
		return -1;
	}
	s->loaded = true;
	return 0;
}

static void params_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct params_screen *s = self;
	struct ui_doc *d = &s->doc;
	ui_doc_clear(d);
	ui_doc_heading(d, ui, getmaxx(w), "Risk model parameters (:risk set NAME VALUE)");
	const char *const *names = pw_risk_param_names();
	for (size_t i = 0; s->loaded && names[i]; i++) {
		double v = 0, dv = 0;
		pw_risk_param_get(&s->p, names[i], &v);
		pw_risk_param_get(&s->def, names[i], &dv);
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_add(d, PW_ROLE_NORMAL, 26, false, names[i]);
		ui_doc_addf(d, v != dv ? PW_ROLE_WARN : PW_ROLE_NORMAL, 10, true, "%g", v);
		if (v != dv)
			ui_doc_addf(d, PW_ROLE_DIM, 0, false, "   (default %g)", dv);
	}
	ui_doc_draw(ui, d, w, 0, getmaxy(w));
}

static unsigned params_key(void *self, struct ui *ui, int key)
{
	(void)ui;
	struct params_screen *s = self;
	return ui_doc_key(&s->doc, key);
}

static void params_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct params_screen *s = self;
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, "  changed values marked  Esc back");
}

static const struct ui_keyhelp params_keys[] = {
	{"Up/Down, PgUp/PgDn", "scroll"},
	{":risk set NAME VALUE", "change one and recompute every enterprise"},
	{"Esc", "back"},
	{NULL, NULL},
};

static const struct ui_screen_ops ui_screen_risk_params = {
	.name = "Risk model parameters",
	.keys = params_keys,
	.data = UI_DATA_ENTERPRISES,
	.open = params_open,
	.close = params_close,
	.load = params_load,
	.draw = params_draw,
	.key = params_key,
	.hint = params_hint,
};

/* ---- :risk set NAME VALUE ---- */

#define RISK_NAME_SZ 64

/* What one change set, for the report. */
struct risk_change {
	char name[RISK_NAME_SZ];
	double value;
	int changed;              /* enterprises that changed colour */
};

enum { RISK_OK, RISK_USAGE, RISK_BAD_VALUE };

/*
 * "set NAME VALUE" of ARGS into C: RISK_OK, or why not in WHY (the command
 * as typed first, or as edited after it was given back).
 */
static int risk_parse(const char *args, struct risk_change *c, char *why, size_t n)
{
	char value[64], extra[2];
	if (sscanf(args, "set %63s %63s %1s", c->name, value, extra) != 2) {
		snprintf(why, n, "usage: :risk (list) or :risk set NAME VALUE");
		return RISK_USAGE;
	}
	char *end;
	errno = 0;
	double v = strtod(value, &end);
	struct pw_risk_params probe;
	pw_risk_params_defaults(&probe);
	if (*end || errno || !isfinite(v) || pw_risk_param_set(&probe, c->name, v) != 0) {
		snprintf(why, n, "risk: %s %s refused: unknown name or not a value >= 0 (:risk lists them)",
		         c->name, value);
		return RISK_BAD_VALUE;
	}
	c->value = v;
	return RISK_OK;
}

/* Set NAME to VALUE, recompute everyone and log it: one transaction. */
static int risk_write(struct ui *ui, void *ctx, const char *text)
{
	struct risk_change *c = ctx;
	char why[256];
	if (risk_parse(text, c, why, sizeof why) != RISK_OK)
		return ui_save_invalid("%s", why);
	return store_risk_param_change(ui->st, c->name, c->value, ui->opts.operator_name, pw_now_ms(),
	                               &c->changed);
}

static unsigned risk_report(struct ui *ui, void *ctx, const char *text, int rc)
{
	(void)text;
	struct risk_change *c = ctx;
	if (rc != 0) {
		ui_message(ui, PW_ROLE_ERROR, "risk set %s: %s", c->name, store_errmsg(ui->st));
		return UI_R_MSG;
	}
	ui_views_mark_stale(ui, UI_DATA_ALL);
	ui_message(ui, PW_ROLE_OK, "risk: %s = %g; every enterprise recomputed, %d changed colour", c->name,
	           c->value, c->changed);
	return UI_R_ALL | UI_R_RELOAD;
}

static const struct ui_save_ops risk_ops = {.write = risk_write, .report = risk_report};

unsigned ui_cmd_risk(struct ui *ui, const char *args)
{
	if (!*args)
		return ui_push(ui, &ui_screen_risk_params, NULL);
	struct risk_change probe;
	char why[256];
	int bad = risk_parse(args, &probe, why, sizeof why);
	if (bad == RISK_USAGE) {
		ui_message(ui, PW_ROLE_ERROR, "%s", why);
		return UI_R_MSG;
	}
	if (ui_refuse_read_only(ui, "change the risk model"))
		return UI_R_MSG;
	if (bad) {
		ui_message(ui, PW_ROLE_ERROR, "%s", why);
		return UI_R_MSG;
	}
	/* The command is the job's text: given back on a ':risk ' prompt to edit or retry. */
	char *what = xasprintf("risk set %s", probe.name);
	struct ui_save_spec spec = {.ops = &risk_ops, .what = what, .max_bytes = 160};
	struct ui_save_job *j = ui_save_begin(&spec, xcalloc(1, sizeof(struct risk_change)));
	free(what);
	ui_save_prompt_label(j, ":risk ");
	return ui_save_submit(ui, j, args, NULL);
}
