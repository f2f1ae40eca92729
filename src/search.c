/*
 * Cheapest routes: Dijkstra over the compressed out-edge lists, with labels
 * (cost, steps) compared in that order. A route's steps grow by one per
 * transition, so a label is final when settled even with zero costs, and
 * every transition that could end a best route into a role has been seen
 * by then: the lowest-numbered of them is kept, which makes the answer
 * independent of the heap's order.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UNSEEN SIZE_MAX

typedef struct label {
	double cost;
	size_t steps;
	size_t pred;	/* transition into the role, UNSEEN at the source */
	size_t heap_at; /* position in the heap, UNSEEN when not in it */
	int settled;
} label;

typedef struct heap {
	size_t *items;
	size_t count;
	label *labels;
} heap;

static int before(const label *labels, size_t a, size_t b)
{
	if (labels[a].cost != labels[b].cost)
		return labels[a].cost < labels[b].cost;
	if (labels[a].steps != labels[b].steps)
		return labels[a].steps < labels[b].steps;
	return a < b;
}

static void heap_place(heap *h, size_t at, size_t v)
{
	h->items[at] = v;
	h->labels[v].heap_at = at;
}

static void heap_up(heap *h, size_t at)
{
	size_t v = h->items[at];
	while (at > 0) {
		size_t parent = (at - 1) / 2;
		if (!before(h->labels, v, h->items[parent]))
			break;
		heap_place(h, at, h->items[parent]);
		at = parent;
	}
	heap_place(h, at, v);
}

static void heap_down(heap *h, size_t at)
{
	size_t v = h->items[at];
	for (;;) {
		size_t child = 2 * at + 1;
		if (child >= h->count)
			break;
		if (child + 1 < h->count &&
		    before(h->labels, h->items[child + 1], h->items[child]))
			child++;
		if (!before(h->labels, h->items[child], v))
			break;
		heap_place(h, at, h->items[child]);
		at = child;
	}
	heap_place(h, at, v);
}

static void heap_push_or_raise(heap *h, size_t v)
{
	if (h->labels[v].heap_at == UNSEEN) {
		h->items[h->count] = v;
		h->labels[v].heap_at = h->count++;
	}
	heap_up(h, h->labels[v].heap_at);
}

static size_t heap_pop(heap *h)
{
	size_t top = h->items[0];
	h->labels[top].heap_at = UNSEEN;
	if (--h->count > 0) {
		h->items[0] = h->items[h->count];
		heap_down(h, 0);
	}
	return top;
}

static void relax(const cp_graph *g, const cp_cost *cost, heap *h, size_t u)
{
	label *labels = h->labels;
	size_t i;
	for (i = g->out_start[u]; i < g->out_start[u + 1]; i++) {
		size_t e = g->out_edges[i], v = g->tr_to[e];
		double w = cp_cost_of(cost, e), next;
		label *lv = &labels[v];
		if (isnan(w) || lv->settled)
			continue;
		next = labels[u].cost + w;
		if (next < lv->cost ||
		    (next == lv->cost && labels[u].steps + 1 < lv->steps)) {
			lv->cost = next;
			lv->steps = labels[u].steps + 1;
			lv->pred = e;
			heap_push_or_raise(h, v);
		} else if (next == lv->cost &&
			   labels[u].steps + 1 == lv->steps && e < lv->pred) {
			lv->pred = e;
		}
	}
}

static size_t count_unusable(const cp_graph *g, const cp_cost *cost)
{
	size_t e, n = 0, t;
	int any_missing = 0;
	if (!cost)
		return 0;
	for (t = 0; t < cost->n_terms; t++)
		if (g->transitions.items[g->metric_cols[cost->metrics[t]]]
			    .n_missing)
			any_missing = 1;
	if (!any_missing)
		return 0;
	for (e = 0; e < g->transitions.rows; e++)
		if (isnan(cp_cost_of(cost, e)))
			n++;
	return n;
}

static int make_route(cp_route *route, const cp_graph *g, const label *labels,
		      size_t to)
{
	size_t n = labels[to].steps, v = to, i, m;
	route->cost = labels[to].cost;
	route->n_steps = n;
	route->roles = cp_alloc_array(n + 1, sizeof(size_t));
	route->transitions = cp_alloc_array(n, sizeof(size_t));
	route->totals = cp_alloc_array(g->n_metrics, sizeof(double));
	if (!route->roles || !route->transitions || !route->totals)
		return CP_ENOMEM;
	route->roles[n] = to;
	for (i = n; i > 0; i--) {
		size_t e = labels[v].pred;
		route->transitions[i - 1] = e;
		v = g->tr_from[e];
		route->roles[i - 1] = v;
	}
	for (m = 0; m < g->n_metrics; m++) {
		const double *values = cp_metric_values(g, m);
		double total = 0;
		for (i = 0; i < n; i++)
			total += values[route->transitions[i]];
		route->totals[m] = total;
	}
	return 0;
}

void cp_routes_free(cp_routes *routes)
{
	size_t i;
	if (!routes)
		return;
	for (i = 0; i < routes->count; i++) {
		free(routes->items[i].roles);
		free(routes->items[i].transitions);
		free(routes->items[i].totals);
	}
	free(routes->items);
	free(routes);
}

int cp_search(cp_routes **out, const cp_graph *graph, const cp_query *q,
	      cp_error *err)
{
	size_t n = graph->roles.rows, v;
	label *labels = NULL;
	heap h = {NULL, 0, NULL};
	cp_routes *routes = NULL;
	int status = 0;

	*out = NULL;
	if (q->from >= n || q->to >= n)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query names no role to go %s",
			       q->from >= n ? "from" : "to");
	routes = calloc(1, sizeof(*routes));
	labels = cp_alloc_array(n, sizeof(*labels));
	h.items = cp_alloc_array(n, sizeof(size_t));
	if (!routes || !labels || !h.items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	routes->skipped = count_unusable(graph, q->cost);
	for (v = 0; v < n; v++) {
		labels[v].cost = INFINITY;
		labels[v].steps = 0;
		labels[v].pred = UNSEEN;
		labels[v].heap_at = UNSEEN;
		labels[v].settled = 0;
	}
	h.labels = labels;
	labels[q->from].cost = 0;
	heap_push_or_raise(&h, q->from);
	while (h.count) {
		size_t u = heap_pop(&h);
		labels[u].settled = 1;
		if (u == q->to)
			break;
		relax(graph, q->cost, &h, u);
	}
	if (!labels[q->to].settled) {
		status = cp_fail(err, CP_ENOROUTE, NULL, 0, 0,
				 "no route from '%s' to '%s'%s",
				 cp_role_title(graph, q->from),
				 cp_role_title(graph, q->to),
				 routes->skipped
					 ? " among the transitions that "
					   "have every metric the cost uses"
					 : "");
		*out = routes;
		routes = NULL;
		goto cleanup;
	}
	routes->items = calloc(1, sizeof(*routes->items));
	if (!routes->items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	routes->count = 1;
	if (make_route(&routes->items[0], graph, labels, q->to)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	*out = routes;
	routes = NULL;
cleanup:
	free(labels);
	free(h.items);
	cp_routes_free(routes);
	return status;
}
