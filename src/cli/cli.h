/* The careerpath program: shared by the command files; uses only the public
 * API. */
#ifndef CP_CLI_H
#define CP_CLI_H

#include "careerpath.h"

/* Exit codes, documented in README.md. */
enum {
	EXIT_ANSWER = 0,
	EXIT_NO_ROUTE = 1,
	EXIT_USAGE = 2,
	EXIT_DATA = 3,
	EXIT_IO = 4,
	EXIT_LIMIT = 5
};

/* options of one command; cli_parse() refuses a table with more */
#define CLI_MAX_OPTS 32
#define CLI_MAX_ARGS 8
#define CLI_MAX_REPEAT 64
#define CLI_MAX_ROUTES 10000
#define CLI_MAX_JOBS 1024
#define CLI_MAX_GRAPHS 16

/*
 * One option of a command; arg NULL means a flag without a value. An arg
 * ending in "..." marks an option that may be given again and again. An
 * arg of CLI_WORD makes the option the word of the query vocabulary of the
 * same name (cp_query_word_find): its placeholder, repetition and reading
 * are the word's, and so is its help unless help is given here. Read them
 * through cli_opt_arg() and cli_opt_help().
 */
typedef struct cli_opt {
	const char *name;
	char short_name;
	const char *arg;
	const char *help;
} cli_opt;

extern const char cli_word[];
#define CLI_WORD cli_word

/* An option's placeholder (NULL for a flag) and help. */
const char *cli_opt_arg(const cli_opt *o);
const char *cli_opt_help(const cli_opt *o);
/* Whether the option may be given again and again (an arg ending "..."). */
int cli_opt_repeatable(const cli_opt *o);
/* The query word an option reads, or NULL for an option of its own. */
const cp_query_word *cli_opt_word(const cli_opt *o);

/* "(default 2000000)", for the help of a --limit of a command's own. */
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)
#define CLI_DEFAULT_LIMIT_HELP "(default " CLI_STR(CP_DEFAULT_LIMIT_LABELS) ")"

typedef struct cli_args {
	const char *values[CLI_MAX_OPTS]; /* by option index; flags get "" */
	const char *repeats[CLI_MAX_OPTS][CLI_MAX_REPEAT]; /* every value */
	size_t n_repeats[CLI_MAX_OPTS];
	const char *positional[CLI_MAX_ARGS];
	int n_positional;
} cli_args;

struct cli_command;

typedef struct cli_ctx {
	/* every --graph, in order; none: CAREERPATH_GRAPH or the default */
	const char *const *graph_options;
	size_t n_graph_options;
	const struct cli_command *command;
	cp_graph *graph; /* loaded before run() when the command needs it */
} cli_ctx;

enum { CLI_NEEDS_GRAPH = 1 };

typedef struct cli_command {
	const char *name;
	int (*run)(cli_ctx *ctx, const cli_args *args);
	unsigned flags;
	const char *synopsis; /* what follows the name in the usage line */
	int min_args, max_args;
	const char *summary;
	const char *details; /* more help, or NULL */
	const cli_opt *opts; /* ends with a {NULL} entry */
} cli_command;

/*
 * Parses argv (after the command name) against cmd's table. Returns -1
 * after printing help (exit 0), EXIT_USAGE after an error, 0 otherwise.
 */
int cli_parse(cli_args *out, const cli_command *cmd, int argc, char **argv);
const char *cli_value(const cli_args *args, const cli_command *cmd,
		      const char *name);
/* Every value a repeatable option was given, in order; returns how many. */
size_t cli_values(const char *const **out, const cli_args *args,
		  const cli_command *cmd, const char *name);
void cli_usage(FILE *to, const cli_command *cmd);

/* Prints "careerpath: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit code for a library status. */
int cli_exit_code(int status);
/* Prints err and returns the exit code for status. */
int cli_fail(int status, const cp_error *err);
/*
 * cli_fail() for a role name that failed to name one role: a name several
 * roles answer to adds the command that lists them all (cmd_roles.c).
 */
int cli_fail_role(int status, const cp_error *err, const cp_graph *g,
		  const char *name);
/*
 * From now on this thread's cli_emit() appends to out and its messages
 * (cli_error(), usage errors) go to err, one line each without the
 * program's name; cli_capture(NULL, NULL) goes back to stdout and stderr.
 * cli_capture_failed() says whether the capture ran out of memory.
 */
void cli_capture(cp_buf *out, cp_buf *err);
int cli_capture_failed(void);
/*
 * From now on this thread's queries (cli_read_query()) stop when stopped
 * says so (cp_query.cancelled): serve calls a request off when its client
 * leaves, its time is up or the server stops. NULL: never.
 */
void cli_stop_hook(int (*stopped)(void *), void *arg);
/* Writes out to stdout in one piece; returns 0 or EXIT_IO. */
int cli_emit(const cp_buf *out);
/* Flushes stdout; returns 0, or EXIT_IO after saying why. */
int cli_flush(void);

/*
 * Reads the words of the query vocabulary that cmd's table takes (its
 * CLI_WORD options), in the vocabulary's order, into q, which then points
 * into parts; a word not given is read from its fallback (by: steps).
 * Returns 0, or an exit code after saying what is wrong.
 */
int cli_read_query(cp_query_parts *parts, cp_query *q, const cp_graph *g,
		   const cli_args *args, const cli_command *cmd);
/*
 * Reads an argument as the query word name ("from", "to") into q;
 * spelling names the argument in a message ("FROM"). Returns 0 or an exit
 * code after saying what is wrong.
 */
int cli_read_word(cp_query_parts *parts, cp_query *q, const cp_graph *g,
		  const char *name, const char *text, const char *spelling);
/*
 * Reads a comma-separated list of cost expressions (at most CLI_MAX_REPEAT)
 * into out, which the caller frees with cp_cost_free; returns an exit code.
 */
int cli_read_costs(cp_cost **out, size_t *n_out, const cp_graph *g,
		   const char *list, const char *option);
/*
 * Reads "months,cost_usd" into at most CLI_MAX_REPEAT metric numbers (steps
 * as CP_METRIC_STEPS when with_steps); returns 0 or an exit code.
 */
int cli_read_metrics(size_t *out, size_t *n_out, const cp_graph *g,
		     const char *list, const char *option, int with_steps);
/*
 * The end of path and pareto: a formatting failure (format_status) is out
 * of memory; else the answer is written, then, without a route, why.
 * Returns the exit code.
 */
int cli_answer(int format_status, const cp_buf *out, const cp_graph *g,
	       const cp_routes *routes, int found, const cp_error *err);
/* Says there is no route, and why when routes->why is set; returns 1. */
int cli_no_route(const cp_graph *g, const cp_routes *routes,
		 const cp_error *err);

/*
 * Work answered on several threads and written in input order (pool.c).
 * work runs on any thread and leaves its output in out, returning the
 * job's outcome; emit runs on the submitting thread, in submission order,
 * and returns 0 or an exit code that stops the pool; free_job frees a job
 * after it is emitted (or dropped).
 */
typedef struct cli_pool_ops {
	int (*work)(void *ctx, void *job, cp_buf *out);
	int (*emit)(void *ctx, void *job, const cp_buf *out, int outcome);
	void (*free_job)(void *job);
	void *ctx;
} cli_pool_ops;

/*
 * What each worker keeps from one job to the next, such as a search
 * workspace. open makes a worker's context from ops->ctx (on the thread
 * that starts the pool) and returns 0 or an exit code; work then receives
 * that context, on that worker's thread, in place of ops->ctx; close frees
 * it when the pool ends.
 */
typedef struct cli_pool_worker {
	int (*open)(void **out, void *ctx);
	void (*close)(void *worker_ctx);
} cli_pool_worker;

typedef struct cli_pool cli_pool;

/*
 * Starts n_threads workers (1: the work runs in cli_pool_submit itself),
 * each with its own context made by worker (NULL: work gets ops->ctx).
 * At most slots_per_worker jobs per worker (0: 32) are in flight, queued,
 * being answered or waiting to be written in order: the bound on memory.
 * A progress line for unit ("rows"), out of total when known (else 0),
 * goes to stderr when it is a terminal and the work lasts over a second.
 * Returns 0 or an exit code; either way cli_pool_finish() ends the pool.
 */
int cli_pool_start(cli_pool **out, const cli_pool_ops *ops,
		   const cli_pool_worker *worker, size_t n_threads,
		   size_t slots_per_worker, const char *unit, size_t total);
/*
 * Hands over job (freed by the pool), which counts for units of the
 * progress line's unit; returns 0 or emit's exit code.
 */
int cli_pool_submit(cli_pool *pool, void *job, size_t units);
/* Writes what is left, stops the threads, frees the pool; NULL-safe.
 * Returns 0 or emit's first exit code. */
int cli_pool_finish(cli_pool *pool);

/*
 * --jobs N (default: the number of cores) and --shard I/N (default 1/1):
 * read into *jobs, *shard (0-based) and *n_shards; returns an exit code.
 */
int cli_read_parallel(size_t *jobs, size_t *shard, size_t *n_shards,
		      const cli_args *args, const cli_command *cmd);

/* Where results go: stdout, or the file -o names, written atomically. */
typedef struct cli_output {
	FILE *stream;
	cp_atomic_file *file;
	FILE *special;	  /* a device or pipe named by -o, written directly */
	const char *path; /* as -o named it; NULL for standard output */
} cli_output;

/* Returns 0 or an exit code. */
int cli_output_open(cli_output *out, const char *path);
/* With ok, flushes and puts the file in place; else removes it. Returns
 * 0 or EXIT_IO. */
int cli_output_close(cli_output *out, int ok);
/* Writes buf; returns 0 or EXIT_IO after saying why. */
int cli_output_write(cli_output *out, const cp_buf *buf);

/*
 * Draws dot_text as a picture in format (svg, png, pdf) with Graphviz's
 * dot program, run without a shell, and stops it after timeout_ms (-1:
 * no limit), or as soon as stop(stop_arg) returns non-zero (stop NULL:
 * never; it is asked every 100 ms at most); its own messages go straight
 * to standard error. Returns 0 or EXIT_IO after saying why. Threads may
 * draw at once, each with its own dot.
 */
int cli_render(cp_buf *out, const cp_buf *dot_text, const char *format,
	       int timeout_ms, int (*stop)(void *), void *stop_arg);

/* Resolves --graph / CAREERPATH_GRAPH / the bundled default to a folder. */
int cli_graph_dir(cp_buf *out, const char *option);

/*
 * Loads the folders of every --graph (or the one folder of
 * CAREERPATH_GRAPH or the default) as one graph. names gets the folders'
 * names joined by " + ", for a summary line. Returns 0, an exit code
 * after a message about a folder, or a library status with err (for
 * check, which reports through opts).
 */
int cli_load_graphs(cp_graph **out, cp_buf *names, const cli_ctx *ctx,
		    const cp_load_options *opts, cp_error *err);

int cmd_batch(cli_ctx *ctx, const cli_args *args);
int cmd_check(cli_ctx *ctx, const cli_args *args);
int cmd_dot(cli_ctx *ctx, const cli_args *args);
int cmd_pareto(cli_ctx *ctx, const cli_args *args);
int cmd_matrix(cli_ctx *ctx, const cli_args *args);
int cmd_path(cli_ctx *ctx, const cli_args *args);
int cmd_reach(cli_ctx *ctx, const cli_args *args);
/*
 * The reach args ask for (cmd_reach_opts), searched into *out and its
 * format into *format: what careerpath reach and /api/reach share. The
 * routes are kept as a tree (cp_query.reach_form), with parents for
 * --tree. api: mistakes name the parameters of /api/reach (from, to)
 * rather than the command's words. parts holds what the query's words
 * read, for the caller to free. Returns 0 or an exit code after saying
 * what is wrong.
 */
int cli_reach_search(cp_routes **out, cp_format_options *format,
		     cp_query_parts *parts, const cli_ctx *ctx,
		     const cli_args *args, int api);
int cmd_roles(cli_ctx *ctx, const cli_args *args);
int cmd_stats(cli_ctx *ctx, const cli_args *args);
int cmd_serve(cli_ctx *ctx, const cli_args *args);
int cmd_upskill(cli_ctx *ctx, const cli_args *args);

/* The options before the command, as main() reads them. */
extern const cli_opt cli_global_opts[];

/*
 * careerpath help --man PART: prints a part of the manual page in roff
 * ("synopsis", "options" or "commands"); returns the exit code.
 */
int cli_man(const cli_command *commands, size_t n_commands, const char *part);
/*
 * careerpath help --complete WORD...: the words typed after "careerpath",
 * the last one being completed. Prints how to complete it ("words",
 * "nospace", "files" or "dirs") on the first line, then the candidates,
 * one a line; returns the exit code.
 */
int cli_complete(const cli_command *commands, size_t n_commands, int argc,
		 char **argv);

extern const cli_opt cmd_check_opts[], cmd_dot_opts[], cmd_pareto_opts[],
	cmd_path_opts[], cmd_reach_opts[], cmd_roles_opts[];
extern const cli_opt cmd_batch_opts[], cmd_matrix_opts[], cmd_stats_opts[];
extern const cli_opt cmd_serve_opts[];
extern const cli_opt cmd_upskill_opts[];

/*
 * The web page's answers (serve_api.c), apart from HTTP: what a request
 * for target (path and query string, as sent) by method gets.
 * The answer owns body and is freed with serve_answer_free(). content_type
 * is static text; allow is set (to "GET, HEAD") for status 405.
 */
typedef struct serve_answer {
	int status;
	const char *content_type;
	const char *allow;
	cp_buf body;
} serve_answer;

/* The server's settings: the graph it answers from and bounds on work. */
typedef struct serve_config {
	cp_graph *graph;       /* only read */
	size_t limit;	       /* search labels per query (--limit) */
	int render_timeout_ms; /* for Graphviz's dot */
} serve_config;

/* A file of the page, built into the program from web/ (serve_assets.c). */
typedef struct serve_asset {
	const char *path; /* "/index.html" */
	const char *content_type;
	const unsigned char *data;
	size_t size;
} serve_asset;

extern const serve_asset serve_assets[];
extern const size_t serve_n_assets;

/* Longest target taken (longer: 414), and most parameters (more: 400). */
#define SERVE_MAX_TARGET 8192
#define SERVE_MAX_PARAMS 64

/* Fills out (status 500 "out of memory" when memory runs out). */
void serve_answer_request(serve_answer *out, const serve_config *config,
			  const char *method, const char *target);
void serve_answer_free(serve_answer *answer);

#endif
