/*
 * What careerpath serve keeps an eye on besides libmicrohttpd: how long
 * each connection has taken over its request head and over taking its
 * answer, which requests are
 * being answered, and whether each should stop (the server is stopping,
 * the client has gone, or its time is up).
 *
 * libmicrohttpd's own timeout counts idleness only, so a client sending a
 * byte every few seconds would hold its connection for ever; here the
 * whole head must arrive within a bound from the connection's start (or
 * from the end of the previous answer on a kept-alive connection), as
 * nginx's client_header_timeout and Apache's mod_reqtimeout bound it.
 * Likewise a client reading an answer a byte at a time: once the answer is
 * queued, the whole of it must be taken within a bound, or the connection
 * is closed (nginx's send_timeout counts idleness only; this counts the
 * total). The kernel holds up to a few megabytes of an answer, so only
 * larger ones can hold a connection that long.
 */
#ifndef CP_SERVE_WATCH_H
#define CP_SERVE_WATCH_H

#include <microhttpd.h>
#include <stddef.h>

typedef struct serve_watch serve_watch;

/*
 * Starts the watch and its thread, which closes a connection whose request
 * head has not all come within head_timeout_ms, or whose answer has not
 * all been sent within send_timeout_ms of being queued. Returns 0, or -1
 * when memory or threads run out.
 */
int serve_watch_start(serve_watch **out, int head_timeout_ms,
		      int send_timeout_ms);

/* For MHD_OPTION_NOTIFY_CONNECTION, with the watch as cls. */
void serve_watch_connection(void *cls, struct MHD_Connection *connection,
			    void **socket_context,
			    enum MHD_ConnectionNotificationCode code);

/* The request's head has all come: its connection's clock stops. */
void serve_watch_head_read(struct MHD_Connection *connection);
/* The answer is queued: the clock of its sending starts. */
void serve_watch_send_begin(struct MHD_Connection *connection);
/* The answer is sent: the head's clock runs again, for the next request. */
void serve_watch_head_next(struct MHD_Connection *connection);

/*
 * One request being answered, on the stack of the thread answering it.
 * Fields are private to serve_watch.c.
 */
typedef struct serve_job {
	serve_watch *watch;
	int fd;		    /* the client's socket */
	long long deadline; /* CLOCK_MONOTONIC, ms */
	long long probed;   /* when the socket was last looked at */
	int gone;	    /* the client has closed or reset */
} serve_job;

/*
 * Begins answering a request on connection, to be done within
 * timeout_ms; until serve_job_end() it is this thread's job. Returns 0,
 * or -1 when the server is stopping (nothing begun).
 */
int serve_job_begin(serve_job *job, serve_watch *watch,
		    struct MHD_Connection *connection, int timeout_ms);
void serve_job_end(serve_job *job);

/*
 * Whether this thread's request should stop now: the server is stopping,
 * its client has closed the connection, or its deadline passed a quarter
 * of a second ago (a query handed the deadline stops by itself at it, and
 * says so). 0 on
 * a thread without a job (the tests' direct calls). Cheap enough to call
 * often: the socket is looked at once per 100 ms at most. The argument is
 * unused, so that it can be a cancel callback as it stands.
 */
int serve_job_stopped(void *unused);

/*
 * Milliseconds left until this thread's job's deadline (at least 1 while
 * it is not past, 0 after it), or -1 on a thread without a job.
 */
long long serve_job_left_ms(void);

/*
 * Stops the watch: no job begins from now on, and jobs running see
 * serve_job_stopped(). Waits up to grace_ms for them to end; returns how
 * many still run.
 */
size_t serve_watch_stop(serve_watch *watch, int grace_ms);

/*
 * Ends the watch's thread and frees it; NULL-safe. Only once no
 * connection callback can come (after MHD_stop_daemon).
 */
void serve_watch_free(serve_watch *watch);

#endif
