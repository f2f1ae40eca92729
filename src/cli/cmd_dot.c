/*
 * careerpath dot: the graph, or the part of it around a role, as a Graphviz
 * diagram; --render draws the picture with Graphviz's dot program.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const cli_opt cmd_dot_opts[] = {
	{"from", 0, "ROLE", "only the roles up to --depth moves on from ROLE"},
	{"to", 0, "ROLE", "only the roles up to --depth moves before ROLE"},
	{"depth", 0, "N", "how far from --from and --to to go (default 1)"},
	{"cluster-by", 0, "COLUMN",
	 "group the roles by a roles.csv column, e.g. category"},
	{"label", 0, "METRIC,...", "label the moves with these metrics"},
	{"title", 0, "TEXT", "a title at the top"},
	{"no-legend", 0, NULL, "leave out the key"},
	{"output", 'o', "FILE", "write to FILE (atomically), not to stdout"},
	{"render", 0, "FORMAT", "draw the picture: svg, png or pdf (Graphviz)"},
	{NULL, 0, NULL, NULL},
};

static int parse_depth(size_t *out, const char *text)
{
	size_t depth = 0;
	const char *p;
	int ok = *text != '\0';
	for (p = text; *p && ok; p++) {
		ok = *p >= '0' && *p <= '9' && depth <= (SIZE_MAX - 9) / 10;
		if (ok)
			depth = depth * 10 + (size_t)(*p - '0');
	}
	if (!ok) {
		cli_error("bad depth '%s' (expected a whole number of moves, "
			  "0 or more)",
			  text);
		return EXIT_USAGE;
	}
	*out = depth;
	return 0;
}

static int set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* How long poll may wait until deadline (-1: no deadline); 0 when past. */
static int wait_ms(long long deadline)
{
	long long left;
	if (deadline < 0)
		return -1;
	left = deadline - now_ms();
	return left <= 0 ? 0 : left > 1000000 ? 1000000 : (int)left;
}

/* How often a drawing that can be stopped looks whether to stop. */
enum { STOP_CHECK_MS = 100 };

/*
 * Feeds dot_text to the running dot on *to_dot, closing it when all is
 * sent, and collects what dot prints from from_dot. Both at once, so that
 * neither side waits on a full pipe. Returns 0 or an errno value
 * (ETIMEDOUT once deadline, in now_ms() time, has passed; -1: none;
 * ECANCELED once stop, if not NULL, says so).
 */
static int exchange(cp_buf *out, const cp_buf *dot_text, int *to_dot,
		    int from_dot, long long deadline, int (*stop)(void *),
		    void *stop_arg)
{
	size_t sent = 0;
	char chunk[65536];
	struct pollfd fds[2] = {{from_dot, POLLIN, 0}, {*to_dot, POLLOUT, 0}};
	for (;;) {
		ssize_t n;
		int ready, wait;
		if (sent == dot_text->size && *to_dot >= 0) {
			close_fd(to_dot);
			fds[1].fd = -1;
		}
		if (fds[0].fd < 0 && fds[1].fd < 0)
			return 0;
		if (deadline >= 0 && !wait_ms(deadline))
			return ETIMEDOUT;
		if (stop && stop(stop_arg))
			return ECANCELED;
		wait = wait_ms(deadline);
		if (stop && (wait < 0 || wait > STOP_CHECK_MS))
			wait = STOP_CHECK_MS;
		if ((ready = poll(fds, 2, wait)) == 0)
			continue;
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (fds[1].fd >= 0 && fds[1].revents) {
			n = write(*to_dot, dot_text->ptr + sent,
				  dot_text->size - sent);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return errno;
			sent += n > 0 ? (size_t)n : 0;
		}
		if (fds[0].fd >= 0 && fds[0].revents) {
			n = read(from_dot, chunk, sizeof(chunk));
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return errno;
			if (n > 0 && cp_buf_put(out, chunk, (size_t)n))
				return ENOMEM;
			if (n == 0)
				fds[0].fd = -1;
		}
	}
}

/*
 * Held from making a drawing's pipes to closing the child's ends of them
 * after the spawn: a dot started by another thread meanwhile would
 * inherit them, and one holding the write end of another's output keeps
 * that one from ever seeing its end.
 */
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

int cli_render(cp_buf *out, const cp_buf *dot_text, const char *format,
	       int timeout_ms, int (*stop)(void *), void *stop_arg)
{
	int in[2] = {-1, -1}, from[2] = {-1, -1}, wstatus = 0, spawn_status;
	int exchanged, status = EXIT_IO;
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	posix_spawn_file_actions_t actions;
	cp_buf type = CP_BUF_INIT;
	char *argv[3];
	void (*old_sigpipe)(int);
	pid_t pid;
	/* if dot dies early, a write to it must fail, not kill us */
	old_sigpipe = signal(SIGPIPE, SIG_IGN);
	pthread_mutex_lock(&spawn_lock);
	if (cp_buf_printf(&type, "-T%s", format) || pipe(in) || pipe(from) ||
	    fcntl(in[1], F_SETFD, FD_CLOEXEC) ||
	    fcntl(from[0], F_SETFD, FD_CLOEXEC) || set_nonblocking(in[1])) {
		pthread_mutex_unlock(&spawn_lock);
		cli_error("cannot start Graphviz's 'dot': %s", strerror(errno));
		goto cleanup;
	}
	argv[0] = "dot";
	argv[1] = type.ptr;
	argv[2] = NULL;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, in[0], 0);
	posix_spawn_file_actions_adddup2(&actions, from[1], 1);
	spawn_status = posix_spawnp(&pid, "dot", &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	close_fd(&in[0]);
	close_fd(&from[1]);
	pthread_mutex_unlock(&spawn_lock);
	if (spawn_status == ENOENT) {
		cli_error("Graphviz's 'dot' program is not installed (on "
			  "Debian: apt-get install graphviz)");
		goto cleanup;
	}
	if (spawn_status) {
		cli_error("cannot start Graphviz's 'dot': %s",
			  strerror(spawn_status));
		goto cleanup;
	}
	exchanged = exchange(out, dot_text, &in[1], from[0], deadline, stop,
			     stop_arg);
	if (exchanged == ETIMEDOUT || exchanged == ECANCELED)
		kill(pid, SIGKILL);
	/* closed first, so that a dot we stopped listening to cannot hang */
	close_fd(&in[1]);
	close_fd(&from[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (exchanged == ETIMEDOUT)
		cli_error("Graphviz's 'dot' took longer than %d ms to draw "
			  "the %s picture",
			  timeout_ms, format);
	else if (exchanged == ECANCELED)
		cli_error("stopped drawing the %s picture", format);
	else if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus))
		cli_error("Graphviz's 'dot' could not draw the %s picture "
			  "(exit status %d)",
			  format,
			  WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
					     : 128 + WTERMSIG(wstatus));
	else if (exchanged)
		cli_error(
			"cannot pass the diagram through Graphviz's 'dot': %s",
			strerror(exchanged));
	else
		status = 0;
cleanup:
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&from[0]);
	close_fd(&from[1]);
	signal(SIGPIPE, old_sigpipe);
	cp_buf_free(&type);
	return status;
}

static int check_render_format(const char *format)
{
	if (!strcmp(format, "svg") || !strcmp(format, "png") ||
	    !strcmp(format, "pdf"))
		return 0;
	cli_error("unknown picture format '%s' (expected svg, png or pdf)",
		  format);
	return EXIT_USAGE;
}

int cmd_dot(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *from = cli_value(args, cmd, "from");
	const char *to = cli_value(args, cmd, "to");
	const char *depth = cli_value(args, cmd, "depth");
	const char *labels = cli_value(args, cmd, "label");
	const char *output = cli_value(args, cmd, "output");
	const char *format = cli_value(args, cmd, "render");
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t label_metrics[CLI_MAX_REPEAT];
	cp_buf dot_text = CP_BUF_INIT, picture = CP_BUF_INIT;
	const cp_buf *result = &dot_text;
	cp_error err;
	int status = 0;

	if (depth && !from && !to) {
		cli_error("option '--depth' needs --from or --to");
		status = EXIT_USAGE;
		goto cleanup;
	}
	if ((depth && (status = parse_depth(&opts.depth, depth))) ||
	    (format && (status = check_render_format(format))) ||
	    (labels &&
	     (status = cli_read_metrics(label_metrics, &opts.n_label_metrics,
					ctx->graph, labels, "--label", 0))))
		goto cleanup;
	if ((from && (status = cp_role_find(&opts.around_from, ctx->graph, from,
					    &err))) ||
	    (to &&
	     (status = cp_role_find(&opts.around_to, ctx->graph, to, &err)))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	opts.label_metrics = label_metrics;
	opts.cluster_by = cli_value(args, cmd, "cluster-by");
	opts.title = cli_value(args, cmd, "title");
	opts.legend = !cli_value(args, cmd, "no-legend");
	if ((status = cp_dot_write(&dot_text, ctx->graph, &opts, &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	if (format) {
		if ((status = cli_render(&picture, &dot_text, format, -1, NULL,
					 NULL)))
			goto cleanup;
		result = &picture;
	}
	if (!output)
		status = cli_emit(result);
	else if ((status = cp_file_write_atomic(output, result->ptr,
						result->size, &err)))
		status = cli_fail(status, &err);
cleanup:
	cp_buf_free(&dot_text);
	cp_buf_free(&picture);
	return status;
}
