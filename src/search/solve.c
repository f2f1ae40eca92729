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
	for (i = 0; i < q->n_caps; i++)
		if (!q->caps[i].cost || isnan(q->caps[i].max))
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "query has a cap with no cost or no "
				       "value");
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
	    (status = cp_engine_run(e, cp_engine_start(e, q->from), 0, 0, NULL,
				    q->to, 1, &found, err)))
		return status;
	if (found == CP_NONE)
		return 0;
	if (!(routes->items = calloc(1, sizeof(*routes->items))))
		return cp_fail_oom(err);
	routes->count = 1;
	if (cp_engine_route(&routes->items[0], e, found, q->cost, q->from,
			    q->experience))
		return cp_fail_oom(err);
	return 0;
}

int cp_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
	     cp_error *err)
{
	unsigned char *blocked = NULL;
	int status;
	if (cp_avoid_mask(&blocked, ws->g, q))
		return cp_fail_oom(err);
	if (q->k > 1)
		status = cp_kroutes(routes, ws, q, blocked, err);
	else if (q->n_via || q->n_caps)
		status = solve_labels(routes, ws, q, blocked, err);
	else
		status = cp_shortest_route(routes, ws, q, blocked, err);
	free(blocked);
	return status;
}
