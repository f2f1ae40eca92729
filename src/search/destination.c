/*
 * Destination rules: conditions on where a route ends and on what it
 * brings there (the outlook of its last role, its payback), kept by
 * leaving out of an answer the routes that break them.
 *
 * Why a filter on the answer rather than a rule of the search: the
 * outlook rules read the last role alone, and the cheapest route to a
 * role does not depend on whether that role is growing or how many
 * openings it has, so leaving out the destinations that break them gives
 * exactly the answer a search confined to the others would. The payback
 * rule is different: a route's payback rests on the whole route (its
 * tuition, months and the wages on the way), so a dearer route to the
 * same role may pay back sooner than the cheapest one. Keeping it inside
 * the search would take a search by a cost of its own for each
 * destination (the cost whose bound is the months times that role's
 * extra pay). Here the rule is what the README says it is: of the routes
 * the query finds (each destination's cheapest, or the k cheapest), those
 * that pay back within the months given; the answer counts the others as
 * left out, so nothing is dropped unsaid.
 */
#include "search_internal.h"

#include <math.h>
#include <string.h>

int cp_query_has_destination_rules(const cp_query *q)
{
	return q->has_max_payback || q->has_min_openings || q->growing;
}

/* A number of roles column name, NaN where blank or absent. */
static double role_number(const cp_graph *g, const char *name, size_t role)
{
	size_t col;
	if (cp_column_find(&col, g, CP_ROLES, name) ||
	    cp_column_kind_of(g, CP_ROLES, col) != CP_COLUMN_NUMBER)
		return NAN;
	return cp_cell_number(g, CP_ROLES, col, role);
}

typedef enum { KEPT, BROKEN, NOT_KNOWN } verdict;

static verdict judge(const cp_graph *g, const cp_query *q, const cp_route *r)
{
	size_t end = r->roles[r->n_steps];
	double months = 0;
	int unknown = 0, broken = 0;
	if (q->growing) {
		double change = role_number(g, "employment_change_pct", end);
		unknown |= isnan(change);
		broken |= !(change > 0);
	}
	if (q->has_min_openings) {
		double openings = role_number(g, "annual_openings", end);
		unknown |= isnan(openings);
		broken |= !(openings >= q->min_openings);
	}
	if (q->has_max_payback) {
		cp_payback_kind kind = cp_route_payback_at(
			&months, g, r, q->from, q->discount);
		unknown |= kind == CP_PAYBACK_UNKNOWN;
		broken |= kind != CP_PAYBACK_MONTHS || months > q->max_payback;
	}
	return unknown ? NOT_KNOWN : broken ? BROKEN : KEPT;
}

/* The rows of a tree answer (cp_routes.tree) that keep the rules, each
 * route rebuilt to be judged. */
static int filter_rows(cp_routes *routes, const cp_graph *g, const cp_query *q,
		       cp_error *err)
{
	cp_route scratch;
	size_t i, kept = 0;
	memset(&scratch, 0, sizeof(scratch));
	for (i = 0; i < routes->count; i++) {
		const cp_route *r;
		verdict v;
		if (cp_routes_route(&r, &scratch, g, routes, i)) {
			cp_route_clear(&scratch);
			return cp_fail_oom(err);
		}
		v = judge(g, q, r);
		if (v == KEPT) {
			routes->rows[kept++] = routes->rows[i];
			continue;
		}
		routes->left_out++;
		routes->left_out_unknown += v == NOT_KNOWN;
	}
	cp_route_clear(&scratch);
	routes->count = kept;
	return 0;
}

int cp_destination_filter(cp_routes *routes, const cp_graph *g,
			  const cp_query *q, cp_error *err)
{
	size_t i, kept = 0, found = routes->count;
	if (!cp_query_has_destination_rules(q))
		return 0;
	if (routes->tree)
		return filter_rows(routes, g, q, err);
	for (i = 0; i < routes->count; i++) {
		cp_route *r = &routes->items[i];
		verdict v;
		/* a row's target without a route has no route to judge */
		if (!r->roles) {
			routes->items[kept++] = *r;
			continue;
		}
		v = judge(g, q, r);
		if (v == KEPT) {
			routes->items[kept++] = *r;
			continue;
		}
		routes->left_out++;
		routes->left_out_unknown += v == NOT_KNOWN;
		cp_route_clear(r);
		if (q->kind == CP_QUERY_ROW) {
			/* a row keeps one item per target, in order */
			r->cost = INFINITY;
			routes->items[kept++] = *r;
		}
	}
	routes->count = kept;
	if (found && !kept &&
	    (q->kind == CP_QUERY_ROUTES || q->kind == CP_QUERY_PARETO))
		return cp_fail(err, CP_ENOROUTE, NULL, 0, 0,
			       "no route to '%s' keeps the destination rules "
			       "(%zu found, %zu of them on figures not known)",
			       cp_role_title(g, q->to), routes->left_out,
			       routes->left_out_unknown);
	return 0;
}
