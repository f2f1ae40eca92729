/*
 * k routes with limited overlap (kSPwLO: Chondrogiannis, Bouros, Gamper,
 * Leser and Blumenthal, "Finding k-shortest paths with limited overlap",
 * The VLDB Journal 29, 2020). The first route is the best; each next is
 * the best route that overlaps each route before it by at most theta of
 * the cheaper one's cost (the paper's definition, with our tie rule).
 * Exact, as the paper's MultiPass: one label-setting search per route,
 * each label carrying its overlap with every route found so far as a
 * resource under a cap, with dominance over cost and overlaps.
 *
 * Why a cap suffices: each next route costs no less than the one before
 * (it is chosen among fewer routes), so a candidate is never cheaper than
 * a route found, and "at most theta of the cheaper one's cost" is "at
 * most theta of the found route's cost". A candidate cheaper than some
 * found route that keeps every cap would have been chosen before that
 * route, so the best route keeping the caps keeps the definition too.
 * Overlaps only grow along a route and every step costs >= 0, so the caps
 * keep the engine exact, Yen's spur searches included.
 *
 * A found route keeps its own cap only when theta is 1 or it costs
 * nothing; so each search is Yen's over the caps, excluding the routes
 * found: one engine run, unless that run finds a route already found.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The share array of route (cp_yen_share): for each transition it takes,
 * the least cost of a step by it (the first step counts the query's
 * credit); 0 elsewhere. The caller frees it.
 */
static int share_of(double **out, const cp_graph *g, const cp_query *q,
		    const cp_arcs *route)
{
	size_t n_tr = g->transitions.rows ? g->transitions.rows : 1, i;
	double *share = calloc(n_tr, sizeof(double));
	*out = share;
	if (!share)
		return CP_ENOMEM;
	for (i = 0; i < route->n; i++)
		share[cp_arc_tr(g, route->edges[i])] = INFINITY;
	for (i = 0; i < route->n; i++) {
		size_t t = cp_arc_tr(g, route->edges[i]);
		double cost = cp_step_cost(g, q->cost, route->edges[i],
					   i ? 0 : q->experience);
		if (cost < share[t])
			share[t] = cost;
	}
	return 0;
}

int cp_differ_routes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		     const unsigned char *blocked, cp_error *err)
{
	cp_yen *y = NULL;
	cp_arcs *found = NULL, *next = NULL;
	double **shares = NULL;
	size_t n_found = 0, n_next = 0, n_shares = 0, i;
	int status;

	if (!(found = calloc(q->k, sizeof(*found))) ||
	    !(shares = calloc(q->k, sizeof(*shares)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if ((status = cp_yen_new(&y, ws, q, blocked, err)))
		goto cleanup;
	while (n_found < q->k) {
		if (n_found) {
			const cp_arcs *last = &found[n_found - 1];
			if (share_of(&shares[n_shares++], ws->g, q, last)) {
				status = cp_fail_oom(err);
				goto cleanup;
			}
			if ((status = cp_yen_share(y, shares[n_shares - 1],
						   q->differ * last->cost,
						   last->cost, err)))
				goto cleanup;
		}
		if ((status = cp_yen_find(&next, &n_next, y, 1, found, n_found,
					  err)))
			goto cleanup;
		if (!n_next)
			break;
		found[n_found++] = next[0];
		free(next);
		next = NULL;
		n_next = 0;
	}
	status = cp_routes_of_arcs(routes, ws, q, found, n_found, err);
cleanup:
	cp_arcs_free(next, n_next);
	cp_arcs_free(found, n_found);
	for (i = 0; i < n_shares; i++)
		free(shares[i]);
	free(shares);
	cp_yen_free(y);
	return status;
}
