/*
 * theme.h - named colour roles -> colour + attributes (core, no curses).
 *
 * The console never names a colour: it draws with a ROLE ("risk_red",
 * "selected") and the theme says what that looks like. The ui layer turns a
 * struct pw_style into curses pairs and attributes. Because the contract says
 * nothing may rely on colour alone, every theme must still read in the
 * monochrome fallback (pw_theme_mono), which uses attributes only.
 *
 * Theme file format (themes/README has the same text for operators):
 *
 *   # comment (also after a value)        blank lines are ignored
 *   ROLE = FG [on BG] [ATTR...]
 *
 *   ROLE   one of the names below (pw_theme_role_name)
 *   FG, BG default | black red green yellow blue magenta cyan white
 *          | bright-<one of those eight> | a number 0-255 (xterm palette)
 *   ATTR   bold dim reverse underline blink standout
 *
 * Names are case-insensitive. Without "on BG" a role takes normal's
 * background ("on default" asks for the terminal's own). A role the file
 * does not mention looks exactly like normal. A role given twice, an unknown
 * role, colour or attribute, or a line not of this shape is an error
 * reported as "FILE:LINE: what is wrong". A "mono" style theme uses only
 * "default" colours plus attributes.
 */
#ifndef PARKWATCH_THEME_H
#define PARKWATCH_THEME_H

#include <stdbool.h>
#include <stdint.h>

/* Stable: the names (not the numbers) appear in theme files. */
enum pw_role {
	PW_ROLE_NORMAL,       /* "normal": body text and the background of everything */
	PW_ROLE_HEADER,       /* "header": table column headings */
	PW_ROLE_TITLE,        /* "title": screen title line */
	PW_ROLE_TAB,          /* "tab": screen tabs 1..9 not shown */
	PW_ROLE_TAB_ACTIVE,   /* "tab_active": the tab of the current screen */
	PW_ROLE_STATUS,       /* "status": bottom status line */
	PW_ROLE_STATUS_ALERT, /* "status_alert": status line parts that need action */
	PW_ROLE_SELECTED,     /* "selected": cursor row in a list */
	PW_ROLE_BORDER,       /* "border": frames and separators */
	PW_ROLE_DIM,          /* "dim": secondary text (units, ids, hints) */
	PW_ROLE_HELP,         /* "help": help screen text */
	PW_ROLE_KEY,          /* "key": key names in help and hint lines */
	PW_ROLE_INPUT,        /* "input": text entry fields and the command line */
	PW_ROLE_OK,           /* "ok": values in range, success messages */
	PW_ROLE_WARN,         /* "warn": warnings */
	PW_ROLE_ERROR,        /* "error": error messages */
	PW_ROLE_LINK_UP,      /* "link_up": broker link up */
	PW_ROLE_LINK_DOWN,    /* "link_down": broker link down */
	PW_ROLE_FLOOD,        /* "flood": alarm flood warning */
	PW_ROLE_TICKER,       /* "ticker": newest-alarm ticker line */
	PW_ROLE_RISK_RED,     /* "risk_red": major risk */
	PW_ROLE_RISK_ORANGE,  /* "risk_orange": large risk */
	PW_ROLE_RISK_YELLOW,  /* "risk_yellow": general risk */
	PW_ROLE_RISK_BLUE,    /* "risk_blue": low risk */
	PW_ROLE_PRIO1,        /* "prio1": unacknowledged priority-1 alarm */
	PW_ROLE_PRIO2,        /* "prio2": unacknowledged priority-2 alarm */
	PW_ROLE_PRIO3,        /* "prio3": unacknowledged priority-3 alarm */
	PW_ROLE_ACKED,        /* "acked": acknowledged alarm still active */
	PW_ROLE_SHELVED,      /* "shelved": shelved alarm */
	PW_ROLE_DIAG,         /* "diag": diagnostic / comm-fault alarms and readings */
	PW_ROLE_OVERDUE,      /* "overdue": overdue hazards and inspections */
	PW_ROLE_CJK_OK,       /* "cjk_ok": width self-check mark (CJK text renders 2 columns) */
	PW_ROLE_COUNT
};

/* A colour: PW_COLOUR_DEFAULT (the terminal's own) or an xterm index 0-255. */
#define PW_COLOUR_DEFAULT (-1)

/* Attribute bits of struct pw_style.attrs. */
#define PW_ATTR_BOLD      0x01u
#define PW_ATTR_DIM       0x02u
#define PW_ATTR_REVERSE   0x04u
#define PW_ATTR_UNDERLINE 0x08u
#define PW_ATTR_BLINK     0x10u
#define PW_ATTR_STANDOUT  0x20u

struct pw_style {
	int16_t fg, bg;   /* PW_COLOUR_DEFAULT or 0-255 */
	uint16_t attrs;   /* PW_ATTR_* */
};

#define PW_THEME_NAME_MAX 64

struct pw_theme {
	char name[PW_THEME_NAME_MAX + 1];    /* "default"; "" when parsed from text */
	struct pw_style role[PW_ROLE_COUNT]; /* indexed by enum pw_role */
};

/* Every role plain: default colours, no attributes; name "". */
void pw_theme_init(struct pw_theme *t);

/*
 * The built-in monochrome theme (attributes only), used when NO_COLOR is set,
 * the terminal has no colours, or a theme cannot be loaded. Never fails.
 * It is the same as themes/mono.theme (a unit test keeps them in step).
 */
void pw_theme_mono(struct pw_theme *t);

/*
 * Parse theme TEXT (NUL-terminated); FILENAME is used in messages. On success
 * fills t->role (name untouched) and returns 0. On error returns -1, leaves
 * *t unchanged and sets *err to "FILENAME:LINE: what is wrong" (caller frees).
 */
int pw_theme_parse(struct pw_theme *t, const char *text, const char *filename, char **err);

/*
 * Load theme NAME, which must match [A-Za-z0-9_-]+ (at most
 * PW_THEME_NAME_MAX bytes: never a path), from the first that exists of
 *   $XDG_CONFIG_HOME/parkwatch/themes/NAME.theme (else ~/.config/...),
 *   PW_DATADIR/themes/NAME.theme,
 *   the copy built into the binary ("themes/NAME.theme").
 * Returns 0 with t->name set; -1 with *err (caller frees) for a bad name, an
 * unknown theme, an unreadable file or a parse error ("FILE:LINE: ...").
 * *t is unchanged on error.
 */
int pw_theme_load(struct pw_theme *t, const char *name, char **err);

/* "risk_red" for PW_ROLE_RISK_RED; NULL when ROLE is out of range. */
const char *pw_theme_role_name(enum pw_role role);

/* The role named NAME (case-insensitive), or -1. */
int pw_theme_role_from_name(const char *name);

/* True when any role uses a colour other than the terminal default. */
bool pw_theme_uses_colour(const struct pw_theme *t);

/* The highest colour index any role uses, or -1 when none (compare with COLORS). */
int pw_theme_max_colour(const struct pw_theme *t);

/*
 * Map COLOUR (0-255 or PW_COLOUR_DEFAULT) to the nearest of the first
 * NCOLOURS palette entries, for terminals with 8 or 16 colours: bright
 * 8-15 fall back to 0-7, cube and grey entries to the nearest ANSI colour.
 * Returns COLOUR unchanged when it already fits; -1 stays -1.
 */
int pw_theme_colour_fit(int colour, int ncolours);

#endif
