/* Pareto fronts: hand-worked, and against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_hand_worked_front(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *metrics[2] = {th_cost(g, "months"), th_cost(g, "cost_usd")};
	const cp_cost *const *objectives = (const cp_cost *const *)metrics;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	/* (9, 10000) and (15, 6000); (30, 29000), (36, 25000), (40, 15000)
	 * are all beaten by (15, 6000) */
	assert_int_equal(cp_pareto(&r, g, &q, objectives, 2, &err), 0);
	assert_int_equal(r->count, 2);
	assert_true(r->items[0].totals[0] == 9 &&
		    r->items[0].totals[1] == 10000);
	assert_true(r->items[1].totals[0] == 15 &&
		    r->items[1].totals[1] == 6000);
	assert_true(r->items[0].cost == 9);
	cp_routes_free(r);
	assert_int_equal(cp_pareto(&r, g, &q, objectives, 0, &err),
			 CP_EINVALID);
	cp_cost_free(metrics[0]);
	cp_cost_free(metrics[1]);
	cp_graph_free(g);
}

/* A blank in the second metric rules a transition out, and is counted. */
static void test_blank_second_metric(void **state)
{
	cp_graph *g =
		th_load("id,title\na,A\nd,D\nx,X\n", "from,to,months,cost_usd\n"
						     "x,a,1,2\n"
						     "a,d,3,\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *metrics[2] = {th_cost(g, "months"), th_cost(g, "cost_usd")};
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	q.from = 0;
	q.to = 1;
	assert_int_equal(
		cp_pareto(&r, g, &q, (const cp_cost *const *)metrics, 2, &err),
		CP_ENOROUTE);
	assert_int_equal(r->skipped, 1);
	cp_routes_free(r);
	cp_cost_free(metrics[0]);
	cp_cost_free(metrics[1]);
	cp_graph_free(g);
}

static int beaten(const or_path *p, const or_path *all, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (all[i].months <= p->months &&
		    all[i].dollars <= p->dollars &&
		    (all[i].months < p->months || all[i].dollars < p->dollars))
			return 1;
	return 0;
}

static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 99;
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
			size_t avoid[OR_N_MAX], n, j, front = 0;
			const cp_cost *metrics[2] = {r.months_cost,
						     r.dollars_cost};
			double last_months = -1, last_dollars = -1;
			cp_routes *routes = NULL;
			cp_error err;
			int status;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n), 1);
			if (or_rand(&rng, 3) == 0)
				oq.cap_months = (double)or_rand(&rng, 6);
			n = or_routes(all, &r, &oq);
			/* distinct (months, dollars) pairs that nothing beats
			 */
			for (j = 0; j < n; j++) {
				size_t k;
				int repeat = 0;
				for (k = 0; k < j; k++)
					repeat |= all[k].months ==
							  all[j].months &&
						  all[k].dollars ==
							  all[j].dollars;
				front += !repeat && !beaten(&all[j], all, n);
			}
			or_to_query(&q, &r, &oq, NULL, caps, avoid);
			status = cp_pareto(&routes, g, &q, metrics, 2, &err);
			assert_int_equal(status, n ? 0 : CP_ENOROUTE);
			assert_int_equal(routes->count, front);
			for (j = 0; j < routes->count; j++) {
				const cp_route *got = &routes->items[j];
				or_path p;
				p.months = got->totals[0];
				p.dollars = got->totals[1];
				assert_false(beaten(&p, all, n));
				assert_true(p.months <= oq.cap_months);
				/* sorted by months; dollars fall as months rise
				 */
				assert_true(p.months > last_months);
				assert_true(last_dollars < 0 ||
					    p.dollars < last_dollars);
				last_months = p.months;
				last_dollars = p.dollars;
				compared++;
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	assert_true(compared > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_front),
		cmocka_unit_test(test_blank_second_metric),
		cmocka_unit_test(test_random_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
