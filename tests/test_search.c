/*
 * Cheapest routes: hand-worked answers on the small fixture, and on random
 * graphs the answer of brute-force enumeration of every simple path and
 * igraph's own Dijkstra.
 */
#include "oracle.h"

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct answer {
	int status;
	double cost;
	size_t n_steps;
	size_t transitions[8];
	double totals[4];
	size_t skipped;
} answer;

static answer ask(const cp_graph *g, const char *from, const char *to,
		  const char *by)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_error err;
	answer a;
	size_t i;
	memset(&a, 0, sizeof(a));
	assert_int_equal(cp_role_find(&q.from, g, from, &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, to, &err), 0);
	if (cp_cost_parse(&cost, g, by, &err))
		fail_msg("%s", err.text);
	q.cost = cost;
	a.status = cp_search(&routes, g, &q, &err);
	assert_non_null(routes);
	a.skipped = routes->skipped;
	if (a.status == 0) {
		const cp_route *r = &routes->items[0];
		assert_int_equal(routes->count, 1);
		a.cost = r->cost;
		a.n_steps = r->n_steps;
		for (i = 0; i < r->n_steps && i < 8; i++)
			a.transitions[i] = r->transitions[i];
		for (i = 0; i < cp_graph_metric_count(g) && i < 4; i++)
			a.totals[i] = r->totals[i];
		assert_int_equal(r->roles[0], q.from);
		assert_int_equal(r->roles[r->n_steps], q.to);
	} else {
		assert_int_equal(routes->count, 0);
	}
	cp_routes_free(routes);
	cp_cost_free(cost);
	return a;
}

static int setup(void **state)
{
	*state = th_load_fixture("small");
	return 0;
}

static int teardown(void **state)
{
	cp_graph_free(*state);
	return 0;
}

/*
 * tests/data/small, transitions by number (line = number + 2):
 *   0 a->b 12 months $5000    1 a->b 6 months $9000    2 b->c 24 $20000
 *   3 a->c 40 $15000          4 c->d 0 $0              5 b->d 3 $1000
 */
static void test_hand_worked_routes(void **state)
{
	const cp_graph *g = *state;
	answer a;

	/* steps: a-b-d and a-c-d both 2; into d, transition 4 precedes 5 */
	a = ask(g, "a", "d", "steps");
	assert_int_equal(a.status, 0);
	assert_true(a.cost == 2);
	assert_int_equal(a.n_steps, 2);
	assert_int_equal(a.transitions[0], 3);
	assert_int_equal(a.transitions[1], 4);
	assert_true(a.totals[0] == 40 && a.totals[1] == 15000);

	/* months: 6+3 = 9 by the fast parallel programme, vs 12+3, 40+0, 6+24+0
	 */
	a = ask(g, "a", "d", "months");
	assert_true(a.cost == 9);
	assert_int_equal(a.n_steps, 2);
	assert_int_equal(a.transitions[0], 1);
	assert_int_equal(a.transitions[1], 5);
	assert_true(a.totals[1] == 10000);

	/* dollars: 5000+1000 = 6000 vs 9000+1000, 15000+0 */
	a = ask(g, "a", "d", "cost_usd");
	assert_true(a.cost == 6000);
	assert_int_equal(a.transitions[0], 0);
	assert_int_equal(a.transitions[1], 5);
	assert_true(a.totals[0] == 15);

	/* months to c: 6+24 = 30 beats 40 direct */
	a = ask(g, "a", "c", "months");
	assert_true(a.cost == 30);
	assert_int_equal(a.transitions[0], 1);
	assert_int_equal(a.transitions[1], 2);
	assert_true(a.totals[1] == 29000);

	/* dollars to c: 15000 direct beats 5000+20000 */
	a = ask(g, "a", "c", "cost_usd");
	assert_true(a.cost == 15000);
	assert_int_equal(a.n_steps, 1);
	assert_int_equal(a.transitions[0], 3);

	/* months+cost_usd/1000 to c: 40+15 = 55 beats (6+9)+(24+20) = 59 */
	a = ask(g, "a", "c", "months+cost_usd/1000");
	assert_true(fabs(a.cost - 55) < 1e-9);
	assert_int_equal(a.transitions[0], 3);

	/* parallel transitions tie on steps: the first row wins */
	a = ask(g, "a", "b", "steps");
	assert_int_equal(a.transitions[0], 0);
}

static void test_no_route_and_same_role(void **state)
{
	const cp_graph *g = *state;
	answer a = ask(g, "d", "a", "months");
	assert_int_equal(a.status, CP_ENOROUTE);
	a = ask(g, "b", "b", "months");
	assert_int_equal(a.status, 0);
	assert_int_equal(a.n_steps, 0);
	assert_true(a.cost == 0);
	assert_true(a.totals[0] == 0 && a.totals[1] == 0);
}

static void test_blank_metrics_are_skipped(void **state)
{
	cp_graph *g = th_load_fixture("missing");
	answer a;
	(void)state;
	/* a->b has no cost_usd: by cost_usd, b is out of reach */
	a = ask(g, "a", "b", "cost_usd");
	assert_int_equal(a.status, CP_ENOROUTE);
	assert_int_equal(a.skipped, 1);
	a = ask(g, "a", "c", "cost_usd");
	assert_int_equal(a.status, 0);
	assert_true(a.cost == 500);
	assert_int_equal(a.skipped, 1);
	/* by months the blank does not matter, but the total is unknown */
	a = ask(g, "a", "c", "months");
	assert_true(a.cost == 2);
	assert_int_equal(a.skipped, 0);
	assert_true(a.totals[0] == 2);
	assert_true(isnan(a.totals[1]));
	cp_graph_free(g);
}

static void test_bad_query(void **state)
{
	const cp_graph *g = *state;
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = (cp_routes *)&q;
	cp_error err;
	int status = cp_search(&routes, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "query names no role");
	assert_null(routes);
}

/* ---- random graphs against independent answers ---- */

/* igraph's own Dijkstra: the cost of the best route, or infinity. */
static double igraph_distance(const or_graph *r, int objective, size_t s,
			      size_t t)
{
	igraph_t net;
	igraph_vector_int_t ends;
	igraph_vector_t weights;
	igraph_matrix_t dist;
	size_t e;
	double d;
	igraph_vector_int_init(&ends, (igraph_integer_t)(2 * r->m));
	igraph_vector_init(&weights, (igraph_integer_t)r->m);
	for (e = 0; e < r->m; e++) {
		VECTOR(ends)[2 * e] = (igraph_integer_t)r->from[e];
		VECTOR(ends)[2 * e + 1] = (igraph_integer_t)r->to[e];
		VECTOR(weights)[e] = or_weight(r, e, objective);
	}
	igraph_create(&net, &ends, (igraph_integer_t)r->n, IGRAPH_DIRECTED);
	igraph_matrix_init(&dist, 0, 0);
	igraph_distances_dijkstra(
		&net, &dist, igraph_vss_1((igraph_integer_t)s),
		igraph_vss_1((igraph_integer_t)t), &weights, IGRAPH_OUT);
	d = MATRIX(dist, 0, 0);
	igraph_matrix_destroy(&dist);
	igraph_destroy(&net);
	igraph_vector_destroy(&weights);
	igraph_vector_int_destroy(&ends);
	return d;
}

/*
 * Every pair of roles, each objective: the route must be the first of the
 * enumeration (same cost, steps and tie rule) and cost what igraph says.
 */
static void test_random_graphs_against_brute_force(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 20261124;
	size_t round, s, t, i, checked = 0;
	int objective;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		for (objective = 0; objective < 3; objective++) {
			cp_cost *cost = NULL;
			cp_error err;
			assert_int_equal(cp_cost_parse(&cost, g,
						       or_costs[objective],
						       &err),
					 0);
			for (s = 0; s < r.n; s++) {
				for (t = 0; t < r.n; t++) {
					cp_query q = CP_QUERY_INIT;
					cp_routes *routes = NULL;
					or_query oq;
					double oracle = igraph_distance(
						&r, objective, s, t);
					size_t n;
					or_query_init(&oq, s, t, objective);
					n = or_routes(all, &r, &oq);
					q.from = s;
					q.to = t;
					q.cost = cost;
					assert_int_equal(
						cp_search(&routes, g, &q, &err),
						n ? 0 : CP_ENOROUTE);
					assert_int_equal(isfinite(oracle),
							 n > 0);
					if (n) {
						const cp_route *got =
							&routes->items[0];
						assert_true(got->cost ==
							    all[0].cost);
						assert_true(oracle ==
							    all[0].cost);
						assert_int_equal(got->n_steps,
								 all[0].n);
						for (i = 0; i < all[0].n; i++)
							assert_int_equal(
								got->transitions
									[i],
								all[0].edges
									[i]);
						checked++;
					}
					cp_routes_free(routes);
				}
			}
			cp_cost_free(cost);
		}
		or_free(&r, g);
	}
	/* the generator must give the comparison something to bite on */
	assert_true(checked > 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hand_worked_routes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_route_and_same_role,
						setup, teardown),
		cmocka_unit_test(test_blank_metrics_are_skipped),
		cmocka_unit_test_setup_teardown(test_bad_query, setup,
						teardown),
		cmocka_unit_test(test_random_graphs_against_brute_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
