/*
 * careerpath/stats.h: a whole graph as a career map: its components, dead
 * ends and entry roles, the costs of routes between all pairs of roles,
 * and the gateway roles many routes pass through.
 */
#ifndef CAREERPATH_STATS_H
#define CAREERPATH_STATS_H

#include "buf.h"
#include "common.h"
#include "cost.h"
#include "graph.h"
#include "output.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The graph as a career map. Reachability follows the moves the searches
 * follow (transitions, and those a role takes as a kind of another).
 * - components: strongly connected components (igraph), and the size of
 *   the largest.
 * - dead_ends: roles with no move out; entry_roles: roles no move leads
 *   into; unreachable: roles that no entry role reaches (0 when the graph
 *   has no entry role, as everything lies on cycles).
 * - pairs: ordered pairs of distinct roles; routed: how many have a
 *   route under the cost; median_cost and p90_cost: the 50th and 90th
 *   percentiles of those routes' costs, interpolated linearly between
 *   ranks (NaN when no pair has a route).
 * - gateways: the roles with the highest betweenness (igraph, directed,
 *   fewest-steps routes, parallel moves counted once), highest first, ties
 *   in role order; roles with betweenness 0 are left out.
 * - no_moves: the dead ends themselves (dead_ends of them, in role order):
 *   a pair from one has no route because its origin has no moves;
 *   unrouted_unreachable: the pairs without a route whose origin has
 *   moves (pairs - routed - dead_ends * (roles - 1)).
 */
typedef struct cp_stats {
	size_t roles;
	size_t transitions;
	size_t components;
	size_t largest_component;
	size_t dead_ends;
	size_t entry_roles;
	size_t unreachable;
	size_t pairs;
	size_t routed;
	double median_cost;
	double p90_cost;
	char *cost; /* the cost's text */
	size_t n_gateways;
	size_t *gateways;
	double *betweenness;
	size_t *no_moves;
	size_t unrouted_unreachable;
} cp_stats;

/*
 * Works out the statistics under cost (NULL: steps), listing at most
 * max_gateways gateways, the single-source searches on jobs threads (0 or
 * 1: this one; the answer is the same whatever jobs is). Calls igraph, so like
 * loading it must not run while another thread calls igraph; calls of
 * cp_stats_compute() take one lock between them. Returns 0, CP_ELIMIT,
 * CP_ENOMEM or CP_ERROR. Cost: one single-source search per role, O(V (V + E)
 * log V) time, and memory for one reach answer (CP_QUERY_REACH) at a time and
 * O(D) more, D the number of distinct route costs (costs are counted by value,
 * so the percentiles are exact: D is small on real graphs, as sums of whole
 * months or steps, but reaches V^2 in the worst case); betweenness is O(V E).
 */
int cp_stats_compute(cp_stats **out, const cp_graph *graph, const cp_cost *cost,
		     size_t max_gateways, size_t jobs, cp_error *err);
void cp_stats_free(cp_stats *stats);
/*
 * Appends the statistics as text (for people), one JSON object, or CSV
 * rows `statistic,value` (gateways as `gateway,<id>,<betweenness>`
 * rows: see README.md). Returns 0 or CP_ENOMEM.
 */
int cp_stats_format(cp_buf *out, const cp_graph *graph, const cp_stats *stats,
		    cp_format format);

#ifdef __cplusplus
}
#endif

#endif
