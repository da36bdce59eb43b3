/*
 * term_check.c - refuse, before curses starts, a terminal it cannot drive.
 *
 * Kept apart because <term.h> defines macros named after terminfo
 * capabilities (bell, flash, lines, columns...) that clash with ordinary
 * identifiers elsewhere in the console.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "parkwatch/util.h"

/* Declared in ui_private.h, which cannot be included next to <term.h>. */
int ui_terminal_check(void);

/* Refuse, with one line, terminals curses cannot drive (TERM=dumb, unknown). */
int ui_terminal_check(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		pw_error("console", "needs a terminal: standard input and output must be a tty");
		return -1;
	}
	const char *term = getenv("TERM");
	if (!term || !*term) {
		pw_error("console", "TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color");
		return -1;
	}
	int err = 0;
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		pw_error("console", "terminal type '%s' is unknown or cannot address the cursor; "
		         "a full-screen console needs e.g. TERM=xterm-256color", term);
		return -1;
	}
	const char *cup = tigetstr("cup");
	bool usable = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	if (!usable) {
		pw_error("console", "terminal type '%s' cannot address the cursor; "
		         "a full-screen console needs e.g. TERM=xterm-256color", term);
		return -1;
	}
	return 0;
}
