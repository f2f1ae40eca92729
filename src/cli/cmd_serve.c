/*
 * careerpath serve: the web page and its JSON API over HTTP, on
 * libmicrohttpd. The graph is loaded once and every request is answered
 * from memory (serve_api.c), one thread per connection: the searches are
 * thread-safe on a loaded graph, and Graphviz runs one drawing at a time.
 */
#include "cli.h"
#include "serve_gzip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cmd_serve_opts[] = {
	{"listen", 'l', "ADDRESS:PORT",
	 "where to listen (default 127.0.0.1:8080; port 0: a free one)"},
	{"limit", 0, CLI_WORD,
	 "give up a query after N search labels " CLI_DEFAULT_LIMIT_HELP},
	{NULL, 0, NULL, NULL},
};

/* Bounds on what one client may hold of the server. */
enum {
	MAX_CONNECTIONS = 64,
	CONNECTION_TIMEOUT_S = 30,
	/*
	 * A request line and headers must fit in this, or libmicrohttpd
	 * answers 414 or 431 with its own HTML page. It is far above the
	 * bounds below, so that an oversize request up to it is seen and
	 * answered in JSON; pages are only touched as a request fills them.
	 */
	CONNECTION_MEMORY = 256 * 1024,
	/* the headers' names and values, together: 431 past it */
	MAX_HEADER_BYTES = 16 * 1024,
	RENDER_TIMEOUT_MS = 10000,
	/* smaller answers are sent as they are: gzip would gain little */
	GZIP_MIN_BYTES = 512
};

static const char security_policy[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

/* One request: its target as sent (path and query), kept by the server. */
typedef struct pending {
	char *target;
} pending;

static void *on_target(void *cls, const char *uri,
		       struct MHD_Connection *connection)
{
	pending *p = calloc(1, sizeof(*p));
	(void)cls;
	(void)connection;
	if (p)
		p->target = strdup(uri);
	return p;
}

static void on_completed(void *cls, struct MHD_Connection *connection,
			 void **req_cls, enum MHD_RequestTerminationCode code)
{
	pending *p = *req_cls;
	(void)cls;
	(void)connection;
	(void)code;
	if (p)
		free(p->target);
	free(p);
	*req_cls = NULL;
}

/* Whether an answer of this type shrinks when compressed: text does. */
static int is_compressible(const char *content_type)
{
	return !strncmp(content_type, "text/", 5) ||
	       !strncmp(content_type, "application/json", 16) ||
	       !strncmp(content_type, "image/svg+xml", 13) ||
	       !strncmp(content_type, "image/x-icon", 12);
}

/*
 * Queues the answer, gzipped when the client takes gzip and that makes it
 * smaller; the Vary header says the bytes depend on Accept-Encoding.
 */
static enum MHD_Result queue(struct MHD_Connection *connection,
			     const serve_answer *answer)
{
	const cp_buf *body = &answer->body;
	cp_buf packed = CP_BUF_INIT;
	struct MHD_Response *response;
	enum MHD_Result result;
	int varies = answer->body.size >= GZIP_MIN_BYTES &&
		     is_compressible(answer->content_type);
	int gzipped = varies &&
		      serve_accepts_gzip(MHD_lookup_connection_value(
			      connection, MHD_HEADER_KIND,
			      MHD_HTTP_HEADER_ACCEPT_ENCODING)) &&
		      !cp_buf_init(&packed) &&
		      !serve_gzip(&packed, body->ptr, body->size) &&
		      packed.size < body->size;
	if (gzipped)
		body = &packed;
	response = MHD_create_response_from_buffer(body->size, body->ptr,
						   MHD_RESPMEM_MUST_COPY);
	cp_buf_free(&packed);
	if (!response)
		return MHD_NO;
	if (MHD_add_response_header(response, "Content-Type",
				    answer->content_type) == MHD_NO ||
	    MHD_add_response_header(response, "Content-Security-Policy",
				    security_policy) == MHD_NO ||
	    MHD_add_response_header(response, "X-Content-Type-Options",
				    "nosniff") == MHD_NO ||
	    MHD_add_response_header(response, "Referrer-Policy",
				    "no-referrer") == MHD_NO ||
	    MHD_add_response_header(response, "Cache-Control", "no-store") ==
		    MHD_NO ||
	    (varies && MHD_add_response_header(response, "Vary",
					       "Accept-Encoding") == MHD_NO) ||
	    (gzipped && MHD_add_response_header(response, "Content-Encoding",
						"gzip") == MHD_NO) ||
	    (answer->allow && MHD_add_response_header(response, "Allow",
						      answer->allow) == MHD_NO))
		result = MHD_NO;
	else
		result = MHD_queue_response(
			connection, (unsigned int)answer->status, response);
	MHD_destroy_response(response);
	return result;
}

/* Adds up the bytes of the request's headers. */
static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
				    const char *key, const char *value)
{
	size_t *total = cls;
	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0);
	return MHD_YES;
}

/*
 * What libmicrohttpd has let through but the API does not take: a request
 * body (413: the page and API read none, so any is too large), headers past
 * MAX_HEADER_BYTES (431). Returns 0 or the status, with its answer in out.
 */
static int refuse_oversize(serve_answer *out, struct MHD_Connection *connection,
			   const char *method)
{
	const char *length = MHD_lookup_connection_value(
		connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char message[96];
	size_t header_bytes = 0;
	int status = 0;
	MHD_get_connection_values(connection, MHD_HEADER_KIND, count_header,
				  &header_bytes);
	if (header_bytes > MAX_HEADER_BYTES) {
		status = 431;
		snprintf(message, sizeof(message),
			 "the request's headers are longer than %d bytes",
			 MAX_HEADER_BYTES);
	} else if ((!strcmp(method, "GET") || !strcmp(method, "HEAD")) &&
		   ((length && strspn(length, "0") != strlen(length)) ||
		    MHD_lookup_connection_value(
			    connection, MHD_HEADER_KIND,
			    MHD_HTTP_HEADER_TRANSFER_ENCODING))) {
		status = 413;
		snprintf(message, sizeof(message),
			 "the page and its API take no request body");
	}
	if (!status)
		return 0;
	out->status = status;
	out->content_type = "application/json";
	out->allow = NULL;
	cp_buf_init(&out->body);
	if (cp_buf_puts(&out->body, "{\"error\":") ||
	    cp_buf_put_json_string(&out->body, message) ||
	    cp_buf_puts(&out->body, "}\n"))
		return -1;
	return status;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_size, void **req_cls)
{
	const serve_config *config = cls;
	pending *p = *req_cls;
	serve_answer answer;
	enum MHD_Result result;
	(void)url;
	(void)version;
	(void)upload_data;
	(void)upload_size;
	if (!p || !p->target)
		return MHD_NO;
	/* answered at once: a body sent with a request is never read */
	switch (refuse_oversize(&answer, connection, method)) {
	case 0: serve_answer_request(&answer, config, method, p->target); break;
	case -1: serve_answer_free(&answer); return MHD_NO;
	default: break;
	}
	result = queue(connection, &answer);
	serve_answer_free(&answer);
	return result;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("careerpath: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* An address to listen on, with its port. */
typedef struct listen_address {
	struct sockaddr_storage addr;
	int ipv6;
	char host[INET6_ADDRSTRLEN + 8]; /* as written in a URL */
} listen_address;

/* "127.0.0.1:8080", "[::1]:8080"; 0 or EXIT_USAGE after saying why. */
static int parse_listen(listen_address *out, const char *text)
{
	const char *given = text, *colon = strrchr(text, ':');
	char host[INET6_ADDRSTRLEN + 1], *end;
	size_t host_len = colon ? (size_t)(colon - text) : 0;
	unsigned long port;
	memset(out, 0, sizeof(*out));
	if (colon && host_len >= 2 && text[0] == '[' &&
	    text[host_len - 1] == ']') {
		out->ipv6 = 1;
		text++;
		host_len -= 2;
	}
	errno = 0;
	port = colon ? strtoul(colon + 1, &end, 10) : 0;
	if (!colon || !host_len || host_len >= sizeof(host) || !colon[1] ||
	    *end || errno || port > 65535 || colon[1] == '-' || colon[1] == '+')
		goto bad;
	memcpy(host, text, host_len);
	host[host_len] = '\0';
	if (out->ipv6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&out->addr;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
		snprintf(out->host, sizeof(out->host), "[%s]", host);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&out->addr;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		snprintf(out->host, sizeof(out->host), "%s", host);
	}
	return 0;
bad:
	cli_error("option '--listen' takes ADDRESS:PORT with a numeric "
		  "address, such as 127.0.0.1:8080 or [::1]:8080, not '%s'",
		  given);
	return EXIT_USAGE;
}

static int is_loopback(const listen_address *a)
{
	if (a->ipv6)
		return IN6_IS_ADDR_LOOPBACK(
			&((const struct sockaddr_in6 *)&a->addr)->sin6_addr);
	return (ntohl(((const struct sockaddr_in *)&a->addr)
			      ->sin_addr.s_addr) >>
		24) == 127;
}

int cmd_serve(cli_ctx *ctx, const cli_args *args)
{
	const char *listen_text = cli_value(args, ctx->command, "listen");
	serve_config config = {ctx->graph, CP_DEFAULT_LIMIT, RENDER_TIMEOUT_MS};
	cp_query limits = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	listen_address where;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *daemon;
	sigset_t stop, old_mask;
	int status, signal_number = 0;
	if ((status = parse_listen(&where, listen_text ? listen_text
						       : "127.0.0.1:8080")) ||
	    (status = cli_read_query(&parts, &limits, ctx->graph, args,
				     ctx->command)))
		return status;
	cp_query_parts_free(&parts);
	if (limits.limit)
		config.limit = limits.limit;
	/* a client that goes away must not kill the server (nor a dot) */
	signal(SIGPIPE, SIG_IGN);
	/* the server's threads inherit the mask: signals come to sigwait */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old_mask);
	daemon = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD |
			MHD_USE_ERROR_LOG | (where.ipv6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, &config,
		/* first, so that every message goes through it */
		MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&where.addr, MHD_OPTION_URI_LOG_CALLBACK,
		on_target, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
		NULL, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)CONNECTION_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_END);
	if (!daemon) {
		cli_error("cannot listen on %s (is the port taken?)",
			  listen_text ? listen_text : "127.0.0.1:8080");
		pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
		return EXIT_IO;
	}
	info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (!is_loopback(&where))
		cli_error("listening on %s: anyone who can reach this "
			  "machine can use the page",
			  where.host);
	fprintf(stderr,
		"careerpath: serving %zu roles on http://%s:%u/ (Ctrl-C "
		"stops)\n",
		cp_graph_role_count(ctx->graph), where.host,
		info ? (unsigned int)info->port : 0u);
	fflush(stderr);
	while (sigwait(&stop, &signal_number) == EINTR)
		;
	MHD_stop_daemon(daemon);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	fprintf(stderr, "careerpath: stopped (%s)\n",
		signal_number == SIGINT ? "interrupt" : "terminated");
	return EXIT_ANSWER;
}
