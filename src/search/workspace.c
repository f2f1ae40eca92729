/*
 * Workspaces: the per-role arrays, heap, arc costs and label-setting
 * engine the searches need, kept between queries on one graph. Searches
 * put back what they touched, so a query on a kept workspace costs only
 * its search. The arc costs are the graph's, shared with its other
 * workspaces (arc_costs.c).
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
	ws->touched = cp_alloc_array(n ? n : 1, sizeof(cp_idx));
	ws->pred = cp_alloc_array(n ? n : 1, sizeof(cp_idx));
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
	cp_arc_costs_drop(ws->g, &ws->costs);
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

const double *cp_workspace_costs(cp_workspace *ws, const cp_cost *cost)
{
	if (!ws->cache)
		return NULL;
	return cp_arc_costs_hold(ws->g, cost, &ws->costs);
}

int cp_workspace_backward(cp_workspace *ws)
{
	size_t n = ws->g->roles.rows, v;
	if (ws->back)
		return 0;
	ws->back_touched = cp_alloc_array(n ? n : 1, sizeof(cp_idx));
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
