/*
 * careerpath serve: the web page and its JSON API over HTTP, on
 * libmicrohttpd. The graph is loaded once and every request is answered
 * from memory (serve_api.c), one thread per connection: the searches are
 * thread-safe on a loaded graph, and each drawing runs its own Graphviz
 * (serve_render.c). What one client may hold is bounded: connections per
 * address, the time for a request head and for taking an answer
 * (serve_watch.c), the Host it names
 * (serve_host.c), and a stop does not wait long for busy answers.
 */
#include "cli.h"
#include "serve_gzip.h"
#include "serve_host.h"
#include "serve_watch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

const cli_opt cmd_serve_opts[] = {
	{"listen", 'l', "ADDRESS:PORT",
	 "where to listen (default 127.0.0.1:8080; port 0: a free one)"},
	{"limit", 0, CLI_WORD,
	 "give up a query after N search labels " CLI_DEFAULT_LIMIT_HELP},
	{"timeout", 0, CLI_WORD,
	 "give each request SECONDS to be answered (default 30)"},
	{"send-timeout", 0, "SECONDS",
	 "close a connection whose client has not taken all of an answer "
	 "SECONDS after it was ready (default 60)"},
	{"host", 0, "NAME...",
	 "answer requests for NAME too (their Host header); by default only "
	 "the listen address, and localhost on loopback"},
	{NULL, 0, NULL, NULL},
};

/* Bounds on what one client may hold of the server. */
enum {
	MAX_CONNECTIONS = 64,
	/* half, so that one address cannot take every connection: a
	 * quarter refused a load of 16 clients from one address, each
	 * connection counting until its thread has ended, after it closes */
	MAX_CONNECTIONS_PER_ADDRESS = 32,
	/* idle time while an answer is sent */
	CONNECTION_TIMEOUT_S = 30,
	/* a request's line and headers, all of them, from the connection's
	 * start or the end of the answer before; also the idle time of a
	 * connection kept alive */
	HEAD_TIMEOUT_MS = 10000,
	/* the time a client has, by default (--send-timeout), to take the
	 * whole of an answer once it is ready: a client reading a byte at a
	 * time must not hold its connection for as long as it likes */
	SEND_TIMEOUT_MS = 60000,
	/* an answer's time by default (--timeout): a query's deadline, and
	 * the bound on what can be stopped (drawings) */
	REQUEST_TIMEOUT_MS = 30000,
	/* how long a stop waits for answers under way, before it leaves
	 * them cut short */
	STOP_GRACE_MS = 500,
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

/* The server, as every request sees it. */
typedef struct server {
	serve_config config;
	serve_hosts hosts;
	serve_watch *watch;
	int request_timeout_ms;
} server;

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
	if (code == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		serve_watch_head_next(connection);
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

/* What a request's headers hold, read in one pass. */
typedef struct header_facts {
	size_t bytes; /* names and values together */
	size_t n_hosts;
	const char *host;	  /* the first Host */
	const char *length;	  /* the first Content-Length */
	const char *other_length; /* one unlike the first, or NULL */
} header_facts;

static enum MHD_Result read_header(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	header_facts *f = cls;
	(void)kind;
	value = value ? value : "";
	f->bytes += strlen(key) + strlen(value);
	if (!strcasecmp(key, MHD_HTTP_HEADER_HOST) && !f->n_hosts++)
		f->host = value;
	else if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		if (!f->length)
			f->length = value;
		else if (strcmp(f->length, value) && !f->other_length)
			f->other_length = value;
	}
	return MHD_YES;
}

/* Whether text is printable ASCII, and so fit to quote in an answer. */
static int is_printable(const char *text)
{
	for (; *text; text++)
		if (*text < 0x20 || *text >= 0x7F)
			return 0;
	return 1;
}

/*
 * What libmicrohttpd has let through but the server does not take: headers
 * past MAX_HEADER_BYTES (431); no Host in HTTP/1.1, or two (400, as RFC
 * 9112 section 3.2 asks); a Host that names another server (421: a page
 * elsewhere may be rebinding its name to this address); two different
 * Content-Length headers (400: which one frames the body is ambiguous,
 * the ground of request smuggling); a request body (413: the page and API
 * read none, so any is too large). Returns 0 or the status, with its
 * answer in out.
 */
static int refuse_request(serve_answer *out, const server *srv,
			  struct MHD_Connection *connection, const char *method,
			  const char *version)
{
	header_facts f = {0, 0, NULL, NULL, NULL};
	char message[512], hosts[256];
	int status = 0;
	MHD_get_connection_values(connection, MHD_HEADER_KIND, read_header, &f);
	if (f.bytes > MAX_HEADER_BYTES) {
		status = 431;
		snprintf(message, sizeof(message),
			 "the request's headers are longer than %d bytes",
			 MAX_HEADER_BYTES);
	} else if (f.n_hosts > 1) {
		status = 400;
		snprintf(message, sizeof(message),
			 "the request has more than one Host header");
	} else if (!f.host && strcmp(version, MHD_HTTP_VERSION_1_0)) {
		status = 400;
		snprintf(message, sizeof(message),
			 "an HTTP/1.1 request needs a Host header");
	} else if (f.host && !serve_host_allowed(&srv->hosts, f.host)) {
		status = 421;
		serve_host_describe(hosts, sizeof(hosts), &srv->hosts);
		snprintf(message, sizeof(message),
			 "this server answers requests for %s, not for "
			 "'%.64s' (the Host header)",
			 hosts, is_printable(f.host) ? f.host : "?");
	} else if (f.other_length) {
		status = 400;
		snprintf(message, sizeof(message),
			 "the request has two different Content-Length "
			 "headers ('%.20s' and '%.20s')",
			 is_printable(f.length) ? f.length : "?",
			 is_printable(f.other_length) ? f.other_length : "?");
	} else if ((!strcmp(method, "GET") || !strcmp(method, "HEAD")) &&
		   ((f.length && strspn(f.length, "0") != strlen(f.length)) ||
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

/* 503 with why, when the server is stopping; 0, or -1 without memory. */
static int refuse_stopping(serve_answer *out)
{
	out->status = 503;
	out->content_type = "application/json";
	out->allow = NULL;
	cp_buf_init(&out->body);
	return cp_buf_puts(&out->body,
			   "{\"error\":\"the server is stopping\"}\n")
		       ? -1
		       : 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_size, void **req_cls)
{
	const server *srv = cls;
	pending *p = *req_cls;
	serve_answer answer;
	serve_job job;
	enum MHD_Result result;
	int refused, working = 0;
	(void)url;
	(void)upload_data;
	(void)upload_size;
	if (!p || !p->target)
		return MHD_NO;
	serve_watch_head_read(connection);
	/* answered at once: a body sent with a request is never read */
	refused = refuse_request(&answer, srv, connection, method, version);
	if (!refused && serve_job_begin(&job, srv->watch, connection,
					srv->request_timeout_ms))
		refused = refuse_stopping(&answer) ? -1 : 503;
	else if (!refused) {
		working = 1;
		serve_answer_request(&answer, &srv->config, method, p->target);
	}
	result = refused < 0 ? MHD_NO : queue(connection, &answer);
	if (result == MHD_YES)
		serve_watch_send_begin(connection);
	serve_answer_free(&answer);
	if (working)
		serve_job_end(&job);
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

/*
 * The listening socket, bound to where; its port (the one the system chose
 * for port 0) in *port. Returns the socket, or -1 after saying why.
 */
static int open_listen(unsigned *port, const listen_address *where,
		       const char *text)
{
	struct sockaddr_storage bound;
	socklen_t len = sizeof(bound);
	int fd, on = 1;
	fd = socket(where->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    /* [::] means IPv6 alone, as an IPv4 address means IPv4 alone */
	    (where->ipv6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on))) ||
	    bind(fd, (const struct sockaddr *)&where->addr,
		 where->ipv6 ? sizeof(struct sockaddr_in6)
			     : sizeof(struct sockaddr_in)) ||
	    listen(fd, SOMAXCONN) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) ||
	    getsockname(fd, (struct sockaddr *)&bound, &len)) {
		cli_error("cannot listen on %s: %s", text, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(bound.ss_family == AF_INET6
			      ? ((struct sockaddr_in6 *)&bound)->sin6_port
			      : ((struct sockaddr_in *)&bound)->sin_port);
	return fd;
}

/* Every --host: a name, without a port; 0 or EXIT_USAGE after saying why. */
static int read_hosts(serve_hosts *out, const cli_args *args,
		      const cli_command *cmd)
{
	const char *const *names;
	size_t n = cli_values(&names, args, cmd, "host"), i;
	for (i = 0; i < n; i++)
		if (!*names[i] || strpbrk(names[i], ":[]/ ") ||
		    !is_printable(names[i])) {
			cli_error("option '--host' takes a name as a browser "
				  "sends it, without a port, such as "
				  "careers.example.org, not '%s'",
				  names[i]);
			return EXIT_USAGE;
		}
	out->names = names;
	out->n_names = n;
	return 0;
}

/* --send-timeout: seconds, above 0 and up to a day, in *ms (left alone
 * when not given); 0 or EXIT_USAGE after saying why. */
static int read_send_timeout(int *ms, const cli_args *args,
			     const cli_command *cmd)
{
	const char *text = cli_value(args, cmd, "send-timeout");
	char *end;
	double seconds;
	if (!text)
		return 0;
	errno = 0;
	seconds = strtod(text, &end);
	if (end == text || *end || errno || !(seconds > 0) || seconds > 86400) {
		cli_error("option '--send-timeout' takes a number of seconds "
			  "above 0 and up to a day (86400), not '%s'",
			  text);
		return EXIT_USAGE;
	}
	*ms = seconds < 0.001 ? 1 : (int)(seconds * 1000 + 0.5);
	return 0;
}

/*
 * Waits for SIGINT or SIGTERM, then stops: no new connection, answers
 * under way told to stop (serve_job_stopped) and given STOP_GRACE_MS. A
 * search cannot yet be stopped from outside; when one still runs, the
 * process ends at once rather than wait for it (its client gets no answer).
 */
static int serve_until_stopped(struct MHD_Daemon *daemon, serve_watch *watch,
			       int listen_fd, const sigset_t *stop)
{
	int signal_number = 0;
	size_t running;
	while (sigwait(stop, &signal_number) == EINTR)
		;
	if (MHD_quiesce_daemon(daemon) == listen_fd)
		close(listen_fd);
	running = serve_watch_stop(watch, STOP_GRACE_MS);
	if (running) {
		fprintf(stderr,
			"careerpath: stopped (%s), with %zu answer%s cut "
			"short\n",
			signal_number == SIGINT ? "interrupt" : "terminated",
			running, running == 1 ? "" : "s");
		fflush(stderr);
		/* the answering threads use the graph, which a return
		 * would free under them */
		_exit(EXIT_ANSWER);
	}
	MHD_stop_daemon(daemon);
	fprintf(stderr, "careerpath: stopped (%s)\n",
		signal_number == SIGINT ? "interrupt" : "terminated");
	return EXIT_ANSWER;
}

int cmd_serve(cli_ctx *ctx, const cli_args *args)
{
	const char *listen_text = cli_value(args, ctx->command, "listen");
	server srv = {{ctx->graph, CP_DEFAULT_LIMIT, RENDER_TIMEOUT_MS},
		      {{0}, 0, NULL, 0},
		      NULL,
		      REQUEST_TIMEOUT_MS};
	cp_query limits = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	listen_address where;
	struct MHD_Daemon *daemon = NULL;
	sigset_t stop, old_mask;
	int status, listen_fd = -1, send_timeout_ms = SEND_TIMEOUT_MS;
	if (!listen_text)
		listen_text = "127.0.0.1:8080";
	if ((status = parse_listen(&where, listen_text)) ||
	    (status = read_hosts(&srv.hosts, args, ctx->command)) ||
	    (status =
		     read_send_timeout(&send_timeout_ms, args, ctx->command)) ||
	    (status = cli_read_query(&parts, &limits, ctx->graph, args,
				     ctx->command)))
		return status;
	cp_query_parts_free(&parts);
	if (limits.limit)
		srv.config.limit = limits.limit;
	if (limits.timeout > 86400) {
		cli_error("option '--timeout' takes up to a day (86400 "
			  "seconds) for a request, not %g",
			  limits.timeout);
		return EXIT_USAGE;
	}
	if (limits.timeout > 0)
		srv.request_timeout_ms =
			limits.timeout < 0.001
				? 1
				: (int)(limits.timeout * 1000 + 0.5);
	srv.hosts.address = where.addr;
	if ((listen_fd = open_listen(&srv.hosts.port, &where, listen_text)) < 0)
		return EXIT_IO;
	if (serve_watch_start(&srv.watch, HEAD_TIMEOUT_MS, send_timeout_ms)) {
		cli_error("cannot start the server: out of memory");
		close(listen_fd);
		return EXIT_IO;
	}
	/* a client that goes away must not kill the server (nor a dot) */
	signal(SIGPIPE, SIG_IGN);
	/* the server's threads inherit the mask: signals come to sigwait */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old_mask);
	daemon = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD |
			MHD_USE_ITC | MHD_USE_ERROR_LOG |
			(where.ipv6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, &srv,
		/* first, so that every message goes through it */
		MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
		MHD_OPTION_LISTEN_SOCKET, listen_fd,
		MHD_OPTION_URI_LOG_CALLBACK, on_target, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, serve_watch_connection, srv.watch,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)MAX_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned int)MAX_CONNECTIONS_PER_ADDRESS,
		MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)CONNECTION_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_END);
	if (!daemon) {
		cli_error("cannot start the server on %s", listen_text);
		close(listen_fd);
		status = EXIT_IO;
		goto cleanup;
	}
	if (!serve_address_is_loopback(&where.addr))
		cli_error("listening on %s: anyone who can reach this "
			  "machine can use the page",
			  where.host);
	fprintf(stderr,
		"careerpath: serving %zu roles on http://%s:%u/ (Ctrl-C "
		"stops)\n",
		cp_graph_role_count(ctx->graph), where.host, srv.hosts.port);
	fflush(stderr);
	status = serve_until_stopped(daemon, srv.watch, listen_fd, &stop);
cleanup:
	serve_watch_free(srv.watch);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return status;
}
