/*
 * The drawings of careerpath serve (serve_render.h). Each runs its own dot,
 * so one slow drawing holds up no other; the bound on how many run at once
 * keeps a burst of them from taking every core and the memory of a dot
 * each.
 */
#include "serve_render.h"

#include "cli.h"
#include "serve_watch.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t places_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t place_freed = PTHREAD_COND_INITIALIZER;
static int places_taken;

/* How often a request waiting for a place looks whether to stop. */
enum { WAIT_SLICE_MS = 100 };

/* The wall clock, which is the clock of place_freed's timed waits. */
static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Takes a place before deadline (now_ms() time); 0, or -1 without one. */
static int take_place(long long deadline)
{
	int taken = 0;
	pthread_mutex_lock(&places_lock);
	for (;;) {
		long long now = now_ms(), until = now + WAIT_SLICE_MS;
		struct timespec t;
		if (places_taken < SERVE_RENDERERS) {
			places_taken++;
			taken = 1;
			break;
		}
		if (now >= deadline || serve_job_stopped(NULL))
			break;
		if (until > deadline)
			until = deadline;
		t.tv_sec = (time_t)(until / 1000);
		t.tv_nsec = (long)(until % 1000) * 1000000;
		pthread_cond_timedwait(&place_freed, &places_lock, &t);
	}
	pthread_mutex_unlock(&places_lock);
	return taken ? 0 : -1;
}

static void give_place(void)
{
	pthread_mutex_lock(&places_lock);
	places_taken--;
	pthread_cond_signal(&place_freed);
	pthread_mutex_unlock(&places_lock);
}

int serve_render(cp_buf *out, const cp_buf *dot_text, const char *format,
		 int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms, left;
	int status;
	if (take_place(deadline)) {
		if (serve_job_stopped(NULL))
			cli_error("stopped drawing the %s picture", format);
		else
			cli_error("all %d of the server's drawings were busy "
				  "for %d ms",
				  SERVE_RENDERERS, timeout_ms);
		return EXIT_IO;
	}
	left = deadline - now_ms();
	status = cli_render(out, dot_text, format, (int)(left > 0 ? left : 1),
			    serve_job_stopped, NULL);
	give_place();
	return status;
}
