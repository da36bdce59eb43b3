/* mqtt_url.c - parse and redact broker URLs; see mqtt_url.h. */
#include "config.h"

#include <arpa/inet.h>
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
		char *t = pw_sanitize(s, n > 16 ? 16 : n);
		*err = xasprintf("invalid port '%s' (1..65535)", t);
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
	size_t alen = strcspn(auth, "/?#");
	const char *rest = auth + alen;
	if (*rest && strcmp(rest, "/") != 0) {
		*err = xstrdup(*rest == '/' ? "a path is not allowed in a broker URL"
		                            : "query or fragment not allowed in a broker URL");
		return -1;
	}
	/* The last '@' ends the user info, so a raw '@' in a password still works. */
	const char *at = NULL;
	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p;
	int rc = 0;
	if (at)
		rc = parse_userinfo(auth, (size_t)(at - auth), out, err);
	if (rc == 0) {
		const char *hp = at ? at + 1 : auth;
		rc = parse_hostport(hp, (size_t)(auth + alen - hp), out, err);
	}
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

char *pw_mqtt_url_redact(const char *url)
{
	if (!url)
		return xstrdup("");
	struct sbuf b;
	sbuf_init(&b);
	const char *sep = strstr(url, "://");
	const char *auth = sep ? sep + 3 : url;
	size_t alen = strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p;
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon) {
		sbuf_add(&b, url, (size_t)(colon - url) + 1);
		sbuf_adds(&b, "***");
		sbuf_adds(&b, at);
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
