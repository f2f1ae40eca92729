/*
 * Everything reachable from a role, or everything that reaches one (its
 * feeder roles), each with its cheapest route within the caps: one run of
 * the label-setting engine that settles every state, forward or backward.
 */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct reached {
	double cost;
	size_t steps;
	size_t role;
	size_t label;
} reached;

static int by_cost(const void *a, const void *b)
{
	const reached *x = a, *y = b;
	int order = cp_tie_order(x->cost, x->steps, y->cost, y->steps);
	if (order)
		return order;
	return x->role < y->role ? -1 : x->role > y->role;
}

int cp_reach_check(const cp_graph *graph, const cp_query *q, cp_error *err)
{
	int to_target = q->kind == CP_QUERY_FEEDERS;
	size_t start = to_target ? q->to : q->from, i;
	cp_query checked = *q;
	if (q->n_via || q->k > 1)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "reach takes neither via roles nor k routes");
	if (to_target && q->experience > 0)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "experience already worked counts on routes "
			       "from a starting role, not on routes to one");
	if (to_target && q->n_also)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "roles held count on routes from a starting "
			       "role, not on routes to one");
	for (i = 0; i < q->n_avoid; i++)
		if (q->avoid[i] == start && start < graph->roles.rows)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "cannot avoid '%s': the routes %s there",
				       cp_role_title(graph, start),
				       to_target ? "end" : "start");
	checked.from = checked.to = start;
	return cp_query_check(graph, &checked, err);
}

int cp_reach_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		   cp_error *err)
{
	const cp_graph *graph = ws->g;
	int to_target = q->kind == CP_QUERY_FEEDERS;
	cp_engine_config c;
	cp_engine *e;
	unsigned char *avoid = NULL;
	reached *list = NULL;
	size_t start = to_target ? q->to : q->from, role, n = 0, i, found;
	int status;

	list = cp_alloc_array(graph->roles.rows, sizeof(*list));
	if (!list || cp_avoid_mask(&avoid, graph, q)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if ((status = cp_engine_config_query(&c, graph, q, avoid, err)))
		goto cleanup;
	c.reverse = to_target;
	if ((status = cp_workspace_engine(&e, ws, &c, err)) ||
	    (status = to_target ? cp_engine_run(e, cp_engine_state(e, start, 0),
						0, 0, NULL, CP_NO_ROLE, 0,
						&found, err)
				: cp_engine_run_held(e, q, CP_NO_ROLE, 0,
						     &found, err)))
		goto cleanup;
	for (role = 0; role < graph->roles.rows; role++) {
		size_t l = cp_engine_first(e, role);
		/* a role held is not reached */
		if (role == start || l == CP_NONE ||
		    (!to_target && cp_role_held(q, role)))
			continue;
		list[n].cost = cp_engine_cost(e, l);
		list[n].steps = cp_engine_steps(e, l);
		list[n].role = role;
		list[n].label = l;
		n++;
	}
	qsort(list, n, sizeof(*list), by_cost);
	routes->items = calloc(n ? n : 1, sizeof(*routes->items));
	if (!routes->items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		/* each route is built whole: its steps are charged as labels */
		if ((status = cp_budget_charge(&ws->budget,
					       1 + list[i].steps))) {
			status = cp_budget_fail(&ws->budget, status, err);
			goto cleanup;
		}
		routes->count++;
		if (to_target
			    ? cp_engine_route(&routes->items[i], e,
					      list[i].label, q->cost,
					      list[i].role, 0)
			    : cp_engine_route_held(&routes->items[i], e,
						   list[i].label, q->cost, q)) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
	}
cleanup:
	free(list);
	free(avoid);
	return status;
}
