/*
 * careerpath matrix: the many-to-many cost matrix, one row query per
 * origin (a single-source search that stops once the targets are
 * settled), origins answered on several threads in order. A last column,
 * reason, says why a row has empty cells, as batch's reason column does.
 * With --summary the rows are added up instead (careerpath/labour.h): the
 * people in the origins, who of them reach a target, and which targets.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cmd_matrix_opts[] = {
	{"from", 0, "ROLES", "origins, separated by commas (default: all)"},
	{"to", 0, "ROLES", "targets, separated by commas (default: all)"},
	{"by", 'b', CLI_WORD, NULL},
	{"max", 0, CLI_WORD, "keep a route total within VALUE (repeatable)"},
	{"min-gain", 0, CLI_WORD, NULL},
	{"max-zone-jump", 0, CLI_WORD, NULL},
	{"max-education", 0, CLI_WORD, NULL},
	{"step-max", 0, CLI_WORD, NULL},
	{"growing", 0, CLI_WORD, NULL},
	{"min-openings", 0, CLI_WORD, NULL},
	{"max-payback", 0, CLI_WORD, NULL},
	{"discount", 0, CLI_WORD, NULL},
	{"summary", 0, NULL,
	 "instead of the matrix, the origins' people, the share of them "
	 "that can reach a target and the targets they reach"},
	{"weight", 0, "COLUMN",
	 "with --summary: an origin's people are its number in this roles "
	 "column (default: 1 each)"},
	{"format", 'f', "FORMAT",
	 "with --summary: text (default), json or csv"},
	{"output", 'o', "FILE", "write to FILE (atomically) instead of stdout"},
	{"jobs", 'j', "N",
	 "search on N threads (default: the number of cores)"},
	{"shard", 0, "I/N",
	 "answer only origins I, I+N, I+2N, ... of N shards"},
	{NULL, 0, NULL, NULL},
};

typedef struct matrix {
	const cp_graph *graph;
	const size_t *to;
	size_t n_to;
	cp_query rules;		  /* the cost, caps and rules of every search */
	unsigned char *has_moves; /* per role: it or a role it is a kind of
				     has a transition out */
	cli_output output;
	cp_labour *labour; /* with --summary: the rows added up */
} matrix;

/* An origin to answer; with --summary, the targets it reaches. */
typedef struct origin_job {
	size_t from;
	size_t *reached;
	size_t n_reached;
} origin_job;

static void free_origin_job(void *job)
{
	origin_job *j = job;
	if (j)
		free(j->reached);
	free(j);
}

/* The targets of a row that have a route, for the summary; 0 or
 * CP_ENOMEM. */
static int keep_reached(origin_job *job, const cp_routes *row)
{
	size_t i;
	if (!(job->reached = calloc(row->count + 1, sizeof(size_t))))
		return CP_ENOMEM;
	for (i = 0; i < row->count; i++)
		if (!isinf(row->items[i].cost))
			job->reached[job->n_reached++] = row->targets[i];
	return 0;
}

/* Which roles have moves (what batch's "no moves from origin" looks at). */
static unsigned char *roles_with_moves(const cp_graph *g)
{
	size_t n = cp_graph_role_count(g);
	unsigned char *any = calloc(n ? n : 1, 1);
	if (any && cp_graph_roles_with_moves(any, g)) {
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
	origin_job *origin = job;
	cp_query q = m->rules; /* the cost, caps and rules the options read */
	cp_routes *row = NULL;
	cp_error err;
	int status;
	cp_error_clear(&err);
	q.kind = CP_QUERY_ROW;
	q.from = origin->from;
	q.targets = m->to;
	q.n_targets = m->n_to;
	q.workspace = s->ws;
	if (!(status = cp_search(&row, m->graph, &q, &err)) && m->labour) {
		status = keep_reached(origin, row);
	} else if (status || (status = cp_matrix_write(out, m->graph, row))) {
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
	origin_job *origin = job;
	cp_error err;
	int status;
	if (outcome) {
		cli_error("%s",
			  outcome == CP_ENOMEM ? "out of memory" : out->ptr);
		return cli_exit_code(outcome);
	}
	if (!m->labour)
		return cli_output_write(&m->output, out);
	status = cp_labour_add(m->labour, origin->from, origin->reached,
			       origin->n_reached, &err);
	return status ? cli_fail(status, &err) : 0;
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

/*
 * --summary, --weight and --format: the tally in m->labour and its format,
 * or neither for the matrix itself. Returns 0 or an exit code.
 */
static int read_summary(matrix *m, cp_format *format, const cli_args *args,
			const cli_command *cmd, size_t n_shards)
{
	const char *weight = cli_value(args, cmd, "weight"),
		   *format_name = cli_value(args, cmd, "format");
	cp_error err;
	int status;
	if (!cli_value(args, cmd, "summary")) {
		if (weight || format_name) {
			cli_error(
				"option '--%s' is for '--summary': the matrix "
				"itself is CSV",
				weight ? "weight" : "format");
			return EXIT_USAGE;
		}
		return 0;
	}
	if (n_shards > 1) {
		cli_error("option '--summary' adds up every origin: it takes "
			  "no '--shard'");
		return EXIT_USAGE;
	}
	if ((format_name &&
	     (status = cp_format_parse(format, format_name, &err))) ||
	    (status = cp_labour_new(&m->labour, m->graph, weight, &err))) {
		cli_error("%s in option '--%s'", err.message,
			  m->labour || !weight ? "format" : "weight");
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_matrix(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	cli_pool_ops ops = {search_origin, write_row, free_origin_job, NULL};
	cli_pool_worker worker = {open_searcher, close_searcher};
	matrix m;
	cli_pool *pool = NULL;
	size_t *from = NULL, *to = NULL, n_from = 0, n_to = 0, jobs, shard,
	       n_shards, i;
	cp_buf header = CP_BUF_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_query rules = CP_QUERY_INIT;
	cp_format format = CP_FORMAT_TEXT;
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
	m.rules = rules;
	m.to = to;
	m.n_to = n_to;
	ops.ctx = &m;
	if ((status = read_summary(&m, &format, args, cmd, n_shards)))
		goto cleanup;
	if (!(m.has_moves = roles_with_moves(ctx->graph))) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if ((status = cli_output_open(&m.output,
				      cli_value(args, cmd, "output"))))
		goto cleanup;
	/* the header's last column: reason */
	failed = !m.labour && cp_matrix_header(&header, ctx->graph, to, n_to);
	if (!failed && !m.labour) {
		header.ptr[--header.size] = '\0';
		failed = cp_buf_puts(&header, ",reason\n");
	}
	if (failed) {
		cli_error("out of memory");
		status = EXIT_IO;
	} else if (m.labour ||
		   !(status = cli_output_write(&m.output, &header))) {
		status = cli_pool_start(
			&pool, &ops, &worker, jobs, 0, "origins",
			(n_from + n_shards - 1 - shard) / n_shards);
	}
	for (i = shard; !status && i < n_from; i += n_shards) {
		origin_job *job = calloc(1, sizeof(*job));
		if (!job) {
			cli_error("out of memory");
			status = EXIT_IO;
			break;
		}
		job->from = from[i];
		status = cli_pool_submit(pool, job, 1);
	}
	finished = cli_pool_finish(pool);
	if (!status)
		status = finished;
	if (!status && m.labour) {
		if (cp_labour_write(&header, m.labour, format)) {
			cli_error("out of memory");
			status = EXIT_IO;
		} else {
			status = cli_output_write(&m.output, &header);
		}
	}
	closed = cli_output_close(&m.output, !status);
	if (!status)
		status = closed;
cleanup:
	if (m.output.file || m.output.special)
		cli_output_close(&m.output, 0);
	cp_buf_free(&header);
	cp_query_parts_free(&parts);
	cp_labour_free(m.labour);
	free(m.has_moves);
	free(from);
	free(to);
	return status;
}
