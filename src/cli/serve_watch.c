/*
 * The server's watch (serve_watch.h): a list of the open connections with
 * the time each began its request head or the sending of its answer, a
 * thread that cuts the ones past their bound, and the count of requests being
 * answered, which a stop waits on for a while.
 */
#include "serve_watch.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum {
	/* how often a job looks whether its client is still there */
	PROBE_INTERVAL_MS = 100,
	/*
	 * How long after a job's deadline serve_job_stopped() says stop. A
	 * query handed the deadline itself (--timeout, build_words) stops at
	 * that moment or a moment after, and says it reached its deadline;
	 * were the hook to stop it first, as it did a request that began its
	 * search with its time already up, it would say it was called off.
	 * The hook's stop is for what holds no deadline of its own.
	 */
	DEADLINE_SLACK_MS = 250
};

/* An open connection: the socket context libmicrohttpd keeps for us. */
typedef struct watched {
	struct watched *prev, *next;
	serve_watch *watch;
	int fd;
	long long head_since; /* ms; -1 while no head is awaited */
	long long send_since; /* ms; -1 while no answer is being sent */
	int cut;	      /* shut down for taking too long */
} watched;

struct serve_watch {
	pthread_mutex_t lock;
	pthread_cond_t changed; /* a job ended, or the thread must end */
	pthread_t thread;
	watched *connections;
	int head_timeout_ms;
	int send_timeout_ms;
	size_t n_jobs;
	int quit;
	atomic_int stopping;
};

static _Thread_local serve_job *current_job;

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static struct timespec at_ms(long long ms)
{
	struct timespec t;
	t.tv_sec = (time_t)(ms / 1000);
	t.tv_nsec = (long)(ms % 1000) * 1000000;
	return t;
}

/*
 * When a connection's head or answer falls due, or -1 when neither is
 * under way. Called with the lock held.
 */
static long long due_at(const serve_watch *w, const watched *c)
{
	if (c->head_since >= 0)
		return c->head_since + w->head_timeout_ms;
	if (c->send_since >= 0)
		return c->send_since + w->send_timeout_ms;
	return -1;
}

/*
 * Cuts every connection whose head or answer is overdue: shutting its
 * socket down wakes the thread libmicrohttpd runs for it, whose next read
 * or write fails, and it closes the connection itself, as nginx does. The
 * socket stays open until then, so its number cannot pass to another
 * connection under the watch. An answer's cut also drops what the kernel
 * still holds of it (a linger of 0: the close resets the connection), or
 * the slow client would go on reading those megabytes, and the kernel
 * keep them, after the server has let go. Returns when the next one falls
 * due. Called with the lock held.
 */
static long long cut_overdue(serve_watch *w, long long now)
{
	static const struct linger reset = {1, 0};
	long long next = now + (w->head_timeout_ms < w->send_timeout_ms
					? w->head_timeout_ms
					: w->send_timeout_ms);
	watched *c;
	for (c = w->connections; c; c = c->next) {
		long long due = due_at(w, c);
		if (due < 0 || c->cut)
			continue;
		if (due <= now) {
			if (c->head_since < 0)
				setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &reset,
					   sizeof(reset));
			shutdown(c->fd, SHUT_RDWR);
			c->cut = 1;
		} else if (due < next) {
			next = due;
		}
	}
	return next;
}

static void *watch_thread(void *arg)
{
	serve_watch *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->quit) {
		struct timespec until = at_ms(cut_overdue(w, now_ms()));
		pthread_cond_timedwait(&w->changed, &w->lock, &until);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int serve_watch_start(serve_watch **out, int head_timeout_ms,
		      int send_timeout_ms)
{
	serve_watch *w = calloc(1, sizeof(*w));
	pthread_condattr_t attr;
	int failed;
	*out = NULL;
	if (!w)
		return -1;
	w->head_timeout_ms = head_timeout_ms;
	w->send_timeout_ms = send_timeout_ms;
	atomic_init(&w->stopping, 0);
	pthread_mutex_init(&w->lock, NULL);
	/* deadlines are on the monotonic clock, which the wall clock's
	 * changes do not move */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->changed, &attr);
	pthread_condattr_destroy(&attr);
	failed = pthread_create(&w->thread, NULL, watch_thread, w);
	if (failed) {
		pthread_cond_destroy(&w->changed);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void serve_watch_connection(void *cls, struct MHD_Connection *connection,
			    void **socket_context,
			    enum MHD_ConnectionNotificationCode code)
{
	serve_watch *w = cls;
	watched *c = *socket_context;
	const union MHD_ConnectionInfo *info;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		info = MHD_get_connection_info(
			connection, MHD_CONNECTION_INFO_CONNECTION_FD);
		/* without a record the connection is only unwatched */
		if (!info || !(c = calloc(1, sizeof(*c))))
			return;
		c->watch = w;
		c->fd = info->connect_fd;
		c->head_since = now_ms();
		c->send_since = -1;
		pthread_mutex_lock(&w->lock);
		c->next = w->connections;
		if (c->next)
			c->next->prev = c;
		w->connections = c;
		pthread_mutex_unlock(&w->lock);
		*socket_context = c;
		return;
	}
	/* closed: libmicrohttpd closes the socket after this returns, so
	 * the thread never shuts down a number reused by another */
	if (!c)
		return;
	pthread_mutex_lock(&w->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		w->connections = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&w->lock);
	free(c);
	*socket_context = NULL;
}

/*
 * Sets a connection's clocks. The thread need not be woken: it looks again
 * at most the shorter bound after it last looked, which is no later than
 * a clock started now falls due.
 */
static void set_clocks(struct MHD_Connection *connection, long long head_since,
		       long long send_since)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
		connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	watched *c = info ? info->socket_context : NULL;
	if (!c)
		return;
	pthread_mutex_lock(&c->watch->lock);
	c->head_since = head_since;
	c->send_since = send_since;
	pthread_mutex_unlock(&c->watch->lock);
}

void serve_watch_head_read(struct MHD_Connection *connection)
{
	set_clocks(connection, -1, -1);
}

void serve_watch_send_begin(struct MHD_Connection *connection)
{
	set_clocks(connection, -1, now_ms());
}

void serve_watch_head_next(struct MHD_Connection *connection)
{
	set_clocks(connection, now_ms(), -1);
}

int serve_job_begin(serve_job *job, serve_watch *watch,
		    struct MHD_Connection *connection, int timeout_ms)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
		connection, MHD_CONNECTION_INFO_CONNECTION_FD);
	job->watch = watch;
	job->fd = info ? info->connect_fd : -1;
	job->deadline = now_ms() + timeout_ms;
	job->probed = 0;
	job->gone = 0;
	pthread_mutex_lock(&watch->lock);
	if (atomic_load(&watch->stopping)) {
		pthread_mutex_unlock(&watch->lock);
		return -1;
	}
	watch->n_jobs++;
	pthread_mutex_unlock(&watch->lock);
	current_job = job;
	return 0;
}

void serve_job_end(serve_job *job)
{
	current_job = NULL;
	pthread_mutex_lock(&job->watch->lock);
	job->watch->n_jobs--;
	pthread_cond_broadcast(&job->watch->changed);
	pthread_mutex_unlock(&job->watch->lock);
}

/*
 * Whether the client has closed or reset its end. Data waiting (a next
 * request, pipelined) means it is there; a peek takes nothing away from
 * libmicrohttpd, which reads the socket only after the answer.
 */
static int client_gone(int fd)
{
	char byte;
	ssize_t n;
	if (fd < 0)
		return 0;
	n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
			  errno != EINTR);
}

int serve_job_stopped(void *unused)
{
	serve_job *job = current_job;
	long long now;
	(void)unused;
	if (!job)
		return 0;
	if (atomic_load(&job->watch->stopping))
		return 1;
	now = now_ms();
	if (now >= job->deadline + DEADLINE_SLACK_MS)
		return 1;
	if (!job->gone && now - job->probed >= PROBE_INTERVAL_MS) {
		job->probed = now;
		job->gone = client_gone(job->fd);
	}
	return job->gone;
}

long long serve_job_left_ms(void)
{
	long long left;
	if (!current_job)
		return -1;
	left = current_job->deadline - now_ms();
	return left > 0 ? left : 0;
}

size_t serve_watch_stop(serve_watch *watch, int grace_ms)
{
	struct timespec until = at_ms(now_ms() + grace_ms);
	size_t running;
	pthread_mutex_lock(&watch->lock);
	atomic_store(&watch->stopping, 1);
	while (watch->n_jobs &&
	       pthread_cond_timedwait(&watch->changed, &watch->lock, &until) !=
		       ETIMEDOUT)
		;
	running = watch->n_jobs;
	pthread_mutex_unlock(&watch->lock);
	return running;
}

void serve_watch_free(serve_watch *watch)
{
	if (!watch)
		return;
	pthread_mutex_lock(&watch->lock);
	watch->quit = 1;
	pthread_cond_broadcast(&watch->changed);
	pthread_mutex_unlock(&watch->lock);
	pthread_join(watch->thread, NULL);
	pthread_cond_destroy(&watch->changed);
	pthread_mutex_destroy(&watch->lock);
	free(watch);
}
