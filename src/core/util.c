/* util.c - allocation wrappers, sbuf, time formatting, small parsers. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "parkwatch/embed.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

const char *pw_progname = "parkwatch";

/* The console's exit handler (src/ui/fatal.c) restores the terminal and shows this line. */
static void oom(void)
{
	fputs("parkwatch: memory: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : first ? first : 1;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			oom();  /* no size_t holds it: wrapping would allocate too little */
		c *= 2;
	}
	if (elem && c > SIZE_MAX / elem)
		oom();
	*cap = c;
	return xrealloc(p, c * elem);
}

char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		oom();
	return d;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);
	if (!d)
		oom();
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;
	sbuf_init(&b);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return xstrdup("");
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void sbuf_init(struct sbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	sbuf_init(b);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void sbuf_grow(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sbuf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *sbuf_steal(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	sbuf_init(b);
	return s;
}

const char *sbuf_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

/*
 * Messages quote file names, config keys, codes and database text: a name
 * holding ESC ] 0 ; ... BEL must not retitle or clear the operator's
 * terminal, so the whole line is sanitised before it is written.
 */
void pw_veprint_line(const char *fmt, va_list ap)
{
	pw_vprint_line(stderr, fmt, ap);
}

void pw_print_line(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pw_vprint_line(f, fmt, ap);
	va_end(ap);
}

void pw_vprint_line(FILE *f, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	char *raw = xmalloc((size_t)n + 1);
	vsnprintf(raw, (size_t)n + 1, fmt, ap);
	char *clean = pw_sanitize(raw, (size_t)n);
	fprintf(f, "%s\n", clean);
	free(clean);
	free(raw);
}

void pw_eprint_line(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pw_veprint_line(fmt, ap);
	va_end(ap);
}

static void vmessage(const char *what, const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void vmessage(const char *what, const char *kind, const char *fmt, va_list ap)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_addf(&b, "%s: %s%s", pw_progname, kind, what ? what : "");
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n > 0) {
		char *msg = xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		sbuf_adds(&b, ": ");
		sbuf_adds(&b, msg);
		free(msg);
	}
	pw_eprint_line("%s", sbuf_str(&b));
	sbuf_free(&b);
}

void pw_verror(const char *what, const char *fmt, va_list ap)
{
	vmessage(what, "", fmt, ap);
}

void pw_error(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pw_verror(what, fmt, ap);
	va_end(ap);
}

void pw_warn(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(what, "warning: ", fmt, ap);
	va_end(ap);
}

int64_t pw_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t pw_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void pw_set_timezone(const char *tz)
{
	if (tz && *tz)
		setenv("TZ", tz, 1);
	tzset();
}

/* <std>: three or more letters, or <...> quoted ("<+08>"). Returns bytes or 0. */
static size_t posix_tz_name(const char *s)
{
	size_t n = 0;
	if (s[0] == '<') {
		const char *q = s + 1;
		while (isalnum((unsigned char)q[n]) || q[n] == '+' || q[n] == '-')
			n++;
		return q[n] == '>' && n >= 3 ? n + 2 : 0;
	}
	while (isalpha((unsigned char)s[n]))
		n++;
	return n >= 3 ? n : 0;
}

/* [+-]hh[:mm[:ss]] with hh 0..24. Returns bytes or 0. */
static size_t posix_tz_offset(const char *s)
{
	size_t n = (s[0] == '+' || s[0] == '-') ? 1 : 0;
	for (int part = 0; part < 3; part++) {
		size_t d = 0;
		while (isdigit((unsigned char)s[n + d]))
			d++;
		if (d == 0 || d > 2 || (part == 0 && atoi(s + n) > 24))
			return part == 0 ? 0 : n - 1;  /* give back the ':' */
		n += d;
		if (s[n] != ':')
			return n;
		n++;
	}
	return n - 1;
}

/*
 * A POSIX TZ string ("CST-8", "<+08>-8", "EST5EDT,M3.2.0,M11.1.0"): a name
 * and an offset, then optionally a DST name, its offset and the rule. glibc
 * turns anything else it cannot find as a file into UTC without a word.
 */
static bool posix_tz_valid(const char *s)
{
	size_t n = posix_tz_name(s), o;
	if (n == 0 || (o = posix_tz_offset(s + n)) == 0)
		return false;
	s += n + o;
	if (*s == '\0')
		return true;
	if ((n = posix_tz_name(s)) == 0)
		return false;
	s += n;
	s += posix_tz_offset(s);
	return *s == '\0' || *s == ',';
}

/* PATH is a compiled zone: a regular file starting with the TZif magic. */
static bool tzif_file(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return false;
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char magic[4];
	bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

int pw_timezone_check(const char *tz, char **why)
{
	*why = NULL;
	if (!tz || !*tz) {
		*why = xstrdup("empty time zone");
		return -1;
	}
	const char *name = tz[0] == ':' ? tz + 1 : tz;
	const char *dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if (name[0] == '/') {
		if (tzif_file(name))
			return 0;
	} else if (*name && !strstr(name, "..")) {
		char *path = xasprintf("%s/%s", dir, name);
		bool ok = tzif_file(path);
		free(path);
		if (ok)
			return 0;
	}
	if (tz[0] != ':' && posix_tz_valid(tz))
		return 0;
	if (strcmp(name, "UTC") == 0 || strcmp(name, "GMT") == 0)
		return 0;  /* glibc's fallback is UTC: right for these even without tzdata */
	char *clean = pw_sanitize(tz, strlen(tz));
	*why = xasprintf("unknown time zone '%s' (not in the tz database %s, nor a POSIX TZ "
	                 "string such as CST-8)", clean, dir);
	free(clean);
	return -1;
}

static int local_tm(int64_t ms, struct tm *tm)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	return localtime_r(&t, tm) ? 0 : -1;
}

char *pw_time_iso(char buf[PW_TIME_BUFSZ], int64_t ms, bool with_ms)
{
	struct tm tm;
	if (local_tm(ms, &tm) < 0) {
		snprintf(buf, PW_TIME_BUFSZ, "%lld", (long long)ms);
		return buf;
	}
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	size_t n = strftime(buf, PW_TIME_BUFSZ, "%Y-%m-%dT%H:%M:%S", &tm);
	int frac = (int)(((ms % 1000) + 1000) % 1000);
	if (with_ms)
		n += (size_t)snprintf(buf + n, PW_TIME_BUFSZ - n, ".%03d", frac);
	snprintf(buf + n, PW_TIME_BUFSZ - n, "%c%02ld:%02ld", sign, off / 3600, (off % 3600) / 60);
	return buf;
}

char *pw_time_hms(char buf[PW_TIME_BUFSZ], int64_t ms)
{
	struct tm tm;
	if (local_tm(ms, &tm) < 0 || !strftime(buf, PW_TIME_BUFSZ, "%H:%M:%S", &tm))
		snprintf(buf, PW_TIME_BUFSZ, "--:--:--");
	return buf;
}

char *pw_time_short(char buf[PW_TIME_BUFSZ], int64_t ms)
{
	struct tm tm;
	if (local_tm(ms, &tm) < 0 || !strftime(buf, PW_TIME_BUFSZ, "%m-%d %H:%M", &tm))
		snprintf(buf, PW_TIME_BUFSZ, "--");
	return buf;
}

char *pw_date_local(char buf[PW_TIME_BUFSZ], int64_t ms)
{
	struct tm tm;
	if (local_tm(ms, &tm) < 0 || !strftime(buf, PW_TIME_BUFSZ, "%Y-%m-%d", &tm))
		snprintf(buf, PW_TIME_BUFSZ, "----------");
	return buf;
}

int pw_time_parse(const char *s, int64_t *ms)
{
	if (!s || !*s)
		return -1;
	long long ll;
	char *end;
	errno = 0;
	ll = strtoll(s, &end, 10);
	if (*end == '\0' && errno == 0 && end - s > 8) {
		*ms = ll;
		return 0;
	}
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	const char *p = s + n;
	int frac_ms = 0;
	if (*p == 'T' || *p == ' ') {
		int m2 = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &m2) != 2 || m2 != 5)
			return -1;
		p += 1 + m2;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &m2) != 1 || m2 != 2)
				return -1;
			p += 1 + m2;
			if (*p == '.') {
				p++;
				int digits = 0;
				while (*p >= '0' && *p <= '9') {
					if (digits < 3)
						frac_ms = frac_ms * 10 + (*p - '0');
					digits++;
					p++;
				}
				if (!digits)
					return -1;
				for (; digits < 3; digits++)
					frac_ms *= 10;
			}
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t;
	if (*p == '\0') {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else {
		long off = 0;
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om = 0, m3 = 0;
			if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &m3) == 2 && m3 == 5)
				;
			else if (sscanf(p + 1, "%2d%2d%n", &oh, &om, &m3) == 2 && m3 == 4)
				;
			else if (sscanf(p + 1, "%2d%n", &oh, &m3) == 1 && m3 == 2)
				om = 0;
			else
				return -1;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
			p += 1 + m3;
		} else {
			return -1;
		}
		if (*p)
			return -1;
		t = timegm(&tm) - off;
	}
	*ms = (int64_t)t * 1000 + frac_ms;
	return 0;
}

int pw_parse_double(const char *s, double *out)
{
	if (!s || !*s)
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int pw_parse_long(const char *s, long *out)
{
	if (!s || !*s)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

void pw_rng_seed(struct pw_rng *r, uint64_t seed)
{
	r->s = seed ^ 0x9E3779B97F4A7C15ULL;
}

uint64_t pw_rng_next(struct pw_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

double pw_rng_unit(struct pw_rng *r)
{
	return (double)(pw_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int pw_rng_range(struct pw_rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(pw_rng_next(r) % (uint64_t)(hi - lo + 1));
}

double pw_rng_gauss(struct pw_rng *r)
{
	double u1 = pw_rng_unit(r), u2 = pw_rng_unit(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

const char *pw_operator_name(const char *arg)
{
	if (arg && *arg)
		return arg;
	const char *e = getenv("PARKWATCH_OPERATOR");
	if (e && *e)
		return e;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	e = getenv("USER");
	return e && *e ? e : "operator";
}

const char *pw_hostname(void)
{
	static char host[64];
	if (!host[0]) {
		if (gethostname(host, sizeof host - 1) < 0 || !host[0])
			strcpy(host, "localhost");
		char *dot = strchr(host, '.');
		if (dot)
			*dot = '\0';
	}
	return host;
}

const struct pw_embedded *pw_embedded_find(const char *name)
{
	for (const struct pw_embedded *e = pw_embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}
