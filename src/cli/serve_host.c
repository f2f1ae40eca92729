/*
 * The Host check of careerpath serve (serve_host.h): a request names the
 * server by the address it listens on, by localhost on loopback, or by a
 * name it was told to answer for; anything else is another site's name.
 */
#include "serve_host.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A Host value taken apart: the name or address, and the port. */
typedef struct host_parts {
	char name[256];
	int bracketed; /* "[::1]": an IPv6 address */
	unsigned long port;
} host_parts;

/* "name", "name:port", "[v6]", "[v6]:port"; 0, or -1 when malformed. */
static int split_host(host_parts *out, const char *host)
{
	const char *end, *port;
	size_t len, i;
	out->bracketed = *host == '[';
	if (out->bracketed) {
		host++;
		if (!(end = strchr(host, ']')))
			return -1;
		port = end + 1;
	} else {
		end = host + strcspn(host, ":");
		port = end;
	}
	len = (size_t)(end - host);
	if (!len || len >= sizeof(out->name))
		return -1;
	memcpy(out->name, host, len);
	out->name[len] = '\0';
	out->port = 80;
	if (*port) {
		if (*port != ':' || !port[1] || strlen(port + 1) > 5)
			return -1;
		out->port = 0;
		for (i = 1; port[i]; i++) {
			if (port[i] < '0' || port[i] > '9')
				return -1;
			out->port =
				out->port * 10 + (unsigned long)(port[i] - '0');
		}
	}
	return 0;
}

static const struct in_addr *v4(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET
		       ? &((const struct sockaddr_in *)a)->sin_addr
		       : NULL;
}

static const struct in6_addr *v6(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET6
		       ? &((const struct sockaddr_in6 *)a)->sin6_addr
		       : NULL;
}

static int is_wildcard(const struct sockaddr_storage *a)
{
	return v4(a) ? v4(a)->s_addr == htonl(INADDR_ANY)
		     : IN6_IS_ADDR_UNSPECIFIED(v6(a));
}

static int is_loopback(const struct sockaddr_storage *a)
{
	return v4(a) ? (ntohl(v4(a)->s_addr) >> 24) == 127
		     : IN6_IS_ADDR_LOOPBACK(v6(a));
}

int serve_address_is_loopback(const struct sockaddr_storage *address)
{
	return is_loopback(address);
}

/*
 * Whether name is an address literal (IPv6 only in brackets) and, when
 * the server listens on one address, that one.
 */
static int is_own_address(const serve_hosts *hosts, const host_parts *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (host->bracketed) {
		if (inet_pton(AF_INET6, host->name, &a6) != 1)
			return 0;
		return is_wildcard(&hosts->address) ||
		       (v6(&hosts->address) &&
			!memcmp(&a6, v6(&hosts->address), sizeof(a6)));
	}
	if (inet_pton(AF_INET, host->name, &a4) != 1)
		return 0;
	return is_wildcard(&hosts->address) ||
	       (v4(&hosts->address) &&
		a4.s_addr == v4(&hosts->address)->s_addr);
}

int serve_host_allowed(const serve_hosts *hosts, const char *host)
{
	host_parts parts;
	size_t i;
	if (!host || split_host(&parts, host) || parts.port != hosts->port)
		return 0;
	if (is_own_address(hosts, &parts))
		return 1;
	if (parts.bracketed)
		return 0;
	if (!strcasecmp(parts.name, "localhost") &&
	    (is_loopback(&hosts->address) || is_wildcard(&hosts->address)))
		return 1;
	for (i = 0; i < hosts->n_names; i++)
		if (!strcasecmp(parts.name, hosts->names[i]))
			return 1;
	return 0;
}

void serve_host_describe(char *out, size_t size, const serve_hosts *hosts)
{
	char address[INET6_ADDRSTRLEN + 2] = "";
	size_t i;
	int n;
	if (v4(&hosts->address))
		inet_ntop(AF_INET, v4(&hosts->address), address,
			  sizeof(address));
	else if (inet_ntop(AF_INET6, v6(&hosts->address), address + 1,
			   sizeof(address) - 2)) {
		address[0] = '[';
		strcat(address, "]");
	}
	if (is_wildcard(&hosts->address))
		n = snprintf(out, size, "an address of this machine");
	else
		n = snprintf(out, size, "%s", address);
	if (n > 0 && (size_t)n < size &&
	    (is_loopback(&hosts->address) || is_wildcard(&hosts->address)))
		n += snprintf(out + n, size - (size_t)n, ", localhost");
	for (i = 0; i < hosts->n_names && n > 0 && (size_t)n < size; i++)
		n += snprintf(out + n, size - (size_t)n, ", %s",
			      hosts->names[i]);
	if (n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, " (port %u)", hosts->port);
}
