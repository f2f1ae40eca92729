/*
 * careerpath/cost.h: cost expressions, what a query minimises or caps:
 * steps, a metric, or a weighted sum of metrics, parsed against a graph.
 */
#ifndef CAREERPATH_COST_H
#define CAREERPATH_COST_H

#include "common.h"
#include "graph.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What a query minimises: `steps` (one per transition), a metric name, or
 * a weighted sum with non-negative weights such as `months+cost_usd/1000`
 * or `2*(months+experience_months)`. Grammar: numbers, metric names,
 * + - * / and parentheses; every term must be linear in the metrics.
 */
typedef struct cp_cost cp_cost;

/* Stands for the step count where a metric is expected (caps). */
#define CP_METRIC_STEPS ((size_t)-1)

/*
 * Returns 0 and the parsed cost, CP_ENOTFOUND for an unknown metric (the
 * message lists the metrics), or CP_EINVALID for a malformed expression.
 * The cost refers to graph and must not outlive it.
 */
int cp_cost_parse(cp_cost **out, const cp_graph *graph, const char *expr,
		  cp_error *err);
void cp_cost_free(cp_cost *cost);
/* The expression as given. */
const char *cp_cost_text(const cp_cost *cost);
/* Whether the cost is the plain step count. */
int cp_cost_is_steps(const cp_cost *cost);
/*
 * Orders two costs by what they weigh, not by how they are written: 0 when
 * they weigh every metric and the step alike ('months', ' months' and
 * '1*months + 0*cost_usd'), and so cost every transition alike. NULL is
 * steps.
 */
int cp_cost_compare(const cp_cost *x, const cp_cost *y);
/*
 * The cost of one metric alone, or of steps for CP_METRIC_STEPS. Returns
 * 0, CP_EINVALID for a metric the graph does not have, or CP_ENOMEM.
 */
int cp_cost_metric(cp_cost **out, const cp_graph *graph, size_t metric,
		   cp_error *err);
/*
 * The metrics the cost weighs (weight > 0), in metric order: writes at
 * most max of them to out and returns how many there are.
 */
size_t cp_cost_metrics(const cp_cost *cost, size_t *out, size_t max);
/* The cost of one transition, or NaN if a metric it uses is blank there. */
double cp_cost_of(const cp_cost *cost, size_t transition);
/*
 * The cost of a row of metric values, one per metric in metric order (a
 * step of cp_route.values): what a query counted for that step. NaN if a
 * metric it uses is blank (NaN) in the row; 1 for a NULL cost (steps).
 */
double cp_cost_of_values(const cp_cost *cost, const double *values);
/*
 * Whether the cost is one metric alone, whatever its weight (`months`,
 * `2*months`: such a cost orders routes as the metric does); if so, *out
 * is that metric. 0 for steps, for several metrics and for a metric plus
 * steps.
 */
int cp_cost_is_metric(size_t *out, const cp_cost *cost);

/*
 * The weight the cost gives metric (CP_METRIC_STEPS: the step), 0 where it
 * weighs it not.
 */
double cp_cost_weight(const cp_cost *cost, size_t metric);
/*
 * How a route totals the cost: CP_COMBINE_SUM when every metric it weighs
 * is summed over a route (cp_metric_combine; steps are), else the rule of
 * the first metric that is not, in metric order, which goes to *metric
 * (when not NULL). A search adds costs step by step, so it ranks and caps
 * by sums only.
 */
cp_combine cp_cost_combine(const cp_cost *cost, const cp_graph *graph,
			   size_t *metric);
/*
 * 0 when the cost totals as a sum (cp_cost_combine), else CP_EINVALID: the
 * message says that the search cannot `doing` the cost ("rank routes by",
 * "cap"), naming the metric and its rule.
 */
int cp_cost_check_sum(const cp_cost *cost, const cp_graph *graph,
		      const char *doing, cp_error *err);

#ifdef __cplusplus
}
#endif

#endif
