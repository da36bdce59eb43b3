/*
 * ui_private.h - what the files of src/ui share: the console state, the
 * screen interface, redraw bits, the widgets (table, document pager, input
 * prompt) and drawing helpers. Never included outside src/ui. See
 * src/ui/README.md for how to add a screen, a key or a ':' command.
 *
 * Flow of one loop pass (app.c): read keys -> the active modal (question,
 * prompt, help) or the current view's key() or the global binding table
 * (keys.c); each returns UI_R_* bits that are OR-ed into ui->dirty. Data
 * changes mark views stale. Before sleeping, stale views reload, then every
 * dirty window is drawn, wnoutrefresh()ed, and one doupdate() sends the
 * frame (at most cfg->max_fps per second).
 */
#ifndef PARKWATCH_UI_PRIVATE_H
#define PARKWATCH_UI_PRIVATE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parkwatch/config.h"
#include "parkwatch/risk.h"
#include "parkwatch/store_alarms.h"
#include "parkwatch/theme.h"
#include "parkwatch/ui.h"
#include "parkwatch/util.h"
#include "edit.h"
#include "tview.h"

/* ---- reactions: what an action asks the loop to do (htop's Htop_Reaction) ---- */
enum {
	UI_R_NONE = 0,
	UI_R_TITLE = 1u << 0,     /* redraw the title/tab bar */
	UI_R_TICKER = 1u << 1,    /* redraw the alarm ticker line */
	UI_R_BODY = 1u << 2,      /* redraw the current screen (and the help overlay) */
	UI_R_MSG = 1u << 3,       /* redraw the message/prompt line */
	UI_R_STATUS = 1u << 4,    /* redraw the status line */
	UI_R_ALL = 0x1fu,
	UI_R_RELAYOUT = 1u << 5,  /* rebuild every window (resize, theme) */
	UI_R_RELOAD = 1u << 6,    /* reload the current view's data now */
	UI_R_QUIT = 1u << 7,      /* leave the console */
	UI_R_UNHANDLED = 1u << 8, /* the key meant nothing here: try the next handler */
};

/* ---- keys: code points as themselves, curses KEY_* codes above Unicode ---- */
#define UI_FKEY(k) (0x200000 + (k))
#define UI_KEY_ESC 27
#define UI_KEY_ENTER '\r'
#define UI_CTRL(c) ((c) & 0x1f)
bool ui_key_is_enter(int key);
/* "q", "Enter", "F5", "PgDn"... for messages; BUF of at least 16 bytes. */
const char *ui_key_name(int key, char *buf, size_t n);

#define UI_NTABS 9
#define UI_STACK_MAX 8
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

struct ui;
struct pw_spool_entry;

/* One line of a screen's help: the keys and what they do. */
struct ui_keyhelp {
	const char *keys;
	const char *what;
};

/*
 * A screen. Each tab (1..9) has a stack of views: the root is the tab's
 * screen, Enter pushes details (the enterprise card), Esc pops. Only draw
 * may call curses; open/load/key must not draw (they return UI_R_* bits).
 */
struct ui_screen_ops {
	const char *name;               /* "Enterprise card": shown in help and errors */
	const struct ui_keyhelp *keys;  /* this screen's keys for '?', {NULL, NULL} ends */
	unsigned data;                  /* UI_DATA_* bits whose change makes it reload */
	const void *cookie;             /* passed to open (e.g. the pending text) */
	/* Create the view's state (never NULL); ARG: e.g. the enterprise code. */
	void *(*open)(struct ui *ui, const void *cookie, const char *arg);
	void (*close)(void *self);
	/* (Re)read data from ui->st, keeping the selection; -1 after ui_message(). */
	int (*load)(void *self, struct ui *ui);
	/* Paint the view into W (its size: getmaxy/getmaxx). */
	void (*draw)(void *self, struct ui *ui, WINDOW *w);
	/* A key; return UI_R_UNHANDLED when it means nothing on this screen. */
	unsigned (*key)(void *self, struct ui *ui, int key);
	/* Optional: a short hint for the message line ("120/240 sort name"). */
	void (*hint)(void *self, struct ui *ui, struct sbuf *out);
	/* Optional: true while an edit would be lost by quitting. */
	bool (*unsaved)(void *self);
	/*
	 * Optional: the console is exiting with text typed on this view and not
	 * saved (a draft, or one the database refused): fill E with
	 * pw_spool_entry_init() for the spool (spool.h) and return true.
	 */
	bool (*spool)(void *self, struct ui *ui, struct pw_spool_entry *e);
	/*
	 * Printable keys are this view's text (a new duty entry): 1-9, ? and q
	 * type, so the message line offers F10 for help instead of them.
	 */
	bool takes_text;
	/*
	 * Heavy screens (whole-park aggregates) reload at most this often when
	 * data keeps changing under them (a busy recorder); 0 = at once. A view
	 * never loaded yet and UI_R_RELOAD load at once.
	 */
	int min_reload_ms;
};

struct ui_view {
	const struct ui_screen_ops *ops;
	void *self;
	bool stale;         /* data changed since the last load */
	bool loaded;        /* load() succeeded at least once */
	bool urgent;        /* load on the next pass whatever min_reload_ms says */
	int64_t loaded_at;  /* mono ms of the last load */
};

struct ui_tab {
	struct ui_view stack[UI_STACK_MAX];
	int depth;
};

/* A tab of the registry (screens.c). */
struct ui_tab_def {
	const char *label;              /* "Enterprises" */
	const char *short_label;        /* "Ent" for narrow terminals */
	const struct ui_screen_ops *ops;
};
extern const struct ui_tab_def ui_tab_defs[UI_NTABS];

/* ---- modal input: the prompt on the message line ---- */
struct ui_prompt_spec {
	const char *label;              /* "Filter: ", ":" */
	const char *initial;            /* NULL for empty */
	size_t max_bytes;               /* 0 = 4096 */
	/* Esc on a non-empty entry asks before discarding (comments, notes). */
	bool confirm_discard;
	/* Called after every change (live filter); may be NULL. */
	unsigned (*on_change)(void *user, struct ui *ui, const char *text);
	/* Enter: the text (sanitised UTF-8); the prompt is closed before the call. */
	unsigned (*on_submit)(void *user, struct ui *ui, const char *text);
	/* Esc (after confirmation when asked); may be NULL. */
	unsigned (*on_cancel)(void *user, struct ui *ui);
	/* Optional text shown at the right end of the prompt ("7 of 60"). */
	void (*status)(void *user, struct sbuf *out);
	void *user;
};

struct ui_prompt {
	bool active;
	struct ui_prompt_spec spec;
	char *label;                    /* owned copy */
	struct ui_edit edit;
	int scroll;                     /* first display column shown */
};

/* A yes/no question on the message line. */
struct ui_question {
	bool active;
	char *text;
	unsigned (*on_yes)(void *user, struct ui *ui);
	unsigned (*on_no)(void *user, struct ui *ui);
	void *user;
};

/* ---- the console ---- */
struct ui {
	struct pw_store *st;
	const struct pw_config *cfg;
	struct ui_opts opts;
	const struct ui_hooks *hooks;

	SCREEN *screen;
	WINDOW *w_title, *w_ticker, *w_body, *w_msg, *w_status, *w_help;
	WINDOW *w_input;                /* 1x1 pad read by get_wch: never refreshes */
	int rows, cols;
	bool too_small;
	bool utf8;                      /* locale is UTF-8: wide text and "…" */

	unsigned dirty;                 /* UI_R_* bits pending */
	struct ui_tab tabs[UI_NTABS];
	int cur;                        /* current tab 0..8 */

	struct ui_prompt prompt;
	struct ui_question question;
	bool help_open;
	int help_top;

	char *msg;                      /* message line text (owned) or NULL */
	int msg_role;
	int64_t msg_until;              /* mono ms when it goes away */

	/* status line data */
	struct store_alarm_counts counts;
	int flood_count;
	bool flood;
	bool status_stale;              /* alarm counts/ticker need reloading */
	struct store_alarm_list ticker;
	size_t ticker_first;            /* ticker.c: first item shown while cycling */
	size_t ticker_next;             /* where the next page starts; 0 = all fit */
	int64_t ticker_step_at;         /* mono ms of the last cycle step */
	int link_state;
	int64_t link_since;             /* epoch ms */
	char *link_detail;
	size_t ingest_waiting;          /* received, not stored yet (the database refuses) */
	uint64_t ingest_lost;           /* dropped since start: the queue was full */
	bool ingest_failing;
	bool standby;                   /* a recorder on this host stores what arrives */

	/* theme */
	struct pw_theme theme;
	attr_t role_attr[PW_ROLE_COUNT];
	bool colour;                    /* colours in use (else attributes only) */
	bool no_color_env;

	/* timing */
	int64_t last_frame;             /* mono ms of the last doupdate */
	int64_t last_dv_check;
	int64_t data_version;
	int64_t last_second;            /* epoch seconds last shown on the clock */
	bool bell_pending;
	bool quit;
	int ended_by;                   /* SIGTERM/SIGHUP, -1 terminal gone, 0 a quit */

	/* sound.c: priority-1 alarms that keep sounding until acknowledged */
	int64_t *sounding;              /* alarm ids (grows; none is ever dropped) */
	size_t n_sounding, cap_sounding;
	int64_t ring_next;              /* mono ms of the next ring while any sounds */
	int term_notify;                /* 0 off, 9 OSC 9, 777 OSC 777 */
	char *term_note;                /* terminal notification for the next frame */
	char *silence_log;              /* duty-log text of a silence not written yet */
	bool first_frame_done;
};

/* ---- app.c: navigation, messages, modals ---- */
/* The view on top of the current tab. */
struct ui_view *ui_current(struct ui *ui);
/* Switch to tab N (0..8), opening its screen on first use. */
unsigned ui_show_tab(struct ui *ui, int n);
/* Push a detail view on the current tab (e.g. the card of ARG). */
unsigned ui_push(struct ui *ui, const struct ui_screen_ops *ops, const char *arg);
/* The same for a view whose ARG is a row id (an alarm, an incident...). */
unsigned ui_push_id(struct ui *ui, const struct ui_screen_ops *ops, int64_t id);
/* Pop the current tab's top view; UI_R_UNHANDLED at the root. */
unsigned ui_pop(struct ui *ui);
/* Show a message for ~8 s or until the next key; ROLE e.g. PW_ROLE_ERROR. */
void ui_message(struct ui *ui, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_prompt_open(struct ui *ui, const struct ui_prompt_spec *spec);
void ui_ask(struct ui *ui, const char *question, unsigned (*on_yes)(void *, struct ui *),
            unsigned (*on_no)(void *, struct ui *), void *user);
/* Mark every open view showing DATA (UI_DATA_* bits) for reloading. */
void ui_views_mark_stale(struct ui *ui, unsigned data);
/* Close every view of every tab. */
void ui_views_close(struct ui *ui);
/* Quit, asking first when a view or the prompt holds an unsaved edit. */
unsigned ui_request_quit(struct ui *ui);
bool ui_has_unsaved(struct ui *ui);

/*
 * term_check.c: 0 when stdin/stdout are a terminal whose TERM has cursor
 * addressing; else -1 after printing one line (TERM=dumb, unknown, unset).
 */
int ui_terminal_check(void);

/* ---- keys.c: global bindings and the ':' command line ---- */
/* Handle KEY when neither a modal nor the view took it. */
unsigned ui_keys_global(struct ui *ui, int key);
/* Run one ':' command line. */
unsigned ui_command_run(struct ui *ui, const char *line);
/* Help overlay lines: global keys and commands, for help.c. */
extern const struct ui_keyhelp ui_global_keyhelp[];
extern const struct ui_keyhelp ui_command_help[];

/* ---- input.c: prompt and question key handling and drawing ---- */
unsigned ui_prompt_key(struct ui *ui, int key);
unsigned ui_question_key(struct ui *ui, int key);
void ui_prompt_close(struct ui *ui);
void ui_msgline_draw(struct ui *ui);

/* ---- theme_ui.c: roles to curses attributes ---- */
/* Apply theme NAME (NULL: cfg/--theme); on failure keep the current one. */
int ui_theme_set(struct ui *ui, const char *name, char **err);
/* Choose the start-up theme: NO_COLOR / no colours -> mono, else NAME or default. */
void ui_theme_init(struct ui *ui, const char *name);
static inline attr_t ui_attr(const struct ui *ui, int role)
{
	return role >= 0 && role < PW_ROLE_COUNT ? ui->role_attr[role] : ui->role_attr[PW_ROLE_NORMAL];
}

/* ---- draw.c: text helpers (sanitised, width-correct) ---- */
/*
 * Write TEXT at (Y, X) of W in exactly WIDTH columns (padded or cut with an
 * ellipsis), sanitised, in ROLE's attributes. Returns WIDTH.
 */
int ui_put(struct ui *ui, WINDOW *w, int y, int x, int width, int role, bool right, const char *text);
/* Like ui_put with a printf format; natural width when WIDTH < 0. Returns columns used. */
int ui_putf(struct ui *ui, WINDOW *w, int y, int x, int width, int role, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Fill the rest of row Y from X with blanks in ROLE. */
void ui_clear_eol(struct ui *ui, WINDOW *w, int y, int x, int role);

/* Risk colour: role and text label ("红 red"), and a compact one ("红"). */
int ui_risk_role(enum pw_colour c);
const char *ui_risk_label(enum pw_colour c);
/* Alarm priority: role and label ("P1".."P3", "DIAG"). */
int ui_prio_role(int priority);
const char *ui_prio_label(int priority);

/* ---- table.c: the list widget ---- */
#define UI_TABLE_MAXCOLS 12

struct ui_column {
	const char *title;
	int width;       /* display columns; 0 = share what is left (flexible) */
	int min;         /* flexible columns: never narrower */
	bool right;      /* right-aligned (numbers) */
	int hide_below;  /* hide the column when the window is narrower (0 = never) */
};

struct ui_table {
	const struct ui_column *cols;
	int ncols;
	size_t nrows;
	struct ui_tview view;
	int sort_col;    /* -1 none */
	bool sort_desc;
	char *filter;    /* owned; NULL when none */
	size_t page;     /* rows visible at the last draw */
	const char *empty_text;     /* shown when there are no rows at all */
	/* Text of a cell (may use BUF of BUFSZ bytes); role of a cell or -1. */
	const char *(*cell)(void *user, size_t row, int col, char *buf, size_t bufsz);
	int (*cell_role)(void *user, size_t row, int col);
	ui_tview_cmp cmp;
	ui_tview_match match;
	void *user;
};

void ui_table_init(struct ui_table *t, const struct ui_column *cols, int ncols, void *user);
void ui_table_free(struct ui_table *t);
/* New data: NROWS rows; reselect KEEP_ROW (UI_TVIEW_NONE for none). */
void ui_table_rebuild(struct ui_table *t, size_t nrows, size_t keep_row);
/* The selected row or UI_TVIEW_NONE. */
size_t ui_table_selected(const struct ui_table *t);
/* Draw into W at rows Y..Y+H-1 (header first). */
void ui_table_draw(struct ui *ui, struct ui_table *t, WINDOW *w, int y, int h);
/* Movement, sorting (< > I), '/' filter and Esc (clear filter); else UI_R_UNHANDLED. */
unsigned ui_table_key(struct ui *ui, struct ui_table *t, int key);
/* "123/4567", plus the sort and filter, for a hint. */
void ui_table_hint(const struct ui_table *t, struct sbuf *out);
/* Generic row matcher: case-insensitive substring over every column. */
bool ui_table_match_cells(const struct ui_table *t, size_t row, const char *filter);

/* ---- doc.c: a scrollable page of styled lines (card, overview, help) ---- */
struct ui_span {
	char *text;      /* owned, raw (sanitised when drawn) */
	int role;
	int width;       /* columns; 0 = natural width */
	bool right;
};

struct ui_doc_line {
	struct ui_span *spans;
	size_t n;
	int role;        /* fills the rest of the row */
};

struct ui_doc {
	struct ui_doc_line *lines;
	size_t n, cap;
	size_t top;
	size_t page;     /* rows visible at the last draw */
};

void ui_doc_init(struct ui_doc *d);
void ui_doc_clear(struct ui_doc *d);  /* drop the lines, keep the scroll position */
void ui_doc_free(struct ui_doc *d);
/* Start a new line whose unused part is drawn in ROLE. */
void ui_doc_line(struct ui_doc *d, int role);
/* Append a span to the last line; WIDTH 0 = natural. */
void ui_doc_add(struct ui_doc *d, int role, int width, bool right, const char *text);
void ui_doc_addf(struct ui_doc *d, int role, int width, bool right, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A section heading line: "── Title ──────" across WIDTH columns. */
void ui_doc_heading(struct ui_doc *d, struct ui *ui, int width, const char *title);
void ui_doc_draw(struct ui *ui, struct ui_doc *d, WINDOW *w, int y, int h);
/* j/k, arrows, PgUp/PgDn, Home/End scroll; else UI_R_UNHANDLED. */
unsigned ui_doc_key(struct ui_doc *d, int key);
/* "lines 1-20 of 64" when the page is longer than the window. */
void ui_doc_hint(const struct ui_doc *d, struct sbuf *out);

/* ---- status.c / ticker.c: the fixed lines ---- */
void ui_title_draw(struct ui *ui);
void ui_status_draw(struct ui *ui);
/* Reload alarm counts, flood rate and ticker rows from the store. */
void ui_status_load(struct ui *ui);
void ui_ticker_draw(struct ui *ui);
/* Advance a cycling ticker every few seconds; UI_R_TICKER when it moved. */
unsigned ui_ticker_tick(struct ui *ui, int64_t mono);

/* ---- sound.c: P1 alarms sound until acknowledged or silenced ---- */
/* Read [console] terminal_notify (a bad value is a warning, and off). */
void ui_sound_init(struct ui *ui);
/* Alarm ID became an unacknowledged P1: ring now and keep ringing. */
void ui_sound_add(struct ui *ui, int64_t id);
/* Drop the alarms no longer unacknowledged (after the counts reload; COUNTED: they are fresh). */
void ui_sound_prune(struct ui *ui, bool counted);
/* Ring again when the repeat is due; UI_R_STATUS then (a frame sends it). */
unsigned ui_sound_tick(struct ui *ui, int64_t mono);
/* Milliseconds until the next ring, INT64_MAX when nothing sounds. */
int64_t ui_sound_due(const struct ui *ui, int64_t mono);
/* In a frame, before doupdate(): the bell/flash asked for. */
void ui_sound_emit(struct ui *ui);
/* After doupdate(): the terminal notification (OSC 9/777), if one is waiting. */
void ui_sound_after_frame(struct ui *ui);
/* The silence key (M, Ctrl-G): stop the sound of every sounding alarm, in the duty log. */
unsigned ui_sound_silence(struct ui *ui, int key);
void ui_sound_free(struct ui *ui);

/* ---- fatal.c: every way out restores the terminal ---- */
/* Before newterm(): keep the shell's termios, send stderr to a file. */
void ui_fatal_before_curses(void);
/* After curses is up: reset strings from terminfo, fatal-signal handlers, atexit. */
void ui_fatal_arm(void);
/* After endwin(): handlers back, the real stderr back with what was written meanwhile. */
void ui_fatal_disarm(void);
/* PARKWATCH_TEST_FATAL=abort|segv|exit|asan|ubsan: end the console that way (tests). */
void ui_fatal_test_hook(void);

/* ---- help.c ---- */
void ui_help_draw(struct ui *ui);
unsigned ui_help_key(struct ui *ui, int key);

/* ---- screens ---- */
extern const struct ui_screen_ops ui_screen_overview;
extern const struct ui_screen_ops ui_screen_enterprises;
extern const struct ui_screen_ops ui_screen_card;
extern const struct ui_screen_ops ui_screen_rescue;   /* rescue.c: tab 5 */

#endif
