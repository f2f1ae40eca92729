/*
 * The plain query searched from both ends: Dijkstra forward from the roles
 * held and backward from the target until the two balls say where the
 * best routes can lie, then the forward search finished inside that
 * region only. The answer is exactly the one-way search's (dijkstra.c):
 * the same route, the same cost to the bit, the same steps, the same
 * overflow note when there is none. Why:
 *
 * Labels. Write a (+) e for the label (fl(a.cost + c(e)), a.steps + 1),
 * fl the rounded double sum, c(e) >= 0 the arc's cost. The one-way search
 * gives each role v it settles the label d(v), the least (cost, steps)
 * of a (+) e over the settled roles u with an arc e into v, and pred(v),
 * the lowest such e reaching d(v) (a tie-pred). Adding c >= 0 never makes
 * a double smaller, so a (+) e > a and (+) e is monotone; hence d(u) <
 * d(v) for every tie-pred u of v (zero-cost arcs too: steps grow), and
 * d(v) is the least label of any route to v. The answer reads d and pred
 * of the route's roles only.
 *
 * Relevant roles. Call u relevant when d(u), continued along some path
 * of fewer than 2^31 arcs to the target t, gives cost d(t).cost. Every
 * role of the answer's route is relevant, and so is every tie-pred of a
 * relevant role: the route from the tie-pred through that role and on is
 * one such path. By induction in the order of d, a forward Dijkstra that
 * never relaxes a role that is not relevant still settles every relevant
 * v with d(v) and pred(v): its tie-preds are relevant, settled before it
 * with their own d and relaxed; every other offer is a label of some
 * route, so at least d(v), and an offer equal to d(v) from a role u
 * whose label exceeds d(u) would make u a tie-pred (monotony), that is
 * relevant, whose label is d(u) by induction. Which roles it settles
 * besides, and in what order ties come off the heap, does not matter.
 *
 * Bounds. With u = 2^-53, a double sum of m >= 0 terms taken in any
 * order lies within factors (1 - u)^m and (1 + u)^m of the exact sum, and
 * for m < 2^33 both are within 2^-19 of 1 (no subnormal case: adding is
 * exact there). The backward search gives each role it settles b(v), the
 * least backward sum of a path to t (the same argument as for d), and
 * every role it has not settled has at least the top of its heap, top_b;
 * likewise every role the forward search has not settled has d >= top_f.
 * (Its arc costs, were they rounded apart from the forward's, would be
 * another factor 1 + u per arc.) A meeting, d(x) or a forward label of x, plus
 * an arc, plus b(y), names a route; the least seen is best. d(t) is at most the
 * forward sum of that route, so d(t) <= best (1 + 2^-17). A relevant u
 * has d(u) + b(u) <= (d(u) + exact rest) (1 + 2^-19) <= d(t) (1 + 2^-18),
 * so d(u) + b(u) <= best (1 + 2^-16) and, rounded, is never above
 * best * SLACK (SLACK = 1 + 2^-12, itself rounded down by at most u).
 *
 * The rule. Search both ways (the side with fewer roles settled next)
 * until fl(top_f + top_b) > best * SLACK. Then a role settled neither way
 * has d + b >= top_f + top_b > best * SLACK and is not relevant; so every
 * relevant role is settled forward (its d and pred final, as in the
 * one-way search, which settles the same roles in the same order of
 * labels) or backward with d + b <= best * SLACK. Phase two drops the
 * forward heap and continues the forward search from the labels it has,
 * over roles settled backward only, relaxing only a role with d + b <=
 * best * SLACK, until t settles: by the induction above, with d and pred
 * as one-way. Ties in cost broken by steps change nothing here: the
 * bounds are on costs alone and the labels compared are (cost, steps).
 *
 * Where the rule cannot be used, the forward search, being the one-way
 * search step for step, simply goes on alone until t settles or nothing
 * is left, which is the one-way run itself:
 * - no meeting yet when the backward heap runs out: t cannot be reached,
 *   or only by totals the backward search set aside, and the one-way
 *   search's overflow note needs every role it reaches settled;
 * - a backward total passing the largest double (or NaN): roles it set
 *   aside have no b, so the bound on unsettled roles fails;
 * - best * SLACK itself overflows.
 * Avoided roles are settled in both directions from the start, so no arc
 * into them is taken either way: the graph without them. The forward
 * search keeps the one-way search's set-aside list as it goes; it is read
 * only when the forward heap runs out, as the one-way search reads it.
 * Every pop of either heap ticks the query's budget.
 *
 * What does not come here (cp_bidir_fits and the callers): experience
 * already worked (its credit makes a route's first step out of q->from
 * cheaper than the same step later on, so a cost counted backward from
 * the target through q->from is not a route's); caps, via roles and k
 * routes, which are not Dijkstra at all; a row with many targets (a row
 * of a few is searched for one target at a time, dijkstra.c).
 * Roles also held start the forward search all at once, as one-way; the
 * rules of each step are a property of the arc, kept the same both ways.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>

/* The proof's margin over the best meeting: 1 + 2^-12. */
#define SLACK (1.0 + 1.0 / 4096)

int cp_bidir_fits(const cp_query *q)
{
	return !(q->experience > 0);
}

typedef struct two_way {
	cp_workspace *ws;
	const cp_graph *g;
	const cp_cost *by;
	cp_step_rules rules;
	int has_rules;
	/* the arc costs the workspace keeps, where the one-way search reads
	 * them too; NULL: each arc costed as taken */
	const double *out_cost;
	double best;   /* the least total of a route seen where both meet */
	int back_lost; /* a backward total overflowed: forward alone */
} two_way;

static inline void meet(two_way *t, double total)
{
	if (total < t->best)
		t->best = total;
}

/* The cost of out-arc i (arc e), read as the one-way search reads it. */
static inline double out_arc_cost(const two_way *t, size_t i, size_t e)
{
	if (t->has_rules)
		return cp_step_cost(t->g, t->by, e, 0);
	return t->out_cost ? t->out_cost[i]
			   : cp_cost_at(t->by, cp_arc_tr(t->g, e));
}

/*
 * Every arc out of the forward-settled u, as the one-way search relaxes
 * them, noting meetings; within, only into roles settled backward.
 */
static int forward_relax(two_way *t, size_t u, int within)
{
	cp_workspace *ws = t->ws;
	const cp_graph *g = t->g;
	double cost = ws->nodes[u].cost;
	uint32_t steps = ws->nodes[u].steps + 1;
	size_t i, end = g->out_start[u + 1];
	int status;
	for (i = g->out_start[u]; i < end; i++) {
		size_t v = g->out_to[i], e = g->out_edges[i];
		const cp_node *n = &ws->nodes[v], *b = &ws->back[v];
		double next;
		if (t->has_rules && !cp_step_allowed(g, &t->rules, e))
			continue;
		next = cost + out_arc_cost(t, i, e);
		if (b->cost < INFINITY)
			meet(t, next + b->cost);
		if (next > n->cost || n->settled || (within && !b->settled))
			continue;
		if ((status = cp_dijkstra_offer(ws, v, next, steps, e)))
			return status;
	}
	return 0;
}

/* Every arc into the backward-settled v, backward, noting meetings. */
static int backward_relax(two_way *t, size_t v)
{
	cp_workspace *ws = t->ws;
	const cp_graph *g = t->g;
	double cost = ws->back[v].cost;
	size_t i, end = g->in_start[v + 1];
	int status;
	for (i = g->in_start[v]; i < end; i++) {
		size_t e = g->in_edges[i], u;
		double c, next;
		cp_node *b;
		if (t->has_rules && !cp_step_allowed(g, &t->rules, e))
			continue;
		u = cp_arc_from(g, e);
		c = t->has_rules ? cp_step_cost(g, t->by, e, 0)
				 : cp_cost_at(t->by, cp_arc_tr(g, e));
		next = cost + c;
		if (ws->nodes[u].cost < INFINITY)
			meet(t, (ws->nodes[u].cost + c) + cost);
		b = &ws->back[u];
		if (b->settled)
			continue;
		if (!(next < INFINITY)) {
			t->back_lost |= b->cost == INFINITY;
			continue;
		}
		if (next >= b->cost)
			continue;
		if (b->cost == INFINITY)
			ws->back_touched[ws->n_back_touched++] = (cp_idx)u;
		b->cost = next;
		if ((status = cp_heap_push(&ws->back_heap, next, 0, u)))
			return status;
	}
	return 0;
}

/* The backward search's start: avoided roles settled, target at 0. */
static int backward_begin(cp_workspace *ws, const unsigned char *blocked,
			  size_t target)
{
	size_t v;
	for (v = 0; blocked && v < ws->g->roles.rows; v++)
		if (blocked[v]) {
			ws->back_touched[ws->n_back_touched++] = (cp_idx)v;
			ws->back[v].settled = 1;
		}
	ws->back_touched[ws->n_back_touched++] = (cp_idx)target;
	ws->back[target].cost = 0;
	return cp_heap_push(&ws->back_heap, 0, 0, target);
}

/*
 * Both searches until the rule holds (*done 0), or the forward search
 * has settled target or everything it can (*done 1, the one-way run).
 */
static int both_ways(two_way *t, const cp_query *q, size_t target, int *done)
{
	cp_workspace *ws = t->ws;
	cp_heap *fh = &ws->heap, *bh = &ws->back_heap;
	size_t n_forward = 0, n_backward = 0;
	int status;
	*done = 1;
	for (;;) {
		double bound = t->best * SLACK;
		cp_heap_item top;
		if (!fh->n) {
			cp_dijkstra_lost(ws, q->cost);
			return 0;
		}
		/* a top, stale or not, is at most every unsettled label */
		if (!t->back_lost && bound < INFINITY &&
		    fh->items[0].cost + (bh->n ? bh->items[0].cost : INFINITY) >
			    bound) {
			*done = 0;
			return 0;
		}
		if (t->back_lost || !bh->n || n_forward <= n_backward) {
			cp_node *n;
			top = cp_heap_pop(fh);
			n = &ws->nodes[top.role];
			if ((status = cp_budget_tick(&ws->budget)))
				return status;
			if (n->settled || top.cost != n->cost ||
			    top.steps != n->steps)
				continue;
			n->settled = 1;
			n_forward++;
			if (top.role == target)
				return 0;
			if (ws->back[top.role].cost < INFINITY)
				meet(t, n->cost + ws->back[top.role].cost);
			status = forward_relax(t, top.role, 0);
		} else {
			cp_node *b;
			top = cp_heap_pop(bh);
			b = &ws->back[top.role];
			if ((status = cp_budget_tick(&ws->budget)))
				return status;
			if (b->settled || top.cost != b->cost)
				continue;
			b->settled = 1;
			n_backward++;
			if (ws->nodes[top.role].cost < INFINITY)
				meet(t, ws->nodes[top.role].cost + b->cost);
			status = backward_relax(t, top.role);
		}
		if (status)
			return status;
	}
}

/* Phase two: the forward search within the roles that may be relevant. */
static int within(two_way *t, size_t target)
{
	cp_workspace *ws = t->ws;
	cp_heap *fh = &ws->heap;
	double bound = t->best * SLACK;
	size_t i;
	int status;
	fh->n = 0;
	for (i = 0; i < ws->n_back_touched; i++) {
		size_t v = ws->back_touched[i];
		const cp_node *n = &ws->nodes[v], *b = &ws->back[v];
		if (b->settled && !n->settled && n->cost + b->cost <= bound &&
		    (status = cp_heap_push(fh, n->cost, n->steps, v)))
			return status;
	}
	while (fh->n) {
		cp_heap_item top = cp_heap_pop(fh);
		cp_node *n = &ws->nodes[top.role];
		if ((status = cp_budget_tick(&ws->budget)))
			return status;
		if (n->settled || top.cost != n->cost || top.steps != n->steps)
			continue;
		n->settled = 1;
		if (top.role == target)
			return 0;
		if (n->cost + ws->back[top.role].cost <= bound &&
		    (status = forward_relax(t, top.role, 1)))
			return status;
	}
	return 0;
}

int cp_bidir_settle(cp_workspace *ws, const cp_query *q,
		    const unsigned char *blocked, size_t target)
{
	two_way t = {0};
	int status, done;
	if ((status = cp_workspace_backward(ws)))
		return status;
	t.ws = ws;
	t.g = ws->g;
	t.by = q->cost;
	t.rules = cp_step_rules_of(q);
	t.has_rules = cp_step_rules_set(&t.rules);
	t.best = INFINITY;
	/* the one-way search reads kept arc costs only without rules */
	if (!t.has_rules)
		t.out_cost = cp_workspace_costs(ws, q->cost);
	if ((status = cp_dijkstra_begin(ws, q, blocked)) ||
	    (status = backward_begin(ws, blocked, target)) ||
	    (status = both_ways(&t, q, target, &done)) || done)
		return status;
	return within(&t, target);
}
