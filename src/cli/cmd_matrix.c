/*
 * careerpath matrix: the many-to-many cost matrix, one row query per
 * origin (a single-source search that stops once the targets are
 * settled), origins answered on several threads in order. A last column,
 * reason, says why a row has empty cells, as batch's reason column does.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cmd_matrix_opts[] = {
	{"from", 0, "ROLES", "origins, separated by commas (default: all)"},
	{"to", 0, "ROLES", "targets, separated by commas (default: all)"},
	{"by", 'b', CLI_WORD, NULL},
	{"max-zone-jump", 0, CLI_WORD, NULL},
	{"max-education", 0, CLI_WORD, NULL},
	{"step-max", 0, CLI_WORD, NULL},
	{"growing", 0, CLI_WORD, NULL},
	{"min-openings", 0, CLI_WORD, NULL},
	{"max-payback", 0, CLI_WORD, NULL},
	{"output", 'o', "FILE", "write to FILE (atomically) instead of stdout"},
	{"jobs", 'j', "N",
	 "search on N threads (default: the number of cores)"},
	{"shard", 0, "I/N",
	 "answer only origins I, I+N, I+2N, ... of N shards"},
	{NULL, 0, NULL, NULL},
};

typedef struct matrix {
	const cp_graph *graph;
	const cp_cost *cost;
	const size_t *to;
	size_t n_to;
	cp_query rules; /* the cost and career rules of every search */
	unsigned char *has_moves; /* per role: it or a role it is a kind of
				     has a transition out */
	cli_output output;
} matrix;

/* Which roles have moves: a transition out of them or of a role they are
 * a kind of (what batch's "no moves from origin" looks at). */
static unsigned char *roles_with_moves(const cp_graph *g)
{
	size_t n = cp_graph_role_count(g), t, role, r;
	unsigned char *own = calloc(n ? n : 1, 1), *any = calloc(n ? n : 1, 1);
	if (own && any) {
		for (t = 0; t < cp_graph_transition_count(g); t++)
			own[cp_transition_from(g, t)] = 1;
		for (role = 0; role < n; role++)
			for (r = role; r != CP_NO_ROLE && !any[role];
			     r = cp_role_parent(g, r))
				any[role] = own[r];
	}
	free(own);
	if (!own) {
		free(any);
		return NULL;
	}
	return any;
}

/*
 * Why the row's empty cells have no route: its origin has no moves, or
 * the targets are out of reach (under the career rules, or left out by
 * the destination rules: which of the two would take a search per cell);
 * empty when every cell has a route.
 */
static const char *row_reason(const matrix *m, const cp_routes *row)
{
	size_t i;
	if (!m->has_moves[row->from])
		return "no moves from origin";
	for (i = 0; i < row->count; i++)
		if (isinf(row->items[i].cost))
			return m->rules.n_rules || row->left_out
				       ? "unreachable or filtered by rules"
				       : "unreachable";
	return "";
}

/* A worker's own: the workspace its searches run in, kept for the whole
 * run so that each search costs only what it reaches. */
typedef struct searcher {
	matrix *m;
	cp_workspace *ws;
} searcher;

static int open_searcher(void **out, void *ctx)
{
	matrix *m = ctx;
	searcher *s = calloc(1, sizeof(*s));
	cp_error err;
	if (!s || cp_workspace_new(&s->ws, m->graph, &err)) {
		free(s);
		cli_error("out of memory");
		return EXIT_IO;
	}
	s->m = m;
	*out = s;
	return 0;
}

static void close_searcher(void *worker_ctx)
{
	searcher *s = worker_ctx;
	cp_workspace_free(s->ws);
	free(s);
}

static int search_origin(void *worker_ctx, void *job, cp_buf *out)
{
	searcher *s = worker_ctx;
	matrix *m = s->m;
	cp_query q = CP_QUERY_INIT;
	cp_routes *row = NULL;
	cp_error err;
	int status;
	cp_error_clear(&err);
	q.kind = CP_QUERY_ROW;
	q.from = *(size_t *)job;
	q.cost = m->cost;
	q.rules = m->rules.rules;
	q.n_rules = m->rules.n_rules;
	q.growing = m->rules.growing;
	q.has_min_openings = m->rules.has_min_openings;
	q.min_openings = m->rules.min_openings;
	q.has_max_payback = m->rules.has_max_payback;
	q.max_payback = m->rules.max_payback;
	q.targets = m->to;
	q.n_targets = m->n_to;
	q.workspace = s->ws;
	if ((status = cp_search(&row, m->graph, &q, &err)) ||
	    (status = cp_matrix_write(out, m->graph, row))) {
		cp_buf_clear(out);
		cp_buf_printf(out, "%s", err.text);
	} else {
		/* the reason goes before the line's end */
		out->ptr[--out->size] = '\0';
		if (cp_buf_printf(out, ",%s\n", row_reason(m, row)))
			status = CP_ENOMEM;
	}
	cp_routes_free(row);
	return status;
}

static int write_row(void *ctx, void *job, const cp_buf *out, int outcome)
{
	matrix *m = ctx;
	(void)job;
	if (outcome) {
		cli_error("%s",
			  outcome == CP_ENOMEM ? "out of memory" : out->ptr);
		return cli_exit_code(outcome);
	}
	return cli_output_write(&m->output, out);
}

/* A list of roles separated by commas, or every role when list is NULL. */
static int read_roles(size_t **out, size_t *n_out, const cp_graph *g,
		      const char *list, const char *option)
{
	size_t n = 0, i, len, count = 1;
	cp_error err;
	int status = 0;
	if (!list) {
		count = cp_graph_role_count(g);
	} else {
		for (i = 0; list[i]; i++)
			count += list[i] == ',';
	}
	if (!(*out = calloc(count ? count : 1, sizeof(size_t)))) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	for (n = 0; !list && n < count; n++)
		(*out)[n] = n;
	while (list) {
		char *name;
		len = strcspn(list, ",");
		if (!(name = strndup(list, len))) {
			cli_error("out of memory");
			return EXIT_IO;
		}
		status = cp_role_find(&(*out)[n], g, name, &err);
		free(name);
		if (status) {
			cli_error("%s in option '%s'", err.message, option);
			return cli_exit_code(status);
		}
		n++;
		list = list[len] ? list + len + 1 : NULL;
	}
	*n_out = n;
	return 0;
}

int cmd_matrix(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	cli_pool_ops ops = {search_origin, write_row, free, NULL};
	cli_pool_worker worker = {open_searcher, close_searcher};
	matrix m;
	cli_pool *pool = NULL;
	size_t *from = NULL, *to = NULL, n_from = 0, n_to = 0, jobs, shard,
	       n_shards, i;
	cp_buf header = CP_BUF_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_query rules = CP_QUERY_INIT;
	int status, finished, closed, failed;

	memset(&m, 0, sizeof(m));
	m.output.stream = stdout;
	if ((status = cli_read_parallel(&jobs, &shard, &n_shards, args, cmd)) ||
	    (status = cli_read_query(&parts, &rules, ctx->graph, args, cmd)) ||
	    (status = read_roles(&from, &n_from, ctx->graph,
				 cli_value(args, cmd, "from"), "--from")) ||
	    (status = read_roles(&to, &n_to, ctx->graph,
				 cli_value(args, cmd, "to"), "--to")))
		goto cleanup;
	m.graph = ctx->graph;
	m.cost = rules.cost;
	m.rules = rules;
	m.to = to;
	m.n_to = n_to;
	ops.ctx = &m;
	if (!(m.has_moves = roles_with_moves(ctx->graph))) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if ((status = cli_output_open(&m.output,
				      cli_value(args, cmd, "output"))))
		goto cleanup;
	/* the header's last column: reason */
	failed = cp_matrix_header(&header, ctx->graph, to, n_to);
	if (!failed) {
		header.ptr[--header.size] = '\0';
		failed = cp_buf_puts(&header, ",reason\n");
	}
	if (failed) {
		cli_error("out of memory");
		status = EXIT_IO;
	} else if (!(status = cli_output_write(&m.output, &header))) {
		status = cli_pool_start(
			&pool, &ops, &worker, jobs, 0, "origins",
			(n_from + n_shards - 1 - shard) / n_shards);
	}
	for (i = shard; !status && i < n_from; i += n_shards) {
		size_t *job = malloc(sizeof(*job));
		if (!job) {
			cli_error("out of memory");
			status = EXIT_IO;
			break;
		}
		*job = from[i];
		status = cli_pool_submit(pool, job, 1);
	}
	finished = cli_pool_finish(pool);
	if (!status)
		status = finished;
	closed = cli_output_close(&m.output, !status);
	if (!status)
		status = closed;
cleanup:
	if (m.output.file || m.output.special)
		cli_output_close(&m.output, 0);
	cp_buf_free(&header);
	cp_query_parts_free(&parts);
	free(m.has_moves);
	free(from);
	free(to);
	return status;
}
