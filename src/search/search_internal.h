/*
 * The search family's private header (src/search/), one section per file.
 * The layers, each file calling only those below it:
 *
 *   search.c    the public entry point: describe, then one table of
 *               {kind, check, solve} for each kind of query
 *   reach.c     reach and feeders; pareto.c Pareto fronts; row.c rows
 *   explain.c   why there is no route, by solving looser queries
 *   solve.c     the query solver: the checks every kind starts from, and
 *               a checked query to the algorithm that answers it
 *   differ.c    k routes with limited overlap, over Yen's
 *   yen.c       Yen's k loopless routes over the label-setting engine
 *   bidir.c     the plain query searched from both ends, when that gives
 *               exactly the answer of dijkstra.c's search from one end
 *   dijkstra.c  Dijkstra for the plain query, and the tree to a target
 *   workspace.c what the searches keep between queries: Dijkstra's
 *               arrays, the arc costs it holds, and the label-setting
 *               engine it owns
 *   arc_costs.c the arc costs of a cost, shared by a graph's workspaces
 *   labels.c    the label-setting engine over (role, via stage) states
 *   route.c     steps, routes, and the tie rule
 *   budget.c    what a query may spend (work, time, the caller's
 *               patience), and the note of a total that overflowed
 *
 * reach.c, pareto.c and row.c each check their kind of query with
 * solve.c's checks and answer it with the engine or Dijkstra directly;
 * only pareto.c asks explain.c why there is no route.
 */
#ifndef CP_SEARCH_INTERNAL_H
#define CP_SEARCH_INTERNAL_H

#include "internal.h"

#include <math.h>

/* No label, state, arc or distance; a role that is none is CP_NO_ROLE. */
#define CP_NONE ((size_t)-1)

/* ---- budget.c: what a query may spend ---- */

/* Units of work (or heap pops) between two readings of the clock. */
#define CP_BUDGET_CHECK 1024
/*
 * Small steps of bookkeeping (a comparison, an arc copied or hashed)
 * charged as one label: a label's own work is its arcs, a dozen or more
 * each on the graphs this is for.
 */
#define CP_COMPARES_PER_LABEL 16

/*
 * One query's budget, kept in its workspace and started by cp_search()
 * or cp_explain(): every search the query runs draws on it. used counts
 * labels and bookkeeping charged as labels (cp_query.limit); the clock
 * and the cancel hook are read every CP_BUDGET_CHECK units, whether
 * charged or only ticked (Dijkstra's pops, which the limit does not
 * count). Once stopped, every later charge fails the same way.
 */
typedef struct cp_budget {
	size_t limit;
	size_t used;
	size_t since_check;
	double timeout;	 /* as asked, for the message */
	double deadline; /* CLOCK_MONOTONIC seconds; INFINITY when none */
	int (*cancelled)(void *);
	void *cancel_arg;
	int stopped; /* 0, CP_ELIMIT, CP_ETIMEOUT or CP_ECANCELED */
	/* a route was set aside because a total passed the largest double:
	 * the first such cost */
	int overflowed;
	const cp_cost *overflow;
} cp_budget;

void cp_budget_start(cp_budget *b, const cp_query *q);
/* Reads the limit, the clock and the hook: 0 or the status that stops. */
int cp_budget_check(cp_budget *b);

/* Charges units of work against the limit; 0 or the status that stops. */
static inline int cp_budget_charge(cp_budget *b, size_t units)
{
	b->used = b->used + units < b->used ? SIZE_MAX : b->used + units;
	if (b->used > b->limit || b->stopped ||
	    (b->since_check += units) >= CP_BUDGET_CHECK)
		return cp_budget_check(b);
	return 0;
}

/* Counts work the limit does not: only the clock and the hook. */
static inline int cp_budget_tick(cp_budget *b)
{
	if (++b->since_check >= CP_BUDGET_CHECK || b->stopped)
		return cp_budget_check(b);
	return 0;
}

/* The message of a status a budget stopped with (or of CP_ENOMEM). */
int cp_budget_fail(const cp_budget *b, int status, cp_error *err);
/* Notes that a route was set aside, its total of cost overflowing. */
void cp_budget_overflow(cp_budget *b, const cp_cost *cost);
/* "the total of months overflows": CP_EOVERFLOW. */
int cp_budget_fail_overflow(const cp_budget *b, cp_error *err);

/* ---- route.c: steps, routes and the tie rule ---- */

/*
 * The tie rule of careerpath.h, in one place: routes go by cost, then
 * steps, then the arcs taken compared from the route's last back (arcs are
 * ordered so that this compares transitions, then roles). cp_tie_order
 * compares the first two keys (<0: a first, >0: b first, 0: tied);
 * cp_tie_arcs the third over arrays of arcs of equal length.
 */
static inline int cp_tie_order(double cost_a, size_t steps_a, double cost_b,
			       size_t steps_b)
{
	if (cost_a != cost_b)
		return cost_a < cost_b ? -1 : 1;
	if (steps_a != steps_b)
		return steps_a < steps_b ? -1 : 1;
	return 0;
}

int cp_tie_arcs(const size_t *a, const size_t *b, size_t n);

/*
 * A step's values. A search's edges are arcs (internal.h). credit is the
 * experience already worked in the role the arc leaves, when the arc is
 * the first step of a route from the query's start, and 0 otherwise: it
 * comes off experience_months (and elapsed_months) of that step.
 * cp_step_value is the value (NaN where blank); cp_step_lower the least
 * it can be, a blank counted as its lower bound (cp_metric_lower), which
 * is what every search counts; cp_step_cost that of a cost.
 */
double cp_step_value(const cp_graph *g, size_t metric, size_t arc,
		     double credit);
double cp_step_lower(const cp_graph *g, size_t metric, size_t arc,
		     double credit);
double cp_step_cost(const cp_graph *g, const cp_cost *cost, size_t arc,
		    double credit);
/*
 * The rules a query sets on each step: the wage rule (cp_query.min_gain)
 * and the career rules (cp_query.rules). Searches test them where they
 * take an arc, all in cp_step_allowed(), so that each search keeps the
 * same rules in the same way.
 */
typedef struct cp_step_rules {
	int has_min_gain;
	double min_gain;
	const cp_rule *rules;
	size_t n_rules;
} cp_step_rules;

cp_step_rules cp_step_rules_of(const cp_query *q);
static inline int cp_step_rules_set(const cp_step_rules *r)
{
	return r->has_min_gain || r->n_rules;
}
/* Whether the step along arc, from cp_arc_from to cp_arc_to, keeps r. */
int cp_step_allowed(const cp_graph *g, const cp_step_rules *r, size_t arc);

/*
 * Fills a route from its arcs: roles, transitions, each step's values,
 * totals, cost under cost; credit as for cp_step_value on the first step.
 */
int cp_route_fill(cp_route *route, const cp_graph *g, const cp_cost *cost,
		  size_t start, const size_t *edges, size_t n, double credit);
/* Keeps the first n caps of why (a Pareto front's own come after). */
void cp_why_keep_caps(cp_why *why, size_t n);

/* ---- destination.c: rules on where a route ends ---- */

/* Whether q has a destination rule: growing, min_openings, max_payback. */
int cp_query_has_destination_rules(const cp_query *q);
/*
 * Leaves out of routes (in order) the routes that break q's destination
 * rules, counting them in routes->left_out (and left_out_unknown); a
 * row's target keeps its item, with no route. Returns 0, or CP_ENOROUTE
 * with err's message when a query of routes (ROUTES, PARETO) had routes
 * and none is left.
 */
int cp_destination_filter(cp_routes *routes, const cp_graph *g,
			  const cp_query *q, cp_error *err);

/* ---- labels.c: the label-setting engine ---- */

typedef struct cp_engine cp_engine;

/*
 * The label-setting engine. A state is a role and a via stage (how many
 * via roles the route has passed, in order). A label is one way of
 * reaching a state, with its cost, steps and resource totals; a label is
 * dropped when a settled label at its state is no worse in all of them,
 * which keeps routes loopless and, with no resources, makes the engine
 * Dijkstra's algorithm.
 *
 * Settling order: the tie rule (cp_tie_order, then arcs from the route's
 * last back; a backward search compares from the target end), so results
 * never depend on heap layout. Every label is charged to the budget of
 * the workspace the engine belongs to (cp_workspace_engine), so that
 * Yen's many spur searches, and every search of one query, share it.
 *
 * A label whose cost, or total under a cap of infinity, passes the
 * largest double is set aside, not pushed; when a run that settles every
 * state it can ends with such a label's state unsettled, a route was
 * lost, and the run notes it in the budget (cp_budget_overflow).
 */
typedef struct cp_engine_config {
	const cp_graph *g;
	const cp_cost *cost;
	size_t n_res;
	const cp_cost *res_cost[CP_COLUMNS_MAX + 1];
	double res_cap[CP_COLUMNS_MAX + 1]; /* INFINITY when uncapped */
	const size_t *via;
	size_t n_via;
	int reverse; /* follow transitions backward (feeder roles) */
	/* the query's rules: experience already worked in credit_role, which
	 * counts on a first step out of it; the rules of each step */
	size_t credit_role;
	double credit;
	cp_step_rules rules;
	const unsigned char *role_blocked; /* avoided roles, or NULL */
	/*
	 * The last n_share resources are overlaps with routes found before
	 * (differ.c): resource n_res - n_share + j adds, on a step by
	 * transition t, the lesser of the step's cost under cost and
	 * share[j][t] (0 where that route does not take t); res_cost of
	 * those is unused. cp_engine_config_query sets none.
	 */
	size_t n_share;
	const double *const *share;
} cp_engine_config;

/* What a step along arc adds to resource i of c (credit as for cost;
 * step_cost: the step's cost under c->cost). */
static inline double cp_engine_res_step(const cp_engine_config *c, size_t i,
					size_t arc, double credit,
					double step_cost)
{
	if (i + c->n_share >= c->n_res) {
		double w = c->share[i + c->n_share - c->n_res]
				   [cp_arc_tr(c->g, arc)];
		return step_cost < w ? step_cost : w;
	}
	return cp_step_cost(c->g, c->res_cost[i], arc, credit);
}

/*
 * A configuration for q: its cost, caps as resources, via and rules;
 * blocked is the avoid mask (may be NULL). Returns 0 or CP_EINVALID.
 * The engine draws on the budget of the workspace it runs in.
 */
int cp_engine_config_query(cp_engine_config *c, const cp_graph *g,
			   const cp_query *q, const unsigned char *blocked,
			   cp_error *err);

/*
 * An engine with no storage yet, for cp_engine_destroy to free; its
 * storage grows with use and is kept from one configuration to the next.
 * cp_engine_configure sets it up for c. Both return 0 or CP_ENOMEM.
 */
int cp_engine_new(cp_engine **out, cp_error *err);
int cp_engine_configure(cp_engine *e, const cp_engine_config *c,
			cp_budget *budget, cp_error *err);
void cp_engine_destroy(cp_engine *e);

/*
 * Yen's spur searches: states blocked (the root), and arcs blocked when
 * leaving spur_state (the ways earlier routes left it). NULL for none.
 */
void cp_engine_block(cp_engine *e, const unsigned char *state_blocked,
		     const unsigned char *spur_arc_blocked, size_t spur_state);
/*
 * Transitions blocked, by transition (NULL for none), in states of the
 * spur's via stage: CP_TR_BLOCKED everywhere, CP_TR_BLOCKED_PAST_SPUR
 * except on leaving spur_state. Yen
 * blocks so the moves a root's role could take itself, which later would
 * make a detour.
 */
enum { CP_TR_OPEN, CP_TR_BLOCKED, CP_TR_BLOCKED_PAST_SPUR };
void cp_engine_block_transitions(cp_engine *e, const unsigned char *tr_blocked);
/*
 * Pruning: lower[role] is at most the cost of any way from role to the
 * target (INFINITY when there is none, not even one whose cost
 * overflows); labels whose cost plus that exceeds bound are dropped. Exact:
 * every label of a route costing at most bound stays, and the others are
 * processed in the same order.
 */
void cp_engine_prune(cp_engine *e, const double *lower, double bound);

/*
 * Runs from a start state with the given starting totals (res may be NULL
 * for zeros). With target_role set, stops when a label at the target's
 * final stage settles and returns it in *found (CP_NONE if none); with
 * target_role CP_NO_ROLE, settles everything reachable. Returns 0, a
 * budget's stop (CP_ELIMIT, CP_ETIMEOUT, CP_ECANCELED) or CP_ENOMEM.
 */
int cp_engine_run(cp_engine *e, size_t start_state, double start_cost,
		  size_t start_steps, const double *start_res,
		  size_t target_role, int stop_at_target, size_t *found,
		  cp_error *err);

/*
 * cp_engine_run from the start state of every role q holds (cp_held_at),
 * each with zero totals: a search from all of them at once.
 */
int cp_engine_run_held(cp_engine *e, const cp_query *q, size_t target_role,
		       int stop_at_target, size_t *found, cp_error *err);
/*
 * Keeps the labels of the run just made: each later run (until the engine
 * is configured anew) starts with them settled, as a run from the kept
 * run's starts and its own would have settled them, but neither expands
 * nor charges them again. A later run's own labels are numbered from
 * cp_engine_kept. cp_engine_reattach gives the engine the kept run's
 * configuration again, with arrays made anew (the avoid mask).
 */
void cp_engine_keep(cp_engine *e);
size_t cp_engine_kept(const cp_engine *e);
void cp_engine_reattach(cp_engine *e, const cp_engine_config *c);
/* The role the route to label starts at (a forward search's). */
size_t cp_engine_origin(const cp_engine *e, size_t label);
/*
 * cp_engine_route for a forward search from the roles q holds: the route
 * starts at the label's origin, with the experience credit it has there.
 */
int cp_engine_route_held(cp_route *route, const cp_engine *e, size_t label,
			 const cp_cost *cost, const cp_query *q);

size_t cp_engine_stages(const cp_engine *e);
/* The state of role at stage, and the state a route starting at role is in. */
size_t cp_engine_state(const cp_engine *e, size_t role, size_t stage);
size_t cp_engine_start(const cp_engine *e, size_t role);
/* The state after arriving at role from state. */
size_t cp_engine_next(const cp_engine *e, size_t state, size_t role);
/* The state where a route to role ends (its last via stage). */
size_t cp_engine_final(const cp_engine *e, size_t role);

double cp_engine_cost(const cp_engine *e, size_t label);
size_t cp_engine_steps(const cp_engine *e, size_t label);
double cp_engine_res(const cp_engine *e, size_t label, size_t i);
/* Settled labels at a state, newest first; CP_NONE ends the list. */
size_t cp_engine_settled(const cp_engine *e, size_t state);
size_t cp_engine_settled_next(const cp_engine *e, size_t label);
/* The first label settled at a state, its cheapest; CP_NONE if none. */
size_t cp_engine_first(const cp_engine *e, size_t state);

/* The labels made since the engine was configured, and each label's
 * pred (CP_NONE at the start) and the arc into it (CP_NONE likewise). */
size_t cp_engine_labels(const cp_engine *e);
size_t cp_engine_pred(const cp_engine *e, size_t label);
size_t cp_engine_edge(const cp_engine *e, size_t label);

/* Arcs from the start to label, in route order (n at most steps). */
int cp_engine_path(const cp_engine *e, size_t label, size_t **edges, size_t *n);
/*
 * The route to label, filled by cp_route_fill from its arcs: start is the
 * role it starts at (for a backward search, label's own), cost and credit
 * as there. Returns 0 or CP_ENOMEM.
 */
int cp_engine_route(cp_route *route, const cp_engine *e, size_t label,
		    const cp_cost *cost, size_t start, double credit);

/* ---- workspace.c: what searches keep between queries ---- */

/* One role's label in a Dijkstra run (dijkstra.c): 16 bytes, so that the
 * run's random reads touch one cache line per role. */
typedef struct cp_node {
	double cost; /* INFINITY when unseen */
	uint32_t steps;
	uint32_t settled; /* 1 once final, or when the role is avoided */
} cp_node;

/* A lazy 4-ary heap entry: a role with the label it was pushed with. */
typedef struct cp_heap_item {
	double cost;
	uint32_t steps;
	uint32_t role;
} cp_heap_item;

/* A lazy 4-ary heap of labels, least (cp_tie_order) first. */
typedef struct cp_heap {
	cp_heap_item *items;
	size_t n, cap;
} cp_heap;

struct cp_workspace {
	const cp_graph *g;
	/* Dijkstra: nodes are all unseen between runs; touched lists the ones
	 * a run changed, so that resetting costs what the run cost. Roles and
	 * arcs in 32 bits, as the graph holds them (cp_workspace_pred). */
	cp_node *nodes;
	cp_idx *pred; /* the arc into each (out of it, backward); valid once
			 its node is seen */
	cp_idx *touched;
	size_t n_touched;
	cp_heap heap;
	/*
	 * The search backward from the target (bidir.c), made on first use:
	 * each role's cost to the target (steps unused), the roles touched
	 * and the heap, reset as the forward ones are. It keeps no arc costs
	 * of its own: at a million roles they would cost 120 MB a workspace.
	 */
	cp_node *back;
	cp_idx *back_touched;
	size_t n_back_touched;
	cp_heap back_heap;
	/* searches one way only (the tests' reference for bidir.c) */
	int one_way;
	/*
	 * The arc costs of the last cost asked for, held from the graph's
	 * cache (arc_costs.c); only in a workspace the caller keeps.
	 */
	int cache;
	cp_arc_costs *costs;
	/* the label-setting engine, made on first use by
	 * cp_workspace_engine and freed with the workspace */
	cp_engine *engine;
	/* the running query's budget, which its searches draw on */
	cp_budget budget;
	/* roles offered only totals that overflowed, in this Dijkstra run */
	size_t *overflowed, n_overflowed, cap_overflowed;
};

/*
 * The workspace a query runs in: q->workspace when set (it must belong to
 * graph), else a new one for this call, which cp_workspace_release frees.
 */
int cp_workspace_acquire(cp_workspace **out, const cp_graph *graph,
			 const cp_query *q, cp_error *err);
void cp_workspace_release(cp_workspace *ws, const cp_query *q);
/* Marks a node touched, to be reset after the run. */
static inline void cp_workspace_touch(cp_workspace *ws, size_t role)
{
	ws->touched[ws->n_touched++] = (cp_idx)role;
}
/* The arc into a seen role, or CP_NONE at a start (kept as CP_IDX_MAX,
 * which no arc is). */
static inline size_t cp_workspace_pred(const cp_workspace *ws, size_t role)
{
	return ws->pred[role] == CP_IDX_MAX ? CP_NONE : ws->pred[role];
}
/*
 * The workspace's engine, made on first use and kept with the workspace,
 * configured for c. Returns 0 or CP_ENOMEM.
 */
int cp_workspace_engine(cp_engine **out, cp_workspace *ws,
			const cp_engine_config *c, cp_error *err);
/* Puts every touched node back to unseen. */
void cp_workspace_reset(cp_workspace *ws);
/*
 * The cost of every out-arc, in compressed order, under cost; NULL when
 * this workspace keeps none (a temporary one) or memory ran out.
 */
const double *cp_workspace_costs(cp_workspace *ws, const cp_cost *cost);
/* ---- arc_costs.c: arc costs shared by a graph's workspaces ---- */

/*
 * The cost of every out-arc of g, in compressed order, under cost (NaN
 * where unusable): *held, when made for the same cost, else the graph's
 * array for it (made when no workspace holds one), which *held then holds
 * in place of its last. The array stays as it is while held. NULL, and
 * *held none, when memory ran out.
 */
const double *cp_arc_costs_hold(const cp_graph *g, const cp_cost *cost,
				cp_arc_costs **held);
/* Gives up *held, if any, and sets it to none. */
void cp_arc_costs_drop(const cp_graph *g, cp_arc_costs **held);
/*
 * The backward search's arrays (cp_workspace.back...), made on first use.
 * Returns 0 or CP_ENOMEM.
 */
int cp_workspace_backward(cp_workspace *ws);
/* ---- dijkstra.c: Dijkstra ---- */

static inline int cp_heap_before(const cp_heap_item *a, const cp_heap_item *b)
{
	return cp_tie_order(a->cost, a->steps, b->cost, b->steps) < 0;
}

/* Adds a label to h; 0 or CP_ENOMEM. */
static inline int cp_heap_push(cp_heap *h, double cost, uint32_t steps,
			       size_t role)
{
	cp_heap_item item = {cost, steps, (uint32_t)role};
	size_t at;
	if (h->n == h->cap && cp_grow((void **)&h->items, &h->cap, h->n + 1,
				      sizeof(cp_heap_item)))
		return CP_ENOMEM;
	at = h->n++;
	while (at > 0) {
		size_t parent = (at - 1) / 4;
		if (!cp_heap_before(&item, &h->items[parent]))
			break;
		h->items[at] = h->items[parent];
		at = parent;
	}
	h->items[at] = item;
	return 0;
}

/* Takes the least label out of h, which is not empty. */
static inline cp_heap_item cp_heap_pop(cp_heap *h)
{
	cp_heap_item top = h->items[0], last = h->items[--h->n];
	cp_heap_item *it = h->items;
	size_t at = 0, n = h->n;
	for (;;) {
		size_t child = 4 * at + 1, best = child, c;
		if (child + 3 < n) {
			/* all four there: the common case, without a loop */
			size_t b2 =
				cp_heap_before(&it[child + 3], &it[child + 2])
					? child + 3
					: child + 2;
			if (cp_heap_before(&it[child + 1], &it[child]))
				best = child + 1;
			if (cp_heap_before(&it[b2], &it[best]))
				best = b2;
		} else if (child < n) {
			for (c = child + 1; c < n; c++)
				if (cp_heap_before(&it[c], &it[best]))
					best = c;
		} else {
			break;
		}
		if (!cp_heap_before(&it[best], &last))
			break;
		it[at] = it[best];
		at = best;
	}
	if (n)
		it[at] = last;
	return top;
}

/* Notes a role offered a cost that overflowed, while it has no other. */
int cp_dijkstra_set_aside(cp_workspace *ws, size_t role);

/*
 * Offers the label (cost, steps) by arc to role v of a forward run: the
 * least label wins, and among equal ones the lowest arc (the tie rule).
 */
static inline int cp_dijkstra_offer(cp_workspace *ws, size_t v, double cost,
				    uint32_t steps, size_t arc)
{
	cp_node *n = &ws->nodes[v];
	int order;
	if (n->settled)
		return 0;
	if (!(cost < INFINITY))
		return n->cost == INFINITY ? cp_dijkstra_set_aside(ws, v) : 0;
	order = cp_tie_order(cost, steps, n->cost, n->steps);
	if (order < 0) {
		if (n->cost == INFINITY)
			cp_workspace_touch(ws, v);
		n->cost = cost;
		n->steps = steps;
		ws->pred[v] = (cp_idx)arc;
		return cp_heap_push(&ws->heap, cost, steps, v);
	}
	if (!order && arc < ws->pred[v])
		ws->pred[v] = (cp_idx)arc;
	return 0;
}

/*
 * The start of a forward run: the avoided roles (blocked, may be NULL)
 * settled so that no arc into them is taken, every role q holds in the
 * heap at cost 0. Returns 0 or CP_ENOMEM.
 */
int cp_dijkstra_begin(cp_workspace *ws, const cp_query *q,
		      const unsigned char *blocked);
/*
 * The forward run of the one-way search from where ws is (begun), until
 * every role in stop (sorted, no repeats) is settled or everything
 * reachable is; in the latter case the budget notes a role offered only
 * totals that overflowed. 0, a budget's stop or CP_ENOMEM.
 */
int cp_dijkstra_run(cp_workspace *ws, const cp_query *q, const size_t *stop,
		    size_t n_stop);
/* After a run that settled all it could: notes in the budget a role only
 * ever offered costs that overflowed. */
void cp_dijkstra_lost(cp_workspace *ws, const cp_cost *cost);

/*
 * The plain query (no caps, no via, one route): Dijkstra in ws, stopping
 * when q->to settles, or searched from both ends to the same answer
 * (cp_bidir_settle) where it fits. blocked: the avoid mask. Adds the
 * route to routes.
 */
int cp_shortest_route(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		      const unsigned char *blocked, cp_error *err);
/*
 * Every role's least cost to q->to under q->cost, keeping out of blocked
 * and keeping the wage rule, with no experience credit: into lower
 * (INFINITY where q->to is out of reach) and, in next, the arc each takes
 * towards it on one such way (CP_NONE at q->to and out of reach). *lost
 * is set when some role reaches q->to only by a cost that overflows (its
 * lower is then INFINITY too); the budget is not told, as such a role
 * need not be one the query's routes can reach.
 */
int cp_shortest_tree(double *lower, size_t *next, int *lost, cp_workspace *ws,
		     const cp_query *q, const unsigned char *blocked,
		     cp_error *err);

/* ---- bidir.c: the plain query from both ends ---- */

/*
 * Whether cp_bidir_settle answers q exactly as the one-way search does
 * (not with experience already worked: see bidir.c).
 */
int cp_bidir_fits(const cp_query *q);
/*
 * Leaves ws as the one-way search (cp_dijkstra_begin, then
 * cp_dijkstra_run to stop = {target}) leaves it for what a route to
 * target reads: target settled, and every role on the route it takes
 * with the label and arc in that search; or target unsettled when there
 * is no route, the budget noting an overflow as that search would.
 * 0, a budget's stop or CP_ENOMEM.
 */
int cp_bidir_settle(cp_workspace *ws, const cp_query *q,
		    const unsigned char *blocked, size_t target);

/* The most targets a row searches for from both ends, one by one. */
#define CP_ROW_TWO_WAY_MAX 8
/*
 * Dijkstra from q->from until every role in stop (sorted, no repeats, none
 * blocked) is settled (from both ends, as cp_shortest_route, for each role
 * of a stop of up to CP_ROW_TWO_WAY_MAX); then route i of routes is the
 * cheapest route to targets[i] (cost INFINITY and no steps where there is
 * none). Used by ROW queries without caps.
 */
int cp_shortest_row(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		    const unsigned char *blocked, const size_t *stop,
		    size_t n_stop, cp_error *err);

/* ---- yen.c: k routes ---- */

/* Yen's k loopless routes; blocked: the avoid mask. */
int cp_kroutes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
	       const unsigned char *blocked, cp_error *err);

/* A route as the arcs it takes, in order, and its cost. */
typedef struct cp_arcs {
	size_t *edges;
	size_t n;
	double cost;
} cp_arcs;

void cp_arcs_free(cp_arcs *routes, size_t n);
/* Fills routes with the routes of found, for q (cp_route_fill), each
 * charged to the budget. Returns 0, a budget's stop or CP_ENOMEM. */
int cp_routes_of_arcs(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		      const cp_arcs *found, size_t n_found, cp_error *err);

/*
 * Yen's algorithm as a tool for other searches (differ.c): made once for
 * a query (its configuration and the tree to its target), asked many
 * times, each time under every overlap added so far.
 * - cp_yen_new: for q in ws, blocked the avoid mask; *out is set even on
 *   failure, for cp_yen_free. Returns 0, a budget's stop or CP_ENOMEM.
 * - cp_yen_share: from now on, a route's overlap with another (the
 *   lesser of the two costs of each step by a transition both take:
 *   share[t] is the other's cost of t, 0 where it does not take t) may
 *   not pass cap; least is what the next answer is known to cost at
 *   least (or 0), where the search starts looking (the answer is the
 *   same whatever it is). share is borrowed. 0, CP_EINVALID past
 *   CP_COLUMNS_MAX + 1 resources, or CP_ENOMEM.
 * - cp_yen_find: the first `want` routes by the tie rule that keep every
 *   overlap, are no detours (unless q->detours) and are none of the
 *   routes exclude lists; fewer when there are fewer. *out, n_out of
 *   them, is the caller's (cp_arcs_free). Returns 0, a budget's stop or
 *   CP_ENOMEM.
 */
typedef struct cp_yen cp_yen;
int cp_yen_new(cp_yen **out, cp_workspace *ws, const cp_query *q,
	       const unsigned char *blocked, cp_error *err);
int cp_yen_share(cp_yen *y, const double *share, double cap, double least,
		 cp_error *err);
int cp_yen_find(cp_arcs **out, size_t *n_out, cp_yen *y, size_t want,
		const cp_arcs *exclude, size_t n_exclude, cp_error *err);
void cp_yen_free(cp_yen *y);

/* ---- differ.c: k routes with limited overlap ---- */

/*
 * The q->k routes that differ (q->differ, cp_search()): the best route,
 * then each next the best that overlaps each one before by at most
 * q->differ of the cheaper one's cost. blocked: the avoid mask.
 */
int cp_differ_routes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		     const unsigned char *blocked, cp_error *err);

/* ---- explain.c ---- */

/* cp_explain() for a checked query, in a workspace. */
int cp_explain_in(cp_why **out, cp_workspace *ws, const cp_query *q,
		  cp_error *err);

/* ---- reach.c, pareto.c, row.c: the other kinds of query ---- */

/*
 * Each checks a query of its kind (0 or CP_EINVALID), then answers a
 * checked one into routes, which cp_search has made and described.
 * Solving returns 0 (CP_ENOROUTE for an empty Pareto front), CP_EINVALID,
 * CP_ELIMIT or CP_ENOMEM.
 */
int cp_reach_check(const cp_graph *g, const cp_query *q, cp_error *err);
typedef struct cp_route_tree cp_route_tree;
void cp_route_tree_free(cp_route_tree *tree);
/* The totals of route i of a tree answer (one per metric), summed from
 * the start (feeders: from the target back). */
const double *cp_reach_totals(const cp_routes *routes, const cp_graph *g,
			      size_t i);
int cp_reach_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		   cp_error *err);
/*
 * Upskill's pair (upskill.c). cp_reach_solve_base is cp_reach_solve, and
 * keeps its labels in the workspace's engine. cp_reach_solve_more answers
 * q, which holds the roles of the base's query and one more, the last of
 * q->also, with only the roles that one opens: those the base did not
 * reach. Its search starts from that role alone, with the base's labels
 * settled, so that a label the base's beat goes no further; a role's first
 * label, and so its route, are those of a search from all of q's roles.
 */
int cp_reach_solve_base(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			cp_error *err);
int cp_reach_solve_more(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			cp_error *err);
/* cp_search with solve in place of the kind's own solver. */
int cp_search_by(cp_routes **out, const cp_graph *graph, const cp_query *q,
		 int (*solve)(cp_routes *routes, cp_workspace *ws,
			      const cp_query *q, cp_error *err),
		 cp_error *err);
int cp_pareto_check(const cp_graph *g, const cp_query *q, cp_error *err);
int cp_pareto_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		    cp_error *err);
int cp_row_check(const cp_graph *g, const cp_query *q, cp_error *err);
int cp_row_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		 cp_error *err);

/* ---- solve.c: the query solver ---- */

/*
 * The roles a query's routes may start from: q->from, then q->also
 * (cp_query.also). cp_held_count is 1 + n_also; cp_held_at(q, i) is the
 * i-th, or CP_NO_ROLE for a repeat of an earlier one, which searches
 * skip. cp_role_held says whether role is any of them.
 */
static inline size_t cp_held_count(const cp_query *q)
{
	return 1 + (q->also ? q->n_also : 0);
}
size_t cp_held_at(const cp_query *q, size_t i);
int cp_role_held(const cp_query *q, size_t role);
/* The experience a route starting at start counts on its first step. */
static inline double cp_held_credit(const cp_query *q, size_t start)
{
	return start == q->from ? q->experience : 0;
}

/* Checks the roles and rules a query names; returns 0 or CP_EINVALID. */
int cp_query_check(const cp_graph *g, const cp_query *q, cp_error *err);
/* A blocked-role mask from q->avoid (NULL when none), for the caller to free.
 */
int cp_avoid_mask(unsigned char **out, const cp_graph *g, const cp_query *q);
/*
 * Answers a checked query into routes (count 0 when there is no route):
 * the plain case by Dijkstra, caps or via by label setting, k > 1 by Yen.
 * Returns 0, CP_EINVALID, a budget's stop or CP_ENOMEM.
 */
int cp_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
	     cp_error *err);

#endif
