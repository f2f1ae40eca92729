/*
 * Work answered by N threads and written in the order it came in. Jobs go
 * into a ring of slots; workers take them in order and leave their output
 * in the slot; the submitting thread writes finished slots from the head.
 * The ring is the reorder window: when it is full the submitter waits for
 * the head, so memory stays bounded however much work there is.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Slots per worker by default: room for uneven jobs without holding much. */
#define SLOTS_PER_WORKER 32

/* A worker: its thread, and the context its work runs with. */
typedef struct worker_thread {
	cli_pool *pool;
	pthread_t thread;
	void *ctx;
	int opened; /* whether ctx came from cli_pool_worker.open */
} worker_thread;

typedef struct slot {
	void *job;
	size_t units; /* what the job counts for on the progress line */
	cp_buf out;
	int outcome;
	int done;
} slot;

struct cli_pool {
	cli_pool_ops ops;
	cli_pool_worker worker;
	size_t n_threads;
	/* one per thread, or one for the work done in cli_pool_submit */
	worker_thread *workers;
	size_t n_workers;
	size_t n_started;
	slot *slots;
	size_t n_slots;
	/* sequence numbers: taken <= submitted, written <= submitted */
	size_t submitted, taken, written;
	int stopping;
	int status; /* the first exit code emit returned */
	pthread_mutex_t lock;
	pthread_cond_t work_ready, work_done;
	/* progress */
	const char *unit;
	size_t total;
	size_t units_written;
	int progress;
	struct timespec started, shown;
	int showing;
};

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* done/total, rate and time left, redrawn at most five times a second
 * once the work has lasted a second. */
static void show_progress(cli_pool *pool, int last)
{
	double elapsed = seconds_since(&pool->started), rate;
	if (!pool->progress || elapsed < 1 ||
	    (!last && pool->showing && seconds_since(&pool->shown) < 0.2))
		return;
	rate = (double)pool->units_written / elapsed;
	if (pool->total && rate > 0)
		fprintf(stderr,
			"\rcareerpath: %zu/%zu %s, %.0f/s, %.0f s left\033[K",
			pool->units_written, pool->total, pool->unit, rate,
			(double)(pool->total - pool->units_written) / rate);
	else
		fprintf(stderr, "\rcareerpath: %zu %s, %.0f/s\033[K",
			pool->units_written, pool->unit, rate);
	clock_gettime(CLOCK_MONOTONIC, &pool->shown);
	pool->showing = 1;
}

static void *work_loop(void *arg)
{
	worker_thread *self = arg;
	cli_pool *pool = self->pool;
	for (;;) {
		slot *s;
		int outcome;
		pthread_mutex_lock(&pool->lock);
		while (pool->taken == pool->submitted && !pool->stopping)
			pthread_cond_wait(&pool->work_ready, &pool->lock);
		if (pool->taken == pool->submitted) {
			pthread_mutex_unlock(&pool->lock);
			return NULL;
		}
		s = &pool->slots[pool->taken++ % pool->n_slots];
		pthread_mutex_unlock(&pool->lock);
		outcome = pool->ops.work(self->ctx, s->job, &s->out);
		pthread_mutex_lock(&pool->lock);
		s->outcome = outcome;
		s->done = 1;
		pthread_cond_broadcast(&pool->work_done);
		pthread_mutex_unlock(&pool->lock);
	}
}

static void emit(cli_pool *pool, slot *s)
{
	int status = 0;
	if (!pool->status)
		status = pool->ops.emit(pool->ops.ctx, s->job, &s->out,
					s->outcome);
	if (status && !pool->status)
		pool->status = status;
	pool->ops.free_job(s->job);
	s->job = NULL;
	cp_buf_clear(&s->out);
	pool->written++;
	pool->units_written += s->units;
	show_progress(pool, 0);
}

/* Writes finished slots from the head; with wait, until one is free. */
static void drain(cli_pool *pool, int wait_for_room, int wait_for_all)
{
	for (;;) {
		slot *s;
		pthread_mutex_lock(&pool->lock);
		s = &pool->slots[pool->written % pool->n_slots];
		while (pool->written < pool->submitted && !s->done &&
		       (wait_for_all ||
			(wait_for_room &&
			 pool->submitted - pool->written >= pool->n_slots)))
			pthread_cond_wait(&pool->work_done, &pool->lock);
		if (pool->written == pool->submitted || !s->done) {
			pthread_mutex_unlock(&pool->lock);
			return;
		}
		s->done = 0;
		pthread_mutex_unlock(&pool->lock);
		/* workers never touch a done slot until it is submitted again
		 */
		emit(pool, s);
	}
}

int cli_pool_start(cli_pool **out, const cli_pool_ops *ops,
		   const cli_pool_worker *worker, size_t n_threads,
		   size_t slots_per_worker, const char *unit, size_t total)
{
	cli_pool *pool = calloc(1, sizeof(*pool));
	size_t i;
	*out = NULL;
	if (!pool)
		goto oom;
	pool->ops = *ops;
	if (worker)
		pool->worker = *worker;
	pool->n_threads = n_threads > 1 ? n_threads : 0;
	if (!slots_per_worker)
		slots_per_worker = SLOTS_PER_WORKER;
	pool->n_slots = pool->n_threads ? slots_per_worker * n_threads : 1;
	pool->n_workers = pool->n_threads ? pool->n_threads : 1;
	pool->unit = unit;
	pool->total = total;
	pool->progress = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &pool->started);
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->work_ready, NULL);
	pthread_cond_init(&pool->work_done, NULL);
	*out = pool;
	if (!(pool->slots = calloc(pool->n_slots, sizeof(*pool->slots))) ||
	    !(pool->workers = calloc(pool->n_workers, sizeof(*pool->workers))))
		goto oom;
	for (i = 0; i < pool->n_slots; i++)
		cp_buf_init(&pool->slots[i].out);
	for (i = 0; i < pool->n_workers; i++) {
		worker_thread *w = &pool->workers[i];
		int status;
		w->pool = pool;
		w->ctx = ops->ctx;
		if (pool->worker.open) {
			if ((status = pool->worker.open(&w->ctx, ops->ctx)))
				return status;
			w->opened = 1;
		}
	}
	for (i = 0; i < pool->n_threads; i++) {
		int failed = pthread_create(&pool->workers[i].thread, NULL,
					    work_loop, &pool->workers[i]);
		if (failed) {
			cli_error("cannot start a thread: %s",
				  strerror(failed));
			return EXIT_IO;
		}
		pool->n_started++;
	}
	return 0;
oom:
	cli_error("out of memory");
	return EXIT_IO;
}

int cli_pool_submit(cli_pool *pool, void *job, size_t units)
{
	slot *s;
	if (pool->status) {
		pool->ops.free_job(job);
		return pool->status;
	}
	if (!pool->n_threads) {
		s = &pool->slots[0];
		s->job = job;
		s->units = units;
		s->outcome = pool->ops.work(pool->workers[0].ctx, job, &s->out);
		pool->submitted++;
		emit(pool, s);
		return pool->status;
	}
	drain(pool, 1, 0);
	pthread_mutex_lock(&pool->lock);
	s = &pool->slots[pool->submitted++ % pool->n_slots];
	s->job = job;
	s->units = units;
	pthread_cond_signal(&pool->work_ready);
	pthread_mutex_unlock(&pool->lock);
	drain(pool, 0, 0);
	return pool->status;
}

int cli_pool_finish(cli_pool *pool)
{
	int status;
	size_t i;
	if (!pool)
		return 0;
	if (pool->slots)
		drain(pool, 0, 1);
	pthread_mutex_lock(&pool->lock);
	pool->stopping = 1;
	pthread_cond_broadcast(&pool->work_ready);
	pthread_mutex_unlock(&pool->lock);
	for (i = 0; i < pool->n_started; i++)
		pthread_join(pool->workers[i].thread, NULL);
	for (i = 0; pool->workers && i < pool->n_workers; i++)
		if (pool->workers[i].opened)
			pool->worker.close(pool->workers[i].ctx);
	/* jobs left by a failed start */
	for (i = 0; pool->slots && i < pool->n_slots; i++) {
		if (pool->slots[i].job)
			pool->ops.free_job(pool->slots[i].job);
		cp_buf_free(&pool->slots[i].out);
	}
	if (pool->showing) {
		show_progress(pool, 1);
		fputc('\n', stderr);
	}
	status = pool->status;
	pthread_cond_destroy(&pool->work_ready);
	pthread_cond_destroy(&pool->work_done);
	pthread_mutex_destroy(&pool->lock);
	free(pool->slots);
	free(pool->workers);
	free(pool);
	return status;
}

/* A whole number from 1 to max written in full; 0 or -1. */
static int read_whole(size_t *out, const char *text, size_t len, size_t max)
{
	size_t value = 0, i;
	for (i = 0; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
		value = value * 10 + (size_t)(text[i] - '0');
		if (value > max)
			return -1;
	}
	if (!len || i < len || value < 1)
		return -1;
	*out = value;
	return 0;
}

int cli_read_parallel(size_t *jobs, size_t *shard, size_t *n_shards,
		      const cli_args *args, const cli_command *cmd)
{
	const char *jobs_text = cli_value(args, cmd, "jobs");
	const char *shard_text = cli_value(args, cmd, "shard");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	*jobs = cores > 0 ? (size_t)cores : 1;
	*shard = 0;
	*n_shards = 1;
	if (jobs_text &&
	    read_whole(jobs, jobs_text, strlen(jobs_text), CLI_MAX_JOBS)) {
		cli_error("option '--jobs' takes a whole number from 1 to %d, "
			  "not '%s'",
			  CLI_MAX_JOBS, jobs_text);
		return EXIT_USAGE;
	}
	if (shard_text) {
		size_t i, slash = strcspn(shard_text, "/");
		if (!shard_text[slash] ||
		    read_whole(&i, shard_text, slash, (size_t)1 << 40) ||
		    read_whole(n_shards, shard_text + slash + 1,
			       strlen(shard_text + slash + 1),
			       (size_t)1 << 40) ||
		    i > *n_shards) {
			cli_error("option '--shard' takes I/N with 1 <= I <= "
				  "N, such as 2/8, not '%s'",
				  shard_text);
			return EXIT_USAGE;
		}
		*shard = i - 1;
	}
	return 0;
}

int cli_output_open(cli_output *out, const char *path)
{
	cp_error err;
	int status;
	struct stat st;
	out->stream = stdout;
	out->file = NULL;
	out->special = NULL;
	out->path = NULL;
	if (!path || !strcmp(path, "-"))
		return 0;
	out->path = path;
	/* a device or a pipe (/dev/null) is written as it is, never
	 * replaced */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		if (!(out->special = fopen(path, "w"))) {
			cli_error("%s: cannot open: %s", path, strerror(errno));
			return EXIT_IO;
		}
		out->stream = out->special;
		return 0;
	}
	if ((status = cp_atomic_open(&out->file, path, &err)))
		return cli_fail(status, &err);
	out->stream = cp_atomic_stream(out->file);
	return 0;
}

/* The error of a failed write, naming the file -o named. */
static int cannot_write(const cli_output *out)
{
	if (out->path)
		cli_error("%s: cannot write: %s", out->path, strerror(errno));
	else
		cli_error("cannot write the output: %s", strerror(errno));
	return EXIT_IO;
}

int cli_output_close(cli_output *out, int ok)
{
	cp_error err;
	int status;
	if (out->special) {
		status = fclose(out->special);
		out->special = NULL;
		if (status && ok)
			return cannot_write(out);
		return 0;
	}
	if (!out->file)
		return ok ? cli_flush() : 0;
	if (!ok) {
		cp_atomic_abort(out->file);
		out->file = NULL;
		return 0;
	}
	status = cp_atomic_commit(out->file, &err);
	out->file = NULL;
	return status ? cli_fail(status, &err) : 0;
}

int cli_output_write(cli_output *out, const cp_buf *buf)
{
	if (!buf->size ||
	    fwrite(buf->ptr, 1, buf->size, out->stream) == buf->size)
		return 0;
	return cannot_write(out);
}
