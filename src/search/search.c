/*
 * cp_search: the one entry point. Checks the query for its kind, copies
 * what was asked into the answer (so that writers need only the answer),
 * and hands the query to the solver of its kind, from one table of kinds;
 * for routes, says when there are none (and why, when asked).
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "months,cost_usd": what a front is over; a cost's text otherwise. */
static int name_by(cp_routes *routes, const cp_query *q)
{
	cp_buf by = CP_BUF_INIT;
	size_t i;
	int status = 0;
	if (q->kind != CP_QUERY_PARETO)
		return (routes->by = strdup(cp_cost_text(q->cost))) ? 0
								    : CP_ENOMEM;
	for (i = 0; i < q->n_objectives && !status; i++)
		status = cp_buf_printf(&by, "%s%s", i ? "," : "",
				       cp_cost_text(q->objectives[i]));
	if (!status && !(routes->by = strdup(by.ptr)))
		status = CP_ENOMEM;
	cp_buf_free(&by);
	return status;
}

/* What was asked, for a checked query. */
static int describe(cp_routes *routes, const cp_query *q)
{
	int pareto = q->kind == CP_QUERY_PARETO;
	routes->kind = q->kind;
	routes->from = q->kind == CP_QUERY_FEEDERS ? CP_NO_ROLE : q->from;
	routes->to = q->kind == CP_QUERY_REACH || q->kind == CP_QUERY_ROW
			     ? CP_NO_ROLE
			     : q->to;
	routes->experience = q->experience;
	routes->discount = q->discount;
	routes->differ = q->kind == CP_QUERY_ROUTES && q->k > 1 ? q->differ : 0;
	if (cp_cost_copy(&routes->cost, pareto ? q->objectives[0] : q->cost) ||
	    name_by(routes, q))
		return CP_ENOMEM;
	if (cp_held_count(q) > 1) {
		size_t i, role;
		routes->also = cp_alloc_array(q->n_also, sizeof(size_t));
		if (!routes->also)
			return CP_ENOMEM;
		for (i = 1; i < cp_held_count(q); i++)
			if ((role = cp_held_at(q, i)) != CP_NO_ROLE)
				routes->also[routes->n_also++] = role;
	}
	if (q->kind == CP_QUERY_ROW && q->n_targets) {
		routes->targets = cp_alloc_array(q->n_targets, sizeof(size_t));
		if (!routes->targets)
			return CP_ENOMEM;
		memcpy(routes->targets, q->targets,
		       q->n_targets * sizeof(size_t));
		routes->n_targets = q->n_targets;
	}
	return 0;
}

/* Whether any arc at all leads from `from` to `to`, whatever it costs. */
static int leads_to(int *out, const cp_graph *g, size_t from, size_t to)
{
	size_t n = g->roles.rows, head = 0, tail = 0, i;
	size_t *queue = cp_alloc_array(n ? n : 1, sizeof(size_t));
	unsigned char *seen = calloc(n ? n : 1, 1);
	*out = 0;
	if (!queue || !seen) {
		free(queue);
		free(seen);
		return CP_ENOMEM;
	}
	seen[from] = 1;
	queue[tail++] = from;
	while (head < tail && !seen[to]) {
		size_t u = queue[head++];
		for (i = g->out_start[u]; i < g->out_start[u + 1]; i++) {
			size_t v = cp_arc_to(g, g->out_edges[i]);
			if (!seen[v]) {
				seen[v] = 1;
				queue[tail++] = v;
			}
		}
	}
	*out = seen[to];
	free(queue);
	free(seen);
	return 0;
}

/*
 * Fewer routes than asked, while a search set aside a route whose total
 * overflowed: the answer would tell of fewer routes than there are
 * (unless nothing leads to the target at all). CP_EOVERFLOW, or 0.
 */
static int routes_overflow(const cp_routes *routes, cp_workspace *ws,
			   const cp_query *q, cp_error *err)
{
	int leads = 1;
	size_t i, start;
	if (!ws->budget.overflowed || routes->count >= (q->k ? q->k : 1))
		return 0;
	for (i = 0, leads = 0; !routes->count && !leads && i < cp_held_count(q);
	     i++)
		if ((start = cp_held_at(q, i)) != CP_NO_ROLE &&
		    leads_to(&leads, ws->g, start, q->to))
			return cp_fail_oom(err);
	if (routes->count)
		leads = 1;
	return leads ? cp_budget_fail_overflow(&ws->budget, err) : 0;
}

/* The k routes; when there are none, the message and maybe the reason. */
static int solve_routes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			cp_error *err)
{
	const cp_graph *graph = ws->g;
	int status;
	if ((status = cp_solve(routes, ws, q, err)) ||
	    (status = routes_overflow(routes, ws, q, err)))
		return status;
	if (routes->count)
		return 0;
	/* a reason that cannot be had (the limit) leaves the answer as it is */
	if (q->explain && cp_explain_in(&routes->why, ws, q, err) == CP_ENOMEM)
		return cp_fail_oom(err);
	return cp_fail(err, CP_ENOROUTE, NULL, 0, 0,
		       "no route from '%s'%s to '%s'%s",
		       cp_role_title(graph, q->from),
		       routes->n_also ? " or a role also held" : "",
		       cp_role_title(graph, q->to),
		       q->n_avoid || q->n_via || q->n_caps
			       ? " that meets the conditions"
			       : "");
}

/*
 * Whether a reach, a Pareto front or a row lacks what a total that
 * overflowed took out of it: a role of a reach (the search notes only a
 * role left unsettled), any route of a front, a target of a row left
 * without a route.
 */
static int answer_short(const cp_routes *routes, const cp_budget *budget)
{
	size_t i;
	if (!budget->overflowed)
		return 0;
	if (routes->kind != CP_QUERY_ROW)
		return 1;
	for (i = 0; i < routes->count; i++)
		if (routes->items[i].cost == INFINITY)
			return 1;
	return 0;
}

/*
 * A route's total of a metric that passes the largest double, though its
 * cost did not (a route by steps through moves of 1e308 months): CP_EOVERFLOW
 * naming the metric, or 0.
 */
static int totals_overflow(const cp_routes *routes, const cp_graph *graph,
			   cp_error *err)
{
	size_t i, m;
	for (i = 0; i < routes->count; i++) {
		const double *totals =
			routes->tree ? cp_reach_totals(routes, graph, i)
				     : routes->items[i].totals;
		for (m = 0; totals && m < graph->n_metrics; m++)
			if (isinf(totals[m]))
				return cp_fail(err, CP_EOVERFLOW, NULL, 0, 0,
					       "the total of %s overflows (a "
					       "route's total passes the "
					       "largest number)",
					       cp_metric_name(graph, m));
	}
	return 0;
}

/*
 * Each kind of query: its check (0 or CP_EINVALID), then its solver, which
 * answers a checked query into routes that describe() has filled.
 */
typedef struct kind_solver {
	cp_query_kind kind;
	int (*check)(const cp_graph *graph, const cp_query *q, cp_error *err);
	int (*solve)(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		     cp_error *err);
} kind_solver;

static const kind_solver solvers[] = {
	{CP_QUERY_ROUTES, cp_query_check, solve_routes},
	{CP_QUERY_REACH, cp_reach_check, cp_reach_solve},
	{CP_QUERY_FEEDERS, cp_reach_check, cp_reach_solve},
	{CP_QUERY_PARETO, cp_pareto_check, cp_pareto_solve},
	{CP_QUERY_ROW, cp_row_check, cp_row_solve},
};

/* The solver of a kind of query; NULL for a kind there is none of. */
static const kind_solver *solver_of(cp_query_kind kind)
{
	size_t i;
	for (i = 0; i < sizeof(solvers) / sizeof(solvers[0]); i++)
		if (solvers[i].kind == kind)
			return &solvers[i];
	return NULL;
}

int cp_search(cp_routes **out, const cp_graph *graph, const cp_query *q,
	      cp_error *err)
{
	const kind_solver *solver = solver_of(q->kind);
	return cp_search_by(out, graph, q, solver ? solver->solve : NULL, err);
}

int cp_search_by(cp_routes **out, const cp_graph *graph, const cp_query *q,
		 int (*solve)(cp_routes *routes, cp_workspace *ws,
			      const cp_query *q, cp_error *err),
		 cp_error *err)
{
	const kind_solver *solver = solver_of(q->kind);
	cp_routes *routes = NULL;
	cp_workspace *ws = NULL;
	int status;

	*out = NULL;
	if (!solver)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "query of no known kind (%d)", (int)q->kind);
	if ((status = solver->check(graph, q, err)) ||
	    (status = cp_workspace_acquire(&ws, graph, q, err)))
		return status;
	routes = calloc(1, sizeof(*routes));
	if (!routes || describe(routes, q)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	cp_budget_start(&ws->budget, q);
	/* a query called off before it starts is not started */
	if ((status = cp_budget_check(&ws->budget))) {
		status = cp_budget_fail(&ws->budget, status, err);
		goto cleanup;
	}
	status = solve(routes, ws, q, err);
	if ((!status || status == CP_ENOROUTE) && q->kind != CP_QUERY_ROUTES &&
	    answer_short(routes, &ws->budget))
		status = cp_budget_fail_overflow(&ws->budget, err);
	if (!status)
		status = totals_overflow(routes, graph, err);
	if (!status)
		status = cp_destination_filter(routes, graph, q, err);
	if (status && status != CP_ENOROUTE)
		goto cleanup;
	*out = routes;
	routes = NULL;
cleanup:
	cp_workspace_release(ws, q);
	cp_routes_free(routes);
	return status;
}

void cp_query_init(cp_query *q)
{
	/* a copy of a static, whose padding is zero as well, so that two
	 * queries made by this function compare equal byte for byte */
	static const cp_query init = CP_QUERY_INIT;
	memcpy(q, &init, sizeof(*q));
}
