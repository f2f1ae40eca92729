/*
 * Workspaces: the per-role arrays, heap, arc costs and label-setting
 * engine the searches need, kept between queries on one graph. Searches
 * put back what they touched, so a query on a kept workspace costs only
 * its search.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int workspace_make(cp_workspace **out, const cp_graph *graph, int cache)
{
	cp_workspace *ws;
	size_t n = graph->roles.rows, v;
	*out = NULL;
	if (n >= UINT32_MAX || !(ws = calloc(1, sizeof(*ws))))
		return CP_ENOMEM;
	ws->g = graph;
	ws->cache = cache;
	ws->nodes = cp_alloc_array(n ? n : 1, sizeof(cp_node));
	ws->touched = cp_alloc_array(n ? n : 1, sizeof(size_t));
	ws->pred = cp_alloc_array(n ? n : 1, sizeof(size_t));
	if (!ws->nodes || !ws->touched || !ws->pred) {
		cp_workspace_free(ws);
		return CP_ENOMEM;
	}
	for (v = 0; v < n; v++)
		ws->nodes[v] = (cp_node){INFINITY, 0, 0};
	*out = ws;
	return 0;
}

int cp_workspace_new(cp_workspace **out, const cp_graph *graph, cp_error *err)
{
	if (workspace_make(out, graph, 1))
		return cp_fail_oom(err);
	return 0;
}

void cp_workspace_free(cp_workspace *ws)
{
	if (!ws)
		return;
	free(ws->nodes);
	free(ws->touched);
	free(ws->pred);
	free(ws->heap.items);
	free(ws->back);
	free(ws->back_touched);
	free(ws->back_heap.items);
	free(ws->out_cost);
	free(ws->key_terms);
	free(ws->overflowed);
	cp_engine_destroy(ws->engine);
	free(ws);
}

int cp_workspace_acquire(cp_workspace **out, const cp_graph *graph,
			 const cp_query *q, cp_error *err)
{
	*out = q->workspace;
	if (q->workspace) {
		if (q->workspace->g != graph)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "the query's workspace belongs to "
				       "another graph");
		return 0;
	}
	/* a workspace for one query: arc costs would cost more than the
	 * search they serve */
	if (workspace_make(out, graph, 0))
		return cp_fail_oom(err);
	return 0;
}

void cp_workspace_release(cp_workspace *ws, const cp_query *q)
{
	if (ws != q->workspace)
		cp_workspace_free(ws);
}

int cp_workspace_engine(cp_engine **out, cp_workspace *ws,
			const cp_engine_config *c, cp_error *err)
{
	int status;
	*out = NULL;
	if (!ws->engine && (status = cp_engine_new(&ws->engine, err)))
		return status;
	if ((status = cp_engine_configure(ws->engine, c, &ws->budget, err)))
		return status;
	*out = ws->engine;
	return 0;
}

void cp_workspace_reset(cp_workspace *ws)
{
	size_t i;
	for (i = 0; i < ws->n_touched; i++)
		ws->nodes[ws->touched[i]] = (cp_node){INFINITY, 0, 0};
	ws->n_touched = 0;
	ws->heap.n = 0;
	for (i = 0; i < ws->n_back_touched; i++)
		ws->back[ws->back_touched[i]] = (cp_node){INFINITY, 0, 0};
	ws->n_back_touched = 0;
	ws->back_heap.n = 0;
	ws->n_overflowed = 0;
}

/* Whether the arc costs kept were made for a cost that weighs the same
 * metrics the same way (a copy: the caller may have freed that cost). */
static int cost_kept(const cp_workspace *ws, const cp_cost *cost)
{
	size_t i, n = cost ? cost->n_terms : 0;
	if (!ws->cost_ready ||
	    ws->key_steps != (cost ? cost->step_weight : 1) ||
	    ws->n_key_terms != n)
		return 0;
	for (i = 0; i < n; i++)
		if (ws->key_terms[i].values != cost->terms[i].values ||
		    ws->key_terms[i].weight != cost->terms[i].weight)
			return 0;
	return 1;
}

const double *cp_workspace_costs(cp_workspace *ws, const cp_cost *cost)
{
	const cp_graph *g = ws->g;
	size_t i, n = g->n_arcs, n_terms = cost ? cost->n_terms : 0;
	if (!ws->cache)
		return NULL;
	if (cost_kept(ws, cost))
		return ws->out_cost;
	ws->cost_ready = 0;
	if (!ws->out_cost &&
	    !(ws->out_cost = cp_alloc_array(n ? n : 1, sizeof(double))))
		return NULL;
	if (cp_grow((void **)&ws->key_terms, &ws->cap_key_terms,
		    n_terms ? n_terms : 1, sizeof(cost_term)))
		return NULL;
	for (i = 0; i < n; i++)
		ws->out_cost[i] =
			cp_cost_at(cost, cp_arc_tr(g, g->out_edges[i]));
	if (n_terms)
		memcpy(ws->key_terms, cost->terms, n_terms * sizeof(cost_term));
	ws->n_key_terms = n_terms;
	ws->key_steps = cost ? cost->step_weight : 1;
	ws->cost_ready = 1;
	return ws->out_cost;
}

int cp_workspace_backward(cp_workspace *ws)
{
	size_t n = ws->g->roles.rows, v;
	if (ws->back)
		return 0;
	ws->back_touched = cp_alloc_array(n ? n : 1, sizeof(size_t));
	ws->back = cp_alloc_array(n ? n : 1, sizeof(cp_node));
	if (!ws->back_touched || !ws->back) {
		free(ws->back_touched);
		free(ws->back);
		ws->back_touched = NULL;
		ws->back = NULL;
		return CP_ENOMEM;
	}
	for (v = 0; v < n; v++)
		ws->back[v] = (cp_node){INFINITY, 0, 0};
	return 0;
}
