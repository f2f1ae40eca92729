/* Why there is no route: hand-worked, and caps against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_unreachable(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_why *why = NULL;
	cp_error err;
	(void)state;
	/* d leads nowhere, and comes after a: nothing d reaches is nearer */
	assert_int_equal(cp_role_find(&q.from, g, "d", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "a", &err), 0);
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_UNREACHABLE);
	assert_int_equal(why->n_nearest, 0);
	assert_true(why->past);
	cp_why_free(why);
	cp_why_free(NULL);
	cp_graph_free(g);
}

static void test_conditions_and_caps(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL, *dollars = th_cost(g, "cost_usd");
	cp_cap caps[2] = {{NULL, 5500}, {NULL, 8}};
	size_t via;
	cp_why *why = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	caps[0].cost = dollars;
	caps[1].cost = months;
	q.cost = months;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "b", &err), 0);
	/* nothing leads from c back to b */
	assert_int_equal(cp_role_find(&via, g, "c", &err), 0);
	q.via = &via;
	q.n_via = 1;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_CONDITIONS);
	cp_why_free(why);
	/* a to d within $5500 and 8 months: the cheapest route costs $6000
	 * (12+3 months, too long), the quickest 9 months ($10000) */
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.n_via = 0;
	q.caps = caps;
	q.n_caps = 2;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_CAPS);
	assert_int_equal(why->n_needed, 2);
	/* with months <= 8 kept, no dollar cap helps; with <= $5500 kept,
	 * no month cap does */
	assert_true(isnan(why->needed[0]));
	assert_true(isnan(why->needed[1]));
	cp_why_free(why);
	/* one cap alone: the cheapest route's $6000 is the smallest cap */
	q.n_caps = 1;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_true(why->needed[0] == 6000);
	cp_why_free(why);
	cp_cost_free(months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

/* Transitions the cost cannot use stay out of every explanation. */
static void test_blank_costs_stay_out(void **state)
{
	cp_graph *g =
		th_load("id,title\na,A\nd,D\n", "from,to,months,cost_usd\n"
						"a,d,,5\n"
						"a,d,3,50\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL, *dollars = th_cost(g, "cost_usd");
	cp_cap cap = {dollars, 10};
	cp_why *why = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	q.from = 0;
	q.to = 1;
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	/* the $5 transition has no months: the least usable cap is $50 */
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_CAPS);
	assert_true(why->needed[0] == 50);
	cp_why_free(why);
	cp_cost_free(months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

static void test_caps_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 5150;
	size_t round, compared = 0;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 8; i++) {
			or_query oq, loose;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j;
			cp_cost *cost = NULL;
			cp_why *why = NULL;
			cp_error err;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n), 1);
			oq.cap_months = (double)or_rand(&rng, 4);
			oq.cap_dollars = (double)or_rand(&rng, 3);
			if (or_routes(all, &r, &oq))
				continue;
			loose = oq;
			loose.cap_months = loose.cap_dollars = INFINITY;
			if (!or_routes(all, &r, &loose))
				continue;
			assert_int_equal(
				cp_cost_parse(&cost, g, "months", &err), 0);
			or_to_query(&q, &r, &oq, cost, caps, avoid);
			assert_int_equal(cp_explain(&why, g, &q, &err), 0);
			assert_int_equal(why->kind, CP_WHY_CAPS);
			/* months cap dropped: least months with dollars kept */
			loose = oq;
			loose.cap_months = INFINITY;
			n = or_routes(all, &r, &loose);
			if (n) {
				double least = all[0].months;
				for (j = 1; j < n; j++)
					if (all[j].months < least)
						least = all[j].months;
				assert_true(why->needed[0] == least);
			} else {
				assert_true(isnan(why->needed[0]));
			}
			/* dollars cap dropped */
			loose = oq;
			loose.cap_dollars = INFINITY;
			n = or_routes(all, &r, &loose);
			if (n) {
				double least = all[0].dollars;
				for (j = 1; j < n; j++)
					if (all[j].dollars < least)
						least = all[j].dollars;
				assert_true(why->needed[1] == least);
			} else {
				assert_true(isnan(why->needed[1]));
			}
			compared++;
			cp_why_free(why);
			cp_cost_free(cost);
		}
		or_free(&r, g);
	}
	assert_true(compared > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_conditions_and_caps),
		cmocka_unit_test(test_blank_costs_stay_out),
		cmocka_unit_test(test_caps_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
