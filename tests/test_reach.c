/* Reachability and feeder roles: hand-worked, and against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_hand_worked_reach(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL;
	cp_routes *r = NULL;
	cp_cap cap = {NULL, 10};
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	cap.cost = months;
	q.cost = months;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	/* from a by months: b 6, d 6+3 = 9, c 6+24 = 30 */
	assert_int_equal(cp_reach(&r, g, &q, 0, &err), 0);
	assert_int_equal(r->count, 3);
	assert_string_equal(cp_role_id(g, r->items[0].roles[1]), "b");
	assert_true(r->items[0].cost == 6);
	assert_string_equal(cp_role_id(g, r->items[1].roles[2]), "d");
	assert_true(r->items[1].cost == 9);
	assert_true(r->items[2].cost == 30);
	cp_routes_free(r);
	/* within 10 months: b and d only */
	q.caps = &cap;
	q.n_caps = 1;
	assert_int_equal(cp_reach(&r, g, &q, 0, &err), 0);
	assert_int_equal(r->count, 2);
	cp_routes_free(r);
	/* feeders of d by months: c 0, b 3, a 6+3 = 9; routes end at d */
	q.n_caps = 0;
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	assert_int_equal(cp_reach(&r, g, &q, 1, &err), 0);
	assert_int_equal(r->count, 3);
	assert_string_equal(cp_role_id(g, r->items[0].roles[0]), "c");
	assert_true(r->items[0].cost == 0);
	assert_string_equal(cp_role_id(g, r->items[1].roles[0]), "b");
	assert_string_equal(cp_role_id(g, r->items[2].roles[0]), "a");
	assert_true(r->items[2].cost == 9);
	assert_int_equal(r->items[2].roles[2], q.to);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 31337;
	size_t round, compared = 0;
	(void)state;
	for (round = 0; round < 200; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 6; i++) {
			int objective = (int)or_rand(&rng, 3), backward;
			size_t start = or_rand(&rng, r.n), other, j;
			double cap = or_rand(&rng, 2) ? (double)or_rand(&rng, 6)
						      : INFINITY;
			cp_cost *cost = NULL;
			cp_routes *routes = NULL;
			cp_error err;
			assert_int_equal(cp_cost_parse(&cost, g,
						       or_costs[objective],
						       &err),
					 0);
			for (backward = 0; backward < 2; backward++) {
				or_query oq;
				cp_query q;
				cp_cap caps[2];
				size_t avoid[OR_N_MAX], listed = 0;
				or_query_init(&oq, start, start, objective);
				oq.cap_months = cap;
				or_to_query(&q, &r, &oq, cost, caps, avoid);
				assert_int_equal(cp_reach(&routes, g, &q,
							  backward, &err),
						 0);
				for (other = 0; other < r.n; other++) {
					size_t n;
					if (other == start)
						continue;
					or_query_init(&oq,
						      backward ? other : start,
						      backward ? start : other,
						      objective);
					oq.cap_months = cap;
					n = or_routes(all, &r, &oq);
					if (!n)
						continue;
					for (j = 0; j < routes->count; j++) {
						const cp_route *got =
							&routes->items[j];
						size_t end =
							backward
								? got->roles[0]
								: got->roles
									  [got->n_steps];
						if (end != other)
							continue;
						assert_true(got->cost ==
							    all[0].cost);
						assert_true(got->totals[0] <=
							    cap);
						break;
					}
					assert_true(j < routes->count);
					listed++;
					compared++;
				}
				assert_int_equal(routes->count, listed);
				cp_routes_free(routes);
			}
			cp_cost_free(cost);
		}
		or_free(&r, g);
	}
	assert_true(compared > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_reach),
		cmocka_unit_test(test_random_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
