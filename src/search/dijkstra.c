/*
 * Dijkstra over the compressed arc lists, labels (cost, steps) compared in
 * that order, with a lazy 4-ary heap. A route's steps grow by one per
 * transition, so a label is final when settled even with zero costs, and
 * every arc that could end a best route into a role has been seen by
 * then: the lowest-numbered is kept, which is the tie rule, whatever the
 * heap's order among equal labels.
 *
 * A label whose cost passes the largest double cannot be ranked: it is
 * set aside, and a role only ever offered such labels is noted (the
 * budget's overflow) when the run ends without settling it. Each pop
 * ticks the query's budget, for its deadline and cancel hook.
 *
 * A run to one role, where bidir.c can give the same answer, is searched
 * from both ends there; the forward half is the run below, step for step.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int cp_dijkstra_set_aside(cp_workspace *ws, size_t v)
{
	if (ws->n_overflowed == ws->cap_overflowed &&
	    cp_grow((void **)&ws->overflowed, &ws->cap_overflowed,
		    ws->n_overflowed + 1, sizeof(size_t)))
		return CP_ENOMEM;
	ws->overflowed[ws->n_overflowed++] = v;
	return 0;
}

void cp_dijkstra_lost(cp_workspace *ws, const cp_cost *cost)
{
	size_t i;
	for (i = 0; i < ws->n_overflowed; i++)
		if (!ws->nodes[ws->overflowed[i]].settled) {
			cp_budget_overflow(&ws->budget, cost);
			return;
		}
}

/* Avoided roles start settled, so that no arc into them is ever taken. */
static void block_roles(cp_workspace *ws, const unsigned char *blocked)
{
	size_t v;
	for (v = 0; blocked && v < ws->g->roles.rows; v++)
		if (blocked[v]) {
			cp_workspace_touch(ws, v);
			ws->nodes[v].settled = 1;
		}
}

/* Every arc out of u, the rules of the query applied one arc at a time. */
static int relax_general(cp_workspace *ws, const cp_query *q, size_t u)
{
	const cp_graph *g = ws->g;
	const cp_node *nu = &ws->nodes[u];
	double credit = u == q->from ? q->experience : 0;
	cp_step_rules rules = cp_step_rules_of(q);
	size_t i;
	int status;
	for (i = g->out_start[u]; i < g->out_start[u + 1]; i++) {
		size_t e = g->out_edges[i], v = cp_arc_to(g, e);
		if (cp_step_rules_set(&rules) && !cp_step_allowed(g, &rules, e))
			continue;
		if ((status = cp_dijkstra_offer(
			     ws, v,
			     nu->cost + cp_step_cost(g, q->cost, e, credit),
			     nu->steps + 1, e)))
			return status;
	}
	return 0;
}

/* The same from arc costs worked out beforehand (no rule to apply). */
static int relax_cached(cp_workspace *ws, const double *arc_cost, size_t u)
{
	const cp_graph *g = ws->g;
	double cost = ws->nodes[u].cost;
	uint32_t steps = ws->nodes[u].steps + 1;
	size_t i, end = g->out_start[u + 1];
	int status;
	for (i = g->out_start[u]; i < end; i++) {
		size_t v = g->out_to[i];
		const cp_node *n = &ws->nodes[v];
		double next = cost + arc_cost[i];
		/* most arcs lose outright: decide those without a call */
		if (next > n->cost || n->settled)
			continue;
		if ((status = cp_dijkstra_offer(ws, v, next, steps,
						g->out_edges[i])))
			return status;
	}
	return 0;
}

/*
 * The same, costing each arc as it goes: a workspace made for one query
 * keeps no arc costs. Each arc's cost is read before the test on its
 * head, so that the two reads (both likely cache misses) overlap.
 */
static int relax_direct(cp_workspace *ws, const cp_cost *by, size_t u)
{
	const cp_graph *g = ws->g;
	double cost = ws->nodes[u].cost;
	uint32_t steps = ws->nodes[u].steps + 1;
	size_t i, end = g->out_start[u + 1];
	int status;
	for (i = g->out_start[u]; i < end; i++) {
		size_t v = g->out_to[i], e = g->out_edges[i];
		const cp_node *n = &ws->nodes[v];
		double next = cost + cp_cost_at(by, cp_arc_tr(g, e));
		if (next > n->cost || n->settled)
			continue;
		if ((status = cp_dijkstra_offer(ws, v, next, steps, e)))
			return status;
	}
	return 0;
}

/* Whether role is in stop (sorted). */
static int is_stop(const size_t *stop, size_t n_stop, size_t role)
{
	size_t lo = 0, hi = n_stop;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (stop[mid] == role)
			return 1;
		if (stop[mid] < role)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int cp_dijkstra_begin(cp_workspace *ws, const cp_query *q,
		      const unsigned char *blocked)
{
	size_t i;
	int status;
	block_roles(ws, blocked);
	/* every role the person holds starts a route */
	for (i = 0; i < cp_held_count(q); i++) {
		size_t start = cp_held_at(q, i);
		if (start == CP_NO_ROLE)
			continue;
		cp_workspace_touch(ws, start);
		ws->nodes[start].cost = 0;
		ws->pred[start] = CP_IDX_MAX;
		if ((status = cp_heap_push(&ws->heap, 0, 0, start)))
			return status;
	}
	return 0;
}

/*
 * Dijkstra from every role q holds (its start, and q->also) until every
 * role in stop (sorted, no repeats) is settled, or everything reachable
 * is. The nodes stay as the run left them until cp_workspace_reset.
 */
int cp_dijkstra_run(cp_workspace *ws, const cp_query *q, const size_t *stop,
		    size_t n_stop)
{
	cp_step_rules rules = cp_step_rules_of(q);
	const double *arc_cost = cp_step_rules_set(&rules)
					 ? NULL
					 : cp_workspace_costs(ws, q->cost);
	size_t pending = n_stop;
	int status;

	while (ws->heap.n) {
		cp_heap_item top = cp_heap_pop(&ws->heap);
		cp_node *n = &ws->nodes[top.role];
		if ((status = cp_budget_tick(&ws->budget)))
			return status;
		if (n->settled || top.cost != n->cost || top.steps != n->steps)
			continue;
		n->settled = 1;
		if (is_stop(stop, n_stop, top.role) && !--pending)
			return 0;
		/* the first step may count experience already worked */
		if (cp_step_rules_set(&rules) ||
		    (top.role == q->from && q->experience > 0))
			status = relax_general(ws, q, top.role);
		else if (arc_cost)
			status = relax_cached(ws, arc_cost, top.role);
		else
			status = relax_direct(ws, q->cost, top.role);
		if (status)
			return status;
	}
	cp_dijkstra_lost(ws, q->cost);
	return 0;
}

/*
 * The one-way search, or the search from both ends where that answers
 * exactly the same (bidir.c) and there is one role to stop at.
 */
static int settle(cp_workspace *ws, const cp_query *q,
		  const unsigned char *blocked, const size_t *stop,
		  size_t n_stop)
{
	int status;
	if (n_stop == 1 && !ws->one_way && cp_bidir_fits(q))
		return cp_bidir_settle(ws, q, blocked, stop[0]);
	if ((status = cp_dijkstra_begin(ws, q, blocked)))
		return status;
	return cp_dijkstra_run(ws, q, stop, n_stop);
}

/* The route the run found to a settled role, by the arcs into each. */
static int route_to(cp_route *route, cp_workspace *ws, const cp_query *q,
		    size_t to)
{
	const cp_graph *g = ws->g;
	size_t v, at, n_steps = ws->nodes[to].steps, *edges;
	int status;
	if (!(edges = cp_alloc_array(n_steps, sizeof(size_t))))
		return CP_ENOMEM;
	for (v = to, at = n_steps; at > 0; at--) {
		edges[at - 1] = ws->pred[v];
		v = cp_arc_from(g, ws->pred[v]);
	}
	/* v is now the held role the route starts at */
	status = cp_route_fill(route, g, q->cost, v, edges, n_steps,
			       cp_held_credit(q, v));
	free(edges);
	return status;
}

int cp_shortest_route(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		      const unsigned char *blocked, cp_error *err)
{
	int status;
	if ((status = settle(ws, q, blocked, &q->to, 1)) ||
	    !ws->nodes[q->to].settled)
		goto cleanup;
	if (!(routes->items = calloc(1, sizeof(*routes->items)))) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	routes->count = 1;
	status = route_to(&routes->items[0], ws, q, q->to);
cleanup:
	cp_workspace_reset(ws);
	return status ? cp_budget_fail(&ws->budget, status, err) : 0;
}

/*
 * A row of a few targets, each searched for from both ends in turn: the
 * one-way search that settles them all reaches about as far as the
 * farthest, which on a hundred thousand roles costs some thirty searches
 * from both ends. But a target that few roles lead to, or none, can leave
 * the forward half to run on alone over much of the graph; once a search
 * has touched an eighth of the roles, the targets left are found by one
 * search from one end, so that a row costs at most about three of those
(the searches before, an eighth each at most; the one that went wide;
the last), where it would cost one for each target.
 * Each target gets the route a query for it alone gets, either way. stop
 * is sorted, so the targets left are those from stop[s] up.
 */
static int row_two_way(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		       const unsigned char *blocked, const size_t *stop,
		       size_t n_stop)
{
	size_t wide = ws->g->roles.rows / 8, s = 0, i;
	int status = 0, one_way = 0;
	routes->items =
		calloc(q->n_targets ? q->n_targets : 1, sizeof(*routes->items));
	if (!routes->items)
		return CP_ENOMEM;
	routes->count = q->n_targets;
	for (i = 0; i < q->n_targets; i++)
		routes->items[i].cost = INFINITY;
	while (s < n_stop && !status) {
		if (one_way && !(status = cp_dijkstra_begin(ws, q, blocked)))
			status = cp_dijkstra_run(ws, q, stop + s, n_stop - s);
		else if (!one_way)
			status = cp_bidir_settle(ws, q, blocked, stop[s]);
		for (i = 0; i < q->n_targets && !status; i++)
			if ((one_way ? q->targets[i] >= stop[s]
				     : q->targets[i] == stop[s]) &&
			    ws->nodes[q->targets[i]].settled)
				status = route_to(&routes->items[i], ws, q,
						  q->targets[i]);
		s = one_way ? n_stop : s + 1;
		one_way = ws->n_touched + ws->n_back_touched > wide;
		cp_workspace_reset(ws);
	}
	return status;
}

int cp_shortest_row(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		    const unsigned char *blocked, const size_t *stop,
		    size_t n_stop, cp_error *err)
{
	size_t i;
	int status;
	if (n_stop > 1 && n_stop <= CP_ROW_TWO_WAY_MAX && !ws->one_way &&
	    cp_bidir_fits(q)) {
		status = row_two_way(routes, ws, q, blocked, stop, n_stop);
		goto cleanup;
	}
	if ((status = settle(ws, q, blocked, stop, n_stop)))
		goto cleanup;
	routes->items =
		calloc(q->n_targets ? q->n_targets : 1, sizeof(*routes->items));
	if (!routes->items) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < q->n_targets && !status; i++) {
		routes->count++;
		if (ws->nodes[q->targets[i]].settled)
			status = route_to(&routes->items[i], ws, q,
					  q->targets[i]);
		else
			routes->items[i].cost = INFINITY;
	}
cleanup:
	cp_workspace_reset(ws);
	return status ? cp_budget_fail(&ws->budget, status, err) : 0;
}

int cp_shortest_tree(double *lower, size_t *next, int *lost, cp_workspace *ws,
		     const cp_query *q, const unsigned char *blocked,
		     cp_error *err)
{
	const cp_graph *g = ws->g;
	cp_step_rules rules = cp_step_rules_of(q);
	size_t v, i;
	int status = 0;

	*lost = 0;
	block_roles(ws, blocked);
	cp_workspace_touch(ws, q->to);
	ws->nodes[q->to].cost = 0;
	ws->pred[q->to] = CP_IDX_MAX;
	if ((status = cp_heap_push(&ws->heap, 0, 0, q->to)))
		goto cleanup;
	while (ws->heap.n) {
		cp_heap_item top = cp_heap_pop(&ws->heap);
		size_t u = top.role;
		cp_node *n = &ws->nodes[u];
		if ((status = cp_budget_tick(&ws->budget)))
			goto cleanup;
		if (n->settled || top.cost != n->cost || top.steps != n->steps)
			continue;
		n->settled = 1;
		for (i = g->in_start[u]; i < g->in_start[u + 1]; i++) {
			size_t e = g->in_edges[i], w = cp_arc_from(g, e);
			if (cp_step_rules_set(&rules) &&
			    !cp_step_allowed(g, &rules, e))
				continue;
			if ((status = cp_dijkstra_offer(
				     ws, w,
				     n->cost + cp_step_cost(g, q->cost, e, 0),
				     n->steps + 1, e)))
				goto cleanup;
		}
	}
	for (i = 0; i < ws->n_overflowed; i++)
		*lost |= !ws->nodes[ws->overflowed[i]].settled;
	for (v = 0; v < g->roles.rows; v++) {
		lower[v] = INFINITY;
		next[v] = CP_NONE;
	}
	for (i = 0; i < ws->n_touched; i++) {
		v = ws->touched[i];
		if (blocked && blocked[v])
			continue;
		lower[v] = ws->nodes[v].cost;
		next[v] = cp_workspace_pred(ws, v);
	}
cleanup:
	cp_workspace_reset(ws);
	return status ? cp_budget_fail(&ws->budget, status, err) : 0;
}
