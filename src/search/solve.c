/*
 * The solver: a query, checked, to the algorithm that answers it. The
 * plain query (no caps, no via, one route) runs Dijkstra; caps or via run
 * label setting; several routes run Yen's algorithm.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int role_in_range(const cp_graph *g, size_t role)
{
	return role < g->roles.rows;
}

static int check_rule(const cp_graph *g, const cp_rule *rule, cp_error *err)
{
	if (isnan(rule->max))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "a rule on each step needs a number to compare "
			       "with");
	switch (rule->kind) {
	case CP_RULE_STEP_MAX:
		if (rule->index >= g->n_metrics)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "a rule on each step names a metric the "
				       "graph does not have");
		return 0;
	case CP_RULE_ROLE_MAX:
	case CP_RULE_RISE_MAX:
		if (rule->index >= g->roles.count ||
		    cp_column_kind_of(g, CP_ROLES, rule->index) !=
			    CP_COLUMN_NUMBER)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "a rule on each step names no number "
				       "column of roles.csv");
		return 0;
	}
	return cp_fail(err, CP_EINVALID, NULL, 0, 0,
		       "a rule on each step is of no known kind");
}

int cp_query_check(const cp_graph *g, const cp_query *q, cp_error *err)
{
	size_t i;
	int status;
	if (!role_in_range(g, q->from) || !role_in_range(g, q->to))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query names no role to go %s",
			       role_in_range(g, q->from) ? "to" : "from");
	if (!(q->timeout >= 0))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "a deadline must be a number of seconds >= 0, "
			       "not %g",
			       q->timeout);
	if (!(q->experience >= 0) || !isfinite(q->experience))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "months of experience must be a number >= 0, "
			       "not %g",
			       q->experience);
	if (q->experience > 0 && g->experience_metric == SIZE_MAX)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "the graph has no metric 'experience_months' "
			       "to count experience already worked against");
	if (q->has_min_gain && !(q->min_gain >= -100 && isfinite(q->min_gain)))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "a wage rise per step must be a percentage from "
			       "-100 up, not %g",
			       q->min_gain);
	if (q->has_min_gain && !g->role_wage)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "the graph has no wages (a number column "
			       "'median_wage_usd' in roles.csv) for a rule on "
			       "wage rises");
	for (i = 0; i < q->n_avoid; i++) {
		if (!role_in_range(g, q->avoid[i]))
			return cp_fail(
				err, CP_EINVALID, NULL, 0, 0,
				"query avoids a role that does not exist");
		if (q->avoid[i] == q->from || q->avoid[i] == q->to)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "cannot avoid '%s': the route %s there",
				       cp_role_title(g, q->avoid[i]),
				       q->avoid[i] == q->from ? "starts"
							      : "ends");
	}
	for (i = 0; i < q->n_via; i++) {
		size_t j;
		if (!role_in_range(g, q->via[i]))
			return cp_fail(
				err, CP_EINVALID, NULL, 0, 0,
				"query goes via a role that does not exist");
		for (j = 0; j < q->n_avoid; j++)
			if (q->avoid[j] == q->via[i])
				return cp_fail(
					err, CP_EINVALID, NULL, 0, 0,
					"cannot both avoid and go via '%s'",
					cp_role_title(g, q->via[i]));
	}
	if (q->n_also && !q->also)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query counts roles held but gives none");
	for (i = 0; i < q->n_also; i++) {
		size_t j;
		if (!role_in_range(g, q->also[i]))
			return cp_fail(
				err, CP_EINVALID, NULL, 0, 0,
				"query holds a role that does not exist");
		for (j = 0; j < q->n_avoid; j++)
			if (q->avoid[j] == q->also[i])
				return cp_fail(err, CP_EINVALID, NULL, 0, 0,
					       "cannot avoid '%s': a route may "
					       "start there",
					       cp_role_title(g, q->also[i]));
	}
	for (i = 0; i < q->n_caps; i++)
		if (!q->caps[i].cost || isnan(q->caps[i].max))
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "query has a cap with no cost or no "
				       "value");
	if (!(q->differ >= 0 && q->differ <= 1))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "an overlap between routes must be a fraction "
			       "from 0 to 1, not %g",
			       q->differ);
	/* The overlap caps of limited overlap are set per route from one
	 * start; held roles would each need their own. */
	if (q->kind == CP_QUERY_ROUTES && q->k > 1 && q->differ > 0 &&
	    cp_held_count(q) > 1)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "routes that differ start from one role, not "
			       "from roles held as well");
	/* the searches add costs step by step: sums only (metrics.csv) */
	if ((status = cp_cost_check_sum(q->cost, g, "rank routes by", err)))
		return status;
	for (i = 0; i < q->n_caps; i++)
		if ((status =
			     cp_cost_check_sum(q->caps[i].cost, g, "cap", err)))
			return status;
	if (q->n_rules && !q->rules)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query counts rules but gives none");
	for (i = 0; i < q->n_rules; i++)
		if ((status = check_rule(g, &q->rules[i], err)))
			return status;
	return 0;
}

size_t cp_held_at(const cp_query *q, size_t i)
{
	size_t role = i ? q->also[i - 1] : q->from, j;
	for (j = 0; j < i; j++)
		if ((j ? q->also[j - 1] : q->from) == role)
			return CP_NO_ROLE;
	return role;
}

int cp_role_held(const cp_query *q, size_t role)
{
	size_t i;
	if (role == q->from)
		return 1;
	for (i = 0; q->also && i < q->n_also; i++)
		if (q->also[i] == role)
			return 1;
	return 0;
}

int cp_avoid_mask(unsigned char **out, const cp_graph *g, const cp_query *q)
{
	size_t i;
	*out = NULL;
	if (!q->n_avoid)
		return 0;
	*out = calloc(g->roles.rows ? g->roles.rows : 1, 1);
	if (!*out)
		return CP_ENOMEM;
	for (i = 0; i < q->n_avoid; i++)
		(*out)[q->avoid[i]] = 1;
	return 0;
}

/* Caps or via with one route: one run of the engine. */
static int solve_labels(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			const unsigned char *blocked, cp_error *err)
{
	cp_engine_config c;
	cp_engine *e;
	size_t found;
	int status;
	if ((status = cp_engine_config_query(&c, ws->g, q, blocked, err)) ||
	    (status = cp_workspace_engine(&e, ws, &c, err)) ||
	    (status = cp_engine_run_held(e, q, q->to, 1, &found, err)))
		return status;
	if (found == CP_NONE)
		return 0;
	if (!(routes->items = calloc(1, sizeof(*routes->items))))
		return cp_fail_oom(err);
	routes->count = 1;
	if (cp_engine_route_held(&routes->items[0], e, found, q->cost, q))
		return cp_fail_oom(err);
	return 0;
}

/* Routes in the order of the tie rule: cost, steps, then the arcs from
 * the last back (an arc is its transition, then the role it leaves). */
static int route_order(const void *pa, const void *pb)
{
	const cp_route *a = pa, *b = pb;
	size_t i;
	int order = cp_tie_order(a->cost, a->n_steps, b->cost, b->n_steps);
	if (order)
		return order;
	for (i = a->n_steps; i > 0; i--) {
		if (a->transitions[i - 1] != b->transitions[i - 1])
			return a->transitions[i - 1] < b->transitions[i - 1]
				       ? -1
				       : 1;
		if (a->roles[i - 1] != b->roles[i - 1])
			return a->roles[i - 1] < b->roles[i - 1] ? -1 : 1;
	}
	return 0;
}

/*
 * k routes from several held roles: the k best of each role's own k
 * routes (a query from that role alone, its detours judged as there), put
 * together by the tie rule. The k best of all are among them: each is
 * among the k best of the role it starts from. Every search draws on the
 * one budget of the query.
 */
static int kroutes_held(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			const unsigned char *blocked, cp_error *err)
{
	cp_routes one = {0};
	size_t i, j, start, want = q->k;
	int status = 0;
	for (i = 0; i < cp_held_count(q) && !status; i++) {
		cp_query alone = *q;
		cp_route *grown;
		if ((start = cp_held_at(q, i)) == CP_NO_ROLE)
			continue;
		alone.from = start;
		alone.also = NULL;
		alone.n_also = 0;
		alone.experience = cp_held_credit(q, start);
		memset(&one, 0, sizeof(one));
		if ((status = cp_kroutes(&one, ws, &alone, blocked, err)))
			break;
		if (!one.count)
			continue;
		grown = cp_realloc_array(routes->items,
					 routes->count + one.count,
					 sizeof(cp_route));
		if (!grown) {
			status = cp_fail_oom(err);
			break;
		}
		routes->items = grown;
		memcpy(routes->items + routes->count, one.items,
		       one.count * sizeof(cp_route));
		routes->count += one.count;
		free(one.items);
		one.items = NULL;
		one.count = 0;
	}
	for (j = 0; j < one.count; j++)
		cp_route_clear(&one.items[j]);
	free(one.items);
	if (status)
		return status;
	if (routes->count)
		qsort(routes->items, routes->count, sizeof(cp_route),
		      route_order);
	for (j = want; j < routes->count; j++)
		cp_route_clear(&routes->items[j]);
	if (routes->count > want)
		routes->count = want;
	return 0;
}

int cp_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
	     cp_error *err)
{
	unsigned char *blocked = NULL;
	int status;
	if (cp_avoid_mask(&blocked, ws->g, q))
		return cp_fail_oom(err);
	if (q->k > 1 && q->differ > 0)
		status = cp_differ_routes(routes, ws, q, blocked, err);
	else if (q->k > 1 && cp_held_count(q) > 1)
		status = kroutes_held(routes, ws, q, blocked, err);
	else if (q->k > 1)
		status = cp_kroutes(routes, ws, q, blocked, err);
	else if (q->n_via || q->n_caps)
		status = solve_labels(routes, ws, q, blocked, err);
	else
		status = cp_shortest_route(routes, ws, q, blocked, err);
	free(blocked);
	return status;
}
