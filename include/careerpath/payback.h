/*
 * careerpath/payback.h: when a route pays for itself. The money a route
 * costs (its tuition and the pay it gives up on the way) against the extra
 * pay it brings once finished.
 */
#ifndef CAREERPATH_PAYBACK_H
#define CAREERPATH_PAYBACK_H

#include "common.h"
#include "graph.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What a route's payback is:
 * - CP_PAYBACK_MONTHS: it pays back, in a number of months;
 * - CP_PAYBACK_NEVER: the median wage at its end is not above that of its
 *   start, so no month of extra pay ever comes (a route of no steps too);
 * - CP_PAYBACK_UNKNOWN: a figure it rests on is blank or absent.
 */
typedef enum {
	CP_PAYBACK_MONTHS,
	CP_PAYBACK_NEVER,
	CP_PAYBACK_UNKNOWN
} cp_payback_kind;

/*
 * The payback of route r of graph, into *months (set only for
 * CP_PAYBACK_MONTHS). The person compares the route with staying in the
 * role they work in today, `today` (the query's start: a route may start
 * at another role they hold as well, cp_query.also), or the route's first
 * role, roles[0], when today is CP_NO_ROLE, at that role's median wage w0
 * (cp_role_wage); every wage is a year's, and a month earns a twelfth.
 * Step i (from roles[i]) asks months_i of training, experience_months_i
 * of work in roles[i] (r->values: the experience already worked is taken
 * off the first step) and cost_usd_i of tuition:
 * - training is full time and pays nothing: it gives up w0 for each of
 *   its months, the pay staying put would have brought;
 * - a work-experience month pays the wage of the role worked in,
 *   roles[i], so it gives up w0 - w_i (nothing on the first step; less
 *   than nothing, a gain, in a better-paid role on the way);
 * - the route's cost is the sum of its tuition and of the pay given up:
 *   cost = sum_i (cost_usd_i + (months_i * w0 + experience_months_i *
 *   (w0 - w_i)) / 12);
 * - after the route the person earns w_end, the wage of its last role:
 *   (w_end - w0) / 12 a month more than staying put. The payback is the
 *   months after the end of the route until that extra pay covers the
 *   cost: cost / ((w_end - w0) / 12), rounded up to a whole month, and 0
 *   when the cost is not above 0. No discounting: a dollar next year is
 *   worth a dollar today.
 * UNKNOWN when w0 or w_end is blank; else NEVER when w_end <= w0,
 * whatever the route costs; else UNKNOWN when a step with experience
 * months has a role of blank wage, when a step's
 * months, cost_usd or experience_months is blank, or when the graph has
 * no metric months or cost_usd (a graph without experience_months asks
 * none). Returns the kind. Cost: O(steps).
 */
cp_payback_kind cp_route_payback(double *months, const cp_graph *graph,
				 const cp_route *r, size_t today);

/*
 * cp_route_payback() with the extra pay discounted at `discount` a year
 * (0.05 for 5%; 0: none, the same answer as cp_route_payback() to the
 * bit). The cost is counted as above, undiscounted, at the end of the
 * route: the data do not say when within a step its tuition and its
 * months fall. Each month after the end brings (w_end - w0) / 12 at its
 * close, discounted back to the end of the route monthly at
 * m = (1 + discount)^(1/12) - 1, so that twelve months compound to the
 * annual rate. The payback is the least whole n with
 * (w_end - w0) / 12 * (1 - (1 + m)^-n) / m >= cost; NEVER also when no n
 * will do, the discounted extra pay of all the months to come,
 * (w_end - w0) / 12 / m, being less than the cost. discount must be >= 0.
 */
cp_payback_kind cp_route_payback_at(double *months, const cp_graph *graph,
				    const cp_route *r, size_t today,
				    double discount);

/* "months", "never" or "unknown": the kind as answers name it. */
const char *cp_payback_name(cp_payback_kind kind);

#ifdef __cplusplus
}
#endif

#endif
