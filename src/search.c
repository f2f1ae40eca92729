/*
 * Cheapest routes: Dijkstra over the compressed out-edge lists, with labels
 * (cost, steps) compared in that order. A route's steps grow by one per
 * transition, so a label is final when settled even with zero costs, and
 * every transition that could end a best route into a role has been seen
 * by then: the lowest-numbered of them is kept, which makes the answer
 * independent of the heap's order.
 */
#include "search_internal.h"

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

static void relax(const cp_graph *g, const cp_query *q,
		  const unsigned char *blocked, heap *h, size_t u)
{
	label *labels = h->labels;
	double credit = u == q->from ? q->experience : 0;
	size_t i;
	for (i = g->out_start[u]; i < g->out_start[u + 1]; i++) {
		size_t e = g->out_edges[i], v = cp_arc_to(g, e);
		double w = cp_step_cost(g, q->cost, e, credit), next;
		label *lv = &labels[v];
		if (isnan(w) || lv->settled || (blocked && blocked[v]) ||
		    (q->has_min_gain && !cp_step_pays(g, q->min_gain, u, v)))
			continue;
		next = labels[u].cost + w;
		if (!isfinite(next))
			continue;
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

size_t cp_count_unusable(const cp_graph *g, const cp_query *q)
{
	size_t e, n = 0, i, m;
	int any_missing = 0;
	const cp_cost *cost = q->cost;
	for (i = 0; cost && i < cost->n_terms; i++)
		if (g->transitions.items[g->metric_cols[cost->metrics[i]]]
			    .n_missing)
			any_missing = 1;
	for (i = 0; i < q->n_caps; i++)
		for (m = 0; m < q->caps[i].cost->n_terms; m++)
			if (g->transitions
				    .items[g->metric_cols[q->caps[i]
								  .cost
								  ->metrics[m]]]
				    .n_missing)
				any_missing = 1;
	if (!any_missing)
		return 0;
	for (e = 0; e < g->transitions.rows; e++) {
		int unusable = isnan(cp_cost_of(cost, e));
		for (i = 0; i < q->n_caps && !unusable; i++)
			unusable = isnan(cp_cost_of(q->caps[i].cost, e));
		n += unusable;
	}
	return n;
}

void cp_route_clear(cp_route *route)
{
	free(route->roles);
	free(route->transitions);
	free(route->values);
	free(route->totals);
	memset(route, 0, sizeof(*route));
}

double cp_step_value(const cp_graph *g, size_t metric, size_t arc,
		     double credit)
{
	size_t t = cp_arc_tr(g, arc);
	double needed;
	if (credit > 0 && g->experience_metric != SIZE_MAX &&
	    (metric == g->experience_metric || metric == g->elapsed_metric)) {
		needed = cp_metric_values(g, g->experience_metric)[t] - credit;
		if (needed < 0)
			needed = 0;
		/* NaN stays NaN: a blank cell has nothing to credit */
		return metric == g->experience_metric
			       ? needed
			       : cp_metric_values(g, g->months_metric)[t] +
					 needed;
	}
	return cp_metric_values(g, metric)[t];
}

double cp_step_cost(const cp_graph *g, const cp_cost *cost, size_t arc,
		    double credit)
{
	double total;
	size_t i;
	if (!(credit > 0) || !cost)
		return cp_cost_of(cost, cp_arc_tr(g, arc));
	total = cost->step_weight;
	for (i = 0; i < cost->n_terms; i++)
		total += cost->terms[i].weight *
			 cp_step_value(g, cost->metrics[i], arc, credit);
	return total;
}

int cp_step_pays(const cp_graph *g, double min_gain, size_t from, size_t to)
{
	double before = cp_role_wage(g, from), after = cp_role_wage(g, to);
	if (isnan(before))
		return 1;
	return after >= before * (1 + min_gain / 100);
}

int cp_route_fill(cp_route *route, const cp_graph *g, const cp_cost *cost,
		  size_t start, const size_t *edges, size_t n, double credit)
{
	size_t i, m, n_values;
	route->n_steps = n;
	route->cost = 0;
	route->roles = cp_alloc_array(n + 1, sizeof(size_t));
	route->transitions = cp_alloc_array(n, sizeof(size_t));
	route->totals = cp_alloc_array(g->n_metrics, sizeof(double));
	if (cp_size_mul(&n_values, n, g->n_metrics))
		return CP_ENOMEM;
	route->values = cp_alloc_array(n_values, sizeof(double));
	if (!route->roles || !route->transitions || !route->totals ||
	    !route->values)
		return CP_ENOMEM;
	route->roles[0] = start;
	for (i = 0; i < n; i++) {
		double step_credit = i ? 0 : credit;
		route->transitions[i] = cp_arc_tr(g, edges[i]);
		route->roles[i + 1] = cp_arc_to(g, edges[i]);
		route->cost += cp_step_cost(g, cost, edges[i], step_credit);
		for (m = 0; m < g->n_metrics; m++)
			route->values[i * g->n_metrics + m] =
				cp_step_value(g, m, edges[i], step_credit);
	}
	for (m = 0; m < g->n_metrics; m++) {
		double total = 0;
		for (i = 0; i < n; i++)
			total += route->values[i * g->n_metrics + m];
		route->totals[m] = total;
	}
	return 0;
}

void cp_routes_free(cp_routes *routes)
{
	size_t i;
	if (!routes)
		return;
	for (i = 0; i < routes->count; i++)
		cp_route_clear(&routes->items[i]);
	free(routes->items);
	cp_why_free(routes->why);
	free(routes->by);
	free(routes);
}

static int role_in_range(const cp_graph *g, size_t role)
{
	return role < g->roles.rows;
}

int cp_query_check(const cp_graph *g, const cp_query *q, cp_error *err)
{
	size_t i;
	if (!role_in_range(g, q->from) || !role_in_range(g, q->to))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query names no role to go %s",
			       role_in_range(g, q->from) ? "to" : "from");
	if (!(q->experience >= 0) || !isfinite(q->experience))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "months of experience must be a number >= 0, "
			       "not %g",
			       q->experience);
	if (q->experience > 0 && g->experience_metric == SIZE_MAX)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "the graph has no metric 'experience_months' "
			       "to count experience already worked against");
	if (q->has_min_gain && !(q->min_gain >= -100 && isfinite(q->min_gain)))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "a wage rise per step must be a percentage from "
			       "-100 up, not %g",
			       q->min_gain);
	if (q->has_min_gain && !g->role_wage)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "the graph has no wages (a number column "
			       "'median_wage_usd' in roles.csv) for a rule on "
			       "wage rises");
	for (i = 0; i < q->n_avoid; i++) {
		if (!role_in_range(g, q->avoid[i]))
			return cp_fail(
				err, CP_EINVALID, NULL, 0, 0,
				"query avoids a role that does not exist");
		if (q->avoid[i] == q->from || q->avoid[i] == q->to)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "cannot avoid '%s': the route %s there",
				       cp_role_title(g, q->avoid[i]),
				       q->avoid[i] == q->from ? "starts"
							      : "ends");
	}
	for (i = 0; i < q->n_via; i++) {
		size_t j;
		if (!role_in_range(g, q->via[i]))
			return cp_fail(
				err, CP_EINVALID, NULL, 0, 0,
				"query goes via a role that does not exist");
		for (j = 0; j < q->n_avoid; j++)
			if (q->avoid[j] == q->via[i])
				return cp_fail(
					err, CP_EINVALID, NULL, 0, 0,
					"cannot both avoid and go via '%s'",
					cp_role_title(g, q->via[i]));
	}
	for (i = 0; i < q->n_caps; i++)
		if (!q->caps[i].cost || isnan(q->caps[i].max))
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "query has a cap with no cost or no "
				       "value");
	return 0;
}

int cp_avoid_mask(unsigned char **out, const cp_graph *g, const cp_query *q)
{
	size_t i;
	*out = NULL;
	if (!q->n_avoid)
		return 0;
	*out = calloc(g->roles.rows ? g->roles.rows : 1, 1);
	if (!*out)
		return CP_ENOMEM;
	for (i = 0; i < q->n_avoid; i++)
		(*out)[q->avoid[i]] = 1;
	return 0;
}

/* The plain query: one Dijkstra run, with the tie rule of careerpath.h. */
static int search_plain(cp_routes *routes, const cp_graph *graph,
			const cp_query *q, const unsigned char *blocked,
			cp_error *err)
{
	size_t n = graph->roles.rows, v, *edges = NULL, at;
	label *labels = NULL;
	heap h = {NULL, 0, NULL};
	int status = 0;

	labels = cp_alloc_array(n, sizeof(*labels));
	h.items = cp_alloc_array(n, sizeof(size_t));
	if (!labels || !h.items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
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
		relax(graph, q, blocked, &h, u);
	}
	if (!labels[q->to].settled)
		goto cleanup;
	edges = cp_alloc_array(labels[q->to].steps, sizeof(size_t));
	routes->items = calloc(1, sizeof(*routes->items));
	if (!edges || !routes->items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (v = q->to, at = labels[q->to].steps; at > 0; at--) {
		edges[at - 1] = labels[v].pred;
		v = cp_arc_from(graph, labels[v].pred);
	}
	routes->count = 1;
	if (cp_route_fill(&routes->items[0], graph, q->cost, q->from, edges,
			  labels[q->to].steps, q->experience))
		status = cp_fail_oom(err);
cleanup:
	free(edges);
	free(labels);
	free(h.items);
	return status;
}

/* Caps or via with one route: one run of the engine. */
static int search_labels(cp_routes *routes, const cp_graph *graph,
			 const cp_query *q, const unsigned char *blocked,
			 cp_error *err)
{
	cp_engine e;
	size_t found, *edges = NULL, n;
	int status;
	if ((status = cp_engine_for_query(&e, graph, q, err)))
		return status;
	e.role_blocked = blocked;
	if ((status = cp_engine_init(&e, err)) ||
	    (status = cp_engine_run(&e, q->from,
				    cp_engine_advance(&e, 0, q->from), 0, 0,
				    NULL, q->to, 1, &found, err)))
		goto cleanup;
	if (found == CP_NONE)
		goto cleanup;
	routes->items = calloc(1, sizeof(*routes->items));
	if (!routes->items || cp_engine_path(&e, found, &edges, &n)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	routes->count = 1;
	if (cp_route_fill(&routes->items[0], graph, q->cost, q->from, edges, n,
			  q->experience))
		status = cp_fail_oom(err);
cleanup:
	free(edges);
	cp_engine_free(&e);
	return status;
}

int cp_search(cp_routes **out, const cp_graph *graph, const cp_query *q,
	      cp_error *err)
{
	cp_routes *routes = NULL;
	unsigned char *blocked = NULL;
	int status;

	*out = NULL;
	if ((status = cp_query_check(graph, q, err)))
		return status;
	routes = calloc(1, sizeof(*routes));
	if (!routes || cp_avoid_mask(&blocked, graph, q)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	routes->skipped = cp_count_unusable(graph, q);
	if (q->k > 1)
		status = cp_search_k(routes, graph, q, blocked, err);
	else if (q->n_via || q->n_caps)
		status = search_labels(routes, graph, q, blocked, err);
	else
		status = search_plain(routes, graph, q, blocked, err);
	if (status)
		goto cleanup;
	/* a reason that cannot be had (the limit) leaves the answer as it is */
	if (!routes->count && q->explain &&
	    cp_explain(&routes->why, graph, q, err) == CP_ENOMEM) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if (!routes->count)
		status = cp_fail(err, CP_ENOROUTE, NULL, 0, 0,
				 "no route from '%s' to '%s'%s",
				 cp_role_title(graph, q->from),
				 cp_role_title(graph, q->to),
				 q->n_avoid || q->n_via || q->n_caps
					 ? " that meets the conditions"
					 : "");
	*out = routes;
	routes = NULL;
cleanup:
	free(blocked);
	cp_routes_free(routes);
	return status;
}
