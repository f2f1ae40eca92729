/* k best loopless routes (Yen): hand-worked, and against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_hand_worked_k_routes(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.cost = months;
	q.k = 4;
	/* 6+3, 12+3 (the other parallel programme), 6+24+0, 12+24+0 */
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 4);
	assert_true(r->items[0].cost == 9);
	assert_true(r->items[1].cost == 15);
	assert_true(r->items[2].cost == 30);
	assert_true(r->items[3].cost == 36);
	assert_int_equal(r->items[0].transitions[0], 1);
	assert_int_equal(r->items[1].transitions[0], 0);
	cp_routes_free(r);
	/* there are five routes in all; asking for more gives five */
	q.k = 9;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 5);
	assert_true(r->items[4].cost == 40);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 777;
	size_t round, compared = 0;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 10; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j, s;
			cp_cost *cost = NULL;
			cp_routes *routes = NULL;
			cp_error err;
			int status;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, 3));
			if (or_rand(&rng, 3) == 0)
				oq.cap_dollars = (double)or_rand(&rng, 5);
			n = or_routes(all, &r, &oq);
			assert_int_equal(cp_cost_parse(&cost, g,
						       or_costs[oq.objective],
						       &err),
					 0);
			or_to_query(&q, &r, &oq, cost, caps, avoid);
			q.k = 1 + or_rand(&rng, 6);
			status = cp_search(&routes, g, &q, &err);
			assert_int_equal(status, n ? 0 : CP_ENOROUTE);
			assert_int_equal(routes->count, n < q.k ? n : q.k);
			for (j = 0; j < routes->count; j++) {
				const cp_route *got = &routes->items[j];
				assert_true(got->cost == all[j].cost);
				/* one total order, caps or not: the same routes
				 */
				assert_int_equal(got->n_steps, all[j].n);
				for (s = 0; s < got->n_steps; s++)
					assert_int_equal(got->transitions[s],
							 all[j].edges[s]);
				assert_true(got->totals[1] <= oq.cap_dollars);
				compared++;
			}
			cp_routes_free(routes);
			cp_cost_free(cost);
		}
		or_free(&r, g);
	}
	assert_true(compared > 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_k_routes),
		cmocka_unit_test(test_random_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
