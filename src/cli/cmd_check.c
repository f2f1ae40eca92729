/* careerpath check: every problem in a graph's files, errors and warnings. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const cli_opt cmd_check_opts[] = {{NULL, 0, NULL, NULL}};

typedef struct tally {
	cp_buf *out;
	size_t errors, warnings;
	int failed;
} tally;

static void on_diag(cp_diag_kind kind, const cp_error *diag, void *payload)
{
	tally *t = payload;
	const char *label = kind == CP_DIAG_ERROR     ? "error"
			    : kind == CP_DIAG_WARNING ? "warning"
						      : "note";
	int status;
	if (kind == CP_DIAG_ERROR)
		t->errors++;
	else if (kind == CP_DIAG_WARNING)
		t->warnings++;
	if (diag->line)
		status = cp_buf_printf(t->out, "%s:%zu:%zu: %s: %s\n",
				       diag->file, diag->line, diag->column,
				       label, diag->message);
	else if (diag->file[0])
		status = cp_buf_printf(t->out, "%s: %s: %s\n", diag->file,
				       label, diag->message);
	else
		status =
			cp_buf_printf(t->out, "%s: %s\n", label, diag->message);
	if (status)
		t->failed = 1;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int cmd_check(cli_ctx *ctx, const cli_args *args)
{
	cp_buf names = CP_BUF_INIT, out = CP_BUF_INIT;
	cp_load_options opts = CP_LOAD_OPTIONS_INIT;
	cp_graph *graph = NULL;
	cp_error err;
	tally t = {&out, 0, 0, 0};
	int status;

	(void)args;
	if (cp_buf_init(&names)) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	opts.on_diag = on_diag;
	opts.payload = &t;
	status = cli_load_graphs(&graph, &names, ctx, &opts, &err);
	if (status > 0)
		goto cleanup;
	if (status && status != CP_EDATA && status != CP_EIO) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	if (graph)
		cp_buf_printf(
			&out, "%s: %zu %s, %zu %s, ", names.ptr,
			cp_graph_role_count(graph),
			plural(cp_graph_role_count(graph), "role", "roles"),
			cp_graph_transition_count(graph),
			plural(cp_graph_transition_count(graph), "transition",
			       "transitions"));
	else
		cp_buf_printf(&out, "%s: ", names.ptr);
	if (cp_buf_printf(&out, "%zu %s, %zu %s\n", t.errors,
			  plural(t.errors, "error", "errors"), t.warnings,
			  plural(t.warnings, "warning", "warnings")) ||
	    t.failed) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if (cli_emit(&out))
		status = CP_EIO;
	status = cli_exit_code(status);
cleanup:
	cp_graph_free(graph);
	cp_buf_free(&names);
	cp_buf_free(&out);
	return status;
}
