/* mqtt_url.c - parse and redact broker URLs; see mqtt_url.h. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parkwatch/mqtt_url.h"
#include "parkwatch/text.h"
#include "parkwatch/util.h"

#define HOST_MAX 253

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode S[0..n) into a new string. Returns NULL (and sets *why) on a
 * malformed escape or a decoded NUL, which no C string can carry faithfully.
 */
static char *pct_decode(const char *s, size_t n, const char **why)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= n) {
			free(out);
			*why = "invalid percent escape";
			return NULL;
		}
		int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
		if (h < 0 || l < 0) {
			free(out);
			*why = "invalid percent escape";
			return NULL;
		}
		char c = (char)(h * 16 + l);
		if (c == '\0') {
			free(out);
			*why = "%00 is not allowed";
			return NULL;
		}
		out[o++] = c;
		i += 2;
	}
	out[o] = '\0';
	return out;
}

static bool host_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

/* Bytes of URL that form an RFC 3986 scheme (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")). */
static size_t scheme_len(const char *url)
{
	size_t n = 0;
	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.')
		n++;
	return n;
}

/* Where the authority starts: after "scheme://", else the whole text. */
static const char *authority(const char *url)
{
	size_t n = scheme_len(url);
	return n > 0 && strncmp(url + n, "://", 3) == 0 ? url + n + 3 : url;
}

/* Scheme: "mqtt" or "mqtts", case-insensitive. Returns bytes up to "//" or -1. */
static int parse_scheme(const char *url, bool *tls, char **err)
{
	const char *sep = strstr(url, "://");
	if (!sep) {
		*err = xstrdup("not a broker URL (expected mqtt://host[:port] or mqtts://...)");
		return -1;
	}
	size_t n = (size_t)(sep - url);
	if (n == 4 && strncasecmp(url, "mqtt", 4) == 0) {
		*tls = false;
	} else if (n == 5 && strncasecmp(url, "mqtts", 5) == 0) {
		*tls = true;
	} else if (scheme_len(url) != n) {
		/* Not a scheme at all ("user:pass://..."): quoting it could quote a secret. */
		*err = xstrdup("not a broker URL (expected mqtt://host[:port] or mqtts://...)");
		return -1;
	} else {
		char *s = pw_sanitize(url, n > 16 ? 16 : n);
		*err = xasprintf("unsupported scheme '%s' (use mqtt:// or mqtts://)", s);
		free(s);
		return -1;
	}
	return (int)n + 3;
}

/* USER[:PASSWORD] in S[0..n), percent-decoded into U. */
static int parse_userinfo(const char *s, size_t n, struct pw_mqtt_url *u, char **err)
{
	const char *colon = memchr(s, ':', n);
	size_t ulen = colon ? (size_t)(colon - s) : n;
	const char *why = NULL;
	u->username = pct_decode(s, ulen, &why);
	if (!u->username) {
		*err = xasprintf("user name: %s", why);
		return -1;
	}
	size_t dlen = strlen(u->username);
	if (!pw_utf8_valid(u->username, dlen)) {
		*err = xstrdup("user name: not valid UTF-8");
		return -1;
	}
	for (size_t i = 0; i < dlen; i++) {
		unsigned char c = (unsigned char)u->username[i];
		if (c < 0x20 || c == 0x7f) {
			*err = xstrdup("user name: control characters are not allowed");
			return -1;
		}
	}
	if (colon) {
		u->password = pct_decode(colon + 1, n - ulen - 1, &why);
		if (!u->password) {
			*err = xasprintf("password: %s", why);
			return -1;
		}
	}
	return 0;
}

/* "[v6]" at S[0..n): sets u->host; returns bytes used or -1. */
static int parse_ipv6(const char *s, size_t n, struct pw_mqtt_url *u, char **err)
{
	const char *close = memchr(s, ']', n);
	if (!close) {
		*err = xstrdup("unterminated IPv6 address (missing ']')");
		return -1;
	}
	size_t len = (size_t)(close - s - 1);
	char buf[64];
	unsigned char bin[16];
	if (len == 0 || len >= sizeof buf) {
		*err = xstrdup("invalid IPv6 address");
		return -1;
	}
	memcpy(buf, s + 1, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET6, buf, bin) != 1) {
		*err = xstrdup("invalid IPv6 address");
		return -1;
	}
	u->host = xstrdup(buf);
	return (int)(close - s) + 1;
}

static int parse_port(const char *s, size_t n, int *port, char **err)
{
	long v = 0;
	bool ok = n > 0 && n <= 5;
	for (size_t i = 0; ok && i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			ok = false;
		else
			v = v * 10 + (s[i] - '0');
	}
	if (!ok || v < 1 || v > 65535) {
		/* Only digits are quoted: "user:secret" without '@' puts a password here. */
		bool digits = strspn(s, "0123456789") >= n;
		char *t = pw_sanitize(s, digits ? (n > 16 ? 16 : n) : 0);
		*err = digits ? xasprintf("invalid port '%s' (1..65535)", t)
		              : xstrdup("invalid port (1..65535)");
		free(t);
		return -1;
	}
	*port = (int)v;
	return 0;
}

/* HOST[:PORT] in S[0..n). */
static int parse_hostport(const char *s, size_t n, struct pw_mqtt_url *u, char **err)
{
	size_t used;
	if (n > 0 && s[0] == '[') {
		int r = parse_ipv6(s, n, u, err);
		if (r < 0)
			return -1;
		used = (size_t)r;
		if (used < n && s[used] != ':') {
			*err = xstrdup("unexpected text after the IPv6 address");
			return -1;
		}
	} else {
		const char *colon = memchr(s, ':', n);
		used = colon ? (size_t)(colon - s) : n;
		if (used == 0) {
			*err = xstrdup("missing host");
			return -1;
		}
		if (used > HOST_MAX) {
			*err = xstrdup("host name too long");
			return -1;
		}
		for (size_t i = 0; i < used; i++) {
			if (!host_char_ok(s[i])) {
				*err = xstrdup("invalid character in host name");
				return -1;
			}
		}
		u->host = xstrndup(s, used);
	}
	if (used < n)
		return parse_port(s + used + 1, n - used - 1, &u->port, err);
	return 0;
}

int pw_mqtt_url_parse(const char *url, struct pw_mqtt_url *out, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	if (!url || !*url) {
		*err = xstrdup("empty broker URL");
		return -1;
	}
	int off = parse_scheme(url, &out->tls, err);
	if (off < 0)
		return -1;
	out->port = out->tls ? PW_MQTTS_PORT : PW_MQTT_PORT;
	const char *auth = url + off;
	/*
	 * The last '@' anywhere ends the user info: no host, port or the one "/"
	 * allowed after them holds an '@', so a password with a raw '@', '/',
	 * '?' or '#' still works (and is never mistaken for a path and quoted).
	 */
	const char *at = strrchr(auth, '@');
	const char *hp = at ? at + 1 : auth;
	size_t hlen = strcspn(hp, "/?#");
	const char *rest = hp + hlen;
	if (*rest && strcmp(rest, "/") != 0) {
		*err = xstrdup(*rest == '/' ? "a path is not allowed in a broker URL"
		                            : "query or fragment not allowed in a broker URL");
		return -1;
	}
	int rc = 0;
	if (at)
		rc = parse_userinfo(auth, (size_t)(at - auth), out, err);
	if (rc == 0)
		rc = parse_hostport(hp, hlen, out, err);
	if (rc < 0) {
		pw_mqtt_url_free(out);
		return -1;
	}
	return 0;
}

void pw_mqtt_url_free(struct pw_mqtt_url *u)
{
	if (!u)
		return;
	free(u->host);
	free(u->username);
	if (u->password) {
		/* Do not leave the secret lying in freed heap memory. */
		volatile char *p = u->password;
		while (*p)
			*p++ = '\0';
		free(u->password);
	}
	memset(u, 0, sizeof *u);
}

bool pw_mqtt_url_password_span(const char *url, size_t *start, size_t *end)
{
	if (!url)
		return false;
	const char *auth = authority(url);
	const char *at = strrchr(auth, '@');
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		if (!colon)
			return false;
		*start = (size_t)(colon + 1 - url);
		*end = (size_t)(at - url);
		return true;
	}
	/* No '@': what follows the host's ':' is a port, unless it is not digits. */
	const char *h = auth;
	if (*h == '[') {
		const char *close = strchr(h, ']');
		h = close ? close + 1 : h + strlen(h);
	}
	size_t hlen = strcspn(h, "/?#");
	const char *colon = memchr(h, ':', hlen);
	if (!colon)
		return false;
	const char *port = colon + 1;
	if (strspn(port, "0123456789") >= (size_t)(h + hlen - port))
		return false;
	*start = (size_t)(port - url);
	*end = strlen(url);
	return true;
}

bool pw_mqtt_url_has_password(const char *url)
{
	size_t a, b;
	return pw_mqtt_url_password_span(url, &a, &b);
}

char *pw_mqtt_url_redact(const char *url)
{
	if (!url)
		return xstrdup("");
	struct sbuf b;
	sbuf_init(&b);
	size_t start, end;
	if (pw_mqtt_url_password_span(url, &start, &end)) {
		sbuf_add(&b, url, start);
		sbuf_adds(&b, "***");
		sbuf_adds(&b, url + end);
	} else {
		sbuf_adds(&b, url);
	}
	char *clean = pw_sanitize(sbuf_str(&b), b.len);
	sbuf_free(&b);
	return clean;
}

char *pw_mqtt_url_endpoint(const struct pw_mqtt_url *u)
{
	if (u->host && strchr(u->host, ':'))
		return xasprintf("[%s]:%d", u->host, u->port);
	return xasprintf("%s:%d", u->host ? u->host : "", u->port);
}
