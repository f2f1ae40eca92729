/*
 * Which graph folders to load: every --graph (several make one graph),
 * else CAREERPATH_GRAPH, else the bundled medical-assistant graph. A bare name
 * (no '/') that is not a folder here names a bundled graph, looked up beside
 * the program
 * (../share/careerpath/graphs, as in the build tree and after install) and
 * then in the install prefix.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_GRAPH "medical-assistant"

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of bundled graphs beside the running program, or "". */
static int beside_program(cp_buf *out)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	cp_buf_clear(out);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	return cp_buf_printf(out, "%s/../share/careerpath/graphs", exe);
}

static int bundled(cp_buf *out, const char *name)
{
	cp_buf base = CP_BUF_INIT;
	char resolved[PATH_MAX];
	int status = beside_program(&base);
	if (!status && base.size && realpath(base.ptr, resolved)) {
		cp_buf_clear(out);
		status = cp_buf_printf(out, "%s/%s", resolved, name);
		if (!status && is_dir(out->ptr))
			goto cleanup;
	}
	cp_buf_clear(out);
	if (!status)
		status = cp_buf_printf(out, "%s/%s", CP_INSTALL_DATADIR, name);
	if (!status && !is_dir(out->ptr))
		status = CP_ENOTFOUND;
cleanup:
	cp_buf_free(&base);
	return status;
}

int cli_graph_dir(cp_buf *out, const char *option)
{
	const char *wanted = option;
	const char *env = getenv("CAREERPATH_GRAPH");
	int status;
	if (!wanted && env && *env)
		wanted = env;
	if (!wanted)
		wanted = DEFAULT_GRAPH;
	if (is_dir(wanted) || strchr(wanted, '/')) {
		struct stat st;
		cp_buf_clear(out);
		if (cp_buf_puts(out, wanted))
			return EXIT_IO;
		if (is_dir(wanted))
			return 0;
		cli_error("graph folder '%s': %s (expected a folder holding "
			  "roles.csv and transitions.csv)",
			  wanted,
			  stat(wanted, &st) ? strerror(errno) : "not a folder");
		return EXIT_IO;
	}
	status = bundled(out, wanted);
	if (status == 0)
		return 0;
	if (status == CP_ENOTFOUND)
		cli_error("no graph folder '%s' here and no bundled graph by "
			  "that name (expected a folder holding roles.csv and "
			  "transitions.csv; the bundled graph is '%s')",
			  wanted, DEFAULT_GRAPH);
	else
		cli_error("out of memory");
	return EXIT_IO;
}

/* The graph's folder name: the same wherever the folder lives. */
static int put_folder_name(cp_buf *out, const char *dir)
{
	size_t len = strlen(dir);
	const char *slash;
	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (slash = dir + len; slash > dir && slash[-1] != '/'; slash--)
		;
	return cp_buf_put(out, slash, (size_t)(dir + len - slash));
}

int cli_load_graphs(cp_graph **out, cp_buf *names, const cli_ctx *ctx,
		    const cp_load_options *opts, cp_error *err)
{
	cp_buf dirs[CLI_MAX_GRAPHS];
	const char *paths[CLI_MAX_GRAPHS];
	size_t n = ctx->n_graph_options ? ctx->n_graph_options : 1, i, made;
	int status = 0;
	*out = NULL;
	for (made = 0; made < n && !status; made++) {
		cp_buf_init(&dirs[made]);
		status = cli_graph_dir(
			&dirs[made],
			ctx->n_graph_options ? ctx->graph_options[made] : NULL);
		paths[made] = dirs[made].ptr;
		if (!status && names &&
		    ((made && cp_buf_puts(names, " + ")) ||
		     put_folder_name(names, paths[made]))) {
			cli_error("out of memory");
			status = EXIT_IO;
		}
	}
	if (!status)
		status = cp_graph_load_many(out, paths, n, opts, err);
	for (i = 0; i < made; i++)
		cp_buf_free(&dirs[i]);
	return status;
}
