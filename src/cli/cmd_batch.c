/*
 * careerpath batch [FILE|-]: one query per CSV row, answered on several
 * threads over the one loaded graph, written in input order as the rows
 * stream through.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bad rows named one by one on stderr before the rest are only counted. */
#define SHOWN_BAD_ROWS 10

const cli_opt cmd_batch_opts[] = {
	{"format", 'f', "FORMAT", "csv (default) or jsonl (JSON Lines)"},
	{"output", 'o', "FILE", "write to FILE (atomically) instead of stdout"},
	{"jobs", 'j', "N",
	 "answer on N threads (default: the number of cores)"},
	{"shard", 0, "I/N", "answer only rows I, I+N, I+2N, ... of N shards"},
	{"limit", 0, "N",
	 "give up a row after N search labels "
	 "(default 2000000)"},
	{NULL, 0, NULL, NULL},
};

typedef struct batch {
	const cp_graph *graph;
	const char *name; /* the input, for messages */
	cp_format format;
	size_t limit;
	size_t shard, n_shards;
	size_t jobs;
	cli_output output;
	cli_pool *pool;
	cp_batch_layout *layout;
	size_t rows; /* data rows read, in every shard */
	size_t answered, no_route, bad, limited, failed;
	int status; /* an exit code that stopped the batch */
} batch;

/*
 * A worker's own: the workspace its rows' searches run in, so that a row
 * costs only its search. The workspace keeps the arc costs of one cost;
 * rows under another cost run without it (as a lone query does) until
 * two in a row share a cost, so that rows alternating between costs do
 * not work out every transition's cost again for each row.
 */
typedef struct answerer {
	batch *b;
	cp_workspace *ws;
	char *ws_cost;	 /* the cost the workspace is kept for, or NULL */
	char *last_cost; /* the cost of the worker's previous row */
} answerer;

static int open_answerer(void **out, void *ctx)
{
	batch *b = ctx;
	answerer *a = calloc(1, sizeof(*a));
	cp_error err;
	if (!a || cp_workspace_new(&a->ws, b->graph, &err)) {
		free(a);
		cli_error("out of memory");
		return EXIT_IO;
	}
	a->b = b;
	*out = a;
	return 0;
}

static void close_answerer(void *worker_ctx)
{
	answerer *a = worker_ctx;
	cp_workspace_free(a->ws);
	free(a->ws_cost);
	free(a->last_cost);
	free(a);
}

/* The workspace for a row under cost, or NULL to run it without. */
static cp_workspace *workspace_for(answerer *a, const cp_cost *cost)
{
	const char *text = cost ? cp_cost_text(cost) : "steps";
	int repeated = a->last_cost && !strcmp(a->last_cost, text);
	if (!repeated) {
		free(a->last_cost);
		a->last_cost = strdup(text);
	}
	if (a->ws_cost && !strcmp(a->ws_cost, text))
		return a->ws;
	if (!repeated)
		return NULL;
	free(a->ws_cost);
	a->ws_cost = strdup(text);
	return a->ws;
}

/* What became of a row, in order of precedence for the exit status. */
enum { ROW_ANSWERED, ROW_NO_ROUTE, ROW_LIMIT, ROW_BAD, ROW_FAILED };

static int answer(void *worker_ctx, void *job, cp_buf *out)
{
	answerer *a = worker_ctx;
	batch *b = a->b;
	cp_batch_row *row = job;
	cp_routes *routes = NULL;
	cp_error err;
	int status;
	if (!row->status)
		row->query.workspace = workspace_for(a, row->query.cost);
	status = row->status ? row->status
			     : cp_search(&routes, b->graph, &row->query, &err);
	int outcome = row->status	      ? ROW_BAD
		      : status == 0	      ? ROW_ANSWERED
		      : status == CP_ENOROUTE ? ROW_NO_ROUTE
		      : status == CP_ELIMIT   ? ROW_LIMIT
		      : status == CP_EINVALID ? ROW_BAD
					      : ROW_FAILED;
	if (outcome == ROW_BAD && !row->status) {
		/* the query was well formed field by field, but not as a whole
		 * (avoiding its own start, say): the row says why */
		row->status = status;
		row->error = err;
		row->error.line = row->line;
		row->error.column = 1;
	}
	if (cp_batch_write(out, b->graph, b->layout, row, routes, status, &err,
			   b->format))
		outcome = ROW_FAILED;
	cp_routes_free(routes);
	return outcome;
}

static int emit(void *ctx, void *job, const cp_buf *out, int outcome)
{
	batch *b = ctx;
	cp_batch_row *row = job;
	switch (outcome) {
	case ROW_ANSWERED: b->answered++; break;
	case ROW_NO_ROUTE: b->no_route++; break;
	case ROW_LIMIT: b->limited++; break;
	case ROW_BAD:
		if (b->bad++ < SHOWN_BAD_ROWS)
			cli_error("%s:%zu:%zu: %s", b->name, row->error.line,
				  row->error.column, row->error.message);
		break;
	default:
		b->failed++;
		cli_error("%s:%zu: out of memory", b->name, row->line);
		return EXIT_IO;
	}
	return cli_output_write(&b->output, out);
}

static void free_row(void *job)
{
	cp_batch_row_free(job);
}

static int start(batch *b, const cp_csv_field *fields, size_t n_fields)
{
	cli_pool_ops ops = {answer, emit, free_row, b};
	cli_pool_worker worker = {open_answerer, close_answerer};
	cp_buf header = CP_BUF_INIT;
	cp_error err;
	int status = cp_batch_layout_new(&b->layout, b->graph, fields, n_fields,
					 &err);
	if (status) {
		cli_error("%s:%zu:%zu: %s", b->name, err.line, err.column,
			  err.message);
		b->status = EXIT_DATA;
		return status;
	}
	if (cp_batch_header(&header, b->graph, b->layout, b->format)) {
		cli_error("out of memory");
		b->status = EXIT_IO;
	} else {
		b->status = cli_output_write(&b->output, &header);
	}
	cp_buf_free(&header);
	if (!b->status)
		b->status = cli_pool_start(&b->pool, &ops, &worker, b->jobs,
					   "rows", 0);
	return b->status ? CP_ERROR : 0;
}

static int on_row(void *payload, const cp_csv_field *fields, size_t n_fields)
{
	batch *b = payload;
	cp_batch_row *row;
	cp_error err;
	if (!b->layout)
		return start(b, fields, n_fields);
	if (b->rows++ % b->n_shards != b->shard)
		return 0;
	if (cp_batch_row_parse(&row, b->graph, b->layout, fields, n_fields,
			       &err)) {
		cli_error("out of memory");
		b->status = EXIT_IO;
		return CP_ENOMEM;
	}
	row->query.limit = b->limit;
	if ((b->status = cli_pool_submit(b->pool, row)))
		return CP_ERROR;
	return 0;
}

static int read_options(batch *b, const cli_args *args, const cli_command *cmd)
{
	const char *format = cli_value(args, cmd, "format");
	const char *limit = cli_value(args, cmd, "limit");
	char *end;
	if (format && !strcmp(format, "jsonl")) {
		b->format = CP_FORMAT_JSON;
	} else if (format && strcmp(format, "csv")) {
		cli_error("option '--format' takes csv or jsonl, not '%s'",
			  format);
		return EXIT_USAGE;
	}
	if (limit) {
		unsigned long long value;
		errno = 0;
		value = strtoull(limit, &end, 10);
		if (!*limit || *end || errno || *limit == '-' || !value) {
			cli_error("option '--limit' takes a whole number "
				  ">= 1, not '%s'",
				  limit);
			return EXIT_USAGE;
		}
		b->limit = (size_t)value;
	}
	return cli_read_parallel(&b->jobs, &b->shard, &b->n_shards, args, cmd);
}

/* The exit status: the worst that happened to any row. */
static int outcome_status(const batch *b)
{
	if (b->bad)
		return EXIT_DATA;
	if (b->limited)
		return EXIT_LIMIT;
	return b->no_route ? EXIT_NO_ROUTE : EXIT_ANSWER;
}

int cmd_batch(cli_ctx *ctx, const cli_args *args)
{
	const char *path = args->n_positional ? args->positional[0] : "-";
	batch b;
	FILE *in = stdin;
	cp_error err;
	int status, read_status, finish_status, closed;

	memset(&b, 0, sizeof(b));
	b.graph = ctx->graph;
	b.format = CP_FORMAT_CSV;
	b.name = strcmp(path, "-") ? path : "<stdin>";
	b.output.stream = stdout;
	if ((status = read_options(&b, args, ctx->command)))
		return status;
	if (strcmp(path, "-") && !(in = fopen(path, "rb"))) {
		cli_error("%s: cannot open: %s", path, strerror(errno));
		return EXIT_IO;
	}
	if ((status = cli_output_open(&b.output,
				      cli_value(args, ctx->command, "output"))))
		goto cleanup;
	read_status = cp_csv_stream(in, b.name, on_row, &b, &err);
	finish_status = cli_pool_finish(b.pool);
	if (!b.status)
		b.status = finish_status;
	if (read_status && !b.status)
		b.status = cli_fail(read_status, &err);
	status = b.status ? b.status : outcome_status(&b);
	closed = cli_output_close(&b.output, !b.status);
	if (closed && !b.status)
		status = closed;
	if (b.bad > SHOWN_BAD_ROWS)
		cli_error("%zu more bad rows (see the error column)",
			  b.bad - SHOWN_BAD_ROWS);
cleanup:
	cp_batch_layout_free(b.layout);
	if (in != stdin)
		fclose(in);
	return status;
}
