/*
 * app.c - the console's life: terminal checks, curses set-up, windows, the
 * one poll() loop, redraw by dirty flags and the public ui.h entry points.
 *
 * One thread. Each pass: signals (self-pipe), keys, the hooks' descriptors
 * (MQTT), the hooks' tick, a PRAGMA data_version look at most every 250 ms,
 * reload of stale data, then at most one frame: dirty windows are redrawn and
 * wnoutrefresh()ed and a single doupdate() sends them, no more than
 * cfg->max_fps times a second. Idle, the only wake-up is the clock's second.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "alarm_ui.h"
#include "parkwatch/store.h"
#include "save.h"
#include "ui_private.h"

#define UI_DV_CHECK_MS 100        /* PRAGMA data_version at most this often */
#define UI_MAX_HOOK_FDS 8
#define UI_SAVE_FLUSH_MS 500      /* at exit: an SSH drop must still leave within a second */
#define UI_KEYS_PER_PASS 512      /* a paste cannot starve the redraw */

/* The running console, for the ui_set_link/ui_data_changed/ui_alarm_p1... hooks. */
static struct ui *g_ui;

/* ---- signals: a self-pipe turns them into a readable descriptor ---- */

static int sig_pipe[2] = {-1, -1};
static const int caught_signals[] = {SIGWINCH, SIGTERM, SIGHUP, SIGINT};
static struct sigaction saved_actions[PW_ARRAY_LEN(caught_signals)];
static struct sigaction saved_pipe;

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	ssize_t r = write(sig_pipe[1], &c, 1);
	(void)r; /* a full pipe already holds a wake-up */
	errno = saved;
}

static int signals_install(void)
{
	if (pipe(sig_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < PW_ARRAY_LEN(caught_signals); i++)
		sigaction(caught_signals[i], &sa, &saved_actions[i]);
	/* A vanished SSH peer must not kill us mid-write: EPIPE is handled. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &saved_pipe);
	return 0;
}

static void signals_restore(void)
{
	for (size_t i = 0; i < PW_ARRAY_LEN(caught_signals); i++)
		sigaction(caught_signals[i], &saved_actions[i], NULL);
	sigaction(SIGPIPE, &saved_pipe, NULL);
	for (int i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

/* ---- terminal ---- */

static void delete_windows(struct ui *ui)
{
	WINDOW **ws[] = {&ui->w_title, &ui->w_ticker, &ui->w_body, &ui->w_msg, &ui->w_status,
	                 &ui->w_help};
	for (size_t i = 0; i < PW_ARRAY_LEN(ws); i++)
		if (*ws[i]) {
			delwin(*ws[i]);
			*ws[i] = NULL;
		}
}

static WINDOW *make_window(struct ui *ui, int h, int w, int y, int x, int role, bool cursor)
{
	WINDOW *win = newwin(h, w, y, x);
	if (!win)
		return NULL;
	/* Only the message line may place the cursor (prompts); see render(). */
	leaveok(win, !cursor);
	wbkgdset(win, ' ' | ui_attr(ui, role));
	return win;
}

/*
 * Build the fixed layout: title/tabs (row 0), alarm ticker (row 1), the
 * screen (rows 2..LINES-3), message/prompt line (LINES-2), status (LINES-1).
 * The status line the contract asks for is never covered by a prompt.
 */
static void layout(struct ui *ui)
{
	delete_windows(ui);
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	if (ui->too_small)
		return;
	int body_h = ui->rows - 4;
	ui->w_title = make_window(ui, 1, ui->cols, 0, 0, PW_ROLE_TITLE, false);
	ui->w_ticker = make_window(ui, 1, ui->cols, 1, 0, PW_ROLE_TICKER, false);
	ui->w_body = make_window(ui, body_h, ui->cols, 2, 0, PW_ROLE_NORMAL, false);
	ui->w_help = make_window(ui, body_h, ui->cols, 2, 0, PW_ROLE_HELP, false);
	ui->w_msg = make_window(ui, 1, ui->cols, ui->rows - 2, 0, PW_ROLE_NORMAL, true);
	ui->w_status = make_window(ui, 1, ui->cols, ui->rows - 1, 0, PW_ROLE_STATUS, false);
	if (!ui->w_title || !ui->w_ticker || !ui->w_body || !ui->w_help || !ui->w_msg ||
	    !ui->w_status) {
		/* Out of memory for a window: show the too-small page rather than crash. */
		delete_windows(ui);
		ui->too_small = true;
	}
}

static void draw_too_small(struct ui *ui)
{
	wbkgdset(stdscr, ' ' | ui_attr(ui, PW_ROLE_NORMAL));
	werase(stdscr);
	char line1[96], line2[96];
	int n = snprintf(line1, sizeof line1, "Terminal too small: need %dx%d, have %dx%d",
	                 UI_MIN_COLS, UI_MIN_ROWS, ui->cols, ui->rows);
	if (n >= ui->cols)   /* 40 columns: the short form, so both sizes show */
		snprintf(line1, sizeof line1, "Too small: %dx%d, need %dx%d", ui->cols, ui->rows,
		         UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(line2, sizeof line2, "Enlarge the window (q quits)");
	int y = ui->rows / 2 - 1;
	const char *lines[] = {line1, line2};
	for (int i = 0; i < 2; i++) {
		int len = (int)strlen(lines[i]);
		int x = len < ui->cols ? (ui->cols - len) / 2 : 0;
		if (y + i >= 0 && y + i < ui->rows)
			ui_put(ui, stdscr, y + i, x, len < ui->cols ? len : ui->cols,
			       i == 0 ? PW_ROLE_WARN : PW_ROLE_NORMAL, false, lines[i]);
	}
	wnoutrefresh(stdscr);
}

/* ---- the frame ---- */

/* Debug hook for tests/bench: epoch ms of the first full frame, to a file. */
static void bench_first_frame(struct ui *ui)
{
	if (ui->first_frame_done || ui->too_small)
		return;
	ui->first_frame_done = true;
	const char *path = getenv("PARKWATCH_BENCH_FIRST_FRAME");
	if (!path || !*path) {
		ui_fatal_test_hook();
		return;
	}
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%lld\n", (long long)pw_now_ms());
		fclose(f);
	}
	ui_fatal_test_hook();
}

static void draw_body(struct ui *ui)
{
	struct ui_view *v = ui_current(ui);
	werase(ui->w_body);
	if (v && v->ops->draw)
		v->ops->draw(v->self, ui, ui->w_body);
	wnoutrefresh(ui->w_body);
	if (ui->help_open) {
		ui_help_draw(ui);
		wnoutrefresh(ui->w_help);
	}
}

static void render(struct ui *ui)
{
	unsigned d = ui->dirty;
	if (d & UI_R_RELAYOUT) {
		layout(ui);
		d |= UI_R_ALL;
	}
	if (ui->too_small) {
		draw_too_small(ui);
	} else {
		if (d & UI_R_TITLE) {
			ui_title_draw(ui);
			wnoutrefresh(ui->w_title);
		}
		if (d & UI_R_TICKER) {
			ui_ticker_draw(ui);
			wnoutrefresh(ui->w_ticker);
		}
		if (d & UI_R_BODY)
			draw_body(ui);
		if (d & UI_R_STATUS) {
			ui_status_draw(ui);
			wnoutrefresh(ui->w_status);
		}
		/* Last, so a prompt's cursor is where doupdate() leaves it. */
		if ((d & UI_R_MSG) || ui->prompt.active) {
			ui_msgline_draw(ui);
			wnoutrefresh(ui->w_msg);
		}
	}
	curs_set(ui->prompt.active && !ui->too_small ? 1 : 0);
	ui_sound_emit(ui);
	doupdate();
	ui->dirty = 0;
	ui->last_frame = pw_mono_ms();
	bench_first_frame(ui);
	ui_sound_after_frame(ui);
	/* Slow side work (a desktop notification) only once the screen is out. */
	if (ui->hooks && ui->hooks->after_frame)
		ui->hooks->after_frame(ui->hooks->user);
}

/* ---- input ---- */

static void handle_key(struct ui *ui, int key)
{
	unsigned r;
	if (key == UI_FKEY(KEY_RESIZE)) {
		ui->dirty |= UI_R_RELAYOUT;
		return;
	}
	if (ui->msg && !ui->prompt.active && !ui->question.active) {
		free(ui->msg);
		ui->msg = NULL;
		ui->dirty |= UI_R_MSG;
	}
	/* Ctrl-G silences a sounding alarm even while a prompt is open. */
	if (key == UI_CTRL('G'))
		r = ui_sound_silence(ui, key);
	else if (ui->question.active)
		r = ui_question_key(ui, key);
	else if (ui->prompt.active)
		r = ui_prompt_key(ui, key);
	else if (ui->too_small)
		r = key == 'q' ? ui_request_quit(ui) : UI_R_NONE;
	else if (ui->help_open)
		r = ui_help_key(ui, key);
	else {
		struct ui_view *v = ui_current(ui);
		r = v && v->ops->key ? v->ops->key(v->self, ui, key) : UI_R_UNHANDLED;
		if (r & UI_R_UNHANDLED)
			r = ui_keys_global(ui, key);
		/* The hint on the message line follows the selection and sort. */
		if (r & UI_R_BODY)
			r |= UI_R_MSG;
	}
	if (r & UI_R_QUIT)
		ui->quit = true;
	if (r & UI_R_RELOAD) {
		struct ui_view *v = ui_current(ui);
		if (v)
			v->stale = v->urgent = true;
	}
	ui->dirty |= r & (UI_R_ALL | UI_R_RELAYOUT);
}

/* Milliseconds until stale view V may reload (<= 0: now). */
static int64_t reload_due(const struct ui_view *v, int64_t mono)
{
	if (!v->loaded || v->urgent || v->ops->min_reload_ms <= 0)
		return 0;
	return v->loaded_at + v->ops->min_reload_ms - mono;
}

/* Reload what is stale and visible: the status counts, the current view. */
static void refresh_data(struct ui *ui)
{
	if (ui->status_stale) {
		ui_status_load(ui);
		ui->status_stale = false;
		ui->dirty |= UI_R_STATUS | UI_R_TICKER;
	}
	struct ui_view *v = ui_current(ui);
	if (v && v->stale && reload_due(v, pw_mono_ms()) <= 0) {
		v->stale = v->urgent = false;
		v->loaded_at = pw_mono_ms();
		if (v->ops->load && v->ops->load(v->self, ui) == 0)
			v->loaded = true;
		ui->dirty |= UI_R_BODY | UI_R_MSG | UI_R_TITLE;
	}
}

/* Returns false when the terminal is gone (EOF, EIO, hang-up). */
static bool read_keys(struct ui *ui, short revents, int *empty_reads)
{
	if (revents & (POLLERR | POLLNVAL | POLLHUP))
		return false;
	if (!(revents & POLLIN))
		return true;
	int got = 0;
	for (; got < UI_KEYS_PER_PASS && !ui->quit; got++) {
		wint_t ch;
		int rc = wget_wch(ui->w_input, &ch);
		if (rc == ERR)
			break;
		handle_key(ui, rc == KEY_CODE_YES ? UI_FKEY((int)ch) : (int)ch);
		/* Keys typed ahead (2 then Enter) act on the loaded view, not an empty one. */
		refresh_data(ui);
	}
	/* Readable yet nothing to read, again and again: the tty is gone. */
	*empty_reads = got ? 0 : *empty_reads + 1;
	return *empty_reads < 3;
}

static void on_resize(struct ui *ui)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui->dirty |= UI_R_RELAYOUT;
}

/* Ctrl-C is the operator's "quit": it asks first when an edit is unsaved. */
static void handle_quit_request(struct ui *ui)
{
	unsigned r = ui_request_quit(ui);
	if (r & UI_R_QUIT)
		ui->quit = true;
	ui->dirty |= r & UI_R_ALL;
}

/* Returns false when a signal asks us to leave at once (SIGTERM, SIGHUP). */
static bool read_signals(struct ui *ui)
{
	unsigned char buf[32];
	ssize_t n;
	bool stay = true;
	while ((n = read(sig_pipe[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == SIGWINCH)
				on_resize(ui);
			else if (buf[i] == SIGINT)
				handle_quit_request(ui);
			else if (stay) {
				stay = false;
				ui->ended_by = buf[i];
			}
		}
	}
	return stay;
}

/* ---- the loop ---- */

static int frame_interval(const struct ui *ui)
{
	int fps = ui->cfg->max_fps > 0 ? ui->cfg->max_fps : 10;
	return 1000 / fps;
}

static int poll_timeout(struct ui *ui, int64_t mono)
{
	int64_t t = 1000 - pw_now_ms() % 1000 + 2;      /* the clock's next second */
	if (ui->dirty) {
		int64_t due = ui->last_frame + frame_interval(ui) - mono;
		t = due < t ? due : t;
	}
	if (ui->msg && ui->msg_until - mono < t)
		t = ui->msg_until - mono;
	struct ui_view *v = ui_current(ui);
	if (v && v->stale && reload_due(v, mono) < t)
		t = reload_due(v, mono);
	if (ui_sound_due(ui, mono) < t)   /* the next ring of a sounding P1 alarm */
		t = ui_sound_due(ui, mono);
	if (ui->hooks && ui->hooks->timeout_ms) {
		int h = ui->hooks->timeout_ms(ui->hooks->user);
		if (h >= 0 && h < t)
			t = h;
	}
	return t < 0 ? 0 : (int)t;
}

/* Has another process (the recorder, another console) committed since we looked? */
static void check_other_writers(struct ui *ui, int64_t mono)
{
	ui->last_dv_check = mono;
	int64_t dv = store_data_version(ui->st);
	if (dv != ui->data_version) {
		ui->data_version = dv;
		ui_data_changed(UI_DATA_ALL);
	}
}

/* Things that happen with time: the clock, message expiry, other writers. */
static void timers(struct ui *ui, int64_t mono)
{
	int64_t sec = pw_now_ms() / 1000;
	if (sec != ui->last_second) {
		ui->last_second = sec;
		ui->dirty |= UI_R_STATUS;
	}
	/* The ticker's cycle and retries of operator actions not yet saved. */
	ui->dirty |= ui_ticker_tick(ui, mono) | ui_save_tick(ui, mono) | ui_sound_tick(ui, mono);
	if (ui->msg && mono >= ui->msg_until) {
		free(ui->msg);
		ui->msg = NULL;
		ui->dirty |= UI_R_MSG;
	}
	if (mono - ui->last_dv_check >= UI_DV_CHECK_MS)
		check_other_writers(ui, mono);
}

static void run_loop(struct ui *ui)
{
	struct pollfd fds[2 + UI_MAX_HOOK_FDS];
	int empty_reads = 0;
	const struct ui_hooks *h = ui->hooks;
	while (!ui->quit) {
		int64_t mono = pw_mono_ms();
		timers(ui, mono);
		refresh_data(ui);
		if (ui->dirty && mono - ui->last_frame >= frame_interval(ui))
			render(ui);
		fds[0] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
		fds[1] = (struct pollfd){.fd = sig_pipe[0], .events = POLLIN};
		int nh = h && h->fill_pollfds ? h->fill_pollfds(h->user, fds + 2, UI_MAX_HOOK_FDS) : 0;
		nh = nh < 0 ? 0 : nh > UI_MAX_HOOK_FDS ? UI_MAX_HOOK_FDS : nh;
		int n = poll(fds, (nfds_t)(2 + nh), poll_timeout(ui, pw_mono_ms()));
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && fds[1].revents && !read_signals(ui))
			break;
		if (n > 0 && !read_keys(ui, fds[0].revents, &empty_reads)) {
			ui->ended_by = -1;
			break;
		}
		if (nh && h->on_pollfds)
			h->on_pollfds(h->user, fds + 2, nh);
		if (h && h->tick)
			h->tick(h->user, pw_now_ms());
	}
}

/* ---- set-up and tear-down ---- */

/*
 * Key sequences other terminals send for the same keys. Over SSH and inside
 * tmux or screen TERM often names a slightly different terminal, and Home
 * arriving as ESC [ 1 ~ must not become Esc, '[', '1', '~' (back, screen 1).
 */
static void define_alternate_keys(void)
{
	static const struct { const char *seq; int key; } alt[] = {
		{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
		{"\033[4~", KEY_END}, {"\033[8~", KEY_END}, {"\033[F", KEY_END}, {"\033OF", KEY_END},
		{"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE}, {"\033[3~", KEY_DC}, {"\033[2~", KEY_IC},
		{"\033[A", KEY_UP}, {"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT}, {"\033[D", KEY_LEFT},
		{"\033OA", KEY_UP}, {"\033OB", KEY_DOWN}, {"\033OC", KEY_RIGHT}, {"\033OD", KEY_LEFT},
		{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)}, {"\033OS", KEY_F(4)},
		{"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
		{"\033[15~", KEY_F(5)}, {"\033[17~", KEY_F(6)}, {"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)},
		{"\033[20~", KEY_F(9)}, {"\033[21~", KEY_F(10)}, {"\033[Z", KEY_BTAB},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(alt); i++)
		if (key_defined(alt[i].seq) == 0)
			define_key(alt[i].seq, alt[i].key);
}

static bool start_curses(struct ui *ui)
{
	ui_fatal_before_curses();
	ui->screen = newterm(NULL, stdout, stdin);
	if (!ui->screen) {
		ui_fatal_disarm();
		pw_error("console", "cannot initialise the terminal '%s'", getenv("TERM"));
		return false;
	}
	set_term(ui->screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	/* Keys come from a 1x1 pad: reading from a pad never triggers a refresh. */
	ui->w_input = newpad(1, 1);
	if (!ui->w_input) {
		endwin();
		ui_fatal_disarm();
		delscreen(ui->screen);
		pw_error("console", "cannot initialise the terminal: out of memory");
		return false;
	}
	keypad(ui->w_input, TRUE);
	nodelay(ui->w_input, TRUE);
	define_alternate_keys();
	/* From here on, whatever ends the process restores the terminal (fatal.c). */
	ui_fatal_arm();
	return true;
}

static void stop_curses(struct ui *ui)
{
	delete_windows(ui);
	if (ui->w_input)
		delwin(ui->w_input);
	ui->w_input = NULL;
	endwin();
	/* The real standard error back, with anything written to it meanwhile. */
	ui_fatal_disarm();
	delscreen(ui->screen);
	ui->screen = NULL;
}

/* After the screen is restored: why the console left, unless the operator quit. */
static void say_why(const struct ui *ui)
{
	if (ui->ended_by == SIGTERM)
		pw_error("console", "ended by SIGTERM");
	else if (ui->ended_by == SIGHUP)
		pw_error("console", "ended by SIGHUP (the terminal hung up)");
	else if (ui->ended_by == -1)
		pw_error("console", "the terminal is gone");
}

static void ui_free(struct ui *ui)
{
	ui_views_close(ui);
	ui_prompt_close(ui);
	ui_save_free_all();   /* actions still in a dialogue, or saved by ui_save_flush */
	free(ui->question.text);
	free(ui->msg);
	free(ui->link_detail);
	store_alarm_list_free(&ui->ticker);
	ui_sound_free(ui);
}

int ui_run(struct pw_store *st, const struct pw_config *cfg, const struct ui_opts *opts,
           const struct ui_hooks *hooks)
{
	if (ui_terminal_check() < 0)
		return 1;
	struct ui ui;
	memset(&ui, 0, sizeof ui);
	ui.st = st;
	ui.cfg = cfg;
	ui.opts = *opts;
	ui.hooks = hooks;
	const char *cs = nl_langinfo(CODESET);
	ui.utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	ui.link_state = UI_LINK_OFF;
	ui.data_version = store_data_version(st);
	if (signals_install() < 0) {
		pw_error("console", "cannot set up signal handling: %s", strerror(errno));
		return 1;
	}
	if (!start_curses(&ui)) {
		signals_restore();
		return 1;
	}
	g_ui = &ui;
	ui_theme_init(&ui, opts->theme ? opts->theme : cfg->theme);
	ui_sound_init(&ui);
	if (!ui.utf8)
		ui_message(&ui, PW_ROLE_WARN, "the locale is not UTF-8: Chinese text cannot show (set LANG=C.UTF-8)");
	ui.status_stale = true;
	ui.dirty = UI_R_RELAYOUT | UI_R_ALL;
	ui_show_tab(&ui, 0);
	run_loop(&ui);
	stop_curses(&ui);
	say_why(&ui);
	/* Quit, SIGHUP or SIGTERM: a last try for what is still queued; what
	 * the database would not take goes to the spool next to it (spool.h)
	 * and is printed with its text, never dropped. */
	ui_save_flush(&ui, UI_SAVE_FLUSH_MS, stderr);
	g_ui = NULL;
	ui_free(&ui);
	signals_restore();
	if (hooks && hooks->on_quit)
		hooks->on_quit(hooks->user);
	return 0;
}

/* ---- called by the hooks from inside the loop ---- */

void ui_set_link(int state, int64_t since_ms, const char *detail)
{
	if (!g_ui)
		return;
	g_ui->link_state = state;
	g_ui->link_since = since_ms;
	free(g_ui->link_detail);
	g_ui->link_detail = detail ? xstrdup(detail) : NULL;
	g_ui->dirty |= UI_R_STATUS;
}

void ui_set_store_state(size_t waiting, uint64_t lost, const char *why)
{
	if (!g_ui)
		return;
	struct ui *ui = g_ui;
	if (why && !ui->ingest_failing)
		ui_message(ui, PW_ROLE_ERROR, "received data cannot be stored: %s; kept in memory", why);
	else if (!why && ui->ingest_failing)
		ui_message(ui, PW_ROLE_OK, "received data is stored again");
	if ((why != NULL) != ui->ingest_failing || waiting != ui->ingest_waiting || lost != ui->ingest_lost)
		ui->dirty |= UI_R_STATUS;
	ui->ingest_failing = why != NULL;
	ui->ingest_waiting = why ? waiting : 0;
	ui->ingest_lost = lost;
}

void ui_set_standby(bool standby)
{
	if (!g_ui || g_ui->standby == standby)
		return;
	g_ui->standby = standby;
	g_ui->dirty |= UI_R_STATUS;
	if (standby)
		ui_message(g_ui, PW_ROLE_OK, "recorder online: it stores received data, this console stands by");
	else
		ui_message(g_ui, PW_ROLE_WARN, "no recorder online: this console stores received data");
}

void ui_check_other_writers(void)
{
	if (g_ui)
		check_other_writers(g_ui, pw_mono_ms());
}

void ui_data_changed(unsigned what)
{
	if (!g_ui)
		return;
	if (what & UI_DATA_ALARMS)
		g_ui->status_stale = true;
	ui_views_mark_stale(g_ui, what);
}

void ui_bell(void)
{
	if (g_ui && (g_ui->cfg->bell || g_ui->cfg->flash))
		g_ui->bell_pending = true;
}

void ui_alarm_p1(int64_t id)
{
	if (g_ui)
		ui_sound_add(g_ui, id);
}
