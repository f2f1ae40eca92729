/*
 * Why there is no route: drop the conditions one layer at a time (caps,
 * then avoid and via) to find which one rules every route out; for caps,
 * the smallest value of each that would admit a route.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NEAREST_MAX 5

/* 1 if q has a route, 0 if not, or a negative code. */
static int has_route(cp_workspace *ws, const cp_query *q, cp_error *err)
{
	cp_routes routes = {0};
	cp_query one = *q;
	size_t i;
	int status;
	one.k = 1;
	one.explain = 0;
	status = cp_solve(&routes, ws, &one, err);
	for (i = 0; i < routes.count; i++)
		cp_route_clear(&routes.items[i]);
	free(routes.items);
	return status ? status : routes.count > 0;
}

/* The least total of cap i's cost over routes that keep the other caps. */
static int least_needed(double *out, cp_workspace *ws, const cp_query *q,
			size_t i, cp_error *err)
{
	size_t j, n = 0;
	cp_cap *others = cp_alloc_array(q->n_caps + 1, sizeof(cp_cap));
	cp_query relaxed = *q;
	cp_routes routes = {0};
	int status = 0;
	*out = NAN;
	if (!others) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (j = 0; j < q->n_caps; j++)
		if (j != i)
			others[n++] = q->caps[j];
	relaxed.caps = others;
	relaxed.n_caps = n;
	relaxed.k = 1;
	relaxed.explain = 0;
	relaxed.cost = q->caps[i].cost;
	status = cp_solve(&routes, ws, &relaxed, err);
	if (!status && routes.count)
		*out = routes.items[0].cost;
cleanup:
	for (j = 0; j < routes.count; j++)
		cp_route_clear(&routes.items[j]);
	free(routes.items);
	free(others);
	return status;
}

/*
 * Marks with mark the roles reachable from start by arcs the cost can use,
 * breadth first: every arc, a blank counting its lower bound, except one
 * whose own cost passes the largest double. Reasons are told from these
 * marks, so they speak of the moves the searches take, blank or not.
 */
static void mark_reachable(unsigned char *marks, unsigned char mark,
			   size_t *queue, const cp_graph *g,
			   const cp_cost *cost, size_t start)
{
	size_t head = 0, tail = 0, i, v;
	marks[start] |= mark;
	queue[tail++] = start;
	while (head < tail) {
		size_t u = queue[head++];
		for (i = g->out_start[u]; i < g->out_start[u + 1]; i++) {
			v = cp_arc_to(g, g->out_edges[i]);
			if (!isfinite(
				    cp_step_cost(g, cost, g->out_edges[i], 0)))
				continue;
			if (!(marks[v] & mark)) {
				marks[v] |= mark;
				queue[tail++] = v;
			}
		}
	}
}

/*
 * Roles reachable from q->from, fewest undirected steps from q->to; never
 * one that comes after q->to, which is no nearer to it.
 */
static int nearest_roles(cp_why *why, const cp_graph *g, const cp_query *q)
{
	enum { FROM_START = 1, AFTER_TARGET = 2 };
	size_t n = g->roles.rows, *queue, *dist, head = 0, tail = 0, v, i;
	unsigned char *marks = calloc(n, 1);
	size_t best = CP_NONE;
	queue = cp_alloc_array(n, sizeof(size_t));
	dist = cp_alloc_array(n, sizeof(size_t));
	why->nearest = cp_alloc_array(NEAREST_MAX, sizeof(size_t));
	if (!marks || !queue || !dist || !why->nearest) {
		free(marks);
		free(queue);
		free(dist);
		return CP_ENOMEM;
	}
	for (i = 0; i < cp_held_count(q); i++)
		if ((v = cp_held_at(q, i)) != CP_NO_ROLE)
			mark_reachable(marks, FROM_START, queue, g, q->cost, v);
	mark_reachable(marks, AFTER_TARGET, queue, g, q->cost, q->to);
	for (v = 0; v < n; v++)
		dist[v] = CP_NONE;
	head = tail = 0;
	dist[q->to] = 0;
	queue[tail++] = q->to;
	while (head < tail) {
		size_t u = queue[head++];
		for (i = g->out_start[u]; i < g->out_start[u + 1]; i++) {
			v = cp_arc_to(g, g->out_edges[i]);
			if (dist[v] == CP_NONE) {
				dist[v] = dist[u] + 1;
				queue[tail++] = v;
			}
		}
		for (i = g->in_start[u]; i < g->in_start[u + 1]; i++) {
			v = cp_arc_from(g, g->in_edges[i]);
			if (dist[v] == CP_NONE) {
				dist[v] = dist[u] + 1;
				queue[tail++] = v;
			}
		}
	}
	for (v = 0; v < n; v++)
		if (marks[v] == FROM_START && dist[v] < best)
			best = dist[v];
	for (v = 0; v < n && best != CP_NONE; v++)
		if (marks[v] == FROM_START && dist[v] == best &&
		    why->n_nearest < NEAREST_MAX)
			why->nearest[why->n_nearest++] = v;
	why->distance = best == CP_NONE ? 0 : best;
	/* only when no move leads on from q->from to q->to: a route whose
	 * total passes the largest double is no route, but it leads there */
	why->past = !(marks[q->to] & FROM_START);
	for (i = 0; i < cp_held_count(q); i++)
		if ((v = cp_held_at(q, i)) != CP_NO_ROLE)
			why->past &= (marks[v] & AFTER_TARGET) != 0;
	free(marks);
	free(queue);
	free(dist);
	return 0;
}

int cp_explain(cp_why **out, const cp_graph *graph, const cp_query *q,
	       cp_error *err)
{
	cp_workspace *ws = NULL;
	int status;
	*out = NULL;
	if ((status = cp_query_check(graph, q, err)) ||
	    (status = cp_workspace_acquire(&ws, graph, q, err)))
		return status;
	cp_budget_start(&ws->budget, q);
	status = cp_budget_check(&ws->budget);
	status = status ? cp_budget_fail(&ws->budget, status, err)
			: cp_explain_in(out, ws, q, err);
	cp_workspace_release(ws, q);
	return status;
}

/* What was asked, so that the reason can be told without the query. */
static int note_query(cp_why *why, const cp_query *q)
{
	why->from = q->from;
	why->to = q->to;
	why->n_avoid = q->n_avoid;
	why->n_via = q->n_via;
	why->has_min_gain = q->has_min_gain;
	why->min_gain = q->min_gain;
	if (!q->n_rules)
		return 0;
	if (!(why->rules = cp_alloc_array(q->n_rules, sizeof(cp_rule))))
		return CP_ENOMEM;
	memcpy(why->rules, q->rules, q->n_rules * sizeof(cp_rule));
	why->n_rules = q->n_rules;
	return 0;
}

/* The caps each needed value is for: their costs' texts and values. */
static int note_caps(cp_why *why, const cp_query *q)
{
	size_t i;
	why->cap_costs = calloc(q->n_caps ? q->n_caps : 1, sizeof(char *));
	why->cap_max = cp_alloc_array(q->n_caps, sizeof(double));
	if (!why->cap_costs || !why->cap_max)
		return CP_ENOMEM;
	for (i = 0; i < q->n_caps; i++) {
		why->cap_max[i] = q->caps[i].max;
		if (!(why->cap_costs[i] =
			      strdup(cp_cost_text(q->caps[i].cost))))
			return CP_ENOMEM;
	}
	return 0;
}

int cp_explain_in(cp_why **out, cp_workspace *ws, const cp_query *q,
		  cp_error *err)
{
	const cp_graph *graph = ws->g;
	cp_why *why = NULL;
	cp_query loose = *q;
	cp_cap *kept = NULL;
	size_t i, n_kept = 0;
	int status;

	*out = NULL;
	why = calloc(1, sizeof(*why));
	if (!why)
		return cp_fail_oom(err);
	if (note_query(why, q) ||
	    !(kept = cp_alloc_array(q->n_caps, sizeof(cp_cap)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (i = 0; i < q->n_caps; i++)
		if (isinf(q->caps[i].max))
			kept[n_kept++] = q->caps[i];
	loose.caps = kept;
	loose.n_caps = n_kept;
	loose.n_avoid = 0;
	loose.n_via = 0;
	loose.has_min_gain = 0;
	loose.n_rules = 0;
	if ((status = has_route(ws, &loose, err)) < 0)
		goto cleanup;
	if (!status) {
		why->kind = CP_WHY_UNREACHABLE;
		if ((status = nearest_roles(why, graph, q)))
			status = cp_fail_oom(err);
		goto done;
	}
	loose = *q;
	loose.caps = kept;
	loose.n_caps = n_kept;
	if ((status = has_route(ws, &loose, err)) < 0)
		goto cleanup;
	if (!status || n_kept == q->n_caps) {
		why->kind = CP_WHY_CONDITIONS;
		status = 0;
		goto done;
	}
	why->kind = CP_WHY_CAPS;
	why->needed = cp_alloc_array(q->n_caps, sizeof(double));
	/* n_needed counts the cap texts made, for cp_why_free */
	why->n_needed = q->n_caps;
	if (!why->needed || note_caps(why, q)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (i = 0; i < q->n_caps; i++) {
		why->needed[i] = INFINITY;
		if (!isinf(q->caps[i].max) &&
		    (status = least_needed(&why->needed[i], ws, q, i, err)))
			goto cleanup;
	}
	status = 0;
done:
	if (!status) {
		*out = why;
		why = NULL;
	}
cleanup:
	cp_why_free(why);
	free(kept);
	return status;
}
