/*
 * Rows of a cost matrix: the cheapest route from one role to each of a
 * list of targets. Without caps that is Dijkstra stopping once every
 * target is settled, or for a row of a few targets a search from both
 * ends for each (dijkstra.c, bidir.c); with caps, the label-setting
 * engine settling all within them. Either way each target gets the route
 * a query for it alone gets: what a search has settled does not depend on
 * where it stops.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int cp_row_check(const cp_graph *graph, const cp_query *q, cp_error *err)
{
	cp_query checked = *q;
	size_t i, j;
	if (q->n_via || q->k > 1 || q->explain)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "a row of costs takes no via roles, no k "
			       "routes and no explanation");
	if (q->n_targets && !q->targets)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query counts targets but gives none");
	for (i = 0; i < q->n_targets; i++) {
		if (q->targets[i] >= graph->roles.rows)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "query names a target role that does "
				       "not exist");
		for (j = 0; j < q->n_avoid; j++)
			if (q->avoid[j] == q->targets[i])
				return cp_fail(
					err, CP_EINVALID, NULL, 0, 0,
					"cannot avoid '%s': a route ends there",
					cp_role_title(graph, q->targets[i]));
	}
	checked.to = q->from;
	return cp_query_check(graph, &checked, err);
}

static int by_role(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Dijkstra, told where it may stop: the targets sorted, without repeats. */
static int row_shortest(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			const unsigned char *blocked, cp_error *err)
{
	size_t *stop, n_stop = 0, i;
	int status;
	if (!(stop = cp_alloc_array(q->n_targets ? q->n_targets : 1,
				    sizeof(size_t))))
		return cp_fail_oom(err);
	if (q->n_targets)
		memcpy(stop, q->targets, q->n_targets * sizeof(size_t));
	qsort(stop, q->n_targets, sizeof(size_t), by_role);
	for (i = 0; i < q->n_targets; i++)
		if (!n_stop || stop[n_stop - 1] != stop[i])
			stop[n_stop++] = stop[i];
	status = cp_shortest_row(routes, ws, q, blocked, stop, n_stop, err);
	free(stop);
	return status;
}

/* The engine within the caps; each target's first settled label. */
static int row_labels(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		      const unsigned char *blocked, cp_error *err)
{
	cp_engine_config c;
	cp_engine *e;
	size_t found, i;
	int status;
	if ((status = cp_engine_config_query(&c, ws->g, q, blocked, err)) ||
	    (status = cp_workspace_engine(&e, ws, &c, err)) ||
	    (status = cp_engine_run_held(e, q, CP_NO_ROLE, 0, &found, err)))
		return status;
	routes->items =
		calloc(q->n_targets ? q->n_targets : 1, sizeof(*routes->items));
	if (!routes->items)
		return cp_fail_oom(err);
	for (i = 0; i < q->n_targets; i++) {
		size_t l =
			cp_engine_first(e, cp_engine_final(e, q->targets[i]));
		routes->count++;
		if (l == CP_NONE) {
			routes->items[i].cost = INFINITY;
			continue;
		}
		if (cp_engine_route_held(&routes->items[i], e, l, q->cost, q))
			return cp_fail_oom(err);
	}
	return 0;
}

int cp_row_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		 cp_error *err)
{
	unsigned char *blocked = NULL;
	int status;
	if (cp_avoid_mask(&blocked, ws->g, q))
		return cp_fail_oom(err);
	status = q->n_caps ? row_labels(routes, ws, q, blocked, err)
			   : row_shortest(routes, ws, q, blocked, err);
	free(blocked);
	return status;
}
