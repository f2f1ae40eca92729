/*
 * Routes and their steps: what a step counts (experience credit on the
 * first), a route's totals by each metric's rule, whether it keeps the rules
 * (the wage rule, the career rules), the routes a search hands back (and the
 * reason when there are none), and the arc part of the tie rule.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int cp_tie_arcs(const size_t *a, const size_t *b, size_t n)
{
	size_t i;
	for (i = n; i > 0; i--)
		if (a[i - 1] != b[i - 1])
			return a[i - 1] < b[i - 1] ? -1 : 1;
	return 0;
}

double cp_step_value(const cp_graph *g, size_t metric, size_t arc,
		     double credit)
{
	size_t t = cp_arc_tr(g, arc);
	double needed;
	if (credit > 0 && g->experience_metric != SIZE_MAX &&
	    (metric == g->experience_metric || metric == g->elapsed_metric)) {
		needed = cp_metric_values(g, g->experience_metric)[t] - credit;
		if (needed < 0)
			needed = 0;
		/* NaN stays NaN: a blank cell has nothing to credit */
		return metric == g->experience_metric
			       ? needed
			       : cp_metric_values(g, g->months_metric)[t] +
					 needed;
	}
	return cp_metric_values(g, metric)[t];
}

double cp_step_lower(const cp_graph *g, size_t metric, size_t arc,
		     double credit)
{
	size_t t = cp_arc_tr(g, arc);
	double needed;
	if (credit > 0 && g->experience_metric != SIZE_MAX &&
	    (metric == g->experience_metric || metric == g->elapsed_metric)) {
		needed = cp_metric_lower(g, g->experience_metric)[t] - credit;
		if (needed < 0)
			needed = 0;
		return metric == g->experience_metric
			       ? needed
			       : cp_metric_lower(g, g->months_metric)[t] +
					 needed;
	}
	return cp_metric_lower(g, metric)[t];
}

double cp_step_cost(const cp_graph *g, const cp_cost *cost, size_t arc,
		    double credit)
{
	double total;
	size_t i;
	if (!(credit > 0) || !cost)
		return cp_cost_at(cost, cp_arc_tr(g, arc));
	total = cost->step_weight;
	for (i = 0; i < cost->n_terms; i++)
		total += cost->terms[i].weight *
			 cp_step_lower(g, cost->metrics[i], arc, credit);
	return total;
}

cp_step_rules cp_step_rules_of(const cp_query *q)
{
	cp_step_rules r;
	r.has_min_gain = q->has_min_gain;
	r.min_gain = q->min_gain;
	r.rules = q->rules;
	r.n_rules = q->n_rules;
	return r;
}

/* The wage rule: a step out of a role with no wage has nothing to keep. */
static int step_pays(const cp_graph *g, double min_gain, size_t from, size_t to)
{
	double before = cp_role_wage(g, from), after = cp_role_wage(g, to);
	if (isnan(before))
		return 1;
	return after >= before * (1 + min_gain / 100);
}

/*
 * Blank cells. A blank metric is a value not known: a step rule compares
 * its lower bound (cp_step_lower, 0), so that the step is taken unless even
 * the least it can be breaks the rule, and the answer says where a value
 * it kept is not known. A blank level in the role entered is not known rather
 * than high (O*NET leaves ratings out for want of data), so a cap on it
 * (CP_RULE_ROLE_MAX) cannot be shown broken and the step is allowed. A
 * rise (CP_RULE_RISE_MAX) into a blank level still breaks the rule: a
 * route through a role of unknown level could otherwise climb any number
 * of levels in two steps. Out of a blank level there is nothing to
 * compare, as at a starting point, so any rise keeps it.
 */
static int keeps_rule(const cp_graph *g, const cp_rule *rule, size_t arc)
{
	size_t from = cp_arc_from(g, arc), to = cp_arc_to(g, arc);
	double before, after;
	switch (rule->kind) {
	case CP_RULE_STEP_MAX:
		return cp_metric_lower(g, rule->index)[cp_arc_tr(g, arc)] <=
		       rule->max;
	case CP_RULE_ROLE_MAX:
		after = cp_cell_number(g, CP_ROLES, rule->index, to);
		return isnan(after) || after <= rule->max;
	case CP_RULE_RISE_MAX:
		before = cp_cell_number(g, CP_ROLES, rule->index, from);
		after = cp_cell_number(g, CP_ROLES, rule->index, to);
		return isnan(before) || after - before <= rule->max;
	}
	return 0;
}

int cp_step_allowed(const cp_graph *g, const cp_step_rules *r, size_t arc)
{
	size_t i;
	if (r->has_min_gain &&
	    !step_pays(g, r->min_gain, cp_arc_from(g, arc), cp_arc_to(g, arc)))
		return 0;
	for (i = 0; i < r->n_rules; i++)
		if (!keeps_rule(g, &r->rules[i], arc))
			return 0;
	return 1;
}

void cp_route_clear(cp_route *route)
{
	free(route->roles);
	free(route->transitions);
	free(route->values);
	free(route->totals);
	memset(route, 0, sizeof(*route));
}

int cp_route_fill(cp_route *route, const cp_graph *g, const cp_cost *cost,
		  size_t start, const size_t *edges, size_t n, double credit)
{
	size_t i, m, n_values;
	route->n_steps = n;
	route->cost = 0;
	route->roles = cp_alloc_array(n + 1, sizeof(size_t));
	route->transitions = cp_alloc_array(n, sizeof(size_t));
	route->totals = cp_alloc_array(g->n_metrics, sizeof(double));
	if (cp_size_mul(&n_values, n, g->n_metrics))
		return CP_ENOMEM;
	route->values = cp_alloc_array(n_values, sizeof(double));
	if (!route->roles || !route->transitions || !route->totals ||
	    !route->values)
		return CP_ENOMEM;
	route->roles[0] = start;
	for (i = 0; i < n; i++) {
		double step_credit = i ? 0 : credit;
		route->transitions[i] = cp_arc_tr(g, edges[i]);
		route->roles[i + 1] = cp_arc_to(g, edges[i]);
		route->cost += cp_step_cost(g, cost, edges[i], step_credit);
		for (m = 0; m < g->n_metrics; m++)
			route->values[i * g->n_metrics + m] =
				cp_step_value(g, m, edges[i], step_credit);
	}
	/* a total is by its metric's rule (metrics.csv), and the least it
	 * can be: a blank value counts its lower bound, as the search counted
	 * it; a route of no steps totals 0 */
	for (m = 0; m < g->n_metrics; m++) {
		cp_combine rule = cp_metric_combine(g, m);
		double total = 0;
		for (i = 0; i < n; i++)
			total = cp_combine_step(
				rule, total,
				cp_step_lower(g, m, edges[i], i ? 0 : credit),
				i);
		route->totals[m] = total;
	}
	return 0;
}

void cp_why_keep_caps(cp_why *why, size_t n)
{
	size_t i;
	for (i = n; i < why->n_needed; i++)
		free(why->cap_costs[i]);
	if (why->n_needed > n)
		why->n_needed = n;
}

void cp_why_free(cp_why *why)
{
	size_t i;
	if (!why)
		return;
	for (i = 0; why->cap_costs && i < why->n_needed; i++)
		free(why->cap_costs[i]);
	free(why->cap_costs);
	free(why->cap_max);
	free(why->nearest);
	free(why->needed);
	free(why->rules);
	free(why);
}

void cp_routes_free(cp_routes *routes)
{
	size_t i;
	if (!routes)
		return;
	for (i = 0; routes->items && i < routes->count; i++)
		cp_route_clear(&routes->items[i]);
	free(routes->items);
	cp_route_tree_free(routes->tree);
	free(routes->rows);
	cp_why_free(routes->why);
	free(routes->targets);
	free(routes->also);
	cp_cost_free(routes->cost);
	free(routes->by);
	free(routes);
}
