/*
 * careerpath batch [FILE|-]: one query per CSV row, answered on several
 * threads over the one loaded graph, written in input order as the rows
 * stream through. With --summary the rows are added up instead
 * (careerpath/labour.h): the people in their origins, who of them reach
 * their targets, and which targets.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bad rows named one by one on stderr before the rest are only counted. */
#define SHOWN_BAD_ROWS 10

const cli_opt cmd_batch_opts[] = {
	{"format", 'f', "FORMAT",
	 "csv (default) or jsonl (JSON Lines); with --summary text "
	 "(default), json or csv"},
	{"summary", 0, NULL,
	 "instead of the rows, the origins' people, the share of them that "
	 "can reach a target and the targets they reach"},
	{"weight", 0, "COLUMN",
	 "with --summary: an origin's people are its number in this roles "
	 "column (default: 1 each)"},
	{"output", 'o', "FILE", "write to FILE (atomically) instead of stdout"},
	{"jobs", 'j', "N",
	 "answer on N threads (default: the number of cores)"},
	{"shard", 0, "I/N", "answer only rows I, I+N, I+2N, ... of N shards"},
	{"limit", 0, CLI_WORD,
	 "give up a row after N search labels " CLI_DEFAULT_LIMIT_HELP},
	{"timeout", 0, CLI_WORD,
	 "give up a row after SECONDS of searching, where its column "
	 "'timeout' is blank or 0 (default: no deadline)"},
	{"detours", 0, CLI_WORD,
	 "keep detours among every row's k routes, as a column 'detours' "
	 "saying yes"},
	{NULL, 0, NULL, NULL},
};

typedef struct batch {
	const cp_graph *graph;
	const char *name; /* the input, for messages */
	cp_format format;
	size_t limit;
	double timeout; /* for rows that set none */
	int detours;	/* every row's k routes keep detours */
	size_t shard, n_shards;
	size_t jobs;
	size_t from_field;  /* the field of column from */
	size_t window_rows; /* rows a window holds before it may close */
	/* the windows written so far: their rows and the CPU time they took */
	size_t timed_rows;
	double timed_seconds;
	cli_output output;
	cli_pool *pool;
	struct window *window; /* the rows read and not yet handed over */
	cp_batch_layout *layout;
	size_t rows; /* data rows read, in every shard */
	size_t answered, no_route, bad, limited, failed;
	int status;	   /* an exit code that stopped the batch */
	cp_labour *labour; /* with --summary: the rows added up */
	cp_format summary_format;
} batch;

/*
 * Rows go to the workers a window at a time, as the records were read
 * (sharded, not yet parsed: what waits in the queue is small, and parsing
 * runs on every thread). Within a window, rows that ask the same question
 * of the same origin under the same cost, each of one route with no via
 * roles, are answered by one single-source search (a CP_QUERY_ROW), which
 * gives each target the route and cost a search for it alone gives. A
 * window is large enough to catch the rows of a client, small enough that
 * a worker's parsed rows stay a few megabytes.
 *
 * Where rows are dear (a search over a large graph), a window of them
 * takes seconds, and at the end one thread answers the last whole window
 * while the others wait. So on several threads a window closes after
 * about WINDOW_SECONDS of work at the rate of the windows written so
 * far (one row until then; WINDOW_ROWS at most); it closes only where
 * the origin changes, so that a client's rows, which come together, are
 * still answered together.
 */
#define WINDOW_ROWS 1024
#define WINDOW_SECONDS 0.25
/* Windows per worker in flight: one answered, others queued or written. */
#define WINDOW_SLOTS 4

/* A field of a record kept in a window: its text at offset in the text. */
typedef struct kept_field {
	size_t offset;
	size_t len;
	size_t line;
	size_t column;
} kept_field;

/* A row of a window: its record, then what became of it. */
typedef struct window_row {
	size_t first_field;
	size_t n_fields;
	size_t line;
	int unreadable; /* a record the reader could not read: message says why
			 */
	int outcome;
	/* a bad row's complaint, for stderr: its place and message */
	size_t error_line, error_column;
	char *message;
	size_t from, to; /* a row that asked: its roles, for the summary */
} window_row;

typedef struct window {
	window_row rows[WINDOW_ROWS];
	size_t n_rows;
	double seconds; /* the CPU time answering it took */
	cp_buf text;
	kept_field *fields;
	size_t n_fields, fields_alloc;
} window;

static void free_window(void *job)
{
	window *w = job;
	size_t i;
	if (!w)
		return;
	for (i = 0; i < w->n_rows; i++)
		free(w->rows[i].message);
	cp_buf_free(&w->text);
	free(w->fields);
	free(w);
}

/* Copies a record into the window; 0 or CP_ENOMEM. */
static int keep_record(window *w, const cp_csv_field *fields, size_t n_fields)
{
	window_row *row = &w->rows[w->n_rows];
	size_t i;
	if (w->n_fields + n_fields > w->fields_alloc) {
		size_t alloc = w->fields_alloc ? 2 * w->fields_alloc : 256;
		kept_field *grown;
		while (alloc < w->n_fields + n_fields)
			alloc *= 2;
		if (!(grown = realloc(w->fields, alloc * sizeof(*grown))))
			return CP_ENOMEM;
		w->fields = grown;
		w->fields_alloc = alloc;
	}
	row->first_field = w->n_fields;
	row->n_fields = n_fields;
	row->line = n_fields ? fields[0].line : 0;
	for (i = 0; i < n_fields; i++) {
		kept_field *f = &w->fields[w->n_fields++];
		f->offset = w->text.size;
		f->len = fields[i].len;
		f->line = fields[i].line;
		f->column = fields[i].column;
		if (cp_buf_put(&w->text, fields[i].text, fields[i].len) ||
		    cp_buf_put(&w->text, "", 1))
			return CP_ENOMEM;
	}
	w->n_rows++;
	return 0;
}

/* A parsed row and its place in the window. */
typedef struct ranked {
	cp_batch_row *row;
	size_t index;
} ranked;

/* Where a row's answer lies in the worker's scratch buffer. */
typedef struct span {
	size_t start, end;
} span;

/*
 * A worker's own: the workspace its searches run in, so that a search
 * costs only what it reaches, and the room a window is answered in. The
 * workspace keeps the arc costs of one cost; searches under another cost
 * run without it (as a lone query does) until two in a row share a cost,
 * so that a window whose rows turn between costs does not work out every
 * transition's cost again for each search.
 */
typedef struct answerer {
	batch *b;
	cp_workspace *ws;
	cp_cost *ws_cost;   /* the cost the workspace is kept for, or NULL */
	cp_cost *last_cost; /* the cost of the worker's previous search */
	cp_csv_field *fields;
	size_t fields_alloc;
	ranked order[WINDOW_ROWS];
	span spans[WINDOW_ROWS];
	size_t targets[WINDOW_ROWS];
	cp_buf scratch;
} answerer;

static int open_answerer(void **out, void *ctx)
{
	batch *b = ctx;
	answerer *a = calloc(1, sizeof(*a));
	cp_error err;
	if (!a || cp_buf_init(&a->scratch) ||
	    cp_workspace_new(&a->ws, b->graph, &err)) {
		if (a)
			cp_buf_free(&a->scratch);
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
	cp_cost_free(a->ws_cost);
	cp_cost_free(a->last_cost);
	free(a->fields);
	cp_buf_free(&a->scratch);
	free(a);
}

/* Whether kept, a cost the answerer keeps past its rows, weighs as cost
 * does. */
static int same_cost(const cp_cost *kept, const cp_cost *cost)
{
	return kept && !cp_cost_compare(kept, cost);
}

/* Keeps a copy of cost in *kept, parsed again from its text: the row's own
 * goes with its window. Out of memory, nothing is kept, and searches only
 * run without the workspace. */
static void keep_cost(answerer *a, cp_cost **kept, const cp_cost *cost)
{
	cp_error err;
	cp_cost_free(*kept);
	cp_cost_parse(kept, a->b->graph, cp_cost_text(cost), &err);
}

/* The workspace for a search under cost, or NULL to run it without. */
static cp_workspace *workspace_for(answerer *a, const cp_cost *cost)
{
	int repeated = same_cost(a->last_cost, cost);
	if (!repeated)
		keep_cost(a, &a->last_cost, cost);
	if (same_cost(a->ws_cost, cost))
		return a->ws;
	if (!repeated)
		return NULL;
	keep_cost(a, &a->ws_cost, cost);
	return a->ws;
}

/* What became of a row, in order of precedence for the exit status. */
enum { ROW_ANSWERED, ROW_NO_ROUTE, ROW_LIMIT, ROW_BAD, ROW_FAILED };

/* Writes a row's answer (status and err as cp_search() gave them) into
 * the scratch buffer; returns the row's outcome. */
static int write_answer(answerer *a, cp_batch_row *row, const cp_routes *routes,
			int status, const cp_error *err)
{
	batch *b = a->b;
	int outcome = row->status	      ? ROW_BAD
		      : status == 0	      ? ROW_ANSWERED
		      : status == CP_ENOROUTE ? ROW_NO_ROUTE
		      : status == CP_ELIMIT || status == CP_ETIMEOUT ||
				      status == CP_ECANCELED
			      ? ROW_LIMIT
		      : status == CP_EINVALID || status == CP_EOVERFLOW
			      ? ROW_BAD
			      : ROW_FAILED;
	if (outcome == ROW_BAD && !row->status) {
		/* the query was well formed field by field, but not as a whole
		 * (avoiding its own start, say): the row says why */
		row->status = status;
		row->error = *err;
		row->error.line = row->line;
		row->error.column = 1;
	}
	if (cp_batch_write(&a->scratch, b->graph, b->layout, row, routes,
			   status, err, b->format))
		outcome = ROW_FAILED;
	return outcome;
}

/* A row answered by a search of its own. */
static int answer_alone(answerer *a, cp_batch_row *row)
{
	cp_routes *routes = NULL;
	cp_error err;
	int status, outcome;
	cp_error_clear(&err);
	if (!row->status)
		row->query.workspace = workspace_for(a, row->query.cost);
	status = row->status
			 ? row->status
			 : cp_search(&routes, a->b->graph, &row->query, &err);
	outcome = write_answer(a, row, routes, status, &err);
	cp_routes_free(routes);
	return outcome;
}

/* Whether a row may share a search: well formed, one route, no via. */
static int can_share(const cp_batch_row *row)
{
	return row && !row->status && row->query.k <= 1 && !row->query.n_via;
}

static int compare_sizes(size_t x, size_t y)
{
	return x < y ? -1 : x > y;
}

/* Everything a query asks but its target, compared; 0 when the same. */
static int compare_questions(const cp_query *x, const cp_query *y)
{
	cp_query x_to_y = *x;
	x_to_y.to = y->to;
	return cp_query_compare(&x_to_y, y);
}

/* Rows that may share a search first, the same questions side by side,
 * then input order. */
static int by_question(const void *pa, const void *pb)
{
	const ranked *x = pa, *y = pb;
	int share_x = can_share(x->row), share_y = can_share(y->row), d = 0;
	if (share_x != share_y)
		return share_y - share_x;
	if (share_x)
		d = compare_questions(&x->row->query, &y->row->query);
	return d ? d : compare_sizes(x->index, y->index);
}

/*
 * Rows order[first .. first+n-1], one question of n >= 2 targets, by one
 * search. When that search fails as a whole (a target the query avoids,
 * the limit reached by a search that settles every target), each row is
 * answered alone, so that it says what a search for it alone says.
 */
static void answer_together(answerer *a, window *w, size_t first, size_t n)
{
	const cp_graph *graph = a->b->graph;
	cp_query q = a->order[first].row->query;
	cp_routes *routes = NULL, one;
	cp_error err;
	size_t i;
	cp_error_clear(&err);
	for (i = 0; i < n; i++)
		a->targets[i] = a->order[first + i].row->query.to;
	q.kind = CP_QUERY_ROW;
	q.to = CP_NO_ROLE;
	q.k = 1;
	q.targets = a->targets;
	q.n_targets = n;
	q.workspace = workspace_for(a, q.cost);
	if (cp_search(&routes, graph, &q, &err)) {
		for (i = first; i < first + n; i++) {
			a->spans[a->order[i].index].start = a->scratch.size;
			w->rows[a->order[i].index].outcome =
				answer_alone(a, a->order[i].row);
			a->spans[a->order[i].index].end = a->scratch.size;
		}
		return;
	}
	for (i = 0; i < n; i++) {
		const ranked *r = &a->order[first + i];
		int reached = !isinf(routes->items[i].cost);
		memset(&one, 0, sizeof(one));
		one.count = reached;
		one.items = &routes->items[i];
		a->spans[r->index].start = a->scratch.size;
		w->rows[r->index].outcome = write_answer(
			a, r->row, &one, reached ? 0 : CP_ENOROUTE, &err);
		a->spans[r->index].end = a->scratch.size;
	}
	cp_routes_free(routes);
}

/* The row of a record the reader could not read; NULL out of memory. */
static cp_batch_row *unreadable_row(const batch *b, window_row *wr)
{
	cp_batch_row *row = NULL;
	cp_error fault, err;
	cp_error_clear(&fault);
	fault.code = CP_EDATA;
	fault.line = wr->error_line;
	fault.column = wr->error_column;
	snprintf(fault.message, sizeof(fault.message), "%s", wr->message);
	/* the message goes back from the row, as every bad row's does */
	free(wr->message);
	wr->message = NULL;
	cp_batch_row_unreadable(&row, b->layout, wr->line, &fault, &err);
	return row;
}

/* The CPU time of the calling thread, in seconds. */
static double thread_seconds(void)
{
	struct timespec t;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t))
		return 0;
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Parses and answers a window; its rows' lines go to out in input order. */
static int answer_window(void *worker_ctx, void *job, cp_buf *out)
{
	answerer *a = worker_ctx;
	batch *b = a->b;
	window *w = job;
	size_t i, j, run;
	cp_error err;
	double started = thread_seconds();
	cp_buf_clear(&a->scratch);
	for (i = 0; i < w->n_rows; i++) {
		window_row *wr = &w->rows[i];
		cp_batch_row *row = NULL;
		a->order[i].index = i;
		if (wr->unreadable) {
			a->order[i].row = unreadable_row(b, wr);
			continue;
		}
		if (wr->n_fields > a->fields_alloc) {
			cp_csv_field *grown = realloc(
				a->fields, wr->n_fields * sizeof(*grown));
			if (grown) {
				a->fields = grown;
				a->fields_alloc = wr->n_fields;
			}
		}
		for (j = 0; j < wr->n_fields && j < a->fields_alloc; j++) {
			const kept_field *f = &w->fields[wr->first_field + j];
			a->fields[j].text = w->text.ptr + f->offset;
			a->fields[j].len = f->len;
			a->fields[j].line = f->line;
			a->fields[j].column = f->column;
		}
		if (wr->n_fields <= a->fields_alloc &&
		    !cp_batch_row_parse(&row, b->graph, b->layout, a->fields,
					wr->n_fields, &err)) {
			row->query.limit = b->limit;
			if (!row->query.timeout)
				row->query.timeout = b->timeout;
			row->query.detours |= b->detours;
		}
		a->order[i].row = row;
		a->order[i].index = i;
	}
	qsort(a->order, w->n_rows, sizeof(a->order[0]), by_question);
	for (i = 0; i < w->n_rows; i += run) {
		cp_batch_row *row = a->order[i].row;
		window_row *wr = &w->rows[a->order[i].index];
		for (run = 1; can_share(row) && i + run < w->n_rows &&
			      can_share(a->order[i + run].row) &&
			      !compare_questions(&row->query,
						 &a->order[i + run].row->query);
		     run++)
			;
		if (run > 1) {
			answer_together(a, w, i, run);
			continue;
		}
		a->spans[a->order[i].index].start = a->scratch.size;
		wr->outcome = row ? answer_alone(a, row) : ROW_FAILED;
		a->spans[a->order[i].index].end = a->scratch.size;
	}
	for (i = 0; i < w->n_rows; i++) {
		cp_batch_row *row = a->order[i].row;
		window_row *wr = &w->rows[a->order[i].index];
		wr->from = row && !row->status ? row->query.from : CP_NO_ROLE;
		wr->to = row && !row->status ? row->query.to : CP_NO_ROLE;
		if (row && wr->outcome == ROW_BAD) {
			wr->error_line = row->error.line;
			wr->error_column = row->error.column;
			if (!(wr->message = strdup(row->error.message)))
				wr->outcome = ROW_FAILED;
		}
		cp_batch_row_free(row);
	}
	for (i = 0; i < w->n_rows; i++)
		if (cp_buf_put(out, a->scratch.ptr + a->spans[i].start,
			       a->spans[i].end - a->spans[i].start))
			return ROW_FAILED;
	w->seconds = thread_seconds() - started;
	return 0;
}

/* Adds a row that was answered, with a route or without, to the summary;
 * returns 0 or an exit code. */
static int tally(batch *b, const window_row *wr)
{
	cp_error err;
	int status;
	if (wr->from == CP_NO_ROLE ||
	    (wr->outcome != ROW_ANSWERED && wr->outcome != ROW_NO_ROUTE))
		return 0;
	status = cp_labour_add(b->labour, wr->from, &wr->to,
			       wr->outcome == ROW_ANSWERED, &err);
	return status ? cli_fail(status, &err) : 0;
}

static int emit(void *ctx, void *job, const cp_buf *out, int outcome)
{
	batch *b = ctx;
	window *w = job;
	size_t i;
	int status;
	/* the rows a window of about WINDOW_SECONDS holds at this rate (one
	 * thread waits for none at the end) */
	if (b->jobs > 1 && !outcome && w->seconds > 0) {
		double rows;
		b->timed_rows += w->n_rows;
		b->timed_seconds += w->seconds;
		rows = WINDOW_SECONDS * (double)b->timed_rows /
		       b->timed_seconds;
		b->window_rows = rows < 1	      ? 1
				 : rows < WINDOW_ROWS ? (size_t)rows
						      : WINDOW_ROWS;
	}
	for (i = 0; i < w->n_rows; i++) {
		window_row *wr = &w->rows[i];
		if (b->labour && !outcome && (status = tally(b, wr)))
			return status;
		switch (outcome ? ROW_FAILED : wr->outcome) {
		case ROW_ANSWERED: b->answered++; break;
		case ROW_NO_ROUTE: b->no_route++; break;
		case ROW_LIMIT: b->limited++; break;
		case ROW_BAD:
			if (b->bad++ < SHOWN_BAD_ROWS)
				cli_error("%s:%zu:%zu: %s", b->name,
					  wr->error_line, wr->error_column,
					  wr->message);
			break;
		default:
			b->failed++;
			cli_error("%s:%zu: out of memory", b->name, wr->line);
			return EXIT_IO;
		}
	}
	return b->labour ? 0 : cli_output_write(&b->output, out);
}

static int start(batch *b, const cp_csv_field *fields, size_t n_fields)
{
	cli_pool_ops ops = {answer_window, emit, free_window, b};
	cli_pool_worker worker = {open_answerer, close_answerer};
	cp_buf header = CP_BUF_INIT;
	cp_error err;
	int status = cp_batch_layout_new(&b->layout, b->graph, fields, n_fields,
					 &err);
	/* the layout found column from, once */
	for (b->from_field = 0;
	     !status && strcmp(fields[b->from_field].text, "from");
	     b->from_field++)
		;
	if (status) {
		cli_error("%s:%zu:%zu: %s", b->name, err.line, err.column,
			  err.message);
		b->status = EXIT_DATA;
		return status;
	}
	if (b->labour) {
		b->status = 0;
	} else if (cp_batch_header(&header, b->graph, b->layout, b->format)) {
		cli_error("out of memory");
		b->status = EXIT_IO;
	} else {
		b->status = cli_output_write(&b->output, &header);
	}
	cp_buf_free(&header);
	if (!b->status)
		b->status = cli_pool_start(&b->pool, &ops, &worker, b->jobs,
					   WINDOW_SLOTS, "rows", 0);
	return b->status ? CP_ERROR : 0;
}

/* Hands the window being filled to the workers. */
static int submit_window(batch *b)
{
	window *w = b->window;
	b->window = NULL;
	if (!w)
		return 0;
	return b->status = cli_pool_submit(b->pool, w, w->n_rows);
}

/*
 * Hands over the last window in one part per thread, so that a short input
 * (a few rows over a large graph) is answered on every thread.
 */
static int submit_rest(batch *b)
{
	window *rest = b->window, *part;
	size_t parts = b->jobs < rest->n_rows ? b->jobs : rest->n_rows, i, j;
	cp_csv_field fields[64];
	b->window = NULL;
	for (i = 0; i < parts && !b->status; i++) {
		size_t first = rest->n_rows * i / parts,
		       end = rest->n_rows * (i + 1) / parts;
		if (!(part = calloc(1, sizeof(*part))) ||
		    cp_buf_init(&part->text)) {
			free_window(part);
			cli_error("out of memory");
			b->status = EXIT_IO;
			break;
		}
		for (j = first; j < end; j++) {
			const window_row *r = &rest->rows[j];
			size_t k, n = r->n_fields;
			int failed;
			cp_csv_field *f =
				n <= 64 ? fields : calloc(n, sizeof(*f));
			for (k = 0; f && k < n; k++) {
				const kept_field *kf =
					&rest->fields[r->first_field + k];
				f[k].text = rest->text.ptr + kf->offset;
				f[k].len = kf->len;
				f[k].line = kf->line;
				f[k].column = kf->column;
			}
			failed = !f || keep_record(part, f, n);
			if (f != fields)
				free(f);
			if (!failed && r->unreadable) {
				window_row *kept =
					&part->rows[part->n_rows - 1];
				kept->line = r->line;
				kept->unreadable = 1;
				kept->error_line = r->error_line;
				kept->error_column = r->error_column;
				failed = !(kept->message = strdup(r->message));
			}
			if (failed) {
				cli_error("out of memory");
				b->status = EXIT_IO;
				break;
			}
		}
		b->window = part;
		if (!b->status)
			submit_window(b);
		else
			free_window(part);
		b->window = NULL;
	}
	free_window(rest);
	return b->status;
}

/* Whether the window being filled may close before the row of fields:
 * full enough at the rate seen, and the row starts at another origin. */
static int may_close_before(const batch *b, const cp_csv_field *fields,
			    size_t n_fields)
{
	const window *w = b->window;
	const window_row *last;
	const kept_field *from;
	if (!w || w->n_rows < b->window_rows)
		return 0;
	last = &w->rows[w->n_rows - 1];
	if (b->from_field >= n_fields || b->from_field >= last->n_fields)
		return 1;
	from = &w->fields[last->first_field + b->from_field];
	return from->len != fields[b->from_field].len ||
	       memcmp(w->text.ptr + from->offset, fields[b->from_field].text,
		      from->len);
}

static int on_row(void *payload, const cp_csv_field *fields, size_t n_fields)
{
	batch *b = payload;
	if (!b->layout)
		return start(b, fields, n_fields);
	if (b->rows++ % b->n_shards != b->shard)
		return 0;
	if (may_close_before(b, fields, n_fields) && submit_window(b))
		return CP_ERROR;
	if ((!b->window && (!(b->window = calloc(1, sizeof(window))) ||
			    cp_buf_init(&b->window->text))) ||
	    keep_record(b->window, fields, n_fields)) {
		cli_error("out of memory");
		b->status = EXIT_IO;
		return CP_ENOMEM;
	}
	if (b->window->n_rows == WINDOW_ROWS && submit_window(b))
		return CP_ERROR;
	return 0;
}

/*
 * A record the reader cannot read is a bad row of its own, in its place
 * among the others; a header that cannot be read stops the batch.
 */
static int on_fault(void *payload, const cp_error *fault, size_t line)
{
	batch *b = payload;
	window_row *wr;
	if (!b->layout) {
		cli_error("%s", fault->text);
		b->status = EXIT_DATA;
		return CP_EDATA;
	}
	if (b->rows++ % b->n_shards != b->shard)
		return 0;
	if (may_close_before(b, NULL, 0) && submit_window(b))
		return CP_ERROR;
	if ((!b->window && (!(b->window = calloc(1, sizeof(window))) ||
			    cp_buf_init(&b->window->text))) ||
	    keep_record(b->window, NULL, 0))
		goto oom;
	wr = &b->window->rows[b->window->n_rows - 1];
	wr->line = line;
	wr->unreadable = 1;
	wr->error_line = fault->line;
	wr->error_column = fault->column;
	if (!(wr->message = strdup(fault->message)))
		goto oom;
	if (b->window->n_rows == WINDOW_ROWS && submit_window(b))
		return CP_ERROR;
	return 0;
oom:
	cli_error("out of memory");
	b->status = EXIT_IO;
	return CP_ENOMEM;
}

static int read_options(batch *b, const cli_args *args, const cli_command *cmd)
{
	const char *format = cli_value(args, cmd, "format"),
		   *weight = cli_value(args, cmd, "weight");
	cp_query limits = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_error err;
	int status;
	if (cli_value(args, cmd, "summary")) {
		/* the summary's format, as stats takes it; the rows are
		 * still made as CSV, and only counted */
		b->summary_format = CP_FORMAT_TEXT;
		if ((format &&
		     cp_format_parse(&b->summary_format, format, &err)) ||
		    cp_labour_new(&b->labour, b->graph, weight, &err)) {
			cli_error("%s in option '--%s'", err.message,
				  b->labour || !weight ? "format" : "weight");
			return EXIT_USAGE;
		}
	} else if (weight) {
		cli_error("option '--weight' is for '--summary'");
		return EXIT_USAGE;
	} else if (format && !strcmp(format, "jsonl")) {
		b->format = CP_FORMAT_JSON;
	} else if (format && strcmp(format, "csv")) {
		cli_error("option '--format' takes csv or jsonl, not '%s'",
			  format);
		return EXIT_USAGE;
	}
	/* the rows' bound on work: the query word of the same name */
	status = cli_read_query(&parts, &limits, b->graph, args, cmd);
	cp_query_parts_free(&parts);
	if (status)
		return status;
	b->limit = limits.limit;
	b->timeout = limits.timeout;
	b->detours = limits.detours;
	if ((status = cli_read_parallel(&b->jobs, &b->shard, &b->n_shards, args,
					cmd)))
		return status;
	if (b->labour && b->n_shards > 1) {
		cli_error("option '--summary' adds up every row: it takes no "
			  "'--shard'");
		return EXIT_USAGE;
	}
	return 0;
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

/* The summary of every row, written at the end; returns status, or an
 * exit code when it cannot be written. */
static int write_summary(batch *b, int status)
{
	cp_buf out = CP_BUF_INIT;
	int written;
	if (cp_labour_write(&out, b->labour, b->summary_format)) {
		cli_error("out of memory");
		written = EXIT_IO;
	} else {
		written = cli_output_write(&b->output, &out);
	}
	cp_buf_free(&out);
	return written ? written : status;
}

int cmd_batch(cli_ctx *ctx, const cli_args *args)
{
	const char *path = args->n_positional ? args->positional[0] : "-";
	batch b;
	FILE *in = stdin;
	cp_error err;
	int status, read_status, finish_status, closed, stopped;

	memset(&b, 0, sizeof(b));
	b.graph = ctx->graph;
	b.format = CP_FORMAT_CSV;
	b.name = strcmp(path, "-") ? path : "<stdin>";
	b.output.stream = stdout;
	if ((status = read_options(&b, args, ctx->command)))
		goto cleanup;
	/* on several threads, windows grow to what the rows' cost allows */
	b.window_rows = b.jobs > 1 ? 1 : WINDOW_ROWS;
	if (strcmp(path, "-") && !(in = fopen(path, "rb"))) {
		cli_error("%s: cannot open: %s", path, strerror(errno));
		in = stdin;
		status = EXIT_IO;
		goto cleanup;
	}
	if ((status = cli_output_open(&b.output,
				      cli_value(args, ctx->command, "output"))))
		goto cleanup;
	cp_error_clear(&err);
	read_status =
		cp_csv_stream_recover(in, b.name, on_row, on_fault, &b, &err);
	if (!b.status && b.window)
		submit_rest(&b);
	free_window(b.window);
	finish_status = cli_pool_finish(b.pool);
	if (!b.status)
		b.status = finish_status;
	/*
	 * A quoted field left open stops the reading, after every row before
	 * it: those are answered, and written as on any other run.
	 */
	stopped = read_status == CP_EDATA && !b.status && b.layout;
	if (read_status && !b.status)
		b.status = cli_fail(read_status, &err);
	if (stopped)
		cli_error("%s: reading stopped at line %zu: every row before "
			  "it is answered",
			  b.name, err.line);
	status = b.status ? b.status : outcome_status(&b);
	if (!b.status && b.labour)
		status = write_summary(&b, status);
	closed = cli_output_close(&b.output, !b.status || stopped);
	if (closed && (!b.status || stopped))
		status = closed;
	if (b.bad > SHOWN_BAD_ROWS)
		cli_error("%zu more bad rows (see the error column)",
			  b.bad - SHOWN_BAD_ROWS);
cleanup:
	cp_labour_free(b.labour);
	cp_batch_layout_free(b.layout);
	if (in != stdin)
		fclose(in);
	return status;
}
