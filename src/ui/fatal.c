/*
 * fatal.c - whatever ends the console leaves the terminal as it found it,
 * and says why after the screen is restored.
 *
 * The normal ways out (q, SIGTERM, SIGHUP, a hang-up) go through the loop
 * and endwin(). The others cannot: a fatal signal (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGABRT from abort() or a failed assertion, SIGQUIT), exit() on a
 * fatal error deep inside, or a sanitizer's report. endwin() is not
 * async-signal-safe, so the way back is prepared while curses starts: the
 * terminal's own reset strings (rmcup, rmkx, cnorm, sgr0 from terminfo)
 * and the termios the shell had, which a handler can write() and
 * tcsetattr() (both async-signal-safe).
 *
 * While curses runs, standard error goes to an unlinked temporary file, so
 * nothing (an assertion's message, pw_error, a library's warning) scribbles
 * over the screen or is lost on the alternate screen. Every way out puts
 * the real standard error back first, copies what was written meanwhile to
 * it, then adds its own reason. A sanitizer report (ASan calls
 * __asan_on_error before it prints) goes straight to the restored terminal.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ui_private.h"

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT};
static struct sigaction fatal_old[PW_ARRAY_LEN(fatal_signals)];

static volatile sig_atomic_t armed;       /* curses is up: a way out must restore */
static volatile sig_atomic_t restored;    /* the restore ran (once is enough) */
static bool handlers_installed;
static bool atexit_registered;
static struct termios shell_tio;
static bool have_tio;
static char reset_seq[256];
static size_t reset_len;
static int err_real = -1;                  /* the real standard error while curses runs */
static int err_file = -1;                  /* where it goes meanwhile */

/* ---- async-signal-safe pieces ---- */

static void write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* Real standard error back, with what was written to it while curses ran. */
static void stderr_back(void)
{
	if (err_real < 0)
		return;
	dup2(err_real, STDERR_FILENO);
	if (err_file >= 0) {
		char buf[4096];
		off_t off = 0;
		ssize_t n;
		while ((n = pread(err_file, buf, sizeof buf, off)) > 0) {
			write_all(STDERR_FILENO, buf, (size_t)n);
			off += n;
		}
		close(err_file);
		err_file = -1;
	}
	close(err_real);
	err_real = -1;
}

/* The terminal as the shell had it; safe in a signal handler. */
static void restore_terminal(void)
{
	if (!armed || restored)
		return;
	restored = 1;
	write_all(STDOUT_FILENO, reset_seq, reset_len);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &shell_tio);
	stderr_back();
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV (invalid memory access)";
	case SIGBUS: return "SIGBUS (bus error)";
	case SIGFPE: return "SIGFPE (arithmetic error)";
	case SIGILL: return "SIGILL (illegal instruction)";
	case SIGABRT: return "SIGABRT (aborted: a failed check)";
	case SIGQUIT: return "SIGQUIT (quit)";
	default: return "a fatal signal";
	}
}

static void on_fatal(int sig, siginfo_t *info, void *uc)
{
	int saved = errno;
	bool was_armed = armed;
	restore_terminal();
	if (was_armed) {
		static const char pre[] = "parkwatch: console: ended by ";
		static const char post[] = "; the terminal was restored\n";
		const char *name = signal_name(sig);
		write_all(STDERR_FILENO, pre, sizeof pre - 1);
		write_all(STDERR_FILENO, name, str_len(name));
		write_all(STDERR_FILENO, post, sizeof post - 1);
	}
	/* Then whatever would have happened without us: a sanitizer's report, a core. */
	for (size_t i = 0; i < PW_ARRAY_LEN(fatal_signals); i++) {
		if (fatal_signals[i] != sig)
			continue;
		struct sigaction *old = &fatal_old[i];
		sigaction(sig, old, NULL);
		if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
			old->sa_sigaction(sig, info, uc);
		} else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
			old->sa_handler(sig);
		} else {
			signal(sig, SIG_DFL);
			/* Delivered when we return (a fault faults again, now fatal). */
			raise(sig);
		}
		break;
	}
	errno = saved;
}

#if defined(__SANITIZE_ADDRESS__)
#define PW_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PW_HAVE_ASAN 1
#endif
#endif

#ifdef PW_HAVE_ASAN
#include <dlfcn.h>
#include <sanitizer/common_interface_defs.h>

/* AddressSanitizer calls this as it finds an error, before its report. */
void __asan_on_error(void);
void __asan_on_error(void)
{
	restore_terminal();
}

/*
 * Any sanitizer's death (UBSan built with -fno-sanitize-recover prints its
 * report, to the captured stderr, and exits without atexit): restore, which
 * replays the report on the terminal.
 */
static void on_sanitizer_death(void)
{
	restore_terminal();
}

/*
 * GCC links UBSan's runtime apart from ASan's, each with its own copy of
 * the death callback; the plain symbol reaches only the first (ASan's).
 */
static void set_death_callbacks(void (*cb)(void))
{
	__sanitizer_set_death_callback(cb);
	void *h = dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
	if (!h)
		return;
	void (*set)(void (*)(void));
	*(void **)&set = dlsym(h, "__sanitizer_set_death_callback");
	if (set)
		set(cb);
	dlclose(h);
}
#endif

/* exit() from anywhere (pw_error and exit on a fatal error). */
static void at_exit(void)
{
	if (armed && !restored) {
		restore_terminal();
		static const char msg[] = "parkwatch: console: exited early; the terminal was restored\n";
		write_all(STDERR_FILENO, msg, sizeof msg - 1);
	}
}

/* ---- set-up and tear-down, from app.c ---- */

static void add_cap(const char *name)
{
	char *s = tigetstr(name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

void ui_fatal_before_curses(void)
{
	have_tio = tcgetattr(STDIN_FILENO, &shell_tio) == 0;
	restored = 0;
	/* Standard error into a file until the terminal is ours again. */
	FILE *f = tmpfile();
	if (f) {
		err_file = fcntl(fileno(f), F_DUPFD_CLOEXEC, 3);
		fclose(f);
	}
	if (err_file >= 0) {
		fflush(stderr);
		err_real = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
		if (err_real < 0 || dup2(err_file, STDERR_FILENO) < 0) {
			if (err_real >= 0)
				close(err_real);
			close(err_file);
			err_real = err_file = -1;
		}
	}
}

void ui_fatal_arm(void)
{
	reset_len = 0;
	add_cap("rmcup");   /* leave the alternate screen */
	add_cap("rmkx");    /* keypad back to normal */
	add_cap("cnorm");   /* the cursor visible */
	add_cap("sgr0");    /* no attributes */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < PW_ARRAY_LEN(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &fatal_old[i]);
	handlers_installed = true;
#ifdef PW_HAVE_ASAN
	set_death_callbacks(on_sanitizer_death);
#endif
	if (!atexit_registered && atexit(at_exit) == 0)
		atexit_registered = true;
	armed = 1;
}

void ui_fatal_disarm(void)
{
	armed = 0;
#ifdef PW_HAVE_ASAN
	set_death_callbacks(NULL);
#endif
	if (handlers_installed) {
		for (size_t i = 0; i < PW_ARRAY_LEN(fatal_signals); i++)
			sigaction(fatal_signals[i], &fatal_old[i], NULL);
		handlers_installed = false;
	}
	fflush(stderr);
	stderr_back();
}

static void *volatile test_sink;   /* PARKWATCH_TEST_FATAL=asan: its block escapes */

void ui_fatal_test_hook(void)
{
	/* PARKWATCH_TEST_FATAL=abort|segv|exit|asan|ubsan: a way out for the tests. */
	const char *how = getenv("PARKWATCH_TEST_FATAL");
	if (!how || !*how)
		return;
	if (strcmp(how, "asan") == 0) {
		/* One byte past a block: ASan reports and ends the process. */
		char *p = malloc(4);
		volatile size_t n = 5;
		test_sink = p;   /* the block escapes: the write cannot be dropped */
		if (p)
			memset(p, 1, n);
		abort();   /* not reached in an ASan build */
	}
	if (strcmp(how, "ubsan") == 0) {
		/* A signed overflow: UBSan (no recover) reports and ends the process. */
		volatile int big = INT_MAX;
		volatile int r = big + 1;
		(void)r;
		abort();   /* not reached in a UBSan build */
	}
	if (strcmp(how, "abort") == 0) {
		fprintf(stderr, "parkwatch: test: a broken invariant\n");
		abort();
	}
	if (strcmp(how, "exit") == 0) {
		pw_error("console", "test: a fatal error");
		exit(1);
	}
	if (strcmp(how, "segv") == 0)
		raise(SIGSEGV);
}
