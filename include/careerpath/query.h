/*
 * careerpath/query.h: asking a graph. The query value (cp_query) with its
 * conditions (caps, career rules), the workspace a search runs in,
 * cp_search() and the routes it answers, and cp_explain() with why there
 * is no route.
 */
#ifndef CAREERPATH_QUERY_H
#define CAREERPATH_QUERY_H

#include "common.h"
#include "cost.h"
#include "graph.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * kinds mixed freely; the answers are the same as without it. The
 * workspaces of one graph share arc costs: however many search under one
 * cost at once, its arc costs are made and held once.
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
 * How a reach answer (REACH, FEEDERS) holds its routes. A reach answer is
 * a tree of cheapest routes, and a role's route is often its parent's
 * route and one step more: storing every route whole takes memory that
 * grows with the square of the routes' length (a chain of 10,000 roles
 * holds 50 million steps).
 * - CP_REACH_ROUTES: cp_routes.items holds each role's whole route. The
 *   budget counts each step of every route (cp_query.limit).
 * - CP_REACH_TREE: items is NULL and the answer keeps the search's tree
 *   (cp_routes.tree): O(roles) memory, each route rebuilt when it is
 *   written (cp_routes_route()), one at a time. The budget counts the
 *   same as for ROUTES, since each route is still written whole.
 * - CP_REACH_PARENTS: the tree, for an answer that names each role's
 *   parent rather than its route (cp_routes_row()): the budget counts one
 *   label per role listed, and a route's steps only where it is not its
 *   parent's route and one step more (possible under caps alone).
 */
typedef enum { CP_REACH_ROUTES, CP_REACH_TREE, CP_REACH_PARENTS } cp_reach_form;

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
 * - limit: bound on the work of the whole query, in search labels; 0
 *   means CP_DEFAULT_LIMIT. Past it the search stops with CP_ELIMIT. The
 *   label-setting searches (caps, via, k, pareto, reach, feeders, rows
 *   with caps) count each label they make, and their bookkeeping as
 *   labels: each step of a k-routes candidate kept or compared, each
 *   point of a Pareto front compared, each step of a reach answer built.
 *   A query's later searches (explain, k routes' spur searches) draw on
 *   the same count. Plain Dijkstra (no caps, no via, one route, rows
 *   without caps) is bounded by the graph and counts nothing.
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
 * - timeout: a deadline, in seconds from the start of cp_search() or
 *   cp_explain() (CLOCK_MONOTONIC); 0 or infinity means none. Past it the
 *   query stops with CP_ETIMEOUT, within a few milliseconds on any graph
 *   whose roles have up to some thousands of transitions each: every
 *   search, Dijkstra included, reads the clock every 1024 labels or heap
 *   pops. Must be >= 0 (not NaN).
 * - cancelled, cancel_arg: when cancelled is set, it is called with
 *   cancel_arg whenever the deadline is checked (whether or not there is
 *   one); a non-zero answer stops the query with CP_ECANCELED. For a
 *   server to call a query off when its client has gone or it shuts
 *   down; it may be called from the searching thread only, so it must be
 *   safe to call there (read an atomic flag, say) and must not call
 *   back into the search.
 * - detours: with k > 1, keep detours among the routes (the raw k best
 *   loopless routes); by default they are left out (cp_search()). k = 1
 *   is the same either way.
 * - differ: with k > 1, when > 0 (at most 1): routes with limited
 *   overlap, each next route the best that overlaps each route before
 *   it by at most this fraction of the cheaper one's cost (cp_search());
 *   0 for the k best routes. Must be 0 or in (0, 1].
 * - also, n_also: roles the person holds as well as `from` (a credential,
 *   a finished programme, a past job): every route may start from any of
 *   them instead, with no step in between, as if it were a query from
 *   that role (cp_search(), "Held roles"). Repeats, and `from` among
 *   them, count once. None may be avoided. Not for FEEDERS.
 * - Destination rules, on where a route ends; a route that breaks one is
 *   left out of the answer and counted (cp_routes.left_out), as is a
 *   route whose figure for a rule is not known (left_out_unknown), since
 *   the rule cannot be shown kept:
 *   - growing: the last role's employment_change_pct (a number column of
 *     CP_ROLES; BLS projected change over ten years) is above 0;
 *   - has_min_openings, min_openings: its annual_openings (openings a
 *     year, people) is at least min_openings;
 *   - has_max_payback, max_payback: the route pays back (cp_route_payback)
 *     within max_payback months. Kept by the routes the query finds: a
 *     dearer route to the same role that pays back sooner is not sought.
 *   The outlook rules read the last role alone, so leaving routes out
 *   answers exactly what a search confined to such roles would.
 * - reach_form: how a REACH or FEEDERS answer holds its routes
 *   (cp_reach_form); the others ignore it.
 * - discount: the yearly rate (0.05 for 5%; must be >= 0) at which the
 *   payback of every route of the answer discounts the extra pay
 *   (cp_route_payback_at), for the max_payback rule and the answer alike
 *   (cp_routes.discount); 0, none.
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
	double timeout;
	int (*cancelled)(void *cancel_arg);
	void *cancel_arg;
	int detours;
	double differ;
	const size_t *also;
	size_t n_also;
	int growing;
	int has_min_openings;
	double min_openings;
	int has_max_payback;
	double max_payback;
	cp_reach_form reach_form;
	double discount;
} cp_query;

#define CP_DEFAULT_LIMIT_LABELS 2000000
#define CP_DEFAULT_LIMIT ((size_t)CP_DEFAULT_LIMIT_LABELS)

#define CP_QUERY_INIT                                                          \
	{                                                                      \
		CP_QUERY_ROUTES, CP_NO_ROLE, CP_NO_ROLE, NULL, 1, NULL, 0,     \
			NULL, 0, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL,  \
			0, NULL, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 0, 0, 0,  \
			0, CP_REACH_ROUTES, 0                                  \
	}

/*
 * Sets *q to CP_QUERY_INIT: the initialiser as a function, for languages
 * that cannot use a C macro. q must not be NULL.
 */
void cp_query_init(cp_query *q);

/* ---- The query vocabulary -------------------------------------------- */

/*
 * The words a query is written in, wherever it is written: a command's
 * options and arguments, the columns of a batch file, the parameters of
 * the web page. Each word is declared once (cp_query_word_at), with the
 * kind of value it takes, its help and how a mistake in it is told;
 * cp_query_read() applies a word and its text to a query.
 */
typedef enum {
	CP_WORD_ROLE,	  /* a role's id, title or alias */
	CP_WORD_ROLES,	  /* one role per value; repeatable */
	CP_WORD_COST,	  /* a cost expression (cp_cost_parse) */
	CP_WORD_COUNT,	  /* a whole number from 1 to the word's max */
	CP_WORD_NUMBER,	  /* a number >= 0 */
	CP_WORD_PERCENT,  /* a number >= 0, a '%' after it allowed */
	CP_WORD_CAP,	  /* COST=VALUE, one per value; repeatable */
	CP_WORD_STEP_MAX, /* METRIC=VALUE, one per value; repeatable */
	CP_WORD_FLAG	  /* yes or no: an option alone says yes, a cell
			     says yes or no */
} cp_word_kind;

/*
 * One word. Invariant: name is never NULL; repeatable is set exactly for
 * CP_WORD_ROLES, CP_WORD_CAP and CP_WORD_STEP_MAX, whose arg ends in "...".
 * - name: as options spell it ("min-gain").
 * - column: as batch columns and the page's parameters spell it
 *   ("min_gain"); NULL for a word only a program's option sets (limit).
 * - arg: the value's placeholder in help ("PERCENT").
 * - help: one line for --help and the manual.
 * - fallback: the text a query is read with when the word is not given
 *   (by: "steps"), or NULL.
 * - max: CP_WORD_COUNT only: the largest count.
 * - problem, expected: the words of a mistake in a batch cell ("bad
 *   percentage '...' in column 'min_gain' (expected ...)").
 * - takes: what an option takes, in a mistake in an option ("option
 *   '--min-gain' takes ..., not '...'").
 */
typedef struct cp_query_word {
	const char *name;
	const char *column;
	cp_word_kind kind;
	int repeatable;
	const char *arg;
	const char *help;
	const char *fallback;
	size_t max;
	const char *problem;
	const char *expected;
	const char *takes;
} cp_query_word;

/* The i-th word, in the order a query is read; NULL past the last. */
const cp_query_word *cp_query_word_at(size_t i);
/* The word spelled name (as an option or a column), or NULL. */
const cp_query_word *cp_query_word_find(const char *name);

/*
 * What a query read by cp_query_read() owns: its cost, avoid and via
 * lists, caps and rules, which the query points into. Starts as
 * CP_QUERY_PARTS_INIT; cp_query_parts_free() frees it all (NULL-safe).
 */
typedef struct cp_query_parts {
	cp_cost *cost;
	size_t *avoid, *via;
	cp_cap *caps;
	cp_cost **cap_costs; /* the caps' costs, n_cap_costs of them */
	size_t n_cap_costs;
	cp_rule *rules;
	size_t avoid_alloc, via_alloc, caps_alloc, cap_costs_alloc;
	size_t rules_alloc;
	size_t *also;
	size_t also_alloc;
} cp_query_parts;

#define CP_QUERY_PARTS_INIT                                                    \
	{                                                                      \
		NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, NULL, 0  \
	}

void cp_query_parts_free(cp_query_parts *parts);

/*
 * Where a word was written, for its mistakes. A cell of a batch file
 * (CP_PLACE_CELL) holds a repeatable word's values separated by ';', and
 * a blank cell of a number word leaves the query as it is; an option or
 * argument (CP_PLACE_OPTION) holds one value. spelling is the word as it
 * was written there ("--max", "-k", "FROM"; a cell: its column); line and
 * column place a cell in its file (0: unknown).
 */
typedef enum { CP_PLACE_OPTION, CP_PLACE_CELL } cp_place_kind;

typedef struct cp_word_place {
	cp_place_kind kind;
	const char *spelling;
	size_t line;
	size_t column;
} cp_word_place;

/*
 * Reads text as word's value into q, which then points into parts: a
 * repeatable word adds to what q holds, any other word sets it. On a
 * mistake err's message says what is wrong in the terms of the place
 * (its line and column are the place's; its file is unset) and q keeps
 * what it held. Returns 0, CP_ENOTFOUND or CP_EAMBIGUOUS (a role or
 * metric), CP_EINVALID (a malformed value, or a rule on a roles column
 * the graph does not have) or CP_ENOMEM. Cost: O(length of text) plus one
 * role lookup per role named.
 */
int cp_query_read(cp_query *q, cp_query_parts *parts, const cp_graph *graph,
		  const cp_query_word *word, const char *text,
		  const cp_word_place *place, cp_error *err);

/*
 * Orders two queries by what they ask: 0 when every field but the
 * workspace asks the same, so that one answer serves both. Costs compare
 * by what they weigh (cp_cost_compare), k 0 as 1, limit 0 as
 * CP_DEFAULT_LIMIT, timeout 0 as infinity (none), and min_gain only when
 * has_min_gain is set; lists (avoid, via, also, caps, rules, objectives,
 * targets) compare in order. The cancel hook (cancelled, cancel_arg) is
 * not compared, like the workspace: it says who waits for the answer,
 * not what is asked.
 */
int cp_query_compare(const cp_query *x, const cp_query *y);

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
 * - differ: the overlap the routes keep to (cp_query.differ), when the
 *   query asked for routes that differ; 0 otherwise.
 * - also, n_also: the roles the query held besides from (cp_query.also),
 *   repeats and from left out; a route starting at one of them has it as
 *   roles[0]. NULL and 0 when none.
 * - left_out: routes found and then left out by the query's destination
 *   rules (cp_query), in FEEDERS and REACH one per role; left_out_unknown
 *   of them for a figure not known (a blank outlook, a payback unknown).
 * - tree, rows, parents: a REACH or FEEDERS answer asked as a tree
 *   (cp_query.reach_form CP_REACH_TREE or CP_REACH_PARENTS): items is
 *   NULL, tree holds the routes and rows[i] stands for the i-th role
 *   listed (cp_routes_route(), cp_routes_row()). Like items, rows may be
 *   reordered, or a copy of the answer given a part of them and its own
 *   count, to write some of the roles in another order. parents is set
 *   for CP_REACH_PARENTS. Otherwise tree and rows are NULL, parents 0.
 * - discount: the query's discount: writers count each route's payback
 *   at it (cp_route_payback_at).
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
	double differ;
	size_t *also;
	size_t n_also;
	size_t left_out;
	size_t left_out_unknown;
	struct cp_route_tree *tree;
	size_t *rows;
	int parents;
	double discount;
} cp_routes;

/*
 * Route i of an answer (0 <= i < routes->count) into *out: items[i], or,
 * for a tree (cp_routes.tree), the route rebuilt into scratch, whose
 * arrays it frees and replaces, so that one scratch serves every route
 * in turn: start it zeroed, and free it with cp_route_clear(). *out is
 * borrowed from routes or scratch. Returns 0 or CP_ENOMEM (*out NULL).
 * Cost: O(steps of the route).
 */
int cp_routes_route(const cp_route **out, cp_route *scratch,
		    const cp_graph *graph, const cp_routes *routes, size_t i);
/* Frees a route's arrays and zeroes it. NULL-safe arrays. */
void cp_route_clear(cp_route *route);

/*
 * Row i of a reach answer kept as a tree (cp_routes.tree), without
 * rebuilding its route: what an answer that names parents writes.
 * - role: the role listed; parent: the role next to it on its route,
 *   towards the start (REACH: the role before it, or from) or towards the
 *   target (FEEDERS: the role after it, or to).
 * - chained: the route is parent's own route (its row, or the start) and
 *   one step more. Always so without caps; under caps a role's cheapest
 *   route within them may pass a role by a costlier way than that role's
 *   own route, and the whole route is then the one to write
 *   (cp_routes_route()).
 * - cost, n_steps, totals (one per metric, borrowed from routes): as in
 *   the route (cp_route), summed from the start along the route, from
 *   the target back for FEEDERS.
 * - blanks: the steps whose value is blank: [0] in the cost, [1 + m] in
 *   metric m (borrowed).
 * - start: the role the route starts at (REACH: from, or a role held as
 *   well, cp_query.also; FEEDERS: the role listed).
 * Cost: O(1).
 */
typedef struct cp_reach_row {
	size_t role;
	size_t parent;
	int chained;
	double cost;
	size_t n_steps;
	const double *totals;
	const size_t *blanks;
	size_t start;
} cp_reach_row;

void cp_routes_row(cp_reach_row *out, const cp_graph *graph,
		   const cp_routes *routes, size_t i);

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
 * Detours (k > 1): a route r0 -> r1 -> ... -> rn, step j (1 <= j <= n)
 * going from r(j-1) to rj by transition tj, is a detour when for some
 * step j and some earlier role ri, i < j - 1, ri could take tj itself
 * (cp_transition_from(tj) is ri or a role ri is a kind of, following
 * cp_role_parent, and tj does not lead back to ri) and the shortcut r0
 * ... ri, then tj, then rj ... rn is a route the query allows: it keeps
 * q->via in order, and its new step out of ri keeps the wage rule and
 * the career rules (avoid and caps hold by themselves, as the shortcut
 * enters no new role and every value is >= 0). The shortcut has fewer
 * steps and costs no more, so it comes first by the tie rule: the best
 * route is never a detour. Unless q->detours is set, the k routes are
 * the k best routes that are not detours, in the same order; the
 * detours found on the way still seed Yen's spur searches, as routes
 * that are no detours may branch off them.
 *
 * Routes that differ (k > 1, q->differ > 0): the k shortest paths with
 * limited overlap (Chondrogiannis et al., The VLDB Journal 29, 2020).
 * Route 1 is the best route; route i is the first route by the tie rule,
 * not a detour (unless q->detours) and none of routes 1 .. i-1, whose
 * overlap with each route j < i is at most q->differ times the cost of
 * the cheaper of the two (within a relative 1e-9; a route that costs
 * nothing overlaps none). The overlap of route i with route j is the sum,
 * over the steps of route i whose transition route j takes too (whichever
 * role takes it), of the lesser of that step's cost and the least route
 * j pays for that transition: costs under q->cost, experience credit on
 * each route's first step. Fewer than k routes when no more keep apart.
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
 * loader and cp_cost_parse() refuse both. Returns CP_ENOROUTE, with an
 * empty *out (count 0), when there is none.
 *
 * Totals that pass the largest double: a route whose cost (or total under
 * a cap of infinity, such as a Pareto objective) overflows cannot be
 * ranked, so searches set it aside; when the answer then lacks a route
 * it would have had (fewer than k routes, a role left out of a reach, a
 * target of a row unreached, any such route of a Pareto front), the query
 * fails with CP_EOVERFLOW ("the total of months overflows") rather than
 * tell of fewer routes than there are. A total past a finite cap is only
 * past the cap.
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
 * Held roles (q->also): the person holds q->from and each of q->also, so
 * a route may start from any of them. The answer is what the same query
 * gives over the routes from each held role together: each route is a
 * route of the query asked from its first role (roles[0]), kept or left
 * out by the same conditions, and the routes are ranked together by the
 * tie rule (routes from different roles differ in their first arc, so
 * the rule orders them). A route's first role is where it starts: its
 * first step keeps the wage rule and the career rules as a step out of
 * that role, and the experience already worked (q->experience) counts
 * only on a first step out of q->from. A held role is not reached: REACH
 * lists none of them, and a route to one has no steps. Today's pay, to
 * which an answer's rise in pay is compared, stays that of q->from.
 *
 * CP_QUERY_ROW: for each of q->targets, in the order given, the route
 * cp_search() gives from q->from to that target alone (same route, same
 * tie rule, same cost), from one single-source search that stops once
 * every target is settled (with caps, once all within them is). avoid (no
 * target among them), caps, the rules and experience apply; via, k > 1 and
 * explain are refused. A target with no route has an item of cost INFINITY and
 * no steps (cp_route). Returns 0 whatever is reached.
 *
 * Otherwise returns CP_EINVALID, CP_ELIMIT, CP_ETIMEOUT, CP_ECANCELED,
 * CP_EOVERFLOW or CP_ENOMEM with *out NULL; err's message says which
 * bound stopped the search.
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
 * k best. Leaving detours out, it goes on through them until k routes are
 * no detours: each candidate is checked in O(n^2 (out-degree + n)) for n
 * steps, and where many detours tie (moves between kinds of a role that
 * cost nothing) the spur searches grow with them, within q->limit.
 * Routes that differ run one label-setting search per route, each label
 * carrying its overlap with every route found as a capped resource: exact,
 * but the labels kept per state can grow exponentially with k (the problem
 * is weakly NP-hard), hence q->limit; each search first looks only among
 * routes up to 1 1/8, 1 1/2 and 3 times the last route's cost.
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
 * CP_EINVALID, CP_ELIMIT, CP_ETIMEOUT, CP_ECANCELED or CP_ENOMEM.
 */
int cp_explain(cp_why **out, const cp_graph *graph, const cp_query *q,
	       cp_error *err);
void cp_why_free(cp_why *why);

void cp_routes_free(cp_routes *routes);

#ifdef __cplusplus
}
#endif

#endif
