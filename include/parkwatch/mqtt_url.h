/*
 * mqtt_url.h - broker URLs (core, pure).
 *
 *   mqtt://[user[:password]@]host[:port]     plain TCP, default port 1883
 *   mqtts://[user[:password]@]host[:port]    TLS, default port 8883
 *
 * The scheme is case-insensitive. HOST is a DNS name or IPv4 address
 * ([A-Za-z0-9._-], at most 253 bytes) or an IPv6 literal in brackets
 * ("[::1]"). USER and PASSWORD may be percent-encoded ("%40" for '@'); the
 * last '@' ends them, so a raw '@', '/', '?' or '#' in a password works too; a
 * decoded NUL is refused, and the user name must be UTF-8 without control
 * characters (MQTT requires a UTF-8 string; the password is binary data).
 * Nothing may follow the authority except one "/".
 *
 * A password must never reach a log, a terminal or an error message: the
 * errors below never quote the user-info part, and pw_mqtt_url_redact()
 * gives the form to print.
 */
#ifndef PARKWATCH_MQTT_URL_H
#define PARKWATCH_MQTT_URL_H

#include <stdbool.h>
#include <stddef.h>

#define PW_MQTT_PORT 1883
#define PW_MQTTS_PORT 8883

/* A parsed URL. Strings are owned by the struct (pw_mqtt_url_free()). */
struct pw_mqtt_url {
	bool tls;          /* mqtts:// */
	char *host;        /* without the brackets of an IPv6 literal */
	int port;          /* 1..65535 */
	char *username;    /* decoded; NULL when the URL has none */
	char *password;    /* decoded; NULL when the URL has none ("u@" vs "u:@" -> "") */
};

/*
 * Parse URL into *OUT (zeroed first). Returns 0, or -1 with *ERR (caller
 * frees) saying what is wrong in words an operator can act on, e.g.
 * "unsupported scheme 'http' (use mqtt:// or mqtts://)", "missing host",
 * "invalid port '99999'". *OUT holds nothing to free after a failure.
 */
int pw_mqtt_url_parse(const char *url, struct pw_mqtt_url *out, char **err);

/* Free the strings of U (the struct itself is the caller's); U may be NULL. */
void pw_mqtt_url_free(struct pw_mqtt_url *u);

/*
 * Where the password of URL is, whatever it contains: [*START, *END) from
 * after the first ':' of the user info to the last '@' in the text (no host,
 * port or trailing "/" holds an '@', so a raw '/', '?', '#' or '@' in a
 * password stays inside it). Without an '@', text after the host's ':' that
 * is not a port number is taken for a password too ("mqtt://user:secret").
 * Works on any text, valid URL or not. Returns false when there is none.
 */
bool pw_mqtt_url_password_span(const char *url, size_t *start, size_t *end);

/* True when pw_mqtt_url_password_span() finds a password in URL. */
bool pw_mqtt_url_has_password(const char *url);

/*
 * A printable copy of URL with any password replaced by "***"
 * ("mqtt://ops:***@broker:1883", "mqtt://ops:***@host" for a password
 * "pa/ss#"). Works on any text, valid URL or not, so error messages about a
 * bad URL can quote it safely; control characters and escape sequences are
 * removed. Never NULL; caller frees. NULL -> "".
 */
char *pw_mqtt_url_redact(const char *url);

/*
 * "host:port" for messages ("[::1]:1883" for IPv6), without user or password.
 * Never NULL; caller frees.
 */
char *pw_mqtt_url_endpoint(const struct pw_mqtt_url *u);

#endif
