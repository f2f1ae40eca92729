/*
 * When a route pays for itself: its tuition and the pay it gives up, set
 * against the extra pay after it (careerpath/payback.h has the formula).
 */
#include "internal.h"

#include <math.h>

/* A metric's column of values, or CP_NO_ROLE when the graph has none. */
static size_t metric_or_none(const cp_graph *g, const char *name)
{
	size_t m;
	return cp_metric_find(&m, g, name) ? CP_NO_ROLE : m;
}

/*
 * The whole months until extra_a_month, paid at the end of each month and
 * discounted at rate a year (compounded monthly, (1 + rate)^(1/12) - 1 a
 * month) back to the end of the route, adds up to cost: the least n with
 * extra * (1 - (1 + m)^-n) / m >= cost. NAN when it never does, the
 * discounted extra pay of every month to come (extra / m) falling short.
 * Rate 0 is the plain cost / extra.
 */
static double months_to_cover(double cost, double extra_a_month, double rate)
{
	double monthly, part;
	if (cost <= 0)
		return 0;
	if (!(rate > 0))
		return cost / extra_a_month;
	monthly = expm1(log1p(rate) / 12);
	part = cost * monthly / extra_a_month;
	if (part >= 1)
		return NAN;
	return -log1p(-part) / log1p(monthly);
}

cp_payback_kind cp_route_payback(double *months, const cp_graph *graph,
				 const cp_route *r, size_t today)
{
	return cp_route_payback_at(months, graph, r, today, 0);
}

cp_payback_kind cp_route_payback_at(double *months, const cp_graph *graph,
				    const cp_route *r, size_t today,
				    double discount)
{
	size_t n_metrics = cp_graph_metric_count(graph), i,
	       training = metric_or_none(graph, "months"),
	       tuition = metric_or_none(graph, "cost_usd"),
	       experience = metric_or_none(graph, "experience_months");
	double w0, w_end, cost = 0, covered;
	if (!r->n_steps)
		return CP_PAYBACK_NEVER;
	w0 = cp_role_wage(graph, today != CP_NO_ROLE ? today : r->roles[0]);
	w_end = cp_role_wage(graph, r->roles[r->n_steps]);
	if (isnan(w0) || isnan(w_end))
		return CP_PAYBACK_UNKNOWN;
	/* no extra pay ever comes, whatever the route costs */
	if (!(w_end > w0))
		return CP_PAYBACK_NEVER;
	if (training == CP_NO_ROLE || tuition == CP_NO_ROLE)
		return CP_PAYBACK_UNKNOWN;
	for (i = 0; i < r->n_steps; i++) {
		const double *v = r->values + i * n_metrics;
		double worked = experience == CP_NO_ROLE ? 0 : v[experience],
		       w_here = cp_role_wage(graph, r->roles[i]);
		if (isnan(v[training]) || isnan(v[tuition]) || isnan(worked))
			return CP_PAYBACK_UNKNOWN;
		/* the wage of a role only worked in is never read */
		if (worked > 0 && isnan(w_here))
			return CP_PAYBACK_UNKNOWN;
		cost += v[tuition] + v[training] * w0 / 12;
		if (worked > 0)
			cost += worked * (w0 - w_here) / 12;
	}
	covered = months_to_cover(cost, (w_end - w0) / 12, discount);
	if (isnan(covered))
		return CP_PAYBACK_NEVER;
	/* a whole month: the one in which the extra pay has covered the
	 * cost; a relative 1e-9 keeps sums of decimals as written (2 years of
	 * $1,000 a month against $24,000 is 24, not 25) */
	*months = ceil(covered * (1 - 1e-9));
	return CP_PAYBACK_MONTHS;
}

const char *cp_payback_name(cp_payback_kind kind)
{
	return kind == CP_PAYBACK_MONTHS  ? "months"
	       : kind == CP_PAYBACK_NEVER ? "never"
					  : "unknown";
}
