/*
 * cp_search: the one entry point. Checks the query for its kind, copies
 * what was asked into the answer (so that writers need only the answer),
 * and hands the query to the solver of its kind; for routes, says when
 * there are none (and why, when asked).
 */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

static int check_kind(const cp_graph *graph, const cp_query *q, cp_error *err)
{
	switch (q->kind) {
	case CP_QUERY_ROUTES: return cp_query_check(graph, q, err);
	case CP_QUERY_REACH:
	case CP_QUERY_FEEDERS: return cp_reach_check(graph, q, err);
	case CP_QUERY_PARETO: return cp_pareto_check(graph, q, err);
	case CP_QUERY_ROW: return cp_row_check(graph, q, err);
	}
	return cp_fail(err, CP_EINVALID, NULL, 0, 0,
		       "query of no known kind (%d)", (int)q->kind);
}

/* "months,cost_usd": what a front is over; a cost's text otherwise. */
static int name_by(cp_routes *routes, const cp_query *q)
{
	cp_buf by = CP_BUF_INIT;
	size_t i;
	int status = 0;
	if (q->kind != CP_QUERY_PARETO)
		return (routes->by = strdup(cp_cost_text(q->cost))) ? 0
								    : CP_ENOMEM;
	for (i = 0; i < q->n_objectives && !status; i++)
		status = cp_buf_printf(&by, "%s%s", i ? "," : "",
				       cp_cost_text(q->objectives[i]));
	if (!status && !(routes->by = strdup(by.ptr)))
		status = CP_ENOMEM;
	cp_buf_free(&by);
	return status;
}

/* What was asked, for a checked query. */
static int describe(cp_routes *routes, const cp_query *q)
{
	int pareto = q->kind == CP_QUERY_PARETO;
	routes->kind = q->kind;
	routes->from = q->kind == CP_QUERY_FEEDERS ? CP_NO_ROLE : q->from;
	routes->to = q->kind == CP_QUERY_REACH || q->kind == CP_QUERY_ROW
			     ? CP_NO_ROLE
			     : q->to;
	routes->experience = q->experience;
	if (cp_cost_copy(&routes->cost, pareto ? q->objectives[0] : q->cost) ||
	    name_by(routes, q))
		return CP_ENOMEM;
	if (q->kind == CP_QUERY_ROW && q->n_targets) {
		routes->targets = cp_alloc_array(q->n_targets, sizeof(size_t));
		if (!routes->targets)
			return CP_ENOMEM;
		memcpy(routes->targets, q->targets,
		       q->n_targets * sizeof(size_t));
		routes->n_targets = q->n_targets;
	}
	return 0;
}

/* The k routes; when there are none, the message and maybe the reason. */
static int solve_routes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			cp_error *err)
{
	const cp_graph *graph = ws->g;
	int status;
	routes->skipped = cp_count_unusable(graph, q);
	if ((status = cp_solve(routes, ws, q, err)))
		return status;
	if (routes->count)
		return 0;
	/* a reason that cannot be had (the limit) leaves the answer as it is */
	if (q->explain && cp_explain_in(&routes->why, ws, q, err) == CP_ENOMEM)
		return cp_fail_oom(err);
	return cp_fail(
		err, CP_ENOROUTE, NULL, 0, 0, "no route from '%s' to '%s'%s",
		cp_role_title(graph, q->from), cp_role_title(graph, q->to),
		q->n_avoid || q->n_via || q->n_caps
			? " that meets the conditions"
			: "");
}

int cp_search(cp_routes **out, const cp_graph *graph, const cp_query *q,
	      cp_error *err)
{
	cp_routes *routes = NULL;
	cp_workspace *ws = NULL;
	int status;

	*out = NULL;
	if ((status = check_kind(graph, q, err)) ||
	    (status = cp_workspace_acquire(&ws, graph, q, err)))
		return status;
	routes = calloc(1, sizeof(*routes));
	if (!routes || describe(routes, q)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	switch (q->kind) {
	case CP_QUERY_ROUTES: status = solve_routes(routes, ws, q, err); break;
	case CP_QUERY_REACH:
	case CP_QUERY_FEEDERS:
		status = cp_reach_solve(routes, ws, q, err);
		break;
	case CP_QUERY_PARETO:
		status = cp_pareto_solve(routes, ws, q, err);
		break;
	case CP_QUERY_ROW: status = cp_row_solve(routes, ws, q, err); break;
	}
	if (status && status != CP_ENOROUTE)
		goto cleanup;
	*out = routes;
	routes = NULL;
cleanup:
	cp_workspace_release(ws, q);
	cp_routes_free(routes);
	return status;
}
