/*
 * Fuzz harness for cost expressions: the input is the expression (up to its
 * first NUL byte), parsed against a fixed small graph, then used by every
 * kind of search.
 *
 * What must hold: a cost that parses weighs every transition at zero or
 * more, and each search's answer obeys it (a blank metric counted as its
 * lower bound, as the searches count it); the best route found again
 * under caps set to its own totals costs the same. A total that passes
 * the largest double fails the query (CP_EOVERFLOW) rather than drop the
 * route. A generous deadline changes no answer; a query called off stops
 * with CP_ECANCELED, and one past its deadline with CP_ETIMEOUT or its
 * answer.
 */
#include "fuzz.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT 20000

static void check_routes(const cp_graph *g, const cp_routes *routes,
			 const cp_cost *cost)
{
	size_t r, s;
	for (r = 0; routes && r < routes->count; r++) {
		const cp_route *route = &routes->items[r];
		double total = 0;
		for (s = 0; s < route->n_steps; s++)
			total += cp_cost_at(cost, route->transitions[s]);
		FUZZ_CHECK(route->cost >= 0);
		/* a search adds the same numbers, maybe in another order */
		FUZZ_CHECK(fabs(total - route->cost) <=
			   1e-9 * fabs(route->cost) + 1e-300);
		if (r)
			FUZZ_CHECK(route->cost >= routes->items[r - 1].cost);
		FUZZ_CHECK(route->n_steps < cp_graph_role_count(g));
	}
}

static void format_all(const cp_graph *g, const cp_routes *routes)
{
	static const cp_format formats[] = {CP_FORMAT_TEXT, CP_FORMAT_JSON,
					    CP_FORMAT_CSV};
	size_t i;
	for (i = 0; i < 3; i++) {
		cp_buf out = CP_BUF_INIT;
		cp_buf_init(&out);
		FUZZ_CHECK(cp_routes_format(&out, g, routes, formats[i]) == 0);
		if (formats[i] == CP_FORMAT_JSON)
			FUZZ_CHECK(fuzz_json_valid(out.ptr, out.size));
		cp_buf_free(&out);
	}
}

/* The best route again, capped at its own totals: the same cost. */
static void recheck_with_caps(const cp_graph *g, cp_query q,
			      const cp_route *best)
{
	cp_cap caps[8];
	cp_cost *costs[8];
	cp_routes *again = NULL;
	cp_error err;
	size_t m, n = 0, i;
	int status;
	for (m = 0; m < cp_graph_metric_count(g) && n < 7; m++)
		if (!isnan(best->totals[m])) {
			FUZZ_CHECK(cp_cost_metric(&costs[n], g, m, &err) == 0);
			caps[n].cost = costs[n];
			caps[n++].max = best->totals[m];
		}
	FUZZ_CHECK(cp_cost_metric(&costs[n], g, CP_METRIC_STEPS, &err) == 0);
	caps[n].cost = costs[n];
	caps[n++].max = (double)best->n_steps;
	q.caps = caps;
	q.n_caps = n;
	q.k = 1;
	status = cp_search(&again, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_ELIMIT ||
		   status == CP_EOVERFLOW);
	if (!status)
		FUZZ_CHECK(fabs(again->items[0].cost - best->cost) <=
			   1e-9 * best->cost);
	cp_routes_free(again);
	for (i = 0; i < n; i++)
		cp_cost_free(costs[i]);
}

static int always(void *arg)
{
	return *(const int *)arg;
}

/*
 * The k-routes query q again: within a generous deadline, the same answer
 * (status and costs); called off, CP_ECANCELED and no answer; with a
 * deadline of a nanosecond, the answer or CP_ETIMEOUT.
 */
static void deadlines(const cp_graph *g, cp_query q, const cp_routes *answer,
		      int answer_status)
{
	cp_routes *again = NULL;
	cp_error err;
	int yes = 1, no = 0, status;
	size_t i;
	q.timeout = 60;
	q.cancelled = always;
	q.cancel_arg = &no;
	status = cp_search(&again, g, &q, &err);
	FUZZ_CHECK(status == answer_status);
	FUZZ_CHECK(!again == !answer);
	for (i = 0; again && i < again->count; i++)
		FUZZ_CHECK(again->count == answer->count &&
			   again->items[i].cost == answer->items[i].cost);
	cp_routes_free(again);
	again = NULL;
	q.cancel_arg = &yes;
	status = cp_search(&again, g, &q, &err);
	FUZZ_CHECK(status == CP_ECANCELED && !again && err.message[0]);
	q.cancelled = NULL;
	q.timeout = 1e-9;
	status = cp_search(&again, g, &q, &err);
	FUZZ_CHECK(status == answer_status ||
		   (status == CP_ETIMEOUT && !again &&
		    strstr(err.message, "deadline")));
	cp_routes_free(again);
}

static void searches(const cp_graph *g, const cp_cost *cost)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = NULL;
	size_t metrics[8], n_metrics, from, to, t, i;
	cp_cost *objectives[9];
	cp_error err;
	int status;

	for (t = 0; t < cp_graph_transition_count(g); t++)
		FUZZ_CHECK(!(cp_cost_of(cost, t) < 0));
	q.cost = cost;
	q.limit = LIMIT;
	for (from = 0; from < cp_graph_role_count(g); from++)
		for (to = 0; to < cp_graph_role_count(g); to++) {
			q.from = from;
			q.to = to;
			q.k = 1;
			q.explain = 1;
			status = cp_search(&routes, g, &q, &err);
			FUZZ_CHECK(status == 0 || status == CP_ENOROUTE ||
				   status == CP_EOVERFLOW);
			FUZZ_CHECK(
				status != CP_EOVERFLOW ||
				(!routes && strstr(err.message, "overflows")));
			check_routes(g, routes, cost);
			if (!status)
				recheck_with_caps(g, q, &routes->items[0]);
			cp_routes_free(routes);
			routes = NULL;
		}

	q.from = 0;
	q.to = 3;
	q.k = 4;
	q.explain = 0;
	status = cp_search(&routes, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_ENOROUTE ||
		   status == CP_EOVERFLOW);
	check_routes(g, routes, cost);
	if (routes)
		format_all(g, routes);
	deadlines(g, q, routes, status);
	cp_routes_free(routes);
	routes = NULL;

	q.k = 1;
	q.kind = CP_QUERY_REACH;
	status = cp_search(&routes, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_EOVERFLOW);
	check_routes(g, routes, cost);
	if (routes)
		format_all(g, routes);
	cp_routes_free(routes);
	routes = NULL;
	q.kind = CP_QUERY_FEEDERS;
	status = cp_search(&routes, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_EOVERFLOW);
	check_routes(g, routes, cost);
	cp_routes_free(routes);
	routes = NULL;

	/* the expression itself against each metric it weighs */
	n_metrics = cp_cost_metrics(cost, metrics, 8);
	if (n_metrics <= 8) {
		objectives[0] = NULL;
		for (i = 0; i < n_metrics; i++)
			FUZZ_CHECK(cp_cost_metric(&objectives[i + 1], g,
						  metrics[i], &err) == 0);
		q.kind = CP_QUERY_PARETO;
		q.objectives = NULL;
		q.n_objectives = 0;
		status = cp_search(&routes, g, &q, &err);
		FUZZ_CHECK(status == CP_EINVALID && !routes);
		{
			const cp_cost *front[9];
			front[0] = cost;
			for (i = 0; i < n_metrics; i++)
				front[i + 1] = objectives[i + 1];
			q.objectives = front;
			q.n_objectives = n_metrics + 1;
			status = cp_search(&routes, g, &q, &err);
		}
		FUZZ_CHECK(status == 0 || status == CP_ENOROUTE ||
			   status == CP_EOVERFLOW);
		if (routes)
			format_all(g, routes);
		cp_routes_free(routes);
		for (i = 0; i < n_metrics; i++)
			cp_cost_free(objectives[i + 1]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const cp_graph *g = fuzz_graph();
	char *expr = malloc(size + 1);
	cp_cost *cost = NULL;
	cp_error err;
	int status;

	FUZZ_CHECK(expr);
	memcpy(expr, data, size);
	expr[size] = '\0';
	status = cp_cost_parse(&cost, g, expr, &err);
	FUZZ_CHECK(status == 0 || status == CP_EINVALID ||
		   status == CP_ENOTFOUND);
	FUZZ_CHECK(!status == (cost != NULL));
	if (status) {
		FUZZ_CHECK(err.code == status && err.message[0]);
		/* whatever the expression holds, the message is one line */
		FUZZ_CHECK(fuzz_one_line(err.text));
		FUZZ_CHECK(!fuzz_utf8_valid(expr, strlen(expr)) ||
			   fuzz_utf8_valid(err.text, strlen(err.text)));
	} else {
		FUZZ_CHECK(!strcmp(cp_cost_text(cost), expr));
		searches(g, cost);
	}
	cp_cost_free(cost);
	free(expr);
	return 0;
}
