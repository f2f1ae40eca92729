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
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int item_before(const cp_heap_item *a, const cp_heap_item *b)
{
	return cp_tie_order(a->cost, a->steps, b->cost, b->steps) < 0;
}

static int heap_push(cp_workspace *ws, double cost, uint32_t steps, size_t role)
{
	cp_heap_item item = {cost, steps, (uint32_t)role};
	size_t at;
	if (ws->n_heap == ws->cap_heap &&
	    cp_grow((void **)&ws->heap, &ws->cap_heap, ws->n_heap + 1,
		    sizeof(cp_heap_item)))
		return CP_ENOMEM;
	at = ws->n_heap++;
	while (at > 0) {
		size_t parent = (at - 1) / 4;
		if (!item_before(&item, &ws->heap[parent]))
			break;
		ws->heap[at] = ws->heap[parent];
		at = parent;
	}
	ws->heap[at] = item;
	return 0;
}

static cp_heap_item heap_pop(cp_workspace *ws)
{
	cp_heap_item top = ws->heap[0], last = ws->heap[--ws->n_heap];
	size_t at = 0, n = ws->n_heap;
	for (;;) {
		size_t child = 4 * at + 1, best = child, c;
		const cp_heap_item *h = ws->heap;
		if (child + 3 < n) {
			/* all four there: the common case, without a loop */
			size_t b2 = item_before(&h[child + 3], &h[child + 2])
					    ? child + 3
					    : child + 2;
			if (item_before(&h[child + 1], &h[child]))
				best = child + 1;
			if (item_before(&h[b2], &h[best]))
				best = b2;
		} else if (child < n) {
			for (c = child + 1; c < n; c++)
				if (item_before(&h[c], &h[best]))
					best = c;
		} else {
			break;
		}
		if (!item_before(&h[best], &last))
			break;
		ws->heap[at] = h[best];
		at = best;
	}
	if (n)
		ws->heap[at] = last;
	return top;
}

/* Notes a role offered a cost that overflowed, while it has no other. */
static int set_aside(cp_workspace *ws, size_t v)
{
	if (ws->n_overflowed == ws->cap_overflowed &&
	    cp_grow((void **)&ws->overflowed, &ws->cap_overflowed,
		    ws->n_overflowed + 1, sizeof(size_t)))
		return CP_ENOMEM;
	ws->overflowed[ws->n_overflowed++] = v;
	return 0;
}

/* After a run that settled all it could: was a role only ever offered
 * costs that overflowed? */
static void set_aside_lost(cp_workspace *ws, const cp_cost *cost)
{
	size_t i;
	for (i = 0; i < ws->n_overflowed; i++)
		if (!ws->nodes[ws->overflowed[i]].settled) {
			cp_budget_overflow(&ws->budget, cost);
			return;
		}
}

/* Offers the label (cost, steps) by arc to role v. */
static inline int offer(cp_workspace *ws, size_t v, double cost, uint32_t steps,
			size_t arc)
{
	cp_node *n = &ws->nodes[v];
	int order;
	if (n->settled)
		return 0;
	if (!(cost < INFINITY))
		return n->cost == INFINITY ? set_aside(ws, v) : 0;
	order = cp_tie_order(cost, steps, n->cost, n->steps);
	if (order < 0) {
		if (n->cost == INFINITY)
			cp_workspace_touch(ws, v);
		n->cost = cost;
		n->steps = steps;
		ws->pred[v] = arc;
		return heap_push(ws, cost, steps, v);
	}
	if (!order && arc < ws->pred[v])
		ws->pred[v] = arc;
	return 0;
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
		if ((status = offer(ws, v,
				    nu->cost +
					    cp_step_cost(g, q->cost, e, credit),
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
		if ((status = offer(ws, v, next, steps, g->out_edges[i])))
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
		if ((status = offer(ws, v, next, steps, e)))
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

/*
 * Dijkstra from every role q holds (its start, and q->also) until every
 * role in stop (sorted, no repeats) is settled, or everything reachable
 * is. The nodes stay as the run left them until cp_workspace_reset.
 */
static int settle(cp_workspace *ws, const cp_query *q,
		  const unsigned char *blocked, const size_t *stop,
		  size_t n_stop)
{
	cp_step_rules rules = cp_step_rules_of(q);
	const double *arc_cost = cp_step_rules_set(&rules)
					 ? NULL
					 : cp_workspace_costs(ws, q->cost);
	size_t pending = n_stop, i;
	int status;

	block_roles(ws, blocked);
	/* every role the person holds starts a route */
	for (i = 0; i < cp_held_count(q); i++) {
		size_t start = cp_held_at(q, i);
		if (start == CP_NO_ROLE)
			continue;
		cp_workspace_touch(ws, start);
		ws->nodes[start].cost = 0;
		ws->pred[start] = CP_NONE;
		if ((status = heap_push(ws, 0, 0, start)))
			return status;
	}
	while (ws->n_heap) {
		cp_heap_item top = heap_pop(ws);
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
	set_aside_lost(ws, q->cost);
	return 0;
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

int cp_shortest_row(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		    const unsigned char *blocked, const size_t *stop,
		    size_t n_stop, cp_error *err)
{
	size_t i;
	int status;
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
	ws->pred[q->to] = CP_NONE;
	if ((status = heap_push(ws, 0, 0, q->to)))
		goto cleanup;
	while (ws->n_heap) {
		cp_heap_item top = heap_pop(ws);
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
			if ((status = offer(
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
		next[v] = ws->pred[v];
	}
cleanup:
	cp_workspace_reset(ws);
	return status ? cp_budget_fail(&ws->budget, status, err) : 0;
}
