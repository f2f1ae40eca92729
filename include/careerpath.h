/*
 * careerpath: career-pathway graphs and the routes through them.
 *
 * A graph is a folder holding roles.csv and transitions.csv (see
 * graphs/README.md). Load it with cp_graph_load(), name roles with
 * cp_role_find(), state what to minimise with cp_cost_parse(), fill a
 * cp_query and hand it to cp_search(); cp_routes_format() renders the answer.
 *
 * Conventions:
 * - A function that can fail returns 0 or a negative CP_E* code; results
 *   come back through the first parameters, named out.
 * - What comes back through `**out` belongs to the caller and has a
 *   NULL-safe _free. A `const char *` returned by a getter is borrowed from
 *   the graph and lives as long as it.
 * - Detail of a failure goes into the cp_error the caller passes in (which
 *   may be NULL when the detail is not wanted). There is no global error
 *   state.
 * - A loaded cp_graph is never modified: any number of threads may query
 *   one graph at once through cp_search(). Loading calls igraph, which is
 *   not thread-safe in Debian's build: load graphs from one thread at a time.
 */
#ifndef CAREERPATH_H
#define CAREERPATH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CP_VERSION "0.1.0"

/* Status codes. Callers branch on these; the detail is in cp_error. */
enum {
	CP_OK = 0,
	CP_ENOTFOUND = -1,  /* no role, metric or file by that name */
	CP_EAMBIGUOUS = -2, /* a name matches several roles */
	CP_ENOROUTE = -3,   /* the query is valid but no route exists */
	CP_EINVALID = -4,   /* an argument or query is malformed */
	CP_EDATA = -5,	    /* the graph's files hold bad data */
	CP_EIO = -6,	    /* reading or writing a file failed */
	CP_ENOMEM = -7,	    /* out of memory */
	CP_ERROR = -8,	    /* anything else, igraph's own failures included */
	CP_ELIMIT = -9 /* a search reached its bound on work (cp_query.limit) */
};

/*
 * Where and why something failed. `text` is the whole message, formatted
 * `file:line:col: message` when a place in a file is known, `file: message`
 * when only the file is, and `message` otherwise. line and column count
 * from 1; 0 means unknown. column counts characters (UTF-8 code points).
 */
typedef struct cp_error {
	int code;
	char file[1024];
	size_t line;
	size_t column;
	char message[1024];
	char text[2200];
} cp_error;

/* Sets every field of err to empty; NULL-safe. */
void cp_error_clear(cp_error *err);

/* A short English description of a status code ("no route", ...). */
const char *cp_strerror(int code);

/*
 * A growable byte buffer. Invariant: after cp_buf_init(), ptr is never
 * NULL and ptr[size] == '\0'. Output is built in a cp_buf and written in one
 * piece, so no half-written result ever reaches a reader.
 */
typedef struct cp_buf {
	char *ptr;
	size_t size;
	size_t alloc;
} cp_buf;

#define CP_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

int cp_buf_init(cp_buf *buf);
int cp_buf_put(cp_buf *buf, const char *data, size_t len);
int cp_buf_puts(cp_buf *buf, const char *str);
int cp_buf_printf(cp_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cp_buf_clear(cp_buf *buf);
/* Frees the storage and leaves buf as CP_BUF_INIT; NULL-safe. */
void cp_buf_free(cp_buf *buf);

/*
 * Writes data to path atomically: into a temporary file beside it, then
 * renamed over it, so a reader sees the old file or the whole new one.
 * Returns 0 or CP_EIO.
 */
int cp_file_write_atomic(const char *path, const char *data, size_t len,
			 cp_error *err);

/* ---- Graphs ---------------------------------------------------------- */

typedef struct cp_graph cp_graph;

/*
 * A problem found while loading; see cp_load_options.on_diag. A note
 * follows the error or warning it belongs to and says where else the
 * problem lies (the first definition of a role defined twice).
 */
typedef enum { CP_DIAG_ERROR, CP_DIAG_WARNING, CP_DIAG_NOTE } cp_diag_kind;
typedef void (*cp_diag_fn)(cp_diag_kind kind, const cp_error *diag,
			   void *payload);

typedef struct cp_load_options {
	/*
	 * NULL: loading stops at the first error, which comes back in err.
	 * Otherwise every error and warning found is handed to on_diag, in file
	 * order, and loading goes on as far as it can (this is `check`).
	 */
	cp_diag_fn on_diag;
	void *payload;
} cp_load_options;

#define CP_LOAD_OPTIONS_INIT                                                   \
	{                                                                      \
		NULL, NULL                                                     \
	}

/*
 * Loads the graph in folder dir (roles.csv and transitions.csv).
 * opts may be NULL. On success *out holds the graph. On failure *out is
 * NULL and the code is CP_EDATA (bad content), CP_EIO (a file missing,
 * unreadable, or a folder where a file should be), or CP_ENOMEM. With
 * on_diag set, the code is CP_EDATA if any error was reported.
 * Cost: one pass over each file, O(bytes + roles + transitions) time.
 */
int cp_graph_load(cp_graph **out, const char *dir, const cp_load_options *opts,
		  cp_error *err);
void cp_graph_free(cp_graph *graph);

/*
 * Loads the folders dirs[0 .. n_dirs-1] as one graph (README.md, "Graphs
 * combined"); with one folder, the same as cp_graph_load().
 * - Roles with the same id are one role: the first folder that defines it
 *   gives its cells, a blank cell takes a later folder's value, aliases
 *   are joined. Two titles, or two other values, that differ are an error.
 * - A role whose roles column `soc_code` names a role of the loaded graph
 *   (on graphs/onet, an O*NET-SOC code such as 29-1141.00 is the id of
 *   that occupation) is a kind of that role, as with `kind_of`: it may take
 *   every transition out of it, and not the other way. A role that is
 *   already a kind of another must reach the named role through its
 *   kind_of chain. Columns its own folder lacks (job_zone,
 *   education_level, ...) are read from that role. A soc_code naming no
 *   loaded role is a warning, and the role joins nothing.
 * - Transitions of every folder are kept, in folder order; a column that
 *   one folder lacks is blank in its transitions. A column that holds
 *   numbers in one folder and text in another is an error.
 * Diagnostics come as for cp_graph_load(); a problem between two folders
 * comes with a CP_DIAG_NOTE at the other place. Returns as cp_graph_load().
 * Cost: each folder's load, then O(roles * columns + transitions *
 * columns) to join them.
 */
int cp_graph_load_many(cp_graph **out, const char *const *dirs, size_t n_dirs,
		       const cp_load_options *opts, cp_error *err);

/* The folder the graph was loaded from, as given (the first of several). */
const char *cp_graph_dir(const cp_graph *graph);
/* The folders of the graph, in the order given: 1 for cp_graph_load(). */
size_t cp_graph_folder_count(const cp_graph *graph);
const char *cp_graph_folder(const cp_graph *graph, size_t folder);
/* The folder that first defines the role, or whose file holds the
 * transition (cp_transition_line() counts in that file). */
size_t cp_role_folder(const cp_graph *graph, size_t role);
size_t cp_transition_folder(const cp_graph *graph, size_t transition);
size_t cp_graph_role_count(const cp_graph *graph);
size_t cp_graph_transition_count(const cp_graph *graph);

/* Roles are numbered 0 .. role_count-1 in roles.csv order. */
const char *cp_role_id(const cp_graph *graph, size_t role);
const char *cp_role_title(const cp_graph *graph, size_t role);

/*
 * The role this role is a kind of (roles.csv column `kind_of`), or
 * CP_NO_ROLE. A role may take every transition out of the roles it is a
 * kind of, transitively, as if it were that role: a Certified Medical
 * Assistant moves on as a Medical Assistant, with no step in between.
 * Nothing is inherited the other way.
 */
size_t cp_role_parent(const cp_graph *graph, size_t role);

/*
 * The role's median annual wage in dollars (roles.csv column
 * `median_wage_usd`), or NaN where the graph has no such column or the cell
 * is blank.
 */
double cp_role_wage(const cp_graph *graph, size_t role);
/* Whether roles.csv has median_wage_usd as a number column. */
int cp_graph_has_wages(const cp_graph *graph);

/*
 * Transitions are numbered 0 .. transition_count-1 in transitions.csv
 * order. cp_transition_line() is the line in transitions.csv where the row
 * starts.
 */
size_t cp_transition_from(const cp_graph *graph, size_t transition);
size_t cp_transition_to(const cp_graph *graph, size_t transition);
size_t cp_transition_line(const cp_graph *graph, size_t transition);

/*
 * Columns. Each table keeps every column of its file in file order. A
 * number column holds doubles (NaN for a blank cell); a text column holds
 * strings ("" for a blank cell). The metrics of a graph are the number
 * columns of transitions.csv.
 */
typedef enum { CP_ROLES, CP_TRANSITIONS } cp_table;
typedef enum { CP_COLUMN_TEXT, CP_COLUMN_NUMBER } cp_column_kind;

size_t cp_column_count(const cp_graph *graph, cp_table table);
const char *cp_column_name(const cp_graph *graph, cp_table table, size_t col);
cp_column_kind cp_column_kind_of(const cp_graph *graph, cp_table table,
				 size_t col);
/* Returns 0 and the column's index, or CP_ENOTFOUND. */
int cp_column_find(size_t *out, const cp_graph *graph, cp_table table,
		   const char *name);
/* "" for a number column. */
const char *cp_cell_text(const cp_graph *graph, cp_table table, size_t col,
			 size_t row);
/* NaN for a text column or a blank cell. */
double cp_cell_number(const cp_graph *graph, cp_table table, size_t col,
		      size_t row);

/*
 * Metrics: number columns of transitions.csv, 0 .. metric_count-1.
 *
 * Two names have a meaning of their own. `experience_months` is the time a
 * person must have worked in the role a transition leaves before taking
 * it; `months` is the time the move itself takes (a programme, an exam).
 * When transitions.csv has both and no column `elapsed_months`, the graph
 * adds the metric `elapsed_months`, their sum on each transition, as the
 * last column of CP_TRANSITIONS: how long the step takes from the day one
 * starts in the role it leaves. It is blank where either is.
 */
size_t cp_graph_metric_count(const cp_graph *graph);
const char *cp_metric_name(const cp_graph *graph, size_t metric);
/* The column (in CP_TRANSITIONS) that holds the metric. */
size_t cp_metric_column(const cp_graph *graph, size_t metric);
/* Returns 0 and the metric called name, or CP_ENOTFOUND. */
int cp_metric_find(size_t *out, const cp_graph *graph, const char *name);
/* NaN where the cell is blank. */
double cp_metric_value(const cp_graph *graph, size_t metric, size_t transition);

/*
 * Finds the role a person means by name: an id, a title or an alias,
 * ignoring ASCII case and runs of white space. An exact id wins over
 * everything else. Returns 0 and the role, CP_ENOTFOUND (the message names
 * the closest roles), or CP_EAMBIGUOUS (the message lists the candidates).
 * Cost: O(length of name) expected; O(names) to suggest on failure.
 */
int cp_role_find(size_t *out, const cp_graph *graph, const char *name,
		 cp_error *err);

/* ---- Costs ----------------------------------------------------------- */

/*
 * What a query minimises: `steps` (one per transition), a metric name, or
 * a weighted sum with non-negative weights such as `months+cost_usd/1000`
 * or `2*(months+experience_months)`. Grammar: numbers, metric names,
 * + - * / and parentheses; every term must be linear in the metrics.
 */
typedef struct cp_cost cp_cost;

/*
 * Returns 0 and the parsed cost, CP_ENOTFOUND for an unknown metric (the
 * message lists the metrics), or CP_EINVALID for a malformed expression.
 * The cost refers to graph and must not outlive it.
 */
int cp_cost_parse(cp_cost **out, const cp_graph *graph, const char *expr,
		  cp_error *err);
void cp_cost_free(cp_cost *cost);
/* The expression as given. */
const char *cp_cost_text(const cp_cost *cost);
/* Whether the cost is the plain step count. */
int cp_cost_is_steps(const cp_cost *cost);
/*
 * Orders two costs by what they weigh, not by how they are written: 0 when
 * they weigh every metric and the step alike ('months', ' months' and
 * '1*months + 0*cost_usd'), and so cost every transition alike. NULL is
 * steps.
 */
int cp_cost_compare(const cp_cost *x, const cp_cost *y);
/*
 * The cost of one metric alone, or of steps for CP_METRIC_STEPS. Returns
 * 0, CP_EINVALID for a metric the graph does not have, or CP_ENOMEM.
 */
int cp_cost_metric(cp_cost **out, const cp_graph *graph, size_t metric,
		   cp_error *err);
/*
 * The metrics the cost weighs (weight > 0), in metric order: writes at
 * most max of them to out and returns how many there are.
 */
size_t cp_cost_metrics(const cp_cost *cost, size_t *out, size_t max);
/* The cost of one transition, or NaN if a metric it uses is blank there. */
double cp_cost_of(const cp_cost *cost, size_t transition);
/*
 * The cost of a row of metric values, one per metric in metric order (a
 * step of cp_route.values): what a query counted for that step. NaN if a
 * metric it uses is blank (NaN) in the row; 1 for a NULL cost (steps).
 */
double cp_cost_of_values(const cp_cost *cost, const double *values);
/*
 * Whether the cost is one metric alone, whatever its weight (`months`,
 * `2*months`: such a cost orders routes as the metric does); if so, *out
 * is that metric. 0 for steps, for several metrics and for a metric plus
 * steps.
 */
int cp_cost_is_metric(size_t *out, const cp_cost *cost);

/* ---- Queries and routes ---------------------------------------------- */

#define CP_NO_ROLE ((size_t)-1)

/* Stands for the step count where a metric is expected (caps). */
#define CP_METRIC_STEPS ((size_t)-1)

/*
 * A cap: the route's total of cost (any cost expression, such as a metric
 * or `months+experience_months`) must not exceed max. The cap borrows cost.
 */
typedef struct cp_cap {
	const cp_cost *cost;
	double max;
} cp_cap;

/*
 * A career rule: a condition on each step of a route, beside the wage rule
 * (cp_query.min_gain). A step leaves one role and enters another.
 * - CP_RULE_STEP_MAX: the transition's value of metric `index` is at most
 *   max; a blank cell is a value not known, and the rule holds when its
 *   lower bound does (see cp_search()). Experience already worked
 *   (cp_query.experience) does not change the value compared. On
 *   graphs/onet, relatedness_tier at most 2 keeps to the ten occupations
 *   O*NET relates most closely to the one left.
 * - CP_RULE_ROLE_MAX: the number in roles column `index` (a number column
 *   of CP_ROLES) of the role entered is at most max. On graphs/onet,
 *   education_level at most 5: no step into an occupation whose typical
 *   education is a bachelor's degree or more.
 * - CP_RULE_RISE_MAX: that number of the role entered less that of the
 *   role left is at most max. On graphs/onet, job_zone at most 1: at most
 *   one job zone up per step (Nesta's rule); any step down keeps it.
 * Blank role cells: a blank level is not known. A step into a role whose
 * cell is blank keeps CP_RULE_ROLE_MAX, which cannot be shown broken
 * there (on graphs/onet, 158 occupations have no education_level); it
 * breaks CP_RULE_RISE_MAX, since a route through a role of unknown level
 * could otherwise climb any number of levels in two steps. A step out of
 * a role whose cell is blank keeps CP_RULE_RISE_MAX: there is nothing to
 * compare, as at a starting point from another graph.
 */
typedef enum {
	CP_RULE_STEP_MAX,
	CP_RULE_ROLE_MAX,
	CP_RULE_RISE_MAX
} cp_rule_kind;

typedef struct cp_rule {
	cp_rule_kind kind;
	size_t index; /* a metric, or a column of CP_ROLES */
	double max;
} cp_rule;

/*
 * A search workspace: the per-role arrays, heap, arc costs and labels a
 * search needs, kept from one query to the next on one graph so that each
 * query costs only its search (nothing of size V is cleared or allocated
 * per query, and a cost's arc costs are worked out once). Not thread-safe:
 * one workspace per thread, any number of them per graph. Any kind of
 * query may use it (cp_search, cp_explain) through cp_query.workspace,
 * kinds mixed freely; the answers are the same as without it.
 */
typedef struct cp_workspace cp_workspace;

/*
 * Returns 0 and a workspace for graph, or CP_ENOMEM. It must not outlive
 * the graph. Cost: O(roles) memory at once; O(transitions) more on the
 * first plain query under each new cost.
 */
int cp_workspace_new(cp_workspace **out, const cp_graph *graph, cp_error *err);
void cp_workspace_free(cp_workspace *ws);

/*
 * What a query asks (cp_query.kind); each kind's answer is described at
 * cp_search().
 * - CP_QUERY_ROUTES: the k cheapest routes from `from` to `to`.
 * - CP_QUERY_REACH: every role `from` leads to, each by its cheapest route.
 * - CP_QUERY_FEEDERS: every role that leads to `to`, likewise.
 * - CP_QUERY_PARETO: the routes from `from` to `to` that no other route
 *   beats on all of `objectives` at once.
 * - CP_QUERY_ROW: the cheapest route from `from` to each of `targets`, in
 *   one search: a row of a cost matrix.
 */
typedef enum {
	CP_QUERY_ROUTES,
	CP_QUERY_REACH,
	CP_QUERY_FEEDERS,
	CP_QUERY_PARETO,
	CP_QUERY_ROW
} cp_query_kind;

/*
 * A query is a value: batch runs build one per row, and nothing in the
 * graph changes between queries. The query borrows what it points to.
 *
 * - kind: what is asked (cp_query_kind); CP_QUERY_ROUTES by default.
 * - from, to: the start and the target. REACH and ROW read only from,
 *   FEEDERS only to.
 * - cost NULL means `steps`; PARETO ignores it (objectives say what
 *   counts).
 * - k: how many routes, best first (0 counts as 1). With k > 1 every
 *   route is loopless and routes differing only in a parallel transition
 *   are different routes.
 * - avoid: roles no route may enter (from and to must not be among them).
 * - via: roles every route passes through, in this order. A route is then
 *   a chain of legs, from -> via[0] -> ... -> to, each leg loopless.
 * - caps: every cap must hold for the route's totals (within a relative
 *   1e-9, so sums of decimals compare as written).
 * - limit: bound on search labels (caps, via, k, pareto); 0 means
 *   CP_DEFAULT_LIMIT. Past it the search stops with CP_ELIMIT.
 * - explain: when there is no route, work out why (cp_explain()) and keep
 *   the answer in the result's `why`; it costs a few more searches.
 * - experience: months the person has already worked in the starting role.
 *   A first step needs only the experience it asks beyond that:
 *   experience_months (and elapsed_months) of a first step count
 *   max(0, experience_months - experience). Must be >= 0; only routes from
 *   q->from use it (feeder searches refuse it).
 * - has_min_gain, min_gain: when has_min_gain is set, only steps that raise
 *   the median wage (cp_role_wage) by at least min_gain percent are taken:
 *   wage after >= wage before * (1 + min_gain / 100). A step out of a role
 *   with no wage is allowed (nothing to compare, such as a starting point);
 *   a step into a role with no wage is not, as the rise cannot be shown.
 * - workspace: where the search runs (cp_workspace_new, for this graph);
 *   NULL for a workspace made and freed within the call.
 * - rules, n_rules: career rules every step keeps (cp_rule), as the wage
 *   rule is kept: by every kind of query.
 * - objectives, n_objectives: PARETO only: the costs to trade off (at least
 *   one, any cost expressions, such as metrics or `months+cost_usd/1000`).
 * - targets, n_targets: ROW only: the roles to answer, in any order,
 *   repeats allowed.
 */
typedef struct cp_query {
	cp_query_kind kind;
	size_t from;
	size_t to;
	const cp_cost *cost;
	size_t k;
	const size_t *avoid;
	size_t n_avoid;
	const size_t *via;
	size_t n_via;
	const cp_cap *caps;
	size_t n_caps;
	size_t limit;
	int explain;
	double experience;
	int has_min_gain;
	double min_gain;
	cp_workspace *workspace;
	const cp_rule *rules;
	size_t n_rules;
	const cp_cost *const *objectives;
	size_t n_objectives;
	const size_t *targets;
	size_t n_targets;
} cp_query;

#define CP_DEFAULT_LIMIT ((size_t)2000000)

#define CP_QUERY_INIT                                                          \
	{                                                                      \
		CP_QUERY_ROUTES, CP_NO_ROLE, CP_NO_ROLE, NULL, 1, NULL, 0,     \
			NULL, 0, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL,  \
			0, NULL, 0                                             \
	}

/*
 * One route. roles has n_steps+1 entries and transitions n_steps: step i
 * goes from roles[i] to roles[i+1] by transitions[i]. When
 * cp_transition_from(transitions[i]) is not roles[i], the step was taken as
 * that role, which roles[i] is a kind of (cp_role_parent). values holds
 * n_steps rows of one entry per metric (cp_graph_metric_count): what the
 * query counted for each step, the experience already worked taken off the
 * first; NaN where blank. totals holds their sums and cost the total of the
 * quantity minimised, each blank counted as its lower bound (cp_search()):
 * where a step has a NaN that a total or the cost weighs, that figure is
 * the least the route can have, not the route's value.
 *
 * In the answer to a row (CP_QUERY_ROW), a target with no route has an
 * item with cost INFINITY, n_steps 0 and every array NULL.
 */
typedef struct cp_route {
	double cost;
	size_t n_steps;
	size_t *roles;
	size_t *transitions;
	double *values;
	double *totals;
} cp_route;

struct cp_why;

/*
 * The answer to a query, which says what was asked, so that a writer needs
 * nothing else (the result holds copies; it must not outlive the graph).
 * - kind, from, to: as in the query; from is CP_NO_ROLE for FEEDERS, to
 *   is CP_NO_ROLE for REACH and ROW.
 * - targets, n_targets: a ROW's targets as asked (NULL and 0 otherwise).
 * - cost: what each route's cost is the total of: the query's cost, or a
 *   PARETO's first objective; NULL means steps.
 * - by: what was minimised, in words of the query: the cost's text, or a
 *   PARETO's objectives' texts separated by commas ("months,cost_usd").
 *   Never NULL.
 * - experience: the months already worked that the routes count.
 * - count, items: the routes, best first (ROW: one per target, in order).
 * - skipped: 0. A transition with a blank metric is no longer left out (a
 *   blank is a value not known, see cp_search()); the field stays so that
 *   answers keep their shape.
 * - why: set when there is no route and the query asked to explain.
 */
typedef struct cp_routes {
	cp_query_kind kind;
	size_t from;
	size_t to;
	size_t *targets;
	size_t n_targets;
	cp_cost *cost;
	char *by;
	double experience;
	size_t count;
	cp_route *items;
	size_t skipped;
	struct cp_why *why;
} cp_routes;

/*
 * Answers q, of any kind (cp_query.kind), into *out.
 *
 * CP_QUERY_ROUTES: the q->k cheapest routes from q->from to q->to under
 * q->cost that keep out of q->avoid, pass q->via in order and stay within
 * q->caps. Ties on cost are broken by fewer steps, then by the transition
 * into the target that comes first in transitions.csv (and, for one
 * transition taken from roles that are kinds of its role, the role that
 * comes first in roles.csv), then likewise for the role before it, back to
 * the start; so the same graph and query give the same routes every time,
 * whatever the conditions. From a role to itself the route has no steps.
 *
 * Blank metrics: a blank cell is a value not known, not a missing move.
 * Every search (each kind, caps, rules, the tie rule) counts it as its
 * lower bound: 0, since every metric is >= 0 and every weight of a cost is
 * >= 0, so that the known part of a weighted sum is the least it can be;
 * elapsed_months made by the graph counts the months known where only the
 * experience is blank. A route's cost and totals are then lower bounds
 * (cp_route), a cap holds on the lower bound, and a rule on each step
 * (CP_RULE_STEP_MAX) holds unless the lower bound breaks it. Were a
 * negative value or weight allowed, a blank would have no lower bound; the
 * loader and cp_cost_parse() refuse both. A transition is unusable only
 * when a total would pass the largest double. Returns CP_ENOROUTE, with an
 * empty *out (count 0), when there is none.
 *
 * CP_QUERY_REACH: every role reachable from q->from within q->caps,
 * keeping out of q->avoid, each with its cheapest route under q->cost;
 * CP_QUERY_FEEDERS: every role from which q->to can be reached, each with
 * its cheapest route to q->to (experience must be 0). The start itself is
 * not listed. Sorted by cost, then steps, then role order. via and k must
 * be unset. Returns 0 even when no role is listed.
 *
 * CP_QUERY_PARETO: the Pareto frontier from q->from to q->to over
 * q->objectives: every route that no other route beats on all of them at
 * once (no worse on each, better on one). Routes with equal totals on
 * every objective appear once. Sorted by the first objective, then the
 * next. avoid, via, caps and the rules apply; each route's cost is its
 * total of the first objective. Returns CP_ENOROUTE like ROUTES.
 *
 * CP_QUERY_ROW: for each of q->targets, in the order given, the route
 * cp_search() gives from q->from to that target alone (same route, same
 * tie rule, same cost), from one single-source search that stops once
 * every target is settled (with caps, once all within them is). avoid (no
 * target among them), caps, the rules and experience apply; via, k > 1 and
 * explain are refused. A target with no route has an item of cost INFINITY and
 * no steps (cp_route). Returns 0 whatever is reached.
 *
 * Otherwise returns CP_EINVALID, CP_ELIMIT or CP_ENOMEM with *out NULL.
 * Thread-safe for one graph shared between threads, each with its own
 * workspace (or none).
 *
 * Cost: ROUTES without caps or via, and ROW without caps, are Dijkstra
 * with a 4-ary heap, O((V + E) log V) time, stopping when the targets are
 * settled; without q->workspace it also allocates O(V) memory, with one it
 * costs only what the search reaches. Caps and via, REACH, FEEDERS and
 * PARETO run label setting over (role, via stage) states with dominance
 * pruning: exact, but the labels kept per state (PARETO: the frontier) can
 * grow exponentially with the number of caps or objectives in the worst
 * case, hence q->limit; REACH and FEEDERS also build a route per role
 * listed. k routes are Yen's algorithm: one backward Dijkstra from the
 * target, then up to k * (route length) spur searches, each confined by
 * the least costs to the target to the labels that can still end among the
 * k best.
 */
int cp_search(cp_routes **out, const cp_graph *graph, const cp_query *q,
	      cp_error *err);

/*
 * Why a query found no route.
 * - CP_WHY_UNREACHABLE: no route at all, whatever the conditions;
 *   `nearest` lists the roles reachable from q->from that are fewest
 *   transitions from q->to, counting transitions in either direction (at
 *   most 5, in roles.csv order), and `distance` is that count. Roles that
 *   come after q->to (reachable from it) are never named: they are no
 *   nearer to getting there. `past` is set when q->from itself comes
 *   after q->to: routes lead from the target to the start, not back.
 * - CP_WHY_CONDITIONS: routes exist, but none keeps out of q->avoid,
 *   passes q->via in order and keeps the wage rule (q->min_gain) and the
 *   career rules (q->rules).
 * - CP_WHY_CAPS: routes meet avoid and via but the caps rule them out;
 *   `needed[i]` is the smallest value of cap i that would admit a route
 *   with the other caps kept (NaN if no value would), counting blank
 *   values as cp_search() does. A cap of infinity rules nothing out and is
 *   never lifted (needed[i] is infinity).
 */
typedef enum { CP_WHY_UNREACHABLE, CP_WHY_CONDITIONS, CP_WHY_CAPS } cp_why_kind;

typedef struct cp_why {
	cp_why_kind kind;
	size_t *nearest;
	size_t n_nearest;
	size_t distance;
	int past;
	double *needed;
	size_t n_needed;
	/*
	 * What was asked, so that the reason can be told alone: the query's
	 * start and target; the cap each needed[i] is for (its cost's text
	 * and its value); and the conditions on routes (how many roles were
	 * avoided and passed, the wage rule, a copy of the career rules).
	 */
	size_t from;
	size_t to;
	char **cap_costs;
	double *cap_max;
	size_t n_avoid;
	size_t n_via;
	int has_min_gain;
	double min_gain;
	cp_rule *rules;
	size_t n_rules;
} cp_why;

/*
 * Works out why the query q (CP_QUERY_ROUTES) has no route. Returns 0,
 * CP_EINVALID, CP_ELIMIT or CP_ENOMEM.
 */
int cp_explain(cp_why **out, const cp_graph *graph, const cp_query *q,
	       cp_error *err);
void cp_why_free(cp_why *why);

void cp_routes_free(cp_routes *routes);

/* ---- Output ---------------------------------------------------------- */

typedef enum { CP_FORMAT_TEXT, CP_FORMAT_JSON, CP_FORMAT_CSV } cp_format;

/*
 * Parses "text", "json" or "csv". Returns 0 or CP_EINVALID.
 */
int cp_format_parse(cp_format *out, const char *name, cp_error *err);

/*
 * How an answer is written. sources: the text for people also gives each
 * step's row in transitions.csv, its metrics and its text columns (sources,
 * credentials, notes); JSON and CSV always hold everything.
 */
typedef struct cp_format_options {
	cp_format format;
	int sources;
} cp_format_options;

#define CP_FORMAT_OPTIONS_INIT                                                 \
	{                                                                      \
		CP_FORMAT_TEXT, 0                                              \
	}

/*
 * Appends the answer to a query to out, in the shape documented in
 * README.md: for routes and Pareto fronts ("Output") each step and route
 * with what the query counted (cp_route.values), the wages before and after
 * and the gains; for REACH and FEEDERS the roles reached ("careerpath
 * reach"). opts may be NULL for text without sources. routes may hold no
 * route. Returns 0, CP_EINVALID for a ROW (cp_matrix_write() writes those)
 * or CP_ENOMEM.
 */
int cp_routes_write(cp_buf *out, const cp_graph *graph, const cp_routes *routes,
		    const cp_format_options *opts);
/* cp_routes_write() in format, without sources. */
int cp_routes_format(cp_buf *out, const cp_graph *graph,
		     const cp_routes *routes, cp_format format);

/*
 * Appends a sentence for people saying why there is no route (no final
 * newline). It speaks of the query, never of a program's options: "a cap
 * of 6000 on cost_usd would admit one". Returns 0 or CP_ENOMEM.
 */
int cp_why_describe(cp_buf *out, const cp_graph *graph, const cp_why *why);

/*
 * Appends what a cost asks for, in words: "the quickest route"
 * (elapsed_months, or months where the graph has no elapsed_months), "the
 * cheapest route" (cost_usd), "the route with the fewest steps", "the route
 * with the least training time" (months beside elapsed_months) or "the
 * best route by EXPR". Returns 0 or CP_ENOMEM.
 */
int cp_cost_describe(cp_buf *out, const cp_graph *graph, const cp_cost *cost);

/*
 * Appends s to out as a JSON string (quoted and escaped) or as one CSV
 * field (quoted when it must be).
 */
int cp_buf_put_json_string(cp_buf *out, const char *s);
int cp_buf_put_csv_field(cp_buf *out, const char *s);
/*
 * Appends a number in the shortest form that reads back as the same
 * double, never in a locale's form; NaN as `null` (JSON) or "" (CSV).
 */
int cp_buf_put_number(cp_buf *out, double value, cp_format format);

/* ---- Batch ---------------------------------------------------------- */

/*
 * Writes a file atomically while it is being made: the bytes go to a
 * temporary file beside path, and cp_atomic_commit() renames it over path,
 * so a reader sees the old file or the whole new one, and a run that fails
 * leaves nothing behind (cp_atomic_abort()).
 */
typedef struct cp_atomic_file cp_atomic_file;

/* Returns 0, or CP_EIO when no file can be made beside path. */
int cp_atomic_open(cp_atomic_file **out, const char *path, cp_error *err);
/* The stream to write to; borrowed until commit or abort. */
FILE *cp_atomic_stream(cp_atomic_file *file);
/* Flushes, syncs and renames; frees file either way. 0 or CP_EIO. */
int cp_atomic_commit(cp_atomic_file *file, cp_error *err);
/* Removes the temporary file and frees file; NULL-safe. */
void cp_atomic_abort(cp_atomic_file *file);

/* One CSV field as read: NUL-terminated text and where it starts. */
typedef struct cp_csv_field {
	const char *text;
	size_t len;
	size_t line;
	size_t column;
} cp_csv_field;

/*
 * Called for each record. Returns 0 to go on, or a negative code to stop
 * reading (the code is then the reader's result).
 */
typedef int (*cp_csv_row_fn)(void *payload, const cp_csv_field *fields,
			     size_t n_fields);

/*
 * Streams CSV (RFC 4180, strict, optional UTF-8 BOM, LF, CRLF or CR) from
 * in through on_row, one record at a time, in memory bounded by the
 * longest record. name is the file's name for messages. A structural
 * fault (a stray quote, an unterminated field, a NUL byte, invalid UTF-8)
 * stops reading with CP_EDATA and its place in err; CP_EIO when reading
 * fails; CP_EDATA ("empty") when there is no record at all.
 */
int cp_csv_stream(FILE *in, const char *name, cp_csv_row_fn on_row,
		  void *payload, cp_error *err);

/*
 * What the columns of a batch file mean, read from its header row:
 * `from` and `to` (required) and the optional `by`, `k`, `max`, `avoid`,
 * `via`, `experience`, `min_gain`, and the career rules `max_zone_jump`,
 * `max_education` and `step_max` (METRIC=VALUE;...), each as in
 * `careerpath path`; every other column is carried through to the results
 * as written.
 */
typedef struct cp_batch_layout cp_batch_layout;

/*
 * Reads the header row. Returns 0, or CP_EINVALID when from or to is
 * missing, a column name is blank or given twice, or a carried column
 * would take the name of a result column (see cp_batch_header()). The
 * error's line and column are the header field's; its file is unset.
 */
int cp_batch_layout_new(cp_batch_layout **out, const cp_graph *graph,
			const cp_csv_field *header, size_t n_fields,
			cp_error *err);
void cp_batch_layout_free(cp_batch_layout *layout);
/* How many fields each row must have: the header's count. */
size_t cp_batch_layout_width(const cp_batch_layout *layout);

/*
 * One row of a batch file made into a query. The row owns everything the
 * query points to (its costs, avoid and via lists, caps, rules) and the carried
 * fields. When status is not 0 the row cannot be answered: error.message
 * names the column and the value, error.line and error.column give the
 * field's place (error.file is unset: the caller knows the file).
 */
typedef struct cp_batch_row {
	size_t line; /* the line where the row starts */
	cp_query query;
	int status;
	cp_error error;
	/* from, to and by as given ("steps" for a blank by) */
	char *from_text;
	char *to_text;
	char *by_text;
	/* what follows is owned by the row: read through query */
	char **carried; /* one per carried column; "" when the row is short */
	size_t n_carried;
	cp_cost *cost;
	cp_cost **cap_costs;
	cp_cap *caps;
	size_t *avoid;
	size_t *via;
	cp_rule *rules;
} cp_batch_row;

/*
 * Parses one row. Always returns a row in *out (NULL only with CP_ENOMEM)
 * whose status says whether it can be answered: CP_ENOTFOUND or
 * CP_EAMBIGUOUS (a role or metric), or CP_EINVALID (a malformed number,
 * cap or list, or a row whose field count differs from the header's).
 * The function returns 0 or CP_ENOMEM. Cost: O(length of the row) plus
 * one role lookup per role named.
 */
int cp_batch_row_parse(cp_batch_row **out, const cp_graph *graph,
		       const cp_batch_layout *layout,
		       const cp_csv_field *fields, size_t n_fields,
		       cp_error *err);
void cp_batch_row_free(cp_batch_row *row);

/*
 * Appends the header line of the results (CSV; nothing for CP_FORMAT_JSON,
 * whose lines name their fields): line, the carried columns, from, to,
 * by, rank, cost, one total per metric, steps, then wage_start, wage_end,
 * gain_usd and gain_pct when the graph has median wages, route, error and
 * unknown_steps: the figures of the route that rest on steps whose value is
 * not known, and on how many (cost=1;experience_months=1; in JSON an
 * object), whose cost and totals are then lower bounds (cp_route). Returns
 * 0, CP_EINVALID for CP_FORMAT_TEXT, or CP_ENOMEM.
 */
int cp_batch_header(cp_buf *out, const cp_graph *graph,
		    const cp_batch_layout *layout, cp_format format);

/*
 * Appends a row's results: one line per route, rank 1 first, with the
 * route as role ids joined by '>'; or, when the row is bad (row->status)
 * or the search failed (status, the cp_search() result, with err), one
 * line whose error field says why: "no route" for CP_ENOROUTE. Lines are
 * CSV records, or JSON objects one per line (CP_FORMAT_JSON: JSON Lines)
 * with the same names; blanks are empty CSV fields and JSON nulls.
 * Returns 0, CP_EINVALID for CP_FORMAT_TEXT, or CP_ENOMEM.
 */
int cp_batch_write(cp_buf *out, const cp_graph *graph,
		   const cp_batch_layout *layout, const cp_batch_row *row,
		   const cp_routes *routes, int status, const cp_error *err,
		   cp_format format);

/*
 * The many-to-many cost matrix, as CSV: a header `from,<to ids>`, then one
 * line per origin with its cost to each target; a cell is empty where no
 * route exists, 0 for the origin itself, and >=COST where the cost rests on
 * steps whose value is not known (the least it can be, cp_route). row is the
 * cp_search() answer to a CP_QUERY_ROW from the origin to the header's targets.
 * Returns 0, CP_EINVALID when row is not a row, or CP_ENOMEM.
 */
int cp_matrix_header(cp_buf *out, const cp_graph *graph, const size_t *to,
		     size_t n_to);
int cp_matrix_write(cp_buf *out, const cp_graph *graph, const cp_routes *row);

/*
 * The graph as a career map. Reachability follows the moves the searches
 * follow (transitions, and those a role takes as a kind of another).
 * - components: strongly connected components (igraph), and the size of
 *   the largest.
 * - dead_ends: roles with no move out; entry_roles: roles no move leads
 *   into; unreachable: roles that no entry role reaches (0 when the graph
 *   has no entry role, as everything lies on cycles).
 * - pairs: ordered pairs of distinct roles; routed: how many have a
 *   route under the cost; median_cost and p90_cost: the 50th and 90th
 *   percentiles of those routes' costs, interpolated linearly between
 *   ranks (NaN when no pair has a route).
 * - gateways: the roles with the highest betweenness (igraph, directed,
 *   fewest-steps routes, parallel moves counted once), highest first, ties
 *   in role order; roles with betweenness 0 are left out.
 */
typedef struct cp_stats {
	size_t roles;
	size_t transitions;
	size_t components;
	size_t largest_component;
	size_t dead_ends;
	size_t entry_roles;
	size_t unreachable;
	size_t pairs;
	size_t routed;
	double median_cost;
	double p90_cost;
	char *cost; /* the cost's text */
	size_t n_gateways;
	size_t *gateways;
	double *betweenness;
} cp_stats;

/*
 * Works out the statistics under cost (NULL: steps), listing at most
 * max_gateways gateways. Calls igraph, so like loading it must not run
 * while another thread calls igraph; calls of cp_stats_compute() take one
 * lock between them. Returns 0, CP_ELIMIT, CP_ENOMEM or CP_ERROR.
 * Cost: one single-source search per role, O(V (V + E) log V) time, and
 * memory for one reach answer (CP_QUERY_REACH) at a time and O(D) more, D the
 * number of distinct route costs (costs are counted by value, so the
 * percentiles are exact: D is small on real graphs, as sums of whole months or
 * steps, but reaches V^2 in the worst case); betweenness is O(V E).
 */
int cp_stats_compute(cp_stats **out, const cp_graph *graph, const cp_cost *cost,
		     size_t max_gateways, cp_error *err);
void cp_stats_free(cp_stats *stats);
/*
 * Appends the statistics as text (for people), one JSON object, or CSV
 * rows `statistic,value` (gateways as `gateway,<id>,<betweenness>`
 * rows: see README.md). Returns 0 or CP_ENOMEM.
 */
int cp_stats_format(cp_buf *out, const cp_graph *graph, const cp_stats *stats,
		    cp_format format);

/* ---- Graphviz DOT ---------------------------------------------------- */

/*
 * What a diagram shows. By default every role and transition. With
 * around_from and/or around_to set, only the roles within depth transitions
 * of around_from (following transitions forward) and of around_to
 * (following them backward), and the transitions among them. With routes,
 * the first route is highlighted and the others drawn dashed; routes_only
 * leaves out everything that is on no route, instead of fading it.
 */
typedef struct cp_dot_options {
	size_t around_from;
	size_t around_to;
	size_t depth;
	const cp_routes *routes;
	int routes_only;
	/* a roles column whose values group roles into clusters, or NULL */
	const char *cluster_by;
	/* metrics shown on each transition's label */
	const size_t *label_metrics;
	size_t n_label_metrics;
	/* a title drawn at the top, or NULL */
	const char *title;
	/* whether to draw a small legend */
	int legend;
} cp_dot_options;

#define CP_DOT_OPTIONS_INIT                                                    \
	{                                                                      \
		CP_NO_ROLE, CP_NO_ROLE, 1, NULL, 0, NULL, NULL, 0, NULL, 1     \
	}

/*
 * Appends a Graphviz DOT digraph to out: left-to-right, nodes named by
 * quoted role ids, labelled with title and (where known) median_wage_usd.
 * Every string is escaped so that any CSV content renders as written.
 * Returns 0, CP_ENOTFOUND (cluster_by names no roles column), CP_EINVALID,
 * or CP_ENOMEM.
 */
int cp_dot_write(cp_buf *out, const cp_graph *graph, const cp_dot_options *opts,
		 cp_error *err);

#ifdef __cplusplus
}
#endif

#endif
