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

/*
 * The first k routes of the enumeration, in its exact order, with caps
 * (on cost expressions too), via, avoid, kinds of roles, experience credit
 * and the wage rule mixed in.
 */
/*
 * tests/data/family (see test_search.c): every route from ma to rn by steps.
 * Ties go by the last step: transition, then the role it is taken from.
 */
static void test_k_routes_through_kinds(void **state)
{
	static const size_t want[8][5] = {
		{4},	   {0, 2},    {1, 3},	 {1, 4},
		{1, 0, 2}, {1, 6, 3}, {1, 6, 4}, {1, 6, 0, 2},
	};
	static const size_t steps[8] = {1, 2, 2, 2, 3, 3, 3, 4};
	cp_graph *g = th_load_fixture("family");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	size_t i, j;
	(void)state;
	q.from = 0;
	q.to = 3;
	q.k = 10;
	q.detours = 1;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(r->items[i].n_steps, steps[i]);
		for (j = 0; j < steps[i]; j++)
			assert_int_equal(r->items[i].transitions[j],
					 want[i][j]);
	}
	/* ma->cma->lpn takes ma->lpn as ma from cma (role 1); the lead
	 * routes take cma->rn and ma->rn from lead (role 2) */
	assert_int_equal(r->items[4].roles[1], 1);
	assert_int_equal(r->items[5].roles[2], 2);
	assert_int_equal(r->items[7].roles[2], 2);
	cp_routes_free(r);
	cp_graph_free(g);
}

/*
 * The first `want` routes of all that are not detours, in order, into
 * out (indices); how many there are.
 */
static size_t no_detours(size_t *out, size_t want, const or_graph *r,
			 const or_path *all, size_t n_all, size_t *dropped)
{
	size_t i, n = 0;
	for (i = 0; i < n_all && n < want; i++)
		if (!or_is_detour(r, &all[i], all, n_all))
			out[n++] = i;
		else
			++*dropped;
	return n;
}

/*
 * Each query asks for up to 6 routes, with detours (the raw enumeration's
 * first k) or without (the first k that are no detour of another route).
 */
static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 777;
	size_t round, compared = 0, ties = 0, dropped = 0, raw = 0;
	(void)state;
	for (round = 0; round < 4000; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 10; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j, want[6];
			cp_routes *routes = NULL;
			cp_error err;
			int status;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, OR_N_COSTS));
			if (or_rand(&rng, 3) == 0)
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 4) == 0) {
				oq.via[0] = or_rand(&rng, r.n);
				oq.n_via = 1;
			}
			if (or_rand(&rng, 4) == 0) {
				size_t a = or_rand(&rng, r.n);
				oq.avoid[a] = a != oq.from && a != oq.to &&
					      (!oq.n_via || a != oq.via[0]);
			}
			or_random_rules(&oq, &r, &rng);
			n = or_routes(all, &r, &oq);
			or_to_query(&q, &r, &oq, caps, avoid);
			q.k = 1 + or_rand(&rng, 6);
			q.detours = (int)or_rand(&rng, 2);
			status = cp_search(&routes, g, &q, &err);
			if (status != (n ? 0 : CP_ENOROUTE))
				fail_msg("status %d, %zu routes (%s)", status,
					 n, err.text);
			if (q.detours) {
				for (j = 0; j < n && j < q.k; j++)
					want[j] = j;
				raw++;
			} else
				j = no_detours(want, q.k, &r, all, n, &dropped);
			assert_int_equal(routes->count, j);
			for (j = 0; j < routes->count; j++) {
				/* one total order, caps or not: the same routes
				 */
				or_assert_route(&routes->items[j], &r,
						&all[want[j]], oq.experience);
				ties += j &&
					all[want[j]].cost ==
						all[want[j - 1]].cost &&
					all[want[j]].n == all[want[j - 1]].n;
				compared++;
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	/* both ways asked often, and detours left out often */
	assert_true(compared > 2000 && ties > 150 && raw > 1000 &&
		    dropped > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_k_routes),
		cmocka_unit_test(test_k_routes_through_kinds),
		cmocka_unit_test(test_random_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
