/*
 * cp_search: checks the query, has the solver answer it in a workspace,
 * and when there is no route says so (and why, when asked).
 */
#include "search_internal.h"

#include <stdlib.h>

int cp_search(cp_routes **out, const cp_graph *graph, const cp_query *q,
	      cp_error *err)
{
	cp_routes *routes = NULL;
	cp_workspace *ws = NULL;
	int status;

	*out = NULL;
	if ((status = cp_query_check(graph, q, err)) ||
	    (status = cp_workspace_acquire(&ws, graph, q, err)))
		return status;
	routes = calloc(1, sizeof(*routes));
	if (!routes) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	routes->skipped = cp_count_unusable(graph, q);
	if ((status = cp_solve(routes, ws, q, err)))
		goto cleanup;
	/* a reason that cannot be had (the limit) leaves the answer as it is */
	if (!routes->count && q->explain &&
	    cp_explain_in(&routes->why, ws, q, err) == CP_ENOMEM) {
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
	cp_workspace_release(ws, q);
	cp_routes_free(routes);
	return status;
}
