/*
 * Which Host a request to careerpath serve may name. A page in a browser
 * can be made to send requests to a server on loopback through a DNS name
 * the attacker controls (DNS rebinding); the Host header then carries that
 * name, so the server answers only the names it knows it serves.
 */
#ifndef CP_SERVE_HOST_H
#define CP_SERVE_HOST_H

#include <netinet/in.h>
#include <stddef.h>

/*
 * The names a server answers for, each with its port: the address it
 * listens on as written in a URL; localhost when that is a loopback
 * address; any address literal (and localhost) when it is a wildcard
 * (0.0.0.0, [::]), as a name is what rebinding needs; and the extra names
 * given (borrowed, not copied).
 */
typedef struct serve_hosts {
	struct sockaddr_storage address; /* the listen address */
	unsigned port;			 /* the port bound */
	const char *const *names;
	size_t n_names;
} serve_hosts;

/* Whether address is a loopback address (127.0.0.0/8, ::1). */
int serve_address_is_loopback(const struct sockaddr_storage *address);

/*
 * Whether host (a Host header's value: name or address, then ":port"
 * unless the port is 80) names this server. Names compare without case.
 */
int serve_host_allowed(const serve_hosts *hosts, const char *host);

/*
 * What the server answers for, for a message: "127.0.0.1, localhost
 * (port 8080)". Writes at most size bytes to out, NUL-terminated.
 */
void serve_host_describe(char *out, size_t size, const serve_hosts *hosts);

#endif
