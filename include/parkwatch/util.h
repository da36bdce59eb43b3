/*
 * util.h - allocation, strings, time and error reporting shared by every layer.
 *
 * Allocation never returns NULL: on exhaustion the x* wrappers print one line
 * and exit(1), because a console that cannot allocate cannot do its job safely
 * and a half-built structure would be worse than stopping.
 */
#ifndef PARKWATCH_UTIL_H
#define PARKWATCH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Room for NEED elements of ELEM bytes in the array P of capacity *CAP:
 * returns P, or P reallocated (capacity doubled, at least FIRST), updating
 * *CAP. The one growth rule of every list read from the database. A size
 * no size_t can hold is out of memory, never a wrapped, short allocation.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem, size_t first);

/* Growable byte string, always NUL-terminated once anything was appended. */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
void sbuf_reset(struct sbuf *b);                 /* len = 0, keeps memory */
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sbuf_steal(struct sbuf *b);                /* caller frees; b is reset */
const char *sbuf_str(const struct sbuf *b);      /* "" when empty */

/* Program name used in messages ("parkwatch"). */
extern const char *pw_progname;

/*
 * pw_error("open database", "%s", why) prints "parkwatch: open database: why"
 * to stderr: the one-line failure format of the contract. The line is
 * sanitised (control characters and escape sequences removed).
 */
void pw_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pw_verror(const char *what, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* pw_warn("config", "%s", why) prints "parkwatch: warning: config: why". */
void pw_warn(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * One line to stderr, formatted, then passed through pw_sanitize() (text.h)
 * so that nothing quoted in it (file names, keys, codes, database text) can
 * send a control character or escape sequence to the terminal; a newline is
 * added. pw_error() and pw_warn() print through this; so should every other
 * message that quotes data.
 */
void pw_eprint_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pw_veprint_line(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* The same to F (stdout for a command's one-line results that quote data). */
void pw_print_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pw_vprint_line(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Milliseconds since the epoch, UTC (CLOCK_REALTIME). */
int64_t pw_now_ms(void);
/* Monotonic milliseconds, for timers and rates. */
int64_t pw_mono_ms(void);

/*
 * Time zone of the site. Every displayed or printed time uses it.
 * pw_set_timezone("Asia/Shanghai") sets TZ and calls tzset().
 */
void pw_set_timezone(const char *tz);

/*
 * Whether TZ names a zone that tzset() really knows: a compiled zone of the
 * tz database ($TZDIR, else /usr/share/zoneinfo: "Asia/Shanghai", "UTC"), an
 * absolute path to one, or a POSIX TZ string ("CST-8"). glibc silently uses
 * UTC for anything else, which put clocks and shift windows 8 h off.
 * Returns 0, or -1 with *WHY (caller frees) naming the zone.
 */
int pw_timezone_check(const char *tz, char **why);

#define PW_TIME_BUFSZ 40
/* ISO 8601 with offset: 2026-11-28T16:25:00+08:00 (with_ms adds .123). */
char *pw_time_iso(char buf[PW_TIME_BUFSZ], int64_t ms, bool with_ms);
/* Short local forms for the console: "16:25:00", "11-28 16:25". */
char *pw_time_hms(char buf[PW_TIME_BUFSZ], int64_t ms);
char *pw_time_short(char buf[PW_TIME_BUFSZ], int64_t ms);
/* Local calendar date YYYY-MM-DD of a moment. */
char *pw_date_local(char buf[PW_TIME_BUFSZ], int64_t ms);
/*
 * Parse ISO 8601 ("2026-11-28T16:25:00+08:00", "...Z", "2026-11-28 16:25",
 * "2026-11-28" = local midnight) or a plain integer of epoch milliseconds.
 * Returns 0 and sets *ms, or -1 when the text is not a time.
 */
int pw_time_parse(const char *s, int64_t *ms);

/* Strict number parsing: the whole string must be a finite number. */
int pw_parse_double(const char *s, double *out);
int pw_parse_long(const char *s, long *out);

/* Deterministic PRNG (splitmix64/xoshiro-like) for seed and sim. */
struct pw_rng { uint64_t s; };
void pw_rng_seed(struct pw_rng *r, uint64_t seed);
uint64_t pw_rng_next(struct pw_rng *r);
double pw_rng_unit(struct pw_rng *r);                 /* [0,1) */
int pw_rng_range(struct pw_rng *r, int lo, int hi);   /* [lo,hi] */
double pw_rng_gauss(struct pw_rng *r);                /* N(0,1) */

/* Login name fallback chain for --operator: arg, $PARKWATCH_OPERATOR, login. */
const char *pw_operator_name(const char *arg);
/* Host name (short) for presence topics. */
const char *pw_hostname(void);

#endif
