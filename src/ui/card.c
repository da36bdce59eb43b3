/*
 * card.c - the enterprise card: everything the centre knows about one
 * enterprise on one scrollable page. Header (identity, risk with label and
 * score, reasons), contacts, key places, hazardous chemicals with q/Q and
 * the GB 18218 major-hazard-source flag, special-operations certificates
 * with expiry marked, emergency materials and personnel, sensors with their
 * thresholds, last values and states. Esc goes back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_ui.h"
#include "incident_ui.h"
#include "parkwatch/store_browse.h"
#include "parkwatch/text.h"
#include "risk_ui.h"
#include "ui_private.h"

#define DAY_MS (24LL * 3600 * 1000)
#define CERT_SOON_DAYS 30

struct card_screen {
	char *code;
	struct pw_card *card;
	bool missing;                 /* the code is not in the database */
	char today[PW_TIME_BUFSZ];    /* site dates deciding certificate expiry */
	char soon[PW_TIME_BUFSZ];
	struct store_alarm_list alarms;  /* its open alarms, shelved too (live.c) */
	struct ui_card_risk *risk;       /* risk section (risk_cmd.c) */
	struct ui_doc doc;
};

/* A fixed-width cell followed by one blank column. */
static void cell(struct ui_doc *d, int role, int width, bool right, const char *text)
{
	ui_doc_add(d, role, width, right, text);
	ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
}

static void none(struct ui_doc *d)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_add(d, PW_ROLE_DIM, 0, false, "  none recorded");
}

enum num_style { NUM_G, NUM_2F, NUM_4G, NUM_INT };

/* V in STYLE, or "-" when it is not known. */
static void num(char *buf, size_t n, bool known, double v, enum num_style style)
{
	if (!known)
		snprintf(buf, n, "-");
	else if (style == NUM_2F)
		snprintf(buf, n, "%.2f", v);
	else if (style == NUM_4G)
		snprintf(buf, n, "%.4g", v);
	else if (style == NUM_INT)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%g", v);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void build_header(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	(void)ui;
	char right[64];
	snprintf(right, sizeof right, "%s  score %.0f", ui_risk_label(c->risk), c->score);
	int rw = pw_text_width(right);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_TITLE, width - rw - 1, false, "%s  %s", c->code, c->name);
	ui_doc_add(d, PW_ROLE_NORMAL, 1, false, "");
	ui_doc_add(d, ui_risk_role(c->risk), rw, true, right);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Industry %s | Zone %s | Grid %s", or_dash(c->industry),
	            or_dash(c->zone), or_dash(c->grid));
	char emp[32];
	num(emp, sizeof emp, c->employees >= 0, (double)c->employees, NUM_INT);
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Size %s | Employees %s | Ownership %s", or_dash(c->size),
	            emp, or_dash(c->ownership));
	ui_doc_line(d, PW_ROLE_NORMAL);
	ui_doc_addf(d, PW_ROLE_NORMAL, 0, false, "Address %s", or_dash(c->address));
	if (c->major_hazard) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, PW_ROLE_ERROR, 0, false,
		            "重大危险源 MAJOR HAZARD SOURCE: sum q/Q = %.2f >= 1 (GB 18218-2018)", c->qq_sum);
	}
}

/* The contacts row naming the same person as NAME/PHONE, or NULL. */
static const struct pw_card_contact *same_person(const struct pw_card *c, const char *name,
                                                 const char *phone)
{
	for (size_t i = 0; name && *name && i < c->n_contacts; i++)
		if (strcmp(c->contacts[i].name, name) == 0 && strcmp(c->contacts[i].phone, phone ? phone : "") == 0)
			return &c->contacts[i];
	return NULL;
}

static void contact_row(struct ui_doc *d, const char *role, const char *name, const char *phone,
                        bool emergency)
{
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_DIM, 22, false, role);
	cell(d, PW_ROLE_NORMAL, 12, false, or_dash(name));
	cell(d, PW_ROLE_NORMAL, 16, false, or_dash(phone));
	if (emergency)
		ui_doc_add(d, PW_ROLE_WARN, 0, false, "emergency contact");
}

/* Principal and safety officer first; a contacts row repeating one of them only adds its flag. */
static void build_contacts(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	ui_doc_heading(d, ui, width, "Contacts");
	const struct pw_card_contact *p = same_person(c, c->principal, c->phone);
	const struct pw_card_contact *o = same_person(c, c->safety_officer, c->safety_phone);
	contact_row(d, "Principal", c->principal, c->phone, p && p->emergency);
	contact_row(d, "Safety officer", c->safety_officer, c->safety_phone, o && o->emergency);
	for (size_t i = 0; i < c->n_contacts; i++) {
		const struct pw_card_contact *x = &c->contacts[i];
		if (x != p && x != o)
			contact_row(d, x->role, x->name, x->phone, x->emergency);
	}
}

static void build_places(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Key places (%zu)", c->n_places);
	ui_doc_heading(d, ui, width, title);
	if (!c->n_places)
		none(d);
	for (size_t i = 0; i < c->n_places; i++) {
		const struct pw_card_place *x = &c->places[i];
		enum pw_place p;
		const char *cat = pw_place_parse(x->category, &p) == 0 ? pw_place_label_zh(p) : x->category;
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_WARN, 16, false, cat);
		cell(d, PW_ROLE_NORMAL, 24, false, x->name);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, or_dash(x->location));
	}
}

static void build_chems(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Hazardous chemicals (%zu)", c->n_chems);
	ui_doc_heading(d, ui, width, title);
	if (!c->n_chems) {
		none(d);
		return;
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	const char *hdr[] = {"Name", "CAS", "q t", "Q t", "q/Q"};
	const int wid[] = {18, 12, 9, 9, 6};
	for (int k = 0; k < 5; k++)
		cell(d, PW_ROLE_HEADER, wid[k], k >= 2, hdr[k]);
	ui_doc_add(d, PW_ROLE_HEADER, 0, false, "Storage");
	for (size_t i = 0; i < c->n_chems; i++) {
		const struct pw_card_chem *x = &c->chems[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, wid[0], false, x->name);
		cell(d, PW_ROLE_NORMAL, wid[1], false, or_dash(x->cas));
		char q[32], th[32], r[32];
		snprintf(q, sizeof q, "%g", x->quantity_t);
		num(th, sizeof th, x->threshold_t > 0, x->threshold_t, NUM_G);
		num(r, sizeof r, x->threshold_t > 0, x->ratio, NUM_2F);
		cell(d, PW_ROLE_NORMAL, wid[2], true, q);
		cell(d, PW_ROLE_NORMAL, wid[3], true, th);
		cell(d, x->ratio >= 1 ? PW_ROLE_ERROR : PW_ROLE_NORMAL, wid[4], true, r);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, or_dash(x->storage));
	}
	ui_doc_line(d, PW_ROLE_NORMAL);
	if (c->major_hazard)
		ui_doc_addf(d, PW_ROLE_ERROR, 0, false, "sum q/Q = %.2f >= 1: 重大危险源 major hazard source", c->qq_sum);
	else
		ui_doc_addf(d, PW_ROLE_OK, 0, false, "sum q/Q = %.2f < 1: not a major hazard source", c->qq_sum);
}

/* Whole days from the site's today to DATE (YYYY-MM-DD); 0 when unreadable. */
static int days_until(const struct card_screen *s, const char *date)
{
	int64_t a, b;
	if (pw_time_parse(s->today, &a) != 0 || pw_time_parse(date, &b) != 0)
		return 0;
	/* Rounded: a day with a DST change is not exactly 24 h. */
	return (int)((b - a + DAY_MS / 2) / DAY_MS);
}

static void build_certs(struct ui_doc *d, struct ui *ui, const struct card_screen *s, int width)
{
	const struct pw_card *c = s->card;
	char title[64];
	snprintf(title, sizeof title, "Special-operations certificates (%zu)", c->n_certs);
	ui_doc_heading(d, ui, width, title);
	if (!c->n_certs) {
		none(d);
		return;
	}
	for (size_t i = 0; i < c->n_certs; i++) {
		const struct pw_card_cert *x = &c->certs[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 10, false, x->holder);
		cell(d, PW_ROLE_NORMAL, 20, false, x->kind);
		cell(d, PW_ROLE_DIM, 20, false, x->number);
		bool expired = strcmp(x->expires, s->today) < 0;
		bool soon = !expired && strcmp(x->expires, s->soon) <= 0;
		int role = expired ? PW_ROLE_ERROR : soon ? PW_ROLE_WARN : PW_ROLE_NORMAL;
		cell(d, role, 10, false, x->expires);
		if (expired)
			ui_doc_add(d, role, 0, false, "EXPIRED");
		else if (soon)
			ui_doc_addf(d, role, 0, false, "expires in %d d", days_until(s, x->expires));
		else
			ui_doc_add(d, role, 0, false, "valid");
	}
}

static void build_materials(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Emergency materials (%zu)", c->n_materials);
	ui_doc_heading(d, ui, width, title);
	if (!c->n_materials)
		none(d);
	for (size_t i = 0; i < c->n_materials; i++) {
		const struct pw_card_material *x = &c->materials[i];
		char q[32];
		snprintf(q, sizeof q, "%lld", (long long)x->qty);
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 24, false, x->name);
		cell(d, PW_ROLE_NORMAL, 6, true, q);
		cell(d, PW_ROLE_NORMAL, 6, false, x->unit);
		ui_doc_add(d, PW_ROLE_DIM, 0, false, or_dash(x->location));
	}
}

static void build_personnel(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Emergency personnel (%zu)", c->n_personnel);
	ui_doc_heading(d, ui, width, title);
	if (!c->n_personnel)
		none(d);
	for (size_t i = 0; i < c->n_personnel; i++) {
		const struct pw_card_person *x = &c->personnel[i];
		ui_doc_line(d, PW_ROLE_NORMAL);
		cell(d, PW_ROLE_NORMAL, 12, false, x->name);
		cell(d, PW_ROLE_DIM, 20, false, x->role);
		ui_doc_add(d, PW_ROLE_NORMAL, 0, false, or_dash(x->phone));
	}
}

/* A sensor's state in words and the role that goes with it. */
static const char *sensor_state(const struct pw_card_sensor *x, int *role)
{
	static const struct { const char *state, *label; int role; } map[] = {
		{"normal", "normal", PW_ROLE_OK}, {"l1", "ALARM L1", PW_ROLE_PRIO2},
		{"l2", "ALARM L2", PW_ROLE_PRIO1}, {"alarm", "ALARM", PW_ROLE_PRIO1},
		{"fault", "FAULT", PW_ROLE_DIAG}, {"offline", "OFFLINE", PW_ROLE_DIAG},
		{"oos", "out of service", PW_ROLE_DIM},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(map); i++)
		if (strcmp(x->state, map[i].state) == 0) {
			*role = map[i].role;
			return map[i].label;
		}
	*role = PW_ROLE_DIM;
	return "unknown";
}

static void sensor_row(struct ui_doc *d, const struct pw_card_sensor *x, const int *wid)
{
	char l1[24], l2[24], v[24], at[PW_TIME_BUFSZ];
	num(l1, sizeof l1, x->has_l1, x->l1, NUM_G);
	num(l2, sizeof l2, x->has_l2, x->l2, NUM_G);
	num(v, sizeof v, x->has_value, x->last_value, NUM_4G);
	if (x->last_ts > 0)
		pw_time_short(at, x->last_ts);
	else
		snprintf(at, sizeof at, "never");
	int role;
	const char *state = sensor_state(x, &role);
	ui_doc_line(d, PW_ROLE_NORMAL);
	cell(d, PW_ROLE_NORMAL, wid[0], false, x->code);
	cell(d, PW_ROLE_NORMAL, wid[1], false, x->kind);
	cell(d, PW_ROLE_DIM, wid[2], false, x->unit);
	cell(d, PW_ROLE_NORMAL, wid[3], true, l1);
	cell(d, PW_ROLE_NORMAL, wid[4], true, l2);
	cell(d, role, wid[5], true, v);
	cell(d, PW_ROLE_DIM, wid[6], false, at);
	cell(d, role, wid[7], false, state);
	ui_doc_add(d, x->online == 0 ? PW_ROLE_DIAG : PW_ROLE_DIM, 0, false,
	           x->online == 1 ? "online" : x->online == 0 ? "OFFLINE" : "link ?");
}

static void build_sensors(struct ui_doc *d, struct ui *ui, const struct pw_card *c, int width)
{
	char title[64];
	snprintf(title, sizeof title, "Sensors (%zu)", c->n_sensors);
	ui_doc_heading(d, ui, width, title);
	if (!c->n_sensors) {
		none(d);
		return;
	}
	const char *hdr[] = {"Code", "Kind", "Unit", "L1", "L2", "Last", "At", "State"};
	const int wid[] = {14, 6, 6, 6, 6, 8, 11, 9};
	ui_doc_line(d, PW_ROLE_NORMAL);
	for (int k = 0; k < 8; k++)
		cell(d, PW_ROLE_HEADER, wid[k], k >= 3 && k <= 5, hdr[k]);
	ui_doc_add(d, PW_ROLE_HEADER, 0, false, "Link");
	for (size_t i = 0; i < c->n_sensors; i++)
		sensor_row(d, &c->sensors[i], wid);
}

static void build(struct card_screen *s, struct ui *ui, int width)
{
	struct ui_doc *d = &s->doc;
	ui_doc_clear(d);
	if (!s->card) {
		ui_doc_line(d, PW_ROLE_NORMAL);
		ui_doc_addf(d, s->missing ? PW_ROLE_ERROR : PW_ROLE_DIM, 0, false,
		            s->missing ? "Enterprise %s is not in the database (Esc goes back)" : "loading %s",
		            s->code);
		return;
	}
	/* What an operator needs first when something happens: alarms, who to call, what is stored. */
	build_header(d, ui, s->card, width);
	ui_live_card_alarms(d, ui, &s->alarms, width);
	build_contacts(d, ui, s->card, width);
	build_places(d, ui, s->card, width);
	build_chems(d, ui, s->card, width);
	ui_card_risk_build(s->risk, d, ui, s->card, width);
	build_certs(d, ui, s, width);
	build_materials(d, ui, s->card, width);
	build_personnel(d, ui, s->card, width);
	build_sensors(d, ui, s->card, width);
}

static void *card_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	struct card_screen *s = xcalloc(1, sizeof *s);
	s->code = xstrdup(arg ? arg : "");
	ui_doc_init(&s->doc);
	return s;
}

static void card_close(void *self)
{
	struct card_screen *s = self;
	store_browse_card_free(s->card);
	ui_card_risk_free(s->risk);
	store_alarm_list_free(&s->alarms);
	ui_doc_free(&s->doc);
	free(s->code);
	free(s);
}

static int card_load(void *self, struct ui *ui)
{
	struct card_screen *s = self;
	struct pw_card *c = NULL;
	int rc = store_browse_card(ui->st, s->code, &c);
	if (rc < 0) {
		ui_message(ui, PW_ROLE_ERROR, "enterprise card: %s", store_errmsg(ui->st));
		return -1;
	}
	store_browse_card_free(s->card);
	s->card = c;
	s->missing = rc == PW_STORE_NOTFOUND;
	if (c)
		ui_card_risk_load(&s->risk, ui, c->id);
	struct store_alarm_filter af = {.enterprise_code = s->code, .include_shelved = true};
	struct store_alarm_list al;
	if (store_alarm_list_active(ui->st, &af, &al) == 0) {
		store_alarm_list_free(&s->alarms);
		s->alarms = al;
	}
	int64_t now = pw_now_ms();
	pw_date_local(s->today, now);
	pw_date_local(s->soon, now + CERT_SOON_DAYS * DAY_MS);
	return 0;
}

static void card_draw(void *self, struct ui *ui, WINDOW *w)
{
	struct card_screen *s = self;
	build(s, ui, getmaxx(w));
	ui_doc_draw(ui, &s->doc, w, 0, getmaxy(w));
}

static unsigned card_key(void *self, struct ui *ui, int key)
{
	(void)ui;
	struct card_screen *s = self;
	if (key == 'r')
		return ui_hazard_report_start(ui, s->code);
	if (key == 'i')
		return ui_incident_new_from_enterprise(ui, s->code);
	return ui_doc_key(&s->doc, key);
}

static void card_hint(void *self, struct ui *ui, struct sbuf *out)
{
	(void)ui;
	struct card_screen *s = self;
	sbuf_addf(out, "card %s  ", s->code);
	ui_doc_hint(&s->doc, out);
	sbuf_adds(out, "  Esc back");
}

static const struct ui_keyhelp card_keys[] = {
	{"Up/Down, j/k", "scroll a line"},
	{"PgUp/PgDn, Space", "scroll a page"},
	{"Home/End", "top / bottom of the card"},
	{"r", "report a hidden hazard at this enterprise"},
	{"i", "open an incident at this enterprise"},
	{"Esc", "back to the list"},
	{NULL, NULL},
};

const struct ui_screen_ops ui_screen_card = {
	.name = "Enterprise card",
	.keys = card_keys,
	.data = UI_DATA_ENTERPRISES | UI_DATA_SENSORS | UI_DATA_ALARMS,
	.open = card_open,
	.close = card_close,
	.load = card_load,
	.draw = card_draw,
	.key = card_key,
	.hint = card_hint,
	.min_reload_ms = 500,
};
